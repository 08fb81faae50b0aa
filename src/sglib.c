/* sglib.c - SimGrid, loaded when a world runs, see sglib.h. Models
 * nothing of the patent.
 *
 * Costs: dlopen of SimGrid and its dependencies, about 27 ms and 33 MB
 * (measured on the bench machine: a program linked with -lsimgrid that
 * returns at once against one that is not), then one dlsym per function
 * of the table; once per process. */
#include "config.h"

#include "sglib.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const struct sglib *sglib_load(FILE *err)
{
	/* One per process: SimGrid's engine is itself one per process. */
	static struct sglib lib;
	static bool loaded;
	if (loaded)
		return &lib;
	const char *name = getenv("NICSHARE_SIMGRID");
	if (!name || !*name)
		name = SIMGRID_SONAME;
	void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(err, "nicshare: cannot load SimGrid %s, which runs every world: %s "
		        "(./quickstart installs it); nothing was run\n", SIMGRID_MODVERSION, dlerror());
		return NULL;
	}
	/* dlsym returns a data pointer; POSIX guarantees it converts to a
	 * function pointer, which memcpy does without a cast C forbids. */
#define SGLIB_LOAD(f)                                                          \
	{                                                                      \
		void *p = dlsym(h, #f);                                        \
		if (!p) {                                                      \
			fprintf(err, "nicshare: %s has no function " #f       \
			        " (nicshare was built against SimGrid %s); "   \
			        "nothing was run\n", name, SIMGRID_MODVERSION);   \
			dlclose(h);                                            \
			return NULL;                                           \
		}                                                              \
		memcpy(&lib.f, &p, sizeof p);                                  \
	}
	SGLIB_FUNCTIONS(SGLIB_LOAD)
#undef SGLIB_LOAD
	loaded = true;
	return &lib;
}
