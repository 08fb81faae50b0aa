#!/bin/sh
# messages.sh - what a new user reads (issue 15 items 5 and 6): each
# message below was wrong or missing before, and is checked here as the
# user would meet it.
#   - classify refuses a scenario with a timeline (its routing would differ
#     from run's), naming the entry; with timeline=[] it classifies;
#   - a capture given as the scenario says to use --trace (run, check);
#   - "ptime: 0.02" suggests 20ms; "--outputs sumary" suggests summary; an
#     unknown option gets a did-you-mean;
#   - a routing filter that cannot compile for the capture's link type is
#     refused before the run: nothing is written;
#   - grammar: "1 frame", "1 check"; the summary line counts unfinished
#     outgoing frames;
#   - a --window outside the run is refused by report.
# Environment (set by `make check`): top_srcdir, NICSHARE, GNUPLOT.
# Exit: 0 all held, 1 a check failed, 99 the test could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-msg.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
fail() { echo "messages.sh: FAIL: $*"; fails=$((fails + 1)); }
# expect WHAT STATUS PATTERN CMD...: exit status and a line of stdout+stderr
expect() {
	what=$1 want=$2 pat=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$what: exit $rc, not $want: $(head -c 400 "$tmp/out")"
	elif ! grep -qE -- "$pat" "$tmp/out"; then
		fail "$what: no line matching '$pat' in: $(head -c 400 "$tmp/out")"
	else
		checks=$((checks + 1))
	fi
}
S=$top_srcdir/scenarios
P=$top_srcdir/traces/public

# 5. classify and the timeline
expect "classify port-move" 2 \
	"port-move.yaml:[0-9]+:[0-9]+: nicshare classify: the scenario has a timeline \(9 entries\)" \
	"$NICSHARE" classify "$S/port-move.yaml"
expect "classify port-move, timeline=[]" 0 "^1	rt	" \
	"$NICSHARE" classify "$S/port-move.yaml" --set 'timeline=[]'
expect "classify without a timeline" 0 "^frame	decision	reason" "$NICSHARE" classify "$S/default.yaml"

# timeline entries keep their number (timeline.N, from 0, in the file's
# order) through config: entry 0 is the one written first, not the earliest
printf 'timeline:\n  - at: 100ms\n    mtu: 1400\n  - at: 50ms\n    mtu: 1300\n' >"$tmp/tl.yaml"
"$NICSHARE" config "$tmp/tl.yaml" --set timeline.0.mtu=1000 >"$tmp/tl.out" 2>&1
sed -n '/^timeline:/,/^verify:/p' "$tmp/tl.out" | tr -d ' ' | tr '\n' ' ' >"$tmp/tl.flat"
grep -q -- '-at:100ms mtu:1000 -at:50ms mtu:1300' "$tmp/tl.flat" && checks=$((checks + 1)) ||
	fail "timeline numbering: $(cat "$tmp/tl.flat")"
"$NICSHARE" config "$tmp/tl.out" >"$tmp/tl.again" && cmp -s "$tmp/tl.out" "$tmp/tl.again" &&
	checks=$((checks + 1)) || fail "config.yaml with a timeline does not load back the same"

# a capture as the scenario
expect "run capture.pcap" 2 "arp-who-has.pcap:1:1: this is a pcap capture, not a scenario: give a capture with --trace" \
	"$NICSHARE" run "$P/arp-who-has.pcap" --out "$tmp/o1"
[ -e "$tmp/o1" ] && fail "run capture.pcap: made $tmp/o1"
expect "check capture.pcapng" 2 "this is a pcapng capture, not a scenario" \
	"$NICSHARE" check "$P/pcapng-2if-ns-us.pcapng"

# suggestions
printf 'traffic:\n  rtp:\n    - ptime: 0.02\n' >"$tmp/pt.yaml"
expect "ptime: 0.02" 2 'pt.yaml:3:14: traffic.rtp.0.ptime: .*write 20ms' "$NICSHARE" config "$tmp/pt.yaml"
expect "--outputs sumary" 2 "did you mean 'summary'" "$NICSHARE" run --outputs sumary --out "$tmp/o2"
expect "--ouptut" 2 "did you mean --out" "$NICSHARE" run --ouptut "$tmp/o3"

# a filter for another link type: refused before the run
expect "sll filter" 2 "sll-filter.yaml:14:7: verify.routing.1.match: .*link type LINUX_SLL.*nothing was run" \
	"$NICSHARE" run "$top_srcdir/tests/verify/sll-filter.yaml" --out "$tmp/o4"
[ -e "$tmp/o4" ] && fail "sll filter: the run went ahead and made $tmp/o4"

# grammar and the summary line
expect "1 frame" 0 "rt-rx  latency us: .*\(1 frame\)$" \
	"$NICSHARE" run --trace "$P/arp-who-has.pcap" --out "$tmp/o5" --set nic.promiscuous=true
expect "unfinished counted" 0 "outgoing frames: [0-9]+ sent, [0-9]+ dropped, [0-9]+ unfinished$" \
	"$NICSHARE" run --trace "$P/arp-who-has.pcap" --out "$tmp/o5" --set nic.promiscuous=true
expect "1 check" 0 "^nicshare verify: 1 check, held$" \
	"$NICSHARE" run --trace "$P/arp-who-has.pcap" --out "$tmp/o5" --set verify.latency.gp-rx.max=1s
grep -q '^verify: 1 check, 0 broken$' "$tmp/o5/verify.txt" && checks=$((checks + 1)) ||
	fail "verify.txt: $(tail -1 "$tmp/o5/verify.txt")"
# every verdict on its own line: no "ok"/"FAIL" after other text
grep -nE '.(ok  |FAIL)  verify\.' "$tmp/o5/verify.txt" && fail "a verdict joined to another line"

# report: a window outside the run
if command -v gnuplot >/dev/null 2>&1 || [ -n "${GNUPLOT:-}" ]; then
	expect "--window outside" 2 "--window starts at 10 s, after the end of the run" \
		"$NICSHARE" report "$tmp/o5" --window 10s:11s
fi

# port refusals: printed once each, naming the entry as --set timeline.N
# names it (its place in the file, from 0, whatever the time order), the
# port and the reason; as many as control.port_refused counts. The
# entries below are in the file out of time order: entry 0 (at 20 ms)
# claims 6000, which a GP application bound at 10 ms (entry 1): refused;
# entry 2 (at 30 ms) binds 5004 in GP, an RT port: refused.
cat >"$tmp/refuse.yaml" <<'Y'
gp:
  udp_ports: []
run:
  duration: 50ms
timeline:
  - at: 20ms
    claim: 6000
  - at: 10ms
    gp_bind: 6000
  - at: 30ms
    gp_bind: 5004
Y
"$NICSHARE" run "$tmp/refuse.yaml" --out "$tmp/rf" >/dev/null 2>"$tmp/rf.err"
n=$(grep -c "refused" "$tmp/rf.err")
refused=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['control']['port_refused'])" "$tmp/rf/summary.json" 2>/dev/null)
if [ "$n" != 2 ] || [ "$refused" != 2 ]; then
	fail "port refusals: $n lines on stderr, control.port_refused $refused (want 2 and 2): $(cat "$tmp/rf.err")"
elif ! grep -qE '^nicshare: timeline\.0: claim=6000 refused: [a-z]' "$tmp/rf.err" ||
     ! grep -qE '^nicshare: timeline\.2: gp_bind=5004 refused: [a-z]' "$tmp/rf.err"; then
	fail "port refusals: not named timeline.0 (claim=6000) and timeline.2 (gp_bind=5004): $(cat "$tmp/rf.err")"
elif [ "$(grep -c 'refused: .*refused' "$tmp/rf.err")" != 0 ]; then
	fail "port refusals: a reason printed twice: $(cat "$tmp/rf.err")"
else
	checks=$((checks + 1))
fi

# Whole numbers on the command line are digits only: a sign or a blank,
# which strtoull would pass over, is refused by every command alike.
expect "synth --frames +5" 2 "synth: --frames: '\\+5' is not a whole number in 0\\.\\." \
	"$NICSHARE" synth --frames +5 --write "$tmp/never.pcap"
[ ! -e "$tmp/never.pcap" ] || fail "synth --frames +5 wrote its capture"
expect "sweep -j ' 2'" 2 "sweep: -j: ' 2' is not a number of jobs in 1\\.\\.1024" \
	"$NICSHARE" sweep "$S/gp-flood.yaml" --vary tx.policy=strict --out "$tmp/sw" -j " 2"
[ ! -e "$tmp/sw" ] || fail "sweep -j ' 2' made its directory"
expect "diff --max +3" 2 "--max needs a whole number" \
	"$NICSHARE" diff "$tmp" "$tmp" --max +3
expect "search --budget +5" 2 "budget: '\\+5' is not a whole number in 1\\.\\.1000000" \
	"$NICSHARE" search "$S/gp-flood.yaml" --class rt-tx --budget +5

# RTP channels start + k x stagger: channel 256 at 256 x 2^56 ps = 2^64 ps
# once wrapped to 0s and sent twice the frames; refused, nothing written
printf 'run.duration: 100ms\nrt.udp_ports: 10000-10999\ntraffic:\n  rtp:\n    - {sport: 10000, dport: 20000, channels: 257, stagger: 72057.594037927936s, duration: 0}\n' >"$tmp/stag.yaml"
expect "stagger past a day" 2 \
	"stag.yaml:5:60: traffic.rtp.0.stagger: channel 256 would start at 0s \\+ 256 x 72057594037927936ps, after 86400s" \
	"$NICSHARE" run "$tmp/stag.yaml" --out "$tmp/o6"
[ ! -e "$tmp/o6" ] || fail "stagger past a day: the run went ahead and made $tmp/o6"
# TDMA values that round up to the same cycle: refused at the key by the
# loader (config too), not by the dispatcher once the run has started
printf 'run.duration: 10ms\ndispatcher: {policy: tdma, tdma_frame: 2ps, tdma_rt_slice: 1ps}\n' >"$tmp/tdma.yaml"
expect "tdma slice and frame one cycle (config)" 2 \
	"tdma.yaml:2:60: dispatcher.tdma_rt_slice: the RT slice \(1ps\) and the TDMA frame \(2ps\) are both 1 cycle at cpu.hz 3GHz" \
	"$NICSHARE" config "$tmp/tdma.yaml"
expect "tdma slice and frame one cycle (run)" 2 "tdma.yaml:2:60: dispatcher.tdma_rt_slice: " \
	"$NICSHARE" run "$tmp/tdma.yaml" --out "$tmp/o8"
[ ! -e "$tmp/o8" ] || fail "tdma slice and frame one cycle: the run made $tmp/o8"

# traffic.rtp.N.duration as doc/scenario.md says: every stream stops at
# start + duration. 2 channels 50 ms apart, ptime 20 ms, duration 100 ms:
# channel 0 at 0, 20, 40, 60, 80 ms, channel 1 at 50, 70, 90 ms: 8 frames
printf 'run.duration: 1s\ntraffic:\n  rtp:\n    - {channels: 2, stagger: 50ms, duration: 100ms}\n' >"$tmp/dur.yaml"
expect "rtp duration ends every stream at start + duration" 0 \
	"^nicshare: .* 8 outgoing frames: 8 sent, 0 dropped, 0 unfinished$" \
	"$NICSHARE" run "$tmp/dur.yaml" --out "$tmp/o9"

# A world's plain host: stream k's ticks are (start + k x stagger) x ticks
# per ps. At cpu.hz 9.999GHz a world tick is 1/9999 ps, and channel 1 at
# ceil(2^64 / 9999) ps = 1844.858893260282s is 2^64 + 8102 ticks: once
# wrapped to tick 8102, it sent 5 frames in the 100 ms run besides
# channel 0's 5 (0, 20, ... 80 ms). It starts after the run: 5 frames.
cat >"$tmp/wstag.yaml" <<'Y'
cpu.hz: 9.999GHz
world:
  duration: 100ms
  hosts:
    c: {scenario: self}
    src: {ip: 10.0.1.1, app: rtp, to: c, dport: 5004, channels: 2, stagger: 1844.858893260282s}
  links:
    l: {bandwidth: 1Gbit/s, latency: 1ms}
  routes:
    - {between: [src, c], links: [l]}
Y
"$NICSHARE" run "$tmp/wstag.yaml" --out "$tmp/o7" >"$tmp/o7.log" 2>&1
sent=$(python3 -c "import json, sys; print([h['frames_out'] for h in json.load(open(sys.argv[1]))['hosts'] if h['name'] == 'src'][0])" "$tmp/o7/world.json" 2>/dev/null)
[ "$sent" = 5 ] && checks=$((checks + 1)) ||
	fail "world stagger past 2^64 ticks: src sent '$sent' frames, not 5: $(head -c 400 "$tmp/o7.log")"

echo "messages.sh: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
