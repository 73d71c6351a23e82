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
-- the levels the credit report shows (domains and grades)
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
\set credit_nodes '^([A-Z]+|Course)$'
\endif

-- the course's prerequisite graph (competencies without links are isolated nodes)
CREATE TABLE course_graph AS
SELECT competency_graph_agg(p, c) AS g
FROM (SELECT from_code, to_code FROM prerequisite
      WHERE from_code IN (SELECT code FROM course_competency) AND to_code IN (SELECT code FROM course_competency)
      UNION ALL SELECT NULL, code FROM course_competency) e(p, c);
-- the hierarchy, edges child -> parent: standard -> cluster -> domain -> grade -> course (read off
-- the codes: 4.NF.A.1 -> 4.NF.A -> 4.NF -> Grade 4 -> Course; a component 4.MD.C.5a -> its
-- standard 4.MD.C.5; generated codes NF.3 -> NF -> Course)
CREATE TABLE course_hierarchy AS
WITH RECURSIVE up(child, parent) AS (
  SELECT code, CASE WHEN code ~ '^[0-9]+\.[A-Z]+\.[A-Z]\.[0-9]+[a-z]$' THEN left(code, -1)
                    WHEN code ~ '\.' THEN regexp_replace(code, '\.[^.]+$', '')
                    ELSE 'Course' END
  FROM course_competency
  UNION
  SELECT parent, CASE WHEN parent ~ '\.' THEN regexp_replace(parent, '\.[^.]+$', '')
                      WHEN parent ~ '^[0-9]+$' THEN 'Grade ' || parent ELSE 'Course' END
  FROM up WHERE parent <> 'Course')
SELECT competency_graph_agg(child, parent) AS h FROM up;

SELECT format('# Framework: %s competencies in the course (%s).', count(*),
              CASE WHEN :'have_shared' = 'yes' THEN 'Common Core math, grades 4 and 5, from its CASE package'
                   ELSE 'generated: 5 strands of 8' END) AS line
FROM course_competency \gset
\echo :line
