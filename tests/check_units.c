/* check_units.c - values with units (src/units.c): exact integer results
 * for good text, the exact message for bad text, shortest exact formatting
 * and parse(format(v)) == v. Models the scenario's statement of the
 * hardware of Fig. 1 and the step costs of Figs. 7-8 (model/cost.c). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/paths.h"
#include "../src/units.h"

#include "checkrun.h"

#define MAXT (3600ull * 1000000000000ull)   /* one hour in ps */

struct good {
	enum cost_unit u;
	const char *text;
	uint64_t want;
	enum cost_unit given;
};

static const struct good goods[] = {
	/* durations -> ps */
	{CU_PS, "20ms", 20000000000ull, CU_PS},
	{CU_PS, "1.5us", 1500000ull, CU_PS},
	{CU_PS, "300ps", 300, CU_PS},
	{CU_PS, "546ns", 546000ull, CU_PS},
	{CU_PS, "0", 0, CU_PS},
	{CU_PS, "0.0", 0, CU_PS},
	{CU_PS, "1 s", 1000000000000ull, CU_PS},
	{CU_PS, " 7ns ", 7000, CU_PS},
	{CU_PS, "\t 7ns \t", 7000, CU_PS},   /* tabs are blanks too */
	{CU_PS, "+3us", 3000000ull, CU_PS},
	{CU_PS, "-0", 0, CU_PS},            /* minus zero is zero, not below the minimum */
	{CU_PS, "-0.0us", 0, CU_PS},
	{CU_PS, "1.000us", 1000000ull, CU_PS},
	{CU_PS, "0.001ns", 1, CU_PS},
	{CU_PS, "131.072\xc2\xb5s", 131072000ull, CU_PS},   /* micro sign */
	{CU_PS, "2\xce\xbcs", 2000000ull, CU_PS},           /* greek mu */
	{CU_PS, ".5us", 500000ull, CU_PS},
	{CU_PS, "3600s", MAXT, CU_PS},
	/* cycle keys: cycles, or a time left for the caller to convert */
	{CU_CYCLES, "300cycles", 300, CU_CYCLES},
	{CU_CYCLES, "1cycle", 1, CU_CYCLES},
	{CU_CYCLES, "1.4us", 1400000ull, CU_PS},
	{CU_CYCLES, "0", 0, CU_CYCLES},
	/* frequency -> Hz */
	{CU_HZ, "2.4GHz", 2400000000ull, CU_HZ},
	{CU_HZ, "100MHz", 100000000ull, CU_HZ},
	{CU_HZ, "3 GHz", 3000000000ull, CU_HZ},
	{CU_HZ, "1000kHz", 1000000ull, CU_HZ},
	{CU_HZ, "1000000Hz", 1000000ull, CU_HZ},
	/* rates -> bit/s */
	{CU_BPS, "1Gbit/s", 1000000000ull, CU_BPS},
	{CU_BPS, "100Mbps", 100000000ull, CU_BPS},
	{CU_BPS, "1.5Mbit/s", 1500000ull, CU_BPS},
	{CU_BPS, "64kb/s", 64000ull, CU_BPS},
	{CU_BPS, "10Gb/s", 10000000000ull, CU_BPS},
	{CU_BPS, "9600bit/s", 9600, CU_BPS},
	{CU_BPS, "2000bps", 2000, CU_BPS},
	/* per byte */
	{CU_PS_PER_BYTE, "0.3ns/B", 300, CU_PS_PER_BYTE},
	{CU_PS_PER_BYTE, "7.5ns/B", 7500, CU_PS_PER_BYTE},
	{CU_PS_PER_BYTE, "300ps/B", 300, CU_PS_PER_BYTE},
	{CU_MCYC_PER_BYTE, "0.25cycles/B", 250, CU_MCYC_PER_BYTE},
	{CU_MCYC_PER_BYTE, "1.6cycles/B", 1600, CU_MCYC_PER_BYTE},
	{CU_MCYC_PER_BYTE, "2cycles/byte", 2000, CU_MCYC_PER_BYTE},
	{CU_MCYC_PER_BYTE, "0.1ns/B", 100, CU_PS_PER_BYTE},
	/* sizes, slots, counts */
	{CU_BYTES, "1500", 1500, CU_BYTES},
	{CU_BYTES, "64B", 64, CU_BYTES},
	{CU_BYTES, "3KiB", 3072, CU_BYTES},
	{CU_BYTES, "1.5KiB", 1536, CU_BYTES},
	{CU_BYTES, "2MiB", 2097152ull, CU_BYTES},
	{CU_BYTES, "9000 bytes", 9000, CU_BYTES},
	{CU_SLOTS, "256", 256, CU_SLOTS},
	{CU_SLOTS, "256slots", 256, CU_SLOTS},
	{CU_SLOTS, "16777216", 16777216ull, CU_SLOTS},
	{CU_COUNT, "5", 5, CU_COUNT},
	/* every other spelling of doc/scenario.md's table of units, by hand:
	 * k = 10^3, M = 10^6, G = 10^9 for rates; ns/B and cycles/B are 1000
	 * of their base (ps/B, thousandths of a cycle per byte) */
	{CU_BPS, "64kbit/s", 64000ull, CU_BPS},
	{CU_BPS, "3kbps", 3000ull, CU_BPS},
	{CU_BPS, "2Gbps", 2000000000ull, CU_BPS},
	{CU_BPS, "700b/s", 700, CU_BPS},
	{CU_BPS, "5Mb/s", 5000000ull, CU_BPS},
	{CU_PS_PER_BYTE, "2ns/byte", 2000, CU_PS_PER_BYTE},
	{CU_PS_PER_BYTE, "40ps/byte", 40, CU_PS_PER_BYTE},
	{CU_MCYC_PER_BYTE, "3cycle/B", 3000, CU_MCYC_PER_BYTE},
	{CU_MCYC_PER_BYTE, "0.5ns/byte", 500, CU_PS_PER_BYTE},
	{CU_SLOTS, "1slot", 1, CU_SLOTS},
	{CU_BYTES, "1byte", 1, CU_BYTES},
	{CU_BYTES, "0.5KiB", 512, CU_BYTES},
	/* 1 byte is 2^-20 MiB = 5^20 / 10^20 = 0.00000095367431640625 MiB,
	 * twenty decimals: a whole number of bytes */
	{CU_BYTES, "0.00000095367431640625MiB", 1, CU_BYTES},
	{CU_BYTES, "3.00000095367431640625MiB", 3145729ull, CU_BYTES},   /* 3 x 2^20 + 1 */
	/* 2^64 - 1, twenty digits: the largest value */
	{CU_COUNT, "18446744073709551615", UINT64_MAX, CU_COUNT},
	/* trailing zeros are no precision: 1 followed by 30 zero decimals, more
	 * than the 26 digits a fraction may have, is 1s = 10^12 ps */
	{CU_PS, "1.000000000000000000000000000000s", 1000000000000ull, CU_PS},
};

START_TEST(test_good)
{
	const struct good *g = &goods[_i];
	uint64_t v = 12345;
	enum cost_unit given = CU_COUNT;
	char msg[256] = "";
	int rc = units_parse(g->u, g->text, 0, UINT64_MAX, &v, &given, msg, sizeof msg);
	ck_assert_msg(rc == 0, "%s: %s", g->text, msg);
	ck_assert_msg(v == g->want, "%s: got %llu want %llu", g->text,
	              (unsigned long long)v, (unsigned long long)g->want);
	ck_assert_msg(given == g->given, "%s: given %d want %d", g->text, given, g->given);
}
END_TEST

struct bad {
	enum cost_unit u;
	const char *text;
	uint64_t min, max;
	const char *msg;
};

static const struct bad bads[] = {
	{CU_PS, "20", 0, MAXT,
	 "\"20\" has no unit: expected a duration such as 20ms or 1.5us"},
	{CU_PS, "20mz", 0, MAXT,
	 "\"20mz\": unknown unit \"mz\" (did you mean 20ms?); expected a duration such as 20ms or 1.5us"},
	{CU_PS, "20 msec", 0, MAXT,
	 "\"20 msec\": unknown unit \"msec\" (did you mean 20ms?); expected a duration such as 20ms or 1.5us"},
	{CU_PS, "20 years", 0, MAXT,
	 "\"20 years\": unknown unit \"years\"; expected a duration such as 20ms or 1.5us"},
	{CU_PS, "0.1ps", 0, MAXT, "\"0.1ps\" is not a whole number of picoseconds"},
	{CU_PS, "fast", 0, MAXT, "\"fast\": expected a duration such as 20ms or 1.5us"},
	{CU_PS, "", 0, MAXT, "no value: expected a duration such as 20ms or 1.5us"},
	{CU_PS, "300cycles", 0, MAXT,
	 "\"300cycles\" is a number of cycles, not a duration; expected a duration such as 20ms or 1.5us"},
	{CU_PS, "31557600000000000s", 0, 86400000000000000ull,
	 "\"31557600000000000s\" is out of range (max 86400s)"},
	{CU_PS, "99999999999999999999999s", 0, MAXT,
	 "\"99999999999999999999999s\" is out of range (max 3600s)"},
	{CU_PS, "-5ns", 0, MAXT, "\"-5ns\" is out of range (min 0s)"},
	{CU_PS, "-0.5us", 0, MAXT, "\"-0.5us\" is out of range (min 0s)"},   /* below 1, still below 0 */
	{CU_PS, "0.5", 0, MAXT, "\"0.5\" has no unit: expected a duration such as 20ms or 1.5us"},
	{CU_PS, "1.5.3us", 0, MAXT,
	 "\"1.5.3us\": unknown unit \".3us\"; expected a duration such as 20ms or 1.5us"},
	{CU_CYCLES, "1.5cycles", 0, 100000000, "\"1.5cycles\" is not a whole number of cycles"},
	{CU_CYCLES, "300", 0, 100000000,
	 "\"300\" has no unit: expected a duration such as 20ms, 1.5us or 300cycles"},
	{CU_CYCLES, "200000000cycles", 0, 100000000,
	 "\"200000000cycles\" is out of range (max 100000000cycles)"},
	{CU_BPS, "1GB/s", 1000000, 400000000000ull,
	 "\"1GB/s\" is in bytes per second, rates are in bits per second: did you mean 1Gbit/s? "
	 "(1GB/s is 8Gbit/s)"},
	{CU_BPS, "12.5MBps", 1000000, 400000000000ull,
	 "\"12.5MBps\" is in bytes per second, rates are in bits per second: did you mean 12.5Mbit/s? "
	 "(12.5MBps is 100Mbit/s)"},
	{CU_BPS, "3GHz", 1000000, 400000000000ull,
	 "\"3GHz\" is a frequency, not a rate; expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_BPS, "-1Gbit/s", 1000000, 400000000000ull, "\"-1Gbit/s\" is out of range (min 1Mbit/s)"},
	{CU_BPS, "1Gbit", 1000000, 400000000000ull,
	 "\"1Gbit\": unknown unit \"Gbit\" (did you mean 1Gbit/s?); expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_BPS, "1000", 1000000, 400000000000ull,
	 "\"1000\" has no unit: expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_BPS, "1Tbit/s", 1000000, 400000000000ull,
	 "\"1Tbit/s\": unknown unit \"Tbit/s\"; expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_BPS, "1e9", 1000000, 400000000000ull,
	 "\"1e9\": no exponents; expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_BPS, "1E9", 1000000, 400000000000ull,
	 "\"1E9\": no exponents; expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_PS, "2e-3s", 0, MAXT, "\"2e-3s\": no exponents; expected a duration such as 20ms or 1.5us"},
	/* a blank before it: a unit, not an exponent */
	{CU_BPS, "1 e9", 1000000, 400000000000ull,
	 "\"1 e9\": unknown unit \"e9\"; expected a rate such as 1Gbit/s or 100Mbit/s"},
	{CU_HZ, "2.4ghz", 1000000, 100000000000ull,
	 "\"2.4ghz\": unknown unit \"ghz\" (did you mean 2.4GHz?); expected a frequency such as 2.4GHz or 100MHz"},
	{CU_HZ, "500kHz", 1000000, 100000000000ull, "\"500kHz\" is out of range (min 1MHz)"},
	{CU_SLOTS, "0", 1, 16777216, "\"0\" is out of range (min 1)"},
	{CU_SLOTS, "1099511627776", 1, 16777216, "\"1099511627776\" is out of range (max 16777216)"},
	{CU_SLOTS, "2.5", 1, 16777216, "\"2.5\" is not a whole number of slots"},
	{CU_SLOTS, "4KiB", 1, 16777216,
	 "\"4KiB\" is a size, not a number of slots; expected a whole number of slots such as 256"},
	{CU_BYTES, "1.3KiB", 0, 65535, "\"1.3KiB\" is not a whole number of bytes"},
	{CU_BYTES, "9000kB", 0, 65535,
	 "\"9000kB\": unknown unit \"kB\" (did you mean 9000KiB?); expected a size in bytes such as 1500, 1500B or 64KiB"},
	{CU_COUNT, "5B", 0, 100,
	 "\"5B\" is a size, not a plain number; expected a whole number such as 256"},
	{CU_PS_PER_BYTE, "0.3ns", 0, 1000000,
	 "\"0.3ns\" is a duration, not a time per byte; expected a time per byte such as 0.3ns/B or 300ps/B"},
	{CU_PS_PER_BYTE, "0.0001ns/B", 0, 1000000, "\"0.0001ns/B\" is not a whole number of ps/B"},
	{CU_MCYC_PER_BYTE, "0.0001cycles/B", 0, 1000000,
	 "\"0.0001cycles/B\" is not a whole number of thousandths of a cycle per byte"},
	/* every byte rate names the bit rate of its prefix, and its value x 8 */
	{CU_BPS, "1B/s", 1000000, 400000000000ull,
	 "\"1B/s\" is in bytes per second, rates are in bits per second: did you mean 1bit/s? "
	 "(1B/s is 8bit/s)"},
	{CU_BPS, "2kB/s", 1000000, 400000000000ull,
	 "\"2kB/s\" is in bytes per second, rates are in bits per second: did you mean 2kbit/s? "
	 "(2kB/s is 16kbit/s)"},
	{CU_BPS, "3KB/s", 1000000, 400000000000ull,
	 "\"3KB/s\" is in bytes per second, rates are in bits per second: did you mean 3kbit/s? "
	 "(3KB/s is 24kbit/s)"},
	{CU_BPS, "3MB/s", 1000000, 400000000000ull,
	 "\"3MB/s\" is in bytes per second, rates are in bits per second: did you mean 3Mbit/s? "
	 "(3MB/s is 24Mbit/s)"},
	{CU_BPS, "5Bps", 1000000, 400000000000ull,
	 "\"5Bps\" is in bytes per second, rates are in bits per second: did you mean 5bit/s? "
	 "(5Bps is 40bit/s)"},
	{CU_BPS, "2kBps", 1000000, 400000000000ull,
	 "\"2kBps\" is in bytes per second, rates are in bits per second: did you mean 2kbit/s? "
	 "(2kBps is 16kbit/s)"},
	{CU_BPS, "2KBps", 1000000, 400000000000ull,
	 "\"2KBps\" is in bytes per second, rates are in bits per second: did you mean 2kbit/s? "
	 "(2KBps is 16kbit/s)"},
	{CU_BPS, "1GBps", 1000000, 400000000000ull,
	 "\"1GBps\" is in bytes per second, rates are in bits per second: did you mean 1Gbit/s? "
	 "(1GBps is 8Gbit/s)"},
	/* the largest byte rate whose bits fit 64 bits: floor((2^64 - 1) / 8)
	 * = 2305843009213693951, x 8 = 18446744073709551608; one more has no
	 * value in bits to name */
	{CU_BPS, "2305843009213693951B/s", 1000000, 400000000000ull,
	 "\"2305843009213693951B/s\" is in bytes per second, rates are in bits per second: "
	 "did you mean 2305843009213693951bit/s? (2305843009213693951B/s is 18446744073709551608bit/s)"},
	{CU_BPS, "2305843009213693952B/s", 1000000, 400000000000ull,
	 "\"2305843009213693952B/s\" is in bytes per second, rates are in bits per second: "
	 "did you mean 2305843009213693952bit/s?"},
	/* suggestions: an alias, a unit in other case; none for one letter */
	{CU_PS, "20sec", 0, MAXT,
	 "\"20sec\": unknown unit \"sec\" (did you mean 20s?); expected a duration such as 20ms or 1.5us"},
	{CU_PS, "20MS", 0, MAXT,
	 "\"20MS\": unknown unit \"MS\" (did you mean 20ms?); expected a duration such as 20ms or 1.5us"},
	{CU_PS, "5x", 0, MAXT,
	 "\"5x\": unknown unit \"x\"; expected a duration such as 20ms or 1.5us"},
	/* a decimal point needs a digit after it: "5." is no number */
	{CU_PS, "5.us", 0, MAXT,
	 "\"5.us\": unknown unit \".us\" (did you mean 5us?); expected a duration such as 20ms or 1.5us"},
	/* 2^64, twenty digits, one past the largest */
	{CU_COUNT, "18446744073709551616", 0, UINT64_MAX,
	 "\"18446744073709551616\" is out of range (max 18446744073709551615)"},
	{CU_BYTES, "5slots", 0, 65535,
	 "\"5slots\" is a number of slots, not a size; expected a size in bytes such as 1500, 1500B or 64KiB"},
	/* 10^20, twenty-one digits: its first twenty, 10^19, would fit */
	{CU_COUNT, "100000000000000000000", 0, UINT64_MAX,
	 "\"100000000000000000000\" is out of range (max 18446744073709551615)"},
	/* an exponent with a plus sign is an exponent too */
	{CU_PS, "2e+3s", 0, MAXT, "\"2e+3s\": no exponents; expected a duration such as 20ms or 1.5us"},
	/* a negative byte rate: the unit named, no value in bits (-1GB/s is
	 * not 8Gbit/s) */
	{CU_BPS, "-1GB/s", 1000000, 400000000000ull,
	 "\"-1GB/s\" is in bytes per second, rates are in bits per second: did you mean -1Gbit/s?"},
};

START_TEST(test_bad)
{
	const struct bad *b = &bads[_i];
	uint64_t v = 777;
	enum cost_unit given;
	char msg[512] = "";
	int rc = units_parse(b->u, b->text, b->min, b->max, &v, &given, msg, sizeof msg);
	ck_assert_msg(rc == -1, "%s: accepted as %llu", b->text, (unsigned long long)v);
	ck_assert_str_eq(msg, b->msg);
	ck_assert_uint_eq(v, 777);   /* untouched on error */
}
END_TEST

/* A time given where only cycles are possible needs `given`. */
START_TEST(test_given_required)
{
	uint64_t v;
	char msg[256];
	ck_assert_int_eq(units_parse(CU_CYCLES, "5us", 0, 100, &v, NULL, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"5us\": expected a duration such as 20ms, 1.5us or 300cycles");
	ck_assert_int_eq(units_parse(CU_CYCLES, "5cycles", 0, 100, &v, NULL, msg, sizeof msg), 0);
	ck_assert_uint_eq(v, 5);
}
END_TEST

struct fmt {
	enum cost_unit u;
	uint64_t v;
	const char *text;
};

static const struct fmt fmts[] = {
	{CU_PS, 546000, "546ns"},
	{CU_PS, 1500000, "1.5us"},
	{CU_PS, 0, "0s"},
	{CU_PS, 100000000000ull, "100ms"},
	{CU_PS, 2500000000ull, "2.5ms"},
	{CU_PS, 1, "1ps"},
	{CU_PS, 1001, "1001ps"},
	{CU_PS, 131072000, "131072ns"},
	{CU_PS, 3600000000000000ull, "3600s"},
	{CU_HZ, 2400000000ull, "2.4GHz"},
	{CU_HZ, 3000000000ull, "3GHz"},
	{CU_HZ, 1234567, "1234567Hz"},
	{CU_BPS, 1000000000ull, "1Gbit/s"},
	{CU_BPS, 100000000ull, "100Mbit/s"},
	{CU_BPS, 1500000, "1.5Mbit/s"},
	{CU_PS_PER_BYTE, 300, "300ps/B"},
	{CU_PS_PER_BYTE, 7500, "7.5ns/B"},
	{CU_MCYC_PER_BYTE, 250, "0.25cycles/B"},
	{CU_MCYC_PER_BYTE, 1600, "1.6cycles/B"},
	/* a tie in length (7: 1.25GHz, 1250MHz): the one without a point */
	{CU_HZ, 1250000000ull, "1250MHz"},
	{CU_CYCLES, 2000, "2000cycles"},
	{CU_BYTES, 1500, "1500"},
	{CU_SLOTS, 256, "256"},
	{CU_COUNT, 0, "0"},
};

START_TEST(test_format)
{
	char b[UNITS_FMT_MAX];
	ck_assert_str_eq(units_format(fmts[_i].u, fmts[_i].v, b, sizeof b), fmts[_i].text);
}
END_TEST

/* parse(format(v)) == v over many values of every unit (fixed-seed LCG). */
START_TEST(test_roundtrip)
{
	static const enum cost_unit us[] = {CU_HZ, CU_BPS, CU_CYCLES, CU_PS, CU_PS_PER_BYTE,
	                                    CU_MCYC_PER_BYTE, CU_SLOTS, CU_BYTES, CU_COUNT};
	uint64_t x = 88172645463325252ull;
	for (size_t k = 0; k < sizeof us / sizeof us[0]; k++) {
		for (int i = 0; i < 2000; i++) {
			char b[UNITS_FMT_MAX], msg[256];
			uint64_t v, back = 0;
			enum cost_unit given;
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			/* a spread of magnitudes, many round numbers */
			v = (x >> 33) % 1000000;
			for (int z = (int)((x >> 7) % 13); z > 0; z--)
				v *= 10;
			units_format(us[k], v, b, sizeof b);
			ck_assert_msg(units_parse(us[k], b, 0, UINT64_MAX, &back, &given, msg, sizeof msg) == 0,
			              "%s: %s", b, msg);
			ck_assert_msg(back == v && given == us[k], "%llu -> %s -> %llu",
			              (unsigned long long)v, b, (unsigned long long)back);
		}
	}
}
END_TEST

START_TEST(test_psb_to_mcyc)
{
	/* 0.1 ns/B at 2 GHz = 0.2 cycles/B; 1 ps/B at 3 GHz = 0.003 cycles/B */
	ck_assert_uint_eq(units_psb_to_mcyc(100, 2000000000ull), 200);
	ck_assert_uint_eq(units_psb_to_mcyc(1, 3000000000ull), 3);
	/* rounded up: 1 ps/B at 2.4 GHz = 2.4 millicycles -> 3 */
	ck_assert_uint_eq(units_psb_to_mcyc(1, 2400000000ull), 3);
	ck_assert_uint_eq(units_psb_to_mcyc(0, 2400000000ull), 0);
}
END_TEST

/* by hand: 1 cycle at 3 GHz is 333.33 ps; 3 cycles 1000 ps exactly;
 * 2^63 cycles at 1 GHz is 2^63 x 1000 ps, past 2^64: the largest value,
 * where the casts before wrapped to 2^63 x 1000 mod 2^64 = 0 */
/* by hand, each case's folder, base, stem and joined path */
START_TEST(test_paths)
{
	static const char *const dir[][2] = {
		{"a/b/c.yaml", "a/b"}, {"c.yaml", "."}, {"/c.yaml", "/"}, {"a/", "a"}, {"./x", "."},
	};
	for (size_t i = 0; i < sizeof dir / sizeof *dir; i++) {
		char *d = paths_dir(dir[i][0]);
		ck_assert_str_eq(d, dir[i][1]);
		free(d);
	}
	ck_assert_str_eq(paths_base("a/b/c.yaml"), "c.yaml");
	ck_assert_str_eq(paths_base("c"), "c");
	ck_assert_str_eq(paths_base("a/"), "");
	ck_assert_uint_eq(paths_stem_len("calls.yaml"), 5);
	ck_assert_uint_eq(paths_stem_len("x.yml"), 1);
	ck_assert_uint_eq(paths_stem_len(".yaml"), 5);   /* nothing before it: the whole */
	ck_assert_uint_eq(paths_stem_len("a.yaml.bak"), 10);
	static const char *const beside[][3] = {
		{"a/s.yaml", "x.pcap", "a/x.pcap"}, {"/s.yaml", "x.pcap", "/x.pcap"},
		{"s.yaml", "x.pcap", "x.pcap"}, {"a/b/s.yaml", "/t/x.pcap", "/t/x.pcap"},
		{"a/b/s.yaml", "../x.pcap", "a/b/../x.pcap"},
	};
	for (size_t i = 0; i < sizeof beside / sizeof *beside; i++) {
		char *p = paths_beside(beside[i][0], beside[i][1]);
		ck_assert_str_eq(p, beside[i][2]);
		free(p);
	}
	/* longer than PATH_MAX (4096) whole: 3000 + '/' + 3000 bytes */
	char *f = malloc(3008), *r = malloc(3001);
	memset(f, 'd', 3000);
	strcpy(f + 3000, "/s.yaml");
	memset(r, 'r', 3000);
	r[3000] = 0;
	char *p = paths_beside(f, r);
	ck_assert_uint_eq(strlen(p), 6001);
	ck_assert_int_eq(p[3000], '/');
	ck_assert_int_eq(p[6000], 'r');
	free(p);
	free(f);
	free(r);
}
END_TEST

/* A file at p holding text. */
static void put_text(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void assert_text(const char *p, const char *text)
{
	char b[64] = "";
	FILE *f = fopen(p, "r");
	ck_assert_msg(f != NULL, "%s", p);
	size_t n = fread(b, 1, sizeof b - 1, f);
	fclose(f);
	b[n] = 0;
	ck_assert_str_eq(b, text);
}

/* paths_publish without replace never takes the name of a file that is
 * there (a file, a dangling link): -1, EEXIST, both left as they were; with
 * nothing there the temporary file becomes the file; with replace it goes
 * over one, as rename(2). */
START_TEST(test_paths_publish)
{
	char d[64], t[96], p[96], l[96];
	snprintf(d, sizeof d, "%s/check_units.XXXXXX", getenv("TMPDIR") && *getenv("TMPDIR")
	                                                ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(t, sizeof t, "%s/f.tmp", d);
	snprintf(p, sizeof p, "%s/f", d);
	snprintf(l, sizeof l, "%s/l", d);
	put_text(t, "new");
	put_text(p, "mine");
	errno = 0;
	ck_assert_int_eq(paths_publish(t, p, false), -1);
	ck_assert_int_eq(errno, EEXIST);
	assert_text(p, "mine");
	assert_text(t, "new");
	ck_assert_int_eq(symlink("nowhere", l), 0);
	errno = 0;
	ck_assert_int_eq(paths_publish(t, l, false), -1);
	ck_assert_int_eq(errno, EEXIST);
	char to[16] = "";
	ck_assert_int_eq(readlink(l, to, sizeof to - 1), 7);
	ck_assert_str_eq(to, "nowhere");
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(paths_publish(t, p, false), 0);
	assert_text(p, "new");
	ck_assert_int_ne(access(t, F_OK), 0);
	put_text(t, "newer");
	ck_assert_int_eq(paths_publish(t, p, true), 0);
	assert_text(p, "newer");
	ck_assert_int_ne(access(t, F_OK), 0);
	unlink(p);
	unlink(l);
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

START_TEST(test_muldiv)
{
	ck_assert_uint_eq(units_muldiv(1, UNITS_PS_PER_S, 3000000000ull, false), 333);
	ck_assert_uint_eq(units_muldiv(1, UNITS_PS_PER_S, 3000000000ull, true), 334);
	ck_assert_uint_eq(units_muldiv(3, UNITS_PS_PER_S, 3000000000ull, true), 1000);
	ck_assert_uint_eq(units_muldiv(1ull << 63, UNITS_PS_PER_S, 1000000000ull, false), UINT64_MAX);
	ck_assert_uint_eq(units_muldiv(UINT64_MAX, UINT64_MAX, UINT64_MAX, false), UINT64_MAX);
	ck_assert_uint_eq(units_muldiv(UINT64_MAX, 3, 4, true), 13835058055282163712ull);
	/* 2^63 cycles at 1 GHz: 2^63 x 1000 ps, above 2^64 */
	unsigned __int128 w = units_cyc_ps_wide(1ull << 63, 1000000000ull);
	ck_assert(w == (unsigned __int128)(1ull << 63) * 1000u);
	ck_assert(units_cyc_ps_wide(2, 3000000000ull) == 666);
}
END_TEST

START_TEST(test_ns_text)
{
	char b[48];
	ck_assert_str_eq(units_ns_text(0, b, sizeof b), "0.000");
	ck_assert_str_eq(units_ns_text(1234567, b, sizeof b), "1234.567");
	ck_assert_str_eq(units_ns_text(UNITS_PS_PER_S + 5, b, sizeof b), "1000000000.005");
	/* 2^64 - 1 cycles at 1 MHz: (2^64 - 1) x 10^6 ps, 18446744073709551615000 ns,
	 * past 2^64 ns */
	ck_assert_str_eq(units_ns_text(units_cyc_ps_wide(UINT64_MAX, 1000000), b, sizeof b),
	                 "18446744073709551615000.000");
}
END_TEST

struct bcase {
	const char *text;
	int rc;
	bool v;
};

static const struct bcase bools[] = {
	{"true", 0, true}, {"false", 0, false}, {"yes", 0, true}, {"no", 0, false},
	{"on", 0, true}, {"off", 0, false}, {"1", 0, true}, {"0", 0, false},
	{"True", 0, true}, {"OFF", 0, false}, {" yes ", 0, true},
	{"maybe", -1, false}, {"2", -1, false}, {"", -1, false}, {"ye", -1, false},
};

START_TEST(test_bool)
{
	bool v = !bools[_i].v;
	char msg[256];
	ck_assert_int_eq(units_parse_bool(bools[_i].text, &v, msg, sizeof msg), bools[_i].rc);
	if (bools[_i].rc == 0)
		ck_assert(v == bools[_i].v);
}
END_TEST

START_TEST(test_bool_msg)
{
	bool v;
	char msg[256];
	units_parse_bool("maybe", &v, msg, sizeof msg);
	ck_assert_str_eq(msg, "\"maybe\" is not a boolean: expected true or false (or yes/no, on/off, 1/0)");
	units_parse_bool("", &v, msg, sizeof msg);
	ck_assert_str_eq(msg, "no value: expected true or false");
}
END_TEST

START_TEST(test_mac)
{
	uint8_t m[6];
	char b[18], msg[256];
	static const uint8_t want[6] = {0x02, 0, 0, 0xab, 0xcd, 0xef};
	ck_assert_int_eq(units_parse_mac("02:00:00:AB:cd:ef", m, msg, sizeof msg), 0);
	ck_assert_mem_eq(m, want, 6);
	ck_assert_str_eq(units_format_mac(m, b), "02:00:00:ab:cd:ef");
	ck_assert_int_eq(units_parse_mac("2-0-0-ab-cd-ef", m, msg, sizeof msg), 0);
	ck_assert_mem_eq(m, want, 6);
	/* every decimal digit, 0 and 9 at the ends */
	static const uint8_t nines[6] = {0x09, 0x19, 0x29, 0x39, 0x49, 0x90};
	ck_assert_int_eq(units_parse_mac("09:19:29:39:49:90", m, msg, sizeof msg), 0);
	ck_assert_mem_eq(m, nines, 6);
	static const char *const badm[] = {
		"02:00:00:00:00", "02:00:00:00:00:01:02", "02:00:00:00:00:0g", "02:00-00:00:00:01",
		"020:00:00:00:00:01", "", "02::00:00:00:01",
	};
	for (size_t i = 0; i < sizeof badm / sizeof badm[0]; i++)
		ck_assert_msg(units_parse_mac(badm[i], m, msg, sizeof msg) == -1, "%s", badm[i]);
	units_parse_mac("02:00:00:00:00", m, msg, sizeof msg);
	ck_assert_str_eq(msg, "\"02:00:00:00:00\" is not a MAC address such as 02:00:00:00:00:01");
}
END_TEST

START_TEST(test_ip)
{
	uint32_t a;
	uint8_t ip[16];
	bool v6;
	char b[46], msg[256];
	ck_assert_int_eq(units_parse_ipv4("10.0.0.1", &a, msg, sizeof msg), 0);
	ck_assert_uint_eq(a, 0x0a000001u);
	ck_assert_str_eq(units_format_ipv4(a, b), "10.0.0.1");
	ck_assert_int_eq(units_parse_ipv4("10.0.0.256", &a, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"10.0.0.256\" is not an IPv4 address such as 10.0.0.1");
	ck_assert_int_eq(units_parse_ipv4("10.0.0", &a, msg, sizeof msg), -1);
	ck_assert_int_eq(units_parse_ipv6("fd00::1", ip, msg, sizeof msg), 0);
	ck_assert_uint_eq(ip[0], 0xfd);
	ck_assert_uint_eq(ip[15], 1);
	ck_assert_str_eq(units_format_ipv6(ip, b), "fd00::1");
	ck_assert_int_eq(units_parse_ipv6("fd00::1::2", ip, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"fd00::1::2\" is not an IPv6 address such as fd00::1");
	ck_assert_int_eq(units_parse_ip("192.168.1.2", ip, &v6, msg, sizeof msg), 0);
	ck_assert(!v6);
	ck_assert_uint_eq(ip[0], 192);
	ck_assert_uint_eq(ip[3], 2);
	ck_assert_int_eq(units_parse_ip("::1", ip, &v6, msg, sizeof msg), 0);
	ck_assert(v6);
	ck_assert_int_eq(units_parse_ip("host", ip, &v6, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"host\" is not an IP address such as 10.0.0.2 or fd00::2");
}
END_TEST

START_TEST(test_port)
{
	uint16_t p = 0;
	char msg[256];
	ck_assert_int_eq(units_parse_port("5004", &p, msg, sizeof msg), 0);
	ck_assert_uint_eq(p, 5004);
	ck_assert_int_eq(units_parse_port("65535", &p, msg, sizeof msg), 0);
	ck_assert_uint_eq(p, 65535);
	ck_assert_int_eq(units_parse_port("0", &p, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"0\" is out of range (min 1, max 65535)");
	ck_assert_int_eq(units_parse_port("65536", &p, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"65536\" is out of range (max 65535)");
	ck_assert_int_eq(units_parse_port("50x", &p, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"50x\" is not a UDP port number (1 to 65535)");
	ck_assert_int_eq(units_parse_port("-1", &p, msg, sizeof msg), -1);
	/* 655350 is ten times 65535: out of range, not 65535 */
	ck_assert_int_eq(units_parse_port("655350", &p, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"655350\" is out of range (max 65535)");
}
END_TEST

struct pcase {
	const char *text;
	int rc;
	const char *canon;   /* units_format_ports of the result, or the message */
};

static const struct pcase ports[] = {
	{"5004-5099,7000", 0, "5004-5099,7000"},
	{"7000, 5004 - 5006", 0, "5004-5006,7000"},
	{"5004,5005,5006,5008", 0, "5004-5006,5008"},
	{"5004-5010,5008", 0, "5004-5010"},
	{"1,65535", 0, "1,65535"},
	{"", 0, ""},
	{"5099-5004", -1, "\"5099-5004\": a range goes from the lower port to the higher"},
	{"0-10", -1, "\"0-10\": ports go from 1 to 65535"},
	{"5004,,7000", -1, "\"5004,,7000\": an empty item in the port list"},
	{",5004", -1, "\",5004\": an empty item in the port list"},
	{"5004,", -1, "\"5004,\": an empty item in the port list"},
	{"5004-", -1, "\"5004-\" is not a port or a range of ports such as 5004-5099"},
	{"rtp", -1, "\"rtp\" is not a port or a range of ports such as 5004-5099"},
	{"70000", -1, "\"70000\": ports go from 1 to 65535"},
	{"5004  -  5006", 0, "5004-5006"},   /* blanks around the dash, two each */
};

START_TEST(test_ports)
{
	uint8_t map[UNITS_PORTMAP_BYTES] = {0};
	char msg[256] = "";
	int rc = units_parse_ports(ports[_i].text, map, msg, sizeof msg);
	ck_assert_int_eq(rc, ports[_i].rc);
	if (rc == 0) {
		size_t n;
		uint16_t *p = units_ports_list(map, &n);
		char *s = units_format_ports(p, n);
		ck_assert_str_eq(s, ports[_i].canon);
		free(s);
		free(p);
	} else {
		ck_assert_str_eq(msg, ports[_i].canon);
	}
}
END_TEST

START_TEST(test_ports_accumulate)
{
	uint8_t map[UNITS_PORTMAP_BYTES] = {0};
	size_t n;
	uint16_t *p;
	ck_assert_int_eq(units_parse_ports("5004-5005", map, NULL, 0), 0);
	ck_assert_int_eq(units_parse_ports("7000", map, NULL, 0), 0);
	p = units_ports_list(map, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(p[0], 5004);
	ck_assert_uint_eq(p[2], 7000);
	free(p);
}
END_TEST

/* The list at the bitmap's edges: bit 0 (port 0) is never listed; 1, 7
 * and 8 straddle the first byte boundary; 65535 is the last bit. */
START_TEST(test_ports_list_edges)
{
	uint8_t map[UNITS_PORTMAP_BYTES] = {0};
	map[0] = 0x83;                /* ports 0, 1, 7 */
	map[1] = 0x01;                /* port 8 */
	map[8191] = 0x80;             /* port 65535 */
	size_t n;
	uint16_t *p = units_ports_list(map, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(p[0], 1);
	ck_assert_uint_eq(p[1], 7);
	ck_assert_uint_eq(p[2], 8);
	ck_assert_uint_eq(p[3], 65535);
	free(p);
	memset(map, 0, sizeof map);
	map[0] = 0x01;                /* port 0 alone: nothing */
	ck_assert_ptr_null(units_ports_list(map, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* Text longer than a value can be is refused, never cut: 125 zeros then
 * 256 (128 characters) were read as their first 127, 25. The limits, by
 * hand from units.c's buffers: 127 characters for a number with its unit,
 * 63 for a boolean, an address, a port or a port-list item. Blanks around
 * do not count. */
static char *repeat0(size_t zeros, const char *tail, const char *pad)
{
	size_t n = strlen(pad) * 2 + zeros + strlen(tail) + 1;
	char *s = malloc(n);
	ck_assert_ptr_nonnull(s);
	snprintf(s, n, "%s%0*d%s%s", pad, (int)zeros, 0, tail, pad);
	return s;
}

START_TEST(test_too_long)
{
	char msg[512] = "";
	uint64_t v = 777;
	char *t = repeat0(125, "256", "");   /* 128 characters */
	ck_assert_int_eq(units_parse(CU_SLOTS, t, 1, 16777216, &v, NULL, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"000000000000000000000000...\" is too long: 128 characters, "
	                 "a value has at most 127");
	ck_assert_uint_eq(v, 777);
	free(t);
	t = repeat0(124, "256", "  ");        /* 127 characters and blanks: read whole */
	ck_assert_int_eq(units_parse(CU_SLOTS, t, 1, 16777216, &v, NULL, msg, sizeof msg), 0);
	ck_assert_uint_eq(v, 256);
	free(t);
	t = repeat0(120, "1.5us", "");       /* 125 characters: read whole */
	ck_assert_int_eq(units_parse(CU_PS, t, 0, MAXT, &v, NULL, msg, sizeof msg), 0);
	ck_assert_uint_eq(v, 1500000);
	free(t);

	uint16_t port = 7;
	t = repeat0(60, "5004", "");         /* 64 characters; cut it was port 5 */
	ck_assert_int_eq(units_parse_port(t, &port, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"000000000000000000000000...\" is too long: 64 characters, "
	                 "a value has at most 63");
	ck_assert_uint_eq(port, 7);
	free(t);
	t = repeat0(59, "5004", "");         /* 63 */
	ck_assert_int_eq(units_parse_port(t, &port, msg, sizeof msg), 0);
	ck_assert_uint_eq(port, 5004);
	free(t);

	uint8_t map[UNITS_PORTMAP_BYTES] = {0};
	char list[160];
	t = repeat0(62, "5004", "");         /* an item of 66 characters */
	snprintf(list, sizeof list, "7000,%s", t);
	ck_assert_int_eq(units_parse_ports(list, map, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"000000000000000000000000...\" is too long: 66 characters, "
	                 "a value has at most 63");
	ck_assert_uint_eq(map[5 >> 3] & (1u << (5 & 7)), 0);   /* port 5 not taken */
	free(t);

	bool b = false;
	t = repeat0(63, "1", "");            /* 64 characters */
	ck_assert_int_eq(units_parse_bool(t, &b, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "\"000000000000000000000000...\" is too long: 64 characters, "
	                 "a value has at most 63");
	free(t);
	uint8_t mac[6], a16[16];
	uint32_t a4;
	bool v6;
	t = repeat0(64, "", "");
	ck_assert_int_eq(units_parse_mac(t, mac, msg, sizeof msg), -1);
	ck_assert(strstr(msg, "is too long: 64 characters") != NULL);
	ck_assert_int_eq(units_parse_ipv4(t, &a4, msg, sizeof msg), -1);
	ck_assert(strstr(msg, "is too long: 64 characters") != NULL);
	ck_assert_int_eq(units_parse_ipv6(t, a16, msg, sizeof msg), -1);
	ck_assert(strstr(msg, "is too long: 64 characters") != NULL);
	ck_assert_int_eq(units_parse_ip(t, a16, &v6, msg, sizeof msg), -1);
	ck_assert(strstr(msg, "is too long: 64 characters") != NULL);
	free(t);
}
END_TEST

/* A plain whole number: digits only, within 64 bits (2^64 - 1 =
 * 18446744073709551615, the next one refused). */
START_TEST(test_u64)
{
	uint64_t v = 7;
	ck_assert(units_parse_u64("0", &v) && v == 0);
	ck_assert(units_parse_u64("1024", &v) && v == 1024);
	ck_assert(units_parse_u64("007", &v) && v == 7);
	ck_assert(units_parse_u64("18446744073709551615", &v) && v == UINT64_MAX);
	const char *bad[] = {"", "18446744073709551616", "99999999999999999999", "+1", "-1",
	                     " 1", "1 ", "1x", "0x10", "1.0", "1e3"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 42;
		ck_assert_msg(!units_parse_u64(bad[i], &v), "'%s' taken", bad[i]);
		ck_assert_uint_eq(v, 42);              /* untouched */
	}
	/* bounded: only text[0..n) is read; a field inside a longer buffer */
	const char rec[] = {'g', 'w', '-', '3', '7', '\t', '9'};   /* no NUL */
	ck_assert(units_parse_u64n(rec + 3, 2, &v) && v == 37);
	ck_assert(units_parse_u64n(rec + 3, 1, &v) && v == 3);
	v = 42;
	ck_assert(!units_parse_u64n(rec + 3, 3, &v));   /* the tab is no digit */
	ck_assert(!units_parse_u64n(rec + 3, 0, &v));   /* nothing */
	ck_assert(!units_parse_u64n("184467440737095516160", 20, &v));   /* 2^64 */
	ck_assert_uint_eq(v, 42);
	ck_assert(units_parse_u64n("184467440737095516150", 20, &v) && v == UINT64_MAX);
}
END_TEST

/* Fixed-point decimals, values by hand: "2.5" in millionths is 2500000;
 * 2^64 - 1 = 18446744073709551615 hundredths is 184467440737095516.15. */
static int fx(const char *t, unsigned dec, uint64_t max, uint64_t *v, unsigned *nd)
{
	return units_parse_fixed(t, strlen(t), dec, max, v, nd);
}

START_TEST(test_fixed)
{
	uint64_t v = 0;
	unsigned nd = 9;
	ck_assert(fx("2.5", 6, UINT64_MAX, &v, &nd) == UNITS_FIXED_OK && v == 2500000 && nd == 1);
	ck_assert(fx("0.000001", 6, UINT64_MAX, &v, &nd) == UNITS_FIXED_OK && v == 1 && nd == 6);
	ck_assert(fx("4", 2, 450, &v, &nd) == UNITS_FIXED_OK && v == 400 && nd == 0);
	ck_assert(fx(" 4.41\t", 2, 450, &v, NULL) == UNITS_FIXED_OK && v == 441);
	ck_assert(fx("4.4100", 2, 450, &v, &nd) == UNITS_FIXED_OK && v == 441 && nd == 4);
	ck_assert(fx("4.5", 2, 450, &v, NULL) == UNITS_FIXED_OK && v == 450);
	ck_assert(fx("4.51", 2, 450, &v, NULL) == UNITS_FIXED_BIG);
	ck_assert(fx("184467440737095516.15", 2, UINT64_MAX, &v, NULL) == UNITS_FIXED_OK &&
	          v == UINT64_MAX);
	ck_assert(fx("184467440737095516.16", 2, UINT64_MAX, &v, NULL) == UNITS_FIXED_BIG);
	ck_assert(fx("184467440737095517", 2, UINT64_MAX, &v, NULL) == UNITS_FIXED_BIG);
	ck_assert(fx("99999999999999999999999", 0, UINT64_MAX, &v, NULL) == UNITS_FIXED_BIG);
	/* finer than kept: the value cut at the last kept decimal, for a
	 * caller to name the nearest two */
	v = 0;
	ck_assert(fx("0.0000015", 6, UINT64_MAX, &v, NULL) == UNITS_FIXED_FINER && v == 1);
	ck_assert(fx("0.9999999", 6, 999999, &v, NULL) == UNITS_FIXED_FINER && v == 999999);
	const char *bad[] = {"", " ", ".", "2.", ".5", "+1", "-1", "1e3", "0x10", "1,5", "1.2.3",
	                     "1 2", "4.4 1", "nan", "1%"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 42;
		ck_assert_msg(fx(bad[i], 3, UINT64_MAX, &v, NULL) == UNITS_FIXED_SYNTAX, "'%s'", bad[i]);
		ck_assert_uint_eq(v, 42);               /* untouched */
	}
	/* bounded: only text[0..n) is read */
	ck_assert(units_parse_fixed("12.345|6", 6, 3, UINT64_MAX, &v, &nd) == UNITS_FIXED_OK &&
	          v == 12345 && nd == 3);
	/* "2." within n is no number, whatever digit follows past n */
	v = 42;
	ck_assert(units_parse_fixed("2.5", 2, 3, UINT64_MAX, &v, NULL) == UNITS_FIXED_SYNTAX);
	ck_assert_uint_eq(v, 42);
	/* nothing, or blanks alone, within n are no number, whatever follows */
	v = 42;
	ck_assert(units_parse_fixed("7", 0, 3, UINT64_MAX, &v, NULL) == UNITS_FIXED_SYNTAX);
	ck_assert(units_parse_fixed(" 7", 1, 3, UINT64_MAX, &v, NULL) == UNITS_FIXED_SYNTAX);
	ck_assert_uint_eq(v, 42);
}
END_TEST

/* control bytes in user text, by hand: newline and tab by name, the rest
 * and DEL as \xHH, other bytes (UTF-8 too) as they are */
START_TEST(test_visible)
{
	char *v = units_visible("a\tb\nc\x01\x7f\xc3\xa9~");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "a\\tb\\nc\\x01\\x7f\xc3\xa9~");
	free(v);
}
END_TEST

START_TEST(test_edit_distance)
{
	ck_assert_uint_eq(units_edit_distance("link_rate", "link_rate", 3), 0);
	ck_assert_uint_eq(units_edit_distance("link_rat", "link_rate", 3), 1);
	ck_assert_uint_eq(units_edit_distance("lnik_rate", "link_rate", 3), 1);   /* transposition */
	ck_assert_uint_eq(units_edit_distance("rx_rnig", "rx_ring", 3), 1);
	ck_assert_uint_eq(units_edit_distance("mtu", "up", 3), 3);          /* m-, t-, +p */
	ck_assert_uint_eq(units_edit_distance("abc", "xyzzyx", 2), 3);           /* capped */
	ck_assert_uint_eq(units_edit_distance("", "ab", 5), 2);
}
END_TEST

static Suite *units_suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("units");
	tcase_add_loop_test(tc, test_good, 0, sizeof goods / sizeof goods[0]);
	tcase_add_loop_test(tc, test_bad, 0, sizeof bads / sizeof bads[0]);
	tcase_add_test(tc, test_given_required);
	tcase_add_loop_test(tc, test_format, 0, sizeof fmts / sizeof fmts[0]);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_psb_to_mcyc);
	tcase_add_test(tc, test_muldiv);
	tcase_add_test(tc, test_ns_text);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_paths_publish);
	tcase_add_loop_test(tc, test_bool, 0, sizeof bools / sizeof bools[0]);
	tcase_add_test(tc, test_bool_msg);
	tcase_add_test(tc, test_mac);
	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_port);
	tcase_add_loop_test(tc, test_ports, 0, sizeof ports / sizeof ports[0]);
	tcase_add_test(tc, test_ports_accumulate);
	tcase_add_test(tc, test_ports_list_edges);
	tcase_add_test(tc, test_u64);
	tcase_add_test(tc, test_fixed);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_edit_distance);
	tcase_add_test(tc, test_visible);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(units_suite());
}
