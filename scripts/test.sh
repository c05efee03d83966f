#!/usr/bin/env bash
# Builds and runs every test of careerbot, as CI does:
#   1. installs what is missing (scripts/setup.sh),
#   2. the normal build (g++, -Wall -Wextra -Wpedantic -Werror); its tests run when CI is not set
#      (CI runs them once, in the sanitizer build below, to stay well inside its time budget),
#   3. the sanitizer build (clang++, ASan+UBSan) and all the tests (ctest: unit, end-to-end over
#      real sockets, conversation tests through careerbot-cli),
#   4. the ThreadSanitizer build (clang++) and the tests that run threads (all but those labelled
#      single_threaded: content, classifier and conversation checks, which TSan would only slow),
#   5. the libFuzzer targets, each for FUZZ_SECONDS (15) (scripts/fuzz.sh: 40 when run by hand),
#   6. a short soak run, SOAK_SECONDS (75), on the normal build (scripts/soak.sh),
#   7. the web widget's browser test in headless Chromium against a real server.
# Set CAREERBOT_SKIP_SANITIZE=1, CAREERBOT_SKIP_TSAN=1, CAREERBOT_SKIP_FUZZ=1, CAREERBOT_SKIP_SOAK=1 or
# CAREERBOT_SKIP_BROWSER=1 to leave a stage out locally.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/listening_port.sh
root=$PWD

scripts/setup.sh

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
# ccache stays on under CI, capped (CI once ran out of disk): the one run with it off took 3,232 s
# against 1,027 s for the run before, which a cold cache cannot explain, so CI machines seem to start
# with a warm one. The four builds' objects, debug sections compressed, take well under 1 GB in it.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-2G}"
export CTEST_OUTPUT_ON_FAILURE=1
jobs=$(nproc)
# One cache of trained classifiers for all three build trees: a model's key is the content it was
# trained on, so the sanitizer builds load what the first build trained instead of training again.
models="$root/build/models"
failed_stages=()
passed_stages=()

# CI once ran out of disk while linking the TSan build (machines of this kind have had as little as
# a few hundred MB free), so every stage reports the free space it left, and CI deletes each
# sanitizer build tree once its stage is over (soak and browser tests need only build/ci).
disk_report() {
  echo "disk: $(df -h --output=avail . | tail -1 | tr -d ' ') free, build/ holds $(du -sh build 2> /dev/null | cut -f1)"
}
stage() {  # stage NAME COMMAND...; prints how long each stage took (CI budgets the whole run)
  local name=$1 start=$SECONDS
  shift
  echo "=== $name"
  if "$@"; then
    passed_stages+=("$name ($((SECONDS - start)) s)")
  else
    failed_stages+=("$name ($((SECONDS - start)) s)")
  fi
  disk_report
}
prune_on_ci() {  # prune_on_ci DIR: a fresh CI machine never builds DIR again, so free its disk
  if [ "${CI:-}" = true ]; then rm -rf "$1"; fi
}
disk_report

build_and_test() {  # build_and_test DIR CMAKE_ARGS...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" > /dev/null &&
    cmake --build "$dir" -j "$jobs" &&
    ctest --test-dir "$dir" -j "$jobs" --timeout 600
}
build_only() {  # build_only DIR CMAKE_ARGS...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" > /dev/null && cmake --build "$dir" -j "$jobs"
}
# On CI every test runs once, under ASan+UBSan (and the threaded ones again under TSan): the plain
# build is compiled for its warnings and serves the soak and browser tests.
normal_stage=build_and_test
[ "${CI:-}" = true ] && [ "${CAREERBOT_SKIP_SANITIZE:-0}" != 1 ] && normal_stage=build_only

# Debug info in the plain build: line tables only (-g1), enough for a failing test's stack trace, and
# much less to compile and link. (clang 14's -gline-tables-only cannot build the Graph API client
# under ASan, "cannot represent a difference across sections", so the sanitizer builds keep -g.)
# Every build compresses its debug sections (-gz, and the linker's output too): stack traces read the
# same, and the trees take far less disk.
compressed_link=-DCMAKE_EXE_LINKER_FLAGS=-Wl,--compress-debug-sections=zlib
stage "$normal_stage (g++ -Werror)" $normal_stage build/ci -DCMAKE_BUILD_TYPE=Debug -DCAREERBOT_WERROR=ON \
  "-DCMAKE_CXX_FLAGS_DEBUG=-g1 -gz" "$compressed_link" -DCAREERBOT_TEST_MODEL_CACHE="$models"

if [ "${CAREERBOT_SKIP_SANITIZE:-0}" != 1 ]; then
  stage "build and test (clang++ ASan+UBSan)" env CC=clang CXX=clang++ \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    bash -c "$(declare -f build_and_test); build_and_test build/asan -DCMAKE_BUILD_TYPE=Debug \
      '-DCMAKE_CXX_FLAGS_DEBUG=-g -gz' $compressed_link \
      -DCAREERBOT_WERROR=ON -DCAREERBOT_SANITIZE=ON -DCAREERBOT_TEST_MODEL_CACHE=$models"
  prune_on_ci build/asan
fi

# clang 14's TSan maps its shadow memory at fixed addresses and dies with "unexpected memory mapping"
# on kernels with high mmap ASLR entropy: `setarch -R` runs ctest (and every server it starts) with
# ASLR off. TSAN_OPTIONS: halt_on_error makes a race fail the test that hit it; the suppressions file
# lists third-party false positives only.
tsan_test() {
  CC=clang CXX=clang++ cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAREERBOT_WERROR=ON \
    "-DCMAKE_CXX_FLAGS_DEBUG=-g -gz" "$compressed_link" \
    -DCAREERBOT_TSAN=ON -DCAREERBOT_TEST_MODEL_CACHE="$models" -DCAREERBOT_SINGLE_THREADED_TESTS=OFF > /dev/null &&
    cmake --build build/tsan -j "$jobs" &&
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
      setarch "$(uname -m)" -R ctest --test-dir build/tsan -j "$jobs" --timeout 900 -LE single_threaded
}
if [ "${CAREERBOT_SKIP_TSAN:-0}" != 1 ]; then
  stage "build and test (clang++ TSan)" tsan_test
  prune_on_ci build/tsan
fi

if [ "${CAREERBOT_SKIP_FUZZ:-0}" != 1 ]; then
  stage "fuzz (libFuzzer, ${FUZZ_SECONDS:-15} s per target)" env FUZZ_SECONDS="${FUZZ_SECONDS:-15}" \
    FUZZ_BUILD_JOBS="$jobs" scripts/fuzz.sh
  prune_on_ci build/fuzz
fi

if [ "${CAREERBOT_SKIP_SOAK:-0}" != 1 ]; then
  stage "soak (${SOAK_SECONDS:-75} s)" env CAREERBOT_SOAK_BUILD_DIR=build/ci scripts/soak.sh "${SOAK_SECONDS:-75}"
fi

browser_test() {
  local log port pid status=0
  log=$(mktemp)
  rm -f var/browser-sessions.db*
  build/ci/server/kb/careerbot-kb build --source knowledge --out build/ci/knowledge.db > /dev/null
  build/ci/server/app/careerbot-server --config config/test.conf --port 0 \
    --knowledge-db build/ci/knowledge.db --sessions-db build/ci/browser-sessions.db > "$log" 2>&1 &
  pid=$!
  if ! port=$(listening_port "$log" "$pid"); then
    cat "$log"
    kill "$pid" 2> /dev/null || true
    return 1
  fi
  tests/browser/run.sh "http://127.0.0.1:$port/" || status=$?
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  return $status
}
if [ "${CAREERBOT_SKIP_BROWSER:-0}" != 1 ]; then
  stage "browser test (headless Chromium)" browser_test
fi

echo
for s in "${passed_stages[@]}"; do echo "passed: $s"; done
for s in "${failed_stages[@]+"${failed_stages[@]}"}"; do echo "FAILED: $s"; done
echo "${#passed_stages[@]} passed, ${#failed_stages[@]} failed, in $SECONDS s"
[ ${#failed_stages[@]} -eq 0 ]
