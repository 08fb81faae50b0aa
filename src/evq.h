/* evq.h - the node's event queue: a binary heap of small events keyed by
 * (cycle, class, sequence). In the spirit of Redis ae.c: one file, plain
 * names. Cost: push and pop are O(log n) with n the events pending, which
 * stays small (each component schedules itself only while it has work);
 * no allocation per event once the array has grown to its working size.
 *
 * Order at the same cycle (SPEC T2): lower class first, then insertion
 * order (sequence). The classes are listed in engine.c. */
#ifndef NICSHARE_EVQ_H
#define NICSHARE_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evq_ev {
	uint64_t t;      /* cycle */
	uint64_t key;    /* class << 56 | sequence */
	uint32_t type;   /* what to do */
	uint32_t arg;    /* to what */
};

struct evq {
	struct evq_ev *h;
	size_t n, cap;
	uint64_t seq;
	uint64_t pushed;  /* events ever pushed */
};

void evq_init(struct evq *q);
void evq_free(struct evq *q);
/* false only when memory runs out */
bool evq_push(struct evq *q, uint64_t t, unsigned cls, uint32_t type, uint32_t arg);
bool evq_pop(struct evq *q, struct evq_ev *out);
static inline uint64_t evq_top_time(const struct evq *q)
{
	return q->n ? q->h[0].t : UINT64_MAX;
}
static inline size_t evq_size(const struct evq *q) { return q->n; }

#endif
