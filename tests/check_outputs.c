/* check_outputs.c - the buffered text writer of every trace file
 * (src/outputs.c): tw_u64's decimal text against libc's printf (an
 * independent conversion) at every digit-count boundary, at the 32-bit and
 * 10^8 boundaries its fast path turns on, at 0 and UINT64_MAX, and over a
 * spread of values; tw_fix's fixed point; the file appears under its final
 * name only when committed; the columns of near numbers (tw_put_rising,
 * tw_put_near, which reuse the previous number's digits) and whole lines
 * (tw_line, tw_put_str, tw_put_name) against printf over walks that repeat, step within
 * and across the shared digits, fall, and carry into a longer number.
 * The latency statistics of latency summaries (src/hist.c): nearest-rank
 * percentiles of samples by hand, the bucket layout against hist.h's
 * promise, percentiles against a sorted copy, the largest samples kept.
 * Models nothing of the patent (outputs). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/bgwrite.h"
#include "../src/hist.h"
#include "../src/outputs.h"
#include "../src/paths.h"

#include "checkrun.h"

static char dir[] = "/tmp/nicshare-check-outputs-XXXXXX";

/* All of f, as a string; f is closed. */
static char *read_all(FILE *f)
{
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *b = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = 0;
	fclose(f);
	return b;
}

static char *slurp(const char *path)
{
	return read_all(fopen(path, "rb"));
}

/* The file `name` written in dir holds what printf wrote to m (closed
 * here), and more than TW_BUF bytes of it: it crossed flushes. */
static void expect_past_buffer(const char *name, FILE *m)
{
	char *want = read_all(m);
	char *p = paths_join(dir, name);
	char *got = slurp(p);
	ck_assert_uint_gt(strlen(got), TW_BUF);
	ck_assert_str_eq(got, want);
	unlink(p);
	free(p);
	free(got);
	free(want);
}

/* the values: 10^k - 1, 10^k, 10^k + 1; 2^k - 1, 2^k; a multiplicative
 * walk over the whole range */
static size_t values(uint64_t *v, size_t max)
{
	size_t n = 0;
	uint64_t p = 1;
	for (int k = 0; k <= 19; k++, p *= 10) {
		v[n++] = p - 1;
		v[n++] = p;
		v[n++] = p + 1;
	}
	for (int k = 1; k < 64; k++) {
		v[n++] = ((uint64_t)1 << k) - 1;
		v[n++] = (uint64_t)1 << k;
	}
	v[n++] = UINT64_MAX;
	for (uint64_t x = 7; n < max && x < UINT64_MAX / 3; x = x * 3 + 1)
		v[n++] = x;
	return n;
}

START_TEST(test_u64_against_printf)
{
	struct tw w;
	char err[256];
	ck_assert_int_eq(tw_open(&w, dir, "u64.txt", err, sizeof err), 0);
	uint64_t v[256];
	size_t n = values(v, sizeof v / sizeof v[0]);
	size_t cap = n * 24 + 1, len = 0;
	char *want = malloc(cap);
	ck_assert_ptr_nonnull(want);
	for (size_t i = 0; i < n; i++) {
		tw_u64(&w, v[i]);
		tw_ch(&w, '\n');
		len += (size_t)snprintf(want + len, cap - len, "%" PRIu64 "\n", v[i]);
	}
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	char *p = paths_join(dir, "u64.txt");
	char *got = slurp(p);
	ck_assert_str_eq(got, want);
	unlink(p);
	free(p);
	free(got);
	free(want);
}
END_TEST

/* past the buffer: 70,000 numbers (more than TW_BUF bytes) arrive whole */
START_TEST(test_u64_across_flushes)
{
	struct tw w;
	char err[256];
	ck_assert_int_eq(tw_open(&w, dir, "many.txt", err, sizeof err), 0);
	FILE *m = tmpfile();
	ck_assert_ptr_nonnull(m);
	for (uint64_t i = 0; i < 70000; i++) {
		uint64_t x = i * 2654435761u;   /* 0 to about 1.9 x 10^14 */
		tw_u64(&w, x);
		tw_ch(&w, '\t');
		fprintf(m, "%" PRIu64 "\t", x);
	}
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	expect_past_buffer("many.txt", m);
}
END_TEST

/* A walk for the near columns: from 0, steps of every kind for the
 * kept digits (6 for rising, 2 for near): repeat, +1, within, across the
 * boundary (999999 -> 1000000), down, far, into more digits, and a
 * pseudo-random spread of small and large steps. */
static size_t walk(uint64_t *v, size_t max)
{
	static const uint64_t fixed[] = {
		0, 0, 1, 9, 10, 99, 100, 100, 101, 199, 200, 99, 5, 999999, 1000000, 1000000,
		1000001, 1999999, 2000000, 1999998, 1000000, 999999, 123456789, 123456790,
		123999999, 124000000, 124000099, 123456789, 9999999999ull, 10000000000ull,
		10000000001ull, 10000999999ull, 10001000000ull, UINT64_MAX - 1, UINT64_MAX,
		UINT64_MAX, 18446744073708551615ull, 3, 3,
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		v[n++] = fixed[i];
	uint64_t x = 4000000000ull, r = 88172645463325252ull;
	while (n < max) {
		r ^= r << 13;              /* xorshift64 */
		r ^= r >> 7;
		r ^= r << 17;
		uint64_t step = (r >> 8) % (n % 7 == 0 ? 5000000u : n % 3 == 0 ? 300u : 4000u);
		x = (r & 1) && x > step ? x - step : x + step;
		v[n] = n % 11 == 0 ? x / 1000 : x;   /* some small ones among them */
		n++;
	}
	return n;
}

START_TEST(test_near_columns_against_printf)
{
	struct tw w;
	char err[256];
	ck_assert_int_eq(tw_open(&w, dir, "near.txt", err, sizeof err), 0);
	FILE *m = tmpfile();
	ck_assert_ptr_nonnull(m);
	static uint64_t v[20000];
	size_t n = walk(v, sizeof v / sizeof v[0]);
	struct tw_rising cyc, id;
	tw_rising_init(&cyc);
	tw_rising_init(&id);
	const char *longname = "a-stage-name-longer-than-sixty-four-bytes-which-takes-the-slow-path-"
	                       "through-tw_str_long";
	/* names: short, exactly TW_NAME bytes, longer (written as a string) */
	static const char *const name_text[3] = {"gp-socket-full", "exactly-twenty-four-byte",
	                                         "a-name-longer-than-twenty-four-bytes"};
	struct tw_name names[3];
	for (int k = 0; k < 3; k++)
		tw_name_set(&names[k], name_text[k]);
	for (size_t i = 0; i < n; i++) {
		uint64_t other = v[(i * 7919) % n];
		char *p = tw_line(&w);
		p = tw_put_rising(p, &cyc, v[i]);
		*p++ = '\t';
		p = tw_put_near(p, &id, v[i]);
		*p++ = '\t';
		p = tw_put_u64(p, other);
		*p++ = '\t';
		p = tw_put_str(&w, p, i % 100 == 0 ? longname : "irq-handler");
		*p++ = '\t';
		p = tw_put_fix(p, other, 3);
		*p++ = '\t';
		p = tw_put_name(&w, p, &names[i % 3]);
		*p++ = '\n';
		tw_end(&w, p);
		fprintf(m, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%s\t%" PRIu64 ".%03u\t%s\n", v[i],
		        v[i], other, i % 100 == 0 ? longname : "irq-handler", other / 1000,
		        (unsigned)(other % 1000), name_text[i % 3]);
	}
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	expect_past_buffer("near.txt", m);
}
END_TEST

START_TEST(test_fix_and_commit)
{
	struct tw w;
	char err[256];
	ck_assert_int_eq(tw_open(&w, dir, "fix.txt", err, sizeof err), 0);
	tw_fix(&w, 1234, 3);     /* 1.234 */
	tw_ch(&w, ' ');
	tw_fix(&w, 5, 3);        /* 0.005 */
	tw_ch(&w, ' ');
	tw_fix(&w, 1459000, 3);  /* 1459.000 */
	tw_ch(&w, ' ');
	tw_fix(&w, 42, 0);       /* 42 */
	char *p = paths_join(dir, "fix.txt");
	ck_assert_int_ne(access(p, F_OK), 0);   /* not under its name before the commit */
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	char *got = slurp(p);
	ck_assert_str_eq(got, "1.234 0.005 1459.000 42");
	unlink(p);
	free(p);
	free(got);
	/* not committed (a run that failed): neither under its name nor as .tmp */
	ck_assert_int_eq(tw_open(&w, dir, "gone.txt", err, sizeof err), 0);
	tw_fix(&w, 1, 0);
	p = paths_join(dir, "gone.txt");
	char *t = paths_join(dir, "gone.txt.tmp");
	ck_assert_int_eq(access(t, F_OK), 0);
	ck_assert_int_eq(tw_close(&w, 0, err, sizeof err), 0);
	ck_assert_int_ne(access(p, F_OK), 0);
	ck_assert_int_ne(access(t, F_OK), 0);
	free(p);
	free(t);
}
END_TEST

/* A buffer filled to its last byte, then more text: it is handed over and
 * the text goes on in the next (a full buffer once looked like one with
 * room for nothing, and the copy never ended). Two buffers of 'a' and one
 * 'b' make a file of 2 x TW_BUF + 1 bytes, the b last. */
START_TEST(test_full_buffer_then_more)
{
	struct tw w;
	char err[256];
	char *s = malloc(TW_BUF + 1);
	ck_assert_ptr_nonnull(s);
	memset(s, 'a', TW_BUF);
	s[TW_BUF] = '\0';
	ck_assert_int_eq(tw_open(&w, dir, "full.txt", err, sizeof err), 0);
	tw_str_long(&w, s);
	tw_str_long(&w, s);
	tw_str_long(&w, "b");
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	char *p = paths_join(dir, "full.txt");
	char *got = slurp(p);
	ck_assert_uint_eq(strlen(got), 2 * (size_t)TW_BUF + 1);
	ck_assert_int_eq(got[2 * TW_BUF], 'b');
	ck_assert_int_eq(got[2 * TW_BUF - 1], 'a');
	unlink(p);
	free(p);
	free(got);
	free(s);
}
END_TEST

/* /dev/full refuses every write with ENOSPC: the close says so, after
 * the thread has taken both hand-overs (the second after the failure). */
START_TEST(test_bgw_failure_reported)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	struct bgw *b = bgw_open(fd, 4096);
	ck_assert_ptr_nonnull(b);
	char *p = bgw_buffer(b);
	memset(p, 'x', 4096);
	p = bgw_submit(b, 4096);
	memset(p, 'y', 100);
	bgw_submit(b, 100);
	int e = 0;
	ck_assert_int_eq(bgw_close(b, &e), -1);
	ck_assert_int_eq(e, ENOSPC);
}
END_TEST

/* ---- latency statistics (src/hist.c) ------------------------------------------------- */

static void hist_fill(struct hist *h, const uint64_t *v, size_t n)
{
	hist_init(h);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(hist_add(h, v[i], i + 1, 0, 100 * (i + 1)), 0);
}

/* Below 2048 cycles every value is its own bucket: the percentiles are the
 * exact nearest-rank values (doc/outputs.md), by hand over the ten samples
 * sorted 1 2 3 5 7 9 11 12 15 20: pP is the ceil(P/100 x 10)-th. */
START_TEST(test_hist_exact_ranks)
{
	static const uint64_t v[] = {15, 3, 9, 1, 12, 7, 20, 5, 11, 2};
	struct hist h;
	hist_fill(&h, v, 10);
	ck_assert_uint_eq(h.count, 10);
	ck_assert_uint_eq(h.min, 1);
	ck_assert_uint_eq(h.max, 20);
	ck_assert_uint_eq(hist_pct(&h, 500000), 7);    /* rank 5 */
	ck_assert_uint_eq(hist_pct(&h, 900000), 15);   /* rank 9 */
	ck_assert_uint_eq(hist_pct(&h, 990000), 20);   /* rank ceil(9.9) = 10 */
	ck_assert_uint_eq(hist_pct(&h, 999000), 20);   /* rank ceil(9.99) = 10 */
	ck_assert_uint_eq(hist_pct(&h, 100000), 1);    /* rank 1 */
	ck_assert_uint_eq(hist_pct(&h, 110000), 2);    /* rank ceil(1.1) = 2: rounded up */
	ck_assert_uint_eq(hist_pct(&h, 500001), 9);    /* rank ceil(5.00001) = 6 */
	ck_assert_uint_eq(hist_pct(&h, 0), 1);         /* rank 0 is taken as 1: the least */
	ck_assert_uint_eq(hist_pct(&h, 1000000), 20);
	/* at 10^12 Hz a cycle is a ps: 85 / 10 = 8.5, rounded down */
	ck_assert(hist_mean_ps(&h, 1000000000000u) == 8);
	/* in ps: 8.5 cycles at 3 GHz = 8.5 / 3 ns = 2833.33 ps, rounded down
	 * once (a whole cycle first gave 8 / 3 ns: 2666 ps) */
	ck_assert(hist_mean_ps(&h, 3000000000u) == 2833);
	/* at 7 Hz: 85 x 10^12 / 70 = 1214285714285.71 ps */
	ck_assert(hist_mean_ps(&h, 7) == 1214285714285u);
	hist_free(&h);
	ck_assert(hist_mean_ps(&h, 3000000000u) == 0);
	/* a sum past 2^64: three samples of 2^63 + 1 cycles, mean 2^63 + 1;
	 * at 10^12 Hz a cycle is a ps: 9223372036854775809 ps */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(hist_add(&h, (1ull << 63) + 1u, 1, 0, 0), 0);
	ck_assert(hist_mean_ps(&h, 1000000000000u) == (unsigned __int128)(1ull << 63) + 1u);
	/* 2^63 + 1 cycles at 3 GHz: (2^63 + 1) x 1000 / 3 ps, rounded down */
	ck_assert(hist_mean_ps(&h, 3000000000u) ==
	          ((unsigned __int128)(1ull << 63) + 1u) * 1000u / 3u);
	hist_free(&h);
	/* freed: empty again, and refilled from nothing */
	ck_assert_uint_eq(h.count, 0);
	ck_assert_uint_eq(hist_pct(&h, 500000), 0);
	ck_assert(hist_mean_ps(&h, 1000000000000u) == 0);
	ck_assert_int_eq(hist_add(&h, 40, 1, 0, 0), 0);
	ck_assert_uint_eq(h.min, 40);
	ck_assert_uint_eq(hist_pct(&h, 500000), 40);
	hist_free(&h);
	/* a sample of 0 cycles is the least of {0, 5} */
	static const uint64_t z[] = {5, 0};
	hist_fill(&h, z, 2);
	ck_assert_uint_eq(hist_pct(&h, 500000), 0);
	ck_assert_uint_eq(hist_pct(&h, 500001), 5);
	ck_assert_uint_eq(h.min, 0);
	hist_free(&h);
}
END_TEST

/* From 2048 cycles on, the value's bucket is 2^(floor(log2 v) - 10) wide,
 * aligned to its width, and a percentile is its bucket's upper end (never
 * below the exact value, at most 1/1024 above), but never above max. By
 * hand: 3000 and 3002 are in [3000, 3001] and [3002, 3003] (width 2),
 * 5000 in [5000, 5003] (width 4: 5000 = 4 x 1250), 10000 in [10000,
 * 10007] (8 x 1250), 1000000 in [999936, 1000447] (512 x 1953 = 999936). */
START_TEST(test_hist_bucket_upper)
{
	static const uint64_t v[] = {5000, 3002, 1000000, 3000, 10000};
	struct hist h;
	hist_fill(&h, v, 5);
	ck_assert_uint_eq(hist_pct(&h, 200000), 3001);      /* rank 1: 3000 */
	ck_assert_uint_eq(hist_pct(&h, 0), 3001);
	ck_assert_uint_eq(hist_pct(&h, 400000), 3003);      /* rank 2: 3002 */
	ck_assert_uint_eq(hist_pct(&h, 500000), 5003);      /* rank 3: 5000 */
	ck_assert_uint_eq(hist_pct(&h, 800000), 10007);     /* rank 4: 10000 */
	ck_assert_uint_eq(hist_pct(&h, 900000), 1000000);   /* rank 5: 1000447 past max */
	/* 1021002 / 5 = 204200.4 cycles: 204200 ps at 10^12 Hz */
	ck_assert(hist_mean_ps(&h, 1000000000000u) == 204200);
	hist_free(&h);
	/* 2048 and 2049 share the first bucket of width 2 */
	static const uint64_t w[] = {2049, 2048};
	hist_fill(&h, w, 2);
	ck_assert_uint_eq(hist_pct(&h, 500000), 2049);
	ck_assert_uint_eq(hist_pct(&h, 1000000), 2049);
	hist_free(&h);
	/* 2047 is the last value of its own */
	static const uint64_t e[] = {2047, 2047, 2050};
	hist_fill(&h, e, 3);
	ck_assert_uint_eq(hist_pct(&h, 666667), 2050);   /* rank ceil(2.000001) = 3 */
	ck_assert_uint_eq(hist_pct(&h, 666666), 2047);   /* rank ceil(1.999998) = 2 */
	hist_free(&h);
}
END_TEST

/* The bucket layout, against hist.h's promise: buckets tile 0 .. 2^64 - 1
 * without gap or overlap, each value below 2048 alone, every wider bucket
 * 2^(k - 10) wide for values of k + 1 bits and so at most 1/1024 of its
 * least value, the last one ending at 2^64 - 1 within HIST_NBUCKETS. */
START_TEST(test_hist_layout)
{
	uint32_t last = hist_index(UINT64_MAX);
	ck_assert_uint_lt(last, HIST_NBUCKETS);
	/* 2^64 - 1 has 64 bits: width 2^53, lower end 2^64 - 2^53 */
	ck_assert_uint_eq(hist_upper(last), UINT64_MAX);
	ck_assert_uint_eq(hist_lower(last), UINT64_MAX - ((1ull << 53) - 1));
	ck_assert_uint_eq(hist_lower(0), 0);
	/* one assertion at the end (an assertion a bucket is slow under
	 * check): the first bucket that breaks a rule, or none */
	uint32_t bad = UINT32_MAX;
	for (uint32_t i = 0; i <= last && bad == UINT32_MAX; i++) {
		uint64_t lo = hist_lower(i), hi = hist_upper(i);
		bool ok = hist_index(lo) == i && hist_index(hi) == i &&
		          (i == 0 || lo == hist_upper(i - 1) + 1);
		if (lo < 2048) {
			ok = ok && hi == lo;
		} else {
			unsigned bits = 64 - (unsigned)__builtin_clzll(lo);
			uint64_t w = 1ull << (bits - 11);
			ok = ok && hi - lo + 1 == w && lo % w == 0 &&
			     64 - (unsigned)__builtin_clzll(hi) == bits;
		}
		if (!ok)
			bad = i;
	}
	ck_assert_msg(bad == UINT32_MAX, "bucket %u: [%" PRIu64 ", %" PRIu64 "]", bad,
	              hist_lower(bad), hist_upper(bad));
	/* by hand at the first boundaries */
	ck_assert_uint_eq(hist_index(2047), 2047);
	ck_assert_uint_eq(hist_index(2048), 2048);
	ck_assert_uint_eq(hist_index(2049), 2048);
	ck_assert_uint_eq(hist_index(2050), 2049);
	ck_assert_uint_eq(hist_index(4095), 3071);          /* 2048 + 1024 - 1 */
	ck_assert_uint_eq(hist_index(4096), 3072);
	ck_assert_uint_eq(hist_upper(3072), 4099);          /* width 4 */
}
END_TEST

/* Against the exact nearest rank of a sorted copy, over values spread from
 * 1 to 2^40 (fixed-seed LCG): never below it, at most 1/1024 above, never
 * past max; at most 2047, exactly it. */
static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

START_TEST(test_hist_against_sort)
{
	enum { N = 3001 };
	static uint64_t v[N];
	static const uint32_t ppm[] = {1, 100000, 250000, 500000, 900000, 990000, 999000,
	                               999999, 1000000};
	uint64_t x = 1234567;
	struct hist h;
	for (size_t i = 0; i < N; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		v[i] = ((x >> 20) & ((1ull << ((x >> 8) % 40 + 1)) - 1)) + 1;
	}
	hist_fill(&h, v, N);
	qsort(v, N, sizeof v[0], u64_cmp);
	ck_assert_uint_eq(h.min, v[0]);
	ck_assert_uint_eq(h.max, v[N - 1]);
	for (size_t k = 0; k < sizeof ppm / sizeof ppm[0]; k++) {
		uint64_t rank = ((uint64_t)N * ppm[k] + 999999) / 1000000;
		uint64_t want = v[(rank ? rank : 1) - 1], got = hist_pct(&h, ppm[k]);
		ck_assert_uint_ge(got, want);
		ck_assert_uint_le(got, want + want / 1024);
		ck_assert_uint_le(got, v[N - 1]);
		if (want < 2048)
			ck_assert_uint_eq(got, want);
	}
	hist_free(&h);
}
END_TEST

/* The HIST_TOPK (8) largest samples, largest first, equal values in the
 * order they came, each with its own frame, instant and direction; a later
 * sample equal to the least kept does not push it out. By hand: values 5 9
 * 9 3 12 7 9 1 15 12 5 of frames 1..11 keep 15(9) 12(5) 12(10) 9(2) 9(3)
 * 9(7) 7(6) 5(1). */
START_TEST(test_hist_top)
{
	static const uint64_t v[] = {5, 9, 9, 3, 12, 7, 9, 1, 15, 12, 5};
	static const uint64_t want[] = {9, 5, 10, 2, 3, 7, 6, 1};
	struct hist h;
	hist_init(&h);
	for (size_t i = 0; i < 11; i++)
		ck_assert_int_eq(hist_add(&h, v[i], i + 1, (char)(i & 1), 1000 + i), 0);
	ck_assert_uint_eq(h.ntop, HIST_TOPK);
	for (unsigned k = 0; k < HIST_TOPK; k++) {
		ck_assert_uint_eq(h.top[k].frame, want[k]);
		ck_assert_uint_eq(h.top[k].value, v[want[k] - 1]);
		ck_assert_uint_eq(h.top[k].at, 1000 + want[k] - 1);
		ck_assert_int_eq(h.top[k].tx, (int)((want[k] - 1) & 1));
	}
	hist_free(&h);
	/* K falling samples: all kept, the last (least) one too */
	hist_init(&h);
	for (unsigned i = 0; i < HIST_TOPK; i++)
		hist_add(&h, 100 - i, i + 1, 0, 0);
	ck_assert_uint_eq(h.ntop, HIST_TOPK);
	ck_assert_uint_eq(h.top[HIST_TOPK - 1].frame, HIST_TOPK);
	hist_free(&h);
	/* fewer than K: all, largest first */
	hist_init(&h);
	hist_add(&h, 4, 1, 0, 0);
	hist_add(&h, 6, 2, 1, 0);
	ck_assert_uint_eq(h.ntop, 2);
	ck_assert_uint_eq(h.top[0].frame, 2);
	ck_assert_uint_eq(h.top[1].frame, 1);
	hist_free(&h);
}
END_TEST

int main(void)
{
	if (!mkdtemp(dir)) {
		perror(dir);
		return EXIT_FAILURE;
	}
	Suite *s = suite_create("outputs");
	TCase *tc = tcase_create("tw");
	tcase_add_test(tc, test_u64_against_printf);
	tcase_add_test(tc, test_u64_across_flushes);
	tcase_add_test(tc, test_fix_and_commit);
	tcase_add_test(tc, test_full_buffer_then_more);
	tcase_add_test(tc, test_near_columns_against_printf);
	tcase_add_test(tc, test_bgw_failure_reported);
	suite_add_tcase(s, tc);
	TCase *th = tcase_create("hist");
	tcase_add_test(th, test_hist_exact_ranks);
	tcase_add_test(th, test_hist_bucket_upper);
	tcase_add_test(th, test_hist_layout);
	tcase_add_test(th, test_hist_against_sort);
	tcase_add_test(th, test_hist_top);
	suite_add_tcase(s, th);
	int rc = check_run(s);
	rmdir(dir);
	return rc;
}
