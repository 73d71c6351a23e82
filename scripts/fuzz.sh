#!/usr/bin/env bash
# Run each libFuzzer harness of fuzz/ (the core's parsers and decoders) for a while.
# Usage: bash scripts/fuzz.sh SECONDS         each harness for SECONDS seconds
#        bash scripts/fuzz.sh --runs N        each harness for N executions
#        ONLY=regex bash scripts/fuzz.sh ...  only the matching harnesses
# New inputs go to a scratch corpus (the seeds in fuzz/corpus stay as they are);
# a crash or failed round trip stops that harness, leaves its input in
# fuzz/findings/ and makes the script fail. Prints executions per harness.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="${2:?--runs needs a count}")
else
  limit=(-max_total_time="${1:-10}")
fi
ONLY="${ONLY:-.}"

command -v clang >/dev/null || { echo "clang is needed (apt-get install clang)"; exit 1; }
make -s -j2 fuzz >/dev/null || { echo "fuzz build failed"; exit 1; }

work="$(mktemp -d /tmp/mastery-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p fuzz/findings
failed=0
for bin in fuzz/bin/fuzz_*; do
  name="$(basename "$bin")"
  echo "$name" | grep -Eq "$ONLY" || continue
  mkdir -p "$work/$name"
  log="$work/$name.log"
  start=$(date +%s)
  "$bin" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="fuzz/findings/$name-" "$work/$name" "fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    printf '  %-20s ok: %s executions in %d s (%s/s), %s\n' "$name" "${execs:-?}" "$secs" \
      "$(( ${execs:-0} / (secs > 0 ? secs : 1) ))" "${cov:-cov: ?}"
  else
    failed=1
    printf '  %-20s FAILED (exit %d); input kept in fuzz/findings/\n' "$name" "$rc"
    grep -E 'ERROR|round trip failed|runtime error|SUMMARY|Test unit written' "$log" | head -10
  fi
done
exit $failed
