/* arp.c - an ARP table (IPv4 -> MAC) of fixed capacity, one per OS.
 * Models: Fig. 8b step 494 (the RT OS updates its ARP table from an ARP
 * reply, then forwards the frame so that GP updates its own) and SPEC C2.
 *
 * Entries live in a dense array of `capacity` records that never move; an
 * open-addressing index (linear probing, a power of two at least twice the
 * capacity, so the load stays <= 1/2) maps an address to its record; a
 * doubly linked list through the records keeps them in update order, the
 * least recently updated at the head. When the table is full a new address
 * takes the head's record. Removal from the index is by backward shift (no
 * tombstones), so lookups never degrade.
 * Cost: update and lookup O(1) expected, no allocation after create. */
#include "arp.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

struct entry {
	uint32_t ip;
	uint8_t mac[6];
	uint64_t when;
	uint32_t prev, next;   /* update order: prev older, next newer */
};

struct arp {
	uint32_t cap, n;
	uint32_t mask;         /* index size - 1 */
	unsigned shift;        /* 32 - log2(index size) */
	uint32_t *index;       /* record number, or NIL */
	struct entry *e;
	uint32_t oldest, newest;
	uint64_t updates, evictions;
};

static inline uint32_t hash(const struct arp *t, uint32_t ip)
{
	/* Fibonacci hashing: the product's high bits, which every bit of ip
	 * moves (its low bits see only ip's low bits: addresses apart in
	 * their high bits alone would share one probe run) */
	return (uint32_t)(ip * 2654435769u) >> t->shift;
}

struct arp *arp_create(uint32_t capacity)
{
	if (capacity == 0 || capacity > ARP_MAX_CAP)
		return NULL;
	struct arp *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	uint32_t size = 2;
	unsigned bits = 1;
	while (size < 2 * capacity) {
		size <<= 1;
		bits++;
	}
	t->cap = capacity;
	t->mask = size - 1;
	t->shift = 32 - bits;
	t->index = malloc(sizeof(uint32_t) * size);
	t->e = malloc(sizeof(struct entry) * capacity);
	if (t->index == NULL || t->e == NULL) {
		arp_destroy(t);
		return NULL;
	}
	memset(t->index, 0xff, sizeof(uint32_t) * size);   /* all NIL */
	t->oldest = t->newest = NIL;
	return t;
}

void arp_destroy(struct arp *t)
{
	if (t == NULL)
		return;
	free(t->index);
	free(t->e);
	free(t);
}

/* Index slot of ip, or the empty slot where it would go. */
static uint32_t find_slot(const struct arp *t, uint32_t ip)
{
	uint32_t i = hash(t, ip);
	while (t->index[i] != NIL && t->e[t->index[i]].ip != ip)
		i = (i + 1) & t->mask;
	return i;
}

/* Remove slot i from the index, shifting later members of the probe run
 * back so that no lookup passes over a hole. */
static void index_remove(struct arp *t, uint32_t i)
{
	uint32_t j = i;
	for (;;) {
		t->index[i] = NIL;
		for (;;) {
			j = (j + 1) & t->mask;
			if (t->index[j] == NIL)
				return;
			uint32_t home = hash(t, t->e[t->index[j]].ip);
			/* j's entry may move to i iff its home is not in (i, j] cyclically */
			bool in_between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
			if (!in_between)
				break;
		}
		t->index[i] = t->index[j];
		i = j;
	}
}

static void list_unlink(struct arp *t, uint32_t r)
{
	struct entry *e = &t->e[r];
	if (e->prev != NIL)
		t->e[e->prev].next = e->next;
	else
		t->oldest = e->next;
	if (e->next != NIL)
		t->e[e->next].prev = e->prev;
	else
		t->newest = e->prev;
}

static void list_append(struct arp *t, uint32_t r)
{
	struct entry *e = &t->e[r];
	e->prev = t->newest;
	e->next = NIL;
	if (t->newest != NIL)
		t->e[t->newest].next = r;
	else
		t->oldest = r;
	t->newest = r;
}

void arp_update(struct arp *t, uint32_t ip, const uint8_t mac[6], uint64_t now)
{
	t->updates++;
	uint32_t s = find_slot(t, ip), r = t->index[s];
	if (r != NIL) {                    /* refresh */
		list_unlink(t, r);
	} else if (t->n < t->cap) {        /* a new record */
		r = t->n++;
		t->index[s] = r;
		t->e[r].ip = ip;
	} else {                           /* full: replace the least recently updated */
		r = t->oldest;
		list_unlink(t, r);
		index_remove(t, find_slot(t, t->e[r].ip));
		t->evictions++;
		s = find_slot(t, ip);          /* the shift may have moved the hole */
		t->index[s] = r;
		t->e[r].ip = ip;
	}
	memcpy(t->e[r].mac, mac, 6);
	t->e[r].when = now;
	list_append(t, r);
}

bool arp_lookup(const struct arp *t, uint32_t ip, uint8_t mac[6])
{
	uint32_t r = t->index[find_slot(t, ip)];
	if (r == NIL)
		return false;
	if (mac)
		memcpy(mac, t->e[r].mac, 6);
	return true;
}

bool arp_updated_at(const struct arp *t, uint32_t ip, uint64_t *when)
{
	uint32_t r = t->index[find_slot(t, ip)];
	if (r == NIL)
		return false;
	if (when)
		*when = t->e[r].when;
	return true;
}

uint32_t arp_count(const struct arp *t)
{
	return t->n;
}

uint32_t arp_capacity(const struct arp *t)
{
	return t->cap;
}

uint64_t arp_updates(const struct arp *t)
{
	return t->updates;
}

uint64_t arp_evictions(const struct arp *t)
{
	return t->evictions;
}

bool arp_check(const struct arp *t)
{
	if (t->n > t->cap)
		return false;
	/* the index holds each record once, and each is findable */
	uint32_t seen = 0;
	for (uint32_t i = 0; i <= t->mask; i++) {
		uint32_t r = t->index[i];
		if (r == NIL)
			continue;
		if (r >= t->n || find_slot(t, t->e[r].ip) != i)
			return false;
		seen++;
	}
	if (seen != t->n)
		return false;
	/* the list runs oldest -> newest through all n records */
	uint32_t k = 0, prev = NIL;
	for (uint32_t r = t->oldest; r != NIL; r = t->e[r].next) {
		if (r >= t->n || t->e[r].prev != prev || ++k > t->n)
			return false;
		prev = r;
	}
	return k == t->n && prev == t->newest;
}
