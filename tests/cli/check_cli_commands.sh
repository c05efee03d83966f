#!/usr/bin/env bash
# Checks careerbot-cli's one-shot commands against a running server (run through with_server.sh,
# which sets CAREERBOT_URL and CAREERBOT_ADMIN_TOKEN). Usage: check_cli_commands.sh CLI_BIN
set -uo pipefail
here=$(dirname "$(realpath "$0")")
cli=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# ask --json prints the raw reply: one JSON object carrying the contract's fields.
out=$("$cli" ask "What does a machine learning specialist do?" --json) || fail "ask --json exited $?"
if python3 "$here/check_overview_reply.py" "$out"; then ok "ask --json"
else fail "ask --json printed: $out"; fi

# ask without --json prints the answer text (plain when not a terminal: no escape codes).
out=$("$cli" ask "Which companies hire in Pune?") || fail "ask exited $?"
case "$out" in
  *"Tech Mahindra"*) ok "ask prints the answer" ;;
  *) fail "ask printed: $out" ;;
esac
case "$out" in *$'\e['*) fail "ask printed colour codes to a pipe" ;; esac

# The admin commands: token from the environment; a wrong token is refused with a clear message.
"$cli" ask "blorptastic quibble zonkers" >/dev/null || fail "ask (fallback) exited $?"
out=$("$cli" unanswered --limit 5) || fail "unanswered exited $?"
echo "$out" | grep -qi "blorptastic" && ok "unanswered lists the fallback question" ||
  fail "unanswered printed: $out"
out=$("$cli" unanswered --admin-token wrong 2>&1) && fail "unanswered with a wrong token succeeded"
echo "$out" | grep -q "refused" && ok "wrong token refused" || fail "wrong token printed: $out"
out=$(env -u CAREERBOT_ADMIN_TOKEN "$cli" reload 2>&1) && fail "reload without a token succeeded"
echo "$out" | grep -q "admin token is needed" && ok "missing token explained" || fail "no token printed: $out"
out=$("$cli" reload) || fail "reload exited $?: $out"
echo "$out" | grep -q "^reloaded; content " && ok "reload" || fail "reload printed: $out"

# A conversation test that fails makes `test` fail, with the difference and the summary line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/wrong.yaml" <<'CONV'
name: A deliberately wrong expectation
turns:
  - user: who hires in Pune?
    expect:
      contains:
        - Flying Car Corp
CONV
out=$("$cli" test "$tmp/wrong.yaml") && fail "test passed a wrong expectation"
echo "$out" | grep -q 'wrong.yaml:6: missing text "Flying Car Corp"' && ok "failure names file:line" ||
  fail "test report: $out"
echo "$out" | tail -n1 | grep -qx "0 passed, 1 failed" && ok "summary line" || fail "summary: $out"

# Interactive chat with piped input: a number picks that quick reply; slash commands work.
out=$(printf 'Am I eligible?\n2\n/session\n/explain\nScience with Maths (PCM)\n/reset\n/quit\n' | "$cli") ||
  fail "chat exited $?"
echo "$out" | grep -q "you chose: In class 11 or 12" && echo "$out" | grep -q "Which stream are you in" &&
  ok "chat: a number picks a quick reply" || fail "chat (number): $out"
echo "$out" | grep -Eq '^[A-Za-z0-9_-]{16,}$' && ok "chat: /session prints the id" || fail "chat (/session): $out"
echo "$out" | grep -q "slot=masters_wish" && ok "chat: /explain shows the flow state" || fail "chat (/explain): $out"
[ "$(echo "$out" | grep -c "I'm careerbot")" -eq 2 ] && ok "chat: /reset shows a new welcome" ||
  fail "chat (/reset): $out"

# /save writes the chat so far as a conversation test, which passes against the same server.
out=$(printf 'What does a machine learning specialist do?\nwho hires in pune?\n/save %s\n/quit\n' "$tmp/saved.yaml" |
  "$cli") || fail "chat (/save) exited $?"
echo "$out" | grep -q "saved 2 turn(s) to $tmp/saved.yaml" && ok "chat: /save wrote the turns" || fail "chat (/save): $out"
out=$("$cli" test "$tmp/saved.yaml") || fail "the saved conversation failed: $out"
echo "$out" | tail -n1 | grep -qx "1 passed, 0 failed" && ok "the saved conversation passes" || fail "saved test: $out"
# --intents adds which intents the replies reached (the two above) and which none did.
intents_dir=$(cd "$(dirname "$0")/../.." && pwd)/intents
out=$("$cli" test --intents "$intents_dir" "$tmp/saved.yaml") || fail "test --intents exited $?: $out"
echo "$out" | grep -q "^intents answered: 2 of [0-9]* (" && echo "$out" | grep -q "^not answered by any test: .*greeting" &&
  ok "test --intents reports coverage" || fail "test --intents: $out"

# Unreachable server: a clear error and a non-zero exit, not a hang.
out=$("$cli" --url ws://127.0.0.1:1/ws ask hello 2>&1) && fail "ask to a closed port succeeded"
echo "$out" | grep -q "cannot connect" && ok "unreachable server explained" || fail "unreachable: $out"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
