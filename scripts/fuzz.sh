#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang++ into build/fuzz, the whole project under
# -fsanitize=fuzzer-no-link,address,undefined, then runs each target for FUZZ_SECONDS (default 40; the
# small parsers and the safeguarding screen at most 20, as they cover their paths sooner) on a
# copy of its seed corpus. Fails on any crash, leak, sanitizer report, broken property or an input
# that runs longer than FUZZ_UNIT_TIMEOUT seconds (default 60: generous, because a loaded 2-core
# machine once stalled a 0.1 s input for 12 s).
#
#   scripts/fuzz.sh                      # every target, 40 s each
#   FUZZ_SECONDS=20 scripts/fuzz.sh fuzz_matcher
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-40}
build_dir=${CAREERBOT_FUZZ_BUILD_DIR:-build/fuzz}
jobs=${FUZZ_BUILD_JOBS:-2}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_client_frame fuzz_normalizer fuzz_matcher fuzz_page_importer fuzz_overlay fuzz_http_message
  fuzz_session_state
  fuzz_whatsapp_payload fuzz_telegram_webhook fuzz_safeguarding)

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DCAREERBOT_FUZZ=ON -DCAREERBOT_TESTS=OFF -DCAREERBOT_BENCH=OFF \
  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gz" \
  -DCMAKE_EXE_LINKER_FLAGS=-Wl,--compress-debug-sections=zlib > /dev/null
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"

# Work on a scratch copy so new inputs never land in the committed seeds; keep crash files in the build.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/$target" "$build_dir/crashes/$target"
  cp tests/fuzz/corpus/"$target"/* "$work/$target/"
  # Small parsers need less time than the matcher to cover their paths; the CI run is near its limit.
  target_seconds=$seconds
  case "$target" in
    fuzz_whatsapp_payload | fuzz_telegram_webhook | fuzz_safeguarding) target_seconds=$((seconds < 20 ? seconds : 20)) ;;
  esac
  echo "fuzz: $target for ${target_seconds}s"
  if "$build_dir/tests/fuzz/$target" -max_total_time="$target_seconds" -timeout=${FUZZ_UNIT_TIMEOUT:-60} -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$build_dir/crashes/$target/" \
      "$work/$target" 2> "$build_dir/$target.log"; then
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+.*DONE" "$build_dir/$target.log" || true
    echo "fuzz: $target ok"
  else
    status=1
    tail -40 "$build_dir/$target.log"
    # libFuzzer writes the failing input as crash-*, leak-*, timeout-* or oom-*: name it for the CI log.
    for input in $(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$build_dir/$target.log"); do
      echo "fuzz: $target crashing input: $input (reproduce: $build_dir/tests/fuzz/$target $input)"
    done
    echo "fuzz: $target FAILED (log $build_dir/$target.log, inputs in $build_dir/crashes/$target/)"
  fi
done
exit $status
