-- Live mastery: from here on learner_mastery follows every change of the evidence
-- (a corrected score, a late entry, a deleted duplicate) in the same transaction.
\echo
\echo '## Live mastery: learner_mastery kept by mastery_track'
-- it replaces the hand-written insert trigger of the report above (both would add each row)
DROP TRIGGER IF EXISTS evidence_keeps_mastery ON evidence;
SELECT FROM mastery_track('evidence', 'learner_mastery', ARRAY['learner_id', 'code'], 'score', 'assessed_at',
                          notify => 'district_mastery') \g /dev/null
SELECT mastery_track_check('evidence') AS differing \gset
\echo 'tracked: learner_mastery refilled from the evidence;' :differing 'groups differ from a full recompute'

-- a late correction: a quiz mis-entered as 0 or 1 that was really a 4, on a decaying-average
-- outcome where the learner stands at "developing"
CREATE TEMP TABLE live_case AS
SELECT lm.learner_id, lm.code, last.at AS assessed_at, last.score AS entered,
       mastery_level(lm.m, o.method, o.scale) AS level_before,
       round(mastery_score(lm.m, o.method)::numeric, 2) AS value_before
FROM learner_mastery lm JOIN outcome_rule o USING (code)
CROSS JOIN LATERAL (SELECT at, score FROM mastery_evidence(lm.m) ORDER BY step DESC LIMIT 1) last
WHERE method_name(o.method) = 'decaying_average'
  AND mastery_level(lm.m, o.method, o.scale) = 'developing' AND last.score <= 1
ORDER BY lm.learner_id, lm.code LIMIT 1;

UPDATE evidence e SET score = 4, entered_at = :today::timestamptz + interval '30 minutes'
FROM live_case c
WHERE e.learner_id = c.learner_id AND e.code = c.code AND e.assessed_at = c.assessed_at;

\echo
\echo 'A teacher corrects one score; the stored value, and so the level, follow at once:'
SELECT c.learner_id, c.code, c.assessed_at::date AS quiz, c.entered, 4 AS corrected,
       c.value_before, round(mastery_score(lm.m, o.method)::numeric, 2) AS value_after,
       c.level_before, mastery_level(lm.m, o.method, o.scale) AS level_after
FROM live_case c JOIN learner_mastery lm USING (learner_id, code) JOIN outcome_rule o USING (code);

-- an entry of the same learner deleted, and a make-up quiz entered late and back-dated
DELETE FROM evidence
WHERE ctid = (SELECT min(ctid) FROM evidence WHERE learner_id = (SELECT learner_id FROM live_case));
INSERT INTO evidence
SELECT learner_id, code, 3, assessed_at - interval '2 days', :today::timestamptz + interval '45 minutes' FROM live_case;
SELECT mastery_track_check('evidence') AS differing \gset
\echo 'after the correction, a deleted entry and a back-dated make-up quiz:' :differing 'groups differ from a full recompute'
