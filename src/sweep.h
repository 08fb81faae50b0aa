/* sweep.h - a grid of runs over scenario keys: `nicshare sweep SCENARIO
 * --vary KEY=V1,V2,... --out DIR`. Each point is a directory DIR/POINT with
 * a run.sh that runs `nicshare run` with the point's --set overrides; they
 * run locally (-j N) or through GNU parallel or a Slurm job array (the job
 * files are always written); `--merge DIR` gathers DIR/sweep.tsv and
 * `nicshare report DIR` draws it (reports/sweep.gp). */
#ifndef NICSHARE_SWEEP_H
#define NICSHARE_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

/* `nicshare sweep ...`: 0 every point ran (checks may have failed); 1 a
 * point's run failed (recorded in sweep.tsv, the others merged) or a
 * point's maximum is above its analytic bound; 2 bad usage or input,
 * nothing run. */
int sweep_main(int argc, char **argv);

/* DIR holds a merged sweep (DIR/sweep.tsv). */
bool sweep_is_dir(const char *dir);
/* DIR holds a sweep not merged yet (DIR/points.tsv, no sweep.tsv): its
 * sweep_report says to merge it first. */
bool sweep_is_unmerged(const char *dir);

/* Figures of a merged sweep into DIR/report/ (gnuplot with
 * reports/sweep.gp): p50, p99, max, the bound and drops against each varied
 * key; DIR/report/index.html lists them with the table. 0, or 2. */
int sweep_report(const char *dir, FILE *err);

#endif
