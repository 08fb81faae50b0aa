/* evq.h - a node's event queue: timed callbacks, in the spirit of Redis
 * ae.c's time events and ns-3's Simulator::Schedule. A component schedules
 * a function with its context and one integer argument; the queue knows
 * nothing of what the callback does. Scheduling returns a handle, which is
 * all a component needs to cancel or move its own timer.
 *
 * Order (SPEC T2, doc/engine.md): by cycle; at the same cycle by class
 * (enum evq_class: wire before NIC before interrupt before CPU-side
 * sources), then by insertion order (a sequence number). Moving an event
 * gives it a new sequence number, as if it were scheduled anew.
 *
 * Cost: schedule and pop are O(log n) in the heap's entries (a binary
 * heap over one array), O(1) for an event that is the next to fire when
 * scheduled (it waits outside the heap: most of a node's); cancel is O(1)
 * and lazy (the entry is dropped when it reaches the top; once dead
 * entries are more than a quarter of the live ones, the heap is rebuilt,
 * O(n)), move is cancel + schedule. n stays small because each
 * component schedules itself only while it has work, and streams of one
 * period share a lane (evq_periods). Event records live in a slab that
 * grows to the working size and is then reused: no allocation per event. */
#ifndef NICSHARE_EVQ_H
#define NICSHARE_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Same-cycle order of event kinds (SPEC T2). The values are the order. */
enum evq_class {
	EC_TX_WIRE = 0,   /* a frame's last bit left the NIC */
	EC_RX_FRAME,      /* a frame's last bit arrived at the NIC (inputs) */
	EC_RX_DMA,        /* RX DMA of a frame completed */
	EC_IRQ_TIMER,     /* interrupt moderation timer */
	EC_IRQ_TAKE,      /* the CPU takes a raised interrupt */
	EC_TX_DMA,        /* TX DMA completed; the gp-rate scheduler's retry */
	EC_BUS,           /* a proxy channel's message crossed the bus (split) */
	EC_TIMELINE,      /* a timeline entry (operator command, port move) */
	EC_GEN,           /* a traffic generator's next packet */
	EC_END,           /* run.duration reached */
	EC__COUNT
};

typedef void evq_fn(void *ctx, uint32_t arg);

/* A handle names one scheduled event; 0 is never a valid handle. A handle
 * goes stale once its event has fired or been cancelled. */
typedef uint64_t evq_handle;

struct evq;

struct evq *evq_create(void);
void evq_destroy(struct evq *q);

/* Schedule fn(ctx, arg) at cycle t. Returns 0 only when memory runs out. */
evq_handle evq_schedule(struct evq *q, uint64_t t, enum evq_class cls, evq_fn *fn, void *ctx,
                        uint32_t arg);
/* Reserved order keys: evq_reserve() hands out the same-cycle order key
 * an evq_schedule() made now would get, and counts the event as
 * scheduled; evq_schedule_key() later puts the event in the heap with
 * that key, so it is ordered exactly as if it had been scheduled at the
 * moment of reservation. A key is used for at most one pending event. */
uint64_t evq_reserve(struct evq *q);
evq_handle evq_schedule_key(struct evq *q, uint64_t t, enum evq_class cls, evq_fn *fn, void *ctx,
                            uint32_t arg, uint64_t key);

/* A lane: a component's own queue of events of one class and one
 * function, of which only the earliest sits in the heap. Adding reserves
 * the event's order key at once (evq_reserve), so the lane's events fire
 * exactly when and in the order that one evq_schedule() each would give,
 * and count the same in events_processed; the heap holds one entry per
 * lane instead of one per event (an RTP item's 334 channels: 1 entry).
 * The lane is kept sorted by (cycle, key); an event added goes after
 * every one of a cycle not later than its own (its key is the newest), a
 * scan from the tail: O(1) when events are added in time order, as a
 * lane's users do (streams of one period, frames handed in arrival
 * order), O(n) at worst. The event fires fn(ctx, arg) once it has left
 * the lane (the lane's next event is already in the heap then). Not
 * cancellable. */
struct evq_lane;
struct evq_lane *evq_lane_create(struct evq *q, enum evq_class cls, evq_fn *fn, void *ctx);
/* The same, but its events fire after every other event of their class
 * and cycle, whenever they were added (among themselves in the order
 * added): for events whose insertion time is not the model's own (frames
 * a world hands a window ahead). At most one such lane per class. */
struct evq_lane *evq_lane_create_last(struct evq *q, enum evq_class cls, evq_fn *fn, void *ctx);
void evq_lane_destroy(struct evq_lane *l);
/* fn(ctx, arg) at cycle t. false only when memory runs out. */
bool evq_lane_add(struct evq_lane *l, uint64_t t, uint32_t arg);
/* Events waiting in the lane. */
uint32_t evq_lane_size(const struct evq_lane *l);
/* The arg of the lane's i-th waiting event (i < evq_lane_size), in the
 * order they fire. */
uint32_t evq_lane_arg(const struct evq_lane *l, uint32_t i);
/* Forget every waiting event (none fires). */
void evq_lane_clear(struct evq_lane *l);

/* Lanes by period: the events of streams of one period (an RTP call
 * sends every ptime) are added in time order, so each period's lane is
 * added to at its tail, in O(1); streams of mixed periods in one lane
 * would scan. A set holds up to EVQ_PERIODS lanes of one class and one
 * function, made on first use. */
#define EVQ_PERIODS 8
struct evq_periods {
	struct evq_lane *lane[EVQ_PERIODS];
	uint64_t period[EVQ_PERIODS];
	uint32_t n;
	/* Optional, set before the first lane is made: called as each event
	 * of a lane fires, just before its handler, with the arg of the
	 * lane's next event, to prefetch what that one will touch. A hint
	 * with no effect on the order or the outputs: each stream's state is
	 * cold when its turn comes round (1000 calls' RTP senders take turns:
	 * each was a cache miss, 7% of make bench's world of calls, 3.4% with
	 * the hint). */
	evq_fn *prefetch;
};
/* The lane of `period` in set p, or NULL (out of memory, or more than
 * EVQ_PERIODS periods: the caller schedules plain events). */
struct evq_lane *evq_periods_lane(struct evq_periods *p, struct evq *q, enum evq_class cls,
                                  evq_fn *fn, void *ctx, uint64_t period);
void evq_periods_destroy(struct evq_periods *p);

/* Cancel a pending event; false when the handle is stale (already fired,
 * cancelled, or 0). */
bool evq_cancel(struct evq *q, evq_handle h);
/* Move a pending event to cycle t (keeping function, context, argument and
 * class; ordered as if scheduled now). Returns the event's new handle (the
 * old one goes stale), or 0 when h is stale. */
evq_handle evq_move(struct evq *q, evq_handle h, uint64_t t);
/* Is the event still pending? Its cycle in *t. */
bool evq_pending(const struct evq *q, evq_handle h, uint64_t *t);

/* Cycle of the earliest pending event; UINT64_MAX when none. Inline: the
 * CPU asks it at every step. struct evq begins with this member. */
struct evq_top { uint64_t next_t; };
static inline uint64_t evq_next_time(const struct evq *q)
{
	return ((const struct evq_top *)(const void *)q)->next_t;
}
/* Remove the earliest event if its cycle is <= limit; fill *fn, *ctx, *arg,
 * *t and return true. The caller sets its clock to *t and then calls
 * fn(ctx, arg). */
bool evq_pop(struct evq *q, uint64_t limit, uint64_t *t, evq_fn **fn, void **ctx, uint32_t *arg);
size_t evq_size(const struct evq *q);
uint64_t evq_scheduled(const struct evq *q);   /* events ever scheduled */
/* Heap entries, the dead (cancelled or moved, not yet dropped) with the
 * live: at most evq_size() + evq_size() / 4 after any cancel or move. */
size_t evq_entries(const struct evq *q);

#endif
