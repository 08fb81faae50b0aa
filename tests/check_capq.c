/* check_capq.c - the capture read ahead (src/capq.c) against capin read
 * directly: the same frames, bytes, parses and end, whatever the ring's
 * size; a damaged capture fails at the same frame with capin's message;
 * closing with the reader blocked on a full ring returns. The captures are
 * written here (capout), into a temporary directory. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* mkdtemp */
#endif
#include "src/capin.h"
#include "src/capout.h"
#include "src/capq.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/frame.h"

#include "checkrun.h"

static const uint8_t HOST[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t PEER[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t HOST_IP[16] = {10, 0, 0, 1};
static const uint8_t PEER_IP[16] = {10, 0, 0, 2};

static char dir[64];

/* n frames: UDP of 0..2999 bytes of payload (frame i: (i x 37) mod 3000,
 * so some are longer than a slot's 2 KiB), every seventh an ARP-sized
 * runt of 20 bytes, 1 us apart. */
static char *write_capture(const char *name, unsigned n)
{
	static char p[128];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	char err[256];
	struct capout *c = capout_open(p, 65535, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	static uint8_t b[4096], pay[3000];
	for (unsigned i = 0; i < sizeof pay; i++)
		pay[i] = (uint8_t)(i * 7 + 1);
	for (unsigned i = 0; i < n; i++) {
		size_t len;
		if (i % 7 == 3) {
			len = 20;
			memcpy(b, HOST, 6);
			memcpy(b + 6, PEER, 6);
			memset(b + 12, 0x08, 8);
		} else {
			len = frame_build_udp(b, sizeof b, HOST, PEER, false, PEER_IP, HOST_IP, 40000,
			                      (uint16_t)(5004 + i % 3), pay, (i * 37) % 3000, 1);
			ck_assert_uint_gt(len, 0);
		}
		ck_assert_int_eq(capout_write(c, 1700000000000000000ull + i * 1000ull, b,
		                              (uint32_t)len, (uint32_t)len), 0);
	}
	ck_assert_int_eq(capout_close(c, 1, err, sizeof err), 0);
	return p;
}

static struct capin *open_cap(const char *p)
{
	char err[256];
	struct capin *c = capin_open_ex(p, HOST, CAPIN_OTHER_LINK, err, sizeof err);
	ck_assert_msg(c != NULL, "%s", err);
	return c;
}

/* Every frame through q equals capin's reading of path, and its parse
 * frame_parse's; returns the frames read and the last return code. */
static unsigned compare(const char *p, unsigned slots, int *last, char *qerr, size_t qerrlen,
                        char *derr, size_t derrlen)
{
	struct capin *direct = open_cap(p);
	struct capq *q = capq_open(open_cap(p), slots);
	ck_assert_ptr_nonnull(q);
	unsigned n = 0;
	for (;;) {
		struct capin_frame want;
		const struct capin_frame *got;
		const struct frame_info *gotfi;
		int rw = capin_next(direct, &want, derr, derrlen);
		int rg = capq_next(q, &got, &gotfi, qerr, qerrlen);
		ck_assert_int_eq(rg, rw);
		if (rw != 1) {
			*last = rw;
			/* and again: the same end, and on damage capin's message
			 * again (capq.h; a mutation run of capq.c, helper n3) */
			char first[512];
			snprintf(first, sizeof first, "%s", qerr);
			qerr[0] = 0;
			ck_assert_int_eq(capq_next(q, &got, &gotfi, qerr, qerrlen), rw);
			if (rw < 0)
				ck_assert_str_eq(qerr, first);
			else
				snprintf(qerr, qerrlen, "%s", first);
			break;
		}
		n++;
		ck_assert_uint_eq(got->index, want.index);
		ck_assert_int_eq(got->ts_sec, want.ts_sec);
		ck_assert_uint_eq(got->ts_nsec, want.ts_nsec);
		ck_assert_uint_eq(got->caplen, want.caplen);
		ck_assert_uint_eq(got->wirelen, want.wirelen);
		ck_assert_int_eq(got->dir, want.dir);
		ck_assert_int_eq(got->other_link, want.other_link);
		ck_assert_int_eq(memcmp(got->data, want.data, want.caplen), 0);
		struct frame_info fi;
		frame_parse(want.data, want.caplen, want.wirelen, &fi);
		ck_assert_int_eq(memcmp(gotfi, &fi, sizeof fi), 0);
	}
	capin_close(direct);
	capq_close(q);
	return n;
}

START_TEST(same_frames_as_capin)
{
	/* 1000 frames through rings of 2, 8 and 256 slots: a small ring makes
	 * the reader wait on a full ring many times, a big one the node on an
	 * empty one at the start */
	const char *p = write_capture("mix.pcap", 1000);
	unsigned sizes[] = {2, 8, 256};
	for (unsigned i = 0; i < 3; i++) {
		int last;
		char qe[512] = "", de[512] = "";
		ck_assert_uint_eq(compare(p, sizes[i], &last, qe, sizeof qe, de, sizeof de), 1000);
		ck_assert_int_eq(last, 0);
	}
}
END_TEST

START_TEST(damage_at_the_same_frame)
{
	/* the file cut inside frame 601's record: 600 frames, then capin's
	 * message, naming frame 601 */
	const char *p = write_capture("cut.pcap", 1000);
	struct capin_frame f;
	char err[512];
	/* 24-byte file header, then each record 16 + caplen */
	struct capin *c = open_cap(p);
	long at = 24;
	for (unsigned i = 0; i < 600; i++) {
		ck_assert_int_eq(capin_next(c, &f, err, sizeof err), 1);
		at += 16 + (long)f.caplen;
	}
	capin_close(c);
	ck_assert_int_eq(truncate(p, at + 10), 0);
	int last;
	char qe[512] = "", de[512] = "";
	ck_assert_uint_eq(compare(p, 8, &last, qe, sizeof qe, de, sizeof de), 600);
	ck_assert_int_eq(last, -1);
	ck_assert_str_eq(qe, de);
	ck_assert_ptr_nonnull(strstr(qe, "frame 601"));
}
END_TEST

START_TEST(close_with_the_reader_waiting)
{
	/* a ring of 2 on 1000 frames: after one frame the reader is blocked on
	 * the full ring; closing stops and joins it (a hang fails by the test's
	 * timeout; leaks show under the sanitizers) */
	const char *p = write_capture("long.pcap", 1000);
	struct capq *q = capq_open(open_cap(p), 2);
	ck_assert_ptr_nonnull(q);
	const struct capin_frame *f;
	const struct frame_info *fi;
	char err[256];
	ck_assert_int_eq(capq_next(q, &f, &fi, err, sizeof err), 1);
	ck_assert_uint_eq(f->index, 1);
	usleep(20000);
	capq_close(q);
	/* and closing before any frame was asked for */
	capq_close(capq_open(open_cap(p), 4));
}
END_TEST

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/nicshare-capq-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	Suite *s = suite_create("capq");
	TCase *t = tcase_create("read ahead");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, same_frames_as_capin);
	tcase_add_test(t, damage_at_the_same_frame);
	tcase_add_test(t, close_with_the_reader_waiting);
	suite_add_tcase(s, t);
	int rc = check_run(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = EXIT_FAILURE;
	return rc;
}
