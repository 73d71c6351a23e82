-- Run under the OLD version: values of every type, built through every path, stored in
-- tables; their text forms and scores are recorded in upgrade_before.
SET TimeZone = 'UTC';
CREATE TABLE up_mastery AS
SELECT g AS id,
       mastery_agg(((g * 7 + k) % 5)::float8 + CASE WHEN k % 3 = 0 THEN 0.25 ELSE 0 END,
                   CASE WHEN k = 2 THEN NULL ELSE '2024-09-01'::timestamptz + (g * 13 + k * 101) * interval '1 minute' END,
                   CASE WHEN k % 4 = 0 THEN NULL ELSE k END) AS m,
       ('decaying_average(0.' || (50 + g % 49) || ')')::mastery_method AS meth,
       'emerging:0, developing:2, *capable:3'::mastery_scale AS scale
FROM generate_series(1, 200) g, generate_series(1, 1 + g % 9) k
GROUP BY g;
-- wide and narrow stored forms (sub-second times, scores that are not float4-exact),
-- a parsed literal, a value built by mastery_add and one by mastery_merge, and a TOASTed one
INSERT INTO up_mastery VALUES
  (1001, (SELECT mastery_agg(k / 3.0, '2024-01-01'::timestamptz + k * interval '1.5 s') FROM generate_series(1, 50) k),
   'mean', 'low:0, *high:0.5'),
  (1002, '{1@2024-10-01T09:00:00Z, 2@2024-10-08T09:00:00Z#7, 4@2024-10-15T09:00:00Z}', 'n_mastery(2, 2.5)',
   'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5'),
  (1003, mastery_add(mastery_add(NULL::mastery, 3, '2024-10-02 09:00+00'), 1, '2024-09-02 09:00+00'),
   'bkt(0.2, 0.15, 0.1, 0.25)', 'no:0, *yes:0.95'),
  (1004, (SELECT mastery_merge(m) FROM (SELECT mastery_agg(1, '2024-09-01'::timestamptz + i * interval '1 day') m
                                        FROM generate_series(1, 30) i GROUP BY i % 3) s),
   'power_law', '"not yet":0, *"got it":0.9'),
  (1005, (SELECT mastery_agg((i % 4)::float8, '2023-01-01'::timestamptz + i * interval '1 hour') FROM generate_series(1, 20000) i),
   'weighted_average(0.65)', 'emerging:0, developing:2, *capable:3');

CREATE TABLE up_graph AS
SELECT 1 AS id, '{a->b, b->c, a->c, d}'::competency_graph AS g
UNION ALL
SELECT 2, competency_graph_agg('n' || i, 'n' || (i / 2)) FROM generate_series(2, 500) i;

CREATE TABLE upgrade_before AS
SELECT 'mastery ' || id AS what, m::text AS text_form, meth::text || ' | ' || scale::text AS setting,
       mastery_score(m, meth)::text || ' | ' || coalesce(mastery_level(m, meth, scale), '-') || ' | '
       || mastery_score(m, 'latest')::text || ' | ' || mastery_score(m, 'mean')::text || ' | '
       || evidence_count(m) AS scored,
       encode(mastery_send(m), 'hex') AS binary_form
FROM up_mastery
UNION ALL
SELECT 'graph ' || id, g::text, '', graph_node_count(g) || ' | ' || graph_edge_count(g) || ' | '
       || array_to_string(topological_order(g), ','), encode(competency_graph_send(g), 'hex')
FROM up_graph;
