
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
    AS 'MODULE_PATHNAME', 'competency_graph_op_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_eq(competency_graph, competency_graph) IS
    'true when both graphs have the same nodes and edges';

CREATE FUNCTION competency_graph_ne(competency_graph, competency_graph) RETURNS boolean
    AS 'MODULE_PATHNAME', 'competency_graph_op_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION competency_graph_ne(competency_graph, competency_graph) IS
    'true when the graphs differ in a node or an edge';

CREATE OPERATOR = (
    LEFTARG = competency_graph, RIGHTARG = competency_graph,
    FUNCTION = competency_graph_eq, COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR = (competency_graph, competency_graph) IS 'same nodes and edges';

CREATE OPERATOR <> (
    LEFTARG = competency_graph, RIGHTARG = competency_graph,
    FUNCTION = competency_graph_ne, COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
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
