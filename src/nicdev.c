/* nicdev.c - the NIC device, see nicdev.h.
 * Models: NIC 118 (Fig. 1) under driver 252 (Fig. 3); SPEC N0-N3, S3. */
#include "nicdev.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/wire.h"

struct nicdev {
	struct nicdev_deps d;
	struct nic *nic;
	struct wire rxw, txw;
	struct wire rxw_undo;      /* the receive wire before its last reservation */
	bool undo_late;            /* ... which had to wait */
	/* receive */
	uint64_t rx_dma_free;      /* cycle the RX DMA engine is free */
	uint32_t rx_ready;         /* frames in the RX ring whose DMA is done */
	bool irq_pending;          /* taken, no handler run has started since */
	uint64_t irq_merged, rx_late;
	/* transmit */
	struct ring *tx_dmaq;      /* posted, DMA not started (ring order) */
	bool tx_dma_busy;
	uint32_t tx_written;       /* descriptors written back, not yet cleaned */
	uint64_t tx_cleaned;
	uint64_t gp_committed;     /* GP bytes posted, last bit not yet out */
	void (*tx_space)(void *ctx);
	void *tx_space_ctx;
	uint64_t irq_latency;      /* bus.irq_latency in cycles, converted once */
};

static inline uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static inline uint64_t now(const struct nicdev *nd) { return cpu_now(nd->d.cpu); }

void nicdev_cfg(const struct scenario *sc, struct nic_cfg *nc)
{
	const struct costs *c = &sc->costs;
	memset(nc, 0, sizeof *nc);
	memcpy(nc->mac, sc->mac, 6);
	nc->promiscuous = sc->promiscuous;
	nc->multicast = sc->multicast;
	nc->up = sc->up;
	nc->mtu = (uint32_t)c->v[C_NIC_MTU];
	nc->rx_ring = (uint32_t)c->v[C_NIC_RX_RING];
	nc->tx_ring = (uint32_t)c->v[C_NIC_TX_RING];
	nc->itr_interval = cost_cycles(c, C_NIC_ITR_INTERVAL);
	nc->rx_delay = cost_cycles(c, C_NIC_RX_DELAY);
	nc->rx_abs_delay = cost_cycles(c, C_NIC_RX_ABS_DELAY);
	nc->tx_delay = cost_cycles(c, C_NIC_TIDV);
	nc->tx_abs_delay = cost_cycles(c, C_NIC_TADV);
}

struct nicdev *nicdev_create(const struct nic_cfg *cfg, const struct nicdev_deps *d, char *err,
                             size_t errlen)
{
	struct nicdev *nd = calloc(1, sizeof *nd);
	if (!nd) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	nd->d = *d;
	nd->nic = nic_create(cfg);
	nd->tx_dmaq = ring_create(cfg->tx_ring);
	if (!nd->nic || !nd->tx_dmaq) {
		snprintf(err, errlen, "cannot create the model (out of memory?)");
		nicdev_destroy(nd);
		return NULL;
	}
	uint64_t hz = d->c->v[C_CPU_HZ];
	nd->irq_latency = cost_cycles(d->c, C_BUS_IRQ_LATENCY);
	wire_init(&nd->rxw, hz, d->c->v[C_LINK_BPS]);
	wire_init(&nd->txw, hz, d->c->v[C_LINK_BPS]);
	return nd;
}

void nicdev_destroy(struct nicdev *nd)
{
	if (!nd)
		return;
	if (nd->nic)
		nic_destroy(nd->nic);
	if (nd->tx_dmaq)
		ring_destroy(nd->tx_dmaq);
	free(nd);
}

struct nic *nicdev_nic(struct nicdev *nd) { return nd->nic; }

void nicdev_on_tx_space(struct nicdev *nd, void (*fn)(void *ctx), void *ctx)
{
	nd->tx_space = fn;
	nd->tx_space_ctx = ctx;
}

/* ---- receive: wire -> filter -> RX ring -> DMA -> moderation -> interrupt ---- */

uint64_t nicdev_rx_wire(struct nicdev *nd, uint64_t at, uint32_t wirelen, bool *late)
{
	uint64_t start, last;
	nd->rxw_undo = nd->rxw;
	wire_send(&nd->rxw, at, wirelen, &start, &last);
	*late = start > at;
	nd->undo_late = *late;
	if (*late)
		nd->rx_late++;
	return last;
}

void nicdev_rx_wire_undo(struct nicdev *nd)
{
	nd->rxw = nd->rxw_undo;
	if (nd->undo_late)
		nd->rx_late--;
	nd->undo_late = false;
}

static void on_rx_dma_done(void *ctx, uint32_t id);
static void on_irq_timer(void *ctx, uint32_t arg);
static void on_irq_take(void *ctx, uint32_t arg);

int nicdev_rx(struct nicdev *nd, uint64_t index, const uint8_t *data, uint32_t caplen,
              uint32_t wirelen, const struct frame_info *fi)
{
	uint64_t t = now(nd);
	struct ring *rx = nic_rx_ring(nd->nic);
	trace_stage_in(nd->d.tr, t, index, "rx", NULL, wirelen);
	int drop = nic_filter(nd->nic, fi);           /* N1, N1b */
	if (drop < 0 && ring_full(rx))
		drop = R_RX_RING_FULL;                     /* N2 */
	if (drop >= 0) {
		ledger_verdict(nd->d.ledger, index, DEC_DROP, (enum verdict_reason)drop);
		trace_stage_in(nd->d.tr, t, index, "nic-drop",
		               verdict_reason_name((enum verdict_reason)drop), 0);
		if (nd->d.tr->nframe) {   /* a dropped frame, for its call (in_drop):
		                           * no record, so one on the stack */
			struct fr f = {.id = index, .t0 = t, .buf = (uint8_t *)data, .caplen = caplen,
			               .wirelen = wirelen, .kind = FK_RX, .decision = DEC_DROP,
			               .reason = (uint8_t)drop, .fi = *fi};
			trace_frame(nd->d.tr, TP_DROP, t, &f);
		}
		return 0;
	}
	uint32_t id;
	if (fpool_get(nd->d.pool, caplen ? caplen : 1, &id) < 0)
		return -1;
	struct fr *f = fpool_at(nd->d.pool, id);
	f->id = index;
	f->kind = FK_RX;
	f->t0 = t;
	f->caplen = caplen;
	f->wirelen = wirelen;
	memcpy(f->buf, data, caplen);
	f->fi = *fi;                                   /* parsed once, kept */
	bool ok = ring_push(rx, id);
	assert(ok);
	(void)ok;
	uint64_t start = max64(t, nd->rx_dma_free);
	nd->rx_dma_free = start + cost_dma_cycles(nd->d.c, wirelen);
	evq_schedule(nd->d.q, nd->rx_dma_free, EC_RX_DMA, on_rx_dma_done, nd, id);
	return 0;
}

static void on_rx_dma_done(void *ctx, uint32_t id)
{
	struct nicdev *nd = ctx;
	uint64_t t = now(nd);
	nd->rx_ready++;
	trace_stage(nd->d.tr, t, fpool_at(nd->d.pool, id), "dma", NULL);
	/* N3: each completion (re)arms the moderation timer, as e1000's packet
	 * timer restarts with each frame. The timer event of an earlier frame
	 * whose due time moved finds nic_irq_due() changed and does nothing:
	 * one event per completion, which keeps events_processed as blessed. */
	uint64_t due = nic_irq_on_rx(nd->nic, t);
	evq_schedule(nd->d.q, due, EC_IRQ_TIMER, on_irq_timer, nd, 0);
}

/* The causes an interrupt reports, as events.tsv names them. */
static const char *cause_name(uint32_t causes)
{
	switch (causes) {
	case NIC_CAUSE_RX: return "rx";
	case NIC_CAUSE_TX: return "tx";
	case NIC_CAUSE_RX | NIC_CAUSE_TX: return "rx+tx";
	}
	return NULL;
}

static void on_irq_timer(void *ctx, uint32_t arg)
{
	(void)arg;
	struct nicdev *nd = ctx;
	uint64_t t = now(nd);
	if (nic_irq_due(nd->nic) != t)
		return;                                    /* moved by a later frame */
	unsigned causes = nic_irq_fire(nd->nic, t);
	trace_stage(nd->d.tr, t, NULL, "irq-raise", cause_name(causes));   /* the NIC asserts the line */
	evq_schedule(nd->d.q, t + nd->irq_latency, EC_IRQ_TAKE, on_irq_take, nd, causes);
}

static void on_irq_take(void *ctx, uint32_t causes)
{
	struct nicdev *nd = ctx;
	trace_stage(nd->d.tr, now(nd), NULL, "irq", cause_name(causes));
	if (nd->irq_pending) {
		nd->irq_merged++;                          /* not yet read: one handler run */
		return;
	}
	nd->irq_pending = true;
	cpu_wake(nd->d.cpu, T_RT_IRQ);
}

bool nicdev_irq_pending(const struct nicdev *nd) { return nd->irq_pending; }

uint32_t nicdev_irq_ack(struct nicdev *nd)
{
	assert(nd->irq_pending);                       /* only a pending interrupt starts a run */
	nd->irq_pending = false;
	return nd->tx_written;
}

bool nicdev_rx_peek(const struct nicdev *nd, uint32_t *id)
{
	return nd->rx_ready && ring_peek(nic_rx_ring(nd->nic), id);
}

void nicdev_rx_take(struct nicdev *nd, uint32_t id)
{
	uint32_t got = UINT32_MAX;
	assert(nd->rx_ready > 0);
	ring_pop(nic_rx_ring(nd->nic), &got);
	assert(got == id);
	(void)got;
	(void)id;
	nd->rx_ready--;
}

/* ---- transmit: TX ring -> DMA -> wire -> written back -> cleaned ---- */

static void on_tx_dma_done(void *ctx, uint32_t id);
static void on_tx_wire_end(void *ctx, uint32_t id);

static void tx_dma_start(struct nicdev *nd)
{
	uint32_t id;
	if (nd->tx_dma_busy || !ring_pop(nd->tx_dmaq, &id))
		return;
	nd->tx_dma_busy = true;
	uint64_t end = now(nd) + cost_dma_cycles(nd->d.c, fpool_at(nd->d.pool, id)->wirelen);
	evq_schedule(nd->d.q, end, EC_TX_DMA, on_tx_dma_done, nd, id);
}

/* A slot is free once the driver has cleaned its descriptor (as e1000
 * drivers reuse it); the NIC is idle once every posted descriptor is
 * written back (TDH = TDT, which the driver may read). */
uint32_t nicdev_tx_room(const struct nicdev *nd) { return ring_free(nic_tx_ring(nd->nic)); }
bool nicdev_tx_idle(const struct nicdev *nd)
{
	return ring_count(nic_tx_ring(nd->nic)) == nd->tx_written;
}
uint32_t nicdev_tx_written(const struct nicdev *nd) { return nd->tx_written; }
uint64_t nicdev_tx_gp_committed(const struct nicdev *nd) { return nd->gp_committed; }

void nicdev_tx_post(struct nicdev *nd, uint32_t id)
{
	bool ok = ring_push(nic_tx_ring(nd->nic), id) && ring_push(nd->tx_dmaq, id);
	assert(ok);   /* the scheduler hands over only what the ring has room for */
	(void)ok;
	struct fr *f = fpool_at(nd->d.pool, id);
	if (f->kind == FK_GP_TX)
		nd->gp_committed += f->wirelen;
	trace_stage(nd->d.tr, now(nd), f, "tx-ring", NULL);
	tx_dma_start(nd);
}

static void on_tx_dma_done(void *ctx, uint32_t id)
{
	struct nicdev *nd = ctx;
	uint64_t t = now(nd);
	assert(nd->tx_dma_busy);
	nd->tx_dma_busy = false;
	struct fr *f = fpool_at(nd->d.pool, id);
	uint64_t start, last;
	wire_send(&nd->txw, t, f->wirelen, &start, &last);
	evq_schedule(nd->d.q, last, EC_TX_WIRE, on_tx_wire_end, nd, id);
	f->t_wire = start;
	trace_stage_u(nd->d.tr, t, f, "tx-dma", start);
	tx_dma_start(nd);
}

static void on_tx_wire_end(void *ctx, uint32_t id)
{
	struct nicdev *nd = ctx;
	uint64_t t = now(nd);
	struct fr *f = fpool_at(nd->d.pool, id);
	/* the descriptor is written back (DD): its slot is the driver's to
	 * clean; the TX cause's timers (TIDV, TADV) run from here */
	nd->tx_written++;
	assert(nd->tx_written <= ring_count(nic_tx_ring(nd->nic)));
	uint64_t due = nic_irq_on_tx(nd->nic, t);
	evq_schedule(nd->d.q, due, EC_IRQ_TIMER, on_irq_timer, nd, 0);
	if (f->kind == FK_GP_TX) {
		assert(nd->gp_committed >= f->wirelen);
		nd->gp_committed -= f->wirelen;
	}
	trace_stage(nd->d.tr, t, f, "wire-out", NULL);
	f->t_last = t;
	trace_frame(nd->d.tr, TP_WIRE_TX, f->t_wire, f);   /* sent: stamped with its first bit */
	trace_latency(nd->d.tr, f->kind == FK_RT_TX ? CLS_RT_TX : CLS_GP_TX, f, f->t0, t);
	if (f->src == TX_ECHO) {                            /* the request's round trip */
		struct fr tmp = *f;
		tmp.id = f->origin_id;
		tmp.kind = FK_RX;
		trace_latency(nd->d.tr, CLS_RT_RTT, &tmp, f->t_origin, t);
	}
	ledger_tx_final(nd->d.ledger, id, R_SENT, t);
	if (nd->tx_space)
		nd->tx_space(nd->tx_space_ctx);   /* the wire moved on: GP's commit */
}

void nicdev_tx_clean(struct nicdev *nd, uint32_t n)
{
	assert(n <= nd->tx_written);
	struct ring *tx = nic_tx_ring(nd->nic);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t got;
		bool ok = ring_pop(tx, &got);   /* the oldest: the wire keeps ring order */
		assert(ok);
		(void)ok;
	}
	nd->tx_written -= n;
	nd->tx_cleaned += n;
	trace_stage_u(nd->d.tr, now(nd), NULL, "tx-clean", n);   /* formatted only if written */
	if (nd->tx_space)
		nd->tx_space(nd->tx_space_ctx);   /* slots free again */
}

void nicdev_stats(const struct nicdev *nd, struct nicdev_stats *s)
{
	s->irq_raised = nic_irq_count(nd->nic);
	s->irq_merged = nd->irq_merged;
	s->rx_late = nd->rx_late;
	s->tx_cleaned = nd->tx_cleaned;
	s->rx_ring_high = ring_high_water(nic_rx_ring(nd->nic));
	s->tx_ring_high = ring_high_water(nic_tx_ring(nd->nic));
}
