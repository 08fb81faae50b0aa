/* capout.c - writing the simulated wire as a capture [Fig. 8a, 8b: the
 * frames the NIC puts on and takes off the link; SPEC A3].
 *
 * pcap, written here without libpcap: the format is four fields, and
 * writing it ourselves keeps the bytes fixed (SPEC T2: same inputs, same
 * output on any host), so every field is stored little-endian whatever the
 * host's byte order:
 *   file header  magic a1b23c4d (nanosecond timestamps), version 2.4,
 *                thiszone 0, sigfigs 0, snaplen, link type 1 (Ethernet);
 *   record       ts seconds (u32), ts nanoseconds (u32), caplen, wirelen,
 *                then caplen bytes.
 * A frame longer than snaplen is cut to snaplen (its wire length kept);
 * snaplen 0 means libpcap's largest, 262144. Timestamps beyond the pcap
 * range (2^32 s) are refused; in either format so is UINT64_MAX ns, the
 * saturated time of a later one (tracew.c), pcapng's 64 bits passed, and
 * a time before the epoch (capout_before_epoch): both count from 1970.
 * The file is written to PATH.tmp through two 512 KiB buffers, one filled
 * while a thread of its own writes the other (bgwrite.h), and renamed
 * to PATH by capout_close(commit = 1), so a reader never sees a half-written
 * capture under the final name; commit = 0 removes PATH.tmp. PATH.tmp is
 * made new (paths_tmp_beside): when a file has that name, the user's, it
 * is kept and PATH.1.tmp (or the next free one) is written instead.
 *
 * pcapng (--capture-format pcapng), also written here rather than through
 * Wireshark's libwiretap (see doc/outputs.md, Captures): the blocks are
 * fixed little-endian too, in this order:
 *   SHB  0a0d0d0a, byte-order magic 1a2b3c4d, version 1.0, section length
 *        -1, option shb_userappl "nicshare";
 *   IDB  link type 1 (Ethernet), snaplen, options if_tsresol 9 (ns);
 *   EPB  per frame: interface 0, 64-bit ns timestamp (high, low), caplen,
 *        wirelen, the bytes padded to 4, options opt_comment (the verdict)
 *        and epb_flags (direction in bits 0-1), opt_endofopt.
 * Every block ends with its total length again; options are padded to 4.
 * Cost: per frame two memcpy into the buffer (record header, bytes), no
 * stdio call; a hand-over to the writing thread per 512 KiB. */
#include "capout.h"
#include "bgwrite.h"
#include "paths.h"
#include "units.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAPOUT_MAX_SNAPLEN 262144u
#define CAPOUT_BUFSZ (1u << 19)

enum capout_state { CO_OPEN, CO_FAILED };

struct capout {
	enum capout_state state;
	struct bgw *out;
	char *path;
	char *tmp;
	char *buf;          /* CAPOUT_BUFSZ bytes (bgw's), the first `used` to be written */
	size_t used;
	uint32_t snaplen;
	enum capout_format fmt;
	uint64_t nwritten;
	char errmsg[512];   /* first failure, reported by capout_close() */
};

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* First failure wins; later writes are refused. */
static int co_fail(struct capout *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int co_fail(struct capout *c, const char *fmt, ...)
{
	if (c->state == CO_OPEN) {
		char what[384];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(what, sizeof what, fmt, ap);
		va_end(ap);
		snprintf(c->errmsg, sizeof c->errmsg, "%s: %s", c->path, what);
		c->state = CO_FAILED;
	}
	return -1;
}

static void co_free(struct capout *c)
{
	free(c->path);
	free(c->tmp);
	free(c);
}

/* pcapng: an option (code, length, value padded to 4) at b; returns the bytes used. */
static size_t put_opt(uint8_t *b, uint16_t code, const void *v, uint16_t len)
{
	size_t pad = (4 - len % 4) % 4;
	put16(b, code);
	put16(b + 2, len);
	memcpy(b + 4, v, len);
	memset(b + 4 + len, 0, pad);
	return 4 + len + pad;
}

/* pcapng: the section header and the one interface. */
static size_t pcapng_header(uint8_t *b, uint32_t snaplen)
{
	static const char app[] = "nicshare";
	const uint8_t tsresol = 9;
	size_t n = 0, start;
	/* SHB */
	put32(b, 0x0a0d0d0au);
	put32(b + 8, 0x1a2b3c4du);
	put16(b + 12, 1);
	put16(b + 14, 0);
	put32(b + 16, 0xffffffffu);   /* section length: not given */
	put32(b + 20, 0xffffffffu);
	n = 24;
	n += put_opt(b + n, 4, app, (uint16_t)(sizeof app - 1));   /* shb_userappl */
	n += put_opt(b + n, 0, "", 0);
	put32(b + 4, (uint32_t)n + 4);
	put32(b + n, (uint32_t)n + 4);
	n += 4;
	/* IDB */
	start = n;
	put32(b + n, 1);
	put16(b + n + 8, 1);          /* LINKTYPE_ETHERNET */
	put16(b + n + 10, 0);
	put32(b + n + 12, snaplen);
	n += 16;
	n += put_opt(b + n, 9, &tsresol, 1);   /* if_tsresol: 10^-9 s */
	n += put_opt(b + n, 0, "", 0);
	put32(b + start + 4, (uint32_t)(n - start) + 4);
	put32(b + n, (uint32_t)(n - start) + 4);
	return n + 4;
}

int capout_format_parse(const char *s)
{
	if (!strcmp(s, "pcap"))
		return CAPOUT_PCAP;
	if (!strcmp(s, "pcapng"))
		return CAPOUT_PCAPNG;
	return -1;
}

/* n bytes after those buffered; a full buffer goes to the writing
 * thread (a write failure is reported by capout_close). */
static void put(struct capout *c, const void *b, size_t n)
{
	const uint8_t *p = b;
	while (n) {
		if (c->used == CAPOUT_BUFSZ) {
			c->buf = bgw_submit(c->out, c->used);
			c->used = 0;
		}
		size_t k = CAPOUT_BUFSZ - c->used < n ? CAPOUT_BUFSZ - c->used : n;
		memcpy(c->buf + c->used, p, k);
		c->used += k;
		p += k;
		n -= k;
	}
}

struct capout *capout_open(const char *path, uint32_t snaplen, char *err, size_t errlen)
{
	return capout_open_ex(path, CAPOUT_PCAP, snaplen, err, errlen);
}

struct capout *capout_open_ex(const char *path, enum capout_format fmt, uint32_t snaplen,
                              char *err, size_t errlen)
{
	struct capout *c = calloc(1, sizeof *c);
	if (!c || !(c->path = strdup(path))) {
		seterr(err, errlen, "%s: cannot create: out of memory", path);
		if (c)
			co_free(c);
		return NULL;
	}
	c->snaplen = snaplen == 0 || snaplen > CAPOUT_MAX_SNAPLEN ? CAPOUT_MAX_SNAPLEN : snaplen;
	c->fmt = fmt;
	assert(fmt == CAPOUT_PCAP || fmt == CAPOUT_PCAPNG);

	int fd = paths_tmp_beside(path, &c->tmp);
	if (fd < 0) {
		char why[PATH_MAX * 2 + 96];
		paths_tmp_failure(why, sizeof why, path, errno);
		seterr(err, errlen, "%s: %s", path, why);
		co_free(c);
		return NULL;
	}
	c->out = bgw_open(fd, CAPOUT_BUFSZ);
	if (!c->out) {
		seterr(err, errlen, "%s: cannot create: out of memory", path);
		close(fd);
		unlink(c->tmp);
		co_free(c);
		return NULL;
	}
	c->buf = bgw_buffer(c->out);
	c->state = CO_OPEN;

	uint8_t h[128];
	size_t hl = 24;
	if (fmt == CAPOUT_PCAPNG) {
		hl = pcapng_header(h, c->snaplen);
	} else {
		put32(h, 0xa1b23c4du);
		put16(h + 4, 2);
		put16(h + 6, 4);
		put32(h + 8, 0);        /* thiszone */
		put32(h + 12, 0);       /* sigfigs */
		put32(h + 16, c->snaplen);
		put32(h + 20, 1);       /* LINKTYPE_ETHERNET */
	}
	put(c, h, hl);
	return c;
}

int capout_write(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                 uint32_t caplen, uint32_t wirelen)
{
	return capout_write_ex(c, ts_ns, data, caplen, wirelen, NULL, CAPOUT_DIR_NONE);
}

/* pcapng: one enhanced packet block. */
static int write_epb(struct capout *c, uint64_t ts_ns, const uint8_t *data, uint32_t keep,
                     uint32_t wirelen, const char *comment, enum capout_dir dir)
{
	static const uint8_t zero[4];
	uint8_t h[28], o[CAPOUT_COMMENT_MAX + 32];
	size_t cl = comment ? strlen(comment) : 0, on = 0;
	uint32_t pad = (4 - keep % 4) % 4, total;
	if (cl > CAPOUT_COMMENT_MAX)
		return co_fail(c, "frame %" PRIu64 ": comment of %zu bytes, more than %u",
		               c->nwritten + 1, cl, CAPOUT_COMMENT_MAX);
	if (cl)
		on += put_opt(o + on, 1, comment, (uint16_t)cl);   /* opt_comment */
	if (dir != CAPOUT_DIR_NONE) {
		uint8_t f[4];
		put32(f, (uint32_t)dir);                   /* epb_flags bits 0-1 */
		on += put_opt(o + on, 2, f, 4);
	}
	if (on)
		on += put_opt(o + on, 0, "", 0);
	total = 28 + keep + pad + (uint32_t)on + 4;
	put32(h, 6);
	put32(h + 4, total);
	put32(h + 8, 0);                                   /* interface 0 */
	put32(h + 12, (uint32_t)(ts_ns >> 32));
	put32(h + 16, (uint32_t)ts_ns);
	put32(h + 20, keep);
	put32(h + 24, wirelen);
	put32(o + on, total);
	put(c, h, sizeof h);
	put(c, data, keep);
	put(c, zero, pad);
	put(c, o, on + 4);
	c->nwritten++;
	return 0;
}

int capout_write_ex(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                    uint32_t caplen, uint32_t wirelen, const char *comment,
                    enum capout_dir dir)
{
	if (c->state != CO_OPEN)
		return -1;
	assert(dir == CAPOUT_DIR_NONE || dir == CAPOUT_DIR_IN || dir == CAPOUT_DIR_OUT);
	uint64_t sec = ts_ns / 1000000000u;
	if (ts_ns == UINT64_MAX)     /* the saturated time of one later (tracew.c, capin.h) */
		return co_fail(c, "frame %" PRIu64 ": time 2^64 ns or later (the year 2554 on) is "
		               "beyond the %s range", c->nwritten + 1,
		               c->fmt == CAPOUT_PCAP ? "pcap" : "pcapng");
	if (c->fmt == CAPOUT_PCAP && sec > UINT32_MAX)
		return co_fail(c, "frame %" PRIu64 ": time %" PRIu64 " ns is beyond the pcap range",
		               c->nwritten + 1, ts_ns);
	if (wirelen < caplen)
		return co_fail(c, "frame %" PRIu64 ": wire length %" PRIu32 " is less than the "
		               "captured length %" PRIu32, c->nwritten + 1, wirelen, caplen);
	uint32_t keep = caplen < c->snaplen ? caplen : c->snaplen;
	if (c->fmt == CAPOUT_PCAPNG)
		return write_epb(c, ts_ns, data, keep, wirelen, comment, dir);
	uint8_t r[16];
	put32(r, (uint32_t)sec);
	put32(r + 4, (uint32_t)(ts_ns % 1000000000u));
	put32(r + 8, keep);
	put32(r + 12, wirelen);
	put(c, r, sizeof r);
	put(c, data, keep);
	c->nwritten++;
	return 0;
}

int capout_before_epoch(struct capout *c, uint64_t ns_before, const char *why)
{
	return co_fail(c, "frame %" PRIu64 ": time %" PRIu64 " ns%s before the epoch (1970) is "
	               "beyond the %s range%s%s", c->nwritten + 1, ns_before,
	               ns_before == UINT64_MAX ? " or more" : "",
	               c->fmt == CAPOUT_PCAP ? "pcap" : "pcapng", why ? ": " : "", why ? why : "");
}

int capout_close(struct capout *c, int commit, char *err, size_t errlen)
{
	if (!c)
		return 0;
	assert(c->state == CO_OPEN || c->state == CO_FAILED);
	int rc = 0;
	int e;
	bgw_submit(c->out, c->used);
	if (bgw_close(c->out, &e) != 0)   /* said even when nothing is kept: it may be why */
		co_fail(c, "cannot write %s: %s", c->tmp, strerror(e));
	c->out = NULL;
	if (commit && c->state == CO_OPEN &&
	    paths_publish(c->tmp, c->path, commit != CAPOUT_COMMIT_NEW) != 0) {
		if (commit == CAPOUT_COMMIT_NEW && errno == EEXIST)
			co_fail(c, "a file of this name was made meanwhile; it is not written over, "
			        "the capture is not kept");
		else
			co_fail(c, "cannot rename %s into place: %s", c->tmp, strerror(errno));
	}
	if (c->state == CO_FAILED) {
		seterr(err, errlen, "%s", c->errmsg);
		rc = -1;
	}
	if (!commit || rc != 0)
		(void)unlink(c->tmp);
	co_free(c);
	return rc;
}

size_t capout_verdict_comment(char *buf, size_t n, const char *decision, const char *reason,
                              int64_t latency_cycles, uint64_t hz)
{
	int l;
	if (latency_cycles < 0 || hz == 0) {
		l = snprintf(buf, n, "nicshare: %s %s", decision, reason);
	} else {
		/* ns with three decimals, exactly: picoseconds in 128 bits, floored */
		uint64_t ips = units_muldiv((uint64_t)latency_cycles, UNITS_PS_PER_S, hz, false);
		l = snprintf(buf, n, "nicshare: %s %s latency=%" PRId64 " cycles (%" PRIu64 ".%03u ns)",
		             decision, reason, latency_cycles, ips / 1000, (unsigned)(ips % 1000));
	}
	if (l < 0)
		return 0;
	return (size_t)l < n ? (size_t)l : (n ? n - 1 : 0);
}
