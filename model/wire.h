/* wire.h - Ethernet serialisation: SPEC S3.
 * A frame holds the link for (preamble+SFD 8 + frame + FCS 4, padded to 64,
 * + inter-frame gap 12) bytes x 8 / rate.
 * Exact over any number of frames: a busy link keeps the integer bit count
 * since it became busy and derives every boundary from it,
 *   t = busy_start + ceil(bits * hz / bps),
 * so no rounded duration is ever accumulated (doc/engine.md, "Time"). */
#ifndef NICSHARE_WIRE_H
#define NICSHARE_WIRE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WIRE_PREAMBLE 8u
#define WIRE_FCS 4u
#define WIRE_MIN_FRAME 64u   /* including FCS */
#define WIRE_IFG 12u

/* Bytes the frame occupies on the wire; len excludes the FCS. */
uint64_t wire_bytes(uint32_t len);
/* Bytes up to and including the FCS's last bit (no gap). */
uint64_t wire_bytes_to_fcs(uint32_t len);
/* Picoseconds a frame of len bytes (FCS excluded) holds a link of bps,
 * rounded up. */
uint64_t wire_ps(uint32_t len, uint64_t bps);
/* ceil(a * b / c) in 128-bit arithmetic; c > 0. */
uint64_t wire_muldiv_ceil(uint64_t a, uint64_t b, uint64_t c);
uint64_t wire_muldiv_floor(uint64_t a, uint64_t b, uint64_t c);

/* One direction of one link, timed in CPU cycles at hz. */
struct wire {
	uint64_t hz, bps;
	uint64_t busy_start;  /* cycle the current busy period began (moved up to
	                         a later boundary that falls exactly on a cycle,
	                         which loses nothing and keeps bits small) */
	uint64_t bits;        /* bits sent since busy_start (incl. gaps) */
	uint64_t free_at;     /* cycle the link is free again */
	uint64_t frames;      /* frames sent since init */
};

void wire_init(struct wire *w, uint64_t hz, uint64_t bps);

/* Put a frame on the link no earlier than cycle `ready`. A frame ready
 * before free_at queues behind the busy period and continues its bit
 * count; one ready at or after free_at starts a new busy period at `ready`.
 * Returns the cycle its first bit goes out (*start), its FCS's last bit
 * arrives (*last_bit) and the link is free again after the gap (return
 * value). start and last_bit may be NULL. Times past UINT64_MAX are
 * UINT64_MAX. */
uint64_t wire_send(struct wire *w, uint64_t ready, uint32_t len,
                   uint64_t *start, uint64_t *last_bit);

#ifdef __cplusplus
}
#endif

#endif
