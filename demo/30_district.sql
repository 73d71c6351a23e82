-- A district: 2 400 learners in 96 classes, each outcome with its own method and scale,
-- and evidence simulated from a learning model (ability, difficulty, growth with practice),
-- some of it entered late or back-dated.
CREATE TABLE learner (learner_id int PRIMARY KEY, name text, class_id int, ability float8);
INSERT INTO learner
SELECT g, 'Learner ' || g, (g - 1) / 25 + 1,
       sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())          -- ability ~ N(0, 1)
FROM generate_series(1, 2400) g;

-- how each outcome is graded: the school's choice, kept in an ordinary table
CREATE TABLE outcome_rule (code text PRIMARY KEY, method mastery_method NOT NULL, scale mastery_scale NOT NULL,
                           taught_week int, difficulty float8);
INSERT INTO outcome_rule
SELECT code,
       CASE WHEN n % 7 = 0 THEN 'highest' WHEN n % 5 = 0 THEN 'n_mastery(2, 2.5)' ELSE 'decaying_average(0.65)' END::mastery_method,
       'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5',
       1 + ((n - 1) * 34) / greatest(count(*) OVER () - 1, 1),     -- spread over a 36-week year
       sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) * 0.7
FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM course_competency) c;

-- the evidence: 2 to 6 assessments per learner and taught competency, up to mid-March
CREATE TABLE evidence (learner_id int, code text, score float8, assessed_at timestamptz, entered_at timestamptz);
INSERT INTO evidence
SELECT l.learner_id, o.code,
       least(4, greatest(0, round(0.9 + l.ability - o.difficulty + 0.4 * a.k + 0.8 * (random() - 0.5) * 2))),
       t.at, t.at + CASE WHEN random() < 0.06 THEN (1 + floor(random() * 20)) * interval '1 day' ELSE interval '2 hours' END
FROM learner l
JOIN outcome_rule o ON o.taught_week <= 28
CROSS JOIN LATERAL generate_series(1, 2 + (abs(hashint4(l.learner_id * 1000 + length(o.code))) % 5)) a(k)
CROSS JOIN LATERAL (SELECT timestamptz '2024-09-02 08:00+00' + (o.taught_week * 7 + a.k * 5) * interval '1 day'
                           + floor(random() * 8) * interval '1 hour' AS at) t
WHERE random() < 0.97;
ANALYZE evidence;

-- one mastery value per learner and competency
CREATE TABLE learner_mastery (learner_id int, code text, m mastery, PRIMARY KEY (learner_id, code));
INSERT INTO learner_mastery
SELECT learner_id, code, mastery_agg(score, assessed_at) FROM evidence GROUP BY learner_id, code;

-- the mastered set of each learner, as the graph queries use it
CREATE VIEW learner_mastered AS
SELECT lm.learner_id, lm.code
FROM learner_mastery lm JOIN outcome_rule o USING (code)
WHERE is_mastered(lm.m, o.method, o.scale);

SELECT count(*) AS n_evidence, count(*) FILTER (WHERE entered_at > assessed_at + interval '1 day') AS n_late,
       (SELECT count(*) FROM learner_mastery) AS n_states,
       (SELECT pg_size_pretty(sum(pg_column_size(m))) FROM learner_mastery) AS state_size
FROM evidence \gset
\echo '# District: 2400 learners in 96 classes;' :n_evidence 'pieces of evidence (' :n_late 'entered late), summarised in' :n_states 'mastery values taking' :state_size
