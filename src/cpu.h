/* cpu.h - the processor both OSes share: its threads, the hardware
 * resource dispatcher 400 of Fig. 2 (model/disp.c decides), the world
 * switch, and the record of who held the CPU (dispatch.tsv, the Gantt
 * chart, the CPU shares). SPEC D1-D3.
 *
 * Each OS has fixed threads in priority order. A thread has at most one
 * job: a cost in cycles and a continuation (done), called when the cycles
 * are spent. When a job ends and its continuation gave the thread no new
 * job, the CPU asks the thread for its next one (its `next` function looks
 * at its inputs and calls cpu_job, or leaves the thread asleep).
 * A job of 0 cycles ends when its thread first gets the processor (after
 * any world switch, in its OS's slice): a thread that must act when it
 * starts running, not when it is woken, begins with one.
 * A preempted job keeps exactly its remaining cycles (D2). A change of the
 * loaded OS costs disp_cfg.world_switch cycles and is not preemptible.
 *
 * The CPU is not an event source: the node advances it inline up to the
 * next event (cpu_run), which keeps the cost per frame to a few heap
 * operations. Its clock is the node's clock. */
#ifndef NICSHARE_CPU_H
#define NICSHARE_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/disp.h"
#include "evq.h"
#include "trace.h"

/* Threads, highest priority first within each OS; RT's before GP's. */
enum cpu_thread {
	T_RT_IRQ = 0,     /* RT interrupt handler (Fig. 8b) */
	T_RT_INPUT,       /* RT input thread: read, classify, deliver (Fig. 8b) */
	T_RT_CTRL,        /* RT applies commands and port changes (Fig. 8c) */
	T_RT_PROXY_TX,    /* RT proxy: GP frames from channel 2 (Fig. 8a) */
	T_RT_APP,         /* RT applications: RTP, echo, replay */
	T_GP_PROXY_RX,    /* GP proxy driver RX from channel 1 (Fig. 7b) */
	T_GP_STACK,       /* GP stack delivers to sockets */
	T_GP_CTRL,        /* GP proxy snoops interface commands (Fig. 7c) */
	T_GP_APP,         /* GP applications + stack TX (Fig. 7a) */
	T_GP_SIP,         /* GP's SIP engine (Figs. 9-10): parse, calls, claims */
	T__COUNT
};
#define CPU_RT_THREADS 5
#define CPU_RT_MASK ((1u << CPU_RT_THREADS) - 1)
#define CPU_GP_MASK (((1u << T__COUNT) - 1) & ~CPU_RT_MASK)
/* The dispatcher picks the lowest set bit of an OS's ready mask: the enum
 * order is the priority order, and RT's threads are the low bits. */
_Static_assert(T_GP_PROXY_RX == CPU_RT_THREADS, "RT threads are the first CPU_RT_THREADS");
_Static_assert(T__COUNT <= 32, "one ready bit per thread");
_Static_assert(WHO_IDLE == 0 && WHO_RT == 1 && WHO_GP == 2 && WHO_SWITCH == 3,
               "busy[] is indexed by enum disp_who");

typedef void cpu_next_fn(void *ctx);
typedef void cpu_done_fn(void *ctx, uint32_t arg);

struct cpu;

struct cpu *cpu_create(const struct disp_cfg *cfg, struct evq *q, struct trace *tr);
void cpu_destroy(struct cpu *c);
/* The thread's `next` function and its context (once, at wiring). */
void cpu_thread(struct cpu *c, enum cpu_thread t, cpu_next_fn *next, void *ctx);

/* Give thread t a job of `cost` cycles; done(ctx, arg) when spent. Called
 * from the thread's next function or from its current job's continuation. */
void cpu_job(struct cpu *c, enum cpu_thread t, uint64_t cost, cpu_done_fn *done, void *ctx,
             uint32_t arg);
/* A sleeping thread looks for work (its next function). */
void cpu_wake(struct cpu *c, enum cpu_thread t);
/* No job (not even a continuation under way). */
bool cpu_sleeping(const struct cpu *c, enum cpu_thread t);

/* The node's clock. Inline: every component reads it at every step;
 * struct cpu begins with it. */
struct cpu_clock { uint64_t t; };
static inline uint64_t cpu_now(const struct cpu *c)
{
	return ((const struct cpu_clock *)(const void *)c)->t;
}
/* The node's clock moves to an event's time (never backwards). */
void cpu_set_now(struct cpu *c, uint64_t t);
/* Advance to `limit` or to the next event, whichever is first, ending
 * every job that ends by then. On return the clock is that time, unless
 * the CPU ran out of work and no event is scheduled: then it stays at the
 * end of the last work. */
void cpu_run(struct cpu *c, uint64_t limit);
/* Work left: a thread ready or a world switch under way. */
bool cpu_has_work(const struct cpu *c);
/* The first cycle from now at which the processor runs a thread or a
 * world switch: now when it does, the next slice that takes its ready
 * work when the dispatcher holds it (tdma), UINT64_MAX when idle. */
uint64_t cpu_next_act(const struct cpu *c);
/* Close the current interval at the end of the run (WHY_END). */
void cpu_close(struct cpu *c);
/* Cycles spent so far by enum disp_who (closed intervals). */
uint64_t cpu_cycles(const struct cpu *c, enum disp_who who);

#endif
