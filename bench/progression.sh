#!/usr/bin/env bash
# Benchmark of the learning-progression functions against plain SQL giving the
# same answers, both measured in the same run, in a throwaway cluster:
#   (a) rollup_mastered() for every learner over a 1 000-node hierarchy
#       (course -> 10 domains -> 100 clusters -> 889 standards) with mixed rules,
#       against an iterative GROUP BY / HAVING query per level of the hierarchy;
#   (b) learning_progress() + learning_pace() for every learner, against plain
#       SQL computing the same counts, ready set, pace, projection and status.
# Each figure is the median of REPS interleaved runs; both sides are first
# checked to give the same answer for every learner.
# Usage: bash bench/progression.sh   (LEARNERS=n, default 100000; REPS=n, default 3;
#                                     TIMING=on also prints the time of every statement)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/../scripts/deps.sh"
source "$HERE/../scripts/common.sh"
cd "$ROOT"

LEARNERS="${LEARNERS:-100000}"
REPS="${REPS:-3}"

stage_install
trap 'rm -rf "$STAGE"' EXIT

SQL="$(mktemp /tmp/mastery-bench-progression.XXXXXX.sql)"
chmod 644 "$SQL"
cat >"$SQL" <<'EOF'
\set ON_ERROR_STOP on
\if :timing
\timing on
\endif
SET client_min_messages = warning;
-- node names are codes: compare them bytewise on both sides (a C-collation database)
CREATE DATABASE progression_bench TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8';
\c progression_bench
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
SET max_parallel_workers_per_gather = 0;   -- compare single-process work
SET jit = off;
SET TimeZone = 'UTC';
SET work_mem = '256MB';

-- median of :reps interleaved runs of two queries, in milliseconds (the load of
-- a shared machine drifts; interleaving exposes both to the same conditions)
CREATE FUNCTION pg_temp.median_pair(q1 text, q2 text, reps int) RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; a float8[] := '{}'; b float8[] := '{}'; i int;
BEGIN
  FOR i IN 1 .. reps LOOP
    t0 := clock_timestamp();
    EXECUTE q1;
    a := a || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
    t0 := clock_timestamp();
    EXECUTE q2;
    b := b || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
  END LOOP;
  RETURN ARRAY[(SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(a) x),
               (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(b) x)];
END $$;
CREATE FUNCTION pg_temp.median_ms(q text, reps int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; a float8[] := '{}'; i int;
BEGIN
  FOR i IN 1 .. reps LOOP
    t0 := clock_timestamp();
    EXECUTE q;
    a := a || extract(epoch FROM clock_timestamp() - t0)::float8 * 1000;
  END LOOP;
  RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(a) x);
END $$;
CREATE FUNCTION pg_temp.row(what text, ext_ms float8, base_ms float8, goal text) RETURNS text
LANGUAGE sql AS $$
  SELECT format('| %s | %s | %s | %s | %s |', rpad(what, 58),
                lpad(round(ext_ms::numeric, 0)::text, 9), lpad(round(base_ms::numeric, 0)::text, 9),
                lpad(round((base_ms / greatest(ext_ms, 0.001))::numeric, 1)::text || 'x', 7), goal)
$$;

-- ---- the hierarchy: course <- D0..D9 <- C00..C99 <- S000..S888 (edges child -> parent) ----
-- cluster c belongs to domain c / 10; standard i to cluster i % 100, and every
-- 50th standard (i % 50 = 7) to the next cluster as well (a child with two parents)
SELECT setseed(0.31);
CREATE TABLE standard AS
SELECT i, 'S' || lpad(i::text, 3, '0') AS node, i % 100 AS cluster FROM generate_series(0, 888) i;
CREATE TABLE hierarchy (child text, parent text, points float8 NOT NULL DEFAULT 1,
                        required bool NOT NULL DEFAULT false, PRIMARY KEY (child, parent));
INSERT INTO hierarchy (child, parent)
SELECT node, 'C' || lpad(cluster::text, 2, '0') FROM standard
UNION ALL
SELECT node, 'C' || lpad(((cluster + 1) % 100)::text, 2, '0') FROM standard WHERE i % 50 = 7
UNION ALL
SELECT 'C' || lpad(c::text, 2, '0'), 'D' || (c / 10) FROM generate_series(0, 99) c;
-- the course counts domains by points (1, 2 or 3 each; 19 in all), D0 required
INSERT INTO hierarchy
SELECT 'D' || d, 'course', 1 + d % 3, d = 0 FROM generate_series(0, 9) d;
-- rules: clusters "all" (the default), domains at least 4..7 of their 10
-- clusters, the course 10 of its 19 points; height = longest path down to a standard
CREATE TABLE rule (parent text PRIMARY KEY, kind text, k float8, height int, nchild int, nrequired int);
INSERT INTO rule
SELECT parent, kind, k, height,
       (SELECT count(*) FROM hierarchy h WHERE h.parent = x.parent),
       (SELECT count(*) FROM hierarchy h WHERE h.parent = x.parent AND h.required)
FROM (SELECT 'C' || lpad(c::text, 2, '0') AS parent, 'all' AS kind, NULL::float8 AS k, 1 AS height
      FROM generate_series(0, 99) c
      UNION ALL SELECT 'D' || d, 'at_least', 4 + d % 4, 2 FROM generate_series(0, 9) d
      UNION ALL SELECT 'course', 'points', 10, 3) x;
-- the same rules as rollup_mastered() takes them
CREATE TABLE rules AS
SELECT jsonb_build_object('*', 'all') || jsonb_object_agg(r.parent,
         CASE r.kind
           WHEN 'at_least' THEN jsonb_build_object('at_least', r.k::int)
           WHEN 'points' THEN jsonb_build_object('threshold', r.k,
             'points', (SELECT jsonb_object_agg(h.child, h.points) FROM hierarchy h WHERE h.parent = r.parent),
             'required', (SELECT coalesce(jsonb_agg(h.child), '[]') FROM hierarchy h
                          WHERE h.parent = r.parent AND h.required))
           ELSE to_jsonb(r.kind) END) AS j
FROM rule r WHERE r.kind <> 'all';
CREATE TABLE hier AS SELECT competency_graph_agg(child, parent) AS g FROM hierarchy;
CREATE INDEX ON hierarchy (parent);
ANALYZE standard; ANALYZE hierarchy; ANALYZE rule;

-- ---- prerequisites among the standards (for learning_progress) -------------------
-- each standard needs the one 100 before it (the same cluster), and every third
-- standard also the one just before it; all 889 standards are the targets
CREATE TABLE prereq AS
SELECT 'S' || lpad((i - 100)::text, 3, '0') AS from_node, 'S' || lpad(i::text, 3, '0') AS to_node
FROM generate_series(100, 888) i
UNION ALL
SELECT 'S' || lpad((i - 1)::text, 3, '0'), 'S' || lpad(i::text, 3, '0')
FROM generate_series(1, 888) i WHERE i % 3 = 0 AND i % 100 <> 0;
CREATE INDEX ON prereq (to_node);
CREATE INDEX ON prereq (from_node);
CREATE TABLE prog AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_node, to_node FROM prereq UNION ALL SELECT NULL, node FROM standard) s(p, c);
CREATE TABLE target AS SELECT node FROM standard;
CREATE TABLE root AS SELECT node FROM target t WHERE NOT EXISTS (SELECT 1 FROM prereq p WHERE p.to_node = t.node);
CREATE TABLE course_targets AS SELECT array_agg(node ORDER BY node) AS t FROM target;
ANALYZE prereq; ANALYZE target; ANALYZE root;

-- ---- learners ----------------------------------------------------------------------
-- each learner works through the clusters in curriculum order (70% from D0, the
-- others from a random domain, wrapping round): w whole clusters, about half of
-- the next one, and 6 stray standards anywhere. Most learners have done a few
-- clusters (w < 5), one in twenty-five much of the course (w = 40..99). Three in four
-- have a start date; mastery times fall between the start and the as-of date.
CREATE TABLE learner_param AS
SELECT l AS learner,
       CASE WHEN random() < 0.96 THEN floor(random() * 5) ELSE 40 + floor(random() * 60) END::int AS w,
       CASE WHEN random() < 0.7 THEN 0 ELSE floor(random() * 10)::int END AS off,
       CASE WHEN random() < 0.75 THEN timestamptz '2025-09-01' + random() * interval '14 days' END AS started
FROM generate_series(1, :learners) l;
CREATE TABLE learner_mastered AS
SELECT x.learner, s.node,
       coalesce(p.started, timestamptz '2025-09-08')
         + random() * (timestamptz '2026-01-15' - coalesce(p.started, timestamptz '2025-09-08')) AS at
FROM (SELECT p.learner, s.i
      FROM learner_param p, generate_series(0, p.w) q, standard s
      WHERE s.cluster = (q + 10 * p.off) % 100 AND (q < p.w OR random() < 0.5)
      UNION
      SELECT p.learner, floor(random() * 889)::int FROM learner_param p, generate_series(1, 6) k) x
JOIN standard s USING (i) JOIN learner_param p USING (learner);
ALTER TABLE learner_mastered ADD PRIMARY KEY (learner, node);
CREATE INDEX ON learner_mastered (node);
-- the same sets as arrays, one row per learner (times in the same order)
CREATE TABLE learner AS
SELECT p.learner, p.started,
       coalesce(array_agg(m.node ORDER BY m.at) FILTER (WHERE m.node IS NOT NULL), '{}') AS mastered,
       coalesce(array_agg(m.at ORDER BY m.at) FILTER (WHERE m.node IS NOT NULL), '{}') AS mastered_at
FROM learner_param p LEFT JOIN learner_mastered m USING (learner)
GROUP BY p.learner, p.started;
VACUUM ANALYZE learner_mastered; VACUUM ANALYZE learner; VACUUM ANALYZE learner_param;
SELECT format('hierarchy: %s nodes, %s edges (%s rules); prerequisites: %s edges; %s learners, %s mastered rows (%s per learner)',
              graph_node_count(h.g), graph_edge_count(h.g), (SELECT count(*) FROM rule), (SELECT count(*) FROM prereq),
              (SELECT count(*) FROM learner), (SELECT count(*) FROM learner_mastered),
              round((SELECT count(*) FROM learner_mastered)::numeric / (SELECT count(*) FROM learner), 1))
FROM hier h;

-- ================================================================ (a) rollups
-- extension: the parents each learner gets credit for (result minus the input)
\set ext_rollup 'SELECT sum(cardinality(rollup_mastered(h.g, l.mastered, r.j)) - cardinality(l.mastered)) FROM learner l, hier h, rules r'
\set ext_rollup_agg 'SELECT sum(cardinality(rollup_mastered(h.g, x.m, r.j)) - cardinality(x.m)) FROM (SELECT learner, array_agg(node) AS m FROM learner_mastered GROUP BY learner) x, hier h, rules r'
-- plain SQL: one GROUP BY / HAVING per level of the hierarchy, each level fed by
-- the mastered rows and the parents credited at the levels below (a rule with a
-- positive threshold needs at least one mastered child, so the join finds it)
\set sql_levels 'WITH lvl1 AS (SELECT m.learner, r.parent FROM learner_mastered m JOIN hierarchy h ON h.child = m.node JOIN rule r ON r.parent = h.parent AND r.height = 1 GROUP BY m.learner, r.parent, r.kind, r.k, r.nchild, r.nrequired HAVING count(*) FILTER (WHERE h.required) = r.nrequired AND CASE r.kind WHEN ''all'' THEN count(*) = r.nchild WHEN ''any'' THEN true WHEN ''at_least'' THEN count(*) >= r.k ELSE sum(h.points) >= r.k END), lvl2 AS (SELECT m.learner, r.parent FROM (SELECT learner, node FROM learner_mastered UNION ALL SELECT learner, parent FROM lvl1) m JOIN hierarchy h ON h.child = m.node JOIN rule r ON r.parent = h.parent AND r.height = 2 GROUP BY m.learner, r.parent, r.kind, r.k, r.nchild, r.nrequired HAVING count(*) FILTER (WHERE h.required) = r.nrequired AND CASE r.kind WHEN ''all'' THEN count(*) = r.nchild WHEN ''any'' THEN true WHEN ''at_least'' THEN count(*) >= r.k ELSE sum(h.points) >= r.k END), lvl3 AS (SELECT m.learner, r.parent FROM (SELECT learner, node FROM learner_mastered UNION ALL SELECT learner, parent FROM lvl1 UNION ALL SELECT learner, parent FROM lvl2) m JOIN hierarchy h ON h.child = m.node JOIN rule r ON r.parent = h.parent AND r.height = 3 GROUP BY m.learner, r.parent, r.kind, r.k, r.nchild, r.nrequired HAVING count(*) FILTER (WHERE h.required) = r.nrequired AND CASE r.kind WHEN ''all'' THEN count(*) = r.nchild WHEN ''any'' THEN true WHEN ''at_least'' THEN count(*) >= r.k ELSE sum(h.points) >= r.k END)'
\set sql_rollup :sql_levels ' SELECT count(*) FROM (TABLE lvl1 UNION ALL TABLE lvl2 UNION ALL TABLE lvl3) x'

-- same answer, learner by learner: the sets of credited parents must be equal
CREATE TABLE ext_credit AS
SELECT l.learner, x.node
FROM learner l, hier h, rules r, unnest(rollup_mastered(h.g, l.mastered, r.j)) x(node)
WHERE EXISTS (SELECT 1 FROM rule u WHERE u.parent = x.node);
CREATE TABLE sql_credit AS :sql_levels SELECT * FROM lvl1 UNION ALL SELECT * FROM lvl2 UNION ALL SELECT * FROM lvl3;
SELECT count(DISTINCT coalesce(a.learner, b.learner)) AS rollup_mismatch
FROM ext_credit a FULL JOIN sql_credit b ON a.learner = b.learner AND a.node = b.parent
WHERE a.learner IS NULL OR b.learner IS NULL \gset
SELECT format('rollup: %s credits (%s clusters, %s domains, %s courses); learners whose credits differ between the extension and plain SQL: %s',
              count(*), count(*) FILTER (WHERE node LIKE 'C%'), count(*) FILTER (WHERE node LIKE 'D%'),
              count(*) FILTER (WHERE node = 'course'), :rollup_mismatch)
FROM ext_credit;
SELECT (:ext_rollup) = (:sql_rollup) AND (:ext_rollup) = (:ext_rollup_agg) AND :rollup_mismatch = 0 AS same_rollup \gset
\if :same_rollup
\else
  \echo 'rollup_mastered: extension and plain SQL disagree'
  \quit
\endif

-- ================================================================ (b) progress and pace
-- the dates every learner is measured against
CREATE TABLE pace_dates AS SELECT timestamptz '2026-06-15 00:00+00' AS due, timestamptz '2026-01-15 00:00+00' AS as_of;
\set ext_pace 'SELECT count(*), sum(p.total), sum(p.done), sum(p.fraction), sum(cardinality(p.remaining)), sum(cardinality(p.ready)), sum(s.per_week), count(s.projected_completion), max(s.projected_completion), count(*) FILTER (WHERE s.status = ''ahead''), count(*) FILTER (WHERE s.status = ''behind'') FROM learner l, prog g, course_targets ct, pace_dates d, LATERAL learning_progress(g.g, ct.t, l.mastered) p, LATERAL learning_pace(p.total, l.mastered_at, l.started, d.due, d.as_of) s'
-- plain SQL: counts per learner, the ready set by NOT EXISTS (candidates are the
-- targets without prerequisites and the dependents of mastered standards), the
-- pace and projection in epoch seconds, the status by the same rules
\set sql_pace_rows 'WITH tot AS (SELECT count(*)::int AS total FROM target), per AS (SELECT m.learner, count(*) AS done, min(m.at) AS first_at, max(m.at) AS last_at FROM learner_mastered m WHERE m.node IN (SELECT node FROM target) GROUP BY m.learner), rdy AS (SELECT c.learner, count(*) AS n_ready FROM (SELECT p.learner, r.node FROM learner_param p CROSS JOIN root r UNION SELECT m.learner, e.to_node FROM learner_mastered m JOIN prereq e ON e.from_node = m.node) c WHERE c.node IN (SELECT node FROM target) AND NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner = c.learner AND m.node = c.node) AND NOT EXISTS (SELECT 1 FROM prereq e WHERE e.to_node = c.node AND NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner = c.learner AND m.node = e.from_node)) GROUP BY c.learner), base AS (SELECT l.learner, t.total, coalesce(per.done, 0) AS done, per.last_at, extract(epoch FROM coalesce(l.started, per.first_at, d.as_of)) AS start_s, extract(epoch FROM d.as_of) AS asof_s, extract(epoch FROM d.due) AS due_s, coalesce(rdy.n_ready, 0) AS n_ready FROM learner_param l CROSS JOIN tot t CROSS JOIN pace_dates d LEFT JOIN per USING (learner) LEFT JOIN rdy USING (learner)), pace AS (SELECT b.*, CASE WHEN b.total > 0 THEN b.done::float8 / b.total ELSE 1 END AS fraction, b.total - b.done AS n_remaining, CASE WHEN b.done > 0 AND b.asof_s > b.start_s THEN b.done / ((b.asof_s - b.start_s) / 86400) * 7 ELSE 0 END AS per_week, CASE WHEN b.done >= b.total THEN coalesce(b.last_at, to_timestamp(b.asof_s)) WHEN b.done > 0 AND b.asof_s > b.start_s THEN to_timestamp(b.asof_s + (b.total - b.done) / (b.done / (b.asof_s - b.start_s))) END AS projected FROM base b) SELECT p.*, CASE WHEN p.done >= p.total THEN ''done'' WHEN p.projected IS NULL OR p.asof_s > p.due_s OR extract(epoch FROM p.projected) > p.due_s THEN ''behind'' WHEN p.due_s > p.start_s AND extract(epoch FROM p.projected) <= p.due_s - (p.due_s - p.start_s) / 10 THEN ''ahead'' ELSE ''on track'' END AS status FROM pace p'
\set sql_pace 'SELECT count(*), sum(total), sum(done), sum(fraction), sum(n_remaining), sum(n_ready), sum(per_week), count(projected), max(projected), count(*) FILTER (WHERE status = ''ahead''), count(*) FILTER (WHERE status = ''behind'') FROM (' :sql_pace_rows ') x'

CREATE TABLE ext_pace AS
SELECT l.learner, p.total, p.done, p.fraction, cardinality(p.remaining) AS n_remaining, p.ready,
       s.done AS pace_done, s.per_week, s.projected_completion AS projected, s.status
FROM learner l, prog g, course_targets ct, pace_dates d,
     LATERAL learning_progress(g.g, ct.t, l.mastered) p,
     LATERAL learning_pace(p.total, l.mastered_at, l.started, d.due, d.as_of) s;
CREATE TABLE sql_pace AS :sql_pace_rows;
-- the ready sets themselves, as sets, for one learner in ten
CREATE TABLE sql_ready AS
SELECT c.learner, c.node FROM (SELECT p.learner, r.node FROM learner_param p CROSS JOIN root r
                               UNION SELECT m.learner, e.to_node FROM learner_mastered m JOIN prereq e ON e.from_node = m.node) c
WHERE c.learner % 10 = 0 AND c.node IN (SELECT node FROM target)
  AND NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner = c.learner AND m.node = c.node)
  AND NOT EXISTS (SELECT 1 FROM prereq e WHERE e.to_node = c.node
                  AND NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner = c.learner AND m.node = e.from_node));
SELECT count(*) AS pace_mismatch
FROM ext_pace e FULL JOIN sql_pace s USING (learner)
WHERE e.learner IS NULL OR s.learner IS NULL
   OR e.total <> s.total OR e.done <> s.done OR e.pace_done <> s.done OR abs(e.fraction - s.fraction) > 1e-12
   OR e.n_remaining <> s.n_remaining OR cardinality(e.ready) <> s.n_ready
   OR abs(e.per_week - s.per_week) > 1e-9 * greatest(1, abs(s.per_week))
   OR (e.projected IS NULL) <> (s.projected IS NULL)
   OR abs(extract(epoch FROM e.projected - s.projected)) > 0.001
   OR e.status <> s.status \gset
SELECT count(DISTINCT coalesce(a.learner, b.learner)) AS ready_mismatch
FROM (SELECT learner, unnest(ready) AS node FROM ext_pace WHERE learner % 10 = 0) a FULL JOIN sql_ready b USING (learner, node)
WHERE a.learner IS NULL OR b.learner IS NULL \gset
SELECT format('pace: %s learners: %s done, %s ahead, %s on track, %s behind; %s ready (learner, standard) pairs; learners whose figures differ: %s, whose ready sets differ (one in ten checked): %s',
              count(*), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'ahead'),
              count(*) FILTER (WHERE status = 'on track'), count(*) FILTER (WHERE status = 'behind'),
              sum(cardinality(ready)), :pace_mismatch, :ready_mismatch)
FROM ext_pace;
SELECT :pace_mismatch = 0 AND :ready_mismatch = 0 AS same_pace \gset
\if :same_pace
\else
  \echo 'learning_progress/learning_pace: extension and plain SQL disagree'
  \quit
\endif

-- ================================================================ timings
SELECT pg_temp.median_pair(:'ext_rollup', :'sql_rollup', :reps) AS ms_rollup \gset
SELECT pg_temp.median_ms(:'ext_rollup_agg', :reps) AS ms_rollup_agg \gset
SELECT pg_temp.median_pair(:'ext_pace', :'sql_pace', :reps) AS ms_pace \gset
-- where the extension's time goes (extension alone, no baseline)
SELECT pg_temp.median_ms('SELECT sum(cardinality(rollup_mastered(h.g, ''{}'', r.j))) FROM learner l, hier h, rules r', :reps) AS ms_floor,
       pg_temp.median_ms('SELECT sum(p.done), sum(cardinality(p.remaining)), sum(cardinality(p.ready)) FROM learner l, prog g, course_targets ct, LATERAL learning_progress(g.g, ct.t, l.mastered) p', :reps) AS ms_progress,
       pg_temp.median_ms('SELECT sum(s.per_week), count(s.projected_completion) FROM learner l, pace_dates d, LATERAL learning_pace(889, l.mastered_at, l.started, d.due, d.as_of) s', :reps) AS ms_pace_only \gset
\echo
SELECT format('| %s | %s | %s | %s | %s |', rpad('figure (' || :learners || ' learners, median of ' || :reps || ')', 58),
              lpad('ext ms', 9), lpad('SQL ms', 9), lpad('ratio', 7), 'goal');
SELECT format('|%s|%s|%s|%s|%s|', repeat('-', 60), repeat('-', 11), repeat('-', 11), repeat('-', 9), repeat('-', 7));
SELECT pg_temp.row('(a) rollup_mastered(), mastered text[] column',
                   (:'ms_rollup'::float8[])[1], (:'ms_rollup'::float8[])[2], '>= 10x');
SELECT pg_temp.row('(a) rollup_mastered(), array_agg of the mastered rows',
                   :ms_rollup_agg, (:'ms_rollup'::float8[])[2], '>= 10x');
SELECT pg_temp.row('(b) learning_progress() + learning_pace()',
                   (:'ms_pace'::float8[])[1], (:'ms_pace'::float8[])[2], '>= 10x');
\echo
SELECT format('extension alone: rollup_mastered() with an empty mastered set %s ms; learning_progress() alone %s ms; learning_pace() alone %s ms',
              round(:ms_floor::numeric), round(:ms_progress::numeric), round(:ms_pace_only::numeric));
EOF

in_cluster psql -X -q -At -v reps="$REPS" -v learners="$LEARNERS" -v timing="${TIMING:-off}" -f "$SQL"
rm -f "$SQL"
