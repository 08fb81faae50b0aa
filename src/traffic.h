/* traffic.h - the work that comes from outside the NIC: the traffic
 * generators (RTP channels sent by RT applications, V1; bulk UDP/TCP sent
 * by GP applications) and the timeline (an operator typing interface
 * commands in GP, X3; port moves, P2; GP applications binding ports, P1).
 * Each generator schedules its own next packet, only while it has one to
 * send. */
#ifndef NICSHARE_TRAFFIC_H
#define NICSHARE_TRAFFIC_H

#include <stdint.h>

#include "cpu.h"
#include "evq.h"
#include "gpside.h"
#include "ledger.h"
#include "rtside.h"
#include "scenario.h"

struct traffic;

struct traffic_deps {
	const struct scenario *sc;
	const struct costs *c;
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct rtside *rt;
	struct gpside *gp;
	uint64_t end_cycle;          /* nothing is scheduled at or after it */
};

/* Creates the sources and schedules each one's first event. */
struct traffic *traffic_create(const struct traffic_deps *d);
void traffic_destroy(struct traffic *t);
/* GP application sends that found the send queue full (would block). */
uint64_t traffic_app_blocked(const struct traffic *t);

#endif
