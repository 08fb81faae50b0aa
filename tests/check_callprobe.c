/* check_callprobe.c - unit tests of src/callprobe.c, the run that records
 * each generated call's frames for `nicshare search`. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "src/callprobe.h"
#include "src/scenario.h"

#include "checkrun.h"

/* The terms of one_call_recorded's instants, in cycles at cpu.hz 3 GHz (3
 * cycles a ns), each the default of doc/scenario.md's tables unless the
 * test sets it. */
#define MS 3000000ull            /* one millisecond */
#define T_INV (1 * MS)           /* calls.generator.start: callgen's INVITE */
#define D100 (10 * MS)           /* calls.far.d100 (set) */
#define D180 (20 * MS)           /* calls.far.d180 (set) */
#define D200 (30 * MS)           /* calls.far.d200 (set) */
#define BYE_OK (10 * MS)         /* calls.far.bye_ok */
#define PTIME (20 * MS)          /* PCMU's packet time (RFC 3551) */
#define SW 2000ull               /* cost.world_switch */
#define SIP_PARSE 18000ull       /* cost.sip_parse */
#define SDP_PARSE 12000ull       /* cost.sdp_parse */
#define SIP_CALL 1500ull         /* cost.sip_call */
#define GP_APP_TX 2850ull        /* cost.gp_app_tx */
#define GP_PROXY_TX 600ull       /* cost.gp_proxy_tx */
#define PROXY_FIXED 300ull       /* cost.proxy_fixed */
#define CROSS_IRQ 2000ull        /* cost.cross_irq */
#define RT_PROXY_TX 300ull       /* cost.rt_proxy_tx */
#define TXS_PICK 100ull          /* cost.txs_pick */
#define RT_IRQ 1500ull           /* cost.rt_irq */
#define RT_INPUT 300ull          /* cost.rt_input */
#define CLASSIFY 150ull          /* cost.classify */
#define RT_DELIVER 630ull        /* cost.rt_deliver */
#define GP_PROXY_RX 600ull       /* cost.gp_proxy_rx */
#define GP_STACK_RX 2850ull      /* cost.gp_stack_rx */
#define GP_DELIVER 630ull        /* cost.gp_deliver */
#define CONTROL_APPLY 1000ull    /* cost.control_apply */
#define CTL_BYTES 64u            /* a channel-3 message (doc/calls.md) */

/* cost.proxy_per_byte 0.25 cycles a byte, rounded up (a cost never vanishes) */
static uint64_t copy(uint64_t n) { return (n + 3) / 4; }
/* bus.dma_latency 527 ns + n x bus.dma_per_byte 300 ps, in ps, rounded up to
 * a cycle (a cycle is 1000/3 ps) */
static uint64_t dma(uint64_t n) { return ((527000 + 300 * n) * 3 + 999) / 1000; }
/* preamble 8 + n + FCS 4 bytes at nic.link_rate 1 Gbit/s: 8 ns a byte */
static uint64_t wire(uint64_t n) { return (8 + n + 4) * 8 * 3; }
/* a GP frame of n bytes from gp-request to its last bit out, CPU idle with
 * RT loaded: GP's application thread (the switch to GP was paid before the
 * request), GP's proxy copying it into channel 2 with the notification (RT's
 * proxy asleep, the channel empty), the switch to RT, RT's proxy and the
 * scheduler's pick, the TX DMA, the wire */
static uint64_t gp_tx(uint64_t n)
{
	return GP_APP_TX + GP_PROXY_TX + PROXY_FIXED + copy(n) + CROSS_IRQ + SW + RT_PROXY_TX +
	       TXS_PICK + dma(n) + wire(n);
}
/* a received SIP frame of n bytes from rx to gp-deliver, the CPU idle: the
 * RX DMA (moderation off, bus.irq_latency 0: the interrupt at once), RT's
 * handler, input thread and classifier, channel 1's copy with the
 * notification (GP's proxy asleep), the switch to GP, GP's proxy and stack;
 * plus SW when GP was loaded (the switch to RT for the handler) */
static uint64_t rx_gp(uint64_t n)
{
	return dma(n) + RT_IRQ + RT_INPUT + CLASSIFY + PROXY_FIXED + copy(n) + CROSS_IRQ + SW +
	       GP_PROXY_RX + GP_STACK_RX + GP_DELIVER;
}
/* a port claim (or relinquish) from GP's control thread into channel 3 */
static uint64_t ctl(bool notify)
{
	return GP_PROXY_TX + PROXY_FIXED + copy(CTL_BYTES) + (notify ? CROSS_IRQ : 0);
}
/* the billing record of GP's call 1 answered at a (cycles), held hold
 * (cycles): Ethernet 14 + IPv4 20 + TCP 20 bytes and the line "gw-1 TAB
 * far-1 TAB start_ns TAB duration_ns LF" (doc/calls.md, "Billing") */
static unsigned billing_bytes(uint64_t a, uint64_t hold)
{
	return 54u + (unsigned)snprintf(NULL, 0, "gw-1\tfar-1\t%llu\t%llu\n",
	                                (unsigned long long)(a / 3), (unsigned long long)(hold / 3));
}
/* cycles to ps: floor(c x 1000 / 3) (callprobe.c rounds down) */
static int64_t ps(uint64_t c) { return (int64_t)(c * 1000 / 3); }

/* One call placed by GP at 1 ms (callgen's INVITE instant, t_invite: 10^9
 * ps), the far end answering after 10, 20 and 30 ms, GP hanging up after
 * 100 ms of talk. callprobe.c: a frame's instant is its stage line's,
 * gp-request (rt-request) for GP's (RT's) frames and rx (the last bit in at
 * the NIC) for the far end's, in ps after the INVITE. Each is worked here
 * by hand, in cycles, from the terms above, following the frame's walk as
 * doc/engine.md ("One GP transmission", "One received frame", "The CPU")
 * and doc/calls.md ("Generated calls") give it; the lengths are tshark's
 * frame.len of the frames on wire-tx.pcap and gp-rx.pcap:
 *   o1 INVITE 468 B gp-request = T_INV + SW + SIP_CALL = 3003500 (RT loaded
 *      at t = 0, the CPU idle; GP's SIP engine pays cost.sip_call, then
 *      requests the frame); its last bit out W1 = o1 + gp_tx(468) =
 *      3003500 + 2850 + 600 + 300 + 117 + 2000 + 2000 + 300 + 100 + 2003
 *      + 11520 = 3025290
 *   1  100 Trying 292 B rx = W1 + D100 + wire(292) = 3025290 + 30000000 + 7296
 *      = 33032586 (the far end's answers start arriving dN after W1)
 *   2  180 Ringing 300 B rx = W1 + D180 + wire(300) = 3025290 + 60000000 + 7488
 *      = 63032778
 *   3  200 OK 453 B rx = W1 + D200 + wire(453) = 3025290 + 90000000 + 11160
 *      = 93036450; the answer A = W1 + D200 = 93025290 (the 200 starting to
 *      arrive); GP's engine has handled it at h3 = rx + SW (GP was loaded,
 *      its engine having handled the 180) + rx_gp(453) + SIP_PARSE +
 *      SDP_PARSE + SIP_CALL = 93036450 + 2000 + 12433 + 31500 = 93082383;
 *      it asks the claims of ports 20000 and 20001 (GP's control thread,
 *      which outranks the engine) and the ACK (the engine); RT applies
 *      20000 at C = h3 + ctl(notify) + SW + CONTROL_APPLY = 93082383 + 2916
 *      + 3000 = 93088299 (RT's control thread asleep, channel 3 empty: the
 *      notification; RT preempts GP)
 *   o2 ACK 312 B gp-request = C + SW + ctl(no notify) + SW + CONTROL_APPLY
 *      + SW + SIP_CALL = 93088299 + 2916 + 3000 + 3500 = 93097715 (the
 *      second claim's job was made when the first was put in channel 3,
 *      which was then not empty and RT's control thread awake)
 *   o7 BYE 312 B gp-request = A + hold + SW + SIP_CALL = 93025290 +
 *      300000000 + 3500 = 393028790 (at H = A + hold RT is loaded and the
 *      CPU idle: RT's fourth RTP packet's TX interrupt was the last work);
 *      the relinquishes of 20000 and 20001 go before the BYE (GP's control
 *      thread outranks its applications); the first's ctl-send at o7 +
 *      2916 = H + 6416 starts the switch to RT (to H + 8416), inside which
 *      the far end's fifth RTP packet 8 (starting to arrive at A + 5 PTIME
 *      = H: rx H + wire(214) = H + 5424) has its DMA done (H + 5424 +
 *      dma(214) 1774 = H + 7198), so RT runs its handler, input and
 *      delivery (an RT port) before the control thread; its last bit out
 *      W7 = o7 + ctl(notify) + SW + RT_IRQ + RT_INPUT + CLASSIFY +
 *      RT_DELIVER + CONTROL_APPLY + SW + ctl(no notify) + SW +
 *      CONTROL_APPLY + SW + gp_tx(312) = 393028790 + 2916 + 2000 + 2580 +
 *      1000 + 2000 + 916 + 2000 + 1000 + 2000 + 17866 = 393063068
 *   9  200 OK (BYE) 292 B rx = W7 + BYE_OK + wire(292) = 393063068 + 30000000
 *      + 7296 = 423070364
 *   o9 billing 84 B (54 + "gw-1 far-1 31008430 100000000" with its tabs
 *      and newline, 30) gp-request = 9's rx + rx_gp(292) (RT loaded: its
 *      fifth RTP packet's TX interrupt was the last work) + SIP_PARSE +
 *      SIP_CALL (no body) = 423070364 + 12247 + 19500 = 423102111, the
 *      instant GP's engine has ended the call
 * and the first RTP each way: o3 rt-request at C + PTIME = 93088299 +
 * 60000000 = 153088299 (RT's sender starts when RT applies the RTP port's
 * claim) and 4's rx at A + PTIME + wire(214) = 93025290 + 60000000 + 5424 =
 * 153030714. A cycle is 1000/3 ps, rounded down: o1 is 1001166666 ps. */
/* The call above held `hold` (calls.generator.hold, `hold_key` its setting),
 * a whole number of ptimes: the far end's RTP then arrives at A + k PTIME
 * and RT's leaves at C + k PTIME whatever the hold, so every instant
 * before the BYE is the same and the BYE's walk has the same terms. */
static void one_call(const char *hold_key, uint64_t hold)
{
	const char *const set[] = {
	    "cpu.hz=3GHz",
	    "calls.generator.mode=fixed",    "calls.generator.count=1",
	    "calls.generator.start=1ms",     "calls.generator.outgoing=100",
	    hold_key,                        "calls.far.d100=10ms",
	    "calls.far.d180=20ms",           "calls.far.d200=30ms"};
	struct scenario *s = scenario_load(NULL, set, sizeof set / sizeof set[0], stderr);
	ck_assert_ptr_nonnull(s);
	struct callprobe *p = NULL;
	struct engine_stats st;
	ck_assert_int_eq(callprobe_run(s, &p, &st, stderr), 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(callprobe_ncalls(p), 1);
	const int64_t t0 = ps(T_INV);
	const uint64_t o1 = T_INV + SW + SIP_CALL;
	const uint64_t w1 = o1 + gp_tx(468);
	const uint64_t a = w1 + D200;
	const uint64_t r3 = a + wire(453);
	const uint64_t h3 = r3 + SW + rx_gp(453) + SIP_PARSE + SDP_PARSE + SIP_CALL;
	const uint64_t c = h3 + ctl(true) + SW + CONTROL_APPLY;
	const uint64_t o7 = a + hold + SW + SIP_CALL;
	const uint64_t w7 = o7 + ctl(true) + SW + RT_IRQ + RT_INPUT + CLASSIFY + RT_DELIVER +
	                    CONTROL_APPLY + SW + ctl(false) + SW + CONTROL_APPLY + SW + gp_tx(312);
	const uint64_t r9 = w7 + BYE_OK + wire(292);
	const struct callprobe_ev want[] = {
	    {ps(o1), CPK_GP_OUT, 468},
	    {ps(w1 + D100 + wire(292)), CPK_FAR_IN, 292},
	    {ps(w1 + D180 + wire(300)), CPK_FAR_IN, 300},
	    {ps(r3), CPK_FAR_IN, 453},
	    {ps(c + SW + ctl(false) + SW + CONTROL_APPLY + SW + SIP_CALL), CPK_GP_OUT, 312},
	    {ps(o7), CPK_GP_OUT, 312},
	    {ps(r9), CPK_FAR_IN, 292},
	    {ps(r9 + rx_gp(292) + SIP_PARSE + SIP_CALL), CPK_GP_OUT, billing_bytes(a, hold)}};
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
	ck_assert_int_eq(off, ps(c + PTIME) - t0);
	ck_assert(callprobe_stream(p, 0, CPK_FAR_RTP, &off));
	ck_assert_int_eq(off, ps(a + PTIME + wire(214)) - t0);
	ck_assert(!callprobe_stream(p, 0, CPK_GP_OUT, &off));
	ck_assert(!callprobe_stream(p, 1, CPK_RT_RTP, &off));
	callprobe_destroy(p);
	scenario_free(s);
}

START_TEST(one_call_recorded)
{
	one_call("calls.generator.hold=100ms", 100 * MS);
}
END_TEST

/* Held 30 s: 1500 RTP packets each way, so the BYE, its 200 and the billing
 * record have frame ids past 1024, where the probe's arrays of instants
 * first grow (callprobe.c, slot()): the instants recorded before the growth
 * must survive it, and the sanitizer build sees a write one past the end. */
START_TEST(long_call_grows_the_arrays)
{
	one_call("calls.generator.hold=30s", 30000 * MS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("callprobe");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, one_call_recorded);
	tcase_add_test(tc, long_call_grows_the_arrays);
	suite_add_tcase(s, tc);
	return check_run(s);
}
