/* node.c - the wiring of one computer, see node.h.
 * Models: the computer of Figs. 1-3 (one processor, one NIC, two OSes);
 * SPEC T1-T3 (time and order), A1 (accounting).
 *
 * The loop (node_run_until) alternates two things: the CPU runs inline up
 * to the next event (cpu_run), then the next event fires. Same-cycle order
 * (SPEC T2, doc/engine.md): every CPU job that ends at cycle t ends before
 * any event at t; then events by class (evq.h), then by insertion. */
#include "node.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/nic.h"
#include "../model/ports.h"
#include "callplay.h"
#include "calls.h"
#include "chan.h"
#include "ctlmsg.h"
#include "cpu.h"
#include "evq.h"
#include "fpool.h"
#include "gpside.h"
#include "input.h"
#include "nicdev.h"
#include "rtside.h"
#include "traffic.h"

struct obslot {
	struct node_txf f;
	uint32_t room;           /* bytes f.data can hold (kept when the slot is free) */
};
struct outbox {              /* frames put on the wire, for node_tx_take: a ring */
	struct obslot *v;        /* whose slots keep their buffers, so a frame costs */
	size_t head, n, cap;     /* a copy, not a malloc and a free */
	uint8_t *taken;          /* data of the frame last taken (the node's until */
	uint32_t taken_room;     /* the next take), then a free slot's buffer */
};

struct node {
	const struct scenario *sc;
	struct node_opts o;
	struct costs c;
	uint64_t hz, end_cycle;
	struct trace tr;
	struct evq *q;
	struct cpu *cpu;
	struct fpool *pool;
	struct ledger *ledger;
	struct ports *ports;
	struct nicdev *nic;
	struct chan *data_out, *data_in, *control;
	struct rtside *rt;
	struct gpside *gp;
	struct traffic *traffic;
	struct input *input;
	struct ctlmsg *msgs;     /* channel 3's messages */
	struct calls *calls;     /* GP's SIP engine's call table; NULL: calls.sip off */
	struct callplay *play;   /* generated calls (calls.generator); NULL: none */
	struct hist lat[CLS__COUNT];
	struct outbox ob;
	/* the parse of the frame now going out on the wire, made once by
	 * outbox_frame for the world and calls_frame (each parsed it before:
	 * about 260 instructions a parse): valid for record txfi_rec, id
	 * txfi_id, during its TP_WIRE_TX hooks (the slot stays until the next
	 * frame goes out) */
	const struct frame_info *txfi;   /* in the outbox slot */
	const struct fr *txfi_rec;
	uint64_t txfi_id;
	/* the proxy channels' bus, when the OSes are on two processors: each
	 * direction's messages cross one after another (chan.c) */
	uint64_t bus_free[2];              /* [0] to GP, [1] to RT */
	struct node_busmsg *bq;            /* remote bus: messages sent since the */
	size_t bq_head, bq_n, bq_cap;      /* world last took them all: [head, n) */
	uint64_t events;
	bool ended;              /* run.duration reached */
	bool done;               /* nothing left to do */
	char err[512];
};

/* ---- statistics and the outbox: subscribers of the node's own hooks ---- */

static void stat_latency(void *ctx, enum scen_class cls, uint64_t id, bool tx, uint64_t start,
                         uint64_t end)
{
	struct node *n = ctx;
	hist_add(&n->lat[cls], end - start, id, tx, end);
}

static void outbox_frame(void *ctx, enum trace_point p, uint64_t t, const struct fr *f)
{
	struct node *n = ctx;
	struct outbox *ob = &n->ob;
	if (p != TP_WIRE_TX)
		return;
	if (ob->n == ob->cap) {
		size_t cap = ob->cap ? ob->cap * 2 : 64;
		struct obslot *v = calloc(cap, sizeof *v);
		if (!v)
			return;      /* counted nowhere: the world notices the missing frame */
		for (size_t i = 0; i < ob->cap; i++)   /* every slot: free ones keep buffers */
			v[i] = ob->v[(ob->head + i) % ob->cap];
		free(ob->v);
		ob->v = v;
		ob->cap = cap;
		ob->head = 0;
	}
	struct obslot *sl = &ob->v[(ob->head + ob->n) % ob->cap];
	uint32_t need = f->caplen ? f->caplen : 1;
	if (sl->room < need) {
		uint8_t *b = realloc(sl->f.data, need);
		if (!b)
			return;
		sl->f.data = b;
		sl->room = need;
	}
	struct node_txf *x = &sl->f;
	memcpy(x->data, f->buf, f->caplen);
	if (f->has_fi)                     /* a copy: about 20 instructions against 165 */
		x->fi = f->fi;
	else
		frame_parse(f->buf, f->caplen, f->wirelen, &x->fi);
	n->txfi = &x->fi;                  /* for calls_frame, next in the hooks */
	n->txfi_rec = f;
	n->txfi_id = f->id;
	x->first_bit = t;
	x->last_bit = cpu_now(n->cpu);
	x->caplen = f->caplen;
	x->wirelen = f->wirelen;
	ob->n++;
}

/* RTP of the calls (claims 16-18): every UDP frame whose local port is a
 * call's is reported with its fate (the table answers 0 for other ports):
 * in, queued on the RT socket or delivered by GP or dropped; out, sent by
 * RT or GP or dropped. SIP itself goes to GP's SIP engine, not here. */
static void calls_frame(void *ctx, enum trace_point p, uint64_t t, const struct fr *f)
{
	struct node *n = ctx;
	if (calls_count(n->calls) == 0)
		return;                    /* no call, no call's port: nothing to count */
	struct frame_info fi;
	const struct frame_info *pi = &f->fi;
	bool in = f->kind == FK_RX;
	if (!in && p == TP_WIRE_TX && n->txfi_rec == f && n->txfi_id == f->id) {
		pi = n->txfi;              /* parsed by outbox_frame for the world */
	} else if (!in && !f->has_fi) {   /* outgoing records carry no parse but */
		frame_parse(f->buf, f->caplen, f->wirelen, &fi);   /* generated RTP's */
		pi = &fi;
	}
	size_t len;
	const uint8_t *u = frame_udp_payload(f->buf, f->caplen, pi, &len);
	/* every field set when it is RTP; zeroed all the same, for gcc's
	 * -Wmaybe-uninitialized under -flto, which cannot follow that */
	struct calls_rtp r = {0};
	if (!u || pi->ip_nonfirst_fragment)
		return;
	bool rtp = calls_rtp_parse(u, len, &r);
	if (!rtp && !r.rtcp)
		return;
	uint16_t port = in ? pi->dport : pi->sport;
	if (gpside_is_sip_port(n->gp, port))
		return;
	uint64_t to = p == TP_WIRE_TX ? f->t_last : t;
	if (!rtp) {                    /* RTCP: the call's media lives on */
		calls_rtcp_frame(n->calls, port, to);
		return;
	}
	enum calls_verdict v = p == TP_DROP ? CALLS_V_DROP
	                     : p == TP_RT_RX ? CALLS_V_RT
	                     : p == TP_GP_RX ? CALLS_V_GP
	                     : f->kind == FK_RT_TX ? CALLS_V_RT : CALLS_V_GP;
	calls_rtp_frame(n->calls, port, in ? CALLS_IN : CALLS_OUT, v, f->t0, to, &r);
}

/* the call table asks for a claim: GP's SIP engine sends it to RT */
static void calls_claim(void *ctx, uint16_t port, bool claim, uint32_t call)
{
	gpside_claim(((struct node *)ctx)->gp, port, claim, call);
}

bool node_tx_take(struct node *n, struct node_txf *out)
{
	struct outbox *ob = &n->ob;
	if (!ob->n)
		return false;
	/* the buffer taken last time is the caller's no more: it becomes this
	 * slot's, and this slot's goes to the caller */
	struct obslot *sl = &ob->v[ob->head];
	*out = sl->f;
	uint32_t room = sl->room;
	sl->f.data = ob->taken;
	sl->room = ob->taken_room;
	ob->taken = out->data;
	ob->taken_room = room;
	ob->head = (ob->head + 1) % ob->cap;
	ob->n--;
	return true;
}

/* ---- set-up ---- */

static void on_end(void *ctx, uint32_t arg)
{
	(void)arg;
	((struct node *)ctx)->ended = true;
}

/* A message starts crossing a remote bus: kept for node_bus_take. */
static void bus_out(void *ctx, const struct chan *ch, uint32_t len, uint64_t start, uint64_t at)
{
	struct node *n = ctx;
	if (n->bq_n == n->bq_cap) {
		size_t cap = n->bq_cap ? n->bq_cap * 2 : 16;
		struct node_busmsg *v = realloc(n->bq, cap * sizeof *v);
		if (!v) {
			snprintf(n->err, sizeof n->err, "out of memory");
			return;
		}
		n->bq = v;
		n->bq_cap = cap;
	}
	int k = ch == n->data_out ? 0 : ch == n->data_in ? 1 : 2;
	n->bq[n->bq_n++] = (struct node_busmsg){k, k == 0 ? 0 : 1, len, start, at};
}

static struct chan *mkchan(struct node *n, enum cost_id slots, enum cpu_thread consumer,
                           int producer)
{
	/* channel 1 (to GP's proxy driver) crosses one way, 2 and 3 the other */
	int dir = consumer == T_GP_PROXY_RX ? 0 : 1;
	struct chan_cfg cc = {(uint32_t)n->c.v[slots], n->c.v[C_PROXY_FIXED], n->c.v[C_PROXY_PER_BYTE],
	                      n->c.v[C_CROSS_IRQ], consumer, producer, &n->c, n->q,
	                      &n->bus_free[dir], n->o.bus_remote ? bus_out : NULL, n};
	struct chan *ch = chan_create(&cc, n->cpu);
	if (!ch && !n->err[0])
		snprintf(n->err, sizeof n->err, "cannot allocate a ring of %llu slots",
		         (unsigned long long)n->c.v[slots]);
	return ch;
}

static int wire(struct node *n)
{
	const struct scenario *sc = n->sc;
	FILE *msg = n->o.err;
	struct disp_cfg dc = {sc->disp, cost_cycles(&n->c, C_TDMA_FRAME),
	                      cost_cycles(&n->c, C_TDMA_RT_SLICE), n->c.v[C_WORLD_SWITCH],
	                      cost_cycles(&n->c, C_PREEMPT_BUDGET)};
	const char *why = disp_check(&dc);
	if (why) {
		snprintf(n->err, sizeof n->err, "dispatcher: %s", why);
		return -1;
	}
	n->q = evq_create();
	n->pool = fpool_create();
	n->ports = ports_create();
	if (!n->q || !n->pool || !n->ports)
		goto oom;
	n->cpu = cpu_create(&dc, n->q, &n->tr);
	n->ledger = ledger_create(n->pool, &n->tr);
	if (!n->cpu || !n->ledger)
		goto oom;

	struct nic_cfg nc;
	nicdev_cfg(sc, &nc);
	struct nicdev_deps nd = {n->q, n->cpu, n->pool, n->ledger, &n->tr, &n->c};
	n->nic = nicdev_create(&nc, &nd, n->err, sizeof n->err);
	if (!n->nic)
		return -1;

	n->msgs = ctlmsg_create((uint32_t)sc->n_tl);
	if (!n->msgs)
		goto oom;
	if (sc->calls_sip != CALLS_SIP_OFF) {   /* GP's SIP engine (Figs. 9-10) */
		struct sip_addr host[2];
		size_t nh = 0;
		if (sc->ipv4) {
			host[nh].family = AF_INET;
			memset(host[nh].a, 0, 16);
			host[nh].a[0] = (uint8_t)(sc->ipv4 >> 24);
			host[nh].a[1] = (uint8_t)(sc->ipv4 >> 16);
			host[nh].a[2] = (uint8_t)(sc->ipv4 >> 8);
			host[nh].a[3] = (uint8_t)sc->ipv4;
			nh++;
		}
		static const uint8_t zero[16];
		if (memcmp(sc->ipv6, zero, 16)) {
			host[nh].family = AF_INET6;
			memcpy(host[nh].a, sc->ipv6, 16);
			nh++;
		}
		struct calls_cfg cc = {host, nh, n->hz, cost_ps_to_cycles_ceil(&n->c, sc->calls_timeout_ps),
		                       sc->calls_playout_ps, (double)sc->calls_budget_ps / 1e9,
		                       calls_claim, n};
		n->calls = calls_create(&cc);
		if (!n->calls)
			goto oom;
	}

	/* channel 1: RT never waits (C5); channel 2: GP's application may wait
	 * for room (gp.send_full block); channel 3: a lost command is counted */
	n->data_out = mkchan(n, C_PROXY_DATA_OUT, T_GP_PROXY_RX, -1);
	n->data_in = mkchan(n, C_PROXY_DATA_IN, T_RT_PROXY_TX,
	                    sc->gp_send_full == SEND_BLOCK ? T_GP_APP : -1);
	n->control = mkchan(n, C_PROXY_CONTROL, T_RT_CTRL, -1);
	if (!n->data_out || !n->data_in || !n->control)
		return -1;

	struct rtside_deps rd = {sc, &n->c, n->q, n->cpu, n->pool, n->ledger, &n->tr, n->nic,
	                         n->ports, n->data_out, n->data_in, n->control, msg, n->msgs,
	                         n->calls};
	n->rt = rtside_create(&rd, n->err, sizeof n->err);
	if (!n->rt)
		return -1;
	struct gpside_deps gd = {sc, &n->c, n->cpu, n->pool, n->ledger, &n->tr, n->ports,
	                         n->data_out, n->data_in, n->control, msg, n->q, n->msgs,
	                         n->calls};
	n->gp = gpside_create(&gd, n->err, sizeof n->err);
	if (!n->gp)
		return -1;

	/* the port partition at boot (P1) */
	uint16_t bad = 0;
	enum ports_err pe = ports_boot(n->ports, sc->rt_ports, sc->n_rt_ports, &bad);
	if (pe != PORTS_OK) {
		snprintf(n->err, sizeof n->err, "rt.udp_ports: port %u: %s", bad, ports_strerror(pe));
		return -1;
	}
	for (size_t i = 0; i < sc->n_gp_ports; i++) {
		pe = ports_gp_bind(n->ports, sc->gp_ports[i]);
		if (pe != PORTS_OK) {
			snprintf(n->err, sizeof n->err, "gp.udp_ports: port %u: %s", sc->gp_ports[i],
			         ports_strerror(pe));
			return -1;
		}
	}
	/* GP's SIP engine listens on gp.sip_ports: GP has bound them (P1), so
	 * RT never claims one (a call's SDP naming it, a timeline claim). Left
	 * as they are when bound already, or RT's. (Claimed, the far end's SIP
	 * went to RT's socket, not GP's engine, past the bound; review, 2026-12-07.) */
	if (n->calls)
		for (size_t i = 0; i < sc->n_sip_ports; i++)
			(void)ports_gp_bind(n->ports, sc->sip_ports[i]);

	struct traffic_deps td = {sc, &n->c, n->q, n->cpu, n->pool, n->ledger, n->rt, n->gp,
	                          n->end_cycle};
	n->traffic = traffic_create(&td);
	if (!n->traffic)
		goto oom;
	if (n->end_cycle != UINT64_MAX && !evq_schedule(n->q, n->end_cycle, EC_END, on_end, n, 0))
		goto oom;
	struct input_deps id = {sc, n->q, n->cpu, n->pool, n->ledger, n->nic, n->rt, n->gp,
	                        n->ports, n->calls, n->hz, n->end_cycle};
	n->input = input_create(&id);
	if (!n->input)
		goto oom;
	if (sc->gen_mode && n->calls) {   /* generated calls: the far end, RT's RTP, billing */
		struct callplay_deps pd = {sc, &n->c, n->q, n->cpu, n->pool, n->ledger, &n->tr, n->rt,
		                           n->gp, n->input, n->calls, n->end_cycle, n->o.err};
		n->play = callplay_create(&pd, n->err, sizeof n->err);
		if (!n->play)
			return -1;
	}
	return input_open(n->input, n->err, sizeof n->err);
oom:
	snprintf(n->err, sizeof n->err, "cannot create the model (out of memory?)");
	return -1;
}

struct node *node_create(const struct scenario *sc, const struct node_opts *o, char *err,
                         size_t errlen)
{
	struct node *n = calloc(1, sizeof *n);
	if (!n) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n->sc = sc;
	n->o = *o;
	n->c = sc->costs;
	n->hz = n->c.v[C_CPU_HZ];
	n->end_cycle = sc->duration_ps ? cost_ps_to_cycles_floor(&n->c, sc->duration_ps) : UINT64_MAX;
	for (int k = 0; k < CLS__COUNT; k++)
		hist_init(&n->lat[k]);
	if (wire(n) < 0) {
		snprintf(err, errlen, "%s", n->err);
		node_destroy(n);
		return NULL;
	}
	trace_on_latency(&n->tr, stat_latency, n);
	if (o->outbox)
		trace_on_frame(&n->tr, outbox_frame, n);
	if (n->calls)
		trace_on_frame(&n->tr, calls_frame, n);
	return n;
}

void node_destroy(struct node *n)
{
	if (!n)
		return;
	callplay_destroy(n->play);
	input_destroy(n->input);
	traffic_destroy(n->traffic);
	gpside_destroy(n->gp);
	rtside_destroy(n->rt);
	calls_destroy(n->calls);
	ctlmsg_destroy(n->msgs);
	chan_destroy(n->data_out);
	chan_destroy(n->data_in);
	chan_destroy(n->control);
	nicdev_destroy(n->nic);
	ledger_destroy(n->ledger);
	cpu_destroy(n->cpu);
	if (n->ports)
		ports_destroy(n->ports);
	fpool_destroy(n->pool);
	evq_destroy(n->q);
	for (int k = 0; k < CLS__COUNT; k++)
		hist_free(&n->lat[k]);
	for (size_t i = 0; i < n->ob.cap; i++)
		free(n->ob.v[i].f.data);
	free(n->ob.v);
	free(n->bq);
	free(n->ob.taken);
	free(n);
}

struct trace *node_trace(struct node *n) { return &n->tr; }
void node_start(struct node *n) { input_start(n->input); }
uint64_t node_now(const struct node *n) { return cpu_now(n->cpu); }
uint64_t node_next_event(const struct node *n) { return evq_next_time(n->q); }

bool node_quiet(const struct node *n)
{
	return n->ended || n->done || (evq_size(n->q) == 0 && !cpu_has_work(n->cpu));
}
bool node_epoch_ns(const struct node *n, __int128 *ns) { return input_epoch_ns(n->input, ns); }
const char *node_error(const struct node *n) { return n->err[0] ? n->err : NULL; }

int node_hand(struct node *n, const uint8_t *data, uint32_t caplen, uint32_t wirelen, uint64_t at)
{
	return input_hand(n->input, data, caplen, wirelen, at, NULL);
}

int node_hand_parsed(struct node *n, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
                     uint64_t at, const struct frame_info *fi)
{
	return input_hand(n->input, data, caplen, wirelen, at, fi);
}

/* ---- the loop ---- */

static inline uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

const struct rtside_idchange *node_id_changes(const struct node *n, size_t *count)
{
	return rtside_id_changes(n->rt, count);
}

uint64_t node_next_act(const struct node *n)
{
	return min64(cpu_next_act(n->cpu), evq_next_time(n->q));
}

static bool check_input(struct node *n)
{
	const char *e = input_error(n->input);
	if (!e)
		return true;
	snprintf(n->err, sizeof n->err, "%s", e);
	return false;
}

uint64_t node_bus_hold(const struct node *n)
{
	if (!n->o.bus_remote)       /* no remote bus: asked at every event, ~80 */
		return UINT64_MAX;      /* instructions a frame for three channels */
	uint64_t a = chan_bus_hold(n->data_out), b = chan_bus_hold(n->data_in);
	uint64_t c = chan_bus_hold(n->control);
	return min64(a, min64(b, c));
}

bool node_bus_take(struct node *n, struct node_busmsg *m)
{
	if (n->bq_head == n->bq_n) {
		n->bq_head = n->bq_n = 0;          /* all taken: the array is reused */
		return false;
	}
	*m = n->bq[n->bq_head++];
	return true;
}

void node_bus_arrive(struct node *n, int chan)
{
	chan_bus_arrive(chan == 0 ? n->data_out : chan == 1 ? n->data_in : n->control);
}

int node_run_until(struct node *n, uint64_t until)
{
	if (n->err[0] || !check_input(n))
		return -1;
	for (;;) {
		if (n->ended || n->done)
			return 1;
		/* a remote bus: not past the cycle before an arrival not delivered */
		uint64_t hold = node_bus_hold(n);
		uint64_t cycle = hold == UINT64_MAX ? until : min64(until, hold - 1);
		cpu_run(n->cpu, min64(evq_next_time(n->q), cycle));
		uint64_t t = evq_next_time(n->q);
		if (t == UINT64_MAX) {
			if (cpu_has_work(n->cpu)) {
				if (cpu_now(n->cpu) < cycle)
					continue;    /* cpu_run stopped at events that fired; go on */
				return 0;        /* work left at the horizon */
			}
			if (cycle == UINT64_MAX) {
				n->done = true;
				return 1;
			}
			return 0;        /* quiet: only a handed frame can wake it */
		}
		if (t > cycle) {
			if (cpu_now(n->cpu) < cycle)
				continue;
			return 0;
		}
		if (cpu_now(n->cpu) < t)
			continue;
		uint64_t at;
		evq_fn *fn;
		void *ctx;
		uint32_t arg;
		if (!evq_pop(n->q, cycle, &at, &fn, &ctx, &arg))
			continue;            /* not reached: its next event is at t <= cycle */
		n->events++;
		if ((n->events & 0xfff) == 0 && n->o.stop && *n->o.stop) {
			snprintf(n->err, sizeof n->err, "interrupted at cycle %llu (frame %llu): "
			         "the run is abandoned, no output is kept",
			         (unsigned long long)cpu_now(n->cpu),
			         (unsigned long long)input_frames(n->input));
			return -1;
		}
		if (n->o.tick && (n->events & 0x3ffff) == 0)
			n->o.tick(n->o.tick_ctx, input_frames(n->input), cpu_now(n->cpu));
		fn(ctx, arg);
		if (!check_input(n))
			return -1;
	}
}

int node_finish(struct node *n, FILE *err)
{
	if (n->ended) {       /* run.duration: what is inside ends as unfinished */
		uint64_t t = cpu_now(n->cpu);
		for (uint32_t i = 0; i < fpool_span(n->pool); i++) {
			if (!fpool_at(n->pool, i)->in_use)
				continue;
			if (fpool_at(n->pool, i)->kind == FK_RX)
				ledger_rx_final(n->ledger, i, DEC_DROP, R_UNFINISHED, t);
			else
				ledger_tx_final(n->ledger, i, R_UNFINISHED, t);
		}
		input_finish(n->input);
		if (!check_input(n))
			return -1;
	}
	cpu_close(n->cpu);
	ledger_flush(n->ledger);
	return ledger_check(n->ledger, input_frames(n->input), err);
}

void node_stats(const struct node *n, struct node_stats *s)
{
	memset(s, 0, sizeof *s);
	s->hz = n->hz;
	s->end_cycle = cpu_now(n->cpu);
	/* the remote bus's holds are the world's synchronisation */
	s->events = n->events - chan_bus_holds(n->data_out) - chan_bus_holds(n->data_in) -
	            chan_bus_holds(n->control);
	s->frames = input_frames(n->input);
	s->injected = input_injected(n->input);
	s->handed = input_handed(n->input);
	s->ts_backwards = input_ts_backwards(n->input);
	s->acct = *ledger_counts(n->ledger);
	s->app_blocked = traffic_app_blocked(n->traffic);
	s->lat = n->lat;
	for (int w = 0; w < 4; w++)
		s->busy[w] = cpu_cycles(n->cpu, (enum disp_who)w);
	nicdev_stats(n->nic, &s->nic);
	s->data_out_high = chan_high_water(n->data_out);
	s->data_in_high = chan_high_water(n->data_in);
	s->control_high = chan_high_water(n->control);
	rtside_stats(n->rt, &s->rt);
	gpside_stats(n->gp, &s->gp);
	s->calls = n->calls;
	s->call_port_conflicts = callplay_port_conflicts(n->play);
}
