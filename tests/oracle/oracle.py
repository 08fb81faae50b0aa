#!/usr/bin/env python3
"""oracle.py - an independent routing oracle built on tshark's dissection.

For each frame of a capture, say where nicshare must route it (SPEC N0, N1,
N1b, C1-C4), deriving everything from the fields tshark prints, not from the
C model (model/frame.c, model/classify.c) and not from the frame's bytes:
tests/e2e/oracle.sh diffs this against `nicshare classify`.

    oracle.py [options] FILE          routing.tsv on stdout
    oracle.py --pick-host-mac FILE    a host MAC that makes the capture's
                                      frames really arrive (see pick_host_mac)
    oracle.py --foreign-frames FILE   numbers of the frames that are neither
                                      Ethernet nor Linux cooked (SLL, SLL2)
    --cache PATH                      keep tshark's output there, reuse it

Options: --host-mac MAC (default 02:00:00:00:00:01), --rt-ports SET
(e.g. 5004-5099,7000; default 5004-5099), --promiscuous 0|1 (0),
--multicast 0|1 (1), --mtu N (1500), --tshark PATH (default: $TSHARK or
tshark). Output: "frame<TAB>decision<TAB>reason", one header line.
Exit status: 0, 2 on bad usage or when tshark fails, 3 when the capture has
frames of a link type nicshare does not read (named on stderr).

Python standard library only.

What tshark tells, and how it is read (tshark 4.0):
  * frame.protocols lists the layers tshark dissected, outermost first
    ("eth:ethertype:vlan:ethertype:ip:udp:data"); "ethertype" entries are
    dispatch markers and are dropped here.
  * When the captured bytes end inside a dissector, tshark stops there and
    prints _ws.short = "[Packet size limited during capture: X truncated]";
    when a length field sends it past the end of the packet, _ws.malformed =
    "[Malformed Packet: X]". X names the layer, which is then the last one in
    frame.protocols. Such an exception in a layer the classifier needs
    (a VLAN tag it looks through, ARP, IPv4, IPv6 and its extension
    headers) is C4 "truncated", or "invalid" for a malformed one.
  * The UDP dissector reads past its 8 bytes (heuristics on the payload), so
    its exception does not say whether the header was whole. udp.checksum
    (bytes 6-7) is printed only when all 8 bytes were there: present means
    the header is whole; absent with "[Malformed Packet: UDP]" means the IP
    length field ends the datagram before the UDP header does (invalid);
    absent with a short capture means truncated.
  * IPv4 header errors: ip.version != 4, ip.hdr_len < 20, 0 < ip.len <
    ip.hdr_len (tshark: "Bogus IP length"; ip.len 0 is taken as TSO, as
    tshark does). IPv6: ipv6.version != 6.
  * IP defragmentation is turned off (-o ip.defragment:FALSE, ipv6 too) so
    that each fragment is dissected alone; a non-first IPv4 fragment has
    ip.frag_offset > 0, an IPv6 one ipv6.fraghdr.offset > 0.
  * tshark does not dissect a frame with fewer than 14 captured bytes at
    all; for those (only) the destination and source MACs are read from the
    frame_raw hex of a second pass (tshark -T json -x).

Rules (SPEC section 2 and 3, and the choices written in model/classify.c):
  N0  skip own-tx: cooked-capture packet type 4 (outgoing), pcapng
      direction outbound (frame.packet_flags_direction 2), or a source MAC,
      whole, equal to the host MAC.
  N1  drop truncated: fewer than 6 bytes (no whole destination MAC).
      drop nic-filter: unless promiscuous, or destination = host MAC, or
      broadcast, or multicast (I/G bit) with multicast on.
  N1b drop oversize: wire length > MTU + 14 + 4 x (VLAN tags looked
      through, at most 2; a tag counts once its TPID is seen).
  C1-C4 as in classify.c: two tags (0x8100 / 0x88a8) looked through; a
      third tag, another TPID (0x9100 too, though tshark looks through it),
      an 802.3 length or an unknown type: gp default. ARP (0x0806; RARP
      0x8035 is another type) cut: gp truncated; opcode 2: both arp-reply;
      else gp default. IPv4 / IPv6 header (with extension headers
      hop-by-hop, routing, destination options, fragment) cut: gp
      truncated; malformed: gp invalid; non-first fragment, or what follows
      is not directly UDP (AH, ESP, tunnels, ...): gp default; UDP header
      as above; destination port in the RT set: rt rt-port, else gp default.

Cooked captures (SLL: 16-byte header, SLL2: 20) are converted as nicshare
documents it (src/capin.c): destination = host MAC for packet type 0 (to
us), ff:ff:ff:ff:ff:ff for 1 (broadcast), 01:00:5e:00:00:00 for 2
(multicast), 02:00:00:00:00:ff (a unicast address not the host's) for 3
(other host), 00:00:00:00:00:00 for 4 (outgoing: own-tx, source = host MAC)
and any other type. Source = the link-layer address when it is 6 bytes
long, else 00:00:00:00:00:00. Type = the SLL protocol field (sll.etype, or
sll.ltype such as 0x0004 for 802.2 LLC, a length). Wire length = original
length - header + 14, captured length likewise; a frame whose cooked header
itself is cut keeps the prefix its bytes determine (0, 6, 12 or 14 bytes;
read from frame_raw, as tshark dissects nothing of it).

Known blind spot: tshark gives no field for the type inside an 802.1ad
(0x88a8) tag; it is inferred from the next layer (vlan -> 0x8100, so an
inner 0x9100 tag would be looked through; arp -> 0x0806).
"""
import json
import os
import re
import subprocess
import sys
from collections import Counter

FIELDS = [
    "frame.number", "frame.encap_type", "frame.len", "frame.cap_len",
    "frame.protocols", "frame.packet_flags_direction",
    "eth.dst", "eth.src", "eth.type", "eth.len",
    "vlan.etype", "vlan.len",
    "sll.pkttype", "sll.halen", "sll.src.eth", "sll.etype", "sll.ltype",
    "arp.opcode",
    "ip.version", "ip.hdr_len", "ip.len", "ip.proto", "ip.frag_offset",
    "ipv6.version", "ipv6.fraghdr.offset",
    "udp.dstport", "udp.checksum",
    "_ws.short", "_ws.malformed",
]
PREFS = ["-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE"]

ENCAP_ETHERNET = 1
ENCAP_SLL = 25
ENCAP_SLL2 = 210
SLL_HLEN = {ENCAP_SLL: 16, ENCAP_SLL2: 20}

BCAST = "ff:ff:ff:ff:ff:ff"
ZERO_MAC = "00:00:00:00:00:00"
# cooked packet type -> synthesised destination (0, to us: the host MAC)
SLL_DST = {1: BCAST, 2: "01:00:5e:00:00:00", 3: "02:00:00:00:00:ff", 4: ZERO_MAC}

TPIDS = (0x8100, 0x88a8)
IPV6_EXT = ("ipv6.hopopts", "ipv6.routing", "ipv6.dstopts", "ipv6.fraghdr")

# tshark's protocol names in exception messages -> frame.protocols entries
LAYER_OF = {
    "Ethernet": "eth", "Linux cooked-mode capture v1": "sll",
    "Linux cooked-mode capture v2": "sll", "VLAN": "vlan",
    "IEEE 802.1AD": "ieee8021ad", "ARP/RARP": "arp", "IPv4": "ip", "IPv6": "ipv6",
    "IPv6 Hop-by-Hop": "ipv6.hopopts", "IPv6 Routing": "ipv6.routing",
    "IPv6 Destination": "ipv6.dstopts", "IPv6 Fragment": "ipv6.fraghdr",
    "UDP": "udp",
}


class OracleError(Exception):
    pass


def warn(msg):
    sys.stderr.write("oracle.py: %s\n" % msg)


def tshark_path(opt):
    return opt or os.environ.get("TSHARK") or "tshark"


def run_tshark(tshark, args):
    try:
        p = subprocess.run([tshark] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise OracleError("cannot run %s: %s" % (tshark, e))
    err = p.stderr.decode("utf-8", "replace")
    err = "\n".join(l for l in err.splitlines() if "Running as user" not in l
                    and "could be dangerous" not in l)
    if p.returncode != 0:
        raise OracleError("%s %s failed (%d): %s" % (tshark, " ".join(args), p.returncode,
                                                       err.strip()))
    return p.stdout.decode("utf-8", "replace")


def dump(tshark, path):
    """One dict per frame: field -> list of values (empty list if absent)."""
    args = ["-r", path, "-n"] + PREFS + ["-T", "fields", "-E", "separator=/t",
                                         "-E", "occurrence=a", "-E", "aggregator=/s",
                                         "-E", "quote=n", "-E", "header=n"]
    for f in FIELDS:
        args += ["-e", f]
    out = run_tshark(tshark, args)
    frames = []
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) != len(FIELDS):
            raise OracleError("%s: unexpected tshark line (%d columns): %r"
                              % (path, len(cols), line[:200]))
        fr = {}
        for name, val in zip(FIELDS, cols):
            if name in ("_ws.short", "_ws.malformed", "frame.protocols"):
                fr[name] = val
            else:
                fr[name] = [v for v in val.split(" ") if v != ""]
        frames.append(fr)
    return frames


SHORT_FILTER = ("(frame.encap_type == %d and frame.cap_len < 14) or "
                "(frame.encap_type == %d and frame.cap_len < %d) or "
                "(frame.encap_type == %d and frame.cap_len < %d)"
                % (ENCAP_ETHERNET, ENCAP_SLL, SLL_HLEN[ENCAP_SLL], ENCAP_SLL2,
                   SLL_HLEN[ENCAP_SLL2]))


def is_short(r):
    e, cap = num(r["frame.encap_type"]), num(r["frame.cap_len"])
    return cap < (14 if e == ENCAP_ETHERNET else SLL_HLEN.get(e, 0))


def raw_bytes_of_short_frames(tshark, path):
    """frame number -> bytes, for frames whose link-layer header is cut,
    which tshark does not dissect at all."""
    out = run_tshark(tshark, ["-r", path, "-n", "-Y", SHORT_FILTER, "-T", "json", "-x"])
    res = {}
    if not out.strip():
        return res
    for pkt in json.loads(out):
        layers = pkt["_source"]["layers"]
        num = int(layers["frame"]["frame.number"])
        raw = layers.get("frame_raw", [""])[0]
        res[num] = bytes.fromhex(raw)
    return res


def num(vals, i=0):
    """Integer value of a field occurrence (decimal or 0x hex), or None."""
    if len(vals) <= i:
        return None
    return int(vals[i], 0)


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def is_multicast(mac):
    return int(mac.split(":")[0], 16) & 1 == 1


def parse_ports(text):
    ports = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            a, b = int(a), int(b)
        else:
            a = b = int(part)
        if not (0 < a <= b <= 65535):
            raise ValueError("bad port range %r" % part)
        ports.update(range(a, b + 1))
    return ports


def exception_of(fr):
    """(kind, layer) of the exception tshark hit, or (None, None)."""
    m = re.search(r"\[Malformed Packet: ([^\]]+)\]", fr["_ws.malformed"])
    if m:
        return "invalid", LAYER_OF.get(m.group(1), m.group(1))
    m = re.search(r"\[Packet size limited during capture: (.+) truncated\]", fr["_ws.short"])
    if m:
        return "truncated", LAYER_OF.get(m.group(1), m.group(1))
    return None, None


class Frame:
    """The Ethernet view of one captured frame, from tshark's fields."""

    def __init__(self, fr, raw, host):
        self.fr = fr
        self.number = num(fr["frame.number"])
        self.encap = num(fr["frame.encap_type"])
        wire = num(fr["frame.len"])
        cap = num(fr["frame.cap_len"])
        self.outbound = num(fr["frame.packet_flags_direction"]) == 2
        toks = [t for t in fr["frame.protocols"].split(":") if t and t != "ethertype"]
        self.dst = self.src = None
        self.type = None          # int, or None when not captured
        self.l3_empty = False     # a cut cooked frame: the type, no byte after it
        if self.encap == ENCAP_ETHERNET:
            self.wire, self.cap = max(wire, cap), cap
            if cap < 14:
                b = raw.get(self.number, b"")
                if len(b) != cap:
                    raise OracleError("frame %d: no raw bytes from tshark" % self.number)
                self.dst = mac_str(b[0:6]) if cap >= 6 else None
                self.src = mac_str(b[6:12]) if cap >= 12 else None
            else:
                self.dst = fr["eth.dst"][0]
                self.src = fr["eth.src"][0]
                if fr["eth.type"]:
                    self.type = num(fr["eth.type"])
                elif fr["eth.len"]:
                    self.type = num(fr["eth.len"])
                else:
                    self.type = 0x05dd   # 1501..1535: neither (tshark prints neither field)
        elif self.encap in SLL_HLEN:
            hl = SLL_HLEN[self.encap]
            self.wire = max(wire, cap) - hl + 14
            if cap < hl:
                self.cut_cooked(raw.get(self.number), host)
            else:
                self.cap = cap - hl + 14
                pkttype = num(fr["sll.pkttype"])
                if pkttype == 4:
                    self.outbound = True
                self.dst = SLL_DST.get(pkttype, ZERO_MAC) if pkttype != 0 else host
                halen = num(fr["sll.halen"])
                self.src = fr["sll.src.eth"][0] if halen == 6 and fr["sll.src.eth"] else ZERO_MAC
                if pkttype == 4:
                    self.src = host
                if fr["sll.etype"]:
                    self.type = num(fr["sll.etype"])
                elif fr["sll.ltype"]:
                    self.type = num(fr["sll.ltype"])
                else:
                    raise OracleError("frame %d: cooked frame without protocol" % self.number)
        else:
            raise OracleError("frame %d: link type %d is not Ethernet or cooked"
                              % (self.number, self.encap))
        self.toks = toks
        self.exc_kind, self.exc_layer = exception_of(fr)
        self.walk_tags()

    def cut_cooked(self, b, host):
        """A cooked frame too short for its own header (tshark dissects none
        of it): the converted frame keeps the prefix its bytes determine,
        as src/capin.c documents (0, 6, 12 or 14 bytes)."""
        if b is None:
            raise OracleError("frame %d: no raw bytes from tshark" % self.number)
        v2 = self.encap == ENCAP_SLL2
        pt_end, halen_end, addr_off, proto_off = (11, 12, 12, 0) if v2 else (2, 6, 6, 14)
        cap = len(b)
        self.cap = 0
        if cap < pt_end:
            return
        pt = b[10] if v2 else (b[0] << 8) | b[1]
        self.outbound = pt == 4
        self.dst = SLL_DST.get(pt, ZERO_MAC) if pt != 0 else host
        self.cap = 6
        if pt == 4:
            self.src = host
        else:
            if cap < halen_end:
                return
            halen = b[11] if v2 else (b[4] << 8) | b[5]
            self.src = ZERO_MAC
            if halen == 6:
                if cap < addr_off + 6:
                    return
                self.src = mac_str(b[addr_off:addr_off + 6])
        self.cap = 12
        if cap < proto_off + 2:
            return
        self.type = (b[proto_off] << 8) | b[proto_off + 1]
        self.cap = 14
        self.l3_empty = True

    def cut_at(self, j):
        """The exception, if tshark stopped in layer j (the last one)."""
        if self.exc_kind and j == len(self.toks) - 1:
            if self.exc_layer != self.toks[j]:
                warn("frame %d: exception in %r but last layer is %r"
                     % (self.number, self.exc_layer, self.toks[j]))
            return self.exc_kind
        return None

    def walk_tags(self):
        """Look through up to two VLAN tags: sets nvlan, l3type (int, or
        'cut'), and l3idx, the index of the layer after the tags."""
        self.nvlan = 0
        self.l3idx = 1
        if self.type is None:
            self.l3type = "cut"
            return
        t = self.type
        vi = 0        # next vlan.etype occurrence
        j = 1
        while t in TPIDS and self.nvlan < 2:
            self.nvlan += 1
            tok = self.toks[j] if j < len(self.toks) else None
            if tok not in ("vlan", "ieee8021ad"):
                raise OracleError("frame %d: TPID 0x%04x but layer %r"
                                  % (self.number, t, tok))
            if self.cut_at(j):
                self.l3type = "cut"
                self.l3idx = j
                return
            nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
            if tok == "vlan":
                if vi < len(self.fr["vlan.etype"]):
                    t = num(self.fr["vlan.etype"], vi)
                    vi += 1
                elif self.fr["vlan.len"]:
                    t = num(self.fr["vlan.len"])
                else:
                    raise OracleError("frame %d: VLAN tag without type" % self.number)
            else:
                t = {"vlan": 0x8100, "ieee8021ad": 0x88a8, "arp": 0x0806, "ip": 0x0800,
                     "ipv6": 0x86dd, "llc": 0x0004, None: 0x0000}.get(nxt, 0x05dd)
            j += 1
        self.l3type = t
        self.l3idx = j


def route(f, host, ports, promisc, multicast, mtu):
    # N0
    if f.outbound or (f.src is not None and f.src == host):
        return "skip", "own-tx"
    # N1
    if f.dst is None:
        return "drop", "truncated"
    if not (promisc or f.dst == host or f.dst == BCAST or (multicast and is_multicast(f.dst))):
        return "drop", "nic-filter"
    # N1b
    if f.wire > mtu + 14 + 4 * min(f.nvlan, 2):
        return "drop", "oversize"
    return classify(f, ports)


def classify(f, ports):
    t = f.l3type
    if t == "cut":
        return "gp", "truncated"
    if t <= 1500 or t not in (0x0806, 0x0800, 0x86dd):
        return "gp", "default"     # LLC, a third tag, another TPID, another type
    if f.l3_empty:
        return "gp", "truncated"   # ARP / IP type, not one byte of the header
    fr, toks, j = f.fr, f.toks, f.l3idx
    tok = toks[j] if j < len(toks) else None
    if t == 0x0806:
        if tok != "arp":
            raise OracleError("frame %d: ARP type but layer %r" % (f.number, tok))
        if f.cut_at(j):
            return "gp", "truncated"
        return ("both", "arp-reply") if num(fr["arp.opcode"]) == 2 else ("gp", "default")
    if t == 0x0800:
        return classify_ipv4(f, j, ports)
    return classify_ipv6(f, j, ports)


def classify_ipv4(f, j, ports):
    fr = f.fr
    ver = num(fr["ip.version"])
    if ver is None:
        return "gp", "truncated"             # not even the first byte
    if ver != 4:
        return "gp", "invalid"
    hl = num(fr["ip.hdr_len"])
    if hl < 20:
        return "gp", "invalid"
    tot = num(fr["ip.len"])
    if tot is not None and tot != 0 and tot < hl:
        return "gp", "invalid"
    if f.toks[j] != "ip":
        raise OracleError("frame %d: IPv4 type but layer %r" % (f.number, f.toks[j]))
    k = f.cut_at(j)
    if k:
        return "gp", k
    if (num(fr["ip.frag_offset"]) or 0) > 0:
        return "gp", "default"
    if num(fr["ip.proto"]) != 17:
        return "gp", "default"
    return classify_udp(f, j + 1, ports)


def classify_ipv6(f, j, ports):
    fr = f.fr
    ver = num(fr["ipv6.version"])
    if ver is None:
        return "gp", "truncated"
    if ver != 6:
        return "gp", "invalid"
    if f.toks[j] != "ipv6":
        raise OracleError("frame %d: IPv6 type but layer %r" % (f.number, f.toks[j]))
    k = f.cut_at(j)
    if k:
        return "gp", k
    nfrag = 0
    j += 1
    while j < len(f.toks) and f.toks[j] in IPV6_EXT:
        k = f.cut_at(j)
        if k:
            return "gp", k
        if f.toks[j] == "ipv6.fraghdr":
            off = num(fr["ipv6.fraghdr.offset"], nfrag)
            nfrag += 1
            if (off or 0) > 0:
                return "gp", "default"
        j += 1
    if j >= len(f.toks) or f.toks[j] != "udp":
        return "gp", "default"
    return classify_udp(f, j, ports)


def classify_udp(f, j, ports):
    fr = f.fr
    if j >= len(f.toks) or f.toks[j] != "udp":
        raise OracleError("frame %d: UDP protocol but layer %r"
                          % (f.number, f.toks[j] if j < len(f.toks) else None))
    if fr["udp.checksum"]:
        return ("rt", "rt-port") if num(fr["udp.dstport"]) in ports else ("gp", "default")
    if f.exc_layer != "udp":
        warn("frame %d: UDP header not whole, yet no exception in UDP" % f.number)
    return "gp", f.exc_kind or "truncated"


def load(tshark, path, cache):
    """tshark's rows and the raw bytes of the short frames, from the cache
    file when there is one (several runs over one capture), else from
    tshark (and saved to the cache file, if named)."""
    if cache and os.path.exists(cache):
        with open(cache) as f:
            c = json.load(f)
        if c.get("capture") == os.path.abspath(path):
            return c["rows"], {int(k): bytes.fromhex(v) for k, v in c["raw"].items()}
    rows = dump(tshark, path)
    raw = {}
    if any(is_short(r) for r in rows):
        raw = raw_bytes_of_short_frames(tshark, path)
    if cache:
        with open(cache, "w") as f:
            json.dump({"capture": os.path.abspath(path), "rows": rows,
                       "raw": {str(k): v.hex() for k, v in raw.items()}}, f)
    return rows, raw


def frames_of(rows, raw, host):
    foreign = [r for r in rows if num(r["frame.encap_type"]) not in (ENCAP_ETHERNET,) +
               tuple(SLL_HLEN)]
    if foreign:
        raise ForeignFrames([num(r["frame.number"]) for r in foreign],
                            sorted(set(num(r["frame.encap_type"]) for r in foreign)))
    return [Frame(r, raw, host) for r in rows]


class ForeignFrames(Exception):
    def __init__(self, numbers, encaps):
        Exception.__init__(self, "frames of link type(s) %s" % encaps)
        self.numbers = numbers
        self.encaps = encaps


def pick_host_mac(rows):
    """The most common unicast destination among Ethernet frames whose
    source differs from it (ties: the smallest); 02:00:00:00:00:01 when
    there is none (cooked captures, or every frame sent by its own
    destination): the promiscuous runs then still accept them."""
    c = Counter()
    for r in rows:
        if num(r["frame.encap_type"]) != ENCAP_ETHERNET or not r["eth.dst"]:
            continue
        d, s = r["eth.dst"][0], r["eth.src"][0]
        if not is_multicast(d) and d != s and d != ZERO_MAC:
            c[d] += 1
    if not c:
        return "02:00:00:00:00:01"
    best = max(c.values())
    return min(d for d, n in c.items() if n == best)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description="tshark-based routing oracle (SPEC N0-N1b, C1-C4)")
    ap.add_argument("file")
    ap.add_argument("--host-mac", default="02:00:00:00:00:01")
    ap.add_argument("--rt-ports", default="5004-5099")
    ap.add_argument("--promiscuous", type=int, choices=(0, 1), default=0)
    ap.add_argument("--multicast", type=int, choices=(0, 1), default=1)
    ap.add_argument("--mtu", type=int, default=1500)
    ap.add_argument("--tshark")
    ap.add_argument("--cache", help="keep tshark's output for FILE here (reused if present)")
    ap.add_argument("--pick-host-mac", action="store_true")
    ap.add_argument("--foreign-frames", action="store_true")
    a = ap.parse_args(argv)
    tshark = tshark_path(a.tshark)
    try:
        rows, raw = load(tshark, a.file, a.cache)
        if a.pick_host_mac:
            print(pick_host_mac(rows))
            return 0
        if a.foreign_frames:
            for r in rows:
                if num(r["frame.encap_type"]) not in (ENCAP_ETHERNET,) + tuple(SLL_HLEN):
                    print(num(r["frame.number"]))
            return 0
        if not re.fullmatch(r"([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}", a.host_mac):
            raise ValueError("bad --host-mac %r" % a.host_mac)
        host = a.host_mac.lower()
        ports = parse_ports(a.rt_ports)
        frames = frames_of(rows, raw, host)
    except ForeignFrames as e:
        sys.stderr.write("oracle.py: %s: %s (frames %s): nicshare reads only Ethernet, "
                         "SLL and SLL2\n" % (a.file, e, ",".join(map(str, e.numbers[:10]))))
        return 3
    except (OracleError, ValueError) as e:
        sys.stderr.write("oracle.py: %s: %s\n" % (a.file, e))
        return 2
    out = ["frame\tdecision\treason"]
    for f in frames:
        d, r = route(f, host, ports, a.promiscuous, a.multicast, a.mtu)
        out.append("%d\t%s\t%s" % (f.number, d, r))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
