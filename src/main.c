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
#include "cli.h"
#include "capout.h"
#include "bound.h"
#include "engine.h"
#include "golden.h"
#include "outputs.h"
#include "paths.h"
#include "report.h"
#include "search.h"
#include "sweep.h"
#include "scenario.h"
#include "synth.h"
#include "units.h"
#include "verify.h"
#include "wreport.h"
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
	"  bound [SCENARIO]     worst-case latency bound of each RT class, term by term\n"
	"  search SCENARIO      adversarial search for a class's worst latency\n"
	"  sweep SCENARIO       a grid of runs over --vary KEY=V1,V2,... (here, GNU\n"
	"                       parallel or Slurm); sweep --merge DIR gathers them\n"
	"\n"
	"Without SCENARIO the embedded default is used: a 3 GHz core, a 1 Gbit/s\n"
	"e1000-class NIC with 256-slot rings and moderation off, RT UDP ports\n"
	"5004-5059 and 5061-5099, the priority dispatcher and the strict transmit\n"
	"scheduler.\n"
	"Every key is documented in doc/scenario.md.\n"
	"\n"
	"Run `nicshare COMMAND --help` for a command's options.\n"
	"  -h, --help           this text\n"
	"  --version            print nicshare's version and its libraries'\n"
	"Exit status: 0 all checks held, 1 a verification failed, 2 bad usage or input.\n";

/* ---- options ---------------------------------------------------------------- */
enum { O_OUT, O_TRACE, O_SET, O_OUTPUTS, O_REPLAY_TX, O_FORCE, O_REPORT, O_QUIET, O_CAPFMT,
       O_THREADS };

/* macros, not constants: C allows no const object in an initializer */
#define O_SET_DEF {"set", 0, "KEY=VALUE", \
	"override any scenario key, e.g. --set nic.rx_ring=64,\n" \
	"--set rt.udp_ports=5004-5099,7000 (repeatable)"}
#define O_TRACE_DEF {"trace", 0, "FILE", \
	"input capture (pcap or pcapng; Ethernet, Linux SLL or\n" \
	"SLL2), overriding trace.file of the scenario"}

static const struct cli_opt run_opts[] = {
	[O_OUT] = {"out", 0, "DIR", "output directory (created with its parents; refused\n"
	           "when it holds files nicshare did not write, unless\n--force)"},
	[O_TRACE] = O_TRACE_DEF,
	[O_SET] = O_SET_DEF,
	[O_OUTPUTS] = {"outputs", 0, "LIST", "what to write, from routing,events,latency,\n"
	               "dispatch,captures,summary,calls (default: all)"},
	[O_REPLAY_TX] = {"replay-tx", 0, NULL, "send the host's own frames of the capture again at\n"
	                 "their capture times (RT when their UDP source port\n"
	                 "is an RT port, else GP); by default they are listed\nas skip"},
	[O_FORCE] = {"force", 0, NULL, "write into a non-empty directory anyway"},
	[O_REPORT] = {"report", 0, NULL, "also write DIR/report/index.html (needs gnuplot)"},
	[O_QUIET] = {"quiet", 'q', NULL, "no progress line, no summary on stdout"},
	[O_CAPFMT] = {"capture-format", 0, "FORMAT", "pcap (default) or pcapng: each captured frame\n"
	              "with its verdict as a packet comment and its direction"},
	[O_THREADS] = {"threads", 0, "N", "a world on the exact network: run up to N hosts at\n"
	               "once (default: the processors online); no output\ndepends on it"},
};
static const struct cli_cmd cmd_run_def = {
	"run", "run [SCENARIO.yaml] --out DIR [options]", NULL, run_opts,
	sizeof run_opts / sizeof run_opts[0],
	"Outputs (doc/outputs.md): routing.tsv, events.tsv, latency.tsv, dispatch.tsv,\n"
	"summary.json, calls.tsv, config.yaml, verify.txt, and the captures\n"
	"wire-tx, rt-rx, gp-rx (nanosecond .pcap, or .pcapng: --capture-format).\n"
	"When the scenario has a verify section (latency bounds, routing\n"
	"expectations, drop limits), it is checked after the run; the verdicts go\n"
	"to stderr and DIR/verify.txt.\n"
	"Exit status: 0 all checks held, 1 a check failed (conservation or\n"
	"verification), 2 bad usage or bad input.\n"};

static const struct cli_opt classify_opts[] = {O_TRACE_DEF, O_SET_DEF};
static const struct cli_cmd cmd_classify_def = {
	"classify", "classify [SCENARIO.yaml] [--trace FILE] [--set KEY=VALUE ...]",
	"Print routing.tsv (frame, decision, reason) for every frame of the capture,\n"
	"deciding with the NIC filter and the classifier only (no timing, so no\n"
	"ring or channel overflow). Keys that matter: host.mac, rt.udp_ports,\n"
	"gp.udp_ports, nic.promiscuous, nic.multicast, nic.mtu, nic.up. A scenario\n"
	"with a timeline is refused: its interface commands and port moves happen\n"
	"in time, which classify does not model (use run).\n",
	classify_opts, 2, "Exit status: 0 every frame classified, 2 bad usage or bad input.\n"};

static const struct cli_cmd cmd_config_def = {
	"config", "config [SCENARIO.yaml] [--set KEY=VALUE ...]",
	"Print the effective configuration (defaults, profile, file and overrides\n"
	"applied) as YAML that loads back to the same run; for a world, the file's\n"
	"own computer, then its world section (a computer's file written absolute).\n",
	classify_opts, 2, "Exit status: 0 printed, 2 bad usage or bad input.\n"};

static const struct cli_opt synth_opts[] = {
	O_TRACE_DEF, O_SET_DEF,
	{"frames", 0, "N", "write N frames"},
	{"write", 0, "FILE", "the pcap to write, a new file (an existing one is\n"
	 "refused, and so is one made while synth runs)"},
	{"seed", 0, "N", "the random seed (default fixed)"},
	{"snaplen", 0, "N", "cut frames at N bytes, 14 to 65535 (default 96), wire\n"
	 "length kept"},
	{"same-time", 0, NULL, "with --frames: stamp every frame with the first one's\n"
	 "time (a burst far above line rate: the wire queues\nthem)"},
	{"voip", 0, "CHANNELS", "instead: a VoIP gateway's incoming traffic: CHANNELS\n"
	 "(1 to 27768) G.711 calls at 50 frames/s each to RT\nports 10000+2k (up to 65534), "
	 "SIP on UDP 5060 (GP),\nand TCP background"},
	{"duration-ms", 0, "MS", "with --voip: for MS milliseconds (default 1000)"},
	{"background-mbps", 0, "M", "with --voip: TCP background at M Mbit/s"},
};
static const struct cli_cmd cmd_synth_def = {
	"synth", "synth [SCENARIO.yaml] --frames N --write FILE [--seed N]\n"
	"                      [--snaplen N] [--set KEY=VALUE ...]",
	"Write a pcap (ns timestamps) of N back-to-back frames at the scenario's link\n"
	"rate, addressed to its host.mac/host.ipv4: 30% small UDP to RT ports\n"
	"5004-5099, 60% TCP of 1000-1514 bytes, 4% ARP, 4% other UDP (IPv4, IPv6),\n"
	"2% for another host. Same seed, same bytes.\n",
	synth_opts, sizeof synth_opts / sizeof synth_opts[0],
	"Exit status: 0 written, 2 bad usage, bad input or the file not written.\n"};

struct cli {
	const struct cli_cmd *def;
	const char *scenario;
	const char *trace;
	const char *out;
	const char *outputs;
	const char *capfmt;
	const char **sets;
	size_t nsets;
	const char *frames, *write, *seed, *snaplen, *voip, *duration_ms, *bg_mbps, *threads;
	bool replay_tx, force, quiet, report, same_time;
};

static int bad_usage(const char *cmd, const char *what, const char *arg)
{
	return cli_bad(cmd, what, arg);
}

/* one option or operand, by its long name */
static int on_opt(void *ctx, int i, const char *arg)
{
	struct cli *c = ctx;
	const char *cmd = c->def->name;
	if (i < 0) {
		if (c->scenario)
			return bad_usage(cmd, "more than one scenario file", arg);
		c->scenario = arg;
		return 0;
	}
	const char *n = c->def->opts[i].name;
	if (!strcmp(n, "set")) {
		if (!strchr(arg, '='))
			return bad_usage(cmd, "--set needs KEY=VALUE", arg);
		c->sets[c->nsets++] = arg;
	} else if (!strcmp(n, "trace")) {
		c->trace = arg;
	} else if (!strcmp(n, "out")) {
		if (!*arg)
			return bad_usage(cmd, "--out needs a directory", NULL);
		c->out = arg;
	} else if (!strcmp(n, "outputs")) {
		c->outputs = arg;
	} else if (!strcmp(n, "capture-format")) {
		if (capout_format_parse(arg) < 0)
			return bad_usage(cmd, "--capture-format: expected pcap or pcapng", arg);
		c->capfmt = arg;
	} else if (!strcmp(n, "replay-tx")) {
		c->replay_tx = true;
	} else if (!strcmp(n, "force")) {
		c->force = true;
	} else if (!strcmp(n, "report")) {
		c->report = true;
	} else if (!strcmp(n, "quiet")) {
		c->quiet = true;
	} else if (!strcmp(n, "same-time")) {
		c->same_time = true;
	} else {
		const char **dst = !strcmp(n, "frames") ? &c->frames
		                   : !strcmp(n, "write") ? &c->write
		                   : !strcmp(n, "seed") ? &c->seed
		                   : !strcmp(n, "voip") ? &c->voip
		                   : !strcmp(n, "duration-ms") ? &c->duration_ms
		                   : !strcmp(n, "background-mbps") ? &c->bg_mbps
		                   : !strcmp(n, "threads") ? &c->threads : &c->snaplen;
		*dst = arg;
	}
	return 0;
}

/* Parse a command's options; returns 0, 2 on bad usage, or 3 when --help
 * or --version was printed. */
static int parse(const struct cli_cmd *def, int argc, char **argv, struct cli *c)
{
	memset(c, 0, sizeof *c);
	c->def = def;
	c->sets = calloc((size_t)argc + 1, sizeof *c->sets);
	if (!c->sets)
		return 2;
	return cli_parse(def, argc, argv, on_opt, c);
}

static struct scenario *load_file(const struct cli *c)
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

/* The scenario of a command that takes the world (run, config): in a
 * world with no host of scenario: self, a key of the file's own computer
 * is refused, before that computer (in no host) is loaded with it. */
static struct scenario *load(const struct cli *c)
{
	return wcfg_unreached(c->scenario, c->sets, c->nsets, stderr) ? NULL : load_file(c);
}

/* The scenario of a command that takes the file's own computer, not its
 * world (classify, synth): a world key among the overrides is refused. */
static struct scenario *load_own(const struct cli *c, const char *cmd)
{
	return scenario_world_override(cmd, c->sets, c->nsets, stderr) ? NULL : load_file(c);
}

static void print_us(uint64_t cyc, uint64_t hz)
{
	/* microseconds with two decimals, from integer cycles */
	unsigned long long cus = units_muldiv(cyc, 100000000u, hz, false);
	printf("%llu.%02llu", cus / 100, cus % 100);
}

static void print_summary(const struct scenario *sc, const struct engine_stats *st,
                          const char *out, unsigned outputs)
{
	uint64_t hz = sc->costs.v[C_CPU_HZ];
	uint64_t odrop = 0;
	for (int r = 0; r < R__COUNT; r++)
		odrop += st->out_drop[r];
	/* each outgoing frame ends sent, dropped, or unfinished at the end */
	uint64_t unfin = st->out_generated >= st->out_sent + odrop
	                 ? st->out_generated - st->out_sent - odrop : 0;
	printf("nicshare: %llu input frame%s: %llu rt, %llu gp, %llu both, %llu dropped, %llu "
	       "skipped; %llu outgoing frame%s: %llu sent, %llu dropped, %llu unfinished\n",
	       (unsigned long long)st->frames, st->frames == 1 ? "" : "s",
	       (unsigned long long)st->dec[DEC_RT],
	       (unsigned long long)st->dec[DEC_GP], (unsigned long long)st->dec[DEC_BOTH],
	       (unsigned long long)st->dec[DEC_DROP], (unsigned long long)st->dec[DEC_SKIP],
	       (unsigned long long)st->out_generated, st->out_generated == 1 ? "" : "s",
	       (unsigned long long)st->out_sent, (unsigned long long)odrop,
	       (unsigned long long)unfin);
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
		printf("  (%llu frame%s)\n", (unsigned long long)l->count, l->count == 1 ? "" : "s");
	}
	printf("nicshare: %.6f s simulated (cycle %llu) in %.3f s wall, %llu events\n",
	       (double)st->end_cycle / (double)hz, (unsigned long long)st->end_cycle, st->wall_s,
	       (unsigned long long)st->events);
	if (outputs & (1u << OUT_SUMMARY))
		printf("nicshare: outputs in %s (summary.json has every count and percentile)\n", out);
	else
		printf("nicshare: outputs in %s\n", out);
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
	uint64_t threads = 0;
	if (c.threads && (!units_parse_u64(c.threads, &threads) || !threads || threads > 1024))
		return bad_usage("run", "--threads: expected a whole number from 1 to 1024", c.threads);
	struct scenario *sc = load(&c);
	if (!sc)
		return 2;
	if (verify_precheck(sc, stderr) != 0) {
		scenario_free(sc);
		return 2;
	}
	struct outdir_run od;
	volatile sig_atomic_t *stop_flag = cli_catch_stop();
	if (sc->has_world) {        /* a world of hosts (worldcfg.h): read, then run */
		struct wcfg *w = wcfg_load(c.scenario, sc, c.sets, c.nsets, stderr);
		if (!w || outdir_prepare(c.out, c.force, &od, err, sizeof err) < 0) {
			if (w)
				fprintf(stderr, "nicshare: %s\n", err);
			wcfg_free(w);
			scenario_free(sc);
			return 2;
		}
		struct engine_opts wo = {c.out, outputs, c.quiet, false, stop_flag, NULL, (unsigned)threads};
		rc = world_run_many(w, &wo, stderr);
		if (rc != 2 && outdir_keep(c.out, &od, err, sizeof err) < 0) {
			fprintf(stderr, "nicshare: %s\n", err);
			rc = 2;
		}
		if (rc == 2)
			outdir_abandon(c.out, &od);
		else if (!c.quiet)
			printf("nicshare: world of %zu hosts: %s/world.json\n", w->nhosts, c.out);
		if (rc != 2 && c.report) {
			if (wreport_generate(c.out, stderr) != 0)
				rc = 2;
			else if (!c.quiet)
				printf("nicshare: report in %s/report/index.html\n", c.out);
		}
		wcfg_free(w);
		scenario_free(sc);
		return rc;
	}
	if (sc->far_remote && sc->gen_mode != 0) {
		fprintf(stderr, "%s: calls.far.remote: true, but the scenario has no world: nothing would "
		        "answer its generated calls (give it a world with a host running app callfar, "
		        "or model the far end: calls.far.remote: false); nothing was run\n",
		        c.scenario ? c.scenario : "(scenario)");
		scenario_free(sc);
		return 2;
	}
	if (sc->trace && outdir_is_run_file(c.out, sc->trace)) {
		fprintf(stderr, "nicshare: %s: the capture is a file of the run in %s, which this run "
		        "replaces: copy it elsewhere and read it from there; nothing was run\n",
		        sc->trace, c.out);
		scenario_free(sc);
		return 2;
	}
	if (outdir_prepare(c.out, c.force, &od, err, sizeof err) < 0) {
		fprintf(stderr, "nicshare: %s\n", err);
		scenario_free(sc);
		return 2;
	}
	if (sc->n_expects)
		outputs |= 1u << OUT_ROUTING;   /* expectations are checked against it */
	if (verify_has_calls(sc))
		outputs |= 1u << OUT_CALLS;     /* and verify.calls against calls.tsv */
	if (c.capfmt && capout_format_parse(c.capfmt) == CAPOUT_PCAPNG)
		outputs |= OUT_PCAPNG;
	struct bound_once bo = {0};   /* summary.json's bound, then verify's: computed once */
	struct engine_opts o = {c.out, outputs, c.quiet, !c.quiet && isatty(2), stop_flag, &bo, 0};

	struct engine_stats st;
	rc = engine_run(sc, &o, &st, stderr);   /* a world of one computer: no SimGrid */
	if (rc != 2 && outdir_write_config(sc, c.out) != 0)
		rc = 2;
	if (rc != 2) {
		int vr = verify_run(sc, &st, c.out, stderr);
		if (vr > rc)
			rc = vr;
	}
	if (rc != 2 && (outdir_finish(c.out, outputs, err, sizeof err) < 0 ||
	                outdir_keep(c.out, &od, err, sizeof err) < 0)) {
		fprintf(stderr, "nicshare: %s\n", err);
		rc = 2;
	}
	if (rc == 2) {
		outdir_abandon(c.out, &od);
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
	bound_once_free(&bo);
	scenario_free(sc);
	return rc;
}

static int cmd_classify(struct cli *cp)
{
	struct cli c = *cp;
	int rc;
	struct scenario *sc = load_own(&c, "classify");
	if (!sc)
		return 2;
	if (sc->n_tl) {
		/* the timeline's commands and port moves take effect in time, which
		 * classify does not model: its routing would differ from run's */
		const struct scen_loc *l = &sc->tl[0].loc;
		if (l->file)
			fprintf(stderr, "%s:%d:%d: ", l->file, l->line, l->col);
		else if (l->opt)
			fprintf(stderr, "%s: ", l->opt);
		fprintf(stderr, "nicshare classify: the scenario has a timeline (%zu entr%s), which "
		        "classify does not model: interface commands and port moves change the routing "
		        "in time. Use `nicshare run` (routing.tsv), or --set timeline=[] to classify "
		        "with the configuration at time 0.\n", sc->n_tl, sc->n_tl == 1 ? "y" : "ies");
		scenario_free(sc);
		return 2;
	}
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
	/* a world: its section after the file's own computer, every value in effect */
	struct wcfg *w = sc->has_world ? wcfg_load(c.scenario, sc, c.sets, c.nsets, stderr) : NULL;
	if (sc->has_world && !w) {
		scenario_free(sc);
		return 2;
	}
	/* a world without a self host: the file's own computer is in none */
	if (!w || wcfg_has_self(w))
		scenario_print(sc, stdout);
	if (w)
		wcfg_print(w, stdout);
	wcfg_free(w);
	scenario_free(sc);
	return 0;
}

static int parse_count(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	uint64_t x;
	if (!units_parse_u64(s, &x) || x < min || x > max) {
		fprintf(stderr, "nicshare synth: %s: '%s' is not a whole number in %llu..%llu\n", opt,
		        s, (unsigned long long)min, (unsigned long long)max);
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
	/* the two mixes take options of their own: one given to the other
	 * mix was ignored, without a word */
	if (c.frames && c.voip)
		return bad_usage("synth", "--frames and --voip are two mixes: give one", NULL);
	if (c.frames && (c.duration_ms || c.bg_mbps))
		return bad_usage("synth", c.duration_ms ? "--duration-ms goes with --voip, not --frames"
		                 : "--background-mbps goes with --voip, not --frames", NULL);
	if (c.voip && c.same_time)
		return bad_usage("synth", "--same-time goes with --frames, not --voip", NULL);
	struct synth_opts o = {0};
	uint64_t snap = 96, ch = 0, dur = 1000, bg = 0;
	/* each call its own even UDP port, 10000 + 2k (synth.c): k up to 27767,
	 * port 65534; a 27769th call's would be 65536, past 16 bits */
	if (c.voip && (parse_count("--voip", c.voip, 1, 27768, &ch) < 0 ||
	               (c.duration_ms && parse_count("--duration-ms", c.duration_ms, 0, 86400000, &dur) < 0) ||
	               (c.bg_mbps && parse_count("--background-mbps", c.bg_mbps, 0, 100000, &bg) < 0)))
		return 2;
	o.voip = c.voip != NULL;
	o.same_time = c.same_time;
	o.channels = (uint32_t)ch;
	o.duration_ns = dur * 1000000u;
	o.bg_bps = bg * 1000000u;
	/* a frame is cut no shorter than its Ethernet header */
	if ((c.frames && parse_count("--frames", c.frames, 0, 1ull << 40, &o.frames) < 0) ||
	    (c.seed && parse_count("--seed", c.seed, 0, UINT64_MAX, &o.seed) < 0) ||
	    (c.snaplen && parse_count("--snaplen", c.snaplen, 14, 65535, &snap) < 0))
		return 2;
	o.snaplen = (uint32_t)snap;
	/* never over a file: a scenario or capture named by mistake was
	 * turned into the pcap */
	char *why = paths_check_new(c.write);
	if (why) {
		fprintf(stderr, "nicshare synth: --write %s: %s\n", c.write, why);
		free(why);
		return 2;
	}
	struct scenario *sc = load_own(&c, "synth");
	if (!sc)
		return 2;
	o.link_bps = sc->costs.v[C_LINK_BPS];
	memcpy(o.host_mac, sc->mac, 6);
	o.host_ip = sc->ipv4;
	rc = synth_write(c.write, &o, stderr);
	scenario_free(sc);
	return rc;
}

/* Parse the command's options, run it, free what parsing allocated. argv[0]
 * is the command word. */
static int dispatch(const struct cli_cmd *def, int (*fn)(struct cli *), int argc, char **argv)
{
	struct cli c;
	int rc = parse(def, argc, argv, &c);
	if (rc == 0)
		rc = fn(&c);
	else if (rc == 3)
		rc = 0;   /* --help, --version */
	free(c.sets);
	return rc;
}

static int main_cmd(int argc, char **argv)
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
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		cli_version(stdout);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return dispatch(&cmd_run_def, cmd_run, argc - 1, argv + 1);
	if (!strcmp(cmd, "classify"))
		return dispatch(&cmd_classify_def, cmd_classify, argc - 1, argv + 1);
	if (!strcmp(cmd, "config"))
		return dispatch(&cmd_config_def, cmd_config, argc - 1, argv + 1);
	if (!strcmp(cmd, "synth"))
		return dispatch(&cmd_synth_def, cmd_synth, argc - 1, argv + 1);
	if (!strcmp(cmd, "bound"))
		return bound_main(argc - 1, argv + 1);
	if (!strcmp(cmd, "search"))
		return search_main(argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return sweep_main(argc - 1, argv + 1);
	if (!strcmp(cmd, "report")) {
		/* a merged sweep and a world's run have their own reports */
		static const struct report_kind kinds[] = {
			{"a merged sweep (sweep.tsv)", sweep_is_dir, sweep_report, true},
			{"a sweep not merged yet (points.tsv)", sweep_is_unmerged, sweep_report, true},
			{"a world's run (world.json)", wreport_is_dir, wreport_generate, false},
		};
		return report_main_kinds(argc - 1, argv + 1, kinds, sizeof kinds / sizeof kinds[0]);
	}
	if (!strcmp(cmd, "check") || !strcmp(cmd, "bless") || !strcmp(cmd, "diff"))
		return golden_main(cmd, argc - 1, argv + 1);
	fprintf(stderr, "nicshare: unknown command '%s'\n\n%s", cmd, usage_main);
	return 2;
}

/* What a command printed on stdout may still sit in its buffer, or a write
 * of it may have failed (a full disk, /dev/full, a closed pipe): a cut-off
 * `config` still loads, as another scenario. So stdout is flushed here,
 * and a failure is an error; so is one that a close reports (NFS writes
 * back then): a duplicate of it is closed, and stdout stays open for a
 * library that would print at exit. A stdout closed before the start
 * (EBADF) with nothing written to it is no error. Returns 0 or -1, said. */
static int main_close_stdout(void)
{
	errno = 0;
	bool failed = fflush(stdout) != 0 || ferror(stdout);
	int err = errno;
	if (!failed && close(dup(STDOUT_FILENO)) != 0 && errno != EBADF) {
		failed = true;
		err = errno;
	}
	if (!failed)
		return 0;
	fprintf(stderr, "nicshare: cannot write to standard output: %s\n",
	        err ? strerror(err) : "a write failed");
	return -1;
}

int main(int argc, char **argv)
{
	int rc = main_cmd(argc, argv);
	if (main_close_stdout() < 0)
		rc = 2;
	return rc;
}
