/* paths.c - the folder, base name and stem of a path (paths.h). Models
 * nothing of the patent: it is how a scenario file names the files beside
 * it, and how outputs are named in their folder. Lengths are the strings' own; nothing is cut at PATH_MAX. */
#define _GNU_SOURCE   /* renameat2 */
#include "config.h"

#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *alloc(size_t n)
{
	char *d = malloc(n);
	if (!d) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return d;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = alloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *paths_dir(const char *path)
{
	const char *sl = strrchr(path, '/');
	if (!sl)
		return dup_n(".", 1);
	return dup_n(path, sl == path ? 1 : (size_t)(sl - path));
}

const char *paths_base(const char *path)
{
	const char *sl = strrchr(path, '/');
	return sl ? sl + 1 : path;
}

size_t paths_stem_len(const char *base)
{
	size_t n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".yaml"))
		return n - 5;
	if (n > 4 && !strcmp(base + n - 4, ".yml"))
		return n - 4;
	return n;
}

char *paths_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *s = alloc(a + 1 + b + 1);   /* dir, '/', name and its NUL */
	memcpy(s, dir, a);
	s[a] = '/';
	memcpy(s + a + 1, name, b + 1);
	return s;
}

char *paths_beside(const char *file, const char *rel)
{
	const char *sl = strrchr(file, '/');
	if (rel[0] == '/' || !sl)
		return dup_n(rel, strlen(rel));
	size_t d = (size_t)(sl - file), r = strlen(rel);
	char *out = alloc(d + 1 + r + 1);   /* the folder and its '/', then rel */
	memcpy(out, file, d + 1);
	memcpy(out + d + 1, rel, r + 1);
	return out;
}

char *paths_check_new(const char *path)
{
	struct stat st;
	const char *why = NULL;
	if (!path[0] || path[strlen(path) - 1] == '/')
		why = "not a file name";
	else if (lstat(path, &st) == 0)
		why = "the file exists; give a new name";
	else if (errno != ENOENT)
		why = strerror(errno);
	if (why)
		return dup_n(why, strlen(why));
	char *dir = paths_dir(path);
	if (access(dir, W_OK | X_OK) == 0) {
		free(dir);
		return NULL;
	}
	const char *e = strerror(errno);
	static const char head[] = "cannot write in its folder ";
	char *m = alloc(sizeof head + strlen(dir) + 2 + strlen(e));
	sprintf(m, "%s%s: %s", head, dir, e);
	free(dir);
	return m;
}

/* Tried before giving up: PATH.tmp, then PATH.1.tmp to PATH.999.tmp. */
#define TMP_TRIES 1000

int paths_tmp_beside(const char *path, char **tmp)
{
	size_t n = strlen(path);
	char *t = alloc(n + 16);   /* ".", up to 3 digits, ".tmp" and the NUL */
	for (unsigned k = 0; k < TMP_TRIES; k++) {
		if (k)
			sprintf(t, "%s.%u.tmp", path, k);
		else
			sprintf(t, "%s.tmp", path);
		int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
		if (fd >= 0) {
			*tmp = t;
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(t);
	*tmp = NULL;
	errno = e;
	return -1;
}

void paths_tmp_failure(char *buf, size_t n, const char *path, int e)
{
	if (e == EEXIST)         /* every name tried was taken (review n51) */
		snprintf(buf, n, "cannot create a temporary file beside it: %s.tmp to %s.%u.tmp all "
		         "exist", path, path, TMP_TRIES - 1);
	else
		snprintf(buf, n, "cannot create %s.tmp: %s", path, strerror(e));
}

int paths_publish(const char *tmp, const char *path, bool replace)
{
	if (replace)
		return rename(tmp, path);
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno == EEXIST)
		return -1;
	/* no hard links here (EPERM, ENOTSUP on some file systems) */
	return renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
}
