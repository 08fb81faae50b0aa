/* hist.c - log-linear latency histogram, see hist.h. */
#include "hist.h"

#include <stdlib.h>
#include <string.h>

#define S HIST_SUB_BITS
#define HALF (1u << (S - 1))

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof *h);
	h->min = UINT64_MAX;
}

void hist_free(struct hist *h)
{
	free(h->b);
	hist_init(h);
}

uint32_t hist_index(uint64_t v)
{
	if (v < (1u << S))
		return (uint32_t)v;
	unsigned msb = 63u - (unsigned)__builtin_clzll(v);
	unsigned shift = msb - (S - 1);
	return (1u << S) + (shift - 1) * HALF + (uint32_t)((v >> shift) - HALF);
}

uint64_t hist_lower(uint32_t idx)
{
	if (idx < (1u << S))
		return idx;
	uint32_t k = idx - (1u << S);
	unsigned shift = k / HALF + 1;
	return ((uint64_t)(k % HALF) + HALF) << shift;
}

uint64_t hist_upper(uint32_t idx)
{
	if (idx < (1u << S))
		return idx;
	uint32_t k = idx - (1u << S);
	unsigned shift = k / HALF + 1;
	return hist_lower(idx) + ((1ull << shift) - 1);
}

int hist_add(struct hist *h, uint64_t v, uint64_t frame, char tx, uint64_t at)
{
	if (!h->b) {
		h->b = calloc(HIST_NBUCKETS, sizeof *h->b);
		if (!h->b)
			return -1;
	}
	h->b[hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	/* keep the K largest, ties: the earlier sample stays */
	if (h->ntop < HIST_TOPK || v > h->top[h->ntop - 1].value) {
		unsigned i = h->ntop < HIST_TOPK ? h->ntop++ : HIST_TOPK - 1;
		while (i > 0 && h->top[i - 1].value < v) {
			h->top[i] = h->top[i - 1];
			i--;
		}
		h->top[i] = (struct hist_top){v, frame, at, tx};
	}
	return 0;
}

uint64_t hist_pct(const struct hist *h, uint32_t ppm)
{
	if (h->count == 0)
		return 0;
	/* nearest rank: the smallest value with at least ceil(p*n) samples <= it */
	unsigned __int128 r = (unsigned __int128)h->count * ppm;
	uint64_t rank = (uint64_t)(r / 1000000u) + (r % 1000000u != 0);
	if (rank == 0)
		rank = 1;
	uint64_t cum = 0;
	for (uint32_t i = 0; i < HIST_NBUCKETS; i++) {
		cum += h->b[i];
		if (cum >= rank) {
			uint64_t v = hist_upper(i);
			if (v > h->max)
				v = h->max;
			if (v < h->min)
				v = h->min;
			return v;
		}
	}
	return h->max;
}

/* With q, r = sum / count, sum % count and q x 10^12 = a x hz + b (b < hz):
 * sum x 10^12 / (hz x count) = a + (b x count + r x 10^12) / (hz x count).
 * With cpu.hz at most 100 GHz (< 2^37), count below 2^64 and r below count
 * (10^12 < 2^40) the numerator stays under 2^105, where sum x 10^12 itself
 * could pass 2^128. */
unsigned __int128 hist_mean_ps(const struct hist *h, uint64_t hz)
{
	if (!h->count || !hz)
		return 0;
	const unsigned __int128 tera = 1000000000000u;
	unsigned __int128 q = h->sum / h->count, r = h->sum % h->count;
	unsigned __int128 x = q * tera;   /* q < 2^64 (every sample is) */
	unsigned __int128 a = x / hz, b = x % hz;
	return a + (b * h->count + r * tera) / ((unsigned __int128)hz * h->count);
}
