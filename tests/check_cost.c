/* check_cost.c - unit tests of model/cost.c: the table of tunables and
 * the time conversions. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cost.h"

#include "checkrun.h"

static struct costs at_hz(uint64_t hz)
{
	struct costs c;
	cost_defaults(&c);
	c.v[C_CPU_HZ] = hz;
	return c;
}

/* ps -> cycles, rounded up and down; worked by hand. */
START_TEST(t_ps_to_cycles)
{
	static const struct { uint64_t hz, ps, up, down; } tab[] = {
		{3000000000ull, 527000, 1581, 1581},         /* 527 ns at 3 GHz, exact */
		{3000000000ull, 546200, 1639, 1638},         /* 546.2 ns = 1638.6 cycles */
		{3000000000ull, 1, 1, 0},                    /* 1 ps = 0.003 cycle */
		{3000000000ull, 0, 0, 0},
		{3000000000ull, 333, 1, 0},                  /* 0.999 */
		{3000000000ull, 334, 2, 1},                  /* 1.002 */
		{3000000000ull, 1000000000000ull, 3000000000ull, 3000000000ull}, /* 1 s */
		{2400000000ull, 672000, 1613, 1612},         /* 672 ns = 1612.8 */
		{1000000000ull, 12345, 13, 12},              /* 1 GHz: cycles = ns */
		{1000000ull, 999999, 1, 0},                  /* 1 MHz: 1 us per cycle */
		{3000000000ull, UINT64_MAX, 55340232221128655ull, 55340232221128654ull},
		/* either side of ps x hz = 2^64 (18446744073709551616), where the
		 * product leaves 64 bits: 6148914691 ps x 3 GHz = 18446744073 x 10^9
		 * (fits), / 10^12 = 18446744.073; one ps more: ...076 x 10^9 (not) */
		{3000000000ull, 6148914691ull, 18446745, 18446744},
		{3000000000ull, 6148914692ull, 18446745, 18446744},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct costs c = at_hz(tab[i].hz);
		ck_assert_msg(cost_ps_to_cycles_ceil(&c, tab[i].ps) == tab[i].up, "row %zu up", i);
		ck_assert_msg(cost_ps_to_cycles_floor(&c, tab[i].ps) == tab[i].down, "row %zu down", i);
	}
}
END_TEST

START_TEST(t_cycles_to_ps)
{
	static const struct { uint64_t hz, cyc, ps; } tab[] = {
		{3000000000ull, 1581, 527000},
		{3000000000ull, 1639, 546333},                /* 546333.33 floors */
		{3000000000ull, 3, 1000},
		{1000000000ull, 7, 7000},
		{2400000000ull, 12, 5000},
		{2400000000ull, 1, 416},                      /* 416.67 */
		{3000000000ull, 0, 0},
		/* cycles x 10^12 past 64 bits: 2^45 = 35184372088832 cycles at 3 GHz
		 * = 35184372088832000 / 3 = 11728124029610666.67 ps, floored */
		{3000000000ull, 35184372088832ull, 11728124029610666ull},
		/* past what a picosecond count holds: saturates, not wrapped */
		{1000000ull, UINT64_MAX, UINT64_MAX},          /* 1 MHz: 10^6 ps a cycle */
		{3000000000ull, UINT64_MAX, UINT64_MAX},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct costs c = at_hz(tab[i].hz);
		ck_assert_msg(cost_cycles_to_ps(&c, tab[i].cyc) == tab[i].ps, "row %zu", i);
	}
}
END_TEST

/* cost_cycles: CU_PS converted and rounded up, CU_CYCLES as is. */
START_TEST(t_cost_cycles)
{
	struct costs c = at_hz(3000000000ull);
	ck_assert_uint_eq(cost_cycles(&c, C_BUS_DMA_LATENCY), 1581);      /* 527 ns */
	ck_assert_uint_eq(cost_cycles(&c, C_TDMA_FRAME), 3000000);        /* 1 ms */
	ck_assert_uint_eq(cost_cycles(&c, C_TDMA_RT_SLICE), 1500000);     /* 0.5 ms */
	ck_assert_uint_eq(cost_cycles(&c, C_WORLD_SWITCH), 2000);         /* cycles, as is */
	ck_assert_uint_eq(cost_cycles(&c, C_RT_DELIVER), 630);
	c.v[C_NIC_ITR_INTERVAL] = 125000000;                              /* 125 us, 8000/s */
	ck_assert_uint_eq(cost_cycles(&c, C_NIC_ITR_INTERVAL), 375000);
	c.v[C_NIC_RX_DELAY] = 1;                                          /* 1 ps: never 0 */
	ck_assert_uint_eq(cost_cycles(&c, C_NIC_RX_DELAY), 1);
	c.v[C_WORLD_SWITCH] = 7;
	ck_assert_uint_eq(cost_cycles(&c, C_WORLD_SWITCH), 7);            /* hz plays no part */
	struct costs d = at_hz(2400000000ull);
	ck_assert_uint_eq(cost_cycles(&d, C_BUS_DMA_LATENCY), 1265);      /* 1264.8 */
	ck_assert_uint_eq(cost_cycles(&d, C_WORLD_SWITCH), 2000);
}
END_TEST

/* DMA: latency + len * per byte, rounded up once (not per part). */
START_TEST(t_dma)
{
	static const struct { uint64_t hz; uint32_t len; uint64_t want; } tab[] = {
		{3000000000ull, 64, 1639},       /* 527 + 19.2 = 546.2 ns -> 1638.6 -> 1639 */
		{3000000000ull, 0, 1581},
		{3000000000ull, 1, 1582},        /* 527.3 ns = 1581.9 */
		{3000000000ull, 1514, 2944},     /* 527 + 454.2 = 981.2 ns = 2943.6 */
		{3000000000ull, 1520, 2949},     /* 983 ns: pcie-bench says 986 */
		{1000000000ull, 10, 530},        /* 530 ns at 1 GHz */
		{1000000000ull, 11, 531},        /* 530.3 -> 531 */
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct costs c = at_hz(tab[i].hz);
		ck_assert_msg(cost_dma_cycles(&c, tab[i].len) == tab[i].want, "row %zu: %llu", i,
		              (unsigned long long)cost_dma_cycles(&c, tab[i].len));
	}
	/* rounding once: 3 bytes at 0.3 ns with zero latency is 0.9 ns = 2.7
	 * cycles -> 3, where rounding each byte would give 3 x 1 = 3 as well,
	 * but 10 bytes: 3 ns = 9 cycles exactly, per byte would give 10. */
	struct costs c = at_hz(3000000000ull);
	c.v[C_BUS_DMA_LATENCY] = 0;
	ck_assert_uint_eq(cost_dma_cycles(&c, 10), 9);
	ck_assert_uint_eq(cost_dma_cycles(&c, 3), 3);
}
END_TEST

/* A channel message's bus time (bus.channel_per_byte), rounded up as
 * cost.h says: at 3 GHz one cycle is 333.3 ps. */
START_TEST(t_chan_bus_ser)
{
	static const struct { uint64_t per_byte; uint32_t len; uint64_t want; } tab[] = {
		{0, 1514, 0},            /* shared memory: nothing */
		{1, 1, 1},               /* 1 ps = 0.003 cycle -> 1 */
		{8000, 1514, 36336},     /* 1 Gbit/s: 12.112 us = 36336 cycles, exact */
		{8000, 60, 1440},        /* 480 ns */
		{1000, 1, 3},            /* 1 ns = 3 cycles, exact */
		{1001, 1, 4},            /* 1.001 ns = 3.003 cycles -> 4 */
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct costs c = at_hz(3000000000ull);
		c.v[C_BUS_CHAN_PER_BYTE] = tab[i].per_byte;
		ck_assert_msg(cost_chan_bus_ser(&c, tab[i].len) == tab[i].want, "row %zu: %llu", i,
		              (unsigned long long)cost_chan_bus_ser(&c, tab[i].len));
	}
}
END_TEST

START_TEST(t_table)
{
	struct costs c;
	cost_defaults(&c);
	for (int i = 0; i < COST__COUNT; i++) {
		const struct cost_def *d = cost_def((enum cost_id)i);
		ck_assert_ptr_nonnull(d);
		ck_assert_msg(d->key && d->key[0], "entry %d has no key", i);
		ck_assert_msg(cost_find(d->key) == i, "%s does not round-trip", d->key);
		ck_assert_msg(d->meaning && strlen(d->meaning) > 5, "%s: no meaning", d->key);
		ck_assert_msg(d->source && strlen(d->source) > 3, "%s: no source", d->key);
		ck_assert_msg(d->min <= d->def && d->def <= d->max, "%s: default out of range", d->key);
		ck_assert_msg(c.v[i] == d->def, "%s: cost_defaults", d->key);
		ck_assert_msg(strcmp(cost_unit_name(d->unit), "?") != 0, "%s: unit", d->key);
		ck_assert_msg(strchr(d->key, '.') != NULL && strchr(d->key, ' ') == NULL, "%s: key form",
		              d->key);
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(d->key, cost_def((enum cost_id)j)->key) != 0, "%s twice", d->key);
	}
	ck_assert_ptr_null(cost_def(COST__COUNT));
	ck_assert_ptr_null(cost_def((enum cost_id)-1));
	static const char *const unknown[] = {"", "cpu", "cpu.hz ", "CPU.HZ", "cost.", "nic.mtu.x",
		"cost.rt_irqq"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		ck_assert_int_eq(cost_find(unknown[i]), -1);
	ck_assert_str_eq(cost_unit_name((enum cost_unit)99), "?");
	ck_assert_ptr_null(cost_check(&c, NULL));   /* the defaults pass */
}
END_TEST

/* A value as doc/scenario.md writes it ("1kbit/s", "0.25cycles/B",
 * "3600s", "68") in the unit's base (Hz, bit/s, cycles, ps, ps/B,
 * millicycles/B, or a plain number); false when it is not one. */
static bool doc_value(enum cost_unit u, const char *s, size_t n, uint64_t *v)
{
	static const struct { enum cost_unit u; const char *sfx; uint64_t mult; } sfx[] = {
		{CU_HZ, "Hz", 1}, {CU_HZ, "kHz", 1000}, {CU_HZ, "MHz", 1000000},
		{CU_HZ, "GHz", 1000000000},
		{CU_BPS, "bit/s", 1}, {CU_BPS, "kbit/s", 1000}, {CU_BPS, "Mbit/s", 1000000},
		{CU_BPS, "Gbit/s", 1000000000},
		{CU_CYCLES, "cycles", 1},
		{CU_PS, "ps", 1}, {CU_PS, "ns", 1000}, {CU_PS, "us", 1000000},
		{CU_PS, "ms", 1000000000}, {CU_PS, "s", 1000000000000ull},
		{CU_PS_PER_BYTE, "ps/B", 1}, {CU_PS_PER_BYTE, "ns/B", 1000},
		{CU_MCYC_PER_BYTE, "cycles/B", 1000},
		{CU_SLOTS, "", 1}, {CU_BYTES, "", 1}, {CU_COUNT, "", 1},
	};
	uint64_t num = 0, scale = 1;
	size_t i = 0;
	bool frac = false;
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !frac)); i++) {
		if (s[i] == '.') {
			frac = true;
			continue;
		}
		num = num * 10 + (uint64_t)(s[i] - '0');
		if (frac)
			scale *= 10;
	}
	if (i == 0)
		return false;
	for (size_t k = 0; k < sizeof(sfx) / sizeof(sfx[0]); k++) {
		if (sfx[k].u != u || strlen(sfx[k].sfx) != n - i || memcmp(sfx[k].sfx, s + i, n - i))
			continue;
		if (num * sfx[k].mult % scale)
			return false;
		*v = num * sfx[k].mult / scale;
		return true;
	}
	return false;
}

/* Every tunable's default and range are the ones doc/scenario.md gives
 * the user: its key table, columns key | type | default | range. */
START_TEST(t_table_matches_doc)
{
	FILE *f = fopen(NS_SRCDIR "/doc/scenario.md", "r");
	ck_assert_ptr_nonnull(f);
	static char doc[1 << 18];
	size_t len = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[len] = '\0';
	for (int i = 0; i < COST__COUNT; i++) {
		const struct cost_def *d = cost_def((enum cost_id)i);
		char head[128];
		snprintf(head, sizeof head, "\n| `%s` |", d->key);
		const char *row = strstr(doc, head);
		ck_assert_msg(row != NULL, "%s: no row in doc/scenario.md", d->key);
		const char *col[5];
		const char *p = row + 1;
		for (int c = 0; c < 5; c++) {
			p = strchr(p, '|');
			ck_assert_ptr_nonnull(p);
			col[c] = ++p;
		}
		/* col[2] default, col[3] range "A to B", each ending at the next '|' */
		const char *def = col[2] + 1, *def_end = strchr(def, ' ');
		uint64_t v, lo, hi;
		ck_assert_msg(doc_value(d->unit, def, (size_t)(def_end - def), &v) && v == d->def,
		              "%s: default %.*s in the doc", d->key, (int)(def_end - def), def);
		const char *a = col[3] + 1, *to = strstr(a, " to ");
		ck_assert_msg(to && to < col[4], "%s: no range in the doc", d->key);
		const char *b = to + 4, *b_end = strchr(b, ' ');
		ck_assert_msg(doc_value(d->unit, a, (size_t)(to - a), &lo) && lo == d->min,
		              "%s: minimum %.*s in the doc", d->key, (int)(to - a), a);
		ck_assert_msg(doc_value(d->unit, b, (size_t)(b_end - b), &hi) && hi == d->max,
		              "%s: maximum %.*s in the doc", d->key, (int)(b_end - b), b);
	}
}
END_TEST

/* cost_check: every entry just outside its range is caught and named. */
START_TEST(t_check_ranges)
{
	int i = _i;
	const struct cost_def *d = cost_def((enum cost_id)i);
	struct costs c;
	cost_defaults(&c);
	enum cost_id bad = COST__COUNT;
	c.v[i] = d->min;
	if (i != C_TDMA_RT_SLICE && i != C_TDMA_FRAME)
		ck_assert_msg(cost_check(&c, &bad) == NULL, "%s at its minimum", d->key);
	c.v[i] = d->max;
	if (i != C_TDMA_RT_SLICE && i != C_TDMA_FRAME)
		ck_assert_msg(cost_check(&c, &bad) == NULL, "%s at its maximum", d->key);
	if (d->min > 0) {
		c.v[i] = d->min - 1;
		bad = COST__COUNT;
		ck_assert_msg(cost_check(&c, &bad) != NULL, "%s below min", d->key);
		ck_assert_int_eq(bad, i);
	}
	if (d->max < UINT64_MAX) {
		c.v[i] = d->max + 1;
		bad = COST__COUNT;
		ck_assert_msg(cost_check(&c, &bad) != NULL, "%s above max", d->key);
		ck_assert_int_eq(bad, i);
	}
}
END_TEST

START_TEST(t_check_slice)
{
	static const struct { uint64_t frame, slice; int ok; } tab[] = {
		{1000000000, 500000000, 1},
		{1000000000, 999999999, 1},
		{1000000000, 1000000000, 0},    /* equal: GP never runs */
		{1000000000, 1000000001, 0},
		{2, 1, 1},
		{1, 1, 0},
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct costs c;
		cost_defaults(&c);
		c.v[C_TDMA_FRAME] = tab[i].frame;
		c.v[C_TDMA_RT_SLICE] = tab[i].slice;
		enum cost_id bad = COST__COUNT;
		const char *m = cost_check(&c, &bad);
		ck_assert_msg((m == NULL) == tab[i].ok, "row %zu", i);
		if (!tab[i].ok) {
			ck_assert_int_eq(bad, C_TDMA_RT_SLICE);
			ck_assert_ptr_nonnull(strstr(m, "tdma_frame"));
		}
	}
}
END_TEST

static Suite *cost_suite(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_ps_to_cycles);
	tcase_add_test(tc, t_cycles_to_ps);
	tcase_add_test(tc, t_cost_cycles);
	tcase_add_test(tc, t_dma);
	tcase_add_test(tc, t_table);
	tcase_add_test(tc, t_chan_bus_ser);
	tcase_add_test(tc, t_table_matches_doc);
	tcase_add_loop_test(tc, t_check_ranges, 0, COST__COUNT);
	tcase_add_test(tc, t_check_slice);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(cost_suite());
}
