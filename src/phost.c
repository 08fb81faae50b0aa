/* phost.c - plain hosts and their applications, see phost.h.
 * Models the other computers of Fig. 9 (far computer 904, billing
 * computer 906) by what they send and receive.
 *
 * Costs: a send builds one frame (frame_build_udp: headers and checksum)
 * and calls the world once; a receive parses the frame once, only when an
 * application or the echo needs it. Send times come from integer counts
 * (stream k's n-th packet at start + k x stagger + n x ptime; bulk frame n
 * at start + n x frame bits / rate, rounded up once): nothing drifts. */
#include "phost.h"

#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "evq.h"

struct phost {
	struct phost_cfg cfg;
	struct evq *q;
	uint64_t now;
	uint32_t *seq;             /* per stream: packets sent */
	struct phost_stats st;
};

/* An application: start schedules its first sends, gen is its generator
 * event (arg: the stream), rx sees each frame received. Any may be NULL. */
struct papp {
	void (*start)(struct phost *p);
	evq_fn *gen;
	void (*rx)(struct phost *p, const struct frame_info *fi, const uint8_t *data,
	           const struct phost_addr *from);
};

static uint64_t tpp(const struct phost *p) { return p->cfg.W / 1000000000000ull; }

static void send_udp(struct phost *p, uint16_t sport, uint16_t dport, const uint8_t *payload,
                     size_t plen, const struct phost_addr *to, uint16_t ip_id)
{
	uint8_t buf[1600];
	uint8_t sip[16] = {0}, dip[16] = {0};
	for (int i = 0; i < 4; i++) {
		sip[i] = (uint8_t)(p->cfg.c->ipv4 >> (24 - 8 * i));
		dip[i] = (uint8_t)(to->ipv4 >> (24 - 8 * i));
	}
	size_t n = frame_build_udp(buf, sizeof buf, to->mac, p->cfg.c->mac, false, sip, dip, sport,
	                           dport, payload, plen, ip_id);
	if (!n)
		return;
	p->st.tx++;
	p->cfg.send(p->cfg.ctx, buf, (uint32_t)n, p->now);
}

static uint64_t stop_tick(const struct phost *p)
{
	const struct wcfg_host *c = p->cfg.c;
	return c->duration_ps ? (c->start_ps + c->duration_ps) * tpp(p) : p->cfg.end;
}

/* rtp: V=2, PT 0 (PCMU), sequence, timestamp at 8 kHz, SSRC = host << 16 | stream;
 * stream k sends from port + 2k to dport + 2k */
static void gen_rtp(void *ctx, uint32_t k)
{
	struct phost *p = ctx;
	const struct wcfg_host *c = p->cfg.c;
	uint8_t pl[12 + 1500];
	uint32_t s = p->seq[k]++;
	uint32_t ts = (uint32_t)((uint64_t)s * c->ptime_ps / 125000000ull);
	uint32_t ssrc = p->cfg.idx << 16 | k;
	memset(pl, 0, 12 + c->payload);
	pl[0] = 0x80;
	pl[2] = (uint8_t)(s >> 8);
	pl[3] = (uint8_t)s;
	for (int i = 0; i < 4; i++) {
		pl[4 + i] = (uint8_t)(ts >> (24 - 8 * i));
		pl[8 + i] = (uint8_t)(ssrc >> (24 - 8 * i));
	}
	send_udp(p, (uint16_t)(c->port + 2 * k), (uint16_t)(c->dport + 2 * k), pl, 12 + c->payload,
	         &p->cfg.to, (uint16_t)s);
	uint64_t next = (c->start_ps + k * c->stagger_ps + (uint64_t)(s + 1) * c->ptime_ps) * tpp(p);
	if (next < stop_tick(p))
		evq_schedule(p->q, next, EC_GEN, gen_rtp, p, k);
}

/* bulk: UDP frames of frame_size bytes; frame n + 1 at start + (n + 1) x
 * frame_size x 8 / rate, rounded up */
static void gen_bulk(void *ctx, uint32_t k)
{
	struct phost *p = ctx;
	const struct wcfg_host *c = p->cfg.c;
	uint8_t pl[1500] = {0};
	uint32_t n = p->seq[0]++;
	send_udp(p, c->port, c->dport, pl, c->frame_size - 42, &p->cfg.to, (uint16_t)n);
	unsigned __int128 bits = (unsigned __int128)(n + 1) * c->frame_size * 8 * p->cfg.W;
	uint64_t next = c->start_ps * tpp(p) + (uint64_t)((bits + c->rate_bps - 1) / c->rate_bps);
	if (next < stop_tick(p))
		evq_schedule(p->q, next, EC_GEN, gen_bulk, p, k);
}

/* rtp and bulk: one stream per channel (bulk: one), from start + k x stagger */
static void start_streams(struct phost *p)
{
	const struct wcfg_host *c = p->cfg.c;
	uint32_t n = c->app == WAPP_RTP ? c->channels : 1;
	for (uint32_t k = 0; k < n; k++) {
		uint64_t t0 = (c->start_ps + k * c->stagger_ps) * tpp(p);
		if (t0 < stop_tick(p))
			evq_schedule(p->q, t0, EC_GEN, c->app == WAPP_RTP ? gen_rtp : gen_bulk, p, k);
	}
}

/* billing (a stub for the calls work): each UDP or TCP frame is a record */
static void rx_billing(struct phost *p, const struct frame_info *fi, const uint8_t *data,
                       const struct phost_addr *from)
{
	(void)data;
	(void)from;
	if (fi->l4_status == FRAME_OK && (fi->l4 == L4_UDP || fi->l4 == L4_TCP))
		p->st.records++;
}

static const struct papp apps[WAPP__COUNT] = {
	[WAPP_SINK] = {NULL, NULL, NULL},
	[WAPP_RTP] = {start_streams, gen_rtp, NULL},
	[WAPP_BULK] = {start_streams, gen_bulk, NULL},
	[WAPP_BILLING] = {NULL, NULL, rx_billing},
};

struct phost *phost_create(const struct phost_cfg *cfg)
{
	struct phost *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->cfg = *cfg;
	p->q = evq_create();
	p->seq = calloc(cfg->c->channels ? cfg->c->channels : 1, sizeof *p->seq);
	if (!p->q || !p->seq) {
		phost_destroy(p);
		return NULL;
	}
	if (apps[cfg->c->app].start)
		apps[cfg->c->app].start(p);
	return p;
}

void phost_destroy(struct phost *p)
{
	if (!p)
		return;
	if (p->q)
		evq_destroy(p->q);
	free(p->seq);
	free(p);
}

uint64_t phost_next(const struct phost *p) { return evq_next_time(p->q); }

void phost_run(struct phost *p, uint64_t t)
{
	uint64_t at;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	while (evq_pop(p->q, t, &at, &fn, &ctx, &arg)) {
		p->now = at;
		fn(ctx, arg);
	}
}

void phost_rx(struct phost *p, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
              uint64_t at, const struct phost_addr *from)
{
	const struct papp *a = &apps[p->cfg.c->app];
	p->now = at;
	p->st.rx++;
	p->st.rx_bytes += wirelen;
	if (!a->rx && !p->cfg.c->echo)
		return;
	struct frame_info fi;
	frame_parse(data, caplen, wirelen, &fi);
	if (a->rx)
		a->rx(p, &fi, data, from);
	/* echo: answer once, addresses and ports swapped, the same payload;
	 * not to a host that echoes too (no ping-pong) */
	size_t len;
	const uint8_t *pl;
	if (p->cfg.c->echo && !from->echoes && (pl = frame_udp_payload(data, caplen, &fi, &len))) {
		send_udp(p, fi.dport, fi.sport, pl, len, from, (uint16_t)p->st.echoed);
		p->st.echoed++;
	}
}

void phost_stats(const struct phost *p, struct phost_stats *s) { *s = p->st; }
