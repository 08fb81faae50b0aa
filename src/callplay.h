/* callplay.h - generated calls played through the computer: the call
 * generator's schedule (src/callgen.c) becomes SIP exchanged between GP's
 * SIP engine and a far end, RTP sent by RT and received from the far end,
 * and a billing record GP sends at hang-up.
 * Models: the second embodiment (Figs. 9-10, claims 16-18; issue 12, item
 * 3): the SIP engine, call set-up, tear-down and billing on GP, over its
 * stack; RTP on RT, on the ports RT claims from GP for the call's life.
 *
 * The far end is a model with fixed response delays (calls.far.*): its
 * frames arrive at the NIC at their instants and take the normal path (the
 * receive wire, the NIC, RT's classifier, channel 1, GP's stack, GP's SIP
 * engine thread); GP's messages leave through the normal GP transmit path
 * (the engine's thread, the stack, channel 2, RT's proxy, the scheduler,
 * the NIC, the wire). Each far-end delay counts from the instant the
 * message it answers left the wire, so set-up time through GP is measured.
 * doc/calls.md, "Generated calls", gives every instant. */
#ifndef NICSHARE_CALLPLAY_H
#define NICSHARE_CALLPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "calls.h"
#include "cpu.h"
#include "evq.h"
#include "fpool.h"
#include "gpside.h"
#include "input.h"
#include "ledger.h"
#include "rtside.h"
#include "scenario.h"
#include "trace.h"

struct callplay_deps {
	const struct scenario *sc;   /* calls.generator.*, calls.far.*, calls.billing.* */
	const struct costs *c;
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct trace *tr;            /* wire-out tells when GP's messages left */
	struct rtside *rt;           /* RT's RTP sender submits here */
	struct gpside *gp;           /* GP's SIP engine: sends, handled messages */
	struct input *in;            /* the far end's frames arrive here */
	struct calls *calls;         /* GP's call table (claims applied, billing) */
	uint64_t end_cycle;          /* nothing is scheduled at or after it */
	FILE *err;                   /* the first port conflict is told here; NULL: quiet */
};

struct callplay;

/* Make the schedule and the first call's event. NULL with err when the
 * schedule cannot be made (the scenario checked it) or memory runs out. */
struct callplay *callplay_create(const struct callplay_deps *d, char *err, size_t errlen);
void callplay_destroy(struct callplay *cp);
/* Calls that started on a port pair its previous call still held in the
 * run (callgen.c, calls.generator.port_guard): their RTP counts are mixed. */
uint64_t callplay_port_conflicts(const struct callplay *cp);

#endif
