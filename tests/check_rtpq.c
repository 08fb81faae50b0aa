/* check_rtpq.c - unit tests of model/rtpq.c: RFC 3550 jitter, loss and
 * late loss of one RTP stream, and the ITU-T G.107 E-model. Every expected
 * value is worked by hand in the comments or is a published G.107 figure. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/rtpq.h"

#include "checkrun.h"

#define MS(x) ((uint64_t)(x) * 1000000000ull)   /* ms -> ps */
#define US(x) ((uint64_t)(x) * 1000000ull)      /* us -> ps */

/* G.107 §7.7 / Annex B: with every parameter at its default the E-model
 * gives R = 93.2, hence MOS 4.41 (the published reference point). Ro at
 * defaults is 94.77 (15 - 1.5 (SLR + No), No = -61.18 dBm0p); Idle at
 * Tr = 0 is 0.15 (by hand: Rle = 10.5 x 117 = 1228.5, (Ro - Rle)/2 +
 * sqrt((Ro - Rle)^2/4 + 169) = -566.87 + 567.02); Idte and Idd are 0 at
 * T = Ta = 0. The tolerances are the published figures' last digit. */
START_TEST(t_emodel_defaults)
{
	struct rtpq_emodel m;
	struct rtpq_r r;
	rtpq_emodel_defaults(&m);
	rtpq_emodel_r(&m, &r);
	ck_assert_msg(fabs(r.r - 93.2) < 0.05, "R %.4f", r.r);
	ck_assert_msg(fabs(r.ro - 94.77) < 0.005, "Ro %.4f", r.ro);
	ck_assert_msg(fabs(r.idle - 0.15) < 0.005, "Idle %.4f", r.idle);
	ck_assert_msg(r.idte == 0 && r.idd == 0 && r.ie_eff == 0, "Idte %g Idd %g", r.idte, r.idd);
	double mos = rtpq_mos(r.r);
	ck_assert_msg(fabs(mos - 4.41) < 0.005, "MOS %.4f", mos);
	/* the advantage factor adds to R as it is (G.107 (1)): A = 5, the
	 * value Table 3 gives for mobility within a building, makes 98.2 */
	m.a = 5;
	rtpq_emodel_r(&m, &r);
	ck_assert_msg(fabs(r.r - 98.2) < 0.05, "R with A 5 %.4f", r.r);
}
END_TEST

/* G.711 (Ie 0, Bpl 25.1 with its Appendix I PLC), 2 % random loss
 * (BurstR 1), no delay. By hand:
 *   Ie,eff = 0 + 95 x 2 / (2 / 1 + 25.1) = 190 / 27.1 = 7.01107
 *   R = 93.2 - 7.011 = 86.19 (+-0.05, the default R's rounding)
 *   MOS(86.19) = 1 + 0.035 x 86.19 + 86.19 x 26.19 x 13.81 x 7e-6
 *              = 1 + 3.01665 + 0.21821 = 4.2349 */
START_TEST(t_emodel_g711_loss)
{
	const struct rtpq_codec *c = rtpq_codec_by_pt(0);
	ck_assert_ptr_nonnull(c);
	struct rtpq_emodel m;
	struct rtpq_r r;
	rtpq_emodel_defaults(&m);
	m.ie = c->ie;
	m.bpl = c->bpl;
	m.ppl = 2;
	rtpq_emodel_r(&m, &r);
	ck_assert_msg(fabs(r.ie_eff - 7.01107) < 0.00001, "Ie,eff %.6f", r.ie_eff);
	ck_assert_msg(fabs(r.r - 86.19) < 0.05, "R %.4f", r.r);
	ck_assert_msg(fabs(rtpq_mos(86.19) - 4.2349) < 0.0001, "MOS %.5f", rtpq_mos(86.19));
}
END_TEST

/* G.729 (Ie 11, Bpl 19), 5 % loss in bursts (BurstR 2):
 *   Ie,eff = 11 + 84 x 5 / (5/2 + 19) = 11 + 420 / 21.5 = 30.53488 */
START_TEST(t_emodel_burst)
{
	const struct rtpq_codec *c = rtpq_codec_by_name("g729", 8000);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->pt, 18);
	struct rtpq_emodel m;
	struct rtpq_r r;
	rtpq_emodel_defaults(&m);
	m.ie = c->ie;
	m.bpl = c->bpl;
	m.ppl = 5;
	m.burstr = 2;
	rtpq_emodel_r(&m, &r);
	ck_assert_msg(fabs(r.ie_eff - 30.53488) < 0.00001, "Ie,eff %.6f", r.ie_eff);
}
END_TEST

/* Idd at Ta = 200 ms: X = log2(200/100) = 1,
 *   Idd = 25 ((1 + 1)^(1/6) - 3 (1 + 3^-6)^(1/6) + 2)
 *       = 25 (1.122462 - 3.000686 + 2) = 25 x 0.121776 = 3.0444
 * and none at Ta = 100 ms. A longer delay lowers R.
 * G.107 §7.4 adjusts for the sidetone only outside 9..20 dB: TERV gains
 * Ist/2 for STMR < 9 dB, and Idte becomes sqrt(Idte^2 + Ist^2) for STMR >
 * 20 dB. Idte depends on STMR through those two alone, so at STMR 9 and
 * 20 exactly it is the Idte of the default 15 dB (at T = 100 ms, where
 * Idte is not 0), and just outside it is not. */
START_TEST(t_emodel_delay)
{
	struct rtpq_emodel m;
	struct rtpq_r r100, r200;
	rtpq_emodel_defaults(&m);
	rtpq_emodel_delay(&m, 100);
	rtpq_emodel_r(&m, &r100);
	ck_assert(r100.idd == 0);
	ck_assert(r100.idte > 0);
	rtpq_emodel_delay(&m, 200);
	ck_assert(m.tr_ms == 400 && m.ta_ms == 200);
	rtpq_emodel_r(&m, &r200);
	ck_assert_msg(fabs(r200.idd - 3.0444) < 0.0005, "Idd %.5f", r200.idd);
	ck_assert(r200.r < r100.r);
	static const struct { double stmr; bool same; } tab[] = {
		{9, true}, {20, true}, {8.5, false}, {20.5, false},
	};
	rtpq_emodel_delay(&m, 100);
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct rtpq_r r;
		m.stmr = tab[i].stmr;
		rtpq_emodel_r(&m, &r);
		ck_assert_msg((r.idte == r100.idte) == tab[i].same, "STMR %g: Idte %.6f, at 15 dB %.6f",
		              tab[i].stmr, r.idte, r100.idte);
	}
}
END_TEST

/* MOS from R at the ends of G.107 Annex B. */
START_TEST(t_mos_ends)
{
	ck_assert(rtpq_mos(-3) == 1.0);
	ck_assert(rtpq_mos(0) == 1.0);
	ck_assert(rtpq_mos(101) == 4.5);
	/* R = 50: 1 + 1.75 + 50 x (-10) x 50 x 7e-6 = 2.75 - 0.175 = 2.575 */
	ck_assert_msg(fabs(rtpq_mos(50) - 2.575) < 1e-12, "%.6f", rtpq_mos(50));
}
END_TEST

START_TEST(t_codecs)
{
	ck_assert_str_eq(rtpq_codec_by_pt(8)->name, "PCMA");
	ck_assert_ptr_null(rtpq_codec_by_pt(3));
	ck_assert_ptr_null(rtpq_codec_by_name("PCMU", 16000));
	ck_assert_ptr_null(rtpq_codec_by_name(NULL, 8000));
	/* 64 kbit/s = 8 bytes per ms; 8 kbit/s = 1 byte per ms */
	ck_assert_uint_eq(rtpq_codec_payload(rtpq_codec_by_pt(0), 30), 240);
	ck_assert_uint_eq(rtpq_codec_payload(rtpq_codec_by_pt(18), 10), 10);
	/* G.113 Appendix I, Tables I.1 and I.3: G.711 (either law) Ie 0 and,
	 * with the PLC of G.711 Appendix I, Bpl 25.1; G.729A + VAD Ie 11, Bpl
	 * 19.0. RFC 3551: 8 kHz, 20 ms = 160 bytes of G.711, 20 of G.729. */
	static const struct { unsigned pt; const char *name; double ie, bpl; uint32_t bytes; } g[] = {
		{0, "PCMU", 0.0, 25.1, 160}, {8, "PCMA", 0.0, 25.1, 160}, {18, "G729", 11.0, 19.0, 20},
	};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		const struct rtpq_codec *c = rtpq_codec_by_pt(g[i].pt);
		ck_assert_ptr_nonnull(c);
		ck_assert_ptr_eq(rtpq_codec_by_name(g[i].name, 8000), c);
		ck_assert_str_eq(c->name, g[i].name);
		ck_assert_uint_eq(c->clock_hz, 8000);
		ck_assert(c->ie == g[i].ie && c->bpl == g[i].bpl);
		ck_assert_uint_eq(rtpq_codec_payload(c, 20), g[i].bytes);
	}
}
END_TEST

/* RFC 3550 A.8 by hand. 8 kHz clock (one timestamp unit = 125 us), a packet
 * every 20 ms (ts += 160), sent at 0, 20, 40, 60, 80 ms and arriving
 * 10, 12, 10, 14, 14 ms later. Transit (arrival - ts, in ts units) is the
 * delay x 8 plus a constant: 80, 96, 80, 112, 112, so |D| = 16, 16, 32, 0:
 *   J1 = 0 + (16 - 0)/16                    = 1
 *   J2 = 1 + (16 - 1)/16                    = 1.9375
 *   J3 = 1.9375 + (32 - 1.9375)/16          = 3.81640625
 *   J4 = 3.81640625 + (0 - 3.81640625)/16   = 3.577880859375
 * = 3.577880859375 / 8 ms = 0.447235107421875 ms; the largest J was J3,
 * 0.47705078125 ms. Every J is a multiple of 2^-12, so exact in 10^-12
 * units. One-way delay: min 10, max 14, mean 60/5 = 12 ms. Late loss:
 * transit beyond the first one's is 0, 2, 0, 4, 4 ms: two packets later
 * than a 3 ms playout buffer, none beyond 4 ms (late means strictly). */
static const uint32_t dl_ms[5] = {10, 12, 10, 14, 14};

static struct rtpq *feed(uint64_t playout_ps)
{
	struct rtpq *q = rtpq_create(8000, playout_ps);
	ck_assert_ptr_nonnull(q);
	for (unsigned i = 0; i < 5; i++)
		rtpq_packet(q, (uint16_t)(100 + i), 7777 + 160 * i, MS(20 * i), MS(20 * i + dl_ms[i]));
	return q;
}

START_TEST(t_jitter)
{
	struct rtpq *q = feed(MS(3));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.jitter_pts, 3577880859375ull);
	ck_assert(s.jitter_ts == 3.577880859375);
	ck_assert(fabs(s.jitter_ms - 0.447235107421875) < 1e-15);
	ck_assert(fabs(s.jitter_max_ms - 0.47705078125) < 1e-15);
	ck_assert_uint_eq(s.delay_min_ps, MS(10));
	ck_assert_uint_eq(s.delay_max_ps, MS(14));
	ck_assert_uint_eq(s.delay_mean_ps, MS(12));
	ck_assert_uint_eq(s.received, 5);
	ck_assert_uint_eq(s.expected, 5);
	ck_assert_int_eq(s.lost, 0);
	ck_assert_uint_eq(s.late, 2);
	/* Ppl = (0 + 2) / 5 = 40 % */
	ck_assert(fabs(s.ppl - 40.0) < 1e-12);
	rtpq_destroy(q);

	q = feed(MS(4));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.late, 0);
	ck_assert(s.ppl == 0);
	rtpq_destroy(q);
}
END_TEST

/* In the caller's memory (rtpq_init), the same stream gives the same
 * figures as above, over memory that held something else; clock 0 none. */
START_TEST(t_init_in_callers_memory)
{
	unsigned char *mem = malloc(rtpq_size());
	ck_assert_ptr_nonnull(mem);
	memset(mem, 0xa5, rtpq_size());
	ck_assert_ptr_null(rtpq_init(mem, 0, MS(3)));
	struct rtpq *q = rtpq_init(mem, 8000, MS(3));
	ck_assert_ptr_eq(q, (void *)mem);
	for (unsigned i = 0; i < 5; i++)
		rtpq_packet(q, (uint16_t)(100 + i), 7777 + 160 * i, MS(20 * i), MS(20 * i + dl_ms[i]));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.jitter_pts, 3577880859375ull);
	ck_assert_uint_eq(s.delay_mean_ps, MS(12));
	ck_assert_uint_eq(s.received, 5);
	ck_assert_int_eq(s.lost, 0);
	ck_assert_uint_eq(s.late, 2);
	free(mem);
}
END_TEST

/* A sub-unit arrival: 8 kHz, second packet 62.5 us (half a unit) late.
 * |D| = 0.5 unit, J = 0.5/16 = 0.03125 units = 31250000000 pts. */
START_TEST(t_jitter_subunit)
{
	struct rtpq *q = rtpq_create(8000, 0);
	rtpq_packet(q, 1, 0, 0, MS(5));
	rtpq_packet(q, 2, 160, MS(20), MS(25) + 62500000ull);
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.jitter_pts, 31250000000ull);
	ck_assert_uint_eq(s.late, 1);     /* no buffer: any later transit is late */
	rtpq_destroy(q);
}
END_TEST

/* Sequence numbers and timestamps over their wrap, constant 5 ms delay:
 * seq 65534, 65535, 0, 2, 3 (1 missing): received 5, expected
 * (65536 + 3) - 65534 + 1 = 6, lost 1, Ppl 1/6. Timestamps 2^32 - 320,
 * 2^32 - 160, 0, 320, 480 follow the clock, so the jitter stays 0. */
START_TEST(t_wrap)
{
	static const uint16_t seq[5] = {65534, 65535, 0, 2, 3};
	static const uint32_t ts[5] = {4294966976u, 4294967136u, 0, 320, 480};
	static const uint64_t t_ms[5] = {0, 20, 40, 80, 100};
	struct rtpq *q = rtpq_create(8000, MS(40));
	for (int i = 0; i < 5; i++)
		rtpq_packet(q, seq[i], ts[i], MS(t_ms[i]), MS(t_ms[i] + 5));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 5);
	ck_assert_uint_eq(s.expected, 6);
	ck_assert_int_eq(s.lost, 1);
	ck_assert_uint_eq(s.jitter_pts, 0);
	ck_assert_uint_eq(s.late, 0);
	ck_assert(fabs(s.ppl - 100.0 / 6) < 1e-12);
	/* a duplicate counts as received: lost 0 */
	rtpq_packet(q, 3, 480, MS(100), MS(105));
	rtpq_stats(q, &s);
	ck_assert_int_eq(s.lost, 0);
	rtpq_destroy(q);
}
END_TEST

/* RFC 3550 A.1: a jump of 4989 (> MAX_DROPOUT 3000) is not believed, and
 * the stream goes on: 10, 11, 5000, 12 -> received 3, expected 3. If the
 * next packet follows the jump (5000, 5001) the counts restart at 5001. */
START_TEST(t_seq_jump)
{
	struct rtpq *q = rtpq_create(8000, 0);
	struct rtpq_stats s;
	static const uint16_t a[4] = {10, 11, 5000, 12};
	for (int i = 0; i < 4; i++)
		rtpq_packet(q, a[i], 160 * i, MS(20 * i), MS(20 * i));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 3);
	ck_assert_uint_eq(s.expected, 3);
	rtpq_destroy(q);

	q = rtpq_create(8000, 0);
	static const uint16_t b[4] = {10, 11, 5000, 5001};
	for (int i = 0; i < 4; i++)
		rtpq_packet(q, b[i], 160 * i, MS(20 * i), MS(20 * i));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 1);
	ck_assert_uint_eq(s.expected, 1);
	ck_assert_int_eq(s.lost, 0);
	rtpq_destroy(q);
}
END_TEST

/* The one-way delay spans every packet counted, across a resync: 10, 11
 * (delays 10 and 12 ms), 5000 (a jump, not counted: its 100 ms neither),
 * 5001 and 5002 (14 and 16 ms; the counts restart at 5001). By hand: min
 * 10, max 16, mean (10 + 12 + 14 + 16) / 4 = 13 ms, while received is 2;
 * the mean cannot lie outside [min, max]. */
START_TEST(t_seq_jump_delay)
{
	struct rtpq *q = rtpq_create(8000, 0);
	struct rtpq_stats s;
	static const uint16_t seq[5] = {10, 11, 5000, 5001, 5002};
	static const uint32_t dms[5] = {10, 12, 100, 14, 16};
	for (int i = 0; i < 5; i++)
		rtpq_packet(q, seq[i], 160 * i, MS(20 * i), MS(20 * i + dms[i]));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 2);
	ck_assert_uint_eq(s.delay_min_ps, MS(10));
	ck_assert_uint_eq(s.delay_max_ps, MS(16));
	ck_assert_uint_eq(s.delay_mean_ps, MS(13));
	rtpq_destroy(q);
}
END_TEST

/* A sender that restarts with a new sequence and timestamp base (RFC 3550
 * A.1: "the other side restarted"): 0..4 with timestamps 0, 160, ..., then
 * 30000..30004 with timestamps 0, 160, ... again; every packet arrives 1 ms
 * after it was sent, 20 ms apart, behind a 40 ms playout buffer. 30000 is
 * not counted, the counts restart at 30001. Every transit within a run is
 * the same, so by hand: no packet late, loss 0 %, every D 0 hence J 0.
 * (Across the restart the transit jumps by 800 timestamp units, 100 ms:
 * the new base is that far behind where the old one would be by then, so
 * every packet would be late if the old run's anchor stayed.) */
START_TEST(t_sender_restart)
{
	struct rtpq *q = rtpq_create(8000, MS(40));
	struct rtpq_stats s;
	for (unsigned i = 0; i < 5; i++)
		rtpq_packet(q, (uint16_t)i, 160 * i, MS(20 * i), MS(20 * i + 1));
	for (unsigned k = 0; k < 5; k++)
		rtpq_packet(q, (uint16_t)(30000 + k), 160 * k, MS(20 * (5 + k)),
		            MS(20 * (5 + k) + 1));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 4);
	ck_assert_uint_eq(s.expected, 4);
	ck_assert_uint_eq(s.late, 0);
	ck_assert(s.ppl == 0);
	ck_assert_uint_eq(s.jitter_pts, 0);
	ck_assert(s.jitter_max_ms == 0);
	rtpq_destroy(q);

	/* late packets before the restart are not counted after it (review
	 * n54: late kept run 1's 4 against run 2's 4 received: Ppl 100%):
	 * packets 1-4 of run 1 arrive 100 ms past the first's transit, beyond
	 * the 40 ms buffer; run 2's arrive on time */
	q = rtpq_create(8000, MS(40));
	for (unsigned i = 0; i < 5; i++)
		rtpq_packet(q, (uint16_t)i, 160 * i, MS(20 * i), MS(20 * i + 1 + (i ? 100 : 0)));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.late, 4);
	for (unsigned k = 0; k < 5; k++)
		rtpq_packet(q, (uint16_t)(30000 + k), 5000 + 160 * k, MS(20 * (10 + k)),
		            MS(20 * (10 + k) + 1));
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 4);
	ck_assert_uint_eq(s.expected, 4);
	ck_assert_uint_eq(s.late, 0);
	ck_assert(s.ppl == 0);
	rtpq_destroy(q);
}
END_TEST

/* A stream at 8 kHz behind a playout buffer: packet i has sequence
 * seq[i], timestamp 160 i, is sent at 20 i ms and arrives at arr[i] ps. */
static struct rtpq_stats run(uint64_t playout_ps, const uint16_t *seq, const uint64_t *arr,
                             unsigned n)
{
	struct rtpq *q = rtpq_create(8000, playout_ps);
	for (unsigned i = 0; i < n; i++)
		rtpq_packet(q, seq[i], 160 * i, MS(20 * i), arr[i]);
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	rtpq_destroy(q);
	return s;
}

/* The playout buffer's edge (doc/scenario.md calls.playout: late is a
 * transit beyond the first one's by MORE than the buffer). 8 kHz, packet i
 * sent at 20 i ms with ts 160 i; packet 0 arrives 5 ms after it was sent,
 * packet 1 5 + 40 ms after (40 ms beyond the first's transit: exactly at
 * its deadline), packet 2 5 + 40 ms + 1 ps after (one ps past it). By hand:
 * a 40 ms buffer makes packet 2 late alone (late 1), 40 ms + 1 ps none,
 * 40 ms - 1 ps both (late 2). At 8 kHz a ps of arrival is 8000 pts, so the
 * comparison's own unit is reached at a clock prime to 10 only: at 1 Hz (a
 * pts is a ps, a timestamp unit 1 s) a packet 1 s + 40 ms + 1 ps after the
 * first with ts 1 is 1 pts past a 40 ms buffer: late; 1 s + 40 ms is not. */
START_TEST(t_playout_edge)
{
	static const uint16_t seq[3] = {1, 2, 3};
	static const uint64_t arr[3] = {MS(5), MS(20 + 5 + 40), MS(40 + 5 + 40) + 1};
	ck_assert_uint_eq(run(MS(40), seq, arr, 3).late, 1);
	ck_assert_uint_eq(run(MS(40) + 1, seq, arr, 3).late, 0);
	ck_assert_uint_eq(run(MS(40) - 1, seq, arr, 3).late, 2);
	struct rtpq *q = rtpq_create(1, MS(40));
	ck_assert_ptr_nonnull(q);
	rtpq_packet(q, 1, 0, 0, 0);
	rtpq_packet(q, 2, 1, MS(1000), MS(1000 + 40));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.late, 0);
	rtpq_packet(q, 3, 2, MS(2000), MS(2000 + 40) + 1);
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.late, 1);
	rtpq_destroy(q);
}
END_TEST

/* The estimator rounds to the nearest pts: each packet 1 ps later than
 * the one before relative to its timestamp, so each D is 1 ps x 8000 =
 * 8000 pts. By hand: J1 = 8000 / 16 = 500, J2 = 500 + (8000 - 500) / 16
 * = 968.75, rounded 969. */
START_TEST(t_jitter_rounds)
{
	static const uint16_t seq[3] = {1, 2, 3};
	static const uint64_t arr[3] = {0, MS(20) + 1, MS(40) + 2};
	ck_assert_uint_eq(run(0, seq, arr, 3).jitter_pts, 969);
}
END_TEST

/* RFC 3550 A.1 at its two thresholds (arrivals on time). A step of
 * exactly MAX_DROPOUT (3000) is a jump, not believed: 0, 3000, 1 counts 0
 * and 1, expected 2; a step of 2999 is in order: 0, 2999 expects 3000. A
 * packet exactly MAX_MISORDER (100) behind is a jump too: 1000, 900, 901
 * counts 1000 and 901 (99 behind: reordered), not 900, expected 1. After a
 * wrap, a restart: 65535, 0, 1 (one wrap counted), 30000 (a jump), 30001,
 * 30002: the counts restart at 30001 with the wrap cleared (A.1 init_seq),
 * expected 30002 - 30001 + 1 = 2. */
START_TEST(t_seq_thresholds)
{
	static const struct { uint16_t seq[6]; unsigned n; uint64_t received, expected; } tab[] = {
		{{0, 3000, 1}, 3, 2, 2},
		{{0, 2999}, 2, 2, 3000},
		{{1000, 900, 901}, 3, 2, 1},
		{{65535, 0, 1, 30000, 30001, 30002}, 6, 2, 2},
	};
	static const uint64_t arr[6] = {0, MS(20), MS(40), MS(60), MS(80), MS(100)};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct rtpq_stats s = run(0, tab[i].seq, arr, tab[i].n);
		ck_assert_msg(s.received == tab[i].received && s.expected == tab[i].expected,
		              "row %zu: received %llu expected %llu", i,
		              (unsigned long long)s.received, (unsigned long long)s.expected);
	}
}
END_TEST

/* Late means a transit longer than the first one's by more than the
 * buffer: a packet faster than the first (10 ms, then 5 ms) is in time.
 * The largest delay a picosecond count holds stays the maximum when a
 * shorter one follows. */
START_TEST(t_delay_edges)
{
	static const uint16_t seq[2] = {1, 2};
	static const uint64_t early[2] = {MS(10), MS(25)};
	ck_assert_uint_eq(run(MS(20), seq, early, 2).late, 0);
	static const uint64_t huge[2] = {UINT64_MAX, MS(25)};
	struct rtpq_stats s = run(0, seq, huge, 2);
	ck_assert_uint_eq(s.delay_max_ps, UINT64_MAX);
	ck_assert_uint_eq(s.delay_min_ps, MS(5));
}
END_TEST

/* A reordered packet's timestamp lies behind the one before: its
 * extension goes back too (RFC 3550 A.8 takes the signed difference),
 * not forward by nearly 2^32. 8 kHz, no buffer: seq 1 ts 0 at 0 ms,
 * seq 3 ts 320 at 40 ms (transit 0, D 0, J 0), then seq 2 ts 160 at
 * 41 ms: its arrival is 328 timestamp units, transit 168, D 168, so
 * J = 168 / 16 = 10.5 units (10500000000000 pts) = 1.3125 ms; later than
 * the first's transit with no buffer: late 1; expected 3, lost 0. */
START_TEST(t_reordered_ts)
{
	struct rtpq *q = rtpq_create(8000, 0);
	ck_assert_ptr_nonnull(q);
	rtpq_packet(q, 1, 0, 0, 0);
	rtpq_packet(q, 3, 320, MS(40), MS(40));
	rtpq_packet(q, 2, 160, MS(20), MS(41));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.jitter_pts, 10500000000000ull);
	ck_assert(s.jitter_ts == 10.5);
	ck_assert(fabs(s.jitter_ms - 1.3125) < 1e-12);
	ck_assert_uint_eq(s.received, 3);
	ck_assert_uint_eq(s.expected, 3);
	ck_assert_int_eq(s.lost, 0);
	ck_assert_uint_eq(s.late, 1);
	rtpq_destroy(q);
}
END_TEST

/* Ppl is a share of the packets expected, at most 100 %: seq 0, then seq 1
 * five times, each 1 ms slower than the first with no buffer: expected 2,
 * received 6 (lost -4, counted 0), late 5; bad is capped at expected, 2. */
START_TEST(t_ppl_capped)
{
	static const uint16_t seq[6] = {0, 1, 1, 1, 1, 1};
	struct rtpq *q = rtpq_create(8000, 0);
	for (unsigned i = 0; i < 6; i++)
		rtpq_packet(q, seq[i], i ? 160 : 0, i ? MS(20) : 0, i ? MS(21) : 0);
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	rtpq_destroy(q);
	ck_assert_uint_eq(s.expected, 2);
	ck_assert_uint_eq(s.received, 6);
	ck_assert_uint_eq(s.late, 5);
	ck_assert(s.ppl == 100.0);
}
END_TEST

START_TEST(t_empty)
{
	ck_assert_ptr_null(rtpq_create(0, 0));
	struct rtpq *q = rtpq_create(8000, US(40000));
	struct rtpq_stats s;
	rtpq_stats(q, &s);
	ck_assert_uint_eq(s.received, 0);
	ck_assert_uint_eq(s.expected, 0);
	ck_assert(s.ppl == 0);
	rtpq_destroy(q);
}
END_TEST

static Suite *rtpq_suite(void)
{
	Suite *s = suite_create("rtpq");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_init_in_callers_memory);
	tcase_add_test(tc, t_emodel_defaults);
	tcase_add_test(tc, t_emodel_g711_loss);
	tcase_add_test(tc, t_emodel_burst);
	tcase_add_test(tc, t_emodel_delay);
	tcase_add_test(tc, t_mos_ends);
	tcase_add_test(tc, t_codecs);
	tcase_add_test(tc, t_jitter);
	tcase_add_test(tc, t_jitter_subunit);
	tcase_add_test(tc, t_wrap);
	tcase_add_test(tc, t_seq_jump);
	tcase_add_test(tc, t_seq_jump_delay);
	tcase_add_test(tc, t_sender_restart);
	tcase_add_test(tc, t_empty);
	tcase_add_test(tc, t_jitter_rounds);
	tcase_add_test(tc, t_playout_edge);
	tcase_add_test(tc, t_seq_thresholds);
	tcase_add_test(tc, t_delay_edges);
	tcase_add_test(tc, t_ppl_capped);
	tcase_add_test(tc, t_reordered_ts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(rtpq_suite());
}
