/* txs.h - the transmit scheduler: SPEC S1-S4.
 * Models: item 258 of Fig. 3, Fig. 8a steps 472-478, claims 5-7. Two bands
 * in the style of Linux sch_prio: band 0 RT frames, band 1 GP frames taken
 * from the data-in channel. Peek does not dequeue.
 *
 * `strict` (claim 7): a GP frame is handed to the NIC only when no RT frame
 * waits, and only while the GP bytes already handed over stay within
 * gp_commit (a byte queue limit, as Linux BQL: enough to keep the wire
 * busy while the NIC fetches the next frame), so an RT frame waits behind
 * at most gp_commit bytes of GP (or one GP frame larger than that); with
 * gp_commit 0, behind the one GP frame handed over when the ring was empty
 * (non-preemptive).
 * `gp-rate` (S4): as strict, and GP is also held to a token bucket.
 *
 * The bucket counts wire bytes (wire_bytes(): preamble, padding, FCS and
 * gap included) exactly, in units of 1/(8 hz) byte: a cycle adds
 * gp_rate_bps units, a frame takes wire_bytes * 8 * hz, the depth is
 * gp_burst * 8 * hz. No rounding, so the long-term rate is exact. The
 * bucket is full at create. A GP frame may go when the bucket holds its
 * cost; a frame costing more than the whole depth goes when the bucket is
 * full and leaves it in debt (so it is never stuck). */
#ifndef NICSHARE_TXS_H
#define NICSHARE_TXS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum txs_policy { TXS_STRICT = 0, TXS_GP_RATE };
enum txs_band { TXS_BAND_RT = 0, TXS_BAND_GP = 1, TXS_NONE = 2 };

struct txs_cfg {
	enum txs_policy policy;
	uint32_t rt_queue;      /* band 0 capacity, frames */
	uint32_t gp_queue;      /* band 1 capacity, frames */
	uint64_t hz;            /* for gp-rate: cycles per second */
	uint64_t gp_rate_bps;   /* gp-rate: long-term GP rate, bit/s on the wire */
	uint64_t gp_burst;      /* gp-rate: bucket depth, bytes on the wire */
	uint64_t gp_commit;     /* GP bytes allowed on the NIC ahead of the wire;
	                           0: one GP frame, only when the TX ring is empty */
};

struct txs;
/* NULL when a queue is 0 or above 2^24, the policy is unknown, gp-rate has a
 * zero hz, rate or burst, or out of memory. */
struct txs *txs_create(const struct txs_cfg *cfg);
void txs_destroy(struct txs *t);

/* Queue frame `id` of `len` bytes in a band; false when the band is full. */
bool txs_enqueue(struct txs *t, enum txs_band band, uint32_t id, uint32_t len);

/* Which band may hand a frame to the NIC now, given the TX ring's state
 * and the GP bytes already handed to the NIC and not yet sent
 * (gp_committed); TXS_NONE when none may. GP goes when no RT frame waits
 * and either nothing of GP's is committed or its head frame fits within
 * gp_commit (with gp_commit 0: only when the ring is empty). For gp-rate,
 * *retry_at receives the cycle at which GP will have the tokens (0 when not
 * waiting on tokens). */
enum txs_band txs_peek(const struct txs *t, uint64_t now, uint32_t ring_free,
                       bool ring_empty, uint64_t gp_committed, uint64_t *retry_at);
/* Remove the head of the band txs_peek chose; returns its id. `now` must
 * not go backwards between calls (asserted), nor be given to txs_peek or
 * txs_tokens earlier than the last txs_dequeue's (gp-rate's bucket is
 * filled from then: asserted too). */
uint32_t txs_dequeue(struct txs *t, enum txs_band band, uint64_t now);

uint32_t txs_count(const struct txs *t, enum txs_band band);
uint64_t txs_drops(const struct txs *t, enum txs_band band);  /* enqueues refused */
/* gp-rate: whole wire bytes in the bucket at `now` (0 when in debt or
 * under strict). */
uint64_t txs_tokens(const struct txs *t, uint64_t now);
const char *txs_policy_name(enum txs_policy p);
int txs_policy_parse(const char *s);  /* -1 when unknown */

#ifdef __cplusplus
}
#endif

#endif
