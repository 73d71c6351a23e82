#!/usr/bin/env bash
# Benchmark of the mastery extension against built-in and PL/pgSQL baselines.
#
# Usage (as root on Debian bookworm): bash bench/mastery.sh [rows]
#   rows    evidence rows to generate (default 10000000); the rows fall into
#           about rows/10 (learner, competency) groups: rows/200 learners x 20
#           competencies, about 10 assessments per group.
#
# Everything runs in one throwaway cluster: synthetic data is generated with
# generate_series, then each timed query runs 3 times (interleaved with its
# baseline) and the median is reported, as wall time and as the backend's CPU
# time (the machine may be shared; CPU time is less sensitive to other load).
# Queries feed a one-row count/sum over the grouped subquery, so output cost
# does not dominate and the planner cannot drop the aggregate. The serial leg
# of figure 4 is the serial run of the same query in figure 1.
#
# Figures (goals in brackets):
#   1. mastery_agg vs avg, same GROUP BY, no parallel workers   [ratio <= 1.5]
#   2. decaying_average vs an ordered PL/pgSQL aggregate         [>= 3x faster]
#   3. bkt vs an ordered PL/pgSQL aggregate (+ agreement check)  [>= 10x faster]
#   4. mastery_agg with 2 parallel workers vs none               [>= 1.6x]
#      on the same rows in a table hash-partitioned by learner (8
#      partitions, enable_partitionwise_aggregate = on), where each
#      worker aggregates whole partitions; references: avg likewise, and
#      both on the plain table, where the leader's serial finalize of
#      about 3 million partial states bounds any aggregate
#   5. stored bytes per evidence item, without and with seq      [<= 16 bytes]
#   6. (reference, no goal) decaying average and BKT scored from the stored
#      values of section 5, against the PL/pgSQL aggregates over the rows
#   7. figures 1-3 again once the table has the index an evidence table
#      has in practice, (learner, competency, at) INCLUDE (score), each side
#      on a GroupAggregate over an index-only scan (enable_hashagg = off for
#      both sides: the planner would hash the 1 M groups, which is slower);
#      reference: count(*) over the same plan, the floor of any aggregate,
#      against the PL/pgSQL aggregates (the most any aggregate could gain)
#
# Session settings used throughout: jit = off, work_mem = $BENCH_WORK_MEM
# (default 2GB) and hash_mem_multiplier = $BENCH_HASH_MEM_MULTIPLIER (default
# 6), kept from the first runs, when mastery_agg declared no transition space
# and the planner assumed 8 kB per group. It now declares 512 bytes (SSPACE),
# and one extra run at the default multiplier 2 shows the same in-memory plan;
# the EXPLAIN ANALYZE output shows the real peak (Memory Usage, Batches: 1).
# All settings are per session, so the run needs no CLUSTER_OPTS (which
# in_cluster passes on to the cluster as usual).
set -euo pipefail
ROWS="${1:-10000000}"
WORK_MEM="${BENCH_WORK_MEM:-2GB}"
HASH_MEM_MULT="${BENCH_HASH_MEM_MULTIPLIER:-6}"
case "$ROWS" in
  ''|*[!0-9]*) echo "usage: bash bench/mastery.sh [rows]" >&2; exit 2 ;;
esac
if [ "$ROWS" -lt 1000 ]; then
  echo "rows must be at least 1000" >&2; exit 2
fi
NCOMP=20
NLEARN=$(( ROWS / 200 ))
[ "$NLEARN" -lt 1 ] && NLEARN=1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/../scripts/deps.sh"
source "$HERE/../scripts/common.sh"

echo "== build and stage"
stage_install
WORK="$(mktemp -d /tmp/mastery-bench.XXXXXX)"
trap 'rm -rf "$STAGE" "$WORK"' EXIT
SQL="$WORK/bench.sql"
cp "$HERE/baselines.sql" "$WORK/baselines.sql"
chmod -R a+rX "$WORK"

# ---------------------------------------------------------------- queries
METHOD_DECAY="decaying_average(0.65)"
METHOD_BKT="bkt(0.4, 0.1, 0.1, 0.2, 0, 3)"
ORDER="ORDER BY at, score"	# the evidence order of mastery without seq

Q_MASTERY="SELECT count(*), sum(evidence_count(m)) FROM (SELECT learner, competency, mastery_agg(score, at) AS m FROM ev GROUP BY 1, 2) s"
Q_AVG="SELECT count(*), sum(a) FROM (SELECT learner, competency, avg(score) AS a FROM ev GROUP BY 1, 2) s"
# the same on the table partitioned by learner
Q_MASTERY_P="${Q_MASTERY/FROM ev /FROM evp }"
Q_AVG_P="${Q_AVG/FROM ev /FROM evp }"
Q_DECAY="SELECT count(*), sum(v) FROM (SELECT learner, competency, mastery_score(mastery_agg(score, at), '$METHOD_DECAY') AS v FROM ev GROUP BY 1, 2) s"
Q_DECAY_PL="SELECT count(*), sum(v) FROM (SELECT learner, competency, decay_agg(score $ORDER) AS v FROM ev GROUP BY 1, 2) s"
Q_BKT="SELECT count(*), sum(v) FROM (SELECT learner, competency, mastery_score(mastery_agg(score, at), '$METHOD_BKT') AS v FROM ev GROUP BY 1, 2) s"
Q_BKT_PL="SELECT count(*), sum(v) FROM (SELECT learner, competency, bkt_agg(score $ORDER) AS v FROM ev GROUP BY 1, 2) s"

SERIAL="SET max_parallel_workers_per_gather = 0;"
PARALLEL="SET max_parallel_workers_per_gather = 2;"

# timed LABEL SETTINGS QUERY RUN: one timed execution, result discarded.
# Records the wall time and the CPU time of the backend (user + system, from
# /proc/self/stat): the machine is shared, and CPU time is less sensitive to
# other users' load. With parallel workers it is the leader's share only.
timed() {
  cat >>"$SQL" <<EOF
$2
SELECT bench_cpu_ms() AS c0, clock_timestamp() AS t0 \\gset
\\o /dev/null
$3;
\\o
INSERT INTO bench_times VALUES ('$1', $4, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, bench_cpu_ms() - :c0);
EOF
}

# pair LABEL_A SETTINGS_A QUERY_A LABEL_B SETTINGS_B QUERY_B: 3 interleaved runs each
pair() {
  local run
  for run in 1 2 3; do
    timed "$1" "$2" "$3" "$run"
    timed "$4" "$5" "$6" "$run"
  done
}

show() { echo "\\echo '$*'" >>"$SQL"; }

# ---------------------------------------------------------------- script
cat >"$SQL" <<EOF
\\set ON_ERROR_STOP on
\\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION mastery;
\\i $WORK/baselines.sql
SET jit = off;
SET work_mem = '$WORK_MEM';
SET hash_mem_multiplier = $HASH_MEM_MULT;
CREATE TEMP TABLE bench_times (label text, run int, ms float8, cpu_ms float8);
-- CPU time of this backend in ms: utime + stime of /proc/self/stat (fields
-- 14 and 15, i.e. 12 and 13 after the command name)
CREATE FUNCTION bench_cpu_ms() RETURNS float8 LANGUAGE sql AS \$\$
  SELECT (split_part(s, ' ', 12)::bigint + split_part(s, ' ', 13)::bigint) * 1000.0 / $(getconf CLK_TCK)
    FROM (SELECT split_part(pg_read_file('/proc/self/stat'), ') ', 2) AS s) x
\$\$;

\\echo '== server'
SELECT version();
SELECT name, setting, unit FROM pg_settings
 WHERE name IN ('shared_buffers', 'work_mem', 'hash_mem_multiplier', 'jit',
                'max_worker_processes', 'max_parallel_workers')
 ORDER BY name;

\\echo '== load: $ROWS rows, $NLEARN learners x $NCOMP competencies'
-- Assessment rows arrive roughly in time order over a school year of 300
-- days (second resolution, spread over the day); 5% are entered late with a
-- time up to 3 weeks back. seq is a global assessment id (insertion order).
-- Scores 0-4 follow a logistic learning curve: learner ability, competency
-- difficulty (both fixed pseudo-random by id) and progress through the year.
CREATE UNLOGGED TABLE ev (learner int, competency int, score float8, at timestamptz, seq bigint);
SELECT setseed(0.42);
SELECT clock_timestamp() AS t0 \\gset
INSERT INTO ev
SELECT l, c,
       least(4, greatest(0, round(4.0 / (1.0 + exp(-(ability - difficulty + 3.0 * t - 0.5))) + (r3 - 0.5) * 1.5))),
       timestamptz '2025-09-01 07:00:00+00'
         + make_interval(secs => floor(t * 300 * 86400 + r4 * 10 * 3600)
                                 - CASE WHEN r5 < 0.05 THEN floor(r6 * 21 * 86400) ELSE 0 END),
       i
FROM (SELECT i, 1 + floor(r1 * $NLEARN)::int AS l, 1 + floor(r2 * $NCOMP)::int AS c,
             r3, r4, r5, r6, (i - 1)::float8 / $ROWS AS t
      FROM (SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
            FROM generate_series(1, $ROWS) i) g) g2,
     LATERAL (SELECT hashint4(l)::float8 / 2147483648.0 * 1.5 AS ability,
                     hashint4(c + 7919)::float8 / 2147483648.0 AS difficulty) h;
VACUUM ANALYZE ev;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 1) AS load_s,
       pg_size_pretty(pg_relation_size('ev')) AS table_size,
       (SELECT count(*) FROM (SELECT DISTINCT learner, competency FROM ev) d) AS groups,
       (SELECT count(*) FROM ev) AS rows,
       (SELECT round(avg(score)::numeric, 2) FROM ev) AS mean_score,
       (SELECT round(avg((at < lag_at)::int)::numeric, 3) FROM
          (SELECT at, lag(at) OVER (PARTITION BY learner, competency ORDER BY seq) AS lag_at
             FROM ev WHERE learner % 50 = 0) x) AS out_of_order_share;
-- the same rows in a table hash-partitioned by learner, for figure 4
CREATE UNLOGGED TABLE evp (LIKE ev) PARTITION BY HASH (learner);
SELECT format('CREATE UNLOGGED TABLE evp%s PARTITION OF evp FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i)
  FROM generate_series(0, 7) i \\gexec
INSERT INTO evp SELECT * FROM ev;
VACUUM ANALYZE evp;
EOF

{
  echo "\\echo '== 1. mastery_agg vs avg (max_parallel_workers_per_gather = 0)'"
  echo "$SERIAL"
  echo "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $Q_MASTERY;"
  echo "EXPLAIN (COSTS OFF) $Q_AVG;"
} >>"$SQL"
pair "1 mastery_agg" "$SERIAL" "$Q_MASTERY" "1 avg" "$SERIAL" "$Q_AVG"
{
  echo "\\echo '== 1 (reference). mastery_agg at the default hash_mem_multiplier = 2 (one run)'"
  echo "SET hash_mem_multiplier = 2;"
  echo "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $Q_MASTERY;"
  echo "SET hash_mem_multiplier = $HASH_MEM_MULT;"
} >>"$SQL"

{
  echo "\\echo '== 2/3. methods vs ordered PL/pgSQL aggregates (max_parallel_workers_per_gather = 0)'"
  echo "EXPLAIN (COSTS OFF) $Q_DECAY;"
  echo "EXPLAIN (COSTS OFF) $Q_DECAY_PL;"
} >>"$SQL"
pair "2 decaying_average" "$SERIAL" "$Q_DECAY" "2 plpgsql decay_agg" "$SERIAL" "$Q_DECAY_PL"
pair "3 bkt" "$SERIAL" "$Q_BKT" "3 plpgsql bkt_agg" "$SERIAL" "$Q_BKT_PL"

cat >>"$SQL" <<EOF
\\echo '== 2/3. agreement of mastery_score and the PL/pgSQL baselines (groups of every 50th learner)'
SELECT count(*) AS groups_checked,
       max(abs(a.d - b.d)) AS decay_max_abs_diff,
       max(abs(a.k - b.k)) AS bkt_max_abs_diff,
       bool_and(abs(a.d - b.d) < 1e-9 AND abs(a.k - b.k) < 1e-9) AS agree_within_1e_9
FROM (SELECT learner, competency,
             mastery_score(m, '$METHOD_DECAY') AS d,
             mastery_score(m, '$METHOD_BKT') AS k
        FROM (SELECT learner, competency, mastery_agg(score, at) AS m
                FROM ev WHERE learner % 50 = 0 GROUP BY 1, 2) x) a
JOIN (SELECT learner, competency, decay_agg(score $ORDER) AS d, bkt_agg(score $ORDER) AS k
        FROM ev WHERE learner % 50 = 0 GROUP BY 1, 2) b USING (learner, competency);
EOF

{
  echo "\\echo '== 4. 2 parallel workers vs none, on the table partitioned by learner (enable_partitionwise_aggregate = on)'"
  echo "SET enable_partitionwise_aggregate = on;"
  echo "$PARALLEL"
  echo "EXPLAIN (COSTS OFF) $Q_MASTERY_P;"
  echo "$SERIAL"
  echo "EXPLAIN (COSTS OFF) $Q_MASTERY_P;"
} >>"$SQL"
pair "4 mastery_agg partitioned, 2 workers" "$PARALLEL" "$Q_MASTERY_P" "4 mastery_agg partitioned, no workers" "$SERIAL" "$Q_MASTERY_P"
pair "4b avg partitioned, 2 workers" "$PARALLEL" "$Q_AVG_P" "4b avg partitioned, no workers" "$SERIAL" "$Q_AVG_P"
{
  echo "\\echo '== 4 (reference). the plain table with 2 parallel workers (parallel_setup_cost = 0, parallel_tuple_cost = 0, min_parallel_table_scan_size = 0)'"
  echo "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
  echo "$PARALLEL"
  echo "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $Q_MASTERY;"
} >>"$SQL"
# the serial legs are the section 1 runs of the same queries
pair "4c mastery_agg plain table, 2 workers" "$PARALLEL" "$Q_MASTERY" "4d avg plain table, 2 workers" "$PARALLEL" "$Q_AVG"
echo "$SERIAL" >>"$SQL"

# figures 1-3 again on the table with the index an evidence table has in
# practice, (learner, competency, at): each side on its fastest plan, a
# GroupAggregate over an index-only scan. The ordered PL/pgSQL aggregates
# choose it by themselves; for mastery_agg and avg the planner's cost model
# prefers hashing the 1 M groups (several times slower here), so the section
# turns enable_hashagg off, for both sides alike.
SORTED="SET max_parallel_workers_per_gather = 0; SET enable_hashagg = off;"
{
  echo "\\echo '== 7. figures 1-3 on the table with an index (learner, competency, at) INCLUDE (score), sorted plans (enable_hashagg = off)'"
  echo "CREATE INDEX ev_learner_competency_at ON ev (learner, competency, at) INCLUDE (score);"
  echo "VACUUM ANALYZE ev;"
  echo "$SORTED"
  echo "EXPLAIN (COSTS OFF) $Q_DECAY;"
  echo "EXPLAIN (COSTS OFF) $Q_DECAY_PL;"
} >>"$SQL"
pair "7 mastery_agg, index" "$SORTED" "$Q_MASTERY" "7 avg, index" "$SORTED" "$Q_AVG"
pair "7 decaying_average, index" "$SORTED" "$Q_DECAY" "7 plpgsql decay_agg, index" "$SORTED" "$Q_DECAY_PL"
pair "7 bkt, index" "$SORTED" "$Q_BKT" "7 plpgsql bkt_agg, index" "$SORTED" "$Q_BKT_PL"
# the floor of any aggregate over these rows and this plan: count(*)
Q_COUNT="SELECT count(*), sum(k) FROM (SELECT learner, competency, count(*) AS k FROM ev GROUP BY 1, 2) s"
for run in 1 2 3; do timed "7 count(*), index" "$SORTED" "$Q_COUNT" "$run"; done
{
  echo "RESET enable_hashagg;"
  echo "$SERIAL"
} >>"$SQL"

cat >>"$SQL" <<EOF
\\echo '== 5. storage'
CREATE UNLOGGED TABLE st AS
SELECT learner, competency, mastery_agg(score, at) AS m, mastery_agg(score, at, seq) AS ms
  FROM ev GROUP BY 1, 2;
-- fixed part of a stored value: the 16-byte format header plus the varlena
-- header (1 byte for values stored under 127 bytes, 4 otherwise)
CREATE TEMP TABLE storage AS
SELECT 'without seq' AS variant, count(*) AS "values", sum(evidence_count(m)) AS items,
       sum(pg_column_size(m)) AS bytes,
       sum(16 + CASE WHEN pg_column_size(m) <= 127 THEN 1 ELSE 4 END) AS header_bytes
  FROM st
UNION ALL
SELECT 'with seq', count(*), sum(evidence_count(ms)), sum(pg_column_size(ms)),
       sum(16 + CASE WHEN pg_column_size(ms) <= 127 THEN 1 ELSE 4 END)
  FROM st;
SELECT variant, "values", items, bytes,
       round(header_bytes::numeric / "values", 2) AS header_per_value,
       round((bytes - header_bytes)::numeric / items, 2) AS bytes_per_item,
       round(bytes::numeric / items, 2) AS bytes_per_item_incl_header
  FROM storage;
-- for contrast, a sample (every 50th learner) with less compressible
-- evidence: microsecond times and scores that need float8
SELECT count(*) AS sample_values,
       round(sum(pg_column_size(m) - 16 - CASE WHEN pg_column_size(m) <= 127 THEN 1 ELSE 4 END)::numeric
             / sum(evidence_count(m)), 2) AS bytes_per_item_us_times_float_scores
  FROM (SELECT mastery_agg(score / 3, at + (seq % 999983) * interval '1 microsecond') AS m
          FROM ev WHERE learner % 50 = 0 GROUP BY learner, competency) x;
SELECT pg_column_size('{}'::mastery) AS empty_value_in_memory,
       round(pg_relation_size('ev')::numeric / $ROWS, 1) AS source_table_bytes_per_row;
EOF

# reference, not a goal: the same methods scored from stored mastery values
# (one per group, as trigger-maintained columns keep them), against the
# PL/pgSQL aggregates over the rows (their section 2/3 medians)
Q_DECAY_ST="SELECT count(*), sum(mastery_score(m, '$METHOD_DECAY')) FROM st"
Q_BKT_ST="SELECT count(*), sum(mastery_score(m, '$METHOD_BKT')) FROM st"
echo "\\echo '== 6. (reference) scoring stored values: decaying average and BKT over the 1 M stored values of section 5'" >>"$SQL"
pair "6 decaying_average, stored values" "$SERIAL" "$Q_DECAY_ST" "6 bkt, stored values" "$SERIAL" "$Q_BKT_ST"

cat >>"$SQL" <<EOF
\\echo '== results: median of 3 runs (wall ms; backend CPU ms, the leader only with workers)'
CREATE TEMP VIEW med AS
SELECT label, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms) AS cpu,
       string_agg(round(ms::numeric)::text, ' / ' ORDER BY run) AS runs
  FROM bench_times GROUP BY label;
SELECT label, round(ms::numeric) AS median_ms, runs AS "runs (ms)", round(cpu::numeric) AS median_cpu_ms
  FROM med ORDER BY label;

\\echo '== figures against goals (value from wall medians; cpu_value from backend CPU medians, serial queries only)'
CREATE TEMP VIEW figures AS
WITH m AS (SELECT label, ms, cpu FROM med),
     r(n, figure, a, b, goal, lim, dir) AS (VALUES
  (1, 'mastery_agg / avg time (no workers)', '1 mastery_agg', '1 avg', '<= 1.5', 1.5, -1),
  (2, 'decaying_average speed-up vs PL/pgSQL', '2 plpgsql decay_agg', '2 decaying_average', '>= 3', 3, 1),
  (3, 'bkt speed-up vs PL/pgSQL', '3 plpgsql bkt_agg', '3 bkt', '>= 10', 10, 1),
  (4, 'speed-up with 2 parallel workers, partitioned by learner', '4 mastery_agg partitioned, no workers', '4 mastery_agg partitioned, 2 workers', '>= 1.6', 1.6, 1),
  (4, '(ref.) avg likewise', '4b avg partitioned, no workers', '4b avg partitioned, 2 workers', '-', NULL, 0),
  (4, '(ref.) mastery_agg, plain table', '1 mastery_agg', '4c mastery_agg plain table, 2 workers', '-', NULL, 0),
  (4, '(ref.) avg, plain table', '1 avg', '4d avg plain table, 2 workers', '-', NULL, 0),
  (6, '(ref.) decaying_average from stored values vs PL/pgSQL over rows', '2 plpgsql decay_agg', '6 decaying_average, stored values', '-', NULL, 0),
  (6, '(ref.) bkt from stored values vs PL/pgSQL over rows', '3 plpgsql bkt_agg', '6 bkt, stored values', '-', NULL, 0),
  (7, '1 with the index: mastery_agg / avg time', '7 mastery_agg, index', '7 avg, index', '<= 1.5', 1.5, -1),
  (7, '2 with the index: decaying_average speed-up vs PL/pgSQL', '7 plpgsql decay_agg, index', '7 decaying_average, index', '>= 3', 3, 1),
  (7, '3 with the index: bkt speed-up vs PL/pgSQL', '7 plpgsql bkt_agg, index', '7 bkt, index', '>= 10', 10, 1),
  (7, '(ref.) bound of 2: PL/pgSQL decay_agg / count(*), same plan', '7 plpgsql decay_agg, index', '7 count(*), index', '-', NULL, 0),
  (7, '(ref.) bound of 3: PL/pgSQL bkt_agg / count(*), same plan', '7 plpgsql bkt_agg, index', '7 count(*), index', '-', NULL, 0)
  )
SELECT n, figure, (SELECT ms FROM m WHERE label = a) / (SELECT ms FROM m WHERE label = b) AS value,
       CASE WHEN n <= 3 OR n = 7 THEN (SELECT cpu FROM m WHERE label = a) / nullif((SELECT cpu FROM m WHERE label = b), 0) END AS cpu_value,
       goal, lim, dir
  FROM r
UNION ALL
SELECT 5, 'bytes per item, ' || variant, (bytes - header_bytes)::float8 / items, NULL, '<= 16', 16, -1
  FROM storage;
SELECT n AS "#", figure, round(value::numeric, 2) AS value, round(cpu_value::numeric, 2) AS cpu_value, goal,
       CASE WHEN dir = 0 THEN '' WHEN (dir > 0 AND value >= lim) OR (dir < 0 AND value <= lim) THEN 'met' ELSE 'MISSED' END AS result
  FROM figures ORDER BY n, (n = 7 AND dir = 0), CASE WHEN n = 7 THEN figure END, dir DESC, figure DESC;
EOF

# Other users of the machine may run pg_virtualenv at the same time: as root it
# would use the one system-wide cluster name "regress" and refuse to start, so
# ask for a private temporary cluster (-t) on a free port instead.
free_port() {
  local p
  for p in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo 55432
}
export PGPORT="${PGPORT:-$(free_port)}"

echo "== run ($ROWS rows, work_mem $WORK_MEM, hash_mem_multiplier $HASH_MEM_MULT, $(nproc) cores)"
echo "load average at start (other users of the machine): $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
in_cluster psql -X -q -v ON_ERROR_STOP=1 -f "$SQL"
echo "== total $(( $(date +%s) - start )) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
