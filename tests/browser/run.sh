#!/usr/bin/env bash
# Runs the widget's browser test against a running careerbot server.
#   tests/browser/run.sh http://127.0.0.1:PORT/        or   CAREERBOT_URL=http://... tests/browser/run.sh
# Installs Debian's Chromium if it is missing (never a downloaded browser build) and the pinned npm
# packages from package-lock.json if node_modules is missing. Screenshots land in screenshots/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="${1:-${CAREERBOT_URL:-}}"
if [ -z "$url" ]; then
  echo "usage: $0 SERVER_URL   (or set CAREERBOT_URL)" >&2
  exit 2
fi

if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "browser test: installing chromium"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

if [ ! -d "$here/node_modules" ]; then
  echo "browser test: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

cd "$here"
CAREERBOT_URL="$url" exec node --test --test-reporter=spec widget.test.mjs
