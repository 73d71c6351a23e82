-- The framework: competencies and their prerequisites.
-- With ../shared/data the Common Core math framework is loaded (20_framework.sql);
-- otherwise a framework of 40 competencies in 5 strands is generated.
CREATE TABLE competency (code text PRIMARY KEY, name text);
CREATE TABLE prerequisite (from_code text, to_code text);
\if :have_shared
\ir 20_framework.sql
-- the course of the demo: grades 4 and 5
CREATE TABLE course_competency AS
SELECT code, name FROM competency WHERE code ~ '^[45]\.';
-- the part of the course the pace list follows, and the levels the credit report shows
\set pace_node 'Grade 4'
\set credit_nodes '^(Grade [0-9]+|[0-9]+\.[A-Z]+)$'
\else
INSERT INTO competency
SELECT s.strand || '.' || k, s.title || ' ' || k
FROM (VALUES ('NBT', 'Place value and operations'), ('NF', 'Fractions'), ('OA', 'Operations and algebraic thinking'),
             ('MD', 'Measurement and data'), ('G', 'Geometry')) s(strand, title),
     generate_series(1, 8) k;
-- within a strand each competency builds on the one before; fractions and measurement lean on place value
INSERT INTO prerequisite
SELECT s || '.' || (k - 1), s || '.' || k FROM unnest(ARRAY['NBT', 'NF', 'OA', 'MD', 'G']) s, generate_series(2, 8) k
UNION ALL SELECT 'NBT.' || k, 'NF.' || (k + 1) FROM generate_series(1, 7) k WHERE k % 2 = 1
UNION ALL SELECT 'NBT.' || k, 'MD.' || k FROM generate_series(2, 8, 3) k
UNION ALL SELECT 'OA.' || k, 'G.' || (k + 2) FROM generate_series(1, 6, 2) k;
CREATE TABLE course_competency AS SELECT code, name FROM competency;
\set pace_node 'Course'
\set credit_nodes '^([A-Z]+|Course)$'
\endif
SELECT count(*) AS competencies_in_course FROM course_competency \gset
\echo
\echo '# Framework: ' :competencies_in_course 'competencies in the course'
