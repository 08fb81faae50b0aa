/* check_node.c - a node as an object: two nodes in one process, stepped
 * alternately to arbitrary horizons, give byte for byte the outputs each
 * gives when run alone; frames one node puts on the wire, handed to
 * another, arrive with the latency computed by hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/cost.h"
#include "model/frame.h"
#include "src/engine.h"
#include "src/paths.h"
#include "src/node.h"
#include "src/outputs.h"
#include "src/scenario.h"
#include "src/tracew.h"

#include "checkrun.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define TRACES ((1u << OUT_ROUTING) | (1u << OUT_EVENTS) | (1u << OUT_LATENCY) | \
                (1u << OUT_DISPATCH) | (1u << OUT_CAPTURES))

static struct scenario *load(const char *file, const char *const *set, size_t nset)
{
	char path[1024];
	if (file)
		snprintf(path, sizeof path, "%s/scenarios/%s", NS_SRCDIR, file);
	struct scenario *s = scenario_load(file ? path : NULL, set, nset, stderr);
	ck_assert_msg(s != NULL, "cannot load %s", file ? file : "(default)");
	return s;
}

static char *mkdir_in(const char *base, const char *name)
{
	char *d = paths_join(base, name);
	ck_assert_int_eq(mkdir(d, 0755), 0);
	return d;
}

static void rmtree(const char *d)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
}

static bool same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	ck_assert_msg(fa && fb, "missing %s or %s", a, b);
	int ca, cb;
	long n = 0;
	do {
		ca = fgetc(fa);
		cb = fgetc(fb);
		n++;
	} while (ca == cb && ca != EOF);
	fclose(fa);
	fclose(fb);
	return ca == cb && n > 1;
}

static void run_alone(const struct scenario *sc, const char *dir)
{
	struct engine_opts o = {.outdir = dir, .outputs = TRACES, .quiet = true};
	struct engine_stats st;
	FILE *err = fopen("/dev/null", "w");
	ck_assert_int_eq(engine_run(sc, &o, &st, err), 0);
	fclose(err);
}

START_TEST(two_nodes_stepped_alternately)
{
	char t[] = "/tmp/nicshare-node-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(t));
	/* two different computers: TDMA with a capture and generated traffic,
	 * and the echo responder cut by run.duration (the unfinished path) */
	const char *seta[] = {"run.duration=150ms"};
	struct scenario *sa = load("tdma-vs-priority.yaml", NULL, 0);
	struct scenario *sb = load("echo-rtt.yaml", seta, 1);
	char *a1 = mkdir_in(t, "a1"), *b1 = mkdir_in(t, "b1");
	char *a2 = mkdir_in(t, "a2"), *b2 = mkdir_in(t, "b2");
	run_alone(sa, a1);
	run_alone(sb, b1);

	struct node_opts no = {NULL, NULL, false, NULL, NULL, false};
	char err[512];
	struct node *na = node_create(sa, &no, err, sizeof err);
	ck_assert_msg(na != NULL, "%s", err);
	struct node *nb = node_create(sb, &no, err, sizeof err);
	ck_assert_msg(nb != NULL, "%s", err);
	struct tracew *wa = tracew_open(a2, TRACES, node_trace(na), &sa->costs, err, sizeof err);
	struct tracew *wb = tracew_open(b2, TRACES, node_trace(nb), &sb->costs, err, sizeof err);
	ck_assert(wa && wb);
	node_start(na);
	node_start(nb);
	__int128 ea, eb;
	bool ca = node_epoch_ns(na, &ea), cb = node_epoch_ns(nb, &eb);
	tracew_set_clock(wa, ca, ea, sa->trace_offset_ps);
	tracew_set_clock(wb, cb, eb, sb->trace_offset_ps);
	/* horizons every 7919 x 1009 cycles (~2.7 ms, prime so as to fall
	 * anywhere in jobs, slices and frames), alternating */
	int ra = 0, rb = 0, steps = 0;
	uint64_t h = 0;
	while (!node_quiet(na) || !node_quiet(nb)) {
		h += 7919ull * 1009;
		steps++;
		if (ra == 0)
			ra = node_run_until(na, h);
		if (rb == 0)
			rb = node_run_until(nb, h);
		if (ra < 0 || rb < 0 || (ra == 0 && !node_quiet(na) && node_now(na) != h))   /* paused at h */
			ck_abort_msg("step %d to %llu: %d %d", steps, (unsigned long long)h, ra, rb);
	}
	ck_assert_int_gt(steps, 10);
	/* nothing can reach them any more: run to the end */
	ck_assert_int_eq(node_run_until(na, UINT64_MAX), 1);
	ck_assert_int_eq(node_run_until(nb, UINT64_MAX), 1);
	ck_assert_int_eq(node_finish(na, stderr), 0);
	ck_assert_int_eq(node_finish(nb, stderr), 0);
	ck_assert_int_eq(tracew_close(wa, true, stderr), 0);
	ck_assert_int_eq(tracew_close(wb, true, stderr), 0);
	static const char *const files[] = {"routing.tsv", "events.tsv", "latency.tsv", "dispatch.tsv",
	                                    "wire-tx.pcap", "rt-rx.pcap", "gp-rx.pcap"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *x1 = paths_join(a1, files[i]), *x2 = paths_join(a2, files[i]);
		char *y1 = paths_join(b1, files[i]), *y2 = paths_join(b2, files[i]);
		ck_assert_msg(same_file(x1, x2), "node A: %s differs when stepped", files[i]);
		ck_assert_msg(same_file(y1, y2), "node B: %s differs when stepped", files[i]);
		free(x1);
		free(x2);
		free(y1);
		free(y2);
	}
	node_destroy(na);
	node_destroy(nb);
	scenario_free(sa);
	scenario_free(sb);
	rmtree(t);
	free(a1);
	free(a2);
	free(b1);
	free(b2);
}
END_TEST

struct lat_rec { uint64_t n, id[8], cyc[8]; };
static void grab_latency(void *ctx, enum scen_class cls, uint64_t id, bool tx, uint64_t start,
                         uint64_t end)
{
	struct lat_rec *r = ctx;
	if (cls == CLS_RT_RX && !tx && r->n < 8) {
		r->id[r->n] = id;
		r->cyc[r->n++] = end - start;
	}
}

START_TEST(frames_handed_between_nodes)
{
	/* A sends three RTP packets (G.711, 20 ms, 160 payload bytes) to B;
	 * the test plays a link of 1 ms between them. */
	const char *seta[] = {
		"traffic.rtp.0.dst_mac=02:00:00:00:00:02", "traffic.rtp.0.dst_ip=10.0.0.2",
		"traffic.rtp.0.sport=5004", "traffic.rtp.0.dport=5006", "traffic.rtp.0.ptime=20ms",
		"traffic.rtp.0.payload=160", "traffic.rtp.0.start=0s", "traffic.rtp.0.duration=60ms",
	};
	const char *setb[] = {"host.mac=02:00:00:00:00:02", "host.ipv4=10.0.0.2"};
	struct scenario *sa = load(NULL, seta, sizeof seta / sizeof seta[0]);
	struct scenario *sb = load(NULL, setb, 2);
	struct node_opts oa = {NULL, NULL, true, NULL, NULL, false};
	struct node_opts ob = {NULL, NULL, false, NULL, NULL, false};
	char err[512];
	struct node *na = node_create(sa, &oa, err, sizeof err);
	struct node *nb = node_create(sb, &ob, err, sizeof err);
	ck_assert(na && nb);
	struct lat_rec lr = {0};
	trace_on_latency(node_trace(nb), grab_latency, &lr);
	node_start(na);
	node_start(nb);
	const uint64_t link = 3000000;     /* 1 ms at 3 GHz */
	int ra = 0, sent = 0;
	/* conservative steps of the link latency: what A sends before h
	 * reaches B at or after h */
	for (uint64_t h = link; !node_quiet(na) || sent < 3; h += link) {
		if (ra == 0)
			ra = node_run_until(na, h);
		struct node_txf f;
		while (node_tx_take(na, &f)) {
			/* 214 bytes: 42 + 12 RTP + 160; first to last bit = (8 + 214
			 * + 4) x 8 = 1808 bits = 1808 ns at 1 Gbit/s = 5424 cycles */
			ck_assert_uint_eq(f.wirelen, 214);
			ck_assert_uint_eq(f.last_bit - f.first_bit, 5424);
			ck_assert_int_eq(node_hand(nb, f.data, f.caplen, f.wirelen, f.last_bit + link), 0);
			sent++;
		}
		if (node_run_until(nb, h) < 0 || h > 1000ull * link)
			ck_abort_msg("node B at %llu", (unsigned long long)h);
	}
	ck_assert_int_eq(node_run_until(nb, UINT64_MAX), 1);
	ck_assert_int_eq(node_finish(na, stderr), 0);
	ck_assert_int_eq(node_finish(nb, stderr), 0);
	/* at B, idle: DMA of 214 bytes = 527 + 214 x 0.3 = 591.2 ns = 1773.6
	 * -> 1774 cycles; + handler 1500 + input 300 + classify 150 +
	 * delivery 630 = 4354 cycles, for each of the three */
	ck_assert_uint_eq(lr.n, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(lr.id[i], (uint64_t)i + 1);
		ck_assert_uint_eq(lr.cyc[i], 1774 + 1500 + 300 + 150 + 630);
	}
	struct node_stats st;
	node_stats(nb, &st);
	ck_assert_uint_eq(st.frames, 3);
	ck_assert_uint_eq(st.acct.dec[DEC_RT], 3);
	node_stats(na, &st);
	ck_assert_uint_eq(st.acct.out_sent, 3);
	node_destroy(na);
	node_destroy(nb);
	scenario_free(sa);
	scenario_free(sb);
}
END_TEST

/* node_tx_take: a frame's bytes are the caller's until the next take,
 * however many frames the node sends meanwhile (the outbox reuses its
 * buffers: this checks none is reused early or handed out twice). One
 * RTP channel, a packet every 1 ms for 400 ms: the test takes one frame
 * per 3 ms of the node's run up to 300 ms, so the outbox grows past its
 * first 64 slots; then it takes every frame waiting and runs the node 70
 * ms more (70 frames: more than the 64 slots in which a buffer handed
 * out and still in a slot would come round again); then the rest.
 * Channel 0's RTP sequence numbers start at 0 and go up by one
 * (traffic.c), at bytes 44-45 (14 + 20 + 8 + 2). */
START_TEST(outbox_frames_stay_until_next_take)
{
	const char *seta[] = {
		"traffic.rtp.0.dst_mac=02:00:00:00:00:02", "traffic.rtp.0.dst_ip=10.0.0.2",
		"traffic.rtp.0.sport=5004", "traffic.rtp.0.dport=5006", "traffic.rtp.0.ptime=1ms",
		"traffic.rtp.0.payload=8", "traffic.rtp.0.start=0s", "traffic.rtp.0.duration=400ms",
	};
	struct scenario *sa = load(NULL, seta, sizeof seta / sizeof seta[0]);
	struct node_opts oa = {NULL, NULL, true, NULL, NULL, false};
	char err[512];
	struct node *na = node_create(sa, &oa, err, sizeof err);
	ck_assert(na);
	node_start(na);
	const uint64_t ms = 3000000;      /* 1 ms at 3 GHz */
	uint8_t copy[64];
	struct node_txf f, prev = {0};
	uint32_t k = 0;
	for (uint64_t h = 3 * ms; h <= 300 * ms; h += 3 * ms) {
		ck_assert_int_ge(node_run_until(na, h), 0);
		if (prev.data)    /* the last frame taken, untouched by the run */
			ck_assert_mem_eq(prev.data, copy, prev.caplen);
		ck_assert(node_tx_take(na, &f));
		ck_assert_uint_eq(f.caplen, 62);            /* 42 + 12 + 8 */
		ck_assert_uint_eq((uint32_t)(f.data[44] << 8 | f.data[45]), k++);
		memcpy(copy, f.data, f.caplen);
		prev = f;
	}
	for (int phase = 0; phase < 2; phase++) {
		while (node_tx_take(na, &f)) {
			ck_assert_uint_eq((uint32_t)(f.data[44] << 8 | f.data[45]), k++);
			ck_assert(f.data != prev.data);
			memcpy(copy, f.data, f.caplen);
			prev = f;
		}
		ck_assert_int_ge(node_run_until(na, phase ? UINT64_MAX : 370 * ms), 0);
		ck_assert_mem_eq(prev.data, copy, prev.caplen);
	}
	while (node_tx_take(na, &f))
		ck_assert_uint_eq((uint32_t)(f.data[44] << 8 | f.data[45]), k++);
	ck_assert_uint_eq(k, 400);
	ck_assert_int_eq(node_finish(na, stderr), 0);
	node_destroy(na);
	scenario_free(sa);
}
END_TEST

struct deliv { int n; uint64_t id[4], port[4], t[4]; };
static void grab_deliver(void *ctx, const struct trace_stage *st)
{
	struct deliv *d = ctx;
	if (!strcmp(st->stage, "rt-deliver") && d->n < 4) {
		d->id[d->n] = st->id;
		d->port[d->n] = st->v;
		d->t[d->n++] = st->t;
	}
}

/* Frames may be handed in any order of their arrival times (a world hands
 * what each link delivers): each arrives at its own time with its own
 * bytes, and is numbered as it arrives. The frame to RT port 5004 is
 * handed first for cycle 2,000,000, the one to 5006 second for cycle
 * 1,000,000: the second is frame 1, delivered first, to 5006, 4354 cycles
 * after its arrival (idle RT: DMA of 214 bytes 1774 + handler 1500 + read
 * and classify 450 + delivery 630). */
START_TEST(frames_handed_out_of_order)
{
	const char *setb[] = {"host.mac=02:00:00:00:00:02", "host.ipv4=10.0.0.2"};
	struct scenario *sb = load(NULL, setb, 2);
	struct node_opts ob = {NULL, NULL, false, NULL, NULL, false};
	char err[512];
	struct node *nb = node_create(sb, &ob, err, sizeof err);
	ck_assert(nb != NULL);
	struct deliv dv = {0};
	trace_on_stage(node_trace(nb), grab_deliver, &dv);
	node_start(nb);
	static const uint8_t a[6] = {2, 0, 0, 0, 0, 1}, b[6] = {2, 0, 0, 0, 0, 2};
	static const uint8_t ia[16] = {10, 0, 0, 1}, ib[16] = {10, 0, 0, 2};
	uint8_t f1[256], f2[256], pl[172] = {0x80};
	size_t n1 = frame_build_udp(f1, sizeof f1, b, a, false, ia, ib, 5004, 5004, pl, sizeof pl, 1);
	size_t n2 = frame_build_udp(f2, sizeof f2, b, a, false, ia, ib, 5006, 5006, pl, sizeof pl, 2);
	ck_assert_uint_eq(n1, 214);
	ck_assert_int_eq(node_hand(nb, f1, (uint32_t)n1, (uint32_t)n1, 2000000), 0);
	ck_assert_int_eq(node_hand(nb, f2, (uint32_t)n2, (uint32_t)n2, 1000000), 0);
	ck_assert_int_eq(node_run_until(nb, UINT64_MAX), 1);
	ck_assert_int_eq(node_finish(nb, stderr), 0);
	ck_assert_int_eq(dv.n, 2);
	ck_assert_uint_eq(dv.id[0], 1);
	ck_assert_uint_eq(dv.port[0], 5006);
	ck_assert_uint_eq(dv.t[0], 1000000 + 4354);
	ck_assert_uint_eq(dv.id[1], 2);
	ck_assert_uint_eq(dv.port[1], 5004);
	ck_assert_uint_eq(dv.t[1], 2000000 + 4354);
	node_destroy(nb);
	scenario_free(sb);
}
END_TEST

/* The number of a frame from elsewhere does not depend on how early it was
 * handed (a world hands a window's frames at its start, and windows are 1 ns
 * or 20 ms long depending on the network: worldvary seed 94 #5 numbered a
 * computer's frames differently on SimGrid and exact). default.yaml's
 * capture has its first two frames in at cycles 9,552 and 749,880; the
 * third is read, and numbered 3, when the second has arrived. A frame in at
 * cycle 1,000,000 is therefore frame 4, whether handed before the run or at
 * cycle 900,000. (Numbered when handed, it was frame 2 in the first case:
 * only the first capture frame had been read.) */
/* The frames "rx" records at cycle `at` (at most 4, their numbers), in
 * default.yaml's node, when a UDP frame in at `at` is handed at cycle
 * `hand` (0: before the run) and the node runs to `until`. */
struct rxs { uint64_t at; int n; uint64_t id[4]; };
static void grab_rx(void *ctx, const struct trace_stage *st)
{
	struct rxs *r = ctx;
	if (!strcmp(st->stage, "rx") && st->t == r->at && r->n < 4)
		r->id[r->n++] = st->id;
}

/* The run's return in *rc_end; when `until` was UINT64_MAX, run again to
 * cycle 5, which must say the node has ended too (node.h: 1 once ended,
 * whatever cycle is asked). */
static struct rxs handed_until(uint64_t hand, uint64_t at, uint64_t until, int *rc_end)
{
	static const uint8_t a[6] = {2, 0, 0, 0, 0, 9}, b[6] = {2, 0, 0, 0, 0, 1};
	static const uint8_t ia[16] = {10, 0, 0, 9}, ib[16] = {10, 0, 0, 1};
	uint8_t f[256], pl[172] = {0x80};
	size_t n = frame_build_udp(f, sizeof f, b, a, false, ia, ib, 5086, 5086, pl, sizeof pl, 1);
	struct scenario *sc = load("default.yaml", NULL, 0);
	struct node_opts o = {NULL, NULL, false, NULL, NULL, false};
	char err[512];
	struct node *nd = node_create(sc, &o, err, sizeof err);
	ck_assert_msg(nd != NULL, "%s", err);
	struct rxs r = {at, 0, {0}};
	trace_on_stage(node_trace(nd), grab_rx, &r);
	node_start(nd);
	if (hand)
		ck_assert_int_eq(node_run_until(nd, hand), 0);
	ck_assert_int_eq(node_hand(nd, f, (uint32_t)n, (uint32_t)n, at), 0);
	*rc_end = node_run_until(nd, until);
	if (*rc_end == 0)
		ck_assert_uint_eq(node_now(nd), until);
	if (until == UINT64_MAX)
		ck_assert_int_eq(node_run_until(nd, 5), *rc_end);
	node_destroy(nd);
	scenario_free(sc);
	return r;
}

/* The same run to 2,000,000, where it pauses. */
static struct rxs handed_at(uint64_t hand, uint64_t at)
{
	int rc;
	struct rxs r = handed_until(hand, at, 2000000, &rc);
	ck_assert_int_eq(rc, 0);
	return r;
}

START_TEST(a_handed_frame_is_numbered_when_it_arrives)
{
	static const uint64_t hand[2] = {0, 900000};
	for (int k = 0; k < 2; k++) {
		struct rxs r = handed_at(hand[k], 1000000);
		ck_assert_msg(r.n == 1 && r.id[0] == 4, "handed at %llu: frame %llu in at 1,000,000",
		              (unsigned long long)hand[k], (unsigned long long)r.id[0]);
	}
}
END_TEST

/* A handed frame whose last bit is in at the same cycle as a capture frame's
 * (default.yaml's second, at 749,880) arrives after it, however early it
 * was handed: its event was ordered by when it was handed, so handed before
 * the run it came first (before the capture frame's event, scheduled when
 * the first arrived at 9,552), handed at cycle 700,000 second. By hand:
 * the capture frame is frame 2; at its arrival frame 3 is read; the
 * handed frame, numbered as it arrives, is frame 4. */
START_TEST(a_handed_frame_comes_last_at_its_cycle)
{
	static const uint64_t hand[2] = {0, 700000};
	for (int k = 0; k < 2; k++) {
		struct rxs r = handed_at(hand[k], 749880);
		ck_assert_msg(r.n == 2 && r.id[0] == 2 && r.id[1] == 4,
		              "handed at %llu: frames %llu, %llu in at 749,880",
		              (unsigned long long)hand[k], (unsigned long long)r.id[0],
		              (unsigned long long)r.id[1]);
	}
}
END_TEST

/* node.h: node_run_until runs every event at or before its cycle. A frame
 * handed to arrive at 1,000,000, the run paused at exactly 1,000,000: its
 * "rx" is recorded there (frame 4, as above), and the clock is 1,000,000.
 * Run to the end, the node says it has ended (1), and says so again when
 * asked to run to cycle 5. */
START_TEST(a_run_until_a_cycle_takes_its_events)
{
	int rc;
	struct rxs r = handed_until(0, 1000000, 1000000, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(r.n == 1 && r.id[0] == 4, "run to 1,000,000: %d frames in at it", r.n);
	r = handed_until(0, 1000000, UINT64_MAX, &rc);
	ck_assert_int_eq(rc, 1);
	ck_assert_int_eq(r.n, 1);
}
END_TEST

/* The stop flag is looked at every 4096 events (doc/engine.md,
 * "Interruption"): set before the run, default.yaml's node (86,387 events
 * in its golden) stops at its 4096th event, not run, with the message;
 * and the progress tick comes every 2^18 events (node.h): default.yaml
 * with its TCP stream 8 s long has more than 2^18, and the tick is called
 * events >> 18 times, the frames it is given never going back. */
static void count_tick(void *ctx, uint64_t frames, uint64_t now)
{
	uint64_t *c = ctx;        /* calls, then the last frames given */
	(void)now;
	ck_assert_uint_ge(frames, c[1]);
	c[0]++;
	c[1] = frames;
}

START_TEST(stop_looked_at_every_4096_events_and_tick_every_2_18)
{
	char err[512];
	struct scenario *sc = load("default.yaml", NULL, 0);
	volatile sig_atomic_t stop = 1;
	struct node_opts o = {NULL, &stop, false, NULL, NULL, false};
	struct node *nd = node_create(sc, &o, err, sizeof err);
	ck_assert_msg(nd != NULL, "%s", err);
	node_start(nd);
	ck_assert_int_eq(node_run_until(nd, UINT64_MAX), -1);
	ck_assert_ptr_nonnull(strstr(node_error(nd), "interrupted at cycle"));
	struct node_stats st;
	node_stats(nd, &st);
	ck_assert_uint_eq(st.events, 4096);
	node_destroy(nd);
	scenario_free(sc);

	const char *set[] = {"traffic.bulk.0.duration=8s"};
	sc = load("default.yaml", set, 1);
	uint64_t c[2] = {0, 0};
	struct node_opts ot = {NULL, NULL, false, count_tick, c, false};
	nd = node_create(sc, &ot, err, sizeof err);
	ck_assert_msg(nd != NULL, "%s", err);
	node_start(nd);
	ck_assert_int_eq(node_run_until(nd, UINT64_MAX), 1);
	node_stats(nd, &st);
	ck_assert_uint_ge(st.events, 1u << 18);
	ck_assert_uint_eq(c[0], st.events >> 18);
	node_destroy(nd);
	scenario_free(sc);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("node");
	TCase *t = tcase_create("node");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, two_nodes_stepped_alternately);
	tcase_add_test(t, frames_handed_between_nodes);
	tcase_add_test(t, outbox_frames_stay_until_next_take);
	tcase_add_test(t, frames_handed_out_of_order);
	tcase_add_test(t, a_handed_frame_is_numbered_when_it_arrives);
	tcase_add_test(t, a_handed_frame_comes_last_at_its_cycle);
	tcase_add_test(t, a_run_until_a_cycle_takes_its_events);
	tcase_add_test(t, stop_looked_at_every_4096_events_and_tick_every_2_18);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(suite());
}
