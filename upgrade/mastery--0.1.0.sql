-- mastery extension install script (assembled from src/sql/*.sql at build time)
\echo Use "CREATE EXTENSION mastery" to load this file. \quit
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
	AS 'MODULE_PATHNAME', 'mastery_is_mastered_of_mastery' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_mastered(mastery, mastery_method, mastery_scale) IS 'true when the method''s value reaches the scale''s mastery level (false with no value)';

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

-- ---------------------------------------------------------------------------
-- competency_graph: prerequisite graphs of competencies
-- ---------------------------------------------------------------------------

CREATE TYPE competency_graph;

CREATE FUNCTION competency_graph_in(cstring) RETURNS competency_graph
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_in(cstring) IS
    'text input of competency_graph: {prerequisite->competency, isolated_node, ...}';

CREATE FUNCTION competency_graph_out(competency_graph) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_out(competency_graph) IS
    'canonical text output of competency_graph (edges sorted by name)';

CREATE FUNCTION competency_graph_recv(internal) RETURNS competency_graph
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_recv(internal) IS
    'binary input of competency_graph';

CREATE FUNCTION competency_graph_send(competency_graph) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_send(competency_graph) IS
    'binary output of competency_graph';

CREATE TYPE competency_graph (
    INPUT = competency_graph_in,
    OUTPUT = competency_graph_out,
    RECEIVE = competency_graph_recv,
    SEND = competency_graph_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE competency_graph IS
    'directed graph of competencies keyed by text; an edge reads prerequisite -> competency';

CREATE FUNCTION competency_graph_eq(competency_graph, competency_graph) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_eq(competency_graph, competency_graph) IS
    'true when both graphs have the same nodes and edges';

CREATE FUNCTION competency_graph_ne(competency_graph, competency_graph) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_ne(competency_graph, competency_graph) IS
    'true when the graphs differ in a node or an edge';

CREATE OPERATOR = (
    LEFTARG = competency_graph, RIGHTARG = competency_graph,
    FUNCTION = competency_graph_eq, COMMUTATOR = =, NEGATOR = <>
);
COMMENT ON OPERATOR = (competency_graph, competency_graph) IS 'same nodes and edges';

CREATE OPERATOR <> (
    LEFTARG = competency_graph, RIGHTARG = competency_graph,
    FUNCTION = competency_graph_ne, COMMUTATOR = <>, NEGATOR = =
);
COMMENT ON OPERATOR <> (competency_graph, competency_graph) IS 'different nodes or edges';

-- aggregate -----------------------------------------------------------------

CREATE FUNCTION competency_graph_agg_trans(internal, text, text) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_agg_trans(internal, text, text) IS
    'transition function of competency_graph_agg';

CREATE FUNCTION competency_graph_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_agg_combine(internal, internal) IS
    'combine function of competency_graph_agg';

CREATE FUNCTION competency_graph_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_agg_serialize(internal) IS
    'serialization function of competency_graph_agg';

CREATE FUNCTION competency_graph_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_agg_deserialize(bytea, internal) IS
    'deserialization function of competency_graph_agg';

CREATE FUNCTION competency_graph_agg_final(internal) RETURNS competency_graph
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_agg_final(internal) IS
    'final function of competency_graph_agg';

CREATE AGGREGATE competency_graph_agg(prerequisite text, competency text) (
    SFUNC = competency_graph_agg_trans,
    STYPE = internal,
    FINALFUNC = competency_graph_agg_final,
    COMBINEFUNC = competency_graph_agg_combine,
    SERIALFUNC = competency_graph_agg_serialize,
    DESERIALFUNC = competency_graph_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE competency_graph_agg(text, text) IS
    'builds a competency_graph from (prerequisite, competency) rows; a NULL on one side adds the other as a node';

-- traversals ------------------------------------------------------------------

CREATE FUNCTION prerequisites(g competency_graph, node text) RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'competency_graph_prerequisites'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION prerequisites(competency_graph, text) IS
    'all direct and indirect prerequisites of node, sorted by name';

CREATE FUNCTION prerequisites(g competency_graph, node text, max_depth integer) RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'competency_graph_prerequisites'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION prerequisites(competency_graph, text, integer) IS
    'prerequisites of node at most max_depth edges away, sorted by name';

CREATE FUNCTION dependents(g competency_graph, node text) RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'competency_graph_dependents'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION dependents(competency_graph, text) IS
    'all competencies that need node directly or indirectly, sorted by name';

CREATE FUNCTION dependents(g competency_graph, node text, max_depth integer) RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'competency_graph_dependents'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION dependents(competency_graph, text, integer) IS
    'dependents of node at most max_depth edges away, sorted by name';

CREATE FUNCTION is_prerequisite(g competency_graph, prerequisite text, competency text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'competency_graph_is_prerequisite'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_prerequisite(competency_graph, text, text) IS
    'true when a path of one or more edges leads from prerequisite to competency';

CREATE FUNCTION ready_to_learn(g competency_graph, mastered text[]) RETURNS text[]
    AS 'MODULE_PATHNAME', 'competency_graph_ready_to_learn'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ready_to_learn(competency_graph, text[]) IS
    'competencies not mastered whose direct prerequisites are all mastered, sorted by name (NULL mastered = none)';

CREATE FUNCTION gaps(g competency_graph, mastered text[]) RETURNS text[]
    AS 'MODULE_PATHNAME', 'competency_graph_gaps'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gaps(competency_graph, text[]) IS
    'unmastered direct or indirect prerequisites of mastered competencies, sorted by name';

CREATE FUNCTION learning_path(g competency_graph, mastered text[], target text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'competency_graph_learning_path'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learning_path(competency_graph, text[], text) IS
    'unmastered prerequisites of target and target itself (if unmastered), in a learnable order';

CREATE FUNCTION topological_order(g competency_graph) RETURNS text[]
    AS 'MODULE_PATHNAME', 'competency_graph_topological_order'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION topological_order(competency_graph) IS
    'every node, prerequisites first (Kahn''s algorithm, smallest name first among ready nodes)';

CREATE FUNCTION graph_depth(g competency_graph, node text) RETURNS integer
    AS 'MODULE_PATHNAME', 'competency_graph_depth'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION graph_depth(competency_graph, text) IS
    'number of edges of the longest chain of prerequisites leading to node (0 for a node without prerequisites)';

CREATE FUNCTION longest_path(g competency_graph) RETURNS text[]
    AS 'MODULE_PATHNAME', 'competency_graph_longest_path'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION longest_path(competency_graph) IS
    'the nodes of a longest prerequisite chain, first prerequisite first';

-- listing -----------------------------------------------------------------------

CREATE FUNCTION graph_nodes(g competency_graph) RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'competency_graph_nodes'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION graph_nodes(competency_graph) IS
    'every node of the graph, sorted by name';

CREATE FUNCTION graph_edges(g competency_graph, OUT prerequisite text, OUT competency text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'competency_graph_edges'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;
COMMENT ON FUNCTION graph_edges(competency_graph) IS
    'every edge of the graph, sorted by prerequisite then competency';

CREATE FUNCTION graph_node_count(g competency_graph) RETURNS integer
    AS 'MODULE_PATHNAME', 'competency_graph_node_count'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION graph_node_count(competency_graph) IS 'number of nodes';

CREATE FUNCTION graph_edge_count(g competency_graph) RETURNS integer
    AS 'MODULE_PATHNAME', 'competency_graph_edge_count'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION graph_edge_count(competency_graph) IS 'number of distinct edges';

CREATE FUNCTION graph_has_node(g competency_graph, node text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'competency_graph_has_node'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION graph_has_node(competency_graph, text) IS 'true when node is in the graph';

CREATE FUNCTION in_degree(g competency_graph, node text) RETURNS integer
    AS 'MODULE_PATHNAME', 'competency_graph_in_degree'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION in_degree(competency_graph, text) IS 'number of direct prerequisites of node';

CREATE FUNCTION out_degree(g competency_graph, node text) RETURNS integer
    AS 'MODULE_PATHNAME', 'competency_graph_out_degree'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION out_degree(competency_graph, text) IS 'number of competencies that need node directly';

-- cycles ----------------------------------------------------------------------

CREATE FUNCTION graph_cycles(g competency_graph) RETURNS SETOF text[]
    AS 'MODULE_PATHNAME', 'competency_graph_cycles'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION graph_cycles(competency_graph) IS
    'one shortest cycle per group of mutually dependent nodes, as {a,b,...,a} starting at the group''s smallest name';

CREATE FUNCTION graph_cyclic_components(g competency_graph) RETURNS SETOF text[]
    AS 'MODULE_PATHNAME', 'competency_graph_cyclic_components'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION graph_cyclic_components(competency_graph) IS
    'members (sorted) of every strongly connected component that contains a cycle';

-- rendering ---------------------------------------------------------------------

CREATE FUNCTION to_dot(g competency_graph) RETURNS text
    AS 'MODULE_PATHNAME', 'competency_graph_to_dot'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION to_dot(competency_graph) IS
    'Graphviz DOT drawing of the graph';

CREATE FUNCTION to_dot(g competency_graph, mastered text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'competency_graph_to_dot'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION to_dot(competency_graph, text[]) IS
    'Graphviz DOT drawing of the graph with mastered, gap, ready-to-learn and not-yet nodes styled differently';

CREATE FUNCTION to_dot(g competency_graph, mastered text[], around integer) RETURNS text
    AS 'MODULE_PATHNAME', 'competency_graph_to_dot'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION to_dot(competency_graph, text[], integer) IS
    'Graphviz DOT drawing of the part of the graph within around edges of what the learner is ready to learn and of the gaps';
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
