-- competency_graph on real frameworks (needs ../shared/data):
-- the Common Core math coherence map (a DAG) and the Junyi exercise map (dirty:
-- self-loops, a 3-cycle, duplicate names).  Every figure from the extension is
-- compared with an independent computation in plain (recursive) SQL.

-- ---- Common Core math -------------------------------------------------------------
CREATE TABLE ccss_standard(code text, grade text, domain text, cluster text, wap text, description text);
\copy ccss_standard FROM '../shared/data/ccss_math_standards.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE ccss_edge(from_code text, to_code text);
\copy ccss_edge FROM '../shared/data/ccss_math_prerequisites.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS standards, count(DISTINCT code) AS distinct_codes FROM ccss_standard;
SELECT count(*) AS edges, count(DISTINCT (from_code, to_code)) AS distinct_edges,
       count(*) FILTER (WHERE from_code NOT IN (SELECT code FROM ccss_standard)
                           OR to_code NOT IN (SELECT code FROM ccss_standard)) AS dangling
FROM ccss_edge;

-- every standard is a node, also those without edges (NULL prerequisite)
CREATE TABLE ccss AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM ccss_edge
      UNION ALL SELECT NULL, code FROM ccss_standard) s(p, c);
SELECT graph_node_count(g) AS nodes, graph_edge_count(g) AS edges FROM ccss;
SELECT count(*) AS cycles FROM ccss, graph_cycles(g);

-- closure of every node against recursive SQL: same (node, prerequisite) pairs
CREATE TABLE ccss_closure_sql AS
WITH RECURSIVE anc(node, prerequisite) AS (
    SELECT to_code, from_code FROM ccss_edge
  UNION
    SELECT a.node, e.from_code FROM anc a JOIN ccss_edge e ON e.to_code = a.prerequisite)
SELECT * FROM anc;
CREATE TABLE ccss_closure_ext AS
SELECT s.code AS node, p AS prerequisite FROM ccss, ccss_standard s, prerequisites(g, s.code) p;
SELECT (SELECT count(*) FROM ccss_closure_sql) AS pairs_sql,
       (SELECT count(*) FROM ccss_closure_ext) AS pairs_ext,
       (SELECT count(*) FROM (TABLE ccss_closure_sql EXCEPT TABLE ccss_closure_ext) x) AS missing,
       (SELECT count(*) FROM (TABLE ccss_closure_ext EXCEPT TABLE ccss_closure_sql) x) AS extra;
-- closure sizes per node agree for all 480 nodes (nodes without prerequisites count 0)
SELECT count(*) AS nodes_checked,
       count(*) FILTER (WHERE (SELECT count(*) FROM ccss, prerequisites(g, s.code))
                            = (SELECT count(*) FROM ccss_closure_sql c WHERE c.node = s.code)) AS equal_sizes,
       count(*) FILTER (WHERE (SELECT count(*) FROM ccss, dependents(g, s.code))
                            = (SELECT count(*) FROM ccss_closure_sql c WHERE c.prerequisite = s.code)) AS equal_dependents
FROM ccss_standard s;
-- depth-limited closure agrees with a depth-limited recursive query
WITH RECURSIVE anc(node, prerequisite, depth) AS (
    SELECT to_code, from_code, 1 FROM ccss_edge
  UNION
    SELECT a.node, e.from_code, a.depth + 1 FROM anc a JOIN ccss_edge e ON e.to_code = a.prerequisite
    WHERE a.depth < 3)
SELECT (SELECT count(*) FROM (SELECT DISTINCT node, prerequisite FROM anc) x) AS pairs_sql_depth3,
       (SELECT count(*) FROM ccss, ccss_standard s, prerequisites(g, s.code, 3)) AS pairs_ext_depth3;
-- is_prerequisite agrees with the closure on every pair with an edge and on reversed pairs
SELECT count(*) FILTER (WHERE is_prerequisite(g, prerequisite, node)) AS forward_true,
       count(*) FILTER (WHERE is_prerequisite(g, node, prerequisite)) AS backward_true,
       count(*) AS pairs
FROM ccss, ccss_closure_sql;

-- topological order: a permutation of all nodes that respects every edge
CREATE TABLE ccss_topo AS
SELECT x AS code, ord FROM ccss, unnest(topological_order(g)) WITH ORDINALITY u(x, ord);
SELECT count(*) AS positions, count(DISTINCT code) AS distinct_codes,
       (SELECT count(*) FROM ccss_edge e
          JOIN ccss_topo f ON f.code = e.from_code JOIN ccss_topo t ON t.code = e.to_code
         WHERE f.ord < t.ord) AS edges_respected
FROM ccss_topo;

-- depth of every node and the longest path against recursive SQL
CREATE TABLE ccss_depth_sql AS
WITH RECURSIVE d(code, depth) AS (
    SELECT code, 0 FROM ccss_standard
  UNION
    SELECT e.to_code, d.depth + 1 FROM d JOIN ccss_edge e ON e.from_code = d.code)
SELECT code, max(depth) AS depth FROM d GROUP BY code;
SELECT count(*) AS nodes, count(*) FILTER (WHERE graph_depth(g, code) = depth) AS equal_depths,
       max(depth) AS longest_sql
FROM ccss, ccss_depth_sql;
SELECT cardinality(longest_path(g)) - 1 AS longest_path_edges,
       (SELECT count(*) FROM unnest(longest_path(g)) WITH ORDINALITY a(x, i)
          JOIN unnest(longest_path(g)) WITH ORDINALITY b(y, j) ON j = i + 1
          JOIN ccss_edge e ON e.from_code = x AND e.to_code = y) AS consecutive_edges
FROM ccss;

-- learning paths to every standard from scratch: closure + target, edges respected
CREATE TABLE ccss_path AS
SELECT s.code AS target, learning_path(g, '{}', s.code) AS path FROM ccss, ccss_standard s;
SELECT count(*) AS paths,
       count(*) FILTER (WHERE path[cardinality(path)] = target) AS ends_at_target,
       count(*) FILTER (WHERE cardinality(path) = 1 + (SELECT count(*) FROM ccss_closure_sql c
                                                       WHERE c.node = target)) AS complete,
       (SELECT count(*) FROM ccss_path p2, ccss_edge e
         WHERE array_position(p2.path, e.from_code) >= array_position(p2.path, e.to_code)) AS edges_violated
FROM ccss_path;

-- a learner who mastered every standard of grades K to 2
CREATE TABLE k2 AS SELECT array_agg(code ORDER BY code) AS mastered
FROM ccss_standard WHERE grade IN ('K', '1', '2');
SELECT cardinality(mastered) AS mastered FROM k2;
-- ready to learn against the NOT EXISTS formulation
SELECT ready_to_learn(g, mastered) = ARRAY(
         SELECT s.code FROM ccss_standard s
          WHERE s.code <> ALL (mastered)
            AND NOT EXISTS (SELECT 1 FROM ccss_edge e
                             WHERE e.to_code = s.code AND e.from_code <> ALL (mastered))
          ORDER BY s.code COLLATE "C") AS ready_equal,
       cardinality(ready_to_learn(g, mastered)) AS ready
FROM ccss, k2;
-- gaps against recursive SQL: prerequisites of mastered standards, not mastered
SELECT gaps(g, mastered) = ARRAY(
         SELECT DISTINCT c.prerequisite COLLATE "C" AS p FROM ccss_closure_sql c
          WHERE c.node = ANY (mastered) AND c.prerequisite <> ALL (mastered)
          ORDER BY p) AS gaps_equal,
       cardinality(gaps(g, mastered)) AS gaps
FROM ccss, k2;
-- a learner who mastered grade 4 only has gaps below it
CREATE TABLE g4 AS SELECT array_agg(code ORDER BY code) AS mastered
FROM ccss_standard WHERE grade = '4';
SELECT gaps(g, mastered) = ARRAY(
         SELECT DISTINCT c.prerequisite COLLATE "C" AS p FROM ccss_closure_sql c
          WHERE c.node = ANY (mastered) AND c.prerequisite <> ALL (mastered)
          ORDER BY p) AS gaps_equal,
       cardinality(gaps(g, mastered)) AS gaps,
       cardinality(mastered) AS mastered
FROM ccss, g4;
-- paths of that learner to every grade-5 standard: unmastered only, complete, ordered
CREATE TABLE k2_path AS
SELECT s.code AS target, learning_path(g, k2.mastered, s.code) AS path
FROM ccss, k2, ccss_standard s WHERE s.grade = '5';
SELECT count(*) AS paths,
       count(*) FILTER (WHERE path && k2.mastered) AS containing_mastered,
       count(*) FILTER (WHERE cardinality(path) = 1 + (SELECT count(*) FROM ccss_closure_sql c
                                                       WHERE c.node = target
                                                         AND c.prerequisite <> ALL (k2.mastered)))
         AS complete,
       (SELECT count(*) FROM k2_path p2, ccss_edge e
         WHERE array_position(p2.path, e.from_code) >= array_position(p2.path, e.to_code)) AS edges_violated
FROM k2_path, k2;

-- the DOT drawing has one line per node and per edge
SELECT count(*) FILTER (WHERE line LIKE '%->%') AS edge_lines,
       count(*) FILTER (WHERE line LIKE '%class="mastered"%') AS mastered_lines,
       count(*) FILTER (WHERE line LIKE '%class="ready"%') AS ready_lines,
       count(*) FILTER (WHERE line LIKE '%class="not_yet"%') AS not_yet_lines
FROM ccss, k2, regexp_split_to_table(to_dot(g, mastered), E'\n') line;

-- ---- Junyi: a dirty framework ------------------------------------------------------------
CREATE TABLE junyi(name text, prerequisites text, topic text, area text);
\copy junyi FROM '../shared/data/junyi_exercises.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS rows, count(DISTINCT name) AS distinct_names FROM junyi;
CREATE TABLE junyi_edge AS
SELECT p.pre AS prerequisite, j.name AS competency
FROM junyi j LEFT JOIN LATERAL unnest(string_to_array(nullif(j.prerequisites, ''), ';')) p(pre) ON true;
CREATE TABLE junyi_graph AS SELECT competency_graph_agg(prerequisite, competency) AS g FROM junyi_edge;
SELECT graph_node_count(g) AS nodes, graph_edge_count(g) AS edges,
       (SELECT count(*) FROM (SELECT name FROM junyi UNION SELECT prerequisite FROM junyi_edge
                              WHERE prerequisite IS NOT NULL) x) AS nodes_sql,
       (SELECT count(DISTINCT (prerequisite, competency)) FROM junyi_edge
         WHERE prerequisite IS NOT NULL) AS edges_sql
FROM junyi_graph;
-- every cycle, and every group of mutually dependent exercises
SELECT c AS cycle FROM junyi_graph, graph_cycles(g) c;
SELECT c AS component FROM junyi_graph, graph_cyclic_components(g) c;
-- independently: exercises that are reachable from themselves
WITH RECURSIVE r(start, node) AS (
    SELECT prerequisite, competency FROM junyi_edge WHERE prerequisite IS NOT NULL
  UNION
    SELECT r.start, e.competency FROM r JOIN junyi_edge e ON e.prerequisite = r.node)
SELECT array_agg(DISTINCT start ORDER BY start) = (
         SELECT array_agg(x ORDER BY x) FROM junyi_graph, graph_cyclic_components(g) c, unnest(c) x)
       AS same_cyclic_nodes
FROM r WHERE start = node;
-- operations that need an acyclic graph name a real cycle
SELECT topological_order(g) FROM junyi_graph;
SELECT longest_path(g) FROM junyi_graph;
-- ... but only when the cycle is in their way
SELECT learning_path(g, '{}', 'proportions_2') FROM junyi_graph;
SELECT learning_path(g, '{}', 'circles_and_arcs') AS path,
       cardinality(ready_to_learn(g, '{}')) AS ready_at_start,
       ready_to_learn(g, '{}') = ARRAY(
         SELECT n COLLATE "C" AS n FROM graph_nodes(g) n
          WHERE NOT EXISTS (SELECT 1 FROM junyi_edge e WHERE e.competency = n
                                                         AND e.prerequisite IS NOT NULL)
          ORDER BY n) AS ready_equal
FROM junyi_graph;
-- after dropping one edge per cycle the framework is a DAG
CREATE TABLE junyi_fixed AS
SELECT competency_graph_agg(e.prerequisite, e.competency) AS g
FROM junyi_edge e
WHERE NOT EXISTS (SELECT 1 FROM junyi_graph, graph_cycles(g) c
                   WHERE e.prerequisite = c[cardinality(c) - 1] AND e.competency = c[cardinality(c)]);
SELECT graph_edge_count(g) AS edges, (SELECT count(*) FROM graph_cycles(g)) AS cycles,
       cardinality(topological_order(g)) AS ordered
FROM junyi_fixed;
