/* callplay.c - generated calls played through the computer, see callplay.h.
 * Models: the second embodiment (Figs. 9-10, claims 16-18; issue 12, item
 * 3): GP's SIP engine exchanges SIP with the far end (INVITE out or in,
 * 100/180/200, ACK, BYE and its 200), RT sends and receives each call's
 * RTP on the port it claimed, GP sends a billing record over TCP to the
 * billing host at hang-up.
 *
 * Instants of one call (cycles; d* are calls.far.*; "out" is a GP frame's
 * last bit on the wire, "handled" the end of GP's SIP engine's work on a
 * received message):
 *  - start: callgen's t_invite. GP places it (outgoing): GP's engine sends
 *    the INVITE; the far end sends 100, 180, 200 at out(INVITE) + d100,
 *    d180, d200. The far end places it: its INVITE arrives at start; GP's
 *    side answers 100, 180, 200 at handled(INVITE) + d100, d180, d200 (the
 *    local user rings and answers with the same delays).
 *  - the answer A: the 200 OK at the gateway's wire: the far end's 200
 *    starting to arrive (outgoing), GP's 200 out (incoming). GP ACKs the
 *    far end's 200 when handled; the far end ACKs GP's at A + dack.
 *  - media: the far end's RTP packet k (0 <= k < packets = hold / ptime)
 *    starts arriving at A + (k + 1) ptime (a packet carries ptime of
 *    speech, so the first leaves one ptime after the answer); RT's sender,
 *    started when RT applies the call's port claim at C, sends packet k at
 *    C + (k + 1) ptime (the request; RT's application, driver and scheduler
 *    costs follow). Both send `packets` packets.
 *  - hang-up H = A + hold: the side callgen names sends the BYE (the far
 *    end's arrives at H; GP's engine sends its own at H); the other answers
 *    200: the far end at out(BYE) + dbye_ok, GP when handled.
 *  - billing: when GP's engine has ended the call (handled the BYE, or the
 *    200 to its own BYE), GP's billing application sends one TCP segment
 *    (PSH|ACK) to calls.billing: "caller callee start_ns duration_ns" with
 *    start = A and duration = hold. The connection is modelled as already
 *    open (no handshake: one long-lived connection, as billing links keep)
 *    and the billing host's ACKs are not modelled. Its delay is H to the
 *    segment's last bit on the wire (calls.tsv billing_delay_ns).
 * Instants from picoseconds round down to a cycle; delays round up (a
 * delay never vanishes). SIP text: RFC 3261 (Call-ID callgen's, tags,
 * CSeq 1 INVITE/ACK, 2 BYE), SDP RFC 4566 with the codec's RFC 3551 static
 * payload type, its rtpmap and a=ptime; RTP RFC 3550 headers with callgen's
 * SSRC, sequence and timestamp starts, and the codec's coding of silence.
 * Cost: O(1) per frame; SIP leaving the wire is parsed once more here
 * (sip_parse) to know what the far end answers. */
#include "callplay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "callgen.h"
#include "sip.h"
#include "units.h"

#define NONE UINT64_MAX
#define BILL_SPORT 49152u            /* GP's end of the billing connection */

enum msg { M_INVITE = 0, M_100, M_180, M_200, M_ACK, M_BYE, M_BYE_OK };

enum cp_state { CP_IDLE = 0, CP_SETUP, CP_TALK, CP_HUNG, CP_ENDED };

struct cp_call {
	const struct callgen_call *k;
	enum cp_state st;
	uint64_t answer, hangup;     /* A and H, cycles (NONE: not yet) */
	uint64_t far_k, rt_k;        /* RTP packets sent by each side */
	uint64_t rt_base;            /* RT's sender started (claim applied) */
	uint32_t table;              /* the call table's number (0: unknown) */
};

struct callplay {
	struct callplay_deps d;
	struct callgen *g;
	struct cp_call *c;
	size_t n;
	char prefix[40];             /* "cg-<seed hex>-" of every Call-ID */
	uint16_t gp_sip_port;
	uint32_t bill_seq;
	uint16_t ipid;
	struct callplay_stats st;
};

static inline uint64_t now(const struct callplay *cp) { return cpu_now(cp->d.cpu); }

static uint64_t at_ps(const struct callplay *cp, uint64_t ps)
{
	return cost_ps_to_cycles_floor(cp->d.c, ps);
}

static uint64_t delay(const struct callplay *cp, uint64_t ps)
{
	return cost_ps_to_cycles_ceil(cp->d.c, ps);
}

static uint64_t to_ps(const struct callplay *cp, uint64_t cyc)
{
	return (uint64_t)((unsigned __int128)cyc * 1000000000000ull / cp->d.c->v[C_CPU_HZ]);
}

/* packet k's instant, k >= 1 ptimes after base, exact in 128 bits */
static uint64_t nth(const struct callplay *cp, const struct cp_call *c, uint64_t base, uint64_t k)
{
	unsigned __int128 x = (unsigned __int128)k * c->k->ptime_ms * cp->d.c->v[C_CPU_HZ] / 1000u;
	return base + (uint64_t)x;
}

static void ip4(uint32_t a, uint8_t ip[16])
{
	memset(ip, 0, 16);
	ip[0] = (uint8_t)(a >> 24);
	ip[1] = (uint8_t)(a >> 16);
	ip[2] = (uint8_t)(a >> 8);
	ip[3] = (uint8_t)a;
}

static void sched(struct callplay *cp, uint64_t t, enum evq_class cls, evq_fn *fn, uint32_t arg)
{
	if (t >= cp->d.end_cycle)
		return;
	evq_schedule(cp->d.q, t > now(cp) ? t : now(cp), cls, fn, cp, arg);
}

/* ---- SIP text ---- */

/* The call's index from a Call-ID of ours; SIZE_MAX when not ours. */
static size_t call_of(const struct callplay *cp, const char *call_id)
{
	size_t pl = strlen(cp->prefix);
	if (strncmp(call_id, cp->prefix, pl) != 0)
		return SIZE_MAX;
	char *end;
	unsigned long id = strtoul(call_id + pl, &end, 10);
	return *end || id == 0 || id > cp->n ? SIZE_MAX : (size_t)id - 1;
}

/* One message of call c, sent by GP (gp) or by the far end, as UDP
 * payload text. */
static size_t sip_text(struct callplay *cp, const struct cp_call *c, enum msg m, bool gp, char *b,
                       size_t n)
{
	const struct callgen_call *k = c->k;
	char hip[16], fip[16], sdp[512], via[128];
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	units_format_ipv4(me->ipv4, hip);
	units_format_ipv4(cp->d.sc->far_ipv4, fip);
	/* the dialog: the caller and the callee, each user@ip and port */
	bool gw_calls = k->outgoing;
	const char *cr_user = gw_calls ? "gw" : "far", *ce_user = gw_calls ? "far" : "gw";
	const char *cr_ip = gw_calls ? hip : fip, *ce_ip = gw_calls ? fip : hip;
	unsigned cr_port = gw_calls ? cp->gp_sip_port : cp->d.sc->far_sip_port;
	unsigned ce_port = gw_calls ? cp->d.sc->far_sip_port : cp->gp_sip_port;
	bool request = m == M_INVITE || m == M_ACK || m == M_BYE;
	/* who sent the request this message is, or answers */
	bool req_by_gp = request ? gp : !gp;
	bool req_by_caller = req_by_gp == gw_calls;
	const char *cseq = m == M_INVITE || m == M_100 || m == M_180 || m == M_200 ? "1 INVITE"
	                 : m == M_ACK ? "1 ACK" : "2 BYE";
	snprintf(via, sizeof via, "SIP/2.0/UDP %s:%u;branch=z9hG4bK%" PRIu32 "%c",
	         req_by_caller ? cr_ip : ce_ip, req_by_caller ? cr_port : ce_port, k->id,
	         "iiiiabb"[m]);
	/* From is the request's sender; the callee's tag once it answered */
	char from[160], to[160];
	bool tag_ce = m != M_INVITE && m != M_100;
	char crs[128], ces[128];
	snprintf(crs, sizeof crs, "<sip:%s-%" PRIu32 "@%s>;tag=c%" PRIu32, cr_user, k->id, cr_ip, k->id);
	if (tag_ce)
		snprintf(ces, sizeof ces, "<sip:%s-%" PRIu32 "@%s>;tag=e%" PRIu32, ce_user, k->id, ce_ip,
		         k->id);
	else
		snprintf(ces, sizeof ces, "<sip:%s-%" PRIu32 "@%s>", ce_user, k->id, ce_ip);
	snprintf(from, sizeof from, "%s", req_by_caller ? crs : ces);
	snprintf(to, sizeof to, "%s", req_by_caller ? ces : crs);
	sdp[0] = 0;
	int sl = 0;
	if (m == M_INVITE || m == M_200) {   /* the offer and the answer */
		bool mine = gp;
		sl = snprintf(sdp, sizeof sdp,
		              "v=0\r\no=%s %" PRIu32 " 1 IN IP4 %s\r\ns=call\r\nc=IN IP4 %s\r\nt=0 0\r\n"
		              "m=audio %u RTP/AVP %u\r\na=rtpmap:%u %s/%" PRIu32 "\r\na=ptime:%u\r\n",
		              mine ? "gw" : "far", k->id, mine ? hip : fip, mine ? hip : fip,
		              mine ? k->local_port : k->far_port, k->codec->pt, k->codec->pt,
		              k->codec->name, k->codec->clock_hz, k->ptime_ms);
	}
	char first[160];
	if (request) {
		bool to_callee = req_by_caller;
		snprintf(first, sizeof first, "%s sip:%s-%" PRIu32 "@%s:%u SIP/2.0",
		         m == M_INVITE ? "INVITE" : m == M_ACK ? "ACK" : "BYE",
		         to_callee ? ce_user : cr_user, k->id, to_callee ? ce_ip : cr_ip,
		         to_callee ? ce_port : cr_port);
	} else {
		snprintf(first, sizeof first, "SIP/2.0 %s",
		         m == M_100 ? "100 Trying" : m == M_180 ? "180 Ringing" : "200 OK");
	}
	int len = snprintf(b, n,
	                   "%s\r\nVia: %s\r\nMax-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\n"
	                   "Call-ID: %s\r\nCSeq: %s\r\nContact: <sip:%s@%s:%u>\r\n%s"
	                   "Content-Length: %d\r\n\r\n%s",
	                   first, via, from, to, k->call_id, cseq, gp ? "gw" : "far", gp ? hip : fip,
	                   gp ? cp->gp_sip_port : cp->d.sc->far_sip_port,
	                   sl ? "Content-Type: application/sdp\r\n" : "", sl, sdp);
	return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

/* The frame of a message: GP -> far end, or far end -> GP. */
static size_t sip_frame(struct callplay *cp, const struct cp_call *c, enum msg m, bool gp,
                        uint8_t *buf, size_t cap)
{
	char text[1500];
	size_t len = sip_text(cp, c, m, gp, text, sizeof text);
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	const struct scenario *sc = cp->d.sc;
	uint8_t hip[16], fip[16];
	ip4(me->ipv4, hip);
	ip4(sc->far_ipv4, fip);
	cp->ipid++;
	if (gp)
		return frame_build_udp(buf, cap, sc->far_mac, me->mac, false, hip, fip, cp->gp_sip_port,
		                       sc->far_sip_port, (const uint8_t *)text, len, cp->ipid);
	return frame_build_udp(buf, cap, me->mac, sc->far_mac, false, fip, hip, sc->far_sip_port,
	                       cp->gp_sip_port, (const uint8_t *)text, len, cp->ipid);
}

/* ---- the two sides' messages ---- */

/* GP's SIP engine sends message m of call i (its thread, then GP's path). */
static void gp_send(struct callplay *cp, size_t i, enum msg m)
{
	uint8_t f[2048];
	size_t len = sip_frame(cp, &cp->c[i], m, true, f, sizeof f);
	cp->st.gp_sip++;
	gpside_sip_send(cp->d.gp, f, (uint32_t)len);
}

/* The far end's message m of call i starts arriving at the NIC now. */
static void far_send(struct callplay *cp, size_t i, enum msg m)
{
	uint8_t f[2048];
	size_t len = sip_frame(cp, &cp->c[i], m, false, f, sizeof f);
	cp->st.far_sip++;
	input_inject(cp->d.in, f, (uint32_t)len, (uint32_t)len);
}

#define ARG(i, m) ((uint32_t)(i) << 3 | (uint32_t)(m))

static void on_far(void *ctx, uint32_t arg);
static void on_gp(void *ctx, uint32_t arg);
static void on_far_rtp(void *ctx, uint32_t i);

/* The answer A: media from the far end, and the hang-up at A + hold. */
static void answered(struct callplay *cp, size_t i, uint64_t a)
{
	struct cp_call *c = &cp->c[i];
	if (c->st != CP_SETUP)
		return;
	c->st = CP_TALK;
	c->answer = a;
	c->hangup = a + delay(cp, c->k->hold_ps);
	if (c->k->packets)
		sched(cp, nth(cp, c, a, 1), EC_RX_FRAME, on_far_rtp, (uint32_t)i);
	if (c->k->far_hangs_up)
		sched(cp, c->hangup, EC_RX_FRAME, on_far, ARG(i, M_BYE));
	else
		sched(cp, c->hangup, EC_GEN, on_gp, ARG(i, M_BYE));
}

static void on_far(void *ctx, uint32_t arg)
{
	struct callplay *cp = ctx;
	size_t i = arg >> 3;
	enum msg m = (enum msg)(arg & 7);
	far_send(cp, i, m);
	if (m == M_200)                  /* the far end answers GP's INVITE */
		answered(cp, i, now(cp));
	if (m == M_BYE)
		cp->c[i].st = CP_HUNG;
}

static void on_gp(void *ctx, uint32_t arg)
{
	struct callplay *cp = ctx;
	size_t i = arg >> 3;
	enum msg m = (enum msg)(arg & 7);
	gp_send(cp, i, m);
	if (m == M_BYE)
		cp->c[i].st = CP_HUNG;
}

/* A call starts: its INVITE, and the next call's start. */
static void on_start(void *ctx, uint32_t i)
{
	struct callplay *cp = ctx;
	struct cp_call *c = &cp->c[i];
	c->st = CP_SETUP;
	if (c->k->outgoing)
		gp_send(cp, i, M_INVITE);
	else
		far_send(cp, i, M_INVITE);
	if (i + 1 < cp->n)
		sched(cp, at_ps(cp, cp->c[i + 1].k->t_invite), EC_GEN, on_start, i + 1);
}

/* ---- RTP ---- */

/* RTP packet k of call c (RFC 3550 header, silence as the codec codes it:
 * mu-law 0xff, A-law 0xd5, G.729 zeros) into a frame. */
static size_t rtp_frame(struct callplay *cp, const struct cp_call *c, bool rt, uint64_t k,
                        uint8_t *buf, size_t cap)
{
	const struct callgen_call *g = c->k;
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	const struct scenario *sc = cp->d.sc;
	uint8_t p[12 + 1500], hip[16], fip[16];
	size_t pl = 12 + g->payload_bytes;
	if (pl > sizeof p)
		pl = sizeof p;
	uint8_t quiet = g->codec->pt == 0 ? 0xff : g->codec->pt == 8 ? 0xd5 : 0x00;
	memset(p, quiet, pl);
	uint16_t seq = (uint16_t)((rt ? g->seq0_local : g->seq0_far) + k);
	uint32_t ts = (rt ? g->ts0_local : g->ts0_far) +
	              (uint32_t)(k * g->codec->clock_hz / 1000u * g->ptime_ms);
	uint32_t ssrc = rt ? g->ssrc_local : g->ssrc_far;
	p[0] = 0x80;
	p[1] = g->codec->pt;
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	for (int b = 0; b < 4; b++) {
		p[4 + b] = (uint8_t)(ts >> (24 - 8 * b));
		p[8 + b] = (uint8_t)(ssrc >> (24 - 8 * b));
	}
	ip4(me->ipv4, hip);
	ip4(sc->far_ipv4, fip);
	if (rt)
		return frame_build_udp(buf, cap, sc->far_mac, me->mac, false, hip, fip, g->local_port,
		                       g->far_port, p, pl, seq);
	return frame_build_udp(buf, cap, me->mac, sc->far_mac, false, fip, hip, g->far_port,
	                       g->local_port, p, pl, seq);
}

static void on_far_rtp(void *ctx, uint32_t i)
{
	struct callplay *cp = ctx;
	struct cp_call *c = &cp->c[i];
	uint8_t f[1600];
	size_t len = rtp_frame(cp, c, false, c->far_k, f, sizeof f);
	input_inject(cp->d.in, f, (uint32_t)len, (uint32_t)len);
	cp->st.far_rtp++;
	if (++c->far_k < c->k->packets)
		sched(cp, nth(cp, c, c->answer, c->far_k + 1), EC_RX_FRAME, on_far_rtp, i);
}

/* RT's sender: an RT application's request (rtside_submit). */
static void on_rt_rtp(void *ctx, uint32_t i)
{
	struct callplay *cp = ctx;
	struct cp_call *c = &cp->c[i];
	uint32_t id;
	if (ledger_tx_new(cp->d.ledger, true, TX_APP, 128 + 12 + c->k->payload_bytes, now(cp), &id) == 0) {
		struct fr *f = fpool_at(cp->d.pool, id);
		size_t len = rtp_frame(cp, c, true, c->rt_k, f->buf, f->bufcap);
		f->caplen = f->wirelen = (uint32_t)len;
		rtside_submit(cp->d.rt, id);
	}
	cp->st.rt_rtp++;
	if (++c->rt_k < c->k->packets)
		sched(cp, nth(cp, c, c->rt_base, c->rt_k + 1), EC_GEN, on_rt_rtp, i);
}

/* RT applied a call's claim: its RTP sender starts (claims 16-18). */
static void on_applied(void *ctx, uint32_t call, uint16_t port, uint64_t cycle)
{
	(void)port;
	struct callplay *cp = ctx;
	struct calls_info ci;
	if (!calls_info(cp->d.calls, call, &ci))
		return;
	size_t i = call_of(cp, ci.call_id);
	if (i == SIZE_MAX || cp->c[i].table)
		return;
	struct cp_call *c = &cp->c[i];
	c->table = call;
	c->rt_base = cycle;
	if (c->k->packets)
		sched(cp, nth(cp, c, cycle, 1), EC_GEN, on_rt_rtp, (uint32_t)i);
}

/* ---- billing ---- */

static void bill(struct callplay *cp, size_t i)
{
	struct cp_call *c = &cp->c[i];
	if (c->st == CP_ENDED)
		return;
	c->st = CP_ENDED;
	struct callgen_call k = *c->k;
	k.t_200 = to_ps(cp, c->answer);
	k.t_bye = k.t_200 + c->k->hold_ps;
	char text[256];
	int tl = callgen_billing(&k, text, sizeof text);
	size_t len = tl < 0 ? 0 : (size_t)tl < sizeof text ? (size_t)tl : sizeof text - 1;
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	const struct scenario *sc = cp->d.sc;
	uint8_t f[512], hip[16], bip[16];
	ip4(me->ipv4, hip);
	ip4(sc->bill_ipv4, bip);
	cp->ipid++;
	size_t n = frame_build_tcp(f, sizeof f, sc->bill_mac, me->mac, false, hip, bip, BILL_SPORT,
	                           sc->bill_port, cp->bill_seq, 1, 0x18, (const uint8_t *)text, len,
	                           cp->ipid);
	cp->bill_seq += (uint32_t)len;
	cp->st.billing++;
	gpside_send(cp->d.gp, f, (uint32_t)n);
}

/* ---- what GP's engine handled, what left the wire ---- */

/* GP's SIP engine has handled a received message (after calls_sip). */
static void on_sip(void *ctx, const uint8_t *payload, size_t len)
{
	struct callplay *cp = ctx;
	struct sip_msg m;
	if (sip_parse(payload, len, &m) == SIP_E_MALFORMED)
		return;
	size_t i = call_of(cp, m.call_id);
	if (i == SIZE_MAX)
		return;
	const struct scenario *sc = cp->d.sc;
	const struct callgen_cfg *g = &sc->gen;
	if (m.request && !strcmp(m.method, "INVITE")) {        /* GP's side answers */
		sched(cp, now(cp) + delay(cp, g->d100_ps), EC_GEN, on_gp, ARG(i, M_100));
		sched(cp, now(cp) + delay(cp, g->d180_ps), EC_GEN, on_gp, ARG(i, M_180));
		sched(cp, now(cp) + delay(cp, g->d200_ps), EC_GEN, on_gp, ARG(i, M_200));
	} else if (m.request && !strcmp(m.method, "BYE")) {    /* the far end hung up */
		gp_send(cp, i, M_BYE_OK);
		bill(cp, i);
	} else if (!m.request && m.status == 200 && !strcmp(m.cseq_method, "INVITE")) {
		gp_send(cp, i, M_ACK);
	} else if (!m.request && m.status == 200 && !strcmp(m.cseq_method, "BYE")) {
		bill(cp, i);                                     /* GP hung up */
	}
}

/* A GP frame left the wire: the far end answers GP's SIP; a billing
 * record's delay is known. */
static void on_wire(void *ctx, enum trace_point p, uint64_t t, const struct fr *f)
{
	(void)t;
	struct callplay *cp = ctx;
	if (p != TP_WIRE_TX || f->kind != FK_GP_TX)
		return;
	const struct scenario *sc = cp->d.sc;
	struct frame_info fi;
	frame_parse(f->buf, f->caplen, f->wirelen, &fi);
	if (fi.l3 != L3_IPV4 || fi.l4_status != FRAME_OK)
		return;
	uint32_t dst = (uint32_t)fi.ip_dst[0] << 24 | (uint32_t)fi.ip_dst[1] << 16 |
	               (uint32_t)fi.ip_dst[2] << 8 | fi.ip_dst[3];
	uint64_t out = f->t_last;
	if (fi.l4 == L4_TCP && dst == sc->bill_ipv4 && fi.dport == sc->bill_port) {
		/* "caller-N\t...": the call's number after the first '-' */
		const uint8_t *pl = f->buf + fi.l4_off + 20;
		if ((size_t)(pl - f->buf) >= f->caplen)
			return;
		const char *dash = memchr(pl, '-', f->caplen - (size_t)(pl - f->buf));
		unsigned long id = dash ? strtoul(dash + 1, NULL, 10) : 0;
		if (id >= 1 && id <= cp->n && cp->c[id - 1].table)
			calls_billing(cp->d.calls, cp->c[id - 1].table, cp->c[id - 1].hangup, out);
		return;
	}
	if (fi.l4 != L4_UDP || dst != sc->far_ipv4 || fi.dport != sc->far_sip_port)
		return;
	size_t len;
	const uint8_t *u = frame_udp_payload(f->buf, f->caplen, &fi, &len);
	struct sip_msg m;
	if (!u || sip_parse(u, len, &m) == SIP_E_MALFORMED)
		return;
	size_t i = call_of(cp, m.call_id);
	if (i == SIZE_MAX)
		return;
	const struct callgen_cfg *g = &sc->gen;
	if (m.request && !strcmp(m.method, "INVITE")) {
		sched(cp, out + delay(cp, g->d100_ps), EC_RX_FRAME, on_far, ARG(i, M_100));
		sched(cp, out + delay(cp, g->d180_ps), EC_RX_FRAME, on_far, ARG(i, M_180));
		sched(cp, out + delay(cp, g->d200_ps), EC_RX_FRAME, on_far, ARG(i, M_200));
	} else if (m.request && !strcmp(m.method, "BYE")) {
		sched(cp, out + delay(cp, g->dbye_ok_ps), EC_RX_FRAME, on_far, ARG(i, M_BYE_OK));
	} else if (!m.request && m.status == 200 && !strcmp(m.cseq_method, "INVITE")) {
		answered(cp, i, out);                            /* GP answered the far end */
		sched(cp, out + delay(cp, g->dack_ps), EC_RX_FRAME, on_far, ARG(i, M_ACK));
	}
}

/* ---- set-up ---- */

struct callplay *callplay_create(const struct callplay_deps *d, char *err, size_t errlen)
{
	struct callplay *cp = calloc(1, sizeof *cp);
	if (!cp) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	cp->d = *d;
	cp->g = callgen_create(&d->sc->gen, err, errlen);
	if (!cp->g) {
		free(cp);
		return NULL;
	}
	cp->n = callgen_count(cp->g);
	cp->c = calloc(cp->n ? cp->n : 1, sizeof *cp->c);
	if (!cp->c || !trace_on_frame(d->tr, on_wire, cp)) {
		snprintf(err, errlen, "cannot play the generated calls (out of memory?)");
		callplay_destroy(cp);
		return NULL;
	}
	for (size_t i = 0; i < cp->n; i++)
		cp->c[i] = (struct cp_call){.k = callgen_get(cp->g, i), .answer = NONE, .hangup = NONE};
	snprintf(cp->prefix, sizeof cp->prefix, "cg-%016" PRIx64 "-", d->sc->gen.seed);
	cp->gp_sip_port = d->sc->n_sip_ports ? d->sc->sip_ports[0] : 5060;
	cp->st.calls = cp->n;
	gpside_on_sip(d->gp, on_sip, cp);
	calls_on_applied(d->calls, on_applied, cp);
	if (cp->n)
		sched(cp, at_ps(cp, cp->c[0].k->t_invite), EC_GEN, on_start, 0);
	return cp;
}

void callplay_destroy(struct callplay *cp)
{
	if (!cp)
		return;
	callgen_destroy(cp->g);
	free(cp->c);
	free(cp);
}

void callplay_stats(const struct callplay *cp, struct callplay_stats *s)
{
	*s = cp->st;
}
