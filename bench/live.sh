#!/usr/bin/env bash
# Throughput of mastery_track: writes with tracking against the same writes
# without it, measured in the same run and cluster.
#
# Usage (as root on Debian bookworm): bash bench/live.sh [rows] [seconds] [reps]
#   rows     rows of the COPY (default 1000000), in rows/10 groups
#   seconds  length of each pgbench run (default 10)
#   reps     repetitions of each measure (default 3); medians are reported
#
# Figures (goals in brackets):
#   1. single-row INSERTs, 8 pgbench clients, 2 000 learners x 20 competencies,
#      a tracked table against an untracked one, runs interleaved  [>= 1/2]
#   2. COPY of `rows` rows from a file into an empty tracked table against
#      an empty untracked one (rows per second)                    [>= 1/3]
#   3. mastery_track_check over the tracked table after the COPY, in
#      seconds per million evidence rows (no goal: the nightly audit)
set -euo pipefail
ROWS="${1:-1000000}"
SECS="${2:-10}"
REPS="${3:-3}"
case "$ROWS$SECS$REPS" in
  *[!0-9]*|'') echo "usage: bash bench/live.sh [rows] [seconds] [reps]" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${LIVE_BENCH_INNER:-}" ]; then
  bash "$HERE/../scripts/deps.sh"
  source "$HERE/../scripts/common.sh"
  stage_install
  trap 'rm -rf "$STAGE"' EXIT
  LIVE_BENCH_INNER=1 in_cluster bash "$HERE/live.sh" "$ROWS" "$SECS" "$REPS"
  exit $?
fi

W="$(mktemp -d /tmp/live-bench.XXXXXX)"
chmod 777 "$W"
trap 'rm -rf "$W"' EXIT
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

"${PSQL[@]}" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
DROP TABLE IF EXISTS live_b0, live_b1, live_b1_m;
CREATE TABLE live_b0 (learner int, comp int, score float8, at timestamptz);
CREATE TABLE live_b1 (LIKE live_b0);
SELECT FROM mastery_track('live_b1', 'live_b1_m', ARRAY['learner', 'comp'], 'score', 'at') \g /dev/null
-- group number g % (rows / 10): learner (g % (rows / 10)) / 10 + 1, competency 1-10
COPY (SELECT 1 + (g % ($ROWS / 10)) / 10, 1 + g % 10, g % 5, '2024-09-01'::timestamptz + (g % 100000) * interval '1 minute'
      FROM generate_series(0, $ROWS - 1) g) TO '$W/rows.tsv';
SQL

cat >"$W/ins.sql" <<'EOF2'
\set l random(1, 2000)
\set c random(1, 20)
INSERT INTO :tbl VALUES (:l, :c, floor(random() * 5), now());
EOF2

echo "== 1. single-row INSERT, 8 clients, ${SECS} s per run, ${REPS} runs each (interleaved)"
: >"$W/r1"
for r in $(seq "$REPS"); do
  t0=$(pgbench -n -c 8 -j 2 -T "$SECS" -D tbl=live_b0 -f "$W/ins.sql" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  t1=$(pgbench -n -c 8 -j 2 -T "$SECS" -D tbl=live_b1 -f "$W/ins.sql" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "  run $r: untracked $t0 tps, tracked $t1 tps, ratio $(echo "$t1 / $t0" | bc -l | cut -c1-5)"
  echo "$t1 / $t0" | bc -l >>"$W/r1"
done
echo "  median ratio tracked/untracked: $(median <"$W/r1" | cut -c1-5)   [goal >= 0.5]"
"${PSQL[@]}" -At -c "SELECT '  check after the inserts: ' || mastery_track_check('live_b1') || ' differing groups'"

echo "== 2. COPY of $ROWS rows into an empty table, ${REPS} runs each (interleaved)"
: >"$W/r2"; : >"$W/r3"
for r in $(seq "$REPS"); do
  "${PSQL[@]}" -c "TRUNCATE live_b0" -c "TRUNCATE live_b1" -c "CHECKPOINT"
  a=$(now); "${PSQL[@]}" -c "COPY live_b0 FROM '$W/rows.tsv'"; b=$(now)
  "${PSQL[@]}" -c "CHECKPOINT"
  c=$(now); "${PSQL[@]}" -c "COPY live_b1 FROM '$W/rows.tsv'"; d=$(now)
  u=$(echo "$b - $a" | bc -l); t=$(echo "$d - $c" | bc -l)
  e=$(now); chk=$("${PSQL[@]}" -At -c "SELECT mastery_track_check('live_b1')"); f=$(now)
  ck=$(echo "($f - $e) * 1000000 / $ROWS" | bc -l)
  printf '  run %d: untracked %.2f s (%.0f rows/s), tracked %.2f s (%.0f rows/s), ratio %.3f; check %s differing, %.2f s per million rows\n' \
    "$r" "$u" "$(echo "$ROWS / $u" | bc -l)" "$t" "$(echo "$ROWS / $t" | bc -l)" "$(echo "$u / $t" | bc -l)" "$chk" "$ck"
  echo "$u / $t" | bc -l >>"$W/r2"
  echo "$ck" >>"$W/r3"
done
echo "  median ratio of rows per second tracked/untracked: $(median <"$W/r2" | cut -c1-5)   [goal >= 0.333]"
echo "== 3. mastery_track_check: median $(median <"$W/r3" | cut -c1-5) s per million evidence rows ($((ROWS / 10)) groups)"
"${PSQL[@]}" -At -c "SELECT '  groups in the target: ' || count(*) FROM live_b1_m"
