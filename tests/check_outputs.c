/* check_outputs.c - the buffered text writer of every trace file
 * (src/outputs.c): tw_u64's decimal text against libc's printf (an
 * independent conversion) at every digit-count boundary, at the 32-bit and
 * 10^8 boundaries its fast path turns on, at 0 and UINT64_MAX, and over a
 * spread of values; tw_fix's fixed point; the file appears under its final
 * name only when committed; the columns of near numbers (tw_put_rising,
 * tw_put_near, which reuse the previous number's digits) and whole lines
 * (tw_line, tw_put_str, tw_put_name) against printf over walks that repeat, step within
 * and across the shared digits, fall, and carry into a longer number.
 * Models nothing of the patent (outputs). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/bgwrite.h"
#include "../src/outputs.h"
#include "../src/paths.h"

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
	tcase_add_test(tc, test_near_columns_against_printf);
	tcase_add_test(tc, test_bgw_failure_reported);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	rmdir(dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
