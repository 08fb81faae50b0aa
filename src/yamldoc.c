/* yamldoc.c - a YAML document whose aliases are nodes of their own, see
 * yamldoc.h. Built from the parser's events with libyaml's public document
 * API, as libyaml's loader builds it (tags, marks, anchors, errors). */
#include "yamldoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct anchor {            /* an anchor seen in the document */
	char *name;
	int id;
	yaml_mark_t mark;
};

struct open {              /* a collection not yet ended */
	int id;
	int key;               /* a mapping's key waiting for its value; 0: none */
};

struct ld {
	yaml_parser_t *p;
	yaml_document_t *d;
	struct anchor *anchors;
	size_t nanchors;
	struct open *open;
	size_t nopen, capopen;
};

static int memory(struct ld *L)
{
	L->p->error = YAML_MEMORY_ERROR;
	return 0;
}

static int composer(struct ld *L, const char *context, yaml_mark_t cmark, const char *problem,
                    yaml_mark_t pmark)
{
	L->p->error = YAML_COMPOSER_ERROR;
	L->p->context = context;
	L->p->context_mark = cmark;
	L->p->problem = problem;
	L->p->problem_mark = pmark;
	return 0;
}

/* A tag as the loader takes it: none, or "!", is the kind's default. */
static yaml_char_t *tag_of(yaml_char_t *t)
{
	return t && strcmp((const char *)t, "!") != 0 ? t : NULL;
}

static int find(const struct ld *L, const char *name)
{
	for (size_t i = L->nanchors; i-- > 0;)
		if (strcmp(L->anchors[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int anchor(struct ld *L, yaml_char_t *name, int id, yaml_mark_t mark)
{
	if (!name)
		return 1;
	int i = find(L, (const char *)name);
	if (i >= 0)
		return composer(L, "found duplicate anchor; first occurrence", L->anchors[i].mark,
		                "second occurrence", mark);
	struct anchor *a = realloc(L->anchors, (L->nanchors + 1) * sizeof *a);
	char *n = strdup((const char *)name);
	if (!a || !n) {
		free(n);
		if (a)
			L->anchors = a;
		return memory(L);
	}
	L->anchors = a;
	a[L->nanchors++] = (struct anchor){n, id, mark};
	return 1;
}

/* Put node id where the open collection wants it (the root when none). */
static int attach(struct ld *L, int id)
{
	if (!L->nopen)
		return 1;
	struct open *o = &L->open[L->nopen - 1];
	yaml_node_t *c = yaml_document_get_node(L->d, o->id);
	int ok;
	if (c->type == YAML_SEQUENCE_NODE) {
		ok = yaml_document_append_sequence_item(L->d, o->id, id);
	} else if (!o->key) {
		o->key = id;
		ok = 1;
	} else {
		ok = yaml_document_append_mapping_pair(L->d, o->id, o->key, id);
		o->key = 0;
	}
	return ok ? 1 : memory(L);
}

static int push(struct ld *L, int id)
{
	if (L->nopen == L->capopen) {
		size_t cap = L->capopen ? 2 * L->capopen : 16;
		struct open *o = realloc(L->open, cap * sizeof *o);
		if (!o)
			return memory(L);
		L->open = o;
		L->capopen = cap;
	}
	L->open[L->nopen++] = (struct open){id, 0};
	return 1;
}

static void mark(yaml_document_t *d, int id, const yaml_event_t *e)
{
	yaml_node_t *n = yaml_document_get_node(d, id);
	n->start_mark = e->start_mark;
	n->end_mark = e->end_mark;
}

/* *NAME: a node of its own at the alias, holding the anchor's node's
 * content (shared); the anchor's collection itself when still open. */
static int alias(struct ld *L, const yaml_event_t *e)
{
	int i = find(L, (const char *)e->data.alias.anchor);
	if (i < 0)
		return composer(L, NULL, e->start_mark, "found undefined alias", e->start_mark);
	int to = L->anchors[i].id;
	for (size_t k = 0; k < L->nopen; k++)
		if (L->open[k].id == to)
			return attach(L, to);
	int id = yaml_document_add_sequence(L->d, NULL, YAML_ANY_SEQUENCE_STYLE);
	if (!id)
		return memory(L);
	yaml_node_t *n = yaml_document_get_node(L->d, id);
	free(n->tag);                    /* the new node's own, replaced below */
	free(n->data.sequence.items.start);
	*n = *yaml_document_get_node(L->d, to);
	mark(L->d, id, e);
	return attach(L, id);
}

static int node(struct ld *L, const yaml_event_t *e)
{
	int id;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return alias(L, e);
	case YAML_SCALAR_EVENT:
		id = yaml_document_add_scalar(L->d, tag_of(e->data.scalar.tag), e->data.scalar.value,
		                              (int)e->data.scalar.length, e->data.scalar.style);
		if (!id)
			return memory(L);
		mark(L->d, id, e);
		return anchor(L, e->data.scalar.anchor, id, e->start_mark) && attach(L, id);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int seq = e->type == YAML_SEQUENCE_START_EVENT;
		yaml_char_t *tag = tag_of(seq ? e->data.sequence_start.tag : e->data.mapping_start.tag);
		id = seq ? yaml_document_add_sequence(L->d, tag, e->data.sequence_start.style)
		         : yaml_document_add_mapping(L->d, tag, e->data.mapping_start.style);
		if (!id)
			return memory(L);
		mark(L->d, id, e);
		return anchor(L, seq ? e->data.sequence_start.anchor : e->data.mapping_start.anchor, id,
		              e->start_mark) && attach(L, id) && push(L, id);
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (L->nopen)
			yaml_document_get_node(L->d, L->open[--L->nopen].id)->end_mark = e->end_mark;
		return 1;
	default:
		return 1;
	}
}

int yamldoc_load(yaml_parser_t *p, yaml_document_t *d)
{
	struct ld L = {p, d, NULL, 0, NULL, 0, 0};
	yaml_event_t e;
	int ok = 0, begun = 0;
	memset(d, 0, sizeof *d);
	if (!p->stream_start_produced) {
		if (!yaml_parser_parse(p, &e))
			return 0;
		yaml_event_delete(&e);           /* the stream's start */
	}
	if (p->stream_end_produced)
		return 1;
	if (!yaml_parser_parse(p, &e))
		return 0;
	if (e.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&e);
		return 1;
	}
	/* the document's start */
	if (!yaml_document_initialize(d, e.data.document_start.version_directive,
	                              e.data.document_start.tag_directives.start,
	                              e.data.document_start.tag_directives.end,
	                              e.data.document_start.implicit, 1)) {
		yaml_event_delete(&e);
		memset(d, 0, sizeof *d);
		return memory(&L);
	}
	begun = 1;
	d->start_mark = e.start_mark;
	yaml_event_delete(&e);
	for (;;) {
		if (!yaml_parser_parse(p, &e))
			break;
		if (e.type == YAML_DOCUMENT_END_EVENT) {
			d->end_implicit = e.data.document_end.implicit;
			d->end_mark = e.end_mark;
			yaml_event_delete(&e);
			ok = 1;
			break;
		}
		int r = node(&L, &e);
		yaml_event_delete(&e);
		if (!r)
			break;
	}
	for (size_t i = 0; i < L.nanchors; i++)
		free(L.anchors[i].name);
	free(L.anchors);
	free(L.open);
	if (!ok && begun) {
		yamldoc_delete(d);
		memset(d, 0, sizeof *d);
	}
	return ok;
}

struct held {              /* what a node holds in memory, and the node */
	void *p;
	size_t i;
};

static int held_cmp(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	uintptr_t u = (uintptr_t)x->p, v = (uintptr_t)y->p;
	return u != v ? (u < v ? -1 : 1) : (x->i > y->i) - (x->i < y->i);
}

static void **held_of(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE   ? (void **)&n->data.scalar.value
	       : n->type == YAML_SEQUENCE_NODE ? (void **)&n->data.sequence.items.start
	                                       : (void **)&n->data.mapping.pairs.start;
}

void yamldoc_delete(yaml_document_t *d)
{
	/* an alias's node shares its anchor's tag and content, which come
	 * first in the document: freed once, by the node that came first */
	size_t n = d->nodes.start ? (size_t)(d->nodes.top - d->nodes.start) : 0;
	if (n > 1) {       /* (qsort of no array is undefined: UBSan said so) */
		struct held *h = calloc(n, sizeof *h);
		if (!h)
			return;    /* left, rather than freed twice */
		for (size_t i = 0; i < n; i++)
			h[i] = (struct held){*held_of(&d->nodes.start[i]), i};
		qsort(h, n, sizeof *h, held_cmp);
		for (size_t k = 1; k < n; k++)
			if (h[k].p == h[k - 1].p) {
				yaml_node_t *x = &d->nodes.start[h[k].i];
				*held_of(x) = NULL;
				x->tag = NULL;
			}
		free(h);
	}
	yaml_document_delete(d);
}
