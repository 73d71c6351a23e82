-- Knowledge tracing on real responses: BKT parameters fitted per skill from the
-- ASSISTments 2009-2010 skill-builder answers, next to how well they predict.
-- Run from the repository root, e.g.  psql -v have_shared=yes -f demo/50_knowledge_tracing.sql
-- With have_shared = yes it reads ../shared/data/assist2009_evidence.csv and
-- assist2009_skills.csv; otherwise it says so and does nothing.
\if :{?have_shared}
\else
\set have_shared no
\endif
\if :have_shared
\echo
\echo '## Knowledge tracing: BKT fitted to each skill of ASSISTments 2009-2010 (325 637 answers, 110 skills)'
CREATE TEMP TABLE kt_demo_answer (learner int, seq int, skill_id int, correct int);
\copy kt_demo_answer FROM '../shared/data/assist2009_evidence.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE kt_demo_skill (skill_id int, skill_name text);
\copy kt_demo_skill FROM '../shared/data/assist2009_skills.csv' WITH (FORMAT csv, HEADER true)
-- one mastery value per learner and skill, then one fit per skill (5 restarts, seed 42)
CREATE TEMP TABLE kt_demo_state AS
SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM kt_demo_answer GROUP BY learner, skill_id;
-- (a quarter of a second of CPU for all 110 skills: bench/bkt.sh; the output here stays the same on every run)
CREATE TEMP TABLE kt_demo_fit AS
SELECT skill_id, bkt_fit(m) AS method, bkt_fit_report(m) AS report FROM kt_demo_state GROUP BY skill_id;
-- every answer with the prediction made before it
CREATE TEMP TABLE kt_demo_pred AS
SELECT s.skill_id, p.correct, p.p_correct
FROM kt_demo_state s JOIN kt_demo_fit f USING (skill_id), LATERAL mastery_predict(s.m, f.method) p;

\echo 'the ten skills with the most learners: fitted parameters and in-sample AUC'
SELECT k.skill_name AS skill, (f.report->>'learners')::int AS learners, (f.report->>'observations')::int AS answers,
       round((f.report->>'prior')::numeric, 2) AS prior, round((f.report->>'learn')::numeric, 2) AS learn,
       round((f.report->>'slip')::numeric, 2) AS slip, round((f.report->>'guess')::numeric, 2) AS guess,
       round(a.auc::numeric, 3) AS auc, f.report->>'warning' IS NOT NULL AS warned
FROM kt_demo_fit f JOIN kt_demo_skill k USING (skill_id)
JOIN (SELECT skill_id, roc_auc(p_correct, correct) AS auc FROM kt_demo_pred GROUP BY skill_id) a USING (skill_id)
ORDER BY (f.report->>'learners')::int DESC LIMIT 10;

\echo 'all skills together, against pyBKT 1.4.2 on the same data (AUC 0.7174, RMSE 0.4386)'
SELECT count(*) AS answers, round(roc_auc(p_correct, correct)::numeric, 4) AS auc,
       round(sqrt(avg((correct::int - p_correct) ^ 2))::numeric, 4) AS rmse
FROM kt_demo_pred;

\echo 'held out: fitted on 80 % of the learners, predicting the other 20 %'
CREATE TEMP TABLE kt_demo_train AS
SELECT skill_id, bkt_fit(m) AS method FROM kt_demo_state WHERE learner % 5 <> 0 GROUP BY skill_id;
SELECT count(*) AS answers, round(roc_auc(p.p_correct, p.correct)::numeric, 4) AS held_out_auc,
       round(sqrt(avg((p.correct::int - p.p_correct) ^ 2))::numeric, 4) AS held_out_rmse
FROM kt_demo_state s JOIN kt_demo_train t USING (skill_id), LATERAL mastery_predict(s.m, t.method) p
WHERE s.learner % 5 = 0;

\echo 'what the fit warns about (skills per warning kind)'
SELECT CASE WHEN w IS NULL THEN '(no warning)'
            WHEN w LIKE '%bound%' THEN 'guess or slip held at its bound (degeneracy)'
            WHEN w LIKE 'every answer%' THEN 'a single class of answers'
            WHEN w LIKE 'EM did not converge%' THEN 'not converged in 100 iterations'
            ELSE 'too little data' END AS warning, count(*) AS skills
FROM (SELECT report->>'warning' AS w FROM kt_demo_fit) x GROUP BY 1 ORDER BY 2 DESC;
\else
\echo 'demo/50_knowledge_tracing.sql: ../shared/data is not available (have_shared is not yes): skipped'
\endif
