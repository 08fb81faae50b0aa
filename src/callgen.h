/* callgen.h - the call generator: a deterministic schedule of voice calls
 * (set-up and tear-down instants, codec, ports, RTP parameters) and the
 * far end's answers to them.
 * Models: the offered load of the second embodiment (Figs. 9-10, claims
 * 16-18; issue 12, item 3): calls set up by GP's SIP engine whose RTP RT
 * carries. Until the far end is a host of its own, it is this model with
 * fixed response delays.
 *
 * Times are picoseconds from the start of the run. The schedule assumes GP
 * answers at once: the engine shifts the far end's answers by GP's real
 * processing (each far-end delay counts from the message it answers). */
#ifndef NICSHARE_CALLGEN_H
#define NICSHARE_CALLGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/rtpq.h"

enum callgen_mode {
	CALLGEN_FIXED = 0,   /* count calls, one every spacing_ps from start_ps */
	CALLGEN_POISSON,     /* Poisson arrivals at rate_per_s in [start, start + window) */
};

enum callgen_codec { CG_PCMU = 0, CG_PCMA, CG_G729, CG__N };

#define CALLGEN_SHIFTS 64           /* calls.generator.shift: at most this many */

struct callgen_cfg {
	enum callgen_mode mode;
	uint64_t seed;
	uint32_t count;              /* fixed: calls; poisson: at most (0: no cap) */
	uint64_t start_ps;
	uint64_t spacing_ps;         /* fixed: between two call starts */
	double rate_per_s;           /* poisson: arrivals per second (> 0) */
	uint64_t window_ps;          /* poisson: arrivals in [start, start + window) */
	uint64_t hold_ps;            /* holding time (answer to hang-up); the mean
	                                when hold_exp */
	bool hold_exp;               /* exponential holding times */
	uint32_t weight[CG__N];      /* codec mix, relative weights (all 0: PCMU) */
	uint16_t ptime_ms;           /* 0: each codec's default */
	uint32_t out_pct;            /* percent of calls GP places (INVITE out) */
	uint16_t port_base, ports;   /* local RTP ports: port_base + 2k, k < ports */
	uint16_t far_port;           /* the far end's first RTP port */
	uint64_t port_guard_ps;      /* a pair is taken again only this long after
	                                its call's end in the schedule */
	/* the far end: delays from the message answered */
	uint64_t d100_ps, d180_ps, d200_ps;   /* to an INVITE */
	uint64_t dack_ps;            /* ACK after a 200 OK */
	uint64_t dbye_ok_ps;         /* 200 OK after a BYE */
	/* calls.generator.shift: call i + 1's INVITE moved later by shift_ps[i]
	 * (i < n_shift; the search's freedom to make calls collide) */
	uint64_t shift_ps[CALLGEN_SHIFTS];
	uint32_t n_shift;
};

/* The defaults (doc/scenario.md, calls.generator.*). */
void callgen_defaults(struct callgen_cfg *c);

struct callgen_call {
	uint32_t id;                 /* 1-based, in start order */
	bool outgoing;               /* GP sends the INVITE (else the far end) */
	bool far_hangs_up;           /* the far end sends the BYE */
	char call_id[40];            /* "cg-<seed hex>-<id>" */
	/* instants with GP answering at once */
	uint64_t t_invite, t_100, t_180, t_200, t_ack, t_bye, t_bye_ok;
	uint64_t hold_ps;
	const struct rtpq_codec *codec;
	uint16_t ptime_ms;
	uint32_t payload_bytes;      /* RTP payload per packet */
	uint64_t packets;            /* per direction: hold / ptime, rounded down */
	uint16_t local_port, far_port;
	uint32_t ssrc_local, ssrc_far;
	uint16_t seq0_local, seq0_far;
	uint32_t ts0_local, ts0_far;
};

struct callgen;
/* NULL with a sentence in err when the configuration cannot make a
 * schedule (a value out of range, more concurrent calls than ports, a
 * far RTP port past 65535, an instant past 2^64 ps); a sentence about one
 * key starts with its name. */
struct callgen *callgen_create(const struct callgen_cfg *cfg, char *err, size_t errlen);
void callgen_destroy(struct callgen *g);
/* The largest RTP payload of the codecs the mix may draw, in bytes, with
 * that codec and its packetisation time; 0 (and nothing set) with no
 * codec in the mix. */
uint32_t callgen_max_payload(const struct callgen_cfg *cfg, const struct rtpq_codec **codec,
                             unsigned *ptime_ms);
size_t callgen_count(const struct callgen *g);
const struct callgen_call *callgen_get(const struct callgen *g, size_t i);   /* 0-based */
/* The largest number of calls in progress at once (INVITE to BYE's 200). */
uint32_t callgen_peak(const struct callgen *g);

/* The billing record GP sends at hang-up: "caller\tcallee\tstart_ns\t
 * duration_ns\n" (start: the 200 OK; duration: to the BYE). Returns the
 * length snprintf would. */
int callgen_billing(const struct callgen_call *c, char *buf, size_t n);

/* The generator's PRNG, exposed for its tests: xoshiro256** seeded by
 * splitmix64. */
struct callgen_rng { uint64_t s[4]; };
void callgen_rng_seed(struct callgen_rng *r, uint64_t seed);
uint64_t callgen_rng_next(struct callgen_rng *r);
double callgen_rng_unit(struct callgen_rng *r);       /* (0, 1] */
double callgen_rng_exp(struct callgen_rng *r, double mean);

#endif
