/* check_engine.c - the engine against numbers computed by hand from the
 * cost table: one frame on an idle machine, GP work preempted by RT and
 * resumed with exactly its remaining cycles, an RT frame waiting behind a
 * GP frame already on the wire, conservation, and byte-identical outputs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/cost.h"
#include "model/frame.h"
#include "model/wire.h"
#include "src/capout.h"
#include "src/engine.h"
#include "src/paths.h"
#include "src/outputs.h"
#include "src/scenario.h"
#include "tests/simtest.h"

#include "checkrun.h"

struct inframe { uint64_t ns; int udp; uint16_t dport; size_t payload; };

/* dir/in.pcap, open for writing (its path in *p, the caller's). */
static struct capout *cap_open(const char *dir, char **p)
{
	*p = paths_join(dir, "in.pcap");
	char err[256];
	struct capout *c = capout_open(*p, 65535, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	return c;
}

static void cap_close(struct capout *c)
{
	char err[256];
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
}

/* Write a capture of the given frames (to the host, from PEER). */
static char *write_capture(const char *dir, const struct inframe *f, size_t n)
{
	char *p;
	struct capout *c = cap_open(dir, &p);
	for (size_t i = 0; i < n; i++) {
		uint8_t b[2048];
		size_t len = f[i].udp
			? frame_build_udp(b, sizeof b, HOST, PEER, false, PEER_IP, HOST_IP, 40000,
			                  f[i].dport, NULL, f[i].payload, 1)
			: frame_build_tcp(b, sizeof b, HOST, PEER, false, PEER_IP, HOST_IP, 40000,
			                  f[i].dport, 1, 1, FRAME_TCP_ACK, NULL, f[i].payload, 1);
		ck_assert_uint_gt(len, 0);
		capout_write(c, 1700000000000000000ull + f[i].ns, b, (uint32_t)len, (uint32_t)len);
	}
	cap_close(c);
	return p;
}

static int run(struct scenario *s, const char *out)
{
	struct engine_opts o = {.outdir = out, .outputs = OUT_ALL, .quiet = true};
	struct engine_stats st;
	FILE *err = fopen("/dev/null", "w");
	int rc = engine_run(s, &o, &st, err);
	fclose(err);
	return rc;
}

/* Run s into a fresh directory d/name, which must succeed; the path is
 * returned (caller frees). */
static char *run_into(struct scenario *s, const char *d, const char *name)
{
	char *out = paths_join(d, name);
	struct outdir_run od;
	char err[256];
	ck_assert_msg(outdir_prepare(out, false, &od, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(run(s, out), 0);
	ck_assert_msg(outdir_keep(out, &od, err, sizeof err) == 0, "%s", err);
	return out;
}

/* latency.tsv: the cycles of the first line with this frame id and class */
static long long latency_of(const char *out, const char *frame, const char *cls)
{
	char *p = paths_join(out, "latency.tsv");
	FILE *f = fopen(p, "r");
	free(p);
	ck_assert_ptr_nonnull(f);
	char line[256], fr[32], c[32];
	unsigned long long s, e, cyc;
	long long r = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%31s\t%31s\t%llu\t%llu\t%llu", fr, c, &s, &e, &cyc) == 5 &&
		    !strcmp(fr, frame) && !strcmp(c, cls)) {
			r = (long long)cyc;
			break;
		}
	fclose(f);
	return r;
}

/* events.tsv: the cycle of the first line with this frame id and stage;
 * *detail receives its detail column as a number when numeric. */
static long long event_of(const char *out, const char *frame, const char *stage,
                          unsigned long long *detail)
{
	char *p = paths_join(out, "events.tsv");
	FILE *f = fopen(p, "r");
	free(p);
	ck_assert_ptr_nonnull(f);
	char line[256], fr[32], st[32], det[64];
	unsigned long long cyc;
	long long r = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%llu\t%31s\t%31s\t%63s", &cyc, fr, st, det) == 4 && !strcmp(fr, frame) &&
		    !strcmp(st, stage)) {
			r = (long long)cyc;
			if (detail)
				*detail = strtoull(det, NULL, 10);
			break;
		}
	fclose(f);
	return r;
}

static uint64_t C(const struct scenario *s, enum cost_id id) { return cost_cycles(&s->costs, id); }

static uint64_t copy_cycles(const struct scenario *s, uint32_t len, int notify)
{
	return s->costs.v[C_PROXY_FIXED] + (len * s->costs.v[C_PROXY_PER_BYTE] + 999) / 1000 +
	       (notify ? s->costs.v[C_CROSS_IRQ] : 0);
}

/* Frame lengths as the builders make them: 14 + 20 + 8 + payload (UDP),
 * 14 + 20 + 20 + payload (TCP). */
#define UDP_LEN(p) (42u + (p))
#define TCP_LEN(p) (54u + (p))

START_TEST(rt_frame_idle_machine)
{
	/* moderation off: exactly DMA + handler + input + classify + delivery */
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{0, 1, 5004, 160}};
	s->trace = write_capture(d, f, 1);
	char *out = run_into(s, d, "out");
	uint64_t expect = cost_dma_cycles(&s->costs, UDP_LEN(160)) + C(s, C_RT_IRQ) +
	                  C(s, C_RT_INPUT) + C(s, C_CLASSIFY) + C(s, C_RT_DELIVER);
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), (long long)expect);
	/* and by hand from the published defaults: DMA of 202 B = 527 + 202 x 0.3
	 * = 587.6 ns = 1762.8 -> 1763 cycles; + 1500 + 300 + 150 + 630 */
	ck_assert_uint_eq(expect, 1763 + 1500 + 300 + 150 + 630);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(gp_frame_idle_machine)
{
	/* RT handles it, copies it into channel 1 (notifying GP, which is
	 * asleep), the dispatcher switches to GP, GP's proxy and stack deliver */
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{0, 0, 80, 1000}};
	s->trace = write_capture(d, f, 1);
	char *out = run_into(s, d, "out");
	uint32_t len = TCP_LEN(1000);
	uint64_t expect = cost_dma_cycles(&s->costs, len) + C(s, C_RT_IRQ) + C(s, C_RT_INPUT) +
	                  C(s, C_CLASSIFY) + copy_cycles(s, len, 1) + C(s, C_WORLD_SWITCH) +
	                  C(s, C_GP_PROXY_RX) + C(s, C_GP_STACK_RX) + C(s, C_GP_DELIVER);
	ck_assert_int_eq(latency_of(out, "1", "gp-rx"), (long long)expect);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(gp_preempted_resumes_exactly)
{
	/* Frame 1 (TCP, to GP), then frame 2 (RT) arriving while GP's stack is
	 * running frame 1: GP loses exactly the RT work plus two world switches. */
	char *d = tmpdir();
	struct scenario *s = mk();
	uint32_t len1 = TCP_LEN(1000);
	uint64_t hz = s->costs.v[C_CPU_HZ];
	/* GP stack starts for frame 1 at (relative to its last bit): */
	uint64_t gp_stack_start = cost_dma_cycles(&s->costs, len1) + C(s, C_RT_IRQ) +
	                          C(s, C_RT_INPUT) + C(s, C_CLASSIFY) + copy_cycles(s, len1, 1) +
	                          C(s, C_WORLD_SWITCH) + C(s, C_GP_PROXY_RX);
	/* frame 1's last bit: (8 + 1054 + 4 + 12 - 12) bytes... use the wire model */
	struct wire w;
	wire_init(&w, hz, s->costs.v[C_LINK_BPS]);
	uint64_t st1, last1;
	wire_send(&w, 0, len1, &st1, &last1);
	/* frame 2 must complete its DMA 500 cycles into GP's stack work */
	uint32_t len2 = UDP_LEN(160);
	uint64_t dma2 = cost_dma_cycles(&s->costs, len2);
	uint64_t want_dma_done = last1 + gp_stack_start + 500;
	/* choose its capture time in whole ns so that its last bit + DMA lands
	 * there or a little after; then compute the real instant from the model */
	uint64_t ns2 = 0;
	uint64_t st2 = 0, last2 = 0;
	for (ns2 = 0;; ns2++) {
		struct wire w2 = w;
		uint64_t at = ns2 * hz / 1000000000u;
		wire_send(&w2, at, len2, &st2, &last2);
		if (last2 + dma2 >= want_dma_done)
			break;
	}
	struct inframe f[] = {{0, 0, 80, 1000}, {ns2, 1, 5004, 160}};
	s->trace = write_capture(d, f, 2);
	char *out = run_into(s, d, "out");
	uint64_t dma2_done = last2 + dma2;
	ck_assert_uint_gt(dma2_done, last1 + gp_stack_start);
	ck_assert_uint_lt(dma2_done, last1 + gp_stack_start + C(s, C_GP_STACK_RX));
	uint64_t rt_work = C(s, C_RT_IRQ) + C(s, C_RT_INPUT) + C(s, C_CLASSIFY) + C(s, C_RT_DELIVER);
	uint64_t base = gp_stack_start + C(s, C_GP_STACK_RX) + C(s, C_GP_DELIVER);
	ck_assert_int_eq(latency_of(out, "1", "gp-rx"),
	                 (long long)(base + 2 * C(s, C_WORLD_SWITCH) + rt_work));
	/* the RT frame paid one world switch (GP was loaded) and nothing else */
	ck_assert_int_eq(latency_of(out, "2", "rt-rx"), (long long)(dma2 + C(s, C_WORLD_SWITCH) + rt_work));
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* One GP bulk item sending a single UDP frame of frame_size bytes at t=0
 * (1 Mbit/s for 1 us: one frame in the run). */
static void one_bulk_frame(struct scenario *s, uint32_t frame_size)
{
	s->n_bulk = 1;
	s->bulk = calloc(1, sizeof *s->bulk);
	memcpy(s->bulk[0].dst_mac, PEER, 6);
	memcpy(s->bulk[0].dst_ip, PEER_IP, 4);
	s->bulk[0].proto = BULK_UDP;
	s->bulk[0].sport = 40000;
	s->bulk[0].dport = 9;
	s->bulk[0].frame_size = frame_size;
	s->bulk[0].rate_bps = 1000000;
	s->bulk[0].duration_ps = 1000000;
}

/* One RT RTP channel sending a single packet of `payload` bytes at start_ps. */
static void one_rtp_packet(struct scenario *s, uint32_t payload, uint64_t start_ps)
{
	s->n_rtp = 1;
	s->rtp = calloc(1, sizeof *s->rtp);
	memcpy(s->rtp[0].dst_mac, PEER, 6);
	memcpy(s->rtp[0].dst_ip, PEER_IP, 4);
	s->rtp[0].sport = 5004;
	s->rtp[0].dport = 5004;
	s->rtp[0].ptime_ps = 20000000000ull;
	s->rtp[0].payload = payload;
	s->rtp[0].start_ps = start_ps;
	s->rtp[0].duration_ps = 1000000;
	s->rtp[0].channels = 1;
}

START_TEST(rt_waits_rest_of_gp_frame)
{
	/* GP sends one 1514-byte frame at t=0; RT sends an RTP frame 8 us later,
	 * while the GP frame is on the wire. Non-preemptive strict scheduling:
	 * the RT frame's first bit goes out exactly when the GP frame's
	 * inter-frame gap ends. */
	char *d = tmpdir();
	struct scenario *s = mk();
	one_bulk_frame(s, 1514);
	one_rtp_packet(s, 160, 8000000);     /* 8 us */
	char *out = run_into(s, d, "out");
	unsigned long long gp_start = 0, rt_start = 0;
	ck_assert_int_ge(event_of(out, "o1", "tx-dma", &gp_start), 0);
	ck_assert_int_ge(event_of(out, "o2", "tx-dma", &rt_start), 0);
	uint64_t hz = s->costs.v[C_CPU_HZ];
	uint64_t gp_hold = wire_muldiv_ceil(wire_bytes(1514) * 8, hz, s->costs.v[C_LINK_BPS]);
	/* the RT request came while the GP frame was on the wire */
	uint64_t rt_req = 8000000ull * hz / 1000000000000ull;
	ck_assert_uint_gt(rt_req, gp_start);
	ck_assert_uint_lt(rt_req, gp_start + gp_hold);
	ck_assert_uint_eq(rt_start, gp_start + gp_hold);
	/* RT transmit latency: from its request to its last bit */
	uint64_t rt_len = UDP_LEN(172);
	uint64_t rt_last = wire_muldiv_ceil(wire_bytes(1514) * 8 + wire_bytes_to_fcs(rt_len) * 8, hz,
	                                    s->costs.v[C_LINK_BPS]);
	ck_assert_int_eq(latency_of(out, "o2", "rt-tx"), (long long)(gp_start + rt_last - rt_req));
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* Last-bit cycle of a lone frame starting at ns on an idle link. */
static uint64_t last_bit(const struct scenario *s, uint64_t ns, uint32_t len)
{
	struct wire w;
	wire_init(&w, s->costs.v[C_CPU_HZ], s->costs.v[C_LINK_BPS]);
	uint64_t st, last;
	wire_send(&w, ns * s->costs.v[C_CPU_HZ] / 1000000000u, len, &st, &last);
	return last;
}

START_TEST(tdma_rt_frame_waits_for_its_slice)
{
	/* tdma, 1 ms frame, RT slice 300 us: an RT frame arriving at 500 us (GP's
	 * slice, GP idle) is handled when RT's next slice opens at 1 ms. RT is
	 * still the loaded OS (GP never ran), so no world switch. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;    /* 1 ms in ps */
	s->costs.v[C_TDMA_RT_SLICE] = 300000000;  /* 300 us */
	struct inframe f[] = {{0, 1, 5004, 160}, {500000, 1, 5004, 160}};
	s->trace = write_capture(d, f, 2);
	char *out = run_into(s, d, "out");
	uint64_t rt_work = C(s, C_RT_IRQ) + C(s, C_RT_INPUT) + C(s, C_CLASSIFY) + C(s, C_RT_DELIVER);
	uint64_t dma = cost_dma_cycles(&s->costs, UDP_LEN(160));
	/* frame 1 in RT's slice: as on an idle machine */
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), (long long)(dma + rt_work));
	/* frame 2: waits for cycle 3,000,000 (1 ms at 3 GHz) */
	uint64_t l2 = last_bit(s, 500000, UDP_LEN(160));
	ck_assert_int_eq(latency_of(out, "2", "rt-rx"), (long long)(3000000 - l2 + rt_work));
	/* under priority the same frame is handled at once */
	s->disp = DISP_PRIORITY;
	char *out2 = run_into(s, d, "out2");
	ck_assert_int_eq(latency_of(out2, "2", "rt-rx"), (long long)(dma + rt_work));
	free(out);
	free(out2);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

START_TEST(itr_delays_the_second_interrupt)
{
	/* ITR 125 us: frame 1 at 0 raises its interrupt at once (none before);
	 * frame 2 at 10 us must wait until 125 us after the first interrupt. */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_NIC_ITR_INTERVAL] = 125000000;   /* 125 us in ps */
	struct inframe f[] = {{0, 1, 5004, 160}, {10000, 1, 5004, 160}};
	s->trace = write_capture(d, f, 2);
	char *out = run_into(s, d, "out");
	uint64_t rt_work = C(s, C_RT_IRQ) + C(s, C_RT_INPUT) + C(s, C_CLASSIFY) + C(s, C_RT_DELIVER);
	uint64_t dma = cost_dma_cycles(&s->costs, UDP_LEN(160));
	uint64_t l1 = last_bit(s, 0, UDP_LEN(160)), l2 = last_bit(s, 10000, UDP_LEN(160));
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), (long long)(dma + rt_work));
	uint64_t irq2 = l1 + dma + 125000u * 3u;      /* 125 us = 375,000 cycles */
	ck_assert_int_eq(latency_of(out, "2", "rt-rx"), (long long)(irq2 + rt_work - l2));
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

static char *slurp(const char *dir, const char *name, size_t *n);
static bool summary_has(const char *out, const char *text);

START_TEST(time_before_the_first_frame_is_counted)
{
	/* T3: the first frame is t = 0; a later frame stamped before it is not
	 * obeyed backwards: it arrives with the frame before it, and is counted */
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{5000, 1, 5004, 160}, {0, 1, 5004, 160}, {20000, 1, 5004, 160}};
	s->trace = write_capture(d, f, 3);
	char *out = run_into(s, d, "out");
	ck_assert(summary_has(out, "\"timestamps_backwards\": 1,"));
	/* frame 2 starts when frame 1 leaves the wire: its last bit is one
	 * frame time after frame 1's */
	unsigned long long r1 = 0, r2 = 0;
	long long t1 = event_of(out, "1", "rx", &r1), t2 = event_of(out, "2", "rx", &r2);
	struct wire w;
	wire_init(&w, s->costs.v[C_CPU_HZ], s->costs.v[C_LINK_BPS]);
	uint64_t st, l1, l2;
	wire_send(&w, 0, UDP_LEN(160), &st, &l1);
	wire_send(&w, 0, UDP_LEN(160), &st, &l2);
	ck_assert_int_eq(t1, (long long)l1);
	ck_assert_int_eq(t2, (long long)l2);
	ck_assert_uint_eq(r1, UDP_LEN(160));   /* rx detail: the wire length */
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

static char *slurp(const char *dir, const char *name, size_t *n)
{
	char *p = paths_join(dir, name);
	FILE *f = fopen(p, "rb");
	free(p);
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long l = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)l + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)l, f), (size_t)l);
	fclose(f);
	*n = (size_t)l;
	return b;
}

/* summary.json of the run in out holds this text */
static bool summary_has(const char *out, const char *text)
{
	size_t n;
	char *sum = slurp(out, "summary.json", &n);
	sum[n] = 0;
	bool has = strstr(sum, text) != NULL;
	free(sum);
	return has;
}

START_TEST(deterministic_and_conserved)
{
	/* an input thread slower than the wire (10 us per frame) into a small
	 * ring: drops, queueing, GP and RT */
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_NIC_RX_RING] = 8;
	s->costs.v[C_RT_INPUT] = 30000;
	enum { N = 400 };
	struct inframe f[N];
	for (int i = 0; i < N; i++)
		f[i] = (struct inframe){(uint64_t)i * 100, i % 3 != 0, (uint16_t)(i % 3 == 1 ? 5004 : 53),
		                        (size_t)(20 + (i * 37) % 1400)};
	s->trace = write_capture(d, f, N);
	char *o1 = run_into(s, d, "o1"), *o2 = run_into(s, d, "o2");
	static const char *const files[] = {"routing.tsv", "events.tsv", "latency.tsv",
	                                    "dispatch.tsv", "wire-tx.pcap", "rt-rx.pcap", "gp-rx.pcap"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t n1, n2;
		char *a = slurp(o1, files[i], &n1), *b = slurp(o2, files[i], &n2);
		ck_assert_msg(n1 == n2 && memcmp(a, b, n1) == 0, "%s differs between runs", files[i]);
		free(a);
		free(b);
	}
	/* routing: N lines in order, and some frames dropped for rx-ring-full */
	size_t n;
	char *r = slurp(o1, "routing.tsv", &n);
	r[n] = 0;
	int lines = 0, ringfull = 0;
	unsigned long long prev = 0;
	for (char *p = strchr(r, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
		unsigned long long idx = strtoull(p, NULL, 10);
		ck_assert_uint_eq(idx, prev + 1);
		prev = idx;
		lines++;
		if (strstr(p, "rx-ring-full") && strstr(p, "rx-ring-full") < strchr(p, '\n'))
			ringfull++;
	}
	ck_assert_int_eq(lines, N);
	ck_assert_int_gt(ringfull, 0);
	free(r);
	free(o1);
	free(o2);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* issue 16 item 3: an RT socket of 4 frames read at 1000 frames/s (one
 * every 3,000,000 cycles = 1 ms). Ten frames to port 5004 arrive within
 * about 20 us: the first four find 0, 1, 2, 3 unread frames and are queued;
 * the next six find 4 and are dropped (rt-socket-full). An eleventh at
 * 3 ms finds two unread (the reader is at the third since ~1.5 us + 2 ms)
 * and is queued. Without a rate the application keeps up: all eleven. */
START_TEST(rt_socket_overflows)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[11];
	for (int i = 0; i < 10; i++)
		f[i] = (struct inframe){(uint64_t)i * 1000, 1, 5004, 160};
	f[10] = (struct inframe){3000000, 1, 5004, 160};
	s->trace = write_capture(d, f, 11);
	s->costs.v[C_RT_SOCKET_QUEUE] = 4;
	s->costs.v[C_RT_READ_RATE] = 1000;
	struct engine_opts o = {.outputs = OUT_ALL, .quiet = true};
	struct engine_stats st;
	char *out = paths_join(d, "o");
	struct outdir_run od;
	char err[256];
	ck_assert_int_eq(outdir_prepare(out, false, &od, err, sizeof err), 0);
	o.outdir = out;
	FILE *e = fopen("/dev/null", "w");
	ck_assert_int_eq(engine_run(s, &o, &st, e), 0);
	ck_assert_int_eq(outdir_keep(out, &od, err, sizeof err), 0);
	ck_assert_uint_eq(st.dec[DEC_RT], 5);
	ck_assert_uint_eq(st.reason[DEC_DROP][R_RT_SOCKET_FULL], 6);
	/* which ones: 1-4 and 11 delivered, 5-10 dropped */
	ck_assert_int_ge(event_of(out, "4", "rt-deliver", NULL), 0);
	ck_assert_int_lt(event_of(out, "5", "rt-deliver", NULL), 0);
	ck_assert_int_ge(event_of(out, "11", "rt-deliver", NULL), 0);
	s->costs.v[C_RT_READ_RATE] = 0;
	rmtree(out);
	ck_assert_int_eq(outdir_prepare(out, false, &od, err, sizeof err), 0);
	ck_assert_int_eq(engine_run(s, &o, &st, e), 0);
	ck_assert_int_eq(outdir_keep(out, &od, err, sizeof err), 0);
	ck_assert_uint_eq(st.dec[DEC_RT], 11);
	fclose(e);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* rt.read_rate reads one frame every ceil(cpu.hz / rate) cycles
 * (doc/scenario.md): at 37 frames/s, ceil(3e9 / 37) = ceil(81,081,081.08)
 * = 81,081,082. A socket of one frame; frames at 0, 27,027,027 ns and
 * 54,054,055 ns, each alone on an idle machine, so delivered 81,081,081
 * and 162,162,165 cycles after the first: the second finds the first
 * still being read (one cycle left) and is dropped; the third finds it
 * read and is delivered. */
START_TEST(rt_read_period_rounds_up)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{0, 1, 5004, 160}, {27027027, 1, 5004, 160}, {54054055, 1, 5004, 160}};
	s->trace = write_capture(d, f, 3);
	s->costs.v[C_RT_SOCKET_QUEUE] = 1;
	s->costs.v[C_RT_READ_RATE] = 37;
	char *out = run_into(s, d, "out");
	long long d1 = event_of(out, "1", "rt-deliver", NULL), d3 = event_of(out, "3", "rt-deliver", NULL);
	ck_assert_int_ge(d1, 0);
	ck_assert_int_eq(event_of(out, "2", "rt-deliver", NULL), -1);
	ck_assert_int_eq(d3 - d1, 162162165);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* An ARP reply is both arp-reply whatever its protocol (SPEC C2; classify.c
 * rule 7), and each OS's ARP table ignores what it cannot store: an IPv4
 * reply (hlen 6, plen 4) updates both tables, one for IPv6 addresses
 * (ptype 0x86dd, plen 16: 14 + 8 + 2 x 6 + 2 x 16 = 66 bytes) neither. */
START_TEST(arp_reply_not_ipv4_updates_no_table)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	uint8_t v4[64], v6[66] = {0};
	size_t n4 = frame_build_arp(v4, sizeof v4, HOST, PEER, FRAME_ARP_REPLY, PEER, 0x0a000002,
	                            HOST, 0x0a000001);
	ck_assert_uint_eq(n4, 42);
	memcpy(v6, HOST, 6);
	memcpy(v6 + 6, PEER, 6);
	static const uint8_t hdr[] = {0x08, 0x06, 0, 1, 0x86, 0xdd, 6, 16, 0, 2};
	memcpy(v6 + 12, hdr, sizeof hdr);
	memcpy(v6 + 22, PEER, 6);                  /* sha; spa fe80::2 */
	v6[28] = 0xfe;
	v6[29] = 0x80;
	v6[43] = 2;
	memcpy(v6 + 44, HOST, 6);                  /* tha; tpa fe80::1 */
	v6[50] = 0xfe;
	v6[51] = 0x80;
	v6[65] = 1;
	struct capout *c = cap_open(d, &s->trace);  /* at 0 and 100 us */
	capout_write(c, 1700000000000000000ull, v4, (uint32_t)n4, (uint32_t)n4);
	capout_write(c, 1700000000000100000ull, v6, sizeof v6, sizeof v6);
	cap_close(c);
	char *out = run_into(s, d, "out");
	for (int i = 0; i < 2; i++) {
		const char *fr = i ? "2" : "1";
		ck_assert_int_ge(event_of(out, fr, "rt-arp", NULL), 0);
		ck_assert_int_ge(event_of(out, fr, "gp-deliver", NULL), 0);
	}
	ck_assert(summary_has(out, "\"arp_updates\": {\"rt\": 1, \"gp\": 1}"));
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* issue 16 item 2: tdma-preempt lends RT the CPU in GP's slice for the work
 * an interrupt causes, within dispatcher.preempt_budget. TDMA frame 1 ms,
 * RT slice 500 us; GP idle, so RT stays loaded (no world switch). One
 * 202-byte RT frame, the capture's first, placed at 600 us by trace.offset
 * (in GP's slice): its last bit is in at
 * 1,800,000 + (8 + 202 + 4) x 8 bits at 1 Gbit/s = 1712 ns = 5136 cycles
 * = 1,805,136.
 *  - budget 20 us: handler, read + classify, delivery at once: 1763 (DMA)
 *    + 1500 + 450 + 630 = 4343 cycles;
 *  - budget 2000 cycles: the handler (1500) and read + classify (450) fit,
 *    50 of the delivery's 630: the other 580 wait for RT's slice at 1 ms,
 *    3,000,000 + 580 = 3,000,580, i.e. 1,195,444 cycles after the last bit;
 *  - tdma: everything waits for RT's slice: 3,000,000 + 1500 + 450 + 630 =
 *    3,002,580, i.e. 1,197,444 cycles. */
START_TEST(tdma_preempt_borrows_within_its_budget)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{0, 1, 5004, 160}};
	s->trace = write_capture(d, f, 1);
	s->trace_offset_ps = 600000000;               /* 600 us */
	s->disp = DISP_TDMA_PREEMPT;
	s->costs.v[C_TDMA_FRAME] = 1000000000;        /* 1 ms */
	s->costs.v[C_TDMA_RT_SLICE] = 500000000;      /* 500 us */
	s->costs.v[C_PREEMPT_BUDGET] = 20000000;      /* 20 us */
	char *out = run_into(s, d, "full");
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), 1763 + 1500 + 450 + 630);
	free(out);
	s->costs.v[C_PREEMPT_BUDGET] = 666666;        /* 666.666 ns: 1999.998, up to 2000 cycles */
	out = run_into(s, d, "budget");
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), 1195444);
	free(out);
	s->disp = DISP_TDMA;
	out = run_into(s, d, "tdma");
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), 1197444);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* summary.json: the number after `"key": ` (its first occurrence) */
static long long summary_num(const char *out, const char *key)
{
	size_t n;
	char *sum = slurp(out, "summary.json", &n);
	sum[n] = 0;
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\": ", key);
	const char *at = strstr(sum, pat);
	long long r = at ? strtoll(at + strlen(pat), NULL, 10) : -1;
	free(sum);
	return r;
}

/* events.tsv: how many lines have this stage */
static int events_named(const char *out, const char *stage)
{
	char *p = paths_join(out, "events.tsv");
	FILE *f = fopen(p, "r");
	free(p);
	ck_assert_ptr_nonnull(f);
	char line[256], fr[32], st[32];
	unsigned long long cyc;
	int k = 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%llu\t%31s\t%31s", &cyc, fr, st) == 3 && !strcmp(st, stage))
			k++;
	fclose(f);
	return k;
}

/* An interrupt taken before the handler has started is merged into that
 * run: the handler acknowledges (reads the cause register, as e1000's ISR
 * reads ICR) when it gets the CPU, not when it is woken.
 * 1. tdma, frame 1 ms, RT slice 500 us, GP idle (RT stays loaded); two
 *    202-byte RT frames at 600 us and 700 us (GP's slice). Last bits:
 *    1,800,000 + 5136 = 1,805,136 and 2,100,000 + 5136 = 2,105,136; both
 *    interrupts are taken in GP's slice. One handler run at RT's slice:
 *    3,000,000 + 1500 = 3,001,500; frame 1 read + classify + delivery
 *    450 + 630: 3,002,580 (1,197,444 after its last bit); frame 2:
 *    3,003,660 (898,524). One interrupt merged.
 * 2. priority, cost.world_switch 5000 cycles: a second RT frame whose
 *    interrupt is taken while the switch back to RT runs is served by the
 *    handler run the first one woke.
 *  - frame 1, TCP 1054 bytes to GP at 0: last bit (8 + 1054 + 4) x 8 ns =
 *    25,584; DMA 527 + 316.2 ns = 2530: 28,114; handler 1500, read +
 *    classify 450, copy into channel 1 300 + 264 + 2000 (GP notified):
 *    32,628; switch to GP 5000: 37,628; GP proxy 600: 38,228; GP's stack
 *    runs 2850 from there.
 *  - frames 2 and 3, 60-byte UDP to RT at 11.9 us and 12.7 us (35,700
 *    and 38,100; the wire is free by 37,428 + 288 of gap): last bits
 *    35,700 + 72 x 8 x 3 = 37,428 and 39,828; DMA 527 + 18 ns = 1635:
 *    39,063 (in GP's stack: the switch to RT ends at 44,063) and 41,463
 *    (the engine is free): taken during the switch.
 *  - one handler run 44,063 -> 45,563; frame 2: + 1080 = 46,643 (9215
 *    after its last bit); frame 3: 47,723 (7895). Frame 1's handler run
 *    and this one: two runs, one interrupt merged. */
START_TEST(interrupt_before_the_handler_starts_merges)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	struct inframe f[] = {{0, 1, 5004, 160}, {100000, 1, 5004, 160}};
	s->trace = write_capture(d, f, 2);
	s->trace_offset_ps = 600000000;               /* 600 us */
	s->disp = DISP_TDMA;
	s->costs.v[C_TDMA_FRAME] = 1000000000;        /* 1 ms */
	s->costs.v[C_TDMA_RT_SLICE] = 500000000;      /* 500 us */
	char *out = run_into(s, d, "tdma");
	ck_assert_int_eq(latency_of(out, "1", "rt-rx"), 1197444);
	ck_assert_int_eq(latency_of(out, "2", "rt-rx"), 898524);
	ck_assert_int_eq(events_named(out, "irq-handler"), 1);
	ck_assert_int_eq(summary_num(out, "raised"), 2);
	ck_assert_int_eq(summary_num(out, "merged"), 1);
	free(out);
	free(s->trace);
	struct inframe g[] = {{0, 0, 80, 1000}, {11900, 1, 5004, 18}, {12700, 1, 5004, 18}};
	s->trace = write_capture(d, g, 3);
	s->trace_offset_ps = 0;
	s->disp = DISP_PRIORITY;
	s->costs.v[C_WORLD_SWITCH] = 5000;
	out = run_into(s, d, "priority");
	ck_assert_int_eq(event_of(out, "2", "dma", NULL), 39063);
	ck_assert_int_eq(event_of(out, "3", "dma", NULL), 41463);
	ck_assert_int_eq(latency_of(out, "2", "rt-rx"), 9215);
	ck_assert_int_eq(latency_of(out, "3", "rt-rx"), 7895);
	ck_assert_int_eq(events_named(out, "irq-handler"), 2);
	ck_assert_int_eq(summary_num(out, "merged"), 1);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* Jumbo frames (nic.mtu 9000) are generated whole: an RTP payload of 8000
 * bytes and a 9014-byte bulk frame (both were cut at 2 KiB, to 2090-byte
 * frames). By hand, each alone on an idle machine:
 *  - RTP: 14 + 20 + 8 + 12 + 8000 = 8054 bytes; app + driver + pick 1000 +
 *    630 + 100 = 1730; DMA 527 + 8054 x 0.3 = 2943.2 ns = 8829.6 -> 8830;
 *    wire to the FCS (8 + 8054 + 4) x 8 = 64528 ns = 193584: 204144 cycles;
 *  - bulk: the world switch to GP 2000, app 2850, GP proxy 600 + copy 300 +
 *    ceil(9014 x 0.25) = 2254 + notify 2000 (RT's proxy asleep), 5154 in
 *    all: 10004; switch back 2000, RT proxy + pick 400: 12404; DMA 527 +
 *    9014 x 0.3 = 3231.2 ns = 9693.6 -> 9694; wire (8 + 9014 + 4) x 8 =
 *    72208 ns = 216624: 238722 cycles. */
START_TEST(jumbo_frames_generated_whole)
{
	char *d = tmpdir();
	struct scenario *s = mk();
	s->costs.v[C_NIC_MTU] = 9000;
	one_rtp_packet(s, 8000, 0);
	char *out = run_into(s, d, "rtp");
	unsigned long long len = 0;
	ck_assert_int_eq(event_of(out, "o1", "rt-request", &len), 0);
	ck_assert_uint_eq(len, 8054);
	ck_assert_int_eq(latency_of(out, "o1", "rt-tx"), 204144);
	free(out);
	s->n_rtp = 0;
	one_bulk_frame(s, 9014);
	out = run_into(s, d, "bulk");
	ck_assert_int_eq(event_of(out, "o1", "gp-request", &len), 0);
	ck_assert_uint_eq(len, 9014);
	ck_assert_int_eq(latency_of(out, "o1", "gp-tx"), 238722);
	free(out);
	unmk(s);
	rmtree(d);
	free(d);
}
END_TEST

/* The embedded defaults with trace.file=cap and the n --set strings. */
static struct scenario *load_set(const char *cap, const char *const *set, size_t n)
{
	char tf[1100];
	const char *all[16];
	ck_assert_uint_lt(n, 16);
	snprintf(tf, sizeof tf, "trace.file=%s", cap);
	all[0] = tf;
	memcpy(all + 1, set, n * sizeof *set);
	struct scenario *s = scenario_load(NULL, all, n + 1, stderr);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Free what a test of load_set made, and its directory. */
static void unload(struct scenario *s, char *out, char *cap, char *d)
{
	free(out);
	free(cap);
	scenario_free(s);
	rmtree(d);
	free(d);
}

/* A frame of a modelled peer (the far end of generated calls) that starts
 * arriving before the capture's next frame goes on the receive wire before
 * it: the capture's frame 2, stamped 500 ms, is read (and was put on the
 * wire) when frame 1 arrives; the far end's INVITE starts arriving at 10 ms
 * (calls.generator.start, outgoing 0: the far end places the call), so its
 * last bit is in at 10 ms x 3 GHz + (8 + L + 4) x 8 bits at 1 Gbit/s, 24
 * cycles a byte: 30,000,000 + (12 + L) x 24. It queued behind frame 2 and
 * arrived at 500 ms. */
START_TEST(a_peer_frame_goes_before_a_later_capture_frame)
{
	char *d = tmpdir();
	struct inframe f[] = {{0, 1, 5004, 160}, {500000000, 1, 5004, 160}};
	char *cap = write_capture(d, f, 2);
	static const char *const set[] = {"calls.generator.mode=fixed", "calls.generator.count=1",
	                                  "calls.generator.start=10ms", "calls.generator.outgoing=0",
	                                  "calls.generator.hold=100ms", "calls.far.d100=1ms",
	                                  "calls.far.d180=2ms", "calls.far.d200=3ms"};
	struct scenario *s = load_set(cap, set, sizeof set / sizeof set[0]);
	char *out = run_into(s, d, "out");
	unsigned long long len = 0;
	long long rx = event_of(out, "3", "rx", &len);
	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(rx, (long long)(30000000 + (12 + len) * 24));
	/* and frame 2 keeps its own time: the wire is free at 500 ms */
	ck_assert_int_eq(event_of(out, "2", "rx", NULL), 1500000000 + (12 + 202) * 24);
	unload(s, out, cap, d);
}
END_TEST

/* summary.json's control counts (doc/outputs.md). A command that finds
 * channel 3 full is lost and counted (engine.md, "Limits":
 * control.dropped). tdma (RT slice 500 us of 1 ms), channel 3 of one
 * slot, three commands typed at 600 us, in GP's slice. RT's control
 * thread, asleep, takes the first message as the put wakes it (a thread
 * takes its next job when woken); its job, the apply, waits for RT's
 * slice at 1 ms, and so does the thread: the second message stays in the
 * one slot and the third finds the channel full. Three typed, two
 * applied, one dropped. GP binds are port operations: 9000 done, 5004
 * (an RT port, SPEC P1) refused. */
START_TEST(control_counts)
{
	char *d = tmpdir();
	struct inframe f[] = {{0, 1, 5004, 160}};
	char *cap = write_capture(d, f, 1);
	static const char *const set[] = {"dispatcher.policy=tdma", "proxy.control=1",
	                                  "timeline.0={at: 600us, promiscuous: on}",
	                                  "timeline.1={at: 600us, multicast: off}",
	                                  "timeline.2={at: 600us, up: on}",
	                                  "timeline.3={at: 100us, gp_bind: 9000}",
	                                  "timeline.4={at: 200us, gp_bind: 5004}"};
	struct scenario *s = load_set(cap, set, sizeof set / sizeof set[0]);
	char *out = run_into(s, d, "out");
	ck_assert(summary_has(out, "\"control\": {\"commands\": 3, \"applied\": 2, \"dropped\": 1, "
	                              "\"port_ops\": 2, \"port_refused\": 1}"));
	ck_assert_int_eq(events_named(out, "ctl-drop"), 1);
	unload(s, out, cap, d);
}
END_TEST

/* calls.timeout (doc/scenario.md): a call with neither a SIP message nor an
 * RTP frame for this long ends, reason timeout. GP places one call at 1 ms
 * with calls.timeout 5 ms; the far end's 100 Trying would come 20 ms after
 * the INVITE: the call ends exactly 5 ms (15,000,000 cycles) after its
 * INVITE, before any answer. calls.tsv: invite (10th column), end (14th),
 * end_reason (15th). */
START_TEST(call_times_out_before_any_answer)
{
	char *d = tmpdir();
	static const char *const set[] = {"calls.timeout=5ms", "calls.generator.mode=fixed",
	                                  "calls.generator.count=1", "calls.generator.start=1ms",
	                                  "calls.generator.outgoing=100", "calls.generator.hold=10ms",
	                                  "calls.far.d100=20ms", "calls.far.d180=20ms",
	                                  "calls.far.d200=20ms"};
	struct scenario *s = scenario_load(NULL, set, sizeof set / sizeof set[0], stderr);
	ck_assert_ptr_nonnull(s);
	char *out = run_into(s, d, "out");
	size_t n;
	char *tsv = slurp(out, "calls.tsv", &n);
	tsv[n] = 0;
	char *row = strchr(tsv, '\n');
	ck_assert_ptr_nonnull(row);
	unsigned long long col[16] = {0};
	char reason[32] = "";
	char *p = row + 1;
	for (int c = 1; c <= 15 && p; c++) {
		if (c == 15)
			sscanf(p, "%31[^\t]", reason);
		else
			col[c] = strtoull(p, NULL, 10);
		p = strchr(p, '\t');
		if (p)
			p++;
	}
	ck_assert_str_eq(reason, "timeout");
	ck_assert_uint_gt(col[10], 0);
	ck_assert_uint_eq(col[14] - col[10], 15000000);
	/* summary.json has `calls` once GP's SIP engine saw a call, even one
	 * (doc/outputs.md), without calls.sip: on */
	ck_assert(summary_has(out, "\"calls\": {\"count\": 1, \"established\": 0,"));
	free(tsv);
	unload(s, out, NULL, d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("engine");
	TCase *t = tcase_create("hand");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, rt_frame_idle_machine);
	tcase_add_test(t, gp_frame_idle_machine);
	tcase_add_test(t, gp_preempted_resumes_exactly);
	tcase_add_test(t, rt_waits_rest_of_gp_frame);
	tcase_add_test(t, deterministic_and_conserved);
	tcase_add_test(t, tdma_rt_frame_waits_for_its_slice);
	tcase_add_test(t, itr_delays_the_second_interrupt);
	tcase_add_test(t, time_before_the_first_frame_is_counted);
	tcase_add_test(t, rt_socket_overflows);
	tcase_add_test(t, rt_read_period_rounds_up);
	tcase_add_test(t, arp_reply_not_ipv4_updates_no_table);
	tcase_add_test(t, control_counts);
	tcase_add_test(t, call_times_out_before_any_answer);
	tcase_add_test(t, tdma_preempt_borrows_within_its_budget);
	tcase_add_test(t, interrupt_before_the_handler_starts_merges);
	tcase_add_test(t, jumbo_frames_generated_whole);
	tcase_add_test(t, a_peer_frame_goes_before_a_later_capture_frame);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(suite());
}
