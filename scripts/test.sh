#!/usr/bin/env bash
# Run every test: cmocka unit tests of the C cores, then the pg_regress suite in a
# throwaway cluster (plus the tests on ../shared/data when that directory exists).
# Usage (as root on Debian bookworm): bash scripts/test.sh
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/deps.sh" || exit 1
source "$HERE/common.sh"
cd "$ROOT"

passed=0; failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

echo "== build (warnings are errors)"
make -s clean >/dev/null 2>&1 || true
if ! make -s -j2 EXTRA_CFLAGS="-Werror" >/dev/null; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== cmocka unit tests"
units=$(ls test/test_*.c 2>/dev/null | sed 's#test/test_\(.*\)\.c#test/run_\1#')
if [ -n "$units" ]; then
  make -s -j2 $units >/dev/null || { echo "unit test build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
for t in $units; do
  out="$("./$t" 2>&1)"; rc=$?
  echo "$out" | grep -E '^\[  (PASSED|FAILED)|^\[==========\]|FAILED' | sed "s#^#  $(basename "$t"): #"
  p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  [ -z "$p" ] && p=0; [ -z "$f" ] && f=0
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "$out" | tail -20; fi
  count "$p" "$f"
done

echo "== cmocka unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer"
asans=$(echo "$units" | sed 's#test/run_#test/asan_#g')
if [ -n "$asans" ]; then
  make -s -j2 $asans >/dev/null || { echo "sanitizer build failed"; count 0 1; asans=""; }
fi
for t in $asans; do
  out="$("./$t" 2>&1)"; rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "  $(basename "$t"): ok ($(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1) tests, no sanitizer report)"
    count 1 0
  else
    echo "  $(basename "$t"): FAILED"; echo "$out" | grep -E 'FAILED|ERROR|runtime error|SUMMARY' | head -20
    count 0 1
  fi
done

echo "== README examples (sql/readme.sql and expected/readme.out generated from README.md)"
if sh scripts/readme_sql.sh --check; then count 1 0; else count 0 1; fi
out="$(sh test/readme_sql_test.sh 2>&1)"
echo "$out" | sed 's/^/  /'
count "$(echo "$out" | grep -c '^ok ')" "$(echo "$out" | grep -c '^not ok ')"

echo "== pg_regress suite (throwaway cluster)"
stage_install
regress() {
  local target="$1"
  local log; log="$(mktemp)"
  in_cluster make -s "$target" >"$log" 2>&1
  local rc=$?
  grep -E '^(ok|not ok|test | *[a-z_]+ +\.\.\.|#)' "$log" | grep -v '^# using' || true
  local p f
  p=$(grep -cE '^ok |^test .*\.\.\. ok| \.\.\. ok' "$log")
  f=$(grep -cE '^not ok |\.\.\. FAILED' "$log")
  if [ "$rc" -ne 0 ]; then
    [ "$f" -eq 0 ] && f=1
    tail -40 "$log"
    [ -f regression.diffs ] && head -150 regression.diffs
  fi
  count "$p" "$f"
  rm -f "$log"
}
regress installcheck

echo "== upgrade test: every released version, ALTER EXTENSION mastery UPDATE, compared with a fresh install"
log="$(mktemp)"
in_cluster bash scripts/upgrade_test.sh >"$log" 2>&1
rc=$?
grep -E '^(ok|not ok|#)' "$log"
p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; tail -30 "$log"; fi
count "$p" "$f"
rm -f "$log"

if [ -d "$SHARED_DATA" ]; then
  echo "== pg_regress tests on ../shared/data"
  regress installcheck-shared
else
  echo "== skipped: tests on real data need ../shared/data beside the project (not found)"
fi
echo "== live mastery soak (8 concurrent writers for 15 s; the 60 s run: bash bench/live_soak.sh)"
soak_log="$(mktemp)"
if STAGE="$STAGE" bash "$ROOT/bench/live_soak.sh" 15 8 >"$soak_log" 2>&1; then
  grep -E '^(tps|REPEATABLE READ|NOTIFY|evidence rows|deadlocks|live soak)' "$soak_log" | sed 's/^/  /'
  count 1 0
else
  sed 's/^/  /' "$soak_log" | tail -30
  count 0 1
fi
rm -f "$soak_log"
rm -rf "$STAGE"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
