-- binary and text round trips, parallel plans, use without superuser
SET extra_float_digits = 0;
SET TimeZone = 'UTC';

CREATE TABLE io_src AS
SELECT g AS id,
       mastery_agg(((g * 7 + k) % 5)::float8 + CASE WHEN k % 3 = 0 THEN 0.25 ELSE 0 END,
                   CASE WHEN k = 2 THEN NULL ELSE '2024-09-01'::timestamptz + (g * 13 + k * 101) * interval '1 minute' END,
                   CASE WHEN k % 4 = 0 THEN NULL ELSE k END) AS m,
       ('decaying_average(0.' || (50 + g % 49) || ')')::mastery_method AS meth,
       'emerging:0, developing:2, *capable:3'::mastery_scale AS scale
FROM generate_series(1, 300) g, generate_series(1, 1 + g % 9) k
GROUP BY g;

-- binary COPY out and back in (a file in the data directory)
CREATE TABLE io_bin (LIKE io_src);
CREATE TABLE io_txt (LIKE io_src);
DO $$
DECLARE f text := current_setting('data_directory') || '/mastery_regress_io';
BEGIN
  EXECUTE format('COPY io_src TO %L (FORMAT binary)', f || '.bin');
  EXECUTE format('COPY io_bin FROM %L (FORMAT binary)', f || '.bin');
  -- text COPY out and back in (as pg_dump does)
  EXECUTE format('COPY io_src TO %L', f || '.txt');
  EXECUTE format('COPY io_txt FROM %L', f || '.txt');
END $$;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE a.m::text = b.m::text AND a.meth::text = b.meth::text AND a.scale::text = b.scale::text) AS equal
FROM io_src a JOIN io_bin b USING (id);
-- the binary forms are identical too
SELECT count(*) FILTER (WHERE mastery_send(a.m) = mastery_send(b.m) AND mastery_method_send(a.meth) = mastery_method_send(b.meth)
                              AND mastery_scale_send(a.scale) = mastery_scale_send(b.scale)) AS same_binary
FROM io_src a JOIN io_bin b USING (id);
SELECT count(*) FILTER (WHERE a.m::text = b.m::text AND mastery_score(a.m, a.meth) = mastery_score(b.m, b.meth)) AS equal
FROM io_src a JOIN io_txt b USING (id);

-- the text form does not depend on session settings
SET TimeZone = 'America/New_York';
SET DateStyle = 'SQL, DMY';
SELECT '{1@2024-07-04T12:00:00-04:00}'::mastery;
SELECT count(*) FILTER (WHERE a.m::text = b.m::text) AS equal_under_other_settings FROM io_src a JOIN io_txt b USING (id);
RESET TimeZone;
RESET DateStyle;
SET TimeZone = 'UTC';

-- ---------------------------------------------------------------------
-- parallel aggregation gives the serial result
-- ---------------------------------------------------------------------
CREATE TABLE par_ev AS
SELECT (g % 4000) AS learner, (g % 7) AS skill, ((g * 31) % 5)::float8 AS score,
       '2024-09-01'::timestamptz + ((g * 7919) % 100000) * interval '1 minute' AS at, g::bigint AS seq
FROM generate_series(1, 120000) g;
ANALYZE par_ev;

CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line LIKE pattern THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $$;

\set q 'SELECT learner, skill, mastery_agg(score, at, seq) AS m FROM par_ev GROUP BY learner, skill'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_serial AS :q;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
SELECT pg_temp.plan_has(:'q', '%Partial GroupAggregate%') AS partial_sorted_plan;
CREATE TABLE agg_parallel_sorted AS :q;
SET enable_hashagg = on;
SET enable_sort = off;
SELECT pg_temp.plan_has(:'q', '%Partial HashAggregate%') AS partial_hash_plan;
CREATE TABLE agg_parallel_hash AS :q;
RESET enable_sort;
-- mastery_merge in parallel too
SELECT pg_temp.plan_has('SELECT skill, mastery_merge(m) FROM agg_serial GROUP BY skill', '%Partial%Aggregate%') AS partial_merge_plan;
CREATE TABLE agg_parallel_merge AS SELECT skill, mastery_merge(m) AS m FROM agg_serial GROUP BY skill;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.m::text = p.m::text) AS sorted_equal,
       count(*) FILTER (WHERE s.m::text = h.m::text) AS hash_equal
FROM agg_serial s JOIN agg_parallel_sorted p USING (learner, skill) JOIN agg_parallel_hash h USING (learner, skill);
SELECT count(*) AS skills,
       count(*) FILTER (WHERE pm.m::text = (SELECT mastery_agg(score, at, seq) FROM par_ev e WHERE e.skill = pm.skill)::text) AS merge_equal
FROM agg_parallel_merge pm;
-- evidence with times and no sequence numbers is kept narrow in the state;
-- an item without a time widens it: both, serial and parallel, give one result
\set q2 'SELECT learner, skill, mastery_agg(score, at) AS m, mastery_agg(score, CASE WHEN seq % 97 = 0 THEN NULL ELSE at END) AS w FROM par_ev GROUP BY learner, skill'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_serial2 AS :q2;
SET max_parallel_workers_per_gather = 2;
SET enable_sort = off;
SELECT pg_temp.plan_has(:'q2', '%Partial HashAggregate%') AS partial_hash_plan;
CREATE TABLE agg_parallel2 AS :q2;
RESET enable_sort;
RESET max_parallel_workers_per_gather;
-- and the rows fed newest first (every append out of order) give the same values
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_reversed2 AS
SELECT learner, skill, mastery_agg(score, at) AS m FROM (SELECT * FROM par_ev ORDER BY at DESC, score DESC) x GROUP BY learner, skill;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS groups, count(*) FILTER (WHERE s.m::text = p.m::text) AS narrow_equal,
       count(*) FILTER (WHERE s.w::text = p.w::text) AS widened_equal,
       count(*) FILTER (WHERE s.m::text = r.m::text) AS any_order_equal
FROM agg_serial2 s JOIN agg_parallel2 p USING (learner, skill) JOIN agg_reversed2 r USING (learner, skill);
-- groups whose value holds evidence without a time, against the rows that had none
SELECT (SELECT count(*) FROM agg_parallel2 WHERE EXISTS (SELECT 1 FROM mastery_evidence(w) WHERE at IS NULL)) AS widened_groups,
       (SELECT count(DISTINCT (learner, skill)) FROM par_ev WHERE seq % 97 = 0) AS groups_with_untimed_rows;

-- evidence timed to the second with scores exact as float4 is kept compact (8 bytes an
-- item); a microsecond time or a float8 score turns a group's state narrow, a NULL time
-- wide. Serial, parallel and any input order give one value, holding exactly the rows.
\set q3 'SELECT learner, skill, mastery_agg(CASE WHEN seq % 89 = 0 THEN score + 0.1 ELSE score END, CASE WHEN seq % 83 = 0 THEN at + interval ''1 microsecond'' ELSE at END) AS c, mastery_agg(score / 8, CASE WHEN seq % 79 = 0 THEN at + interval ''3 microseconds'' WHEN seq % 101 = 0 THEN NULL ELSE at END) AS d FROM par_ev GROUP BY learner, skill'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_serial3 AS :q3;
CREATE TABLE agg_reversed3 AS
SELECT learner, skill, mastery_agg(CASE WHEN seq % 89 = 0 THEN score + 0.1 ELSE score END, CASE WHEN seq % 83 = 0 THEN at + interval '1 microsecond' ELSE at END) AS c
FROM (SELECT * FROM par_ev ORDER BY at DESC, score DESC) x GROUP BY learner, skill;
SET max_parallel_workers_per_gather = 2;
SET enable_sort = off;
SELECT pg_temp.plan_has(:'q3', '%Partial HashAggregate%') AS partial_hash_plan;
CREATE TABLE agg_parallel3 AS :q3;
RESET enable_sort;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.c::text = p.c::text AND s.d::text = p.d::text) AS parallel_equal,
       count(*) FILTER (WHERE s.c::text = r.c::text) AS any_order_equal
FROM agg_serial3 s JOIN agg_parallel3 p USING (learner, skill) JOIN agg_reversed3 r USING (learner, skill);
-- the evidence of every value, item by item, against the rows in assessment order
-- (time, then score; NULL times first)
WITH rows AS (
  SELECT learner, skill,
         CASE WHEN seq % 83 = 0 THEN at + interval '1 microsecond' ELSE at END AS c_at,
         CASE WHEN seq % 89 = 0 THEN score + 0.1 ELSE score END AS c_score,
         CASE WHEN seq % 79 = 0 THEN at + interval '3 microseconds' WHEN seq % 101 = 0 THEN NULL ELSE at END AS d_at,
         score / 8 AS d_score
  FROM par_ev),
want AS (
  SELECT learner, skill,
         array_agg((c_at, c_score)::text ORDER BY c_at, c_score) AS c,
         array_agg((d_at, d_score)::text ORDER BY d_at NULLS FIRST, d_score) AS d,
         bool_or(c_score <> round(c_score)) AS c_float8, bool_or(d_at IS NULL) AS d_untimed
  FROM rows GROUP BY learner, skill)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE ARRAY(SELECT (e.at, e.score)::text FROM mastery_evidence(s.c) e) = w.c) AS c_exact,
       count(*) FILTER (WHERE ARRAY(SELECT (e.at, e.score)::text FROM mastery_evidence(s.d) e) = w.d) AS d_exact,
       count(*) FILTER (WHERE w.c_float8) AS groups_with_float8_scores,
       count(*) FILTER (WHERE w.d_untimed) AS groups_with_null_times
FROM agg_serial3 s JOIN want w USING (learner, skill);

-- the same evidence whatever the method computes from it
SELECT sum(evidence_count(m)) AS items FROM agg_parallel_hash;

-- ---------------------------------------------------------------------
-- a role without superuser can create and use the extension (trusted)
-- ---------------------------------------------------------------------
CREATE ROLE mastery_regress_teacher NOSUPERUSER;
SELECT current_database() AS regress_db \gset
CREATE DATABASE mastery_regress_trusted;
GRANT CREATE ON DATABASE mastery_regress_trusted TO mastery_regress_teacher;
\c mastery_regress_trusted
SET ROLE mastery_regress_teacher;
CREATE EXTENSION mastery;
CREATE SCHEMA gradebook;
CREATE TABLE gradebook.marks (learner int, score float8, at timestamptz);
INSERT INTO gradebook.marks VALUES (1, 2, '2024-01-01'), (1, 3, '2024-01-02');
SELECT learner, mastery_score(mastery_agg(score, at), 'latest') FROM gradebook.marks GROUP BY learner;
SELECT e.extname, r.rolname AS owner, r.rolsuper
FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner WHERE e.extname = 'mastery';
-- nothing it installs needs superuser to be dropped either
DROP EXTENSION mastery CASCADE;
RESET ROLE;
\c :regress_db
DROP DATABASE mastery_regress_trusted;
DROP ROLE mastery_regress_teacher;
-- the edges of the compact form: times far apart (beyond int32 seconds of the first),
-- before 2000, infinite; scores not exact as float4, negative zero, huge; each group
-- keeps exactly its rows
CREATE TABLE edge_ev (g int, score float8, at timestamptz);
INSERT INTO edge_ev VALUES
  (1, 3, '2024-01-01 00:00:00+00'), (1, 2, '1901-06-01 12:00:00+00'), (1, 4, '2099-01-01 00:00:01+00'),
  (2, 1, '1999-12-31 23:59:59+00'), (2, 2, '-infinity'), (2, 3, 'infinity'), (2, 0, '1970-01-01 00:00:00+00'),
  (3, 0.1, '2024-01-01 00:00:00+00'), (3, 0.5, '2024-01-01 00:00:00+00'), (3, 1e30, '2024-01-02 00:00:00+00'),
  (4, -0.0, '2024-01-01 00:00:00+00'), (4, 16777217, '2024-01-01 00:00:00+00'), (4, 16777216, '2024-01-01 00:00:00+00'),
  (5, 2, '2024-01-01 00:00:00.5+00'), (5, 1, '2024-01-01 00:00:00+00'),
  (6, 2, '2024-01-01 00:00:00+00'), (6, 2, '2092-01-19 03:14:07+00'), (6, 2, '2092-01-19 03:14:08+00');
SELECT g, ARRAY(SELECT (e.at, e.score)::text FROM mastery_evidence(mastery_agg(score, at)) e)
          = ARRAY(SELECT (x.at, x.score)::text FROM edge_ev x WHERE x.g = edge_ev.g ORDER BY x.at, x.score) AS exact,
       evidence_count(mastery_agg(score, at)) AS items
FROM edge_ev GROUP BY g ORDER BY g;
