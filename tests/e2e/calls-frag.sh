#!/usr/bin/env bash
# calls-frag.sh - SIP over UDP in IPv4 fragments reaches GP's SIP engine
# whole (src/ipfrag.c), as GP's stack gives a socket whole datagrams and
# as tshark (ip.defragment) shows the messages.
#
# tests/mkcall.py --frag writes the call of traces/calls/sip-call.pcap with
# its INVITE and its 200 OK (the messages with SDP) each in two fragments,
# the SDP in the second, the first 100 us before it; every frame 100 us
# later than in the UDP capture, which is run with trace.offset 100us so
# that every frame the two share is at the same instant. Expected values
# come from tshark, the cost table (config.yaml), events.tsv and the UDP
# run:
#
#  1. tshark reassembles the INVITE and the 200 from 2 fragments each, the
#     INVITE's SDP naming port 40000, the 200's 20000; every SIP message is
#     whole at the UDP message's time + 100 us;
#  2. calls.tsv: every column but the INVITE's time equals the UDP run's:
#     the call, its media from both SDPs (the 200 is own-tx: GP's own
#     message, made whole too), the claim, RTP rt 49 in;
#  3. the INVITE's time is when GP's stack delivered its second fragment
#     (events.tsv gp-deliver of the frame where tshark sees it) plus
#     cost.sip_parse + cost.sip_call + cost.sdp_parse; the UDP run's by the
#     same formula from its own frame;
#  4. summary.json: sip_messages is tshark's SIP count, no sip_errors, and
#     ip_fragments: 1 datagram made whole (GP received one: the INVITE),
#     none dropped or left; rt-rx has a bound (`nicshare bound` finds the
#     200's media port in its second fragment, as GP's engine does) and the
#     49 RTP packets RT received are within it;
#  5. the INVITE's second fragment removed (editcap): the INVITE never
#     whole, so no call, and ip_fragments.incomplete 1;
#  6. the capture cut to 100 bytes a frame (editcap -s): each of the
#     INVITE's two fragments drops its datagram (dropped_bad 2), no call.
#  7. which port makes a fragmented datagram SIP (a capture written here,
#     each message in two fragments): received, its destination port (an
#     INVITE from 5070 to GP's 5060 is a call; one from 5060 to 5090 is
#     not: GP's engine does not serve 5090), sent, its source port (GP's
#     own 200 from 5060 to 5070 answers the call), as for whole datagrams
#     (gp.sip_ports, doc/calls.md): calls.tsv has the one call, answered.
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
UDP=$top/traces/calls/sip-call.pcap
for t in "$TSHARK" "$EDITCAP" python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "calls-frag.sh: SKIP: no $t"; exit 77; }
done
[ -x "$bin" ] || { echo "calls-frag.sh: ERROR: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls-frag.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

CAP=$tmp/frag.pcap
python3 "$top/tests/mkcall.py" "$CAP" --frag || exit 99
"$EDITCAP" "$CAP" "$tmp/half.pcap" 2 >/dev/null 2>&1 || exit 99   # frame 2: the INVITE's second part
"$EDITCAP" -s 100 "$CAP" "$tmp/cut.pcap" >/dev/null 2>&1 || exit 99
python3 - "$top/tests" "$tmp/ports.pcap" <<'PY' || exit 99
import struct, sys
sys.path.insert(0, sys.argv[1])
import mkcall as m
out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
def msg(first, via, cid, tag):
    return ("%s\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK.%s\r\nFrom: <sip:alice@10.0.0.2>;tag=a\r\n"
            "To: <sip:bob@10.0.0.1>%s\r\nCall-ID: %s@10.0.0.2\r\nCSeq: 1 INVITE\r\n"
            "Contact: <sip:alice@10.0.0.2:5070>\r\nSubject: %s\r\nContent-Length: 0\r\n\r\n"
            % (first, via, cid, tag, cid, "x" * 200)).encode()
R = "INVITE sip:bob@10.0.0.1 SIP/2.0"
for us, (src, dst, sp, dp, pl, ident) in enumerate((
        (m.FAR_IP, m.HOST_IP, 5070, 5060, msg(R, "10.0.0.2:5070", "fa", ""), 0x5001),
        (m.FAR_IP, m.HOST_IP, 5060, 5090, msg(R, "10.0.0.2:5060", "fb", ""), 0x5002),
        (m.HOST_IP, m.FAR_IP, 5060, 5070, msg("SIP/2.0 200 OK", "10.0.0.2:5070", "fa", ";tag=b"), 0x5003))):
    for k, f in enumerate(m.udp_fragments(src, dst, sp, dp, pl, ident, 304)):
        t = 1000 * us + 100 * k
        out.append(struct.pack("<IIII", m.T0, t, len(f), len(f)) + f)
open(sys.argv[2], "wb").write(b"".join(out))
PY
O="--quiet --outputs summary,calls,events,routing"
for r in "udp:$UDP:--set trace.offset=100us" "frag:$CAP:" "half:$tmp/half.pcap:" "cut:$tmp/cut.pcap:" \
	"ports:$tmp/ports.pcap:"; do
	name=${r%%:*} rest=${r#*:}
	cap=${rest%%:*} extra=${rest#*:}
	# shellcheck disable=SC2086
	"$bin" run "$SC" --set trace.file="$cap" $extra --out "$tmp/$name" $O 2>"$tmp/$name.err" ||
		{ echo "calls-frag.sh: FAIL: $name run: $(cat "$tmp/$name.err")"; exit 1; }
done

fields() {
	"$TSHARK" -n -r "$1" -Y sip -T fields -E separator=/t -E occurrence=a -E aggregator=, \
		-e frame.number -e frame.time_relative -e sip.Method -e sip.Status-Code -e sip.CSeq.method \
		-e sdp.media.port -e ip.fragment.count 2>/dev/null
}
fields "$CAP" >"$tmp/t-frag"
fields "$tmp/ports.pcap" >"$tmp/t-ports"
fields "$UDP" >"$tmp/t-udp"

python3 - "$tmp" "$top/tests" <<'PY'
import json, re, sys
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
from e2echeck import check, done, sip_frames, sip_times_agree, tsv

F, U = (sip_frames(d + p, ("port", "frags")) for p in ("/t-frag", "/t-udp"))

# 1. tshark
inv = [f for f in F if "INVITE" in f["msgs"]]
ok = [f for f in F if "200" in f["msgs"] and "INVITE" in f["cseqm"]]
check("tshark: the INVITE made whole from 2 fragments, SDP port 40000 (frame %s)"
      % (inv and inv[0]["n"]), len(inv) == 1 and inv[0]["frags"] == "2" and inv[0]["port"] == "40000")
check("tshark: the 200 made whole from 2 fragments, SDP port 20000 (frame %s)"
      % (ok and ok[0]["n"]), len(ok) == 1 and ok[0]["frags"] == "2" and ok[0]["port"] == "20000")
pairs = [("INVITE", "INVITE"), ("100", "INVITE"), ("180", "INVITE"), ("200", "INVITE"),
         ("ACK", "ACK"), ("BYE", "BYE"), ("200", "BYE")]
check("tshark: each message whole at the UDP message's time + 100 us",
      sip_times_agree(F, U, 0.0001, pairs))
cu, cf = tsv(d + "/udp/calls.tsv"), tsv(d + "/frag/calls.tsv")
check("one call each", len(cu) == 1 and len(cf) == 1)
cu, cf = (cu or [{}])[0], (cf or [{}])[0]
# 2. everything but the INVITE's time as over UDP
differ = [k for k in cu if k != "invite" and cu.get(k) != cf.get(k)]
check("calls.tsv: every column but invite as over UDP%s" %
      ("" if not differ else ": differ " + ", ".join("%s %s/%s" % (k, cu[k], cf.get(k)) for k in differ)),
      not differ and cf.get("in_rt") == "49" and cf.get("local_media") == "10.0.0.1:20000"
      and cf.get("remote_media") == "10.0.0.2:40000")

# 3. the INVITE's time: its completing frame's delivery + the engine's work
cfg = open(d + "/frag/config.yaml").read()
def cost(k):
    m = re.search(r"^\s+%s: (\d+)cycles" % k, cfg, re.M)
    return int(m.group(1)) if m else None
work = [cost(k) for k in ("sip_parse", "sip_call", "sdp_parse")]
check("config.yaml: cost.sip_parse, sip_call, sdp_parse %s cycles" % work, None not in work)
work = sum(w or 0 for w in work)
def delivered(run, n):
    for l in open(d + "/%s/events.tsv" % run):
        x = l.rstrip("\n").split("\t")
        if len(x) > 2 and x[2] == "gp-deliver" and x[1] == str(n):
            return int(x[0])
    return -1
for run, fs, c in (("frag", F, cf), ("udp", U, cu)):
    n = next(f["n"] for f in fs if "INVITE" in f["msgs"])
    want = delivered(run, n) + work
    check("%s: invite = frame %d delivered %d + %d cycles = %d: calls.tsv %s"
          % (run, n, delivered(run, n), work, want, c.get("invite")), c.get("invite") == str(want))

# 4. summary.json
def calls(run):
    return json.load(open(d + "/%s/summary.json" % run)).get("calls", {})
s = calls("frag")
check("summary.json: sip_messages %s = tshark's %d, no sip_errors %s"
      % (s.get("sip_messages"), len(F), s.get("sip_errors")),
      s.get("sip_messages") == len(F) and s.get("sip_errors") == {})
check("summary.json: ip_fragments %s: 1 datagram whole, none dropped or left" % s.get("ip_fragments"),
      s.get("ip_fragments") == {"datagrams": 1, "dropped_bad": 0, "dropped_for_room": 0,
                                "incomplete": 0})
check("the UDP run has no ip_fragments", "ip_fragments" not in calls("udp"))
# the bound reads the capture's SIP as GP's stack does: the 200's SDP (in
# its second fragment) makes port 20000 RT's, so rt-rx has a bound, and
# the 49 packets RT received are within it
j = json.load(open(d + "/frag/summary.json"))
b, lat = j["bound"]["rt-rx"], j["latency"]["rt-rx"]
check("rt-rx bound %s, %s cycles, over %s packets of max %s" % (b.get("status"), b.get("cycles"),
      lat.get("count"), lat.get("max_cycles")),
      b.get("status") == "ok" and lat.get("count") == 49 and lat["max_cycles"] <= b["cycles"])

# 5. and 6.
h, c = calls("half"), calls("cut")
check("INVITE's second fragment removed: no call, ip_fragments %s incomplete 1" % h.get("ip_fragments"),
      len(tsv(d + "/half/calls.tsv")) == 0 and (h.get("ip_fragments") or {}).get("incomplete") == 1
      and (h.get("ip_fragments") or {}).get("datagrams") == 0)
check("capture cut to 100 bytes: no call, ip_fragments %s dropped_bad 2" % c.get("ip_fragments"),
      len(tsv(d + "/cut/calls.tsv")) == 0 and (c.get("ip_fragments") or {}).get("dropped_bad") == 2)

# 7. the ports of fragmented SIP
P = sip_frames(d + "/t-ports", ("port", "frags"))
check("tshark: 3 SIP messages, each made whole from 2 fragments",
      len(P) == 3 and all(f["frags"] == "2" for f in P))
cp = tsv(d + "/ports/calls.tsv")
check("fragmented SIP: one call, fa, its 200 sent from 5060 (calls.tsv %s)"
      % [(c.get("call_id"), c.get("ok200")) for c in cp],
      len(cp) == 1 and cp[0].get("call_id") == "fa@10.0.0.2" and cp[0].get("ok200") not in (None, "-"))
done("calls-frag.sh")
PY
