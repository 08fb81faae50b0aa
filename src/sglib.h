/* sglib.h - SimGrid, loaded when a world runs. Models nothing of the
 * patent: the world that runs on it (world.c) models Fig. 9.
 *
 * nicshare is not linked with SimGrid. Loading libsimgrid and what it
 * pulls in (Debian's build brings thirteen ns-3 libraries, boost, GSL,
 * sqlite, dbus, gfortran) took every run 27.5 ms of start-up and 33 MB of
 * resident memory, about a tenth of a 1M-frame replay, for runs without a
 * world, which never call it. world_run_many() loads it with sglib_load()
 * and calls it through the table below; nothing else does.
 *
 * The table holds the SimGrid functions the world calls, each typed as
 * SimGrid's own header declares it (a change of signature fails to
 * compile), and named as SimGrid names it: the world's call
 * simgrid->sg_sem_release(s) is sg_sem_release(s). sg_actor_start is an
 * inline wrapper in SimGrid's header; the table has the function it calls,
 * sg_actor_start_. */
#ifndef NICSHARE_SGLIB_H
#define NICSHARE_SGLIB_H

#include <stdio.h>

#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/semaphore.h>
#include <xbt/log.h>

/* Every function of the table, once (X-macro: the struct and the loader
 * are both made from it). */
#define SGLIB_FUNCTIONS(X)                                                     \
	X(simgrid_init) X(simgrid_load_platform) X(simgrid_run)                \
	X(simgrid_get_clock) X(xbt_log_control_set)                            \
	X(sg_host_by_name)                                                     \
	X(sg_actor_init) X(sg_actor_start_) X(sg_actor_set_data)               \
	X(sg_actor_self) X(sg_actor_self_get_data) X(sg_actor_daemonize)       \
	X(sg_actor_sleep_until)                                                \
	X(sg_sem_init) X(sg_sem_acquire) X(sg_sem_acquire_timeout)             \
	X(sg_sem_release) X(sg_sem_destroy)                                    \
	X(sg_mailbox_by_name) X(sg_mailbox_set_receiver)                       \
	X(sg_mailbox_put_async) X(sg_mailbox_get_async)                        \
	X(sg_comm_wait) X(sg_comm_unref)

struct sglib {
#define SGLIB_FIELD(f) __typeof__(&f) f;
	SGLIB_FUNCTIONS(SGLIB_FIELD)
#undef SGLIB_FIELD
};

/* SimGrid's library: $NICSHARE_SIMGRID when set (a path or a file name,
 * as dlopen takes it), else the soname configure found (SIMGRID_SONAME).
 * Loaded once per process and never unloaded, as SimGrid itself can be
 * initialised once. Returns the table, or NULL after a message on err
 * naming the library and what failed (the caller exits 2). */
const struct sglib *sglib_load(FILE *err);

#endif
