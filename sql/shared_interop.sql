-- Interoperability on real data from ../shared/data: the CCSS Math CASE package
-- (703 items; 703 isChildOf, 757 precedes, 142 isRelatedTo associations) and a
-- real OpenSALT export that bends the schema (16 items, 39 associations).
-- Every figure is compared with plain jsonb extraction or with the CSV files.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
CREATE TABLE pkg (name text PRIMARY KEY, doc jsonb NOT NULL);
\set content `cat ../shared/data/ccss_math_case.json`
INSERT INTO pkg VALUES ('ccss', :'content'::jsonb);
\set content `cat ../shared/data/opensalt_sample_case1p0.json`
INSERT INTO pkg VALUES ('opensalt', :'content'::jsonb);
\unset content

-- ------------------------------------------------------------------ CCSS
SELECT identifier, title, subject, language, adoption_status, last_change_date_time
FROM case_document((SELECT doc FROM pkg WHERE name = 'ccss'));

-- all rows come out: counts per type, and the same counts from jsonb
SELECT count(*) AS items,
       (SELECT jsonb_array_length(doc->'CFItems') FROM pkg WHERE name = 'ccss') AS items_in_json
FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss'));
SELECT item_type, count(*) FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss'))
GROUP BY 1 ORDER BY 1 NULLS FIRST;
SELECT association_type, count(*) FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss'))
GROUP BY 1 ORDER BY 1;
SELECT count(*) AS type_counts_that_differ FROM (
  (SELECT association_type, count(*) FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss')) GROUP BY 1
   EXCEPT
   SELECT e->>'associationType', count(*) FROM pkg, jsonb_array_elements(doc->'CFAssociations') e
   WHERE name = 'ccss' GROUP BY 1)
  UNION ALL
  (SELECT e->>'associationType', count(*) FROM pkg, jsonb_array_elements(doc->'CFAssociations') e
   WHERE name = 'ccss' GROUP BY 1
   EXCEPT
   SELECT association_type, count(*) FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss')) GROUP BY 1)) d;

-- every field of every row against the same extraction written with jsonb operators
CREATE TEMP VIEW json_items AS
SELECT p.name, e->>'identifier' AS identifier, e->>'uri' AS uri,
       e->>'humanCodingScheme' AS human_coding_scheme, e->>'fullStatement' AS full_statement,
       e->>'abbreviatedStatement' AS abbreviated_statement, e->>'CFItemType' AS item_type,
       ARRAY(SELECT jsonb_array_elements_text(e->'educationLevel')) AS education_level,
       e->>'listEnumeration' AS list_enumeration, e->>'language' AS language,
       (e->>'lastChangeDateTime')::timestamptz AS last_change_date_time,
       e->'CFDocumentURI'->>'identifier' AS document_identifier
FROM pkg p, jsonb_array_elements(p.doc->'CFItems') e;
CREATE TEMP VIEW json_associations AS
SELECT p.name, e->>'identifier' AS identifier, e->>'uri' AS uri, e->>'associationType' AS association_type,
       e->'originNodeURI'->>'identifier' AS origin_identifier, e->'originNodeURI'->>'uri' AS origin_uri,
       e->'originNodeURI'->>'title' AS origin_title,
       e->'destinationNodeURI'->>'identifier' AS destination_identifier,
       e->'destinationNodeURI'->>'uri' AS destination_uri, e->'destinationNodeURI'->>'title' AS destination_title,
       (e->>'sequenceNumber')::integer AS sequence_number,
       (e->>'lastChangeDateTime')::timestamptz AS last_change_date_time,
       e->'CFDocumentURI'->>'identifier' AS document_identifier
FROM pkg p, jsonb_array_elements(p.doc->'CFAssociations') e;

SELECT (SELECT count(*) FROM (SELECT * FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss'))
                              EXCEPT ALL
                              SELECT identifier, uri, human_coding_scheme, full_statement, abbreviated_statement,
                                     item_type, education_level, list_enumeration, language,
                                     last_change_date_time, document_identifier
                              FROM json_items WHERE name = 'ccss') d) AS items_only_in_function,
       (SELECT count(*) FROM (SELECT identifier, uri, human_coding_scheme, full_statement, abbreviated_statement,
                                     item_type, education_level, list_enumeration, language,
                                     last_change_date_time, document_identifier
                              FROM json_items WHERE name = 'ccss'
                              EXCEPT ALL
                              SELECT * FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss'))) d) AS items_only_in_json;
SELECT (SELECT count(*) FROM (SELECT * FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss'))
                              EXCEPT ALL
                              SELECT identifier, uri, association_type, origin_identifier, origin_uri, origin_title,
                                     destination_identifier, destination_uri, destination_title, sequence_number,
                                     last_change_date_time, document_identifier
                              FROM json_associations WHERE name = 'ccss') d) AS associations_only_in_function,
       (SELECT count(*) FROM (SELECT identifier, uri, association_type, origin_identifier, origin_uri, origin_title,
                                     destination_identifier, destination_uri, destination_title, sequence_number,
                                     last_change_date_time, document_identifier
                              FROM json_associations WHERE name = 'ccss'
                              EXCEPT ALL
                              SELECT * FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss'))) d) AS associations_only_in_json;

-- a sample, as it reads in the file
SELECT identifier, human_coding_scheme, item_type, education_level, list_enumeration,
       left(full_statement, 40) AS statement_start, last_change_date_time
FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss'))
WHERE human_coding_scheme IN ('3.NF.A.1', 'K.CC.A.1') ORDER BY 2;

-- The precedes edges, turned into codes through the items, are exactly the
-- prerequisite CSV (from_code must come before to_code).
CREATE TEMP TABLE csv_prerequisites (from_code text, to_code text);
\copy csv_prerequisites FROM '../shared/data/ccss_math_prerequisites.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE case_prerequisites AS
SELECT o.human_coding_scheme AS from_code, d.human_coding_scheme AS to_code
FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss')) a
JOIN case_items((SELECT doc FROM pkg WHERE name = 'ccss')) o ON o.identifier = a.origin_identifier
JOIN case_items((SELECT doc FROM pkg WHERE name = 'ccss')) d ON d.identifier = a.destination_identifier
WHERE a.association_type = 'precedes';
SELECT (SELECT count(*) FROM csv_prerequisites) AS csv_edges,
       (SELECT count(*) FROM case_prerequisites) AS case_edges;
SELECT * FROM case_prerequisites EXCEPT SELECT * FROM csv_prerequisites;
SELECT * FROM csv_prerequisites EXCEPT SELECT * FROM case_prerequisites;
-- so the graphs built from both are the same, with the same closure for every standard
-- (the closure sizes of the CSV graph come from recursive SQL, independently of the graph code)
SELECT (SELECT competency_graph_agg(from_code, to_code) FROM case_prerequisites) =
       (SELECT competency_graph_agg(from_code, to_code) FROM csv_prerequisites) AS same_graph;
WITH RECURSIVE closure(node, pre) AS (
  SELECT to_code, from_code FROM csv_prerequisites
  UNION
  SELECT c.node, p.from_code FROM closure c JOIN csv_prerequisites p ON p.to_code = c.pre),
sql_sizes AS (SELECT node, count(*) AS n FROM closure GROUP BY node),
g AS (SELECT competency_graph_agg(from_code, to_code) AS g FROM case_prerequisites)
SELECT count(*) AS standards,
       count(*) FILTER (WHERE coalesce(s.n, 0) = (SELECT count(*) FROM prerequisites(g.g, nodes.node))) AS same_closure
FROM g, graph_nodes(g.g) AS nodes(node) LEFT JOIN sql_sizes s ON s.node = nodes.node;

-- isChildOf: every item has exactly one parent, which is an item or the document
SELECT count(*) AS child_links, count(DISTINCT origin_identifier) AS distinct_children,
       count(*) FILTER (WHERE destination_identifier = (SELECT identifier FROM case_document((SELECT doc FROM pkg WHERE name = 'ccss')))) AS top_level,
       count(*) FILTER (WHERE destination_identifier NOT IN (SELECT identifier FROM case_items((SELECT doc FROM pkg WHERE name = 'ccss')))
                          AND destination_identifier <> (SELECT identifier FROM case_document((SELECT doc FROM pkg WHERE name = 'ccss')))) AS dangling
FROM case_associations((SELECT doc FROM pkg WHERE name = 'ccss'))
WHERE association_type = 'isChildOf';

-- -------------------------------------------------------------- OpenSALT
-- quirks: CFDocumentURI and CFPackageURI are bare URI strings, the level is in
-- "educationalLevel" as a string, date-times carry no offset (taken as UTC),
-- two sequenceNumbers are strings
SELECT * FROM case_document((SELECT doc FROM pkg WHERE name = 'opensalt'));
SELECT count(*) AS items FROM case_items((SELECT doc FROM pkg WHERE name = 'opensalt'));
SELECT association_type, count(*), array_agg(sequence_number ORDER BY sequence_number) FILTER (WHERE sequence_number IS NOT NULL) AS sequence_numbers
FROM case_associations((SELECT doc FROM pkg WHERE name = 'opensalt')) GROUP BY 1 ORDER BY 1;

-- against jsonb: levels from "educationalLevel", document from the package,
-- date-times read as UTC wall-clock times
SELECT count(*) AS items_that_differ FROM (
  SELECT i.* FROM case_items((SELECT doc FROM pkg WHERE name = 'opensalt')) i
  EXCEPT ALL
  SELECT e->>'identifier', e->>'uri', e->>'humanCodingScheme', e->>'fullStatement',
         e->>'abbreviatedStatement', e->>'CFItemType', ARRAY[e->>'educationalLevel'],
         e->>'listEnumeration', e->>'language',
         (e->>'lastChangeDateTime')::timestamp AT TIME ZONE 'UTC',
         p.doc->'CFDocument'->>'identifier'
  FROM pkg p, jsonb_array_elements(p.doc->'CFItems') e WHERE p.name = 'opensalt') d;
SELECT count(*) AS associations_that_differ FROM (
  SELECT a.* FROM case_associations((SELECT doc FROM pkg WHERE name = 'opensalt')) a
  EXCEPT ALL
  SELECT e->>'identifier', e->>'uri', e->>'associationType',
         e->'originNodeURI'->>'identifier', e->'originNodeURI'->>'uri', e->'originNodeURI'->>'title',
         e->'destinationNodeURI'->>'identifier', e->'destinationNodeURI'->>'uri', e->'destinationNodeURI'->>'title',
         (e->>'sequenceNumber')::integer,
         (e->>'lastChangeDateTime')::timestamp AT TIME ZONE 'UTC',
         p.doc->'CFDocument'->>'identifier'
  FROM pkg p, jsonb_array_elements(p.doc->'CFAssociations') e WHERE p.name = 'opensalt') d;
SELECT human_coding_scheme, item_type, education_level, list_enumeration, last_change_date_time
FROM case_items((SELECT doc FROM pkg WHERE name = 'opensalt'))
WHERE human_coding_scheme LIKE 'CCSS.Math.Content.6.RP.A%' ORDER BY 1;

DROP VIEW json_items, json_associations;
DROP TABLE pkg;
