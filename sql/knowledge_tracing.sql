-- knowledge tracing: bkt_fit, bkt_fit_report, mastery_predict, roc_auc
-- Expected values come from independent computations in plain SQL (the
-- likelihood from the predictions, the Mann-Whitney count, the step-by-step
-- values of mastery_steps) or from the parameters the data were simulated with.
SET extra_float_digits = 0;

-- answers simulated from known parameters (classic BKT), reproducibly
CREATE FUNCTION kt_simulate(learners int, len int, prior float8, learn float8, slip float8, guess float8, seed float8)
RETURNS TABLE (learner int, step int, correct int) LANGUAGE plpgsql AS $$
DECLARE known boolean;
BEGIN
  PERFORM setseed(seed);
  FOR l IN 1..learners LOOP
    known := random() < prior;
    FOR s IN 1..len LOOP
      learner := l; step := s;
      correct := CASE WHEN known THEN (random() >= slip)::int ELSE (random() < guess)::int END;
      RETURN NEXT;
      IF NOT known THEN known := random() < learn; END IF;
    END LOOP;
  END LOOP;
END $$;

CREATE TABLE kt_answers AS
SELECT 'A' AS code, * FROM kt_simulate(3000, 12, 0.3, 0.15, 0.1, 0.2, 0.42)
UNION ALL
SELECT 'B', * FROM kt_simulate(3000, 8, 0.6, 0.05, 0.05, 0.3, 0.17);
-- the recipe for raw answer rows: one mastery value per learner, then the fit
CREATE TABLE kt_values AS
SELECT code, learner, mastery_agg(correct, NULL, step) AS m FROM kt_answers GROUP BY code, learner;
CREATE TABLE kt_fits AS SELECT code, bkt_fit(m) AS method FROM kt_values GROUP BY code;

-- the fit recovers the parameters: 36 000 and 24 000 answers give standard
-- errors of about 0.01, so 0.05 is a wide margin (learn of B is
-- 0.05 +- 0.05: its learners are mostly known from the start)
WITH p AS (SELECT code, string_to_array(trim(both 'bkt()' FROM method::text), ', ')::float8[] AS v FROM kt_fits)
SELECT code, abs(v[1] - t.prior) < 0.05 AS prior_ok, abs(v[2] - t.learn) < 0.05 AS learn_ok,
       abs(v[3] - t.slip) < 0.05 AS slip_ok, abs(v[4] - t.guess) < 0.05 AS guess_ok, v[5] AS forget, v[6] AS cut
FROM p JOIN (VALUES ('A', 0.3, 0.15, 0.1, 0.2), ('B', 0.6, 0.05, 0.05, 0.3)) t(code, prior, learn, slip, guess) USING (code)
ORDER BY code;

-- the report agrees with the fit, and its log-likelihood with the one
-- computed in SQL from mastery_predict's predictions
CREATE TABLE kt_reports AS SELECT code, bkt_fit_report(m) AS r FROM kt_values GROUP BY code;
SELECT code, r->>'method' = f.method::text AS same_method, r->'converged' AS converged, r->'restarts' AS restarts,
       r->'learners' AS learners, r->'observations' AS observations, r->'warning' AS warning,
       (r->>'iterations')::int BETWEEN 2 AND 100 AS iterations_ok
FROM kt_reports JOIN kt_fits f USING (code) ORDER BY code;
SELECT v.code, abs(sum(ln(CASE WHEN p.correct THEN p.p_correct ELSE 1 - p.p_correct END)) - (r.r->>'log_likelihood')::float8) < 1e-6 AS loglik_matches
FROM kt_values v JOIN kt_fits f USING (code) JOIN kt_reports r USING (code), LATERAL mastery_predict(v.m, f.method) p
GROUP BY v.code, r.r ORDER BY 1;

-- the same seed gives the same parameters whatever the row order; another seed, nearly the same fit
SELECT (SELECT bkt_fit(m ORDER BY learner DESC) FROM kt_values WHERE code = 'A') = (SELECT method FROM kt_fits WHERE code = 'A') AS reversed_same,
       (SELECT bkt_fit(m ORDER BY md5(learner::text)) FROM kt_values WHERE code = 'A') = (SELECT method FROM kt_fits WHERE code = 'A') AS shuffled_same,
       (SELECT bkt_fit(m, '{"seed": 42}') FROM kt_values WHERE code = 'A') = (SELECT method FROM kt_fits WHERE code = 'A') AS default_seed_is_42;
WITH a AS (SELECT bkt_fit_report(m, '{"seed": 7}') AS r FROM kt_values WHERE code = 'A')
SELECT abs((a.r->>'log_likelihood')::float8 - (k.r->>'log_likelihood')::float8) < 0.1 AS same_optimum,
       abs((a.r->>'learn')::float8 - (k.r->>'learn')::float8) < 0.01 AS same_learn
FROM a, kt_reports k WHERE k.code = 'A';

-- a forced parallel plan gives exactly the serial result
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
\set q 'SELECT code, bkt_fit(m) AS method FROM kt_values GROUP BY code'
SELECT pg_temp.plan_has(:'q', '%Partial%Aggregate%') AS parallel_plan;
CREATE TABLE kt_fits_parallel AS :q;
SELECT code, p.method = f.method AS identical FROM kt_fits_parallel p JOIN kt_fits f USING (code) ORDER BY code;
\set q 'SELECT roc_auc(p.p_correct, p.correct) AS auc FROM kt_values v JOIN kt_fits f USING (code), LATERAL mastery_predict(v.m, f.method) p'
SELECT pg_temp.plan_has(:'q', '%Partial%Aggregate%') AS parallel_plan;
CREATE TABLE kt_auc_parallel AS :q;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
CREATE TABLE kt_auc_serial AS :q;
SELECT p.auc = s.auc AS identical_auc, round(s.auc::numeric, 2) BETWEEN 0.6 AND 0.95 AS plausible FROM kt_auc_parallel p, kt_auc_serial s;

-- mastery_predict: p_known is mastery_score after each step (mastery_steps),
-- p_correct the prediction from the step before
CREATE TABLE kt_pred AS
SELECT v.code, v.learner, p.*, f.method FROM kt_values v JOIN kt_fits f USING (code), LATERAL mastery_predict(v.m, f.method) p;
WITH s AS (SELECT v.code, v.learner, st.step, st.value FROM kt_values v JOIN kt_fits f USING (code), LATERAL mastery_steps(v.m, f.method) st),
     par AS (SELECT code, string_to_array(trim(both 'bkt()' FROM method::text), ', ')::float8[] AS v FROM kt_fits),
     chk AS (SELECT p.*, s.value, lag(p.p_known, 1, par.v[1]) OVER (PARTITION BY p.code, p.learner ORDER BY p.step) AS before, par.v AS pv
             FROM kt_pred p JOIN s USING (code, learner, step) JOIN par USING (code))
SELECT count(*) AS steps, count(*) FILTER (WHERE p_known <> value) AS p_known_differs,
       count(*) FILTER (WHERE abs(p_correct - (before * (1 - pv[3]) + (1 - before) * pv[4])) > 1e-15) AS p_correct_differs,
       count(*) FILTER (WHERE correct <> (score >= 0.5)) AS correct_differs
FROM chk;
SELECT step, at, score, correct, round(p_correct::numeric, 6) AS p_correct, round(p_known::numeric, 6) AS p_known
FROM mastery_predict('{0@2024-09-01T10:00Z, 1@2024-09-02T10:00Z, 1@2024-09-03T10:00Z}', 'bkt(0.3, 0.1, 0.1, 0.2)');
-- by hand: P(correct) = 0.3 * 0.9 + 0.7 * 0.2 = 0.41; after the wrong answer
-- 0.3 * 0.1 / (0.03 + 0.7 * 0.8) = 0.050847, then 0.050847 + 0.949153 * 0.1 = 0.145763
SELECT count(*) AS steps_as_of FROM mastery_predict('{0@2024-09-01T10:00Z, 1@2024-09-02T10:00Z, 1@2024-09-03T10:00Z}', 'bkt(0.3, 0.1, 0.1, 0.2)', '2024-09-02T12:00Z');
SELECT count(*) AS no_steps FROM mastery_predict('{}', 'bkt(0.3, 0.1, 0.1, 0.2)');

-- graded scores: cut 3 on a 0-4 scale, in the fit and carried by the method
CREATE TABLE kt_graded AS
SELECT learner, mastery_agg(CASE WHEN correct = 1 THEN 3 + (step % 2) ELSE step % 3 END, NULL, step) AS m
FROM kt_answers WHERE code = 'A' GROUP BY learner;
SELECT (SELECT bkt_fit(m, '{"cut": 3}') FROM kt_graded)::text = replace((SELECT method FROM kt_fits WHERE code = 'A')::text, ', 0.5)', ', 3)') AS same_fit_with_cut;

-- evaluation: in-sample AUC and RMSE (RMSE is plain SQL)
SELECT code, round(roc_auc(p_correct, correct)::numeric, 3) > 0.6 AS auc_above_chance,
       round(sqrt(avg((correct::int - p_correct) ^ 2))::numeric, 3) < 0.5 AS rmse_below_coin
FROM kt_pred GROUP BY code ORDER BY code;

-- roc_auc against the Mann-Whitney count in plain SQL (ties count half)
CREATE TABLE kt_roc AS
SELECT round((random() * 10)::numeric) / 10 AS p, random() < 0.4 AS y FROM generate_series(1, 400);
INSERT INTO kt_roc VALUES (NULL, true), (0.5, NULL);
SELECT abs(roc_auc(p, y) - (SELECT (count(*) FILTER (WHERE a.p > b.p) + 0.5 * count(*) FILTER (WHERE a.p = b.p))::float8 / count(*)
                             FROM kt_roc a, kt_roc b WHERE a.y AND NOT b.y AND a.p IS NOT NULL AND b.p IS NOT NULL)) < 1e-12 AS matches_mann_whitney
FROM kt_roc;
SELECT roc_auc(p, y) FROM (VALUES (0.1, false), (0.4, true), (0.35, false), (0.8, true)) v(p, y);
SELECT roc_auc(p, y) FROM (VALUES (0.5, false), (0.5, true)) v(p, y);
SELECT roc_auc(p, y) FROM (VALUES (0.9, false), (0.1, true)) v(p, y);
SELECT roc_auc(p, y) IS NULL AS one_class_is_null FROM (VALUES (0.9, true), (0.1, true)) v(p, y);
SELECT roc_auc(p, y) IS NULL AS no_rows_is_null FROM kt_roc WHERE false;
SELECT roc_auc(p, y) FROM (VALUES ('-Infinity'::float8, false), ('Infinity', true), (0, true)) v(p, y);

-- degenerate data: every answer right / wrong has a closed-form fit, and the report says so
SELECT bkt_fit(m) AS all_correct, bkt_fit_report(m)->>'warning' AS warning FROM (VALUES ('{1, 1, 1}'::mastery), ('{1}')) v(m);
SELECT bkt_fit(m) AS all_wrong, bkt_fit_report(m)->>'warning' AS warning FROM (VALUES ('{0, 0}'::mastery), ('{0}')) v(m);
-- no observations: NULL fit (like avg), a report that says why
SELECT bkt_fit(m) IS NULL AS no_rows, bkt_fit_report(m) IS NULL AS no_report FROM kt_values WHERE false;
SELECT bkt_fit(m) IS NULL AS empty_values, bkt_fit_report(m) AS report FROM (VALUES ('{}'::mastery), (NULL)) v(m);
-- too little data and a bound that binds
SELECT bkt_fit_report(m, '{"max_guess": 0.05}')->>'warning' AS warning FROM kt_values WHERE code = 'B';
SELECT bkt_fit_report(m)->>'warning' AS warning FROM (VALUES ('{0, 1, 1}'::mastery), ('{1, 0}')) v(m);
SELECT (bkt_fit_report(m, '{"max_iterations": 2}')->>'warning') LIKE 'EM did not converge within 2 iterations%' AS not_converged FROM kt_values WHERE code = 'A';
-- a forgetting rate when asked
SELECT split_part(trim(both 'bkt()' FROM bkt_fit(m, '{"forget": true}')::text), ', ', 5)::float8 BETWEEN 0 AND 0.05 AS small_forget FROM kt_values WHERE code = 'A';

-- bad options and arguments
\set VERBOSITY default
SELECT bkt_fit(m, '{"restart": 3}') FROM kt_values;
SELECT bkt_fit(m, '{"restarts": 0}') FROM kt_values;
SELECT bkt_fit(m, '{"restarts": 2.5}') FROM kt_values;
SELECT bkt_fit(m, '{"forget": 1}') FROM kt_values;
SELECT bkt_fit(m, '{"cut": "high"}') FROM kt_values;
SELECT bkt_fit(m, '{"tolerance": -1}') FROM kt_values;
SELECT bkt_fit(m, '{"max_guess": 0.7}') FROM kt_values;
SELECT bkt_fit(m, '[1, 2]') FROM kt_values;
SELECT bkt_fit(m, CASE WHEN learner % 2 = 0 THEN '{"seed": 1}' ELSE '{"seed": 2}' END::jsonb) FROM kt_values;
SELECT * FROM mastery_predict('{1, 0}', 'mean');
SELECT roc_auc(p, y) FROM (VALUES ('NaN'::float8, true)) v(p, y);

-- a long fit stops soon after statement_timeout (the EM loop polls for cancellation)
CREATE TABLE kt_timing (elapsed interval);
SET statement_timeout = '300ms';
DO $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  PERFORM bkt_fit(m, '{"restarts": 1000, "max_iterations": 100000, "tolerance": 0}') FROM kt_values;
  RAISE EXCEPTION 'the fit was not cancelled';
EXCEPTION WHEN query_canceled THEN
  INSERT INTO kt_timing VALUES (clock_timestamp() - t0);
END $$;
RESET statement_timeout;
-- generous bound: the machine running the tests may be busy
SELECT elapsed < interval '1.3 s' AS cancelled_promptly FROM kt_timing;
