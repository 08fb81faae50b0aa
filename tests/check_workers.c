/* check_workers.c - unit tests of src/workers.c, the helper threads that
 * run a world's hosts side by side (doc/engine.md, "Side by side"). */
#include <check.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/workers.h"

#include "checkrun.h"

/* A job appends its number to a log shared by the jobs of one thread
 * (run one after another there), and may first sleep a while so that the
 * caller's wait has to wait. */
struct log {
	int v[256];
	atomic_int n;
};
struct task {
	struct log *log;
	int id;
	long sleep_us;
	atomic_bool ran;
};

static void run_task(void *arg)
{
	struct task *t = arg;
	if (t->sleep_us) {
		struct timespec ts = {0, t->sleep_us * 1000};
		nanosleep(&ts, NULL);
	}
	int i = atomic_fetch_add(&t->log->n, 1);
	t->log->v[i] = t->id;
	atomic_store(&t->ran, true);
}

START_TEST(t_none)
{
	/* no thread: every start says so, the caller runs the job itself */
	struct workers *ws = workers_create(0);
	ck_assert_ptr_nonnull(ws);
	ck_assert_uint_eq(workers_count(ws), 0);
	struct log lg = {0};
	struct task t = {&lg, 1, 0, false};
	struct workers_job j;
	ck_assert(!workers_start(ws, 0, run_task, &t, &j));
	ck_assert(!atomic_load(&t.ran));
	workers_destroy(ws);
	ck_assert(!workers_start(NULL, 0, run_task, &t, &j));
	ck_assert_uint_eq(workers_count(NULL), 0);
	workers_destroy(NULL);
}
END_TEST

START_TEST(t_order_and_wait)
{
	/* jobs queued on one thread run in their order; waiting for one
	 * returns only once it has run (the first sleeps 20 ms: a wait that
	 * did not wait would see it not run) */
	struct workers *ws = workers_create(2);
	ck_assert_uint_eq(workers_count(ws), 2);
	struct log lg = {0};
	struct task t[8];
	struct workers_job j[8];
	for (int i = 0; i < 8; i++) {
		t[i] = (struct task){&lg, i, i == 0 ? 20000 : 0, false};
		ck_assert(workers_start(ws, 1, run_task, &t[i], &j[i]));
		ck_assert_uint_eq(j[i].k, 1);
		ck_assert_uint_eq(j[i].n, (unsigned long long)i + 1);
	}
	workers_wait(ws, &j[0]);
	ck_assert(atomic_load(&t[0].ran));
	workers_wait(ws, &j[7]);
	ck_assert_int_eq(atomic_load(&lg.n), 8);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(lg.v[i], i);
	/* the thread goes on to the next job after a wait (numbers go on) */
	struct task u = {&lg, 8, 0, false};
	struct workers_job ju;
	ck_assert(workers_start(ws, 1, run_task, &u, &ju));
	ck_assert_uint_eq(ju.n, 9);
	workers_wait(ws, &ju);
	ck_assert(atomic_load(&u.ran));
	/* a thread that does not exist */
	ck_assert(!workers_start(ws, 2, run_task, &u, &ju));
	workers_destroy(ws);
}
END_TEST

START_TEST(t_full_queue)
{
	/* behind a job that sleeps, a thread's queue fills: one more is
	 * refused (the caller runs it), and once the first is done there is
	 * room again */
	struct workers *ws = workers_create(1);
	ck_assert_uint_eq(workers_count(ws), 1);
	struct log lg = {0};
	static struct task t[80];
	struct workers_job j[80];
	t[0] = (struct task){&lg, 0, 100000, false};
	ck_assert(workers_start(ws, 0, run_task, &t[0], &j[0]));
	int queued = 1;
	while (queued < 80) {
		t[queued] = (struct task){&lg, queued, 0, false};
		if (!workers_start(ws, 0, run_task, &t[queued], &j[queued]))
			break;
		queued++;
	}
	/* 64 fit (WORKER_QUEUE), the one running among them */
	ck_assert_int_eq(queued, 64);
	ck_assert(!atomic_load(&t[0].ran));   /* still asleep: it was full, not fast */
	workers_wait(ws, &j[queued - 1]);
	ck_assert_int_eq(atomic_load(&lg.n), queued);
	ck_assert(workers_start(ws, 0, run_task, &t[queued], &j[queued]));
	workers_wait(ws, &j[queued]);
	workers_destroy(ws);
}
END_TEST

START_TEST(t_destroy_runs_queued)
{
	/* destroy waits for every job queued: none is lost */
	struct workers *ws = workers_create(2);
	struct log lg[2];
	memset(lg, 0, sizeof lg);
	struct task t[20];
	struct workers_job j;
	for (int i = 0; i < 20; i++) {
		t[i] = (struct task){&lg[i % 2], i, i < 2 ? 10000 : 0, false};
		ck_assert(workers_start(ws, (unsigned)(i % 2), run_task, &t[i], &j));
	}
	workers_destroy(ws);
	for (int i = 0; i < 20; i++)
		ck_assert_msg(atomic_load(&t[i].ran), "job %d", i);
	ck_assert_int_eq(atomic_load(&lg[0].n) + atomic_load(&lg[1].n), 20);
}
END_TEST

START_TEST(t_wakes_a_sleeping_thread)
{
	/* a thread with nothing to do sleeps after a while of looking (the
	 * source: 50,000 looks, about 1 ms); a job handed to it then must wake
	 * it: it runs within 10 s of its start, with nobody waiting for it
	 * (src/workers.h: "workers_start() queues it on a given thread"). The
	 * idle time, 1 s, is three orders above the looks'. Then the same with
	 * a caller asleep in the wait behind a job of 300 ms. */
	struct workers *ws = workers_create(1);
	ck_assert_uint_eq(workers_count(ws), 1);
	struct log lg = {0};
	struct task t[2] = {{&lg, 0, 0, false}, {&lg, 1, 300000, false}};
	struct workers_job j[2];
	for (int r = 0; r < 2; r++) {
		struct timespec idle = {1, 0}, look = {0, 10 * 1000 * 1000};
		nanosleep(&idle, NULL);
		ck_assert(workers_start(ws, 0, run_task, &t[r], &j[r]));
		if (r == 0)
			for (int i = 0; i < 1000 && !atomic_load(&t[r].ran); i++)
				nanosleep(&look, NULL);
		else
			workers_wait(ws, &j[r]);
		ck_assert_msg(atomic_load(&t[r].ran), "job %d not run", r);
	}
	ck_assert_int_eq(atomic_load(&lg.n), 2);
	ck_assert_int_eq(lg.v[0], 0);
	ck_assert_int_eq(lg.v[1], 1);
	workers_destroy(ws);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("workers");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_none);
	tcase_add_test(tc, t_order_and_wait);
	tcase_add_test(tc, t_full_queue);
	tcase_add_test(tc, t_destroy_runs_queued);
	tcase_add_test(tc, t_wakes_a_sleeping_thread);
	suite_add_tcase(s, tc);
	return check_run(s);
}
