/* summary.h - summary.json: the run's counts, latency statistics, CPU
 * shares, queue high-water marks and wall time (doc/outputs.md). */
#ifndef NICSHARE_SUMMARY_H
#define NICSHARE_SUMMARY_H

#include <stddef.h>

#include "node.h"
#include "scenario.h"

/* Write DIR/summary.json (through .tmp, committed at once). wall_s: the
 * run's wall-clock seconds. Returns 0, or -1 with err filled. */
struct bound_once;
/* bo: the run's analytic bound, computed here on first use (bound.h). */
int summary_write(const char *dir, const struct scenario *sc, const struct node_stats *st,
                  struct bound_once *bo, double wall_s, char *err, size_t errlen);

/* summary.json's "bound": the analytic bound of every RT class
 * (src/bound.h), or a note saying why it was not computed. A jansson
 * object (void * keeps jansson out of this header). */
void *summary_bound(const struct scenario *sc, uint64_t frames, uint64_t handed,
                    struct bound_once *bo);

#endif
