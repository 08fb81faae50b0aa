/* fuzzyaml.h - what the YAML targets fuzz_scenario.c and fuzz_world.c share
 * (issue 7): the scratch folder their input is written to, so that relative
 * paths resolve as in the source tree; writing a file; splitting an input
 * into YAML and --set overrides; scenario_load with its messages checked;
 * the printed-and-loaded-back comparison.
 *
 * The folder is TMP/x/y (TMP made once by mkdtemp under $TMPDIR, removed
 * at exit) with symbolic links to folders of the source tree
 * ($top_srcdir, else NS_SRCDIR) named by the target; the input is
 * TMP/x/y/in.yaml, a printed copy TMP/x/y/rt.yaml.
 *
 * Static functions and state: each target is one translation unit with no
 * global but LLVMFuzzerTestOneInput (fuzz.h). Include after fuzz.h, with
 * _GNU_SOURCE defined (open_memstream, mkdtemp, realpath). */
#ifndef NICSHARE_FUZZYAML_H
#define NICSHARE_FUZZYAML_H

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/scenario.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define FUZZYAML_MAX_OV 16

struct fuzzyaml_link {
	const char *at;    /* path in TMP, e.g. "x/traces" */
	const char *to;    /* folder of the source tree, e.g. "traces" */
};

static char fy_dir[PATH_MAX];
static char fy_in[PATH_MAX + 32], fy_rt[PATH_MAX + 32];
static const struct fuzzyaml_link *fy_links;
static size_t fy_nlinks;

static void fuzzyaml_cleanup(void)
{
	char p[PATH_MAX + 32];
	if (!fy_dir[0])
		return;
	unlink(fy_in);
	unlink(fy_rt);
	for (size_t i = 0; i < fy_nlinks; i++) {
		snprintf(p, sizeof p, "%s/%s", fy_dir, fy_links[i].at);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/x/y", fy_dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/x", fy_dir);
	rmdir(p);
	rmdir(fy_dir);
	fy_dir[0] = '\0';
}

/* Once: TMPDIR/NAME.XXXXXX with x/y and the links (whose at is in TMP or
 * TMP/x). */
static void fuzzyaml_setup(const char *name, const struct fuzzyaml_link *links, size_t n)
{
	char p[PATH_MAX + 32], src[PATH_MAX], target[PATH_MAX + 32];
	if (fy_dir[0])
		return;
	const char *top = getenv("top_srcdir");
	if (!top || !*top)
		top = NS_SRCDIR;
	FUZZ_CHECK(realpath(top, src) != NULL);
	const char *tmp = getenv("TMPDIR");
	snprintf(fy_dir, sizeof fy_dir, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	FUZZ_CHECK(mkdtemp(fy_dir) != NULL);
	fy_links = links;
	fy_nlinks = n;
	atexit(fuzzyaml_cleanup);
	snprintf(p, sizeof p, "%s/x", fy_dir);
	FUZZ_CHECK(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/x/y", fy_dir);
	FUZZ_CHECK(mkdir(p, 0700) == 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(target, sizeof target, "%s/%s", src, links[i].to);
		snprintf(p, sizeof p, "%s/%s", fy_dir, links[i].at);
		FUZZ_CHECK(symlink(target, p) == 0);
	}
	snprintf(fy_in, sizeof fy_in, "%s/x/y/in.yaml", fy_dir);
	snprintf(fy_rt, sizeof fy_rt, "%s/x/y/rt.yaml", fy_dir);
}

static void fuzzyaml_put(const char *path, const void *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(n == 0 || fwrite(d, 1, n, f) == n);
	FUZZ_CHECK(fclose(f) == 0);
}

/* Once, the folder (fuzzyaml_setup); then the input as a NUL-terminated
 * copy (the caller frees it) whose first string, the YAML, is written to
 * fy_in; after the first NUL byte come the --set overrides, one per
 * NUL-terminated piece (at most FUZZYAML_MAX_OV; empty pieces skipped),
 * pointed to by ov[0 .. *nov). */
static char *fuzzyaml_input(const char *name, const struct fuzzyaml_link *links, size_t nlinks,
                            const uint8_t *data, size_t size, const char **ov, size_t *nov)
{
	fuzzyaml_setup(name, links, nlinks);
	char *buf = malloc(size + 1);
	FUZZ_CHECK(buf != NULL);
	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';
	size_t ylen = strlen(buf);
	*nov = 0;
	for (size_t i = ylen + 1; i < size && *nov < FUZZYAML_MAX_OV; i += strlen(buf + i) + 1)
		if (buf[i])
			ov[(*nov)++] = buf + i;
	fuzzyaml_put(fy_in, buf, ylen);
	return buf;
}

/* ":LINE:COL: " at msg + n (msg is l bytes long), LINE and COL from 1 */
static bool fuzzyaml_line_col_at(const char *msg, size_t l, size_t n)
{
	size_t i = n + 1, d;
	if (l <= n || msg[n] != ':')
		return false;
	for (int part = 0; part < 2; part++) {
		bool nonzero = false;
		for (d = 0; i < l && msg[i] >= '0' && msg[i] <= '9'; i++, d++)
			nonzero |= msg[i] != '0';
		if (d == 0 || !nonzero || i >= l || msg[i] != ':')
			return false;
		i++;
	}
	return i < l && msg[i] == ' ';
}

/* "PATH:LINE:COL: " at msg (l bytes) */
static bool fuzzyaml_at_line_col(const char *msg, size_t l, const char *path)
{
	size_t n = strlen(path);
	return l > n && strncmp(msg, path, n) == 0 && fuzzyaml_line_col_at(msg, l, n);
}

/* Does a message (its first line, l bytes) say where: the file and the
 * place in it ("PATH:LINE:COL: "), an override ("--set "), or the place in
 * a profile file (".../NAME.yaml:LINE:COL: ")? */
static bool fuzzyaml_says_where(const char *msg, size_t l, const char *path)
{
	if (fuzzyaml_at_line_col(msg, l, path) || strncmp(msg, "--set ", 6) == 0)
		return true;
	const char *y = memmem(msg, l, ".yaml:", 6);
	return y && fuzzyaml_line_col_at(msg, l, (size_t)(y - msg) + 5);
}

/* scenario_load of path (src/scenario.h): no message when it loads; else
 * at least one, the text ends with a newline and its first line says where.
 * Only the first line: a message quoting a value that holds a newline runs
 * on over several lines (values are quoted as given). */
static struct scenario *fuzzyaml_load(const char *path, const char *const *ov, size_t nov)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	FUZZ_CHECK(err != NULL);
	struct scenario *s = scenario_load(path, ov, nov, err);
	FUZZ_CHECK(fclose(err) == 0);
	if (s) {
		FUZZ_CHECK(len == 0);
	} else {
		FUZZ_CHECK(len > 0 && msg[len - 1] == '\n');
		size_t l = (size_t)((const char *)memchr(msg, '\n', len) - msg);
		if (!fuzzyaml_says_where(msg, l, path))
			fprintf(stderr, "message does not say where: %.*s\n", (int)l, msg);
		FUZZ_CHECK(fuzzyaml_says_where(msg, l, path));
	}
	free(msg);
	return s;
}

/* What print writes of x, and its length (the caller frees it). */
static char *fuzzyaml_text(void (*print)(const void *x, FILE *f), const void *x, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	FUZZ_CHECK(f != NULL);
	print(x, f);
	FUZZ_CHECK(fclose(f) == 0);
	return out;
}

/* Printed, loaded back and printed again: the same text. */
static void fuzzyaml_same(const char *t1, size_t l1, const char *t2, size_t l2)
{
	if (l1 != l2 || memcmp(t1, t2, l1) != 0)
		fprintf(stderr, "printed, loaded back and printed again differs:\n"
		        "---- first\n%s---- second\n%s", t1, t2);
	FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0);
}

#endif
