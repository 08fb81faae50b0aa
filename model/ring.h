/* ring.h - a bounded ring of 32-bit slots (frame handles), in the style of
 * DPDK lib/ring: free-running head and tail, masked index, no locks (one
 * producer, one consumer, one simulated processor).
 * Models: the shared-memory proxy channels of Fig. 3 (items 254, 256, 260),
 * SPEC X1-X2, and the NIC's RX/TX descriptor rings (SPEC N2).
 * Capacity is any number >= 1; storage is rounded up to a power of two.
 * A push onto a full ring fails and is counted: nothing ever blocks.
 *
 * The per-frame operations are static inline below (no call, no division:
 * count = head - tail in uint32 arithmetic, index = head & mask; both stay
 * right across the 2^32 wrap because the storage size divides 2^32). The
 * struct is visible only for them: its fields are private, use the
 * functions. */
#ifndef NICSHARE_RING_H
#define NICSHARE_RING_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ring {                /* private: use the functions */
	uint32_t head;           /* next slot to write (free-running) */
	uint32_t tail;           /* next slot to read (free-running) */
	uint32_t mask;           /* storage size - 1, storage a power of two */
	uint32_t cap;            /* usable slots, 1..RING_MAX_CAP, <= mask + 1 */
	uint32_t high;           /* largest count seen */
	uint64_t drops;          /* pushes refused */
	/* mask + 1 slots follow the struct (ring_slots): not a flexible array
	 * member, which C++ has not, so that the header serves C++ too */
};

/* The storage after the struct; the struct's size is a multiple of its
 * 8-byte alignment, so the slots are aligned. */
static inline uint32_t *ring_slots(struct ring *r) { return (uint32_t *)(r + 1); }
static inline const uint32_t *ring_slots_const(const struct ring *r)
{
	return (const uint32_t *)(r + 1);
}

/* NULL when cap is 0 or above RING_MAX_CAP, or out of memory. */
#define RING_MAX_CAP (1u << 24)
struct ring *ring_create(uint32_t cap);
void ring_destroy(struct ring *r);

static inline uint32_t ring_count(const struct ring *r) { return r->head - r->tail; }
static inline uint32_t ring_cap(const struct ring *r) { return r->cap; }
static inline uint32_t ring_free(const struct ring *r) { return r->cap - (r->head - r->tail); }
static inline bool ring_full(const struct ring *r) { return r->head - r->tail == r->cap; }
static inline bool ring_empty(const struct ring *r) { return r->head == r->tail; }
static inline uint64_t ring_drops(const struct ring *r) { return r->drops; }   /* pushes refused since create */
static inline uint32_t ring_high_water(const struct ring *r) { return r->high; } /* largest count seen */

/* false when full (drop counted) */
static inline bool ring_push(struct ring *r, uint32_t v)
{
	uint32_t n = r->head - r->tail;
	if (n == r->cap) {
		r->drops++;
		return false;
	}
	ring_slots(r)[r->head & r->mask] = v;
	r->head++;
	if (n + 1 > r->high)
		r->high = n + 1;
	return true;
}

/* false when empty */
static inline bool ring_pop(struct ring *r, uint32_t *v)
{
	if (r->head == r->tail)
		return false;
	*v = ring_slots_const(r)[r->tail & r->mask];
	r->tail++;
	return true;
}

static inline bool ring_peek(const struct ring *r, uint32_t *v)
{
	if (r->head == r->tail)
		return false;
	*v = ring_slots_const(r)[r->tail & r->mask];
	return true;
}

/* Self-check of the invariants (count <= cap <= storage, high >= count);
 * true when they hold. For tests and debug builds. */
bool ring_check(const struct ring *r);

/* X2: cycles to copy a frame of len bytes into a slot:
 * fixed + ceil(len * per_byte_millicycles / 1000), saturating at UINT64_MAX. */
uint64_t ring_copy_cycles(uint32_t len, uint64_t fixed, uint64_t per_byte_millicycles);

#ifdef __cplusplus
}
#endif

#endif
