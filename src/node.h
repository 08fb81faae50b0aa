/* node.h - one simulated computer as an object (the first embodiment,
 * Figs. 2-3 and 7-8): two OSes, one processor, one NIC, on the node's own
 * integer-cycle event queue. A node is wired from its components:
 *
 *   input     capture file and handed frames (event sources)      input.c
 *   nicdev    NIC device: filter, rings, DMA, interrupts, wire    nicdev.c
 *   cpu       dispatcher, threads, world switch, dispatch record  cpu.c
 *   rtside    interrupt handler, input thread, control, proxy TX,
 *             RT applications, transmit scheduler                 rtside.c
 *   gpside    proxy driver RX/TX, stack, commands, applications   gpside.c
 *   chan x3   data out, data in, control                          chan.c
 *   traffic   generators and the timeline                         traffic.c
 *   ledger    terminal states, conservation (A1)                  ledger.c
 *   trace     hooks for outputs and statistics                    trace.c
 *
 * There are no globals: any number of nodes live in one process, each
 * driven from outside: created from a scenario, run up to a given cycle,
 * handed frames to arrive at given cycles, asked for the frames it put on
 * the wire, finished and destroyed. The single-computer run is one node
 * driven to the end (engine.c). */
#ifndef NICSHARE_NODE_H
#define NICSHARE_NODE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hist.h"
#include "gpside.h"
#include "ledger.h"
#include "nicdev.h"
#include "rtside.h"
#include "scenario.h"
#include "trace.h"

struct node_opts {
	FILE *err;                    /* warnings and messages; NULL: quiet */
	volatile sig_atomic_t *stop;  /* set by a signal handler: abandon the run */
	bool outbox;                  /* keep the frames sent, for node_tx_take */
	/* called every 2^18 events (a progress line), with the frames read */
	void (*tick)(void *ctx, uint64_t frames, uint64_t now);
	void *tick_ctx;
	/* the proxy channels' bus (dispatcher.policy split) is carried by the
	 * world (a SimGrid link): node_bus_take, node_bus_arrive */
	bool bus_remote;
};

/* A message crossing a remote bus: its channel (0: data out to GP, 1: data
 * in from GP, 2: control), its direction (0: to GP, 1: to RT), its bytes,
 * the cycle its first byte starts across and the cycle it arrives. */
struct node_busmsg {
	int chan, dir;
	uint32_t len;
	uint64_t start, at;
};

/* A frame the node put on the wire. */
struct node_txf {
	uint64_t first_bit, last_bit; /* cycles */
	uint32_t caplen, wirelen;
	uint8_t *data;                /* owned by the node until the next take */
	struct frame_info fi;         /* its parse (made once, at the wire) */
};

/* Everything summary.json reports about a node. */
struct node_stats {
	uint64_t hz, end_cycle, events;
	uint64_t frames, ts_backwards;
	uint64_t injected;            /* of frames, a generated call's far end's */
	uint64_t handed;              /* of frames, handed by a world (node_hand) */
	struct ledger_counts acct;
	uint64_t app_blocked;
	const struct hist *lat;       /* CLS__COUNT classes */
	uint64_t busy[4];             /* cycles by enum disp_who */
	struct nicdev_stats nic;
	uint32_t data_out_high, data_in_high, control_high;   /* channels 1-3 */
	struct rtside_stats rt;
	struct gpside_stats gp;
	const struct calls *calls;    /* GP's call table, NULL: calls.sip off */
	uint64_t call_port_conflicts; /* generated calls on a pair still held (callplay.h) */
};

struct node;

/* Build a node from a scenario (and open its capture). NULL and err when
 * the scenario cannot be built (a message naming what is wrong). */
struct node *node_create(const struct scenario *sc, const struct node_opts *o, char *err,
                         size_t errlen);
void node_destroy(struct node *n);
/* The trace sources: subscribe before node_start. */
struct trace *node_trace(struct node *n);
/* Schedule the first input frame. Once, before running. */
void node_start(struct node *n);

/* Remote bus: the messages that started crossing, in order (false: none
 * left); a message's delivery, at its arrival cycle, in each direction's
 * order; the arrival cycle of the oldest message not delivered (the node
 * runs at most to the cycle before it), UINT64_MAX when none. */
bool node_bus_take(struct node *n, struct node_busmsg *m);
void node_bus_arrive(struct node *n, int chan);
uint64_t node_bus_hold(const struct node *n);

/* Run every event at or before `cycle`, and the CPU up to it. Returns 1
 * when the node has ended (run.duration reached, or cycle is UINT64_MAX
 * and nothing is left to do), 0 when it paused at `cycle` (its clock is
 * then `cycle`, or earlier when it is quiet: node_quiet), -1 on a fatal
 * error (node_error). A quiet node's clock stays at the end of its last
 * work, so stepping to horizons records exactly what a run straight
 * through records. */
int node_run_until(struct node *n, uint64_t cycle);
/* A frame from elsewhere whose last bit is in at cycle `at` (>= now). */
int node_hand(struct node *n, const uint8_t *data, uint32_t caplen, uint32_t wirelen, uint64_t at);
/* The same with the frame's parse already made (frame_parse of data):
 * kept with the bytes, the frame is not parsed again at its arrival. */
int node_hand_parsed(struct node *n, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
                     uint64_t at, const struct frame_info *fi);
/* The host's identity after each change its RT applied, oldest first, *n
 * of them (rtside_id_changes): a world finds a frame's destination by it. */
const struct rtside_idchange *node_id_changes(const struct node *n, size_t *count);
/* The next frame put on the wire since the last call (needs opts.outbox). */
bool node_tx_take(struct node *n, struct node_txf *out);
uint64_t node_now(const struct node *n);
/* Nothing scheduled and no CPU work: only a handed frame can wake it. */
bool node_quiet(const struct node *n);
/* Cycle of the node's next event; UINT64_MAX when none. */
uint64_t node_next_event(const struct node *n);
/* The first cycle at which it can act: its next event, or its processor's
 * next work (cpu_next_act). */
uint64_t node_next_act(const struct node *n);
/* The epoch ns of the capture's first frame, for output stamps; false
 * without a capture (input_epoch_ns). */
bool node_epoch_ns(const struct node *n, __int128 *ns);

/* End of the run: frames still inside end as unfinished (when run.duration
 * ended the run), the dispatch record is closed, verdicts flushed, and
 * conservation (A1) is checked. Returns 0 held, 1 violated (printed on
 * err), -1 fatal (node_error). */
int node_finish(struct node *n, FILE *err);
void node_stats(const struct node *n, struct node_stats *s);
const char *node_error(const struct node *n);

#endif
