#!/bin/sh
# Generate the README test from README.md: sql/readme.sql runs every ```sql block of the
# README in order, in a database of its own, and expected/readme.out is what psql must
# print for it, built from the outputs the README shows. pg_regress (the `readme` test)
# then fails when a README output differs from the real one.
#
# Usage: sh scripts/readme_sql.sh            rewrite sql/readme.sql and expected/readme.out
#        sh scripts/readme_sql.sh --check    exit 1 if they are not up to date with README.md
# (README_MD, SQL_OUT and EXPECTED_OUT name other files; test/readme_sql_test.sh uses them)
#
# Conventions of README.md (also stated in its tour):
# - Every ```sql block runs, in order, in one fresh database where the first block runs
#   CREATE EXTENSION mastery, except blocks whose first line is `-- needs: FILE` (they need
#   a data file and are skipped) and blocks whose first line is `-- expect: error`.
# - A plain ``` block directly after a ```sql block (on the next line) is exactly what psql
#   prints for the last statement of that block under default settings (shown with
#   TimeZone UTC). The other statements of the block must print nothing but may return
#   rows (they are not shown). An `-- expect: error` block must show its error that way.
# - Outputs are not written as comments inside a ```sql block (a comment line starting
#   with `--  ` is refused), and nothing but blank lines follows the last statement.
# Only POSIX sh and awk are needed.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-write}"
README_MD="${README_MD:-$ROOT/README.md}"
SQL_OUT="${SQL_OUT:-$ROOT/sql/readme.sql}"
EXPECTED_OUT="${EXPECTED_OUT:-$ROOT/expected/readme.out}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

awk -v SQL="$tmp/readme.sql" -v OUT="$tmp/readme.out" '
function fail(msg) { printf "%s:%d: %s\n", FILENAME, blockline, msg > "/dev/stderr"; bad = 1; exit 1 }
function both(s) { print s > SQL; print s > OUT }
# an input line: psql -a echoes every line but an empty one outside a quoted literal
function line_(i) { print b[i] > SQL; if (b[i] != "" || inq[i]) print b[i] > OUT }
# find the lines where statements end (a ; outside quotes and comments, or a psql
# backslash command); sets nends and endl[1..nends]
function scan(   i, j, line, c, c2, st, tag, rest, content) {
  nends = 0; st = ""; tag = ""
  for (i = 1; i <= nb; i++) {
    line = b[i]; content = 0; inq[i] = (st != "")
    if (st == "" && line ~ /^[ \t]*\\/) { endl[++nends] = i; semis[i] = 1; continue }
    semis[i] = 0
    for (j = 1; j <= length(line); j++) {
      c = substr(line, j, 1); c2 = substr(line, j, 2)
      if (st == "q") { if (c == "\047") st = ""; continue }
      if (st == "d") { if (c == "\"") st = ""; continue }
      if (st == "c") { if (c2 == "*/") { st = ""; j++ } continue }
      if (st == "$") { if (substr(line, j, length(tag)) == tag) { st = ""; j += length(tag) - 1 } continue }
      if (c2 == "--") break
      if (c2 == "/*") { st = "c"; j++; continue }
      if (c == "\047") { st = "q"; content = 1; continue }
      if (c == "\"") { st = "d"; content = 1; continue }
      if (c == "$") {
        rest = substr(line, j)
        if (match(rest, /^\$[A-Za-z_]*\$/)) { tag = substr(rest, 1, RLENGTH); st = "$"; j += RLENGTH - 1; continue }
      }
      if (c == ";") { semis[i]++; if (endl[nends] != i) endl[++nends] = i; content = 0; continue }
      if (c !~ /[ \t]/) { content = 1; if (semis[i] > 0) tail[i] = 1 }
    }
  }
}
function emit_block(   i, prev, last, k, o) {
  scan()
  if (nends == 0) fail("no statement in this sql block")
  last = endl[nends]
  for (i = last + 1; i <= nb; i++)
    if (b[i] !~ /^[ \t]*$/) fail("only blank lines may follow the last statement of a block (show outputs in a ``` block after it)")
  for (i = 1; i <= nb; i++)
    if (b[i] ~ /^[ \t]*--  /) fail("an output written as a comment (`--  ...`): show it in a ``` block after the statement")
  both("-- " section)
  if (!hasout) {
    if (expect_error) fail("an -- expect: error block must be followed by a ``` block with the error")
    both("\\o /dev/null")
    for (i = 1; i <= nb; i++) line_(i)
    both("\\o")
    return
  }
  iserr = 0
  for (k = 1; k <= no; k++) if (o_[k] ~ /^ERROR:  /) iserr = 1
  if (expect_error && !iserr) fail("an -- expect: error block must show its ERROR in the ``` block after it")
  if (!expect_error && iserr) fail("this output shows an error: start the block with -- expect: error")
  prev = (nends > 1) ? endl[nends - 1] : 0
  if (semis[last] > 1 || tail[prev]) fail("the statement whose output is shown must start on a line of its own")
  if (prev > 0) { both("\\o /dev/null"); for (i = 1; i <= prev; i++) line_(i); both("\\o") }
  for (i = prev + 1; i <= last; i++) line_(i)
  for (k = 1; k <= no; k++) print o_[k] > OUT
  # psql ends a result set with an empty line after its "(n rows)" footer
  if (no > 0 && o_[no] ~ /^\([0-9]+ rows?\)$/) print "" > OUT
}
BEGIN {
  state = "text"; nblocks = 0
  both("-- The README, run top to bottom (generated from README.md by scripts/readme_sql.sh; do not edit).")
  both("-- It runs in a database of its own, as a new user would, with TimeZone UTC and the")
  both("-- default DateStyle and IntervalStyle (which pg_regress changes) and messages in English.")
  both("SET client_min_messages = warning;")
  both("SELECT current_database() AS readme_home \\gset")
  both("DROP DATABASE IF EXISTS mastery_readme;")
  both("CREATE DATABASE mastery_readme;")
  both("\\c mastery_readme")
  both("SET lc_messages = \047C\047;")
  both("SET TimeZone = \047UTC\047;")
  both("SET DateStyle = \047ISO, MDY\047;")
  both("SET IntervalStyle = \047postgres\047;")
}
{
  line = $0
  if (state == "text") {
    if (line ~ /^#+ /) section = line
    if (line ~ /^[ ]*```sql[ ]*$/) {
      match(line, /^[ ]*/); indent = RLENGTH; state = "sql"; nb = 0; blockline = NR
      delete b; delete endl; delete semis; delete tail; delete inq
      next
    }
    if (line ~ /^[ ]*```/) state = "other"
    next
  }
  if (state == "other") { if (line ~ /^[ ]*```[ ]*$/) state = "text"; next }
  if (state == "sql") {
    if (line ~ /^[ ]*```[ ]*$/) { state = "after"; next }
    b[++nb] = substr(line, indent + 1)
    next
  }
  if (state == "after") {
    if (line ~ /^[ ]*```(text)?[ ]*$/) { state = "out"; no = 0; delete o_; next }
    hasout = 0; finish_block(); state = "text"
    if (line ~ /^#+ /) section = line
    if (line ~ /^[ ]*```sql[ ]*$/) { match(line, /^[ ]*/); indent = RLENGTH; state = "sql"; nb = 0; blockline = NR; delete b; delete endl; delete semis; delete tail; delete inq }
    else if (line ~ /^[ ]*```/) state = "other"
    next
  }
  if (state == "out") {
    if (line ~ /^[ ]*```[ ]*$/) { hasout = 1; finish_block(); state = "text"; next }
    o_[++no] = substr(line, indent + 1)
    next
  }
}
function finish_block() {
  nblocks++
  expect_error = (b[1] ~ /^-- expect: error/)
  if (b[1] ~ /^-- needs: /) { both("-- " section); both("-- (skipped: " substr(b[1], 4) ")"); return }
  emit_block()
}
END {
  if (bad) exit 1
  if (state == "after") { hasout = 0; finish_block() }
  if (state == "sql" || state == "out") { blockline = NR; fail("unterminated code block") }
  both("-- end of the README")
  both("\\c :readme_home")
  both("DROP DATABASE mastery_readme;")
}' "$README_MD"

if [ "$mode" = "--check" ]; then
  if cmp -s "$tmp/readme.sql" "$SQL_OUT" && cmp -s "$tmp/readme.out" "$EXPECTED_OUT"; then
    echo "sql/readme.sql and expected/readme.out are up to date with README.md"
  else
    echo "sql/readme.sql or expected/readme.out is stale: run sh scripts/readme_sql.sh and commit the result" >&2
    { diff -u "$SQL_OUT" "$tmp/readme.sql"; diff -u "$EXPECTED_OUT" "$tmp/readme.out"; } | head -30 >&2 || true
    exit 1
  fi
else
  cp "$tmp/readme.sql" "$SQL_OUT"
  cp "$tmp/readme.out" "$EXPECTED_OUT"
fi
