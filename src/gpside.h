/* gpside.h - the general-purpose OS's side (Figs. 3 and 7a-c): the proxy
 * driver's receive path from channel 1 and its socket backlog, the stack
 * that delivers to GP sockets (and updates GP's ARP table, C2; IPv4
 * reassembly, SIP over TCP), the proxy's snooping of interface commands
 * sent to RT over channel 3 (X3), the GP applications whose frames the
 * stack and the proxy driver copy into channel 2, and GP's SIP engine
 * (Figs. 9-10, claims 16-18): a thread that handles each SIP message and
 * sends RT the calls' port claims and relinquishes over channel 3. */
#ifndef NICSHARE_GPSIDE_H
#define NICSHARE_GPSIDE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/ports.h"
#include "calls.h"
#include "chan.h"
#include "ctlmsg.h"
#include "evq.h"
#include "cpu.h"
#include "fpool.h"
#include "ledger.h"
#include "scenario.h"
#include "ipfrag.h"
#include "siptcp.h"
#include "trace.h"

struct gpside;

/* GP application send queue (frames): with channel 2's slots, the most
 * GP frames that may wait for RT's proxy-tx at once (src/bound.c) */
#define GPSIDE_APPQ_CAP 4096u

struct gpside_deps {
	const struct scenario *sc;
	const struct costs *c;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct trace *tr;
	struct ports *ports;
	struct chan *data_out;       /* channel 1 (consumed here) */
	struct chan *data_in;        /* channel 2 (produced here) */
	struct chan *control;        /* channel 3 (produced here) */
	FILE *err;                   /* messages; NULL: quiet */
	struct evq *q;
	struct ctlmsg *msgs;         /* channel 3's message bodies */
	struct calls *calls;         /* GP's SIP engine's call table; NULL: no SIP engine */
};

struct gpside *gpside_create(const struct gpside_deps *d, char *err, size_t errlen);
void gpside_destroy(struct gpside *gp);

/* An outgoing GP frame (from ledger_tx_new) requested by a GP application. */
void gpside_submit(struct gpside *gp, uint32_t id);
/* Would a GP application block (its send queue full)? */
bool gpside_app_full(const struct gpside *gp);
/* Timeline entry i typed in GP: an interface command for RT (X3), or a GP
 * application binding / unbinding a UDP port (P1). */
void gpside_command(struct gpside *gp, uint32_t i);
void gpside_bind(struct gpside *gp, uint32_t i);

/* GP's SIP engine (Figs. 9-10). A SIP message GP sent itself (an own-tx
 * frame of a capture: the gateway's own SDP is often there) reaches the
 * engine at its time, as GP's; UDP payload. */
void gpside_sip_sent(struct gpside *gp, const uint8_t *payload, size_t len);
/* The same for a whole own-tx frame: a TCP segment to or from a port of
 * gp.sip_ports joins its stream (src/siptcp.c), an IP fragment of UDP
 * its datagram (src/ipfrag.c); each message that completes (a datagram
 * from one of gp.sip_ports) reaches the engine now, as GP's. */
void gpside_sip_frame_sent(struct gpside *gp, const uint8_t *frame, uint32_t caplen);
/* The claim hook of the call table (calls_cfg.claim): a port claim or
 * relinquish goes to RT as a channel-3 message. ctx is the gpside. */
void gpside_claim(void *ctx, uint16_t port, bool claim, uint32_t call);
/* GP's SIP engine sends a message: `frame` (a whole UDP frame, copied) is
 * queued on the engine's thread behind what it is handling, costs
 * cost.sip_call there (calls_sip sees it as sent), then goes out as a GP
 * application's frame (gpside_send). */
void gpside_sip_send(struct gpside *gp, const uint8_t *frame, uint32_t len);
/* A GP application sends `frame` (copied) now: an outgoing record, then
 * gpside_submit (cost.gp_app_tx, the proxy, channel 2). */
void gpside_send(struct gpside *gp, const uint8_t *frame, uint32_t len);
/* Told of each received SIP message once the engine has handled it
 * (after calls_sip), at the engine's time: UDP payload, and t_in, when its
 * (last) frame's last bit reached the NIC. One subscriber. */
typedef void gpside_sip_fn(void *ctx, const uint8_t *payload, size_t len, uint64_t t_in);
void gpside_on_sip(struct gpside *gp, gpside_sip_fn *fn, void *ctx);
/* Is (UDP or TCP) port p one of gp.sip_ports? */
bool gpside_is_sip_port(const struct gpside *gp, uint16_t p);

struct gpside_stats {
	uint64_t commands, dropped, port_ops, port_refused, arp_updates;
	uint64_t sip_msgs, sip_sent;      /* SIP messages received / sent, to the engine */
	uint64_t send_blocked;            /* GP frames that waited for room in channel 2 */
	struct siptcp_stats sip_tcp;      /* SIP over TCP (src/siptcp.h) */
	struct ipfrag_stats sip_frag;     /* IP fragments of UDP (src/ipfrag.h) */
	uint32_t backlog_high;
};
void gpside_stats(const struct gpside *gp, struct gpside_stats *s);

#endif
