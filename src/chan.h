/* chan.h - one shared-memory proxy channel between the OSes: the ring,
 * the notify rule and the copy cost. SPEC X1-X2; items 254/256/260 of
 * Fig. 3. The node has three instances: channel 1 (data out: RT -> GP),
 * channel 2 (data in: GP -> RT) and channel 3 (control: GP -> RT).
 *
 * Copy cost (X2): copying a frame of len bytes into a slot costs
 * cost.proxy_fixed + ceil(len * cost.proxy_per_byte / 1000) cycles, paid by the
 * producer. The notify rule: the producer also pays a cross-OS interrupt
 * (cross_irq) when the consumer thread sleeps and the channel is empty,
 * i.e. exactly when the consumer would not otherwise look at it. A full
 * channel refuses the frame; RT never waits on one (C5). A producer may
 * wait for room instead (chan_cfg.producer: GP's application thread on
 * channel 2 under gp.send_full: block), woken when a slot frees. */
#ifndef NICSHARE_CHAN_H
#define NICSHARE_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/cost.h"
#include "../model/ring.h"
#include "cpu.h"

struct chan;

struct chan_cfg {
	uint32_t slots;
	uint64_t copy_fixed;          /* cycles */
	uint64_t copy_per_byte;       /* millicycles per byte */
	uint64_t notify;              /* cycles, cross-OS interrupt */
	enum cpu_thread consumer;     /* the thread that empties it */
	int producer;                 /* a thread that waits for room (enum cpu_thread),
	                                 woken when a slot frees; -1: none waits */
	/* The bus between two processors (dispatcher.policy split): a message
	 * is the consumer's bus_latency cycles after its last byte crossed,
	 * the bytes crossing one message after another (cost_chan_bus_ser). A
	 * NULL costs, or 0 latency and 0 per byte: shared memory, at once. */
	const struct costs *bus;
	struct evq *q;                /* the bus arrivals' events */
	uint64_t *bus_free;           /* the bus's direction this channel crosses:
	                                 carrying its last message until here (cycles),
	                                 shared by the channels of that direction */
	/* A bus that is not the node's own (a SimGrid link between two hosts
	 * of a world, src/world.c): each message is also told to `remote`
	 * when it starts crossing, and may be taken only once the world has
	 * delivered it (chan_bus_arrive), at its arrival cycle as computed
	 * here. NULL: the node's own bus. */
	void (*remote)(void *ctx, const struct chan *ch, uint32_t len, uint64_t start,
	               uint64_t at);
	void *remote_ctx;
};

struct chan *chan_create(const struct chan_cfg *cfg, struct cpu *cpu);
void chan_destroy(struct chan *ch);

/* Cycles the producer pays to put a frame of len bytes in now: the copy,
 * plus the notification when the consumer sleeps and the channel is
 * empty. */
uint64_t chan_put_cost(const struct chan *ch, uint32_t len);
bool chan_full(const struct chan *ch);
bool chan_empty(const struct chan *ch);
/* Put a message of len bytes (pool id) in and wake the consumer (across a
 * bus: when it has crossed); false when full (the caller drops the frame
 * with R_PROXY_FULL). A message on the bus holds its slot. */
bool chan_push(struct chan *ch, uint32_t id, uint32_t len);
/* Take the oldest message (none while it is still on the bus); a producer
 * waiting for room is woken. */
bool chan_pop(struct chan *ch, uint32_t *id);
/* A remote bus delivered the oldest message not yet delivered. */
void chan_bus_arrive(struct chan *ch);
/* The arrival cycle of the oldest message a remote bus has not delivered
 * yet (the node may not pass the cycle before it); UINT64_MAX: none. */
uint64_t chan_bus_hold(const struct chan *ch);
/* Remote bus: the hold events that have fired (the world's
 * synchronisation, not the model's: left out of the node's event count). */
uint64_t chan_bus_holds(const struct chan *ch);
uint32_t chan_high_water(const struct chan *ch);

#endif
