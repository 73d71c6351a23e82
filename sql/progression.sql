-- learning progressions: rollups, progress, readiness, pace (values checked by hand in the comments)
SET extra_float_digits = 0;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

-- hierarchy: standards s1..s4; clusters A (s1, s2) and B (s3, s4); course C (A, B); edges child -> parent
WITH h(child, parent) AS (VALUES ('s1','A'),('s2','A'),('s3','B'),('s4','B'),('A','C'),('B','C'))
SELECT competency_graph_agg(child, parent) AS h FROM h \gset
-- default rule "all": A has s1 and s2; B lacks s4; C lacks B
SELECT rollup_mastered(:'h', ARRAY['s1','s2','s3']);
-- B counts with any child, and then C (all of A, B)
SELECT rollup_mastered(:'h', ARRAY['s1','s2','s3'], '{"B": "any"}');
-- a default for every parent: at least one child
SELECT rollup_mastered(:'h', ARRAY['s1','s3'], '{"*": {"at_least": 1}}');
-- points: s1 is worth 2 (s2 the default 1), 2 needed: A counts; B needs s4, which is missing; C any
SELECT rollup_mastered(:'h', ARRAY['s1','s3'], '{"A": {"threshold": 2, "points": {"s1": 2}}, "B": {"threshold": 1, "required": ["s4"]}, "C": "any"}');
-- nodes mastered directly stay mastered; unknown names and NULLs are ignored
SELECT rollup_mastered(:'h', ARRAY['B', 'nope', NULL]), rollup_mastered(:'h', NULL), rollup_mastered(:'h', '{}');
-- inconsistent rules are errors naming the parent
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"at_least": 3}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"at_least": 0}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"threshold": 9}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"required": ["s3"]}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"points": {"s1": -1}, "threshold": 1}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"s1": "all"}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"Z": "all"}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": "most"}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"A": {"at_least": 1, "threshold": 1}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '{"*": {"required": ["s1"]}}');
SELECT rollup_mastered(:'h', ARRAY['s1'], '[1]');
-- a cycle in the hierarchy
SELECT rollup_mastered(competency_graph_agg(c, p), ARRAY['x']) FROM (VALUES ('x','y'),('y','z'),('z','y')) v(c, p);

-- course credit, North Queens style: capable on 7 of 10 learning outcomes
WITH h AS (SELECT competency_graph_agg('LO' || g, 'Course') AS h FROM generate_series(1, 10) g)
SELECT 'Course' = ANY (rollup_mastered(h, ARRAY(SELECT 'LO' || g FROM generate_series(1, 7) g), '{"Course": {"at_least": 7}}')) AS seven_earns_credit,
       'Course' = ANY (rollup_mastered(h, ARRAY(SELECT 'LO' || g FROM generate_series(1, 6) g), '{"Course": {"at_least": 7}}')) AS six_does_not
FROM h;

SELECT hierarchy_leaves(:'h', 'C') AS course, hierarchy_leaves(:'h', 'A') AS cluster, hierarchy_leaves(:'h', 's1') AS leaf;
SELECT hierarchy_leaves(:'h', 'Q');

-- prerequisites: s1 -> s2 -> s3, s1 -> s4 -> s3
WITH p(a, b) AS (VALUES ('s1','s2'),('s2','s3'),('s1','s4'),('s4','s3'))
SELECT competency_graph_agg(a, b) AS g FROM p \gset
-- remaining in learnable order (smallest name first among the ready): s2, s4, s3; ready now: s2, s4
SELECT * FROM learning_progress(:'g', ARRAY['s3','s2','s4','s1'], ARRAY['s1']);
SELECT * FROM learning_progress(:'g', ARRAY['s3','s3'], ARRAY['s1','s2','s3','s4']);
SELECT * FROM learning_progress(:'g', ARRAY[]::text[], NULL);
SELECT * FROM learning_progress(:'g', ARRAY['s9'], NULL);
SELECT * FROM learning_progress((SELECT competency_graph_agg(a, b) FROM (VALUES ('a','b'),('b','a')) v(a, b)), ARRAY['a'], NULL);

-- s3 became ready when its last prerequisite was mastered (s4 on Jan 9); s1 has none
SELECT ready_since(:'g', 's3', ARRAY['s2','s4','s1'], ARRAY['2024-01-05','2024-01-09','2024-01-01']::timestamptz[]) AS s3,
       ready_since(:'g', 's1', NULL, NULL) AS s1,
       ready_since(:'g', 's3', ARRAY['s2'], ARRAY['2024-01-05']::timestamptz[]) AS s3_not_ready;
SELECT ready_since(:'g', 's3', ARRAY['s2'], ARRAY[]::timestamptz[]);

-- pace: 4 of 10 by Nov 1 since Sep 1 (61 days): 4/61 per day = 0.459 per week;
-- 6 more take 91.5 days: Jan 31 12:00; due Jun 1, period 273 days, 10% early is before May 4: ahead
SELECT * FROM learning_pace(10, ARRAY['2024-09-10','2024-09-20','2024-10-01','2024-10-15']::timestamptz[], '2024-09-01', '2025-06-01', '2024-11-01');
-- due Feb 15 (a 167-day period): ahead would need Jan 29 or earlier, Jan 31 is on track; due Jan 20: behind
SELECT status FROM learning_pace(10, ARRAY['2024-09-10','2024-09-20','2024-10-01','2024-10-15']::timestamptz[], '2024-09-01', '2025-02-15', '2024-11-01');
SELECT status FROM learning_pace(10, ARRAY['2024-09-10','2024-09-20','2024-10-01','2024-10-15']::timestamptz[], '2024-09-01', '2025-01-20', '2024-11-01');
-- nothing mastered yet: no projection, behind; everything mastered: done on the last mastery (Oct 15), 4/61*7 per week
SELECT * FROM learning_pace(10, ARRAY[]::timestamptz[], '2024-09-01', '2025-06-01', '2024-11-01');
SELECT * FROM learning_pace(4, ARRAY['2024-09-10','2024-09-20','2024-10-15','2024-10-01']::timestamptz[], '2024-09-01', '2025-06-01', '2024-11-01');
-- no start date: pace from the first mastery (Sep 10 to Nov 1, 52 days): 4/52*7 = 0.538 per week;
-- 6 more take 78 days (Jan 18), more than 26.4 days (10% of Sep 10..Jun 1) early: ahead
SELECT done, round(per_week::numeric, 3) AS per_week, status FROM learning_pace(10, ARRAY['2024-09-10','2024-09-20','2024-10-01','2024-10-15']::timestamptz[], NULL, '2025-06-01', '2024-11-01');
-- bad input
SELECT * FROM learning_pace(3, ARRAY['2024-09-10','2024-09-20','2024-10-01','2024-10-15']::timestamptz[], '2024-09-01', '2025-06-01', '2024-11-01');
SELECT * FROM learning_pace(10, NULL, '2024-09-01', '2024-06-01', '2024-11-01');
SELECT * FROM learning_pace(-1, NULL, '2024-09-01', '2025-06-01', '2024-11-01');
SELECT * FROM learning_pace(10, ARRAY['infinity']::timestamptz[], '2024-09-01', '2025-06-01', '2024-11-01');
SELECT * FROM learning_pace(10, NULL, NULL, NULL, '2024-11-01');
