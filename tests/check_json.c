/* check_json.c - nicshare's JSON files (src/json.c): strings of any bytes
 * written escaped and read back the same, fixed-point numbers written as
 * their exact decimals, the file written under its final name only when
 * complete, and the shared reader's flattening and errors. Expected texts
 * are written out by hand. Models nothing of the patent (outputs). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/json.h"

#include "checkrun.h"

/* a hostile scenario name: quotes, backslash, tab, newline, non-ASCII */
static const char hostile[] = "my \"q\"\\ run\t\xc3\xa9\n\x01 \xe2\x82\xac";

START_TEST(test_text_roundtrip)
{
	json_t *o = json_object();
	ck_assert_int_eq(js_set(o, "scenario", js_text(hostile)), 0);
	char *t = js_dumps(o);
	ck_assert_ptr_nonnull(t);
	/* escaped by hand: \" \\ \t \n \u0001, UTF-8 kept */
	ck_assert_str_eq(t, "{\n  \"scenario\": \"my \\\"q\\\"\\\\ run\\t\xc3\xa9\\n\\u0001 "
	                    "\xe2\x82\xac\"\n}\n");
	json_error_t e;
	json_t *back = json_loads(t, 0, &e);
	ck_assert_ptr_nonnull(back);
	ck_assert_str_eq(json_string_value(json_object_get(back, "scenario")), hostile);
	json_decref(back);
	json_decref(o);
	free(t);
}
END_TEST

START_TEST(test_text_not_utf8)
{
	json_t *s = js_text("a\xff" "b\xc3");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(json_string_value(s), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	json_decref(s);
	s = js_text(NULL);
	ck_assert_str_eq(json_string_value(s), "");
	json_decref(s);
	/* RFC 3629's edges, by hand: each byte of a sequence that is not UTF-8
	 * becomes one U+FFFD (EF BF BD); the least and the greatest code point
	 * of each length are kept */
#define R "\xef\xbf\xbd"
	static const struct { const char *in, *out; } u[] = {
		{"\x80", R},                                  /* a continuation byte alone */
		{"\xc2\x80", "\xc2\x80"},                      /* U+0080, the least of 2 bytes */
		{"\xc1\xbf", R R},                             /* U+007F in 2 bytes: overlong */
		{"\xe0\xa0\x80", "\xe0\xa0\x80"},              /* U+0800 */
		{"\xe0\x9f\xbf", R R R},                        /* U+07FF in 3 bytes: overlong */
		{"\xef\xbc\x81", "\xef\xbc\x81"},              /* U+FF01, lead byte EF */
		{"\xed\xa0\x80", R R R},                        /* U+D800, a surrogate */
		{"\xf0\x90\x80\x80", "\xf0\x90\x80\x80"},      /* U+10000 */
		{"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},      /* U+10FFFF, the last */
		{"\xf4\x90\x80\x80", R R R R},                  /* U+110000: none */
		{"\xf5\x80\x80\x80", R R R R},                  /* F5: never a lead byte */
		{"\xe2\x82", R R},                             /* cut short at the end */
	};
#undef R
	for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
		s = js_text(u[i].in);
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(strcmp(json_string_value(s), u[i].out) == 0, "case %zu", i);
		json_decref(s);
	}
}
END_TEST

static const struct {
	uint64_t v;
	unsigned d;
	const char *text;
} fixes[] = {
	{1234567, 3, "1234.567"},             /* not 1234.5669999999999 */
	{1459000, 3, "1459.0"},
	{9430, 6, "0.00943"},
	{1177, 6, "0.001177"},
	{2336850424333ull, 3, "2336850424.333"},
	{999999999999999ull, 3, "999999999999.999"},   /* 15 digits: still exact */
	{1, 3, "0.001"},
	{0, 3, "0.0"},
	{1000000, 6, "1.0"},
};

START_TEST(test_fixed)
{
	json_t *v = js_fixed(fixes[_i].v, fixes[_i].d);
	char *t = js_value_text(v);
	ck_assert_str_eq(t, fixes[_i].text);
	/* and the reader gets the ps back exactly (3 decimals) */
	if (fixes[_i].d == 3) {
		uint64_t ps = 0;
		json_t *r = json_loads(t, JSON_DECODE_ANY, NULL);
		ck_assert(js_ns_to_ps(r, &ps));
		ck_assert_uint_eq(ps, fixes[_i].v);
		json_decref(r);
	}
	free(t);
	json_decref(v);
}
END_TEST

/* ns past 2^64 ps (213 days of a long capture's simulated time) and past
 * 10^16: the double nearest, written with its exponent, a real when read
 * back. By hand: 25920000000002097 ns (300 days) lies between doubles 4
 * apart (2^54 < it < 2^55), the nearest is ...2096, and 17 digits are
 * needed; 2^64 ns + 0.005 is 1.8446744073709552e+19. %g wrote the first
 * "25920000000002096", an integer to any reader, and the second value was
 * cut to 64 bits before. */
START_TEST(test_fixed_wide)
{
	static const struct { unsigned __int128 v; const char *text; } w[] = {
		{(unsigned __int128)25920000000002097u * 1000u, "2.5920000000002096e+16"},
		{((unsigned __int128)1 << 64) * 1000u + 5u, "1.8446744073709552e+19"},
		{(unsigned __int128)10000000000000000u * 1000u, "1e+16"},
		/* 25920000000005269.666 ns: between doubles 5268 and 5272 (4 apart),
		 * nearer 5268; (double)ps / 1000 rounded twice and gave 5272 */
		{(unsigned __int128)25920000000005269u * 1000u + 666u, "2.5920000000005268e+16"},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		json_t *v = js_fixed(w[i].v, 3);
		char *t = js_value_text(v);
		ck_assert_str_eq(t, w[i].text);
		json_t *r = json_loads(t, JSON_DECODE_ANY, NULL);
		ck_assert_msg(json_is_real(r), "%s reads back as a real", t);
		ck_assert(json_real_value(r) == json_real_value(v));
		json_decref(r);
		free(t);
		json_decref(v);
	}
}
END_TEST

/* Reals at the edges of the two forms (doc/outputs.md): fixed from 10^-6
 * up to below 10^16, with the fewest decimals (at least one) that read back
 * the same; beyond, the exponent form with the fewest digits. By hand: 10^15
 * is whole (".0"); 5 x 10^-6 (a CPU share of 0.000005) needs six decimals,
 * 9.99 x 10^-7 is below 10^-6; 1.2345678901234567e-06 (a link's utilisation,
 * any double) needs its 17 significant digits, the first 6 places after the
 * point being zeros: 22 decimals. */
START_TEST(test_real_edges)
{
	static const struct { double x; const char *text; } r[] = {
		{1e15, "1000000000000000.0"},
		{9999999999999998.0, "9999999999999998.0"},
		{5e-6, "0.000005"},
		{1e-6, "0.000001"},
		{0.000999, "0.000999"},
		{9.99e-7, "9.99e-07"},
		{1.2345678901234567e-06, "0.0000012345678901234567"},
		{0.0, "0.0"},
	};
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		json_t *v = json_real(r[i].x);
		char *t = js_value_text(v);
		ck_assert_str_eq(t, r[i].text);
		ck_assert(strtod(t, NULL) == r[i].x);
		free(t);
		json_decref(v);
	}
}
END_TEST

START_TEST(test_ns_to_ps)
{
	uint64_t ps = 0;
	json_t *v = json_loads("1234.5674", JSON_DECODE_ANY, NULL);
	ck_assert(!js_ns_to_ps(v, &ps));          /* a fourth decimal is not ns.ps */
	json_decref(v);
	v = json_loads("-1.0", JSON_DECODE_ANY, NULL);
	ck_assert(!js_ns_to_ps(v, &ps));
	json_decref(v);
	v = json_loads("42", JSON_DECODE_ANY, NULL);
	ck_assert(js_ns_to_ps(v, &ps));
	ck_assert_uint_eq(ps, 42000);
	json_decref(v);
}
END_TEST

/* The readers' edges, by hand: a count is an integer of 0 or more; ns as an
 * integer up to floor((2^64 - 1) / 1000) = 18446744073709551 (its ps fit 64
 * bits), one more does not; as a real, 0.0 is 0 ps and 2 x 10^16 ns is past
 * 2^64 ps. */
START_TEST(test_read_edges)
{
	uint64_t u = 7, ps = 7;
	json_t *v = json_integer(-1);
	ck_assert(!js_as_u64(v, &u));
	json_decref(v);
	v = json_integer(0);
	ck_assert(js_as_u64(v, &u));
	ck_assert_uint_eq(u, 0);
	json_decref(v);
	v = json_integer(18446744073709551);
	ck_assert(js_ns_to_ps(v, &ps));
	ck_assert(ps == 18446744073709551000u);
	json_decref(v);
	v = json_integer(18446744073709552);
	ck_assert(!js_ns_to_ps(v, &ps));
	json_decref(v);
	v = json_real(0.0);
	ps = 7;
	ck_assert(js_ns_to_ps(v, &ps));
	ck_assert_uint_eq(ps, 0);
	json_decref(v);
	v = json_real(2e16);
	ck_assert(!js_ns_to_ps(v, &ps));
	json_decref(v);
	v = json_real(1234.567);
	ck_assert(js_ns_to_ps(v, &ps));
	ck_assert_uint_eq(ps, 1234567);
	json_decref(v);
}
END_TEST

START_TEST(test_layout_and_integers)
{
	json_t *o = json_object(), *lat = json_object(), *c = json_object();
	js_set(o, "n", js_u64(18446744073709551615ull));   /* above 2^63: a real */
	js_set(o, "k", js_u64(7));
	js_set(c, "count", js_u64(0));
	js_set(lat, "rt-rx", c);
	js_set(o, "latency", lat);
	js_set(o, "drops", json_object());
	char *t = js_dumps(o);
	ck_assert_str_eq(t, "{\n  \"n\": 1.8446744073709552e+19,\n  \"k\": 7,\n"
	                    "  \"latency\": {\n    \"rt-rx\": {\"count\": 0}\n  },\n"
	                    "  \"drops\": {}\n}\n");
	free(t);
	json_decref(o);
}
END_TEST

START_TEST(test_write_and_load)
{
	char dir[] = "/tmp/check_json.XXXXXX", err[256], p[512];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	json_t *o = json_object(), *w = json_object();
	js_set(o, "scenario", js_text(hostile));
	js_set(o, "latency", json_pack("{s:{s:i,s:o}}", "rt-rx", "count", 2, "p50_ns",
	                                  js_fixed(1451666, 3)));
	js_set(w, "seconds", js_fixed(5, 6));
	js_set(o, "wall", w);
	ck_assert_int_eq(js_write(o, dir, "summary.json", err, sizeof err), 0);
	snprintf(p, sizeof p, "%s/summary.json.tmp", dir);
	ck_assert_int_ne(access(p, F_OK), 0);
	snprintf(p, sizeof p, "%s/summary.json", dir);
	json_t *back = js_load(p, 1 << 20, err, sizeof err);
	ck_assert_ptr_nonnull(back);
	struct js_kv *kv;
	size_t n;
	static const char *const skip[] = {"wall"};
	ck_assert_int_eq(js_flatten(back, skip, 1, &kv, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(kv[0].path, "scenario");
	ck_assert_str_eq(kv[1].path, "latency.rt-rx.count");
	ck_assert_str_eq(kv[1].val, "2");
	ck_assert_str_eq(kv[2].path, "latency.rt-rx.p50_ns");
	ck_assert_str_eq(kv[2].val, "1451.666");
	js_kv_free(kv, n);
	json_decref(back);
	json_decref(o);
	/* a broken file: named, with line and column */
	FILE *f = fopen(p, "w");
	fputs("{\n  \"a\": 1,\n  \"a\": 2\n}\n", f);
	fclose(f);
	ck_assert_ptr_null(js_load(p, 1 << 20, err, sizeof err));
	char want[600];
	snprintf(want, sizeof want, "%s:3:", p);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "message: %s", err);
	ck_assert_ptr_nonnull(strstr(err, "duplicate"));
	/* JSON, but a list at the top (jansson reads only a list or an object) */
	static const char *const tops[] = {"[1]\n"};
	for (size_t i = 0; i < 1; i++) {
		f = fopen(p, "w");
		fputs(tops[i], f);
		fclose(f);
		ck_assert_ptr_null(js_load(p, 1 << 20, err, sizeof err));
		snprintf(want, sizeof want, "%s:1:1: not JSON of nicshare: the top level is not an object", p);
		ck_assert_str_eq(err, want);
	}
	unlink(p);
	rmdir(dir);
}
END_TEST

/* The reader's size limit: a file of exactly max bytes loads, one byte
 * more is refused by name (files within 64 KiB below max were refused as
 * "larger than max"). A file of N bytes: {"a": "x...x"} padded. */
static int load_sized(const char *p, size_t size, size_t max, char *err, size_t errlen)
{
	FILE *f = fopen(p, "w");
	fputs("{\"a\": \"", f);
	for (size_t i = 0; i < size - 10; i++)
		fputc('x', f);
	fputs("\"}\n", f);
	fclose(f);
	json_t *j = js_load(p, max, err, errlen);
	int ok = j && json_string_length(json_object_get(j, "a")) == size - 10;
	json_decref(j);
	return ok;
}

START_TEST(test_load_limit)
{
	char dir[] = "/tmp/check_json.XXXXXX", err[256], p[512], want[600];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/big.json", dir);
	static const size_t max = 200000;
	static const size_t fits[] = {10, 65536, 65537, 131072, 135000, 199999, 200000};
	for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++)
		ck_assert_msg(load_sized(p, fits[i], max, err, sizeof err), "%zu bytes: %s", fits[i],
		              err);
	ck_assert(!load_sized(p, max + 1, max, err, sizeof err));
	snprintf(want, sizeof want, "%s: larger than 200000 bytes", p);
	ck_assert_str_eq(err, want);
	ck_assert(!load_sized(p, 3 * max, max, err, sizeof err));
	ck_assert_str_eq(err, want);
	unlink(p);
	rmdir(dir);
}
END_TEST

/* The scalars' canonical texts (json.h, js_value_text: "true, false,
 * null; "{}"/"[]" for an empty object/array"), as js_flatten gives them
 * to `nicshare check`, which compares a world's world.json (whose
 * lookahead_ns is null when no route enters a host) value by value: a
 * null read as 0, or an empty object as an empty list, would compare
 * equal to a golden that differs. Expected texts by hand from json.h. */
START_TEST(test_value_texts)
{
	static const struct { const char *json, *text; } s[] = {
		{"null", "null"}, {"true", "true"}, {"false", "false"}, {"0", "0"},
		{"{}", "{}"}, {"[]", "[]"}, {"\"\"", "\"\""},
	};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		json_t *v = json_loads(s[i].json, JSON_DECODE_ANY, NULL);
		ck_assert_ptr_nonnull(v);
		char *t = js_value_text(v);
		ck_assert_msg(t && strcmp(t, s[i].text) == 0, "%s written %s", s[i].json, t);
		free(t);
		json_decref(v);
	}
	/* flattened: each leaf, empty ones included, under its path */
	json_t *o = json_loads("{\"a\": null, \"b\": {\"c\": {}, \"d\": [], \"e\": [null, 0]}}", 0,
	                       NULL);
	ck_assert_ptr_nonnull(o);
	struct js_kv *kv;
	size_t n;
	ck_assert_int_eq(js_flatten(o, NULL, 0, &kv, &n), 0);
	static const char *const want[][2] = {
		{"a", "null"}, {"b.c", "{}"}, {"b.d", "[]"}, {"b.e.0", "null"}, {"b.e.1", "0"},
	};
	ck_assert_uint_eq(n, 5);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(kv[i].path, want[i][0]);
		ck_assert_str_eq(kv[i].val, want[i][1]);
	}
	js_kv_free(kv, n);
	json_decref(o);
}
END_TEST

/* A file that cannot be opened: json.h's "PATH: cannot read: ..." with
 * the system's reason, by hand ENOENT's text. */
START_TEST(test_load_missing)
{
	char dir[] = "/tmp/check_json.XXXXXX", err[256], p[512], want[700];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/none.json", dir);
	ck_assert_ptr_null(js_load(p, 1 << 20, err, sizeof err));
	snprintf(want, sizeof want, "%s: cannot read: %s", p, strerror(ENOENT));
	ck_assert_str_eq(err, want);
	rmdir(dir);
}
END_TEST

/* A text that fills the writer's first buffer (1024 bytes) exactly, its
 * NUL then needing the next: {"s": "x...x"} with 1010 x's is, by hand,
 * 2 + 2 + 3 + 2 + 1012 + 1 + 1 + 1 = 1024 bytes ("{\n", the indent, "\"s\"",
 * ": ", the quoted string, "\n", "}", "\n"), and 2034 x's 2048. The NUL
 * written one past a full buffer is seen by the sanitizer build
 * (quickstart's build-asan: heap-buffer-overflow). */
START_TEST(test_dumps_buffer_edges)
{
	static const size_t lens[] = {1009, 1010, 1011, 2034};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		char *s = malloc(lens[i] + 1), *want = malloc(lens[i] + 32);
		ck_assert(s && want);
		memset(s, 'x', lens[i]);
		s[lens[i]] = '\0';
		snprintf(want, lens[i] + 32, "{\n  \"s\": \"%s\"\n}\n", s);
		ck_assert_uint_eq(strlen(want), lens[i] + 14);
		json_t *o = json_object();
		js_set(o, "s", js_text(s));
		char *t = js_dumps(o);
		ck_assert_ptr_nonnull(t);
		ck_assert_str_eq(t, want);
		free(t);
		json_decref(o);
		free(s);
		free(want);
	}
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_text_roundtrip);
	tcase_add_test(tc, test_text_not_utf8);
	tcase_add_loop_test(tc, test_fixed, 0, sizeof fixes / sizeof fixes[0]);
	tcase_add_test(tc, test_fixed_wide);
	tcase_add_test(tc, test_real_edges);
	tcase_add_test(tc, test_ns_to_ps);
	tcase_add_test(tc, test_read_edges);
	tcase_add_test(tc, test_layout_and_integers);
	tcase_add_test(tc, test_write_and_load);
	tcase_add_test(tc, test_load_limit);
	tcase_add_test(tc, test_value_texts);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_dumps_buffer_edges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(json_suite());
}
