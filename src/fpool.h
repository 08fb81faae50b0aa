/* fpool.h - frame records in flight, and their pool.
 * A record is what the node knows of one frame while it is inside the
 * computer: its bytes, its parse (done once, when the frame enters: SPEC
 * item 4 of the components issue), its latency start and its verdict. The
 * pool grows only to the sum of the bounded queues (rings, channels,
 * socket backlog, scheduler bands), so memory does not depend on the
 * capture's length (SPEC A1). Records are named by a 32-bit pool id, which
 * is what rings and queues carry. */
#ifndef NICSHARE_FPOOL_H
#define NICSHARE_FPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/frame.h"

enum fr_kind { FK_RX = 0, FK_RT_TX, FK_GP_TX };
enum fr_src { TX_APP = 0, TX_ECHO, TX_REPLAY };

struct fr {
	uint64_t id;          /* input: capture index; outgoing: o<id> */
	uint64_t t0;          /* latency start: RX last bit in, or TX request */
	uint64_t t_origin;    /* echo: the request's last bit in */
	uint64_t t_wire;      /* outgoing: cycle its first bit goes out */
	uint64_t t_last;      /* outgoing: cycle its last bit went out (sent) */
	uint64_t origin_id;   /* echo: the request's capture index */
	uint8_t *buf;
	uint32_t bufcap, caplen, wirelen;
	uint8_t kind, src, decision, reason;   /* enum fr_kind, fr_src, verdict */
	uint8_t in_use;
	uint16_t port;        /* RT port it was delivered to */
	uint8_t has_fi;       /* outgoing: fi is buf's parse (a call's RTP packet,
	                         from its cache), which the wire's hook copies */
	struct frame_info fi; /* the parse of buf: input frames, and outgoing ones
	                         with has_fi (last member: fpool_get does not clear
	                         it) */
};

struct fpool;

struct fpool *fpool_create(void);
void fpool_destroy(struct fpool *p);
/* A fresh record with room for `need` bytes; -1 when memory runs out. The
 * record's fields are zero except buf/bufcap. */
int fpool_get(struct fpool *p, uint32_t need, uint32_t *id);
/* Return a record. A record returned twice is an engine bug (A1): abort. */
void fpool_put(struct fpool *p, uint32_t id);
/* The record of pool id `id`. Valid until the next fpool_get (the pool may
 * move when it grows). Inline; struct fpool begins with the array. */
struct fpool_head { struct fr *rec; };
static inline struct fr *fpool_at(struct fpool *p, uint32_t id)
{
	return &((struct fpool_head *)(void *)p)->rec[id];
}
uint32_t fpool_in_flight(const struct fpool *p);
/* Ids ever handed out: 0 .. fpool_span()-1, for the end-of-run sweep. */
uint32_t fpool_span(const struct fpool *p);

#endif
