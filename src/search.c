/* search.c - adversarial search for a class's worst latency. Models
 * nothing itself: it drives the engine (src/engine.c) over the freedoms a
 * scenario leaves open and compares with the analytic bound (src/bound.c).
 *
 * The freedoms (dimensions), each a duration key set with --set:
 *   traffic.rtp.N.start    in [0, ptime)            the item's phase
 *   traffic.bulk.N.start   in [0, one frame period) the flood's phase
 *   trace.offset           in [0, the longest RTP ptime, or the TDMA frame)
 *   calls.generator.shift  item N in [0, the last call's INVITE - call N+1's
 *                          + the longest ptime): calls made to collide, one
 *                          --set for the list
 * each within run.duration, and widened to [0, the value as written + 1 ps)
 * when that is past the range (doc/bound.md): candidate 0 lies in it.
 * and, with --jitter D, each capture frame's time delayed by 0 to D ns: the
 * capture is rewritten per candidate (the worst one kept with --write).
 * Every candidate is also checked against its own analytic bound (with
 * --jitter its arrivals are its own).
 *
 * Search: candidate 0 is the scenario as written (with generated calls
 * it also records each call's frames, src/callprobe.h); then half the
 * budget draws every dimension uniformly (xorshift64*, seeded: same seed,
 * same candidates, same result; with generated calls every other draw
 * moves them together: set-ups colliding, or the calls in phase,
 * align_calls, and the draws between are constructed from candidate 0's
 * record: one call's RTP just after the other calls' frames,
 * construct_calls); the other half perturbs the best so far one
 * dimension at a time by a step that halves when a round of steps finds
 * nothing better (a pattern search down to one picosecond). Each candidate
 * is loaded through scenario_load with its --set overrides, exactly as the
 * command line would, and run with every output off.
 * Cost: one engine run per candidate. */
#include "config.h"

#include "search.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/cost.h"
#include "bound.h"
#include "capin.h"
#include "callgen.h"
#include "capout.h"
#include "callprobe.h"
#include "engine.h"
#include "paths.h"
#include "scenario.h"
#include "units.h"

#define MAX_DIMS 64

struct dim {
	char key[48];
	uint64_t lo, hi;       /* ps, hi exclusive */
	uint64_t v;            /* current value */
	/* an item of calls.generator.shift (one --set for all of them): the
	 * call's INVITE unshifted, and its ptime, in ps */
	bool shift;
	uint64_t t0, ptime;
	uint64_t hang;         /* its hang-up after its INVITE (callgen's, GP
	                          answering at once), ps */
	uint64_t packets;      /* its RTP packets each way */
	size_t call;           /* its index in the schedule */
};

struct capframe {
	uint64_t ns;           /* capture time, ns since the epoch */
	uint32_t caplen, wirelen;
	uint8_t *data;
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
	/* --jitter: each capture frame's time may move later by up to this */
	uint64_t jitter_ns;
	struct capframe *fr;
	size_t nfr;
	uint64_t *jit, *bjit;  /* the candidate's and the best's delays, ns */
	char tmpdir[PATH_MAX], cand[PATH_MAX + 16], setbuf[PATH_MAX + 32];
	/* set on SIGINT/SIGTERM (cli_catch_stop): the engine abandons its run,
	 * the search stops */
	volatile sig_atomic_t *stop;
	char shiftbuf[MAX_DIMS * 40 + 48];   /* calls.generator.shift=[...] */
	/* every candidate against its own analytic bound */
	uint64_t above, checked;
	/* candidates with at least one sample of the class: none, no traffic
	 * of it (a GP class has no analytic bound to say so beforehand) */
	uint64_t sampled;
	/* the calls' frames in candidate 0 (src/callprobe.h), for the
	 * constructed draws; NULL: none */
	struct callprobe *probe;
	/* the freedoms past MAX_DIMS, left as written: "# ..." lines for the
	 * header (NULL: none) */
	char *left;
};

static uint64_t rnd(struct srch *s)
{
	/* xorshift64* (Vigna 2016) */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

/* splitmix64 (Steele, Lea, Flood 2014): a bijection of 64 bits */
static uint64_t splitmix64(uint64_t x)
{
	uint64_t z = x + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd_in(struct srch *s, uint64_t lo, uint64_t hi)
{
	return hi > lo ? lo + rnd(s) % (hi - lo) : lo;
}

/* The override text of dimension i at value x into buf (n bytes); the
 * shift items all go into the one calls.generator.shift list, written
 * with its first item (an empty text for the others). */
static void set_text(const struct srch *s, const uint64_t *v, size_t i, char *buf, size_t n)
{
	char t[48];
	buf[0] = 0;
	if (!s->d[i].shift) {
		units_format(CU_PS, v[i], t, sizeof t);
		snprintf(buf, n, "%s=%s", s->d[i].key, t);
		return;
	}
	if (i > 0 && s->d[i - 1].shift)
		return;
	size_t o = (size_t)snprintf(buf, n, "calls.generator.shift=[");
	for (size_t j = i; j < s->nd && s->d[j].shift && o < n; j++) {
		units_format(CU_PS, v[j], t, sizeof t);
		o += (size_t)snprintf(buf + o, n - o, "%s%s", j > i ? ", " : "", t);
	}
	if (o < n)
		snprintf(buf + o, n - o, "]");
}

/* The overrides for values v[] into bufs; returns how many sets there are. */
static size_t mk_sets(struct srch *s, const uint64_t *v, char (*bufs)[96])
{
	size_t n = s->nuser;
	for (size_t i = 0; i < s->nd; i++) {
		if (s->d[i].shift && i > 0 && s->d[i - 1].shift)
			continue;                 /* in the list written with the first */
		char *b = s->d[i].shift ? s->shiftbuf : bufs[i];
		set_text(s, v, i, b, s->d[i].shift ? sizeof s->shiftbuf : 96);
		if (b[0])
			s->sets[n++] = b;
	}
	return n;
}

/* Write the capture with delays jit[] (ns) added to its frames' times. */
static int write_jittered(const struct srch *s, const uint64_t *jit, const char *path)
{
	char err[512];
	struct capout *c = capout_open(path, 262144, err, sizeof err);
	if (!c) {
		fprintf(stderr, "nicshare search: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < s->nfr; i++)
		capout_write(c, s->fr[i].ns + jit[i], s->fr[i].data, s->fr[i].caplen, s->fr[i].wirelen);
	if (capout_close(c, 1, err, sizeof err) < 0) {
		fprintf(stderr, "nicshare search: %s\n", err);
		return -1;
	}
	return 0;
}

/* Run one candidate; its class maximum in cycles into *max, its largest
 * sample into *top and its own bound into *bnd. With probe, the run also
 * records the calls' frames (callprobe_run) into s->probe. Returns 0, or 2
 * (message printed). */
static int run_one(struct srch *s, const uint64_t *v, uint64_t *max, struct hist_top *top,
                   uint64_t *bnd, bool probe)
{
	char bufs[MAX_DIMS][96];
	size_t n = mk_sets(s, v, bufs);
	if (s->jitter_ns) {
		if (write_jittered(s, s->jit, s->cand) < 0)
			return 2;
		snprintf(s->setbuf, sizeof s->setbuf, "trace.file=%s", s->cand);
		s->sets[n++] = s->setbuf;
	}
	struct scenario *sc = scenario_load(s->path, s->sets, n, stderr);
	if (!sc)
		return 2;
	struct engine_opts o = {".", 0, true, false, s->stop, NULL, 0};
	struct engine_stats st;
	int rc = probe ? callprobe_run(sc, &s->probe, &st, stderr) : engine_run(sc, &o, &st, stderr);
	s->runs++;
	if (rc == 2) {
		scenario_free(sc);
		return 2;
	}
	*max = st.lat[s->cls].count ? st.lat[s->cls].max : 0;
	s->sampled += st.lat[s->cls].count != 0;
	if (st.lat[s->cls].ntop)
		*top = st.lat[s->cls].top[0];
	else
		memset(top, 0, sizeof *top);
	/* this candidate's own bound (a capture's arrivals are its own) */
	struct bound_result br;
	char err[256];
	*bnd = 0;
	if (bound_compute(sc, &br, err, sizeof err) == 0) {
		for (int k = 0; k < BC__COUNT; k++)
			if (bound_scen_class((enum bound_cls)k) == s->cls && br.c[k].status == BS_OK)
				*bnd = br.c[k].cycles;
		/* gp-tx: GP's bulk frames' bound, when there is one
		 * (bound_check_gp; before review n30 a gp-tx search checked no
		 * candidate) */
		if (s->cls == CLS_GP_TX)
			*bnd = br.gp_busy;
	}
	if (*bnd && *max) {
		s->checked++;
		if (*max > *bnd) {
			s->above++;
			fprintf(stderr, "nicshare search: candidate %u: max %" PRIu64 " cycles is above "
			        "its analytic bound %" PRIu64 " cycles (a bug in the model or in the "
			        "bound)\n", s->runs - 1, *max, *bnd);
		}
	}
	scenario_free(sc);
	return 0;
}

/* --jitter: read the capture's frames once (they are rewritten per
 * candidate); a capture marking frames as sent by the host is refused, as
 * its rewrite could not keep the mark, one of cooked frames "to us" or "to
 * another host" when the timeline changes the MAC likewise (review n43),
 * and one without frames too. */
static int load_frames(struct srch *s, const struct scenario *sc)
{
	char err[512] = "";
	struct capin *c = capin_open(sc->trace, sc->mac, err, sizeof err);
	if (!c) {
		fprintf(stderr, "nicshare search: %s\n", err);
		return -1;
	}
	bool mac_moves = false;
	for (size_t i = 0; i < sc->n_tl; i++)
		mac_moves |= sc->tl[i].kind == TL_MAC;
	struct capin_frame f;
	int rc;
	size_t cap = 0;
	while ((rc = capin_next(c, &f, err, sizeof err)) == 1) {
		/* a cooked frame addressed by its packet type ("to us", "to
		 * another host") gets its destination from the host's MAC at its
		 * arrival (input.c); rewritten, it would keep the scenario's */
		bool cooked = mac_moves && (f.to_host || f.to_other);
		if (f.dir == CAPIN_DIR_OUT || f.ts_sec < 0 || cooked) {
			fprintf(stderr, "nicshare search: --jitter: %s: frame %" PRIu64 " %s\n", sc->trace,
			        f.index, f.ts_sec < 0 ? "is stamped before 1970" :
			        cooked ? "is addressed by its cooked packet type while the timeline "
			                 "changes the host's MAC: the rewritten capture could not keep that" :
			        "is marked as sent by the host: the rewritten capture could not keep that");
			rc = -1;
			break;
		}
		if (s->nfr == cap) {
			cap = cap ? cap * 2 : 1024;
			struct capframe *n = realloc(s->fr, cap * sizeof *n);
			if (!n) {
				rc = -1;
				break;
			}
			s->fr = n;
		}
		struct capframe *x = &s->fr[s->nfr];
		x->ns = (uint64_t)f.ts_sec * 1000000000u + f.ts_nsec;
		x->caplen = f.caplen;
		x->wirelen = f.wirelen;
		x->data = malloc(f.caplen ? f.caplen : 1);
		if (!x->data) {
			rc = -1;
			break;
		}
		memcpy(x->data, f.data, f.caplen);
		s->nfr++;
	}
	if (rc < 0 && err[0])
		fprintf(stderr, "nicshare search: %s\n", err);
	capin_close(c);
	if (rc < 0)
		return -1;
	if (s->nfr == 0) {         /* nothing to delay, nothing to draw a frame from */
		fprintf(stderr, "nicshare search: --jitter: %s: the capture has no frame to delay\n",
		        sc->trace);
		return -1;
	}
	s->jit = calloc(s->nfr + 1, sizeof *s->jit);
	s->bjit = calloc(s->nfr + 1, sizeof *s->bjit);
	return s->jit && s->bjit ? 0 : -1;
}

/* A freedom that MAX_DIMS leaves as written, said in the header: the
 * search does not vary it (its reproduction line keeps the scenario's). */
static void left_as_written(FILE *m, const char *key)
{
	if (m)
		fprintf(m, "# leaves %s as written (a search varies at most %d keys)\n", key,
		        MAX_DIMS);
}

/* The freedoms of the scenario as loaded. */
static void find_dims(struct srch *s, const struct scenario *sc)
{
	uint64_t longest = 0;
	size_t ln;
	FILE *m = open_memstream(&s->left, &ln);
	char key[48];
	for (size_t i = 0; i < sc->n_rtp; i++) {
		if (sc->rtp[i].ptime_ps > longest)
			longest = sc->rtp[i].ptime_ps;
		snprintf(key, sizeof key, "traffic.rtp.%zu.start", i);
		if (s->nd == MAX_DIMS) {
			left_as_written(m, key);
			continue;
		}
		struct dim *d = &s->d[s->nd++];
		snprintf(d->key, sizeof d->key, "traffic.rtp.%zu.start", i);
		d->lo = 0;
		d->hi = sc->rtp[i].ptime_ps;
		d->v = sc->rtp[i].start_ps;
	}
	for (size_t i = 0; i < sc->n_bulk; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		snprintf(key, sizeof key, "traffic.bulk.%zu.start", i);
		if (s->nd == MAX_DIMS) {
			left_as_written(m, key);
			continue;
		}
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
	if (sc->trace) {
		uint64_t span = longest;
		if (sc->disp != DISP_PRIORITY && sc->costs.v[C_TDMA_FRAME] > span)
			span = sc->costs.v[C_TDMA_FRAME];
		if (span && s->nd == MAX_DIMS) {
			left_as_written(m, "trace.offset");
		} else if (span) {
			struct dim *d = &s->d[s->nd++];
			snprintf(d->key, sizeof d->key, "trace.offset");
			d->lo = 0;
			d->hi = span;
			d->v = sc->trace_offset_ps;
		}
	}
	/* generated calls (the far end a model): each call's INVITE moved
	 * later by calls.generator.shift in [0, the last call's INVITE - its
	 * own + the longest ptime): any call onto any later one, at any phase
	 * of the RTP */
	char gerr[256];
	struct callgen *g = sc->gen_mode && !sc->far_remote
	                    ? callgen_create(&sc->gen, gerr, sizeof gerr) : NULL;
	size_t nc = g ? callgen_count(g) : 0;
	if (nc > CALLGEN_SHIFTS)
		nc = CALLGEN_SHIFTS;
	uint64_t last = 0, pt = 0;
	for (size_t i = 0; i < nc; i++) {
		const struct callgen_call *k = callgen_get(g, i);
		uint64_t sh = i < sc->gen.n_shift ? sc->gen.shift_ps[i] : 0;
		if (k->t_invite - sh > last)
			last = k->t_invite - sh;
		if ((uint64_t)k->ptime_ms * 1000000000ull > pt)
			pt = (uint64_t)k->ptime_ms * 1000000000ull;
	}
	/* all the calls or none: the one list sets every call's shift, and
	 * a call past it would lose the shift the scenario gives it */
	if (nc > MAX_DIMS - s->nd) {
		snprintf(key, sizeof key, "calls.generator.shift (%zu calls)", nc);
		left_as_written(m, key);
		nc = 0;
	}
	for (size_t i = 0; i < nc; i++) {
		const struct callgen_call *k = callgen_get(g, i);
		struct dim *d = &s->d[s->nd++];
		snprintf(d->key, sizeof d->key, "calls.generator.shift.%zu", i);
		d->shift = true;
		d->v = i < sc->gen.n_shift ? sc->gen.shift_ps[i] : 0;
		d->t0 = k->t_invite - d->v;
		d->ptime = (uint64_t)k->ptime_ms * 1000000000ull;
		d->hang = k->t_bye > k->t_invite ? k->t_bye - k->t_invite : 0;
		d->packets = k->packets;
		d->call = i;
		d->lo = 0;
		d->hi = last - d->t0 + pt;
	}
	callgen_destroy(g);
	if (m)
		fclose(m);
	/* a start may not be at or after run.duration */
	for (size_t i = 0; i < s->nd; i++) {
		if (sc->duration_ps && s->d[i].hi > sc->duration_ps)
			s->d[i].hi = sc->duration_ps;
		if (s->d[i].v >= s->d[i].hi && s->d[i].hi > 0)
			s->d[i].hi = s->d[i].v + 1;
	}
}

/* Calls in phase: every call keeps its place in the schedule (moved by
 * less than its ptime) and its INVITE is put at a phase, modulo its
 * ptime, of one call drawn as the reference, give or take up to 2^j us
 * (j drawn in 0..5): the reference's INVITE, or (every other draw) its
 * hang-up. The far end's delays (d100, d180, d200) are whole multiples
 * of 10 ms in the library, so calls in phase at their INVITEs send and
 * receive their RTP within microseconds of each other all through their
 * talk, and at the reference's hang-up phase their RTP meets its BYE, its
 * 200 and its billing record (a holding time is no multiple of ptime),
 * while their set-ups stay apart (GP answers each at once): what the
 * collide draws, which set all calls up together behind GP's one SIP
 * engine, seldom reach. Other dimensions drawn as before. */
static void align_calls(struct srch *s, uint64_t *cur)
{
	size_t ref = s->nd, nsh = 0;
	for (size_t i = 0; i < s->nd; i++)
		nsh += s->d[i].shift;
	uint64_t pick = rnd(s) % (nsh ? nsh : 1), spread = 1000000ull << (rnd(s) % 6);
	bool at_hang = rnd(s) & 1;
	for (size_t i = 0, j = 0; i < s->nd; i++)
		if (s->d[i].shift && j++ == pick)
			ref = i;
	for (size_t i = 0; i < s->nd; i++) {
		const struct dim *d = &s->d[i];
		if (!d->shift || ref == s->nd || d->ptime == 0) {
			cur[i] = rnd_in(s, d->lo, d->hi);
			continue;
		}
		uint64_t p = d->ptime, own = d->t0 % p;
		uint64_t t = (s->d[ref].t0 % p + (at_hang && i != ref ? s->d[ref].hang % p : 0)) % p;
		uint64_t v = ((t + p - own) % p + rnd_in(s, 0, spread)) % p;
		cur[i] = v < d->hi ? v : d->hi - 1;
	}
}

/* The instants T (ps) at which call dimension d's event at offset off
 * (after its INVITE) can be put, given that it happens at T + eps: one
 * event [lo, hi); a stream of n packets every per from off, any of them. */
static void place_range(const struct dim *d, int64_t off, int64_t eps, uint64_t n, uint64_t per,
                        int64_t *lo, int64_t *hi)
{
	int64_t at = (int64_t)d->t0 + off - eps;
	*lo = at + (int64_t)d->lo;
	*hi = at + (int64_t)d->hi + (n > 1 ? (int64_t)((n - 1) * per) : 0);
}

/* The shift that puts the event (or the stream's packet nearest below) at
 * T + eps; T in place_range's interval. */
static uint64_t place_shift(const struct dim *d, int64_t off, int64_t eps, uint64_t n, uint64_t per,
                            int64_t t)
{
	int64_t u = t + eps - (int64_t)d->t0 - off;
	uint64_t v = u > 0 ? (uint64_t)u : 0;
	if (n > 1 && per) {
		uint64_t k = v / per;
		if (k > n - 1)
			k = n - 1;
		v -= k * per;
		while (v < d->lo && k-- > 0)
			v += per;
	}
	return v < d->lo ? d->lo : v >= d->hi ? d->hi - 1 : v;
}

/* Constructed collisions (issue 14 item 3): from candidate 0's record of
 * each call's frames (src/callprobe.h; a call's frames keep their offsets
 * from its INVITE when it is moved), one call X is drawn whose RTP of the
 * class (RT's sends for rt-tx, the far end's for rt-rx) is put at T +
 * delta, and every other call, in a drawn order, puts one of its own
 * frames at T + eps: for rt-tx mostly GP's (its 100, 180 or 200, its
 * INVITE or ACK, BYE, the 200 to a BYE, the billing record: committed to
 * the NIC ahead of X's packet), else one of its RTP packets, or a far
 * end's message (RT's input work); for rt-rx the far end's RTP and SIP
 * (arriving back to back) and GP's frames (their TX completions on RT).
 * delta is drawn in [0, 2^j us), j in 0..6 (GP's frame takes about 20 us
 * from its request to the wire); eps is 0 (one instant: the frames queue)
 * or drawn in [0, 2^j us), j in 0..4. A call whose frame cannot be put
 * there within its shift's range (tried four times) keeps a uniform draw.
 * T is drawn in what every placed call allows. Returns false (nothing
 * drawn) without a record or a call with RTP of the class. */
static bool construct_calls(struct srch *s, uint64_t *cur)
{
	const struct callprobe *p = s->probe;
	if (!p || (s->cls != CLS_RT_TX && s->cls != CLS_RT_RX))
		return false;
	bool tx = s->cls == CLS_RT_TX;
	enum callprobe_kind sk = tx ? CPK_RT_RTP : CPK_FAR_RTP;
	size_t cand[MAX_DIMS], nx = 0;
	int64_t off;
	for (size_t i = 0; i < s->nd; i++)
		if (s->d[i].shift && s->d[i].packets && s->d[i].ptime &&
		    callprobe_stream(p, s->d[i].call, sk, &off))
			cand[nx++] = i;
	if (nx == 0)
		return false;
	for (size_t i = 0; i < s->nd; i++)
		cur[i] = rnd_in(s, s->d[i].lo, s->d[i].hi);
	/* the kinds a call puts at T, by weight (callprobe_kind order) */
	static const unsigned w_tx[CPK__COUNT] = {3, 1, 4, 1}, w_rx[CPK__COUNT] = {2, 3, 1, 3};
	const unsigned *w = tx ? w_tx : w_rx;
	unsigned wsum = 0;
	for (int k = 0; k < CPK__COUNT; k++)
		wsum += w[k];
	/* what each call puts: its event's offset, eps, and its stream's count
	 * and period (1 and 0 for one event); placed or not */
	int64_t e_off[MAX_DIMS], e_eps[MAX_DIMS];
	uint64_t e_n[MAX_DIMS], e_per[MAX_DIMS];
	bool placed[MAX_DIMS] = {false};
	size_t x = cand[rnd(s) % nx];
	const struct dim *dx = &s->d[x];
	callprobe_stream(p, dx->call, sk, &e_off[x]);
	e_eps[x] = (int64_t)rnd_in(s, 0, 1000000ull << (rnd(s) % 7));
	e_n[x] = dx->packets;
	e_per[x] = dx->ptime;
	int64_t lo, hi;
	place_range(dx, e_off[x], e_eps[x], e_n[x], e_per[x], &lo, &hi);
	placed[x] = true;
	/* the other calls in a drawn order (Fisher-Yates) */
	size_t ord[MAX_DIMS], no = 0;
	for (size_t i = 0; i < s->nd; i++)
		if (s->d[i].shift && i != x)
			ord[no++] = i;
	for (size_t i = no; i > 1; i--) {
		size_t j = rnd(s) % i, t = ord[i - 1];
		ord[i - 1] = ord[j];
		ord[j] = t;
	}
	for (size_t oi = 0; oi < no; oi++) {
		size_t i = ord[oi];
		const struct dim *d = &s->d[i];
		for (int tries = 0; tries < 4; tries++) {
			unsigned r = (unsigned)(rnd(s) % wsum);
			int k = 0;
			while (r >= w[k])
				r -= w[k++];
			int64_t o;
			uint64_t n = 1, per = 0;
			if (k == CPK_RT_RTP || k == CPK_FAR_RTP) {
				if (!d->packets || !d->ptime || !callprobe_stream(p, d->call, (enum callprobe_kind)k, &o))
					continue;
				n = d->packets;
				per = d->ptime;
			} else {
				size_t ne = callprobe_nev(p, d->call), m = 0, pick;
				for (size_t j = 0; j < ne; j++)
					m += callprobe_ev(p, d->call, j)->kind == (enum callprobe_kind)k;
				if (m == 0)
					continue;
				pick = rnd(s) % m;
				o = 0;
				for (size_t j = 0; j < ne; j++)
					if (callprobe_ev(p, d->call, j)->kind == (enum callprobe_kind)k && pick-- == 0)
						o = callprobe_ev(p, d->call, j)->off_ps;
			}
			/* a one-off frame at T, or up to 16 us after; an RTP packet
			 * just ahead of X's (up to 16 us before it) */
			int64_t eps = rnd(s) & 1 ? 0 : (int64_t)rnd_in(s, 0, 1000000ull << (rnd(s) % 5));
			if (n > 1)
				eps = e_eps[x] - eps;
			int64_t l2, h2;
			place_range(d, o, eps, n, per, &l2, &h2);
			int64_t nl = l2 > lo ? l2 : lo, nh = h2 < hi ? h2 : hi;
			if (nl < nh) {
				lo = nl;
				hi = nh;
				e_off[i] = o;
				e_eps[i] = eps;
				e_n[i] = n;
				e_per[i] = per;
				placed[i] = true;
				break;
			}
		}
	}
	int64_t t = lo + (int64_t)rnd_in(s, 0, (uint64_t)(hi - lo));
	for (size_t i = 0; i < s->nd; i++)
		if (placed[i])
			cur[i] = place_shift(&s->d[i], e_off[i], e_eps[i], e_n[i], e_per[i], t);
	return true;
}

/* The folder of path ("." for a bare name), malloc'd. */
/* --write FILE: the worst capture, made in a folder of its own next to
 * FILE (on FILE's file system; nothing of the user's in it, capout's .tmp
 * included), then given FILE's name only if FILE does not exist by then
 * (paths_publish without replace). Never over a file; the folder
 * is removed. Returns 0, or -1 (said). */
static int publish_write(const struct srch *s, const char *write)
{
	char *dir = paths_dir(write);
	char *tdir = malloc(strlen(dir) + 32);
	char *t = tdir ? malloc(strlen(dir) + 48) : NULL;
	int rc = -1;
	if (!t) {
		fprintf(stderr, "nicshare search: --write %s: %s\n", write, strerror(ENOMEM));
		goto done;
	}
	sprintf(tdir, "%s/.nicshare-search-XXXXXX", dir);
	if (!mkdtemp(tdir)) {
		fprintf(stderr, "nicshare search: --write %s: cannot make a folder in %s: %s\n", write,
		        dir, strerror(errno));
		tdir[0] = 0;
		goto done;
	}
	sprintf(t, "%s/worst.pcap", tdir);
	if (write_jittered(s, s->bjit, t) < 0)
		goto done;
	if (paths_publish(t, write, false) == 0)
		rc = 0;
	else if (errno == EEXIST)
		fprintf(stderr, "nicshare search: --write %s: the file was made during the search; the "
		        "worst capture is not written over it\n", write);
	else
		fprintf(stderr, "nicshare search: --write %s: cannot write: %s\n", write, strerror(errno));
done:
	if (t && tdir[0]) {
		unlink(t);
		rmdir(tdir);
	}
	free(t);
	free(tdir);
	free(dir);
	return rc;
}

static const struct cli_opt search_opts[] = {
	{"class", 0, "CLASS", "the latency class: rt-rx, rt-tx, rt-rtt, gp-rx, gp-tx (required)"},
	{"budget", 0, "N", "engine runs (default 64)"},
	{"seed", 0, "N", "the random seed (default 1): same seed, same output"},
	{"set", 0, "KEY=VALUE", "override a scenario key, as for run (repeatable)"},
	{"jitter", 0, "D", "also delay each frame of the capture by 0 to D (a\n"
	 "duration, drawn per candidate); needs --write"},
	{"write", 0, "FILE", "with --jitter: the worst capture, written to FILE (a\n"
	 "new file); the reproduction uses it as trace.file"},
};
static const struct cli_cmd search_cmd = {
	"search", "search SCENARIO.yaml --class CLASS [--budget N] [--seed N]\n"
	"                       [--jitter D --write FILE] [--set KEY=VALUE ...]",
	"Search for the worst latency of CLASS over the start offsets of the\n"
	"generated streams (traffic.rtp.N.start in [0, ptime), traffic.bulk.N.start\n"
	"in [0, one frame period)), the capture's offset (trace.offset) and the\n"
	"generated calls' INVITEs (calls.generator.shift, one item a call), each range\n"
	"widened to hold the value as written (doc/bound.md): N engine\n"
	"runs, half drawn at random (with calls, half of those constructed from\n"
	"candidate 0's frames), half refining the worst so far. Prints the\n"
	"worst case, the --set overrides that reproduce it with `nicshare run`, and\n"
	"its ratio to the analytic bound (`nicshare bound`); every candidate is also\n"
	"checked against its own bound.\n",
	search_opts, sizeof search_opts / sizeof search_opts[0],
	"Exit status: 0; 1 the worst case is above the analytic bound (a bug in the\n"
	"model or the bound); 2 bad usage or input, or no traffic of the class.\n"};

static int parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	uint64_t x;                   /* past 64 bits: refused, not 2^64 - 1 */
	if (!units_parse_u64(s, &x) || x < min || x > max) {
		fprintf(stderr, "nicshare search: %s: '%s' is not a whole number in %" PRIu64 "..%" PRIu64
		        "\n", opt, s, min, max);
		return -1;
	}
	*v = x;
	return 0;
}

/* The --set overrides of values v, each one shell word, in the order a
 * candidate has them (run_one): the user's, the dimensions', then last
 * (NULL: none; with --jitter the worst capture's trace.file, which a
 * user's own trace.file must not override). */
static void print_case(const struct srch *s, const uint64_t *v, const char *last)
{
	for (size_t i = 0; i < s->nuser; i++) {
		fputs(" --set ", stdout);
		cli_sh_quote(stdout, s->sets[i]);
	}
	for (size_t i = 0; i < s->nd; i++) {
		char t[sizeof s->shiftbuf];
		set_text(s, v, i, t, sizeof t);
		if (t[0]) {
			fputs(" --set ", stdout);
			cli_sh_quote(stdout, t);
		}
	}
	if (last) {
		fputs(" --set ", stdout);
		cli_sh_quote(stdout, last);
	}
	putchar('\n');
}

struct search_args {
	struct srch *s;
	const char **cls;
	uint64_t *budget, *seed;
	const char **jitter, **write;
};

static int search_opt(void *ctx, int i, const char *arg)
{
	struct search_args *a = ctx;
	switch (i) {
	case -1:
		if (a->s->path)
			return cli_bad("search", "more than one scenario file", arg);
		a->s->path = arg;
		return 0;
	case 0: *a->cls = arg; return 0;
	case 1: return parse_u64("--budget", arg, 1, 1000000, a->budget) < 0 ? 2 : 0;
	case 2: return parse_u64("--seed", arg, 0, UINT64_MAX, a->seed) < 0 ? 2 : 0;
	case 3:
		if (!strchr(arg, '='))
			return cli_bad("search", "--set needs KEY=VALUE", arg);
		a->s->sets[a->s->nuser++] = arg;
		return 0;
	case 4: *a->jitter = arg; return 0;
	default: *a->write = arg; return 0;
	}
}

int search_main(int argc, char **argv)
{
	const char *jitter = NULL, *write = NULL;
	struct srch s;
	memset(&s, 0, sizeof s);
	s.sets = calloc((size_t)argc + MAX_DIMS + 2, sizeof *s.sets);
	const char *cls = NULL;
	uint64_t budget = 64, seed = 1;
	int rc = 2;
	struct scenario *sc = NULL;
	if (!s.sets)
		return 2;
	struct search_args sa = {&s, &cls, &budget, &seed, &jitter, &write};
	int pr = cli_parse(&search_cmd, argc, argv, search_opt, &sa);
	if (pr != 0) {
		rc = pr == 3 ? 0 : 2;
		goto out;
	}
	s.stop = cli_catch_stop();   /* before the scratch folder is made */
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
	if (scenario_world_override("search", s.sets, s.nuser, stderr))
		goto out;
	/* a world is refused before the overrides are tried on the file's own
	 * computer, which is not what a world's user means (review n57: a
	 * list index past that computer's items was the message) */
	sc = scenario_load(s.path, NULL, 0, stderr);
	if (!sc)
		goto out;
	if (sc->has_world) {     /* its candidates are one computer's runs */
		fprintf(stderr, "nicshare search: %s: a world: search runs one computer, and a world's "
		        "computer takes frames from the network that no candidate would have; search "
		        "the computer's own scenario, or vary the world with nicshare sweep\n", s.path);
		goto out;
	}
	scenario_free(sc);
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
	if (jitter) {
		uint64_t ps;
		char msg[256];
		if (units_parse(CU_PS, jitter, 1000, 1000000000000ull, &ps, NULL, msg, sizeof msg) < 0) {
			fprintf(stderr, "nicshare search: --jitter: %s\n", msg);
			goto out;
		}
		if (!sc->trace || !write) {
			fprintf(stderr, "nicshare search: --jitter needs a capture (trace.file) and --write "
			        "FILE for the worst capture found\n");
			goto out;
		}
		/* FILE is new and its folder writable, known now, not after the
		 * whole budget (publish_write refuses a FILE made meanwhile) */
		char *why = paths_check_new(write);
		if (why) {
			fprintf(stderr, "nicshare search: --write %s: %s\n", write, why);
			free(why);
			goto out;
		}
		s.jitter_ns = ps / 1000;
		const char *td = getenv("TMPDIR");
		if (!td || td[0] != '/' || strlen(td) > sizeof s.tmpdir - 32)
			td = "/tmp";
		snprintf(s.tmpdir, sizeof s.tmpdir, "%s/nicshare-search-XXXXXX", td);
		if (!mkdtemp(s.tmpdir)) {
			fprintf(stderr, "nicshare search: cannot make a scratch folder: %s\n",
			        strerror(errno));
			s.tmpdir[0] = 0;
			goto out;
		}
		snprintf(s.cand, sizeof s.cand, "%s/candidate.pcap", s.tmpdir);
		if (load_frames(&s, sc) < 0)
			goto out;
	} else if (write) {
		fprintf(stderr, "nicshare search: --write goes with --jitter\n");
		goto out;
	}
	find_dims(&s, sc);
	if (s.nd == 0 && !s.jitter_ns) {
		fprintf(stderr, "nicshare search: %s: nothing to vary (no traffic.rtp, traffic.bulk, "
		        "generated call or capture offset to move; --jitter D moves a capture's frames)\n", s.path);
		goto out;
	}
	/* xorshift's one fixed point is 0: the seed 1018231460777725123 led
	 * there (its every draw 0). That state alone is replaced (by splitmix64
	 * of the seed, not 0: 7730017014925638830, the state of no nearby
	 * seed), so that every other seed draws as before. */
	s.rng = seed * 0x9e3779b97f4a7c15ull + 1;
	if (s.rng == 0)
		s.rng = splitmix64(seed);
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
	if (s.left)
		fputs(s.left, stdout);
	if (s.jitter_ns)
		printf("# delays each of the capture's %zu frames by 0 to %" PRIu64 " ns (--jitter)\n",
		       s.nfr, s.jitter_ns);
	uint64_t hz = sc->costs.v[C_CPU_HZ];
	char t1[48];
	uint64_t m, bb = 0, cb;
	bool calls = false;
	for (size_t i = 0; i < s.nd; i++)
		calls |= s.d[i].shift;
	/* candidate 0 also records the calls' frames (construct_calls) */
	if (run_one(&s, cur, &bmax, &btop, &bb, calls) != 0 || *s.stop)
		goto out;
	printf("candidate 0 (as written): max %s ns\n", bound_ns(bmax, hz, t1, sizeof t1));
	uint64_t nrand = budget / 2, step_div = 8;
	size_t dim = 0;
	bool improved_round = false;
	for (uint64_t k = 1; k < budget; k++) {
		if (k <= nrand) {
			/* every other draw makes the calls collide: each starts within
			 * its ptime after the last call's INVITE */
			bool collide = k & 1;
			uint64_t last = 0;
			for (size_t i = 0; i < s.nd; i++)
				if (s.d[i].shift)
					last = s.d[i].t0 > last ? s.d[i].t0 : last;
			/* with calls, every other one of the remaining draws is
			 * constructed from candidate 0's record (construct_calls) */
			if (calls && !collide && construct_calls(&s, cur))
				goto drawn;
			/* 1: within 50 us, 0: within a ptime, 2: in phase (drawn only
			 * with calls: the other scenarios' candidates stay as they were) */
			uint64_t spread = calls && collide ? rnd(&s) % 3 : 0;
			if (spread == 2) {
				align_calls(&s, cur);
				goto drawn;
			}
			for (size_t i = 0; i < s.nd; i++)
				cur[i] = s.d[i].shift && collide
				         ? last - s.d[i].t0 + rnd_in(&s, 0, spread ? 50000000u : s.d[i].ptime)
				         : rnd_in(&s, s.d[i].lo, s.d[i].hi);
		drawn:
			for (size_t i = 0; i < s.nfr && s.jitter_ns; i++)
				s.jit[i] = rnd_in(&s, 0, s.jitter_ns + 1);
		} else if (s.jitter_ns && (s.nd == 0 || (k & 1))) {
			/* around the best: redraw the delays of a sixteenth of the frames */
			memcpy(cur, best, sizeof cur);
			memcpy(s.jit, s.bjit, s.nfr * sizeof *s.jit);
			for (size_t i = 0, nre = s.nfr / 16 + 1; i < nre; i++)
				s.jit[rnd(&s) % s.nfr] = rnd_in(&s, 0, s.jitter_ns + 1);
		} else {
			/* pattern search around the best: dimension `dim`, +/- step */
			memcpy(cur, best, sizeof cur);
			if (s.jitter_ns)
				memcpy(s.jit, s.bjit, s.nfr * sizeof *s.jit);
			uint64_t span = s.d[dim].hi - s.d[dim].lo;
			uint64_t step = span / step_div;
			/* a call's shift: a step of ptime / 2^j, j drawn in 0..23 (20 ms
			 * down to 2.4 ns): frames of calls queue behind each other only
			 * within microseconds, and which comes first within cycles,
			 * which a halving step seldom reaches */
			if (s.d[dim].shift)
				step = s.d[dim].ptime >> (rnd(&s) % 24);
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
		if (run_one(&s, cur, &m, &top, &cb, false) != 0 || *s.stop)
			goto out;
		if (m > bmax) {
			bmax = m;
			bb = cb;
			btop = top;
			memcpy(best, cur, sizeof best);
			if (s.jitter_ns)
				memcpy(s.bjit, s.jit, s.nfr * sizeof *s.jit);
			improved_round = true;
			printf("candidate %" PRIu64 ": max %s ns\n", k, bound_ns(m, hz, t1, sizeof t1));
		}
	}
	if (!s.sampled) {
		/* no worst case to reproduce: not a maximum of 0 ns at "frame 0" */
		fprintf(stderr, "nicshare search: %s: no %s traffic: no %s latency sample in any of the "
		        "%u candidates\n", s.path, cls, cls, s.runs);
		goto out;
	}
	printf("worst found: %s max %s ns = %" PRIu64 " cycles (frame %s%" PRIu64 "), %u runs\n",
	       cls, bound_ns(bmax, hz, t1, sizeof t1), bmax, btop.tx ? "o" : "", btop.frame, s.runs);
	if (s.jitter_ns && publish_write(&s, write) != 0)
		goto out;
	/* a command to run: each word quoted for the shell, a scenario named
	 * "-..." as "./-..." (an option otherwise) */
	fputs("reproduce: nicshare run ", stdout);
	if (s.path[0] == '-') {
		char *p = malloc(strlen(s.path) + 3);
		if (p)
			sprintf(p, "./%s", s.path);
		cli_sh_quote(stdout, p ? p : s.path);
		free(p);
	} else {
		cli_sh_quote(stdout, s.path);
	}
	fputs(" --out DIR", stdout);
	char *tf = s.jitter_ns ? malloc(strlen(write) + 12) : NULL;
	if (tf)
		sprintf(tf, "trace.file=%s", write);
	print_case(&s, best, s.jitter_ns ? (tf ? tf : "") : NULL);
	free(tf);
	rc = 0;
	/* the bound of the configuration the worst case ran: with --jitter the
	 * capture's arrivals are the worst capture's */
	const struct bound_class *bc = bi >= 0 ? &br.c[bi] : NULL;
	if (bc && (bc->status == BS_OK || bb)) {
		uint64_t b = bb ? bb : bc->cycles;
		char t2[48];
		printf("analytic bound: %s ns = %" PRIu64 " cycles; worst found / bound = %.3f\n",
		       bound_ns(b, hz, t2, sizeof t2), b, b ? (double)bmax / (double)b : 0.0);
	} else if (bc) {
		printf("analytic bound: none: %s\n", bc->why);
	} else if (s.cls == CLS_GP_TX && (bb || br.gp_busy)) {   /* GP's bulk frames' */
		uint64_t b = bb ? bb : br.gp_busy;
		char t2[48];
		printf("analytic bound: %s ns = %" PRIu64 " cycles; worst found / bound = %.3f\n",
		       bound_ns(b, hz, t2, sizeof t2), b, (double)bmax / (double)b);
	} else if (s.cls == CLS_GP_TX) {
		printf("analytic bound: none: GP's bulk frames are not bounded here (doc/bound.md, "
		       "\"GP's bulk frames on their way out\")\n");
	}
	printf("every candidate against its own analytic bound: %" PRIu64 " checked, %" PRIu64
	       " above\n", s.checked, s.above);
	if (s.above) {
		fprintf(stderr, "nicshare search: %" PRIu64 " candidates above their analytic bound: a "
		        "bug in the model or in the bound (doc/bound.md)\n", s.above);
		rc = 1;
	}
out:
	if (s.stop && *s.stop) {     /* as `nicshare run` interrupted: exit 2 */
		fprintf(stderr, "nicshare search: interrupted after %u of %" PRIu64 " runs: the search is "
		        "abandoned%s\n", s.runs, budget, write ? ", nothing is written" : "");
		rc = 2;
	}
	if (sc)
		scenario_free(sc);
	if (s.tmpdir[0]) {
		unlink(s.cand);
		rmdir(s.tmpdir);
	}
	for (size_t i = 0; i < s.nfr; i++)
		free(s.fr[i].data);
	free(s.fr);
	free(s.jit);
	free(s.bjit);
	free(s.sets);
	callprobe_destroy(s.probe);
	free(s.left);
	return rc;
}
