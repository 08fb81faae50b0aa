/* ledger.h - accounting (SPEC A1, A2): every frame ends in exactly one
 * terminal state, and the simulator checks it itself.
 * Input frames get their verdict (decision, reason) here, in any order;
 * the ledger releases them to the verdict trace source in capture order
 * (routing.tsv is in capture order), counts them by decision and reason,
 * and aborts on a second verdict for one frame (an engine bug). Outgoing
 * frames are created and finished here too (sent, dropped with a reason,
 * or unfinished at the end). ledger_check() is the conservation check run
 * at the end of every run. */
#ifndef NICSHARE_LEDGER_H
#define NICSHARE_LEDGER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/verdict.h"
#include "fpool.h"
#include "trace.h"

struct ledger_counts {
	uint64_t dec[DEC__COUNT];
	uint64_t reason[DEC__COUNT][R__COUNT];
	uint64_t out_generated, out_sent, out_unfinished;
	uint64_t out_drop[R__COUNT];
};

struct ledger;

struct ledger *ledger_create(struct fpool *pool, struct trace *tr);
void ledger_destroy(struct ledger *l);

/* The verdict of input frame `index` (1-based). -1 when memory runs out. */
int ledger_verdict(struct ledger *l, uint64_t index, enum verdict_decision d, enum verdict_reason r);
/* Terminal state of an input frame held in the pool: verdict, a "drop"
 * stage line at `now` for drops, and the record goes back to the pool. */
void ledger_rx_final(struct ledger *l, uint32_t id, enum verdict_decision d, enum verdict_reason r,
                     uint64_t now);

/* A new outgoing frame (o<n>): a pool record with room for len bytes,
 * latency start `now`. -1 when memory runs out. */
int ledger_tx_new(struct ledger *l, bool rt, enum fr_src src, uint32_t len, uint64_t now,
                  uint32_t *id);
/* Terminal state of an outgoing frame: R_SENT, R_UNFINISHED or a drop
 * reason (a "drop" stage line at t). */
void ledger_tx_final(struct ledger *l, uint32_t id, enum verdict_reason r, uint64_t t);

/* Write what is releasable (routing in capture order); at the end. */
void ledger_flush(struct ledger *l);
const struct ledger_counts *ledger_counts(const struct ledger *l);
/* A1 at the end of a run: `frames` input frames read. Prints each
 * violation on err; returns 0 when conservation holds, 1 otherwise. */
int ledger_check(const struct ledger *l, uint64_t frames, FILE *err);

#endif
