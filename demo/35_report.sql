-- What a teacher looks at.
-- The columns of the heat map and the rows of the distribution: the 12 competencies class 1
-- began most recently (by its first evidence), in the order they were begun.
CREATE TEMP TABLE recent AS
SELECT code, row_number() OVER (ORDER BY begun, code) AS c
FROM (SELECT lm.code, min(first_evidence_at(lm.m)) AS begun
      FROM learner_mastery lm JOIN learner l USING (learner_id) WHERE l.class_id = 1
      GROUP BY lm.code ORDER BY begun DESC, code LIMIT 12) r;
SELECT count(DISTINCT code) AS n_begun FROM learner_mastery lm JOIN learner l USING (learner_id) WHERE l.class_id = 1 \gset
SELECT count(*) AS n_course FROM course_competency \gset
\echo
\echo '## Class 1 heat map: the 12 competencies begun most recently (of' :n_begun 'begun so far, of' :n_course 'in the course), all 25 learners'
\echo 'Level per learner and competency: B beginning, D developing, P proficient, E exceeding, - no value yet, . no evidence'
SELECT l.name AS learner,
       string_agg(CASE WHEN lm.m IS NULL THEN '.' ELSE coalesce(left(upper(mastery_level(lm.m, o.method, o.scale)), 1), '-') END,
                  '  ' ORDER BY r.c) AS levels
FROM learner l CROSS JOIN recent r
JOIN outcome_rule o USING (code)
LEFT JOIN learner_mastery lm ON lm.learner_id = l.learner_id AND lm.code = r.code
WHERE l.class_id = 1
GROUP BY l.learner_id, l.name ORDER BY l.learner_id;
SELECT 'columns, left to right: ' || string_agg(code, ', ' ORDER BY c) AS line FROM recent \gset
\echo :line

\echo
\echo '## Level distribution, whole district, for the same 12 competencies (all' :n_course 'in demo_out/level_distribution.csv)'
CREATE TEMP TABLE distribution AS
SELECT lm.code, o.method,
       count(*) FILTER (WHERE lvl = 'beginning') AS beginning,
       count(*) FILTER (WHERE lvl = 'developing') AS developing,
       count(*) FILTER (WHERE lvl = 'proficient') AS proficient,
       count(*) FILTER (WHERE lvl = 'exceeding') AS exceeding,
       count(*) FILTER (WHERE lvl IS NULL) AS no_value,
       round(100.0 * count(*) FILTER (WHERE lvl IN ('proficient', 'exceeding')) / count(*)) AS pct_mastered
FROM learner_mastery lm JOIN outcome_rule o USING (code)
CROSS JOIN LATERAL mastery_level(lm.m, o.method, o.scale) AS lvl
GROUP BY lm.code, o.method;
SELECT d.* FROM distribution d JOIN recent r USING (code) ORDER BY r.c;
\copy (SELECT * FROM distribution ORDER BY code) TO 'demo_out/level_distribution.csv' WITH (FORMAT csv, HEADER true)

\echo
\echo '## Why does Learner 7 have this level? (one value, explained step by step)'
SELECT lm.code, o.method, mastery_score(lm.m, o.method)::numeric(6, 3) AS value, mastery_level(lm.m, o.method, o.scale) AS level
FROM learner_mastery lm JOIN outcome_rule o USING (code)
WHERE learner_id = 7 AND method_name(o.method) = 'decaying_average' ORDER BY evidence_count(lm.m) DESC, code LIMIT 1 \gset ex_
\echo 'Learner 7''s value with the most evidence under a decaying average:'
SELECT s.step, (s.at)::date AS assessed, s.score, round(s.value::numeric, 3) AS running_value, s.level
FROM learner_mastery lm JOIN outcome_rule o USING (code),
     jsonb_to_recordset(mastery_explain(lm.m, o.method, o.scale) -> 'steps') AS s(step int, at timestamptz, score float8, value float8, level text)
WHERE lm.learner_id = 7 AND lm.code = :'ex_code'
ORDER BY s.step;
SELECT format('Learner 7 on %s by %s = %s (%s)', :'ex_code', :'ex_method', :'ex_value', :'ex_level') AS line \gset
\echo :line

\echo
\echo '## Evidence that arrives late lands in its place'
CREATE FUNCTION keep_mastery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO learner_mastery AS lm VALUES (NEW.learner_id, NEW.code, mastery_add(NULL, NEW.score, NEW.assessed_at))
  ON CONFLICT (learner_id, code) DO UPDATE SET m = mastery_add(lm.m, NEW.score, NEW.assessed_at);
  RETURN NEW;
END $$;
CREATE TRIGGER evidence_keeps_mastery AFTER INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION keep_mastery();
SELECT code, mastery_score(m, 'latest') AS latest_before, mastery_score(m, 'decaying_average(0.65)')::numeric(6, 3) AS decaying_before,
       last_evidence_at(m)::date AS newest_evidence
FROM learner_mastery WHERE learner_id = 7 AND code = :'ex_code';
\echo 'A make-up quiz taken three weeks before the newest evidence, entered today with score 0:'
INSERT INTO evidence
SELECT 7, :'ex_code', 0, last_evidence_at(m) - interval '21 days', :today FROM learner_mastery WHERE learner_id = 7 AND code = :'ex_code';
SELECT code, mastery_score(m, 'latest') AS latest_after, mastery_score(m, 'decaying_average(0.65)')::numeric(6, 3) AS decaying_after,
       evidence_count(m) AS items
FROM learner_mastery WHERE learner_id = 7 AND code = :'ex_code';
\echo '(latest is unchanged: the quiz is older than the newest evidence; the decaying average takes it in at its place)'

\if :have_shared
\echo
\echo '## Bayesian knowledge tracing on real responses (ASSISTments 2009-2010, 325 637 answers)'
CREATE TEMP TABLE assist (learner int, seq int, skill_id int, correct int);
\copy assist FROM PROGRAM 'cat "${SHARED_DATA:-../shared/data}/assist2009_evidence.csv"' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE assist_skill (skill_id int, skill_name text);
\copy assist_skill FROM PROGRAM 'cat "${SHARED_DATA:-../shared/data}/assist2009_skills.csv"' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE assist_state AS
SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM assist GROUP BY learner, skill_id;
SELECT count(DISTINCT skill_id) AS n_skills FROM assist_state \gset
\echo 'The 10 skills with the most learners, of' :n_skills 'skills; mastered: P(L) >= 0.95 by bkt(0.3, 0.12, 0.1, 0.22):'
SELECT s.skill_name, count(*) AS learners,
       round(avg(evidence_count(m)), 1) AS avg_answers,
       count(*) FILTER (WHERE mastery_score(m, 'bkt(0.3, 0.12, 0.1, 0.22)') >= 0.95) AS mastered_bkt,
       round(100.0 * count(*) FILTER (WHERE mastery_score(m, 'bkt(0.3, 0.12, 0.1, 0.22)') >= 0.95) / count(*)) AS pct
FROM assist_state a JOIN assist_skill s USING (skill_id)
GROUP BY s.skill_name ORDER BY learners DESC LIMIT 10;
\endif
