/* outputs.h - the run's output directory and its text writers.
 * Every file is written to NAME.tmp and renamed to NAME only when the whole
 * run succeeded, so an interrupted or failed run leaves no file passed off
 * as complete. The directory is refused when it holds files that nicshare
 * did not write (no .nicshare marker), unless forced. */
#ifndef NICSHARE_OUTPUTS_H
#define NICSHARE_OUTPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum out_kind { OUT_ROUTING = 0, OUT_EVENTS, OUT_LATENCY, OUT_DISPATCH, OUT_CAPTURES,
	OUT_SUMMARY, OUT_CALLS, OUT__COUNT };
#define OUT_ALL ((1u << OUT__COUNT) - 1)
/* Not an output: with OUT_CAPTURES, write the captures as pcapng
 * (wire-tx.pcapng, ...), each frame with its verdict and direction. */
#define OUT_PCAPNG (1u << 16)

/* Parse "routing,summary" into a mask; -1 and err on an unknown name. */
int outputs_parse(const char *list, unsigned *mask, char *err, size_t errlen);
const char *outputs_name(enum out_kind k);

/* A run's hold on its output directory, from outdir_prepare to
 * outdir_keep or outdir_abandon. */
struct outdir_run {
	bool created;    /* the directory was made here (a failed run removes it) */
	char *made;      /* the first folder of its path made here (itself or a
	                  * parent mkdir_p made): a failed run removes up to it */
	int lock;        /* the directory, locked (flock): one run at a time */
};

/* Make or accept the output directory, and lock it: a second run into it
 * while this one holds it is refused (-1, err says so). An earlier run's
 * files there (its marker, and its report/ and report-overlay/ when the
 * directory is nicshare's) are set aside in DIR/.nicshare-prev until the
 * run either succeeds (outdir_keep) or fails (outdir_abandon); so is one
 * left by a run that was killed before it could do either. */
int outdir_prepare(const char *dir, bool force, struct outdir_run *r, char *err, size_t errlen);
/* A failed run: remove what it wrote under the run's names (its files,
 * their .tmp, world.json, its marker; nothing else, not a user's own
 * *.tmp), put the earlier run back as it was, remove the directory if this
 * run created it and it is then empty, and so the parents it created; the
 * lock goes. */
void outdir_abandon(const char *dir, struct outdir_run *r);
/* Remove path and, for a folder, everything in it, links not followed;
 * what cannot be removed stays (and so its folders). 0, or -1 with errno
 * when something is left; a missing path is 0. */
int outdir_remove_tree(const char *path);
/* Whether path is one of the files a run writes in dir (dir/routing.tsv,
 * dir/wire-tx.pcap, ...), which outdir_prepare sets aside: an input there
 * would be gone when the run reads it. */
bool outdir_is_run_file(const char *dir, const char *path);
/* A run that succeeded: drop the earlier run set aside; the lock goes.
 * 0, or -1 with err. */
int outdir_keep(const char *dir, struct outdir_run *r, char *err, size_t errlen);

struct scenario;
/* DIR/config.yaml: the effective configuration, loadable as a scenario
 * (through config.yaml.tmp). 0, or -1 (said on stderr). */
int outdir_write_config(const struct scenario *sc, const char *dir);

/* After a run that wrote the outputs in `mask` (and config.yaml and
 * verify.txt, which every complete run writes): remove what an earlier run
 * left in dir that this one did not write (of the run's names: an earlier
 * run's files and reports wait aside until outdir_keep), so that the
 * directory holds exactly one run, and list this run's files in the
 * marker (.nicshare), which `nicshare report` reads. 0, or -1 with err. */
int outdir_finish(const char *dir, unsigned mask, char *err, size_t errlen);

/* After a world that succeeded: the marker lists its computers' folders
 * ("host\tNAME"). An earlier world's computer folders that this one did
 * not write (its marker, set aside, lists them) lose that run's files and
 * go when nothing else is left; outdir_finish does the same for a run of
 * one computer. 0, or -1 with err. */
int outdir_finish_world(const char *dir, const char *const *hosts, size_t n, char *err,
                        size_t errlen);

/* Whether `name` (e.g. "latency.tsv") is a file of the run recorded in
 * dir's marker: 1 yes, 0 no (an earlier run's), -1 the marker lists none
 * (a directory of an older nicshare: every file taken as the run's). */
int outdir_has(const char *dir, const char *name);

/* A buffered text writer. The file is written by a thread of its own
 * (bgwrite.h): a full buffer is handed over, the writer goes on in the
 * other. */
struct bgw;
struct tw {
	struct bgw *out;
	char *path, *tmp;
	char *buf;
	size_t n;
};
/* 256 KiB: a 1M-frame all-outputs run hands over fewer buffers to the
 * writing threads than with 64 KiB (1,900 context switches, not 6,500),
 * and each still fits in the L2 cache (1 MiB buffers ran slower). */
#define TW_BUF (1u << 18)

int tw_open(struct tw *w, const char *dir, const char *name, char *err, size_t errlen);
/* commit: rename into place; else delete. Returns 0 or -1 (err filled). */
int tw_close(struct tw *w, int commit, char *err, size_t errlen);
void tw_flush(struct tw *w);
static inline void tw_ch(struct tw *w, char c)
{
	if (w->n >= TW_BUF)
		tw_flush(w);
	w->buf[w->n++] = c;
}
void tw_str_long(struct tw *w, const char *s);
/* A string. Trace files write short names (stages, classes, reasons) on
 * every line: copied byte by byte while the buffer has room for 64, no
 * strlen or memcpy call; longer strings, or a full buffer, take the call. */
static inline void tw_str(struct tw *w, const char *s)
{
	if (w->n + 64 <= TW_BUF) {
		char *d = w->buf + w->n;
		for (unsigned i = 0; i < 64; i++) {
			if (!s[i]) {
				w->n += i;
				return;
			}
			d[i] = s[i];
		}
	}
	tw_str_long(w, s);
}
void tw_u64(struct tw *w, uint64_t v);

/* A line written without a room check per piece (the trace files write
 * millions): tw_line() makes room for TW_LINE bytes and returns where the
 * line goes; the tw_put_* helpers (and plain *p++ = c) write at p,
 * unchecked, and return the end; tw_end() commits. A line's budget: 24 bytes per number, 1 per
 * character, TW_STR per string (a longer string commits what is written,
 * takes tw_str_long and makes room again), so a line of five numbers and
 * three strings fits. */
#define TW_LINE 320
#define TW_STR 64
static inline char *tw_line(struct tw *w)
{
	if (w->n + TW_LINE > TW_BUF)
		tw_flush(w);
	return w->buf + w->n;
}
static inline void tw_end(struct tw *w, char *p) { w->n = (size_t)(p - w->buf); }
/* Cost: libc's strlen and memcpy, which take a short string a word or a
 * vector at a time (a byte loop costs about 7 instructions a byte). */
static inline char *tw_put_str(struct tw *w, char *p, const char *s)
{
	size_t n = strlen(s);
	if (n <= TW_STR) {
		memcpy(p, s, n);
		return p + n;
	}
	tw_end(w, p);
	tw_str_long(w, s);
	return tw_line(w);
}
/* A name written on many lines (a decision, a reason, a CPU holder, a
 * latency class): its text padded to a fixed size with its length, so
 * that writing it is one fixed-size copy (no strlen, no memcpy call). A
 * name too long for the pad is written as a string. */
#define TW_NAME 24
struct tw_name {
	const char *s;
	uint32_t len;
	char text[TW_NAME];
};
void tw_name_set(struct tw_name *n, const char *s);
static inline char *tw_put_name(struct tw *w, char *p, const struct tw_name *n)
{
	if (n->len > TW_NAME)
		return tw_put_str(w, p, n->s);
	memcpy(p, n->text, TW_NAME);
	return p + n->len;
}
/* v in decimal; writes at most 20 bytes. */
char *tw_put_u64(char *p, uint64_t v);
/* v / 10^decimals with that many decimals, as tw_fix; at most 22 bytes. */
char *tw_put_fix(char *p, uint64_t v, unsigned decimals);

/* A column whose numbers are mostly near the one on the line before:
 * events.tsv's cycle (99.8% of lines share all digits above the last six
 * with the line before) and frame (mostly within a hundred), dispatch.tsv's
 * start and end (a line starts where the one before ended). The text of a
 * number is kept: a number that shares its digits above the last `low`
 * with it is one 24-byte copy and the last `low` digits converted (three
 * or one digit pairs); any other is converted in full and kept. A column
 * takes one of the two widths, six (tw_put_rising: cycles) or two
 * (tw_put_near: frame numbers). Starts empty (tw_rising_init). Writes 24
 * bytes at p (the number's digits first). */
struct tw_rising {
	uint64_t hi;         /* the kept number / 10^low; 0: none (or below 10^low) */
	uint32_t len;        /* its digits */
	char text[24];
};
static inline void tw_rising_init(struct tw_rising *r)
{
	*r = (struct tw_rising){.hi = 0};
}
char *tw_put_rising(char *p, struct tw_rising *r, uint64_t v);
char *tw_put_near(char *p, struct tw_rising *r, uint64_t v);
/* fixed point: v / 10^decimals, e.g. (1234, 3) -> "1.234" */
void tw_fix(struct tw *w, uint64_t v, unsigned decimals);

/* mkdir -p: make dir and its missing parents. 0, or -1 with errno. */
int mkdir_p(const char *dir);

#endif
