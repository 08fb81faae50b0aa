/* workers.h - helper threads that run a world's hosts side by side
 * (world.c, "exact" network; doc/engine.md, "Hosts side by side").
 *
 * A job is a function and its argument. workers_start() queues it on a
 * given thread, or says it has no room (the caller then runs it itself);
 * workers_wait() returns once that thread has finished it. A job must
 * touch nothing another job or the caller touches before the wait: the
 * world gives each its own host. What a job did is seen by the caller
 * after workers_wait() (a release and an acquire of the thread's count of
 * jobs done order it). */
#ifndef NICSHARE_WORKERS_H
#define NICSHARE_WORKERS_H

#include <stdbool.h>

struct workers;

/* n threads (0: none, every workers_start() then says so); NULL when
 * out of memory. Threads that cannot be started are left out. */
struct workers *workers_create(unsigned n);
/* Waits for every job started, then stops the threads. NULL: nothing. */
void workers_destroy(struct workers *ws);
/* A job started: its thread and its number there. */
struct workers_job {
	unsigned k;
	unsigned long long n;
};
/* Queue fn(arg) on thread i (0 .. workers_count() - 1), *job saying which;
 * false when that thread has no room (or there is none): the caller runs
 * it. A thread runs its jobs in the order queued. */
bool workers_start(struct workers *ws, unsigned i, void (*fn)(void *), void *arg,
                   struct workers_job *job);
/* Wait until that job has finished (the thread may have gone on to
 * another since). */
void workers_wait(struct workers *ws, const struct workers_job *job);
/* The threads started (for a message: how many hosts run at once). */
unsigned workers_count(const struct workers *ws);

#endif
