#!/usr/bin/env bash
# Runs a conversation-test command and passes when at least MIN conversations passed, reading the
# runner's closing "N passed, N failed" line. For the issue-15 conversations, written before the
# work that makes them pass: MIN is the figure reached so far, so it can only go up (a ratchet), and
# every failing conversation is still printed in full.
#   at_least_passed.sh MIN -- COMMAND [ARGS...]
set -uo pipefail
min=$1
shift
[ "${1:-}" = "--" ] && shift
output=$("$@" 2>&1)
echo "$output"
passed=$(printf '%s\n' "$output" | sed -n 's/^\([0-9][0-9]*\) passed, [0-9][0-9]* failed$/\1/p' | tail -n1)
if [ -z "$passed" ]; then
  echo "at_least_passed: no 'N passed, N failed' line in the output" >&2
  exit 1
fi
if [ "$passed" -lt "$min" ]; then
  echo "at_least_passed: $passed conversations passed, fewer than the $min reached before" >&2
  exit 1
fi
echo "at_least_passed: $passed passed (at least $min required)"
