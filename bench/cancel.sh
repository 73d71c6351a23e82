#!/usr/bin/env bash
# Cancel latency and peak memory of long calls on large inputs, in a throwaway
# cluster. For each call:
#   full      the uninterrupted run time F (median of REPS runs after one warm-up);
#   peak      the backend's peak resident memory (VmHWM) during one run, above the
#             peak after a warm-up that reads (detoasts) the same input: the memory
#             the call itself needs, shown also per item of its input;
#   timeout   statement_timeout set to F/2: the time from the timeout to the error
#             (median of REPS);
#   cancel    pg_cancel_backend sent F/2 after the call started: the time from the
#             cancel to the error (median of REPS).
# A call that polls for interrupts stops within a few milliseconds; one that does
# not runs to its end, so its latency is about F/2.
# Usage (as root): bash bench/cancel.sh
#   ITEMS=n  items of the mastery value (default 1000000, the limit)
#   NODES=n  nodes of the chain graph (default 3000000)
#   REPS=n   repetitions of each timing (default 3)
#   ONLY=re  only the calls whose name matches the regular expression
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/common.sh"
cd "$ROOT"

if [ "${1:-}" != "--inside" ]; then
  stage_install
  trap 'rm -rf "$STAGE"' EXIT
  in_cluster bash "$HERE/cancel.sh" --inside
  exit $?
fi

ITEMS="${ITEMS:-1000000}"
NODES="${NODES:-3000000}"
REPS="${REPS:-3}"
ONLY="${ONLY:-.}"
export PGOPTIONS="-c jit=off -c max_parallel_workers_per_gather=0"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== setup: a mastery value of $ITEMS items, a chain graph of $NODES nodes"
psql -X -q -v ON_ERROR_STOP=1 <<EOF
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
CREATE TABLE cb_m AS
  SELECT mastery_agg((i % 5)::float8, '2024-01-01'::timestamptz + i * interval '1 s') AS m
  FROM generate_series(1, $ITEMS) i;
CREATE TABLE cb_g AS
  SELECT ('{' || string_agg('n' || i || '->n' || (i + 1), ',') || '}')::competency_graph AS g
  FROM generate_series(1, $NODES - 1) i;
EOF

# name | items of the input | warm-up reading the input | the call
CASES=$(cat <<'EOF'
to_dot|NODES|SELECT graph_node_count(g) FROM cb_g|SELECT length(to_dot(g)) FROM cb_g
topological_order|NODES|SELECT graph_node_count(g) FROM cb_g|SELECT cardinality(topological_order(g)) FROM cb_g
mastery_explain|ITEMS|SELECT evidence_count(m) FROM cb_m|SELECT pg_column_size(mastery_explain(m, 'decaying_average(0.65)')) FROM cb_m
mastery_to_jsonb|ITEMS|SELECT evidence_count(m) FROM cb_m|SELECT pg_column_size(mastery_to_jsonb(m)) FROM cb_m
mastery_out|ITEMS|SELECT evidence_count(m) FROM cb_m|SELECT length(m::text) FROM cb_m
EOF
)

# one run in a fresh backend: "elapsed_ms peak_kb_above_warmup" (the backend
# reads its own /proc/self/status; psql times the call)
run_full() {
  local warm="$1" q="$2" out
  out=$(psql -X -At -v ON_ERROR_STOP=1 2>&1 <<EOF
\o /dev/null
$warm;
\o
SELECT 'hwm0 ' || (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1];
\o /dev/null
\timing on
$q;
\timing off
\o
SELECT 'hwm1 ' || (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1];
EOF
)
  echo "$out" | awk '/^hwm0/ {h0=$2} /^hwm1/ {h1=$2} /^Time: / {t=$2}
                     END {printf "%d %d\n", t, h1 - h0}'
}

# statement_timeout of t ms: the time from the timeout to the error (psql's own
# timing of the statement, so the connection is not counted)
run_timeout() {
  local q="$1" t="$2" ms
  ms=$(psql -X -q -c "SET statement_timeout = '${t}ms'" -c '\timing on' -c "$q" 2>&1 |
       sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
  awk -v ms="$ms" -v t="$t" 'BEGIN {printf "%d", ms - t}'
}

# pg_cancel_backend after d ms: the time from the cancel to the error
run_cancel() {
  local q="$1" d="$2" qpid t0 t1
  PGAPPNAME=mastery_cancel_bench psql -X -q -c "$q" >/dev/null 2>&1 &
  qpid=$!
  sleep "$(awk -v d="$d" 'BEGIN {printf "%.3f", d / 1000}')"
  psql -X -At -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                  WHERE application_name = 'mastery_cancel_bench' AND state = 'active'" >/dev/null
  t0=$(now_ms)
  wait "$qpid" || true
  t1=$(now_ms)
  echo $(( t1 - t0 ))
}

printf '%-18s %9s %10s %12s %10s %10s\n' call full_ms peak_MB bytes/item timeout_ms cancel_ms
echo "$CASES" | while IFS='|' read -r name nvar warm q; do
  echo "$name" | grep -Eq "$ONLY" || continue
  n=${!nvar}
  fulls=""; peak=0
  run_full "$warm" "$q" >/dev/null
  for _ in $(seq "$REPS"); do
    read -r ms kb < <(run_full "$warm" "$q")
    fulls="$fulls $ms"
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  full=$(echo "$fulls" | median)
  half=$(( full / 2 ))
  touts=""; cancels=""
  for _ in $(seq "$REPS"); do
    touts="$touts $(run_timeout "$q" "$half")"
    cancels="$cancels $(run_cancel "$q" "$half")"
  done
  printf '%-18s %9d %10.1f %12.0f %10s %10s\n' "$name" "$full" "$(echo "$peak / 1024" | bc -l)" \
    "$(echo "$peak * 1024 / $n" | bc -l)" "$(echo "$touts" | median)" "$(echo "$cancels" | median)"
done
