/* ipfrag.c - IPv4 and IPv6 reassembly of the datagrams GP's SIP engine reads
 * (ipfrag.h). Models no figure of the patent: it is what GP's stack does
 * before a socket (Fig. 4's GP stack 414) sees a datagram, needed for an
 * INVITE whose SDP spans two frames (claim 17: the media ports GP's SIP
 * engine learns from it are what RT claims).
 *
 * A datagram in progress is a slot: its key (IP version, source,
 * destination, protocol, identification), its payload buffer (65535 bytes
 * at most) and a bitmap of the 8-byte units held (fragment offsets count
 * in units of 8). It is whole when its last fragment (IPv4's MF, IPv6's M
 * clear) has set its end and the bytes held reach it. */
#include "ipfrag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define IP_MAX 65535u                 /* bytes of payload at most */
#define UNITS ((IP_MAX + 7) / 8)      /* 8-byte units of a payload */

/* What a fragment says of itself (RFC 791 for IPv4, RFC 8200 section 4.5
 * for IPv6's fragment header). */
struct part {
	uint8_t version, proto;       /* the datagram's protocol (IPv6: the fragment
	                                 header's next header) */
	uint32_t id;
	uint32_t off, n;              /* its bytes of the datagram's payload */
	bool more;                    /* MF / M: not the last */
	const uint8_t *data;
	bool whole;                   /* its bytes all captured, lengths consistent */
};

struct slot {
	bool used;
	uint64_t age;                 /* when taken: the oldest is dropped for room */
	uint8_t version, src[16], dst[16], proto;
	uint32_t id;
	uint32_t end;                 /* payload length; 0 until the last fragment */
	uint32_t have;                /* payload bytes held */
	uint32_t hi;                  /* the furthest byte held */
	uint8_t *buf;                 /* IP_MAX bytes, kept for the slot's next use */
	uint8_t units[(UNITS + 7) / 8];
};

struct ipfrag {
	struct slot s[IPFRAG_SLOTS];
	uint64_t clock;               /* slots taken so far */
	struct ipfrag_stats st;
};

struct ipfrag *ipfrag_create(void)
{
	return calloc(1, sizeof(struct ipfrag));
}

void ipfrag_destroy(struct ipfrag *r)
{
	if (!r)
		return;
	for (unsigned i = 0; i < IPFRAG_SLOTS; i++)
		free(r->s[i].buf);
	free(r);
}

void ipfrag_stats(const struct ipfrag *r, struct ipfrag_stats *st)
{
	*st = r->st;
	st->held = 0;
	for (unsigned i = 0; i < IPFRAG_SLOTS; i++)
		st->held += r->s[i].used;
}

static bool unit_held(const struct slot *s, uint32_t u) { return s->units[u >> 3] >> (u & 7) & 1; }

/* The slot of this datagram, or a fresh one (the oldest dropped when all
 * are taken); NULL when out of memory. */
static struct slot *slot_of(struct ipfrag *r, const struct frame_info *fi, const struct part *pt)
{
	size_t al = pt->version == 4 ? 4 : 16;       /* address bytes */
	struct slot *free_s = NULL, *old = NULL;
	for (unsigned i = 0; i < IPFRAG_SLOTS; i++) {
		struct slot *s = &r->s[i];
		if (!s->used) {
			if (!free_s)
				free_s = s;
			continue;
		}
		if (s->version == pt->version && s->id == pt->id && s->proto == pt->proto &&
		    !memcmp(s->src, fi->ip_src, al) && !memcmp(s->dst, fi->ip_dst, al))
			return s;
		if (!old || s->age < old->age)
			old = s;
	}
	struct slot *s = free_s;
	if (!s) {
		s = old;
		r->st.evicted++;
	}
	if (!s->buf && !(s->buf = malloc(IP_MAX)))
		return NULL;
	s->used = true;
	s->age = r->clock++;
	s->version = pt->version;
	memcpy(s->src, fi->ip_src, 16);
	memcpy(s->dst, fi->ip_dst, 16);
	s->proto = pt->proto;
	s->id = pt->id;
	s->end = s->have = s->hi = 0;
	memset(s->units, 0, sizeof s->units);
	return s;
}

/* An IPv4 fragment: its header's length, identification, flags and
 * offset. */
static void part_v4(const uint8_t *h, uint32_t avail, const struct frame_info *fi, struct part *pt)
{
	uint32_t ihl = fi->ip_ihl * 4u, total = (uint32_t)h[2] << 8 | h[3];
	uint32_t fo = (uint32_t)h[6] << 8 | h[7];
	pt->version = 4;
	pt->proto = h[9];
	pt->id = (uint32_t)h[4] << 8 | h[5];
	pt->off = (fo & 0x1fff) * 8;
	pt->more = fo & 0x2000;
	pt->whole = total >= ihl && total <= avail;
	pt->n = pt->whole ? total - ihl : 0;
	pt->data = h + ihl;
}

/* An IPv6 fragment: the extension headers before its fragment header
 * (hop-by-hop 0, routing 43, destination options 60; frame_parse walked
 * them whole) and that header's next header, offset, M flag and
 * identification; its bytes run to the payload length's end. */
static void part_v6(const uint8_t *h, uint32_t avail, struct part *pt)
{
	uint32_t end = 40 + ((uint32_t)h[4] << 8 | h[5]), at = 40;
	uint8_t nxt = h[6];
	pt->version = 6;
	pt->whole = false;
	while ((nxt == 0 || nxt == 43 || nxt == 60) && at + 2 <= avail) {
		nxt = h[at];
		at += 8u * (h[at + 1] + 1u);
	}
	if (nxt != 44 || at + 8 > avail)
		return;
	uint32_t offm = (uint32_t)h[at + 2] << 8 | h[at + 3];
	pt->proto = h[at];
	pt->off = offm & 0xfff8;
	pt->more = offm & 1;
	pt->id = (uint32_t)h[at + 4] << 24 | (uint32_t)h[at + 5] << 16 | (uint32_t)h[at + 6] << 8 |
	         h[at + 7];
	pt->whole = end >= at + 8 && end <= avail;   /* a jumbogram (length 0) is not */
	pt->n = pt->whole ? end - at - 8 : 0;
	pt->data = h + at + 8;
}

static enum ipfrag_res drop(struct ipfrag *r, struct slot *s)
{
	s->used = false;
	r->st.bad++;
	return IPFRAG_BAD;
}

enum ipfrag_res ipfrag_add(struct ipfrag *r, const uint8_t *p, uint32_t caplen,
                           const struct frame_info *fi, const uint8_t **dgram, size_t *len,
                           uint8_t *proto)
{
	if ((fi->l3 != L3_IPV4 && fi->l3 != L3_IPV6) || !fi->ip_fragment ||
	    fi->l3_status != FRAME_OK)
		return IPFRAG_NOT;
	const uint8_t *h = p + fi->l3_off;
	uint32_t avail = caplen - fi->l3_off;        /* the IP header on, as captured */
	struct part pt = {0};
	if (fi->l3 == L3_IPV4)
		part_v4(h, avail, fi, &pt);
	else
		part_v6(h, avail, &pt);
	struct slot *s = slot_of(r, fi, &pt);
	if (!s)
		return IPFRAG_BAD;
	if (!pt.whole)
		return drop(r, s);            /* a length below its headers, or cut by the snap length */
	uint32_t off = pt.off, n = pt.n, stop = off + n;
	bool more = pt.more;
	if ((more && n % 8) || stop > IP_MAX || (more && s->end && stop > s->end) ||
	    (!more && ((s->end && s->end != stop) || s->hi > stop)))
		return drop(r, s);            /* not a whole number of units, or two ends */
	uint32_t held = 0, units = (stop + 7) / 8 - off / 8;
	for (uint32_t u = off / 8; u < (stop + 7) / 8; u++)
		held += unit_held(s, u);
	if (units && held == units && (more || s->end == stop))
		return IPFRAG_HELD;           /* a copy of what is held: ignored, as Linux does */
	if (held)
		return drop(r, s);            /* overlap */
	memcpy(s->buf + off, pt.data, n);
	for (uint32_t u = off / 8; u < (stop + 7) / 8; u++)
		s->units[u >> 3] |= (uint8_t)(1u << (u & 7));
	s->have += n;
	if (stop > s->hi)
		s->hi = stop;
	if (!more)
		s->end = stop;
	if (!s->end || s->have != s->end)
		return IPFRAG_HELD;
	s->used = false;                  /* its buffer stays as it is until the next call */
	r->st.done++;
	*dgram = s->buf;
	*len = s->end;
	*proto = s->proto;
	return IPFRAG_DONE;
}

const uint8_t *ipfrag_udp(const uint8_t *d, size_t n, uint16_t *sport, uint16_t *dport,
                          size_t *len)
{
	if (n < 8)
		return NULL;
	size_t ulen = (size_t)d[4] << 8 | d[5];   /* header included */
	if (ulen < 8 || ulen > n)
		return NULL;
	*sport = (uint16_t)(d[0] << 8 | d[1]);
	*dport = (uint16_t)(d[2] << 8 | d[3]);
	*len = ulen - 8;
	return d + 8;
}

const uint8_t *ipfrag_add_udp(struct ipfrag *r, const uint8_t *p, uint32_t caplen,
                              const struct frame_info *fi, uint16_t *sport, uint16_t *dport,
                              size_t *len)
{
	const uint8_t *d;
	size_t n;
	uint8_t proto;
	if (ipfrag_add(r, p, caplen, fi, &d, &n, &proto) != IPFRAG_DONE || proto != 17)
		return NULL;
	return ipfrag_udp(d, n, sport, dport, len);
}
