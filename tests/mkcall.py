#!/usr/bin/env python3
"""mkcall.py - write a SIP call capture by hand, with known times (issue 12).

    tests/mkcall.py OUT.pcap [--tcp | --frag | --ipv6] [--seeds DIR]

The call (host "bob" 10.0.0.1, MAC 02:00:00:00:00:01, the scenario
defaults; far end "alice" 10.0.0.2, MAC 02:00:00:00:00:02), times in
seconds after the first frame (capture time 1700000000 s + t):

    0.000  INVITE   alice -> bob   SDP c=10.0.0.2 m=audio 40000 (0 8 101)
    0.010  100      bob -> alice   (own-tx)
    0.050  180      bob -> alice   (own-tx)
    1.000  200      bob -> alice   SDP c=10.0.0.1 m=audio 20000 (0 101) (own-tx)
    1.005  ACK      alice -> bob
    RTP in  alice:40000 -> bob:20000, PCMU, ptime 20, SSRC 0x11111111,
            i = 0..49 at 1.010 + 0.020 i, seq 1000 + i, ts 16000 + 160 i;
            i = 20 is lost (never sent), i = 10 arrives 2 ms late
    RTP out bob:20000 -> alice:40000, SSRC 0x22222222, i = 0..49 at
            1.015 + 0.020 i, seq 5000 + i, ts 160 i (own-tx)
    2.100  BYE      alice -> bob
    2.105  200      bob -> alice   (own-tx)
    RTP in after the BYE: i = 50..52 at 2.110, 2.130, 2.150 (same stream)

Frames: 5 SIP + 49 RTP in + 50 RTP out (interleaved in time) + 2 SIP +
3 RTP = 109. The in stream: 52 packets, seq 1000-1052, one lost.
By hand (RFC 3550 A.8, 8 kHz, 1 unit = 0.125 ms): packet 10 is 2 ms = 16
units late, so |D| = 16 for 10 and for 11 (back on time), else 0:
J after 10 = 16/16 = 1, after 11 = 1 + (16 - 1)/16 = 1.9375 units =
0.2421875 ms (the largest), then J decays by 15/16 per packet.

--tcp writes the same call with its SIP over TCP (RFC 3261 18.3;
traces/calls/sip-call-tcp.pcap): alice connects from 10.0.0.2:50000 to
bob's 5060 (SYN at -0.003, SYN-ACK -0.0029, ACK -0.0028; ISNs 1000000 and
2000000), Via SIP/2.0/TCP, every segment PSH|ACK. Times as above, except:
    -0.001 / 0.000  the INVITE in two segments (its first 300 bytes, then
                    the rest): it is whole at 0.000, the UDP INVITE's time
    2.100           one segment holding two messages: an INFO (in the
                    dialog, CSeq 2 INFO, no body) and then the BYE (CSeq 3)
    2.105           the 200 to the BYE (CSeq 3 BYE); a 200 to the INFO at
                    2.101 (own-tx)
    2.200           FIN from alice, 2.2001 FIN from bob (own-tx)
The frames are stamped 0.003 s later than these times (the SYN is the
capture's first frame): the UDP capture run with trace.offset 3ms lines
up with it. RTP frames as above.

--frag writes the UDP call with its INVITE and its 200 OK (the two SIP
messages with SDP) each in two IPv4 fragments: the first 304 bytes of the
datagram (UDP header and 296 bytes of SIP, so the SDP is in the second),
MF set, 100 us before the second, which is at the message's time; IP
identification 0x4000 + the message's place (0 and 3). Every frame is
stamped 100 us later than the times above (a fragment comes first): the
UDP capture run with trace.offset 100us lines up with it.

--ipv6 writes the UDP call over IPv6 (RFC 8200; UDP checksums over the
IPv6 pseudo-header): bob 2001:db8::1, alice 2001:db8::2 (the scenario's
host.ipv6 must be bob's), the SDP's c= and o= lines IN IP6 (RFC 4566 5.7),
the SIP URIs, Via and Contact with the address in brackets (RFC 3261
25.1). Times, ports, Call-ID, tags and RTP as in the UDP call.

--seeds DIR also writes each SIP message as a seed of the sip fuzz target
(fuzz/seed-min/sip), and the offer/answer pairs joined by a NUL byte.
Deterministic: the same bytes every run.
"""
import os
import struct
import sys

from pkt import ETH_IPV6, csum, eth, ip4, ipv4, ipv6, pcap_bytes, udp6_csum, udp_csum

HOST_MAC = bytes.fromhex("020000000001")
FAR_MAC = bytes.fromhex("020000000002")
HOST_IP, FAR_IP = "10.0.0.1", "10.0.0.2"
T0 = 1700000000
CALL_ID = "3848276298220188511@10.0.0.2"


def macs(src):
    """(destination, source) MAC of a frame from src"""
    return (FAR_MAC, HOST_MAC) if src == HOST_IP else (HOST_MAC, FAR_MAC)


def udp_frame(src, dst, sport, dport, payload, ident):
    if IP6:
        return eth(*macs(src), ipv6(src, dst, 17, udp6_csum(src, dst, sport, dport, payload)),
                   ETH_IPV6)
    dgram = ipv4(src, dst, 17, udp_csum(src, dst, sport, dport, payload), ident, checksum=True)
    return eth(*macs(src), dgram)


def uri(addr):
    """an address as a SIP URI's host: an IPv6 one in brackets"""
    return "[%s]" % addr if ":" in addr else addr


def sdp(addr, port, fmts):
    at = "IP6" if ":" in addr else "IP4"
    lines = ["v=0", "o=- 1 1 IN %s %s" % (at, addr), "s=call", "c=IN %s %s" % (at, addr), "t=0 0",
             "m=audio %d RTP/AVP %s" % (port, " ".join(str(f) for f in fmts))]
    names = {0: "PCMU/8000", 8: "PCMA/8000", 101: "telephone-event/8000"}
    lines += ["a=rtpmap:%d %s" % (f, names[f]) for f in fmts]
    lines += ["a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv"]
    return ("\r\n".join(lines) + "\r\n").encode()


def sip(first, cseq, to_tag, via_from_far, body=None, tr="UDP"):
    far, host = uri(FAR_IP), uri(HOST_IP)
    via = ("SIP/2.0/%s %s:5060;branch=z9hG4bK.%s" % (tr, far, cseq.replace(" ", ""))
           if via_from_far else "SIP/2.0/%s %s:5060;branch=z9hG4bK.b%s" % (tr, host, cseq.replace(" ", "")))
    h = [first, "Via: " + via, "Max-Forwards: 70",
         "From: \"Alice\" <sip:alice@%s>;tag=8321234356" % far,
         "To: <sip:bob@%s>" % host + (";tag=" + to_tag if to_tag else ""),
         "Call-ID: " + CALL_ID, "CSeq: " + cseq]
    contact = "<sip:alice@%s:5060>" % far if first.startswith(("INVITE", "ACK", "BYE", "INFO")) \
        else "<sip:bob@%s:5060>" % host
    h.append("Contact: " + contact)
    if body:
        h += ["Content-Type: application/sdp", "Content-Length: %d" % len(body)]
    else:
        h.append("Content-Length: 0")
    return ("\r\n".join(h) + "\r\n\r\n").encode() + (body or b"")


def rtp(seq, ts, ssrc, marker=False):
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | 0, seq & 0xFFFF, ts & 0xFFFFFFFF,
                       ssrc) + b"\xff" * 160


def udp_fragments(src, dst, sport, dport, payload, ident, cut):
    """The datagram of udp_frame in two IPv4 fragments: the first `cut`
    bytes of its IP payload (UDP header first; a multiple of 8) with MF
    set, then the rest at offset cut / 8 units."""
    whole = udp_frame(src, dst, sport, dport, payload, ident)
    head, dgram = whole[:14], whole[34:]
    out = []
    for off, part, more in ((0, dgram[:cut], True), (cut, dgram[cut:], False)):
        out.append(head + ipv4(src, dst, 17, part, ident, (0x2000 if more else 0) | off // 8,
                              checksum=True))
    return out


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload, ident):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4,
                      flags, 65535, 0, 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
    return eth(*macs(src), ipv4(src, dst, 6, tcp, ident, checksum=True))


SYN, FIN, PSH, ACK = 0x02, 0x01, 0x08, 0x10
SHIFT_US = 3000   # the TCP capture's SYN is 3 ms before the INVITE


def build_tcp():
    """The call's SIP over one TCP connection: [(us, order, src, frame-maker)]."""
    far, host, T = True, False, "TCP"
    invite = sip("INVITE sip:bob@10.0.0.1 SIP/2.0", "1 INVITE", None, far,
                 sdp(FAR_IP, 40000, [0, 8, 101]), T)
    ok = sip("SIP/2.0 200 OK", "1 INVITE", "4416", host, sdp(HOST_IP, 20000, [0, 101]), T)
    ack = sip("ACK sip:bob@10.0.0.1:5060 SIP/2.0", "1 ACK", "4416", far, None, T)
    info = sip("INFO sip:bob@10.0.0.1:5060 SIP/2.0", "2 INFO", "4416", far, None, T)
    bye = sip("BYE sip:bob@10.0.0.1:5060 SIP/2.0", "3 BYE", "4416", far, None, T)
    # (time s, src, flags, payload); alice 10.0.0.2:50000, bob 10.0.0.1:5060
    segs = [
        (-0.0030, FAR_IP, SYN, b""),
        (-0.0029, HOST_IP, SYN | ACK, b""),
        (-0.0028, FAR_IP, ACK, b""),
        (-0.0010, FAR_IP, PSH | ACK, invite[:300]),
        (0.0000, FAR_IP, PSH | ACK, invite[300:]),
        (0.0100, HOST_IP, PSH | ACK, sip("SIP/2.0 100 Trying", "1 INVITE", None, host, None, T)),
        (0.0500, HOST_IP, PSH | ACK, sip("SIP/2.0 180 Ringing", "1 INVITE", "4416", host, None, T)),
        (1.0000, HOST_IP, PSH | ACK, ok),
        (1.0050, FAR_IP, PSH | ACK, ack),
        (2.1000, FAR_IP, PSH | ACK, info + bye),
        (2.1010, HOST_IP, PSH | ACK, sip("SIP/2.0 200 OK", "2 INFO", "4416", host, None, T)),
        (2.1050, HOST_IP, PSH | ACK, sip("SIP/2.0 200 OK", "3 BYE", "4416", host, None, T)),
        (2.2000, FAR_IP, FIN | ACK, b""),
        (2.2001, HOST_IP, FIN | ACK, b""),
    ]
    nxt = {FAR_IP: 1000000, HOST_IP: 2000000}   # next sequence number to send
    out = []
    for k, (t, src, fl, data) in enumerate(segs):
        dst = HOST_IP if src == FAR_IP else FAR_IP
        ackn = nxt[dst] if fl & ACK else 0
        sport, dport = (50000, 5060) if src == FAR_IP else (5060, 50000)
        seq = nxt[src]
        nxt[src] += len(data) + (1 if fl & (SYN | FIN) else 0)
        out.append((round(t * 1e6), k, src,
                    (lambda n, a=(src, dst, sport, dport, seq, ackn, fl, data):
                     tcp_frame(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], n))))
    return out


def build():
    far, host = True, False
    bob = uri(HOST_IP)
    invite = sip("INVITE sip:bob@%s SIP/2.0" % bob, "1 INVITE", None, far,
                 sdp(FAR_IP, 40000, [0, 8, 101]))
    ok = sip("SIP/2.0 200 OK", "1 INVITE", "4416", host, sdp(HOST_IP, 20000, [0, 101]))
    ack = sip("ACK sip:bob@%s:5060 SIP/2.0" % bob, "1 ACK", "4416", far)
    sipmsgs = [
        (0.000, FAR_IP, "invite", invite),
        (0.010, HOST_IP, "trying", sip("SIP/2.0 100 Trying", "1 INVITE", None, host)),
        (0.050, HOST_IP, "ringing", sip("SIP/2.0 180 Ringing", "1 INVITE", "4416", host)),
        (1.000, HOST_IP, "ok", ok),
        (1.005, FAR_IP, "ack", ack),
        (2.100, FAR_IP, "bye", sip("BYE sip:bob@%s:5060 SIP/2.0" % bob, "2 BYE", "4416", far)),
        (2.105, HOST_IP, "bye-ok", sip("SIP/2.0 200 OK", "2 BYE", "4416", host)),
    ]
    frames = []   # (time in microseconds, order, src, payload, sport, dport)
    if TCP:
        frames += [(us, k, src, mk, None, None) for (us, k, src, mk) in build_tcp()]
    else:
        for k, (t, src, name, m) in enumerate(sipmsgs):
            if FRAG and name in ("invite", "ok"):
                # two fragments, the second at the message's time
                dst = FAR_IP if src == HOST_IP else HOST_IP
                parts = udp_fragments(src, dst, 5060, 5060, m, 0x4000 + k, FRAG_CUT)
                frames.append((round(t * 1e6) - FRAG_GAP_US, k, src,
                               (lambda n, f=parts[0]: f), None, None))
                frames.append((round(t * 1e6), k, src, (lambda n, f=parts[1]: f), None, None))
                continue
            frames.append((round(t * 1e6), k, src, m, 5060, 5060))
    for i in list(range(0, 50)) + [50, 51, 52]:
        if i == 20:
            continue
        t = 1.010 + 0.020 * i if i < 50 else 2.110 + 0.020 * (i - 50)
        if i == 10:
            t += 0.002
        frames.append((round(t * 1e6), 100 + i, FAR_IP,
                       rtp(1000 + i, 16000 + 160 * i, 0x11111111, i == 0), 40000, 20000))
    for i in range(50):
        frames.append((round((1.015 + 0.020 * i) * 1e6), 200 + i, HOST_IP,
                       rtp(5000 + i, 160 * i, 0x22222222, i == 0), 20000, 40000))
    frames.sort(key=lambda f: (f[0], f[1]))
    out = []
    for n, (us, _, src, payload, sport, dport) in enumerate(frames):
        dst = FAR_IP if src == HOST_IP else HOST_IP
        f = payload(n + 1) if sport is None else udp_frame(src, dst, sport, dport, payload, n + 1)
        if TCP:
            us += SHIFT_US
        if FRAG:
            us += FRAG_GAP_US
        out.append((T0 + us // 1000000, us % 1000000, f))
    return pcap_bytes(out), sipmsgs, (invite, ok, ack)


TCP = False
FRAG = False
IP6 = False
FRAG_CUT = 304       # IP payload bytes in the first fragment: 8 + 296 of SIP
FRAG_GAP_US = 100    # the first fragment this long before the second


def main(argv):
    global TCP, FRAG, IP6, HOST_IP, FAR_IP
    if len(argv) >= 3 and argv[2] in ("--tcp", "--frag", "--ipv6"):
        TCP, FRAG, IP6 = argv[2] == "--tcp", argv[2] == "--frag", argv[2] == "--ipv6"
        argv = argv[:2] + argv[3:]
    if IP6:
        HOST_IP, FAR_IP = "2001:db8::1", "2001:db8::2"
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--seeds"):
        sys.stderr.write("usage: mkcall.py OUT.pcap [--tcp | --frag | --ipv6] [--seeds DIR]\n")
        return 2
    pcap, msgs, (invite, ok, ack) = build()
    tmp = argv[1] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(pcap)
    os.replace(tmp, argv[1])
    if len(argv) == 4:
        d = argv[3]
        os.makedirs(d, exist_ok=True)
        seeds = [("call-%s" % name, m) for (_, _, name, m) in msgs]
        seeds += [("pair-invite-ok", invite + b"\0" + ok), ("pair-ok-ack", ok + b"\0" + ack)]
        for name, data in seeds:
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
