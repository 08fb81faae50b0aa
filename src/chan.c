/* chan.c - a proxy channel, see chan.h. */
#include "chan.h"

#include <stdlib.h>

struct chan {
	struct chan_cfg cfg;
	struct ring *r;
	struct cpu *cpu;
};

struct chan *chan_create(const struct chan_cfg *cfg, struct cpu *cpu)
{
	struct chan *ch = calloc(1, sizeof *ch);
	if (!ch)
		return NULL;
	ch->cfg = *cfg;
	ch->cpu = cpu;
	ch->r = ring_create(cfg->slots);
	if (!ch->r) {
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

bool chan_push(struct chan *ch, uint32_t id)
{
	if (!ring_push(ch->r, id))
		return false;
	cpu_wake(ch->cpu, ch->cfg.consumer);
	return true;
}

bool chan_pop(struct chan *ch, uint32_t *id)
{
	bool was_full = ring_full(ch->r);
	if (!ring_pop(ch->r, id))
		return false;
	if (was_full && ch->cfg.producer >= 0)
		cpu_wake(ch->cpu, (enum cpu_thread)ch->cfg.producer);
	return true;
}
uint32_t chan_high_water(const struct chan *ch) { return ring_high_water(ch->r); }
