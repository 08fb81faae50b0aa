/* capq.c - the input capture read ahead on a thread of its own, see capq.h.
 * Models: the Ethernet side of NIC 118 (Fig. 1), what arrives on the wire;
 * SPEC T3, N0 (the reading only: the node decides what the frames are).
 *
 * A ring of slots with free-running indices masked into it (as DPDK's
 * lib/ring): the reader fills slot head & mask and then counts head up;
 * the node takes slot tail & mask, holds it until its next call (the
 * frame's data stays valid that long), then counts tail up. One writer
 * per index, so the indices need no lock; each side keeps the other's
 * index as last seen and reads it again only when the ring looks full
 * (reader) or empty (node), so the two cores share a cache line once per
 * batch, not per frame. A side with nothing to do sleeps on a condition
 * variable: the reader until the ring is half free (one wake-up per half
 * ring, not per frame), the node until one frame is there. The flags
 * saying so are read after the index is written, and written before it
 * is read again under the mutex, all sequentially consistent: a wake-up
 * cannot be lost. The side that wakes the other takes the flag (an
 * exchange), so it signals once per sleep, not at every frame until the
 * sleeper has run; so the sleeper sets its flag again before each look
 * and each sleep, all under the mutex. (Set once before its loop, a
 * wake-up that took the flag of a sleep already over, after a spurious
 * return from the wait, left the next sleep without one: no one woke it,
 * and the other side went on to sleep too. A bound campaign met it once
 * in 1,500 runs, on two loaded cores.)
 *
 * Costs per frame: on the reader, capin_next(), a copy of the captured
 * bytes into the slot and frame_parse(); on the node, two atomic stores.
 * Memory: slots x (a 2 KiB buffer, grown for a longer frame and kept, and
 * the parse). */
#include "capq.h"
#include "bgthread.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOT_BYTES 2048u

/* A slot fills whole cache lines: the reader writing one slot never
 * shares a line with the node reading the one before. */
struct slot {
	alignas(64) struct capin_frame f;   /* f.data points into buf */
	struct frame_info fi;
	uint8_t *buf;
	uint32_t room;          /* bytes at buf */
	bool own;               /* buf is malloc'd for this slot (grown) */
	int rc;                 /* capin_next's: 1 a frame, 0 the end, -1 damage */
};

/* What each side writes at every frame sits on a cache line of its own
 * (a line written by both would travel between the cores every frame). */
struct capq {
	struct capin *cap;
	struct slot *s;
	uint8_t *arena;         /* the slots' first buffers */
	uint64_t n, mask;
	bool threaded;
	/* the reader's */
	alignas(64) _Atomic uint64_t head;   /* slots filled */
	uint64_t tail_seen;     /* its last look at tail */
	/* the node's */
	alignas(64) _Atomic uint64_t tail;   /* slots given back */
	uint64_t head_seen;     /* its last look at head */
	bool held;              /* it holds slot tail */
	int done;               /* 1 while frames come; then 0 (end) or -1 (damage) */
	/* both, rarely */
	alignas(64) pthread_t th;
	pthread_mutex_t mu;     /* for the two sleeps */
	pthread_cond_t space, data;
	_Atomic bool reader_waits, node_waits, stop;
	char err[512];          /* written by the reader before the failed slot */
};

/* One frame into slot sl: read, copied, parsed. */
static void fill(struct capq *q, struct slot *sl)
{
	struct capin_frame f;
	sl->rc = capin_next(q->cap, &f, q->err, sizeof q->err);
	if (sl->rc != 1)
		return;
	if (f.caplen > sl->room) {
		uint8_t *b = malloc(f.caplen);
		if (!b) {
			snprintf(q->err, sizeof q->err, "out of memory for a %u-byte frame (frame %llu)",
			         (unsigned)f.caplen, (unsigned long long)f.index);
			sl->rc = -1;
			return;
		}
		if (sl->own)
			free(sl->buf);
		sl->buf = b;
		sl->room = f.caplen;
		sl->own = true;
	}
	memcpy(sl->buf, f.data, f.caplen);
	sl->f = f;
	sl->f.data = sl->buf;
	if (!f.other_link)     /* not Ethernet: the node parses nothing either */
		frame_parse(sl->buf, f.caplen, f.wirelen, &sl->fi);
}

/* The reader: fill slots until the end, damage or stop. */
static void *reader(void *arg)
{
	struct capq *q = arg;
	uint64_t h = 0;
	while (!atomic_load_explicit(&q->stop, memory_order_relaxed)) {
		if (h - q->tail_seen == q->n &&
		    h - (q->tail_seen = atomic_load(&q->tail)) == q->n) {
			/* full: sleep until half of it is free again; the flag is
			 * set again before each look and sleep (a wake-up may have
			 * taken it: see the file's comment) */
			pthread_mutex_lock(&q->mu);
			for (;;) {
				atomic_store(&q->reader_waits, true);
				if (atomic_load(&q->stop) ||
				    h - (q->tail_seen = atomic_load(&q->tail)) <= q->n / 2)
					break;
				pthread_cond_wait(&q->space, &q->mu);
			}
			atomic_store(&q->reader_waits, false);
			pthread_mutex_unlock(&q->mu);
			continue;
		}
		struct slot *sl = &q->s[h & q->mask];
		fill(q, sl);
		atomic_store(&q->head, ++h);
		if (atomic_load(&q->node_waits) && atomic_exchange(&q->node_waits, false)) {
			pthread_mutex_lock(&q->mu);       /* once per sleep: the flag is taken */
			pthread_cond_signal(&q->data);
			pthread_mutex_unlock(&q->mu);
		}
		if (sl->rc != 1)
			break;
	}
	return NULL;
}

static void free_slots(struct capq *q)
{
	for (uint64_t i = 0; q->s && i < q->n; i++)
		if (q->s[i].own)
			free(q->s[i].buf);
	free(q->s);
	free(q->arena);
}

struct capq *capq_open(struct capin *cap, unsigned slots)
{
	uint64_t n = 2;
	while (n < slots)
		n *= 2;
	/* sizes of over-aligned types are multiples of their alignment */
	struct capq *q = aligned_alloc(alignof(struct capq), sizeof *q);
	if (q) {
		memset(q, 0, sizeof *q);
		q->n = n;
		q->mask = n - 1;
		if ((q->s = aligned_alloc(alignof(struct slot), n * sizeof *q->s)))
			memset(q->s, 0, n * sizeof *q->s);
		q->arena = malloc(n * SLOT_BYTES);
	}
	if (!q || !q->s || !q->arena) {
		if (q)
			free_slots(q);
		free(q);
		capin_close(cap);
		return NULL;
	}
	for (uint64_t i = 0; i < n; i++) {
		q->s[i].buf = q->arena + i * SLOT_BYTES;
		q->s[i].room = SLOT_BYTES;
	}
	q->cap = cap;
	q->done = 1;
	atomic_init(&q->head, 0);
	atomic_init(&q->tail, 0);
	atomic_init(&q->reader_waits, false);
	atomic_init(&q->node_waits, false);
	atomic_init(&q->stop, false);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->space, NULL);
	pthread_cond_init(&q->data, NULL);
	/* the stack holds libpcap's and capin's locals; on one processor the
	 * thread would only take turns with the run */
	q->threaded = sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	              bgthread_start(&q->th, 512 * 1024, reader, q);
	return q;
}

int capq_next(struct capq *q, const struct capin_frame **f, const struct frame_info **fi,
              char *err, size_t errlen)
{
	if (q->done != 1) {
		if (q->done < 0)
			snprintf(err, errlen, "%s", q->err);
		return q->done;
	}
	struct slot *sl;
	if (!q->threaded) {
		sl = &q->s[0];
		fill(q, sl);
	} else {
		uint64_t t = atomic_load_explicit(&q->tail, memory_order_relaxed);
		if (q->held) {        /* the frame given last time goes back */
			q->held = false;
			atomic_store(&q->tail, ++t);
			if (atomic_load(&q->reader_waits) && atomic_load(&q->head) - t <= q->n / 2 &&
			    atomic_exchange(&q->reader_waits, false)) {
				/* once per sleep: until the reader ran again, every frame
				 * signalled it (108,756 times in 250,000 frames of make
				 * bench's mix), its wake-up slowed by the mutex taken */
				pthread_mutex_lock(&q->mu);
				pthread_cond_signal(&q->space);
				pthread_mutex_unlock(&q->mu);
			}
		}
		if (t == q->head_seen && t == (q->head_seen = atomic_load(&q->head))) {
			pthread_mutex_lock(&q->mu);
			for (;;) {                /* the flag again before each look */
				atomic_store(&q->node_waits, true);
				if (t != (q->head_seen = atomic_load(&q->head)))
					break;
				pthread_cond_wait(&q->data, &q->mu);
			}
			atomic_store(&q->node_waits, false);
			pthread_mutex_unlock(&q->mu);
		}
		sl = &q->s[t & q->mask];
		q->held = sl->rc == 1;
		if (t + 1 != q->head_seen) {
			/* the next frame's record and first bytes come from the
			 * reader's core while this one is simulated */
			const char *nx = (const char *)&q->s[(t + 1) & q->mask];
			const uint8_t *nb = q->arena + ((t + 1) & q->mask) * SLOT_BYTES;
			for (unsigned k = 0; k < sizeof(struct slot); k += 64)
				__builtin_prefetch(nx + k);
			__builtin_prefetch(nb);       /* its first buffer: the usual one */
			__builtin_prefetch(nb + 64);
		}
	}
	if (sl->rc != 1) {
		q->done = sl->rc;
		if (sl->rc < 0)
			snprintf(err, errlen, "%s", q->err);
		return sl->rc;
	}
	*f = &sl->f;
	*fi = &sl->fi;
	return 1;
}

void capq_close(struct capq *q)
{
	if (!q)
		return;
	if (q->threaded) {
		atomic_store(&q->stop, true);
		pthread_mutex_lock(&q->mu);
		pthread_cond_signal(&q->space);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->th, NULL);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->space);
	pthread_cond_destroy(&q->data);
	capin_close(q->cap);
	free_slots(q);
	free(q);
}
