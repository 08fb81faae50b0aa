/* check_callgen.c - unit tests of src/callgen.c: the PRNG against values
 * worked by hand and published, a fixed schedule by hand, the Poisson
 * generator against its expected mean and variance with tolerances derived
 * from them, determinism, the codec mix, bad configurations; and
 * callmsg.c's RTP packets from a call's cached first one against the ones
 * it builds whole; the edges of the checks, single-codec mixes, the
 * outgoing ends, a late Poisson window, packets per call, port reuse at the
 * 200 to the BYE, far ports past 1000 pairs, saturated instants and RTP
 * payloads cut at 1500 bytes. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/callgen.h"
#include "src/callmsg.h"

#include "checkrun.h"

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
	                         5060, 5080, 0};
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
/* calls.generator.port_guard: a call every 200 ms, each over (the BYE's
 * 200) 200 ms after its INVITE (every far delay 0, hold 200 ms), so a
 * pair's call ends as the next INVITE comes. By hand, with the guard of
 * 1 s: call k (0-based) starts at 200k ms; pair 0 is free again at 200 +
 * 1000 = 1200 ms, when call 6 starts: calls 0-5 take pairs 0-5, call 6
 * pair 0, call 7 pair 1 (free at 1400 ms). The calls never overlap: peak
 * 1. With 0 s each takes pair 0. With 3 pairs, call 3 (600 ms) finds none
 * free (0, 1, 2 are free at 1200, 1400, 1600 ms) and the message names
 * the guard, not a lack of pairs. */
START_TEST(t_port_guard)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.count = 8;
	c.spacing_ps = MSEC(200);
	c.hold_ps = MSEC(200);
	c.d100_ps = c.d180_ps = c.d200_ps = c.dack_ps = c.dbye_ok_ps = 0;
	char err[300];
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	static const uint16_t want[8] = {20000, 20002, 20004, 20006, 20008, 20010, 20000, 20002};
	for (size_t i = 0; i < 8; i++)
		ck_assert_uint_eq(callgen_get(g, i)->local_port, want[i]);
	ck_assert_uint_eq(callgen_peak(g), 1);
	callgen_destroy(g);
	c.port_guard_ps = 0;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	for (size_t i = 0; i < 8; i++)
		ck_assert_uint_eq(callgen_get(g, i)->local_port, 20000);
	callgen_destroy(g);
	c.port_guard_ps = S(1);
	c.ports = 3;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_str_eq(err, "call 4: no port pair free: of 3 pairs, 0 are in calls and 3 within "
	                      "calls.generator.port_guard of their last call's end; raise "
	                      "calls.generator.ports or lower calls.generator.port_guard");
}
END_TEST

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

/* The edges of a schedule's checks, each value on its accepted side and
 * the next one refused: two calls need a spacing; the last port pair may
 * end at 65535 (65534 + 2 x 1 = 65536, one past it); the first port may be
 * 1024 (1022 is below); outgoing 100 %, not 101; ptime 1000 ms, not 1001;
 * the far end may answer 100, 180 and 200 at one instant (d100 = d180 =
 * d200, the order kept); with the ACK 3 ms after the 200 and the 200 to
 * the BYE 4 ms after it (hold 60 s): ACK at 7 + 3 = 10 ms, BYE at 60.007 s,
 * its 200 at 60.011 s. The rate is a Poisson generator's: fixed calls
 * take none (rate 0 is no error there). */
START_TEST(t_bounds)
{
	struct callgen_cfg c;
	char err[300];
	struct callgen *g;
	callgen_defaults(&c);
	c.rate_per_s = 0;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "fixed calls with rate 0: %s", err);
	callgen_destroy(g);
	c.count = 2;
	c.spacing_ps = 0;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_msg(strstr(err, "calls.generator.spacing must be above 0") != NULL, "%s", err);
	c.count = 1;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "one call needs no spacing: %s", err);
	callgen_destroy(g);

	callgen_defaults(&c);
	c.port_base = 65534;
	c.ports = 1;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->local_port, 65534);
	callgen_destroy(g);
	c.ports = 2;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.generator.ports"));

	callgen_defaults(&c);
	c.port_base = 1024;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->local_port, 1024);
	callgen_destroy(g);
	c.port_base = 1022;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.generator.ports"));

	callgen_defaults(&c);
	c.out_pct = 100;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	callgen_destroy(g);
	c.out_pct = 101;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.generator.outgoing must be a percentage"));

	callgen_defaults(&c);
	c.ptime_ms = 1000;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->ptime_ms, 1000);
	callgen_destroy(g);
	c.ptime_ms = 1001;
	ck_assert_ptr_null(callgen_create(&c, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "calls.generator.ptime must be 1000ms or less"));

	callgen_defaults(&c);
	c.d100_ps = c.d180_ps = c.d200_ps = MSEC(7);
	c.dack_ps = MSEC(3);
	c.dbye_ok_ps = MSEC(4);
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	const struct callgen_call *k = callgen_get(g, 0);
	ck_assert_uint_eq(k->t_100, MSEC(7));
	ck_assert_uint_eq(k->t_180, MSEC(7));
	ck_assert_uint_eq(k->t_200, MSEC(7));
	ck_assert_uint_eq(k->t_ack, MSEC(10));
	ck_assert_uint_eq(k->t_bye, S(60) + MSEC(7));
	ck_assert_uint_eq(k->t_bye_ok, S(60) + MSEC(11));
	callgen_destroy(g);
}
END_TEST

/* What one draw decides, at its ends. A mix of one codec is that codec,
 * whichever it is (PCMA alone: every call PCMA; G.729 alone: every call
 * G.729, 20 bytes per 20 ms). Outgoing 0 %: the far end places all 1000
 * calls; 100 %: GP places all. */
START_TEST(t_draws)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.count = 1000;
	c.spacing_ps = MSEC(1);
	c.hold_ps = MSEC(100);
	for (int only = CG_PCMA; only <= CG_G729; only++) {
		c.weight[CG_PCMU] = c.weight[CG_PCMA] = c.weight[CG_G729] = 0;
		c.weight[only] = 1;
		c.out_pct = only == CG_PCMA ? 0 : 100;
		struct callgen *g = callgen_create(&c, err, sizeof err);
		ck_assert_msg(g != NULL, "%s", err);
		for (size_t i = 0; i < callgen_count(g); i++) {
			const struct callgen_call *k = callgen_get(g, i);
			ck_assert_str_eq(k->codec->name, only == CG_PCMA ? "PCMA" : "G729");
			ck_assert_uint_eq(k->payload_bytes, only == CG_PCMA ? 160 : 20);
			ck_assert_msg(k->outgoing == (c.out_pct == 100), "call %zu outgoing %d at %u %%",
			              i, k->outgoing, c.out_pct);
		}
		callgen_destroy(g);
	}
}
END_TEST

/* Poisson arrivals in a window that does not start at 0: 10 calls/s from
 * 100 s to 110 s, Poisson(100) calls (sd 10, held to 4 sd: 60..140), every
 * INVITE inside [100 s, 110 s). */
START_TEST(t_poisson_late)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.mode = CALLGEN_POISSON;
	c.count = 0;
	c.rate_per_s = 10;
	c.start_ps = S(100);
	c.window_ps = S(10);
	c.hold_ps = MSEC(100);
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	size_t n = callgen_count(g);
	ck_assert_msg(n >= 60 && n <= 140, "N = %zu", n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_ge(callgen_get(g, i)->t_invite, S(100));
		ck_assert_uint_lt(callgen_get(g, i)->t_invite, S(110));
	}
	callgen_destroy(g);
}
END_TEST

/* Packets per direction: hold / ptime rounded down. 50 x 20 ms = 1 s
 * exactly: 50; 1 ps less: 49. */
START_TEST(t_packets)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.hold_ps = S(1);
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->packets, 50);
	callgen_destroy(g);
	c.hold_ps = S(1) - 1;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 0)->packets, 49);
	callgen_destroy(g);
}
END_TEST

/* A port pair is busy from its call's INVITE to the 200 OK to its BYE,
 * that instant excluded (with calls.generator.port_guard 0; the guard's
 * edge is t_port_guard's). Call 1 (defaults, hold 10 s): INVITE 0, 200 at
 * 2 s, BYE at 12 s, its 200 at 12.010 s. Call 2 at 12.010 s takes pair 0
 * again (20000), peak 1; at 12.010 s - 1 ps, or at 12.005 s (after the
 * BYE, before its 200), pair 1 (20002), peak 2. */
START_TEST(t_port_reuse)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.port_guard_ps = 0;
	c.count = 2;
	c.hold_ps = S(10);
	const uint64_t sp[3] = {S(12) + MSEC(10), S(12) + MSEC(10) - 1, S(12) + MSEC(5)};
	const unsigned port[3] = {20000, 20002, 20002}, peak[3] = {1, 2, 2};
	for (int i = 0; i < 3; i++) {
		c.spacing_ps = sp[i];
		struct callgen *g = callgen_create(&c, err, sizeof err);
		ck_assert_msg(g != NULL, "%s", err);
		ck_assert_uint_eq(callgen_get(g, 0)->t_bye_ok, S(12) + MSEC(10));
		ck_assert_uint_eq(callgen_get(g, 1)->local_port, port[i]);
		ck_assert_uint_eq(callgen_peak(g), peak[i]);
		callgen_destroy(g);
	}
}
END_TEST

/* Local pair k's far RTP port is rtp_port + 2 (k mod 10000): 10001 calls
 * all at once (1 ps apart, 1 s each) on pairs 0..10000 from port 1024
 * (1024 + 2 x 10001 = 21026 <= 65536). Call 1001 (pair 1000): local
 * 1024 + 2000 = 3024, far 40000 + 2000 = 42000; call 10001 (pair 10000):
 * local 1024 + 20000 = 21024, far 40000 + 2 x 0 = 40000. Peak 10001. */
START_TEST(t_far_port_mod)
{
	struct callgen_cfg c;
	char err[300];
	callgen_defaults(&c);
	c.count = 10001;
	c.spacing_ps = 1;
	c.hold_ps = S(1);
	c.port_base = 1024;
	c.ports = 10001;
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_get(g, 1000)->local_port, 3024);
	ck_assert_uint_eq(callgen_get(g, 1000)->far_port, 42000);
	ck_assert_uint_eq(callgen_get(g, 10000)->local_port, 21024);
	ck_assert_uint_eq(callgen_get(g, 10000)->far_port, 40000);
	ck_assert_uint_eq(callgen_peak(g), 10001);
	callgen_destroy(g);
}
END_TEST

/* A Call-ID names call id of ncalls when 1 <= id <= ncalls: the last call
 * too (3 of 3); the seed's 16 hex digits must be followed by '-'. */
START_TEST(t_call_of_edges)
{
	ck_assert_uint_eq(callmsg_call_of(42, "cg-000000000000002a-3", 3), 2);
	ck_assert_uint_eq(callmsg_call_of(42, "cg-000000000000002a-1", 1), 0);
	ck_assert_uint_eq(callmsg_call_of(42, "cg-000000000000002ax3", 3), SIZE_MAX);
	ck_assert_uint_eq(callmsg_call_of(42, "cg-000000000000002a", 3), SIZE_MAX);
}
END_TEST

/* An RTP payload is at most 1500 bytes (callmsg.c): PCMU at ptime 200 ms
 * would carry 8000 x 0.2 = 1600 bytes, cut to 1500: the frame is Ethernet
 * 14 + IPv4 20 + UDP 8 + RTP 12 + 1500 = 1554 bytes, IPv4 total length
 * 20 + 8 + 12 + 1500 = 1540 (0x0604), UDP length 1520 (0x05f0). The
 * cached copy writes the same; a buffer one byte short of it gets 0. At
 * ptime 180 ms the 1440 bytes are all sent: 14 + 20 + 8 + 12 + 1440 =
 * 1494 bytes. */
START_TEST(t_rtp_big)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.ptime_ms = 200;
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	const struct callgen_call *k = callgen_get(g, 0);
	ck_assert_uint_eq(k->payload_bytes, 1600);
	struct callmsg_ends e = {0x0a000001u, 0x0a000002u, {2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2},
	                         5060, 5060, 0};
	uint8_t a[1600], b[1600];
	ck_assert_uint_eq(callmsg_rtp(&e, k, true, 0, a, sizeof a), 1554);
	ck_assert_uint_eq(a[16] << 8 | a[17], 1540);
	ck_assert_uint_eq(a[38] << 8 | a[39], 1520);
	struct callmsg_rtp_cache cache = {0};
	ck_assert_uint_eq(callmsg_rtp_cached(&cache, &e, k, true, 0, b, sizeof b), 1554);
	ck_assert(memcmp(a, b, 1554) == 0);
	ck_assert_uint_eq(callmsg_rtp_cached(&cache, &e, k, true, 1, b, 1553), 0);
	callmsg_rtp_cache_free(&cache);
	callgen_destroy(g);
	c.ptime_ms = 180;
	g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callmsg_rtp(&e, callgen_get(g, 0), false, 0, a, sizeof a), 1494);
	callgen_destroy(g);
}
END_TEST

/* Instants past the last time there is stay there (2^64 - 1 ps), not
 * wrapped: two calls 1 s apart from 2^64 - 1 - 10^12 ps, the second's
 * INVITE at 2^64 - 1; its 100 (+10 ms), 200 (+2 s) and the 200 to its BYE
 * are 2^64 - 1 too; the first's 100 is 10 ms after its INVITE, inside. */
START_TEST(t_saturate)
{
	struct callgen_cfg c;
	char err[300];
	callgen_defaults(&c);
	c.count = 2;
	c.start_ps = UINT64_MAX - S(1);
	c.spacing_ps = S(1);
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	const struct callgen_call *k = callgen_get(g, 1);
	ck_assert_uint_eq(k->t_invite, UINT64_MAX);
	ck_assert_uint_eq(k->t_100, UINT64_MAX);
	ck_assert_uint_eq(k->t_200, UINT64_MAX);
	ck_assert_uint_eq(k->t_bye_ok, UINT64_MAX);
	ck_assert_uint_eq(callgen_get(g, 0)->t_100, UINT64_MAX - S(1) + MSEC(10));
	callgen_destroy(g);
}
END_TEST

/* Each call's draws in the documented order (callgen.c's header: the
 * gap if Poisson, the holding time if exponential, the codec if a mix,
 * direction, who hangs up, the two SSRCs, sequence and timestamp starts),
 * replayed on the generator t_rng checks against published outputs. Per
 * call: direction next % 100 < outgoing %, hang-up next & 1, the SSRCs
 * the low 32 bits of one draw each, one draw x for the sequence starts
 * (bits 0-15 local, 16-31 far) and the local timestamp (bits 32-63), one
 * for the far timestamp. A mix of one codec draws none (PCMA alone,
 * fixed holding time); a mix of PCMU 1 and G.729 1 draws next % 2 (0:
 * PCMU, 1: G.729) after the exponential holding time. */
START_TEST(t_draw_order)
{
	char err[200];
	for (int mix = 0; mix < 2; mix++) {
		struct callgen_cfg c;
		callgen_defaults(&c);
		c.seed = 7;
		c.hold_exp = mix;
		c.weight[CG_PCMU] = c.weight[CG_G729] = (uint32_t)mix;
		c.weight[CG_PCMA] = (uint32_t)!mix;
		c.count = 20;
		c.spacing_ps = MSEC(1);
		c.hold_ps = MSEC(100);
		struct callgen *g = callgen_create(&c, err, sizeof err);
		ck_assert_msg(g != NULL, "%s", err);
		struct callgen_rng r;
		callgen_rng_seed(&r, 7);
		for (size_t i = 0; i < callgen_count(g); i++) {
			const struct callgen_call *k = callgen_get(g, i);
			const char *codec = "PCMA";
			if (mix) {
				ck_assert_uint_eq(k->hold_ps, (uint64_t)callgen_rng_exp(&r, (double)MSEC(100)));
				codec = callgen_rng_next(&r) % 2 ? "G729" : "PCMU";
			}
			ck_assert_str_eq(k->codec->name, codec);
			ck_assert_int_eq(k->outgoing, callgen_rng_next(&r) % 100 < 50);
			ck_assert_int_eq(k->far_hangs_up, callgen_rng_next(&r) & 1);
			ck_assert_uint_eq(k->ssrc_local, (uint32_t)callgen_rng_next(&r));
			ck_assert_uint_eq(k->ssrc_far, (uint32_t)callgen_rng_next(&r));
			uint64_t x = callgen_rng_next(&r);
			ck_assert_uint_eq(k->seq0_local, x & 0xffff);
			ck_assert_uint_eq(k->seq0_far, (x >> 16) & 0xffff);
			ck_assert_uint_eq(k->ts0_local, x >> 32);
			ck_assert_uint_eq(k->ts0_far, (uint32_t)callgen_rng_next(&r));
		}
		callgen_destroy(g);
	}
}
END_TEST

/* calls.generator.shift moves call i + 1's INVITE by shift_ps[i] for i
 * below n_shift only (callgen.h): all 64 shifts used (1 ps each), 65 calls
 * 1 ms apart: call 64 at 63 ms + 1 ps, call 65, past the shifts, at 64 ms
 * exactly. */
START_TEST(t_shift_last)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.count = CALLGEN_SHIFTS + 1;
	c.spacing_ps = MSEC(1);
	c.hold_ps = MSEC(100);
	c.n_shift = CALLGEN_SHIFTS;
	for (int i = 0; i < CALLGEN_SHIFTS; i++)
		c.shift_ps[i] = 1;
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	ck_assert_uint_eq(callgen_count(g), 65);
	ck_assert_uint_eq(callgen_get(g, 63)->t_invite, MSEC(63) + 1);
	ck_assert_uint_eq(callgen_get(g, 64)->t_invite, MSEC(64));
	callgen_destroy(g);
}
END_TEST

/* The SDP of a generated call states its packet time (callmsg.c: SDP
 * with the codec's rtpmap and a=ptime, RFC 4566 6): calls.generator.ptime
 * 30 ms, PCMU: the offer (INVITE) and the answer (200) say
 * "a=rtpmap:0 PCMU/8000" and "a=ptime:30", from either end. The SIP text
 * is the UDP payload, after 14 + 20 + 8 bytes of headers. */
START_TEST(t_sdp_ptime)
{
	struct callgen_cfg c;
	char err[200];
	callgen_defaults(&c);
	c.ptime_ms = 30;
	struct callgen *g = callgen_create(&c, err, sizeof err);
	ck_assert_msg(g != NULL, "%s", err);
	const struct callgen_call *k = callgen_get(g, 0);
	struct callmsg_ends e = {0x0a000001u, 0x0a000002u, {2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2},
	                         5060, 5060, 0};
	static const enum callmsg m[2] = {CM_INVITE, CM_200};
	for (int i = 0; i < 2; i++)
		for (int gw = 0; gw < 2; gw++) {
			uint8_t f[2048];
			size_t n = callmsg_sip(&e, k, m[i], gw, 1, f, sizeof f - 1);
			ck_assert_uint_gt(n, 42);
			f[n] = 0;
			const char *text = (const char *)f + 42;
			ck_assert_msg(strstr(text, "\r\na=rtpmap:0 PCMU/8000\r\n") &&
			              strstr(text, "\r\na=ptime:30\r\n"), "%s", text);
		}
	callgen_destroy(g);
}
END_TEST

/* What the far end answers (callmsg.h): the 200 to its INVITE with the
 * ACK after calls.far.ack, a BYE with its 200 after calls.far.bye_ok
 * (here 7 and 11 ms, not the defaults' equal 10 ms); an INVITE with 100,
 * 180, 200 after d100, d180, d200. A response other than 200 (180 or 486
 * to the INVITE, 202 to the BYE) is no kind it answers. */
START_TEST(t_replies)
{
	struct callgen_cfg c;
	callgen_defaults(&c);
	c.dack_ps = MSEC(7);
	c.dbye_ok_ps = MSEC(11);
	struct sip_msg m = {.status = 200};
	snprintf(m.cseq_method, sizeof m.cseq_method, "INVITE");
	ck_assert_int_eq(callmsg_kind(&m), CK_OK_INVITE);
	struct callmsg_reply r[3];
	ck_assert_uint_eq(callmsg_replies(CK_OK_INVITE, &c, r), 1);
	ck_assert_int_eq(r[0].m, CM_ACK);
	ck_assert_uint_eq(r[0].delay_ps, MSEC(7));
	ck_assert_uint_eq(callmsg_replies(CK_BYE, &c, r), 1);
	ck_assert_int_eq(r[0].m, CM_BYE_OK);
	ck_assert_uint_eq(r[0].delay_ps, MSEC(11));
	ck_assert_uint_eq(callmsg_replies(CK_INVITE, &c, r), 3);
	ck_assert(r[0].m == CM_100 && r[0].delay_ps == MSEC(10));
	ck_assert(r[1].m == CM_180 && r[1].delay_ps == MSEC(50));
	ck_assert(r[2].m == CM_200 && r[2].delay_ps == MSEC(2000));
	static const int other[2] = {180, 486};
	for (int i = 0; i < 2; i++) {
		m.status = other[i];
		ck_assert_int_eq(callmsg_kind(&m), CK_OTHER);
	}
	m.status = 202;
	snprintf(m.cseq_method, sizeof m.cseq_method, "BYE");
	ck_assert_int_eq(callmsg_kind(&m), CK_OTHER);
	m.status = 200;
	ck_assert_int_eq(callmsg_kind(&m), CK_OK_BYE);
	ck_assert_uint_eq(callmsg_replies(CK_OK_BYE, &c, r), 0);
}
END_TEST

static Suite *callgen_suite(void)
{
	Suite *s = suite_create("callgen");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_rng);
	tcase_add_test(tc, t_fixed);
	tcase_add_test(tc, t_port_guard);
	tcase_add_test(tc, t_poisson);
	tcase_add_test(tc, t_determinism);
	tcase_add_test(tc, t_mix);
	tcase_add_test(tc, t_bad);
	tcase_add_test(tc, t_far_port);
	tcase_add_test(tc, t_schedule_limit);
	tcase_add_test(tc, t_rtp_cached);
	tcase_add_test(tc, t_call_of);
	tcase_add_test(tc, t_bounds);
	tcase_add_test(tc, t_draws);
	tcase_add_test(tc, t_poisson_late);
	tcase_add_test(tc, t_packets);
	tcase_add_test(tc, t_port_reuse);
	tcase_add_test(tc, t_far_port_mod);
	tcase_add_test(tc, t_call_of_edges);
	tcase_add_test(tc, t_rtp_big);
	tcase_add_test(tc, t_saturate);
	tcase_add_test(tc, t_draw_order);
	tcase_add_test(tc, t_shift_last);
	tcase_add_test(tc, t_sdp_ptime);
	tcase_add_test(tc, t_replies);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(callgen_suite());
}
