/* check_bound.c - the analytic bound (src/bound.c) against bounds computed
 * by hand from the cost table, and against the engine: for each simple
 * configuration the bound is derived here term by term (the arithmetic in
 * the comments), and where the worst case is reachable a run is built that
 * reaches it, whose maximum must equal the bound exactly. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/cost.h"
#include "model/frame.h"
#include "model/wire.h"
#include "src/bound.h"
#include "src/paths.h"
#include "src/callgen.h"
#include "src/callmsg.h"
#include "src/capout.h"
#include "src/engine.h"
#include "src/outputs.h"
#include "src/scenario.h"
#include "src/verify.h"
#include "tests/simtest.h"
#include "tests/sipmsg.h"

#include "checkrun.h"

/* A capture of UDP frames (payload 160: 202 bytes) at the given
 * nanoseconds, frame i to port[i] (port NULL: RT's 5004). */
static char *capture_to(const char *dir, const uint64_t *ns, const uint16_t *port, size_t n)
{
	char *p = paths_join(dir, "in.pcap");
	char err[256];
	struct capout *c = capout_open(p, 65535, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	for (size_t i = 0; i < n; i++) {
		uint8_t b[512];
		size_t len = frame_build_udp(b, sizeof b, HOST, PEER, false, PEER_IP, HOST_IP, 40000,
		                             port ? port[i] : 5004, NULL, 160, 1);
		ck_assert_uint_eq(len, 202);
		capout_write(c, 1700000000000000000ull + ns[i], b, (uint32_t)len, (uint32_t)len);
	}
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	return p;
}

/* capture_to() with every frame to RT port 5004 */
static char *capture(const char *dir, const uint64_t *ns, size_t n)
{
	return capture_to(dir, ns, NULL, n);
}

/* A small text file into buf (NUL-terminated, cut to n - 1 bytes). */
static void read_text(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = 0;
	fclose(f);
}

static void run(struct scenario *s, const char *dir, struct engine_stats *st)
{
	char *out = paths_join(dir, "out");
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
	ck_assert_int_eq(system(cmd), 0);
	struct outdir_run od;
	char err[256];
	ck_assert_msg(outdir_prepare(out, false, &od, err, sizeof err) == 0, "%s", err);
	struct engine_opts o = {.outdir = out, .quiet = true};
	FILE *ef = fopen("/dev/null", "w");
	ck_assert_int_eq(engine_run(s, &o, st, ef), 0);
	ck_assert_msg(outdir_keep(out, &od, err, sizeof err) == 0, "%s", err);
	fclose(ef);
	free(out);
}

static uint64_t bound_of(const struct scenario *s, enum bound_cls c)
{
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[c].status, BS_OK);
	/* the bound is the sum of its printed terms */
	uint64_t sum = 0;
	for (unsigned i = 0; i < r.c[c].nt; i++)
		sum += r.c[c].t[i].minus ? -r.c[c].t[i].cycles : r.c[c].t[i].cycles;
	ck_assert_uint_eq(sum, r.c[c].cycles);
	return r.c[c].cycles;
}

/* Class c's bound is `bound`; a run gives one sample, of latency `max`. */
static void bound_then_one_sample(struct scenario *s, const char *d, enum bound_cls c,
                                  uint64_t bound, uint64_t max)
{
	ck_assert_uint_eq(bound_of(s, c), bound);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[bound_scen_class(c)].count, 1);
	ck_assert_uint_eq(st.lat[bound_scen_class(c)].max, max);
}

/* Class c's term whose name contains `name` (NULL: none). */
static const struct bound_term *term_of(const struct bound_result *r, enum bound_cls c,
                                        const char *name)
{
	for (unsigned i = 0; i < r->c[c].nt; i++)
		if (strstr(r->c[c].t[i].name, name))
			return &r->c[c].t[i];
	return NULL;
}

/* s's rt-rx bound with capture() of frames at ns[0..n) as its trace.
 * Frees s. */
static uint64_t rx_bound_of_capture(struct scenario *s, const uint64_t *ns, size_t n)
{
	char *d = tmpdir();
	s->trace = capture(d, ns, n);
	uint64_t b = bound_of(s, BC_RT_RX);
	unmk(s);
	rmtree(d);
	free(d);
	return b;
}

START_TEST(idle_rt_receive)
{
	/* One RT frame on an idle machine; GP never has work, so no world
	 * switch. At 3 GHz with the defaults:
	 *   DMA of 202 B: 527 ns + 202 x 0.3 ns = 587.6 ns = 1762.8 -> 1763 cycles
	 *   handler 1500 + input 300 + classify 150 + deliver 630 = 2580 cycles
	 *   bound = 1763 + 2580 = 4343 cycles, and the run reaches it. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	bound_then_one_sample(s, d, BC_RT_RX, 4343, 4343);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(a_later_frame_interrupts_only_after_its_dma)
{
	/* Two RT frames of idle_rt_receive with bus.irq_latency 1 us (3000
	 * cycles), the second's last bit 1808 ns (5424 cycles: 226 bytes from
	 * preamble to gap at 1 Gbit/s) after the first's. J = 1763 (DMA) +
	 * 3000 = 4763. Each frame alone: J + handler 1500 + input 1080 = 7343
	 * cycles after its last bit, and the run reaches it (the second's
	 * interrupt is taken at 5424 + 4763 = 10187, after the first was
	 * delivered at 7343).
	 * Frame by frame (doc/bound.md, rt-rx step 5), a handler run in the
	 * first frame's window [J, J + w] needs an interrupt taken in it, at
	 * least a DMA (1763) and the latency (3000) after its frame's last
	 * bit: with w = 2580 a frame whose last bit is past 2580 adds none,
	 * and the second's is at 5424. Counted by last bits alone (up to J + w
	 * = 7343 >= 5424) it added a run: w = 4080, 8843. The second after
	 * the first: w = 2 x 1080 + 1500 = 3660, 4763 + 3660 - 5424 = 2999.
	 * The bound is 7343 + 2 (another trace.offset's rounding) = 7345,
	 * below the busy window's 4763 + 2 x 1500 + 2 x 1080 = 9923. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0, 1808};
	s->trace = capture(d, ns, 2);
	s->costs.v[C_BUS_IRQ_LATENCY] = 1000000;   /* 1 us */
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 7345);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].count, 2);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 7343);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* One RTP channel of 214-byte frames (14 + 20 + 8 + 12 + 160), one packet
 * (20 ms apart, for 1 us). */
static void one_rtp_packet(struct scenario *s)
{
	s->n_rtp = 1;
	s->rtp = calloc(1, sizeof *s->rtp);
	memcpy(s->rtp[0].dst_mac, PEER, 6);
	memcpy(s->rtp[0].dst_ip, PEER_IP, 4);
	s->rtp[0].sport = 5004;
	s->rtp[0].dport = 5004;
	s->rtp[0].ptime_ps = 20000000000ull;  /* 20 ms */
	s->rtp[0].payload = 160;
	s->rtp[0].duration_ps = 1000000;      /* one packet */
	s->rtp[0].channels = 1;
}

/* One GP bulk item of 1514-byte UDP frames to the peer at rate_bps, no end. */
static void one_bulk_item(struct scenario *s, uint64_t rate_bps)
{
	s->n_bulk = 1;
	s->bulk = calloc(1, sizeof *s->bulk);
	memcpy(s->bulk[0].dst_mac, PEER, 6);
	memcpy(s->bulk[0].dst_ip, PEER_IP, 4);
	s->bulk[0].proto = BULK_UDP;
	s->bulk[0].sport = 40000;
	s->bulk[0].dport = 9;
	s->bulk[0].frame_size = 1514;
	s->bulk[0].rate_bps = rate_bps;
}

/* gp-rate and strict alike: one GP bulk item of 1514-byte frames (1518 on
 * the wire with the FCS) and one RTP channel of 214-byte frames
 * (14 + 20 + 8 + 12 + 160) on a 100 Mbit/s link. */
static void tx_config(struct scenario *s)
{
	s->costs.v[C_LINK_BPS] = 100000000;
	one_bulk_item(s, 1000000000);         /* one frame every 12.112 us */
	s->bulk[0].duration_ps = 20000000;    /* 20 us: frames at 0 and 12.112 us */
	one_rtp_packet(s);
	/* claim 7's rule, the case the issue asks for: RT behind the one GP
	 * frame handed over when the ring was empty (nic.tx_commit 0) */
	s->costs.v[C_NIC_TX_COMMIT] = 0;
}

/* tx_config's rt-tx bound with the costs in set[0..n) changed. */
struct setting {
	enum cost_id id;
	uint64_t v;
};

static uint64_t tx_config_bound(const struct setting *set, size_t n)
{
	struct scenario *s = mk();
	tx_config(s);
	for (size_t i = 0; i < n; i++)
		s->costs.v[set[i].id] = set[i].v;
	uint64_t b = bound_of(s, BC_RT_TX);
	unmk(s);
	return b;
}

START_TEST(no_switch_term_when_gp_never_works)
{
	/* GP never has work: no world switch is paid and none is printed, not
	 * even as 0 (doc/bound.md, the processor). idle_rt_receive's rt-rx is
	 * DMA 1763 + handler 1500 + input 1080, three terms; the RTP packet
	 * of tx_completions_counted_from_the_traffic sent on top, rt-tx's busy
	 * window has no switch term either. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	one_rtp_packet(s);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_RX].status, BS_OK);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_OK);
	ck_assert_ptr_null(term_of(&r, BC_RT_RX, "world switches"));
	ck_assert_ptr_null(term_of(&r, BC_RT_TX, "world switches"));
	ck_assert_uint_eq(term_of(&r, BC_RT_RX, "RX DMA")->cycles, 1763);
	ck_assert_uint_eq(term_of(&r, BC_RT_RX, "RT interrupt handler x 1")->cycles, 1500);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(tx_only_runs_raised_tidv_apart)
{
	/* TX-only interrupts are raised more than nic.tidv apart: within
	 * [s - bus.irq_latency, s + w] at most floor((w + latency) /
	 * (nic.tidv + 1)) + 1 (doc/bound.md, Notation). With
	 * rt_tx_behind_one_gp_frame_100mbit's busy window w = 8630 and
	 * bus.irq_latency 5315.333 ns = 15946 cycles, w + latency = 24576 =
	 * nic.tidv exactly: one run, not two. The latency also delays J_tx
	 * (98304 + 15946): the span 8630 + 114250 = 122880 still holds the RTP
	 * frame's write-back (57120) and not a GP frame's (369120): 2
	 * descriptors, as there. rt-tx = 434933, as there. */
	const struct setting lat[] = {{C_BUS_IRQ_LATENCY, 5315333}};   /* 15945.999 -> 15946 */
	ck_assert_uint_eq(tx_config_bound(lat, 1), 434933);
	/* Write-backs one after another, each its frame's wire time after the
	 * one before: those that fit whole in the span (wb_count). With
	 * bus.irq_latency 105935 ns = 317805 cycles, TX-only runs may be 14:
	 * 2 runs, 2 descriptors: w = 4000 + 1730 + 800 + 3000 + 600 = 10130;
	 * the span w + 98304 + 317805 = 426239 holds the RTP frame's 57120 and
	 * 369119 more, one cycle short of a GP frame's 369120: 2 descriptors,
	 * as counted. rt-tx = 10130 + 426303 = 436433 */
	const struct setting lat2[] = {{C_BUS_IRQ_LATENCY, 105935000}};
	ck_assert_uint_eq(tx_config_bound(lat2, 1), 436433);
}
END_TEST

START_TEST(tx_interrupt_due_after_three_rings_of_tidv)
{
	/* rt_tx_ring_held_by_uncleaned_descriptors with nic.tadv 0: a TX cause
	 * is signalled within 3 x nic.tx_ring restarts of nic.tidv
	 * (doc/bound.md, Assumptions): J_tx = 3 x 2 x 24576 = 147456, 49152
	 * more than nic.tadv's 98304. The held slot is free 49152 later, and
	 * nothing else changes (the write-backs counted are all there are, 3;
	 * one TX-only run; the ring of 256 waits for no slot): the bound is
	 * 68423 + 49152 = 117575 above ring 256's. */
	struct scenario *s = mk();
	tx_config(s);
	s->costs.v[C_LINK_BPS] = 1000000000;
	s->costs.v[C_NIC_TADV] = 0;
	uint64_t wide = bound_of(s, BC_RT_TX);
	s->costs.v[C_NIC_TX_RING] = 2;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), wide + 117575);
	unmk(s);
}
END_TEST

START_TEST(rt_tx_behind_one_gp_frame_100mbit)
{
	/* Defaults at 3 GHz, 100 Mbit/s = 30 cycles per bit:
	 *   world switches: one to GP in progress, one back: 2 x 2000 = 4000
	 *   RT application: app 1000 + driver 630 + pick 100 = 1730
	 *   RT proxy-tx: the one GP frame that may reach channel 2, plus one per
	 *     GP hand-over within the busy window (a hand-over takes at least a
	 *     GP frame's DMA + serialisation, 2944 + 366240 cycles): 2 x (300 +
	 *     100) = 800
	 *   the GP frame's DMA: 527 ns + 1514 x 0.3 ns = 981.2 ns = 2943.6 -> 2944,
	 *     less the cycle in which it was handed over (strictly before ours):
	 *     2943
	 *   the wire: GP frame 8 + 1518 + 12 = 1538 B = 12304 bits, then ours to
	 *     its FCS 8 + 218 = 226 B = 1808 bits: 14112 bits x 30 = 423360
	 *   TX completions (issue 16 item 4): the handler cleans, in RT's busy
	 *     window w, descriptors written back within w + J_tx, J_tx = nic.tadv
	 *     32.768 us = 98304 cycles. w is about 10,000 (the terms above but
	 *     the wire, and this one): a span of about 108,000. Write-backs one
	 *     after another on the wire: ours, (8 + 218 + 12) B x 8 x 30 = 57120
	 *     cycles, GP's (8 + 1518 + 12) B x 8 x 30 = 369120: the shortest
	 *     first, 1 RTP frame fits (108000 / 57120), no GP frame after it,
	 *     and one more first: 2 descriptors (the bulk item sends 2 frames in
	 *     all: floor(20 us x 1 Gbit/s / 12112 bits) + 1). Runs: TX-only
	 *     interrupts are more than nic.tidv 24576 apart, raised within w:
	 *     floor(10000 / 24577) + 1 = 1. 1500 + 2 x 300 = 2100
	 *   bound = 4000 + 1730 + 800 + 2100 + 2943 + 423360 = 434933 cycles */
	struct scenario *s = mk();
	tx_config(s);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 434933);
	/* gp-rate holds GP back further, never RT: the same bound */
	s->txs = TXS_GP_RATE;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 434933);
	unmk(s);
}
END_TEST

START_TEST(rt_tx_behind_committed_gp_frames)
{
	/* nic.tx_commit 3028 (two 1514-byte frames): RT may wait behind two
	 * committed GP frames instead of one. The second one's DMA overlaps
	 * the first one's serialisation, so the wire part grows by exactly one
	 * frame: (8 + 1514 + 4 + 12) B x 8 / 100 Mbit/s = 123.04 us = 369120
	 * cycles at 3 GHz. And RT's proxy-tx may hand one more GP frame over
	 * in RT's busy window (two at once instead of one): one more job of
	 * cost.rt_proxy_tx 300 + cost.txs_pick 100 = 400 cycles. */
	struct scenario *s = mk();
	tx_config(s);
	uint64_t one = bound_of(s, BC_RT_TX);
	s->costs.v[C_NIC_TX_COMMIT] = 3028;
	uint64_t two = bound_of(s, BC_RT_TX);
	ck_assert_uint_eq(two, one + 369120 + 400);
	/* a limit below two frames commits one at a time: the same as 0 */
	s->costs.v[C_NIC_TX_COMMIT] = 3027;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), one);
	unmk(s);
}
END_TEST

START_TEST(rtp_streams_sharing_an_offset)
{
	/* Three channels of period 20 ms staggered by 10 ms: offsets 0, 10 ms
	 * and 20 ms mod 20 ms = 0. Two streams share an instant, the third is
	 * half a period away: in a window under 10 ms at most 2 requests
	 * (doc/bound.md, arrivals: the densest arc over the offsets). As
	 * tx_completions_counted_from_the_traffic (1 Gbit/s, GP never works)
	 * with two requests at once, the settled round:
	 *   w = 2 x 1730 + TX completions (2 descriptors, one run) 1500 + 600
	 *     = 5560; R = w
	 *   N: the other frame ahead: DMA 1774, its wire from 1774, its gap
	 *     done 1774 + 238 x 24 = 7486; ours, DMA done 3548, from 7486 to
	 *     its FCS (226 B x 24 = 5424): 12910
	 *   rt-tx = 5560 + 12910 = 18470 */
	struct scenario *s = mk();
	one_rtp_packet(s);
	s->rtp[0].channels = 3;
	s->rtp[0].stagger_ps = 10000000000ull;     /* 10 ms */
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 18470);
	unmk(s);
}
END_TEST

START_TEST(rtp_streams_one_cycle_apart_in_ps)
{
	/* Two events within d cycles are less than d + 1 cycles apart in ps
	 * (an event at p ps is at cycle floor(p hz / 10^12)), rounded up
	 * (doc/bound.md, arrivals). tx_completions_counted_from_the_traffic
	 * with cost.rt_app_tx 1001 (c_app 1731) and two channels staggered by
	 * 1277334 ps. The settled round: one request, its TX completions (the
	 * two streams' frames written back, one run: 1500 + 600): w = 1731 +
	 * 2100 = 3831. D = 3832 cycles = 1277333.3 ps, rounded up 1277334:
	 * the second stream's request is in the window too: w = 2 x 1731 +
	 * 2100 = 5562, and there it stays. N behind the other frame: 12910
	 * (rtp_streams_sharing_an_offset). rt-tx = 5562 + 12910 = 18472.
	 * The item has no end: one of 1 us would end before the second
	 * stream's first request, and the first round would count that one
	 * request in all. */
	struct scenario *s = mk();
	one_rtp_packet(s);
	s->costs.v[C_RT_APP_TX] = 1001;
	s->rtp[0].channels = 2;
	s->rtp[0].stagger_ps = 1277334;
	s->rtp[0].duration_ps = 0;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 18472);
	unmk(s);
}
END_TEST

START_TEST(tx_completion_runs_held_by_itr)
{
	/* rt_tx_behind_one_gp_frame_100mbit's configuration with nic.tidv and
	 * nic.tadv 0 (a TX cause is due at once) and nic.itr_interval 1 ms =
	 * 3000000 cycles: J_tx = ITR (no interrupt latency) = 3000000, and the
	 * handler's TX-only runs are limited by ITR alone, at most
	 * floor(w / ITR) + 2 in a busy window of w (one taken at its start,
	 * one ITR later, and one more raised just before it: doc/bound.md
	 * "Notation", n_irq). By hand at 3 GHz, 100 Mbit/s (30 cycles a bit):
	 *   round 1 (RT frames by the wire only, 238 B x 8 x 30 = 57120 apart):
	 *     w = 4000 + 1730 + 800 + 2 runs 3000 + 53 descriptors 15900 =
	 *     25430 (span 3025430: 52 x 57120 fit, and one first);
	 *     rt-tx = 25430 + DMA 2943 + wire 423360 = 451733
	 *   round 2: an RT frame written back in the span was requested within
	 *     span + 451733 - 54240 (ours to its FCS), under 20 ms: 1; the bulk
	 *     item's 2 frames (369120 apart on the wire) fit: 3 descriptors
	 *     900, runs min(3, floor(w / 3000000) + 2 = 2): 3000.
	 *     w = 4000 + 1730 + 800 + 3900 = 10430 (proxy-tx: 2 jobs, w under
	 *     a GP hand-over's 369184); round 3 the same.
	 *   rt-tx = 10430 + 2943 + 423360 = 436733 */
	const struct setting itr[] = {{C_NIC_TIDV, 0}, {C_NIC_TADV, 0},
	                              {C_NIC_ITR_INTERVAL, 1000000000ull}};   /* 1 ms */
	ck_assert_uint_eq(tx_config_bound(itr, 3), 436733);
}
END_TEST

START_TEST(rt_proxy_tx_under_tdma)
{
	/* Under TDMA GP runs in its slices while RT waits for its own, so RT's
	 * proxy-tx may find band 1 full: tx.gp_queue (4) + the one frame in
	 * channel 2, then one job per GP hand-over (doc/bound.md, rt-tx).
	 * tx_config (100 Mbit/s, 30 cycles a bit), tdma frame 1 ms = 3000000,
	 * RT slice 300 us = 900000 cycles; GP works (the bulk item), so RT
	 * loses 2 x 2000 of its slice: Q = 896000, the longest gap F - Q =
	 * 2104000, and one switch more inside RT's slice, once (RT idle since
	 * the slice began with GP's context on the CPU: doc/bound.md, the
	 * supply): 2106000. RT's demand in its busy window w:
	 *   RT application 1730 (one RTP request)
	 *   proxy-tx: 4 + 1 + (floor(w / (DMA 2944 + 1526 B x 8 x 30 = 369184))
	 *     + 1 = 6) = 11 jobs x (300 + 100) = 4400
	 *   TX completions (the rounds settled: 1 RTP frame, the bulk item's 2
	 *     frames in all, within w + nic.tadv 98304): 3 descriptors x 300,
	 *     3 runs (w / 24577 far above) x 1500 = 5400
	 *   w = 2106000 + 11530 = 2117530 (5 hand-overs fit: 6 as counted)
	 * N as in rt_tx_behind_one_gp_frame_100mbit: 2943 + 423360 = 426303.
	 * rt-tx = 2117530 + 426303 = 2543833. */
	struct scenario *s = mk();
	tx_config(s);
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;    /* 1 ms in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 300000000;  /* 300 us */
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 2543833);
	unmk(s);
}
END_TEST

START_TEST(rt_proxy_tx_when_channel_2_fills_while_rt_works)
{
	/* rt_tx_behind_one_gp_frame_100mbit's configuration (bound 434933),
	 * where GP may add to channel 2 while RT works: RT's proxy-tx may then
	 * find band 1 empty at the start of the busy window and fill all of it
	 * (tx.gp_queue 4) beside the frame in hand and one per hand-over,
	 * 4 + 1 + (floor(w / 369184) + 1 = 1) = 6 jobs x (300 + 100) = 2400
	 * where the one-processor priority case has 2 (800).
	 *   split (GP on its own processor; no world switch): 1730 + 2400 +
	 *     TX completions 2100 + the GP frame's DMA 2943 + the wire 423360 =
	 *     432533 (w = 6230: one TX-only run, no second hand-over);
	 *   priority with a channel bus (bus.channel_latency 1 us: frames GP
	 *     sent before the window land in it): the world switches 4000
	 *     as well, 436533.
	 * Found by a review: a run under split with tx.gp_queue 16 measured
	 * 180213 cycles against a bound of 110609 counting 3 proxy jobs. */
	char err[256];
	struct scenario *s = mk();
	tx_config(s);
	s->disp = DISP_SPLIT;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 432533);
	struct bound_result r;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_term *px = term_of(&r, BC_RT_TX, "RT proxy-tx");
	ck_assert_ptr_nonnull(px);
	ck_assert_str_eq(px->name, "RT proxy-tx: 6 GP frames");
	ck_assert_uint_eq(px->cycles, 2400);
	s->disp = DISP_PRIORITY;
	s->costs.v[C_BUS_CHAN_LATENCY] = 1000000;   /* 1 us in ps */
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 436533);
	unmk(s);
}
END_TEST

START_TEST(gp_bulk_way_out_by_hand)
{
	/* GP's bulk frames' way out (doc/bound.md, "GP's bulk frames on their
	 * way out"): one bulk item of 1514-byte frames at 100 Mbit/s (one every
	 * 1514 x 8 / 1e8 s = 121.12 us = 363360 cycles), one RTP packet of 214
	 * bytes, 1 Gbit/s (3 cycles a bit), nic.tx_commit 1514 (one GP frame at
	 * a time: k = 1), no capture. World switches, the interrupt handler and
	 * the TX clean-up free, so the processor's part is plain. In a window
	 * of x < 363360 cycles, F(x) adds:
	 *   RT: 1 RTP request, app 1000 + driver 630 + pick 100 = 1730;
	 *       proxy-tx jobs 1 + (x / (DMA 2944 + 1526 B to the FCS x 24 =
	 *       36624) + 1), each rt_proxy_tx 300 + pick 100
	 *   GP: one bulk frame, gp_app_tx 2850 + gp_proxy_tx 600 + cross_irq
	 *       2000 + copy 300 + ceil(1514 x 0.25) = 379: 6129
	 *   DMA: RT 527 ns + 214 x 0.3 ns = 591.2 ns -> 1774; GP 527 + 1514 x
	 *       0.3 = 981.2 ns -> 2944
	 *   wire: RT (8 + 214 + 4 + 12) B x 24 = 5712; GP 1538 B x 24 = 36912
	 * x = 1: 2 proxy jobs (800): 1730 + 800 + 6129 + 1774 + 2944 + 5712 +
	 * 36912 = 56001; x = 56001: 56001 / 39568 = 1, 3 jobs (1200): 56401;
	 * x = 56401: the same. So a bulk frame leaves the wire within 56401
	 * cycles of its send request, and one item's frames are never two on
	 * their way at once (56401 < 363360). */
	char *d = tmpdir();
	struct scenario *s = mk();
	tx_config(s);
	s->costs.v[C_LINK_BPS] = 1000000000;
	s->costs.v[C_NIC_TX_COMMIT] = 1514;
	s->costs.v[C_WORLD_SWITCH] = 0;
	s->costs.v[C_RT_IRQ] = 0;
	s->costs.v[C_TX_CLEAN] = 0;
	s->bulk[0].rate_bps = 100000000;
	s->bulk[0].duration_ps = 10000000000ull;   /* 10 ms: 83 frames */
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_uint_eq(r.gp_busy, 56401);
	ck_assert_uint_eq(r.gp_pend, 1);
	/* World switches of 1000 cycles: two per RT job in the window (one
	 * there, one back) and the pair under way when it begins (priority's
	 * blocking). RT's jobs: the RTP request, the proxy-tx jobs above, the
	 * handler's TX-only runs (raised more than nic.tidv 24577 apart:
	 * floor(x / 24577) + 1, at most the descriptors, 6 or more here).
	 *   x = 1: 1 + 2 + 1 jobs + the pair: 56001 + 5 x 2000 = 66001
	 *   x = 66001: 1 + 3 + 3, + 1: 56401 + 8 x 2000 = 72401
	 *   x = 72401: the same (72401 / 39568 = 1, 72401 / 24577 = 2) */
	s->costs.v[C_WORLD_SWITCH] = 1000;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_uint_eq(r.gp_busy, 72401);
	s->costs.v[C_WORLD_SWITCH] = 0;
	/* the run: a bulk frame alone takes GP's 6129, RT's proxy-tx 400, its
	 * DMA 2944 and 1526 B to its FCS, 36624: 46097 cycles; the RTP packet
	 * (at 0) adds at most its own share */
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_GP_TX].count, 83);
	ck_assert_uint_ge(st.lat[CLS_GP_TX].max, 46097);
	ck_assert_uint_le(st.lat[CLS_GP_TX].max, 56401);
	/* checked after the run: verify.txt says so */
	char *o = paths_join(d, "out"), *v = paths_join(d, "out/verify.txt");
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	ck_assert_int_eq(verify_run(s, &st, o, out), 0);
	fclose(out);
	free(buf);
	char txt[4096];
	read_text(v, txt, sizeof txt);
	ck_assert_msg(strstr(txt, "bound ok    gp-tx: measured max ") &&
	              strstr(txt, "analytic bound 56401 cycles"), "%s", txt);
	free(o);
	free(v);
	/* a second item of 600-byte frames at 1 Mbit/s: one frame of each on
	 * the way at most, so with nic.tx_commit 3028 RT waits behind at most
	 * 1538 + (8 + 600 + 4 + 12 = 624) = 2162 wire bytes of GP, not two
	 * frames of the longest (3076) */
	struct scen_bulk *b = realloc(s->bulk, 2 * sizeof *b);
	ck_assert_ptr_nonnull(b);
	s->bulk = b;
	s->bulk[1] = s->bulk[0];
	s->bulk[1].frame_size = 600;
	s->bulk[1].rate_bps = 1000000;
	s->bulk[1].sport = 40001;
	s->n_bulk = 2;
	s->costs.v[C_NIC_TX_COMMIT] = 3028;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_uint_eq(r.gp_pend, 2);
	const struct bound_term *w = NULL;
	for (unsigned i = 0; i < r.c[BC_RT_TX].nt; i++)
		if (strncmp(r.c[BC_RT_TX].t[i].name, "wire:", 5) == 0)
			w = &r.c[BC_RT_TX].t[i];
	ck_assert_ptr_nonnull(w);
	ck_assert_msg(strstr(w->name, "GP committed 2 of at most 1514 B (2162 wire B)"), "%s",
	              w->name);
	/* under TDMA GP waits for its slice with nothing busy: not bounded */
	s->disp = DISP_TDMA;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_uint_eq(r.gp_busy, 0);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(rt_tx_ring_held_by_uncleaned_descriptors)
{
	/* The TX ring may hold, besides the frames ahead of ours, descriptors
	 * already written back and not yet cleaned (the campaign's case:
	 * gp-flood with nic.tx_ring 2 and an ITR of 102.8 us measured 277170
	 * cycles against a bound of 56309). tx_config at 1 Gbit/s (3 cycles a
	 * bit), defaults at 3 GHz. Nothing before the NIC depends on the ring
	 * here (J_tx = min(3 x ring x tidv, tadv): ring 2 gives 3 x 2 x 24576
	 * = 147456, tadv 98304 is smaller, as with 256), so the two bounds
	 * differ by the NIC part alone.
	 * Ring 256: the GP frame's DMA 2944 - 1 = 2943, its wire start 2943,
	 *   end of its gap 2943 + 1538 x 8 x 3 = 39855; ours: DMA done 2943 +
	 *   1774 (527 + 214 x 0.3 = 591.2 ns = 1773.6) = 4717, wire start
	 *   39855, last bit 39855 + 226 x 8 x 3 = 45279.
	 * Ring 2: a written-back descriptor is cleaned at most tx_free after
	 *   it: J_tx 98304 + the handler's job under way and its own on RT's
	 *   supply, 2 x (1500 + 2 x 300) = 4200, after the switches 2 x 2000:
	 *   106504. Within 106504 at least one descriptor can be written back
	 *   (one RTP frame takes 238 x 8 x 3 = 5712), so one slot, the one the
	 *   GP frame leaves, may be held: ours enters the ring at 106504, its
	 *   DMA is done at 108278, after the GP frame's gap (39855), last bit
	 *   108278 + 5424 = 113702.
	 * So the bound grows by 113702 - 45279 = 68423 cycles. */
	struct scenario *s = mk();
	tx_config(s);
	s->costs.v[C_LINK_BPS] = 1000000000;
	uint64_t wide = bound_of(s, BC_RT_TX);
	s->costs.v[C_NIC_TX_RING] = 2;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), wide + 68423);
	/* With an ITR of 102.8 us (308304 cycles) J_tx is the ITR, not
	 * nic.tadv: the ring wait comes from nic.itr_interval, and the
	 * transmit term names it (it named nic.tidv and nic.tadv alone).
	 * tx_free = 308304 + 4000 + 4200 = 316504; ours: DMA done 316504 +
	 * 1774 = 318278, last bit 318278 + 5424 = 323702; less the wire part
	 * (GP's 1538 x 8 x 3 = 36912 and ours 5424): 281366 */
	s->costs.v[C_NIC_ITR_INTERVAL] = 102767855;
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_term *tt = NULL;
	for (unsigned i = 0; i < r.c[BC_RT_TX].nt; i++)
		if (strstr(r.c[BC_RT_TX].t[i].name, "transmit: DMAs, ring and gap waits"))
			tt = &r.c[BC_RT_TX].t[i];
	ck_assert_ptr_nonnull(tt);
	ck_assert_uint_eq(tt->cycles, 281366);
	ck_assert_msg(strstr(tt->key, "nic.itr_interval") && strstr(tt->key, "cost.world_switch"),
	              "%s", tt->key);
	unmk(s);
}
END_TEST

/* s's rt-tx bound is at least `least` (worked out by hand), and a run
 * reaches `least` and stays within the bound. Frees s. */
static void rt_tx_run_reaches(struct scenario *s, uint64_t least)
{
	char *d = tmpdir();
	uint64_t b = bound_of(s, BC_RT_TX);
	ck_assert_uint_ge(b, least);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_ge(st.lat[CLS_RT_TX].max, least);
	ck_assert_uint_le(st.lat[CLS_RT_TX].max, b);
	unmk(s);
	rmtree(d);
	free(d);
}

START_TEST(rt_tx_deep_queue_behind_a_one_slot_ring)
{
	/* More RT frames ahead than the pipeline is worked out for one by one
	 * (65536): nic.tx_ring 1 and nic.itr_interval 1 ms = 3000000 cycles,
	 * so a descriptor is cleaned, and the one slot freed, at most once a
	 * millisecond; 16 channels every 5 ms (3200 frames a second) for 40 s
	 * fill band 0 (tx.rt_queue 70000). By hand: a frame behind 70000 others
	 * waits for each of them but the first to take the slot after an
	 * interrupt, each at least 1 ms after the one before: at least 69999 x
	 * 3000000 = 209997000000 cycles. The run reaches that, and the bound
	 * must hold it (it gave 197139001135, counting DMA and wire time alone
	 * beyond 65536 frames). */
	struct scenario *s = mk();
	one_rtp_packet(s);
	s->rtp[0].channels = 16;
	s->rtp[0].ptime_ps = 5000000000ull;        /* 5 ms */
	s->rtp[0].payload = 40;                    /* g711 at 5 ms */
	s->rtp[0].stagger_ps = 100000000ull;       /* 100 us */
	s->rtp[0].duration_ps = 40000000000000ull;
	s->costs.v[C_NIC_TX_RING] = 1;
	s->costs.v[C_NIC_ITR_INTERVAL] = 1000000000ull;   /* 1 ms */
	s->costs.v[C_TXS_RT_QUEUE] = 70000;
	rt_tx_run_reaches(s, 209997000000ull);
}
END_TEST

START_TEST(rt_tx_behind_more_committed_gp_frames_than_worked_out)
{
	/* tx_config at 100 Mbit/s with GP offering 1 Gbit/s for 1.5 s, the
	 * byte limit nic.tx_commit 70000 x 1514 = 105980000 and a TX ring to
	 * hold them (131072): the NIC fills with 70000 committed GP frames
	 * before the RTP packet comes at 1.2 s. By hand it waits for each but
	 * the one on the wire: 69999 x (8 + 1518 + 12) B x 8 x 30 =
	 * 25838030880 cycles, then its own bits to the FCS, 226 x 8 x 30 =
	 * 54240: at least 25838085120.
	 * The bound gave 24497848913, taking the GP frames beyond the 65536
	 * it works out one by one at an RT frame's wire time. */
	struct scenario *s = mk();
	tx_config(s);
	s->bulk[0].duration_ps = 1500000000000ull;     /* 1.5 s */
	s->rtp[0].start_ps = 1200000000000ull;         /* 1.2 s */
	s->costs.v[C_NIC_TX_COMMIT] = 105980000;
	s->costs.v[C_NIC_TX_RING] = 131072;
	s->duration_ps = 12000000000000ull;            /* 12 s: the NIC drains */
	rt_tx_run_reaches(s, 25838085120ull);
}
END_TEST

START_TEST(rt_tx_behind_gp_frame_reached)
{
	/* With free world switches, proxy-tx and scheduler decisions, the worst
	 * case is reachable: bound = app 1000 + driver 630 + GP DMA 2944 - 1 +
	 * wire 423360 = 427933 cycles.
	 * The run: GP frame 1 is handed to the ring at h1 = gp_app_tx 2850 +
	 * gp_proxy_tx 600 + copy (300 + ceil(1514 x 0.25) = 379 + cross-OS
	 * notification 2000) = 6129; its DMA ends at 6129 + 2944 = 9073, its
	 * last bit at 9073 + 1526 B x 8 x 30 = 9073 + 366240 = 375313, when GP
	 * frame 2 (waiting in band 1) is handed over: h2 = 375313. The RTP
	 * request at h2 + 1 - 1630 = 373684 makes RT's frame enter band 0 one
	 * cycle after GP frame 2 took the ring: cycle 373684 is
	 * 373684 / 0.003 = 124561333.3 ps, so start = 124561334 ps.
	 * The interrupt handler's TX completion work is made free as well
	 * (cost.rt_irq, cost.tx_clean 0): GP frame 1's clean-up comes 32.768 us
	 * after its last bit, when RT's frame is already on the ring, so it
	 * cannot delay it here, and the bound would count it. */
	char *d = tmpdir();
	struct scenario *s = mk();
	tx_config(s);
	s->costs.v[C_WORLD_SWITCH] = 0;
	s->costs.v[C_RT_PROXY_TX] = 0;
	s->costs.v[C_TXS_PICK] = 0;
	s->costs.v[C_RT_IRQ] = 0;
	s->costs.v[C_TX_CLEAN] = 0;
	s->rtp[0].start_ps = 124561334;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 427933);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].count, 1);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].max, 427933);
	/* one cycle earlier and RT's frame goes first: far below */
	s->rtp[0].start_ps = 124561334 - 334;
	run(s, d, &st);
	ck_assert_uint_lt(st.lat[CLS_RT_TX].max, 427933 - 300000);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(tx_completions_counted_from_the_traffic)
{
	/* One RTP channel (214-byte frames, every 20 ms) on an idle machine at
	 * 1 Gbit/s, nothing else sent; GP never has work: no switch. Defaults
	 * at 3 GHz: nic.tidv 8.192 us = 24576, nic.tadv 32.768 us = 98304
	 * cycles, so a write-back is cleaned at most J_tx = 98304 cycles later;
	 * TX-only interrupts more than 24577 apart. Our frame: DMA 527 ns +
	 * 214 x 0.3 ns = 591.2 ns -> 1774 cycles, to its FCS (8 + 218) B x 8 x
	 * 3 = 5424 cycles: N = 1774 + 5424 = 7198 (the wire is idle).
	 * Round 1, RT's own frames known only by the wire: one every
	 * (8 + 218 + 12) B x 8 x 3 = 5712 cycles. w = 1730 (app) + TX: span w +
	 * 98304; w = 1730 + 1500 n_irq + 300 n_desc:
	 *   w = 1730: span 100034: 17 + 1 = 18 descriptors, runs
	 *     floor(1730 / 24577) + 1 = 1: w = 1730 + 1500 + 5400 = 8630
	 *   span 106934: 18 + 1 = 19: w = 8930; span 107234: 19 (18.77): fixed.
	 *   bound 8930 + 7198 = 16128.
	 * Round 2: an RT frame written back in the span was requested within
	 * span + (16128 - 5424, the least request-to-last-bit: its FCS time),
	 * under 20 ms: 1 frame. w = 1730 + 1500 + 300 = 3530, bound 3530 +
	 * 7198 = 10728; round 3 gives the same. The run: 1730 + 7198 = 8928. */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_rtp_packet(s);
	bound_then_one_sample(s, d, BC_RT_TX, 10728, 8928);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* One generated call (calls.generator, src/callplay.c), fixed: GP places
 * it at 0, G.711 mu-law 20 ms, held 1 s; the far end a model with the
 * default delays; nothing else. */
static void one_call(struct scenario *s)
{
	s->n_rt_ports = 56;                    /* 5004-5059: SIP's 5060 is GP's */
	s->gen_mode = 1;
	callgen_defaults(&s->gen);
	s->gen.out_pct = 100;
	s->gen.hold_ps = 1000000000000ull;
	static const uint8_t far_mac[6] = {0x02, 0, 0, 0, 0, 0x02}, bill_mac[6] = {2, 0, 0, 0, 0, 3};
	memcpy(s->far_mac, far_mac, 6);
	memcpy(s->bill_mac, bill_mac, 6);
	s->far_ipv4 = 0x0a000002u;
	s->far_sip_port = 5060;
	s->bill_ipv4 = 0x0a000003u;
	s->bill_port = 9000;
	s->n_sip_ports = 1;
	s->sip_ports = calloc(1, sizeof *s->sip_ports);
	s->sip_ports[0] = 5060;
	s->gen.d200_ps = 100000000000ull;      /* answered after 100 ms */
	s->duration_ps = 2000000000000ull;     /* 2 s */
}

/* The end of a test of one_call's scenario: it and its directory go. */
static void call_done(struct scenario *s, char *d)
{
	free(s->sip_ports);
	unmk(s);
	rmtree(d);
	free(d);
}

START_TEST(one_generated_call)
{
	/* The call's frames, as src/callmsg.c builds them (RFC 3261 text):
	 * its RTP 14 + 20 + 8 + 12 + 160 = 214 B each way; the far end's SIP
	 * (100, 180, 200 with SDP, BYE or its 200) at most 453 B (the 200);
	 * GP's SIP (INVITE with SDP, ACK, BYE or its 200) at most 468 B, its
	 * billing record 54 + "gw-1\tfar-1\t<start ns>\t1000000000\n": 78 B
	 * with start 0, 87 B with start 2000000000 (the run's end); 4 GP
	 * frames in all. Defaults at 3 GHz.
	 *
	 * rt-rx. The far end's RTP: one packet per 20 ms at any phase; its
	 * SIP: one message per 40 ms at most (d180 - d100). On the receive
	 * wire two last bits are at least (8 + 214 + 4 + 12) x 8 x 3 = 5712
	 * cycles apart. Terms:
	 *   DMA: the 453 B SIP frame's, 527 ns + 453 x 0.3 ns = 662.9 ns
	 *     = 1988.7 -> 1989 (one frame in 1989 cycles: the wire)
	 *   world switches (GP's SIP engine may hold the CPU): 2 x 2000 = 4000
	 *   the busy window holds both: the RTP packet and one SIP message
	 *     (2 frames within 5712 x 2 cycles of each other):
	 *   handler x 2: 3000
	 *   input thread: RTP read 300 + classify 150 + the larger of RT's
	 *     deliver 630 and, before the claim, the copy to GP 300 +
	 *     ceil(214 x 0.25) = 54 + cross-OS 2000: 2804; SIP 450 + 300 +
	 *     ceil(453 x 0.25) = 114 + 2000 = 2864: 5668
	 *   TX completions: written back within w + nic.tadv (98304): RT's RTP
	 *     1 (20 ms apart), GP's frames 4 in all, 5 descriptors x
	 *     tx_clean 300 = 1500, one TX-only run (w under nic.tidv 24577)
	 *     1500: 3000
	 *   as one busy window: 1989 + 4000 + 3000 + 5668 + 3000 = 17657;
	 *   frame by frame (per_far): the RTP packet alone (k = 1) has its
	 *   own work as an rt-rx packet, read 450 + deliver 630 = 1080 (a
	 *   packet copied to GP is no rt-rx sample), two interrupts in its
	 *   window (J + w - the RTP frame's DMA 1774 above 5712), TX
	 *   completions 3000: w = 4000 + 1080 + 3000 + 3000 = 11080; behind
	 *   the SIP message (k = 2) w = 4000 + 1080 + 2864 + 3000 + 3000 =
	 *   13944 but the message's last bit came 5712 or more before ours:
	 *   13944 - 5712 < 11080. rt-rx = 1989 + 11080 = 13069
	 * rt-tx. R, RT's busy window: switches 4000 + the call's RTP request
	 *   1000 + 630 + 100 = 1730 + RT's proxy-tx for GP's frames, all 4 of
	 *   them (no more are ever sent): 4 x (300 + 100) = 1600 + the call's
	 *   port messages (claim RTP and RTCP, relinquish both) 4 x
	 *   control_apply 1000 = 4000 + the received frames as in the busy
	 *   window above 3000 + 5668 + TX completions 3000: R = 22998.
	 * N, the NIC: GP placed the call and hangs up itself (callgen, seed 1):
	 *   at most 2 of its frames are on GP's way out at once (the ACK and
	 *   the BYE; the INVITE is out before the far end's 200, the billing
	 *   record is sent after the far end's 200 to the BYE), so at most 2
	 *   committed (nic.tx_commit 3028 / 78 = 38, 4 exist), at most 468 B
	 *   each: 2 x 468 + 2 x 24 = 984 wire bytes, 492 each, 492 x 8 x 3 =
	 *   11808 cycles; ours to its FCS (8 + 218) x 8 x 3 = 5424: wire 2 x
	 *   11808 + 5424 = 29040; before them the first GP frame's DMA 527 +
	 *   468 x 0.3 = 667.4 ns = 2002.2 -> 2003, less the cycle it was handed
	 *   over in: 2002 (the others' DMAs overlap the wire). N = 31042.
	 *   rt-tx = 22998 + 31042 = 54040 (105400 when all 4 of GP's frames
	 *   were taken as committed at once) */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_call(s);
	char err[256];
	struct callgen *g = callgen_create(&s->gen, err, sizeof err);
	ck_assert_ptr_nonnull(g);
	const struct callgen_call *k = callgen_get(g, 0);
	ck_assert(k->outgoing);
	ck_assert(!k->far_hangs_up);
	ck_assert_uint_eq(k->payload_bytes, 160);
	struct callmsg_ends e = {0x0a000001u, s->far_ipv4, {2, 0, 0, 0, 0, 1}, {2, 0, 0, 0, 0, 2},
	                         5060, 5060, 0};
	uint8_t f[2048];
	size_t far = 0, gp = 0;
	for (enum callmsg m = CM_100; m <= CM_BYE_OK; m++)
		if (m != CM_ACK)
			far = far > callmsg_sip(&e, k, m, false, 1, f, sizeof f) ? far
			      : callmsg_sip(&e, k, m, false, 1, f, sizeof f);
	const enum callmsg gm[] = {CM_INVITE, CM_ACK, CM_BYE, CM_BYE_OK};
	for (size_t i = 0; i < 4; i++)
		gp = gp > callmsg_sip(&e, k, gm[i], true, 1, f, sizeof f) ? gp
		     : callmsg_sip(&e, k, gm[i], true, 1, f, sizeof f);
	ck_assert_uint_eq(far, 453);
	ck_assert_uint_eq(gp, 468);
	callgen_destroy(g);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 13069);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 54040);
	struct bound_result r;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_term *own = term_of(&r, BC_RT_RX, "RT input thread: our RTP packet");
	ck_assert_ptr_nonnull(own);
	ck_assert_str_eq(own->name, "RT input thread: our RTP packet, delivered to RT");
	ck_assert_uint_eq(own->cycles, 1080);
	/* the run: 50 packets each way, every one within its class's bound */
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].count, 50);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].count, 50);
	ck_assert_uint_le(st.lat[CLS_RT_RX].max, 13069);
	ck_assert_uint_le(st.lat[CLS_RT_TX].max, 54040);
	call_done(s, d);
}
END_TEST

START_TEST(far_frames_one_after_another_on_the_wire)
{
	/* The call of one_generated_call with the RT input thread's read at
	 * 6000 cycles instead of 300, so that handling a far frame takes
	 * longer than the wire takes to bring the next (5712 cycles): the
	 * packet behind the SIP message (k = 2) waits longest.
	 *   J: the DMA, 1989 (the CPU does not change it).
	 *   A far frame's input work: RTP 6000 + 150 + max(630, 300 + 54 +
	 *     2000) = 8504; SIP 6150 + 300 + 114 + 2000 = 8564; our packet,
	 *     delivered to RT, 6150 + 630 = 6780.
	 *   In a window under 20 ms: 1 RTP packet and 1 SIP message, at most
	 *   d / 5712 + 1 of them; handler 1500 each (two once d passes 5712).
	 *   TX completions: 5 descriptors (RT's RTP 1, GP's 4) x 300 = 1500 and
	 *   floor(w / 24577) + 1 TX-only runs x 1500 (nic.tidv 8192 ns).
	 *   Switches 4000.
	 * As one busy window: 4000 + 2 x 1500 + 8504 + 8564 + 1500 + 2 x 1500
	 *   = 28568 (w over 24577: two runs), J + w = 30557.
	 * Frame by frame: k = 1 (the packet alone): 4000 + 6780 + 3000 + 1500
	 *   + 1500 = 16780, 1989 + 16780 = 18769; k = 2 (the SIP message
	 *   first): 4000 + 15344 + 3000 + 1500 + 1500 = 25344, over 24577: two
	 *   TX-only runs, 26844, its last bit at least 5712 before ours: 1989
	 *   + 26844 - 5712 = 23121.
	 * rt-rx = 23121: DMA 1989 + switches 4000 + handler x 2 3000 + TX
	 *   completions 2 runs, 5 descriptors 4500 + input 15344 - 5712. */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_call(s);
	s->costs.v[C_RT_INPUT] = 6000;
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_class *b = &r.c[BC_RT_RX];
	ck_assert_int_eq(b->status, BS_OK);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 23121);
	bool input = false, less = false;
	for (unsigned i = 0; i < b->nt; i++) {
		if (strstr(b->t[i].name, "our RTP packet, delivered to RT, and 1 frame handled before it")) {
			ck_assert_uint_eq(b->t[i].cycles, 15344);
			input = true;
		}
		if (b->t[i].minus) {
			ck_assert_uint_eq(b->t[i].cycles, 5712);
			ck_assert_msg(strstr(b->t[i].name, "1 x 5712 cycles"), "%s", b->t[i].name);
			less = true;
		}
	}
	ck_assert(input && less);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].count, 50);
	ck_assert_uint_le(st.lat[CLS_RT_RX].max, 23121);
	call_done(s, d);
}
END_TEST

START_TEST(our_packet_is_not_also_one_ahead)
{
	/* far_frames_one_after_another_on_the_wire with cost.rt_deliver 5000:
	 * an RTP packet's input work 6000 + 150 + 5000 = 11150 is now more
	 * than the SIP message's 8564. One call: the frames ahead of our packet
	 * in a window under 20 ms are its SIP message only (our packet is the
	 * call's one RTP packet there, doc/bound.md rt-rx, frame by frame).
	 *   k = 1: 4000 + 11150 + 2 x 1500 + TX 1500 + 1 run 1500 = 21150,
	 *     1989 + 21150 = 23139
	 *   k = 2 (the SIP message first): 4000 + 11150 + 8564 + 3000 + 1500 +
	 *     2 runs 3000 = 31214, 1989 + 31214 - 5712 = 27491
	 *   the busy window: 1989 + 31214 = 33203
	 * rt-rx = 27491 (taking our packet's work for the frame ahead would
	 * need 33800, above the busy window: 33203) */
	struct scenario *s = mk();
	one_call(s);
	s->costs.v[C_RT_INPUT] = 6000;
	s->costs.v[C_RT_DELIVER] = 5000;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 27491);
	free(s->sip_ports);
	unmk(s);
}
END_TEST

START_TEST(far_frames_handlers_held_by_itr)
{
	/* one_generated_call with nic.itr_interval 125 us = 375000 cycles:
	 * J = DMA 1989 + ITR 375000 = 376989, and in RT's window of w at most
	 * floor(w / ITR) + 2 = 2 interrupts (doc/bound.md rt-rx step 4): the
	 * packet alone (k = 1) still has both frames' handlers in its window.
	 *   k = 1: switches 4000 + our packet delivered to RT 450 + 630 = 1080
	 *     + 2 x 1500 + TX (5 descriptors 1500, 1 run: w under nic.tidv's
	 *     24577) 3000 = 11080: 376989 + 11080 = 388069
	 *   k = 2 (the SIP message 2864 first): 4000 + 1080 + 2864 + 3000 +
	 *     3000 = 13944, 376989 + 13944 - 5712 = 385221: less
	 * rt-rx = 388069 */
	struct scenario *s = mk();
	one_call(s);
	s->costs.v[C_NIC_ITR_INTERVAL] = 125000000;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 388069);
	free(s->sip_ports);
	unmk(s);
}
END_TEST

START_TEST(a_handler_needs_its_frame_dma_done_in_the_window)
{
	/* The call of one_generated_call with cost.world_switch 0,
	 * cost.rt_irq 100, cost.tx_clean 0, cost.rt_input 2000 and
	 * cost.rt_deliver 2354: the packet alone (k = 1) has input work 2000 +
	 * 150 + 2354 = 4504 (its copy to GP before the claim, 300 + 54 + 2000,
	 * as much; the SIP message 2000 + 150 + 300 + 114 + 2000 = 4564), one
	 * TX-only run 100 (w under nic.tidv's 24577). J = 1989 (the DMA).
	 * A handler run in the window needs a frame's DMA done before the
	 * window ends, J + w after the first's last bit; the shortest far
	 * frame's DMA is 527 + 214 x 0.3 = 591.2 ns, 1774 cycles. With one
	 * run: w = 4504 + 100 + 100 = 4704, J + w = 6693: a second frame's
	 * last bit is at least 5712 later, its DMA done at 7486 or later,
	 * after the window: one handler run. (Counted by last bits alone, a
	 * second frame fits in 6693 >= 5712: w = 4804, 6793.) k = 2 cannot
	 * give more: the busy window, 1989 + 4504 + 4564 + 2 x 100 + 100 =
	 * 11357, less 5712, is under 6693.
	 * rt-rx = 1989 + handler 100 + TX completions 100 + input 4504 = 6693. */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_call(s);
	s->costs.v[C_WORLD_SWITCH] = 0;
	s->costs.v[C_RT_IRQ] = 100;
	s->costs.v[C_TX_CLEAN] = 0;
	s->costs.v[C_RT_INPUT] = 2000;
	s->costs.v[C_RT_DELIVER] = 2354;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 6693);
	struct engine_stats st;
	run(s, d, &st);
	/* the packets RT delivers, each within the bound */
	ck_assert_uint_gt(st.lat[CLS_RT_RX].count, 0);
	ck_assert_uint_le(st.lat[CLS_RT_RX].max, 6693);
	call_done(s, d);
}
END_TEST

/* The far end's SIP frames one_call's variant c brings into rt-tx's busy
 * window, from the term "RT input thread: the far end's frames, n RTP +
 * m SIP" (m; -1: no such term). */
static long far_sip_in_rt_tx(struct scenario *s)
{
	struct bound_result r;
	char err[256];
	ck_assert_msg(bound_compute(s, &r, err, sizeof err) == 0, "%s", err);
	const struct bound_term *t = term_of(&r, BC_RT_TX, "the far end's frames, ");
	unsigned long rtp, sip;
	if (!t || sscanf(strstr(t->name, "frames, ") + 8, "%lu RTP + %lu SIP", &rtp, &sip) != 2)
		return -1;
	return (long)sip;
}

START_TEST(far_sip_messages_close_together)
{
	/* The far end's SIP of one call, consecutive messages at least the
	 * configured delays apart (doc/bound.md, arrivals, the far end's SIP).
	 * With cost.control_apply 100000000 cycles, the call's 4 port messages
	 * make rt-tx's busy window longer than 400000000 cycles (133 ms). GP
	 * places the call: 100, 180,
	 * 200 all 100 ms after the INVITE (gaps 0), the BYE (or the 200 to
	 * GP's) a hold of 20 ms = 60000000 cycles after: all 4 in the window
	 * (and far fewer than one a 5712 cycles, the wire's limit). */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_call(s);
	s->costs.v[C_CONTROL_APPLY] = 100000000;
	s->gen.d100_ps = s->gen.d180_ps = s->gen.d200_ps = 100000000000ull;
	s->gen.hold_ps = 20000000000ull;
	ck_assert_int_eq(far_sip_in_rt_tx(s), 4);
	/* the far end places it: INVITE, then ACK d200 + min(ack, hold) after
	 * (2 us + 20 ms), then BYE or its 200 |hold - ack| = 0 after: 3 */
	s->gen.out_pct = 0;
	s->gen.d100_ps = s->gen.d180_ps = s->gen.d200_ps = 2000000;
	s->gen.dack_ps = 20000000000ull;
	ck_assert_int_eq(far_sip_in_rt_tx(s), 3);
	/* the ACK 10 s after the 200, the hang-up a hold of 20 ms after it:
	 * INVITE to ACK at least 2 us + min(10 s, 20 ms), within the window;
	 * then, the far end hanging up, its BYE |20 ms - 10 s| later, outside
	 * it (2); or the 200 to GP's BYE, sent before the ACK: 0 after (3) */
	s->gen.dack_ps = 10000000000000ull;
	char err[256];
	struct callgen *g = callgen_create(&s->gen, err, sizeof err);
	ck_assert_ptr_nonnull(g);
	bool far_bye = callgen_get(g, 0)->far_hangs_up;
	callgen_destroy(g);
	ck_assert_int_eq(far_sip_in_rt_tx(s), far_bye ? 2 : 3);
	call_done(s, d);
}
END_TEST

START_TEST(committed_gp_frames_of_calls)
{
	/* Four calls the far end places (fixed, one a second, held 1 s, G.711
	 * mu-law 20 ms): GP sends 100, 180, 200, then a BYE or the 200 to the
	 * far end's, and a billing record: 5 frames a call, 20 in all, the
	 * shortest the billing record (78-87 B), the longest the 200 with SDP
	 * (over 400 B). At most 3 of a call's frames are on GP's way out at
	 * once (100, 180, 200, sent on timers from the INVITE; the BYE is sent
	 * a hold after the 200's last bit out, the billing after the BYE's
	 * answer or with the 200 to the far end's BYE): 12 for the four
	 * calls, all taken as colliding. Committed at once: min(3028 / 78 =
	 * 38, 20, 12) = 12, holding min(3028, 12 x 400+) + 12 x 24 = 3316
	 * wire bytes, the largest first (each a whole number of bytes, 24
	 * cycles a byte): 3316 x 8 x 3 = 79584 cycles.
	 * RT frames ahead: one RTP request per call in a window far below 20
	 * ms, 4, so 3 ahead of ours: 3 x (8 + 218 + 12) x 8 x 3 = 3 x 5712 =
	 * 17136; ours to its FCS (8 + 218) x 8 x 3 = 5424.
	 * Wire term: 79584 + 17136 + 5424 = 102144 cycles (with every GP
	 * frame of the run taken as committed: 20 frames, 3028 + 20 x 24 =
	 * 3508 B: 3508 x 24 + 22560 = 106752). */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_call(s);
	s->gen.count = 4;
	s->gen.out_pct = 0;
	s->duration_ps = 5000000000000ull;     /* 5 s */
	char err[256];
	struct callgen *g = callgen_create(&s->gen, err, sizeof err);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(callgen_count(g), 4);
	for (size_t i = 0; i < 4; i++)
		ck_assert(!callgen_get(g, i)->outgoing);
	callgen_destroy(g);
	struct bound_result r;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_OK);
	const struct bound_term *w = NULL;
	for (unsigned i = 0; i < r.c[BC_RT_TX].nt; i++)
		if (strncmp(r.c[BC_RT_TX].t[i].name, "wire:", 5) == 0)
			w = &r.c[BC_RT_TX].t[i];
	ck_assert_ptr_nonnull(w);
	ck_assert_msg(strstr(w->name, "GP committed 12 of at most ") && strstr(w->name, "(3316 wire B), 3 RT "
	              "frames ahead"), "%s", w->name);
	ck_assert_uint_eq(w->cycles, 102144);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_gt(st.lat[CLS_RT_TX].count, 0);
	ck_assert_uint_le(st.lat[CLS_RT_TX].max, r.c[BC_RT_TX].cycles);
	call_done(s, d);
}
END_TEST

/* tdma, frame 1 ms, RT slice 300 us, and one RT frame of idle_rt_receive
 * whose first bit is offset_ps into the run (trace.offset), its capture
 * in d. */
static struct scenario *tdma_one_frame(const char *d, uint64_t offset_ps)
{
	struct scenario *s = mk();
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;    /* 1 ms in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 300000000;  /* 300 us */
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	s->trace_offset_ps = offset_ps;
	return s;
}

START_TEST(a_job_of_no_cycles_still_waits_for_the_dispatcher)
{
	/* tdma_slice_wait with every RT cost of a receive at 0 cycles
	 * (handler, read, classify, delivery, TX clean-up): RT's work is 0, but its job
	 * still waits for RT's slice. The bound is the DMA 1763 + the gap
	 * 2100000 = 2101763 (it was 1763: supply_inv(0) was 0). Reached by a
	 * frame whose DMA ends as the slice ends, at cycle 900000: its last
	 * bit at 900000 - 1763 = 898237, its first 5136 cycles before, at
	 * 893101 (trace.offset 297700334 ps, the cycle rounded down): the
	 * job ends at 3000000, 3000000 - 898237 = 2101763. Under priority
	 * with GP at work (a bulk item), the two world switches instead:
	 * 1763 + 4000 = 5763 for the same frame. */
	char *d = tmpdir();
	struct scenario *s = tdma_one_frame(d, 297700334);
	s->costs.v[C_RT_IRQ] = 0;
	s->costs.v[C_RT_INPUT] = 0;
	s->costs.v[C_CLASSIFY] = 0;
	s->costs.v[C_RT_DELIVER] = 0;
	s->costs.v[C_TX_CLEAN] = 0;               /* GP's write-backs cost RT nothing */
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 2101763);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 2101763);
	s->disp = DISP_PRIORITY;
	one_bulk_item(s, 1000000000);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 1763 + 4000);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(a_job_of_no_cycles_after_a_full_slice_waits_for_the_next)
{
	/* tdma_one_frame (F 3000000 cycles, RT's slice Q 900000 at the start
	 * of each) with cost.rt_input 898350, so that the handler 1500, the
	 * read and classify 150 make 900000 cycles, Q, and cost.rt_deliver 0.
	 * The frame's DMA ends as RT's slice ends (cycle 900000: its last bit
	 * at 898237, as in a_job_of_no_cycles_still_waits_for_the_dispatcher):
	 * its handler waits for the next slice (3000000), the work fills that
	 * slice to its end (3900000), and the delivery, a job of 0 cycles,
	 * needs RT on the processor there, which is GP's: it waits for the
	 * slice after, 6000000. rt-rx 6000000 - 898237 = 5101763. The bound
	 * took the work to end at the slice's end, J 1763 + S^-1(900000) =
	 * 1763 + 2100000 + 900000 = 3001763 (review n38); now J + S^-1(900001)
	 * - 1 = 1763 + (2100000 + 3000000 + 1) - 1 = 5101763, which the run
	 * reaches. */
	char *d = tmpdir();
	struct scenario *s = tdma_one_frame(d, 297700334);
	s->costs.v[C_RT_INPUT] = 898350;
	s->costs.v[C_RT_DELIVER] = 0;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 5101763);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 5101763);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(tdma_slice_wait)
{
	/* tdma, frame 1 ms, RT slice 300 us; GP never has work, so no switch:
	 * RT's worst gap is 1 ms - 300 us = 700 us = 2100000 cycles.
	 *   bound = DMA 1763 + gap 2100000 + RT work 2580 = 2104343 cycles.
	 * Reached by a frame whose DMA ends one cycle before the slice ends:
	 * its first bit at 297700 ns (trace.offset) = cycle 893100, its last bit 1712 bits
	 * (8 + 206 B) later at 1 Gbit/s = 5136 cycles: 898236; DMA ends
	 * 899999; one cycle of the handler runs, the rest (2579) at 3000000:
	 * done at 3002579, 3002579 - 898236 = 2104343. */
	char *d = tmpdir();
	struct scenario *s = tdma_one_frame(d, 297700000);   /* the first bit there */
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 2104343);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 2104343);
	/* GP work from the start (a bulk item): two switches come off RT's
	 * slice, the gap grows by 4000 cycles: F - Q = 3000000 - (900000 -
	 * 4000) = 2104000. And GP's frames (1514 B, phase free) bring TX
	 * completions: in RT's busy window the handler cleans descriptors
	 * written back within it and nic.tadv before; but the bulk item sends
	 * one frame in all (1 Mbit/s for 1 us: floor(1 us x 1 Mbit/s / (1514 x
	 * 8 bits)) + 1 = 1), and nothing else is sent: one descriptor, one run:
	 * 1500 + 300 = 1800. RT's work 2580 + 1800 = 4380 fits in one slice
	 * (Q = 900000 - 4000), so the wait is F - Q = 2104000, and one switch
	 * more inside RT's slice (GP's context on the CPU while RT was idle
	 * there: doc/bound.md, the supply), 2106000:
	 * bound = 1763 + 2106000 + 4380 = 2112143 = 2104343 + 6000 + 1800. */
	s->n_bulk = 1;
	s->bulk = calloc(1, sizeof *s->bulk);
	s->bulk[0].frame_size = 1514;
	s->bulk[0].rate_bps = 1000000;
	s->bulk[0].duration_ps = 1000000;
	s->bulk[0].sport = 40000;
	s->bulk[0].dport = 9;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 2104343 + 6000 + 1800);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(a_frame_behind_another_waits_longest)
{
	/* Two frames 2 us apart: 202 B take 1712 ns to their last bit at
	 * 1 Gbit/s, so their last bits are 6000 cycles apart too.
	 * cost.rt_input 7720: each frame's input work 7720 + 150 + 630 = 8500,
	 * more than the gap, so the second waits behind the first (doc/bound.md
	 * rt-rx step 5). GP never works, nothing is sent. J = DMA 1763 (the
	 * frames' DMAs do not meet).
	 *   frame 1 alone, frame 2's handler in its window (its last bit
	 *     within J + w): 1763 + 8500 + 2 x 1500 + 2 = 13265
	 *   frame 2 behind frame 1: 1763 + 17000 + 3000 + 2 - 6000 = 15765
	 *   frame 2 alone: 1763 + 8500 + 1500 + 2 = 11765
	 *   the busy window: J + 2 x 1500 + 17000 = 21763, above
	 * rt-rx = 15765, its terms summing to it with the head start 6000
	 * taken off. The run: frame 1 is delivered at 1763 + 1500 + 8500 =
	 * 11763 after its last bit, frame 2's handler (at 7763) delays it 1500
	 * more: 13263; frame 2 then at 21763, 15763 after its last bit. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_RT_INPUT] = 7720;
	uint64_t ns[] = {0, 2000};
	s->trace = capture(d, ns, 2);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_term *less = term_of(&r, BC_RT_RX, "less: the frames ahead");
	ck_assert_ptr_nonnull(less);
	ck_assert_uint_eq(less->cycles, 6000);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 15765);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 15763);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(windows_are_closed_and_two_cycles_wider)
{
	/* A window of d holds the instants at most d + 2 apart (closed; 2
	 * cycles for another trace.offset's rounding: doc/bound.md,
	 * arrivals). At 10 Gbit/s a 202-byte frame takes 542.4 cycles to its
	 * last bit; frames at 0 and 588 ns have last bits 1764 cycles apart.
	 * bus.dma_latency 526.733 ns: a DMA of 526733 + 202 x 300 ps = 587.333
	 * ns = 1761.999 -> 1762 cycles. The DMA busy period from 1762: both
	 * frames lie within 1762 + 2 = 1764: 3524, and again: J = 3524.
	 *   frame 1 alone, both handlers: 3524 + 1080 + 3000 + 2 = 7606
	 *   frame 2 behind frame 1: 3524 + 2160 + 3000 + 2 - 1764 = 6922
	 *   the busy window: 3524 + 3000 + 2160 = 8684
	 * rt-rx = 7606 */
	struct scenario *s = mk();
	s->costs.v[C_LINK_BPS] = 10000000000ull;
	s->costs.v[C_BUS_DMA_LATENCY] = 526733;
	uint64_t ns[] = {0, 588};
	ck_assert_uint_eq(rx_bound_of_capture(s, ns, 2), 7606);

	/* Frame by frame alike: frame i's window counts a handler run for the
	 * frames whose last bits lie within J + w + 2 of i's, less the least
	 * time from a last bit to its interrupt (the shortest DMA, 1763, and
	 * bus.irq_latency, 0). cost.rt_irq 1501, frames 861 ns apart at
	 * 10 Gbit/s: last bits 2583 cycles apart. J = 1763.
	 *   frame 1 alone: w = 1501 + 1080 = 2581, and frame 2's last bit at
	 *     1763 + 2581 + 2 - 1763 = 2583: its handler in the window too:
	 *     w = 4082, 1763 + 4082 + 2 = 5847
	 *   frame 2 behind frame 1: 1763 + 2160 + 3002 + 2 - 2583 = 4344;
	 *     alone: 1763 + 1080 + 1501 + 2 = 4346
	 *   the busy window: 1763 + 3002 + 2160 = 6925
	 * rt-rx = 5847; 862 ns apart (2586 cycles), beyond: 4346 */
	s = mk();
	s->costs.v[C_LINK_BPS] = 10000000000ull;
	s->costs.v[C_RT_IRQ] = 1501;
	uint64_t apart[] = {0, 861};
	ck_assert_uint_eq(rx_bound_of_capture(s, apart, 2), 5847);
	s = mk();
	s->costs.v[C_LINK_BPS] = 10000000000ull;
	s->costs.v[C_RT_IRQ] = 1501;
	uint64_t further[] = {0, 862};
	ck_assert_uint_eq(rx_bound_of_capture(s, further, 2), 4346);
}
END_TEST

START_TEST(an_arp_reply_for_both)
{
	/* An ARP reply (42 B) for the host: RT updates its ARP table, then
	 * copies the frame to GP (doc/bound.md, notation: c(f) = c_read +
	 * cost.arp_update + copy); rt-rx ends at the table update, so the copy
	 * after it is taken off (rt-rx step 4). GP has no work before it: no
	 * switch. At 3 GHz: DMA 527 + 42 x 0.3 = 539.6 ns -> 1619; handler
	 * 1500; read 300 + classify 150 and the update 300: rt-rx = 1619 +
	 * 1500 + 750 = 3869, and the run reaches it. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->trace = paths_join(d, "in.pcap");
	char err[256];
	struct capout *c = capout_open(s->trace, 65535, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	uint8_t b[64];
	size_t len = frame_build_arp(b, sizeof b, HOST, PEER, FRAME_ARP_REPLY, PEER, 0x0a000002u,
	                             HOST, 0x0a000001u);
	ck_assert_uint_eq(len, 42);
	capout_write(c, 1700000000000000000ull, b, (uint32_t)len, (uint32_t)len);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	bound_then_one_sample(s, d, BC_RT_RX, 3869, 3869);
	/* With the read and the update free, the input thread's work in the
	 * window is the copy alone, and the copy still comes after the sample:
	 * taken off, rt-rx = 1619 + 1500 = 3119 (frame by frame, with its 2
	 * cycles for another trace.offset, 3121), and the run reaches it */
	s->costs.v[C_RT_INPUT] = 0;
	s->costs.v[C_CLASSIFY] = 0;
	s->costs.v[C_ARP_UPDATE] = 0;
	bound_then_one_sample(s, d, BC_RT_RX, 3119, 3119);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(interrupt_moderation)
{
	/* ITR 125 us = 375000 cycles; frames at 0 and 10 us (30000 cycles).
	 *   J: DMA 1763 (the frames are 30000 apart: no DMA queue) + a whole
	 *     ITR interval 375000 = 376763
	 *   frame by frame (the bound takes the largest, +2 cycles for another
	 *   trace.offset's rounding):
	 *     frame 1 alone: its work 300 + 150 + 630 = 1080, and two handlers
	 *       (frame 2 arrives within J of it) 3000:
	 *       376763 + 4080 + 2 = 380845
	 *     frame 2 behind frame 1: work 2160 + handlers 3000, less frame 2's
	 *       head start 30000: 376763 + 5160 + 2 - 30000 = 351925
	 *     frame 2 alone: 376763 + 1080 + 1500 + 2 = 379345
	 *   bound = 380845 cycles.
	 * The run: frame 2 (last bit 30000 cycles after frame 1's) waits for
	 * frame 1's interrupt + 375000: latency l1 + 1763 + 375000 + 2580 - l2
	 * = 1763 + 375000 + 2580 - 30000 = 349343. Not the bound: a frame that
	 * waits a whole ITR interval cannot be the one whose interrupt came
	 * just before, which the bound does not exclude. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_NIC_ITR_INTERVAL] = 125000000;
	uint64_t ns[] = {0, 10000};
	s->trace = capture(d, ns, 2);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 380845);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 349343);
	/* the absolute timer instead: at most 32.768 us = 98304 cycles */
	s->costs.v[C_NIC_ITR_INTERVAL] = 0;
	s->costs.v[C_NIC_RX_ABS_DELAY] = 32768000;
	/* J = 1763 + 98304 = 100067; frame 1 alone with both handlers (frame 2
	 * within J): 100067 + 1080 + 3000 + 2 = 104149; frame 2 behind frame
	 * 1: 100067 + 5160 + 2 - 30000 = 75229; frame 2 alone: 100067 + 2580
	 * + 2 = 102649: bound 104149. The run: frame 1 waits the whole
	 * absolute timer (frame 2's DMA ends before it fires and is handled
	 * with it): 1763 + 98304 + 2580 = 102647 */
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 104149);
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RX].max, 102647);
	/* ITR and the packet timer (the campaign's case: rx-ring-overflow at
	 * 100 Mbit/s with nic.rx_ring 2 and nic.rx_delay 15.17 us measured
	 * 416609 cycles against 386026): ITR 125 us = 375000 and rx_delay
	 * 15 us = 45000 cycles, rx_ring 2. The interrupt is held until ITR
	 * after the last one (up to 375000 after our frame's DMA); the other
	 * frame the ring holds may be DMAed just before that and restart the
	 * packet timer: 375000 + 45000 = 420000 (not max(2 x 45000, 375000)).
	 * J = 1763 + 420000 = 421763; frame 1 alone with both handlers:
	 * 421763 + 1080 + 3000 + 2 = 425845; frame 2 behind frame 1: 421763 +
	 * 5160 + 2 - 30000 = 396925; frame 2 alone: 421763 + 2580 + 2 =
	 * 424345: bound 425845. */
	s->costs.v[C_NIC_RX_ABS_DELAY] = 0;
	s->costs.v[C_NIC_ITR_INTERVAL] = 125000000;
	s->costs.v[C_NIC_RX_DELAY] = 15000000;
	s->costs.v[C_NIC_RX_RING] = 2;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 425845);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(echo_round_trip_as_one_stretch)
{
	/* traffic.echo on, every frame of the capture to RT port 5004 and
	 * echoed (202 B each way); GP never has work, so no world switch.
	 * One frame alone, by hand at 3 GHz with the defaults:
	 *   J (last bit -> first RT work): RX DMA 1763 (idle_rt_receive)
	 *   RT busy window w, every RT job: handler 1500, input 300 + 150 +
	 *     630 = 1080, the echo job 300 + 630 + 100 = 1030, and the TX
	 *     completion handler for the one frame ever sent (its write-back
	 *     may fall in the window: one run, 1500, one descriptor, 300):
	 *     w = 1500 + 1080 + 1030 + 1800 = 5410
	 *   T (band 0 -> last bit out): TX DMA 1763, then 8 + 202 + 4 = 214
	 *     bytes to the FCS at 1 Gbit/s, 1712 ns = 5136: T = 6899
	 *   rt-rtt = J + w + T = 1763 + 5410 + 6899 = 14072 (rt-rx's bound
	 *     plus rt-tx's would count the handler, input and TX completion
	 *     work twice)
	 *   rt-tx = w less the frame's own input work (done before its answer
	 *     was asked for) + T = 4330 + 6899 = 11229.
	 * The run: delivered 1763 + 1500 + 1080 = 4343 after the last bit
	 * (idle_rt_receive), the echo job 1030, TX DMA 1763, 5136 on the wire:
	 * rt-rtt 12272, rt-tx 1030 + 1763 + 5136 = 7929. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->echo.enabled = true;
	uint64_t one[] = {0};
	s->trace = capture(d, one, 1);
	ck_assert_uint_eq(bound_of(s, BC_RT_RTT), 14072);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 11229);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RTT].max, 12272);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].max, 7929);
	/* A second frame 4 us (12000 cycles) after the first. Windows of the
	 * busy window (d about 5700): RX handlers and input for the frames
	 * within d + J (7500): one; echo jobs for the frames within d + (rt-rx
	 * bound - rx_min): rt-rx's bound is J 1763 + 1500 + 1080 + TX 2100
	 * (one run, both descriptors) + 2 (another trace.offset's rounding) =
	 * 6445, rx_min = DMA 1763 + input 1080 = 2843, 3602 more: one; TX
	 * completions: one run (tidv 8192 ns = 24576 cycles apart), both
	 * descriptors: 1500 + 600 = 2100. w = 1500 + 1080 + 1030 + 2100 =
	 * 5710. Is the first frame's answer ahead of the second's? Counted
	 * from rt-rx's bound and rt-tx's R apart (the answers requested within
	 * T + R - c_min = 6899 + 4630 - 1030 = 10499 of each other, frames
	 * within 10499 + 3602 = 14101 > 12000): yes, one frame ahead. As one
	 * stretch: the first answer is out by 1763 + 5710 + 6899 = 14372 after
	 * its frame's last bit; the second answer enters band 0 no sooner than
	 * 12000 + rx_min 2843 + the echo job 1030 = 15873 after it: none
	 * ahead. So rt-tx = 5710 - 1080 + 6899 = 11529 (with one ahead it
	 * would add that frame's wire time, 226 B, 5424 cycles, at least), and
	 * rt-rtt = 14372. The run: the answers do not meet (the first is out
	 * at 12272, the second frame delivered after 12000 + 4343); the second
	 * frame's interrupt also takes the first answer's write-back (its own
	 * TX interrupt was due nic.tidv later) and cleans it, 300 cycles
	 * before the input thread runs: the second round trip is 12272 + 300
	 * = 12572, both answers' rt-tx 7929. */
	free(s->trace);
	uint64_t two[] = {0, 4000};
	s->trace = capture(d, two, 2);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 11529);
	ck_assert_uint_eq(bound_of(s, BC_RT_RTT), 14372);
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_RTT].count, 2);
	ck_assert_uint_eq(st.lat[CLS_RT_RTT].max, 12572);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].max, 7929);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(echo_answers_of_frames_apart_by_more_than_the_window)
{
	/* Two frames echoed, 3 us = 9000 cycles apart: an echo job in RT's
	 * busy window d answers a frame whose last bit lies within d + (rt-rx
	 * bound - least delivery time), not d alone (doc/bound.md rt-tx, n;
	 * src/bound.c echo_window). Defaults at 3 GHz, GP never works.
	 * rt-rx: the frames' handlers never share a window (J 1763 + w 4680
	 *   < 9000): J + handler 1500 + input 1080 + TX completions (both
	 *   answers, one run) 2100 = 6443 (frame by frame: 6445); least
	 *   delivery 1763 + 1080 = 2843: the echo's spread 3600.
	 * rt-tx's busy window: from 1030: handler 1500 + input 1080 + TX 2100
	 *   + 1 echo job 1030 = 5710; 5710 + 3600 + 2 >= 9000: 2 echo jobs,
	 *   6740; the frames' handlers still apart (6740 + 1763 + 2 < 9000):
	 *   w = 6740, R = w less the frame's own input work 1080 = 5660.
	 * N: the other answer may be ahead (requested within T + R - 1030 +
	 *   3600 of ours; as one stretch within 1763 + 6740 + T - 2843 - 1030):
	 *   TX DMA 1763, the first answer 202 B: to its FCS 5136, its gap done
	 *   at 1763 + (8 + 206 + 12) x 24 = 7187; ours from 7187 to its FCS:
	 *   12323.
	 * rt-tx = 5660 + 12323 = 17983 (with the echo window d alone: one
	 *   echo job, 16953). */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->echo.enabled = true;
	uint64_t ns[] = {0, 3000};
	s->trace = capture(d, ns, 2);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 17983);
	bool echo = false;
	for (unsigned i = 0; i < r.c[BC_RT_TX].nt; i++)
		if (strstr(r.c[BC_RT_TX].t[i].name, "RT application: echo answers")) {
			ck_assert_uint_eq(r.c[BC_RT_TX].t[i].cycles, 2 * 1030);
			echo = true;
		}
	ck_assert(echo);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(echo_under_tdma_a_finite_capture_has_a_bound)
{
	/* doc/bound.md: a capture's finite load always gives a bound. Two
	 * frames echoed under TDMA, RT's slice 8 us of each 50 us (24000 of
	 * 150000 cycles: 0.16 of the CPU, GP never works), cost.tx_clean 2000.
	 * Before any rt-tx bound is known the TX completions were counted as
	 * frames back to back on the wire: one 202-byte answer every 5424
	 * cycles costs 2000 to clean, 0.37 of the CPU, more than RT's 0.16, and
	 * every class was refused. But the capture makes two answers in all:
	 * at most two descriptors to clean, 2 x 2000 + 2 x 1500 for their
	 * interrupts. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0, 20000};
	s->trace = capture(d, ns, 2);
	s->echo.enabled = true;
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 50000000;      /* 50 us in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 8000000;    /* 8 us */
	s->costs.v[C_TX_CLEAN] = 2000;
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	for (int c = 0; c < BC__COUNT; c++)
		ck_assert_msg(r.c[c].status == BS_OK, "%s: %s", bound_cls_name(c), r.c[c].why);
	/* a frame waits at least for RT's slice: 150000 - 24000 cycles */
	ck_assert_uint_ge(r.c[BC_RT_RX].cycles, 126000);
	struct engine_stats st;
	run(s, d, &st);
	for (int c = 0; c < BC__COUNT; c++) {
		ck_assert_uint_eq(st.lat[bound_scen_class(c)].count, 2);
		ck_assert_uint_le(st.lat[bound_scen_class(c)].max, r.c[c].cycles);
	}
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(rtp_under_a_small_tdma_share_has_a_bound)
{
	/* One G.711 channel (214-byte frames, 20 ms apart) for 100 ms under
	 * TDMA, RT's slice 10 us of each 100 us (30000 of 300000 cycles: 0.1
	 * of the CPU; GP never works, so no world switch). The first round of
	 * the TX completions, with no rt-tx bound yet, took RT's frames at the
	 * wire's rate: a write-back every 5424 cycles, 300 to clean and a
	 * handler run (1500) per 8192 ns of TIDV (24576 cycles), 0.117 of the
	 * CPU, above RT's 0.1: "the RT busy window does not end", no bound
	 * (review n30). The item makes 5 requests in all (its 100 ms), and so
	 * few write-backs end the first round; the next counts them 20 ms
	 * apart. By hand, at 3 GHz with the defaults:
	 *   the slice: a request just after RT's slice ends waits F - Q =
	 *     270000 cycles;
	 *   RT application: rt_app_tx + rt_drv_tx + txs_pick = 1730;
	 *   TX completions: within the window (under 0.1 ms) one write-back at
	 *     most, a frame 20 ms away: one handler run 1500 + one clean 300;
	 *   the TX DMA of 214 B: 527 + 214 x 0.3 = 591.2 ns -> 1774 cycles;
	 *   the wire to the FCS: (8 + 214 + 4) x 8 = 1808 bits = 5424 cycles;
	 *   270000 + 1730 + 1800 + 1774 + 5424 = 280728. */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_rtp_packet(s);
	s->rtp[0].duration_ps = 100000000000ull;   /* 100 ms: 5 packets */
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 100000000;      /* 100 us in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 10000000;    /* 10 us */
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_msg(r.c[BC_RT_TX].status == BS_OK, "%s", r.c[BC_RT_TX].why);
	ck_assert_uint_eq(r.c[BC_RT_TX].cycles, 280728);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].count, 5);
	ck_assert_uint_le(st.lat[CLS_RT_TX].max, r.c[BC_RT_TX].cycles);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(overloaded_window_bounded_by_the_ring)
{
	/* RT overloaded, its busy window bounded by the ring alone (the
	 * campaign's third case, doc/bound.md rt-rx step 5: proxy-full with
	 * cost.rt_input=16259cycles at 2 GHz measured 4631151 cycles against a
	 * frame-by-frame 3796219). 150 RT frames (202 B) 2 us = 6000 cycles
	 * apart at 3 GHz (1808 ns on the wire each: no queue on it);
	 * cost.rt_input 4720: an RT frame's input work c = 4720 + 150 + 630 =
	 * 5500, with its handler 7000 > 6000: RT falls behind by 1000 cycles a
	 * frame, the ring (nic.rx_ring 8) fills and frames are dropped. GP
	 * never has work: no world switch. Nothing is sent: no TX completions.
	 *   J: DMA 1763 (the frames are 6000 apart, no DMA queue), no
	 *     moderation, no interrupt latency: J = 1763
	 *   busy window: w = 1500 x I(w) + C(w + J) grows by 7000 a frame
	 *     against 6000: no fixed point below the ring's bound
	 *     (2 x 8 + 2) x 1500 + (8 + 1) x 5500 = 27000 + 49500 = 76500
	 *   bound = J + 76500 = 78263 cycles.
	 * Frame by frame (what the bound gave before fa6e8a7) looked back from
	 * each frame f only J + 76500 = 78263 cycles: 13 frames (78000). From
	 * i m frames back, w = (m + 1) x 5500 + 1500 x k, k the frames from i
	 * within J + w; each frame further back adds 5500 + at least its own
	 * handler against 6000 of head start: +1000, so the largest is m = 13:
	 * w = 77000 + 1500 k, J + w = 78763 + 1500 k: with k = 18 frames
	 * (0 .. 102000 within 1763 + 104000) w = 104000, and
	 * 1763 + 104000 + 2 - 78000 = 27765. The run's rt-rx maximum is
	 * above that (the backlog began long before), and within the bound. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_RT_INPUT] = 4720;
	s->costs.v[C_NIC_RX_RING] = 8;
	uint64_t ns[150];
	for (size_t i = 0; i < 150; i++)
		ns[i] = i * 2000;
	s->trace = capture(d, ns, 150);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 78263);
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_gt(st.lat[CLS_RT_RX].max, 27765);
	ck_assert_uint_le(st.lat[CLS_RT_RX].max, 78263);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(overloaded_window_bounded_by_the_ring_under_tdma)
{
	/* overloaded_window_bounded_by_the_ring's capture under TDMA: frame
	 * 100 us = 300000 cycles, RT slice 25.333333 us = 76000 cycles (GP
	 * never works: no switch, Q = 76000, the longest gap F - Q = 224000).
	 * The ring's bound is the work of nic.rx_ring + 1 = 9 frames (9 x 5500
	 * = 49500) and 2 x 8 + 2 = 18 handler runs (27000): 76500 cycles of
	 * RT's, which take S^-1(76500) = 224000 + 1 x 300000 + 500 = 524500
	 * (a whole slice, the next frame's gap, 500 more).
	 *   bound = J 1763 + TDMA wait 524500 - 76500 + 27000 + 49500 = 526263 */
	struct scenario *s = mk();
	s->costs.v[C_RT_INPUT] = 4720;
	s->costs.v[C_NIC_RX_RING] = 8;
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 100000000;     /* 100 us in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 25333333;   /* 75999.999 -> 76000 cycles */
	uint64_t ns[150];
	for (size_t i = 0; i < 150; i++)
		ns[i] = i * 2000;
	ck_assert_uint_eq(rx_bound_of_capture(s, ns, 150), 526263);
}
END_TEST

START_TEST(the_ring_holds_the_costliest_frames)
{
	/* overloaded_window_bounded_by_the_ring's capture with its first frame
	 * for GP (UDP port 9) instead: a GP frame's input work is the read
	 * 4720 + 150 and the copy to GP 300 + ceil(202 x 0.25) = 51 + 2000:
	 * 7221, more than an RT frame's 5500. The ring's bound takes 9 frames
	 * of the costliest: 9 x 7221 = 64989, and 18 handler runs 27000. GP
	 * has work before the last RT frame: 2 x 2000 of switches.
	 *   bound = J 1763 + 4000 + 27000 + 64989 = 97752 */
	struct scenario *s = mk();
	s->costs.v[C_RT_INPUT] = 4720;
	s->costs.v[C_NIC_RX_RING] = 8;
	char *d = tmpdir();
	uint64_t ns[150];
	uint16_t port[150];
	for (size_t i = 0; i < 150; i++) {
		ns[i] = i * 2000;
		port[i] = i ? 5004 : 9;
	}
	s->trace = capture_to(d, ns, port, 150);
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), 97752);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(a_bound_in_ns_past_2_to_the_64)
{
	/* 2^63 cycles at 1 MHz are 2^63 x 10^6 ps: 9223372036854775808000 ns,
	 * past 2^64 ns; 3 cycles at 3 GHz are 1 ns; 1 cycle 333.334 rounded up */
	char b[48];
	ck_assert_str_eq(bound_ns(1ull << 63, 1000000, b, sizeof b), "9223372036854775808000.000");
	ck_assert_str_eq(bound_ns(3, 3000000000ull, b, sizeof b), "1.000");
	ck_assert_str_eq(bound_ns(1, 3000000000ull, b, sizeof b), "0.334");
}
END_TEST

START_TEST(refusals)
{
	struct scenario *s = mk();
	struct bound_result r;
	char err[256];
	/* nothing at all for RT */
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	for (int c = 0; c < BC__COUNT; c++)
		ck_assert_int_eq(r.c[c].status, BS_NO_TRAFFIC);
	/* RTP every 1 us costing 1730 cycles = 577 ns x 2 channels: utilisation
	 * 2 x 1730 / 3000 = 1.153 >= 1 */
	s->n_rtp = 1;
	s->rtp = calloc(1, sizeof *s->rtp);
	s->rtp[0].ptime_ps = 1000000;
	s->rtp[0].payload = 20;
	s->rtp[0].channels = 2;
	s->rtp[0].sport = 5004;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_ptr_nonnull(strstr(r.c[BC_RT_TX].why, "utilisation 1.153"));
	/* exactly RT's share: one channel every 1 us costing cost.rt_app_tx
	 * 2270 + 630 + 100 = 3000 cycles = 1 us: utilisation 1.000 >= 1 */
	s->costs.v[C_RT_APP_TX] = 2270;
	s->rtp[0].channels = 1;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_msg(strstr(r.c[BC_RT_TX].why, "utilisation 1.000 >= 1.000"), "%s", r.c[BC_RT_TX].why);
	s->costs.v[C_RT_APP_TX] = 1000;
	/* one channel: 0.577, a bound */
	s->rtp[0].channels = 1;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_OK);
	/* TDMA with RT's slice exactly two world switches (1333.333 ns = 4000
	 * cycles, GP working: a bulk item): RT may never run */
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;
	s->costs.v[C_TDMA_RT_SLICE] = 1333333;     /* 3999.999 -> 4000 cycles */
	s->n_bulk = 1;
	s->bulk = calloc(1, sizeof *s->bulk);
	s->bulk[0].frame_size = 1514;
	s->bulk[0].rate_bps = 1000000;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_ptr_nonnull(strstr(r.c[BC_RT_TX].why, "RT may never run"));
	unmk(s);
	/* One generated call (no traffic.rtp) whose RT sender costs
	 * cost.rt_app_tx 100000000 + cost.rt_drv_tx 630 + cost.txs_pick 100
	 * = 100000730 cycles a packet, one every 20 ms = 60000000 cycles:
	 * utilisation 1.667. The refusal names calls.generator, the load's
	 * source, not traffic.rtp, which the scenario does not have. */
	s = mk();
	one_call(s);
	s->costs.v[C_RT_APP_TX] = 100000000;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	/* the whole message: the calls alone, and not RT's proxy-tx, though GP
	 * sends the call's SIP (those frames are finitely many, no long-run
	 * load) */
	ck_assert_str_eq(r.c[BC_RT_TX].why, "RT utilisation 1.667 >= 1.000 (RT's share of the CPU): "
	                 "(calls.generator calls / ptime) x (cost.rt_app_tx + cost.rt_drv_tx + "
	                 "cost.txs_pick) need more than RT gets");
	free(s->sip_ports);
	unmk(s);
}
END_TEST

START_TEST(a_capture_the_engine_refuses_has_no_bound)
{
	/* A frame 1.6 x 10^9 s after the first: 4.8 x 10^18 cycles at 3 GHz,
	 * past the 2^62 (4.6 x 10^18) the engine's clock takes (input.c
	 * refuses the run there, exit 2). The bound refuses it too, naming
	 * the frame, instead of bounding the frames before it. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0, 1600000000000000000ull};
	s->trace = capture(d, ns, 2);
	struct bound_result r;
	char err[256] = "";
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 2);
	ck_assert_msg(strstr(err, "frame 2: 1600000000 s after the first frame"), "%s", err);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(a_bound_past_64_bits_is_no_bound)
{
	/* The packet timer restarted by a full ring: nic.rx_ring 16777216 x
	 * nic.rx_delay 3600 s at 100 GHz = 2^24 x 3.6 x 10^14 = 6.04 x 10^21
	 * cycles, past 2^63 - 1 = 9.22 x 10^18 (and 2^64): no bound, naming
	 * the keys, never "ok" with a saturated 18446744073709551615 cycles
	 * (-1 in summary.json's integers). */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	s->costs.v[C_CPU_HZ] = 100000000000ull;
	s->costs.v[C_NIC_RX_RING] = 16777216;
	s->costs.v[C_NIC_RX_DELAY] = 3600000000000000ull;   /* 3600 s in ps */
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_RX].status, BS_NONE);
	ck_assert_msg(strstr(r.c[BC_RT_RX].why, "2^63 - 1 cycles") &&
	              strstr(r.c[BC_RT_RX].why, "nic.rx_delay"), "%s", r.c[BC_RT_RX].why);
	json_t *j = bound_json(&r);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "rt-rx"), "status")),
	                 "none");
	json_decref(j);
	/* with nic.rx_ring 1 the timer runs once: 3600 s = 3.6 x 10^14
	 * cycles, a bound */
	s->costs.v[C_NIC_RX_RING] = 1;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_RX].status, BS_OK);
	ck_assert_uint_ge(r.c[BC_RT_RX].cycles, 360000000000000ull);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(above_the_bound_is_a_failure_naming_the_frame)
{
	/* a measured maximum above the bound (here made up: the engine never
	 * gives one) fails and names each frame above it */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	struct engine_stats st;
	memset(&st, 0, sizeof st);
	st.hz = 3000000000ull;
	struct engine_lat *l = &st.lat[CLS_RT_RX];
	l->count = 3;
	l->max = 4344;                       /* one cycle above 4343 */
	l->ntop = 3;
	l->top[0] = (struct hist_top){4344, 7, 123456, 0};
	l->top[1] = (struct hist_top){4343, 8, 123999, 0};
	l->top[2] = (struct hist_top){100, 9, 124000, 0};
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_int_eq(bound_check_class(&r, BC_RT_RX, &st, f), 1);
	fclose(f);
	/* 4344 cycles at 3 GHz = 1448 ns; the bound 4343 cycles = 1447.666.. ns,
	 * rounded up */
	ck_assert_ptr_nonnull(strstr(buf, "bound FAIL  rt-rx: measured max 4344 cycles = 1448.000 ns, "
	                                  "analytic bound 4343 cycles = 1447.667 ns"));
	ck_assert_ptr_nonnull(strstr(buf, "frame 7 ending at cycle 123456  latency 4344 cycles"));
	ck_assert_ptr_null(strstr(buf, "frame 8 "));   /* at the bound: not above */
	free(buf);
	/* at the bound: held */
	l->max = 4343;
	f = open_memstream(&buf, &n);
	ck_assert_int_eq(bound_check_class(&r, BC_RT_RX, &st, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "bound ok    rt-rx"));
	free(buf);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* Per call (verify.c): each call's delay max in calls.tsv against its
 * class's bound. A calls.tsv written here by hand: the header as the engine
 * writes it, then call 1 with in_delay_max_ns one above the rt-rx bound and
 * call 2 exactly at it (in ns rounded up, as verify compares). */
/* A line of calls.tsv under the header hdr: each column named in kv (pairs
 * of name and value, then NULL) has its value, early_media_gp 0 unless
 * named, every other column "-". */
static void write_calls_row(FILE *f, const char *hdr, const char *const *kv)
{
	char *h = strdup(hdr), *save = NULL;
	ck_assert_ptr_nonnull(h);
	int k = 0;
	for (char *c = strtok_r(h, "\t\n", &save); c; c = strtok_r(NULL, "\t\n", &save), k++) {
		const char *v = !strcmp(c, "early_media_gp") ? "0" : "-";
		for (const char *const *p = kv; *p; p += 2)
			if (!strcmp(c, p[0]))
				v = p[1];
		fprintf(f, "%s%s", k ? "\t" : "", v);
	}
	fputc('\n', f);
	free(h);
}

/* DIR/calls.tsv: the header as the engine writes it, then a write_calls_row
 * line for each of rows (NULL-ended). */
static void write_calls(const char *d, const char *const *const *rows)
{
	char err[256];
	ck_assert_int_eq(engine_write_calls(d, NULL, err, sizeof err), 0);
	char *cp = paths_join(d, "calls.tsv");
	FILE *f = fopen(cp, "r");
	ck_assert_ptr_nonnull(f);
	char hdr[2048];
	ck_assert_ptr_nonnull(fgets(hdr, sizeof hdr, f));
	fclose(f);
	f = fopen(cp, "a");
	ck_assert_ptr_nonnull(f);
	for (; *rows; rows++)
		write_calls_row(f, hdr, *rows);
	fclose(f);
	free(cp);
}

/* verify_run over a capture of UDP frames at ns (frames to RT's 5004), one
 * routing expectation x and routing.tsv's frame lines made by hand; it
 * must break (exit 1). Returns what it printed (free it). */
static char *routing_verdict(const uint64_t *ns, size_t n, struct scen_expect x,
                             const char *lines)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	s->trace = capture(d, ns, n);
	s->expects = &x;
	s->n_expects = 1;
	char *rp = paths_join(d, "routing.tsv");
	FILE *f = fopen(rp, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "frame\tdecision\treason\n%s", lines);
	fclose(f);
	struct engine_stats st;
	memset(&st, 0, sizeof st);
	st.hz = 3000000000ull;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ck_assert_int_eq(verify_run(s, &st, d, out), 1);
	fclose(out);
	s->expects = NULL;
	s->n_expects = 0;
	free(rp);
	unmk(s);
	rmtree(d);
	free(d);
	return buf;
}

/* A routing offender stamped before the capture's first frame: its time is
 * its capture time from the first frame plus trace.offset (doc/verify.md),
 * and a frame stamped before the frame before it is taken to arrive with it
 * (doc/outputs.md, input.timestamps_backwards), so frame 2, stamped 1 us
 * before frame 1, is shown at 0 s, not 2^64 ns - 1 us after it. */
START_TEST(routing_offender_stamped_before_the_first_frame)
{
	uint64_t ns[] = {1000, 0};
	struct scen_expect x = {.filter = (char *)"udp", .goes_to = DEC_RT};
	char *buf = routing_verdict(ns, 2, x, "1\trt\trt-port\n2\tgp\tdefault\n");
	ck_assert_msg(strstr(buf, "1 frame breaks it, the first:\n"
	                          "        frame 2        at 0.000000000 s  gp default  "
	                          "(matches the filter)\n") != NULL, "%s", buf);
	free(buf);
}
END_TEST

/* Offenders' times are to the ns of a nanosecond capture (doc/verify.md:
 * the capture time from the first frame, plus trace.offset): frames 2 and
 * 3, 1500 and 2999 ns after frame 1, at 0.000001500 s and 0.000002999 s,
 * not at the us below; two of them "frames break it". */
START_TEST(routing_offenders_to_the_ns)
{
	uint64_t ns[] = {0, 1500, 2999};
	struct scen_expect x = {.filter = (char *)"udp", .goes_to = DEC_RT};
	char *buf = routing_verdict(ns, 3, x, "1\trt\trt-port\n2\tgp\tdefault\n3\tgp\tdefault\n");
	ck_assert_msg(strstr(buf, "; 2 frames break it, the first:\n"
	                          "        frame 2        at 0.000001500 s  gp default  "
	                          "(matches the filter)\n"
	                          "        frame 3        at 0.000002999 s  gp default  "
	                          "(matches the filter)\n") != NULL, "%s", buf);
	free(buf);
}
END_TEST

/* An `only` expectation whose filter matches no frame holds when no frame
 * went to its decision, and then says it checked only that (doc/verify.md);
 * broken by a frame that went there, it says no such thing: frame 1 of two
 * UDP frames went to rt, and "arp" matches neither. */
START_TEST(routing_only_matching_nothing_broken_has_no_note)
{
	uint64_t ns[] = {0, 1000};
	struct scen_expect x = {.filter = (char *)"arp", .goes_to = DEC_RT, .only = true};
	char *buf = routing_verdict(ns, 2, x, "1\trt\trt-port\n2\tgp\tdefault\n");
	ck_assert_msg(strstr(buf, "FAIL  verify.routing.0 (default): every frame matching \"arp\" "
	                          "goes to rt, and only those: 0 of 2 frames match, 1 went to rt; "
	                          "1 frame breaks it, the first:\n"
	                          "        frame 1        at 0.000000000 s  rt rt-port  "
	                          "(does not match the filter)\n") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "note:") == NULL, "%s", buf);
	free(buf);
}
END_TEST

START_TEST(a_call_above_its_class_bound_fails_naming_it)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[] = {0};
	s->trace = capture(d, ns, 1);
	struct bound_once bo = {0};
	const char *why;
	const struct bound_result *r = bound_once_get(&bo, s, &why);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->c[BC_RT_RX].status, BS_OK);
	/* the bound in ns, rounded up: cycles x 10^9 / 3 x 10^9 */
	uint64_t b = (r->c[BC_RT_RX].cycles + 2) / 3;
	char ta[24], tb[24];
	snprintf(ta, sizeof ta, "%llu", (unsigned long long)(b + 1));
	snprintf(tb, sizeof tb, "%llu", (unsigned long long)b);
	write_calls(d, (const char *const *const[]){
		(const char *const[]){"call", "1", "call_id", "above@x", "in_delay_max_ns", ta, NULL},
		(const char *const[]){"call", "2", "call_id", "at@x", "in_delay_max_ns", tb, NULL},
		NULL});
	struct engine_stats st;
	memset(&st, 0, sizeof st);
	st.hz = 3000000000ull;
	st.bound = &bo;
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	ck_assert_int_eq(verify_run(s, &st, d, out), 1);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "1 call direction above the class's analytic bound"));
	free(buf);
	char *vp = paths_join(d, "verify.txt");
	char txt[4096];
	read_text(vp, txt, sizeof txt);
	ck_assert_ptr_nonnull(strstr(txt, "bound FAIL  per call: 2 call directions against their "
	                                  "class's bound"));
	ck_assert_ptr_nonnull(strstr(txt, "call 1 above@x: in delay max"));
	ck_assert_ptr_null(strstr(txt, "call 2 at@x"));   /* at the bound: held */
	free(vp);
	bound_once_free(&bo);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* ---- the printout, the JSON and verify.txt's lines from a bound made by
 * hand (mutation run of src/bound.c): every value below is worked out here
 * from the made-up bound, at 3 GHz (3 cycles a ns; a bound's ns rounded
 * up, a measured maximum's down). ---- */

/* rt-tx: 1000 cycles, a term of 1200 and one of 200 taken off; rt-rx: no
 * traffic; rt-rtt: no bound. */
static void made_up(struct bound_result *r)
{
	memset(r, 0, sizeof *r);
	r->hz = 3000000000ull;
	struct bound_class *tx = &r->c[BC_RT_TX];
	tx->status = BS_OK;
	tx->cycles = 1000;
	tx->nt = 2;
	tx->t[0] = (struct bound_term){"added", "key.a", 1200, false};
	tx->t[1] = (struct bound_term){"taken off", "key.b", 200, true};
	r->c[BC_RT_RX].status = BS_NO_TRAFFIC;
	snprintf(r->c[BC_RT_RX].why, sizeof r->c[BC_RT_RX].why, "nothing comes");
	r->c[BC_RT_RTT].status = BS_NONE;
	snprintf(r->c[BC_RT_RTT].why, sizeof r->c[BC_RT_RTT].why, "too much");
}

static char *printed(const struct bound_result *r, enum bound_cls c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	bound_print_class(r, c, f);
	fclose(f);
	return buf;
}

START_TEST(printout_of_a_bound_made_by_hand)
{
	struct bound_result r;
	made_up(&r);
	/* 1000 cycles = 333.333.. ns -> 333.334; 1200 = 400; 200 = 66.666.. ->
	 * 66.667; the term taken off is signed "-" */
	char *p = printed(&r, BC_RT_TX);
	ck_assert_str_eq(p, "rt-tx: bound 333.334 ns = 1000 cycles\n"
	                    "  +      400.000 ns       1200 cycles  added  [key.a]\n"
	                    "  -       66.667 ns        200 cycles  taken off  [key.b]\n");
	free(p);
	p = printed(&r, BC_RT_RX);
	ck_assert_str_eq(p, "rt-rx: no traffic: nothing comes\n");
	free(p);
	p = printed(&r, BC_RT_RTT);
	ck_assert_str_eq(p, "rt-rtt: no bound: too much\n");
	free(p);
	/* the JSON: each class's status, the reasons, the signs; gp-tx only
	 * with a gp_busy */
	json_t *j = bound_json(&r);
	ck_assert_ptr_nonnull(j);
	json_t *tx = json_object_get(j, "rt-tx"), *ts = json_object_get(tx, "terms");
	ck_assert_str_eq(json_string_value(json_object_get(tx, "status")), "ok");
	ck_assert_int_eq(json_integer_value(json_object_get(tx, "cycles")), 1000);
	ck_assert_str_eq(json_string_value(json_object_get(tx, "ns")), "333.334");
	ck_assert_int_eq(json_array_size(ts), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ts, 0), "sign")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ts, 1), "sign")), -1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ts, 1), "cycles")), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ts, 1), "key")), "key.b");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ts, 1), "name")),
	                 "taken off");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ts, 1), "ns")), "66.667");
	json_t *rx = json_object_get(j, "rt-rx"), *rtt = json_object_get(j, "rt-rtt");
	ck_assert_str_eq(json_string_value(json_object_get(rx, "status")), "no-traffic");
	ck_assert_str_eq(json_string_value(json_object_get(rx, "why")), "nothing comes");
	ck_assert_str_eq(json_string_value(json_object_get(rtt, "status")), "none");
	ck_assert_str_eq(json_string_value(json_object_get(rtt, "why")), "too much");
	ck_assert_ptr_null(json_object_get(j, "gp-tx"));
	json_decref(j);
	/* 300 cycles = 100 ns, 2 frames on their way */
	r.gp_busy = 300;
	r.gp_pend = 2;
	j = bound_json(&r);
	json_t *g = json_object_get(j, "gp-tx");
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(json_string_value(json_object_get(g, "status")), "ok");
	ck_assert_int_eq(json_integer_value(json_object_get(g, "cycles")), 300);
	ck_assert_str_eq(json_string_value(json_object_get(g, "ns")), "100.000");
	ck_assert_int_eq(json_integer_value(json_object_get(g, "frames_on_their_way")), 2);
	json_decref(j);
}
END_TEST

/* bound_check_class / bound_check_gp on r into a string; *rc their answer */
static char *checked(const struct bound_result *r, int c, const struct engine_stats *st, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	*rc = c < 0 ? bound_check_gp(r, st, f) : bound_check_class(r, (enum bound_cls)c, st, f);
	fclose(f);
	return buf;
}

START_TEST(verify_lines_of_a_bound_made_by_hand)
{
	struct bound_result r;
	made_up(&r);
	struct engine_stats st;
	memset(&st, 0, sizeof st);
	st.hz = 3000000000ull;
	int rc;
	/* no sample: nothing checked, nothing written */
	char *v = checked(&r, BC_RT_TX, &st, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(v, "");
	free(v);
	/* one sample exactly on the bound: checked and held (1000 cycles =
	 * 333.333 ns rounded down, the bound 333.334 rounded up) */
	struct engine_lat *l = &st.lat[CLS_RT_TX];
	l->count = 1;
	l->max = 1000;
	l->ntop = 1;
	l->top[0] = (struct hist_top){1000, 5, 999, 1};
	v = checked(&r, BC_RT_TX, &st, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(v, "bound ok    rt-tx: measured max 1000 cycles = 333.333 ns, analytic "
	                    "bound 1000 cycles = 333.334 ns (nicshare bound)\n");
	free(v);
	/* one cycle above: a failure naming the sent frame o5 (1001 cycles =
	 * 333.666.. ns: 333.666 measured, 333.667 as a latency listed) */
	l->max = 1001;
	l->top[0].value = 1001;
	v = checked(&r, BC_RT_TX, &st, &rc);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(v, "bound FAIL  rt-tx: measured max 1001 cycles = 333.666 ns") &&
	              strstr(v, "        frame o5 ending at cycle 999  latency 1001 cycles = "
	                        "333.667 ns\n"), "%s", v);
	free(v);
	/* samples of a class without traffic in the analysis, or without a
	 * bound: a note, its reason, nothing checked */
	st.lat[CLS_RT_RX] = *l;
	st.lat[CLS_RT_RTT] = *l;
	v = checked(&r, BC_RT_RX, &st, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(v, "bound note  rt-rx: no analytic bound: nothing comes\n");
	free(v);
	v = checked(&r, BC_RT_RTT, &st, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(v, "bound note  rt-rtt: no analytic bound: too much\n");
	free(v);
	/* gp-tx: nothing without a gp_busy, even with samples; its own
	 * class's samples against it (rt-tx's 1001 above would fail) */
	st.lat[CLS_GP_TX].count = 2;
	st.lat[CLS_GP_TX].max = 300;
	v = checked(&r, -1, &st, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(v, "");
	free(v);
	r.gp_busy = 300;
	v = checked(&r, -1, &st, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(v, "bound ok    gp-tx: measured max 300 cycles = 100.000 ns, analytic "
	                    "bound 300 cycles = 100.000 ns (GP's bulk frames on their way out, "
	                    "nicshare bound)\n");
	free(v);
}
END_TEST

START_TEST(rx_dma_of_a_full_ring)
{
	/* Ten RT frames of 202 bytes back to back on the wire (their last bits
	 * 226 B x 24 = 5424 cycles apart at 1 Gbit/s) and bus.dma_latency 10 us:
	 * each DMA 10 us + 202 x 0.3 ns = 10060.6 ns = 30181.8 -> 30182 cycles.
	 * The DMAs fall behind: a window of 30182 + 2 holds 6 last bits, 6 x
	 * 30182 = 181092, past a full ring's nic.rx_ring 4 x 30182 = 120728, so
	 * the DMA term is the ring's: the frame waits behind the three DMAs
	 * the ring holds ahead of it, and its own (doc/bound.md, rt-rx step 1). */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint64_t ns[10];
	for (size_t i = 0; i < 10; i++)
		ns[i] = i;
	s->trace = capture(d, ns, 10);
	s->costs.v[C_BUS_DMA_LATENCY] = 10000000;   /* 10 us */
	s->costs.v[C_NIC_RX_RING] = 4;
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_RX].status, BS_OK);
	const struct bound_term *t = term_of(&r, BC_RT_RX, "RX DMA");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->cycles, 120728);
	ck_assert_msg(strstr(t->key, "nic.rx_ring") && strstr(t->key, "trace.file"), "%s", t->key);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* echo_round_trip_as_one_stretch's scenario: traffic.echo on, one frame to
 * RT's port 5004 at 0 (a capture in d) */
static struct scenario *one_echoed_frame(const char *d)
{
	struct scenario *s = mk();
	s->echo.enabled = true;
	uint64_t one[] = {0};
	s->trace = capture(d, one, 1);
	return s;
}

START_TEST(rtt_of_an_echo_beside_rtp_and_without_rx)
{
	/* echo_round_trip_as_one_stretch's frame, echoed, and one RTP packet
	 * sent: the answer is not all RT sends, so the round trip is not taken
	 * as one stretch (doc/bound.md, rt-rtt): it is rt-rx's bound plus
	 * rt-tx's, two terms naming the classes above. */
	char *d = tmpdir();
	struct scenario *s = one_echoed_frame(d);
	one_rtp_packet(s);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	const struct bound_class *rx = &r.c[BC_RT_RX], *tx = &r.c[BC_RT_TX], *rtt = &r.c[BC_RT_RTT];
	ck_assert_int_eq(rx->status, BS_OK);
	ck_assert_int_eq(tx->status, BS_OK);
	ck_assert_int_eq(rtt->status, BS_OK);
	ck_assert_uint_eq(rtt->nt, 2);
	ck_assert_str_eq(rtt->t[0].name, "the request: rt-rx bound");
	ck_assert_str_eq(rtt->t[0].key, "(rt-rx above)");
	ck_assert_uint_eq(rtt->t[0].cycles, rx->cycles);
	ck_assert_str_eq(rtt->t[1].name, "the answer: rt-tx bound");
	ck_assert_str_eq(rtt->t[1].key, "(rt-tx above)");
	ck_assert_uint_eq(rtt->t[1].cycles, tx->cycles);
	ck_assert_uint_eq(rtt->cycles, rx->cycles + tx->cycles);
	unmk(s);
	/* a_bound_past_64_bits_is_no_bound's receive side (the packet timer
	 * restarted by a ring of 2^24 frames: past 2^63 - 1 cycles), echoed:
	 * rt-rx has no bound, so rt-rtt, which needs it, has none, for rt-rx's
	 * reason, even where rt-tx has one */
	s = one_echoed_frame(d);
	s->costs.v[C_CPU_HZ] = 100000000000ull;
	s->costs.v[C_NIC_RX_RING] = 16777216;
	s->costs.v[C_NIC_RX_DELAY] = 3600000000000000ull;   /* 3600 s in ps */
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(rx->status, BS_NONE);
	ck_assert_int_eq(rtt->status, BS_NONE);
	ck_assert_msg(strstr(rx->why, "2^63 - 1 cycles"), "%s", rx->why);
	ck_assert_str_eq(rtt->why, rx->why);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(refusal_under_tdma_names_its_sources)
{
	/* TDMA, a frame of 1 ms, RT's slice 500 us: RT's share is 0.500 while
	 * GP never works (no world switch to pay). Ten RTP channels every
	 * 10 us, each packet cost.rt_app_tx 1000 + cost.rt_drv_tx 630 +
	 * cost.txs_pick 100 = 1730 cycles: 10 x 1730 / 30000 = 0.577. */
	struct scenario *s = mk();
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;      /* 1 ms */
	s->costs.v[C_TDMA_RT_SLICE] = 500000000;    /* 500 us */
	one_rtp_packet(s);
	s->rtp[0].ptime_ps = 10000000;              /* 10 us */
	s->rtp[0].channels = 10;
	s->rtp[0].duration_ps = 0;
	struct bound_result r;
	char err[256];
	const char *why = r.c[BC_RT_TX].why;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_str_eq(why, "RT utilisation 0.577 >= 0.500 (RT's share of the CPU, "
	                      "dispatcher.tdma_*): (traffic.rtp channels / ptime) x (cost.rt_app_tx "
	                      "+ cost.rt_drv_tx + cost.txs_pick) need more than RT gets");
	/* a bulk item: GP works, so two world switches of 2000 cycles come off
	 * RT's slice: (1500000 - 4000) / 3000000 = 0.499; and its frames load
	 * RT's proxy-tx in the long run, RT's proxy-tx 300 + 100 each, no
	 * faster than the item makes them: at 1 Mbit/s 10^6 / 12112 = 82.56
	 * frames/s, 82.56 x 400 / 3e9 = 0.000011, 0.577 in all */
	one_bulk_item(s, 1000000);
	s->costs.v[C_NIC_TX_COMMIT] = 0;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_str_eq(why, "RT utilisation 0.577 >= 0.499 (RT's share of the CPU, "
	                      "dispatcher.tdma_*): (traffic.rtp channels / ptime) x (cost.rt_app_tx "
	                      "+ cost.rt_drv_tx + cost.txs_pick) and RT's proxy-tx (cost.rt_proxy_tx "
	                      "+ cost.txs_pick per traffic.bulk frame) need more than RT gets");
	/* at 1 Gbit/s (82562 frames/s, 1 / 36336 cycles) no faster than they
	 * are handed over: one per DMA 2944 + serialisation to the FCS 1526 B
	 * x 3 x 8 = 36624, 39568 cycles (nic.tx_commit 0: one at a time), 400
	 * / 39568 = 0.010, 0.587 in all */
	s->bulk[0].rate_bps = 1000000000;
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_NONE);
	ck_assert_str_eq(why, "RT utilisation 0.587 >= 0.499 (RT's share of the CPU, "
	                      "dispatcher.tdma_*): (traffic.rtp channels / ptime) x (cost.rt_app_tx "
	                      "+ cost.rt_drv_tx + cost.txs_pick) and RT's proxy-tx (cost.rt_proxy_tx "
	                      "+ cost.txs_pick per traffic.bulk frame) need more than RT gets");
	unmk(s);
}
END_TEST

START_TEST(echo_under_tdma_keeps_the_slice_wait)
{
	/* echo_round_trip_as_one_stretch's one frame under TDMA, a frame of
	 * 1 ms and RT's slice 500 us (GP never works: no switch, RT's useful
	 * slice is all of it). The answer's job may find RT's slice just over:
	 * unlike under priority, RT's busy period need not have begun before
	 * the frame's own work, so that work is not taken off. RT's busy window
	 * w: the demand 5410 (handler 1500, input 1080, echo job 1030, TX
	 * completions 1800) after the worst gap F - Q = 1500000: 1505410; T =
	 * 6899 (TX DMA 1763, 5136 on the wire). rt-tx = 1505410 + 6899 =
	 * 1512309; taking the own work off as under priority gave 11229. */
	char *d = tmpdir();
	struct scenario *s = one_echoed_frame(d);
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;      /* 1 ms */
	s->costs.v[C_TDMA_RT_SLICE] = 500000000;    /* 500 us */
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 1512309);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* one_rtp_packet() with `ch` channels staggered by `stagger_ps`, each sending
 * one packet (duration 10 us) */
static void rtp_channels(struct scenario *s, uint32_t ch, uint64_t stagger_ps)
{
	one_rtp_packet(s);
	s->rtp[0].channels = ch;
	s->rtp[0].stagger_ps = stagger_ps;
	s->rtp[0].duration_ps = 10000000;
}

/* rt-tx's wire term of s (frames ahead, ours to its FCS), into *r */
static const struct bound_term *tx_wire_term(const struct scenario *s, struct bound_result *r)
{
	char err[256];
	ck_assert_int_eq(bound_compute(s, r, err, sizeof err), 0);
	ck_assert_int_eq(r->c[BC_RT_TX].status, BS_OK);
	const struct bound_term *t = term_of(r, BC_RT_TX, "wire: ");
	ck_assert_ptr_nonnull(t);
	return t;
}

/* rt-tx's bound of rtp_channels() with period ptime_ps */
static uint64_t rtp_tx_bound(uint32_t ch, uint64_t stagger_ps, uint64_t ptime_ps)
{
	struct scenario *s = mk();
	rtp_channels(s, ch, stagger_ps);
	s->rtp[0].ptime_ps = ptime_ps;
	uint64_t b = bound_of(s, BC_RT_TX);
	unmk(s);
	return b;
}

START_TEST(frames_ahead_fixed_point_of_two_steps)
{
	/* Three channels 2 us = 6000 cycles apart (doc/bound.md rt-tx, n: the
	 * least fixed point of n = requests(N + R - c_min) - 1). Defaults at 1
	 * Gbit/s, GP never works. R: one request 1730 (the next stream is 6000
	 * away), its TX completions: the three frames written back in the span
	 * (w + J_tx 98304 + the rounds' spread, past 12000), one run: 1500 +
	 * 3 x 300: R = 4130 (the first round, with no spread known, counts
	 * more and is looser). N for n frames ahead (214 B frames: DMA 1774,
	 * to the FCS 226 x 24 = 5424, with the gap 238 x 24 = 5712):
	 *   n = 0: N 1774 + 5424 = 7198; window 7198 + 4130 - 1730 = 9598:
	 *     offsets 0 and 6000 in it, not 12000: 2 requests, n = 1
	 *   n = 1: N 1774 + 5712 + 5424 = 12910 (rtp_streams_sharing_an_offset);
	 *     window 15310 holds all three: n = 2
	 *   n = 2: N 1774 + 2 x 5712 + 5424 = 18622 (the DMAs, 1774 apart, are
	 *     done before each wire start); three at most: n = 2, settled.
	 * rt-tx = 4130 + 18622 = 22752, 2 RT frames ahead (the frames' own wire
	 * time 2 x 5712 + 5424 = 16848). Stopped after one step the pass would
	 * take the queues' capacity, 64 + 256 - 1 frames ahead. */
	struct scenario *s = mk();
	rtp_channels(s, 3, 2000000);
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 22752);
	struct bound_result r;
	const struct bound_term *t = tx_wire_term(s, &r);
	ck_assert_str_eq(t->name, "wire: 2 RT frames ahead, ours to its FCS (214 B)");
	ck_assert_uint_eq(t->cycles, 16848);
	unmk(s);
}
END_TEST

START_TEST(frames_ahead_requested_within_n_plus_r_less_c_min)
{
	/* Two channels 2.8 us = 8400 cycles apart: the other stream's frame is
	 * ahead of ours only if requested within N + R - c_min (doc/bound.md
	 * rt-tx, n; c_min 1730, one application request). As
	 * frames_ahead_fixed_point_of_two_steps: R = 1730 + 1500 + 2 x 300 =
	 * 3830 (8400 > 3831: one request in it; both frames written back in
	 * the span); n = 0: window 7198 + 3830 - 1730 = 9298 >= 8400: the other
	 * request is in it (less twice c_min, 7568, it would not be), n = 1;
	 * N = 12910, window 15010: still two, settled. rt-tx = 3830 + 12910 =
	 * 16740 (with no frame ahead it would be 3830 + 7198 = 11028). */
	ck_assert_uint_eq(rtp_tx_bound(2, 2800000, 20000000000ull), 16740);
}
END_TEST

START_TEST(c_min_is_the_least_application_cost)
{
	/* RTP beside echo answers: an RT frame ahead was requested at most N +
	 * R - c_min before ours, c_min the least application cost of them
	 * (doc/bound.md rt-tx, n): here the RTP request's 1730, not the echo
	 * job's. cost.rt_echo 300000: an echo job of 300000 + 630 + 100 =
	 * 300730 cycles; one frame of the capture echoed; two RTP channels 50 us
	 * = 150000 cycles apart (period 20 ms). R holds the echo job and both
	 * RTP requests (R >= 300730 > 150000) and the handler, input and TX
	 * completion work of a few frames, under 60000 more whatever the round:
	 * R - c_min >= 300730 + 7198 - 1730 > 150000: both RTP requests and the
	 * echo answer are in the window, 2 frames ahead of ours. With the echo
	 * job's cost as c_min the window would be under 60000 + N (a few frames'
	 * DMA and wire time, under 30000) < 150000: one RTP request and the
	 * answer, 1 frame ahead. */
	char *d = tmpdir();
	struct scenario *s = one_echoed_frame(d);
	s->costs.v[C_RT_ECHO] = 300000;
	rtp_channels(s, 2, 50000000);
	struct bound_result r;
	const struct bound_term *t = tx_wire_term(s, &r);
	ck_assert_msg(strstr(t->name, "wire: 2 RT frames ahead, "), "%s", t->name);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(frames_ahead_at_most_the_queues_capacity)
{
	/* Two channels at the same instant with tx.rt_queue 1 and nic.tx_ring
	 * 1: at most 1 + 1 - 1 = 1 RT frame ahead (doc/bound.md rt-tx, n: at
	 * most tx.rt_queue + nic.tx_ring - 1), here also the other request:
	 * 1 ahead. The run: the second frame waits for the first's slot, freed
	 * only when a TX interrupt cleans its descriptor: the first frame's
	 * last bit at 1730 + 1774 + 5424 = 8928, its write-back's interrupt
	 * nic.tidv = 24576 later at the least, then the second frame's DMA
	 * 1774 and 5424 to its FCS: at least 8928 + 24576 + 7198 = 40702 after
	 * both were requested; the bound holds it. */
	char *d = tmpdir();
	struct scenario *s = mk();
	rtp_channels(s, 2, 0);
	s->costs.v[C_TXS_RT_QUEUE] = 1;
	s->costs.v[C_NIC_TX_RING] = 1;
	struct bound_result r;
	const struct bound_term *t = tx_wire_term(s, &r);
	ck_assert_str_eq(t->name, "wire: 1 RT frame ahead, ours to its FCS (214 B)");
	struct engine_stats st;
	run(s, d, &st);
	ck_assert_uint_eq(st.lat[CLS_RT_TX].count, 2);
	ck_assert_uint_ge(st.lat[CLS_RT_TX].max, 40702);
	ck_assert_uint_le(st.lat[CLS_RT_TX].max, bound_of(s, BC_RT_TX));
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(tx_spread_from_the_least_latency_to_the_fcs)
{
	/* The TX completions count RT frames written back in the span w +
	 * J_tx (98304) from their requests within that span + the spread: the
	 * rt-tx bound less the least request-to-last-bit, the shortest RT
	 * frame to its FCS, 226 x 24 = 5424 (src/bound.c tx_least; doc/bound.md
	 * Notation). One channel of period 35.767 us = 107301 cycles: two
	 * requests in a span of 107300 or more (D = span + 1 cycles in ps),
	 * one below. As tx_completions_counted_from_the_traffic:
	 *   round 1, no spread known: 16128 (the period changes nothing there)
	 *   round 2, spread 16128 - 5424 = 10704: w = 1730: 1730 + 98304 +
	 *     10704 = 110738: two frames, one run: w = 1730 + 1500 + 2 x 300 =
	 *     3830 (112838: still two); the bound 3830 + 7198 = 11028
	 *   round 3, spread 11028 - 5424 = 5604: w = 1730: 105638, one: 3530:
	 *     107438, two: 3830 again, 11028, no gain: the bound is 11028.
	 * Counted to the end of the gap (238 x 24 = 5712) the spread would be
	 * 288 less, round 3 would stop at 3530 (107150 < 107300) and the bound
	 * come to 10728. The item has no end: round 1 counts every frame the
	 * wire allows (one of 10 us makes one request in all, and round 1
	 * would count that one). */
	struct scenario *s = mk();
	rtp_channels(s, 1, 0);
	s->rtp[0].ptime_ps = 35767000;
	s->rtp[0].duration_ps = 0;
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 11028);
	unmk(s);
}
END_TEST

START_TEST(a_command_typed_in_gp_pays_rt_rx_its_switches)
{
	/* An interface command typed in GP (timeline mtu at 0) is GP's work
	 * before the last RT frame: RT's receive path pays the world switches
	 * (doc/bound.md, the processor: "an interface command"). idle_rt_
	 * receive's frame: 1763 + 2 x 2000 + 1500 + 1080 = 8343 (4343 without).
	 * The run: at 0 RT has nothing, the CPU switches to GP (2000), whose
	 * command job runs from 2000: cost.gp_proxy_tx 600 + the channel's
	 * copy 300 + ceil(64 x 0.25) = 16 + its notify (cost.cross_irq) 2000 =
	 * 2916, to 4916; then the switch back to RT (2000), to 6916. The
	 * frame's last bit at 214 x 24 = 5136, its DMA done at 6899: RT runs
	 * the handler from 6916, the input thread after it: delivered at 6916 +
	 * 1500 + 1080 = 9496, 4360 after the last bit, 17 above the bound
	 * without switches. */
	struct scenario *s = mk();
	s->tl = calloc(1, sizeof *s->tl);
	s->tl[0] = (struct scen_tl){.kind = TL_MTU, .num = 1500};
	s->n_tl = 1;
	char *d = tmpdir();
	s->trace = capture(d, (const uint64_t[]){0}, 1);
	bound_then_one_sample(s, d, BC_RT_RX, 8343, 4360);
	free(s->tl);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* A capture in dir of n frames built by build(i, buf) at i x gap_ns. */
static char *capture_built(const char *dir, size_t n, uint64_t gap_ns,
                           size_t (*build)(size_t i, uint8_t *b, size_t cap))
{
	char *p = paths_join(dir, "in.pcap");
	char err[256];
	struct capout *c = capout_open(p, 65535, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	for (size_t i = 0; i < n; i++) {
		uint8_t b[2048];
		size_t len = build(i, b, sizeof b);
		ck_assert_uint_gt(len, 0);
		capout_write(c, 1700000000000000000ull + i * gap_ns, b, (uint32_t)len, (uint32_t)len);
	}
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	return p;
}

/* mk() with GP's SIP engine on `port` and a capture_built() of n frames in d */
static struct scenario *sip_capture(const char *d, uint16_t port, size_t n, uint64_t gap_ns,
                                    size_t (*build)(size_t i, uint8_t *b, size_t cap))
{
	struct scenario *s = mk();
	s->n_sip_ports = 1;
	s->sip_ports = calloc(1, sizeof *s->sip_ports);
	s->sip_ports[0] = port;
	s->trace = capture_built(d, n, gap_ns, build);
	return s;
}

/* unmk() of a sip_capture() scenario, and its capture's directory */
static void sip_unmk(struct scenario *s, char *d)
{
	free(s->sip_ports);
	unmk(s);
	rmtree(d);
	free(d);
}

/* frame i: a TCP SYN (54 bytes) from the peer's port 10000 + i to the
 * host's 5060 */
static size_t tcp_syn(size_t i, uint8_t *b, size_t cap)
{
	return frame_build_tcp(b, cap, HOST, PEER, false, PEER_IP, HOST_IP, (uint16_t)(10000 + i),
	                       5060, 1000, 0, FRAME_TCP_SYN, NULL, 0, 1);
}

START_TEST(more_sip_connections_than_the_engine_keeps)
{
	/* GP's SIP engine on TCP port 5060, and 4097 connections opened (a SYN
	 * each, 1 us apart), one more than src/siptcp.c keeps (SIPTCP_STREAMS
	 * 4096): the last finds no room, so every port may be claimed and each
	 * TCP segment counts for as many SIP messages as may end in it, one per
	 * 20 bytes from its TCP header on, and one more (doc/bound.md,
	 * arrivals): a SYN is 54 - 34 = 20 bytes of TCP, 20 / 20 + 1 = 2
	 * messages; 4097 x 2 = 8194, each up to six port messages RT applies:
	 * RT's control term in rt-tx (one RTP packet sent) 6 x 8194 = 49164
	 * commands of cost.control_apply 1000: 49164000 cycles. */
	char *d = tmpdir();
	struct scenario *s = sip_capture(d, 5060, 4097, 1000, tcp_syn);
	one_rtp_packet(s);
	struct bound_result r;
	char err[256];
	ck_assert_int_eq(bound_compute(s, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.c[BC_RT_TX].status, BS_OK);
	const struct bound_term *t = term_of(&r, BC_RT_TX, "RT control: ");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "RT control: 49164 commands");
	ck_assert_uint_eq(t->cycles, 49164000);
	sip_unmk(s, d);
}
END_TEST

/* frame 0: a SIP INVITE (UDP 6060 -> 6060) whose SDP names port 8000;
 * frame 1: a 202-byte UDP frame from port 40000 to 8000 */
static size_t invite_then_media(size_t i, uint8_t *b, size_t cap)
{
	if (i == 1)
		return frame_build_udp(b, cap, HOST, PEER, false, PEER_IP, HOST_IP, 40000, 8000, NULL,
		                       160, 1);
	char sdp[512], msg[1500];
	sipmsg_sdp(sdp, sizeof sdp, "IP4", "10.0.0.2", 8000, "0");
	size_t n = sipmsg(msg, sizeof msg, "INVITE sip:bob@10.0.0.1 SIP/2.0", "a84b4c76e66710",
	                  "1 INVITE", NULL, sdp);
	return frame_build_udp(b, cap, HOST, PEER, false, PEER_IP, HOST_IP, 6060, 6060,
	                       (const uint8_t *)msg, n, 1);
}

START_TEST(a_claimable_port_is_the_destination)
{
	/* GP's SIP engine on UDP 6060 (not RT's): an INVITE whose SDP names
	 * port 8000, then 10 ms later a frame from port 40000 to 8000, a GP
	 * port the call may claim for RT: that frame may be RT's (doc/bound.md,
	 * arrivals: a UDP frame for GP to a port an SDP names), its source port
	 * is no matter. rt-rx by hand: the DMA busy period from the longest
	 * DMA, the INVITE's (its length below, 14 + 20 + 8 + the message), +
	 * the world switches 2 x 2000 (GP's INVITE before it) + the handler
	 * 1500 + its input work 300 + 150 + 630 + 2 (another trace.offset). */
	char *d = tmpdir();
	struct scenario *s = sip_capture(d, 6060, 2, 10000000, invite_then_media);
	uint8_t b[2048];
	size_t len = invite_then_media(0, b, sizeof b);
	/* DMA: 527 ns + len x 0.3 ns, in cycles at 3 GHz rounded up */
	uint64_t dma = (3 * (527000 + 300 * len) + 999) / 1000;
	ck_assert_uint_eq(bound_of(s, BC_RT_RX), dma + 4000 + 1500 + 1080 + 2);
	sip_unmk(s, d);
}
END_TEST

START_TEST(tx_spread_from_the_shortest_echo_answer)
{
	/* tx_spread_from_the_least_latency_to_the_fcs with an echo answer
	 * shorter than the RTP frame: the least request-to-last-bit is the
	 * shortest RT frame's, the echo answer's 202 B: 214 x 24 = 5136, not
	 * the RTP frame's 5424. echo_round_trip_as_one_stretch's frame, echoed,
	 * and one RTP channel of period 40.367 us = 121101 cycles. R: the RTP
	 * request 1730, the echo job 1030, the frame's handler 1500 and input
	 * 1080, one TX run 1500 and its descriptors (the answer, and one RTP
	 * frame or two: two when the span w + 98304 + the spread is 121100 or
	 * more): 7440 or 7740. N: the answer may be ahead of our RTP frame (or
	 * the RTP frame of our answer), both taken at 214 B: 12910
	 * (rtp_streams_sharing_an_offset). Round 1 (no spread known) counts
	 * every frame the wire allows, 18 or more descriptors: over 25000.
	 *   round 2, spread over 25000 - 5136: w 7440 gives 105744 + that,
	 *     past 121100: two: 7740, the bound 7740 + 12910 = 20650
	 *   round 3, spread 20650 - 5136 = 15514: w = 1730: 115548, one: 7440:
	 *     121258, two: 7740, 20650, no gain: the bound is 20650.
	 * From the RTP frame alone (5424) the spread would be 288 less, round
	 * 3 would stop at 7440 (120970) and the bound come to 20350. */
	char *d = tmpdir();
	struct scenario *s = one_echoed_frame(d);
	one_rtp_packet(s);
	s->rtp[0].ptime_ps = 40367000;
	s->rtp[0].duration_ps = 0;    /* no end: round 1 as above */
	ck_assert_uint_eq(bound_of(s, BC_RT_TX), 20650);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* ---- verify_run's counts, exit status, bound lines and verify.calls
 * verdicts (the mutation run of src/verify.c, its second part):
 * made_up()'s bound handed to verify_run through st->bound, on mk()'s
 * scenario (no capture) with the verify section each test sets. Every
 * expected line is written out by hand from doc/verify.md: the class,
 * gp-tx and per-call verdicts are not counted with the scenario's own
 * checks, and each of them that breaks is exit status 1. ---- */

struct vout {
	int rc;
	char *out;         /* what verify printed to its `out` */
	char txt[8192];    /* DIR/verify.txt */
};

/* One test's folder, scenario (mk()'s), made_up()'s bound and statistics
 * (zero, at 3 GHz). */
struct vfix {
	char *d;
	struct scenario *s;
	struct bound_result r;
	struct engine_stats st;
};

static void vfix_open(struct vfix *f)
{
	f->d = tmpdir();
	f->s = mk();
	made_up(&f->r);
	memset(&f->st, 0, sizeof f->st);
	f->st.hz = 3000000000ull;
}

/* the test's expectations and limits are its own (unmk frees neither) */
static void vfix_close(struct vfix *f)
{
	f->s->expects = NULL;
	f->s->n_expects = 0;
	f->s->droplimits = NULL;
	f->s->n_droplimits = 0;
	unmk(f->s);
	rmtree(f->d);
	free(f->d);
}

/* verify_run_host(f->s, f->st, f->d, out, handed) with f->r as the run's
 * analytic bound */
static void verified(struct vfix *f, uint64_t handed, struct vout *o)
{
	struct bound_once bo = {.done = true};
	bo.r = malloc(sizeof *bo.r);
	ck_assert_ptr_nonnull(bo.r);
	*bo.r = f->r;
	f->st.bound = &bo;
	size_t n = 0;
	FILE *fp = open_memstream(&o->out, &n);
	o->rc = verify_run_host(f->s, &f->st, f->d, fp, handed);
	fclose(fp);
	f->st.bound = NULL;
	bound_once_free(&bo);
	char *vp = paths_join(f->d, "verify.txt");
	read_text(vp, o->txt, sizeof o->txt);
	free(vp);
}

/* one sample of `max` cycles in class cls of st */
static void one_sample(struct engine_stats *st, enum scen_class cls, uint64_t max)
{
	st->lat[cls].count = 1;
	st->lat[cls].max = max;
}

#define TXT_HAS(o, t) ck_assert_msg(strstr((o).txt, t) != NULL, "%s", (o).txt)
#define OUT_HAS(o, t) ck_assert_msg(strstr((o).out, t) != NULL, "%s", (o).out)

START_TEST(bound_verdicts_counted_apart_from_the_checks)
{
	struct vfix f;
	vfix_open(&f);          /* rt-tx 1000 cycles, rt-rx and rt-rtt none */
	f.r.gp_busy = 300;
	struct vout o;
	/* rt-tx 1001 cycles, gp-tx 301: both above, status 1; no check of the
	 * scenario's own, so nothing counted or said about checks */
	one_sample(&f.st, CLS_RT_TX, 1001);
	one_sample(&f.st, CLS_GP_TX, 301);
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "no checks: the scenario has no verify section\n"
	           "bound: 1 RT class against its analytic bound, 1 above\n"
	           "bound: gp-tx (GP's bulk frames) against its analytic bound, above\n");
	OUT_HAS(o, "nicshare verify: 1 RT class above its analytic bound\n"
	           "nicshare verify: gp-tx (GP's bulk frames) above its analytic bound\n");
	ck_assert_msg(strstr(o.out, "check") == NULL, "%s", o.out);
	free(o.out);
	/* rt-tx on its bound, gp-tx above: still status 1 */
	one_sample(&f.st, CLS_RT_TX, 1000);
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "bound: 1 RT class against its analytic bound, 0 above\n"
	           "bound: gp-tx (GP's bulk frames) against its analytic bound, above\n");
	OUT_HAS(o, "bound FAIL  gp-tx: measured max 301 cycles = 100.333 ns, analytic bound 300 "
	           "cycles = 100.000 ns");
	OUT_HAS(o, "nicshare verify: gp-tx (GP's bulk frames) above its analytic bound\n");
	ck_assert_msg(!strstr(o.out, "rt-tx") && !strstr(o.out, "RT class") &&
	              !strstr(o.out, "check"), "%s", o.out);
	free(o.out);
	/* both on their bounds: within, status 0, nothing said */
	one_sample(&f.st, CLS_GP_TX, 300);
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 0);
	TXT_HAS(o, "bound: 1 RT class against its analytic bound, 0 above\n"
	           "bound: gp-tx (GP's bulk frames) against its analytic bound, within\n");
	ck_assert_str_eq(o.out, "");
	free(o.out);
	/* rt-rx given 3000 cycles: two classes, each one cycle above */
	f.r.c[BC_RT_RX].status = BS_OK;
	f.r.c[BC_RT_RX].cycles = 3000;
	f.r.c[BC_RT_RX].nt = 0;
	one_sample(&f.st, CLS_RT_TX, 1001);
	one_sample(&f.st, CLS_RT_RX, 3001);
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "bound: 2 RT classes against their analytic bound, 2 above\n");
	OUT_HAS(o, "nicshare verify: 2 RT classes above their analytic bound\n");
	free(o.out);
	vfix_close(&f);
}
END_TEST

/* The scenario's own checks counted and said (doc/verify.md): one drop
 * limit that holds is "1 check", held; two of which one breaks are "1 of
 * 2 checks broken". */
START_TEST(own_checks_counted_and_said)
{
	struct vfix f;
	vfix_open(&f);
	struct scen_droplimit dl[2] = {{.reason = R_RX_RING_FULL, .max = 0},
	                               {.reason = R_TX_QUEUE_FULL, .max = 0}};
	f.s->droplimits = dl;
	f.s->n_droplimits = 1;
	struct vout o;
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 0);
	TXT_HAS(o, "ok    verify.drops.max.rx-ring-full (default): at most 0, 0 dropped (0 input, "
	           "0 outgoing)\nverify: 1 check, 0 broken\n");
	ck_assert_str_eq(o.out, "nicshare verify: 1 check, held\n");
	free(o.out);
	f.s->n_droplimits = 2;
	f.st.out_drop[R_TX_QUEUE_FULL] = 1;
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "FAIL  verify.drops.max.tx-queue-full (default): at most 0, 1 dropped (0 input, "
	           "1 outgoing)\n");
	TXT_HAS(o, "verify: 2 checks, 1 broken\n");
	OUT_HAS(o, "nicshare verify: 1 of 2 checks broken\n");
	free(o.out);
	vfix_close(&f);
}
END_TEST

/* A computer of a world handed frames from the network: its routing
 * expectation is a broken check saying so, and the analytic bound is not
 * checked, only noted, even with a class above it (doc/verify.md). */
START_TEST(handed_frames_routing_broken_bound_noted)
{
	struct vfix f;
	vfix_open(&f);
	one_sample(&f.st, CLS_RT_TX, 1001);
	struct scen_expect x = {.filter = (char *)"udp", .goes_to = DEC_RT};
	f.s->expects = &x;
	f.s->n_expects = 1;
	struct vout o;
	verified(&f, 1, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "FAIL  verify.routing: not checked: this computer was handed 1 frame from the "
	           "network, which its capture (none) does not hold (routing.tsv numbers them "
	           "among the capture's frames)\n"
	           "bound note  not checked: this computer was handed 1 frame from the network; "
	           "the analysis (doc/bound.md) covers its own capture and traffic only\n"
	           "verify: 1 check, 1 broken\n");
	ck_assert_msg(strstr(o.txt, "bound:") == NULL && strstr(o.txt, "rt-tx") == NULL, "%s",
	              o.txt);
	OUT_HAS(o, "nicshare verify: 1 of 1 check broken\n");
	free(o.out);
	verified(&f, 2, &o);
	TXT_HAS(o, "handed 2 frames from the network, which");
	TXT_HAS(o, "handed 2 frames from the network; the analysis");
	free(o.out);
	vfix_close(&f);
}
END_TEST

/* calls.tsv of call 1 "c1@x", in-delay max 500 ns and out-delay max
 * out_ns ("-" when NULL), then verified() */
static void call_1_verified(struct vfix *f, const char *out_ns, struct vout *o)
{
	write_calls(f->d, (const char *const *const[]){
		(const char *const[]){"call", "1", "call_id", "c1@x", "in_delay_max_ns", "500",
		                      "out_delay_max_ns", out_ns ? out_ns : "-", NULL},
		NULL});
	verified(f, 0, o);
}

/* Per call, against made_up()'s bound: rt-rx has none, rt-tx 1000 cycles
 * = 333.33.. ns, 334 rounded up. A call with only in-delay has nothing to
 * check (a note); with out-delay too, out is checked and the note said;
 * neither is a check of the scenario's own. */
START_TEST(per_call_directions_without_a_class_bound)
{
	struct vfix f;
	vfix_open(&f);
	struct vout o;
	call_1_verified(&f, NULL, &o);
	ck_assert_int_eq(o.rc, 0);
	TXT_HAS(o, "bound note  per call: 1 direction of calls with RTP have no class bound (see "
	           "the rt-rx / rt-tx notes above)\nno checks: the scenario has no verify section\n");
	free(o.out);
	call_1_verified(&f, "334", &o);
	ck_assert_int_eq(o.rc, 0);
	TXT_HAS(o, "bound ok    per call: 1 call direction against their class's bound (in <= "
	           "rt-rx no bound, out <= rt-tx 334 ns), 0 above; some directions have no class "
	           "bound\nno checks: the scenario has no verify section\n");
	ck_assert_str_eq(o.out, "");
	free(o.out);
	call_1_verified(&f, "335", &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "bound FAIL  per call: 1 call direction against their class's bound (in <= "
	           "rt-rx no bound, out <= rt-tx 334 ns), 1 above; some directions have no class "
	           "bound\n        call 1 c1@x: out delay max 335 ns > rt-tx bound\n"
	           "no checks: the scenario has no verify section\n");
	OUT_HAS(o, "nicshare verify: 1 call direction above the class's analytic bound\n");
	free(o.out);
	vfix_close(&f);
}
END_TEST

/* verify.calls over calls.tsv written by hand (doc/verify.md: a call's
 * MOS is its worse direction's, its jitter its larger direction's, its
 * set-up time ok200 - invite cycles; a call without the figure is left
 * out and said; the bound's value held when equal). At 3 GHz:
 *   call 1: MOS min(4.05, 4.41) = 4.05, jitter max(0.242, 0.000) ms =
 *           242us, set-up 4000 - 1000 = 3000 cycles = 1us, 2 early frames;
 *   call 2: MOS 4.41 (in only), jitter 0.100 ms (out only), set-up 5 - 5 =
 *           0 cycles, no early frame;
 *   call 3: no RTP, no 200: no MOS, jitter nor set-up time.
 * Lowest MOS 4.05 over 2 calls, largest jitter 242us over 2, largest
 * set-up 3000 cycles over 2, and its 99th percentile, the nearest rank
 * ceil(0.99 x 2) = 2nd smallest, 3000 too; early frames 2 over 3 calls. */
START_TEST(calls_bounds_by_hand)
{
	struct vfix f;
	vfix_open(&f);
	write_calls(f.d, (const char *const *const[]){
		(const char *const[]){"call", "1", "call_id", "a@x", "in_mos", "4.05", "out_mos", "4.41",
		                      "in_jitter_max_ms", "0.242", "out_jitter_max_ms", "0.000",
		                      "invite", "1000", "ok200", "4000", "early_media_gp", "2", NULL},
		(const char *const[]){"call", "2", "call_id", "b@x", "in_mos", "4.41",
		                      "out_jitter_max_ms", "0.100", "invite", "5", "ok200", "5", NULL},
		(const char *const[]){"call", "3", "call_id", "c@x", "invite", "10", NULL},
		NULL});
	f.s->vcalls[VC_MOS_MIN] = (struct scen_vcall_bound){.set = true, .v = 410};
	f.s->vcalls[VC_JITTER_MAX] = (struct scen_vcall_bound){.set = true, .v = 242000000};
	f.s->vcalls[VC_SETUP_P99] = (struct scen_vcall_bound){.set = true, .v = 1000000};
	f.s->vcalls[VC_SETUP_MAX] = (struct scen_vcall_bound){.set = true, .v = 1000000};
	f.s->vcalls[VC_EARLY_MEDIA_GP] = (struct scen_vcall_bound){.set = true, .v = 1};
	struct vout o;
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "FAIL  verify.calls.mos_min (default): lowest MOS 4.05 over 2 calls, bound MOS "
	           "4.10 (1 call without a MOS: no RTP at RT, or no 200)\n"
	           "      the calls that break it, worst first:\n"
	           "        call 1    Call-ID a@x  MOS 4.05\n"
	           "ok    verify.calls.jitter_max (default): largest 242us over 2 calls, bound 242us "
	           "(1 call without a jitter: no RTP at RT, or no 200)\n"
	           "ok    verify.calls.setup_p99 (default): 99th percentile 1us (3000 cycles) over 2 "
	           "calls, bound 1us (3000.000 cycles) (1 call without a set-up time: no RTP at RT, "
	           "or no 200)\n"
	           "ok    verify.calls.setup_max (default): largest 1us (3000 cycles) over 2 calls, "
	           "bound 1us (3000.000 cycles) (1 call without a set-up time: no RTP at RT, or no "
	           "200)\n"
	           "FAIL  verify.calls.early_media_gp (default): total 2 early-media-gp frames over 3 "
	           "calls, bound 1 early-media-gp frame\n"
	           "      the calls that break it, worst first:\n"
	           "        call 1    Call-ID a@x  2 early-media-gp frames\n"
	           "verify: 5 checks, 2 broken\n");
	free(o.out);
	/* the lowest MOS on its bound: held */
	f.s->vcalls[VC_MOS_MIN].v = 405;
	verified(&f, 0, &o);
	TXT_HAS(o, "ok    verify.calls.mos_min (default): lowest MOS 4.05 over 2 calls, bound MOS "
	           "4.05 (1 call");
	free(o.out);
	vfix_close(&f);
}
END_TEST

/* verify.calls.jitter_p99 over 99 calls of jitter 1us, 2us, ... 99us: the
 * nearest rank is ceil(0.99 x 99) = ceil(98.01) = 99, the largest, 99us,
 * above a bound of 98.5us; only call 99 breaks it, and every call has a
 * jitter (none said to be without). */
START_TEST(calls_jitter_p99_nearest_rank_of_99)
{
	struct vfix f;
	vfix_open(&f);
	char txt[99][3][16];
	const char *kv[99][7];
	const char *const *rows[100];
	for (int i = 0; i < 99; i++) {
		snprintf(txt[i][0], sizeof txt[i][0], "%d", i + 1);
		snprintf(txt[i][1], sizeof txt[i][1], "j%d@x", i + 1);
		snprintf(txt[i][2], sizeof txt[i][2], "0.%03d", i + 1);
		const char *k[7] = {"call", txt[i][0], "call_id", txt[i][1], "in_jitter_max_ms",
		                    txt[i][2], NULL};
		memcpy(kv[i], k, sizeof k);
		rows[i] = kv[i];
	}
	rows[99] = NULL;
	write_calls(f.d, rows);
	f.s->vcalls[VC_JITTER_P99] = (struct scen_vcall_bound){.set = true, .v = 98500000};
	struct vout o;
	verified(&f, 0, &o);
	ck_assert_int_eq(o.rc, 1);
	TXT_HAS(o, "FAIL  verify.calls.jitter_p99 (default): 99th percentile 99us over 99 calls, "
	           "bound 98.5us\n"
	           "      the calls that break it, worst first:\n"
	           "        call 99   Call-ID j99@x  99us\n"
	           "verify: 1 check, 1 broken\n");
	free(o.out);
	vfix_close(&f);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("bound");
	TCase *t = tcase_create("hand");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, idle_rt_receive);
	tcase_add_test(t, a_later_frame_interrupts_only_after_its_dma);
	tcase_add_test(t, no_switch_term_when_gp_never_works);
	tcase_add_test(t, tx_only_runs_raised_tidv_apart);
	tcase_add_test(t, tx_interrupt_due_after_three_rings_of_tidv);
	tcase_add_test(t, rt_tx_behind_one_gp_frame_100mbit);
	tcase_add_test(t, rt_tx_behind_gp_frame_reached);
	tcase_add_test(t, rt_tx_ring_held_by_uncleaned_descriptors);
	tcase_add_test(t, rt_tx_deep_queue_behind_a_one_slot_ring);
	tcase_add_test(t, rt_tx_behind_more_committed_gp_frames_than_worked_out);
	tcase_add_test(t, rt_tx_behind_committed_gp_frames);
	tcase_add_test(t, gp_bulk_way_out_by_hand);
	tcase_add_test(t, tx_completion_runs_held_by_itr);
	tcase_add_test(t, rtp_streams_sharing_an_offset);
	tcase_add_test(t, rtp_streams_one_cycle_apart_in_ps);
	tcase_add_test(t, rt_proxy_tx_under_tdma);
	tcase_add_test(t, rt_proxy_tx_when_channel_2_fills_while_rt_works);
	tcase_add_test(t, tx_completions_counted_from_the_traffic);
	tcase_add_test(t, one_generated_call);
	tcase_add_test(t, far_frames_one_after_another_on_the_wire);
	tcase_add_test(t, our_packet_is_not_also_one_ahead);
	tcase_add_test(t, far_frames_handlers_held_by_itr);
	tcase_add_test(t, a_handler_needs_its_frame_dma_done_in_the_window);
	tcase_add_test(t, committed_gp_frames_of_calls);
	tcase_add_test(t, far_sip_messages_close_together);
	tcase_add_test(t, tdma_slice_wait);
	tcase_add_test(t, a_job_of_no_cycles_still_waits_for_the_dispatcher);
	tcase_add_test(t, a_job_of_no_cycles_after_a_full_slice_waits_for_the_next);
	tcase_add_test(t, interrupt_moderation);
	tcase_add_test(t, an_arp_reply_for_both);
	tcase_add_test(t, windows_are_closed_and_two_cycles_wider);
	tcase_add_test(t, a_frame_behind_another_waits_longest);
	tcase_add_test(t, echo_round_trip_as_one_stretch);
	tcase_add_test(t, echo_answers_of_frames_apart_by_more_than_the_window);
	tcase_add_test(t, overloaded_window_bounded_by_the_ring);
	tcase_add_test(t, overloaded_window_bounded_by_the_ring_under_tdma);
	tcase_add_test(t, the_ring_holds_the_costliest_frames);
	tcase_add_test(t, echo_under_tdma_a_finite_capture_has_a_bound);
	tcase_add_test(t, rtp_under_a_small_tdma_share_has_a_bound);
	tcase_add_test(t, a_bound_in_ns_past_2_to_the_64);
	tcase_add_test(t, refusals);
	tcase_add_test(t, a_bound_past_64_bits_is_no_bound);
	tcase_add_test(t, a_capture_the_engine_refuses_has_no_bound);
	tcase_add_test(t, above_the_bound_is_a_failure_naming_the_frame);
	tcase_add_test(t, a_call_above_its_class_bound_fails_naming_it);
	tcase_add_test(t, routing_offender_stamped_before_the_first_frame);
	tcase_add_test(t, routing_only_matching_nothing_broken_has_no_note);
	tcase_add_test(t, routing_offenders_to_the_ns);
	/* the mutation run of src/bound.c */
	tcase_add_test(t, printout_of_a_bound_made_by_hand);
	tcase_add_test(t, verify_lines_of_a_bound_made_by_hand);
	tcase_add_test(t, rx_dma_of_a_full_ring);
	tcase_add_test(t, rtt_of_an_echo_beside_rtp_and_without_rx);
	tcase_add_test(t, refusal_under_tdma_names_its_sources);
	tcase_add_test(t, echo_under_tdma_keeps_the_slice_wait);
	tcase_add_test(t, frames_ahead_fixed_point_of_two_steps);
	tcase_add_test(t, frames_ahead_requested_within_n_plus_r_less_c_min);
	tcase_add_test(t, c_min_is_the_least_application_cost);
	tcase_add_test(t, frames_ahead_at_most_the_queues_capacity);
	tcase_add_test(t, tx_spread_from_the_least_latency_to_the_fcs);
	tcase_add_test(t, a_command_typed_in_gp_pays_rt_rx_its_switches);
	tcase_add_test(t, more_sip_connections_than_the_engine_keeps);
	tcase_add_test(t, a_claimable_port_is_the_destination);
	tcase_add_test(t, tx_spread_from_the_shortest_echo_answer);
	/* the mutation run of src/verify.c, second part */
	tcase_add_test(t, bound_verdicts_counted_apart_from_the_checks);
	tcase_add_test(t, own_checks_counted_and_said);
	tcase_add_test(t, handed_frames_routing_broken_bound_noted);
	tcase_add_test(t, per_call_directions_without_a_class_bound);
	tcase_add_test(t, calls_bounds_by_hand);
	tcase_add_test(t, calls_jitter_p99_nearest_rank_of_99);
	suite_add_tcase(su, t);
	return check_run(su);
}
