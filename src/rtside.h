/* rtside.h - the real-time OS's side of the computer (Figs. 3 and 8a-c):
 * the NIC driver's interrupt handler and input thread (classifier C1-C4,
 * RT sockets, the RT ARP table), the control thread that applies GP's
 * interface commands and port moves (X3, P2), the proxy TX that takes GP's
 * frames from channel 2, the RT applications (RTP, echo, replay), and the
 * transmit scheduler 258 that hands frames to the NIC (S1-S4).
 * Each step is a pair of functions side by side: the one that starts it
 * (charges the CPU) and the one that ends it (its effect). */
#ifndef NICSHARE_RTSIDE_H
#define NICSHARE_RTSIDE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/arp.h"
#include "../model/ports.h"
#include "../model/txs.h"
#include "calls.h"
#include "chan.h"
#include "ctlmsg.h"
#include "cpu.h"
#include "evq.h"
#include "fpool.h"
#include "ledger.h"
#include "nicdev.h"
#include "scenario.h"
#include "trace.h"

struct rtside;

struct rtside_deps {
	const struct scenario *sc;
	const struct costs *c;
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct trace *tr;
	struct nicdev *nic;
	struct ports *ports;         /* the RT/GP port partition (shared with GP) */
	struct chan *data_out;       /* channel 1: RT -> GP (produced here) */
	struct chan *data_in;        /* channel 2: GP -> RT (consumed here) */
	struct chan *control;        /* channel 3: GP -> RT (consumed here) */
	FILE *err;                   /* messages (port refusals); NULL: quiet */
	struct ctlmsg *msgs;         /* channel 3's message bodies */
	struct calls *calls;         /* told what RT did with a call's claim; may be NULL */
};

/* The host's identity as RT applied it (X3); generated frames use it. */
struct rtside_id {
	uint8_t mac[6];
	uint32_t ipv4;               /* host order */
	uint8_t ipv6[16];
};

struct rtside *rtside_create(const struct rtside_deps *d, char *err, size_t errlen);
void rtside_destroy(struct rtside *rt);

/* An outgoing RT frame (pool id, from ledger_tx_new) is requested by an RT
 * application: "rt-request", then the application thread sends it. */
void rtside_submit(struct rtside *rt, uint32_t id);
/* A timeline port move (claim/relinquish entry i) reaches RT's control. */
void rtside_port_move(struct rtside *rt, uint32_t i);
const struct rtside_id *rtside_identity(const struct rtside *rt);
/* The identity after each change RT applied (a timeline mac, ipv4 or ipv6
 * entry), with the cycle it applied it at, oldest first; *n of them. At
 * most one per timeline entry, so the array never moves: a world reads
 * the first *n it was told of while the node runs on (world.c, dest_of). */
struct rtside_idchange {
	uint64_t cycle;
	struct rtside_id id;
};
const struct rtside_idchange *rtside_id_changes(const struct rtside *rt, size_t *n);

struct rtside_stats {
	uint64_t applied, port_ops, port_refused, arp_updates;
};
void rtside_stats(const struct rtside *rt, struct rtside_stats *s);

#endif
