/* gpside.c - the GP side, see gpside.h.
 * Models: proxy driver 254/256 of Fig. 3 on GP; Figs. 7a (send), 7b
 * (receive), 7c (interface commands); SPEC C2, X1-X3, P1. */
#include "gpside.h"

#include <assert.h>
#include <stdlib.h>

#include "../model/arp.h"
#include "../model/ring.h"

#define APPQ_CAP 4096u   /* GP application send queue (frames) */

struct gpside {
	struct gpside_deps d;
	const uint64_t *v;
	struct arp *arp;
	struct ring *backlog;         /* socket receive queue (gp.socket_queue) */
	struct ring *appq;            /* frames the applications asked to send */
	struct ring *ctlq;            /* commands typed, waiting for the proxy */
	uint64_t commands, dropped, port_ops, port_refused;
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

static void stack_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	struct fr *f = rec(gp, id);
	uint64_t t = now(gp);
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
	uint32_t n = gp->d.sc->tl[i].idx;
	if (!chan_push(gp->d.control, i)) {
		gp->dropped++;
		trace_stage_u(gp->d.tr, now(gp), NULL, "ctl-drop", n);
		return;
	}
	trace_stage_u(gp->d.tr, now(gp), NULL, "ctl-send", n);
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
	enum ports_err pe = bind ? ports_gp_bind(gp->d.ports, (uint16_t)tl->num)
	                         : ports_gp_unbind(gp->d.ports, (uint16_t)tl->num);
	gp->port_ops++;
	if (pe != PORTS_OK) {
		gp->port_refused++;
		if (gp->d.err)
			fprintf(gp->d.err, "nicshare: timeline.%u: %s=%u refused: %s\n", tl->idx,
			        bind ? "gp_bind" : "gp_unbind", (unsigned)tl->num, ports_strerror(pe));
	}
	trace_stage(gp->d.tr, now(gp), NULL, bind ? "gp-bind" : "gp-unbind",
	            pe == PORTS_OK ? "ok" : "refused");
}

/* ---- GP applications (Fig. 7a): stack TX, then the proxy driver copies
 * the frame into channel 2 ---- */

static void proxy_tx_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	if (!chan_push(gp->d.data_in, id)) {
		ledger_tx_final(gp->d.ledger, id, R_PROXY_FULL, now(gp));
		return;
	}
	trace_stage(gp->d.tr, now(gp), rec(gp, id), "proxy-in", NULL);
}

static void app_send_done(void *ctx, uint32_t id)
{
	struct gpside *gp = ctx;
	struct fr *f = rec(gp, id);
	trace_stage(gp->d.tr, now(gp), f, "gp-send", NULL);
	if (chan_full(gp->d.data_in)) {
		ledger_tx_final(gp->d.ledger, id, R_PROXY_FULL, now(gp));
		return;
	}
	cpu_job(gp->d.cpu, T_GP_APP, gp->v[C_GP_PROXY_TX] + chan_put_cost(gp->d.data_in, f->wirelen),
	        proxy_tx_done, gp, id);
}

static void app_next(void *ctx)
{
	struct gpside *gp = ctx;
	uint32_t id;
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
	gp->appq = ring_create(APPQ_CAP);
	gp->ctlq = ring_create((uint32_t)d->sc->n_tl + 1);
	if (!gp->arp || !gp->backlog || !gp->appq || !gp->ctlq) {
		snprintf(err, errlen, "cannot allocate a ring of %llu slots",
		         (unsigned long long)gp->v[C_GP_SOCKET_QUEUE]);
		gpside_destroy(gp);
		return NULL;
	}
	cpu_thread(d->cpu, T_GP_PROXY_RX, proxy_rx_next, gp);
	cpu_thread(d->cpu, T_GP_STACK, stack_next, gp);
	cpu_thread(d->cpu, T_GP_CTRL, ctrl_next, gp);
	cpu_thread(d->cpu, T_GP_APP, app_next, gp);
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
}
