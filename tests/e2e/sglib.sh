#!/usr/bin/env bash
# sglib.sh - the SimGrid a world loads (src/sglib.c): NICSHARE_SIMGRID set
# but empty names no library, so a world runs on the default one as when it
# is unset (nicshare(1), ENVIRONMENT: "Default: the library nicshare was
# built against"): exit 0 and the same world.json and hosts' summary.json
# (but their wall-clock times). world.sh holds the rest (a path that does
# not exist, a library that is not SimGrid).
# Environment (set by `make check`): top_srcdir, NICSHARE.
# Exit: 0 held, 1 a check failed, 99 could not run.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-sglib.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
two=$top_srcdir/tests/world/two.yaml
(unset NICSHARE_SIMGRID; "$NICSHARE" run "$two" --out "$tmp/unset" --quiet --outputs summary) \
	2>"$tmp/err0" || { echo "sglib.sh: the world without NICSHARE_SIMGRID: exit $?"; cat "$tmp/err0"; exit 99; }
NICSHARE_SIMGRID= "$NICSHARE" run "$two" --out "$tmp/empty" --quiet --outputs summary 2>"$tmp/err"
rc=$?
same() {   # the two runs' JSON files, each without its wall-clock keys ("wall", "wall_*")
	python3 - "$tmp/unset" "$tmp/empty" <<'PY'
import json, os, sys
def walk(v):
    if isinstance(v, dict):
        return {k: walk(x) for k, x in v.items() if not (k == "wall" or k.startswith("wall_"))}
    return [walk(x) for x in v] if isinstance(v, list) else v
def tree(d):
    return {os.path.relpath(os.path.join(r, f), d): walk(json.load(open(os.path.join(r, f))))
            for r, _, fs in os.walk(d) for f in fs if f.endswith(".json")}
a, b = tree(sys.argv[1]), tree(sys.argv[2])
sys.exit(0 if a and a == b else 1)
PY
}
if [ "$rc" = 0 ] && same; then
	echo "sglib.sh: 1 passed, 0 failed"
	exit 0
fi
echo "sglib.sh: FAIL: NICSHARE_SIMGRID='': exit $rc (want 0, the default SimGrid), $(cat "$tmp/err")"
exit 1
