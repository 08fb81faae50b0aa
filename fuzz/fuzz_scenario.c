/* fuzz_scenario.c - libFuzzer target: the scenario loader (src/scenario.c
 * over libyaml, with src/units.c), the machine description that sets up
 * Fig. 1 (issue 7, item 1).
 *
 * Input: YAML text; after the first NUL byte, --set overrides "key=value",
 * one per NUL-terminated piece (at most 16; empty pieces skipped).
 * The YAML is written to TMP/x/y/in.yaml, where TMP is a fresh directory
 * made once (mkdtemp under $TMPDIR) holding symbolic links TMP/traces,
 * TMP/x/traces, TMP/scenarios and TMP/x/scenarios to the source tree's
 * folders, so that the seeds' "../traces/...", "../../traces/..." and
 * profiles resolve as in the tree. The file is removed after each input and
 * the directory at exit.
 *
 * Checked (src/scenario.h): NULL comes with at least one message, a
 * scenario with none; the first message is "FILE:LINE:COL: ..." for a
 * file of ours, "--set ...: ..." for an override, or names a profile file;
 * the printed configuration (scenario_print) loads back and prints the
 * same text again ("YAML that loads back to the same run"). */
#define _GNU_SOURCE   /* open_memstream, mkdtemp, realpath */
#include "fuzz.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/scenario.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define MAX_OV 16

static char g_dir[PATH_MAX];
static char g_in[PATH_MAX + 32], g_rt[PATH_MAX + 32];
static const char *const g_links[] = {"traces", "scenarios", "x/traces", "x/scenarios"};

static void cleanup(void)
{
	char p[PATH_MAX + 32];
	if (!g_dir[0])
		return;
	unlink(g_in);
	unlink(g_rt);
	for (size_t i = 0; i < sizeof g_links / sizeof g_links[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", g_dir, g_links[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/x/y", g_dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/x", g_dir);
	rmdir(p);
	rmdir(g_dir);
	g_dir[0] = '\0';
}

static void setup(void)
{
	char p[PATH_MAX + 32], src[PATH_MAX], target[PATH_MAX + 32];
	if (g_dir[0])
		return;
	const char *top = getenv("top_srcdir");
	if (!top || !*top)
		top = NS_SRCDIR;
	FUZZ_CHECK(realpath(top, src) != NULL);
	const char *tmp = getenv("TMPDIR");
	snprintf(g_dir, sizeof g_dir, "%s/fuzz_scenario.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(g_dir) != NULL);
	atexit(cleanup);
	snprintf(p, sizeof p, "%s/x", g_dir);
	FUZZ_CHECK(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/x/y", g_dir);
	FUZZ_CHECK(mkdir(p, 0700) == 0);
	for (size_t i = 0; i < sizeof g_links / sizeof g_links[0]; i++) {
		const char *base = strrchr(g_links[i], '/');
		snprintf(target, sizeof target, "%s/%s", src, base ? base + 1 : g_links[i]);
		snprintf(p, sizeof p, "%s/%s", g_dir, g_links[i]);
		FUZZ_CHECK(symlink(target, p) == 0);
	}
	snprintf(g_in, sizeof g_in, "%s/x/y/in.yaml", g_dir);
	snprintf(g_rt, sizeof g_rt, "%s/x/y/rt.yaml", g_dir);
}

static void put(const char *path, const void *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(n == 0 || fwrite(d, 1, n, f) == n);
	FUZZ_CHECK(fclose(f) == 0);
}

/* The messages name where: the first line begins with one of our files
 * (the input or the printed copy, "PATH:"), an override ("--set "), or a
 * profile file (".../NAME.yaml:"), and the text ends with a newline. Only
 * the first line: a message quoting a value that holds a newline runs on
 * over several lines (values are quoted as given). */
static void check_messages(const char *msg, size_t len)
{
	if (len == 0)
		return;
	FUZZ_CHECK(msg[len - 1] == '\n');
	const char *nl = memchr(msg, '\n', len);
	size_t l = (size_t)(nl - msg);
	bool ok = (strncmp(msg, g_in, strlen(g_in)) == 0 && msg[strlen(g_in)] == ':') ||
	          (strncmp(msg, g_rt, strlen(g_rt)) == 0 && msg[strlen(g_rt)] == ':') ||
	          strncmp(msg, "--set ", 6) == 0;
	if (!ok) {
		/* a profile: "DIR/NAME.yaml:..." */
		const char *y = memchr(msg, ':', l);
		ok = y && y - msg > 5 && strncmp(y - 5, ".yaml", 5) == 0;
	}
	if (!ok)
		fprintf(stderr, "message does not say where: %.*s\n", (int)l, msg);
	FUZZ_CHECK(ok);
}

static struct scenario *load(const char *path, const char *const *ov, size_t nov)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	FUZZ_CHECK(err != NULL);
	struct scenario *s = scenario_load(path, ov, nov, err);
	FUZZ_CHECK(fclose(err) == 0);
	if (s)
		FUZZ_CHECK(len == 0);
	else
		FUZZ_CHECK(len > 0);
	check_messages(msg, len);
	free(msg);
	return s;
}

static char *print(const struct scenario *s, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	FUZZ_CHECK(f != NULL);
	scenario_print(s, f);
	FUZZ_CHECK(fclose(f) == 0);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ov[MAX_OV];
	size_t nov = 0;
	setup();

	/* split: YAML, then the overrides */
	char *buf = malloc(size + 1);
	FUZZ_CHECK(buf != NULL);
	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';
	size_t ylen = strlen(buf);
	for (size_t i = ylen + 1; i < size && nov < MAX_OV; i += strlen(buf + i) + 1)
		if (buf[i])
			ov[nov++] = buf + i;
	put(g_in, buf, ylen);

	struct scenario *s = load(g_in, ov, nov);
	unlink(g_in);
	if (s) {
		size_t l1 = 0, l2 = 0;
		char *t1 = print(s, &l1);
		put(g_rt, t1, l1);
		struct scenario *s2 = load(g_rt, NULL, 0);
		unlink(g_rt);
		if (!s2)
			fprintf(stderr, "the printed scenario does not load back:\n%s", t1);
		FUZZ_CHECK(s2 != NULL);
		char *t2 = print(s2, &l2);
		if (l1 != l2 || memcmp(t1, t2, l1) != 0)
			fprintf(stderr, "printed, loaded back and printed again differs:\n"
			        "---- first\n%s---- second\n%s", t1, t2);
		FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0);
		free(t1);
		free(t2);
		scenario_free(s2);
		scenario_free(s);
	}
	free(buf);
	return 0;
}
