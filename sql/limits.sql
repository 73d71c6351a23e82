-- Limits and small defects: every path that makes a value raises the documented
-- 54000 error at the documented limit (1 000 000 items per mastery value), so
-- no path stores a value that a later read (text output, COPY, pg_dump) rejects.
\set VERBOSITY default

-- exactly 1 000 000 items: accepted by the aggregate, and every read works
CREATE TABLE lim_big AS
  SELECT mastery_agg(1, '2024-01-01'::timestamptz + i * interval '1 s') m
  FROM generate_series(1, 1000000) i;
SELECT evidence_count(m), first_evidence_at(m) = '2024-01-01'::timestamptz + interval '1 s' AS first_ok,
       last_evidence_at(m) = '2024-01-01'::timestamptz + interval '1000000 s' AS last_ok,
       mastery_score(m, 'mean')
FROM lim_big;

-- one item more, from every path: the 54000 error (the aggregate checks each item,
-- not only when its buffer fills, as the issue's 1 000 001-item repro needs)
SELECT mastery_agg(1, '2024-01-01'::timestamptz + i * interval '1 s') m
FROM generate_series(1, 1000001) i;
-- items that need the wide form (sequence numbers) take the same check
SELECT evidence_count(mastery_agg(1, NULL::timestamptz, i)) FROM generate_series(1, 1000001) i;
SELECT mastery_add(m, 2, '2025-01-01') FROM lim_big;
SELECT mastery_merge(x) FROM (SELECT m AS x FROM lim_big UNION ALL SELECT '{2}') s;
SELECT ('{' || repeat('1,', 1000000) || '1}')::mastery;
-- ... while adding nothing stays within the limit
SELECT evidence_count(mastery_add(m, NULL, '2025-01-01')) FROM lim_big;
SELECT evidence_count(mastery_merge(x)) FROM (SELECT m AS x FROM lim_big UNION ALL SELECT '{}') s;
SELECT evidence_count(('{' || repeat('1,', 999999) || '1}')::mastery);

-- binary input: a COPY file of 1 000 000 items loads, one of 1 000 001 is refused
-- with the same 54000 error (a bytea copied out in binary is the raw payload)
CREATE TABLE lim_payload (b bytea);
CREATE TABLE lim_bin (m mastery);
INSERT INTO lim_payload
  SELECT decode(lpad(to_hex(n), 8, '0'), 'hex') || decode(repeat('003ff0000000000000', n), 'hex')
  FROM (VALUES (1000000)) v(n);
\copy lim_payload TO 'results/limits_payload.dat' WITH (FORMAT binary)
\copy lim_bin FROM 'results/limits_payload.dat' WITH (FORMAT binary)
SELECT evidence_count(m), mastery_score(m, 'mean') FROM lim_bin;
TRUNCATE lim_payload;
INSERT INTO lim_payload
  SELECT decode(lpad(to_hex(n), 8, '0'), 'hex') || decode(repeat('003ff0000000000000', n), 'hex')
  FROM (VALUES (1000001)) v(n);
\copy lim_payload TO 'results/limits_payload.dat' WITH (FORMAT binary)
\copy lim_bin FROM 'results/limits_payload.dat' WITH (FORMAT binary)
-- a large count in a short message is refused before anything is allocated
TRUNCATE lim_payload;
INSERT INTO lim_payload VALUES (decode('7fffffff00', 'hex'));
\copy lim_payload TO 'results/limits_payload.dat' WITH (FORMAT binary)
\copy lim_bin FROM 'results/limits_payload.dat' WITH (FORMAT binary)
-- and the 1 000 000-item value binary round-trips through COPY
\copy lim_big TO 'results/limits_big.dat' WITH (FORMAT binary)
TRUNCATE lim_bin;
\copy lim_bin FROM 'results/limits_big.dat' WITH (FORMAT binary)
SELECT evidence_count(b.m), mastery_send(b.m) = mastery_send(l.m) AS binary_round_trip FROM lim_bin b, lim_big l;
DROP TABLE lim_big, lim_bin, lim_payload;

-- ---- small defects -------------------------------------------------------------------
-- means of finite scores are finite: the sum is scaled when it would overflow
-- (1e308 + 1e308 overflows float8; the mean is 1e308; M = largest float8)
SELECT mastery_score('{1e308, 1e308}', 'mean') AS mean,
       mastery_score('{1e308, 1e308}', 'n_mastery(2, 0)') AS n_mastery,
       mastery_score('{1e308, 1e308, 1e308}', 'weighted_average(0.5)') AS weighted,
       mastery_score('{1.7976931348623157e308, -1.7976931348623157e308, 1.7976931348623157e308}', 'mean')
         = 1.7976931348623157e308 / 3 AS mean_of_extremes;
-- sums that do not overflow are computed as before, bit for bit
SELECT mastery_score('{1, 2, 4}', 'mean') = (1 + 2 + 4) / 3.0::float8 AS same_mean,
       mastery_score('{1e307, 2e307}', 'mean') = (1e307::float8 + 2e307::float8) / 2 AS same_large_mean;
-- a power-law fit beyond the float8 range gives the largest float8, never Infinity
SELECT mastery_score('{1, 1e300, 1e308}', 'power_law') AS power_law_steep,
       mastery_score('{1e308, 1.7e308, 1.79e308}', 'power_law') AS power_law_top,
       mastery_score('{1e308, 1e308}', 'power_law') BETWEEN 0.999999e308 AND 1.000001e308 AS power_law_flat;
-- the steps of mastery_explain use the same arithmetic
SELECT (s->>'step')::int AS step, (s->>'value')::float8 AS value
FROM jsonb_array_elements(mastery_explain('{1e308@2024-01-01T00:00:00Z, 1e308@2024-01-02T00:00:00Z}', 'mean')->'steps') s;

-- a NULL state is empty, so adding a NULL score to it gives the empty value
SELECT mastery_add(NULL, NULL, '2024-01-01') AS empty_state,
       mastery_add(NULL, NULL, '2024-01-01', 7) AS empty_state_seq,
       mastery_add('{3}', NULL, '2024-01-01') AS unchanged;

-- competency_graph input errors quote at most 80 bytes of the input, like the other
-- types, and never cut a multibyte character
SELECT ('{a->b, ' || repeat('x', 2000000) || ' y}')::competency_graph;
SELECT ('{a->b, ' || repeat('é', 100) || ' c}')::competency_graph;
SELECT ('{' || repeat('é', 100) || '}')::mastery;

-- mastery_scale() takes one-dimensional arrays only (it used to flatten others)
SELECT mastery_scale(ARRAY[['a', 'b'], ['c', 'd']], ARRAY[0, 1, 2, 3], 'b');
SELECT mastery_scale(ARRAY['a', 'b', 'c', 'd'], ARRAY[[0, 1], [2, 3]], 'b');
SELECT mastery_scale(ARRAY['a', 'b'], ARRAY[0, 1], 'b');

-- ---- jsonb results are written element by element -----------------------------------
-- mastery_to_jsonb and mastery_explain write jsonb's stored form directly; compared here
-- with the same documents built independently in SQL from mastery_evidence and
-- mastery_steps, on 1000 items (past jsonb's offset stride of 32 entries) with NULL
-- times, sequence numbers, several score codings and a scale
CREATE TABLE jb_m AS
  SELECT mastery_agg(((i * 7) % 5)::float8 / CASE WHEN i % 4 = 0 THEN 3 ELSE 1 END,
                     CASE WHEN i % 10 = 0 THEN NULL ELSE '2024-01-01'::timestamptz + i * interval '1 h 1 s' END,
                     CASE WHEN i % 3 = 0 THEN i * 1000000000000 END) AS m
  FROM generate_series(1, 1000) i;
CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql AS
  $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
SELECT mastery_to_jsonb(m) = (
         SELECT jsonb_agg(jsonb_build_object('at', pg_temp.iso(at), 'score', score)
                          || CASE WHEN seq IS NULL THEN '{}' ELSE jsonb_build_object('seq', seq) END
                          ORDER BY step)
         FROM mastery_evidence(m)) AS to_jsonb_same,
       mastery_to_jsonb(m)::text::jsonb = mastery_to_jsonb(m) AS text_round_trip,
       jsonb_array_length(mastery_to_jsonb(m)) AS n,
       mastery_to_jsonb(m) -> 32 = mastery_to_jsonb(m)::text::jsonb -> 32 AS element_33,
       '{}'::mastery::jsonb AS empty
FROM jb_m;
SELECT mastery_explain(m, 'decaying_average(0.65)', 'beginning:0, *proficient:2.5') = (
         SELECT jsonb_build_object('method', 'decaying_average(0.65)', 'evidence_count', count(*),
                                   'value', (array_agg(value ORDER BY step DESC))[1],
                                   'level', (array_agg(level ORDER BY step DESC))[1],
                                   'mastered', (array_agg(mastered ORDER BY step DESC))[1],
                                   'steps', jsonb_agg(jsonb_build_object('step', step, 'at', pg_temp.iso(at),
                                                      'seq', seq, 'score', score, 'value', value, 'level', level)
                                                      ORDER BY step))
         FROM mastery_steps(m, 'decaying_average(0.65)', 'beginning:0, *proficient:2.5')) AS explain_same,
       mastery_explain(m, 'bkt(0.3, 0.2, 0.1, 0.2)') #> '{steps, 999}'
         = mastery_explain(m, 'bkt(0.3, 0.2, 0.1, 0.2)')::text::jsonb #> '{steps, 999}' AS bkt_last_step,
       jsonb_path_query_array(mastery_explain(m, 'bkt(0.3, 0.2, 0.1, 0.2)'), '$.steps[*].correct')
         = (SELECT jsonb_agg(score >= 0.5 ORDER BY step) FROM mastery_steps(m, 'bkt(0.3, 0.2, 0.1, 0.2)')) AS bkt_correct,
       mastery_explain('{}', 'mean') AS empty_explain
FROM jb_m;
DROP TABLE jb_m;
