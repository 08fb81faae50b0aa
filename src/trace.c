/* trace.c - trace sources and their subscribers, see trace.h. */
#include "trace.h"

static bool sub(struct trace_sub *v, uint8_t *n, void *fn, void *ctx)
{
	if (*n >= TRACE_MAX || !fn)
		return false;
	v[*n].fn = fn;
	v[*n].ctx = ctx;
	(*n)++;
	return true;
}

bool trace_on_stage(struct trace *tr, trace_stage_fn *fn, void *ctx)
{
	return sub(tr->stage, &tr->nstage, (void *)fn, ctx);
}
bool trace_on_latency(struct trace *tr, trace_latency_fn *fn, void *ctx)
{
	return sub(tr->latency, &tr->nlatency, (void *)fn, ctx);
}
bool trace_on_verdict(struct trace *tr, trace_verdict_fn *fn, void *ctx)
{
	return sub(tr->verdict, &tr->nverdict, (void *)fn, ctx);
}
bool trace_on_dispatch(struct trace *tr, trace_dispatch_fn *fn, void *ctx)
{
	return sub(tr->dispatch, &tr->ndispatch, (void *)fn, ctx);
}
bool trace_on_frame(struct trace *tr, trace_frame_fn *fn, void *ctx)
{
	return sub(tr->frame, &tr->nframe, (void *)fn, ctx);
}

void trace_stage_fire(struct trace *tr, const struct trace_stage *s)
{
	for (unsigned i = 0; i < tr->nstage; i++)
		((trace_stage_fn *)tr->stage[i].fn)(tr->stage[i].ctx, s);
}

void trace_latency(struct trace *tr, enum scen_class cls, const struct fr *f, uint64_t start,
                   uint64_t end)
{
	for (unsigned i = 0; i < tr->nlatency; i++)
		((trace_latency_fn *)tr->latency[i].fn)(tr->latency[i].ctx, cls, f->id,
		                                        f->kind != FK_RX, start, end);
}

void trace_verdict(struct trace *tr, uint64_t index, enum verdict_decision d, enum verdict_reason r)
{
	for (unsigned i = 0; i < tr->nverdict; i++)
		((trace_verdict_fn *)tr->verdict[i].fn)(tr->verdict[i].ctx, index, d, r);
}

void trace_dispatch(struct trace *tr, uint64_t start, uint64_t end, enum disp_who who,
                    enum disp_why why)
{
	for (unsigned i = 0; i < tr->ndispatch; i++)
		((trace_dispatch_fn *)tr->dispatch[i].fn)(tr->dispatch[i].ctx, start, end, who, why);
}
