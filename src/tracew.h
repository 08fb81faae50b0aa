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

/* The header lines of the trace files (without their newline), which
 * their readers check: verify (routing), report (events, latency,
 * dispatch), diff (latency), classify writes routing's too. */
#define TRACEW_ROUTING_HEAD "frame\tdecision\treason"
#define TRACEW_EVENTS_HEAD "cycle\tframe\tstage\tdetail"
#define TRACEW_LATENCY_HEAD "frame\tclass\tstart_cycle\tend_cycle\tcycles\tns"
#define TRACEW_DISPATCH_HEAD "start_cycle\tend_cycle\twho\twhy"

struct tracew;

/* Open the files of `outputs` (mask of enum out_kind, and OUT_PCAPNG for
 * pcapng captures whose frames carry their verdict as a comment and their
 * direction) in dir and subscribe to tr. NULL and err on failure (nothing
 * left under a final name). */
struct tracew *tracew_open(const char *dir, unsigned outputs, struct trace *tr,
                           const struct costs *c, char *err, size_t errlen);
/* Capture stamps are on the input capture's clock: epoch_ns is the epoch
 * ns of the capture's first frame (captured: there is one), which arrived
 * at offset_ps (trace.offset) of the run; a frame handled at cycle c is
 * stamped epoch_ns - offset + c, whatever epoch_ns (0 and the epoch's
 * first second included). A stamp before the epoch or from 2^64 ns on
 * fails its capture (capout.h). Without a capture stamps are the
 * simulated time. */
void tracew_set_clock(struct tracew *w, bool captured, __int128 epoch_ns, uint64_t offset_ps);
/* Close every file: commit renames them into place, else deletes them.
 * Returns 0, or -1 after printing what failed on err (a failed write
 * also when not committing). Frees w. */
int tracew_close(struct tracew *w, bool commit, FILE *err);

#endif
