#!/bin/sh
# reuse.sh - a reused --out folder holds exactly one run (issue 15 item 2):
#   - a run with fewer outputs into the folder of an earlier full run leaves
#     none of the earlier run's outputs (latency.tsv, events.tsv, pcaps,
#     report/), and the marker lists exactly the files of the new run;
#   - `nicshare report` reads only the files of the run summary.json
#     describes: a latency.tsv of another run (a folder of an older
#     nicshare, no file list in its marker) is refused, named;
#   - a failed run leaves the earlier run as it was;
#   - --out a/b/c makes the missing parents.
# Environment (set by `make check`): top_srcdir, NICSHARE.
# Exit: 0 all held, 1 a check failed, 99 the test could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-reuse.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
fail() { echo "reuse.sh: FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
DEF=$top_srcdir/scenarios/default.yaml
d=$tmp/d

"$NICSHARE" run "$DEF" --quiet --out "$d" >/dev/null 2>"$tmp/err" || fail "first run: $(cat "$tmp/err")"
for f in latency.tsv events.tsv routing.tsv wire-tx.pcap summary.json; do
	[ -f "$d/$f" ] && ok || fail "first run wrote no $f"
done
mkdir -p "$d/report" && : >"$d/report/index.html"    # as --report would leave
"$NICSHARE" run "$DEF" --quiet --out "$d" --outputs summary,routing \
	--set 'traffic.rtp=[]' >/dev/null 2>"$tmp/err" || fail "second run: $(cat "$tmp/err")"
for f in latency.tsv events.tsv dispatch.tsv wire-tx.pcap rt-rx.pcap gp-rx.pcap report; do
	[ -e "$d/$f" ] && fail "the earlier run's $f is still there" || ok
done
for f in summary.json routing.tsv config.yaml verify.txt; do
	[ -f "$d/$f" ] && ok || fail "the second run's $f is missing"
done
listed=$(sed -n 's/^file\t//p' "$d/.nicshare" | sort | tr '\n' ' ')
[ "$listed" = "config.yaml routing.tsv summary.json verify.txt " ] && ok ||
	fail "the marker lists '$listed'"

# a failed run (bad value) leaves the run there as it was
(cd "$d" && md5sum * .nicshare) >"$tmp/before"
"$NICSHARE" run "$DEF" --quiet --out "$d" --set nic.rx_ring=0 >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "a bad scenario did not exit 2"
(cd "$d" && md5sum * .nicshare) | cmp -s - "$tmp/before" && ok ||
	fail "a failed run changed the folder"

# report: files of another run are not mixed in
if command -v gnuplot >/dev/null 2>&1 || [ -n "${GNUPLOT:-}" ]; then
	"$NICSHARE" run "$DEF" --quiet --out "$tmp/full" >/dev/null 2>&1
	cp "$tmp/full/latency.tsv" "$d/latency.tsv"    # left by another run
	if "$NICSHARE" report "$d" >/dev/null 2>"$tmp/err"; then
		grep -q 'cdf-' "$d/report/index.html" && fail "report drew the other run's latency.tsv" || ok
	else
		fail "report of the second run: $(cat "$tmp/err")"
	fi
	# an older nicshare's folder: its marker lists no files; the counts tell
	printf 'written by nicshare\n' >"$d/.nicshare"
	"$NICSHARE" report "$d" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "latency.tsv: .*summary.json counts 0: not the run" "$tmp/err" && ok ||
		fail "report mixing runs: exit $rc, $(cat "$tmp/err")"
fi

# --out with missing parents
"$NICSHARE" run "$DEF" --quiet --out "$tmp/a/b/c" --outputs summary >/dev/null 2>"$tmp/err" &&
	[ -f "$tmp/a/b/c/summary.json" ] && ok || fail "--out a/b/c: $(cat "$tmp/err")"

echo "reuse.sh: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
