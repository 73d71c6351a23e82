-- ===================================================================
-- progress over time: when was mastery reached, lost; the running value
-- ===================================================================
CREATE FUNCTION mastered_at(mastery, mastery_method, mastery_scale) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'mastery_mastered_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastered_at(mastery, mastery_method, mastery_scale) IS 'assessment time of the first evidence after which the method''s running value reached the scale''s mastery level (NULL if never, or if that evidence has no time)';

CREATE FUNCTION mastery_lost_at(mastery, mastery_method, mastery_scale) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'mastery_lost_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mastery_lost_at(mastery, mastery_method, mastery_scale) IS 'assessment time of the last evidence after which a mastered value fell below the mastery level (NULL if it never did)';

CREATE FUNCTION mastery_steps(mastery, mastery_method,
	OUT step integer, OUT at timestamptz, OUT seq bigint, OUT score float8, OUT value float8, OUT level text, OUT mastered boolean)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE FUNCTION mastery_steps(mastery, mastery_method, mastery_scale,
	OUT step integer, OUT at timestamptz, OUT seq bigint, OUT score float8, OUT value float8, OUT level text, OUT mastered boolean)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mastery_steps(mastery, mastery_method) IS 'the evidence in assessment order with the method''s running value after each item';
COMMENT ON FUNCTION mastery_steps(mastery, mastery_method, mastery_scale) IS 'the evidence in assessment order with the running value, its level and whether it is mastered';
