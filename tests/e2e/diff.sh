#!/bin/bash
# diff.sh: `nicshare diff` on run directories made here by hand, each line of
# its report worked out from the files below (doc/verify.md, "nicshare
# diff"), not from a run:
#  1. routing: a decision changed, a reason alone changed, a frame only in
#     B; the first --max listed, the rest counted, the frame counts of both.
#  2. timing from events.tsv: spans that moved by different amounts, the
#     first event's moves, a frame with events in one run only (alone, the
#     runs differ), lines of no frame ("-") left out; a single frame's move
#     of one cycle; an outgoing frame (o1) listed.
#  3. latency from latency.tsv, exact: nearest-rank p50, p99 and max of 200
#     samples computed here with sort and awk, the change in ns and in
#     hundredths of a percent (integer arithmetic, cut toward zero), a
#     class with no samples on one side, the samples matched frame by
#     frame; the cycles or the ns alone changed; a sample moved to another
#     frame (statistics alike, the runs differ); a change from 0 ns.
#  4. the captures' warning when only the frame counts differ.
#  5. worlds: a computer that B lacks, world.json alone different, a world
#     with no computer, and the computers found: those world.json lists
#     (hosts[] of kind computer), not a folder without routing.tsv nor a
#     user's folder holding one; a world.json with no hosts list, or naming
#     a computer outside its folder, refused.
#
# Environment (set by `make check`): top_srcdir, NICSHARE.
# Exit: 0 all passed, 1 a test failed, 99 could not run.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
if [ ! -x "$bin" ]; then
	echo "diff.sh: ERROR: $bin is not built" >&2
	exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-diff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0 fail=0 rc=0
t() {
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: $*"
		sed 's/^/     | /' "$tmp/out" "$tmp/err" | head -40
	fi
}
ns() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}
has() { grep -qxF -- "$1" "$2"; }
eq() { [ "$1" = "$2" ]; }
T=$(printf '\t')

# summary.json as diff reads it: the input (for the warning) and, where a
# side has no latency.tsv, the per-class statistics
summary() { # DIR FRAMES
	cat >"$1/summary.json" <<EOF
{"input": {"capture": "hand.pcap", "frames": $2},
 "latency": {"rt-rx": {"count": 0}, "gp-rx": {"count": 0}, "rt-tx": {"count": 0},
             "gp-tx": {"count": 0}, "rt-rtt": {"count": 0}}}
EOF
}

# ---- 1. routing ---------------------------------------------------------------------
mkdir -p "$tmp/A" "$tmp/B"
printf 'frame\tdecision\treason\n1\trt\trt-port\n2\tgp\tdefault\n3\tboth\tarp-reply\n4\tdrop\trx-ring-full\n5\tgp\tdefault\n' >"$tmp/A/routing.tsv"
# frame 2: decision and reason; frame 4: the reason alone; frame 6: B only
printf 'frame\tdecision\treason\n1\trt\trt-port\n2\trt\trt-port\n3\tboth\tarp-reply\n4\tdrop\tproxy-full\n5\tgp\tdefault\n6\tgp\tdefault\n' >"$tmp/B/routing.tsv"
summary "$tmp/A" 5
summary "$tmp/B" 5
ns diff "$tmp/A" "$tmp/B" --max 2
t "routing: exit 1 (got $rc)" eq "$rc" 1
sed -n '/^routing: frames/,/^routing: A has/p' "$tmp/out" >"$tmp/routing"
cat >"$tmp/want" <<EOF
routing: frames whose decision or reason changed (A -> B):
  frame 2        gp default -> rt rt-port
  frame 4        drop rx-ring-full -> drop proxy-full
  ... and 1 more
routing: 3 of 6 frames changed
routing: A has 5 frames, B 6
EOF
t "routing: frames 2 and 4 listed, frame 6 counted, both counts" cmp -s "$tmp/want" "$tmp/routing"
ns diff "$tmp/A" "$tmp/B" --max 3
t "routing --max 3: frame 6 as no frame in A" has "  frame 6        (no frame) -> gp default" "$tmp/out"
t "routing --max 3: nothing more" eq "$(grep -c '^  \.\.\. and' "$tmp/out")" 0
ns diff "$tmp/B" "$tmp/A" --max 3
t "routing B -> A: frame 6 as no frame in B" has "  frame 6        gp default -> (no frame)" "$tmp/out"
t "routing B -> A: counts the other way" has "routing: A has 6 frames, B 5" "$tmp/out"
# routing.tsv lists every frame once, in order: a frame left out is no line of it
sed '3d' "$tmp/B/routing.tsv" >"$tmp/routing" && cp "$tmp/B/routing.tsv" "$tmp/routing.B" && mv "$tmp/routing" "$tmp/B/routing.tsv"
ns diff "$tmp/A" "$tmp/B"
t "routing, frame 2 left out: exit 2 (got $rc)" eq "$rc" 2
t "routing, frame 2 left out: file:line" has "nicshare diff: $tmp/B/routing.tsv:3: not a line of routing.tsv" "$tmp/err"
mv "$tmp/routing.B" "$tmp/B/routing.tsv"
# the same frames, decisions alike: the frame count of the run
ns diff "$tmp/A" "$tmp/A"
t "routing same: exit 0 (got $rc)" eq "$rc" 0
t "routing same: 5 frames" has "routing: same (5 frames)" "$tmp/out"
t "routing same: no frame count line" eq "$(grep -c '^routing: A has' "$tmp/out")" 0

# ---- 2. timing from events.tsv --------------------------------------------------------
# frame 1: 100..300 -> 100..310 (span +10, first +0)
# frame 2: 400..500 -> 390..505 (span +15, first -10)
# frame 3: the same; o1 in A only; "-" (an interrupt) at other cycles
cat >"$tmp/A/events.tsv" <<EOF
cycle${T}frame${T}stage${T}detail
50${T}-${T}irq${T}-
100${T}1${T}wire-rx${T}-
150${T}1${T}dma-rx${T}-
300${T}1${T}rt-deliver${T}-
400${T}2${T}wire-rx${T}-
500${T}2${T}gp-deliver${T}-
600${T}3${T}wire-rx${T}-
700${T}3${T}gp-deliver${T}-
800${T}o1${T}gp-request${T}1514
EOF
cat >"$tmp/B/events.tsv" <<EOF
cycle${T}frame${T}stage${T}detail
60${T}-${T}irq${T}-
100${T}1${T}wire-rx${T}-
310${T}1${T}rt-deliver${T}-
390${T}2${T}wire-rx${T}-
505${T}2${T}gp-deliver${T}-
9000${T}-${T}irq${T}-
600${T}3${T}wire-rx${T}-
700${T}3${T}gp-deliver${T}-
EOF
cp "$tmp/A/routing.tsv" "$tmp/B/routing.tsv"
ns diff "$tmp/A" "$tmp/B" --max 1
t "timing: exit 1 (got $rc)" eq "$rc" 1
sed -n '/^timing:/,/^latency per class/p' "$tmp/out" | sed '$d' >"$tmp/timing"
cat >"$tmp/want" <<EOF
timing: frames whose events moved (events.tsv, exact; first to last event, cycles, A -> B):
  frame 1        100..300 -> 100..310 (span +10 cycles)
  ... and 1 more
timing: 2 of 4 frames changed, their span (first to last event) by +10 to +15 cycles, their first event by -10 to +0 cycles
timing: 1 frames have events in one run only
EOF
t "timing: frames 1 and 2 moved, o1 in A only, interrupts left out" cmp -s "$tmp/want" "$tmp/timing"
ns diff "$tmp/A" "$tmp/B" --max 5
t "timing --max 5: frame 2 listed" has "  frame 2        400..500 -> 390..505 (span +15 cycles)" "$tmp/out"
# o1 in both, alike; frame 2 alike: only frame 1, one cycle shorter
printf '800\to1\tgp-request\t1514\n' >>"$tmp/B/events.tsv"
awk -F'\t' 'BEGIN { OFS = "\t" } $2 == 1 && $1 == 310 { $1 = 299 } $2 == 2 && $1 == 390 { $1 = 400 } $2 == 2 && $1 == 505 { $1 = 500 } { print }' \
	"$tmp/B/events.tsv" >"$tmp/ev" && mv "$tmp/ev" "$tmp/B/events.tsv"
ns diff "$tmp/A" "$tmp/B"
t "timing, one frame: listed" has "  frame 1        100..300 -> 100..299 (span -1 cycle)" "$tmp/out"
t "timing, one frame: said" has "timing: 1 of 4 frames changed, every one's span (first to last event) by -1 cycle, their first event by +0 to +0 cycles" "$tmp/out"
t "timing, one frame: none in one run only" eq "$(grep -c 'in one run only' "$tmp/out")" 0
t "timing, one frame: exit 1 (got $rc)" eq "$rc" 1
# a frame id in events.tsv that is none: refused with file:line
printf '900\tx7\tgp-request\t-\n' >>"$tmp/B/events.tsv"
ns diff "$tmp/A" "$tmp/B"
t "events.tsv, a bad frame id: exit 2 (got $rc)" eq "$rc" 2
t "events.tsv, a bad frame id: file:line" has "nicshare diff: $tmp/B/events.tsv:11: not a line of events.tsv" "$tmp/err"
# frame 3 starts 50 cycles later and ends alike (600..700 -> 650..700), o1
# (one event) 5 cycles later: spans -50 and +0, first events +50 and +5
awk -F'\t' 'BEGIN { OFS = "\t" } $2 == 3 && $1 == 600 { $1 = 650 } $2 == "o1" { $1 = 805 } { print }' \
	"$tmp/A/events.tsv" >"$tmp/B/events.tsv"
ns diff "$tmp/A" "$tmp/B"
t "timing, the end alike: frame 3 listed" has "  frame 3        600..700 -> 650..700 (span -50 cycles)" "$tmp/out"
t "timing, an outgoing frame: o1 listed" has "  frame o1       800..800 -> 805..805 (span +0 cycles)" "$tmp/out"
t "timing, the end alike: said" has "timing: 2 of 4 frames changed, their span (first to last event) by -50 to +0 cycles, their first event by +5 to +50 cycles" "$tmp/out"
# o1's events left out of B, nothing else changed: the runs differ
grep -v "${T}o1${T}" "$tmp/A/events.tsv" >"$tmp/B/events.tsv"
ns diff "$tmp/A" "$tmp/B"
t "timing, o1 in A only: exit 1 (got $rc)" eq "$rc" 1
t "timing, o1 in A only: same for the others" has "timing: same for every frame (4, events.tsv, exact)" "$tmp/out"
t "timing, o1 in A only: said" has "timing: 1 frames have events in one run only" "$tmp/out"
t "timing, o1 in A only: the runs differ" has "nicshare diff: the runs differ" "$tmp/out"
cp "$tmp/A/events.tsv" "$tmp/B/events.tsv"

# ---- 3. latency, exact, from latency.tsv ----------------------------------------------
# rt-rx: 203 samples, frame k (k = 1..203) of 3000 + 37k mod 1009 cycles
# (all different); B: frame 150 slower by 999 cycles, frame 203 missing,
# frame 204 only in B. gp-rx: one sample (frame 205) in A only. At 3 GHz:
# ns = cycles / 3. 203 samples: the ranks are not whole hundredths.
lat() { # FILE: the samples from awk's program on stdin (frame cycles class)
	awk 'BEGIN { OFS = "\t"; print "frame", "class", "start_cycle", "end_cycle", "cycles", "ns" }
	     { s = 1000 * $1; ps = int($2 * 1000 / 3); printf "%s\t%s\t%d\t%d\t%d\t%d.%03d\n", $1, $3, s, s + $2, $2, int(ps / 1000), ps % 1000 }' >"$1"
}
awk 'BEGIN { for (k = 1; k <= 203; k++) print k, 3000 + (37 * k) % 1009, "rt-rx"; print 205, 5000, "gp-rx" }' | lat "$tmp/A/latency.tsv"
awk 'BEGIN { for (k = 1; k <= 202; k++) print k, 3000 + (37 * k) % 1009 + (k == 150 ? 999 : 0), "rt-rx"; print 204, 3000, "rt-rx" }' | lat "$tmp/B/latency.tsv"
# nearest rank: the ceil(n P / 100)-th in order (of 203: p50 the 102nd,
# p99 the 201st), max the last
stat() { # FILE CLASS P|max
	awk -F'\t' -v c="$2" 'NR > 1 && $2 == c { print $5 }' "$1" | sort -n |
		awk -v p="$3" '{ v[NR] = $1 } END { print (p == "max" ? v[NR] : v[int((NR * p + 99) / 100)]) }'
}
# a latency's ps at 3 GHz (cut, as the run writes its ns), that ps as
# diff prints it, and a change as diff prints it: in ns (3 decimals) and
# hundredths of a percent, both cut toward zero
ps_of() { echo $(($1 * 1000 / 3)); }
ns_text() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
chg_ps() { # A_PS B_PS
	local d=$(($2 - $1)) h
	h=$((d * 10000 / $1))
	printf '%s -> %s ns (%s%s ns, %s%d.%02d%%)' "$(ns_text "$1")" "$(ns_text "$2")" \
		"$( ((d < 0)) && echo - || echo +)" "$(ns_text "${d#-}")" \
		"$( ((d < 0)) && echo - || echo +)" $((${h#-} / 100)) $((${h#-} % 100))
}
chg() { chg_ps "$(ps_of "$1")" "$(ps_of "$2")"; } # A_CYCLES B_CYCLES
a50=$(stat "$tmp/A/latency.tsv" rt-rx 50) b50=$(stat "$tmp/B/latency.tsv" rt-rx 50)
a99=$(stat "$tmp/A/latency.tsv" rt-rx 99) b99=$(stat "$tmp/B/latency.tsv" rt-rx 99)
amax=$(stat "$tmp/A/latency.tsv" rt-rx max) bmax=$(stat "$tmp/B/latency.tsv" rt-rx max)
ns diff "$tmp/A" "$tmp/B"
t "latency: exit 1 (got $rc)" eq "$rc" 1
t "latency: exact" has "latency per class, A -> B (exact, from latency.tsv):" "$tmp/out"
t "latency: rt-rx count 203 -> 203" has "  rt-rx   count 203 -> 203" "$tmp/out"
if [ "$a50" = "$b50" ]; then
	t "latency: rt-rx p50 same ($a50)" has "          p50  same: $a50 cycles = $(ns_text "$(ps_of "$a50")") ns" "$tmp/out"
else
	t "latency: rt-rx p50 $a50 -> $b50" has "          p50  $a50 -> $b50 cycles = $(chg "$a50" "$b50")" "$tmp/out"
fi
t "latency: rt-rx p99 $a99 -> $b99" has "          p99  $a99 -> $b99 cycles = $(chg "$a99" "$b99")" "$tmp/out"
t "latency: rt-rx max $amax -> $bmax" has "          max  $amax -> $bmax cycles = $(chg "$amax" "$bmax")" "$tmp/out"
t "latency: gp-rx 1 -> 0" has "  gp-rx   count 1 -> 0" "$tmp/out"
t "latency: gp-rx p50 5000 -> none" has "          p50  5000 cycles -> none" "$tmp/out"
t "latency: rt-tx no samples" has "  rt-tx   same: no samples" "$tmp/out"
# frame by frame: 150 changed; 203 (rt-rx) and 205 (gp-rx) in A only; 204 (rt-rx) in B only
t "latency samples: the first changed" has "latency samples: the first changed: frame 150 rt-rx: $((3000 + (37 * 150) % 1009)) -> $((3999 + (37 * 150) % 1009)) cycles" "$tmp/out"
t "latency samples: counted" has "latency samples: 1 of 204 changed, 2 only in A, 1 only in B" "$tmp/out"
# the same samples on both sides: the statistics said same
cp "$tmp/A/latency.tsv" "$tmp/B/latency.tsv"
ns diff "$tmp/A" "$tmp/B"
t "latency same: exit 0 (got $rc)" eq "$rc" 0
t "latency same: rt-rx" has "  rt-rx   same: count 203, p50 $a50, p99 $a99, max $amax cycles" "$tmp/out"
t "latency same: samples" has "latency samples: same (204)" "$tmp/out"
t "latency same: identical" has "nicshare diff: identical routing and latency" "$tmp/out"
# the maximum's cycles the same, its ns 1 ns more (another clock): a change
awk -F'\t' -v m="$amax" 'BEGIN { OFS = "\t" } $2 == "rt-rx" && $5 == m { $6 = sprintf("%.3f", $6 + 1) } { print }' "$tmp/A/latency.tsv" >"$tmp/B/latency.tsv"
ns diff "$tmp/A" "$tmp/B"
t "latency, ns alone changed: exit 1 (got $rc)" eq "$rc" 1
t "latency, ns alone changed: the max's ns" has "          max  $amax -> $amax cycles = $(chg_ps "$(ps_of "$amax")" $(($(ps_of "$amax") + 1000)))" "$tmp/out"
t "latency, ns alone changed: samples same by cycles" has "latency samples: same (204)" "$tmp/out"

# the maximum one cycle longer at the same ns (ns cut to the ps): a change
awk -F'\t' -v m="$amax" 'BEGIN { OFS = "\t" } $2 == "rt-rx" && $5 == m { $4 = $4 + 1; $5 = $5 + 1 } { print }' \
	"$tmp/A/latency.tsv" >"$tmp/B/latency.tsv"
ns diff "$tmp/A" "$tmp/B"
t "latency, cycles alone changed: exit 1 (got $rc)" eq "$rc" 1
t "latency, cycles alone changed: the max" has "          max  $amax -> $((amax + 1)) cycles = $(chg "$amax" "$amax")" "$tmp/out"
# frame 203's sample taken by frame 206, the same cycles: the statistics
# alike, the samples not
awk -F'\t' 'BEGIN { OFS = "\t" } $1 == 203 { $1 = 206 } { print }' "$tmp/A/latency.tsv" >"$tmp/B/latency.tsv"
ns diff "$tmp/A" "$tmp/B"
t "latency, a sample on another frame: exit 1 (got $rc)" eq "$rc" 1
t "latency, a sample on another frame: rt-rx same" has "  rt-rx   same: count 203, p50 $a50, p99 $a99, max $amax cycles" "$tmp/out"
t "latency, a sample on another frame: counted" has "latency samples: 0 of 204 changed, 1 only in A, 1 only in B" "$tmp/out"

# a latency of 0 in A (gp-tx, frame o1: 0 cycles, 0 ns) and 3 cycles in B:
# no percentage of 0
cp "$tmp/A/latency.tsv" "$tmp/B/latency.tsv"
printf 'o1\tgp-tx\t500\t500\t0\t0.000\n' >>"$tmp/A/latency.tsv"
printf 'o1\tgp-tx\t500\t503\t3\t1.000\n' >>"$tmp/B/latency.tsv"
ns diff "$tmp/A" "$tmp/B"
t "latency from 0: exit 1 (got $rc)" eq "$rc" 1
t "latency from 0: no percentage" has "          max  0 -> 3 cycles = 0.000 -> 1.000 ns (+1.000 ns, n/a)" "$tmp/out"

# ---- 4. the captures' warning ---------------------------------------------------------
grep -v '^o1' "$tmp/A/latency.tsv" >"$tmp/lat" && mv "$tmp/lat" "$tmp/A/latency.tsv"
cp "$tmp/A/latency.tsv" "$tmp/B/latency.tsv"
summary "$tmp/B" 6
ns diff "$tmp/A" "$tmp/B"
t "warning: frame counts alone" has "nicshare diff: WARNING: the runs read different captures (A \"hand.pcap\", 5 frames; B \"hand.pcap\", 6 frames): frame N is not the same frame in both" "$tmp/out"
summary "$tmp/B" 5
ns diff "$tmp/A" "$tmp/B"
t "no warning: the same capture and count" eq "$(grep -c WARNING "$tmp/out")" 0

# ---- 5. worlds ------------------------------------------------------------------------
# world.json's hosts[] as a world writes it (doc/outputs.md): computers and
# a plain host
host() { printf '{"name": "%s", "kind": "computer", "summary": "%s/summary.json"}' "$1" "$1"; }
far='{"name": "far", "kind": "plain", "app": "rtp", "frames_out": 0}'
for w in W1 W2 W3; do
	mkdir -p "$tmp/$w"
done
printf '{"hosts": [%s, %s, %s]}\n' "$(host a)" "$(host b)" "$far" >"$tmp/W1/world.json"
printf '{"hosts": [%s, %s]}\n' "$(host a)" "$far" >"$tmp/W2/world.json"
printf '{"hosts": [%s]}\n' "$far" >"$tmp/W3/world.json"
cp -r "$tmp/A" "$tmp/W1/a"
cp -r "$tmp/A" "$tmp/W1/b"
cp -r "$tmp/A" "$tmp/W2/a"
mkdir -p "$tmp/W1/plots" "$tmp/W2/plots"      # no routing.tsv: not a computer
# a user's folder beside the computers, holding a run of its own (another
# routing): no computer of the world, not compared. It was, as any folder
# with a routing.tsv was taken for a computer: W1 against W2 said
# "computer mine" and "B has no computer mine", and W3 (no computer) had
# one.
cp -r "$tmp/B" "$tmp/W1/mine"
cp -r "$tmp/A" "$tmp/W3/mine"
ns diff "$tmp/W1" "$tmp/W2"
t "world, B lacks b: exit 1 (got $rc)" eq "$rc" 1
t "world: computer a" has "nicshare diff: computer a" "$tmp/out"
t "world: computer b" has "nicshare diff: computer b" "$tmp/out"
t "world: B has no computer b" has "nicshare diff: $tmp/W2: B has no computer b" "$tmp/out"
t "world: not a computer without routing.tsv" eq "$(grep -c 'computer plots' "$tmp/out")" 0
t "world: a user's folder with a routing.tsv is no computer" eq "$(grep -c 'mine' "$tmp/out")" 0
t "world: differ" has "nicshare diff: the worlds differ" "$tmp/out"
ns diff "$tmp/W2" "$tmp/W2"
t "world with itself: exit 0 (got $rc)" eq "$rc" 0
t "world with itself: identical" has "nicshare diff: identical worlds" "$tmp/out"
# the same computers, another world.json: the worlds differ
cp -r "$tmp/W2" "$tmp/W4"
printf '{"hosts": [%s, %s]}\n' "$(host a)" "${far/\"frames_out\": 0/\"frames_out\": 1}" >"$tmp/W4/world.json"
ns diff "$tmp/W2" "$tmp/W4"
t "world.json alone: exit 1 (got $rc)" eq "$rc" 1
t "world.json alone: the worlds differ" has "nicshare diff: the worlds differ" "$tmp/out"
ns diff "$tmp/W3" "$tmp/W2"
t "world without computers: exit 2 (got $rc)" eq "$rc" 2
t "world without computers: said" has "nicshare diff: $tmp/W3: a world with no computer's outputs" "$tmp/err"
# a world against one computer's run names the listed computers only
ns diff "$tmp/W1" "$tmp/A"
t "world against a run: exit 2 (got $rc)" eq "$rc" 2
t "world against a run: its computers named" has "nicshare diff: $tmp/W1 (A) is a world's outputs (world.json, one folder per computer), $tmp/A one computer's: compare two worlds, or name one of the world's computers: $tmp/W1/a, $tmp/W1/b" "$tmp/err"
# world.json without a hosts list, or naming a computer outside its folder
mkdir -p "$tmp/W5" "$tmp/W6"
printf '{"hosts": {}}\n' >"$tmp/W5/world.json"
ns diff "$tmp/W5" "$tmp/W2"
t "world.json without hosts[]: exit 2 (got $rc)" eq "$rc" 2
t "world.json without hosts[]: said" has "nicshare diff: $tmp/W5/world.json: no hosts list (hosts[]): not a world's world.json" "$tmp/err"
printf '{"hosts": [%s]}\n' "$(host ..)" >"$tmp/W6/world.json"
ns diff "$tmp/W6" "$tmp/W2"
t "a computer named ..: exit 2 (got $rc)" eq "$rc" 2
t "a computer named ..: said" has "nicshare diff: $tmp/W6/world.json: hosts[0]: a computer whose name is no folder name" "$tmp/err"

# a change under a hundredth of a percent keeps its sign (review n36: a
# p50 1 cycle lower said "+0.00%"): rt-rx samples 15000 and 15001 cycles
# against 14999 and 15001; p50 (the first of two, nearest rank) 15000 ->
# 14999: -334 ps of 5000000, -0.0066%, cut to hundredths "-0.00%"
mkdir -p "$tmp/S1" "$tmp/S2"
for d in S1 S2; do cp -R "$tmp/A/." "$tmp/$d/"; done
echo "1 15000 rt-rx
2 15001 rt-rx" | lat "$tmp/S1/latency.tsv"
echo "1 14999 rt-rx
2 15001 rt-rx" | lat "$tmp/S2/latency.tsv"
ns diff "$tmp/S1" "$tmp/S2"
t "a change under 0.01%: its sign kept" has "          p50  15000 -> 14999 cycles = $(chg 15000 14999)" "$tmp/out"
t "a change under 0.01%: -0.00%" grep -q "p50  15000 -> 14999 cycles = .*, -0.00%)$" "$tmp/out"
# a latency.tsv without its header line: its first sample was taken for
# the header and dropped (review n32: count 80 -> 79, "differ"); refused
tail -n +2 "$tmp/S2/latency.tsv" >"$tmp/S2/l" && mv "$tmp/S2/l" "$tmp/S2/latency.tsv"
ns diff "$tmp/S1" "$tmp/S2"
t "latency.tsv without its header: exit 2 (got $rc)" eq "$rc" 2
t "latency.tsv without its header: said at line 1" has "nicshare diff: $tmp/S2/latency.tsv:1: not a line of latency.tsv" "$tmp/err"

echo "diff.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
