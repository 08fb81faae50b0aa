/* txs.c - the transmit scheduler on the RT side: SPEC S1-S4.
 * Models: transmit scheduler 258 of Fig. 3, Fig. 8a steps 472-478 (RT
 * frames go to the driver, GP frames arrive from channel 2 and wait) and
 * claims 5-7 (RT frames take precedence over GP frames).
 *
 * Two FIFO bands like Linux sch_prio: band 0 RT, band 1 GP. txs_peek()
 * only looks; txs_dequeue() takes the head of the band peek chose.
 *   strict:  RT if any waits (and the TX ring has a free descriptor); GP
 *            only when no RT frame waits and the GP bytes committed to the
 *            NIC leave room for its head frame within gp_commit (any frame
 *            when none is committed), so an RT frame is delayed by at most
 *            gp_commit bytes of GP already on their way (non-preemptive,
 *            S2); gp_commit 0: GP only when the TX ring is empty.
 *   gp-rate: as strict, and GP also needs the tokens for its frame (S4).
 * Cost: peek and dequeue are O(1), no allocation; gp-rate adds 128-bit
 * multiplies and, only when GP waits on tokens, one 128-bit division. */
#include "txs.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define TXS_MAX_QUEUE (1u << 24)

struct item {
	uint32_t id, len;
};

struct band {
	uint32_t head, tail, mask, cap;   /* free-running, as in ring.h */
	uint64_t drops;
	struct item *v;
};

struct txs {
	struct txs_cfg cfg;
	struct band b[2];
	/* gp-rate bucket, units of 1/(8 hz) wire byte (see txs.h) */
	__int128 tokens;         /* at cycle `last`; negative = debt */
	__int128 depth;
	uint64_t last;
	uint64_t now;            /* the last txs_dequeue's `now` (txs.h: asserted
	                            not to go back, under strict too) */
};

static bool band_init(struct band *b, uint32_t cap)
{
	uint32_t size = 1;
	while (size < cap)
		size <<= 1;
	b->head = b->tail = 0;
	b->mask = size - 1;
	b->cap = cap;
	b->drops = 0;
	b->v = malloc(sizeof(*b->v) * size);
	return b->v != NULL;
}

struct txs *txs_create(const struct txs_cfg *cfg)
{
	if (cfg->rt_queue == 0 || cfg->rt_queue > TXS_MAX_QUEUE ||
	    cfg->gp_queue == 0 || cfg->gp_queue > TXS_MAX_QUEUE)
		return NULL;
	if (cfg->policy != TXS_STRICT && cfg->policy != TXS_GP_RATE)
		return NULL;
	if (cfg->policy == TXS_GP_RATE &&
	    (cfg->hz == 0 || cfg->gp_rate_bps == 0 || cfg->gp_burst == 0))
		return NULL;
	struct txs *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->cfg = *cfg;
	if (!band_init(&t->b[0], cfg->rt_queue) || !band_init(&t->b[1], cfg->gp_queue)) {
		txs_destroy(t);
		return NULL;
	}
	t->depth = (__int128)cfg->gp_burst * 8 * cfg->hz;
	t->tokens = t->depth;
	t->last = 0;
	return t;
}

void txs_destroy(struct txs *t)
{
	if (t == NULL)
		return;
	free(t->b[0].v);
	free(t->b[1].v);
	free(t);
}

bool txs_enqueue(struct txs *t, enum txs_band band, uint32_t id, uint32_t len)
{
	assert(band == TXS_BAND_RT || band == TXS_BAND_GP);
	struct band *b = &t->b[band];
	if (b->head - b->tail == b->cap) {
		b->drops++;
		return false;
	}
	struct item *it = &b->v[b->head & b->mask];
	it->id = id;
	it->len = len;
	b->head++;
	return true;
}

/* Tokens at `now` (>= last), capped at the depth. */
static __int128 tokens_at(const struct txs *t, uint64_t now)
{
	assert(now >= t->last);
	__int128 v = t->tokens + (__int128)(now - t->last) * t->cfg.gp_rate_bps;
	return v > t->depth ? t->depth : v;
}

/* Tokens GP's head frame must find in the bucket. */
static __int128 gp_need(const struct txs *t)
{
	const struct band *b = &t->b[TXS_BAND_GP];
	uint32_t len = b->v[b->tail & b->mask].len;
	__int128 need = (__int128)wire_bytes(len) * 8 * t->cfg.hz;
	return need > t->depth ? t->depth : need;
}

enum txs_band txs_peek(const struct txs *t, uint64_t now, uint32_t ring_free,
                       bool ring_empty, uint64_t gp_committed, uint64_t *retry_at)
{
	assert(now >= t->now);
	if (retry_at)
		*retry_at = 0;
	if (ring_free == 0)
		return TXS_NONE;
	if (t->b[TXS_BAND_RT].head != t->b[TXS_BAND_RT].tail)
		return TXS_BAND_RT;
	const struct band *g = &t->b[TXS_BAND_GP];
	if (g->head == g->tail)
		return TXS_NONE;
	if (t->cfg.gp_commit == 0) {
		if (!ring_empty)
			return TXS_NONE;
	} else if (gp_committed > 0 &&
	           gp_committed + g->v[g->tail & g->mask].len > t->cfg.gp_commit) {
		return TXS_NONE;      /* the wire frees room: the NIC tells the driver */
	}
	if (t->cfg.policy == TXS_STRICT)
		return TXS_BAND_GP;
	__int128 need = gp_need(t), have = tokens_at(t, now);
	if (have >= need)
		return TXS_BAND_GP;
	if (retry_at) {
		/* have < need <= depth: not capped, so tokens grow linearly from
		 * `last` until they reach need. */
		__int128 miss = need - t->tokens, r = t->cfg.gp_rate_bps;
		__int128 dt = (miss + r - 1) / r;
		__int128 at = (__int128)t->last + dt;
		*retry_at = at > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)at;
	}
	return TXS_NONE;
}

uint32_t txs_dequeue(struct txs *t, enum txs_band band, uint64_t now)
{
	assert(band == TXS_BAND_RT || band == TXS_BAND_GP);
	struct band *b = &t->b[band];
	assert(b->head != b->tail);
	assert(now >= t->now);
	t->now = now;
	if (band == TXS_BAND_GP && t->cfg.policy == TXS_GP_RATE) {
		__int128 have = tokens_at(t, now);
		const struct item *it = &b->v[b->tail & b->mask];
		assert(have >= gp_need(t));   /* peek said GP may go */
		t->tokens = have - (__int128)wire_bytes(it->len) * 8 * t->cfg.hz;
		t->last = now;
	}
	uint32_t id = b->v[b->tail & b->mask].id;
	b->tail++;
	return id;
}

uint32_t txs_count(const struct txs *t, enum txs_band band)
{
	assert(band == TXS_BAND_RT || band == TXS_BAND_GP);
	return t->b[band].head - t->b[band].tail;
}

uint64_t txs_drops(const struct txs *t, enum txs_band band)
{
	assert(band == TXS_BAND_RT || band == TXS_BAND_GP);
	return t->b[band].drops;
}

uint64_t txs_tokens(const struct txs *t, uint64_t now)
{
	assert(now >= t->now);
	if (t->cfg.policy != TXS_GP_RATE)
		return 0;
	__int128 v = tokens_at(t, now);
	return v <= 0 ? 0 : (uint64_t)(v / ((__int128)8 * t->cfg.hz));
}

const char *txs_policy_name(enum txs_policy p)
{
	switch (p) {
	case TXS_STRICT: return "strict";
	case TXS_GP_RATE: return "gp-rate";
	}
	return "?";
}

int txs_policy_parse(const char *s)
{
	if (strcmp(s, "strict") == 0)
		return TXS_STRICT;
	if (strcmp(s, "gp-rate") == 0)
		return TXS_GP_RATE;
	return -1;
}
