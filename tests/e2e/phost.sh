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
python3 - "$w/x.pcap" <<'PYEOF' || no "cannot write x.pcap"
import struct, sys
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def ip(dst, proto, payload, ident):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0,
                    bytes([10, 0, 0, 9]), bytes([10, 0, 0, dst]))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload
def eth(dst, p):
    return bytes([2, 0, 0, 0, 0, dst, 2, 0, 0, 0, 0, 9]) + b'\x08\x00' + p
def udp(sp, dp, data):
    return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data
tcp = struct.pack('!HHIIBBHHH', 40001, 9000, 1, 0, 0x50, 0x18, 65535, 0, 0) + b'rec'
frames = [eth(2, ip(2, 6, tcp, 1)),
          eth(2, ip(2, 17, udp(40002, 5060, b'not a SIP message'), 2)),
          eth(2, ip(2, 17, udp(40003, 40000, b'\x80' + b'\0' * 11), 3)),
          eth(3, ip(3, 17, struct.pack('!HH', 40004, 9000), 4)),
          eth(3, ip(3, 17, udp(40005, 9000, b'rec'), 5))]
with open(sys.argv[1], 'wb') as out:
    out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, f in enumerate(frames):
        out.write(struct.pack('<IIII', 0, 1000 * (i + 1), len(f), len(f)) + f)
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
python3 - "$w/cut.pcap" <<'PYEOF' || no "cannot write cut.pcap"
import struct, sys
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
u = struct.pack('!HHHH', 40000, 9, 8 + 58, 0) + b'\x55' * 58
h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(u), 1, 0, 64, 17, 0,
                bytes([10, 0, 0, 9]), bytes([10, 0, 0, 6]))
h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
f = bytes([2, 0, 0, 0, 0, 6, 2, 0, 0, 0, 0, 9]) + b'\x08\x00' + h + u
with open(sys.argv[1], 'wb') as out:
    out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 60, 1))
    out.write(struct.pack('<IIII', 0, 1000, 60, len(f)) + f[:60])
PYEOF
printf 'host: {mac: "02:00:00:00:00:09", ipv4: 10.0.0.9}\ntrace: {file: %s, replay_tx: true}\nworld:\n  duration: 10ms\n  hosts:\n    x: {scenario: self}\n    s: {ip: 10.0.0.6, mac: "02:00:00:00:00:06", app: sink}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [x, s], links: [l]}\n' \
  "$w/cut.pcap" > "$w/cut.yaml"
if "$bin" run "$w/cut.yaml" --out "$w/cut" --quiet 2>"$w/err"; then
  grep -q '"name": "s", "ip": "10.0.0.6", "kind": "plain", "app": "sink", "frames_out": 0, "frames_in": 1, "bytes_in": 100,' \
    "$w/cut/world.json" || { no "cut frame: the sink's bytes_in"; grep '"s"' "$w/cut/world.json"; }
else
  no "cut.yaml: exit $?"; cat "$w/err"
fi

[ "$fail" = 0 ] && echo "phost: all checks held"
exit $((fail > 0))
