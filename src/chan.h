/* chan.h - one shared-memory proxy channel between the OSes: the ring,
 * the notify rule and the copy cost. SPEC X1-X2; items 254/256/260 of
 * Fig. 3. The node has three instances: channel 1 (data out: RT -> GP),
 * channel 2 (data in: GP -> RT) and channel 3 (control: GP -> RT).
 *
 * Copy cost (X2): copying a frame of len bytes into a slot costs
 * proxy.fixed + ceil(len * proxy.per_byte / 1000) cycles, paid by the
 * producer. The notify rule: the producer also pays a cross-OS interrupt
 * (cross_irq) when the consumer thread sleeps and the channel is empty,
 * i.e. exactly when the consumer would not otherwise look at it. A full
 * channel refuses the frame: nothing ever blocks (C5). */
#ifndef NICSHARE_CHAN_H
#define NICSHARE_CHAN_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/ring.h"
#include "cpu.h"

struct chan_cfg {
	uint32_t slots;
	uint64_t copy_fixed;          /* cycles */
	uint64_t copy_per_byte;       /* millicycles per byte */
	uint64_t notify;              /* cycles, cross-OS interrupt */
	enum cpu_thread consumer;     /* the thread that empties it */
	int producer;                 /* a thread that waits for room (enum cpu_thread),
	                                 woken when a slot frees; -1: none waits */
};

struct chan;

struct chan *chan_create(const struct chan_cfg *cfg, struct cpu *cpu);
void chan_destroy(struct chan *ch);

/* Cycles the producer pays to put a frame of len bytes in now: the copy,
 * plus the notification when the consumer sleeps and the channel is
 * empty. */
uint64_t chan_put_cost(const struct chan *ch, uint32_t len);
bool chan_full(const struct chan *ch);
bool chan_empty(const struct chan *ch);
/* Put a frame (pool id) in and wake the consumer; false when full (the
 * caller drops the frame with R_PROXY_FULL). */
bool chan_push(struct chan *ch, uint32_t id);
/* Take the oldest frame; a producer waiting for room is woken. */
bool chan_pop(struct chan *ch, uint32_t *id);
uint32_t chan_high_water(const struct chan *ch);

#endif
