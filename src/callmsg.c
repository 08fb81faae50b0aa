/* callmsg.c - the frames of a generated call, see callmsg.h.
 * Models: the second embodiment (Figs. 9-10, claims 16-18).
 *
 * SIP text: RFC 3261 (Call-ID callgen's, tags c<id> for the caller and
 * e<id> for the callee once it answers, CSeq 1 INVITE/ACK, 2 BYE), SDP RFC
 * 4566 with the codec's RFC 3551 static payload type, its rtpmap and
 * a=ptime; RTP RFC 3550 headers with callgen's SSRC, sequence and
 * timestamp starts. Cost: one snprintf of the text and one frame build per
 * message; an RTP packet from a call's cached first one, a copy and six
 * words (callmsg_rtp_cached). */
#include "callmsg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "units.h"

void callmsg_ip4(uint32_t a, uint8_t ip[16])
{
	memset(ip, 0, 16);
	ip[0] = (uint8_t)(a >> 24);
	ip[1] = (uint8_t)(a >> 16);
	ip[2] = (uint8_t)(a >> 8);
	ip[3] = (uint8_t)a;
}

/* Message m of call k, sent by the gateway (gw) or by the far end, as UDP
 * payload text. */
static size_t sip_text(const struct callmsg_ends *e, const struct callgen_call *k, enum callmsg m,
                       bool gw, char *b, size_t n)
{
	char hip[16], fip[16], sdp[512], via[128];
	units_format_ipv4(e->gw_ipv4, hip);
	units_format_ipv4(e->far_ipv4, fip);
	/* the dialog: the caller and the callee, each user@ip and port */
	bool gw_calls = k->outgoing;
	const char *cr_user = gw_calls ? "gw" : "far", *ce_user = gw_calls ? "far" : "gw";
	const char *cr_ip = gw_calls ? hip : fip, *ce_ip = gw_calls ? fip : hip;
	unsigned cr_port = gw_calls ? e->gw_sip_port : e->far_sip_port;
	unsigned ce_port = gw_calls ? e->far_sip_port : e->gw_sip_port;
	bool request = m == CM_INVITE || m == CM_ACK || m == CM_BYE;
	/* who sent the request this message is, or answers */
	bool req_by_gw = request ? gw : !gw;
	bool req_by_caller = req_by_gw == gw_calls;
	const char *cseq = m == CM_INVITE || m == CM_100 || m == CM_180 || m == CM_200 ? "1 INVITE"
	                 : m == CM_ACK ? "1 ACK" : "2 BYE";
	snprintf(via, sizeof via, "SIP/2.0/UDP %s:%u;branch=z9hG4bK%" PRIu32 "%c",
	         req_by_caller ? cr_ip : ce_ip, req_by_caller ? cr_port : ce_port, k->id,
	         "iiiiabb"[m]);
	/* From is the request's sender; the callee's tag once it answered */
	char from[160], to[160];
	bool tag_ce = m != CM_INVITE && m != CM_100;
	char crs[128], ces[128];
	snprintf(crs, sizeof crs, "<sip:%s-%" PRIu32 "@%s>;tag=c%" PRIu32, cr_user, k->id, cr_ip, k->id);
	if (tag_ce)
		snprintf(ces, sizeof ces, "<sip:%s-%" PRIu32 "@%s>;tag=e%" PRIu32, ce_user, k->id, ce_ip,
		         k->id);
	else
		snprintf(ces, sizeof ces, "<sip:%s-%" PRIu32 "@%s>", ce_user, k->id, ce_ip);
	snprintf(from, sizeof from, "%s", req_by_caller ? crs : ces);
	snprintf(to, sizeof to, "%s", req_by_caller ? ces : crs);
	sdp[0] = 0;
	int sl = 0;
	if (m == CM_INVITE || m == CM_200) {   /* the offer and the answer */
		sl = snprintf(sdp, sizeof sdp,
		              "v=0\r\no=%s %" PRIu32 " 1 IN IP4 %s\r\ns=call\r\nc=IN IP4 %s\r\nt=0 0\r\n"
		              "m=audio %u RTP/AVP %u\r\na=rtpmap:%u %s/%" PRIu32 "\r\na=ptime:%u\r\n",
		              gw ? "gw" : "far", k->id, gw ? hip : fip, gw ? hip : fip,
		              gw ? k->local_port : k->far_port, k->codec->pt, k->codec->pt,
		              k->codec->name, k->codec->clock_hz, k->ptime_ms);
	}
	char first[160];
	if (request) {
		bool to_callee = req_by_caller;
		snprintf(first, sizeof first, "%s sip:%s-%" PRIu32 "@%s:%u SIP/2.0",
		         m == CM_INVITE ? "INVITE" : m == CM_ACK ? "ACK" : "BYE",
		         to_callee ? ce_user : cr_user, k->id, to_callee ? ce_ip : cr_ip,
		         to_callee ? ce_port : cr_port);
	} else {
		snprintf(first, sizeof first, "SIP/2.0 %s",
		         m == CM_100 ? "100 Trying" : m == CM_180 ? "180 Ringing" : "200 OK");
	}
	int len = snprintf(b, n,
	                   "%s\r\nVia: %s\r\nMax-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\n"
	                   "Call-ID: %s\r\nCSeq: %s\r\nContact: <sip:%s@%s:%u>\r\n%s"
	                   "Content-Length: %d\r\n\r\n%s",
	                   first, via, from, to, k->call_id, cseq, gw ? "gw" : "far", gw ? hip : fip,
	                   gw ? e->gw_sip_port : e->far_sip_port,
	                   sl ? "Content-Type: application/sdp\r\n" : "", sl, sdp);
	return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

size_t callmsg_sip(const struct callmsg_ends *e, const struct callgen_call *k, enum callmsg m,
                   bool by_gw, uint16_t ip_id, uint8_t *buf, size_t cap)
{
	char text[1500];
	size_t len = sip_text(e, k, m, by_gw, text, sizeof text);
	uint8_t hip[16], fip[16];
	callmsg_ip4(e->gw_ipv4, hip);
	callmsg_ip4(e->far_ipv4, fip);
	if (by_gw)
		return frame_build_udp(buf, cap, e->far_mac, e->gw_mac, false, hip, fip, e->gw_sip_port,
		                       e->far_sip_port, (const uint8_t *)text, len, ip_id);
	return frame_build_udp(buf, cap, e->gw_mac, e->far_mac, false, fip, hip, e->far_sip_port,
	                       e->gw_sip_port, (const uint8_t *)text, len, ip_id);
}

/* Packet n's sequence number and timestamp (RFC 3550: from callgen's
 * starts, the timestamp in the codec's clock). */
static void rtp_words(const struct callgen_call *g, bool by_gw, uint64_t n, uint16_t *seq,
                      uint32_t *ts)
{
	*seq = (uint16_t)((by_gw ? g->seq0_local : g->seq0_far) + n);
	*ts = (by_gw ? g->ts0_local : g->ts0_far) +
	      (uint32_t)(n * g->codec->clock_hz / 1000u * g->ptime_ms);
}

size_t callmsg_rtp(const struct callmsg_ends *e, const struct callgen_call *g, bool by_gw,
                   uint64_t n, uint8_t *buf, size_t cap)
{
	uint8_t p[FRAME_RTP_HLEN], hip[16], fip[16];
	size_t pl = 12 + g->payload_bytes;
	if (pl > 12 + 1500)
		pl = 12 + 1500;
	uint8_t quiet = g->codec->pt == 0 ? 0xff : g->codec->pt == 8 ? 0xd5 : 0x00;
	uint16_t seq;
	uint32_t ts;
	rtp_words(g, by_gw, n, &seq, &ts);
	uint32_t ssrc = by_gw ? g->ssrc_local : g->ssrc_far;
	frame_build_rtp(p, false, g->codec->pt, seq, ts, ssrc);
	/* the header, then the codec's silence: the fill is not summed */
	callmsg_ip4(e->gw_ipv4, hip);
	callmsg_ip4(e->far_ipv4, fip);
	uint16_t gport = e->gw_rtp_port ? e->gw_rtp_port : g->local_port;
	if (by_gw)
		return frame_build_udp_fill(buf, cap, e->far_mac, e->gw_mac, false, hip, fip, gport,
		                            g->far_port, p, 12, quiet, pl - 12, seq);
	return frame_build_udp_fill(buf, cap, e->gw_mac, e->far_mac, false, fip, hip, g->far_port,
	                            gport, p, 12, quiet, pl - 12, seq);
}

/* Where the words that change from packet to packet sit in callmsg_rtp's
 * frame (Ethernet 14, IPv4 20 without options, UDP 8, RTP): all at even
 * offsets of their checksummed spans. */
enum {
	RTP_IP = 14, RTP_IP_ID = RTP_IP + 4, RTP_IP_SUM = RTP_IP + 10,
	RTP_UDP = RTP_IP + 20, RTP_UDP_SUM = RTP_UDP + 6,
	RTP_SEQ = RTP_UDP + 8 + 2, RTP_TS = RTP_UDP + 8 + 4, RTP_HEAD = RTP_UDP + 8 + 12
};
_Static_assert(RTP_HEAD == sizeof(((struct callmsg_rtp_cache *)0)->head),
               "the cache keeps the headers, Ethernet to RTP");

/* The 16-bit big-endian words of n bytes added up (an odd last byte the
 * high half of a word), not folded: once per call and direction. */
static uint64_t words(const uint8_t *q, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(q[i] << 8 | q[i + 1]);
	if (n % 2)
		s += (uint32_t)q[n - 1] << 8;
	return s;
}

/* Folded to 16 bits: the value in 1..0xffff of a positive sum's class
 * modulo 0xffff, the one frame.c's csum_fold gives any sum of that class. */
static uint16_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void put16(uint8_t *q, uint16_t v)
{
	q[0] = (uint8_t)(v >> 8);
	q[1] = (uint8_t)v;
}

size_t callmsg_rtp_cached(struct callmsg_rtp_cache *c, const struct callmsg_ends *e,
                          const struct callgen_call *g, bool by_gw, uint64_t n, uint8_t *buf,
                          size_t cap)
{
	if (!c->len) {
		uint8_t f[RTP_UDP + 8 + 12 + 1500];
		size_t len = callmsg_rtp(e, g, by_gw, 0, f, sizeof f);
		if (len < RTP_HEAD)              /* not a packet of ours: built whole */
			return callmsg_rtp(e, g, by_gw, n, buf, cap);
		bool filled = true;
		for (size_t i = RTP_HEAD + 1; i < len && filled; i++)
			filled = f[i] == f[RTP_HEAD];
		uint8_t *keep = filled ? NULL : malloc(len);
		if (!filled && !keep)            /* no room: built whole each time */
			return callmsg_rtp(e, g, by_gw, n, buf, cap);
		memset(f + RTP_IP_ID, 0, 2);
		memset(f + RTP_IP_SUM, 0, 2);
		memset(f + RTP_UDP_SUM, 0, 2);
		memset(f + RTP_SEQ, 0, 2);
		memset(f + RTP_TS, 0, 4);
		c->ip_sum = (uint32_t)words(f + RTP_IP, 20);
		/* the pseudo-header: addresses, protocol, UDP length (its header's);
		 * at most (4 + 760) x 0xffff + 17 + 0xffff: 32 bits are enough */
		c->udp_sum = (uint32_t)(words(f + RTP_IP + 12, 8) + 17 + words(f + RTP_UDP, len - RTP_UDP) +
		                        (uint32_t)(f[RTP_UDP + 4] << 8 | f[RTP_UDP + 5]));
		memcpy(c->head, f, RTP_HEAD);
		c->fill = len > RTP_HEAD ? f[RTP_HEAD] : 0;
		c->filled = filled;
		if (keep)
			memcpy(keep, f, len);
		c->frame = keep;
		frame_parse(f, (uint32_t)len, (uint32_t)len, &c->fi);
		c->len = (uint32_t)len;
	}
	if (cap < c->len)
		return 0;
	uint16_t seq;
	uint32_t ts;
	rtp_words(g, by_gw, n, &seq, &ts);
	if (c->filled) {
		memcpy(buf, c->head, RTP_HEAD);
		memset(buf + RTP_HEAD, c->fill, c->len - RTP_HEAD);
	} else {
		memcpy(buf, c->frame, c->len);
	}
	put16(buf + RTP_IP_ID, seq);          /* callmsg_rtp's IP identification */
	put16(buf + RTP_SEQ, seq);
	put16(buf + RTP_TS, (uint16_t)(ts >> 16));
	put16(buf + RTP_TS + 2, (uint16_t)ts);
	put16(buf + RTP_IP_SUM, (uint16_t)~fold(c->ip_sum + seq));
	uint16_t u = (uint16_t)~fold(c->udp_sum + seq + (ts >> 16) + (ts & 0xffff));
	put16(buf + RTP_UDP_SUM, u ? u : 0xffff);   /* 0 means "no checksum" in UDP */
	return c->len;
}

const struct frame_info *callmsg_rtp_parse(const struct callmsg_rtp_cache *c)
{
	return c->len ? &c->fi : NULL;
}

void callmsg_rtp_cache_free(struct callmsg_rtp_cache *c)
{
	free(c->frame);
	c->frame = NULL;
	c->len = 0;
}

size_t callmsg_call_of(uint64_t seed, const char *call_id, size_t ncalls)
{
	char prefix[40];
	int pl = snprintf(prefix, sizeof prefix, "cg-%016" PRIx64 "-", seed);
	if (pl < 0 || strncmp(call_id, prefix, (size_t)pl) != 0)
		return SIZE_MAX;
	uint64_t id;          /* digits only: "cg-...-+3" is not call 3's */
	return !units_parse_u64(call_id + pl, &id) || id == 0 || id > ncalls ? SIZE_MAX
	                                                                     : (size_t)id - 1;
}

enum callmsg_kind callmsg_kind(const struct sip_msg *m)
{
	if (m->request)
		return !strcmp(m->method, "INVITE") ? CK_INVITE
		     : !strcmp(m->method, "BYE")    ? CK_BYE
		     : !strcmp(m->method, "ACK")    ? CK_ACK : CK_OTHER;
	if (m->status != 200)
		return CK_OTHER;
	return !strcmp(m->cseq_method, "INVITE") ? CK_OK_INVITE
	     : !strcmp(m->cseq_method, "BYE") ? CK_OK_BYE : CK_OTHER;
}

size_t callmsg_replies(enum callmsg_kind k, const struct callgen_cfg *g, struct callmsg_reply r[3])
{
	switch (k) {
	case CK_INVITE:
		r[0] = (struct callmsg_reply){CM_100, g->d100_ps};
		r[1] = (struct callmsg_reply){CM_180, g->d180_ps};
		r[2] = (struct callmsg_reply){CM_200, g->d200_ps};
		return 3;
	case CK_BYE:
		r[0] = (struct callmsg_reply){CM_BYE_OK, g->dbye_ok_ps};
		return 1;
	case CK_OK_INVITE:
		r[0] = (struct callmsg_reply){CM_ACK, g->dack_ps};
		return 1;
	default:
		return 0;
	}
}
