-- Demo: the competency graph.  What are five learners ready to learn next, and
-- which prerequisites below what they already master were never mastered?
--
-- Expects:  competency(code text primary key, name text)
--           prerequisite(from_code text, to_code text)      -- from_code comes first
--           learner_mastered(learner_id int, code text)     -- view, one row per mastered competency

\echo
\echo '== Competency graph: ready to learn and gaps for five learners'
\set QUIET on

-- The whole framework as one value; competencies without any prerequisite link
-- are added as isolated nodes (NULL prerequisite).
CREATE TEMP TABLE demo_graph AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM prerequisite
      UNION ALL
      SELECT NULL, code FROM competency) s(p, c);

SELECT graph_node_count(g) AS competencies,
       graph_edge_count(g) AS prerequisite_links,
       (SELECT count(*) FROM graph_cycles(g)) AS cycles,
       cardinality(ready_to_learn(g, '{}')) AS starting_points
FROM demo_graph;

-- The five learners with the lowest ids, with their mastered sets as arrays.
CREATE TEMP TABLE demo_learner AS
SELECT learner_id, array_agg(code ORDER BY code) AS mastered
FROM learner_mastered
WHERE learner_id IN (SELECT DISTINCT learner_id FROM learner_mastered ORDER BY learner_id LIMIT 5)
GROUP BY learner_id;

\echo
\echo '-- per learner: how many competencies are mastered, ready to learn next, and gaps'
SELECT l.learner_id,
       cardinality(l.mastered) AS mastered,
       cardinality(ready_to_learn(g, l.mastered)) AS ready,
       (ready_to_learn(g, l.mastered))[1:6] AS first_ready,
       cardinality(gaps(g, l.mastered)) AS gaps,
       (gaps(g, l.mastered))[1:6] AS first_gaps
FROM demo_learner l, demo_graph
ORDER BY l.learner_id;

\echo
\echo '-- ready to learn next (up to 5 per learner, with names)'
SELECT l.learner_id, r.code, left(c.name, 70) AS name
FROM demo_learner l, demo_graph,
     LATERAL unnest((ready_to_learn(g, l.mastered))[1:5]) WITH ORDINALITY r(code, pos)
     LEFT JOIN competency c ON c.code = r.code
ORDER BY l.learner_id, r.pos;

\echo
\echo '-- gaps: prerequisites under mastered competencies that were never mastered (up to 5 per learner)'
SELECT l.learner_id, gp.code, left(c.name, 70) AS name,
       (SELECT count(*) FROM unnest(l.mastered) m
         WHERE is_prerequisite(g, gp.code, m)) AS needed_by_mastered
FROM demo_learner l, demo_graph,
     LATERAL unnest((gaps(g, l.mastered))[1:5]) WITH ORDINALITY gp(code, pos)
     LEFT JOIN competency c ON c.code = gp.code
ORDER BY l.learner_id, gp.pos;

\echo
\echo '-- render a learner''s map:  psql -XAtc "SELECT to_dot(g, mastered) FROM ..." | dot -Tsvg > map.svg'

DROP TABLE demo_learner;
DROP TABLE demo_graph;
