/* outputs.c - output directory and buffered writers, see outputs.h. */
#define _XOPEN_SOURCE 700   /* nftw */
#define _DEFAULT_SOURCE
#include "outputs.h"
#include "bgwrite.h"
#include "paths.h"
#include "scenario.h"
#include "units.h"

#include <assert.h>
#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER ".nicshare"

static const char *names[OUT__COUNT] = {
	"routing", "events", "latency", "dispatch", "captures", "summary", "calls",
};

const char *outputs_name(enum out_kind k) { return names[k]; }

#define OUT_NAMES "routing,events,latency,dispatch,captures,summary,calls"

int outputs_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
	*mask = 0;
	const char *p = list;
	if (!*p) {
		snprintf(err, errlen, "--outputs: empty: name the outputs to write (" OUT_NAMES
		         ", or all)");
		return -1;
	}
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int found = -1;
		for (int i = 0; i < OUT__COUNT; i++)
			if (strlen(names[i]) == len && strncmp(names[i], p, len) == 0)
				found = i;
		if (len == 3 && strncmp(p, "all", 3) == 0) {
			*mask = OUT_ALL;
			found = 0;
		} else if (found >= 0) {
			*mask |= 1u << found;
		}
		if (found < 0) {
			char w[32];
			const char *near = NULL;
			unsigned bd = 3;
			snprintf(w, sizeof w, "%.*s", (int)(len < 31 ? len : 31), p);
			for (int i = 0; i < OUT__COUNT; i++) {
				unsigned d = units_edit_distance(w, names[i], 3);
				if (d < bd) {
					bd = d;
					near = names[i];
				}
			}
			if (near)
				snprintf(err, errlen, "--outputs: unknown output '%.*s' (did you mean '%s'? "
				         "choose from " OUT_NAMES " or all)", (int)len, p, near);
			else
				snprintf(err, errlen, "--outputs: unknown output '%.*s' (choose from "
				         OUT_NAMES " or all)", (int)len, p);
			return -1;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

int mkdir_p(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

/* every file a run may write, by output kind (-1: every run); captures in
 * one format or the other (ng: 1 pcapng, 0 pcap, -1 either) */
static const struct {
	const char *name;
	int kind;
	int ng;
} run_files[] = {
	{"routing.tsv", OUT_ROUTING, -1}, {"events.tsv", OUT_EVENTS, -1},
	{"latency.tsv", OUT_LATENCY, -1}, {"dispatch.tsv", OUT_DISPATCH, -1},
	{"wire-tx.pcap", OUT_CAPTURES, 0}, {"rt-rx.pcap", OUT_CAPTURES, 0},
	{"gp-rx.pcap", OUT_CAPTURES, 0}, {"wire-tx.pcapng", OUT_CAPTURES, 1},
	{"rt-rx.pcapng", OUT_CAPTURES, 1}, {"gp-rx.pcapng", OUT_CAPTURES, 1},
	{"summary.json", OUT_SUMMARY, -1}, {"calls.tsv", OUT_CALLS, -1},
	{"config.yaml", -1, -1}, {"verify.txt", -1, -1},
};
#define N_RUN_FILES (sizeof run_files / sizeof run_files[0])

/* An earlier run's files are set aside here while a run writes its own,
 * and put back if it fails (outdir_abandon), dropped once it succeeded
 * (outdir_keep): a failed run changes nothing of the earlier one, even
 * when it fails after some of its files were renamed into place. */
#define PREV ".nicshare-prev"

static int rm_one(const char *fpath, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	(void)remove(fpath);   /* what cannot go stays, and so its folder */
	return 0;
}

int outdir_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (lstat(path, &st) != 0)
		return 0;
	errno = ENOTEMPTY;        /* something in it could not go */
	return -1;
}

/* An earlier run's report folders, set aside with its files when the
 * folder is nicshare's (its marker there): a --force folder's own report/
 * is the user's and stays where it is. */
static const char *const report_dirs[] = {"report", "report-overlay"};

/* Call f(dir, name, ctx) for each name a run writes at the top of its
 * directory: its files and their .tmp, a world's world.json, the marker
 * (and, with reports set, the report folders); stop at the first that
 * returns nonzero, and return that. A fixed list, not a readdir(): the
 * directory changes as they are moved. */
static int each_run_name(const char *dir, bool reports,
                         int (*f)(const char *, const char *, void *), void *ctx)
{
	char t[64];
	for (size_t i = 0; i < N_RUN_FILES + 2; i++) {
		const char *n = i < N_RUN_FILES ? run_files[i].name : i == N_RUN_FILES ? "world.json"
		                                                                        : MARKER;
		int rc = f(dir, n, ctx);
		snprintf(t, sizeof t, "%s.tmp", n);
		if (rc == 0)
			rc = f(dir, t, ctx);
		if (rc != 0)
			return rc;
	}
	for (size_t i = 0; reports && i < 2; i++) {
		int rc = f(dir, report_dirs[i], ctx);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int unlink_name(const char *dir, const char *name, void *ctx)
{
	(void)ctx;
	char *p = paths_join(dir, name);
	if (p)
		unlink(p);           /* not a folder: a report/ is never this run's */
	free(p);
	return 0;
}

/* Move dir/name to to/name; a missing one is 0. */
static int move_entry(const char *dir, const char *name, void *to_)
{
	const char *to = to_;
	char *a = paths_join(dir, name), *b = paths_join(to, name);
	int rc = a && b ? rename(a, b) : -1;
	if (rc != 0 && a && b && errno == ENOENT)
		rc = 0;
	free(a);
	free(b);
	return rc;
}

/* A world's computer folder as its marker lists it ("host\tNAME"): one
 * plain name, never a path or a hidden name, so that a marker edited by
 * hand moves nothing outside the folder. */
static bool host_name_ok(const char *n)
{
	return n[0] && n[0] != '.' && !strchr(n, '/') && strlen(n) < 256;
}

/* Call f(dir, NAME, ctx) for each computer folder a world run listed in
 * the marker of folder `from` (dir itself, or its set-aside); stop at the
 * first nonzero and return it. No marker, or none listed: 0. The names
 * are read whole first: f may move the marker. */
static int each_marker_host(const char *from, const char *dir,
                            int (*f)(const char *, const char *, void *), void *ctx)
{
	char *m = paths_join(from, MARKER), *line = NULL, **v = NULL;
	FILE *fp = m ? fopen(m, "r") : NULL;
	size_t cap = 0, n = 0;
	int rc = 0;
	free(m);
	while (fp && getline(&line, &cap, fp) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "host\t", 5) != 0 || !host_name_ok(line + 5))
			continue;
		char **nv = realloc(v, (n + 1) * sizeof *v);
		if (!nv || !(nv[n] = strdup(line + 5))) {
			v = nv ? nv : v;
			rc = -1;
			break;
		}
		v = nv;
		n++;
	}
	free(line);
	if (fp)
		fclose(fp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = f(dir, v[i], ctx);
		free(v[i]);
	}
	free(v);
	return rc;
}

static int drop_name(const char *dir, const char *name, void *ctx)
{
	(void)ctx;
	char *p = paths_join(dir, name);
	int rc = p ? outdir_remove_tree(p) : -1;
	free(p);
	return rc;
}

/* A computer folder of the earlier world (listed in the set-aside marker)
 * that this run did not write (not in keep[0..nkeep)): its run's files,
 * reports and set-aside go, and the folder when nothing else is left (a
 * user's own files stay, and so the folder). */
struct stale { const char *const *keep; size_t nkeep; };

static int drop_stale_host(const char *dir, const char *name, void *ctx)
{
	const struct stale *s = ctx;
	for (size_t i = 0; i < s->nkeep; i++)
		if (!strcmp(s->keep[i], name))
			return 0;
	char *h = paths_join(dir, name), *hp = h ? paths_join(h, PREV) : NULL;
	int rc = -1;
	if (hp) {
		rc = each_run_name(h, true, drop_name, NULL) | outdir_remove_tree(hp);
		rmdir(h);
	}
	free(hp);
	free(h);
	return rc ? -1 : 0;
}

static int drop_stale_hosts(const char *dir, const char *const *keep, size_t nkeep,
                            char *err, size_t errlen)
{
	char *prev = paths_join(dir, PREV);
	struct stale s = {keep, nkeep};
	int rc = prev ? each_marker_host(prev, dir, drop_stale_host, &s) : -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: cannot remove an earlier world's computer folder: %s", dir,
		         strerror(errno));
	free(prev);
	return rc;
}

/* 1 (and the name in ctx, 64 bytes) when dir/name is a folder. */
static int folder_named(const char *dir, const char *name, void *ctx)
{
	struct stat st;
	char *p = paths_join(dir, name);
	int r = p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
	if (r)
		snprintf(ctx, 64, "%s", name);
	free(p);
	return r;
}

/* Undo a run in dir: remove what it wrote under the run's names (and the
 * marker it wrote), then put back what dir/PREV holds. Also the recovery
 * of a run that was killed before it could do either. */
static void undo_run(const char *dir)
{
	each_run_name(dir, false, unlink_name, NULL);
	char *prev = paths_join(dir, PREV);
	if (prev) {
		each_run_name(prev, true, move_entry, (void *)dir);
		rmdir(prev);
	}
	free(prev);
}

/* The run's hold on dir: an exclusive lock on the folder itself, held
 * until outdir_keep or outdir_abandon, so that a second run into it at
 * the same time is refused instead of taking the first one's set-aside
 * for a killed run's. -1 with errno EWOULDBLOCK when another run holds it. */
static int lock_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		fd = -1;
	}
	return fd;
}

static void unlock_dir(struct outdir_run *r)
{
	if (r->lock >= 0)
		close(r->lock);      /* the lock goes with it */
	r->lock = -1;
	free(r->made);
	r->made = NULL;
}

/* p without the slashes that end it ("/" stays) */
static char *trimmed(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

static char *parent_of(const char *p)
{
	char *up = paths_dir(p), *d = trimmed(up);
	free(up);
	return d;
}

/* The first folder of dir's path that does not exist yet: the first that
 * mkdir_p makes, and so the last that a failed run removes. */
static char *first_missing(const char *dir)
{
	struct stat st;
	char *p = trimmed(dir);
	while (p) {
		char *up = parent_of(p);
		if (!up || !strcmp(up, p) || stat(up, &st) == 0) {
			free(up);
			return p;
		}
		free(p);
		p = up;
	}
	return NULL;
}

/* A failed run removes the directory it made, then each parent it made
 * with it, as long as they are empty: `--out a/b/c` into a folder without
 * a/ leaves nothing behind (a user's file put there meanwhile stops it). */
static void unmake(const char *dir, struct outdir_run *r)
{
	if (!r->created)
		return;
	char *p = trimmed(dir);
	while (p && rmdir(p) == 0 && r->made && strcmp(p, r->made) != 0) {
		char *up = parent_of(p);
		free(p);
		p = up;
	}
	free(p);
	r->created = false;
}

int outdir_prepare(const char *dir, bool force, struct outdir_run *r, char *err, size_t errlen)
{
	struct stat st;
	r->created = false;
	r->made = NULL;
	r->lock = -1;
	bool recover = false, ours = false;
	if (stat(dir, &st) != 0) {
		int e = errno;
		if (e == ENOENT)
			r->made = first_missing(dir);
		errno = e;
		if (e != ENOENT || mkdir_p(dir) != 0) {
			snprintf(err, errlen, "%s: cannot create output directory: %s", dir, strerror(errno));
			unlock_dir(r);
			return -1;
		}
		r->created = true;
	} else if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: exists and is not a directory", dir);
		return -1;
	}
	if ((r->lock = lock_dir(dir)) < 0) {
		if (errno == EWOULDBLOCK)
			snprintf(err, errlen, "%s: another nicshare run is writing there now; wait for it "
			         "or choose another --out", dir);
		else
			snprintf(err, errlen, "%s: cannot open: %s", dir, strerror(errno));
		unmake(dir, r);
		unlock_dir(r);
		return -1;
	}
	if (!r->created) {
		DIR *d = opendir(dir);
		if (!d) {
			snprintf(err, errlen, "%s: cannot open: %s", dir, strerror(errno));
			unlock_dir(r);
			return -1;
		}
		bool empty = true;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (!strcmp(de->d_name, MARKER))
				ours = true;
			else if (!strcmp(de->d_name, PREV))
				recover = ours = true;   /* ours: only nicshare makes it */
			else
				empty = false;
		}
		closedir(d);
		if (!empty && !ours && !force) {
			snprintf(err, errlen, "%s: directory is not empty and was not written by "
			         "nicshare; choose another --out or add --force", dir);
			unlock_dir(r);
			return -1;
		}
	}
	if (recover)          /* a run was killed here: its earlier run put back */
		undo_run(dir);
	/* a user's folder under a name the run writes a file by (--force):
	 * set aside, it would be removed with everything in it */
	char folder[64];
	if (!r->created && each_run_name(dir, false, folder_named, folder) != 0) {
		snprintf(err, errlen, "%s/%s: a folder where a run writes a file; move it away or "
		         "choose another --out", dir, folder);
		unlock_dir(r);
		return -1;
	}
	/* the earlier run (and its marker, and its reports when the folder is
	 * nicshare's) aside, then a marker of our own */
	char *prev = paths_join(dir, PREV), *m = paths_join(dir, MARKER);
	bool bad = !prev || !m;
	if (!bad && !r->created && mkdir(prev, 0777) != 0)
		bad = true;
	if (!bad && !r->created)
		bad = each_run_name(dir, ours, move_entry, prev) != 0;
	if (!bad && !r->created)
		rmdir(prev);     /* refused, as it should be, when it holds something */
	FILE *f = NULL;
	if (!bad && (f = fopen(m, "w"))) {
		fputs("written by nicshare\n", f);
		bad = ferror(f) | fclose(f);
	} else {
		bad = true;
	}
	if (bad) {
		snprintf(err, errlen, "%s: cannot write in output directory: %s", dir, strerror(errno));
		undo_run(dir);
		unmake(dir, r);
		unlock_dir(r);
	}
	free(prev);
	free(m);
	return bad ? -1 : 0;
}

void outdir_abandon(const char *dir, struct outdir_run *r)
{
	undo_run(dir);
	unmake(dir, r);
	unlock_dir(r);
}

static int same_name(const char *dir, const char *name, void *ctx)
{
	(void)dir;
	return !strcmp(name, ctx);
}

bool outdir_is_run_file(const char *dir, const char *path)
{
	char *pdir = paths_dir(path);
	char *a = realpath(pdir, NULL), *b = realpath(dir, NULL);
	bool r = a && b && !strcmp(a, b) &&
	         each_run_name(dir, true, same_name, (void *)paths_base(path)) != 0;
	free(pdir);
	free(a);
	free(b);
	return r;
}

int outdir_keep(const char *dir, struct outdir_run *r, char *err, size_t errlen)
{
	char *prev = paths_join(dir, PREV);
	int rc = prev ? outdir_remove_tree(prev) : -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: cannot remove the earlier run: %s", prev ? prev : dir,
		         strerror(errno));
	free(prev);
	unlock_dir(r);
	return rc;
}

int outdir_finish(const char *dir, unsigned mask, char *err, size_t errlen)
{
	char *m = paths_join(dir, MARKER), *t = paths_join(dir, MARKER ".tmp");
	FILE *f = m && t ? fopen(t, "w") : NULL;
	int rc = 0;
	if (!f) {
		snprintf(err, errlen, "%s: cannot write: %s", t ? t : dir, strerror(errno));
		free(m);
		free(t);
		return -1;
	}
	if (drop_stale_hosts(dir, NULL, 0, err, errlen) != 0) {
		fclose(f);
		unlink(t);
		free(m);
		free(t);
		return -1;
	}
	fputs("written by nicshare\n# the files of the run this directory holds:\n", f);
	for (size_t i = 0; i < N_RUN_FILES; i++) {
		char *p = paths_join(dir, run_files[i].name);
		bool mine = (run_files[i].kind < 0 || (mask & (1u << run_files[i].kind))) &&
		            (run_files[i].ng < 0 || run_files[i].ng == !!(mask & OUT_PCAPNG));
		if (!p) {
			rc = -1;
			break;
		}
		if (mine)
			fprintf(f, "file\t%s\n", run_files[i].name);
		else if (unlink(p) != 0 && errno != ENOENT) {
			snprintf(err, errlen, "%s: cannot remove an earlier run's file: %s", p,
			         strerror(errno));
			rc = -1;
		}
		free(p);
	}
	if (ferror(f) | (fclose(f) != 0) || (rc == 0 && rename(t, m) != 0)) {
		if (rc == 0)
			snprintf(err, errlen, "%s: cannot write: %s", m, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(t);
	free(m);
	free(t);
	return rc;
}

int outdir_finish_world(const char *dir, const char *const *hosts, size_t n, char *err,
                        size_t errlen)
{
	char *m = paths_join(dir, MARKER), *t = paths_join(dir, MARKER ".tmp");
	if (drop_stale_hosts(dir, hosts, n, err, errlen) != 0) {
		free(m);
		free(t);
		return -1;
	}
	FILE *f = m && t ? fopen(t, "w") : NULL;
	int rc = f ? 0 : -1;
	if (f) {
		fputs("written by nicshare\n# the computers of the world this directory holds:\n", f);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "host\t%s\n", hosts[i]);
		if (ferror(f) | (fclose(f) != 0) || rename(t, m) != 0)
			rc = -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", m ? m : dir, strerror(errno));
		if (t)
			unlink(t);
	}
	free(m);
	free(t);
	return rc;
}

int outdir_has(const char *dir, const char *name)
{
	char *m = paths_join(dir, MARKER), *line = NULL;
	FILE *f = m ? fopen(m, "r") : NULL;
	size_t cap = 0;
	int listed = -1;
	free(m);
	if (!f)
		return -1;
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "file\t", 5) != 0)
			continue;
		if (listed < 0)
			listed = 0;
		if (!strcmp(line + 5, name))
			listed = 1;
	}
	free(line);
	fclose(f);
	return listed;
}

/* DIR/config.yaml: the effective configuration, loadable as a scenario. */
int outdir_write_config(const struct scenario *sc, const char *dir)
{
	char *p = paths_join(dir, "config.yaml"), *t = paths_join(dir, "config.yaml.tmp");
	FILE *f = p && t ? fopen(t, "w") : NULL;
	int rc = -1;
	if (f) {
		scenario_print(sc, f);
		rc = ferror(f) | fclose(f);
		if (rc == 0)
			rc = rename(t, p);
	}
	if (rc != 0)
		fprintf(stderr, "nicshare: %s: cannot write: %s\n", p ? p : dir, strerror(errno));
	free(p);
	free(t);
	return rc;
}

int tw_open(struct tw *w, const char *dir, const char *name, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	w->path = paths_join(dir, name);
	size_t l = w->path ? strlen(w->path) : 0;
	w->tmp = w->path ? malloc(l + 5) : NULL;
	if (!w->path || !w->tmp) {
		snprintf(err, errlen, "%s/%s: out of memory", dir, name);
		goto fail;
	}
	memcpy(w->tmp, w->path, l);
	memcpy(w->tmp + l, ".tmp", 5);
	int fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", w->tmp, strerror(errno));
		goto fail;
	}
	w->out = bgw_open(fd, TW_BUF);
	if (!w->out) {
		snprintf(err, errlen, "%s: out of memory", w->tmp);
		close(fd);
		unlink(w->tmp);
		goto fail;
	}
	w->buf = bgw_buffer(w->out);
	return 0;
fail:
	free(w->path);
	free(w->tmp);
	memset(w, 0, sizeof *w);
	return -1;
}

void tw_flush(struct tw *w)
{
	w->buf = bgw_submit(w->out, w->n);
	w->n = 0;
}

int tw_close(struct tw *w, int commit, char *err, size_t errlen)
{
	int rc = 0, e;
	if (!w->out)
		return 0;
	tw_flush(w);
	if (bgw_close(w->out, &e) != 0) {
		rc = -1;
		if (err)
			snprintf(err, errlen, "%s: write failed: %s", w->tmp, strerror(e));
	}
	if (commit && rc == 0) {
		if (rename(w->tmp, w->path) != 0) {
			if (err)
				snprintf(err, errlen, "%s: cannot rename into place: %s", w->path, strerror(errno));
			rc = -1;
		}
	} else {
		unlink(w->tmp);
	}
	free(w->path);
	free(w->tmp);
	memset(w, 0, sizeof *w);
	return rc;
}

/* Through the buffer, a buffer at a time when longer than one. */
static void tw_bytes(struct tw *w, const char *s, size_t n)
{
	while (n) {
		if (w->n == TW_BUF)
			tw_flush(w);
		size_t k = TW_BUF - w->n < n ? TW_BUF - w->n : n;
		memcpy(w->buf + w->n, s, k);
		w->n += k;
		s += k;
		n -= k;
	}
}

void tw_str_long(struct tw *w, const char *s)
{
	tw_bytes(w, s, strlen(s));
}

/* Two digits per division: the conversion is the hot spot of events.tsv. */
static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static const uint64_t pow10_tab[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
	10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

/* Decimal digits of v: floor(log10 v) + 1 from the bit length (x 1233 /
 * 4096 approximates log10 2 from below, one table compare corrects it). */
static inline unsigned ndigits(uint64_t v)
{
	v |= 1;   /* 0 has one digit, as 1 has */
	unsigned t = (unsigned)(64 - __builtin_clzll(v)) * 1233 >> 12;
	return t + 1 - (v < pow10_tab[t]);
}

/* The two digits of r < 100 at d: one 2-byte copy from the table. */
static inline void put2(char *d, uint32_t r)
{
	memcpy(d, digits2 + 2 * r, 2);
}

/* The six digits of x < 10^6 at d, leading zeros kept. Cost: three
 * divisions by constants (multiply and shift) and three pair copies. */
static inline void put6(char *d, uint32_t x)
{
	uint32_t lo = x % 10000;
	put2(d, x / 10000);
	put2(d + 2, lo / 100);
	put2(d + 4, lo % 100);
}

/* Cost: the digit count, then per two digits one division by 100 (a
 * multiply and a shift) and one 2-byte copy, back to front; a value of
 * 10^8 or more first sheds six digits at a time with one 64-bit
 * division. Cycles (up to 10 digits at 3 GHz) are the usual case. */
char *tw_put_u64(char *p, uint64_t v)
{
	unsigned nd = ndigits(v);
	char *e = p + nd;
	while (v >= 100000000u) {
		uint64_t q = v / 1000000u;
		e -= 6;
		put6(e, (uint32_t)(v - q * 1000000u));
		v = q;
	}
	uint32_t x = (uint32_t)v;
	while (x >= 100) {
		e -= 2;
		put2(e, x % 100);
		x /= 100;
	}
	if (x >= 10)
		put2(e - 2, x);
	else
		e[-1] = (char)('0' + x);
	return p + nd;
}

/* A number that shares no digits with the kept one: converted in full,
 * and kept. Out of line, so that the usual path saves no registers. */
static __attribute__((noinline)) char *rising_new(char *p, struct tw_rising *r, uint64_t v,
                                                  uint64_t hi)
{
	char *e = tw_put_u64(p, v);
	r->hi = hi;
	r->len = (uint32_t)(e - p);
	memcpy(r->text, p, r->len);
	return e;
}

/* tw_put_rising and tw_put_near: `low` is a constant in each. The kept
 * text is not written on this path: a wide load of bytes stored a moment
 * before in narrow pieces would stall the processor (no store
 * forwarding), which cost more than the conversion it saved. */
static inline char *near(char *p, struct tw_rising *r, uint64_t v, uint32_t low)
{
	const uint32_t base = low == 6 ? 1000000u : 100u;
	uint64_t hi = v / base;
	if (hi == 0 || hi != r->hi)
		return rising_new(p, r, v, hi);
	memcpy(p, r->text, sizeof r->text);  /* the same digits above the last `low` */
	char *d = p + r->len - low;
	uint32_t x = (uint32_t)(v - hi * base);
	if (low == 6)
		put6(d, x);
	else
		put2(d, x);
	return p + r->len;
}

char *tw_put_rising(char *p, struct tw_rising *r, uint64_t v)
{
	return near(p, r, v, 6);
}

char *tw_put_near(char *p, struct tw_rising *r, uint64_t v)
{
	return near(p, r, v, 2);
}

char *tw_put_fix(char *p, uint64_t v, unsigned decimals)
{
	assert(decimals < 20);
	p = tw_put_u64(p, v / pow10_tab[decimals]);
	if (decimals) {
		uint64_t f = v % pow10_tab[decimals];
		*p++ = '.';
		for (unsigned i = decimals; i-- > 0;) {
			p[i] = (char)('0' + f % 10);
			f /= 10;
		}
		p += decimals;
	}
	return p;
}

void tw_name_set(struct tw_name *n, const char *s)
{
	size_t l = strlen(s);
	n->s = s;
	n->len = l > TW_NAME ? TW_NAME + 1 : (uint32_t)l;
	memset(n->text, 0, sizeof n->text);
	memcpy(n->text, s, l > TW_NAME ? 0 : l);
}

void tw_u64(struct tw *w, uint64_t v)
{
	if (w->n + 20 > TW_BUF)
		tw_flush(w);
	w->n = (size_t)(tw_put_u64(w->buf + w->n, v) - w->buf);
}

void tw_fix(struct tw *w, uint64_t v, unsigned decimals)
{
	if (w->n + 42 > TW_BUF)
		tw_flush(w);
	w->n = (size_t)(tw_put_fix(w->buf + w->n, v, decimals) - w->buf);
}
