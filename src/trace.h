/* trace.h - a node's trace sources, after ns-3's TracedCallback: the
 * components fire a hook at each stage of a frame's walk (rx, nic-drop,
 * dma, irq, classify, rt-deliver, proxy-out, gp-deliver, tx-ring, tx-dma,
 * wire-out, ...), at each latency sample, each terminal verdict, each CPU
 * interval and each frame that a capture point sees. Whoever wants them
 * subscribes: the writers of events.tsv, latency.tsv, routing.tsv,
 * dispatch.tsv and the captures (tracew.c), the summary's statistics, a
 * world's link. A component never calls a writer by name.
 *
 * Cost: a fire with no subscriber is one compare; each subscriber is one
 * indirect call. At most TRACE_MAX subscribers per source. */
#ifndef NICSHARE_TRACE_H
#define NICSHARE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/disp.h"
#include "../model/verdict.h"
#include "fpool.h"
#include "scenario.h"

#define TRACE_MAX 4

/* Whose frame a stage line is about (events.tsv's frame column). */
enum trace_who { TW_NONE = 0, TW_IN, TW_OUT };

/* One stage of one frame (or of the node: irq, ctl-apply). */
struct trace_stage {
	uint64_t t;           /* cycle */
	uint64_t id;          /* capture index, or outgoing id (o<id>) */
	uint8_t who;          /* enum trace_who */
	bool numeric;         /* detail is v, else detail (NULL: none) */
	const char *stage;
	const char *detail;
	uint64_t v;
};

/* Capture points (the output captures). */
enum trace_point { TP_WIRE_TX = 0, TP_RT_RX, TP_GP_RX, TP__COUNT,
	TP_DROP = TP__COUNT      /* a frame dropped, by the NIC or after it (no
	                            capture); a NIC drop's record is on the stack */
};

typedef void trace_stage_fn(void *ctx, const struct trace_stage *s);
typedef void trace_latency_fn(void *ctx, enum scen_class cls, uint64_t id, bool tx,
                              uint64_t start, uint64_t end);
typedef void trace_verdict_fn(void *ctx, uint64_t index, enum verdict_decision d,
                              enum verdict_reason r);
typedef void trace_dispatch_fn(void *ctx, uint64_t start, uint64_t end, enum disp_who who,
                               enum disp_why why);
/* f is valid during the call only; t is the frame's stamp: the first bit
 * on the wire for TP_WIRE_TX, delivery for the others. */
typedef void trace_frame_fn(void *ctx, enum trace_point p, uint64_t t, const struct fr *f);

struct trace_sub {
	void *fn;
	void *ctx;
};

struct trace {
	struct trace_sub stage[TRACE_MAX], latency[TRACE_MAX], verdict[TRACE_MAX],
		dispatch[TRACE_MAX], frame[TRACE_MAX];
	uint8_t nstage, nlatency, nverdict, ndispatch, nframe;
};

/* Subscribe; false when the source has TRACE_MAX subscribers already. */
bool trace_on_stage(struct trace *tr, trace_stage_fn *fn, void *ctx);
bool trace_on_latency(struct trace *tr, trace_latency_fn *fn, void *ctx);
bool trace_on_verdict(struct trace *tr, trace_verdict_fn *fn, void *ctx);
bool trace_on_dispatch(struct trace *tr, trace_dispatch_fn *fn, void *ctx);
bool trace_on_frame(struct trace *tr, trace_frame_fn *fn, void *ctx);

/* Fire. The stage helpers take the frame record (or NULL: '-'). */
void trace_stage_fire(struct trace *tr, const struct trace_stage *s);
static inline void trace_stage(struct trace *tr, uint64_t t, const struct fr *f,
                               const char *stage, const char *detail)
{
	if (!tr->nstage)
		return;
	struct trace_stage s = {t, f ? f->id : 0, (uint8_t)(f ? (f->kind == FK_RX ? TW_IN : TW_OUT) : TW_NONE),
	                        false, stage, detail, 0};
	trace_stage_fire(tr, &s);
}
static inline void trace_stage_u(struct trace *tr, uint64_t t, const struct fr *f,
                                 const char *stage, uint64_t v)
{
	if (!tr->nstage)
		return;
	struct trace_stage s = {t, f ? f->id : 0, (uint8_t)(f ? (f->kind == FK_RX ? TW_IN : TW_OUT) : TW_NONE),
	                        true, stage, NULL, v};
	trace_stage_fire(tr, &s);
}
/* An input frame not (or not yet) in the pool: rx, nic-drop. */
static inline void trace_stage_in(struct trace *tr, uint64_t t, uint64_t index,
                                  const char *stage, const char *detail, uint64_t v)
{
	if (!tr->nstage)
		return;
	struct trace_stage s = {t, index, TW_IN, detail == NULL, stage, detail, v};
	trace_stage_fire(tr, &s);
}
void trace_latency(struct trace *tr, enum scen_class cls, const struct fr *f, uint64_t start,
                   uint64_t end);
void trace_verdict(struct trace *tr, uint64_t index, enum verdict_decision d, enum verdict_reason r);
void trace_dispatch(struct trace *tr, uint64_t start, uint64_t end, enum disp_who who,
                    enum disp_why why);
static inline void trace_frame(struct trace *tr, enum trace_point p, uint64_t t, const struct fr *f)
{
	for (unsigned i = 0; i < tr->nframe; i++)
		((trace_frame_fn *)tr->frame[i].fn)(tr->frame[i].ctx, p, t, f);
}

#endif
