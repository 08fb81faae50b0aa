/* cpu.c - the processor, its threads and the dispatcher, see cpu.h.
 * Models: dispatcher 400 of Fig. 2 (SPEC D1-D3); the threads of Figs. 7-8
 * run here as jobs. */
#include "cpu.h"

#include <assert.h>
#include <stdlib.h>

struct thread {
	uint64_t remaining;   /* cycles left of the current job */
	cpu_done_fn *done;    /* continuation; NULL: no job */
	void *done_ctx;
	uint32_t arg;
	cpu_next_fn *next;
	void *next_ctx;
};

struct cpu {
	struct cpu_clock clk;   /* first: cpu_now() reads it; the node's clock */
	struct disp_cfg cfg;
	struct evq *q;
	struct trace *tr;
	struct thread th[T__COUNT];
	uint32_t ready;         /* bit per thread with a job */
	int ctx;                /* loaded OS: WHO_RT or WHO_GP */
	bool switching;
	uint64_t switch_end;
	int switch_to;
	int cur_who;            /* interval being recorded */
	uint64_t cur_start;
	int cur_why;
	uint64_t busy[4];       /* cycles by enum disp_who */
	uint64_t borrow_frame;  /* tdma-preempt: the TDMA frame whose GP slice ... */
	uint64_t borrowed;      /* ... RT has borrowed this many cycles of */
	int rejob;              /* thread whose continuation is running, -1 */
	bool rejobbed;          /* ... and it was given a new job */
	/* split: GP's own processor; the recorder above is RT's */
	bool gp_busy;
	uint64_t gp_start;      /* its current busy interval began here */
};

static inline uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

struct cpu *cpu_create(const struct disp_cfg *cfg, struct evq *q, struct trace *tr)
{
	struct cpu *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cfg = *cfg;
	c->q = q;
	c->tr = tr;
	c->ctx = WHO_RT;        /* RT boots first (Fig. 5) */
	c->cur_who = WHO_IDLE;
	c->cur_why = WHY_START;
	c->rejob = -1;
	return c;
}

void cpu_destroy(struct cpu *c) { free(c); }

void cpu_thread(struct cpu *c, enum cpu_thread t, cpu_next_fn *next, void *ctx)
{
	c->th[t].next = next;
	c->th[t].next_ctx = ctx;
}

void cpu_job(struct cpu *c, enum cpu_thread t, uint64_t cost, cpu_done_fn *done, void *ctx,
             uint32_t arg)
{
	struct thread *th = &c->th[t];
	/* one job per thread: a new job only for a sleeping thread, or from
	 * the continuation of the job that just ended */
	assert(th->done == NULL || (c->rejob == (int)t && !c->rejobbed));
	assert(done);
	th->done = done;
	th->done_ctx = ctx;
	th->arg = arg;
	th->remaining = cost;
	c->ready |= 1u << t;
	if (c->rejob == (int)t)
		c->rejobbed = true;
}

/* Ask thread t for its next job; asleep when it has none. */
static void next(struct cpu *c, enum cpu_thread t)
{
	struct thread *th = &c->th[t];
	th->done = NULL;
	th->next(th->next_ctx);
	if (!th->done)
		c->ready &= ~(1u << t);
}

void cpu_wake(struct cpu *c, enum cpu_thread t)
{
	if (c->th[t].done == NULL)
		next(c, t);
}

bool cpu_sleeping(const struct cpu *c, enum cpu_thread t) { return c->th[t].done == NULL; }

void cpu_set_now(struct cpu *c, uint64_t t)
{
	assert(t >= c->clk.t);
	c->clk.t = t;
}

bool cpu_has_work(const struct cpu *c) { return c->ready || c->switching; }
uint64_t cpu_cycles(const struct cpu *c, enum disp_who who) { return c->busy[who]; }

/* The job of thread t has spent its cycles: run its continuation; if that
 * gave the thread no new job, the thread looks for its next one. During the
 * continuation the thread still counts as busy (not sleeping). */
static void finish(struct cpu *c, enum cpu_thread t)
{
	struct thread *th = &c->th[t];
	assert(th->done && th->remaining == 0);
	int prev = c->rejob;
	bool prevj = c->rejobbed;
	c->rejob = (int)t;
	c->rejobbed = false;
	th->done(th->done_ctx, th->arg);
	bool again = c->rejobbed;
	c->rejob = prev;
	c->rejobbed = prevj;
	if (!again)
		next(c, t);
}

static int why_for(const struct cpu *c, int who)
{
	bool tdma = c->cfg.policy == DISP_TDMA || c->cfg.policy == DISP_TDMA_PREEMPT;
	uint64_t ph = tdma ? c->clk.t % c->cfg.tdma_frame : 1;
	switch (who) {
	case WHO_IDLE:
		return c->cur_who == WHO_GP ? WHY_GP_DONE : WHY_RT_DONE;
	case WHO_SWITCH:
		if (tdma && ph == 0)
			return WHY_SLICE_RT;
		if (tdma && ph == c->cfg.tdma_rt_slice)
			return WHY_SLICE_GP;
		return c->switch_to == WHO_RT ? WHY_RT_WORK : WHY_RT_DONE;
	case WHO_RT:
		return c->cur_who == WHO_SWITCH ? WHY_SWITCH_DONE : WHY_RT_WORK;
	default:
		return c->cur_who == WHO_SWITCH ? WHY_SWITCH_DONE : WHY_GP_WORK;
	}
}

/* Close the current interval and open one for `who` from now on, for
 * reason `why`. */
static void rec_change(struct cpu *c, int who, int why)
{
	uint64_t t = c->clk.t;
	if (t > c->cur_start) {
		c->busy[c->cur_who] += t - c->cur_start;
		trace_dispatch(c->tr, c->cur_start, t, (enum disp_who)c->cur_who,
		               (enum disp_why)c->cur_why);
	}
	c->cur_who = who;
	c->cur_start = t;
	c->cur_why = why;
}

/* Record who holds the CPU from now on. A run of the same holder is one
 * interval, except world switches: two back to back (a switch to GP, then
 * at once back to RT because an interrupt came during it) are two lines.
 * Called at every step of cpu_run: the common case (no change) is inline
 * and computes no reason. */
static inline void rec(struct cpu *c, int who)
{
	if (who == c->cur_who && (who != WHO_SWITCH || c->clk.t == c->cur_start))
		return;
	rec_change(c, who, why_for(c, who));
}

/* split: GP's processor changes between busy and idle now. Its busy
 * intervals go to dispatch.tsv as `gp` lines, beside RT's processor's own
 * `rt` and `idle` lines (they overlap in time); its idle time is not
 * recorded. */
static void gp_rec(struct cpu *c, bool busy)
{
	if (busy == c->gp_busy)
		return;
	uint64_t t = c->clk.t;
	if (busy) {
		c->gp_start = t;
	} else if (t > c->gp_start) {
		c->busy[WHO_GP] += t - c->gp_start;
		trace_dispatch(c->tr, c->gp_start, t, WHO_GP, WHY_GP_WORK);
	}
	c->gp_busy = busy;
}

/* split (the OSes on two processors): RT's highest ready thread and GP's
 * run at the same time, each on its own processor, up to the next event
 * or the first job that ends; at one instant RT's continuation runs first.
 * No world switch, no slices. */
static void run_split(struct cpu *c, uint64_t limit)
{
	for (;;) {
		uint64_t lim = min64(limit, evq_next_time(c->q));
		uint32_t rm = c->ready & CPU_RT_MASK, gm = c->ready & CPU_GP_MASK;
		rec(c, rm ? WHO_RT : WHO_IDLE);
		gp_rec(c, gm != 0);
		if (!rm && !gm) {
			if (evq_next_time(c->q) != UINT64_MAX)
				c->clk.t = lim;
			return;
		}
		enum cpu_thread tr = rm ? (enum cpu_thread)__builtin_ctz(rm) : T__COUNT;
		enum cpu_thread tg = gm ? (enum cpu_thread)__builtin_ctz(gm) : T__COUNT;
		uint64_t step = lim - c->clk.t;
		if (rm && c->th[tr].remaining < step)
			step = c->th[tr].remaining;
		if (gm && c->th[tg].remaining < step)
			step = c->th[tg].remaining;
		if (rm)
			c->th[tr].remaining -= step;   /* a preempted job keeps the rest (D2) */
		if (gm)
			c->th[tg].remaining -= step;
		c->clk.t += step;
		bool ended = false;
		if (rm && c->th[tr].remaining == 0) {
			finish(c, tr);
			ended = true;
		}
		/* still the same job (RT's continuation gives GP's threads no job
		 * directly: a sleeping thread is only woken) */
		if (gm && c->th[tg].done && c->th[tg].remaining == 0) {
			finish(c, tg);
			ended = true;
		}
		if (!ended && c->clk.t == lim)
			return;
	}
}

/* The dispatcher's choice now, for the ready threads. tdma-preempt: the
 * interrupt's work (handler, input thread) may borrow GP's slice within
 * the budget left in this frame (*frame, *left). */
static struct disp_choice decide(const struct cpu *c, uint64_t *frame, uint64_t *left)
{
	bool irq_work = c->ready & ((1u << T_RT_IRQ) | (1u << T_RT_INPUT));
	if (c->cfg.policy == DISP_TDMA_PREEMPT) {
		*frame = c->clk.t / c->cfg.tdma_frame;
		uint64_t used = *frame == c->borrow_frame ? c->borrowed : 0;
		*left = c->cfg.preempt_budget > used ? c->cfg.preempt_budget - used : 0;
	}
	return disp_decide(&c->cfg, c->clk.t, c->ready & CPU_RT_MASK, irq_work,
	                   c->ready & CPU_GP_MASK, *left);
}

uint64_t cpu_next_act(const struct cpu *c)
{
	if (c->switching || (c->ready && c->cfg.policy == DISP_SPLIT))
		return c->clk.t;
	if (!c->ready)
		return UINT64_MAX;
	uint64_t frame = 0, left = 0;
	struct disp_choice ch = decide(c, &frame, &left);
	return ch.who == WHO_IDLE ? ch.until : c->clk.t;
}

void cpu_run(struct cpu *c, uint64_t limit)
{
	if (c->cfg.policy == DISP_SPLIT) {
		run_split(c, limit);
		return;
	}
	for (;;) {
		uint64_t lim = min64(limit, evq_next_time(c->q));
		if (c->switching) {
			if (c->switch_end > lim) {
				c->clk.t = lim;
				return;
			}
			c->clk.t = c->switch_end;
			c->switching = false;
			c->ctx = c->switch_to;
			continue;
		}
		if (!c->ready) {
			rec(c, WHO_IDLE);
			/* idle up to the next event; with none scheduled the clock
			 * stays at the end of the last work, whatever the horizon
			 * (a node stepped to horizons records what a node run
			 * straight through records) */
			if (evq_next_time(c->q) != UINT64_MAX)
				c->clk.t = lim;
			return;
		}
		uint64_t frame = 0, left = 0;
		struct disp_choice ch = decide(c, &frame, &left);
		if (ch.who == WHO_IDLE) {
			rec(c, WHO_IDLE);
			uint64_t nx = min64(lim, ch.until);
			if (nx == UINT64_MAX)
				return;
			c->clk.t = nx;
			if (nx == lim)
				return;
			continue;
		}
		if ((int)ch.who != c->ctx) {
			c->switch_to = ch.who;
			if (c->cfg.world_switch == 0) {
				c->ctx = ch.who;
			} else {
				rec(c, WHO_SWITCH);
				c->switching = true;
				c->switch_end = c->clk.t + c->cfg.world_switch;
				continue;
			}
		}
		rec(c, ch.who);
		uint32_t m = c->ready & (ch.who == WHO_RT ? CPU_RT_MASK : CPU_GP_MASK);
		enum cpu_thread t = (enum cpu_thread)__builtin_ctz(m);
		struct thread *th = &c->th[t];
		uint64_t stop = min64(lim, ch.until);
		uint64_t room = stop - c->clk.t;
		/* RT running in GP's slice is borrowed time */
		bool borrowing = c->cfg.policy == DISP_TDMA_PREEMPT && ch.who == WHO_RT &&
		                 c->clk.t % c->cfg.tdma_frame >= c->cfg.tdma_rt_slice;
		uint64_t ran = th->remaining > room ? room : th->remaining;
		if (borrowing) {
			if (frame != c->borrow_frame) {
				c->borrow_frame = frame;
				c->borrowed = 0;
			}
			c->borrowed += ran;
		}
		if (th->remaining > room) {
			th->remaining -= room;   /* preempted or paused: keeps the rest (D2) */
			c->clk.t = stop;
			if (stop == lim)
				return;
			continue;
		}
		c->clk.t += th->remaining;
		th->remaining = 0;
		finish(c, t);
	}
}

void cpu_close(struct cpu *c)
{
	gp_rec(c, false);
	if (c->clk.t > c->cur_start) {
		int who = c->cur_who;
		rec_change(c, who == WHO_IDLE ? WHO_RT : WHO_IDLE, WHY_END);
	}
}
