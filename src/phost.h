/* phost.h - a plain host of a world (worldcfg.h): no OS, no CPU, no NIC
 * model, one application that sends and receives at the instant. Models
 * the patent's other computers of Fig. 9 (far computer 904, billing
 * computer 906) where only what they send and receive matters.
 *
 * The applications are a table (phost.c: struct papp): sink, rtp, bulk,
 * billing (counts records), callfar (the far end 904 of a computer's
 * generated calls: answers and places them, sends and receives their RTP,
 * as the far end callplay.c models inside a computer does, with the same
 * delays and the same bytes, callmsg.c). An application has a start
 * (schedule its first sends), a generator event and a receive hook. The world (world.c) owns time: it interleaves the host's
 * own events and its receptions, and takes what it sends through a
 * callback with the tick at which the frame's last bit leaves. */
#ifndef NICSHARE_PHOST_H
#define NICSHARE_PHOST_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/frame.h"
#include "scenario.h"
#include "worldcfg.h"

struct phost_addr {
	uint32_t ipv4;             /* host order */
	uint8_t mac[6];
	bool echoes;               /* answers frames itself: not echoed back (no ping-pong) */
};

/* fi: the frame's parse when the application has it (a call's RTP packets,
 * from their cache), else NULL (the world parses it: about 165
 * instructions). */
typedef void phost_send_fn(void *ctx, const uint8_t *frame, uint32_t len, uint64_t at,
                           const struct frame_info *fi);

struct phost_cfg {
	const struct wcfg_host *c;
	uint32_t idx;              /* host index in the world (RTP SSRC) */
	struct phost_addr to;      /* where its application sends (if it does) */
	uint64_t W;                /* world ticks per second */
	uint64_t end;              /* world end in ticks, UINT64_MAX: none */
	phost_send_fn *send;
	void *ctx;
	const struct scenario *peer; /* callfar: the scenario of the computer it answers */
};

struct phost_stats {
	uint64_t tx, rx, rx_bytes, echoed, records;
	/* callfar: SIP messages sent and received, RTP packets sent and
	 * received, calls answered (200 sent or received) and hung up, and
	 * the frames received it could not use (not UDP, on its SIP port not
	 * a SIP message of its calls, elsewhere not RTP): rx = sip_rx +
	 * rtp_rx + ignored */
	uint64_t sip_tx, sip_rx, rtp_tx, rtp_rx, answered, ended, ignored;
};

struct phost;

struct phost *phost_create(const struct phost_cfg *cfg);
void phost_destroy(struct phost *p);
/* Tick of its next own event (a send); UINT64_MAX when none. */
uint64_t phost_next(const struct phost *p);
/* Whether it ever sends: an application that generates (rtp, bulk,
 * callfar) or echo on. A sink or a billing host without echo only
 * receives. */
bool phost_sends(const struct phost *p);
/* Run its own events at or before tick t. */
void phost_run(struct phost *p, uint64_t t);
/* A frame whose last bit reached it at tick `at`; fi its parse, or NULL
 * (parsed here when an application or the echo needs it). */
void phost_rx(struct phost *p, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
              uint64_t at, const struct phost_addr *from, const struct frame_info *fi);
void phost_stats(const struct phost *p, struct phost_stats *s);

#endif
