/* sip.c - one SIP message and its SDP, parsed with libosip2 (osipparser2).
 * Models: the SIP engine on GP of the second embodiment (Figs. 9-10,
 * claims 16-18; issue 12): what it reads from each message.
 *
 * libosip2 does the parsing (RFC 3261 messages, RFC 4566 SDP); this file
 * only picks fields and checks what the call table relies on. The parser's
 * tables are set up once (parser_init) on first use.
 * Cost (modelled by the caller as cost.sip_parse per message): one
 * osip_message_parse, one sdp_message_parse when there is a body. */
#include "sip.h"

#include <arpa/inet.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#include <osipparser2/sdp_message.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void cpy(char *dst, size_t n, const char *src)
{
	if (!src)
		src = "";
	size_t l = strlen(src);
	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

static enum sip_err fail(struct sip_msg *m, enum sip_err e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->err, sizeof m->err, fmt, ap);
	va_end(ap);
	return e;
}

const char *sip_err_name(enum sip_err e)
{
	static const char *names[SIP__NERR] = {
		[SIP_E_NONE] = "ok",
		[SIP_E_MALFORMED] = "sip-malformed",
		[SIP_E_SDP] = "sdp-malformed",
		[SIP_E_NO_MEDIA] = "sdp-no-media",
		[SIP_E_CODEC] = "sdp-unknown-codec",
		[SIP_E_NOMEM] = "out-of-memory",
		[SIP_E_MULTIPART] = "multipart-malformed",
	};
	return (unsigned)e < SIP__NERR ? names[e] : "?";
}

bool sip_addr_parse(const char *text, struct sip_addr *a)
{
	memset(a, 0, sizeof *a);
	if (!text)
		return false;
	if (inet_pton(AF_INET, text, a->a) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, a->a) == 1) {
		a->family = AF_INET6;
		return true;
	}
	memset(a, 0, sizeof *a);
	return false;
}

bool sip_addr_eq(const struct sip_addr *x, const struct sip_addr *y)
{
	if (x->family != y->family || !x->family)
		return false;
	return memcmp(x->a, y->a, x->family == AF_INET ? 4 : 16) == 0;
}

void sip_addr_str(const struct sip_addr *a, char *buf, size_t n)
{
	if (!a->family || !inet_ntop(a->family, a->a, buf, (socklen_t)n))
		cpy(buf, n, "-");
}

/* "user@host" of a From/To URI, or host alone. */
static void uri_of(char *dst, size_t n, const osip_uri_t *u)
{
	if (!u) {
		cpy(dst, n, "");
		return;
	}
	if (u->username && *u->username)
		snprintf(dst, n, "%s@%s", u->username, u->host ? u->host : "");
	else
		cpy(dst, n, u->host);
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s)
		return false;
	unsigned long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* "0 PCMU/8000" or "101 telephone-event/8000/1": pt, name, rate. */
static bool rtpmap_split(const char *v, unsigned *pt, char *name, size_t n, uint32_t *rate)
{
	if (!v)
		return false;
	char buf[96];
	cpy(buf, sizeof buf, v);
	char *sp = strchr(buf, ' ');
	if (!sp)
		return false;
	*sp = '\0';
	unsigned long p, r;
	if (!parse_uint(buf, 127, &p))
		return false;
	char *enc = sp + 1;
	while (*enc == ' ')
		enc++;
	char *sl = strchr(enc, '/');
	if (!sl)
		return false;
	*sl = '\0';
	char *rs = sl + 1, *sl2 = strchr(rs, '/');
	if (sl2)
		*sl2 = '\0';
	if (!parse_uint(rs, 100000000, &r) || !*enc)
		return false;
	*pt = (unsigned)p;
	cpy(name, n, enc);
	*rate = (uint32_t)r;
	return true;
}

static bool is_aux(const char *name, unsigned pt)
{
	return pt == 13 || strcasecmp(name, "telephone-event") == 0 || strcasecmp(name, "CN") == 0;
}

/* libosip2 5.3's sdp_message_parse steps two bytes over a line end: a
 * body ending in a lone CR made it read past the buffer (found by
 * fuzz_sip, fuzz/regress/sip). So the body it gets is cut at its first
 * NUL and always ends in CRLF, with two NULs after. */
static char *sdp_copy(const char *body, size_t len)
{
	size_t l = strnlen(body, len);
	char *b = malloc(l + 5);
	if (!b)
		return NULL;
	memcpy(b, body, l);
	if (l == 0 || b[l - 1] != '\n') {
		if (l == 0 || b[l - 1] != '\r')
			b[l++] = '\r';
		b[l++] = '\n';
	}
	b[l] = b[l + 1] = '\0';
	return b;
}

/* The c= address of m= line pos: its own, else the session's; NULL: none. */
static const char *c_addr(sdp_message_t *sdp, int pos)
{
	const char *ca = sdp_message_c_addr_get(sdp, pos, 0);
	return ca ? ca : sdp_message_c_addr_get(sdp, -1, 0);
}

static enum sip_err parse_sdp(const char *body, size_t len, struct sip_msg *m)
{
	sdp_message_t *sdp = NULL;
	char *text = sdp_copy(body, len);
	if (!text || sdp_message_init(&sdp) != 0) {
		free(text);
		return fail(m, SIP_E_NOMEM, "out of memory");
	}
	int rc = sdp_message_parse(sdp, text);
	free(text);
	if (rc != 0) {
		sdp_message_free(sdp);
		return fail(m, SIP_E_SDP, "SDP body does not parse");
	}
	enum sip_err e = SIP_E_NONE;
	struct sip_media *md = &m->media;
	/* the first m=audio with a port other than 0 (RFC 3264 6: 0 declines
	 * that stream, say an RTP/SAVP one beside RTP/AVP), else the first */
	int pos = -1, first = -1;
	unsigned long port = 0;
	for (int k = 0; !sdp_message_endof_media(sdp, k); k++) {
		const char *mt = sdp_message_m_media_get(sdp, k);
		if (!mt || strcasecmp(mt, "audio") != 0)
			continue;
		bool ok = parse_uint(sdp_message_m_port_get(sdp, k), 65535, &port);
		if (md->naudio < SIP_MAX_AUDIO) {
			struct sip_stream *st = &md->audio[md->naudio++];
			st->mline = k;
			st->port = ok ? (uint16_t)port : 0;
			sip_addr_parse(c_addr(sdp, k), &st->addr);
		}
		if (first < 0)
			first = k;
		if (pos < 0 && ok && port)
			pos = k;
	}
	if (pos < 0)
		pos = first;
	if (pos < 0) {
		e = fail(m, SIP_E_NO_MEDIA, "SDP has no m=audio line");
		goto out;
	}
	md->mline = pos;
	if (!parse_uint(sdp_message_m_port_get(sdp, pos), 65535, &port)) {
		e = fail(m, SIP_E_NO_MEDIA, "SDP m=audio port is not a port number");
		goto out;
	}
	md->port = (uint16_t)port;
	const char *ca = c_addr(sdp, pos);
	if (!ca) {
		e = fail(m, SIP_E_NO_MEDIA, "SDP has no c= connection address for its audio");
		goto out;
	}
	if (!sip_addr_parse(ca, &md->addr)) {
		e = fail(m, SIP_E_NO_MEDIA, "SDP connection address '%.60s' is not an IPv4 or IPv6 address", ca);
		goto out;
	}
	m->has_media = true;
	const char *p;
	for (int i = 0; (p = sdp_message_m_payload_get(sdp, pos, i)) != NULL; i++) {
		unsigned long v;
		if (md->npt < SIP_MAX_PT && parse_uint(p, 127, &v))
			md->pt[md->npt++] = (uint8_t)v;
	}
	/* the rtpmap of each listed type, and ptime */
	unsigned long ptime = 0;
	md->codec_pt = -1;
	for (int k = 0; k < md->npt && md->codec_pt < 0; k++) {
		char name[24] = "";
		uint32_t rate = 0;
		bool mapped = false;
		const char *f;
		for (int i = 0; (f = sdp_message_a_att_field_get(sdp, pos, i)) != NULL; i++) {
			unsigned apt;
			char an[24];
			uint32_t ar;
			if (strcasecmp(f, "rtpmap") == 0 &&
			    rtpmap_split(sdp_message_a_att_value_get(sdp, pos, i), &apt, an, sizeof an, &ar) &&
			    apt == md->pt[k]) {
				cpy(name, sizeof name, an);
				rate = ar;
				mapped = true;
				break;
			}
		}
		if (!mapped) {
			const struct rtpq_codec *c = rtpq_codec_by_pt(md->pt[k]);
			if (c) {
				cpy(name, sizeof name, c->name);
				rate = c->clock_hz;
			} else if (md->pt[k] >= 96) {
				continue;   /* dynamic without rtpmap: unusable, try the next */
			}
		}
		if (is_aux(name, md->pt[k]))
			continue;
		md->codec_pt = md->pt[k];
		cpy(md->codec, sizeof md->codec, name);
		md->clock_hz = rate;
	}
	const int levels[2] = {pos, -1};     /* media, then session */
	for (int l = 0; l < 2 && !ptime; l++) {
		const char *f;
		for (int i = 0; (f = sdp_message_a_att_field_get(sdp, levels[l], i)) != NULL; i++)
			if (strcasecmp(f, "ptime") == 0 &&
			    parse_uint(sdp_message_a_att_value_get(sdp, levels[l], i), 10000, &ptime) && ptime)
				break;
	}
	if (md->codec_pt >= 0 && md->clock_hz)
		md->def = rtpq_codec_by_name(md->codec, md->clock_hz);
	md->ptime_ms = ptime ? (uint16_t)ptime : md->def ? md->def->ptime_ms : 20;
	if (!md->def) {
		if (md->codec_pt < 0)
			e = fail(m, SIP_E_CODEC, "SDP audio lists no codec (payload types: %u)", md->npt);
		else
			e = fail(m, SIP_E_CODEC, "unknown codec '%s/%u' (payload type %d)",
			         md->codec[0] ? md->codec : "?", md->clock_hz, md->codec_pt);
	}
out:
	sdp_message_free(sdp);
	return e;
}

/* Whether ct is type/sub (sub NULL: any). */
static bool is_type(const osip_content_type_t *ct, const char *type, const char *sub)
{
	return ct && ct->type && strcasecmp(ct->type, type) == 0 &&
	       (!sub || (ct->subtype && strcasecmp(ct->subtype, sub) == 0));
}

/* The message's application/sdp body: the body itself, or in a
 * multipart one (RFC 5621; SDP beside ISUP in SIP-I, RFC 3204) the first
 * part of that type, as libosip2 cut the parts; in multipart/alternative
 * the last, the sender's preferred (RFC 2046 5.1.4: the parts in
 * increasing faithfulness, the last the best); NULL when none. */
static osip_body_t *sdp_body(osip_message_t *msg)
{
	osip_body_t *body = NULL, *sdp = NULL;
	if (is_type(msg->content_type, "application", "sdp"))
		return osip_message_get_body(msg, 0, &body) >= 0 ? body : NULL;
	if (!is_type(msg->content_type, "multipart", NULL))
		return NULL;
	bool last = is_type(msg->content_type, "multipart", "alternative");
	for (int i = 0; osip_message_get_body(msg, i, &body) >= 0; i++)
		if (body && is_type(body->content_type, "application", "sdp")) {
			sdp = body;
			if (!last)
				break;
		}
	return sdp;
}

static void quiet(const char *fi, int li, osip_trace_level_t level, const char *fmt, va_list ap)
{
	(void)fi;
	(void)li;
	(void)level;
	(void)fmt;
	(void)ap;
}

/* The value of header line [p, e) when it is header `full` (lower case)
 * or its compact form `compact` (RFC 3261 7.3.3), blanks before it
 * skipped; NULL when the line is another header. */
static const uint8_t *hdr_value(const uint8_t *p, const uint8_t *e, const char *full, char compact)
{
	size_t n = (size_t)(e - p), k, fl = strlen(full);
	if (n > fl && strncasecmp((const char *)p, full, fl) == 0)
		k = fl;
	else if (n > 1 && (p[0] | 0x20) == compact && (p[1] == ':' || p[1] == ' ' || p[1] == '\t'))
		k = 1;
	else
		return NULL;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	if (k >= n || p[k] != ':')
		return NULL;
	for (k++; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
		;
	return p + k;
}

/* The value of a Content-Length (or compact "l") header line starting at
 * p (up to e); -2 when the line is another header, -1 when the value is
 * not a number. */
static long clen_of(const uint8_t *p, const uint8_t *e)
{
	const uint8_t *val = hdr_value(p, e, "content-length", 'l');
	if (!val)
		return -2;
	size_t n = (size_t)(e - p), k = (size_t)(val - p);
	long v = 0;
	size_t d = 0;
	for (; k < n && p[k] >= '0' && p[k] <= '9'; k++, d++) {
		v = v * 10 + (p[k] - '0');
		if (v > SIP_MAX_HEADERS * 16L)
			return -1;
	}
	while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
		k++;
	return d && k == n ? v : -1;
}

long sip_stream_next(const uint8_t *buf, size_t len, size_t *start)
{
	size_t s = 0;
	while (s < len && (buf[s] == '\r' || buf[s] == '\n'))
		s++;
	*start = s;
	long clen = -2;
	size_t line = s;
	for (size_t i = s; i < len; i++) {
		if (i - s > SIP_MAX_HEADERS)
			return -1;
		if (buf[i] != '\n')
			continue;
		/* a line [line, i): the empty one ends the headers */
		size_t e = i;
		if (e > line && buf[e - 1] == '\r')
			e--;
		if (e == line) {
			if (clen < 0)
				return -1;
			size_t end = i + 1 + (size_t)clen;
			return end <= len ? (long)end : 0;
		}
		if (line > s) {      /* not the start line */
			long v = clen_of(buf + line, buf + e);
			if (v == -1)
				return -1;
			if (v >= 0)
				clen = v;
		}
		line = i + 1;
	}
	return len - s > SIP_MAX_HEADERS ? -1 : 0;
}

/* A response's Status-Code as its start line spells it (RFC 3261 25.1:
 * 3DIGIT), -1 when it is not three digits 100-699. libosip2 reads the
 * token with atoi into an int, so "4294967496" wraps to 200 and "200x"
 * reads 200: its status_code cannot be trusted alone. The line is that
 * libosip2 parsed: CRLFs before it skipped (RFC 3261 7.5), the version,
 * blanks, the code, then a blank or the line's end. */
static int status_code(const uint8_t *buf, size_t len)
{
	size_t k = 0;
	while (k < len && (buf[k] == '\r' || buf[k] == '\n'))
		k++;
	while (k < len && buf[k] != ' ' && buf[k] != '\t' && buf[k] != '\r' && buf[k] != '\n')
		k++;
	while (k < len && (buf[k] == ' ' || buf[k] == '\t'))
		k++;
	int v = 0;
	size_t d = 0;
	for (; k < len && d < 4 && buf[k] >= '0' && buf[k] <= '9'; k++, d++)
		v = v * 10 + (buf[k] - '0');
	if (d != 3 || v < 100 || v > 699)
		return -1;
	return k == len || buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r' || buf[k] == '\n' ? v : -1;
}

/* A message libosip2 cannot parse whose body is multipart (RFC 2046
 * 5.1.1: a body without its close delimiter, a Content-Type without
 * boundary=, a boundary no part uses) would lose its headers with the
 * body: msg gets buf's headers alone, without Content-Type and
 * Content-Length (a Content-Length of 0 added). False when the body is
 * not multipart, libosip2 cannot parse the headers either, or memory is
 * short; msg is then as libosip2 left it. */
static bool headers_alone(osip_message_t **msg, const uint8_t *buf, size_t len)
{
	static const char tail[] = "Content-Length: 0\r\n\r\n";
	char *h = malloc(2 * len + sizeof tail);   /* a line ending LF alone gets CRLF */
	if (!h)
		return false;
	size_t s = 0, n = 0;
	while (s < len && (buf[s] == '\r' || buf[s] == '\n'))
		s++;
	bool multipart = false, skip = false, first = true;
	for (size_t line = s, i = s; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		size_t e = i > line && buf[i - 1] == '\r' ? i - 1 : i;
		if (e == line)
			break;                   /* the empty line: the body follows */
		const uint8_t *p = buf + line, *pe = buf + e, *ct = NULL;
		if (first || (*p != ' ' && *p != '\t')) {   /* not a folded line: a new field */
			ct = first ? NULL : hdr_value(p, pe, "content-type", 'c');
			skip = ct || (!first && hdr_value(p, pe, "content-length", 'l'));
		}
		if (ct && (size_t)(pe - ct) >= 10 && strncasecmp((const char *)ct, "multipart/", 10) == 0)
			multipart = true;
		if (!skip) {
			memcpy(h + n, p, e - line);
			n += e - line;
			h[n++] = '\r';
			h[n++] = '\n';
		}
		first = false;
		line = i + 1;
	}
	memcpy(h + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	bool ok = false;
	if (multipart) {
		osip_message_free(*msg);
		*msg = NULL;
		ok = osip_message_init(msg) == 0 && osip_message_parse(*msg, h, n) == 0;
	}
	free(h);
	return ok;
}

enum sip_err sip_parse(const uint8_t *buf, size_t len, struct sip_msg *m)
{
	static bool inited;
	if (!inited) {
		parser_init();
		/* libosip2 prints its parse errors: the caller reports them */
		osip_trace_initialize_func(TRACE_LEVEL0, quiet);
		for (int l = TRACE_LEVEL0; l < END_TRACE_LEVEL; l++)
			osip_trace_disable_level((osip_trace_level_t)l);
		inited = true;
	}
	memset(m, 0, sizeof *m);
	m->media.codec_pt = -1;
	if (len == 0)
		return fail(m, SIP_E_MALFORMED, "empty message");
	osip_message_t *msg = NULL;
	if (osip_message_init(&msg) != 0)
		return fail(m, SIP_E_NOMEM, "out of memory");
	enum sip_err e = SIP_E_NONE;
	if (osip_message_parse(msg, (const char *)buf, len) != 0) {
		if (!headers_alone(&msg, buf, len)) {
			e = fail(m, SIP_E_MALFORMED, "not a SIP message (libosip2 cannot parse it)");
			goto out;
		}
		/* the call goes on without the SDP the body may have */
		e = fail(m, SIP_E_MULTIPART, "multipart body libosip2 cannot cut into parts: "
		         "its headers taken, no SDP");
	}
	m->request = MSG_IS_REQUEST(msg);
	if (m->request) {
		if (!msg->sip_method) {
			e = fail(m, SIP_E_MALFORMED, "request without a method");
			goto out;
		}
		cpy(m->method, sizeof m->method, msg->sip_method);
	} else {
		m->status = status_code(buf, len);
		if (m->status < 0 || m->status != msg->status_code) {
			e = fail(m, SIP_E_MALFORMED, "status code not three digits 100-699");
			m->status = 0;
			goto out;
		}
	}
	osip_call_id_t *cid = osip_message_get_call_id(msg);
	if (!cid || !cid->number || !*cid->number) {
		e = fail(m, SIP_E_MALFORMED, "no Call-ID header");
		goto out;
	}
	/* the call table's key: cut, two Call-IDs alike in their first 255
	 * bytes would be one call */
	int cl = cid->host ? snprintf(m->call_id, sizeof m->call_id, "%s@%s", cid->number, cid->host)
	                   : snprintf(m->call_id, sizeof m->call_id, "%s", cid->number);
	if (cl < 0 || (size_t)cl >= sizeof m->call_id) {
		e = fail(m, SIP_E_MALFORMED, "Call-ID longer than %zu bytes", sizeof m->call_id - 1);
		m->call_id[0] = '\0';
		goto out;
	}
	if (!msg->from || !msg->to) {
		e = fail(m, SIP_E_MALFORMED, "no %s header", msg->from ? "To" : "From");
		goto out;
	}
	uri_of(m->from, sizeof m->from, msg->from->url);
	uri_of(m->to, sizeof m->to, msg->to->url);
	/* the tags name the call's dialogs (RFC 3261 12): as the Call-ID,
	 * never cut, two tags alike in their first 63 bytes would be one */
	osip_generic_param_t *ft = NULL, *tt = NULL;
	osip_from_get_tag(msg->from, &ft);
	osip_to_get_tag(msg->to, &tt);
	const char *fv = ft && ft->gvalue ? ft->gvalue : "", *tv = tt && tt->gvalue ? tt->gvalue : "";
	if (strlen(fv) >= sizeof m->from_tag || strlen(tv) >= sizeof m->to_tag) {
		e = fail(m, SIP_E_MALFORMED, "%s tag longer than %zu bytes",
		         strlen(fv) >= sizeof m->from_tag ? "From" : "To", sizeof m->from_tag - 1);
		goto out;
	}
	cpy(m->from_tag, sizeof m->from_tag, fv);
	cpy(m->to_tag, sizeof m->to_tag, tv);
	unsigned long cseq;
	if (!msg->cseq || !msg->cseq->method || !parse_uint(msg->cseq->number, 0xffffffffUL, &cseq)) {
		e = fail(m, SIP_E_MALFORMED, "no valid CSeq header");
		goto out;
	}
	m->cseq = (uint32_t)cseq;
	cpy(m->cseq_method, sizeof m->cseq_method, msg->cseq->method);

	osip_body_t *body = sdp_body(msg);
	if (body && body->body && body->length) {
		m->has_sdp = true;
		e = parse_sdp(body->body, body->length, m);
	}
out:
	osip_message_free(msg);
	return e;
}
