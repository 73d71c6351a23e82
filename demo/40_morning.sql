-- A teacher's morning: who is ready for what, gaps, credit earned, pace, who is stuck,
-- and one learner's pathway map. "Today" is 2025-04-15; the year is due 2025-06-13.
\set today '''2025-04-15 07:00+00'''
\set due '''2025-06-13 15:00+00'''

-- the course's prerequisite graph (competencies without links are isolated nodes)
CREATE TABLE course_graph AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM prerequisite
      WHERE from_code IN (SELECT code FROM course_competency) AND to_code IN (SELECT code FROM course_competency)
      UNION ALL SELECT NULL, code FROM course_competency) e(p, c);
-- the hierarchy, edges child -> parent: standard -> cluster -> domain -> grade (read off the codes:
-- 4.NF.A.1 -> 4.NF.A -> 4.NF -> Grade 4; a component 4.MD.C.5a -> its standard 4.MD.C.5)
CREATE TABLE course_hierarchy AS
WITH RECURSIVE up(child, parent) AS (
  SELECT code, CASE WHEN code ~ '^[0-9]+\.[A-Z]+\.[A-Z]\.[0-9]+[a-z]$' THEN left(code, -1)
                    WHEN code ~ '\.' THEN regexp_replace(code, '\.[^.]+$', '')
                    ELSE 'Course' END
  FROM course_competency
  UNION
  SELECT parent, CASE WHEN parent ~ '\.' THEN regexp_replace(parent, '\.[^.]+$', '')
                      WHEN parent ~ '^[0-9]+$' THEN 'Grade ' || parent ELSE 'Course' END
  FROM up WHERE parent NOT LIKE 'Grade %' AND parent <> 'Course')
SELECT competency_graph_agg(child, parent) AS h FROM up;
-- each learner's mastered set, with when each was mastered
CREATE TABLE learner_progress AS
SELECT l.learner_id, l.class_id,
       coalesce(array_agg(lm.code ORDER BY lm.code) FILTER (WHERE mastered_at(lm.m, o.method, o.scale) IS NOT NULL), '{}') AS mastered,
       coalesce(array_agg(mastered_at(lm.m, o.method, o.scale) ORDER BY lm.code) FILTER (WHERE mastered_at(lm.m, o.method, o.scale) IS NOT NULL), '{}') AS mastered_at
FROM learner l LEFT JOIN learner_mastery lm USING (learner_id) LEFT JOIN outcome_rule o USING (code)
GROUP BY l.learner_id, l.class_id;

SELECT graph_node_count(g) AS n, graph_edge_count(g) AS e, array_length(longest_path(g), 1) AS longest FROM course_graph \gset
\echo
\echo '## The course:' :n 'competencies,' :e 'prerequisite links, longest chain' :longest

\echo
\echo '## Class 1: ready to learn next, and gaps under what is mastered'
SELECT p.learner_id, cardinality(p.mastered) AS mastered,
       cardinality(ready_to_learn(g, p.mastered)) AS ready, array_to_string((ready_to_learn(g, p.mastered))[1:4], ' ') AS "ready first",
       cardinality(gaps(g, p.mastered)) AS gaps, array_to_string((gaps(g, p.mastered))[1:4], ' ') AS "gaps first"
FROM learner_progress p, course_graph WHERE p.class_id = 1 ORDER BY p.learner_id LIMIT 10;

\echo
\echo '## Credit earned (a parent counts when at least 70% of its children do, cascading upward)'
SELECT jsonb_object_agg(parent, jsonb_build_object('at_least', ceil(0.7 * n)::int)) AS rules
FROM (SELECT e.competency AS parent, count(*) AS n FROM course_hierarchy, graph_edges(h) e GROUP BY e.competency) r \gset credit_
SELECT node AS "credit for", count(*) AS learners, round(100.0 * count(*) / 2400) AS pct
FROM learner_progress p, course_hierarchy, unnest(rollup_mastered(h, p.mastered, :'credit_rules')) node
WHERE node ~ :'credit_nodes'
GROUP BY node ORDER BY node;

\echo
\echo '## Pace toward the' :pace_node 'standards taught this year (class 1; due June 13)'
SELECT p.learner_id, lp.done || '/' || lp.total AS done, round(pc.per_week::numeric, 2) AS per_week,
       pc.projected_completion::date AS projected, pc.status, array_to_string(lp.ready[1:3], ' ') AS "next up"
FROM learner_progress p, course_graph, course_hierarchy,
     LATERAL (SELECT ARRAY(SELECT c FROM unnest(hierarchy_leaves(h, :'pace_node')) c
                           JOIN outcome_rule o ON o.code = c WHERE o.taught_week <= 36)) t(targets),
     LATERAL learning_progress(g, t.targets, p.mastered) lp,
     LATERAL learning_pace(lp.total, ARRAY(SELECT a FROM unnest(p.mastered, p.mastered_at) u(c, a) WHERE c = ANY (t.targets)),
                           '2024-09-02', :due, :today) pc
WHERE p.class_id = 1 ORDER BY p.learner_id LIMIT 10;
\echo 'The whole district:'
SELECT pc.status, count(*) AS learners FROM learner_progress p, course_graph, course_hierarchy,
     LATERAL (SELECT ARRAY(SELECT c FROM unnest(hierarchy_leaves(h, :'pace_node')) c
                           JOIN outcome_rule o ON o.code = c WHERE o.taught_week <= 36)) t(targets),
     LATERAL learning_progress(g, t.targets, p.mastered) lp,
     LATERAL learning_pace(lp.total, ARRAY(SELECT a FROM unnest(p.mastered, p.mastered_at) u(c, a) WHERE c = ANY (t.targets)),
                           '2024-09-02', :due, :today) pc
GROUP BY pc.status ORDER BY min(CASE pc.status WHEN 'done' THEN 0 WHEN 'ahead' THEN 1 WHEN 'on track' THEN 2 ELSE 3 END);

\echo
\echo '## Stuck: ready for more than 3 weeks, working on it, not mastered (longest first)'
SELECT lm.learner_id, lm.code, evidence_count(lm.m) AS tries,
       round(mastery_score(lm.m, o.method)::numeric, 2) AS value, mastery_level(lm.m, o.method, o.scale) AS level,
       (:today::timestamptz - greatest(ready_since(g, lm.code, p.mastered, p.mastered_at), first_evidence_at(lm.m)))::interval day AS stuck_for
FROM learner_mastery lm JOIN outcome_rule o USING (code) JOIN learner_progress p USING (learner_id), course_graph
WHERE NOT lm.code = ANY (p.mastered)
  AND greatest(ready_since(g, lm.code, p.mastered, p.mastered_at), first_evidence_at(lm.m)) < :today::timestamptz - interval '21 days'
  AND p.class_id = 1
ORDER BY stuck_for DESC, lm.learner_id, lm.code LIMIT 10;

\echo
\echo '## Learner 7''s pathway map: demo_out/learner_7_pathway.svg (mastered green, ready yellow)'
SELECT to_dot(g, p.mastered) FROM course_graph, learner_progress p WHERE p.learner_id = 7
\g (format=unaligned tuples_only=on) demo_out/learner_7_pathway.dot
\! dot -Tsvg demo_out/learner_7_pathway.dot -o demo_out/learner_7_pathway.svg && echo "rendered demo_out/learner_7_pathway.svg"
