"""Frames and capture files for the tests, built from the formats' own
published layouts, never by nicshare:

- pcap: pcap-savefile(5) and draft-ietf-opsawg-pcap (a 24-byte file
  header, then a 16-byte record header before each frame; magic
  a1b2c3d4 for microsecond stamps, a1b23c4d for nanosecond ones);
- pcapng: draft-ietf-opsawg-pcapng (blocks of type, total length, body
  padded to 32 bits, total length again; SHB, IDB, EPB);
- Ethernet II, IPv4 (RFC 791, its header checksum RFC 1071), IPv6 (RFC
  8200: a 40-byte header, hop limit 64) and UDP (RFC 768: checksum 0,
  "none", or over the pseudo-header; over IPv6 always, RFC 8200 8.1).

The e2e scripts import it with PYTHONPATH="$top_srcdir/tests"; a script
that needs a frame these helpers do not make packs it itself.
"""
import socket
import struct

PCAP_US = 0xA1B2C3D4
PCAP_NS = 0xA1B23C4D
ETH_IPV4 = 0x0800
ETH_IPV6 = 0x86DD


# ---- frames -------------------------------------------------------------


def mac(m):
    """'02:00:00:00:00:01', '020000000001' or 6 bytes -> 6 bytes"""
    if isinstance(m, (bytes, bytearray)):
        assert len(m) == 6
        return bytes(m)
    b = bytes.fromhex(m.replace(":", ""))
    assert len(b) == 6, m
    return b


def ip4(a):
    """'10.0.0.1' or 4 bytes -> 4 bytes"""
    if isinstance(a, (bytes, bytearray)):
        assert len(a) == 4
        return bytes(a)
    return bytes(int(x) for x in a.split("."))


def ip6(a):
    """'2001:db8::1' or 16 bytes -> 16 bytes"""
    if isinstance(a, (bytes, bytearray)):
        assert len(a) == 16
        return bytes(a)
    return socket.inet_pton(socket.AF_INET6, a)


def csum(b):
    """RFC 1071: the ones' complement of the ones' complement sum"""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, payload, etype=ETH_IPV4):
    return mac(dst) + mac(src) + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ident=0, frag=0, ttl=64, checksum=False):
    """A 20-byte header before payload; frag is the flags and offset field
    (0x2000 more fragments, offset in 8-byte units); the header checksum is
    0 unless checksum is set"""
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF, frag, ttl,
                    proto, 0, ip4(src), ip4(dst))
    if checksum:
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nxt, payload, hlim=64):
    """A 40-byte header before payload: traffic class and flow label 0"""
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nxt, hlim, ip6(src),
                       ip6(dst)) + payload


def udp(sport, dport, payload):
    """A UDP datagram without checksum (0)"""
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def udp_csum(src, dst, sport, dport, payload):
    """A UDP datagram with its checksum over the IPv4 pseudo-header (RFC
    768: a computed 0 is sent as all ones)"""
    u = udp(sport, dport, payload)
    c = csum(ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, len(u)) + u) or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def udp6_csum(src, dst, sport, dport, payload):
    """A UDP datagram with its checksum over the IPv6 pseudo-header (RFC
    8200 8.1: source, destination, upper-layer length in 32 bits, three
    zero bytes, next header 17; a computed 0 is sent as all ones)"""
    u = udp(sport, dport, payload)
    c = csum(ip6(src) + ip6(dst) + struct.pack("!IBBBB", len(u), 0, 0, 0, 17) + u) or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def udp_frame(dst_mac, src_mac, src, dst, sport, dport, payload, **ip):
    """Ethernet, IPv4 and UDP around payload"""
    return eth(dst_mac, src_mac, ipv4(src, dst, 17, udp(sport, dport, payload), **ip))


# ---- pcap ---------------------------------------------------------------


def pcap_bytes(records, snap=65535, linktype=1, nano=False):
    """records: (sec, frac, data) or (sec, frac, data, wire length), frac
    in microseconds (nanoseconds when nano); data is written as given"""
    out = [struct.pack("<IHHiIII", PCAP_NS if nano else PCAP_US, 2, 4, 0, 0, snap, linktype)]
    for r in records:
        sec, frac, data = r[0], r[1], r[2]
        wire = r[3] if len(r) > 3 else len(data)
        out.append(struct.pack("<IIII", sec, frac, len(data), wire) + data)
    return b"".join(out)


def pcap(path, records, **kw):
    with open(path, "wb") as f:
        f.write(pcap_bytes(records, **kw))


# ---- pcapng -------------------------------------------------------------


def block(btype, body):
    """A block: its body padded to 32 bits, its total length at both ends"""
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def shb():
    """Section header, little-endian, version 1.0, section length unknown"""
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))


def idb(linktype=1, snaplen=0, tsresol=None):
    """Interface description; tsresol is if_tsresol's byte (option 9),
    absent: microseconds"""
    opts = b""
    if tsresol is not None:
        opts = struct.pack("<HHB3x", 9, 1, tsresol) + struct.pack("<HH", 0, 0)
    return block(1, struct.pack("<HHI", linktype, 0, snaplen) + opts)


def epb(ts, data, ifc=0, wire=None, flags=None):
    """Enhanced packet block: ts in the interface's units; flags is
    epb_flags (option 2), bits 0-1 the direction (1 inbound, 2 outbound)"""
    opts = b""
    if flags is not None:
        opts = struct.pack("<HHI", 2, 4, flags) + struct.pack("<HH", 0, 0)
    body = struct.pack("<IIIII", ifc, ts >> 32, ts & 0xFFFFFFFF, len(data),
                       len(data) if wire is None else wire)
    return block(6, body + data + b"\0" * (-len(data) % 4) + opts)
