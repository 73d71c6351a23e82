-- The README tour, statement by statement (keeps the README true)
SET extra_float_digits = 0;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
-- a schema of its own, as a new database would be
CREATE SCHEMA readme;
SET search_path = readme, public;
CREATE TABLE evidence (learner_id int, code text, score float8, assessed_at timestamptz);
INSERT INTO evidence VALUES
  (1, '5.NF.1', 1, '2024-10-01 09:00+00'), (1, '5.NF.1', 2, '2024-10-08 09:00+00'),
  (1, '5.NF.1', 4, '2024-10-15 09:00+00'), (1, '5.NF.2', 3, '2024-10-02 09:00+00'),
  (2, '5.NF.1', 3, '2024-10-01 09:00+00'), (2, '5.NF.1', 3, '2024-10-09 09:00+00');
CREATE TABLE outcome (code text PRIMARY KEY, method mastery_method, scale mastery_scale);
INSERT INTO outcome VALUES
  ('5.NF.1', 'decaying_average(0.65)', 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5'),
  ('5.NF.2', 'n_mastery(2, 2.5)',      'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');
CREATE TABLE learner_mastery AS
SELECT learner_id, code, mastery_agg(score, assessed_at) AS m
FROM evidence GROUP BY learner_id, code;
SELECT lm.learner_id, lm.code, o.method,
       round(mastery_score(lm.m, o.method)::numeric, 2) AS value,
       mastery_level(lm.m, o.method, o.scale)             AS level,
       is_mastered(lm.m, o.method, o.scale)               AS mastered
FROM learner_mastery lm JOIN outcome o USING (code)
ORDER BY 1, 2;
SELECT m FROM learner_mastery WHERE learner_id = 1 AND code = '5.NF.1';
UPDATE learner_mastery SET m = mastery_add(m, 0, '2024-10-05 09:00+00')   -- a make-up quiz
WHERE learner_id = 1 AND code = '5.NF.1';
-- 1, 0, 2, 4: .35*1 = .35; .35*.35 + .65*2 = 1.4225; .35*1.4225 + .65*4 = 3.097875
SELECT mastery_score(m, 'latest') AS latest,                      -- still 4: the quiz is older
       round(mastery_score(m, 'decaying_average(0.65)')::numeric, 4) AS decaying
FROM learner_mastery WHERE learner_id = 1 AND code = '5.NF.1';
SELECT s.step, s.at::date, s.score, round(s.value::numeric, 3) AS running_value, s.level
FROM learner_mastery lm JOIN outcome o USING (code),
     jsonb_to_recordset(mastery_explain(lm.m, o.method, o.scale) -> 'steps')
       AS s(step int, at timestamptz, score float8, value float8, level text)
WHERE lm.learner_id = 2 AND lm.code = '5.NF.1';
SELECT learner_id, code,
       mastery_score(m, 'decaying_average(0.65)', '2024-10-05') AS on_oct_5,
       mastery_score(m, 'decaying_average(0.65)', '2024-10-31') AS on_oct_31
FROM learner_mastery ORDER BY 1, 2;
-- scales
SELECT mastery_level(2.7, 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');
SELECT is_mastered(2.4, 'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5');
SELECT * FROM scale_levels('emerging:0, developing:2, *capable:3');
SELECT mastery_scale(ARRAY['emerging', 'developing', 'capable'], ARRAY[0, 2, 3], 'capable');
-- recipes
SELECT lm.learner_id,
       string_agg(coalesce(upper(left(mastery_level(lm.m, o.method, o.scale), 1)), '.'), ' ' ORDER BY lm.code) AS levels
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY lm.learner_id ORDER BY 1;
SELECT code, mastery_level(lm.m, o.method, o.scale) AS level, count(*)
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT learner_id, mastery_merge(m) FROM learner_mastery GROUP BY learner_id ORDER BY 1;
-- progressions (README: Progress, credit and pace)
CREATE TABLE prerequisite (from_code text, to_code text);
INSERT INTO prerequisite VALUES ('5.NF.1', '5.NF.2'), ('5.NF.2', '5.NF.3'), ('5.NF.1', '5.NF.4');
CREATE TABLE framework AS
SELECT competency_graph_agg(from_code, to_code) AS g FROM prerequisite;
CREATE VIEW learner_state AS
SELECT lm.learner_id,
       array_agg(lm.code ORDER BY lm.code) FILTER (WHERE is_mastered(lm.m, o.method, o.scale)) AS mastered,
       array_agg(mastered_at(lm.m, o.method, o.scale) ORDER BY lm.code) FILTER (WHERE is_mastered(lm.m, o.method, o.scale)) AS mastered_at
FROM learner_mastery lm JOIN outcome o USING (code)
GROUP BY lm.learner_id;
SELECT learner_id, mastered, ready_to_learn(g, mastered) AS ready, gaps(g, mastered) AS gaps
FROM learner_state, framework ORDER BY 1;
SELECT lm.learner_id, lm.code, mastered_at(lm.m, o.method, o.scale), mastery_lost_at(lm.m, o.method, o.scale)
FROM learner_mastery lm JOIN outcome o USING (code) ORDER BY 1, 2;
-- course credit
CREATE TABLE hierarchy AS
SELECT competency_graph_agg(child, parent) AS h
FROM (VALUES ('5.NF.1', '5.NF'), ('5.NF.2', '5.NF'), ('5.NF.3', '5.NF'), ('5.NF.4', '5.NF'), ('5.NF', 'Grade 5')) v(child, parent);
SELECT learner_id, rollup_mastered(h, mastered, '{"5.NF": {"at_least": 1}, "Grade 5": "all"}') AS counts_as_mastered
FROM learner_state, hierarchy ORDER BY 1;
-- pace list
SELECT s.learner_id, p.done, p.total, p.remaining, pace.per_week, pace.projected_completion, pace.status
FROM learner_state s, framework, hierarchy,
     LATERAL learning_progress(g, hierarchy_leaves(h, 'Grade 5'), s.mastered) p,
     LATERAL learning_pace(p.total, s.mastered_at, '2024-09-02', '2025-06-13', '2024-10-31') pace
ORDER BY 1;
-- stuck list: ready and worked on for more than 10 days, not mastered
SELECT lm.learner_id, lm.code, evidence_count(lm.m) AS tries,
       '2024-10-31'::timestamptz - greatest(ready_since(g, lm.code, s.mastered, s.mastered_at), first_evidence_at(lm.m)) AS stuck_for
FROM learner_mastery lm JOIN outcome o USING (code) JOIN learner_state s USING (learner_id), framework
WHERE NOT is_mastered(lm.m, o.method, o.scale)
  AND greatest(ready_since(g, lm.code, s.mastered, s.mastered_at), first_evidence_at(lm.m)) < '2024-10-31'::timestamptz - interval '10 days'
ORDER BY 1, 2;
-- parallel aggregation on large tables: partition by learner
CREATE TABLE evidence_p (learner int, competency text, score float8, at timestamptz)
  PARTITION BY HASH (learner);
CREATE TABLE evidence_p0 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE evidence_p1 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE evidence_p2 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE evidence_p3 PARTITION OF evidence_p FOR VALUES WITH (MODULUS 4, REMAINDER 3);
SET enable_partitionwise_aggregate = on;
INSERT INTO evidence_p SELECT learner_id, code, score, assessed_at FROM evidence;
-- one aggregate per partition, and the same values as the plain table
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT count(*) AS partition_aggregates
FROM pg_temp.plan_lines('SELECT learner, competency, mastery_agg(score, at) FROM evidence_p GROUP BY 1, 2') l
WHERE l ~ '(Hash|Group)Aggregate';
SELECT count(*) AS groups,
       count(*) FILTER (WHERE p.m::text = e.m::text) AS same_values
FROM (SELECT learner, competency, mastery_agg(score, at) AS m FROM evidence_p GROUP BY 1, 2) p
JOIN (SELECT learner_id, code, mastery_agg(score, assessed_at) AS m FROM evidence GROUP BY 1, 2) e
  ON e.learner_id = p.learner AND e.code = p.competency;
-- an index in evidence order, hashing off: sorted plans, the same values
CREATE INDEX ON evidence_p (learner, competency, at) INCLUDE (score);
VACUUM ANALYZE evidence_p;
BEGIN;
SET LOCAL enable_hashagg = off;
SELECT count(*) FILTER (WHERE l ~ 'GroupAggregate') AS group_aggregates,
       count(*) FILTER (WHERE l ~ 'HashAggregate') AS hash_aggregates
FROM pg_temp.plan_lines('SELECT learner, competency, mastery_agg(score, at) FROM evidence_p GROUP BY 1, 2') l;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE p.m::text = e.m::text) AS same_values
FROM (SELECT learner, competency, mastery_agg(score, at) AS m FROM evidence_p GROUP BY 1, 2) p
JOIN (SELECT learner_id, code, mastery_agg(score, assessed_at) AS m FROM evidence GROUP BY 1, 2) e
  ON e.learner_id = p.learner AND e.code = p.competency;
COMMIT;
RESET enable_partitionwise_aggregate;
