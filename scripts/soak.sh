#!/usr/bin/env bash
# Soak test: a real careerbot-server under steady chat load with connection churn for SECONDS
# (default 600), watching its memory and file descriptors for leaks.
#
#   scripts/soak.sh          # 10 minutes (the local run in docs/performance.md)
#   scripts/soak.sh 75       # the CI stage
#
# tests/soak/careerbot-soak-client runs SOAK_CLIENTS (8) students, each on its own 127.0.0.N, each
# reconnecting after SOAK_CHURN (20) messages (half with a close handshake, half dropping the socket)
# and resuming its session. Every reply must answer its request. The server's VmRSS and open fds
# (/proc/PID/status, /proc/PID/fd) are sampled ~60 times.
#
# With the SQLite store the server keeps every session in memory until it has been idle for
# session_idle_timeout (expiry runs once a minute), so new sessions legitimately grow RSS (~14 kB
# each with a full history) for that long. Runs of 5 minutes or more therefore also start a new
# session on every 8th connection, with --session-idle-timeout 20s, so expiry is soaked too and the
# sessions held plateau after ~2 minutes; shorter runs (CI) only resume, since expiry would not yet
# have run.
#
# Rules (pass only if all hold):
#   1. the client saw no error, lost or mismatched reply, and the server is still running;
#   2. RSS: the median of the last quarter of samples <= the median of the second quarter + 5% + 2 MB
#      (the first quarter is warm-up: allocator arenas and SQLite's page cache fill up);
#   3. fds under load never exceed baseline + clients + 8 (one socket per connected student);
#   4. fds return to the baseline within 30 s once every client has disconnected, where the baseline
#      is the count after a warm-up run (the sessions database, its WAL and the listener are open).
# The build dir is CAREERBOT_SOAK_BUILD_DIR (default build/ci, configured Debug if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/listening_port.sh

seconds=${1:-600}
build_dir=${CAREERBOT_SOAK_BUILD_DIR:-build/ci}
clients=${SOAK_CLIENTS:-8}
churn=${SOAK_CHURN:-20}
interval=$((seconds / 60 > 1 ? seconds / 60 : 1))
warmup=$((seconds / 10 > 5 ? seconds / 10 : 5))
fresh_every=$((seconds >= 300 ? 8 : 0))

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
[ -f "$build_dir/CMakeCache.txt" ] ||
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAREERBOT_WERROR=ON > /dev/null
cmake --build "$build_dir" -j "$(nproc)" --target careerbot-server careerbot-kb careerbot-soak-client > /dev/null

work=$(mktemp -d)
server_pid=""
client_pid=""
cleanup() {
  if [ -n "$client_pid" ]; then kill "$client_pid" 2> /dev/null || true; fi
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$build_dir/server/kb/careerbot-kb" build --source knowledge --out "$work/knowledge.db" > /dev/null
"$build_dir/server/app/careerbot-server" --config config/test.conf --port 0 --log-level warn \
  --knowledge-db "$work/knowledge.db" --sessions-db "$work/sessions.db" \
  --connection-rate 1000000 --connection-burst 1000000 --ip-rate 1000000 --ip-burst 1000000 \
  --idle-timeout 60s --session-idle-timeout 20s > "$work/server.log" 2>&1 &
server_pid=$!
if ! port=$(listening_port "$work/server.log" "$server_pid"); then
  cat "$work/server.log"
  echo "soak: the server did not start"
  exit 1
fi

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
fd_count() { find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l; }
run_client() {  # run_client SECONDS
  "$build_dir/tests/soak/careerbot-soak-client" --port "$port" --seconds "$1" --clients "$clients" \
    --churn "$churn" --fresh-every "$fresh_every"
}
# Waits up to 30 s for the fd count to drop to $1 or below; prints the last count.
settle_fds() {
  local count
  for _ in $(seq 1 300); do
    count=$(fd_count)
    [ "$count" -le "$1" ] && break
    sleep 0.1
  done
  echo "$count"
}

idle_fds=$(fd_count)
echo "soak: server pid $server_pid on port $port; idle: $(rss_kb) kB RSS, $idle_fds fds"
echo "soak: warm-up ${warmup}s"
run_client "$warmup" > "$work/warmup.out" || {
  cat "$work/warmup.out"
  echo "soak: FAILED during warm-up"
  exit 1
}
sleep 1
baseline_fds=$(settle_fds "$idle_fds")
echo "soak: after warm-up: $(rss_kb) kB RSS, baseline $baseline_fds fds"

echo "soak: ${seconds}s with $clients clients, reconnecting every $churn messages; sample every ${interval}s"
samples="$build_dir/soak-samples.tsv"
echo -e "second\trss_kb\tfds" > "$samples"
run_client "$seconds" > "$work/client.out" &
client_pid=$!
start=$SECONDS
while kill -0 "$client_pid" 2> /dev/null; do
  kill -0 "$server_pid" 2> /dev/null || break
  echo -e "$((SECONDS - start))\t$(rss_kb)\t$(fd_count)" >> "$samples"
  sleep "$interval"
done
client_status=0
wait "$client_pid" || client_status=$?
client_pid=""
cat "$work/client.out"

failures=()
[ "$client_status" -eq 0 ] || failures+=("the client saw errors (exit $client_status)")
if ! kill -0 "$server_pid" 2> /dev/null; then
  tail -20 "$work/server.log"
  echo "soak: FAILED: the server died"
  exit 1
fi
after_fds=$(settle_fds "$baseline_fds")

# Medians of the second and last quarter of the RSS samples, and the peak fd count.
read -r n q2_rss q4_rss max_fds < <(awk -F'\t' 'NR > 1 { rss[n] = $2; if ($3 > maxfd) maxfd = $3; n++ }
  function median(lo, hi,   m, i, j, t, v) {
    m = 0; for (i = lo; i < hi; i++) v[m++] = rss[i]
    for (i = 1; i < m; i++) { t = v[i]; for (j = i - 1; j >= 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return m % 2 ? v[int(m / 2)] : (v[m / 2 - 1] + v[m / 2]) / 2
  }
  END { q = int(n / 4); print n, median(q, 2 * q), median(n - q, n), maxfd }' "$samples")
rss_limit=$(awk -v q2="$q2_rss" 'BEGIN { printf "%d", q2 * 1.05 + 2048 }')
fd_limit=$((baseline_fds + clients + 8))

echo "soak: $n samples ($samples)"
echo "soak: RSS median 2nd quarter $q2_rss kB, last quarter $q4_rss kB (limit $rss_limit kB)"
echo "soak: fds baseline $baseline_fds, peak under load $max_fds (limit $fd_limit), after disconnect $after_fds"
[ "$n" -ge 8 ] || failures+=("only $n samples")
awk -v a="$q4_rss" -v b="$rss_limit" 'BEGIN { exit !(a <= b) }' || failures+=("RSS kept growing")
[ "$max_fds" -le "$fd_limit" ] || failures+=("fds grew under load")
[ "$after_fds" -le "$baseline_fds" ] || failures+=("fds did not return to the baseline")

if [ ${#failures[@]} -gt 0 ]; then
  for f in "${failures[@]}"; do echo "soak: FAILED: $f"; done
  exit 1
fi
echo "soak: ok"
