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
 *    200: the far end at out(BYE) + dbye_ok, GP when handled. A side sends
 *    its BYE only in a dialog it knows confirmed (RFC 3261 12 and 15): the
 *    caller once it has the 200 (GP: its engine has handled it; the far
 *    end: at once), the callee once it has the ACK (GP: its engine has
 *    handled it; the far end: GP's ACK has left the wire). A hang-up due
 *    before that waits for it, and H is then when the BYE goes (a holding
 *    time shorter than GP's handling of the 200, say); a dialog never
 *    confirmed (the 200 or the ACK lost) is never hung up by that side.
 *  - billing: when GP's engine has ended the call (handled the BYE, or the
 *    200 to its own BYE), GP's billing application sends one TCP segment
 *    (PSH|ACK) to calls.billing: "caller callee start_ns duration_ns" with
 *    start = A and duration = hold. The connection is modelled as already
 *    open (no handshake: one long-lived connection, as billing links keep)
 *    and the billing host's ACKs are not modelled. Its delay is H to the
 *    segment's last bit on the wire (calls.tsv billing_delay_ns); the
 *    duration is the BYE's H - A.
 * With calls.far.remote the far end is a host of a world (phost.c, app
 * callfar): nothing of the far end is injected or scheduled here; the
 * answer A of a call GP placed is when GP's engine handled the far end's
 * 200 (doc/calls.md, "Across a world").
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
#include "callmsg.h"
#include "sip.h"
#include "units.h"

#define NONE UINT64_MAX
#define BILL_SPORT 49152u            /* GP's end of the billing connection */

enum cp_state { CP_IDLE = 0, CP_SETUP, CP_TALK, CP_HUNG, CP_ENDED };

struct cp_call {
	const struct callgen_call *k;
	enum cp_state st;
	uint64_t answer, hangup;     /* A and H, cycles (NONE: not yet) */
	uint64_t far_k, rt_k;        /* RTP packets sent by each side */
	uint64_t rt_base;            /* RT's sender started (claim applied) */
	uint32_t table;              /* the call table's number once RT applied its claim (0: not yet) */
	bool gp_ok, far_ok;          /* each side knows the dialog confirmed (may send its BYE) */
	bool gp_bye_due, far_bye_due;   /* that side's hang-up came first: the BYE waits */
	struct callmsg_rtp_cache rtp[2];   /* its packets as [0] RT, [1] the far end sends them */
};

struct callplay {
	struct callplay_deps d;
	struct callgen *g;
	struct cp_call *c;
	size_t n;
	size_t *next;                /* the call starting after call i (n: none):
	                                start order, which calls.generator.shift
	                                may make differ from the calls' numbers */
	uint16_t gp_sip_port;
	size_t *holder;              /* per local port pair: its latest call + 1 (0: none) */
	uint64_t conflicts;          /* callplay_port_conflicts */
	uint32_t bill_seq;
	uint16_t ipid;
	/* each call's next RTP packet, RT's and the far end's: a lane per
	 * packet time, not an event per call in the heap (1000 calls: 2000
	 * heap entries less) */
	struct evq_periods rt_rtp, far_rtp;
	/* each call's hang-up, GP's or the far end's: a lane per holding time
	 * (answers come in time order, so with one holding time hang-ups do;
	 * exponential holding times overflow the set into plain events) */
	struct evq_periods gp_bye, far_bye;
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
	return cost_cycles_to_ps(cp->d.c, cyc);
}

/* packet k's instant, k >= 1 ptimes after base, exact in 128 bits */
static uint64_t nth(const struct callplay *cp, const struct cp_call *c, uint64_t base, uint64_t k)
{
	unsigned __int128 x = (unsigned __int128)k * c->k->ptime_ms * cp->d.c->v[C_CPU_HZ] / 1000u;
	return base + (uint64_t)x;
}

static void sched(struct callplay *cp, uint64_t t, enum evq_class cls, evq_fn *fn, uint32_t arg)
{
	if (t >= cp->d.end_cycle)
		return;
	evq_schedule(cp->d.q, t > now(cp) ? t : now(cp), cls, fn, cp, arg);
}

/* evq_periods.prefetch of the RTP lanes (arg: the call): the call's
 * record, which on_rt_rtp and on_far_rtp read first (384 bytes) */
static void rtp_prefetch(void *ctx, uint32_t i)
{
	const char *c = (const char *)&((const struct callplay *)ctx)->c[i];
	for (size_t o = 0; o < sizeof(struct cp_call); o += 64)
		__builtin_prefetch(c + o);
}

/* fn(arg) at t in the lane of `period` in set p (sched's rules: nothing
 * at or after the end, nothing in the past). */
static void sched_lane(struct callplay *cp, struct evq_periods *p, uint64_t period, uint64_t t,
                       enum evq_class cls, evq_fn *fn, uint32_t arg)
{
	if (t >= cp->d.end_cycle)
		return;
	struct evq_lane *l = evq_periods_lane(p, cp->d.q, cls, fn, cp, period);
	if (l)
		evq_lane_add(l, t > now(cp) ? t : now(cp), arg);
	else
		sched(cp, t, cls, fn, arg);
}

/* ---- the frames (callmsg.c builds them) ---- */

/* The two ends as they are now (GP's addresses may change by operator
 * command). */
static void ends(const struct callplay *cp, struct callmsg_ends *e)
{
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	const struct scenario *sc = cp->d.sc;
	e->gw_ipv4 = me->ipv4;
	e->far_ipv4 = sc->far_ipv4;
	memcpy(e->gw_mac, me->mac, 6);
	memcpy(e->far_mac, sc->far_mac, 6);
	e->gw_sip_port = cp->gp_sip_port;
	e->far_sip_port = sc->far_sip_port;
	e->gw_rtp_port = 0;
}

static size_t sip_frame(struct callplay *cp, const struct cp_call *c, enum callmsg m, bool gp,
                        uint8_t *buf, size_t cap)
{
	struct callmsg_ends e;
	ends(cp, &e);
	return callmsg_sip(&e, c->k, m, gp, ++cp->ipid, buf, cap);
}

static size_t call_of(const struct callplay *cp, const char *call_id)
{
	return callmsg_call_of(cp->d.sc->gen.seed, call_id, cp->n);
}

/* ---- the two sides' messages ---- */

/* GP's SIP engine sends message m of call i (its thread, then GP's path). */
static void gp_send(struct callplay *cp, size_t i, enum callmsg m)
{
	uint8_t f[2048];
	size_t len = sip_frame(cp, &cp->c[i], m, true, f, sizeof f);
	gpside_sip_send(cp->d.gp, f, (uint32_t)len);
}

/* The far end's message m of call i starts arriving at the NIC now. */
static void far_send(struct callplay *cp, size_t i, enum callmsg m)
{
	uint8_t f[2048];
	size_t len = sip_frame(cp, &cp->c[i], m, false, f, sizeof f);
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
	bool model = !cp->d.sc->far_remote;   /* else a world's host is the far end */
	if (model && c->k->packets)
		sched_lane(cp, &cp->far_rtp, c->k->ptime_ms, nth(cp, c, a, 1), EC_RX_FRAME, on_far_rtp,
		           (uint32_t)i);
	if (!c->k->far_hangs_up)
		sched_lane(cp, &cp->gp_bye, c->k->hold_ps, c->hangup, EC_GEN, on_gp, ARG(i, CM_BYE));
	else if (model)
		sched_lane(cp, &cp->far_bye, c->k->hold_ps, c->hangup, EC_RX_FRAME, on_far,
		           ARG(i, CM_BYE));
}

/* A side's BYE: sent now if it knows the dialog confirmed (H is now: later
 * than A + hold when the hang-up waited), else when it does. */
static bool bye_now(struct callplay *cp, struct cp_call *c, bool ok, bool *due)
{
	if (!ok) {
		*due = true;
		return false;
	}
	*due = false;
	if (now(cp) > c->hangup)
		c->hangup = now(cp);
	c->st = CP_HUNG;
	return true;
}

/* The far end knows the dialog confirmed: as the callee, GP's ACK has
 * left the wire; as the caller, it sent its ACK. A hang-up it was due
 * goes now (as a frame arriving, on_far). */
static void far_confirmed(struct callplay *cp, size_t i)
{
	struct cp_call *c = &cp->c[i];
	c->far_ok = true;
	if (c->far_bye_due)
		sched(cp, now(cp), EC_RX_FRAME, on_far, ARG(i, CM_BYE));
}

static void on_far(void *ctx, uint32_t arg)
{
	struct callplay *cp = ctx;
	size_t i = arg >> 3;
	enum callmsg m = (enum callmsg)(arg & 7);
	struct cp_call *c = &cp->c[i];
	if (m == CM_BYE && !bye_now(cp, c, c->far_ok, &c->far_bye_due))
		return;
	far_send(cp, i, m);
	if (m == CM_200)                  /* the far end, the callee, answers GP's INVITE:
	                                     it has the dialog once GP's ACK is out (on_wire) */
		answered(cp, i, now(cp));
}

static void on_gp(void *ctx, uint32_t arg)
{
	struct callplay *cp = ctx;
	size_t i = arg >> 3;
	enum callmsg m = (enum callmsg)(arg & 7);
	struct cp_call *c = &cp->c[i];
	if (m == CM_BYE && !bye_now(cp, c, c->gp_ok, &c->gp_bye_due))
		return;
	gp_send(cp, i, m);
}

/* GP's engine knows the dialog confirmed: it handled the 200 to its
 * INVITE, or the ACK to its 200. A hang-up it was due goes now. */
static void gp_confirmed(struct callplay *cp, size_t i)
{
	struct cp_call *c = &cp->c[i];
	c->gp_ok = true;
	if (c->gp_bye_due)
		on_gp(cp, ARG(i, CM_BYE));
}

/* Call i's port pair is still the previous call's in the run: not ended in
 * GP's engine, RT's claim not given back, or RTP still to come from
 * either side. */
static bool still_held(const struct callplay *cp, const struct cp_call *p)
{
	if (p->st != CP_ENDED && p->answer != NONE)   /* in progress, answered */
		return true;
	if (p->table && p->rt_k < p->k->packets)
		return true;
	if (!cp->d.sc->far_remote && p->answer != NONE && p->far_k < p->k->packets)
		return true;
	struct calls_info ci;
	uint32_t t = calls_find(cp->d.calls, p->k->call_id);
	return t && calls_info(cp->d.calls, t, &ci) &&
	       (ci.claim == CLAIM_PENDING || ci.claim == CLAIM_APPLIED || ci.claim == CLAIM_RELEASING);
}

/* The schedule gave call i a pair; one its previous call still holds is
 * counted and told once (calls.generator.port_guard). */
static void take_pair(struct callplay *cp, size_t i)
{
	const struct callgen_call *k = cp->c[i].k;
	size_t pair = (size_t)(k->local_port - cp->d.sc->gen.port_base) / 2;
	size_t h = cp->holder[pair];
	cp->holder[pair] = i + 1;
	if (!h || !still_held(cp, &cp->c[h - 1]))
		return;
	if (cp->conflicts++ == 0 && cp->d.err)
		fprintf(cp->d.err,
		        "nicshare: call %" PRIu32 " starts on port %u while call %" PRIu32 ", which had it, "
		        "is still in progress in the run (its end came later than the schedule's by "
		        "more than calls.generator.port_guard, or it has not ended: a lost message): "
		        "the two calls' RTP is counted on each other (summary.json "
		        "calls.port_conflicts)\n",
		        k->id, (unsigned)k->local_port, cp->c[h - 1].k->id);
}

/* A call starts: its INVITE, and the next call's start. */
static void on_start(void *ctx, uint32_t i)
{
	struct callplay *cp = ctx;
	struct cp_call *c = &cp->c[i];
	c->st = CP_SETUP;
	take_pair(cp, i);
	if (c->k->outgoing)
		gp_send(cp, i, CM_INVITE);
	else if (!cp->d.sc->far_remote)
		far_send(cp, i, CM_INVITE);
	size_t j = cp->next[i];
	if (j < cp->n)
		sched(cp, at_ps(cp, cp->c[j].k->t_invite), EC_GEN, on_start, (uint32_t)j);
}

/* The calls in start order, ties by number (insertion: a shift moves few). */
static size_t start_order(struct callplay *cp)
{
	size_t *o = calloc(cp->n ? cp->n : 1, sizeof *o);
	if (!o)
		return SIZE_MAX;
	for (size_t i = 0; i < cp->n; i++) {
		size_t j = i;
		for (; j > 0 && cp->c[o[j - 1]].k->t_invite > cp->c[i].k->t_invite; j--)
			o[j] = o[j - 1];
		o[j] = i;
	}
	for (size_t i = 0; i < cp->n; i++)
		cp->next[o[i]] = i + 1 < cp->n ? o[i + 1] : cp->n;
	size_t first = cp->n ? o[0] : 0;
	free(o);
	return first;
}

/* ---- RTP ---- */

static size_t rtp_frame(struct callplay *cp, struct cp_call *c, bool rt, uint64_t k,
                        uint8_t *buf, size_t cap)
{
	struct callmsg_ends e;
	ends(cp, &e);
	return callmsg_rtp_cached(&c->rtp[!rt], &e, c->k, rt, k, buf, cap);
}

static void on_far_rtp(void *ctx, uint32_t i)
{
	struct callplay *cp = ctx;
	struct cp_call *c = &cp->c[i];
	uint8_t f[1600];
	size_t len = rtp_frame(cp, c, false, c->far_k, f, sizeof f);
	input_inject(cp->d.in, f, (uint32_t)len, (uint32_t)len);
	if (++c->far_k < c->k->packets)
		sched_lane(cp, &cp->far_rtp, c->k->ptime_ms, nth(cp, c, c->answer, c->far_k + 1),
		           EC_RX_FRAME, on_far_rtp, i);
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
		const struct frame_info *pi = callmsg_rtp_parse(&c->rtp[0]);
		if (pi) {                  /* RT's path to the wire leaves the bytes as they are */
			f->fi = *pi;
			f->has_fi = 1;
		}
		rtside_submit(cp->d.rt, id);
	}
	if (++c->rt_k < c->k->packets)
		sched_lane(cp, &cp->rt_rtp, c->k->ptime_ms, nth(cp, c, c->rt_base, c->rt_k + 1), EC_GEN,
		           on_rt_rtp, i);
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
		sched_lane(cp, &cp->rt_rtp, c->k->ptime_ms, nth(cp, c, cycle, 1), EC_GEN, on_rt_rtp,
		           (uint32_t)i);
}

/* ---- billing ---- */

static void bill(struct callplay *cp, size_t i)
{
	struct cp_call *c = &cp->c[i];
	if (c->st == CP_ENDED)
		return;
	bool answered_ = c->answer != NONE;
	c->st = CP_ENDED;
	/* a call GP never saw answered (its 200 lost, the far end hanging up
	 * across a world all the same) is not billed: there is no start
	 * (review n40: a record of start 2^64 ps) */
	if (!answered_)
		return;
	/* nor is a hang-up before the answer GP knows (a remote far end's BYE
	 * can reach the NIC before GP's engine has handled its 200): the call
	 * lasted 0 for GP (review n40: a duration of -10 ms, wrapped) */
	if (c->hangup < c->answer)
		c->hangup = c->answer;
	struct callgen_call k = *c->k;
	k.t_200 = to_ps(cp, c->answer);
	k.t_bye = c->hangup == c->answer + delay(cp, c->k->hold_ps)   /* the BYE went at A + hold */
	        ? k.t_200 + c->k->hold_ps : to_ps(cp, c->hangup);
	char text[256];
	int tl = callgen_billing(&k, text, sizeof text);
	size_t len = tl < 0 ? 0 : (size_t)tl < sizeof text ? (size_t)tl : sizeof text - 1;
	const struct rtside_id *me = rtside_identity(cp->d.rt);
	const struct scenario *sc = cp->d.sc;
	uint8_t f[512], hip[16], bip[16];
	callmsg_ip4(me->ipv4, hip);
	callmsg_ip4(sc->bill_ipv4, bip);
	cp->ipid++;
	size_t n = frame_build_tcp(f, sizeof f, sc->bill_mac, me->mac, false, hip, bip, BILL_SPORT,
	                           sc->bill_port, cp->bill_seq, 1, 0x18, (const uint8_t *)text, len,
	                           cp->ipid);
	cp->bill_seq += (uint32_t)len;
	gpside_send(cp->d.gp, f, (uint32_t)n);
}

/* ---- what GP's engine handled, what left the wire ---- */

/* GP's SIP engine has handled a received message (after calls_sip);
 * t_in: its last bit at the NIC. */
static void on_sip(void *ctx, const uint8_t *payload, size_t len, uint64_t t_in)
{
	struct callplay *cp = ctx;
	struct sip_msg m;
	if (sip_parse(payload, len, &m) == SIP_E_MALFORMED)
		return;
	size_t i = call_of(cp, m.call_id);
	if (i == SIZE_MAX)
		return;
	const struct scenario *sc = cp->d.sc;
	enum callmsg_kind k = callmsg_kind(&m);
	if (k == CK_INVITE) {                 /* GP's side answers as the far end does */
		struct callmsg_reply r[3];
		size_t nr = callmsg_replies(k, &sc->gen, r);
		for (size_t j = 0; j < nr; j++)
			sched(cp, now(cp) + delay(cp, r[j].delay_ps), EC_GEN, on_gp, ARG(i, r[j].m));
	} else if (k == CK_BYE) {             /* the far end hung up */
		/* H across a world: when its BYE reached us (the far end's
		 * answer and hold are its own, a network away; before review
		 * n35, A + hold by our answer: after the BYE when we placed
		 * the call, the record then uncounted, and two crossings early
		 * when it did) */
		if (sc->far_remote && cp->c[i].st != CP_ENDED)
			cp->c[i].hangup = t_in;
		gp_send(cp, i, CM_BYE_OK);
		bill(cp, i);
	} else if (k == CK_OK_INVITE) {
		if (sc->far_remote)          /* the answer, as GP's engine knows it */
			answered(cp, i, now(cp));
		gp_send(cp, i, CM_ACK);
		gp_confirmed(cp, i);         /* GP placed it: the caller has the 200 */
	} else if (k == CK_ACK) {
		gp_confirmed(cp, i);         /* GP answered it: the callee has the ACK */
	} else if (k == CK_OK_BYE) {
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
		/* the digits between that '-' and the tab, within the frame (its
		 * payload is not NUL-terminated) */
		const uint8_t *end = f->buf + f->caplen;
		const uint8_t *dash = memchr(pl, '-', (size_t)(end - pl));
		const uint8_t *tab = dash ? memchr(dash, '\t', (size_t)(end - dash)) : NULL;
		uint64_t id;
		if (!tab || !units_parse_u64n((const char *)dash + 1, (size_t)(tab - dash - 1), &id) ||
		    id < 1 || id > cp->n)
			return;
		/* the call's entry in GP's table by its Call-ID: a call whose
		 * claim RT never applied (refused, or applied after the hang-up)
		 * is billed too */
		uint32_t call = calls_find(cp->d.calls, cp->c[id - 1].k->call_id);
		if (call)
			calls_billing(cp->d.calls, call, cp->c[id - 1].hangup, out);
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
	enum callmsg_kind k = callmsg_kind(&m);
	if (k == CK_OK_INVITE)
		answered(cp, i, out);            /* GP answered the far end */
	if (sc->far_remote)                  /* the far end answers from across the world */
		return;
	/* the far end has the dialog: as the caller, GP's 200 (at once); as
	 * the callee, GP's ACK (before review n40 the callee's was taken at
	 * its own 200, so its BYE could come before GP's ACK) */
	if (k == CK_OK_INVITE || k == CK_ACK)
		far_confirmed(cp, i);
	struct callmsg_reply r[3];
	size_t nr = callmsg_replies(k, &sc->gen, r);
	for (size_t j = 0; j < nr; j++)
		sched(cp, out + delay(cp, r[j].delay_ps), EC_RX_FRAME, on_far, ARG(i, r[j].m));
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
	cp->next = calloc(cp->n ? cp->n : 1, sizeof *cp->next);
	cp->holder = calloc(d->sc->gen.ports ? d->sc->gen.ports : 1, sizeof *cp->holder);
	if (!cp->c || !cp->next || !cp->holder || !trace_on_frame(d->tr, on_wire, cp)) {
		snprintf(err, errlen, "cannot play the generated calls (out of memory?)");
		callplay_destroy(cp);
		return NULL;
	}
	for (size_t i = 0; i < cp->n; i++)
		cp->c[i] = (struct cp_call){.k = callgen_get(cp->g, i), .answer = NONE, .hangup = NONE};
	cp->rt_rtp.prefetch = cp->far_rtp.prefetch = rtp_prefetch;
	cp->gp_sip_port = d->sc->n_sip_ports ? d->sc->sip_ports[0] : 5060;
	gpside_on_sip(d->gp, on_sip, cp);
	calls_on_applied(d->calls, on_applied, cp);
	size_t first = start_order(cp);
	if (first == SIZE_MAX) {
		snprintf(err, errlen, "cannot play the generated calls (out of memory)");
		callplay_destroy(cp);
		return NULL;
	}
	if (cp->n)
		sched(cp, at_ps(cp, cp->c[first].k->t_invite), EC_GEN, on_start, (uint32_t)first);
	return cp;
}

void callplay_destroy(struct callplay *cp)
{
	if (!cp)
		return;
	evq_periods_destroy(&cp->rt_rtp);
	evq_periods_destroy(&cp->far_rtp);
	evq_periods_destroy(&cp->gp_bye);
	evq_periods_destroy(&cp->far_bye);
	callgen_destroy(cp->g);
	for (size_t i = 0; cp->c && i < cp->n; i++) {
		callmsg_rtp_cache_free(&cp->c[i].rtp[0]);
		callmsg_rtp_cache_free(&cp->c[i].rtp[1]);
	}
	free(cp->c);
	free(cp->next);
	free(cp->holder);
	free(cp);
}

uint64_t callplay_port_conflicts(const struct callplay *cp)
{
	return cp ? cp->conflicts : 0;
}
