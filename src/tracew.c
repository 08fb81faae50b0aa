/* tracew.c - trace file writers, see tracew.h. Formatting is by hand
 * (tw_u64 and friends): at several million lines a second, printf's
 * format parsing would be most of the run's time. */
#include "tracew.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "capout.h"
#include "outputs.h"
#include "paths.h"
#include "units.h"

struct tracew {
	const struct costs *c;
	bool ng;                     /* pcapng, with verdict comments */
	struct tw routing, events, latency, dispatch;
	struct tw_rising events_t, latency_t, dispatch_t;   /* their cycle columns */
	struct tw_rising events_in, events_out, latency_in, latency_out, routing_id;   /* frames */
	struct tw_name dec[DEC__COUNT], reason[R__COUNT], who[WHO_SWITCH + 1],
		why[WHY_END + 1], cls[CLS__COUNT];       /* the names of the enums, padded */
	struct capout *cap[TP__COUNT];
	__int128 zero_ps;            /* capture-clock ps of cycle 0; negative: before the epoch */
	char early[256];             /* why such a stamp can come */
};

/* Each writer below makes room for its line once (tw_line) and writes
 * the pieces unchecked; the cycle columns go through a tw_rising each. */
static void on_stage(void *ctx, const struct trace_stage *s)
{
	struct tracew *tw = ctx;
	struct tw *w = &tw->events;
	char *p = tw_put_rising(tw_line(w), &tw->events_t, s->t);
	*p++ = '\t';
	if (s->who == TW_NONE) {
		*p++ = '-';
	} else {
		if (s->who == TW_OUT) {
			*p++ = 'o';
			p = tw_put_near(p, &tw->events_out, s->id);
		} else {
			p = tw_put_near(p, &tw->events_in, s->id);
		}
	}
	*p++ = '\t';
	p = tw_put_str(w, p, s->stage);
	*p++ = '\t';
	if (s->numeric)
		p = tw_put_u64(p, s->v);
	else if (s->detail)
		p = tw_put_str(w, p, s->detail);
	else
		*p++ = '-';
	*p++ = '\n';
	tw_end(w, p);
}

static void on_latency(void *ctx, enum scen_class cls, uint64_t id, bool tx, uint64_t start,
                       uint64_t end)
{
	struct tracew *tw = ctx;
	struct tw *w = &tw->latency;
	uint64_t d = end - start;
	char *p = tw_line(w);
	if (tx) {
		*p++ = 'o';
		p = tw_put_near(p, &tw->latency_out, id);
	} else {
		p = tw_put_near(p, &tw->latency_in, id);
	}
	*p++ = '\t';
	assert((unsigned)cls < CLS__COUNT);
	p = tw_put_name(w, p, &tw->cls[cls]);
	*p++ = '\t';
	p = tw_put_rising(p, &tw->latency_t, start);
	*p++ = '\t';
	p = tw_put_rising(p, &tw->latency_t, end);
	*p++ = '\t';
	p = tw_put_u64(p, d);
	*p++ = '\t';
	p = tw_put_fix(p, cost_cycles_to_ps(tw->c, d), 3);
	*p++ = '\n';
	tw_end(w, p);
}

static void on_verdict(void *ctx, uint64_t index, enum verdict_decision d, enum verdict_reason r)
{
	struct tracew *tw = ctx;
	struct tw *w = &tw->routing;
	char *p = tw_put_near(tw_line(w), &tw->routing_id, index);
	*p++ = '\t';
	assert((unsigned)d < DEC__COUNT && (unsigned)r < R__COUNT);
	p = tw_put_name(w, p, &tw->dec[d]);
	*p++ = '\t';
	p = tw_put_name(w, p, &tw->reason[r]);
	*p++ = '\n';
	tw_end(w, p);
}

static void on_dispatch(void *ctx, uint64_t start, uint64_t end, enum disp_who who,
                        enum disp_why why)
{
	struct tracew *tw = ctx;
	struct tw *w = &tw->dispatch;
	char *p = tw_put_rising(tw_line(w), &tw->dispatch_t, start);
	*p++ = '\t';
	p = tw_put_rising(p, &tw->dispatch_t, end);
	*p++ = '\t';
	assert((unsigned)who <= WHO_SWITCH && (unsigned)why <= WHY_END);
	p = tw_put_name(w, p, &tw->who[who]);
	*p++ = '\t';
	p = tw_put_name(w, p, &tw->why[why]);
	*p++ = '\n';
	tw_end(w, p);
}

static void on_frame(void *ctx, enum trace_point p, uint64_t t, const struct fr *f)
{
	struct tracew *tw = ctx;
	if (p >= TP__COUNT)
		return;                  /* not a capture point */
	/* ps past 2^64 (213 days, where cost_cycles_to_ps saturates) in 128
	 * bits, floored alike; a time beyond 2^64 ns saturated, never cut to 64
	 * bits: the writers refuse it */
	uint64_t ps64 = cost_cycles_to_ps(tw->c, t);
	unsigned __int128 ps = ps64 < UINT64_MAX ? ps64
	                     : (unsigned __int128)t * 1000000000000u / tw->c->v[C_CPU_HZ];
	__int128 at = tw->zero_ps + (__int128)ps;
	if (at < 0) {                /* pcap and pcapng count from the epoch: refused */
		unsigned __int128 before = ((unsigned __int128)-at + 999) / 1000;
		capout_before_epoch(tw->cap[p], before > UINT64_MAX ? UINT64_MAX : (uint64_t)before,
		                    tw->early);
		return;
	}
	unsigned __int128 ns128 = (unsigned __int128)at / 1000;
	uint64_t ns = ns128 > UINT64_MAX ? UINT64_MAX : (uint64_t)ns128;
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
	tw_rising_init(&w->events_t);
	tw_rising_init(&w->latency_t);
	tw_rising_init(&w->dispatch_t);
	tw_rising_init(&w->events_in);
	tw_rising_init(&w->events_out);
	tw_rising_init(&w->latency_in);
	tw_rising_init(&w->latency_out);
	tw_rising_init(&w->routing_id);
	for (int i = 0; i < DEC__COUNT; i++)
		tw_name_set(&w->dec[i], verdict_decision_name((enum verdict_decision)i));
	for (int i = 0; i < R__COUNT; i++)
		tw_name_set(&w->reason[i], verdict_reason_name((enum verdict_reason)i));
	for (int i = 0; i <= WHO_SWITCH; i++)
		tw_name_set(&w->who[i], disp_who_name((enum disp_who)i));
	for (int i = 0; i <= WHY_END; i++)
		tw_name_set(&w->why[i], disp_why_name((enum disp_why)i));
	for (int i = 0; i < CLS__COUNT; i++)
		tw_name_set(&w->cls[i], scen_class_name((enum scen_class)i));
	w->ng = (outputs & OUT_PCAPNG) != 0;
	static const struct { int k; const char *name; const char *hdr; } t[] = {
		{OUT_ROUTING, "routing.tsv", TRACEW_ROUTING_HEAD "\n"},
		{OUT_EVENTS, "events.tsv", TRACEW_EVENTS_HEAD "\n"},
		{OUT_LATENCY, "latency.tsv", TRACEW_LATENCY_HEAD "\n"},
		{OUT_DISPATCH, "dispatch.tsv", TRACEW_DISPATCH_HEAD "\n"},
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
			char *p = paths_join(dir, cn[w->ng][i]);
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

void tracew_set_clock(struct tracew *w, bool captured, __int128 epoch_ns, uint64_t offset_ps)
{
	/* |epoch_ns| < 2^93 (int64 seconds): in ps well within 127 bits */
	w->zero_ps = 0;
	if (!captured)
		return;
	w->zero_ps = epoch_ns * 1000 - (__int128)offset_ps;
	__int128 a = epoch_ns < 0 ? -epoch_ns : epoch_ns;
	char off[64];
	units_format(CU_PS, offset_ps, off, sizeof off);
	snprintf(w->early, sizeof w->early, "stamps are on the input capture's clock, whose first "
	         "frame, at %s%" PRIu64 ".%09u s, came trace.offset %s into the run",
	         epoch_ns < 0 ? "-" : "", (uint64_t)(a / 1000000000), (unsigned)(a % 1000000000), off);
}

int tracew_close(struct tracew *w, bool commit, FILE *err)
{
	int rc = 0;
	char msg[512];
	struct tw *tws[] = {&w->routing, &w->events, &w->latency, &w->dispatch};
	/* a file that failed is said even when the run keeps nothing (it
	 * failed already, say on summary.json): a full disk names the file
	 * that filled it too */
	for (int i = 0; i < 4; i++)
		if (tw_close(tws[i], commit, msg, sizeof msg) < 0) {
			if (err)
				fprintf(err, "nicshare: %s\n", msg);
			rc = -1;
		}
	for (int i = 0; i < TP__COUNT; i++)
		if (w->cap[i] && capout_close(w->cap[i], commit, msg, sizeof msg) < 0) {
			if (err)
				fprintf(err, "nicshare: %s\n", msg);
			rc = -1;
		}
	free(w);
	return rc;
}
