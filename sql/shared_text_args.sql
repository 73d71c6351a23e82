-- Methods and scales in text columns, and grouping of mastery values, on real data:
-- ASSISTments 2009-2010 skill-builder responses. Text columns must give the same
-- results as typed columns for every (learner, skill); equality must agree with the
-- text form, and hashing with sorting.
SET extra_float_digits = 0;
CREATE TABLE targs_assist (learner int, seq int, skill_id int, correct int);
\copy targs_assist FROM '../shared/data/assist2009_evidence.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE targs_states AS
SELECT learner, skill_id, mastery_agg(correct, NULL, seq) AS m FROM targs_assist GROUP BY learner, skill_id;
-- one policy per skill, kept as text and varchar, and the same typed
CREATE TABLE targs_skill_policy AS
SELECT skill_id,
       (ARRAY['latest', 'mean', 'decaying_average(0.65)', 'n_mastery(3, 1)', 'bkt(0.4, 0.1, 0.1, 0.25)'])[1 + skill_id % 5] AS method_text,
       (ARRAY['no:0, *yes:0.5', 'low:0, mid:0.4, *high:0.8', 'a:0, *b:0.95'])[1 + skill_id % 3]::varchar(100) AS scale_text
FROM (SELECT DISTINCT skill_id FROM targs_assist) s;
ALTER TABLE targs_skill_policy ADD COLUMN method mastery_method, ADD COLUMN scale mastery_scale;
UPDATE targs_skill_policy SET method = method_text::mastery_method, scale = scale_text::mastery_scale;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE mastery_score(s.m, p.method_text) IS DISTINCT FROM mastery_score(s.m, p.method)) AS score_mismatch,
       count(*) FILTER (WHERE mastery_level(s.m, p.method_text, p.scale_text) IS DISTINCT FROM mastery_level(s.m, p.method, p.scale)) AS level_mismatch,
       count(*) FILTER (WHERE is_mastered(s.m, p.method_text, p.scale_text) IS DISTINCT FROM is_mastered(s.m, p.method, p.scale)) AS mastered_mismatch,
       count(*) FILTER (WHERE mastered_at(s.m, p.method_text, p.scale_text) IS DISTINCT FROM mastered_at(s.m, p.method, p.scale)) AS mastered_at_mismatch,
       count(*) FILTER (WHERE is_mastered(s.m, p.method_text, p.scale_text)) > 0 AS some_mastered
FROM targs_states s JOIN targs_skill_policy p USING (skill_id);
-- grouping the real values: as many groups as distinct text forms, hashed or sorted
SELECT count(DISTINCT m::text) AS distinct_texts FROM targs_states \gset
SET enable_hashagg = on;
SELECT count(*) = :distinct_texts AS hashed_groups_match FROM (SELECT m FROM targs_states GROUP BY m) g;
SET enable_hashagg = off;
SELECT count(*) = :distinct_texts AS sorted_groups_match FROM (SELECT m FROM targs_states GROUP BY m) g;
RESET enable_hashagg;
-- the same without sequence numbers: equal values abound (items with no time are
-- ordered by score), and group the same way as their text forms
CREATE TABLE targs_plain AS
SELECT learner, skill_id, mastery_agg(correct, NULL::timestamptz) AS m FROM targs_assist GROUP BY learner, skill_id;
SELECT count(DISTINCT m::text) AS distinct_plain_texts FROM targs_plain \gset
SELECT count(*) AS groups, count(*) = :distinct_plain_texts AS hashed_groups_match, count(*) < 39309 / 10 AS many_duplicates
FROM (SELECT m FROM targs_plain GROUP BY m) g;
SET enable_hashagg = off;
SELECT count(*) = :distinct_plain_texts AS sorted_groups_match FROM (SELECT m FROM targs_plain GROUP BY m) g;
RESET enable_hashagg;
-- every value equals its own text form read back, and hashes the same
SELECT count(*) FILTER (WHERE m <> m::text::mastery OR mastery_hash(m) <> mastery_hash(m::text::mastery)) AS roundtrip_mismatch
FROM targs_states;
