/* verify.c - the scenario's `verify` section checked after a run
 * (doc/verify.md; SPEC A4: a broken latency bound or routing expectation
 * is exit status 1).
 * Models nothing of the patent itself: it checks what the first embodiment
 * must deliver, the RT latency of Fig. 8b (steps 486-496) and Fig. 8a, and
 * the routing of claims 4 and 13 (a frame goes to RT or GP by its UDP
 * destination port, ARP replies to both).
 *
 * Four kinds of check, each one verdict:
 *   latency   st->lat[class].{p50,p99,p999,max} (cycles) against a bound in
 *             ps: broken when cycles * 10^12 > ps * hz (exact, integers);
 *             the frames named are the class's largest samples above it;
 *   routing   each frame of the input capture that the compiled filter
 *             matches (pcap_offline_filter, as tcpdump would) must have
 *             decision goes_to in routing.tsv; with `only`, every frame with
 *             that decision must match;
 *   drops     input drops (routing reasons) plus outgoing drops, by reason,
 *             against verify.drops.only and verify.drops.max;
 *   calls     verify.calls: each call of calls.tsv (issue 12) against MOS,
 *             jitter, set-up time bounds and the early-media-gp count; the
 *             calls that break one are named by Call-ID.
 * Cost: one pass over the capture and routing.tsv when there are routing
 * expectations; latency.tsv and events.tsv are read only to describe a
 * check that broke. */
#include "verify.h"

#include "bound.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/verdict.h"
#include "outputs.h"
#include "paths.h"
#include "tracew.h"
#include "units.h"

#define PS_PER_S 1000000000000ull

/* ---- small helpers ----------------------------------------------------- */

/* Text of the scenario or the command line (its name, a filter, a file
 * name) goes through units_visible, so that none can start a line of
 * verify.txt of its own: `nicshare report` counts the lines that start
 * with "ok" or "FAIL" as verdicts. */
const char *verify_loc(const struct scen_loc *loc, char *buf, size_t n)
{
	const char *t = loc && loc->file ? loc->file : loc && loc->opt ? loc->opt : "default";
	char *v = units_visible(t);
	if (loc && loc->file && loc->line > 0)
		snprintf(buf, n, "%s:%d:%d", v ? v : "?", loc->line, loc->col);
	else
		snprintf(buf, n, "%s", v ? v : "?");
	free(v);
	return buf;
}

/* ps as "1234.567 ns"; the whole seconds printed apart, so that no part
 * of it passes 64 bits (ps < 2^64 x 10^12 here: cycles / hz) */
static const char *ns_text(unsigned __int128 ps, char *b, size_t n)
{
	char t[48];
	snprintf(b, n, "%s ns", units_ns_text(ps, t, sizeof t));
	return b;
}

/* an instant in ps as "1.234567890 s" (rounded down to the ns) */
static const char *s_text(unsigned __int128 ps, char *b, size_t n)
{
	snprintf(b, n, "%" PRIu64 ".%09u s", (uint64_t)(ps / PS_PER_S),
	         (unsigned)(ps / 1000u % 1000000000u));
	return b;
}

static const char *frame_text(uint64_t frame, bool tx, char *b, size_t n)
{
	snprintf(b, n, "%s%" PRIu64, tx ? "o" : "", frame);
	return b;
}

/* ---- routing.tsv --------------------------------------------------------- */

struct routing {
	uint8_t *dec, *rsn;
	size_t n;
};

static void routing_free(struct routing *r)
{
	free(r->dec);
	free(r->rsn);
	memset(r, 0, sizeof *r);
}

/* Read DIR/NAME line by line (newline cut off), giving each to
 * fn(ctx, path, lno, line); fn returns -1 (having said why) to stop.
 * `need` says what needs the file, for the message when it is not there.
 * Returns 0, or -1 with the message on stderr. */
typedef int (*tsv_line_fn)(void *ctx, const char *path, uint64_t lno, char *line);
static int tsv_read(const char *dir, const char *name, const char *need, tsv_line_fn fn, void *ctx)
{
	char *path = paths_join(dir, name);
	FILE *f = path ? fopen(path, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lno = 0;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "nicshare verify: %s: cannot read (%s); %s\n", path ? path : dir,
		        strerror(errno), need);
		free(path);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (fn(ctx, path, lno, line) < 0)
			goto out;
	}
	if (ferror(f)) {
		fprintf(stderr, "nicshare verify: %s: read error\n", path);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	free(path);
	return rc;
}

struct routing_rd {
	struct routing *r;
	size_t alloc;
};

/* One line of routing.tsv: frames 1, 2, ... in order. */
static int routing_line(void *ctx, const char *path, uint64_t lno, char *line)
{
	struct routing_rd *rd = ctx;
	struct routing *r = rd->r;
	if (lno == 1) {
		if (strcmp(line, TRACEW_ROUTING_HEAD) != 0) {
			fprintf(stderr, "nicshare verify: %s:1: not a routing.tsv header\n", path);
			return -1;
		}
		return 0;
	}
	char *t1 = strchr(line, '\t');
	char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	if (!t2 || strchr(t2 + 1, '\t')) {
		fprintf(stderr, "nicshare verify: %s:%" PRIu64 ": expected 3 columns\n", path, lno);
		return -1;
	}
	*t1 = *t2 = '\0';
	uint64_t fr;
	int d = verdict_decision_parse(t1 + 1), s = verdict_reason_parse(t2 + 1);
	if (!units_parse_u64(line, &fr) || fr != r->n + 1) {
		fprintf(stderr, "nicshare verify: %s:%" PRIu64 ": frame '%s', expected %zu\n", path,
		        lno, line, r->n + 1);
		return -1;
	}
	if (d < 0 || s < 0) {
		fprintf(stderr, "nicshare verify: %s:%" PRIu64 ": unknown %s '%s'\n", path, lno,
		        d < 0 ? "decision" : "reason", d < 0 ? t1 + 1 : t2 + 1);
		return -1;
	}
	if (r->n == rd->alloc) {
		size_t na = rd->alloc ? rd->alloc * 2 : 4096;
		uint8_t *a = realloc(r->dec, na), *b = a ? realloc(r->rsn, na) : NULL;
		if (a)
			r->dec = a;
		if (!b) {
			fprintf(stderr, "nicshare verify: out of memory reading %s\n", path);
			return -1;
		}
		r->rsn = b;
		rd->alloc = na;
	}
	r->dec[r->n] = (uint8_t)d;
	r->rsn[r->n] = (uint8_t)s;
	r->n++;
	return 0;
}

/* Read DIR/routing.tsv. Returns 0, or -1 with the message on stderr. */
static int routing_load(const char *dir, struct routing *r)
{
	struct routing_rd rd = {r, 0};
	memset(r, 0, sizeof *r);
	if (tsv_read(dir, "routing.tsv", "routing expectations need the routing output",
	             routing_line, &rd) < 0) {
		routing_free(r);
		return -1;
	}
	return 0;
}

/* ---- the verdicts ---------------------------------------------------------- */

struct vctx {
	const struct scenario *sc;
	const struct engine_stats *st;
	const char *dir;
	FILE *out;
	FILE *txt;             /* verify.txt text, in memory */
	char *txtbuf;
	size_t txtlen;
	FILE *v;               /* the verdict being written */
	char *vbuf;
	size_t vlen;
	unsigned checks, broken;
	unsigned bchecks, bbroken;     /* measured maxima against the analytic bound */
	int gpcheck;                   /* gp-tx against GP's bulk bound: -1 not checked,
	                                  0 within, 1 above */
	size_t cabove;                 /* call directions above their class's bound */
	struct routing rt;
	bool rt_loaded;
};

static void v_begin(struct vctx *c)
{
	c->vbuf = NULL;
	c->vlen = 0;
	c->v = open_memstream(&c->vbuf, &c->vlen);
	if (!c->v)
		c->v = stderr;   /* no memory: at least say it */
}

/* End a verdict: into verify.txt, and to `out` when it broke or warns. */
static void v_end(struct vctx *c, bool broken, bool warn)
{
	c->checks++;
	if (broken)
		c->broken++;
	if (c->v == stderr)
		return;
	fclose(c->v);
	if (c->vbuf && c->vlen) {   /* a verdict that said nothing writes nothing */
		/* each verdict ends its line, whatever its last message printed */
		bool nl = c->vlen && c->vbuf[c->vlen - 1] == '\n';
		fputs(c->vbuf, c->txt);
		if (!nl)
			fputc('\n', c->txt);
		if (broken || warn) {
			fputs(c->vbuf, c->out);
			if (!nl)
				fputc('\n', c->out);
		}
	}
	free(c->vbuf);
	c->vbuf = NULL;
	c->v = NULL;
}

/* latency.tsv: how many samples of class `cls` are above `ps` at hz, and
 * how many there are. -1 when the file is not there. */
static int lat_count_above(const char *dir, enum scen_class cls, uint64_t ps, uint64_t hz,
                           uint64_t *above, uint64_t *total)
{
	char *path = dir ? paths_join(dir, "latency.tsv") : NULL;
	FILE *f = path ? fopen(path, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	const char *cn = scen_class_name(cls);
	size_t cl = strlen(cn);

	free(path);
	if (!f)
		return -1;
	*above = *total = 0;
	while (getline(&line, &cap, f) >= 0) {
		/* frame class start end cycles ns */
		char *p = strchr(line, '\t');
		if (!p || strncmp(p + 1, cn, cl) != 0 || p[1 + cl] != '\t')
			continue;
		p += 1 + cl;              /* the tab before start_cycle */
		for (int i = 0; i < 2 && p; i++)
			p = strchr(p + 1, '\t');
		if (!p)
			continue;
		char *tab = strchr(p + 1, '\t');    /* the ns column follows */
		uint64_t cyc;
		if (tab)
			*tab = '\0';
		if (!units_parse_u64(p + 1, &cyc))
			continue;                        /* not a sample line of ours */
		(*total)++;
		if ((unsigned __int128)cyc * PS_PER_S > (unsigned __int128)ps * hz)
			(*above)++;
	}
	free(line);
	fclose(f);
	return 0;
}

static void check_bound(struct vctx *c, const struct scen_bound *b)
{
	const struct engine_lat *l = &c->st->lat[b->cls];
	uint64_t hz = c->st->hz;
	char key[64], loc[512], t1[64], t2[64], t3[64], fb[32];
	const char *cn = scen_class_name(b->cls);
	uint64_t m;

	snprintf(key, sizeof key, "verify.latency.%s.%s", cn, scen_stat_name(b->stat));
	verify_loc(&b->loc, loc, sizeof loc);
	switch (b->stat) {
	case ST_P50: m = l->p50; break;
	case ST_P99: m = l->p99; break;
	case ST_P999: m = l->p999; break;
	default: m = l->max; break;
	}
	/* the bound in cycles, to 1/1000 cycle (rounded down) */
	unsigned __int128 bm = (unsigned __int128)b->ps * hz * 1000u / PS_PER_S;
	char bc[48];
	snprintf(bc, sizeof bc, "%" PRIu64 ".%03u cycles", (uint64_t)(bm / 1000u),
	         (unsigned)(bm % 1000u));
	units_format(CU_PS, b->ps, t1, sizeof t1);

	v_begin(c);
	if (l->count == 0) {
		fprintf(c->v, "ok    %s (%s): no %s samples in this run, the bound %s checked "
		        "nothing\n", key, loc, cn, t1);
		v_end(c, false, true);
		return;
	}
	bool broken = (unsigned __int128)m * PS_PER_S > (unsigned __int128)b->ps * hz;
	fprintf(c->v, "%s  %s (%s): measured %" PRIu64 " cycles = %s, bound %s = %s (%s)\n",
	        broken ? "FAIL" : "ok  ", key, loc, m, ns_text(units_cyc_ps_wide(m, hz), t2, sizeof t2), t1,
	        ns_text(b->ps, t3, sizeof t3), bc);
	if (broken) {
		uint64_t above, total;
		if (lat_count_above(c->dir, b->cls, b->ps, hz, &above, &total) == 0)
			fprintf(c->v, "      %" PRIu64 " of %" PRIu64 " %s samples are above the bound; "
			        "the largest:\n", above, total, cn);
		else
			fprintf(c->v, "      %" PRIu64 " %s samples; the largest above the bound:\n",
			        l->count, cn);
		for (unsigned i = 0; i < l->ntop; i++) {
			const struct hist_top *t = &l->top[i];
			if ((unsigned __int128)t->value * PS_PER_S <= (unsigned __int128)b->ps * hz)
				break;
			fprintf(c->v, "        frame %-8s at cycle %" PRIu64 " (%s)  latency %" PRIu64
			        " cycles = %s\n", frame_text(t->frame, t->tx, fb, sizeof fb), t->at,
			        s_text(units_cyc_ps_wide(t->at, hz), t2, sizeof t2), t->value,
			        ns_text(units_cyc_ps_wide(t->value, hz), t3, sizeof t3));
		}
	}
	v_end(c, broken, false);
}

/* ---- routing expectations ------------------------------------------------- */

struct offender {
	uint64_t frame;
	unsigned __int128 t_ps;
	uint8_t dec, rsn;
	bool matched;
};

struct expst {
	struct bpf_program prog;
	bool compiled;
	uint64_t matched, with_dec, bad;
	struct offender first[VERIFY_SHOW];
	unsigned nfirst;
};

bool verify_has_calls(const struct scenario *sc)
{
	for (int k = 0; k < VC__COUNT; k++)
		if (sc->vcalls[k].set)
			return true;
	return false;
}

/* The capture for libpcap, only if it is a regular file: libpcap's open
 * would block on a FIFO's (or a terminal's) first read, and capin refuses
 * them anyway. Opened O_NONBLOCK, checked by fstat on what was opened (not
 * the name, which may change). NULL with eb said otherwise. */
static pcap_t *open_capture(const char *path, char *eb)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(eb, PCAP_ERRBUF_SIZE, "%s", strerror(errno));
		return NULL;
	}
	struct stat st;
	const char *why = fstat(fd, &st) != 0 ? strerror(errno)
	                : !S_ISREG(st.st_mode) ? "not a regular file" : NULL;
	if (why) {
		snprintf(eb, PCAP_ERRBUF_SIZE, "%s", why);
		close(fd);
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *fp = fdopen(fd, "rb");
	if (!fp) {
		snprintf(eb, PCAP_ERRBUF_SIZE, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, eb);
	if (!p)
		fclose(fp);
	return p;   /* pcap_close closes fp */
}

int verify_precheck(const struct scenario *sc, FILE *err)
{
	char eb[PCAP_ERRBUF_SIZE], loc[512];
	int rc = 0;
	if (!sc->n_expects || !sc->trace)
		return 0;
	pcap_t *p = open_capture(sc->trace, eb);
	if (!p)
		return 0;   /* the run says what is wrong with the capture (capin_open) */
	for (size_t i = 0; i < sc->n_expects; i++) {
		const struct scen_expect *x = &sc->expects[i];
		struct bpf_program prog;
		if (pcap_compile(p, &prog, x->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			const char *ln = pcap_datalink_val_to_name(pcap_datalink(p));
			fprintf(err, "%s: verify.routing.%zu.match: \"%s\" is not a capture filter "
			        "for %s (link type %s): %s; nothing was run\n",
			        verify_loc(&x->loc, loc, sizeof loc), i, x->filter, sc->trace,
			        ln ? ln : "?", pcap_geterr(p));
			rc = 2;
			continue;
		}
		pcap_freecode(&prog);
	}
	pcap_close(p);
	return rc;
}

static int check_expects(struct vctx *c)
{
	const struct scenario *sc = c->sc;
	char eb[PCAP_ERRBUF_SIZE], loc[512], t1[64];
	int rc = 0;

	if (!sc->trace) {
		v_begin(c);
		fprintf(c->v, "ok    verify.routing: the scenario has no input capture; its %zu "
		        "expectations checked nothing\n", sc->n_expects);
		v_end(c, false, true);
		return 0;
	}
	if (!c->dir) {
		fprintf(stderr, "nicshare verify: routing expectations need the run's routing.tsv\n");
		return 2;
	}
	if (routing_load(c->dir, &c->rt) < 0)
		return 2;
	c->rt_loaded = true;

	pcap_t *p = open_capture(sc->trace, eb);
	if (!p) {
		fprintf(stderr, "nicshare verify: %s: cannot read the capture for verify.routing: %s\n",
		        sc->trace, eb);
		return 2;
	}
	struct expst *es = calloc(sc->n_expects, sizeof *es);
	if (!es) {
		pcap_close(p);
		fprintf(stderr, "nicshare verify: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < sc->n_expects; i++) {
		const struct scen_expect *x = &sc->expects[i];
		if (pcap_compile(p, &es[i].prog, x->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			const char *ln = pcap_datalink_val_to_name(pcap_datalink(p));
			fprintf(stderr, "%s: verify.routing.%zu.match: \"%s\" is not a capture filter "
			        "for %s (link type %s): %s\n", verify_loc(&x->loc, loc, sizeof loc), i,
			        x->filter, sc->trace, ln ? ln : "?", pcap_geterr(p));
			rc = 2;
			continue;
		}
		es[i].compiled = true;
	}

	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t k = 0, t0 = 0;
	int r;
	while (rc == 0 && (r = pcap_next_ex(p, &h, &data)) == 1) {
		uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
		if (k == 0)
			t0 = ts;
		k++;
		if (k > c->rt.n)
			break;
		uint8_t dec = c->rt.dec[k - 1];
		unsigned __int128 t_ps = (unsigned __int128)(ts > t0 ? ts - t0 : 0) * 1000u +
		                         sc->trace_offset_ps;
		for (size_t i = 0; i < sc->n_expects; i++) {
			const struct scen_expect *x = &sc->expects[i];
			struct expst *e = &es[i];
			bool m = pcap_offline_filter(&e->prog, h, data) != 0;
			bool is = dec == (uint8_t)x->goes_to;
			e->matched += m;
			e->with_dec += is;
			if ((m && !is) || (!m && is && x->only)) {
				if (e->nfirst < VERIFY_SHOW)
					e->first[e->nfirst++] = (struct offender){k, t_ps, dec,
					                                          c->rt.rsn[k - 1], m};
				e->bad++;
			}
		}
	}
	if (rc == 0 && r == -1) {
		fprintf(stderr, "nicshare verify: %s: frame %" PRIu64 ": %s\n", sc->trace, k + 1,
		        pcap_geterr(p));
		rc = 2;
	}
	if (rc == 0 && k != c->rt.n) {
		fprintf(stderr, "nicshare verify: %s has %s%" PRIu64 " frames but %s/routing.tsv "
		        "lists %zu: they are not from the same run\n", sc->trace,
		        k > c->rt.n ? "more than " : "", k > c->rt.n ? (uint64_t)c->rt.n : k, c->dir,
		        c->rt.n);   /* reading stopped one frame past routing.tsv's */
		rc = 2;
	}
	for (size_t i = 0; rc == 0 && i < sc->n_expects; i++) {
		const struct scen_expect *x = &sc->expects[i];
		struct expst *e = &es[i];
		const char *dn = verdict_decision_name((enum verdict_decision)x->goes_to);
		bool broken = e->bad > 0;
		char *vf = units_visible(x->filter), *vt = units_visible(sc->trace);
		v_begin(c);
		fprintf(c->v, "%s  verify.routing.%zu (%s): every frame matching \"%s\" goes to %s%s: ",
		        broken ? "FAIL" : "ok  ", i, verify_loc(&x->loc, loc, sizeof loc),
		        vf ? vf : "?", dn, x->only ? ", and only those" : "");
		fprintf(c->v, "%" PRIu64 " of %" PRIu64 " frames match, %" PRIu64 " went to %s",
		        e->matched, k, e->with_dec, dn);
		if (broken)
			fprintf(c->v, "; %" PRIu64 " %s, the first:\n", e->bad,
			        e->bad == 1 ? "frame breaks it" : "frames break it");
		else
			fputc('\n', c->v);
		if (e->matched == 0 && !broken) {   /* with only: no frame went to dn either */
			fprintf(c->v, "      note: no frame of %s matches the filter, so it checked ",
			        vt ? vt : "?");
			if (x->only)
				fprintf(c->v, "only that no frame went to %s\n", dn);
			else
				fputs("nothing\n", c->v);
		}
		free(vf);
		free(vt);
		for (unsigned j = 0; j < e->nfirst; j++) {
			const struct offender *o = &e->first[j];
			fprintf(c->v, "        frame %-8" PRIu64 " at %s  %s %s  (%s)\n", o->frame,
			        s_text(o->t_ps, t1, sizeof t1),
			        verdict_decision_name((enum verdict_decision)o->dec),
			        verdict_reason_name((enum verdict_reason)o->rsn),
			        o->matched ? "matches the filter" : "does not match the filter");
		}
		v_end(c, broken, e->matched == 0 && !x->only);
	}
	for (size_t i = 0; i < sc->n_expects; i++)
		if (es[i].compiled)
			pcap_freecode(&es[i].prog);
	free(es);
	pcap_close(p);
	return rc;
}

/* ---- drops ------------------------------------------------------------------ */

/* The first input frames dropped for reason r (routing.tsv, when read), and
 * the frame of the drop number `nth` (1-based; 0 when not wanted). */
static void list_input_drops(struct vctx *c, int r, uint64_t nth)
{
	if (!c->st->reason[DEC_DROP][r] || !c->dir)
		return;
	if (!c->rt_loaded) {
		char *p = paths_join(c->dir, "routing.tsv");
		bool there = p && access(p, R_OK) == 0;
		free(p);
		if (!there) {   /* said, so that no list reads as "none" */
			fprintf(c->v, "        input frames dropped for %s: not listed, the run wrote "
			        "no routing.tsv (--outputs)\n", verdict_reason_name((enum verdict_reason)r));
			return;
		}
		if (routing_load(c->dir, &c->rt) < 0)
			return;
		c->rt_loaded = true;
	}
	uint64_t seen = 0;
	unsigned shown = 0;
	fprintf(c->v, "        input frames dropped for %s:",
	        verdict_reason_name((enum verdict_reason)r));
	for (size_t i = 0; i < c->rt.n; i++) {
		if (c->rt.dec[i] != DEC_DROP || c->rt.rsn[i] != r)
			continue;
		seen++;
		if (shown < VERIFY_SHOW) {
			fprintf(c->v, " %zu", i + 1);
			shown++;
		} else if (shown == VERIFY_SHOW) {
			fputs(" ...", c->v);
			shown++;
		}
		if (nth && seen == nth) {
			fprintf(c->v, "; drop number %" PRIu64 " (over the limit): frame %zu", nth, i + 1);
			break;
		}
	}
	fputc('\n', c->v);
}

/* The first outgoing frames dropped for reason r, from events.tsv. */
static void list_output_drops(struct vctx *c, int r)
{
	if (!c->st->out_drop[r] || !c->dir)
		return;
	char *path = paths_join(c->dir, "events.tsv");
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	const char *rn = verdict_reason_name((enum verdict_reason)r);
	if (!f) {
		fprintf(c->v, "        outgoing frames dropped for %s: not listed, the run wrote no "
		        "events.tsv (--outputs)\n", rn);
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned shown = 0;
	fprintf(c->v, "        outgoing frames dropped for %s:", rn);
	while (shown < VERIFY_SHOW && getline(&line, &cap, f) >= 0) {
		/* cycle frame stage detail */
		char *fr = strchr(line, '\t');
		char *sg = fr ? strchr(fr + 1, '\t') : NULL;
		char *dt = sg ? strchr(sg + 1, '\t') : NULL;
		if (!dt || fr[1] != 'o')
			continue;
		*sg = *dt = '\0';
		dt++;
		dt[strcspn(dt, "\n")] = '\0';
		if (strcmp(sg + 1, "drop") == 0 && strcmp(dt, rn) == 0) {
			fprintf(c->v, " %s (cycle %.*s)", fr + 1, (int)(fr - line), line);
			shown++;
		}
	}
	fputc('\n', c->v);
	free(line);
	fclose(f);
}

static uint64_t drops_of(const struct engine_stats *st, int r)
{
	return st->reason[DEC_DROP][r] + st->out_drop[r];
}

static void check_drops(struct vctx *c)
{
	const struct scenario *sc = c->sc;
	char loc[512];

	if (sc->drops_only_set) {
		bool broken = false;
		v_begin(c);
		for (int r = 0; r < R__COUNT; r++)
			if (drops_of(c->st, r) && !(sc->drops_only_mask & (1u << r)))
				broken = true;
		fprintf(c->v, "%s  verify.drops.only: nothing dropped", broken ? "FAIL" : "ok  ");
		bool first = true;
		for (int r = 0; r < R__COUNT; r++)
			if (sc->drops_only_mask & (1u << r)) {
				fprintf(c->v, "%s%s", first ? " except for " : ", ",
				        verdict_reason_name((enum verdict_reason)r));
				first = false;
			}
		if (!broken)
			fputc('\n', c->v);
		else
			fputs(", but:\n", c->v);
		for (int r = 0; broken && r < R__COUNT; r++) {
			if (!drops_of(c->st, r) || (sc->drops_only_mask & (1u << r)))
				continue;
			fprintf(c->v, "      %s: %" PRIu64 " dropped (%" PRIu64 " input, %" PRIu64
			        " outgoing)\n", verdict_reason_name((enum verdict_reason)r),
			        drops_of(c->st, r), c->st->reason[DEC_DROP][r], c->st->out_drop[r]);
			list_input_drops(c, r, 0);
			list_output_drops(c, r);
		}
		v_end(c, broken, false);
	}
	for (size_t i = 0; i < sc->n_droplimits; i++) {
		const struct scen_droplimit *d = &sc->droplimits[i];
		uint64_t n = drops_of(c->st, d->reason);
		bool broken = n > d->max;
		const char *rn = verdict_reason_name((enum verdict_reason)d->reason);
		v_begin(c);
		fprintf(c->v, "%s  verify.drops.max.%s (%s): at most %" PRIu64 ", %" PRIu64
		        " dropped (%" PRIu64 " input, %" PRIu64 " outgoing)\n",
		        broken ? "FAIL" : "ok  ", rn, verify_loc(&d->loc, loc, sizeof loc), d->max, n,
		        c->st->reason[DEC_DROP][d->reason], c->st->out_drop[d->reason]);
		if (broken) {
			list_input_drops(c, d->reason,
			                 d->max < c->st->reason[DEC_DROP][d->reason] ? d->max + 1 : 0);
			list_output_drops(c, d->reason);
		}
		v_end(c, broken, false);
	}
}

/* ---- calls (issue 12, item 5) ----------------------------------------------- */

/* One call of calls.tsv, the figures verify.calls bounds. */
struct vcall {
	char id[32];               /* the table's call number */
	char *call_id;             /* as calls.tsv writes it (escaped) */
	bool has_mos, has_jit, has_setup;
	uint64_t mos;              /* hundredths, the worse direction */
	uint64_t jit_ps;           /* the larger direction's jitter max, to the us */
	uint64_t setup;            /* INVITE to 200, cycles: compared exactly, as latency */
	uint64_t early;            /* early_media_gp */
	bool has_in, has_out;      /* RTP received at RT's socket / sent by RT */
	uint64_t in_max_ns, out_max_ns;   /* their one-way delay max (calls.tsv) */
};

struct vcalls {
	struct vcall *v;
	size_t n;
};

static void vcalls_free(struct vcalls *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].call_id);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* "4.24" with `dec` decimals exactly (as calls.tsv prints) -> 424; false for
 * "-" or anything else. */
static bool fixed_parse(const char *t, unsigned dec, uint64_t *out)
{
	unsigned nd;
	return units_parse_fixed(t, strlen(t), dec, UINT64_MAX, out, &nd) == UNITS_FIXED_OK &&
	       nd == dec;
}

enum { VC_CALL = 0, VC_ID, VC_INVITE, VC_OK200, VC_EARLY, VC_IN_JIT, VC_OUT_JIT, VC_IN_MOS,
       VC_OUT_MOS, VC_IN_DMAX, VC_OUT_DMAX, VC__COL };
static const char *const vcall_cols[VC__COL] = {
	"call", "call_id", "invite", "ok200", "early_media_gp", "in_jitter_max_ms",
	"out_jitter_max_ms", "in_mos", "out_mos", "in_delay_max_ns", "out_delay_max_ns",
};

struct vcalls_rd {
	struct vcalls *t;
	size_t alloc;
	int col[VC__COL], ncol;
};

/* One line of calls.tsv: the header names the columns. */
static int vcalls_line(void *ctx, const char *path, uint64_t lno, char *line)
{
	struct vcalls_rd *rd = ctx;
	struct vcalls *t = rd->t;
	const int *col = rd->col;
	char *fld[64];
	int nf = 0;
	for (char *p = line, *e; nf < 64; p = e + 1) {
		fld[nf++] = p;
		e = strchr(p, '\t');
		if (!e)
			break;
		*e = '\0';
	}
	if (lno == 1) {
		rd->ncol = nf;
		for (int k = 0; k < VC__COL; k++) {
			rd->col[k] = -1;
			for (int i = 0; i < nf; i++)
				if (strcmp(fld[i], vcall_cols[k]) == 0)
					rd->col[k] = i;
			if (rd->col[k] < 0) {
				fprintf(stderr, "nicshare verify: %s:1: no column %s: not a calls.tsv "
				        "header\n", path, vcall_cols[k]);
				return -1;
			}
		}
		return 0;
	}
	if (nf != rd->ncol) {
		fprintf(stderr, "nicshare verify: %s:%" PRIu64 ": %d columns, the header has %d\n",
		        path, lno, nf, rd->ncol);
		return -1;
	}
	if (t->n == rd->alloc) {
		size_t na = rd->alloc ? rd->alloc * 2 : 64;
		struct vcall *v = realloc(t->v, na * sizeof *v);
		if (!v) {
			fprintf(stderr, "nicshare verify: out of memory reading %s\n", path);
			return -1;
		}
		t->v = v;
		rd->alloc = na;
	}
	struct vcall *c = &t->v[t->n];
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", fld[col[VC_CALL]]);
	c->call_id = strdup(fld[col[VC_ID]]);
	if (!c->call_id) {
		fprintf(stderr, "nicshare verify: out of memory reading %s\n", path);
		return -1;
	}
	t->n++;
	uint64_t a, b;
	bool ia = fixed_parse(fld[col[VC_IN_MOS]], 2, &a), ob = fixed_parse(fld[col[VC_OUT_MOS]], 2, &b);
	if (ia || ob) {
		c->has_mos = true;
		c->mos = ia && ob ? (a < b ? a : b) : ia ? a : b;
	}
	ia = fixed_parse(fld[col[VC_IN_JIT]], 3, &a);
	ob = fixed_parse(fld[col[VC_OUT_JIT]], 3, &b);
	if (ia || ob) {          /* ms to 3 decimals: us */
		c->has_jit = true;
		c->jit_ps = (ia && ob ? (a > b ? a : b) : ia ? a : b) * 1000000u;
	}
	if (units_parse_u64(fld[col[VC_INVITE]], &a) && units_parse_u64(fld[col[VC_OK200]], &b) &&
	    b >= a) {
		c->has_setup = true;
		c->setup = b - a;
	}
	c->has_in = units_parse_u64(fld[col[VC_IN_DMAX]], &c->in_max_ns);
	c->has_out = units_parse_u64(fld[col[VC_OUT_DMAX]], &c->out_max_ns);
	if (!units_parse_u64(fld[col[VC_EARLY]], &c->early)) {
		fprintf(stderr, "nicshare verify: %s:%" PRIu64 ": early_media_gp '%s' is not a "
		        "count\n", path, lno, fld[col[VC_EARLY]]);
		return -1;
	}
	return 0;
}

/* Read DIR/calls.tsv. 0, or -1 with the message on stderr. */
static int vcalls_load(const char *dir, struct vcalls *t)
{
	struct vcalls_rd rd = {.t = t};
	memset(t, 0, sizeof *t);
	if (tsv_read(dir, "calls.tsv", "verify.calls needs the calls output", vcalls_line, &rd) < 0) {
		vcalls_free(t);
		return -1;
	}
	return 0;
}

/* A call's figure for bound k; false when the call has none. */
static bool vcall_value(const struct vcall *c, enum scen_vcall k, uint64_t *v)
{
	switch (k) {
	case VC_MOS_MIN: *v = c->mos; return c->has_mos;
	case VC_JITTER_P99: case VC_JITTER_MAX: *v = c->jit_ps; return c->has_jit;
	case VC_SETUP_P99: case VC_SETUP_MAX: *v = c->setup; return c->has_setup;
	default: *v = c->early; return true;
	}
}

static bool vcall_is_setup(enum scen_vcall k) { return k == VC_SETUP_P99 || k == VC_SETUP_MAX; }

/* A call's figure (fig) or a bound's value as text. A set-up time is a
 * figure in cycles, shown in ps rounded down (as summary.json) with its
 * cycles, and a bound in ps with its cycles to 1/1000, rounded down: a
 * bound a fraction of a ps below the figure shows why it broke. */
static const char *vcall_text(enum scen_vcall k, uint64_t v, bool fig, uint64_t hz, char *b,
                              size_t n)
{
	if (vcall_is_setup(k)) {
		char t[48];
		unsigned __int128 ps = fig ? units_cyc_ps_wide(v, hz) : v;
		units_format(CU_PS, ps > UINT64_MAX ? UINT64_MAX : (uint64_t)ps, t, sizeof t);
		if (fig) {
			snprintf(b, n, "%s (%" PRIu64 " cycles)", t, v);
		} else {
			unsigned __int128 m = (unsigned __int128)v * hz * 1000u / PS_PER_S;
			snprintf(b, n, "%s (%" PRIu64 ".%03u cycles)", t, (uint64_t)(m / 1000u),
			         (unsigned)(m % 1000u));
		}
		return b;
	}
	if (k == VC_MOS_MIN)
		snprintf(b, n, "MOS %" PRIu64 ".%02" PRIu64, v / 100, v % 100);
	else if (k == VC_EARLY_MEDIA_GP)
		snprintf(b, n, "%" PRIu64 " early-media-gp frame%s", v, v == 1 ? "" : "s");
	else
		units_format(CU_PS, v, b, n);
	return b;
}

/* Does value v break bound k? MOS is a lower bound, the others upper; a
 * set-up time (cycles) breaks a bound in ps when cycles x 10^12 > ps x hz,
 * so that a fraction of a ps above it is above it. */
static bool vcall_breaks(enum scen_vcall k, uint64_t v, uint64_t bound, uint64_t hz)
{
	if (vcall_is_setup(k))
		return (unsigned __int128)v * PS_PER_S > (unsigned __int128)bound * hz;
	return k == VC_MOS_MIN ? v < bound : v > bound;
}

/* a call's figure, sorted worst first: lowest MOS, largest of the others */
struct vfig {
	uint64_t x;
	const struct vcall *c;
};

static int vfig_up(const void *a, const void *b)
{
	const struct vfig *p = a, *q = b;
	return (p->x > q->x) - (p->x < q->x);
}

static int vfig_down(const void *a, const void *b)
{
	return vfig_up(b, a);
}

/* One verify.calls bound: over each call's figure (min, max), or the 99th
 * percentile of them (nearest rank, as summary.json's set-up p99), or the
 * sum (early_media_gp). The calls that break it are named, worst first. */
static void check_vcall(struct vctx *c, const struct vcalls *t, enum scen_vcall k)
{
	const struct scen_vcall_bound *b = &c->sc->vcalls[k];
	char key[64], loc[512], t1[64], t2[64];
	uint64_t hz = c->st->hz;
	struct vfig *v = calloc(t->n ? t->n : 1, sizeof *v);
	size_t n = 0;
	uint64_t sum = 0, m = 0, x;

	snprintf(key, sizeof key, "verify.calls.%s", scen_vcall_name(k));
	verify_loc(&b->loc, loc, sizeof loc);
	v_begin(c);
	if (!v) {
		fprintf(c->v, "FAIL  %s (%s): out of memory\n", key, loc);
		v_end(c, true, false);
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		if (vcall_value(&t->v[i], k, &x)) {
			v[n++] = (struct vfig){x, &t->v[i]};
			sum += x;
		}
	qsort(v, n, sizeof *v, k == VC_MOS_MIN ? vfig_up : vfig_down);
	const char *what = k == VC_MOS_MIN ? "MOS" : (k == VC_JITTER_P99 || k == VC_JITTER_MAX) ? "jitter" : "set-up time";
	const char *stat = k == VC_MOS_MIN ? "lowest" : (k == VC_JITTER_P99 || k == VC_SETUP_P99)
	                   ? "99th percentile" : k == VC_EARLY_MEDIA_GP ? "total" : "largest";
	if (t->n == 0 || (n == 0 && k != VC_EARLY_MEDIA_GP)) {
		/* no call at all: early_media_gp's total of 0 checked nothing either */
		if (t->n == 0)
			fprintf(c->v, "ok    %s (%s): no call in this run (calls.tsv is empty), the "
			        "bound %s checked nothing\n", key, loc,
			        vcall_text(k, b->v, false, hz, t1, sizeof t1));
		else
			fprintf(c->v, "ok    %s (%s): no call has a %s in this run (%zu call%s in "
			        "calls.tsv), the bound %s checked nothing\n", key, loc, what, t->n,
			        t->n == 1 ? "" : "s", vcall_text(k, b->v, false, hz, t1, sizeof t1));
		v_end(c, false, true);
		free(v);
		return;
	}
	if (k == VC_EARLY_MEDIA_GP) {
		m = sum;
	} else if (k == VC_JITTER_P99 || k == VC_SETUP_P99) {
		/* nearest rank: the ceil(0.99 n)-th smallest = the (n - ceil(0.99 n) + 1)-th
		 * of the worst-first order */
		size_t r = (99 * n + 99) / 100;
		m = v[n - r].x;
	} else {
		m = v[0].x;
	}
	bool broken = vcall_breaks(k, m, b->v, hz);
	fprintf(c->v, "%s  %s (%s): %s %s over %zu call%s, bound %s", broken ? "FAIL" : "ok  ", key,
	        loc, stat, vcall_text(k, m, true, hz, t1, sizeof t1), n, n == 1 ? "" : "s",
	        vcall_text(k, b->v, false, hz, t2, sizeof t2));
	if (n < t->n && k != VC_EARLY_MEDIA_GP)
		fprintf(c->v, " (%zu call%s without a %s: no RTP at RT, or no 200)", t->n - n,
		        t->n - n == 1 ? "" : "s", what);
	fputc('\n', c->v);
	if (broken) {
		unsigned shown = 0;
		fprintf(c->v, "      the calls that break it, worst first:\n");
		for (size_t i = 0; i < n && shown < VERIFY_SHOW; i++) {
			x = v[i].x;
			if (k == VC_EARLY_MEDIA_GP ? x == 0 : !vcall_breaks(k, x, b->v, hz))
				break;
			fprintf(c->v, "        call %-4s Call-ID %s  %s\n", v[i].c->id, v[i].c->call_id,
			        vcall_text(k, x, true, hz, t1, sizeof t1));
			shown++;
		}
	}
	v_end(c, broken, false);
	free(v);
}

static int check_calls(struct vctx *c)
{
	struct vcalls t;
	if (!c->dir) {
		fprintf(stderr, "nicshare verify: verify.calls needs the run's calls.tsv\n");
		return 2;
	}
	if (vcalls_load(c->dir, &t) < 0)
		return 2;
	for (int k = 0; k < VC__COUNT; k++)
		if (c->sc->vcalls[k].set)
			check_vcall(c, &t, (enum scen_vcall)k);
	vcalls_free(&t);
	return 0;
}

/* ---- the analytic bound (src/bound.c) ------------------------------------ */

/* Per call (issue 14): a call's RTP is RT's once its claim is applied, and
 * RT handles every flow's frames in one FIFO ring and input thread, so each
 * call's one-way delay max (calls.tsv: in at RT's socket, out on the wire)
 * is held to its class's bound, rt-rx in and rt-tx out (doc/bound.md, "Per
 * call"). One verdict; a call above names itself. calls.tsv's ns are
 * rounded down, the bound's up. */
/* A class's bound in ns, rounded up; 0 when it has none. */
static uint64_t class_ns_up(const struct bound_result *r, enum bound_cls k)
{
	const struct bound_class *b = &r->c[k];
	if (b->status != BS_OK)
		return 0;
	return (uint64_t)(((unsigned __int128)b->cycles * 1000000000u + r->hz - 1) / r->hz);
}

static void check_calls_bound(struct vctx *c, const struct bound_result *r)
{
	char *p = c->dir ? paths_join(c->dir, "calls.tsv") : NULL;
	bool have = p && access(p, R_OK) == 0;
	free(p);
	if (!have)
		return;
	struct vcalls t;
	if (vcalls_load(c->dir, &t) < 0)
		return;
	uint64_t brx = class_ns_up(r, BC_RT_RX), btx = class_ns_up(r, BC_RT_TX);
	size_t checked = 0, above = 0, nobound = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct vcall *v = &t.v[i];
		for (int d = 0; d < 2; d++) {
			if (!(d ? v->has_out : v->has_in))
				continue;
			if (!(d ? btx : brx)) {
				nobound++;
				continue;
			}
			checked++;
			if ((d ? v->out_max_ns : v->in_max_ns) > (d ? btx : brx))
				above++;
		}
	}
	if (!checked && !nobound) {
		vcalls_free(&t);
		return;
	}
	v_begin(c);
	if (!checked) {
		fprintf(c->v, "bound note  per call: %zu direction%s of calls with RTP have no class "
		        "bound (see the rt-rx / rt-tx notes above)\n", nobound, nobound == 1 ? "" : "s");
	} else {
		char t1[32] = "no bound", t2[32] = "no bound";
		if (brx)
			snprintf(t1, sizeof t1, "%" PRIu64 " ns", brx);
		if (btx)
			snprintf(t2, sizeof t2, "%" PRIu64 " ns", btx);
		fprintf(c->v, "bound %s  per call: %zu call direction%s against their class's bound "
		        "(in <= rt-rx %s, out <= rt-tx %s), %zu above%s\n", above ? "FAIL" : "ok  ",
		        checked, checked == 1 ? "" : "s", t1, t2, above,
		        nobound ? "; some directions have no class bound" : "");
		for (size_t i = 0; above && i < t.n; i++) {
			const struct vcall *v = &t.v[i];
			if (v->has_in && brx && v->in_max_ns > brx)
				fprintf(c->v, "        call %s %s: in delay max %" PRIu64 " ns > rt-rx bound\n",
				        v->id, v->call_id, v->in_max_ns);
			if (v->has_out && btx && v->out_max_ns > btx)
				fprintf(c->v, "        call %s %s: out delay max %" PRIu64 " ns > rt-tx bound\n",
				        v->id, v->call_id, v->out_max_ns);
		}
	}
	/* not counted with the scenario's own checks, nor with the classes */
	v_end(c, above > 0, false);
	c->checks--;
	if (above)
		c->broken--;
	c->cabove = above;
	vcalls_free(&t);
}

/* Every RT class's measured maximum against `nicshare bound`: above it is
 * a failed check (a bug in the model or in the bound), never hidden. */
static void check_analytic(struct vctx *c)
{
	if (bound_run_too_big(c->sc, c->st->frames)) {
		fprintf(c->txt, "bound note  not checked after this run: the capture has more than %u "
		        "frames (the analysis holds them all in memory); `nicshare bound` computes it\n",
		        BOUND_RUN_MAX_FRAMES);
		return;
	}
	struct bound_once own = {0}, *bo = c->st->bound ? c->st->bound : &own;
	const char *why;
	const struct bound_result *r = bound_once_get(bo, c->sc, &why);
	if (!r) {
		fprintf(c->txt, "bound note  no analytic bound: %s\n", why);
		bound_once_free(&own);
		return;
	}
	for (int k = 0; k < BC__COUNT; k++) {
		v_begin(c);
		int v = bound_check_class(r, (enum bound_cls)k, c->st, c->v);
		/* not counted with the scenario's own checks */
		c->checks--;
		if (v == 1)
			c->broken--;
		v_end(c, v == 1, false);
		if (v >= 0)
			c->bchecks++;
		if (v == 1)
			c->bbroken++;
	}
	v_begin(c);
	c->gpcheck = bound_check_gp(r, c->st, c->v);
	c->checks--;
	if (c->gpcheck == 1)
		c->broken--;
	v_end(c, c->gpcheck == 1, false);
	check_calls_bound(c, r);
	bound_once_free(&own);
}

/* ---- the run --------------------------------------------------------------- */

static int write_txt(struct vctx *c)
{
	struct tw w;
	char err[512];
	if (!c->dir)
		return 0;
	if (tw_open(&w, c->dir, "verify.txt", err, sizeof err) < 0) {
		fprintf(stderr, "nicshare verify: %s\n", err);
		return -1;
	}
	tw_str(&w, c->txtbuf ? c->txtbuf : "");
	if (tw_close(&w, 1, err, sizeof err) < 0) {
		fprintf(stderr, "nicshare verify: %s\n", err);
		return -1;
	}
	return 0;
}

int verify_run(const struct scenario *sc, const struct engine_stats *st, const char *dir,
               FILE *out)
{
	return verify_run_host(sc, st, dir, out, 0);
}

/* A computer of a world that was handed frames from the network: its
 * routing.tsv numbers them among its capture's frames, and the analysis
 * knows only its capture and traffic. Both are said, not skipped. */
static void world_notes(struct vctx *c, uint64_t handed)
{
	if (c->sc->n_expects) {
		char *vt = c->sc->trace ? units_visible(c->sc->trace) : NULL;
		v_begin(c);
		fprintf(c->v, "FAIL  verify.routing: not checked: this computer was handed %llu "
		        "frame%s from the network, which its capture %s does not hold (routing.tsv "
		        "numbers them among the capture's frames)\n", (unsigned long long)handed,
		        handed == 1 ? "" : "s", vt ? vt : "(none)");
		v_end(c, true, false);
		free(vt);
	}
	char note[200];
	bound_handed_note(handed, note, sizeof note);
	fprintf(c->txt, "bound note  %s\n", note);
}

/* A capture and a generated call's far end both put frames on the receive
 * wire: routing.tsv numbers the far end's among the capture's, in their
 * order of arrival, so its lines are not the capture's frames. Said, as
 * world_notes says a world's. */
static void injected_note(struct vctx *c, uint64_t injected)
{
	char *vt = units_visible(c->sc->trace);
	v_begin(c);
	fprintf(c->v, "FAIL  verify.routing: not checked: the generated calls' far end "
	        "(calls.generator) put %llu frame%s on the wire among those of the capture %s "
	        "(routing.tsv numbers them among the capture's frames)\n",
	        (unsigned long long)injected, injected == 1 ? "" : "s", vt ? vt : "?");
	v_end(c, true, false);
	free(vt);
}

int verify_run_host(const struct scenario *sc, const struct engine_stats *st, const char *dir,
                    FILE *out, uint64_t handed)
{
	struct vctx c;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.gpcheck = -1;
	c.sc = sc;
	c.st = st;
	c.dir = dir;
	c.out = out;
	c.txt = open_memstream(&c.txtbuf, &c.txtlen);
	if (!c.txt || st->hz == 0) {
		fprintf(stderr, "nicshare verify: %s\n", st->hz ? "out of memory" : "no clock rate");
		if (c.txt)
			fclose(c.txt);
		free(c.txtbuf);
		return 2;
	}
	char *vn = units_visible(sc->name ? sc->name : "default");
	fprintf(c.txt, "# nicshare verify: scenario %s; ok = held, FAIL = broken (doc/verify.md)\n",
	        vn ? vn : "?");
	free(vn);

	for (size_t i = 0; i < sc->n_bounds; i++)
		check_bound(&c, &sc->bounds[i]);
	if (handed)
		world_notes(&c, handed);
	else if (sc->n_expects && sc->trace && st->injected)
		injected_note(&c, st->injected);
	else if (sc->n_expects)
		rc = check_expects(&c);
	if (rc == 0)
		check_drops(&c);
	if (rc == 0 && verify_has_calls(sc))
		rc = check_calls(&c);
	if (rc == 0 && !handed)
		check_analytic(&c);

	if (rc == 0) {
		if (c.checks == 0)
			fprintf(c.txt, "no checks: the scenario has no verify section\n");
		else
			fprintf(c.txt, "verify: %u check%s, %u broken\n", c.checks, c.checks == 1 ? "" : "s",
			        c.broken);
		if (c.broken)
			fprintf(out, "nicshare verify: %u of %u check%s broken\n", c.broken, c.checks,
			        c.checks == 1 ? "" : "s");
		else if (c.checks == 1)
			fprintf(out, "nicshare verify: 1 check, held\n");
		else if (c.checks)
			fprintf(out, "nicshare verify: %u checks, all held\n", c.checks);
		if (c.bchecks)
			fprintf(c.txt, "bound: %u RT class%s against %s analytic bound, %u above\n",
			        c.bchecks, c.bchecks == 1 ? "" : "es", c.bchecks == 1 ? "its" : "their",
			        c.bbroken);
		if (c.bbroken)
			fprintf(out, "nicshare verify: %u RT class%s above %s analytic bound\n",
			        c.bbroken, c.bbroken == 1 ? "" : "es", c.bbroken == 1 ? "its" : "their");
		if (c.gpcheck >= 0)
			fprintf(c.txt, "bound: gp-tx (GP's bulk frames) against its analytic bound, %s\n",
			        c.gpcheck ? "above" : "within");
		if (c.gpcheck == 1)
			fprintf(out, "nicshare verify: gp-tx (GP's bulk frames) above its analytic bound\n");
		if (c.cabove)
			fprintf(out, "nicshare verify: %zu call direction%s above the class's analytic "
			        "bound\n", c.cabove, c.cabove == 1 ? "" : "s");
	}
	fclose(c.txt);
	if (rc == 0 && write_txt(&c) < 0)
		rc = 2;
	free(c.txtbuf);
	routing_free(&c.rt);
	if (rc)
		return rc;
	return c.broken || c.bbroken || c.cabove || c.gpcheck == 1 ? 1 : 0;
}
