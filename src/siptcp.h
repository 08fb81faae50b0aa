/* siptcp.h - SIP over TCP for GP's SIP engine: each connection's bytes, in
 * order, cut into SIP messages (RFC 3261 18.3, sip_stream_next).
 * Models: the SIP engine on GP of the second embodiment (Figs. 9-10,
 * claims 16-18; issue 12 item 1: "GP's stack delivers SIP to a SIP engine
 * modelled on GP (UDP or TCP)").
 *
 * One stream per direction of a connection (its 4-tuple as the segment
 * carries it: the two directions are apart). The next expected sequence
 * number is taken from the first segment seen (its SYN, or the first
 * segment that starts a SIP message). A segment beyond the next expected
 * byte (a gap, or out of order) is counted (`sip-tcp-gap`), the buffered
 * bytes are dropped and the stream waits for a segment that starts a SIP
 * message (its payload begins, after keep-alive CRLFs, with a whole SIP
 * request or status line); so is one with new bytes the capture cut.
 * Bytes already taken (a retransmission, whether or not its data was
 * captured whole) are skipped. A stream holds at most SIPTCP_BUF bytes not yet cut into
 * messages (a segment's bytes are taken as room allows, whole messages
 * cut between, so a large segment is no overflow by itself; keep-alive
 * CRLFs between messages are not kept): beyond,
 * they are dropped (`sip-tcp-overflow`) and the stream
 * waits as after a gap; bytes that cannot be framed (no Content-Length)
 * likewise (`sip-tcp-unframed`). FIN or RST ends the stream; a message
 * it held part of is lost and counted (`sip-tcp-cut`: the peer closed in
 * mid-message, or its last bytes were not captured). The stream is kept,
 * closed, so that a segment sent again after the FIN (its ACK lost) is
 * still a retransmission; a SYN or new data of its 4-tuple starts a new
 * stream there. A closed stream's slot goes to a new stream when
 * SIPTCP_STREAMS are kept. A segment with neither a SYN nor data opens
 * no stream (the last ACK of a close, after its direction's FIN, would
 * hold a slot for ever). No I/O, no globals. */
#ifndef NICSHARE_SIPTCP_H
#define NICSHARE_SIPTCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/frame.h"

#define SIPTCP_BUF 65536u        /* bytes held per stream, at most */
#define SIPTCP_STREAMS 4096u     /* streams kept at once, closed ones given
                                    up first; when all are open, segments
                                    with a SYN or data of a new one are
                                    counted (`sip-tcp-no-room`) */

struct siptcp;

struct siptcp_stats {
	uint64_t segments;        /* TCP segments given (with or without data) */
	uint64_t messages;        /* SIP messages cut */
	uint64_t gap;             /* sip-tcp-gap: a segment past the next byte */
	uint64_t dup;             /* segments of bytes already taken (also
	                             after the stream's FIN) */
	uint64_t overflow;        /* sip-tcp-overflow: SIPTCP_BUF exceeded */
	uint64_t unframed;        /* sip-tcp-unframed: sip_stream_next said -1 */
	uint64_t skipped;         /* segments with data while waiting for a
	                             segment that starts a SIP message */
	uint64_t no_room;         /* sip-tcp-no-room: SIPTCP_STREAMS open */
	uint64_t cut;             /* sip-tcp-cut: a FIN or RST ended a stream
	                             holding part of a message */
};

/* Told of each whole message (len bytes, keep-alive CRLFs before it
 * excluded), in stream order. */
typedef void siptcp_msg_fn(void *ctx, const uint8_t *msg, size_t len);

struct siptcp *siptcp_create(void);
void siptcp_destroy(struct siptcp *s);

/* One parsed frame (fi of p[0..caplen)): when it is a TCP segment whose
 * header was captured, its payload joins its stream and every message it
 * completes goes to fn. False when it is not such a segment. */
bool siptcp_segment(struct siptcp *s, const uint8_t *p, uint32_t caplen,
                    const struct frame_info *fi, siptcp_msg_fn *fn, void *ctx);

void siptcp_stats(const struct siptcp *s, struct siptcp_stats *out);

#endif
