/* fuzz_capin.c - libFuzzer target: the capture reading path, the start of
 * Fig. 8b's receive path (src/capin.c over libpcap), on arbitrary files
 * (issue 7, item 1). Each frame read goes on through frame_parse and
 * classify_frame, as in a run.
 *
 * The input is written to an anonymous memory file (memfd_create; a file
 * under $TMPDIR where that is missing) and opened by its /proc/self/fd
 * path, so nothing is left on disk. It is read to the end three times:
 *   1. the whole file;
 *   2. the whole file again: the same frames, bytes and outcome (no
 *      dependence on uninitialised memory or on earlier inputs);
 *   3. its first half: the frames read are a prefix of those of pass 1,
 *      byte for byte (cutting a file never changes a frame before the cut).
 * Checked on every pass (src/capin.h): a failed open says "PATH: ..."; frames
 * are numbered 1, 2, ... like capin_frames_read(); the time fraction is
 * below 10^9; caplen <= wirelen; every data byte is readable (ASan);
 * damage says "PATH: frame N: ... (N-1 frames read" and is repeated by the
 * next call, as the end is. */
#define _GNU_SOURCE   /* memfd_create */
#include "fuzz.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../model/classify.h"
#include "../model/frame.h"
#include "../model/ports.h"
#include "../src/capin.h"

#define MAX_KEPT 65536          /* frames whose hashes pass 1 keeps */
#define MAX_FRAMES 1000000      /* a bound on a pass: no input holds more */

static const uint8_t host_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static struct ports *g_ports;
static int g_fd = -1;
static char g_path[64];
static uint64_t g_kept[MAX_KEPT];

struct pass {
	bool opened;
	int last;               /* 0 clean end, -1 damage */
	uint64_t nframes;
	uint64_t hash;          /* over every frame and the outcome */
	char err[1024];
};

static void setup(void)
{
	static const uint16_t rt[] = {5004, 5006, 5084, 5086};
	uint16_t bad;
	if (g_ports)
		return;
	g_ports = ports_create();
	FUZZ_CHECK(g_ports != NULL);
	FUZZ_CHECK(ports_boot(g_ports, rt, sizeof rt / sizeof rt[0], &bad) == PORTS_OK);
#ifdef MFD_CLOEXEC
	g_fd = memfd_create("fuzz_capin", MFD_CLOEXEC);
#endif
	if (g_fd >= 0) {
		snprintf(g_path, sizeof g_path, "/proc/self/fd/%d", g_fd);
		return;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(g_path, sizeof g_path, "%s/fuzz_capin.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	g_fd = mkstemp(g_path);
	FUZZ_CHECK(g_fd >= 0);
	/* the name is gone at once; the replay driver exits after its files */
	unlink(g_path);
	snprintf(g_path, sizeof g_path, "/proc/self/fd/%d", g_fd);
}

static void put(const uint8_t *d, size_t n)
{
	size_t done = 0;
	FUZZ_CHECK(ftruncate(g_fd, 0) == 0);
	while (done < n) {
		ssize_t w = pwrite(g_fd, d + done, n - done, (off_t)done);
		FUZZ_CHECK(w > 0);
		done += (size_t)w;
	}
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t frame_hash(const struct capin_frame *f)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = mix(h, &f->ts_sec, sizeof f->ts_sec);
	h = mix(h, &f->ts_nsec, sizeof f->ts_nsec);
	h = mix(h, &f->caplen, sizeof f->caplen);
	h = mix(h, &f->wirelen, sizeof f->wirelen);
	h = mix(h, &f->dir, sizeof f->dir);
	return f->caplen ? mix(h, f->data, f->caplen) : h;
}

/* Read the file to the end; pass 1 keeps the frame hashes, pass 3 compares. */
static void read_all(struct pass *ps, int which)
{
	char err[1024];
	struct capin_frame f;
	memset(ps, 0, sizeof *ps);
	ps->hash = 0xcbf29ce484222325ull;
	err[0] = '\0';
	struct capin *c = capin_open(g_path, host_mac, err, sizeof err);
	if (!c) {
		FUZZ_CHECK(strncmp(err, g_path, strlen(g_path)) == 0);
		FUZZ_CHECK(strncmp(err + strlen(g_path), ": ", 2) == 0);
		snprintf(ps->err, sizeof ps->err, "%s", err);
		ps->hash = mix(ps->hash, err, strlen(err));
		return;
	}
	ps->opened = true;
	int lt = capin_linktype(c);
	FUZZ_CHECK(lt == 1 || lt == 113 || lt == 276);   /* EN10MB, LINUX_SLL, LINUX_SLL2 */
	FUZZ_CHECK(capin_linktype_name(c) != NULL);
	int r;
	for (;;) {
		memset(&f, 0xa5, sizeof f);
		r = capin_next(c, &f, err, sizeof err);
		if (r != 1)
			break;
		ps->nframes++;
		FUZZ_CHECK(ps->nframes <= MAX_FRAMES);
		FUZZ_CHECK(f.index == ps->nframes && capin_frames_read(c) == ps->nframes);
		FUZZ_CHECK(f.ts_nsec < 1000000000u);
		FUZZ_CHECK(f.caplen <= f.wirelen);
		FUZZ_CHECK(f.dir == CAPIN_DIR_UNKNOWN || f.dir == CAPIN_DIR_IN || f.dir == CAPIN_DIR_OUT);
		FUZZ_CHECK(f.caplen == 0 || f.data != NULL);
		uint64_t h = frame_hash(&f);
		ps->hash = mix(ps->hash, &h, sizeof h);
		if (which == 1 && ps->nframes <= MAX_KEPT)
			g_kept[ps->nframes - 1] = h;
		if (which == 3 && ps->nframes <= MAX_KEPT)
			FUZZ_CHECK(g_kept[ps->nframes - 1] == h);

		struct frame_info fi;
		enum frame_status st = frame_parse(f.data, f.caplen, f.wirelen, &fi);
		FUZZ_CHECK(st == FRAME_OK || st == FRAME_TRUNCATED || st == FRAME_INVALID);
		struct classify_result cr = classify_frame(&fi, g_ports);
		FUZZ_CHECK(cr.decision == DEC_RT || cr.decision == DEC_GP || cr.decision == DEC_BOTH);
	}
	FUZZ_CHECK(r == 0 || r == -1);
	ps->last = r;
	ps->hash = mix(ps->hash, &r, sizeof r);
	if (r == -1) {
		char want[256];
		int k = snprintf(want, sizeof want, "%s: frame %" PRIu64 ": ", g_path, ps->nframes + 1);
		FUZZ_CHECK(k > 0 && strncmp(err, want, (size_t)k) == 0);
		snprintf(want, sizeof want, "(%" PRIu64 " frame%s read", ps->nframes,
		         ps->nframes == 1 ? "" : "s");
		FUZZ_CHECK(strstr(err, want) != NULL);
		snprintf(ps->err, sizeof ps->err, "%s", err);
		ps->hash = mix(ps->hash, err, strlen(err));
	}
	/* a call after the end or the damage says the same again */
	err[0] = '\0';
	FUZZ_CHECK(capin_next(c, &f, err, sizeof err) == r);
	if (r == -1)
		FUZZ_CHECK(strcmp(err, ps->err) == 0);
	FUZZ_CHECK(capin_frames_read(c) == ps->nframes);
	capin_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass a, b, cut;
	setup();
	put(data, size);
	read_all(&a, 1);
	read_all(&b, 2);
	FUZZ_CHECK(a.opened == b.opened && a.last == b.last && a.nframes == b.nframes);
	FUZZ_CHECK(a.hash == b.hash && strcmp(a.err, b.err) == 0);
	if (!a.opened || size < 2)
		return 0;
	put(data, size / 2);
	read_all(&cut, 3);
	FUZZ_CHECK(cut.nframes <= a.nframes);
	put(NULL, 0);
	return 0;
}
