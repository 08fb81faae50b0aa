/* sweep.c - a grid of runs over scenario keys, run locally, by GNU parallel
 * or by a Slurm job array, then merged into one table. Models nothing: it
 * writes job files for `nicshare run` and reads their results.
 *
 * DIR layout (doc/bound.md, "Sweeps"):
 *   points.tsv       point, then one column per varied key (its value)
 *   points.list      the point names, one a line (line K+1: point K)
 *   jobs.txt         one shell command per point (GNU parallel's job list)
 *   sweep.sbatch     a Slurm job-array script running points.list, task K
 *                    point K (and K + 1000, ... past 1000 points)
 *   POINT/run.sh     the point's `nicshare run ... --set K=V ...`
 *   POINT/out/       its outputs; POINT/stdout.txt, stderr.txt; POINT/exit
 *   sweep.tsv        after --merge: one row per point (status, latencies,
 *                    the analytic bound, drops); for a world one per point
 *                    and computer, with the world's counts (world.json)
 * Everything is checked before anything is written: every --vary key and
 * every point is loaded as `nicshare run` would load it; a refusal names
 * the point and exits 2. A point whose run fails (exit 2, or no exit file)
 * is recorded as failed with its message; the others still run and merge.
 * The merge trusts no file a point left: an exit file that is not "N\n"
 * (0-255), a summary.json that is not an object or whose drop counts are
 * not counts summing within int64, make the point failed, named.
 * Cost: one scenario load per point to check, one process per point to run. */
#include "config.h"

#include "sweep.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bound.h"
#include "outputs.h"
#include "paths.h"
#include "report.h"
#include "scenario.h"
#include "units.h"
#include "worldcfg.h"

#define MAX_VARY 16
#define MAX_POINTS 100000u
/* Slurm refuses an array with a task index of MaxArraySize or more, 1001
 * by default: at most this many tasks, task K then runs points K, K +
 * SLURM_TASKS, K + 2 x SLURM_TASKS, ... */
#define SLURM_TASKS 1000u

struct vary {
	char *key;
	char **val;
	size_t nval;
};

struct sweep {
	const char *path;        /* scenario, absolute */
	const char **sets;       /* the user's --set */
	size_t nsets;
	struct vary v[MAX_VARY];
	size_t nv;
	size_t npoints;
	const char *out;         /* DIR, absolute */
	char self[PATH_MAX];     /* this nicshare binary */
	char cwd[PATH_MAX];      /* where sweep ran: the points run there */
};

/* ---- small helpers -------------------------------------------------------- */

/* Value index of key k in point p (mixed radix, the last key fastest). */
static size_t val_of(const struct sweep *s, size_t p, size_t k)
{
	for (size_t j = s->nv; j-- > k + 1;)
		p /= s->v[j].nval;
	return p % s->v[k].nval;
}

static void point_name(size_t p, char *buf, size_t n)
{
	snprintf(buf, n, "p%04zu", p);
}

/* A control character: C0 (tab, line break, carriage return, ...) or DEL.
 * None may be in a --vary key or value, DIR or the scenario's path: they
 * go into points.tsv (a tab would shift its columns), shell comments and
 * Slurm's directives (a line break would end them). */
static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if (is_ctl((unsigned char)*s))
			return true;
	return false;
}

/* s for a message or a comment line: a control character as \t, \n, \r or
 * \xHH, a backslash doubled, so that the text stays on its line. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (is_ctl(c))
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* dir/name as one shell word. */
static void sh_quote_in(FILE *f, const char *dir, const char *name)
{
	char *p = paths_join(dir, name);
	cli_sh_quote(f, p ? p : "");
	free(p);
}

static int write_file(const char *dir, const char *name, const char *text, bool exec_bit,
                      FILE *err)
{
	char *p = paths_join(dir, name);
	char *t = p ? malloc(strlen(p) + 5) : NULL;
	int rc = -1;
	if (t) {
		sprintf(t, "%s.tmp", p);
		FILE *f = fopen(t, "w");
		if (f) {
			fputs(text, f);
			rc = ferror(f) | fclose(f);
			if (rc == 0 && exec_bit)
				rc = chmod(t, 0755);
			if (rc == 0)
				rc = rename(t, p);
			if (rc != 0)
				unlink(t);
		}
	}
	if (rc != 0)
		fprintf(err, "nicshare sweep: %s: cannot write: %s\n", p ? p : dir, strerror(errno));
	free(p);
	free(t);
	return rc;
}

/* Whether dir/name is a directory (followed, as fopen would): said as
 * "nicshare CMD: DIR/NAME: is a directory, WHAT" on err. fopen opens a
 * directory for reading, and reading it gives nothing: the sweep's files
 * were taken as empty ("no header line", "no varied key"). */
static bool dir_in(const char *dir, const char *name, const char *cmd, const char *what,
                   FILE *err)
{
	struct stat st;
	char *p = paths_join(dir, name);
	bool d = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	if (d)
		fprintf(err, "nicshare %s: %s: is a directory, %s\n", cmd, p, what);
	free(p);
	return d;
}

/* Text of a file (NUL-terminated), or NULL. */
static char *slurp(const char *dir, const char *name)
{
	char *p = paths_join(dir, name);
	FILE *f = p ? fopen(p, "r") : NULL;
	free(p);
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	int c;
	while (m && (c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	if (m)
		fclose(m);
	return buf;
}

/* The --set list of point p: the user's, then one per varied key. */
static const char **point_sets(const struct sweep *s, size_t p, char **owned)
{
	const char **sets = calloc(s->nsets + s->nv + 1, sizeof *sets);
	if (!sets)
		return NULL;
	for (size_t i = 0; i < s->nsets; i++)
		sets[i] = s->sets[i];
	for (size_t k = 0; k < s->nv; k++) {
		const char *val = s->v[k].val[val_of(s, p, k)];
		owned[k] = malloc(strlen(s->v[k].key) + strlen(val) + 2);
		if (owned[k])
			sprintf(owned[k], "%s=%s", s->v[k].key, val);
		sets[s->nsets + k] = owned[k] ? owned[k] : "";
	}
	return sets;
}

/* ---- checking ------------------------------------------------------------- */

/* Whether loading the scenario with sets (n) finds an unknown key, or a
 * key that reaches no computer of a world (wcfg_unreached; not when a
 * --vary key is a world key: whether a host is scenario: self may then
 * be the point's, checked with it): then the loader's message (with its
 * did-you-mean) said after "nicshare sweep: " and vary ("--vary KEY: ",
 * the key whose first value this load tries; NULL for the user's --set
 * alone). Other refusals are the points'. */
static bool unknown_key(const struct sweep *s, const char **sets, size_t n, const char *vary)
{
	char *msg = NULL;
	size_t ml = 0;
	FILE *m = open_memstream(&msg, &ml);
	bool world = false;
	for (size_t k = 0; k < s->nv; k++)
		world = world || scenario_is_world_key(s->v[k].key);
	bool unreached = !world && wcfg_unreached(s->path, sets, n, m ? m : stderr);
	struct scenario *sc = unreached ? NULL : scenario_load(s->path, sets, n, m ? m : stderr);
	if (m)
		fclose(m);
	bool unknown = unreached || (!sc && msg && strstr(msg, "unknown key"));
	if (unknown)
		fprintf(stderr, "nicshare sweep: %s%s%s%s", vary ? "--vary " : "", vary ? vary : "",
		        vary ? ": " : "", msg);
	scenario_free(sc);
	free(msg);
	return unknown;
}

/* The user's --set alone, then every key with its first value (an
 * unknown key: one message, with the loader's did-you-mean, naming the
 * --set or --vary it is in), then every point (a refused value or a
 * contradiction between keys names the point). */
static int check_all(struct sweep *s)
{
	int bad = 0;
	if (unknown_key(s, s->sets, s->nsets, NULL))
		return 2;
	for (size_t k = 0; k < s->nv; k++) {
		const char **sets = calloc(s->nsets + 2, sizeof *sets);
		char *kv = malloc(strlen(s->v[k].key) + strlen(s->v[k].val[0]) + 2);
		if (!sets || !kv) {
			free(sets);
			free(kv);
			return 2;
		}
		memcpy(sets, s->sets, s->nsets * sizeof *sets);
		sprintf(kv, "%s=%s", s->v[k].key, s->v[k].val[0]);
		sets[s->nsets] = kv;
		/* only an unknown key is reported here; values are checked per point */
		if (unknown_key(s, sets, s->nsets + 1, s->v[k].key))
			bad = 1;
		free(sets);
		free(kv);
	}
	if (bad)
		return 2;
	for (size_t p = 0; p < s->npoints; p++) {
		char *owned[MAX_VARY] = {0};
		const char **sets = point_sets(s, p, owned);
		char *msg = NULL;
		size_t ml = 0;
		FILE *m = open_memstream(&msg, &ml);
		/* a point's world may lose its self host (--vary world.hosts.H.scenario) */
		struct scenario *sc = sets && !wcfg_unreached(s->path, sets, s->nsets + s->nv,
		                                              m ? m : stderr)
		                      ? scenario_load(s->path, sets, s->nsets + s->nv, m ? m : stderr)
		                      : NULL;
		if (m)
			fclose(m);
		if (!sc && ++bad > 10) {
			/* counted, not printed */
		} else if (!sc) {
			char pn[24];
			point_name(p, pn, sizeof pn);
			fprintf(stderr, "nicshare sweep: point %s (", pn);
			for (size_t k = 0; k < s->nv; k++)
				fprintf(stderr, "%s%s", k ? ", " : "", owned[k] ? owned[k] : "?");
			fprintf(stderr, ") refused:\n%s", msg ? msg : "");
		}
		scenario_free(sc);
		free(msg);
		for (size_t k = 0; k < s->nv; k++)
			free(owned[k]);
		free(sets);
	}
	if (bad > 10)
		fprintf(stderr, "nicshare sweep: %d points refused in all; nothing was run\n", bad);
	return bad ? 2 : 0;
}

/* ---- job files ------------------------------------------------------------ */

static int write_jobs(const struct sweep *s)
{
	char *pts = NULL, *list = NULL, *jobs = NULL, *sb = NULL;
	size_t n1, n2, n3, n4;
	FILE *fp = open_memstream(&pts, &n1), *fl = open_memstream(&list, &n2),
	     *fj = open_memstream(&jobs, &n3), *fs = open_memstream(&sb, &n4);
	int rc = 2;
	if (!fp || !fl || !fj || !fs)
		goto out;
	fputs("point", fp);
	for (size_t k = 0; k < s->nv; k++)
		fprintf(fp, "\t%s", s->v[k].key);
	fputc('\n', fp);
	for (size_t p = 0; p < s->npoints; p++) {
		char pn[24];
		point_name(p, pn, sizeof pn);
		char *dir = paths_join(s->out, pn);
		if (!dir || mkdir(dir, 0777) != 0) {
			fprintf(stderr, "nicshare sweep: %s: cannot create: %s\n", dir ? dir : pn,
			        strerror(errno));
			free(dir);
			goto out;
		}
		fputs(pn, fp);
		for (size_t k = 0; k < s->nv; k++)
			fprintf(fp, "\t%s", s->v[k].val[val_of(s, p, k)]);
		fputc('\n', fp);
		fprintf(fl, "%s\n", pn);
		/* POINT/run.sh */
		char *sh = NULL;
		size_t nsh;
		FILE *f = open_memstream(&sh, &nsh);
		if (!f) {
			free(dir);
			goto out;
		}
		fprintf(f, "#!/bin/sh\n# nicshare sweep, point %s:", pn);
		for (size_t k = 0; k < s->nv; k++) {   /* checked: no control character */
			fputc(' ', f);
			put_escaped(f, s->v[k].key);
			fputc('=', f);
			put_escaped(f, s->v[k].val[val_of(s, p, k)]);
		}
		fprintf(f, "\n# exit: 0 checks held, 1 a check failed, 2 the run failed\n"
		        "# (run from the folder sweep ran in: relative --set values keep their "
		        "meaning)\nd=");
		cli_sh_quote(f, dir);
		fputs("\ncd ", f);
		cli_sh_quote(f, s->cwd);
		/* a signal to the point (the sweep stopped, scancel, Ctrl-C) ends
		 * the run as interrupted; the shell, trapping it, records that */
		fputs(" || exit 2\nrm -f \"$d/exit\"\ntrap : INT TERM HUP\n", f);
		cli_sh_quote(f, s->self);
		fputs(" run ", f);
		cli_sh_quote(f, s->path);
		/* one thread: the points are what runs side by side (-j, GNU
		 * parallel, Slurm), and a world's helpers spin between rounds */
		fputs(" --out \"$d/out\" --force --quiet --outputs summary --threads 1", f);
		for (size_t i = 0; i < s->nsets; i++) {
			fputs(" --set ", f);
			cli_sh_quote(f, s->sets[i]);
		}
		for (size_t k = 0; k < s->nv; k++) {   /* KEY=VALUE whole, however long */
			const char *val = s->v[k].val[val_of(s, p, k)];
			char *kv = malloc(strlen(s->v[k].key) + strlen(val) + 2);
			if (!kv) {
				fclose(f);
				free(sh);
				free(dir);
				goto out;
			}
			sprintf(kv, "%s=%s", s->v[k].key, val);
			fputs(" --set ", f);
			cli_sh_quote(f, kv);
			free(kv);
		}
		fputs(" >\"$d/stdout.txt\" 2>\"$d/stderr.txt\"\nrc=$?\n"
		      "echo $rc >\"$d/exit.tmp\" && mv \"$d/exit.tmp\" \"$d/exit\"\nexit $rc\n", f);
		fclose(f);
		int wr = sh ? write_file(dir, "run.sh", sh, true, stderr) : -1;
		free(sh);
		/* GNU parallel: one command a line */
		fputs("/bin/sh ", fj);
		sh_quote_in(fj, dir, "run.sh");
		fputc('\n', fj);
		free(dir);
		if (wr != 0)
			goto out;
	}
	/* the directives first (sbatch reads them up to the first command),
	 * DIR in --output as sbatch reads it: in double quotes, a quote or a
	 * backslash escaped by a backslash (sweep_main refused a backslash:
	 * Slurm's file name pattern would take it for "no pattern"), a % doubled
	 * (a pattern otherwise; %a is the task's index) */
	fprintf(fs, "#!/bin/sh\n"
	        "#SBATCH --job-name=nicshare-sweep\n"
	        "#SBATCH --array=0-%zu\n"
	        "#SBATCH --ntasks=1\n"
	        "#SBATCH --cpus-per-task=1\n"
	        "#SBATCH --output=\"", (s->npoints < SLURM_TASKS ? s->npoints : SLURM_TASKS) - 1);
	for (const char *c = s->out; *c; c++) {
		if (*c == '"' || *c == '\\')
			fputc('\\', fs);
		if (*c == '%')
			fputc('%', fs);
		fputc(*c, fs);
	}
	fprintf(fs, "/slurm-%%a.out\"\n"
	        "# nicshare sweep: a Slurm job array, task K runs point K of points.list\n"
	        "# (line K+1) and then K + %u, K + %u, ... (Slurm takes a task index\n"
	        "# below MaxArraySize, 1001 by default); its status: the largest of its points'.\n"
	        "# Submit: sbatch ", SLURM_TASKS, 2 * SLURM_TASKS);
	sh_quote_in(fs, s->out, "sweep.sbatch");
	fputs("   then, when squeue shows none left:\n#   nicshare sweep --merge ", fs);
	cli_sh_quote(fs, s->out);
	fputs("\nd=", fs);
	cli_sh_quote(fs, s->out);
	fprintf(fs, "\nk=$SLURM_ARRAY_TASK_ID\n"
	        "case $k in ''|*[!0-9]*) echo \"not a task of the array: SLURM_ARRAY_TASK_ID '$k'\" >&2; "
	        "exit 2 ;; esac\n"
	        "[ \"$k\" -lt %zu ] || { echo \"no point for task $k\" >&2; exit 2; }\n"
	        "rc=0\n"
	        "# scancel: the point's run.sh records its end; no point after it\n"
	        "stop=\n"
	        "trap 'stop=1' INT TERM HUP\n"
	        "while [ \"$k\" -lt %zu ] && [ -z \"$stop\" ]; do\n"
	        "\tp=$(sed -n \"$((k + 1))p\" \"$d/points.list\")\n"
	        "\t/bin/sh \"$d/$p/run.sh\"\n"
	        "\tr=$?\n"
	        "\t[ \"$r\" -gt \"$rc\" ] && rc=$r\n"
	        "\tk=$((k + %u))\n"
	        "done\n"
	        "exit $rc\n", s->npoints, s->npoints, SLURM_TASKS);
	fclose(fp);
	fclose(fl);
	fclose(fj);
	fclose(fs);
	fp = fl = fj = fs = NULL;
	if (write_file(s->out, "points.tsv", pts, false, stderr) ||
	    write_file(s->out, "points.list", list, false, stderr) ||
	    write_file(s->out, "jobs.txt", jobs, false, stderr) ||
	    write_file(s->out, "sweep.sbatch", sb, true, stderr))
		goto out;
	rc = 0;
out:
	if (fp)
		fclose(fp);
	if (fl)
		fclose(fl);
	if (fj)
		fclose(fj);
	if (fs)
		fclose(fs);
	free(pts);
	free(list);
	free(jobs);
	free(sb);
	return rc;
}

/* After write_jobs failed: what it made in DIR (new or empty before it)
 * removed, so that nothing half-made is left and the same command can run
 * again; rmdir removes only empty folders, unlink only the job files'
 * names (their .tmp was removed by write_file). */
static void unmake_jobs(const struct sweep *s)
{
	static const char *const top[] = {"points.tsv", "points.list", "jobs.txt", "sweep.sbatch"};
	for (size_t p = 0; p < s->npoints; p++) {
		char pn[24];
		point_name(p, pn, sizeof pn);
		char *dir = paths_join(s->out, pn);
		char *run = dir ? paths_join(dir, "run.sh") : NULL;
		if (run)
			unlink(run);
		if (dir && rmdir(dir) != 0 && errno == ENOENT) {
			free(run);
			free(dir);
			break;                /* made in order: none after it */
		}
		free(run);
		free(dir);
	}
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
		char *f = paths_join(s->out, top[i]);
		if (f)
			unlink(f);
		free(f);
	}
}

/* ---- running locally ------------------------------------------------------ */

/* The signal that stops a sweep run here (0: none yet). */
static volatile sig_atomic_t sweep_stop_sig;

/* A Ctrl-Z (SIGTSTP) not yet passed on to the points. */
static volatile sig_atomic_t sweep_tstp;

static void sweep_on_stop(int sig) { sweep_stop_sig = sig; }
static void sweep_on_child(int sig) { (void)sig; }   /* wakes sigsuspend */
static void sweep_on_tstp(int sig) { (void)sig; sweep_tstp = 1; }

/* Ctrl-Z: the points running are stopped (SIGSTOP to each group: their
 * groups are not the terminal's, which stops only the sweep), then the
 * sweep itself, as a job; when the shell continues it (fg, bg: SIGCONT to
 * the sweep), so are they. Before, the points ran on behind the stopped
 * job. */
static void sweep_suspend(const pid_t *pid, unsigned jobs)
{
	for (unsigned i = 0; i < jobs; i++)
		if (pid[i])
			kill(-pid[i], SIGSTOP);
	kill(getpid(), SIGSTOP);             /* returns once continued */
	for (unsigned i = 0; i < jobs; i++)
		if (pid[i])
			kill(-pid[i], SIGCONT);
}

static const int sweep_stops[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSTOPS (sizeof sweep_stops / sizeof sweep_stops[0])

/* Each point runs as a process group of its own (its sh and its nicshare
 * run), so that stopping the sweep stops them: on SIGINT, SIGTERM, SIGHUP
 * (the terminal gone) or SIGQUIT no further point starts, each running one
 * gets SIGTERM once (its run ends as interrupted, exit 2, which its run.sh
 * records) and is waited for; then exit 2 (review n45: the points ran on
 * as orphans). A group of its own also keeps a terminal's Ctrl-C to the
 * sweep, which passes it on, as it passes on a Ctrl-Z (sweep_suspend).
 * These signals, SIGTSTP and SIGCHLD are blocked but
 * while the sweep waits (sigsuspend), so that none is lost between a
 * test of the flag and the wait, nor caught by a child's copy of the
 * handler between fork and exec (review n51). */
static int run_local(const struct sweep *s, unsigned jobs)
{
	pid_t *pid = calloc(jobs, sizeof *pid);   /* the running points, 0: a free place */
	if (!pid) {
		fprintf(stderr, "nicshare sweep: out of memory\n");
		return 2;
	}
	sigset_t block, orig;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTSTP);
	for (size_t i = 0; i < NSTOPS; i++)
		sigaddset(&block, sweep_stops[i]);
	sigprocmask(SIG_BLOCK, &block, &orig);
	struct sigaction sa, old[NSTOPS], oldchld, oldtstp;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sweep_on_stop;
	for (size_t i = 0; i < NSTOPS; i++)
		sigaction(sweep_stops[i], &sa, &old[i]);
	sa.sa_handler = sweep_on_child;
	sigaction(SIGCHLD, &sa, &oldchld);
	sa.sa_handler = sweep_on_tstp;
	sigaction(SIGTSTP, &sa, &oldtstp);

	size_t next = 0, running = 0;
	int rc = 0;
	bool stopped = false;
	for (;;) {
		if (sweep_tstp) {
			sweep_tstp = 0;
			sweep_suspend(pid, jobs);
		}
		while (running < jobs && next < s->npoints && !sweep_stop_sig && !rc) {
			char pn[24];
			point_name(next, pn, sizeof pn);
			char *dir = paths_join(s->out, pn);
			char *run = dir ? paths_join(dir, "run.sh") : NULL;
			fflush(NULL);
			pid_t p = run ? fork() : -1;
			if (p == 0) {                     /* the signals as they were, then run */
				setpgid(0, 0);
				for (size_t i = 0; i < NSTOPS; i++)
					sigaction(sweep_stops[i], &old[i], NULL);
				sigaction(SIGCHLD, &oldchld, NULL);
				sigaction(SIGTSTP, &oldtstp, NULL);
				sigprocmask(SIG_SETMASK, &orig, NULL);
				execl("/bin/sh", "sh", run, (char *)NULL);
				_exit(127);
			}
			free(run);
			free(dir);
			if (p < 0) {
				fprintf(stderr, "nicshare sweep: cannot start point %s: %s\n", pn,
				        strerror(errno));
				rc = 2;
				break;
			}
			setpgid(p, p);                    /* as the child does: no race */
			for (unsigned i = 0; i < jobs; i++)
				if (!pid[i]) {
					pid[i] = p;
					break;
				}
			next++;
			running++;
		}
		if ((sweep_stop_sig || rc) && !stopped) {
			/* stop the points running, once: a second signal would stop
			 * their run.sh recording how they ended */
			for (unsigned i = 0; i < jobs; i++)
				if (pid[i])
					kill(-pid[i], SIGTERM);
			stopped = true;
		}
		int st;
		pid_t w;
		while (running && (w = waitpid(-1, &st, WNOHANG)) > 0)
			for (unsigned i = 0; i < jobs; i++)
				if (pid[i] == w) {
					pid[i] = 0;
					running--;
				}
		if (!running && (next == s->npoints || sweep_stop_sig || rc))
			break;
		if (running && (running == jobs || next == s->npoints || sweep_stop_sig || rc))
			sigsuspend(&orig);                /* a point ended, or a stop */
	}
	for (size_t i = 0; i < NSTOPS; i++)
		sigaction(sweep_stops[i], &old[i], NULL);
	sigaction(SIGCHLD, &oldchld, NULL);
	sigaction(SIGTSTP, &oldtstp, NULL);
	int sig = sweep_stop_sig;
	sigprocmask(SIG_SETMASK, &orig, NULL);
	free(pid);
	if (sig && !rc) {
		fprintf(stderr, "nicshare sweep: interrupted (%s): %zu of %zu points started, those "
		        "running stopped; `nicshare sweep --merge` gathers what ended\n",
		        strsignal(sig), next, s->npoints);
		rc = 2;
	}
	return rc;
}

/* ---- merging -------------------------------------------------------------- */

static const char *const mcls[] = {"rt-rx", "rt-tx", "rt-rtt", "gp-rx", "gp-tx"};
#define NMCLS 5

static void put_num(FILE *f, json_t *o, const char *k)
{
	json_t *v = o ? json_object_get(o, k) : NULL;
	if (json_is_real(v))
		fprintf(f, "\t%.3f", json_real_value(v));
	else if (json_is_integer(v))
		fprintf(f, "\t%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		fputs("\t-", f);
}

/* The sum of the counts in o (summary.json's drops, world.json's
 * frames.dropped; none when o is NULL): 0 with *sum; -1 when o is not an
 * object or a value not a count (a non-negative integer), -2 when the sum
 * passes 2^63 - 1 (a hand-edited file), *bad then the key. */
static int drops_sum(json_t *o, long long *sum, const char **bad)
{
	long long n = 0;
	const char *k;
	json_t *v;
	*bad = "";
	if (o && !json_is_object(o))
		return -1;
	json_object_foreach(o, k, v) {
		*bad = k;
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return -1;
		if (__builtin_add_overflow(n, json_integer_value(v), &n))
			return -2;
	}
	*sum = n;
	return 0;
}

/* Whether the counts at o (named what, e.g. "drops") of file name can make
 * a drop column: else false and why. */
static bool drops_sane(json_t *o, const char *name, const char *what, char *why, size_t n)
{
	long long sum;
	const char *bad;
	int r = drops_sum(o, &sum, &bad);
	if (r == -1 && !*bad)
		snprintf(why, n, "out/%s: %s is not an object", name, what);
	else if (r == -1)
		snprintf(why, n, "out/%s: %s.%s is not a count (a non-negative integer)", name, what,
		         bad);
	else if (r == -2)
		snprintf(why, n, "out/%s: the sum of %s overflows at %s.%s", name, what, what, bad);
	return r == 0;
}

/* Whether a computer's summary.json (world false) or a world's world.json
 * j, file name, can make its row: an object with sane drop counts; else
 * false and why. */
static bool result_sane(json_t *j, bool world, const char *name, char *why, size_t n)
{
	if (!json_is_object(j)) {
		snprintf(why, n, "out/%s is not a JSON object", name);
		return false;
	}
	if (world) {
		json_t *fr = json_object_get(j, "frames");
		return !json_is_object(fr) || drops_sane(json_object_get(fr, "dropped"), name,
		                                         "frames.dropped", why, n);
	}
	json_t *out = json_object_get(j, "outgoing");
	return drops_sane(json_object_get(j, "drops"), name, "drops", why, n)
	       && drops_sane(json_is_object(out) ? json_object_get(out, "drops") : NULL, name,
	                     "outgoing.drops", why, n);
}

/* A sum drops_sum took as sane (result_sane). */
static long long drops_of(json_t *o)
{
	long long sum = 0;
	const char *bad;
	return drops_sum(o, &sum, &bad) == 0 ? sum : 0;
}

/* The analytic bound of a point's effective configuration, per class: ns
 * as `nicshare bound` prints it. The run put it in summary.json's "bound";
 * a run of more than BOUND_RUN_MAX_FRAMES capture frames left a note there
 * instead, and the merge, which has the memory to spare, computes it from
 * out/config.yaml. */
struct point_bound {
	bool ok;
	uint64_t cycles;
	char ns[48];
};

static void point_bound(json_t *summary, const char *od, struct point_bound b[BC__COUNT])
{
	memset(b, 0, BC__COUNT * sizeof *b);
	json_t *jb = json_object_get(summary, "bound");
	if (json_is_object(jb) && !json_object_get(jb, "note")) {
		for (int c = 0; c < BC__COUNT; c++) {
			json_t *x = json_object_get(jb, bound_cls_name((enum bound_cls)c));
			json_t *cy = json_object_get(x, "cycles"), *ns = json_object_get(x, "ns");
			if (!json_is_integer(cy) || !json_is_string(ns))
				continue;
			b[c].ok = true;
			b[c].cycles = (uint64_t)json_integer_value(cy);
			snprintf(b[c].ns, sizeof b[c].ns, "%s", json_string_value(ns));
		}
		return;
	}
	struct bound_result r;
	char err[512];
	if (!od || bound_run_dir(od, &r, err, sizeof err) != 0)
		return;
	for (int c = 0; c < BC__COUNT; c++)
		if (r.c[c].status == BS_OK) {
			b[c].ok = true;
			b[c].cycles = r.c[c].cycles;
			bound_ns(r.c[c].cycles, r.hz, b[c].ns, sizeof b[c].ns);
		}
}

/* The row's latency, bound and drop columns from a computer's summary.json
 * j (NULL: "-"); its bound from j or out-dir od (NULL: a world's computer,
 * whose bound is not checked: doc/verify.md); *above for a maximum above
 * its bound. */
static void put_stats(FILE *f, json_t *j, const char *od, bool *above)
{
	json_t *lat = j ? json_object_get(j, "latency") : NULL;
	for (int c = 0; c < NMCLS; c++) {
		json_t *o = lat ? json_object_get(lat, mcls[c]) : NULL;
		put_num(f, o, "count");
		put_num(f, o, "p50_ns");
		put_num(f, o, "p99_ns");
		put_num(f, o, "max_ns");
	}
	struct point_bound b[BC__COUNT] = {0};
	if (j && od)
		point_bound(j, od, b);
	for (int c = 0; c < BC__COUNT; c++) {
		if (j && b[c].ok) {
			fprintf(f, "\t%s", b[c].ns);
			json_t *o = lat ? json_object_get(lat, bound_cls_name((enum bound_cls)c)) : NULL;
			json_t *mc = o ? json_object_get(o, "max_cycles") : NULL;
			if (json_is_integer(mc) && (uint64_t)json_integer_value(mc) > b[c].cycles)
				*above = true;
		} else {
			fputs("\t-", f);
		}
	}
	if (j) {
		json_t *out = json_object_get(j, "outgoing");
		fprintf(f, "\t%lld\t%lld", drops_of(json_object_get(j, "drops")),
		        out ? drops_of(json_object_get(out, "drops")) : 0);
	} else {
		fputs("\t-\t-", f);
	}
}

/* A world's columns, the same on each of its computers' rows, from
 * world.json w (NULL: "-"). */
static const char *const wcols = "\tworld.sent\tworld.delivered\tworld.dropped\tworld.in_flight"
                                 "\tworld.conserved\tcalls\tcalls.g114_ok\tcalls.one_way_max_ns";

static void put_world(FILE *f, json_t *w)
{
	json_t *fr = w ? json_object_get(w, "frames") : NULL;
	if (!json_is_object(fr)) {
		fputs("\t-\t-\t-\t-\t-\t-\t-\t-", f);
		return;
	}
	put_num(f, fr, "sent");
	put_num(f, fr, "delivered");
	fprintf(f, "\t%lld", drops_of(json_object_get(fr, "dropped")));
	put_num(f, fr, "in_flight");
	fprintf(f, "\t%s", json_is_true(json_object_get(fr, "conserved")) ? "true" : "false");
	json_t *calls = json_object_get(w, "calls");
	size_t ok = 0;
	double mx = -1;
	for (size_t i = 0; i < json_array_size(calls); i++) {
		json_t *c = json_array_get(calls, i);
		ok += json_is_string(json_object_get(c, "g114")) &&
		      !strcmp(json_string_value(json_object_get(c, "g114")), "ok");
		for (int d = 0; d < 2; d++) {
			json_t *v = json_object_get(json_object_get(c, d ? "out" : "in"), "one_way_max_ns");
			if (json_is_number(v) && json_number_value(v) > mx)
				mx = json_number_value(v);
		}
	}
	fprintf(f, "\t%zu\t%zu", json_array_size(calls), ok);
	if (mx >= 0)
		fprintf(f, "\t%.3f", mx);
	else
		fputs("\t-", f);
}

static void clean_msg(char *msg)
{
	for (char *p = msg; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
}

/* The status in a point's exit file ex (NULL: none), as run.sh writes it:
 * "N\n", N 0-255 in decimal; -1 for none, -2 for anything else. */
static int exit_code(const char *ex)
{
	if (!ex)
		return -1;
	size_t n = strlen(ex);
	if (n && ex[n - 1] == '\n')
		n--;
	uint64_t v;
	return units_parse_u64n(ex, n, &v) && v <= 255 ? (int)v : -2;
}

/* The rows of sweep.tsv for point pn: one, or for a world (world set: the
 * sweep's scenario is one) one per computer, with the world's columns;
 * *failed set for a failed run, *above for a maximum above its bound. */
static void merge_point(const char *dir, const char *pn, const char *vals, bool world, FILE *f,
                        bool *failed, bool *above)
{
	char *pd = paths_join(dir, pn);
	char *ex = pd ? slurp(pd, "exit") : NULL;
	int code = exit_code(ex);
	free(ex);
	char *od = pd ? paths_join(pd, "out") : NULL;
	json_t *j = NULL, *w = NULL;
	const char *status;
	char msg[512] = "-";
	const char *rname = world ? "world.json" : "summary.json";
	if (code == -1) {
		status = "failed";
		snprintf(msg, sizeof msg, "not run (no %s/exit)", pn);
	} else if (code == -2) {
		status = "failed";
		code = -1;
		snprintf(msg, sizeof msg, "unreadable exit file %s/exit (not a number 0-255)", pn);
	} else if (code == 0 || code == 1) {
		char *sj = od ? paths_join(od, rname) : NULL;
		json_error_t je;
		j = sj ? json_load_file(sj, 0, &je) : NULL;
		free(sj);
		status = code == 0 ? "ok" : "check-failed";
		if (!j) {
			status = "failed";
			snprintf(msg, sizeof msg, "no readable out/%s (%s)", rname, je.text);
		} else if (!result_sane(j, world, rname, msg, sizeof msg)) {
			status = "failed";      /* its numbers are not shown */
			json_decref(j);
			j = NULL;
		}
		if (world) {
			w = j;
			j = NULL;
		}
	} else {
		status = "failed";
		char *se = pd ? slurp(pd, "stderr.txt") : NULL;
		/* the last non-empty line says why */
		char *line = NULL;
		for (char *p = se ? strtok(se, "\n") : NULL; p; p = strtok(NULL, "\n"))
			line = p;
		snprintf(msg, sizeof msg, "exit %d: %s", code, line ? line : "(no message)");
		free(se);
	}
	clean_msg(msg);
	if (!strcmp(status, "failed"))
		*failed = true;
	if (!world) {
		fprintf(f, "%s\t%s\t%s\t%d\t%s", pn, vals, status, code, msg);
		put_stats(f, j, od, above);
		fputc('\n', f);
	}
	/* a world: a row per computer (its summary.json in out/HOST/) */
	json_t *hosts = w ? json_object_get(w, "hosts") : NULL;
	size_t rows = 0;
	for (size_t i = 0; world && i < json_array_size(hosts); i++) {
		json_t *h = json_array_get(hosts, i);
		const char *hn = json_string_value(json_object_get(h, "name"));
		const char *kind = json_string_value(json_object_get(h, "kind"));
		if (!hn || !kind || strcmp(kind, "computer"))
			continue;
		char *hd = paths_join(od, hn), *sj = hd ? paths_join(hd, "summary.json") : NULL;
		json_error_t je;
		json_t *hj = sj ? json_load_file(sj, 0, &je) : NULL;
		char hmsg[512] = "-", hname[300];
		snprintf(hname, sizeof hname, "%s/summary.json", hn);
		if (!hj) {
			snprintf(hmsg, sizeof hmsg, "no readable out/%s (%s)", hname, je.text);
		} else if (!result_sane(hj, false, hname, hmsg, sizeof hmsg)) {
			json_decref(hj);
			hj = NULL;
		}
		if (!hj) {
			clean_msg(hmsg);
			*failed = true;
		}
		fprintf(f, "%s\t%s\t%s\t%d\t%s\t%s", pn, vals, hj ? status : "failed", code,
		        hj ? msg : hmsg, hn);
		put_stats(f, hj, NULL, above);
		put_world(f, w);
		fputc('\n', f);
		json_decref(hj);
		free(sj);
		free(hd);
		rows++;
	}
	if (world && !rows) {              /* nothing ran, or no computer */
		fprintf(f, "%s\t%s\t%s\t%d\t%s\t-", pn, vals, status, code, msg);
		put_stats(f, NULL, NULL, above);
		put_world(f, w);
		fputc('\n', f);
	}
	json_decref(j);
	json_decref(w);
	free(od);
	free(pd);
}

/* Whether the sweep in dir is of a world: a point's out/world.json. */
static bool sweep_is_world(const char *dir, const char *pts)
{
	char *cp = strdup(pts), *save = NULL;
	bool world = false;
	strtok_r(cp, "\n", &save);             /* the header */
	for (char *l = strtok_r(NULL, "\n", &save); l && !world; l = strtok_r(NULL, "\n", &save)) {
		l[strcspn(l, "\t")] = '\0';
		char *pd = paths_join(dir, l), *od = pd ? paths_join(pd, "out") : NULL;
		char *wj = od ? paths_join(od, "world.json") : NULL;
		world = wj && access(wj, R_OK) == 0;
		free(wj);
		free(od);
		free(pd);
	}
	free(cp);
	return world;
}

static int merge(const char *dir, FILE *err)
{
	/* said before any work; rename(2) said it at the end, as "cannot write" */
	if (dir_in(dir, "points.tsv", "sweep", "not the sweep's list of points", err) ||
	    dir_in(dir, "sweep.tsv", "sweep", "where the merge writes its table; move it away", err))
		return 2;
	char *pts = slurp(dir, "points.tsv");
	if (!pts) {
		fprintf(err, "nicshare sweep: %s: no points.tsv: not a sweep directory\n", dir);
		return 2;
	}
	bool world = sweep_is_world(dir, pts);
	char *buf = NULL;
	size_t n;
	FILE *f = open_memstream(&buf, &n);
	char *save = NULL;
	char *hdr = strtok_r(pts, "\n", &save);
	if (!f || !hdr || strncmp(hdr, "point", 5) != 0) {
		fprintf(err, "nicshare sweep: %s/points.tsv: no header line\n", dir);
		if (f)
			fclose(f);
		free(buf);
		free(pts);
		return 2;
	}
	fprintf(f, "%s\tstatus\texit\tmessage%s", hdr, world ? "\thost" : "");
	for (int c = 0; c < NMCLS; c++)
		fprintf(f, "\t%s.count\t%s.p50_ns\t%s.p99_ns\t%s.max_ns", mcls[c], mcls[c], mcls[c],
		        mcls[c]);
	for (int c = 0; c < BC__COUNT; c++)
		fprintf(f, "\t%s.bound_ns", bound_cls_name((enum bound_cls)c));
	fprintf(f, "\tdrops_in\tdrops_out%s\n", world ? wcols : "");
	bool failed = false, above = false;
	unsigned np = 0, nf = 0;
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		bool fl = false;
		merge_point(dir, line, tab + 1, world, f, &fl, &above);
		np++;
		nf += fl;
		failed |= fl;
	}
	fclose(f);
	int rc = write_file(dir, "sweep.tsv", buf, false, err) ? 2 : 0;
	free(buf);
	free(pts);
	if (rc)
		return rc;
	printf("nicshare sweep: %u points merged into %s/sweep.tsv: %u failed\n", np, dir, nf);
	if (above)
		fprintf(err, "nicshare sweep: a point's maximum is above its analytic bound (a bug in "
		        "the model or in the bound): see sweep.tsv and the point's verify.txt\n");
	return failed || above ? 1 : 0;
}

/* ---- the command ---------------------------------------------------------- */

static const struct cli_opt sweep_opts[] = {
	{"vary", 0, "KEY=V1,V2,...", "a key and its values (repeatable; a value may not\n"
	 "contain a comma, a key or value no control character)"},
	{"out", 0, "DIR", "where the points go, DIR/POINT/"},
	{"set", 0, "KEY=VALUE", "override a scenario key at every point (repeatable)"},
	{"merge", 0, "DIR", "gather DIR/sweep.tsv from the points' results (alone); a\n"
	 "point whose run failed is a row with status failed\nand its message"},
	{"jobs", 'j', "N", "run the points here, N at a time, then merge"},
};
static const struct cli_cmd sweep_cmd = {
	"sweep", "sweep SCENARIO.yaml --vary KEY=V1,V2,... [--vary ...] --out DIR\n"
	"                      [-j N] [--set KEY=VALUE ...]\n"
	"       nicshare sweep --merge DIR",
	"The grid of runs over every combination of the --vary values, each point\n"
	"in DIR/POINT/. Every point is checked first; a refused key or value names\n"
	"it and nothing runs (exit 2). Always written: DIR/points.tsv (point ->\n"
	"values), DIR/jobs.txt (a GNU parallel job list: parallel -j N <\n"
	"DIR/jobs.txt, or --sshloginfile FILE with DIR on a shared file system),\n"
	"DIR/sweep.sbatch (a Slurm job array: sbatch DIR/sweep.sbatch).\n",
	sweep_opts, sizeof sweep_opts / sizeof sweep_opts[0],
	"`nicshare report DIR` draws p50, p99, max, the analytic bound and drops\n"
	"against each varied key.\n"
	"Exit status: 0 all points ran; 1 a point failed or exceeded its analytic\n"
	"bound; 2 bad usage or input.\n"};

static int add_vary(struct sweep *s, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		fprintf(stderr, "nicshare sweep: --vary needs KEY=V1,V2,...: %s\n", arg);
		return -1;
	}
	if (s->nv == MAX_VARY) {
		fprintf(stderr, "nicshare sweep: at most %d --vary\n", MAX_VARY);
		return -1;
	}
	struct vary *v = &s->v[s->nv++];
	v->key = strndup(arg, (size_t)(eq - arg));
	if (has_ctl(v->key)) {
		fputs("nicshare sweep: --vary ", stderr);
		put_escaped(stderr, arg);
		fputs(": the key holds a control character (a tab, line break or other); a key "
		      "may not contain one\n", stderr);
		return -1;
	}
	char *vals = strdup(eq + 1);
	for (char *p = vals, *tok; (tok = strsep(&p, ","));) {
		if (!*tok) {
			fprintf(stderr, "nicshare sweep: --vary %s: an empty value\n", v->key);
			free(vals);
			return -1;
		}
		if (has_ctl(tok)) {
			fprintf(stderr, "nicshare sweep: --vary %s: the value \"", v->key);
			put_escaped(stderr, tok);
			fputs("\" holds a control character (a tab, line break or other); a value may "
			      "not contain one\n", stderr);
			free(vals);
			return -1;
		}
		char **nv = realloc(v->val, (v->nval + 1) * sizeof *nv);
		if (!nv) {
			free(vals);
			return -1;
		}
		v->val = nv;
		v->val[v->nval++] = strdup(tok);
	}
	free(vals);
	for (size_t k = 0; k + 1 < s->nv; k++)
		if (!strcmp(s->v[k].key, v->key)) {
			fprintf(stderr, "nicshare sweep: --vary %s given twice\n", v->key);
			return -1;
		}
	return 0;
}

static void free_sweep(struct sweep *s)
{
	for (size_t k = 0; k < s->nv; k++) {
		for (size_t i = 0; i < s->v[k].nval; i++)
			free(s->v[k].val[i]);
		free(s->v[k].val);
		free(s->v[k].key);
	}
	free(s->sets);
}

/* Whether dir/name can be read. */
static bool readable_in(const char *dir, const char *name)
{
	char *p = paths_join(dir, name);
	bool ok = p && access(p, R_OK) == 0;
	free(p);
	return ok;
}

bool sweep_is_dir(const char *dir)
{
	return readable_in(dir, "sweep.tsv");
}

bool sweep_is_unmerged(const char *dir)
{
	return !readable_in(dir, "sweep.tsv") && readable_in(dir, "points.tsv");
}

struct sweep_args {
	struct sweep *s;
	const char **merge_dir, **out;
	long *jobs;
	int unused;
};

static int sweep_opt(void *ctx, int i, const char *arg)
{
	struct sweep_args *a = ctx;
	switch (i) {
	case -1:
		if (a->s->path)
			return cli_bad("sweep", "more than one scenario file", arg);
		a->s->path = arg;
		return 0;
	case 0: return add_vary(a->s, arg) < 0 ? 2 : 0;
	case 1: *a->out = arg; return 0;
	case 2:
		if (!strchr(arg, '='))
			return cli_bad("sweep", "--set needs KEY=VALUE", arg);
		a->s->sets[a->s->nsets++] = arg;
		return 0;
	case 3: *a->merge_dir = arg; return 0;
	default: {
		uint64_t j;
		if (!units_parse_u64(arg, &j) || j < 1 || j > 1024) {
			fprintf(stderr, "nicshare sweep: -j: '%s' is not a number of jobs in 1..1024\n", arg);
			return 2;
		}
		*a->jobs = (long)j;
		return 0;
	}
	}
}

int sweep_main(int argc, char **argv)
{
	struct sweep s;
	memset(&s, 0, sizeof s);
	s.sets = calloc((size_t)argc + 1, sizeof *s.sets);
	const char *merge_dir = NULL, *out = NULL;
	char *abs_path = NULL, *abs_out = NULL;
	long jobs = 0;
	int rc = 2;
	if (!s.sets)
		return 2;
	struct sweep_args sa = {&s, &merge_dir, &out, &jobs, 0};
	int pr = cli_parse(&sweep_cmd, argc, argv, sweep_opt, &sa);
	if (pr != 0) {
		rc = pr == 3 ? 0 : 2;
		goto out;
	}
	if (merge_dir) {
		/* -j and --set too: a merge runs nothing, and says so rather
		 * than leave the points it was asked to run unrun */
		if (s.path || s.nv || out || s.nsets || jobs) {
			fprintf(stderr, "nicshare sweep: --merge DIR takes nothing else (it runs no point: "
			        "run them first, e.g. parallel -j N < DIR/jobs.txt)\n");
			goto out;
		}
		rc = merge(merge_dir, stderr);
		goto out;
	}
	if (!s.path || !out || !s.nv) {
		fprintf(stderr, "nicshare sweep: SCENARIO, --vary KEY=V1,... and --out DIR are "
		        "required\nTry 'nicshare sweep --help'.\n");
		goto out;
	}
	s.npoints = 1;
	for (size_t k = 0; k < s.nv; k++) {
		s.npoints *= s.v[k].nval;
		if (s.npoints > MAX_POINTS) {
			fprintf(stderr, "nicshare sweep: more than %u points\n", MAX_POINTS);
			goto out;
		}
	}
	/* the scenario and DIR go into the job files: no control character
	 * (a line break would end a comment or a directive), DIR no backslash
	 * (Slurm's --output would take it for "no file name pattern") */
	if (has_ctl(s.path) || has_ctl(out) || strchr(out, '\\')) {
		bool o = has_ctl(out) || strchr(out, '\\');
		fprintf(stderr, "nicshare sweep: %s", o ? "--out " : "");
		put_escaped(stderr, o ? out : s.path);
		fprintf(stderr, ": %s; give another name\n", has_ctl(o ? out : s.path)
		        ? "the name holds a control character (a tab, line break or other)"
		        : "the name holds a backslash, which Slurm's --output cannot take");
		goto out;
	}
	if (!getcwd(s.cwd, sizeof s.cwd)) {
		fprintf(stderr, "nicshare sweep: cannot read the current folder: %s\n", strerror(errno));
		goto out;
	}
	/* the scenario absolute but its links kept, as `nicshare run` reads
	 * it: a relative trace.file (or host scenario) is taken from the
	 * folder of the name given, not from a link's target's */
	struct stat sst;
	abs_path = s.path[0] == '/' ? strdup(s.path) : paths_join(s.cwd, s.path);
	if (!abs_path || stat(abs_path, &sst) != 0) {
		fprintf(stderr, "nicshare sweep: %s: %s\n", s.path, strerror(abs_path ? errno : ENOMEM));
		goto out;
	}
	s.path = abs_path;
	ssize_t sl = readlink("/proc/self/exe", s.self, sizeof s.self - 1);
	if (sl <= 0) {
		fprintf(stderr, "nicshare sweep: cannot find this program's path\n");
		goto out;
	}
	s.self[sl] = 0;
	/* the names as the job files will hold them: absolute (DIR's own
	 * folder's links are resolved below, once it exists) */
	const char *bad = has_ctl(s.path) ? s.path
	                  : out[0] != '/' && (has_ctl(s.cwd) || strchr(s.cwd, '\\')) ? s.cwd : NULL;
	if (bad) {
		fputs("nicshare sweep: ", stderr);
		put_escaped(stderr, bad);
		fprintf(stderr, ": the name holds a %s; give %s\n", has_ctl(bad)
		        ? "control character (a tab, line break or other)"
		        : "backslash, which Slurm's --output cannot take",
		        bad == s.path ? "another name" : "an absolute --out DIR elsewhere");
		goto out;
	}
	if (check_all(&s) != 0)
		goto out;
	/* DIR: new, or an empty directory; anything in it is the user's */
	struct stat stb;
	if (stat(out, &stb) == 0) {
		DIR *d = S_ISDIR(stb.st_mode) ? opendir(out) : NULL;
		struct dirent *de;
		bool empty = d != NULL;
		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = false;
		if (d)
			closedir(d);
		if (!empty) {
			fprintf(stderr, "nicshare sweep: --out %s: %s; give a new directory\n", out,
			        S_ISDIR(stb.st_mode) ? "not empty" : "not a directory");
			goto out;
		}
	}
	bool made = mkdir(out, 0777) == 0;
	if (!made && errno != EEXIST) {
		fprintf(stderr, "nicshare sweep: %s: cannot create: %s\n", out, strerror(errno));
		goto out;
	}
	abs_out = realpath(out, NULL);
	if (!abs_out || has_ctl(abs_out) || strchr(abs_out, '\\')) {
		/* a link on the way to DIR: its folder's name, checked as DIR's */
		fputs("nicshare sweep: --out ", stderr);
		put_escaped(stderr, abs_out ? abs_out : out);
		fprintf(stderr, ": %s; give another name\n", !abs_out ? strerror(errno)
		        : has_ctl(abs_out) ? "the name holds a control character (a tab, line break or other)"
		        : "the name holds a backslash, which Slurm's --output cannot take");
		if (made)
			rmdir(out);
		goto out;
	}
	s.out = abs_out;
	rc = write_jobs(&s);
	if (rc) {
		unmake_jobs(&s);
		if (made)
			rmdir(s.out);
		goto out;
	}
	printf("nicshare sweep: %zu points in %s\n", s.npoints, s.out);
	if (!jobs) {
		/* commands to copy: DIR quoted for the shell */
		fputs("  run them with GNU parallel:  parallel -j N < ", stdout);
		sh_quote_in(stdout, s.out, "jobs.txt");
		fputs("\n  or on a Slurm cluster:       sbatch ", stdout);
		sh_quote_in(stdout, s.out, "sweep.sbatch");
		fputs("\n  or here:                     sh each ", stdout);
		sh_quote_in(stdout, s.out, "POINT/run.sh");
		fputs("\nthen: nicshare sweep --merge ", stdout);
		cli_sh_quote(stdout, s.out);
		putchar('\n');
		rc = 0;
		goto out;
	}
	rc = run_local(&s, (unsigned)jobs);
	if (rc == 0)
		rc = merge(s.out, stderr);
out:
	free(abs_path);
	free(abs_out);
	free_sweep(&s);
	return rc;
}

/* ---- the report of a sweep -------------------------------------------------- */

/* Split a TSV line in place; returns the number of fields (at most max). */
static size_t split_tab(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line, *tok; n < max && (tok = strsep(&p, "\t"));)
		f[n++] = tok;
	return n;
}

#define MAX_COLS 64

static int col_of(char **h, size_t nh, const char *name)
{
	for (size_t i = 0; i < nh; i++)
		if (!strcmp(h[i], name))
			return (int)i;
	return -1;
}

int sweep_report(const char *dir, FILE *err)
{
	char msg[1024];
	if (dir_in(dir, "sweep.tsv", "report", "not a merged sweep's table", err))
		return 2;
	char *tsv = slurp(dir, "sweep.tsv");
	char *fin = paths_join(dir, "report"), *rep = paths_join(dir, "report.tmp");
	char *data = rep ? paths_join(rep, "data") : NULL;
	char *tpl = paths_join(report_templates(), "sweep.gp"), *tpl_text = NULL, *gp = NULL;
	int rc = 2;
	char **lines = NULL;       /* every row of sweep.tsv (a world's: points x computers) */
	size_t nl = 0, cap = 0;
	FILE *html = NULL, *render = NULL;
	char *rdn = NULL;          /* data/render.gp: every figure's variables, then the template */
	size_t rdl;
	if (!tsv && readable_in(dir, "points.tsv")) {
		/* not a run's folder lacking a summary.json: a sweep to merge */
		fprintf(err, "nicshare report: %s: a sweep not merged yet (points.tsv, no sweep.tsv): "
		        "nicshare sweep --merge %s first\n", dir, dir);
		goto out;
	}
	if (!tsv || !fin || !rep || !data || !tpl) {
		fprintf(err, "nicshare report: %s: cannot read sweep.tsv\n", dir);
		goto out;
	}
	tpl_text = slurp(report_templates(), "sweep.gp");
	if (!tpl_text) {
		fprintf(err, "nicshare report: %s: cannot read the template (%s)\n", tpl,
		        getenv("NICSHARE_REPORTS") ? "NICSHARE_REPORTS names the templates' folder"
		                                   : "set NICSHARE_REPORTS to the templates' folder");
		goto out;
	}
	/* an earlier report that cannot be replaced, or no gnuplot: said before
	 * any work; the report is made in report.tmp and renamed when whole */
	gp = report_ready(fin, err);
	if (!gp)
		goto out;
	if (report_clear(rep, msg, sizeof msg) < 0 || mkdir(rep, 0777) != 0 || mkdir(data, 0777) != 0) {
		fprintf(err, "nicshare report: %s\n", msg[0] ? msg : rep);
		goto out;
	}
	if (write_file(data, "sweep.gp", tpl_text, false, err) != 0)
		goto out;
	render = open_memstream(&rdn, &rdl);
	if (!render)
		goto out;
	fprintf(render, "# the sweep's figures: gnuplot data/render.gp in report/ draws them again\n");
	char *save = tsv;
	char *hl = strsep(&save, "\n");
	char *h[MAX_COLS];
	size_t nh = hl ? split_tab(hl, h, MAX_COLS) : 0;
	int cstat = col_of(h, nh, "status");
	if (cstat < 2) {
		fprintf(err, "nicshare report: %s/sweep.tsv: no varied key before the status column\n",
		        dir);
		goto out;
	}
	size_t lno = 1;
	for (char *l; (l = strsep(&save, "\n"));) {
		lno++;
		if (!*l)
			continue;             /* a blank line (the last newline's) */
		if (nl == cap) {
			char **nlines = realloc(lines, (cap = cap ? 2 * cap : 1024) * sizeof *lines);
			if (!nlines) {
				fprintf(err, "nicshare report: %s/sweep.tsv: out of memory\n", dir);
				goto out;
			}
			lines = nlines;
		}
		size_t nf = 1;        /* a row the figures could not place: refused, not left out */
		for (const char *p = l; *p; p++)
			nf += *p == '\t';
		if (nf != nh) {
			fprintf(err, "nicshare report: %s/sweep.tsv: line %zu: %zu fields, the header "
			        "has %zu\n", dir, lno, nf, nh);
			goto out;
		}
		lines[nl++] = l;
	}
	char *ip = paths_join(rep, "index.html");
	html = ip ? fopen(ip, "w") : NULL;
	free(ip);
	if (!html) {
		fprintf(err, "nicshare report: %s/index.html: cannot write\n", rep);
		goto out;
	}
	fprintf(html, "<!doctype html><meta charset=\"utf-8\"><title>nicshare sweep</title>\n"
	        "<h1>Sweep ");
	report_html(html, dir);
	fprintf(html, "</h1>\n<p>%zu %s. Each figure: one varied key on x (its values in "
	        "the order given), one point per %s. Data: <code>sweep.tsv</code>.</p>\n", nl,
	        col_of(h, nh, "host") >= 0 ? "rows (a world: one per point and computer)" : "points",
	        col_of(h, nh, "host") >= 0 ? "run and computer" : "run");
	static const char *const cl[] = {"rt-rx", "rt-tx", "rt-rtt"};
	for (int k = 1; k < cstat; k++) {
		/* this key's values in order of first appearance, as many as
		 * there are (each row's x; a linear search: a sweep has at most
		 * MAX_POINTS points) */
		char **vals = NULL;
		size_t nv = 0, vcap = 0;
		bool oom = false;
		char *dn = NULL;
		size_t dl;
		FILE *df = open_memstream(&dn, &dl);
		for (size_t i = 0; i < nl && df && !oom; i++) {
			char *cp = strdup(lines[i]);
			char *f[MAX_COLS];
			size_t nf = cp ? split_tab(cp, f, MAX_COLS) : 0;
			if (nf != nh) {
				free(cp);
				continue;
			}
			size_t x = 0;
			while (x < nv && strcmp(vals[x], f[k]))
				x++;
			if (x == nv) {
				char **nvals = nv < vcap ? vals
				             : realloc(vals, (vcap = vcap ? 2 * vcap : 64) * sizeof *vals);
				if (!nvals || !(nvals[nv] = strdup(f[k])))
					oom = true;
				else
					nv++;
				if (nvals)
					vals = nvals;
			}
			fprintf(df, "%zu\t%s", x, f[k]);
			for (size_t c = (size_t)cstat; c < nf; c++)
				fprintf(df, "\t%s", f[c]);
			fputc('\n', df);
			free(cp);
		}
		if (df)
			fclose(df);
		char name[64];
		snprintf(name, sizeof name, "sweep-%d.dat", k);
		int w = oom ? (fprintf(err, "nicshare report: %s/sweep.tsv: out of memory\n", dir), -1)
		      : dn ? write_file(data, name, dn, false, err) : -1;
		free(dn);
		if (w) {
			for (size_t i = 0; i < nv; i++)
				free(vals[i]);
			free(vals);
			goto out;
		}
		fprintf(html, "<h2>");
		report_html(html, h[k]);
		fprintf(html, "</h2>\n");
		/* dat columns: 1 x, 2 value, then sweep.tsv's from status on */
		int base = 3 - cstat;
		for (int c = 0; c < 4; c++) {
			char svg[128];
			/* the variables as gnuplot strings that cannot run or expand
			 * (report_gq): a key is the user's text */
			if (c < 3) {
				int col[4];
				static const char *const stat[] = {"p50_ns", "p99_ns", "max_ns", "bound_ns"};
				for (int s = 0; s < 4; s++) {
					char cn[64];
					snprintf(cn, sizeof cn, "%s.%s", cl[c], stat[s]);
					col[s] = col_of(h, nh, cn) + base;
				}
				/* a class without samples in any point: no figure; and the
				 * least and the most of what it plots (ylo, yhi in ns) */
				bool any = false;
				double ylo = HUGE_VAL, yhi = -HUGE_VAL;
				for (size_t i = 0; i < nl; i++) {
					char *cp = strdup(lines[i]);
					char *f[MAX_COLS];
					size_t nf = cp ? split_tab(cp, f, MAX_COLS) : 0;
					int mc = col[2] - base;
					if (nf == nh && mc >= 0 && strcmp(f[mc], "-") && strcmp(f[mc], "0"))
						any = true;
					for (int s = 0; nf == nh && s < 4; s++) {
						int sc = col[s] - base;
						char *e;
						double v = sc >= 0 ? strtod(f[sc], &e) : 0;
						if (sc >= 0 && e != f[sc] && *e == 0) {
							ylo = v < ylo ? v : ylo;
							yhi = v > yhi ? v : yhi;
						}
					}
					free(cp);
				}
				if (!any)
					continue;
				snprintf(svg, sizeof svg, "sweep-%d-%s.svg", k, cl[c]);
				fprintf(render, "reset\ndat = \"data/%s\"; out = \"%s\"; cls = \"%s\"; "
				        "c50 = %d; c99 = %d; cmax = %d; cb = %d; ylo = %.17g; yhi = %.17g\n",
				        name, svg, cl[c], col[0], col[1], col[2], col[3], ylo, yhi);
			} else {
				/* no point with its drops (every run failed): no figure */
				int ci = col_of(h, nh, "drops_in"), co = col_of(h, nh, "drops_out");
				bool any = false;
				for (size_t i = 0; i < nl && !any && ci >= 0 && co >= 0; i++) {
					char *cp = strdup(lines[i]);
					char *f[MAX_COLS];
					size_t nf = cp ? split_tab(cp, f, MAX_COLS) : 0;
					any = nf == nh && (strcmp(f[ci], "-") || strcmp(f[co], "-"));
					free(cp);
				}
				if (!any)
					continue;
				snprintf(svg, sizeof svg, "sweep-%d-drops.svg", k);
				fprintf(render, "reset\ndat = \"data/%s\"; out = \"%s\"; cls = \"drops\"; "
				        "cin = %d; cout = %d\n", name, svg, col_of(h, nh, "drops_in") + base,
				        col_of(h, nh, "drops_out") + base);
			}
			fprintf(render, "key = \"");
			report_gq(render, h[k]);
			/* the values' tic labels, x + 1 each, as gnuplot strings too:
			 * read from the data file, a value was cut at a double quote */
			fprintf(render, "\"\narray lbl[%zu]\n", nv);
			for (size_t i = 0; i < nv; i++) {
				fprintf(render, "lbl[%zu] = \"", i + 1);
				report_gq(render, vals[i]);
				fprintf(render, "\"\n");
			}
			fprintf(render, "load \"data/sweep.gp\"\nunset output\n");
			fprintf(html, "<img src=\"%s\" alt=\"%s\">\n", svg, svg);
		}
		for (size_t i = 0; i < nv; i++)
			free(vals[i]);
		free(vals);
	}
	fprintf(html, "<h2>sweep.tsv</h2>\n<pre>");
	char *again = slurp(dir, "sweep.tsv");
	report_html(html, again);
	free(again);
	fputs("</pre>\n", html);
	int bad = ferror(html);
	bad |= fclose(html);
	html = NULL;
	bad |= fclose(render);
	render = NULL;
	if (bad || !rdn) {
		fprintf(err, "nicshare report: %s: cannot write\n", rep);
		goto out;
	}
	if (write_file(data, "render.gp", rdn, false, err) != 0 ||
	    report_gnuplot_run(gp, rep, err) != 0)
		goto out;
	if (report_clear(fin, msg, sizeof msg) < 0) {
		fprintf(err, "nicshare report: %s\n", msg);
		goto out;
	}
	if (rename(rep, fin) != 0) {
		fprintf(err, "nicshare report: %s: %s\n", fin, strerror(errno));
		goto out;
	}
	rc = 0;
	printf("nicshare report: %s/index.html\n", fin);
out:
	if (html)
		fclose(html);
	if (render)
		fclose(render);
	if (rc && rep)
		report_clear(rep, msg, sizeof msg);   /* nothing half-made is left */
	free(rdn);
	free(lines);
	free(tsv);
	free(tpl_text);
	free(gp);
	free(fin);
	free(rep);
	free(data);
	free(tpl);
	return rc;
}
