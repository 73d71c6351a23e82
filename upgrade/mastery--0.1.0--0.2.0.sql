-- mastery upgrade script: 0.1.0 -> 0.2.0
-- Every change of the SQL surface between the two releases is repeated here; the upgrade
-- test (test/upgrade.sh) checks that an upgraded database has exactly the objects of a
-- fresh 0.2.0 install.
\echo Use "ALTER EXTENSION mastery UPDATE TO '0.2.0'" to load this file. \quit

-- ===================================================================
-- knowledge tracing (new in 0.2.0): bkt_fit, bkt_fit_report, mastery_predict, roc_auc
CREATE FUNCTION bkt_fit_trans(internal, mastery) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_trans(internal, mastery, jsonb) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bkt_fit_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bkt_fit_final(internal) RETURNS mastery_method
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bkt_fit_report_final(internal) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE bkt_fit(m mastery) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE bkt_fit(m mastery, options jsonb) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE bkt_fit(mastery) IS 'fits bkt(prior, learn, slip, guess, forget, cut) by EM to the learners'' answer sequences of one competency (one mastery value per learner)';
COMMENT ON AGGREGATE bkt_fit(mastery, jsonb) IS 'fits bkt by EM with options: cut, restarts, seed, forget, max_iterations, tolerance, max_guess, max_slip';

CREATE AGGREGATE bkt_fit_report(m mastery) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_report_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE bkt_fit_report(m mastery, options jsonb) (
	SFUNC = bkt_fit_trans,
	STYPE = internal,
	SSPACE = 4096,
	FINALFUNC = bkt_fit_report_final,
	COMBINEFUNC = bkt_fit_combine,
	SERIALFUNC = bkt_fit_serialize,
	DESERIALFUNC = bkt_fit_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE bkt_fit_report(mastery) IS 'the BKT fit as jsonb: parameters, log-likelihood, iterations, convergence, learners, observations and a warning for degenerate or thin fits';
COMMENT ON AGGREGATE bkt_fit_report(mastery, jsonb) IS 'the BKT fit with options as jsonb: parameters, log-likelihood, iterations, convergence, learners, observations, warning';

CREATE FUNCTION mastery_predict(m mastery, method mastery_method,
	OUT step integer, OUT at timestamptz, OUT score float8, OUT correct boolean,
	OUT p_correct float8, OUT p_known float8) RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE FUNCTION mastery_predict(m mastery, method mastery_method, as_of timestamptz,
	OUT step integer, OUT at timestamptz, OUT score float8, OUT correct boolean,
	OUT p_correct float8, OUT p_known float8) RETURNS SETOF record
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION mastery_predict(mastery, mastery_method) IS 'for each answer in assessment order: the bkt probability of a correct answer before it (p_correct) and P(known) after it (p_known)';
COMMENT ON FUNCTION mastery_predict(mastery, mastery_method, timestamptz) IS 'mastery_predict over the answers assessed at or before as_of';

CREATE FUNCTION roc_auc_trans(internal, float8, boolean) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION roc_auc_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION roc_auc_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_final(internal) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE roc_auc(predicted float8, actual boolean) (
	SFUNC = roc_auc_trans,
	STYPE = internal,
	SSPACE = 1024,
	FINALFUNC = roc_auc_final,
	COMBINEFUNC = roc_auc_combine,
	SERIALFUNC = roc_auc_serialize,
	DESERIALFUNC = roc_auc_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE roc_auc(float8, boolean) IS 'exact area under the ROC curve: the probability that a true row is predicted above a false one, ties counting half (NULLs skipped; NULL when a class is absent)';

-- -------------------------------------------------------------------
-- types behave like built-ins (issue #10): comparison and hashing of
-- mastery, mastery_scale and competency_graph; text and varchar methods
-- and scales; dates as whole days; is_mastered of a NULL state
-- -------------------------------------------------------------------

-- is_mastered(NULL::mastery, method, scale) is false: no longer STRICT
ALTER FUNCTION is_mastered(mastery, mastery_method, mastery_scale) CALLED ON NULL INPUT;
COMMENT ON FUNCTION is_mastered(mastery, mastery_method, mastery_scale) IS 'true when the method''s value reaches the scale''s mastery level (false with no value, also for a NULL state; NULL when the method or the scale is NULL)';

-- graph equality: functions that free detoasted copies; = hashes and merges
CREATE OR REPLACE FUNCTION competency_graph_eq(competency_graph, competency_graph) RETURNS boolean
    AS 'MODULE_PATHNAME', 'competency_graph_op_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION competency_graph_ne(competency_graph, competency_graph) RETURNS boolean
    AS 'MODULE_PATHNAME', 'competency_graph_op_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
ALTER OPERATOR = (competency_graph, competency_graph) SET (RESTRICT = eqsel, JOIN = eqjoinsel);
ALTER OPERATOR <> (competency_graph, competency_graph) SET (RESTRICT = neqsel, JOIN = neqjoinsel);
-- HASHES and MERGES cannot be set by ALTER OPERATOR before PostgreSQL 17
UPDATE pg_catalog.pg_operator SET oprcanhash = true, oprcanmerge = true
 WHERE oid = '@extschema@.=(@extschema@.competency_graph, @extschema@.competency_graph)'::pg_catalog.regoperator;

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

-- ===================================================================
-- Live mastery (mastery_remove, mastery_add of a value, mastery_track,
-- mastery_untrack, mastery_track_check): the whole of src/sql/70_live.sql
-- ===================================================================
CREATE FUNCTION mastery_remove(m mastery, score float8, at timestamptz) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_remove(m mastery, score float8, at timestamptz, seq bigint) RETURNS mastery
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_remove(m mastery, items mastery) RETURNS mastery
	AS 'MODULE_PATHNAME', 'mastery_remove_items' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mastery_add(state mastery, items mastery) RETURNS mastery
	AS 'MODULE_PATHNAME', 'mastery_add_items' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mastery_remove(mastery, float8, timestamptz) IS 'the value without one item equal to the given one (unchanged when none is; NULL when the last item goes; a NULL score removes nothing)';
COMMENT ON FUNCTION mastery_remove(mastery, float8, timestamptz, bigint) IS 'the value without one item equal to the given one, sequence number included (unchanged when none is; NULL when the last item goes)';
COMMENT ON FUNCTION mastery_remove(mastery, mastery) IS 'the value without one equal item for each item of the second value (items with no match are ignored; NULL when nothing is left)';
COMMENT ON FUNCTION mastery_add(mastery, mastery) IS 'the union of the evidence of two values (a NULL side is empty)';

-- The registry of tracked evidence tables. An extension configuration table:
-- pg_dump saves its rows with the triggers and functions mastery_track made.
CREATE TABLE mastery_tracked (
	evidence regclass PRIMARY KEY,
	target regclass NOT NULL,
	keys text[] NOT NULL,
	score text NOT NULL,
	at text NOT NULL,
	seq text,
	notify text
);
COMMENT ON TABLE mastery_tracked IS 'evidence tables whose mastery is kept in a target table by mastery_track';
SELECT pg_catalog.pg_extension_config_dump('mastery_tracked', '');
-- everyone reads it; a row is added or removed by whoever may create
-- triggers on its evidence table (what mastery_track does anyway)
ALTER TABLE mastery_tracked ENABLE ROW LEVEL SECURITY;
CREATE POLICY mastery_tracked_read ON mastery_tracked FOR SELECT USING (true);
CREATE POLICY mastery_tracked_add ON mastery_tracked FOR INSERT
	WITH CHECK (pg_catalog.has_table_privilege(evidence::oid, 'TRIGGER'));
CREATE POLICY mastery_tracked_remove ON mastery_tracked FOR DELETE
	USING (pg_catalog.has_table_privilege(evidence::oid, 'TRIGGER'));
GRANT SELECT, INSERT, DELETE ON mastery_tracked TO PUBLIC;

-- The schema of the extension, quoted.
CREATE FUNCTION mastery_live_extschema() RETURNS text
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT pg_catalog.quote_ident(n.nspname::text)
	      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
	      WHERE e.extname = 'mastery' $$;
COMMENT ON FUNCTION mastery_live_extschema() IS 'internal: the quoted name of the schema of the mastery extension';

-- A column of a table: its number and type, or a clear error.
CREATE FUNCTION mastery_live_column(tbl regclass, col text, what text,
	OUT col_num smallint, OUT col_type oid, OUT col_typmod integer, OUT col_coll oid)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	IF col IS NULL THEN
		RAISE EXCEPTION 'the % column name must not be NULL', what
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT a.attnum, a.atttypid, a.atttypmod, a.attcollation
	INTO col_num, col_type, col_typmod, col_coll
	FROM pg_attribute a
	WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'column "%" of relation % does not exist', col, tbl
			USING ERRCODE = 'undefined_column',
				DETAIL = format('The %s column is named as spelled in the catalog (case-sensitive, no quotes).', what),
				HINT = format('The columns are: %s.', (SELECT string_agg(quote_ident(attname), ', ' ORDER BY a2.attnum)
					FROM pg_attribute a2 WHERE a2.attrelid = tbl AND a2.attnum > 0 AND NOT a2.attisdropped));
	END IF;
END $$;
COMMENT ON FUNCTION mastery_live_column(regclass, text, text) IS 'internal: number, type, typmod and collation of a column of a table, or an error naming what is missing';

-- Whether values of a column type convert to want (same type, or a cast
-- usable in an assignment; domains by their base type).
CREATE FUNCTION mastery_live_castable(typ oid, want oid) RETURNS boolean
	LANGUAGE sql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $$
	WITH RECURSIVE b(t) AS (
		SELECT typ
		UNION ALL
		SELECT ty.typbasetype FROM pg_type ty JOIN b ON ty.oid = b.t WHERE ty.typtype = 'd')
	SELECT EXISTS (SELECT FROM b WHERE b.t = want
	               OR EXISTS (SELECT FROM pg_cast c WHERE c.castsource = b.t AND c.casttarget = want
	                          AND c.castcontext IN ('i', 'a')))
$$;
COMMENT ON FUNCTION mastery_live_castable(oid, oid) IS 'internal: whether a column type converts to another in an assignment';

-- The trigger function body kept per evidence table (generated, static SQL:
-- plans are cached per session).
CREATE FUNCTION mastery_live_trigger_body(ev regclass, tgt text, keys text[], score text, at text,
	seq text, notify text) RETURNS text
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
	AS $f$
DECLARE
	x text := @extschema@.mastery_live_extschema();
	k text := (SELECT string_agg(format('%I', c), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY u(c, o));
	tk text := (SELECT string_agg(format('t.%I', c), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY u(c, o));
	j text := (SELECT string_agg(format('t.%1$I = d.%1$I', c), ' AND ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY u(c, o));
	js text := (SELECT string_agg(format('%L, %I', c, c), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY u(c, o));
	agg text := format('%s.mastery_agg((%I)::pg_catalog.float8, (%I)::pg_catalog.timestamptz%s)',
		x, score, at, CASE WHEN seq IS NULL THEN '' ELSE format(', (%I)::pg_catalog.int8', seq) END);
	nonnull text := format('(%I) IS NOT NULL', score);
	note text := CASE WHEN notify IS NULL THEN 'pg_catalog.count(*)'
		ELSE format('pg_catalog.count(pg_catalog.pg_notify(%L, pg_catalog.json_build_object(%s)::text))', notify, js) END;
	src text := format('%I.%I', (SELECT nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE c.oid = ev),
		(SELECT relname FROM pg_class WHERE oid = ev));
	ins text;
	lock_keys text;
	delta text;
	apply text;
BEGIN
	-- inserted evidence only: one grouped upsert in key order
	ins := format($s$
			INSERT INTO %1$s AS t (%2$s, m)
			SELECT %2$s, %3$s FROM mastery_new WHERE %4$s GROUP BY %2$s ORDER BY %2$s
			ON CONFLICT (%2$s) DO UPDATE SET m = %5$s.mastery_add(t.m, excluded.m)$s$, tgt, k, agg, nonnull, x);
	IF notify IS NULL THEN
		ins := ins || ';';
	ELSE
		ins := format($s$
		WITH u AS (%1$s
			RETURNING %2$s)
		SELECT %3$s INTO _n FROM u;$s$, ins, tk, note);
	END IF;
	-- updated or deleted evidence: (1) lock the groups in key order (new
	-- ones are inserted empty), (2) apply the difference in a new snapshot
	lock_keys := $s$
			INSERT INTO %1$s AS t (%2$s, m)
			SELECT %2$s, '{}'::%5$s.mastery FROM (%3$s) d ORDER BY %2$s
			ON CONFLICT (%2$s) DO UPDATE SET m = excluded.m WHERE false;$s$;
	apply := $s$
		WITH d AS (%3$s),
		c AS (SELECT %6$s, %5$s.mastery_add(%5$s.mastery_remove(t.m, d.minus), d.plus) AS nm
		      FROM %1$s t JOIN d ON %7$s),
		gone AS (DELETE FROM %1$s t USING c d WHERE %7$s AND (d.nm IS NULL OR %5$s.evidence_count(d.nm) = 0)
		         RETURNING %6$s),
		kept AS (UPDATE %1$s t SET m = d.nm FROM c d WHERE %7$s AND %5$s.evidence_count(d.nm) > 0
		         RETURNING %6$s)
		SELECT %8$s INTO _n FROM (SELECT * FROM gone UNION ALL SELECT * FROM kept) t;$s$;
	RETURN format($s$
DECLARE
	_n bigint;
BEGIN
	IF TG_OP = 'INSERT' THEN%1$s
	ELSIF TG_OP = 'DELETE' THEN%2$s%3$s
	ELSIF TG_OP = 'UPDATE' THEN%4$s%5$s
	ELSIF TG_ARGV[0] = 'root' THEN
		TRUNCATE %6$s;%11$s
	ELSE
		-- a partition was truncated: recompute from the whole table
		DELETE FROM %6$s;
		INSERT INTO %6$s (%7$s, m) SELECT %7$s, %8$s FROM %9$s WHERE %10$s GROUP BY %7$s;%11$s
	END IF;
	RETURN NULL;
END$s$,
		ins,
		format(lock_keys, tgt, k, format('SELECT DISTINCT %s FROM mastery_old WHERE %s', k, nonnull), '', x),
		format(apply, tgt, k,
			format('SELECT %s, %s AS minus, NULL::%s.mastery AS plus FROM mastery_old WHERE %s GROUP BY %s',
				k, agg, x, nonnull, k),
			'', x, tk, j, note),
		format(lock_keys, tgt, k,
			format('SELECT %1$s FROM mastery_old WHERE %2$s UNION SELECT %1$s FROM mastery_new WHERE %2$s', k, nonnull),
			'', x),
		format(apply, tgt, k,
			format($s$SELECT %1$s, o.minus, p.plus
			FROM (SELECT %1$s, %2$s AS minus FROM mastery_old WHERE %4$s GROUP BY %1$s) o
			FULL JOIN (SELECT %1$s, %2$s AS plus FROM mastery_new WHERE %4$s GROUP BY %1$s) p USING (%1$s)
			WHERE %3$s.mastery_send(o.minus) IS DISTINCT FROM %3$s.mastery_send(p.plus)$s$, k, agg, x, nonnull),
			'', x, tk, j, note),
		tgt, k, agg, src, nonnull,
		CASE WHEN notify IS NULL THEN '' ELSE format(E'\n\t\tPERFORM pg_catalog.pg_notify(%L, ''{}'');', notify) END);
END $f$;
COMMENT ON FUNCTION mastery_live_trigger_body(regclass, text, text[], text, text, text, text) IS 'internal: the PL/pgSQL body of the trigger function mastery_track makes for an evidence table';

CREATE FUNCTION mastery_track(evidence regclass, target text, keys text[], score text, at text,
	seq text DEFAULT NULL, notify text DEFAULT NULL) RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY INVOKER
	SET search_path = pg_catalog, pg_temp
	AS $f$
DECLARE
	x text := @extschema@.mastery_live_extschema();
	ev_kind "char";
	ev_schema name;
	ev_name text;
	tgt_oid oid;
	tgt text;
	coldefs text := '';
	col record;
	fn text;
	rel regclass;
	k text;
	n_match integer;
BEGIN
	IF evidence IS NULL OR target IS NULL OR keys IS NULL OR score IS NULL OR at IS NULL THEN
		RAISE EXCEPTION 'mastery_track needs the evidence table, target, keys, score and at'
			USING ERRCODE = 'null_value_not_allowed',
				HINT = 'Only seq and notify may be NULL.';
	END IF;
	SELECT cl.relkind, n.nspname, cl.relname INTO ev_kind, ev_schema, ev_name
	FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.oid = evidence;
	IF ev_kind NOT IN ('r', 'p') THEN
		RAISE EXCEPTION '% is not a table', evidence
			USING ERRCODE = 'wrong_object_type',
				DETAIL = 'Evidence tracked by mastery_track is an ordinary or partitioned table.';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.mastery_tracked t WHERE t.evidence = mastery_track.evidence)
	   OR EXISTS (SELECT FROM pg_trigger WHERE tgrelid = evidence AND tgname = 'mastery_live_ins') THEN
		RAISE EXCEPTION 'table % is already tracked', evidence
			USING ERRCODE = 'duplicate_object',
				HINT = 'Call mastery_untrack first to track it into another target.';
	END IF;
	IF target = '' OR octet_length(target) > 63 THEN
		RAISE EXCEPTION 'invalid target table name "%"', target
			USING ERRCODE = 'invalid_name',
				DETAIL = 'A table name has 1 to 63 bytes.';
	END IF;
	IF cardinality(keys) = 0 THEN
		RAISE EXCEPTION 'mastery_track needs at least one key column'
			USING ERRCODE = 'invalid_parameter_value',
				HINT = 'The keys name the columns that identify a group, e.g. ARRAY[''learner'', ''competency''].';
	END IF;
	IF array_position(keys, NULL) IS NOT NULL THEN
		RAISE EXCEPTION 'key column names must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF (SELECT count(DISTINCT u) FROM unnest(keys) u) <> cardinality(keys) THEN
		RAISE EXCEPTION 'key columns must be distinct'
			USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The keys are %s.', keys);
	END IF;
	IF 'm' = ANY (keys) THEN
		RAISE EXCEPTION 'a key column cannot be named "m"'
			USING ERRCODE = 'invalid_parameter_value',
				DETAIL = 'The target table has the key columns and then a column m holding the mastery value.';
	END IF;
	IF notify = '' OR octet_length(notify) > 63 THEN
		RAISE EXCEPTION 'invalid notification channel "%"', notify
			USING ERRCODE = 'invalid_parameter_value',
				DETAIL = 'A channel name has 1 to 63 bytes.';
	END IF;

	-- the columns: keys (any type with equality), score, at and seq
	FOREACH k IN ARRAY keys LOOP
		SELECT * INTO col FROM @extschema@.mastery_live_column(evidence, k, 'key');
		coldefs := coldefs || format('%I %s%s, ', k, format_type(col.col_type, col.col_typmod),
			CASE WHEN col.col_coll <> 0 AND col.col_coll <> (SELECT typcollation FROM pg_type WHERE oid = col.col_type)
				THEN (SELECT format(' COLLATE %I.%I', cn.nspname, co.collname)
				      FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = col.col_coll)
				ELSE '' END);
	END LOOP;
	DECLARE
		w record;
	BEGIN
		FOR w IN SELECT * FROM (VALUES ('score', score, 'float8'::regtype), ('at', at, 'timestamptz'::regtype),
		                               ('seq', seq, 'bigint'::regtype)) u(what, cname, want)
		         WHERE u.cname IS NOT NULL LOOP
			SELECT * INTO col FROM @extschema@.mastery_live_column(evidence, w.cname, w.what);
			IF NOT @extschema@.mastery_live_castable(col.col_type, w.want) THEN
				RAISE EXCEPTION 'column "%" of relation % has type %, which does not convert to %',
					w.cname, evidence, format_type(col.col_type, col.col_typmod), w.want
					USING ERRCODE = 'datatype_mismatch',
						DETAIL = format('The %s column must convert to %s in an assignment.', w.what, w.want);
			END IF;
		END LOOP;
	END;

	-- the target: made in the evidence table's schema, or checked
	tgt := format('%I.%I', ev_schema, target);
	SELECT cl.oid INTO tgt_oid FROM pg_class cl WHERE cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ev_schema)
		AND cl.relname = target;
	IF tgt_oid = evidence THEN
		RAISE EXCEPTION 'the target table cannot be the evidence table'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF tgt_oid IS NULL THEN
		EXECUTE format('CREATE TABLE %s (%sm %s.mastery NOT NULL, PRIMARY KEY (%s))', tgt, coldefs, x,
			(SELECT string_agg(format('%I', u), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY v(u, o)));
		tgt_oid := tgt::regclass;
	ELSE
		IF (SELECT relkind FROM pg_class WHERE oid = tgt_oid) <> 'r' THEN
			RAISE EXCEPTION '% exists and is not an ordinary table', tgt
				USING ERRCODE = 'wrong_object_type';
		END IF;
		SELECT count(*) INTO n_match FROM pg_attribute a
		WHERE a.attrelid = tgt_oid AND a.attnum > 0 AND NOT a.attisdropped
		  AND ((a.attname = 'm' AND a.atttypid = (x || '.mastery')::regtype)
		       OR EXISTS (SELECT FROM pg_attribute e WHERE e.attrelid = evidence AND e.attname = a.attname
		                  AND e.attname = ANY (keys) AND e.atttypid = a.atttypid AND e.atttypmod = a.atttypmod));
		IF n_match <> cardinality(keys) + 1 OR n_match <> (SELECT count(*) FROM pg_attribute a
				WHERE a.attrelid = tgt_oid AND a.attnum > 0 AND NOT a.attisdropped) THEN
			RAISE EXCEPTION 'table % exists with another shape', tgt
				USING ERRCODE = 'invalid_table_definition',
					DETAIL = format('A target table has exactly the columns (%sm mastery).', coldefs),
					HINT = 'Name a new table, or drop or alter this one.';
		END IF;
		EXECUTE format('DELETE FROM %s', tgt);
		IF NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = tgt_oid AND i.indisunique AND i.indpred IS NULL
		               AND i.indexprs IS NULL AND i.indnkeyatts = cardinality(keys)
		               AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
		                    WHERE a.attrelid = tgt_oid AND a.attnum = ANY (i.indkey::smallint[]))
		                   = (SELECT array_agg(u ORDER BY u COLLATE "C") FROM unnest(keys) u)) THEN
			EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (%s)', tgt,
				(SELECT string_agg(format('%I', u), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY v(u, o)));
		END IF;
	END IF;

	-- no writes between the fill and the triggers
	EXECUTE format('LOCK TABLE %I.%I IN SHARE ROW EXCLUSIVE MODE', ev_schema, ev_name);
	EXECUTE format('INSERT INTO %1$s (%2$s, m) SELECT %2$s, %3$s.mastery_agg((%4$I)::pg_catalog.float8, (%5$I)::pg_catalog.timestamptz%6$s) FROM %7$I.%8$I WHERE %4$I IS NOT NULL GROUP BY %2$s',
		tgt, (SELECT string_agg(format('%I', u), ', ' ORDER BY o) FROM unnest(keys) WITH ORDINALITY v(u, o)), x,
		score, at, CASE WHEN seq IS NULL THEN '' ELSE format(', (%I)::pg_catalog.int8', seq) END, ev_schema, ev_name);

	-- the trigger function and the triggers (the table and every partition)
	fn := format('%I.%I', ev_schema, 'mastery_live_' || evidence::oid);
	EXECUTE format('CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS %L',
		fn, @extschema@.mastery_live_trigger_body(evidence, tgt, keys, score, at, seq, notify));
	EXECUTE format('COMMENT ON FUNCTION %s() IS %L', fn,
		format('keeps %s equal to mastery_agg over %s (made by mastery_track; dropped by mastery_untrack)', tgt, evidence));
	FOR rel IN SELECT relid FROM pg_partition_tree(evidence) UNION SELECT evidence LOOP
		EXECUTE format('CREATE TRIGGER mastery_live_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS mastery_new FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
			rel, fn, CASE WHEN rel = evidence THEN 'root' ELSE 'part' END);
		EXECUTE format('CREATE TRIGGER mastery_live_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS mastery_old NEW TABLE AS mastery_new FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
			rel, fn, CASE WHEN rel = evidence THEN 'root' ELSE 'part' END);
		EXECUTE format('CREATE TRIGGER mastery_live_del AFTER DELETE ON %s REFERENCING OLD TABLE AS mastery_old FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
			rel, fn, CASE WHEN rel = evidence THEN 'root' ELSE 'part' END);
		EXECUTE format('CREATE TRIGGER mastery_live_trunc AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
			rel, fn, CASE WHEN rel = evidence THEN 'root' ELSE 'part' END);
	END LOOP;
	DELETE FROM @extschema@.mastery_tracked t WHERE t.evidence = mastery_track.evidence;
	INSERT INTO @extschema@.mastery_tracked VALUES (evidence, tgt_oid, keys, score, at, seq, notify);
END $f$;
COMMENT ON FUNCTION mastery_track(regclass, text, text[], text, text, text, text) IS 'keeps target (key columns, m mastery) equal to mastery_agg(score, at[, seq]) over the evidence grouped by keys, through every INSERT, UPDATE, DELETE, TRUNCATE and COPY';

CREATE FUNCTION mastery_untrack(evidence regclass) RETURNS void
	LANGUAGE plpgsql VOLATILE SECURITY INVOKER
	SET search_path = pg_catalog, pg_temp
	AS $f$
DECLARE
	fn oid;
	r record;
BEGIN
	SELECT t.tgfoid INTO fn FROM pg_trigger t WHERE t.tgrelid = evidence AND t.tgname = 'mastery_live_ins';
	IF fn IS NULL AND NOT EXISTS (SELECT FROM @extschema@.mastery_tracked t WHERE t.evidence = mastery_untrack.evidence) THEN
		RAISE EXCEPTION 'table % is not tracked', evidence
			USING ERRCODE = 'undefined_object';
	END IF;
	FOR r IN SELECT t.tgrelid::regclass AS rel, t.tgname FROM pg_trigger t
		WHERE t.tgfoid = fn AND t.tgname IN ('mastery_live_ins', 'mastery_live_upd', 'mastery_live_del', 'mastery_live_trunc')
		ORDER BY t.tgrelid, t.tgname LOOP
		EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.rel);
	END LOOP;
	IF fn IS NOT NULL THEN
		EXECUTE format('DROP FUNCTION %s', fn::regprocedure);
	END IF;
	DELETE FROM @extschema@.mastery_tracked t WHERE t.evidence = mastery_untrack.evidence;
END $f$;
COMMENT ON FUNCTION mastery_untrack(regclass) IS 'stops keeping the target of an evidence table (the target table stays as it is)';

CREATE FUNCTION mastery_track_check(evidence regclass) RETURNS bigint
	LANGUAGE plpgsql VOLATILE SECURITY INVOKER
	SET search_path = pg_catalog, pg_temp
	-- a serial hash aggregate: on a plain table the leader's serial combine of the
	-- workers' partial states costs more than the workers save (see bench/mastery.sh)
	SET max_parallel_workers_per_gather = 0
	AS $f$
DECLARE
	r @extschema@.mastery_tracked;
	x text := @extschema@.mastery_live_extschema();
	k text;
	n bigint;
BEGIN
	SELECT * INTO r FROM @extschema@.mastery_tracked t WHERE t.evidence = mastery_track_check.evidence;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'table % is not tracked', evidence
			USING ERRCODE = 'undefined_object',
				HINT = 'mastery_track starts tracking a table.';
	END IF;
	k := (SELECT string_agg(format('%I', u), ', ' ORDER BY o) FROM unnest(r.keys) WITH ORDINALITY v(u, o));
	-- one hash full join of the recompute with the target on the keys
	EXECUTE format($s$
		SELECT count(*)
		FROM (SELECT %1$s, %2$s.mastery_send(%2$s.mastery_agg((%3$I)::pg_catalog.float8, (%4$I)::pg_catalog.timestamptz%5$s)) AS b
		      FROM %6$s WHERE %3$I IS NOT NULL GROUP BY %1$s) f
		FULL JOIN (SELECT %1$s, %2$s.mastery_send(m) AS b FROM %7$s) t USING (%1$s)
		WHERE f.b IS NULL OR t.b IS NULL OR f.b <> t.b$s$,
		k, x, r.score, r.at, CASE WHEN r.seq IS NULL THEN '' ELSE format(', (%I)::pg_catalog.int8', r.seq) END,
		r.evidence, r.target) INTO n;
	RETURN n;
END $f$;
COMMENT ON FUNCTION mastery_track_check(regclass) IS 'the number of groups of a tracked target that differ from a full recompute over the evidence (0 when exact)';
