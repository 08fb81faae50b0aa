/* search.c - adversarial search for a class's worst latency. Models
 * nothing itself: it drives the engine (src/engine.c) over the freedoms a
 * scenario leaves open and compares with the analytic bound (src/bound.c).
 *
 * The freedoms (dimensions), each a duration key set with --set:
 *   traffic.rtp.N.start    in [0, ptime)            the item's phase
 *   traffic.bulk.N.start   in [0, one frame period) the flood's phase
 *   trace.offset           in [0, the longest RTP ptime, or the TDMA frame)
 * A capture's frames keep their measured spacing: its freedom here is its
 * offset against the generated streams and the TDMA frame.
 *
 * Search: candidate 0 is the scenario as written; then half the budget
 * draws every dimension uniformly (xorshift64*, seeded: same seed, same
 * candidates, same result); the other half perturbs the best so far one
 * dimension at a time by a step that halves when a round of steps finds
 * nothing better (a pattern search down to one picosecond). Each candidate
 * is loaded through scenario_load with its --set overrides, exactly as the
 * command line would, and run with every output off.
 * Cost: one engine run per candidate. */
#include "config.h"

#include "search.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../model/cost.h"
#include "bound.h"
#include "engine.h"
#include "scenario.h"
#include "units.h"

#define MAX_DIMS 64

struct dim {
	char key[48];
	uint64_t lo, hi;       /* ps, hi exclusive */
	uint64_t v;            /* current value */
};

struct srch {
	const char *path;
	const char **sets;     /* the user's, then one per dimension */
	size_t nuser;
	enum scen_class cls;
	struct dim d[MAX_DIMS];
	size_t nd;
	uint64_t rng;
	unsigned runs;
};

static uint64_t rnd(struct srch *s)
{
	/* xorshift64* (Vigna 2016) */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

static uint64_t rnd_in(struct srch *s, uint64_t lo, uint64_t hi)
{
	return hi > lo ? lo + rnd(s) % (hi - lo) : lo;
}

/* The overrides for values v[]: "KEY=VALUEps" text into bufs. */
static void mk_sets(struct srch *s, const uint64_t *v, char (*bufs)[96])
{
	for (size_t i = 0; i < s->nd; i++) {
		char t[48];
		units_format(CU_PS, v[i], t, sizeof t);
		snprintf(bufs[i], 96, "%s=%s", s->d[i].key, t);
		s->sets[s->nuser + i] = bufs[i];
	}
}

/* Run one candidate; its class maximum in cycles into *max and the frame.
 * Returns 0, or 2 (message printed). */
static int run_one(struct srch *s, const uint64_t *v, uint64_t *max, struct hist_top *top,
                   struct scenario **keep)
{
	char bufs[MAX_DIMS][96];
	mk_sets(s, v, bufs);
	struct scenario *sc = scenario_load(s->path, s->sets, s->nuser + s->nd, stderr);
	if (!sc)
		return 2;
	struct engine_opts o = {".", 0, true, false, NULL};
	struct engine_stats st;
	int rc = engine_run(sc, &o, &st, stderr);
	s->runs++;
	if (rc == 2) {
		scenario_free(sc);
		return 2;
	}
	*max = st.lat[s->cls].count ? st.lat[s->cls].max : 0;
	if (st.lat[s->cls].ntop)
		*top = st.lat[s->cls].top[0];
	else
		memset(top, 0, sizeof *top);
	if (keep)
		*keep = sc;
	else
		scenario_free(sc);
	return 0;
}

/* The freedoms of the scenario as loaded. */
static void find_dims(struct srch *s, const struct scenario *sc)
{
	uint64_t longest = 0;
	for (size_t i = 0; i < sc->n_rtp && s->nd < MAX_DIMS; i++) {
		struct dim *d = &s->d[s->nd++];
		snprintf(d->key, sizeof d->key, "traffic.rtp.%zu.start", i);
		d->lo = 0;
		d->hi = sc->rtp[i].ptime_ps;
		d->v = sc->rtp[i].start_ps;
		if (sc->rtp[i].ptime_ps > longest)
			longest = sc->rtp[i].ptime_ps;
	}
	for (size_t i = 0; i < sc->n_bulk && s->nd < MAX_DIMS; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		struct dim *d = &s->d[s->nd++];
		snprintf(d->key, sizeof d->key, "traffic.bulk.%zu.start", i);
		unsigned __int128 per = (unsigned __int128)b->frame_size * 8u * 1000000000000ull;
		per = per / b->rate_bps + (per % b->rate_bps != 0);
		d->lo = 0;
		d->hi = per > UINT64_MAX / 2 ? UINT64_MAX / 2 : (uint64_t)per;
		if (longest && d->hi > longest)
			d->hi = longest;
		d->v = b->start_ps;
	}
	if (sc->trace && s->nd < MAX_DIMS) {
		uint64_t span = longest;
		if (sc->disp != DISP_PRIORITY && sc->costs.v[C_TDMA_FRAME] > span)
			span = sc->costs.v[C_TDMA_FRAME];
		if (span) {
			struct dim *d = &s->d[s->nd++];
			snprintf(d->key, sizeof d->key, "trace.offset");
			d->lo = 0;
			d->hi = span;
			d->v = sc->trace_offset_ps;
		}
	}
	/* a start may not be at or after run.duration */
	for (size_t i = 0; i < s->nd; i++) {
		if (sc->duration_ps && s->d[i].hi > sc->duration_ps)
			s->d[i].hi = sc->duration_ps;
		if (s->d[i].v >= s->d[i].hi && s->d[i].hi > 0)
			s->d[i].hi = s->d[i].v + 1;
	}
}

static const char usage_search[] =
	"usage: nicshare search SCENARIO.yaml --class CLASS [--budget N] [--seed S]\n"
	"                       [--set KEY=VALUE ...]\n"
	"\n"
	"Search for the worst latency of CLASS (rt-rx, rt-tx, rt-rtt, gp-rx, gp-tx)\n"
	"over the start offsets of the generated streams (traffic.rtp.N.start in\n"
	"[0, ptime), traffic.bulk.N.start in [0, one frame period)) and the capture's\n"
	"offset (trace.offset): N engine runs (default 64), half drawn at random\n"
	"(seed S, default 1), half refining the worst so far. Prints the worst case,\n"
	"the --set overrides that reproduce it with `nicshare run`, and its ratio to\n"
	"the analytic bound (`nicshare bound`). Same seed, same output.\n"
	"Exit status: 0; 1 the worst case is above the analytic bound (a bug in the\n"
	"model or the bound); 2 bad usage or input, or no traffic of the class.\n";

static int parse_u64(const char *opt, const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x = strtoull(s, &end, 10);
	if (!*s || *end || s[0] == '-' || x > max) {
		fprintf(stderr, "nicshare search: %s: '%s' is not a whole number in 1..%" PRIu64 "\n",
		        opt, s, max);
		return -1;
	}
	*v = x;
	return 0;
}

static void print_case(const struct srch *s, const uint64_t *v)
{
	for (size_t i = 0; i < s->nuser; i++)
		printf(" --set '%s'", s->sets[i]);
	for (size_t i = 0; i < s->nd; i++) {
		char t[48];
		units_format(CU_PS, v[i], t, sizeof t);
		printf(" --set %s=%s", s->d[i].key, t);
	}
	putchar('\n');
}

int search_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"class", required_argument, NULL, 'c'},
		{"budget", required_argument, NULL, 'b'},
		{"seed", required_argument, NULL, 'r'},
		{"set", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct srch s;
	memset(&s, 0, sizeof s);
	s.sets = calloc((size_t)argc + MAX_DIMS + 1, sizeof *s.sets);
	const char *cls = NULL;
	uint64_t budget = 64, seed = 1;
	int rc = 2, o;
	struct scenario *sc = NULL;
	if (!s.sets)
		return 2;
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'c': cls = optarg; break;
		case 'b':
			if (parse_u64("--budget", optarg, 1000000, &budget) < 0 || budget == 0)
				goto out;
			break;
		case 'r':
			if (parse_u64("--seed", optarg, UINT64_MAX, &seed) < 0)
				goto out;
			break;
		case 's':
			if (!strchr(optarg, '=')) {
				fprintf(stderr, "nicshare search: --set needs KEY=VALUE: %s\n", optarg);
				goto out;
			}
			s.sets[s.nuser++] = optarg;
			break;
		case 'h':
			fputs(usage_search, stdout);
			rc = 0;
			goto out;
		default:
			fprintf(stderr, "nicshare search: unknown option or missing value: %s\n"
			        "Try 'nicshare search --help'.\n", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc)
		s.path = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "nicshare search: more than one scenario file: %s\n", argv[optind]);
		goto out;
	}
	if (!s.path || !cls) {
		fprintf(stderr, "nicshare search: SCENARIO and --class CLASS are required\n"
		        "Try 'nicshare search --help'.\n");
		goto out;
	}
	int ci = -1;
	for (int k = 0; k < CLS__COUNT; k++)
		if (!strcmp(cls, scen_class_name((enum scen_class)k)))
			ci = k;
	if (ci < 0) {
		fprintf(stderr, "nicshare search: --class: unknown class '%s' (rt-rx, gp-rx, rt-tx, "
		        "gp-tx, rt-rtt)\n", cls);
		goto out;
	}
	s.cls = (enum scen_class)ci;
	sc = scenario_load(s.path, s.sets, s.nuser, stderr);
	if (!sc)
		goto out;
	/* the analytic bound, and whether the class has traffic at all */
	struct bound_result br;
	char err[512];
	if (bound_compute(sc, &br, err, sizeof err) != 0) {
		fprintf(stderr, "nicshare search: %s\n", err);
		goto out;
	}
	int bi = -1;
	for (int k = 0; k < BC__COUNT; k++)
		if (bound_scen_class((enum bound_cls)k) == s.cls)
			bi = k;
	if (bi >= 0 && br.c[bi].status == BS_NO_TRAFFIC) {
		fprintf(stderr, "nicshare search: %s: no %s traffic: %s\n", s.path, cls, br.c[bi].why);
		goto out;
	}
	find_dims(&s, sc);
	if (s.nd == 0) {
		fprintf(stderr, "nicshare search: %s: nothing to vary (no traffic.rtp, traffic.bulk or "
		        "capture offset to move)\n", s.path);
		goto out;
	}
	s.rng = seed * 0x9e3779b97f4a7c15ull + 1;
	uint64_t cur[MAX_DIMS], best[MAX_DIMS], bmax = 0;
	struct hist_top btop, top;
	for (size_t i = 0; i < s.nd; i++)
		cur[i] = best[i] = s.d[i].v;
	printf("# nicshare search: %s, class %s, budget %" PRIu64 ", seed %" PRIu64 "\n", s.path,
	       cls, budget, seed);
	for (size_t i = 0; i < s.nd; i++) {
		char a[48], b[48];
		units_format(CU_PS, s.d[i].lo, a, sizeof a);
		units_format(CU_PS, s.d[i].hi, b, sizeof b);
		printf("# varies %s in [%s, %s)\n", s.d[i].key, a, b);
	}
	uint64_t hz = sc->costs.v[C_CPU_HZ];
	char t1[48];
	uint64_t m;
	if (run_one(&s, cur, &bmax, &btop, NULL) != 0)
		goto out;
	printf("candidate 0 (as written): max %s ns\n", bound_ns(bmax, hz, t1, sizeof t1));
	uint64_t nrand = budget / 2, step_div = 8;
	size_t dim = 0;
	bool improved_round = false;
	for (uint64_t k = 1; k < budget; k++) {
		if (k <= nrand) {
			for (size_t i = 0; i < s.nd; i++)
				cur[i] = rnd_in(&s, s.d[i].lo, s.d[i].hi);
		} else {
			/* pattern search around the best: dimension `dim`, +/- step */
			memcpy(cur, best, sizeof cur);
			uint64_t span = s.d[dim].hi - s.d[dim].lo;
			uint64_t step = span / step_div;
			if (step == 0)
				step = 1;
			bool up = rnd(&s) & 1;
			if (up)
				cur[dim] = best[dim] + step < s.d[dim].hi ? best[dim] + step
				                                          : s.d[dim].hi - 1;
			else
				cur[dim] = best[dim] >= s.d[dim].lo + step ? best[dim] - step : s.d[dim].lo;
			dim = (dim + 1) % s.nd;
			if (dim == 0) {
				if (!improved_round && step_div < (UINT64_MAX >> 2))
					step_div *= 2;
				improved_round = false;
			}
		}
		if (run_one(&s, cur, &m, &top, NULL) != 0)
			goto out;
		if (m > bmax) {
			bmax = m;
			btop = top;
			memcpy(best, cur, sizeof best);
			improved_round = true;
			printf("candidate %" PRIu64 ": max %s ns\n", k, bound_ns(m, hz, t1, sizeof t1));
		}
	}
	printf("worst found: %s max %s ns = %" PRIu64 " cycles (frame %s%" PRIu64 "), %u runs\n",
	       cls, bound_ns(bmax, hz, t1, sizeof t1), bmax, btop.tx ? "o" : "", btop.frame, s.runs);
	printf("reproduce: nicshare run %s --out DIR", s.path);
	print_case(&s, best);
	rc = 0;
	if (bi >= 0 && br.c[bi].status == BS_OK) {
		uint64_t b = br.c[bi].cycles;
		char t2[48];
		printf("analytic bound: %s ns = %" PRIu64 " cycles; worst found / bound = %.3f\n",
		       bound_ns(b, hz, t2, sizeof t2), b, b ? (double)bmax / (double)b : 0.0);
		if (bmax > b) {
			fprintf(stderr, "nicshare search: the worst case found is above the analytic "
			        "bound: a bug in the model or in the bound (doc/bound.md)\n");
			rc = 1;
		}
	} else if (bi >= 0) {
		printf("analytic bound: none: %s\n", br.c[bi].why);
	}
out:
	if (sc)
		scenario_free(sc);
	free(s.sets);
	return rc;
}
