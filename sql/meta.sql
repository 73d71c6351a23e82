-- META.json (PGXN meta spec 1.0.0) is well-formed, complete and agrees with the
-- control file, the Makefile, the Debian changelog and the files of the tree.
-- The files are read on the client side (psql runs in the source directory).
\set meta `cat META.json`
\set control_version `sed -n "s/^default_version *= *'\\(.*\\)'/\\1/p" mastery.control`
\set make_version `sed -n 's/^EXTVERSION *= *//p' Makefile`
\set debian_version `sed -n '1{s/^[^(]*(//;s/[-)].*//;p;}' debian/changelog`
CREATE TEMP TABLE meta AS SELECT :'meta'::jsonb AS j;
-- the same semantic version pattern the spec requires (major.minor.patch[-prerelease])
CREATE FUNCTION pg_temp.semver(v jsonb) RETURNS boolean LANGUAGE sql AS
$$ SELECT jsonb_typeof(v) = 'string'
          AND v #>> '{}' ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z]+)?$' $$;
-- a term: two or more characters, no white space, slash, backslash or colon
CREATE FUNCTION pg_temp.term(v text) RETURNS boolean LANGUAGE sql AS
$$ SELECT v ~ '^[^[:space:]/\\:]{2,}$' $$;
SELECT name, ok FROM meta, LATERAL (VALUES
  ('required keys present',
   j ?& ARRAY['name', 'abstract', 'maintainer', 'version', 'license', 'provides', 'meta-spec']),
  ('no unknown top-level keys (x_ keys allowed)',
   NOT EXISTS (SELECT FROM jsonb_object_keys(j) k
               WHERE k NOT IN ('name', 'abstract', 'description', 'maintainer', 'version',
                               'license', 'provides', 'meta-spec', 'prereqs', 'release_status',
                               'resources', 'tags', 'no_index', 'generated_by')
                 AND k !~* '^x_')),
  ('name is the extension name', j->>'name' = 'mastery' AND pg_temp.term(j->>'name')),
  ('abstract is a non-empty string', jsonb_typeof(j->'abstract') = 'string' AND j->>'abstract' <> ''),
  ('maintainer is a string or a non-empty array of strings',
   CASE jsonb_typeof(j->'maintainer')
     WHEN 'string' THEN j->>'maintainer' <> ''
     WHEN 'array' THEN jsonb_array_length(j->'maintainer') > 0
                       AND NOT EXISTS (SELECT FROM jsonb_array_elements(j->'maintainer') m
                                       WHERE jsonb_typeof(m) <> 'string' OR m #>> '{}' = '')
     ELSE false END),
  ('version is a semantic version', pg_temp.semver(j->'version')),
  ('version = default_version of mastery.control', j->>'version' = :'control_version'),
  ('version = EXTVERSION of the Makefile', j->>'version' = :'make_version'),
  ('version = upstream version of debian/changelog', j->>'version' = :'debian_version'),
  ('license is postgresql', j->'license' = '"postgresql"'),
  ('meta-spec version is 1.0.0', j #>> '{meta-spec,version}' = '1.0.0'),
  ('provides has the extension mastery', jsonb_typeof(j->'provides') = 'object' AND j->'provides' ? 'mastery'),
  ('every provided extension has a term name, a file and a semantic version',
   NOT EXISTS (SELECT FROM jsonb_each(j->'provides') p(k, v)
               WHERE NOT pg_temp.term(k) OR jsonb_typeof(v) <> 'object'
                  OR jsonb_typeof(v->'file') <> 'string' OR NOT pg_temp.semver(v->'version')
                  OR EXISTS (SELECT FROM jsonb_object_keys(v) f
                             WHERE f NOT IN ('file', 'version', 'abstract', 'docfile')
                               AND f !~* '^x_'))),
  ('provides.mastery.version = default_version', j #>> '{provides,mastery,version}' = :'control_version'),
  ('release_status is stable, testing or unstable',
   coalesce(j->>'release_status', 'stable') IN ('stable', 'testing', 'unstable')),
  ('prereqs use only the spec''s phases and relations, with versions',
   NOT EXISTS (SELECT FROM jsonb_each(coalesce(j->'prereqs', '{}')) ph(phase, rels)
               WHERE phase NOT IN ('configure', 'build', 'test', 'runtime', 'develop')
                  OR jsonb_typeof(rels) <> 'object'
                  OR EXISTS (SELECT FROM jsonb_each(rels) r(rel, reqs)
                             WHERE rel NOT IN ('requires', 'recommends', 'suggests', 'conflicts')
                                OR jsonb_typeof(reqs) <> 'object'
                                OR EXISTS (SELECT FROM jsonb_each(reqs) q(prereq, version)
                                           WHERE NOT pg_temp.term(prereq)
                                              OR (version <> '"0"' AND NOT pg_temp.semver(version)))))),
  ('PostgreSQL requirement is the version built and tested (15)',
   j #>> '{prereqs,runtime,requires,PostgreSQL}' = '15.0.0'),
  ('tags are strings of 1 to 255 characters',
   j->'tags' IS NULL OR (jsonb_typeof(j->'tags') = 'array'
     AND NOT EXISTS (SELECT FROM jsonb_array_elements(j->'tags') t
                     WHERE jsonb_typeof(t) <> 'string' OR length(t #>> '{}') NOT BETWEEN 1 AND 255)))
) AS c(name, ok);
-- the files META.json names exist in the tree (printed: any that do not)
SELECT string_agg(f, ' ') AS meta_files FROM meta, LATERAL (
  SELECT v->>'file' FROM jsonb_each(j->'provides') p(k, v)
  UNION ALL SELECT v->>'docfile' FROM jsonb_each(j->'provides') p(k, v) WHERE v ? 'docfile'
  UNION ALL SELECT 'LICENSE') AS x(f) \gset
\set missing `for f in :meta_files; do [ -f "$f" ] || printf '%s ' "$f"; done`
SELECT :'missing' AS missing_files;
