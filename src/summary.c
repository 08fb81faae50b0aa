/* summary.c - summary.json, see summary.h. Written through jansson
 * (json.h): strings escaped, counts as integers, times in ns as exact
 * fixed-point reals (three decimals, the fewest digits that read back the
 * same), CPU shares as exact six-decimal fractions rounded down.
 * doc/outputs.md lists every member. */
#include "config.h"

#include "summary.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/verdict.h"
#include "bound.h"
#include "calls.h"
#include "json.h"
#include "paths.h"
#include "units.h"

static json_t *counts(const uint64_t *v, int n)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++)
		if (v[i])
			js_set(o, verdict_reason_name((enum verdict_reason)i), js_u64(v[i]));
	return o;
}

/* part / total, six decimals, exact integer rounding down */
static json_t *share(uint64_t part, uint64_t total)
{
	uint64_t v = total ? units_muldiv(part, 1000000u, total, false) : 0;
	return js_fixed(v, 6);
}

/* ps rounded down as cost_cycles_to_ps, but in 128 bits: that one stops
 * at 2^64 ps (213 days), which a long capture's simulated time passes */
static json_t *ns(const struct costs *c, uint64_t cyc)
{
	return js_fixed(units_cyc_ps_wide(cyc, c->v[C_CPU_HZ]), 3);
}

static json_t *latency(const struct costs *c, const struct hist *h)
{
	static const uint32_t ppm[] = {500000, 900000, 990000, 999000};
	static const char *const pn[] = {"p50_ns", "p90_ns", "p99_ns", "p99.9_ns"};
	json_t *o = json_object();
	js_set(o, "count", js_u64(h->count));
	if (!h->count)
		return o;
	js_set(o, "min_ns", ns(c, h->min));
	js_set(o, "mean_ns", js_fixed(hist_mean_ps(h, c->v[C_CPU_HZ]), 3));
	for (int i = 0; i < 4; i++)
		js_set(o, pn[i], ns(c, hist_pct(h, ppm[i])));
	js_set(o, "max_ns", ns(c, h->max));
	js_set(o, "min_cycles", js_u64(h->min));
	js_set(o, "p50_cycles", js_u64(hist_pct(h, 500000)));
	js_set(o, "p99_cycles", js_u64(hist_pct(h, 990000)));
	js_set(o, "max_cycles", js_u64(h->max));
	return o;
}

/* An object of named counts, given as name, value pairs ending in NULL. */
static json_t *group(const char *k, ...)
{
	json_t *o = json_object();
	va_list ap;
	va_start(ap, k);
	for (; k; k = va_arg(ap, const char *))
		js_set(o, k, va_arg(ap, json_t *));
	va_end(ap);
	return o;
}

void *summary_bound(const struct scenario *sc, uint64_t frames, uint64_t handed,
                    struct bound_once *bo)
{
	char big[160];
	const char *why = big;
	if (handed) {   /* as verify.txt's note says it */
		bound_handed_note(handed, big, sizeof big);
	} else if (bound_run_too_big(sc, frames)) {
		snprintf(big, sizeof big, "not computed after a run of more than %u capture frames; "
		         "nicshare bound computes it", BOUND_RUN_MAX_FRAMES);
	} else {
		const struct bound_result *r = bound_once_get(bo, sc, &why);
		if (r)
			return bound_json(r);
	}
	json_t *b = json_object();
	js_set(b, "note", js_text(why));
	return b;
}

/* The calls of GP's SIP engine (doc/outputs.md, calls.tsv has each). MOS
 * and jitter are figures of the E-model and RFC 3550: reals. */
static json_t *calls_json(const struct node_stats *st)
{
	struct calls_summary cs;
	struct calls_counts cc;
	calls_summarise(st->calls, &cs);
	calls_counts(st->calls, &cc);
	json_t *o = json_object();
	js_set(o, "count", js_u64(cs.count));
	js_set(o, "established", js_u64(cs.established));
	js_set(o, "with_mos", js_u64(cs.with_mos));
	if (cs.with_mos) {
		js_set(o, "mos_min", json_real(cs.mos_min));
		js_set(o, "mos_p5", json_real(cs.mos_p5));
		js_set(o, "mos_mean", json_real(cs.mos_mean));
		js_set(o, "jitter_max_ms", json_real(cs.jitter_max_ms));
	}
	if (cs.with_setup)
		js_set(o, "setup_p99_ns", js_fixed(cs.setup_p99_ps, 3));
	if (cs.with_billing) {      /* generated calls: GP's billing records */
		js_set(o, "billing_records", js_u64(cs.with_billing));
		js_set(o, "billing_delay_p99_ns", js_fixed(cs.billing_p99_ps, 3));
		js_set(o, "billing_delay_max_ns", js_fixed(cs.billing_max_ps, 3));
	}
	js_set(o, "early_media_gp", js_u64(cs.early_media_gp));
	js_set(o, "claims", js_u64(cc.claims));
	js_set(o, "relinquishes", js_u64(cc.relinquishes));
	js_set(o, "refused", js_u64(cs.refused));
	if (st->call_port_conflicts)   /* generated calls on a pair still held (callplay.h) */
		js_set(o, "port_conflicts", js_u64(st->call_port_conflicts));
	js_set(o, "sip_messages", js_u64(cc.msgs));
	json_t *e = json_object();
	for (int i = 1; i < SIP__NERR; i++)
		if (cc.err[i])
			js_set(e, sip_err_name((enum sip_err)i), js_u64(cc.err[i]));
	js_set(o, "sip_errors", e);
	js_set(o, "unknown_messages", js_u64(cc.unknown_msgs));
	js_set(o, "bye_unknown", js_u64(cs.bye_unknown));
	if (cc.dialogs_dropped)     /* forks past the dialogs a call keeps (calls.h) */
		js_set(o, "dialogs_dropped", js_u64(cc.dialogs_dropped));
	const struct siptcp_stats *tc = &st->gp.sip_tcp;
	if (tc->segments)           /* SIP over TCP was seen (src/siptcp.h) */
		js_set(o, "sip_tcp", group("segments", js_u64(tc->segments), "messages", js_u64(tc->messages),
		                           "sip_tcp_gap", js_u64(tc->gap), "duplicate", js_u64(tc->dup),
		                           "sip_tcp_overflow", js_u64(tc->overflow),
		                           "sip_tcp_unframed", js_u64(tc->unframed), "skipped", js_u64(tc->skipped),
		                           "sip_tcp_no_room", js_u64(tc->no_room),
		                           "sip_tcp_cut", js_u64(tc->cut), NULL));
	const struct ipfrag_stats *fs = &st->gp.sip_frag;
	if (fs->done || fs->bad || fs->evicted || fs->held)   /* IP fragments of UDP (ipfrag.h) */
		js_set(o, "ip_fragments", group("datagrams", js_u64(fs->done), "dropped_bad", js_u64(fs->bad),
		                                "dropped_for_room", js_u64(fs->evicted),
		                                "incomplete", js_u64(fs->held), NULL));
	return o;
}

int summary_write(const char *dir, const struct scenario *sc, const struct node_stats *st,
                  struct bound_once *bo, double wall_s, char *err, size_t errlen)
{
	const struct costs *c = &sc->costs;
	const struct ledger_counts *a = &st->acct;
	const char *tr = sc->trace ? paths_base(sc->trace) : NULL;
	json_t *root = json_object(), *o;
	js_set(root, "nicshare", js_text(PACKAGE_VERSION));
	js_set(root, "scenario", js_text(sc->name ? sc->name : "default"));
	js_set(root, "input", group("capture", js_text(tr ? tr : ""), "frames", js_u64(st->frames),
	                            "timestamps_backwards", js_u64(st->ts_backwards),
	                            "queued_on_wire", js_u64(st->nic.rx_late), NULL));
	o = json_object();
	for (int d = 0; d < DEC__COUNT; d++)
		js_set(o, verdict_decision_name((enum verdict_decision)d), js_u64(a->dec[d]));
	js_set(root, "decisions", o);
	o = json_object();
	for (int d = 0; d < DEC__COUNT; d++)
		js_set(o, verdict_decision_name((enum verdict_decision)d), counts(a->reason[d], R__COUNT));
	js_set(root, "reasons", o);
	js_set(root, "drops", counts(a->reason[DEC_DROP], R__COUNT));
	json_t *out = group("generated", js_u64(a->out_generated), "sent", js_u64(a->out_sent),
	                    "unfinished", js_u64(a->out_unfinished),
	                    "app_blocked", js_u64(st->app_blocked),
	                    "drops", counts(a->out_drop, R__COUNT), NULL);
	if (st->gp.send_blocked)   /* gp.send_full block: frames that waited for channel 2 */
		js_set(out, "gp_send_waited", js_u64(st->gp.send_blocked));
	js_set(root, "outgoing", out);
	o = json_object();
	for (int k = 0; k < CLS__COUNT; k++)
		js_set(o, scen_class_name((enum scen_class)k), latency(c, &st->lat[k]));
	js_set(root, "latency", o);
	js_set(root, "bound", summary_bound(sc, st->frames, st->handed, bo));
	if (st->calls && (calls_count(st->calls) > 0 || sc->calls_sip == CALLS_SIP_ON))
		js_set(root, "calls", calls_json(st));
	js_set(root, "percentile_method",
	       js_text("nearest rank on a log-linear histogram: exact below 2048 cycles, else "
	               "within 1/1024 (0.098%) of the exact value; min, mean, max exact"));
	uint64_t tot = st->busy[0] + st->busy[1] + st->busy[2] + st->busy[3];
	js_set(root, "cpu_share", group("rt", share(st->busy[WHO_RT], tot),
	                                "gp", share(st->busy[WHO_GP], tot),
	                                "idle", share(st->busy[WHO_IDLE], tot),
	                                "switch", share(st->busy[WHO_SWITCH], tot), NULL));
	js_set(root, "cpu_cycles", group("rt", js_u64(st->busy[WHO_RT]), "gp", js_u64(st->busy[WHO_GP]),
	                                 "idle", js_u64(st->busy[WHO_IDLE]),
	                                 "switch", js_u64(st->busy[WHO_SWITCH]), NULL));
	js_set(root, "interrupts", group("raised", js_u64(st->nic.irq_raised),
	                                 "merged", js_u64(st->nic.irq_merged),
	                                 "tx_cleaned", js_u64(st->nic.tx_cleaned), NULL));
	js_set(root, "queues_high_water",
	       group("rx_ring", js_u64(st->nic.rx_ring_high), "tx_ring", js_u64(st->nic.tx_ring_high),
	             "data_out", js_u64(st->data_out_high), "data_in", js_u64(st->data_in_high),
	             "control", js_u64(st->control_high), "gp_backlog", js_u64(st->gp.backlog_high),
	             NULL));
	js_set(root, "control", group("commands", js_u64(st->gp.commands),
	                              "applied", js_u64(st->rt.applied),
	                              "dropped", js_u64(st->gp.dropped),
	                              "port_ops", js_u64(st->rt.port_ops + st->gp.port_ops),
	                              "port_refused", js_u64(st->rt.port_refused + st->gp.port_refused),
	                              NULL));
	js_set(root, "arp_updates", group("rt", js_u64(st->rt.arp_updates),
	                                  "gp", js_u64(st->gp.arp_updates), NULL));
	js_set(root, "events_processed", js_u64(st->events));
	js_set(root, "simulated_cycles", js_u64(st->end_cycle));
	js_set(root, "simulated_ns", ns(c, st->end_cycle));
	js_set(root, "cpu_hz", js_u64(st->hz));
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	json_t *w = json_object();
	js_set(w, "seconds", json_real(wall_s));
	js_set(w, "frames_per_second", json_real(wall_s > 0 ? (double)st->frames / wall_s : 0.0));
	js_set(w, "max_rss_kb", js_u64((uint64_t)ru.ru_maxrss));
	js_set(root, "wall", w);
	int rc = js_write(root, dir, "summary.json", err, errlen);
	json_decref(root);
	return rc;
}
