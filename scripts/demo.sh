#!/usr/bin/env bash
# The demo: build mastery, start a throwaway cluster, generate a realistic district,
# and print what a teacher looks at. Uses ../shared/data when it is present.
# Usage (as root on Debian bookworm): bash scripts/demo.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/deps.sh" graphviz
source "$HERE/common.sh"
cd "$ROOT"
echo "== building mastery"
stage_install
trap 'rm -rf "$STAGE"' EXIT
have_shared=no
if [ -d "$SHARED_DATA" ]; then
  have_shared=yes
else
  echo "(../shared/data not found: using a generated framework and skipping the real-data parts)"
fi
mkdir -p demo_out
echo "== starting a throwaway cluster and running the demo"
# (the lines pg_virtualenv prints about creating and dropping its cluster are left out; JIT is
# off because the staged install's bitcode is not where the server would look for it)
CLUSTER_OPTS="max_parallel_workers_per_gather=2 jit=off" in_cluster \
  psql -X -q -v ON_ERROR_STOP=1 -v have_shared="$have_shared" -P pager=off -f demo/demo.sql 2>&1 \
  | grep --line-buffered -v -E '^(Creating new PostgreSQL cluster|Dropping cluster) '
echo "== done (files written to demo_out/)"
