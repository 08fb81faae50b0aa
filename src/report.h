/* report.h - the run report: DIR/report/index.html with figures drawn by
 * gnuplot from the templates in reports/, for one run directory or an
 * overlay of several (e.g. tdma against priority). Everything shown is read
 * back from the run's own outputs (summary.json, latency.tsv, dispatch.tsv,
 * events.tsv, config.yaml, verify.txt); percentiles are copied from
 * summary.json, never recomputed. doc/report.md describes the figures. */
#ifndef NICSHARE_REPORT_H
#define NICSHARE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Write OUTDIR/report/index.html (+ figures) for one or more run dirs
 * (several = overlay). Returns 0, or 2 with a message on err naming the
 * file (missing gnuplot: a clear message, status 2, the run's outputs
 * untouched). */
int report_generate(const char *const *dirs, size_t ndirs, const char *outdir, FILE *err);

/* `nicshare report DIR [DIR ...] [--out DIR] [--window START:END]`: argv[0]
 * is the word "report", then its arguments. Returns the exit status. */
int report_main(int argc, char **argv);

/* A folder whose report is not a run's: a merged sweep's, a world's run
 * (main.c names them, so that this file needs neither). */
struct report_kind {
	const char *what;                   /* "a world's run (world.json)" */
	bool (*is)(const char *dir);        /* whether dir is one */
	int (*write)(const char *dir, FILE *err);   /* its DIR/report/; 0 or 2 */
	bool says;                          /* write prints where index.html is */
};

/* As report_main, but a DIR of one of the nk kinds gets that kind's own
 * report, whatever the options: given alone and without --out or
 * --window, else exit 2 with a message saying what DIR is. */
int report_main_kinds(int argc, char **argv, const struct report_kind *kinds, size_t nk);

/* Options beyond the defaults of report_generate. */
struct report_opts {
	bool window_set;            /* Gantt chart window given (--window) */
	uint64_t win_start_ps, win_end_ps;
};

/* As report_generate, but into the directory `reportdir` itself (made
 * here; an earlier report there is replaced), with options (NULL: the
 * defaults). */
int report_generate_to(const char *const *dirs, size_t ndirs, const char *reportdir,
                       const struct report_opts *o, FILE *err);

/* Run gnuplot -d data/render.gp in dir, as the report does (its output
 * in dir/data/gnuplot.log; a failure, or anything it says, on err). 0 or -1. */
int report_gnuplot_run(const char *gp, const char *dir, FILE *err);
/* The folder of the gnuplot templates (reports/). */
const char *report_templates(void);
/* Write s as the inside of a gnuplot double-quoted string, the quotes
 * left to the caller: nothing of it can run or expand in gnuplot (the
 * quotes, backslash, backquote and @ are octal escapes, a line break \n,
 * other control characters a space). */
void report_gq(FILE *f, const char *s);
/* Write s as HTML text (<, >, & and " as entities); NULL writes nothing. */
void report_html(FILE *f, const char *s);
/* Remove a report directory that nicshare report wrote (a directory that
 * does not exist is fine): 0, or -1 with msg, nothing removed, when it
 * holds anything a report does not write (doc/report.md). */
int report_clear(const char *dir, char *msg, size_t n);
/* Before a world's or a sweep's report: the gnuplot to run (free() it),
 * or NULL, said on err ("nicshare report: ..."), when the report folder
 * `fin` holds what an earlier report cannot replace (report_replaceable)
 * or there is no gnuplot. */
char *report_ready(const char *fin, FILE *err);
/* Whether report_clear would remove dir (0: it does not exist, or holds
 * only what a report writes), removing nothing; -1 with msg when not. */
int report_replaceable(const char *dir, char *msg, size_t n);

#endif
