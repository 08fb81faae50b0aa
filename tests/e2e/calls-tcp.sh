#!/usr/bin/env bash
# calls-tcp.sh - SIP over TCP to GP's SIP engine (issue 12 item 1: "GP's
# stack delivers SIP to a SIP engine modelled on GP (UDP or TCP)").
#
# traces/calls/sip-call-tcp.pcap (tests/mkcall.py --tcp) is the call of
# traces/calls/sip-call.pcap with its SIP over one TCP connection, 3 ms
# later (the handshake comes first): the INVITE in two segments (the first
# 1 ms before the UDP INVITE's time, the second at it), an INFO and the BYE
# in one segment at the UDP BYE's time; RTP as in the UDP capture. Run
# against the UDP capture with trace.offset 3ms, so that every frame the two
# share is at the same instant. Expected values come from tshark (its TCP
# reassembly of the SIP), the cost table (config.yaml) and the UDP run:
#
#  1. the committed capture is what tests/mkcall.py --tcp writes; tshark
#     reassembles the INVITE from two segments and finds INFO and BYE in one
#     segment; each SIP message is whole (tshark) at the UDP message's time
#     + 3 ms;
#  2. calls.tsv: every column but the received messages' times (invite, ack,
#     bye, end) equals the UDP run's: Call-ID, From, To, codec, media, the
#     200's time (own-tx, GP's at its capture time), claim asked and applied,
#     RTP frames rt/gp, loss, jitter, MOS;
#  3. a received message's time is when GP's stack delivered the segment
#     that completed it (events.tsv gp-deliver of the frame where tshark
#     sees it) plus the engine's work on it and on the messages queued
#     before it from that segment (cost.sip_parse + cost.sip_call, +
#     cost.sdp_parse with a body): the INVITE at its second segment's
#     delivery + 31500 cycles, the BYE behind the INFO: + 2 x 19500 (the
#     costs read from config.yaml). The same formula gives the UDP run's
#     times from its own frames;
#  4. summary.json: sip_messages is tshark's SIP message count; sip_tcp:
#     segments = tshark's TCP segments to or from 5060, messages = the SIP
#     messages over TCP, no gap;
#  5. the INVITE's first segment removed (editcap): one sip-tcp-gap (its
#     second segment is past the next expected byte) and that segment
#     skipped (it starts no message); the stream resynchronises at the ACK,
#     so the 8 other messages reach the engine, each for no call (no
#     INVITE): no call in calls.tsv, unknown_messages 8; exit 0;
#  6. frame 109 (INFO + BYE) sent again 1 s later, after both FINs
#     (editcap, mergecap): sip_messages is still tshark's sip,stat count
#     (tshark marks the copy a retransmission) and the copy is one
#     duplicate;
#  7. 4200 connections (more than the 4096 streams kept), each opened,
#     one OPTIONS and its 200, closed the usual way (FIN, FIN, last ACK):
#     sip_messages is tshark's count, 8400, none refused room.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all held, 1 a check failed, 77 skipped (no tshark, editcap or
# python3), 99 the test could not run.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
EDITCAP=${EDITCAP:-editcap}
SC=$top/scenarios/sip-call.yaml
CAP=$top/traces/calls/sip-call-tcp.pcap
UDP=$top/traces/calls/sip-call.pcap
MERGECAP=${MERGECAP:-mergecap}
for t in "$TSHARK" "$EDITCAP" "$MERGECAP" python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "calls-tcp.sh: SKIP: no $t"; exit 77; }
done
[ -x "$bin" ] || { echo "calls-tcp.sh: ERROR: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls-tcp.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 "$top/tests/mkcall.py" "$tmp/gen.pcap" --tcp || exit 99
cmp -s "$tmp/gen.pcap" "$CAP"; echo $? >"$tmp/same"
"$EDITCAP" "$CAP" "$tmp/gap.pcap" 4 >/dev/null 2>&1 || exit 99   # frame 4: the INVITE's first part
O="--quiet --outputs summary,calls,events,routing"
"$bin" run "$SC" --set trace.offset=3ms --out "$tmp/udp" $O 2>"$tmp/udp.err" ||
	{ echo "calls-tcp.sh: FAIL: UDP run: $(cat "$tmp/udp.err")"; exit 1; }
"$bin" run "$SC" --set trace.file="$CAP" --out "$tmp/tcp" $O 2>"$tmp/tcp.err" ||
	{ echo "calls-tcp.sh: FAIL: TCP run: $(cat "$tmp/tcp.err")"; exit 1; }
"$bin" run "$SC" --set trace.file="$tmp/gap.pcap" --out "$tmp/gap" $O 2>"$tmp/gap.err" ||
	{ echo "calls-tcp.sh: FAIL: run with a gap: $(cat "$tmp/gap.err")"; exit 1; }
# 6: frame 109 again, 1 s later
"$EDITCAP" -r "$CAP" "$tmp/f109.pcap" 109 >/dev/null 2>&1 &&
	"$EDITCAP" -t 1 "$tmp/f109.pcap" "$tmp/f109-late.pcap" >/dev/null 2>&1 &&
	"$MERGECAP" -F pcap -w "$tmp/retx.pcap" "$CAP" "$tmp/f109-late.pcap" >/dev/null 2>&1 || exit 99
"$bin" run "$SC" --set trace.file="$tmp/retx.pcap" --out "$tmp/retx" --quiet --outputs summary \
	2>"$tmp/retx.err" || { echo "calls-tcp.sh: FAIL: run with a retransmission: $(cat "$tmp/retx.err")"; exit 1; }
"$TSHARK" -n -r "$tmp/retx.pcap" -q -z sip,stat 2>/dev/null >"$tmp/retxstat"
# 7: many connections, each closed the usual way (tests/mkcall.py's TCP frames)
python3 - "$top/tests" "$tmp/many.pcap" <<'PY' || exit 99
import struct, sys
sys.path.insert(0, sys.argv[1])
import mkcall as m
F, H, S, A, P = m.FAR_IP, m.HOST_IP, m.SYN, m.ACK, m.PSH | m.ACK
out, us = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)], 0
def put(f):
    global us
    us += 50
    out.append(struct.pack("<IIII", m.T0 + us // 1000000, us % 1000000, len(f), len(f)) + f)
def msg(first, i):
    return ("%s\r\nVia: SIP/2.0/TCP 10.0.0.2:%d;branch=z9hG4bK%d\r\nFrom: <sip:a@10.0.0.2>;tag=1\r\n"
            "To: <sip:b@10.0.0.1>\r\nCall-ID: o%d\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
            % (first, 10000 + i, i, i)).encode()
for i in range(4200):
    p, a, b = 10000 + i, 1000, 5000
    q, r = msg("OPTIONS sip:b@10.0.0.1 SIP/2.0", i), msg("SIP/2.0 200 OK", i)
    put(m.tcp_frame(F, H, p, 5060, a, 0, S, b"", 1))
    put(m.tcp_frame(H, F, 5060, p, b, a + 1, S | A, b"", 1))
    put(m.tcp_frame(F, H, p, 5060, a + 1, b + 1, A, b"", 1))
    put(m.tcp_frame(F, H, p, 5060, a + 1, b + 1, P, q, 1))
    put(m.tcp_frame(H, F, 5060, p, b + 1, a + 1 + len(q), P, r, 1))
    put(m.tcp_frame(F, H, p, 5060, a + 1 + len(q), b + 1 + len(r), m.FIN | A, b"", 1))
    put(m.tcp_frame(H, F, 5060, p, b + 1 + len(r), a + 2 + len(q), m.FIN | A, b"", 1))
    put(m.tcp_frame(F, H, p, 5060, a + 2 + len(q), b + 2 + len(r), A, b"", 1))
open(sys.argv[2], "wb").write(b"".join(out))
PY
"$bin" run "$SC" --set trace.file="$tmp/many.pcap" --out "$tmp/many" --quiet --outputs summary \
	2>"$tmp/many.err" || { echo "calls-tcp.sh: FAIL: run of many connections: $(cat "$tmp/many.err")"; exit 1; }
"$TSHARK" -n -r "$tmp/many.pcap" -q -z sip,stat 2>/dev/null >"$tmp/manystat"

# tshark: each frame holding (the end of) SIP messages: number, time, methods
# or statuses, SDP present, how many TCP segments the first was reassembled from
fields() {
	"$TSHARK" -n -r "$1" -Y sip -T fields -E separator=/t -E occurrence=a -E aggregator=, \
		-e frame.number -e frame.time_relative -e sip.Method -e sip.Status-Code -e sip.CSeq.method \
		-e sdp.media.port -e tcp.segment.count -e ip.src 2>/dev/null
}
fields "$CAP" >"$tmp/t-tcp"
fields "$UDP" >"$tmp/t-udp"
"$TSHARK" -n -r "$CAP" -Y 'tcp.port == 5060' -T fields -e frame.number 2>/dev/null | wc -l >"$tmp/nseg"
"$TSHARK" -n -r "$CAP" -q -z sip,stat 2>/dev/null >"$tmp/sipstat"

python3 - "$tmp" "$top/tests" <<'PY'
import json, re, sys
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
from e2echeck import check, done, sip_frames, sip_times_agree, tsv

check("the capture is what tests/mkcall.py --tcp writes", open(d + "/same").read().strip() == "0")

T, U = (sip_frames(d + p, ("sdp", "segs", "src")) for p in ("/t-tcp", "/t-udp"))
# 1. the capture as tshark reassembles it
inv = [f for f in T if "INVITE" in f["msgs"]]
check("tshark: the INVITE reassembled from 2 segments (frame %s)" % (inv and inv[0]["n"]),
      len(inv) == 1 and inv[0]["segs"] == "2")
two = [f for f in T if f["msgs"] == ["INFO", "BYE"]]
check("tshark: INFO and BYE in one segment (frame %s)" % (two and two[0]["n"]), len(two) == 1)
pairs = [("INVITE", "INVITE"), ("100", "INVITE"), ("180", "INVITE"), ("200", "INVITE"),
         ("ACK", "ACK"), ("BYE", "BYE")]
check("tshark: each message whole at the UDP message's time + 3 ms",
      sip_times_agree(T, U, 0.003, pairs))
cu, ct = tsv(d + "/udp/calls.tsv"), tsv(d + "/tcp/calls.tsv")
check("one call each", len(cu) == 1 and len(ct) == 1)
cu, ct = (cu or [{}])[0], (ct or [{}])[0]
# 2. everything but the received messages' times as over UDP
differ = [k for k in cu if k not in ("invite", "ack", "bye", "end") and cu.get(k) != ct.get(k)]
check("calls.tsv: every column but invite/ack/bye/end as over UDP%s" %
      ("" if not differ else ": differ " + ", ".join("%s %s/%s" % (k, cu[k], ct.get(k)) for k in differ)),
      not differ and ct.get("in_rt") == "49")

# 3. times: the completing segment's delivery + the engine's work
cfg = open(d + "/tcp/config.yaml").read()
def cost(k):
    m = re.search(r"^\s+%s: (\d+)cycles" % k, cfg, re.M)
    return int(m.group(1)) if m else None
parse, sdp, call = cost("sip_parse"), cost("sdp_parse"), cost("sip_call")
check("config.yaml: cost.sip_parse %s, sdp_parse %s, sip_call %s cycles" % (parse, sdp, call),
      None not in (parse, sdp, call))
def delivered(run):
    t = {}
    for l in open(d + "/%s/events.tsv" % run):
        x = l.rstrip("\n").split("\t")
        if len(x) > 2 and x[2] == "gp-deliver" and x[1].isdigit():
            t[int(x[1])] = int(x[0])
    return t
hz = json.load(open(d + "/tcp/summary.json"))["cpu_hz"]
for run, fs, c in (("tcp", T, ct), ("udp", U, cu)):
    dl = delivered(run)
    for col, what in (("invite", "INVITE"), ("ack", "ACK"), ("bye", "BYE")):
        f = next(f for f in fs if what in f["msgs"])
        work = 0
        for m in f["msgs"][:f["msgs"].index(what) + 1]:       # the messages before it, and it
            work += parse + call + (sdp if m == "INVITE" else 0)
        want = dl.get(f["n"], -1) + work
        check("%s: %s = frame %d delivered %s + %d cycles = %d: calls.tsv %s" %
              (run, col, f["n"], dl.get(f["n"]), work, want, c.get(col)), c.get(col) == str(want))
    ok = next(f for f in fs if "200" in f["msgs"] and "INVITE" in f["cseqm"])
    t0 = 0.003 if run == "udp" else 0.0                      # trace.offset
    check("%s: ok200 at the 200's capture time %.6f s: %s" % (run, ok["t"] + t0, c.get("ok200")),
          c.get("ok200") == str(round((ok["t"] + t0) * hz)))

# 4. summary.json
s = json.load(open(d + "/tcp/summary.json"))["calls"]
m = re.search(r"Number of SIP messages: (\d+)", open(d + "/sipstat").read())
nmsg = sum(len(f["msgs"]) for f in T)
nseg = int(open(d + "/nseg").read())
check("summary.json: sip_messages %s = sip,stat's %s" % (s.get("sip_messages"), m and m.group(1)),
      m is not None and s.get("sip_messages") == int(m.group(1)) == nmsg)
tc = s.get("sip_tcp", {})
check("summary.json: sip_tcp %s: %d segments, %d messages, no gap" % (tc, nseg, nmsg),
      tc.get("segments") == nseg and tc.get("messages") == nmsg and tc.get("sip_tcp_gap") == 0
      and tc.get("skipped") == 0)

# 5. a gap: the INVITE's first segment gone
g = json.load(open(d + "/gap/summary.json"))["calls"]
gt = g.get("sip_tcp", {})
check("gap: sip_tcp_gap 1, skipped 1, %d messages (%s)" % (nmsg - 1, gt),
      gt.get("sip_tcp_gap") == 1 and gt.get("skipped") == 1 and gt.get("messages") == nmsg - 1)
check("gap: no call, unknown_messages %s = %d" % (g.get("unknown_messages"), nmsg - 1),
      tsv(d + "/gap/calls.tsv") == [] and g.get("unknown_messages") == nmsg - 1)

# 6. a retransmission after the FINs: one duplicate, counted once
r = json.load(open(d + "/retx/summary.json"))["calls"]
m = re.search(r"Number of SIP messages: (\d+)", open(d + "/retxstat").read())
check("retransmission after FIN: sip_messages %s = sip,stat's %s, duplicate 1 (%s)" %
      (r.get("sip_messages"), m and m.group(1), r.get("sip_tcp")),
      m is not None and r.get("sip_messages") == int(m.group(1)) == nmsg and
      r.get("sip_tcp", {}).get("duplicate") == 1)

# 7. 4200 connections closed the usual way
y = json.load(open(d + "/many/summary.json"))["calls"]
m = re.search(r"Number of SIP messages: (\d+)", open(d + "/manystat").read())
check("4200 closed connections: sip_messages %s = sip,stat's %s = 8400, no_room 0" %
      (y.get("sip_messages"), m and m.group(1)),
      m is not None and y.get("sip_messages") == int(m.group(1)) == 8400 and
      y.get("sip_tcp", {}).get("sip_tcp_no_room") == 0)
done("calls-tcp.sh")
PY
