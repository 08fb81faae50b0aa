/* evq.c - the node's event queue, see evq.h.
 *
 * A binary heap of (cycle, order key, slot) entries; the slot holds the
 * callback, its context and argument. Cancellation is lazy, as in ns-3's
 * EventId::Cancel: a cancelled event stays in the heap marked dead and is
 * dropped, uncounted, when it reaches the top; moving is cancel + schedule.
 * This keeps the common path (schedule at a later time, pop the earliest)
 * to a few compares over one array, with no position bookkeeping.
 * A handle is (generation << 32 | slot); the slot's generation is bumped
 * when its event fires or is cancelled, so an old handle is recognised as
 * stale. A slot is reused only once its heap entry has left the heap.
 *
 * The front: an entry earlier than every heap entry may wait outside the
 * heap, in q->front. Most events are scheduled as the next to fire (a
 * frame's DMA, then its interrupt, then the handler: make bench's mix
 * 75% of its 3.9 M events, the 1000 calls 69%, in a heap of 21 entries
 * on average), and such an event goes in and comes out in O(1) instead of
 * sifting to the root and back. Invariant: with a front, front < heap[0]
 * in (cycle, key); the pop takes the front first. Nothing else changes:
 * the same events pop in the same order. */
#include "evq.h"

#include <assert.h>
#include <stdlib.h>

struct ev {
	evq_fn *fn;        /* NULL: fired or cancelled */
	void *ctx;
	uint64_t t;        /* its cycle, for evq_pending and evq_move */
	uint32_t arg;
	uint32_t gen;
	uint8_t cls;
};

/* A heap entry carries its own order key, so a comparison touches only
 * the heap array. */
struct hent {
	uint64_t t;        /* cycle */
	uint64_t key;      /* class << 56 | sequence: the same-cycle order */
	uint32_t slot;
	uint32_t gen;      /* the slot's generation when scheduled */
};

struct evq {
	struct evq_top top;   /* first: evq_next_time() reads it */
	struct ev *ev;     /* slab of event records */
	uint32_t nev, cap;
	uint32_t *freel;   /* free slots */
	uint32_t nfree;
	struct hent *heap;
	uint32_t n;        /* heap entries, dead ones included (not the front) */
	uint32_t live;     /* pending events */
	bool has_front;
	struct hent front; /* with has_front: before every heap entry */
	uint64_t seq;
	uint64_t scheduled;
};

_Static_assert(EC__COUNT < 256, "the class must fit in the key's top byte");
#define SEQ_MASK ((1ull << 56) - 1)

struct evq *evq_create(void)
{
	struct evq *q = calloc(1, sizeof(struct evq));
	if (q)
		q->top.next_t = UINT64_MAX;
	return q;
}

void evq_destroy(struct evq *q)
{
	if (!q)
		return;
	free(q->ev);
	free(q->freel);
	free(q->heap);
	free(q);
}

static inline bool before(const struct hent *x, const struct hent *y)
{
	return x->t < y->t || (x->t == y->t && x->key < y->key);
}

static inline bool dead(const struct evq *q, const struct hent *h)
{
	return q->ev[h->slot].gen != h->gen;
}

/* Inlined, as put() is: a call per pop and per schedule was ~10% of
 * their instructions (make bench's mix: 88 instructions a frame). */
#define HOT static inline __attribute__((always_inline))

/* Sift entry e down from position i (the heap below i is ordered). */
HOT void sift_down(struct evq *q, uint32_t i, struct hent e)
{
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= q->n)
			break;
		if (c + 1 < q->n && before(&q->heap[c + 1], &q->heap[c]))
			c++;
		if (!before(&q->heap[c], &e))
			break;
		q->heap[i] = q->heap[c];
		i = c;
	}
	q->heap[i] = e;
}

/* Remove the heap's top entry; its slot becomes free. */
static void drop_top(struct evq *q)
{
	q->freel[q->nfree++] = q->heap[0].slot;
	struct hent last = q->heap[--q->n];
	if (q->n)
		sift_down(q, 0, last);
}

/* Drop a dead front and dead entries from the heap's top; keep the
 * inline view of the earliest live cycle current. */
static inline void retop(struct evq *q)
{
	if (q->has_front && dead(q, &q->front)) {
		q->freel[q->nfree++] = q->front.slot;
		q->has_front = false;
	}
	while (q->n && dead(q, &q->heap[0]))
		drop_top(q);
	q->top.next_t = q->has_front ? q->front.t : q->n ? q->heap[0].t : UINT64_MAX;
}

static bool grow(struct evq *q)
{
	uint32_t cap = q->cap ? q->cap * 2 : 256;
	struct ev *ev = realloc(q->ev, cap * sizeof *ev);
	if (!ev)
		return false;
	q->ev = ev;
	uint32_t *fl = realloc(q->freel, cap * sizeof *fl);
	if (!fl)
		return false;
	q->freel = fl;
	struct hent *h = realloc(q->heap, cap * sizeof *h);
	if (!h)
		return false;
	q->heap = h;
	q->cap = cap;
	return true;
}

/* Add entry h to the heap (sift up). */
HOT void push(struct evq *q, struct hent h)
{
	uint32_t i = q->n++;
	while (i > 0) {
		uint32_t p = (i - 1) / 2;
		if (!before(&h, &q->heap[p]))
			break;
		q->heap[i] = q->heap[p];
		i = p;
	}
	q->heap[i] = h;
}

/* Put an event in the queue with its order key (a fresh or reserved
 * sequence number). */
HOT evq_handle put(struct evq *q, uint64_t t, enum evq_class cls, evq_fn *fn, void *ctx,
                   uint32_t arg, uint64_t seq)
{
	assert((unsigned)cls < EC__COUNT && fn);
	uint32_t slot;
	if (q->nfree) {
		slot = q->freel[--q->nfree];
	} else {
		if (q->nev == q->cap && !grow(q))
			return 0;
		slot = q->nev++;
		q->ev[slot].gen = 1;
	}
	struct ev *e = &q->ev[slot];
	e->fn = fn;
	e->ctx = ctx;
	e->arg = arg;
	e->t = t;
	e->cls = (uint8_t)cls;
	struct hent h = {t, ((uint64_t)cls << 56) | (seq & SEQ_MASK), slot, e->gen};
	q->live++;
	if (q->has_front ? before(&h, &q->front) : (q->n == 0 || before(&h, &q->heap[0]))) {
		if (q->has_front)
			push(q, q->front);          /* earlier than the heap: its new top */
		q->front = h;                   /* the next to fire: O(1) in and out */
		q->has_front = true;
		q->top.next_t = t;
	} else {
		push(q, h);                     /* later than the front or the top: */
	}                                   /* next_t stays */
	return (uint64_t)e->gen << 32 | slot;
}

evq_handle evq_schedule(struct evq *q, uint64_t t, enum evq_class cls, evq_fn *fn, void *ctx,
                        uint32_t arg)
{
	evq_handle h = put(q, t, cls, fn, ctx, arg, q->seq);
	if (h) {
		q->seq++;
		q->scheduled++;
	}
	return h;
}

uint64_t evq_reserve(struct evq *q)
{
	q->scheduled++;
	return q->seq++;
}

evq_handle evq_schedule_key(struct evq *q, uint64_t t, enum evq_class cls, evq_fn *fn, void *ctx,
                            uint32_t arg, uint64_t key)
{
	assert(key < q->seq);               /* reserved before */
	return put(q, t, cls, fn, ctx, arg, key);
}

/* The slot of a pending event's handle, or UINT32_MAX. */
static uint32_t live_slot(const struct evq *q, evq_handle h)
{
	uint32_t slot = (uint32_t)h, gen = (uint32_t)(h >> 32);
	if (h == 0 || slot >= q->nev || q->ev[slot].gen != gen || !q->ev[slot].fn)
		return UINT32_MAX;
	return slot;
}

/* The event leaves the queue: its handle goes stale. */
static void retire(struct evq *q, uint32_t slot)
{
	struct ev *e = &q->ev[slot];
	e->fn = NULL;
	if (++e->gen == 0)      /* 0 would make handle 0 reachable */
		e->gen = 1;
	q->live--;
}

/* Dead entries leave at the top, but a timer moved later leaves its dead
 * entry where it was, which may be far ahead: GP's call-table timeout,
 * moved as each call starts, left about 1,000 dead entries 60 s ahead in
 * a 2,600-entry heap (make bench's world of 1000 calls). Once the dead
 * are more than a quarter of the live, the heap is rebuilt from its live
 * entries (Floyd's heapify, O(n)): at most one rebuild per n/5
 * cancellations, O(1) each amortised. (With "more than the live, and 16
 * or more", the 1000 calls' heap kept 15 dead timeouts 60 s ahead under
 * its 7 live events for the whole run: 23 entries, a level of sifting
 * more at every pop.) The order of what pops does not change: (cycle,
 * key) is unique among live entries. */
static void compact(struct evq *q)
{
	if (q->n + q->has_front - q->live <= q->live / 4)
		return;
	uint32_t j = 0;
	for (uint32_t i = 0; i < q->n; i++) {
		if (dead(q, &q->heap[i]))
			q->freel[q->nfree++] = q->heap[i].slot;
		else
			q->heap[j++] = q->heap[i];
	}
	q->n = j;
	for (uint32_t i = j / 2; i-- > 0;)
		sift_down(q, i, q->heap[i]);
}

bool evq_cancel(struct evq *q, evq_handle h)
{
	uint32_t slot = live_slot(q, h);
	if (slot == UINT32_MAX)
		return false;
	retire(q, slot);        /* its heap entry is now dead */
	compact(q);
	retop(q);
	return true;
}

evq_handle evq_move(struct evq *q, evq_handle h, uint64_t t)
{
	uint32_t slot = live_slot(q, h);
	if (slot == UINT32_MAX)
		return 0;
	/* cancel and schedule anew: a moved event is ordered as if scheduled
	 * at that moment */
	struct ev e = q->ev[slot];
	retire(q, slot);
	compact(q);
	evq_handle nh = evq_schedule(q, t, (enum evq_class)e.cls, e.fn, e.ctx, e.arg);
	retop(q);
	return nh;
}

bool evq_pending(const struct evq *q, evq_handle h, uint64_t *t)
{
	uint32_t slot = live_slot(q, h);
	if (slot == UINT32_MAX)
		return false;
	if (t)
		*t = q->ev[slot].t;
	return true;
}

bool evq_pop(struct evq *q, uint64_t limit, uint64_t *t, evq_fn **fn, void **ctx, uint32_t *arg)
{
	if ((!q->has_front && q->n == 0) || q->top.next_t > limit)
		return false;                   /* the front or the top: live (retop) */
	bool front = q->has_front;
	uint32_t slot = front ? q->front.slot : q->heap[0].slot;
	struct ev *e = &q->ev[slot];
	*t = q->top.next_t;
	*fn = e->fn;
	*ctx = e->ctx;
	*arg = e->arg;
	retire(q, slot);
	if (front) {
		q->freel[q->nfree++] = slot;
		q->has_front = false;
	} else {
		drop_top(q);
	}
	retop(q);
	return true;
}

size_t evq_size(const struct evq *q) { return q->live; }
uint64_t evq_scheduled(const struct evq *q) { return q->scheduled; }
size_t evq_entries(const struct evq *q) { return q->n + q->has_front; }

/* ---- lanes ---- */

struct lslot {
	uint64_t t, key;
	uint32_t arg;
};

struct evq_lane {
	struct evq *q;
	evq_fn *fn;
	void *ctx;
	uint8_t cls;
	bool last;               /* evq_lane_create_last */
	struct lslot *v;         /* a ring of cap slots, sorted by (t, key) */
	uint32_t head, n, cap;   /* cap: a power of two */
	evq_handle h;            /* the front's event; 0: none */
	evq_fn *pre;             /* evq_periods.prefetch: told the next front's arg */
};

static inline struct lslot *lane_at(struct evq_lane *l, uint32_t i)
{
	return &l->v[(l->head + i) & (l->cap - 1)];
}

static void lane_fire(void *ctx, uint32_t arg);

/* The lane's front goes into the heap with its reserved key. */
static void lane_arm(struct evq_lane *l)
{
	const struct lslot *f = lane_at(l, 0);
	l->h = put(l->q, f->t, (enum evq_class)l->cls, lane_fire, l, 0, f->key);
}

static void lane_fire(void *ctx, uint32_t arg)
{
	(void)arg;
	struct evq_lane *l = ctx;
	assert(l->n > 0);
	uint32_t a = lane_at(l, 0)->arg;
	l->head = (l->head + 1) & (l->cap - 1);
	l->n--;
	l->h = 0;
	if (l->n) {
		lane_arm(l);
		if (l->pre)
			l->pre(l->ctx, lane_at(l, 0)->arg);
	}
	l->fn(l->ctx, a);
}

struct evq_lane *evq_lane_create(struct evq *q, enum evq_class cls, evq_fn *fn, void *ctx)
{
	assert((unsigned)cls < EC__COUNT && fn);
	struct evq_lane *l = calloc(1, sizeof *l);
	if (l) {
		l->q = q;
		l->fn = fn;
		l->ctx = ctx;
		l->cls = (uint8_t)cls;
	}
	return l;
}

struct evq_lane *evq_lane_create_last(struct evq *q, enum evq_class cls, evq_fn *fn, void *ctx)
{
	struct evq_lane *l = evq_lane_create(q, cls, fn, ctx);
	if (l)
		l->last = true;
	return l;
}

void evq_lane_destroy(struct evq_lane *l)
{
	if (!l)
		return;
	free(l->v);
	free(l);
}

static bool lane_grow(struct evq_lane *l)
{
	uint32_t cap = l->cap ? l->cap * 2 : 16;
	struct lslot *v = malloc(cap * sizeof *v);
	if (!v)
		return false;
	for (uint32_t i = 0; i < l->n; i++)   /* unwrapped, from the front */
		v[i] = *lane_at(l, i);
	free(l->v);
	l->v = v;
	l->head = 0;
	l->cap = cap;
	return true;
}

bool evq_lane_add(struct evq_lane *l, uint64_t t, uint32_t arg)
{
	if (l->n == l->cap && !lane_grow(l))
		return false;
	struct evq *q = l->q;
	if (!q->nfree && q->nev == q->cap && !grow(q))
		return false;             /* a slot for the heap entry it may need */
	uint64_t key = evq_reserve(l->q);   /* counted as one evq_schedule() */
	if (l->last)
		key = SEQ_MASK;   /* after every other event of its class and cycle */
	uint32_t i = l->n++;
	while (i > 0 && lane_at(l, i - 1)->t > t) {
		*lane_at(l, i) = *lane_at(l, i - 1);
		i--;
	}
	*lane_at(l, i) = (struct lslot){t, key, arg};
	if (i == 0) {             /* a new front: it replaces the old one's event */
		if (l->h)
			evq_cancel(l->q, l->h);
		lane_arm(l);
	}
	return true;
}

uint32_t evq_lane_size(const struct evq_lane *l) { return l->n; }

uint32_t evq_lane_arg(const struct evq_lane *l, uint32_t i)
{
	assert(i < l->n);
	return l->v[(l->head + i) & (l->cap - 1)].arg;
}

void evq_lane_clear(struct evq_lane *l)
{
	if (l->h)
		evq_cancel(l->q, l->h);
	l->h = 0;
	l->n = 0;
	l->head = 0;
}

struct evq_lane *evq_periods_lane(struct evq_periods *p, struct evq *q, enum evq_class cls,
                                  evq_fn *fn, void *ctx, uint64_t period)
{
	for (uint32_t i = 0; i < p->n; i++)
		if (p->period[i] == period)
			return p->lane[i];
	if (p->n == EVQ_PERIODS || !(p->lane[p->n] = evq_lane_create(q, cls, fn, ctx)))
		return NULL;
	p->lane[p->n]->pre = p->prefetch;
	p->period[p->n] = period;
	return p->lane[p->n++];
}

void evq_periods_destroy(struct evq_periods *p)
{
	for (uint32_t i = 0; i < p->n; i++)
		evq_lane_destroy(p->lane[i]);
	p->n = 0;
}
