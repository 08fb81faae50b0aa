/* frame.c - a bounds-checked view of one captured Ethernet frame, and the
 * builders of the frames the simulator generates.
 * Models: the header reading of Fig. 8b step 488 (the RT input thread
 * "reads the packet type and, where the packet includes a port address, the
 * port") over the frame formats of Fig. 4a/4b; SPEC section 3.
 *
 * Every byte of a captured frame is read through a frame_cur accessor.
 * Running out of captured bytes is FRAME_TRUNCATED; bytes that are there but
 * say something impossible are FRAME_INVALID. What is read:
 *   Ethernet II: destination, source, type/length; up to two VLAN tags
 *     (TPID 0x8100 or 0x88a8) are looked through; a further tag is not
 *     (third_tag = 1, L3_OTHER); a length field (<= 1500) is L3_LLC.
 *   ARP: the 8-byte fixed part and the addresses (2*hlen + 2*plen bytes).
 *   IPv4: version 4 and IHL >= 5, else INVALID; IHL*4 bytes captured, else
 *     TRUNCATED; a total length shorter than the header is INVALID (0 is
 *     taken as "unknown", as written by TCP segmentation offload).
 *   IPv6: version 6, else INVALID; 40 bytes; extension headers hop-by-hop
 *     (0), routing (43), destination options (60), fragment (44) walked,
 *     each whole or TRUNCATED; any other next header ends the walk.
 *   L4 (not for a non-first fragment): UDP 8 bytes, TCP 20 bytes (data
 *     offset >= 5 else INVALID; its options past the datagram's length
 *     field INVALID, past the captured bytes alone not read), ICMP/ICMPv6
 *     4 bytes.
 * The IP datagram ends at its length field (IPv4 total length, IPv6 40 +
 * payload length or, for a jumbogram, the hop-by-hop Jumbo Payload option;
 * an IPv4 total length of 0 means "up to the end of the frame"): a header
 * that would extend past that end is INVALID (the length field lies), one
 * that extends past the captured bytes is TRUNCATED; when both, whichever
 * end comes first decides. The wire length never extends what can be read.
 * Cost: one pass over at most the headers, no allocation. */
#include "frame.h"

#include <string.h>

/* ---- the cursor ---------------------------------------------------------- */
/* Inline here (the parser calls them for every field); the public
 * frame_cur_* below are the same functions. */

static inline void cur_init(struct frame_cur *c, const uint8_t *p, size_t len)
{
	c->p = p;
	c->len = p ? len : 0;
	c->off = 0;
}

static inline size_t cur_left(const struct frame_cur *c)
{
	return c->off <= c->len ? c->len - c->off : 0;
}

static inline bool cur_skip(struct frame_cur *c, size_t n)
{
	if (cur_left(c) < n)
		return false;
	c->off += n;
	return true;
}

static inline bool cur_u8(struct frame_cur *c, uint8_t *v)
{
	if (cur_left(c) < 1)
		return false;
	*v = c->p[c->off];
	c->off += 1;
	return true;
}

static inline bool cur_u16(struct frame_cur *c, uint16_t *v)
{
	if (cur_left(c) < 2)
		return false;
	*v = (uint16_t)((c->p[c->off] << 8) | c->p[c->off + 1]);
	c->off += 2;
	return true;
}

static inline bool cur_u32(struct frame_cur *c, uint32_t *v)
{
	if (cur_left(c) < 4)
		return false;
	const uint8_t *q = c->p + c->off;
	*v = ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3];
	c->off += 4;
	return true;
}

static inline bool cur_bytes(struct frame_cur *c, void *dst, size_t n)
{
	if (cur_left(c) < n)
		return false;
	if (n)
		memcpy(dst, c->p + c->off, n);
	c->off += n;
	return true;
}

/* ---- the cursor, public ---------------------------------------------------- */

void frame_cur_init(struct frame_cur *c, const uint8_t *p, size_t len) { cur_init(c, p, len); }
size_t frame_cur_left(const struct frame_cur *c) { return cur_left(c); }
bool frame_cur_skip(struct frame_cur *c, size_t n) { return cur_skip(c, n); }
bool frame_cur_u8(struct frame_cur *c, uint8_t *v) { return cur_u8(c, v); }
bool frame_cur_u16(struct frame_cur *c, uint16_t *v) { return cur_u16(c, v); }
bool frame_cur_u32(struct frame_cur *c, uint32_t *v) { return cur_u32(c, v); }
bool frame_cur_bytes(struct frame_cur *c, void *dst, size_t n) { return cur_bytes(c, dst, n); }

/* ---- MAC helpers --------------------------------------------------------- */

bool frame_mac_is_broadcast(const uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		if (mac[i] != 0xff)
			return false;
	return true;
}

bool frame_mac_equal(const uint8_t a[6], const uint8_t b[6])
{
	return memcmp(a, b, 6) == 0;
}

/* ---- parsing ------------------------------------------------------------- */

#define ETH_P_IPV4 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define ETH_P_QINQ_OLD 0x9100   /* pre-802.1ad QinQ: only flags a third tag */
#define ETH_MAX_LEN 1500        /* type/length <= this is an 802.3 length */

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_DSTOPTS_ 60

#define UDP_HLEN 8
#define TCP_HLEN 20
#define ICMP_HLEN 4
#define ARP_FIXED 8
#define IPV4_HLEN 20
#define IPV6_HLEN 40

/* A cursor over the IP datagram: it ends at the captured end or at the
 * datagram's own end (dgram_end, from its length field), whichever comes
 * first. len_bounded says the datagram's end is the nearer one, so running
 * out there means the length field lies (INVALID), not the capture
 * (TRUNCATED). */
struct dgram {
	struct frame_cur c;
	bool len_bounded;
};

static void dgram_init(struct dgram *d, const uint8_t *p, size_t caplen, size_t off,
                       bool has_end, size_t dgram_end)
{
	size_t end = caplen;
	d->len_bounded = false;
	if (has_end && dgram_end <= caplen) {
		end = dgram_end;
		d->len_bounded = true;
	}
	cur_init(&d->c, p, end);
	d->c.off = off <= end ? off : end;
}

static enum frame_status dgram_short(const struct dgram *d)
{
	return d->len_bounded ? FRAME_INVALID : FRAME_TRUNCATED;
}

/* L4 header at the cursor, protocol fi->ip_proto. Sets l4, l4_status. A
 * header is whole or not at all: the fields are stored only when every
 * byte of it was read. */
static void parse_l4(struct dgram *d, bool v6, struct frame_info *fi)
{
	struct frame_cur *c = &d->c;
	uint16_t sp, dp;
	uint8_t b;
	fi->l4_off = (uint32_t)c->off;   /* <= caplen, a uint32_t */
	switch (fi->ip_proto) {
	case IPPROTO_UDP_:
		fi->l4 = L4_UDP;
		/* length and checksum are not examined */
		if (!cur_u16(c, &sp) || !cur_u16(c, &dp) ||
		    !cur_skip(c, UDP_HLEN - 4)) {
			fi->l4_status = dgram_short(d);
			return;
		}
		fi->sport = sp;
		fi->dport = dp;
		fi->l4_status = FRAME_OK;
		return;
	case IPPROTO_TCP_:
		fi->l4 = L4_TCP;
		/* ports, sequence, acknowledgement, data offset, the rest */
		if (!cur_u16(c, &sp) || !cur_u16(c, &dp) || !cur_skip(c, 8) ||
		    !cur_u8(c, &b) || !cur_skip(c, TCP_HLEN - 13)) {
			fi->l4_status = dgram_short(d);
			return;
		}
		fi->sport = sp;
		fi->dport = dp;
		/* a data offset below 5, or past the datagram's end as its
		 * length field gives it (tshark: "Short segment"; review n54),
		 * is INVALID; options past the captured bytes alone are not
		 * looked at: the ports are whole */
		size_t opt = (size_t)(b >> 4) * 4;
		fi->l4_status = (b >> 4) < 5 || (d->len_bounded && opt - TCP_HLEN > cur_left(c))
		                ? FRAME_INVALID : FRAME_OK;
		return;
	case IPPROTO_ICMP_:
	case IPPROTO_ICMPV6_:
		/* ICMP inside IPv6 or ICMPv6 inside IPv4 is "another protocol". */
		if ((fi->ip_proto == IPPROTO_ICMPV6_) != v6) {
			fi->l4 = L4_OTHER;
			fi->l4_status = FRAME_OK;
			return;
		}
		fi->l4 = v6 ? L4_ICMPV6 : L4_ICMP;
		if (!cur_u8(c, &b) || !cur_skip(c, ICMP_HLEN - 1)) {
			fi->l4_status = dgram_short(d);
			return;
		}
		fi->icmp_type = b;
		fi->l4_status = FRAME_OK;
		return;
	default:
		fi->l4 = L4_OTHER;
		fi->l4_status = FRAME_OK;
		return;
	}
}

static enum frame_status parse_arp(struct frame_cur *c, struct frame_info *fi)
{
	uint16_t htype, ptype, op;
	uint8_t hlen, plen;
	if (!cur_u16(c, &htype) || !cur_u16(c, &ptype) ||
	    !cur_u8(c, &hlen) || !cur_u8(c, &plen) || !cur_u16(c, &op))
		return fi->l3_status = FRAME_TRUNCATED;
	fi->arp_htype = htype;
	fi->arp_ptype = ptype;
	fi->arp_hlen = hlen;
	fi->arp_plen = plen;
	fi->arp_oper = op;
	size_t body = 2u * hlen + 2u * plen;
	if (cur_left(c) < body) {
		/* the fixed part is known, the addresses are not: not present */
		return fi->l3_status = FRAME_TRUNCATED;
	}
	if (hlen == 6)
		cur_bytes(c, fi->arp_sha, 6);
	else
		cur_skip(c, hlen);
	if (plen == 4)
		cur_u32(c, &fi->arp_spa);
	else
		cur_skip(c, plen);
	cur_skip(c, hlen);       /* target hardware address */
	if (plen == 4)
		cur_u32(c, &fi->arp_tpa);
	else
		cur_skip(c, plen);
	return fi->l3_status = FRAME_OK;
}

/* The fragment fields of an IPv4 header, from its flags and offset word
 * (RFC 791): a fragment has MF set or a non-zero offset; only the first
 * (offset 0) carries the L4 header. */
static inline void ipv4_fragment(struct frame_info *fi, uint16_t ff)
{
	uint16_t frag_off = ff & 0x1fff;
	fi->ip_fragment = (ff & 0x2000) != 0 || frag_off > 0;
	fi->ip_nonfirst_fragment = frag_off > 0;
}

/* An IPv4 header read whole, options included (`start` its first byte,
 * `l4_off` the byte after it): the datagram ends where its total length
 * says, or with the frame when that length is 0 (a TSO frame's), and its
 * L4 header is parsed unless this is a later fragment. Both IPv4 parsers,
 * the walk and the plain fast path, end here, so the rule is written once. */
static inline enum frame_status ipv4_payload(const uint8_t *p, size_t caplen, size_t start,
                                             size_t l4_off, uint16_t totlen,
                                             struct frame_info *fi)
{
	fi->l3_status = FRAME_OK;
	fi->ip_end = totlen ? (uint32_t)(start + totlen) : fi->wirelen;
	if (fi->ip_nonfirst_fragment) {
		fi->l4 = L4_NONE;   /* no L4 header in this fragment */
		return FRAME_OK;
	}
	struct dgram d;
	dgram_init(&d, p, caplen, l4_off, totlen != 0, start + totlen);
	parse_l4(&d, false, fi);
	return fi->l4_status;
}

static enum frame_status parse_ipv4(const uint8_t *p, size_t caplen, struct frame_cur *c,
                                    struct frame_info *fi)
{
	size_t start = c->off;
	uint8_t vihl;
	if (!cur_u8(c, &vihl))
		return fi->l3_status = FRAME_TRUNCATED;
	fi->ip_version = vihl >> 4;
	fi->ip_ihl = vihl & 0x0f;
	if (fi->ip_version != 4 || fi->ip_ihl < 5)
		return fi->l3_status = FRAME_INVALID;
	size_t hlen = 4u * fi->ip_ihl;

	/* The fixed 20 bytes are read when captured, so that a header cut in
	 * its options still shows what it carries; it is TRUNCATED all the same. */
	uint8_t tos, ttl, proto;
	uint16_t totlen, id, ff, sum;
	if (!cur_u8(c, &tos) || !cur_u16(c, &totlen) || !cur_u16(c, &id) ||
	    !cur_u16(c, &ff) || !cur_u8(c, &ttl) || !cur_u8(c, &proto) ||
	    !cur_u16(c, &sum) || !cur_bytes(c, fi->ip_src, 4) ||
	    !cur_bytes(c, fi->ip_dst, 4)) {
		memset(fi->ip_src, 0, sizeof fi->ip_src);
		memset(fi->ip_dst, 0, sizeof fi->ip_dst);
		return fi->l3_status = FRAME_TRUNCATED;
	}
	fi->ip_proto = proto;
	ipv4_fragment(fi, ff);
	/* A total length shorter than the header is known to be wrong as soon
	 * as the fixed part is there, whether or not the options are. */
	if (totlen != 0 && totlen < hlen)
		return fi->l3_status = FRAME_INVALID;
	if (!cur_skip(c, hlen - IPV4_HLEN))   /* options */
		return fi->l3_status = FRAME_TRUNCATED;
	return ipv4_payload(p, caplen, start, c->off, totlen, fi);
}

/* The Jumbo Payload option (type 0xC2, 4 bytes) among the options of the
 * hop-by-hop header p[at..at+len), already known to be captured. */
static bool hbh_jumbo(const uint8_t *p, size_t at, size_t len, uint32_t *jlen)
{
	struct frame_cur o;
	cur_init(&o, p, at + len);
	o.off = at + 2;
	uint8_t type, olen;
	while (cur_u8(&o, &type)) {
		if (type == 0)   /* Pad1 */
			continue;
		if (!cur_u8(&o, &olen))
			return false;
		if (type == 0xc2 && olen == 4)
			return cur_u32(&o, jlen);
		if (!cur_skip(&o, olen))
			return false;
	}
	return false;
}

static enum frame_status parse_ipv6(const uint8_t *p, size_t caplen, struct frame_cur *c,
                                    struct frame_info *fi)
{
	size_t start = c->off;
	uint8_t v;
	if (!cur_u8(c, &v))
		return fi->l3_status = FRAME_TRUNCATED;
	fi->ip_version = v >> 4;
	if (fi->ip_version != 6)
		return fi->l3_status = FRAME_INVALID;
	c->off = start;
	uint32_t vtcfl;
	uint16_t plen;
	uint8_t nxt, hlim;
	if (!cur_u32(c, &vtcfl) || !cur_u16(c, &plen) || !cur_u8(c, &nxt) ||
	    !cur_u8(c, &hlim) || !cur_bytes(c, fi->ip_src, 16) ||
	    !cur_bytes(c, fi->ip_dst, 16)) {
		memset(fi->ip_src, 0, sizeof fi->ip_src);
		memset(fi->ip_dst, 0, sizeof fi->ip_dst);
		return fi->l3_status = FRAME_TRUNCATED;
	}

	/* Payload length 0 with a hop-by-hop header first may be a jumbogram
	 * (RFC 2675): the hop-by-hop header is read up to the captured end,
	 * then its Jumbo Payload option gives the length; without that option
	 * 0 is an empty payload. */
	struct dgram d;
	bool jumbo = plen == 0 && nxt == IPPROTO_HOPOPTS_;
	size_t end = start + IPV6_HLEN + (size_t)plen;
	dgram_init(&d, p, caplen, c->off, !jumbo, end);
	for (;;) {
		fi->ip_proto = nxt;
		if (nxt == IPPROTO_HOPOPTS_ || nxt == IPPROTO_ROUTING_ || nxt == IPPROTO_DSTOPTS_) {
			size_t at = d.c.off;
			uint8_t next, hl;
			if (!cur_u8(&d.c, &next) || !cur_u8(&d.c, &hl))
				return fi->l3_status = dgram_short(&d);
			d.c.off = at;
			size_t xlen = 8u * ((size_t)hl + 1);
			if (!cur_skip(&d.c, xlen))
				return fi->l3_status = dgram_short(&d);
			if (jumbo) {
				uint32_t jlen = 0;
				/* RFC 2675: a jumbo length <= 65535 is an error */
				bool found = hbh_jumbo(p, at, xlen, &jlen) && jlen > 0xffff;
				jumbo = false;
				end = start + IPV6_HLEN + (found ? (size_t)jlen : 0);
				dgram_init(&d, p, caplen, at, true, end);
				if (!cur_skip(&d.c, xlen))
					return fi->l3_status = dgram_short(&d);
			}
			nxt = next;
		} else if (nxt == IPPROTO_FRAGMENT_) {
			uint8_t next, res;
			uint16_t offm;
			uint32_t ident;
			if (!cur_u8(&d.c, &next) || !cur_u8(&d.c, &res) ||
			    !cur_u16(&d.c, &offm) || !cur_u32(&d.c, &ident))
				return fi->l3_status = dgram_short(&d);
			fi->ip_fragment = true;
			if ((offm >> 3) > 0)
				fi->ip_nonfirst_fragment = true;
			nxt = next;
		} else {
			break;
		}
		if (fi->ipv6_ext_count < UINT8_MAX)
			fi->ipv6_ext_count++;
		if (fi->ip_nonfirst_fragment) {
			fi->ip_proto = nxt;
			break;
		}
	}
	fi->l3_status = FRAME_OK;
	fi->ip_end = end < UINT32_MAX ? (uint32_t)end : UINT32_MAX;
	if (fi->ip_nonfirst_fragment) {
		fi->l4 = L4_NONE;
		return FRAME_OK;
	}
	parse_l4(&d, true, fi);
	return fi->l4_status;
}

/* The common frame, untagged Ethernet and IPv4 without options whose 34
 * bytes up to the end of the IP header are captured: what the general
 * walk below finds (parse_ipv4's fields, in its order of checks), without
 * its cursor's bound checks, which cannot fail here. fi is cleared and has
 * caplen and wirelen. About 100 instructions against 260 (a world's frames
 * and a replayed capture's are nearly all such). tests/check_frame
 * compares it field by field with the walk over the same frames given a
 * VLAN tag (which the walk takes). */
static enum frame_status parse_ipv4_plain(const uint8_t *p, size_t caplen, struct frame_info *fi)
{
	const uint8_t *ip = p + FRAME_ETH_HLEN;
	memcpy(fi->dst, p, 6);
	memcpy(fi->src, p + 6, 6);
	fi->has_dst = fi->has_src = fi->has_ethertype = true;
	fi->ethertype = ETH_P_IPV4;
	fi->l3_off = FRAME_ETH_HLEN;
	fi->l3 = L3_IPV4;
	fi->ip_version = 4;
	fi->ip_ihl = 5;
	uint16_t totlen = (uint16_t)(ip[2] << 8 | ip[3]);
	uint16_t ff = (uint16_t)(ip[6] << 8 | ip[7]);
	memcpy(fi->ip_src, ip + 12, 4);
	memcpy(fi->ip_dst, ip + 16, 4);
	fi->ip_proto = ip[9];
	ipv4_fragment(fi, ff);
	if (totlen != 0 && totlen < IPV4_HLEN)
		return fi->l3_status = FRAME_INVALID;
	return ipv4_payload(p, caplen, FRAME_ETH_HLEN, FRAME_ETH_HLEN + IPV4_HLEN, totlen, fi);
}

enum frame_status frame_parse(const uint8_t *p, uint32_t caplen, uint32_t wirelen,
                              struct frame_info *fi)
{
	memset(fi, 0, sizeof *fi);
	if (!p)
		caplen = 0;
	fi->caplen = caplen;
	fi->wirelen = wirelen < caplen ? caplen : wirelen;
	fi->l3 = L3_NONE;
	fi->l3_status = FRAME_TRUNCATED;

	if (caplen >= FRAME_ETH_HLEN + IPV4_HLEN && p[12] == ETH_P_IPV4 >> 8 &&
	    p[13] == (ETH_P_IPV4 & 0xff) && p[14] == 0x45)
		return parse_ipv4_plain(p, caplen, fi);

	struct frame_cur c;
	cur_init(&c, p, caplen);
	if (!cur_bytes(&c, fi->dst, 6))
		return FRAME_TRUNCATED;
	fi->has_dst = true;
	if (!cur_bytes(&c, fi->src, 6))
		return FRAME_TRUNCATED;
	fi->has_src = true;

	uint16_t type;
	if (!cur_u16(&c, &type))
		return FRAME_TRUNCATED;
	while (type == ETH_P_8021Q || type == ETH_P_8021AD || type == ETH_P_QINQ_OLD) {
		if (fi->nvlan == FRAME_MAX_VLAN || type == ETH_P_QINQ_OLD) {
			/* not looked into (SPEC section 3) */
			fi->third_tag = fi->nvlan == FRAME_MAX_VLAN;
			break;
		}
		/* A tag counts as soon as its TPID is read (it is on the wire
		 * whatever the capture kept: N1b allows 4 bytes for it); its TCI
		 * and the type field after it must be captured too, or nothing
		 * past Ethernet is known. */
		uint16_t tci = 0;
		fi->vlan_tpid[fi->nvlan] = type;
		fi->nvlan++;
		if (!cur_u16(&c, &tci))
			return FRAME_TRUNCATED;
		fi->vlan_tci[fi->nvlan - 1] = tci;
		if (!cur_u16(&c, &type))
			return FRAME_TRUNCATED;
	}
	fi->has_ethertype = true;
	fi->ethertype = type;
	fi->l3_off = (uint32_t)c.off;

	if (fi->third_tag || type == ETH_P_QINQ_OLD) {
		fi->l3 = L3_OTHER;
		return fi->l3_status = FRAME_OK;
	}
	if (type <= ETH_MAX_LEN) {
		fi->l3 = L3_LLC;
		return fi->l3_status = FRAME_OK;
	}
	switch (type) {
	case ETH_P_ARP:
		fi->l3 = L3_ARP;
		return parse_arp(&c, fi);
	case ETH_P_IPV4:
		fi->l3 = L3_IPV4;
		return parse_ipv4(p, caplen, &c, fi);
	case ETH_P_IPV6:
		fi->l3 = L3_IPV6;
		return parse_ipv6(p, caplen, &c, fi);
	default:
		fi->l3 = L3_OTHER;
		return fi->l3_status = FRAME_OK;
	}
}

/* ---- building ------------------------------------------------------------ */

static void put16(uint8_t *q, uint16_t v)
{
	q[0] = (uint8_t)(v >> 8);
	q[1] = (uint8_t)v;
}

static void put32(uint8_t *q, uint32_t v)
{
	q[0] = (uint8_t)(v >> 24);
	q[1] = (uint8_t)(v >> 16);
	q[2] = (uint8_t)(v >> 8);
	q[3] = (uint8_t)v;
}

/* One's-complement sum of n bytes added to sum (RFC 1071), not folded:
 * the bytes are 16-bit big-endian words (an odd last byte is the high
 * half of a word), and only their sum modulo 0xffff matters, since
 * 0x10000 = 1 (mod 0xffff). So eight bytes at a time are added as one
 * 64-bit big-endian number (four words at once), a carry out of bit 63
 * added back at bit 0 (2^64 = 1 (mod 0xffff)): RFC 1071 section 2(B),
 * "parallel summation". Only the last chunk summed may have an odd
 * length (each chunk must start on a word). Cost: a few instructions per
 * 8 bytes, against about 10 per 2 bytes word by word; inlined, the short
 * fixed chunks (addresses, pseudo-header, IP header) unroll. */
static inline __attribute__((always_inline)) uint64_t csum_add(uint64_t sum, const uint8_t *q,
                                                               size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, q + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		w = __builtin_bswap64(w);       /* big-endian value */
#endif
		sum += w;
		sum += sum < w;                 /* end-around carry */
	}
	uint64_t w = 0;                     /* the last 0..7 bytes, as words: */
	if (n - i >= 4) {                   /* two at once (2^16 = 1 as above) */
		w = (uint32_t)q[i] << 24 | (uint32_t)q[i + 1] << 16 | (uint32_t)q[i + 2] << 8 | q[i + 3];
		i += 4;
	}
	if (n - i >= 2) {
		w += (uint32_t)(q[i] << 8 | q[i + 1]);
		i += 2;
	}
	if (i < n)
		w += (uint32_t)q[i] << 8;
	sum += w;
	sum += sum < w;
	return sum;
}

/* Folded to 16 bits and complemented. A sum of data not all zero never
 * folds to 0: it stays in 1..0xffff. */
static uint16_t csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put_eth(uint8_t *q, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	memcpy(q, dst, 6);
	memcpy(q + 6, src, 6);
	put16(q + 12, type);
}

/* Ethernet + IP header for an L4 segment of l4len bytes of protocol proto.
 * Returns the offset of the L4 header, 0 when it does not fit. */
static size_t put_ip(uint8_t *buf, size_t cap, const uint8_t dst_mac[6],
                     const uint8_t src_mac[6], bool ipv6, const uint8_t src_ip[16],
                     const uint8_t dst_ip[16], uint8_t proto, size_t l4len, uint16_t ip_id)
{
	size_t iphl = ipv6 ? IPV6_HLEN : IPV4_HLEN;
	size_t l4off = FRAME_ETH_HLEN + iphl;
	if (l4len > 0xffff - (ipv6 ? 0 : IPV4_HLEN) || cap < l4off || cap - l4off < l4len)
		return 0;
	uint8_t *ip = buf + FRAME_ETH_HLEN;
	if (ipv6) {
		put_eth(buf, dst_mac, src_mac, ETH_P_IPV6);
		put32(ip, 0x60000000u);
		put16(ip + 4, (uint16_t)l4len);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, src_ip, 16);
		memcpy(ip + 24, dst_ip, 16);
	} else {
		put_eth(buf, dst_mac, src_mac, ETH_P_IPV4);
		ip[0] = 0x45;
		ip[1] = 0;
		put16(ip + 2, (uint16_t)(IPV4_HLEN + l4len));
		put16(ip + 4, ip_id);
		put16(ip + 6, 0);
		ip[8] = 64;
		ip[9] = proto;
		put16(ip + 10, 0);
		memcpy(ip + 12, src_ip, 4);
		memcpy(ip + 16, dst_ip, 4);
		put16(ip + 10, csum_fold(csum_add(0, ip, IPV4_HLEN)));
	}
	return l4off;
}

/* Transport sum, not folded: the pseudo-header of a segment of l4len
 * bytes and the first n of them, at l4. */
static uint64_t l4_sum(bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                       uint8_t proto, const uint8_t *l4, size_t n, size_t l4len)
{
	uint64_t sum = 0;
	uint8_t tail[8];
	if (ipv6) {
		sum = csum_add(sum, src_ip, 16);
		sum = csum_add(sum, dst_ip, 16);
		put32(tail, (uint32_t)l4len);
		put32(tail + 4, proto);
	} else {
		sum = csum_add(sum, src_ip, 4);
		sum = csum_add(sum, dst_ip, 4);
		tail[0] = 0;
		tail[1] = proto;
		put16(tail + 2, (uint16_t)l4len);
		put32(tail + 4, 0);
	}
	sum = csum_add(sum, tail, 8);
	return csum_add(sum, l4, n);
}

/* Transport checksum over the pseudo-header and the segment at l4. */
static uint16_t l4_csum(bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                        uint8_t proto, const uint8_t *l4, size_t l4len)
{
	return csum_fold(l4_sum(ipv6, src_ip, dst_ip, proto, l4, l4len, l4len));
}

static void put_payload(uint8_t *q, const uint8_t *payload, size_t n)
{
	if (n == 0)
		return;
	if (payload)
		memcpy(q, payload, n);
	else
		memset(q, 0, n);
}

/* Ethernet, IP and the UDP header (checksum 0 for now) of a datagram of
 * l4len bytes: the UDP header, NULL when it does not fit. */
static uint8_t *put_udp(uint8_t *buf, size_t cap, const uint8_t dst_mac[6],
                      const uint8_t src_mac[6], bool ipv6, const uint8_t src_ip[16],
                      const uint8_t dst_ip[16], uint16_t sport, uint16_t dport, size_t l4len,
                      uint16_t ip_id)
{
	size_t off = put_ip(buf, cap, dst_mac, src_mac, ipv6, src_ip, dst_ip, IPPROTO_UDP_, l4len,
	                    ip_id);
	if (!off)
		return NULL;
	uint8_t *u = buf + off;
	put16(u, sport);
	put16(u + 2, dport);
	put16(u + 4, (uint16_t)l4len);
	put16(u + 6, 0);
	return u;
}

size_t frame_build_udp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                       uint16_t sport, uint16_t dport,
                       const uint8_t *payload, size_t payload_len, uint16_t ip_id)
{
	return frame_build_udp_csum(buf, cap, dst_mac, src_mac, ipv6, src_ip, dst_ip, sport, dport,
	                            payload, payload_len, ip_id, 0);
}

/* ~field is the datagram's sum S modulo 0xffff (also for 0xffff sent for
 * a computed 0: ~0xffff = 0 = 0xffff mod 0xffff). S - old + new is
 * ~field + ~old + new, folded: a positive number folds to the one value in
 * 1..0xffff of its class, the one a full sum folds to; 0 (possible only
 * when S = -0 and old = 0xffff, new = 0) folds to 0 and gives the field
 * 0xffff, which a full sum of class 0 gives too. */
uint16_t frame_udp_csum_update(uint16_t field, uint16_t old_word, uint16_t new_word)
{
	uint32_t x = (uint32_t)(uint16_t)~field + (uint16_t)~old_word + new_word;
	uint16_t c = csum_fold(x);
	return c ? c : 0xffff;
}

size_t frame_build_udp_csum(uint8_t *buf, size_t cap,
                            const uint8_t dst_mac[6], const uint8_t src_mac[6],
                            bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                            uint16_t sport, uint16_t dport,
                            const uint8_t *payload, size_t payload_len, uint16_t ip_id,
                            uint16_t csum_field)
{
	if (!buf || payload_len > 0xffff - UDP_HLEN)
		return 0;
	size_t l4len = UDP_HLEN + payload_len;
	uint8_t *u = put_udp(buf, cap, dst_mac, src_mac, ipv6, src_ip, dst_ip, sport, dport, l4len,
	                     ip_id);
	if (!u)
		return 0;
	put_payload(u + UDP_HLEN, payload, payload_len);
	if (csum_field) {
		put16(u + 6, csum_field);
	} else {
		uint16_t sum = l4_csum(ipv6, src_ip, dst_ip, IPPROTO_UDP_, u, l4len);
		put16(u + 6, sum ? sum : 0xffff);   /* 0 means "no checksum" in UDP */
	}
	return (size_t)(u - buf) + l4len;
}

/* The bytes of the fill are not summed: n bytes of value b starting on a
 * word are n / 2 words of b x 257 and, n odd, a last byte that is the high
 * half of a word; their sum, added as one number, is the same modulo 0xffff
 * as csum_add's (see there), and both sums are positive (the pseudo-header
 * holds the protocol), so the folded fields agree. */
size_t frame_build_udp_fill(uint8_t *buf, size_t cap,
                            const uint8_t dst_mac[6], const uint8_t src_mac[6],
                            bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                            uint16_t sport, uint16_t dport,
                            const uint8_t *head, size_t head_len, uint8_t fill, size_t fill_len,
                            uint16_t ip_id)
{
	if (!buf || head_len > 0xffff - UDP_HLEN || fill_len > 0xffff - UDP_HLEN - head_len)
		return 0;
	size_t l4len = UDP_HLEN + head_len + fill_len;
	uint8_t *u = put_udp(buf, cap, dst_mac, src_mac, ipv6, src_ip, dst_ip, sport, dport, l4len,
	                     ip_id);
	if (!u)
		return 0;
	put_payload(u + UDP_HLEN, head, head_len);
	if (fill_len)
		memset(u + UDP_HLEN + head_len, fill, fill_len);
	uint64_t sum;
	if (head_len % 2 == 0) {
		sum = l4_sum(ipv6, src_ip, dst_ip, IPPROTO_UDP_, u, UDP_HLEN + head_len, l4len);
		uint64_t w = (uint64_t)(fill_len / 2) * (fill * 257u) +
		             (fill_len % 2 ? (uint64_t)fill << 8 : 0);
		sum += w;
		sum += sum < w;                 /* end-around carry */
	} else {                            /* the fill starts inside a word */
		sum = l4_sum(ipv6, src_ip, dst_ip, IPPROTO_UDP_, u, l4len, l4len);
	}
	uint16_t c = csum_fold(sum);
	put16(u + 6, c ? c : 0xffff);       /* 0 means "no checksum" in UDP */
	return (size_t)(u - buf) + l4len;
}

size_t frame_build_tcp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                       uint16_t sport, uint16_t dport,
                       uint32_t seq, uint32_t ack, uint8_t flags,
                       const uint8_t *payload, size_t payload_len, uint16_t ip_id)
{
	if (!buf || payload_len > 0xffff - TCP_HLEN)
		return 0;
	size_t l4len = TCP_HLEN + payload_len;
	size_t off = put_ip(buf, cap, dst_mac, src_mac, ipv6, src_ip, dst_ip,
	                    IPPROTO_TCP_, l4len, ip_id);
	if (!off)
		return 0;
	uint8_t *t = buf + off;
	put16(t, sport);
	put16(t + 2, dport);
	put32(t + 4, seq);
	put32(t + 8, ack);
	t[12] = (TCP_HLEN / 4) << 4;
	t[13] = flags;
	put16(t + 14, 0xffff);   /* window */
	put16(t + 16, 0);        /* checksum, below */
	put16(t + 18, 0);        /* urgent pointer */
	put_payload(t + TCP_HLEN, payload, payload_len);
	put16(t + 16, l4_csum(ipv6, src_ip, dst_ip, IPPROTO_TCP_, t, l4len));
	return off + l4len;
}

size_t frame_build_arp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       uint16_t op, const uint8_t sha[6], uint32_t spa,
                       const uint8_t tha[6], uint32_t tpa)
{
	size_t len = FRAME_ETH_HLEN + ARP_FIXED + 2 * 6 + 2 * 4;
	if (!buf || cap < len)
		return 0;
	put_eth(buf, dst_mac, src_mac, ETH_P_ARP);
	uint8_t *a = buf + FRAME_ETH_HLEN;
	put16(a, 1);             /* Ethernet */
	put16(a + 2, ETH_P_IPV4);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	put32(a + 14, spa);
	memcpy(a + 18, tha, 6);
	put32(a + 24, tpa);
	return len;
}

void frame_build_rtp(uint8_t h[FRAME_RTP_HLEN], bool marker, uint8_t pt, uint16_t seq,
                     uint32_t ts, uint32_t ssrc)
{
	h[0] = 0x80;                                   /* V 2, no padding, extension, CSRC */
	h[1] = (uint8_t)((marker ? 0x80 : 0) | (pt & 0x7f));
	put16(h + 2, seq);
	put32(h + 4, ts);
	put32(h + 8, ssrc);
}

const uint8_t *frame_udp_payload(const uint8_t *p, uint32_t caplen, const struct frame_info *fi,
                                 size_t *len)
{
	if (fi->l4 != L4_UDP || fi->l4_status != FRAME_OK || (size_t)fi->l4_off + 8 > caplen)
		return NULL;
	const uint8_t *u = p + fi->l4_off;
	size_t ulen = (size_t)u[4] << 8 | u[5];        /* UDP length, header included */
	size_t have = caplen - fi->l4_off;
	if (ulen < 8)
		return NULL;
	/* not past the IP datagram: a UDP length beyond it would take the
	 * Ethernet padding for payload (review n45) */
	if (fi->ip_end >= fi->l4_off + 8 && fi->ip_end - fi->l4_off < have)
		have = fi->ip_end - fi->l4_off;
	*len = (ulen < have ? ulen : have) - 8;
	return u + 8;
}
