#!/usr/bin/env bash
# calls-gen.sh - generated calls played through the computer (issue 12,
# item 3; src/callplay.c): one call GP places, its set-up time through GP,
# its RTP each way and its billing record's instant, all computed by hand
# below from the scenario's costs and the frame lengths tshark reads in the
# run's captures; then the library scenario (Poisson calls): determinism
# and conservation; then each SIP message's fields against RFC 3261 with
# GP's and the far end's SIP ports told apart, shifted starts, the far
# end's ACK and BYE delays apart, and calls too short for one packet.
#
# The hand computation. cpu.hz 3 GHz; the path's per-byte terms, the world
# switch and the cross-OS notification are set to 0 so that every term is
# a fixed cost of the table (cycles), a DMA is the bus latency alone
# (527 ns = 1581 cycles), and a frame of L bytes (no FCS) holds the 1 Gbit/s
# wire to its last bit for (8 + L + 4) bytes x 8 bits = (12 + L) x 24
# cycles. Moderation is off (the profile's default), so an RX DMA's end
# raises the interrupt at once.
#   GP's SIP engine sends (at cycle s; the calls table's time is s + sip_call):
#     sip_call 1500 | gp_app_tx 2850 | gp_proxy_tx 600 + proxy_fixed 300 (ch 2)
#     | rt_proxy_tx 300 + txs_pick 100 | TX DMA 1581 | wire (12 + L) x 24
#     = s + 7231 + (12 + L) x 24: the last bit out.
#   A far-end frame starting to arrive at a (its last bit at a + (12 + L) x 24):
#     RX DMA 1581 | rt_irq 1500 | rt_input 300 + classify 150 | proxy_fixed
#     300 (ch 1) | gp_proxy_rx 600 | gp_stack_rx 2850 + gp_deliver 630 | SIP
#     engine: sip_parse 18000 + sip_call 1500 (+ sdp_parse 12000 with SDP)
#     = 27411 (+ 12000) after the last bit: handled.
#   The call (outgoing 100 %, start 0, calls.far.d200 100 ms = 3e8 cycles,
#   hold 1010 ms = 3.03e9 cycles, ptime 20 ms):
#     invite = 1500 (calls.tsv: the engine's INVITE at 0 + sip_call)
#     out(INVITE) = 0 + 7231 + (12 + L_inv) x 24
#     A = out(INVITE) + 3e8: the far end's 200 starts arriving
#     ok200 = A + (12 + L_200) x 24 + 27411 + 12000 (handled, with SDP)
#     set-up = ok200 - invite
#     RTP each way: floor(1010 / 20) = 50 packets, all to or from RT; the
#     last far-end packet arrives at A + 1000 ms, RT's last is sent 1000 ms
#     after its claim, both 10 ms before the hang-up: nothing overlaps.
#     H = A + 3.03e9. Who hangs up is callgen's draw; tshark tells which
#     BYE there was. The engine ends the call when it sends or handles the
#     BYE and asks RT to relinquish 20000 and 20001 at once: GP's control
#     thread (above GP's applications) puts each on channel 3 (gp_proxy_tx
#     600 + proxy_fixed 300) and RT applies it (control_apply 1000): 3800
#     cycles before GP's applications run again. GP's BYE:
#     out(BYE) = H + 1500 + 3800 + 5731 + (12 + L_bye) x 24; the far end's
#     200 at out(BYE) + bye_ok (10 ms = 3e7), handled at + (12 + L_ok) x 24
#     + 27411. The far end's BYE: handled at H + (12 + L_bye) x 24 + 27411,
#     then the 3800 of the relinquishes. Then GP's billing application sends
#     one TCP segment: gp_app_tx 2850 | 900 (ch 2) | 400 | 1581 |
#     (12 + L_bill) x 24 = 5731 + (12 + L_bill) x 24 (its thread outranks
#     the SIP engine's, whose 200 to a BYE follows).
#     The record says "gw-1 far-1 start_ns duration_ns": start = A / 3 ns
#     (rounded down), duration 1010 ms.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
[ -x "$bin" ] || { echo "calls-gen.sh: ERROR: $bin is not built" >&2; exit 99; }
command -v "$TSHARK" >/dev/null || { echo "calls-gen.sh: ERROR: no tshark" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-callgen.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }

cat >"$tmp/one.yaml" <<'EOF'
name: callgen-one
host:
  mac: 02:00:00:00:00:01
  ipv4: 10.0.0.1
rt:
  udp_ports: 5004-5059
gp:
  sip_ports: 5060
bus:
  dma_per_byte: 0ps/B
cost:
  world_switch: 0cycles
  cross_irq: 0cycles
  proxy_per_byte: 0cycles/B
calls:
  generator:
    mode: fixed
    count: 1
    hold: 1010ms
    outgoing: 100
  far:
    d100: 10ms
    d180: 50ms
    d200: 100ms
    ack: 10ms
    bye_ok: 10ms
EOF
# seed 1: GP hangs up; seed 6: the far end does (callgen's draw, which
# tshark confirms below by where the BYE is)
one_call() {
local seed=$1 o=$tmp/o$1
"$bin" run "$tmp/one.yaml" --set calls.generator.seed="$seed" --out "$o" --quiet >/dev/null 2>"$tmp/e1"
check "one call, seed $seed: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'

# frame lengths as tshark reads them
flen() { "$TSHARK" -r "$1" -Y "$2" -T fields -e frame.len 2>/dev/null | head -1; }
L_inv=$(flen "$o/wire-tx.pcap" 'sip.Method == "INVITE"')
L_200=$(flen "$o/gp-rx.pcap" 'sip.Status-Code == 200 && sip.CSeq.method == "INVITE"')
L_bye_gp=$(flen "$o/wire-tx.pcap" 'sip.Method == "BYE"')
L_bye_far=$(flen "$o/gp-rx.pcap" 'sip.Method == "BYE"')
L_ok_far=$(flen "$o/gp-rx.pcap" 'sip.Status-Code == 200 && sip.CSeq.method == "BYE"')
L_bill=$(flen "$o/wire-tx.pcap" 'tcp.dstport == 9000')
bill_text=$("$TSHARK" -r "$o/wire-tx.pcap" -Y 'tcp.dstport == 9000' -T fields -e tcp.payload 2>/dev/null | head -1)
check "seed $seed: tshark sees the INVITE, the 200 and the billing segment ($L_inv $L_200 $L_bill)" \
	'[ -n "$L_inv" ] && [ -n "$L_200" ] && [ -n "$L_bill" ]'
check "seed $seed: exactly one BYE, GP's ($L_bye_gp) or the far end's ($L_bye_far)" \
	'[ -n "$L_bye_gp$L_bye_far" ] && { [ -z "$L_bye_gp" ] || [ -z "$L_bye_far" ]; }'

python3 - "$o/calls.tsv" "$L_inv" "$L_200" "$L_bye_gp" "$L_bye_far" "$L_ok_far" "$L_bill" \
	"$bill_text" >"$tmp/hand" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
c = dict(zip(rows[0], rows[1])) if len(rows) == 2 else {}
L_inv, L_200 = int(sys.argv[2]), int(sys.argv[3])
bye_gp, bye_far, ok_far, L_bill = sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7])
text = bytes.fromhex(sys.argv[8].replace(":", "")).decode()
wire = lambda L: (12 + L) * 24
ok = lambda name, cond: print(("ok " if cond else "BAD ") + name)
invite = 1500
out_inv = 0 + 7231 + wire(L_inv)
A = out_inv + 300000000
ok200 = A + wire(L_200) + 27411 + 12000
ok("one call", len(rows) == 2)
ok("invite at %d (got %s)" % (invite, c.get("invite")), c.get("invite") == str(invite))
ok("200 OK handled at %d (got %s)" % (ok200, c.get("ok200")), c.get("ok200") == str(ok200))
ok("set-up through GP %d cycles" % (ok200 - invite), int(c.get("ok200", 0)) - int(c.get("invite", 0)) == ok200 - invite)
for k in ("in_rt", "out_rt"):
    ok("%s = 50 (got %s)" % (k, c.get(k)), c.get(k) == "50")
for k in ("in_gp", "in_drop", "out_gp", "out_drop", "early_media_gp"):
    ok("%s = 0 (got %s)" % (k, c.get(k)), c.get(k) == "0")
ok("claim released, end by BYE", c.get("claim") == "released" and c.get("end_reason") == "bye")
H = A + 3030000000
if bye_gp:
    out_bye = H + 1500 + 3800 + 5731 + wire(int(bye_gp))
    handled = out_bye + 30000000 + wire(int(ok_far)) + 27411
    bill = handled + 5731 + wire(L_bill)
else:
    handled = H + wire(int(bye_far)) + 27411
    bill = handled + 3800 + 5731 + wire(L_bill)
ok("billing record's last bit at %d (got %s)" % (bill, c.get("billing")), c.get("billing") == str(bill))
ok("billing delay %d ns (got %s)" % ((bill - H) // 3, c.get("billing_delay_ns")),
   c.get("billing_delay_ns") == str((bill - H) * 1000 // 3 // 1000))
want = "gw-1\tfar-1\t%d\t%d\n" % (A * 1000 // 3 // 1000, 1010000000)
ok("billing record %r (got %r)" % (want, text), text == want)
PY
while read -r st name; do check "seed $seed: $name" '[ "$st" = ok ]'; done <"$tmp/hand"
check "seed $seed: the hand computation ran ($(wc -l <"$tmp/hand") checks)" '[ "$(wc -l <"$tmp/hand")" -ge 14 ]'

}
one_call 1
one_call 6
check "seed 1: GP sent the BYE" '"$TSHARK" -r "$tmp/o1/wire-tx.pcap" -Y "sip.Method == \"BYE\"" 2>/dev/null | grep -q .'
check "seed 6: the far end sent the BYE" '"$TSHARK" -r "$tmp/o6/gp-rx.pcap" -Y "sip.Method == \"BYE\"" 2>/dev/null | grep -q .'
"$bin" run "$tmp/one.yaml" --out "$tmp/o2" --quiet >/dev/null 2>&1

# determinism: everything but the wall-clock figures
same() {
	for f in "$1"/*; do
		b=$(basename "$f")
		case $b in
		summary.json) python3 -c "import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); a.pop('wall'); b.pop('wall'); sys.exit(a!=b)" "$f" "$2/$b" || return 1 ;;
		*) cmp -s "$f" "$2/$b" || return 1 ;;
		esac
	done
}
check "one call: two runs give the same outputs" 'same "$tmp/o1" "$tmp/o2"'

# the library scenario: Poisson arrivals, codecs mixed, both directions
SC=$top/scenarios/calls-generated.yaml
"$bin" run "$SC" --out "$tmp/l1" --quiet >/dev/null 2>"$tmp/el"
check "library scenario: exit 0 (conservation held)" '[ $? = 0 ] || { cat "$tmp/el"; false; }'
"$bin" run "$SC" --out "$tmp/l2" --quiet >/dev/null 2>&1
check "library scenario: two runs give the same outputs" 'same "$tmp/l1" "$tmp/l2"'
"$TSHARK" -r "$tmp/l1/wire-tx.pcap" -Y 'tcp.dstport == 9000' -T fields -e tcp.payload >"$tmp/bills" 2>/dev/null
python3 - "$tmp/l1/summary.json" "$tmp/l1/calls.tsv" "$tmp/bills" >"$tmp/lib" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
calls = [dict(zip(rows[0], r)) for r in rows[1:]]
ok = lambda name, cond: print(("ok " if cond else "BAD ") + name)
i, o = s["input"], s["outgoing"]
dec = sum(s["decisions"].values())
ok("every input frame has one verdict (%d = %d)" % (i["frames"], dec), i["frames"] == dec)
ok("every outgoing frame sent (%d of %d)" % (o["sent"], o["generated"]), o["sent"] == o["generated"])
ok("calls in calls.tsv = summary count", len(calls) == s["calls"]["count"] > 0)
ok("every call with a billing record", s["calls"].get("billing_records") == len(calls))
# per call: RTP rt each way = floor(hold / ptime), the holding time callgen
# drew read from the call's billing record as tshark decodes it
bills = {}
for line in open(sys.argv[3]):
    t = bytes.fromhex(line.strip().replace(":", "")).decode().split("\t")
    bills[t[0].split("-")[1]] = int(t[3])
for c in calls:
    n = bills.get(c["call_id"].rsplit("-", 1)[1], 0) // (int(c["ptime_ms"]) * 1000000)
    ok("call %s: RTP rt in %s, out %s = hold / ptime = %d" % (c["call"], c["in_rt"], c["out_rt"], n),
       c["in_rt"] == c["out_rt"] == str(n) and c["in_gp"] == c["out_gp"] == "0")
# the input frames are the far end's RTP and SIP: INVITE and ACK, or 100,
# 180 and 200; then BYE or 200: at most 4 per call
rtp_in = sum(int(c["in_rt"]) for c in calls)
ok("input = far-end RTP + far-end SIP (%d = %d + %d)" % (i["frames"], rtp_in, i["frames"] - rtp_in),
   0 < i["frames"] - rtp_in <= 4 * len(calls))
PY
while read -r st name; do check "$name" '[ "$st" = ok ]'; done <"$tmp/lib"

# schedules that cannot be played are refused at load (exit 2, at the key,
# nothing written): two calls 100 ms apart holding 1 s take local pairs 0
# and 1, so with calls.far.rtp_port 65534 the second's far port would be
# 65534 + 2 = 65536 (it wrapped to 0); 216 calls a day apart end 215 x
# 86400 s = 18576000 s after the start, past 2^64 ps = 18446744.07 s (the
# last INVITE wrapped to before the first). One call alone on 65534 runs,
# and so do 214 calls a day apart (213 x 86400 s = 18403200 s, inside).
gen() { # NAME RTP_PORT COUNT SPACING
	printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\nrt:\n  udp_ports: 5004-5059\ngp:\n  sip_ports: 5060\nrun:\n  duration: 1s\ncalls:\n  generator:\n    mode: fixed\n    count: %s\n    spacing: %s\n    hold: 1s\n  far:\n    rtp_port: %s\n' \
		"$3" "$4" "$2" >"$tmp/$1.yaml"
	"$bin" run "$tmp/$1.yaml" --out "$tmp/$1" --quiet >/dev/null 2>"$tmp/$1.err"
	echo $? >"$tmp/$1.rc"
}
gen farport 65534 2 100ms
check "calls.far.rtp_port 65534, two calls at once: exit 2 at the key, the port named, nothing written" \
	'[ "$(cat "$tmp/farport.rc")" = 2 ] && grep -q "farport.yaml:17:15: calls.far.rtp_port: .*= 65536" "$tmp/farport.err" &&
	 [ ! -e "$tmp/farport" ]'
gen farport1 65534 1 100ms
check "calls.far.rtp_port 65534, one call: runs" '[ "$(cat "$tmp/farport1.rc")" = 0 ] || { cat "$tmp/farport1.err"; false; }'
gen spacing 40000 216 86400s
check "216 calls a day apart: exit 2 at calls.generator.spacing, nothing written" \
	'[ "$(cat "$tmp/spacing.rc")" = 2 ] && grep -q "spacing.yaml:14:14: calls.generator.spacing: " "$tmp/spacing.err" &&
	 [ ! -e "$tmp/spacing" ]'
gen spacing1 40000 214 86400s
check "214 calls a day apart (the last 213 days in): runs" '[ "$(cat "$tmp/spacing1.rc")" = 0 ] || { cat "$tmp/spacing1.err"; false; }'

# The SIP of a call, field by field as tshark decodes it, against RFC
# 3261's rules with GP's port (gp.sip_ports 5062) and the far end's
# (calls.far.sip_port 5070) told apart. The caller sends the INVITE (tag
# c1) to the callee's URI and port; the callee answers 100 (no To tag),
# 180 and 200 (To tag e1), each response with its request's Via, From, To
# and CSeq (8.2.6.2); the caller ACKs (CSeq 1 ACK, a Via branch of its
# own); who hangs up sends BYE (CSeq 2) to the other's URI and port, From
# itself with its tag, and the other answers 200 with the BYE's Via. Each
# message's Contact is its sender's address and port; the INVITE and the
# 200 to it carry SDP (RFC 4566): the sender's o= and c= and its RTP port
# (GP's 20000, the far end's 40000), PCMU's payload type 0 at 8000 Hz,
# ptime 20. Seed 1: GP hangs up, seed 6: the far end does (as above); the
# direction is calls.generator.outgoing: all four cases.
sip_fields() { "$TSHARK" -r "$1" -Y sip -T fields -E separator='|' -e udp.srcport -e udp.dstport \
	-e sip.Request-Line -e sip.Status-Line -e sip.Via -e sip.From -e sip.To -e sip.CSeq \
	-e sip.Contact -e sdp.owner -e sdp.connection_info -e sdp.media -e sdp.media_attr 2>/dev/null; }
for v in "100 1" "100 6" "0 1" "0 6"; do
	set -- $v
	o=$tmp/port$1_$2
	"$bin" run "$tmp/one.yaml" --set calls.generator.seed="$2" --set calls.generator.outgoing="$1" \
		--set gp.sip_ports=5062 --set calls.far.sip_port=5070 --out "$o" --quiet >/dev/null 2>"$tmp/e1"
	check "ports 5062/5070, outgoing $1 %, seed $2: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
	sip_fields "$o/wire-tx.pcap" | sed 's/^/gw|/' >"$o/sip"
	sip_fields "$o/gp-rx.pcap" | sed 's/^/far|/' >>"$o/sip"
	python3 - "$1" "$2" "$o/sip" >"$tmp/ports" <<'PY'
import sys
gw_calls, gw_byes = sys.argv[1] == "100", sys.argv[2] == "1"
ends = {"gw": ("10.0.0.1", 5062, 20000), "far": ("10.0.0.2", 5070, 40000)}
caller, callee = ("gw", "far") if gw_calls else ("far", "gw")
tag = {caller: "c1", callee: "e1"}
other = lambda e: "far" if e == "gw" else "gw"
def addr(e, with_tag=True):
    return "<sip:%s-1@%s>" % (e, ends[e][0]) + (";tag=" + tag[e] if with_tag else "")
def via(e, b):
    return "SIP/2.0/UDP %s:%d;branch=z9hG4bK1%s" % (ends[e][0], ends[e][1], b)
def msg(by, req, status, v, frm, to, cseq, sdp):
    ip, sport, rtp = ends[by]
    s = ["gw" if by == "gw" else "far", str(sport), str(ends[other(by)][1]), req, status, v, frm, to,
         cseq, "<sip:%s@%s:%d>" % (by, ip, sport)]
    s += ["%s 1 1 IN IP4 %s" % (by, ip), "IN IP4 " + ip, "audio %d RTP/AVP 0" % rtp,
          "rtpmap:0 PCMU/8000,ptime:20"] if sdp else ["", "", "", ""]
    return "|".join(s)
def req(by, method, to_e):
    return "%s sip:%s-1@%s:%d SIP/2.0" % (method, to_e, ends[to_e][0], ends[to_e][1])
want = [msg(caller, req(caller, "INVITE", callee), "", via(caller, "i"), addr(caller),
            addr(callee, False), "1 INVITE", True),
        msg(callee, "", "SIP/2.0 100 Trying", via(caller, "i"), addr(caller), addr(callee, False),
            "1 INVITE", False),
        msg(callee, "", "SIP/2.0 180 Ringing", via(caller, "i"), addr(caller), addr(callee),
            "1 INVITE", False),
        msg(callee, "", "SIP/2.0 200 OK", via(caller, "i"), addr(caller), addr(callee), "1 INVITE", True),
        msg(caller, req(caller, "ACK", callee), "", via(caller, "a"), addr(caller), addr(callee),
            "1 ACK", False)]
h = "gw" if gw_byes else "far"
want += [msg(h, req(h, "BYE", other(h)), "", via(h, "b"), addr(h), addr(other(h)), "2 BYE", False),
         msg(other(h), "", "SIP/2.0 200 OK", via(h, "b"), addr(h), addr(other(h)), "2 BYE", False)]
got = [l.rstrip("\n") for l in open(sys.argv[3])]
for w in want:
    print(("ok " if w in got else "BAD ") + "sent: " + w)
for g in got:
    if g not in want:
        print("BAD not expected: " + g)
PY
	while read -r st name; do check "ports, outgoing $1 %, seed $2: $name" '[ "$st" = ok ]'; done <"$tmp/ports"
	check "ports, outgoing $1 %, seed $2: 7 messages" '[ "$(wc -l <"$o/sip")" = 7 ]'
done

# calls.generator.shift may put a later call's INVITE first: call 1
# shifted by 2 s starts at 2 s, after call 2 (1 s); both are played, call
# 2 first: its INVITE at 1 s = 3e9 cycles + sip_call 1500, call 1's at
# 2 s = 6e9 cycles at the earliest. Shifted by 1 s both start at 1 s: ties
# go by number, call 1's INVITE at 3e9 + 1500, call 2's after it.
for sh in 2s 1s; do
	"$bin" run "$tmp/one.yaml" --set calls.generator.count=2 --set calls.generator.spacing=1s \
		--set "calls.generator.shift=[$sh]" --out "$tmp/shift$sh" --quiet >/dev/null 2>"$tmp/e1"
	check "shift $sh: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
done
inv() { awk -F'\t' -v id="cg-0000000000000001-$2" '$2 == id { print $10 }' "$tmp/shift$1/calls.tsv"; }
check "shift 2s: call 2's INVITE at 3000001500 ($(inv 2s 2)), call 1's at 6000001500 or later ($(inv 2s 1))" \
	'[ "$(inv 2s 2)" = 3000001500 ] && [ -n "$(inv 2s 1)" ] && [ "$(inv 2s 1)" -ge 6000001500 ]'
check "shift 1s: call 1's INVITE at 3000001500 ($(inv 1s 1)), call 2's after it ($(inv 1s 2))" \
	'[ "$(inv 1s 1)" = 3000001500 ] && [ -n "$(inv 1s 2)" ] && [ "$(inv 1s 2)" -gt 3000001500 ]'

# The far end's ACK and its 200 to GP's BYE each wait their own delay
# (calls.far.ack, calls.far.bye_ok): a call the far end places (its ACK
# answers GP's 200) and GP hangs up (seed 1), run twice. ack 2 ms then
# 7 ms: the ACK reaches GP's engine 5 ms = 15000000 cycles later;
# bye_ok 20 ms then 10 ms: the billing record, sent when GP's engine has
# handled that 200, leaves 10 ms = 30000000 cycles earlier. Nothing else
# moves (RT's last RTP packet, 1000 ms after its claim at the ACK, still
# comes before the hang-up 1010 ms after the answer).
for v in "2ms 20ms" "7ms 10ms"; do
	set -- $v
	"$bin" run "$tmp/one.yaml" --set calls.generator.seed=1 --set calls.generator.outgoing=0 \
		--set calls.far.ack="$1" --set calls.far.bye_ok="$2" --out "$tmp/far$1" --quiet >/dev/null 2>"$tmp/e1"
	check "far ack $1, bye_ok $2: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
done
col() { awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' "$tmp/far$1/calls.tsv"; }
check "ACK 5 ms later: $(col 7ms ack) - $(col 2ms ack) = 15000000" \
	'[ -n "$(col 2ms ack)" ] && [ $(($(col 7ms ack) - $(col 2ms ack))) = 15000000 ]'
check "billing 10 ms earlier: $(col 2ms billing) - $(col 7ms billing) = 30000000" \
	'[ -n "$(col 2ms billing)" ] && [ $(($(col 2ms billing) - $(col 7ms billing))) = 30000000 ]'

# A call shorter than one packet time sends no RTP: hold 15 ms at ptime
# 20 ms is floor(15 / 20) = 0 packets each way, whoever placed it; the
# call is still set up, claimed and ended by its BYE.
for out in 100 0; do
	"$bin" run "$tmp/one.yaml" --set calls.generator.hold=15ms --set calls.generator.outgoing=$out \
		--out "$tmp/short$out" --quiet >/dev/null 2>"$tmp/e1"
	check "hold 15 ms, outgoing $out %: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
	check "hold 15 ms, outgoing $out %: no RTP either way, ended by BYE ($(cut -f15,19-24 "$tmp/short$out/calls.tsv" | tail -1))" \
		'[ "$(awk -F"\t" "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i } NR == 2 { print \$c[\"in_rt\"], \$c[\"in_gp\"], \$c[\"out_rt\"], \$c[\"out_gp\"], \$c[\"end_reason\"] }" "$tmp/short$out/calls.tsv")" = "0 0 0 0 bye" ]'
done

# A delay rounds up to a whole cycle, so that none vanishes (src/callplay.c):
# calls.far.d100 of 1 ps at 3 GHz (0.003 cycles) puts the far end's 100
# Trying, the first frame it sends, one cycle after where d100 0s puts it.
for d in 0s 1ps; do
	"$bin" run "$tmp/one.yaml" --set calls.generator.seed=1 --set calls.far.d100=$d \
		--out "$tmp/d100-$d" --quiet --outputs events >/dev/null 2>"$tmp/e1"
	check "far d100 $d: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
done
rx1() { awk -F'\t' '$3 == "rx" { print $1; exit }' "$tmp/d100-$1/events.tsv"; }
check "d100 1ps: the 100 one cycle after d100 0s's ($(rx1 1ps) - $(rx1 0s))" \
	'[ -n "$(rx1 0s)" ] && [ -n "$(rx1 1ps)" ] && [ $(($(rx1 1ps) - $(rx1 0s))) = 1 ]'

# The far end's frames and a capture's share the receive wire in the order
# they start (doc/engine.md, "Receive"): the capture's next frame, put on
# the wire when it is read, gives way to a far-end frame that starts
# before its stamp. calls-generated alone locates the far end's first
# message (its last bit at cycle R, 469 bytes: it started some 11,000
# cycles before R). With arp-who-has.pcap's first frame (42 bytes)
# stamped 100 cycles before R (trace.offset), inside that message's wire
# time, the far end's message must still arrive first: the ARP waits for
# it, and its last bit comes after R.
"$bin" run "$top/scenarios/calls-generated.yaml" --out "$tmp/alone" --quiet --outputs events >/dev/null 2>"$tmp/e1"
R=$(awk -F'\t' '$3 == "rx" && $4 == 469 { print $1; exit }' "$tmp/alone/events.tsv")
check "calls-generated alone: the far end's first message at cycle ${R:-none}" '[ -n "$R" ]'
S=$(( (${R:-0} - 100) / 3 ))   # ns at 3 GHz, rounded down: 100 to 102 cycles before R
"$bin" run "$top/scenarios/calls-generated.yaml" --set trace.file="$top/traces/public/arp-who-has.pcap" \
	--set trace.offset="${S}ns" --out "$tmp/mixed" --quiet --outputs events,routing >/dev/null 2>"$tmp/e1"
check "calls-generated with a capture frame inside a far-end frame: exit 0" '[ $? = 0 ] || { cat "$tmp/e1"; false; }'
far=$(awk -F'\t' '$3 == "rx" && $4 == 469 { print $1; exit }' "$tmp/mixed/events.tsv")
arp=$(awk -F'\t' '$3 == "rx" && $4 == 42 { print $1; exit }' "$tmp/mixed/events.tsv")
check "the far end's frame keeps its cycle ($far = $R) and the ARP comes after it ($arp)" \
	'[ -n "$far" ] && [ -n "$arp" ] && [ "$far" = "$R" ] && [ "$arp" -gt "$far" ]'

# Review n31 (2026-12-07): five runs whose calls' outputs disagreed with
# their wire. Each scenario is one computer at 10.0.0.1 (SIP on 5060, RT's
# ports 5004-5059) with generated calls; what is asserted is read from the
# run's wire-tx.pcap by tshark, or is the schedule by hand.
gen() { # NAME YAML-TAIL: a scenario file $tmp/NAME.yaml
	printf 'name: %s\nprofile: current\nhost: {mac: "02:00:00:00:00:01", ipv4: 10.0.0.1}\nrt: {udp_ports: 5004-5059}\ngp: {sip_ports: 5060}\n%s\n' "$1" "$2" >"$tmp/$1.yaml"
}
methods() { "$TSHARK" -r "$1/wire-tx.pcap" -Y 'sip.Method' -T fields -e sip.Method 2>/dev/null | tr '\n' ' '; }
bills() { "$TSHARK" -r "$1/wire-tx.pcap" -Y 'tcp.dstport == 9000 && tcp.len > 0' 2>/dev/null | wc -l; }
summ() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]+'/summary.json'))['calls'].get(sys.argv[2], 0))" "$1" "$2"; }
# a holding time (1 ms) shorter than GP's handling of the far end's 200
# under TDMA (RT's 9 ms of each 10): GP's BYE waited for its engine to have
# the 200, so it follows GP's ACK on the wire (it went first, in a dialog
# GP did not know yet: calls.tsv had no 200, yet billed the call)
gen tinyhold 'dispatcher: {policy: tdma, tdma_frame: 10ms, tdma_rt_slice: 9ms}
calls: {generator: {mode: fixed, count: 1, hold: 1ms, outgoing: 100}, far: {d200: 300ms}}'
"$bin" run "$tmp/tinyhold.yaml" --out "$tmp/th" --quiet >/dev/null 2>"$tmp/e1"
check "n31 tiny hold: GP's INVITE, ACK, BYE in that order on the wire ($(methods "$tmp/th"))" \
	'[ "$(methods "$tmp/th")" = "INVITE ACK BYE " ]'
check "n31 tiny hold: the call established and billed once ($(summ "$tmp/th" established), $(summ "$tmp/th" billing_records))" \
	'[ "$(summ "$tmp/th" established)" = 1 ] && [ "$(summ "$tmp/th" billing_records)" = 1 ] && [ "$(bills "$tmp/th")" = 1 ]'
# the far end's 200 lost (the interface down from 290 to 310 ms): GP never
# had a dialog, so it sends no BYE and no billing record
gen lost200 'calls: {generator: {mode: fixed, count: 1, hold: 1s, outgoing: 100}, far: {d200: 300ms}}
timeline: [{at: 290ms, up: false}, {at: 310ms, up: true}]'
"$bin" run "$tmp/lost200.yaml" --out "$tmp/l200" --quiet >/dev/null 2>"$tmp/e1"
check "n31 lost 200: only GP's INVITE on the wire ($(methods "$tmp/l200")), no billing ($(bills "$tmp/l200"))" \
	'[ "$(methods "$tmp/l200")" = "INVITE " ] && [ "$(bills "$tmp/l200")" = 0 ]'
# the claim refused (port_base inside RT's own ports) or applied after the
# hang-up (TDMA, 1 ms of RT in 10): the billing segment on the wire is
# counted all the same
gen billref 'calls: {generator: {mode: fixed, count: 1, hold: 100ms, port_base: 5010}, far: {d200: 300ms}}'
gen billlate 'dispatcher: {policy: tdma, tdma_frame: 10ms, tdma_rt_slice: 1ms}
calls: {generator: {mode: fixed, count: 1, hold: 5ms, outgoing: 100}, far: {d100: 0s, d180: 0s, d200: 0s, bye_ok: 0s}}'
for n in billref billlate; do
	"$bin" run "$tmp/$n.yaml" --out "$tmp/$n" --quiet >/dev/null 2>"$tmp/e1"
	check "n31 $n: billing records $(summ "$tmp/$n" billing_records) = segments on the wire $(bills "$tmp/$n") = 1" \
		'[ "$(summ "$tmp/$n" billing_records)" = 1 ] && [ "$(bills "$tmp/$n")" = 1 ]'
done
# the host's address changed by the timeline before the calls' answers:
# GP's SDPs carry 10.0.0.9, and its engine takes them as its own: each of
# the 3 calls has its RTP and RTCP port claimed (6), is billed (3 on the
# wire), and no call has our own SDP as its far side
gen ipchange 'calls: {generator: {mode: fixed, count: 3, spacing: 1s, hold: 2s}}
timeline: [{at: 1500ms, ipv4: 10.0.0.9}]'
"$bin" run "$tmp/ipchange.yaml" --out "$tmp/ipc" --quiet >/dev/null 2>"$tmp/e1"
check "n31 address change: claims $(summ "$tmp/ipc" claims) = 6, billing $(summ "$tmp/ipc" billing_records) = wire $(bills "$tmp/ipc") = 3" \
	'[ "$(summ "$tmp/ipc" claims)" = 6 ] && [ "$(summ "$tmp/ipc" billing_records)" = 3 ] && [ "$(bills "$tmp/ipc")" = 3 ]'
check "n31 address change: no call's remote media is the host's" \
	'! awk -F"\t" "NR > 1 && \$9 ~ /^10\\.0\\.0\\.(1|9):/" "$tmp/ipc/calls.tsv" | grep -q .'
# a call every 200 ms, each over (the BYE's 200) 200 ms after its INVITE in
# the schedule (every far delay 0, hold 200 ms): its pair is free again at
# the next INVITE in the schedule, but in the run GP's processing ends it
# later. With calls.generator.port_guard (1 s) each call takes a new pair
# (20000, 20002, 20004); with 0 s the second and third start on a pair
# still held: told on stderr and counted
gen reuse 'calls: {generator: {mode: fixed, count: 3, spacing: 200ms, hold: 200ms, outgoing: 0}, far: {d100: 0s, d180: 0s, d200: 0s, ack: 0s, bye_ok: 0s}}'
"$bin" run "$tmp/reuse.yaml" --out "$tmp/ru" --quiet >/dev/null 2>"$tmp/e1"
check "n31 port reuse: three pairs ($(cut -f8 "$tmp/ru/calls.tsv" | tail -n +2 | tr '\n' ' ')), no claim refused" \
	'[ "$(cut -f8 "$tmp/ru/calls.tsv" | tail -n +2 | tr "\n" " ")" = "10.0.0.1:20000 10.0.0.1:20002 10.0.0.1:20004 " ] && [ "$(summ "$tmp/ru" refused)" = 0 ]'
"$bin" run "$tmp/reuse.yaml" --set calls.generator.port_guard=0s --out "$tmp/ru0" >/dev/null 2>"$tmp/e1"
check "n31 port reuse, no guard: 2 conflicts counted and told ($(summ "$tmp/ru0" port_conflicts))" \
	'[ "$(summ "$tmp/ru0" port_conflicts)" = 2 ] && grep -q "call 2 starts on port 20000 while call 1" "$tmp/e1"'

# Review n40: the far end as the callee hangs up only once GP's ACK has
# left the wire. GP's engine takes 30 ms to parse each message
# (cost.sip_parse), longer than the 20 ms hold: the far end's BYE (due at
# its 200 + 20 ms) waits for GP's ACK (its 200 + 30 ms and more). Each call
# the far end hangs up: its BYE reaches GP (gp-rx.pcap, epoch) after GP's
# ACK left the wire (wire-tx.pcap, epoch); it came 10 ms before.
gen farbye 'cost: {sip_parse: 30ms}
run: {duration: 8s}
calls: {generator: {mode: fixed, seed: 7, count: 6, spacing: 1s, hold: 20ms, pcmu: 1, outgoing: 100}, far: {d200: 300ms}}'
"$bin" run "$tmp/farbye.yaml" --out "$tmp/fb" --quiet >/dev/null 2>"$tmp/e1"
"$TSHARK" -r "$tmp/fb/wire-tx.pcap" -Y 'sip.Method == "ACK"' -T fields -e sip.Call-ID -e frame.time_epoch 2>/dev/null | sort >"$tmp/fb.ack"
"$TSHARK" -r "$tmp/fb/gp-rx.pcap" -Y 'sip.Method == "BYE"' -T fields -e sip.Call-ID -e frame.time_epoch 2>/dev/null | sort >"$tmp/fb.bye"
check "n40 far end's BYE after GP's ACK ($(wc -l <"$tmp/fb.bye") far hang-ups)" \
	'[ -s "$tmp/fb.bye" ] && join "$tmp/fb.ack" "$tmp/fb.bye" | awk "{ n++; if (\$3 <= \$2) bad = 1 } END { exit bad || n == 0 }"'

echo "calls-gen: $pass passed, $fail failed"
[ "$fail" = 0 ]
