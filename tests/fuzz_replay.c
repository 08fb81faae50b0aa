/* fuzz_replay.c - runs a libFuzzer target of fuzz/ as an ordinary program
 * (issue 7): every crash the fuzzers found is kept in fuzz/regress/NAME/
 * and must stay fixed, in the plain build and in the sanitizer build of
 * ./quickstart test.
 *
 *   replay_NAME FILE|DIR...   feed each file (a directory: its files, in
 *                             name order) to LLVMFuzzerTestOneInput
 *   replay_NAME               the same over $top_srcdir/fuzz/regress/NAME
 *                             and $top_srcdir/fuzz/seed-min/NAME
 * NAME is REPLAY_TARGET when defined, else the program's name after
 * "replay_" (tests/replay_frame -> frame). Each input is copied into a
 * buffer of exactly its size, so that AddressSanitizer sees a read past
 * its end. A failed check in the target aborts (the test fails); no input
 * at all is a failure too, as it would assert nothing. Exit 0 otherwise. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../fuzz/fuzz.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif

#define REPLAY_MAX_SIZE (64u << 20)

static const char *g_prog = "replay";
static unsigned long g_count;

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		fprintf(stderr, "%s: %s: %s\n", g_prog, path, strerror(errno));
		if (f)
			fclose(f);
		return false;
	}
	if ((uint64_t)st.st_size > REPLAY_MAX_SIZE) {
		fprintf(stderr, "%s: %s: larger than %u bytes, not a fuzz input\n", g_prog, path,
		        REPLAY_MAX_SIZE);
		fclose(f);
		return false;
	}
	size_t n = (size_t)st.st_size;
	/* malloc(0) too: a zero-size block, so any read of it is caught */
	uint8_t *buf = malloc(n);
	if ((!buf && n) || (n && fread(buf, 1, n, f) != n)) {
		fprintf(stderr, "%s: %s: cannot read\n", g_prog, path);
		free(buf);
		fclose(f);
		return false;
	}
	fclose(f);
	static const uint8_t none[1];
	/* named first, unbuffered: a failing input is the last one listed */
	fprintf(stderr, "%s: %s\n", g_prog, path);
	LLVMFuzzerTestOneInput(buf ? buf : none, n);
	free(buf);
	g_count++;
	return true;
}

/* A file, or the files of a directory in name order (one level). */
static bool run_path(const char *path, bool must_exist)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (!must_exist && errno == ENOENT)
			return true;
		fprintf(stderr, "%s: %s: %s\n", g_prog, path, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s: %s\n", g_prog, path, strerror(errno));
		return false;
	}
	char **names = NULL;
	size_t k = 0;
	struct dirent *e;
	bool ok = true;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, "README", 6) == 0)
			continue;
		char **nn = realloc(names, (k + 1) * sizeof *names);
		size_t l = strlen(path) + strlen(e->d_name) + 2;
		char *full = malloc(l);
		if (!nn || !full) {
			free(nn ? nn : names);
			free(full);
			closedir(d);
			fprintf(stderr, "%s: out of memory\n", g_prog);
			return false;
		}
		names = nn;
		snprintf(full, l, "%s/%s", path, e->d_name);
		names[k++] = full;
	}
	closedir(d);
	if (k)
		qsort(names, k, sizeof *names, cmpstr);
	for (size_t i = 0; i < k; i++) {
		struct stat fs;
		if (stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode))
			ok = run_file(names[i]) && ok;
		free(names[i]);
	}
	free(names);
	return ok;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	g_prog = base;
	bool ok = true;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			ok = run_path(argv[i], true) && ok;
	} else {
#ifdef REPLAY_TARGET
		const char *name = REPLAY_TARGET;
#else
		const char *name = base;
		if (strncmp(name, "lt-", 3) == 0)
			name += 3;
		if (strncmp(name, "replay_", 7) == 0)
			name += 7;
#endif
		const char *top = getenv("top_srcdir");
		char dir[4096];
		if (!top || !*top)
			top = NS_SRCDIR;
		snprintf(dir, sizeof dir, "%s/fuzz/regress/%s", top, name);
		ok = run_path(dir, false) && ok;
		snprintf(dir, sizeof dir, "%s/fuzz/seed-min/%s", top, name);
		ok = run_path(dir, false) && ok;
	}
	printf("%s: %lu inputs replayed\n", g_prog, g_count);
	if (g_count == 0) {
		fprintf(stderr, "%s: no input found: nothing was checked\n", g_prog);
		return 1;
	}
	return ok ? 0 : 1;
}
