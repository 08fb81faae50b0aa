/* main.c - the nicshare command line. main() only parses options, sets up
 * and runs (SimGrid's examples/c style); the work is in engine.c, world.c,
 * scenario.c and the model. Exit status (SPEC A4): 0 all checks held,
 * 1 a verification failed, 2 bad usage or bad input. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/verdict.h"
#include "engine.h"
#include "golden.h"
#include "outputs.h"
#include "report.h"
#include "scenario.h"
#include "synth.h"
#include "verify.h"
#include "world.h"

static const char usage_main[] =
	"usage: nicshare COMMAND [options]\n"
	"\n"
	"A cycle-level simulator of one computer whose real-time OS (RT) and\n"
	"general-purpose OS (GP) share one processor and one Ethernet NIC\n"
	"(patent EP 03291941). Commands:\n"
	"  run [SCENARIO]       replay a capture and generated traffic through the\n"
	"                       model; write routing, events, latency, dispatch,\n"
	"                       captures and a summary into --out DIR\n"
	"  classify [SCENARIO]  the routing decision of every frame of a capture\n"
	"                       (SPEC N0, N1, N1b, C1-C4), no timing, to stdout\n"
	"  config [SCENARIO]    print the effective configuration as YAML\n"
	"  report DIR [DIR...]  latency report (HTML, gnuplot figures) of one run,\n"
	"                       or several overlaid\n"
	"  check SCENARIO       run and compare with the golden outputs\n"
	"  bless SCENARIO       write or rewrite the golden outputs\n"
	"  diff DIR_A DIR_B     frames whose routing changed, latency changes\n"
	"  synth [SCENARIO]     write a deterministic mixed capture (benchmarks, demos)\n"
	"\n"
	"Without SCENARIO the embedded default is used: a 3 GHz core, a 1 Gbit/s\n"
	"e1000-class NIC with 256-slot rings and moderation off, RT UDP ports\n"
	"5004-5099, the priority dispatcher and the strict transmit scheduler.\n"
	"Every key is documented in doc/scenario.md.\n"
	"\n"
	"Run `nicshare COMMAND --help` for a command's options.\n"
	"Exit status: 0 all checks held, 1 a verification failed, 2 bad usage or input.\n";

static const char usage_run[] =
	"usage: nicshare run [SCENARIO.yaml] --out DIR [options]\n"
	"\n"
	"  --out DIR          output directory (created; refused when it holds files\n"
	"                     nicshare did not write, unless --force)\n"
	"  --trace FILE       input capture (pcap or pcapng; Ethernet, Linux SLL or\n"
	"                     SLL2), overriding trace.file of the scenario\n"
	"  --set KEY=VALUE    override any scenario key, e.g. --set nic.rx_ring=64,\n"
	"                     --set rt.udp_ports=5004-5099,7000 (repeatable)\n"
	"  --outputs LIST     what to write, from routing,events,latency,dispatch,\n"
	"                     captures,summary (default: all)\n"
	"  --replay-tx        send the host's own frames of the capture again at their\n"
	"                     capture times (RT when their UDP source port is an RT\n"
	"                     port, else GP); by default they are listed as skip\n"
	"  --force            write into a non-empty directory anyway\n"
	"  --report           also write DIR/report/index.html (needs gnuplot)\n"
	"  --quiet            no progress line, no summary on stdout\n"
	"  -h, --help         this text\n"
	"\n"
	"Outputs (doc/outputs.md): routing.tsv, events.tsv, latency.tsv, dispatch.tsv,\n"
	"summary.json, wire-tx.pcap, rt-rx.pcap, gp-rx.pcap (nanosecond pcap).\n"
	"When the scenario has a verify section (latency bounds, routing\n"
	"expectations, drop limits), it is checked after the run; the verdicts go\n"
	"to stderr and DIR/verify.txt.\n"
	"Exit status: 0 all checks held, 1 a check failed (conservation or\n"
	"verification), 2 bad usage or bad input.\n";

static const char usage_classify[] =
	"usage: nicshare classify [SCENARIO.yaml] [--trace FILE] [--set KEY=VALUE ...]\n"
	"\n"
	"Print routing.tsv (frame, decision, reason) for every frame of the capture,\n"
	"deciding with the NIC filter and the classifier only (no timing, so no\n"
	"ring or channel overflow). Keys that matter: host.mac, rt.udp_ports,\n"
	"gp.udp_ports, nic.promiscuous, nic.multicast, nic.mtu, nic.up.\n";

static const char usage_config[] =
	"usage: nicshare config [SCENARIO.yaml] [--set KEY=VALUE ...]\n"
	"\n"
	"Print the effective configuration (defaults, profile, file and overrides\n"
	"applied) as YAML that loads back to the same run.\n";

static const char usage_synth[] =
	"usage: nicshare synth [SCENARIO.yaml] --frames N --write FILE [--seed N]\n"
	"                      [--snaplen N] [--set KEY=VALUE ...]\n"
	"\n"
	"Write a pcap (ns timestamps) of N back-to-back frames at the scenario's link\n"
	"rate, addressed to its host.mac/host.ipv4: 30% small UDP to RT ports\n"
	"5004-5099, 60% TCP of 1000-1514 bytes, 4% ARP, 4% other UDP (IPv4, IPv6),\n"
	"2% for another host. Frames are cut at --snaplen bytes (default 96), their\n"
	"wire length kept. Same seed (default fixed), same bytes.\n"
	"  --same-time        stamp every frame with the first one's time (a burst\n"
	"                     far above line rate: the wire queues them)\n"
	"  --voip CHANNELS [--duration-ms MS] [--background-mbps M]\n"
	"      instead: a VoIP gateway's incoming traffic: CHANNELS G.711 calls at\n"
	"      50 frames/s each to RT ports 10000+2k, SIP on UDP 5060 (GP), and TCP\n"
	"      background at M Mbit/s, for MS milliseconds (default 1000)\n";

struct cli {
	const char *scenario;
	const char *trace;
	const char *out;
	const char *outputs;
	const char **sets;
	size_t nsets;
	const char *frames, *write, *seed, *snaplen, *voip, *duration_ms, *bg_mbps;
	bool replay_tx, force, quiet, report, same_time;
};

static int bad_usage(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "nicshare %s: %s%s%s\nTry 'nicshare %s --help'.\n", cmd, what,
	        arg ? ": " : "", arg ? arg : "", cmd);
	return 2;
}

/* Parse the options shared by the commands; returns 0, 2 on bad usage, or
 * 3 when --help was printed. */
static int parse(const char *cmd, const char *usage, int argc, char **argv, struct cli *c,
                 bool is_run)
{
	memset(c, 0, sizeof *c);
	c->sets = calloc((size_t)argc + 1, sizeof *c->sets);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
#define OPT_VAL(name)                                                              \
	(strcmp(a, name) == 0 ? (i + 1 < argc ? (val = argv[++i]) : NULL)         \
	 : strncmp(a, name "=", sizeof name) == 0 ? (val = a + sizeof name) : NULL)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 3;
		} else if (!strcmp(a, "--set") || !strncmp(a, "--set=", 6)) {
			if (!OPT_VAL("--set"))
				return bad_usage(cmd, "--set needs KEY=VALUE", NULL);
			if (!strchr(val, '='))
				return bad_usage(cmd, "--set needs KEY=VALUE", val);
			c->sets[c->nsets++] = val;
		} else if (!strcmp(a, "--trace") || !strncmp(a, "--trace=", 8)) {
			if (!OPT_VAL("--trace"))
				return bad_usage(cmd, "--trace needs a file", NULL);
			c->trace = val;
		} else if (is_run && (!strcmp(a, "--out") || !strncmp(a, "--out=", 6))) {
			if (!OPT_VAL("--out"))
				return bad_usage(cmd, "--out needs a directory", NULL);
			c->out = val;
		} else if (is_run && (!strcmp(a, "--outputs") || !strncmp(a, "--outputs=", 10))) {
			if (!OPT_VAL("--outputs"))
				return bad_usage(cmd, "--outputs needs a list", NULL);
			c->outputs = val;
		} else if (!is_run && (!strcmp(a, "--frames") || !strcmp(a, "--write") ||
		                       !strcmp(a, "--seed") || !strcmp(a, "--snaplen") ||
		                       !strcmp(a, "--voip") || !strcmp(a, "--duration-ms") ||
		                       !strcmp(a, "--background-mbps")) &&
		           !strcmp(cmd, "synth")) {
			if (i + 1 >= argc)
				return bad_usage(cmd, "option needs a value", a);
			const char **dst = !strcmp(a, "--frames") ? &c->frames
			                   : !strcmp(a, "--write") ? &c->write
			                   : !strcmp(a, "--seed") ? &c->seed
			                   : !strcmp(a, "--voip") ? &c->voip
			                   : !strcmp(a, "--duration-ms") ? &c->duration_ms
			                   : !strcmp(a, "--background-mbps") ? &c->bg_mbps : &c->snaplen;
			*dst = argv[++i];
		} else if (is_run && !strcmp(a, "--replay-tx")) {
			c->replay_tx = true;
		} else if (!strcmp(cmd, "synth") && !strcmp(a, "--same-time")) {
			c->same_time = true;
		} else if (is_run && !strcmp(a, "--report")) {
			c->report = true;
		} else if (is_run && !strcmp(a, "--force")) {
			c->force = true;
		} else if (is_run && (!strcmp(a, "--quiet") || !strcmp(a, "-q"))) {
			c->quiet = true;
		} else if (a[0] == '-' && a[1]) {
			return bad_usage(cmd, "unknown option", a);
		} else if (!c->scenario) {
			c->scenario = a;
		} else {
			return bad_usage(cmd, "more than one scenario file", a);
		}
#undef OPT_VAL
	}
	return 0;
}

static struct scenario *load(const struct cli *c)
{
	struct scenario *sc = scenario_load(c->scenario, c->sets, c->nsets, stderr);
	if (!sc)
		return NULL;
	if (c->trace) {
		if (access(c->trace, R_OK) != 0) {
			fprintf(stderr, "%s: cannot read the capture: %s\n", c->trace, strerror(errno));
			scenario_free(sc);
			return NULL;
		}
		free(sc->trace);
		sc->trace = strdup(c->trace);
	}
	if (c->replay_tx)
		sc->replay_tx = true;
	return sc;
}

/* Set on SIGINT/SIGTERM (world.c installs the handler after SimGrid has
 * installed its own): the engine stops at its next check and the run's
 * files, still under their .tmp names, are removed. */
static volatile sig_atomic_t stop_flag;

static void print_us(uint64_t cyc, uint64_t hz)
{
	/* microseconds with two decimals, from integer cycles */
	unsigned long long cus = (unsigned long long)((unsigned __int128)cyc * 100000000u / hz);
	printf("%llu.%02llu", cus / 100, cus % 100);
}

static void print_summary(const struct scenario *sc, const struct engine_stats *st,
                          const char *out, unsigned outputs)
{
	uint64_t hz = sc->costs.v[C_CPU_HZ];
	uint64_t odrop = 0;
	for (int r = 0; r < R__COUNT; r++)
		odrop += st->out_drop[r];
	printf("nicshare: %llu input frames: %llu rt, %llu gp, %llu both, %llu dropped, %llu "
	       "skipped; %llu outgoing frames: %llu sent, %llu dropped\n",
	       (unsigned long long)st->frames, (unsigned long long)st->dec[DEC_RT],
	       (unsigned long long)st->dec[DEC_GP], (unsigned long long)st->dec[DEC_BOTH],
	       (unsigned long long)st->dec[DEC_DROP], (unsigned long long)st->dec[DEC_SKIP],
	       (unsigned long long)st->out_generated, (unsigned long long)st->out_sent,
	       (unsigned long long)odrop);
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct engine_lat *l = &st->lat[k];
		if (!l->count)
			continue;
		printf("nicshare: %-6s latency us: p50 ", scen_class_name((enum scen_class)k));
		print_us(l->p50, hz);
		printf("  p99 ");
		print_us(l->p99, hz);
		printf("  max ");
		print_us(l->max, hz);
		printf("  (%llu frames)\n", (unsigned long long)l->count);
	}
	printf("nicshare: %.6f s simulated (cycle %llu) in %.3f s wall, %llu events\n",
	       (double)st->end_cycle / (double)hz, (unsigned long long)st->end_cycle, st->wall_s,
	       (unsigned long long)st->events);
	if (outputs & (1u << OUT_SUMMARY))
		printf("nicshare: outputs in %s (summary.json has every count and percentile)\n", out);
	else
		printf("nicshare: outputs in %s\n", out);
}

/* DIR/config.yaml: the effective configuration, loadable as a scenario. */
static int write_config(const struct scenario *sc, const char *dir)
{
	char *p = path_join(dir, "config.yaml"), *t = path_join(dir, "config.yaml.tmp");
	FILE *f = p && t ? fopen(t, "w") : NULL;
	int rc = -1;
	if (f) {
		scenario_print(sc, f);
		rc = ferror(f) | fclose(f);
		if (rc == 0)
			rc = rename(t, p);
	}
	if (rc != 0)
		fprintf(stderr, "nicshare: %s: cannot write: %s\n", p ? p : dir, strerror(errno));
	free(p);
	free(t);
	return rc;
}

static int cmd_run(struct cli *cp)
{
	struct cli c = *cp;
	int rc;
	if (!c.out)
		return bad_usage("run", "--out DIR is required", NULL);
	unsigned outputs = OUT_ALL;
	char err[512];
	if (c.outputs && outputs_parse(c.outputs, &outputs, err, sizeof err) < 0)
		return bad_usage("run", err, NULL);
	struct scenario *sc = load(&c);
	if (!sc)
		return 2;
	bool created;
	if (sc->has_world) {        /* a world of hosts (worldcfg.h): read, then run */
		struct wcfg *w = wcfg_load(c.scenario, sc, c.sets, c.nsets, stderr);
		if (!w || outdir_prepare(c.out, c.force, &created, err, sizeof err) < 0) {
			if (w)
				fprintf(stderr, "nicshare: %s\n", err);
			wcfg_free(w);
			scenario_free(sc);
			return 2;
		}
		struct engine_opts wo = {c.out, outputs, c.quiet, false, &stop_flag};
		rc = world_run_many(w, &wo, stderr);
		if (rc == 2)
			outdir_abandon(c.out, created);
		else if (!c.quiet)
			printf("nicshare: world of %zu hosts: %s/world.json\n", w->nhosts, c.out);
		wcfg_free(w);
		scenario_free(sc);
		return rc;
	}
	if (outdir_prepare(c.out, c.force, &created, err, sizeof err) < 0) {
		fprintf(stderr, "nicshare: %s\n", err);
		scenario_free(sc);
		return 2;
	}
	if (sc->n_expects)
		outputs |= 1u << OUT_ROUTING;   /* expectations are checked against it */
	struct engine_opts o = {c.out, outputs, c.quiet, !c.quiet && isatty(2), &stop_flag};

	struct engine_stats st;
	double clock = 0;
	rc = world_run(sc, &o, &st, &clock, stderr);
	if (rc != 2 && clock != (double)st.end_cycle / (double)sc->costs.v[C_CPU_HZ]) {
		/* the actor met SimGrid's clock at cycles / hz: any other value
		 * means surf/precision was not applied */
		fprintf(stderr, "nicshare: SimGrid's clock %.15g s differs from the node's %.15g s\n",
		        clock, (double)st.end_cycle / (double)sc->costs.v[C_CPU_HZ]);
		rc = 1;
	}
	if (rc != 2 && write_config(sc, c.out) != 0)
		rc = 2;
	if (rc != 2) {
		int vr = verify_run(sc, &st, c.out, stderr);
		if (vr > rc)
			rc = vr;
	}
	if (rc == 2) {
		outdir_abandon(c.out, created);
	} else {
		if (!c.quiet)
			print_summary(sc, &st, c.out, outputs);
		if (c.report) {
			const char *dirs[] = {c.out};
			if (report_generate(dirs, 1, c.out, stderr) != 0)
				rc = 2;
			else if (!c.quiet)
				printf("nicshare: report in %s/report/index.html\n", c.out);
		}
	}
	scenario_free(sc);
	return rc;
}

static int cmd_classify(struct cli *cp)
{
	struct cli c = *cp;
	int rc;
	struct scenario *sc = load(&c);
	if (!sc)
		return 2;
	rc = engine_classify(sc, stdout, stderr);
	scenario_free(sc);
	return rc;
}

static int cmd_config(struct cli *cp)
{
	struct cli c = *cp;
	struct scenario *sc = load(&c);
	if (!sc)
		return 2;
	scenario_print(sc, stdout);
	scenario_free(sc);
	return 0;
}

static int parse_count(const char *opt, const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (!*s || *end || errno || x > max || s[0] == '-') {
		fprintf(stderr, "nicshare synth: %s: '%s' is not a whole number in 0..%llu\n", opt, s,
		        (unsigned long long)max);
		return -1;
	}
	*v = x;
	return 0;
}

static int cmd_synth(struct cli *cp)
{
	struct cli c = *cp;
	int rc;
	if ((!c.frames && !c.voip) || !c.write)
		return bad_usage("synth", "--frames N (or --voip CHANNELS) and --write FILE are required",
		                 NULL);
	struct synth_opts o = {0};
	uint64_t snap = 96, ch = 0, dur = 1000, bg = 0;
	if (c.voip && (parse_count("--voip", c.voip, 30000, &ch) < 0 ||
	               (c.duration_ms && parse_count("--duration-ms", c.duration_ms, 86400000, &dur) < 0) ||
	               (c.bg_mbps && parse_count("--background-mbps", c.bg_mbps, 100000, &bg) < 0)))
		return 2;
	if (c.voip && ch == 0)
		return bad_usage("synth", "--voip needs at least 1 channel", NULL);
	o.voip = c.voip != NULL;
	o.same_time = c.same_time;
	o.channels = (uint32_t)ch;
	o.duration_ns = dur * 1000000u;
	o.bg_bps = bg * 1000000u;
	if ((c.frames && parse_count("--frames", c.frames, 1ull << 40, &o.frames) < 0) ||
	    (c.seed && parse_count("--seed", c.seed, UINT64_MAX, &o.seed) < 0) ||
	    (c.snaplen && parse_count("--snaplen", c.snaplen, 65535, &snap) < 0))
		return 2;
	if (snap < 14) {
		fprintf(stderr, "nicshare synth: --snaplen: at least 14 bytes\n");
		return 2;
	}
	o.snaplen = (uint32_t)snap;
	struct scenario *sc = load(&c);
	if (!sc)
		return 2;
	o.link_bps = sc->costs.v[C_LINK_BPS];
	memcpy(o.host_mac, sc->mac, 6);
	o.host_ip = sc->ipv4;
	rc = synth_write(c.write, &o, stderr);
	scenario_free(sc);
	return rc;
}

/* Parse the command's options, run it, free what parsing allocated. */
static int dispatch(const char *cmd, const char *usage, bool is_run, int (*fn)(struct cli *),
                    int argc, char **argv)
{
	struct cli c;
	int rc = parse(cmd, usage, argc, argv, &c, is_run);
	if (rc == 0)
		rc = fn(&c);
	else if (rc == 3)
		rc = 0;   /* --help */
	free(c.sets);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		puts("nicshare " PACKAGE_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return dispatch("run", usage_run, true, cmd_run, argc - 2, argv + 2);
	if (!strcmp(cmd, "classify"))
		return dispatch("classify", usage_classify, false, cmd_classify, argc - 2, argv + 2);
	if (!strcmp(cmd, "config"))
		return dispatch("config", usage_config, false, cmd_config, argc - 2, argv + 2);
	if (!strcmp(cmd, "synth"))
		return dispatch("synth", usage_synth, false, cmd_synth, argc - 2, argv + 2);
	if (!strcmp(cmd, "report"))
		return report_main(argc - 2, argv + 2);
	if (!strcmp(cmd, "check") || !strcmp(cmd, "bless") || !strcmp(cmd, "diff"))
		return golden_main(cmd, argc - 2, argv + 2);
	fprintf(stderr, "nicshare: unknown command '%s'\n\n%s", cmd, usage_main);
	return 2;
}
