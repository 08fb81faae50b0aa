/* ctlmsg.h - the messages channel 3 carries from GP to RT (X3; Fig. 7c,
 * Fig. 8c): interface commands typed in GP (timeline entries, numbered as
 * the scenario lists them: 0 .. n_tl - 1) and port claims and relinquishes
 * asked by GP's SIP engine for a call's RTP and RTCP ports (claims 16-18),
 * numbered n_tl on. The channel's slots carry a message's number; its body
 * lives here, in the memory both OSes share. */
#ifndef NICSHARE_CTLMSG_H
#define NICSHARE_CTLMSG_H

#include <stdbool.h>
#include <stdint.h>

struct ctlmsg_port {
	uint16_t port;
	bool claim;          /* else relinquish */
	uint32_t call;       /* the call table's number (calls.h) */
};

struct ctlmsg;

struct ctlmsg *ctlmsg_create(uint32_t n_tl);
void ctlmsg_destroy(struct ctlmsg *m);
/* A port message; its number, or UINT32_MAX when memory runs out or the
 * numbers do (n_tl + messages reaching UINT32_MAX). */
uint32_t ctlmsg_port(struct ctlmsg *m, uint16_t port, bool claim, uint32_t call);
/* Is message i a port message? Its body. */
bool ctlmsg_is_port(const struct ctlmsg *m, uint32_t i);
const struct ctlmsg_port *ctlmsg_port_at(const struct ctlmsg *m, uint32_t i);

#endif
