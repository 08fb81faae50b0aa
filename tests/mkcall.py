#!/usr/bin/env python3
"""mkcall.py - write a SIP call capture by hand, with known times (issue 12).

    tests/mkcall.py OUT.pcap [--seeds DIR]

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

--seeds DIR also writes each SIP message as a seed of the sip fuzz target
(fuzz/seed-min/sip), and the offer/answer pairs joined by a NUL byte.
Deterministic: the same bytes every run.
"""
import os
import struct
import sys

HOST_MAC = bytes.fromhex("020000000001")
FAR_MAC = bytes.fromhex("020000000002")
HOST_IP, FAR_IP = "10.0.0.1", "10.0.0.2"
T0 = 1700000000
CALL_ID = "3848276298220188511@10.0.0.2"


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(src, dst, sport, dport, payload, ident):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, len(udp))
    c = csum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident & 0xFFFF, 0, 64, 17, 0,
                      ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    smac, dmac = (HOST_MAC, FAR_MAC) if src == HOST_IP else (FAR_MAC, HOST_MAC)
    return dmac + smac + b"\x08\x00" + hdr + udp


def sdp(addr, port, fmts):
    lines = ["v=0", "o=- 1 1 IN IP4 %s" % addr, "s=call", "c=IN IP4 %s" % addr, "t=0 0",
             "m=audio %d RTP/AVP %s" % (port, " ".join(str(f) for f in fmts))]
    names = {0: "PCMU/8000", 8: "PCMA/8000", 101: "telephone-event/8000"}
    lines += ["a=rtpmap:%d %s" % (f, names[f]) for f in fmts]
    lines += ["a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv"]
    return ("\r\n".join(lines) + "\r\n").encode()


def sip(first, cseq, to_tag, via_from_far, body=None):
    via = ("SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK.%s" % cseq.replace(" ", "")
           if via_from_far else "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK.b%s" % cseq.replace(" ", ""))
    h = [first, "Via: " + via, "Max-Forwards: 70",
         "From: \"Alice\" <sip:alice@10.0.0.2>;tag=8321234356",
         "To: <sip:bob@10.0.0.1>" + (";tag=" + to_tag if to_tag else ""),
         "Call-ID: " + CALL_ID, "CSeq: " + cseq]
    contact = "<sip:alice@10.0.0.2:5060>" if first.startswith(("INVITE", "ACK", "BYE")) \
        else "<sip:bob@10.0.0.1:5060>"
    h.append("Contact: " + contact)
    if body:
        h += ["Content-Type: application/sdp", "Content-Length: %d" % len(body)]
    else:
        h.append("Content-Length: 0")
    return ("\r\n".join(h) + "\r\n\r\n").encode() + (body or b"")


def rtp(seq, ts, ssrc, marker=False):
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | 0, seq & 0xFFFF, ts & 0xFFFFFFFF,
                       ssrc) + b"\xff" * 160


def build():
    far, host = True, False
    invite = sip("INVITE sip:bob@10.0.0.1 SIP/2.0", "1 INVITE", None, far,
                 sdp(FAR_IP, 40000, [0, 8, 101]))
    ok = sip("SIP/2.0 200 OK", "1 INVITE", "4416", host, sdp(HOST_IP, 20000, [0, 101]))
    ack = sip("ACK sip:bob@10.0.0.1:5060 SIP/2.0", "1 ACK", "4416", far)
    sipmsgs = [
        (0.000, FAR_IP, "invite", invite),
        (0.010, HOST_IP, "trying", sip("SIP/2.0 100 Trying", "1 INVITE", None, host)),
        (0.050, HOST_IP, "ringing", sip("SIP/2.0 180 Ringing", "1 INVITE", "4416", host)),
        (1.000, HOST_IP, "ok", ok),
        (1.005, FAR_IP, "ack", ack),
        (2.100, FAR_IP, "bye", sip("BYE sip:bob@10.0.0.1:5060 SIP/2.0", "2 BYE", "4416", far)),
        (2.105, HOST_IP, "bye-ok", sip("SIP/2.0 200 OK", "2 BYE", "4416", host)),
    ]
    frames = []   # (time in microseconds, order, src, payload, sport, dport)
    for k, (t, src, _, m) in enumerate(sipmsgs):
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
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for n, (us, _, src, payload, sport, dport) in enumerate(frames):
        dst = FAR_IP if src == HOST_IP else HOST_IP
        f = udp_frame(src, dst, sport, dport, payload, n + 1)
        out.append(struct.pack("<IIII", T0 + us // 1000000, us % 1000000, len(f), len(f)) + f)
    return b"".join(out), sipmsgs, (invite, ok, ack)


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--seeds"):
        sys.stderr.write("usage: mkcall.py OUT.pcap [--seeds DIR]\n")
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
