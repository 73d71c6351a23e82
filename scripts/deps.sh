#!/usr/bin/env bash
# Install whatever is missing to build and test mastery on Debian (bookworm).
# Safe to run repeatedly: it only calls apt-get when a package is absent.
set -euo pipefail
PGVER="${PGVER:-15}"
want=(build-essential "postgresql-$PGVER" "postgresql-server-dev-$PGVER" postgresql-common libcmocka-dev)
# clang: only for the libFuzzer harnesses (make fuzz, scripts/fuzz.sh)
want+=(clang)
want+=("$@")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
