/* evq.c - binary heap of events, see evq.h. */
#include "evq.h"

#include <stdlib.h>

void evq_init(struct evq *q)
{
	q->h = NULL;
	q->n = q->cap = 0;
	q->seq = 0;
	q->pushed = 0;
}

void evq_free(struct evq *q)
{
	free(q->h);
	evq_init(q);
}

static inline bool before(const struct evq_ev *a, const struct evq_ev *b)
{
	return a->t < b->t || (a->t == b->t && a->key < b->key);
}

bool evq_push(struct evq *q, uint64_t t, unsigned cls, uint32_t type, uint32_t arg)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		struct evq_ev *h = realloc(q->h, cap * sizeof *h);
		if (!h)
			return false;
		q->h = h;
		q->cap = cap;
	}
	struct evq_ev e = {t, ((uint64_t)cls << 56) | (q->seq++ & ((1ull << 56) - 1)), type, arg};
	size_t i = q->n++;
	while (i > 0) {                     /* sift up */
		size_t p = (i - 1) / 2;
		if (!before(&e, &q->h[p]))
			break;
		q->h[i] = q->h[p];
		i = p;
	}
	q->h[i] = e;
	q->pushed++;
	return true;
}

bool evq_pop(struct evq *q, struct evq_ev *out)
{
	if (q->n == 0)
		return false;
	*out = q->h[0];
	struct evq_ev last = q->h[--q->n];
	size_t i = 0, n = q->n;
	for (;;) {                          /* sift down */
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&q->h[c + 1], &q->h[c]))
			c++;
		if (!before(&q->h[c], &last))
			break;
		q->h[i] = q->h[c];
		i = c;
	}
	if (n)
		q->h[i] = last;
	return true;
}
