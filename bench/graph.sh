#!/usr/bin/env bash
# Benchmark of competency_graph against plain SQL baselines measured in the
# same run, in a throwaway cluster.  Prints one line per figure with the ratio.
# Usage: bash bench/graph.sh     (REPS=n: best of n interleaved runs, default 3;
#                                 the graph build is timed 3 * REPS times)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/common.sh"
cd "$ROOT"

REPS="${REPS:-3}"
CCSS=""
if [ -f "$SHARED_DATA/ccss_math_prerequisites.csv" ]; then
  # a copy the server process can read
  CCSS="$(mktemp /tmp/mastery-bench-ccss.XXXXXX.csv)"
  cp "$SHARED_DATA/ccss_math_prerequisites.csv" "$CCSS"
  chmod 644 "$CCSS"
fi

stage_install
trap 'rm -rf "$STAGE" ${CCSS:+"$CCSS"}' EXIT

SQL="$(mktemp /tmp/mastery-bench-graph.XXXXXX.sql)"
chmod 644 "$SQL"
cat >"$SQL" <<'EOF'
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
SET max_parallel_workers_per_gather = 0;   -- compare single-process work
SET jit = off;

-- best of :reps runs of a query, in milliseconds
CREATE FUNCTION pg_temp.best_ms(q text, reps int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'infinity'; i int;
BEGIN
  FOR i IN 1 .. reps LOOP
    t0 := clock_timestamp();
    EXECUTE q;
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RETURN best;
END $$;
-- best of :reps interleaved runs of two queries (the load of a shared machine
-- drifts; interleaving exposes both to the same conditions), in milliseconds
CREATE FUNCTION pg_temp.best_pair(q1 text, q2 text, reps int) RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; b1 float8 := 'infinity'; b2 float8 := 'infinity'; i int;
BEGIN
  FOR i IN 1 .. reps LOOP
    t0 := clock_timestamp();
    EXECUTE q1;
    b1 := least(b1, extract(epoch FROM clock_timestamp() - t0) * 1000);
    t0 := clock_timestamp();
    EXECUTE q2;
    b2 := least(b2, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RETURN ARRAY[b1, b2];
END $$;
CREATE FUNCTION pg_temp.report(what text, ext_ms float8, base_ms float8, target text) RETURNS text
LANGUAGE sql AS $$
  SELECT format('%s extension %s ms  baseline %s ms  ratio %sx  (%s)',
                rpad(what, 66), lpad(round(ext_ms::numeric, 1)::text, 8),
                lpad(round(base_ms::numeric, 1)::text, 8),
                lpad(round((base_ms / greatest(ext_ms, 0.001))::numeric, 1)::text, 6), target)
$$;
CREATE FUNCTION pg_temp.report(what text, ms float8[], target text) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.report(what, ms[1], ms[2], target) $$;

-- ---- synthetic frameworks: 10 000 nodes, 30 000 edges -----------------------------------
-- "progressions": 100 learning progressions of 100 competencies; each competency
-- needs the one before it, two more of the (up to) 20 before that, and 100
-- links come from an earlier position of another progression (deep, narrow
-- closures, like a standards map)
SELECT setseed(0.42);
CREATE TABLE prog_edge AS
WITH chain AS (
  SELECT s * 100 + p - 1 AS a, s * 100 + p AS b, 0 AS prio
  FROM generate_series(0, 99) s, generate_series(1, 99) p),
cross_link AS (
  SELECT ((s + 1 + floor(random() * 99)::int) % 100) * 100 + floor(random() * p)::int AS a,
         s * 100 + p AS b, 0 AS prio
  FROM (SELECT floor(random() * 100)::int AS s, 1 + floor(random() * 99)::int AS p
        FROM generate_series(1, 100)) x),
extra AS (
  SELECT s * 100 + p - 2 - floor(random() * least(p - 1, 20))::int AS a, s * 100 + p AS b, 1 AS prio
  FROM generate_series(0, 99) s, generate_series(2, 99) p, generate_series(1, 3) k),
edges AS (
  SELECT a, b, min(prio) AS prio FROM (TABLE chain UNION ALL TABLE cross_link UNION ALL TABLE extra) u
  GROUP BY a, b)
SELECT 'n' || a AS prerequisite, 'n' || b AS competency
FROM edges ORDER BY prio, md5(a || '-' || b) LIMIT 30000;
-- "dense": every node needs 3 random nodes among the 200 before it (closures of thousands)
CREATE TABLE dense_edge AS
SELECT prerequisite, competency FROM (
  SELECT DISTINCT 'n' || (i - 1 - floor(random() * least(i, 200)))::int AS prerequisite,
                  'n' || i AS competency
  FROM generate_series(1, 9999) i, generate_series(1, 4) k) s
ORDER BY md5(prerequisite || competency) LIMIT 30000;
CREATE INDEX ON prog_edge (competency);
CREATE INDEX ON dense_edge (competency);
ANALYZE prog_edge;
ANALYZE dense_edge;
CREATE TABLE syn_graph AS
SELECT 'prog' AS name, competency_graph_agg(p, c) AS g
FROM (SELECT prerequisite, competency FROM prog_edge
      UNION ALL SELECT NULL, 'n' || i FROM generate_series(0, 9999) i) s(p, c)
UNION ALL
SELECT 'dense', competency_graph_agg(p, c)
FROM (SELECT prerequisite, competency FROM dense_edge
      UNION ALL SELECT NULL, 'n' || i FROM generate_series(0, 9999) i) s(p, c);
CREATE TABLE syn_all AS SELECT 'n' || i AS node FROM generate_series(0, 9999) i;
CREATE TABLE syn_sample AS
SELECT 'n' || (9999 - i * 97) AS node FROM generate_series(0, 99) i;
\echo

\set ext_prog 'SELECT count(*) FROM (SELECT s.node, prerequisites((SELECT g FROM syn_graph WHERE name = ''prog''), s.node) FROM syn_all s) x'
\set cte_prog 'SELECT count(*) FROM syn_all s, LATERAL (WITH RECURSIVE anc(n) AS (SELECT e.prerequisite FROM prog_edge e WHERE e.competency = s.node UNION SELECT e.prerequisite FROM prog_edge e JOIN anc ON e.competency = anc.n) SELECT n FROM anc) a'
\set ext_dense 'SELECT count(*) FROM (SELECT s.node, prerequisites((SELECT g FROM syn_graph WHERE name = ''dense''), s.node) FROM syn_sample s) x'
\set cte_dense 'SELECT count(*) FROM syn_sample s, LATERAL (WITH RECURSIVE anc(n) AS (SELECT e.prerequisite FROM dense_edge e WHERE e.competency = s.node UNION SELECT e.prerequisite FROM dense_edge e JOIN anc ON e.competency = anc.n) SELECT n FROM anc) a'
SELECT format('synthetic %s: %s nodes, %s edges, longest path %s; the %s nodes queried have %s prerequisites in total',
              name, graph_node_count(g), graph_edge_count(g), cardinality(longest_path(g)) - 1,
              CASE name WHEN 'prog' THEN (SELECT count(*) FROM syn_all) ELSE (SELECT count(*) FROM syn_sample) END,
              CASE name WHEN 'prog' THEN (SELECT sum((SELECT count(*) FROM prerequisites(g, s.node))) FROM syn_all s)
                        ELSE (SELECT sum((SELECT count(*) FROM prerequisites(g, s.node))) FROM syn_sample s) END)
FROM syn_graph ORDER BY name DESC;
SELECT (:ext_prog) = (:cte_prog) AND (:ext_dense) = (:cte_dense) AS same_answer \gset
\if :same_answer
\else
  \echo 'synthetic DAG: extension and recursive CTE disagree'
  \quit
\endif
SELECT pg_temp.report('prerequisites(), 10k/30k progressions DAG, all 10 000 nodes',
  pg_temp.best_pair(:'ext_prog', :'cte_prog', :reps),
  'recursive CTE; target >= 50x');
SELECT pg_temp.report('prerequisites(), 10k/30k dense DAG, 100 nodes',
  pg_temp.best_pair(:'ext_dense', :'cte_dense', :reps),
  'recursive CTE; bound by returning rows');
-- the executor's own cost of those rows: generate_series returning as many
-- rows per node, in the same select-list position (no graph work at all)
CREATE TABLE syn_size AS
SELECT s.node, (SELECT count(*) FROM prerequisites(g, s.node))::int AS n
FROM syn_all s, syn_graph WHERE name = 'prog';
SELECT ms[1] AS ext_ms, ms[2] AS floor_ms
FROM pg_temp.best_pair(:'ext_prog',
                       'SELECT count(*) FROM (SELECT s.node, generate_series(1, s.n) FROM syn_size s) x',
                       :reps) ms \gset
SELECT format('%s extension %s ms  generate_series %s ms  (the floor for returning these rows: %s%% of the extension''s time)',
              rpad('prerequisites() vs the same rows from generate_series, prog DAG', 66),
              lpad(round(:ext_ms::numeric, 1)::text, 8), lpad(round(:floor_ms::numeric, 1)::text, 8),
              round((100 * :floor_ms / :ext_ms)::numeric));

-- ---- CCSS math map (if the shared data is there) ---------------------------------------
\if :have_ccss
CREATE TABLE ccss_edge(from_code text, to_code text);
COPY ccss_edge FROM :'ccss' WITH (FORMAT csv, HEADER true);
CREATE INDEX ON ccss_edge (to_code);
ANALYZE ccss_edge;
CREATE TABLE ccss_graph AS SELECT competency_graph_agg(from_code, to_code) AS g FROM ccss_edge;
CREATE TABLE ccss_sample AS SELECT DISTINCT to_code AS node FROM ccss_edge;
SELECT (SELECT sum((SELECT count(*) FROM prerequisites(g, s.node))) FROM ccss_sample s, ccss_graph)
     = (SELECT sum((WITH RECURSIVE anc(n) AS (
                      SELECT e.from_code FROM ccss_edge e WHERE e.to_code = s.node
                      UNION
                      SELECT e.from_code FROM ccss_edge e JOIN anc ON e.to_code = anc.n)
                    SELECT count(*) FROM anc)) FROM ccss_sample s) AS same_answer \gset
\if :same_answer
\else
  \echo 'CCSS: extension and recursive CTE disagree'
  \quit
\endif
SELECT pg_temp.report(format('prerequisites(), CCSS math map, all %s standards with prerequisites',
                             (SELECT count(*) FROM ccss_sample)),
  pg_temp.best_pair($q$SELECT count(*) FROM (SELECT s.node, prerequisites((SELECT g FROM ccss_graph), s.node) FROM ccss_sample s) x$q$,
                    $q$SELECT count(*) FROM ccss_sample s, LATERAL (WITH RECURSIVE anc(n) AS (
                      SELECT e.from_code FROM ccss_edge e WHERE e.to_code = s.node
                      UNION
                      SELECT e.from_code FROM ccss_edge e JOIN anc ON e.to_code = anc.n)
                    SELECT n FROM anc) a$q$, :reps),
  'recursive CTE; target >= 50x');
\else
\echo 'CCSS part skipped: ../shared/data/ccss_math_prerequisites.csv not found'
\endif

-- ---- ready_to_learn for 100 000 learners ------------------------------------------------
-- a 500-competency course: every competency needs 1-3 of the 30 before it
SELECT setseed(0.17);
CREATE TABLE competency AS SELECT 'c' || lpad(i::text, 3, '0') AS code FROM generate_series(0, 499) i;
CREATE TABLE prerequisite AS
SELECT DISTINCT 'c' || lpad(p::text, 3, '0') AS from_code, 'c' || lpad(i::text, 3, '0') AS to_code
FROM (SELECT i, i - 1 - (i * k * 7919) % least(i, 30) AS p
      FROM generate_series(1, 499) i, generate_series(1, 3) k
      WHERE k = 1 OR (i * k) % 3 <> 0) x;
CREATE INDEX ON prerequisite (to_code);
CREATE INDEX ON prerequisite (from_code);
CREATE TABLE course AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM prerequisite UNION ALL SELECT NULL, code FROM competency) s(p, c);
-- learners mastered a prefix of the course (prerequisite-closed) plus a few strays
CREATE TABLE learner AS
SELECT l AS learner_id,
       ARRAY(SELECT 'c' || lpad(i::text, 3, '0') FROM generate_series(0, (l * 7919) % 30 - 1) i
             UNION SELECT 'c' || lpad(((l::bigint * 104729) % 500)::text, 3, '0')) AS mastered
FROM generate_series(1, 100000) l;
CREATE TABLE learner_mastered AS SELECT learner_id, unnest(mastered) AS code FROM learner;
CREATE INDEX ON learner_mastered (learner_id, code);
ANALYZE competency; ANALYZE prerequisite; ANALYZE learner; ANALYZE learner_mastered;
CREATE TABLE root AS SELECT code FROM competency c
WHERE NOT EXISTS (SELECT 1 FROM prerequisite p WHERE p.to_code = c.code);
SELECT format('course: %s competencies, %s edges; %s learners, %s mastered rows',
              graph_node_count(g), graph_edge_count(g), (SELECT count(*) FROM learner),
              (SELECT count(*) FROM learner_mastered))
FROM course;
-- plain SQL: candidates are the roots and the direct dependents of mastered
-- competencies; keep those not mastered with no unmastered direct prerequisite
\set sql_ready 'SELECT count(*) FROM (SELECT l.learner_id, r.code FROM learner l CROSS JOIN root r UNION SELECT m.learner_id, p.to_code FROM learner_mastered m JOIN prerequisite p ON p.from_code = m.code) c WHERE NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner_id = c.learner_id AND m.code = c.code) AND NOT EXISTS (SELECT 1 FROM prerequisite p WHERE p.to_code = c.code AND NOT EXISTS (SELECT 1 FROM learner_mastered m WHERE m.learner_id = c.learner_id AND m.code = p.from_code))'
\set ext_ready 'SELECT sum(cardinality(ready_to_learn(g, l.mastered))) FROM learner l, course'
\set ext_ready_agg 'SELECT sum(cardinality(ready_to_learn(g, x.m))) FROM (SELECT learner_id, array_agg(code) AS m FROM learner_mastered GROUP BY learner_id) x, course'
SELECT (:sql_ready) = (:ext_ready) AND (:ext_ready) = (:ext_ready_agg) AS same_answer \gset
\if :same_answer
\else
  \echo 'ready_to_learn: extension and NOT EXISTS query disagree'
  \quit
\endif
SELECT format('ready_to_learn() answers: %s (competency, learner) pairs', (:ext_ready));
SELECT pg_temp.best_pair(:'ext_ready', :'sql_ready', :reps) AS ms1,
       pg_temp.best_ms(:'ext_ready_agg', :reps) AS ms2 \gset
SELECT pg_temp.report('ready_to_learn(), 100 000 learners, mastered text[] column',
  (:'ms1'::float8[])[1], (:'ms1'::float8[])[2], 'NOT EXISTS query; target >= 10x');
SELECT pg_temp.report('ready_to_learn(), 100 000 learners, array_agg of the mastered rows',
  :ms2, (:'ms1'::float8[])[2], 'NOT EXISTS query; same figure incl. grouping');

-- ---- building a graph from a 100 000-edge table ------------------------------------------
CREATE TABLE edge100k AS
SELECT 'skill-' || (i % 30000) AS prerequisite, 'skill-' || ((i * 7 + 13) % 30000) AS competency
FROM generate_series(1, 100000) i;
VACUUM ANALYZE edge100k;
SELECT format('edge table: %s rows, graph of %s nodes and %s edges', count(*),
              graph_node_count(competency_graph_agg(prerequisite, competency)),
              graph_edge_count(competency_graph_agg(prerequisite, competency)))
FROM edge100k;
SELECT ms[1] AS agg_ms, ms[2] AS count_ms
FROM pg_temp.best_pair('SELECT competency_graph_agg(prerequisite, competency) FROM edge100k',
                       'SELECT count(*) FROM edge100k', 3 * :reps) ms \gset
SELECT format('%s aggregate %s ms  count(*) %s ms  aggregate/count(*) %s  (target <= 5)',
              rpad('competency_graph_agg(), 100 000-edge table', 66),
              lpad(round(:agg_ms::numeric, 1)::text, 8), lpad(round(:count_ms::numeric, 1)::text, 8),
              round((:agg_ms / :count_ms)::numeric, 2));
EOF

have_ccss=false; [ -n "$CCSS" ] && have_ccss=true
in_cluster psql -X -q -At -v reps="$REPS" -v ccss="$CCSS" -v have_ccss="$have_ccss" -f "$SQL"
rm -f "$SQL"
