-- knowledge tracing on real data: ASSISTments 2009-2010 skill-builder responses
-- (325 637 answers, 110 skills). Reference figures of pyBKT 1.4.2 on the same data
-- (5 restarts, in-sample): AUC 0.7174, RMSE 0.4386.
SET extra_float_digits = 0;
CREATE TABLE kt_assist (learner int, seq int, skill_id int, correct int);
\copy kt_assist FROM '../shared/data/assist2009_evidence.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE kt_states AS
SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM kt_assist GROUP BY learner, skill_id;

-- fit every skill (default options: 5 restarts, seed 42)
SET max_parallel_workers_per_gather = 0;
CREATE TABLE kt_fitted AS SELECT skill_id, bkt_fit(m) AS method, bkt_fit_report(m) AS report FROM kt_states GROUP BY skill_id;
SELECT count(*) AS skills, count(*) FILTER (WHERE method::text = report->>'method') AS report_agrees,
       sum((report->>'learners')::int) AS sequences, sum((report->>'observations')::int) AS observations
FROM kt_fitted;
-- the fit merges identical answer sequences within a skill: their number, counted in plain SQL
WITH s AS (SELECT skill_id, string_agg(correct::text, '' ORDER BY seq) AS answers FROM kt_assist GROUP BY learner, skill_id),
     d AS (SELECT DISTINCT skill_id, answers FROM s)
SELECT count(*) AS distinct_sequences, sum(length(answers)) AS distinct_observations,
       count(*) = (SELECT sum((report->>'distinct_sequences')::int) FROM kt_fitted) AS report_agrees,
       sum(length(answers)) = (SELECT sum((report->>'distinct_observations')::int) FROM kt_fitted) AS observations_agree
FROM d;

-- in-sample evaluation against pyBKT's figures
CREATE TABLE kt_eval AS
SELECT roc_auc(p.p_correct, p.correct) AS auc, sqrt(avg((p.correct::int - p.p_correct) ^ 2)) AS rmse, count(*) AS predictions
FROM kt_states s JOIN kt_fitted f USING (skill_id), LATERAL mastery_predict(s.m, f.method) p;
SELECT predictions, round(auc::numeric, 4) AS auc, auc >= 0.7174 AS auc_at_least_pybkt,
       round(rmse::numeric, 4) AS rmse, rmse <= 0.4386 AS rmse_at_most_pybkt
FROM kt_eval;

-- held out: fit on 80 % of the learners, predict the other 20 %
CREATE TABLE kt_train_fit AS SELECT skill_id, bkt_fit(m) AS method FROM kt_states WHERE learner % 5 <> 0 GROUP BY skill_id;
SELECT count(DISTINCT s.skill_id) AS skills_predicted, count(*) AS held_out_predictions,
       round(roc_auc(p.p_correct, p.correct)::numeric, 2) AS held_out_auc,
       round(sqrt(avg((p.correct::int - p.p_correct) ^ 2))::numeric, 2) AS held_out_rmse
FROM kt_states s JOIN kt_train_fit f USING (skill_id), LATERAL mastery_predict(s.m, f.method) p
WHERE s.learner % 5 = 0;

-- the same seed gives the same parameters, whatever the row order; a forced
-- parallel plan gives exactly the serial result
CREATE TABLE kt_seed7 AS SELECT skill_id, bkt_fit(m, '{"seed": 7}') AS method FROM kt_states GROUP BY skill_id;
CREATE TABLE kt_seed7_again AS SELECT skill_id, bkt_fit(m, '{"seed": 7}' ORDER BY learner DESC) AS method FROM kt_states GROUP BY skill_id;
SELECT count(*) AS skills, count(*) FILTER (WHERE a.method = b.method) AS identical
FROM kt_seed7 a JOIN kt_seed7_again b USING (skill_id);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line LIKE pattern THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $$;
\set q 'SELECT skill_id, bkt_fit(m) AS method FROM kt_states GROUP BY skill_id'
SELECT pg_temp.plan_has(:'q', '%Partial%Aggregate%') AS parallel_plan;
CREATE TABLE kt_fitted_parallel AS :q;
SELECT count(*) AS skills, count(*) FILTER (WHERE p.method = f.method) AS identical
FROM kt_fitted_parallel p JOIN kt_fitted f USING (skill_id);
RESET max_parallel_workers_per_gather;

-- the state is compact: about one bit an answer plus a length byte per value,
-- well under the stored values themselves
SELECT sum((report->>'state_bytes')::int) < (SELECT sum(pg_column_size(m)) FROM kt_states) / 2 AS state_under_half_the_values
FROM kt_fitted;
