/* engine.h - the single-computer run (the first embodiment, Figs. 2-3 and
 * 7-8): one node (node.h) built from the scenario, its trace files
 * subscribed, driven to the end, its conservation checked and its summary
 * written; and `classify`, the routing decision alone. The computer itself,
 * its components and the order of same-cycle events are node.c's and
 * evq.h's; doc/engine.md walks a frame through them. */
#ifndef NICSHARE_ENGINE_H
#define NICSHARE_ENGINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/verdict.h"
#include "hist.h"
#include "scenario.h"

struct bound_once;
struct engine_opts {
	const char *outdir;     /* where outputs go (must be prepared) */
	unsigned outputs;       /* mask of enum out_kind */
	bool quiet;             /* no progress line, no warnings */
	bool progress;          /* stderr is a terminal: show progress */
	volatile sig_atomic_t *stop;  /* set by a signal handler: abandon the run */
	struct bound_once *bound;     /* the caller's, for summary.json and then
	                                 verify (bound.h); NULL: the run's own */
	unsigned threads;       /* a world on the exact network: hosts run at
	                           once at most (0: the processors online);
	                           no output depends on it */
};

/* One latency class at the end of a run, in cycles (hist.h's method). */
struct engine_lat {
	uint64_t count, min, p50, p90, p99, p999, max;
	struct hist_top top[HIST_TOPK];   /* the largest samples, largest first */
	unsigned ntop;
};

struct engine_stats {
	uint64_t end_cycle;     /* simulated time at the end */
	uint64_t hz;            /* cycles per second */
	uint64_t frames;        /* input frames read */
	uint64_t injected;      /* of them, a generated call's far end's, numbered
	                           among the capture's in their arrival order */
	uint64_t events;        /* events processed */
	double wall_s;          /* wall-clock seconds of the run */
	uint64_t dec[DEC__COUNT];             /* input frames by decision */
	uint64_t reason[DEC__COUNT][R__COUNT];/* ... by decision and reason */
	uint64_t out_generated, out_sent;
	uint64_t out_drop[R__COUNT];          /* outgoing frames dropped, by reason */
	struct engine_lat lat[CLS__COUNT];
	struct bound_once *bound;             /* the run's analytic bound, computed
	                                         once (engine_opts.bound), or NULL */
};

/* Run the scenario to its end. Returns 0 when every check held, 1 when a
 * check failed (conservation, verification), 2 on bad input (message on
 * err naming the file and frame). Outputs are committed only on 0 or 1. */
int engine_run(const struct scenario *sc, const struct engine_opts *o,
               struct engine_stats *st, FILE *err);

struct node_stats;
struct calls;
/* A node's statistics as a run's: counts copied, percentiles computed. */
void engine_fill_stats(const struct node_stats *ns, double wall_s, struct engine_stats *st);
/* DIR/calls.tsv: one line per call of GP's SIP engine (doc/outputs.md); the
 * header alone when calls is NULL (calls.sip off) or there was no call.
 * 0, or -1 with err. */
int engine_write_calls(const char *dir, const struct calls *calls, char *err, size_t errlen);

/* The routing decision alone (N0, N1, N1b, C1-C4), no timing: prints
 * routing.tsv to out. Returns 0, or 2 on bad input. */
int engine_classify(const struct scenario *sc, FILE *out, FILE *err);

#endif
