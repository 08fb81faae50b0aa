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
#include <sys/socket.h>

#include "../model/frame.h"
#include "callgen.h"
#include "callmsg.h"
#include "evq.h"
#include "ipfrag.h"
#include "sip.h"

/* callfar: one call of the computer's schedule, as the far end sees it */
struct farcall {
	uint64_t answer;           /* ticks: the far end's A (its 200 sent, or the
	                              computer's 200 received); 0 before */
	uint64_t sent;             /* RTP packets sent */
	struct callmsg_rtp_cache rtp;   /* its packets, from the first */
	bool ok;                   /* it knows the dialog confirmed: as the caller,
	                              the 200 received; as the callee, the ACK */
	bool bye_due;              /* its hang-up came before that: the BYE waits */
	/* where its frames go (a timeline may move the gateway: RFC 3261
	 * 18.2.2, a response to where its request came from; RFC 4566, media
	 * to the SDP's c= and m= port): the source (IP, MAC) of the
	 * gateway's INVITE and BYE, which their responses answer; the
	 * dialog's peer, the latest source of the gateway's SIP in the call,
	 * where the far end's ACK and BYE go; the address and port of the
	 * gateway's SDP (the MAC of the frame that carried it). Before a
	 * frame from the gateway: its configured address. */
	struct phost_addr inv, bye, peer, media;
	uint16_t media_port;       /* 0: the call's local_port */
};

struct phost {
	struct phost_cfg cfg;
	struct evq *q;
	uint64_t now;
	uint32_t *seq;             /* per stream: packets sent */
	struct phost_stats st;
	/* callfar */
	struct callgen *g;
	struct farcall *fc;
	size_t ncalls;
	struct callmsg_ends ends;  /* the gateway at its configured address */
	struct phost_addr gw;      /* ... that address */
	uint16_t ipid;
	struct ipfrag *frag;       /* an echo's reassembly (its IP stack's) */
	/* RTP's next packets (rtp: each channel's; callfar: each call's): a
	 * lane per packet time, not an event per stream in the heap; the far
	 * end's hang-ups: a lane per holding time (callplay.c's reason) */
	struct evq_periods rtp, bye;
	/* a frame it sends: an echo answers the largest UDP datagram a
	 * computer may send it (nic.mtu up to 65535) */
	uint8_t out[14 + 65535];
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

/* A time in ps to ticks, or UINT64_MAX past 2^64: a send time too late to
 * count is never wrapped to an early one. */
static uint64_t ticks_at(const struct phost *p, unsigned __int128 ps)
{
	if (ps > UINT64_MAX)
		return UINT64_MAX;
	ps *= tpp(p);
	return ps > UINT64_MAX ? UINT64_MAX : (uint64_t)ps;
}

/* start + k x stagger, in ps: below 2^97 */
static unsigned __int128 stream_ps(const struct wcfg_host *c, uint32_t k)
{
	return (unsigned __int128)c->start_ps + (unsigned __int128)k * c->stagger_ps;
}

/* fn(arg) at tick t, in the lane of `period` in set s. */
static void sched_lane(struct phost *p, struct evq_periods *s, uint64_t t, evq_fn *fn,
                       uint32_t arg, uint64_t period)
{
	struct evq_lane *l = evq_periods_lane(s, p->q, EC_GEN, fn, p, period);
	if (l)
		evq_lane_add(l, t, arg);
	else
		evq_schedule(p->q, t, EC_GEN, fn, p, arg);
}

/* False when the frame cannot be built (nothing sent, nothing counted). */
static bool send_udp(struct phost *p, uint16_t sport, uint16_t dport, const uint8_t *payload,
                     size_t plen, const struct phost_addr *to, uint16_t ip_id)
{
	uint8_t *buf = p->out;
	uint8_t sip[16] = {0}, dip[16] = {0};
	for (int i = 0; i < 4; i++) {
		sip[i] = (uint8_t)(p->cfg.c->ipv4 >> (24 - 8 * i));
		dip[i] = (uint8_t)(to->ipv4 >> (24 - 8 * i));
	}
	size_t n = frame_build_udp(buf, sizeof p->out, to->mac, p->cfg.c->mac, false, sip, dip,
	                           sport, dport, payload, plen, ip_id);
	if (!n)
		return false;
	p->st.tx++;
	p->cfg.send(p->cfg.ctx, buf, (uint32_t)n, p->now, NULL);
	return true;
}

/* The tick its application stops sending at: start + duration when a
 * duration was given (0s: at its start, nothing sent), else the world's end. */
static uint64_t stop_tick(const struct phost *p)
{
	const struct wcfg_host *c = p->cfg.c;
	return c->duration_set ? ticks_at(p, (unsigned __int128)c->start_ps + c->duration_ps)
	                      : p->cfg.end;
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
	uint64_t next = ticks_at(p, stream_ps(c, k) + ((unsigned __int128)s + 1) * c->ptime_ps);
	if (next < stop_tick(p))
		sched_lane(p, &p->rtp, next, gen_rtp, k, c->ptime_ps);
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
	uint64_t next = ticks_at(p, c->start_ps);
	unsigned __int128 gap = (bits + c->rate_bps - 1) / c->rate_bps;
	next = gap > UINT64_MAX - next ? UINT64_MAX : next + (uint64_t)gap;
	if (next < stop_tick(p))
		evq_schedule(p->q, next, EC_GEN, gen_bulk, p, k);
}

/* rtp and bulk: one stream per channel (bulk: one), from start + k x stagger */
static void start_streams(struct phost *p)
{
	const struct wcfg_host *c = p->cfg.c;
	uint32_t n = c->app == WAPP_RTP ? c->channels : 1;
	for (uint32_t k = 0; k < n; k++) {
		uint64_t t0 = ticks_at(p, stream_ps(c, k));
		if (t0 >= stop_tick(p))
			continue;
		if (c->app == WAPP_RTP)
			sched_lane(p, &p->rtp, t0, gen_rtp, k, c->ptime_ps);
		else
			evq_schedule(p->q, t0, EC_GEN, gen_bulk, p, k);
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

/* ---- callfar: the far end 904 of a computer's generated calls ----
 * The same schedule as the computer's (callgen with its calls.generator.*),
 * the same answers and delays as the far end callplay.c models inside a
 * computer (calls.far.*), counted from the instants the far end sees here:
 * - it places the calls callgen marks incoming: its INVITE leaves at
 *   t_invite;
 * - an INVITE received: 100, 180, 200 leave d100, d180, d200 after its
 *   arrival; A = the 200's departure;
 * - a 200 to its INVITE received: A = its arrival; the ACK leaves dack
 *   after it;
 * - from A: RTP packet n (0 <= n < packets) leaves at A + (n + 1) ptime;
 *   when callgen says the far end hangs up, its BYE leaves at A + hold,
 *   or, as the callee, when the computer's ACK arrives if that is later
 *   (RFC 3261 15; callplay.c's modelled far end does the same);
 * - a BYE received: its 200 leaves dbye_ok after the arrival.
 * Each goes where the gateway is now (its timeline may move it, review
 * n45): a response to its request's source, ACK and BYE to the latest
 * source of the call's SIP, RTP to the gateway's SDP; only its own INVITE
 * to the configured address (struct farcall).
 * A frame leaves at its instant (no CPU or NIC here: the host's share of a
 * call's delay is calls.delay_budget's). Event args: call << 3 | action. */
enum { FA_RTP = 7 };           /* 0..6: send that enum callmsg */
#define FARG(i, a) ((uint32_t)(i) << 3 | (uint32_t)(a))

static uint64_t ps_ticks(const struct phost *p, uint64_t ps) { return ps * tpp(p); }

/* The ends as the far end's frame to `to` has them (the gateway there). */
static void far_ends(const struct phost *p, const struct phost_addr *to, struct callmsg_ends *e)
{
	*e = p->ends;
	e->gw_ipv4 = to->ipv4;
	memcpy(e->gw_mac, to->mac, 6);
}

static void far_send(struct phost *p, size_t i, enum callmsg m)
{
	const struct farcall *c = &p->fc[i];
	/* its own INVITE to the gateway's configured address (a new call
	 * knows no better); a response to its request's source; ACK and BYE
	 * to the dialog's peer */
	const struct phost_addr *to = m == CM_INVITE ? &p->gw
	                            : m == CM_BYE_OK ? &c->bye
	                            : m == CM_ACK || m == CM_BYE ? &c->peer : &c->inv;
	struct callmsg_ends e;
	far_ends(p, to, &e);
	uint8_t f[2048];
	size_t n = callmsg_sip(&e, callgen_get(p->g, i), m, false, ++p->ipid, f, sizeof f);
	if (!n)
		return;
	p->st.tx++;
	p->st.sip_tx++;
	p->cfg.send(p->cfg.ctx, f, (uint32_t)n, p->now, NULL);
}

static void far_talk(struct phost *p, size_t i);

static void on_far(void *ctx, uint32_t arg)
{
	struct phost *p = ctx;
	size_t i = arg >> 3;
	const struct callgen_call *k = callgen_get(p->g, i);
	struct farcall *c = &p->fc[i];
	unsigned a = arg & 7;
	if (a == FA_RTP) {
		uint8_t f[1600];
		/* the cache is made at the first packet, after the gateway's SDP
		 * (its INVITE, or its 200 that started the media) */
		struct callmsg_ends e;
		far_ends(p, &c->media, &e);
		e.gw_rtp_port = c->media_port;
		size_t n = callmsg_rtp_cached(&c->rtp, &e, k, false, c->sent, f, sizeof f);
		if (n) {
			p->st.tx++;
			p->st.rtp_tx++;
			p->cfg.send(p->cfg.ctx, f, (uint32_t)n, p->now, callmsg_rtp_parse(&c->rtp));
		}
		if (++c->sent < k->packets)
			sched_lane(p, &p->rtp,
			           c->answer + ps_ticks(p, (c->sent + 1) * k->ptime_ms * 1000000000ull),
			           on_far, FARG(i, FA_RTP), k->ptime_ms);
		return;
	}
	if (a == CM_BYE && !c->ok) {   /* the callee without the ACK yet */
		c->bye_due = true;
		return;
	}
	far_send(p, i, (enum callmsg)a);
	if (a == CM_200)
		far_talk(p, i);
}

/* The call is answered now (A): media, and the far end's BYE at A + hold. */
static void far_talk(struct phost *p, size_t i)
{
	const struct callgen_call *k = callgen_get(p->g, i);
	struct farcall *c = &p->fc[i];
	if (c->answer)
		return;
	c->answer = p->now;
	p->st.answered++;
	if (k->packets)
		sched_lane(p, &p->rtp, p->now + ps_ticks(p, k->ptime_ms * 1000000000ull), on_far,
		           FARG(i, FA_RTP), k->ptime_ms);
	if (k->far_hangs_up)
		sched_lane(p, &p->bye, p->now + ps_ticks(p, k->hold_ps), on_far, FARG(i, CM_BYE),
		           k->hold_ps);
}

static void start_callfar(struct phost *p)
{
	for (size_t i = 0; i < p->ncalls; i++) {
		const struct callgen_call *k = callgen_get(p->g, i);
		if (!k->outgoing)           /* the far end places it */
			evq_schedule(p->q, ps_ticks(p, k->t_invite), EC_GEN, on_far, p, FARG(i, CM_INVITE));
	}
}

/* The frame's source, IP and MAC: the world's `from` is the sender's
 * configured address, which a computer's timeline may have changed since
 * (an answer to it went nowhere, no-host). */
static struct phost_addr source_of(const struct frame_info *fi, const struct phost_addr *from)
{
	struct phost_addr a = *from;
	if (fi->l3 == L3_IPV4) {
		a.ipv4 = (uint32_t)fi->ip_src[0] << 24 | (uint32_t)fi->ip_src[1] << 16 |
		         (uint32_t)fi->ip_src[2] << 8 | fi->ip_src[3];
		memcpy(a.mac, fi->src, 6);
	}
	return a;
}

static void rx_callfar(struct phost *p, const struct frame_info *fi, const uint8_t *data,
                       const struct phost_addr *from)
{
	size_t len;
	const uint8_t *u = frame_udp_payload(data, fi->caplen, fi, &len);
	if (!u) {                      /* not UDP, or broken */
		p->st.ignored++;
		return;
	}
	if (fi->dport != p->ends.far_sip_port) {
		if (len >= 12 && u[0] >> 6 == 2)    /* RTP version 2 */
			p->st.rtp_rx++;
		else
			p->st.ignored++;
		return;
	}
	struct sip_msg m;
	enum sip_err e = sip_parse(u, len, &m);
	size_t i = e == SIP_E_MALFORMED || e == SIP_E_NOMEM
	         ? SIZE_MAX : callmsg_call_of(p->cfg.peer->gen.seed, m.call_id, p->ncalls);
	if (i == SIZE_MAX) {           /* not SIP, or none of its calls' */
		p->st.ignored++;
		return;
	}
	p->st.sip_rx++;
	enum callmsg_kind k = callmsg_kind(&m);
	struct farcall *c = &p->fc[i];
	c->peer = source_of(fi, from);
	if (k == CK_INVITE)
		c->inv = c->peer;
	if (k == CK_BYE)
		c->bye = c->peer;
	/* the gateway's SDP (its offer or answer): media goes to its c= (an
	 * IPv4 one; else the frame's source) and m= port */
	if (m.has_media && m.media.port) {
		c->media = c->peer;
		if (m.media.addr.family == AF_INET)
			c->media.ipv4 = (uint32_t)m.media.addr.a[0] << 24 |
			                (uint32_t)m.media.addr.a[1] << 16 |
			                (uint32_t)m.media.addr.a[2] << 8 | m.media.addr.a[3];
		c->media_port = m.media.port;
	}
	if (k == CK_OK_INVITE) {       /* the caller has the 200 */
		c->ok = true;
		far_talk(p, i);
	}
	if (k == CK_ACK && !c->ok) {   /* the callee has the ACK: a BYE due goes now */
		c->ok = true;
		if (c->bye_due) {
			c->bye_due = false;
			evq_schedule(p->q, p->now, EC_GEN, on_far, p, FARG(i, CM_BYE));
		}
	}
	if (k == CK_BYE || k == CK_OK_BYE)
		p->st.ended++;
	struct callmsg_reply r[3];
	size_t nr = callmsg_replies(k, &p->cfg.peer->gen, r);
	for (size_t j = 0; j < nr; j++)
		evq_schedule(p->q, p->now + ps_ticks(p, r[j].delay_ps), EC_GEN, on_far, p,
		             FARG(i, r[j].m));
}

static const struct papp apps[WAPP__COUNT] = {
	[WAPP_SINK] = {NULL, NULL, NULL},
	[WAPP_RTP] = {start_streams, gen_rtp, NULL},
	[WAPP_BULK] = {start_streams, gen_bulk, NULL},
	[WAPP_BILLING] = {NULL, NULL, rx_billing},
	[WAPP_CALLFAR] = {start_callfar, on_far, rx_callfar},
};

struct phost *phost_create(const struct phost_cfg *cfg)
{
	struct phost *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->cfg = *cfg;
	p->q = evq_create();
	p->seq = calloc(cfg->c->channels ? cfg->c->channels : 1, sizeof *p->seq);
	if (cfg->c->echo)
		p->frag = ipfrag_create();
	if (!p->q || !p->seq || (cfg->c->echo && !p->frag)) {
		phost_destroy(p);
		return NULL;
	}
	if (cfg->c->app == WAPP_CALLFAR) {
		const struct scenario *s = cfg->peer;
		char err[256];
		p->g = s ? callgen_create(&s->gen, err, sizeof err) : NULL;
		p->ncalls = p->g ? callgen_count(p->g) : 0;
		p->fc = calloc(p->ncalls ? p->ncalls : 1, sizeof *p->fc);
		if (!p->g || !p->fc) {
			phost_destroy(p);
			return NULL;
		}
		p->ends.gw_ipv4 = s->ipv4;
		p->ends.far_ipv4 = cfg->c->ipv4;
		memcpy(p->ends.gw_mac, s->mac, 6);
		memcpy(p->ends.far_mac, cfg->c->mac, 6);
		p->ends.gw_sip_port = s->n_sip_ports ? s->sip_ports[0] : 5060;
		p->ends.far_sip_port = s->far_sip_port;
		p->gw.ipv4 = s->ipv4;
		memcpy(p->gw.mac, s->mac, 6);
		for (size_t i = 0; i < p->ncalls; i++)
			p->fc[i].inv = p->fc[i].bye = p->fc[i].peer = p->fc[i].media = p->gw;
	}
	if (apps[cfg->c->app].start)
		apps[cfg->c->app].start(p);
	return p;
}

void phost_destroy(struct phost *p)
{
	if (!p)
		return;
	evq_periods_destroy(&p->rtp);
	evq_periods_destroy(&p->bye);
	if (p->q)
		evq_destroy(p->q);
	callgen_destroy(p->g);
	for (size_t i = 0; p->fc && i < p->ncalls; i++)
		callmsg_rtp_cache_free(&p->fc[i].rtp);
	free(p->fc);
	free(p->seq);
	ipfrag_destroy(p->frag);
	free(p);
}

uint64_t phost_next(const struct phost *p) { return evq_next_time(p->q); }

bool phost_sends(const struct phost *p)
{
	return p->cfg.c->echo || apps[p->cfg.c->app].gen || apps[p->cfg.c->app].start;
}

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
              uint64_t at, const struct phost_addr *from, const struct frame_info *parsed)
{
	const struct papp *a = &apps[p->cfg.c->app];
	p->now = at;
	p->st.rx++;
	p->st.rx_bytes += wirelen;
	if (!a->rx && !p->cfg.c->echo)
		return;
	struct frame_info own;
	const struct frame_info *fi = parsed;
	if (!fi) {
		frame_parse(data, caplen, wirelen, &own);
		fi = &own;
	}
	if (a->rx)
		a->rx(p, fi, data, from);
	/* echo: answer once, addresses and ports swapped, the same payload;
	 * not to a host that echoes too (no ping-pong). A fragmented datagram
	 * is made whole first, as the host's IP stack would, and answered
	 * once, in one frame, when its last fragment arrives. */
	if (!p->cfg.c->echo || from->echoes)
		return;
	/* to the frame's own source, IP and MAC */
	struct phost_addr back = source_of(fi, from);
	size_t len;
	uint16_t sport = fi->sport, dport = fi->dport;
	const uint8_t *pl = ipfrag_is_udp(fi)
	                        ? ipfrag_add_udp(p->frag, data, caplen, fi, &sport, &dport, &len)
	                        : frame_udp_payload(data, caplen, fi, &len);
	if (pl && send_udp(p, dport, sport, pl, len, &back, (uint16_t)p->st.echoed))
		p->st.echoed++;
}

void phost_stats(const struct phost *p, struct phost_stats *s) { *s = p->st; }
