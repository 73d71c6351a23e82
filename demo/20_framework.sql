-- Demo: load a standards framework from a 1EdTech CASE package.
-- Run from the repository root, e.g.  psql -v have_shared=yes -f demo/20_framework.sql
-- With have_shared = yes it reads ../shared/data/ccss_math_case.json (the Common
-- Core math standards as a CASE package) and fills
--   competency(code, name)        every Standard and Component item (the
--                                 assessable statements), code = humanCodingScheme,
--                                 name = fullStatement;
--   prerequisite(from_code, to_code)  every "precedes" association, from_code
--                                 coming first, as codes.
-- Domains and clusters are headings, not competencies, so they are left out; all
-- "precedes" edges of this package link standards or components.
CREATE EXTENSION IF NOT EXISTS mastery;
CREATE TABLE IF NOT EXISTS competency (code text PRIMARY KEY, name text);
CREATE TABLE IF NOT EXISTS prerequisite (from_code text, to_code text);

\if :{?have_shared}
\else
\set have_shared no
\endif

\if :have_shared
\set content `cat "${SHARED_DATA:-../shared/data}/ccss_math_case.json"`
CREATE TEMP TABLE framework_package AS SELECT :'content'::jsonb AS doc;
\unset content

SELECT format('# Loading %s (CASE package, %s, last changed %s)', title, lower(adoption_status),
              to_char(last_change_date_time AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS line
FROM framework_package, case_document(doc) \gset
\echo :line

INSERT INTO competency (code, name)
SELECT human_coding_scheme, full_statement
FROM framework_package, case_items(doc)
WHERE item_type IN ('Standard', 'Component') AND human_coding_scheme IS NOT NULL
ON CONFLICT (code) DO NOTHING;

-- precedes: origin comes before destination, i.e. origin is the prerequisite
INSERT INTO prerequisite (from_code, to_code)
SELECT o.human_coding_scheme, d.human_coding_scheme
FROM framework_package f
CROSS JOIN LATERAL case_associations(f.doc) a
JOIN LATERAL case_items(f.doc) o ON o.identifier = a.origin_identifier
JOIN LATERAL case_items(f.doc) d ON d.identifier = a.destination_identifier
WHERE a.association_type = 'precedes'
  AND NOT EXISTS (SELECT 1 FROM prerequisite p
                  WHERE p.from_code = o.human_coding_scheme AND p.to_code = d.human_coding_scheme);

SELECT format('# Loaded %s competencies (Standard and Component items) and %s prerequisites (precedes associations)',
              (SELECT count(*) FROM competency), (SELECT count(*) FROM prerequisite)) AS line \gset
\echo :line
DROP TABLE framework_package;
\else
\echo 'demo/20_framework.sql: ../shared/data is not available (have_shared is not yes): no framework loaded'
\endif
