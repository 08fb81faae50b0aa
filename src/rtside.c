/* rtside.c - the RT side, see rtside.h.
 * Models: NIC driver 252, proxies 254/256 and transmit scheduler 258 of
 * Fig. 3; Figs. 8a (transmit), 8b (receive), 8c (control); claims 5-7,
 * 16-18 (port claims). SPEC C1-C5, S1-S4, X3, P1-P2. */
#include "rtside.h"

#include <assert.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "../model/classify.h"

#define APPQ_CAP 4096u   /* RT application send queue (frames) */

struct rtside {
	struct rtside_deps d;
	const uint64_t *v;            /* cost table values */
	struct txs *txs;
	struct arp *arp;
	struct ring *appq;            /* frames the applications asked to send */
	struct ring *ctlq;            /* timeline port moves for RT */
	struct rtside_id id;
	struct rtside_idchange *idc;  /* id after each change (n_tl room) */
	size_t nidc;
	evq_handle retry;             /* gp-rate: the scheduler's retry timer */
	/* RT sockets read at rt.read_rate: per port, the cycle its application
	 * will have read the last frame queued (0: empty); allocated when the
	 * rate is set */
	uint64_t *sock_done;
	uint64_t read_cyc;            /* cycles to read one frame */
	uint64_t sock_full;
	uint64_t applied, port_ops, port_refused;
};

static inline uint64_t now(const struct rtside *rt) { return cpu_now(rt->d.cpu); }
static inline struct fr *rec(struct rtside *rt, uint32_t id) { return fpool_at(rt->d.pool, id); }

/* ---- the transmit scheduler 258: bands -> TX ring (S1-S4) ---- */

static void tx_kick(struct rtside *rt);

static void on_retry(void *ctx, uint32_t arg)
{
	(void)arg;
	tx_kick(ctx);                 /* gp-rate: the tokens are there now */
}

/* Arm the retry timer for cycle t, or move it earlier. A later retry is
 * not needed: the earlier one kicks the scheduler, which re-arms. */
static void retry_at(struct rtside *rt, uint64_t t)
{
	uint64_t cur;
	if (evq_pending(rt->d.q, rt->retry, &cur)) {
		if (t < cur)
			rt->retry = evq_move(rt->d.q, rt->retry, t);
		return;
	}
	rt->retry = evq_schedule(rt->d.q, t, EC_TX_DMA, on_retry, rt, 0);
}

/* Hand the NIC every frame the policy lets go now (peek, then dequeue). */
static void tx_kick(struct rtside *rt)
{
	for (;;) {
		uint64_t retry = 0;
		enum txs_band b = txs_peek(rt->txs, now(rt), nicdev_tx_room(rt->d.nic),
		                           nicdev_tx_idle(rt->d.nic), nicdev_tx_gp_committed(rt->d.nic),
		                           &retry);
		if (b == TXS_NONE) {
			if (retry > now(rt))
				retry_at(rt, retry);
			return;
		}
		uint32_t id = txs_dequeue(rt->txs, b, now(rt));
		nicdev_tx_post(rt->d.nic, id);
		if (b == TXS_BAND_GP)
			cpu_wake(rt->d.cpu, T_RT_PROXY_TX);   /* room in band 1 again */
	}
}

static void on_tx_space(void *ctx) { tx_kick(ctx); }

/* ---- interrupt handler (Fig. 8b step 440; Fig. 8a's transmit
 * completion): acknowledge when it gets the CPU, clean the TX descriptors
 * written back by then (cost.tx_clean each; their slots are free when it
 * ends), wake the input thread ---- */

static void irq_done(void *ctx, uint32_t ntx)
{
	struct rtside *rt = ctx;
	if (ntx)
		nicdev_tx_clean(rt->d.nic, ntx);      /* frees slots: kicks the scheduler */
	trace_stage(rt->d.tr, now(rt), NULL, "irq-handler", NULL);
	cpu_wake(rt->d.cpu, T_RT_INPUT);
}

/* The handler has the CPU: it acknowledges now, so that an interrupt taken
 * while it waited (a world switch, GP's TDMA slice) was merged into this
 * run, and what it cleans is what is written back now. */
static void irq_start(void *ctx, uint32_t arg)
{
	(void)arg;
	struct rtside *rt = ctx;
	uint32_t ntx = nicdev_irq_ack(rt->d.nic);
	cpu_job(rt->d.cpu, T_RT_IRQ, rt->v[C_RT_IRQ] + (uint64_t)ntx * rt->v[C_TX_CLEAN], irq_done,
	        rt, ntx);
}

static void irq_next(void *ctx)
{
	struct rtside *rt = ctx;
	if (nicdev_irq_pending(rt->d.nic))
		cpu_job(rt->d.cpu, T_RT_IRQ, 0, irq_start, rt, 0);   /* ends when it gets the CPU */
}

/* ---- input thread (Fig. 8b steps 442-452): read, classify, then deliver
 * to an RT socket, update RT's ARP table, or forward to GP ---- */

static void in_read_done(void *ctx, uint32_t id);
static void in_deliver_done(void *ctx, uint32_t id);
static void in_arp_done(void *ctx, uint32_t id);
static void in_forward_done(void *ctx, uint32_t id);
static void echo_request(struct rtside *rt, uint32_t rq_id);

static void input_next(void *ctx)
{
	struct rtside *rt = ctx;
	uint32_t id;
	if (nicdev_rx_peek(rt->d.nic, &id))
		cpu_job(rt->d.cpu, T_RT_INPUT, rt->v[C_RT_INPUT] + rt->v[C_CLASSIFY], in_read_done, rt, id);
}

/* Forward to GP through channel 1 (C4). A full channel drops: RT never
 * blocks (C5). */
static void in_forward(struct rtside *rt, uint32_t id)
{
	if (chan_full(rt->d.data_out)) {
		ledger_rx_final(rt->d.ledger, id, DEC_DROP, R_PROXY_FULL, now(rt));
		return;
	}
	cpu_job(rt->d.cpu, T_RT_INPUT, chan_put_cost(rt->d.data_out, rec(rt, id)->wirelen),
	        in_forward_done, rt, id);
}

static void in_read_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	nicdev_rx_take(rt->d.nic, id);
	struct fr *f = rec(rt, id);
	struct classify_result r = classify_frame(&f->fi, rt->d.ports);   /* C1-C4 */
	f->decision = (uint8_t)r.decision;
	f->reason = (uint8_t)r.reason;
	f->port = r.port;
	trace_stage(rt->d.tr, now(rt), f, "classify", verdict_decision_name(r.decision));
	if (r.decision == DEC_RT)
		cpu_job(rt->d.cpu, T_RT_INPUT, rt->v[C_RT_DELIVER], in_deliver_done, rt, id);
	else if (r.decision == DEC_BOTH)
		cpu_job(rt->d.cpu, T_RT_INPUT, rt->v[C_ARP_UPDATE], in_arp_done, rt, id);
	else
		in_forward(rt, id);
}

/* The RT socket of port p takes a frame at t (rt.socket_queue, rt.read_rate):
 * its application reads one frame every read_cyc cycles, in order, from
 * when the frame reaches the head; frames still unread at t are
 * ceil((done - t) / read_cyc). false: full. */
static bool sock_take(struct rtside *rt, uint16_t p, uint64_t t)
{
	if (!rt->sock_done)
		return true;                  /* the application keeps up */
	uint64_t done = rt->sock_done[p];
	uint64_t unread = done > t ? (done - t + rt->read_cyc - 1) / rt->read_cyc : 0;
	if (unread >= rt->v[C_RT_SOCKET_QUEUE]) {
		rt->sock_full++;
		return false;
	}
	rt->sock_done[p] = (done > t ? done : t) + rt->read_cyc;
	return true;
}

static void in_deliver_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	struct fr *f = rec(rt, id);
	uint64_t t = now(rt);
	if (!sock_take(rt, f->port, t)) {
		ledger_rx_final(rt->d.ledger, id, DEC_DROP, R_RT_SOCKET_FULL, t);
		return;
	}
	trace_stage_u(rt->d.tr, t, f, "rt-deliver", f->port);
	trace_latency(rt->d.tr, CLS_RT_RX, f, f->t0, t);
	trace_frame(rt->d.tr, TP_RT_RX, t, f);
	const struct scen_echo *e = &rt->d.sc->echo;
	if (e->enabled && (e->port == 0 || e->port == f->port))
		echo_request(rt, id);
	f = rec(rt, id);                  /* the pool may have moved */
	ledger_rx_final(rt->d.ledger, id, DEC_RT, (enum verdict_reason)f->reason, t);
}

static void in_arp_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	struct fr *f = rec(rt, id);
	uint64_t t = now(rt);
	if (f->fi.arp_hlen == 6 && f->fi.arp_plen == 4)
		arp_update(rt->arp, f->fi.arp_spa, f->fi.arp_sha, t);   /* C2: both */
	trace_stage(rt->d.tr, t, f, "rt-arp", NULL);
	trace_latency(rt->d.tr, CLS_RT_RX, f, f->t0, t);
	trace_frame(rt->d.tr, TP_RT_RX, t, f);
	in_forward(rt, id);
}

static void in_forward_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	/* only RT fills it: room was checked */
	bool ok = chan_push(rt->d.data_out, id, rec(rt, id)->wirelen);
	assert(ok);
	(void)ok;
	trace_stage(rt->d.tr, now(rt), rec(rt, id), "proxy-out", NULL);
}

/* ---- control thread (Fig. 8c): interface commands from channel 3, port
 * moves from the timeline ---- */

static void apply_control(void *ctx, uint32_t i);

static void ctrl_next(void *ctx)
{
	struct rtside *rt = ctx;
	uint32_t i;
	if (chan_pop(rt->d.control, &i) || ring_pop(rt->ctlq, &i))
		cpu_job(rt->d.cpu, T_RT_CTRL, rt->v[C_CONTROL_APPLY], apply_control, rt, i);
}

void rtside_port_move(struct rtside *rt, uint32_t i)
{
	bool ok = ring_push(rt->ctlq, i);      /* sized for every timeline entry */
	assert(ok);
	(void)ok;
	cpu_wake(rt->d.cpu, T_RT_CTRL);
}

/* A call's port claim or relinquish from GP's SIP engine (claims 16-18):
 * RT applies it and tells the call table what became of it. */
static void apply_port_msg(struct rtside *rt, uint32_t i)
{
	const struct ctlmsg_port *m = ctlmsg_port_at(rt->d.msgs, i);
	enum ports_err pe = m->claim ? ports_claim(rt->d.ports, m->port)
	                             : ports_relinquish(rt->d.ports, m->port);
	rt->port_ops++;
	char d[160];
	int n = snprintf(d, sizeof d, "%s=%u_call=%u", m->claim ? "claim" : "relinquish", m->port,
	                 m->call);
	if (pe != PORTS_OK) {
		rt->port_refused++;
		snprintf(d + n, sizeof d - (size_t)n, "_refused:_%s", ports_strerror(pe));
		for (char *p = d; *p; p++)
			if (*p == ' ')
				*p = '_';
	}
	if (rt->d.calls)
		calls_claim_result(rt->d.calls, m->call, m->port, m->claim, pe == PORTS_OK, now(rt));
	trace_stage(rt->d.tr, now(rt), NULL, "ctl-apply", d);
}

/* The host's new address (a timeline entry, X3) is GP's SIP engine's too:
 * the SDPs it sends from now on carry it (calls_add_host). */
static void host_address(struct rtside *rt, int family, const uint8_t *ip)
{
	if (!rt->d.calls)
		return;
	struct sip_addr a = {.family = family};
	memcpy(a.a, ip, family == AF_INET ? 4 : 16);
	if (!calls_add_host(rt->d.calls, &a) && rt->d.err)
		fprintf(rt->d.err, "nicshare: out of memory: the calls' table keeps the host's old address only\n");
}

static void apply_control(void *ctx, uint32_t i)
{
	struct rtside *rt = ctx;
	if (rt->d.msgs && ctlmsg_is_port(rt->d.msgs, i)) {
		apply_port_msg(rt, i);
		return;
	}
	const struct scen_tl *tl = &rt->d.sc->tl[i];
	struct nic *nic = nicdev_nic(rt->d.nic);
	char d[160];
	d[0] = 0;
	enum ports_err pe = PORTS_OK;
	unsigned long long num = (unsigned long long)tl->num;
	switch (tl->kind) {
	case TL_MTU:
		nic_set_mtu(nic, (uint32_t)tl->num);
		snprintf(d, sizeof d, "mtu=%llu", num);
		break;
	case TL_MAC:
		nic_set_mac(nic, tl->mac);
		memcpy(rt->id.mac, tl->mac, 6);
		snprintf(d, sizeof d, "mac");
		break;
	case TL_IPV4:
		rt->id.ipv4 = (uint32_t)tl->ip[0] << 24 | (uint32_t)tl->ip[1] << 16 |
		              (uint32_t)tl->ip[2] << 8 | tl->ip[3];
		snprintf(d, sizeof d, "ipv4");
		host_address(rt, AF_INET, tl->ip);
		break;
	case TL_IPV6:
		memcpy(rt->id.ipv6, tl->ip, 16);
		snprintf(d, sizeof d, "ipv6");
		host_address(rt, AF_INET6, tl->ip);
		break;
	case TL_PROMISC:
		nic_set_promiscuous(nic, tl->num != 0);
		snprintf(d, sizeof d, "promiscuous=%s", tl->num ? "on" : "off");
		break;
	case TL_MULTICAST:
		nic_set_multicast(nic, tl->num != 0);
		snprintf(d, sizeof d, "multicast=%s", tl->num ? "on" : "off");
		break;
	case TL_UP:
		nic_set_up(nic, tl->num != 0);
		snprintf(d, sizeof d, "up=%s", tl->num ? "on" : "off");
		break;
	case TL_RELINQUISH:
		pe = ports_relinquish(rt->d.ports, (uint16_t)tl->num);
		snprintf(d, sizeof d, "relinquish=%llu", num);
		break;
	case TL_CLAIM:
		pe = ports_claim(rt->d.ports, (uint16_t)tl->num);
		snprintf(d, sizeof d, "claim=%llu", num);
		break;
	default:
		assert(!"a GP-side timeline entry reached RT's control thread");
		break;
	}
	if (tl->kind == TL_RELINQUISH || tl->kind == TL_CLAIM) {
		rt->port_ops++;
		if (pe != PORTS_OK) {
			rt->port_refused++;
			if (rt->d.err)      /* once, with the port and the reason */
				fprintf(rt->d.err, "nicshare: timeline.%u: %s refused: %s\n", tl->idx, d,
				        ports_strerror(pe));
			size_t l = strlen(d);
			snprintf(d + l, sizeof d - l, " refused: %s", ports_strerror(pe));
		}
	} else {
		rt->applied++;
	}
	if (tl->kind == TL_MAC || tl->kind == TL_IPV4 || tl->kind == TL_IPV6)
		rt->idc[rt->nidc++] = (struct rtside_idchange){now(rt), rt->id};
	for (char *p = d; *p; p++)
		if (*p == ' ' || *p == '\t')
			*p = '_';
	trace_stage(rt->d.tr, now(rt), NULL, "ctl-apply", d);
}

/* ---- proxy TX (Fig. 8a steps 470-472): a GP frame from channel 2 into
 * the scheduler's GP band, while the band has room ---- */

static void proxy_tx_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	struct fr *f = rec(rt, id);
	bool ok = txs_enqueue(rt->txs, TXS_BAND_GP, id, f->wirelen);   /* room checked at pick */
	assert(ok);
	(void)ok;
	trace_stage(rt->d.tr, now(rt), f, "txs", "gp");
	tx_kick(rt);
}

static void proxy_tx_next(void *ctx)
{
	struct rtside *rt = ctx;
	uint32_t id;
	if (!chan_empty(rt->d.data_in) && txs_count(rt->txs, TXS_BAND_GP) < rt->v[C_TXS_GP_QUEUE] &&
	    chan_pop(rt->d.data_in, &id))
		cpu_job(rt->d.cpu, T_RT_PROXY_TX, rt->v[C_RT_PROXY_TX] + rt->v[C_TXS_PICK], proxy_tx_done,
		        rt, id);
}

/* ---- RT applications: RTP, echo responder, replayed own frames ---- */

static void app_send_done(void *ctx, uint32_t id)
{
	struct rtside *rt = ctx;
	struct fr *f = rec(rt, id);
	if (!txs_enqueue(rt->txs, TXS_BAND_RT, id, f->wirelen)) {
		ledger_tx_final(rt->d.ledger, id, R_TX_QUEUE_FULL, now(rt));
		return;
	}
	trace_stage(rt->d.tr, now(rt), f, "txs", "rt");
	tx_kick(rt);
}

static void app_next(void *ctx)
{
	struct rtside *rt = ctx;
	uint32_t id;
	if (ring_pop(rt->appq, &id)) {
		uint64_t app = rec(rt, id)->src == TX_ECHO ? rt->v[C_RT_ECHO] : rt->v[C_RT_APP_TX];
		cpu_job(rt->d.cpu, T_RT_APP, app + rt->v[C_RT_DRV_TX] + rt->v[C_TXS_PICK], app_send_done,
		        rt, id);
	}
}

void rtside_submit(struct rtside *rt, uint32_t id)
{
	struct fr *f = rec(rt, id);
	trace_stage_u(rt->d.tr, now(rt), f, "rt-request", f->wirelen);
	if (!ring_push(rt->appq, id)) {
		ledger_tx_final(rt->d.ledger, id, R_TX_QUEUE_FULL, now(rt));
		return;
	}
	cpu_wake(rt->d.cpu, T_RT_APP);
}

/* RT echo responder: answer an RT frame with the same bytes, addresses and
 * UDP ports swapped (RTnet's rtt tools measure such round trips). */
static void echo_request(struct rtside *rt, uint32_t rq_id)
{
	uint32_t id;
	if (ledger_tx_new(rt->d.ledger, true, TX_ECHO, rec(rt, rq_id)->caplen, now(rt), &id) < 0)
		return;
	const struct fr *rq = rec(rt, rq_id);   /* after tx_new: the pool may move */
	const struct frame_info *fi = &rq->fi;
	struct fr *f = rec(rt, id);
	memcpy(f->buf, rq->buf, rq->caplen);
	f->caplen = rq->caplen;
	f->wirelen = rq->wirelen;
	f->t_origin = rq->t0;
	f->origin_id = rq->id;
	uint8_t tmp[16];
	if (fi->has_src && fi->has_dst) {
		memcpy(f->buf, f->buf + 6, 6);
		memcpy(f->buf + 6, rt->id.mac, 6);
	}
	size_t alen = fi->l3 == L3_IPV4 ? 4 : 16;
	size_t aoff = fi->l3 == L3_IPV4 ? 12 : 8;
	if ((fi->l3 == L3_IPV4 || fi->l3 == L3_IPV6) && fi->l3_off + aoff + 2 * alen <= f->caplen) {
		uint8_t *a = f->buf + fi->l3_off + aoff;
		memcpy(tmp, a, alen);
		memcpy(a, a + alen, alen);
		memcpy(a + alen, tmp, alen);
	}
	if (fi->l4 == L4_UDP && fi->l4_status == FRAME_OK && (size_t)fi->l4_off + 4 <= f->caplen) {
		uint8_t *u = f->buf + fi->l4_off;
		memcpy(tmp, u, 2);
		memcpy(u, u + 2, 2);
		memcpy(u + 2, tmp, 2);
	}
	rtside_submit(rt, id);
}

/* ---- set-up ---- */

struct rtside *rtside_create(const struct rtside_deps *d, char *err, size_t errlen)
{
	struct rtside *rt = calloc(1, sizeof *rt);
	if (!rt) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	rt->d = *d;
	rt->v = d->c->v;
	const struct scenario *sc = d->sc;
	struct txs_cfg tc = {sc->txs, (uint32_t)rt->v[C_TXS_RT_QUEUE], (uint32_t)rt->v[C_TXS_GP_QUEUE],
	                     rt->v[C_CPU_HZ], rt->v[C_TXS_GP_RATE], rt->v[C_TXS_GP_BURST],
	                     rt->v[C_NIC_TX_COMMIT]};
	rt->txs = txs_create(&tc);
	rt->arp = arp_create((uint32_t)rt->v[C_ARP_ENTRIES]);
	rt->appq = ring_create(APPQ_CAP);
	rt->ctlq = ring_create((uint32_t)sc->n_tl + 1);
	rt->idc = malloc((sc->n_tl + 1) * sizeof *rt->idc);   /* an entry applies once */
	if (!rt->txs || !rt->arp || !rt->appq || !rt->ctlq || !rt->idc) {
		snprintf(err, errlen, "cannot create the model (out of memory?)");
		rtside_destroy(rt);
		return NULL;
	}
	if (rt->v[C_RT_READ_RATE]) {
		uint64_t hz = rt->v[C_CPU_HZ], r = rt->v[C_RT_READ_RATE];
		rt->read_cyc = hz / r + (hz % r != 0);
		rt->sock_done = calloc(65536, sizeof *rt->sock_done);
		if (!rt->sock_done) {
			snprintf(err, errlen, "out of memory");
			rtside_destroy(rt);
			return NULL;
		}
	}
	memcpy(rt->id.mac, sc->mac, 6);
	rt->id.ipv4 = sc->ipv4;
	memcpy(rt->id.ipv6, sc->ipv6, 16);
	cpu_thread(d->cpu, T_RT_IRQ, irq_next, rt);
	cpu_thread(d->cpu, T_RT_INPUT, input_next, rt);
	cpu_thread(d->cpu, T_RT_CTRL, ctrl_next, rt);
	cpu_thread(d->cpu, T_RT_PROXY_TX, proxy_tx_next, rt);
	cpu_thread(d->cpu, T_RT_APP, app_next, rt);
	nicdev_on_tx_space(d->nic, on_tx_space, rt);
	return rt;
}

void rtside_destroy(struct rtside *rt)
{
	if (!rt)
		return;
	if (rt->txs)
		txs_destroy(rt->txs);
	if (rt->arp)
		arp_destroy(rt->arp);
	if (rt->appq)
		ring_destroy(rt->appq);
	if (rt->ctlq)
		ring_destroy(rt->ctlq);
	free(rt->sock_done);
	free(rt->idc);
	free(rt);
}

const struct rtside_id *rtside_identity(const struct rtside *rt) { return &rt->id; }

const struct rtside_idchange *rtside_id_changes(const struct rtside *rt, size_t *n)
{
	*n = rt->nidc;
	return rt->idc;
}

void rtside_stats(const struct rtside *rt, struct rtside_stats *s)
{
	s->applied = rt->applied;
	s->port_ops = rt->port_ops;
	s->port_refused = rt->port_refused;
	s->arp_updates = arp_updates(rt->arp);
}
