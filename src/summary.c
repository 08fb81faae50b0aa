/* summary.c - summary.json, see summary.h. The layout (one member a line,
 * fixed-point ns with three decimals, exact integer CPU shares) is what
 * golden comparison and report read; doc/outputs.md lists every member. */
#include "config.h"

#include "summary.h"

#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>

#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/verdict.h"
#include "outputs.h"

static void json_ns(struct tw *w, const struct costs *c, uint64_t cyc)
{
	tw_fix(w, cost_cycles_to_ps(c, cyc), 3);
}

static void json_counts(struct tw *w, const uint64_t *v, int n, const char *(*name)(int))
{
	bool first = true;
	tw_ch(w, '{');
	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		tw_printf(w, "%s\"%s\": ", first ? "" : ", ", name(i));
		tw_u64(w, v[i]);
		first = false;
	}
	tw_ch(w, '}');
}

static const char *reason_name_i(int i) { return verdict_reason_name((enum verdict_reason)i); }

static void share(struct tw *w, uint64_t part, uint64_t total)
{
	/* six decimals, exact integer rounding down */
	uint64_t v = total ? (uint64_t)(((unsigned __int128)part * 1000000u) / total) : 0;
	tw_fix(w, v, 6);
}

int summary_write(const char *dir, const struct scenario *sc, const struct node_stats *st,
                  double wall_s, char *err, size_t errlen)
{
	const struct costs *c = &sc->costs;
	const struct ledger_counts *a = &st->acct;
	struct tw w;
	if (tw_open(&w, dir, "summary.json", err, errlen) < 0)
		return -1;
	const char *tr = sc->trace ? strrchr(sc->trace, '/') : NULL;
	tr = tr ? tr + 1 : sc->trace;
	tw_printf(&w, "{\n  \"nicshare\": \"%s\",\n", PACKAGE_VERSION);
	tw_printf(&w, "  \"scenario\": \"%s\",\n", sc->name ? sc->name : "default");
	tw_printf(&w, "  \"input\": {\"capture\": \"%s\", \"frames\": ", tr ? tr : "");
	tw_u64(&w, st->frames);
	tw_str(&w, ", \"timestamps_backwards\": ");
	tw_u64(&w, st->ts_backwards);
	tw_str(&w, ", \"queued_on_wire\": ");
	tw_u64(&w, st->nic.rx_late);
	tw_str(&w, "},\n  \"decisions\": {");
	for (int d = 0; d < DEC__COUNT; d++) {
		tw_printf(&w, "%s\"%s\": ", d ? ", " : "", verdict_decision_name((enum verdict_decision)d));
		tw_u64(&w, a->dec[d]);
	}
	tw_str(&w, "},\n  \"reasons\": {");
	for (int d = 0; d < DEC__COUNT; d++) {
		tw_printf(&w, "%s\"%s\": ", d ? ", " : "", verdict_decision_name((enum verdict_decision)d));
		json_counts(&w, a->reason[d], R__COUNT, reason_name_i);
	}
	tw_str(&w, "},\n  \"drops\": ");
	json_counts(&w, a->reason[DEC_DROP], R__COUNT, reason_name_i);
	tw_str(&w, ",\n  \"outgoing\": {\"generated\": ");
	tw_u64(&w, a->out_generated);
	tw_str(&w, ", \"sent\": ");
	tw_u64(&w, a->out_sent);
	tw_str(&w, ", \"unfinished\": ");
	tw_u64(&w, a->out_unfinished);
	tw_str(&w, ", \"app_blocked\": ");
	tw_u64(&w, st->app_blocked);
	tw_str(&w, ", \"drops\": ");
	json_counts(&w, a->out_drop, R__COUNT, reason_name_i);
	tw_str(&w, "},\n  \"latency\": {\n");
	static const uint32_t ppm[] = {500000, 900000, 990000, 999000};
	static const char *const pn[] = {"p50", "p90", "p99", "p99.9"};
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct hist *h = &st->lat[k];
		tw_printf(&w, "    \"%s\": {\"count\": ", scen_class_name((enum scen_class)k));
		tw_u64(&w, h->count);
		if (h->count) {
			tw_str(&w, ", \"min_ns\": ");
			json_ns(&w, c, h->min);
			tw_str(&w, ", \"mean_ns\": ");
			json_ns(&w, c, hist_mean(h));
			for (int i = 0; i < 4; i++) {
				tw_printf(&w, ", \"%s_ns\": ", pn[i]);
				json_ns(&w, c, hist_pct(h, ppm[i]));
			}
			tw_str(&w, ", \"max_ns\": ");
			json_ns(&w, c, h->max);
			tw_str(&w, ", \"min_cycles\": ");
			tw_u64(&w, h->min);
			tw_str(&w, ", \"p50_cycles\": ");
			tw_u64(&w, hist_pct(h, 500000));
			tw_str(&w, ", \"p99_cycles\": ");
			tw_u64(&w, hist_pct(h, 990000));
			tw_str(&w, ", \"max_cycles\": ");
			tw_u64(&w, h->max);
		}
		tw_printf(&w, "}%s\n", k + 1 < CLS__COUNT ? "," : "");
	}
	tw_str(&w, "  },\n  \"percentile_method\": \"nearest rank on a log-linear histogram: exact "
	           "below 2048 cycles, else within 1/1024 (0.098%) of the exact value; min, mean, "
	           "max exact\",\n");
	uint64_t tot = st->busy[0] + st->busy[1] + st->busy[2] + st->busy[3];
	tw_str(&w, "  \"cpu_share\": {\"rt\": ");
	share(&w, st->busy[WHO_RT], tot);
	tw_str(&w, ", \"gp\": ");
	share(&w, st->busy[WHO_GP], tot);
	tw_str(&w, ", \"idle\": ");
	share(&w, st->busy[WHO_IDLE], tot);
	tw_str(&w, ", \"switch\": ");
	share(&w, st->busy[WHO_SWITCH], tot);
	tw_str(&w, "},\n  \"cpu_cycles\": {\"rt\": ");
	tw_u64(&w, st->busy[WHO_RT]);
	tw_str(&w, ", \"gp\": ");
	tw_u64(&w, st->busy[WHO_GP]);
	tw_str(&w, ", \"idle\": ");
	tw_u64(&w, st->busy[WHO_IDLE]);
	tw_str(&w, ", \"switch\": ");
	tw_u64(&w, st->busy[WHO_SWITCH]);
	tw_str(&w, "},\n  \"interrupts\": {\"raised\": ");
	tw_u64(&w, st->nic.irq_raised);
	tw_str(&w, ", \"merged\": ");
	tw_u64(&w, st->nic.irq_merged);
	tw_str(&w, "},\n  \"queues_high_water\": {\"rx_ring\": ");
	tw_u64(&w, st->nic.rx_ring_high);
	tw_str(&w, ", \"tx_ring\": ");
	tw_u64(&w, st->nic.tx_ring_high);
	tw_str(&w, ", \"data_out\": ");
	tw_u64(&w, st->data_out_high);
	tw_str(&w, ", \"data_in\": ");
	tw_u64(&w, st->data_in_high);
	tw_str(&w, ", \"control\": ");
	tw_u64(&w, st->control_high);
	tw_str(&w, ", \"gp_backlog\": ");
	tw_u64(&w, st->gp.backlog_high);
	tw_str(&w, "},\n  \"control\": {\"commands\": ");
	tw_u64(&w, st->gp.commands);
	tw_str(&w, ", \"applied\": ");
	tw_u64(&w, st->rt.applied);
	tw_str(&w, ", \"dropped\": ");
	tw_u64(&w, st->gp.dropped);
	tw_str(&w, ", \"port_ops\": ");
	tw_u64(&w, st->rt.port_ops + st->gp.port_ops);
	tw_str(&w, ", \"port_refused\": ");
	tw_u64(&w, st->rt.port_refused + st->gp.port_refused);
	tw_str(&w, "},\n  \"arp_updates\": {\"rt\": ");
	tw_u64(&w, st->rt.arp_updates);
	tw_str(&w, ", \"gp\": ");
	tw_u64(&w, st->gp.arp_updates);
	tw_str(&w, "},\n  \"events_processed\": ");
	tw_u64(&w, st->events);
	tw_str(&w, ",\n  \"simulated_cycles\": ");
	tw_u64(&w, st->end_cycle);
	tw_str(&w, ",\n  \"simulated_ns\": ");
	json_ns(&w, c, st->end_cycle);
	tw_str(&w, ",\n  \"cpu_hz\": ");
	tw_u64(&w, st->hz);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	tw_printf(&w, ",\n  \"wall\": {\"seconds\": %.6f, \"frames_per_second\": %.0f, "
	          "\"max_rss_kb\": %ld}\n}\n",
	          wall_s, wall_s > 0 ? (double)st->frames / wall_s : 0.0, ru.ru_maxrss);
	return tw_close(&w, 1, err, errlen);
}

