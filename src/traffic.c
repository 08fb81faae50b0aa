/* traffic.c - traffic generators and the timeline, see traffic.h.
 * Models: the RT applications of Fig. 3 (RTP voice, the second embodiment's
 * media, Fig. 9) and the GP applications; the commands of Fig. 7c.
 * Generator times are exact rationals in picoseconds
 * (t_k = start + k * num / den), converted to cycles rounding down. */
#include "traffic.h"

#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"

struct gen {                 /* one traffic source */
	uint8_t rtp;             /* 1: RTP channel (RT app); 0: bulk (GP app) */
	uint32_t entry, chan;
	uint32_t lane;           /* its item's lane */
	uint64_t k;              /* packets generated */
	uint64_t start_ps, period_ps_num, period_den, end_ps;
	uint16_t seq;
	uint32_t ts;
	/* RTP: the last packet built, whose UDP checksum the next one updates
	 * (only sequence number and timestamp differ while the source is the
	 * same: RFC 1624; frame_udp_csum_update). csum 0: none yet. */
	uint16_t csum, csum_seq;
	uint32_t csum_ts;
	uint8_t csum_mac[6], csum_ip[16];
};

struct traffic {
	struct traffic_deps d;
	struct gen *gens;
	uint32_t ngens;
	/* one event lane per traffic item (evq.h): an RTP entry's channels
	 * share a period, so their next packets queue in time order, and the
	 * heap holds one entry per item, not one per channel */
	struct evq_lane **lanes;
	uint32_t nlanes;
	uint64_t app_blocked;
	/* a packet's payload is built here: as large as the largest item's
	 * (an RTP payload or a bulk frame may be up to nic.mtu, a jumbo
	 * frame's 9000 bytes and more; a fixed 2048 cut them silently) */
	uint8_t *payload;
};

static inline uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* a + x, or UINT64_MAX past it: a time that cannot be reached is never
 * wrapped to an early one (the loader keeps scenario times within a day) */
static uint64_t sat_ps(uint64_t a, unsigned __int128 x)
{
	x += a;
	return x > UINT64_MAX ? UINT64_MAX : (uint64_t)x;
}

static uint64_t gen_time_ps(const struct gen *g, uint64_t k)
{
	return sat_ps(g->start_ps, (unsigned __int128)k * g->period_ps_num / g->period_den);
}

static void on_gen(void *ctx, uint32_t gi);

static void gen_schedule(struct traffic *tf, uint32_t gi)
{
	struct gen *g = &tf->gens[gi];
	uint64_t ps = gen_time_ps(g, g->k);
	if (ps >= g->end_ps)
		return;
	uint64_t t = cost_ps_to_cycles_floor(tf->d.c, ps);
	if (t >= tf->d.end_cycle)
		return;
	evq_lane_add(tf->lanes[g->lane], max64(t, cpu_now(tf->d.cpu)), gi);
}

/* One RTP packet of channel g (V1). */
static void gen_rtp(struct traffic *tf, struct gen *g, uint8_t src_ip[16])
{
	const struct scen_rtp *r = &tf->d.sc->rtp[g->entry];
	const struct rtside_id *me = rtside_identity(tf->d.rt);
	if (r->ipv6)
		memcpy(src_ip, me->ipv6, 16);
	uint8_t *payload = tf->payload;
	size_t pl = 12 + r->payload;
	/* RFC 3551 payload types; silence as the codec codes it: mu-law 0xff,
	 * A-law 0xd5 (0x55 with even bits inverted), G.729 a frame of zeros */
	static const uint8_t pt[] = {[SCODEC_NONE] = 0, [SCODEC_PCMU] = 0, [SCODEC_PCMA] = 8,
	                             [SCODEC_G729] = 18};
	static const uint8_t quiet[] = {[SCODEC_NONE] = 0xff, [SCODEC_PCMU] = 0xff,
	                                [SCODEC_PCMA] = 0xd5, [SCODEC_G729] = 0x00};
	memset(payload, quiet[r->codec], pl);
	/* SSRC: "NS" and the channel */
	frame_build_rtp(payload, false, pt[r->codec], g->seq, g->ts,
	                0x4e530000u | (g->chan & 0xffff));
	uint32_t id;
	if (ledger_tx_new(tf->d.ledger, true, TX_APP, 128 + (uint32_t)pl, cpu_now(tf->d.cpu), &id) == 0) {
		struct fr *f = fpool_at(tf->d.pool, id);
		uint16_t sum = 0;            /* 0: summed by the builder */
		if (g->csum && !memcmp(g->csum_mac, me->mac, 6) && !memcmp(g->csum_ip, src_ip, 16)) {
			sum = frame_udp_csum_update(g->csum, g->csum_seq, g->seq);
			sum = frame_udp_csum_update(sum, (uint16_t)(g->csum_ts >> 16), (uint16_t)(g->ts >> 16));
			sum = frame_udp_csum_update(sum, (uint16_t)g->csum_ts, (uint16_t)g->ts);
		}
		size_t n = frame_build_udp_csum(f->buf, f->bufcap, r->dst_mac, me->mac, r->ipv6, src_ip,
		                                r->dst_ip, (uint16_t)(r->sport + 2 * g->chan),
		                                (uint16_t)(r->dport + 2 * g->chan), payload, pl, g->seq,
		                                sum);
		f->caplen = f->wirelen = (uint32_t)n;
		if (n) {
			const uint8_t *u = f->buf + n - (8 + pl);   /* the UDP header */
			g->csum = (uint16_t)(u[6] << 8 | u[7]);
			g->csum_seq = g->seq;
			g->csum_ts = g->ts;
			memcpy(g->csum_mac, me->mac, 6);
			memcpy(g->csum_ip, src_ip, 16);
		}
		rtside_submit(tf->d.rt, id);
	}
	g->seq++;
	g->ts += (uint32_t)(r->ptime_ps / 125000000u);  /* 8 kHz RTP clock */
}

/* One bulk frame of a GP application. */
static void gen_bulk(struct traffic *tf, struct gen *g, uint8_t src_ip[16])
{
	const struct scen_bulk *b = &tf->d.sc->bulk[g->entry];
	const struct rtside_id *me = rtside_identity(tf->d.rt);
	if (b->ipv6)
		memcpy(src_ip, me->ipv6, 16);
	if (gpside_app_full(tf->d.gp)) {
		tf->app_blocked++;            /* the application would block */
		return;
	}
	uint32_t id;
	if (ledger_tx_new(tf->d.ledger, false, TX_APP, b->frame_size + 64, cpu_now(tf->d.cpu), &id) < 0)
		return;
	struct fr *f = fpool_at(tf->d.pool, id);
	size_t hdr = (b->ipv6 ? 54 : 34) + (b->proto == BULK_TCP ? 20 : 8);
	size_t pl = b->frame_size > hdr ? b->frame_size - hdr : 0;
	uint8_t *payload = tf->payload;
	memset(payload, 0x42, pl);
	size_t n;
	if (b->proto == BULK_TCP)
		n = frame_build_tcp(f->buf, f->bufcap, b->dst_mac, me->mac, b->ipv6, src_ip, b->dst_ip,
		                    b->sport, b->dport, (uint32_t)(g->k * pl), 0, 0x18, payload, pl,
		                    (uint16_t)g->k);
	else
		n = frame_build_udp(f->buf, f->bufcap, b->dst_mac, me->mac, b->ipv6, src_ip, b->dst_ip,
		                    b->sport, b->dport, payload, pl, (uint16_t)g->k);
	f->caplen = f->wirelen = (uint32_t)n;
	gpside_submit(tf->d.gp, id);
}

static void on_gen(void *ctx, uint32_t gi)
{
	struct traffic *tf = ctx;
	struct gen *g = &tf->gens[gi];
	uint32_t ip4 = rtside_identity(tf->d.rt)->ipv4;
	uint8_t src_ip[16] = {(uint8_t)(ip4 >> 24), (uint8_t)(ip4 >> 16), (uint8_t)(ip4 >> 8),
	                      (uint8_t)ip4};
	if (g->rtp)
		gen_rtp(tf, g, src_ip);
	else
		gen_bulk(tf, g, src_ip);
	g->k++;
	gen_schedule(tf, gi);
}

/* ---- the timeline ---- */

/* Who takes a timeline entry: every kind is named, so a kind added to
 * enum scen_tl_kind without a home here is a compile-time warning
 * (-Wswitch) rather than a silent interface command. */
static void on_timeline(void *ctx, uint32_t i)
{
	struct traffic *tf = ctx;
	switch (tf->d.sc->tl[i].kind) {
	case TL_RELINQUISH:
	case TL_CLAIM:
		rtside_port_move(tf->d.rt, i);       /* P2: RT's control applies it */
		break;
	case TL_GP_BIND:
	case TL_GP_UNBIND:
		gpside_bind(tf->d.gp, i);            /* P1: a GP application */
		break;
	case TL_MTU:
	case TL_MAC:
	case TL_IPV4:
	case TL_IPV6:
	case TL_PROMISC:
	case TL_MULTICAST:
	case TL_UP:
		gpside_command(tf->d.gp, i);         /* X3: typed in GP, sent to RT */
		break;
	case TL__COUNT:
		abort();
	}
}

struct traffic *traffic_create(const struct traffic_deps *d)
{
	struct traffic *tf = calloc(1, sizeof *tf);
	if (!tf)
		return NULL;
	tf->d = *d;
	const struct scenario *sc = d->sc;
	size_t n = sc->n_bulk, room = 1;
	for (size_t i = 0; i < sc->n_rtp; i++) {
		n += sc->rtp[i].channels ? sc->rtp[i].channels : 1;
		if (12 + (size_t)sc->rtp[i].payload > room)
			room = 12 + (size_t)sc->rtp[i].payload;   /* the RTP header and payload */
	}
	for (size_t i = 0; i < sc->n_bulk; i++)
		if (sc->bulk[i].frame_size > room)
			room = sc->bulk[i].frame_size;            /* more than its payload */
	tf->gens = calloc(n ? n : 1, sizeof *tf->gens);
	tf->lanes = calloc(sc->n_rtp + sc->n_bulk + 1, sizeof *tf->lanes);
	tf->payload = malloc(room);
	if (!tf->gens || !tf->lanes || !tf->payload) {
		traffic_destroy(tf);
		return NULL;
	}
	for (size_t i = 0; i < sc->n_rtp + sc->n_bulk; i++) {
		if (!(tf->lanes[tf->nlanes++] = evq_lane_create(d->q, EC_GEN, on_gen, tf))) {
			traffic_destroy(tf);
			return NULL;
		}
	}
	for (size_t i = 0; i < sc->n_rtp; i++) {
		const struct scen_rtp *r = &sc->rtp[i];
		uint32_t ch = r->channels ? r->channels : 1;
		for (uint32_t c = 0; c < ch; c++) {
			struct gen *g = &tf->gens[tf->ngens++];
			g->rtp = 1;
			g->lane = (uint32_t)i;
			g->entry = (uint32_t)i;
			g->chan = c;
			g->start_ps = sat_ps(r->start_ps, (unsigned __int128)c * r->stagger_ps);
			g->period_ps_num = r->ptime_ps;
			g->period_den = 1;
			g->end_ps = r->duration_ps ? sat_ps(r->start_ps, r->duration_ps) : UINT64_MAX;
			g->seq = (uint16_t)(c * 1000);
		}
	}
	for (size_t i = 0; i < sc->n_bulk; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		struct gen *g = &tf->gens[tf->ngens++];
		g->lane = (uint32_t)(sc->n_rtp + i);
		g->entry = (uint32_t)i;
		g->start_ps = b->start_ps;
		/* one frame every frame_size*8 bits at rate: exact rational period */
		g->period_ps_num = (uint64_t)b->frame_size * 8u * 1000000000000ull;
		g->period_den = b->rate_bps;
		g->end_ps = b->duration_ps ? sat_ps(b->start_ps, b->duration_ps) : UINT64_MAX;
	}
	for (uint32_t i = 0; i < tf->ngens; i++)
		gen_schedule(tf, i);
	for (size_t i = 0; i < sc->n_tl; i++) {
		uint64_t t = cost_ps_to_cycles_floor(d->c, sc->tl[i].at_ps);
		if (t < d->end_cycle)
			evq_schedule(d->q, t, EC_TIMELINE, on_timeline, tf, (uint32_t)i);
	}
	return tf;
}

void traffic_destroy(struct traffic *tf)
{
	if (!tf)
		return;
	for (uint32_t i = 0; i < tf->nlanes; i++)
		evq_lane_destroy(tf->lanes[i]);
	free(tf->lanes);
	free(tf->gens);
	free(tf->payload);
	free(tf);
}

uint64_t traffic_app_blocked(const struct traffic *tf) { return tf->app_blocked; }
