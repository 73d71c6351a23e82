-- A teacher's morning: who is ready for what, gaps, credit earned, pace, who is stuck,
-- and one learner's pathway map. Everything is as of :today; the year is due :due.

-- each learner's mastered set, with when each was mastered
CREATE TABLE learner_progress AS
SELECT l.learner_id, l.class_id,
       coalesce(array_agg(lm.code ORDER BY lm.code) FILTER (WHERE mastered_at(lm.m, o.method, o.scale) IS NOT NULL), '{}') AS mastered,
       coalesce(array_agg(mastered_at(lm.m, o.method, o.scale) ORDER BY lm.code) FILTER (WHERE mastered_at(lm.m, o.method, o.scale) IS NOT NULL), '{}') AS mastered_at,
       min(first_evidence_at(lm.m)) AS first_evidence
FROM learner l LEFT JOIN learner_mastery lm USING (learner_id) LEFT JOIN outcome_rule o USING (code)
GROUP BY l.learner_id, l.class_id;

SELECT format('## The course: %s competencies, %s prerequisite links, longest chain %s competencies.',
              graph_node_count(g), graph_edge_count(g), cardinality(longest_path(g))) AS line FROM course_graph \gset
\echo
\echo :line

\echo
\echo '## Class 1: ready to learn next, and gaps under what is mastered (all 25 learners; the first 4 of each list by code)'
SELECT p.learner_id AS learner, cardinality(p.mastered) AS mastered,
       cardinality(ready_to_learn(g, p.mastered)) AS ready, array_to_string((ready_to_learn(g, p.mastered))[1:4], ' ') AS "ready: first 4",
       cardinality(gaps(g, p.mastered)) AS gaps, array_to_string((gaps(g, p.mastered))[1:4], ' ') AS "gaps: first 4"
FROM learner_progress p, course_graph WHERE p.class_id = 1 ORDER BY p.learner_id;

\echo
\echo '## Credit earned, whole district (a parent counts when at least 70% of its children do, cascading upward)'
SELECT jsonb_object_agg(parent, jsonb_build_object('at_least', ceil(0.7 * n)::int)) AS rules
FROM (SELECT e.competency AS parent, count(*) AS n FROM course_hierarchy, graph_edges(h) e GROUP BY e.competency) r \gset credit_
CREATE TEMP TABLE credit AS
SELECT parent AS "credit for", count(node) AS learners, round(100.0 * count(node) / (SELECT count(*) FROM learner)) AS pct
FROM (SELECT DISTINCT e.competency AS parent FROM course_hierarchy, graph_edges(h) e WHERE e.competency ~ :'credit_nodes') c
LEFT JOIN (SELECT node FROM learner_progress p, course_hierarchy, unnest(rollup_mastered(h, p.mastered, :'credit_rules')) node) r
       ON r.node = c.parent
GROUP BY parent;
SELECT * FROM credit ORDER BY "credit for";
SELECT coalesce('Nobody has earned credit yet for: ' || string_agg("credit for", ', ' ORDER BY "credit for") || '.',
                'Every parent above has been earned by someone.') AS line
FROM credit WHERE learners = 0 \gset
\echo :line

\echo
SELECT format('## Pace toward the whole course (class 1; due %s; pace since the learner joined)', :'due_text') AS line \gset
\echo :line
CREATE TEMP TABLE pace AS
SELECT p.learner_id, p.class_id, lp.done, lp.total, lp.ready, pc.per_week, pc.projected_completion, pc.status
FROM learner_progress p JOIN learner l USING (learner_id), course_graph, course_hierarchy,
     LATERAL (SELECT hierarchy_leaves(h, 'Course')) t(targets),
     LATERAL learning_progress(g, t.targets, p.mastered) lp,
     LATERAL learning_pace(lp.total, ARRAY(SELECT a FROM unnest(p.mastered, p.mastered_at) u(c, a) WHERE c = ANY (t.targets)),
                           l.joined, :due, :today) pc;
SELECT learner_id AS learner, done || '/' || total AS done, round(per_week::numeric, 2) AS per_week,
       projected_completion::date AS projected, status, array_to_string(ready[1:3], ' ') AS "next up"
FROM pace WHERE class_id = 1 ORDER BY learner_id;
\echo 'The whole district:'
SELECT status, count(*) AS learners, round(100.0 * count(*) / sum(count(*)) OVER ()) AS pct,
       min(projected_completion)::date AS "projected from", max(projected_completion)::date AS "projected to"
FROM pace
GROUP BY status ORDER BY min(CASE status WHEN 'done' THEN 0 WHEN 'ahead' THEN 1 WHEN 'on track' THEN 2 ELSE 3 END);

\echo
\echo '## Stuck: working on it, not mastered, for more than 3 weeks since it was ready and begun (class 1, longest first)'
\echo 'Ready since: when the last prerequisite was mastered; for a competency without prerequisites in the course,'
\echo 'since the learner''s first evidence in the course (or since joining, without any). Stuck: not mastered,'
\echo 'assessed at least twice, the last time within 6 weeks; the days count from the later of "ready since"'
\echo 'and the first try (a competency is not stuck before the class begins it); "days ready" counts from "ready since".'
CREATE TEMP TABLE stuck AS
SELECT lm.learner_id, l.class_id, lm.code, evidence_count(lm.m) AS tries,
       round(mastery_score(lm.m, o.method)::numeric, 2) AS value,
       coalesce(mastery_level(lm.m, o.method, o.scale), 'no value yet') AS level,
       r.ready_at, first_evidence_at(lm.m) AS first_try, last_evidence_at(lm.m) AS last_try,
       :today::timestamptz - greatest(r.ready_at, first_evidence_at(lm.m)) AS stuck_for
FROM learner_mastery lm JOIN outcome_rule o USING (code) JOIN learner_progress p USING (learner_id)
     JOIN learner l USING (learner_id), course_graph,
     LATERAL (SELECT ready_since(g, lm.code, p.mastered, p.mastered_at) AS rs) s,
     LATERAL (SELECT CASE WHEN s.rs = '-infinity' THEN coalesce(p.first_evidence, l.joined) ELSE s.rs END AS ready_at) r
WHERE NOT lm.code = ANY (p.mastered)
  AND r.ready_at IS NOT NULL                       -- NULL: a prerequisite is not mastered yet
  AND evidence_count(lm.m) >= 2
  AND last_evidence_at(lm.m) >= :today::timestamptz - interval '42 days'
  AND greatest(r.ready_at, first_evidence_at(lm.m)) < :today::timestamptz - interval '21 days';
SELECT count(*) AS n_stuck, count(DISTINCT learner_id) AS n_stuck_learners FROM stuck WHERE class_id = 1 \gset
SELECT learner_id AS learner, code, tries, value, level, ready_at::date AS "ready since",
       first_try::date AS "first try", last_try::date AS "last try",
       extract(day FROM :today::timestamptz - ready_at)::int AS "days ready", extract(day FROM stuck_for)::int AS "days stuck"
FROM stuck WHERE class_id = 1
ORDER BY stuck_for DESC, learner_id, code LIMIT 15;
SELECT format('(the first 15 of %s stuck competencies, of %s learners of class 1; the whole district: %s, in demo_out/stuck.csv)',
              :n_stuck, :n_stuck_learners, (SELECT count(*) FROM stuck)) AS line \gset
\echo :line
\copy (SELECT learner_id, class_id, code, tries, value, level, ready_at, first_try, last_try, stuck_for FROM stuck ORDER BY stuck_for DESC, learner_id, code) TO 'demo_out/stuck.csv' WITH (FORMAT csv, HEADER true)

\echo
-- The map: the whole course graph for the generated framework; for the Common Core, the part
-- around what the learner is doing now (ready and gap competencies and their neighbours), as
-- the whole 77-competency map is too large to read at a glance.
\if :have_shared
\set map_around 1
\set map_what 'Learner 7: the map around what they are learning now (ready and gap competencies and their neighbours)'
\else
\set map_around NULL
\set map_what 'Learner 7: the whole course map'
\endif
SELECT regexp_replace(to_dot(g, p.mastered, :map_around), '\}\s*$', '') ||
       format(E'  labelloc=t; fontname="Helvetica"; fontsize=16;\n  label="%s\\nas of %s\\n\\n";\n', :'map_what', :'today_text') ||
$legend$  subgraph cluster_legend {
    label="Legend"; fontsize=12; style="rounded"; color="#999999";
    "legend mastered" [label="mastered", fillcolor="#a6d96a"];
    "legend ready" [label="ready to learn", fillcolor="#fee08b", penwidth=2.5];
    "legend gap" [label="gap: not mastered,\nunder something mastered", fillcolor="#fdae61", color="#d7191c", penwidth=2.5];
    "legend not yet" [label="not yet", fillcolor="#eeeeee", fontcolor="#666666", color="#999999"];
    "legend a" [label="prerequisite", fillcolor="#ffffff"];
    "legend b" [label="needs it", fillcolor="#ffffff"];
    "legend a" -> "legend b";
    "legend mastered" -> "legend ready" -> "legend gap" -> "legend not yet" [style=invis];
  }
}
$legend$
FROM course_graph, learner_progress p WHERE p.learner_id = 7
\g (format=unaligned tuples_only=on) demo_out/learner_7_pathway.dot
\! dot -Tsvg demo_out/learner_7_pathway.dot -o demo_out/learner_7_pathway.svg && dot -Tpng demo_out/learner_7_pathway.dot -o demo_out/learner_7_pathway.png
SELECT format('## Pathway map, %s: demo_out/learner_7_pathway.svg and .png', :'map_what') AS line \gset
\echo :line
