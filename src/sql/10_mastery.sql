-- ===================================================================
-- mastery_method: how a series of evidence becomes one mastery value
-- ===================================================================
CREATE TYPE mastery_method;

CREATE FUNCTION mastery_method_in(cstring) RETURNS mastery_method
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_out(mastery_method) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_recv(internal) RETURNS mastery_method
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_send(mastery_method) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mastery_method (
	INPUT = mastery_method_in,
	OUTPUT = mastery_method_out,
	RECEIVE = mastery_method_recv,
	SEND = mastery_method_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = plain
);
COMMENT ON TYPE mastery_method IS 'a mastery calculation method: latest, highest, mean, decaying_average(w), weighted_average(w), n_mastery(n, cut), power_law, bkt(prior, learn, slip, guess [, forget [, cut]])';

CREATE FUNCTION method_name(mastery_method) RETURNS text
	AS 'MODULE_PATHNAME', 'mastery_method_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION method_name(mastery_method) IS 'the name of a method without its parameters, e.g. decaying_average';

-- ===================================================================
-- mastery_scale: a proficiency scale
-- ===================================================================
CREATE TYPE mastery_scale;

CREATE FUNCTION mastery_scale_in(cstring) RETURNS mastery_scale
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_out(mastery_scale) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_recv(internal) RETURNS mastery_scale
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_scale_send(mastery_scale) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mastery_scale (
	INPUT = mastery_scale_in,
	OUTPUT = mastery_scale_out,
	RECEIVE = mastery_scale_recv,
	SEND = mastery_scale_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE mastery_scale IS 'a proficiency scale: ordered levels "label:minimum", the first mastered level marked with *, e.g. ''emerging:0, developing:2, *capable:3''';

CREATE FUNCTION mastery_scale(labels text[], minimums float8[], mastery_level text) RETURNS mastery_scale
	AS 'MODULE_PATHNAME', 'mastery_scale_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_scale(text[], float8[], text) IS 'builds a scale from level labels, their minimum scores and the label of the first mastered level';

CREATE FUNCTION mastery_level(score float8, scale mastery_scale) RETURNS text
	AS 'MODULE_PATHNAME', 'mastery_level_of_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_level(float8, mastery_scale) IS 'label of the highest level whose minimum is at most the score (NULL below the lowest level)';

CREATE FUNCTION is_mastered(score float8, scale mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME', 'mastery_is_mastered_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_mastered(float8, mastery_scale) IS 'true when the score reaches the minimum of the scale''s first mastered level';

CREATE FUNCTION mastery_threshold(scale mastery_scale) RETURNS float8
	AS 'MODULE_PATHNAME', 'mastery_scale_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_threshold(mastery_scale) IS 'the minimum score of the first mastered level';

CREATE FUNCTION scale_levels(scale mastery_scale,
	OUT level integer, OUT label text, OUT min_score float8, OUT mastered boolean) RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'mastery_scale_levels' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION scale_levels(mastery_scale) IS 'the levels of a scale in ascending order';

-- ===================================================================
-- mastery: one learner's evidence on one competency
-- ===================================================================
CREATE TYPE mastery;

CREATE FUNCTION mastery_in(cstring) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_out(mastery) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_recv(internal) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_send(mastery) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE mastery (
	INPUT = mastery_in,
	OUTPUT = mastery_out,
	RECEIVE = mastery_recv,
	SEND = mastery_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE mastery IS 'one learner''s scored evidence on one competency, in assessment order: {score@time#seq, ...}';

CREATE FUNCTION evidence_count(mastery) RETURNS integer
	AS 'MODULE_PATHNAME', 'mastery_evidence_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION evidence_count(mastery) IS 'number of evidence items';

CREATE FUNCTION first_evidence_at(mastery) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'mastery_first_evidence_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_evidence_at(mastery) IS 'assessment time of the oldest evidence that has a time (NULL if none has)';

CREATE FUNCTION last_evidence_at(mastery) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'mastery_last_evidence_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION last_evidence_at(mastery) IS 'assessment time of the newest evidence (NULL if none has a time)';

CREATE FUNCTION mastery_evidence(mastery,
	OUT at timestamptz, OUT score float8, OUT seq bigint, OUT step integer) RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mastery_evidence(mastery) IS 'the evidence items in assessment order, numbered from 1';

CREATE FUNCTION mastery_to_jsonb(mastery) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_to_jsonb(mastery) IS 'the evidence as a JSON array of {"at", "score", "seq"} objects';
CREATE CAST (mastery AS jsonb) WITH FUNCTION mastery_to_jsonb(mastery);

CREATE FUNCTION mastery_add(state mastery, score float8, at timestamptz) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_add(state mastery, score float8, at timestamptz, seq bigint) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mastery_add(mastery, float8, timestamptz) IS 'adds one piece of evidence in its assessment-order place (a NULL state is empty; a NULL score adds nothing)';
COMMENT ON FUNCTION mastery_add(mastery, float8, timestamptz, bigint) IS 'adds one piece of evidence with a sequence number in its assessment-order place';

CREATE FUNCTION mastery_score(mastery, mastery_method) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_score(mastery, mastery_method, as_of timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_score(mastery, mastery_method) IS 'the mastery value the method computes from the evidence (NULL when it has none)';
COMMENT ON FUNCTION mastery_score(mastery, mastery_method, timestamptz) IS 'the mastery value from the evidence assessed at or before as_of';

CREATE FUNCTION mastery_level(mastery, mastery_method, mastery_scale) RETURNS text
	AS 'MODULE_PATHNAME', 'mastery_level_of_mastery' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_level(mastery, mastery_method, mastery_scale) IS 'the scale level of the method''s value';

CREATE FUNCTION is_mastered(mastery, mastery_method, mastery_scale) RETURNS boolean
	AS 'MODULE_PATHNAME', 'mastery_is_mastered_of_mastery' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION is_mastered(mastery, mastery_method, mastery_scale) IS 'true when the method''s value reaches the scale''s mastery level (false with no value, also for a NULL state; NULL when the method or the scale is NULL)';

CREATE FUNCTION mastery_explain(mastery, mastery_method) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_explain(mastery, mastery_method, mastery_scale) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_explain(mastery, mastery_method) IS 'the computation step by step: each evidence item with the running value';
COMMENT ON FUNCTION mastery_explain(mastery, mastery_method, mastery_scale) IS 'the computation step by step, with the level reached at each step';

-- ===================================================================
-- aggregates
-- ===================================================================
CREATE FUNCTION mastery_agg_trans(internal, float8, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_agg_trans(internal, float8, timestamptz, bigint) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_merge_trans(internal, mastery) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_agg_final(internal) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_agg_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_agg_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE mastery_agg(score float8, at timestamptz) (
	SFUNC = mastery_agg_trans,
	STYPE = internal,
	SSPACE = 512,
	FINALFUNC = mastery_agg_final,
	COMBINEFUNC = mastery_agg_combine,
	SERIALFUNC = mastery_agg_serialize,
	DESERIALFUNC = mastery_agg_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE mastery_agg(float8, timestamptz) IS 'collects scored evidence into a mastery value (NULL scores skipped; a NULL time is the oldest)';

CREATE AGGREGATE mastery_agg(score float8, at timestamptz, seq bigint) (
	SFUNC = mastery_agg_trans,
	STYPE = internal,
	SSPACE = 512,
	FINALFUNC = mastery_agg_final,
	COMBINEFUNC = mastery_agg_combine,
	SERIALFUNC = mastery_agg_serialize,
	DESERIALFUNC = mastery_agg_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE mastery_agg(float8, timestamptz, bigint) IS 'collects scored evidence into a mastery value; ties on time are ordered by seq, then score';

CREATE AGGREGATE mastery_merge(mastery) (
	SFUNC = mastery_merge_trans,
	STYPE = internal,
	SSPACE = 512,
	FINALFUNC = mastery_agg_final,
	COMBINEFUNC = mastery_agg_combine,
	SERIALFUNC = mastery_agg_serialize,
	DESERIALFUNC = mastery_agg_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE mastery_merge(mastery) IS 'the union of the evidence of several mastery values';

-- ===================================================================
-- comparison of methods (GROUP BY, DISTINCT, indexes, hash joins)
-- ===================================================================
CREATE FUNCTION mastery_method_cmp(mastery_method, mastery_method) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_eq(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_ne(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_lt(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_le(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_gt(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_ge(mastery_method, mastery_method) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mastery_method_hash(mastery_method) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = mastery_method, RIGHTARG = mastery_method, PROCEDURE = mastery_method_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS mastery_method_ops DEFAULT FOR TYPE mastery_method USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 mastery_method_cmp(mastery_method, mastery_method);
CREATE OPERATOR CLASS mastery_method_hash_ops DEFAULT FOR TYPE mastery_method USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 mastery_method_hash(mastery_method);
COMMENT ON FUNCTION mastery_method_cmp(mastery_method, mastery_method) IS 'orders methods by kind (latest, highest, mean, decaying_average, weighted_average, n_mastery, power_law, bkt), then parameters';
