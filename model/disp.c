/* disp.c - the hardware resource dispatcher's CPU policy: SPEC D1-D3.
 * Models: item 400 of Fig. 2, which schedules the two operating systems,
 * "i.e. divide CPU time between them".
 *
 * priority: RT runs whenever it has work, GP when RT has none, else idle;
 *   the decision holds until the work changes (until = UINT64_MAX).
 * tdma: a major frame of F cycles starting at cycle 0, F, 2F, ...; the
 *   first S cycles of each are RT's slice, the rest GP's. The owner of the
 *   current slice runs if it has work, else the CPU idles (the other OS
 *   never borrows the slice); until = the end of the current slice.
 * tdma-preempt: as tdma, but an RT interrupt borrows GP's slice for the
 *   work it causes: while RT's interrupt handler or input thread has work
 *   (rt_irq), RT runs, within a budget of RT run time per GP slice
 *   (preempt_budget; the engine counts what is left, borrow_left); RT's
 *   other work (control, proxy-tx, applications) waits for RT's slice, as
 *   does interrupt work beyond the budget. Partitioning hypervisors bound
 *   borrowed time in the same way.
 * split: the OSes on two processors; disp_decide is not asked (src/cpu.c
 *   runs each processor's highest ready thread, disp.h).
 * The world switch is charged by the engine, not here.
 * Cost: one 64-bit modulo for the tdma policies, none for priority. */
#include "disp.h"

#include <assert.h>
#include <string.h>

static struct disp_choice choose(enum disp_who who, uint64_t until)
{
	struct disp_choice c = {who, until};
	return c;
}

/* now - pos + len without wrapping past UINT64_MAX. */
static uint64_t slice_end(uint64_t now, uint64_t pos, uint64_t len)
{
	uint64_t base = now - pos;
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

struct disp_choice disp_decide(const struct disp_cfg *c, uint64_t now,
                               bool rt_ready, bool rt_irq, bool gp_ready, uint64_t borrow_left)
{
	if (c->policy == DISP_PRIORITY) {
		if (rt_ready)
			return choose(WHO_RT, UINT64_MAX);
		return choose(gp_ready ? WHO_GP : WHO_IDLE, UINT64_MAX);
	}
	assert(c->tdma_frame > 0 && c->tdma_rt_slice < c->tdma_frame);
	uint64_t pos = now % c->tdma_frame;
	if (pos < c->tdma_rt_slice)
		return choose(rt_ready ? WHO_RT : WHO_IDLE, slice_end(now, pos, c->tdma_rt_slice));
	uint64_t until = slice_end(now, pos, c->tdma_frame);
	if (c->policy == DISP_TDMA_PREEMPT && rt_ready && rt_irq && borrow_left > 0)
		return choose(WHO_RT, borrow_left < until - now ? now + borrow_left : until);
	return choose(gp_ready ? WHO_GP : WHO_IDLE, until);
}

const char *disp_check(const struct disp_cfg *c)
{
	if ((unsigned)c->policy >= DISP__COUNT)
		return "unknown dispatcher policy (expected priority, tdma, tdma-preempt or split)";
	if (c->policy == DISP_PRIORITY || c->policy == DISP_SPLIT)
		return NULL;   /* the tdma fields are not used */
	if (c->tdma_frame == 0)
		return "dispatcher.tdma_frame must be longer than 0 cycles";
	if (c->tdma_rt_slice == 0)
		return "dispatcher.tdma_rt_slice must be longer than 0 cycles (RT would never run)";
	if (c->tdma_rt_slice >= c->tdma_frame)
		return "dispatcher.tdma_rt_slice must be shorter than dispatcher.tdma_frame "
		       "(GP would never run)";
	return NULL;
}

static const char *const policy_names[DISP__COUNT] = {"priority", "tdma", "tdma-preempt",
                                                      "split"};
static const char *const who_names[] = {"idle", "rt", "gp", "switch"};
static const char *const why_names[] = {"start", "rt-work", "rt-done", "gp-done", "gp-work",
	"slice-rt", "slice-gp", "switch-done", "end"};

const char *disp_policy_name(enum disp_policy p)
{
	return (unsigned)p < DISP__COUNT ? policy_names[p] : "?";
}

int disp_policy_parse(const char *s)
{
	for (int i = 0; i < DISP__COUNT; i++)
		if (strcmp(s, policy_names[i]) == 0)
			return i;
	return -1;
}

const char *disp_who_name(enum disp_who w)
{
	return (unsigned)w <= WHO_SWITCH ? who_names[w] : "?";
}

const char *disp_why_name(enum disp_why w)
{
	return (unsigned)w <= WHY_END ? why_names[w] : "?";
}
