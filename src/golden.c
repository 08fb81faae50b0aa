/* golden.c - golden regression: check a run against the outputs blessed
 * for its scenario, write them (bless), and compare two runs frame by frame
 * (diff). doc/verify.md is the user's side of this file.
 * Models nothing of the patent itself: it guards the model of Figs. 2-3
 * and 7-8 (every frame's path through NIC, RT, proxy channels and GP, and
 * what went on the wire) against unintended change.
 *
 * A golden is traces/golden/<scenario>/ (golden.h lists its files). Text
 * outputs are compared line by line, and also frame by frame: each line is
 * hashed (FNV-1a 64) into the running hash of the frame it belongs to (the
 * frame column: the first of routing.tsv, the second of events.tsv), so
 * that a check can say both where the outputs first diverge and how many
 * frames differ. summary.json is
 * flattened to path = value pairs, minus "wall" (wall-clock, memory) and
 * "nicshare" (the version). Captures are compared record by record:
 * timestamp in ns, captured and wire lengths, bytes.
 * Large golden files are gzip files, written and read the way tar does it,
 * through the gzip program (Debian: Essential, always installed) on a pipe,
 * so the build needs no compression library; a file is recognised as gzip
 * by its first two bytes, so golden and run files go through the same code.
 * Cost: one streaming pass over each pair of files; memory is one hash
 * entry per frame (events) or one entry per value (summary); bless
 * compresses with gzip -9. */
#include "golden.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../model/verdict.h"
#include "engine.h"
#include "outputs.h"
#include "scenario.h"
#include "verify.h"
#include "world.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define SHOW_DEFAULT 20
#define PCAP_MAX_REC 262144u
#define SUMMARY_MAX (16u << 20)

static const char usage_check[] =
	"usage: nicshare check SCENARIO.yaml [--set KEY=VALUE ...] [--golden DIR] [--out DIR]\n"
	"\n"
	"Run the scenario (every output, into a temporary directory) and compare\n"
	"the run with the scenario's golden outputs: routing.tsv, events.tsv,\n"
	"summary.json (without \"wall\" and \"nicshare\": wall-clock and version) and the\n"
	"captures wire-tx.pcap, rt-rx.pcap, gp-rx.pcap (timestamps, lengths, bytes).\n"
	"The scenario's own verify section is checked as by run.\n"
	"\n"
	"  --golden DIR      the golden (default: traces/golden/NAME beside the\n"
	"                    scenario's folder, else in the source tree; NAME is the\n"
	"                    scenario's file name without .yaml)\n"
	"  --set KEY=VALUE   override a scenario key (repeatable), as for run\n"
	"  --out DIR         keep this run's outputs in DIR, e.g. for nicshare diff\n"
	"  -h, --help        this text\n"
	"\n"
	"For each file that differs: how many frames (values, records) differ, and\n"
	"the first divergence: line, frame, stage, expected and actual.\n"
	"Exit status: 0 same and every verify check held, 1 a difference or a broken\n"
	"check, 2 bad usage or input (no golden: write one with nicshare bless).\n";

static const char usage_bless[] =
	"usage: nicshare bless SCENARIO.yaml [--set KEY=VALUE ...] [--golden DIR] [--force]\n"
	"\n"
	"Run the scenario and write its outputs as the golden that nicshare check\n"
	"compares with (default traces/golden/NAME, see nicshare check --help):\n"
	"routing.tsv, summary.json without \"wall\" and \"nicshare\", events.tsv.gz and\n"
	"the captures (gzip), golden.txt. Each file is written as NAME.tmp, then\n"
	"renamed. A run that breaks its scenario's verify section is not blessed\n"
	"unless --force. Goldens change only on purpose: compare the old golden with\n"
	"the new run first (nicshare check --out DIR; nicshare diff GOLDEN DIR).\n"
	"\n"
	"  --golden DIR      where to write (created if missing; its parent must exist)\n"
	"  --set KEY=VALUE   override a scenario key (repeatable); recorded in golden.txt\n"
	"  --force           bless even when a verify check broke\n"
	"  -h, --help        this text\n"
	"Exit status: 0 written, 1 not written (the run failed a check), 2 bad usage\n"
	"or input.\n";

static const char usage_diff[] =
	"usage: nicshare diff DIR_A DIR_B [--max N]\n"
	"\n"
	"Compare two runs (output directories of nicshare run or check --out, or a\n"
	"golden) frame by frame:\n"
	"  routing   the frames whose decision or reason changed, A -> B (the first\n"
	"            N, default 20, then how many);\n"
	"  latency   per class (rt-rx gp-rx rt-tx gp-tx rt-rtt) the count, p50, p99\n"
	"            and max in cycles and ns, exact nearest rank over latency.tsv\n"
	"            (a golden has none: then summary.json's histogram values), with\n"
	"            the change in ns and percent; and how many samples changed.\n"
	"Exit status: 0 identical, 1 different, 2 bad usage or input.\n";

/* ---- options ----------------------------------------------------------------- */

struct gopts {
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
	fprintf(stderr, "nicshare %s: %s%s%s\nTry 'nicshare %s --help'.\n", cmd, what,
	        arg ? ": " : "", arg ? arg : "", cmd);
	return 2;
}

/* 0, 2 on bad usage, 3 when --help was printed. */
static int gparse(const char *cmd, const char *usage, int argc, char **argv, struct gopts *o)
{
	bool is_diff = !strcmp(cmd, "diff");
	memset(o, 0, sizeof *o);
	o->max = SHOW_DEFAULT;
	o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
	if (!o->sets)
		return 2;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
#define OPT(name)                                                                   \
	((strcmp(a, name) == 0 && i + 1 < argc && (val = argv[++i])) ||                 \
	 (strncmp(a, name "=", sizeof name) == 0 && (val = a + sizeof name)))
#define IS(name) (strcmp(a, name) == 0 || strncmp(a, name "=", sizeof name) == 0)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 3;
		} else if (!is_diff && IS("--set")) {
			if (!OPT("--set") || !strchr(val, '='))
				return bad_usage(cmd, "--set needs KEY=VALUE", val);
			o->sets[o->nsets++] = val;
		} else if (!is_diff && IS("--golden")) {
			if (!OPT("--golden") || !*val)
				return bad_usage(cmd, "--golden needs a directory", NULL);
			o->golden = val;
		} else if (!strcmp(cmd, "check") && IS("--out")) {
			if (!OPT("--out") || !*val)
				return bad_usage(cmd, "--out needs a directory", NULL);
			o->out = val;
		} else if (!strcmp(cmd, "bless") && !strcmp(a, "--force")) {
			o->force = true;
		} else if (is_diff && IS("--max")) {
			char *end;
			if (!OPT("--max"))
				return bad_usage(cmd, "--max needs a number", NULL);
			errno = 0;
			o->max = strtoull(val, &end, 10);
			if (!*val || *end || errno || val[0] == '-')
				return bad_usage(cmd, "--max needs a whole number", val);
		} else if (a[0] == '-' && a[1]) {
			return bad_usage(cmd, "unknown option", a);
		} else if (is_diff) {
			if (o->ndirs == 2)
				return bad_usage(cmd, "more than two directories", a);
			o->dirs[o->ndirs++] = a;
		} else if (!o->scenario) {
			o->scenario = a;
		} else {
			return bad_usage(cmd, "more than one scenario file", a);
		}
#undef OPT
#undef IS
	}
	if (is_diff && o->ndirs != 2)
		return bad_usage(cmd, "two directories are needed", NULL);
	if (!is_diff && !o->scenario)
		return bad_usage(cmd, "a scenario file is needed", NULL);
	return 0;
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

static char *xjoin(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	if (!p) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	return p;
}

/* The scenario's golden: DIR/../traces/golden/NAME when that folder
 * exists beside the scenario's folder, else NS_SRCDIR/traces/golden/NAME. */
static char *golden_dir(const char *scen)
{
	const char *sl = strrchr(scen, '/');
	const char *base = sl ? sl + 1 : scen;
	size_t bl = strlen(base);
	if (bl > 5 && !strcmp(base + bl - 5, ".yaml"))
		bl -= 5;
	else if (bl > 4 && !strcmp(base + bl - 4, ".yml"))
		bl -= 4;
	char *name = strndup(base, bl);
	char *dir = sl ? strndup(scen, (size_t)(sl - scen) + (sl == scen)) : xstrdup(".");
	if (!name || !dir) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	char *cand = xjoin(dir, "../traces/golden");
	char *g;
	if (is_dir(cand))
		g = xjoin(cand, name);
	else
		g = xjoin(NS_SRCDIR "/traces/golden", name);
	free(cand);
	free(dir);
	free(name);
	return g;
}

/* Remove a directory this process made and everything in it. */
static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = xjoin(dir, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

/* ---- reading, through gzip when compressed ------------------------------------------ */

extern char **environ;

struct rd {
	FILE *f;
	pid_t pid;             /* gzip -dc, or 0 */
	const char *path;
};

/* Run gzip with ARGS, stdin from fd in, stdout to fd out. */
static int spawn_gzip(char *const args[], int in, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int e;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	e = posix_spawnp(pid, "gzip", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	return e;
}

/* Open a file to read; a gzip file is read through `gzip -dc`. */
static int rd_open(struct rd *r, const char *path)
{
	unsigned char m[2];
	int fd, p[2];
	memset(r, 0, sizeof *r);
	r->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "nicshare: %s: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	if (pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b) {
		static char a0[] = "gzip", a1[] = "-dc";
		char *const args[] = {a0, a1, NULL};
		int e;
		if (pipe(p) != 0) {
			fprintf(stderr, "nicshare: %s: cannot make a pipe: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		/* not inherited by other children: a gzip holding another's pipe
		 * would keep it open after we close it */
		fcntl(p[0], F_SETFD, FD_CLOEXEC);
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		e = spawn_gzip(args, fd, p[1], &r->pid);
		close(fd);
		close(p[1]);
		if (e != 0) {
			fprintf(stderr, "nicshare: %s: cannot run gzip to read it: %s\n", path, strerror(e));
			close(p[0]);
			r->pid = 0;
			return -1;
		}
		fd = p[0];
	}
	r->f = fdopen(fd, "rb");
	if (!r->f) {
		fprintf(stderr, "nicshare: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* Close; -1 when gzip said the file is damaged (said), unless `early`
 * (the reader stopped before the end, so gzip may have been cut off). */
static int rd_close(struct rd *r, bool early)
{
	int rc = 0, st;
	if (r->f)
		fclose(r->f);
	if (r->pid > 0) {
		while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!early && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			fprintf(stderr, "nicshare: %s: gzip could not decompress it (damaged?)\n", r->path);
			rc = -1;
		}
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
	int rc = rd_close(&r->rd, !r->ended);
	free(r->buf);
	r->buf = NULL;
	return rc;
}

/* 1: a line in r->buf (newline removed), 0: the end, -1: error (said). */
static int lr_get(struct lr *r)
{
	ssize_t n = getline(&r->buf, &r->cap, r->rd.f);
	if (n < 0) {
		if (ferror(r->rd.f)) {
			fprintf(stderr, "nicshare: %s: read error\n", r->path);
			return -1;
		}
		r->ended = true;
		if (rd_close(&r->rd, false) < 0)
			return -1;
		return 0;
	}
	r->len = (size_t)n;
	if (r->len && r->buf[r->len - 1] == '\n')
		r->buf[--r->len] = '\0';
	r->lno++;
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
				rd_close(&r, true);
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
		rd_close(&r, true);
		return NULL;
	}
	if (rd_close(&r, false) < 0) {
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
	uint64_t key, ha, hb, na, nb;
	bool used;
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
		m->t[j] = (struct fent){key, FNV0, FNV0, 0, 0, true};
		m->n++;
	}
	return &m->t[j];
}

/* A frame id of the outputs: n -> 2n, o<n> -> 2n + 1, "-" -> 0.
 * Returns -1 when s[0..n) is none of these. */
static int frame_key(const char *s, size_t n, uint64_t *key)
{
	bool tx = false;
	uint64_t v = 0;
	if (n == 1 && s[0] == '-') {
		*key = 0;
		return 0;
	}
	if (n && s[0] == 'o') {
		tx = true;
		s++;
		n--;
	}
	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0)
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

static void cres_print(const char *name, const struct cres *r, FILE *out)
{
	if (cres_same(r)) {
		fprintf(out, "  %-14s same: %" PRIu64 " %s\n", name, r->total, r->unit);
		return;
	}
	fprintf(out, "  %-14s DIFFERS: %" PRIu64 " of %" PRIu64 " %s differ%s%s\n", name, r->differ,
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

struct kv {
	char *path, *val;
	bool seen;
};

struct jp {
	const char *s, *file;
	size_t n, i;
	char path[1024];
	size_t plen;
	int skip;                /* inside an excluded member */
	struct kv *kv;
	size_t nkv, capkv;
	size_t (*mem)[2];        /* top-level members kept: [start, end) */
	size_t nmem, capmem;
};

static const char *const json_excluded[] = {"wall", "nicshare"};

static int jerr(struct jp *p, const char *what)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < p->i && i < p->n; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	fprintf(stderr, "nicshare: %s:%d:%d: not JSON: %s\n", p->file, line, col, what);
	return -1;
}

static void jws(struct jp *p)
{
	while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
		p->i++;
}

static int jemit(struct jp *p, size_t a, size_t b)
{
	if (p->skip)
		return 0;
	if (p->nkv == p->capkv) {
		size_t nc = p->capkv ? p->capkv * 2 : 256;
		struct kv *k = realloc(p->kv, nc * sizeof *k);
		if (!k)
			return jerr(p, "out of memory");
		p->kv = k;
		p->capkv = nc;
	}
	p->kv[p->nkv].path = xstrdup(p->path);
	p->kv[p->nkv].val = strndup(p->s + a, b - a);
	p->kv[p->nkv].seen = false;
	if (!p->kv[p->nkv].val)
		return jerr(p, "out of memory");
	p->nkv++;
	return 0;
}

/* at '"': skip the string; [*a, *b) its contents */
static int jstr(struct jp *p, size_t *a, size_t *b)
{
	p->i++;
	*a = p->i;
	while (p->i < p->n && p->s[p->i] != '"') {
		if ((unsigned char)p->s[p->i] < 0x20)
			return jerr(p, "control character in a string");
		if (p->s[p->i] == '\\')
			p->i++;
		p->i++;
	}
	if (p->i >= p->n)
		return jerr(p, "unterminated string");
	*b = p->i++;
	return 0;
}

static int jpush(struct jp *p, const char *k, size_t kl, size_t *saved)
{
	*saved = p->plen;
	if (p->plen + kl + 2 > sizeof p->path)
		return jerr(p, "nested too deep");
	if (p->plen)
		p->path[p->plen++] = '.';
	memcpy(p->path + p->plen, k, kl);
	p->plen += kl;
	p->path[p->plen] = '\0';
	return 0;
}

static void jpop(struct jp *p, size_t saved)
{
	p->plen = saved;
	p->path[saved] = '\0';
}

static int jval(struct jp *p, int depth)
{
	size_t a, b, saved;
	if (depth > 32)
		return jerr(p, "nested too deep");
	jws(p);
	if (p->i >= p->n)
		return jerr(p, "a value is missing");
	char ch = p->s[p->i];
	if (ch == '{' || ch == '[') {
		char close = ch == '{' ? '}' : ']';
		size_t idx = 0, open = p->i;
		p->i++;
		jws(p);
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			return jemit(p, open, p->i);
		}
		for (;; idx++) {
			char kb[24];
			const char *k = kb;
			size_t kl, mstart = 0;
			jws(p);
			if (ch == '{') {
				if (p->i >= p->n || p->s[p->i] != '"')
					return jerr(p, "a member name is missing");
				mstart = p->i;
				if (jstr(p, &a, &b) < 0)
					return -1;
				k = p->s + a;
				kl = b - a;
				jws(p);
				if (p->i >= p->n || p->s[p->i] != ':')
					return jerr(p, "':' is missing");
				p->i++;
			} else {
				kl = (size_t)snprintf(kb, sizeof kb, "%zu", idx);
			}
			bool excl = false;
			if (depth == 0)
				for (size_t e = 0; e < sizeof json_excluded / sizeof *json_excluded; e++)
					if (strlen(json_excluded[e]) == kl && !memcmp(json_excluded[e], k, kl))
						excl = true;
			if (jpush(p, k, kl, &saved) < 0)
				return -1;
			p->skip += excl;
			if (jval(p, depth + 1) < 0)
				return -1;
			p->skip -= excl;
			jpop(p, saved);
			if (depth == 0 && !excl) {
				if (p->nmem == p->capmem) {
					size_t nc = p->capmem ? p->capmem * 2 : 32;
					size_t (*m)[2] = realloc(p->mem, nc * sizeof *m);
					if (!m)
						return jerr(p, "out of memory");
					p->mem = m;
					p->capmem = nc;
				}
				p->mem[p->nmem][0] = mstart;
				p->mem[p->nmem][1] = p->i;
				p->nmem++;
			}
			jws(p);
			if (p->i < p->n && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->n && p->s[p->i] == close) {
				p->i++;
				return 0;
			}
			return jerr(p, ch == '{' ? "',' or '}' expected" : "',' or ']' expected");
		}
	}
	if (ch == '"') {
		size_t start = p->i;
		if (jstr(p, &a, &b) < 0)
			return -1;
		return jemit(p, start, p->i);
	}
	a = p->i;
	while (p->i < p->n && (isalnum((unsigned char)p->s[p->i]) || strchr("+-.", p->s[p->i])))
		p->i++;
	if (p->i == a)
		return jerr(p, "unexpected character");
	size_t l = p->i - a;
	const char *t = p->s + a;
	bool lit = (l == 4 && !memcmp(t, "true", 4)) || (l == 5 && !memcmp(t, "false", 5)) ||
	           (l == 4 && !memcmp(t, "null", 4));
	if (!lit && !(isdigit((unsigned char)t[0]) || t[0] == '-'))
		return jerr(p, "not a number");
	return jemit(p, a, p->i);
}

static void jp_free(struct jp *p)
{
	for (size_t i = 0; i < p->nkv; i++) {
		free(p->kv[i].path);
		free(p->kv[i].val);
	}
	free(p->kv);
	free(p->mem);
	free((char *)p->s);
	memset(p, 0, sizeof *p);
}

/* Read and flatten a summary.json (plain or gzip). 0 or -1 (said). */
static int json_load(const char *path, struct jp *p)
{
	size_t n;
	memset(p, 0, sizeof *p);
	p->file = path;
	p->s = slurp(path, SUMMARY_MAX, &n);
	if (!p->s)
		return -1;
	p->n = n;
	jws(p);
	if (p->i >= p->n || p->s[p->i] != '{')
		return jerr(p, "an object is expected");
	if (jval(p, 0) < 0)
		return -1;
	jws(p);
	if (p->i != p->n)
		return jerr(p, "text after the object");
	return 0;
}

static const struct kv *json_get(const struct jp *p, const char *path)
{
	for (size_t i = 0; i < p->nkv; i++)
		if (!strcmp(p->kv[i].path, path))
			return &p->kv[i];
	return NULL;
}

static int cmp_summary(const char *gold, const char *act, struct cres *r)
{
	struct jp A, B;
	memset(r, 0, sizeof *r);
	r->unit = "values";
	if (json_load(gold, &A) < 0) {
		jp_free(&A);
		return 2;
	}
	if (json_load(act, &B) < 0) {
		jp_free(&A);
		jp_free(&B);
		return 2;
	}
	size_t hint = 0;
	for (size_t i = 0; i < A.nkv; i++) {
		struct kv *b = NULL;
		for (size_t j = 0; j < B.nkv && !b; j++) {
			size_t x = (hint + j) % B.nkv;
			if (!B.kv[x].seen && !strcmp(B.kv[x].path, A.kv[i].path))
				b = &B.kv[x];
		}
		r->total++;
		if (b) {
			b->seen = true;
			hint = (size_t)(b - B.kv) + 1;
		}
		if (b && !strcmp(b->val, A.kv[i].val))
			continue;
		r->differ++;
		if (!r->diverged) {
			r->diverged = true;
			snprintf(r->where, sizeof r->where, "%s", A.kv[i].path);
			r->exp = xstrdup(A.kv[i].val);
			r->act = xstrdup(b ? b->val : "(missing)");
		}
	}
	for (size_t j = 0; j < B.nkv; j++) {
		if (B.kv[j].seen)
			continue;
		r->differ++;
		if (!r->diverged) {
			r->diverged = true;
			snprintf(r->where, sizeof r->where, "%s", B.kv[j].path);
			r->exp = xstrdup("(missing)");
			r->act = xstrdup(B.kv[j].val);
		}
	}
	jp_free(&A);
	jp_free(&B);
	return 0;
}

/* ---- captures ---------------------------------------------------------------------- */

struct pr {
	struct rd rd;
	const char *path;
	bool be, nano;
	uint32_t snaplen, link;
	uint64_t rec;
	uint8_t *buf;
	/* the current record */
	uint64_t ts;
	uint32_t caplen, len;
};

static uint32_t rd32(const uint8_t *b, bool be)
{
	if (be)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static int pr_open(struct pr *p, const char *path)
{
	uint8_t h[24];
	memset(p, 0, sizeof *p);
	p->path = path;
	p->buf = malloc(PCAP_MAX_REC);
	if (!p->buf) {
		fprintf(stderr, "nicshare: out of memory\n");
		return -1;
	}
	if (rd_open(&p->rd, path) < 0)
		return -1;
	if (fread(h, 1, sizeof h, p->rd.f) != sizeof h) {
		fprintf(stderr, "nicshare: %s: not a pcap capture: the file header is cut short\n", path);
		return -1;
	}
	uint32_t m = rd32(h, false);
	if (m == 0xa1b2c3d4u || m == 0xa1b23c4du) {
		p->be = false;
	} else if (rd32(h, true) == 0xa1b2c3d4u || rd32(h, true) == 0xa1b23c4du) {
		p->be = true;
		m = rd32(h, true);
	} else {
		fprintf(stderr, "nicshare: %s: not a pcap capture (magic %08x)\n", path, m);
		return -1;
	}
	p->nano = m == 0xa1b23c4du;
	p->snaplen = rd32(h + 16, p->be);
	p->link = rd32(h + 20, p->be);
	return 0;
}

/* -1 when gzip found the file damaged (said) */
static int pr_close(struct pr *p, bool early)
{
	int rc = rd_close(&p->rd, early);
	free(p->buf);
	memset(p, 0, sizeof *p);
	return rc;
}

/* 1 a record, 0 the end, -1 error (said). */
static int pr_next(struct pr *p)
{
	uint8_t h[16];
	size_t k = fread(h, 1, sizeof h, p->rd.f);
	if (k == 0 && !ferror(p->rd.f))
		return 0;
	if (k != sizeof h) {
		fprintf(stderr, "nicshare: %s: record %" PRIu64 ": header cut short\n", p->path,
		        p->rec + 1);
		return -1;
	}
	uint32_t s = rd32(h, p->be), f = rd32(h + 4, p->be);
	p->caplen = rd32(h + 8, p->be);
	p->len = rd32(h + 12, p->be);
	if (p->caplen > PCAP_MAX_REC || f >= (p->nano ? 1000000000u : 1000000u)) {
		fprintf(stderr, "nicshare: %s: record %" PRIu64 ": %s\n", p->path, p->rec + 1,
		        p->caplen > PCAP_MAX_REC ? "captured length too large" : "bad timestamp");
		return -1;
	}
	p->ts = (uint64_t)s * 1000000000u + (p->nano ? f : f * 1000u);
	if (p->caplen && fread(p->buf, 1, p->caplen, p->rd.f) != p->caplen) {
		fprintf(stderr, "nicshare: %s: record %" PRIu64 ": cut short\n", p->path, p->rec + 1);
		return -1;
	}
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
		snprintf(e, sizeof e, "link type %" PRIu32 ", snaplen %" PRIu32 ", %s timestamps", A.link,
		         A.snaplen, A.nano ? "ns" : "us");
		snprintf(a, sizeof a, "link type %" PRIu32 ", snaplen %" PRIu32 ", %s timestamps", B.link,
		         B.snaplen, B.nano ? "ns" : "us");
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

enum gkind { GK_ROUTING, GK_EVENTS, GK_SUMMARY, GK_PCAP };

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

/* ---- running the scenario ---------------------------------------------------------- */

struct run {
	struct scenario *sc;
	struct engine_stats st;
	char *dir;
	bool tmp, created;
	int rc;                 /* world_run's */
};

static void run_end(struct run *r, bool keep)
{
	if (r->dir && r->tmp && !keep)
		rm_tree(r->dir);
	free(r->dir);
	if (r->sc)
		scenario_free(r->sc);
	memset(r, 0, sizeof *r);
}

/* Load and run the scenario with every output. 0, 1 (a check of the
 * engine failed) or 2 (said). */
static int run_scenario(const char *cmd, const struct gopts *o, struct run *r)
{
	char err[512];
	memset(r, 0, sizeof *r);
	r->sc = scenario_load(o->scenario, o->sets, o->nsets, stderr);
	if (!r->sc)
		return 2;
	if (o->out) {
		if (outdir_prepare(o->out, false, &r->created, err, sizeof err) < 0) {
			fprintf(stderr, "nicshare %s: %s\n", cmd, err);
			return 2;
		}
		r->dir = xstrdup(o->out);
	} else {
		const char *t = getenv("TMPDIR");
		char *tmpl = xjoin(t && *t ? t : "/tmp", "nicshare-golden.XXXXXX");
		if (!mkdtemp(tmpl)) {
			fprintf(stderr, "nicshare %s: cannot make a temporary directory %s: %s\n", cmd, tmpl,
			        strerror(errno));
			free(tmpl);
			return 2;
		}
		r->dir = tmpl;
		r->tmp = true;
		if (outdir_prepare(r->dir, false, &r->created, err, sizeof err) < 0) {
			fprintf(stderr, "nicshare %s: %s\n", cmd, err);
			return 2;
		}
	}
	struct engine_opts eo = {r->dir, OUT_ALL, true, false, NULL};
	double clock = 0;
	r->rc = world_run(r->sc, &eo, &r->st, &clock, stderr);
	if (r->rc == 2 && !r->tmp)
		outdir_abandon(r->dir, r->created);
	return r->rc;
}

/* golden.txt: the "set" lines, in order. */
static char **golden_sets(const char *gdir, size_t *n)
{
	char *p = xjoin(gdir, "golden.txt");
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

/* ---- check ---------------------------------------------------------------------------- */

static int cmd_check(int argc, char **argv)
{
	struct gopts o;
	int rc = gparse("check", usage_check, argc, argv, &o);
	if (rc) {
		free(o.sets);
		return rc == 3 ? 0 : rc;
	}
	if (access(o.scenario, R_OK) != 0) {
		/* say so before looking for its golden */
		fprintf(stderr, "%s: cannot read the scenario: %s\n", o.scenario, strerror(errno));
		free(o.sets);
		return 2;
	}
	char *gdir = o.golden ? xstrdup(o.golden) : golden_dir(o.scenario);
	if (!is_dir(gdir)) {
		fprintf(stderr, "nicshare check: %s: no golden for this scenario; write one with "
		        "`nicshare bless %s` (doc/verify.md)\n", gdir, o.scenario);
		free(gdir);
		free(o.sets);
		return 2;
	}
	for (size_t i = 0; i < N_GFILES; i++) {
		char *p = xjoin(gdir, gfiles[i].gold);
		bool ok = is_file(p);
		if (!ok)
			fprintf(stderr, "nicshare check: %s: missing; the golden is incomplete, bless it "
			        "again with `nicshare bless %s`\n", p, o.scenario);
		free(p);
		if (!ok) {
			free(gdir);
			free(o.sets);
			return 2;
		}
	}

	struct run r;
	rc = run_scenario("check", &o, &r);
	if (rc == 2) {
		run_end(&r, false);
		free(gdir);
		free(o.sets);
		return 2;
	}
	printf("nicshare check: %s against %s\n", o.scenario, gdir);
	bool differ = false, bad = false;
	char names[256] = "";
	for (size_t i = 0; i < N_GFILES && !bad; i++) {
		struct cres c;
		char *g = xjoin(gdir, gfiles[i].gold), *a = xjoin(r.dir, gfiles[i].run);
		int k;
		switch (gfiles[i].k) {
		case GK_ROUTING: k = cmp_table(g, a, TK_ROUTING, &c); break;
		case GK_EVENTS: k = cmp_table(g, a, TK_EVENTS, &c); break;
		case GK_SUMMARY: k = cmp_summary(g, a, &c); break;
		default: k = cmp_capture(g, a, &c); break;
		}
		if (k) {
			bad = true;
		} else {
			cres_print(gfiles[i].run, &c, stdout);
			if (!cres_same(&c)) {
				differ = true;
				size_t l = strlen(names);
				snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", gfiles[i].run);
			}
		}
		cres_free(&c);
		free(g);
		free(a);
	}
	int v = bad ? 2 : verify_run(r.sc, &r.st, r.dir, stdout);

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
			if (o.out)
				printf("nicshare check: compare: nicshare diff %s %s\n", gdir, o.out);
			else
				printf("nicshare check: keep this run with --out DIR, then compare: "
				       "nicshare diff %s DIR\n", gdir);
		}
		if (v == 1)
			printf("nicshare check: FAILED: the scenario's verify section\n");
		if (r.rc == 1)
			printf("nicshare check: FAILED: the run's own checks (conservation)\n");
	} else {
		printf("nicshare check: same as the golden\n");
		rc = 0;
	}
	run_end(&r, o.out != NULL);
	free(gdir);
	free(o.sets);
	return rc;
}

/* ---- bless ---------------------------------------------------------------------------- */

struct pend {                  /* a file written under NAME.tmp, to rename */
	char *tmp, *path;
};

static int write_all(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(buf, 1, n, f);
	int e = ferror(f) | (fclose(f) != 0);
	return w == n && !e ? 0 : -1;
}

/* gzip -9 -n: no name, no time stamp in the header, so the same input
 * gives the same bytes. */
static int gzip_file(const char *src, const char *dst)
{
	static char a0[] = "gzip", a1[] = "-9", a2[] = "-n", a3[] = "-c";
	char *const args[] = {a0, a1, a2, a3, NULL};
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, e, st;
	pid_t pid;
	if (in >= 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (in < 0 || out < 0) {
		if (in >= 0)
			close(in);
		return -1;
	}
	e = spawn_gzip(args, in, out, &pid);
	close(in);
	if (e != 0) {
		close(out);
		errno = e;
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (fsync(out) != 0 || close(out) != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static int copy_file(const char *src, const char *dst)
{
	size_t n;
	char *b = slurp(src, 1u << 30, &n);
	int rc = b ? write_all(dst, b, n) : -1;
	free(b);
	return rc;
}

/* summary.json without the excluded top-level members, as the engine
 * formats it: one member a line. */
static int filter_summary(const char *src, const char *dst)
{
	struct jp p;
	if (json_load(src, &p) < 0) {
		jp_free(&p);
		return -1;
	}
	char *b = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&b, &n);
	if (!m) {
		jp_free(&p);
		return -1;
	}
	fputs("{\n", m);
	for (size_t i = 0; i < p.nmem; i++)
		fprintf(m, "  %.*s%s\n", (int)(p.mem[i][1] - p.mem[i][0]), p.s + p.mem[i][0],
		        i + 1 < p.nmem ? "," : "");
	fputs("}\n", m);
	fclose(m);
	int rc = write_all(dst, b, n);
	free(b);
	jp_free(&p);
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
	int rc = gparse("bless", usage_bless, argc, argv, &o);
	if (rc) {
		free(o.sets);
		return rc == 3 ? 0 : rc;
	}
	char *gdir = o.golden ? xstrdup(o.golden) : golden_dir(o.scenario);
	struct run r;
	rc = run_scenario("bless", &o, &r);
	if (rc == 2) {
		run_end(&r, false);
		free(gdir);
		free(o.sets);
		return 2;
	}
	int v = verify_run(r.sc, &r.st, r.dir, stdout);
	if (rc == 1 || v == 2 || (v == 1 && !o.force)) {
		if (rc == 1)
			fprintf(stderr, "nicshare bless: the run failed its own checks (conservation); "
			        "nothing written\n");
		else if (v == 1)
			fprintf(stderr, "nicshare bless: the run breaks the scenario's verify section; "
			        "nothing written (--force to bless it anyway)\n");
		run_end(&r, false);
		free(gdir);
		free(o.sets);
		return v == 2 ? 2 : 1;
	}
	if (!is_dir(gdir) && mkdir(gdir, 0777) != 0) {
		fprintf(stderr, "nicshare bless: %s: cannot create: %s\n", gdir, strerror(errno));
		run_end(&r, false);
		free(gdir);
		free(o.sets);
		return 2;
	}

	struct pend pd[N_GFILES + 1];
	size_t np = 0;
	bool ok = true;
	for (size_t i = 0; i < N_GFILES && ok; i++) {
		char *src = xjoin(r.dir, gfiles[i].run);
		char *path = xjoin(gdir, gfiles[i].gold);
		char *tmp = malloc(strlen(path) + 5);
		if (!tmp) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		sprintf(tmp, "%s.tmp", path);
		int k;
		switch (gfiles[i].k) {
		case GK_ROUTING: k = copy_file(src, tmp); break;
		case GK_SUMMARY: k = filter_summary(src, tmp); break;
		default: k = gzip_file(src, tmp); break;
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
		char *path = xjoin(gdir, "golden.txt");
		char *tmp = malloc(strlen(path) + 5);
		char *b = NULL;
		size_t n = 0;
		FILE *m = open_memstream(&b, &n);
		if (!tmp || !m) {
			fprintf(stderr, "nicshare: out of memory\n");
			exit(2);
		}
		sprintf(tmp, "%s.tmp", path);
		const char *sl = strrchr(o.scenario, '/');
		fprintf(m, "# Golden outputs of a nicshare scenario, compared by `nicshare check`.\n"
		           "# Written by `nicshare bless`; do not edit. Goldens change only on purpose\n"
		           "# (doc/verify.md).\n");
		fprintf(m, "scenario\t%s\n", sl ? sl + 1 : o.scenario);
		for (size_t i = 0; i < o.nsets; i++)
			fprintf(m, "set\t%s\n", o.sets[i]);
		fclose(m);
		if (write_all(tmp, b, n) < 0) {
			fprintf(stderr, "nicshare bless: cannot write %s: %s\n", tmp, strerror(errno));
			ok = false;
		}
		free(b);
		pd[np++] = (struct pend){tmp, path};
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
		for (size_t i = 0; i < np; i++) {
			const char *sl = strrchr(pd[i].path, '/');
			printf("%s %s (%s)", i ? "," : "", sl ? sl + 1 : pd[i].path,
			       size_text(pd[i].path, sb, sizeof sb));
		}
		printf("\n");
	}
	for (size_t i = 0; i < np; i++) {
		free(pd[i].tmp);
		free(pd[i].path);
	}
	run_end(&r, false);
	free(gdir);
	free(o.sets);
	return ok ? 0 : 2;
}

/* ---- diff ------------------------------------------------------------------------------ */

struct rtab {
	uint8_t *dec, *rsn;
	size_t n;
};

static int rtab_load(const char *dir, struct rtab *t)
{
	char *p = xjoin(dir, "routing.tsv");
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

/* "4118.666" -> 4118666 (ps); -1 when not such a number */
static int ns_to_ps(const char *s, size_t n, uint64_t *ps)
{
	uint64_t v = 0;
	size_t i = 0;
	int dec = -1;
	if (n && s[0] == '"') {
		s++;
		n -= n >= 2 ? 2 : 1;
	}
	for (; i < n; i++) {
		if (s[i] == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || dec >= 3 || v > UINT64_MAX / 10 - 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (dec >= 0)
			dec++;
	}
	if (n == 0)
		return -1;
	for (int d = dec < 0 ? 0 : dec; d < 3; d++)
		v *= 10;
	*ps = v;
	return 0;
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
	char *p = xjoin(dir, "latency.tsv");
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
	while ((k = lr_get(&r)) > 0) {
		char *c[6];
		size_t cl[6];
		struct lsamp s;
		int cls;
		char *e1, *e2;
		if (r.lno == 1)
			continue;
		if (cols(r.buf, r.len, c, cl, 6) != 6 || frame_key(c[0], cl[0], &s.key) < 0 ||
		    (cls = cls_of(c[1], cl[1])) < 0 || ns_to_ps(c[5], cl[5], &s.ps) < 0)
			break;
		c[2][cl[2]] = c[4][cl[4]] = '\0';
		s.start = strtoull(c[2], &e1, 10);
		s.cyc = strtoull(c[4], &e2, 10);
		if (*e1 || *e2 || !cl[2] || !cl[4])
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
	if (k > 0)
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
	char *p = xjoin(dir, "summary.json");
	struct jp j;
	int rc = 0;
	if (json_load(p, &j) < 0) {
		jp_free(&j);
		free(p);
		return -1;
	}
	for (int k = 0; k < CLS__COUNT && rc == 0; k++) {
		static const char *const f[3] = {"p50", "p99", "max"};
		char key[96];
		const char *cn = scen_class_name((enum scen_class)k);
		const struct kv *c;
		memset(&st[k], 0, sizeof st[k]);
		snprintf(key, sizeof key, "latency.%s.count", cn);
		if (!(c = json_get(&j, key))) {
			rc = -1;
			break;
		}
		st[k].have = true;
		st[k].count = strtoull(c->val, NULL, 10);
		for (int i = 0; i < 3 && st[k].count; i++) {
			const struct kv *a, *b;
			snprintf(key, sizeof key, "latency.%s.%s_cycles", cn, f[i]);
			a = json_get(&j, key);
			snprintf(key, sizeof key, "latency.%s.%s_ns", cn, f[i]);
			b = json_get(&j, key);
			if (!a || !b || ns_to_ps(b->val, strlen(b->val), &st[k].ps[i]) < 0) {
				rc = -1;
				break;
			}
			st[k].cyc[i] = strtoull(a->val, NULL, 10);
		}
	}
	if (rc < 0)
		fprintf(stderr, "nicshare diff: %s: no per-class latency (count, p50, p99, max) in it\n", p);
	jp_free(&j);
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
	snprintf(b, n, "%c%" PRIu64 ".%02" PRIu64 "%%", h < 0 ? '-' : '+', a / 100, a % 100);
}

static void key_text(uint64_t key, char *b, size_t n)
{
	snprintf(b, n, "%s%" PRIu64, key & 1 ? "o" : "", key / 2);
}

static int cmd_diff(int argc, char **argv)
{
	struct gopts o;
	int rc = gparse("diff", usage_diff, argc, argv, &o);
	free(o.sets);
	if (rc)
		return rc == 3 ? 0 : rc;
	for (int i = 0; i < 2; i++)
		if (!is_dir(o.dirs[i])) {
			fprintf(stderr, "nicshare diff: %s: not a directory\n", o.dirs[i]);
			return 2;
		}
	struct rtab ra, rb;
	if (rtab_load(o.dirs[0], &ra) < 0)
		return 2;
	if (rtab_load(o.dirs[1], &rb) < 0) {
		free(ra.dec);
		free(ra.rsn);
		return 2;
	}
	bool differ = false;
	char t1[48], t2[48], t3[48], t4[48];

	printf("nicshare diff: A %s, B %s\n", o.dirs[0], o.dirs[1]);
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
		if (changed > o.max)
			continue;
		printf("  frame %-8zu %s %s -> %s %s\n", i + 1,
		       ina ? verdict_decision_name((enum verdict_decision)ra.dec[i]) : "(no",
		       ina ? verdict_reason_name((enum verdict_reason)ra.rsn[i]) : "frame)",
		       inb ? verdict_decision_name((enum verdict_decision)rb.dec[i]) : "(no",
		       inb ? verdict_reason_name((enum verdict_reason)rb.rsn[i]) : "frame)");
	}
	if (changed > o.max)
		printf("  ... and %" PRIu64 " more\n", changed - o.max);
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

	/* latency */
	struct lsamp *la = NULL, *lb = NULL;
	size_t na = 0, nb = 0;
	struct lstat sa[CLS__COUNT], sb[CLS__COUNT];
	int ha = lat_load(o.dirs[0], &la, &na);
	int hb = ha >= 0 ? lat_load(o.dirs[1], &lb, &nb) : 0;
	if (ha < 0 || hb < 0) {
		free(la);
		free(lb);
		return 2;
	}
	/* both sides by the same method: exact when both have latency.tsv */
	if (ha && hb) {
		lat_stats(la, na, sa);
		lat_stats(lb, nb, sb);
	} else if (sum_stats(o.dirs[0], sa) < 0 || sum_stats(o.dirs[1], sb) < 0) {
		free(la);
		free(lb);
		return 2;
	}
	printf("latency per class, A -> B (%s):\n", ha && hb ? "exact, from latency.tsv"
	       : "from summary.json, histogram percentiles: latency.tsv is not in both");
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
