/* check_ring.c - unit tests of model/ring.c (SPEC X2, N2). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/ring.h"

#include "checkrun.h"

/* Capacities around powers of two, where masking could go wrong. */
static const uint32_t caps[] = {1, 2, 3, 4, 5, 7, 8, 9, 100, 255, 256, 257, 1000};
#define NCAPS (sizeof(caps) / sizeof(caps[0]))

START_TEST(t_create_bounds)
{
	static const struct { uint32_t cap; int ok; } tab[] = {
		{0, 0}, {1, 1}, {RING_MAX_CAP, 1}, {RING_MAX_CAP + 1, 0}, {UINT32_MAX, 0},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct ring *r = ring_create(tab[i].cap);
		ck_assert_msg((r != NULL) == tab[i].ok, "cap %u", tab[i].cap);
		if (r) {
			ck_assert_uint_eq(ring_cap(r), tab[i].cap);
			ck_assert(ring_empty(r));
			ck_assert_uint_eq(ring_free(r), tab[i].cap);
			ck_assert(ring_check(r));
		}
		ring_destroy(r);
	}
}
END_TEST

/* Fill exactly to the capacity (not to the power-of-two storage). */
START_TEST(t_fill_exact_cap)
{
	uint32_t cap = caps[_i];
	struct ring *r = ring_create(cap);
	ck_assert_ptr_nonnull(r);
	for (uint32_t k = 0; k < cap; k++) {
		ck_assert_msg(!ring_full(r), "cap %u full after %u", cap, k);
		ck_assert(ring_push(r, 1000 + k));
		ck_assert_uint_eq(ring_count(r), k + 1);
	}
	ck_assert(ring_full(r));
	ck_assert_uint_eq(ring_free(r), 0);
	ck_assert(!ring_push(r, 42));            /* refused ... */
	ck_assert(!ring_push(r, 43));
	ck_assert_uint_eq(ring_drops(r), 2);     /* ... and counted */
	ck_assert_uint_eq(ring_count(r), cap);   /* nothing overwritten */
	ck_assert_uint_eq(ring_high_water(r), cap);
	uint32_t v = 0;
	for (uint32_t k = 0; k < cap; k++) {
		ck_assert(ring_peek(r, &v));
		ck_assert_uint_eq(v, 1000 + k);
		ck_assert(ring_pop(r, &v));
		ck_assert_uint_eq(v, 1000 + k);      /* FIFO */
	}
	ck_assert(ring_empty(r));
	v = 7;
	ck_assert(!ring_pop(r, &v));
	ck_assert(!ring_peek(r, &v));
	ck_assert_uint_eq(v, 7);                 /* untouched on failure */
	ck_assert_uint_eq(ring_high_water(r), cap); /* high water stays */
	ck_assert(ring_check(r));
	ring_destroy(r);
}
END_TEST

/* Free-running indices across the 2^32 wrap. */
START_TEST(t_wrap)
{
	uint32_t cap = caps[_i];
	struct ring *r = ring_create(cap);
	r->head = r->tail = UINT32_MAX - 1;   /* two slots before the wrap */
	for (uint32_t round = 0; round < 3; round++) {
		for (uint32_t k = 0; k < cap; k++)
			ck_assert(ring_push(r, round * 10000 + k));
		ck_assert(ring_full(r));
		ck_assert(!ring_push(r, 0));
		ck_assert_uint_eq(ring_count(r), cap);
		for (uint32_t k = 0; k < cap; k++) {
			uint32_t v;
			ck_assert(ring_pop(r, &v));
			ck_assert_uint_eq(v, round * 10000 + k);
		}
		ck_assert(ring_empty(r));
	}
	ck_assert_uint_eq(ring_drops(r), 3);
	ck_assert(ring_check(r));
	ring_destroy(r);
}
END_TEST

/* Random interleaving against a plain reference queue (fixed seed). */
START_TEST(t_against_reference)
{
	uint32_t cap = caps[_i];
	struct ring *r = ring_create(cap);
	uint32_t *ref = malloc(sizeof(uint32_t) * cap);
	uint32_t rh = 0, rn = 0, hw = 0, next = 1;
	uint64_t drops = 0, seed = 12345 + cap;
	for (int step = 0; step < 20000; step++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		int push = (seed >> 33) % 100 < 55;
		if (push) {
			bool ok = ring_push(r, next);
			if (ok != (rn < cap))
				ck_abort_msg("step %d: push %d with %u of %u", step, ok, rn, cap);
			if (rn < cap) {
				ref[(rh + rn) % cap] = next;
				rn++;
				if (rn > hw)
					hw = rn;
			} else {
				drops++;
			}
			next++;
		} else {
			uint32_t v = 0;
			bool ok = ring_pop(r, &v);
			if (ok != (rn > 0))
				ck_abort_msg("step %d: pop %d with %u", step, ok, rn);
			if (rn > 0) {
				if (v != ref[rh])
					ck_abort_msg("step %d: popped %u, want %u", step, v, ref[rh]);
				rh = (rh + 1) % cap;
				rn--;
			}
		}
		if (ring_count(r) != rn || ring_free(r) != cap - rn)
			ck_abort_msg("step %d: count %u free %u, want %u", step, ring_count(r), ring_free(r), rn);
	}
	ck_assert_uint_eq(ring_drops(r), drops);
	ck_assert_uint_eq(ring_high_water(r), hw);
	ck_assert(ring_check(r));
	free(ref);
	ring_destroy(r);
}
END_TEST

START_TEST(t_max_cap)
{
	struct ring *r = ring_create(RING_MAX_CAP);
	ck_assert_ptr_nonnull(r);
	for (uint32_t k = 0; k < RING_MAX_CAP; k++)
		if (!ring_push(r, k))
			ck_abort_msg("push %u refused", k);
	ck_assert(!ring_push(r, 0));
	uint32_t v;
	ck_assert(ring_pop(r, &v));
	ck_assert_uint_eq(v, 0);
	ck_assert(ring_push(r, 99));
	ck_assert_uint_eq(ring_count(r), RING_MAX_CAP);
	ring_destroy(r);
}
END_TEST

/* X2 copy cost, worked by hand: fixed + ceil(len * mcyc / 1000). */
START_TEST(t_copy_cycles)
{
	static const struct { uint32_t len; uint64_t fixed, mcyc, want; } tab[] = {
		{64, 300, 250, 316},        /* 64/4 = 16 */
		{1514, 300, 250, 679},      /* 378.5 -> 379 */
		{0, 300, 250, 300},
		{1, 0, 1, 1},               /* 0.001 rounds up to 1 */
		{1000, 0, 1, 1},            /* exactly 1 */
		{1001, 0, 1, 2},            /* 1.001 -> 2 */
		{3, 0, 333, 1},             /* 0.999 -> 1 */
		{60, 7, 1000, 67},          /* one cycle per byte */
		{0, 0, 0, 0},
		{UINT32_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},   /* saturates */
		{2, UINT64_MAX - 1, 1000, UINT64_MAX},
		/* len x mcyc past 64 bits (the 128-bit path): (2^32 - 1) x 2^33
		 * = 2^65 - 2^33 = 36893488138829168640, / 1000 = ...168.64 -> 169 */
		{UINT32_MAX, 0, 8589934592ull, 36893488138829169ull},
		/* a product that fits 64 bits but not with the 999 of the
		 * rounding: (2^32 - 1) x (2^32 + 1) = 2^64 - 1 =
		 * 18446744073709551615, / 1000 = ...551.615 -> 552, + 5 */
		{UINT32_MAX, 5, 4294967297ull, 18446744073709557ull},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		ck_assert_msg(ring_copy_cycles(tab[i].len, tab[i].fixed, tab[i].mcyc) == tab[i].want,
		              "row %zu", i);
}
END_TEST

/* ring_check must notice a corrupted ring (negative test of the checker):
 * count <= cap <= storage (a power of two), high >= count, high <= cap. */
START_TEST(t_check_detects)
{
	struct ring *r = ring_create(3);   /* storage 4 */
	ck_assert_ptr_nonnull(r);
	ck_assert(ring_check(r));
	r->cap = 0;                         /* empty, but no usable slot */
	ck_assert(!ring_check(r));
	r->cap = 5;                         /* more than the storage */
	ck_assert(!ring_check(r));
	r->cap = 3;
	r->mask = 2;                        /* storage 3, not a power of two */
	ck_assert(!ring_check(r));
	r->mask = 3;
	ck_assert(ring_push(r, 1) && ring_push(r, 2));
	ck_assert(ring_check(r));
	r->high = 1;                        /* below the count, 2 */
	ck_assert(!ring_check(r));
	r->high = 4;                        /* above the capacity */
	ck_assert(!ring_check(r));
	r->high = 3;
	ck_assert(ring_check(r));
	ring_destroy(r);
}
END_TEST

static Suite *ring_suite(void)
{
	Suite *s = suite_create("ring");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_create_bounds);
	tcase_add_loop_test(tc, t_fill_exact_cap, 0, NCAPS);
	tcase_add_loop_test(tc, t_wrap, 0, NCAPS);
	tcase_add_loop_test(tc, t_against_reference, 0, NCAPS);
	tcase_add_test(tc, t_max_cap);
	tcase_add_test(tc, t_copy_cycles);
	tcase_add_test(tc, t_check_detects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ring_suite());
}
