/* verify.h - what must hold after a run: the scenario's `verify` section
 * (latency bounds per class, routing expectations written as capture
 * filters, drop limits) checked against the run's statistics and its
 * routing.tsv. doc/verify.md describes the checks and their messages. */
#ifndef NICSHARE_VERIFY_H
#define NICSHARE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "scenario.h"

/* How many offending frames a broken check names. */
#define VERIFY_SHOW 5

/* After a run: check sc's latency bounds against st, its routing
 * expectations (pcap_compile + pcap_offline_filter over the capture
 * sc->trace, read alongside DIR/routing.tsv), and its drop limits.
 * Prints each broken check to `out` (the bound, the measured value in
 * cycles and ns, the frames responsible: frame, time, latency; for
 * expectations and drops the first offending frames with decision and
 * reason), then one summary line when the scenario has checks. Writes every
 * verdict, held or broken, to DIR/verify.txt (through verify.txt.tmp and a
 * rename). dir may be NULL: then nothing is written and routing
 * expectations cannot be checked.
 * Returns 0 when all held, 1 when one broke, 2 on bad input (a filter that
 * does not compile for the capture's link type, named by the scenario's
 * FILE:LINE:COL; a routing.tsv that is missing or does not match the
 * capture), with the message on stderr. */
int verify_run(const struct scenario *sc, const struct engine_stats *st, const char *dir,
               FILE *out);

/* verify_run for a computer of a world that was handed `handed` frames
 * from other hosts (0: as verify_run). With handed > 0 the routing
 * expectations cannot be matched with the capture (a broken check that says
 * so) and the analytic bound is not checked (a note): both would be about
 * arrivals the computer's own scenario does not describe. */
int verify_run_host(const struct scenario *sc, const struct engine_stats *st, const char *dir,
                    FILE *out, uint64_t handed);

/* Before a run: compile every routing expectation's filter for the link
 * type of sc->trace, so that one that cannot be checked is refused before
 * anything runs (the message names FILE:LINE:COL). 0, or 2 (said on err). */
int verify_precheck(const struct scenario *sc, FILE *err);

/* Has the scenario verify.calls bounds (checked against DIR/calls.tsv, so
 * the run must write it)? */
bool verify_has_calls(const struct scenario *sc);

/* A location as text: "FILE:LINE:COL", "--set K=V" or "default". */
const char *verify_loc(const struct scen_loc *loc, char *buf, size_t n);

#endif
