/* callprobe.c - a run that records each generated call's frames, see
 * callprobe.h. Models nothing (the calls of Figs. 9-10 are callplay.c's):
 * it listens to the node's trace sources.
 *
 * Which call a frame is of: a SIP message carries callgen's Call-ID
 * "cg-<seed hex>-<id>"; GP's billing record names "caller-<id>"; an RTP
 * packet uses the call's local port (RT's as source, the far end's as
 * destination), taken as the latest call to start on that port before
 * the packet. A frame's instant is its stage line's: gp-request or
 * rt-request for an outgoing frame (recorded by o<id> until the frame
 * reaches the wire and its bytes are read), rx for an incoming one (until
 * it is delivered to RT or GP). A frame dropped before those points is
 * not recorded.
 * Cost: 16 bytes of record per frame id seen; a scan of each SIP frame. */
#include "config.h"

#include "callprobe.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "callgen.h"
#include "node.h"
#include "trace.h"
#include "units.h"

#define MAXEV 32             /* one-off events kept a call */
#define MAXID (1u << 24)     /* frame ids recorded (a longer run: the rest not) */

struct pcall {
	struct callprobe_ev ev[MAXEV];
	size_t nev;
	bool has[CPK__COUNT];
	int64_t first[CPK__COUNT];
	uint64_t t_inv;              /* ps */
	uint16_t port;
};

struct callprobe {
	struct pcall *c;
	size_t n;
	uint64_t hz;
	char prefix[32];             /* "cg-<seed hex>-" */
	size_t plen;
	uint64_t *t_out, *t_in;      /* cycles by frame id (0: none) */
	size_t n_out, n_in;
	bool oom;
};

/* t_out or t_in at id, grown as needed; NULL past MAXID or out of memory. */
static uint64_t *slot(struct callprobe *p, bool out, uint64_t id)
{
	uint64_t **a = out ? &p->t_out : &p->t_in;
	size_t *n = out ? &p->n_out : &p->n_in;
	if (id >= MAXID)
		return NULL;
	if (id >= *n) {
		size_t nn = *n ? *n : 1024;
		while (nn <= id)
			nn *= 2;
		uint64_t *x = realloc(*a, nn * sizeof *x);
		if (!x) {
			p->oom = true;
			return NULL;
		}
		memset(x + *n, 0, (nn - *n) * sizeof *x);
		*a = x;
		*n = nn;
	}
	return &(*a)[id];
}

static void on_stage(void *ctx, const struct trace_stage *s)
{
	struct callprobe *p = ctx;
	bool out = s->who == TW_OUT && (!strcmp(s->stage, "gp-request") ||
	                                !strcmp(s->stage, "rt-request"));
	bool in = s->who == TW_IN && !strcmp(s->stage, "rx");
	if (!out && !in)
		return;
	uint64_t *x = slot(p, out, s->id);
	if (x)
		*x = s->t + 1;           /* 0 is "none" */
}

/* The call named in a SIP frame (its Call-ID) or a billing record; SIZE_MAX:
 * none. */
static size_t call_named(const struct callprobe *p, const struct fr *f, const struct frame_info *fi)
{
	const uint8_t *b = f->buf;
	size_t len = f->caplen, at = SIZE_MAX;
	for (size_t i = 0; i + p->plen < len && at == SIZE_MAX; i++)
		if (b[i] == 'c' && !memcmp(b + i, p->prefix, p->plen))
			at = i + p->plen;
	if (at == SIZE_MAX && fi->l4 == L4_TCP && fi->l4_status == FRAME_OK) {
		/* the billing record "caller-N\t...": the number after the first '-' */
		for (size_t i = (size_t)fi->l4_off + 20; i < len && at == SIZE_MAX; i++)
			if (b[i] == '-')
				at = i + 1;
	}
	if (at == SIZE_MAX)
		return SIZE_MAX;
	uint64_t id = 0;
	size_t i = at;
	for (; i < len && b[i] >= '0' && b[i] <= '9' && id < 1000000; i++)
		id = id * 10 + (uint64_t)(b[i] - '0');
	return i > at && id >= 1 && id <= p->n ? (size_t)(id - 1) : SIZE_MAX;
}

/* The call whose local RTP port is port, the latest to start by t_ps. */
static size_t call_on_port(const struct callprobe *p, uint16_t port, uint64_t t_ps)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < p->n; i++)
		if (p->c[i].port == port && p->c[i].t_inv <= t_ps &&
		    (best == SIZE_MAX || p->c[i].t_inv > p->c[best].t_inv))
			best = i;
	return best;
}

static void on_frame(void *ctx, enum trace_point tp, uint64_t t, const struct fr *f)
{
	(void)t;
	struct callprobe *p = ctx;
	bool out = tp == TP_WIRE_TX;
	if (tp == TP_DROP || (out && f->kind == FK_RX) || (!out && f->kind != FK_RX))
		return;
	uint64_t *x = f->id < (out ? p->n_out : p->n_in) ? &(out ? p->t_out : p->t_in)[f->id] : NULL;
	if (!x || !*x)
		return;
	uint64_t cyc = *x - 1;
	*x = 0;
	uint64_t ps = units_muldiv(cyc, UNITS_PS_PER_S, p->hz, false);
	struct frame_info fi;
	frame_parse(f->buf, f->caplen, f->wirelen, &fi);
	if (fi.l3 != L3_IPV4)
		return;
	size_t i = call_named(p, f, &fi);
	enum callprobe_kind k = out ? CPK_GP_OUT : CPK_FAR_IN;
	if (i == SIZE_MAX) {
		if (fi.l4 != L4_UDP || fi.l4_status != FRAME_OK)
			return;
		i = call_on_port(p, out ? fi.sport : fi.dport, ps);
		k = out ? CPK_RT_RTP : CPK_FAR_RTP;
		if (i == SIZE_MAX)
			return;
	}
	struct pcall *c = &p->c[i];
	int64_t off = (int64_t)(ps - c->t_inv);
	if (ps < c->t_inv)
		off = -(int64_t)(c->t_inv - ps);
	if (k == CPK_RT_RTP || k == CPK_FAR_RTP) {
		if (!c->has[k]) {
			c->has[k] = true;
			c->first[k] = off;
		}
		return;
	}
	if (c->nev < MAXEV)
		c->ev[c->nev++] = (struct callprobe_ev){off, k, f->wirelen};
}

static int ev_cmp(const void *a, const void *b)
{
	const struct callprobe_ev *x = a, *y = b;
	return (x->off_ps > y->off_ps) - (x->off_ps < y->off_ps);
}

int callprobe_run(const struct scenario *sc, struct callprobe **out, struct engine_stats *st,
                  FILE *err)
{
	char ebuf[512];
	*out = NULL;
	struct callprobe *p = calloc(1, sizeof *p);
	struct callgen *g = p ? callgen_create(&sc->gen, ebuf, sizeof ebuf) : NULL;
	if (p && g) {
		p->n = callgen_count(g);
		p->c = calloc(p->n ? p->n : 1, sizeof *p->c);
		p->hz = sc->costs.v[C_CPU_HZ];
		snprintf(p->prefix, sizeof p->prefix, "cg-%016" PRIx64 "-", sc->gen.seed);
		p->plen = strlen(p->prefix);
		for (size_t i = 0; p->c && i < p->n; i++) {
			p->c[i].t_inv = callgen_get(g, i)->t_invite;
			p->c[i].port = callgen_get(g, i)->local_port;
		}
	}
	callgen_destroy(g);
	if (p && !p->c) {
		callprobe_destroy(p);
		p = NULL;
	}
	struct node_opts no = {NULL, NULL, false, NULL, NULL, false};
	struct node *n = node_create(sc, &no, ebuf, sizeof ebuf);
	if (!n) {
		fprintf(err, "nicshare: %s\n", ebuf);
		callprobe_destroy(p);
		return 2;
	}
	if (p && (!trace_on_stage(node_trace(n), on_stage, p) ||
	          !trace_on_frame(node_trace(n), on_frame, p))) {
		callprobe_destroy(p);       /* no room for us: the run alone */
		p = NULL;
	}
	node_start(n);
	int rc = node_run_until(n, UINT64_MAX) < 0 ? -1 : node_finish(n, err);
	if (rc < 0) {
		fprintf(err, "nicshare: %s\n", node_error(n));
		node_destroy(n);
		callprobe_destroy(p);
		return 2;
	}
	struct node_stats ns;
	node_stats(n, &ns);
	engine_fill_stats(&ns, 0, st);
	node_destroy(n);
	if (p && p->oom) {
		callprobe_destroy(p);
		p = NULL;
	}
	for (size_t i = 0; p && i < p->n; i++)
		qsort(p->c[i].ev, p->c[i].nev, sizeof p->c[i].ev[0], ev_cmp);
	if (p) {
		free(p->t_out);
		free(p->t_in);
		p->t_out = p->t_in = NULL;
		p->n_out = p->n_in = 0;
	}
	*out = p;
	return rc;
}

void callprobe_destroy(struct callprobe *p)
{
	if (!p)
		return;
	free(p->c);
	free(p->t_out);
	free(p->t_in);
	free(p);
}

size_t callprobe_ncalls(const struct callprobe *p)
{
	return p->n;
}

size_t callprobe_nev(const struct callprobe *p, size_t i)
{
	return i < p->n ? p->c[i].nev : 0;
}

const struct callprobe_ev *callprobe_ev(const struct callprobe *p, size_t i, size_t j)
{
	return i < p->n && j < p->c[i].nev ? &p->c[i].ev[j] : NULL;
}

bool callprobe_stream(const struct callprobe *p, size_t i, enum callprobe_kind k, int64_t *off_ps)
{
	if (i >= p->n || (k != CPK_RT_RTP && k != CPK_FAR_RTP) || !p->c[i].has[k])
		return false;
	*off_ps = p->c[i].first[k];
	return true;
}
