/* bgthread.c - a helper thread of the run, see bgthread.h. */
#include "bgthread.h"

#include <signal.h>

bool bgthread_start(pthread_t *th, size_t stack, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);   /* the new thread inherits it */
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, stack);
	bool ok = pthread_create(th, &at, fn, arg) == 0;
	pthread_attr_destroy(&at);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ok;
}
