/* sip.h - one SIP message and its SDP, parsed with libosip2 into the few
 * fields the GP SIP engine needs (src/calls.c).
 * Models: the SIP engine on GP of the second embodiment (Figs. 9-10,
 * claims 16-18; issue 12): what it reads from each message.
 *
 * Nothing is allocated in the result: strings are copied into fixed
 * buffers, truncated (and NUL-terminated) when longer, except the Call-ID
 * and the From and To tags, which name calls and dialogs: longer is
 * SIP_E_MALFORMED. Bad input is an
 * error code and a one-line message, never a crash. */
#ifndef NICSHARE_SIP_H
#define NICSHARE_SIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/rtpq.h"

enum sip_err {
	SIP_E_NONE = 0,
	SIP_E_MALFORMED,   /* not a SIP message, or a header the engine needs is
	                      missing or broken (Call-ID, From, To, CSeq), or a
	                      status code not three digits 100-699, or a
	                      Call-ID longer than call_id keeps, or a From or
	                      To tag longer than from_tag, to_tag keep */
	SIP_E_SDP,         /* an application/sdp body libosip2 cannot parse */
	SIP_E_NO_MEDIA,    /* SDP without a usable audio m= line: none, port
	                      out of range, no or bad c= address */
	SIP_E_CODEC,       /* the audio media's codec is none of rtpq's table;
	                      every other field is filled */
	SIP_E_NOMEM,
	SIP_E_MULTIPART,   /* a multipart body libosip2 cannot cut into parts
	                      (no close delimiter, no boundary=, a boundary no
	                      part uses: RFC 2046 5.1.1): the message's headers
	                      are taken, without a body (has_sdp false) */
	SIP__NERR
};

struct sip_addr {
	int family;            /* AF_INET, AF_INET6, or 0: none */
	uint8_t a[16];         /* network order; IPv4 in a[0..3] */
};

/* One m=audio line: an answer's m= lines are the offer's, by position
 * (RFC 3264 6). */
struct sip_stream {
	int mline;             /* its position among the SDP's m= lines, from 0 */
	uint16_t port;         /* 0: declined (or not a port number) */
	struct sip_addr addr;  /* media-level c=, else session-level; none: 0 */
};

#define SIP_MAX_PT 16
#define SIP_MAX_AUDIO 4
/* The audio stream of an SDP: its first m=audio line with a port other
 * than 0 (RFC 3264 6: port 0 declines that stream alone), else its first
 * m=audio line. */
struct sip_media {
	int mline;             /* its position among the SDP's m= lines */
	uint8_t naudio;        /* the SDP's first m=audio lines, at most SIP_MAX_AUDIO */
	struct sip_stream audio[SIP_MAX_AUDIO];
	struct sip_addr addr;  /* media-level c=, else session-level */
	uint16_t port;         /* m=audio port; 0: the stream is refused */
	uint8_t npt;           /* payload types listed, at most SIP_MAX_PT */
	uint8_t pt[SIP_MAX_PT];
	int codec_pt;          /* the first listed that is not telephone-event
	                          or CN (13); -1 when none */
	char codec[24];        /* its rtpmap encoding name, or the static one */
	uint32_t clock_hz;     /* its rtpmap clock rate, or the static one */
	uint16_t ptime_ms;     /* a=ptime (media, else session), else the
	                          codec's default, else 20 */
	const struct rtpq_codec *def;   /* rtpq's entry; NULL: SIP_E_CODEC */
};

struct sip_msg {
	bool request;
	char method[16];       /* request method; "" for a response */
	int status;            /* response status; 0 for a request */
	char call_id[256];
	char from[128], from_tag[64];   /* From: user@host and tag */
	char to[128], to_tag[64];
	char cseq_method[16];
	uint32_t cseq;
	bool has_sdp;          /* an application/sdp body was present (or
	                          part, in a multipart body) */
	bool has_media;        /* media below is filled (has_sdp, audio m=) */
	struct sip_media media;
	char err[160];         /* what is wrong, when the result is not SIP_E_NONE */
};

/* Parse one SIP message (a UDP payload, or one message cut from a TCP
 * stream). Fills *m as far as it could read. */
enum sip_err sip_parse(const uint8_t *buf, size_t len, struct sip_msg *m);
const char *sip_err_name(enum sip_err e);   /* e.g. "sip-malformed" */

/* SIP over TCP (RFC 3261 18.3): the first message of a byte stream.
 * Returns its end (bytes to consume, keep-alive CRLFs before it included)
 * with *start the offset where the message itself begins; 0 when the
 * stream does not hold a whole message yet; -1 when it cannot be framed
 * (no or a bad Content-Length, or headers longer than SIP_MAX_HEADERS):
 * the caller then gives up on the connection's SIP. */
#define SIP_MAX_HEADERS 65536
long sip_stream_next(const uint8_t *buf, size_t len, size_t *start);

/* Address helpers: parse text ("IP4"/"IP6" form), compare, print. */
bool sip_addr_parse(const char *text, struct sip_addr *a);
bool sip_addr_eq(const struct sip_addr *x, const struct sip_addr *y);
void sip_addr_str(const struct sip_addr *a, char *buf, size_t n);   /* "-" when none */

#endif
