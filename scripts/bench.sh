#!/usr/bin/env bash
# The load benchmark of issues 7 and 19, in one command: builds Release with the bench tools, builds the
# knowledge base (training the classifiers into the model cache), runs the whole-turn benchmark
# (careerbot-turn-bench: a chat turn without the network), starts careerbot-server (the real chat) and careerbot-echo-server (the same network
# code path with a fixed reply), runs careerbot-load against each with the same settings (warm-up, then
# a measured run), runs the chat load again with adversaries beside it (slow readers that send and never
# read, a client flooding messages) to compare the normal clients' p99 and the server's memory with and
# without them, prints tables with the ratios, then measures each server's RSS with 10,000 idle
# WebSocket sessions open. Everything it starts is stopped by pid on every exit path.
#
#   scripts/bench.sh
#   BENCH_CLIENTS=64 BENCH_WARMUP=3 BENCH_DURATION=15 BENCH_IDLE=10000 scripts/bench.sh  # BENCH_IDLE=0: skip idle
#   BENCH_SLOW_READERS=4 BENCH_FLOODERS=1 scripts/bench.sh   # adversaries (0 and 0: skip that run)
#   BENCH_TURN_REPETITIONS=5 scripts/bench.sh   # runs of the whole-turn benchmark first (0: skip it)
#   BENCH_PROFILE=6 scripts/bench.sh            # also profile the chat server under load with perf
#                                               # (inclusive report, and the turn/rest split of perf_split.py)
#   BENCH_BEFORE=DIR scripts/bench.sh   # DIR/careerbot-server and DIR/careerbot-turn-bench from an
#                                       # earlier build, measured beside this one in the same run
#
# Exits non-zero when a load run loses, duplicates or mismatches a reply (goals are reported, not
# enforced: the figures depend on the machine's other load).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${CAREERBOT_BENCH_BUILD_DIR:-build/bench}
clients=${BENCH_CLIENTS:-64}
warmup=${BENCH_WARMUP:-3}
duration=${BENCH_DURATION:-15}
idle=${BENCH_IDLE:-10000}
io_threads=${BENCH_IO_THREADS:-2}
load_threads=${BENCH_LOAD_THREADS:-1}
slow_readers=${BENCH_SLOW_READERS:-4}
flooders=${BENCH_FLOODERS:-1}
turn_repetitions=${BENCH_TURN_REPETITIONS:-5}
turn_rounds=${BENCH_TURN_ROUNDS:-2}
# A directory holding careerbot-server and careerbot-turn-bench built earlier (e.g. copied from
# build/bench before a change): measured in the same invocation, beside this build.
before_dir=${BENCH_BEFORE:-}
profile_seconds=${BENCH_PROFILE:-0}

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
# No -Werror here: g++ 12 at -O3 reports a false -Wrestrict in std::string code.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREERBOT_BENCH=ON -DCAREERBOT_TESTS=OFF \
  -DCAREERBOT_WERROR=OFF > /dev/null
cmake --build "$build_dir" -j 2 --target careerbot-server careerbot-kb careerbot-load careerbot-echo-server \
  careerbot-turn-bench

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Also trains both classifiers into the model cache (var/models, or $CAREERBOT_MODEL_CACHE_DIR) once;
# the turn benchmark and the chat server load them from there.
"$build_dir/server/kb/careerbot-kb" build --source knowledge --out "$work/knowledge.db" > /dev/null

# One whole chat turn without the network (bench/turn_bench.cpp), before any server runs: the medians
# of BENCH_TURN_REPETITIONS runs of wall time and process CPU time per turn. With BENCH_BEFORE, the
# earlier build's benchmark and this one take turns, BENCH_TURN_ROUNDS rounds each.
turn_bench() {  # label binary
  "$2" --knowledge-db "$work/knowledge.db" --sessions-db "$work/turn-$1/sessions.db" --log-level warn \
    --benchmark_filter='BM_ChatTurn/' --benchmark_repetitions="$turn_repetitions" \
    --benchmark_report_aggregates_only=true --benchmark_format=json > "$work/turn-$1.json"
  python3 - "$1" "$work/turn-$1.json" <<'PY'
import json, sys
runs = {b["aggregate_name"]: b for b in json.load(open(sys.argv[2]))["benchmarks"] if b.get("run_type") == "aggregate"}
if "median" not in runs:  # e.g. an earlier build that cannot load today's content
    sys.exit(f"bench: the {sys.argv[1]} turn benchmark gave no result (it failed before measuring)")
m, s = runs["median"], runs.get("stddev", {})
print(f"bench: whole chat turn without the network, {sys.argv[1]} ({m['repetitions']} runs): median "
      f"{m['real_time']:.1f} us wall, {m['cpu_time']:.1f} us process CPU per turn "
      f"(stddev {s.get('real_time', 0):.1f} / {s.get('cpu_time', 0):.1f} us)")
PY
}
if [[ $turn_repetitions -gt 0 ]]; then
  for round in $(seq 1 "$turn_rounds"); do
    [[ -n $before_dir ]] && turn_bench "before-$round" "$before_dir/careerbot-turn-bench"
    turn_bench "this-build-$round" "$build_dir/bench/careerbot-turn-bench"
    [[ -n $before_dir ]] || break
  done
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_listening() {  # port pid
  local i
  for i in $(seq 1 300); do
    kill -0 "$2" 2> /dev/null || { echo "bench: server $2 exited early" >&2; return 1; }
    curl -fsS "http://127.0.0.1:$1/healthz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: nothing listens on $1" >&2
  return 1
}

# Both servers get the same network settings; limits are raised so the load measures turns, not
# the rate limiter (each load client also has its own source address).
net_flags=(--bind 127.0.0.1 --io-threads "$io_threads" --log-level warn --max-connections 20000
  --max-connections-per-address 1000000 --connection-rate 1000000 --connection-burst 1000000 \
  --ip-rate 1000000 --ip-burst 1000000 --connect-rate 1000000 --connect-burst 1000000
  --idle-timeout 600s --handshake-timeout 30s)

chat_port=$(free_port)
"$build_dir/server/app/careerbot-server" "${net_flags[@]}" --port "$chat_port" \
  --knowledge-db "$work/knowledge.db" --sessions-db "$work/sessions.db" > "$work/chat.log" 2>&1 &
chat_pid=$!
pids+=("$chat_pid")
echo_port=$(free_port)
"$build_dir/bench/careerbot-echo-server" "${net_flags[@]}" --port "$echo_port" > "$work/echo.log" 2>&1 &
echo_pid=$!
pids+=("$echo_pid")
wait_listening "$chat_port" "$chat_pid"
if [[ -n $before_dir ]]; then
  before_port=$(free_port)
  mkdir -p "$work/before"
  "$before_dir/careerbot-server" "${net_flags[@]}" --port "$before_port" \
    --knowledge-db "$work/knowledge.db" --sessions-db "$work/before/sessions.db" > "$work/before.log" 2>&1 &
  before_pid=$!
  pids+=("$before_pid")
  wait_listening "$before_port" "$before_pid"
fi
wait_listening "$echo_port" "$echo_pid"

echo "bench: load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
load() {  # label port [extra careerbot-load flags]
  "$build_dir/bench/careerbot-load" --label "$1" --port "$2" --clients "$clients" --warmup "$warmup" \
    --duration "$duration" --threads "$load_threads" --questions bench/questions.txt "${@:3}" | tee "$work/$1.out"
}
status=0
load baseline "$echo_port" --server-pid "$echo_pid" || status=1
[[ -n $before_dir ]] && { load before "$before_port" --server-pid "$before_pid" || status=1; }
load chat "$chat_port" --server-pid "$chat_pid" || status=1
adversaries=0
if [[ $slow_readers -gt 0 || $flooders -gt 0 ]]; then
  adversaries=1
  # The same 64 clients, with slow readers and flooders beside them (on the load generator's own thread).
  load chat-adversaries "$chat_port" --server-pid "$chat_pid" --slow-readers "$slow_readers" \
    --flooders "$flooders" || status=1
fi
echo "bench: load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# BENCH_PROFILE=SECONDS: one more chat load (not measured) while `perf record` samples the chat server
# (DWARF call graphs: the Release build has no frame pointers). Kept in the build directory.
if [[ $profile_seconds -gt 0 ]]; then
  command -v perf > /dev/null || { echo "bench: BENCH_PROFILE needs perf (linux-perf; scripts/setup.sh)" >&2; exit 1; }
  "$build_dir/bench/careerbot-load" --label profile --port "$chat_port" --clients "$clients" --warmup 1 \
    --duration "$((profile_seconds + 2))" --threads "$load_threads" --questions bench/questions.txt \
    > "$work/profile-load.out" &
  profile_load=$!
  pids+=("$profile_load")
  sleep 1.5
  perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -p "$chat_pid" -o "$build_dir/chat.perf.data" \
    -- sleep "$profile_seconds" 2> /dev/null
  wait "$profile_load" || status=1
  perf report -i "$build_dir/chat.perf.data" --stdio --children --sort symbol --percent-limit 1.5 \
    --no-demangle -g none 2> /dev/null | c++filt > "$build_dir/chat-profile.txt" || true
  echo "bench: chat server profile ($profile_seconds s, inclusive shares): $build_dir/chat-profile.txt," \
    "samples in $build_dir/chat.perf.data"
  # The same samples split into the turn and what is around it (each sample counted once), priced
  # with the measured chat run's CPU per turn.
  perf script -i "$build_dir/chat.perf.data" -F comm,tid,ip,sym --no-demangle 2> /dev/null | c++filt \
    | scripts/perf_split.py "$(sed -n 's/^RESULT .*cpu_us_per_turn=\([^ ]*\).*/\1/p' "$work/chat.out")" \
    | tee "$build_dir/chat-profile-split.md" || true
fi

idle_rss() {  # label port pid
  "$build_dir/bench/careerbot-load" --port "$2" --idle "$idle" --server-pid "$3" | tee "$work/idle-$1.out"
}
if [[ $idle -gt 0 ]]; then  # BENCH_IDLE=0: no idle measurement
  idle_rss baseline "$echo_port" "$echo_pid" || status=1
  idle_rss chat "$chat_port" "$chat_pid" || status=1
fi

field() { sed -n "s/^RESULT .*$2=\([^ ]*\).*/\1/p" "$work/$1"; }
echo
echo "| server | msgs/s | p50 us | p90 us | p99 us | max us | server CPU us/turn | idle ${idle}: RSS before -> after (MB) |"
echo "|---|---|---|---|---|---|---|---|"
sides=(baseline)
[[ -n $before_dir ]] && sides+=(before)
sides+=(chat)
mb() { [[ -f $work/$1 ]] && awk -v k="$(field "$1" "$2")" 'BEGIN{printf "%.1f", k/1024}' || echo "-"; }
for side in "${sides[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s -> %s |\n' "$side" \
    "$(field "$side.out" msgs_per_s)" "$(field "$side.out" p50_us)" "$(field "$side.out" p90_us)" \
    "$(field "$side.out" p99_us)" "$(field "$side.out" max_us)" "$(field "$side.out" cpu_us_per_turn)" \
    "$(mb "idle-$side.out" rss_before_kb)" "$(mb "idle-$side.out" rss_after_kb)"
done
echo
for side in "${sides[@]:1}"; do
  awk -v side="$side" -v ct="$(field "$side.out" msgs_per_s)" -v bt="$(field baseline.out msgs_per_s)" \
    -v cp="$(field "$side.out" p99_us)" -v bp="$(field baseline.out p99_us)" \
    -v cc="$(field "$side.out" cpu_us_per_turn)" -v bc="$(field baseline.out cpu_us_per_turn)" 'BEGIN {
      printf "%s/baseline: server CPU per turn %.2f (goal <= 1.40), throughput %.2f (goal >= 0.70), p99 %.2f (goal <= 3.00)\n",
        side, (bc > 0 ? cc / bc : 0), (bt > 0 ? ct / bt : 0), (bp > 0 ? cp / bp : 0) }'
done
if [[ $idle -gt 0 ]]; then
  awk -v rss="$(field idle-chat.out rss_after_kb)" 'BEGIN {
    printf "chat RSS with idle sessions: %.1f MB (goal <= 150 MB)\n", rss / 1024 }'
else
  echo "chat RSS with idle sessions: not measured (BENCH_IDLE=0)"
fi

if [[ $adversaries -eq 1 ]]; then
  echo
  echo "| chat run | msgs/s | p50 us | p99 us | max us | server RSS before -> after (MB) | slow readers: how they ended | flooder: sent / replies |"
  echo "|---|---|---|---|---|---|---|---|"
  for run in chat chat-adversaries; do
    ending="-"
    [[ $run == chat-adversaries ]] && ending="$(field "$run.out" slow_ending_count) of $slow_readers: $(field "$run.out" slow_ending | tr _ ' ')"
    printf '| %s | %s | %s | %s | %s | %s -> %s | %s | %s / %s |\n' "$run" \
      "$(field "$run.out" msgs_per_s)" "$(field "$run.out" p50_us)" "$(field "$run.out" p99_us)" \
      "$(field "$run.out" max_us)" \
      "$(awk -v k="$(field "$run.out" rss_before_kb)" 'BEGIN{printf "%.1f", k/1024}')" \
      "$(awk -v k="$(field "$run.out" rss_after_kb)" 'BEGIN{printf "%.1f", k/1024}')" \
      "$ending" "$(field "$run.out" flood_sent)" "$(field "$run.out" flood_replies)"
  done
  awk -v with="$(field chat-adversaries.out p99_us)" -v without="$(field chat.out p99_us)" 'BEGIN {
    printf "\np99 with/without adversaries: %.2f (goal <= 2.00)\n", (without > 0 ? with / without : 0) }'
fi
exit $status
