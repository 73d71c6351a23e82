-- The README, run top to bottom (generated from README.md by scripts/readme_sql.sh; do not edit).
-- It runs in a database of its own, as a new user would, with TimeZone UTC and the
-- default DateStyle and IntervalStyle (which pg_regress changes) and messages in English.
SET client_min_messages = warning;
SELECT current_database() AS readme_home \gset
DROP DATABASE IF EXISTS mastery_readme;
CREATE DATABASE mastery_readme;
\c mastery_readme
SET lc_messages = 'C';
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
SET IntervalStyle = 'postgres';
-- # mastery
\o /dev/null
CREATE EXTENSION mastery;
\o

WITH evidence (learner_id, code, score, assessed_at) AS (VALUES
  (1, '5.NF.1', 1, timestamptz '2024-10-01 09:00+00'), (1, '5.NF.1', 2, '2024-10-08 09:00+00'),
  (1, '5.NF.1', 4, '2024-10-15 09:00+00'), (2, '5.NF.1', 3, '2024-10-01 09:00+00'))
SELECT learner_id, code,
       mastery_level(mastery_agg(score, assessed_at), 'decaying_average(0.65)',
                     'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5') AS level
FROM evidence
GROUP BY learner_id, code ORDER BY 1, 2;
-- ## A tour
\o /dev/null
CREATE TABLE evidence (learner_id int, code text, score float8, assessed_at timestamptz);
INSERT INTO evidence VALUES
  (1, '5.NF.1', 1, '2024-10-01 09:00+00'), (1, '5.NF.1', 2, '2024-10-08 09:00+00'),
  (1, '5.NF.1', 4, '2024-10-15 09:00+00'), (1, '5.NF.2', 3, '2024-10-02 09:00+00'),
  (2, '5.NF.1', 3, '2024-10-01 09:00+00'), (2, '5.NF.1', 3, '2024-10-09 09:00+00');

-- each outcome has its own method and scale, stored in an ordinary table
CREATE TABLE outcome (code text PRIMARY KEY, method mastery_method, scale mastery_scale);
INSERT INTO outcome VALUES
  ('5.NF.1', 'decaying_average(0.65)', 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5'),
  ('5.NF.2', 'n_mastery(2, 2.5)',      'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');

-- one mastery value per learner and competency
CREATE TABLE learner_mastery AS
SELECT learner_id, code, mastery_agg(score, assessed_at) AS m
FROM evidence GROUP BY learner_id, code;
\o

SELECT lm.learner_id, lm.code, o.method,
       round(mastery_score(lm.m, o.method)::numeric, 2) AS value,
       mastery_level(lm.m, o.method, o.scale)             AS level,
       is_mastered(lm.m, o.method, o.scale)               AS mastered
FROM learner_mastery lm JOIN outcome o USING (code)
ORDER BY 1, 2;
-- ## A tour
SELECT m FROM learner_mastery WHERE learner_id = 1 AND code = '5.NF.1';
-- ## A tour
\o /dev/null
UPDATE learner_mastery SET m = mastery_add(m, 0, '2024-10-05 09:00+00')   -- a make-up quiz
WHERE learner_id = 1 AND code = '5.NF.1';
\o
SELECT mastery_score(m, 'latest') AS latest,                      -- still 4: the quiz is older
       round(mastery_score(m, 'decaying_average(0.65)')::numeric, 4) AS decaying
FROM learner_mastery WHERE learner_id = 1 AND code = '5.NF.1';
-- ## A tour
SELECT s.step, s.at::date, s.score, round(s.value::numeric, 3) AS running_value, s.level
FROM learner_mastery lm JOIN outcome o USING (code),
     jsonb_to_recordset(mastery_explain(lm.m, o.method, o.scale) -> 'steps')
       AS s(step int, at timestamptz, score float8, value float8, level text)
WHERE lm.learner_id = 2 AND lm.code = '5.NF.1';
-- ## A tour
SELECT learner_id, code,
       mastery_score(m, 'decaying_average(0.65)', '2024-10-05') AS on_oct_5,
       mastery_score(m, 'decaying_average(0.65)', '2024-10-31') AS on_oct_31
FROM learner_mastery ORDER BY 1, 2;
-- ## Scales
SELECT mastery_level(2.7, 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');
-- ## Scales
SELECT is_mastered(2.4, 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');
-- ## Scales
SELECT * FROM scale_levels('emerging:0, developing:2, *capable:3');
-- ## Scales
SELECT mastery_scale(ARRAY['emerging', 'developing', 'capable'], ARRAY[0, 2, 3], 'capable');
-- ## Scales
SELECT 'not yet:0, "meets standard":3, *"secure: 4+":4'::mastery_scale;
-- ## Recipes
SELECT lm.learner_id,
       string_agg(coalesce(upper(left(mastery_level(lm.m, o.method, o.scale), 1)), '.'), ' ' ORDER BY lm.code) AS levels
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY lm.learner_id ORDER BY 1;
-- ## Recipes
SELECT code, mastery_level(lm.m, o.method, o.scale) AS level, count(*)
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY 1, 2 ORDER BY 1, 2;
-- ### A short tour
\o /dev/null
CREATE TABLE prerequisite(from_code text, to_code text);
INSERT INTO prerequisite VALUES
  ('count', 'add'), ('add', 'subtract'), ('add', 'multiply'),
  ('multiply', 'divide'), ('subtract', 'divide'), ('divide', 'fractions');
CREATE TABLE competency(code text PRIMARY KEY);
INSERT INTO competency VALUES
  ('count'), ('add'), ('subtract'), ('multiply'), ('divide'), ('fractions'), ('geometry');

CREATE TABLE framework AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM prerequisite
      UNION ALL SELECT NULL, code FROM competency) s(p, c);
\o

SELECT g FROM framework;
-- ### A short tour
\o /dev/null
CREATE TABLE learner_mastered(learner_id int, code text);
INSERT INTO learner_mastered VALUES
  (1, 'count'), (1, 'add'),
  (2, 'count'), (2, 'add'), (2, 'subtract'), (2, 'divide'),
  (3, 'geometry');
\o

SELECT m.learner_id, ready_to_learn(f.g, m.mastered) AS ready, gaps(f.g, m.mastered) AS gaps
FROM (SELECT learner_id, array_agg(code) AS mastered
      FROM learner_mastered GROUP BY learner_id) m, framework f
ORDER BY m.learner_id;
-- ### Text form
SELECT '{b->c, a->b, a->b, "long division", a}'::competency_graph;
-- ### Text form
SELECT '{"x y"->"say \"hi\"", a-->b}'::competency_graph;   -- a- -> b
-- #### `competency_graph_agg(prerequisite text, competency text) → competency_graph`
SELECT competency_graph_agg(p, c)
FROM (VALUES ('a', 'b'), (NULL, 'z'), ('y', NULL), (NULL, NULL)) v(p, c);
-- #### `prerequisites(g, node text [, max_depth integer]) → setof text`
SELECT prerequisites(g, 'fractions') FROM framework;
-- #### `prerequisites(g, node text [, max_depth integer]) → setof text`
SELECT prerequisites(g, 'fractions', 2) FROM framework;
-- #### `dependents(g, node text [, max_depth integer]) → setof text`
SELECT dependents(g, 'add') FROM framework;
-- #### `dependents(g, node text [, max_depth integer]) → setof text`
SELECT dependents(g, 'add', 1) FROM framework;
-- #### `is_prerequisite(g, prerequisite text, competency text) → boolean`
SELECT is_prerequisite(g, 'count', 'fractions'), is_prerequisite(g, 'fractions', 'count')
FROM framework;
-- #### `ready_to_learn(g, mastered text[]) → text[]`
SELECT ready_to_learn(g, '{}'), ready_to_learn(g, '{count,add,"not in graph",NULL}')
FROM framework;
-- #### `gaps(g, mastered text[]) → text[]`
SELECT gaps(g, '{divide}') FROM framework;
-- #### `learning_path(g, mastered text[], target text) → text[]`
SELECT learning_path(g, '{count,add}', 'fractions') FROM framework;
-- #### `topological_order(g) → text[]`
SELECT topological_order(g) FROM framework;
-- #### `graph_depth(g, node text) → integer` and `longest_path(g) → text[]`
SELECT graph_depth(g, 'fractions'), longest_path(g) FROM framework;
-- #### Listing: `graph_nodes(g) → setof text`, `graph_edges(g) → setof (prerequisite text, competency text)`
SELECT * FROM graph_nodes('{a->b, c}');
-- #### Listing: `graph_nodes(g) → setof text`, `graph_edges(g) → setof (prerequisite text, competency text)`
SELECT * FROM graph_edges('{b->c, a->b, d}');
-- #### Sizes and degrees: `graph_node_count(g)`, `graph_edge_count(g)`, `graph_has_node(g, node)`, `in_degree(g, node)`, `out_degree(g, node)`
SELECT graph_node_count('{a->b, c}'), graph_edge_count('{a->b, c}'), graph_has_node('{a->b, c}', 'c');
-- #### Sizes and degrees: `graph_node_count(g)`, `graph_edge_count(g)`, `graph_has_node(g, node)`, `in_degree(g, node)`, `out_degree(g, node)`
SELECT in_degree(g, 'divide'), out_degree(g, 'add') FROM framework;
-- #### `graph_cycles(g) → setof text[]` and `graph_cyclic_components(g) → setof text[]`
SELECT * FROM graph_cycles('{a->b, b->c, c->a, d->d, c->e}');
-- #### `graph_cycles(g) → setof text[]` and `graph_cyclic_components(g) → setof text[]`
SELECT * FROM graph_cyclic_components('{a->b, b->c, c->a, a->c, d->d, c->e}');
-- #### `graph_cycles(g) → setof text[]` and `graph_cyclic_components(g) → setof text[]`
SELECT c FROM (SELECT competency_graph_agg(from_code, to_code) g FROM prerequisite) x,
              graph_cycles(x.g) c;
-- #### `to_dot(g [, mastered text[] [, around integer]]) → text`
SELECT to_dot('{a->b}');
-- #### `to_dot(g [, mastered text[] [, around integer]]) → text`
SELECT to_dot(g, '{count,divide}', 0) FROM framework;
-- ### One-line imports
-- (skipped: needs: ccss_math_case.json)
-- ### One-line imports
-- (skipped: needs: ccss_math_case.json)
-- ### One-line imports
-- (skipped: needs: ccss_math_case.json)
-- ### One-line imports
-- (skipped: needs: ccss_math_case.json)
-- ### One-line imports
-- (skipped: needs: statements.json and results.json, read with \set statements `cat statements.json` ...)
-- #### `case_document(package jsonb)`
SELECT identifier, title, subject, last_change_date_time
FROM case_document('{"CFDocument": {"identifier": "d1", "uri": "https://example.org/d1",
  "title": "Algebra", "creator": "District", "subject": "Math",
  "lastChangeDateTime": "2024-05-01T12:00:00+02:00"}}');
-- #### `case_items(package jsonb)`
SELECT identifier, human_coding_scheme, item_type, education_level, document_identifier
FROM case_items('{"CFDocument": {"identifier": "d1"},
  "CFItems": [
    {"identifier": "i1", "humanCodingScheme": "A.1", "fullStatement": "Add fractions.",
     "CFItemType": "Standard", "educationLevel": ["04", "05"]},
    {"identifier": "i2", "humanCodingScheme": "A.2", "fullStatement": "Multiply fractions.",
     "CFItemType": "Standard", "educationLevel": "05,06"}]}');
-- #### `case_associations(package jsonb)`
SELECT association_type, origin_identifier, destination_identifier, sequence_number
FROM case_associations('{"CFAssociations": [
  {"identifier": "a1", "associationType": "precedes",
   "originNodeURI": {"identifier": "i1"}, "destinationNodeURI": {"identifier": "i2"}},
  {"identifier": "a2", "associationType": "isChildOf", "sequenceNumber": "2",
   "originNodeURI": {"identifier": "i2"}, "destinationNodeURI": {"identifier": "d1"}}]}');
-- #### `xapi_evidence(statement jsonb)`
-- (skipped: needs: ccss_math_case.json and statements.json (as above))
-- #### `xapi_evidence(statement jsonb)`
SELECT learner, activity, score, at, success
FROM xapi_evidence('[
  {"actor": {"mbox": "mailto:ana@example.org"},
   "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
   "object": {"id": "https://example.org/quiz/7"},
   "result": {"score": {"raw": 6, "min": 0, "max": 8}, "success": true},
   "timestamp": "2024-05-01T10:15:00+02:00"},
  {"actor": {"account": {"homePage": "https://sis.example.org", "name": "s-42"}},
   "object": {"id": "https://example.org/quiz/7"},
   "result": {"success": false}, "stored": "2024-05-02T08:00:00Z"}]');
-- #### `oneroster_evidence(result jsonb)`
SELECT learner, learning_objective, score, at, source, text_score
FROM oneroster_evidence('{"results": [
  {"sourcedId": "r1", "student": {"sourcedId": "s-42"}, "scoreDate": "2024-05-03",
   "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [
     {"learningObjectiveId": "i1", "score": 3},
     {"learningObjectiveId": "i2", "score": 2, "textScore": "approaching"}]}]}]}');
-- ## Progress, credit and pace
\o /dev/null
CREATE TABLE progress_prerequisite (from_code text, to_code text);
INSERT INTO progress_prerequisite VALUES ('5.NF.1', '5.NF.2'), ('5.NF.2', '5.NF.3'), ('5.NF.1', '5.NF.4');
CREATE TABLE progress_framework AS
SELECT competency_graph_agg(from_code, to_code) AS g FROM progress_prerequisite;

-- each learner's mastered set, and when each was first mastered
CREATE VIEW learner_state AS
SELECT lm.learner_id,
       array_agg(lm.code ORDER BY lm.code) FILTER (WHERE is_mastered(lm.m, o.method, o.scale)) AS mastered,
       array_agg(mastered_at(lm.m, o.method, o.scale) ORDER BY lm.code) FILTER (WHERE is_mastered(lm.m, o.method, o.scale)) AS mastered_at
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY lm.learner_id;
\o

SELECT learner_id, mastered, ready_to_learn(g, mastered) AS ready, gaps(g, mastered) AS gaps
FROM learner_state, progress_framework ORDER BY 1;
-- ## Progress, credit and pace
\o /dev/null
CREATE TABLE progress_hierarchy AS
SELECT competency_graph_agg(child, parent) AS h
FROM (VALUES ('5.NF.1', '5.NF'), ('5.NF.2', '5.NF'), ('5.NF.3', '5.NF'), ('5.NF.4', '5.NF'), ('5.NF', 'Grade 5')) v(child, parent);
\o
SELECT learner_id, rollup_mastered(h, mastered, '{"5.NF": {"at_least": 1}, "Grade 5": "all"}') AS counts_as_mastered
FROM learner_state, progress_hierarchy ORDER BY 1;
-- ## Progress, credit and pace
SELECT s.learner_id, p.done, p.total, p.remaining, pace.per_week, pace.projected_completion, pace.status
FROM learner_state s, progress_framework, progress_hierarchy,
     LATERAL learning_progress(g, hierarchy_leaves(h, 'Grade 5'), s.mastered) p,
     LATERAL learning_pace(p.total, s.mastered_at, '2024-09-02', '2025-06-13', '2024-10-31') pace
ORDER BY 1;
-- ## Progress, credit and pace
SELECT lm.learner_id, lm.code, evidence_count(lm.m) AS tries,
       '2024-10-31'::timestamptz - greatest(r.ready, first_evidence_at(lm.m)) AS stuck_for
FROM learner_mastery lm JOIN outcome o USING (code) JOIN learner_state s USING (learner_id), progress_framework,
     LATERAL (SELECT ready_since(g, lm.code, s.mastered, s.mastered_at) AS ready) r
WHERE NOT is_mastered(lm.m, o.method, o.scale)
  AND r.ready IS NOT NULL
  AND greatest(r.ready, first_evidence_at(lm.m)) < '2024-10-31'::timestamptz - interval '10 days'
ORDER BY 1, 2;
-- ## Comparing and grouping values
\o /dev/null
CREATE TABLE cmp_outcome (code text, scale mastery_scale);
INSERT INTO cmp_outcome VALUES
  ('5.NF.1', 'beginning:0, developing:1.5, *proficient:2.5'),
  ('5.NF.2', '*proficient:2.5, developing:1.5, beginning:0'),
  ('5.G.1',  'emerging:0, *capable:3');
\o

SELECT scale, count(*) FROM cmp_outcome GROUP BY scale ORDER BY scale;
-- ## Comparing and grouping values
SELECT mastery_agg(score, at) = '{1@2024-10-01T09:00:00Z, 3@2024-10-08T09:00:00Z}' AS same,
       mastery_agg(score, at) = '{1@2024-10-01T09:00:00Z, 3@2024-10-08T09:00:01Z}' AS one_second_later
FROM (VALUES (3, '2024-10-08 09:00+00'::timestamptz), (1, '2024-10-01 09:00+00')) v(score, at);
-- ## Comparing and grouping values
\o /dev/null
CREATE TABLE cmp_policy (code text PRIMARY KEY, method text, scale varchar(200));
INSERT INTO cmp_policy VALUES
  ('5.NF.1', 'decaying_average(0.65)', 'beginning:0, developing:1.5, *proficient:2.5'),
  ('5.G.1',  'highest',                'emerging:0, *capable:3');
\o

SELECT p.code, round(mastery_score(m, p.method)::numeric, 2) AS value,
       is_mastered(m, p.method, p.scale) AS mastered
FROM cmp_policy p, (VALUES ('{1@2024-10-01T09:00:00Z, 3@2024-10-08T09:00:00Z}'::mastery)) v(m)
ORDER BY p.code;
-- ## Comparing and grouping values
SELECT mastery_score(m, 'latest', '2024-10-01'::date)        AS as_of_oct_1,
       mastery_score(m, 'latest', '2024-10-01'::timestamptz) AS as_of_midnight
FROM (VALUES ('{1@2024-09-30T12:00:00Z, 2@2024-10-01T15:00:00Z}'::mastery)) v(m);
-- ## Comparing and grouping values
\o /dev/null
CREATE TABLE cmp_roster (learner text);
INSERT INTO cmp_roster VALUES ('ana'), ('ben');
CREATE TABLE cmp_state (learner text, m mastery);
INSERT INTO cmp_state VALUES ('ana', '{3@2024-10-01T09:00:00Z}');
\o

SELECT r.learner
FROM cmp_roster r LEFT JOIN cmp_state s USING (learner)
WHERE NOT is_mastered(s.m, 'latest', 'emerging:0, *capable:3');
-- ## Keeping mastery live
\o /dev/null
CREATE TABLE live_evidence (learner int, competency text, score float8, assessed_at timestamptz);
INSERT INTO live_evidence VALUES
  (1, '5.NF.1', 2, '2024-10-01 09:00+00'), (1, '5.NF.1', 0, '2024-10-08 09:00+00'),
  (2, '5.NF.1', 3, '2024-10-01 09:00+00'), (2, '5.NF.1', 3, '2024-10-01 09:00+00');

-- creates live_mastery (learner int, competency text, m mastery), filled from the rows above
SELECT mastery_track('live_evidence', 'live_mastery', ARRAY['learner', 'competency'],
                     'score', 'assessed_at', notify => 'live_mastery');

UPDATE live_evidence SET score = 4                     -- a corrected score
WHERE learner = 1 AND assessed_at = '2024-10-08 09:00+00';
DELETE FROM live_evidence                              -- one of two duplicates
WHERE ctid = (SELECT min(ctid) FROM live_evidence WHERE learner = 2);
INSERT INTO live_evidence VALUES (2, '5.NF.1', 1, '2024-09-24 09:00+00');  -- a late make-up quiz
\o

SELECT learner, competency, m FROM live_mastery ORDER BY 1, 2;
-- ## Keeping mastery live
SELECT mastery_track_check('live_evidence');
-- ## Keeping mastery live
\o /dev/null
LISTEN live_mastery;                     -- in the dashboard's session
-- A teacher's session then enters a score,
-- INSERT INTO live_evidence VALUES (2, '5.NF.1', 4, '2024-10-15 09:00+00');
-- and as it commits, psql in the dashboard's session prints
-- Asynchronous notification "live_mastery" with payload "{"learner" : 2, "competency" : "5.NF.1"}" received from server process with PID 4242.
UNLISTEN live_mastery;
\o
-- ## Keeping mastery live
SELECT mastery_remove('{1@2024-10-01T09:00:00Z, 3@2024-10-08T09:00:00Z}', 3, '2024-10-08 09:00+00');
-- ## Knowledge tracing
\o /dev/null
SELECT setseed(0.42);
CREATE TABLE kt_answer AS
WITH truth (code, prior, learn, slip, guess) AS (
  VALUES ('5.NF.1', 0.3, 0.2, 0.1, 0.2), ('5.NF.2', 0.5, 0.1, 0.05, 0.25)),
kt_learner AS MATERIALIZED (
  SELECT t.*, l AS learner,
         CASE WHEN random() < prior THEN 1
              ELSE 2 + floor(ln(1 - random()) / ln(1 - learn)) END AS learned_at
  FROM truth t, generate_series(1, 300) l)
SELECT learner, code, a AS attempt,
       (CASE WHEN a >= learned_at THEN random() >= slip ELSE random() < guess END)::int AS correct
FROM kt_learner, generate_series(1, 8) a;
\o
-- ## Knowledge tracing
\o /dev/null
CREATE TABLE kt_mastery AS
SELECT learner, code, mastery_agg(correct, NULL, attempt) AS m
FROM kt_answer GROUP BY learner, code;

CREATE TABLE kt_outcome AS
SELECT code, bkt_fit(m) AS method FROM kt_mastery GROUP BY code;
\o

SELECT code, r->'learners' AS learners, r->'observations' AS observations,
       round((r->>'prior')::numeric, 3) AS prior, round((r->>'learn')::numeric, 3) AS learn,
       round((r->>'slip')::numeric, 3) AS slip, round((r->>'guess')::numeric, 3) AS guess,
       r->'converged' AS converged, r->'warning' AS warning
FROM (SELECT code, bkt_fit_report(m) AS r FROM kt_mastery GROUP BY code) f
ORDER BY code;
-- ## Knowledge tracing
\o /dev/null
SELECT code, bkt_fit(m) AS method
FROM (SELECT learner, code, mastery_agg(correct, NULL, attempt) AS m
      FROM kt_answer GROUP BY learner, code) per_learner
GROUP BY code;
\o
-- ## Knowledge tracing
SELECT k.learner, k.m, round(mastery_score(k.m, o.method)::numeric, 3) AS p_known
FROM kt_mastery k JOIN kt_outcome o USING (code)
WHERE k.code = '5.NF.1' AND k.learner <= 3
ORDER BY 1;
-- ## Knowledge tracing
SELECT p.step, p.correct, round(p.p_correct::numeric, 3) AS p_correct, round(p.p_known::numeric, 3) AS p_known
FROM kt_mastery k JOIN kt_outcome o USING (code), LATERAL mastery_predict(k.m, o.method) p
WHERE k.code = '5.NF.1' AND k.learner = 2;
-- ## Knowledge tracing
SELECT round(roc_auc(p.p_correct, p.correct)::numeric, 3) AS auc,
       round(sqrt(avg((p.correct::int - p.p_correct) ^ 2))::numeric, 3) AS rmse
FROM kt_mastery k JOIN kt_outcome o USING (code), LATERAL mastery_predict(k.m, o.method) p;
-- ## Knowledge tracing
\o /dev/null
CREATE TABLE kt_train AS
SELECT code, bkt_fit(m) AS method FROM kt_mastery WHERE learner % 5 <> 0 GROUP BY code;
\o

SELECT round(roc_auc(p.p_correct, p.correct)::numeric, 3) AS held_out_auc
FROM kt_mastery k JOIN kt_train t USING (code), LATERAL mastery_predict(k.m, t.method) p
WHERE k.learner % 5 = 0;
-- ### How the fit works, and its options
-- expect: error
SELECT bkt_fit(m, '{"restart": 3}') FROM kt_mastery;
-- ## Errors
-- expect: error
SELECT 'decaying_average(1.5)'::mastery_method;
-- ## Parallel aggregation on large tables
\o /dev/null
CREATE TABLE evidence_p (learner int, competency text, score float8, at timestamptz)
  PARTITION BY HASH (learner);
CREATE TABLE evidence_p0 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE evidence_p1 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE evidence_p2 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE evidence_p3 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 3);
SET enable_partitionwise_aggregate = on;
\o
EXPLAIN (COSTS OFF)
SELECT learner, competency, mastery_agg(score, at) FROM evidence_p GROUP BY 1, 2;
-- ### An index in evidence order
\o /dev/null
CREATE INDEX ON evidence_p (learner, competency, at) INCLUDE (score);
VACUUM ANALYZE evidence_p;
BEGIN;
SET LOCAL enable_hashagg = off;
SELECT learner, competency, mastery_agg(score, at) FROM evidence_p GROUP BY 1, 2;
COMMIT;
\o
-- end of the README
\c :readme_home
DROP DATABASE mastery_readme;
