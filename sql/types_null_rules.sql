-- No evidence is not mastered: is_mastered of a NULL state is false, while a
-- NULL method or scale still gives NULL; mastery_level of a NULL state is NULL.
SELECT is_mastered(NULL::mastery, 'latest', 'a:0, *b:1') AS null_state,
       is_mastered('{}'::mastery, 'latest', 'a:0, *b:1') AS empty_state,
       is_mastered('{2}'::mastery, NULL, 'a:0, *b:1') AS null_method,
       is_mastered('{2}'::mastery, 'latest', NULL) AS null_scale,
       is_mastered(NULL::mastery, NULL, 'a:0, *b:1') AS null_state_and_method,
       mastery_level(NULL::mastery, 'latest', 'a:0, *b:1') AS level_of_null;
-- WHERE NOT is_mastered(...) keeps the learners without evidence
CREATE TABLE nullrules_roster (learner text);
INSERT INTO nullrules_roster VALUES ('ana'), ('ben'), ('cy');
CREATE TABLE nullrules_ev (learner text, score float8, at timestamptz);
INSERT INTO nullrules_ev VALUES ('ana', 3, '2024-09-01 10:00+00'), ('ben', 1, '2024-09-01 10:00+00');
SELECT r.learner FROM nullrules_roster r
  LEFT JOIN (SELECT learner, mastery_agg(score, at) AS m FROM nullrules_ev GROUP BY learner) s USING (learner)
 WHERE NOT is_mastered(s.m, 'latest', 'a:0, *b:2') ORDER BY 1;

-- rollup_mastered: an error in the default rule "*" names "*", not a node
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": "bogus"}');
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": {"at_least": "two"}}');
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": {"points": {"a": 1}}}');
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": 7}');
-- and on an empty graph (no node to misname)
SELECT rollup_mastered('{}', '{a}', '{"*": "bogus"}');
SELECT rollup_mastered('{}', '{a}', '{"*": {"at_least": 1.5}}');
-- a valid default rule on an empty graph: nothing to roll up
SELECT rollup_mastered('{}', '{}', '{"*": "any"}');
-- errors of a parent's own rule still name the parent
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"course": "bogus"}');
-- a default rule that a parent can never meet: named as the default rule, at that parent
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": {"at_least": 5}}');
-- (not an error where the parent has its own rule: "other" has one child)
SELECT rollup_mastered('{a->course, b->course, c->other}', '{a}', '{"*": {"at_least": 2}, "other": "any"}');
-- the parent's own rule keeps the plain message
SELECT rollup_mastered('{a->course, b->course}', '{a}', '{"*": "any", "course": {"at_least": 5}}');
