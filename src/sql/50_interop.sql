-- Interoperability: 1EdTech CASE 1.0 packages, xAPI statements, OneRoster 1.2 results.
-- All of these read their jsonb argument only (time stamps without an offset are
-- taken as UTC, not in the session time zone), so they are IMMUTABLE.

CREATE FUNCTION case_document(package jsonb,
    OUT identifier text, OUT uri text, OUT title text, OUT creator text,
    OUT publisher text, OUT description text, OUT subject text[], OUT language text,
    OUT version text, OUT adoption_status text, OUT official_source_url text,
    OUT last_change_date_time timestamptz, OUT package_uri text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mastery_case_document'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION case_document(jsonb) IS
'the CFDocument of a 1EdTech CASE 1.0 package as one row';

CREATE FUNCTION case_items(package jsonb,
    OUT identifier text, OUT uri text, OUT human_coding_scheme text,
    OUT full_statement text, OUT abbreviated_statement text, OUT item_type text,
    OUT education_level text[], OUT list_enumeration text, OUT language text,
    OUT last_change_date_time timestamptz, OUT document_identifier text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mastery_case_items'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 500;

COMMENT ON FUNCTION case_items(jsonb) IS
'one row per CFItem of a 1EdTech CASE 1.0 package';

CREATE FUNCTION case_associations(package jsonb,
    OUT identifier text, OUT uri text, OUT association_type text,
    OUT origin_identifier text, OUT origin_uri text, OUT origin_title text,
    OUT destination_identifier text, OUT destination_uri text, OUT destination_title text,
    OUT sequence_number integer, OUT last_change_date_time timestamptz,
    OUT document_identifier text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mastery_case_associations'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION case_associations(jsonb) IS
'one row per CFAssociation of a 1EdTech CASE 1.0 package (for precedes, origin comes before destination)';

CREATE FUNCTION xapi_evidence(statement jsonb,
    OUT learner text, OUT activity text, OUT score float8, OUT at timestamptz,
    OUT success boolean, OUT verb text, OUT statement_id text,
    OUT context_activities text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mastery_xapi_evidence'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION xapi_evidence(jsonb) IS
'one evidence row per xAPI statement (a statement, an array of them, or a StatementResult)';

CREATE FUNCTION oneroster_evidence(result jsonb,
    OUT learner text, OUT learning_objective text, OUT score float8, OUT at timestamptz,
    OUT source text, OUT text_score text, OUT result_sourced_id text, OUT line_item text,
    OUT status text, OUT score_status text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mastery_oneroster_evidence'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION oneroster_evidence(jsonb) IS
'one evidence row per learning-objective result of OneRoster 1.2 results (a result, an array, or a {"results": [...]} response)';
