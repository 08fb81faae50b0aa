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

/* For the world's report (wreport.c). The gnuplot report uses (NULL
 * when there is none; *asked: what was looked for; free() the result). */
char *report_gnuplot(const char **asked);
/* Run gnuplot -d data/render.gp in dir, as the report does (its output
 * in dir/data/gnuplot.log; a failure, or anything it says, on err). 0 or -1. */
int report_gnuplot_run(const char *gp, const char *dir, FILE *err);
/* The folder of the gnuplot templates (reports/). */
const char *report_templates(void);
/* Remove a report directory that nicshare report wrote (its own files
 * only; a directory that does not exist is fine): 0, or -1 with msg when
 * it holds files of someone else. */
int report_clear(const char *dir, char *msg, size_t n);

#endif
