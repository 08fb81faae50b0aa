/* engine.c - the single-computer run: one node (node.h) built from the
 * scenario, its trace files subscribed (tracew.h), driven to the end, its
 * conservation checked and its summary written; and `classify`, the
 * routing decision alone. Models the first embodiment (Figs. 2-3, 7-8)
 * through node.c; doc/engine.md walks a frame through the components. */
#include "config.h"

#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bound.h"
#include "../model/classify.h"
#include "../model/cost.h"
#include "../model/frame.h"
#include "../model/nic.h"
#include "../model/ports.h"
#include "calls.h"
#include "capin.h"
#include "nicdev.h"
#include "node.h"
#include "outputs.h"
#include "summary.h"
#include "tracew.h"

static double wall_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

struct progress {
	FILE *err;
	struct timespec wall0;
	uint64_t hz;
	bool shown;
};

/* The progress line: only runs longer than a second show it. */
static void progress_line(struct progress *p, uint64_t frames, uint64_t now, bool last)
{
	double w = wall_since(&p->wall0);
	if ((!last && w < 1.0) || (last && !p->shown))
		return;
	p->shown = true;
	fprintf(p->err, "\r%12llu frames  %10.6f s simulated  %9.0f frames/s%s",
	        (unsigned long long)frames, (double)now / (double)p->hz,
	        w > 0 ? (double)frames / w : 0.0, last ? "\n" : "");
	fflush(p->err);
}

static void on_tick(void *ctx, uint64_t frames, uint64_t now)
{
	progress_line(ctx, frames, now, false);
}

void engine_fill_stats(const struct node_stats *ns, double wall_s, struct engine_stats *st)
{
	memset(st, 0, sizeof *st);
	st->end_cycle = ns->end_cycle;
	st->frames = ns->frames;
	st->injected = ns->injected;
	st->events = ns->events;
	st->wall_s = wall_s;
	st->hz = ns->hz;
	memcpy(st->dec, ns->acct.dec, sizeof st->dec);
	memcpy(st->reason, ns->acct.reason, sizeof st->reason);
	st->out_generated = ns->acct.out_generated;
	st->out_sent = ns->acct.out_sent;
	memcpy(st->out_drop, ns->acct.out_drop, sizeof st->out_drop);
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct hist *h = &ns->lat[k];
		struct engine_lat *l = &st->lat[k];
		l->count = h->count;
		if (!h->count)
			continue;
		l->min = h->min;
		l->max = h->max;
		l->p50 = hist_pct(h, 500000);
		l->p90 = hist_pct(h, 900000);
		l->p99 = hist_pct(h, 990000);
		l->p999 = hist_pct(h, 999000);
		memcpy(l->top, h->top, sizeof l->top);
		l->ntop = h->ntop;
	}
}

static bool calls_line(void *ctx, const char *line, size_t len)
{
	struct tw *w = ctx;
	for (size_t i = 0; i < len; i++)
		tw_ch(w, line[i]);
	return true;
}

int engine_write_calls(const char *dir, const struct calls *calls, char *err, size_t errlen)
{
	struct tw w;
	if (tw_open(&w, dir, "calls.tsv", err, errlen) < 0)
		return -1;
	struct calls *none = NULL;
	if (!calls) {
		struct calls_cfg cc = {NULL, 0, 1, 0, 0, 0, NULL, NULL};
		calls = none = calls_create(&cc);
	}
	bool ok = calls && calls_tsv(calls, calls_line, &w);
	calls_destroy(none);
	if (!ok)
		snprintf(err, errlen, "%s/calls.tsv: out of memory", dir);
	return tw_close(&w, ok, err, errlen) < 0 || !ok ? -1 : 0;
}

int engine_run(const struct scenario *sc, const struct engine_opts *o, struct engine_stats *st,
               FILE *err)
{
	char ebuf[512];
	struct progress pr = {err, {0, 0}, sc->costs.v[C_CPU_HZ], false};
	clock_gettime(CLOCK_MONOTONIC, &pr.wall0);
	struct node_opts no = {o->quiet ? NULL : err, o->stop, false, o->progress ? on_tick : NULL, &pr, false};
	struct node *n = node_create(sc, &no, ebuf, sizeof ebuf);
	if (!n) {
		fprintf(err, "nicshare: %s\n", ebuf);
		return 2;
	}
	struct tracew *w = tracew_open(o->outdir, o->outputs, node_trace(n), &sc->costs, ebuf,
	                               sizeof ebuf);
	if (!w) {
		fprintf(err, "nicshare: %s\n", ebuf);
		node_destroy(n);
		return 2;
	}
	node_start(n);
	__int128 epoch;
	bool captured = node_epoch_ns(n, &epoch);
	tracew_set_clock(w, captured, epoch, sc->trace_offset_ps);
	int rc = node_run_until(n, UINT64_MAX) < 0 ? -1 : node_finish(n, err);
	if (rc < 0) {
		if (o->progress && pr.shown)
			fputc('\n', err);
		fprintf(err, "nicshare: %s\n", node_error(n));
		tracew_close(w, false, NULL);
		node_destroy(n);
		return 2;
	}
	struct node_stats ns;
	node_stats(n, &ns);
	double wall = wall_since(&pr.wall0);
	engine_fill_stats(&ns, wall, st);
	struct bound_once own = {0}, *bo = o->bound ? o->bound : &own;
	if (o->progress)
		progress_line(&pr, ns.frames, ns.end_cycle, true);
	if (ns.ts_backwards && !o->quiet)
		fprintf(err, "nicshare: %s: %llu timestamps went backwards; each such frame was taken "
		        "to arrive with the frame before it\n", sc->trace,
		        (unsigned long long)ns.ts_backwards);
	if ((o->outputs & (1u << OUT_SUMMARY)) &&
	    summary_write(o->outdir, sc, &ns, bo, wall, ebuf, sizeof ebuf) < 0) {
		fprintf(err, "nicshare: %s\n", ebuf);
		rc = 2;
	}
	if ((o->outputs & (1u << OUT_CALLS)) && engine_write_calls(o->outdir, ns.calls, ebuf, sizeof ebuf) < 0) {
		fprintf(err, "nicshare: %s\n", ebuf);
		rc = 2;
	}
	if (tracew_close(w, rc != 2, err) < 0)
		rc = 2;
	bound_once_free(&own);
	st->bound = o->bound;   /* the caller's, or none: ours is gone */
	node_destroy(n);
	return rc;
}

int engine_classify(const struct scenario *sc, FILE *out, FILE *err)
{
	char ebuf[512];
	if (!sc->trace) {
		fprintf(err, "nicshare classify: no capture: give --trace FILE or trace.file\n");
		return 2;
	}
	struct nic_cfg nc;
	nicdev_cfg(sc, &nc);
	nc.rx_ring = nc.tx_ring = 1;     /* the filter alone: no timing, no queues */
	struct nic *nic = nic_create(&nc);
	struct ports *ports = ports_create();
	uint16_t bad = 0;
	if (!nic || !ports || ports_boot(ports, sc->rt_ports, sc->n_rt_ports, &bad) != PORTS_OK) {
		fprintf(err, "nicshare classify: cannot set up the model\n");
		if (nic)
			nic_destroy(nic);
		if (ports)
			ports_destroy(ports);
		return 2;
	}
	for (size_t i = 0; i < sc->n_gp_ports; i++)
		ports_gp_bind(ports, sc->gp_ports[i]);
	struct capin *c = capin_open_ex(sc->trace, sc->mac, CAPIN_OTHER_LINK, ebuf, sizeof ebuf);
	if (!c) {
		fprintf(err, "nicshare: %s\n", ebuf);
		nic_destroy(nic);
		ports_destroy(ports);
		return 2;
	}
	fputs(TRACEW_ROUTING_HEAD "\n", out);
	struct capin_frame f;
	int rc;
	while ((rc = capin_next(c, &f, ebuf, sizeof ebuf)) == 1) {
		struct frame_info fi;
		frame_parse(f.data, f.caplen, f.wirelen, &fi);
		int d, r;
		if (f.other_link) {
			d = DEC_SKIP;
			r = R_OTHER_LINK;
		} else if (f.dir == CAPIN_DIR_OUT || nic_is_own_tx(nic, &fi)) {
			d = DEC_SKIP;
			r = R_OWN_TX;
		} else if ((r = nic_filter(nic, &fi)) >= 0) {
			d = DEC_DROP;
		} else {
			struct classify_result cr = classify_frame(&fi, ports);
			d = cr.decision;
			r = cr.reason;
		}
		fprintf(out, "%llu\t%s\t%s\n", (unsigned long long)f.index,
		        verdict_decision_name((enum verdict_decision)d),
		        verdict_reason_name((enum verdict_reason)r));
	}
	if (rc < 0)
		fprintf(err, "nicshare: %s\n", ebuf);
	capin_close(c);
	nic_destroy(nic);
	ports_destroy(ports);
	return rc < 0 ? 2 : 0;
}
