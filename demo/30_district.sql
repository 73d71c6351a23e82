-- A district: 2 400 learners in 96 classes, each outcome with its own method and scale,
-- and evidence simulated from a learning model (ability, difficulty, growth with practice),
-- some of it entered late. Nothing is assessed after :today.
--
-- The simulation: the course is taught in prerequisite order (topological order of the
-- course graph) from the first week to early April, each class on its own schedule (up to
-- two weeks behind the plan). A learner is assessed on a competency from the week it is
-- taught (or from the day they joined, for the 10 % who join during the year), 2 to 7 times,
-- about a week apart (2 more times for learners who struggle). A score is ability - difficulty + practice + noise on a 0-4 scale.
-- Learners miss 5 % of the assessments.
CREATE TABLE learner (learner_id int PRIMARY KEY, name text, class_id int, ability float8, joined timestamptz);
INSERT INTO learner
SELECT g, 'Learner ' || g, (g - 1) / 25 + 1,
       0.55 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())    -- ability ~ N(0, 0.55),
         + CASE WHEN random() < 0.07 THEN 1.2 ELSE 0 END,                 -- 7 % well ahead of the others
       CASE WHEN random() < 0.10 THEN :year_start::timestamptz + (14 + floor(random() * 150)) * interval '1 day'
            ELSE :year_start::timestamptz END
FROM generate_series(1, 2400) g;

-- how each outcome is graded: the school's choice, kept in an ordinary table
CREATE TABLE outcome_rule (code text PRIMARY KEY, method mastery_method NOT NULL, scale mastery_scale NOT NULL,
                           taught_week int, difficulty float8);
INSERT INTO outcome_rule
SELECT code,
       CASE WHEN n % 7 = 0 THEN 'highest' WHEN n % 5 = 0 THEN 'n_mastery(2, 2.5)' ELSE 'decaying_average(0.65)' END::mastery_method,
       'beginning:0, developing:1.5, *proficient:2.5, exceeding:3.5',
       1 + ((t.pos - 1) * 29) / greatest(count(*) OVER () - 1, 1),     -- weeks 1 to 30, in prerequisite order
       0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM course_competency) c
JOIN (SELECT code, pos FROM course_graph, unnest(topological_order(g)) WITH ORDINALITY AS u(code, pos)) t USING (code);

-- the evidence
CREATE TABLE evidence (learner_id int, code text, score float8, assessed_at timestamptz, entered_at timestamptz);
INSERT INTO evidence
SELECT learner_id, code, score, at,
       least(:today::timestamptz, at + CASE WHEN random() < 0.06 THEN (1 + floor(random() * 20)) * interval '1 day'
                                            ELSE interval '2 hours' END)
FROM (
  SELECT l.learner_id, o.code, a.k, t.at,
         least(4, greatest(0, round(1.6 + l.ability - o.difficulty + 0.35 * a.k + (random() - 0.5) * 2))) AS score
  FROM learner l
  JOIN outcome_rule o ON true
  -- 2 to 7 assessments; 2 more for learners who struggle (their teachers reassess them more)
  CROSS JOIN LATERAL generate_series(1, 2 + (abs(hashint4(l.learner_id * 1000 + length(o.code) + o.taught_week)) % 6)
                                        + CASE WHEN l.ability < -0.4 THEN 2 ELSE 0 END) a(k)
  CROSS JOIN LATERAL (SELECT greatest(l.joined, :year_start::timestamptz + (o.taught_week - 1 + (l.class_id % 3)) * interval '7 days')
                             + ((a.k - 1) * 7 + floor(random() * 4)) * interval '1 day'
                             + floor(random() * 8) * interval '1 hour' AS at) t
) x
WHERE at < :today::timestamptz AND random() < 0.95;
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

SELECT format('# District: 2400 learners in 96 classes (%s joined during the year); %s pieces of evidence (%s entered late), summarised in %s mastery values taking %s.',
              (SELECT count(*) FROM learner WHERE joined > :year_start::timestamptz),
              count(*), count(*) FILTER (WHERE entered_at > assessed_at + interval '1 day'),
              (SELECT count(*) FROM learner_mastery),
              (SELECT pg_size_pretty(sum(pg_column_size(m))) FROM learner_mastery)) AS line
FROM evidence \gset
\echo :line
