/* rtpq.h - quality of one RTP stream (one direction of one call) and the
 * ITU-T G.107 E-model verdict on it.
 * Models: the media half of the patent's second embodiment (Figs. 9-10,
 * claims 16-18): RTP handled by RT, whose service the call's R factor and
 * MOS judge (issue 12, item 4).
 *
 * Per stream: RFC 3550 A.8 interarrival jitter (RTP-timestamp estimator),
 * loss from sequence gaps (RFC 3550 A.1, 16-bit wrap), late loss behind a
 * fixed playout buffer, one-way delay min/mean/max. A sequence jump that
 * A.1 believes (the sender restarted) restarts the counts, the timestamp
 * base and the playout buffer's anchor; jitter takes no sample across it. Times are picoseconds
 * (the simulator's clock converted by the caller); nothing here does I/O or
 * keeps a global. */
#ifndef NICSHARE_RTPQ_H
#define NICSHARE_RTPQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- codecs ---------------------------------------------------------- */
struct rtpq_codec {
	const char *name;        /* rtpmap encoding name, e.g. "PCMU" */
	uint8_t pt;              /* static payload type (RFC 3551) */
	uint32_t clock_hz;       /* RTP timestamp clock */
	uint16_t ptime_ms;       /* default packetisation time */
	uint16_t payload_bytes;  /* RTP payload at the default ptime */
	double ie;               /* equipment impairment factor Ie (G.113 App. I) */
	double bpl;              /* packet-loss robustness factor Bpl (G.113 App. I) */
};

/* The table: PCMU (PT 0), PCMA (PT 8), G729 (PT 18). NULL when unknown. */
const struct rtpq_codec *rtpq_codec_by_pt(unsigned pt);
/* By rtpmap encoding name (case-insensitive) and clock rate. */
const struct rtpq_codec *rtpq_codec_by_name(const char *name, uint32_t clock_hz);
/* Payload bytes at ptime_ms (the codec's bit rate times ptime). */
uint32_t rtpq_codec_payload(const struct rtpq_codec *c, unsigned ptime_ms);

/* ---- one stream ------------------------------------------------------ */
struct rtpq;

/* clock_hz: the RTP timestamp clock (> 0); playout_ps: the fixed playout
 * buffer (0 = no buffer: only a packet later than the first one's transit
 * counts as late). NULL when out of memory or clock_hz is 0. */
struct rtpq *rtpq_create(uint32_t clock_hz, uint64_t playout_ps);
void rtpq_destroy(struct rtpq *q);
/* The same in memory the caller allocated (malloc'd, aligned for any
 * type, rtpq_size() bytes): a stream's state kept beside the caller's own
 * data for that stream, one allocation and no pointer to follow per
 * packet. NULL when clock_hz is 0. Not given to rtpq_destroy: the caller
 * frees the memory. */
size_t rtpq_size(void);
struct rtpq *rtpq_init(void *mem, uint32_t clock_hz, uint64_t playout_ps);

/* One packet received: RTP sequence number and timestamp, the time it was
 * sent (or entered the gateway) and the time it arrived (at the RT socket,
 * or on the wire for the outgoing direction); arr_ps >= sent_ps. */
void rtpq_packet(struct rtpq *q, uint16_t seq, uint32_t ts, uint64_t sent_ps,
                 uint64_t arr_ps);

struct rtpq_stats {
	uint64_t received;        /* packets given to rtpq_packet */
	uint64_t expected;        /* extended highest seq - first seq + 1 */
	int64_t lost;             /* expected - received (negative: duplicates) */
	uint64_t late;            /* received but after their playout instant */
	uint64_t jitter_pts;      /* J, in 10^-12 timestamp units */
	double jitter_ts;         /* J in timestamp units */
	double jitter_ms;         /* J in milliseconds */
	double jitter_max_ms;     /* largest J after any packet */
	uint64_t delay_min_ps, delay_max_ps, delay_mean_ps;   /* one-way, over every packet
	                             counted, before a resync too */
	double ppl;               /* packet loss for the E-model, percent:
	                             (max(lost,0) + late) / expected * 100 */
};
/* In C++ the function hides the type of the same name: declare the
 * result as `struct rtpq_stats st;`. */
void rtpq_stats(const struct rtpq *q, struct rtpq_stats *out);

/* ---- ITU-T G.107 (06/2015) E-model ----------------------------------- */
struct rtpq_emodel {
	/* G.107 Table 1 parameters; rtpq_emodel_defaults() sets its defaults */
	double slr, rlr, stmr, lstr, ds, dr, telr, wepl, qdu, ps, pr, nc, nfor;
	double t_ms;      /* mean one-way delay T (echo path), ms */
	double tr_ms;     /* round-trip delay Tr (4-wire loop), ms */
	double ta_ms;     /* absolute one-way delay Ta, ms */
	double ie, bpl;   /* codec */
	double ppl;       /* random packet loss, percent */
	double burstr;    /* burst ratio, 1 = random loss */
	double a;         /* advantage factor */
};
void rtpq_emodel_defaults(struct rtpq_emodel *m);
/* Set T = Ta = one_way_ms and Tr = 2 * one_way_ms (the usual symmetric
 * assumption for a one-way delay measured in one direction). */
void rtpq_emodel_delay(struct rtpq_emodel *m, double one_way_ms);
/* R = Ro - Is - Id - Ie,eff + A, with its parts. */
struct rtpq_r {
	double ro, is, id, idte, idle, idd, ie_eff, r;
};
void rtpq_emodel_r(const struct rtpq_emodel *m, struct rtpq_r *out);
/* MOS (conversational quality estimate) from R, G.107 Annex B. */
double rtpq_mos(double r);

#ifdef __cplusplus
}
#endif

#endif
