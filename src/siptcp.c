/* siptcp.c - SIP over TCP for GP's SIP engine, see siptcp.h.
 * Models: the SIP engine on GP of the second embodiment (Figs. 9-10,
 * claims 16-18; issue 12 item 1), over GP's TCP.
 * Cost: a hash lookup per segment, a copy of its payload, and
 * sip_stream_next over the bytes held each time a segment arrives; at a
 * stream's FIN or RST, a free; a new stream when SIPTCP_STREAMS are kept,
 * a scan for a closed one and a shift of the streams of its probe run. */
#include "siptcp.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sip.h"

enum st_state {
	ST_WAIT = 0,      /* waiting for a SYN or a segment that starts SIP */
	ST_SYNC,          /* next is the next byte expected */
	ST_CLOSED,        /* its FIN or RST seen, next just past it: a segment
	                     before next is a retransmission */
};

struct stream {
	bool used;
	uint32_t h;                  /* hash_of its 4-tuple: its home slot */
	uint8_t ipv;                 /* 4 or 6 */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	enum st_state state;
	uint32_t next;
	uint8_t *buf;
	uint32_t n, cap;
};

#define HCAP (2 * SIPTCP_STREAMS)   /* slots: never more than half full */

struct siptcp {
	struct stream *v;            /* HCAP slots, open addressing (linear
	                                probing, no tombstones: close_stream
	                                shifts) */
	uint32_t used;               /* streams kept now, open or closed */
	uint32_t closed;             /* of those, closed: a new stream takes
	                                the place of one when SIPTCP_STREAMS
	                                are kept */
	struct siptcp_stats st;
};

struct siptcp *siptcp_create(void)
{
	struct siptcp *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->v = calloc(HCAP, sizeof *s->v);
	if (!s->v) {
		free(s);
		return NULL;
	}
	return s;
}

void siptcp_destroy(struct siptcp *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < HCAP; i++)
		free(s->v[i].buf);
	free(s->v);
	free(s);
}

void siptcp_stats(const struct siptcp *s, struct siptcp_stats *out)
{
	*out = s->st;
}

static uint32_t hash_of(const struct frame_info *fi)
{
	uint32_t h = 2166136261u;
	size_t na = fi->ip_version == 4 ? 4 : 16;
	for (size_t i = 0; i < na; i++)
		h = (h ^ fi->ip_src[i]) * 16777619u;
	for (size_t i = 0; i < na; i++)
		h = (h ^ fi->ip_dst[i]) * 16777619u;
	h = (h ^ fi->sport) * 16777619u;
	h = (h ^ fi->dport) * 16777619u;
	return h;
}

static bool same(const struct stream *t, const struct frame_info *fi)
{
	size_t na = fi->ip_version == 4 ? 4 : 16;
	return t->ipv == fi->ip_version && t->sport == fi->sport && t->dport == fi->dport &&
	       !memcmp(t->src, fi->ip_src, na) && !memcmp(t->dst, fi->ip_dst, na);
}

static void remove_slot(struct siptcp *s, uint32_t i);

/* The segment's stream; when there is none, a new one if `opens`, else
 * NULL (as when SIPTCP_STREAMS are open). A new stream when the table
 * holds SIPTCP_STREAMS takes the place of the first closed one after its
 * own home slot. */
static struct stream *stream_of(struct siptcp *s, const struct frame_info *fi, bool opens)
{
	uint32_t h = hash_of(fi), i = h & (HCAP - 1);
	while (s->v[i].used && !same(&s->v[i], fi))
		i = (i + 1) & (HCAP - 1);
	struct stream *t = &s->v[i];
	if (t->used)
		return t;
	if (!opens || (s->used == SIPTCP_STREAMS && !s->closed))
		return NULL;
	if (s->used == SIPTCP_STREAMS) {
		uint32_t j = i;
		while (!s->v[j].used || s->v[j].state != ST_CLOSED)
			j = (j + 1) & (HCAP - 1);
		remove_slot(s, j);
		s->closed--;
		/* the streams after it may have moved back: the first free slot
		 * of the probe run again */
		for (i = h & (HCAP - 1); s->v[i].used; i = (i + 1) & (HCAP - 1))
			;
		t = &s->v[i];
	}
	s->used++;
	t->used = true;
	t->h = h;
	t->ipv = fi->ip_version;
	memcpy(t->src, fi->ip_src, 16);
	memcpy(t->dst, fi->ip_dst, 16);
	t->sport = fi->sport;
	t->dport = fi->dport;
	t->state = ST_WAIT;
	return t;
}

static void drop(struct stream *t)
{
	t->n = 0;
	t->state = ST_WAIT;
}

/* FIN or RST: the stream ends; a message it held part of is lost, and
 * counted (cut). It stays, closed, with next just past the end, so that a
 * retransmission of its bytes (the FIN's ACK lost) is still one; its slot
 * goes to a new stream when the table is full (the run's connections are
 * not kept for its whole length). */
static void close_stream(struct siptcp *s, struct stream *t, uint32_t next)
{
	for (uint32_t k = 0; k < t->n; k++)    /* keep-alive CRLFs are no message */
		if (t->buf[k] != '\r' && t->buf[k] != '\n') {
			s->st.cut++;
			break;
		}
	free(t->buf);
	t->buf = NULL;
	t->n = t->cap = 0;
	t->state = ST_CLOSED;
	t->next = next;
	s->closed++;
}

/* Slot i is free again. Backward-shift deletion: each stream after the
 * hole in its probe run whose home slot is not cyclically in (hole, j]
 * moves into the hole, so every lookup still finds its stream before an
 * empty slot (no tombstones to fill the table; the same segments, the
 * same table). */
static void remove_slot(struct siptcp *s, uint32_t i)
{
	free(s->v[i].buf);
	for (uint32_t j = (i + 1) & (HCAP - 1); s->v[j].used; j = (j + 1) & (HCAP - 1)) {
		uint32_t k = s->v[j].h & (HCAP - 1);
		/* k in (i, j], cyclically: v[j] is still reachable, stays */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		s->v[i] = s->v[j];
		i = j;
	}
	s->v[i] = (struct stream){0};
	s->used--;
}

/* Does d[0..len) start a SIP message: after CRLFs, a whole start line,
 * "SIP/2.0 NNN ..." or "METHOD URI SIP/2.0"? */
static bool starts_sip(const uint8_t *d, size_t len)
{
	size_t b = 0;
	while (b < len && (d[b] == '\r' || d[b] == '\n'))
		b++;
	const uint8_t *nl = b < len ? memchr(d + b, '\n', len - b) : NULL;
	if (!nl)
		return false;
	size_t e = (size_t)(nl - d);
	if (e > b && d[e - 1] == '\r')
		e--;
	const char *l = (const char *)d + b;
	size_t n = e - b;
	if (n >= 12 && !memcmp(l, "SIP/2.0 ", 8))
		return l[8] >= '1' && l[8] <= '6' && l[9] >= '0' && l[9] <= '9' && l[10] >= '0' &&
		       l[10] <= '9' && l[11] == ' ';
	size_t m = 0;
	while (m < n && l[m] >= 'A' && l[m] <= 'Z')
		m++;
	return m > 0 && m < n && l[m] == ' ' && n >= m + 10 && !memcmp(l + n - 8, " SIP/2.0", 8);
}

static bool append(struct stream *t, const uint8_t *d, uint32_t len)
{
	if (t->n + len > t->cap) {
		uint32_t cap = t->cap ? t->cap : 2048;
		while (cap < t->n + len)
			cap *= 2;
		uint8_t *b = realloc(t->buf, cap);
		if (!b)
			return false;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->n, d, len);
	t->n += len;
	return true;
}

/* Cut every whole message from the front of the stream's bytes. */
static void cut(struct siptcp *s, struct stream *t, siptcp_msg_fn *fn, void *ctx)
{
	for (;;) {
		size_t start;
		long end = sip_stream_next(t->buf, t->n, &start);
		if (end == 0) {
			if (start == t->n)    /* keep-alive CRLFs alone: no message's */
				t->n = 0;
			return;
		}
		if (end < 0) {
			s->st.unframed++;
			drop(t);
			return;
		}
		s->st.messages++;
		fn(ctx, t->buf + start, (size_t)end - start);
		memmove(t->buf, t->buf + end, t->n - (size_t)end);
		t->n -= (uint32_t)end;
	}
}

/* Take a segment's new bytes: as many as SIPTCP_BUF leaves room for, then
 * cut, again until all are taken. The bound is on bytes held not yet cut
 * into messages: a capture's segment (GRO, TSO) carries up to 65495
 * bytes, many whole messages, which added at once to a message's first
 * part held would pass it and be dropped with it. */
static void take(struct siptcp *s, struct stream *t, const uint8_t *d, uint32_t len,
                 siptcp_msg_fn *fn, void *ctx)
{
	while (len) {
		uint32_t k = SIPTCP_BUF - t->n;
		if (k > len)
			k = len;
		if (!k || !append(t, d, k)) {
			s->st.overflow++;
			drop(t);
			return;
		}
		d += k;
		len -= k;
		cut(s, t, fn, ctx);
		if (t->state != ST_SYNC)      /* unframed: the rest waits as after a gap */
			return;
	}
}

bool siptcp_segment(struct siptcp *s, const uint8_t *p, uint32_t caplen,
                    const struct frame_info *fi, siptcp_msg_fn *fn, void *ctx)
{
	if (fi->l4 != L4_TCP || fi->l4_status != FRAME_OK || fi->ip_nonfirst_fragment ||
	    (size_t)fi->l4_off + 20 > caplen)
		return false;
	const uint8_t *h = p + fi->l4_off;
	uint32_t seq = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	uint32_t hlen = (uint32_t)(h[12] >> 4) * 4;
	uint8_t flags = h[13];
	/* the data runs to the IP datagram's end as frame_parse found it: its
	 * length field, not the frame's padding (the frame's end on the wire
	 * for an IPv4 total length of 0, as TCP segmentation offload writes;
	 * an IPv6 jumbogram's Jumbo Payload option) */
	size_t off = (size_t)fi->l4_off + hlen;
	size_t len = fi->ip_end > off ? fi->ip_end - off : 0;
	bool whole = off + len <= caplen;   /* its data all captured */
	/* the sequence number just past its SYN and data: its FIN's */
	uint32_t fin = seq + (flags & FRAME_TCP_SYN ? 1u : 0u) + (uint32_t)len;
	s->st.segments++;
	/* Only a SYN or data opens a stream: a segment without either has
	 * nothing to keep, and the last ACK of a close comes after its
	 * direction's FIN (RFC 793 3.5), so a stream it opened would never
	 * end and, one per connection, fill the table. */
	bool opens = (flags & FRAME_TCP_SYN || len) && !(flags & FRAME_TCP_RST);
	struct stream *t = stream_of(s, fi, opens);
	if (!t) {
		if (opens)
			s->st.no_room++;
		return true;
	}
	if (flags & FRAME_TCP_RST) {
		if (t->state != ST_CLOSED)
			close_stream(s, t, fin);
		return true;
	}
	if (t->state == ST_CLOSED) {
		bool again = (int32_t)(seq - t->next) < 0;   /* sent again (taken, or cut) */
		if (!(flags & FRAME_TCP_SYN) && (again || !len)) {
			if (again && len)
				s->st.dup++;
			return true;                    /* (an ACK or FIN: nothing to take) */
		}
		s->closed--;                        /* the 4-tuple again: a new connection */
		drop(t);
	}
	if (flags & FRAME_TCP_SYN) {           /* the stream's first byte is seq + 1 */
		drop(t);
		t->state = ST_SYNC;
		seq++;
		t->next = seq;
	}
	const uint8_t *d = p + off;
	if (len && t->state == ST_SYNC) {
		int32_t ahead = (int32_t)(seq - t->next);
		uint32_t old = t->next - seq;       /* bytes taken before, when ahead < 0 */
		if (ahead < 0 && old >= len) {      /* all taken before, captured whole or not */
			s->st.dup++;
			len = 0;
		} else if (ahead > 0 || !whole) {   /* bytes missing: wait for SIP's next start */
			s->st.gap++;
			drop(t);
		} else if (ahead < 0) {             /* overlapping: skip what was taken */
			d += old;
			len -= old;
			seq += old;
		}
	}
	if (len && t->state == ST_WAIT) {
		if (whole && starts_sip(d, len)) {
			t->state = ST_SYNC;
			t->n = 0;
			t->next = seq;
		} else {
			s->st.skipped++;
			len = 0;
		}
	}
	if (len) {
		assert(t->state == ST_SYNC);
		t->next = seq + (uint32_t)len;
		take(s, t, d, (uint32_t)len, fn, ctx);
	}
	if (flags & FRAME_TCP_FIN)
		close_stream(s, t, fin + 1);
	return true;
}
