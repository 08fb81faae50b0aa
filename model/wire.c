/* wire.c - Ethernet serialisation on one direction of a link: SPEC S3.
 * Models: the physical link of NIC 118 (Fig. 1); the moment a frame's last
 * bit leaves or arrives, used by the transmit path (Fig. 8a step 478) and
 * the receive path (Fig. 8b step 486).
 *
 * A frame holds the link for preamble+SFD 8 + max(len + FCS 4, 64) +
 * inter-frame gap 12 bytes, times 8 bits, divided by the rate. Boundaries
 * in cycles are derived from the integer bit count of the busy period,
 *   t = busy_start + ceil(bits * hz / bps),
 * so rounding never accumulates: every boundary is the exact rational
 * instant rounded up once. When a boundary falls exactly on a cycle the
 * period is re-based there (busy_start = t, bits = 0), which changes no
 * result and keeps bits * hz inside 64 bits for the fast path.
 * Cost: wire_send does two 64-bit divisions (128-bit only when bits * hz
 * overflows 64 bits), no allocation. */
#include "wire.h"

#include <assert.h>

static inline uint64_t frame_on_wire(uint32_t len)
{
	uint64_t f = (uint64_t)len + WIRE_FCS;
	return f < WIRE_MIN_FRAME ? WIRE_MIN_FRAME : f;
}

uint64_t wire_bytes_to_fcs(uint32_t len)
{
	return WIRE_PREAMBLE + frame_on_wire(len);
}

uint64_t wire_bytes(uint32_t len)
{
	return WIRE_PREAMBLE + frame_on_wire(len) + WIRE_IFG;
}

uint64_t wire_muldiv_ceil(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t p;
	assert(c > 0);
	if (!__builtin_mul_overflow(a, b, &p))
		return p / c + (p % c != 0);
	unsigned __int128 q = (unsigned __int128)a * b;
	unsigned __int128 r = q / c + (q % c != 0);
	return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

uint64_t wire_muldiv_floor(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t p;
	assert(c > 0);
	if (!__builtin_mul_overflow(a, b, &p))
		return p / c;
	unsigned __int128 r = (unsigned __int128)a * b / c;
	return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

uint64_t wire_ps(uint32_t len, uint64_t bps)
{
	return wire_muldiv_ceil(wire_bytes(len) * 8u, 1000000000000ull, bps);
}

void wire_init(struct wire *w, uint64_t hz, uint64_t bps)
{
	assert(hz > 0 && bps > 0);
	w->hz = hz;
	w->bps = bps;
	w->busy_start = 0;
	w->bits = 0;
	w->free_at = 0;
	w->frames = 0;
}

/* busy_start + ceil(bits * hz / bps), at most UINT64_MAX (the end of
 * time: review n54 found it wrapped to before `ready` near it); *exact is
 * set when no rounding and no cap. */
static inline uint64_t boundary(const struct wire *w, uint64_t bits, int *exact)
{
	uint64_t p, off, r;
	if (!__builtin_mul_overflow(bits, w->hz, &p)) {
		*exact = p % w->bps == 0;
		off = p / w->bps + !*exact;
	} else {
		unsigned __int128 q = (unsigned __int128)bits * w->hz;
		*exact = q % w->bps == 0;
		unsigned __int128 o = q / w->bps + !*exact;
		if (o > UINT64_MAX) {
			*exact = 0;
			o = UINT64_MAX;
		}
		off = (uint64_t)o;
	}
	if (__builtin_add_overflow(w->busy_start, off, &r)) {
		*exact = 0;
		return UINT64_MAX;
	}
	return r;
}

uint64_t wire_send(struct wire *w, uint64_t ready, uint32_t len,
                   uint64_t *start, uint64_t *last_bit)
{
	int exact;
	if (ready >= w->free_at) {          /* idle link: a new busy period */
		w->busy_start = ready;
		w->bits = 0;
		w->free_at = ready;
	}
	if (start)
		*start = w->free_at;            /* = boundary(bits), already computed */
	uint64_t to_fcs = wire_bytes_to_fcs(len) * 8u;
	if (last_bit)
		*last_bit = boundary(w, w->bits + to_fcs, &exact);
	w->bits += (WIRE_IFG * 8u) + to_fcs;
	w->free_at = boundary(w, w->bits, &exact);
	if (exact) {                        /* re-base: nothing is lost */
		w->busy_start = w->free_at;
		w->bits = 0;
	}
	w->frames++;
	return w->free_at;
}
