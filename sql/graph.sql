-- competency_graph: text form, aggregate, operations, errors, binary I/O
\pset null '<null>'

-- ---- text form --------------------------------------------------------------
SELECT '{}'::competency_graph AS empty, '  {  }  '::competency_graph AS spaced;
SELECT '{solo}'::competency_graph;
-- canonical output: sorted by name, duplicates gone, isolated nodes kept
SELECT '{ c -> d, a->b, a -> b, z, b->c }'::competency_graph;
-- quoting: spaces, quotes, backslashes, commas, braces, "->" and the empty name
SELECT '{"long division"->"a \"quoted\" name", "back\\slash", "a,b"->"{x}", "->"->"", a-->b}'::competency_graph;
-- text round trip is exact
SELECT g::text = g::text::competency_graph::text AS round_trip
FROM (VALUES ('{"long division"->"a \"quoted\" name", "back\\slash", "a,b"->"{x}", "->"->"", a-->b}'::competency_graph)) v(g);
-- unicode names need no quoting
SELECT '{Brüche->Dezimalzahlen, 分数->小数}'::competency_graph;
-- equality compares nodes and edges
SELECT '{a->b, c}'::competency_graph = '{c, a->b, a->b}' AS same,
       '{a->b}'::competency_graph = '{a, b}' AS differ,
       '{a->b}'::competency_graph <> '{b->a}' AS ne;

-- ---- malformed literals (every error text) -----------------------------------
SELECT ''::competency_graph;
SELECT 'a->b'::competency_graph;
SELECT '{a'::competency_graph;
SELECT '{a->}'::competency_graph;
SELECT '{a b}'::competency_graph;
SELECT '{"a}'::competency_graph;
SELECT '{a} x'::competency_graph;
SELECT '{,}'::competency_graph;
SELECT '{a,,b}'::competency_graph;
SELECT '{a->b->c}'::competency_graph;
SELECT '{a,}'::competency_graph;

-- ---- aggregate ----------------------------------------------------------------
CREATE TABLE edge(prerequisite text, competency text);
INSERT INTO edge VALUES
  ('count', 'add'), ('add', 'subtract'), ('add', 'multiply'),
  ('multiply', 'divide'), ('subtract', 'divide'), ('divide', 'fractions'),
  ('add', 'subtract'),                 -- duplicate edge
  (NULL, 'geometry'),                  -- isolated node
  ('shapes', NULL),                    -- isolated node given on the other side
  (NULL, NULL);                        -- ignored
SELECT competency_graph_agg(prerequisite, competency) FROM edge;
-- no rows: NULL, like array_agg
SELECT competency_graph_agg(prerequisite, competency) FROM edge WHERE false;
-- only NULL rows: an empty graph
SELECT competency_graph_agg(NULL::text, NULL::text);
CREATE TABLE fw AS SELECT competency_graph_agg(prerequisite, competency) AS g FROM edge;

-- ---- listing ------------------------------------------------------------------
SELECT graph_node_count(g), graph_edge_count(g) FROM fw;
SELECT graph_nodes FROM fw, graph_nodes(g);
SELECT e.* FROM fw, graph_edges(g) e;
SELECT n, in_degree(g, n), out_degree(g, n), graph_depth(g, n)
FROM fw, graph_nodes(g) n ORDER BY n;
SELECT graph_has_node(g, 'add') AS has_add, graph_has_node(g, 'Add') AS has_capital_add FROM fw;

-- ---- traversals ----------------------------------------------------------------
SELECT p FROM fw, prerequisites(g, 'fractions') p;
SELECT p FROM fw, prerequisites(g, 'fractions', 1) p;
SELECT p FROM fw, prerequisites(g, 'fractions', 2) p;
SELECT count(*) AS none FROM fw, prerequisites(g, 'fractions', 0) p;
SELECT count(*) AS none FROM fw, prerequisites(g, 'count') p;
SELECT d FROM fw, dependents(g, 'add') d;
SELECT d FROM fw, dependents(g, 'add', 1) d;
-- in a select list (one value per call), also when abandoned early
SELECT n, prerequisites(g, n) FROM fw, (VALUES ('divide'), ('fractions')) v(n) ORDER BY 1, 2;
SELECT prerequisites(g, 'fractions') FROM fw LIMIT 2;
SELECT n, (SELECT array_agg(p) FROM (SELECT prerequisites(g, n) AS p FROM fw LIMIT 3) x) AS first_three
FROM (VALUES ('multiply'), ('divide'), ('fractions')) v(n);
SELECT n, (SELECT count(*) FROM fw WHERE EXISTS (SELECT 1 FROM dependents(g, n))) AS has_dependents
FROM (VALUES ('add'), ('fractions')) v(n);
SELECT is_prerequisite(g, 'count', 'fractions') AS yes,
       is_prerequisite(g, 'fractions', 'count') AS no,
       is_prerequisite(g, 'count', 'count') AS self,
       is_prerequisite(g, 'shapes', 'geometry') AS unrelated
FROM fw;

-- ---- learner queries ---------------------------------------------------------------
SELECT ready_to_learn(g, '{}') AS start,
       ready_to_learn(g, '{count}') AS after_count,
       ready_to_learn(g, '{count,add,subtract}') AS after_subtract,
       ready_to_learn(g, '{count,add,subtract,multiply}') AS after_multiply
FROM fw;
-- unknown names and NULL elements are ignored; NULL array = nothing mastered
SELECT ready_to_learn(g, '{count,NULL,"no such thing"}') AS ignored,
       ready_to_learn(g, NULL) AS null_array
FROM fw;
SELECT gaps(g, '{divide}') AS gaps_divide,
       gaps(g, '{count,add,divide}') AS some_gaps,
       gaps(g, '{}') AS none,
       gaps(g, NULL) AS null_array
FROM fw;
SELECT learning_path(g, '{}', 'fractions') AS from_scratch,
       learning_path(g, '{count,add}', 'fractions') AS after_add,
       learning_path(g, '{count,add,subtract,multiply,divide,fractions}', 'fractions') AS done,
       learning_path(g, '{divide}', 'divide') AS gaps_below_target,
       learning_path(g, NULL, 'add') AS null_array,
       learning_path(g, '{}', NULL) AS null_target
FROM fw;
SELECT topological_order(g), longest_path(g) FROM fw;
-- NULL graph gives NULL
SELECT ready_to_learn(NULL, '{a}'), gaps(NULL, '{a}'), learning_path(NULL, '{}', 'a'),
       topological_order(NULL), to_dot(NULL, '{}');

-- ---- empty graph, single node, disconnected parts --------------------------------------
SELECT topological_order('{}'), longest_path('{}'), ready_to_learn('{}', '{a}'),
       gaps('{}', '{a}'), graph_node_count('{}'), graph_edge_count('{}');
SELECT count(*) FROM graph_nodes('{}');
SELECT count(*) FROM graph_cycles('{}');
SELECT topological_order('{x}'), longest_path('{x}'), graph_depth('{x}', 'x'),
       ready_to_learn('{x}', '{}'), ready_to_learn('{x}', '{x}');
SELECT topological_order(g), longest_path(g), ready_to_learn(g, '{a1,b1}')
FROM (VALUES ('{a1->a2, a2->a3, b1->b2, c1}'::competency_graph)) v(g);

-- ---- huge fan-in: 5000 prerequisites of one competency ------------------------------------
CREATE TABLE fan AS
SELECT competency_graph_agg('p' || lpad(i::text, 4, '0'), 'target') AS g
FROM generate_series(1, 5000) i;
SELECT graph_node_count(g), graph_edge_count(g), in_degree(g, 'target'),
       (SELECT count(*) FROM prerequisites(g, 'target')) AS closure,
       cardinality(ready_to_learn(g, '{}')) AS ready_at_start,
       ready_to_learn(g, (SELECT array_agg('p' || lpad(i::text, 4, '0')) FROM generate_series(1, 5000) i)) AS ready_at_end,
       ready_to_learn(g, (SELECT array_agg('p' || lpad(i::text, 4, '0')) FROM generate_series(2, 5000) i)) AS one_missing,
       graph_depth(g, 'target')
FROM fan;
-- the stored (compressed) value reads back
SELECT g = g::text::competency_graph AS round_trip FROM fan;

-- ---- cycles ------------------------------------------------------------------------------
CREATE TABLE cyc AS SELECT '{a->b, b->c, c->a, c->d, d->d, e->f, f->e, e->g, g->e, h->i}'::competency_graph AS g;
SELECT * FROM cyc, graph_cycles(g);
SELECT * FROM cyc, graph_cyclic_components(g);
SELECT topological_order(g) FROM cyc;
SELECT longest_path(g) FROM cyc;
SELECT graph_depth(g, 'd') FROM cyc;
SELECT learning_path(g, '{}', 'g') FROM cyc;
-- operations that do not need an acyclic graph still work
SELECT graph_depth(g, 'i'), learning_path(g, '{}', 'i'), ready_to_learn(g, '{h}'),
       gaps(g, '{d}'), is_prerequisite(g, 'd', 'd') AS d_self, is_prerequisite(g, 'a', 'a') AS a_self
FROM cyc;
SELECT array_agg(p) FROM cyc, prerequisites(g, 'a') p;

-- ---- unknown nodes and bad arguments --------------------------------------------------------
SELECT * FROM prerequisites('{a->b}', 'zz');
SELECT * FROM dependents('{a->b}', 'zz');
SELECT is_prerequisite('{a->b}', 'a', 'zz');
SELECT learning_path('{a->b}', '{}', 'zz');
SELECT in_degree('{a->b}', 'zz');
SELECT out_degree('{a->b}', 'zz');
SELECT graph_depth('{a->b}', 'zz');
SELECT * FROM prerequisites('{a->b}', 'b', -1);
SELECT * FROM prerequisites('{a->b}', NULL);
SELECT * FROM prerequisites('{a->b}', 'b', NULL);

-- ---- one cached decode per call site, but never a stale graph ----------------------------------
SELECT i, ready_to_learn(g, '{a}') AS ready, graph_edge_count(g) AS edges
FROM (VALUES (1, '{a->b, b->c}'::competency_graph), (2, '{a->x, y}'),
             (3, '{a->b, b->c}'), (4, '{q}')) v(i, g)
ORDER BY i;
-- PL/pgSQL keeps a simple expression's call site while the variable changes
DO $$
DECLARE
  g competency_graph;
  lit text;
BEGIN
  FOREACH lit IN ARRAY ARRAY['{a->b}', '{a->c}', '{a->b, a->d}', '{a->b}'] LOOP
    g := lit::competency_graph;
    RAISE NOTICE '% ready after a: %', lit, ready_to_learn(g, '{a}');
  END LOOP;
END $$;
CREATE TABLE graphs(id int, g competency_graph);
INSERT INTO graphs SELECT 1, g FROM fan;
INSERT INTO graphs VALUES (2, '{p0001->other}');
INSERT INTO graphs SELECT 3, g FROM fan;
SELECT id, cardinality(ready_to_learn(g, '{p0001}')) AS ready,
       cardinality(gaps(g, '{target,other}')) AS gaps
FROM graphs ORDER BY id;

-- ---- to_dot --------------------------------------------------------------------------------
SELECT to_dot('{a->b, b->c, "say \"hi\""}');
SELECT to_dot(g, '{count,add}') FROM fw;
-- divide mastered without add, multiply, subtract: those are gaps (add is also ready)
SELECT to_dot(g, '{count,divide}') FROM fw;
-- only the part around the learner: ready and gap nodes, then one edge further
SELECT to_dot(g, '{count,divide}', 0) FROM fw;
SELECT to_dot(g, '{count,divide}', 1) FROM fw;
SELECT to_dot(g, NULL, NULL) = to_dot(g, '{}') AS null_means_nothing_and_whole_graph FROM fw;
SELECT to_dot(g, '{}', -1) FROM fw;

-- ---- parallel aggregation (combine, serialize, deserialize) ------------------------------------
CREATE TABLE big_edge AS
SELECT 'n' || (i / 3) AS prerequisite, 'n' || (i / 3 + 1 + i % 7) AS competency
FROM generate_series(1, 60000) i;
INSERT INTO big_edge VALUES (NULL, 'lonely');
ANALYZE big_edge;
CREATE TABLE serial_result AS SELECT competency_graph_agg(prerequisite, competency) AS g FROM big_edge;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT competency_graph_agg(prerequisite, competency) FROM big_edge;
SELECT competency_graph_agg(prerequisite, competency) = (SELECT g FROM serial_result) AS parallel_equals_serial,
       graph_node_count(competency_graph_agg(prerequisite, competency)) AS nodes,
       graph_edge_count(competency_graph_agg(prerequisite, competency)) AS edges
FROM big_edge;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT count(DISTINCT (prerequisite, competency)) AS distinct_edges,
       (SELECT count(*) FROM (SELECT prerequisite FROM big_edge WHERE prerequisite IS NOT NULL
                              UNION SELECT competency FROM big_edge) s) AS distinct_nodes
FROM big_edge WHERE prerequisite IS NOT NULL;

-- ---- binary round trip through COPY -------------------------------------------------------------
CREATE TABLE bin_src(id int, g competency_graph);
INSERT INTO bin_src VALUES
  (1, '{}'), (2, '{solo}'), (3, '{"x y"->"a\"b", "back\\slash", Brüche->a}'),
  (4, NULL), (5, (SELECT g FROM fw)), (6, (SELECT g FROM fan)), (7, (SELECT g FROM cyc));
\copy bin_src TO 'results/graph_bin.dat' WITH (FORMAT binary)
CREATE TABLE bin_dst(id int, g competency_graph);
\copy bin_dst FROM 'results/graph_bin.dat' WITH (FORMAT binary)
SELECT s.id, d.g IS NOT DISTINCT FROM s.g AS equal, d.g::text IS NOT DISTINCT FROM s.g::text AS same_text
FROM bin_src s JOIN bin_dst d USING (id) ORDER BY id;

-- ---- hostile binary input: bytea payloads copied in as competency_graph -------------------------
CREATE TABLE payload(b bytea);
CREATE TABLE bin_in(g competency_graph);
CREATE PROCEDURE try_payload(hex text) LANGUAGE sql AS $$
  TRUNCATE payload; INSERT INTO payload VALUES (decode(hex, 'hex'));
$$;
-- valid, names in any order: nodes b, a and edge a -> b
CALL try_payload('01' || '00000002' || '00000001' || '6200' || '6100' || '00000001' || '00000000');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
SELECT g FROM bin_in;
-- wrong version
CALL try_payload('02' || '00000000' || '00000000');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- negative count
CALL try_payload('01' || 'ffffffff' || '00000000');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- counts larger than the data
CALL try_payload('01' || '00000001' || '7fffffff' || '6100');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- name without terminating NUL
CALL try_payload('01' || '00000001' || '00000000' || '6162');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- duplicate name
CALL try_payload('01' || '00000002' || '00000000' || '6100' || '6100');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- edge to a node that does not exist
CALL try_payload('01' || '00000001' || '00000001' || '6100' || '00000000' || '00000005');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- trailing bytes
CALL try_payload('01' || '00000000' || '00000000' || 'ff');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
-- invalid UTF-8 in a name
CALL try_payload('01' || '00000001' || '00000000' || 'ff00');
\copy payload TO 'results/graph_payload.dat' WITH (FORMAT binary)
\copy bin_in FROM 'results/graph_payload.dat' WITH (FORMAT binary)
SELECT count(*) AS rows_accepted FROM bin_in;

-- closures of every node in one query (from the 33rd call on they come from a memo):
-- the same sets as a recursive CTE, on a random DAG and on a graph with cycles
SELECT setseed(0.77);
CREATE TABLE memo_edge AS
SELECT DISTINCT 'v' || a AS p, 'v' || (a + 1 + floor(random() * (299 - a))::int) AS c
FROM (SELECT floor(random() * 299)::int AS a FROM generate_series(1, 900)) x;
CREATE TABLE memo_edge_cyclic AS
SELECT * FROM memo_edge UNION SELECT 'v299', 'v0' UNION SELECT 'v150', 'v150';
CREATE FUNCTION pg_temp.closure_mismatches(edges regclass) RETURNS TABLE (nodes bigint, prereq_mismatch bigint, dependent_mismatch bigint, many_pairs boolean)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    WITH g AS (SELECT competency_graph_agg(p, c) AS g
               FROM (SELECT p, c FROM %1$s UNION ALL SELECT NULL, 'v' || i FROM generate_series(0, 299) i) e),
         nodes AS (SELECT 'v' || i AS n FROM generate_series(0, 299) i),
         ext_p AS (SELECT n, prerequisites(g.g, n) AS x FROM nodes, g),
         ext_d AS (SELECT n, dependents(g.g, n) AS x FROM nodes, g),
         cte_p AS (SELECT s.n, a.x FROM nodes s, LATERAL (WITH RECURSIVE anc(x) AS (
                     SELECT e.p FROM %1$s e WHERE e.c = s.n UNION SELECT e.p FROM %1$s e JOIN anc ON e.c = anc.x) SELECT x FROM anc) a),
         cte_d AS (SELECT s.n, a.x FROM nodes s, LATERAL (WITH RECURSIVE des(x) AS (
                     SELECT e.c FROM %1$s e WHERE e.p = s.n UNION SELECT e.c FROM %1$s e JOIN des ON e.p = des.x) SELECT x FROM des) a)
    SELECT (SELECT count(*) FROM nodes),
           (SELECT count(*) FROM (SELECT * FROM ext_p EXCEPT SELECT * FROM cte_p UNION ALL (SELECT * FROM cte_p EXCEPT SELECT * FROM ext_p)) z),
           (SELECT count(*) FROM (SELECT * FROM ext_d EXCEPT SELECT * FROM cte_d UNION ALL (SELECT * FROM cte_d EXCEPT SELECT * FROM ext_d)) z),
           (SELECT count(*) FROM ext_p) > 5000$q$, edges);
END $$;
-- (the recursive CTEs rescan their subqueries once per node and step: with parallel query
-- forced, each rescan would start workers, minutes on two cores; the extension's functions
-- run in workers elsewhere in the suite)
SET max_parallel_workers_per_gather = 0;
SELECT * FROM pg_temp.closure_mismatches('memo_edge');
SELECT * FROM pg_temp.closure_mismatches('memo_edge_cyclic');
RESET max_parallel_workers_per_gather;
-- and in name order within each closure (FROM-clause calls)
SELECT count(*) FILTER (WHERE xs <> ARRAY(SELECT u FROM unnest(xs) u ORDER BY u COLLATE "C")) AS unsorted_closures,
       sum(k) > 5000 AS many_rows
FROM (SELECT s.n, count(*) AS k, array_agg(p.x ORDER BY p.o) AS xs
      FROM (SELECT competency_graph_agg(p, c) AS g
            FROM (SELECT p, c FROM memo_edge UNION ALL SELECT NULL, 'v' || i FROM generate_series(0, 299) i) e) g,
           (SELECT 'v' || i AS n FROM generate_series(0, 299) i) s,
           LATERAL prerequisites(g.g, s.n) WITH ORDINALITY p(x, o)
      GROUP BY s.n) z;
-- the same closures in the same order from a select list (one value per call)
-- and from a FROM item (a tuplestore filled at once), in both directions
SELECT t.edges, count(*) AS nodes,
       count(*) FILTER (WHERE ARRAY(SELECT prerequisites(g, n)) IS DISTINCT FROM
                              ARRAY(SELECT x FROM prerequisites(g, n) x)) AS prereq_differ,
       count(*) FILTER (WHERE ARRAY(SELECT dependents(g, n)) IS DISTINCT FROM
                              ARRAY(SELECT x FROM dependents(g, n) x)) AS dependent_differ,
       sum(cardinality(ARRAY(SELECT x FROM prerequisites(g, n) x))) > 5000 AS many_rows
FROM (SELECT 'memo_edge' AS edges, competency_graph_agg(p, c) AS g
        FROM (SELECT p, c FROM memo_edge UNION ALL SELECT NULL, 'v' || i FROM generate_series(0, 299) i) e
      UNION ALL
      SELECT 'memo_edge_cyclic', competency_graph_agg(p, c)
        FROM (SELECT p, c FROM memo_edge_cyclic UNION ALL SELECT NULL, 'v' || i FROM generate_series(0, 299) i) e) t,
     (SELECT 'v' || i AS n FROM generate_series(0, 299) i) s
GROUP BY t.edges ORDER BY t.edges;
