/* ports.c - the partition of the UDP port space between RT and GP.
 * Models: Fig. 5 step 404 (the predetermined list given to RT at boot,
 * with a dummy socket bound in GP for each), Fig. 6 step 408 (GP allocates
 * only from the remaining ports), claim 14 (the two subsets are mutually
 * exclusive) and the run-time relinquish/claim of "Other Embodiments"
 * (SPEC P1-P2).
 *
 * One state byte per port: FREE, RT (GP holds a dummy socket on it) or GP
 * (a GP application has it bound). A port cannot be in two states, so the
 * sets are disjoint by construction; every transition asserts the state it
 * leaves and keeps the two counts. The GP dummy socket is implied by
 * PORT_RT: relinquishing the port removes it, claiming creates it.
 * Cost: every operation O(1) except boot (O(n)) and ports_check (O(65536)). */
#include "ports.h"

#include <assert.h>
#include <stdlib.h>

struct ports *ports_create(void)
{
	struct ports *p = calloc(1, sizeof(*p));   /* all PORT_FREE */
	return p;
}

void ports_destroy(struct ports *p)
{
	free(p);
}

enum ports_state ports_state(const struct ports *p, uint16_t port)
{
	return (enum ports_state)p->state[port];
}

size_t ports_rt_count(const struct ports *p)
{
	return p->nrt;
}

size_t ports_gp_count(const struct ports *p)
{
	return p->ngp;
}

/* The one place a state changes: asserts the transition is one of the five
 * allowed (FREE->RT, RT->FREE, FREE->GP, GP->FREE; nothing goes RT<->GP
 * directly) and keeps the counts. */
static void set_state(struct ports *p, uint16_t port, enum ports_state from, enum ports_state to)
{
	assert(port != 0);
	assert(p->state[port] == from);
	assert(from == PORT_FREE || to == PORT_FREE);
	assert(from != to);
	if (from == PORT_RT)
		p->nrt--;
	else if (from == PORT_GP)
		p->ngp--;
	if (to == PORT_RT)
		p->nrt++;
	else if (to == PORT_GP)
		p->ngp++;
	p->state[port] = (uint8_t)to;
}

/* Why a FREE->RT move of `port` is refused, or PORTS_OK. */
static enum ports_err can_claim(const struct ports *p, uint16_t port)
{
	if (port == 0)
		return PORTS_E_ZERO;
	switch ((enum ports_state)p->state[port]) {
	case PORT_FREE: return PORTS_OK;
	case PORT_RT: return PORTS_E_ALREADY_RT;
	case PORT_GP: return PORTS_E_GP_IN_USE;
	}
	return PORTS_E_GP_IN_USE;   /* not reached */
}

enum ports_err ports_boot(struct ports *p, const uint16_t *list, size_t n, uint16_t *bad)
{
	size_t i;
	enum ports_err e = PORTS_OK;
	for (i = 0; i < n; i++) {
		e = can_claim(p, list[i]);   /* a duplicate in the list finds PORT_RT */
		if (e != PORTS_OK)
			break;
		set_state(p, list[i], PORT_FREE, PORT_RT);
	}
	if (e == PORTS_OK)
		return PORTS_OK;
	if (bad)
		*bad = list[i];
	/* Undo: list[0..i) were distinct and FREE before this call. */
	while (i-- > 0)
		set_state(p, list[i], PORT_RT, PORT_FREE);
	assert(ports_check(p));
	return e;
}

enum ports_err ports_gp_bind(struct ports *p, uint16_t port)
{
	if (port == 0)
		return PORTS_E_ZERO;
	switch ((enum ports_state)p->state[port]) {
	case PORT_RT: return PORTS_E_RT_OWNS;
	case PORT_GP: return PORTS_E_ALREADY_GP;
	case PORT_FREE: break;
	}
	set_state(p, port, PORT_FREE, PORT_GP);
	return PORTS_OK;
}

enum ports_err ports_gp_unbind(struct ports *p, uint16_t port)
{
	if (port == 0)
		return PORTS_E_ZERO;
	if (p->state[port] != PORT_GP)
		return PORTS_E_NOT_GP;   /* free, or RT's (the dummy socket stays) */
	set_state(p, port, PORT_GP, PORT_FREE);
	return PORTS_OK;
}

enum ports_err ports_relinquish(struct ports *p, uint16_t port)
{
	if (port == 0)
		return PORTS_E_ZERO;
	if (p->state[port] != PORT_RT)
		return PORTS_E_NOT_RT;
	set_state(p, port, PORT_RT, PORT_FREE);   /* GP's dummy socket goes away */
	return PORTS_OK;
}

enum ports_err ports_claim(struct ports *p, uint16_t port)
{
	enum ports_err e = can_claim(p, port);
	if (e == PORTS_OK)
		set_state(p, port, PORT_FREE, PORT_RT);   /* GP gets a dummy socket */
	return e;
}

bool ports_check(const struct ports *p)
{
	uint32_t nrt = 0, ngp = 0;
	if (p->state[0] != PORT_FREE)
		return false;
	for (uint32_t i = 1; i < 65536; i++) {
		switch (p->state[i]) {
		case PORT_FREE: break;
		case PORT_RT: nrt++; break;
		case PORT_GP: ngp++; break;
		default: return false;
		}
	}
	return nrt == p->nrt && ngp == p->ngp;
}

const char *ports_state_name(enum ports_state s)
{
	switch (s) {
	case PORT_FREE: return "free";
	case PORT_RT: return "rt";
	case PORT_GP: return "gp";
	}
	return "?";
}

const char *ports_strerror(enum ports_err e)
{
	switch (e) {
	case PORTS_OK: return "success";
	case PORTS_E_RT_OWNS:
		return "port belongs to the RT OS (GP holds a dummy socket on it)";
	case PORTS_E_GP_IN_USE:
		return "port is bound by a GP application, so the RT OS cannot claim it";
	case PORTS_E_ALREADY_RT: return "port already belongs to the RT OS";
	case PORTS_E_NOT_RT: return "port does not belong to the RT OS";
	case PORTS_E_NOT_GP: return "port is not bound by a GP application";
	case PORTS_E_ZERO: return "port 0 is not a valid UDP port";
	case PORTS_E_ALREADY_GP: return "port is already bound by a GP application";
	}
	return "unknown port error";
}
