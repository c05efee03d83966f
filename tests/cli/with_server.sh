#!/usr/bin/env bash
# Starts a real careerbot-server on a free port with a fresh knowledge base and session store, runs
# the given command with CAREERBOT_URL (and CAREERBOT_ADMIN_TOKEN) pointing at it, and stops the server
# on every exit path. Usage:
#   with_server.sh SERVER_BIN KB_BIN SOURCE_DIR WORK_DIR -- COMMAND [ARGS...]
#   CAREERBOT_TEST_SERVER_ARGS: more server flags (split on spaces), e.g. a channel's settings.
set -euo pipefail

server_bin=$(realpath "$1") kb_bin=$(realpath "$2") source_dir=$(realpath "$3") work_dir=$(realpath -m "$4")
shift 4
[ "${1:-}" = "--" ] && shift

rm -rf "$work_dir"
mkdir -p "$work_dir"
# The log exists before the server starts: the background subshell below opens it only once it runs, and
# the polling sed (under set -e and pipefail) would otherwise end the script when it looks first.
: >"$work_dir/server.log"
server_pid=""
command_pid=""
stop_server() {
  if [ -n "$command_pid" ] && kill -0 "$command_pid" 2>/dev/null; then
    kill "$command_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# Trained classifiers: the cache ctest names (the train_models fixture filled it), else one beside the
# work folder, so repeated runs load them instead of training.
export CAREERBOT_MODEL_CACHE_DIR
CAREERBOT_MODEL_CACHE_DIR=${CAREERBOT_MODEL_CACHE_DIR:-$(dirname "$work_dir")/models}
"$kb_bin" build --source "$source_dir/knowledge" --out "$work_dir/knowledge.db" --intents "$source_dir/intents" \
  >"$work_dir/kb.log" 2>&1 || {
  cat "$work_dir/kb.log" >&2
  exit 1
}

export CAREERBOT_ADMIN_TOKEN="conversation-tests-token-0123456789abcdef"
# A test run sends many messages quickly from one address: lift the rate limits so the bot's
# answers, not the limiter, are what the tests see. The server runs in the work folder so that no
# deployment config (config/careerbot.conf) applies: every setting it needs is given here.
(cd "$work_dir" && exec "$server_bin" --port 0 \
  --knowledge-db "$work_dir/knowledge.db" --knowledge-dir "$source_dir/knowledge" \
  --intents-dir "$source_dir/intents" --sessions-db "$work_dir/sessions.db" --web-root "$source_dir/server/web" \
  --model-cache-dir "$CAREERBOT_MODEL_CACHE_DIR" \
  --admin-token "$CAREERBOT_ADMIN_TOKEN" --log-level warn \
  --connection-rate 10000 --connection-burst 10000 --ip-rate 10000 --ip-burst 10000 \
  --connect-rate 10000 --connect-burst 10000 ${CAREERBOT_TEST_SERVER_ARGS:-}) \
  >"$work_dir/server.log" 2>&1 &
server_pid=$!

# Wait for "careerbot listening on http://127.0.0.1:PORT", polling with a deadline.
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$work_dir/server.log" | head -n1)
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "careerbot-server exited before listening:" >&2
    cat "$work_dir/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "careerbot-server did not report its port within 30 s:" >&2
  cat "$work_dir/server.log" >&2
  exit 1
fi

export CAREERBOT_URL="ws://127.0.0.1:$port/ws"
# Run the command in the background and wait for it: bash runs the TERM/INT trap (and so stops the
# server) only between commands, and `wait` is interruptible where a foreground command is not.
"$@" &
command_pid=$!
status=0
wait "$command_pid" || status=$?
if [ "$status" -ne 0 ] && [ -s "$work_dir/server.log" ]; then
  echo "--- server log ---" >&2
  tail -n 50 "$work_dir/server.log" >&2
fi
exit "$status"
