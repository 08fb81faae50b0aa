/* check_outputs.c - the buffered text writer of every trace file
 * (src/outputs.c): tw_u64's decimal text against libc's printf (an
 * independent conversion) at every digit-count boundary, at the 32-bit and
 * 10^8 boundaries its fast path turns on, at 0 and UINT64_MAX, and over a
 * spread of values; tw_fix's fixed point; the file appears under its final
 * name only when committed. Models nothing of the patent (outputs). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/outputs.h"

static char dir[] = "/tmp/nicshare-check-outputs-XXXXXX";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
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
	char *p = path_join(dir, "u64.txt");
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
	long n = ftell(m);
	rewind(m);
	char *want = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(want);
	ck_assert_uint_eq(fread(want, 1, (size_t)n, m), (size_t)n);
	want[n] = 0;
	fclose(m);
	char *p = path_join(dir, "many.txt");
	char *got = slurp(p);
	ck_assert_uint_gt(strlen(got), 1u << 16);
	ck_assert_str_eq(got, want);
	unlink(p);
	free(p);
	free(got);
	free(want);
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
	char *p = path_join(dir, "fix.txt");
	ck_assert_int_ne(access(p, F_OK), 0);   /* not under its name before the commit */
	ck_assert_int_eq(tw_close(&w, 1, err, sizeof err), 0);
	char *got = slurp(p);
	ck_assert_str_eq(got, "1.234 0.005 1459.000 42");
	unlink(p);
	free(p);
	free(got);
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
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	rmdir(dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
