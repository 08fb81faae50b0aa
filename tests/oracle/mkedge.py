#!/usr/bin/env python3
"""mkedge.py - write hand-built captures of classifier edge cases.

The public captures are tame (no cut VLAN tag, no IPv6 routing header, no
bogus length field ...). These frames cover SPEC N0-N1b and C1-C4 case by
case, so the differential test (tests/e2e/oracle.sh) exercises every rule,
and each frame carries the outcome a person expects under the fixed
parameters below, which checks the oracle itself before it is trusted to
check nicshare.

    mkedge.py OUTDIR

writes OUTDIR/edge-eth.pcap (Ethernet), edge-sll.pcap (Linux cooked v1),
edge-sll2.pcap (v2), edge-dir.pcapng (pcapng with direction flags) and for
each FILE a FILE.expect: "frame<TAB>decision<TAB>reason<TAB>case name",
valid for: host MAC 02:00:00:00:00:01, RT ports 5004-5099, promiscuous 0,
multicast 1, MTU 1500.

Python standard library and tests/pkt.py's capture writers only. Frames
are built byte by byte here, not by the code under test.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pkt import epb, idb, pcap, shb  # noqa: E402  (tests/pkt.py: the capture writers)

HOST = bytes.fromhex("020000000001")
PEER = bytes.fromhex("020000000002")
OTHER = bytes.fromhex("020000000077")       # unicast, not the host
BCAST = b"\xff" * 6
MCAST = bytes.fromhex("01005e000001")
IP_A = bytes([192, 0, 2, 1])
IP_B = bytes([192, 0, 2, 2])
IP6_A = bytes.fromhex("20010db8000000000000000000000001")
IP6_B = bytes.fromhex("20010db8000000000000000000000002")

# ---- protocol pieces -------------------------------------------------------


def eth(body, ethertype, dst=HOST, src=PEER):
    return dst + src + struct.pack(">H", ethertype) + body


def vlan(body, ethertype, tags, dst=HOST, src=PEER):
    """tags: list of (tpid, tci), outermost first."""
    hdr = dst + src
    for tpid, tci in tags:
        hdr += struct.pack(">HH", tpid, tci)
    return hdr + struct.pack(">H", ethertype) + body


def udp(dport, sport=40000, payload=b"\x80" + b"\x00" * 11):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(dport, sport=40001, doff=5, flags=0x18):
    return (struct.pack(">HHIIBBHHH", sport, dport, 1, 0, doff << 4, flags, 512, 0, 0)
            + b"\x00" * (4 * doff - 20 if doff > 5 else 0))


def icmp(t=8):
    return struct.pack(">BBHHH", t, 0, 0, 1, 1) + b"abcdefgh"


def ip4(proto, body, ihl=5, tot=None, frag=0, mf=False, ver=4, opts=None):
    if opts is None:
        opts = b"\x01" * (4 * ihl - 20) if ihl > 5 else b""
    if tot is None:
        tot = 20 + len(opts) + len(body)
    ff = (0x2000 if mf else 0) | frag
    hdr = struct.pack(">BBHHHBBH4s4s", (ver << 4) | ihl, 0, tot, 0x1234, ff, 64, proto, 0,
                      IP_A, IP_B)
    return hdr + opts + body


def ip6(nxt, body, plen=None, ver=6):
    if plen is None:
        plen = len(body)
    return struct.pack(">IHBB", ver << 28, plen, nxt, 64) + IP6_A + IP6_B + body


def ext(nxt, data_octets=6):
    """hop-by-hop / destination options: PadN filling data_octets (6 + 8k)."""
    n8 = (data_octets - 6) // 8
    pad = bytes([1, data_octets - 2]) + b"\x00" * (data_octets - 2)
    return bytes([nxt, n8]) + pad


def routing(nxt):
    """type 0 (deprecated but well formed), segments left 0, one address."""
    return bytes([nxt, 2, 0, 0]) + b"\x00" * 4 + IP6_B


def frag6(nxt, offset, more):
    return struct.pack(">BBHI", nxt, 0, (offset << 3) | (1 if more else 0), 0xabcd)


def arp(op, hlen=6, plen=4, htype=1, ptype=0x0800):
    sha = PEER[:hlen].ljust(hlen, b"\x00")
    spa = (IP_B * 4)[:plen]
    tha = b"\x00" * hlen
    tpa = (IP_A * 4)[:plen]
    return struct.pack(">HHBBH", htype, ptype, hlen, plen, op) + sha + spa + tha + tpa


def pad60(frame):
    return frame + b"\x00" * max(0, 60 - len(frame))


def cut(frame, n):
    """(captured bytes, wire length)"""
    return (frame[:n], len(frame))


# ---- the Ethernet cases -----------------------------------------------------
# Each: (name, captured bytes, wire length, decision, reason)

def eth_cases():
    c = []

    def add(name, frame, d, r, wire=None):
        if isinstance(frame, tuple):
            frame, w = frame
        else:
            w = len(frame)
        c.append((name, frame, wire if wire is not None else w, d, r))

    u_rt = eth(ip4(17, udp(5004)), 0x0800)
    # N1: destination
    add("dst cut at 0 bytes", cut(u_rt, 0), "drop", "truncated")
    add("dst cut at 5 bytes", cut(u_rt, 5), "drop", "truncated")
    add("dst whole, src cut (8 bytes)", cut(u_rt, 8), "gp", "truncated")
    add("type cut (13 bytes)", cut(u_rt, 13), "gp", "truncated")
    add("other unicast dst", eth(ip4(17, udp(5004)), 0x0800, dst=OTHER), "drop", "nic-filter")
    add("other unicast dst, src cut", cut(eth(ip4(17, udp(5004)), 0x0800, dst=OTHER), 9),
        "drop", "nic-filter")
    add("broadcast dst UDP RT", eth(ip4(17, udp(5004)), 0x0800, dst=BCAST), "rt", "rt-port")
    add("multicast dst UDP RT", eth(ip4(17, udp(5010)), 0x0800, dst=MCAST), "rt", "rt-port")
    # N0
    add("own source MAC", eth(ip4(17, udp(5004)), 0x0800, dst=BCAST, src=HOST), "skip", "own-tx")
    add("own source MAC, other dst", eth(ip4(17, udp(5004)), 0x0800, dst=OTHER, src=HOST),
        "skip", "own-tx")
    # N1b
    big = eth(ip4(17, udp(5004, payload=b"\x00" * (1500 - 28))), 0x0800)
    add("1514 bytes: largest untagged", big, "rt", "rt-port")
    big2 = eth(ip4(17, udp(5004, payload=b"\x00" * (1501 - 28))), 0x0800)
    add("1515 bytes: oversize", big2, "drop", "oversize")
    add("1515 bytes wire, 60 captured: oversize", (big2[:60], len(big2)), "drop", "oversize")
    add("1515 bytes to another host: the filter first",
        eth(ip4(17, udp(5004, payload=b"\x00" * (1501 - 28))), 0x0800, dst=OTHER),
        "drop", "nic-filter")
    add("1515 bytes from the host itself: own-tx first",
        eth(ip4(17, udp(5004, payload=b"\x00" * (1501 - 28))), 0x0800, src=HOST),
        "skip", "own-tx")
    v1 = vlan(ip4(17, udp(5004, payload=b"\x00" * (1500 - 28))), 0x0800, [(0x8100, 5)])
    add("1518 bytes, one tag", v1, "rt", "rt-port")
    v1b = vlan(ip4(17, udp(5004, payload=b"\x00" * (1501 - 28))), 0x0800, [(0x8100, 5)])
    add("1519 bytes, one tag: oversize", v1b, "drop", "oversize")
    v2 = vlan(ip4(17, udp(5004, payload=b"\x00" * (1500 - 28))), 0x0800,
              [(0x88a8, 5), (0x8100, 6)])
    add("1522 bytes, two tags", v2, "rt", "rt-port")
    v3 = vlan(ip4(17, udp(5004, payload=b"\x00" * (1500 - 32))), 0x0800,
              [(0x88a8, 5), (0x8100, 6), (0x8100, 7)])
    add("1522 bytes, three tags (two count)", v3, "gp", "default")
    v3b = vlan(ip4(17, udp(5004, payload=b"\x00" * (1501 - 32))), 0x0800,
               [(0x88a8, 5), (0x8100, 6), (0x8100, 7)])
    add("1523 bytes, three tags: oversize", v3b, "drop", "oversize")
    # L2 types
    add("802.3 length + LLC", eth(bytes([0x42, 0x42, 0x03]) + b"\x00" * 43, 46), "gp", "default")
    add("type 1500 (a length)", eth(b"\x00" * 46, 1500), "gp", "default")
    add("type 0x05dd (neither)", eth(b"\x00" * 46, 0x05dd), "gp", "default")
    add("unknown EtherType 0x88b5", eth(b"\x00" * 46, 0x88b5), "gp", "default")
    add("RARP 0x8035 reply", eth(arp(4), 0x8035), "gp", "default")
    # VLAN
    add("VLAN 0 priority tag, UDP RT", vlan(ip4(17, udp(5004)), 0x0800, [(0x8100, 0xa000)]),
        "rt", "rt-port")
    add("VLAN 100, UDP non-RT", vlan(ip4(17, udp(53)), 0x0800, [(0x8100, 100)]),
        "gp", "default")
    add("QinQ 88a8+8100, UDP RT", vlan(ip4(17, udp(5099)), 0x0800, [(0x88a8, 10), (0x8100, 20)]),
        "rt", "rt-port")
    add("8100+8100, UDP RT", vlan(ip4(17, udp(5004)), 0x0800, [(0x8100, 10), (0x8100, 20)]),
        "rt", "rt-port")
    add("three tags, UDP RT inside", vlan(ip4(17, udp(5004)), 0x0800,
                                          [(0x8100, 1), (0x8100, 2), (0x8100, 3)]),
        "gp", "default")
    add("TPID 0x9100 not looked through", vlan(ip4(17, udp(5004)), 0x0800,
                                               [(0x9100, 1), (0x8100, 2)]),
        "gp", "default")
    add("VLAN + 802.3 length", vlan(bytes([0xaa, 0xaa, 0x03]) + b"\x00" * 43, 46,
                                    [(0x8100, 1)]), "gp", "default")
    vt = vlan(ip4(17, udp(5004)), 0x0800, [(0x8100, 1)])
    add("VLAN TCI cut (15 bytes)", cut(vt, 15), "gp", "truncated")
    add("VLAN inner type cut (17 bytes)", cut(vt, 17), "gp", "truncated")
    vq = vlan(ip4(17, udp(5004)), 0x0800, [(0x88a8, 1), (0x8100, 2)])
    add("second tag cut (20 bytes)", cut(vq, 20), "gp", "truncated")
    add("VLAN ARP reply", vlan(arp(2), 0x0806, [(0x8100, 1)]), "both", "arp-reply")
    # ARP
    add("ARP request", eth(arp(1), 0x0806, dst=BCAST), "gp", "default")
    add("ARP reply", eth(arp(2), 0x0806), "both", "arp-reply")
    add("ARP reply padded to 60", pad60(eth(arp(2), 0x0806)), "both", "arp-reply")
    a2 = eth(arp(2), 0x0806)
    add("ARP reply, target address cut (41)", cut(a2, 41), "gp", "truncated")
    add("ARP reply, addresses cut (22)", cut(a2, 22), "gp", "truncated")
    add("ARP reply, opcode cut (21)", cut(a2, 21), "gp", "truncated")
    a1 = eth(arp(1), 0x0806, dst=BCAST)
    add("ARP request, cut (30)", cut(a1, 30), "gp", "truncated")
    add("ARP reply, hlen 8", eth(arp(2, hlen=8), 0x0806), "both", "arp-reply")
    add("ARP reply, hlen 8, cut in target", cut(eth(arp(2, hlen=8), 0x0806), 14 + 8 + 8 + 4 + 8),
        "gp", "truncated")
    add("ARP op 3 (RARP request)", eth(arp(3), 0x0806), "gp", "default")
    # IPv4 + UDP ports (RT set 5004-5099)
    for port, d, r in ((5003, "gp", "default"), (5004, "rt", "rt-port"),
                       (5099, "rt", "rt-port"), (5100, "gp", "default"),
                       (0, "gp", "default"), (65535, "gp", "default")):
        add("IPv4 UDP dport %d" % port, eth(ip4(17, udp(port)), 0x0800), d, r)
    add("IPv4 UDP sport 5004 dport 40000", eth(ip4(17, udp(40000, sport=5004)), 0x0800),
        "gp", "default")
    add("IPv4 UDP RT padded to 60", pad60(eth(ip4(17, udp(5004, payload=b"")), 0x0800)),
        "rt", "rt-port")
    add("IPv4 version 6 in 0x0800", eth(ip4(17, udp(5004), ver=6), 0x0800), "gp", "invalid")
    add("IPv4 version 6, 15 bytes", cut(eth(ip4(17, udp(5004), ver=6), 0x0800), 15),
        "gp", "invalid")
    add("IPv4 IHL 4", eth(ip4(17, udp(5004), ihl=4, opts=b""), 0x0800), "gp", "invalid")
    add("IPv4 IHL 0", eth(ip4(17, udp(5004), ihl=0, opts=b""), 0x0800), "gp", "invalid")
    add("IPv4 header cut (33)", cut(u_rt, 33), "gp", "truncated")
    add("IPv4 only version byte (15)", cut(u_rt, 15), "gp", "truncated")
    add("IPv4 0 bytes (14)", cut(u_rt, 14), "gp", "truncated")
    o = eth(ip4(17, udp(5004), ihl=15), 0x0800)
    add("IPv4 IHL 15 (40 bytes options), UDP RT", o, "rt", "rt-port")
    add("IPv4 IHL 15, options cut", cut(o, 14 + 59), "gp", "truncated")
    ot = eth(ip4(6, tcp(80), ihl=6), 0x0800)
    add("IPv4 IHL 6, TCP, options cut", cut(ot, 14 + 22), "gp", "truncated")
    add("IPv4 IHL 6, TCP, fixed part only", cut(ot, 14 + 20), "gp", "truncated")
    add("IPv4 IHL 6, TCP whole", ot, "gp", "default")
    add("IPv4 total length 0 (TSO), UDP RT", eth(ip4(17, udp(5004), tot=0), 0x0800),
        "rt", "rt-port")
    add("IPv4 total length 10 < header", eth(ip4(17, udp(5004), tot=10), 0x0800),
        "gp", "invalid")
    add("IPv4 total length 19 < header, options cut", cut(eth(ip4(17, udp(5004), ihl=6, tot=19),
                                                              0x0800), 14 + 21), "gp", "invalid")
    add("IPv4 total length 24: UDP header past it", eth(ip4(17, udp(5004), tot=24), 0x0800),
        "gp", "invalid")
    add("IPv4 total length 28, padded frame, UDP RT",
        pad60(eth(ip4(17, udp(5004, payload=b""), tot=28), 0x0800)), "rt", "rt-port")
    add("IPv4 total length 1000 > frame, UDP RT", eth(ip4(17, udp(5004), tot=1000), 0x0800),
        "rt", "rt-port")
    add("IPv4 first fragment (MF), UDP RT", eth(ip4(17, udp(5004), mf=True), 0x0800),
        "rt", "rt-port")
    add("IPv4 non-first fragment, UDP proto", eth(ip4(17, udp(5004), frag=185, mf=True), 0x0800),
        "gp", "default")
    add("IPv4 last fragment, UDP proto", eth(ip4(17, udp(5004), frag=185), 0x0800),
        "gp", "default")
    add("IPv4 non-first fragment, cut after IP header",
        cut(eth(ip4(17, udp(5004), frag=1, mf=True), 0x0800), 34), "gp", "default")
    add("IPv4 first fragment, UDP header cut", cut(eth(ip4(17, udp(5004), mf=True), 0x0800), 40),
        "gp", "truncated")
    add("IPv4 UDP header cut (ports there, 38)", cut(u_rt, 38), "gp", "truncated")
    add("IPv4 UDP header cut (41)", cut(u_rt, 41), "gp", "truncated")
    add("IPv4 UDP header whole, payload cut (42)", cut(u_rt, 42), "rt", "rt-port")
    add("IPv4 UDP non-RT header cut (40)", cut(eth(ip4(17, udp(53)), 0x0800), 40),
        "gp", "truncated")
    add("IPv4 TCP to 5004", eth(ip4(6, tcp(5004)), 0x0800), "gp", "default")
    add("IPv4 TCP header cut", cut(eth(ip4(6, tcp(5004)), 0x0800), 40), "gp", "default")
    add("IPv4 TCP data offset 4", eth(ip4(6, tcp(5004, doff=4)), 0x0800), "gp", "default")
    add("IPv4 ICMP echo", eth(ip4(1, icmp()), 0x0800), "gp", "default")
    add("IPv4 ICMP cut", cut(eth(ip4(1, icmp()), 0x0800), 36), "gp", "default")
    ah = bytes([17, 4, 0, 0]) + b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 12
    add("IPv4 AH then UDP RT", eth(ip4(51, ah + udp(5004)), 0x0800), "gp", "default")
    add("IPv4 ESP", eth(ip4(50, b"\x00" * 8 + udp(5004)), 0x0800), "gp", "default")
    add("IPv4 in IPv4, inner UDP RT", eth(ip4(4, ip4(17, udp(5004))), 0x0800), "gp", "default")
    add("IPv4 UDP-Lite (136)", eth(ip4(136, udp(5004)), 0x0800), "gp", "default")
    # IPv6
    add("IPv6 UDP RT", eth(ip6(17, udp(5004)), 0x86dd), "rt", "rt-port")
    add("IPv6 UDP 5100", eth(ip6(17, udp(5100)), 0x86dd), "gp", "default")
    add("IPv6 version 4 in 0x86dd", eth(ip6(17, udp(5004), ver=4), 0x86dd), "gp", "invalid")
    u6 = eth(ip6(17, udp(5004)), 0x86dd)
    add("IPv6 header cut (53)", cut(u6, 53), "gp", "truncated")
    add("IPv6 UDP header cut (60)", cut(u6, 60), "gp", "truncated")
    add("IPv6 UDP header whole (62)", cut(u6, 62), "rt", "rt-port")
    add("IPv6 hop-by-hop, UDP RT", eth(ip6(0, ext(17) + udp(5004)), 0x86dd), "rt", "rt-port")
    add("IPv6 hop-by-hop 16 bytes, UDP RT", eth(ip6(0, ext(17, 14) + udp(5004)), 0x86dd),
        "rt", "rt-port")
    add("IPv6 routing, UDP RT", eth(ip6(43, routing(17) + udp(5004)), 0x86dd), "rt", "rt-port")
    add("IPv6 destination options, UDP RT", eth(ip6(60, ext(17) + udp(5004)), 0x86dd),
        "rt", "rt-port")
    add("IPv6 atomic fragment (offset 0, M 0), UDP RT",
        eth(ip6(44, frag6(17, 0, False) + udp(5004)), 0x86dd), "rt", "rt-port")
    add("IPv6 first fragment, UDP RT", eth(ip6(44, frag6(17, 0, True) + udp(5004)), 0x86dd),
        "rt", "rt-port")
    add("IPv6 non-first fragment", eth(ip6(44, frag6(17, 100, True) + udp(5004)), 0x86dd),
        "gp", "default")
    add("IPv6 last fragment", eth(ip6(44, frag6(17, 100, False) + b"\x00" * 40), 0x86dd),
        "gp", "default")
    chain = eth(ip6(0, ext(43) + routing(60) + ext(44) + frag6(17, 0, True) + udp(5050)), 0x86dd)
    add("IPv6 HBH+routing+dstopts+frag, UDP RT", chain, "rt", "rt-port")
    add("IPv6 chain cut in routing header", cut(chain, 54 + 8 + 10), "gp", "truncated")
    add("IPv6 chain cut in fragment header", cut(chain, 54 + 8 + 24 + 8 + 4), "gp", "truncated")
    add("IPv6 chain cut in UDP header", cut(chain, 54 + 48 + 4), "gp", "truncated")
    add("IPv6 hop-by-hop cut (next header only)", cut(eth(ip6(0, ext(17) + udp(5004)), 0x86dd),
                                                      55), "gp", "truncated")
    add("IPv6 non-first fragment, cut after fragment header",
        cut(eth(ip6(44, frag6(17, 100, True) + udp(5004)), 0x86dd), 62), "gp", "default")
    add("IPv6 AH then UDP RT", eth(ip6(51, ah + udp(5004)), 0x86dd), "gp", "default")
    add("IPv6 ESP", eth(ip6(50, b"\x00" * 8 + udp(5004)), 0x86dd), "gp", "default")
    add("IPv6 no next header", eth(ip6(59, b""), 0x86dd), "gp", "default")
    add("IPv6 hop-by-hop then no next header", eth(ip6(0, ext(59)), 0x86dd), "gp", "default")
    add("IPv6 ICMPv6 echo", eth(ip6(58, icmp(128)), 0x86dd), "gp", "default")
    add("IPv6 TCP", eth(ip6(6, tcp(5004)), 0x86dd), "gp", "default")
    add("IPv6 payload length 0, no hop-by-hop: empty payload", eth(ip6(17, udp(5004), plen=0),
                                                                     0x86dd), "gp", "invalid")
    add("IPv6 payload length 0, hop-by-hop without jumbo option",
        eth(ip6(0, ext(17) + udp(5004), plen=0), 0x86dd), "gp", "invalid")
    short_jumbo = bytes([17, 0, 0xc2, 4]) + struct.pack(">I", 12)
    add("IPv6 jumbogram, jumbo length 12: UDP header past it",
        eth(ip6(0, short_jumbo + udp(5004), plen=0), 0x86dd), "gp", "invalid")
    small_jumbo = bytes([17, 0, 0xc2, 4]) + struct.pack(">I", 28)
    add("IPv6 jumbogram, jumbo length 28 <= 65535: not a jumbogram",
        eth(ip6(0, small_jumbo + udp(5004), plen=0), 0x86dd), "gp", "invalid")
    jumbo = bytes([17, 0, 0xc2, 4]) + struct.pack(">I", 70000)
    add("IPv6 jumbogram hop-by-hop, UDP RT", eth(ip6(0, jumbo + udp(5004), plen=0), 0x86dd),
        "rt", "rt-port")
    add("IPv6 payload length 4: UDP header past it", eth(ip6(17, udp(5004), plen=4), 0x86dd),
        "gp", "invalid")
    add("IPv6 payload length 4: hop-by-hop past it",
        eth(ip6(0, ext(17) + udp(5004), plen=4), 0x86dd), "gp", "invalid")
    add("IPv6 payload length 8, trailer after it, UDP RT",
        eth(ip6(17, udp(5004, payload=b"")), 0x86dd) + b"\xee" * 10, "rt", "rt-port")
    add("IPv6 mobility header (135)", eth(ip6(135, bytes([59, 0, 0, 0, 0, 0, 0, 0])), 0x86dd),
        "gp", "default")
    add("IPv6 in IPv6, inner UDP RT", eth(ip6(41, ip6(17, udp(5004))), 0x86dd), "gp", "default")
    return c


# ---- cooked captures ----------------------------------------------------------
# Linux SLL v1 header: pkttype(2) hatype(2) halen(2) addr(8) protocol(2)
# SLL v2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8)

def sll1(pkttype, proto, body, addr=PEER, hatype=1):
    return (struct.pack(">HHH", pkttype, hatype, len(addr)) + addr.ljust(8, b"\x00")[:8]
            + struct.pack(">H", proto) + body)


def sll2(pkttype, proto, body, addr=PEER, hatype=1):
    return (struct.pack(">HHIHBB", proto, 0, 2, hatype, pkttype, len(addr))
            + addr.ljust(8, b"\x00")[:8] + body)


def sll_cases(mk):
    c = []

    def add(name, frame, d, r):
        if isinstance(frame, tuple):
            frame, w = frame
        else:
            w = len(frame)
        c.append((name, frame, w, d, r))

    add("to us (0), UDP RT", mk(0, 0x0800, ip4(17, udp(5004))), "rt", "rt-port")
    add("to us (0), UDP non-RT", mk(0, 0x0800, ip4(17, udp(53))), "gp", "default")
    add("broadcast (1), ARP reply", mk(1, 0x0806, arp(2)), "both", "arp-reply")
    add("multicast (2), UDP RT", mk(2, 0x0800, ip4(17, udp(5010))), "rt", "rt-port")
    add("otherhost (3), UDP RT", mk(3, 0x0800, ip4(17, udp(5004))), "drop", "nic-filter")
    add("outgoing (4), UDP RT", mk(4, 0x0800, ip4(17, udp(5004))), "skip", "own-tx")
    add("to us, source = host MAC", mk(0, 0x0800, ip4(17, udp(5004)), addr=HOST),
        "skip", "own-tx")
    add("to us, no address (halen 0)", mk(0, 0x86dd, ip6(17, udp(5004)), addr=b""),
        "rt", "rt-port")
    add("to us, 8-byte address", mk(0, 0x0800, ip4(17, udp(5004)), addr=HOST + b"\x00\x00"),
        "rt", "rt-port")
    add("to us, 802.2 LLC (protocol 4)", mk(0, 0x0004, bytes([0x42, 0x42, 0x03, 0, 0, 0])),
        "gp", "default")
    hl = len(mk(0, 0x0800, b""))
    pt_end = 11 if mk is sll2 else 2     # bytes that hold the packet type
    for n, d, r in ((pt_end - 1, "drop", "truncated"), (pt_end, "gp", "truncated"),
                    (hl - 5, "gp", "truncated"), (hl - 1, "gp", "truncated"),
                    (hl, "gp", "truncated")):
        add("to us, cooked header cut at %d of %d" % (n, hl),
            cut(mk(0, 0x0800, ip4(17, udp(5004))), n), d, r)
    add("outgoing, cooked header cut at 12", cut(mk(4, 0x0800, ip4(17, udp(5004))), 12),
        "skip", "own-tx")
    add("otherhost, cooked header cut at 12", cut(mk(3, 0x0800, ip4(17, udp(5004))), 12),
        "drop", "nic-filter")
    add("loopback (5), UDP RT", mk(5, 0x0800, ip4(17, udp(5004))), "drop", "nic-filter")
    whole = mk(0, 0x0800, ip4(17, udp(5004)))
    add("to us, IPv4 header cut", cut(whole, len(whole) - 25), "gp", "truncated")
    add("to us, UDP header cut", cut(whole, len(whole) - 15), "gp", "truncated")
    return c


# ---- writers ----------------------------------------------------------------


def write_pcap(path, linktype, cases):
    pcap(path, [(1000 + i, 0, data, max(wire, len(data)))
                for i, (_name, data, wire, _d, _r) in enumerate(cases)], linktype=linktype)


def write_pcapng_dir(path, cases):
    """One Ethernet interface; each frame an EPB with epb_flags direction
    (0 unknown, 1 inbound, 2 outbound)."""
    out = shb() + idb(1, 65535)
    for i, (_name, data, wire, _d, _r, direction) in enumerate(cases):
        out += epb((1000 + i) * 1000000, data, wire=wire, flags=direction)
    with open(path, "wb") as f:
        f.write(out)


def dir_cases():
    u = eth(ip4(17, udp(5004)), 0x0800)
    b = eth(ip4(17, udp(5004)), 0x0800, dst=BCAST)
    return [
        ("no flags option, UDP RT", u, len(u), "rt", "rt-port", None),
        ("direction unknown (0), UDP RT", u, len(u), "rt", "rt-port", 0),
        ("inbound (1), UDP RT", u, len(u), "rt", "rt-port", 1),
        ("outbound (2), UDP RT", u, len(u), "skip", "own-tx", 2),
        ("outbound (2), broadcast", b, len(b), "skip", "own-tx", 2),
    ]


def write_expect(path, cases):
    with open(path, "w") as f:
        for i, case in enumerate(cases):
            name, _data, _wire, d, r = case[:5]
            f.write("%d\t%s\t%s\t%s\n" % (i + 1, d, r, name))


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: mkedge.py OUTDIR\n")
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    sets = [
        ("edge-eth.pcap", 1, eth_cases()),
        ("edge-sll.pcap", 113, sll_cases(sll1)),
        ("edge-sll2.pcap", 276, sll_cases(sll2)),
    ]
    for name, lt, cases in sets:
        write_pcap(os.path.join(out, name), lt, cases)
        write_expect(os.path.join(out, name + ".expect"), cases)
    dc = dir_cases()
    write_pcapng_dir(os.path.join(out, "edge-dir.pcapng"), dc)
    write_expect(os.path.join(out, "edge-dir.pcapng.expect"), dc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
