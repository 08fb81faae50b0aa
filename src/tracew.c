/* tracew.c - trace file writers, see tracew.h. Formatting is by hand
 * (tw_u64 and friends): at several million lines a second, printf's
 * format parsing would be most of the run's time. */
#include "tracew.h"

#include <stdlib.h>

#include "capout.h"
#include "outputs.h"

struct tracew {
	const struct costs *c;
	bool ng;                     /* pcapng, with verdict comments */
	struct tw routing, events, latency, dispatch;
	struct capout *cap[TP__COUNT];
	unsigned __int128 zero_ps;   /* capture-clock ps of cycle 0 */
};

static void on_stage(void *ctx, const struct trace_stage *s)
{
	struct tw *w = &((struct tracew *)ctx)->events;
	tw_u64(w, s->t);
	tw_ch(w, '\t');
	if (s->who == TW_NONE) {
		tw_ch(w, '-');
	} else {
		if (s->who == TW_OUT)
			tw_ch(w, 'o');
		tw_u64(w, s->id);
	}
	tw_ch(w, '\t');
	tw_str(w, s->stage);
	tw_ch(w, '\t');
	if (s->numeric)
		tw_u64(w, s->v);
	else
		tw_str(w, s->detail ? s->detail : "-");
	tw_ch(w, '\n');
}

static void on_latency(void *ctx, enum scen_class cls, uint64_t id, bool tx, uint64_t start,
                       uint64_t end)
{
	struct tracew *tw = ctx;
	struct tw *w = &tw->latency;
	uint64_t d = end - start;
	if (tx)
		tw_ch(w, 'o');
	tw_u64(w, id);
	tw_ch(w, '\t');
	tw_str(w, scen_class_name(cls));
	tw_ch(w, '\t');
	tw_u64(w, start);
	tw_ch(w, '\t');
	tw_u64(w, end);
	tw_ch(w, '\t');
	tw_u64(w, d);
	tw_ch(w, '\t');
	tw_fix(w, cost_cycles_to_ps(tw->c, d), 3);
	tw_ch(w, '\n');
}

static void on_verdict(void *ctx, uint64_t index, enum verdict_decision d, enum verdict_reason r)
{
	struct tw *w = &((struct tracew *)ctx)->routing;
	tw_u64(w, index);
	tw_ch(w, '\t');
	tw_str(w, verdict_decision_name(d));
	tw_ch(w, '\t');
	tw_str(w, verdict_reason_name(r));
	tw_ch(w, '\n');
}

static void on_dispatch(void *ctx, uint64_t start, uint64_t end, enum disp_who who,
                        enum disp_why why)
{
	struct tw *w = &((struct tracew *)ctx)->dispatch;
	tw_u64(w, start);
	tw_ch(w, '\t');
	tw_u64(w, end);
	tw_ch(w, '\t');
	tw_str(w, disp_who_name(who));
	tw_ch(w, '\t');
	tw_str(w, disp_why_name(why));
	tw_ch(w, '\n');
}

static void on_frame(void *ctx, enum trace_point p, uint64_t t, const struct fr *f)
{
	struct tracew *tw = ctx;
	if (p >= TP__COUNT)
		return;                  /* not a capture point */
	uint64_t ns = (uint64_t)((tw->zero_ps + cost_cycles_to_ps(tw->c, t)) / 1000);
	if (!tw->ng) {
		capout_write(tw->cap[p], ns, f->buf, f->caplen, f->wirelen);
		return;
	}
	/* the frame's verdict: received frames as routing.tsv has them, with
	 * their rt-rx / gp-rx latency; sent frames by band, with rt-tx / gp-tx */
	char note[160];
	const char *dec, *why;
	uint64_t lat;
	if (p == TP_WIRE_TX) {
		dec = verdict_decision_name(f->kind == FK_RT_TX ? DEC_RT : DEC_GP);
		why = verdict_reason_name(R_SENT);
		lat = f->t_last - f->t0;
	} else {
		dec = verdict_decision_name((enum verdict_decision)f->decision);
		why = verdict_reason_name((enum verdict_reason)f->reason);
		lat = t - f->t0;
	}
	capout_verdict_comment(note, sizeof note, dec, why, (int64_t)lat, tw->c->v[C_CPU_HZ]);
	capout_write_ex(tw->cap[p], ns, f->buf, f->caplen, f->wirelen, note,
	                p == TP_WIRE_TX ? CAPOUT_DIR_OUT : CAPOUT_DIR_IN);
}

struct tracew *tracew_open(const char *dir, unsigned outputs, struct trace *tr,
                           const struct costs *c, char *err, size_t errlen)
{
	struct tracew *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->c = c;
	w->ng = (outputs & OUT_PCAPNG) != 0;
	static const struct { int k; const char *name; const char *hdr; } t[] = {
		{OUT_ROUTING, "routing.tsv", "frame\tdecision\treason\n"},
		{OUT_EVENTS, "events.tsv", "cycle\tframe\tstage\tdetail\n"},
		{OUT_LATENCY, "latency.tsv", "frame\tclass\tstart_cycle\tend_cycle\tcycles\tns\n"},
		{OUT_DISPATCH, "dispatch.tsv", "start_cycle\tend_cycle\twho\twhy\n"},
	};
	struct tw *tws[] = {&w->routing, &w->events, &w->latency, &w->dispatch};
	bool ok = true;
	for (int i = 0; i < 4 && ok; i++) {
		if (!(outputs & (1u << t[i].k)))
			continue;
		if (tw_open(tws[i], dir, t[i].name, err, errlen) < 0) {
			ok = false;
			break;
		}
		tw_str(tws[i], t[i].hdr);
	}
	if (ok && (outputs & (1u << OUT_CAPTURES))) {
		static const char *const cn[2][TP__COUNT] = {
			{"wire-tx.pcap", "rt-rx.pcap", "gp-rx.pcap"},
			{"wire-tx.pcapng", "rt-rx.pcapng", "gp-rx.pcapng"}};
		for (int i = 0; i < TP__COUNT && ok; i++) {
			char *p = path_join(dir, cn[w->ng][i]);
			w->cap[i] = p ? capout_open_ex(p, w->ng ? CAPOUT_PCAPNG : CAPOUT_PCAP, 262144, err,
			                               errlen) : NULL;
			free(p);
			ok = w->cap[i] != NULL;
		}
	}
	if (!ok) {
		tracew_close(w, false, NULL);
		return NULL;
	}
	if (outputs & (1u << OUT_ROUTING))
		trace_on_verdict(tr, on_verdict, w);
	if (outputs & (1u << OUT_EVENTS))
		trace_on_stage(tr, on_stage, w);
	if (outputs & (1u << OUT_LATENCY))
		trace_on_latency(tr, on_latency, w);
	if (outputs & (1u << OUT_DISPATCH))
		trace_on_dispatch(tr, on_dispatch, w);
	if (outputs & (1u << OUT_CAPTURES))
		trace_on_frame(tr, on_frame, w);
	return w;
}

void tracew_set_clock(struct tracew *w, uint64_t base_ns, uint64_t offset_ps)
{
	unsigned __int128 b = (unsigned __int128)base_ns * 1000u;
	w->zero_ps = base_ns == 0 ? 0 : b > offset_ps ? b - offset_ps : 0;
}

int tracew_close(struct tracew *w, bool commit, FILE *err)
{
	int rc = 0;
	char msg[512];
	struct tw *tws[] = {&w->routing, &w->events, &w->latency, &w->dispatch};
	for (int i = 0; i < 4; i++)
		if (tw_close(tws[i], commit, msg, sizeof msg) < 0 && commit) {
			if (err)
				fprintf(err, "nicshare: %s\n", msg);
			rc = -1;
		}
	for (int i = 0; i < TP__COUNT; i++)
		if (w->cap[i] && capout_close(w->cap[i], commit, msg, sizeof msg) < 0 && commit) {
			if (err)
				fprintf(err, "nicshare: %s\n", msg);
			rc = -1;
		}
	free(w);
	return rc;
}
