/* chan.c - a proxy channel, see chan.h. Models items 254/256/260 of
 * Fig. 3 (SPEC X1-X2); across a physical bus when the OSes are on two
 * processors (the patent's alternative to the inter-OS bus). */
#include "chan.h"

#include <assert.h>
#include <stdlib.h>

struct chan {
	struct chan_cfg cfg;
	struct ring *r;
	struct cpu *cpu;
	/* across a bus: each message's arrival cycle, in ring order */
	bool bus;
	uint64_t *ready;
	uint32_t rhead, rn;
	uint32_t delivered;        /* remote bus: of the rn, the first ones delivered */
	uint64_t own_free;         /* bus_free when the configuration gives none */
	uint64_t holds;            /* remote bus: hold events that fired */
};

struct chan *chan_create(const struct chan_cfg *cfg, struct cpu *cpu)
{
	struct chan *ch = calloc(1, sizeof *ch);
	if (!ch)
		return NULL;
	ch->cfg = *cfg;
	ch->cpu = cpu;
	if (!ch->cfg.bus_free)
		ch->cfg.bus_free = &ch->own_free;
	ch->r = ring_create(cfg->slots);
	ch->bus = cfg->bus && cfg->q && (cfg->bus->v[C_BUS_CHAN_LATENCY] ||
	                                 cfg->bus->v[C_BUS_CHAN_PER_BYTE]);
	if (ch->bus)
		ch->ready = calloc(cfg->slots ? cfg->slots : 1, sizeof *ch->ready);
	if (!ch->r || (ch->bus && !ch->ready)) {
		ring_destroy(ch->r);
		free(ch->ready);
		free(ch);
		return NULL;
	}
	return ch;
}

void chan_destroy(struct chan *ch)
{
	if (!ch)
		return;
	ring_destroy(ch->r);
	free(ch->ready);
	free(ch);
}

uint64_t chan_put_cost(const struct chan *ch, uint32_t len)
{
	bool notify = cpu_sleeping(ch->cpu, ch->cfg.consumer) && ring_empty(ch->r);
	return ring_copy_cycles(len, ch->cfg.copy_fixed, ch->cfg.copy_per_byte) +
	       (notify ? ch->cfg.notify : 0);
}

bool chan_full(const struct chan *ch) { return ring_full(ch->r); }
bool chan_empty(const struct chan *ch) { return ring_empty(ch->r); }

static void on_bus(void *ctx, uint32_t arg)
{
	(void)arg;
	struct chan *ch = ctx;
	cpu_wake(ch->cpu, ch->cfg.consumer);
}

/* Remote bus: the event stops the CPU the cycle before an arrival the
 * world has still to deliver; it changes nothing in the model (counted
 * only to be left out of the node's event count). */
static void on_hold(void *ctx, uint32_t arg)
{
	(void)arg;
	((struct chan *)ctx)->holds++;
}

bool chan_push(struct chan *ch, uint32_t id, uint32_t len)
{
	if (!ring_push(ch->r, id))
		return false;
	if (!ch->bus) {
		cpu_wake(ch->cpu, ch->cfg.consumer);
		return true;
	}
	/* its bytes cross after the messages before it in its direction, then
	 * the latency */
	uint64_t now = cpu_now(ch->cpu), *bf = ch->cfg.bus_free;
	uint64_t start = *bf > now ? *bf : now;
	*bf = start + cost_chan_bus_ser(ch->cfg.bus, len);
	uint64_t at = *bf + cost_cycles(ch->cfg.bus, C_BUS_CHAN_LATENCY);
	assert(ch->rn < ch->cfg.slots && at > now);
	ch->ready[(ch->rhead + ch->rn++) % ch->cfg.slots] = at;
	evq_schedule(ch->cfg.q, at, EC_BUS, on_bus, ch, 0);
	if (ch->cfg.remote) {
		evq_schedule(ch->cfg.q, at - 1, EC_BUS, on_hold, ch, 0);
		ch->cfg.remote(ch->cfg.remote_ctx, ch, len, start, at);
	}
	return true;
}

bool chan_pop(struct chan *ch, uint32_t *id)
{
	bool was_full = ring_full(ch->r);
	if (ch->bus && (!ch->rn || ch->ready[ch->rhead] > cpu_now(ch->cpu)))
		return false;          /* empty, or the oldest is still on the bus */
	assert(!ch->cfg.remote || !ch->bus || ch->delivered);   /* the node held for it */
	if (!ring_pop(ch->r, id))
		return false;
	if (ch->bus) {
		ch->rhead = (ch->rhead + 1) % ch->cfg.slots;
		ch->rn--;
		if (ch->cfg.remote)
			ch->delivered--;
	}
	if (was_full && ch->cfg.producer >= 0)
		cpu_wake(ch->cpu, (enum cpu_thread)ch->cfg.producer);
	return true;
}
uint32_t chan_high_water(const struct chan *ch) { return ring_high_water(ch->r); }

void chan_bus_arrive(struct chan *ch)
{
	assert(ch->cfg.remote && ch->delivered < ch->rn);
	ch->delivered++;
}

uint64_t chan_bus_holds(const struct chan *ch) { return ch->holds; }

uint64_t chan_bus_hold(const struct chan *ch)
{
	if (!ch->cfg.remote || ch->delivered == ch->rn)
		return UINT64_MAX;
	return ch->ready[(ch->rhead + ch->delivered) % ch->cfg.slots];
}
