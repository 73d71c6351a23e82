-- A canonical listing of every member of the extension mastery, one row per member
-- (plus one per operator-family member), used by the upgrade test to compare an upgraded
-- database with a fresh install. Oids never appear: everything is named.
\pset format unaligned
\pset tuples_only on
WITH ext AS (
  SELECT oid, extname, extversion, extrelocatable,
         (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(extconfig) c) AS config
  FROM pg_extension WHERE extname = 'mastery'
), member AS (
  SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d JOIN ext ON d.refobjid = ext.oid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
), listing AS (
  SELECT 'extension ' || extname || ' ' || extversion || ' relocatable=' || extrelocatable
         || ' config=' || coalesce(config::text, '{}') AS line
  FROM ext
  UNION ALL
  SELECT pg_describe_object(m.classid, m.objid, m.objsubid) || ' :: ' ||
    CASE m.classid
      WHEN 'pg_proc'::regclass THEN (
        SELECT CASE WHEN p.prokind = 'a' THEN
                 format('aggregate args=%s returns=%s strict=%s parallel=%s trans=%s final=%s combine=%s serial=%s deserial=%s mtrans=%s minv=%s mfinal=%s finalextra=%s finalmodify=%s stype=%s space=%s init=%s sortop=%s kind=%s nargs=%s',
                   pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.proisstrict, p.proparallel,
                   a.aggtransfn::regprocedure, a.aggfinalfn::regprocedure, a.aggcombinefn::regprocedure,
                   a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure, a.aggmtransfn::regprocedure,
                   a.aggminvtransfn::regprocedure, a.aggmfinalfn::regprocedure, a.aggfinalextra, a.aggfinalmodify,
                   a.aggtranstype::regtype, a.aggtransspace, a.agginitval, a.aggsortop::regoperator,
                   a.aggkind, a.aggnumdirectargs)
               ELSE pg_get_functiondef(p.oid) || format(' leakproof=%s support=%s', p.proleakproof, p.prosupport)
               END
        FROM pg_proc p LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE p.oid = m.objid)
      WHEN 'pg_type'::regclass THEN (
        SELECT format('type len=%s byval=%s kind=%s category=%s preferred=%s delim=%s elem=%s array=%s in=%s out=%s recv=%s send=%s modin=%s modout=%s analyze=%s subscript=%s align=%s storage=%s collatable=%s',
                 t.typlen, t.typbyval, t.typtype, t.typcategory, t.typispreferred, t.typdelim,
                 t.typelem::regtype, t.typarray::regtype, t.typinput::regprocedure, t.typoutput::regprocedure,
                 t.typreceive::regprocedure, t.typsend::regprocedure, t.typmodin::regprocedure,
                 t.typmodout::regprocedure, t.typanalyze::regprocedure, t.typsubscript::regprocedure,
                 t.typalign, t.typstorage, t.typcollation <> 0)
        FROM pg_type t WHERE t.oid = m.objid)
      WHEN 'pg_operator'::regclass THEN (
        SELECT format('operator kind=%s left=%s right=%s result=%s code=%s com=%s negate=%s rest=%s join=%s merges=%s hashes=%s',
                 o.oprkind, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype, o.oprcode::regprocedure,
                 o.oprcom::regoperator, o.oprnegate::regoperator, o.oprrest::regprocedure, o.oprjoin::regprocedure,
                 o.oprcanmerge, o.oprcanhash)
        FROM pg_operator o WHERE o.oid = m.objid)
      WHEN 'pg_opclass'::regclass THEN (
        SELECT format('opclass method=%s intype=%s default=%s keytype=%s family=%s',
                 am.amname, c.opcintype::regtype, c.opcdefault, c.opckeytype::regtype,
                 pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0))
        FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod WHERE c.oid = m.objid)
      WHEN 'pg_opfamily'::regclass THEN (
        SELECT format('opfamily method=%s', am.amname)
        FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod WHERE f.oid = m.objid)
      WHEN 'pg_cast'::regclass THEN (
        SELECT format('cast func=%s context=%s method=%s', c.castfunc::regprocedure, c.castcontext, c.castmethod)
        FROM pg_cast c WHERE c.oid = m.objid)
      WHEN 'pg_class'::regclass THEN (
        SELECT format('relation kind=%s persistence=%s rls=%s columns=%s', c.relkind, c.relpersistence, c.relrowsecurity,
                 (SELECT string_agg(format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                           CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                                           coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')),
                                    ', ' ORDER BY a.attnum)
                  FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
        FROM pg_class c WHERE c.oid = m.objid)
      ELSE 'other'
    END
    || coalesce(' comment=' || quote_literal(pg_describe_object(m.classid, m.objid, m.objsubid) || ': ' ||
                                             obj_description(m.objid, (SELECT relname FROM pg_class WHERE oid = m.classid))), '')
  FROM member m
  UNION ALL
  -- members of the extension's operator families (owned by the family, not the extension)
  SELECT pg_describe_object('pg_amop'::regclass, ao.oid, 0) || ' :: purpose=' || ao.amoppurpose::text
         || ' sortfamily=' || coalesce(pg_describe_object('pg_opfamily'::regclass, ao.amopsortfamily, 0), '-')
  FROM pg_amop ao JOIN member m ON m.classid = 'pg_opfamily'::regclass AND ao.amopfamily = m.objid
  UNION ALL
  SELECT pg_describe_object('pg_amproc'::regclass, ap.oid, 0)
  FROM pg_amproc ap JOIN member m ON m.classid = 'pg_opfamily'::regclass AND ap.amprocfamily = m.objid
  UNION ALL
  -- privileges granted on the extension's functions and types
  SELECT 'acl ' || pg_describe_object(m.classid, m.objid, 0) || ' :: ' ||
         coalesce((SELECT proacl::text FROM pg_proc WHERE m.classid = 'pg_proc'::regclass AND oid = m.objid),
                  (SELECT typacl::text FROM pg_type WHERE m.classid = 'pg_type'::regclass AND oid = m.objid),
                  (SELECT relacl::text FROM pg_class WHERE m.classid = 'pg_class'::regclass AND oid = m.objid), '-')
  FROM member m WHERE m.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass)
)
SELECT line FROM listing ORDER BY line COLLATE "C";
