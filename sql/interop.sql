-- Interoperability: CASE packages, xAPI statements, OneRoster results.
-- Expected values are worked out by hand in the comments, and checked again
-- against plain jsonb extraction where that is possible.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';

CREATE TABLE pkg (name text PRIMARY KEY, doc jsonb NOT NULL);

-- A small package that bends the schema the way real exports do:
--   * i2 gives educationLevel as a comma-separated string, i3 uses the
--     misspelling educationalLevel, i4 gives an empty array;
--   * i3 has no CFItemType but a CFItemTypeURI link whose title is the type;
--   * i2 gives listEnumeration as a number, i4 has CFDocumentURI as a bare URI;
--   * a2 gives sequenceNumber as a string, a3 as a number, a4 as "";
--   * a4's destination lies outside the package; extra fields everywhere.
INSERT INTO pkg VALUES ('small', $${
  "CFDocument": {"identifier": "doc", "uri": "https://ex.org/doc", "title": "Small framework",
                 "creator": "Tests", "subject": ["Math", "Logic"], "language": "en",
                 "adoptionStatus": "Draft", "lastChangeDateTime": "2024-05-01T12:00:00+02:00",
                 "CFPackageURI": {"identifier": "doc", "uri": "https://ex.org/pkg", "title": "p"},
                 "extra": {"anything": [1, 2]}},
  "CFItems": [
    {"identifier": "i1", "uri": "https://ex.org/i1", "humanCodingScheme": "A",
     "fullStatement": "Domain A", "CFItemType": "Domain", "educationLevel": ["09", "10"],
     "language": "en", "lastChangeDateTime": "2024-05-01T10:00:00Z",
     "CFDocumentURI": {"identifier": "doc", "uri": "https://ex.org/doc", "title": "Small framework"}},
    {"identifier": "i2", "humanCodingScheme": "A.1", "fullStatement": "Add fractions",
     "abbreviatedStatement": "Add", "CFItemType": "Standard", "educationLevel": "09, 10,",
     "listEnumeration": 1, "lastChangeDateTime": "2024-05-01"},
    {"identifier": "i3", "humanCodingScheme": "A.2", "fullStatement": "Multiply fractions",
     "CFItemTypeURI": {"identifier": "t", "uri": "https://ex.org/t", "title": "Standard"},
     "educationalLevel": "10", "listEnumeration": "2", "notes": "an extra field"},
    {"identifier": "i4", "fullStatement": "Loose item", "CFDocumentURI": "https://ex.org/doc",
     "educationLevel": []}
  ],
  "CFAssociations": [
    {"identifier": "a1", "associationType": "isChildOf",
     "originNodeURI": {"identifier": "i2", "uri": "https://ex.org/i2", "title": "A.1"},
     "destinationNodeURI": {"identifier": "i1", "uri": "https://ex.org/i1", "title": "A"},
     "lastChangeDateTime": "2024-05-01T10:00:00.5-01:00"},
    {"identifier": "a2", "associationType": "isChildOf", "sequenceNumber": "2",
     "originNodeURI": {"identifier": "i3", "uri": "https://ex.org/i3", "title": "A.2"},
     "destinationNodeURI": {"identifier": "i1", "uri": "https://ex.org/i1", "title": "A"}},
    {"identifier": "a3", "associationType": "precedes", "sequenceNumber": 7,
     "originNodeURI": {"identifier": "i2"},
     "destinationNodeURI": {"identifier": "i3", "uri": "https://ex.org/i3"},
     "CFDocumentURI": {"identifier": "other-doc"}},
    {"identifier": "a4", "associationType": "exactMatchOf", "sequenceNumber": "",
     "originNodeURI": {"identifier": "i3", "uri": "https://ex.org/i3", "title": "A.2"},
     "destinationNodeURI": {"identifier": "ext-9", "uri": "https://elsewhere.org/9", "title": "X.9"}}
  ]}$$);

-- case_document: one row; 12:00+02:00 is 10:00 UTC.
SELECT * FROM case_document((SELECT doc FROM pkg WHERE name = 'small'));

-- case_items, by hand:
--   i1 {09,10}; i2 {09,10} (split on commas, blanks dropped), listEnumeration 1;
--   i3 type Standard from CFItemTypeURI, {10} from educationalLevel;
--   i4 {} (an empty array); document identifiers from CFDocumentURI or the package.
SELECT * FROM case_items((SELECT doc FROM pkg WHERE name = 'small'));

-- The same text fields, extracted independently with jsonb operators: no difference.
SELECT count(*) AS differing_items FROM (
  (SELECT identifier, uri, human_coding_scheme, full_statement, abbreviated_statement,
          list_enumeration, language, last_change_date_time
   FROM case_items((SELECT doc FROM pkg WHERE name = 'small'))
   EXCEPT
   SELECT e->>'identifier', e->>'uri', e->>'humanCodingScheme', e->>'fullStatement',
          e->>'abbreviatedStatement', e->>'listEnumeration', e->>'language',
          (e->>'lastChangeDateTime')::timestamptz
   FROM pkg, jsonb_array_elements(doc->'CFItems') e WHERE name = 'small')
  UNION ALL
  (SELECT e->>'identifier', e->>'uri', e->>'humanCodingScheme', e->>'fullStatement',
          e->>'abbreviatedStatement', e->>'listEnumeration', e->>'language',
          (e->>'lastChangeDateTime')::timestamptz
   FROM pkg, jsonb_array_elements(doc->'CFItems') e WHERE name = 'small'
   EXCEPT
   SELECT identifier, uri, human_coding_scheme, full_statement, abbreviated_statement,
          list_enumeration, language, last_change_date_time
   FROM case_items((SELECT doc FROM pkg WHERE name = 'small')))) d;

-- case_associations, by hand: sequence numbers NULL, 2, 7, NULL ("" means none);
-- a1 at 10:00:00.5-01:00 = 11:00:00.5 UTC; a3 belongs to other-doc.
SELECT * FROM case_associations((SELECT doc FROM pkg WHERE name = 'small'));

-- The one-line imports: prerequisite edges (origin comes first) and the hierarchy.
SELECT origin_identifier AS prerequisite, destination_identifier AS competency
FROM case_associations((SELECT doc FROM pkg WHERE name = 'small'))
WHERE association_type = 'precedes';
SELECT origin_identifier AS child, destination_identifier AS parent, sequence_number
FROM case_associations((SELECT doc FROM pkg WHERE name = 'small'))
WHERE association_type = 'isChildOf' ORDER BY parent, sequence_number NULLS FIRST;

-- Empty and partial packages are fine: no CFItems or CFAssociations, no rows.
SELECT count(*) FROM case_items('{"CFDocument": {"identifier": "d"}}');
SELECT count(*) FROM case_associations('{"CFItems": [], "CFAssociations": []}');
SELECT document_identifier FROM case_items('{"CFItems": [{"identifier": "x"}]}');
-- null counts as absent for optional fields
SELECT identifier, full_statement, education_level, last_change_date_time
FROM case_items('{"CFItems": [{"identifier": "x", "fullStatement": null, "educationLevel": null, "lastChangeDateTime": null}]}');
-- CASE identifiers may be numbers in old feeds: taken as written
SELECT identifier, list_enumeration FROM case_items('{"CFItems": [{"identifier": 17, "listEnumeration": 2.50}]}');

-- A wide item: 70 extra keys of mixed kinds (jsonb stores every 32nd entry's
-- position differently, and numbers and objects are aligned): the fields read
-- are still exactly the ones given.
SELECT identifier, human_coding_scheme, full_statement, list_enumeration, language, education_level
FROM case_items(jsonb_build_object('CFItems', jsonb_build_array(
  (SELECT jsonb_object_agg('x' || lpad(i::text, 3, '0'),
                           CASE i % 3 WHEN 0 THEN to_jsonb(i) WHEN 1 THEN to_jsonb(repeat('v', i))
                                      ELSE jsonb_build_object('n', i) END)
   FROM generate_series(1, 70) i)
  || '{"identifier": "wide", "humanCodingScheme": "W.1", "fullStatement": "Many keys", "listEnumeration": 7, "language": "en", "educationLevel": ["11", 12], "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz": 1}')));

-- Random items: the fields read, each present or not, among up to 60 extra keys
-- of random lengths and kinds; the function must agree with jsonb extraction.
SELECT setseed(0.25);
CREATE TEMP TABLE random_package AS
SELECT jsonb_build_object('CFItems', jsonb_agg(item ORDER BY n)) AS doc
FROM (SELECT n,
        coalesce((SELECT jsonb_object_agg(k, v) FROM (
                    SELECT substr(md5(n || '-' || j), 1, 1 + (random() * 24)::int) AS k,
                           CASE (random() * 3)::int WHEN 0 THEN to_jsonb(j * n)
                                WHEN 1 THEN to_jsonb(repeat('x', j)) ELSE jsonb_build_object('j', j) END AS v
                    FROM generate_series(1, (random() * 60)::int) j) extra), '{}')
        || jsonb_build_object('identifier', 'id-' || n)
        || jsonb_strip_nulls(jsonb_build_object(
             'uri', CASE WHEN random() < 0.5 THEN 'https://ex.org/' || n END,
             'humanCodingScheme', CASE WHEN random() < 0.5 THEN 'H.' || n END,
             'fullStatement', CASE WHEN random() < 0.5 THEN repeat('s', n % 50) END,
             'abbreviatedStatement', CASE WHEN random() < 0.5 THEN 'a' || n END,
             'CFItemType', CASE WHEN random() < 0.5 THEN 'T' || (n % 3) END,
             'listEnumeration', CASE WHEN random() < 0.5 THEN (n % 7)::text END,
             'language', CASE WHEN random() < 0.5 THEN 'en' END,
             'lastChangeDateTime', CASE WHEN random() < 0.5 THEN '2024-01-01T00:00:00Z' END,
             'CFDocumentURI', CASE WHEN random() < 0.5 THEN jsonb_build_object('identifier', 'doc-' || (n % 4)) END)) AS item
      FROM generate_series(1, 300) n) items;
SELECT count(*) AS items,
       count(*) FILTER (WHERE (i.identifier, i.uri, i.human_coding_scheme, i.full_statement,
                               i.abbreviated_statement, i.item_type, i.list_enumeration,
                               i.language, i.last_change_date_time, i.document_identifier)
                              IS DISTINCT FROM
                              (e->>'identifier', e->>'uri', e->>'humanCodingScheme', e->>'fullStatement',
                               e->>'abbreviatedStatement', e->>'CFItemType', e->>'listEnumeration',
                               e->>'language', (e->>'lastChangeDateTime')::timestamptz,
                               e->'CFDocumentURI'->>'identifier')) AS differing
FROM random_package p
JOIN LATERAL jsonb_array_elements(p.doc->'CFItems') e ON true
JOIN LATERAL case_items(p.doc) i ON i.identifier = e->>'identifier';

-- ---------------------------------------------------------------- errors
-- Each names the item index (from 0, as jsonb's -> operator counts) and the field.
SELECT * FROM case_items('[]');
SELECT * FROM case_items('"a string"');
SELECT * FROM case_items('{"CFItems": {"identifier": "x"}}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x"}, 42]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "a"}, {"identifier": "b"}, {"identifier": "c"}, {"uri": "x"}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": null}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": ""}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": {"id": 1}}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "fullStatement": ["a", "b"]}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "humanCodingScheme": true}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "educationLevel": {"grade": 9}}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "educationLevel": ["09", false]}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "lastChangeDateTime": "last Tuesday"}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x"}, {"identifier": "y", "lastChangeDateTime": "2023-02-29T10:00:00Z"}]}');
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "lastChangeDateTime": 1714557600}]}');
-- long values are cut in messages, on a character boundary (é is two bytes in UTF-8)
SELECT * FROM case_items(jsonb_build_object('CFItems', jsonb_build_array(jsonb_build_object('identifier', 'x', 'lastChangeDateTime', repeat('é', 40)))));
SELECT * FROM case_items('{"CFItems": [{"identifier": "x", "CFDocumentURI": 5}]}');
SELECT * FROM case_items('{"CFDocument": [], "CFItems": []}');
SELECT * FROM case_items('{"CFDocument": {"title": "no identifier"}, "CFItems": []}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "originNodeURI": {"identifier": "o"}, "destinationNodeURI": {"identifier": "d"}}]}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "associationType": "precedes", "originNodeURI": "https://ex.org/o", "destinationNodeURI": {"identifier": "d"}}]}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "associationType": "precedes", "originNodeURI": {"identifier": "o"}, "destinationNodeURI": {"uri": "https://ex.org/d"}}]}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "associationType": "precedes", "originNodeURI": {"identifier": "o"}, "destinationNodeURI": {"identifier": "d"}, "sequenceNumber": "first"}]}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "associationType": "precedes", "originNodeURI": {"identifier": "o"}, "destinationNodeURI": {"identifier": "d"}, "sequenceNumber": 2.5}]}');
SELECT * FROM case_associations('{"CFAssociations": [{"identifier": "a", "associationType": "precedes", "originNodeURI": {"identifier": "o"}, "destinationNodeURI": {"identifier": "d"}, "sequenceNumber": "3000000000"}]}');
SELECT * FROM case_document('{"CFItems": []}');
SELECT * FROM case_document('{"CFDocument": {"identifier": "d", "subject": {"s": 1}}}');

-- Nothing is half-imported: items 0-2 are fine, item 3 is not, and the INSERT
-- leaves no row behind (the error aborts the whole statement).
CREATE TABLE imported (identifier text, human_coding_scheme text);
BEGIN;
INSERT INTO imported SELECT identifier, human_coding_scheme FROM case_items('{"CFItems": [{"identifier": "a"}, {"identifier": "b"}, {"identifier": "c"}, {"identifier": "d", "lastChangeDateTime": "soon"}]}');
ROLLBACK;
SELECT count(*) AS rows_after_failed_import FROM imported;
-- and within a transaction that goes on after a savepoint
BEGIN;
INSERT INTO imported VALUES ('kept', 'K');
SAVEPOINT s;
INSERT INTO imported SELECT identifier, human_coding_scheme FROM case_items('{"CFItems": [{"identifier": "a"}, {"identifier": "b"}, {"identifier": "c"}, {"uri": "x"}]}');
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT * FROM imported;

-- ---------------------------------------------------------------- xAPI
-- Learners: mbox as given (a bare address gets mailto:), mbox_sha1sum as
-- sha1:<lowercase hex>, openid as given, account as homePage|name.
-- Scores: scaled; else (raw-min)/(max-min); else raw; else success 1/0; else NULL.
SELECT * FROM xapi_evidence($$[
  {"id": "s0", "actor": {"mbox": "mailto:ana@ex.org", "name": "Ana"},
   "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
   "object": {"id": "https://ex.org/act/1"},
   "result": {"score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}, "success": true},
   "timestamp": "2024-05-01T10:00:00+02:00"},
  {"actor": {"mbox": "ben@ex.org"}, "object": {"id": "https://ex.org/act/1"},
   "result": {"score": {"raw": 3, "min": 1, "max": 5}}, "timestamp": "2024-05-01T08:30:00Z"},
  {"actor": {"mbox_sha1sum": "F5E4D3C2B1A0F5E4D3C2B1A0F5E4D3C2B1A0F5E4"},
   "object": {"id": "https://ex.org/act/2"}, "result": {"score": {"raw": 17}},
   "stored": "2024-05-02T00:00:00.25Z"},
  {"actor": {"openid": "https://openid.ex.org/cy"}, "object": {"id": "https://ex.org/act/2"},
   "result": {"success": false, "completion": true}, "timestamp": "2024-05-02T09:00:00-05:00",
   "stored": "2024-05-03T00:00:00Z"},
  {"actor": {"objectType": "Agent", "account": {"homePage": "https://sis.ex.org", "name": "s-42"}},
   "object": {"id": "https://ex.org/act/3", "objectType": "Activity"}, "verb": {"id": "v"}},
  {"actor": {"account": {"homePage": "https://sis.ex.org", "name": "s-43"}},
   "object": {"id": "https://ex.org/act/3"},
   "result": {"score": {"scaled": "-0.5"}, "success": "true"}, "timestamp": "2024-05-04"}
]$$);
-- by hand: 0.8 (scaled wins); (3-1)/(5-1) = 0.5; 17 (raw, no range); 0 (success
-- false); NULL; -0.5.  10:00+02:00 = 08:00Z; 09:00-05:00 = 14:00Z; no timestamp
-- falls back to stored; none at all gives NULL.
-- The normalized score once more, computed in SQL from the statement itself:
SELECT x.score = ((s->'result'->'score'->>'raw')::float8 - (s->'result'->'score'->>'min')::float8)
               / ((s->'result'->'score'->>'max')::float8 - (s->'result'->'score'->>'min')::float8) AS same_score
FROM (SELECT '{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"raw": 7, "min": 2, "max": 12}}}'::jsonb AS s) j,
     xapi_evidence(j.s) x;

-- a single statement, and an LRS StatementResult page
SELECT learner, activity, score FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}}');
SELECT learner, activity, score FROM xapi_evidence('{"statements": [{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"scaled": 1}}}], "more": "/xapi/statements?more=2"}');
SELECT count(*) FROM xapi_evidence('[]');

-- context activities: parent, grouping, category, other in that order, each a
-- single Activity or an array; here the category carries CASE item URIs, which
-- link the statement to competencies of the small package.
SELECT learner, activity, context_activities FROM xapi_evidence($${
  "actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "https://ex.org/quiz/1"},
  "context": {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "contextActivities": {
      "other": [{"id": "https://ex.org/other"}],
      "category": [{"id": "https://ex.org/i2", "definition": {"type": "http://ex.org/case-item"}},
                   {"id": "https://ex.org/i3"}],
      "parent": {"id": "https://ex.org/course/7"}}}}$$);
SELECT x.learner, i.identifier AS competency, i.human_coding_scheme
FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "q"},
       "context": {"contextActivities": {"category": [{"id": "https://ex.org/i1"}]}}}') x
JOIN case_items((SELECT doc FROM pkg WHERE name = 'small')) i ON i.uri = ANY (x.context_activities);
SELECT context_activities FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "q"}, "context": {"contextActivities": {}}}');

-- xAPI errors
SELECT * FROM xapi_evidence('42');
SELECT * FROM xapi_evidence('[{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}}, "not a statement"]');
SELECT * FROM xapi_evidence('{"statements": {"actor": {}}}');
SELECT * FROM xapi_evidence('{"object": {"id": "o"}}');
SELECT * FROM xapi_evidence('[{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}}, {"actor": {"name": "Anonymous"}, "object": {"id": "o"}}]');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org", "account": {"homePage": "h", "name": "n"}}, "object": {"id": "o"}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "not an address"}, "object": {"id": "o"}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox_sha1sum": "abc"}, "object": {"id": "o"}}');
SELECT * FROM xapi_evidence('{"actor": {"account": {"homePage": "https://sis.ex.org"}}, "object": {"id": "o"}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"objectType": "Agent", "mbox": "mailto:b@ex.org"}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": "https://ex.org/act/1"}');
SELECT * FROM xapi_evidence('[{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}}, {"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}}, {"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"scaled": 1.5}}}]');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"raw": 11, "min": 0, "max": 10}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"raw": -1, "min": 0}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"raw": 5, "min": 10, "max": 10}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"raw": "five"}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": {"scaled": [0.5]}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"score": 0.5}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "result": {"success": "yes"}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "context": {"contextActivities": {"category": [{"id": "c1"}, {"definition": {}}]}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "context": {"contextActivities": {"grouping": "https://ex.org/g"}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "context": {"contextActivities": {"other": ["https://ex.org/g"]}}}');
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "timestamp": "yesterday"}');
-- stored is checked even when timestamp is there
SELECT * FROM xapi_evidence('{"actor": {"mbox": "mailto:a@ex.org"}, "object": {"id": "o"}, "timestamp": "2024-05-01T10:00:00Z", "stored": "2024-13-01T00:00:00Z"}');

-- ----------------------------------------------------------- OneRoster
-- One row per learningObjectiveResult; at = scoreDate (a date is midnight UTC),
-- else dateLastModified; score may be a number or a numeric string.
SELECT * FROM oneroster_evidence($${"results": [
  {"sourcedId": "r1", "status": "active", "dateLastModified": "2024-05-03T09:00:00.000Z",
   "lineItem": {"href": "/lineItems/li1", "sourcedId": "li1", "type": "lineItem"},
   "student": {"href": "/users/s1", "sourcedId": "s1", "type": "user"},
   "scoreStatus": "fully graded", "score": 7, "scoreDate": "2024-05-01",
   "learningObjectiveSet": [
     {"source": "case", "learningObjectiveResults": [
        {"learningObjectiveId": "i2", "score": 3},
        {"learningObjectiveId": "i3", "score": "2.5", "textScore": "approaching"}]},
     {"source": "https://district.ex.org/objectives", "learningObjectiveResults": [
        {"learningObjectiveId": "local-7", "textScore": "M"}]}]},
  {"sourcedId": "r2", "dateLastModified": "2024-05-03T09:00:00+02:00",
   "student": {"sourcedId": "s2"},
   "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [
     {"learningObjectiveId": "i2", "score": 4}]}]},
  {"sourcedId": "r3", "student": {"sourcedId": "s3"}, "score": 1}
]}$$);
-- by hand: s1 has three rows at 2024-05-01 00:00 UTC (scoreDate), s2 one row at
-- 07:00 UTC (dateLastModified), and r3 none (no learningObjectiveSet).
-- status and scoreStatus come along, to leave out deleted or exempt results:
SELECT learner, learning_objective, score, status, score_status
FROM oneroster_evidence('[{"sourcedId": "r4", "status": "tobedeleted", "scoreStatus": "exempt",
  "student": {"sourcedId": "s4"}, "learningObjectiveSet": [{"source": "case",
  "learningObjectiveResults": [{"learningObjectiveId": "i1", "score": 0}]}]}]')
WHERE status IS DISTINCT FROM 'tobedeleted' AND score_status IS DISTINCT FROM 'exempt';
SELECT learner, learning_objective, score, status, score_status
FROM oneroster_evidence('[{"sourcedId": "r4", "status": "tobedeleted", "scoreStatus": "exempt",
  "student": {"sourcedId": "s4"}, "learningObjectiveSet": [{"source": "case",
  "learningObjectiveResults": [{"learningObjectiveId": "i1", "score": 0}]}]}]');
SELECT learner, learning_objective, score FROM oneroster_evidence('{"result": {"student": {"sourcedId": "s9"}, "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [{"learningObjectiveId": "i4", "score": 1}]}]}}');
SELECT learner, learning_objective, score FROM oneroster_evidence('[{"student": {"sourcedId": "s9"}, "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [{"learningObjectiveId": "i4", "score": 0}]}]}]');

-- OneRoster errors
SELECT * FROM oneroster_evidence('true');
SELECT * FROM oneroster_evidence('[{"sourcedId": "r1"}]');
SELECT * FROM oneroster_evidence('{"student": "s1"}');
SELECT * FROM oneroster_evidence('{"results": [{"student": {"sourcedId": "s1"}, "learningObjectiveSet": {"source": "case"}}]}');
SELECT * FROM oneroster_evidence('{"results": [{"student": {"sourcedId": "s1"}}, {"student": {"sourcedId": "s2"}, "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [{"score": 1}]}]}]}');
SELECT * FROM oneroster_evidence('{"student": {"sourcedId": "s1"}, "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [{"learningObjectiveId": "x"}, {"learningObjectiveId": "y", "score": "n/a"}]}]}');
SELECT * FROM oneroster_evidence('{"student": {"sourcedId": "s1"}, "scoreDate": "05/01/2024", "learningObjectiveSet": []}');
SELECT * FROM oneroster_evidence('{"student": {"sourcedId": "s1"}, "scoreDate": "2024-05-01", "dateLastModified": "2024-05-01T25:00:00Z"}');
SELECT * FROM oneroster_evidence('{"student": {"sourcedId": "s1"}, "learningObjectiveSet": [{"source": "case", "learningObjectiveResults": [{"learningObjectiveId": "x", "score": 1e400}]}]}');

DROP TABLE imported, pkg, random_package;
