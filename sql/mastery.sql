-- mastery: the type, its methods, scales and aggregates
SET extra_float_digits = 0;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

-- ---------------------------------------------------------------------
-- text form: canonical order, exact round trip
-- ---------------------------------------------------------------------
-- items are put in assessment order: no time first, then time, seq, score
SELECT '{2.5@2024-09-05T10:00:00Z#17, 3@2024-09-01T10:00:00Z, 1, 4@2024-09-05T10:00:00Z#3}'::mastery;
SELECT '{}'::mastery, ' { 1 } '::mastery;
-- offsets are converted to UTC; microseconds kept exactly
SELECT '{3@2024-09-01 12:00:00.123456+02:00}'::mastery;
SELECT '{1@-infinity, 2@infinity, 3@1999-12-31T23:59:59.999999Z}'::mastery;
-- scores of every storage width survive exactly
SELECT '{0.1, 0.85, 255, 256, -3, 1e-300, 3.141592653589793, -0}'::mastery;
-- hundredths next to values that only float4 holds exactly (a fixed data-loss bug)
SELECT '{-0, 0.85}'::mastery, '{0.85, 0.10000000149011612}'::mastery, '{5e-324}'::mastery;
WITH v(m) AS (VALUES ('{0.1@2024-01-01T00:00:00.000001Z#-9223372036854775808, 1e308#9223372036854775807, 7}'::mastery))
SELECT m::text::mastery::text = m::text AS round_trip, m FROM v;

-- ---------------------------------------------------------------------
-- methods: text forms and defaults
-- ---------------------------------------------------------------------
SELECT m::mastery_method AS method, method_name(m::mastery_method)
FROM (VALUES ('latest'), ('HIGHEST'), (' mean '), ('decaying_average'), ('decaying_average(0.8)'),
             ('weighted_average'), ('n_mastery(3, 2.5)'), ('power_law'), ('bkt(0.4,0.1,0.1,0.2)'),
             ('bkt(0.4, 0.1, 0.1, 0.2, 0.05)'), ('bkt(0.4, 0.1, 0.1, 0.2, 0, 3)')) AS t(m);

-- methods compare by kind then parameters; defaults make equal values
SELECT 'decaying_average'::mastery_method = 'decaying_average(0.65)' AS default_equal,
       'bkt(0.4,0.1,0.1,0.2)'::mastery_method = 'bkt(0.4, 0.1, 0.1, 0.2, 0, 0.5)' AS bkt_default_equal,
       'n_mastery(2, -0)'::mastery_method = 'n_mastery(2, 0)' AS zero_equal,
       'latest'::mastery_method < 'highest' AS latest_first,
       'decaying_average(0.5)'::mastery_method < 'decaying_average(0.7)' AS by_parameter;
SELECT m, count(*) FROM (VALUES ('mean'::mastery_method), ('decaying_average'), ('MEAN'), ('decaying_average(0.65)'), ('bkt(0.4,0.1,0.1,0.2)'))
  v(m) GROUP BY m ORDER BY m;
SET enable_hashagg = off;
SELECT DISTINCT m FROM (VALUES ('mean'::mastery_method), ('mean'), ('latest')) v(m) ORDER BY m;
RESET enable_hashagg;

-- ---------------------------------------------------------------------
-- methods on a hand-checked series: 1, 2, 4 (in time order, inserted out of order)
-- ---------------------------------------------------------------------
CREATE TABLE ev (learner int, skill text, score float8, at timestamptz, seq bigint);
INSERT INTO ev VALUES
  (1, 'A', 4, '2024-01-03', NULL),
  (1, 'A', 1, '2024-01-01', NULL),
  (1, 'A', 2, '2024-01-02', NULL);
SELECT mastery_agg(score, at) AS m FROM ev \gset
SELECT method, mastery_score(:'m', method::mastery_method) AS value
FROM (VALUES ('latest'), ('highest'), ('mean'), ('decaying_average(0.65)'),
             ('weighted_average(0.65)'), ('n_mastery(2, 2)'), ('n_mastery(3, 2)'),
             ('power_law')) AS t(method);
-- latest 4; highest 4; mean 7/3 = 2.33333333333333
-- decaying: d1 = 1, d2 = .35*1 + .65*2 = 1.65, d3 = .35*1.65 + .65*4 = 3.1775
-- weighted: .65*4 + .35*mean(1,2) = 2.6 + .525 = 3.125
-- n_mastery(2, 2): scores >= 2 are 2 and 4, two of them: mean 3; n_mastery(3, 2): only two, NULL
-- power_law: ln y = 0, ln2, ln4 = 2 ln2 at ln x = 0, ln2, ln3; checked below against the closed form
SELECT round(mastery_score(:'m', 'power_law')::numeric, 12) = round(exp(a + b * ln(3))::numeric, 12) AS power_law_matches
FROM (SELECT (3 * sxy - sx * sy) / (3 * sxx - sx * sx) AS b,
             (sy - (3 * sxy - sx * sy) / (3 * sxx - sx * sx) * sx) / 3 AS a
      FROM (SELECT sum(ln(x)) sx, sum(ln(y)) sy, sum(ln(x) * ln(x)) sxx, sum(ln(x) * ln(y)) sxy
            FROM (VALUES (1, 1.0), (2, 2.0), (3, 4.0)) v(x, y)) s) f;
-- power law with one score is that score, scores <= 0 do not break it
SELECT mastery_score('{3@2024-01-01T00:00Z}', 'power_law'),
       mastery_score('{0@2024-01-01T00:00Z, 0@2024-01-02T00:00Z}', 'power_law') < 1e-5 AS tiny;

-- BKT by hand: prior .4, learn .1, slip .1, guess .2; observations correct, wrong
--  correct: post = .4*.9/(.4*.9 + .6*.2) = .36/.48 = .75;  P = .75 + .25*.1 = .775
--  wrong:   post = .775*.1/(.775*.1 + .225*.8) = .0775/.2575 = .300970873786408
--           P = .300970873786408 + .699029126213592*.1 = .370873786407767
SELECT mastery_score('{1@2024-01-01T00:00Z, 0@2024-01-02T00:00Z}', 'bkt(0.4, 0.1, 0.1, 0.2)') AS bkt_two,
       mastery_score('{1@2024-01-01T00:00Z}', 'bkt(0.4, 0.1, 0.1, 0.2)') AS bkt_one;
-- the cut decides what counts as correct: 3 on a 0-4 scale with cut 3 is correct (.775)
SELECT mastery_score('{3@2024-01-01T00:00Z}', 'bkt(0.4, 0.1, 0.1, 0.2, 0, 3)') AS bkt_cut;
-- forget: .75*(1-.5) + .25*.1 = .4
SELECT mastery_score('{1@2024-01-01T00:00Z}', 'bkt(0.4, 0.1, 0.1, 0.2, 0.5)') AS bkt_forget;
-- no evidence: no value for any method
SELECT mastery_score('{}', 'latest') IS NULL AS latest_null, mastery_score('{}', 'bkt(0.4,0.1,0.1,0.2)') IS NULL AS bkt_null;

-- ---------------------------------------------------------------------
-- as_of: growth from one stored value
-- ---------------------------------------------------------------------
SELECT mastery_score(:'m', 'latest', '2024-01-01') AS jan1,
       mastery_score(:'m', 'latest', '2024-01-02 12:00') AS jan2,
       mastery_score(:'m', 'mean', '2024-01-02') AS mean_jan2,
       mastery_score(:'m', 'latest', '2023-12-31') AS before_any;

-- ---------------------------------------------------------------------
-- mastery_agg: NULLs, ties, order independence
-- ---------------------------------------------------------------------
-- NULL scores are skipped; a NULL time is the oldest; only NULL scores -> NULL
SELECT mastery_agg(s, t) FROM (VALUES (1.0, '2024-01-02'::timestamptz), (NULL, '2024-01-03'), (2.0, NULL)) v(s, t);
SELECT mastery_agg(s, t) IS NULL AS all_null FROM (VALUES (NULL::float8, now())) v(s, t);
SELECT mastery_agg(s, t) IS NULL AS no_rows FROM (VALUES (1.0::float8, now())) v(s, t) WHERE false;
-- ties on time: seq decides, then the score; latest is the highest seq
SELECT m, mastery_score(m, 'latest') AS latest FROM (
  SELECT mastery_agg(s, t, q) AS m FROM (VALUES (3.0, '2024-01-01'::timestamptz, 2), (1.0, '2024-01-01', 5),
                                            (2.0, '2024-01-01', NULL), (0.0, '2024-01-01', 5)) v(s, t, q)) x;
-- late evidence lands in its place whatever the input order: 200 random permutations, one result
SELECT count(DISTINCT m::text) AS distinct_results FROM (
  SELECT r, mastery_agg(s, t, q) AS m
  FROM generate_series(1, 200) r,
       LATERAL (SELECT s, t, q FROM (VALUES (3.0, '2024-01-05'::timestamptz, 1), (1.0, '2024-01-01', 2),
                                            (2.0, '2024-01-03', 3), (4.0, '2024-01-03', 3), (2.5, NULL, NULL),
                                            (1.5, '2024-01-03', NULL)) v(s, t, q)
                ORDER BY random() + r * 0) z
  GROUP BY r) x;
-- NaN and infinite scores are rejected, naming the value
SELECT mastery_agg(s, now()) FROM (VALUES (1.0), ('NaN'::float8)) v(s);
SELECT mastery_agg(s, now()) FROM (VALUES ('-Infinity'::float8)) v(s);

-- ---------------------------------------------------------------------
-- mastery_add and mastery_merge
-- ---------------------------------------------------------------------
SELECT mastery_add(NULL, 3, '2024-01-05');
SELECT mastery_add('{1@2024-01-01T00:00Z, 4@2024-01-03T00:00Z}', 2, '2024-01-02');  -- back-dated
SELECT mastery_add('{1@2024-01-01T00:00Z}', NULL, '2024-01-02');                     -- NULL score: unchanged
SELECT mastery_add('{1@2024-01-01T00:00Z#1}', 2, '2024-01-01', 0);                   -- same time, lower seq
SELECT mastery_add('{}', 'NaN', now());
-- mastery_add one row at a time equals mastery_agg over the rows
SELECT (SELECT mastery_agg(score, at) FROM ev)::text =
       mastery_add(mastery_add(mastery_add(NULL, 2, '2024-01-02'), 4, '2024-01-03'), 1, '2024-01-01')::text AS add_equals_agg;
SELECT mastery_merge(m) FROM (VALUES ('{1@2024-01-01T00:00Z, 3@2024-01-03T00:00Z}'::mastery),
                                     (NULL), ('{2@2024-01-02T00:00Z}'), ('{}')) v(m);
SELECT mastery_merge(m) IS NULL AS merge_of_nothing FROM (VALUES (NULL::mastery)) v(m);

-- ---------------------------------------------------------------------
-- accessors, evidence listing, JSON, explanation
-- ---------------------------------------------------------------------
SELECT evidence_count(:'m'), first_evidence_at(:'m'), last_evidence_at(:'m'),
       first_evidence_at('{1, 2@2024-02-01T00:00Z}'), last_evidence_at('{1}'), evidence_count('{}');
SELECT * FROM mastery_evidence('{2.5@2024-09-05T10:00:00Z#17, 3@2024-09-01T10:00:00Z, 1}');
SELECT mastery_to_jsonb('{2.5@2024-09-05T10:00:00Z#17, 1}'), '{}'::mastery::jsonb;
SELECT jsonb_pretty(mastery_explain(:'m', 'decaying_average(0.65)'));
SELECT mastery_explain('{1@2024-01-01T00:00Z, 3@2024-01-02T00:00Z, 4@2024-01-03T00:00Z}', 'n_mastery(2, 3)',
                       'emerging:0, developing:2, *capable:3');
SELECT mastery_explain('{1@2024-01-01T00:00Z}', 'bkt(0.4, 0.1, 0.1, 0.2)') -> 'steps' -> 0 AS bkt_step;

-- ---------------------------------------------------------------------
-- scales
-- ---------------------------------------------------------------------
SELECT 'developing:2, *capable:3, emerging:0, "exceeds: 4+":4'::mastery_scale AS sorted_and_quoted;
SELECT '"say \"hi\"":0, *"back\\slash":1'::mastery_scale;
SELECT s, mastery_level(s, 'emerging:0, developing:2, *capable:3'), is_mastered(s, 'emerging:0, developing:2, *capable:3')
FROM (VALUES (-1.0), (0), (1.99), (2), (2.99), (3), (4)) v(s);
SELECT * FROM scale_levels('beginning:1, *proficient:3, developing:2');
SELECT mastery_threshold('low:0, *high:0.95');
SELECT mastery_scale(ARRAY['emerging', 'developing', 'capable'], ARRAY[0, 2, 3], 'capable');
SELECT mastery_level(:'m', 'decaying_average', 'emerging:0, developing:2, *capable:3') AS level,
       is_mastered(:'m', 'decaying_average', 'emerging:0, developing:2, *capable:3') AS mastered,
       is_mastered('{}'::mastery, 'latest', 'emerging:0, *capable:3') AS mastered_without_evidence;
-- NULL handling: strict functions give NULL
SELECT mastery_level(NULL::float8, 'a:0, *b:1') IS NULL AS n1, mastery_score(NULL, 'latest') IS NULL AS n2,
       mastery_score(:'m', NULL) IS NULL AS n3;

-- ---------------------------------------------------------------------
-- stored per outcome in ordinary tables
-- ---------------------------------------------------------------------
CREATE TABLE outcome (skill text PRIMARY KEY, method mastery_method NOT NULL, scale mastery_scale NOT NULL);
INSERT INTO outcome VALUES ('A', 'decaying_average(0.65)', 'emerging:0, developing:2, *capable:3'),
                           ('B', 'n_mastery(2, 3)', 'emerging:0, developing:2, *capable:3');
INSERT INTO ev VALUES (1, 'B', 3, '2024-01-01', NULL), (1, 'B', 4, '2024-01-02', NULL), (1, 'B', 1, '2024-01-03', NULL);
SELECT e.learner, e.skill, o.method, mastery_score(e.m, o.method) AS value, mastery_level(e.m, o.method, o.scale) AS level
FROM (SELECT learner, skill, mastery_agg(score, at) AS m FROM ev GROUP BY 1, 2) e JOIN outcome o USING (skill)
ORDER BY 1, 2;

-- ---------------------------------------------------------------------
-- storage size: small fixed header, a few bytes per item
-- ---------------------------------------------------------------------
SELECT pg_column_size('{}'::mastery) AS empty_bytes,
       pg_column_size(mastery_agg(g % 5, '2024-09-01'::timestamptz + g * interval '1 day', g)) AS bytes_100_items
FROM generate_series(1, 100) g;
