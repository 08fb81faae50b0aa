/* check_arp.c - unit tests of model/arp.c (Fig. 8b step 494, SPEC C2). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/arp.h"

#include "checkrun.h"

static void mac_of(uint32_t x, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x42;
	mac[2] = (uint8_t)(x >> 24);
	mac[3] = (uint8_t)(x >> 16);
	mac[4] = (uint8_t)(x >> 8);
	mac[5] = (uint8_t)x;
}

#define IP(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

START_TEST(t_create)
{
	static const struct { uint32_t cap; int ok; } tab[] = {
		{0, 0}, {1, 1}, {256, 1}, {1u << 20, 1}, {ARP_MAX_CAP, 1}, {ARP_MAX_CAP + 1, 0},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct arp *t = arp_create(tab[i].cap);
		ck_assert_msg((t != NULL) == tab[i].ok, "cap %u", tab[i].cap);
		if (t) {
			ck_assert_uint_eq(arp_count(t), 0);
			ck_assert_uint_eq(arp_capacity(t), tab[i].cap);
			ck_assert(!arp_lookup(t, IP(10, 0, 0, 1), NULL));
			ck_assert(arp_check(t));
		}
		arp_destroy(t);
	}
	arp_destroy(NULL);
}
END_TEST

START_TEST(t_update_lookup)
{
	struct arp *t = arp_create(8);
	uint8_t m[6], got[6];
	mac_of(1, m);
	arp_update(t, IP(192, 168, 1, 1), m, 100);
	ck_assert(arp_lookup(t, IP(192, 168, 1, 1), got));
	ck_assert_int_eq(memcmp(got, m, 6), 0);
	memset(got, 0xaa, 6);
	ck_assert(!arp_lookup(t, IP(192, 168, 1, 2), got));     /* absent */
	ck_assert(got[0] == 0xaa && got[5] == 0xaa);             /* untouched */
	ck_assert(!arp_lookup(t, 0, got));
	/* refresh: new MAC, same count, time moves */
	mac_of(2, m);
	arp_update(t, IP(192, 168, 1, 1), m, 250);
	ck_assert(arp_lookup(t, IP(192, 168, 1, 1), got));
	ck_assert_int_eq(memcmp(got, m, 6), 0);
	ck_assert_uint_eq(arp_count(t), 1);
	ck_assert_uint_eq(arp_updates(t), 2);
	uint64_t when = 0;
	ck_assert(arp_updated_at(t, IP(192, 168, 1, 1), &when));
	ck_assert_uint_eq(when, 250);
	ck_assert(!arp_updated_at(t, IP(192, 168, 1, 3), &when));
	/* address 0 and 255.255.255.255 are keys like any other */
	arp_update(t, 0, m, 300);
	arp_update(t, UINT32_MAX, m, 300);
	ck_assert(arp_lookup(t, 0, NULL) && arp_lookup(t, UINT32_MAX, NULL));
	ck_assert_uint_eq(arp_count(t), 3);
	ck_assert_uint_eq(arp_evictions(t), 0);
	ck_assert(arp_check(t));
	arp_destroy(t);
}
END_TEST

/* Replacement of the least recently updated entry, capacity 3. Each row
 * updates `ip` (1..9 stand for 10.0.0.x) and lists who is present after. */
START_TEST(t_lru)
{
	static const struct { uint32_t ip; uint32_t present[4]; uint32_t absent; } seq[] = {
		{1, {1}, 0},
		{2, {1, 2}, 0},
		{3, {1, 2, 3}, 0},
		{1, {1, 2, 3}, 0},          /* refresh 1: order now 2, 3, 1 */
		{4, {1, 3, 4}, 2},          /* full: 2 is the least recently updated */
		{5, {1, 4, 5}, 3},
		{4, {1, 4, 5}, 0},          /* order 1, 5, 4 */
		{6, {4, 5, 6}, 1},
		{2, {4, 6, 2}, 5},
	};
	struct arp *t = arp_create(3);
	uint8_t m[6];
	uint64_t ev = 0;
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		mac_of(seq[i].ip, m);
		/* lookups do not count as updates: look at everyone first */
		for (uint32_t k = 1; k <= 9; k++)
			(void)arp_lookup(t, IP(10, 0, 0, k), NULL);
		arp_update(t, IP(10, 0, 0, seq[i].ip), m, i);
		for (int k = 0; k < 4 && seq[i].present[k]; k++)
			ck_assert_msg(arp_lookup(t, IP(10, 0, 0, seq[i].present[k]), NULL), "row %zu: %u", i,
			              seq[i].present[k]);
		if (seq[i].absent) {
			ev++;
			ck_assert_msg(!arp_lookup(t, IP(10, 0, 0, seq[i].absent), NULL), "row %zu", i);
		}
		ck_assert_uint_eq(arp_evictions(t), ev);
		ck_assert_uint_le(arp_count(t), 3);
		ck_assert(arp_check(t));
	}
	ck_assert_uint_eq(arp_updates(t), sizeof(seq) / sizeof(seq[0]));
	arp_destroy(t);
}
END_TEST

START_TEST(t_capacity_one)
{
	struct arp *t = arp_create(1);
	uint8_t m[6], got[6];
	for (uint32_t k = 1; k <= 50; k++) {
		mac_of(k, m);
		arp_update(t, k * 7919, m, k);
		ck_assert(arp_lookup(t, k * 7919, got));
		ck_assert_int_eq(memcmp(got, m, 6), 0);
		ck_assert(k == 1 || !arp_lookup(t, (k - 1) * 7919, NULL));
		ck_assert_uint_eq(arp_count(t), 1);
	}
	ck_assert_uint_eq(arp_evictions(t), 49);
	ck_assert(arp_check(t));
	arp_destroy(t);
}
END_TEST

/* Random updates against a plain reference (array, linear search, oldest
 * by sequence number). Small address pools force collisions, long probe
 * runs and backward shifts. */
START_TEST(t_random)
{
	static const struct { uint32_t cap, pool, stride; } tab[] = {
		{16, 64, 1}, {16, 64, 1u << 24}, {100, 130, 256}, {7, 1000, 65536}, {256, 300, 2654435769u},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		uint32_t cap = tab[i].cap;
		struct arp *t = arp_create(cap);
		uint32_t *rip = malloc(sizeof(uint32_t) * cap);
		uint64_t *rseq = malloc(sizeof(uint64_t) * cap);
		uint8_t (*rmac)[6] = malloc(6 * (size_t)cap);
		uint32_t rn = 0;
		uint64_t seed = 3 + i, ev = 0;
		for (uint64_t step = 0; step < 30000; step++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			uint32_t ip = (uint32_t)((seed >> 33) % tab[i].pool) * tab[i].stride;
			uint8_t m[6], got[6];
			mac_of((uint32_t)step, m);
			arp_update(t, ip, m, step);
			uint32_t k;
			for (k = 0; k < rn && rip[k] != ip; k++)
				;
			if (k == rn) {
				if (rn < cap) {
					rn++;
				} else {
					k = 0;
					for (uint32_t j = 1; j < rn; j++)
						if (rseq[j] < rseq[k])
							k = j;
					ev++;
				}
			}
			rip[k] = ip;
			rseq[k] = step;
			memcpy(rmac[k], m, 6);
			if (arp_count(t) != rn || arp_evictions(t) != ev)
				ck_abort_msg("row %zu step %llu: count %u want %u", i, (unsigned long long)step,
				             arp_count(t), rn);
			if (step % 1000 == 0 || step > 29900) {
				for (uint32_t j = 0; j < rn; j++)
					if (!arp_lookup(t, rip[j], got) || memcmp(got, rmac[j], 6) != 0)
						ck_abort_msg("row %zu step %llu: %u lost", i, (unsigned long long)step, rip[j]);
				for (uint32_t p = 0; p < tab[i].pool; p++) {
					uint32_t q = p * tab[i].stride;
					bool in = false;
					for (uint32_t j = 0; j < rn; j++)
						in |= rip[j] == q;
					if (arp_lookup(t, q, NULL) != in)
						ck_abort_msg("row %zu step %llu: %u presence", i, (unsigned long long)step, q);
				}
				if (!arp_check(t))
					ck_abort_msg("row %zu step %llu: arp_check", i, (unsigned long long)step);
			}
		}
		free(rip);
		free(rseq);
		free(rmac);
		arp_destroy(t);
	}
}
END_TEST

static Suite *arp_suite(void)
{
	Suite *s = suite_create("arp");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_create);
	tcase_add_test(tc, t_update_lookup);
	tcase_add_test(tc, t_lru);
	tcase_add_test(tc, t_capacity_one);
	tcase_add_test(tc, t_random);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(arp_suite());
}
