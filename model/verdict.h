/* verdict.h - where a frame ended and why: the decision and reason tokens
 * written to routing.tsv (SPEC A2) and counted in summary.json.
 * Models: the terminal states of SPEC A1 (Fig. 8b steps 492-496 and the
 * drops of N1, N1b, N2, C5, X2). */
#ifndef NICSHARE_VERDICT_H
#define NICSHARE_VERDICT_H

#ifdef __cplusplus
extern "C" {
#endif

enum verdict_decision {
	DEC_RT = 0,   /* delivered to an RT socket (C1) */
	DEC_GP,       /* delivered to GP (C3, C4) */
	DEC_BOTH,     /* RT then GP (C2) */
	DEC_DROP,     /* dropped, reason says where */
	DEC_SKIP,     /* not a received frame (N0) */
	DEC__COUNT
};

enum verdict_reason {
	R_RT_PORT = 0,     /* C1: UDP to an RT port */
	R_ARP_REPLY,       /* C2 */
	R_DEFAULT,         /* C3 */
	R_TRUNCATED,       /* C4, or N1 when the destination MAC is cut */
	R_INVALID,         /* malformed IP header (wrong version, IHL < 5) */
	R_OWN_TX,          /* N0 */
	R_NIC_FILTER,      /* N1 */
	R_OVERSIZE,        /* N1b */
	R_NIC_DOWN,        /* interface down (X3 up/down) */
	R_RX_RING_FULL,    /* N2 */
	R_PROXY_FULL,      /* C5 / X2: a proxy channel had no free slot */
	R_GP_SOCKET_FULL,  /* C5: GP receive queue overflow */
	R_RT_SOCKET_FULL,  /* RT socket receive queue overflow */
	R_TX_QUEUE_FULL,   /* RT transmit queue overflow (outgoing) */
	R_SENT,            /* outgoing frame put on the wire */
	R_UNFINISHED,      /* still in flight when the run's end time came */
	R_OTHER_LINK,      /* N0: a pcapng interface of another link type than
	                      Ethernet, SLL or SLL2: not a frame this NIC sees */
	R__COUNT
};

const char *verdict_decision_name(enum verdict_decision d);
const char *verdict_reason_name(enum verdict_reason r);
/* Inverse lookups; return -1 when the token is unknown. */
int verdict_decision_parse(const char *s);
int verdict_reason_parse(const char *s);

#ifdef __cplusplus
}
#endif

#endif
