-- Methods and scales kept in text / varchar columns work wherever a
-- mastery_method or mastery_scale is taken, without casts, with the same
-- results as typed values.
CREATE TABLE targs_policy (course text, method text, scale varchar(200), method_v varchar(100), scale_t text);
INSERT INTO targs_policy VALUES
  ('algebra', 'latest', 'beginning:0, developing:2, *proficient:3', 'mean', 'low:0, *high:2.5'),
  ('geometry', 'decaying_average(0.65)', '*pass:0.5, fail:0', 'n_mastery(2, 3)', 'a:0, *b:3'),
  ('biology', 'bkt(0.3, 0.1, 0.1, 0.2)', 'no:0, *yes:0.8', 'highest', 'no:0, *yes:0.8'),
  ('art', NULL, NULL, 'power_law', 'emerging:0, *capable:2');
CREATE TABLE targs_evidence (course text, m mastery);
INSERT INTO targs_evidence VALUES
  ('algebra', '{1@2024-09-01T10:00:00Z, 3@2024-09-08T10:00:00Z, 2@2024-09-15T10:00:00Z}'),
  ('geometry', '{0@2024-09-01T10:00:00Z, 1@2024-09-02T10:00:00Z, 1@2024-09-03T10:00:00Z}'),
  ('biology', '{1, 0, 1, 1}'),
  ('art', '{1@2024-09-01T10:00:00Z, 2@2024-09-02T10:00:00Z, 3@2024-09-03T10:00:00Z}');

-- every function taking a method or a scale, with text and varchar columns
SELECT course, p.method, mastery_score(m, p.method) AS score,
       mastery_level(m, p.method, p.scale) AS level, is_mastered(m, p.method, p.scale) AS mastered,
       mastery_score(m, p.method_v) AS score_v, is_mastered(m, p.method_v, p.scale_t) AS mastered_v
FROM targs_evidence JOIN targs_policy p USING (course) ORDER BY course;

-- the same results as typed values, for every function (no row differs)
SELECT course FROM targs_evidence JOIN targs_policy p USING (course)
WHERE mastery_score(m, p.method) IS DISTINCT FROM mastery_score(m, p.method::mastery_method)
   OR mastery_score(m, p.method_v, '2024-09-02 12:00:00+00') IS DISTINCT FROM mastery_score(m, p.method_v::mastery_method, '2024-09-02 12:00:00+00')
   OR mastery_score(m, p.method_v, '2024-09-02'::date) IS DISTINCT FROM mastery_score(m, p.method_v::mastery_method, '2024-09-02'::date)
   OR mastery_level(m, p.method_v, p.scale_t) IS DISTINCT FROM mastery_level(m, p.method_v::mastery_method, p.scale_t::mastery_scale)
   OR is_mastered(m, p.method, p.scale) IS DISTINCT FROM is_mastered(m, p.method::mastery_method, p.scale::mastery_scale)
   OR mastery_explain(m, p.method_v) IS DISTINCT FROM mastery_explain(m, p.method_v::mastery_method)
   OR mastery_explain(m, p.method_v, p.scale) IS DISTINCT FROM mastery_explain(m, p.method_v::mastery_method, p.scale::mastery_scale)
   OR mastered_at(m, p.method_v, p.scale_t) IS DISTINCT FROM mastered_at(m, p.method_v::mastery_method, p.scale_t::mastery_scale)
   OR mastery_lost_at(m, p.method_v, p.scale_t) IS DISTINCT FROM mastery_lost_at(m, p.method_v::mastery_method, p.scale_t::mastery_scale)
   OR mastery_threshold(p.scale_t) IS DISTINCT FROM mastery_threshold(p.scale_t::mastery_scale)
   OR mastery_level(2.5, p.scale_t) IS DISTINCT FROM mastery_level(2.5, p.scale_t::mastery_scale)
   OR is_mastered(2.5::float8, p.scale_t) IS DISTINCT FROM is_mastered(2.5::float8, p.scale_t::mastery_scale)
   OR method_name(p.method_v) IS DISTINCT FROM method_name(p.method_v::mastery_method)
   OR (SELECT array_agg(s ORDER BY step) FROM mastery_steps(m, p.method_v, p.scale) s)
      IS DISTINCT FROM (SELECT array_agg(s ORDER BY step) FROM mastery_steps(m, p.method_v::mastery_method, p.scale::mastery_scale) s)
   OR (SELECT array_agg(s ORDER BY level) FROM scale_levels(p.scale_t) s)
      IS DISTINCT FROM (SELECT array_agg(s ORDER BY level) FROM scale_levels(p.scale_t::mastery_scale) s);
SELECT count(*) AS rows FROM targs_evidence JOIN targs_policy p USING (course);

-- comparison with a typed value and grouping by the parsed value
SELECT count(*) FROM targs_policy WHERE scale_t = 'no:0, *yes:0.8'::mastery_scale;
SELECT scale_t::mastery_scale AS scale, count(*) FROM targs_policy GROUP BY 1 ORDER BY 1;

-- a quoted literal still resolves to the typed argument, parsed once when the
-- statement is planned
EXPLAIN (VERBOSE, COSTS OFF) SELECT mastery_score(m, 'latest'), is_mastered(m, 'mean', 'a:0, *b:2') FROM targs_evidence;
-- a text column goes through the cast function mastery_method(text)
EXPLAIN (VERBOSE, COSTS OFF) SELECT mastery_score(m, p.method) FROM targs_evidence JOIN targs_policy p USING (course);

-- a malformed method or scale in a row: the error quotes the row's value
INSERT INTO targs_policy VALUES ('chemistry', 'decaying_average(1.5)', 'x:0', 'latest', 'low:0, high:2');
INSERT INTO targs_evidence VALUES ('chemistry', '{1}');
SELECT course, mastery_score(m, p.method) FROM targs_evidence JOIN targs_policy p USING (course) ORDER BY course;
SELECT course, is_mastered(m, p.method_v, p.scale_t) FROM targs_evidence JOIN targs_policy p USING (course) ORDER BY course;
SELECT mastery_score('{1}', 'mean('::varchar);

-- many rows, few distinct texts: each text is parsed once per query (the cached
-- value is reused; results equal the typed column's)
CREATE TABLE targs_many AS
  SELECT i, mastery_agg(((i * 7 + k) % 5)::float8, '2024-01-01 00:00:00+00'::timestamptz + k * interval '1 day') AS m,
         (ARRAY['latest', 'mean', 'decaying_average(0.65)', 'bkt(0.3, 0.1, 0.1, 0.2)'])[1 + i % 4] AS method
  FROM generate_series(1, 2000) i, generate_series(1, 5) k GROUP BY i;
SELECT method, count(*), sum(mastery_score(m, method)) = sum(mastery_score(m, method::mastery_method)) AS same
FROM targs_many GROUP BY method ORDER BY method;
