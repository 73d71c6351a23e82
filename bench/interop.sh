#!/usr/bin/env bash
# Benchmark of the CASE importer: case_items + case_associations against the
# same extraction written in SQL with PostgreSQL's jsonb_array_elements, both
# measured in the same throwaway cluster, interleaved, median of REPS runs.
#   - "extract": every column of every row is computed (count(s.*) of the rows)
#   - "import":  CREATE TEMP TABLE ... AS, i.e. the rows are also stored
# Packages: the CCSS Math CASE package from ../shared/data (skipped with a
# message when absent) and a synthetic package generated in SQL.
# Usage: bash bench/interop.sh            (REPS=15 ITEMS=5000 by default)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$ROOT"
REPS="${REPS:-15}"
ITEMS="${ITEMS:-5000}"
have_shared=no
if [ -f "$SHARED_DATA/ccss_math_case.json" ]; then
  have_shared=yes
else
  echo "note: $SHARED_DATA/ccss_math_case.json not found: skipping the CCSS package, synthetic only"
fi
stage_install
trap 'rm -rf "$STAGE"' EXIT
export REPS ITEMS have_shared SHARED_DATA
in_cluster bash -c 'psql -X -q -v ON_ERROR_STOP=1 -v reps="$REPS" -v items="$ITEMS" -v have_shared="$have_shared" -v shared="$SHARED_DATA"' <<'SQL'
CREATE EXTENSION mastery;
CREATE TABLE bench_pkg(name text PRIMARY KEY, doc jsonb NOT NULL);

\if :have_shared
\set content `cat "$SHARED_DATA/ccss_math_case.json"`
INSERT INTO bench_pkg VALUES ('ccss', :'content'::jsonb);
\unset content
\endif

-- A synthetic package: :items items (Standard), each a child of the document
-- and preceded by its predecessor, i.e. about 2 associations per item.
INSERT INTO bench_pkg
SELECT 'synthetic', jsonb_build_object(
  'CFDocument', jsonb_build_object('identifier', 'doc-1', 'uri', 'https://example.org/doc-1',
                                   'title', 'Synthetic', 'creator', 'bench',
                                   'lastChangeDateTime', '2024-01-01T00:00:00Z'),
  'CFItems', (SELECT jsonb_agg(jsonb_build_object(
       'identifier', 'item-' || i, 'uri', 'https://example.org/item-' || i,
       'CFDocumentURI', jsonb_build_object('identifier', 'doc-1', 'uri', 'https://example.org/doc-1', 'title', 'Synthetic'),
       'humanCodingScheme', 'S.' || i, 'fullStatement', repeat('statement text ', 8) || i,
       'CFItemType', 'Standard', 'educationLevel', jsonb_build_array(lpad((i % 12 + 1)::text, 2, '0')),
       'listEnumeration', (i % 10)::text, 'language', 'en',
       'lastChangeDateTime', '2024-01-01T00:00:00+00:00') ORDER BY i)
     FROM generate_series(1, :items) i),
  'CFAssociations', (SELECT jsonb_agg(a ORDER BY k) FROM (
       SELECT 2 * i AS k, jsonb_build_object(
         'identifier', 'c-' || i, 'uri', 'https://example.org/c-' || i, 'associationType', 'isChildOf',
         'CFDocumentURI', jsonb_build_object('identifier', 'doc-1', 'uri', 'https://example.org/doc-1', 'title', 'Synthetic'),
         'originNodeURI', jsonb_build_object('identifier', 'item-' || i, 'uri', 'https://example.org/item-' || i, 'title', 'origin'),
         'destinationNodeURI', jsonb_build_object('identifier', 'doc-1', 'uri', 'https://example.org/doc-1', 'title', 'destination'),
         'sequenceNumber', i, 'lastChangeDateTime', '2024-01-01T00:00:00Z') AS a
       FROM generate_series(1, :items) i
       UNION ALL
       SELECT 2 * i + 1, jsonb_build_object(
         'identifier', 'p-' || i, 'uri', 'https://example.org/p-' || i, 'associationType', 'precedes',
         'CFDocumentURI', jsonb_build_object('identifier', 'doc-1', 'uri', 'https://example.org/doc-1', 'title', 'Synthetic'),
         'originNodeURI', jsonb_build_object('identifier', 'item-' || i, 'uri', 'https://example.org/item-' || i, 'title', 'origin'),
         'destinationNodeURI', jsonb_build_object('identifier', 'item-' || (i + 1), 'uri', 'https://example.org/item-' || (i + 1), 'title', 'destination'),
         'lastChangeDateTime', '2024-01-01T00:00:00Z')
       FROM generate_series(1, :items - 1) i) s));

-- The same extraction in SQL (columns as case_items / case_associations return them).
CREATE FUNCTION sql_items(pkg jsonb) RETURNS TABLE (
  identifier text, uri text, human_coding_scheme text, full_statement text,
  abbreviated_statement text, item_type text, education_level text[],
  list_enumeration text, language text, last_change_date_time timestamptz,
  document_identifier text)
LANGUAGE sql IMMUTABLE AS $f$
  SELECT e->>'identifier', e->>'uri', e->>'humanCodingScheme', e->>'fullStatement',
         e->>'abbreviatedStatement', coalesce(e->>'CFItemType', e->'CFItemTypeURI'->>'title'),
         CASE WHEN jsonb_typeof(e->'educationLevel') = 'array'
              THEN ARRAY(SELECT jsonb_array_elements_text(e->'educationLevel')) END,
         e->>'listEnumeration', e->>'language', (e->>'lastChangeDateTime')::timestamptz,
         e->'CFDocumentURI'->>'identifier'
  FROM jsonb_array_elements(pkg->'CFItems') e
$f$;
CREATE FUNCTION sql_associations(pkg jsonb) RETURNS TABLE (
  identifier text, uri text, association_type text,
  origin_identifier text, origin_uri text, origin_title text,
  destination_identifier text, destination_uri text, destination_title text,
  sequence_number integer, last_change_date_time timestamptz, document_identifier text)
LANGUAGE sql IMMUTABLE AS $f$
  SELECT e->>'identifier', e->>'uri', e->>'associationType',
         e->'originNodeURI'->>'identifier', e->'originNodeURI'->>'uri', e->'originNodeURI'->>'title',
         e->'destinationNodeURI'->>'identifier', e->'destinationNodeURI'->>'uri', e->'destinationNodeURI'->>'title',
         (e->>'sequenceNumber')::integer, (e->>'lastChangeDateTime')::timestamptz,
         e->'CFDocumentURI'->>'identifier'
  FROM jsonb_array_elements(pkg->'CFAssociations') e
$f$;

-- Median milliseconds of two statements run alternately.
CREATE FUNCTION bench_pair(a text, b text, reps int, OUT a_ms float8, OUT b_ms float8)
LANGUAGE plpgsql AS $f$
DECLARE
  ta float8[] := '{}'; tb float8[] := '{}'; t0 timestamptz;
BEGIN
  EXECUTE a; EXECUTE b;                   -- warm up
  FOR i IN 1..reps LOOP
    t0 := clock_timestamp(); EXECUTE a;
    ta := ta || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
    t0 := clock_timestamp(); EXECUTE b;
    tb := tb || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
  END LOOP;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO a_ms FROM unnest(ta) x;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO b_ms FROM unnest(tb) x;
END
$f$;

CREATE FUNCTION bench_case(pkg text, mode text, reps int,
  OUT package text, OUT mode_ text, OUT mastery_ms numeric, OUT baseline_ms numeric, OUT ratio numeric)
LANGUAGE plpgsql AS $f$
DECLARE
  qa text; qb text; r record;
BEGIN
  IF mode = 'extract' THEN
    qa := format($q$SELECT (SELECT count(s.*) FROM bench_pkg p, case_items(p.doc) s WHERE p.name = %1$L)
                         + (SELECT count(s.*) FROM bench_pkg p, case_associations(p.doc) s WHERE p.name = %1$L)$q$, pkg);
    qb := format($q$SELECT (SELECT count(s.*) FROM bench_pkg p, sql_items(p.doc) s WHERE p.name = %1$L)
                         + (SELECT count(s.*) FROM bench_pkg p, sql_associations(p.doc) s WHERE p.name = %1$L)$q$, pkg);
  ELSE
    qa := format($q$SET LOCAL client_min_messages = warning; DROP TABLE IF EXISTS ti, ta;
                    CREATE TEMP TABLE ti AS SELECT s.* FROM bench_pkg p, case_items(p.doc) s WHERE p.name = %1$L;
                    CREATE TEMP TABLE ta AS SELECT s.* FROM bench_pkg p, case_associations(p.doc) s WHERE p.name = %1$L$q$, pkg);
    qb := format($q$DROP TABLE IF EXISTS ti, ta;
                    CREATE TEMP TABLE ti AS SELECT s.* FROM bench_pkg p, sql_items(p.doc) s WHERE p.name = %1$L;
                    CREATE TEMP TABLE ta AS SELECT s.* FROM bench_pkg p, sql_associations(p.doc) s WHERE p.name = %1$L$q$, pkg);
  END IF;
  r := bench_pair(qa, qb, reps);
  package := pkg; mode_ := mode;
  mastery_ms := round(r.a_ms::numeric, 2); baseline_ms := round(r.b_ms::numeric, 2);
  ratio := round((r.a_ms / r.b_ms)::numeric, 3);
END
$f$;

-- Both sides must agree before their speed is compared.
SELECT name AS package,
       (SELECT count(*) FROM case_items(doc)) AS items,
       (SELECT count(*) FROM case_associations(doc)) AS associations,
       (SELECT count(*) FROM (SELECT * FROM case_items(doc) EXCEPT ALL SELECT * FROM sql_items(doc)) d)
     + (SELECT count(*) FROM (SELECT * FROM sql_items(doc) EXCEPT ALL SELECT * FROM case_items(doc)) d)
     + (SELECT count(*) FROM (SELECT * FROM case_associations(doc) EXCEPT ALL SELECT * FROM sql_associations(doc)) d)
     + (SELECT count(*) FROM (SELECT * FROM sql_associations(doc) EXCEPT ALL SELECT * FROM case_associations(doc)) d)
       AS rows_that_differ,
       pg_size_pretty(pg_column_size(doc)::bigint) AS stored_size
FROM bench_pkg ORDER BY name;

\echo 'median ms over' :reps 'runs; ratio = mastery / baseline (below 1 = mastery faster)'
SELECT b.* FROM bench_pkg p, LATERAL (VALUES ('extract'), ('import')) m(mode),
       LATERAL bench_case(p.name, m.mode, :reps) b
ORDER BY p.name, m.mode;
SQL
