#!/usr/bin/env bash
# Throughput of mastery_track: writes with tracking against the same writes
# without it, measured in the same run and cluster.
#
# Usage (as root on Debian bookworm): bash bench/live.sh [rows] [seconds] [reps]
#   rows     rows of the COPY (default 1000000), in rows/10 groups
#   seconds  length of each pgbench run (default 10)
#
# The machine these figures come from is shared, so runs alternate (tracked
# first, then untracked first) and the medians of the ratios are reported.
#   reps     repetitions of each measure (default 5); medians are reported
#
# Figures (goals in brackets):
#   1. single-row INSERTs, 8 pgbench clients, 2 000 learners x 20 competencies,
#      a tracked table against an untracked one, runs interleaved  [>= 1/2]
#   2. COPY of `rows` rows from a file into an empty tracked table against
#      an empty untracked one (rows per second)                    [>= 1/3]
#   3. mastery_track_check over the tracked table after the COPY, in
#      seconds per million evidence rows and as a multiple of the plain
#      GROUP BY mastery_agg query over the same rows (no goal: the audit)
set -euo pipefail
ROWS="${1:-1000000}"
SECS="${2:-10}"
REPS="${3:-5}"
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

run_ins() { pgbench -n -c 8 -j 2 -T "$SECS" -D tbl="$1" -f "$W/ins.sql" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p'; }
echo "== 1. single-row INSERT, 8 clients, ${SECS} s per run, ${REPS} runs each (interleaved)"
: >"$W/r1"
for r in $(seq "$REPS"); do
  # the two runs alternate which goes first
  if [ $((r % 2)) -eq 1 ]; then
    t0=$(run_ins live_b0); t1=$(run_ins live_b1)
  else
    t1=$(run_ins live_b1); t0=$(run_ins live_b0)
  fi
  echo "  run $r: untracked $t0 tps, tracked $t1 tps, ratio $(echo "$t1 / $t0" | bc -l | cut -c1-5)"
  echo "$t1 / $t0" | bc -l >>"$W/r1"
done
echo "  median ratio tracked/untracked: $(median <"$W/r1" | cut -c1-5)   [goal >= 0.5]"
"${PSQL[@]}" -At -c "SELECT '  check after the inserts: ' || mastery_track_check('live_b1') || ' differing groups'"

echo "== 2. COPY of $ROWS rows into an empty table, ${REPS} runs each (interleaved)"
: >"$W/r2"; : >"$W/r3"; : >"$W/r4"
for r in $(seq "$REPS"); do
  "${PSQL[@]}" -c "TRUNCATE live_b0" -c "TRUNCATE live_b1" -c "CHECKPOINT"
  a=$(now); "${PSQL[@]}" -c "COPY live_b0 FROM '$W/rows.tsv'"; b=$(now)
  "${PSQL[@]}" -c "CHECKPOINT"
  c=$(now); "${PSQL[@]}" -c "COPY live_b1 FROM '$W/rows.tsv'"; d=$(now)
  u=$(echo "$b - $a" | bc -l); t=$(echo "$d - $c" | bc -l)
  e=$(now); chk=$("${PSQL[@]}" -At -c "SELECT mastery_track_check('live_b1')"); f=$(now)
  g=$(now); "${PSQL[@]}" -At -c "SELECT count(*) FROM (SELECT learner, comp, mastery_agg(score, at) FROM live_b1 GROUP BY 1, 2) x" >/dev/null; h=$(now)
  ck=$(echo "($f - $e) * 1000000 / $ROWS" | bc -l)
  printf '  run %d: untracked %.2f s (%.0f rows/s), tracked %.2f s (%.0f rows/s), ratio %.3f; check %s differing, %.2f s per million rows, %.2fx the GROUP BY mastery_agg query\n' \
    "$r" "$u" "$(echo "$ROWS / $u" | bc -l)" "$t" "$(echo "$ROWS / $t" | bc -l)" "$(echo "$u / $t" | bc -l)" "$chk" "$ck" "$(echo "($f - $e) / ($h - $g)" | bc -l)"
  echo "$u / $t" | bc -l >>"$W/r2"
  echo "$ck" >>"$W/r3"
  echo "($f - $e) / ($h - $g)" | bc -l >>"$W/r4"
done
echo "  median ratio of rows per second tracked/untracked: $(median <"$W/r2" | cut -c1-5)   [goal >= 0.333]"
echo "== 3. mastery_track_check: median $(median <"$W/r3" | cut -c1-5) s per million evidence rows ($((ROWS / 10)) groups), $(median <"$W/r4" | cut -c1-5)x the time of the GROUP BY mastery_agg query over the same rows"
"${PSQL[@]}" -At -c "SELECT '  groups in the target: ' || count(*) FROM live_b1_m"
