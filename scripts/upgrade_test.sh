#!/usr/bin/env bash
# The upgrade test: for every released version kept in upgrade/ (its full install script
# mastery--X.sql), install X as an ordinary role, store values of every type, run
# ALTER EXTENSION mastery UPDATE, and check that
#   (1) the extension's objects equal those of a fresh install of the current version
#       (test/upgrade/catalog.sql: every member with its definition, volatility, strictness,
#       parallel label, aggregate support functions, operators, operator classes and their
#       members, casts, types, comments and privileges), and
#   (2) every stored value reads back, sends and scores exactly as before the update.
# Runs inside a cluster (PG* variables set, as scripts/test.sh does with in_cluster).
# Prints one "ok"/"not ok" line per released version.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
T="$ROOT/test/upgrade"
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ROOT/mastery.control")
role=mastery_upgrade_owner
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# as the ordinary role (the connection is the cluster's superuser; the session takes the role)
qr() { PGOPTIONS="-c role=$role" q "$@"; }

q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN" >/dev/null || exit 1
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS mastery_fresh" -c "CREATE DATABASE mastery_fresh OWNER $role" >/dev/null || exit 1
qr -d mastery_fresh -c "CREATE EXTENSION mastery" || exit 1
qr -d mastery_fresh -f "$T/catalog.sql" >"$work/fresh.txt" || exit 1
members=$(grep -c ' :: ' "$work/fresh.txt")

failed=0
for script in "$ROOT"/upgrade/mastery--*.sql; do
  old=$(basename "$script" .sql); old=${old#mastery--}
  case "$old" in *--*) continue ;; esac            # an upgrade step, not a release
  [ "$old" = "$current" ] && continue
  db="mastery_from_${old//./_}"
  log="$work/$db.log"
  ok=yes
  {
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER $role" &&
    qr -d "$db" -c "CREATE EXTENSION mastery VERSION '$old'" &&
    qr -d "$db" -f "$T/store.sql" &&
    qr -d "$db" -c "ALTER EXTENSION mastery UPDATE" &&
    qr -d "$db" -f "$T/catalog.sql" >"$work/upgraded.txt" &&
    qr -d "$db" -f "$T/check.sql" >"$work/values.txt"
  } >"$log" 2>&1 || ok=no
  if [ "$ok" = yes ] && ! diff -u "$work/fresh.txt" "$work/upgraded.txt" >"$work/catalog.diff"; then
    ok=no
    echo "# $old -> $current: the upgraded catalog differs from a fresh install (- fresh, + upgraded):"
    grep '^[-+][^-+]' "$work/catalog.diff" | head -40 | sed 's/^/#   /'
  fi
  values=$(cat "$work/values.txt" 2>/dev/null)
  if [ "$ok" = yes ] && ! grep -q 'differing=0$' <<<"$values"; then
    ok=no; echo "# $old -> $current: stored values changed: $values"
  fi
  if [ "$ok" = yes ]; then
    echo "ok - upgrade $old -> $current: $members objects equal a fresh install; $values"
  else
    failed=$((failed + 1))
    echo "not ok - upgrade $old -> $current"
    sed 's/^/#   /' "$log" | tail -20
  fi
  q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1
done
q -d postgres -c "DROP DATABASE mastery_fresh" -c "DROP ROLE $role" >/dev/null 2>&1
[ "$failed" -eq 0 ]
