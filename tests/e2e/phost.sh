#!/usr/bin/env bash
# phost.sh - plain hosts of a world (src/phost.c), beyond tests/e2e/world.sh:
# what the far end of generated calls (app callfar) and a billing host count
# of frames that are not theirs, the far end on a SIP port of its own, and
# the IP identifications plain hosts give their datagrams. Written for the
# mutation run of src/phost.c (doc/verify.md, "Tests"); expected values by
# hand from doc/scenario.md (world.hosts.NAME.app) and RFC 791.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
w=$(mktemp -d /tmp/nicshare-phost-XXXXXX)
trap 'rm -rf "$w"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v tshark >/dev/null 2>&1 || { echo "phost.sh: SKIP: no tshark"; exit 77; }

# frames written by hand (IPv4 with its header checksum, Ethernet, UDP) and
# pcap files of them, for the sections below
cat > "$w/frames.py" <<'PYEOF'
import pkt
def ip(dst, proto, payload, ident):
    return pkt.ipv4('10.0.0.9', '10.0.0.%d' % dst, proto, payload, ident, checksum=True)
def eth(dst, p):
    return pkt.eth(bytes([2, 0, 0, 0, 0, dst]), '020000000009', p)
udp = pkt.udp
def pcap(path, frames, snap=65535):
    """frames 1 ms apart, each cut to snap bytes"""
    pkt.pcap(path, [(0, 1000 * (i + 1), f[:snap], len(f)) for i, f in enumerate(frames)], snap=snap)
PYEOF

# ---- 1. frames the far end and billing must not count as theirs ----
# tests/world/call1.yaml (one generated call, counted by hand in world.sh:
# the far end's sip_tx 4, sip_rx 3, rtp_tx 5, rtp_rx 5, answered 1, ended 1,
# ignored 0; billing 1 record) with a third host x, a computer replaying
# (trace.replay_tx) five frames of its own, 1 ms apart:
#   to far: a TCP segment (not UDP: ignored); a UDP datagram to its SIP
#   port 5060 that is not SIP (ignored); a bare 12-byte RTP header (V=2) to
#   another port (RTP received);
#   to billing: an IPv4 datagram of 4 bytes, short of a UDP header (no
#   record); a UDP datagram of 3 bytes to 9000 (a record).
# So far: rtp_rx 6, ignored 2, frames_in 8 + 3 = 11; billing: records 2 of
# frames_in 3.
PYTHONPATH="$w:$top/tests" python3 - "$w/x.pcap" <<'PYEOF' || no "cannot write x.pcap"
import struct, sys
from frames import eth, ip, udp, pcap
tcp = struct.pack('!HHIIBBHHH', 40001, 9000, 1, 0, 0x50, 0x18, 65535, 0, 0) + b'rec'
pcap(sys.argv[1], [eth(2, ip(2, 6, tcp, 1)),
                   eth(2, ip(2, 17, udp(40002, 5060, b'not a SIP message'), 2)),
                   eth(2, ip(2, 17, udp(40003, 40000, b'\x80' + b'\0' * 11), 3)),
                   eth(3, ip(3, 17, struct.pack('!HH', 40004, 9000), 4)),
                   eth(3, ip(3, 17, udp(40005, 9000, b'rec'), 5))])
PYEOF
printf 'host: {mac: "02:00:00:00:00:09", ipv4: 10.0.0.9}\ntrace: {file: x.pcap, replay_tx: true}\n' > "$w/x.yaml"
sed -e 's#^    billing: .*#&\n    x: {scenario: x.yaml}#' \
    -e 's#^    bl: .*#&\n    xl: {bandwidth: 1Gbit/s, latency: 1ms}#' \
    -e 's#^    - {between: \[gw, billing\], links: \[bl\]}#&\n    - {between: [x, far], links: [xl]}\n    - {between: [x, billing], links: [xl]}#' \
    "$top/tests/world/call1.yaml" > "$w/stray.yaml"
if "$bin" run "$w/stray.yaml" --out "$w/stray" --quiet 2>"$w/err"; then
  grep -q '"name": "far", .*"frames_in": 11, .*"calls": {"sip_tx": 4, "sip_rx": 3, "rtp_tx": 5, "rtp_rx": 6, "answered": 1, "ended": 1, "ignored": 2}' \
    "$w/stray/world.json" || { no "stray frames: the far end's counts"; grep '"far"' "$w/stray/world.json"; }
  grep -q '"name": "billing", .*"frames_in": 3, .*"records": 2,' "$w/stray/world.json" \
    || { no "stray frames: billing's records"; grep '"billing"' "$w/stray/world.json"; }
else
  no "stray.yaml: exit $?"; cat "$w/err"
fi

# ---- 2. the far end on a SIP port of its own ----
# call1 with calls.far.sip_port 5070: the gateway sends its SIP from 5060
# to 5070; the far end takes it on 5070 and counts as in call1.
if "$bin" run "$top/tests/world/call1.yaml" --set calls.far.sip_port=5070 --out "$w/p5070" \
     --quiet 2>"$w/err"; then
  grep -q '"app": "callfar".*"calls": {"sip_tx": 4, "sip_rx": 3, "rtp_tx": 5, "rtp_rx": 5, "answered": 1, "ended": 1, "ignored": 0}' \
    "$w/p5070/world.json" || { no "far on 5070: its counts"; grep '"far"' "$w/p5070/world.json"; }
  got=$(tshark -r "$w/p5070/gw/gp-rx.pcap" -Y 'frame.number <= 3' -T fields -e udp.srcport -e udp.dstport -e sip.Status-Code 2>/dev/null | tr '\n' ' ')
  [ "$got" = "5070	5060	100 5070	5060	180 5070	5060	200 " ] || no "far on 5070: its answers ($got)"
else
  no "far on 5070: exit $?"; cat "$w/err"
fi

# ---- 3. IP identifications ----
# RFC 791: the identification tells a sender's datagrams apart (to the same
# destination, protocol), and these may be fragmented (DF clear). The far
# end's three answers of call1 (100, 180, 200: frames 1-3 of the gateway's
# gp-rx.pcap) carry three; a bulk host's three frames (8 Mbit/s, 1000
# bytes, 3 ms: at 0, 1 and 2 ms) three too.
ids=$(tshark -r "$w/p5070/gw/gp-rx.pcap" -Y 'frame.number <= 3' -T fields -e ip.id -e ip.flags.df 2>/dev/null | sort -u | wc -l)
[ "$ids" = 3 ] || no "the far end's answers: $ids IP identifications, not 3"
printf 'host: {mac: "02:00:00:00:00:01", ipv4: 10.0.0.1}\nworld:\n  duration: 10ms\n  hosts:\n    c: {scenario: self}\n    p: {ip: 10.0.0.5, mac: "02:00:00:00:00:05", app: bulk, to: c, dport: 9, rate: 8Mbit/s, frame_size: 1000, duration: 3ms}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [c, p], links: [l]}\n' > "$w/bulk.yaml"
if "$bin" run "$w/bulk.yaml" --out "$w/bulk" --quiet 2>"$w/err"; then
  got=$(tshark -r "$w/bulk/c/gp-rx.pcap" -T fields -e frame.len -e ip.flags.df -e udp.dstport 2>/dev/null | sort | uniq -c | tr -s ' ')
  [ "$got" = " 3 1000	0	9" ] || no "bulk: not three 1000-byte frames to port 9, DF clear ($got)"
  ids=$(tshark -r "$w/bulk/c/gp-rx.pcap" -T fields -e ip.id 2>/dev/null | sort -u | wc -l)
  [ "$ids" = 3 ] || no "bulk: $ids IP identifications, not 3"
else
  no "bulk.yaml: exit $?"; cat "$w/err"
fi

# ---- 4. bytes received are the frame's on the wire, not its capture's ----
# computer x replays a 100-byte UDP frame (14 + 20 + 8 + 58) captured with
# a snap length of 60 to a sink: bytes_in 100.
PYTHONPATH="$w:$top/tests" python3 - "$w/cut.pcap" <<'PYEOF' || no "cannot write cut.pcap"
import sys
from frames import eth, ip, udp, pcap
pcap(sys.argv[1], [eth(6, ip(6, 17, udp(40000, 9, b'\x55' * 58), 1))], snap=60)
PYEOF
printf 'host: {mac: "02:00:00:00:00:09", ipv4: 10.0.0.9}\ntrace: {file: %s, replay_tx: true}\nworld:\n  duration: 10ms\n  hosts:\n    x: {scenario: self}\n    s: {ip: 10.0.0.6, mac: "02:00:00:00:00:06", app: sink}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [x, s], links: [l]}\n' \
  "$w/cut.pcap" > "$w/cut.yaml"
if "$bin" run "$w/cut.yaml" --out "$w/cut" --quiet 2>"$w/err"; then
  grep -q '"name": "s", "ip": "10.0.0.6", "kind": "plain", "app": "sink", "frames_out": 0, "frames_in": 1, "bytes_in": 100,' \
    "$w/cut/world.json" || { no "cut frame: the sink's bytes_in"; grep '"s"' "$w/cut/world.json"; }
else
  no "cut.yaml: exit $?"; cat "$w/err"
fi

# ---- 5. an echo's answers, and an INVITE the far end places ----
# computer c sends 3 RTP packets (20 ms apart, 60 ms) to q, which echoes
# them: 3 answers of 214 bytes in c's rt-rx.pcap, from 10.0.0.6:5004, DF
# clear, three IP identifications (RFC 791).
printf 'host: {mac: "02:00:00:00:00:01", ipv4: 10.0.0.1}\ntraffic:\n  rtp:\n    - {dst_mac: "02:00:00:00:00:06", dst_ip: 10.0.0.6, sport: 5004, dport: 5004, ptime: 20ms, payload: 160, start: 0s, duration: 60ms}\nworld:\n  duration: 100ms\n  hosts:\n    c: {scenario: self}\n    q: {ip: 10.0.0.6, mac: "02:00:00:00:00:06", app: sink, echo: true}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [c, q], links: [l]}\n' > "$w/echo3.yaml"
if "$bin" run "$w/echo3.yaml" --out "$w/echo3" --quiet 2>"$w/err"; then
  got=$(tshark -r "$w/echo3/c/rt-rx.pcap" -T fields -e frame.len -e ip.src -e ip.flags.df -e udp.srcport 2>/dev/null | sort | uniq -c | tr -s ' ')
  [ "$got" = " 3 214	10.0.0.6	0	5004" ] || no "echo: not three answers of 214 bytes from 10.0.0.6:5004 ($got)"
  ids=$(tshark -r "$w/echo3/c/rt-rx.pcap" -T fields -e ip.id 2>/dev/null | sort -u | wc -l)
  [ "$ids" = 3 ] || no "echo: $ids IP identifications, not 3"
else
  no "echo3.yaml: exit $?"; cat "$w/err"
fi
# call1 with the call incoming (calls.generator.outgoing 0): the far end
# places it at 0 (its t_invite); the INVITE (tshark: 469 bytes) crosses
# the cable in (8 + 469 + 4) x 8 = 3848 bits at 100 Mbit/s = 38,480 ns =
# 115,440 cycles, + 1 ms = 3,000,000: in at the gateway at 3,115,440.
# The far end sends INVITE, ACK and one of BYE or the 200 to the
# gateway's BYE (3), receives 100, 180, 200 and the other (4); 5 RTP
# packets each way (100 ms / 20 ms), as call1 mirrored.
sed 's/outgoing: 100/outgoing: 0/' "$top/tests/world/call1.yaml" > "$w/in.yaml"
if "$bin" run "$w/in.yaml" --out "$w/in" --quiet 2>"$w/err"; then
  got=$(tshark -r "$w/in/gw/gp-rx.pcap" -Y 'frame.number == 1' -T fields -e frame.len -e sip.Method 2>/dev/null)
  [ "$got" = "469	INVITE" ] || no "incoming call: the first frame in is not a 469-byte INVITE ($got)"
  grep -q "^3115440	1	rx	469$" "$w/in/gw/events.tsv" || no "incoming call: the INVITE not in at 3,115,440"
  grep -q '"app": "callfar".*"calls": {"sip_tx": 3, "sip_rx": 4, "rtp_tx": 5, "rtp_rx": 5, "answered": 1, "ended": 1, "ignored": 0}' \
    "$w/in/world.json" || { no "incoming call: the far end's counts"; grep '"far"' "$w/in/world.json"; }
else
  no "in.yaml: exit $?"; cat "$w/err"
fi

# ---- 6. the far end's RTP is the in-computer far end's ----
# doc/calls.md: a plain host running callfar sends what the far end modelled
# inside the computer (calls.far.remote false) sends: call1 both ways, the
# far end's 5 RTP packets as the gateway's RT received them (rt-rx.pcap:
# sequence, timestamp, SSRC) the same, packet for packet.
sed -e '/^world:/,$d' -e 's/remote: true, //' "$top/tests/world/call1.yaml" > "$w/local.yaml"
if "$bin" run "$w/local.yaml" --out "$w/local" --quiet 2>"$w/err" &&
   "$bin" run "$top/tests/world/call1.yaml" --out "$w/remote" --quiet 2>>"$w/err"; then
  rtp() { tshark -r "$1" -d udp.port==20000,rtp -Y rtp -T fields -e rtp.seq -e rtp.timestamp -e rtp.ssrc 2>/dev/null; }
  a=$(rtp "$w/local/rt-rx.pcap") b=$(rtp "$w/remote/gw/rt-rx.pcap")
  [ "$(echo "$a" | grep -c .)" = 5 ] || no "far RTP: not 5 packets from the in-computer far end ($a)"
  [ "$a" = "$b" ] || { no "far RTP: the plain host's packets differ"; echo "$a"; echo "$b"; }
else
  no "far RTP: exit $?"; cat "$w/err"
fi

[ "$fail" = 0 ] && echo "phost: all checks held"
exit $((fail > 0))
