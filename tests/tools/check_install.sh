#!/usr/bin/env bash
# `cmake --install` and the .deb, checked as an administrator would use them:
#   1. install under a temporary prefix: every file in place, the unit names that prefix, and the
#      installed tools run from there (--version, and careerbot-kb check on the installed content);
#   2. cpack builds the .deb; dpkg-deb lists the same tree under /opt/careerbot with the maintainer
#      scripts, and the tools unpacked into a temporary root run.
# Usage: check_install.sh BUILD_DIR
set -uo pipefail
build=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" --strip >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }
expected=(bin/careerbot-server bin/careerbot-kb bin/careerbot-lint bin/careerbot-cli
  knowledge/README.md knowledge/careers intents/README.md server/web/widget.js server/web/index.html
  config/careerbot.conf lib/systemd/system/careerbot.service docs/deployment.md README.md LICENSE)
for path in "${expected[@]}"; do [ -e "$prefix/$path" ] || fail "cmake --install left out $path"; done
unit=$prefix/lib/systemd/system/careerbot.service
grep -q "^ExecStart=$prefix/bin/careerbot-server " "$unit" || fail "unit ExecStart: $(grep ^ExecStart= "$unit")"
grep -q "^WorkingDirectory=$prefix$" "$unit" || fail "unit WorkingDirectory: $(grep ^WorkingDirectory= "$unit")"
grep -q "/opt/careerbot" "$unit" && fail "unit still names /opt/careerbot: $(grep -n /opt/careerbot "$unit")"
grep -q "^Type=notify$" "$unit" || fail "unit is not Type=notify"
if command -v systemd-analyze >/dev/null; then
  # Only the unit's own syntax: the careerbot user and the prefix's paths need not exist here.
  systemd-analyze verify "$unit" 2>&1 | grep -i "unknown\|invalid\|failed to parse" && fail "systemd-analyze verify"
fi
"$prefix/bin/careerbot-server" --version | grep -q "^careerbot-server " || fail "installed careerbot-server --version"
(cd "$prefix" && bin/careerbot-kb check --source knowledge >"$tmp/check.log" 2>&1) ||
  fail "installed careerbot-kb check: $(cat "$tmp/check.log")"

# The package.
(cd "$build" && cpack -G DEB -B "$tmp/package" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/package/careerbot_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { fail "cpack made no careerbot_*.deb: $(ls "$tmp/package")"; exit 1; }
dpkg-deb -c "$deb" >"$tmp/contents"
for path in "${expected[@]}"; do
  grep -q " \./opt/careerbot/$path/\?$" "$tmp/contents" || fail "the .deb lacks /opt/careerbot/$path"
done
dpkg-deb -I "$deb" >"$tmp/info"
for field in "Package: careerbot" "Depends:.*libre2" "postinst" "prerm"; do
  grep -q "$field" "$tmp/info" || fail "the .deb's control lacks '$field'"
done
dpkg-deb -x "$deb" "$tmp/root"
grep -q "^ExecStart=/opt/careerbot/bin/careerbot-server " "$tmp/root/opt/careerbot/lib/systemd/system/careerbot.service" ||
  fail "the packaged unit does not start /opt/careerbot/bin/careerbot-server"
for tool in careerbot-server careerbot-kb careerbot-lint careerbot-cli; do
  "$tmp/root/opt/careerbot/bin/$tool" --help >/dev/null || fail "unpacked $tool --help"
done
echo "package: $(basename "$deb"), $(wc -l <"$tmp/contents") entries"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
