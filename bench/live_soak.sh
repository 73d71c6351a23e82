#!/usr/bin/env bash
# Soak test of mastery_track under concurrent writers (and checks of its
# REPEATABLE READ behaviour and of its notifications).
#
# Usage (as root on Debian bookworm): bash bench/live_soak.sh [seconds] [clients]
#   seconds  length of the pgbench run (default 60)
#   clients  concurrent writers (default 8)
#
# In a throwaway cluster: an evidence table of 50 learners x 5 competencies
# (20 000 rows to start with) is tracked into live_soak_m, then pgbench runs
# these scripts at the same time, all on overlapping learners:
#   ins1   single-row INSERT                                    weight 55
#   insN   INSERT ... SELECT of 5 rows, several learners         weight 20
#   fix    score correction of a group (UPDATE of several rows)  weight  8
#   redate re-dating one row (UPDATE of the time)                weight  7
#   move   one row moved to another learner (UPDATE of a key)    weight  5
#   del    DELETE of one row                                     weight  5
#   multi  BEGIN; INSERT, UPDATE, DELETE, INSERT on 4 random learners in
#          random order; COMMIT (a multi-statement transaction)
# The multi-statement writers are a second pgbench run at the same time
# (clients/4 of them, at least 1) with a short deadlock_timeout, so that they
# are the ones cancelled in any deadlock they take part in. pgbench retries a
# transaction that fails on a deadlock or a serialization failure
# (--max-tries 20) and reports, per script, how many were retried and how
# many failed after all tries. Passes when:
#   - mastery_track_check is 0 and the target equals a recompute (EXCEPT),
#   - no single-statement script saw a deadlock (no retries, no failures),
#   - no transaction failed after its retries (nothing lost),
#   - a REPEATABLE READ writer whose group changed after its snapshot gets a
#     serialization failure (and the target is still exact afterwards),
#   - a listening session receives one notification per changed group, with
#     the keys as JSON, and none for a rolled-back statement,
# and prints transactions per second and the deadlocks of the multi script.
set -euo pipefail
SECS="${1:-60}"
CLIENTS="${2:-8}"
case "$SECS$CLIENTS" in
  *[!0-9]*|'') echo "usage: bash bench/live_soak.sh [seconds] [clients]" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${LIVE_SOAK_INNER:-}" ]; then
  bash "$HERE/../scripts/deps.sh"
  source "$HERE/../scripts/common.sh"
  if [ -z "${STAGE:-}" ]; then stage_install; trap 'rm -rf "$STAGE"' EXIT; fi
  LIVE_SOAK_INNER=1 in_cluster bash "$HERE/live_soak.sh" "$SECS" "$CLIENTS"
  exit $?
fi

# ---- inside the throwaway cluster
W="$(mktemp -d /tmp/live-soak.XXXXXX)"
chmod 755 "$W"
trap 'rm -rf "$W"' EXIT
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS mastery;
DROP TABLE IF EXISTS live_soak, live_soak_m;
CREATE TABLE live_soak (id bigserial PRIMARY KEY, learner int NOT NULL, comp int NOT NULL,
                        score float8, at timestamptz NOT NULL);
CREATE INDEX ON live_soak (learner, comp);
INSERT INTO live_soak (learner, comp, score, at)
SELECT 1 + g % 50, 1 + (g / 50) % 5, g % 5, '2024-09-01'::timestamptz + g * interval '1 minute'
FROM generate_series(0, 19999) g;
SELECT FROM mastery_track('live_soak', 'live_soak_m', ARRAY['learner', 'comp'], 'score', 'at') \g /dev/null
SQL

cat >"$W/ins1.sql" <<'EOF2'
\set l random(1, 50)
\set c random(1, 5)
INSERT INTO live_soak (learner, comp, score, at) VALUES (:l, :c, floor(random() * 5), now() - random() * interval '30 days');
EOF2
cat >"$W/insN.sql" <<'EOF2'
\set l random(1, 50)
INSERT INTO live_soak (learner, comp, score, at)
SELECT 1 + (:l + g * 13) % 50, 1 + (g * 3) % 5, floor(random() * 5), now() - random() * interval '30 days'
FROM generate_series(1, 5) g;
EOF2
cat >"$W/fix.sql" <<'EOF2'
\set l random(1, 50)
\set c random(1, 5)
UPDATE live_soak SET score = floor(random() * 5) WHERE learner = :l AND comp = :c AND id % 4 = 0;
EOF2
cat >"$W/redate.sql" <<'EOF2'
\set l random(1, 50)
\set c random(1, 5)
UPDATE live_soak SET at = at - interval '1 day'
WHERE id = (SELECT max(id) FROM live_soak WHERE learner = :l AND comp = :c);
EOF2
cat >"$W/move.sql" <<'EOF2'
\set l random(1, 50)
\set c random(1, 5)
\set l2 random(1, 50)
UPDATE live_soak SET learner = :l2
WHERE id = (SELECT max(id) FROM live_soak WHERE learner = :l AND comp = :c);
EOF2
cat >"$W/del.sql" <<'EOF2'
\set l random(1, 50)
\set c random(1, 5)
DELETE FROM live_soak WHERE id = (SELECT min(id) FROM live_soak WHERE learner = :l AND comp = :c);
EOF2
cat >"$W/multi.sql" <<'EOF2'
\set a random(1, 50)
\set b random(1, 50)
\set c random(1, 50)
\set d random(1, 50)
\set k random(1, 5)
BEGIN;
INSERT INTO live_soak (learner, comp, score, at) VALUES (:a, :k, floor(random() * 5), now());
UPDATE live_soak SET score = floor(random() * 5) WHERE id = (SELECT max(id) FROM live_soak WHERE learner = :b AND comp = :k);
DELETE FROM live_soak WHERE id = (SELECT min(id) FROM live_soak WHERE learner = :c AND comp = :k);
INSERT INTO live_soak (learner, comp, score, at) VALUES (:d, :k, floor(random() * 5), now());
COMMIT;
EOF2

"${PSQL[@]}" -At -c "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()" >"$W/dl0"
# Two pgbench runs at once: the single-statement writers, and the writers of
# multi-statement transactions. The latter run with a short deadlock_timeout,
# so that in a deadlock cycle they, and not a single statement, are the ones
# that give up (PostgreSQL cancels the transaction whose check runs first):
# a retried single statement therefore means two single statements deadlocked.
MULTI_CLIENTS=$(( CLIENTS / 4 > 0 ? CLIENTS / 4 : 1 ))
set +e
PGOPTIONS="-c deadlock_timeout=10s" pgbench -n -c "$CLIENTS" -j 2 -T "$SECS" --max-tries 20 --failures-detailed \
  -f "$W/ins1.sql@55" -f "$W/insN.sql@20" -f "$W/fix.sql@8" -f "$W/redate.sql@7" \
  -f "$W/move.sql@5" -f "$W/del.sql@5" >"$W/out" 2>"$W/err" &
p1=$!
PGOPTIONS="-c deadlock_timeout=50ms" pgbench -n -c "$MULTI_CLIENTS" -j 1 -T "$SECS" --max-tries 20 --failures-detailed \
  -f "$W/multi.sql" >"$W/out_multi" 2>"$W/err_multi" &
p2=$!
wait "$p1"; rc1=$?
wait "$p2"; rc2=$?
set -e
if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
  echo "pgbench failed (exit $rc1 / $rc2):"; tail -20 "$W/err" "$W/err_multi"; cat "$W/out" "$W/out_multi"; exit 1
fi
dl=$(( $("${PSQL[@]}" -At -c "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()") - $(cat "$W/dl0") ))
tps1=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$W/out")
tps2=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$W/out_multi")
echo "tps = $tps1 single-statement ($CLIENTS clients) + $tps2 multi-statement ($MULTI_CLIENTS clients)"

# per script: transactions, retried, failed (pgbench prints a block per script
# when there are several; a single script's figures are the totals)
awk '
  /^SQL script [0-9]+:/ { name = $4; sub(".*/", "", name); sub("[.]sql.*", "", name) }
  name != "" && /^ - [0-9]+ transactions/ { tx[name] = $2 }
  name != "" && /^ - number of failed transactions/ { fail[name] = $6 }
  name != "" && /^ - number of transactions retried/ { retr[name] = $6 }
  END { for (n in tx) printf "%s %d %d %d\n", n, tx[n], (retr[n] == "" ? 0 : retr[n]), (fail[n] == "" ? 0 : fail[n]) }
' "$W/out" | sort >"$W/per_script"
awk '
  /^number of transactions actually processed/ { tx = $6 }
  /^number of failed transactions/ { fail = $5 }
  /^number of transactions retried/ { retr = $5 }
  END { printf "multi %d %d %d\n", tx, retr, fail }
' "$W/out_multi" >>"$W/per_script"
echo "script       transactions  retried  failed"
awk '{ printf "%-12s %12d %8d %7d\n", $1, $2, $3, $4 }' "$W/per_script"

# REPEATABLE READ: a writer whose group's row was changed by a transaction that
# committed after its snapshot fails with a serialization failure (never a lost update)
psql -X -q >"$W/rr" 2>&1 <<'SQL' &
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM live_soak_m;
SELECT pg_sleep(2);
INSERT INTO live_soak (learner, comp, score, at) VALUES (1, 1, 4, now());
COMMIT;
SQL
rr=$!
sleep 0.5
"${PSQL[@]}" -c "INSERT INTO live_soak (learner, comp, score, at) VALUES (1, 1, 3, now())"
wait "$rr" || true
if grep -q "could not serialize access due to concurrent update" "$W/rr"; then rr_ok=1; else rr_ok=0; cat "$W/rr"; fi
echo "REPEATABLE READ writer after a concurrent change of its group: $( [ "$rr_ok" = 1 ] && echo 'serialization failure, as documented' || echo 'NO serialization failure')"

# NOTIFY: one notification per changed group and statement, payload the keys as JSON,
# sent at commit; a listening session receives them (psql prints them after a command)
"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS live_note, live_note_m;
CREATE TABLE live_note (learner int, "Comp" text, score float8, at timestamptz);
SELECT FROM mastery_track('live_note', 'live_note_m', ARRAY['learner', 'Comp'], 'score', 'at', notify => 'live note') \g /dev/null
SQL
psql -X -q >"$W/notes" 2>&1 <<'SQL' &
LISTEN "live note";
SELECT pg_sleep(2);
SELECT 1;
SQL
ln=$!
sleep 0.7
"${PSQL[@]}" <<'SQL'
INSERT INTO live_note VALUES (1, 'a', 1, now()), (1, 'a', 2, now()), (2, 'b"c', 3, now());  -- 2 groups
BEGIN;
UPDATE live_note SET learner = 3 WHERE score = 1;   -- (1, a) and (3, a)
ROLLBACK;                                            -- nothing sent
DELETE FROM live_note WHERE learner = 2;             -- (2, b"c)
SQL
wait "$ln" || true
grep -o 'payload "[^"]*.*" received' "$W/notes" | sed 's/ received$//' | sort >"$W/notes_got"
# the INSERT: its 2 groups; the rolled-back UPDATE: nothing; the DELETE: its group
printf '%s\n' 'payload "{"learner" : 1, "Comp" : "a"}"' 'payload "{"learner" : 2, "Comp" : "b\"c"}"' \
  'payload "{"learner" : 2, "Comp" : "b\"c"}"' | sort >"$W/notes_want"
if diff -q "$W/notes_want" "$W/notes_got" >/dev/null; then note_ok=1; else note_ok=0; cat "$W/notes"; fi
echo "NOTIFY: $(wc -l <"$W/notes_got") notifications received for 3 statements, one rolled back ($( [ "$note_ok" = 1 ] && echo 'as expected' || echo 'NOT as expected'))"

diff=$("${PSQL[@]}" -At <<'SQL'
SELECT mastery_track_check('live_soak') || ' ' || (
  SELECT count(*) FROM (
    (SELECT learner, comp, m::text FROM live_soak_m
     EXCEPT SELECT learner, comp, mastery_agg(score, at)::text FROM live_soak WHERE score IS NOT NULL GROUP BY 1, 2)
    UNION ALL
    (SELECT learner, comp, mastery_agg(score, at)::text FROM live_soak WHERE score IS NOT NULL GROUP BY 1, 2
     EXCEPT SELECT learner, comp, m::text FROM live_soak_m)) x) || ' ' ||
  (SELECT count(*) FROM live_soak) || ' ' || (SELECT sum(evidence_count(m)) FROM live_soak_m);
SQL
)
read -r check except rows items <<<"$diff"
single_bad=$(awk '$1 != "multi" && ($3 > 0 || $4 > 0)' "$W/per_script" | wc -l)
failed=$(awk '{ s += $4 } END { print s + 0 }' "$W/per_script")
multi_tx=$(awk '$1 == "multi" { print $2 }' "$W/per_script")
multi_retried=$(awk '$1 == "multi" { print $3 }' "$W/per_script")
echo "evidence rows $rows, items in the target $items; differing groups: check $check, EXCEPT rows $except"
echo "deadlocks reported by the server: $dl; multi-statement transactions retried: ${multi_retried:-0} of ${multi_tx:-0}"
if [ "$check" = 0 ] && [ "$except" = 0 ] && [ "$rows" = "$items" ] && [ "$single_bad" = 0 ] && [ "$failed" = 0 ] && [ "$rr_ok" = 1 ] && [ "$note_ok" = 1 ]; then
  echo "live soak: PASS"
else
  echo "live soak: FAIL (single-statement scripts with retries or failures: $single_bad; failed transactions: $failed)"
  exit 1
fi
