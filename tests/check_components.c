/* check_components.c - the engine's components through their own APIs,
 * each against numbers computed by hand: the event queue (order, cancel,
 * move), the CPU (preemption resumes with exactly the remaining cycles;
 * world-switch accounting; why each dispatch interval began; tdma-preempt's
 * budget per frame; split's two records; when the processor next acts), a
 * proxy channel (the notify rule; full -> refused), and the NIC device (DMA
 * and interrupt timing, the moderation packet timer restarting, same-cycle
 * order, the receive wire taken back, the scheduler told of free slots). */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "model/cost.h"
#include "model/frame.h"
#include "src/chan.h"
#include "src/cpu.h"
#include "src/evq.h"
#include "src/fpool.h"
#include "src/ledger.h"
#include "src/nicdev.h"
#include "src/trace.h"

#include "checkrun.h"

/* ---- the event queue ---- */

static char order[64];
static size_t norder;
static void mark(void *ctx, uint32_t arg)
{
	(void)ctx;
	order[norder++] = (char)arg;
}

static void drain(struct evq *q, uint64_t *last)
{
	uint64_t t;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	while (evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg)) {
		if (last)
			*last = t;
		fn(ctx, arg);
	}
}

/* Pop every event without firing it, checking the cycles never go back;
 * how many, and the last cycle in *last. */
static size_t pop_in_order(struct evq *q, uint64_t *last)
{
	uint64_t t, prev = 0;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	size_t n = 0;
	while (evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg)) {
		ck_assert_uint_ge(t, prev);
		prev = t;
		n++;
	}
	if (last)
		*last = prev;
	return n;
}

START_TEST(evq_order_class_then_insertion)
{
	struct evq *q = evq_create();
	norder = 0;
	/* same cycle: class first (TX wire 0 before RX DMA 2 before GEN 7),
	 * then insertion order; an earlier cycle before everything */
	evq_schedule(q, 100, EC_GEN, mark, NULL, 'g');
	evq_schedule(q, 100, EC_RX_DMA, mark, NULL, 'd');
	evq_schedule(q, 100, EC_GEN, mark, NULL, 'h');
	evq_schedule(q, 100, EC_TX_WIRE, mark, NULL, 'w');
	evq_schedule(q, 99, EC_END, mark, NULL, 'e');
	drain(q, NULL);
	order[norder] = 0;
	ck_assert_str_eq(order, "ewdgh");
	evq_destroy(q);
}
END_TEST

/* A reserved key orders its event as if it had been scheduled at the
 * reservation: r is reserved first, scheduled last. At cycle 100: the wire
 * (class 0) first, then the GEN events by key, r (older) before a. Cycle
 * 99 before both. The reservation counts as the scheduling. */
START_TEST(evq_reserved_key)
{
	struct evq *q = evq_create();
	norder = 0;
	uint64_t r = evq_reserve(q);
	evq_schedule(q, 100, EC_GEN, mark, NULL, 'a');
	evq_schedule(q, 100, EC_TX_WIRE, mark, NULL, 'w');
	evq_schedule(q, 99, EC_GEN, mark, NULL, 'b');
	uint64_t r2 = evq_reserve(q);               /* newer than a, w, b */
	ck_assert(evq_schedule_key(q, 100, EC_GEN, mark, NULL, 's', r2) != 0);
	ck_assert(evq_schedule_key(q, 100, EC_GEN, mark, NULL, 'r', r) != 0);
	ck_assert_uint_eq(evq_scheduled(q), 5);
	ck_assert_uint_eq(evq_size(q), 5);
	ck_assert_uint_eq(evq_next_time(q), 99);
	drain(q, NULL);
	order[norder] = 0;
	ck_assert_str_eq(order, "bwras");
	evq_destroy(q);
}
END_TEST

/* Lanes fire as one evq_schedule() each would: the same events, at the
 * same cycles, in the same order, whatever the interleaving with other
 * events and other lanes. Two runs of one pseudo-random script: every
 * fired event schedules 0-2 new ones at now + 0..40 cycles, plain (class
 * at random) or into one of three lanes (two of class GEN, one RX_FRAME);
 * in run A the lane events are plain evq_schedule() calls, in run B they
 * go through lanes. A lane event usually comes later than the lane's
 * last one, but one in four may be earlier (the tail scan and a new
 * front replacing the old one's event). The runs' logs of (cycle, id)
 * must be equal. */
struct lanesim {
	struct evq *q;
	struct evq_lane *lane[3];
	bool lanes;
	uint64_t x, now, last[3];
	uint32_t next_id, nlog;
	uint64_t log[6000];
};

static uint32_t lanesim_rand(struct lanesim *m, uint32_t n)
{
	m->x = m->x * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)((m->x >> 33) % n);
}

static void lanesim_fire(void *ctx, uint32_t id);

static void lanesim_spawn(struct lanesim *m)
{
	static const enum evq_class lcls[3] = {EC_GEN, EC_GEN, EC_RX_FRAME};
	uint32_t k = lanesim_rand(m, 4);
	for (uint32_t j = 0; j < k && m->next_id < 5000; j++) {
		uint32_t id = m->next_id++;
		uint32_t which = lanesim_rand(m, 4);
		if (which == 3) {
			evq_schedule(m->q, m->now + lanesim_rand(m, 41),
			             (enum evq_class)lanesim_rand(m, EC__COUNT), lanesim_fire, m, id);
			continue;
		}
		uint64_t t = lanesim_rand(m, 4) == 0 ? m->now + lanesim_rand(m, 10)
		                                     : m->last[which] + lanesim_rand(m, 30);
		if (t < m->now)
			t = m->now;
		if (t > m->last[which])
			m->last[which] = t;
		if (m->lanes)
			ck_assert(evq_lane_add(m->lane[which], t, id));
		else
			evq_schedule(m->q, t, lcls[which], lanesim_fire, m, id);
	}
}

static void lanesim_fire(void *ctx, uint32_t id)
{
	struct lanesim *m = ctx;
	m->log[m->nlog++] = m->now << 16 | id;
	lanesim_spawn(m);
}

static void lanesim_run(struct lanesim *m, bool lanes)
{
	memset(m, 0, sizeof *m);
	m->q = evq_create();
	m->lanes = lanes;
	m->x = 42;
	static const enum evq_class lcls[3] = {EC_GEN, EC_GEN, EC_RX_FRAME};
	for (int i = 0; i < 3; i++)
		m->lane[i] = evq_lane_create(m->q, lcls[i], lanesim_fire, m);
	for (int i = 0; i < 20; i++)
		lanesim_spawn(m);
	uint64_t t;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	while (evq_pop(m->q, UINT64_MAX, &t, &fn, &ctx, &arg)) {
		ck_assert_uint_ge(t, m->now);
		m->now = t;
		fn(ctx, arg);
		ck_assert_uint_lt(m->nlog, 6000);
	}
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(evq_lane_size(m->lane[i]), 0);
		evq_lane_destroy(m->lane[i]);
	}
	ck_assert_uint_eq(evq_size(m->q), 0);
	evq_destroy(m->q);
}

START_TEST(evq_lanes_fire_as_plain_events)
{
	static struct lanesim a, b;
	lanesim_run(&a, false);
	lanesim_run(&b, true);
	ck_assert_uint_eq(a.next_id, 5000);          /* the script ran to its end */
	ck_assert_uint_eq(a.nlog, 5000);
	ck_assert_uint_eq(b.nlog, a.nlog);
	for (uint32_t i = 0; i < a.nlog; i++)
		ck_assert_uint_eq(b.log[i], a.log[i]);
}
END_TEST

/* A lane made with evq_lane_create_last fires after every other event of
 * its class at its cycle, in the order its events were added, however
 * early they were added; the class order still holds around it (SPEC T2).
 * By hand: d (cycle 5), then at 10 c (class 0), a (class 1, plain, added
 * after x and y), x, y (class 1, the last lane's, in the order added), b
 * (class 2). */
START_TEST(evq_lane_last_comes_last_in_its_class)
{
	struct evq *q = evq_create();
	norder = 0;
	struct evq_lane *l = evq_lane_create_last(q, EC_RX_FRAME, mark, NULL);
	ck_assert(q && l);
	ck_assert(evq_lane_add(l, 10, 'x'));
	ck_assert(evq_lane_add(l, 10, 'y'));
	ck_assert(evq_schedule(q, 10, EC_RX_DMA, mark, NULL, 'b'));
	ck_assert(evq_schedule(q, 10, EC_RX_FRAME, mark, NULL, 'a'));
	ck_assert(evq_schedule(q, 10, EC_TX_WIRE, mark, NULL, 'c'));
	ck_assert(evq_schedule(q, 5, EC_GEN, mark, NULL, 'd'));
	drain(q, NULL);
	order[norder] = 0;
	ck_assert_str_eq(order, "dcaxyb");
	ck_assert_uint_eq(evq_lane_size(l), 0);
	evq_lane_destroy(l);
	evq_destroy(q);
}
END_TEST

START_TEST(evq_cancel_and_move)
{
	struct evq *q = evq_create();
	norder = 0;
	evq_handle a = evq_schedule(q, 10, EC_IRQ_TIMER, mark, NULL, 'a');
	evq_handle b = evq_schedule(q, 20, EC_IRQ_TIMER, mark, NULL, 'b');
	evq_handle c = evq_schedule(q, 30, EC_IRQ_TIMER, mark, NULL, 'c');
	ck_assert(a && b && c && a != b);
	ck_assert(evq_cancel(q, b));
	ck_assert(!evq_cancel(q, b));            /* stale now */
	evq_handle a2 = evq_move(q, a, 40);      /* a goes after c */
	ck_assert(a2 != 0 && a2 != a);
	ck_assert(!evq_pending(q, a, NULL));     /* the old handle is stale */
	a = a2;
	uint64_t t = 0;
	ck_assert(evq_pending(q, a, &t));
	ck_assert_uint_eq(t, 40);
	ck_assert_uint_eq(evq_size(q), 2);
	ck_assert_uint_eq(evq_next_time(q), 30);
	uint64_t last = 0;
	drain(q, &last);
	order[norder] = 0;
	ck_assert_str_eq(order, "ca");
	ck_assert_uint_eq(last, 40);
	ck_assert(!evq_pending(q, a, NULL));     /* fired: stale */
	ck_assert(evq_move(q, a, 50) == 0);
	/* a reused slot does not answer to the old handle */
	evq_handle d = evq_schedule(q, 5, EC_GEN, mark, NULL, 'd');
	ck_assert(d != a && d != c);
	ck_assert(!evq_cancel(q, a));
	ck_assert(!evq_cancel(q, c));
	ck_assert(evq_pending(q, d, NULL));
	/* a moved event is ordered as if scheduled anew at its cycle */
	evq_handle e = evq_schedule(q, 5, EC_GEN, mark, NULL, 'e');
	ck_assert(evq_move(q, d, 5) != 0);
	norder = 0;
	drain(q, NULL);
	order[norder] = 0;
	ck_assert_str_eq(order, "ed");
	(void)e;
	evq_destroy(q);
}
END_TEST

START_TEST(evq_many_stay_ordered)
{
	/* 10000 events at pseudo-random cycles, a third cancelled, a third
	 * moved: what fires is every survivor, in nondecreasing time */
	struct evq *q = evq_create();
	evq_handle h[10000];
	uint64_t x = 12345;
	for (int i = 0; i < 10000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		h[i] = evq_schedule(q, x >> 40, EC_GEN, mark, NULL, 0);
	}
	size_t live = 10000;
	for (int i = 0; i < 10000; i += 3) {
		ck_assert(evq_cancel(q, h[i]));
		live--;
	}
	for (int i = 1; i < 10000; i += 3)
		ck_assert(evq_move(q, h[i], (uint64_t)i * 7) != 0);
	ck_assert_uint_eq(evq_size(q), live);
	ck_assert_uint_eq(pop_in_order(q, NULL), live);
	evq_destroy(q);
}
END_TEST

/* Events that record (class, their number) as they fire. */
struct fired { uint32_t cls, id; };
static struct fired fired[4096];
static size_t nfired;
static void note(void *ctx, uint32_t id)
{
	fired[nfired++] = (struct fired){(uint32_t)(uintptr_t)ctx, id};
}

struct sched_ref { uint64_t t; uint32_t cls, seq, id; bool live; };
static int ref_cmp(const void *a, const void *b)
{
	const struct sched_ref *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

START_TEST(evq_rebuilt_heap_keeps_the_order)
{
	/* 3000 events on 20 cycles (many ties) of three classes; 2400 are
	 * cancelled or moved far ahead and back, so that the dead entries
	 * outnumber the live ones and the heap is rebuilt (evq.c compact)
	 * several times. What fires must be the survivors in the documented
	 * order (doc/engine.md, SPEC T2): cycle, then class, then the order
	 * of scheduling, a move counting as a new scheduling; the expected
	 * order is the survivors sorted by that rule here (qsort). */
	struct evq *q = evq_create();
	static evq_handle h[3000];
	static struct sched_ref ref[3000];
	const enum evq_class cls[3] = {EC_RX_FRAME, EC_IRQ_TIMER, EC_GEN};
	uint32_t seq = 0;
	uint64_t x = 99;
	for (uint32_t i = 0; i < 3000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t c = (uint32_t)(x >> 60) % 3;
		uint64_t t = 1000 + (x >> 33) % 20;
		h[i] = evq_schedule(q, t, cls[c], note, (void *)(uintptr_t)cls[c], i);
		ref[i] = (struct sched_ref){t, cls[c], seq++, i, true};
	}
	for (uint32_t i = 0; i < 3000; i++) {
		if (i % 5 == 4)
			continue;                        /* 600 stay as scheduled */
		if (i % 2 == 0) {                    /* 1200 cancelled */
			ck_assert(evq_cancel(q, h[i]));
			ref[i].live = false;
			continue;
		}
		/* 1200 moved far ahead (a dead entry left behind), then back */
		h[i] = evq_move(q, h[i], 1000000 + i);
		ck_assert(h[i] != 0);
		uint64_t t = 1000 + (i * 7) % 20;
		h[i] = evq_move(q, h[i], t);
		ck_assert(h[i] != 0);
		seq++;                               /* the first move's number */
		ref[i].t = t;
		ref[i].seq = seq++;
	}
	size_t live = 0;
	for (uint32_t i = 0; i < 3000; i++)
		if (ref[i].live)
			ref[live++] = ref[i];
	ck_assert_uint_eq(live, 1800);
	ck_assert_uint_eq(evq_size(q), live);
	qsort(ref, live, sizeof *ref, ref_cmp);
	nfired = 0;
	drain(q, NULL);
	ck_assert_uint_eq(nfired, live);
	for (size_t i = 0; i < live; i++) {
		ck_assert_uint_eq(fired[i].id, ref[i].id);
		ck_assert_uint_eq(fired[i].cls, ref[i].cls);
	}
	ck_assert_uint_eq(evq_scheduled(q), 3000 + 2 * 1200);
	evq_destroy(q);
}
END_TEST

static void nop(void *ctx, uint32_t arg) { (void)ctx; (void)arg; }

START_TEST(evq_moved_timers_leave_no_crowd)
{
	/* make bench's 1000 calls: about 7 events pending, and a call-table
	 * timeout moved 60 s ahead as each call starts. Each move leaves a
	 * dead entry far ahead, which reaches the top only at the end; they
	 * are cleared once more than a quarter of the live (evq.c compact).
	 * Counted by hand: after each move at most 7 + 7 / 4 = 8 entries.
	 * The slots of the cleared entries are reused: a move needs at most
	 * those 8 and one for the new event, so no handle's slot (its low 32
	 * bits) reaches 9. */
	struct evq *q = evq_create();
	for (uint64_t i = 0; i < 6; i++)
		ck_assert(evq_schedule(q, 100 + i, EC_GEN, nop, NULL, 0) != 0);
	evq_handle tmo = evq_schedule(q, 1000000, EC_GEN, nop, NULL, 0);
	for (uint64_t k = 1; k <= 1000; k++) {
		tmo = evq_move(q, tmo, 1000000 + k);
		ck_assert(tmo != 0);
		ck_assert_uint_eq(evq_size(q), 7);
		ck_assert_uint_le(evq_entries(q), 8);
		ck_assert_uint_lt((uint32_t)tmo, 9);
	}
	uint64_t last = 0;
	ck_assert_uint_eq(pop_in_order(q, &last), 7);
	ck_assert_uint_eq(last, 1001000);
	ck_assert_uint_eq(evq_entries(q), 0);
	evq_destroy(q);
}
END_TEST

START_TEST(evq_interleaved_like_a_node)
{
	/* A node schedules as it runs: most events are the next to fire (a
	 * DMA, then its interrupt, then the handler), which evq.c keeps out of
	 * the heap (the front). 100000 operations drawn from a fixed seed,
	 * each step one of: schedule at now + 0..3 (the next to fire, often
	 * in a tie) or now + 0..9999, in one of three classes (3 in 8); cancel
	 * or move a pending event, often the earliest (1 in 8 each); pop one
	 * (3 in 8). Every pop, the queue's next cycle and its size are
	 * checked against a plain list searched for its least (cycle, class,
	 * order of scheduling) element, a move counting as a new scheduling
	 * (doc/engine.md, SPEC T2). */
	enum { N = 512 };
	static struct sched_ref ref[N];
	static evq_handle h[N];
	struct evq *q = evq_create();
	const enum evq_class cls[3] = {EC_RX_DMA, EC_IRQ_TIMER, EC_GEN};
	uint32_t seq = 0, n = 0, fronts = 0;
	uint64_t now = 0, x = 2026;
	for (int step = 0; step < 100000; step++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t r = (uint32_t)(x >> 33);
		uint32_t op = r % 8;
		bool dropped = op == 3 || op == 4;
		int least = -1;                      /* the reference's next */
		for (uint32_t i = 0; i < n; i++)
			if (least < 0 || ref_cmp(&ref[i], &ref[least]) < 0)
				least = (int)i;
		if ((op <= 2 && n < N) || n == 0) {  /* schedule */
			uint64_t t = now + (op <= 1 ? (r >> 8) % 4 : (r >> 8) % 10000);
			uint32_t c = (r >> 20) % 3;
			if (least >= 0 && t < ref[least].t)
				fronts++;
			h[n] = evq_schedule(q, t, cls[c], nop, NULL, 0);
			ck_assert(h[n] != 0);
			ref[n] = (struct sched_ref){t, cls[c], seq++, (uint32_t)step, true};
			n++;
		} else if (op == 3) {                /* cancel: the earliest or any */
			uint32_t i = (r >> 8) % 2 ? (uint32_t)least : (r >> 9) % n;
			ck_assert(evq_cancel(q, h[i]));
			ck_assert(!evq_pending(q, h[i], NULL));
			ref[i] = ref[--n];
			h[i] = h[n];
		} else if (op == 4) {                /* move: the earliest or any */
			uint32_t i = (r >> 8) % 2 ? (uint32_t)least : (r >> 9) % n;
			uint64_t t = now + (r >> 10) % 50;
			h[i] = evq_move(q, h[i], t);
			ck_assert(h[i] != 0);
			ref[i].t = t;
			ref[i].seq = seq++;
		} else {                             /* pop */
			uint64_t t;
			evq_fn *fn;
			void *ctx;
			uint32_t arg;
			ck_assert(evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg));
			ck_assert(fn == nop);
			ck_assert_uint_eq(t, ref[least].t);
			ck_assert(!evq_pending(q, h[least], NULL));   /* it was this one */
			now = t;
			ref[least] = ref[--n];
			h[least] = h[n];
		}
		least = -1;
		for (uint32_t i = 0; i < n; i++)
			if (least < 0 || ref_cmp(&ref[i], &ref[least]) < 0)
				least = (int)i;
		ck_assert_uint_eq(evq_size(q), n);
		ck_assert_uint_eq(evq_next_time(q), least < 0 ? UINT64_MAX : ref[least].t);
		if (dropped)                         /* evq.h: after a cancel or move */
			ck_assert_uint_le(evq_entries(q), n + n / 4);
		for (uint32_t i = 0; i < n; i++) {
			uint64_t t;
			if (i % 61 == (uint32_t)step % 61) {   /* a sample of the handles */
				ck_assert(evq_pending(q, h[i], &t));
				ck_assert_uint_eq(t, ref[i].t);
			}
		}
	}
	ck_assert_uint_gt(fronts, 10000);    /* the front was taken, and often */
	ck_assert_uint_eq(pop_in_order(q, NULL), n);
	ck_assert_uint_eq(evq_entries(q), 0);
	evq_destroy(q);
}
END_TEST

/* evq_lane_clear forgets every waiting event (evq.h): none fires, the lane
 * is empty, and an event added after it fires alone. */
START_TEST(evq_lane_clear_forgets)
{
	struct evq *q = evq_create();
	struct evq_lane *l = evq_lane_create(q, EC_GEN, mark, NULL);
	norder = 0;
	for (uint32_t i = 0; i < 3; i++)          /* a, b, c at 10, 20, 30 */
		ck_assert(evq_lane_add(l, 10 * (i + 1), 'a' + i));
	evq_lane_clear(l);
	ck_assert_uint_eq(evq_lane_size(l), 0);
	ck_assert_uint_eq(evq_size(q), 0);
	ck_assert(evq_lane_add(l, 5, 'd'));
	drain(q, NULL);
	order[norder] = 0;
	ck_assert_str_eq(order, "d");
	evq_lane_destroy(l);
	evq_destroy(q);
}
END_TEST

/* An event popped from the front gives its slot back: scheduled and popped
 * one at a time, every event takes slot 0 (a handle's low 32 bits). */
START_TEST(evq_front_slot_reused)
{
	struct evq *q = evq_create();
	uint64_t t;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	for (uint64_t k = 1; k <= 1000; k++) {
		evq_handle h = evq_schedule(q, k, EC_GEN, nop, NULL, 0);
		ck_assert_uint_eq((uint32_t)h, 0);
		ck_assert(evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg));
		ck_assert_uint_eq(t, k);
	}
	evq_destroy(q);
}
END_TEST

START_TEST(evq_periods_one_lane_each)
{
	/* a lane per period: the same period gives the same lane, a ninth
	 * period none (the caller schedules plain events) */
	struct evq *q = evq_create();
	struct evq_periods p = {0};
	struct evq_lane *l20 = evq_periods_lane(&p, q, EC_GEN, nop, NULL, 20);
	ck_assert_ptr_nonnull(l20);
	ck_assert_ptr_eq(evq_periods_lane(&p, q, EC_GEN, nop, NULL, 20), l20);
	for (uint64_t k = 1; k < EVQ_PERIODS; k++) {
		struct evq_lane *l = evq_periods_lane(&p, q, EC_GEN, nop, NULL, 20 + k);
		ck_assert_ptr_nonnull(l);
		ck_assert_ptr_ne(l, l20);
	}
	ck_assert_ptr_null(evq_periods_lane(&p, q, EC_GEN, nop, NULL, 1000));
	ck_assert_ptr_eq(evq_periods_lane(&p, q, EC_GEN, nop, NULL, 20), l20);
	evq_periods_destroy(&p);
	evq_destroy(q);
}
END_TEST

/* the prefetch hook of a set of lanes is told each lane's next event, as
 * its current one fires, and changes nothing of the order */
static uint32_t pf_seen[16], pf_fired[16];
static int pf_nseen, pf_nfired;
static void pf_hint(void *ctx, uint32_t arg) { (void)ctx; pf_seen[pf_nseen++] = arg; }
static void pf_fire(void *ctx, uint32_t arg) { (void)ctx; pf_fired[pf_nfired++] = arg; }

START_TEST(evq_periods_prefetch_told_the_next)
{
	struct evq *q = evq_create();
	struct evq_periods p = {.prefetch = pf_hint};
	struct evq_lane *a = evq_periods_lane(&p, q, EC_GEN, pf_fire, NULL, 20);
	struct evq_lane *b = evq_periods_lane(&p, q, EC_GEN, pf_fire, NULL, 30);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	evq_lane_add(a, 10, 1);
	evq_lane_add(a, 30, 2);
	evq_lane_add(a, 50, 3);
	evq_lane_add(b, 20, 7);
	evq_lane_add(b, 40, 8);
	pf_nseen = pf_nfired = 0;
	drain(q, NULL);
	/* fired in time order; each fire but a lane's last told that lane's next */
	uint32_t want[] = {1, 7, 2, 8, 3}, seen[] = {2, 8, 3};
	ck_assert_int_eq(pf_nfired, 5);
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(pf_fired[i], want[i]);
	ck_assert_int_eq(pf_nseen, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_uint_eq(pf_seen[i], seen[i]);
	evq_periods_destroy(&p);
	evq_destroy(q);
}
END_TEST

/* ---- the CPU ---- */

struct cpu_rig {
	struct evq *q;
	struct cpu *cpu;
	struct trace tr;
	uint64_t gp_cost, rt_cost;
	bool gp_want, rt_want;
	uint64_t gp_done_at, rt_done_at;
	uint64_t dispatch[4];      /* closed intervals, cycles by who */
	int nswitch;
	struct { uint64_t s, e; enum disp_who who; enum disp_why why; } line[16];
	int nline;                 /* the intervals as dispatch.tsv has them */
};

static void rig_gp_done(void *ctx, uint32_t arg)
{
	(void)arg;
	struct cpu_rig *r = ctx;
	r->gp_done_at = cpu_now(r->cpu);
}
static void rig_rt_done(void *ctx, uint32_t arg)
{
	(void)arg;
	struct cpu_rig *r = ctx;
	r->rt_done_at = cpu_now(r->cpu);
}
static void rig_gp_next(void *ctx)
{
	struct cpu_rig *r = ctx;
	if (r->gp_want) {
		r->gp_want = false;
		cpu_job(r->cpu, T_GP_APP, r->gp_cost, rig_gp_done, r, 0);
	}
}
static void rig_rt_next(void *ctx)
{
	struct cpu_rig *r = ctx;
	if (r->rt_want) {
		r->rt_want = false;
		cpu_job(r->cpu, T_RT_APP, r->rt_cost, rig_rt_done, r, 0);
	}
}
static void rig_wake_rt(void *ctx, uint32_t arg)
{
	(void)arg;
	struct cpu_rig *r = ctx;
	r->rt_want = true;
	cpu_wake(r->cpu, T_RT_APP);
}
static void rig_dispatch(void *ctx, uint64_t s, uint64_t e, enum disp_who who, enum disp_why why)
{
	struct cpu_rig *r = ctx;
	r->dispatch[who] += e - s;
	if (who == WHO_SWITCH)
		r->nswitch++;
	if (r->nline < 16) {
		r->line[r->nline].s = s;
		r->line[r->nline].e = e;
		r->line[r->nline].who = who;
		r->line[r->nline++].why = why;
	}
}
static void nothing(void *ctx) { (void)ctx; }

/* The node's loop, reduced: CPU to the next event, then the event. */
static void rig_run(struct evq *q, struct cpu *cpu)
{
	for (;;) {
		cpu_run(cpu, evq_next_time(q));
		uint64_t t = evq_next_time(q);
		if (t == UINT64_MAX) {
			if (cpu_has_work(cpu))
				continue;
			return;
		}
		if (cpu_now(cpu) < t)
			continue;
		evq_fn *fn;
		void *ctx;
		uint32_t arg;
		evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg);
		fn(ctx, arg);
	}
}

START_TEST(cpu_preempted_job_keeps_its_remaining_cycles)
{
	/* RT is loaded at boot. A GP job of 10000 cycles at 0; RT gets a job of
	 * 1000 at cycle 3000; a world switch costs 2000, not preemptible.
	 * By hand: switch 0-2000, GP 2000-3000 (1000 done, 9000 left), switch
	 * 3000-5000, RT 5000-6000, switch 6000-8000, GP 8000-17000. */
	struct cpu_rig r;
	memset(&r, 0, sizeof r);
	r.q = evq_create();
	struct disp_cfg dc = {DISP_PRIORITY, 0, 0, 2000, 0};
	r.cpu = cpu_create(&dc, r.q, &r.tr);
	trace_on_dispatch(&r.tr, rig_dispatch, &r);
	for (int t = 0; t < T__COUNT; t++)
		cpu_thread(r.cpu, (enum cpu_thread)t, nothing, NULL);
	cpu_thread(r.cpu, T_GP_APP, rig_gp_next, &r);
	cpu_thread(r.cpu, T_RT_APP, rig_rt_next, &r);
	r.gp_cost = 10000;
	r.rt_cost = 1000;
	r.gp_want = true;
	cpu_wake(r.cpu, T_GP_APP);
	ck_assert(!cpu_sleeping(r.cpu, T_GP_APP));
	evq_schedule(r.q, 3000, EC_GEN, rig_wake_rt, &r, 0);
	rig_run(r.q, r.cpu);
	cpu_close(r.cpu);
	ck_assert_uint_eq(r.rt_done_at, 6000);
	ck_assert_uint_eq(r.gp_done_at, 17000);
	ck_assert(cpu_sleeping(r.cpu, T_GP_APP));
	/* accounting: three switches of 2000, RT 1000, GP 10000, no idle */
	ck_assert_int_eq(r.nswitch, 3);
	ck_assert_uint_eq(cpu_cycles(r.cpu, WHO_SWITCH), 6000);
	ck_assert_uint_eq(cpu_cycles(r.cpu, WHO_RT), 1000);
	ck_assert_uint_eq(cpu_cycles(r.cpu, WHO_GP), 10000);
	ck_assert_uint_eq(cpu_cycles(r.cpu, WHO_IDLE), 0);
	for (int w = 0; w < 4; w++)      /* the hook saw the same intervals */
		ck_assert_uint_eq(r.dispatch[w], cpu_cycles(r.cpu, (enum disp_who)w));
	cpu_destroy(r.cpu);
	evq_destroy(r.q);
}
END_TEST

/* The rig's intervals as dispatch.tsv writes them, "start-end who why"
 * joined by '|'. */
static const char *rig_lines(const struct cpu_rig *r)
{
	static char b[512];
	size_t n = 0;
	b[0] = 0;
	for (int i = 0; i < r->nline && n < sizeof b; i++)
		n += (size_t)snprintf(b + n, sizeof b - n, "%s%llu-%llu %s %s", i ? "|" : "",
		                      (unsigned long long)r->line[i].s, (unsigned long long)r->line[i].e,
		                      disp_who_name(r->line[i].who), disp_why_name(r->line[i].why));
	return b;
}

/* A rig with RT and GP application threads under dc (all other threads
 * take nothing). */
static void rig_init(struct cpu_rig *r, const struct disp_cfg *dc)
{
	memset(r, 0, sizeof *r);
	r->q = evq_create();
	r->cpu = cpu_create(dc, r->q, &r->tr);
	trace_on_dispatch(&r->tr, rig_dispatch, r);
	for (int t = 0; t < T__COUNT; t++)
		cpu_thread(r->cpu, (enum cpu_thread)t, nothing, NULL);
	cpu_thread(r->cpu, T_GP_APP, rig_gp_next, r);
	cpu_thread(r->cpu, T_RT_APP, rig_rt_next, r);
}

/* Play a rig under dc: GP's application has a job of gp_cost at 0, RT's
 * one of rt_cost at 0 when rt_now, and again at each of the n cycles
 * rt_at; run to the end and close. The intervals, as rig_lines(). */
static const char *rig_play(struct cpu_rig *r, const struct disp_cfg *dc, uint64_t gp_cost,
                            bool rt_now, uint64_t rt_cost, const uint64_t *rt_at, int n)
{
	rig_init(r, dc);
	r->gp_cost = gp_cost;
	r->rt_cost = rt_cost;
	r->gp_want = true;
	r->rt_want = rt_now;
	cpu_wake(r->cpu, T_GP_APP);
	cpu_wake(r->cpu, T_RT_APP);
	for (int i = 0; i < n; i++)
		evq_schedule(r->q, rt_at[i], EC_GEN, rig_wake_rt, r, 0);
	rig_run(r->q, r->cpu);
	cpu_close(r->cpu);
	return rig_lines(r);
}

static void rig_free(struct cpu_rig *r)
{
	cpu_destroy(r->cpu);
	evq_destroy(r->q);
}

/* Why each interval began (doc/outputs.md, dispatch.tsv).
 *  - priority, world switch 2000: the run of the test above (GP 10000 at
 *    0, RT 1000 at 3000), then RT 1000 more at 20000: a switch to GP
 *    begins because RT has no work (rt-done), one to RT because RT got
 *    work (rt-work); each holder after a switch: switch-done; the CPU
 *    idle after GP's job: gp-done. Nothing is written for the empty
 *    interval before the first switch at 0, nor for the idle tail.
 *  - tdma, frame 10000, RT slice 4000, switch 2000: GP 3000 at 0 waits
 *    idle for its slice (the run's first interval: start); the switch at
 *    4000 is the GP slice's (slice-gp); GP 6000-9000, idle (gp-done); RT
 *    1000 at 9500 waits for the frame's end: the switch at 10000 is the
 *    RT slice's (slice-rt); RT 12000-13000. */
START_TEST(cpu_intervals_say_why)
{
	struct cpu_rig r;
	struct disp_cfg dc = {DISP_PRIORITY, 0, 0, 2000, 0};
	static const uint64_t at[] = {3000, 20000};
	ck_assert_str_eq(rig_play(&r, &dc, 10000, false, 1000, at, 2),
	                 "0-2000 switch rt-done|2000-3000 gp switch-done|"
	                 "3000-5000 switch rt-work|5000-6000 rt switch-done|"
	                 "6000-8000 switch rt-done|8000-17000 gp switch-done|"
	                 "17000-20000 idle gp-done|20000-22000 switch rt-work|"
	                 "22000-23000 rt switch-done");
	rig_free(&r);
	struct disp_cfg tc = {DISP_TDMA, 10000, 4000, 2000, 0};
	static const uint64_t at2[] = {9500};
	ck_assert_str_eq(rig_play(&r, &tc, 3000, false, 1000, at2, 1),
	                 "0-4000 idle start|4000-6000 switch slice-gp|"
	                 "6000-9000 gp switch-done|9000-10000 idle gp-done|"
	                 "10000-12000 switch slice-rt|12000-13000 rt switch-done");
	rig_free(&r);
}
END_TEST

/* split (two processors): an RT job of 1000 at 0, another given by an
 * event at 1000, the instant the first ends; GP's thread a job of 0
 * cycles at 0. RT's holder stops and starts again at 1000: two lines that
 * meet, the second with the reason it resumed (doc/outputs.md); GP's
 * processor is never busy for a cycle: no gp line. */
START_TEST(cpu_split_intervals)
{
	struct cpu_rig r;
	struct disp_cfg dc = {DISP_SPLIT, 0, 0, 0, 0};
	static const uint64_t at[] = {1000};
	ck_assert_str_eq(rig_play(&r, &dc, 0, true, 1000, at, 1),
	                 "0-1000 rt rt-work|1000-2000 rt rt-work");
	ck_assert_uint_eq(r.gp_done_at, 0);
	ck_assert_uint_eq(r.rt_done_at, 2000);
	rig_free(&r);
}
END_TEST

/* cpu_next_act (cpu.h): now when the processor runs something, the slice
 * that takes the ready work when tdma holds it, UINT64_MAX when idle.
 * tdma frame 10000, RT slice 4000, no switch cost: GP's job ready at 0
 * waits for 4000; RT's ready at 0 runs at once. split: a ready job runs
 * now, on its own processor. */
START_TEST(cpu_next_act_when)
{
	struct cpu_rig r;
	struct disp_cfg tc = {DISP_TDMA, 10000, 4000, 0, 0};
	rig_init(&r, &tc);
	ck_assert_uint_eq(cpu_next_act(r.cpu), UINT64_MAX);
	r.gp_cost = 3000;
	r.gp_want = true;
	cpu_wake(r.cpu, T_GP_APP);
	ck_assert_uint_eq(cpu_next_act(r.cpu), 4000);
	r.rt_cost = 1000;
	r.rt_want = true;
	cpu_wake(r.cpu, T_RT_APP);
	ck_assert_uint_eq(cpu_next_act(r.cpu), 0);
	rig_free(&r);
	struct disp_cfg sc = {DISP_SPLIT, 0, 0, 0, 0};
	rig_init(&r, &sc);
	cpu_set_now(r.cpu, 500);
	ck_assert_uint_eq(cpu_next_act(r.cpu), UINT64_MAX);
	r.gp_cost = 3000;
	r.gp_want = true;
	cpu_wake(r.cpu, T_GP_APP);
	ck_assert_uint_eq(cpu_next_act(r.cpu), 500);
	rig_free(&r);
}
END_TEST

/* RT's input thread, given job k (in_cost[k]) once event k released it. */
struct in_rig {
	struct cpu_rig r;
	uint64_t cost[8], done[8];
	uint32_t released, next;
};
static void in_done(void *ctx, uint32_t k)
{
	struct in_rig *x = ctx;
	x->done[k] = cpu_now(x->r.cpu);
}
static void in_next(void *ctx)
{
	struct in_rig *x = ctx;
	if (x->next < x->released) {
		cpu_job(x->r.cpu, T_RT_INPUT, x->cost[x->next], in_done, x, x->next);
		x->next++;
	}
}
static void in_release(void *ctx, uint32_t arg)
{
	(void)arg;
	struct in_rig *x = ctx;
	x->released++;
	cpu_wake(x->r.cpu, T_RT_INPUT);
}

/* tdma-preempt (engine.md, "The CPU"): the input thread borrows GP's
 * slice within dispatcher.preempt_budget of RT run time per TDMA frame.
 * Frame 10000, RT slice 4000, budget 3000, no switch (GP idle, RT stays
 * loaded). Jobs of the input thread, by hand:
 *   J1 500 at 4000 (the GP slice's first cycle): 4000-4500; 500 borrowed
 *   J2 2000 at 5000, an event at 6000 between: 5000-7000; 2500 borrowed
 *   J3 1000 at 8000: 500 left, 8000-8500; the other 500 in RT's slice,
 *      10000-10500; the frame's 3000 spent
 *   J4 1000 at 15000 (next frame, a new budget): 15000-16000
 *   J5 2500 at 17000: 2000 left, 17000-19000; the rest 20000-20500. */
START_TEST(cpu_borrowed_budget_per_frame)
{
	static const uint64_t at[] = {4000, 5000, 8000, 15000, 17000};
	static const uint64_t cost[] = {500, 2000, 1000, 1000, 2500};
	static const uint64_t want[] = {4500, 7000, 10500, 16000, 20500};
	struct in_rig x;
	memset(&x, 0, sizeof x);
	struct disp_cfg dc = {DISP_TDMA_PREEMPT, 10000, 4000, 0, 3000};
	rig_init(&x.r, &dc);
	cpu_thread(x.r.cpu, T_RT_INPUT, in_next, &x);
	for (int k = 0; k < 5; k++) {
		x.cost[k] = cost[k];
		evq_schedule(x.r.q, at[k], EC_GEN, in_release, &x, 0);
	}
	evq_schedule(x.r.q, 6000, EC_GEN, nop, NULL, 0);
	rig_run(x.r.q, x.r.cpu);
	for (int k = 0; k < 5; k++)
		ck_assert_msg(x.done[k] == want[k], "J%d ended at %llu, not %llu", k + 1,
		              (unsigned long long)x.done[k], (unsigned long long)want[k]);
	ck_assert_uint_eq(cpu_cycles(x.r.cpu, WHO_SWITCH), 0);
	rig_free(&x.r);
}
END_TEST

START_TEST(cpu_paused_at_a_horizon_resumes_exactly)
{
	/* Running to arbitrary horizons splits nothing: the same job ends at
	 * the same cycle as when run straight through (9000 cycles, RT, no
	 * switch needed since RT is loaded at boot). */
	struct cpu_rig r;
	memset(&r, 0, sizeof r);
	r.q = evq_create();
	struct disp_cfg dc = {DISP_PRIORITY, 0, 0, 2000, 0};
	r.cpu = cpu_create(&dc, r.q, &r.tr);
	for (int t = 0; t < T__COUNT; t++)
		cpu_thread(r.cpu, (enum cpu_thread)t, nothing, NULL);
	cpu_thread(r.cpu, T_RT_APP, rig_rt_next, &r);
	r.rt_cost = 9000;
	r.rt_want = true;
	cpu_wake(r.cpu, T_RT_APP);
	for (uint64_t h = 1234; h < 20000 && !r.rt_done_at; h += 1234)
		cpu_run(r.cpu, h);
	ck_assert_uint_eq(r.rt_done_at, 9000);
	ck_assert_uint_eq(cpu_cycles(r.cpu, WHO_SWITCH), 0);
	cpu_destroy(r.cpu);
	evq_destroy(r.q);
}
END_TEST

/* ---- a proxy channel ---- */

/* A CPU under policy pol whose threads all take nothing (tr: its hooks,
 * none subscribed). */
static struct cpu *idle_cpu(enum disp_policy pol, struct evq *q, struct trace *tr)
{
	memset(tr, 0, sizeof *tr);
	struct disp_cfg dc = {pol, 0, 0, 0, 0};
	struct cpu *cpu = cpu_create(&dc, q, tr);
	for (int t = 0; t < T__COUNT; t++)
		cpu_thread(cpu, (enum cpu_thread)t, nothing, NULL);
	return cpu;
}

START_TEST(chan_notify_rule_and_full)
{
	struct evq *q = evq_create();
	struct trace tr;
	struct cpu *cpu = idle_cpu(DISP_PRIORITY, q, &tr);
	struct cpu_rig r;
	memset(&r, 0, sizeof r);
	r.cpu = cpu;
	/* consumer: GP's proxy RX, which takes nothing (stays asleep) until
	 * told to take a job */
	cpu_thread(cpu, T_GP_APP, rig_gp_next, &r);
	struct chan_cfg cc = {2, 300, 250, 2000, T_GP_APP, -1, NULL, NULL, NULL, NULL, NULL};
	struct chan *ch = chan_create(&cc, cpu);
	ck_assert_ptr_nonnull(ch);
	/* X2 by hand: 300 + ceil(1000 * 0.25) = 550; asleep and empty: + 2000 */
	ck_assert_uint_eq(chan_put_cost(ch, 1000), 2550);
	ck_assert_uint_eq(chan_put_cost(ch, 1001), 300 + 251 + 2000);
	ck_assert(chan_push(ch, 7, 1000));
	/* not empty any more: the consumer will look anyway, no notification */
	ck_assert_uint_eq(chan_put_cost(ch, 1000), 550);
	uint32_t id;
	ck_assert(chan_pop(ch, &id));
	ck_assert_uint_eq(id, 7);
	/* empty but the consumer is awake (has a job): no notification */
	r.gp_want = true;
	r.gp_cost = 100;
	cpu_wake(cpu, T_GP_APP);
	ck_assert(!cpu_sleeping(cpu, T_GP_APP));
	ck_assert_uint_eq(chan_put_cost(ch, 1000), 550);
	/* full: refused, nothing blocks */
	ck_assert(chan_push(ch, 1, 60));
	ck_assert(chan_push(ch, 2, 60));
	ck_assert(chan_full(ch));
	ck_assert(!chan_push(ch, 3, 60));
	ck_assert_uint_eq(chan_high_water(ch), 2);
	chan_destroy(ch);
	cpu_destroy(cpu);
	evq_destroy(q);
}
END_TEST

/* Across a bus (dispatcher.policy split): bus.channel_latency 1 us = 3000
 * cycles, bus.channel_per_byte 8000 ps (1 Gbit/s) = 24 cycles a byte at
 * 3 GHz. By hand: a 100-byte message pushed at cycle 0 crosses in 2400
 * cycles, arrives at 2400 + 3000 = 5400; a 50-byte one pushed at 1000
 * waits for the bus until 2400, crosses in 1200 (to 3600), arrives at
 * 6600. Before its arrival a message cannot be taken, and holds its slot. */
/* The default costs with a bus of 1 us latency (1000000 ps) at 8000 ps a
 * byte (1 Gbit/s). */
static void bus_costs(struct costs *c)
{
	cost_defaults(c);
	c->v[C_BUS_CHAN_LATENCY] = 1000000;
	c->v[C_BUS_CHAN_PER_BYTE] = 8000;
}

struct bus_rig { struct chan *ch; struct cpu *cpu; uint64_t at[4]; uint32_t id[4]; int n; };
static void bus_next(void *ctx)
{
	struct bus_rig *b = ctx;
	uint32_t id;
	while (b->n < 4 && chan_pop(b->ch, &id)) {
		b->at[b->n] = cpu_now(b->cpu);
		b->id[b->n++] = id;
	}
}

START_TEST(chan_across_a_bus)
{
	struct evq *q = evq_create();
	struct trace tr;
	struct cpu *cpu = idle_cpu(DISP_SPLIT, q, &tr);
	struct costs c;
	bus_costs(&c);
	struct chan_cfg cc = {2, 300, 250, 2000, T_GP_PROXY_RX, -1, &c, q, NULL, NULL, NULL};
	struct bus_rig b;
	memset(&b, 0, sizeof b);
	b.ch = chan_create(&cc, cpu);
	b.cpu = cpu;
	ck_assert_ptr_nonnull(b.ch);
	cpu_thread(cpu, T_GP_PROXY_RX, bus_next, &b);
	ck_assert(chan_push(b.ch, 7, 100));
	ck_assert_int_eq(b.n, 0);                 /* on the bus: not taken */
	cpu_set_now(cpu, 1000);
	ck_assert(chan_push(b.ch, 8, 50));
	ck_assert(chan_full(b.ch));               /* both hold their slots */
	ck_assert(!chan_push(b.ch, 9, 50));
	uint32_t id;
	ck_assert(!chan_pop(b.ch, &id));
	uint64_t t;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	while (evq_pop(q, UINT64_MAX, &t, &fn, &ctx, &arg)) {
		cpu_set_now(cpu, t);
		fn(ctx, arg);
	}
	ck_assert_int_eq(b.n, 2);
	ck_assert_uint_eq(b.id[0], 7);
	ck_assert_uint_eq(b.at[0], 5400);
	ck_assert_uint_eq(b.id[1], 8);
	ck_assert_uint_eq(b.at[1], 6600);
	chan_destroy(b.ch);
	cpu_destroy(cpu);
	evq_destroy(q);
}
END_TEST

/* The two channels of one direction share its bus, and a remote bus
 * (a world's SimGrid link) is told each message and holds the node. Same
 * costs as above, by hand: channel 2 (data in) puts 100 bytes at cycle
 * 0: starts at 0, arrives at 2400 + 3000 = 5400; channel 3 (control),
 * the same direction, puts 50 bytes at 1000: starts when the 100 bytes
 * have crossed, at 2400, arrives at 2400 + 1200 + 3000 = 6600 (on its
 * own bus it would have started at 1000). Until the world delivers it, a
 * message's arrival holds the node, and an event at the cycle before it
 * stops the CPU there. */
struct remote_rig { uint64_t start[2], at[2]; uint32_t len[2]; const struct chan *ch[2]; int n; };
static void remote_out(void *ctx, const struct chan *ch, uint32_t len, uint64_t start, uint64_t at)
{
	struct remote_rig *r = ctx;
	r->ch[r->n] = ch;
	r->len[r->n] = len;
	r->start[r->n] = start;
	r->at[r->n++] = at;
}

START_TEST(chan_direction_shared_and_remote)
{
	struct evq *q = evq_create();
	struct trace tr;
	struct cpu *cpu = idle_cpu(DISP_SPLIT, q, &tr);
	struct costs c;
	bus_costs(&c);
	uint64_t to_rt = 0;
	struct remote_rig r;
	memset(&r, 0, sizeof r);
	struct chan_cfg c2 = {4, 300, 250, 2000, T_RT_PROXY_TX, -1, &c, q, &to_rt, remote_out, &r};
	struct chan_cfg c3 = {4, 300, 250, 2000, T_RT_CTRL, -1, &c, q, &to_rt, remote_out, &r};
	struct chan *data_in = chan_create(&c2, cpu), *control = chan_create(&c3, cpu);
	ck_assert(data_in && control);
	ck_assert_uint_eq(chan_bus_hold(data_in), UINT64_MAX);
	ck_assert(chan_push(data_in, 1, 100));
	cpu_set_now(cpu, 1000);
	ck_assert(chan_push(control, 2, 50));
	ck_assert_int_eq(r.n, 2);
	ck_assert(r.ch[0] == data_in && r.len[0] == 100 && r.start[0] == 0 && r.at[0] == 5400);
	ck_assert(r.ch[1] == control && r.len[1] == 50 && r.start[1] == 2400 && r.at[1] == 6600);
	ck_assert_uint_eq(to_rt, 3600);            /* the direction is busy until then */
	ck_assert_uint_eq(chan_bus_hold(data_in), 5400);
	ck_assert_uint_eq(chan_bus_hold(control), 6600);
	ck_assert_uint_eq(evq_next_time(q), 5399); /* the hold */
	chan_bus_arrive(data_in);
	ck_assert_uint_eq(chan_bus_hold(data_in), UINT64_MAX);
	ck_assert_uint_eq(chan_bus_hold(control), 6600);
	cpu_set_now(cpu, 5400);
	uint32_t id;
	ck_assert(chan_pop(data_in, &id));
	ck_assert_uint_eq(id, 1);
	chan_destroy(data_in);
	chan_destroy(control);
	cpu_destroy(cpu);
	evq_destroy(q);
}
END_TEST

/* A bus with a latency and no per-byte time is still a bus (chan.h: only
 * 0 latency and 0 per byte is shared memory): a message pushed at 0 is
 * taken at 3000 (1 us), not before. And a remote bus holds the node at the
 * oldest message not yet delivered: with the costs above, 100 bytes at 0
 * arrive at 5400 and 50 bytes at 1000 at 6600; once the world has
 * delivered the first, the hold is the second's 6600. */
/* A split processor's CPU and queue, with bus_costs(). */
struct bus_env { struct evq *q; struct trace tr; struct cpu *cpu; struct costs c; };
static void bus_env_init(struct bus_env *e)
{
	e->q = evq_create();
	e->cpu = idle_cpu(DISP_SPLIT, e->q, &e->tr);
	bus_costs(&e->c);
}
static void bus_env_free(struct bus_env *e, struct chan *ch)
{
	chan_destroy(ch);
	cpu_destroy(e->cpu);
	evq_destroy(e->q);
}

START_TEST(chan_bus_latency_alone_and_hold)
{
	struct bus_env e;
	bus_env_init(&e);
	e.c.v[C_BUS_CHAN_PER_BYTE] = 0;
	struct chan_cfg cc = {2, 300, 250, 2000, T_GP_PROXY_RX, -1, &e.c, e.q, NULL, NULL, NULL};
	struct chan *ch = chan_create(&cc, e.cpu);
	ck_assert_ptr_nonnull(ch);
	ck_assert(chan_push(ch, 7, 100));
	uint32_t id;
	cpu_set_now(e.cpu, 2999);
	ck_assert(!chan_pop(ch, &id));
	cpu_set_now(e.cpu, 3000);
	ck_assert(chan_pop(ch, &id));
	ck_assert_uint_eq(id, 7);
	bus_env_free(&e, ch);
	bus_env_init(&e);
	struct remote_rig r;
	memset(&r, 0, sizeof r);
	struct chan_cfg rc = {4, 300, 250, 2000, T_RT_PROXY_TX, -1, &e.c, e.q, NULL, remote_out, &r};
	ch = chan_create(&rc, e.cpu);
	ck_assert(chan_push(ch, 1, 100));
	cpu_set_now(e.cpu, 1000);
	ck_assert(chan_push(ch, 2, 50));
	ck_assert_uint_eq(chan_bus_hold(ch), 5400);
	chan_bus_arrive(ch);
	ck_assert_uint_eq(chan_bus_hold(ch), 6600);
	cpu_set_now(e.cpu, 5400);
	ck_assert(chan_pop(ch, &id));
	ck_assert_uint_eq(id, 1);
	ck_assert_uint_eq(chan_bus_hold(ch), 6600);
	bus_env_free(&e, ch);
}
END_TEST

/* ---- the NIC device ---- */

struct nic_rig {
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct trace tr;
	struct costs c;
	struct nicdev *nd;
	uint64_t dma_at[4], irq_at[4];
	int ndma, nirq;
	uint64_t raise_at[4], wire_at[4];
	char raise_why[4][8];
	int nraise, nwire;
	char seq[32];              /* the stages in the order seen: d r i w */
	int nseq;
	int spaces;                /* tx_space callbacks */
};

static void nic_stage(void *ctx, const struct trace_stage *s)
{
	struct nic_rig *r = ctx;
	if (!strcmp(s->stage, "dma") && r->ndma < 4)
		r->dma_at[r->ndma++] = s->t;
	if (!strcmp(s->stage, "irq") && r->nirq < 4)
		r->irq_at[r->nirq++] = s->t;
	if (!strcmp(s->stage, "irq-raise") && r->nraise < 4) {
		snprintf(r->raise_why[r->nraise], sizeof r->raise_why[0], "%s",
		         s->detail ? s->detail : "");
		r->raise_at[r->nraise++] = s->t;
	}
	if (!strcmp(s->stage, "wire-out") && r->nwire < 4)
		r->wire_at[r->nwire++] = s->t;
	static const char *const named[] = {"dma", "irq-raise", "irq", "wire-out"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(s->stage, named[i]) && r->nseq < (int)sizeof r->seq - 1)
			r->seq[r->nseq++] = "driw"[i];
}

static void nic_rig_init_tx(struct nic_rig *r, uint64_t rx_delay_cyc, uint64_t tidv_cyc,
                            uint64_t tadv_cyc)
{
	memset(r, 0, sizeof *r);
	cost_defaults(&r->c);
	r->c.v[C_BUS_IRQ_LATENCY] = 1000000;     /* 1 us = 3000 cycles at 3 GHz */
	r->q = evq_create();
	struct disp_cfg dc = {DISP_PRIORITY, 0, 0, 0, 0};
	r->cpu = cpu_create(&dc, r->q, &r->tr);
	for (int t = 0; t < T__COUNT; t++)
		cpu_thread(r->cpu, (enum cpu_thread)t, nothing, NULL);
	r->pool = fpool_create();
	r->ledger = ledger_create(r->pool, &r->tr);
	trace_on_stage(&r->tr, nic_stage, r);
	struct nic_cfg nc = {{2, 0, 0, 0, 0, 1}, false, true, true, 1500, 8, 8, 0, rx_delay_cyc, 0,
	                     tidv_cyc, tadv_cyc};
	struct nicdev_deps d = {r->q, r->cpu, r->pool, r->ledger, &r->tr, &r->c};
	char err[128];
	r->nd = nicdev_create(&nc, &d, err, sizeof err);
	ck_assert_msg(r->nd != NULL, "%s", err);
}

static void nic_rig_init(struct nic_rig *r, uint64_t rx_delay_cyc)
{
	nic_rig_init_tx(r, rx_delay_cyc, 0, 0);
}

static void nic_rig_free(struct nic_rig *r)
{
	nicdev_destroy(r->nd);
	ledger_destroy(r->ledger);
	fpool_destroy(r->pool);
	cpu_destroy(r->cpu);
	evq_destroy(r->q);
}

/* Hand a 202-byte UDP frame to the device at cycle t. */
static void nic_rx_at(struct nic_rig *r, uint64_t t, uint64_t index)
{
	static const uint8_t host[6] = {2, 0, 0, 0, 0, 1}, peer[6] = {2, 0, 0, 0, 0, 2};
	static const uint8_t hip[16] = {10, 0, 0, 1}, pip[16] = {10, 0, 0, 2};
	uint8_t b[256];
	size_t len = frame_build_udp(b, sizeof b, host, peer, false, pip, hip, 40000, 5004, NULL, 160, 1);
	ck_assert_uint_eq(len, 202);
	struct frame_info fi;
	frame_parse(b, (uint32_t)len, (uint32_t)len, &fi);
	cpu_set_now(r->cpu, t);
	ck_assert_int_eq(nicdev_rx(r->nd, index, b, (uint32_t)len, (uint32_t)len, &fi), 0);
}

/* Post a 202-byte RT frame on the TX ring at cycle t. */
static void nic_tx_at(struct nic_rig *r, uint64_t t)
{
	uint32_t id;
	cpu_set_now(r->cpu, t);
	ck_assert_int_eq(ledger_tx_new(r->ledger, true, TX_APP, 202, t, &id), 0);
	struct fr *f = fpool_at(r->pool, id);
	f->caplen = f->wirelen = 202;
	nicdev_tx_post(r->nd, id);
}

static void nic_run_to(struct nic_rig *r, uint64_t limit)
{
	uint64_t t;
	evq_fn *fn;
	void *ctx;
	uint32_t arg;
	while (evq_pop(r->q, limit, &t, &fn, &ctx, &arg)) {
		cpu_set_now(r->cpu, t);
		fn(ctx, arg);
	}
}

START_TEST(nicdev_dma_and_interrupt_timing)
{
	/* Moderation off. By hand: DMA of 202 bytes = 527 ns + 202 x 0.3 ns =
	 * 587.6 ns = 1762.8 -> 1763 cycles; the interrupt is raised when the
	 * DMA completes and taken 3000 cycles (1 us of bus latency) later. */
	struct nic_rig r;
	nic_rig_init(&r, 0);
	nic_rx_at(&r, 1000, 1);
	uint32_t id;
	ck_assert(!nicdev_rx_peek(r.nd, &id));   /* DMA not done: invisible */
	nic_run_to(&r, UINT64_MAX);
	ck_assert_int_eq(r.ndma, 1);
	ck_assert_uint_eq(r.dma_at[0], 1000 + 1763);
	ck_assert_int_eq(r.nirq, 1);
	ck_assert_uint_eq(r.irq_at[0], 1000 + 1763 + 3000);
	ck_assert(nicdev_rx_peek(r.nd, &id));
	ck_assert(nicdev_irq_pending(r.nd));      /* pending until the handler starts ... */
	ck_assert_uint_eq(nicdev_irq_ack(r.nd), 0);   /* (no TX descriptor to clean) */
	ck_assert(!nicdev_irq_pending(r.nd));     /* ... and acknowledged */
	/* a second frame arriving during the first one's DMA waits for the
	 * engine: its DMA ends one DMA time after the first's. Each DMA
	 * raises an interrupt (moderation off), taken at 14763 and 16526;
	 * no handler has started in between: the second is merged. */
	nic_rx_at(&r, 10000, 2);
	nic_rx_at(&r, 10100, 3);
	nic_run_to(&r, UINT64_MAX);
	ck_assert_int_eq(r.ndma, 3);
	ck_assert_uint_eq(r.dma_at[1], 10000 + 1763);
	ck_assert_uint_eq(r.dma_at[2], 10000 + 2 * 1763);
	ck_assert_int_eq(r.nirq, 3);
	ck_assert_uint_eq(r.irq_at[2], 10000 + 2 * 1763 + 3000);
	struct nicdev_stats s;
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.rx_ring_high, 3);
	ck_assert_uint_eq(s.irq_raised, 3);
	ck_assert_uint_eq(s.irq_merged, 1);
	ck_assert(nicdev_irq_pending(r.nd));
	nicdev_irq_ack(r.nd);
	ck_assert(!nicdev_irq_pending(r.nd));
	nic_rig_free(&r);
}
END_TEST

/* A rig with RDTR rx_delay: frame 1 in at 0, frame 2 at t2, run out. */
static void nic_two_frames(struct nic_rig *r, uint64_t rx_delay, uint64_t t2)
{
	nic_rig_init(r, rx_delay);
	nic_rx_at(r, 0, 1);
	nic_run_to(r, t2);
	nic_rx_at(r, t2, 2);
	nic_run_to(r, UINT64_MAX);
}

START_TEST(nicdev_packet_timer_restarts)
{
	/* RDTR 10000 cycles: frame 1's DMA ends at 1763, frame 2's at
	 * 5000 + 1763 = 6763; the packet timer restarts with frame 2, so the
	 * one interrupt is raised at 6763 + 10000 = 16763 and taken 3000
	 * later: 19763. Frame 1's timer (due 11763) does not fire. */
	struct nic_rig r;
	nic_two_frames(&r, 10000, 5000);
	ck_assert_int_eq(r.ndma, 2);
	ck_assert_uint_eq(r.dma_at[1], 6763);
	ck_assert_int_eq(r.nirq, 1);
	ck_assert_uint_eq(r.irq_at[0], 19763);
	struct nicdev_stats s;
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.irq_raised, 1);
	nic_rig_free(&r);
}
END_TEST

/* TX completion (issue 16 item 4). A 202-byte frame posted at cycle p:
 * DMA 1763 cycles (as above), then on the idle wire to its FCS's last bit:
 * (8 + 202 + 4) B x 8 = 1712 bits x 3 cycles (1 Gbit/s at 3 GHz) = 5136:
 * written back at p + 1763 + 5136 = p + 6899. TIDV 10000 cycles, TADV
 * 25000, bus latency 3000.
 *   A posted at 0:     written back 6899   TIDV due 16899, TADV due 31899
 *   B posted at 9000:  written back 15899  TIDV restarts: due 25899
 *   C posted at 18000: written back 24899  TIDV 34899, TADV 31899 first
 * One interrupt, TX cause alone, raised at 31899 and taken at 34899; no
 * slot is free again before the handler cleans the three descriptors. */
/* Exactly one interrupt: raised at `at` with these causes, taken 3000
 * cycles (the bus latency) later. */
static void one_irq(const struct nic_rig *r, uint64_t at, const char *why)
{
	ck_assert_int_eq(r->nraise, 1);
	ck_assert_uint_eq(r->raise_at[0], at);
	ck_assert_str_eq(r->raise_why[0], why);
	ck_assert_int_eq(r->nirq, 1);
	ck_assert_uint_eq(r->irq_at[0], at + 3000);
}

/* Frames B and C of the test below, then everything runs out. */
static void nic_tx_bc(struct nic_rig *r)
{
	nic_tx_at(r, 9000);
	nic_run_to(r, 18000);
	nic_tx_at(r, 18000);
	nic_run_to(r, UINT64_MAX);
}

START_TEST(nicdev_tx_tidv_tadv)
{
	struct nic_rig r;
	nic_rig_init_tx(&r, 0, 10000, 25000);
	nic_tx_at(&r, 0);
	nic_run_to(&r, 9000);
	ck_assert_int_eq(r.nwire, 1);
	ck_assert_uint_eq(r.wire_at[0], 6899);
	ck_assert(nicdev_tx_idle(r.nd));              /* written back: the NIC is done */
	ck_assert_uint_eq(nicdev_tx_room(r.nd), 7);   /* but the slot is not cleaned */
	ck_assert_uint_eq(nicdev_tx_written(r.nd), 1);
	nic_tx_bc(&r);
	ck_assert_int_eq(r.nwire, 3);
	ck_assert_uint_eq(r.wire_at[1], 15899);
	ck_assert_uint_eq(r.wire_at[2], 24899);
	one_irq(&r, 31899, "tx");
	ck_assert_uint_eq(nicdev_tx_room(r.nd), 5);
	ck_assert(nicdev_irq_pending(r.nd));
	ck_assert_uint_eq(nicdev_irq_ack(r.nd), 3);   /* the handler takes all three */
	ck_assert_uint_eq(nicdev_tx_written(r.nd), 3);
	nicdev_tx_clean(r.nd, 3);
	ck_assert_uint_eq(nicdev_tx_room(r.nd), 8);
	ck_assert_uint_eq(nicdev_tx_written(r.nd), 0);
	/* TIDV alone (TADV 0): C's restart holds: 24899 + 10000 = 34899 */
	nic_rig_free(&r);
	nic_rig_init_tx(&r, 0, 10000, 0);
	nic_tx_at(&r, 0);
	nic_run_to(&r, 9000);
	nic_tx_bc(&r);
	one_irq(&r, 34899, "tx");
	nic_rig_free(&r);
}
END_TEST

/* RX and TX causes pending together make one interrupt. RDTR 10000, TIDV
 * 10000. An RX frame at 0: DMA done 1763, RX due 11763. A TX frame posted
 * at 0 (its own DMA engine): written back 6899, TX due 16899. At 11763 the
 * interrupt reports both causes ("rx+tx"), taken at 14763; TX's timer
 * stops with it: no second interrupt. With TIDV 0 the TX cause is due at
 * once: the interrupt is raised at 6899 and reports the RX cause pending
 * since 1763 as well: again one interrupt, "rx+tx", and none at 11763. */
START_TEST(nicdev_rx_tx_causes_merge)
{
	struct nic_rig r;
	nic_rig_init_tx(&r, 10000, 10000, 0);
	nic_rx_at(&r, 0, 1);
	nic_tx_at(&r, 0);
	nic_run_to(&r, UINT64_MAX);
	ck_assert_uint_eq(r.wire_at[0], 6899);
	one_irq(&r, 11763, "rx+tx");
	struct nicdev_stats s;
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.irq_raised, 1);
	nic_rig_free(&r);
	nic_rig_init_tx(&r, 10000, 0, 25000);
	nic_rx_at(&r, 0, 1);
	nic_tx_at(&r, 0);
	nic_run_to(&r, UINT64_MAX);
	one_irq(&r, 6899, "rx+tx");
	nic_rig_free(&r);
}
END_TEST

/* Same-cycle order (engine.md, SPEC T2: RX DMA done 2, interrupt timer 3,
 * interrupt taken 4), whatever order the events were scheduled in.
 *  - RDTR 10000: frame 1's DMA ends at 1763, its timer is due at 11763;
 *    frame 2, in at 10000, ends its DMA at 11763 too. The DMA goes first
 *    and restarts the packet timer: one interrupt, raised at 21763, taken
 *    at 24763 (not one at 11763 and another at 21763).
 *  - moderation off: frame 1's interrupt is raised at 1763 and taken at
 *    4763; frame 2, in at 3000, ends its DMA at 4763: its DMA, then its
 *    raise (the timer), then frame 1's take; frame 2's take at 7763. */
START_TEST(nicdev_same_cycle_order)
{
	struct nic_rig r;
	nic_two_frames(&r, 10000, 10000);
	ck_assert_uint_eq(r.dma_at[1], 11763);
	one_irq(&r, 21763, "rx");
	ck_assert_str_eq(r.seq, "ddri");
	nic_rig_free(&r);
	nic_two_frames(&r, 0, 3000);
	ck_assert_uint_eq(r.dma_at[1], 4763);
	ck_assert_int_eq(r.nraise, 2);
	ck_assert_uint_eq(r.raise_at[1], 4763);
	ck_assert_uint_eq(r.irq_at[0], 4763);
	ck_assert_uint_eq(r.irq_at[1], 7763);
	ck_assert_str_eq(r.seq, "drdrii");
	nic_rig_free(&r);
}
END_TEST

/* The scheduler is called back when the wire moves on (GP's committed
 * bytes go down) and again when the handler cleans descriptors (their
 * slots are free only then): engine.md, "One GP transmission", steps 5-6.
 * A frame posted at 0 is written back at 6899 (above). */
static void count_space(void *ctx) { ((struct nic_rig *)ctx)->spaces++; }

START_TEST(nicdev_clean_tells_the_scheduler)
{
	struct nic_rig r;
	nic_rig_init(&r, 0);
	nicdev_on_tx_space(r.nd, count_space, &r);
	nic_tx_at(&r, 0);
	nic_run_to(&r, UINT64_MAX);
	ck_assert_uint_eq(r.wire_at[0], 6899);
	ck_assert_int_eq(r.spaces, 1);
	ck_assert_uint_eq(nicdev_tx_room(r.nd), 7);
	ck_assert_uint_eq(nicdev_irq_ack(r.nd), 1);
	nicdev_tx_clean(r.nd, 1);
	ck_assert_int_eq(r.spaces, 2);
	ck_assert_uint_eq(nicdev_tx_room(r.nd), 8);
	struct nicdev_stats s;
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.tx_cleaned, 1);
	nic_rig_free(&r);
}
END_TEST

/* The receive wire's last reservation taken back (a peer's frame goes
 * first, engine.md "Receive"): the wire and the late count are as before
 * it. 1 Gbit/s at 3 GHz, 3 cycles a bit. A, 202 bytes at 0: (8 + 202 + 4)
 * x 8 = 1712 bits, last bit 5136; with the 12-byte gap the wire is free at
 * (1712 + 96) x 3 = 5424. B at 1000 queues (late): starts 5424, last bit
 * 10560. Taken back: C at 6000 finds the wire idle, last bit 6000 + 5136
 * = 11136, not late; taking C back leaves the count at 0. */
START_TEST(nicdev_rx_wire_taken_back)
{
	struct nic_rig r;
	nic_rig_init(&r, 0);
	bool late = true;
	struct nicdev_stats s;
	ck_assert_uint_eq(nicdev_rx_wire(r.nd, 0, 202, &late), 5136);
	ck_assert(!late);
	ck_assert_uint_eq(nicdev_rx_wire(r.nd, 1000, 202, &late), 10560);
	ck_assert(late);
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.rx_late, 1);
	nicdev_rx_wire_undo(r.nd);
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.rx_late, 0);
	ck_assert_uint_eq(nicdev_rx_wire(r.nd, 6000, 202, &late), 11136);
	ck_assert(!late);
	nicdev_rx_wire_undo(r.nd);
	nicdev_stats(r.nd, &s);
	ck_assert_uint_eq(s.rx_late, 0);
	nic_rig_free(&r);
}
END_TEST

/* ---- the ledger ---- */

struct ledger_rig {
	struct fpool *pool;
	struct trace tr;
	struct ledger *l;
	uint64_t written[8];       /* routing lines, in the order written */
	int nwritten;
};

static void ledger_written(void *ctx, uint64_t index, enum verdict_decision d,
                           enum verdict_reason r)
{
	(void)d;
	(void)r;
	struct ledger_rig *x = ctx;
	if (x->nwritten < 8)
		x->written[x->nwritten] = index;
	x->nwritten++;
}

static void ledger_rig_init(struct ledger_rig *x)
{
	memset(x, 0, sizeof *x);
	x->pool = fpool_create();
	trace_on_verdict(&x->tr, ledger_written, x);
	x->l = ledger_create(x->pool, &x->tr);
	ck_assert(x->pool && x->l);
}

static void ledger_rig_free(struct ledger_rig *x)
{
	ledger_destroy(x->l);
	fpool_destroy(x->pool);
}

/* Terminal states are written in capture order as soon as every earlier
 * frame has one (engine.md, "Bounded memory"): frame 1 at once; 3 waits
 * for 2; then 2 and 3. Frame 5000 is far beyond the first window (1024
 * cells): it waits for 4-4999, then all are written, in order. The check
 * (SPEC A1-A2) holds for 5000 frames, not 5001, nor with a frame held. */
START_TEST(ledger_writes_in_capture_order)
{
	struct ledger_rig x;
	ledger_rig_init(&x);
	ck_assert_int_eq(ledger_verdict(x.l, 1, DEC_RT, R_RT_PORT), 0);
	ck_assert_int_eq(x.nwritten, 1);
	ck_assert_int_eq(ledger_verdict(x.l, 3, DEC_GP, R_DEFAULT), 0);
	ck_assert_int_eq(x.nwritten, 1);
	ck_assert_int_eq(ledger_verdict(x.l, 2, DEC_DROP, R_RX_RING_FULL), 0);
	ck_assert_int_eq(x.nwritten, 3);
	ck_assert_uint_eq(x.written[1], 2);
	ck_assert_uint_eq(x.written[2], 3);
	ck_assert_int_eq(ledger_verdict(x.l, 5000, DEC_GP, R_DEFAULT), 0);
	for (uint64_t i = 4; i < 5000; i++)
		ck_assert_int_eq(ledger_verdict(x.l, i, DEC_GP, R_DEFAULT), 0);
	ck_assert_int_eq(x.nwritten, 5000);
	const struct ledger_counts *c = ledger_counts(x.l);
	ck_assert_uint_eq(c->dec[DEC_GP], 4998);
	ck_assert_uint_eq(c->reason[DEC_DROP][R_RX_RING_FULL], 1);
	FILE *err = fopen("/dev/null", "w");
	ck_assert_int_eq(ledger_check(x.l, 5000, err), 0);
	ck_assert_int_eq(ledger_check(x.l, 5001, err), 1);
	uint32_t id;                    /* one frame still held: not conserved */
	ck_assert_int_eq(fpool_get(x.pool, 60, &id), 0);
	ck_assert_int_eq(ledger_check(x.l, 5000, err), 1);
	fpool_put(x.pool, id);
	ck_assert_int_eq(ledger_check(x.l, 5000, err), 0);
	fclose(err);
	ledger_rig_free(&x);
}
END_TEST

/* A second terminal state for one frame is an engine bug (SPEC A1): the
 * run aborts, whether the frame waits in the window (2, behind 1) or was
 * written already (1). */
static void ledger_twice(uint64_t idx)
{
	struct ledger_rig x;
	ledger_rig_init(&x);
	ledger_verdict(x.l, idx, DEC_GP, R_DEFAULT);
	ledger_verdict(x.l, idx, DEC_DROP, R_PROXY_FULL);
}

START_TEST(ledger_second_state_in_window_aborts) { ledger_twice(2); }
END_TEST

START_TEST(ledger_second_state_written_aborts) { ledger_twice(1); }
END_TEST

/* fpool.h: a fresh record is zero but for its buffer, with room for the
 * bytes asked; a record given back is handed out again before the pool
 * grows (memory does not grow with the capture, SPEC A1); ids ever handed
 * out are 0 .. span - 1. */
START_TEST(fpool_reuse_and_zero)
{
	struct fpool *p = fpool_create();
	uint32_t a, b, c, d;
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fpool_get(p, 60, &a), 0);
	ck_assert_int_eq(fpool_get(p, 3000, &b), 0);
	ck_assert_int_eq(fpool_get(p, 60, &c), 0);
	ck_assert(a < 3 && b < 3 && c < 3 && a != b && b != c && a != c);
	ck_assert_uint_eq(fpool_span(p), 3);
	ck_assert_uint_eq(fpool_in_flight(p), 3);
	struct fr *f = fpool_at(p, b);
	ck_assert_uint_ge(f->bufcap, 3000);
	memset(f->buf, 0xab, 3000);
	f->id = 9;
	f->t0 = 5;
	f->caplen = f->wirelen = 3000;
	f->kind = FK_GP_TX;
	f->decision = DEC_DROP;
	f->port = 5004;
	fpool_put(p, b);
	ck_assert_uint_eq(fpool_in_flight(p), 2);
	ck_assert_int_eq(fpool_get(p, 100, &d), 0);
	ck_assert_uint_eq(d, b);
	ck_assert_uint_eq(fpool_span(p), 3);
	f = fpool_at(p, d);
	ck_assert_uint_eq(f->id, 0);
	ck_assert_uint_eq(f->t0, 0);
	ck_assert_uint_eq(f->caplen, 0);
	ck_assert_uint_eq(f->wirelen, 0);
	ck_assert_uint_eq(f->kind, FK_RX);
	ck_assert_uint_eq(f->decision, 0);
	ck_assert_uint_eq(f->port, 0);
	ck_assert_uint_eq(f->in_use, 1);
	ck_assert_uint_ge(f->bufcap, 100);
	for (int i = 0; i < 1000; i++) {   /* one in, one out: no growth */
		fpool_put(p, d);
		ck_assert_int_eq(fpool_get(p, 60, &d), 0);
	}
	ck_assert_uint_eq(fpool_span(p), 3);
	ck_assert_uint_eq(fpool_in_flight(p), 3);
	fpool_destroy(p);
}
END_TEST

/* fpool.h: a record given back twice is an engine bug (A1): abort. */
START_TEST(fpool_put_twice_aborts)
{
	struct fpool *p = fpool_create();
	uint32_t id;
	ck_assert_int_eq(fpool_get(p, 60, &id), 0);
	fpool_put(p, id);
	fpool_put(p, id);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("components");
	TCase *t = tcase_create("evq");
	tcase_add_test(t, evq_order_class_then_insertion);
	tcase_add_test(t, evq_reserved_key);
	tcase_add_test(t, evq_lanes_fire_as_plain_events);
	tcase_add_test(t, evq_cancel_and_move);
	tcase_add_test(t, evq_moved_timers_leave_no_crowd);
	tcase_add_test(t, evq_interleaved_like_a_node);
	tcase_add_test(t, evq_lane_last_comes_last_in_its_class);
	tcase_add_test(t, evq_many_stay_ordered);
	tcase_add_test(t, evq_rebuilt_heap_keeps_the_order);
	tcase_add_test(t, evq_periods_one_lane_each);
	tcase_add_test(t, evq_periods_prefetch_told_the_next);
	tcase_add_test(t, evq_lane_clear_forgets);
	tcase_add_test(t, evq_front_slot_reused);
	suite_add_tcase(s, t);
	t = tcase_create("cpu");
	tcase_add_test(t, cpu_preempted_job_keeps_its_remaining_cycles);
	tcase_add_test(t, cpu_paused_at_a_horizon_resumes_exactly);
	tcase_add_test(t, cpu_intervals_say_why);
	tcase_add_test(t, cpu_split_intervals);
	tcase_add_test(t, cpu_next_act_when);
	tcase_add_test(t, cpu_borrowed_budget_per_frame);
	suite_add_tcase(s, t);
	t = tcase_create("chan");
	tcase_add_test(t, chan_notify_rule_and_full);
	tcase_add_test(t, chan_across_a_bus);
	tcase_add_test(t, chan_direction_shared_and_remote);
	tcase_add_test(t, chan_bus_latency_alone_and_hold);
	suite_add_tcase(s, t);
	t = tcase_create("nicdev");
	tcase_add_test(t, nicdev_dma_and_interrupt_timing);
	tcase_add_test(t, nicdev_packet_timer_restarts);
	tcase_add_test(t, nicdev_tx_tidv_tadv);
	tcase_add_test(t, nicdev_rx_tx_causes_merge);
	tcase_add_test(t, nicdev_rx_wire_taken_back);
	tcase_add_test(t, nicdev_same_cycle_order);
	tcase_add_test(t, nicdev_clean_tells_the_scheduler);
	suite_add_tcase(s, t);
	t = tcase_create("ledger");
	tcase_add_test(t, ledger_writes_in_capture_order);
	tcase_add_test_raise_signal(t, ledger_second_state_in_window_aborts, SIGABRT);
	tcase_add_test_raise_signal(t, ledger_second_state_written_aborts, SIGABRT);
	suite_add_tcase(s, t);
	t = tcase_create("fpool");
	tcase_add_test(t, fpool_reuse_and_zero);
	tcase_add_test_raise_signal(t, fpool_put_twice_aborts, SIGABRT);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(suite());
}
