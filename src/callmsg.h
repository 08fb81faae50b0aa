/* callmsg.h - the frames of a generated call: its SIP messages (RFC 3261,
 * SDP RFC 4566) and RTP packets (RFC 3550), as the gateway's GP and RT and
 * as the far end send them. One builder for both ends, so that a far end
 * modelled inside the computer (callplay.c) and one on a host of its own
 * across a world (phost.c, app callfar) send the same bytes.
 * Models: the second embodiment (Figs. 9-10, claims 16-18): the gateway
 * 902 and the far computer 904 exchanging call set-up and media. */
#ifndef NICSHARE_CALLMSG_H
#define NICSHARE_CALLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/frame.h"
#include "callgen.h"
#include "sip.h"

/* A call's messages, in callgen's order (the 200 to a BYE last). */
enum callmsg { CM_INVITE = 0, CM_100, CM_180, CM_200, CM_ACK, CM_BYE, CM_BYE_OK };

/* The two ends: addresses host order. gw_rtp_port: the gateway's RTP
 * port as its SDP gave it (the far end's packets go there), 0: the call's
 * local_port (callgen's, the one GP's SDP carries). */
struct callmsg_ends {
	uint32_t gw_ipv4, far_ipv4;
	uint8_t gw_mac[6], far_mac[6];
	uint16_t gw_sip_port, far_sip_port;
	uint16_t gw_rtp_port;
};

/* Message m of call k as a frame sent by the gateway (by_gw) or by the far
 * end; ip_id is the IPv4 identification. Returns its length (0 when it
 * does not fit in cap). */
size_t callmsg_sip(const struct callmsg_ends *e, const struct callgen_call *k, enum callmsg m,
                   bool by_gw, uint16_t ip_id, uint8_t *buf, size_t cap);

/* RTP packet n (0-based) of call k, sent by the gateway's RT (by_gw) or by
 * the far end: the codec's payload type, callgen's SSRC, sequence and
 * timestamp starts, silence as the codec codes it (mu-law 0xff, A-law
 * 0xd5, G.729 zeros). Length, or 0. */
size_t callmsg_rtp(const struct callmsg_ends *e, const struct callgen_call *k, bool by_gw,
                   uint64_t n, uint8_t *buf, size_t cap);

/* The same packet from a copy of the call's first, kept in *c (zeroed
 * before the first use; callmsg_rtp_cache_free at the end): the sequence
 * number, timestamp and IP identification written in and the two
 * checksums from the first packet's sums without those words (the same
 * class modulo 0xffff as the whole sums, both positive, so the same
 * fields). Byte for byte callmsg_rtp's; about 80 instructions against 450.
 * The payload is the codec's silence, one byte over and over: the cache
 * keeps the 54 bytes of headers and that byte, not the packet (a call's
 * turn comes every ptime, and 1000 calls' 214-byte copies were each a
 * cache miss on the way to the wire).
 * One cache per call and direction, the ends and the call unchanged.
 * callmsg_rtp_parse: the packets' parse, once a packet has been built from
 * the cache (NULL before, or when the cache could not be made). */
struct callmsg_rtp_cache {
	uint32_t len;         /* packet 0's length; 0: not made yet */
	uint32_t ip_sum, udp_sum;   /* its IP header's and its UDP sums (pseudo-header in) */
	uint8_t fill;         /* the payload after the RTP header, every byte */
	bool filled;          /* ... so: the header here and the fill make the packet */
	uint8_t head[54];     /* its headers (Ethernet to RTP), changing words zero */
	uint8_t *frame;       /* packet 0 whole, when its payload is no fill */
	struct frame_info fi; /* frame_parse of every packet of the call: the words
	                         written in (IP identification and checksum, UDP
	                         checksum, RTP sequence and timestamp) are ones
	                         no parse reads */
};
size_t callmsg_rtp_cached(struct callmsg_rtp_cache *c, const struct callmsg_ends *e,
                          const struct callgen_call *k, bool by_gw, uint64_t n, uint8_t *buf,
                          size_t cap);
const struct frame_info *callmsg_rtp_parse(const struct callmsg_rtp_cache *c);
void callmsg_rtp_cache_free(struct callmsg_rtp_cache *c);

/* What a received message of a call is, for the side that answers it. */
enum callmsg_kind { CK_OTHER = 0, CK_INVITE, CK_BYE, CK_OK_INVITE, CK_OK_BYE, CK_ACK };
enum callmsg_kind callmsg_kind(const struct sip_msg *m);

/* The far end's answers to a message of kind k, each `delay_ps` after the
 * message (callgen's calls.far.*): an INVITE: 100, 180, 200 after d100,
 * d180, d200 (GP's side answers an INVITE the same way); a BYE: its 200
 * after bye_ok; the 200 to its INVITE: the ACK after ack. At most 3, into
 * r; their count. One definition for the far end modelled inside a
 * computer (callplay.c) and on a world's host (phost.c). */
struct callmsg_reply { enum callmsg m; uint64_t delay_ps; };
size_t callmsg_replies(enum callmsg_kind k, const struct callgen_cfg *g, struct callmsg_reply r[3]);

/* An IPv4 address (host order) as frame.h's 16-byte address. */
void callmsg_ip4(uint32_t a, uint8_t ip[16]);

/* The call's index in the schedule (0-based) from a Call-ID of the
 * generator seeded `seed`; SIZE_MAX when it is not one of its calls or
 * beyond ncalls. */
size_t callmsg_call_of(uint64_t seed, const char *call_id, size_t ncalls);

#endif
