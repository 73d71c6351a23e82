# Shared helpers for scripts/test.sh, scripts/demo.sh and bench/*.sh (sourced).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGVER="${PGVER:-15}"
export PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/$PGVER/bin/pg_config}"
export PATH="/usr/lib/postgresql/$PGVER/bin:$PATH"
export SHARED_DATA="${SHARED_DATA:-$ROOT/../shared/data}"

# Build and stage an install tree readable by the postgres user (the server
# runs as postgres when these scripts run as root).
stage_install() {
  STAGE="$(mktemp -d /tmp/mastery-stage.XXXXXX)"
  chmod 755 "$STAGE"
  make -C "$ROOT" -s -j2 PG_CONFIG="$PG_CONFIG" EXTRA_CFLAGS="-Werror ${EXTRA_CFLAGS:-}" >/dev/null
  make -C "$ROOT" -s install PG_CONFIG="$PG_CONFIG" DESTDIR="$STAGE" >/dev/null
  chmod -R a+rX "$STAGE"
  export STAGE
}

# Run a command inside a throwaway cluster that can load the staged extension.
# CLUSTER_OPTS may hold more settings, space-separated (guc=value ...).
in_cluster() {
  local args=(-o "extension_destdir=$STAGE") o
  for o in ${CLUSTER_OPTS:-}; do args+=(-o "$o"); done
  # a port of our own, so that several throwaway clusters can run side by side
  local port=$((20000 + RANDOM % 20000))
  pg_virtualenv -t -v "$PGVER" -c "-p $port" "${args[@]}" "$@"
}
