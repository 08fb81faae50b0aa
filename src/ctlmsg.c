/* ctlmsg.c - channel 3's messages, see ctlmsg.h. Port messages are kept
 * for the run (a few bytes each, one per claim or relinquish). */
#include "ctlmsg.h"

#include <assert.h>
#include <stdlib.h>

struct ctlmsg {
	uint32_t n_tl;
	struct ctlmsg_port *v;
	uint32_t n, cap;
};

struct ctlmsg *ctlmsg_create(uint32_t n_tl)
{
	struct ctlmsg *m = calloc(1, sizeof *m);
	if (m)
		m->n_tl = n_tl;
	return m;
}

void ctlmsg_destroy(struct ctlmsg *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}

uint32_t ctlmsg_port(struct ctlmsg *m, uint16_t port, bool claim, uint32_t call)
{
	if (m->n == m->cap) {
		/* numbers n_tl .. n_tl + cap - 1 stay below UINT32_MAX, the
		 * refusal; checked before realloc may move the bodies */
		uint64_t cap = m->cap ? 2 * (uint64_t)m->cap : 64, most = UINT32_MAX - m->n_tl;
		if (cap > most)
			cap = most;
		if (cap <= m->cap)
			return UINT32_MAX;
		struct ctlmsg_port *v = realloc(m->v, (size_t)cap * sizeof *v);
		if (!v)
			return UINT32_MAX;
		m->v = v;
		m->cap = (uint32_t)cap;
	}
	m->v[m->n] = (struct ctlmsg_port){port, claim, call};
	return m->n_tl + m->n++;
}

bool ctlmsg_is_port(const struct ctlmsg *m, uint32_t i) { return i >= m->n_tl; }

const struct ctlmsg_port *ctlmsg_port_at(const struct ctlmsg *m, uint32_t i)
{
	assert(i >= m->n_tl && i - m->n_tl < m->n);
	return &m->v[i - m->n_tl];
}
