#!/usr/bin/env bash
# Prints config/nginx-cluster.conf filled in for one machine: nginx listening on 127.0.0.1:PORT and
# [::1]:PORT, its pid, logs and temp files under STATE, and the instances on 127.0.0.1:UPSTREAM_PORT...
# Used by scripts/cluster.sh and by the tests that run nginx, so both run the shipped template.
#
#   scripts/nginx-config.sh STATE PORT UPSTREAM_PORT... > STATE/nginx.conf
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 STATE PORT UPSTREAM_PORT..." >&2; exit 2; }
state=$1 port=$2
shift 2
upstreams=""
for upstream in "$@"; do upstreams+="    server 127.0.0.1:$upstream max_fails=1 fail_timeout=5s;"$'\n'; done
# The upstream list is multi-line, so it goes through awk, not sed.
awk -v state="$state" -v port="$port" -v upstreams="${upstreams%$'\n'}" '
  { gsub(/@STATE@/, state); gsub(/@PORT@/, port) }
  /@UPSTREAMS@/ { print upstreams; next }
  { print }' config/nginx-cluster.conf
