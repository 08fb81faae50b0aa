/* classify.h - the RT input thread's classifier: SPEC C1-C4.
 * Models: Fig. 8b steps 486-496 and claim 4 (RT receives everything and
 * forwards to GP what is not specifically for RT).
 * Pure function of the parsed frame and the RT port set. */
#ifndef NICSHARE_CLASSIFY_H
#define NICSHARE_CLASSIFY_H

#include "frame.h"
#include "ports.h"
#include "verdict.h"

#ifdef __cplusplus
extern "C" {
#endif

struct classify_result {
	enum verdict_decision decision; /* DEC_RT, DEC_GP or DEC_BOTH */
	enum verdict_reason reason;     /* R_RT_PORT, R_ARP_REPLY, R_DEFAULT,
	                                   R_TRUNCATED or R_INVALID */
	uint16_t port;                  /* the RT port for DEC_RT */
};

/* Decide for a frame the NIC accepted (N1/N1b already passed). */
struct classify_result classify_frame(const struct frame_info *fi, const struct ports *ports);

#ifdef __cplusplus
}
#endif

#endif
