# shellcheck shell=bash
# Sourced by scripts that start careerbot-server with --port 0 and need the port it chose.
#
#   port=$(listening_port LOG PID) || { cat LOG; exit 1; }
#
# Prints the port from the server's "careerbot listening on http://HOST:PORT" line in LOG, waiting up
# to 30 s for it; fails early when PID exits first.
listening_port() {  # log pid
  local log=$1 pid=$2 port _
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.1
  done
  return 1
}
