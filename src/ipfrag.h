/* ipfrag.h - IPv4 and IPv6 reassembly (RFC 791 section 3.2, RFC 8200
 * section 4.5) of the UDP datagrams GP's SIP engine reads: GP's stack gives a socket whole datagrams, so an
 * INVITE whose SDP does not fit one frame reaches the engine whole, the
 * instant its last fragment is delivered (as tshark, with
 * ip.defragment on, shows it).
 *
 * At most IPFRAG_SLOTS datagrams are held at once; a fragment of another
 * one when all are taken drops the oldest (counted, as Linux's ipfrag
 * memory limit drops). A datagram whose fragments overlap, disagree on
 * its end, or were cut by the capture's snap length is dropped whole
 * (Linux drops overlapping IPv4 fragments too); a fragment all of whose
 * bytes are held already (a copy) is ignored. An IPv6 datagram is whole
 * from its fragment header on: its payload starts with that header's next
 * header. */
#ifndef NICSHARE_IPFRAG_H
#define NICSHARE_IPFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/frame.h"

#define IPFRAG_SLOTS 16u

/* A fragment of a UDP datagram, IPv4 or IPv6 (whatever its offset): what
 * GP's stack makes whole before a SIP socket reads it. */
static inline bool ipfrag_is_udp(const struct frame_info *fi)
{
	return (fi->l3 == L3_IPV4 || fi->l3 == L3_IPV6) && fi->ip_fragment && fi->ip_proto == 17;
}

enum ipfrag_res {
	IPFRAG_NOT,      /* not an IP fragment: nothing done */
	IPFRAG_HELD,     /* kept; the datagram is not whole yet */
	IPFRAG_DONE,     /* the datagram is whole: *dgram, *len */
	IPFRAG_BAD,      /* the datagram cannot be made whole: dropped */
};

struct ipfrag_stats {
	uint64_t done;       /* datagrams made whole */
	uint64_t bad;        /* dropped: overlap, two ends, cut by the snap length (a
	                        later fragment of it starts it anew: it may count again) */
	uint64_t evicted;    /* dropped for room, not whole */
	uint64_t held;       /* held now, not whole (at a run's end: never whole) */
};

struct ipfrag;

/* NULL when out of memory. */
struct ipfrag *ipfrag_create(void);
void ipfrag_destroy(struct ipfrag *r);

/* Frame p (caplen bytes, parsed into fi) joins its datagram when it is an
 * IPv4 or IPv6 fragment. IPFRAG_DONE: *dgram is the datagram's IP payload (its L4
 * header first, *len bytes), *proto its protocol; valid until the next
 * call. */
enum ipfrag_res ipfrag_add(struct ipfrag *r, const uint8_t *p, uint32_t caplen,
                           const struct frame_info *fi, const uint8_t **dgram, size_t *len,
                           uint8_t *proto);

void ipfrag_stats(const struct ipfrag *r, struct ipfrag_stats *st);

/* A whole UDP datagram's payload (d, n from IPFRAG_DONE with protocol 17):
 * the bytes its length field covers, its ports in *sport, *dport; NULL
 * when the header or its length does not fit n. */
const uint8_t *ipfrag_udp(const uint8_t *d, size_t n, uint16_t *sport, uint16_t *dport,
                          size_t *len);

/* ipfrag_add, then ipfrag_udp on what it made whole: the payload of the
 * UDP datagram frame p completes (its ports in *sport, *dport), or NULL
 * (held, dropped, not UDP, or a header that does not fit). */
const uint8_t *ipfrag_add_udp(struct ipfrag *r, const uint8_t *p, uint32_t caplen,
                              const struct frame_info *fi, uint16_t *sport, uint16_t *dport,
                              size_t *len);

#endif
