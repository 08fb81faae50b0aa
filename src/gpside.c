/* gpside.c - the GP side, see gpside.h.
 * Models: proxy driver 254/256 of Fig. 3 on GP; Figs. 7a (send), 7b
 * (receive), 7c (interface commands); SPEC C2, X1-X3, P1; GP's SIP engine
 * of the second embodiment (Figs. 9-10, claims 16-18): its thread, the
 * port claims it sends RT, IPv4 reassembly and SIP over TCP on its way
 * in. */
#include "gpside.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "../model/arp.h"
#include "../model/ring.h"
#include "ipfrag.h"
#include "siptcp.h"

/* a SIP message waiting for GP's SIP engine: received (a UDP payload) or
 * to send (tx: a whole frame, from gpside_sip_send) */
struct sipmsg {
	uint8_t *data;
	uint32_t len;
	bool tx;
	uint64_t t_in;               /* received: its (last) frame's last bit at the NIC */
};

struct gpside {
	struct gpside_deps d;
	struct sipmsg *sipq;          /* FIFO of received SIP messages */
	uint32_t sip_head, sip_n, sip_cap;
	struct siptcp *tcp;           /* SIP over TCP: each stream's bytes, cut */
	uint64_t tcp_t_in;            /* the segment siptcp_segment is cutting: its t0 */
	struct ipfrag *frag, *frag_tx; /* SIP over UDP in IP fragments, made whole:
	                                  received, and GP's own in a capture */
	evq_handle tmo;               /* the call table's next timeout */
	uint64_t sip_msgs, sip_sent;
	gpside_sip_fn *sip_hook;      /* told of each received message handled */
	void *sip_hook_ctx;
	const uint64_t *v;
	struct arp *arp;
	struct ring *backlog;         /* socket receive queue (gp.socket_queue) */
	struct ring *appq;            /* frames the applications asked to send */
	struct ring *ctlq;            /* commands typed, waiting for the proxy */
	uint64_t commands, dropped, port_ops, port_refused;
	uint32_t held;                /* a frame waiting for room in channel 2 */
	bool has_held;
	uint64_t send_blocked;        /* frames that had to wait (gp.send_full block) */
};

static inline uint64_t now(const struct gpside *gp) { return cpu_now(gp->d.cpu); }
static inline struct fr *rec(struct gpside *gp, uint32_t id) { return fpool_at(gp->d.pool, id); }

/* ---- proxy driver RX (Fig. 7b): channel 1 -> socket backlog ---- */

static void proxy_rx_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	if (!ring_push(gp->backlog, id)) {
		ledger_rx_final(gp->d.ledger, id, DEC_DROP, R_GP_SOCKET_FULL, now(gp));
		return;
	}
	trace_stage(gp->d.tr, now(gp), rec(gp, id), "gp-proxy", NULL);
	cpu_wake(gp->d.cpu, T_GP_STACK);
}

static void proxy_rx_next(void *ctx)
{
	struct gpside *gp = ctx;
	uint32_t id;
	if (chan_pop(gp->d.data_out, &id))
		cpu_job(gp->d.cpu, T_GP_PROXY_RX, gp->v[C_GP_PROXY_RX], proxy_rx_done, gp, id);
}

/* ---- stack: backlog -> GP socket (and GP's ARP table for ARP replies) ---- */

static void sip_take(struct gpside *gp, const struct fr *f);
static void sip_frag_take(struct gpside *gp, const struct fr *f);
static void sip_tcp_take(struct gpside *gp, const struct fr *f);

static void stack_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	struct fr *f = rec(gp, id);
	uint64_t t = now(gp);
	if (gp->d.calls && ipfrag_is_udp(&f->fi))
		sip_frag_take(gp, f);             /* the datagram once whole */
	else if (gp->d.calls && f->fi.l4 == L4_UDP && f->fi.l4_status == FRAME_OK &&
	         !f->fi.ip_nonfirst_fragment && gpside_is_sip_port(gp, f->fi.dport))
		sip_take(gp, f);                  /* for GP's SIP engine */
	if (gp->d.calls && f->fi.l4 == L4_TCP && f->fi.l4_status == FRAME_OK &&
	    (gpside_is_sip_port(gp, f->fi.dport) || gpside_is_sip_port(gp, f->fi.sport)))
		sip_tcp_take(gp, f);              /* SIP over TCP: whole messages */
	if (f->decision == DEC_BOTH && f->fi.arp_hlen == 6 && f->fi.arp_plen == 4)
		arp_update(gp->arp, f->fi.arp_spa, f->fi.arp_sha, t);
	trace_stage(gp->d.tr, t, f, "gp-deliver", NULL);
	trace_latency(gp->d.tr, CLS_GP_RX, f, f->t0, t);
	trace_frame(gp->d.tr, TP_GP_RX, t, f);
	ledger_rx_final(gp->d.ledger, id, (enum verdict_decision)f->decision,
	                (enum verdict_reason)f->reason, t);
}

static void stack_next(void *ctx)
{
	struct gpside *gp = ctx;
	uint32_t id;
	if (ring_pop(gp->backlog, &id)) {
		uint64_t c = gp->v[C_GP_STACK_RX] + gp->v[C_GP_DELIVER];
		if (rec(gp, id)->decision == DEC_BOTH)
			c += gp->v[C_ARP_UPDATE];
		cpu_job(gp->d.cpu, T_GP_STACK, c, stack_done, gp, id);
	}
}

/* ---- interface commands (Fig. 7c): snooped, sent to RT on channel 3 ---- */

#define CTL_MSG_BYTES 64u    /* a command message in channel 3 */

/* events.tsv names the entry as --set timeline.N does (its place in the
 * scenario's list, from 0). */
static void ctrl_done(void *ctx, uint32_t i)
{
	struct gpside *gp = ctx;
	bool port = ctlmsg_is_port(gp->d.msgs, i);
	char what[48] = "";
	if (port) {                               /* a call's port: named in events.tsv */
		const struct ctlmsg_port *m = ctlmsg_port_at(gp->d.msgs, i);
		snprintf(what, sizeof what, "%s=%u", m->claim ? "claim" : "relinquish", m->port);
	}
	if (!chan_push(gp->d.control, i, CTL_MSG_BYTES)) {
		gp->dropped++;
		if (port) {                           /* lost: the claim is refused */
			const struct ctlmsg_port *m = ctlmsg_port_at(gp->d.msgs, i);
			trace_stage(gp->d.tr, now(gp), NULL, "ctl-drop", what);
			calls_claim_result(gp->d.calls, m->call, m->port, m->claim, false, now(gp));
		} else {
			trace_stage_u(gp->d.tr, now(gp), NULL, "ctl-drop", gp->d.sc->tl[i].idx);
		}
		return;
	}
	if (port)
		trace_stage(gp->d.tr, now(gp), NULL, "ctl-send", what);
	else
		trace_stage_u(gp->d.tr, now(gp), NULL, "ctl-send", gp->d.sc->tl[i].idx);
}

static void ctrl_next(void *ctx)
{
	struct gpside *gp = ctx;
	uint32_t i;
	if (ring_pop(gp->ctlq, &i))
		cpu_job(gp->d.cpu, T_GP_CTRL,
		        gp->v[C_GP_PROXY_TX] + chan_put_cost(gp->d.control, CTL_MSG_BYTES), ctrl_done, gp, i);
}

void gpside_command(struct gpside *gp, uint32_t i)
{
	gp->commands++;
	if (!ring_push(gp->ctlq, i))
		gp->dropped++;
	cpu_wake(gp->d.cpu, T_GP_CTRL);
}

void gpside_bind(struct gpside *gp, uint32_t i)
{
	const struct scen_tl *tl = &gp->d.sc->tl[i];
	bool bind = tl->kind == TL_GP_BIND;
	uint16_t port = (uint16_t)tl->num;
	const char *why = NULL;                   /* refused: why */
	if (!bind && gp->d.calls && gpside_is_sip_port(gp, port)) {
		why = "GP's SIP engine listens on it (gp.sip_ports)";   /* bound by node.c */
	} else {
		enum ports_err pe = bind ? ports_gp_bind(gp->d.ports, port)
		                         : ports_gp_unbind(gp->d.ports, port);
		if (pe != PORTS_OK)
			why = ports_strerror(pe);
	}
	gp->port_ops++;
	if (why) {
		gp->port_refused++;
		if (gp->d.err)
			fprintf(gp->d.err, "nicshare: timeline.%u: %s=%u refused: %s\n", tl->idx,
			        bind ? "gp_bind" : "gp_unbind", (unsigned)port, why);
	}
	trace_stage(gp->d.tr, now(gp), NULL, bind ? "gp-bind" : "gp-unbind", why ? "refused" : "ok");
}

/* ---- GP applications (Fig. 7a): stack TX, then the proxy driver copies
 * the frame into channel 2 ---- */

static void proxy_tx_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	if (!chan_push(gp->d.data_in, id, rec(gp, id)->wirelen)) {
		ledger_tx_final(gp->d.ledger, id, R_PROXY_FULL, now(gp));
		return;
	}
	trace_stage(gp->d.tr, now(gp), rec(gp, id), "proxy-in", NULL);
}

/* Channel 2 full: with gp.send_full block (a blocking socket, as a qdisc
 * holds back an application) the frame waits and the application with it
 * until RT's proxy frees a slot (chan_pop wakes this thread); with drop, it
 * is dropped (proxy-full). */
static void app_send_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	struct fr *f = rec(gp, id);
	trace_stage(gp->d.tr, now(gp), f, "gp-send", NULL);
	if (chan_full(gp->d.data_in)) {
		if (gp->d.sc->gp_send_full == SEND_DROP) {
			ledger_tx_final(gp->d.ledger, id, R_PROXY_FULL, now(gp));
			return;
		}
		assert(!gp->has_held);
		gp->held = id;
		gp->has_held = true;
		gp->send_blocked++;
		trace_stage(gp->d.tr, now(gp), f, "gp-wait", NULL);
		return;
	}
	cpu_job(gp->d.cpu, T_GP_APP, gp->v[C_GP_PROXY_TX] + chan_put_cost(gp->d.data_in, f->wirelen),
	        proxy_tx_done, gp, id);
}

static void app_next(void *ctx)
{
	struct gpside *gp = ctx;
	uint32_t id;
	if (gp->has_held) {              /* blocked: only room in channel 2 resumes it */
		if (chan_full(gp->d.data_in))
			return;
		gp->has_held = false;
		struct fr *f = rec(gp, gp->held);
		cpu_job(gp->d.cpu, T_GP_APP,
		        gp->v[C_GP_PROXY_TX] + chan_put_cost(gp->d.data_in, f->wirelen), proxy_tx_done, gp,
		        gp->held);
		return;
	}
	if (ring_pop(gp->appq, &id))
		cpu_job(gp->d.cpu, T_GP_APP, gp->v[C_GP_APP_TX], app_send_done, gp, id);
}

void gpside_submit(struct gpside *gp, uint32_t id)
{
	struct fr *f = rec(gp, id);
	trace_stage_u(gp->d.tr, now(gp), f, "gp-request", f->wirelen);
	if (!ring_push(gp->appq, id)) {
		ledger_tx_final(gp->d.ledger, id, R_TX_QUEUE_FULL, now(gp));
		return;
	}
	cpu_wake(gp->d.cpu, T_GP_APP);
}

bool gpside_app_full(const struct gpside *gp) { return ring_full(gp->appq); }

/* ---- GP's SIP engine (Figs. 9-10, claims 16-18): SIP from GP's stack is
 * parsed (cost.sip_parse, cost.sdp_parse for a body, cost.sip_call) and
 * acted on by the call table; the claims it asks go to RT over channel 3 ---- */

bool gpside_is_sip_port(const struct gpside *gp, uint16_t p)
{
	for (size_t i = 0; i < gp->d.sc->n_sip_ports; i++)
		if (gp->d.sc->sip_ports[i] == p)
			return true;
	return false;
}

static void tmo_arm(struct gpside *gp);

static void on_timeout(void *ctx, uint32_t arg)
{
	(void)arg;
	struct gpside *gp = ctx;
	gp->tmo = 0;
	calls_tick(gp->d.calls, now(gp));         /* relinquishes go through gpside_claim */
	tmo_arm(gp);
}

/* Keep one timer at the call table's next timeout: moved, not re-added. */
static void tmo_arm(struct gpside *gp)
{
	uint64_t t = calls_next_timeout(gp->d.calls), cur;
	if (t == UINT64_MAX) {
		evq_cancel(gp->d.q, gp->tmo);
		gp->tmo = 0;
		return;
	}
	if (t < now(gp))
		t = now(gp);
	if (evq_pending(gp->d.q, gp->tmo, &cur)) {
		if (cur != t)
			gp->tmo = evq_move(gp->d.q, gp->tmo, t);
		return;
	}
	gp->tmo = evq_schedule(gp->d.q, t, EC_TIMELINE, on_timeout, gp, 0);
}

/* Queue bytes for GP's SIP engine thread (FIFO: received and sent in the
 * order they came). */
static void sip_push(struct gpside *gp, const uint8_t *p, size_t len, bool tx, uint64_t t_in)
{
	if (gp->sip_n == gp->sip_cap) {
		uint32_t cap = gp->sip_cap ? gp->sip_cap * 2 : 16;
		struct sipmsg *q = malloc(cap * sizeof *q);
		if (!q)
			return;
		for (uint32_t i = 0; i < gp->sip_n; i++)
			q[i] = gp->sipq[(gp->sip_head + i) % gp->sip_cap];
		free(gp->sipq);
		gp->sipq = q;
		gp->sip_cap = cap;
		gp->sip_head = 0;
	}
	uint8_t *b = malloc(len ? len : 1);
	if (!b)
		return;
	memcpy(b, p, len);
	gp->sipq[(gp->sip_head + gp->sip_n++) % gp->sip_cap] = (struct sipmsg){b, (uint32_t)len, tx, t_in};
	cpu_wake(gp->d.cpu, T_GP_SIP);
}

static void sip_take(struct gpside *gp, const struct fr *f)
{
	size_t len;
	const uint8_t *p = frame_udp_payload(f->buf, f->caplen, &f->fi, &len);
	if (p)
		sip_push(gp, p, len, false, f->t0);
}

/* The SIP message a fragment completes: its UDP payload, when the datagram
 * is whole and its source (tx) or destination port is one of
 * gp.sip_ports; else NULL. */
static const uint8_t *frag_sip(struct gpside *gp, struct ipfrag *r, const uint8_t *frame,
                               uint32_t caplen, const struct frame_info *fi, bool tx,
                               size_t *len)
{
	uint16_t sport, dport;
	const uint8_t *p = ipfrag_add_udp(r, frame, caplen, fi, &sport, &dport, len);
	return p && gpside_is_sip_port(gp, tx ? sport : dport) ? p : NULL;
}

/* An IPv4 or IPv6 fragment of a UDP datagram joins it (src/ipfrag.c); a datagram
 * made whole to one of gp.sip_ports is a message for the engine, now, the
 * instant its last fragment is delivered, as GP's stack hands a socket
 * whole datagrams. */
static void sip_frag_take(struct gpside *gp, const struct fr *f)
{
	size_t len;
	const uint8_t *p = frag_sip(gp, gp->frag, f->buf, f->caplen, &f->fi, false, &len);
	if (p)
		sip_push(gp, p, len, false, f->t0);
}

/* SIP over TCP (RFC 3261 18.3): the segment joins its stream; each
 * message it completes is queued for the engine now, the instant its last
 * segment is delivered, as a UDP payload is. */
static void tcp_rx_msg(void *ctx, const uint8_t *msg, size_t len)
{
	struct gpside *gp = ctx;
	sip_push(gp, msg, len, false, gp->tcp_t_in);
}

static void sip_tcp_take(struct gpside *gp, const struct fr *f)
{
	if (!gp->tcp)
		return;
	gp->tcp_t_in = f->t0;
	siptcp_segment(gp->tcp, f->buf, f->caplen, &f->fi, tcp_rx_msg, gp);
}

static void sip_send_done(struct gpside *gp, struct sipmsg *m);

static void sip_done(void *ctx, uint32_t arg)
{
	(void)arg;
	struct gpside *gp = ctx;
	struct sipmsg m = gp->sipq[gp->sip_head];   /* a copy: the hook may queue more */
	gp->sip_head = (gp->sip_head + 1) % gp->sip_cap;
	gp->sip_n--;
	if (m.tx) {
		sip_send_done(gp, &m);
	} else {
		gp->sip_msgs++;
		calls_sip(gp->d.calls, now(gp), CALLS_RX, m.data, m.len);
		if (gp->sip_hook)
			gp->sip_hook(gp->sip_hook_ctx, m.data, m.len, m.t_in);
	}
	free(m.data);
	tmo_arm(gp);
}

/* A body follows the header's empty line: SDP to parse too. */
static bool has_body(const struct sipmsg *m)
{
	for (uint32_t i = 0; i + 4 <= m->len; i++)
		if (!memcmp(m->data + i, "\r\n\r\n", 4))
			return i + 4 < m->len;
	return false;
}

static void sip_next(void *ctx)
{
	struct gpside *gp = ctx;
	if (!gp->sip_n)
		return;
	const struct sipmsg *m = &gp->sipq[gp->sip_head];
	uint64_t c = m->tx ? gp->v[C_SIP_CALL]
	                   : gp->v[C_SIP_PARSE] + gp->v[C_SIP_CALL] + (has_body(m) ? gp->v[C_SDP_PARSE] : 0);
	cpu_job(gp->d.cpu, T_GP_SIP, c, sip_done, gp, 0);
}

void gpside_sip_sent(struct gpside *gp, const uint8_t *payload, size_t len)
{
	if (!gp->d.calls)
		return;
	gp->sip_sent++;
	calls_sip(gp->d.calls, now(gp), CALLS_TX, payload, len);
	tmo_arm(gp);
}

static void tcp_tx_msg(void *ctx, const uint8_t *msg, size_t len)
{
	struct gpside *gp = ctx;
	gp->sip_sent++;
	calls_sip(gp->d.calls, now(gp), CALLS_TX, msg, len);
}

void gpside_sip_frame_sent(struct gpside *gp, const uint8_t *frame, uint32_t caplen)
{
	struct frame_info fi;
	if (!gp->d.calls)
		return;
	frame_parse(frame, caplen, caplen, &fi);
	if (ipfrag_is_udp(&fi)) {
		size_t len;
		const uint8_t *p = frag_sip(gp, gp->frag_tx, frame, caplen, &fi, true, &len);
		if (p)
			gpside_sip_sent(gp, p, len);
		return;
	}
	if (fi.l4 != L4_TCP || fi.l4_status != FRAME_OK ||
	    !(gpside_is_sip_port(gp, fi.sport) || gpside_is_sip_port(gp, fi.dport)))
		return;
	siptcp_segment(gp->tcp, frame, caplen, &fi, tcp_tx_msg, gp);
	tmo_arm(gp);
}

/* ---- GP's SIP engine sends (Figs. 9-10): the message costs cost.sip_call
 * on the engine's thread (the call table's work for it), then it is a GP
 * frame like any other: the stack and the proxy (Fig. 7a), channel 2 ---- */

void gpside_sip_send(struct gpside *gp, const uint8_t *frame, uint32_t len)
{
	sip_push(gp, frame, len, true, 0);
}

static void sip_send_done(struct gpside *gp, struct sipmsg *m)
{
	struct frame_info fi;
	size_t plen;
	frame_parse(m->data, m->len, m->len, &fi);
	const uint8_t *p = frame_udp_payload(m->data, m->len, &fi, &plen);
	gp->sip_sent++;
	if (p)
		calls_sip(gp->d.calls, now(gp), CALLS_TX, p, plen);
	gpside_send(gp, m->data, m->len);
}

void gpside_send(struct gpside *gp, const uint8_t *frame, uint32_t len)
{
	uint32_t id;
	if (ledger_tx_new(gp->d.ledger, false, TX_APP, len, now(gp), &id) < 0)
		return;
	struct fr *f = rec(gp, id);
	memcpy(f->buf, frame, len);
	f->caplen = f->wirelen = len;
	gpside_submit(gp, id);
}

void gpside_on_sip(struct gpside *gp, gpside_sip_fn *fn, void *ctx)
{
	gp->sip_hook = fn;
	gp->sip_hook_ctx = ctx;
}

void gpside_claim(void *ctx, uint16_t port, bool claim, uint32_t call)
{
	struct gpside *gp = ctx;
	uint32_t i = ctlmsg_port(gp->d.msgs, port, claim, call);
	gp->commands++;
	if (i == UINT32_MAX || !ring_push(gp->ctlq, i)) {
		gp->dropped++;                        /* never reaches RT: refused */
		calls_claim_result(gp->d.calls, call, port, claim, false, now(gp));
		return;
	}
	cpu_wake(gp->d.cpu, T_GP_CTRL);
}

/* ---- set-up ---- */

struct gpside *gpside_create(const struct gpside_deps *d, char *err, size_t errlen)
{
	struct gpside *gp = calloc(1, sizeof *gp);
	if (!gp) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	gp->d = *d;
	gp->v = d->c->v;
	gp->arp = arp_create((uint32_t)gp->v[C_ARP_ENTRIES]);
	gp->backlog = ring_create((uint32_t)gp->v[C_GP_SOCKET_QUEUE]);
	gp->appq = ring_create(GPSIDE_APPQ_CAP);
	gp->ctlq = ring_create((uint32_t)d->sc->n_tl + 1 + (d->calls ? 4096u : 0));
	gp->tcp = d->calls ? siptcp_create() : NULL;
	gp->frag = d->calls ? ipfrag_create() : NULL;
	gp->frag_tx = d->calls ? ipfrag_create() : NULL;
	if (!gp->arp || !gp->backlog || !gp->appq || !gp->ctlq ||
	    (d->calls && (!gp->tcp || !gp->frag || !gp->frag_tx))) {
		snprintf(err, errlen, "cannot allocate a ring of %llu slots",
		         (unsigned long long)gp->v[C_GP_SOCKET_QUEUE]);
		gpside_destroy(gp);
		return NULL;
	}
	cpu_thread(d->cpu, T_GP_PROXY_RX, proxy_rx_next, gp);
	cpu_thread(d->cpu, T_GP_STACK, stack_next, gp);
	cpu_thread(d->cpu, T_GP_CTRL, ctrl_next, gp);
	cpu_thread(d->cpu, T_GP_APP, app_next, gp);
	cpu_thread(d->cpu, T_GP_SIP, sip_next, gp);
	return gp;
}

void gpside_destroy(struct gpside *gp)
{
	if (!gp)
		return;
	if (gp->arp)
		arp_destroy(gp->arp);
	if (gp->backlog)
		ring_destroy(gp->backlog);
	if (gp->appq)
		ring_destroy(gp->appq);
	if (gp->ctlq)
		ring_destroy(gp->ctlq);
	siptcp_destroy(gp->tcp);
	ipfrag_destroy(gp->frag);
	ipfrag_destroy(gp->frag_tx);
	for (uint32_t i = 0; i < gp->sip_n; i++)
		free(gp->sipq[(gp->sip_head + i) % gp->sip_cap].data);
	free(gp->sipq);
	free(gp);
}

void gpside_stats(const struct gpside *gp, struct gpside_stats *s)
{
	s->commands = gp->commands;
	s->dropped = gp->dropped;
	s->port_ops = gp->port_ops;
	s->port_refused = gp->port_refused;
	s->arp_updates = arp_updates(gp->arp);
	s->backlog_high = ring_high_water(gp->backlog);
	s->sip_msgs = gp->sip_msgs;
	s->send_blocked = gp->send_blocked;
	s->sip_sent = gp->sip_sent;
	if (gp->tcp)
		siptcp_stats(gp->tcp, &s->sip_tcp);
	else
		s->sip_tcp = (struct siptcp_stats){0};
	if (gp->frag)
		ipfrag_stats(gp->frag, &s->sip_frag);
	else
		s->sip_frag = (struct ipfrag_stats){0};
}
