/* bound.h - a worst-case latency bound for each RT class, computed from the
 * configuration alone by response-time analysis of what the model does
 * (doc/bound.md derives every term). Models: the RT guarantees of claims
 * 5-7 (strict transmit precedence) and of the dispatcher 400 of Fig. 2, as
 * the engine implements them (doc/engine.md).
 *
 * bound_compute() is a pure function of the loaded scenario (it reads the
 * capture named by trace.file to measure its arrivals, with the model's own
 * wire). Each bound is a sum of terms; each term has a value in cycles and
 * names the configuration keys it comes from. */
#ifndef NICSHARE_BOUND_H
#define NICSHARE_BOUND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "scenario.h"

enum bound_cls { BC_RT_RX = 0, BC_RT_TX, BC_RT_RTT, BC__COUNT };

enum bound_status {
	BS_OK = 0,        /* a bound: cycles, terms */
	BS_NO_TRAFFIC,    /* the scenario has no traffic of this class */
	BS_NONE,          /* no bound exists: why */
};

#define BOUND_MAX_TERMS 24

struct bound_term {
	char name[128];       /* what the term is, with its count */
	char key[224];        /* the configuration keys it comes from */
	uint64_t cycles;
	bool minus;           /* taken off (a head start), not added */
};

struct bound_class {
	enum bound_status status;
	char why[384];        /* BS_NONE / BS_NO_TRAFFIC: the reason */
	uint64_t cycles;      /* BS_OK: the bound, the sum of the terms (those
	                         marked minus taken off) */
	struct bound_term t[BOUND_MAX_TERMS];
	unsigned nt;
};

struct bound_result {
	uint64_t hz;
	struct bound_class c[BC__COUNT];
	/* what the analysis assumed, for the printout */
	bool gp_may_work;     /* GP can hold the CPU (world switches are paid) */
	bool gp_tx;           /* GP frames can be on the transmit path */
	uint64_t rx_frames;   /* capture frames the NIC may accept */
	uint64_t calls;       /* generated calls in the analysis (calls.generator) */
	uint32_t calls_peak;  /* their schedule's peak (callgen_peak) */
	/* GP's bulk frames (traffic.bulk), when bounded (doc/bound.md, "GP's
	 * bulk frames on their way out"): each leaves the wire within gp_busy
	 * cycles of its send request (0: not bounded), so at most gp_pend are
	 * on their way out at once. Every run checks gp-tx against it. */
	uint64_t gp_busy, gp_pend;
};

/* Compute every class's bound. Returns 0, or 2 when the capture cannot be
 * read (message in err). */
int bound_compute(const struct scenario *sc, struct bound_result *r, char *err, size_t errlen);

/* After a run: the measured gp-tx maximum against r->gp_busy, as
 * bound_check_class() does (one line into v). -1 when nothing was checked
 * (no GP frame sent, or GP's bulk frames not bounded), 0 within, 1 above. */
int bound_check_gp(const struct bound_result *r, const struct engine_stats *st, FILE *v);

/* The bound of a finished run: DIR/config.yaml (the effective
 * configuration `nicshare run` writes) loaded and analysed. 0, or 2 with a
 * message in err. For the sweep's merge, when a run left it out of
 * summary.json (BOUND_RUN_MAX_FRAMES). */
int bound_run_dir(const char *dir, struct bound_result *r, char *err, size_t errlen);

enum scen_class bound_scen_class(enum bound_cls c);
const char *bound_cls_name(enum bound_cls c);

/* Print one class (bound, every term with value and key), as `nicshare
 * bound` does. */
void bound_print_class(const struct bound_result *r, enum bound_cls c, FILE *out);

/* The result as one JSON object (jansson), for summary.json's "bound" and
 * `nicshare bound --json`: per class {"status": "ok", "cycles", "ns",
 * "terms": [{"name", "key", "cycles", "ns", "sign": 1 or -1}]}, or
 * {"status": "no-traffic" | "none", "why"}. ns are strings with three
 * decimals, rounded up. NULL when out of memory; the caller json_decref()s
 * it (declared void * to keep jansson out of this header). */
void *bound_json(const struct bound_result *r);

/* After a run: class c's measured maximum against its bound, one line
 * into `v` ("bound ok" or "bound FAIL", the measured maximum and the bound,
 * and for a FAIL every frame above the bound, from st's top samples; "bound
 * note" when the class has no bound). Returns -1 when nothing was checked
 * (no samples, or no bound), 0 when within, 1 when above. */
int bound_check_class(const struct bound_result *r, enum bound_cls c,
                      const struct engine_stats *st, FILE *v);

/* After a run, the bound is computed (summary.json's "bound", verify.txt's
 * bound lines) only for captures of at most this many frames: the
 * analysis holds about 64 bytes a frame, and a run's memory must not grow
 * with the capture (SPEC A1). Above it, `nicshare bound` computes it. */
#define BOUND_RUN_MAX_FRAMES 200000u
/* Whether a run of `frames` input frames is left unbounded by that limit:
 * only a capture is held; generated traffic leaves nothing to hold. */
static inline bool bound_run_too_big(const struct scenario *sc, uint64_t frames)
{
	return sc->trace && frames > BOUND_RUN_MAX_FRAMES;
}

/* A computer of a world that was handed frames from the network: the
 * analysis knows its own capture and traffic only. The note that says so,
 * in summary.json's bound and verify.txt's "bound note", into b. */
static inline void bound_handed_note(uint64_t handed, char *b, size_t n)
{
	snprintf(b, n, "not checked: this computer was handed %llu frame%s from the network; "
	         "the analysis (doc/bound.md) covers its own capture and traffic only",
	         (unsigned long long)handed, handed == 1 ? "" : "s");
}

/* The analysis of one run, computed at most once: summary.json's "bound"
 * and verify's bound check share it (each reads the capture again
 * otherwise). Zero-initialise; bound_once_free() at the end. */
struct bound_once {
	bool done;
	int rc;                   /* bound_compute's: 0, or 2 with why */
	char why[512];
	struct bound_result *r;   /* when rc is 0 */
};
/* bound_compute(sc) on the first call, the same result after: NULL with
 * *why (the reason) when there is none. */
const struct bound_result *bound_once_get(struct bound_once *b, const struct scenario *sc,
                                          const char **why);
void bound_once_free(struct bound_once *b);

/* `nicshare bound [SCENARIO] [--set K=V ...]`. */
int bound_main(int argc, char **argv);

/* Cycles to ns with three decimals, as text. */
const char *bound_ns(uint64_t cycles, uint64_t hz, char *buf, size_t n);

#endif
