/* disp.h - the hardware resource dispatcher's CPU policy: SPEC D1-D3.
 * Models: item 400 of Fig. 2 ("schedule their operation, i.e. divide CPU
 * time between them").
 * A pure decision: given the time and who has work, say who runs and until
 * when the decision holds. The engine charges the world switch. */
#ifndef NICSHARE_DISP_H
#define NICSHARE_DISP_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* split: the OSes on two processors (the patent's "different processors
 * or different platforms", the inter-OS bus replaced by a physical
 * communications bus): RT's threads on one, GP's on the other, no world
 * switch; disp_decide is not asked (each processor runs its OS's highest
 * ready thread). */
enum disp_policy { DISP_PRIORITY = 0, DISP_TDMA, DISP_TDMA_PREEMPT, DISP_SPLIT, DISP__COUNT };
enum disp_who { WHO_IDLE = 0, WHO_RT, WHO_GP, WHO_SWITCH };

/* Why the CPU changed hands, for dispatch.tsv. */
enum disp_why {
	WHY_START = 0,
	WHY_RT_WORK,     /* RT got work (interrupt, thread, app) */
	WHY_RT_DONE,     /* RT ran out of work */
	WHY_GP_DONE,     /* GP ran out of work */
	WHY_GP_WORK,     /* GP got work while the CPU was idle */
	WHY_SLICE_RT,    /* tdma: the RT slice began */
	WHY_SLICE_GP,    /* tdma: the GP slice began */
	WHY_SWITCH_DONE, /* world switch finished */
	WHY_END,
};

struct disp_cfg {
	enum disp_policy policy;
	uint64_t tdma_frame;     /* cycles, major frame */
	uint64_t tdma_rt_slice;  /* cycles, RT slice at the start of each frame */
	uint64_t world_switch;   /* cycles charged when the loaded OS changes */
	uint64_t preempt_budget; /* tdma-preempt: RT cycles an interrupt may borrow
	                            from each GP slice */
};

struct disp_choice {
	enum disp_who who;   /* WHO_IDLE, WHO_RT or WHO_GP */
	uint64_t until;      /* the decision holds until this cycle at the latest
	                        (UINT64_MAX: until the work changes) */
};

/* rt_irq: RT's pending work includes work an interrupt causes (its
 * handler, the input thread's frames): tdma-preempt lets it borrow GP's
 * slice, while borrow_left (cycles of RT run time left in this GP slice)
 * is not 0; the decision then holds until the budget is spent at most. */
struct disp_choice disp_decide(const struct disp_cfg *c, uint64_t now,
                               bool rt_ready, bool rt_irq, bool gp_ready, uint64_t borrow_left);

/* Validate a configuration; NULL when fine, else a sentence. */
const char *disp_check(const struct disp_cfg *c);

const char *disp_policy_name(enum disp_policy p);
int disp_policy_parse(const char *s);  /* -1 when unknown */
const char *disp_who_name(enum disp_who w);
const char *disp_why_name(enum disp_why w);

#ifdef __cplusplus
}
#endif

#endif
