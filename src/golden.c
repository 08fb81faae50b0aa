/* golden.c - golden regression: check a run against the outputs blessed
 * for its scenario, write them (bless), and compare two runs frame by frame
 * (diff). doc/verify.md is the user's side of this file.
 * Models nothing of the patent itself: it guards the model of Figs. 2-3
 * and 7-8 (every frame's path through NIC, RT, proxy channels and GP, and
 * what went on the wire) against unintended change.
 *
 * A golden is traces/golden/<scenario>/ (golden.h lists its files; a
 * world's has a folder per computer and world.json: struct units). Text
 * outputs are compared line by line, and also frame by frame: each line is
 * hashed (FNV-1a 64) into the running hash of the frame it belongs to (the
 * frame column: the first of routing.tsv, the second of events.tsv), so
 * that a check can say both where the outputs first diverge and how many
 * frames differ. summary.json is read through jansson (json.h) and
 * flattened to path = value pairs, minus "wall" (wall-clock, memory) and
 * "nicshare" (the version). Captures are read through libpcap and compared
 * record by record: timestamp in ns, captured and wire lengths, bytes.
 * Large golden files are gzip files, read and written in process through
 * zlib; zlib passes a file that is not gzip through unchanged, so golden and
 * run files go through the same code. diff compares frame by frame first
 * (routing, then each frame's events), statistics after.
 * Cost: one streaming pass over each pair of files; memory is one hash
 * entry per frame (events) or one entry per value (summary); bless
 * compresses at zlib level 9. */
#define _GNU_SOURCE   /* fopencookie */
#include "golden.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>
#include <zlib.h>

#include "../model/verdict.h"
#include "bound.h"
#include "cli.h"
#include "datadir.h"
#include "engine.h"
#include "json.h"
#include "outputs.h"
#include "paths.h"
#include "scenario.h"
#include "tracew.h"
#include "units.h"
#include "verify.h"
#include "world.h"
#include "worldcfg.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define SHOW_DEFAULT 20
#define SUMMARY_MAX (16u << 20)

static const struct cli_opt check_opts[] = {
	{"golden", 0, "DIR", "the golden (default: NAME.golden/ beside the scenario\n"
	 "file; for a scenario of the library (scenarios/,\n"
	 "tests/verify/ of the source tree) traces/golden/NAME;\n"
	 "NAME is the file name without .yaml)"},
	{"set", 0, "KEY=VALUE", "override a scenario key (repeatable), as for run"},
	{"out", 0, "DIR", "keep this run's outputs in DIR, e.g. for nicshare diff"},
};
static const struct cli_cmd check_def = {
	"check", "check SCENARIO.yaml [--set KEY=VALUE ...] [--golden DIR] [--out DIR]",
	"Run the scenario (every output, into a temporary directory) and compare\n"
	"the run with the scenario's golden outputs: routing.tsv, events.tsv,\n"
	"summary.json (without \"wall\" and \"nicshare\": wall-clock and version) and the\n"
	"captures wire-tx.pcap, rt-rx.pcap, gp-rx.pcap (timestamps, lengths, bytes).\n"
	"The scenario's own verify section is checked as by run.\n"
	"A world (a scenario with a world: section) is run as a world: each\n"
	"computer's files are compared with those in the golden's HOST/, and\n"
	"world.json (without its wall-clock) with the golden's.\n",
	check_opts, sizeof check_opts / sizeof check_opts[0],
	"For each file that differs: how many frames (values, records) differ, and\n"
	"the first divergence: line, frame, stage, expected and actual.\n"
	"Exit status: 0 same and every verify check held, 1 a difference or a broken\n"
	"check, 2 bad usage or input (no golden: write one with nicshare bless).\n"};

static const struct cli_opt bless_opts[] = {
	{"golden", 0, "DIR", "where to write (created if missing with its parents;\n"
	 "default as for check)"},
	{"set", 0, "KEY=VALUE", "override a scenario key (repeatable); recorded in\ngolden.txt"},
	{"force", 0, NULL, "overwrite an existing golden, and bless even when a\n"
	 "verify check broke"},
};
static const struct cli_cmd bless_def = {
	"bless", "bless SCENARIO.yaml [--set KEY=VALUE ...] [--golden DIR] [--force]",
	"Run the scenario and write its outputs as the golden that nicshare check\n"
	"compares with (see nicshare check --help for where): routing.tsv,\n"
	"summary.json without \"wall\" and \"nicshare\", events.tsv.gz and the\n"
	"captures (gzip), golden.txt. Each file is written as NAME.tmp (a new\n"
	"file: NAME.1.tmp, ... when one of that name is there, which is left as\n"
	"it is), then renamed. An existing golden is overwritten only with\n"
	"--force. A run that breaks its scenario's verify section is not blessed\n"
	"unless --force.\n"
	"A world's golden holds each computer's files in HOST/ and world.json\n"
	"(without \"wall_s\" and \"wall_outside_simgrid_s\").\n"
	"Goldens change only on purpose: compare the old golden with the new run\n"
	"first (nicshare check --out DIR; nicshare diff GOLDEN DIR).\n",
	bless_opts, sizeof bless_opts / sizeof bless_opts[0],
	"Exit status: 0 written, 1 not written (the run failed a check), 2 bad usage\n"
	"or input, or a golden already there and no --force (nothing written).\n"};

static const struct cli_opt diff_opts[] = {
	{"max", 0, "N", "list at most N changed frames (default 20)"},
};
static const struct cli_cmd diff_def = {
	"diff", "diff DIR_A DIR_B [--max N]",
	"Compare two runs (output directories of nicshare run or check --out, or a\n"
	"golden) frame by frame:\n"
	"  routing   the frames whose decision or reason changed, A -> B (the first\n"
	"            N, then how many);\n"
	"  latency   first frame by frame (latency.tsv: how many samples changed and\n"
	"            by how much, the first N of them), then per class (rt-rx gp-rx\n"
	"            rt-tx gp-tx rt-rtt) the count, p50, p99 and max in cycles and\n"
	"            ns, exact nearest rank over latency.tsv (a golden has none:\n"
	"            then summary.json's histogram values).\n"
	"Runs of different captures are compared with a warning.\n"
	"Two worlds (world.json at the top): each computer of A (those its\n"
	"world.json lists) against B's, then world.json's values; a world against\n"
	"one computer's run is refused, naming the world's computers (DIR/HOST)\n"
	"to compare instead.\n",
	diff_opts, sizeof diff_opts / sizeof diff_opts[0],
	"Exit status: 0 identical, 1 different, 2 bad usage or input.\n"};

/* ---- options ----------------------------------------------------------------- */

struct gopts {
	const char *cmd;
	const char *scenario;
	const char **sets;
	size_t nsets;
	const char *golden, *out;
	bool force;
	const char *dirs[2];
	size_t ndirs;
	uint64_t max;
};

static int bad_usage(const char *cmd, const char *what, const char *arg)
{
	return cli_bad(cmd, what, arg);
}

static int on_gopt(void *ctx, int i, const char *val)
{
	struct gopts *o = ctx;
	const char *cmd = o->cmd;
	bool is_diff = !strcmp(cmd, "diff");
	const char *n = i < 0 ? "" : !strcmp(cmd, "check") ? check_opts[i].name
	              : !strcmp(cmd, "bless") ? bless_opts[i].name : diff_opts[i].name;
	if (!strcmp(n, "set")) {
		if (!strchr(val, '='))
			return bad_usage(cmd, "--set needs KEY=VALUE", val);
		o->sets[o->nsets++] = val;
	} else if (!strcmp(n, "golden")) {
		if (!*val)
			return bad_usage(cmd, "--golden needs a directory", NULL);
		o->golden = val;
	} else if (!strcmp(n, "out")) {
		if (!*val)
			return bad_usage(cmd, "--out needs a directory", NULL);
		o->out = val;
	} else if (!strcmp(n, "force")) {
		o->force = true;
	} else if (!strcmp(n, "max")) {
		if (!units_parse_u64(val, &o->max))
			return bad_usage(cmd, "--max needs a whole number", val);
	} else if (is_diff) {
		if (o->ndirs == 2)
			return bad_usage(cmd, "more than two directories", val);
		o->dirs[o->ndirs++] = val;
	} else if (!o->scenario) {
		o->scenario = val;
	} else {
		return bad_usage(cmd, "more than one scenario file", val);
	}
	return 0;
}

/* 0, 2 on bad usage, 3 when --help or --version was printed. argv[0] is
 * the command word. */
static int gparse(const struct cli_cmd *def, int argc, char **argv, struct gopts *o)
{
	bool is_diff = !strcmp(def->name, "diff");
	memset(o, 0, sizeof *o);
	o->cmd = def->name;
	o->max = SHOW_DEFAULT;
	o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
	if (!o->sets) {
		fprintf(stderr, "nicshare: out of memory\n");
		return 2;
	}
	int rc = cli_parse(def, argc, argv, on_gopt, o);
	if (rc)
		return rc;
	if (is_diff && o->ndirs != 2)
		return bad_usage(o->cmd, "two directories are needed", NULL);
	if (!is_diff && !o->scenario)
		return bad_usage(o->cmd, "a scenario file is needed", NULL);
	return 0;
}

/* gparse for a command: true to go on; false with *rc the command's exit
 * status (0 after --help or --version), o's memory freed. */
static bool gstart(const struct cli_cmd *def, int argc, char **argv, struct gopts *o, int *rc)
{
	*rc = gparse(def, argc, argv, o);
	if (!*rc)
		return true;
	free(o->sets);
	if (*rc == 3)
		*rc = 0;
	return false;
}

/* ---- files -------------------------------------------------------------------- */

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	return d;
}

/* The library's scenario folders: their goldens are traces/golden/NAME,
 * in the source tree, or in the installed data (its scenarios/ alone;
 * `make install` puts traces/golden beside them). */
static const char *const library_dirs[] = {"scenarios", "tests/verify", "scenarios"};
#define LIB_INSTALLED 2   /* library_dirs' index under ns_datadir() */

/* The scenario's golden: for a scenario of the library (a file in one of
 * library_dirs of the source tree, or in the installed scenarios), its
 * tree's traces/golden/NAME; for any other, NAME.golden beside the
 * scenario file, so that blessing a file of the user's never writes into
 * the project. *lib tells which. */
static char *golden_dir(const char *scen, bool *lib)
{
	const char *base = paths_base(scen);
	char *name = strndup(base, paths_stem_len(base));
	char *dir = paths_dir(scen);
	if (!name) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	char *real = realpath(dir, NULL), *g = NULL;
	const char *top = NULL;
	for (size_t i = 0; real && !top && i < sizeof library_dirs / sizeof *library_dirs; i++) {
		const char *t = i == LIB_INSTALLED ? ns_datadir() : NS_SRCDIR;
		char *cand = paths_join(t, library_dirs[i]);
		char *rc = realpath(cand, NULL);
		if (rc && !strcmp(rc, real))
			top = t;
		free(rc);
		free(cand);
	}
	*lib = top != NULL;
	if (top) {
		char *gd = paths_join(top, "traces/golden");
		g = paths_join(gd, name);
		free(gd);
	} else {
		char *nb = malloc(strlen(name) + 8);
		if (!nb) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		sprintf(nb, "%s.golden", name);
		g = paths_join(dir, nb);
		free(nb);
	}
	free(real);
	free(dir);
	free(name);
	return g;
}

/* ---- reading, through zlib when compressed ------------------------------------------ */

/* A file read through zlib's gzread, which passes a file that is not gzip
 * through unchanged, seen as a stdio stream (fopencookie) so that getline,
 * fread and libpcap's pcap_fopen_offline read golden and run files alike. */
struct gzc {
	gzFile g;
	int err;               /* a gzread error seen (Z_* code), or 0 */
	int closed;            /* gzclose's result once closed */
	int fd;                /* the file (gzdopen's) */
	off_t size;            /* its bytes */
	uint64_t out;          /* bytes gzread gave */
	bool trailing;         /* read to its end, its last 4 bytes are not the
	                          gzip trailer's length of the data */
	char msg[128];
};

struct rd {
	FILE *f;
	struct gzc *c;
	const char *path;
};

static ssize_t gzc_read(void *cookie, char *buf, size_t n)
{
	struct gzc *c = cookie;
	int k = gzread(c->g, buf, n > INT_MAX ? INT_MAX : (unsigned)n);
	if (k < 0) {
		int ze;
		const char *m = gzerror(c->g, &ze);
		c->err = ze;
		snprintf(c->msg, sizeof c->msg, "%s", ze == Z_ERRNO ? strerror(errno) : m);
		errno = EIO;
		return -1;
	}
	c->out += (uint64_t)k;
	return k;
}

static int gzc_seek(void *cookie, off64_t *pos, int whence)
{
	struct gzc *c = cookie;
	z_off_t r = gzseek(c->g, (z_off_t)*pos, whence);
	if (r < 0)
		return -1;
	*pos = r;
	c->out = (uint64_t)r;      /* the data read up to here */
	return 0;
}

/* True when the file is gzip members one after another up to its last
 * byte (RFC 1952 2.2: a gzip file is a series of members), each whole and
 * checked (CRC-32, ISIZE); false when anything else follows a member or
 * one is damaged. Decompresses the whole file again: called only when the
 * last member's ISIZE does not give the data's length. */
static bool gz_members_only(int fd, off_t size)
{
	enum { CHUNK = 1u << 16 };
	unsigned char *in = malloc(2 * CHUNK), *out = in + CHUNK;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (!in || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(in);
		return false;
	}
	off_t pos = 0;                 /* bytes of the file given to zlib */
	bool ok = false;
	for (;;) {
		if (z.avail_in == 0) {
			if (pos == size)
				break;             /* the file ends inside a member */
			ssize_t k = pread(fd, in, CHUNK, pos);
			if (k <= 0)
				break;
			pos += k;
			z.next_in = in;
			z.avail_in = (uInt)k;
		}
		z.next_out = out;
		z.avail_out = CHUNK;
		int rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			off_t end = pos - (off_t)z.avail_in;   /* the member's last byte + 1 */
			if (end == size) {
				ok = true;
				break;
			}
			unsigned char id[2];
			if (pread(fd, id, 2, end) != 2 || id[0] != 0x1f || id[1] != 0x8b)
				break;             /* bytes that are not another member */
			inflateReset(&z);
		} else if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.avail_in == 0)) {
			break;
		}
	}
	inflateEnd(&z);
	free(in);
	return ok;
}

static int gzc_close(void *cookie)
{
	struct gzc *c = cookie;
	/* zlib passes over whatever follows a gzip stream that is not
	 * another: a file damaged by bytes appended read as whole (review
	 * n32). The last 4 bytes of a gzip file (its last member's ISIZE,
	 * RFC 1952) are that member's length mod 2^32, the data's when it is
	 * one member, as nicshare writes it; bytes appended replace them.
	 * Otherwise the file may still be several members (gzip a; gzip b;
	 * cat: review n43), told apart by reading it member by member. */
	uint8_t t[4];
	if (gzeof(c->g) && !gzdirect(c->g) && c->size >= 4 &&
	    pread(c->fd, t, 4, c->size - 4) == 4) {
		uint32_t isize = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
		                 (uint32_t)t[3] << 24;
		c->trailing = isize != (uint32_t)c->out && !gz_members_only(c->fd, c->size);
	}
	c->closed = gzclose(c->g);
	c->g = NULL;
	return 0;
}

/* Open a file to read, decompressing it when it is gzip. */
static int rd_open(struct rd *r, const char *path)
{
	static const cookie_io_functions_t io = {gzc_read, NULL, gzc_seek, gzc_close};
	memset(r, 0, sizeof *r);
	r->path = path;
	r->c = calloc(1, sizeof *r->c);
	if (!r->c) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0)
		r->c->size = st.st_size;
	r->c->fd = fd;
	if (fd < 0 || !(r->c->g = gzdopen(fd, "rb"))) {
		fprintf(stderr, "nicshare: %s: cannot read: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(r->c);
		r->c = NULL;
		return -1;
	}
	gzbuffer(r->c->g, 1u << 17);
	r->f = fopencookie(r->c, "rb", io);
	if (!r->f) {
		fprintf(stderr, "nicshare: %s: %s\n", path, strerror(errno));
		gzclose(r->c->g);
		free(r->c);
		r->c = NULL;
		return -1;
	}
	return 0;
}

/* Close (f already closed, e.g. by pcap_close: pass closed = true); -1
 * when zlib found the file damaged (said), unless `early` (the reader
 * stopped before the end). */
static int rd_close(struct rd *r, bool early, bool closed)
{
	int rc = 0;
	if (r->f && !closed)
		fclose(r->f);
	if (r->c) {
		if (!early && (r->c->err || (r->c->closed != Z_OK && r->c->closed != Z_BUF_ERROR))) {
			fprintf(stderr, "nicshare: %s: gzip could not decompress it (damaged?): %s\n",
			        r->path, r->c->msg[0] ? r->c->msg : zError(r->c->closed));
			rc = -1;
		} else if (!early && r->c->closed == Z_BUF_ERROR) {
			fprintf(stderr, "nicshare: %s: gzip could not decompress it (damaged?): the data "
			        "is cut short\n", r->path);
			rc = -1;
		} else if (!early && r->c->trailing) {
			fprintf(stderr, "nicshare: %s: damaged: its last bytes are not the gzip "
			        "trailer of its data (bytes appended?)\n", r->path);
			rc = -1;
		}
		free(r->c);
	}
	memset(r, 0, sizeof *r);
	return rc;
}

struct lr {
	struct rd rd;
	const char *path;
	char *buf;
	size_t cap, len;
	uint64_t lno;
	bool ended;
};

static int lr_open(struct lr *r, const char *path)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	return rd_open(&r->rd, path);
}

/* -1 when the file turned out damaged at the end (said) */
static int lr_close(struct lr *r)
{
	int rc = rd_close(&r->rd, !r->ended, false);
	free(r->buf);
	r->buf = NULL;
	return rc;
}

/* 1: a line in r->buf (newline removed), 0: the end, -1: error (said). */
static int lr_get(struct lr *r)
{
	ssize_t n = getline(&r->buf, &r->cap, r->rd.f);
	if (r->rd.c && r->rd.c->err) {
		/* zlib drops what it decompressed in the read that failed: the
		 * line may be cut, say the damage rather than the line */
		r->ended = true;
		rd_close(&r->rd, false, false);
		return -1;
	}
	if (n < 0) {
		if (ferror(r->rd.f)) {
			fprintf(stderr, "nicshare: %s: read error\n", r->path);
			return -1;
		}
		r->ended = true;
		if (rd_close(&r->rd, false, false) < 0)
			return -1;
		return 0;
	}
	r->len = (size_t)n;
	r->lno++;
	if (r->len && r->buf[r->len - 1] == '\n') {
		r->buf[--r->len] = '\0';
	} else if (r->rd.c && r->rd.c->g) {
		/* the last line, without its newline: a gzip stream that ended
		 * early (zlib's Z_BUF_ERROR) cut it, say so rather than the line */
		int ze = Z_OK;
		gzerror(r->rd.c->g, &ze);
		if (ze == Z_BUF_ERROR) {
			fprintf(stderr, "nicshare: %s: gzip could not decompress it (damaged?): the data "
			        "is cut short, in line %" PRIu64 "\n", r->path, r->lno);
			r->ended = true;
			rd_close(&r->rd, true, false);
			return -1;
		}
	}
	return 1;
}

/* The whole of a (possibly gzip) file, NUL-terminated; NULL when it cannot
 * be read or is larger than max (said). */
static char *slurp(const char *path, size_t max, size_t *len)
{
	struct rd r;
	char *b = NULL;
	size_t n = 0, cap = 0, k;
	if (rd_open(&r, path) < 0)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			char *nb = cap <= max + 65536 ? realloc(b, cap + 1) : NULL;
			if (!nb) {
				fprintf(stderr, "nicshare: %s: larger than %zu bytes\n", path, max);
				free(b);
				rd_close(&r, true, false);
				return NULL;
			}
			b = nb;
		}
		k = fread(b + n, 1, 65536, r.f);
		n += k;
		if (k < 65536)
			break;
	}
	if (ferror(r.f)) {
		fprintf(stderr, "nicshare: %s: read error\n", path);
		free(b);
		rd_close(&r, true, false);
		return NULL;
	}
	if (rd_close(&r, false, false) < 0) {
		free(b);
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}

/* ---- frame-keyed hashes ----------------------------------------------------------- */

#define FNV0 0xcbf29ce484222325ull

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

struct fent {
	uint64_t key;
	union {
		struct { uint64_t ha, hb, na, nb; };   /* check: hashes and line counts */
		struct { uint64_t a0, b0, a1, b1; };   /* diff: first and last event cycle */
	};
	bool used, ina, inb;
};

struct fmap {
	struct fent *t;
	size_t cap, n;
};

static uint64_t mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return k;
}

static struct fent *fmap_get(struct fmap *m, uint64_t key)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 4096;
		struct fent *t = calloc(nc, sizeof *t);
		if (!t) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->t[i].used)
				continue;
			size_t j = mix64(m->t[i].key) & (nc - 1);
			while (t[j].used)
				j = (j + 1) & (nc - 1);
			t[j] = m->t[i];
		}
		free(m->t);
		m->t = t;
		m->cap = nc;
	}
	size_t j = mix64(key) & (m->cap - 1);
	while (m->t[j].used && m->t[j].key != key)
		j = (j + 1) & (m->cap - 1);
	if (!m->t[j].used) {
		m->t[j] = (struct fent){.key = key, .ha = FNV0, .hb = FNV0, .used = true};
		m->n++;
	}
	return &m->t[j];
}

/* A frame id of the outputs: n -> 2n, o<n> -> 2n + 1, "-" -> 0.
 * Returns -1 when s[0..n) is none of these. */
static int frame_key(const char *s, size_t n, uint64_t *key)
{
	bool tx = false;
	uint64_t v;
	if (n == 1 && s[0] == '-') {
		*key = 0;
		return 0;
	}
	if (n && s[0] == 'o') {
		tx = true;
		s++;
		n--;
	}
	if (n > 18 || !units_parse_u64n(s, n, &v) || v == 0)
		return -1;
	*key = 2 * v + tx;
	return 0;
}

/* ---- comparison results ----------------------------------------------------------- */

struct cres {
	const char *unit;      /* "frames", "values", "records" */
	uint64_t total;        /* in the golden */
	uint64_t differ;
	bool diverged;
	char where[256];       /* "line 7, frame 1, stage irq" */
	char *exp, *act;
	char note[256];
};

static void cres_free(struct cres *r)
{
	free(r->exp);
	free(r->act);
	r->exp = r->act = NULL;
}

static bool cres_same(const struct cres *r)
{
	return !r->diverged && r->differ == 0;
}

/* One file's result, its name in a column of `width`. */
static void cres_print(const char *name, int width, const struct cres *r, FILE *out)
{
	if (cres_same(r)) {
		fprintf(out, "  %-*s same: %" PRIu64 " %s\n", width, name, r->total, r->unit);
		return;
	}
	fprintf(out, "  %-*s DIFFERS: %" PRIu64 " of %" PRIu64 " %s differ%s%s\n", width, name, r->differ,
	        r->total, r->unit, r->note[0] ? "; " : "", r->note);
	if (r->diverged)
		fprintf(out, "      first divergence: %s\n        expected: %s\n        actual:   %s\n",
		        r->where, r->exp ? r->exp : "?", r->act ? r->act : "?");
}

/* a line for messages: tabs shown as two blanks */
static char *show_line(const char *s, size_t n)
{
	char *d = malloc(2 * n + 1);
	size_t k = 0;
	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t') {
			d[k++] = ' ';
			d[k++] = ' ';
		} else {
			d[k++] = s[i];
		}
	}
	d[k] = '\0';
	return d;
}

/* ---- routing.tsv and events.tsv ------------------------------------------------------ */

enum tkind { TK_ROUTING, TK_EVENTS };

/* Split a line at tabs into at most n columns; returns how many. */
static int cols(char *s, size_t len, char **c, size_t *cl, int n)
{
	int k = 0;
	char *p = s, *end = s + len;
	while (k < n) {
		char *t = memchr(p, '\t', (size_t)(end - p));
		c[k] = p;
		cl[k] = t ? (size_t)(t - p) : (size_t)(end - p);
		k++;
		if (!t)
			break;
		p = t + 1;
	}
	return k;
}

/* The frame a line belongs to. -1 when the line is malformed (said). */
static int line_key(struct lr *r, enum tkind k, uint64_t *key)
{
	char *c[4];
	size_t cl[4];
	int n = cols(r->buf, r->len, c, cl, 4);
	if (r->lno == 1) {
		*key = 0;    /* the header */
		return 0;
	}
	if (n < (k == TK_ROUTING ? 3 : 4) || frame_key(c[k == TK_ROUTING ? 0 : 1],
	                                                cl[k == TK_ROUTING ? 0 : 1], key) < 0) {
		fprintf(stderr, "nicshare: %s:%" PRIu64 ": not a line of %s\n", r->path, r->lno,
		        k == TK_ROUTING ? "routing.tsv" : "events.tsv");
		return -1;
	}
	return 0;
}

static void where_of(struct lr *r, enum tkind k, uint64_t line, char *w, size_t n)
{
	char *c[4];
	size_t cl[4];
	char *copy = strndup(r->buf, r->len);
	if (!copy) {
		snprintf(w, n, "line %" PRIu64, line);
		return;
	}
	int m = cols(copy, r->len, c, cl, 4);
	if (line == 1)
		snprintf(w, n, "line 1 (the header)");
	else if (k == TK_ROUTING && m >= 1)
		snprintf(w, n, "line %" PRIu64 ", frame %.*s", line, (int)cl[0], c[0]);
	else if (m >= 3)
		snprintf(w, n, "line %" PRIu64 ", frame %.*s, stage %.*s", line, (int)cl[1], c[1],
		         (int)cl[2], c[2]);
	else
		snprintf(w, n, "line %" PRIu64, line);
	free(copy);
}

/* Compare a table output with its golden. 0, or 2 on bad input (said). */
static int cmp_table(const char *gold, const char *act, enum tkind k, struct cres *r)
{
	struct lr A, B;
	struct fmap m = {0};
	bool ga = true, gb = true;
	int rc = 0;
	uint64_t line = 0;

	memset(r, 0, sizeof *r);
	r->unit = "frames";
	if (lr_open(&A, gold) < 0)
		return 2;
	if (lr_open(&B, act) < 0) {
		lr_close(&A);
		return 2;
	}
	for (;;) {
		int a = ga ? lr_get(&A) : 0, b = gb ? lr_get(&B) : 0;
		uint64_t ka, kb;
		if (a < 0 || b < 0) {
			rc = 2;
			break;
		}
		ga = a > 0;
		gb = b > 0;
		if (!a && !b)
			break;
		line++;
		if (a) {
			if (line_key(&A, k, &ka) < 0) {
				rc = 2;
				break;
			}
			struct fent *e = fmap_get(&m, ka);
			e->ha = fnv(e->ha, A.buf, A.len + 1);
			e->na++;
		}
		if (b) {
			if (line_key(&B, k, &kb) < 0) {
				rc = 2;
				break;
			}
			struct fent *e = fmap_get(&m, kb);
			e->hb = fnv(e->hb, B.buf, B.len + 1);
			e->nb++;
		}
		if (!r->diverged && (a != b || A.len != B.len || memcmp(A.buf, B.buf, A.len) != 0)) {
			r->diverged = true;
			where_of(a ? &A : &B, k, line, r->where, sizeof r->where);
			r->exp = a ? show_line(A.buf, A.len) : xstrdup("(the file ends)");
			r->act = b ? show_line(B.buf, B.len) : xstrdup("(the file ends)");
		}
	}
	bool misc = false;
	for (size_t i = 0; rc == 0 && i < m.cap; i++) {
		const struct fent *e = &m.t[i];
		if (!e->used)
			continue;
		bool d = e->na != e->nb || e->ha != e->hb;
		if (e->key == 0) {
			misc = d;
			continue;
		}
		r->total += e->na > 0;
		r->differ += d;
	}
	if (rc == 0 && misc)
		snprintf(r->note, sizeof r->note, "%s",
		         k == TK_ROUTING ? "the header differs" : "lines of no frame (interrupts, control) too");
	else if (rc == 0 && r->diverged && r->differ == 0)
		snprintf(r->note, sizeof r->note, "each frame's own lines are the same, their order is not");
	free(m.t);
	lr_close(&A);
	lr_close(&B);
	return rc;
}

/* ---- summary.json ------------------------------------------------------------------- */

/* top-level members a golden leaves out: a computer's summary.json's
 * wall-clock, memory and version; world.json's wall-clock */
struct jskip { const char *const *v; size_t n; };
static const char *const summary_skip_v[] = {"wall", "nicshare"};
static const char *const world_skip_v[] = {"wall_s", "wall_outside_simgrid_s"};
static const struct jskip summary_skip = {summary_skip_v, 2}, world_skip = {world_skip_v, 2};

/* summary.json or world.json (plain or gzip) flattened without the
 * members skipped. 0 or -1 (said). */
static int summary_flat(const char *path, struct jskip sk, struct js_kv **kv, size_t *n)
{
	char err[512];
	json_t *j = js_load(path, SUMMARY_MAX, err, sizeof err);
	if (!j) {
		fprintf(stderr, "nicshare: %s\n", err);
		return -1;
	}
	int rc = js_flatten(j, sk.v, sk.n, kv, n);
	json_decref(j);
	if (rc < 0)
		fprintf(stderr, "nicshare: %s: out of memory\n", path);
	return rc;
}

static int cmp_summary(const char *gold, const char *act, struct jskip sk, struct cres *r)
{
	struct js_kv *A, *B;
	size_t na, nb;
	memset(r, 0, sizeof *r);
	r->unit = "values";
	if (summary_flat(gold, sk, &A, &na) < 0)
		return 2;
	if (summary_flat(act, sk, &B, &nb) < 0) {
		js_kv_free(A, na);
		return 2;
	}
	size_t hint = 0;
	for (size_t i = 0; i < na; i++) {
		struct js_kv *b = NULL;
		for (size_t j = 0; j < nb && !b; j++) {
			size_t x = (hint + j) % nb;
			if (!B[x].seen && !strcmp(B[x].path, A[i].path))
				b = &B[x];
		}
		r->total++;
		if (b) {
			b->seen = true;
			hint = (size_t)(b - B) + 1;
		}
		if (b && !strcmp(b->val, A[i].val))
			continue;
		r->differ++;
		if (!r->diverged) {
			r->diverged = true;
			snprintf(r->where, sizeof r->where, "%s", A[i].path);
			r->exp = xstrdup(A[i].val);
			r->act = xstrdup(b ? b->val : "(missing)");
		}
	}
	for (size_t j = 0; j < nb; j++) {
		if (B[j].seen)
			continue;
		r->differ++;
		if (!r->diverged) {
			r->diverged = true;
			snprintf(r->where, sizeof r->where, "%s", B[j].path);
			r->exp = xstrdup("(missing)");
			r->act = xstrdup(B[j].val);
		}
	}
	js_kv_free(A, na);
	js_kv_free(B, nb);
	return 0;
}

/* ---- captures, through libpcap ------------------------------------------------------ */

struct pr {
	struct rd rd;
	pcap_t *pc;
	const char *path;
	bool nano;
	int link, snaplen;
	uint64_t rec;
	const uint8_t *buf;
	/* the current record */
	uint64_t ts;
	uint32_t caplen, len;
};

static int pr_open(struct pr *p, const char *path)
{
	char eb[PCAP_ERRBUF_SIZE];
	uint8_t m[4];
	memset(p, 0, sizeof *p);
	p->path = path;
	if (rd_open(&p->rd, path) < 0)
		return -1;
	/* the file's own time stamp precision (libpcap converts to the one asked) */
	if (fread(m, 1, 4, p->rd.f) == 4)
		p->nano = (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
		          (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1);
	if (fseek(p->rd.f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "nicshare: %s: cannot read it again from the start\n", path);
		return -1;
	}
	p->pc = pcap_fopen_offline_with_tstamp_precision(p->rd.f, PCAP_TSTAMP_PRECISION_NANO, eb);
	if (!p->pc) {
		fprintf(stderr, "nicshare: %s: not a capture libpcap reads: %s\n", path, eb);
		return -1;
	}
	p->link = pcap_datalink(p->pc);
	p->snaplen = pcap_snapshot(p->pc);
	return 0;
}

/* -1 when zlib found the file damaged (said) */
static int pr_close(struct pr *p, bool early)
{
	bool closed = p->pc != NULL;
	if (p->pc)
		pcap_close(p->pc);     /* closes the stream too */
	int rc = rd_close(&p->rd, early, closed);
	memset(p, 0, sizeof *p);
	return rc;
}

/* 1 a record, 0 the end, -1 error (said). */
static int pr_next(struct pr *p)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	int k = pcap_next_ex(p->pc, &h, &d);
	if (k == PCAP_ERROR_BREAK)
		return 0;
	if (k != 1) {
		fprintf(stderr, "nicshare: %s: record %" PRIu64 ": %s\n", p->path, p->rec + 1,
		        pcap_geterr(p->pc));
		return -1;
	}
	p->ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
	p->caplen = h->caplen;
	p->len = h->len;
	p->buf = d;
	p->rec++;
	return 1;
}

static char *rec_text(const struct pr *p, size_t off, bool with_byte)
{
	char b[160];
	int n = snprintf(b, sizeof b, "t %" PRIu64 ".%09" PRIu64 " s, %" PRIu32 " of %" PRIu32 " bytes",
	                 p->ts / 1000000000u, p->ts % 1000000000u, p->caplen, p->len);
	if (with_byte && off < p->caplen)
		snprintf(b + n, sizeof b - (size_t)n, ", byte %zu = 0x%02x", off, p->buf[off]);
	return xstrdup(b);
}

static int cmp_capture(const char *gold, const char *act, struct cres *r)
{
	struct pr A, B;
	int rc = 0;
	memset(r, 0, sizeof *r);
	r->unit = "records";
	memset(&A, 0, sizeof A);
	memset(&B, 0, sizeof B);
	if (pr_open(&A, gold) < 0 || pr_open(&B, act) < 0) {
		pr_close(&A, true);
		pr_close(&B, true);
		return 2;
	}
	if (A.link != B.link || A.snaplen != B.snaplen || A.nano != B.nano) {
		char e[96], a[96];
		snprintf(e, sizeof e, "link type %d, snaplen %d, %s timestamps", A.link, A.snaplen,
		         A.nano ? "ns" : "us");
		snprintf(a, sizeof a, "link type %d, snaplen %d, %s timestamps", B.link, B.snaplen,
		         B.nano ? "ns" : "us");
		r->diverged = true;
		snprintf(r->where, sizeof r->where, "the file header");
		r->exp = xstrdup(e);
		r->act = xstrdup(a);
	}
	for (;;) {
		int a = pr_next(&A);
		int b = a >= 0 ? pr_next(&B) : 0;
		if (a < 0 || b < 0) {
			rc = 2;
			break;
		}
		if (!a && !b)
			break;
		r->total += a;
		size_t off = 0;
		bool d = a != b;
		if (a && b) {
			uint32_t n = A.caplen < B.caplen ? A.caplen : B.caplen;
			while (off < n && A.buf[off] == B.buf[off])
				off++;
			d = A.ts != B.ts || A.caplen != B.caplen || A.len != B.len || off < n;
		}
		if (!d)
			continue;
		r->differ++;
		if (r->diverged)
			continue;
		r->diverged = true;
		uint64_t rec = a ? A.rec : B.rec;
		const char *what = !(a && b) ? "the other capture ends"
		                   : A.ts != B.ts ? "timestamp"
		                   : A.caplen != B.caplen || A.len != B.len ? "length" : "bytes";
		snprintf(r->where, sizeof r->where, "record %" PRIu64 " (%s)", rec, what);
		bool bytes = a && b && !strcmp(what, "bytes");
		r->exp = a ? rec_text(&A, off, bytes) : xstrdup("(no more records)");
		r->act = b ? rec_text(&B, off, bytes) : xstrdup("(no more records)");
	}
	if (pr_close(&A, rc != 0) < 0)
		rc = 2;
	if (pr_close(&B, rc != 0) < 0)
		rc = 2;
	return rc;
}

/* ---- the golden's files -------------------------------------------------------------- */

enum gkind { GK_ROUTING, GK_EVENTS, GK_SUMMARY, GK_PCAP, GK_WORLD };

static const struct gfile {
	const char *run, *gold;
	enum gkind k;
} gfiles[] = {
	{"routing.tsv", "routing.tsv", GK_ROUTING},
	{"events.tsv", "events.tsv.gz", GK_EVENTS},
	{"summary.json", "summary.json", GK_SUMMARY},
	{"wire-tx.pcap", "wire-tx.pcap.gz", GK_PCAP},
	{"rt-rx.pcap", "rt-rx.pcap.gz", GK_PCAP},
	{"gp-rx.pcap", "gp-rx.pcap.gz", GK_PCAP},
};
#define N_GFILES (sizeof gfiles / sizeof gfiles[0])

/* The scenario as o gives it, loaded once for the golden and the run, and
 * where its files sit: one computer's at the top of the run and of the
 * golden (one unit, ""); a world's computers' each in HOST/ (a unit per
 * computer; plain hosts have no files) and world.json at the top. */
struct units {
	struct scenario *sc;
	struct wcfg *w;            /* a world's section; NULL: one computer */
	bool world;
	char **name;
	size_t n;
};

static void units_free(struct units *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->name[i]);
	free(u->name);
	wcfg_free(u->w);
	if (u->sc)
		scenario_free(u->sc);
	memset(u, 0, sizeof *u);
}

/* Load the scenario (and its world) as o gives it, and its units; 0, or
 * 2 (said). */
static int units_load(const struct gopts *o, struct units *u)
{
	memset(u, 0, sizeof *u);
	if (wcfg_unreached(o->scenario, o->sets, o->nsets, stderr))
		return 2;
	struct scenario *sc = u->sc = scenario_load(o->scenario, o->sets, o->nsets, stderr);
	if (!sc)
		return 2;
	struct wcfg *w = NULL;
	if (sc->has_world && !(w = u->w = wcfg_load(o->scenario, sc, o->sets, o->nsets, stderr)))
		return 2;
	u->world = w != NULL;
	u->name = calloc(w ? w->nhosts + 1 : 1, sizeof *u->name);
	if (!u->name) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	if (!w)
		u->name[u->n++] = xstrdup("");
	for (size_t i = 0; w && i < w->nhosts; i++)
		if (w->hosts[i].computer)
			u->name[u->n++] = xstrdup(w->hosts[i].name);
	return 0;
}

/* Whether the world run in dir conserved its frames (world.json). */
static bool world_conserved(const char *dir)
{
	char err[512], *p = paths_join(dir, "world.json");
	json_t *j = js_load(p, SUMMARY_MAX, err, sizeof err);
	free(p);
	bool c = j && json_is_true(json_object_get(json_object_get(j, "frames"), "conserved"));
	json_decref(j);
	return c;
}

static const struct gfile world_file = {"world.json", "world.json", GK_WORLD};

/* How many files a golden of units u compares, and the i-th of them:
 * each unit's gfiles, then a world's world.json; its unit in *unit. */
static size_t units_files(const struct units *u) { return u->n * N_GFILES + u->world; }

static const struct gfile *units_file(const struct units *u, size_t i, const char **unit)
{
	*unit = i < u->n * N_GFILES ? u->name[i / N_GFILES] : "";
	return i < u->n * N_GFILES ? &gfiles[i % N_GFILES] : &world_file;
}

/* DIR/UNIT/NAME (DIR/NAME for the unit ""). */
static char *unit_path(const char *dir, const char *unit, const char *name)
{
	if (!*unit)
		return paths_join(dir, name);
	char *d = paths_join(dir, unit), *p = paths_join(d, name);
	free(d);
	return p;
}

/* ---- running the scenario ---------------------------------------------------------- */

struct run {
	const struct scenario *sc;  /* the units' */
	struct engine_stats st;
	char *dir;
	bool tmp;
	struct outdir_run od;     /* its hold on dir (outputs.h) */
	int rc;                 /* engine_run's or world_run_many's */
	struct bound_once bo;   /* the analytic bound: summary.json, then verify */
};

static void run_end(struct run *r, bool keep)
{
	if (r->dir && r->tmp && !keep)
		outdir_remove_tree(r->dir);
	bound_once_free(&r->bo);
	free(r->dir);
	memset(r, 0, sizeof *r);
}

/* Run the scenario of u (units_load) with every output. 0, 1 (a check of
 * the engine failed) or 2 (said). */
static int run_scenario(const char *cmd, const struct gopts *o, const struct units *u,
                        struct run *r)
{
	char err[512];
	memset(r, 0, sizeof *r);
	r->sc = u->sc;
	if (verify_precheck(r->sc, stderr) != 0)
		return 2;
	if (o->out) {
		if (outdir_prepare(o->out, false, &r->od, err, sizeof err) < 0) {
			fprintf(stderr, "nicshare %s: %s\n", cmd, err);
			return 2;
		}
		r->dir = xstrdup(o->out);
	} else {
		const char *t = getenv("TMPDIR");
		char *tmpl = paths_join(t && *t ? t : "/tmp", "nicshare-golden.XXXXXX");
		if (!mkdtemp(tmpl)) {
			fprintf(stderr, "nicshare %s: cannot make a temporary directory %s: %s\n", cmd, tmpl,
			        strerror(errno));
			free(tmpl);
			return 2;
		}
		r->dir = tmpl;
		r->tmp = true;
		if (outdir_prepare(r->dir, false, &r->od, err, sizeof err) < 0) {
			fprintf(stderr, "nicshare %s: %s\n", cmd, err);
			return 2;
		}
	}
	err[0] = '\0';
	/* Ctrl-C stops the run (its files and temporary folder removed by the
	 * caller), not the process */
	volatile sig_atomic_t *stop = cli_catch_stop();
	if (u->w) {                 /* a world: every host's outputs and world.json */
		struct engine_opts wo = {r->dir, OUT_ALL, true, false, stop, NULL, 0};
		r->rc = world_run_many(u->w, &wo, stderr);
	} else {
		struct engine_opts eo = {r->dir, OUT_ALL, true, false, stop, &r->bo, 0};
		r->rc = engine_run(r->sc, &eo, &r->st, stderr);
	}
	/* a world's hosts have their config.yaml and marker from the world */
	if (r->rc != 2 && !r->tmp && !r->sc->has_world &&
	    (outdir_write_config(r->sc, r->dir) < 0 || outdir_finish(r->dir, OUT_ALL, err, sizeof err) < 0)) {
		if (err[0])
			fprintf(stderr, "nicshare %s: %s\n", cmd, err);
		r->rc = 2;
	}
	if (r->rc != 2 && outdir_keep(r->dir, &r->od, err, sizeof err) < 0) {
		fprintf(stderr, "nicshare %s: %s\n", cmd, err);
		r->rc = 2;
	}
	if (r->rc == 2)
		outdir_abandon(r->dir, &r->od);
	return r->rc;
}

/* golden.txt: the "set" lines, in order. */
static char **golden_sets(const char *gdir, size_t *n)
{
	char *p = paths_join(gdir, "golden.txt");
	FILE *f = fopen(p, "r");
	char *line = NULL;
	size_t cap = 0;
	char **v = NULL;
	*n = 0;
	free(p);
	if (!f)
		return NULL;
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "set\t", 4) != 0)
			continue;
		char **nv = realloc(v, (*n + 1) * sizeof *nv);
		if (!nv)
			break;
		v = nv;
		v[(*n)++] = xstrdup(line + 4);
	}
	free(line);
	fclose(f);
	return v;
}

/* The scenario of o loaded into u, and its golden's folder: --golden's,
 * or golden_dir's (*lib: the library's). NULL when the scenario (or
 * world) does not load (said). */
static char *golden_of(const struct gopts *o, struct units *u, bool *lib)
{
	*lib = false;
	if (units_load(o, u) != 0)
		return NULL;
	return o->golden ? xstrdup(o->golden) : golden_dir(o->scenario, lib);
}

/* Free what check and bless hold. */
static void gend(struct gopts *o, struct units *u, char *gdir)
{
	units_free(u);
	free(gdir);
	free(o->sets);
}

/* ---- check ---------------------------------------------------------------------------- */

static int cmd_check(int argc, char **argv)
{
	struct gopts o;
	int rc;
	if (!gstart(&check_def, argc, argv, &o, &rc))
		return rc;
	struct units u = {0};
	char *gdir = NULL;
	bool lib;
	rc = 2;
	if (access(o.scenario, R_OK) != 0) {
		/* say so before looking for its golden */
		fprintf(stderr, "%s: cannot read the scenario: %s\n", o.scenario, strerror(errno));
		goto out;
	}
	/* a scenario (or world) that does not load is said before its golden
	 * is looked for */
	if (!(gdir = golden_of(&o, &u, &lib)))
		goto out;
	if (!is_dir(gdir)) {
		fprintf(stderr, "nicshare check: %s: no golden for this scenario; write one with "
		        "`nicshare bless %s%s%s` (doc/verify.md)\n", gdir, o.scenario,
		        o.golden ? " --golden " : "", o.golden ? o.golden : "");
		fprintf(stderr, "nicshare check: looked in %s: %s\n", gdir,
		        o.golden ? "the --golden given"
		        : lib ? "the library's goldens (a scenario of the library)"
		        : "beside the scenario file (NAME.golden; --golden DIR for another)");
		goto out;
	}
	/* every file of every unit, a world's world.json, and golden.txt when
	 * there (a golden of before it has none): each a file. A directory
	 * there was said to be missing (golden.txt's was read as empty) */
	for (size_t i = 0; i <= units_files(&u); i++) {
		const char *unit = "";
		const char *name = i < units_files(&u) ? units_file(&u, i, &unit)->gold : "golden.txt";
		char *p = unit_path(gdir, unit, name);
		struct stat st;
		bool there = stat(p, &st) == 0, ok = there && S_ISREG(st.st_mode);
		if (!there && i < units_files(&u))
			fprintf(stderr, "nicshare check: %s: missing; the golden is incomplete, bless it "
			        "again with `nicshare bless %s`\n", p, o.scenario);
		else if (there && !ok)
			fprintf(stderr, "nicshare check: %s: %s, not the golden's file; move it away and "
			        "bless again with `nicshare bless %s`\n", p,
			        S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file", o.scenario);
		free(p);
		if (there ? !ok : i < units_files(&u))
			goto out;
	}

	struct run r;
	if (run_scenario("check", &o, &u, &r) == 2) {
		run_end(&r, false);
		goto out;
	}
	printf("nicshare check: %s against %s\n", o.scenario, gdir);
	int width = 14;                /* "summary.json", or "HOST/summary.json" */
	for (size_t i = 0; i < u.n; i++)
		if (*u.name[i] && (int)strlen(u.name[i]) + 13 > width)
			width = (int)strlen(u.name[i]) + 13;
	bool differ = false, bad = false;
	char names[512] = "";
	for (size_t i = 0; i < units_files(&u) && !bad; i++) {
		struct cres c;
		const char *unit;
		const struct gfile *gf = units_file(&u, i, &unit);
		char *g = unit_path(gdir, unit, gf->gold), *a = unit_path(r.dir, unit, gf->run);
		char label[300];
		snprintf(label, sizeof label, "%s%s%s", unit, *unit ? "/" : "", gf->run);
		int k;
		switch (gf->k) {
		case GK_ROUTING: k = cmp_table(g, a, TK_ROUTING, &c); break;
		case GK_EVENTS: k = cmp_table(g, a, TK_EVENTS, &c); break;
		case GK_SUMMARY: k = cmp_summary(g, a, summary_skip, &c); break;
		case GK_WORLD: k = cmp_summary(g, a, world_skip, &c); break;
		default: k = cmp_capture(g, a, &c); break;
		}
		if (k) {
			bad = true;
		} else {
			cres_print(label, width, &c, stdout);
			if (!cres_same(&c)) {
				differ = true;
				size_t l = strlen(names);
				snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", label);
			}
		}
		cres_free(&c);
		free(g);
		free(a);
	}
	/* a world checks each computer's verify section as it runs (rc 1) */
	int v = bad ? 2 : u.world ? 0 : verify_run(r.sc, &r.st, r.dir, stdout);

	size_t ns;
	char **gs = golden_sets(gdir, &ns);
	bool same_sets = ns == o.nsets;
	for (size_t i = 0; same_sets && i < ns; i++)
		same_sets = !strcmp(gs[i], o.sets[i]);
	if (!same_sets && !bad) {
		printf("nicshare check: note: the golden was blessed with");
		for (size_t i = 0; i < ns; i++)
			printf(" --set %s", gs[i]);
		printf("%s; this check runs with", ns ? "" : " no --set");
		for (size_t i = 0; i < o.nsets; i++)
			printf(" --set %s", o.sets[i]);
		printf("%s\n", o.nsets ? "" : " no --set");
	}
	for (size_t i = 0; i < ns; i++)
		free(gs[i]);
	free(gs);

	if (bad || v == 2) {
		rc = 2;
	} else if (differ || v == 1 || r.rc == 1) {
		rc = 1;
		if (differ) {
			printf("nicshare check: FAILED: %s differ%s from the golden\n", names,
			       strchr(names, ',') ? "" : "s");
			/* a world's computers are compared one by one: GOLDEN/HOST RUN/HOST */
			const char *h = u.world && u.n ? u.name[0] : "";
			if (o.out)
				printf("nicshare check: compare: nicshare diff %s%s%s %s%s%s\n", gdir,
				       *h ? "/" : "", h, o.out, *h ? "/" : "", h);
			else
				printf("nicshare check: keep this run with --out DIR, then compare: "
				       "nicshare diff %s%s%s DIR%s%s\n", gdir, *h ? "/" : "", h,
				       *h ? "/" : "", h);
		}
		if (v == 1)
			printf("nicshare check: FAILED: the scenario's verify section\n");
		if (r.rc == 1)
			printf(u.world ? "nicshare check: FAILED: a computer's verify section or the "
			                 "world's conservation (world.json, HOST/verify.txt)\n"
			               : "nicshare check: FAILED: the run's own checks (conservation)\n");
	} else {
		printf("nicshare check: same as the golden\n");
		rc = 0;
	}
	run_end(&r, o.out != NULL);
out:
	gend(&o, &u, gdir);
	return rc;
}

/* ---- bless ---------------------------------------------------------------------------- */

struct pend {                  /* a file written under NAME.tmp, to rename */
	char *tmp, *path;
};

/* paths_tmp_beside(path) failed: said */
static void tmp_failure(const char *path)
{
	char why[PATH_MAX * 2 + 96];
	paths_tmp_failure(why, sizeof why, path, errno);
	fprintf(stderr, "nicshare bless: %s: %s\n", path, why);
}

/* The writers below write to fd, a new NAME.tmp (paths_tmp_beside: never
 * a file of the user's beside the golden), and close it. */
static int write_all(int fd, const char *buf, size_t n)
{
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		return -1;
	}
	size_t w = fwrite(buf, 1, n, f);
	int e = ferror(f) | (fclose(f) != 0);
	return w == n && !e ? 0 : -1;
}

/* gzip -9 through zlib, header without name or time stamp, so the same
 * input gives the same bytes. */
static int gzip_file(const char *src, int fd)
{
	size_t n;
	char *b = slurp(src, 1u << 30, &n);
	if (!b) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	gzFile g = gzdopen(fd, "wb9");
	if (!g)
		close(fd);
	int rc = -1;
	if (g) {
		size_t off = 0;
		rc = 0;
		while (off < n && rc == 0) {
			unsigned k = n - off > (1u << 30) ? 1u << 30 : (unsigned)(n - off);
			if (gzwrite(g, b + off, k) != (int)k)
				rc = -1;
			off += k;
		}
		if (gzclose(g) != Z_OK)
			rc = -1;
	}
	free(b);
	if (rc < 0 && !errno)
		errno = EIO;
	return rc;
}

static int copy_file(const char *src, int fd)
{
	size_t n;
	char *b = slurp(src, 1u << 30, &n);
	int rc = b ? write_all(fd, b, n) : -1;
	if (!b)
		close(fd);
	free(b);
	return rc;
}

/* summary.json or world.json without the members skipped, in the
 * writer's layout (json.h). */
static int filter_summary(const char *src, int fd, struct jskip sk)
{
	char err[512];
	json_t *j = js_load(src, SUMMARY_MAX, err, sizeof err);
	if (!j) {
		fprintf(stderr, "nicshare: %s\n", err);
		close(fd);
		return -1;
	}
	for (size_t i = 0; i < sk.n; i++)
		json_object_del(j, sk.v[i]);
	char *t = js_dumps(j);
	json_decref(j);
	int rc = t ? write_all(fd, t, strlen(t)) : -1;
	if (!t)
		close(fd);
	free(t);
	return rc;
}

static const char *size_text(const char *path, char *b, size_t n)
{
	struct stat st;
	if (stat(path, &st) != 0)
		snprintf(b, n, "?");
	else if (st.st_size < 10000)
		snprintf(b, n, "%lld B", (long long)st.st_size);
	else if (st.st_size < 10000000)
		snprintf(b, n, "%lld kB", (long long)(st.st_size + 500) / 1000);
	else
		snprintf(b, n, "%lld MB", (long long)(st.st_size + 500000) / 1000000);
	return b;
}

static int cmd_bless(int argc, char **argv)
{
	struct gopts o;
	int rc;
	if (!gstart(&bless_def, argc, argv, &o, &rc))
		return rc;
	struct units u = {0};
	char *gdir = NULL;
	struct run r = {0};
	bool lib;
	rc = 2;
	if (!(gdir = golden_of(&o, &u, &lib)))
		goto out;
	/* the golden's files: each unit's, a world's world.json, golden.txt */
	size_t nf = units_files(&u) + 1;
	/* an existing golden is overwritten only on purpose */
	if (is_dir(gdir) && !o.force) {
		char have[256] = "";
		for (size_t i = 0; i < nf; i++) {
			const char *unit = "";
			const char *name = i + 1 < nf ? units_file(&u, i, &unit)->gold : "golden.txt";
			char *p = unit_path(gdir, unit, name);
			size_t l = strlen(have);
			if (is_file(p) && l + 1 < sizeof have)
				snprintf(have + l, sizeof have - l, "%s%s%s%s", l ? ", " : "", unit,
				         *unit ? "/" : "", name);
			free(p);
		}
		if (have[0]) {
			fprintf(stderr, "nicshare bless: %s: a golden is already there (%s); nothing "
			        "written. Compare first (nicshare check %s), then add --force to "
			        "overwrite it\n", gdir, have, o.scenario);
			goto out;
		}
	}
	int ran = run_scenario("bless", &o, &u, &r);
	if (ran == 2)
		goto out;
	/* a world checked each computer's verify section as it ran (rc 1) */
	int v = u.world ? 0 : verify_run(r.sc, &r.st, r.dir, stdout);
	if ((ran == 1 && !(u.world && o.force && world_conserved(r.dir))) || v == 2 ||
	    (v == 1 && !o.force)) {
		if (ran == 1 && u.world)
			fprintf(stderr, "nicshare bless: a computer broke its verify section (%s) or the "
			        "world did not conserve its frames; nothing written (--force to bless a "
			        "broken verify section anyway)\n", "HOST/verify.txt");
		else if (ran == 1)
			fprintf(stderr, "nicshare bless: the run failed its own checks (conservation); "
			        "nothing written\n");
		else if (v == 1)
			fprintf(stderr, "nicshare bless: the run breaks the scenario's verify section; "
			        "nothing written (--force to bless it anyway)\n");
		rc = v == 2 ? 2 : 1;
		goto out;
	}
	for (size_t i = 0; i <= u.n; i++) {
		char *d = i < u.n ? paths_join(gdir, u.name[i]) : xstrdup(gdir);
		if (!is_dir(d) && mkdir_p(d) != 0) {
			fprintf(stderr, "nicshare bless: %s: cannot create: %s\n", d, strerror(errno));
			free(d);
			goto out;
		}
		free(d);
	}

	struct pend *pd = calloc(nf, sizeof *pd);
	if (!pd) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	size_t np = 0;
	bool ok = true;
	for (size_t i = 0; i + 1 < nf && ok; i++) {
		const char *unit;
		const struct gfile *gf = units_file(&u, i, &unit);
		char *src = unit_path(r.dir, unit, gf->run), *path = unit_path(gdir, unit, gf->gold);
		char *tmp;
		int fd = paths_tmp_beside(path, &tmp);
		if (fd < 0) {
			tmp_failure(path);
			free(src);
			free(path);
			ok = false;
			break;
		}
		int k;
		errno = 0;       /* a failure that sets none is bad input */
		switch (gf->k) {
		case GK_ROUTING: k = copy_file(src, fd); break;
		case GK_SUMMARY: k = filter_summary(src, fd, summary_skip); break;
		case GK_WORLD: k = filter_summary(src, fd, world_skip); break;
		default: k = gzip_file(src, fd); break;
		}
		if (k < 0) {
			fprintf(stderr, "nicshare bless: cannot write %s from %s: %s\n", tmp, src,
			        errno ? strerror(errno) : "bad input");
			ok = false;
		}
		pd[np++] = (struct pend){tmp, path};
		free(src);
	}
	if (ok) {
		char *path = paths_join(gdir, "golden.txt");
		char *b = NULL;
		size_t n = 0;
		FILE *m = open_memstream(&b, &n);
		if (!m) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		fprintf(m, "# Golden outputs of a nicshare scenario, compared by `nicshare check`.\n"
		           "# Written by `nicshare bless`; do not edit. Goldens change only on purpose\n"
		           "# (doc/verify.md).\n");
		fprintf(m, "scenario\t%s\n", paths_base(o.scenario));
		for (size_t i = 0; i < o.nsets; i++)
			fprintf(m, "set\t%s\n", o.sets[i]);
		fclose(m);
		char *tmp;
		int fd = paths_tmp_beside(path, &tmp);
		if (fd < 0) {
			tmp_failure(path);
			ok = false;
		} else if (write_all(fd, b, n) < 0) {
			fprintf(stderr, "nicshare bless: cannot write %s: %s\n", tmp, strerror(errno));
			ok = false;
		}
		free(b);
		if (tmp)
			pd[np++] = (struct pend){tmp, path};
		else
			free(path);
	}
	for (size_t i = 0; i < np; i++) {
		if (ok && rename(pd[i].tmp, pd[i].path) != 0) {
			fprintf(stderr, "nicshare bless: cannot rename %s: %s\n", pd[i].tmp, strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(pd[i].tmp);
	}
	if (ok) {
		char sb[32];
		printf("nicshare bless: %s:", gdir);
		for (size_t i = 0; i < np; i++)         /* names as under the golden */
			printf("%s %s (%s)", i ? "," : "", pd[i].path + strlen(gdir) + 1,
			       size_text(pd[i].path, sb, sizeof sb));
		printf("\n");
	}
	for (size_t i = 0; i < np; i++) {
		free(pd[i].tmp);
		free(pd[i].path);
	}
	free(pd);
	rc = ok ? 0 : 2;
out:
	run_end(&r, false);
	gend(&o, &u, gdir);
	return rc;
}

/* ---- diff ------------------------------------------------------------------------------ */

struct rtab {
	uint8_t *dec, *rsn;
	size_t n;
};

static int rtab_load(const char *dir, struct rtab *t)
{
	char *p = paths_join(dir, "routing.tsv");
	struct lr r;
	size_t cap = 0;
	int rc = -1, k;
	memset(t, 0, sizeof *t);
	if (lr_open(&r, p) < 0) {
		free(p);
		return -1;
	}
	while ((k = lr_get(&r)) > 0) {
		char *c[3];
		size_t cl[3];
		if (r.lno == 1)
			continue;
		if (cols(r.buf, r.len, c, cl, 3) != 3)
			break;
		c[1][cl[1]] = '\0';
		c[2][cl[2]] = '\0';
		int d = verdict_decision_parse(c[1]), s = verdict_reason_parse(c[2]);
		uint64_t key;
		if (d < 0 || s < 0 || frame_key(c[0], cl[0], &key) < 0 || key != 2 * (t->n + 1))
			break;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *a = realloc(t->dec, cap), *b = a ? realloc(t->rsn, cap) : NULL;
			if (a)
				t->dec = a;
			if (!b) {
				fprintf(stderr, "nicshare: out of memory\n");
				exit(2);
			}
			t->rsn = b;
		}
		t->dec[t->n] = (uint8_t)d;
		t->rsn[t->n] = (uint8_t)s;
		t->n++;
	}
	if (k > 0)
		fprintf(stderr, "nicshare diff: %s:%" PRIu64 ": not a line of routing.tsv\n", p, r.lno);
	else if (k == 0)
		rc = 0;
	lr_close(&r);
	free(p);
	if (rc < 0) {
		free(t->dec);
		free(t->rsn);
		memset(t, 0, sizeof *t);
	}
	return rc;
}

struct lsamp {
	uint64_t key, start, cyc, ps;
	uint8_t cls;
};

struct lstat {
	bool have;
	uint64_t count, cyc[3], ps[3];    /* p50, p99, max */
};

/* "4118.666" -> 4118666 (ps); -1 when not such a number, -2 when it is
 * 2^64 ps (213 days) or more: refused, never wrapped */
static int ns_to_ps(const char *s, size_t n, uint64_t *ps)
{
	if (n && s[0] == '"') {
		s++;
		n -= n >= 2 ? 2 : 1;
	}
	switch (units_parse_fixed(s, n, 3, UINT64_MAX, ps, NULL)) {
	case UNITS_FIXED_OK: return 0;
	case UNITS_FIXED_BIG: return -2;
	default: return -1;
	}
}

static int cls_of(const char *s, size_t n)
{
	for (int k = 0; k < CLS__COUNT; k++) {
		const char *c = scen_class_name((enum scen_class)k);
		if (strlen(c) == n && !memcmp(c, s, n))
			return k;
	}
	return -1;
}

/* latency.tsv of dir: 1 read, 0 not there, -1 bad (said). */
static int lat_load(const char *dir, struct lsamp **out, size_t *nout)
{
	char *p = paths_join(dir, "latency.tsv");
	struct lr r;
	struct lsamp *v = NULL;
	size_t n = 0, cap = 0;
	int k, rc = -1;
	*out = NULL;
	*nout = 0;
	if (!is_file(p)) {
		free(p);
		return 0;
	}
	if (lr_open(&r, p) < 0) {
		free(p);
		return -1;
	}
	int ns_ok = 0;
	while ((k = lr_get(&r)) > 0) {
		char *c[6];
		size_t cl[6];
		struct lsamp s;
		int cls;
		if (r.lno == 1) {      /* the header, as the run writes it */
			static const char head[] = TRACEW_LATENCY_HEAD;
			if (r.len == sizeof head - 1 && !memcmp(r.buf, head, sizeof head - 1))
				continue;
			break;
		}
		if (cols(r.buf, r.len, c, cl, 6) != 6 || frame_key(c[0], cl[0], &s.key) < 0 ||
		    (cls = cls_of(c[1], cl[1])) < 0 || (ns_ok = ns_to_ps(c[5], cl[5], &s.ps)) < 0)
			break;
		c[2][cl[2]] = c[4][cl[4]] = '\0';
		if (!units_parse_u64(c[2], &s.start) || !units_parse_u64(c[4], &s.cyc))
			break;
		s.cls = (uint8_t)cls;
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			struct lsamp *nv = realloc(v, cap * sizeof *nv);
			if (!nv) {
				fprintf(stderr, "nicshare: out of memory\n");
				exit(2);
			}
			v = nv;
		}
		v[n++] = s;
	}
	if (k > 0 && ns_ok == -2)
		fprintf(stderr, "nicshare diff: %s:%" PRIu64 ": a latency of 2^64 ps (213 days) or "
		        "more: beyond any run\n", p, r.lno);
	else if (k > 0)
		fprintf(stderr, "nicshare diff: %s:%" PRIu64 ": not a line of latency.tsv\n", p, r.lno);
	else if (k == 0)
		rc = 1;
	lr_close(&r);
	free(p);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*nout = n;
	return 1;
}

static int samp_cmp(const void *a, const void *b)
{
	const struct lsamp *x = a, *y = b;
	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static int cyc_cmp(const void *a, const void *b)
{
	const struct lsamp *x = a, *y = b;
	if (x->cyc != y->cyc)
		return x->cyc < y->cyc ? -1 : 1;
	return 0;
}

/* exact nearest-rank statistics per class from the samples */
static void lat_stats(const struct lsamp *v, size_t n, struct lstat st[CLS__COUNT])
{
	struct lsamp *s = n ? malloc(n * sizeof *s) : NULL;
	if (n && !s) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	for (int k = 0; k < CLS__COUNT; k++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (v[i].cls == k)
				s[m++] = v[i];
		memset(&st[k], 0, sizeof st[k]);
		st[k].have = true;
		st[k].count = m;
		if (!m)
			continue;
		qsort(s, m, sizeof *s, cyc_cmp);
		static const uint64_t ppm[2] = {500000, 990000};
		for (int j = 0; j < 2; j++) {
			uint64_t rank = (uint64_t)(((unsigned __int128)m * ppm[j] + 999999) / 1000000);
			if (rank < 1)
				rank = 1;
			st[k].cyc[j] = s[rank - 1].cyc;
			st[k].ps[j] = s[rank - 1].ps;
		}
		st[k].cyc[2] = s[m - 1].cyc;
		st[k].ps[2] = s[m - 1].ps;
	}
	free(s);
}

/* per-class statistics from summary.json (histogram percentiles) */
static int sum_stats(const char *dir, struct lstat st[CLS__COUNT])
{
	char *p = paths_join(dir, "summary.json"), err[512];
	json_t *j = js_load(p, SUMMARY_MAX, err, sizeof err);
	int rc = 0;
	if (!j) {
		fprintf(stderr, "nicshare diff: %s\n", err);
		free(p);
		return -1;
	}
	for (int k = 0; k < CLS__COUNT && rc == 0; k++) {
		static const char *const f[3] = {"p50", "p99", "max"};
		char key[32];
		const char *cn = scen_class_name((enum scen_class)k);
		memset(&st[k], 0, sizeof st[k]);
		if (!js_as_u64(js_get(j, "latency", cn, "count"), &st[k].count)) {
			rc = -1;
			break;
		}
		st[k].have = true;
		for (int i = 0; i < 3 && st[k].count; i++) {
			snprintf(key, sizeof key, "%s_cycles", f[i]);
			bool a = js_as_u64(js_get(j, "latency", cn, key), &st[k].cyc[i]);
			snprintf(key, sizeof key, "%s_ns", f[i]);
			if (!a || !js_ns_to_ps(js_get(j, "latency", cn, key), &st[k].ps[i])) {
				rc = -1;
				break;
			}
		}
	}
	if (rc < 0)
		fprintf(stderr, "nicshare diff: %s: no per-class latency (count, p50, p99, max) in it\n", p);
	json_decref(j);
	free(p);
	return rc;
}

static void ps_signed(int64_t d, char *b, size_t n)
{
	uint64_t a = d < 0 ? (uint64_t)(-(d + 1)) + 1 : (uint64_t)d;
	snprintf(b, n, "%c%" PRIu64 ".%03" PRIu64 " ns", d < 0 ? '-' : '+', a / 1000, a % 1000);
}

static void pct_signed(int64_t d, uint64_t base, char *b, size_t n)
{
	if (!base) {
		snprintf(b, n, "n/a");
		return;
	}
	__int128 h = (__int128)d * 10000 / (__int128)base;   /* hundredths of a percent */
	uint64_t a = (uint64_t)(h < 0 ? -h : h);
	/* the sign of the change, not of its hundredths: -0.333 ns of 5 us is
	 * "-0.00%", not "+0.00%" (review n36) */
	snprintf(b, n, "%c%" PRIu64 ".%02" PRIu64 "%%", d < 0 ? '-' : '+', a / 100, a % 100);
}

static void key_text(uint64_t key, char *b, size_t n)
{
	snprintf(b, n, "%s%" PRIu64, key & 1 ? "o" : "", key / 2);
}

/* ---- diff: per-frame timing from events.tsv ------------------------------------------ */

/* events.tsv (or .gz) of dir into the map, side 0 (A) or 1 (B):
 * 1 read, 0 not there, -1 bad (said). */
static int span_load(const char *dir, int side, struct fmap *m)
{
	char *p = paths_join(dir, "events.tsv");
	struct lr r;
	int k, rc = -1;
	if (!is_file(p)) {
		free(p);
		p = paths_join(dir, "events.tsv.gz");
		if (!is_file(p)) {
			free(p);
			return 0;
		}
	}
	if (lr_open(&r, p) < 0) {
		free(p);
		return -1;
	}
	while ((k = lr_get(&r)) > 0) {
		char *c[3];
		size_t cl[3];
		uint64_t key, cyc;
		if (r.lno == 1)
			continue;
		if (cols(r.buf, r.len, c, cl, 3) < 3 || frame_key(c[1], cl[1], &key) < 0)
			break;
		if (key == 0)
			continue;            /* not a frame's: interrupts, control */
		c[0][cl[0]] = '\0';
		if (!units_parse_u64(c[0], &cyc))
			break;
		struct fent *sp = fmap_get(m, key);
		if (side == 0) {
			if (!sp->ina || cyc < sp->a0)
				sp->a0 = cyc;
			if (!sp->ina || cyc > sp->a1)
				sp->a1 = cyc;
			sp->ina = true;
		} else {
			if (!sp->inb || cyc < sp->b0)
				sp->b0 = cyc;
			if (!sp->inb || cyc > sp->b1)
				sp->b1 = cyc;
			sp->inb = true;
		}
	}
	if (k > 0)
		fprintf(stderr, "nicshare diff: %s:%" PRIu64 ": not a line of events.tsv\n", p, r.lno);
	else if (k == 0)
		rc = 1;
	lr_close(&r);
	free(p);
	return rc;
}

static int span_cmp(const void *a, const void *b)
{
	const struct fent *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Frame by frame, exact: each frame's first and last event in A and B.
 * Returns 1 when some frame's timing changed, 0 same, -1 bad (said),
 * 2 when events are not in both. */
static int diff_timing(const char *da, const char *db, uint64_t max)
{
	struct fmap m = {0};
	int a = span_load(da, 0, &m);
	int b = a > 0 ? span_load(db, 1, &m) : 0;
	if (a < 0 || b < 0) {
		free(m.t);
		return -1;
	}
	if (!a || !b) {
		printf("timing: events.tsv is not in both: frame-by-frame timing not compared\n");
		free(m.t);
		return 2;
	}
	/* in frame order */
	size_t n = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (m.t[i].used)
			m.t[n++] = m.t[i];
	qsort(m.t, n, sizeof *m.t, span_cmp);
	uint64_t changed = 0, only = 0, shown = 0;
	int64_t dmin = INT64_MAX, dmax = INT64_MIN, smin = INT64_MAX, smax = INT64_MIN;
	char t1[48];
	for (size_t i = 0; i < n; i++) {
		const struct fent *sp = &m.t[i];
		if (!sp->ina || !sp->inb) {
			only++;
			continue;
		}
		if (sp->a0 == sp->b0 && sp->a1 == sp->b1)
			continue;
		int64_t ds = (int64_t)(sp->b1 - sp->b0) - (int64_t)(sp->a1 - sp->a0);
		int64_t d0 = (int64_t)sp->b0 - (int64_t)sp->a0;
		changed++;
		dmin = ds < dmin ? ds : dmin;
		dmax = ds > dmax ? ds : dmax;
		smin = d0 < smin ? d0 : smin;
		smax = d0 > smax ? d0 : smax;
		if (changed == 1)
			printf("timing: frames whose events moved (events.tsv, exact; first to last "
			       "event, cycles, A -> B):\n");
		if (shown < max) {
			key_text(sp->key, t1, sizeof t1);
			printf("  frame %-8s %" PRIu64 "..%" PRIu64 " -> %" PRIu64 "..%" PRIu64
			       " (span %+" PRId64 " cycle%s)\n", t1, sp->a0, sp->a1, sp->b0, sp->b1, ds,
			       ds == 1 || ds == -1 ? "" : "s");
			shown++;
		}
	}
	if (changed > shown)
		printf("  ... and %" PRIu64 " more\n", changed - shown);
	if (changed) {
		if (dmin == dmax)
			printf("timing: %" PRIu64 " of %zu frames changed, every one's span (first to "
			       "last event) by %+" PRId64 " cycle%s", changed, n, dmin,
			       dmin == 1 || dmin == -1 ? "" : "s");
		else
			printf("timing: %" PRIu64 " of %zu frames changed, their span (first to last "
			       "event) by %+" PRId64 " to %+" PRId64 " cycles", changed, n, dmin, dmax);
		printf(", their first event by %+" PRId64 " to %+" PRId64 " cycles\n", smin, smax);
	} else {
		printf("timing: same for every frame (%zu, events.tsv, exact)\n", n);
	}
	if (only)
		printf("timing: %" PRIu64 " frames have events in one run only\n", only);
	free(m.t);
	return changed || only ? 1 : 0;
}

/* A warning when the runs did not read the same capture. */
static void diff_inputs(const char *da, const char *db)
{
	char err[512];
	char *pa = paths_join(da, "summary.json"), *pb = paths_join(db, "summary.json");
	json_t *a = js_load(pa, SUMMARY_MAX, err, sizeof err);
	json_t *b = a ? js_load(pb, SUMMARY_MAX, err, sizeof err) : NULL;
	if (a && b) {
		const json_t *ca = js_get(a, "input", "capture", NULL), *cb = js_get(b, "input", "capture", NULL);
		const json_t *fa = js_get(a, "input", "frames", NULL), *fb = js_get(b, "input", "frames", NULL);
		if (!json_equal(ca, cb) || !json_equal(fa, fb)) {
			char *ta = ca ? js_value_text(ca) : NULL, *tb = cb ? js_value_text(cb) : NULL;
			char *na = fa ? js_value_text(fa) : NULL, *nb = fb ? js_value_text(fb) : NULL;
			printf("nicshare diff: WARNING: the runs read different captures (A %s, %s frames; "
			       "B %s, %s frames): frame N is not the same frame in both\n",
			       ta ? ta : "?", na ? na : "?", tb ? tb : "?", nb ? nb : "?");
			free(ta);
			free(tb);
			free(na);
			free(nb);
		}
	}
	json_decref(a);
	json_decref(b);
	free(pa);
	free(pb);
}

/* Two computers' runs (or goldens), frame by frame: 0 identical, 1
 * different, 2 (said). */
static int diff_dirs(const char *A, const char *B, uint64_t max)
{
	struct rtab ra, rb;
	if (rtab_load(A, &ra) < 0)
		return 2;
	if (rtab_load(B, &rb) < 0) {
		free(ra.dec);
		free(ra.rsn);
		return 2;
	}
	bool differ = false;
	char t1[48], t2[48], t3[48], t4[48];

	printf("nicshare diff: A %s, B %s\n", A, B);
	diff_inputs(A, B);
	/* routing */
	size_t nmax = ra.n > rb.n ? ra.n : rb.n;
	uint64_t changed = 0;
	for (size_t i = 0; i < nmax; i++) {
		bool ina = i < ra.n, inb = i < rb.n;
		if (ina && inb && ra.dec[i] == rb.dec[i] && ra.rsn[i] == rb.rsn[i])
			continue;
		changed++;
		if (changed == 1)
			printf("routing: frames whose decision or reason changed (A -> B):\n");
		if (changed > max)
			continue;
		printf("  frame %-8zu %s %s -> %s %s\n", i + 1,
		       ina ? verdict_decision_name((enum verdict_decision)ra.dec[i]) : "(no",
		       ina ? verdict_reason_name((enum verdict_reason)ra.rsn[i]) : "frame)",
		       inb ? verdict_decision_name((enum verdict_decision)rb.dec[i]) : "(no",
		       inb ? verdict_reason_name((enum verdict_reason)rb.rsn[i]) : "frame)");
	}
	if (changed > max)
		printf("  ... and %" PRIu64 " more\n", changed - max);
	if (changed) {
		printf("routing: %" PRIu64 " of %zu frames changed\n", changed, nmax);
		differ = true;
	} else {
		printf("routing: same (%zu frames)\n", ra.n);
	}
	if (ra.n != rb.n)
		printf("routing: A has %zu frames, B %zu\n", ra.n, rb.n);
	free(ra.dec);
	free(ra.rsn);
	free(rb.dec);
	free(rb.rsn);

	/* timing, frame by frame, exact: before any statistic */
	int tr = diff_timing(A, B, max);
	if (tr < 0)
		return 2;
	if (tr == 1)
		differ = true;

	/* latency */
	struct lsamp *la = NULL, *lb = NULL;
	size_t na = 0, nb = 0;
	struct lstat sa[CLS__COUNT], sb[CLS__COUNT];
	int ha = lat_load(A, &la, &na);
	int hb = ha >= 0 ? lat_load(B, &lb, &nb) : 0;
	if (ha < 0 || hb < 0) {
		free(la);
		free(lb);
		return 2;
	}
	/* both sides by the same method: exact when both have latency.tsv */
	if (ha && hb) {
		lat_stats(la, na, sa);
		lat_stats(lb, nb, sb);
	} else if (sum_stats(A, sa) < 0 || sum_stats(B, sb) < 0) {
		free(la);
		free(lb);
		return 2;
	}
	printf("latency per class, A -> B (%s):\n", ha && hb ? "exact, from latency.tsv"
	       : "from summary.json, histogram percentiles (within 1/1024: a smaller change "
	         "shows in timing above, not here): latency.tsv is not in both");
	static const char *const sn[3] = {"p50", "p99", "max"};
	for (int k = 0; k < CLS__COUNT; k++) {
		const struct lstat *a = &sa[k], *b = &sb[k];
		const char *cn = scen_class_name((enum scen_class)k);
		bool same = a->count == b->count;
		for (int i = 0; i < 3 && same; i++)
			same = a->cyc[i] == b->cyc[i] && a->ps[i] == b->ps[i];
		if (same) {
			if (!a->count)
				printf("  %-7s same: no samples\n", cn);
			else
				printf("  %-7s same: count %" PRIu64 ", p50 %" PRIu64 ", p99 %" PRIu64
				       ", max %" PRIu64 " cycles\n", cn, a->count, a->cyc[0], a->cyc[1],
				       a->cyc[2]);
			continue;
		}
		differ = true;
		printf("  %-7s count %" PRIu64 " -> %" PRIu64 "\n", cn, a->count, b->count);
		for (int i = 0; i < 3; i++) {
			if (!a->count || !b->count) {
				printf("          %-4s %s -> %s\n", sn[i],
				       a->count ? (snprintf(t1, sizeof t1, "%" PRIu64 " cycles", a->cyc[i]), t1)
				                : "none",
				       b->count ? (snprintf(t2, sizeof t2, "%" PRIu64 " cycles", b->cyc[i]), t2)
				                : "none");
				continue;
			}
			int64_t d = (int64_t)b->ps[i] - (int64_t)a->ps[i];
			snprintf(t1, sizeof t1, "%" PRIu64 ".%03" PRIu64, a->ps[i] / 1000, a->ps[i] % 1000);
			snprintf(t2, sizeof t2, "%" PRIu64 ".%03" PRIu64, b->ps[i] / 1000, b->ps[i] % 1000);
			ps_signed(d, t3, sizeof t3);
			pct_signed(d, a->ps[i], t4, sizeof t4);
			if (a->cyc[i] == b->cyc[i] && !d)
				printf("          %-4s same: %" PRIu64 " cycles = %s ns\n", sn[i], a->cyc[i], t1);
			else
				printf("          %-4s %" PRIu64 " -> %" PRIu64 " cycles = %s -> %s ns (%s, %s)\n",
				       sn[i], a->cyc[i], b->cyc[i], t1, t2, t3, t4);
		}
	}
	/* sample by sample, when both have latency.tsv */
	if (ha && hb) {
		qsort(la, na, sizeof *la, samp_cmp);
		qsort(lb, nb, sizeof *lb, samp_cmp);
		size_t i = 0, j = 0;
		uint64_t ch = 0, only_a = 0, only_b = 0;
		bool first = true;
		while (i < na || j < nb) {
			int c = i >= na ? 1 : j >= nb ? -1
			        : la[i].cls != lb[j].cls ? (la[i].cls < lb[j].cls ? -1 : 1)
			        : la[i].key != lb[j].key ? (la[i].key < lb[j].key ? -1 : 1) : 0;
			if (c < 0) {
				only_a++;
				i++;
			} else if (c > 0) {
				only_b++;
				j++;
			} else {
				if (la[i].cyc != lb[j].cyc) {
					ch++;
					if (first) {
						key_text(la[i].key, t1, sizeof t1);
						printf("latency samples: the first changed: frame %s %s: %" PRIu64
						       " -> %" PRIu64 " cycles\n", t1,
						       scen_class_name((enum scen_class)la[i].cls), la[i].cyc, lb[j].cyc);
						first = false;
					}
				}
				i++;
				j++;
			}
		}
		if (ch || only_a || only_b) {
			differ = true;
			printf("latency samples: %" PRIu64 " of %zu changed, %" PRIu64 " only in A, %" PRIu64
			       " only in B\n", ch, na, only_a, only_b);
		} else {
			printf("latency samples: same (%zu)\n", na);
		}
	}
	free(la);
	free(lb);
	printf("nicshare diff: %s\n", differ ? "the runs differ" : "identical routing and latency");
	return differ ? 1 : 0;
}


/* A world's run or golden: world.json at the top, a computer per HOST/. */
static bool is_world_dir(const char *dir)
{
	char *w = paths_join(dir, "world.json"), *r = paths_join(dir, "routing.tsv");
	bool yes = is_file(w) && !is_file(r);
	free(w);
	free(r);
	return yes;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The computers of world dir A, sorted, in *out (NULL when none): those
 * its world.json lists (hosts[], kind "computer": a run's and a golden's
 * alike), not every folder that holds a routing.tsv, which a user's own
 * folder beside them may do. false with err when world.json cannot be
 * read or names a computer that is no folder name of A. */
static bool world_computers(const char *A, char ***out, size_t *count, char *err, size_t errlen)
{
	*out = NULL;
	*count = 0;
	char *p = paths_join(A, "world.json");
	json_t *j = js_load(p, SUMMARY_MAX, err, errlen);
	const json_t *hosts = j ? json_object_get(j, "hosts") : NULL;
	bool ok = j != NULL;
	if (j && !json_is_array(hosts)) {
		snprintf(err, errlen, "%s: no hosts list (hosts[]): not a world's world.json", p);
		ok = false;
	}
	char **names = NULL;
	size_t n = 0;
	for (size_t i = 0; ok && i < json_array_size(hosts); i++) {
		const json_t *h = json_array_get(hosts, i);
		const char *kind = json_string_value(json_object_get(h, "kind"));
		const char *name = json_string_value(json_object_get(h, "name"));
		if (!kind || strcmp(kind, "computer") != 0)
			continue;
		/* a folder of A: nothing outside it is compared */
		if (!name || !name[0] || name[0] == '.' || strchr(name, '/')) {
			snprintf(err, errlen, "%s: hosts[%zu]: a computer whose name is no folder name",
			         p, i);
			ok = false;
			break;
		}
		char **nv = realloc(names, (n + 1) * sizeof *nv);
		if (!nv) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		names = nv;
		names[n++] = xstrdup(name);
	}
	json_decref(j);
	free(p);
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return false;
	}
	if (n)
		qsort(names, n, sizeof *names, str_cmp);
	*out = names;
	*count = n;
	return true;
}

/* A world against one computer's run: not comparable as they stand; say
 * which of the world's computers to name instead. */
static int diff_world_vs_one(const char *world, const char *one, char which)
{
	size_t n;
	char **names, err[PATH_MAX + 128];
	bool listed = world_computers(world, &names, &n, err, sizeof err);
	fprintf(stderr,
	        "nicshare diff: %s (%c) is a world's outputs (world.json, one folder per computer), "
	        "%s one computer's: compare two worlds, or name one of the world's computers",
	        world, which, one);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s %s/%s", i ? "," : ":", world, names[i]);
		free(names[i]);
	}
	if (!listed)
		fprintf(stderr, " (its computers are not known: %s)", err);
	else if (!n)
		fprintf(stderr, " (it has no computer's outputs)");
	fprintf(stderr, "\n");
	free(names);
	return 2;
}

/* Two worlds: each computer of A against B's of the same name. */
static int diff_worlds(const char *A, const char *B, uint64_t max)
{
	size_t n;
	char **names, err[PATH_MAX + 128];
	if (!world_computers(A, &names, &n, err, sizeof err)) {
		fprintf(stderr, "nicshare diff: %s\n", err);
		return 2;
	}
	int rc = n ? 0 : 2;
	if (!n)
		fprintf(stderr, "nicshare diff: %s: a world with no computer's outputs\n", A);
	for (size_t i = 0; i < n; i++) {
		char *a = paths_join(A, names[i]), *b = paths_join(B, names[i]);
		printf("nicshare diff: computer %s\n", names[i]);
		int k = is_dir(b) ? diff_dirs(a, b, max) : 1;
		if (!is_dir(b))
			printf("nicshare diff: %s: B has no computer %s\n", B, names[i]);
		if (k > rc)
			rc = k;
		free(a);
		free(b);
		free(names[i]);
	}
	free(names);
	/* and the world's own counts (without its wall-clock) */
	struct cres c;
	char *a = paths_join(A, "world.json"), *b = paths_join(B, "world.json");
	int k = cmp_summary(a, b, world_skip, &c);
	if (k == 0) {
		cres_print("world.json", 10, &c, stdout);
		if (!cres_same(&c) && rc < 1)
			rc = 1;
	} else {
		rc = 2;
	}
	cres_free(&c);
	free(a);
	free(b);
	if (rc < 2)
		printf("nicshare diff: %s\n", rc ? "the worlds differ" : "identical worlds");
	return rc;
}

static int cmd_diff(int argc, char **argv)
{
	struct gopts o;
	int rc;
	if (!gstart(&diff_def, argc, argv, &o, &rc))
		return rc;
	free(o.sets);
	for (int i = 0; i < 2; i++)
		if (!is_dir(o.dirs[i])) {
			fprintf(stderr, "nicshare diff: %s: not a directory\n", o.dirs[i]);
			return 2;
		}
	bool wa = is_world_dir(o.dirs[0]), wb = is_world_dir(o.dirs[1]);
	if (wa && wb)
		return diff_worlds(o.dirs[0], o.dirs[1], o.max);
	if (wa != wb)
		return wa ? diff_world_vs_one(o.dirs[0], o.dirs[1], 'A')
		          : diff_world_vs_one(o.dirs[1], o.dirs[0], 'B');
	return diff_dirs(o.dirs[0], o.dirs[1], o.max);
}

int golden_main(const char *cmd, int argc, char **argv)
{
	if (!strcmp(cmd, "check"))
		return cmd_check(argc, argv);
	if (!strcmp(cmd, "bless"))
		return cmd_bless(argc, argv);
	if (!strcmp(cmd, "diff"))
		return cmd_diff(argc, argv);
	fprintf(stderr, "nicshare: golden: unknown command '%s'\n", cmd);
	return 2;
}
