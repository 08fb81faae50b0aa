/* check_callprobe.c - unit tests of src/callprobe.c, the run that records
 * each generated call's frames for `nicshare search`. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/callprobe.h"
#include "src/scenario.h"

/* One call placed by GP at 1 ms (callgen's INVITE instant, t_invite: 10^9
 * ps), the far end answering after 10, 20 and 30 ms, GP hanging up after
 * 100 ms of talk. callprobe.c: a frame's instant is its stage line's,
 * gp-request for GP's frames and rx for the far end's, in ps after the
 * INVITE. The expected values are the lines events.tsv of `nicshare run`
 * with these settings has for them (cycles at cpu.hz 3 GHz: ps = floor(cycles
 * x 1000 / 3)), the frames named by tshark on wire-tx.pcap and gp-rx.pcap
 * (their lengths tshark's frame.len):
 *   o1 INVITE 468 B  gp-request  3003500   -> 1001166666 ps
 *   1  100 Trying    rx         33032586   -> 11010862000
 *   2  180 Ringing   rx         63032778   -> 21010926000
 *   3  200 OK        rx         93036450   -> 31012150000
 *   o2 ACK 312 B     gp-request 93097715   -> 31032571666
 *   o7 BYE 312 B     gp-request 393028790  -> 131009596666
 *   9  200 OK (BYE)  rx         423070364  -> 141023454666
 *   o9 billing 84 B  gp-request 423102111  -> 141034037000 (TCP "caller-1")
 * and the first RTP each way: o3 rt-request 153088299 (51029433000 ps),
 * frame 4 rx 153030714 (51010238000 ps). */
START_TEST(one_call_recorded)
{
	static const char *const set[] = {
	    "cpu.hz=3GHz",
	    "calls.generator.mode=fixed",    "calls.generator.count=1",
	    "calls.generator.start=1ms",     "calls.generator.outgoing=100",
	    "calls.generator.hold=100ms",    "calls.far.d100=10ms",
	    "calls.far.d180=20ms",           "calls.far.d200=30ms"};
	struct scenario *s = scenario_load(NULL, set, sizeof set / sizeof set[0], stderr);
	ck_assert_ptr_nonnull(s);
	struct callprobe *p = NULL;
	struct engine_stats st;
	ck_assert_int_eq(callprobe_run(s, &p, &st, stderr), 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(callprobe_ncalls(p), 1);
	const int64_t t0 = 1000000000;
	static const struct callprobe_ev want[] = {
	    {1001166666, CPK_GP_OUT, 468},   {11010862000, CPK_FAR_IN, 292},
	    {21010926000, CPK_FAR_IN, 300},  {31012150000, CPK_FAR_IN, 453},
	    {31032571666, CPK_GP_OUT, 312},  {131009596666, CPK_GP_OUT, 312},
	    {141023454666, CPK_FAR_IN, 292}, {141034037000, CPK_GP_OUT, 84}};
	size_t n = sizeof want / sizeof want[0];
	ck_assert_uint_eq(callprobe_nev(p, 0), n);
	for (size_t j = 0; j < n; j++) {
		const struct callprobe_ev *e = callprobe_ev(p, 0, j);
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(e->off_ps == want[j].off_ps - t0 && e->kind == want[j].kind &&
		                  e->bytes == want[j].bytes,
		              "event %zu: %lld ps, kind %d, %u bytes; want %lld, %d, %u", j,
		              (long long)e->off_ps, (int)e->kind, e->bytes,
		              (long long)(want[j].off_ps - t0), (int)want[j].kind, want[j].bytes);
	}
	ck_assert_ptr_null(callprobe_ev(p, 0, n));
	ck_assert_ptr_null(callprobe_ev(p, 1, 0));
	ck_assert_uint_eq(callprobe_nev(p, 1), 0);
	int64_t off = 0;
	ck_assert(callprobe_stream(p, 0, CPK_RT_RTP, &off));
	ck_assert_int_eq(off, 51029433000 - t0);
	ck_assert(callprobe_stream(p, 0, CPK_FAR_RTP, &off));
	ck_assert_int_eq(off, 51010238000 - t0);
	ck_assert(!callprobe_stream(p, 0, CPK_GP_OUT, &off));
	ck_assert(!callprobe_stream(p, 1, CPK_RT_RTP, &off));
	callprobe_destroy(p);
	scenario_free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("callprobe");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, one_call_recorded);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
