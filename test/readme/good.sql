-- The README, run top to bottom (generated from README.md by scripts/readme_sql.sh; do not edit).
-- It runs in a database of its own, as a new user would, with TimeZone UTC and the
-- default DateStyle and IntervalStyle (which pg_regress changes) and messages in English.
SET client_min_messages = warning;
SELECT current_database() AS readme_home \gset
DROP DATABASE IF EXISTS mastery_readme;
CREATE DATABASE mastery_readme;
\c mastery_readme
SET lc_messages = 'C';
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
SET IntervalStyle = 'postgres';
-- # A README for the generator's own test
\o /dev/null
CREATE TABLE t (a text);

INSERT INTO t VALUES ('x;y'),
  ('multi

line');  -- a ; in a string, and an empty line inside a literal
SELECT $q$ ; $q$ AS d, /* ; */ 1 AS one;
\o
SELECT a FROM t
ORDER BY a;
-- # A README for the generator's own test
-- (skipped: needs: data.csv)
-- # A README for the generator's own test
\o /dev/null
\set v 1
\o
SELECT :v + 1 AS two;
-- # A README for the generator's own test
\o /dev/null
SELECT 42;
\o
-- # A README for the generator's own test
-- expect: error
SELECT 1/0;
-- end of the README
\c :readme_home
DROP DATABASE mastery_readme;
