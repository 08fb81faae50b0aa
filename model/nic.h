/* nic.h - the Ethernet NIC's state: SPEC N0-N3.
 * Models: NIC 118 of Fig. 1 as the RT driver 252 sees it: own address and
 * flags (set by Fig. 8c step 484 from GP's commands), the MAC filter, the
 * size limit, the RX and TX descriptor rings, and interrupt moderation in
 * one place, after the e1000 family (ITR, RDTR packet timer, RADV absolute
 * timer; Linux Documentation/networking/device_drivers/ethernet/intel/e1000.rst;
 * TX: TIDV and TADV, 8254x SDM 3.4.3 and 13.4.41, 82583V datasheet 9.2.6.12).
 * Times are CPU cycles. */
#ifndef NICSHARE_NIC_H
#define NICSHARE_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "ring.h"
#include "verdict.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Taken as given: nothing defaults here. Zeroed, the interface is down
 * (every frame nic-down), takes no multicast and has MTU 0 (every frame
 * oversize); a scenario's defaults (doc/scenario.md, nic.*) are up,
 * multicast on, MTU 1500, 256 descriptors each way. */
struct nic_cfg {
	uint8_t mac[6];
	bool promiscuous;
	bool multicast;         /* accept multicast (I/G bit) frames */
	bool up;                /* false: every frame is dropped, nic-down */
	uint32_t mtu;           /* bytes; N1b: nic_max_len() */
	uint32_t rx_ring;       /* RX descriptors */
	uint32_t tx_ring;       /* TX descriptors */
	/* Interrupt moderation, cycles; all 0 = one interrupt per frame. */
	uint64_t itr_interval;  /* minimum time between two interrupts (ITR) */
	uint64_t rx_delay;      /* packet timer, restarted by each frame (RDTR) */
	uint64_t rx_abs_delay;  /* absolute timer from the first frame (RADV) */
	uint64_t tx_delay;      /* TX timer, restarted by each descriptor written back (TIDV) */
	uint64_t tx_abs_delay;  /* TX absolute timer from the first one (TADV) */
};

/* Interrupt causes (the ICR bits the model has): RX timer (RXT0), TX
 * descriptor written back (TXDW). */
enum nic_cause { NIC_CAUSE_RX = 1u, NIC_CAUSE_TX = 2u };

struct nic;

/* NULL: bad ring size (0 or above RING_MAX_CAP) / no memory. */
struct nic *nic_create(const struct nic_cfg *cfg);
void nic_destroy(struct nic *n);
const struct nic_cfg *nic_config(const struct nic *n);

/* X3 commands applied by RT (Fig. 8c step 484). */
void nic_set_mac(struct nic *n, const uint8_t mac[6]);
void nic_set_mtu(struct nic *n, uint32_t mtu);
void nic_set_promiscuous(struct nic *n, bool on);
void nic_set_multicast(struct nic *n, bool on);
void nic_set_up(struct nic *n, bool up);

/* N0: did the host send this frame itself? Here: the source MAC was
 * captured and equals the host MAC. The direction (pcapng flags, cooked
 * capture "outgoing") is not in frame_info: the caller checks it first. */
bool nic_is_own_tx(const struct nic *n, const struct frame_info *fi);

/* N1, N1b (and interface down): R_NIC_FILTER, R_TRUNCATED, R_OVERSIZE,
 * R_NIC_DOWN, or -1 when the frame is accepted. Checked in this order:
 * interface down; destination MAC not captured (truncated); the address
 * filter (nic-filter); the size (oversize). A frame not addressed to us is
 * nic-filter whatever its size, as an engineer reading the counters expects
 * (the size limit concerns only frames the NIC would take). */
int nic_filter(const struct nic *n, const struct frame_info *fi);
/* Largest accepted wire length (FCS excluded) for a frame with nvlan tags:
 * mtu + 14 + 4 per tag (up to two), at most UINT32_MAX. */
uint32_t nic_max_len(const struct nic *n, unsigned nvlan);

/* Rings of frame handles. */
struct ring *nic_rx_ring(struct nic *n);
struct ring *nic_tx_ring(struct nic *n);

/* Interrupt moderation (N3), RX and TX causes on one interrupt line. After
 * a frame's RX DMA completes at `now` (nic_irq_on_rx), or a TX descriptor
 * is written back at `now` (nic_irq_on_tx: its frame's last bit left the
 * wire), say when the interrupt is to fire: returns the cycle (>= now); a
 * later call may move it (a packet timer restarts, the other cause is due
 * sooner). nic_irq_due() gives the current due time or UINT64_MAX when
 * none is pending; nic_irq_fire() records that the interrupt was raised at
 * `now` (asserts one is pending and now >= due: the caller drops a timer
 * event whose due time has moved) and returns the causes it reports
 * (NIC_CAUSE_* bits): every cause pending then, which it clears, with
 * their timers (one interrupt for RX and TX work pending together; the
 * handler takes both).
 * The rule, in nic.c: per pending cause, due = min(last + delay, first +
 * abs_delay) over its timers that are non-zero, or its last event when
 * both are 0 (RX: rx_delay, rx_abs_delay; TX: tx_delay, tx_abs_delay, and
 * its last event when tx_delay is 0);
 * the interrupt is due at the earliest cause; then at least the last
 * interrupt + itr_interval; then at least now.
 * Time goes forwards: each call's `now` is at least the one before it, as
 * a discrete-event loop gives (asserted in debug builds; with NDEBUG an
 * earlier `now` gives a meaningless due time). */
uint64_t nic_irq_on_rx(struct nic *n, uint64_t now);
uint64_t nic_irq_on_tx(struct nic *n, uint64_t now);
uint64_t nic_irq_due(const struct nic *n);
unsigned nic_irq_fire(struct nic *n, uint64_t now);
uint64_t nic_irq_count(const struct nic *n);
bool nic_irq_pending(const struct nic *n);

#ifdef __cplusplus
}
#endif

#endif
