#!/usr/bin/env bash
# calls.sh - SIP on GP, RTP ports claimed by RT (issue 12), end to end on
# the hand-made call of tests/mkcall.py (scenarios/sip-call.yaml), every
# expectation from tshark's view of the capture and the times mkcall.py
# wrote it with, not from nicshare:
#
#  1. With the SIP engine: every incoming RTP frame of the call between the
#     ACK and the BYE goes to rt (the claim, asked when the 200 gave both
#     SDPs, is applied within microseconds: the first RTP frame is 5 ms
#     after the ACK); the stray RTP frames after the BYE go to gp; SIP
#     frames go to gp (received) or are own-tx (sent by the gateway).
#  2. Without it (calls.sip off): the same RTP frames all go to gp. With
#     the defaults (calls.sip auto, the built-in rt.udp_ports, which leaves
#     5060 out) the same as 1.
#  3. calls.tsv: one call, its Call-ID, From and To as tshark reads the
#     INVITE, codec PCMU/0, media 10.0.0.1:20000 and 10.0.0.2:40000 (the
#     SDPs), claim applied between the 200 (1 s) and the first RTP frame
#     (1.010 s), 49 frames rt and 3 gp in, 1 lost; jitter max 0.2421875 ms
#     by hand (RFC 3550 A.8: packet 10 is 16 units late: 1, then
#     1 + 15/16 = 1.9375 units of 1/8 ms), within the model's own delay
#     variation at the RT socket (under 1 us: 0.001 ms).
#  4. events.tsv: claim=20000 and claim=20001 sent on channel 3 and applied
#     by RT, relinquished after the BYE; determinism.
#  5. verify.calls (tests/verify/verify-calls.yaml): each bound held with the
#     values above and broken just past them (exit 1, the message naming
#     the Call-ID); a bad value is exit 2 with FILE:LINE:COL. By hand:
#     - MOS: 49 of the 50 packets up to seq 1049 reach RT, seq 1020 is lost,
#       packet 10 is 2 ms late (inside the 40 ms playout): Ppl = 2 %. G.711
#       with its PLC (Ie 0, Bpl 25.1, BurstR 1): Ie,eff = 95 x 2 / 27.1 =
#       7.011, R = 93.2 - 7.011 = 86.19 (the delay through the gateway, a few
#       us, moves R by under 0.01), MOS = 4.2349 (tests/check_rtpq.c works it
#       out): calls.tsv's 4.23 or 4.24. mos_min 4.2 holds, 4.3 breaks.
#     - jitter: 0.2421875 ms plus the model's delay variation at the RT socket
#       (under 1 us, see 3): 0.242 or 0.243 ms. 250us holds, 240us breaks,
#       for jitter_max and (one call: the 99th percentile is that call)
#       jitter_p99.
#     - set-up: the 200 is the gateway's own (own-tx), GP's at its capture
#       time 1.000 s; the INVITE (0 s) reaches the engine after its way
#       through NIC, RT, channel 1 and GP's stack and SIP parse (costs of
#       tens of us): set-up = 1 s less that, in (999 ms, 1 s). 1s holds,
#       999ms breaks, for setup_max and setup_p99; at 2900000001Hz, a bound
#       a fraction of a ps below it breaks.
#     - early_media_gp: 0 (the claim is applied at the 200, 10 ms before the
#       first RTP frame). With cost.gp_proxy_tx = 15ms GP's control thread
#       takes 15 ms to put the claim of 20000 on channel 3: it is applied at
#       1.015 s and a few us, so the frame of 1.010 s goes to GP (early) and
#       that of 1.030 s to RT: 1 frame. early_media_gp 1 holds, 0 breaks.
#  6. A claim RT refuses on both ports (a capture written here: RT owns
#     5004-5059, rt.udp_ports, and the call's SDP names 5004): the two
#     ctl-apply lines say refused, no relinquish is ever sent, so RT keeps
#     5004 and 5005: a frame to 5005 goes rt before the call and after its
#     BYE alike (a relinquish of 5005 used to give it to GP); calls.tsv's
#     claim is refused; summary: claims 2, relinquishes 0, refused 2.
#  7. GP's SIP engine takes its messages first in, first out, also when its
#     queue grows while wrapped (a capture written here): 5 INVITEs 100 us
#     apart, each handled before the next arrives (the queue's head at 5 of
#     its 16 first slots), then 25 back to back, 4 us apart. RT's and GP's
#     work per frame (interrupt 1500, input 300, classify 150, the copy
#     300 + 297/4, the cross interrupt 2000, two switches 4000; GP's proxy
#     600, stack 2850, socket 630: up to 12400 cycles) leaves the engine,
#     GP's lowest thread, no cycle of the 12000 between two arrivals, so the
#     25 wait together: the ring of 16 is full with its head at 5 when the
#     17th comes. By hand: calls.tsv lists q01..q30 in the capture's order
#     (tshark's Call-IDs); the first five 300000 cycles apart (100 us at
#     3 GHz, one idle path each), but for a world switch (cost.world_switch
#     2000) that the first did not pay: RT boots first (Fig. 5; src/cpu.c),
#     so the first INVITE finds RT on the CPU and the others GP, whose
#     engine ran last; the engine starts call 6 (its time less 19500,
#     below) no earlier than GP's stack delivers the 30th INVITE (events.tsv
#     gp-deliver): the 25 were queued at once; then one every
#     cost.sip_parse + cost.sip_call = 18000 + 1500 = 19500 cycles (no
#     body, nothing else to run).
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
[ -x "$bin" ] || { echo "calls.sh: ERROR: $bin is not built" >&2; exit 99; }
command -v "$TSHARK" >/dev/null || { echo "calls.sh: ERROR: no tshark" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
SC=$top/scenarios/sip-call.yaml
CAP=$top/traces/calls/sip-call.pcap

"$bin" run "$SC" --out "$tmp/on" --quiet >/dev/null 2>"$tmp/on.err"
check "run: exit 0" '[ $? = 0 ] || { cat "$tmp/on.err"; false; }'
"$bin" run "$SC" --set calls.sip=off --out "$tmp/off" --quiet >/dev/null 2>&1
"$bin" run "$SC" --out "$tmp/on2" --quiet >/dev/null 2>&1

# tshark's view: frame, time, ports, SIP method/status
"$TSHARK" -r "$CAP" -T fields -e frame.number -e frame.time_relative -e udp.srcport \
	-e udp.dstport -e sip.Method -e sip.Status-Code -e ip.src >"$tmp/ts.tsv" 2>/dev/null
ack=$(awk -F'\t' '$5 == "ACK" { print $2; exit }' "$tmp/ts.tsv")
bye=$(awk -F'\t' '$5 == "BYE" { print $2; exit }' "$tmp/ts.tsv")
# incoming RTP (to 20000) before the BYE / after it, by tshark's times
awk -F'\t' -v a="$ack" -v b="$bye" '$4 == 20000 && $2 > a && $2 < b { print $1 }' "$tmp/ts.tsv" >"$tmp/in-call"
awk -F'\t' -v b="$bye" '$4 == 20000 && $2 > b { print $1 }' "$tmp/ts.tsv" >"$tmp/in-after"
awk -F'\t' '$4 == 5060 && $7 != "10.0.0.1" { print $1 }' "$tmp/ts.tsv" >"$tmp/sip-in"
awk -F'\t' '$4 == 5060 && $7 == "10.0.0.1" { print $1 }' "$tmp/ts.tsv" >"$tmp/sip-out"
route() { awk -F'\t' -v d="$2" 'NR == FNR { want[$1] = 1; next } FNR > 1 && ($1 in want) && $2 != d { bad++ }
	END { print bad + 0 }' "$1" "$3/routing.tsv"; }
check "49 incoming RTP frames in the call ($(wc -l <"$tmp/in-call")), 3 after the BYE" \
	'[ "$(wc -l <"$tmp/in-call")" = 49 ] && [ "$(wc -l <"$tmp/in-after")" = 3 ]'
check "with the SIP engine: the call's RTP goes to rt" '[ "$(route "$tmp/in-call" rt "$tmp/on")" = 0 ]'
check "after the BYE: the strays go to gp" '[ "$(route "$tmp/in-after" gp "$tmp/on")" = 0 ]'
check "received SIP goes to gp" '[ "$(route "$tmp/sip-in" gp "$tmp/on")" = 0 ]'
check "the gateway's own SIP is skip own-tx" '[ "$(route "$tmp/sip-out" skip "$tmp/on")" = 0 ]'
check "without the SIP engine: the call's RTP goes to gp" '[ "$(route "$tmp/in-call" gp "$tmp/off")" = 0 ]'
# the defaults: calls.sip auto (the capture holds SIP) and the built-in
# rt.udp_ports, which leaves SIP's 5060 to GP (doc/scenario.md)
printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\ntrace:\n  file: %s\n' "$CAP" >"$tmp/auto.yaml"
"$bin" run "$tmp/auto.yaml" --out "$tmp/auto" --quiet >/dev/null 2>&1
check "defaults (calls.sip auto, built-in rt.udp_ports): SIP goes to gp" '[ "$(route "$tmp/sip-in" gp "$tmp/auto")" = 0 ]'
check "defaults: the call's RTP goes to rt" '[ "$(route "$tmp/in-call" rt "$tmp/auto")" = 0 ]'

# calls.tsv against tshark's INVITE and the SDPs
"$TSHARK" -r "$CAP" -Y 'sip.Method == "INVITE"' -T fields -e sip.Call-ID -e sip.from.user \
	-e sip.from.host -e sip.to.user -e sip.to.host 2>/dev/null | head -1 >"$tmp/inv"
IFS=$'\t' read -r cid fu fh tu th <"$tmp/inv"
python3 - "$tmp/on/calls.tsv" "$cid" "$fu@$fh" "$tu@$th" >"$tmp/ct" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
h, calls = rows[0], rows[1:]
c = dict(zip(h, calls[0])) if calls else {}
hz = 3e9
ok = lambda name, cond: print(("ok " if cond else "BAD ") + name)
ok("one call", len(calls) == 1)
ok("call id " + c.get("call_id", ""), c.get("call_id") == sys.argv[2])
ok("from/to", c.get("from") == sys.argv[3] and c.get("to") == sys.argv[4])
ok("codec PCMU/0", c.get("codec") == "PCMU" and c.get("pt") == "0")
ok("media", c.get("local_media") == "10.0.0.1:20000" and c.get("remote_media") == "10.0.0.2:40000")
app = int(c.get("claim_applied", "0")) / hz
ok("claim applied %.6f s: after the 200 (1 s), before the first RTP (1.010 s)" % app, 1.0 < app < 1.010)
ok("claim released", c.get("claim") == "released" and c.get("end_reason") == "bye")
ok("49 rt, 3 gp in", c.get("in_rt") == "49" and c.get("in_gp") == "3" and c.get("in_drop") == "0")
ok("1 lost", c.get("in_lost") == "1")
j = float(c.get("in_jitter_max_ms", "nan"))
ok("jitter max %.7f ms, by hand 0.2421875" % j, abs(j - 0.2421875) < 0.001)
PY
while read -r v what; do check "calls.tsv: $what" '[ "$v" = ok ]'; done <"$tmp/ct"
# the interface down from 1.5 s to 1.6 s: the call's incoming RTP frames
# in between (tshark's times) are dropped (nic-down) and counted in_drop,
# not in_gp; the rest as before: 49 - those to rt, 3 to gp
awk -F'\t' '$4 == 20000 && $2 > 1.5 && $2 < 1.6 { print $1 }' "$tmp/ts.tsv" >"$tmp/in-down"
nd=$(wc -l <"$tmp/in-down")
"$bin" run "$SC" --out "$tmp/down" --quiet --set 'timeline=[{at: 1.5s, up: false}, {at: 1.6s, up: true}]' \
	>/dev/null 2>"$tmp/down.err"
check "down 1.5-1.6 s: run exit 0" '[ $? = 0 ] || { cat "$tmp/down.err"; false; }'
down_routed=$(awk -F'\t' 'NR == FNR { w[$1] = 1; next } ($1 in w) && $2 == "drop" && $3 == "nic-down"' \
	"$tmp/in-down" "$tmp/down/routing.tsv" | wc -l)
down_calls=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["in_rt"], $c["in_gp"], $c["in_drop"] }' "$tmp/down/calls.tsv")
check "down 1.5-1.6 s: tshark's $nd incoming RTP frames then are dropped nic-down" \
	'[ "$nd" = 5 ] && [ "$down_routed" = "$nd" ]'
check "down 1.5-1.6 s: calls.tsv in_rt $((49 - nd)), in_gp 3, in_drop $nd (got $down_calls)" \
	'[ "$down_calls" = "$((49 - nd)) 3 $nd" ]'

# channel 3
for m in "ctl-send	claim=20000" "ctl-apply	claim=20000_call=1" "ctl-send	claim=20001" \
	"ctl-send	relinquish=20000" "ctl-apply	relinquish=20001_call=1"; do
	check "events.tsv: $m" 'grep -qF "$m" "$tmp/on/events.tsv"'
done
check "two runs: byte-identical calls.tsv and events.tsv" \
	'cmp -s "$tmp/on/calls.tsv" "$tmp/on2/calls.tsv" && cmp -s "$tmp/on/events.tsv" "$tmp/on2/events.tsv"'

# 5. verify.calls
VC=$top/tests/verify/verify-calls.yaml
vrun() { # NAME [--set ...]: exit status in $tmp/NAME.rc, messages in NAME.err
	local n=$1; shift
	"$bin" run "${VSC:-$VC}" --out "$tmp/$n" --quiet "$@" >/dev/null 2>"$tmp/$n.err"
	echo $? >"$tmp/$n.rc"
}
vrun vc-all
check "verify.calls: every bound of verify-calls.yaml holds (exit 0)" \
	'[ "$(cat "$tmp/vc-all.rc")" = 0 ] || { cat "$tmp/vc-all.err"; false; }'
check "verify.calls: verify.txt has 6 ok calls verdicts naming the file" \
	'[ "$(grep -c "^ok    verify.calls.*verify-calls.yaml:" "$tmp/vc-all/verify.txt")" = 6 ]'
while read -r key hold broken; do
	vrun "h-$key" --set "verify.calls.$key=$hold"
	vrun "b-$key" --set "verify.calls.$key=$broken"
	check "verify.calls.$key=$hold holds" '[ "$(cat "$tmp/h-$key.rc")" = 0 ]'
	check "verify.calls.$key=$broken breaks: exit 1, FAIL naming the Call-ID, in verify.txt too" \
		'[ "$(cat "$tmp/b-$key.rc")" = 1 ] &&
		 grep -q "^FAIL  verify.calls.$key (--set verify.calls.$key=$broken)" "$tmp/b-$key.err" &&
		 grep -qF "Call-ID $cid" "$tmp/b-$key.err" &&
		 grep -q "^FAIL  verify.calls.$key" "$tmp/b-$key/verify.txt" &&
		 [ "$(grep -c "^FAIL" "$tmp/b-$key/verify.txt")" = 1 ]'
done <<'EOF'
mos_min 4.2 4.3
jitter_max 250us 240us
jitter_p99 250us 240us
setup_max 1s 999ms
setup_p99 1s 999ms
EOF
# both directions measured: with trace.replay_tx the host sends its own
# RTP again (bob -> alice, every 20 ms, none lost, none late), so calls.tsv
# has out_mos and out_jitter too. By hand: no loss, Ie,eff 0, R = 93.2,
# MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 = 1 + 3.262 + 0.1473 = 4.41;
# jitter 0 (each packet sent 20 ms after the one before through the same
# transmit path). The call's MOS is the worse direction's (in, 4.24) and
# its jitter the larger's (in, 0.242 ms): mos_min 4.3 and jitter_max 240us
# still break, as with one direction, and 4.2 and 250us hold.
vrun rtx --set trace.replay_tx=true
check "replay_tx: out_mos 4.41 and out_jitter_max 0.000 beside in's 4.24 and 0.242" \
	'python3 - "$tmp/rtx/calls.tsv" <<'"'"'PY'"'"'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
c = dict(zip(rows[0], rows[1]))
sys.exit(0 if (c["out_mos"], c["out_jitter_max_ms"], c["in_mos"]) == ("4.41", "0.000", "4.24")
         and c["in_jitter_max_ms"] in ("0.242", "0.243") else 1)
PY'
while read -r key hold broken; do
	vrun "rtx-h-$key" --set trace.replay_tx=true --set "verify.calls.$key=$hold"
	vrun "rtx-b-$key" --set trace.replay_tx=true --set "verify.calls.$key=$broken"
	check "replay_tx, verify.calls.$key=$hold holds" '[ "$(cat "$tmp/rtx-h-$key.rc")" = 0 ]'
	check "replay_tx, verify.calls.$key=$broken breaks on the worse direction" \
		'[ "$(cat "$tmp/rtx-b-$key.rc")" = 1 ] &&
		 grep -q "^FAIL  verify.calls.$key (--set verify.calls.$key=$broken)" "$tmp/rtx-b-$key.err"'
done <<'EOF'
mos_min 4.2 4.3
jitter_max 250us 240us
EOF
# a call without its 200 (editcap drops frame 4, tshark's "200 OK
# (INVITE)"): calls.tsv's ok200 is "-", the call has no set-up time, and
# a set-up bound of 1 ms (the call took 1 s with its 200) checks nothing
# and says so, exit 0; it would break had the missing 200 been read as 0
# or as the INVITE's time or any later one
if command -v editcap >/dev/null; then
	editcap "$CAP" "$tmp/no200.pcap" 4 >/dev/null
	vrun no200 --set trace.file="$tmp/no200.pcap" --set verify.calls.setup_max=1ms \
		--set verify.calls.setup_p99=1ms
	check "a call without its 200: ok200 '-', no set-up time, the bounds check nothing (exit 0)" \
		'[ "$(cat "$tmp/no200.rc")" = 0 ] &&
		 [ "$(awk -F"\t" "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"ok200\") k = i } NR == 2 { print \$k }" "$tmp/no200/calls.tsv")" = - ] &&
		 grep -q "^ok    verify.calls.setup_max (--set verify.calls.setup_max=1ms): no call has a set-up time in this run (1 call in calls.tsv)" "$tmp/no200/verify.txt" &&
		 grep -q "^ok    verify.calls.setup_p99 (--set verify.calls.setup_p99=1ms): no call has a set-up time in this run (1 call in calls.tsv)" "$tmp/no200/verify.txt"'
else
	fail=$((fail + 1)); echo "FAIL no editcap (it comes with tshark)"
fi
# set-up to the fraction of a ps (doc/verify.md: exactly, in cycles): at
# cpu.hz 2900000001Hz the call's set-up, ok200 - invite of calls.tsv in
# cycles, is not a whole number of ps; python gives it rounded down, P.
# setup_max=Pps breaks (the set-up is a fraction of a ps above it; it held,
# compared in ps rounded down) and P+1 ps holds.
vrun hz29 --set cpu.hz=2900000001Hz
P=$(python3 - "$tmp/hz29/calls.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
c = dict(zip(rows[0], rows[1]))
cyc = int(c["ok200"]) - int(c["invite"])
print(cyc * 10**12 // 2900000001 if cyc * 10**12 % 2900000001 else "whole")
PY
)
vrun sp-break --set cpu.hz=2900000001Hz --set "verify.calls.setup_max=${P}ps"
vrun sp-hold --set cpu.hz=2900000001Hz --set "verify.calls.setup_max=$((P + 1))ps"
check "setup_max=${P}ps, a fraction of a ps below the set-up: breaks (exit 1)" \
	'[ "$(cat "$tmp/sp-break.rc")" = 1 ] && grep -q "^FAIL  verify.calls.setup_max" "$tmp/sp-break.err"'
check "setup_max=$((P + 1))ps: holds" '[ "$(cat "$tmp/sp-hold.rc")" = 0 ]'
# on sip-call.yaml: the late claim also lets the first stray after the BYE
# reach RT (the relinquish is 15 ms late too), which the other bounds of
# verify-calls.yaml are not written for
VSC=$SC
vrun em-hold --set cost.gp_proxy_tx=15ms --set verify.calls.early_media_gp=1
vrun em-break --set cost.gp_proxy_tx=15ms --set verify.calls.early_media_gp=0
VSC=
check "early_media_gp: a claim 15 ms late, 1 early frame: bound 1 holds" '[ "$(cat "$tmp/em-hold.rc")" = 0 ]'
check "early_media_gp: bound 0 breaks, naming the call with its 1 frame" \
	'[ "$(cat "$tmp/em-break.rc")" = 1 ] && grep -qF "Call-ID $cid  1 early-media-gp frame" "$tmp/em-break.err"'
# a run with no call at all (a capture without SIP): each of the six
# bounds, early_media_gp's total of 0 frames too, says it checked nothing
# (doc/verify.md); early_media_gp said "total 0 ... over 0 calls"
vrun nocall --set trace.file="$top/traces/public/arp-who-has.pcap"
check "no call: exit 0, the six bounds each checked nothing" \
	'[ "$(cat "$tmp/nocall.rc")" = 0 ] &&
	 [ "$(grep -c "^ok    verify.calls\.[a-z0-9_]* (.*): no call in this run (calls.tsv is empty), the bound .* checked nothing$" \
	      "$tmp/nocall/verify.txt")" = 6 ] &&
	 grep -q "^ok    verify.calls.early_media_gp (.*): no call in this run" "$tmp/nocall/verify.txt"'
printf 'verify:\n  calls:\n    mos_min: 4.7\n' >"$tmp/bad.yaml"
"$bin" run "$tmp/bad.yaml" --out "$tmp/bad" --quiet >/dev/null 2>"$tmp/bad.err"
check "verify.calls.mos_min 4.7: exit 2, FILE:LINE:COL, nothing written" \
	'[ $? = 2 ] && grep -q "bad.yaml:3:14: verify.calls.mos_min" "$tmp/bad.err" && [ ! -e "$tmp/bad/calls.tsv" ]'
vrun vc-out --outputs summary
check "verify.calls with --outputs summary: calls.tsv is written for it" \
	'[ "$(cat "$tmp/vc-out.rc")" = 0 ] && [ -s "$tmp/vc-out/calls.tsv" ]'

# 5b. over several calls (scenarios/calls-generated.yaml, five calls): the
# verdict is the worst call's, not the first's or the best's. With one call
# (above) max, min and any percentile are that call; here the bound B sits
# between the largest set-up and the next: python takes each call's
# ok200 - invite (cycles) from calls.tsv and B = the second largest in ps,
# rounded up (so it holds for that one: cycles x 10^12 <= B x hz). The
# largest breaks B, and for setup_p99 too: nearest rank over 5 calls is
# ceil(0.99 x 5) = the 5th smallest, the largest. The calls named, worst
# first: only the largest; with 1ms (below all five) all five, the largest
# first. A mutant that sorted best first or took the rank from the other
# end held B (issue of the mutation run in doc/verify.md).
VSC=$top/scenarios/calls-generated.yaml
vrun cg
read -r B WORST NCALL <<<"$(python3 - "$tmp/cg/calls.tsv" "$tmp/cg/summary.json" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
hz = json.load(open(sys.argv[2]))["cpu_hz"]
calls = [dict(zip(rows[0], r)) for r in rows[1:]]
s = sorted(((int(c["ok200"]) - int(c["invite"]), c["call_id"]) for c in calls), reverse=True)
b = -(-s[1][0] * 10**12 // hz)
print(b if s[0][0] * 10**12 > b * hz else "none", s[0][1], len(s))
PY
)"
check "calls-generated: 5 calls, the largest set-up above the next ($B ps, $WORST)" \
	'[ "$NCALL" = 5 ] && [ "$B" != none ] && [ "$(cat "$tmp/cg.rc")" = 0 ]'
for key in setup_max setup_p99; do
	vrun "cg-$key" --set "verify.calls.$key=${B}ps"
	vrun "cg-$key-all" --set "verify.calls.$key=1ms"
	check "calls-generated: $key=${B}ps breaks on the worst call only" \
		'[ "$(cat "$tmp/cg-$key.rc")" = 1 ] &&
		 grep -q "^FAIL  verify.calls.$key (--set verify.calls.$key=${B}ps): .* over 5 calls" "$tmp/cg-$key.err" &&
		 [ "$(grep -c "^        call " "$tmp/cg-$key.err")" = 1 ] &&
		 grep -qF "Call-ID $WORST  " "$tmp/cg-$key.err"'
	check "calls-generated: $key=1ms names all five, the worst first" \
		'[ "$(cat "$tmp/cg-$key-all.rc")" = 1 ] &&
		 [ "$(grep -c "^        call " "$tmp/cg-$key-all.err")" = 5 ] &&
		 grep -m1 "^        call " "$tmp/cg-$key-all.err" | grep -qF "Call-ID $WORST  "'
done
# a bound equal to the figure holds: MOS at the lowest MOS of calls.tsv
# (the worse direction of each call, as calls.tsv prints it), and at
# cpu.hz 1GHz (1 cycle = 1000 ps, so a set-up is a whole number of ps) the
# largest set-up exactly, in ps; 1 ps less breaks
MOS=$(python3 -c 'import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(min(min(float(d["in_mos"]), float(d["out_mos"])) for d in (dict(zip(rows[0], r)) for r in rows[1:])))' "$tmp/cg/calls.tsv")
vrun cg-mos --set "verify.calls.mos_min=$MOS"
check "calls-generated: mos_min $MOS, the lowest MOS, holds" '[ "$(cat "$tmp/cg-mos.rc")" = 0 ]'
vrun cg1g --set cpu.hz=1GHz
S1=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ s = $c["ok200"] - $c["invite"]; if (s > m) m = s } END { printf "%d000\n", m }' "$tmp/cg1g/calls.tsv")
vrun cg1g-on --set cpu.hz=1GHz --set "verify.calls.setup_max=${S1}ps"
vrun cg1g-below --set cpu.hz=1GHz --set "verify.calls.setup_max=$((S1 - 1))ps"
check "calls-generated at 1GHz: setup_max ${S1}ps, the largest set-up exactly, holds" '[ "$(cat "$tmp/cg1g-on.rc")" = 0 ]'
check "calls-generated at 1GHz: setup_max $((S1 - 1))ps breaks" '[ "$(cat "$tmp/cg1g-below.rc")" = 1 ]'
VSC=

# 6. both claims refused: nothing relinquished. The capture (times in s):
#    0 INVITE in (SDP 10.0.0.2:40000), 0.5 a frame in to 5005, 1 the 200
#    out (own-tx, SDP 10.0.0.1:5004), 1.005 ACK in, 2 BYE in, 3 a frame in
#    to 5005: frames 1-6.
PYTHONPATH="$top/tests" python3 - "$tmp/rtport.pcap" <<'PY'
import sys
from pkt import pcap, eth, ipv4, udp_csum
def udp(src, dst, sp, dp, data, rx=True):
    d = ipv4(src, dst, 17, udp_csum(src, dst, sp, dp, data), ident=1, checksum=True)
    host, far = "020000000001", "020000000002"
    return eth(host, far, d) if rx else eth(far, host, d)
def sip(first, cseq, tag, body=b""):
    h = (first + b"\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1\r\n"
         b"From: <sip:alice@10.0.0.2>;tag=a1\r\nTo: <sip:bob@10.0.0.1>" + (b";tag=" + tag if tag else b"") +
         b"\r\nCall-ID: rtport@10.0.0.2\r\nCSeq: " + cseq + b"\r\n")
    if body: h += b"Content-Type: application/sdp\r\n"
    return h + b"Content-Length: %d\r\n\r\n" % len(body) + body
def sdp(a, port):
    return (b"v=0\r\no=x 1 1 IN IP4 " + a + b"\r\ns=-\r\nc=IN IP4 " + a +
            b"\r\nt=0 0\r\nm=audio " + port + b" RTP/AVP 0\r\n")
R = b"sip:bob@10.0.0.1 SIP/2.0"
fr = [(0.0, udp("10.0.0.2", "10.0.0.1", 5060, 5060, sip(b"INVITE " + R, b"1 INVITE", None, sdp(b"10.0.0.2", b"40000")))),
      (0.5, udp("10.0.0.2", "10.0.0.1", 40001, 5005, b"rtcp-before")),
      (1.0, udp("10.0.0.1", "10.0.0.2", 5060, 5060, sip(b"SIP/2.0 200 OK", b"1 INVITE", b"b1", sdp(b"10.0.0.1", b"5004")), False)),
      (1.005, udp("10.0.0.2", "10.0.0.1", 5060, 5060, sip(b"ACK " + R, b"1 ACK", b"b1"))),
      (2.0, udp("10.0.0.2", "10.0.0.1", 5060, 5060, sip(b"BYE " + R, b"2 BYE", b"b1"))),
      (3.0, udp("10.0.0.2", "10.0.0.1", 40001, 5005, b"rtcp-after"))]
us = [round(t * 1e6) for t, _ in fr]
pcap(sys.argv[1], [(1700000000 + u // 1000000, u % 1000000, b) for u, (_, b) in zip(us, fr)])
PY
printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\nrt:\n  udp_ports: 5004-5059\ngp:\n  sip_ports: 5060\ncalls:\n  sip: on\ntrace:\n  file: %s\n' \
	"$tmp/rtport.pcap" >"$tmp/rtport.yaml"
"$bin" run "$tmp/rtport.yaml" --out "$tmp/rtport" --quiet >/dev/null 2>"$tmp/rtport.err"
check "refused claims: run exit 0" '[ $? = 0 ] || { cat "$tmp/rtport.err"; false; }'
check "refused claims: RT refuses 5004 and 5005 (it owns them)" \
	'[ "$(grep -c "ctl-apply	claim=500[45]_call=1_refused:_port_already_belongs_to_the_RT_OS" "$tmp/rtport/events.tsv")" = 2 ]'
check "refused claims: no relinquish sent or applied" '! grep -q "relinquish=" "$tmp/rtport/events.tsv"'
check "refused claims: the frame to 5005 goes rt before the call (2) and after its BYE (6)" \
	'[ "$(awk -F"\t" "\$1 == 2 || \$1 == 6 { print \$1, \$2 }" "$tmp/rtport/routing.tsv" | tr "\n" " ")" = "2 rt 6 rt " ]'
check "refused claims: calls.tsv claim refused, ended by the BYE" \
	'awk -F"\t" "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
	     { print \$c[\"claim\"], \$c[\"end_reason\"] }" "$tmp/rtport/calls.tsv" | grep -qx "refused bye"'
check "refused claims: summary claims 2, relinquishes 0, refused 2" \
	'grep -q "\"claims\": 2, \"relinquishes\": 0, \"refused\": 2," "$tmp/rtport/summary.json"'
# the call's RTP port 5004 is RT's own: no RTP of the call reaches RT's
# socket, so the call has no MOS and no jitter (calls.tsv "-"), and bounds
# on them check nothing (a call without the figure is left out, not 0)
"$bin" run "$tmp/rtport.yaml" --out "$tmp/rtport-v" --quiet --set verify.calls.mos_min=4 \
	--set verify.calls.jitter_max=1ms >/dev/null 2>"$tmp/rtport-v.err"
check "refused claims: mos_min 4 and jitter_max 1ms check nothing (exit 0)" \
	'[ $? = 0 ] && grep -q "^ok    verify.calls.mos_min (--set verify.calls.mos_min=4): no call has a MOS in this run (1 call in calls.tsv)" "$tmp/rtport-v/verify.txt" &&
	 grep -q "^ok    verify.calls.jitter_max (--set verify.calls.jitter_max=1ms): no call has a jitter in this run (1 call in calls.tsv)" "$tmp/rtport-v/verify.txt"'

# 7: a queue of SIP messages grown while wrapped
PYTHONPATH="$top/tests" python3 - "$tmp/burst.pcap" <<'PY' || exit 99
import sys
import mkcall as m
from pkt import pcap
out, us = [], 0
for i in range(1, 31):
    sip = ("INVITE sip:bob@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK.q%d\r\n"
           "From: <sip:alice@10.0.0.2>;tag=%d\r\nTo: <sip:bob@10.0.0.1>\r\nCall-ID: q%02d@10.0.0.2\r\n"
           "CSeq: 1 INVITE\r\nContact: <sip:alice@10.0.0.2:5060>\r\nContent-Length: 0\r\n\r\n"
           % (i, i, i)).encode()
    f = m.udp_frame(m.FAR_IP, m.HOST_IP, 5060, 5060, sip, i)
    out.append((m.T0 + us // 1000000, us % 1000000, f))
    us += 100 if i <= 5 else 4
pcap(sys.argv[1], out)
PY
"$bin" run "$SC" --set trace.file="$tmp/burst.pcap" --out "$tmp/burst" --quiet >/dev/null 2>"$tmp/burst.err"
check "SIP queue: run exit 0" '[ $? = 0 ] || { cat "$tmp/burst.err"; false; }'
"$TSHARK" -r "$tmp/burst.pcap" -T fields -e sip.Call-ID 2>/dev/null >"$tmp/burst.ids"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["call_id"] }' \
	"$tmp/burst/calls.tsv" >"$tmp/burst.calls"
check "SIP queue: tshark sees 30 INVITEs" '[ "$(grep -c "^q[0-9][0-9]@10.0.0.2$" "$tmp/burst.ids")" = 30 ]'
check "SIP queue: calls.tsv lists them in the capture's order" 'cmp -s "$tmp/burst.ids" "$tmp/burst.calls"'
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["invite"] }' \
	"$tmp/burst/calls.tsv" >"$tmp/burst.inv"
last=$(awk -F'\t' '$2 == 30 && $3 == "gp-deliver" { print $1 }' "$tmp/burst/events.tsv")
check "SIP queue: the first two handled 300000 + 2000 cycles apart" \
	'[ "$(awk "NR == 2 { print \$1 - p } { p = \$1 }" "$tmp/burst.inv")" = 302000 ]'
check "SIP queue: the next three 300000 cycles apart" \
	'[ "$(awk "NR > 2 && NR <= 5 { print \$1 - p } { p = \$1 }" "$tmp/burst.inv" | sort -u)" = 300000 ]'
check "SIP queue: the 25 queued at once (call 6 started at or after the 30th's delivery, $last)" \
	'[ -n "$last" ] && [ "$(sed -n 6p "$tmp/burst.inv")" -ge $((last + 19500)) ]'
check "SIP queue: then one every 19500 cycles" \
	'[ "$(awk "NR > 6 { print \$1 - p } { p = \$1 }" "$tmp/burst.inv" | sort -u)" = 19500 ]'

echo "calls.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
