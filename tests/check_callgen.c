/* check_callgen.c - unit tests of src/callgen.c: the PRNG against values
 * worked by hand and published, a fixed schedule by hand, the Poisson
 * generator against its expected mean and variance with tolerances derived
 * from them, determinism, the codec mix, bad configurations; and
 * callmsg.c's RTP packets from a call's cached first one against the ones
 * it builds whole. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/callgen.h"
#include "src/callmsg.h"

#define S(x) ((uint64_t)(x) * 1000000000000ull)   /* seconds -> ps */
#define MSEC(x) ((uint64_t)(x) * 1000000000ull)

/* splitmix64 from 0: its published first outputs (Vigna's reference
 * splitmix64.c): e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f.
 * xoshiro256** from the state {1, 2, 3, 4}, by hand:
 *   out1 = rotl(2 x 5, 7) x 9 = 1280 x 9 = 11520; then s = {7, 0,
 *   262146, 6 << 45}; out2 = rotl(0, 7) x 9 = 0; then s1 = 262149:
 *   out3 = rotl(262149 x 5, 7) x 9 = 167775360 x 9 = 1509978240. */
START_TEST(t_rng)
{
	struct callgen_rng r;
	callgen_rng_seed(&r, 0);
	ck_assert_uint_eq(r.s[0], 0xe220a8397b1dcdafull);
	ck_assert_uint_eq(r.s[1], 0x6e789e6aa1b965f4ull);
	ck_assert_uint_eq(r.s[2], 0x06c45d188009454full);
	r = (struct callgen_rng){{1, 2, 3, 4}};
	ck_assert_uint_eq(callgen_rng_next(&r), 11520);
	ck_assert_uint_eq(callgen_rng_next(&r), 0);
	ck_assert_uint_eq(callgen_rng_next(&r), 1509978240ull);
	/* (0, 1]: the state {0,0,0,0} gives 0 forever: u = 2^-53, never 0 */
	r = (struct callgen_rng){{0, 0, 0, 0}};
	ck_assert(callgen_rng_unit(&r) == 0x1.0p-53);
}
END_TEST

/* Three calls, one a second, 10 s each, the default far end (100 after
 * 10 ms, 180 after 50 ms, 200 after 2 s, ACK 10 ms after the 200, 200 to
 * BYE after 10 ms). Call 2: INVITE 1 s, 100 at 1.010, 180 at 1.050,
 * 200 at 3 s, ACK 3.010, BYE 13 s, its 200 at 13.010. 10 s of 20 ms
 * packets = 500 per direction, 160 bytes each (G.711). All three overlap:
 * ports 20000, 20002, 20004, peak 3. */
START_TEST(t_fixed)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.count = 3;
	c.hold_ps = S(10);
	char err[200];
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_count(g), 3);
	const struct callgen_call *k = callgen_get(g, 1);
	ck_assert_uint_eq(k->id, 2);
	ck_assert_uint_eq(k->t_invite, S(1));
	ck_assert_uint_eq(k->t_100, S(1) + MSEC(10));
	ck_assert_uint_eq(k->t_180, S(1) + MSEC(50));
	ck_assert_uint_eq(k->t_200, S(3));
	ck_assert_uint_eq(k->t_ack, S(3) + MSEC(10));
	ck_assert_uint_eq(k->t_bye, S(13));
	ck_assert_uint_eq(k->t_bye_ok, S(13) + MSEC(10));
	ck_assert_uint_eq(k->packets, 500);
	ck_assert_uint_eq(k->payload_bytes, 160);
	ck_assert_str_eq(k->codec->name, "PCMU");
	ck_assert_uint_eq(k->local_port, 20002);
	ck_assert_uint_eq(callgen_get(g, 2)->local_port, 20004);
	ck_assert_uint_eq(callgen_peak(g), 3);
	ck_assert_ptr_null(callgen_get(g, 3));
	ck_assert_str_eq(k->call_id, "cg-0000000000000001-2");
	/* billing: start at the 200 (3 s = 3e9 ns), 10 s long */
	char line[128];
	callgen_billing(k, line, sizeof line);
	ck_assert_str_eq(line, k->outgoing ? "gw-2\tfar-2\t3000000000\t10000000000\n"
	                                   : "far-2\tgw-2\t3000000000\t10000000000\n");
	callgen_destroy(g);

	/* 15 s apart the calls never overlap: one port pair, peak 1 */
	c.spacing_ps = S(15);
	g = callgen_create(&c, err, sizeof err);
	ck_assert_uint_eq(callgen_get(g, 2)->local_port, 20000);
	ck_assert_uint_eq(callgen_peak(g), 1);
	callgen_destroy(g);

	/* two port pairs for three overlapping calls: refused, said why */
	c.spacing_ps = S(1);
	c.ports = 2;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "more than 2 calls at once"));
}
END_TEST

/* Poisson at 10 calls/s over 1000 s, exponential holding with mean 100 s,
 * seed 12345. The count N is Poisson(10000): mean 10000, sd 100; held to
 * 4 sd, +-400. Holding times: sample mean of N exponentials with mean
 * 100 s has sd 100 / sqrt(N) ~= 1 s: +-4 s. Gaps: exponential with mean
 * 0.1 s and variance 0.01 s^2; the sample mean's sd is 0.1 / sqrt(N) =
 * 0.001 s (+-0.004), the sample variance's sd is sigma^2 sqrt(8 / N)
 * (fourth central moment of the exponential 9 sigma^4) = 0.000283 s^2
 * (+-0.00113). */
START_TEST(t_poisson)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.mode = CALLGEN_POISSON;
	c.seed = 12345;
	c.count = 0;
	c.rate_per_s = 10;
	c.window_ps = S(1000);
	c.hold_ps = S(100);
	c.hold_exp = true;
	c.ports = 8000;
	char err[200];
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	size_t n = callgen_count(g);
	ck_assert_msg(n >= 9600 && n <= 10400, "N = %zu", n);
	double hs = 0, gs = 0, gss = 0, prev = 0;
	for (size_t i = 0; i < n; i++) {
		const struct callgen_call *k = callgen_get(g, i);
		hs += (double)k->hold_ps / 1e12;
		double gap = ((double)k->t_invite - prev) / 1e12;
		prev = (double)k->t_invite;
		ck_assert(gap >= 0);
		gs += gap;
		gss += gap * gap;
		ck_assert_uint_lt(k->t_invite, S(1000));
	}
	double hm = hs / n, gm = gs / n, gv = gss / n - gm * gm;
	ck_assert_msg(fabs(hm - 100) < 4, "mean holding %.3f s", hm);
	ck_assert_msg(fabs(gm - 0.1) < 0.004, "mean gap %.5f s", gm);
	ck_assert_msg(fabs(gv - 0.01) < 0.00113, "gap variance %.6f s^2", gv);
	callgen_destroy(g);

	/* a cap on the count */
	c.count = 5;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_uint_eq(callgen_count(g), 5);
	callgen_destroy(g);
}
END_TEST

/* The same seed gives the same schedule; another seed another one. */
START_TEST(t_determinism)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.mode = CALLGEN_POISSON;
	c.count = 200;
	c.rate_per_s = 5;
	c.hold_exp = true;
	c.weight[CG_G729] = 1;
	char err[200];
	struct callgen *a = callgen_create(&c, err, sizeof err), *b = callgen_create(&c, err, sizeof err);
	c.seed = 2;
	struct callgen *d = callgen_create(&c, err, sizeof err);
	ck_assert_uint_eq(callgen_count(a), callgen_count(b));
	for (size_t i = 0; i < callgen_count(a); i++) {
		const struct callgen_call *x = callgen_get(a, i), *y = callgen_get(b, i);
		ck_assert(x->t_invite == y->t_invite && x->hold_ps == y->hold_ps &&
		          x->codec == y->codec && x->ssrc_far == y->ssrc_far &&
		          x->outgoing == y->outgoing && x->local_port == y->local_port &&
		          strcmp(x->call_id, y->call_id) == 0);
	}
	ck_assert(callgen_get(a, 0)->t_invite != callgen_get(d, 0)->t_invite);
	callgen_destroy(a);
	callgen_destroy(b);
	callgen_destroy(d);
}
END_TEST

/* Weights 1:1:2 over 4000 calls: PCMU is Binomial(4000, 1/4): mean 1000,
 * sd sqrt(4000 x 0.25 x 0.75) = 27.4, +-110 (4 sd); G.729 is
 * Binomial(4000, 1/2): 2000, sd 31.6, +-127. Outgoing at 50 %: the same
 * 2000 +-127. ptime 30 ms: G.729 carries 30 bytes, G.711 240. */
START_TEST(t_mix)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.count = 4000;
	c.spacing_ps = MSEC(1);
	c.hold_ps = MSEC(100);
	c.weight[CG_PCMU] = 1;
	c.weight[CG_PCMA] = 1;
	c.weight[CG_G729] = 2;
	c.ptime_ms = 30;
	char err[200];
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	unsigned n[3] = {0, 0, 0}, out = 0;
	for (size_t i = 0; i < callgen_count(g); i++) {
		const struct callgen_call *k = callgen_get(g, i);
		n[k->codec->pt == 0 ? 0 : k->codec->pt == 8 ? 1 : 2]++;
		out += k->outgoing;
		ck_assert_uint_eq(k->ptime_ms, 30);
		ck_assert_uint_eq(k->payload_bytes, k->codec->pt == 18 ? 30 : 240);
	}
	ck_assert_msg(n[0] >= 890 && n[0] <= 1110, "PCMU %u", n[0]);
	ck_assert_msg(n[2] >= 1873 && n[2] <= 2127, "G729 %u", n[2]);
	ck_assert_msg(out >= 1873 && out <= 2127, "outgoing %u", out);
	callgen_destroy(g);
}
END_TEST

/* callmsg_rtp_cached writes callmsg_rtp's bytes: six calls (each codec,
 * both directions of sending), every sequence number (70,000 packets of
 * the first call: the 16-bit words and checksums take every value, the
 * UDP field's 0 -> 0xffff included when it occurs) and the timestamp's
 * wrap; a buffer too short gets 0 as from callmsg_rtp. The parse the cache
 * keeps (callmsg_rtp_parse, none before the first packet) is frame_parse's
 * of every packet, byte for byte (both from a zeroed struct). The packets
 * are made from the headers and the codec's silence byte (cache.filled). */
START_TEST(t_rtp_cached)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.count = 6;
	c.hold_ps = S(5);
	c.weight[CG_PCMU] = 1;
	c.weight[CG_PCMA] = 1;
	c.weight[CG_G729] = 1;
	char err[200];
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	struct callmsg_ends e = {0x0a000001u, 0xc0a80102u, {2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2},
	                         5060, 5080};
	uint8_t a[1600], b[1600];
	for (size_t i = 0; i < callgen_count(g); i++) {
		const struct callgen_call *k = callgen_get(g, i);
		for (int gw = 0; gw < 2; gw++) {
			struct callmsg_rtp_cache cache = {0};
			ck_assert_ptr_null(callmsg_rtp_parse(&cache));
			uint64_t last = i == 0 ? 70000 : 3000;
			for (uint64_t n = 0; n < last; n++) {
				size_t na = callmsg_rtp(&e, k, gw, n, a, sizeof a);
				size_t nb = callmsg_rtp_cached(&cache, &e, k, gw, n, b, sizeof b);
				ck_assert_uint_gt(na, 54);
				ck_assert_uint_eq(nb, na);
				ck_assert_msg(memcmp(a, b, na) == 0, "call %zu gw %d packet %llu differs", i,
				              gw, (unsigned long long)n);
				struct frame_info fa;
				frame_parse(a, (uint32_t)na, (uint32_t)na, &fa);
				const struct frame_info *fb = callmsg_rtp_parse(&cache);
				ck_assert_ptr_nonnull(fb);
				ck_assert_msg(memcmp(&fa, fb, sizeof fa) == 0, "call %zu gw %d packet %llu: "
				              "parse differs", i, gw, (unsigned long long)n);
			}
			ck_assert_uint_eq(callmsg_rtp_cached(&cache, &e, k, gw, 1, b, 54), 0);
			ck_assert(cache.filled);   /* headers and the silence byte, no copy kept */
			ck_assert_ptr_null(cache.frame);
			callmsg_rtp_cache_free(&cache);
			ck_assert_ptr_null(callmsg_rtp_parse(&cache));
		}
	}
	callgen_destroy(g);
}
END_TEST

START_TEST(t_bad)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.mode = CALLGEN_POISSON;
	c.rate_per_s = 0;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "rate"));
	callgen_defaults(&c);
	c.port_base = 20001;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "ports"));
	callgen_defaults(&c);
	c.port_base = 60000;
	c.ports = 4000;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	callgen_defaults(&c);
	c.d200_ps = 0;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.far.d200 must be at least calls.far.d180"));
	callgen_defaults(&c);
	c.d180_ps = c.d100_ps - 1;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.far.d180 must be at least calls.far.d100"));
}
END_TEST

/* The far end's RTP port of local pair k is rtp_port + 2 (k mod 10000),
 * never wrapped. Two calls 100 ms apart holding 1 s overlap: pairs 0 and
 * 1. rtp_port 65533: far ports 65533 and 65535, the last port there is.
 * rtp_port 65534: call 2's would be 65534 + 2 = 65536 (it wrapped to 0):
 * refused, naming the key and the port. One call alone on 65534: pair 0,
 * 65534, fine. */
START_TEST(t_far_port)
{
	struct callgen_cfg c;
	char err[300];
	callgen_defaults(&c);
	c.count = 2;
	c.spacing_ps = MSEC(100);
	c.hold_ps = S(1);
	c.far_port = 65533;
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->far_port, 65533);
	ck_assert_uint_eq(callgen_get(g, 1)->far_port, 65535);
	callgen_destroy(g);
	c.far_port = 65534;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_msg(strncmp(err, "calls.far.rtp_port: ", 20) == 0, "%s", err);
	ck_assert_msg(strstr(err, "= 65536") != NULL, "%s", err);
	c.count = 1;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->far_port, 65534);
	callgen_destroy(g);
}
END_TEST

/* Schedules past 2^64 ps (18446744073709551616 ps = 18446744.07 s) are
 * refused, not wrapped: 216 calls one a day end at 215 x 86400 s =
 * 18576000 s, past it; one every 85000 s end at 215 x 85000 s =
 * 18275000 s = 18275000000000000000 ps, inside, the last INVITE exactly
 * there. Start 2^64 - 1 - 10^12 ps with two calls 1 s apart: the second
 * at 2^64 - 1 ps, the last time there is; 1 ps more spacing is past it.
 * Poisson: start + window must not pass 2^64 - 1 either. */
START_TEST(t_schedule_limit)
{
	struct callgen_cfg c;
	char err[300];
	callgen_defaults(&c);
	c.count = 216;
	c.hold_ps = S(1);
	c.spacing_ps = S(86400);
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_msg(strncmp(err, "calls.generator.spacing: ", 25) == 0, "%s", err);
	c.spacing_ps = S(85000);
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_count(g), 216);
	ck_assert_uint_eq(callgen_get(g, 215)->t_invite, 18275000000000000000ull);
	ck_assert_uint_eq(callgen_get(g, 214)->t_invite, 18190000000000000000ull);
	callgen_destroy(g);

	c.count = 2;
	c.start_ps = UINT64_MAX - S(1);
	c.spacing_ps = S(1);
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 1)->t_invite, UINT64_MAX);
	callgen_destroy(g);
	c.spacing_ps = S(1) + 1;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_msg(strncmp(err, "calls.generator.spacing: ", 25) == 0, "%s", err);

	callgen_defaults(&c);
	c.mode = CALLGEN_POISSON;
	c.start_ps = UINT64_MAX - S(10);
	c.window_ps = S(10) + 1;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_msg(strncmp(err, "calls.generator.window: ", 24) == 0, "%s", err);
	c.window_ps = S(10);
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	for (size_t i = 0; i < callgen_count(g); i++)
		ck_assert_uint_ge(callgen_get(g, i)->t_invite, UINT64_MAX - S(10));
	callgen_destroy(g);
}
END_TEST

/* A generated call's number back from its Call-ID (the far end and the
 * billing host find the call by it): "cg-" + the seed in 16 hex digits +
 * "-" + the call's number, digits only, 1..ncalls. */
START_TEST(t_call_of)
{
	const char *pre = "cg-000000000000002a-";     /* seed 42 */
	char id[64];
	snprintf(id, sizeof id, "%s3", pre);
	ck_assert_uint_eq(callmsg_call_of(42, id, 5), 2);
	ck_assert_uint_eq(callmsg_call_of(43, id, 5), SIZE_MAX);      /* another seed's */
	ck_assert_uint_eq(callmsg_call_of(42, id, 2), SIZE_MAX);      /* beyond the calls */
	const char *bad[] = {"+3", " 3", "3x", "", "0", "-3", "18446744073709551619"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(id, sizeof id, "%s%s", pre, bad[i]);
		ck_assert_msg(callmsg_call_of(42, id, 5) == SIZE_MAX, "'%s' taken", id);
	}
}
END_TEST

static Suite *callgen_suite(void)
{
	Suite *s = suite_create("callgen");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_rng);
	tcase_add_test(tc, t_fixed);
	tcase_add_test(tc, t_poisson);
	tcase_add_test(tc, t_determinism);
	tcase_add_test(tc, t_mix);
	tcase_add_test(tc, t_bad);
	tcase_add_test(tc, t_far_port);
	tcase_add_test(tc, t_schedule_limit);
	tcase_add_test(tc, t_rtp_cached);
	tcase_add_test(tc, t_call_of);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(callgen_suite());
	srunner_run_all(sr, CK_NORMAL);
	int nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
