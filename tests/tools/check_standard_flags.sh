#!/usr/bin/env bash
# Every careerbot executable answers the standard flags the same way (server/common/command_line.hpp):
#   --help     usage on stdout, exit 0;   --version  "<name> <version> (commit <hash>)", exit 0;
#   an unknown flag: exactly one line on stderr naming the flag, exit 2.
# Usage: check_standard_flags.sh VERSION COMMIT EXECUTABLE...
set -uo pipefail
version=$1 commit=$2
shift 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for exe in "$@"; do
  name=$(basename "$exe")
  "$exe" --help >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ "$status" -eq 0 ] || fail "$name --help exited $status"
  grep -q "^Usage: $name " "$tmp/out" || fail "$name --help printed no usage line: $(head -3 "$tmp/out")"
  [ -s "$tmp/err" ] && fail "$name --help wrote to stderr: $(cat "$tmp/err")"

  out=$("$exe" --version 2>&1)
  status=$?
  [ "$status" -eq 0 ] || fail "$name --version exited $status"
  [ "$out" = "$name $version (commit $commit)" ] || fail "$name --version printed '$out'"

  "$exe" --no-such-flag >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ "$status" -eq 2 ] || fail "$name --no-such-flag exited $status, not 2"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name --no-such-flag printed $(wc -l <"$tmp/err") lines: $(cat "$tmp/err")"
  grep -q "^$name: .*--no-such-flag.*(see $name --help)$" "$tmp/err" || fail "$name usage error: $(cat "$tmp/err")"
  [ -s "$tmp/out" ] && fail "$name --no-such-flag wrote to stdout: $(cat "$tmp/out")"
  echo "ok: $name"
done

# A subcommand's own --help (careerbot-kb build --help) is its usage, also exit 0.
for exe in "$@"; do
  case $(basename "$exe") in
    careerbot-kb) sub=build ;;
    careerbot-cli) sub=ask ;;
    *) continue ;;
  esac
  out=$("$exe" "$sub" --help) || fail "$(basename "$exe") $sub --help exited $?"
  echo "$out" | grep -q "^Usage: $(basename "$exe") $sub " || fail "$(basename "$exe") $sub --help: $out"
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
