#!/bin/sh
# Tests of scripts/readme_sql.sh, the generator of the README test (no database needed).
# 1. test/readme/good.md (quoted and dollar-quoted semicolons, an empty line inside a
#    literal, comments, a psql command, a skipped -- needs: block, an indented block, a
#    block without output, an -- expect: error block) gives exactly test/readme/good.sql
#    and test/readme/good.out. good.out was checked against psql: running good.sql with
#    psql -X -a -q prints good.out byte for byte.
# 2. READMEs that break a convention are refused with a message naming the line.
# Prints "ok - ..." / "not ok - ..." lines and exits 1 if any test fails.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GEN="$ROOT/scripts/readme_sql.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; failed=1; }

if README_MD="$ROOT/test/readme/good.md" SQL_OUT="$ROOT/test/readme/good.sql" \
   EXPECTED_OUT="$ROOT/test/readme/good.out" sh "$GEN" --check >/dev/null 2>&1; then
  ok "good.md gives good.sql and good.out"
else
  notok "good.md gives good.sql and good.out"
fi

# --check fails when an expected output no longer matches the README (a stale file)
sed 's/ division by zero/ division by 0/' "$ROOT/test/readme/good.out" > "$tmp/stale.out"
if README_MD="$ROOT/test/readme/good.md" SQL_OUT="$ROOT/test/readme/good.sql" \
   EXPECTED_OUT="$tmp/stale.out" sh "$GEN" --check >/dev/null 2>&1; then
  notok "--check finds a stale expected output"
else
  ok "--check finds a stale expected output"
fi

# refused: name, expected message, README text
refused() {
  printf '%s' "$3" > "$tmp/bad.md"
  if README_MD="$tmp/bad.md" SQL_OUT="$tmp/s" EXPECTED_OUT="$tmp/o" sh "$GEN" 2>"$tmp/err" >/dev/null; then
    notok "$1: accepted"
  elif grep -q -F "$2" "$tmp/err"; then
    ok "$1"
  else
    notok "$1: wrong message: $(cat "$tmp/err")"
  fi
}
refused "an output written as a comment" "bad.md:2: an output written as a comment" \
'x
```sql
SELECT 1;
--  1
SELECT 2;
```
'
refused "a comment after the last statement" "bad.md:1: only blank lines may follow the last statement" \
'```sql
SELECT 1;  -- fine here
-- but not here
```
'
refused "a shown statement sharing its line" "must start on a line of its own" \
'```sql
SELECT 1; SELECT 2;
```
```
 ?column? 
----------
        2
(1 row)
```
'
refused "an -- expect: error block without its error" "must be followed by a \`\`\` block with the error" \
'```sql
-- expect: error
SELECT 1/0;
```
'
refused "an -- expect: error block showing no error" "must show its ERROR" \
'```sql
-- expect: error
SELECT 1;
```
```
 ?column? 
----------
        1
(1 row)
```
'
refused "an error shown without -- expect: error" "start the block with -- expect: error" \
'```sql
SELECT 1/0;
```
```
ERROR:  division by zero
```
'
refused "an unterminated block" "unterminated code block" \
'```sql
SELECT 1;
'
refused "a block without a statement" "no statement in this sql block" \
'```sql
-- nothing
```
'
exit $failed
