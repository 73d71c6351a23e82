-- mastery on real data: ASSISTments 2009-2010 skill-builder responses (325 637 rows)
-- Every value is compared with an independent computation in plain SQL / PL/pgSQL.
SET extra_float_digits = 0;
CREATE TABLE assist (learner int, seq int, skill_id int, correct int);
\copy assist FROM '../shared/data/assist2009_evidence.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS responses, count(DISTINCT learner) AS learners, count(DISTINCT skill_id) AS skills FROM assist;

-- the responses carry no time: order comes from seq (a NULL time sorts as the oldest, then seq)
CREATE TABLE states AS
SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM assist GROUP BY learner, skill_id;

-- latest / highest / mean / count against plain SQL
WITH plain AS (
  SELECT learner, skill_id, count(*) AS n, max(correct)::float8 AS highest, avg(correct::float8) AS mean,
         (array_agg(correct ORDER BY seq DESC))[1]::float8 AS latest
  FROM assist GROUP BY learner, skill_id)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE evidence_count(s.m) <> p.n) AS count_mismatch,
       count(*) FILTER (WHERE mastery_score(s.m, 'latest') <> p.latest) AS latest_mismatch,
       count(*) FILTER (WHERE mastery_score(s.m, 'highest') <> p.highest) AS highest_mismatch,
       count(*) FILTER (WHERE abs(mastery_score(s.m, 'mean') - p.mean) > 1e-12) AS mean_mismatch
FROM plain p JOIN states s USING (learner, skill_id);

-- decaying average and BKT against ordered PL/pgSQL aggregates written from the formulas
CREATE FUNCTION decay_step(state float8[], s float8, w float8) RETURNS float8[] LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF state IS NULL THEN RETURN ARRAY[s]; END IF;
  RETURN ARRAY[(1 - w) * state[1] + w * s];
END $$;
CREATE AGGREGATE decay_ref(float8, float8) (SFUNC = decay_step, STYPE = float8[]);
CREATE FUNCTION bkt_step(pl float8, s float8, prior float8, learn float8, slip float8, guess float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE p float8 := coalesce(pl, prior); post float8;
BEGIN
  IF s >= 0.5 THEN post := p * (1 - slip) / (p * (1 - slip) + (1 - p) * guess);
  ELSE post := p * slip / (p * slip + (1 - p) * (1 - guess)); END IF;
  RETURN post + (1 - post) * learn;
END $$;
CREATE AGGREGATE bkt_ref(float8, float8, float8, float8, float8) (SFUNC = bkt_step, STYPE = float8);

WITH ref AS (
  SELECT learner, skill_id, (decay_ref(correct, 0.65 ORDER BY seq))[1] AS decay,
         bkt_ref(correct, 0.3, 0.12, 0.1, 0.22 ORDER BY seq) AS bkt
  FROM assist GROUP BY learner, skill_id)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE abs(mastery_score(s.m, 'decaying_average(0.65)') - r.decay) > 1e-12) AS decay_mismatch,
       count(*) FILTER (WHERE abs(mastery_score(s.m, 'bkt(0.3, 0.12, 0.1, 0.22)') - r.bkt) > 1e-12) AS bkt_mismatch
FROM ref r JOIN states s USING (learner, skill_id);

-- as_of on seq-ordered data: with no times, every item counts at any date
SELECT count(*) FILTER (WHERE mastery_score(m, 'mean', '2000-01-01') IS DISTINCT FROM mastery_score(m, 'mean')) AS as_of_differs
FROM states;

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
\set q 'SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM assist GROUP BY learner, skill_id'
SELECT pg_temp.plan_has(:'q', '%Partial%Aggregate%') AS parallel_plan;
CREATE TABLE states_parallel AS :q;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS groups, count(*) FILTER (WHERE s.m::text = p.m::text) AS identical
FROM states s JOIN states_parallel p USING (learner, skill_id);

-- storage: bytes per evidence item (a 20-byte header per value)
SELECT round((sum(pg_column_size(m)) - 20 * count(*))::numeric / sum(evidence_count(m)), 1) < 4 AS under_4_bytes_per_item
FROM states;
