/* cli.c - one getopt_long parser for every subcommand, usage texts built
 * from the option tables (cli.h). Models nothing of the patent.
 * Cost: one pass over argv. */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include <zlib.h>

#include "units.h"

/* the options every command takes, after its own */
static const struct cli_opt common[] = {
	{"help", 'h', NULL, "this text"},
	{"version", 0, NULL, "print nicshare's version and its libraries'"},
};
#define NCOMMON (sizeof common / sizeof common[0])

static const struct cli_opt *opt_at(const struct cli_cmd *c, size_t i)
{
	return i < c->nopts ? &c->opts[i] : &common[i - c->nopts];
}

/* nicshare's version, then the libraries' as they report themselves (as
 * tcpdump --version does), for a bug report. SimGrid is named, not
 * loaded: a world loads it (sglib.h). */
void cli_version(FILE *out)
{
	fprintf(out, "nicshare %s\n%s\nlibyaml %s\njansson %s\nzlib %s\n"
	        "SimGrid %s, loaded by a world from %s\n", PACKAGE_VERSION, pcap_lib_version(),
	        yaml_get_version_string(), jansson_version_str(), zlibVersion(), SIMGRID_MODVERSION,
	        SIMGRID_SONAME);
}

void cli_sh_quote(FILE *out, const char *s)
{
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

static volatile sig_atomic_t cli_stop_flag;

static void cli_on_stop(int sig)
{
	(void)sig;
	cli_stop_flag = 1;
}

volatile sig_atomic_t *cli_catch_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &cli_stop_flag;
}

int cli_bad(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "nicshare %s: %s%s%s\nTry 'nicshare %s --help'.\n", cmd, what,
	        arg ? ": " : "", arg ? arg : "", cmd);
	return 2;
}

void cli_usage(const struct cli_cmd *c, FILE *out)
{
	fprintf(out, "usage: nicshare %s\n", c->synopsis);
	if (c->intro)
		fprintf(out, "\n%s", c->intro);
	fputc('\n', out);
	for (size_t i = 0; i < c->nopts + NCOMMON; i++) {
		const struct cli_opt *o = opt_at(c, i);
		char head[64];
		int n;
		if (o->shortopt)
			n = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->shortopt, o->name,
			             o->arg ? " " : "", o->arg ? o->arg : "");
		else
			n = snprintf(head, sizeof head, "  --%s%s%s", o->name, o->arg ? " " : "",
			             o->arg ? o->arg : "");
		fputs(head, out);
		if (n >= 22) {
			fputc('\n', out);
			n = 0;
		}
		/* the help text, continuation lines under the first */
		const char *h = o->help;
		for (bool first = true; *h; first = false) {
			const char *nl = strchr(h, '\n');
			size_t l = nl ? (size_t)(nl - h) : strlen(h);
			fprintf(out, "%*s%.*s\n", first ? 22 - n : 22, "", (int)l, h);
			h += l + (nl != NULL);
		}
	}
	if (c->outro)
		fprintf(out, "\n%s", c->outro);
}

/* the nearest option name, for "did you mean" */
static const char *nearest(const struct cli_cmd *c, const char *given)
{
	const char *best = NULL;
	unsigned bd = 3;
	char g[64];
	const char *eq = strchr(given, '=');
	size_t l = eq ? (size_t)(eq - given) : strlen(given);
	if (l >= sizeof g)
		return NULL;
	memcpy(g, given, l);
	g[l] = '\0';
	for (size_t i = 0; i < c->nopts + NCOMMON; i++) {
		unsigned d = units_edit_distance(g, opt_at(c, i)->name, 3);
		if (d < bd) {
			bd = d;
			best = opt_at(c, i)->name;
		}
	}
	return best;
}

int cli_parse(const struct cli_cmd *c, int argc, char **argv, cli_fn fn, void *ctx)
{
	size_t n = c->nopts + NCOMMON;
	struct option *lo = calloc(n + 1, sizeof *lo);
	char shorts[2 + 3 * 16] = ":";   /* ':' first: a missing value is reported as ':' */
	size_t sl = 1;
	int rc = 0;
	if (!lo) {
		fprintf(stderr, "nicshare: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cli_opt *o = opt_at(c, i);
		lo[i] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
		                        256 + (int)i};
		if (o->shortopt && sl + 3 < sizeof shorts) {
			shorts[sl++] = o->shortopt;
			if (o->arg)
				shorts[sl++] = ':';
		}
	}
	shorts[sl] = '\0';
	optind = 0;        /* glibc: start again from scratch */
	opterr = 0;
	for (;;) {
		int k = getopt_long(argc, argv, shorts, lo, NULL);
		if (k == -1)
			break;
		/* the element just read (options are permuted to the front) */
		const char *given = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "?";
		if (k == '?') {
			char what[160];
			const char *near = given[0] == '-' && given[1] == '-' ? nearest(c, given + 2) : NULL;
			if (near)
				snprintf(what, sizeof what, "unknown option (did you mean --%s?)", near);
			else
				snprintf(what, sizeof what, "unknown option");
			if (given[0] == '-' && given[1] != '-' && optopt) {
				char sb[3] = {'-', (char)optopt, 0};
				rc = cli_bad(c->name, what, sb);
			} else {
				rc = cli_bad(c->name, what, given);
			}
			break;
		}
		if (k == ':') {
			const struct cli_opt *o = NULL;
			for (size_t i = 0; i < n && !o; i++)
				if ((optopt && optopt == opt_at(c, i)->shortopt) || optopt == 256 + (int)i)
					o = opt_at(c, i);
			char what[128];
			snprintf(what, sizeof what, "%s needs a value%s%s", given, o ? ": " : "",
			         o ? o->arg : "");
			rc = cli_bad(c->name, what, NULL);
			break;
		}
		size_t i;
		if (k >= 256) {
			i = (size_t)(k - 256);
		} else {
			for (i = 0; i < n && opt_at(c, i)->shortopt != k; i++)
				;
		}
		if (i >= n) {
			rc = cli_bad(c->name, "unknown option", given);
			break;
		}
		if (i == c->nopts) {                    /* --help */
			cli_usage(c, stdout);
			rc = 3;
			break;
		}
		if (i == c->nopts + 1) {                /* --version */
			cli_version(stdout);
			rc = 3;
			break;
		}
		if ((rc = fn(ctx, (int)i, optarg)) != 0)
			break;
	}
	for (int i = optind; rc == 0 && i < argc; i++)
		rc = fn(ctx, -1, argv[i]);
	free(lo);
	return rc;
}
