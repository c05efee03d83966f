#!/usr/bin/env bash
# A careerbot cluster on this machine, on 127.0.0.1 only: one redis-server (append-only file, fsync
# every second), N careerbot-server instances sharing it (session_store redis) and one read-only
# knowledge base file, and nginx in front (round-robin, WebSocket proxying, no stickiness).
#
#   scripts/cluster.sh start  [options] [-- extra careerbot-server flags]
#   scripts/cluster.sh stop   [--dir DIR]
#   scripts/cluster.sh status [--dir DIR]
#   scripts/cluster.sh reload [--dir DIR]   (content roll-out: SIGHUP each instance in turn)
#
# Options (environment variable in brackets):
#   --dir DIR          state directory: pids/, logs/, redis/, nginx/, instance-N/ [CLUSTER_DIR, var/cluster]
#   --instances N      careerbot instances, at least 1                           [CLUSTER_INSTANCES, 2]
#   --base-port P      nginx on P, redis on P+1, instance i on P+1+i             [CLUSTER_BASE_PORT, 8080]
#   --build DIR        build folder holding server/app/careerbot-server          [CLUSTER_BUILD_DIR, build/release]
#   --knowledge-db F   an already built knowledge base (else built once with careerbot-kb into DIR)
#
# `start` starts only what is not running (a pid file whose process is alive), so it also brings
# back an instance or Redis that died. Every process's pid goes to DIR/pids/NAME.pid and `stop`
# ends them by those pids (SIGTERM, then SIGKILL after 10 s): nginx first, Redis last.
# Binaries are not built here: scripts/run.sh (or cmake) builds them.
#
# `reload` sends SIGHUP to one instance at a time and waits for its content_reloaded (or
# content_reload_refused) log line before the next (instances log JSON at info level for this: a
# --log-level above info among the server flags breaks reload). Every reload rebuilds the knowledge
# base next to the shared file and renames it into place, so two instances must never do it at the
# same time. It fails unless every instance reports the same content hash.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"  # Debian's nginx, for users whose PATH lacks sbin

command=${1:-}
[ $# -gt 0 ] && shift
dir=${CLUSTER_DIR:-var/cluster}
instances=${CLUSTER_INSTANCES:-2}
base_port=${CLUSTER_BASE_PORT:-8080}
build_dir=${CLUSTER_BUILD_DIR:-build/release}
knowledge_db=""
server_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --instances) instances=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --build) build_dir=$2; shift 2 ;;
    --knowledge-db) knowledge_db=$2; shift 2 ;;
    --) shift; server_flags=("$@"); break ;;
    *) echo "cluster: unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
case "$instances" in '' | *[!0-9]* | 0) echo "cluster: --instances must be 1 or more" >&2; exit 2 ;; esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pids="$dir/pids"
logs="$dir/logs"

pid_of() { cat "$pids/$1.pid" 2> /dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; }

# Waits (up to 60 s: a loaded CI machine) until `probe` succeeds, failing early when NAME died.
wait_for() {  # name probe...
  local name=$1 i
  shift
  for i in $(seq 1 600); do
    alive "$name" || { echo "cluster: $name exited; see $logs/$name.log" >&2; tail -5 "$logs/$name.log" >&2 || true; return 1; }
    "$@" 2> /dev/null && return 0
    sleep 0.1
  done
  echo "cluster: $name did not come up; see $logs/$name.log" >&2
  return 1
}
# Plain bash TCP probes: no curl or redis-cli needed.
http_ok() {  # port
  local reply
  exec 3<> "/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 5 reply <&3 || true
  exec 3>&-
  [[ $reply == *" 200 "* ]]
}
redis_ok() {  # port
  local reply
  exec 3<> "/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  read -r -t 5 reply <&3 || true
  exec 3>&-
  [[ $reply == "+PONG"* ]]
}

start_redis() {
  alive redis && return 0
  mkdir -p "$dir/redis"
  # Foreground in the background (daemonize no) so $! is its pid.
  redis-server --bind 127.0.0.1 --port "$((base_port + 1))" --dir "$dir/redis" --daemonize no \
    --appendonly yes --appendfsync everysec --save "" --logfile "$logs/redis.log" --protected-mode yes > "$logs/redis.out" 2>&1 &
  echo $! > "$pids/redis.pid"
  wait_for redis redis_ok "$((base_port + 1))"
}

start_instance() {  # i
  local name="instance-$1" port=$((base_port + 1 + $1))
  alive "$name" && return 0
  mkdir -p "$dir/$name"
  # Its own folder for the files that stay local (unanswered log, flags, Telegram map).
  "$build_dir/server/app/careerbot-server" --bind 127.0.0.1 --port "$port" --knowledge-db "$knowledge_db" \
    --sessions-db "$dir/$name/sessions.db" --session-store redis --redis-host 127.0.0.1 \
    --redis-port "$((base_port + 1))" --trusted-proxies 127.0.0.1 --log-format json --log-level info "${server_flags[@]}" \
    > "$logs/$name.log" 2>&1 &
  echo $! > "$pids/$name.pid"
  wait_for "$name" http_ok "$port"
}

start_nginx() {
  alive nginx && return 0
  mkdir -p "$dir/nginx"
  local upstream_ports=() i
  for i in $(seq 1 "$instances"); do upstream_ports+=("$((base_port + 1 + i))"); done
  scripts/nginx-config.sh "$dir" "$base_port" "${upstream_ports[@]}" > "$dir/nginx.conf"
  nginx -p "$dir/nginx" -e "$logs/nginx-error.log" -c "$dir/nginx.conf" > "$logs/nginx.log" 2>&1 &
  echo $! > "$pids/nginx.pid"
  wait_for nginx http_ok "$base_port"
}

stop_one() {  # name
  local pid i
  pid=$(pid_of "$1")
  rm -f "$pids/$1.pid"
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2> /dev/null || { echo "cluster: stopped $1 ($pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null || true
  echo "cluster: killed $1 ($pid) after 10 s"
}

case "$command" in
  start)
    mkdir -p "$pids" "$logs"
    [ -x "$build_dir/server/app/careerbot-server" ] || { echo "cluster: no $build_dir/server/app/careerbot-server (build it, or pass --build)" >&2; exit 1; }
    command -v redis-server > /dev/null || { echo "cluster: redis-server is not installed (scripts/setup.sh)" >&2; exit 1; }
    command -v nginx > /dev/null || { echo "cluster: nginx is not installed (scripts/setup.sh)" >&2; exit 1; }
    if [ -z "$knowledge_db" ]; then
      # Built once; every instance opens the same file read-only.
      knowledge_db="$dir/knowledge.db"
      [ -f "$knowledge_db" ] || "$build_dir/server/kb/careerbot-kb" build --source knowledge --out "$knowledge_db" > /dev/null
    fi
    echo "$instances" > "$dir/instances"
    echo "$base_port" > "$dir/base_port"
    start_redis
    for i in $(seq 1 "$instances"); do start_instance "$i"; done
    start_nginx
    echo "cluster: nginx http://127.0.0.1:$base_port/ (ws://127.0.0.1:$base_port/ws), redis 127.0.0.1:$((base_port + 1)), instances on $((base_port + 2))..$((base_port + 1 + instances)); state in $dir"
    ;;
  stop)
    stop_one nginx
    for f in "$pids"/instance-*.pid; do [ -e "$f" ] && stop_one "$(basename "$f" .pid)"; done
    stop_one redis  # last: instances may still be finishing turns
    ;;
  reload)
    hashes=()
    for f in "$pids"/instance-*.pid; do
      [ -e "$f" ] || { echo "cluster: no instances in $dir" >&2; exit 1; }
      name=$(basename "$f" .pid)
      alive "$name" || { echo "cluster: $name is not running" >&2; exit 1; }
      # The instance logs a JSON line: "event":"content_reloaded" with its content_hash, or
      # "event":"content_reload_refused" with the errors.
      before=$(grep -c '"event":"content_reload' "$logs/$name.log" || true)
      kill -HUP "$(pid_of "$name")"
      for i in $(seq 1 600); do
        [ "$(grep -c '"event":"content_reload' "$logs/$name.log" || true)" -gt "$before" ] && break
        sleep 0.1
      done
      line=$(grep '"event":"content_reload' "$logs/$name.log" | tail -1 || true)
      echo "$name: $line"
      hash=$(sed -n 's/.*"event":"content_reloaded","content_hash":"\([^"]*\)".*/\1/p' <<<"$line")
      [ -n "$hash" ] || { echo "cluster: $name refused the new content; see $logs/$name.log" >&2; exit 1; }
      hashes+=("$hash")
    done
    [ "$(printf '%s\n' "${hashes[@]}" | sort -u | wc -l)" -eq 1 ] || { echo "cluster: instances disagree on the content hash" >&2; exit 1; }
    ;;
  status)
    status=0
    for f in "$pids"/*.pid; do
      [ -e "$f" ] || { echo "cluster: nothing started in $dir"; exit 3; }
      name=$(basename "$f" .pid)
      if alive "$name"; then echo "$name running (pid $(pid_of "$name"))"; else echo "$name DEAD (pid $(pid_of "$name"))"; status=3; fi
    done
    exit $status
    ;;
  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
