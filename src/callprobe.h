/* callprobe.h - one run of a scenario with generated calls that also
 * records, per call, when each of its frames started on its way: GP's
 * frames handed to GP's transmit path (gp-request), the far end's frames
 * starting to arrive (rx), and the first RTP packet each way. The search
 * (src/search.c) builds its directed candidates from these instants.
 * Models nothing itself: it drives the node (src/node.c) as engine_run
 * does and listens to its trace sources (src/trace.h).
 *
 * Instants are picoseconds after the call's own INVITE in the probed
 * schedule (callgen's t_invite), so a call moved by calls.generator.shift
 * keeps them as long as nothing else delays it (GP's engine, RT's CPU).
 * Cost: one engine run plus, per outgoing or incoming frame, one stage
 * record and, at its capture point, a scan of its bytes. */
#ifndef NICSHARE_CALLPROBE_H
#define NICSHARE_CALLPROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "scenario.h"

enum callprobe_kind {
	CPK_GP_OUT = 0,   /* a GP frame of the call handed to GP's transmit path */
	CPK_FAR_IN,       /* a far end's SIP message of the call starting to arrive */
	CPK_RT_RTP,       /* RT's RTP sender: its first request */
	CPK_FAR_RTP,      /* the far end's RTP: its first packet starting to arrive */
	CPK__COUNT
};

struct callprobe_ev {
	int64_t off_ps;              /* after the call's INVITE */
	enum callprobe_kind kind;
	uint32_t bytes;              /* the frame's length, FCS excluded */
};

struct callprobe;

/* Run sc (its generated calls played by the model far end) and record.
 * Returns 0 or 1 as engine_run (st filled), 2 on an error (printed on
 * err); *out is the record on 0 and 1 (NULL when memory ran out: the run
 * still counts). */
int callprobe_run(const struct scenario *sc, struct callprobe **out, struct engine_stats *st,
                  FILE *err);
void callprobe_destroy(struct callprobe *p);

size_t callprobe_ncalls(const struct callprobe *p);
/* Call i's one-off events (GP's frames, the far end's SIP), in time order. */
size_t callprobe_nev(const struct callprobe *p, size_t i);
const struct callprobe_ev *callprobe_ev(const struct callprobe *p, size_t i, size_t j);
/* Call i's first RTP packet of kind CPK_RT_RTP or CPK_FAR_RTP: false when
 * it sent none in the run. */
bool callprobe_stream(const struct callprobe *p, size_t i, enum callprobe_kind k, int64_t *off_ps);

#endif
