#!/usr/bin/env bash
# calls-edges.sh - the call timeout and the playout buffer, each exactly on
# its edge, through the node (src/node.c converts `calls.timeout` to cycles,
# rounded up, and hands `calls.playout` to the call table in ps). Both are
# one-unit edges no other test sits on: a timeout one cycle (or one ps)
# longer or shorter, or a playout one ps longer or shorter, changes a value
# asserted here.
#
# The capture is written here (tests/mkcall.py's SIP and RTP builders,
# nanosecond pcap, times after its first frame):
#
#    0.000        INVITE "edge"  alice -> bob   SDP 10.0.0.2:40000 (PCMU)
#    0.050        INVITE "ring"  alice -> bob   SDP 10.0.0.2:40002, never
#                                               answered
#    0.100        200 "edge"     bob -> alice   SDP 10.0.0.1:20000 (own-tx)
#    0.105        ACK "edge"     alice -> bob
#    RTP in alice:40000 -> bob:20000, PCMU (8 kHz), SSRC 0x11111111,
#    i = 0..7: seq 1000 + i, ts 800 i (100 ms apart), sent at
#    0.110 + 0.100 i, but i = 3 40 ms later (0.450) and i = 6 40 ms + 1 ns
#    later (0.650000001).
#
# The scenario: scenarios/sip-call.yaml (bob 10.0.0.1, SIP to GP on 5060,
# calls.sip on) with this capture, cpu.hz 1 GHz (a cycle is 1 ns = 1000 ps,
# so capture times and cycles convert exactly), cost.world_switch 0 (else
# the first RTP frame, which follows GP's SIP work, pays the switch back to
# RT and comes out 2000 cycles later than the others: with 0 every RTP
# frame takes the same way through RT, which is checked on latency.tsv),
# calls.timeout 200ms (or 200ms + 1ps).
#
# By hand:
#  1. tshark's view of the capture: 8 RTP frames to 20000; the transit
#     (arrival - ts / 8000 Hz) of frame i beyond frame 0's is 0 but for
#     i = 3 (40 ms) and i = 6 (40 ms + 1 ns).
#  2. The playout buffer (doc/scenario.md `calls.playout`: "a packet whose
#     transit exceeds the first one's by more than this counts as late
#     loss"; doc/outputs.md `in_late`), measured at the RT socket, where
#     every frame is the same number of cycles after its arrival at the NIC
#     (latency.tsv rt-rx), so the excess is the capture's: with playout
#     40ms frame 3 is exactly at its deadline (on time) and frame 6 one
#     cycle after it (late): in_late 1; with 40ms + 1ns frame 6 is exactly
#     at its deadline: in_late 0; with 40ms - 1ps both are past it:
#     in_late 2. in_lost 0, in_rt 8 in each.
#  3. The timeout (doc/scenario.md `calls.timeout`: "a call with neither a
#     SIP message nor an RTP frame for this long ends (reason timeout) and
#     its ports are given back"; doc/calls.md: the engine's timeout is
#     cost_ps_to_cycles_ceil of it, whole cycles rounded up): 200ms is
#     200000000 cycles, 200ms + 1ps 200000001 at 1 GHz.
#     - "ring" (call 2): its last activity is its INVITE, handled by GP's
#       SIP engine at calls.tsv's `invite`: end = invite + 200000000
#       (200000001), end_reason timeout, claim none;
#     - "edge" (call 1): its last activity is its last RTP frame (seq 1007),
#       queued on the RT socket at latency.tsv's rt-rx end_cycle (an RTP
#       frame is activity until its end, tests/check_calls.c
#       t_timeout_edges): end = that + 200000000 (200000001), end_reason
#       timeout, claim released; summary.json claims 2, relinquishes 2;
#       events.tsv's relinquish of 20000 sent on channel 3 the same number
#       of cycles after `end` as the claim of 20000 after `claim_asked`
#       (GP's control thread's work, the same for both: the ports are given
#       back at that instant).
#  4. RTCP keeps a call alive (doc/scenario.md `calls.timeout`: "neither a
#     SIP message nor an RTP or RTCP frame ... RTCP flows on an inactive
#     stream, RFC 3264 5.1"; before review n52 RTCP on the RTP port moved
#     nothing and such a call timed out, its BYE ignored). A second
#     capture, call "quiet", no RTP at all:
#        0.000 INVITE alice -> bob, SDP 10.0.0.2:40000; 0.100 200 bob ->
#        alice, SDP 10.0.0.1:20000 (own-tx); 0.105 ACK; RTCP RR (32 bytes,
#        second byte 201) alice -> bob at 0.25, 0.40, 0.55, 0.70 on the
#        RTP ports (40000 -> 20000, a=rtcp-mux) and at 0.85 on the RTCP
#        ports (40001 -> 20001); 1.000 BYE alice -> bob.
#     With calls.timeout 200ms no gap between activities reaches 200 ms
#     (the RTCP at 0.85 bridges 0.70 to 1.00), so the BYE ends the call:
#     end_reason bye, end = bye >= 10^9 cycles; RTCP is in no frame
#     column: in_rt, in_gp, in_drop 0. Without RTCP counted the call
#     would end by timeout about 0.3 s in.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all held, 1 a check failed, 77 skipped (no tshark or python3),
# 99 the test could not run.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
for t in "$TSHARK" python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "calls-edges.sh: SKIP: no $t"; exit 77; }
done
[ -x "$bin" ] || { echo "calls-edges.sh: ERROR: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls-edges.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "calls-edges.sh: FAIL: $*"; fail=1; }

SC=$top/scenarios/sip-call.yaml
CAP=$tmp/edge.pcap
PYTHONPATH="$top/tests" python3 - "$CAP" <<'PY' || exit 99
import sys
import mkcall as m
from pkt import pcap_bytes

def msg(cid, first, cseq, to_tag, far, body=None):
    m.CALL_ID = cid
    return m.sip(first, cseq, to_tag, far, body)

EDGE, RING = "edge@10.0.0.2", "ring@10.0.0.2"
F, H = m.FAR_IP, m.HOST_IP
frames = [   # (ns, order, src, UDP payload, sport, dport)
    (0, 0, F, msg(EDGE, "INVITE sip:bob@10.0.0.1 SIP/2.0", "1 INVITE", None, True,
                  m.sdp(F, 40000, [0])), 5060, 5060),
    (50000000, 1, F, msg(RING, "INVITE sip:bob@10.0.0.1 SIP/2.0", "1 INVITE", None, True,
                         m.sdp(F, 40002, [0])), 5060, 5060),
    (100000000, 2, H, msg(EDGE, "SIP/2.0 200 OK", "1 INVITE", "4416", False,
                          m.sdp(H, 20000, [0])), 5060, 5060),
    (105000000, 3, F, msg(EDGE, "ACK sip:bob@10.0.0.1:5060 SIP/2.0", "1 ACK", "4416", True),
     5060, 5060),
]
late = {3: 40000000, 6: 40000001}
for i in range(8):
    frames.append((110000000 + 100000000 * i + late.get(i, 0), 10 + i, F,
                   m.rtp(1000 + i, 800 * i, 0x11111111, i == 0), 40000, 20000))
frames.sort(key=lambda f: (f[0], f[1]))
out = []
for n, (ns, _, src, payload, sport, dport) in enumerate(frames):
    dst = F if src == H else H
    out.append((m.T0 + ns // 10**9, ns % 10**9, m.udp_frame(src, dst, sport, dport, payload, n + 1)))
with open(sys.argv[1], "wb") as f:
    f.write(pcap_bytes(out, nano=True))

# 4. the quiet call: SIP, then RTCP alone
Q = "quiet@10.0.0.2"
rr = bytes([0x81, 201, 0, 7]) + (0x22222222).to_bytes(4, "big") + (0x11111111).to_bytes(4, "big") + bytes(20)
frames = [
    (0, F, msg(Q, "INVITE sip:bob@10.0.0.1 SIP/2.0", "1 INVITE", None, True, m.sdp(F, 40000, [0])),
     5060, 5060),
    (100000000, H, msg(Q, "SIP/2.0 200 OK", "1 INVITE", "77", False, m.sdp(H, 20000, [0])), 5060, 5060),
    (105000000, F, msg(Q, "ACK sip:bob@10.0.0.1:5060 SIP/2.0", "1 ACK", "77", True), 5060, 5060),
]
frames += [(t, F, rr, 40000, 20000) for t in (250000000, 400000000, 550000000, 700000000)]
frames += [(850000000, F, rr, 40001, 20001),
           (1000000000, F, msg(Q, "BYE sip:bob@10.0.0.1:5060 SIP/2.0", "2 BYE", "77", True), 5060, 5060)]
out = []
for n, (ns, src, payload, sport, dport) in enumerate(frames):
    dst = F if src == H else H
    out.append((m.T0 + ns // 10**9, ns % 10**9, m.udp_frame(src, dst, sport, dport, payload, n + 1)))
with open(sys.argv[1].replace("edge.pcap", "quiet.pcap"), "wb") as f:
    f.write(pcap_bytes(out, nano=True))
PY


# 1. tshark: frame number, time (ns after the first frame), RTP seq and ts
"$TSHARK" -r "$CAP" -d udp.port==20000,rtp -Y 'rtp && udp.dstport == 20000' -T fields \
	-e frame.number -e frame.time_relative -e rtp.seq -e rtp.timestamp >"$tmp/rtp.tsv" 2>/dev/null

O="--quiet --outputs summary,calls,latency,events"
run() {   # run NAME --set ...
	local name=$1
	shift
	"$bin" run "$SC" --set trace.file="$CAP" --set cpu.hz=1GHz --set cost.world_switch=0cycles \
		--set calls.timeout=200ms "$@" --out "$tmp/$name" $O 2>"$tmp/err" ||
		{ no "run $name: $(cat "$tmp/err")"; exit 1; }
}
run p40 --set calls.playout=40ms
run p40n --set calls.playout=40000001ns
run p40m --set calls.playout=39999999999ps
run t1ps --set calls.timeout=200000000001ps
CAP=$tmp/quiet.pcap   # 4. the quiet call
run quiet

python3 - "$tmp" <<'PY' || fail=1
import csv, json, sys
from decimal import Decimal
d = sys.argv[1]
bad = []

# 1. the capture as tshark reads it: excess transit in ps, by hand
rtp = []
for line in open(d + "/rtp.tsv"):
    f = line.rstrip("\n").split("\t")
    rtp.append((int(f[0]), int(Decimal(f[1]) * 10**9), int(f[2]), int(f[3])))
if [r[2] for r in rtp] != list(range(1000, 1008)):
    print("calls-edges.sh: FAIL: tshark: RTP sequence numbers %s" % [r[2] for r in rtp])
    sys.exit(1)
t0, ts0 = rtp[0][1], rtp[0][3]
excess = [((t - t0) - (ts - ts0) * 125000) * 1000 for (_, t, _, ts) in rtp]   # ps; 8 kHz
if excess != [0, 0, 0, 40 * 10**9, 0, 0, 40 * 10**9 + 1000, 0]:
    bad.append("tshark: excess transits %s ps, not the capture's design" % excess)
frames = {r[0] for r in rtp}

def rows(name):
    with open("%s/%s/calls.tsv" % (d, name)) as f:
        return list(csv.DictReader(f, delimiter="\t"))

def rtrx(name):
    """rt-rx lines of the RTP frames: frame -> (start, end)"""
    out = {}
    with open("%s/%s/latency.tsv" % (d, name)) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["class"] == "rt-rx" and int(r["frame"]) in frames:
                out[int(r["frame"])] = (int(r["start_cycle"]), int(r["end_cycle"]))
    return out

# 2. the playout buffer, on and one unit past its edge
for name, playout_ps in (("p40", 40 * 10**9), ("p40n", 40 * 10**9 + 1000),
                         ("p40m", 40 * 10**9 - 1)):
    lat = rtrx(name)
    if sorted(lat) != sorted(frames):
        bad.append("%s: rt-rx lines for frames %s, want %s" % (name, sorted(lat), sorted(frames)))
        continue
    # the same way through RT for every frame: the excess at the RT socket
    # is the capture's (1 cycle = 1000 ps)
    ways = {e - s for (s, e) in lat.values()}
    if len(ways) != 1:
        bad.append("%s: RTP frames take %s cycles through RT, not one value" % (name, sorted(ways)))
    want = sum(1 for x in excess if x > playout_ps)
    c = rows(name)
    if len(c) != 2:
        bad.append("%s: %d calls, want 2" % (name, len(c)))
        continue
    got = {k: c[0][k] for k in ("in_rt", "in_lost", "in_late")}
    if got != {"in_rt": "8", "in_lost": "0", "in_late": str(want)}:
        bad.append("%s: call 1 %s, want in_rt 8, in_lost 0, in_late %d" % (name, got, want))
expect = {"p40": 1, "p40n": 0, "p40m": 2}   # by hand, above
for name, n in expect.items():
    c = rows(name)
    if c and c[0]["in_late"] != str(n):
        bad.append("%s: in_late %s, want %d by hand" % (name, c[0]["in_late"], n))

# 3. the timeout, 200ms (200000000 cycles) and 200ms + 1ps (200000001)
for name, tcyc in (("p40", 200000000), ("t1ps", 200000001)):
    c = rows(name)
    lat = rtrx(name)
    if len(c) != 2 or not lat:
        bad.append("%s: %d calls, %d rt-rx lines" % (name, len(c), len(lat)))
        continue
    edge, ring = c
    last = lat[rtp[-1][0]][1]                      # seq 1007 queued on the RT socket
    want = {"call_id": "edge@10.0.0.2", "end": str(last + tcyc), "end_reason": "timeout",
            "claim": "released"}
    got = {k: edge[k] for k in want}
    if got != want:
        bad.append("%s: call 1 %s, want %s" % (name, got, want))
    want = {"call_id": "ring@10.0.0.2", "end": str(int(ring["invite"]) + tcyc),
            "end_reason": "timeout", "claim": "none", "ok200": "-"}
    got = {k: ring[k] for k in want}
    if got != want:
        bad.append("%s: call 2 %s, want %s" % (name, got, want))
    s = json.load(open("%s/%s/summary.json" % (d, name)))["calls"]
    got = {k: s[k] for k in ("count", "established", "claims", "relinquishes", "refused")}
    if got != {"count": 2, "established": 1, "claims": 2, "relinquishes": 2, "refused": 0}:
        bad.append("%s: summary.json calls %s" % (name, got))
    sent = {}
    for line in open("%s/%s/events.tsv" % (d, name)):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4 and f[2] == "ctl-send" and f[3] in ("claim=20000", "relinquish=20000"):
            sent[f[3]] = int(f[0])
    if len(sent) != 2:
        bad.append("%s: ctl-send of 20000: %s" % (name, sent))
    elif sent["relinquish=20000"] - int(edge["end"]) != sent["claim=20000"] - int(edge["claim_asked"]):
        bad.append("%s: relinquish of 20000 sent at %d, the call ended at %s; claim sent at %d, "
                   "asked at %s" % (name, sent["relinquish=20000"], edge["end"], sent["claim=20000"],
                                    edge["claim_asked"]))

# 4. RTCP alone keeps the quiet call up to its BYE
c = rows("quiet")
if len(c) != 1:
    bad.append("quiet: %d calls, want 1" % len(c))
else:
    q = c[0]
    got = {k: q[k] for k in ("call_id", "end_reason", "in_rt", "in_gp", "in_drop")}
    want = {"call_id": "quiet@10.0.0.2", "end_reason": "bye", "in_rt": "0", "in_gp": "0", "in_drop": "0"}
    if got != want:
        bad.append("quiet: %s, want %s" % (got, want))
    elif q["end"] != q["bye"] or int(q["end"]) < 10**9:
        bad.append("quiet: end %s, bye %s: want the BYE's, at or after 10^9 cycles" % (q["end"], q["bye"]))

for msg in bad:
    print("calls-edges.sh: FAIL: " + msg)
sys.exit(1 if bad else 0)
PY
[ "$fail" = 0 ] && echo "calls-edges.sh: all checks held"
exit "$fail"
