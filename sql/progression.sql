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
-- the 4-argument form reads the clock from pg_catalog whatever the search_path
-- says (a function named now() earlier in the path is not called)
CREATE SCHEMA pace_trap;
CREATE FUNCTION pace_trap.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT timestamptz '1999-01-01' $$;
SET search_path = pace_trap, public, pg_catalog;
SELECT (SELECT row(p.*)::text FROM learning_pace(10, ARRAY['2024-09-10','2024-10-15']::timestamptz[], '2024-09-01', '2099-06-01') p)
     = (SELECT row(p.*)::text FROM learning_pace(10, ARRAY['2024-09-10','2024-10-15']::timestamptz[], '2024-09-01', '2099-06-01', pg_catalog.now()) p)
       AS same_as_pg_catalog_now,
       (SELECT status FROM learning_pace(10, ARRAY['2024-09-10','2024-10-15']::timestamptz[], '2024-09-01', '2099-06-01', pace_trap.now())) AS status_if_trapped;
RESET search_path;
DROP SCHEMA pace_trap CASCADE;
SELECT * FROM learning_pace(10, NULL, NULL, NULL, '2024-11-01');

-- ---- random cross-checks against plain SQL (hundreds of mastered sets per cached graph) ----
SELECT setseed(0.4242);
-- a random DAG on p00..p59 (edges from lower to higher numbers) and a random hierarchy
-- (leaves l00..l79 under clusters c0..c9 under domains d0..d2 under the course)
CREATE TEMP TABLE rp_edge AS
SELECT DISTINCT 'p' || lpad(a::text, 2, '0') AS a, 'p' || lpad(b::text, 2, '0') AS b
FROM (SELECT floor(random() * 59)::int AS a, k FROM generate_series(1, 120) k) x,
     LATERAL (SELECT a + 1 + floor(random() * (59 - a))::int AS b) y;
CREATE TEMP TABLE rp_graph AS
SELECT competency_graph_agg(a, b) AS g
FROM (SELECT a, b FROM rp_edge UNION ALL SELECT NULL, 'p' || lpad(i::text, 2, '0') FROM generate_series(0, 59) i) s(a, b);
-- two target lists, used on alternate rows (the cached resolution changes)
CREATE TEMP TABLE rp_targets AS
SELECT k, array_agg(n ORDER BY random()) AS t
FROM (SELECT k, 'p' || lpad(i::text, 2, '0') AS n FROM generate_series(0, 1) k, generate_series(0, 59) i
      WHERE random() < 0.6) x GROUP BY k;
-- 300 learners: random mastered sets with duplicates, unknown names and NULLs
CREATE TEMP TABLE rp_learner AS
SELECT l, (SELECT array_agg(CASE WHEN random() < 0.03 THEN NULL WHEN random() < 0.05 THEN 'zz' ELSE 'p' || lpad(floor(random() * 60)::text, 2, '0') END)
           FROM generate_series(1, (l * 7) % 45) j WHERE l > 0) AS m
FROM generate_series(0, 299) l;
CREATE TEMP TABLE rp_got AS
SELECT r.l, p.*
FROM rp_learner r, rp_graph g, rp_targets t, LATERAL learning_progress(g.g, t.t, r.m) p
WHERE t.k = r.l % 2;
-- the same in plain SQL: done, remaining as a set, ready = remaining with every direct prerequisite mastered
CREATE TEMP TABLE rp_want AS
SELECT r.l,
       (SELECT count(DISTINCT x) FROM unnest(t.t) x)::int AS total,
       (SELECT count(DISTINCT x) FROM unnest(t.t) x WHERE x = ANY (r.m))::int AS done,
       ARRAY(SELECT DISTINCT x FROM unnest(t.t) x WHERE NOT coalesce(x = ANY (r.m), false) ORDER BY 1) AS remaining,
       ARRAY(SELECT DISTINCT x FROM unnest(t.t) x
             WHERE NOT coalesce(x = ANY (r.m), false)
               AND NOT EXISTS (SELECT 1 FROM rp_edge e WHERE e.b = x AND NOT coalesce(e.a = ANY (r.m), false))
             ORDER BY 1) AS ready
FROM rp_learner r JOIN rp_targets t ON t.k = r.l % 2;
SELECT count(*) AS learners,
       count(*) FILTER (WHERE g.total <> w.total OR g.done <> w.done) AS count_mismatch,
       count(*) FILTER (WHERE ARRAY(SELECT unnest(g.remaining) ORDER BY 1) <> w.remaining) AS remaining_mismatch,
       count(*) FILTER (WHERE ARRAY(SELECT unnest(g.ready) ORDER BY 1) <> w.ready) AS ready_mismatch,
       count(*) FILTER (WHERE g.fraction <> CASE WHEN w.total > 0 THEN w.done::float8 / w.total ELSE 1 END) AS fraction_mismatch,
       sum(cardinality(g.ready)) > 300 AND sum(g.done) > 300 AS nontrivial
FROM rp_got g JOIN rp_want w USING (l);
-- remaining respects every edge between its members, and ready keeps the order of remaining
SELECT count(*) AS order_violations
FROM rp_got g, rp_edge e,
     LATERAL (SELECT array_position(g.remaining, e.a) AS pa, array_position(g.remaining, e.b) AS pb) x
WHERE x.pa IS NOT NULL AND x.pb IS NOT NULL AND x.pa > x.pb;
SELECT count(*) AS ready_order_violations
FROM rp_got g, LATERAL generate_subscripts(g.ready, 1) i
WHERE i > 1 AND array_position(g.remaining, g.ready[i - 1]) > array_position(g.remaining, g.ready[i]);

-- rollups: a 4-level hierarchy with mixed rules against a level-by-level plain SQL evaluation
CREATE TEMP TABLE rh_edge AS
SELECT 'l' || lpad(i::text, 2, '0') AS child, 'c' || (i % 10) AS parent, 1 + i % 3 AS pts FROM generate_series(0, 79) i
UNION ALL SELECT 'c' || c, 'd' || (c % 3), 1 FROM generate_series(0, 9) c
UNION ALL SELECT 'd' || d, 'course', 1 + d FROM generate_series(0, 2) d;
CREATE TEMP TABLE rh_rules AS
SELECT jsonb_build_object('*', 'all', 'c1', 'any', 'c2', jsonb_build_object('at_least', 3),
         'c3', jsonb_build_object('threshold', 0), 'c4', jsonb_build_object('at_least', 2, 'required', jsonb_build_array('l04')),
         'c5', jsonb_build_object('threshold', 7, 'points', (SELECT jsonb_object_agg(child, pts) FROM rh_edge WHERE parent = 'c5')),
         'd0', jsonb_build_object('at_least', 2), 'd1', 'any', 'd2', jsonb_build_object('at_least', 1),
         'course', jsonb_build_object('threshold', 3, 'points', jsonb_build_object('d0', 1, 'd1', 2, 'd2', 3))) AS j;
CREATE TEMP TABLE rh_learner AS
SELECT l, (SELECT array_agg(CASE WHEN random() < 0.05 THEN 'c' || floor(random() * 10) ELSE 'l' || lpad(floor(random() * 80)::text, 2, '0') END)
           FROM generate_series(1, (l * 11) % 70) j WHERE l > 0) AS m
FROM generate_series(0, 299) l;
-- plain SQL: a parent's rule on its children's flags, level by level (clusters, domains, course)
CREATE FUNCTION pg_temp.rh_met(par text, kids text[], m text[]) RETURNS bool LANGUAGE sql AS $$
  SELECT CASE par
    WHEN 'c1' THEN count(*) FILTER (WHERE k = ANY (m)) >= 1
    WHEN 'c2' THEN count(*) FILTER (WHERE k = ANY (m)) >= 3
    WHEN 'c3' THEN true
    WHEN 'c4' THEN count(*) FILTER (WHERE k = ANY (m)) >= 2 AND 'l04' = ANY (m)
    WHEN 'c5' THEN coalesce(sum(e.pts) FILTER (WHERE k = ANY (m)), 0) >= 7
    WHEN 'd0' THEN count(*) FILTER (WHERE k = ANY (m)) >= 2
    WHEN 'd1' THEN count(*) FILTER (WHERE k = ANY (m)) >= 1
    WHEN 'd2' THEN count(*) FILTER (WHERE k = ANY (m)) >= 1
    WHEN 'course' THEN coalesce(sum(CASE k WHEN 'd0' THEN 1 WHEN 'd1' THEN 2 ELSE 3 END) FILTER (WHERE k = ANY (m)), 0) >= 3
    ELSE count(*) FILTER (WHERE k = ANY (m)) = count(*) END
  FROM unnest(kids) k JOIN rh_edge e ON e.child = k AND e.parent = par $$;
CREATE TEMP TABLE rh_want AS
WITH kids AS (SELECT parent, array_agg(child) AS kids FROM rh_edge GROUP BY parent),
     l1 AS (SELECT r.l, coalesce(r.m, '{}') || ARRAY(SELECT k.parent FROM kids k WHERE k.parent LIKE 'c%' AND pg_temp.rh_met(k.parent, k.kids, r.m)) AS m FROM rh_learner r),
     l2 AS (SELECT r.l, r.m || ARRAY(SELECT k.parent FROM kids k WHERE k.parent LIKE 'd%' AND pg_temp.rh_met(k.parent, k.kids, r.m)) AS m FROM l1 r),
     l3 AS (SELECT r.l, r.m || ARRAY(SELECT k.parent FROM kids k WHERE k.parent = 'course' AND pg_temp.rh_met(k.parent, k.kids, r.m)) AS m FROM l2 r)
SELECT l, ARRAY(SELECT DISTINCT x FROM unnest(m) x WHERE x IS NOT NULL ORDER BY 1) AS m FROM l3;
SELECT count(*) AS learners,
       count(*) FILTER (WHERE ARRAY(SELECT x FROM unnest(rollup_mastered(h.g, r.m, j.j)) x ORDER BY 1) <> w.m) AS mismatch,
       sum(cardinality(w.m)) - sum(coalesce(cardinality(ARRAY(SELECT DISTINCT x FROM unnest(r.m) x)), 0)) > 300 AS nontrivial
FROM rh_learner r JOIN rh_want w USING (l), (SELECT competency_graph_agg(child, parent) AS g FROM rh_edge) h, rh_rules j;
