/* check_wire.c - unit tests of model/wire.c (SPEC S3).
 * Expected numbers are the published figures (notes/published-figures.md)
 * or plain arithmetic written next to them. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/wire.h"

#include "checkrun.h"

START_TEST(t_bytes)
{
	static const struct { uint32_t len; uint64_t wire, to_fcs; } tab[] = {
		{0, 84, 72},        /* padded to 64: 8 + 64 + 12 */
		{1, 84, 72},
		{59, 84, 72},
		{60, 84, 72},       /* minimum frame: 60 + FCS 4 = 64 */
		{61, 85, 73},       /* first length past the padding */
		{100, 124, 112},
		{1514, 1538, 1526}, /* 1518-byte frame with FCS */
		{9000, 9024, 9012},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		ck_assert_msg(wire_bytes(tab[i].len) == tab[i].wire, "len %u", tab[i].len);
		ck_assert_msg(wire_bytes_to_fcs(tab[i].len) == tab[i].to_fcs, "len %u", tab[i].len);
	}
}
END_TEST

START_TEST(t_ps)
{
	static const struct { uint32_t len; uint64_t bps, ps; } tab[] = {
		{60, 1000000000ull, 672000},         /* 672 ns at 1 Gb/s */
		{60, 100000000ull, 6720000},         /* 6.72 us at 100 Mb/s */
		{60, 10000000000ull, 67200},         /* 67.2 ns at 10 Gb/s (Rizzo) */
		{1514, 1000000000ull, 12304000},     /* 12.304 us */
		{1514, 100000000ull, 123040000},     /* 123.04 us */
		{0, 1000000000ull, 672000},          /* short frames padded */
		{60, 999999999ull, 672001},          /* 672000.000672 ps rounds up */
		{60, 3ull, 224000000000000ull},      /* 672 bits at 3 bit/s = 224 s */
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		ck_assert_msg(wire_ps(tab[i].len, tab[i].bps) == tab[i].ps,
		              "row %zu: got %llu", i, (unsigned long long)wire_ps(tab[i].len, tab[i].bps));
}
END_TEST

START_TEST(t_muldiv)
{
	static const struct { uint64_t a, b, c, ceil, floor; } tab[] = {
		{7, 3, 2, 11, 10},
		{6, 3, 2, 9, 9},
		{0, 5, 3, 0, 0},
		{1, 1, 3, 1, 0},
		{1ull << 63, 4, 8, 1ull << 62, 1ull << 62},            /* 128-bit path, exact */
		{(1ull << 63) + 1, 4, 8, (1ull << 62) + 1, 1ull << 62}, /* 2^62 + 0.5 */
		{1ull << 63, 4, 2, UINT64_MAX, UINT64_MAX},            /* 2^64 saturates */
		{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},
		{UINT64_MAX, 3, 4, 13835058055282163712ull, 13835058055282163711ull},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		ck_assert_msg(wire_muldiv_ceil(tab[i].a, tab[i].b, tab[i].c) == tab[i].ceil, "ceil row %zu", i);
		ck_assert_msg(wire_muldiv_floor(tab[i].a, tab[i].b, tab[i].c) == tab[i].floor, "floor row %zu", i);
	}
}
END_TEST

/* One frame on an idle link: start, last FCS bit, link free. */
START_TEST(t_send_one)
{
	static const struct {
		uint64_t hz, bps, ready; uint32_t len; uint64_t start, last, free;
	} tab[] = {
		/* 64-byte frame at 1 Gb/s, 3 GHz: 672 ns = 2016 cycles; FCS's last
		 * bit after 72 bytes = 576 ns = 1728 cycles. */
		{3000000000ull, 1000000000ull, 0, 60, 0, 1728, 2016},
		{3000000000ull, 1000000000ull, 500, 60, 500, 2228, 2516},
		{3000000000ull, 1000000000ull, 0, 10, 0, 1728, 2016},       /* padded */
		/* 1518-byte frame: 12.304 us = 36912 cycles; 1526 B = 36624. */
		{3000000000ull, 1000000000ull, 0, 1514, 0, 36624, 36912},
		/* 100 Mb/s: 6.72 us = 20160 cycles; 123.04 us = 369120. */
		{3000000000ull, 100000000ull, 0, 60, 0, 17280, 20160},
		{3000000000ull, 100000000ull, 0, 1514, 0, 366240, 369120},
		/* 10 Gb/s: 67.2 ns = 201.6 cycles -> 202; 57.6 ns = 172.8 -> 173 */
		{3000000000ull, 10000000000ull, 0, 60, 0, 173, 202},
		/* 1 GHz: cycles are ns */
		{1000000000ull, 1000000000ull, 0, 60, 0, 576, 672},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct wire w;
		uint64_t s = 1, l = 1;
		wire_init(&w, tab[i].hz, tab[i].bps);
		uint64_t f = wire_send(&w, tab[i].ready, tab[i].len, &s, &l);
		ck_assert_msg(s == tab[i].start, "row %zu start %llu", i, (unsigned long long)s);
		ck_assert_msg(l == tab[i].last, "row %zu last %llu", i, (unsigned long long)l);
		ck_assert_msg(f == tab[i].free, "row %zu free %llu", i, (unsigned long long)f);
		ck_assert_uint_eq(w.free_at, f);
	}
}
END_TEST

/* A million minimum frames back to back at 1 Gb/s on 3 GHz: frame k
 * starts at 2016 k exactly and the last ends at 2016 * 10^6. */
START_TEST(t_million_exact)
{
	struct wire w;
	wire_init(&w, 3000000000ull, 1000000000ull);
	uint64_t s, l, f = 0;
	for (uint64_t k = 0; k < 1000000; k++) {
		f = wire_send(&w, 0, 60, &s, &l);
		if (s != 2016 * k || l != 2016 * k + 1728)
			ck_abort_msg("frame %llu start %llu", (unsigned long long)k, (unsigned long long)s);
	}
	ck_assert_uint_eq(f, 2016ull * 1000000ull);
	ck_assert_uint_eq(w.frames, 1000000);
}
END_TEST

/* Odd clocks: every boundary must be the exact rational instant rounded up
 * once, i.e. (t - 1) * bps < bits * hz <= t * bps, over many frames. A
 * per-frame rounded duration would drift by up to one cycle per frame. */
START_TEST(t_no_drift)
{
	static const struct { uint64_t hz, bps; uint32_t nframes; } tab[] = {
		{2400000000ull, 100000000ull, 200000},   /* 24 cycles per bit: exact */
		{2400000000ull, 1000000000ull, 200000},  /* 1612.8 cycles per 64 B frame */
		{333333333ull, 1000000000ull, 200000},   /* 1 GHz / 3 */
		{2999999929ull, 1000000000ull, 200000},  /* a prime clock */
		{99999999977ull, 1000000000ull, 400000}, /* bits * hz leaves 64 bits */
		{3000000000ull, 10000000000ull, 200000}, /* 201.6 cycles per frame */
	};
	uint32_t i = (uint32_t)_i;
	struct wire w;
	wire_init(&w, tab[i].hz, tab[i].bps);
	unsigned __int128 bits = 0;   /* whole run: one busy period */
	uint64_t seed = 99 + i, s, l, f = 0;
	for (uint32_t k = 0; k < tab[i].nframes; k++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t len = (k % 3 == 0) ? 60 : (uint32_t)((seed >> 33) % 1515);
		uint64_t prev = f;
		f = wire_send(&w, 0, len, &s, &l);
		if (s != prev)                               /* back to back */
			ck_abort_msg("row %u frame %u starts at %llu", i, k, (unsigned long long)s);
		unsigned __int128 lb = bits + wire_bytes_to_fcs(len) * 8;
		bits += wire_bytes(len) * 8;
		unsigned __int128 x = bits * tab[i].hz, y = lb * tab[i].hz;
		unsigned __int128 ft = (unsigned __int128)f * tab[i].bps, lt = (unsigned __int128)l * tab[i].bps;
		if (!(ft >= x && ft < x + tab[i].bps) || !(lt >= y && lt < y + tab[i].bps))
			ck_abort_msg("row %u frame %u: boundary %llu is not ceil of the exact time", i, k,
			             (unsigned long long)f);
	}
	/* and explicitly: 64-byte frames at 2.4 GHz / 1 Gb/s, a million of them,
	 * end at ceil(10^6 * 1612.8) = 1612800000, not 1613 * 10^6. */
	wire_init(&w, 2400000000ull, 1000000000ull);
	for (uint32_t k = 0; k < 1000000; k++)
		f = wire_send(&w, 0, 60, NULL, NULL);
	ck_assert_uint_eq(f, 1612800000ull);
}
END_TEST

/* When the next frame becomes ready decides whether it queues or starts a
 * new busy period. 3 GHz, 10 Gb/s (0.3 cycle per bit): a 64 B frame is
 * 201.6 cycles, a 66 B frame (62 + FCS) 206.4. */
START_TEST(t_ready_rules)
{
	static const struct { uint32_t len; uint64_t free1, ready2, start2, free2; } tab[] = {
		{60, 202, 0, 202, 404},      /* queued: continues, ends at ceil(403.2) */
		{60, 202, 201, 202, 404},    /* still busy at 201 */
		{60, 202, 202, 202, 404},    /* ready == free_at: new period, 202 + 201.6 -> 404 */
		{60, 202, 203, 203, 405},    /* idle gap: new period at 203 -> ceil(404.6) */
		{60, 202, 1000, 1000, 1202},
		/* here the two rules differ: queued ends at ceil(412.8) = 413, a new
		 * period at 207 ends at ceil(413.4) = 414 */
		{62, 207, 0, 207, 413},
		{62, 207, 206, 207, 413},
		{62, 207, 207, 207, 414},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct wire w;
		uint64_t s, l;
		wire_init(&w, 3000000000ull, 10000000000ull);
		ck_assert_uint_eq(wire_send(&w, 0, tab[i].len, &s, &l), tab[i].free1);
		uint64_t f = wire_send(&w, tab[i].ready2, tab[i].len, &s, &l);
		ck_assert_msg(s == tab[i].start2 && f == tab[i].free2, "row %zu: %llu..%llu", i,
		              (unsigned long long)s, (unsigned long long)f);
	}
	/* Three queued frames: 201.6, 403.2, 604.8 -> 202, 404, 605; starting a
	 * new period at each end would give 202, 404, 606. */
	struct wire w;
	wire_init(&w, 3000000000ull, 10000000000ull);
	wire_send(&w, 0, 60, NULL, NULL);
	wire_send(&w, 0, 60, NULL, NULL);
	ck_assert_uint_eq(wire_send(&w, 0, 60, NULL, NULL), 605);
}
END_TEST

/* A 64-byte frame at 1 Gb/s on 3 GHz is 2016 cycles on an idle link, whatever
 * the time; 61 bytes is 24 cycles (8 bits) longer: padding only below 60. */
START_TEST(t_padding)
{
	for (uint32_t len = 0; len <= 61; len++) {
		struct wire w;
		wire_init(&w, 3000000000ull, 1000000000ull);
		uint64_t f = wire_send(&w, 1000000 + len, len, NULL, NULL);
		ck_assert_uint_eq(f - (1000000 + len), len <= 60 ? 2016 : 2040);
	}
}
END_TEST

/* Near the end of time the link's times stop at UINT64_MAX (review n54:
 * they wrapped to before `ready`). At 100 GHz and 1 Mbit/s a 1514-byte
 * frame is 1538 wire bytes, 12304 bits: 1230400000 cycles to free, 1526
 * bytes to its FCS: 1220800000 cycles. Ready 1230400000 before the end it
 * frees the link at UINT64_MAX exactly, one cycle later it would be past. */
START_TEST(t_end_of_time)
{
	struct wire w;
	uint64_t start, last;
	wire_init(&w, 100000000000ull, 1000000ull);
	uint64_t r = UINT64_MAX - 1230400000ull;
	ck_assert_uint_eq(wire_send(&w, r, 1514, &start, &last), UINT64_MAX);
	ck_assert_uint_eq(start, r);
	ck_assert_uint_eq(last, r + 1220800000ull);
	wire_init(&w, 100000000000ull, 1000000ull);
	r = UINT64_MAX - 1000;
	ck_assert_uint_eq(wire_send(&w, r, 1514, &start, &last), UINT64_MAX);
	ck_assert_uint_eq(start, r);
	ck_assert_uint_eq(last, UINT64_MAX);
	/* a second frame queues behind at the end of time: still there */
	ck_assert_uint_eq(wire_send(&w, r + 1, 60, &start, &last), UINT64_MAX);
	ck_assert_uint_eq(start, UINT64_MAX);
	ck_assert_uint_eq(last, UINT64_MAX);
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_bytes);
	tcase_add_test(tc, t_ps);
	tcase_add_test(tc, t_muldiv);
	tcase_add_test(tc, t_send_one);
	tcase_add_test(tc, t_million_exact);
	tcase_add_loop_test(tc, t_no_drift, 0, 6);
	tcase_add_test(tc, t_ready_rules);
	tcase_add_test(tc, t_padding);
	tcase_add_test(tc, t_end_of_time);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(wire_suite());
}
