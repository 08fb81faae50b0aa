/* workers.c - helper threads running jobs, see workers.h.
 *
 * Each thread has a queue of jobs (a ring of WORKER_QUEUE, masked
 * free-running indices) and its own mutex and condition variable. A world
 * hands over one job per window and host (make bench's world of 3
 * computers: 24,000 windows each), so a thread asleep between them would
 * pay a wake-up (futex, scheduler: tens of microseconds on a VM) per job:
 * the thread and the waiter spin a while on the counts first, and sleep
 * only after WORKER_SPIN looks. */
#include "workers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "bgthread.h"

/* What a helper needs of stack: a node's run or a plain host's (no deep
 * recursion; the SimGrid actors that otherwise run them have 8 MiB). */
#define WORKER_STACK (8u << 20)
#define WORKER_QUEUE 64u       /* jobs queued on one thread at most */
#define WORKER_SPIN 50000      /* looks before sleeping (each after a pause: ~1 ms) */

/* A spinning look's pause: lets the core's other thread (and power) be.
 * Every WORKER_YIELD looks it yields the processor too: with more threads
 * ready than cores, the one spun on may be waiting for this very core,
 * and a spin of WORKER_SPIN pauses per hand-over then held every window
 * up by up to a millisecond (a world of 351 calls on two threads with the
 * two cores busy: 7.2 s against 0.6 s on one thread). */
#define WORKER_YIELD 256
static inline void relax(int spin)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
	if (spin % WORKER_YIELD == WORKER_YIELD - 1)
		sched_yield();
}

struct job {
	void (*fn)(void *);
	void *arg;
};

struct worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;         /* a job queued, a job done, or quit */
	struct job q[WORKER_QUEUE];
	/* jobs queued and jobs finished, free-running: job n (from 1) is at
	 * q[(n - 1) % WORKER_QUEUE]; queued - done jobs are waiting or running */
	_Atomic unsigned long long queued, done;
	atomic_bool quit;
	bool sleeping;             /* the thread waits on cv (under mu) */
	unsigned waiters;          /* callers waiting on cv (under mu) */
};

struct workers {
	unsigned n;                /* threads started */
	struct worker *w;
};

static void *worker_main(void *p)
{
	struct worker *k = p;
	for (;;) {
		unsigned long long d = atomic_load_explicit(&k->done, memory_order_relaxed);
		int spin = 0;
		while (atomic_load_explicit(&k->queued, memory_order_acquire) == d) {
			if (atomic_load(&k->quit))
				return NULL;
			if (++spin < WORKER_SPIN) {
				relax(spin);
				continue;
			}
			pthread_mutex_lock(&k->mu);
			k->sleeping = true;
			while (atomic_load(&k->queued) == d && !atomic_load(&k->quit))
				pthread_cond_wait(&k->cv, &k->mu);
			k->sleeping = false;
			pthread_mutex_unlock(&k->mu);
			spin = 0;
		}
		struct job j = k->q[d % WORKER_QUEUE];
		j.fn(j.arg);
		atomic_store_explicit(&k->done, d + 1, memory_order_release);
		pthread_mutex_lock(&k->mu);
		if (k->waiters)
			pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
	}
}

struct workers *workers_create(unsigned n)
{
	struct workers *ws = calloc(1, sizeof *ws);
	if (!ws || (n && !(ws->w = calloc(n, sizeof *ws->w)))) {
		free(ws);
		return NULL;
	}
	for (unsigned i = 0; i < n; i++) {
		struct worker *k = &ws->w[ws->n];
		pthread_mutex_init(&k->mu, NULL);
		pthread_cond_init(&k->cv, NULL);
		atomic_init(&k->queued, 0);
		atomic_init(&k->done, 0);
		atomic_init(&k->quit, false);
		if (!bgthread_start(&k->th, WORKER_STACK, worker_main, k)) {
			pthread_cond_destroy(&k->cv);
			pthread_mutex_destroy(&k->mu);
			break;                       /* the others do: fewer at once */
		}
		ws->n++;
	}
	return ws;
}

void workers_destroy(struct workers *ws)
{
	if (!ws)
		return;
	for (unsigned i = 0; i < ws->n; i++) {
		struct worker *k = &ws->w[i];
		struct workers_job last = {i, atomic_load(&k->queued)};
		workers_wait(ws, &last);         /* its jobs first */
		pthread_mutex_lock(&k->mu);
		atomic_store(&k->quit, true);
		pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
		pthread_join(k->th, NULL);
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
	}
	free(ws->w);
	free(ws);
}

bool workers_start(struct workers *ws, unsigned i, void (*fn)(void *), void *arg,
                   struct workers_job *job)
{
	if (!ws || i >= ws->n)
		return false;
	struct worker *k = &ws->w[i];
	unsigned long long q = atomic_load_explicit(&k->queued, memory_order_relaxed);
	if (q - atomic_load_explicit(&k->done, memory_order_acquire) >= WORKER_QUEUE)
		return false;                    /* full: the caller runs it */
	k->q[q % WORKER_QUEUE] = (struct job){fn, arg};
	atomic_store_explicit(&k->queued, q + 1, memory_order_release);
	pthread_mutex_lock(&k->mu);
	if (k->sleeping)
		pthread_cond_broadcast(&k->cv);
	pthread_mutex_unlock(&k->mu);
	job->k = i;
	job->n = q + 1;
	return true;
}

void workers_wait(struct workers *ws, const struct workers_job *job)
{
	struct worker *k = &ws->w[job->k];
	for (int spin = 0; spin < WORKER_SPIN; spin++) {
		if (atomic_load_explicit(&k->done, memory_order_acquire) >= job->n)
			return;
		relax(spin);
	}
	pthread_mutex_lock(&k->mu);
	k->waiters++;
	while (atomic_load(&k->done) < job->n)
		pthread_cond_wait(&k->cv, &k->mu);
	k->waiters--;
	pthread_mutex_unlock(&k->mu);
}

unsigned workers_count(const struct workers *ws) { return ws ? ws->n : 0; }
