-- ===================================================================
-- learning progressions: rollups, progress, readiness, pace
-- ===================================================================
CREATE FUNCTION rollup_mastered(hierarchy competency_graph, mastered text[], rules jsonb DEFAULT '{}') RETURNS text[]
	AS 'MODULE_PATHNAME', 'mastery_rollup_mastered' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rollup_mastered(competency_graph, text[], jsonb) IS 'every node of a hierarchy (edges child -> parent) that counts as mastered: the mastered set plus each parent whose rule its children meet, cascading upward, children first';

CREATE FUNCTION hierarchy_leaves(hierarchy competency_graph, node text) RETURNS text[]
	AS 'MODULE_PATHNAME', 'mastery_hierarchy_leaves' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hierarchy_leaves(competency_graph, text) IS 'the descendants of a node (edges child -> parent) that have no children, sorted by name: the standards under a course';

CREATE FUNCTION learning_progress(prerequisites competency_graph, targets text[], mastered text[],
	OUT total integer, OUT done integer, OUT fraction float8, OUT remaining text[], OUT ready text[])
	RETURNS record
	AS 'MODULE_PATHNAME', 'mastery_learning_progress' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learning_progress(competency_graph, text[], text[]) IS 'progress toward a list of target competencies: how many are mastered, what remains in a learnable order, and what is ready now';

CREATE FUNCTION ready_since(prerequisites competency_graph, node text, mastered text[], mastered_at timestamptz[]) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'mastery_ready_since' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ready_since(competency_graph, text, text[], timestamptz[]) IS 'when a competency became ready: the latest mastery time of its direct prerequisites (-infinity without prerequisites, NULL while one is unmastered)';

CREATE FUNCTION learning_pace(total integer, mastered_at timestamptz[], started timestamptz, due timestamptz, as_of timestamptz,
	OUT done integer, OUT fraction float8, OUT per_week float8, OUT projected_completion timestamptz, OUT status text)
	RETURNS record
	AS 'MODULE_PATHNAME', 'mastery_learning_pace' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learning_pace(integer, timestamptz[], timestamptz, timestamptz, timestamptz) IS 'pace toward total competencies from the mastery times so far: competencies per week, projected completion, and status against the due date (done, ahead, on track, behind)';

CREATE FUNCTION learning_pace(total integer, mastered_at timestamptz[], started timestamptz, due timestamptz,
	OUT done integer, OUT fraction float8, OUT per_week float8, OUT projected_completion timestamptz, OUT status text)
	RETURNS record
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT * FROM @extschema@.learning_pace($1, $2, $3, $4, pg_catalog.now()) $$;
COMMENT ON FUNCTION learning_pace(integer, timestamptz[], timestamptz, timestamptz) IS 'pace as of now';
