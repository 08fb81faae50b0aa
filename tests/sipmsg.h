/* sipmsg.h - SIP messages with SDP, written by hand for the tests of
 * src/sip.c and src/calls.c (and the fuzz seeds): one far end, alice at
 * 10.0.0.2, one host, bob at 10.0.0.1. */
#ifndef NICSHARE_TESTS_SIPMSG_H
#define NICSHARE_TESTS_SIPMSG_H

#include <stdio.h>
#include <string.h>

/* An SDP offering `fmts` (e.g. "0 101") at addr:port ("IP4" or "IP6"),
 * with rtpmaps for 0, 8, 18, 96 (opus) and 101 (telephone-event). */
static inline int sipmsg_sdp(char *b, size_t n, const char *ipv, const char *addr, int port,
                             const char *fmts)
{
	return snprintf(b, n,
	                "v=0\r\no=- 1 1 IN %s %s\r\ns=-\r\nc=IN %s %s\r\nt=0 0\r\n"
	                "m=audio %d RTP/AVP %s\r\n"
	                "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:18 G729/8000\r\n"
	                "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
	                "a=ptime:20\r\n",
	                ipv, addr, ipv, addr, port, fmts);
}

/* A message: `first` is the request or status line without CRLF, `cseq`
 * e.g. "1 INVITE", to_tag NULL for none, sdp NULL for no body. */
static inline size_t sipmsg(char *b, size_t n, const char *first, const char *call_id,
                            const char *cseq, const char *to_tag, const char *sdp)
{
	int k = snprintf(b, n,
	                 "%s\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK776asdhds\r\n"
	                 "Max-Forwards: 70\r\nFrom: \"Alice\" <sip:alice@10.0.0.2>;tag=1928301774\r\n"
	                 "To: <sip:bob@10.0.0.1>%s%s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
	                 "Contact: <sip:alice@10.0.0.2>\r\n",
	                 first, to_tag ? ";tag=" : "", to_tag ? to_tag : "", call_id, cseq);
	if (sdp)
		k += snprintf(b + k, n - (size_t)k,
		              "Content-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
		              strlen(sdp), sdp);
	else
		k += snprintf(b + k, n - (size_t)k, "Content-Length: 0\r\n\r\n");
	return (size_t)k;
}

#endif
