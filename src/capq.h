/* capq.h - the input capture read ahead on a thread of its own [Fig. 8b,
 * the start of the receive path; SPEC T3, N0].
 *
 * capin (libpcap) reads a frame and frame_parse() parses it on a reader
 * thread, into a ring of slots; the node takes them in file order with
 * capq_next(), exactly what capin_next() and frame_parse() would have
 * given it, so every output is the same byte for byte. With a second core
 * the reading (libpcap's copy out of the page cache, capin's checks, the
 * parse: about a quarter of a replay's work) runs beside the simulation.
 * On one processor, or without a thread (pthread_create failed), the
 * frames are read in capq_next() itself. */
#ifndef NICSHARE_CAPQ_H
#define NICSHARE_CAPQ_H

#include <stddef.h>

#include "../model/frame.h"
#include "capin.h"

struct capq;

/* Read cap ahead, `slots` frames at most (rounded up to a power of two,
 * at least 2). The queue owns cap from now on (capq_close closes it).
 * NULL when out of memory (cap is then closed too). */
struct capq *capq_open(struct capin *cap, unsigned slots);

/* The next frame, as capin_next(): 1 with *f (its data valid until the
 * next call) and *fi (its parse; not made for an other_link frame), 0 at
 * the clean end, -1 on damage with capin's message in err. After 0 or -1
 * every further call returns the same. */
int capq_next(struct capq *q, const struct capin_frame **f, const struct frame_info **fi,
              char *err, size_t errlen);

/* Stop the reader (wherever it is) and free everything; NULL is a no-op. */
void capq_close(struct capq *q);

#endif
