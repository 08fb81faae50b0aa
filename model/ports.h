/* ports.h - the UDP port partition between the two OSes: SPEC P1-P2.
 * Models: Fig. 5 step 404 (a predetermined list of ports given to RT at
 * boot, a dummy socket bound in GP for each), Fig. 6 step 408 (GP allocates
 * only from what is left), claim 14 (the subsets are mutually exclusive),
 * and the run-time relinquish/claim of "Other Embodiments".
 * One state per port makes the two sets disjoint by construction. */
#ifndef NICSHARE_PORTS_H
#define NICSHARE_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ports_state {
	PORT_FREE = 0,  /* nobody has it */
	PORT_RT,        /* RT owns it; GP holds a dummy socket on it */
	PORT_GP,        /* a GP application has it bound */
};

enum ports_err {
	PORTS_OK = 0,
	PORTS_E_RT_OWNS,      /* GP bind refused: RT owns the port (dummy socket) */
	PORTS_E_GP_IN_USE,    /* RT claim refused: a GP application has it bound */
	PORTS_E_ALREADY_RT,   /* RT claim of a port RT already owns */
	PORTS_E_NOT_RT,       /* relinquish of a port RT does not own */
	PORTS_E_NOT_GP,       /* GP unbind of a port GP has not bound */
	PORTS_E_ZERO,         /* port 0 is not a port */
	PORTS_E_ALREADY_GP,   /* GP bind of a port a GP application has bound */
};

/* The struct is visible only for the inline ports_is_rt() below (called
 * per received UDP frame by the classifier); its fields are private. */
struct ports {
	uint8_t state[65536];    /* enum ports_state per port */
	uint32_t nrt, ngp;       /* ports in PORT_RT, PORT_GP */
};

struct ports *ports_create(void);
void ports_destroy(struct ports *p);

/* P1: give RT the boot list. Fails (nothing changed) on a duplicate or
 * port 0; *bad receives the offending port. */
enum ports_err ports_boot(struct ports *p, const uint16_t *list, size_t n, uint16_t *bad);

static inline bool ports_is_rt(const struct ports *p, uint16_t port)
{
	return p->state[port] == PORT_RT;
}
enum ports_state ports_state(const struct ports *p, uint16_t port);
size_t ports_rt_count(const struct ports *p);
size_t ports_gp_count(const struct ports *p);

/* GP side (Fig. 6): an application binds / closes a port. */
enum ports_err ports_gp_bind(struct ports *p, uint16_t port);
enum ports_err ports_gp_unbind(struct ports *p, uint16_t port);

/* P2: RT gives a port back (GP's dummy socket goes away) or takes a free one. */
enum ports_err ports_relinquish(struct ports *p, uint16_t port);
enum ports_err ports_claim(struct ports *p, uint16_t port);

/* Debug check: the counts match the states, port 0 is free and every state
 * is one of the three. true when all holds. O(65536). */
bool ports_check(const struct ports *p);

/* The token of a state: "free", "rt", "gp". */
const char *ports_state_name(enum ports_state s);

/* A sentence saying why, e.g. "port is bound by a GP application". */
const char *ports_strerror(enum ports_err e);

#ifdef __cplusplus
}
#endif

#endif
