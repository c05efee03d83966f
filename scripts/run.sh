#!/usr/bin/env bash
# Builds careerbot (Release): every executable, linked into bin/ (careerbot-server, careerbot-kb,
# careerbot-lint, careerbot-cli); rebuilds the knowledge base from knowledge/ when a source changed;
# and starts the server on the built-in knowledge base. Settings: config/careerbot.conf, overridden by
# CAREERBOT_* environment variables and by flags passed to this script (see bin/careerbot-server --help).
# CAREERBOT_BUILD_ONLY=1 stops after the build (and the knowledge base).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CAREERBOT_BUILD_DIR:-build/release}
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREERBOT_TESTS=OFF > /dev/null
executables=(careerbot-server careerbot-kb careerbot-lint careerbot-cli)
cmake --build "$build_dir" --target "${executables[@]}"

# bin/ holds a link to each executable, so the README's commands work with bin/ on the PATH.
mkdir -p bin
for name in "${executables[@]}"; do
  target=$(find "$build_dir/server" -maxdepth 2 -type f -name "$name" -perm -u+x | head -n1)
  ln -sfn "../$target" "bin/$name"
done
echo "executables: $PWD/bin (export PATH=\"$PWD/bin:\$PATH\")"

db=${CAREERBOT_KNOWLEDGE_DB:-var/knowledge.db}
if [ ! -f "$db" ] || [ -n "$(find knowledge -newer "$db" -type f -print -quit)" ]; then
  bin/careerbot-kb build --source knowledge --out "$db"
fi

[ "${CAREERBOT_BUILD_ONLY:-0}" = 1 ] && exit 0
exec bin/careerbot-server "$@"
