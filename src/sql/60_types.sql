-- ===================================================================
-- values behave like built-in ones: comparison and hashing, text
-- arguments for methods and scales, dates as whole days
-- ===================================================================

-- mastery: equal when the evidence is the same, in the same order
CREATE FUNCTION mastery_cmp(mastery, mastery) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_eq(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_ne(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_lt(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_le(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_gt(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_ge(mastery, mastery) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_hash(mastery) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_hash_extended(mastery, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_cmp(mastery, mastery) IS 'orders mastery values by their evidence, item by item in assessment order (time, missing first; sequence number, missing first; score); a prefix first';
CREATE OPERATOR = (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR = (mastery, mastery) IS 'same evidence in the same order';
CREATE OPERATOR <> (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = mastery, RIGHTARG = mastery, PROCEDURE = mastery_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS mastery_ops DEFAULT FOR TYPE mastery USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 mastery_cmp(mastery, mastery);
CREATE OPERATOR CLASS mastery_hash_ops DEFAULT FOR TYPE mastery USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 mastery_hash(mastery),
	FUNCTION 2 mastery_hash_extended(mastery, bigint);

-- mastery_scale: equal when the levels are the same
CREATE FUNCTION mastery_scale_cmp(mastery_scale, mastery_scale) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_eq(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_ne(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_lt(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_le(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_gt(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_ge(mastery_scale, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_hash(mastery_scale) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_hash_extended(mastery_scale, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_scale_cmp(mastery_scale, mastery_scale) IS 'orders scales level by level from the lowest (minimum, then label in byte order), a prefix first, then by the first mastered level';
CREATE OPERATOR = (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR = (mastery_scale, mastery_scale) IS 'same levels and the same first mastered level';
CREATE OPERATOR <> (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = mastery_scale, RIGHTARG = mastery_scale, PROCEDURE = mastery_scale_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS mastery_scale_ops DEFAULT FOR TYPE mastery_scale USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 mastery_scale_cmp(mastery_scale, mastery_scale);
CREATE OPERATOR CLASS mastery_scale_hash_ops DEFAULT FOR TYPE mastery_scale USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 mastery_scale_hash(mastery_scale),
	FUNCTION 2 mastery_scale_hash_extended(mastery_scale, bigint);

-- competency_graph: = and <> are defined with the type; here the order
CREATE FUNCTION competency_graph_cmp(competency_graph, competency_graph) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_lt(competency_graph, competency_graph) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_le(competency_graph, competency_graph) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_gt(competency_graph, competency_graph) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_ge(competency_graph, competency_graph) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_hash(competency_graph) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION competency_graph_hash_extended(competency_graph, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_cmp(competency_graph, competency_graph) IS 'orders graphs by their node names in name order (byte order, a prefix first), then by their edges as (prerequisite, competency) pairs in that order';
CREATE OPERATOR < (LEFTARG = competency_graph, RIGHTARG = competency_graph, PROCEDURE = competency_graph_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = competency_graph, RIGHTARG = competency_graph, PROCEDURE = competency_graph_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = competency_graph, RIGHTARG = competency_graph, PROCEDURE = competency_graph_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = competency_graph, RIGHTARG = competency_graph, PROCEDURE = competency_graph_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS competency_graph_ops DEFAULT FOR TYPE competency_graph USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 competency_graph_cmp(competency_graph, competency_graph);
CREATE OPERATOR CLASS competency_graph_hash_ops DEFAULT FOR TYPE competency_graph USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 competency_graph_hash(competency_graph),
	FUNCTION 2 competency_graph_hash_extended(competency_graph, bigint);

-- mastery_method: the extended hash completes its hash operator class
CREATE FUNCTION mastery_method_hash_extended(mastery_method, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER OPERATOR FAMILY mastery_method_hash_ops USING hash ADD
	FUNCTION 2 mastery_method_hash_extended(mastery_method, bigint);

-- -------------------------------------------------------------------
-- methods and scales kept in text or varchar columns: implicit casts
-- (parsed once per distinct text per call site)
-- -------------------------------------------------------------------
CREATE FUNCTION mastery_method(text) RETURNS mastery_method
	AS 'MODULE_PATHNAME', 'mastery_method_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_method(text) IS 'the method a text spells (the cast from text and varchar)';
CREATE FUNCTION mastery_scale(text) RETURNS mastery_scale
	AS 'MODULE_PATHNAME', 'mastery_scale_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_scale(text) IS 'the scale a text spells (the cast from text and varchar)';

CREATE CAST (text AS mastery_method) WITH FUNCTION mastery_method(text) AS IMPLICIT;
CREATE CAST (varchar AS mastery_method) WITH FUNCTION mastery_method(text) AS IMPLICIT;
CREATE CAST (text AS mastery_scale) WITH FUNCTION mastery_scale(text) AS IMPLICIT;
CREATE CAST (varchar AS mastery_scale) WITH FUNCTION mastery_scale(text) AS IMPLICIT;

-- -------------------------------------------------------------------
-- a date as as_of means the whole day: up to its last microsecond in the
-- session time zone
-- -------------------------------------------------------------------
CREATE FUNCTION mastery_score(mastery, mastery_method, as_of date) RETURNS float8
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$ SELECT @extschema@.mastery_score($1, $2,
		pg_catalog.timestamptz($3 OPERATOR(pg_catalog.+) 1)
		OPERATOR(pg_catalog.-) CAST('00:00:00.000001' AS pg_catalog.interval)) $$;
COMMENT ON FUNCTION mastery_score(mastery, mastery_method, date) IS 'the mastery value from the evidence assessed on or before the day as_of (to its end in the session time zone)';

CREATE FUNCTION learning_pace(total integer, mastered_at timestamptz[], started timestamptz, due timestamptz, as_of date,
	OUT done integer, OUT fraction float8, OUT per_week float8, OUT projected_completion timestamptz, OUT status text)
	RETURNS record
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT * FROM @extschema@.learning_pace($1, $2, $3, $4,
		pg_catalog.timestamptz($5 OPERATOR(pg_catalog.+) 1)
		OPERATOR(pg_catalog.-) CAST('00:00:00.000001' AS pg_catalog.interval)) $$;
COMMENT ON FUNCTION learning_pace(integer, timestamptz[], timestamptz, timestamptz, date) IS 'pace as of the end of the day as_of in the session time zone';
