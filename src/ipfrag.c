/* ipfrag.c - IPv4 reassembly of the datagrams GP's SIP engine reads
 * (ipfrag.h). Models no figure of the patent: it is what GP's stack does
 * before a socket (Fig. 4's GP stack 414) sees a datagram, needed for an
 * INVITE whose SDP spans two frames (claim 17: the media ports GP's SIP
 * engine learns from it are what RT claims).
 *
 * A datagram in progress is a slot: its key (source, destination,
 * protocol, identification), its payload buffer (65535 bytes at most) and
 * a bitmap of the 8-byte units held (fragment offsets count in units of
 * 8). It is whole when its last fragment (MF clear) has set its end and
 * the bytes held reach it. */
#include "ipfrag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define IP_MAX 65535u                 /* bytes of payload at most */
#define UNITS ((IP_MAX + 7) / 8)      /* 8-byte units of a payload */

struct slot {
	bool used;
	uint64_t age;                 /* when taken: the oldest is dropped for room */
	uint8_t src[4], dst[4], proto;
	uint16_t id;
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
static struct slot *slot_of(struct ipfrag *r, const struct frame_info *fi, uint16_t id)
{
	struct slot *free_s = NULL, *old = NULL;
	for (unsigned i = 0; i < IPFRAG_SLOTS; i++) {
		struct slot *s = &r->s[i];
		if (!s->used) {
			if (!free_s)
				free_s = s;
			continue;
		}
		if (s->id == id && s->proto == fi->ip_proto && !memcmp(s->src, fi->ip_src, 4) &&
		    !memcmp(s->dst, fi->ip_dst, 4))
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
	memcpy(s->src, fi->ip_src, 4);
	memcpy(s->dst, fi->ip_dst, 4);
	s->proto = fi->ip_proto;
	s->id = id;
	s->end = s->have = s->hi = 0;
	memset(s->units, 0, sizeof s->units);
	return s;
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
	if (fi->l3 != L3_IPV4 || !fi->ip_fragment || fi->l3_status != FRAME_OK)
		return IPFRAG_NOT;
	const uint8_t *h = p + fi->l3_off;
	uint32_t ihl = fi->ip_ihl * 4u, total = (uint32_t)h[2] << 8 | h[3];
	uint32_t fo = (uint32_t)h[6] << 8 | h[7], off = (fo & 0x1fff) * 8;
	bool more = fo & 0x2000;
	struct slot *s = slot_of(r, fi, (uint16_t)(h[4] << 8 | h[5]));
	if (!s)
		return IPFRAG_BAD;
	if (total < ihl || (uint64_t)fi->l3_off + total > caplen)
		return drop(r, s);            /* a length below its header, or cut by the snap length */
	uint32_t n = total - ihl, stop = off + n;
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
	memcpy(s->buf + off, h + ihl, n);
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
