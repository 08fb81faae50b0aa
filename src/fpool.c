/* fpool.c - frame records in flight, see fpool.h.
 * A free list over a growing array; buffers are kept with their record and
 * reused, so a run in its steady state allocates nothing per frame. */
#include "fpool.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct fpool {
	struct fr *rec;      /* first: fpool_at() reads it */
	uint32_t n, cap;     /* records handed out at least once; allocated */
	uint32_t *freel;
	uint32_t nfree;
	uint32_t in_flight;
};

struct fpool *fpool_create(void)
{
	return calloc(1, sizeof(struct fpool));
}

void fpool_destroy(struct fpool *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->cap; i++)
		free(p->rec[i].buf);
	free(p->rec);
	free(p->freel);
	free(p);
}

int fpool_get(struct fpool *p, uint32_t need, uint32_t *out)
{
	uint32_t id;
	if (p->nfree) {
		id = p->freel[--p->nfree];
	} else {
		if (p->n == p->cap) {
			uint32_t cap = p->cap ? p->cap * 2 : 256;
			struct fr *r = realloc(p->rec, cap * sizeof *r);
			if (!r)
				return -1;
			p->rec = r;
			uint32_t *fl = realloc(p->freel, cap * sizeof *fl);
			if (!fl)
				return -1;
			p->freel = fl;
			memset(p->rec + p->cap, 0, (cap - p->cap) * sizeof *r);
			p->cap = cap;
		}
		id = p->n++;
	}
	struct fr *f = &p->rec[id];
	if (f->bufcap < need) {
		uint32_t cap = need < 2048 ? 2048 : need;
		uint8_t *b = realloc(f->buf, cap);
		if (!b) {
			p->freel[p->nfree++] = id;
			return -1;
		}
		f->buf = b;
		f->bufcap = cap;
	}
	uint8_t *b = f->buf;
	uint32_t bc = f->bufcap;
	memset(f, 0, offsetof(struct fr, fi));   /* the parse is written by whoever parses */
	f->buf = b;
	f->bufcap = bc;
	f->in_use = 1;
	p->in_flight++;
	*out = id;
	return 0;
}

void fpool_put(struct fpool *p, uint32_t id)
{
	struct fr *f = &p->rec[id];
	if (!f->in_use)
		abort();     /* a frame finished twice: an engine bug (A1) */
	f->in_use = 0;
	p->in_flight--;
	p->freel[p->nfree++] = id;
}

uint32_t fpool_in_flight(const struct fpool *p) { return p->in_flight; }
uint32_t fpool_span(const struct fpool *p) { return p->n; }
