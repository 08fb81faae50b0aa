/* ring.c - bounded rings of frame handles (DPDK lib/ring style).
 * Models: the shared-memory channels 260 of Fig. 3 between the proxies 254
 * and 256 (SPEC X1-X2) and the NIC's descriptor rings (SPEC N2).
 * Cost: push/pop/peek are static inline in ring.h, O(1), no division, no
 * allocation; create allocates once (4 bytes per storage slot). */
#include "ring.h"

#include <assert.h>
#include <stdlib.h>

/* Smallest power of two >= n, for 1 <= n <= 2^31. */
static uint32_t pow2_ceil(uint32_t n)
{
	uint32_t p = 1;
	while (p < n)
		p <<= 1;
	return p;
}

struct ring *ring_create(uint32_t cap)
{
	if (cap == 0 || cap > RING_MAX_CAP)
		return NULL;
	uint32_t size = pow2_ceil(cap);
	struct ring *r = malloc(sizeof(*r) + (size_t)size * sizeof(uint32_t));
	if (r == NULL)
		return NULL;
	r->head = 0;
	r->tail = 0;
	r->mask = size - 1;
	r->cap = cap;
	r->high = 0;
	r->drops = 0;
	assert(ring_check(r));
	return r;
}

void ring_destroy(struct ring *r)
{
	free(r);
}

bool ring_check(const struct ring *r)
{
	uint32_t size = r->mask + 1;
	return r->cap >= 1 && r->cap <= RING_MAX_CAP && (size & r->mask) == 0 &&
	       r->cap <= size && ring_count(r) <= r->cap && r->high >= ring_count(r) &&
	       r->high <= r->cap;
}

uint64_t ring_copy_cycles(uint32_t len, uint64_t fixed, uint64_t per_byte_millicycles)
{
	uint64_t m64, c64;
	/* the usual case in 64 bits: the division by the constant 1000 is a
	 * multiply and a shift (in 128 bits it is a call to __udivti3) */
	if (!__builtin_mul_overflow((uint64_t)len, per_byte_millicycles, &m64) && m64 <= UINT64_MAX - 999u
	    && !__builtin_add_overflow((m64 + 999u) / 1000u, fixed, &c64))
		return c64;
	unsigned __int128 m = (unsigned __int128)len * per_byte_millicycles;
	unsigned __int128 c = (m + 999u) / 1000u + fixed;
	return c > UINT64_MAX ? UINT64_MAX : (uint64_t)c;
}
