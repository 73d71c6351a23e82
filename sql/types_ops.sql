-- Comparison, grouping and hashing of mastery, mastery_scale and competency_graph.
-- Values equal in meaning are built through different paths (text input,
-- mastery_agg in its compact / narrow / wide forms, mastery_add, mastery_merge,
-- TOASTed and inline) and must group, deduplicate, join and index as one value.

-- ---------------------------------------------------------------- mastery
-- Most rows of types_m are one of three values:
--   A = {1@2024-09-01T10:00:00Z, 2.5@2024-09-02T10:00:00Z}
--   B = {3, 1@2024-09-01T10:00:00.5Z}   (a NULL time: the wide aggregate form)
--   E = {0.1@2024-09-01T10:00:00Z, 2@2024-09-01T10:00:00.25Z}   (the narrow form:
--       a score not exact as float4, a fractional second)
CREATE TABLE types_m (path text, m mastery);
INSERT INTO types_m VALUES
  ('A parsed', '{1@2024-09-01T10:00:00Z, 2.5@2024-09-02T10:00:00Z}'),
  ('A parsed, other offset', '{1@2024-09-01T12:00:00+02:00, 2.5@2024-09-02T10:00:00.000Z}'),
  ('B parsed', '{3, 1@2024-09-01T10:00:00.5Z}');
-- compact aggregate form (whole seconds after the first time), rows out of order
INSERT INTO types_m SELECT 'A mastery_agg compact', mastery_agg(s, t)
  FROM (VALUES (2.5, '2024-09-02 10:00:00+00'::timestamptz), (1, '2024-09-01 10:00:00+00')) v(s, t);
-- wide form (a NULL time) and narrow form
INSERT INTO types_m SELECT 'B mastery_agg wide', mastery_agg(s, t)
  FROM (VALUES (1, '2024-09-01 10:00:00.5+00'::timestamptz), (3, NULL)) v(s, t);
INSERT INTO types_m SELECT 'E mastery_agg narrow', mastery_agg(s, t)
  FROM (VALUES (2, '2024-09-01 10:00:00.25+00'::timestamptz), (0.1, '2024-09-01 10:00:00+00')) v(s, t);
INSERT INTO types_m VALUES ('E parsed', '{0.1@2024-09-01T10:00:00Z, 2@2024-09-01T10:00:00.25Z}');
INSERT INTO types_m SELECT 'A mastery_merge of two aggregates', mastery_merge(m)
  FROM (SELECT mastery_agg(1, '2024-09-01 10:00:00+00') AS m
        UNION ALL SELECT mastery_agg(2.5, '2024-09-02 10:00:00+00')) p;
INSERT INTO types_m SELECT 'A mastery_add', mastery_add(mastery_add(NULL, 2.5, '2024-09-02 10:00:00+00'), 1, '2024-09-01 10:00:00+00');
INSERT INTO types_m SELECT 'B mastery_add', mastery_add(mastery_add(NULL, 3, NULL), 1, '2024-09-01 10:00:00.5+00');
-- not equal to A: the same scores a second later; the same evidence plus a sequence number
INSERT INTO types_m VALUES
  ('C', '{1@2024-09-01T10:00:01Z, 2.5@2024-09-02T10:00:00Z}'),
  ('D', '{1@2024-09-01T10:00:00Z#1, 2.5@2024-09-02T10:00:00Z}');

SELECT m, count(*), string_agg(path, ' | ' ORDER BY path) FROM types_m GROUP BY m ORDER BY m;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT m, count(*) FROM types_m GROUP BY m;
CREATE TEMP TABLE types_sorted_groups AS SELECT m, count(*) FROM types_m GROUP BY m;
SET enable_hashagg = on;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT m, count(*) FROM types_m GROUP BY m;
CREATE TEMP TABLE types_hashed_groups AS SELECT m, count(*) FROM types_m GROUP BY m;
RESET enable_sort;
-- the same groups both ways (no row in one but not the other)
SELECT (SELECT count(*) FROM types_sorted_groups) AS sorted, (SELECT count(*) FROM types_hashed_groups) AS hashed,
  (SELECT count(*) FROM (TABLE types_sorted_groups EXCEPT TABLE types_hashed_groups) d) AS differ;

SELECT count(DISTINCT m) AS distinct_values FROM types_m;
SELECT m FROM types_m WHERE path LIKE 'A%' UNION SELECT m FROM types_m WHERE path LIKE 'B%' ORDER BY 1;
SELECT m FROM types_m EXCEPT SELECT '{1@2024-09-01T10:00:00Z, 2.5@2024-09-02T10:00:00Z}'::mastery ORDER BY 1;
SELECT m FROM types_m WHERE path LIKE '%parsed%' INTERSECT SELECT m FROM types_m WHERE path LIKE '%mastery_add%' ORDER BY 1;
SELECT m FROM types_m ORDER BY m DESC, path LIMIT 3;

-- operators and hash functions agree with each other
SELECT a.path, b.path FROM types_m a, types_m b
 WHERE (a.m = b.m) <> (mastery_hash(a.m) = mastery_hash(b.m))
    OR (a.m = b.m) <> (mastery_hash_extended(a.m, 42) = mastery_hash_extended(b.m, 42))
    OR (a.m = b.m) <> (mastery_cmp(a.m, b.m) = 0)
    OR (a.m < b.m) <> (mastery_cmp(a.m, b.m) < 0)
    OR (a.m <> b.m) = (a.m = b.m)
    OR (a.m <= b.m) <> NOT (a.m > b.m)
    OR (a.m >= b.m) <> NOT (a.m < b.m)
    OR (a.m = b.m) <> (a.m::text = b.m::text);
SELECT mastery_hash('{}'::mastery) = (mastery_hash_extended('{}'::mastery, 0) & 4294967295)::int4 AS low_bits_match;

-- hash join and merge join
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM types_m a JOIN types_m b ON a.m = b.m;
SELECT count(*) FROM types_m a JOIN types_m b ON a.m = b.m;   -- 5 A's, 3 B's, 2 E's, C, D: 25 + 9 + 4 + 1 + 1 = 40
SET enable_mergejoin = on;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM types_m a JOIN types_m b ON a.m = b.m;
SELECT count(*) FROM types_m a JOIN types_m b ON a.m = b.m;
RESET enable_nestloop;
RESET enable_mergejoin;
RESET enable_hashjoin;

-- a unique index refuses a value equal in meaning, however it was built
CREATE TABLE types_m_uniq (m mastery UNIQUE);
INSERT INTO types_m_uniq SELECT DISTINCT m FROM types_m;
INSERT INTO types_m_uniq SELECT mastery_agg(s, t)
  FROM (VALUES (1, '2024-09-01 10:00:00+00'::timestamptz), (2.5, '2024-09-02 10:00:00+00')) v(s, t);
CREATE INDEX ON types_m_uniq USING hash (m);
SET enable_seqscan = off;
SELECT count(*) FROM types_m_uniq WHERE m = '{3, 1@2024-09-01T10:00:00.5Z}';
RESET enable_seqscan;

-- TOASTed values: out of line (EXTERNAL) and compressed (EXTENDED) equal the inline one
CREATE TABLE types_m_big (how text, m mastery);
ALTER TABLE types_m_big ALTER COLUMN m SET STORAGE EXTERNAL;
INSERT INTO types_m_big SELECT 'external', mastery_agg(i % 5, '2024-01-01 00:00:00+00'::timestamptz + i * interval '1 hour')
  FROM generate_series(1, 3000) i;
ALTER TABLE types_m_big ALTER COLUMN m SET STORAGE EXTENDED;
INSERT INTO types_m_big SELECT 'extended', mastery_agg(i % 5, '2024-01-01 00:00:00+00'::timestamptz + i * interval '1 hour')
  FROM generate_series(1, 3000) i;
SELECT pg_relation_size(reltoastrelid) > 0 AS has_toast FROM pg_class WHERE relname = 'types_m_big';
SELECT count(DISTINCT m), count(DISTINCT mastery_hash(m)),
  bool_and(m = (SELECT mastery_agg(i % 5, '2024-01-01 00:00:00+00'::timestamptz + i * interval '1 hour')
                FROM generate_series(1, 3000) i)) AS equal_inline
  FROM types_m_big;
SELECT a.how, b.how FROM types_m_big a JOIN types_m_big b ON a.m = b.m ORDER BY 1, 2;

-- ---------------------------------------------------------------- mastery_scale
CREATE TABLE types_s (path text, s mastery_scale);
INSERT INTO types_s VALUES
  ('parsed', 'emerging:0, developing:2, *capable:3'),
  ('parsed, levels in another order', '*capable:3.0,emerging:0 ,developing:2'),
  ('built', mastery_scale(ARRAY['developing','capable','emerging'], ARRAY[2,3,0], 'capable')),
  ('other mastered level', 'emerging:0, *developing:2, capable:3'),
  ('other minimum', 'emerging:0, developing:2, *capable:3.5'),
  ('other label', 'emerging:0, developing:2, *proficient:3');
INSERT INTO types_s SELECT 'from text', s::text::mastery_scale FROM types_s WHERE path = 'parsed';
SELECT s, count(*), string_agg(path, ' | ' ORDER BY path) FROM types_s GROUP BY s ORDER BY s;
SET enable_hashagg = off;
SELECT s, count(*) FROM types_s GROUP BY s ORDER BY s;
RESET enable_hashagg;
SELECT count(DISTINCT s) FROM types_s;
SELECT s FROM types_s EXCEPT SELECT 'emerging:0, developing:2, *capable:3' ORDER BY s;
SELECT s FROM types_s WHERE path LIKE 'parsed%' INTERSECT SELECT s FROM types_s WHERE path = 'built';
SELECT a.path, b.path FROM types_s a, types_s b
 WHERE (a.s = b.s) <> (mastery_scale_hash(a.s) = mastery_scale_hash(b.s))
    OR (a.s = b.s) <> (mastery_scale_hash_extended(a.s, -7) = mastery_scale_hash_extended(b.s, -7))
    OR (a.s = b.s) <> (a.s::text = b.s::text)
    OR (a.s < b.s) <> (mastery_scale_cmp(a.s, b.s) < 0)
    OR (a.s <> b.s) = (a.s = b.s);
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM types_s a JOIN types_s b USING (s);
SELECT count(*) FROM types_s a JOIN types_s b USING (s);   -- 4 equal: 16, plus 3 singles
RESET enable_nestloop;
RESET enable_mergejoin;
CREATE TABLE types_s_uniq (s mastery_scale PRIMARY KEY);
INSERT INTO types_s_uniq SELECT DISTINCT s FROM types_s;
INSERT INTO types_s_uniq VALUES ('developing:2, emerging:0, *capable:3');
-- a TOASTed scale (64 long labels)
CREATE TABLE types_s_big (s mastery_scale);
ALTER TABLE types_s_big ALTER COLUMN s SET STORAGE EXTERNAL;
INSERT INTO types_s_big SELECT mastery_scale(array_agg(repeat(chr(97 + i % 26), 100) || i ORDER BY i),
  array_agg(i::float8 ORDER BY i), repeat(chr(97 + 40 % 26), 100) || 40) FROM generate_series(0, 63) i;
SELECT pg_relation_size(reltoastrelid) > 0 AS has_toast FROM pg_class WHERE relname = 'types_s_big';
SELECT s = (SELECT mastery_scale(array_agg(repeat(chr(97 + i % 26), 100) || i ORDER BY i DESC),
  array_agg(i::float8 ORDER BY i DESC), repeat(chr(97 + 40 % 26), 100) || 40) FROM generate_series(0, 63) i) AS equal_inline,
  mastery_scale_hash(s) = mastery_scale_hash(s::text::mastery_scale) AS same_hash
  FROM types_s_big;

-- ---------------------------------------------------------------- competency_graph
CREATE TABLE types_g (path text, g competency_graph);
INSERT INTO types_g VALUES
  ('parsed', '{a->b, a->c, b->c}'),
  ('parsed, other order, repeated edge', '{b->c, a->c, a->b, a->c, c}'),
  ('other edge', '{a->b, a->c, c->b}'),
  ('one node more', '{a->b, a->c, b->c, d}'),
  ('empty', '{}');
INSERT INTO types_g SELECT 'competency_graph_agg', competency_graph_agg(p, c)
  FROM (VALUES ('b','c'), ('a','b'), ('a','c')) v(p, c);
SELECT g, count(*), string_agg(path, ' | ' ORDER BY path) FROM types_g GROUP BY g ORDER BY g;
SET enable_hashagg = off;
SELECT g, count(*) FROM types_g GROUP BY g ORDER BY g;
RESET enable_hashagg;
SELECT DISTINCT g FROM types_g ORDER BY g DESC;
SELECT g FROM types_g EXCEPT SELECT '{a->b, a->c, b->c}' ORDER BY g;
SELECT g FROM types_g UNION SELECT '{}' ORDER BY g;
SELECT a.path, b.path FROM types_g a, types_g b
 WHERE (a.g = b.g) <> (competency_graph_hash(a.g) = competency_graph_hash(b.g))
    OR (a.g = b.g) <> (competency_graph_hash_extended(a.g, 1) = competency_graph_hash_extended(b.g, 1))
    OR (a.g = b.g) <> (a.g::text = b.g::text)
    OR (a.g < b.g) <> (competency_graph_cmp(a.g, b.g) < 0)
    OR (a.g <> b.g) = (a.g = b.g);
SET enable_nestloop = off;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM types_g a JOIN types_g b USING (g);
SELECT count(*) FROM types_g a JOIN types_g b USING (g);   -- 3 equal: 9, plus 3 singles
RESET enable_nestloop;
RESET enable_hashjoin;
CREATE TABLE types_g_uniq (g competency_graph UNIQUE);
INSERT INTO types_g_uniq SELECT DISTINCT g FROM types_g;
INSERT INTO types_g_uniq VALUES ('{c, a->c, b->c, a->b}');
-- a TOASTed graph
CREATE TABLE types_g_big (g competency_graph);
ALTER TABLE types_g_big ALTER COLUMN g SET STORAGE EXTERNAL;
INSERT INTO types_g_big SELECT competency_graph_agg('n' || i, 'n' || (i + 1)) FROM generate_series(1, 500) i;
SELECT pg_relation_size(reltoastrelid) > 0 AS has_toast FROM pg_class WHERE relname = 'types_g_big';
SELECT g = (SELECT competency_graph_agg('n' || i, 'n' || (i + 1)) FROM generate_series(500, 1, -1) i) AS equal_inline,
  competency_graph_hash(g) = competency_graph_hash(g::text::competency_graph) AS same_hash
  FROM types_g_big;

-- ---------------------------------------------------------------- operator classes
-- every operator class of the extension passes the access method's own checks
SELECT opcname, amname, amvalidate(c.oid) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE opcintype IN ('mastery'::regtype, 'mastery_scale'::regtype, 'competency_graph'::regtype, 'mastery_method'::regtype)
ORDER BY 1;
-- methods: the extended hash agrees with the 32-bit one (seed 0) and with equality
SELECT count(*) FILTER (WHERE mastery_method_hash(a) <> (mastery_method_hash_extended(a, 0) & 4294967295)::bit(32)::int4) AS low_bits_differ,
       count(*) FILTER (WHERE (a = b) <> (mastery_method_hash_extended(a, 5) = mastery_method_hash_extended(b, 5))) AS hash_disagrees
FROM unnest(ARRAY['latest', 'mean', 'decaying_average(0.65)', 'decaying_average(0.650)', 'bkt(0.3, 0.1, 0.1, 0.2)', 'n_mastery(2, 3)']::mastery_method[]) a,
     unnest(ARRAY['latest', 'mean', 'decaying_average(0.65)', 'decaying_average(0.650)', 'bkt(0.3, 0.1, 0.1, 0.2)', 'n_mastery(2, 3)']::mastery_method[]) b;
