-- ===================================================================
-- live mastery: removing evidence, and stored values kept exact by
-- statement-level triggers (mastery_track, mastery_untrack,
-- mastery_track_check)
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
