#!/usr/bin/env bash
# Benchmark of methods kept in a text column: mastery_score(m, text_column), whose
# implicit cast parses each distinct text once per query (a cache per call site),
# against the same query over a mastery_method column (the baseline), and against
# parsing the text on every row (mastery_method_in(text::cstring), what a cast
# without the cache would cost). All measured in the same run, in a throwaway
# cluster; each figure is the best of REPS interleaved runs.
# Usage: bash bench/text_args.sh   (ROWS=n, default 1000000; REPS=n, default 5)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/../scripts/deps.sh"
source "$HERE/../scripts/common.sh"
cd "$ROOT"

ROWS="${ROWS:-1000000}"
REPS="${REPS:-5}"

stage_install
SQL="$(mktemp /tmp/mastery-bench-text.XXXXXX.sql)"
trap 'rm -rf "$STAGE" "$SQL"' EXIT
chmod 644 "$SQL"
cat >"$SQL" <<'EOF2'
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
DROP TABLE IF EXISTS bench_text_args;
CREATE TABLE bench_text_args AS
  SELECT i, ('{' || (i % 4) || '@2024-09-01T10:00:00Z, ' || (i % 3) || '@2024-09-08T10:00:00Z, '
               || (i % 5) || '@2024-09-15T10:00:00Z}')::mastery AS m,
         (ARRAY['latest', 'mean', 'decaying_average(0.65)', 'bkt(0.3, 0.1, 0.1, 0.2)'])[1 + i % 4] AS method_text
  FROM generate_series(1, :rows) i;
ALTER TABLE bench_text_args ADD COLUMN method mastery_method;
UPDATE bench_text_args SET method = method_text::mastery_method;
VACUUM ANALYZE bench_text_args;
-- the three forms give the same sum
SELECT sum(mastery_score(m, method)) = sum(mastery_score(m, method_text))
   AND sum(mastery_score(m, method)) = sum(mastery_score(m, mastery_method_in(method_text::cstring))) AS same_answers
FROM bench_text_args;
CREATE TEMP TABLE timings (form text, rep int, ms float8);
CREATE FUNCTION pg_temp.run(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; BEGIN t0 := clock_timestamp(); EXECUTE q;
RETURN extract(epoch FROM clock_timestamp() - t0) * 1000; END $$;
DO $$
BEGIN
  FOR r IN 1..:reps LOOP
    INSERT INTO timings SELECT 'typed column', r, pg_temp.run('SELECT sum(mastery_score(m, method)) FROM bench_text_args');
    INSERT INTO timings SELECT 'text column (cached cast)', r, pg_temp.run('SELECT sum(mastery_score(m, method_text)) FROM bench_text_args');
    INSERT INTO timings SELECT 'text parsed on every row', r, pg_temp.run('SELECT sum(mastery_score(m, mastery_method_in(method_text::cstring))) FROM bench_text_args');
  END LOOP;
END $$;
WITH best AS (SELECT form, min(ms) AS ms FROM timings GROUP BY form)
SELECT form, round(ms::numeric, 1) AS best_ms,
       round((ms / (SELECT ms FROM best WHERE form = 'typed column'))::numeric, 2) AS ratio_to_typed
FROM best ORDER BY ms;
DROP TABLE bench_text_args;
EOF2
sed -i "s/:reps/$REPS/" "$SQL"
in_cluster psql -X -q -v rows="$ROWS" -f "$SQL"
