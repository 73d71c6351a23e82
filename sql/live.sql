-- Live mastery: mastery_remove, mastery_add of a value, and tracked targets
-- kept by mastery_track through every kind of statement.
SET client_min_messages = warning;
SET timezone = 'UTC';
\set SHOW_CONTEXT never

-- ---------------------------------------------------------------- mastery_remove
-- one item out of the middle; ties keep the others
SELECT mastery_remove('{1@2024-01-01T00:00:00Z, 2@2024-01-02T00:00:00Z, 3@2024-01-03T00:00:00Z}', 2, '2024-01-02T00:00:00Z');
-- only one of two equal items goes
SELECT mastery_remove('{2@2024-01-02T00:00:00Z, 2@2024-01-02T00:00:00Z}', 2, '2024-01-02T00:00:00Z');
-- no equal item (score, time or seq differ): the value unchanged
SELECT mastery_remove('{1@2024-01-01T00:00:00Z}', 2, '2024-01-01T00:00:00Z') AS other_score,
       mastery_remove('{1@2024-01-01T00:00:00Z}', 1, '2024-01-01T00:00:01Z') AS other_time,
       mastery_remove('{1@2024-01-01T00:00:00Z#5}', 1, '2024-01-01T00:00:00Z') AS seq_missing_in_call,
       mastery_remove('{1@2024-01-01T00:00:00Z#5}', 1, '2024-01-01T00:00:00Z', 6) AS other_seq;
-- the sequence number and a missing time match too
SELECT mastery_remove('{1@2024-01-01T00:00:00Z#5, 1@2024-01-01T00:00:00Z#6}', 1, '2024-01-01T00:00:00Z', 6),
       mastery_remove('{1, 1@2024-01-01T00:00:00Z}', 1, NULL);
-- the last item: NULL, as mastery_agg over no rows; NULL in, NULL out; a NULL score removes nothing
SELECT mastery_remove('{1@2024-01-01T00:00:00Z}', 1, '2024-01-01T00:00:00Z') IS NULL AS last_gone,
       mastery_remove(NULL, 1, '2024-01-01T00:00:00Z') IS NULL AS null_in,
       mastery_remove('{1@2024-01-01T00:00:00Z}', NULL, '2024-01-01T00:00:00Z') AS null_score,
       mastery_remove('{}', 1, NULL) AS empty_unchanged;
SELECT mastery_remove('{1@2024-01-01T00:00:00Z}', 'NaN', '2024-01-01T00:00:00Z');
-- many at once: one equal item per item of the second value, the rest ignored
SELECT mastery_remove('{1@2024-01-01T00:00:00Z, 1@2024-01-01T00:00:00Z, 2@2024-01-02T00:00:00Z, 3@2024-01-03T00:00:00Z}'::mastery,
                      '{1@2024-01-01T00:00:00Z, 3@2024-01-03T00:00:00Z, 4@2024-01-04T00:00:00Z}'::mastery);
SELECT mastery_remove('{1@2024-01-01T00:00:00Z}'::mastery, '{1@2024-01-01T00:00:00Z, 1@2024-01-01T00:00:00Z}'::mastery) IS NULL AS all_gone,
       mastery_remove('{1@2024-01-01T00:00:00Z}'::mastery, NULL::mastery) AS null_items;
-- mastery_add of a value: the union in assessment order (same as mastery_agg over both)
SELECT mastery_add('{1@2024-01-03T00:00:00Z, 4@2024-01-05T00:00:00Z}'::mastery, '{2@2024-01-04T00:00:00Z, 3@2024-01-01T00:00:00Z}'::mastery),
       mastery_add(NULL::mastery, '{2@2024-01-04T00:00:00Z}'::mastery),
       mastery_add('{2@2024-01-04T00:00:00Z}'::mastery, NULL::mastery),
       mastery_add(NULL::mastery, NULL::mastery) IS NULL AS both_null;
-- remove undoes add, on random values (independent check: text forms equal)
SELECT count(*) FILTER (WHERE mastery_remove(mastery_add(a, s, t), s, t)::text IS DISTINCT FROM a::text) AS bad_single,
       count(*) FILTER (WHERE mastery_remove(mastery_add(a, b), b)::text IS DISTINCT FROM a::text) AS bad_many
FROM (SELECT g,
             mastery_agg(floor(random() * 5)::float8, '2024-01-01T00:00:00Z'::timestamptz + floor(random() * 4) * interval '1 day') AS a,
             mastery_agg(floor(random() * 5)::float8, '2024-01-01T00:00:00Z'::timestamptz + floor(random() * 4) * interval '1 day') FILTER (WHERE random() < 0.5) AS b,
             min(floor(random() * 5))::float8 AS s, min('2024-01-01T00:00:00Z'::timestamptz + floor(random() * 4) * interval '1 day') AS t
      FROM generate_series(1, 200) g, generate_series(1, 6) i GROUP BY g) r;

-- ---------------------------------------------------------------- tracking
-- Names with capitals, spaces and quotes, spelled as in the catalog.
CREATE TABLE "Evidence Log" ("Learner" int, "comp code" text, "Score" numeric, "when" timestamptz,
                             note text, id serial);
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES
  (1, 'A', 1, '2024-10-01 09:00+00'), (1, 'A', 2, '2024-10-08 09:00+00'),
  (1, 'B', 3, '2024-10-02 09:00+00'), (2, 'A', 3, '2024-10-01 09:00+00'),
  (2, 'A', NULL, '2024-10-03 09:00+00'), (3, 'C', NULL, '2024-10-03 09:00+00');
SELECT mastery_track('"Evidence Log"', 'Live "Mastery"', ARRAY['Learner', 'comp code'], 'Score', 'when');
\d "Live ""Mastery"""
-- rows with a NULL score are not evidence: learner 3 has no group
TABLE "Live ""Mastery""" ORDER BY 1, 2;
SELECT * FROM mastery_tracked;

-- the independent recompute: the target must equal it (both directions)
CREATE VIEW live_fresh AS
  SELECT "Learner", "comp code", mastery_agg("Score", "when")::text AS m
  FROM "Evidence Log" WHERE "Score" IS NOT NULL GROUP BY 1, 2;
\set same 'SELECT mastery_track_check(''"Evidence Log"'') AS differing, (SELECT count(*) FROM ((SELECT "Learner", "comp code", m::text FROM "Live ""Mastery""" EXCEPT SELECT * FROM live_fresh) UNION ALL (SELECT * FROM live_fresh EXCEPT SELECT "Learner", "comp code", m::text FROM "Live ""Mastery""")) x) AS except_rows, (SELECT count(*) FROM "Live ""Mastery""") AS groups'
:same;

-- single-row and multi-row INSERT, INSERT ... SELECT, COPY
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (1, 'A', 4, '2024-10-15 09:00+00');
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES
  (4, 'A', 2, '2024-10-01 09:00+00'), (4, 'A', 2, '2024-10-01 09:00+00'), (1, 'C', 1, NULL);
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when")
  SELECT 10 + g % 7, 'G' || g % 3, g % 5, '2024-09-01 00:00+00'::timestamptz + g * interval '1 hour'
  FROM generate_series(1, 300) g;
COPY "Evidence Log" ("Learner", "comp code", "Score", "when") FROM stdin;
5	A	3	2024-10-20 09:00:00+00
5	A	1	2024-10-01 09:00:00+00
1	A	0	2024-10-05 09:00:00+00
\.
SELECT m FROM "Live ""Mastery""" WHERE "Learner" = 1 AND "comp code" = 'A';
:same;

-- UPDATE: a corrected score, a re-dated make-up quiz, evidence moved to another
-- learner (and into a new group), a column the mastery does not use
UPDATE "Evidence Log" SET "Score" = 3 WHERE "Learner" = 1 AND "comp code" = 'A' AND "Score" = 0;
UPDATE "Evidence Log" SET "when" = '2024-10-16 09:00+00' WHERE "Learner" = 1 AND "comp code" = 'A' AND "Score" = 2;
SELECT m FROM "Live ""Mastery""" WHERE "Learner" = 1 AND "comp code" = 'A';
UPDATE "Evidence Log" SET "Learner" = 6 WHERE "Learner" = 5 AND "Score" = 3;
UPDATE "Evidence Log" SET note = 'checked' WHERE "Learner" = 1;
SELECT "Learner", m FROM "Live ""Mastery""" WHERE "Learner" IN (5, 6) ORDER BY 1;
:same;
-- a NULL score becomes evidence, and evidence becomes a NULL score
UPDATE "Evidence Log" SET "Score" = 2 WHERE "Learner" = 3;
UPDATE "Evidence Log" SET "Score" = NULL WHERE "Learner" = 4 AND "comp code" = 'A';
SELECT "Learner", "comp code", m FROM "Live ""Mastery""" WHERE "Learner" IN (3, 4) ORDER BY 1;
:same;
-- UPDATE touching many groups at once, swapping groups between rows
UPDATE "Evidence Log" SET "Learner" = CASE "Learner" WHEN 10 THEN 11 WHEN 11 THEN 10 ELSE "Learner" END,
                          "Score" = "Score" + 1
WHERE "Learner" BETWEEN 10 AND 13;
:same;

-- DELETE: one item, and all of a group (the group disappears)
DELETE FROM "Evidence Log" WHERE "Learner" = 4;
DELETE FROM "Evidence Log" WHERE "Learner" = 1 AND "comp code" = 'B';
SELECT count(*) AS gone FROM "Live ""Mastery""" WHERE ("Learner", "comp code") IN ((4, 'A'), (1, 'B'));
DELETE FROM "Evidence Log" WHERE "Learner" = 1 AND "comp code" = 'A' AND "Score" = 4;
SELECT m FROM "Live ""Mastery""" WHERE "Learner" = 1 AND "comp code" = 'A';
:same;

-- rollback and savepoints: the target follows the transaction
BEGIN;
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (7, 'A', 1, '2024-10-01 09:00+00');
DELETE FROM "Evidence Log" WHERE "Learner" = 2;
SELECT count(*) FILTER (WHERE "Learner" = 7) AS learner_7, count(*) FILTER (WHERE "Learner" = 2) AS learner_2
FROM "Live ""Mastery""";
ROLLBACK;
SELECT count(*) FILTER (WHERE "Learner" = 7) AS learner_7, count(*) FILTER (WHERE "Learner" = 2) AS learner_2
FROM "Live ""Mastery""";
BEGIN;
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (8, 'A', 1, '2024-10-01 09:00+00');
SAVEPOINT s1;
UPDATE "Evidence Log" SET "Score" = 4 WHERE "Learner" = 8;
DELETE FROM "Evidence Log" WHERE "Learner" = 2;
ROLLBACK TO SAVEPOINT s1;
UPDATE "Evidence Log" SET "Score" = 3 WHERE "Learner" = 8;
COMMIT;
SELECT "Learner", m FROM "Live ""Mastery""" WHERE "Learner" IN (2, 8) ORDER BY 1;
:same;
-- a statement that fails takes its target changes with it
-- (evidence with a NULL key has no group to go to; a NaN score is not a score)
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (9, 'A', 1, '2024-10-01 09:00+00'), (NULL, 'A', 1, '2024-10-01 09:00+00');
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (9, 'A', 1, '2024-10-01 09:00+00'), (9, 'A', 'NaN', '2024-10-01 09:00+00');
SELECT count(*) AS learner_9 FROM "Live ""Mastery""" WHERE "Learner" = 9;
:same;

-- TRUNCATE empties the target
TRUNCATE "Evidence Log";
:same;
INSERT INTO "Evidence Log" ("Learner", "comp code", "Score", "when") VALUES (1, 'A', 1, '2024-10-01 09:00+00');
:same;

-- ---------------------------------------------------------------- sequence numbers
CREATE TABLE live_seq (learner int, comp int, score float8, at timestamp, n bigint);
SELECT mastery_track('live_seq', 'live_seq_m', ARRAY['comp', 'learner'], 'score', 'at', 'n');
INSERT INTO live_seq VALUES (1, 1, 1, '2024-01-01', 2), (1, 1, 2, '2024-01-01', 1), (1, 1, 3, '2024-01-01', NULL);
UPDATE live_seq SET n = 3 WHERE score = 2;
SELECT comp, learner, m FROM live_seq_m;
SELECT mastery_track_check('live_seq'),
       (SELECT m::text FROM live_seq_m) = (SELECT mastery_agg(score, at, n)::text FROM live_seq) AS same_as_agg;
-- the column order of the keys is the target's
SELECT attname FROM pg_attribute WHERE attrelid = 'live_seq_m'::regclass AND attnum > 0 ORDER BY attnum;

-- ---------------------------------------------------------------- partitioned evidence
CREATE TABLE live_part (learner int, comp text, score float8, at timestamptz) PARTITION BY RANGE (learner);
CREATE TABLE live_part_low PARTITION OF live_part FOR VALUES FROM (MINVALUE) TO (100);
CREATE TABLE live_part_high PARTITION OF live_part FOR VALUES FROM (100) TO (MAXVALUE);
INSERT INTO live_part SELECT g % 200, 'c' || g % 3, g % 4, '2024-01-01'::timestamptz + g * interval '1 day' FROM generate_series(1, 600) g;
SELECT mastery_track('live_part', 'live_part_m', ARRAY['learner', 'comp'], 'score', 'at');
\set psame 'SELECT mastery_track_check(''live_part'') AS differing, (SELECT count(*) FROM ((SELECT learner, comp, m::text FROM live_part_m EXCEPT SELECT learner, comp, mastery_agg(score, at)::text FROM live_part WHERE score IS NOT NULL GROUP BY 1, 2) UNION ALL (SELECT learner, comp, mastery_agg(score, at)::text FROM live_part WHERE score IS NOT NULL GROUP BY 1, 2 EXCEPT SELECT learner, comp, m::text FROM live_part_m)) x) AS except_rows, (SELECT count(*) FROM live_part_m) AS groups'
:psame;
-- through the parent, straight into a partition, across partitions
INSERT INTO live_part VALUES (5, 'c0', 4, '2025-01-01'), (150, 'c0', 4, '2025-01-01');
INSERT INTO live_part_low VALUES (6, 'c1', 1, '2025-01-01');
UPDATE live_part SET learner = learner + 100 WHERE learner BETWEEN 1 AND 20;
UPDATE live_part_high SET score = 0 WHERE learner BETWEEN 150 AND 160;
DELETE FROM live_part_low WHERE learner BETWEEN 30 AND 40;
DELETE FROM live_part WHERE learner > 190;
COPY live_part FROM stdin;
7	c2	2	2025-02-01 00:00:00+00
170	c2	2	2025-02-01 00:00:00+00
\.
:psame;
-- TRUNCATE of one partition, then of the whole table
TRUNCATE live_part_high;
:psame;
TRUNCATE live_part;
:psame;
INSERT INTO live_part VALUES (5, 'c0', 4, '2025-01-01');
:psame;

-- ---------------------------------------------------------------- an existing target
CREATE TABLE live_pre (learner int, comp text, score float8, at timestamptz);
INSERT INTO live_pre VALUES (1, 'a', 2, '2024-01-01');
CREATE TABLE live_pre_m (comp text, learner int, m mastery);
INSERT INTO live_pre_m VALUES ('stale', 9, '{1}');
SELECT mastery_track('live_pre', 'live_pre_m', ARRAY['learner', 'comp'], 'score', 'at');
TABLE live_pre_m;
INSERT INTO live_pre VALUES (1, 'a', 3, '2024-01-02');
SELECT mastery_track_check('live_pre'), (SELECT m FROM live_pre_m);

-- ---------------------------------------------------------------- untrack
SELECT mastery_untrack('live_pre');
INSERT INTO live_pre VALUES (1, 'a', 4, '2024-01-03');
SELECT m FROM live_pre_m;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'live_pre'::regclass;
SELECT count(*) AS functions FROM pg_proc WHERE proname = 'mastery_live_' || 'live_pre'::regclass::oid;
SELECT mastery_track_check('live_pre');
SELECT mastery_untrack('live_pre');
-- and tracked again: refilled
SELECT mastery_track('live_pre', 'live_pre_m', ARRAY['learner', 'comp'], 'score', 'at');
SELECT mastery_track_check('live_pre'), (SELECT m FROM live_pre_m);

-- ---------------------------------------------------------------- bad input
SELECT mastery_track('no_such_table', 'x', ARRAY['a'], 's', 'at');
SELECT mastery_track('live_pre', 'x', ARRAY['learner'], 'score', 'at');
SELECT mastery_untrack('live_seq_m');
SELECT mastery_track_check('live_seq_m');
CREATE TABLE live_bad (learner int, "Comp" text, score text, at timestamptz, n text, pt point, at_text text);
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner', 'comp'], 'score', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner', 'Comp'], 'score', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner'], 'learner', 'at_text');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner'], 'learner', 'at', 'n');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['pt'], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY[]::text[], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner', 'learner'], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner', NULL], 'learner', 'at');
SELECT mastery_track('live_bad', NULL, ARRAY['learner'], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_bad', ARRAY['learner'], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_bad_m', ARRAY['learner'], 'learner', 'at', notify => '');
-- 32 two-byte letters are 64 bytes, one more than a name holds
SELECT mastery_track('live_bad', repeat('é', 32), ARRAY['learner'], 'learner', 'at');
SELECT mastery_track('live_bad', 'live_pre_m', ARRAY['learner'], 'learner', 'at');
CREATE VIEW live_bad_v AS SELECT * FROM live_bad;
SELECT mastery_track('live_bad_v', 'live_bad_m', ARRAY['learner'], 'learner', 'at');
-- nothing half-made by any of these
SELECT to_regclass('live_bad_m') AS target, (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'live_bad'::regclass) AS triggers,
       (SELECT count(*) FROM mastery_tracked WHERE evidence = 'live_bad'::regclass) AS registered;

-- SQL injection through names: names are identifiers, never SQL
SELECT mastery_track('live_bad', 'y', ARRAY['learner) ; DROP TABLE live_pre; --'], 'learner', 'at');
SELECT mastery_track('live_bad', 'y', ARRAY['learner'], 'learner", 0); DROP TABLE live_pre; --', 'at');
SELECT mastery_track('live_bad', 'x"; DROP TABLE live_pre; --', ARRAY['learner'], 'learner', 'at',
                     notify => $$x', 'y'); DROP TABLE live_pre; --$$);
SELECT to_regclass('live_pre') AS still_there, to_regclass('y') AS y;
SELECT relname FROM pg_class WHERE relname LIKE 'x"%';
INSERT INTO live_bad (learner, at) VALUES (1, '2024-01-01');
SELECT "learner", m FROM "x""; DROP TABLE live_pre; --";
INSERT INTO live_bad (learner, at) VALUES (2, '2024-01-01');
SELECT count(*) FROM "x""; DROP TABLE live_pre; --";
SELECT mastery_track_check('live_bad');
-- column names made of quotes and semicolons work as columns
CREATE TABLE live_odd ("a""b; --" int, "'s" float8, "t t" timestamptz);
SELECT mastery_track('live_odd', 'live_odd "m"', ARRAY['a"b; --'], '''s', 't t', notify => 'odd "chan''nel"');
INSERT INTO live_odd VALUES (1, 2, '2024-01-01'), (1, 3, '2024-01-02');
UPDATE live_odd SET "'s" = 4 WHERE "'s" = 3;
SELECT * FROM "live_odd ""m""";
SELECT mastery_track_check('live_odd');
-- a notification payload over 8000 bytes is an error, not a lost message
CREATE TABLE live_long (k text, s float8, at timestamptz);
SELECT mastery_track('live_long', 'live_long_m', ARRAY['k'], 's', 'at', notify => 'long');
INSERT INTO live_long VALUES (repeat('k', 9000), 1, now());
SELECT count(*) FROM live_long_m;

-- ---------------------------------------------------------------- row-level security
-- A policy on the evidence limits what a writer changes; the target is kept
-- exact from what changed, whatever the writer may see.
CREATE ROLE regress_live_teacher;
CREATE TABLE live_rls (teacher text, learner int, score float8, at timestamptz);
ALTER TABLE live_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON live_rls USING (teacher = current_user) WITH CHECK (teacher = current_user);
INSERT INTO live_rls VALUES ('someone_else', 1, 1, '2024-01-01');
SELECT mastery_track('live_rls', 'live_rls_m', ARRAY['learner'], 'score', 'at');
GRANT SELECT, INSERT, UPDATE, DELETE ON live_rls, live_rls_m TO regress_live_teacher;
SET ROLE regress_live_teacher;
INSERT INTO live_rls VALUES ('regress_live_teacher', 1, 3, '2024-01-02');
UPDATE live_rls SET score = 4;
DELETE FROM live_rls WHERE score = 1;
RESET ROLE;
SELECT m FROM live_rls_m;
SELECT mastery_track_check('live_rls');
SELECT mastery_untrack('live_rls');
DROP TABLE live_rls, live_rls_m;
DROP ROLE regress_live_teacher;
