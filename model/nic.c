/* nic.c - the Ethernet NIC as the RT driver sees it: SPEC N0-N3, X3.
 * Models: NIC 118 of Fig. 1 driven by the RT NIC driver 252 of Fig. 3:
 * its address and flags, set by the RT stack from GP's commands (Fig. 8c
 * step 484), the MAC address filter and size limit applied before DMA
 * (Fig. 8b step 486), the RX and TX descriptor rings, and the RX interrupt
 * moderation of the e1000 family.
 *
 * Filter order (nic_filter): interface down -> nic-down; destination MAC
 * not captured -> truncated; address filter -> nic-filter; size -> oversize.
 * The address filter comes before the size check, so that a frame that is
 * not for this host counts as nic-filter whatever its length.
 *
 * Interrupt moderation, all of it here (e1000.rst: InterruptThrottleRate,
 * RxIntDelay = RDTR, RxAbsIntDelay = RADV). State: pending or idle, the
 * cycle of the first and of the last frame not yet signalled, the cycle of
 * the last interrupt raised. After each frame:
 *   due = min(last + rx_delay   if rx_delay > 0,
 *             first + rx_abs_delay if rx_abs_delay > 0),  or now if both 0;
 *   due = max(due, last_irq + itr_interval) if itr_interval > 0 and an
 *         interrupt was raised before;
 *   due = max(due, now).
 * With all three 0 every frame has its own interrupt at its DMA end.
 * Cost: nic_filter and nic_irq_on_rx are a few compares, no allocation. */
#include "nic.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum nic_irq_state { NIC_IRQ_IDLE = 0, NIC_IRQ_PENDING };

struct nic {
	struct nic_cfg cfg;
	struct ring *rx, *tx;
	/* interrupt moderation */
	enum nic_irq_state irq;
	uint64_t first;       /* first frame not yet signalled */
	uint64_t last;        /* last frame not yet signalled */
	uint64_t due;         /* when the pending interrupt fires */
	uint64_t last_irq;    /* when the last interrupt was raised */
	bool raised;          /* an interrupt was raised before */
	uint64_t nirq;
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
	n->irq = NIC_IRQ_IDLE;
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
	return n->cfg.mtu + FRAME_ETH_HLEN + 4u * nvlan;
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

uint64_t nic_irq_on_rx(struct nic *n, uint64_t now)
{
	const struct nic_cfg *c = &n->cfg;
	if (n->irq == NIC_IRQ_IDLE) {
		n->irq = NIC_IRQ_PENDING;
		n->first = now;
	} else {
		assert(n->irq == NIC_IRQ_PENDING && now >= n->last);
	}
	n->last = now;

	uint64_t due = now;
	if (c->rx_delay || c->rx_abs_delay) {
		due = UINT64_MAX;
		if (c->rx_delay)
			due = sat_add(n->last, c->rx_delay);
		if (c->rx_abs_delay) {
			uint64_t abs = sat_add(n->first, c->rx_abs_delay);
			if (abs < due)
				due = abs;
		}
	}
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

uint64_t nic_irq_due(const struct nic *n)
{
	return n->irq == NIC_IRQ_PENDING ? n->due : UINT64_MAX;
}

bool nic_irq_pending(const struct nic *n)
{
	return n->irq == NIC_IRQ_PENDING;
}

void nic_irq_fire(struct nic *n, uint64_t now)
{
	assert(n->irq == NIC_IRQ_PENDING);
	assert(now >= n->due);
	n->irq = NIC_IRQ_IDLE;
	n->last_irq = now;
	n->raised = true;
	n->nirq++;
}

uint64_t nic_irq_count(const struct nic *n)
{
	return n->nirq;
}
