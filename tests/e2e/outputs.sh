#!/usr/bin/env bash
# outputs.sh - the output files' writers (src/tracew.c, src/outputs.c) and
# the command line's choices and exit statuses (src/main.c), each column
# held against a source of its own (doc/outputs.md):
#   - routing.tsv: one line per frame of the capture, numbered as tshark
#     numbers them; rt-port exactly the UDP frames tshark sees to an RT port
#     (rt.udp_ports), each decision the one events.tsv's classify line says;
#   - events.tsv: each rx line's detail is the frame's length as tshark
#     reads it; the stages of no frame have `-` as frame, those with nothing
#     to say `-` as detail; outgoing frames are `o<n>`, numbered from 1 in
#     the order of their request;
#   - latency.tsv: cycles = end - start, ns = cycles at cpu.hz, three
#     decimals, rounded down (worked out here in integers); each line's
#     start and end are the cycles of the events its class is between
#     (doc/outputs.md's table); outgoing frames `o<n>`;
#   - dispatch.tsv: from 0 to summary.json's simulated_cycles with no gap
#     or overlap, each holder's cycles summing to summary.json's cpu_cycles,
#     each why one doc/outputs.md lists and one that can start that holder
#     (an interrupt or a switch done for rt, RT's work or its end for a
#     switch), `start` on the first line only;
#   - --outputs: each name alone writes that file alone (the marker lists
#     it, config.yaml and verify.txt, nothing else); `all`; refusals of an
#     empty list, a prefix, a near miss (did-you-mean at distance 1 and 2,
#     none at 3), with exit 2 and nothing written;
#   - the exit statuses of nicshare(1): 0, 1 and 2; a capture that cannot
#     be read refused (2) by config and classify too; synth's ranges as it
#     says them, and an option of one of its mixes given to the other
#     refused;
#   - --replay-tx: the host's own frame of the capture (skip, own-tx) sent
#     again, its bytes as captured; without it, not sent.
#   - a world's run: stdout's line naming its world.json, none with --quiet;
#   - --report without gnuplot: exit 2 for a run and a world's, outputs kept;
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all held, 1 a check failed, 77 skipped (no tshark), 99 could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
TSHARK=${TSHARK:-tshark}
command -v "$TSHARK" >/dev/null 2>&1 || { echo "outputs.sh: no tshark: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-outputs.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
fail() { echo "outputs.sh: FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }
status() {   # status WANT ERE ARGS...: exit WANT, stderr matching ERE ("": any,
	     # "^$": empty), and when WANT is not 0 nothing written
	local want=$1 ere=$2 rc
	shift 2
	rm -rf "$tmp/x" "$tmp/x.pcap"
	"$NICSHARE" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $ere in
	"") ere_ok=true ;;                                  # anything
	"^$") [ ! -s "$tmp/err" ] && ere_ok=true || ere_ok=false ;;   # nothing
	*) grep -Eq -- "$ere" "$tmp/err" && ere_ok=true || ere_ok=false ;;
	esac
	[ $rc -eq "$want" ] && $ere_ok && ok ||
		fail "nicshare $*: exit $rc (want $want), stderr $(head -3 "$tmp/err")"
	[ "$want" -eq 0 ] || { [ ! -e "$tmp/x" ] && [ ! -e "$tmp/x.pcap" ] && ok ||
		fail "nicshare $*: exit $rc but wrote $tmp/x"; }
}

cap=$top_srcdir/traces/public/voip-sip-reg-invite-reinvite-bye.pcap
"$NICSHARE" run "$top_srcdir/scenarios/default.yaml" --quiet --out "$tmp/run" >"$tmp/out" 2>"$tmp/err" ||
	{ echo "outputs.sh: the run failed: $(cat "$tmp/err")"; exit 99; }
r=$tmp/run
hz=$(sed -n 's/^  "cpu_hz": \([0-9]*\),$/\1/p' "$r/summary.json")
[ "$hz" = 3000000000 ] || { echo "outputs.sh: cpu_hz '$hz', the scenario's is 3 GHz"; exit 99; }

# ---- routing.tsv against tshark -------------------------------------------
"$TSHARK" -r "$cap" -T fields -e frame.number -e frame.len -e udp.dstport >"$tmp/ts" 2>/dev/null ||
	{ echo "outputs.sh: tshark cannot read $cap"; exit 99; }
[ "$(head -1 "$r/routing.tsv")" = "$(printf 'frame\tdecision\treason')" ] && ok ||
	fail "routing.tsv's header: $(head -1 "$r/routing.tsv")"
# the scenario's rt.udp_ports are 5084-5099; promiscuous, so every frame is
# accepted, and the UDP ones to those ports are rt-port, the rest default
awk -F'\t' '{ d = ($3 >= 5084 && $3 <= 5099) ? "rt\trt-port" : "gp\tdefault"; print $1 "\t" d }' \
	"$tmp/ts" >"$tmp/routing.want"
tail -n +2 "$r/routing.tsv" >"$tmp/routing.got"
cmp -s "$tmp/routing.want" "$tmp/routing.got" && ok ||
	fail "routing.tsv differs from tshark's frames: $(diff "$tmp/routing.want" "$tmp/routing.got" | head -4)"
[ "$(grep -c 'rt-port' "$tmp/routing.want")" -gt 100 ] && ok || fail "the capture has few RT frames"
# each frame's decision is its classify event's
awk -F'\t' '$3 == "classify" { print $2 "\t" $4 }' "$r/events.tsv" | sort -n >"$tmp/cls"
cut -f1,2 "$tmp/routing.got" | sort -n >"$tmp/dec"
cmp -s "$tmp/cls" "$tmp/dec" && ok || fail "routing.tsv's decisions are not events.tsv's classify"

# ---- events.tsv -----------------------------------------------------------
[ "$(head -1 "$r/events.tsv")" = "$(printf 'cycle\tframe\tstage\tdetail')" ] && ok ||
	fail "events.tsv's header: $(head -1 "$r/events.tsv")"
# rx: frame and its wire length, as tshark reads them, in capture order
awk -F'\t' '$3 == "rx" { print $2 "\t" $4 }' "$r/events.tsv" >"$tmp/rx.got"
cut -f1,2 "$tmp/ts" >"$tmp/rx.want"
cmp -s "$tmp/rx.want" "$tmp/rx.got" && ok ||
	fail "events.tsv's rx lines are not tshark's frame.len: $(diff "$tmp/rx.want" "$tmp/rx.got" | head -4)"
# the stages of no frame: interrupts (frame -), whose detail is their causes
# or, for the handler, nothing (-)
awk -F'\t' 'NR > 1 && ($3 == "irq" || $3 == "irq-raise" || $3 == "irq-handler" || $3 == "tx-clean") {
	n[$3]++
	if ($2 != "-") bad = bad " " NR ":frame=" $2
	if ($3 == "irq-handler" && $4 != "-") bad = bad " " NR ":detail=" $4
	if (($3 == "irq" || $3 == "irq-raise") && $4 != "rx" && $4 != "tx" && $4 != "rx+tx") bad = bad " " NR ":causes=" $4
	if ($3 == "tx-clean" && $4 !~ /^[1-9][0-9]*$/) bad = bad " " NR ":descriptors=" $4
}
END { if (n["irq"] < 100 || n["irq-handler"] < 100 || n["tx-clean"] < 100) bad = bad " too few"; print bad }' \
	"$r/events.tsv" >"$tmp/bad"
[ -z "$(cat "$tmp/bad")" ] && ok || fail "events.tsv's interrupt lines:$(cut -c1-200 "$tmp/bad")"
# outgoing frames: o1, o2, ... each first seen at its request, numbered in
# the order of the requests; a request's detail is the frame's length
# (scenario: RTP G.711 of 214 bytes to RT, TCP bulk of 1514 to GP)
awk -F'\t' 'NR > 1 && $2 ~ /^o/ {
	id = substr($2, 2)
	if (!(id in seen)) {
		seen[id] = 1; n++
		if (id != n) bad = bad " " NR ":" $2 "(want o" n ")"
		if ($3 != "rt-request" && $3 != "gp-request") bad = bad " " NR ":first-stage=" $3
		if ($3 == "rt-request" && $4 != 214) bad = bad " " NR ":rt-len=" $4
		if ($3 == "gp-request" && $4 != 1514) bad = bad " " NR ":gp-len=" $4
	}
	if ($3 == "gp-send" || $3 == "wire-out" || $3 == "tx-ring") if ($4 != "-") bad = bad " " NR ":detail=" $4
	if ($3 == "txs" && $4 != "rt" && $4 != "gp") bad = bad " " NR ":band=" $4
}
END { if (n != 17113) bad = bad " " n " outgoing frames, summary says 17113"; print bad }' \
	"$r/events.tsv" >"$tmp/bad"
[ -z "$(cat "$tmp/bad")" ] && ok || fail "events.tsv's outgoing lines:$(cut -c1-200 "$tmp/bad")"
grep -q '"generated": 17113, "sent": 17113' "$r/summary.json" && ok ||
	fail "summary.json's outgoing frames are not 17113 (the count above)"

# ---- latency.tsv ----------------------------------------------------------
[ "$(head -1 "$r/latency.tsv")" = "$(printf 'frame\tclass\tstart_cycle\tend_cycle\tcycles\tns')" ] && ok ||
	fail "latency.tsv's header: $(head -1 "$r/latency.tsv")"
# cycles and ns: at 3 GHz a cycle is 1000/3 ps, ns = floor(c x 1000 / 3)
# ps written with three decimals (integers in awk are exact below 2^53)
awk -F'\t' 'NR > 1 {
	c = $4 - $3
	if ($5 != c) bad = bad " " NR ":cycles=" $5 "(want " c ")"
	ps = int(c * 1000 / 3)
	ns = sprintf("%d.%03d", int(ps / 1000), ps % 1000)
	if ($6 != ns) bad = bad " " NR ":ns=" $6 "(want " ns ")"
	if ((($2 ~ /-tx$/) != ($1 ~ /^o[1-9]/))) bad = bad " " NR ":frame=" $1 "/" $2
}
END { print bad }' "$r/latency.tsv" >"$tmp/bad"
[ -z "$(cat "$tmp/bad")" ] && ok || fail "latency.tsv's columns:$(cut -c1-200 "$tmp/bad")"
# start and end are the cycles of the events of doc/outputs.md's table:
# rt-rx rx -> rt-deliver, gp-rx rx -> gp-deliver, rt-tx rt-request ->
# wire-out, gp-tx gp-request -> wire-out
awk -F'\t' 'FNR == 1 { f++; next }
f == 1 { t[$2 "\t" $3] = $1; next }
{
	if ($2 == "rt-rx") { s = "rx"; e = "rt-deliver" }
	else if ($2 == "gp-rx") { s = "rx"; e = "gp-deliver" }
	else if ($2 == "rt-tx") { s = "rt-request"; e = "wire-out" }
	else if ($2 == "gp-tx") { s = "gp-request"; e = "wire-out" }
	else { bad = bad " " FNR ":class=" $2; next }
	n[$2]++
	if (t[$1 "\t" s] != $3 || t[$1 "\t" e] != $4)
		bad = bad " " FNR ":" $1 "(" t[$1 "\t" s] "-" t[$1 "\t" e] ")"
}
END { if (n["rt-rx"] != 218 || n["gp-rx"] != 12 || n["rt-tx"] != 600 || n["gp-tx"] != 16513)
	bad = bad " counts " n["rt-rx"] "/" n["gp-rx"] "/" n["rt-tx"] "/" n["gp-tx"]
	print bad }' "$r/events.tsv" "$r/latency.tsv" >"$tmp/bad"
[ -z "$(cat "$tmp/bad")" ] && ok || fail "latency.tsv against events.tsv:$(cut -c1-200 "$tmp/bad")"
# the counts above, by hand: 218 rt-port and 12 default frames (routing,
# tshark), 6 channels of 50 frames/s for 2 s = 600 RTP frames, and
# 16513 bulk frames (events.tsv's gp-request lines, 17113 - 600)
[ "$(grep -c 'rt-port' "$tmp/routing.want")" = 218 ] && ok || fail "tshark: not 218 RT frames"

# ---- dispatch.tsv ---------------------------------------------------------
[ "$(head -1 "$r/dispatch.tsv")" = "$(printf 'start_cycle\tend_cycle\twho\twhy')" ] && ok ||
	fail "dispatch.tsv's header: $(head -1 "$r/dispatch.tsv")"
end=$(sed -n 's/^  "simulated_cycles": \([0-9]*\),$/\1/p' "$r/summary.json")
sed -n 's/^  "cpu_cycles": {"rt": \([0-9]*\), "gp": \([0-9]*\), "idle": \([0-9]*\), "switch": \([0-9]*\)},$/\1 \2 \3 \4/p' \
	"$r/summary.json" >"$tmp/cpu"
awk -F'\t' -v end="$end" -v cpu="$(cat "$tmp/cpu")" 'NR > 1 {
	if (NR == 2 && $1 != 0) bad = bad " first-start=" $1
	if (NR > 2 && $1 != prev) bad = bad " " NR ":gap-or-overlap"
	if ($2 <= $1) bad = bad " " NR ":empty"
	prev = $2
	c[$3] += $2 - $1
	if ($4 == "start" && NR != 2) bad = bad " " NR ":why=" $4
	if ($4 !~ /^(start|rt-work|rt-done|gp-done|gp-work|slice-rt|slice-gp|switch-done|end)$/) bad = bad " " NR ":why=" $4
	if ($3 == "rt" && $4 != "rt-work" && $4 != "switch-done" && $4 != "slice-rt" && $4 != "start") bad = bad " " NR ":rt-why=" $4
	if ($3 == "switch" && $4 != "rt-work" && $4 != "rt-done") bad = bad " " NR ":switch-why=" $4
	if ($3 == "gp" && $4 != "gp-work" && $4 != "switch-done" && $4 != "slice-gp") bad = bad " " NR ":gp-why=" $4
	if ($3 == "idle" && $4 != "gp-done" && $4 != "rt-done" && $4 != "end") bad = bad " " NR ":idle-why=" $4
}
END {
	if (prev != end) bad = bad " last-end=" prev "(want " end ")"
	split(cpu, w, " ")
	if (c["rt"] != w[1] || c["gp"] != w[2] || c["idle"] != w[3] || c["switch"] != w[4])
		bad = bad " cycles " c["rt"] "/" c["gp"] "/" c["idle"] "/" c["switch"] " summary " cpu
	print bad
}' "$r/dispatch.tsv" >"$tmp/bad"
[ -n "$end" ] && [ -s "$tmp/cpu" ] && [ -z "$(cat "$tmp/bad")" ] && ok ||
	fail "dispatch.tsv:$(cut -c1-300 "$tmp/bad")"

# ---- the captures' stamps and pcapng verdicts (src/tracew.c) -----------------
# The same run, captures in pcapng. On the input capture's clock: a frame of
# the capture (its first stamped T0, tshark) delivered at cycle c is
# stamped T0 + floor(c / 3) ns at 3 GHz; a frame sent, at its first bit
# (tx-dma's detail). The i-th frame of rt-rx / gp-rx is the i-th rt-deliver
# / gp-deliver of events.tsv, of wire-tx the i-th wire-out; each carries
# routing.tsv's decision and reason (`rt sent` / `gp sent` for wire-tx, by
# the request that made it) and latency.tsv's cycles and ns, inbound
# (0x00000001) or outbound (0x00000002).
"$NICSHARE" run "$top_srcdir/scenarios/default.yaml" --quiet --out "$tmp/ng" --outputs captures \
	--capture-format pcapng >/dev/null 2>"$tmp/err" || fail "the pcapng run: $(cat "$tmp/err")"
t0=$("$TSHARK" -r "$cap" -T fields -e frame.time_epoch -c 1 2>/dev/null)
for f in rt-rx gp-rx wire-tx; do
	"$TSHARK" -r "$tmp/ng/$f.pcapng" -T fields -E separator=/t -e frame.time_epoch -e frame.comment \
		-e frame.packet_flags_direction 2>/dev/null >"$tmp/$f.got"
	awk -F'\t' -v f="$f" -v t0="$t0" 'FILENAME ~ /routing/ { rt[$1] = $2 " " $3; next }
	FILENAME ~ /latency/ { lat[$1 "\t" $2] = "latency=" $5 " cycles (" $6 " ns)"; next }
	FILENAME ~ /events/ {
		if ($3 == "rt-request" || $3 == "gp-request") band[$2] = substr($3, 1, 2)
		if ($3 == "tx-dma") first[$2] = $4
		if (f == "rt-rx" && $3 == "rt-deliver") { n++; c[n] = $1; note[n] = "nicshare: " rt[$2] " " lat[$2 "\trt-rx"] }
		if (f == "gp-rx" && $3 == "gp-deliver") { n++; c[n] = $1; note[n] = "nicshare: " rt[$2] " " lat[$2 "\tgp-rx"] }
		if (f == "wire-tx" && $3 == "wire-out") {
			n++; c[n] = first[$2]
			note[n] = "nicshare: " band[$2] " sent " lat[$2 "\t" band[$2] "-tx"]
		}
		next
	}
	{
		m++
		split(t0, a, "."); ns = a[2] + int(c[m] / 3)
		want = sprintf("%d.%09d", a[1] + int(ns / 1000000000), ns % 1000000000)
		if ($1 != want) bad = bad " " m ":time=" $1 "(want " want ")"
		if ($2 != note[m]) bad = bad " " m ":comment=" $2 "(want " note[m] ")"
		if ($3 != (f == "wire-tx" ? "0x00000002" : "0x00000001")) bad = bad " " m ":direction=" $3
	}
	END { if (m != n || n < 12) bad = bad " " m " frames, want " n; print bad }' \
		"$r/routing.tsv" "$r/latency.tsv" "$r/events.tsv" "$tmp/$f.got" >"$tmp/bad"
	[ -z "$(cat "$tmp/bad")" ] && ok || fail "$f.pcapng:$(cut -c1-300 "$tmp/bad")"
	# the pcap of the first run: the same stamps
	"$TSHARK" -r "$r/$f.pcap" -T fields -e frame.time_epoch 2>/dev/null >"$tmp/$f.pcap.t"
	cut -f1 "$tmp/$f.got" | cmp -s - "$tmp/$f.pcap.t" && ok || fail "$f.pcap's stamps are not $f.pcapng's"
done
# trace.offset moves the run, not the capture: the capture's frames alone
# (no generated traffic), with trace.offset 1ms, are stamped as without it
for o in 0s 1ms; do
	"$NICSHARE" run "$top_srcdir/scenarios/default.yaml" --quiet --out "$tmp/off$o" --outputs captures \
		--set 'traffic.rtp=[]' --set 'traffic.bulk=[]' --set trace.offset=$o >/dev/null 2>"$tmp/err" ||
		fail "the run with trace.offset $o: $(cat "$tmp/err")"
	"$TSHARK" -r "$tmp/off$o/rt-rx.pcap" -T fields -e frame.time_epoch 2>/dev/null >"$tmp/off$o.t"
done
[ "$(wc -l <"$tmp/off0s.t")" = 218 ] && cmp -s "$tmp/off0s.t" "$tmp/off1ms.t" && ok ||
	fail "trace.offset 1ms moved the stamps of rt-rx.pcap: $(diff "$tmp/off0s.t" "$tmp/off1ms.t" | head -3)"

# A capture whose first frame is at 0.005 s, trace.offset 10ms: the run's
# cycle 0 is 5 ms before 1970 on the capture's clock, and RTP sent from 0 s
# is refused (exit 2) with a stamp less than 5 ms before the epoch (its
# first bit leaves microseconds later), the message saying where the first
# frame is (+0.005 s) and the offset, and no wire-tx.pcap
if command -v python3 >/dev/null 2>&1; then
	PYTHONPATH="$top_srcdir/tests" python3 - "$tmp/e5ms.pcap" <<'PY'
import sys
from pkt import pcap, udp_frame
fr = udp_frame('020000000001', '020000000009', '10.0.0.9', '10.0.0.1', 6000, 5084, b'x' * 32)
stamps = [5000000 + i * 100000 for i in range(3)]      # ns
pcap(sys.argv[1], [(t // 10**9, t % 10**9, fr) for t in stamps], snap=262144, nano=True)
PY
	printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\nrt:\n  udp_ports: 5084\ntraffic:\n  rtp:\n    - {dst_mac: 02:00:00:00:00:02, dst_ip: 10.0.0.2, sport: 5084, dport: 5084, codec: g711, start: 0s, duration: 5ms}\n' \
		>"$tmp/e5ms.yaml"
	status 2 "wire-tx\.pcap: frame 1: time 49[0-9]{5} ns before the epoch \(1970\) is beyond the pcap range: stamps are on the input capture's clock, whose first frame, at 0\.005000000 s, came trace\.offset 10ms into the run$" \
		run "$tmp/e5ms.yaml" --trace "$tmp/e5ms.pcap" --out "$tmp/x" --quiet --set trace.offset=10ms
	# --replay-tx (nicshare run --help; SPEC N0): the capture's frame the
	# host sent itself (its source MAC is host.mac) is listed as skip
	# (own-tx) either way, and only with --replay-tx sent again: wire-tx.pcap
	# then holds it, its bytes as captured (71 bytes: 14 + 20 + 8 + 29)
	PYTHONPATH="$top_srcdir/tests" python3 - "$tmp/own.pcap" <<'PY'
import sys
from pkt import pcap, udp_frame
own = udp_frame('020000000009', '020000000001', '10.0.0.1', '10.0.0.9', 40000, 40002, b'replayed by the host.........')
inb = udp_frame('020000000001', '020000000009', '10.0.0.9', '10.0.0.1', 40002, 40000, b'y' * 32)
pcap(sys.argv[1], [(1, 0, own), (1, 1000000, inb)], nano=True)
PY
	printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\nrt:\n  udp_ports: 5084\n' >"$tmp/own.yaml"
	for rp in "" --replay-tx; do
		"$NICSHARE" run "$tmp/own.yaml" --trace "$tmp/own.pcap" --quiet --out "$tmp/own$rp" $rp \
			>/dev/null 2>"$tmp/err" || fail "the run of own.pcap $rp: $(cat "$tmp/err")"
		[ "$(sed -n 2p "$tmp/own$rp/routing.tsv")" = "$(printf '1\tskip\town-tx')" ] && ok ||
			fail "own.pcap $rp: frame 1 $(sed -n 2p "$tmp/own$rp/routing.tsv")"
		"$TSHARK" -r "$tmp/own$rp/wire-tx.pcap" -T fields -e frame.len -e eth.src -e udp.srcport \
			-e data.data 2>/dev/null >"$tmp/own.ts"
		case $rp in
		"") want= ;;
		*) want=$(printf '71\t02:00:00:00:00:01\t40000\t%s' "$(printf 'replayed by the host.........' | od -An -tx1 | tr -d ' \n')") ;;
		esac
		[ "$(cat "$tmp/own.ts")" = "$want" ] && ok ||
			fail "own.pcap $rp: wire-tx.pcap holds '$(cat "$tmp/own.ts")', want '$want'"
	done
	# N0 with the host's MAC at the frame's own time (review n39): the
	# timeline gives the host 02:00:00:00:00:77 at 5 ms; frames at 0, 10,
	# 20 and 30 ms from :09, :77, :01 (its old MAC) and :77, all to :77
	# but the first (to :01). By SPEC N0: 1 gp, 2 own-tx, 3 gp (the old
	# MAC is another host's now), 4 own-tx. Read ahead, frame 2 was
	# decided with the MAC at frame 1's arrival (gp) and frame 3 likewise
	# own-tx.
	PYTHONPATH="$top_srcdir/tests" python3 - "$tmp/macmove.pcap" <<'PY'
import sys
from pkt import pcap, udp_frame
def f(dst, src):
    return udp_frame(dst, src, '10.0.0.9', '10.0.0.1', 40000, 9999, b'z' * 32)
new, old, peer = '020000000077', '020000000001', '020000000009'
pcap(sys.argv[1], [(1, 0, f(old, peer)), (1, 10000000, f(new, new)), (1, 20000000, f(new, old)),
                   (1, 30000000, f(new, new))], nano=True)
PY
	printf 'host:
  mac: 02:00:00:00:00:01
timeline:
  - {at: 5ms, mac: 02:00:00:00:00:77}
' >"$tmp/macmove.yaml"
	"$NICSHARE" run "$tmp/macmove.yaml" --trace "$tmp/macmove.pcap" --quiet --out "$tmp/macmove" \
		>/dev/null 2>"$tmp/err" || fail "the run of macmove.pcap: $(cat "$tmp/err")"
	got=$(tail -n +2 "$tmp/macmove/routing.tsv" | cut -f2,3 | tr '\t\n' ' |')
	[ "$got" = "gp default|skip own-tx|gp default|skip own-tx|" ] && ok ||
		fail "macmove.pcap: routing '$got'"
	# A cooked capture's frame "to us" was sent to the host's MAC of its
	# time: the timeline gives the host 02:00:00:00:00:77 at 5 ms; frames
	# from :09 at 0 and 10 ms with packet type 0 (to us), at 20 ms with 3
	# (to another host). By SPEC N1: 1 gp, 2 gp (to :77, the host's MAC
	# then), 3 nic-filter. capin wrote the scenario's MAC (:01) into every
	# "to us" frame, and frame 2 was dropped as another host's.
	PYTHONPATH="$top_srcdir/tests" python3 - "$tmp/sllmove.pcap" <<'PY'
import sys, struct
from pkt import pcap, ipv4, udp, ETH_IPV4
def f(pkttype):
    body = ipv4('10.0.0.9', '10.0.0.1', 17, udp(40000, 9999, b'z' * 32))
    return struct.pack('>HHH8sH', pkttype, 1, 6, bytes.fromhex('020000000009') + b'\0\0',
                       ETH_IPV4) + body
pcap(sys.argv[1], [(1, 0, f(0)), (1, 10000000, f(0)), (1, 20000000, f(3))], nano=True,
     linktype=113)
PY
	"$NICSHARE" run "$tmp/macmove.yaml" --trace "$tmp/sllmove.pcap" --quiet --out "$tmp/sllmove" \
		>/dev/null 2>"$tmp/err" || fail "the run of sllmove.pcap: $(cat "$tmp/err")"
	got=$(tail -n +2 "$tmp/sllmove/routing.tsv" | cut -f2,3 | tr '\t\n' ' |')
	[ "$got" = "gp default|gp default|drop nic-filter|" ] && ok ||
		fail "sllmove.pcap: routing '$got'"
	# and "to another host" is never the host's: with the timeline giving
	# the host 02:00:00:00:00:ff (the MAC capin gives such frames while
	# the host's is another), frame 3 is still nic-filter (review n43: it
	# was taken as the host's, gp)
	sed 's/00:77/00:ff/' "$tmp/macmove.yaml" >"$tmp/sllff.yaml"
	"$NICSHARE" run "$tmp/sllff.yaml" --trace "$tmp/sllmove.pcap" --quiet --out "$tmp/sllff" \
		>/dev/null 2>"$tmp/err" || fail "the run of sllmove.pcap to :ff: $(cat "$tmp/err")"
	got=$(tail -n +2 "$tmp/sllff/routing.tsv" | cut -f2,3 | tr '\t\n' ' |')
	[ "$got" = "gp default|gp default|drop nic-filter|" ] && ok ||
		fail "sllmove.pcap, the host's MAC :ff: routing '$got'"
fi

# ---- --outputs and the run's marker (src/outputs.c) -------------------------
arp=$top_srcdir/traces/public/arp-who-has.pcap
# files: what each output writes (doc/outputs.md); every run adds
# config.yaml and verify.txt
files_of() {
	case $1 in
	captures) echo "wire-tx.pcap rt-rx.pcap gp-rx.pcap" ;;
	captures-ng) echo "wire-tx.pcapng rt-rx.pcapng gp-rx.pcapng" ;;
	summary) echo summary.json ;;
	calls) echo calls.tsv ;;
	*) echo "$1.tsv" ;;
	esac
}
n=0
for o in routing events latency dispatch captures summary calls captures-ng all summary,all \
         routing,summary; do
	n=$((n + 1))
	d=$tmp/o$n
	case $o in
	captures-ng) set -- --outputs captures --capture-format pcapng ;;
	*) set -- --outputs "$o" ;;
	esac
	case $o in
	all|summary,all) want="routing.tsv events.tsv latency.tsv dispatch.tsv wire-tx.pcap rt-rx.pcap
	                      gp-rx.pcap summary.json calls.tsv" ;;
	routing,summary) want="routing.tsv summary.json" ;;
	*) want=$(files_of "$o") ;;
	esac
	want=$(printf '%s\n' $want config.yaml verify.txt | sort)
	"$NICSHARE" run --trace "$arp" --quiet --out "$d" "$@" >"$tmp/out" 2>"$tmp/err" ||
		{ fail "--outputs $*: exit $? ($(cat "$tmp/err"))"; continue; }
	got=$(ls "$d" | sort)
	[ "$got" = "$want" ] && ok || fail "$*: wrote '$(echo $got)', want '$(echo $want)'"
	# the marker lists them, one "file<TAB>NAME" a line
	got=$(sed -n 's/^file\t//p' "$d/.nicshare" | sort)
	[ "$got" = "$want" ] && ok || fail "$*: the marker lists '$(echo $got)', want '$(echo $want)'"
done
# refused, exit 2, nothing written, the message naming the word
refused() {   # refused WORD ERE
	"$NICSHARE" run --trace "$arp" --quiet --out "$tmp/no" --outputs "$1" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ $rc -eq 2 ] && grep -Eq -- "$2" "$tmp/err" && [ ! -e "$tmp/no" ] && ok ||
		fail "--outputs '$1': exit $rc, $(cat "$tmp/err")"
}
refused "" "^nicshare run: --outputs: empty: name the outputs to write"
refused "rout" "unknown output 'rout' \(choose from"               # a prefix: 3 away
refused "allx" "unknown output 'allx' \(did you mean 'calls'\?"
refused "summary,al" "unknown output 'al' \(choose from"
refused "routnig" "unknown output 'routnig' \(did you mean 'routing'\?"    # distance 1
refused "rxutinx" "unknown output 'rxutinx' \(did you mean 'routing'\?"    # 2
refused "evxxxs" "unknown output 'evxxxs' \(choose from routing,events"    # 3: none

# ---- the folder of a run (src/outputs.c) --------------------------------------
# A run killed while it ran (made here as kill -9 leaves it: the earlier
# run set aside, a marker and .tmp files of its own), and the earlier run's
# report-overlay/: the next run, writing only summary.json, puts the
# earlier run back, then removes what it did not write, the killed run's
# .tmp files of outputs it does not write and the overlay included.
d=$tmp/k
"$NICSHARE" run --trace "$arp" --quiet --out "$d" >/dev/null 2>"$tmp/err" || fail "run into k: $(cat "$tmp/err")"
mkdir "$d/report-overlay" && : >"$d/report-overlay/index.html" &&
mkdir "$d/.nicshare-prev" && mv "$d"/* "$d/.nicshare" "$d/.nicshare-prev/" &&
	printf 'written by nicshare\n' >"$d/.nicshare" && echo partial >"$d/events.tsv.tmp" &&
	echo partial >"$d/.nicshare.tmp" && echo partial >"$d/world.json.tmp" ||
	fail "cannot make a killed run's folder"
"$NICSHARE" run --trace "$arp" --quiet --out "$d" --outputs summary >/dev/null 2>"$tmp/err" ||
	fail "the run after a killed one: $(cat "$tmp/err")"
[ "$(cd "$d" && ls -A | tr '\n' ' ')" = ".nicshare config.yaml summary.json verify.txt " ] && ok ||
	fail "after a killed run and a good one the folder holds $(cd "$d" && ls -A | tr '\n' ' ')"
# A marker edited by hand to list as a world's computers a hidden name,
# `..` or a path (sub/../../victim): no file outside the folder, nor the folder's own, is
# removed by the next run (only plain names are computers' folders).
mkdir -p "$tmp/w/d" "$tmp/w/victim" "$tmp/w/d/.h" &&
	for f in routing.tsv summary.json; do
		echo user >"$tmp/w/$f"; echo user >"$tmp/w/victim/$f"; echo user >"$tmp/w/d/.h/$f"
	done
mkdir "$tmp/w/d/sub"
printf 'written by nicshare\nhost\t..\nhost\t../victim\nhost\tsub/../../victim\nhost\t.h\n' >"$tmp/w/d/.nicshare"
"$NICSHARE" run --trace "$arp" --quiet --out "$tmp/w/d" --outputs routing >/dev/null 2>"$tmp/err" ||
	fail "the run into a folder with an edited marker: $(cat "$tmp/err")"
for f in w/routing.tsv w/summary.json w/victim/routing.tsv w/victim/summary.json w/d/.h/routing.tsv; do
	[ "$(cat "$tmp/$f" 2>/dev/null)" = user ] && ok || fail "an edited marker removed $f"
done

# ---- the summary on stdout (src/main.c) ---------------------------------------
# Its counts from routing.tsv and events.tsv; its microseconds from
# summary.json's cycles, floor(c / 3000 x 100) / 100 at 3 GHz, two decimals;
# a line per class with samples (rt-rtt has none here).
"$NICSHARE" run "$top_srcdir/scenarios/default.yaml" --out "$tmp/loud" >"$tmp/stdout" 2>"$tmp/err" ||
	fail "the run without --quiet: exit $?"
counts() {   # counts DIR: the first line of stdout, from DIR's routing.tsv and events.tsv
	cut -f2 "$1/routing.tsv" | sort | uniq -c >"$tmp/decs"
	cnt() { awk -v d="$1" '$2 == d { n = $1 } END { print n + 0 }' "$tmp/decs"; }
	nout=$(awk -F'\t' '$2 ~ /^o/ { print $2 }' "$1/events.tsv" | sort -u | wc -l)
	nsent=$(awk -F'\t' '$3 == "wire-out"' "$1/events.tsv" | wc -l)
	ndrop=$(awk -F'\t' '$2 ~ /^o/ && $3 == "drop"' "$1/events.tsv" | wc -l)
	echo "nicshare: $(($(wc -l <"$1/routing.tsv") - 1)) input frames: $(cnt rt) rt, $(cnt gp) gp," \
	     "$(cnt both) both, $(cnt drop) dropped, $(cnt skip) skipped; $nout outgoing frames:" \
	     "$nsent sent, $ndrop dropped, $((nout - nsent - ndrop)) unfinished"
}
counts "$r" >"$tmp/want"; want=$(cat "$tmp/want")
grep -qxF "$want" "$tmp/stdout" && ok || fail "stdout's counts: want '$want', got $(head -2 "$tmp/stdout")"
[ "$nout" -gt 0 ] && [ "$(cnt rt)" -gt 0 ] && [ "$(cnt gp)" -gt 0 ] && ok || fail "the counts are empty"
# with outgoing frames dropped (channel 2 full, gp.send_full: drop) and
# unfinished: 36 still on their way at the end (gp-flood's verify breaks)
"$NICSHARE" run "$top_srcdir/scenarios/gp-flood.yaml" --out "$tmp/flood" --set gp.send_full=drop \
	>"$tmp/stdout-flood" 2>"$tmp/err"
counts "$tmp/flood" >"$tmp/want"; want=$(cat "$tmp/want")
grep -qxF "$want" "$tmp/stdout-flood" && [ "$ndrop" -gt 0 ] && [ $((nout - nsent - ndrop)) -gt 0 ] && ok ||
	fail "stdout's counts with drops: want '$want', got $(head -1 "$tmp/stdout-flood")"
us() { c=$1; printf '%d.%02d' $((c / 3000)) $(((c % 3000) / 30)); }
want=
for k in rt-rx gp-rx rt-tx gp-tx rt-rtt; do
	l=$(grep "^    \"$k\": {\"count\"" "$r/summary.json")
	n=$(echo "$l" | sed -n 's/.*"count": \([0-9]*\).*/\1/p')
	[ "${n:-0}" -gt 0 ] || continue
	get() { echo "$l" | sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p"; }
	want="$want$(printf 'nicshare: %-6s latency us: p50 %s  p99 %s  max %s  (%s frames)' "$k" \
		"$(us "$(get p50_cycles)")" "$(us "$(get p99_cycles)")" "$(us "$(get max_cycles)")" "$n")
"
done
got=$(grep ' latency us: ' "$tmp/stdout")
[ "$got" = "${want%
}" ] && [ "$(echo "$got" | wc -l)" = 4 ] && ok || fail "stdout's latency lines: got '$got', want '$want'"
end=$(sed -n 's/^  "simulated_cycles": \([0-9]*\),$/\1/p' "$r/summary.json")
ev=$(sed -n 's/^  "events_processed": \([0-9]*\),$/\1/p' "$r/summary.json")
# seconds: cycles / 3e9 with six decimals (rounded as printf does; the
# cycle count here is 7010551273: 2.336850424 s)
grep -Eq "^nicshare: $((end / 3000000000))\.$(printf '%06d' $(((end % 3000000000 + 1500) / 3000)))"\
" s simulated \(cycle $end\) in [0-9]+\.[0-9]{3} s wall, $ev events$" "$tmp/stdout" && ok ||
	fail "stdout's simulated time: $(grep simulated "$tmp/stdout")"
grep -qxF "nicshare: outputs in $tmp/loud (summary.json has every count and percentile)" "$tmp/stdout" &&
	ok || fail "stdout's last line: $(tail -1 "$tmp/stdout")"
"$NICSHARE" run --trace "$arp" --out "$tmp/loud2" --outputs routing >"$tmp/stdout" 2>"$tmp/err"
[ "$(tail -1 "$tmp/stdout")" = "nicshare: outputs in $tmp/loud2" ] && ok ||
	fail "stdout's last line without summary.json: $(tail -1 "$tmp/stdout")"
# a world's run (world-voip.yaml: hosts gw, far and billing) says where its
# world.json is, on stdout, unless --quiet
"$NICSHARE" run "$top_srcdir/scenarios/world-voip.yaml" --out "$tmp/wv" >"$tmp/stdout" 2>"$tmp/err" ||
	fail "the world run: exit $?, $(cat "$tmp/err")"
[ "$(tail -1 "$tmp/stdout")" = "nicshare: world of 3 hosts: $tmp/wv/world.json" ] && ok ||
	fail "a world run's stdout: $(cat "$tmp/stdout")"
"$NICSHARE" run "$top_srcdir/scenarios/world-voip.yaml" --out "$tmp/wv" --quiet >"$tmp/stdout" 2>"$tmp/err" ||
	fail "the world run --quiet: exit $?, $(cat "$tmp/err")"
[ ! -s "$tmp/stdout" ] && ok || fail "a world run --quiet wrote on stdout: $(cat "$tmp/stdout")"

# ---- exit statuses (nicshare(1): 0 held, 1 a check failed, 2 bad usage or
# input) and refusals that write nothing (src/main.c) -------------------------
status 2 "^nicshare run: --out needs a directory" run --trace "$arp" --out ""
status 2 "^nicshare run: --capture-format: expected pcap or pcapng: pcapx" \
	run --trace "$arp" --out "$tmp/x" --capture-format pcapx
status 0 "" run --trace "$arp" --out "$tmp/x" --quiet --capture-format pcapng --outputs captures
[ -f "$tmp/x/wire-tx.pcapng" ] && ok || fail "--capture-format pcapng wrote no wire-tx.pcapng"
status 2 "^nicshare run: --threads: expected a whole number from 1 to 1024: 1025" \
	run "$top_srcdir/scenarios/world-voip.yaml" --threads 1025 --out "$tmp/x"
status 2 "" run --trace "$tmp/none.pcap" --out "$tmp/x"
# a capture that cannot be read is bad input to every command that reads
# one (exit 2, nicshare(1)), said with the system's reason before any work
for c in config classify; do
	status 2 "^$tmp/none\.pcap: cannot read the capture: No such file or directory$" $c --trace "$tmp/none.pcap"
done
status 2 "^nicshare synth: --voip: '0' is not a whole number in 1\.\.27768$" synth --voip 0 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --frames N \(or --voip CHANNELS\) and --write FILE are required" \
	synth --write "$tmp/x.pcap"
# the range said is the one taken: 14 (an Ethernet header) to 65535; it
# said 0..65535, where 0 to 13 are refused too (and --voip 0..27768)
status 2 "^nicshare synth: --snaplen: '13' is not a whole number in 14\.\.65535$" \
	synth --frames 3 --snaplen 13 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --snaplen: '65536' is not a whole number in 14\.\.65535$" \
	synth --frames 3 --snaplen 65536 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --snaplen: '999999999' is not a whole number in 14\.\.65535$" \
	synth --frames 3 --snaplen 999999999 --write "$tmp/x.pcap"
# an option of one mix given to the other is refused, both named; it was
# ignored: --frames 5 --voip 2 wrote the VoIP mix, --frames 5 --duration-ms
# 10 five frames
status 2 "^nicshare synth: --frames and --voip are two mixes: give one$" \
	synth --frames 5 --voip 2 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --duration-ms goes with --voip, not --frames$" \
	synth --frames 5 --duration-ms 10 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --background-mbps goes with --voip, not --frames$" \
	synth --frames 5 --background-mbps 10 --write "$tmp/x.pcap"
status 2 "^nicshare synth: --same-time goes with --frames, not --voip$" \
	synth --voip 1 --same-time --write "$tmp/x.pcap"
status 0 "" synth --frames 3 --snaplen 65535 --write "$tmp/x.pcap"
status 0 "" synth --frames 3 --snaplen 14 --write "$tmp/x.pcap"
status 0 "" synth --frames 2000 --write "$tmp/x.pcap"
# 2000 frames, each cut at 96 bytes (the default snap length) and no fewer
# than 14 (the header at least)
"$TSHARK" -r "$tmp/x.pcap" -T fields -e frame.cap_len >"$tmp/caplen" 2>/dev/null
[ "$(wc -l <"$tmp/caplen")" = 2000 ] && [ "$(sort -n "$tmp/caplen" | tail -1)" = 96 ] && ok ||
	fail "synth --frames 2000: $(wc -l <"$tmp/caplen") frames, largest $(sort -n "$tmp/caplen" | tail -1)"
# --voip 1 for 100 ms: one G.711 call, 50 frames/s: 5 RTP frames to UDP 10000
status 0 "" synth --voip 1 --duration-ms 100 --write "$tmp/x.pcap"
n=$("$TSHARK" -r "$tmp/x.pcap" -Y 'udp.dstport == 10000' 2>/dev/null | wc -l)
[ "$n" = 5 ] && ok || fail "synth --voip 1 --duration-ms 100: $n RTP frames, want 5"
status 2 "^--set timeline=\[\{at: 1ms, mtu: 1400\}\]: nicshare classify: the scenario has a timeline \(1 entry\)" \
	classify --trace "$arp" --set 'timeline=[{at: 1ms, mtu: 1400}]'
status 2 ":22:5: nicshare classify: the scenario has a timeline \(9 entries\)" \
	classify "$top_srcdir/scenarios/port-move.yaml"
status 0 "^$" classify --trace "$arp"
status 0 "^$" config
grep -q '^name: ' "$tmp/out" && ok || fail "nicshare config printed no name"
status 2 "^usage: nicshare COMMAND" 
status 0 "^$" --help
grep -q '^usage: nicshare COMMAND' "$tmp/out" && ok || fail "nicshare --help: the usage not on stdout"
status 0 "^$" help
status 0 "^$" --version
status 0 "^$" run --help
status 2 "^nicshare: unknown command 'frob'" frob

# run --report without gnuplot (doc/report.md "gnuplot and the templates"):
# the message, exit 2, the run's outputs untouched and no report/; for a
# single computer's run and a world's
no_gnuplot() {   # no_gnuplot LABEL DIR "FILES KEPT" RUN-ARGS...
	local label=$1 dir=$2 kept=$3 f rc held=1
	shift 3
	NICSHARE_GNUPLOT=$tmp/no-gnuplot "$NICSHARE" run "$@" --quiet --out "$dir" --report \
		>/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q '^nicshare report: gnuplot not found' "$tmp/err" &&
		[ ! -e "$dir/report" ] || held=0
	for f in $kept; do [ -f "$dir/$f" ] || held=0; done
	[ $held = 1 ] && ok ||
		fail "$label --report without gnuplot: exit $rc (want 2), $(ls "$dir" 2>&1 | tr '\n' ' '), $(cat "$tmp/err")"
}
no_gnuplot "a run" "$tmp/rep" "summary.json routing.tsv" --trace "$arp"
no_gnuplot "a world's run" "$tmp/wr" "world.json" "$top_srcdir/scenarios/world-voip.yaml"

# a check that breaks: exit 1, the run kept (every rt-rx sample is above
# 1 us: the least is latency.tsv's, at least 3000 cycles); one that holds: 0
min=$(awk -F'\t' '$2 == "rt-rx" && (m == "" || $5 < m) { m = $5 } END { print m }' "$r/latency.tsv")
max=$(awk -F'\t' '$2 == "rt-rx" && $5 > m { m = $5 } END { print m + 0 }' "$r/latency.tsv")
[ "$min" -gt 3000 ] && [ "$max" -lt 9000 ] && ok || fail "rt-rx from $min to $max cycles, not within 1 and 3 us"
status 1 "1 of 1 check broken" run "$top_srcdir/scenarios/default.yaml" --quiet --out "$tmp/v" \
	--set verify.latency.rt-rx.max=1us
[ -f "$tmp/v/routing.tsv" ] && grep -q '^FAIL  verify.latency.rt-rx.max' "$tmp/v/verify.txt" &&
	grep -q '^file	verify.txt$' "$tmp/v/.nicshare" && ok || fail "a run whose check broke was not kept"
status 0 "1 check, held" run "$top_srcdir/scenarios/default.yaml" --quiet --out "$tmp/v" \
	--set verify.latency.rt-rx.max=3us

# routing expectations are checked against routing.tsv, and verify.calls
# against calls.tsv: a run with them writes those files whatever --outputs
# says (the marker lists them); expect-fail.yaml breaks 2 of its 4
# (doc/verify.md, tests/e2e/verify.sh), verify-calls.yaml holds its 6
status 1 "nicshare verify: 2 of 4 checks broken" run "$top_srcdir/tests/verify/expect-fail.yaml" \
	--quiet --outputs summary --out "$tmp/ex"
[ -f "$tmp/ex/routing.tsv" ] && grep -q '^file	routing.tsv$' "$tmp/ex/.nicshare" && ok ||
	fail "expectations with --outputs summary: no routing.tsv"
status 0 "nicshare verify: 6 checks, all held" run "$top_srcdir/tests/verify/verify-calls.yaml" \
	--quiet --outputs summary --out "$tmp/vc"
[ -f "$tmp/vc/calls.tsv" ] && grep -q '^file	calls.tsv$' "$tmp/vc/.nicshare" && ok ||
	fail "verify.calls with --outputs summary: no calls.tsv"

echo "outputs.sh: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
