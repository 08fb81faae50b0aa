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
 * range (2^32 s) are refused.
 * The file is written to PATH.tmp through a 1 MiB stdio buffer and renamed
 * to PATH by capout_close(commit = 1), so a reader never sees a half-written
 * capture under the final name; commit = 0 removes PATH.tmp.
 * Cost: one memcpy of the frame into the stdio buffer; a write(2) per MiB. */
#include "capout.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAPOUT_MAX_SNAPLEN 262144u
#define CAPOUT_BUFSZ (1u << 20)

enum capout_state { CO_OPEN, CO_FAILED };

struct capout {
	enum capout_state state;
	FILE *fp;
	char *path;
	char *tmp;
	char *iobuf;
	uint32_t snaplen;
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
	free(c->iobuf);
	free(c);
}

struct capout *capout_open(const char *path, uint32_t snaplen, char *err, size_t errlen)
{
	struct capout *c = calloc(1, sizeof *c);
	size_t n = strlen(path);
	if (!c || !(c->path = strdup(path)) || !(c->tmp = malloc(n + 5))
	    || !(c->iobuf = malloc(CAPOUT_BUFSZ))) {
		seterr(err, errlen, "%s: cannot create: out of memory", path);
		if (c)
			co_free(c);
		return NULL;
	}
	memcpy(c->tmp, path, n);
	memcpy(c->tmp + n, ".tmp", 5);
	c->snaplen = snaplen == 0 || snaplen > CAPOUT_MAX_SNAPLEN ? CAPOUT_MAX_SNAPLEN : snaplen;

	int fd = open(c->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0) {
		seterr(err, errlen, "%s: cannot create %s: %s", path, c->tmp, strerror(errno));
		co_free(c);
		return NULL;
	}
	c->fp = fdopen(fd, "wb");
	if (!c->fp) {
		seterr(err, errlen, "%s: cannot create %s: %s", path, c->tmp, strerror(errno));
		close(fd);
		unlink(c->tmp);
		co_free(c);
		return NULL;
	}
	(void)setvbuf(c->fp, c->iobuf, _IOFBF, CAPOUT_BUFSZ);

	uint8_t h[24];
	put32(h, 0xa1b23c4du);
	put16(h + 4, 2);
	put16(h + 6, 4);
	put32(h + 8, 0);        /* thiszone */
	put32(h + 12, 0);       /* sigfigs */
	put32(h + 16, c->snaplen);
	put32(h + 20, 1);       /* LINKTYPE_ETHERNET */
	if (fwrite(h, 1, sizeof h, c->fp) != sizeof h) {
		seterr(err, errlen, "%s: cannot write %s: %s", path, c->tmp, strerror(errno));
		fclose(c->fp);
		unlink(c->tmp);
		co_free(c);
		return NULL;
	}
	c->state = CO_OPEN;
	return c;
}

int capout_write(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                 uint32_t caplen, uint32_t wirelen)
{
	if (c->state != CO_OPEN)
		return -1;
	uint64_t sec = ts_ns / 1000000000u;
	if (sec > UINT32_MAX)
		return co_fail(c, "frame %" PRIu64 ": time %" PRIu64 " ns is beyond the pcap range",
		               c->nwritten + 1, ts_ns);
	if (wirelen < caplen)
		return co_fail(c, "frame %" PRIu64 ": wire length %" PRIu32 " is less than the "
		               "captured length %" PRIu32, c->nwritten + 1, wirelen, caplen);
	uint32_t keep = caplen < c->snaplen ? caplen : c->snaplen;
	uint8_t r[16];
	put32(r, (uint32_t)sec);
	put32(r + 4, (uint32_t)(ts_ns % 1000000000u));
	put32(r + 8, keep);
	put32(r + 12, wirelen);
	if (fwrite(r, 1, sizeof r, c->fp) != sizeof r
	    || (keep && fwrite(data, 1, keep, c->fp) != keep))
		return co_fail(c, "cannot write %s: %s", c->tmp, strerror(errno));
	c->nwritten++;
	return 0;
}

int capout_close(struct capout *c, int commit, char *err, size_t errlen)
{
	if (!c)
		return 0;
	assert(c->state == CO_OPEN || c->state == CO_FAILED);
	int rc = 0;
	if (fclose(c->fp) != 0 && commit)
		co_fail(c, "cannot write %s: %s", c->tmp, strerror(errno));
	c->fp = NULL;
	if (commit && c->state == CO_OPEN && rename(c->tmp, c->path) != 0)
		co_fail(c, "cannot rename %s into place: %s", c->tmp, strerror(errno));
	if (commit && c->state == CO_FAILED) {
		seterr(err, errlen, "%s", c->errmsg);
		rc = -1;
	}
	if (!commit || rc != 0)
		(void)unlink(c->tmp);
	co_free(c);
	return rc;
}
