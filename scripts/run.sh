#!/usr/bin/env bash
# Builds careerbot (Release), rebuilds the knowledge base from knowledge/ when a source changed, and
# starts the server on the built-in knowledge base. Settings: config/careerbot.conf, overridden by
# CAREERBOT_* environment variables and by flags passed to this script (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CAREERBOT_BUILD_DIR:-build/release}
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREERBOT_TESTS=OFF > /dev/null
cmake --build "$build_dir" --target careerbot-server careerbot-kb

db=${CAREERBOT_KNOWLEDGE_DB:-var/knowledge.db}
if [ ! -f "$db" ] || [ -n "$(find knowledge -newer "$db" -type f -print -quit)" ]; then
  "$build_dir/server/kb/careerbot-kb" build --source knowledge --out "$db"
fi

exec "$build_dir/server/app/careerbot-server" "$@"
