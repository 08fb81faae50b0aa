/* bgthread.h - a helper thread of the run (an output's writer, the
 * capture's reader): started with every signal blocked, so SIGINT reaches
 * the run's own thread (which stops the run), and with a small stack. */
#ifndef NICSHARE_BGTHREAD_H
#define NICSHARE_BGTHREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* Start fn(arg) on *th with `stack` bytes of stack; false if it could not
 * be started (the caller then does the work itself). */
bool bgthread_start(pthread_t *th, size_t stack, void *(*fn)(void *), void *arg);

#endif
