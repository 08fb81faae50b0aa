/* nic.c - the Ethernet NIC as the RT driver sees it: SPEC N0-N3, X3.
 * Models: NIC 118 of Fig. 1 driven by the RT NIC driver 252 of Fig. 3:
 * its address and flags, set by the RT stack from GP's commands (Fig. 8c
 * step 484), the MAC address filter and size limit applied before DMA
 * (Fig. 8b step 486), the RX and TX descriptor rings, and the interrupt
 * moderation of the e1000 family, RX and TX.
 *
 * Filter order (nic_filter): interface down -> nic-down; destination MAC
 * not captured -> truncated; address filter -> nic-filter; size -> oversize.
 * The address filter comes before the size check, so that a frame that is
 * not for this host counts as nic-filter whatever its length.
 *
 * Interrupt moderation, all of it here (e1000.rst: InterruptThrottleRate,
 * RxIntDelay = RDTR, RxAbsIntDelay = RADV, TxIntDelay = TIDV,
 * TxAbsIntDelay = TADV; 8254x SDM 13.4.41: TIDV runs from a descriptor's
 * write-back and restarts with the next; 82583V 9.2.6.12: TADV starts at
 * the first write-back, is not restarted, and stops when the TX interrupt
 * is raised). Two causes, RX and TX, each idle or pending with the cycle
 * of its first and last event not yet signalled; the cycle of the last
 * interrupt raised. After each event:
 *   due(cause) = min(last + delay     if delay > 0,
 *                    first + abs_delay if abs_delay > 0),  or last if both 0
 *   (TX: tx_delay 0 is last, whatever tx_abs_delay: with TIDV 0 the driver
 *   clears IDE, and TADV applies only to descriptors with IDE);
 *   due = min over the pending causes;
 *   due = max(due, last_irq + itr_interval) if itr_interval > 0 and an
 *         interrupt was raised before;
 *   due = max(due, now).
 * Raising the interrupt reports every pending cause (the ICR holds them
 * all) and clears them with their timers: RX and TX work pending together
 * make one interrupt. With all five 0 every frame and every written-back
 * descriptor has its own interrupt at once.
 * Cost: nic_filter and nic_irq_on_rx are a few compares, no allocation. */
#include "nic.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum nic_irq_state { NIC_IRQ_IDLE = 0, NIC_IRQ_PENDING };

/* One interrupt cause and its timers. */
struct nic_cause_st {
	enum nic_irq_state st;
	uint64_t first;       /* first event not yet signalled */
	uint64_t last;        /* last event not yet signalled */
};

struct nic {
	struct nic_cfg cfg;
	struct ring *rx, *tx;
	/* interrupt moderation */
	struct nic_cause_st crx, ctx;   /* the RX and TX causes */
	uint64_t due;         /* when the pending interrupt fires */
	uint64_t last_irq;    /* when the last interrupt was raised */
	bool raised;          /* an interrupt was raised before */
	uint64_t nirq;
	uint64_t now;         /* the latest `now` of nic_irq_on_rx/on_tx/fire */
};

struct nic *nic_create(const struct nic_cfg *cfg)
{
	struct nic *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->cfg = *cfg;
	n->rx = ring_create(cfg->rx_ring);
	n->tx = ring_create(cfg->tx_ring);
	if (n->rx == NULL || n->tx == NULL) {
		nic_destroy(n);
		return NULL;
	}
	n->crx.st = n->ctx.st = NIC_IRQ_IDLE;
	return n;
}

void nic_destroy(struct nic *n)
{
	if (n == NULL)
		return;
	ring_destroy(n->rx);
	ring_destroy(n->tx);
	free(n);
}

const struct nic_cfg *nic_config(const struct nic *n)
{
	return &n->cfg;
}

void nic_set_mac(struct nic *n, const uint8_t mac[6])
{
	memcpy(n->cfg.mac, mac, 6);
}

void nic_set_mtu(struct nic *n, uint32_t mtu)
{
	n->cfg.mtu = mtu;
}

void nic_set_promiscuous(struct nic *n, bool on)
{
	n->cfg.promiscuous = on;
}

void nic_set_multicast(struct nic *n, bool on)
{
	n->cfg.multicast = on;
}

void nic_set_up(struct nic *n, bool up)
{
	n->cfg.up = up;
}

bool nic_is_own_tx(const struct nic *n, const struct frame_info *fi)
{
	return fi->has_src && frame_mac_equal(fi->src, n->cfg.mac);
}

uint32_t nic_max_len(const struct nic *n, unsigned nvlan)
{
	if (nvlan > FRAME_MAX_VLAN)
		nvlan = FRAME_MAX_VLAN;
	/* in 64 bits: an MTU near 2^32 ("no limit") must not wrap to a tiny
	 * maximum; no wire length exceeds UINT32_MAX, so saturating is exact */
	uint64_t max = (uint64_t)n->cfg.mtu + FRAME_ETH_HLEN + 4u * nvlan;
	return max > UINT32_MAX ? UINT32_MAX : (uint32_t)max;
}

int nic_filter(const struct nic *n, const struct frame_info *fi)
{
	if (!n->cfg.up)
		return R_NIC_DOWN;
	if (!fi->has_dst)
		return R_TRUNCATED;
	bool take = n->cfg.promiscuous || frame_mac_equal(fi->dst, n->cfg.mac) ||
	            frame_mac_is_broadcast(fi->dst) ||
	            (n->cfg.multicast && frame_mac_is_multicast(fi->dst));
	if (!take)
		return R_NIC_FILTER;
	if (fi->wirelen > nic_max_len(n, fi->nvlan))
		return R_OVERSIZE;
	return -1;
}

struct ring *nic_rx_ring(struct nic *n)
{
	return n->rx;
}

struct ring *nic_tx_ring(struct nic *n)
{
	return n->tx;
}

static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/* A cause's event at now: the first one starts its absolute timer, each
 * one restarts its packet timer. */
static void cause_event(struct nic_cause_st *c, uint64_t now)
{
	if (c->st == NIC_IRQ_IDLE) {
		c->st = NIC_IRQ_PENDING;
		c->first = now;
	} else {
		assert(c->st == NIC_IRQ_PENDING && now >= c->last);
	}
	c->last = now;
}

static uint64_t cause_due(const struct nic_cause_st *c, uint64_t delay, uint64_t abs_delay)
{
	if (c->st != NIC_IRQ_PENDING)
		return UINT64_MAX;
	if (!delay && !abs_delay)
		return c->last;

	uint64_t due = UINT64_MAX;
	if (delay)
		due = sat_add(c->last, delay);
	if (abs_delay) {
		uint64_t abs = sat_add(c->first, abs_delay);
		if (abs < due)
			due = abs;
	}
	return due;
}

static uint64_t irq_due_at(struct nic *n, uint64_t now)
{
	const struct nic_cfg *c = &n->cfg;
	uint64_t due = cause_due(&n->crx, c->rx_delay, c->rx_abs_delay);
	/* TIDV 0: the driver asks for no delay (IDE clear), and TADV applies
	 * only to delayed descriptors: at once */
	uint64_t tx = c->tx_delay ? cause_due(&n->ctx, c->tx_delay, c->tx_abs_delay)
	                          : cause_due(&n->ctx, 0, 0);
	if (tx < due)
		due = tx;
	if (c->itr_interval && n->raised) {
		uint64_t gap = sat_add(n->last_irq, c->itr_interval);
		if (gap > due)
			due = gap;
	}
	if (due < now)
		due = now;
	n->due = due;
	return due;
}

/* Time goes forwards across the RX and TX causes and the interrupts
 * (nic.h; review n54: only a pending cause's own events were checked). */
static void nic_advance(struct nic *n, uint64_t now)
{
	assert(now >= n->now);
	n->now = now;
}

uint64_t nic_irq_on_rx(struct nic *n, uint64_t now)
{
	nic_advance(n, now);
	cause_event(&n->crx, now);
	return irq_due_at(n, now);
}

uint64_t nic_irq_on_tx(struct nic *n, uint64_t now)
{
	nic_advance(n, now);
	cause_event(&n->ctx, now);
	return irq_due_at(n, now);
}

bool nic_irq_pending(const struct nic *n)
{
	return n->crx.st == NIC_IRQ_PENDING || n->ctx.st == NIC_IRQ_PENDING;
}

uint64_t nic_irq_due(const struct nic *n)
{
	return nic_irq_pending(n) ? n->due : UINT64_MAX;
}

unsigned nic_irq_fire(struct nic *n, uint64_t now)
{
	assert(nic_irq_pending(n));
	assert(now >= n->due);
	nic_advance(n, now);
	unsigned causes = (n->crx.st == NIC_IRQ_PENDING ? NIC_CAUSE_RX : 0u) |
	                  (n->ctx.st == NIC_IRQ_PENDING ? NIC_CAUSE_TX : 0u);
	n->crx.st = n->ctx.st = NIC_IRQ_IDLE;
	n->last_irq = now;
	n->raised = true;
	n->nirq++;
	return causes;
}

uint64_t nic_irq_count(const struct nic *n)
{
	return n->nirq;
}
