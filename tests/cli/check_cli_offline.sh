#!/usr/bin/env bash
# Checks careerbot-cli --offline: ask, the chat and test answer from the content loaded in process,
# with no server (CAREERBOT_URL points at a closed port to prove it), and content that does not load,
# or an admin command offline, is refused clearly. Usage: check_cli_offline.sh CLI_BIN SOURCE_DIR
set -uo pipefail
here=$(dirname "$(realpath "$0")")
cli=$(realpath "$1")
cd "$2" || exit 1  # the default folders, knowledge/ and intents/, are the project's
export CAREERBOT_URL=ws://127.0.0.1:1/ws
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ask --json prints the reply frame a server would send.
out=$("$cli" --offline ask "What does a machine learning specialist do?" --json) || fail "ask --json exited $?"
if python3 "$here/check_overview_reply.py" "$out"; then ok "ask --json offline"
else fail "ask --json printed: $out"; fi

# ask --explain (options after the subcommand too) shows why, then the answer, without colour codes.
out=$("$cli" ask "Which companies hire in Pune?" --offline --explain) || fail "ask --explain exited $?"
case "$out" in *"Tech Mahindra"*) ok "ask offline prints the answer" ;; *) fail "ask printed: $out" ;; esac
echo "$out" | grep -qi "intent" && ok "ask --explain offline explains" || fail "ask --explain printed: $out"
case "$out" in *$'\e['*) fail "ask printed colour codes to a pipe" ;; esac

# The chat offline: a number picks a quick reply, slash commands work, /save writes a test.
out=$(printf 'Am I eligible?\n2\n/session\n/explain\nScience with Maths (PCM)\n/reset\n%s\n%s\n/save %s\n/quit\n' \
  "What does a machine learning specialist do?" "who hires in pune?" "$tmp/saved.yaml" | "$cli" --offline) ||
  fail "chat exited $?"
echo "$out" | grep -q "you chose: In class 11 or 12" && echo "$out" | grep -q "Which stream are you in" &&
  ok "chat offline: a number picks a quick reply" || fail "chat (number): $out"
echo "$out" | grep -Eq '^[A-Za-z0-9_-]{16,}$' && ok "chat offline: /session prints the id" || fail "chat (/session): $out"
echo "$out" | grep -q "slot=masters_wish" && ok "chat offline: /explain shows the flow state" || fail "chat (/explain): $out"
[ "$(echo "$out" | grep -c "I'm careerbot")" -eq 2 ] && ok "chat offline: /reset shows a new welcome" ||
  fail "chat (/reset): $out"
echo "$out" | grep -q "saved 2 turn(s) to $tmp/saved.yaml" && ok "chat offline: /save wrote the turns since /reset" ||
  fail "chat (/save): $out"

# test offline: the saved conversation passes, a wrong expectation fails with file:line; --intents reports.
cat >"$tmp/wrong.yaml" <<'CONV'
name: A deliberately wrong expectation
turns:
  - user: who hires in Pune?
    expect:
      contains:
        - Flying Car Corp
CONV
out=$("$cli" --offline --knowledge-dir knowledge --intents-dir intents test --intents intents \
  "$tmp/saved.yaml" "$tmp/wrong.yaml") && fail "test offline passed a wrong expectation"
echo "$out" | grep -q 'wrong.yaml:6: missing text "Flying Car Corp"' && ok "test offline: failure names file:line" ||
  fail "test report: $out"
echo "$out" | grep -qx "1 passed, 1 failed" && ok "test offline: the saved conversation passes" || fail "summary: $out"
echo "$out" | grep -q "^intents answered: 2 of [0-9]* (" && ok "test offline --intents reports coverage" ||
  fail "test --intents: $out"

# Content that does not load: exit 3 with the problem, before any conversation.
mkdir -p "$tmp/knowledge/careers"
cp knowledge/careers/machine-learning-specialist.page.yaml "$tmp/knowledge/careers/"  # no overlay
out=$("$cli" --offline --knowledge-dir "$tmp/knowledge" ask hello 2>&1)
status=$?
[ "$status" -eq 3 ] && echo "$out" | grep -q "machine-learning-specialist.page.yaml" &&
  ok "knowledge that does not build: exit 3, file named" || fail "broken knowledge (exit $status): $out"
out=$("$cli" --offline --intents-dir "$tmp/no-intents" ask hello 2>&1)
status=$?
[ "$status" -eq 3 ] && echo "$out" | grep -q "intents do not load" &&
  ok "intents that do not load: exit 3" || fail "missing intents (exit $status): $out"

# Usage: the admin commands need a server; the folders need --offline. One line, exit 2.
out=$("$cli" reload --offline 2>&1)
status=$?
[ "$status" -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "need a server" &&
  ok "reload --offline refused" || fail "reload --offline (exit $status): $out"
out=$("$cli" --knowledge-dir knowledge ask hello 2>&1)
status=$?
[ "$status" -eq 2 ] && echo "$out" | grep -q "requires --offline" &&
  ok "--knowledge-dir without --offline refused" || fail "--knowledge-dir alone (exit $status): $out"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
