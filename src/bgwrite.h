/* bgwrite.h - a file written by a thread of its own, so that the run does
 * not wait for write(2). Models nothing of the patent: the output files
 * (trace files, captures) go through it.
 *
 * Double buffering: the caller fills one buffer while the thread writes
 * the other. bgw_submit() hands over the filled bytes and returns the
 * other buffer, once the thread has written it (the caller waits only when
 * it fills a buffer faster than the disk takes one). The bytes reach the
 * file in the order they were submitted; the first failure is kept and
 * reported by bgw_close(). Without a thread (pthread_create refused), the
 * writes are done in place, in the caller.
 *
 * Cost: with a full-size buffer, one hand-over (a mutex and a condition
 * signal) per buffer instead of a write(2) in the run's own thread; the
 * kernel's copy into the page cache (about a quarter of an all-outputs run)
 * runs beside the simulation on a second core. */
#ifndef NICSHARE_BGWRITE_H
#define NICSHARE_BGWRITE_H

#include <stddef.h>

struct bgw;

/* Write to fd (which the writer then owns and closes) through two buffers
 * of `size` bytes each. NULL when out of memory (fd is left open). */
struct bgw *bgw_open(int fd, size_t size);
/* The buffer to fill (size bytes). */
char *bgw_buffer(const struct bgw *b);
/* The first n bytes of the buffer are written out; returns the buffer to
 * fill next. */
char *bgw_submit(struct bgw *b, size_t n);
/* Wait for every write, close the file, free. 0, or -1 with the errno of
 * the first failed write (or of close) in *errnum. */
int bgw_close(struct bgw *b, int *errnum);

#endif
