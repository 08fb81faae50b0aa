/* datadir.c - where nicshare finds its data (see datadir.h for the
 * order). The build tree is recognised by the running program's own path
 * (/proc/self/exe) lying under NS_BUILDDIR, so an installed nicshare never
 * reads a source tree that happens to survive on the machine. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif
#ifndef NS_BUILDDIR
#define NS_BUILDDIR NS_SRCDIR
#endif
#ifndef NS_PKGDATADIR
#define NS_PKGDATADIR "/usr/local/share/nicshare"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is the running program inside the build tree? */
static int in_build_tree(void)
{
	char exe[PATH_MAX], top[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t l;
	if (n <= 0)
		return is_dir(NS_SRCDIR "/scenarios/profiles");   /* no /proc: prefer the tree */
	exe[n] = 0;
	if (!realpath(NS_BUILDDIR, top))
		return 0;
	l = strlen(top);
	return strncmp(exe, top, l) == 0 && exe[l] == '/';
}

const char *ns_datadir(void)
{
	static const char *dir;
	const char *e;
	if (dir)
		return dir;
	e = getenv("NICSHARE_DATADIR");
	if (e && *e)
		dir = e;
	else if (in_build_tree() && is_dir(NS_SRCDIR "/scenarios/profiles"))
		dir = NS_SRCDIR;
	else
		dir = NS_PKGDATADIR;
	return dir;
}
