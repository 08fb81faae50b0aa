/* engine.c - one simulated computer on its own integer-cycle event queue.
 * Models the first embodiment: Fig. 2 (dispatcher 400), Fig. 3 (NIC driver
 * 252, proxies 254/256, channels 260, transmit scheduler 258), Figs. 7a-c
 * (GP side) and 8a-c (RT side); SPEC sections 1-7 and 9.
 *
 * Time is the CPU cycle (uint64_t). Nothing here uses floating point to
 * order or time anything (T1).
 *
 * Same-cycle order (T2), fixed and documented in doc/engine.md:
 *   1. CPU work: every job that ends at cycle t ends before any event at t;
 *   2. then events by class: TX wire end (0), RX frame complete at the NIC
 *      (1), RX DMA done (2), interrupt timer (3), interrupt taken (4),
 *      TX DMA done (5), timeline entry (6), traffic generator (7), end (8);
 *   3. then by insertion order.
 *
 * The CPU. Each OS has fixed threads in priority order (RT: interrupt
 * handler, input thread, control, proxy-tx, applications; GP: proxy-rx,
 * stack, control, applications). A thread has at most one job: a cost in
 * cycles and a continuation. The dispatcher policy (model/disp.c) says
 * which OS runs; inside it the highest-priority ready thread runs; a
 * preempted job keeps exactly its remaining cycles (D2). A change of the
 * loaded OS costs cost.world_switch cycles, not preemptible. The CPU is not
 * an event source: between two events it is advanced inline, which keeps
 * the cost per frame to a few heap operations.
 *
 * Frames in flight live in a pool of records that grows only to the sum of
 * the bounded queues (rings, channels, socket backlog, scheduler bands), so
 * memory does not depend on the capture's length. */
#include "config.h"

#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../model/arp.h"
#include "../model/classify.h"
#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/frame.h"
#include "../model/nic.h"
#include "../model/ports.h"
#include "../model/ring.h"
#include "../model/txs.h"
#include "../model/verdict.h"
#include "../model/wire.h"
#include "capin.h"
#include "capout.h"
#include "evq.h"
#include "hist.h"
#include "outputs.h"

/* ---- events ------------------------------------------------------------- */
enum ev_class { EC_TX_WIRE = 0, EC_RX_FRAME, EC_RX_DMA, EC_IRQ_TIMER, EC_IRQ_TAKE,
	EC_TX_DMA, EC_TIMELINE, EC_GEN, EC_END };
enum ev_type { EV_TX_WIRE_END = 0, EV_RX_DMA_DONE, EV_IRQ_TIMER, EV_IRQ_TAKE,
	EV_TX_DMA_DONE, EV_TIMELINE, EV_GEN, EV_END };

/* ---- threads ------------------------------------------------------------ */
enum th_id {
	T_RT_IRQ = 0, T_RT_INPUT, T_RT_CTRL, T_RT_PROXY_TX, T_RT_APP,   /* RT */
	T_GP_PROXY_RX, T_GP_STACK, T_GP_CTRL, T_GP_APP,                 /* GP */
	T__COUNT
};
#define RT_MASK 0x1fu
#define GP_MASK (0xfu << 5)

/* What a thread's current job is doing. */
enum step {
	S_NONE = 0,
	S_IRQ,           /* RT interrupt handler */
	S_IN_READ,       /* RT input thread: read descriptor + classify */
	S_IN_DELIVER,    /* ... queue on the RT socket */
	S_IN_ARP,        /* ... update RT ARP table (ARP reply) */
	S_IN_FORWARD,    /* ... copy into channel 1 (data out) */
	S_CTRL_APPLY,    /* RT applies a command or a port change */
	S_PROXY_TX,      /* RT proxy takes a GP frame from channel 2 */
	S_RT_SEND,       /* RT application sends (RTP, echo, replay) */
	S_GP_PROXY_RX,   /* GP proxy driver takes a frame from channel 1 */
	S_GP_STACK,      /* GP stack delivers to a socket */
	S_GP_CTRL,       /* GP proxy snoops a command, sends it on channel 3 */
	S_GP_SEND,       /* GP application + stack */
	S_GP_PROXY_TX,   /* GP proxy driver copies into channel 2 */
};

struct thread {
	uint64_t remaining;   /* cycles left of the current job */
	uint32_t frame;       /* pool id the job works on, or a command index */
	uint8_t step;         /* enum step; S_NONE = no job */
};

/* ---- frames ------------------------------------------------------------- */
enum fr_kind { FK_RX = 0, FK_RT_TX, FK_GP_TX };
enum tx_src { TX_APP = 0, TX_ECHO, TX_REPLAY };

struct fr {
	uint64_t id;          /* input: capture index; outgoing: o<id> */
	uint64_t t0;          /* latency start: RX last bit in, or TX request */
	uint64_t t_origin;    /* echo: the request's last bit in */
	uint64_t t_wire;      /* outgoing: cycle its first bit goes out */
	uint64_t origin_id;   /* echo: the request's capture index */
	uint8_t *buf;
	uint32_t bufcap, caplen, wirelen;
	uint8_t kind, src, decision, reason;
	uint8_t in_use;
	uint16_t port;
};

/* A bounded FIFO of pool ids in the engine (application request queues). */
#define APPQ_CAP 4096u

struct gen {                 /* one traffic source */
	uint8_t rtp;             /* 1: RTP channel (RT app); 0: bulk (GP app) */
	uint32_t entry, chan;
	uint64_t k;              /* packets generated */
	uint64_t start_ps, period_ps_num, period_den, end_ps; /* t_k = start + k*num/den */
	uint16_t seq;
	uint32_t ts;
};

/* Routing decisions wait here until every earlier frame has one, so
 * routing.tsv is in capture order. Grows only while an early frame is held
 * back (a frame stuck in a queue while later ones are dropped). */
struct reorder {
	uint16_t *v;           /* (decision+1) | reason << 8; 0 = pending */
	uint64_t base;         /* capture index of v[head] */
	size_t head, cap;
};

struct eng {
	const struct scenario *sc;
	const struct engine_opts *opt;
	FILE *err;
	struct costs c;
	uint64_t hz;

	struct evq q;
	uint64_t events;

	/* components (model/) */
	struct nic *nic;
	struct ports *ports;
	struct txs *txs;
	struct arp *arp_rt, *arp_gp;
	struct ring *ch_out, *ch_in, *ch_ctl;   /* channels 1, 2, 3 (X1) */
	struct ring *gp_backlog;                /* GP receive queue */
	struct ring *rt_appq, *gp_appq, *gp_ctlq, *rt_ctlq;
	struct ring *tx_dmaq;                   /* handed to the NIC, DMA not started */
	struct disp_cfg dcfg;
	struct wire rxw, txw;

	/* NIC engines */
	uint64_t rx_dma_free, tx_dma_free;
	bool tx_dma_busy;
	uint32_t rx_ready;      /* frames in the RX ring whose DMA is done */
	bool irq_pending;       /* raised, handler not yet started */
	uint64_t irq_raised, irq_merged;

	/* CPU */
	struct thread th[T__COUNT];
	uint32_t ready;         /* bit per thread with a job */
	uint64_t cpu_t;
	int ctx;                /* loaded OS: WHO_RT or WHO_GP */
	bool switching;
	uint64_t switch_end;
	int switch_to;
	int cur_who;            /* interval being recorded */
	uint64_t cur_start;
	int cur_why;
	uint64_t busy[4];       /* cycles by who: idle rt gp switch */

	/* frames */
	struct fr *pool;
	uint32_t npool, pool_cap;
	uint32_t *freel;
	uint32_t nfree;
	uint32_t in_flight;

	/* input */
	struct capin *cap;
	bool have_next;         /* next input frame is read and waiting */
	bool next_own;          /* ... and the host sent it (N0): replayed, not received */
	uint64_t next_t;        /* its RX-complete cycle */
	struct capin_frame nf;
	struct frame_info nfi;
	uint8_t *nbuf;
	uint32_t nbuf_cap;
	int64_t sec0;
	uint32_t nsec0;
	uint64_t base_ns;       /* epoch ns of the first frame (output timestamps) */
	uint64_t prev_ns;
	uint64_t frames, ts_backwards, rx_late;
	bool input_done;
	uint8_t ctl_mac[6];      /* host identity as RT applied it (X3): */
	uint32_t ctl_ipv4;       /* generated frames use these */
	uint8_t ctl_ipv6[16];

	/* outgoing */
	uint64_t out_id;
	uint64_t out_generated, out_sent, out_unfinished, app_blocked;
	uint64_t out_drop[R__COUNT];

	/* traffic */
	struct gen *gens;
	size_t ngens;
	uint64_t end_cycle;     /* run.duration, or UINT64_MAX */
	bool ended;
	uint64_t tl_next;

	/* control */
	uint64_t ctl_sent, ctl_applied, ctl_dropped, port_ops, port_refused;

	/* accounting */
	struct reorder ro;
	uint64_t dec_count[DEC__COUNT];
	uint64_t reason_count[DEC__COUNT][R__COUNT];
	struct hist lat[CLS__COUNT];

	/* outputs */
	struct tw w_routing, w_events, w_latency, w_dispatch;
	struct capout *c_wire, *c_rt, *c_gp;
	unsigned outs;

	/* progress */
	struct timespec wall0;
	uint64_t progress_next;
	int fatal;              /* 2 = input error */
	char errbuf[512];
};

/* ---- small helpers ------------------------------------------------------- */
static inline uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static uint64_t ps_to_cyc(const struct eng *e, uint64_t ps)
{
	return cost_ps_to_cycles_floor(&e->c, ps);
}

static uint64_t cyc_to_ps(const struct eng *e, uint64_t cyc)
{
	return cost_cycles_to_ps(&e->c, cyc);
}

static inline bool want(const struct eng *e, enum out_kind k)
{
	return e->outs & (1u << k);
}

/* events.tsv: cycle, frame, stage, detail. Frame: the capture index, o<n>
 * for an outgoing frame, - when none. */
static void ev_line(struct eng *e, uint64_t t, const struct fr *f, uint64_t rawid, bool tx,
                    const char *stage, const char *detail)
{
	if (!want(e, OUT_EVENTS))
		return;
	struct tw *w = &e->w_events;
	tw_u64(w, t);
	tw_ch(w, '\t');
	if (f) {
		rawid = f->id;
		tx = f->kind != FK_RX;
	}
	if (rawid == 0) {
		tw_ch(w, '-');
	} else {
		if (tx)
			tw_ch(w, 'o');
		tw_u64(w, rawid);
	}
	tw_ch(w, '\t');
	tw_str(w, stage);
	tw_ch(w, '\t');
	tw_str(w, detail ? detail : "-");
	tw_ch(w, '\n');
}

static void ev_line_u(struct eng *e, uint64_t t, const struct fr *f, const char *stage, uint64_t v)
{
	if (!want(e, OUT_EVENTS))
		return;
	struct tw *w = &e->w_events;
	tw_u64(w, t);
	tw_ch(w, '\t');
	if (f) {
		if (f->kind != FK_RX)
			tw_ch(w, 'o');
		tw_u64(w, f->id);
	} else {
		tw_ch(w, '-');
	}
	tw_ch(w, '\t');
	tw_str(w, stage);
	tw_ch(w, '\t');
	tw_u64(w, v);
	tw_ch(w, '\n');
}

/* An input frame not (or not yet) in the pool: rx, nic-drop. */
static void ev_line_in(struct eng *e, uint64_t t, uint64_t index, const char *stage,
                       const char *detail, uint64_t v)
{
	if (!want(e, OUT_EVENTS))
		return;
	struct tw *w = &e->w_events;
	tw_u64(w, t);
	tw_ch(w, '\t');
	tw_u64(w, index);
	tw_ch(w, '\t');
	tw_str(w, stage);
	tw_ch(w, '\t');
	if (detail)
		tw_str(w, detail);
	else
		tw_u64(w, v);
	tw_ch(w, '\n');
}

/* ---- the frame pool ----------------------------------------------------- */
static int pool_get(struct eng *e, uint32_t need, uint32_t *out)
{
	uint32_t id;
	if (e->nfree) {
		id = e->freel[--e->nfree];
	} else {
		if (e->npool == e->pool_cap) {
			uint32_t cap = e->pool_cap ? e->pool_cap * 2 : 256;
			struct fr *p = realloc(e->pool, cap * sizeof *p);
			uint32_t *fl = p ? realloc(e->freel, cap * sizeof *fl) : NULL;
			if (p)
				e->pool = p;
			if (!p || !fl)
				return -1;
			e->freel = fl;
			memset(e->pool + e->pool_cap, 0, (cap - e->pool_cap) * sizeof *p);
			e->pool_cap = cap;
		}
		id = e->npool++;
	}
	struct fr *f = &e->pool[id];
	if (f->bufcap < need) {
		uint32_t cap = need < 2048 ? 2048 : need;
		uint8_t *b = realloc(f->buf, cap);
		if (!b)
			return -1;
		f->buf = b;
		f->bufcap = cap;
	}
	uint8_t *b = f->buf;
	uint32_t bc = f->bufcap;
	memset(f, 0, sizeof *f);
	f->buf = b;
	f->bufcap = bc;
	f->in_use = 1;
	e->in_flight++;
	*out = id;
	return 0;
}

static void pool_put(struct eng *e, uint32_t id)
{
	struct fr *f = &e->pool[id];
	if (!f->in_use)
		abort();     /* a frame finished twice: an engine bug (A1) */
	f->in_use = 0;
	e->in_flight--;
	e->freel[e->nfree++] = id;
}

/* ---- routing (A2), in capture order -------------------------------------- */
static void ro_flush(struct eng *e)
{
	struct reorder *r = &e->ro;
	while (r->cap && r->v[r->head]) {
		uint16_t x = r->v[r->head];
		r->v[r->head] = 0;
		if (want(e, OUT_ROUTING)) {
			struct tw *w = &e->w_routing;
			tw_u64(w, r->base);
			tw_ch(w, '\t');
			tw_str(w, verdict_decision_name((enum verdict_decision)((x & 0xff) - 1)));
			tw_ch(w, '\t');
			tw_str(w, verdict_reason_name((enum verdict_reason)(x >> 8)));
			tw_ch(w, '\n');
		}
		r->base++;
		r->head = (r->head + 1) & (r->cap - 1);
	}
}

static int ro_set(struct eng *e, uint64_t idx, int dec, int reason)
{
	struct reorder *r = &e->ro;
	if (idx < r->base)
		abort();     /* a frame already written gets a second state: engine bug (A1) */
	uint64_t off = idx - r->base;
	if (off >= r->cap) {        /* grow: keep the window contiguous */
		size_t cap = r->cap ? r->cap : 1024;
		while (off >= cap)
			cap *= 2;
		uint16_t *v = calloc(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < r->cap; i++)
			v[i] = r->v[(r->head + i) & (r->cap - 1)];
		free(r->v);
		r->v = v;
		r->cap = cap;
		r->head = 0;
	}
	size_t slot = (r->head + off) & (r->cap - 1);
	if (r->v[slot])
		abort();     /* two terminal states for one frame: engine bug (A1) */
	r->v[slot] = (uint16_t)((dec + 1) | (reason << 8));
	e->dec_count[dec]++;
	e->reason_count[dec][reason]++;
	if (off == 0)
		ro_flush(e);
	return 0;
}

/* ---- latency ---------------------------------------------------------------- */
static void lat_add(struct eng *e, enum scen_class cls, const struct fr *f, uint64_t start,
                    uint64_t end)
{
	uint64_t d = end - start;
	hist_add(&e->lat[cls], d, f->id, f->kind != FK_RX, end);
	if (want(e, OUT_LATENCY)) {
		struct tw *w = &e->w_latency;
		if (f->kind != FK_RX)
			tw_ch(w, 'o');
		tw_u64(w, f->id);
		tw_ch(w, '\t');
		tw_str(w, scen_class_name(cls));
		tw_ch(w, '\t');
		tw_u64(w, start);
		tw_ch(w, '\t');
		tw_u64(w, end);
		tw_ch(w, '\t');
		tw_u64(w, d);
		tw_ch(w, '\t');
		tw_fix(w, cyc_to_ps(e, d), 3);
		tw_ch(w, '\n');
	}
}

static void cap_write(struct eng *e, struct capout *c, uint64_t t, const struct fr *f)
{
	if (!c)
		return;
	uint64_t ns = e->base_ns + cyc_to_ps(e, t) / 1000;
	capout_write(c, ns, f->buf, f->caplen, f->wirelen);
}

/* Terminal state of an input frame held in the pool. */
static void rx_final(struct eng *e, uint32_t id, enum verdict_decision d, enum verdict_reason r)
{
	struct fr *f = &e->pool[id];
	ro_set(e, f->id, d, r);
	if (d == DEC_DROP)
		ev_line(e, e->cpu_t, f, 0, false, "drop", verdict_reason_name(r));
	pool_put(e, id);
}

/* Terminal state of an outgoing frame. */
static void tx_final(struct eng *e, uint32_t id, enum verdict_reason r, uint64_t t)
{
	struct fr *f = &e->pool[id];
	if (r == R_SENT)
		e->out_sent++;
	else if (r == R_UNFINISHED)
		e->out_unfinished++;
	else {
		e->out_drop[r]++;
		ev_line(e, t, f, 0, false, "drop", verdict_reason_name(r));
	}
	pool_put(e, id);
}

/* ---- the CPU: dispatcher and threads -------------------------------------- */
static inline bool th_is_rt(int t) { return t < T_GP_PROXY_RX; }

/* Record who holds the CPU from cpu_t on. A run of the same holder is one
 * interval, except world switches: two back to back (a switch to GP, then
 * at once back to RT because an interrupt came during it) are two lines. */
static void rec(struct eng *e, int who, int why)
{
	if (who == e->cur_who && (who != WHO_SWITCH || e->cpu_t == e->cur_start))
		return;
	uint64_t t = e->cpu_t;
	if (t > e->cur_start) {
		e->busy[e->cur_who] += t - e->cur_start;
		if (want(e, OUT_DISPATCH)) {
			struct tw *w = &e->w_dispatch;
			tw_u64(w, e->cur_start);
			tw_ch(w, '\t');
			tw_u64(w, t);
			tw_ch(w, '\t');
			tw_str(w, disp_who_name((enum disp_who)e->cur_who));
			tw_ch(w, '\t');
			tw_str(w, disp_why_name((enum disp_why)e->cur_why));
			tw_ch(w, '\n');
		}
	}
	e->cur_who = who;
	e->cur_start = t;
	e->cur_why = why;
}

static int why_for(const struct eng *e, int who)
{
	bool tdma = e->dcfg.policy != DISP_PRIORITY;
	uint64_t ph = tdma ? e->cpu_t % e->dcfg.tdma_frame : 1;
	switch (who) {
	case WHO_IDLE:
		return e->cur_who == WHO_GP ? WHY_GP_DONE : WHY_RT_DONE;
	case WHO_SWITCH:
		if (tdma && ph == 0)
			return WHY_SLICE_RT;
		if (tdma && ph == e->dcfg.tdma_rt_slice)
			return WHY_SLICE_GP;
		return e->switch_to == WHO_RT ? WHY_RT_WORK : WHY_RT_DONE;
	case WHO_RT:
		return e->cur_who == WHO_SWITCH ? WHY_SWITCH_DONE : WHY_RT_WORK;
	default:
		return e->cur_who == WHO_SWITCH ? WHY_SWITCH_DONE : WHY_GP_WORK;
	}
}

static void th_next(struct eng *e, int t);
static void th_finish(struct eng *e, int t);

static inline void th_job(struct eng *e, int t, enum step s, uint32_t frame, uint64_t cost)
{
	e->th[t].step = (uint8_t)s;
	e->th[t].frame = frame;
	e->th[t].remaining = cost;
	e->ready |= 1u << t;
}

static inline void th_idle(struct eng *e, int t)
{
	e->th[t].step = S_NONE;
	e->ready &= ~(1u << t);
}

/* Give a sleeping thread its next job, if it has one. */
static inline void th_wake(struct eng *e, int t)
{
	if (e->th[t].step == S_NONE)
		th_next(e, t);
}

static uint64_t next_external(const struct eng *e)
{
	uint64_t t = evq_top_time(&e->q);
	if (e->have_next && e->next_t < t)
		t = e->next_t;
	return t;
}

/* Advance the CPU to `limit` (or to the next event, whichever is first),
 * ending every job that ends by then. On return cpu_t is that time, unless
 * nothing at all is left to do (then it stays). */
static void cpu_run(struct eng *e, uint64_t limit)
{
	for (;;) {
		uint64_t lim = min64(limit, next_external(e));
		if (e->switching) {
			if (e->switch_end > lim) {
				e->cpu_t = lim;
				return;
			}
			e->cpu_t = e->switch_end;
			e->switching = false;
			e->ctx = e->switch_to;
			continue;
		}
		if (!e->ready) {
			rec(e, WHO_IDLE, why_for(e, WHO_IDLE));
			if (lim != UINT64_MAX)
				e->cpu_t = lim;
			return;
		}
		struct disp_choice ch = disp_decide(&e->dcfg, e->cpu_t, e->ready & RT_MASK,
		                                    e->ready & (1u << T_RT_IRQ), e->ready & GP_MASK);
		if (ch.who == WHO_IDLE) {
			rec(e, WHO_IDLE, why_for(e, WHO_IDLE));
			uint64_t nx = min64(lim, ch.until);
			if (nx == UINT64_MAX)
				return;
			e->cpu_t = nx;
			if (nx == lim)
				return;
			continue;
		}
		if ((int)ch.who != e->ctx) {
			e->switch_to = ch.who;
			if (e->dcfg.world_switch == 0) {
				e->ctx = ch.who;
			} else {
				rec(e, WHO_SWITCH, why_for(e, WHO_SWITCH));
				e->switching = true;
				e->switch_end = e->cpu_t + e->dcfg.world_switch;
				continue;
			}
		}
		rec(e, ch.who, why_for(e, ch.who));
		uint32_t m = e->ready & (ch.who == WHO_RT ? RT_MASK : GP_MASK);
		int t = __builtin_ctz(m);
		struct thread *th = &e->th[t];
		uint64_t stop = min64(lim, ch.until);
		uint64_t room = stop - e->cpu_t;
		if (th->remaining > room) {
			th->remaining -= room;
			e->cpu_t = stop;
			if (stop == lim)
				return;
			continue;
		}
		e->cpu_t += th->remaining;
		th->remaining = 0;
		th_finish(e, t);
	}
}

/* ---- thread bodies ---------------------------------------------------------
 * th_next(): the thread looks at its inputs and takes its next job, or
 * sleeps. th_finish(): the job's cycles are spent; do its effect. */
static uint64_t copy_cost(const struct eng *e, uint32_t len, bool notify)
{
	return ring_copy_cycles(len, e->c.v[C_PROXY_FIXED], e->c.v[C_PROXY_PER_BYTE]) +
	       (notify ? e->c.v[C_CROSS_IRQ] : 0);
}

static void tx_kick(struct eng *e);

static void th_next(struct eng *e, int t)
{
	const uint64_t *v = e->c.v;
	uint32_t id = 0;
	switch (t) {
	case T_RT_IRQ:
		if (e->irq_pending) {
			e->irq_pending = false;   /* acknowledged as the handler starts */
			th_job(e, t, S_IRQ, 0, v[C_RT_IRQ]);
			return;
		}
		break;
	case T_RT_INPUT:
		if (e->rx_ready && ring_peek(nic_rx_ring(e->nic), &id)) {
			th_job(e, t, S_IN_READ, id, v[C_RT_INPUT] + v[C_CLASSIFY]);
			return;
		}
		break;
	case T_RT_CTRL:
		if (ring_pop(e->ch_ctl, &id) || ring_pop(e->rt_ctlq, &id)) {
			th_job(e, t, S_CTRL_APPLY, id, v[C_CONTROL_APPLY]);
			return;
		}
		break;
	case T_RT_PROXY_TX:
		if (!ring_empty(e->ch_in) && txs_count(e->txs, TXS_BAND_GP) < v[C_TXS_GP_QUEUE]) {
			ring_pop(e->ch_in, &id);
			th_job(e, t, S_PROXY_TX, id, v[C_RT_PROXY_TX] + v[C_TXS_PICK]);
			return;
		}
		break;
	case T_RT_APP:
		if (ring_pop(e->rt_appq, &id)) {
			uint64_t app = e->pool[id].src == TX_ECHO ? v[C_RT_ECHO] : v[C_RT_APP_TX];
			th_job(e, t, S_RT_SEND, id, app + v[C_RT_DRV_TX] + v[C_TXS_PICK]);
			return;
		}
		break;
	case T_GP_PROXY_RX:
		if (ring_pop(e->ch_out, &id)) {
			th_job(e, t, S_GP_PROXY_RX, id, v[C_GP_PROXY_RX]);
			return;
		}
		break;
	case T_GP_STACK:
		if (ring_pop(e->gp_backlog, &id)) {
			uint64_t c = v[C_GP_STACK_RX] + v[C_GP_DELIVER];
			if (e->pool[id].decision == DEC_BOTH)
				c += v[C_ARP_UPDATE];
			th_job(e, t, S_GP_STACK, id, c);
			return;
		}
		break;
	case T_GP_CTRL:
		if (ring_pop(e->gp_ctlq, &id)) {
			bool notify = e->th[T_RT_CTRL].step == S_NONE && ring_empty(e->ch_ctl);
			th_job(e, t, S_GP_CTRL, id, v[C_GP_PROXY_TX] + copy_cost(e, 64, notify));
			return;
		}
		break;
	case T_GP_APP:
		if (ring_pop(e->gp_appq, &id)) {
			th_job(e, t, S_GP_SEND, id, v[C_GP_APP_TX]);
			return;
		}
		break;
	}
	th_idle(e, t);
}

/* The RT input thread's second step for a classified frame. */
static void in_forward(struct eng *e, uint32_t id)
{
	struct fr *f = &e->pool[id];
	if (ring_full(e->ch_out)) {          /* C5: never blocks RT */
		rx_final(e, id, DEC_DROP, R_PROXY_FULL);
		th_next(e, T_RT_INPUT);
		return;
	}
	bool notify = e->th[T_GP_PROXY_RX].step == S_NONE && ring_empty(e->ch_out);
	th_job(e, T_RT_INPUT, S_IN_FORWARD, id, copy_cost(e, f->wirelen, notify));
}

static void echo_request(struct eng *e, uint32_t rq_id);

static void apply_control(struct eng *e, uint32_t i);

static void th_finish(struct eng *e, int t)
{
	struct thread *th = &e->th[t];
	uint32_t id = th->frame;
	struct fr *f = &e->pool[id];
	uint64_t now = e->cpu_t;
	switch ((enum step)th->step) {
	case S_IRQ:
		ev_line(e, now, NULL, 0, false, "irq-handler", NULL);
		th_wake(e, T_RT_INPUT);
		break;
	case S_IN_READ: {
		uint32_t got;
		ring_pop(nic_rx_ring(e->nic), &got);
		e->rx_ready--;
		struct frame_info fi;
		frame_parse(f->buf, f->caplen, f->wirelen, &fi);
		struct classify_result r = classify_frame(&fi, e->ports);
		f->decision = (uint8_t)r.decision;
		f->reason = (uint8_t)r.reason;
		f->port = r.port;
		ev_line(e, now, f, 0, false, "classify", verdict_decision_name(r.decision));
		if (r.decision == DEC_RT)
			th_job(e, t, S_IN_DELIVER, id, e->c.v[C_RT_DELIVER]);
		else if (r.decision == DEC_BOTH)
			th_job(e, t, S_IN_ARP, id, e->c.v[C_ARP_UPDATE]);
		else
			in_forward(e, id);
		return;
	}
	case S_IN_DELIVER: {
		ev_line_u(e, now, f, "rt-deliver", f->port);
		lat_add(e, CLS_RT_RX, f, f->t0, now);
		cap_write(e, e->c_rt, now, f);
		if (e->sc->echo.enabled && (e->sc->echo.port == 0 || e->sc->echo.port == f->port))
			echo_request(e, id);
		f = &e->pool[id];
		rx_final(e, id, DEC_RT, (enum verdict_reason)f->reason);
		break;
	}
	case S_IN_ARP: {
		struct frame_info fi;
		frame_parse(f->buf, f->caplen, f->wirelen, &fi);
		if (fi.arp_hlen == 6 && fi.arp_plen == 4)
			arp_update(e->arp_rt, fi.arp_spa, fi.arp_sha, now);
		ev_line(e, now, f, 0, false, "rt-arp", NULL);
		lat_add(e, CLS_RT_RX, f, f->t0, now);
		cap_write(e, e->c_rt, now, f);
		in_forward(e, id);
		return;
	}
	case S_IN_FORWARD:
		ring_push(e->ch_out, id);
		ev_line(e, now, f, 0, false, "proxy-out", NULL);
		th_wake(e, T_GP_PROXY_RX);
		break;
	case S_CTRL_APPLY:
		apply_control(e, id);
		break;
	case S_PROXY_TX:
		txs_enqueue(e->txs, TXS_BAND_GP, id, f->wirelen);
		ev_line(e, now, f, 0, false, "txs", "gp");
		tx_kick(e);
		break;
	case S_RT_SEND:
		if (!txs_enqueue(e->txs, TXS_BAND_RT, id, f->wirelen)) {
			tx_final(e, id, R_TX_QUEUE_FULL, now);
		} else {
			ev_line(e, now, f, 0, false, "txs", "rt");
			tx_kick(e);
		}
		break;
	case S_GP_PROXY_RX:
		if (!ring_push(e->gp_backlog, id)) {
			rx_final(e, id, DEC_DROP, R_GP_SOCKET_FULL);
		} else {
			ev_line(e, now, f, 0, false, "gp-proxy", NULL);
			th_wake(e, T_GP_STACK);
		}
		break;
	case S_GP_STACK: {
		if (f->decision == DEC_BOTH) {
			struct frame_info fi;
			frame_parse(f->buf, f->caplen, f->wirelen, &fi);
			if (fi.arp_hlen == 6 && fi.arp_plen == 4)
				arp_update(e->arp_gp, fi.arp_spa, fi.arp_sha, now);
		}
		ev_line(e, now, f, 0, false, "gp-deliver", NULL);
		lat_add(e, CLS_GP_RX, f, f->t0, now);
		cap_write(e, e->c_gp, now, f);
		rx_final(e, id, (enum verdict_decision)f->decision, (enum verdict_reason)f->reason);
		break;
	}
	case S_GP_CTRL:
		if (!ring_push(e->ch_ctl, id)) {
			e->ctl_dropped++;
			ev_line_u(e, now, NULL, "ctl-drop", id + 1);
		} else {
			ev_line_u(e, now, NULL, "ctl-send", id + 1);
			th_wake(e, T_RT_CTRL);
		}
		break;
	case S_GP_SEND: {
		ev_line(e, now, f, 0, false, "gp-send", NULL);
		if (ring_full(e->ch_in)) {
			tx_final(e, id, R_PROXY_FULL, now);
			break;
		}
		bool notify = e->th[T_RT_PROXY_TX].step == S_NONE && ring_empty(e->ch_in);
		th_job(e, t, S_GP_PROXY_TX, id, e->c.v[C_GP_PROXY_TX] + copy_cost(e, f->wirelen, notify));
		return;
	}
	case S_GP_PROXY_TX:
		if (!ring_push(e->ch_in, id)) {
			tx_final(e, id, R_PROXY_FULL, now);
		} else {
			ev_line(e, now, f, 0, false, "proxy-in", NULL);
			th_wake(e, T_RT_PROXY_TX);
		}
		break;
	case S_NONE:
		abort();
	}
	th_next(e, t);
}

/* ---- control: X3 interface commands and P2 port changes --------------------- */
static void apply_control(struct eng *e, uint32_t i)
{
	const struct scen_tl *tl = &e->sc->tl[i];
	uint64_t now = e->cpu_t;
	char d[160];
	d[0] = 0;
	enum ports_err pe = PORTS_OK;
	switch (tl->kind) {
	case TL_MTU: nic_set_mtu(e->nic, (uint32_t)tl->num); snprintf(d, sizeof d, "mtu=%llu", (unsigned long long)tl->num); break;
	case TL_MAC: nic_set_mac(e->nic, tl->mac); memcpy(e->ctl_mac, tl->mac, 6); snprintf(d, sizeof d, "mac"); break;
	case TL_IPV4:
		e->ctl_ipv4 = (uint32_t)tl->ip[0] << 24 | (uint32_t)tl->ip[1] << 16 |
		              (uint32_t)tl->ip[2] << 8 | tl->ip[3];
		snprintf(d, sizeof d, "ipv4");
		break;
	case TL_IPV6: memcpy(e->ctl_ipv6, tl->ip, 16); snprintf(d, sizeof d, "ipv6"); break;
	case TL_PROMISC: nic_set_promiscuous(e->nic, tl->num != 0); snprintf(d, sizeof d, "promiscuous=%s", tl->num ? "on" : "off"); break;
	case TL_MULTICAST: nic_set_multicast(e->nic, tl->num != 0); snprintf(d, sizeof d, "multicast=%s", tl->num ? "on" : "off"); break;
	case TL_UP: nic_set_up(e->nic, tl->num != 0); snprintf(d, sizeof d, "up=%s", tl->num ? "on" : "off"); break;
	case TL_RELINQUISH:
		pe = ports_relinquish(e->ports, (uint16_t)tl->num);
		snprintf(d, sizeof d, "relinquish=%llu", (unsigned long long)tl->num);
		break;
	case TL_CLAIM:
		pe = ports_claim(e->ports, (uint16_t)tl->num);
		snprintf(d, sizeof d, "claim=%llu", (unsigned long long)tl->num);
		break;
	default:
		break;
	}
	if (tl->kind == TL_RELINQUISH || tl->kind == TL_CLAIM) {
		e->port_ops++;
		if (pe != PORTS_OK) {
			e->port_refused++;
			size_t l = strlen(d);
			snprintf(d + l, sizeof d - l, " refused: %s", ports_strerror(pe));
			if (!e->opt->quiet)
				fprintf(e->err, "nicshare: timeline entry %u (%s): %s\n", i + 1, d,
				        ports_strerror(pe));
		}
	} else {
		e->ctl_applied++;
	}
	for (char *p = d; *p; p++)
		if (*p == ' ' || *p == '\t')
			*p = '_';
	ev_line(e, now, NULL, 0, false, "ctl-apply", d);
}

/* ---- transmit: scheduler -> TX ring -> DMA -> wire ---------------------------- */
static void tx_dma_start(struct eng *e)
{
	uint32_t id;
	if (e->tx_dma_busy || !ring_pop(e->tx_dmaq, &id))
		return;
	e->tx_dma_busy = true;
	uint64_t end = e->cpu_t + cost_dma_cycles(&e->c, e->pool[id].wirelen);
	evq_push(&e->q, end, EC_TX_DMA, EV_TX_DMA_DONE, id);
}

static void tx_kick(struct eng *e)
{
	struct ring *tr = nic_tx_ring(e->nic);
	for (;;) {
		uint64_t retry = 0;
		enum txs_band b = txs_peek(e->txs, e->cpu_t, ring_free(tr), ring_empty(tr), &retry);
		if (b == TXS_NONE) {
			if (retry > e->cpu_t)
				evq_push(&e->q, retry, EC_TX_DMA, EV_TX_DMA_DONE, UINT32_MAX);
			break;
		}
		uint32_t id = txs_dequeue(e->txs, b, e->cpu_t);
		ring_push(tr, id);
		ring_push(e->tx_dmaq, id);
		ev_line(e, e->cpu_t, &e->pool[id], 0, false, "tx-ring", NULL);
		if (b == TXS_BAND_GP)
			th_wake(e, T_RT_PROXY_TX);
	}
	tx_dma_start(e);
}

static void on_tx_dma_done(struct eng *e, uint32_t id)
{
	if (id == UINT32_MAX) {          /* gp-rate: tokens may be there now */
		tx_kick(e);
		return;
	}
	e->tx_dma_busy = false;
	struct fr *f = &e->pool[id];
	uint64_t start, last;
	wire_send(&e->txw, e->cpu_t, f->wirelen, &start, &last);
	evq_push(&e->q, last, EC_TX_WIRE, EV_TX_WIRE_END, id);
	f->t_wire = start;
	ev_line_u(e, e->cpu_t, f, "tx-dma", start);
	tx_dma_start(e);
}

static void on_tx_wire_end(struct eng *e, uint32_t id)
{
	struct fr *f = &e->pool[id];
	uint32_t got;
	ring_pop(nic_tx_ring(e->nic), &got);
	uint64_t now = e->cpu_t;
	ev_line(e, now, f, 0, false, "wire-out", NULL);
	cap_write(e, e->c_wire, f->t_wire, f);   /* sent: stamped with its first bit */
	lat_add(e, f->kind == FK_RT_TX ? CLS_RT_TX : CLS_GP_TX, f, f->t0, now);
	if (f->src == TX_ECHO) {
		struct fr tmp = *f;
		tmp.id = f->origin_id;
		tmp.kind = FK_RX;
		lat_add(e, CLS_RT_RTT, &tmp, f->t_origin, now);
	}
	tx_final(e, id, R_SENT, now);
	tx_kick(e);
}

/* A new outgoing frame: pool record, then the sending application's queue. */
static int tx_new(struct eng *e, int rt, int src, uint32_t len_cap, uint32_t *out)
{
	if (pool_get(e, len_cap, out) < 0)
		return -1;
	struct fr *f = &e->pool[*out];
	f->id = ++e->out_id;
	f->kind = rt ? FK_RT_TX : FK_GP_TX;
	f->src = (uint8_t)src;
	f->t0 = e->cpu_t;
	e->out_generated++;
	return 0;
}

static void tx_submit(struct eng *e, uint32_t id)
{
	struct fr *f = &e->pool[id];
	ev_line_u(e, e->cpu_t, f, f->kind == FK_RT_TX ? "rt-request" : "gp-request", f->wirelen);
	if (f->kind == FK_RT_TX) {
		if (!ring_push(e->rt_appq, id)) {
			tx_final(e, id, R_TX_QUEUE_FULL, e->cpu_t);
			return;
		}
		th_wake(e, T_RT_APP);
	} else {
		if (!ring_push(e->gp_appq, id)) {
			tx_final(e, id, R_TX_QUEUE_FULL, e->cpu_t);
			return;
		}
		th_wake(e, T_GP_APP);
	}
}

/* RT echo responder: answer an RT frame with the same bytes, addresses and
 * UDP ports swapped (RTnet's rtt tools measure such round trips). */
static void echo_request(struct eng *e, uint32_t rq_id)
{
	uint32_t id;
	if (tx_new(e, 1, TX_ECHO, e->pool[rq_id].caplen, &id) < 0)
		return;
	const struct fr *rq = &e->pool[rq_id];   /* after tx_new: the pool may move */
	struct fr *f = &e->pool[id];
	memcpy(f->buf, rq->buf, rq->caplen);
	f->caplen = rq->caplen;
	f->wirelen = rq->wirelen;
	f->t_origin = rq->t0;
	f->origin_id = rq->id;
	struct frame_info fi;
	frame_parse(f->buf, f->caplen, f->wirelen, &fi);
	uint8_t tmp[16];
	if (fi.has_src && fi.has_dst) {
		memcpy(f->buf, f->buf + 6, 6);
		memcpy(f->buf + 6, e->ctl_mac, 6);
	}
	size_t alen = fi.l3 == L3_IPV4 ? 4 : 16;
	size_t aoff = fi.l3 == L3_IPV4 ? 12 : 8;
	if ((fi.l3 == L3_IPV4 || fi.l3 == L3_IPV6) && fi.l3_off + aoff + 2 * alen <= f->caplen) {
		uint8_t *a = f->buf + fi.l3_off + aoff;
		memcpy(tmp, a, alen);
		memcpy(a, a + alen, alen);
		memcpy(a + alen, tmp, alen);
	}
	if (fi.l4 == L4_UDP && fi.l4_status == FRAME_OK && (size_t)fi.l4_off + 4 <= f->caplen) {
		uint8_t *u = f->buf + fi.l4_off;
		memcpy(tmp, u, 2);
		memcpy(u, u + 2, 2);
		memcpy(u + 2, tmp, 2);
	}
	tx_submit(e, id);
}

/* ---- receive: capture -> wire -> NIC filter -> RX ring -> DMA -> interrupt --- */

/* Read the capture up to the next frame that needs timing; frames that are
 * not received (N0) are accounted on the way. */
static void input_advance(struct eng *e)
{
	e->have_next = false;
	while (!e->input_done) {
		int rc = capin_next(e->cap, &e->nf, e->errbuf, sizeof e->errbuf);
		if (rc == 0) {
			e->input_done = true;
			break;
		}
		if (rc < 0) {
			e->input_done = true;
			e->fatal = 2;
			break;
		}
		e->frames++;
		const struct capin_frame *cf = &e->nf;
		if (e->frames == 1) {
			e->sec0 = cf->ts_sec;
			e->nsec0 = cf->ts_nsec;
			e->base_ns = cf->ts_sec > 0 ? (uint64_t)cf->ts_sec * 1000000000u + cf->ts_nsec : 0;
		}
		/* T3: integer ns since the first frame; never backwards (counted) */
		int64_t ns = (cf->ts_sec - e->sec0) * 1000000000 + ((int64_t)cf->ts_nsec - e->nsec0);
		uint64_t uns = ns < 0 ? 0 : (uint64_t)ns;
		if (ns < 0 || uns < e->prev_ns) {     /* before the first frame counts too */
			e->ts_backwards++;
			uns = e->prev_ns;
		}
		e->prev_ns = uns;
		/* ns -> cycles in 128 bits: a capture may span years (ps would
		 * overflow 64 bits after 213 days); cycles must leave headroom for
		 * the events that follow */
		unsigned __int128 ps = (unsigned __int128)uns * 1000u + e->sc->trace_offset_ps;
		unsigned __int128 cyc = ps * e->hz / 1000000000000ull;
		if (cyc > (UINT64_MAX >> 2)) {
			snprintf(e->errbuf, sizeof e->errbuf,
			         "%s: frame %llu: %llu s after the first frame, more than the simulation "
			         "can represent at cpu.hz %llu Hz (%llu frames read; the capture is not "
			         "complete)", e->sc->trace, (unsigned long long)cf->index,
			         (unsigned long long)(uns / 1000000000u), (unsigned long long)e->hz,
			         (unsigned long long)(cf->index - 1));
			e->input_done = true;
			e->fatal = 2;
			break;
		}
		uint64_t at = (uint64_t)cyc;
		frame_parse(cf->data, cf->caplen, cf->wirelen, &e->nfi);
		bool own = cf->dir == CAPIN_DIR_OUT || nic_is_own_tx(e->nic, &e->nfi);
		e->next_own = own;
		if (at >= e->end_cycle) {
			ro_set(e, cf->index, DEC_SKIP, R_UNFINISHED);
			continue;
		}
		if (own) {
			ro_set(e, cf->index, DEC_SKIP, R_OWN_TX);
			if (!e->sc->replay_tx)
				continue;
			e->next_t = max64(at, e->cpu_t);  /* sent again by the host at its time */
			e->have_next = true;
			return;
		}
		uint64_t start, last;
		wire_send(&e->rxw, at, cf->wirelen, &start, &last);
		if (start > at)
			e->rx_late++;
		e->next_t = last;
		e->have_next = true;
		return;
	}
}

static void on_input(struct eng *e)
{
	const struct capin_frame *cf = &e->nf;
	const struct frame_info *fi = &e->nfi;
	uint64_t now = e->cpu_t;
	if (e->next_own) {                    /* --replay-tx */
		bool rt = fi->l4 == L4_UDP && fi->l4_status == FRAME_OK && !fi->ip_nonfirst_fragment &&
		          ports_is_rt(e->ports, fi->sport);
		uint32_t id;
		if (tx_new(e, rt, TX_REPLAY, cf->caplen ? cf->caplen : 1, &id) == 0) {
			struct fr *f = &e->pool[id];
			memcpy(f->buf, cf->data, cf->caplen);
			f->caplen = cf->caplen;
			f->wirelen = cf->wirelen;
			tx_submit(e, id);
		}
		input_advance(e);
		return;
	}
	ev_line_in(e, now, cf->index, "rx", NULL, cf->wirelen);
	int drop = nic_filter(e->nic, fi);
	if (drop < 0 && ring_full(nic_rx_ring(e->nic)))
		drop = R_RX_RING_FULL;
	if (drop >= 0) {
		ro_set(e, cf->index, DEC_DROP, drop);
		ev_line_in(e, now, cf->index, "nic-drop", verdict_reason_name((enum verdict_reason)drop), 0);
		input_advance(e);
		return;
	}
	uint32_t id;
	if (pool_get(e, cf->caplen ? cf->caplen : 1, &id) < 0) {
		snprintf(e->errbuf, sizeof e->errbuf, "out of memory at frame %llu",
		         (unsigned long long)cf->index);
		e->fatal = 2;
		return;
	}
	struct fr *f = &e->pool[id];
	f->id = cf->index;
	f->kind = FK_RX;
	f->t0 = now;
	f->caplen = cf->caplen;
	f->wirelen = cf->wirelen;
	memcpy(f->buf, cf->data, cf->caplen);
	ring_push(nic_rx_ring(e->nic), id);
	uint64_t start = max64(now, e->rx_dma_free);
	e->rx_dma_free = start + cost_dma_cycles(&e->c, f->wirelen);
	evq_push(&e->q, e->rx_dma_free, EC_RX_DMA, EV_RX_DMA_DONE, id);
	input_advance(e);
}

static void on_rx_dma_done(struct eng *e, uint32_t id)
{
	e->rx_ready++;
	ev_line(e, e->cpu_t, &e->pool[id], 0, false, "dma", NULL);
	uint64_t due = nic_irq_on_rx(e->nic, e->cpu_t);
	evq_push(&e->q, due, EC_IRQ_TIMER, EV_IRQ_TIMER, 0);
}

static void on_irq_timer(struct eng *e)
{
	if (nic_irq_due(e->nic) != e->cpu_t)
		return;                           /* moved by a later frame: stale */
	nic_irq_fire(e->nic, e->cpu_t);
	e->irq_raised++;
	uint64_t lat = cost_cycles(&e->c, C_BUS_IRQ_LATENCY);
	evq_push(&e->q, e->cpu_t + lat, EC_IRQ_TAKE, EV_IRQ_TAKE, 0);
}

static void on_irq_take(struct eng *e)
{
	ev_line(e, e->cpu_t, NULL, 0, false, "irq", NULL);
	if (e->irq_pending) {
		e->irq_merged++;                  /* still asserted: one handler run */
		return;
	}
	e->irq_pending = true;
	th_wake(e, T_RT_IRQ);
}

/* ---- traffic generators ----------------------------------------------------- */
static uint64_t gen_time_ps(const struct gen *g, uint64_t k)
{
	unsigned __int128 x = (unsigned __int128)k * g->period_ps_num / g->period_den;
	return g->start_ps + (uint64_t)x;
}

static void gen_schedule(struct eng *e, uint32_t gi)
{
	struct gen *g = &e->gens[gi];
	uint64_t ps = gen_time_ps(g, g->k);
	if (ps >= g->end_ps)
		return;
	uint64_t t = ps_to_cyc(e, ps);
	if (t >= e->end_cycle)
		return;
	evq_push(&e->q, max64(t, e->cpu_t), EC_GEN, EV_GEN, gi);
}

static void on_gen(struct eng *e, uint32_t gi)
{
	struct gen *g = &e->gens[gi];
	const struct scenario *sc = e->sc;
	uint8_t src_ip[16] = {0};
	src_ip[0] = (uint8_t)(e->ctl_ipv4 >> 24);
	src_ip[1] = (uint8_t)(e->ctl_ipv4 >> 16);
	src_ip[2] = (uint8_t)(e->ctl_ipv4 >> 8);
	src_ip[3] = (uint8_t)e->ctl_ipv4;
	uint8_t payload[2048];
	uint32_t id;
	if (g->rtp) {
		const struct scen_rtp *r = &sc->rtp[g->entry];
		if (r->ipv6)
			memcpy(src_ip, e->ctl_ipv6, 16);
		size_t pl = 12 + r->payload;
		if (pl > sizeof payload)
			pl = sizeof payload;
		memset(payload, 0xd5, pl);        /* G.711 A-law silence */
		payload[0] = 0x80;                /* RTP v2 */
		payload[1] = r->payload == 20 ? 18 : 0;   /* PT: G.729 or PCMU */
		payload[2] = (uint8_t)(g->seq >> 8);
		payload[3] = (uint8_t)g->seq;
		payload[4] = (uint8_t)(g->ts >> 24);
		payload[5] = (uint8_t)(g->ts >> 16);
		payload[6] = (uint8_t)(g->ts >> 8);
		payload[7] = (uint8_t)g->ts;
		payload[8] = 0x4e; payload[9] = 0x53;
		payload[10] = (uint8_t)(g->chan >> 8);
		payload[11] = (uint8_t)g->chan;
		if (tx_new(e, 1, TX_APP, 128 + (uint32_t)pl, &id) == 0) {
			struct fr *f = &e->pool[id];
			size_t n = frame_build_udp(f->buf, f->bufcap, r->dst_mac, e->ctl_mac, r->ipv6,
			                           src_ip, r->dst_ip, (uint16_t)(r->sport + 2 * g->chan),
			                           (uint16_t)(r->dport + 2 * g->chan), payload, pl, g->seq);
			f->caplen = f->wirelen = (uint32_t)n;
			tx_submit(e, id);
		}
		g->seq++;
		g->ts += (uint32_t)(r->ptime_ps / 125000000u);  /* 8 kHz RTP clock */
	} else {
		const struct scen_bulk *b = &sc->bulk[g->entry];
		if (b->ipv6)
			memcpy(src_ip, e->ctl_ipv6, 16);
		if (ring_full(e->gp_appq)) {
			e->app_blocked++;             /* the application would block */
		} else if (tx_new(e, 0, TX_APP, b->frame_size + 64, &id) == 0) {
			struct fr *f = &e->pool[id];
			size_t hdr = (b->ipv6 ? 54 : 34) + (b->proto == BULK_TCP ? 20 : 8);
			size_t pl = b->frame_size > hdr ? b->frame_size - hdr : 0;
			if (pl > sizeof payload)
				pl = sizeof payload;
			memset(payload, 0x42, pl);
			size_t n;
			if (b->proto == BULK_TCP)
				n = frame_build_tcp(f->buf, f->bufcap, b->dst_mac, e->ctl_mac, b->ipv6, src_ip,
				                    b->dst_ip, b->sport, b->dport, (uint32_t)(g->k * pl), 0,
				                    0x18, payload, pl, (uint16_t)g->k);
			else
				n = frame_build_udp(f->buf, f->bufcap, b->dst_mac, e->ctl_mac, b->ipv6, src_ip,
				                    b->dst_ip, b->sport, b->dport, payload, pl, (uint16_t)g->k);
			f->caplen = f->wirelen = (uint32_t)n;
			tx_submit(e, id);
		}
	}
	g->k++;
	gen_schedule(e, gi);
}

static void on_timeline(struct eng *e, uint32_t i)
{
	const struct scen_tl *tl = &e->sc->tl[i];
	switch (tl->kind) {
	case TL_RELINQUISH:
	case TL_CLAIM:
		ring_push(e->rt_ctlq, i);
		th_wake(e, T_RT_CTRL);
		break;
	case TL_GP_BIND:
	case TL_GP_UNBIND: {
		enum ports_err pe = tl->kind == TL_GP_BIND ? ports_gp_bind(e->ports, (uint16_t)tl->num)
		                                           : ports_gp_unbind(e->ports, (uint16_t)tl->num);
		e->port_ops++;
		if (pe != PORTS_OK)
			e->port_refused++;
		ev_line(e, e->cpu_t, NULL, 0, false, tl->kind == TL_GP_BIND ? "gp-bind" : "gp-unbind",
		        pe == PORTS_OK ? "ok" : "refused");
		break;
	}
	default:                              /* an interface command typed in GP */
		e->ctl_sent++;
		if (!ring_push(e->gp_ctlq, i))
			e->ctl_dropped++;
		th_wake(e, T_GP_CTRL);
		break;
	}
}

/* ---- summary.json ----------------------------------------------------------- */
static void json_ns(struct tw *w, const struct eng *e, uint64_t cyc)
{
	tw_fix(w, cyc_to_ps(e, cyc), 3);
}

static void json_counts(struct tw *w, const uint64_t *v, int n, const char *(*name)(int))
{
	bool first = true;
	tw_ch(w, '{');
	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		tw_printf(w, "%s\"%s\": ", first ? "" : ", ", name(i));
		tw_u64(w, v[i]);
		first = false;
	}
	tw_ch(w, '}');
}

static const char *reason_name_i(int i) { return verdict_reason_name((enum verdict_reason)i); }

static void share(struct tw *w, uint64_t part, uint64_t total)
{
	/* six decimals, exact integer rounding down */
	uint64_t v = total ? (uint64_t)(((unsigned __int128)part * 1000000u) / total) : 0;
	tw_fix(w, v, 6);
}

static int write_summary(struct eng *e, const struct engine_stats *st, char *err, size_t errlen)
{
	struct tw w;
	if (tw_open(&w, e->opt->outdir, "summary.json", err, errlen) < 0)
		return -1;
	const char *tr = e->sc->trace ? strrchr(e->sc->trace, '/') : NULL;
	tr = tr ? tr + 1 : e->sc->trace;
	tw_printf(&w, "{\n  \"nicshare\": \"%s\",\n", PACKAGE_VERSION);
	tw_printf(&w, "  \"scenario\": \"%s\",\n", e->sc->name ? e->sc->name : "default");
	tw_printf(&w, "  \"input\": {\"capture\": \"%s\", \"frames\": ", tr ? tr : "");
	tw_u64(&w, e->frames);
	tw_str(&w, ", \"timestamps_backwards\": ");
	tw_u64(&w, e->ts_backwards);
	tw_str(&w, ", \"queued_on_wire\": ");
	tw_u64(&w, e->rx_late);
	tw_str(&w, "},\n  \"decisions\": {");
	for (int d = 0; d < DEC__COUNT; d++) {
		tw_printf(&w, "%s\"%s\": ", d ? ", " : "", verdict_decision_name((enum verdict_decision)d));
		tw_u64(&w, e->dec_count[d]);
	}
	tw_str(&w, "},\n  \"reasons\": {");
	for (int d = 0; d < DEC__COUNT; d++) {
		tw_printf(&w, "%s\"%s\": ", d ? ", " : "", verdict_decision_name((enum verdict_decision)d));
		json_counts(&w, e->reason_count[d], R__COUNT, reason_name_i);
	}
	tw_str(&w, "},\n  \"drops\": ");
	json_counts(&w, e->reason_count[DEC_DROP], R__COUNT, reason_name_i);
	tw_str(&w, ",\n  \"outgoing\": {\"generated\": ");
	tw_u64(&w, e->out_generated);
	tw_str(&w, ", \"sent\": ");
	tw_u64(&w, e->out_sent);
	tw_str(&w, ", \"unfinished\": ");
	tw_u64(&w, e->out_unfinished);
	tw_str(&w, ", \"app_blocked\": ");
	tw_u64(&w, e->app_blocked);
	tw_str(&w, ", \"drops\": ");
	json_counts(&w, e->out_drop, R__COUNT, reason_name_i);
	tw_str(&w, "},\n  \"latency\": {\n");
	static const uint32_t ppm[] = {500000, 900000, 990000, 999000};
	static const char *const pn[] = {"p50", "p90", "p99", "p99.9"};
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct hist *h = &e->lat[k];
		tw_printf(&w, "    \"%s\": {\"count\": ", scen_class_name((enum scen_class)k));
		tw_u64(&w, h->count);
		if (h->count) {
			tw_str(&w, ", \"min_ns\": ");
			json_ns(&w, e, h->min);
			tw_str(&w, ", \"mean_ns\": ");
			json_ns(&w, e, hist_mean(h));
			for (int i = 0; i < 4; i++) {
				tw_printf(&w, ", \"%s_ns\": ", pn[i]);
				json_ns(&w, e, hist_pct(h, ppm[i]));
			}
			tw_str(&w, ", \"max_ns\": ");
			json_ns(&w, e, h->max);
			tw_str(&w, ", \"min_cycles\": ");
			tw_u64(&w, h->min);
			tw_str(&w, ", \"p50_cycles\": ");
			tw_u64(&w, hist_pct(h, 500000));
			tw_str(&w, ", \"p99_cycles\": ");
			tw_u64(&w, hist_pct(h, 990000));
			tw_str(&w, ", \"max_cycles\": ");
			tw_u64(&w, h->max);
		}
		tw_printf(&w, "}%s\n", k + 1 < CLS__COUNT ? "," : "");
	}
	tw_str(&w, "  },\n  \"percentile_method\": \"nearest rank on a log-linear histogram: exact "
	           "below 2048 cycles, else within 1/1024 (0.098%) of the exact value; min, mean, "
	           "max exact\",\n");
	uint64_t tot = e->busy[0] + e->busy[1] + e->busy[2] + e->busy[3];
	tw_str(&w, "  \"cpu_share\": {\"rt\": ");
	share(&w, e->busy[WHO_RT], tot);
	tw_str(&w, ", \"gp\": ");
	share(&w, e->busy[WHO_GP], tot);
	tw_str(&w, ", \"idle\": ");
	share(&w, e->busy[WHO_IDLE], tot);
	tw_str(&w, ", \"switch\": ");
	share(&w, e->busy[WHO_SWITCH], tot);
	tw_str(&w, "},\n  \"cpu_cycles\": {\"rt\": ");
	tw_u64(&w, e->busy[WHO_RT]);
	tw_str(&w, ", \"gp\": ");
	tw_u64(&w, e->busy[WHO_GP]);
	tw_str(&w, ", \"idle\": ");
	tw_u64(&w, e->busy[WHO_IDLE]);
	tw_str(&w, ", \"switch\": ");
	tw_u64(&w, e->busy[WHO_SWITCH]);
	tw_str(&w, "},\n  \"interrupts\": {\"raised\": ");
	tw_u64(&w, e->irq_raised);
	tw_str(&w, ", \"merged\": ");
	tw_u64(&w, e->irq_merged);
	tw_str(&w, "},\n  \"queues_high_water\": {\"rx_ring\": ");
	tw_u64(&w, ring_high_water(nic_rx_ring(e->nic)));
	tw_str(&w, ", \"tx_ring\": ");
	tw_u64(&w, ring_high_water(nic_tx_ring(e->nic)));
	tw_str(&w, ", \"data_out\": ");
	tw_u64(&w, ring_high_water(e->ch_out));
	tw_str(&w, ", \"data_in\": ");
	tw_u64(&w, ring_high_water(e->ch_in));
	tw_str(&w, ", \"control\": ");
	tw_u64(&w, ring_high_water(e->ch_ctl));
	tw_str(&w, ", \"gp_backlog\": ");
	tw_u64(&w, ring_high_water(e->gp_backlog));
	tw_str(&w, "},\n  \"control\": {\"commands\": ");
	tw_u64(&w, e->ctl_sent);
	tw_str(&w, ", \"applied\": ");
	tw_u64(&w, e->ctl_applied);
	tw_str(&w, ", \"dropped\": ");
	tw_u64(&w, e->ctl_dropped);
	tw_str(&w, ", \"port_ops\": ");
	tw_u64(&w, e->port_ops);
	tw_str(&w, ", \"port_refused\": ");
	tw_u64(&w, e->port_refused);
	tw_str(&w, "},\n  \"arp_updates\": {\"rt\": ");
	tw_u64(&w, arp_updates(e->arp_rt));
	tw_str(&w, ", \"gp\": ");
	tw_u64(&w, arp_updates(e->arp_gp));
	tw_str(&w, "},\n  \"events_processed\": ");
	tw_u64(&w, e->events);
	tw_str(&w, ",\n  \"simulated_cycles\": ");
	tw_u64(&w, st->end_cycle);
	tw_str(&w, ",\n  \"simulated_ns\": ");
	json_ns(&w, e, st->end_cycle);
	tw_str(&w, ",\n  \"cpu_hz\": ");
	tw_u64(&w, e->hz);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	tw_printf(&w, ",\n  \"wall\": {\"seconds\": %.6f, \"frames_per_second\": %.0f, "
	          "\"max_rss_kb\": %ld}\n}\n",
	          st->wall_s, st->wall_s > 0 ? (double)e->frames / st->wall_s : 0.0, ru.ru_maxrss);
	return tw_close(&w, 1, err, errlen);
}

/* ---- set-up and the loop ---------------------------------------------------- */
static struct ring *mkring(struct eng *e, uint64_t cap)
{
	struct ring *r = ring_create((uint32_t)cap);
	if (!r && !e->fatal) {
		snprintf(e->errbuf, sizeof e->errbuf, "cannot allocate a ring of %llu slots",
		         (unsigned long long)cap);
		e->fatal = 2;
	}
	return r;
}

static int eng_setup(struct eng *e)
{
	const struct scenario *sc = e->sc;
	e->c = sc->costs;
	e->hz = e->c.v[C_CPU_HZ];
	evq_init(&e->q);
	for (int k = 0; k < CLS__COUNT; k++)
		hist_init(&e->lat[k]);
	struct nic_cfg nc = {0};
	memcpy(nc.mac, sc->mac, 6);
	memcpy(e->ctl_mac, sc->mac, 6);
	e->ctl_ipv4 = sc->ipv4;
	memcpy(e->ctl_ipv6, sc->ipv6, 16);
	nc.promiscuous = sc->promiscuous;
	nc.multicast = sc->multicast;
	nc.up = sc->up;
	nc.mtu = (uint32_t)e->c.v[C_NIC_MTU];
	nc.rx_ring = (uint32_t)e->c.v[C_NIC_RX_RING];
	nc.tx_ring = (uint32_t)e->c.v[C_NIC_TX_RING];
	nc.itr_interval = cost_cycles(&e->c, C_NIC_ITR_INTERVAL);
	nc.rx_delay = cost_cycles(&e->c, C_NIC_RX_DELAY);
	nc.rx_abs_delay = cost_cycles(&e->c, C_NIC_RX_ABS_DELAY);
	e->nic = nic_create(&nc);
	e->ports = ports_create();
	struct txs_cfg tc = {sc->txs, (uint32_t)e->c.v[C_TXS_RT_QUEUE], (uint32_t)e->c.v[C_TXS_GP_QUEUE],
	                     e->hz, e->c.v[C_TXS_GP_RATE], e->c.v[C_TXS_GP_BURST]};
	e->txs = txs_create(&tc);
	e->arp_rt = arp_create((uint32_t)e->c.v[C_ARP_ENTRIES]);
	e->arp_gp = arp_create((uint32_t)e->c.v[C_ARP_ENTRIES]);
	if (!e->nic || !e->ports || !e->txs || !e->arp_rt || !e->arp_gp) {
		snprintf(e->errbuf, sizeof e->errbuf, "cannot create the model (out of memory?)");
		return -1;
	}
	e->ch_out = mkring(e, e->c.v[C_PROXY_DATA_OUT]);
	e->ch_in = mkring(e, e->c.v[C_PROXY_DATA_IN]);
	e->ch_ctl = mkring(e, e->c.v[C_PROXY_CONTROL]);
	e->gp_backlog = mkring(e, e->c.v[C_GP_SOCKET_QUEUE]);
	e->rt_appq = mkring(e, APPQ_CAP);
	e->gp_appq = mkring(e, APPQ_CAP);
	e->gp_ctlq = mkring(e, sc->n_tl + 1);
	e->rt_ctlq = mkring(e, sc->n_tl + 1);
	e->tx_dmaq = mkring(e, e->c.v[C_NIC_TX_RING]);
	if (e->fatal)
		return -1;
	uint16_t bad = 0;
	enum ports_err pe = ports_boot(e->ports, sc->rt_ports, sc->n_rt_ports, &bad);
	if (pe != PORTS_OK) {
		snprintf(e->errbuf, sizeof e->errbuf, "rt.udp_ports: port %u: %s", bad, ports_strerror(pe));
		return -1;
	}
	for (size_t i = 0; i < sc->n_gp_ports; i++) {
		pe = ports_gp_bind(e->ports, sc->gp_ports[i]);
		if (pe != PORTS_OK) {
			snprintf(e->errbuf, sizeof e->errbuf, "gp.udp_ports: port %u: %s", sc->gp_ports[i],
			         ports_strerror(pe));
			return -1;
		}
	}
	e->dcfg.policy = sc->disp;
	e->dcfg.tdma_frame = cost_cycles(&e->c, C_TDMA_FRAME);
	e->dcfg.tdma_rt_slice = cost_cycles(&e->c, C_TDMA_RT_SLICE);
	e->dcfg.world_switch = e->c.v[C_WORLD_SWITCH];
	const char *why = disp_check(&e->dcfg);
	if (why) {
		snprintf(e->errbuf, sizeof e->errbuf, "dispatcher: %s", why);
		return -1;
	}
	wire_init(&e->rxw, e->hz, e->c.v[C_LINK_BPS]);
	wire_init(&e->txw, e->hz, e->c.v[C_LINK_BPS]);
	e->ctx = WHO_RT;           /* RT boots first (Fig. 5) */
	e->cur_who = WHO_IDLE;
	e->cur_why = WHY_START;
	e->ro.base = 1;            /* capture indexes are 1-based */
	e->end_cycle = sc->duration_ps ? ps_to_cyc(e, sc->duration_ps) : UINT64_MAX;

	/* traffic sources */
	size_t n = sc->n_bulk;
	for (size_t i = 0; i < sc->n_rtp; i++)
		n += sc->rtp[i].channels ? sc->rtp[i].channels : 1;
	e->gens = calloc(n ? n : 1, sizeof *e->gens);
	if (!e->gens)
		return -1;
	for (size_t i = 0; i < sc->n_rtp; i++) {
		const struct scen_rtp *r = &sc->rtp[i];
		uint32_t ch = r->channels ? r->channels : 1;
		for (uint32_t c = 0; c < ch; c++) {
			struct gen *g = &e->gens[e->ngens++];
			g->rtp = 1;
			g->entry = (uint32_t)i;
			g->chan = c;
			g->start_ps = r->start_ps + c * r->stagger_ps;
			g->period_ps_num = r->ptime_ps;
			g->period_den = 1;
			g->end_ps = r->duration_ps ? r->start_ps + r->duration_ps : UINT64_MAX;
			g->seq = (uint16_t)(c * 1000);
		}
	}
	for (size_t i = 0; i < sc->n_bulk; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		struct gen *g = &e->gens[e->ngens++];
		g->entry = (uint32_t)i;
		g->start_ps = b->start_ps;
		/* one frame every frame_size*8 bits at rate: exact rational period */
		g->period_ps_num = (uint64_t)b->frame_size * 8u * 1000000000000ull;
		g->period_den = b->rate_bps;
		g->end_ps = b->duration_ps ? b->start_ps + b->duration_ps : UINT64_MAX;
	}
	for (uint32_t i = 0; i < e->ngens; i++)
		gen_schedule(e, i);
	for (size_t i = 0; i < sc->n_tl; i++) {
		uint64_t t = ps_to_cyc(e, sc->tl[i].at_ps);
		if (t < e->end_cycle)
			evq_push(&e->q, t, EC_TIMELINE, EV_TIMELINE, (uint32_t)i);
	}
	if (e->end_cycle != UINT64_MAX)
		evq_push(&e->q, e->end_cycle, EC_END, EV_END, 0);
	return 0;
}

static double wall_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(struct eng *e, bool last)
{
	double w = wall_since(&e->wall0);
	if ((!last && w < 1.0) || (last && !e->progress_next))
		return;              /* only runs longer than a second show it */
	e->progress_next = 1;
	double sim = (double)e->cpu_t / (double)e->hz;
	fprintf(e->err, "\r%12llu frames  %10.6f s simulated  %9.0f frames/s%s",
	        (unsigned long long)e->frames, sim, w > 0 ? (double)e->frames / w : 0.0,
	        last ? "\n" : "");
	fflush(e->err);
}

/* Run until nothing is left (or run.duration). */
static void eng_loop(struct eng *e)
{
	input_advance(e);
	for (;;) {
		if (e->fatal)
			return;
		uint64_t t = next_external(e);
		cpu_run(e, t);
		if (e->fatal)
			return;
		t = next_external(e);
		if (t == UINT64_MAX) {
			if (!e->ready && !e->switching)
				return;
			continue;    /* cpu_run returned on new events; go on */
		}
		if (e->cpu_t < t)
			continue;
		/* input first when it ties with events of a later class */
		if (e->have_next && e->next_t == t &&
		    (e->q.n == 0 || e->q.h[0].t > t || (e->q.h[0].key >> 56) > EC_RX_FRAME)) {
			e->events++;
			on_input(e);
			continue;
		}
		struct evq_ev ev;
		evq_pop(&e->q, &ev);
		e->events++;
		if ((e->events & 0xfff) == 0 && e->opt->stop && *e->opt->stop) {
			snprintf(e->errbuf, sizeof e->errbuf, "interrupted at cycle %llu (frame %llu): "
			         "the run is abandoned, no output is kept",
			         (unsigned long long)e->cpu_t, (unsigned long long)e->frames);
			e->fatal = 2;
			return;
		}
		if (e->opt->progress && (e->events & 0x3ffff) == 0)
			progress(e, false);
		switch ((enum ev_type)ev.type) {
		case EV_TX_WIRE_END: on_tx_wire_end(e, ev.arg); break;
		case EV_RX_DMA_DONE: on_rx_dma_done(e, ev.arg); break;
		case EV_IRQ_TIMER: on_irq_timer(e); break;
		case EV_IRQ_TAKE: on_irq_take(e); break;
		case EV_TX_DMA_DONE: on_tx_dma_done(e, ev.arg); break;
		case EV_TIMELINE: on_timeline(e, ev.arg); break;
		case EV_GEN: on_gen(e, ev.arg); break;
		case EV_END: e->ended = true; return;
		}
	}
}

/* run.duration reached: what is still in flight ends as unfinished, and
 * the capture's remaining frames are listed as not received. */
static void eng_finish_unfinished(struct eng *e)
{
	for (uint32_t i = 0; i < e->npool; i++) {
		if (!e->pool[i].in_use)
			continue;
		if (e->pool[i].kind == FK_RX)
			rx_final(e, i, DEC_DROP, R_UNFINISHED);
		else
			tx_final(e, i, R_UNFINISHED, e->cpu_t);
	}
	if (e->have_next) {
		if (!e->next_own)      /* an own frame already has skip own-tx */
			ro_set(e, e->nf.index, DEC_SKIP, R_UNFINISHED);
		e->have_next = false;
	}
	while (!e->input_done) {
		int rc = capin_next(e->cap, &e->nf, e->errbuf, sizeof e->errbuf);
		if (rc <= 0) {
			if (rc < 0)
				e->fatal = 2;
			break;
		}
		e->frames++;
		ro_set(e, e->nf.index, DEC_SKIP, R_UNFINISHED);
	}
}

/* A1: every frame in exactly one terminal state. */
static int eng_conservation(struct eng *e)
{
	uint64_t sum = 0;
	for (int d = 0; d < DEC__COUNT; d++)
		sum += e->dec_count[d];
	uint64_t odrop = 0;
	for (int r = 0; r < R__COUNT; r++)
		odrop += e->out_drop[r];
	int bad = 0;
	if (sum != e->frames || e->ro.base != e->frames + 1) {
		fprintf(e->err, "nicshare: conservation violated: %llu input frames, %llu terminal "
		        "states, routing written up to frame %llu\n", (unsigned long long)e->frames,
		        (unsigned long long)sum, (unsigned long long)(e->ro.base - 1));
		bad = 1;
	}
	if (e->out_generated != e->out_sent + odrop + e->out_unfinished) {
		fprintf(e->err, "nicshare: conservation violated: %llu outgoing frames generated, "
		        "%llu sent, %llu dropped, %llu unfinished\n",
		        (unsigned long long)e->out_generated, (unsigned long long)e->out_sent,
		        (unsigned long long)odrop, (unsigned long long)e->out_unfinished);
		bad = 1;
	}
	if (e->in_flight != 0) {
		fprintf(e->err, "nicshare: conservation violated: %u frames still held at the end\n",
		        e->in_flight);
		bad = 1;
	}
	return bad;
}

static void eng_close_dispatch(struct eng *e)
{
	if (e->cpu_t > e->cur_start) {
		int who = e->cur_who;
		rec(e, who == WHO_IDLE ? WHO_RT : WHO_IDLE, WHY_END);
	}
}

static void eng_free(struct eng *e)
{
	for (uint32_t i = 0; i < e->pool_cap; i++)
		free(e->pool[i].buf);
	free(e->pool);
	free(e->freel);
	free(e->ro.v);
	free(e->gens);
	for (int k = 0; k < CLS__COUNT; k++)
		hist_free(&e->lat[k]);
	struct ring *rs[] = {e->ch_out, e->ch_in, e->ch_ctl, e->gp_backlog, e->rt_appq, e->gp_appq,
	                     e->gp_ctlq, e->rt_ctlq, e->tx_dmaq};
	for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
		if (rs[i])
			ring_destroy(rs[i]);
	if (e->nic)
		nic_destroy(e->nic);
	if (e->ports)
		ports_destroy(e->ports);
	if (e->txs)
		txs_destroy(e->txs);
	if (e->arp_rt)
		arp_destroy(e->arp_rt);
	if (e->arp_gp)
		arp_destroy(e->arp_gp);
	if (e->cap)
		capin_close(e->cap);
	evq_free(&e->q);
}

static int open_outputs(struct eng *e)
{
	static const struct { int k; const char *name; const char *hdr; } t[] = {
		{OUT_ROUTING, "routing.tsv", "frame\tdecision\treason\n"},
		{OUT_EVENTS, "events.tsv", "cycle\tframe\tstage\tdetail\n"},
		{OUT_LATENCY, "latency.tsv", "frame\tclass\tstart_cycle\tend_cycle\tcycles\tns\n"},
		{OUT_DISPATCH, "dispatch.tsv", "start_cycle\tend_cycle\twho\twhy\n"},
	};
	struct tw *w[] = {&e->w_routing, &e->w_events, &e->w_latency, &e->w_dispatch};
	for (int i = 0; i < 4; i++) {
		if (!want(e, (enum out_kind)t[i].k))
			continue;
		if (tw_open(w[i], e->opt->outdir, t[i].name, e->errbuf, sizeof e->errbuf) < 0)
			return -1;
		tw_str(w[i], t[i].hdr);
	}
	if (want(e, OUT_CAPTURES)) {
		static const char *const cn[] = {"wire-tx.pcap", "rt-rx.pcap", "gp-rx.pcap"};
		struct capout **cp[] = {&e->c_wire, &e->c_rt, &e->c_gp};
		for (int i = 0; i < 3; i++) {
			char *p = path_join(e->opt->outdir, cn[i]);
			*cp[i] = p ? capout_open(p, 262144, e->errbuf, sizeof e->errbuf) : NULL;
			free(p);
			if (!*cp[i])
				return -1;
		}
	}
	return 0;
}

static int close_outputs(struct eng *e, int commit)
{
	int rc = 0;
	char err[512];
	struct tw *w[] = {&e->w_routing, &e->w_events, &e->w_latency, &e->w_dispatch};
	for (int i = 0; i < 4; i++)
		if (tw_close(w[i], commit, err, sizeof err) < 0 && commit) {
			fprintf(e->err, "nicshare: %s\n", err);
			rc = -1;
		}
	struct capout **cp[] = {&e->c_wire, &e->c_rt, &e->c_gp};
	for (int i = 0; i < 3; i++) {
		if (*cp[i] && capout_close(*cp[i], commit, err, sizeof err) < 0 && commit) {
			fprintf(e->err, "nicshare: %s\n", err);
			rc = -1;
		}
		*cp[i] = NULL;
	}
	return rc;
}

int engine_run(const struct scenario *sc, const struct engine_opts *o, struct engine_stats *st,
               FILE *err)
{
	struct eng *e = calloc(1, sizeof *e);
	if (!e) {
		fprintf(err, "nicshare: out of memory\n");
		return 2;
	}
	e->sc = sc;
	e->opt = o;
	e->err = err;
	e->outs = o->outputs;
	e->input_done = true;
	clock_gettime(CLOCK_MONOTONIC, &e->wall0);
	int rc = 2;
	if (eng_setup(e) < 0)
		goto fail;
	if (sc->trace) {
		e->cap = capin_open(sc->trace, sc->mac, e->errbuf, sizeof e->errbuf);
		if (!e->cap)
			goto fail;
		e->input_done = false;
	}
	if (open_outputs(e) < 0)
		goto fail;
	eng_loop(e);
	if (e->fatal)
		goto fail;
	if (e->ended)
		eng_finish_unfinished(e);
	if (e->fatal)
		goto fail;
	eng_close_dispatch(e);
	ro_flush(e);
	rc = eng_conservation(e);
	memset(st, 0, sizeof *st);
	st->end_cycle = e->cpu_t;
	st->frames = e->frames;
	st->events = e->events;
	st->wall_s = wall_since(&e->wall0);
	st->hz = e->hz;
	memcpy(st->dec, e->dec_count, sizeof st->dec);
	memcpy(st->reason, e->reason_count, sizeof st->reason);
	st->out_generated = e->out_generated;
	st->out_sent = e->out_sent;
	memcpy(st->out_drop, e->out_drop, sizeof st->out_drop);
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct hist *h = &e->lat[k];
		struct engine_lat *l = &st->lat[k];
		l->count = h->count;
		if (!h->count)
			continue;
		l->min = h->min;
		l->max = h->max;
		l->mean = hist_mean(h);
		l->p50 = hist_pct(h, 500000);
		l->p90 = hist_pct(h, 900000);
		l->p99 = hist_pct(h, 990000);
		l->p999 = hist_pct(h, 999000);
		memcpy(l->top, h->top, sizeof l->top);
		l->ntop = h->ntop;
	}
	if (o->progress)
		progress(e, true);
	if (e->ts_backwards && !o->quiet)
		fprintf(err, "nicshare: %s: %llu timestamps went backwards; each such frame was taken "
		        "to arrive with the frame before it\n", sc->trace,
		        (unsigned long long)e->ts_backwards);
	if (want(e, OUT_SUMMARY) && write_summary(e, st, e->errbuf, sizeof e->errbuf) < 0) {
		fprintf(err, "nicshare: %s\n", e->errbuf);
		rc = 2;
	}
	if (close_outputs(e, rc != 2) < 0)
		rc = 2;
	eng_free(e);
	free(e);
	return rc;
fail:
	if (o->progress)
		fputc('\n', err);
	if (e->frames && e->fatal)
		fprintf(err, "nicshare: %s\n", e->errbuf);
	else
		fprintf(err, "nicshare: %s\n", e->errbuf);
	close_outputs(e, 0);
	eng_free(e);
	free(e);
	return 2;
}

int engine_classify(const struct scenario *sc, FILE *out, FILE *err)
{
	char ebuf[512];
	if (!sc->trace) {
		fprintf(err, "nicshare classify: no capture: give --trace FILE or trace.file\n");
		return 2;
	}
	struct nic_cfg nc = {0};
	memcpy(nc.mac, sc->mac, 6);
	nc.promiscuous = sc->promiscuous;
	nc.multicast = sc->multicast;
	nc.up = sc->up;
	nc.mtu = (uint32_t)sc->costs.v[C_NIC_MTU];
	nc.rx_ring = nc.tx_ring = 1;
	struct nic *nic = nic_create(&nc);
	struct ports *ports = ports_create();
	uint16_t bad = 0;
	if (!nic || !ports || ports_boot(ports, sc->rt_ports, sc->n_rt_ports, &bad) != PORTS_OK) {
		fprintf(err, "nicshare classify: cannot set up the model\n");
		if (nic)
			nic_destroy(nic);
		if (ports)
			ports_destroy(ports);
		return 2;
	}
	for (size_t i = 0; i < sc->n_gp_ports; i++)
		ports_gp_bind(ports, sc->gp_ports[i]);
	struct capin *c = capin_open(sc->trace, sc->mac, ebuf, sizeof ebuf);
	if (!c) {
		fprintf(err, "nicshare: %s\n", ebuf);
		nic_destroy(nic);
		ports_destroy(ports);
		return 2;
	}
	fputs("frame\tdecision\treason\n", out);
	struct capin_frame f;
	int rc;
	while ((rc = capin_next(c, &f, ebuf, sizeof ebuf)) == 1) {
		struct frame_info fi;
		frame_parse(f.data, f.caplen, f.wirelen, &fi);
		int d, r;
		if (f.dir == CAPIN_DIR_OUT || nic_is_own_tx(nic, &fi)) {
			d = DEC_SKIP;
			r = R_OWN_TX;
		} else if ((r = nic_filter(nic, &fi)) >= 0) {
			d = DEC_DROP;
		} else {
			struct classify_result cr = classify_frame(&fi, ports);
			d = cr.decision;
			r = cr.reason;
		}
		fprintf(out, "%llu\t%s\t%s\n", (unsigned long long)f.index,
		        verdict_decision_name((enum verdict_decision)d),
		        verdict_reason_name((enum verdict_reason)r));
	}
	if (rc < 0)
		fprintf(err, "nicshare: %s\n", ebuf);
	capin_close(c);
	nic_destroy(nic);
	ports_destroy(ports);
	return rc < 0 ? 2 : 0;
}
