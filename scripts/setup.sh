#!/usr/bin/env bash
# Installs everything careerbot needs to build and test on Debian 12. Safe to run again:
# apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev clang-format
  libboost1.81-dev libsqlitecpp-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev libutf8proc-dev libedit-dev libstemmer-dev
  libfasttext-dev libyaml-cpp-dev libcli11-dev libsystemd-dev
  linux-perf
  python3 procps
  redis-server nginx-light libhiredis-dev
  libssl-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
