/* hist.h - latency statistics in bounded memory: count, min, max, mean
 * exact; percentiles by nearest rank over a log-linear histogram (HDR
 * style): values below 2048 cycles are exact, above that each bucket spans
 * at most 1/1024 of its value, so a percentile is within 0.1% (relative) of
 * the exact nearest-rank value, and never outside [min, max].
 * Also keeps the K largest samples with their frame, for verification
 * messages. Memory: HIST_NBUCKETS x 8 bytes per class, whatever the count. */
#ifndef NICSHARE_HIST_H
#define NICSHARE_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 11
#define HIST_NBUCKETS ((1u << HIST_SUB_BITS) + 54u * (1u << (HIST_SUB_BITS - 1)))
#define HIST_TOPK 8

struct hist_top {
	uint64_t value;   /* cycles */
	uint64_t frame;   /* frame id as written in the outputs */
	uint64_t at;      /* cycle the sample ended */
	char tx;          /* 1: an outgoing frame id (o<n>) */
};

struct hist {
	uint64_t count, min, max;
	unsigned __int128 sum;
	uint64_t *b;      /* HIST_NBUCKETS counters, allocated on first sample */
	struct hist_top top[HIST_TOPK];
	unsigned ntop;
};

void hist_init(struct hist *h);
void hist_free(struct hist *h);
int hist_add(struct hist *h, uint64_t v, uint64_t frame, char tx, uint64_t at); /* -1: no memory */
/* Nearest-rank percentile, p in parts per million (990000 = p99). */
uint64_t hist_pct(const struct hist *h, uint32_t ppm);
/* The mean in ps at hz cycles a second, exact but for rounding down once
 * (summary.json's mean_ns): sum x 10^12 / (hz x count). */
unsigned __int128 hist_mean_ps(const struct hist *h, uint64_t hz);
/* Bucket helpers (tests, report binning). */
uint32_t hist_index(uint64_t v);
uint64_t hist_lower(uint32_t idx);
uint64_t hist_upper(uint32_t idx);

#endif
