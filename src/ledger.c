/* ledger.c - accounting, see ledger.h.
 * The reorder window: verdicts wait in a ring of 16-bit cells until every
 * earlier frame has one. It grows only while an early frame is held back
 * (a frame stuck in a queue while later ones are dropped); its size is the
 * span between the oldest frame in flight and the newest verdict. */
#include "ledger.h"

#include <stdlib.h>

struct ledger {
	struct fpool *pool;
	struct trace *tr;
	uint16_t *v;           /* (decision+1) | reason << 8; 0 = pending */
	uint64_t base;         /* capture index of v[head] */
	size_t head, cap;
	uint64_t out_id;
	struct ledger_counts c;
};

_Static_assert(DEC__COUNT < 255 && R__COUNT < 256, "a verdict must fit in 16 bits");

struct ledger *ledger_create(struct fpool *pool, struct trace *tr)
{
	struct ledger *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->pool = pool;
	l->tr = tr;
	l->base = 1;           /* capture indexes are 1-based */
	return l;
}

void ledger_destroy(struct ledger *l)
{
	if (!l)
		return;
	free(l->v);
	free(l);
}

void ledger_flush(struct ledger *l)
{
	while (l->cap && l->v[l->head]) {
		uint16_t x = l->v[l->head];
		l->v[l->head] = 0;
		trace_verdict(l->tr, l->base, (enum verdict_decision)((x & 0xff) - 1),
		              (enum verdict_reason)(x >> 8));
		l->base++;
		l->head = (l->head + 1) & (l->cap - 1);
	}
}

int ledger_verdict(struct ledger *l, uint64_t idx, enum verdict_decision dec, enum verdict_reason reason)
{
	if (idx < l->base)
		abort();     /* a frame already written gets a second state: engine bug (A1) */
	uint64_t off = idx - l->base;
	if (off >= l->cap) {        /* grow: keep the window contiguous */
		size_t cap = l->cap ? l->cap : 1024;
		while (off >= cap)
			cap *= 2;
		uint16_t *v = calloc(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < l->cap; i++)
			v[i] = l->v[(l->head + i) & (l->cap - 1)];
		free(l->v);
		l->v = v;
		l->cap = cap;
		l->head = 0;
	}
	size_t slot = (l->head + off) & (l->cap - 1);
	if (l->v[slot])
		abort();     /* two terminal states for one frame: engine bug (A1) */
	l->v[slot] = (uint16_t)((dec + 1) | (reason << 8));
	l->c.dec[dec]++;
	l->c.reason[dec][reason]++;
	if (off == 0)
		ledger_flush(l);
	return 0;
}

void ledger_rx_final(struct ledger *l, uint32_t id, enum verdict_decision d, enum verdict_reason r,
                     uint64_t now)
{
	struct fr *f = fpool_at(l->pool, id);
	ledger_verdict(l, f->id, d, r);
	if (d == DEC_DROP) {
		trace_stage(l->tr, now, f, "drop", verdict_reason_name(r));
		trace_frame(l->tr, TP_DROP, now, f);
	}
	fpool_put(l->pool, id);
}

int ledger_tx_new(struct ledger *l, bool rt, enum fr_src src, uint32_t len, uint64_t now, uint32_t *id)
{
	if (fpool_get(l->pool, len, id) < 0)
		return -1;
	struct fr *f = fpool_at(l->pool, *id);
	f->id = ++l->out_id;
	f->kind = rt ? FK_RT_TX : FK_GP_TX;
	f->src = (uint8_t)src;
	f->t0 = now;
	l->c.out_generated++;
	return 0;
}

void ledger_tx_final(struct ledger *l, uint32_t id, enum verdict_reason r, uint64_t t)
{
	struct fr *f = fpool_at(l->pool, id);
	if (r == R_SENT) {
		l->c.out_sent++;
	} else if (r == R_UNFINISHED) {
		l->c.out_unfinished++;
	} else {
		l->c.out_drop[r]++;
		trace_stage(l->tr, t, f, "drop", verdict_reason_name(r));
		trace_frame(l->tr, TP_DROP, t, f);
	}
	fpool_put(l->pool, id);
}

const struct ledger_counts *ledger_counts(const struct ledger *l) { return &l->c; }

int ledger_check(const struct ledger *l, uint64_t frames, FILE *err)
{
	uint64_t sum = 0;
	for (int d = 0; d < DEC__COUNT; d++)
		sum += l->c.dec[d];
	uint64_t odrop = 0;
	for (int r = 0; r < R__COUNT; r++)
		odrop += l->c.out_drop[r];
	int bad = 0;
	if (sum != frames || l->base != frames + 1) {
		fprintf(err, "nicshare: conservation violated: %llu input frames, %llu terminal "
		        "states, routing written up to frame %llu\n", (unsigned long long)frames,
		        (unsigned long long)sum, (unsigned long long)(l->base - 1));
		bad = 1;
	}
	if (l->c.out_generated != l->c.out_sent + odrop + l->c.out_unfinished) {
		fprintf(err, "nicshare: conservation violated: %llu outgoing frames generated, "
		        "%llu sent, %llu dropped, %llu unfinished\n",
		        (unsigned long long)l->c.out_generated, (unsigned long long)l->c.out_sent,
		        (unsigned long long)odrop, (unsigned long long)l->c.out_unfinished);
		bad = 1;
	}
	if (fpool_in_flight(l->pool) != 0) {
		fprintf(err, "nicshare: conservation violated: %u frames still held at the end\n",
		        fpool_in_flight(l->pool));
		bad = 1;
	}
	return bad;
}
