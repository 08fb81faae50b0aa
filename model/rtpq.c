/* rtpq.c - quality of one RTP stream and the ITU-T G.107 E-model.
 * Models: the media half of the second embodiment (Figs. 9-10, claims
 * 16-18): RTP on RT, judged per call and direction (issue 12, item 4).
 *
 * Arithmetic (exact unless said):
 *  - time is kept in "pts", 10^-12 RTP timestamp units: an arrival at
 *    arr_ps picoseconds is arr_ps * clock_hz pts and a timestamp ts is
 *    ts * 10^12 pts, so the RFC 3550 A.8 transit R - S and the difference
 *    D of two transits are exact 128-bit integers;
 *  - the jitter update J += (|D| - J) / 16 is done as
 *    J = (15 J + |D| + 8) / 16 in integers: the only rounding of the
 *    estimator, half a pts (5e-13 timestamp units) per packet at most;
 *  - timestamps are extended over their 32-bit wrap by the signed
 *    difference to the previous packet, sequence numbers over their 16-bit
 *    wrap as in RFC 3550 A.1 (MAX_DROPOUT 3000, MAX_MISORDER 100; a jump
 *    beyond is believed only when the next packet follows it, and restarts
 *    the counts, for the other side restarted: the packet of the restart
 *    is taken as a first packet, its timestamp a new base, no transit
 *    difference across it). No probation: the simulator's streams are
 *    valid from their first packet;
 *  - late loss: a fixed playout buffer anchored at the first packet (or
 *    the restart's) plays packet j at arr_0 + playout + (ts_j - ts_0) /
 *    clock; packet j is late when its transit exceeds the first one's by
 *    more than the buffer.
 *  - the E-model is double precision, formulas of G.107 (06/2015) §7 with
 *    sT = 1, mT = 100 ms (the defaults, giving the earlier Idd formula).
 * Cost: O(1) per packet, constant memory per stream. */
#include "rtpq.h"

#include <math.h>
#include <stdlib.h>
#include <strings.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

#define PTS_PER_TS 1000000000000ull      /* 10^12 pts per timestamp unit */
#define MAX_DROPOUT 3000u
#define MAX_MISORDER 100u
#define SEQ_MOD 65536u

/* Ie and Bpl: ITU-T G.113 Appendix I (11/2007), Tables I.1 and I.3.
 * G.711 with the packet loss concealment of G.711 Appendix I (Bpl 25.1;
 * 4.3 without concealment): every gateway of the embodiment conceals, as
 * G.729 does by design (G.729A + VAD: Ie 11, Bpl 19.0). */
static const struct rtpq_codec codecs[] = {
	{"PCMU", 0, 8000, 20, 160, 0.0, 25.1},
	{"PCMA", 8, 8000, 20, 160, 0.0, 25.1},
	{"G729", 18, 8000, 20, 20, 11.0, 19.0},
};
#define NCODECS (sizeof(codecs) / sizeof(codecs[0]))

const struct rtpq_codec *rtpq_codec_by_pt(unsigned pt)
{
	for (size_t i = 0; i < NCODECS; i++)
		if (codecs[i].pt == pt)
			return &codecs[i];
	return NULL;
}

const struct rtpq_codec *rtpq_codec_by_name(const char *name, uint32_t clock_hz)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NCODECS; i++)
		if (strcasecmp(codecs[i].name, name) == 0 && codecs[i].clock_hz == clock_hz)
			return &codecs[i];
	return NULL;
}

uint32_t rtpq_codec_payload(const struct rtpq_codec *c, unsigned ptime_ms)
{
	return (uint32_t)((uint64_t)c->payload_bytes * ptime_ms / c->ptime_ms);
}

struct rtpq {
	uint64_t clock_hz;
	u128 playout_pts;
	bool started;
	/* RFC 3550 A.1 */
	uint16_t max_seq;
	uint32_t cycles, base_seq, bad_seq;
	uint64_t received, late;
	/* timestamps extended over the wrap */
	uint32_t last_ts;
	int64_t ext_ts;
	/* A.8 */
	s128 transit, transit0;
	u128 jitter, jitter_max;
	/* one-way delay, over every packet counted since the first (a resync
	 * restarts `received`, not these) */
	uint64_t dmin, dmax, ndelay;
	u128 dsum;
};

/* the second of two states side by side is aligned as the first */
_Static_assert(sizeof(struct rtpq) % _Alignof(max_align_t) == 0, "rtpq_size keeps alignment");

size_t rtpq_size(void)
{
	return sizeof(struct rtpq);
}

struct rtpq *rtpq_init(void *mem, uint32_t clock_hz, uint64_t playout_ps)
{
	if (clock_hz == 0 || !mem)
		return NULL;
	struct rtpq *q = mem;
	*q = (struct rtpq){0};
	q->clock_hz = clock_hz;
	q->playout_pts = (u128)playout_ps * clock_hz;
	q->bad_seq = SEQ_MOD + 1;      /* no bad sequence yet */
	return q;
}

struct rtpq *rtpq_create(uint32_t clock_hz, uint64_t playout_ps)
{
	if (clock_hz == 0)
		return NULL;
	struct rtpq *q = malloc(sizeof(*q));
	if (!q)
		return NULL;
	return rtpq_init(q, clock_hz, playout_ps);
}

void rtpq_destroy(struct rtpq *q)
{
	free(q);
}

static void seq_init(struct rtpq *q, uint16_t seq)
{
	q->base_seq = seq;
	q->max_seq = seq;
	q->bad_seq = SEQ_MOD + 1;
	q->cycles = 0;
	q->received = 0;
	q->late = 0;          /* of the counts restarted: late is over received */
}

/* RFC 3550 A.1 update_seq without probation; false: packet not counted.
 * *restart: the counts restarted at this packet (the sender restarted). */
static bool seq_update(struct rtpq *q, uint16_t seq, bool *restart)
{
	*restart = false;
	uint16_t udelta = (uint16_t)(seq - q->max_seq);
	if (udelta < MAX_DROPOUT) {
		if (seq < q->max_seq)
			q->cycles += SEQ_MOD;
		q->max_seq = seq;
	} else if (udelta <= SEQ_MOD - MAX_MISORDER) {
		if (seq == q->bad_seq) {
			seq_init(q, seq);     /* the other side restarted */
			*restart = true;
		} else {
			q->bad_seq = (seq + 1u) & (SEQ_MOD - 1);
			return false;
		}
	}
	/* else: duplicate or reordered, counted */
	q->received++;
	return true;
}

void rtpq_packet(struct rtpq *q, uint16_t seq, uint32_t ts, uint64_t sent_ps,
                 uint64_t arr_ps)
{
	uint64_t d = arr_ps >= sent_ps ? arr_ps - sent_ps : 0;
	bool first = !q->started, restart = false;
	if (first) {
		q->started = true;
		seq_init(q, seq);
		q->received = 1;
		q->ext_ts = ts;
		q->last_ts = ts;
		q->dmin = q->dmax = d;
	} else {
		if (!seq_update(q, seq, &restart))
			return;
		/* a restarted sender may have a new timestamp base: its
		 * timestamps do not continue the old ones */
		q->ext_ts = restart ? ts : q->ext_ts + (int32_t)(ts - q->last_ts);
		q->last_ts = ts;
		if (d < q->dmin)
			q->dmin = d;
		if (d > q->dmax)
			q->dmax = d;
	}
	q->dsum += d;
	q->ndelay++;

	s128 transit = (s128)((u128)arr_ps * q->clock_hz) - (s128)q->ext_ts * (s128)PTS_PER_TS;
	if (first || restart) {
		q->transit0 = transit;         /* first packet, of the sender's run */
	} else {
		s128 dd = transit - q->transit;
		u128 ad = (u128)(dd < 0 ? -dd : dd);
		q->jitter = (15 * q->jitter + ad + 8) / 16;
		if (q->jitter > q->jitter_max)
			q->jitter_max = q->jitter;
		if (transit > q->transit0 && (u128)(transit - q->transit0) > q->playout_pts)
			q->late++;
	}
	q->transit = transit;
}

static double pts_to_ms(u128 pts, uint64_t hz)
{
	return (double)pts / (double)PTS_PER_TS / (double)hz * 1000.0;
}

void rtpq_stats(const struct rtpq *q, struct rtpq_stats *o)
{
	*o = (struct rtpq_stats){0};
	if (!q->started)
		return;
	uint64_t ext_max = (uint64_t)q->cycles + q->max_seq;
	o->received = q->received;
	o->expected = ext_max >= q->base_seq ? ext_max - q->base_seq + 1 : 0;
	o->lost = (int64_t)o->expected - (int64_t)o->received;
	o->late = q->late;
	o->jitter_pts = q->jitter > UINT64_MAX ? UINT64_MAX : (uint64_t)q->jitter;
	o->jitter_ts = (double)q->jitter / (double)PTS_PER_TS;
	o->jitter_ms = pts_to_ms(q->jitter, q->clock_hz);
	o->jitter_max_ms = pts_to_ms(q->jitter_max, q->clock_hz);
	o->delay_min_ps = q->dmin;
	o->delay_max_ps = q->dmax;
	/* the delays span every packet counted, before a resync too: the mean
	 * divides by their own count (received restarts at a resync) */
	o->delay_mean_ps = (uint64_t)(q->dsum / q->ndelay);
	if (o->expected) {
		uint64_t bad = (o->lost > 0 ? (uint64_t)o->lost : 0) + o->late;
		if (bad > o->expected)
			bad = o->expected;
		o->ppl = 100.0 * (double)bad / (double)o->expected;
	}
}

/* ---- G.107 ----------------------------------------------------------- */

void rtpq_emodel_defaults(struct rtpq_emodel *m)
{
	/* G.107 (06/2015) Table 1: default values */
	*m = (struct rtpq_emodel){
		.slr = 8, .rlr = 2, .stmr = 15, .lstr = 18, .ds = 3, .dr = 3,
		.telr = 65, .wepl = 110, .qdu = 1, .ps = 35, .pr = 35,
		.nc = -70, .nfor = -64,
		.t_ms = 0, .tr_ms = 0, .ta_ms = 0,
		.ie = 0, .bpl = 4.3, .ppl = 0, .burstr = 1, .a = 0,
	};
}

void rtpq_emodel_delay(struct rtpq_emodel *m, double one_way_ms)
{
	m->t_ms = one_way_ms;
	m->ta_ms = one_way_ms;
	m->tr_ms = 2 * one_way_ms;
}

void rtpq_emodel_r(const struct rtpq_emodel *m, struct rtpq_r *o)
{
	/* §7.2 basic signal-to-noise ratio Ro */
	double olr = m->slr + m->rlr;
	double nos = m->ps - m->slr - m->ds - 100 + 0.004 * pow(m->ps - olr - m->ds - 14, 2);
	double pre = m->pr + 10 * log10(1 + pow(10, (10 - m->lstr) / 10));
	double nor = m->rlr - 121 + pre + 0.008 * pow(pre - 35, 2);
	double nfo = m->nfor + m->rlr;
	double no = 10 * log10(pow(10, m->nc / 10) + pow(10, nos / 10) +
	                       pow(10, nor / 10) + pow(10, nfo / 10));
	double ro = 15 - 1.5 * (m->slr + no);

	/* §7.3 simultaneous impairment Is = Iolr + Ist + Iq */
	double xolr = olr + 0.2 * (64 + no - m->rlr);
	double iolr = 20 * (pow(1 + pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
	double ist = 12 * pow(1 + pow((m->stmr - 13) / 6, 8), 1.0 / 8) -
	             28 * pow(1 + pow((m->stmr + 1) / 19.4, 35), 1.0 / 35) -
	             13 * pow(1 + pow((m->stmr - 3) / 33, 13), 1.0 / 13) + 29;
	double q = 37 - 15 * log10(m->qdu);
	double g = 1.07 + 0.258 * q + 0.0602 * q * q;
	double z = 46.0 / 30 - g / 40;
	double y = (ro - 100) / 15 + 46.0 / 8.4 - g / 9;
	double iq = 15 * log10(1 + pow(10, y) + pow(10, z));
	double is = iolr + ist + iq;

	/* §7.4 delay impairment Id = Idte + Idle + Idd */
	double t = m->t_ms;
	double terv = m->telr - 40 * log10((1 + t / 10) / (1 + t / 150)) + 6 * exp(-0.3 * t * t);
	if (m->stmr < 9)
		terv += ist / 2;
	double roe = -1.5 * (no - m->rlr);
	double re = 80 + 2.5 * (terv - 14);
	double idte = ((roe - re) / 2 + sqrt((roe - re) * (roe - re) / 4 + 100) - 1) * (1 - exp(-t));
	if (m->stmr > 20)
		idte = sqrt(idte * idte + ist * ist);   /* Idte' */
	double rle = 10.5 * (m->wepl + 7) * pow(m->tr_ms + 1, -0.25);
	double idle = (ro - rle) / 2 + sqrt((ro - rle) * (ro - rle) / 4 + 169);
	double idd = 0;
	if (m->ta_ms > 100) {
		double x = log10(m->ta_ms / 100) / log10(2);
		idd = 25 * (pow(1 + pow(x, 6), 1.0 / 6) - 3 * pow(1 + pow(x / 3, 6), 1.0 / 6) + 2);
	}
	double id = idte + idle + idd;

	/* §7.5 equipment impairment with packet loss */
	double ie_eff = m->ie + (95 - m->ie) * m->ppl / (m->ppl / m->burstr + m->bpl);

	o->ro = ro;
	o->is = is;
	o->idte = idte;
	o->idle = idle;
	o->idd = idd;
	o->id = id;
	o->ie_eff = ie_eff;
	o->r = ro - is - id - ie_eff + m->a;
}

double rtpq_mos(double r)
{
	/* G.107 Annex B, (B.4) */
	if (r < 0)
		return 1.0;
	if (r > 100)
		return 4.5;
	return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}
