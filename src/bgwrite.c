/* bgwrite.c - a file written by a thread of its own, see bgwrite.h. */
#include "bgwrite.h"
#include "bgthread.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct bgw {
	int fd;
	size_t size;
	char *buf[2];
	int fill;              /* the buffer the caller fills; the other may be in writing */
	bool threaded;
	pthread_t th;
	pthread_mutex_t mu;    /* guards what follows */
	pthread_cond_t cv;     /* a job handed over, a job done, or stop */
	bool busy;             /* job_buf's job_n bytes are to be written or in writing */
	const char *job_buf;
	size_t job_n;
	bool stop;
	int err;               /* errno of the first failed write; 0: none */
};

/* 0, or the errno of the failure. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t r = write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		if (r == 0)
			return EIO;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The writing thread: one job at a time, until stopped with none left.
 * After a failure nothing more is written (the file is lost anyway). */
static void *writer(void *arg)
{
	struct bgw *b = arg;
	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (!b->busy && !b->stop)
			pthread_cond_wait(&b->cv, &b->mu);
		if (!b->busy)
			break;
		const char *p = b->job_buf;
		size_t n = b->job_n;
		bool failed = b->err != 0;
		pthread_mutex_unlock(&b->mu);
		int e = failed ? 0 : write_all(b->fd, p, n);
		pthread_mutex_lock(&b->mu);
		if (e && !b->err)
			b->err = e;
		b->busy = false;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

struct bgw *bgw_open(int fd, size_t size)
{
	struct bgw *b = calloc(1, sizeof *b);
	if (b) {
		b->buf[0] = malloc(size);
		b->buf[1] = malloc(size);
	}
	if (!b || !b->buf[0] || !b->buf[1]) {
		if (b) {
			free(b->buf[0]);
			free(b->buf[1]);
		}
		free(b);
		return NULL;
	}
	b->fd = fd;
	b->size = size;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	/* little stack: write_all only */
	b->threaded = bgthread_start(&b->th, 256 * 1024, writer, b);
	return b;
}

char *bgw_buffer(const struct bgw *b) { return b->buf[b->fill]; }

char *bgw_submit(struct bgw *b, size_t n)
{
	if (n == 0)
		return b->buf[b->fill];
	if (!b->threaded) {
		int e = b->err ? 0 : write_all(b->fd, b->buf[b->fill], n);
		if (e)
			b->err = e;
		return b->buf[b->fill];
	}
	pthread_mutex_lock(&b->mu);
	while (b->busy)                  /* the other buffer is still in writing */
		pthread_cond_wait(&b->cv, &b->mu);
	b->job_buf = b->buf[b->fill];
	b->job_n = n;
	b->busy = true;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	b->fill ^= 1;                    /* written: its job ended before this one began */
	return b->buf[b->fill];
}

int bgw_close(struct bgw *b, int *errnum)
{
	if (b->threaded) {
		pthread_mutex_lock(&b->mu);
		b->stop = true;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		pthread_join(b->th, NULL);   /* after the last job */
	}
	int e = b->err;
	if (close(b->fd) != 0 && !e)
		e = errno;
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b->buf[0]);
	free(b->buf[1]);
	free(b);
	*errnum = e;
	return e ? -1 : 0;
}
