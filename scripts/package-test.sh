#!/usr/bin/env bash
# The Debian package test: build postgresql-15-mastery from a clean copy of the tree
# with dpkg-buildpackage (the build runs the unit tests and the regression suite against
# the staged files), check that the .deb ships every install and upgrade script,
# install it with apt-get, create a cluster of its own with pg_createcluster, and there,
# against the installed package only:
#   - CREATE EXTENSION as an ordinary role that may only create objects in one database,
#     then CREATE EXTENSION of the previous release and ALTER EXTENSION mastery UPDATE;
#   - the regression suite (make installcheck; it has its own test of the trusted
#     extension as a role without superuser);
#   - the upgrade test (scripts/upgrade_test.sh) with the package's scripts;
# then remove the package and the cluster (also on failure or interrupt) and check that
# the system is as it was. Takes about 6 minutes on a busy 2-core machine and installs
# into the system's directories, so it is not part of scripts/test.sh.
#
# Usage (as root on Debian bookworm): bash scripts/package-test.sh
# Environment: KEEP_DEB=DIR copies the built .deb files to DIR; USE_DEB=FILE tests that
#              .deb instead of building one; DEB_BUILD_OPTIONS=nocheck skips the tests
#              during the build; AUTOPKGTEST=1 also runs debian/tests/installcheck
#              (the autopkgtest) against the installed package (about a minute more).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PGVER=15
PKG="postgresql-$PGVER-mastery"
BIN="/usr/lib/postgresql/$PGVER/bin"

t0=$SECONDS
say() { echo "== $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs a package and creates a cluster)"
bash "$HERE/deps.sh" debhelper postgresql-server-dev-all fakeroot || fail "missing build dependencies"

# One package test at a time on a machine: two would install and remove the same package.
exec 9>/run/lock/mastery-package-test.lock
flock -w 900 9 || fail "another package test holds /run/lock/mastery-package-test.lock"

if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed'; then
  fail "$PKG is already installed; this test installs and removes it, so it leaves an installed one alone"
fi

WORK="$(mktemp -d /tmp/mastery-package-test.XXXXXX)"
chmod 755 "$WORK"      # the server (user postgres) reads the staged files during the build test
CLUSTER="mastery_pkgtest_$$"
BACKUP="$WORK/preexisting"
installed=no; cluster=no
EXTDIR="/usr/share/postgresql/$PGVER/extension"
LIBDIR="/usr/lib/postgresql/$PGVER/lib"

cleanup() {
  local rc=$?
  # nothing stops the clean-up half way, not even a second Ctrl-C or a pending TERM
  trap '' INT TERM HUP
  trap - EXIT
  set +e
  if [ "$cluster" = yes ]; then
    say "removing cluster $PGVER/$CLUSTER"
    pg_dropcluster --stop "$PGVER" "$CLUSTER"
  fi
  if [ "$installed" = yes ]; then
    say "removing $PKG"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=600 "$PKG" >"$WORK/purge.log" 2>&1 ||
      { cat "$WORK/purge.log"; rc=1; }
  fi
  # files of a source install (make install) that were there before: put them back
  if [ -d "$BACKUP" ]; then
    (cd "$BACKUP" && find . -type f -print0 | xargs -0 -r cp -a --parents -t /)
    say "restored the mastery files of an earlier source install"
  fi
  if [ "$installed" = yes ] || [ "$cluster" = yes ]; then
    local left=""
    dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed' && left="$left package;"
    pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$CLUSTER" && left="$left cluster;"
    [ -e "/etc/postgresql/$PGVER/$CLUSTER" ] && left="$left /etc/postgresql/$PGVER/$CLUSTER;"
    [ -e "/var/lib/postgresql/$PGVER/$CLUSTER" ] && left="$left /var/lib/postgresql/$PGVER/$CLUSTER;"
    if [ -f "$WORK/deb-files" ]; then
      while read -r f; do
        [ -e "$f" ] && [ ! -e "$BACKUP$f" ] && left="$left $f;"
      done <"$WORK/deb-files"
    fi
    if [ -n "$left" ]; then echo "NOT RESTORED:$left"; rc=1; else say "system restored: no package, no cluster, none of the package's files left"; fi
  fi
  rm -rf "$WORK"
  if [ "$rc" -eq 0 ]; then echo "package test passed in $((SECONDS - t0)) s"; else echo "package test FAILED"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- build in a clean copy (the work tree is left as it is) -------------------------
say "copying the tree"
mkdir "$WORK/src"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  # tracked files and new files not ignored (no build products)
  (cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 cp -a --parents -t "$WORK/src")
else
  cp -a "$ROOT/." "$WORK/src" && make -C "$WORK/src" -s clean >/dev/null 2>&1
fi
cp -a "$WORK/src" "$WORK/check"      # a pristine copy to run the suite from, never built
chmod -R a+rX "$WORK"

version=$(dpkg-parsechangelog -l "$WORK/src/debian/changelog" -S Version)
if [ -n "${USE_DEB:-}" ]; then
  cp "$USE_DEB" "$WORK/" || fail "cannot read $USE_DEB"
  say "testing $(basename "$USE_DEB") (not built here)"
else
  say "dpkg-buildpackage -us -uc -b -j2 ($PKG $version)"
  start=$(date +%s)
  if ! (cd "$WORK/src" && dpkg-buildpackage -us -uc -b -j2) >"$WORK/build.log" 2>&1; then
    tail -60 "$WORK/build.log"
    fail "the package build failed"
  fi
  grep -E '^(test |ok |not ok |# [0-9]+: |== test/run_)|tests passed|PASSED|FAILED' "$WORK/build.log" | sed 's/^/   /'
  echo "   built in $(( $(date +%s) - start )) s"
fi
DEB="$(ls "$WORK"/${PKG}_*.deb)"
[ -f "$DEB" ] || fail "no $PKG .deb was built"
[ -n "${KEEP_DEB:-}" ] && mkdir -p "$KEEP_DEB" && cp "$WORK"/*.deb "$KEEP_DEB"/

# ---- what the .deb holds ------------------------------------------------------------
dpkg-deb -c "$DEB" | awk '{print substr($6, 2)}' | grep -v '/$' >"$WORK/deb-files"
say "$(basename "$DEB"): $(wc -l <"$WORK/deb-files") files; extension files:"
grep -E "^$EXTDIR/|^$LIBDIR/[^/]*$" "$WORK/deb-files" | sed 's/^/   /'
default_version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ROOT/mastery.control")
want=("$EXTDIR/mastery.control" "$EXTDIR/mastery--$default_version.sql" "$LIBDIR/mastery.so")
for f in "$ROOT"/upgrade/mastery--*.sql; do
  [ -e "$f" ] && want+=("$EXTDIR/$(basename "$f")")
done
for f in "${want[@]}"; do
  grep -qx "$f" "$WORK/deb-files" || fail "the package does not ship $f"
done
echo "   ships the control file, the library, mastery--$default_version.sql and all $(( ${#want[@]} - 3 )) scripts of upgrade/"

# ---- install ----------------------------------------------------------------------
# an earlier source install (make install) would be overwritten and then removed with
# the package: keep a copy to put back afterwards
while read -r f; do
  if [ -e "$f" ]; then mkdir -p "$BACKUP$(dirname "$f")" && cp -a "$f" "$BACKUP$f"; fi
done <"$WORK/deb-files"
others=$(apt-get -s install "$DEB" 2>/dev/null | awk '/^Inst /{print $2}' | grep -vx "$PKG")
[ -z "$others" ] || fail "installing the package would also install: $others"
say "apt-get install ./$(basename "$DEB")"
installed=yes
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$DEB" >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log"; fail "apt-get install failed"; }
dpkg-query -W -f='   installed ${Package} ${Version}\n' "$PKG"

# ---- a cluster of our own -----------------------------------------------------------
# a port nobody listens on and no other cluster is configured for
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((45000 + RANDOM % 10000))
    ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && continue
    grep -qs "^port *= *$p\b" /etc/postgresql/*/*/postgresql.conf && continue
    echo "$p"; return 0
  done
  return 1
}
PORT=$(free_port) || fail "no free port found"
say "pg_createcluster $PGVER $CLUSTER -p $PORT"
cluster=yes
pg_createcluster "$PGVER" "$CLUSTER" -p "$PORT" --start-conf=manual >"$WORK/cluster.log" 2>&1 ||
  { cat "$WORK/cluster.log"; fail "pg_createcluster failed"; }
CONF="/etc/postgresql/$PGVER/$CLUSTER"
# the test role logs in with a password over the local socket; the rest keeps its defaults
PASS="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
sed -i "1i local all mastery_pkg_owner scram-sha-256" "$CONF/pg_hba.conf"
pg_ctlcluster "$PGVER" "$CLUSTER" start || { tail -20 "/var/log/postgresql/postgresql-$PGVER-$CLUSTER.log"; fail "the cluster did not start"; }

export PGHOST=/var/run/postgresql PGPORT="$PORT"
su_psql() { runuser -u postgres -- "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
su_psql -d postgres <<SQL >/dev/null || fail "setting up the roles failed"
-- mastery_pkg_owner: may connect and create objects in one database, nothing more
CREATE ROLE mastery_pkg_owner LOGIN PASSWORD '$PASS';
CREATE DATABASE mastery_pkg_trusted;
GRANT CREATE ON DATABASE mastery_pkg_trusted TO mastery_pkg_owner;
SQL
echo "   extension_destdir of the cluster: '$(su_psql -At -d postgres -c 'SHOW extension_destdir')' (the extension comes from the system directories)"
export PGPASSWORD="$PASS"
psql_as() { local role=$1; shift; PGUSER="$role" "$BIN/psql" -X -v ON_ERROR_STOP=1 "$@"; }

# ---- CREATE EXTENSION as an ordinary role --------------------------------------------
say "CREATE EXTENSION mastery as a role that is not a superuser"
prev=$(ls "$ROOT"/upgrade/mastery--*.sql 2>/dev/null | sed -n 's#.*/mastery--\([^-]*\)\.sql$#\1#p' | sort -V | tail -1)
out=$(psql_as mastery_pkg_owner -d mastery_pkg_trusted -At <<SQL 2>&1
SELECT 'superuser: ' || rolsuper || ', createdb: ' || rolcreatedb FROM pg_roles WHERE rolname = current_user;
CREATE EXTENSION mastery;
SELECT 'installed ' || extversion FROM pg_extension WHERE extname = 'mastery';
SELECT 'score ' || mastery_score(mastery_agg(s, t), 'decaying_average(0.65)')
FROM (VALUES (1, '2024-10-01'::timestamptz), (2, '2024-10-08'), (4, '2024-10-15')) v(s, t);
DROP EXTENSION mastery;
${prev:+CREATE EXTENSION mastery VERSION '$prev';}
${prev:+ALTER EXTENSION mastery UPDATE;}
${prev:+SELECT 'updated $prev to ' || extversion FROM pg_extension WHERE extname = 'mastery';}
SQL
) || { echo "$out"; fail "CREATE EXTENSION as an ordinary role failed"; }
echo "$out" | sed 's/^/   /'
# the decaying average (0.65) of 1, 2, 4: (1 * 0.35 + 2 * 0.65) * 0.35 + 4 * 0.65 = 3.1775
echo "$out" | grep -qx 'score 3.1775' || fail "unexpected score"
echo "$out" | grep -qx "installed $default_version" || fail "unexpected version"
echo "$out" | grep -qx 'superuser: false, createdb: false' || fail "the role is a superuser"

# ---- the regression suite against the installed package --------------------------------
# as the cluster's superuser, as pg_regress and Debian's installcheck run it: the suite
# creates roles and databases and writes server-side files (its own trusted-extension
# test installs and uses the extension as a role without superuser)
say "regression suite (make installcheck) against the installed package"
chown -R postgres "$WORK/check"
if ! (cd "$WORK/check" && runuser -u postgres -- env PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER=postgres \
        make -s installcheck PG_CONFIG="$BIN/pg_config") >"$WORK/installcheck.log" 2>&1; then
  cat "$WORK/installcheck.log"
  [ -f "$WORK/check/regression.diffs" ] && head -100 "$WORK/check/regression.diffs"
  fail "the regression suite failed against the installed package"
fi
grep -E '^(test |ok |not ok )|tests passed|failed' "$WORK/installcheck.log" | sed 's/^/   /'

# ---- the upgrade test with the package's scripts -----------------------------------------
say "upgrade test against the installed package"
runuser -u postgres -- env PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER=postgres \
  bash "$WORK/check/scripts/upgrade_test.sh" >"$WORK/upgrade.log" 2>&1 ||
  { cat "$WORK/upgrade.log"; fail "the upgrade test failed against the installed package"; }
sed 's/^/   /' "$WORK/upgrade.log"

# ---- optionally, Debian's autopkgtest script as it runs in Debian's CI -----------------
if [ "${AUTOPKGTEST:-0}" = 1 ]; then
  say "debian/tests/installcheck (pg_buildext installcheck in a pg_virtualenv cluster)"
  cp -a "$WORK/src" "$WORK/autopkgtest" && make -C "$WORK/autopkgtest" -s clean >/dev/null 2>&1
  chmod -R a+rX "$WORK/autopkgtest"
  (cd "$WORK/autopkgtest" && env -u PGHOST -u PGPORT -u PGPASSWORD sh debian/tests/installcheck) >"$WORK/autopkgtest.log" 2>&1 ||
    { cat "$WORK/autopkgtest.log"; fail "debian/tests/installcheck failed"; }
  grep -E '^(test |ok |not ok )|tests passed|failed' "$WORK/autopkgtest.log" | sed 's/^/   /'
fi
exit 0
