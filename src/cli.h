/* cli.h - the one command-line parser of nicshare (getopt_long), shared by
 * every subcommand (main.c: run, classify, config, synth; golden.c: check,
 * bless, diff; report.c: report). Models nothing of the patent.
 *
 * A command is a table of its options; `--help` prints the usage built
 * from that table, so it lists every option the parser accepts, and every
 * command takes -h/--help and --version. Options and operands may come in
 * any order ("check s.yaml --set a=b" and "check --set a=b s.yaml");
 * "--opt=value" and "--opt value" are both taken; "--" ends the options.
 * An option given twice is handed to the command twice: one that takes
 * one value keeps the last (run --out A --out B writes into B), the same
 * in every command (nicshare(1) says so); --set and --vary add up.
 * The bash completion file (completion/nicshare) names the same options;
 * tests/e2e/cli.sh checks that it does. */
#ifndef NICSHARE_CLI_H
#define NICSHARE_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

struct cli_opt {
	const char *name;          /* long name without "--" */
	char shortopt;             /* e.g. 'q', or 0 */
	const char *arg;           /* its value's name ("DIR"), NULL: takes none */
	const char *help;          /* lines after the first start with a newline */
};

struct cli_cmd {
	const char *name;          /* "run" */
	const char *synopsis;      /* after "usage: nicshare " */
	const char *intro;         /* text before the options, may be NULL */
	const struct cli_opt *opts;
	size_t nopts;
	const char *outro;         /* text after the options, may be NULL */
};

/* Called for each option (opt: its index in c->opts, arg its value or
 * NULL) and each operand (opt -1). Returns 0, or 2 after saying why. */
typedef int (*cli_fn)(void *ctx, int opt, const char *arg);

/* Parse argv[1..argc) (argv[0] is the command word). Returns 0, 2 bad
 * usage (said on stderr, with "Try 'nicshare CMD --help'"), or 3 when
 * --help or --version was printed on stdout. */
int cli_parse(const struct cli_cmd *c, int argc, char **argv, cli_fn fn, void *ctx);

/* The usage text of a command. */
void cli_usage(const struct cli_cmd *c, FILE *out);

/* "nicshare CMD: WHAT[: ARG]" and the hint; returns 2. */
int cli_bad(const char *cmd, const char *what, const char *arg);

/* "nicshare VERSION" */
void cli_version(FILE *out);

/* SIGINT and SIGTERM set the flag returned (engine_opts.stop), instead of
 * killing the process: the engine stops at its next check, and the run's
 * files, still under their .tmp names, and its temporary folders are
 * removed by the command. A world's SimGrid installs its own handler;
 * world.c puts this one back. */
volatile sig_atomic_t *cli_catch_stop(void);

/* s as one shell word, in single quotes (a ' as '\''), for the commands
 * nicshare writes or prints to be run (sweep's job files, search's
 * "reproduce:" line). */
void cli_sh_quote(FILE *out, const char *s);

#endif
