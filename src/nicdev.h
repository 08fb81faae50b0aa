/* nicdev.h - the NIC device: NIC 118 of Fig. 1 as a device with its own
 * timers, after gem5's i8254xGBe. It holds the model's NIC state
 * (model/nic: MAC filter, size limit, descriptor rings, interrupt
 * moderation), the receive wire, the RX and TX DMA engines, the interrupt
 * line, the TX descriptor ring and the transmit wire. It is the only place
 * that knows whether an interrupt is pending: the RT interrupt handler asks
 * it (nicdev_irq_pending) and acknowledges it when it starts running
 * (nicdev_irq_ack), as e1000's handler reads ICR (read-to-clear).
 *
 * Receive (SPEC N1-N3): last bit in -> filter / ring space -> RX ring ->
 * DMA (one engine, frames in order) -> moderation timer -> interrupt raised
 * -> taken by the CPU after the bus latency.
 * Transmit (S1-S3): a descriptor posted -> TX DMA (one engine) -> the wire
 * (back-to-back exact, model/wire) -> last bit out: the descriptor is
 * written back, the TX interrupt cause's timers start (model/nic: TIDV,
 * TADV, ITR, one line with RX) -> the RT interrupt handler cleans it
 * (nicdev_tx_clean): only then is its slot free. The driver is told at
 * both steps (tx_space callback).
 * All times are CPU cycles. */
#ifndef NICSHARE_NICDEV_H
#define NICSHARE_NICDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/cost.h"
#include "../model/nic.h"
#include "cpu.h"
#include "evq.h"
#include "fpool.h"
#include "ledger.h"
#include "scenario.h"
#include "trace.h"

struct nicdev;

struct nicdev_deps {
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct trace *tr;
	const struct costs *c;
};

/* The NIC's configuration as the scenario gives it (cycles at its cpu.hz). */
void nicdev_cfg(const struct scenario *sc, struct nic_cfg *nc);
/* NULL with err filled when the configuration is refused. */
struct nicdev *nicdev_create(const struct nic_cfg *cfg, const struct nicdev_deps *d,
                             char *err, size_t errlen);
void nicdev_destroy(struct nicdev *nd);
struct nic *nicdev_nic(struct nicdev *nd);
/* Called when a TX descriptor is freed (the driver may post more). */
void nicdev_on_tx_space(struct nicdev *nd, void (*fn)(void *ctx), void *ctx);

/* ---- receive ---- */
/* The receive wire: a frame whose capture stamp is `at` has its last bit
 * in at the returned cycle (frames queue behind each other on the wire);
 * *late is set when it had to wait. */
uint64_t nicdev_rx_wire(struct nicdev *nd, uint64_t at, uint32_t wirelen, bool *late);
/* Take back the last nicdev_rx_wire: the wire as it was before it. The
 * capture's next frame is put on the wire when it is read, ahead of its
 * stamp; a frame that starts arriving earlier from elsewhere goes first. */
void nicdev_rx_wire_undo(struct nicdev *nd);
/* A frame's last bit is in, now: filter it and take it into the RX ring
 * (DMA follows), or give it its drop verdict. fi is its parse. -1 only
 * when memory runs out. */
int nicdev_rx(struct nicdev *nd, uint64_t index, const uint8_t *data, uint32_t caplen,
              uint32_t wirelen, const struct frame_info *fi);
/* The RT input thread's view of the RX ring: the next frame whose DMA is
 * done (peek), and taking it out. */
bool nicdev_rx_peek(const struct nicdev *nd, uint32_t *id);
void nicdev_rx_take(struct nicdev *nd, uint32_t id);
/* An interrupt has been taken and no handler run has acknowledged it yet.
 * Interrupts taken meanwhile are merged into it (the cause register is
 * already set), also while the handler waits for the CPU. */
bool nicdev_irq_pending(const struct nicdev *nd);
/* The interrupt handler starts running (an interrupt pending, asserted):
 * it reads and so clears the cause register, and takes the TX descriptors
 * written back so far, whose count is returned: this run cleans them
 * (nicdev_tx_clean). A cause raised from now on is a new interrupt. */
uint32_t nicdev_irq_ack(struct nicdev *nd);

/* ---- transmit ---- */
uint32_t nicdev_tx_room(const struct nicdev *nd);   /* free (cleaned) TX descriptors */
bool nicdev_tx_idle(const struct nicdev *nd);       /* every posted one written back */
/* Descriptors written back and not yet cleaned; the interrupt handler
 * cleans n of them (the oldest), which frees their slots. */
uint32_t nicdev_tx_written(const struct nicdev *nd);
void nicdev_tx_clean(struct nicdev *nd, uint32_t n);
/* GP bytes posted and not yet sent (nic.tx_commit bounds them). */
uint64_t nicdev_tx_gp_committed(const struct nicdev *nd);
/* Post frame `id` on the TX ring (room asserted); its DMA starts when the
 * engine is free. */
void nicdev_tx_post(struct nicdev *nd, uint32_t id);

struct nicdev_stats {
	uint64_t irq_raised, irq_merged;   /* interrupts raised; taken while pending */
	uint64_t rx_late;                  /* frames that queued on the receive wire */
	uint64_t tx_cleaned;               /* TX descriptors cleaned by the handler */
	uint32_t rx_ring_high, tx_ring_high;
};
void nicdev_stats(const struct nicdev *nd, struct nicdev_stats *s);

#endif
