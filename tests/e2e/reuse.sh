#!/bin/sh
# reuse.sh - a reused --out folder holds exactly one run (issue 15 item 2):
#   - a run with fewer outputs into the folder of an earlier full run leaves
#     none of the earlier run's outputs (latency.tsv, events.tsv, pcaps,
#     report/), and the marker lists exactly the files of the new run;
#   - `nicshare report` reads only the files of the run summary.json
#     describes: a latency.tsv of another run (a folder of an older
#     nicshare, no file list in its marker) is refused, named;
#   - a failed run leaves the earlier run as it was, also one that fails
#     after it began writing (a computer's in a world too), and a --force
#     run into a user's folder leaves their files (*.tmp too) alone;
#   - a run killed while it ran is undone by the next run;
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
# every file under a folder with its checksum, hidden ones too
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs md5sum); }
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
sums "$d" >"$tmp/before"
"$NICSHARE" run "$DEF" --quiet --out "$d" --set nic.rx_ring=0 >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "a bad scenario did not exit 2"
sums "$d" | cmp -s - "$tmp/before" && ok ||
	fail "a failed run changed the folder"

# A run that fails after it began writing: a capture stamped in 2128 (5e9 s
# after 1970) runs, but its frames cannot be written into a pcap (32-bit
# seconds), so the run fails (exit 2) at the end, after routing.tsv,
# summary.json and calls.tsv are complete.
late=$tmp/late.pcapng
if command -v python3 >/dev/null 2>&1; then
	PYTHONPATH="$top_srcdir/tests" python3 - "$late" <<'PY' || fail "cannot write the 2128 capture"
import sys
from pkt import shb, idb, epb, udp_frame
eth = udp_frame('020000000001', '020000000009', '10.0.0.9', '10.0.0.1', 40000, 9, b'\0' * 18)
out = shb() + idb() + epb(5 * 10**15, eth) + epb(5 * 10**15 + 1000, eth)   # Ethernet, microseconds
open(sys.argv[1], 'wb').write(out)
PY
	sums "$d" >"$tmp/before"
	"$NICSHARE" run "$DEF" --quiet --out "$d" --trace "$late" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "beyond the pcap range" "$tmp/err" && ok ||
		fail "the 2128 capture: exit $rc, $(cat "$tmp/err")"
	sums "$d" | cmp -s - "$tmp/before" && ok ||
		fail "a run failing at its end changed the earlier run"
	[ -e "$d/.nicshare-prev" ] && fail "the earlier run's set-aside is left" || ok
	# into a new folder: no folder left
	"$NICSHARE" run "$DEF" --quiet --out "$tmp/new" --trace "$late" >/dev/null 2>&1
	[ -e "$tmp/new" ] && fail "a failed run left its new folder" || ok
	# into a user's folder (--force): their files, *.tmp too, untouched, no marker left
	mkdir "$tmp/user" && echo notes >"$tmp/user/notes.tmp" && echo mine >"$tmp/user/mine.txt"
	"$NICSHARE" run "$DEF" --quiet --out "$tmp/user" --force --trace "$late" >/dev/null 2>&1
	[ "$(cd "$tmp/user" && ls -A | tr '\n' ' ')" = "mine.txt notes.tmp " ] && ok ||
		fail "a failed --force run left $(cd "$tmp/user" && ls -A | tr '\n' ' ')"
	# a user's folder by a run file's name (--force): refused, kept whole
	mkdir -p "$tmp/userdir/wire-tx.pcap/sub" && echo precious >"$tmp/userdir/wire-tx.pcap/sub/x"
	"$NICSHARE" run "$DEF" --quiet --out "$tmp/userdir" --force >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "wire-tx.pcap: a folder where a run writes a file" "$tmp/err" &&
		[ "$(cat "$tmp/userdir/wire-tx.pcap/sub/x")" = precious ] &&
		[ "$(cd "$tmp/userdir" && ls -A | tr '\n' ' ')" = "wire-tx.pcap " ] && ok ||
		fail "a user's folder wire-tx.pcap: exit $rc, $(cat "$tmp/err"), $(ls -A "$tmp/userdir")"
	# a world: every computer's earlier files put back
	sed "s#\.\./\.\./scenarios/#$top_srcdir/scenarios/#" "$top_srcdir/tests/world/capture.yaml" \
		>"$tmp/wok.yaml"
	sed "s#set: \[run.duration=300ms\]#set: [run.duration=300ms, trace.file=$late]#" \
		"$tmp/wok.yaml" >"$tmp/wbad.yaml"
	"$NICSHARE" run "$tmp/wok.yaml" --quiet --out "$tmp/w" >/dev/null 2>"$tmp/err" ||
		fail "world: $(cat "$tmp/err")"
	sums "$tmp/w" >"$tmp/wbefore"
	"$NICSHARE" run "$tmp/wbad.yaml" --quiet --out "$tmp/w" >/dev/null 2>&1
	[ $? -eq 2 ] && ok || fail "the world with the 2128 capture did not exit 2"
	sums "$tmp/w" | cmp -s - "$tmp/wbefore" &&
		ok || fail "a failed world changed the earlier world's files"
	# another world into that folder: the first world's computer folders
	# it does not write go (a user's file in one keeps that one), and a
	# run of one computer there leaves none
	"$NICSHARE" run "$top_srcdir/tests/world/two.yaml" --quiet --out "$tmp/w2" >/dev/null 2>&1 &&
		echo mine >"$tmp/w2/b/mine.txt" || fail "world two"
	sed 's/^    a:/    alpha:/; s/between: \[a, b\]/between: [alpha, b]/' \
		"$top_srcdir/tests/world/two.yaml" >"$tmp/walpha.yaml"
	sed 's/^    b:/    beta:/; s/between: \[a, b\]/between: [a, beta]/' \
		"$top_srcdir/tests/world/two.yaml" >"$tmp/wbeta.yaml"
	"$NICSHARE" run "$tmp/walpha.yaml" --quiet --out "$tmp/w2" >/dev/null 2>"$tmp/err" ||
		fail "world alpha: $(cat "$tmp/err")"
	[ "$(cd "$tmp/w2" && ls -A | tr '\n' ' ')" = ".nicshare alpha b world.json " ] && ok ||
		fail "after a world of alpha and b: $(cd "$tmp/w2" && ls -A | tr '\n' ' ')"
	"$NICSHARE" run "$tmp/wbeta.yaml" --quiet --out "$tmp/w2" >/dev/null 2>"$tmp/err" ||
		fail "world beta: $(cat "$tmp/err")"
	[ "$(cd "$tmp/w2" && ls -A | tr '\n' ' ')" = ".nicshare a b beta world.json " ] &&
		[ "$(cd "$tmp/w2/b" && ls -A | tr '\n' ' ')" = "mine.txt " ] && ok ||
		fail "after a world of a and beta: $(cd "$tmp/w2" && ls -A | tr '\n' ' '), b: $(ls -A "$tmp/w2/b" | tr '\n' ' ')"
	"$NICSHARE" run "$DEF" --quiet --out "$tmp/w2" --outputs summary >/dev/null 2>"$tmp/err" ||
		fail "one computer: $(cat "$tmp/err")"
	[ ! -e "$tmp/w2/a" ] && [ ! -e "$tmp/w2/beta" ] && [ ! -e "$tmp/w2/world.json" ] &&
		[ -e "$tmp/w2/b/mine.txt" ] && ok ||
		fail "after one computer: $(cd "$tmp/w2" && ls -A | tr '\n' ' ')"
fi

# A run killed while it ran left the earlier run set aside and files of
# its own (made here as a kill -9 leaves them): the next run puts the
# earlier run back first, so a failing one leaves it as it was, and a
# run that succeeds leaves itself alone.
sums "$d" >"$tmp/before"
mkdir "$d/.nicshare-prev" && mv "$d"/* "$d/.nicshare" "$d/.nicshare-prev/" &&
	printf 'written by nicshare\n' >"$d/.nicshare" && echo partial >"$d/routing.tsv.tmp" &&
	echo partial >"$d/summary.json" || fail "cannot make a killed run's folder"
"$NICSHARE" run "$DEF" --quiet --out "$d" --outputs summary --set nic.rx_ring=0 >/dev/null 2>&1
"$NICSHARE" run "$DEF" --quiet --out "$d" --trace "$late" >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "the failing run after a killed one did not exit 2"
sums "$d" | cmp -s - "$tmp/before" && [ ! -e "$d/.nicshare-prev" ] && ok ||
	fail "after a killed run and a failed one, the earlier run is not as it was"
mkdir "$d/.nicshare-prev" && mv "$d"/* "$d/.nicshare" "$d/.nicshare-prev/" &&
	printf 'written by nicshare\n' >"$d/.nicshare" && echo partial >"$d/latency.tsv"
"$NICSHARE" run "$DEF" --quiet --out "$d" --outputs summary,routing --set 'traffic.rtp=[]' \
	>/dev/null 2>"$tmp/err" || fail "the run after a killed one: $(cat "$tmp/err")"
[ "$(cd "$d" && ls -A | tr '\n' ' ')" = ".nicshare config.yaml routing.tsv summary.json verify.txt " ] &&
	ok ||
	fail "after a killed run and a good one the folder holds $(cd "$d" && ls -A | tr '\n' ' ')"

# Two runs into one folder at once: the second is refused while the first
# holds it (it took the first's set-aside for a killed run's, and both
# runs were lost); the first completes.
long=$top_srcdir/bench/calls-1000.yaml
"$NICSHARE" run "$long" --quiet --out "$tmp/busy" --outputs summary >/dev/null 2>"$tmp/err1" &
pid=$!
for _ in $(seq 1 200); do
	[ -e "$tmp/busy/.nicshare" ] && break
	sleep 0.02
done
"$NICSHARE" run "$DEF" --quiet --out "$tmp/busy" --outputs summary >/dev/null 2>"$tmp/err"
rc=$?
wait "$pid"
rc1=$?
if [ $rc1 -eq 0 ] && [ -f "$tmp/busy/summary.json" ] && grep -q '"calls-1000"\|calls-1000' "$tmp/busy/config.yaml"; then
	ok
else
	fail "the first of two runs into one folder: exit $rc1, $(cat "$tmp/err1")"
fi
[ $rc -eq 2 ] && grep -q "another nicshare run is writing there now" "$tmp/err" && ok ||
	fail "the second run into a busy folder: exit $rc, $(cat "$tmp/err")"

# a capture that is a file of the run in the folder (moved aside while the
# run runs): refused before anything, the folder as it was
sums "$tmp/busy" >"$tmp/before"
"$NICSHARE" run "$DEF" --quiet --out "$tmp/busy" --trace "$tmp/busy/summary.json" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "the capture is a file of the run in" "$tmp/err" && ok ||
	fail "a capture inside the run's folder: exit $rc, $(cat "$tmp/err")"
sums "$tmp/busy" | cmp -s - "$tmp/before" && ok ||
	fail "a refused capture inside the folder changed it"

# --force into a user's folder: their own report/ is theirs, kept
mkdir -p "$tmp/proj/report" && echo notes >"$tmp/proj/report/notes.txt"
"$NICSHARE" run "$DEF" --quiet --out "$tmp/proj" --force --outputs summary >/dev/null 2>"$tmp/err" ||
	fail "--force into a user's folder: $(cat "$tmp/err")"
[ "$(cat "$tmp/proj/report/notes.txt" 2>/dev/null)" = notes ] && ok ||
	fail "a --force run removed the user's own report/"

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
