-- The mastery demo: a district, its framework, its evidence, and a teacher's morning.
-- Run by scripts/demo.sh (psql -v have_shared=yes|no -f demo/demo.sql).
\set ECHO none
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
SELECT setseed(0.42) AS seed_set \gset
-- "Today" for the whole demo: every query below uses it (never now()), so the output is the
-- same on any day. The school year runs from year_start to the due date.
\set today '''2025-04-15 07:00+00'''
\set year_start '''2024-09-02 08:00+00'''
\set due '''2025-06-13 15:00+00'''
SELECT to_char(:today::timestamptz AT TIME ZONE 'UTC', 'FMDay DD FMMonth YYYY') AS today_text,
       to_char(:year_start::timestamptz AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY') AS start_text,
       to_char(:due::timestamptz AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY') AS due_text \gset
SELECT format('# Today is %s (the school year runs from %s to %s).', :'today_text', :'start_text', :'due_text') AS line \gset
\echo :line
\ir 10_framework.sql
\ir 30_district.sql
\ir 35_report.sql
\ir 40_morning.sql
-- Further parts are self-contained files included here, after the teacher's morning; they
-- may use the tables above and :today, :year_start, :due, :have_shared.
\ir 45_live.sql
\if :have_shared
\ir 50_knowledge_tracing.sql
\endif
