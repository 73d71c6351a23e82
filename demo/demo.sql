-- The mastery demo: a district, its framework, its evidence, and a teacher's morning.
\set ECHO none
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
SELECT setseed(0.42) AS seed_set \gset
\ir 10_framework.sql
\ir 30_district.sql
\ir 35_report.sql
\ir 40_morning.sql
\if :have_shared
\ir 50_knowledge_tracing.sql
\endif
