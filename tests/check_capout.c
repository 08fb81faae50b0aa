/* check_capout.c - writing captures (capout): pcapng with a verdict comment
 * and a direction per frame, read back by an independent reader, tshark
 * (`-T fields -e frame.comment -e frame.packet_flags_direction ...`); pcap
 * unchanged by the pcapng additions; same frames, same bytes.
 * Both files byte for byte against bytes worked out from the formats'
 * definitions (header fields, option padding, a packet block without
 * options); the refusals' messages; the limits (pcap's last second, a
 * comment of exactly CAPOUT_COMMENT_MAX bytes); a discarded file, a
 * PATH.tmp of the user's kept (a file, a link) and a failed write.
 * Expected values are written by hand below (comment texts, lengths, times;
 * the latency in ns is cycles / 3 GHz done on paper). Without tshark the
 * tshark comparison is skipped with a message, the rest still runs. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* mkdtemp */
#endif
#include "src/capout.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "checkrun.h"

static char tmpdir[256];

static char *tpath(const char *name)
{
	static char buf[4][512];
	static unsigned n;
	char *b = buf[n++ % 4];
	snprintf(b, sizeof buf[0], "%s/%s", tmpdir, name);
	return b;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;
	ck_assert_msg(f != NULL, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* An Ethernet frame of n bytes: broadcast destination, then a counter. */
static void frame(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = i < 6 ? 0xff : (uint8_t)i;
}

/* The frames of the test, with what tshark must show for each. */
static const struct wf {
	uint64_t ts_ns;
	uint32_t caplen, wirelen;
	const char *comment;     /* NULL: none */
	enum capout_dir dir;
	const char *want;        /* comment \t direction \t cap_len \t len \t time_epoch */
} wf[] = {
	{1000000000ull, 60, 60, "nicshare: rt rt-port latency=6883 cycles (2294.333 ns)", CAPOUT_DIR_IN,
	 "nicshare: rt rt-port latency=6883 cycles (2294.333 ns)\t0x00000001\t60\t60\t1.000000000"},
	{1000000001ull, 61, 61, "nicshare: gp default \"quoted\" na\xc3\xafve", CAPOUT_DIR_OUT,
	 "nicshare: gp default \"quoted\" na\xc3\xafve\t0x00000002\t61\t61\t1.000000001"},
	{1500000000ull, 62, 62, NULL, CAPOUT_DIR_OUT, "\t0x00000002\t62\t62\t1.500000000"},
	/* cut at snaplen 64, beyond pcap's 32-bit seconds, no direction (no
	 * epb_flags: tshark shows no field) */
	{4294967297000000005ull, 100, 1514, "abc", CAPOUT_DIR_NONE, "abc\t\t64\t1514\t4294967297.000000005"},
};

static void write_all(const char *path, enum capout_format fmt, int with_extras)
{
	char err[512];
	uint8_t b[128];
	struct capout *c = capout_open_ex(path, fmt, 64, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	for (size_t i = 0; i < sizeof wf / sizeof wf[0]; i++) {
		/* pcap holds 32-bit seconds: bring the last time into range */
		uint64_t ts = fmt == CAPOUT_PCAP ? wf[i].ts_ns % 1000000000000000000ull : wf[i].ts_ns;
		frame(b, wf[i].caplen);
		int rc = with_extras
			? capout_write_ex(c, ts, b, wf[i].caplen, wf[i].wirelen, wf[i].comment, wf[i].dir)
			: capout_write(c, ts, b, wf[i].caplen, wf[i].wirelen);
		ck_assert_int_eq(rc, 0);
	}
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
}

static const char *find_tshark(void)
{
	const char *env = getenv("TSHARK");
	if (env && *env && access(env, X_OK) == 0)
		return env;
	return access("/usr/bin/tshark", X_OK) == 0 ? "/usr/bin/tshark" : NULL;
}

START_TEST(test_pcapng_vs_tshark)
{
	const char *ts = find_tshark(), *p = tpath("v.pcapng");
	char cmd[1200], line[1024];
	size_t n = 0;
	FILE *f;
	write_all(p, CAPOUT_PCAPNG, 1);
	if (!ts) {
		fprintf(stderr, "check_capout: tshark not found, pcapng comparison skipped\n");
		return;
	}
	snprintf(cmd, sizeof cmd, "'%s' -r '%s' -T fields -e frame.comment "
	         "-e frame.packet_flags_direction -e frame.cap_len -e frame.len -e frame.time_epoch "
	         "-e frame.interface_id -e eth.dst 2>&1", ts, p);
	f = popen(cmd, "r");
	ck_assert(f != NULL);
	while (fgets(line, sizeof line, f)) {
		char want[1024];
		line[strcspn(line, "\n")] = 0;
		if (strstr(line, "Running as user"))
			continue;
		ck_assert_msg(n < sizeof wf / sizeof wf[0], "tshark shows an extra line: %s", line);
		snprintf(want, sizeof want, "%s\t0\tff:ff:ff:ff:ff:ff", wf[n].want);
		ck_assert_msg(!strcmp(line, want), "frame %zu: tshark says\n  '%s'\nexpected\n  '%s'",
		              n + 1, line, want);
		n++;
	}
	ck_assert_int_eq(pclose(f), 0);
	ck_assert_uint_eq(n, sizeof wf / sizeof wf[0]);
}
END_TEST

/* The pcap writer ignores comment and direction: byte for byte the file of
 * capout_write, and its header is the nanosecond pcap one. */
START_TEST(test_pcap_unchanged)
{
	size_t la, lb;
	char *a, *b;
	static const uint8_t hdr[24] = {0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
	                                0, 0, 0, 0, 64, 0, 0, 0, 1, 0, 0, 0};
	write_all(tpath("a.pcap"), CAPOUT_PCAP, 1);
	write_all(tpath("b.pcap"), CAPOUT_PCAP, 0);
	a = slurp(tpath("a.pcap"), &la);
	b = slurp(tpath("b.pcap"), &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	ck_assert(memcmp(a, hdr, sizeof hdr) == 0);
	/* 24 + records of 16 + min(caplen, 64) bytes */
	ck_assert_uint_eq(la, 24 + (16 + 60) + (16 + 61) + (16 + 62) + (16 + 64));
	free(a);
	free(b);
}
END_TEST

/* Same frames, same bytes; the block lengths add up to the file. */
START_TEST(test_pcapng_deterministic)
{
	size_t la, lb, off = 0, blocks = 0;
	char *a, *b;
	write_all(tpath("d1.pcapng"), CAPOUT_PCAPNG, 1);
	write_all(tpath("d2.pcapng"), CAPOUT_PCAPNG, 1);
	a = slurp(tpath("d1.pcapng"), &la);
	b = slurp(tpath("d2.pcapng"), &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	while (off + 12 <= la) {
		const uint8_t *u = (const uint8_t *)a + off;
		uint32_t len = u[4] | u[5] << 8 | u[6] << 16 | (uint32_t)u[7] << 24;
		ck_assert_uint_eq(len % 4, 0);
		ck_assert_uint_le(off + len, la);
		ck_assert(memcmp(u + 4, u + len - 4, 4) == 0);   /* trailing length */
		off += len;
		blocks++;
	}
	ck_assert_uint_eq(off, la);
	ck_assert_uint_eq(blocks, 2 + sizeof wf / sizeof wf[0]);   /* SHB, IDB, EPBs */
	free(a);
	free(b);
}
END_TEST

/* A comment over the limit fails the file: nothing under the final name. */
START_TEST(test_comment_too_long)
{
	char err[512], *big = malloc(CAPOUT_COMMENT_MAX + 2);
	uint8_t b[60];
	struct capout *c = capout_open_ex(tpath("long.pcapng"), CAPOUT_PCAPNG, 0, err, sizeof err);
	ck_assert(c != NULL);
	memset(big, 'x', CAPOUT_COMMENT_MAX + 1);
	big[CAPOUT_COMMENT_MAX + 1] = 0;
	frame(b, sizeof b);
	ck_assert_int_eq(capout_write_ex(c, 0, b, 60, 60, big, CAPOUT_DIR_IN), -1);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "long.pcapng") && strstr(err, "frame 1") && strstr(err, "comment"),
	              "%s", err);
	ck_assert(access(tpath("long.pcapng"), F_OK) != 0);
	ck_assert(access(tpath("long.pcapng.tmp"), F_OK) != 0);
	free(big);
}
END_TEST

/* The pcapng file byte for byte, worked out from the format's definition
 * (draft-ietf-opsawg-pcapng: SHB 4.1, IDB 4.2, EPB 4.3, options 3.5; all
 * little-endian): snapshot length 0 written as libpcap's largest, 262144;
 * a frame with a comment and a direction, and one with neither, whose EPB
 * then has no options at all (not even opt_endofopt). */
START_TEST(test_pcapng_bytes)
{
	static const uint8_t want[] = {
		/* SHB: type, total length 44 = 24 + shb_userappl (4 + 8) +
		 * opt_endofopt 4 + trailer 4 */
		0x0a, 0x0d, 0x0d, 0x0a, 0x2c, 0, 0, 0,
		0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,            /* byte-order magic, 1.0 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* section length -1 */
		4, 0, 8, 0, 'n', 'i', 'c', 's', 'h', 'a', 'r', 'e',
		0, 0, 0, 0, 0x2c, 0, 0, 0,
		/* IDB: total 32 = 16 + if_tsresol (4 + 1, padded to 8) + 4 + 4;
		 * link type 1, reserved 0, snaplen 262144 = 0x00040000 */
		1, 0, 0, 0, 0x20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0,
		9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0,
		/* EPB 1: total 60 = 28 + 5 bytes padded to 8 + opt_comment "ab"
		 * (4 + 2, padded to 8) + epb_flags (4 + 4) + 4 + 4; time
		 * 0x1_12345678 ns: high 1, low 0x12345678; caplen 5, wirelen 7 */
		6, 0, 0, 0, 0x3c, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
		0x78, 0x56, 0x34, 0x12, 5, 0, 0, 0, 7, 0, 0, 0,
		0xde, 0xad, 0xbe, 0xef, 0x01, 0, 0, 0,
		1, 0, 2, 0, 'a', 'b', 0, 0,
		2, 0, 4, 0, 2, 0, 0, 0,                         /* outbound */
		0, 0, 0, 0, 0x3c, 0, 0, 0,
		/* EPB 2: total 36 = 28 + 4 + 4; time 10^9 ns = 0x3b9aca00 */
		6, 0, 0, 0, 0x24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0xca, 0x9a, 0x3b, 4, 0, 0, 0, 4, 0, 0, 0,
		1, 2, 3, 4, 0x24, 0, 0, 0,
	};
	static const uint8_t f1[] = {0xde, 0xad, 0xbe, 0xef, 0x01}, f2[] = {1, 2, 3, 4};
	char err[512];
	size_t n;
	struct capout *c = capout_open_ex(tpath("bytes.pcapng"), CAPOUT_PCAPNG, 0, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_int_eq(capout_write_ex(c, 0x112345678ull, f1, 5, 7, "ab", CAPOUT_DIR_OUT), 0);
	ck_assert_int_eq(capout_write_ex(c, 1000000000ull, f2, 4, 4, NULL, CAPOUT_DIR_NONE), 0);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	char *b = slurp(tpath("bytes.pcapng"), &n);
	ck_assert_uint_eq(n, sizeof want);   /* 44 + 32 + 60 + 36 = 172 */
	for (size_t i = 0; i < n; i++)
		ck_assert_msg((uint8_t)b[i] == want[i], "byte %zu: 0x%02x, expected 0x%02x", i,
		              (uint8_t)b[i], want[i]);
	free(b);
}
END_TEST

/* pcap byte for byte: snapshot length 0 written as 262144; the last time
 * pcap holds, 2^32 - 1 s and 999,999,999 ns (0x3b9ac9ff), accepted. */
START_TEST(test_pcap_bytes)
{
	static const uint8_t want[] = {
		0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 4, 0, 1, 0, 0, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x9a, 0x3b, 3, 0, 0, 0, 9, 0, 0, 0,
		0xaa, 0xbb, 0xcc,
	};
	static const uint8_t f[] = {0xaa, 0xbb, 0xcc};
	char err[512];
	size_t n;
	struct capout *c = capout_open(tpath("bytes.pcap"), 0, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_int_eq(capout_write(c, 4294967295999999999ull, f, 3, 9), 0);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	char *b = slurp(tpath("bytes.pcap"), &n);
	ck_assert_uint_eq(n, sizeof want);
	ck_assert(memcmp(b, want, n) == 0);
	free(b);
}
END_TEST

/* The refusals name the frame (counted from 1, the refused one) and the
 * format; the first failure wins, later writes are refused, and nothing is
 * left under either name. Times by hand: 2^32 s = 4294967296000000000 ns,
 * one past pcap's range. */
START_TEST(test_refusals)
{
	char err[512], want[1024];
	uint8_t b[60];
	struct capout *c;
	frame(b, sizeof b);
	c = capout_open(tpath("r1.pcap"), 64, err, sizeof err);
	ck_assert_int_eq(capout_write(c, 0, b, 60, 60), 0);
	ck_assert_int_eq(capout_write(c, 4294967296000000000ull, b, 60, 60), -1);
	ck_assert_int_eq(capout_write(c, 1, b, 60, 60), -1);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: frame 2: time 4294967296000000000 ns is beyond the pcap range",
	         tpath("r1.pcap"));
	ck_assert_str_eq(err, want);
	ck_assert(access(tpath("r1.pcap"), F_OK) != 0 && access(tpath("r1.pcap.tmp"), F_OK) != 0);

	c = capout_open_ex(tpath("r2.pcapng"), CAPOUT_PCAPNG, 64, err, sizeof err);
	ck_assert_int_eq(capout_write(c, 0, b, 60, 60), 0);
	ck_assert_int_eq(capout_write(c, 1, b, 60, 60), 0);
	ck_assert_int_eq(capout_write(c, 2, b, 60, 59), -1);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: frame 3: wire length 59 is less than the captured length 60",
	         tpath("r2.pcapng"));
	ck_assert_str_eq(err, want);

	c = capout_open_ex(tpath("r3.pcapng"), CAPOUT_PCAPNG, 64, err, sizeof err);
	ck_assert_int_eq(capout_write(c, 0, b, 60, 60), 0);
	ck_assert_int_eq(capout_before_epoch(c, UINT64_MAX, "why"), -1);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: frame 2: time 18446744073709551615 ns or more before the "
	         "epoch (1970) is beyond the pcapng range: why", tpath("r3.pcapng"));
	ck_assert_str_eq(err, want);

	c = capout_open(tpath("r4.pcap"), 64, err, sizeof err);
	ck_assert_int_eq(capout_before_epoch(c, 5, NULL), -1);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: frame 1: time 5 ns before the epoch (1970) is beyond the "
	         "pcap range", tpath("r4.pcap"));
	ck_assert_str_eq(err, want);
	ck_assert(access(tpath("r4.pcap"), F_OK) != 0 && access(tpath("r4.pcap.tmp"), F_OK) != 0);
}
END_TEST

/* A comment of exactly CAPOUT_COMMENT_MAX bytes is kept: 44 (SHB) + 32
 * (IDB) + an EPB of 28 + 60 + (4 + 4096) + 4 + 4 = 4196, 4272 bytes. */
START_TEST(test_comment_at_limit)
{
	char err[512], *big = malloc(CAPOUT_COMMENT_MAX + 1);
	uint8_t b[60];
	size_t n;
	struct capout *c = capout_open_ex(tpath("max.pcapng"), CAPOUT_PCAPNG, 0, err, sizeof err);
	memset(big, 'x', CAPOUT_COMMENT_MAX);
	big[CAPOUT_COMMENT_MAX] = 0;
	frame(b, sizeof b);
	ck_assert_int_eq(capout_write_ex(c, 0, b, 60, 60, big, CAPOUT_DIR_NONE), 0);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	free(slurp(tpath("max.pcapng"), &n));
	ck_assert_uint_eq(n, 4272);
	free(big);
}
END_TEST

/* A file of n 'z' bytes at path. */
static void zfile(const char *path, int n)
{
	FILE *f = fopen(path, "wb");
	ck_assert(f != NULL);
	for (int i = 0; i < n; i++)
		fputc('z', f);
	ck_assert_int_eq(fclose(f), 0);
}

/* commit = 0 leaves nothing. A PATH.tmp that is there already is the
 * user's (or an interrupted run's): kept byte for byte, the capture
 * written under PATH.1.tmp instead, then PATH.2.tmp when that is taken
 * too, and renamed to PATH (24 bytes: the pcap header alone). It was
 * opened with O_TRUNC, emptied and renamed away. */
START_TEST(test_discard_and_stale_tmp)
{
	char err[512];
	uint8_t b[60];
	size_t n;
	frame(b, sizeof b);
	struct capout *c = capout_open(tpath("gone.pcap"), 64, err, sizeof err);
	ck_assert_int_eq(capout_write(c, 0, b, 60, 60), 0);
	ck_assert_int_eq(capout_close(c, 0, err, sizeof err), 0);
	ck_assert(access(tpath("gone.pcap"), F_OK) != 0 && access(tpath("gone.pcap.tmp"), F_OK) != 0);
	zfile(tpath("stale.pcap.tmp"), 1000);
	c = capout_open(tpath("stale.pcap"), 64, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	/* written under PATH.1.tmp, nothing under PATH until it is closed */
	ck_assert(access(tpath("stale.pcap.1.tmp"), F_OK) == 0 && access(tpath("stale.pcap"), F_OK) != 0);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	free(slurp(tpath("stale.pcap"), &n));
	ck_assert_uint_eq(n, 24);
	free(slurp(tpath("stale.pcap.tmp"), &n));
	ck_assert_uint_eq(n, 1000);
	ck_assert(access(tpath("stale.pcap.1.tmp"), F_OK) != 0);
	/* PATH.tmp and PATH.1.tmp both taken: PATH.2.tmp, discarded */
	zfile(tpath("stale.pcap.1.tmp"), 7);
	c = capout_open(tpath("stale.pcap"), 64, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert(access(tpath("stale.pcap.2.tmp"), F_OK) == 0);
	ck_assert_int_eq(capout_close(c, 0, err, sizeof err), 0);
	ck_assert(access(tpath("stale.pcap.2.tmp"), F_OK) != 0);
	free(slurp(tpath("stale.pcap.tmp"), &n));
	ck_assert_uint_eq(n, 1000);
	free(slurp(tpath("stale.pcap.1.tmp"), &n));
	ck_assert_uint_eq(n, 7);
	free(slurp(tpath("stale.pcap"), &n));
	ck_assert_uint_eq(n, 24);
	unlink(tpath("stale.pcap.tmp"));
	unlink(tpath("stale.pcap.1.tmp"));
}
END_TEST

/* Every temporary name taken (PATH.tmp, PATH.1.tmp ... PATH.999.tmp):
 * refused, saying so, nothing written (review n51: "cannot create
 * PATH.tmp: File exists"), the user's files as they were. */
START_TEST(test_every_tmp_taken)
{
	char err[2048], want[2048], name[64];
	for (unsigned k = 0; k < 1000; k++) {
		if (k)
			snprintf(name, sizeof name, "taken.pcap.%u.tmp", k);
		else
			snprintf(name, sizeof name, "taken.pcap.tmp");
		zfile(tpath(name), 3);
	}
	struct capout *c = capout_open(tpath("taken.pcap"), 64, err, sizeof err);
	ck_assert_ptr_null(c);
	char *p = strdup(tpath("taken.pcap"));
	snprintf(want, sizeof want, "%s: cannot create a temporary file beside it: %s.tmp to "
	         "%s.999.tmp all exist", p, p, p);
	ck_assert_str_eq(err, want);
	ck_assert(access(p, F_OK) != 0);
	for (unsigned k = 0; k < 1000; k++) {
		size_t n;
		if (k)
			snprintf(name, sizeof name, "taken.pcap.%u.tmp", k);
		else
			snprintf(name, sizeof name, "taken.pcap.tmp");
		free(slurp(tpath(name), &n));
		ck_assert_uint_eq(n, 3);
		unlink(tpath(name));
	}
	free(p);
}
END_TEST

/* A PATH.tmp that is a link (here to a file of the user's) is not
 * followed: the file it names keeps its 50 bytes, the link stays a link.
 * It was opened through the link and truncated. */
START_TEST(test_tmp_link_not_followed)
{
	char err[512], to[600];
	uint8_t b[60];
	size_t n;
	frame(b, sizeof b);
	zfile(tpath("mine.txt"), 50);
	ck_assert_int_eq(symlink(tpath("mine.txt"), tpath("ln.pcap.tmp")), 0);
	struct capout *c = capout_open(tpath("ln.pcap"), 64, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_int_eq(capout_write(c, 0, b, 60, 60), 0);
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	free(slurp(tpath("mine.txt"), &n));
	ck_assert_uint_eq(n, 50);
	ssize_t k = readlink(tpath("ln.pcap.tmp"), to, sizeof to - 1);
	ck_assert_int_gt(k, 0);
	to[k] = 0;
	ck_assert_str_eq(to, tpath("mine.txt"));
	free(slurp(tpath("ln.pcap"), &n));
	ck_assert_uint_eq(n, 24 + 16 + 60);   /* header, record header, frame */
	unlink(tpath("ln.pcap.tmp"));
	unlink(tpath("ln.pcap"));
	unlink(tpath("mine.txt"));
}
END_TEST

/* A write that fails (here past RLIMIT_FSIZE, 50 bytes: EFBIG, SIGXFSZ
 * ignored) fails the file, committed or not: close says so and leaves
 * nothing. */
START_TEST(test_write_failure)
{
	char err[512], want[1024];
	uint8_t b[60];
	frame(b, sizeof b);
	for (int commit = 0; commit < 2; commit++) {
		struct rlimit was, rl;
		signal(SIGXFSZ, SIG_IGN);
		ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &was), 0);
		rl = was;
		rl.rlim_cur = 50;
		ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
		struct capout *c = capout_open(tpath("full.pcap"), 64, err, sizeof err);
		int wr = c ? capout_write(c, 0, b, 60, 60) : -2;
		int rc = c ? capout_close(c, commit, err, sizeof err) : -2;
		setrlimit(RLIMIT_FSIZE, &was);        /* the next tests, when not forked */
		signal(SIGXFSZ, SIG_DFL);
		ck_assert_msg(c != NULL, "%s", err);
		ck_assert_int_eq(wr, 0);
		ck_assert_int_eq(rc, -1);
		snprintf(want, sizeof want, "%s: cannot write %s: %s", tpath("full.pcap"),
		         tpath("full.pcap.tmp"), strerror(EFBIG));
		ck_assert_str_eq(err, want);
		ck_assert(access(tpath("full.pcap"), F_OK) != 0);
		ck_assert(access(tpath("full.pcap.tmp"), F_OK) != 0);
	}
}
END_TEST

/* By hand: 6883 cycles / 3 GHz = 2294.333.. ns; 1 cycle / 2.4 GHz =
 * 0.41666.. ns; 10^10 cycles / 1 GHz = 10 s. */
START_TEST(test_verdict_comment)
{
	char b[200];
	capout_verdict_comment(b, sizeof b, "rt", "rt-port", 6883, 3000000000u);
	ck_assert_str_eq(b, "nicshare: rt rt-port latency=6883 cycles (2294.333 ns)");
	capout_verdict_comment(b, sizeof b, "gp", "default", 1, 2400000000u);
	ck_assert_str_eq(b, "nicshare: gp default latency=1 cycles (0.416 ns)");
	capout_verdict_comment(b, sizeof b, "gp", "default", 10000000000, 1000000000u);
	ck_assert_str_eq(b, "nicshare: gp default latency=10000000000 cycles (10000000000.000 ns)");
	capout_verdict_comment(b, sizeof b, "drop", "rx-ring-full", -1, 3000000000u);
	ck_assert_str_eq(b, "nicshare: drop rx-ring-full");
	ck_assert_uint_eq(capout_verdict_comment(b, 8, "drop", "rx-ring-full", -1, 1), 7);
	ck_assert_str_eq(b, "nicshar");
	/* latency 0 is a latency (only < 0 leaves it out) */
	capout_verdict_comment(b, sizeof b, "rt", "rt-port", 0, 3000000000u);
	ck_assert_str_eq(b, "nicshare: rt rt-port latency=0 cycles (0.000 ns)");
	/* "nicshare: drop rx-ring-full" is 27 bytes: room for 28 keeps it
	 * whole, 27 cuts one; no room writes and returns nothing */
	ck_assert_uint_eq(capout_verdict_comment(b, 28, "drop", "rx-ring-full", -1, 1), 27);
	ck_assert_str_eq(b, "nicshare: drop rx-ring-full");
	ck_assert_uint_eq(capout_verdict_comment(b, 27, "drop", "rx-ring-full", -1, 1), 26);
	ck_assert_str_eq(b, "nicshare: drop rx-ring-ful");
	ck_assert_uint_eq(capout_verdict_comment(b, 0, "drop", "rx-ring-full", -1, 1), 0);
	ck_assert_str_eq(b, "nicshare: drop rx-ring-ful");
	ck_assert_int_eq(capout_format_parse("pcap"), CAPOUT_PCAP);
	ck_assert_int_eq(capout_format_parse("pcapng"), CAPOUT_PCAPNG);
	ck_assert_int_eq(capout_format_parse("PCAPNG"), -1);
	ck_assert_int_eq(capout_format_parse(""), -1);
}
END_TEST

int main(void)
{
	const char *t = getenv("TMPDIR");
	Suite *s = suite_create("capout");
	TCase *tc = tcase_create("capout");
	snprintf(tmpdir, sizeof tmpdir, "%s/check_capout.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("check_capout: mkdtemp");
		return 2;
	}
	tcase_add_test(tc, test_pcapng_vs_tshark);
	tcase_add_test(tc, test_pcap_unchanged);
	tcase_add_test(tc, test_pcapng_deterministic);
	tcase_add_test(tc, test_comment_too_long);
	tcase_add_test(tc, test_verdict_comment);
	tcase_add_test(tc, test_pcapng_bytes);
	tcase_add_test(tc, test_pcap_bytes);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_comment_at_limit);
	tcase_add_test(tc, test_discard_and_stale_tmp);
	tcase_add_test(tc, test_tmp_link_not_followed);
	tcase_add_test(tc, test_every_tmp_taken);
	tcase_add_test(tc, test_write_failure);
	suite_add_tcase(s, tc);
	int rc = check_run(s);
	const char *names[] = {"v.pcapng", "a.pcap", "b.pcap", "d1.pcapng", "d2.pcapng",
	                       "bytes.pcapng", "bytes.pcap", "max.pcapng", "stale.pcap"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(tpath(names[i]));
	rmdir(tmpdir);
	return rc;
}
