/* tracew.h - the run's trace files, written by subscribers of a node's
 * trace sources (trace.h): routing.tsv (verdicts, in capture order),
 * events.tsv (every stage), latency.tsv (every sample), dispatch.tsv
 * (every CPU interval) and the captures wire-tx.pcap, rt-rx.pcap,
 * gp-rx.pcap. Each is written to NAME.tmp and renamed at commit
 * (outputs.h). doc/outputs.md documents every column. */
#ifndef NICSHARE_TRACEW_H
#define NICSHARE_TRACEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/cost.h"
#include "trace.h"

struct tracew;

/* Open the files of `outputs` (mask of enum out_kind, and OUT_PCAPNG for
 * pcapng captures whose frames carry their verdict as a comment and their
 * direction) in dir and subscribe to tr. NULL and err on failure (nothing
 * left under a final name). */
struct tracew *tracew_open(const char *dir, unsigned outputs, struct trace *tr,
                           const struct costs *c, char *err, size_t errlen);
/* Capture stamps are on the input capture's clock: base_ns is the epoch
 * ns of the capture's first frame, which arrived at cycle offset_ps
 * (trace.offset) of the run; a frame handled at cycle c is stamped
 * base_ns - offset + c. Without a capture (base_ns 0) stamps are the
 * simulated time. */
void tracew_set_clock(struct tracew *w, uint64_t base_ns, uint64_t offset_ps);
/* Close every file: commit renames them into place, else deletes them.
 * Returns 0, or -1 after printing what failed on err. Frees w. */
int tracew_close(struct tracew *w, bool commit, FILE *err);

#endif
