#!/usr/bin/env bash
# Install whatever is missing to build and test mastery on Debian (bookworm).
# Safe to run repeatedly: it only calls apt-get when a package is absent.
set -euo pipefail
PGVER="${PGVER:-15}"
want=(build-essential "postgresql-$PGVER" "postgresql-server-dev-$PGVER" postgresql-common libcmocka-dev)
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
  echo "installing missing packages: ${missing[*]}"
  # quietly: apt's and debconf's chatter is shown only if the installation fails
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "could not install: ${missing[*]}" >&2
    exit 1
  fi
  rm -f "$log"
fi
