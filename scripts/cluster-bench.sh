#!/usr/bin/env bash
# Throughput and latency of the shared-session set-up, side by side in one run (issue 8):
#   1. one instance, SQLite store (write-behind), direct          -- today's single process
#   2. one instance, Redis store (load + versioned save per turn), direct
#   3. nginx -> one instance (Redis)
#   4. nginx -> two instances (Redis), round-robin
#   5. one instance, Redis store, direct, with 8 I/O threads (more threads to overlap the Redis waits)
# each with careerbot-load (same settings as scripts/bench.sh: 64 WebSocket clients, bench/questions.txt).
# Then the memory one stored session takes in Redis: MEMORY USAGE of a session after the guided
# eligibility conversation (6 turns), and after a full history (20 turns), plus INFO used_memory over
# every session the load left behind.
#
#   scripts/cluster-bench.sh
#   BENCH_CLIENTS=64 BENCH_WARMUP=3 BENCH_DURATION=15 scripts/cluster-bench.sh
#
# Everything runs on this machine's cores: the load generator, nginx, Redis and the instances share
# them, so the figures say what this machine does, not what more machines would.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CAREERBOT_BENCH_BUILD_DIR:-build/redis-bench}
clients=${BENCH_CLIENTS:-64}
warmup=${BENCH_WARMUP:-3}
duration=${BENCH_DURATION:-15}
io_threads=${BENCH_IO_THREADS:-2}
base_port=${BENCH_BASE_PORT:-28100}
# The load generator; CAREERBOT_LOAD_BIN picks another build of it.
load_bin=${CAREERBOT_LOAD_BIN:-$build_dir/bench/careerbot-load}

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREERBOT_BENCH=ON -DCAREERBOT_TESTS=OFF \
  -DCAREERBOT_WERROR=OFF > /dev/null
targets=(careerbot-server careerbot-kb)
[ -n "${CAREERBOT_LOAD_BIN:-}" ] || targets+=(careerbot-load)
cmake --build "$build_dir" -j 2 --target "${targets[@]}"

work=$(mktemp -d)
single_pid=""
cleanup() {
  scripts/cluster.sh stop --dir "$work/cluster" > /dev/null 2>&1 || true
  if [ -n "$single_pid" ]; then kill -TERM "$single_pid" 2> /dev/null || true; wait "$single_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$build_dir/server/kb/careerbot-kb" build --source knowledge --out "$work/knowledge.db" > /dev/null

# The same network settings as scripts/bench.sh: limits raised so the load measures turns.
net_flags=(--io-threads "$io_threads" --log-level warn --max-connections 20000
  --connection-rate 1000000 --connection-burst 1000000 --ip-rate 1000000 --ip-burst 1000000
  --idle-timeout 600s --handshake-timeout 30s)

wait_listening() {  # port
  local i
  for _ in $(seq 1 300); do
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
    sleep 0.1
  done
  echo "cluster-bench: nothing listens on $1" >&2
  return 1
}
load() {  # label port [extra]
  "$load_bin" --label "$1" --port "$2" --clients "$clients" --warmup "$warmup" \
    --duration "$duration" --questions bench/questions.txt "${@:3}" | tee "$work/$1.out"
}
cluster() {  # start|stop instances [extra server flags]
  scripts/cluster.sh "$1" --dir "$work/cluster" --instances "$2" --base-port "$base_port" --build "$build_dir" \
    --knowledge-db "$work/knowledge.db" -- "${net_flags[@]}" "${@:3}"
}
redis() { redis-cli -p "$((base_port + 1))" "$@"; }

echo "cluster-bench: load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
status=0

# 1. The single process as today.
single_port=$((base_port + 10))
"$build_dir/server/app/careerbot-server" "${net_flags[@]}" --bind 127.0.0.1 --port "$single_port" \
  --knowledge-db "$work/knowledge.db" --sessions-db "$work/single/sessions.db" > "$work/single.log" 2>&1 &
single_pid=$!
wait_listening "$single_port"
load sqlite-direct "$single_port" --server-pid "$single_pid" || status=1
kill -TERM "$single_pid"
wait "$single_pid" || true
single_pid=""

# 2 and 3. One instance on Redis: direct, then through nginx.
cluster start 1 > /dev/null
load redis-direct "$((base_port + 2))" || status=1
load nginx-1 "$base_port" || status=1
cluster stop 1 > /dev/null

# 4. Two instances on the same Redis data (the sessions of the runs before stay in it).
cluster start 2 > /dev/null
load nginx-2 "$base_port" || status=1

# Memory per stored session.
post() {  # session_id text -> prints the session id
  python3 - "$base_port" "$1" "$2" << 'EOF'
import json, sys, urllib.request
port, session, text = sys.argv[1], sys.argv[2], sys.argv[3]
body = {"text": text}
if session:
    body["session_id"] = session
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chat", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["session_id"])
EOF
}
id=$(post "" "am I eligible?")
for text in "i just finished 12th with pcm" "which companies hire in pune?" "yes I want to do masters" "no" \
  "no, I'll stay in india"; do post "$id" "$text" > /dev/null; done
guided_bytes=$(redis MEMORY USAGE "careerbot:session:$id")
guided_state=$(redis HSTRLEN "careerbot:session:$id" state)
for _ in $(seq 1 14); do post "$id" "what does an ML specialist do?" > /dev/null; done
full_bytes=$(redis MEMORY USAGE "careerbot:session:$id")
full_state=$(redis HSTRLEN "careerbot:session:$id" state)
keys=$(redis DBSIZE)
used=$(redis INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
cluster stop 2 > /dev/null

# 5. One instance again, with more I/O threads (flags given later win).
cluster start 1 --io-threads 8 > /dev/null
load redis-direct-8io "$((base_port + 2))" || status=1
cluster stop 1 > /dev/null

field() { sed -n "s/^RESULT .*$2=\([^ ]*\).*/\1/p" "$work/$1.out"; }
echo
echo "| run | msgs/s | p50 us | p90 us | p99 us | max us |"
echo "|---|---|---|---|---|---|"
for run in sqlite-direct redis-direct nginx-1 nginx-2 redis-direct-8io; do
  printf '| %s | %s | %s | %s | %s | %s |\n' "$run" "$(field $run msgs_per_s)" "$(field $run p50_us)" \
    "$(field $run p90_us)" "$(field $run p99_us)" "$(field $run max_us)"
done
echo
echo "Redis memory per session: guided conversation (6 turns) MEMORY USAGE $guided_bytes bytes (state $guided_state bytes);"
echo "full history (20 turns) $full_bytes bytes (state $full_state bytes); used_memory $used bytes over $keys keys" \
  "($(awk -v u="$used" -v k="$keys" 'BEGIN{printf "%.0f", (k > 0 ? u / k : 0)}') bytes/key, Redis's own ~1 MB included)."
echo "cluster-bench: load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
