/* report.c - `nicshare report`: the run report, DIR/report/index.html, with
 * figures drawn by gnuplot from the templates of reports/ (doc/report.md).
 *
 * It shows what the patent's figures describe as behaviour: where a frame's
 * latency goes (Fig. 8a/8b paths, per latency class), how the dispatcher
 * shares the one processor between the RT and GP instances (Fig. 2, item
 * 400: the Gantt chart), how the RX ring and the proxy channels of Fig. 3
 * (items 254, 256) fill, and where frames are dropped (SPEC N1-N2, C5).
 *
 * Everything is read back from the run's own outputs: summary.json (the
 * percentiles shown are its text, never recomputed), latency.tsv,
 * dispatch.tsv, events.tsv, config.yaml, verify.txt and calls.tsv (the voice
 * calls of the second embodiment, Figs. 9-10: MOS, jitter, set-up time, drawn
 * only when the run had calls). Large runs are
 * binned here in C before gnuplot sees them, so a 1,000,000-frame run gives
 * a few thousand points per series. Costs: one pass over each file, O(1)
 * work per line except latency.tsv (16 bytes kept per sample, one sort per
 * time bin); dispatch.tsv is read only up to the end of the Gantt window.
 *
 * The report is built in REPORTDIR.tmp and renamed into place once gnuplot
 * succeeded: a failure leaves neither a half report nor a changed run. */
#include "report.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "datadir.h"
#include "hist.h"
#include "json.h"
#include "outputs.h"
#include "paths.h"
#include "scenario.h"
#include "tracew.h"
#include "units.h"

#define NCLS ((int)CLS__COUNT)
#define OCC_BINS 1000u      /* time bins of the whole-run figures */
#define LAT_BINS 500u       /* time bins of latency over time */
#define RAW_MAX 4000u       /* up to this many samples: draw every frame */
#define GANTT_MAX 4000u     /* up to this many intervals: draw each one */
#define GANTT_BINS 1000u    /* else: the majority holder of each bin */
#define MARK_MAX 4000u      /* interrupt / arrival marks per window */
#define CDF_PER_DECADE 200  /* CDF points: at most this many per decade */
#define HIST_PER_DECADE 20  /* histogram bins per decade */
#define MAX_DROP_SERIES 24

static const char *const palette[] = {
	/* no red: red is for bounds (and RT in the Gantt chart) */
	"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
};
#define NPAL (sizeof palette / sizeof palette[0])

static const char *const cls_what[CLS__COUNT] = {
	"from the frame's last bit at the NIC to its queueing on the RT socket",
	"from the frame's last bit at the NIC to its delivery by GP's stack",
	"from the RT application's send request to the frame's last bit on the wire",
	"from the GP application's send request to the frame's last bit on the wire",
	"from a request's last bit in to the echo answer's last bit out",
};

/* ---- small helpers ---------------------------------------------------------- */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("nicshare report: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

static void *xcalloc(size_t n, size_t s)
{
	void *q = calloc(n ? n : 1, s ? s : 1);
	if (!q) {
		fputs("nicshare report: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xrealloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

/* A growable string. */
struct sb {
	char *p;
	size_t n, cap;
};

static void sb_addn(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;
		while (c < b->n + n + 1)
			c *= 2;
		b->p = xrealloc(b->p, c);
		b->cap = c;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_add(struct sb *b, const char *s) { sb_addn(b, s, strlen(s)); }

/* Appends the formatted text; nothing when the format fails. */
static void sb_vprintf(struct sb *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void sb_vprintf(struct sb *b, const char *fmt, va_list ap)
{
	char tmp[512];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	if (n >= 0 && (size_t)n < sizeof tmp) {
		sb_addn(b, tmp, (size_t)n);
	} else if (n >= 0) {
		char *big = xrealloc(NULL, (size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, again);
		sb_addn(b, big, (size_t)n);
		free(big);
	}
	va_end(again);
}

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

/* HTML text: & < > " ' escaped, everything else as is (UTF-8 passes). */
static void sb_html(struct sb *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_add(b, "&amp;"); break;
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '"': sb_add(b, "&quot;"); break;
		case '\'': sb_add(b, "&#39;"); break;
		default: sb_addn(b, s, 1); break;
		}
	}
}

/* One byte of text inside a gnuplot double-quoted string, such that no
 * text is ever read by gnuplot as anything but the string's characters.
 * gnuplot substitutes `command` (runs it) even inside double quotes, and a
 * line's @macro where it takes the quotes to end; a backslash escapes. So
 * every byte it treats specially, the quotes and the backslash included, is
 * written as an octal escape ("\140" for the backquote), which gnuplot
 * turns into the character itself only when the string's value is made,
 * after the line was searched for commands and macros: the line holds no
 * quote, backquote, @ or backslash of the text. A line break is "\n" (a
 * line break in a label), other control characters a space; the rest,
 * UTF-8 included, as it is. Returns the bytes to write. */
static const char *gq_byte(unsigned char c, char buf[8])
{
	switch (c) {
	case '\\': case '"': case '\'': case '`': case '@':
		snprintf(buf, 8, "\\%03o", c);
		return buf;
	case '\n':
		return "\\n";
	default:
		if (c < 0x20 || c == 0x7f)
			return " ";
		buf[0] = (char)c;
		buf[1] = '\0';
		return buf;
	}
}

/* Text for a gnuplot double-quoted string (gq_byte). */
static void sb_gq(struct sb *b, const char *s)
{
	char buf[8];
	for (; *s; s++)
		sb_add(b, gq_byte((unsigned char)*s, buf));
}

void report_gq(FILE *f, const char *s)
{
	char buf[8];
	for (; s && *s; s++)
		fputs(gq_byte((unsigned char)*s, buf), f);
}

void report_html(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sb b = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&b, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(b.p);
		errno = EIO;
		return NULL;
	}
	if (!b.p)
		b.p = xcalloc(1, 1);
	if (len)
		*len = b.n;
	return b.p;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* cycles -> seconds, for plotting only (the tables print summary.json's text) */
static double cyc_s(uint64_t c, uint64_t hz) { return (double)c / (double)hz; }

/* A time for labels: cycles at hz, as ns, us, ms or s, truncated to the ns. */
static void fmt_time(char *buf, size_t n, uint64_t cyc, uint64_t hz)
{
	uint64_t ns = units_muldiv(cyc, 1000000000u, hz, false);
	if (ns == 0)
		snprintf(buf, n, "0");
	else if (ns < 1000)
		snprintf(buf, n, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		snprintf(buf, n, "%" PRIu64 ".%03" PRIu64 " µs", ns / 1000, ns % 1000);
	else if (ns < 1000000000)
		snprintf(buf, n, "%" PRIu64 ".%06" PRIu64 " ms", ns / 1000000, ns % 1000000);
	else
		snprintf(buf, n, "%" PRIu64 ".%09" PRIu64 " s", ns / 1000000000, ns % 1000000000);
}

/* The unit of a whole-run time axis: us, ms or s. */
struct tunit {
	double scale;       /* per second */
	const char *name;
};

static struct tunit tunit_pick(double seconds)
{
	if (seconds < 2e-3)
		return (struct tunit){1e6, "µs"};
	if (seconds < 2.0)
		return (struct tunit){1e3, "ms"};
	return (struct tunit){1.0, "s"};
}

/* ---- summary.json values (read through json.h) ------------------------------- */

/* A time in ps as text in a readable unit, exact, trailing zeros dropped:
 * 1451666 ps -> "1.451666 µs", 1594709000000 -> "1.594709 s". */
static void fmt_ps(char *buf, size_t n, uint64_t ps)
{
	static const struct { uint64_t div; const char *name; } u[] = {
		{1000000000000ull, "s"}, {1000000000ull, "ms"}, {1000000ull, "µs"}, {1000ull, "ns"},
	};
	size_t k = 0;
	while (k + 1 < sizeof u / sizeof u[0] && ps < u[k].div)
		k++;
	uint64_t ip = ps / u[k].div, fr = ps % u[k].div;
	int nd = 0;
	for (uint64_t d = u[k].div; d > 1; d /= 10)
		nd++;
	while (nd > 0 && fr % 10 == 0) {
		fr /= 10;
		nd--;
	}
	char fd[16];
	fd[nd] = '\0';
	for (int i = nd; i-- > 0; fr /= 10)
		fd[i] = (char)('0' + fr % 10);
	snprintf(buf, n, "%" PRIu64 "%s%s %s", ip, nd ? "." : "", fd, u[k].name);
}

/* ---- line reader for the TSV outputs ------------------------------------------ */
struct lr {
	FILE *f;
	const char *path;
	char *buf;
	size_t cap, beg, end;
	uint64_t line;
	bool eof;
};

/* Whether the file at path is of the run its directory's marker lists
 * (outputs.h): a file an earlier run left is not read. */
static bool of_run(const char *path)
{
	char *dir = paths_dir(path);
	bool ok = outdir_has(dir, paths_base(path)) != 0;
	free(dir);
	return ok;
}

static int lr_open(struct lr *r, const char *path)
{
	memset(r, 0, sizeof *r);
	if (!of_run(path))
		return -1;
	r->f = fopen(path, "rb");
	if (!r->f)
		return -1;
	r->path = path;
	r->cap = 1u << 20;
	r->buf = xrealloc(NULL, r->cap);
	return 0;
}

static void lr_close(struct lr *r)
{
	if (r->f)
		fclose(r->f);
	free(r->buf);
	memset(r, 0, sizeof *r);
}

/* The next line, NUL-terminated, without its newline; NULL at the end. */
static char *lr_next(struct lr *r)
{
	for (;;) {
		char *nl = memchr(r->buf + r->beg, '\n', r->end - r->beg);
		if (nl) {
			char *s = r->buf + r->beg;
			*nl = '\0';
			r->beg = (size_t)(nl - r->buf) + 1;
			r->line++;
			return s;
		}
		if (r->eof) {
			if (r->beg == r->end)
				return NULL;
			/* a last line without a newline */
			if (r->end == r->cap)
				r->buf = xrealloc(r->buf, ++r->cap);
			r->buf[r->end] = '\0';
			char *s = r->buf + r->beg;
			r->beg = r->end;
			r->line++;
			return s;
		}
		if (r->beg > 0) {
			memmove(r->buf, r->buf + r->beg, r->end - r->beg);
			r->end -= r->beg;
			r->beg = 0;
		}
		if (r->end == r->cap) {
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		size_t n = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
		r->end += n;
		if (n == 0)
			r->eof = true;
	}
}

/* Split a line at tabs into exactly n fields; false when the count differs. */
static bool split_tabs(char *s, char **f, int n)
{
	int k = 0;
	f[k++] = s;
	for (char *p = s; *p; p++) {
		if (*p == '\t') {
			if (k == n)
				return false;
			*p = '\0';
			f[k++] = p + 1;
		}
	}
	return k == n;
}

/* ---- config.yaml: nicshare's own effective configuration ----------------------- */
struct kv {
	char *key, *val;
};

/* The loaded configuration as key/value pairs (scenario_print_flat). */
static void config_keys(const struct scenario *sc, struct kv **out, size_t *nout)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, n = 0, cap = 0;
	struct kv *kv = NULL;
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		fprintf(stderr, "nicshare: out of memory\n");
		exit(2);
	}
	scenario_print_flat(sc, m);
	fclose(m);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			kv = xrealloc(kv, cap * sizeof *kv);
		}
		kv[n].key = xstrdup(line);
		kv[n].val = xstrdup(tab + 1);
		n++;
	}
	free(text);
	*out = kv;
	*nout = n;
}

static const char *kv_get(const struct kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].val;
	return NULL;
}

/* ---- one run directory ------------------------------------------------------- */
enum { H_RT = 0, H_GP, H_IDLE, H_SWITCH, H__N };
static const char *const holder_name[H__N] = {"rt", "gp", "idle", "switch"};
static const int holder_row[H__N] = {3, 2, 0, 1};
static const unsigned holder_rgb[H__N] = {0xd62728, 0x1f77b4, 0xd0d0d0, 0xff9f1c};
#define IRQ_RGB 0x6a3d9au
#define RX_RGB 0x2ca02cu

struct sample {
	uint64_t start, cyc;
};

struct latc {
	struct hist h;
	struct sample *s;
	size_t n, cap;
	uint64_t worst, wstart, wend;
	char wframe[32];
};

struct ival {
	uint64_t a, b;
	int who;
};

struct occ {
	int64_t level;
	uint32_t last;
	uint32_t peak[OCC_BINS];
	uint64_t max, anomalies;
};

struct dropser {
	char *name;
	uint32_t bins[OCC_BINS];
	uint64_t total;
};

struct callrow {
	double mos;             /* the worse direction's; NaN: none */
	double jit_in, jit_out; /* in/out_jitter_max_ms; NaN: none */
	double setup_ms;        /* ok200 - invite; NaN: no 200 */
};

struct bound {
	int cls, stat;       /* enum scen_class, enum scen_stat */
	uint64_t ps;
	char text[UNITS_FMT_MAX];
};

enum win_kind { WIN_GIVEN, WIN_WORST, WIN_FIRST };

struct run {
	char *dir, *label;
	const char *color;
	json_t *sum;
	uint64_t hz, end;
	bool has_lat, has_disp, has_ev, has_cfg;
	char *cfg_text, *verify_text;
	struct kv *cfg;
	size_t ncfg;
	struct bound *bounds;
	size_t nbounds;
	struct latc lat[CLS__COUNT];
	/* Gantt window */
	uint64_t ws, we;
	enum win_kind wk;
	int wcls;               /* class of the worst RT sample, -1: none */
	bool win_found;
	struct ival *iv;
	size_t niv, civ, iv_total;
	uint64_t (*gbin)[H__N];
	uint64_t *irq, *rxm;
	size_t nirq, cirq, nrx, crx;
	/* events */
	uint64_t bw;            /* whole-run bin width, cycles */
	struct occ *occ;        /* [3]: RX ring, channel 1, channel 2 */
	struct dropser *drops;
	size_t ndrops;
	uint64_t drop_lines;
	/* calls.tsv (issue 12): one row per call */
	struct callrow *calls;
	size_t ncalls;
	bool has_calls;         /* the run wrote calls.tsv */
};

static void run_free(struct run *r)
{
	free(r->dir);
	free(r->label);
	json_decref(r->sum);
	free(r->cfg_text);
	free(r->verify_text);
	for (size_t i = 0; i < r->ncfg; i++) {
		free(r->cfg[i].key);
		free(r->cfg[i].val);
	}
	free(r->cfg);
	free(r->bounds);
	for (int c = 0; c < NCLS; c++) {
		hist_free(&r->lat[c].h);
		free(r->lat[c].s);
	}
	free(r->iv);
	free(r->gbin);
	free(r->irq);
	free(r->rxm);
	free(r->occ);
	for (size_t i = 0; i < r->ndrops; i++)
		free(r->drops[i].name);
	free(r->drops);
	free(r->calls);
}

/* report context */
struct fig {
	char name[48];
	int w, h;
};

struct rep {
	FILE *err;
	const char *tpldir;
	char *tmp, *data;       /* REPORTDIR.tmp and its data/ */
	const struct report_opts *o;
	struct run *runs;
	size_t nruns;
	struct fig *figs;
	size_t nfig, cfig;
};

static int fail(struct rep *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rep *R, const char *fmt, ...)
{
	va_list ap;
	fputs("nicshare report: ", R->err);
	va_start(ap, fmt);
	vfprintf(R->err, fmt, ap);
	va_end(ap);
	fputc('\n', R->err);
	return -1;
}

/* Opens run r's file name when the run wrote it: its path (the caller frees
 * it), NULL when there is nothing to read. */
static char *tsv_open(struct lr *L, const struct run *r, const char *name)
{
	char *path = paths_join(r->dir, name);
	if (lr_open(L, path) == 0)
		return path;
	free(path);
	return NULL;
}

/* Whether the first line of the file name is head; says so when not. */
static bool tsv_head(struct rep *R, struct lr *L, const char *name, const char *head)
{
	const char *s = lr_next(L);
	if (s && !strcmp(s, head))
		return true;
	fail(R, "%s:1: not the header of a nicshare %s", L->path, name);
	return false;
}

/* Whether reading failed; says so. */
static bool lr_failed(struct rep *R, struct lr *L)
{
	if (!ferror(L->f))
		return false;
	fail(R, "%s: read error", L->path);
	return true;
}

static int load_summary(struct rep *R, struct run *r)
{
	char *path = paths_join(r->dir, "summary.json");
	char msg[512];
	if (access(path, R_OK) != 0) {
		int e = errno;
		fail(R, "%s: cannot read: %s (the report needs the run's summary: run with "
		     "--outputs including summary)", path, strerror(e));
		free(path);
		return -1;
	}
	r->sum = js_load(path, 16u << 20, msg, sizeof msg);
	if (!r->sum) {
		fail(R, "%s", msg);
		free(path);
		return -1;
	}
	const char *what = NULL;
	if (!js_as_u64(js_get(r->sum, "cpu_hz", NULL, NULL), &r->hz) || r->hz == 0)
		what = "no \"cpu_hz\" (a whole number of Hz)";
	else if (!js_as_u64(js_get(r->sum, "simulated_cycles", NULL, NULL), &r->end))
		what = "no \"simulated_cycles\"";
	else if (!json_is_object(js_get(r->sum, "latency", NULL, NULL)))
		what = "no \"latency\" object";
	else if (!js_get(r->sum, "decisions", NULL, NULL) || !js_get(r->sum, "cpu_share", NULL, NULL))
		what = "no \"decisions\" or \"cpu_share\"";
	else if (!json_is_string(js_get(r->sum, "percentile_method", NULL, NULL)))
		what = "no \"percentile_method\" text";
	if (!what) {
		for (int c = 0; c < NCLS && !what; c++) {
			const char *cn = scen_class_name(c);
			uint64_t n, ps;
			if (!js_as_u64(js_get(r->sum, "latency", cn, "count"), &n))
				what = "a latency class without a \"count\"";
			else if (n && (!js_ns_to_ps(js_get(r->sum, "latency", cn, "p50_ns"), &ps) ||
			               !js_ns_to_ps(js_get(r->sum, "latency", cn, "p99_ns"), &ps) ||
			               !js_ns_to_ps(js_get(r->sum, "latency", cn, "max_ns"), &ps) ||
			               !js_ns_to_ps(js_get(r->sum, "latency", cn, "min_ns"), &ps)))
				what = "a latency class without its percentiles";
		}
	}
	if (what) {
		fail(R, "%s: %s; is this a nicshare summary.json?", path, what);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static uint64_t sum_count(const struct run *r, int c)
{
	uint64_t n = 0;
	js_as_u64(js_get(r->sum, "latency", scen_class_name(c), "count"), &n);
	return n;
}

/* config.yaml through the scenario loader: the bounds and capacities are
 * the loaded scenario's; when its capture is no longer where the run read
 * it, the configuration is loaded without it (the report does not read the
 * capture). */
static int load_config(struct rep *R, struct run *r)
{
	char *path = paths_join(r->dir, "config.yaml");
	r->cfg_text = of_run(path) ? read_file(path, NULL) : NULL;
	if (!r->cfg_text) {
		free(path);
		return 0;   /* optional: the report says it is missing */
	}
	char *msgs = NULL;
	size_t ml = 0;
	FILE *m = open_memstream(&msgs, &ml);
	struct scenario *sc = m ? scenario_load(path, NULL, 0, m) : NULL;
	if (!sc && m) {
		static const char *const no_trace[] = {"trace.file=~"};
		FILE *quiet = fopen("/dev/null", "w");
		sc = quiet ? scenario_load(path, no_trace, 1, quiet) : NULL;
		if (quiet)
			fclose(quiet);
	}
	if (m)
		fclose(m);
	if (!sc) {
		fail(R, "%s: not a configuration nicshare loads:\n%s", path, msgs ? msgs : "");
		free(msgs);
		free(path);
		return -1;
	}
	free(msgs);
	r->has_cfg = true;
	config_keys(sc, &r->cfg, &r->ncfg);
	r->nbounds = sc->n_bounds;
	r->bounds = r->nbounds ? xcalloc(r->nbounds, sizeof *r->bounds) : NULL;
	for (size_t i = 0; i < sc->n_bounds; i++) {
		struct bound *b = &r->bounds[i];
		b->cls = sc->bounds[i].cls;
		b->stat = sc->bounds[i].stat;
		b->ps = sc->bounds[i].ps;
		units_format(CU_PS, b->ps, b->text, sizeof b->text);
	}
	scenario_free(sc);
	free(path);
	return 0;
}

static int load_latency(struct rep *R, struct run *r)
{
	struct lr L;
	char *path = tsv_open(&L, r, "latency.tsv"), *s;
	int rc = -1;
	if (!path)
		return 0;   /* optional */
	r->has_lat = true;
	for (int c = 0; c < NCLS; c++) {
		hist_init(&r->lat[c].h);
		r->lat[c].worst = 0;
	}
	if (!tsv_head(R, &L, "latency.tsv", TRACEW_LATENCY_HEAD))
		goto bad;
	while ((s = lr_next(&L))) {
		char *f[6];
		uint64_t a, b, cyc;
		if (!split_tabs(s, f, 6)) {
			fail(R, "%s:%" PRIu64 ": expected 6 tab-separated fields", path, L.line);
			goto bad;
		}
		int c = -1;
		for (int k = 0; k < NCLS; k++)
			if (!strcmp(f[1], scen_class_name(k)))
				c = k;
		if (c < 0) {
			fail(R, "%s:%" PRIu64 ": unknown latency class \"%s\"", path, L.line, f[1]);
			goto bad;
		}
		if (!units_parse_u64(f[2], &a) || !units_parse_u64(f[3], &b) ||
		    !units_parse_u64(f[4], &cyc) || b < a || b - a != cyc) {
			fail(R, "%s:%" PRIu64 ": start_cycle, end_cycle, cycles must be whole numbers "
			     "with end - start = cycles", path, L.line);
			goto bad;
		}
		struct latc *lc = &r->lat[c];
		if (lc->n == lc->cap) {
			lc->cap = lc->cap ? lc->cap * 2 : 1024;
			lc->s = xrealloc(lc->s, lc->cap * sizeof *lc->s);
		}
		lc->s[lc->n++] = (struct sample){a, cyc};
		if (hist_add(&lc->h, cyc, 0, 0, b) < 0) {
			fail(R, "out of memory");
			goto bad;
		}
		if (lc->n == 1 || cyc > lc->worst) {
			lc->worst = cyc;
			lc->wstart = a;
			lc->wend = b;
			snprintf(lc->wframe, sizeof lc->wframe, "%s", f[0]);
		}
	}
	if (lr_failed(R, &L))
		goto bad;
	for (int c = 0; c < NCLS; c++)
		if (r->lat[c].n != sum_count(r, c)) {
			fail(R, "%s: %zu %s samples, but summary.json counts %" PRIu64 ": not the run "
			     "summary.json describes (files of two runs in one directory?)", path,
			     r->lat[c].n, scen_class_name(c), sum_count(r, c));
			goto bad;
		}
	rc = 0;
bad:                            /* and the end of a good read */
	lr_close(&L);
	free(path);
	return rc;
}

static uint64_t ps_to_cyc(uint64_t ps, uint64_t hz)
{
	return units_muldiv(ps, hz, UNITS_PS_PER_S, false);
}

/* The Gantt window: given, else around the worst RT latency, else the first
 * 2 ms of activity (found while reading dispatch.tsv). */
static void choose_window(struct rep *R, struct run *r)
{
	r->wcls = -1;
	if (R->o && R->o->window_set) {
		r->wk = WIN_GIVEN;
		r->ws = ps_to_cyc(R->o->win_start_ps, r->hz);
		r->we = ps_to_cyc(R->o->win_end_ps, r->hz);
		if (r->we <= r->ws)
			r->we = r->ws + 1;
		r->win_found = true;
		return;
	}
	static const int order[] = {CLS_RT_RX, CLS_RT_RTT, CLS_RT_TX};
	for (size_t i = 0; i < 3 && r->has_lat; i++) {
		const struct latc *lc = &r->lat[order[i]];
		if (!lc->n)
			continue;
		uint64_t lo = r->hz / 50000;           /* 20 us */
		uint64_t hi = r->hz / 500;             /* 2 ms */
		uint64_t w = lc->worst > hi / 10 ? hi : lc->worst * 10;
		if (w < lo)
			w = lo;
		if (w < lc->worst + lc->worst / 4)
			w = lc->worst + lc->worst / 4;
		uint64_t pad = (w - lc->worst) * 2 / 5;
		r->ws = lc->wstart > pad ? lc->wstart - pad : 0;
		r->we = r->ws + w;
		r->wk = WIN_WORST;
		r->wcls = order[i];
		r->win_found = true;
		return;
	}
	r->wk = WIN_FIRST;
	r->win_found = false;
}

static void gantt_add(struct run *r, uint64_t a, uint64_t b, int who)
{
	if (b <= r->ws || a >= r->we || b <= a)
		return;
	if (a < r->ws)
		a = r->ws;
	if (b > r->we)
		b = r->we;
	r->iv_total++;
	if (r->niv < GANTT_MAX) {
		if (r->niv == r->civ) {
			r->civ = r->civ ? r->civ * 2 : 256;
			r->iv = xrealloc(r->iv, r->civ * sizeof *r->iv);
		}
		r->iv[r->niv++] = (struct ival){a, b, who};
	}
	/* majority bins, used when the window holds too many intervals */
	uint64_t span = r->we - r->ws;
	for (uint64_t t = a; t < b;) {
		uint64_t k = (uint64_t)((unsigned __int128)(t - r->ws) * GANTT_BINS / span);
		if (k >= GANTT_BINS)
			k = GANTT_BINS - 1;
		uint64_t kend = r->ws + (uint64_t)(((unsigned __int128)(k + 1) * span + GANTT_BINS - 1) /
		                                   GANTT_BINS);
		uint64_t e = b < kend ? b : kend;
		if (e <= t)
			e = t + 1;
		r->gbin[k][who] += e - t;
		t = e;
	}
}

static int load_dispatch(struct rep *R, struct run *r)
{
	struct lr L;
	char *path = tsv_open(&L, r, "dispatch.tsv"), *s;
	int rc = -1;
	if (!path)
		return 0;
	r->has_disp = true;
	r->gbin = xcalloc(GANTT_BINS, sizeof *r->gbin);
	if (!tsv_head(R, &L, "dispatch.tsv", TRACEW_DISPATCH_HEAD))
		goto bad;
	/* two processors (dispatcher.policy split) write overlapping lines in
	 * the order they end: once one overlaps, the file is read to its end */
	uint64_t last_end = 0;
	bool overlap = false;
	while ((s = lr_next(&L))) {
		char *f[4];
		uint64_t a, b;
		int who = -1;
		if (!split_tabs(s, f, 4) || !units_parse_u64(f[0], &a) || !units_parse_u64(f[1], &b) ||
		    b < a) {
			fail(R, "%s:%" PRIu64 ": expected start_cycle end_cycle who why", path, L.line);
			goto bad;
		}
		for (int h = 0; h < H__N; h++)
			if (!strcmp(f[2], holder_name[h]))
				who = h;
		if (who < 0) {
			fail(R, "%s:%" PRIu64 ": unknown holder \"%s\" (rt, gp, idle, switch)", path,
			     L.line, f[2]);
			goto bad;
		}
		if (!r->win_found) {
			if (who == H_IDLE)
				continue;
			uint64_t w = r->hz / 500;   /* 2 ms */
			uint64_t lead = w / 50;
			r->ws = a > lead ? a - lead : 0;
			r->we = r->ws + w;
			r->win_found = true;
		}
		if (a < last_end)
			overlap = true;
		if (b > last_end)
			last_end = b;
		if (a >= r->we) {
			if (overlap)
				continue;
			break;  /* sorted by time: the rest is after the window */
		}
		gantt_add(r, a, b, who);
	}
	if (lr_failed(R, &L))
		goto bad;
	if (!r->win_found) {
		/* an idle run: show its first 2 ms */
		r->ws = 0;
		r->we = r->hz / 500;
		r->win_found = true;
		lr_close(&L);
		if (lr_open(&L, path) == 0) {
			lr_next(&L);
			while ((s = lr_next(&L))) {
				char *f[4];
				uint64_t a, b;
				if (!split_tabs(s, f, 4) || !units_parse_u64(f[0], &a) ||
				    !units_parse_u64(f[1], &b))
					break;
				if (a >= r->we)
					break;
				gantt_add(r, a, b, H_IDLE);
			}
		}
	}
	rc = 0;
bad:                            /* and the end of a good read */
	lr_close(&L);
	free(path);
	return rc;
}

static void occ_step(struct run *r, int q, uint64_t t, int delta)
{
	struct occ *o = &r->occ[q];
	uint64_t b64 = t / r->bw;
	uint32_t b = b64 >= OCC_BINS ? OCC_BINS - 1 : (uint32_t)b64;
	while (o->last < b) {
		o->last++;
		if ((uint64_t)o->level > o->peak[o->last])
			o->peak[o->last] = (uint32_t)o->level;
	}
	o->level += delta;
	if (o->level < 0) {
		o->anomalies++;
		o->level = 0;
	}
	if ((uint64_t)o->level > o->peak[b])
		o->peak[b] = (uint32_t)o->level;
	if ((uint64_t)o->level > o->max)
		o->max = (uint64_t)o->level;
}

static void drop_add(struct run *r, const char *name, uint64_t t)
{
	size_t i;
	for (i = 0; i < r->ndrops; i++)
		if (!strcmp(r->drops[i].name, name))
			break;
	if (i == r->ndrops) {
		if (r->ndrops == MAX_DROP_SERIES)
			i = r->ndrops - 1;   /* more reasons than colours: lump the rest */
		else {
			r->drops = xrealloc(r->drops, (r->ndrops + 1) * sizeof *r->drops);
			memset(&r->drops[i], 0, sizeof r->drops[i]);
			r->drops[i].name = xstrdup(name);
			r->ndrops++;
		}
	}
	uint64_t b = t / r->bw;
	r->drops[i].bins[b >= OCC_BINS ? OCC_BINS - 1 : b]++;
	r->drops[i].total++;
	r->drop_lines++;
}

static void mark_add(uint64_t **v, size_t *n, size_t *cap, uint64_t t)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = t;
}

/* Which queue each frame is in (bit q: RX ring, channel 1, channel 2), so
 * that a frame leaving a queue by a drop is counted out too. */
struct fset {
	uint64_t *k;
	uint8_t *v;
	size_t cap, n;
};

static uint8_t *fset_at(struct fset *m, uint64_t key)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 4096;
		uint64_t *k = xcalloc(nc, sizeof *k);
		uint8_t *v = xcalloc(nc, 1);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->k[i])
				continue;
			size_t j = (m->k[i] * 0x9e3779b97f4a7c15ull >> 20) & (nc - 1);
			while (k[j])
				j = (j + 1) & (nc - 1);
			k[j] = m->k[i];
			v[j] = m->v[i];
		}
		free(m->k);
		free(m->v);
		m->k = k;
		m->v = v;
		m->cap = nc;
	}
	size_t j = (key * 0x9e3779b97f4a7c15ull >> 20) & (m->cap - 1);
	while (m->k[j] && m->k[j] != key)
		j = (j + 1) & (m->cap - 1);
	if (!m->k[j]) {
		m->k[j] = key;
		m->n++;
	}
	return &m->v[j];
}

/* "12" -> 24, "o12" -> 25; 0 for "-" or anything else */
static uint64_t frame_id(const char *s)
{
	uint64_t v;
	bool o = s[0] == 'o';
	return units_parse_u64(s + o, &v) && v && v < (UINT64_MAX >> 1) ? 2 * v + o : 0;
}

/* A frame enters (delta +1) or leaves (-1) queue q. */
static void occ_frame(struct run *r, struct fset *in, const char *frame, int q, uint64_t t,
                      int delta)
{
	uint64_t id = frame_id(frame);
	uint8_t *b = id ? fset_at(in, id) : NULL;
	if (delta > 0) {
		if (b)
			*b |= (uint8_t)(1u << q);
		occ_step(r, q, t, +1);
	} else if (!b || (*b & (1u << q))) {
		if (b)
			*b &= (uint8_t)~(1u << q);
		occ_step(r, q, t, -1);
	}
}

/* A frame dropped: out of every queue it was in. */
static void occ_drop(struct run *r, struct fset *in, const char *frame, uint64_t t)
{
	uint64_t id = frame_id(frame);
	uint8_t *b = id ? fset_at(in, id) : NULL;
	for (int q = 0; b && q < 3; q++)
		if (*b & (1u << q)) {
			*b &= (uint8_t)~(1u << q);
			occ_step(r, q, t, -1);
		}
}

static int load_events(struct rep *R, struct run *r)
{
	struct fset in = {0};
	struct lr L;
	char *path = tsv_open(&L, r, "events.tsv"), *s;
	int rc = -1;
	if (!path)
		return 0;
	r->has_ev = true;
	r->occ = xcalloc(3, sizeof *r->occ);
	if (!tsv_head(R, &L, "events.tsv", TRACEW_EVENTS_HEAD))
		goto bad;
	while ((s = lr_next(&L))) {
		char *f[4];
		uint64_t t;
		if (!split_tabs(s, f, 4) || !units_parse_u64(f[0], &t)) {
			fail(R, "%s:%" PRIu64 ": expected cycle frame stage detail", path, L.line);
			goto bad;
		}
		const char *st = f[2];
		bool inwin = t >= r->ws && t < r->we;
		switch (st[0]) {
		case 'd':
			if (!strcmp(st, "dma"))
				occ_frame(r, &in, f[1], 0, t, +1);
			else if (!strcmp(st, "drop")) {
				occ_drop(r, &in, f[1], t);
				char name[64];
				if (f[1][0] == 'o')
					snprintf(name, sizeof name, "%s (outgoing)", f[3]);
				else
					snprintf(name, sizeof name, "%s", f[3]);
				drop_add(r, name, t);
			}
			break;
		case 'c':
			if (!strcmp(st, "classify"))
				occ_frame(r, &in, f[1], 0, t, -1);
			else if (!strcmp(st, "ctl-drop"))
				drop_add(r, "control channel full (commands)", t);
			break;
		case 'p':
			if (!strcmp(st, "proxy-out"))
				occ_frame(r, &in, f[1], 1, t, +1);
			else if (!strcmp(st, "proxy-in"))
				occ_frame(r, &in, f[1], 2, t, +1);
			break;
		case 'g':
			if (!strcmp(st, "gp-proxy"))
				occ_frame(r, &in, f[1], 1, t, -1);
			break;
		case 't':
			if (!strcmp(st, "txs") && !strcmp(f[3], "gp"))
				occ_frame(r, &in, f[1], 2, t, -1);
			break;
		case 'n':
			if (!strcmp(st, "nic-drop")) {
				occ_drop(r, &in, f[1], t);
				drop_add(r, f[3], t);   /* detail: the reason */
			}
			break;
		case 'i':
			if (inwin && !strcmp(st, "irq"))
				mark_add(&r->irq, &r->nirq, &r->cirq, t);
			break;
		case 'r':
			if (inwin && !strcmp(st, "rx"))
				mark_add(&r->rxm, &r->nrx, &r->crx, t);
			break;
		default:
			break;
		}
	}
	if (lr_failed(R, &L))
		goto bad;
	/* carry the last levels to the end of the run */
	uint64_t lastb = r->end / r->bw;
	if (lastb >= OCC_BINS)
		lastb = OCC_BINS - 1;
	for (int q = 0; q < 3; q++)
		while (r->occ[q].last < lastb) {
			struct occ *o = &r->occ[q];
			o->last++;
			if ((uint64_t)o->level > o->peak[o->last])
				o->peak[o->last] = (uint32_t)o->level;
		}
	rc = 0;
bad:                            /* and the end of a good read */
	lr_close(&L);
	free(path);
	free(in.k);
	free(in.v);
	return rc;
}

/* ---- calls.tsv: GP's SIP engine's calls (issue 12) ------------------------------ */

/* A number of calls.tsv, or NaN for "-". False when it is neither. */
static bool call_num(const char *t, double *v)
{
	char *end;
	if (!strcmp(t, "-")) {
		*v = NAN;
		return true;
	}
	errno = 0;
	*v = strtod(t, &end);
	return end != t && !*end && !errno && isfinite(*v);
}

enum { CC_INVITE = 0, CC_OK200, CC_IN_JIT, CC_OUT_JIT, CC_IN_MOS, CC_OUT_MOS, CC__N };
static const char *const call_cols[CC__N] = {
	"invite", "ok200", "in_jitter_max_ms", "out_jitter_max_ms", "in_mos", "out_mos",
};

static int load_calls(struct rep *R, struct run *r)
{
	struct lr L;
	char *path = tsv_open(&L, r, "calls.tsv");
	size_t cap = 0;
	int col[CC__N], ncol = 1, rc = -1;
	char *f[64];
	if (!path)
		return 0;
	r->has_calls = true;
	char *s = lr_next(&L);
	for (const char *p = s ? s : ""; *p; p++)
		ncol += *p == '\t';
	if (!s || strncmp(s, "call\tcall_id\t", 13) || ncol > 64 || !split_tabs(s, f, ncol)) {
		fail(R, "%s:1: not the header of a nicshare calls.tsv", path);
		goto bad;
	}
	for (int k = 0; k < CC__N; k++) {
		col[k] = -1;
		for (int i = 0; i < ncol; i++)
			if (!strcmp(f[i], call_cols[k]))
				col[k] = i;
		if (col[k] < 0) {
			fail(R, "%s:1: no column %s: not the header of a nicshare calls.tsv", path,
			     call_cols[k]);
			goto bad;
		}
	}
	while ((s = lr_next(&L))) {
		if (!split_tabs(s, f, ncol)) {
			fail(R, "%s:%" PRIu64 ": expected %d tab-separated fields", path, (uint64_t)L.line,
			     ncol);
			goto bad;
		}
		double v[CC__N];
		for (int k = 0; k < CC__N; k++)
			if (!call_num(f[col[k]], &v[k])) {
				fail(R, "%s:%" PRIu64 ": %s '%s' is not a number or -", path,
				     (uint64_t)L.line, call_cols[k], f[col[k]]);
				goto bad;
			}
		if (r->ncalls == cap) {
			cap = cap ? cap * 2 : 64;
			r->calls = xrealloc(r->calls, cap * sizeof *r->calls);
		}
		struct callrow *c = &r->calls[r->ncalls++];
		c->mos = isnan(v[CC_IN_MOS]) ? v[CC_OUT_MOS]
		         : isnan(v[CC_OUT_MOS]) || v[CC_IN_MOS] < v[CC_OUT_MOS] ? v[CC_IN_MOS]
		                                                               : v[CC_OUT_MOS];
		c->jit_in = v[CC_IN_JIT];
		c->jit_out = v[CC_OUT_JIT];
		c->setup_ms = isnan(v[CC_OK200]) || isnan(v[CC_INVITE]) || v[CC_OK200] < v[CC_INVITE]
		              ? NAN : (v[CC_OK200] - v[CC_INVITE]) / (double)r->hz * 1e3;
	}
	if (lr_failed(R, &L))
		goto bad;
	rc = 0;
bad:                            /* and the end of a good read */
	lr_close(&L);
	free(path);
	return rc;
}

static char *dir_label(const char *dir)
{
	char *rp = realpath(dir, NULL);
	const char *p = rp ? rp : dir;
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	const char *b = p + n;
	while (b > p && b[-1] != '/')
		b--;
	char *s = xrealloc(NULL, (size_t)(p + n - b) + 1);
	memcpy(s, b, (size_t)(p + n - b));
	s[p + n - b] = '\0';
	free(rp);
	if (!*s) {
		free(s);
		s = xstrdup("/");
	}
	return s;
}

static int load_run(struct rep *R, struct run *r, const char *dir, size_t idx)
{
	struct stat st;
	r->dir = xstrdup(dir);
	r->color = palette[idx % NPAL];
	if (stat(dir, &st) < 0)
		return fail(R, "%s: not a run directory: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(R, "%s: not a run directory (not a directory)", dir);
	r->label = dir_label(dir);
	if (load_summary(R, r) < 0 || load_config(R, r) < 0 || load_latency(R, r) < 0)
		return -1;
	r->bw = r->end / OCC_BINS + 1;
	choose_window(R, r);
	if (r->wk == WIN_GIVEN && r->ws >= r->end) {
		char a[48], e[48];
		fmt_ps(a, sizeof a, R->o->win_start_ps);
		fmt_ps(e, sizeof e, units_muldiv(r->end, UNITS_PS_PER_S, r->hz, false));
		return fail(R, "--window starts at %s, after the end of the run %s (%s): choose a "
		            "window within 0 and %s", a, dir, e, e);
	}
	if (load_dispatch(R, r) < 0)
		return -1;
	if (!r->win_found) {
		r->ws = 0;
		r->we = r->hz / 500;
		r->win_found = true;
	}
	if (load_events(R, r) < 0 || load_calls(R, r) < 0)
		return -1;
	char *vp = paths_join(dir, "verify.txt");
	r->verify_text = of_run(vp) ? read_file(vp, NULL) : NULL;
	free(vp);
	return 0;
}

/* ---- templates and data files --------------------------------------------------- */
struct vars {
	size_t n;
	char *k[40];
	char *v[40];
};

static void vset(struct vars *vs, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void vset(struct vars *vs, const char *k, const char *fmt, ...)
{
	struct sb b = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = b.p ? b.p : xcalloc(1, 1);
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->k[i], k)) {
			free(vs->v[i]);
			vs->v[i] = s;
			return;
		}
	if (vs->n == sizeof vs->k / sizeof vs->k[0])
		abort();   /* a programming error: raise the table size */
	vs->k[vs->n] = xstrdup(k);
	vs->v[vs->n++] = s;
}

/* A gnuplot double-quoted string value (the template adds the quotes). */
static void vset_q(struct vars *vs, const char *k, const char *text)
{
	struct sb b = {0};
	sb_gq(&b, text);
	vset(vs, k, "%s", b.p ? b.p : "");
	free(b.p);
}

static void vars_free(struct vars *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->k[i]);
		free(vs->v[i]);
	}
	vs->n = 0;
}

/* Fill reports/TPL.gp into data/NAME.gp; every {{KEY}} must be known.
 * Comment lines (first non-blank character '#') are copied as they are,
 * so the filled script keeps the template's description of its keys. */
static int fill_template(struct rep *R, const char *tpl, const char *name, struct vars *vs)
{
	char fn[96];
	snprintf(fn, sizeof fn, "%s.gp", tpl);
	char *tp = paths_join(R->tpldir, fn);
	char *text = read_file(tp, NULL);
	if (!text) {
		int e = errno;
		fail(R, "%s: cannot read the template: %s", tp, strerror(e));
		free(tp);
		return -1;
	}
	struct sb out = {0};
	int line = 1;
	bool comment = false, bol = true;
	for (const char *p = text; *p;) {
		if (bol) {
			const char *q = p;
			while (*q == ' ' || *q == '\t')
				q++;
			comment = *q == '#';
			bol = false;
		}
		if (!comment && p[0] == '{' && p[1] == '{') {
			const char *e = strstr(p + 2, "}}");
			const char *nl = strchr(p, '\n');
			if (!e || (nl && nl < e)) {
				fail(R, "%s:%d: unclosed {{ placeholder", tp, line);
				goto bad;
			}
			size_t kl = (size_t)(e - (p + 2));
			size_t i;
			for (i = 0; i < vs->n; i++)
				if (strlen(vs->k[i]) == kl && !memcmp(vs->k[i], p + 2, kl))
					break;
			if (i == vs->n) {
				fail(R, "%s:%d: unknown placeholder {{%.*s}}", tp, line, (int)kl, p + 2);
				goto bad;
			}
			sb_add(&out, vs->v[i]);
			p = e + 2;
			continue;
		}
		if (*p == '\n') {
			line++;
			bol = true;
		}
		sb_addn(&out, p, 1);
		p++;
	}
	char ofn[96];
	snprintf(ofn, sizeof ofn, "%s.gp", name);
	char *op = paths_join(R->data, ofn);
	FILE *f = fopen(op, "w");
	if (!f || fwrite(out.p, 1, out.n, f) != out.n || fclose(f) != 0) {
		fail(R, "%s: cannot write: %s", op, strerror(errno));
		free(op);
		goto bad;
	}
	free(op);
	free(out.p);
	free(text);
	free(tp);
	return 0;
bad:
	free(out.p);
	free(text);
	free(tp);
	return -1;
}

static FILE *data_open(struct rep *R, const char *name, char **pathp)
{
	char *p = paths_join(R->data, name);
	FILE *f = fopen(p, "w");
	if (!f) {
		fail(R, "%s: cannot write: %s", p, strerror(errno));
		free(p);
		return NULL;
	}
	*pathp = p;
	return f;
}

static int data_close(struct rep *R, FILE *f, char *path)
{
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		fail(R, "%s: cannot write: %s", path, strerror(errno ? errno : EIO));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static void fig_add(struct rep *R, const char *name, int w, int h)
{
	if (R->nfig == R->cfig) {
		R->cfig = R->cfig ? R->cfig * 2 : 32;
		R->figs = xrealloc(R->figs, R->cfig * sizeof *R->figs);
	}
	struct fig *f = &R->figs[R->nfig++];
	snprintf(f->name, sizeof f->name, "%s", name);
	f->w = w;
	f->h = h;
}

/* Opens data/NAME SUFFIX, a figure's data (".dat", "-marks.dat"); fn gets its file name. */
static FILE *fig_data(struct rep *R, const char *name, const char *suffix, char fn[static 64],
                      char **pathp)
{
	snprintf(fn, 64, "%s%s", name, suffix);
	return data_open(R, fn, pathp);
}

/* Fills template tpl into data/NAME.gp (vs is freed) and lists the figure, w x h. */
static int fig_finish(struct rep *R, const char *tpl, const char *name, struct vars *vs, int w,
                      int h)
{
	int rc = fill_template(R, tpl, name, vs);
	vars_free(vs);
	if (rc == 0)
		fig_add(R, name, w, h);
	return rc;
}

/* The name of run ri's figure of a kind (gantt, occupancy, drops): KIND-N, N from 1. */
static void run_fig_name(char *name, size_t n, const char *kind, size_t ri)
{
	snprintf(name, n, "%s-%zu", kind, ri + 1);
}

/* Names run ri's figure of a kind and opens its data file (name and dn get them). */
static FILE *run_fig_open(struct rep *R, const char *kind, size_t ri, char name[static 48],
                          char dn[static 64], char **pathp)
{
	run_fig_name(name, 48, kind, ri);
	return fig_data(R, name, ".dat", dn, pathp);
}

/* The list items of the arrays of titles and colours, for the runs drawn. */
static void series_vars(struct vars *vs, struct run **rs, size_t n)
{
	struct sb t = {0}, c = {0};
	for (size_t i = 0; i < n; i++) {
		sb_add(&t, i ? ", \"" : "\"");
		sb_gq(&t, rs[i]->label);
		sb_add(&t, "\"");
		sb_printf(&c, "%s\"%s\"", i ? ", " : "", rs[i]->color);
	}
	vset(vs, "NSERIES", "%zu", n);
	vset(vs, "TITLES", "%s", t.p);
	vset(vs, "COLORS", "%s", c.p);
	free(t.p);
	free(c.p);
}

static double us_of(uint64_t cyc, uint64_t hz) { return cyc_s(cyc, hz) * 1e6; }

/* A latency on a logarithmic axis: 0 cycles is drawn as 1. */
static double lat_us(uint64_t cyc, uint64_t hz) { return us_of(cyc ? cyc : 1, hz); }

/* Bottom margin (character lines) for the x tics, the x label and a key of
 * `entries` below the plot, about one entry per 240 pixels of width. */
static void vset_bmargin(struct vars *vs, size_t entries, int width)
{
	size_t per = (size_t)(width / 260);
	if (per < 1)
		per = 1;
	vset(vs, "BMARGIN", "%zu", 5 + (entries + per - 1) / per);
}

/* Tic marks for a log axis over [lo, hi] (lo > 0): whole decades when the
 * range spans many, else 1-2-5 or finer mantissas, so that even a range
 * narrower than a decade gets 3 to 12 labelled tics. A gnuplot tic list. */
static void log_tics(struct sb *b, double lo, double hi)
{
	static const double m1[] = {1};
	static const double m2[] = {1, 2, 5};
	static const double m3[] = {1, 1.5, 2, 3, 4, 5, 6, 8};
	static const double m4[] = {1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3, 3.5, 4, 4.5,
	                            5, 5.5, 6, 7, 8, 9};
	static const struct {
		const double *m;
		int n;
	} sets[] = {{m1, 1}, {m2, 3}, {m3, 8}, {m4, 20}};
	if (!(lo > 0) || !isfinite(lo) || !isfinite(hi) || hi <= lo) {
		sb_printf(b, "\"%g\" %.9g", lo > 0 && isfinite(lo) ? lo : 1.0, lo > 0 && isfinite(lo) ? lo : 1.0);
		return;
	}
	int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi));
	if (e1 - e0 > 40)
		e0 = e1 - 40;
	for (int si = 0; si < 4; si++) {
		int cnt = 0;
		for (int e = e0; e <= e1; e++)
			for (int k = 0; k < sets[si].n; k++) {
				double v = sets[si].m[k] * pow(10.0, e);
				cnt += v >= lo && v <= hi;
			}
		if (cnt < 4 && si < 3)
			continue;
		if (cnt < 3)
			break;
		bool first = true;
		for (int e = e0; e <= e1; e++)
			for (int k = 0; k < sets[si].n; k++) {
				double v = sets[si].m[k] * pow(10.0, e);
				if (v < lo || v > hi)
					continue;
				sb_printf(b, "%s\"%g\" %.9g", first ? "" : ", ", v, v);
				first = false;
			}
		return;
	}
	/* narrower still: evenly spaced tics */
	double step = (hi - lo) / 4, p = pow(10.0, floor(log10(step)));
	step = step / p < 2 ? p : step / p < 5 ? 2 * p : 5 * p;
	bool first = true;
	for (double v = ceil(lo / step) * step; v <= hi; v += step) {
		sb_printf(b, "%s\"%g\" %.9g", first ? "" : ", ", v, v);
		first = false;
	}
	if (first)
		sb_printf(b, "\"%g\" %.9g", lo, lo);
}

/* ---- latency figures -------------------------------------------------------------- */
static const char *const pct_key[] = {"p50_ns", "p90_ns", "p99_ns", "p99.9_ns"};
static const double pct_level[] = {0.5, 0.9, 0.99, 0.999};

static double stat_level(int stat, double ytop)
{
	double l = stat == ST_P50 ? 0.5 : stat == ST_P99 ? 0.99 : stat == ST_P999 ? 0.999 : ytop;
	return l > ytop ? ytop : l;
}

/* the runs that have latency.tsv samples of class c */
static size_t runs_with(struct rep *R, int c, struct run **rs)
{
	size_t n = 0;
	for (size_t i = 0; i < R->nruns; i++)
		if (R->runs[i].has_lat && R->runs[i].lat[c].n)
			rs[n++] = &R->runs[i];
	return n;
}

static void lat_xrange(struct run **rs, size_t n, int c, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = 0;
	for (size_t i = 0; i < n; i++) {
		double a = lat_us(rs[i]->lat[c].h.min, rs[i]->hz);
		double b = lat_us(rs[i]->lat[c].h.max, rs[i]->hz);
		if (a < *lo)
			*lo = a;
		if (b > *hi)
			*hi = b;
	}
	if (*lo <= 0)
		*lo = 1e-3;
}

/* A latency figure's logarithmic x axis, from xlo/1.25 to xhi*1.25 (us). */
static void log_x_vars(struct vars *vs, double xlo, double xhi)
{
	vset(vs, "XMIN", "%.6g", xlo / 1.25);
	vset(vs, "XMAX", "%.6g", xhi * 1.25);
	struct sb xt = {0};
	log_tics(&xt, xlo / 1.25, xhi * 1.25);
	vset(vs, "XTICS", "%s", xt.p);
	free(xt.p);
}

static int fig_cdf(struct rep *R, int c, struct run **rs, size_t n)
{
	const char *cn = scen_class_name(c);
	char name[48], dn[64], mn[64];
	snprintf(name, sizeof name, "cdf-%s", cn);
	uint64_t nmax = 0;
	for (size_t i = 0; i < n; i++)
		if (rs[i]->lat[c].h.count > nmax)
			nmax = rs[i]->lat[c].h.count;
	double ytop = 1.0 - 0.5 / (double)nmax;
	char *dp, *mp;
	FILE *f = fig_data(R, name, ".dat", dn, &dp);
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct hist *h = &rs[i]->lat[c].h;
		uint64_t hz = rs[i]->hz;
		fprintf(f, "# %s: x = latency (us), F = fraction of the %" PRIu64 " frames <= x\n",
		        rs[i]->label, h->count);
		fprintf(f, "%.9g 0\n", lat_us(h->min, hz));
		uint64_t cum = 0;
		uint32_t lo = hist_index(h->min), hi = hist_index(h->max);
		for (uint32_t k = lo; k <= hi; k++) {
			if (!h->b[k])
				continue;
			cum += h->b[k];
			uint64_t v = hist_upper(k);
			if (v > h->max)
				v = h->max;
			if (v < h->min)
				v = h->min;
			/* merge buckets within one 1/CDF_PER_DECADE decade: emit the
			 * last point of each cell */
			uint32_t nk = k + 1;
			while (nk <= hi && !h->b[nk])
				nk++;
			if (nk <= hi) {
				uint64_t nv = hist_upper(nk) > h->max ? h->max : hist_upper(nk);
				double c1 = floor(log10(lat_us(v, hz)) * CDF_PER_DECADE);
				double c2 = floor(log10(lat_us(nv, hz)) * CDF_PER_DECADE);
				if (c1 == c2 && v < 2048)
					c1 = c1 - 1;   /* exact values below 2048 cycles: keep each */
				if (c1 == c2)
					continue;
			}
			double F = (double)cum / (double)h->count;
			fprintf(f, "%.9g %.9g\n", lat_us(v, hz), F > ytop ? ytop : F);
		}
		fputs("\n\n", f);
	}
	if (data_close(R, f, dp) < 0)
		return -1;
	f = fig_data(R, name, "-marks.dat", mn, &mp);
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "# %s: summary.json percentiles (us) at their level\n", rs[i]->label);
		for (int k = 0; k < 4; k++) {
			const json_t *t = js_get(rs[i]->sum, "latency", cn, pct_key[k]);
			if (json_is_number(t))
				fprintf(f, "%.9g %.9g\n", json_number_value(t) / 1000.0,
				        pct_level[k] > ytop ? ytop : pct_level[k]);
		}
		fputs("\n\n", f);
	}
	if (data_close(R, f, mp) < 0)
		return -1;

	double xlo, xhi;
	lat_xrange(rs, n, c, &xlo, &xhi);
	struct sb bx = {0}, by = {0}, bt = {0};
	size_t nb = 0;
	/* bounds at the same value share one label ("p99, max bound 20us"):
	 * two labels at one x would be drawn over each other */
	struct { uint64_t ps; int stat; char label[96]; } bl[32];
	size_t nbl = 0;
	for (size_t i = 0; i < R->nruns; i++) {
		const struct run *r = &R->runs[i];
		for (size_t k = 0; k < r->nbounds; k++) {
			const struct bound *b = &r->bounds[k];
			if (b->cls != c)
				continue;
			bool dup = false;
			for (size_t j = 0; j < i && !dup; j++)
				for (size_t m = 0; m < R->runs[j].nbounds; m++)
					if (R->runs[j].bounds[m].cls == c && R->runs[j].bounds[m].stat == b->stat &&
					    R->runs[j].bounds[m].ps == b->ps)
						dup = true;
			if (dup)
				continue;
			size_t j = 0;
			while (j < nbl && bl[j].ps != b->ps)
				j++;
			if (j < nbl) {
				/* the label at this x: add the statistic; the dot at the higher level */
				size_t l = strlen(bl[j].label);
				snprintf(bl[j].label + l, sizeof bl[j].label - l, ", %s", scen_stat_name(b->stat));
				if (stat_level(b->stat, ytop) > stat_level(bl[j].stat, ytop))
					bl[j].stat = b->stat;
				continue;
			}
			if (nbl == sizeof bl / sizeof bl[0])
				continue;
			bl[nbl].ps = b->ps;
			bl[nbl].stat = b->stat;
			snprintf(bl[nbl].label, sizeof bl[nbl].label, "%s", scen_stat_name(b->stat));
			nbl++;
		}
	}
	/* the analytic bound of summary.json (nicshare bound), at the top: a
	 * measured maximum never passes it */
	for (size_t i = 0; i < R->nruns && nbl < sizeof bl / sizeof bl[0]; i++) {
		const json_t *b = js_get(R->runs[i].sum, "bound", scen_class_name((enum scen_class)c),
		                         "cycles");
		uint64_t cyc;
		if (!b || !js_as_u64(b, &cyc) || !R->runs[i].hz)
			continue;
		/* rounded up to 10 ns: a label that reads, still never below the bound */
		uint64_t ps = units_muldiv(cyc, UNITS_PS_PER_S, R->runs[i].hz, true);
		ps = (ps + 9999) / 10000 * 10000;
		size_t j = 0;
		while (j < nbl && bl[j].ps != ps)
			j++;
		if (j < nbl) {
			if (!strstr(bl[j].label, "analytic")) {
				size_t l = strlen(bl[j].label);
				snprintf(bl[j].label + l, sizeof bl[j].label - l, ", analytic");
			}
			continue;
		}
		bl[nbl].ps = ps;
		bl[nbl].stat = ST_MAX;
		snprintf(bl[nbl].label, sizeof bl[nbl].label, "analytic");
		nbl++;
	}
	for (size_t j = 0; j < nbl; j++) {
		char txt[UNITS_FMT_MAX];
		double x = (double)bl[j].ps / 1e6;
		if (x < xlo)
			xlo = x;
		if (x > xhi)
			xhi = x;
		units_format(CU_PS, bl[j].ps, txt, sizeof txt);
		sb_printf(&bx, "%s%.9g", nb ? ", " : "", x);
		sb_printf(&by, "%s%.9g", nb ? ", " : "", stat_level(bl[j].stat, ytop));
		sb_printf(&bt, "%s\"%s bound %s\"", nb ? ", " : "", bl[j].label, txt);
		nb++;
	}
	struct sb yt = {0};
	sb_add(&yt, "\"0\" 0, \"0.5\" 0.5");
	double lvl = 0.9;
	const char *lt[] = {"0.9", "0.99", "0.999", "0.9999", "0.99999", "0.999999", "0.9999999",
	                    "0.99999999"};
	for (int k = 0; k < 8 && lvl <= 1.0 - 1.0 / (double)nmax + 1e-12; k++) {
		sb_printf(&yt, ", \"%s\" %s", lt[k], lt[k]);
		lvl = 1.0 - (1.0 - lvl) / 10.0;
	}
	struct vars vs = {0};
	char title[160];
	snprintf(title, sizeof title, "%s latency CDF", cn);
	vset_q(&vs, "TITLE", title);
	vset(&vs, "DATA", "data/%s", dn);
	vset(&vs, "MARKS", "data/%s", mn);
	series_vars(&vs, rs, n);
	log_x_vars(&vs, xlo, xhi);
	vset(&vs, "YTOP", "%.12g", ytop);
	vset(&vs, "YTICS", "%s", yt.p);
	vset(&vs, "NBOUNDS", "%zu", nb);
	vset(&vs, "BX", "%s", nb ? bx.p : "0");
	vset(&vs, "BY", "%s", nb ? by.p : "0");
	vset(&vs, "BT", "%s", nb ? bt.p : "\"\"");
	free(bx.p);
	free(by.p);
	free(bt.p);
	free(yt.p);
	vset_bmargin(&vs, n, 640);
	return fig_finish(R, "cdf", name, &vs, 640, 460);
}

/* A latency's bin of the histogram figure: HIST_PER_DECADE a decade of us. */
static long hist_bin(uint64_t cyc, uint64_t hz)
{
	return (long)floor(log10(lat_us(cyc, hz)) * HIST_PER_DECADE);
}

static int fig_hist(struct rep *R, int c, struct run **rs, size_t n)
{
	const char *cn = scen_class_name(c);
	char name[48], dn[64];
	snprintf(name, sizeof name, "hist-%s", cn);
	char *dp;
	FILE *f = fig_data(R, name, ".dat", dn, &dp);
	if (!f)
		return -1;
	uint64_t ymax = 1;
	for (size_t i = 0; i < n; i++) {
		const struct latc *lc = &rs[i]->lat[c];
		uint64_t hz = rs[i]->hz;
		fprintf(f, "# %s: lo (us) hi (us) frames, %d bins per decade\n", rs[i]->label,
		        HIST_PER_DECADE);
		/* each sample in its bin, from latency.tsv's cycles: a bucket of
		 * the histogram (up to 1/1024 wide) may straddle a bin's edge, and
		 * counted by its midpoint sent 1 to 3 frames a bin to the wrong
		 * side (review n36, 2026-12-07) */
		long b0 = hist_bin(lc->h.min, hz), b1 = hist_bin(lc->h.max, hz);
		uint64_t *cnt = lc->n ? xcalloc((size_t)(b1 - b0 + 1), sizeof *cnt) : NULL;
		for (size_t k = 0; k < lc->n; k++) {
			long b = hist_bin(lc->s[k].cyc, hz);
			cnt[(b < b0 ? b0 : b > b1 ? b1 : b) - b0]++;   /* min and max bound them */
		}
		for (long b = b0; cnt && b <= b1; b++) {
			uint64_t m = cnt[b - b0];
			if (!m)
				continue;
			fprintf(f, "%.9g %.9g %" PRIu64 "\n", pow(10.0, (double)b / HIST_PER_DECADE),
			        pow(10.0, (double)(b + 1) / HIST_PER_DECADE), m);
			if (m > ymax)
				ymax = m;
		}
		free(cnt);
		fputs("\n\n", f);
	}
	if (data_close(R, f, dp) < 0)
		return -1;
	double xlo, xhi;
	lat_xrange(rs, n, c, &xlo, &xhi);
	struct vars vs = {0};
	char title[160];
	snprintf(title, sizeof title, "%s latency histogram", cn);
	vset_q(&vs, "TITLE", title);
	vset(&vs, "DATA", "data/%s", dn);
	series_vars(&vs, rs, n);
	vset(&vs, "BINS", "%d", HIST_PER_DECADE);
	log_x_vars(&vs, xlo, xhi);
	vset(&vs, "YMAX", "%.6g", (double)ymax * 2.5);
	vset_bmargin(&vs, n, 640);
	return fig_finish(R, "hist", name, &vs, 640, 460);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int fig_time(struct rep *R, int c, struct run **rs, size_t n, bool *binned)
{
	const char *cn = scen_class_name(c);
	char name[48], dn[64];
	snprintf(name, sizeof name, "time-%s", cn);
	size_t total = 0;
	double span = 0, ylo = INFINITY, yhi = 0;
	for (size_t i = 0; i < n; i++) {
		total += rs[i]->lat[c].n;
		double s = cyc_s(rs[i]->end, rs[i]->hz);
		if (s > span)
			span = s;
		double a = lat_us(rs[i]->lat[c].h.min, rs[i]->hz), b = lat_us(rs[i]->lat[c].h.max, rs[i]->hz);
		if (a < ylo)
			ylo = a;
		if (b > yhi)
			yhi = b;
	}
	struct tunit u = tunit_pick(span);
	int mode = total > RAW_MAX;
	*binned = mode;
	char *dp;
	FILE *f = fig_data(R, name, ".dat", dn, &dp);
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct run *r = rs[i];
		const struct latc *lc = &r->lat[c];
		if (!mode) {
			fprintf(f, "# %s: t (%s) latency (us), every frame\n", r->label, u.name);
			for (size_t k = 0; k < lc->n; k++)
				fprintf(f, "%.9g %.9g\n", cyc_s(lc->s[k].start, r->hz) * u.scale,
				        lat_us(lc->s[k].cyc, r->hz));
			fputs("\n\n", f);
			continue;
		}
		/* bins by start time: counting sort, then each bin sorted */
		uint64_t bw = r->end / LAT_BINS + 1;
		size_t *off = xcalloc(LAT_BINS + 1, sizeof *off);
		for (size_t k = 0; k < lc->n; k++) {
			uint64_t b = lc->s[k].start / bw;
			off[(b >= LAT_BINS ? LAT_BINS - 1 : b) + 1]++;
		}
		for (unsigned b = 0; b < LAT_BINS; b++)
			off[b + 1] += off[b];
		uint64_t *v = xcalloc(lc->n, sizeof *v);
		size_t *fill = xcalloc(LAT_BINS, sizeof *fill);
		for (size_t k = 0; k < lc->n; k++) {
			uint64_t b = lc->s[k].start / bw;
			if (b >= LAT_BINS)
				b = LAT_BINS - 1;
			v[off[b] + fill[b]++] = lc->s[k].cyc;
		}
		fprintf(f, "# %s: bin start (%s) min max p99 (us, nearest rank in the bin) frames; "
		        "bin width %.9g %s\n", r->label, u.name, cyc_s(bw, r->hz) * u.scale, u.name);
		bool gap = false;
		for (unsigned b = 0; b < LAT_BINS; b++) {
			size_t k = off[b + 1] - off[b];
			if (!k) {
				if (!gap)
					fputc('\n', f);
				gap = true;
				continue;
			}
			gap = false;
			uint64_t *x = v + off[b];
			qsort(x, k, sizeof *x, cmp_u64);
			size_t rank = (k * 99 + 99) / 100;   /* ceil(0.99 k) */
			double t0 = cyc_s((uint64_t)b * bw, r->hz) * u.scale;
			double t1 = cyc_s((uint64_t)(b + 1) * bw, r->hz) * u.scale;
			/* two points per bin: the band covers the whole bin */
			fprintf(f, "%.9g %.9g %.9g %.9g %zu\n", t0, lat_us(x[0], r->hz),
			        lat_us(x[k - 1], r->hz), lat_us(x[rank - 1], r->hz), k);
			fprintf(f, "%.9g %.9g %.9g %.9g %zu\n", t1, lat_us(x[0], r->hz),
			        lat_us(x[k - 1], r->hz), lat_us(x[rank - 1], r->hz), k);
		}
		fputs("\n\n", f);
		free(v);
		free(fill);
		free(off);
	}
	if (data_close(R, f, dp) < 0)
		return -1;
	bool ylog = yhi > 10.0 * ylo;
	struct vars vs = {0};
	char title[200], xl[96];
	snprintf(title, sizeof title, "%s latency over time (%s)", cn,
	         mode ? "min, max and p99 per time bin" : "every frame");
	snprintf(xl, sizeof xl, "time the frame %s (%s since the run's start)",
	         c == CLS_RT_TX || c == CLS_GP_TX ? "was requested" : "arrived", u.name);
	vset_q(&vs, "TITLE", title);
	vset_q(&vs, "XLABEL", xl);
	vset(&vs, "XMAX", "%.6g", span * u.scale);
	vset(&vs, "YLOG", "%d", ylog);
	vset(&vs, "YLOGTEXT", "%s", ylog ? ", log scale" : "");
	vset(&vs, "YMIN", "%.6g", ylog ? ylo / 1.3 : 0.0);
	vset(&vs, "YMAX", "%.6g", ylog ? yhi * 1.5 : yhi * 1.15);
	vset(&vs, "MODE", "%d", mode);
	vset(&vs, "DATA", "data/%s", dn);
	series_vars(&vs, rs, n);
	vset_bmargin(&vs, mode ? 2 * n : n, 960);
	struct sb yt = {0};
	if (ylog)
		log_tics(&yt, ylo / 1.3, yhi * 1.5);
	vset(&vs, "YTICS", "%s", ylog ? yt.p : "");
	free(yt.p);
	return fig_finish(R, "latency-time", name, &vs, 960, 440);
}

/* ---- Gantt chart ------------------------------------------------------------------- */
/* A window time axis: us, ms or s from the window start. */
static double win_x(const struct run *r, struct tunit u, uint64_t c)
{
	return cyc_s(c - r->ws, r->hz) * u.scale;
}

/* 0xRRGGBB of rgb blended with white: a = 0 white, a = 1 rgb. */
static unsigned blend(unsigned rgb, double a)
{
	unsigned out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double c = (double)((rgb >> sh) & 0xff);
		unsigned v = (unsigned)(255.0 - (255.0 - c) * a + 0.5);
		out |= (v > 255 ? 255 : v) << sh;
	}
	return out;
}

static void write_marks(FILE *f, const uint64_t *t, size_t n, const struct run *r, int row,
                        unsigned rgb, struct tunit u)
{
	double span = (double)(r->we - r->ws);
	long last = -1;
	for (size_t i = 0; i < n; i++) {
		double x = win_x(r, u, t[i]);
		if (n > MARK_MAX) {
			/* too many to tell apart: one mark per 1/2000 of the window */
			long q = (long)((double)(t[i] - r->ws) / span * 2000.0);
			if (q == last)
				continue;
			last = q;
		}
		fprintf(f, "%.9g %d %u\n", x, row, rgb);
	}
}

static int fig_gantt(struct rep *R, size_t ri, bool *binned)
{
	struct run *r = &R->runs[ri];
	char name[48], dn[64], mn[64], *dp, *mp;
	FILE *f = run_fig_open(R, "gantt", ri, name, dn, &dp);
	if (!f)
		return -1;
	*binned = r->iv_total > GANTT_MAX;
	struct tunit u = tunit_pick(cyc_s(r->we - r->ws, r->hz));
	fprintf(f, "# %s: x0 x1 (%s from the window start) row colour\n", r->label, u.name);
	if (!*binned) {
		/* an interval shorter than 1/1000 of the window is drawn that wide,
		 * so that a short RT job stays visible (the caption says so) */
		double minw = win_x(r, u, r->we) / 1000.0;
		for (size_t i = 0; i < r->niv; i++) {
			double x0 = win_x(r, u, r->iv[i].a), x1 = win_x(r, u, r->iv[i].b);
			if (x1 - x0 < minw && r->iv[i].who != H_IDLE)
				x1 = x0 + minw;
			fprintf(f, "%.9g %.9g %d %u\n", x0, x1, holder_row[r->iv[i].who],
			        holder_rgb[r->iv[i].who]);
		}
	} else {
		/* too many intervals to draw: per 1/GANTT_BINS of the window, each
		 * holder's row is coloured by its share of that bin (white: none,
		 * full colour: all of it); equal neighbours are merged */
		uint64_t span = r->we - r->ws;
		for (int h = 0; h < H__N; h++) {
			unsigned prev = 0;
			uint64_t from = 0;
			for (unsigned k = 0; k <= GANTT_BINS; k++) {
				unsigned col = 0;
				if (k < GANTT_BINS) {
					uint64_t tot = 0;
					for (int j = 0; j < H__N; j++)
						tot += r->gbin[k][j];
					double share = tot ? (double)r->gbin[k][h] / (double)tot : 0.0;
					/* quantised to 1/16 so that neighbours merge */
					share = floor(share * 16.0 + 0.5) / 16.0;
					col = share > 0 ? blend(holder_rgb[h], 0.12 + 0.88 * share) : 0;
				}
				if (k == GANTT_BINS || col != prev) {
					uint64_t at = r->ws + (uint64_t)((unsigned __int128)k * span / GANTT_BINS);
					if (prev)
						fprintf(f, "%.9g %.9g %d %u\n", win_x(r, u, from), win_x(r, u, at),
						        holder_row[h], prev);
					prev = col;
					from = at;
				}
			}
		}
	}
	if (r->niv == 0 && !*binned)
		fprintf(f, "0 %.9g 0 %u\n", win_x(r, u, r->we), holder_rgb[H_IDLE]);
	if (data_close(R, f, dp) < 0)
		return -1;
	f = fig_data(R, name, "-marks.dat", mn, &mp);
	if (!f)
		return -1;
	fprintf(f, "# %s: x (%s from the window start) row colour: interrupts taken (row 4), "
	        "frames in at the NIC (row 5)\n", r->label, u.name);
	write_marks(f, r->irq, r->nirq, r, 4, IRQ_RGB, u);
	write_marks(f, r->rxm, r->nrx, r, 5, RX_RGB, u);
	if (data_close(R, f, mp) < 0)
		return -1;

	struct vars vs = {0};
	char t0[48], title[200], xl[120];
	fmt_time(t0, sizeof t0, r->ws, r->hz);
	snprintf(title, sizeof title, "%s: who held the CPU", r->label);
	snprintf(xl, sizeof xl, "%s from t = %s after the run's start", u.name, t0);
	vset_q(&vs, "TITLE", title);
	vset_q(&vs, "XLABEL", xl);
	vset(&vs, "XMAX", "%.9g", win_x(r, u, r->we));
	vset(&vs, "DATA", "data/%s", dn);
	vset(&vs, "MARKS", "data/%s", mn);
	vset(&vs, "NMARKS", "%zu", r->nirq + r->nrx);
	bool worst = r->wcls >= 0 && r->lat[r->wcls].wstart >= r->ws &&
	             r->lat[r->wcls].wend <= r->we;
	vset(&vs, "WORST", "%d", worst);
	if (worst) {
		const struct latc *lc = &r->lat[r->wcls];
		char lat[48], lab[160], row[48];
		fmt_time(lat, sizeof lat, lc->worst, r->hz);
		snprintf(lab, sizeof lab, "frame %s: %s", lc->wframe, lat);
		snprintf(row, sizeof row, "worst %s", scen_class_name(r->wcls));
		vset(&vs, "WX0", "%.9g", win_x(r, u, lc->wstart));
		vset(&vs, "WX1", "%.9g", win_x(r, u, lc->wend));
		vset_q(&vs, "WLABEL", lab);
		vset_q(&vs, "WROW", row);
	} else {
		vset(&vs, "WX0", "0");
		vset(&vs, "WX1", "0");
		vset(&vs, "WLABEL", "%s", "");
		vset(&vs, "WROW", "%s", "");
	}
	return fig_finish(R, "gantt", name, &vs, 1000, 420);
}

/* ---- occupancy and drops ------------------------------------------------------------ */
static uint64_t nice_top(uint64_t v)
{
	if (v < 1)
		v = 1;
	return v + (v + 4) / 5;   /* 20% headroom, at least 1 */
}

/* An integer tic step giving about 4 tics up to top: 1, 2, 5, 10, 20... */
static uint64_t tic_step(uint64_t top)
{
	uint64_t s = 1;
	for (;;) {
		if (top / s <= 5)
			return s;
		if (top / (2 * s) <= 5)
			return 2 * s;
		if (top / (5 * s) <= 5)
			return 5 * s;
		s *= 10;
	}
}

/* The time (in unit u) at the start of run r's occupancy bin b. */
static double bin_x(const struct run *r, struct tunit u, uint64_t b)
{
	return cyc_s(b * r->bw, r->hz) * u.scale;
}

/* The x axis of a run's figures by bin (occupancy, drops): time since the run's start. */
static void bins_x_vars(struct vars *vs, const struct run *r, struct tunit u)
{
	char xl[96];
	snprintf(xl, sizeof xl, "time since the run's start (%s)", u.name);
	vset_q(vs, "XLABEL", xl);
	vset(vs, "XMAX", "%.9g", bin_x(r, u, OCC_BINS));
}

static int fig_occupancy(struct rep *R, size_t ri)
{
	struct run *r = &R->runs[ri];
	char name[48], dn[64], *dp;
	FILE *f = run_fig_open(R, "occupancy", ri, name, dn, &dp);
	if (!f)
		return -1;
	struct tunit u = tunit_pick(cyc_s(r->end, r->hz));
	fprintf(f, "# %s: time (%s), peak frames in the bin: RX ring, channel 1, channel 2; "
	        "each bin's start and end\n", r->label, u.name);
	for (unsigned b = 0; b < OCC_BINS; b++) {
		/* a run of equal bins is one step */
		unsigned e = b;
		while (e + 1 < OCC_BINS && r->occ[0].peak[e + 1] == r->occ[0].peak[b] &&
		       r->occ[1].peak[e + 1] == r->occ[1].peak[b] &&
		       r->occ[2].peak[e + 1] == r->occ[2].peak[b])
			e++;
		fprintf(f, "%.9g %u %u %u\n", bin_x(r, u, b), r->occ[0].peak[b], r->occ[1].peak[b],
		        r->occ[2].peak[b]);
		fprintf(f, "%.9g %u %u %u\n", bin_x(r, u, e + 1), r->occ[0].peak[b],
		        r->occ[1].peak[b], r->occ[2].peak[b]);
		b = e;
	}
	if (data_close(R, f, dp) < 0)
		return -1;
	static const char *const what[3] = {"RX ring (descriptors DMA-written, not yet read by RT)",
	                                    "channel 1, data out RT -> GP",
	                                    "channel 2, data in GP -> RT"};
	static const char *const capkey[3] = {"nic.rx_ring", "proxy.data_out", "proxy.data_in"};
	struct vars vs = {0};
	char title[160], bwt[48];
	fmt_time(bwt, sizeof bwt, r->bw, r->hz);
	snprintf(title, sizeof title, "%s: frames held, the peak of each %s bin", r->label, bwt);
	vset_q(&vs, "TITLE", title);
	bins_x_vars(&vs, r, u);
	vset(&vs, "DATA", "data/%s", dn);
	vset(&vs, "COLOR", "%s", r->color);
	for (int q = 0; q < 3; q++) {
		char k[16], t[320];
		const char *cap = kv_get(r->cfg, r->ncfg, capkey[q]);
		uint64_t capn = 0;
		/* a channel's count runs to the line that ends a frame's stay, written
		 * when its taker is done; the slot was freed when it took the frame */
		static const char *const over[3] = {
			"",
			"(*) the one above capacity is the frame the GP proxy driver has taken out:\n"
			"it is counted until its gp-proxy line, written when the driver is done",
			"(*) the one above capacity is the frame the RT proxy has taken out:\n"
			"it is counted until its txs line",
		};
		bool above = cap && units_parse_u64(cap, &capn) && r->occ[q].max > capn;
		snprintf(t, sizeof t, "%s: peak %" PRIu64 "%s%s%s%s", what[q], r->occ[q].max,
		         cap ? " of " : "", cap ? cap : "", cap ? " slots" : "", above ? " (*)" : "");
		snprintf(k, sizeof k, "T%d", q + 1);
		vset_q(&vs, k, t);
		snprintf(k, sizeof k, "N%d", q + 1);
		vset_q(&vs, k, above ? over[q] : "");
		snprintf(k, sizeof k, "Y%d", q + 1);
		/* room above the curve for the key and the note */
		uint64_t top = nice_top(above ? r->occ[q].max * 5 / 2 : r->occ[q].max);
		vset(&vs, k, "%" PRIu64, top);
		snprintf(k, sizeof k, "S%d", q + 1);
		vset(&vs, k, "%" PRIu64, tic_step(top));
	}
	return fig_finish(R, "occupancy", name, &vs, 960, 560);
}

static int fig_drops(struct rep *R, size_t ri)
{
	struct run *r = &R->runs[ri];
	char name[48], dn[64], *dp;
	FILE *f = run_fig_open(R, "drops", ri, name, dn, &dp);
	if (!f)
		return -1;
	struct tunit u = tunit_pick(cyc_s(r->end, r->hz));
	fprintf(f, "# %s: bin start (%s), drops in the bin by reason:", r->label, u.name);
	for (size_t i = 0; i < r->ndrops; i++)
		fprintf(f, " %s", r->drops[i].name);
	fputc('\n', f);
	uint64_t ymax = 1;
	for (unsigned b = 0; b <= OCC_BINS; b++) {
		unsigned bb = b < OCC_BINS ? b : OCC_BINS - 1;
		fprintf(f, "%.9g", bin_x(r, u, b));
		for (size_t i = 0; i < r->ndrops; i++) {
			fprintf(f, " %u", r->drops[i].bins[bb]);
			if (r->drops[i].bins[bb] > ymax)
				ymax = r->drops[i].bins[bb];
		}
		fputc('\n', f);
	}
	if (data_close(R, f, dp) < 0)
		return -1;
	struct sb t = {0}, c = {0};
	for (size_t i = 0; i < r->ndrops; i++) {
		char lab[120];
		snprintf(lab, sizeof lab, "%s (%" PRIu64 ")", r->drops[i].name, r->drops[i].total);
		sb_add(&t, i ? ", \"" : "\"");
		sb_gq(&t, lab);
		sb_add(&t, "\"");
		sb_printf(&c, "%s\"%s\"", i ? ", " : "", palette[(i + 1) % NPAL]);
	}
	struct vars vs = {0};
	char title[160], yl[96], bwt[48];
	fmt_time(bwt, sizeof bwt, r->bw, r->hz);
	snprintf(title, sizeof title, "%s: frames dropped over time, by reason", r->label);
	snprintf(yl, sizeof yl, "drops per %s bin", bwt);
	vset_q(&vs, "TITLE", title);
	bins_x_vars(&vs, r, u);
	vset_q(&vs, "YLABEL", yl);
	vset(&vs, "YMAX", "%" PRIu64, nice_top(ymax));
	vset(&vs, "DATA", "data/%s", dn);
	vset(&vs, "NSERIES", "%zu", r->ndrops);
	vset(&vs, "TITLES", "%s", t.p);
	vset(&vs, "COLORS", "%s", c.p);
	free(t.p);
	free(c.p);
	vset_bmargin(&vs, r->ndrops, 960);
	return fig_finish(R, "drops", name, &vs, 960, 400);
}

/* ---- calls (issue 12): MOS histogram, jitter per call, set-up CDF ---- */

#define MOS_BIN 0.1          /* width of the MOS histogram's bins */

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* How many of run r's calls have a figure: MOS (k 0), jitter (1), set-up (2). */
static size_t calls_with(const struct run *r, int k)
{
	size_t m = 0;
	for (size_t i = 0; i < r->ncalls; i++) {
		const struct callrow *c = &r->calls[i];
		m += k == 0 ? !isnan(c->mos) : k == 1 ? !isnan(c->jit_in) || !isnan(c->jit_out)
		                                      : !isnan(c->setup_ms);
	}
	return m;
}

/* The three figures share their making: fn writes the data, one block per
 * run, and sets the template's own variables; the rest is common. */
typedef void (*calls_data_fn)(FILE *f, struct run **rs, size_t n, struct vars *vs);

static int calls_fig(struct rep *R, const char *name, const char *title, struct run **rs,
                     size_t n, calls_data_fn fn)
{
	char dn[64], *dp;
	FILE *f = fig_data(R, name, ".dat", dn, &dp);
	if (!f)
		return -1;
	struct vars vs = {0};
	fn(f, rs, n, &vs);
	if (data_close(R, f, dp) < 0) {
		vars_free(&vs);
		return -1;
	}
	vset_q(&vs, "TITLE", title);
	vset(&vs, "DATA", "data/%s", dn);
	series_vars(&vs, rs, n);
	vset_bmargin(&vs, n, 640);
	return fig_finish(R, name, name, &vs, 640, 460);
}

static void calls_mos_data(FILE *f, struct run **rs, size_t n, struct vars *vs)
{
	unsigned nb = (unsigned)lround((4.5 - 1.0) / MOS_BIN), ymax = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned cnt[64] = {0};
		for (size_t k = 0; k < rs[i]->ncalls; k++) {
			double m = rs[i]->calls[k].mos;
			if (isnan(m))
				continue;
			long b = lround(floor((m - 1.0) / MOS_BIN + 1e-9));
			cnt[b < 0 ? 0 : b >= (long)nb ? nb - 1 : (unsigned long)b]++;
		}
		fprintf(f, "# %s: lo hi calls (MOS, worse direction)\n", rs[i]->label);
		for (unsigned b = 0; b < nb; b++) {
			if (!cnt[b])
				continue;
			fprintf(f, "%.2f %.2f %u\n", 1.0 + b * MOS_BIN, 1.0 + (b + 1) * MOS_BIN, cnt[b]);
			if (cnt[b] > ymax)
				ymax = cnt[b];
		}
		fputs("\n\n", f);
	}
	vset(vs, "BIN", "%.1f", MOS_BIN);
	vset(vs, "YMAX", "%.6g", ymax * 1.15 + 0.5);
}

static void calls_jitter_data(FILE *f, struct run **rs, size_t n, struct vars *vs)
{
	double ymax = 0;
	size_t xmax = 1;
	struct sb pl = {0};       /* only the series with points: gnuplot warns of empty ones */
	for (size_t i = 0; i < n; i++) {
		bool has[2] = {false, false};
		fprintf(f, "# %s: call in_jitter_max_ms out_jitter_max_ms\n", rs[i]->label);
		for (size_t k = 0; k < rs[i]->ncalls; k++) {
			const struct callrow *c = &rs[i]->calls[k];
			fprintf(f, "%zu", k + 1);
			for (int d = 0; d < 2; d++) {
				double j = d ? c->jit_out : c->jit_in;
				if (isnan(j)) {
					fputs(" ?", f);
					continue;
				}
				fprintf(f, " %.9g", j);
				has[d] = true;
				if (j > ymax)
					ymax = j;
			}
			fputc('\n', f);
		}
		for (int d = 0; d < 2; d++)
			if (has[d])
				sb_printf(&pl, "%s'data/calls-jitter.dat' index %zu using 1:%d with points pt %d "
				          "ps 0.9 lc rgb C[%zu] title T[%zu].\" %s\"", pl.p ? ", \\\n     " : "",
				          i, 2 + d, d ? 8 : 7, i + 1, i + 1, d ? "out" : "in");
		if (rs[i]->ncalls > xmax)
			xmax = rs[i]->ncalls;
		fputs("\n\n", f);
	}
	vset(vs, "XMAX", "%.1f", (double)xmax + 0.5);
	vset(vs, "YMAX", "%.6g", ymax > 0 ? ymax * 1.15 : 1.0);
	vset(vs, "PLOTS", "%s", pl.p);
	free(pl.p);
}

static void calls_setup_data(FILE *f, struct run **rs, size_t n, struct vars *vs)
{
	double xmax = 0;
	for (size_t i = 0; i < n; i++) {
		double *v = xcalloc(rs[i]->ncalls ? rs[i]->ncalls : 1, sizeof *v);
		size_t m = 0;
		for (size_t k = 0; k < rs[i]->ncalls; k++)
			if (!isnan(rs[i]->calls[k].setup_ms))
				v[m++] = rs[i]->calls[k].setup_ms;
		qsort(v, m, sizeof *v, cmp_dbl);
		fprintf(f, "# %s: set-up (ms) fraction of calls\n", rs[i]->label);
		if (m)
			fprintf(f, "%.9g 0\n", v[0]);
		for (size_t k = 0; k < m; k++)
			fprintf(f, "%.9g %.9g\n", v[k], (double)(k + 1) / (double)m);
		if (m && v[m - 1] > xmax)
			xmax = v[m - 1];
		free(v);
		fputs("\n\n", f);
	}
	vset(vs, "XMAX", "%.6g", xmax > 0 ? xmax * 1.1 : 1.0);
}

/* ---- HTML ------------------------------------------------------------------------------ */
static const char css[] =
	"body{font-family:\"DejaVu Sans\",Verdana,sans-serif;max-width:1180px;margin:1.5em auto;"
	"padding:0 1.2em;color:#222;line-height:1.45;font-size:15px}\n"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #ddd;"
	"padding-bottom:.2em}h3{margin-top:1.6em}\n"
	"table{border-collapse:collapse;margin:.6em 0 1.2em}th,td{border:1px solid #ccc;"
	"padding:.25em .6em;vertical-align:top}th{background:#f2f2f2;text-align:left}\n"
	"td.n{text-align:right;font-family:\"DejaVu Sans Mono\",monospace;white-space:nowrap}\n"
	"tr.sub td:first-child{padding-left:1.6em;color:#444}\n"
	"figure{margin:.8em 0 1.8em}figure img{max-width:100%;height:auto;border:1px solid #e4e4e4}\n"
	"figcaption{font-size:.92em;color:#333;margin-top:.3em}\n"
	".pair{display:flex;gap:1em;flex-wrap:wrap}.pair figure{flex:1 1 540px;margin:.5em 0 1.2em}\n"
	"pre{background:#f7f7f7;border:1px solid #ddd;padding:.6em;font-size:.82em;"
	"line-height:1.3;white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".note{background:#fff8e0;border-left:4px solid #e0b000;padding:.4em .8em;margin:.6em 0}\n"
	".sw{display:inline-block;width:.85em;height:.85em;border-radius:2px;vertical-align:-0.05em;"
	"margin-right:.35em}\n"
	".run{white-space:nowrap}.ok{color:#06702c;font-weight:bold}.bad{color:#b00;font-weight:bold}\n"
	"nav ol{margin:.3em 0}nav li{margin:.1em 0}\n";

static void h_swatch(struct sb *h, const struct run *r)
{
	sb_printf(h, "<span class=\"run\"><span class=\"sw\" style=\"background:%s\"></span>",
	          r->color);
	sb_html(h, r->label);
	sb_add(h, "</span>");
}

/* A run's heading: its swatch, then tail (the rest of the heading and "</h3>\n"). */
static void h_run_h3(struct sb *h, const struct run *r, const char *tail)
{
	sb_add(h, "<h3>");
	h_swatch(h, r);
	sb_add(h, tail);
}

/* A table over the runs: its first header row, a column head first, then
 * each run's swatch over span columns; when sub is given, a second row
 * with sub under each run. */
static void h_runs_head(struct sb *h, struct rep *R, const char *first, int span, const char *sub)
{
	sb_printf(h, "<table><tr><th>%s</th>", first);
	for (size_t i = 0; i < R->nruns; i++) {
		if (span > 1)
			sb_printf(h, "<th colspan=\"%d\">", span);
		else
			sb_add(h, "<th>");
		h_swatch(h, &R->runs[i]);
		sb_add(h, "</th>");
	}
	sb_add(h, "</tr>\n");
	if (!sub)
		return;
	sb_add(h, "<tr><th></th>");
	for (size_t i = 0; i < R->nruns; i++)
		sb_add(h, sub);
	sb_add(h, "</tr>\n");
}

/* <td> with a number copied from summary.json; data-json names it so that
 * tests (and readers) can match it against the file. */
static void h_numcell(struct sb *h, const struct run *r, size_t ri, const char *k1,
                      const char *k2, const char *k3)
{
	const json_t *v = js_get(r->sum, k1, k2, k3);
	const char *last = k3 ? k3 : k2 ? k2 : k1;
	size_t ll = strlen(last);
	uint64_t ps;
	if (!json_is_number(v)) {
		sb_add(h, "<td class=\"n\">&ndash;</td>");
		return;
	}
	char *t = js_value_text(v), shown[64];
	sb_printf(h, "<td class=\"n\" data-run=\"%zu\" data-json=\"", ri);
	sb_html(h, k1);
	if (k2) {
		sb_add(h, "/");
		sb_html(h, k2);
	}
	if (k3) {
		sb_add(h, "/");
		sb_html(h, k3);
	}
	sb_add(h, "\" data-value=\"");
	sb_html(h, t ? t : "");
	sb_add(h, "\">");
	/* times in a readable unit; the file's value is in data-value */
	if (ll > 3 && !strcmp(last + ll - 3, "_ns") && js_ns_to_ps(v, &ps)) {
		fmt_ps(shown, sizeof shown, ps);
		sb_html(h, shown);
	} else {
		sb_html(h, t ? t : "");
	}
	free(t);
	sb_add(h, "</td>");
}

static void h_figure(struct sb *h, const char *name, const char *alt, const char *caption_html)
{
	sb_printf(h, "<figure id=\"fig-%s\"><a href=\"%s.svg\"><img src=\"%s.png\" alt=\"", name,
	          name, name);
	sb_html(h, alt);
	sb_printf(h, "\"></a>\n<figcaption>%s <a href=\"%s.svg\">SVG</a>.</figcaption></figure>\n",
	          caption_html, name);
}

/* Run i's figure of a kind (gantt, occupancy, drops), its alt text "WHAT of LABEL". */
static void h_run_figure(struct sb *h, const struct run *r, size_t i, const char *kind,
                         const char *what, const char *caption_html)
{
	char nm[48], alt[160];
	run_fig_name(nm, sizeof nm, kind, i);
	snprintf(alt, sizeof alt, "%s of %s", what, r->label);
	h_figure(h, nm, alt, caption_html);
}

static void h_runs_table(struct sb *h, struct rep *R)
{
	sb_add(h, "<table><tr><th>run</th><th>directory</th><th>scenario</th><th>capture</th>"
	          "<th>input frames</th><th>simulated</th><th>CPU clock</th><th>files read</th></tr>\n");
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		const char *sc = json_string_value(js_get(r->sum, "scenario", NULL, NULL));
		const char *cap = json_string_value(js_get(r->sum, "input", "capture", NULL));
		char sim[48];
		fmt_time(sim, sizeof sim, r->end, r->hz);
		sb_add(h, "<tr><td>");
		h_swatch(h, r);
		sb_add(h, "</td><td>");
		sb_html(h, r->dir);
		sb_add(h, "</td><td>");
		sb_html(h, sc ? sc : "?");
		sb_add(h, "</td><td>");
		sb_html(h, cap && cap[0] ? cap : "(none)");
		sb_add(h, "</td>");
		h_numcell(h, r, i, "input", "frames", NULL);
		sb_printf(h, "<td class=\"n\">%s</td><td class=\"n\">%" PRIu64 " Hz</td><td>", sim, r->hz);
		sb_add(h, "summary.json");
		if (r->has_cfg)
			sb_add(h, ", config.yaml");
		if (r->has_lat)
			sb_add(h, ", latency.tsv");
		if (r->has_disp)
			sb_add(h, ", dispatch.tsv");
		if (r->has_ev)
			sb_add(h, ", events.tsv");
		if (r->verify_text)
			sb_add(h, ", verify.txt");
		sb_add(h, "</td></tr>\n");
	}
	sb_add(h, "</table>\n");
}

/* Every check of every run, as its verify.txt gives it (latency bounds,
 * routing expectations, drop limits, and whatever verify adds), the broken
 * ones first: an overlay hides no failure. */
static void h_checks(struct sb *h, struct rep *R)
{
	struct sb ok = {0}, bad = {0};
	size_t nok = 0, nbad = 0, nmissing = 0;
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		if (!r->verify_text) {
			nmissing++;
			continue;
		}
		const char *p = r->verify_text;
		while (*p) {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			bool f = l > 6 && !strncmp(p, "FAIL  ", 6), o = l > 6 && !strncmp(p, "ok    ", 6);
			if (f || o) {
				struct sb *t = f ? &bad : &ok;
				char *line = xcalloc(1, l - 6 + 1);
				memcpy(line, p + 6, l - 6);
				/* "NAME (WHERE): WHAT" */
				char *sp = strchr(line, ' ');
				sb_add(t, "<tr><td>");
				h_swatch(t, r);
				sb_printf(t, "</td><td class=\"%s chk\">%s</td><td><code>", f ? "bad" : "ok",
				          f ? "FAILED" : "held");
				if (sp)
					*sp = '\0';
				sb_html(t, line);
				sb_add(t, "</code></td><td>");
				sb_html(t, sp ? sp + 1 : "");
				sb_add(t, "</td></tr>\n");
				free(line);
				f ? nbad++ : nok++;
			}
			p += l + (e != NULL);
		}
	}
	if (nok + nbad) {
		sb_printf(h, "<p id=\"checks\">Every check of %s (verify.txt): %zu failed, %zu held; "
		          "failures first.</p>\n<table><tr><th>run</th><th>verdict</th><th>check</th>"
		          "<th>where set, what was measured</th></tr>\n",
		          R->nruns > 1 ? "every run" : "the run", nbad, nok);
		if (bad.p)
			sb_add(h, bad.p);
		if (ok.p)
			sb_add(h, ok.p);
		sb_add(h, "</table>\n");
	}
	if (nmissing)
		sb_printf(h, "<p class=\"note\">%zu run%s without verify.txt: %s verdicts are not "
		          "listed.</p>\n", nmissing, nmissing == 1 ? "" : "s", nmissing == 1 ? "its" : "their");
	free(ok.p);
	free(bad.p);
}

/* Whether a statistic of summary.json is within a bound of bound_ps, as
 * verify decides it: in whole cycles, c x 10^12 <= bound_ps x hz. The
 * cycles are summary.json's own (<stat>_cycles) when it writes them; else
 * they come from the ns text, which is c cycles' time in ps rounded down:
 * c is the one whole number whose time lies in [ps, ps + 1), the smallest at
 * or above ps x hz / 10^12 (a cycle lasts more than 1 ps: cpu.hz is at most
 * 100 GHz, doc/scenario.md). Comparing the
 * ps text alone said "holds" for 6355 cycles at 3 GHz (2118.333 ns) against
 * a bound of 2118333 ps, which verify finds broken (6354.999 cycles). */
static bool bound_holds(const struct run *r, const char *cn, const struct bound *b, uint64_t ps)
{
	char key[24];
	uint64_t c;
	snprintf(key, sizeof key, "%s_cycles", scen_stat_name(b->stat));
	if (!js_as_u64(js_get(r->sum, "latency", cn, key), &c))
		c = (uint64_t)(((unsigned __int128)ps * r->hz + UNITS_PS_PER_S - 1) / UNITS_PS_PER_S);
	return (unsigned __int128)c * UNITS_PS_PER_S <= (unsigned __int128)b->ps * r->hz;
}

static void h_verify(struct sb *h, struct rep *R)
{
	sb_add(h, "<h2 id=\"verify\">1. Verification</h2>\n");
	h_checks(h, R);
	bool any_bound = false;
	for (size_t i = 0; i < R->nruns; i++)
		any_bound |= R->runs[i].nbounds > 0;
	if (any_bound) {
		sb_add(h, "<p>Latency bounds of the scenario (<code>verify.latency</code> in config.yaml) "
		          "against the values of summary.json; they are also drawn on the CDFs below.</p>\n"
		          "<table><tr><th>run</th><th>class</th><th>statistic</th><th>bound</th>"
		          "<th>measured (ns, summary.json)</th><th>verdict</th></tr>\n");
		for (size_t i = 0; i < R->nruns; i++) {
			struct run *r = &R->runs[i];
			for (size_t k = 0; k < r->nbounds; k++) {
				const struct bound *b = &r->bounds[k];
				const char *cn = scen_class_name(b->cls);
				char key[24];
				snprintf(key, sizeof key, "%s_ns", scen_stat_name(b->stat));
				const json_t *t = js_get(r->sum, "latency", cn, key);
				uint64_t ps;
				sb_add(h, "<tr><td>");
				h_swatch(h, r);
				sb_printf(h, "</td><td>%s</td><td>%s</td><td class=\"n\">%s</td>", cn,
				          scen_stat_name(b->stat), b->text);
				if (!t) {
					sb_add(h, "<td class=\"n\">&ndash;</td><td>no samples</td></tr>\n");
					continue;
				}
				h_numcell(h, r, i, "latency", cn, key);
				if (js_ns_to_ps(t, &ps)) {
					bool ok = bound_holds(r, cn, b, ps);
					sb_printf(h, "<td class=\"%s\">%s</td></tr>\n", ok ? "ok" : "bad",
					          ok ? "holds" : "exceeded");
				} else
					sb_add(h, "<td>?</td></tr>\n");
			}
		}
		sb_add(h, "</table>\n");
	} else {
		sb_add(h, "<p>The scenario sets no latency bounds (<code>verify.latency</code> is "
		          "empty).</p>\n");
	}
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		h_run_h3(h, r, ": verify.txt</h3>\n");
		if (r->verify_text) {
			sb_add(h, "<pre>");
			sb_html(h, r->verify_text);
			sb_add(h, "</pre>\n");
		} else {
			sb_add(h, "<p class=\"note\">No verify.txt in this run directory: the verdicts of "
			          "the routing expectations and drop limits were not written there. "
			          "The run's exit status (0 all checks held, 1 a check failed) is the "
			          "verdict.</p>\n");
		}
	}
}

static void h_pct_table(struct sb *h, struct rep *R)
{
	static const char *const cols[] = {"count", "min_ns", "mean_ns", "p50_ns", "p90_ns",
	                                   "p99_ns", "p99.9_ns", "max_ns"};
	sb_add(h, "<table><tr><th>class</th><th>run</th><th>frames</th><th>min</th><th>mean</th>"
	          "<th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n");
	for (int c = 0; c < NCLS; c++) {
		const char *cn = scen_class_name(c);
		for (size_t i = 0; i < R->nruns; i++) {
			struct run *r = &R->runs[i];
			sb_add(h, "<tr>");
			if (i == 0)
				sb_printf(h, "<td rowspan=\"%zu\"><b>%s</b></td>", R->nruns, cn);
			sb_add(h, "<td>");
			h_swatch(h, r);
			sb_add(h, "</td>");
			for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
				h_numcell(h, r, i, "latency", cn, cols[k]);
			sb_add(h, "</tr>\n");
		}
	}
	sb_add(h, "</table>\n");
}

/* The keys of summary.json's object a.b in any run, in first-seen order
 * (reasons of a decision, outgoing drop reasons): the rows of the table. */
static size_t keys_seen(const struct rep *R, const char *a, const char *b,
                        const char **seen, size_t max)
{
	size_t ns = 0;
	for (size_t i = 0; i < R->nruns; i++) {
		const json_t *o = js_get(R->runs[i].sum, a, b, NULL);
		const char *k;
		json_t *v;
		if (!json_is_object(o))
			continue;
		json_object_foreach((json_t *)o, k, v) {
			bool dup = false;
			for (size_t m = 0; m < ns; m++)
				dup |= !strcmp(seen[m], k);
			if (!dup && ns < max)
				seen[ns++] = k;
		}
	}
	return ns;
}

/* The rest of a row of the counts: each run's number at k1/k2/k3, then the row's end. */
static void h_count_cells(struct sb *h, struct rep *R, const char *k1, const char *k2,
                          const char *k3)
{
	for (size_t i = 0; i < R->nruns; i++)
		h_numcell(h, &R->runs[i], i, k1, k2, k3);
	sb_add(h, "</tr>\n");
}

/* The sub-rows of the counts, one per key of summary.json's a.b in any run
 * (first seen first): prefix and the key, then each run's number. */
static void h_count_keys(struct sb *h, struct rep *R, const char *prefix, const char *a,
                         const char *b)
{
	const char *seen[64];
	size_t ns = keys_seen(R, a, b, seen, 64);
	for (size_t m = 0; m < ns; m++) {
		sb_printf(h, "<tr class=\"sub\"><td>%s", prefix);
		sb_html(h, seen[m]);
		sb_add(h, "</td>");
		h_count_cells(h, R, a, b, seen[m]);
	}
}

static void h_counts(struct sb *h, struct rep *R)
{
	h_runs_head(h, R, "frames", 1, NULL);
	sb_add(h, "<tr><td><b>input frames</b></td>");
	h_count_cells(h, R, "input", "frames", NULL);
	static const char *const dec[] = {"rt", "gp", "both", "drop", "skip"};
	for (size_t d = 0; d < 5; d++) {
		sb_printf(h, "<tr><td><b>%s</b></td>", dec[d]);
		h_count_cells(h, R, "decisions", dec[d], NULL);
		h_count_keys(h, R, "", "reasons", dec[d]);   /* the reasons of this decision */
	}
	static const char *const outk[] = {"generated", "sent", "unfinished", "app_blocked"};
	sb_add(h, "<tr><th colspan=\"99\">outgoing frames (generated by the scenario's "
	          "applications)</th></tr>\n");
	for (size_t k = 0; k < 4; k++) {
		sb_printf(h, "<tr><td><b>%s</b></td>", outk[k]);
		h_count_cells(h, R, "outgoing", outk[k], NULL);
	}
	h_count_keys(h, R, "dropped: ", "outgoing", "drops");
	sb_add(h, "<tr><th colspan=\"99\">interrupts and control</th></tr>\n");
	static const char *const misc[][2] = {
		{"interrupts", "raised"}, {"interrupts", "merged"}, {"arp_updates", "rt"},
		{"arp_updates", "gp"},    {"control", "commands"},  {"control", "applied"},
		{"control", "dropped"},   {"control", "port_ops"},  {"control", "port_refused"},
	};
	for (size_t k = 0; k < sizeof misc / sizeof misc[0]; k++) {
		sb_printf(h, "<tr><td><b>%s %s</b></td>", misc[k][0], misc[k][1]);
		h_count_cells(h, R, misc[k][0], misc[k][1], NULL);
	}
	sb_add(h, "</table>\n");
}

static void h_cpu(struct sb *h, struct rep *R)
{
	static const char *const hk[] = {"rt", "gp", "switch", "idle"};
	static const char *const hw[] = {("RT instance (interrupt handler, input thread, proxy, "
	                                  "applications)"),
	                                 "GP instance (proxy driver, stack, applications)",
	                                 "world switch between the two",
	                                 "no work for either OS"};
	h_runs_head(h, R, "CPU holder", 2, "<th>share</th><th>cycles</th>");
	for (size_t k = 0; k < 4; k++) {
		sb_printf(h, "<tr><td><b>%s</b>: %s</td>", hk[k], hw[k]);
		for (size_t i = 0; i < R->nruns; i++) {
			h_numcell(h, &R->runs[i], i, "cpu_share", hk[k], NULL);
			h_numcell(h, &R->runs[i], i, "cpu_cycles", hk[k], NULL);
		}
		sb_add(h, "</tr>\n");
	}
	sb_add(h, "</table>\n");
}

static void h_queues_table(struct sb *h, struct rep *R)
{
	static const char *const qk[] = {"rx_ring", "tx_ring", "data_out", "data_in", "control",
	                                 "gp_backlog"};
	static const char *const qcap[] = {"nic.rx_ring", "nic.tx_ring", "proxy.data_out",
	                                   "proxy.data_in", "proxy.control", "gp.socket_queue"};
	static const char *const qw[] = {"RX descriptor ring", "TX descriptor ring",
	                                 "channel 1: received frames RT &rarr; GP",
	                                 "channel 2: GP's outgoing frames GP &rarr; RT",
	                                 "channel 3: GP's interface commands", "GP receive backlog"};
	h_runs_head(h, R, "queue", 3,
	            "<th>high water (summary.json)</th><th>peak (from events.tsv)</th><th>slots</th>");
	for (int k = 0; k < 6; k++) {
		sb_printf(h, "<tr><td>%s</td>", qw[k]);
		for (size_t i = 0; i < R->nruns; i++) {
			struct run *r = &R->runs[i];
			h_numcell(h, r, i, "queues_high_water", qk[k], NULL);
			int q = k == 0 ? 0 : k == 2 ? 1 : k == 3 ? 2 : -1;
			if (q >= 0 && r->has_ev)
				sb_printf(h, "<td class=\"n\">%" PRIu64 "</td>", r->occ[q].max);
			else
				sb_add(h, "<td class=\"n\">&ndash;</td>");
			const char *cap = kv_get(r->cfg, r->ncfg, qcap[k]);
			sb_add(h, "<td class=\"n\">");
			sb_html(h, cap ? cap : "?");
			sb_add(h, "</td>");
		}
		sb_add(h, "</tr>\n");
	}
	sb_add(h, "</table>\n");
}

static void h_config(struct sb *h, struct rep *R, int num)
{
	sb_printf(h, "<h2 id=\"config\">%d. Effective configuration</h2>\n", num);
	if (R->nruns > 1 && R->runs[0].has_cfg) {
		/* keys whose value differs between the runs */
		struct sb rows = {0};
		size_t nd = 0;
		const struct run *a = &R->runs[0];
		for (size_t ki = 0; ki < a->ncfg; ki++) {
			const char *k = a->cfg[ki].key;
			bool differ = false;
			for (size_t i = 1; i < R->nruns; i++) {
				const char *v = R->runs[i].has_cfg ? kv_get(R->runs[i].cfg, R->runs[i].ncfg, k)
				                                   : NULL;
				if (!v || strcmp(v, a->cfg[ki].val))
					differ = true;
			}
			if (!differ)
				continue;
			nd++;
			sb_add(&rows, "<tr><td><code>");
			sb_html(&rows, k);
			sb_add(&rows, "</code></td>");
			for (size_t i = 0; i < R->nruns; i++) {
				const char *v = R->runs[i].has_cfg ? kv_get(R->runs[i].cfg, R->runs[i].ncfg, k)
				                                   : NULL;
				sb_add(&rows, "<td>");
				sb_html(&rows, v ? v : "(absent)");
				sb_add(&rows, "</td>");
			}
			sb_add(&rows, "</tr>\n");
		}
		if (nd) {
			sb_add(h, "<p>Keys whose values differ between the runs:</p>\n");
			h_runs_head(h, R, "key", 1, NULL);
			sb_add(h, rows.p);
			sb_add(h, "</table>\n");
		} else {
			sb_add(h, "<p>The runs have the same effective configuration.</p>\n");
		}
		free(rows.p);
	}
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		h_run_h3(h, r, ": config.yaml</h3>\n");
		if (r->has_cfg) {
			sb_add(h, "<p>The effective configuration (defaults, profile, scenario file and "
			          "<code>--set</code> overrides applied), as the run wrote it; it loads back "
			          "to the same run.</p>\n<pre>");
			sb_html(h, r->cfg_text);
			sb_add(h, "</pre>\n");
		} else {
			sb_add(h, "<p class=\"note\">No config.yaml in this run directory.</p>\n");
		}
	}
}

/* Section 6 when a run has calls: the summary.json figures and three
 * figures from calls.tsv. Returns -1 when a figure could not be made. */
static int h_calls(struct sb *h, struct rep *R, struct run **rs)
{
	static const char *const cols[] = {"count", "established", "with_mos", "mos_min", "mos_p5",
	                                   "mos_mean", "jitter_max_ms", "setup_p99_ns",
	                                   "early_media_gp", "refused"};
	sb_add(h, "<h2 id=\"calls\">6. Voice calls</h2>\n<p>The calls GP's SIP engine saw "
	          "(issue 12; doc/calls.md). The table is summary.json's <code>calls</code> "
	          "section; the figures are drawn from calls.tsv, one row per call: a call's MOS "
	          "is its worse direction's, its jitter the largest RFC 3550 estimate during "
	          "the call, its set-up time INVITE to 200 through GP.</p>\n<table><tr><th>run</th>");
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
		sb_printf(h, "<th>%s</th>", cols[k]);
	sb_add(h, "</tr>\n");
	for (size_t i = 0; i < R->nruns; i++) {
		sb_add(h, "<tr><td>");
		h_swatch(h, &R->runs[i]);
		sb_add(h, "</td>");
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
			h_numcell(h, &R->runs[i], i, "calls", cols[k], NULL);
		sb_add(h, "</tr>\n");
	}
	sb_add(h, "</table>\n");
	static const char *const what[3] = {"a MOS", "a jitter", "a set-up time"};
	for (int k = 0; k < 3; k++) {
		size_t n = 0;
		for (size_t i = 0; i < R->nruns; i++)
			if (calls_with(&R->runs[i], k))
				rs[n++] = &R->runs[i];
		if (!n) {
			sb_printf(h, "<p class=\"note\">No call has %s (no RTP reached RT, or no 200), so "
			          "there is no figure of it.</p>\n", what[k]);
			continue;
		}
		int rc = k == 0   ? calls_fig(R, "calls-mos", "MOS of each call", rs, n, calls_mos_data)
		         : k == 1 ? calls_fig(R, "calls-jitter", "Largest jitter of each call, in and out",
		                              rs, n, calls_jitter_data)
		                  : calls_fig(R, "calls-setup", "Set-up time of the calls (CDF)", rs, n,
		                              calls_setup_data);
		if (rc < 0)
			return -1;
		if (k == 0)
			h_figure(h, "calls-mos", "MOS histogram",
			         "<b>MOS of each call</b> (ITU-T G.107 E-model, its worse direction), "
			         "calls per 0.1 bin. <i>Look for</i> calls below 3.6 (G.109: many users "
			         "dissatisfied): their loss and late loss are in calls.tsv.");
		else if (k == 1)
			h_figure(h, "calls-jitter", "jitter per call",
			         "<b>Largest interarrival jitter of each call</b> (RFC 3550 A.8), in at "
			         "the RT socket (filled) and out on the wire (open). <i>Look for</i> calls "
			         "far above the others: their RTP met a busy RT or a full ring.");
		else
			h_figure(h, "calls-setup", "set-up time CDF",
			         "<b>Set-up time</b>, INVITE to 200 through GP's SIP engine, as a CDF "
			         "over the calls. <i>Look for</i> a long tail: GP's SIP thread runs at "
			         "GP's lowest priority.");
	}
	return 0;
}

static void h_needs(struct sb *h, const char *what, const char *file, const char *output)
{
	sb_printf(h, "<p class=\"note\">%s needs %s, which this run did not write: run again with "
	          "<code>--outputs</code> including <code>%s</code>.</p>\n", what, file, output);
}

/* The runs' labels, " vs " between them. */
static void h_labels(struct sb *h, struct rep *R)
{
	for (size_t i = 0; i < R->nruns; i++) {
		if (i)
			sb_add(h, " vs ");
		sb_html(h, R->runs[i].label);
	}
}

/* The start of run r's part of a section drawn from events.tsv: its heading
 * (with several runs; tail ends it) and, when the run wrote no events.tsv,
 * a note that what needs it; false then. */
static bool h_run_events(struct sb *h, struct rep *R, const struct run *r, const char *tail,
                         const char *what)
{
	if (R->nruns > 1)
		h_run_h3(h, r, tail);
	if (r->has_ev)
		return true;
	h_needs(h, what, "events.tsv", "events");
	return false;
}

static int build(struct rep *R, struct sb *h)
{
	struct run **rs = xcalloc(R->nruns, sizeof *rs);
	int rc = -1;
	bool calls = false;         /* a run has calls: section 6 */
	for (size_t i = 0; i < R->nruns; i++)
		calls |= R->runs[i].ncalls > 0;
	sb_add(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	          "<title>nicshare report: ");
	h_labels(h, R);
	sb_printf(h, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	sb_add(h, "<h1>nicshare report: ");
	h_labels(h, R);
	sb_add(h, "</h1>\n<p>One computer whose real-time OS (RT) and general-purpose OS (GP) share "
	          "one processor and one Ethernet NIC, simulated cycle by cycle. ");
	if (R->nruns > 1)
		sb_add(h, "This report overlays several runs: each keeps its colour in every figure "
		          "and table. ");
	sb_add(h, "Every number in the tables is copied from the run's summary.json; figures are "
	          "drawn from latency.tsv, dispatch.tsv and events.tsv. Click a figure for its "
	          "SVG.</p>\n");
	h_runs_table(h, R);
	sb_add(h, "<nav><b>Contents</b><ol><li><a href=\"#verify\">Verification</a></li>"
	          "<li><a href=\"#latency\">Latency by class</a></li>"
	          "<li><a href=\"#cpu\">CPU sharing and the dispatcher</a></li>"
	          "<li><a href=\"#queues\">RX ring and proxy channels</a></li>"
	          "<li><a href=\"#frames\">Frames: decisions, reasons, drops</a></li>");
	if (calls)
		sb_add(h, "<li><a href=\"#calls\">Voice calls</a></li>");
	sb_add(h, "<li><a href=\"#config\">Effective configuration</a></li></ol></nav>\n");
	h_verify(h, R);

	/* ---- latency */
	sb_add(h, "<h2 id=\"latency\">2. Latency by class</h2>\n<p>Percentiles from summary.json, "
	          "in nanoseconds. Method (summary.json <code>percentile_method</code>): ");
	bool all_same = true;
	for (size_t i = 1; i < R->nruns; i++)
		all_same &= json_equal(js_get(R->runs[i].sum, "percentile_method", NULL, NULL),
		                       js_get(R->runs[0].sum, "percentile_method", NULL, NULL));
	for (size_t i = 0; i < (all_same ? 1 : R->nruns); i++) {
		const char *m = json_string_value(js_get(R->runs[i].sum, "percentile_method", NULL, NULL));
		if (!all_same) {
			h_swatch(h, &R->runs[i]);
			sb_add(h, ": ");
		}
		sb_add(h, "<i>");
		sb_html(h, m ? m : "?");
		sb_add(h, "</i>. ");
	}
	sb_add(h, "The classes:</p>\n<ul>");
	for (int c = 0; c < NCLS; c++)
		sb_printf(h, "<li><b>%s</b>: %s</li>", scen_class_name(c), cls_what[c]);
	sb_add(h, "</ul>\n");
	h_pct_table(h, R);
	struct sb empty = {0};
	for (int c = 0; c < NCLS; c++) {
		const char *cn = scen_class_name(c);
		bool any = false;
		for (size_t i = 0; i < R->nruns; i++)
			any |= sum_count(&R->runs[i], c) > 0;
		if (!any) {
			sb_printf(&empty, "%s%s", empty.n ? ", " : "", cn);
			continue;
		}
		sb_printf(h, "<h3 id=\"lat-%s\">%s: %s</h3>\n", cn, cn, cls_what[c]);
		size_t n = runs_with(R, c, rs);
		for (size_t i = 0; i < R->nruns; i++) {
			struct run *r = &R->runs[i];
			uint64_t sc = sum_count(r, c);
			if (!r->has_lat && sc) {
				h_needs(h, "Drawing the latency of each frame", "latency.tsv", "latency");
			} else if (r->has_lat && r->lat[c].n != sc) {
				sb_add(h, "<p class=\"note\">");
				h_swatch(h, r);
				sb_printf(h, ": latency.tsv holds %zu %s samples but summary.json counts %" PRIu64
				          "; the figures use latency.tsv, the table summary.json.</p>\n",
				          r->lat[c].n, cn, sc);
			}
		}
		if (!n)
			continue;
		if (fig_cdf(R, c, rs, n) < 0 || fig_hist(R, c, rs, n) < 0)
			goto out;
		bool binned;
		if (fig_time(R, c, rs, n, &binned) < 0)
			goto out;
		char cap[2048];
		bool bounds = false, analytic = false;
		for (size_t i = 0; i < R->nruns; i++) {
			for (size_t k = 0; k < R->runs[i].nbounds; k++)
				bounds |= R->runs[i].bounds[k].cls == c;
			analytic |= js_get(R->runs[i].sum, "bound", scen_class_name((enum scen_class)c),
			                   "cycles") != NULL;
		}
		sb_add(h, "<div class=\"pair\">\n");
		snprintf(cap, sizeof cap,
		         "<b>CDF of %s latency</b>: the fraction of frames whose latency is at most x. "
		         "x is logarithmic; the y axis is stretched towards 1 so the tail shows (each "
		         "gridline adds a nine: 0.9, 0.99, 0.999), the last step is the maximum. Dots: "
		         "the p50, p90, p99 and p99.9 of summary.json. %s<i>Look for</i> a tail that "
		         "leaves the body (rare slow frames: the Gantt chart shows what held the CPU "
		         "then), steps (frames that waited for a fixed amount of other work)%s.",
		         cn, bounds ? "Red dashed lines: the scenario's bounds; a bound holds when the "
		                      "curve reaches the bound's dot at or left of the line. " : "",
		         R->nruns > 1 ? ", and which run's curve lies left at the tail" : "");
		if (analytic) {
			size_t l = strlen(cap);
			snprintf(cap + l, sizeof cap - l, " The line labelled <i>analytic bound</i> is the "
			         "worst case <code>nicshare bound</code> derives from the configuration "
			         "(summary.json <code>bound</code>, doc/bound.md): the curve's last step, "
			         "the measured maximum, is never to its right.");
		}
		char nm[48];
		snprintf(nm, sizeof nm, "cdf-%s", cn);
		h_figure(h, nm, "latency CDF", cap);
		snprintf(cap, sizeof cap,
		         "<b>Histogram of %s latency</b>: frames per bin, %d bins per decade, both axes "
		         "logarithmic so a single slow frame stays visible. <i>Look for</i> several "
		         "modes (distinct paths through the CPU, e.g. with or without a world switch) "
		         "and isolated bars far right of the body.", cn, HIST_PER_DECADE);
		snprintf(nm, sizeof nm, "hist-%s", cn);
		h_figure(h, nm, "latency histogram", cap);
		sb_add(h, "</div>\n");
		if (binned)
			snprintf(cap, sizeof cap,
			         "<b>%s latency over the run</b>: the run is cut into %u time bins by the "
			         "time each frame %s; the shaded band spans the minimum to the maximum "
			         "latency of the bin's frames, the line is the bin's p99 (nearest rank, "
			         "exact). Gaps are bins without frames. <i>Look for</i> bursts (bands that "
			         "widen when traffic or GP load peaks), and a trend (a queue that grows).",
			         cn, LAT_BINS, c == CLS_RT_TX || c == CLS_GP_TX ? "was requested" : "arrived");
		else
			snprintf(cap, sizeof cap,
			         "<b>%s latency of every frame</b> against the time the frame %s. <i>Look "
			         "for</i> bursts of slow frames and trends (a queue that grows).",
			         cn, c == CLS_RT_TX || c == CLS_GP_TX ? "was requested" : "arrived");
		snprintf(nm, sizeof nm, "time-%s", cn);
		h_figure(h, nm, "latency over time", cap);
	}
	if (empty.n) {
		sb_add(h, "<p>No samples in any run for: ");
		sb_add(h, empty.p);
		sb_add(h, " (the scenario has no traffic of that kind: rt-tx and gp-tx need "
		          "<code>traffic.rtp</code> / <code>traffic.bulk</code>, rt-rtt needs "
		          "<code>traffic.echo</code>).</p>\n");
	}
	free(empty.p);

	/* ---- CPU */
	sb_add(h, "<h2 id=\"cpu\">3. CPU sharing and the dispatcher</h2>\n<p>Shares of the simulated "
	          "time (summary.json <code>cpu_share</code>, <code>cpu_cycles</code>).</p>\n");
	h_cpu(h, R);
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		if (!r->has_disp) {
			h_needs(h, "The Gantt chart", "dispatch.tsv", "dispatch");
			continue;
		}
		if (r->ws >= r->end) {
			char e[48];
			fmt_time(e, sizeof e, r->end, r->hz);
			sb_add(h, "<p class=\"note\">");
			h_swatch(h, r);
			sb_printf(h, ": no Gantt chart: the window given with <code>--window</code> starts "
			          "after the end of the run (%s).</p>\n", e);
			continue;
		}
		bool binned;
		if (fig_gantt(R, i, &binned) < 0)
			goto out;
		char cap[2048], w0[48], w1[48], why[400];
		fmt_time(w0, sizeof w0, r->ws, r->hz);
		fmt_time(w1, sizeof w1, r->we, r->hz);
		if (r->wk == WIN_GIVEN)
			snprintf(why, sizeof why, "the window given with <code>--window</code>");
		else if (r->wk == WIN_WORST && r->wcls >= 0) {
			struct sb fr = {0};     /* latency.tsv's frame id: text of the file */
			sb_html(&fr, r->lat[r->wcls].wframe);
			snprintf(why, sizeof why, "a window around the worst %s latency of the run "
			         "(frame %s, drawn as the red span); choose another with "
			         "<code>nicshare report --window START:END</code>",
			         scen_class_name(r->wcls), fr.p ? fr.p : "");
			free(fr.p);
		} else
			snprintf(why, sizeof why, "the first 2 ms of activity (the run has no RT latency "
			         "samples); choose another with <code>nicshare report --window "
			         "START:END</code>");
		snprintf(cap, sizeof cap,
		         "<b>Dispatcher Gantt chart, %s to %s</b>, %s. Rows: who held the CPU (RT red, "
		         "GP blue, the world switch orange, idle grey), interrupts taken, RX, TX "
		         "completion or both (purple ticks, events.tsv <code>irq</code>) and frames whose last bit reached the NIC "
		         "(green ticks, <code>rx</code>)%s. <i>Look for</i> what the CPU did between a "
		         "frame's arrival and its delivery: world switches and GP work that delay RT "
		         "(with the <code>tdma</code> policy, the GP slice), and interrupts that "
		         "preempt GP. Intervals shorter than 1/1000 of the window are drawn that wide.%s",
		         w0, w1, why, r->has_ev ? "" : " (no events.tsv: no ticks)",
		         binned ? " The window holds more intervals than can be drawn: each row is "
		                  "cut into 1/1000 of the window, coloured by that holder's share of it "
		                  "(pale: a little, full colour: all of it)." : "");
		if (R->nruns > 1)
			h_run_h3(h, r, "</h3>\n");
		h_run_figure(h, r, i, "gantt", "Gantt chart", cap);
	}

	/* ---- queues */
	sb_add(h, "<h2 id=\"queues\">4. RX ring and proxy channels</h2>\n");
	h_queues_table(h, R);
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		if (!h_run_events(h, R, r, "</h3>\n",
		                  "The occupancy of the RX ring and the channels over time"))
			continue;
		if (fig_occupancy(R, i) < 0)
			goto out;
		char cap[2048], bw[48];
		fmt_time(bw, sizeof bw, r->bw, r->hz);
		snprintf(cap, sizeof cap,
		         "<b>Frames held in the RX ring and the two data channels</b>, the peak of "
		         "each %s bin. Reconstructed from events.tsv: the RX ring counts +1 at a "
		         "frame's <code>dma</code> and &minus;1 at its <code>classify</code> (the NIC "
		         "takes the descriptor at arrival, one DMA time earlier); channel 1 +1 at "
		         "<code>proxy-out</code>, &minus;1 at "
		         "<code>gp-proxy</code>; channel 2 +1 at <code>proxy-in</code>, &minus;1 at "
		         "<code>txs</code> with detail gp. A frame counts until the line of the work "
		         "that took it out, so a peak here can exceed summary.json's high-water mark "
		         "by the frames being taken out at that moment. <i>Look for</i> a ring or "
		         "channel reaching "
		         "its slots (then frames are dropped: rx-ring-full, proxy-full) and levels that "
		         "stay up (the consumer does not keep up: RT busy, or GP starved).%s", bw,
		         r->occ[0].anomalies + r->occ[1].anomalies + r->occ[2].anomalies
		             ? " Some removals had no matching insertion (a run cut short?): levels "
		               "were kept at zero."
		             : "");
		h_run_figure(h, r, i, "occupancy", "occupancy", cap);
	}

	/* ---- frames and drops */
	sb_add(h, "<h2 id=\"frames\">5. Frames: decisions, reasons and drops</h2>\n<p>Counts from "
	          "summary.json: every input frame ends in exactly one decision (SPEC A1); the "
	          "indented rows are the reasons (doc/outputs.md lists them).</p>\n");
	h_counts(h, R);
	for (size_t i = 0; i < R->nruns; i++) {
		struct run *r = &R->runs[i];
		if (!h_run_events(h, R, r, ": drops over time</h3>\n", "The figure of drops over time"))
			continue;
		if (!r->ndrops) {
			sb_add(h, "<p>No frame was dropped in this run (events.tsv has no "
			          "<code>nic-drop</code>, <code>drop</code> or <code>ctl-drop</code> "
			          "line), so there is no drops figure.</p>\n");
			continue;
		}
		if (fig_drops(R, i) < 0)
			goto out;
		char cap[1024], bw[48];
		fmt_time(bw, sizeof bw, r->bw, r->hz);
		snprintf(cap, sizeof cap,
		         "<b>Frames dropped per %s bin, by reason</b> (legend: total), from events.tsv "
		         "(<code>nic-drop</code> at the NIC, <code>drop</code> after it, "
		         "<code>ctl-drop</code> for interface commands). <i>Look for</i> drops that "
		         "come in bursts with the occupancy peaks above (rx-ring-full, proxy-full, "
		         "gp-socket-full) rather than steady filter drops (nic-filter: not for this "
		         "host).", bw);
		h_run_figure(h, r, i, "drops", "drops", cap);
	}
	if (calls && h_calls(h, R, rs) < 0)
		goto out;
	h_config(h, R, calls ? 7 : 6);
	sb_add(h, "<hr>\n<p style=\"font-size:.85em;color:#555\">Written by <code>nicshare "
	          "report</code>. The figures' data and the filled gnuplot templates are in "
	          "<code>data/</code>: <code>gnuplot data/render.gp</code> in this directory draws "
	          "them again.</p>\n</body>\n</html>\n");
	rc = 0;
out:
	free(rs);
	return rc;
}

/* ---- gnuplot ---------------------------------------------------------------------------- */
/* The gnuplot to run: $NICSHARE_GNUPLOT (a path, or a name looked up in
 * PATH), else "gnuplot" in PATH. NULL when there is none. */
static char *find_gnuplot(const char **asked)
{
	const char *g = getenv("NICSHARE_GNUPLOT");
	*asked = g && *g ? g : "gnuplot";
	if (strchr(*asked, '/'))
		return access(*asked, X_OK) == 0 ? xstrdup(*asked) : NULL;
	const char *path = getenv("PATH");
	if (!path)
		return NULL;
	const char *p = path;
	for (;;) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct sb c = {0};
		if (n)
			sb_printf(&c, "%.*s/%s", (int)n, p, *asked);
		else
			sb_printf(&c, "./%s", *asked);
		struct stat st;
		if (stat(c.p, &st) == 0 && S_ISREG(st.st_mode) && access(c.p, X_OK) == 0)
			return c.p;
		free(c.p);
		if (!e)
			break;
		p = e + 1;
	}
	return NULL;
}

static int run_gnuplot(struct rep *R, const char *gp)
{
	char *log = paths_join(R->data, "gnuplot.log");
	pid_t pid = fork();
	if (pid < 0) {
		fail(R, "cannot start gnuplot: %s", strerror(errno));
		free(log);
		return -1;
	}
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);
		if (fd < 0 || nul < 0 || chdir(R->tmp) < 0)
			_exit(126);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		/* -d: no ~/.gnuplot, so the figures do not depend on who runs it */
		execl(gp, "gnuplot", "-d", "data/render.gp", (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			fail(R, "waiting for gnuplot: %s", strerror(errno));
			free(log);
			return -1;
		}
	char *out = read_file(log, NULL);
	bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (!ok) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			fail(R, "%s: cannot execute gnuplot", gp);
		else
			fail(R, "gnuplot failed on %s/data/render.gp (%s %d)%s%s", R->tmp,
			     WIFEXITED(st) ? "exit status" : "signal",
			     WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
			     out && *out ? ":\n" : "", out ? out : "");
		if (out && (strstr(out, "pngcairo") || strstr(out, "terminal type")))
			fputs("nicshare report: this gnuplot lacks the pngcairo terminal; Debian's "
			      "gnuplot-nox has it\n", R->err);
	} else if (out && *out) {
		fprintf(R->err, "nicshare report: gnuplot said:\n%s", out);
	}
	free(out);
	unlink(log);
	free(log);
	return ok ? 0 : -1;
}

static int write_render(struct rep *R)
{
	char *p;
	FILE *f = data_open(R, "render.gp", &p);
	if (!f)
		return -1;
	fputs("# render.gp - written by `nicshare report`: every figure as PNG and SVG.\n"
	      "# Run from the report directory: gnuplot -d data/render.gp\n", f);
	for (size_t i = 0; i < R->nfig; i++) {
		const struct fig *g = &R->figs[i];
		char id[48];
		snprintf(id, sizeof id, "%s", g->name);
		for (char *c = id; *c; c++)
			if (!isalnum((unsigned char)*c))
				*c = '_';
		fprintf(f, "\nreset\nload 'data/common.gp'\n"
		        "set terminal pngcairo size %d,%d noenhanced font \"DejaVu Sans,10\" "
		        "background rgb \"white\"\n"
		        "set output '%s.png'\nload 'data/%s.gp'\nunset output\n",
		        g->w, g->h, g->name, g->name);
		fprintf(f, "reset\nload 'data/common.gp'\n"
		        "set terminal svg size %d,%d fixed noenhanced font \"DejaVu Sans,11\" "
		        "name \"%s\" background rgb \"white\"\n"
		        "set output '%s.svg'\nload 'data/%s.gp'\nunset output\n",
		        g->w, g->h, id, g->name, g->name);
	}
	return data_close(R, f, p);
}

/* ---- report directory --------------------------------------------------------------------- */
/* What a report writes, and so what it may remove (doc/report.md): at the
 * top of its folder index.html and the figures (*.html, *.png, *.svg), and
 * data/ with the filled scripts, their data and gnuplot's log (*.gp, *.dat,
 * *.log); regular files only. */
static bool ours_name(const char *name, bool in_data)
{
	static const char *const top[] = {".html", ".png", ".svg"};
	static const char *const data[] = {".gp", ".dat", ".log"};
	const char *const *ext = in_data ? data : top;
	for (size_t k = 0; k < 3; k++)
		if (ends_with(name, ext[k]) && strlen(name) > strlen(ext[k]))
			return true;
	return false;
}

/* Walk a report folder (in_data: its data/): check (rm false) that it holds
 * only what ours_name() allows, else -1 with msg naming the first other
 * entry; or (rm true) remove those files. */
static int ours_walk(const char *dir, bool in_data, bool rm, char *msg, size_t n)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(msg, n, "%s: cannot read: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = paths_join(dir, e->d_name);
		struct stat st;
		if (!p || lstat(p, &st) < 0) {
			snprintf(msg, n, "%s/%s: %s", dir, e->d_name, strerror(p ? errno : ENOMEM));
			rc = -1;
		} else if (!in_data && S_ISDIR(st.st_mode) && !strcmp(e->d_name, "data")) {
			rc = ours_walk(p, true, rm, msg, n);
			if (rc == 0 && rm && rmdir(p) < 0) {
				snprintf(msg, n, "%s: %s", p, strerror(errno));
				rc = -1;
			}
		} else if (!S_ISREG(st.st_mode) || !ours_name(e->d_name, in_data)) {
			snprintf(msg, n, "%s: a file nicshare report did not write (it writes only "
			         "*.html, *.png, *.svg and data/ with *.gp, *.dat, *.log); nothing was "
			         "removed: remove it or choose another --out", p);
			rc = -1;
		} else if (rm && unlink(p) < 0) {
			snprintf(msg, n, "%s: %s", p, strerror(errno));
			rc = -1;
		}
		free(p);
	}
	closedir(d);
	return rc;
}

/* Whether dir may be replaced: it does not exist (0, *there false), or it
 * is a folder holding only what a report writes (0, *there true); else -1
 * with msg. */
static int ours_check(const char *dir, bool *there, char *msg, size_t n)
{
	struct stat st;
	*there = false;
	if (lstat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(msg, n, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(msg, n, "%s: not a folder nicshare report wrote; nothing was removed: "
		         "remove it or choose another --out", dir);
		return -1;
	}
	*there = true;
	return ours_walk(dir, false, false, msg, n);
}

/* Remove a report folder this code wrote. Everything in it is checked
 * first: when it holds anything a report does not write, nothing at all is
 * removed and the removal fails. A folder that does not exist is fine. */
static int remove_ours(const char *dir, char *msg, size_t n)
{
	bool there;
	if (ours_check(dir, &there, msg, n) < 0)
		return -1;
	if (!there)
		return 0;
	if (ours_walk(dir, false, true, msg, n) < 0)
		return -1;
	if (rmdir(dir) < 0) {
		snprintf(msg, n, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static const char *templates_dir(void)
{
	static char buf[4096];
	const char *e = getenv("NICSHARE_REPORTS");
	if (e && *e)
		return e;
	snprintf(buf, sizeof buf, "%s/reports", ns_datadir());
	return buf;
}

int report_generate_to(const char *const *dirs, size_t ndirs, const char *reportdir,
                       const struct report_opts *o, FILE *err)
{
	struct rep R = {0};
	R.err = err ? err : stderr;
	R.o = o;
	int rc = 2;
	char *gp = NULL;
	struct sb html = {0};
	if (ndirs == 0) {
		fail(&R, "no run directory given");
		return 2;
	}
	const char *asked;
	gp = find_gnuplot(&asked);
	if (!gp) {
		fail(&R, "gnuplot not found (looked for \"%s\"%s): install gnuplot (Debian: apt-get "
		     "install gnuplot-nox) or set NICSHARE_GNUPLOT to its path; no report written, "
		     "the run's outputs are untouched", asked,
		     strchr(asked, '/') ? "" : " in PATH");
		return 2;
	}
	R.tpldir = templates_dir();
	{
		char *c = paths_join(R.tpldir, "common.gp");
		bool ok = file_exists(c);
		if (!ok)
			fail(&R, "%s: the gnuplot templates of reports/ are missing (set NICSHARE_REPORTS "
			     "to the reports/ folder of the nicshare sources)", c);
		free(c);
		if (!ok)
			goto out;
	}
	R.runs = xcalloc(ndirs, sizeof *R.runs);
	R.nruns = ndirs;
	for (size_t i = 0; i < ndirs; i++)
		if (load_run(&R, &R.runs[i], dirs[i], i) < 0)
			goto out;
	/* the same label twice: number them */
	for (size_t i = 1; i < ndirs; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(R.runs[i].label, R.runs[j].label)) {
				char buf[512];
				snprintf(buf, sizeof buf, "%s #%zu", R.runs[i].label, i + 1);
				free(R.runs[i].label);
				R.runs[i].label = xstrdup(buf);
				break;
			}

	{
		struct sb t = {0};
		sb_add(&t, reportdir);
		sb_add(&t, ".tmp");
		R.tmp = t.p;
	}
	char msg[1024];
	bool there;
	/* an earlier report that cannot be replaced: said before any work */
	if (ours_check(reportdir, &there, msg, sizeof msg) < 0 ||
	    remove_ours(R.tmp, msg, sizeof msg) < 0) {
		fail(&R, "%s", msg);
		goto out;
	}
	R.data = paths_join(R.tmp, "data");
	if (mkdir(R.tmp, 0777) < 0 || mkdir(R.data, 0777) < 0) {
		fail(&R, "%s: cannot create: %s", R.tmp, strerror(errno));
		goto out;
	}
	{
		struct vars vs = {0};
		int frc = fill_template(&R, "common", "common", &vs);
		if (frc < 0)
			goto fail_tmp;
	}
	if (build(&R, &html) < 0 || write_render(&R) < 0)
		goto fail_tmp;
	{
		char *ip = paths_join(R.tmp, "index.html");
		FILE *f = fopen(ip, "w");
		if (!f || fwrite(html.p, 1, html.n, f) != html.n || fclose(f) != 0) {
			fail(&R, "%s: cannot write: %s", ip, strerror(errno));
			free(ip);
			goto fail_tmp;
		}
		free(ip);
	}
	if (run_gnuplot(&R, gp) < 0) {
		/* keep what gnuplot was given, for whoever looks into it */
		fprintf(R.err, "nicshare report: the unfinished report stays in %s for inspection\n",
		        R.tmp);
		goto out;
	}
	for (size_t i = 0; i < R.nfig; i++) {
		static const char *const ext[] = {".png", ".svg"};
		for (int k = 0; k < 2; k++) {
			char fn[64];
			snprintf(fn, sizeof fn, "%s%s", R.figs[i].name, ext[k]);
			char *p = paths_join(R.tmp, fn);
			struct stat st;
			bool ok = stat(p, &st) == 0 && st.st_size > 0;
			if (!ok)
				fail(&R, "%s: gnuplot wrote no figure", p);
			free(p);
			if (!ok)
				goto fail_tmp;
		}
	}
	if (remove_ours(reportdir, msg, sizeof msg) < 0) {
		fail(&R, "%s", msg);
		goto fail_tmp;
	}
	if (rename(R.tmp, reportdir) < 0) {
		fail(&R, "%s: cannot rename to %s: %s", R.tmp, reportdir, strerror(errno));
		goto fail_tmp;
	}
	rc = 0;
	goto out;
fail_tmp:
	remove_ours(R.tmp, msg, sizeof msg);
out:
	for (size_t i = 0; i < R.nruns; i++)
		run_free(&R.runs[i]);
	free(R.runs);
	free(R.figs);
	free(R.tmp);
	free(R.data);
	free(html.p);
	free(gp);
	return rc;
}

int report_generate(const char *const *dirs, size_t ndirs, const char *outdir, FILE *err)
{
	char *rd = paths_join(outdir, "report");
	int rc = report_generate_to(dirs, ndirs, rd, NULL, err);
	free(rd);
	return rc;
}

/* ---- the command ---------------------------------------------------------------------------- */
static const struct cli_opt report_opts_def[] = {
	{"out", 0, "DIR", "write the report to DIR/report/ (default: the run's\n"
	 "DIR/report/; with several runs, the first one's\nreport-overlay/)"},
	{"window", 0, "START:END", "the Gantt chart's time window, e.g. 1ms:1.2ms (time\n"
	 "since the run's start, where a capture's first\nframe is at trace.offset; within the run);\n"
	 "default: around the run's worst RT latency, else\nits first 2 ms of activity"},
};
static const struct cli_cmd report_def = {
	"report", "report DIR [DIR ...] [--out DIR] [--window START:END]",
	"Write an HTML report of one run (DIR/report/index.html) or of several runs\n"
	"overlaid (e.g. a tdma run against a priority run), with figures drawn by\n"
	"gnuplot (PNG and SVG): latency CDF, histogram and latency over time per\n"
	"class, the dispatcher's Gantt chart, the RX ring and proxy channel\n"
	"occupancy, drops over time; tables of decisions and reasons, percentiles\n"
	"(copied from summary.json), CPU shares, verification and the effective\n"
	"configuration. DIR is a directory written by `nicshare run --out DIR`.\n"
	"On a world's run (world.json): the topology, hosts, links and each flow's\n"
	"network delay hop by hop, and each computer's own report (doc/report.md).\n",
	report_opts_def, sizeof report_opts_def / sizeof report_opts_def[0],
	"Needs gnuplot with the pngcairo and svg terminals (Debian: gnuplot-nox);\n"
	"NICSHARE_GNUPLOT names another gnuplot, NICSHARE_REPORTS another folder of\n"
	"templates. doc/report.md describes every figure.\n"
	"Exit status: 0 the report was written, 2 bad usage, bad input or no gnuplot.\n"};

static int report_usage(const char *what, const char *arg)
{
	fprintf(stderr, "nicshare report: %s%s%s\nTry 'nicshare report --help'.\n", what,
	        arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int parse_window(const char *s, struct report_opts *o)
{
	const char *colon = strchr(s, ':');
	char a[64], msg[256];
	if (!colon || (size_t)(colon - s) >= sizeof a)
		return report_usage("--window needs START:END, e.g. 1ms:1.2ms", s);
	memcpy(a, s, (size_t)(colon - s));
	a[colon - s] = '\0';
	if (units_parse(CU_PS, a, 0, UINT64_MAX, &o->win_start_ps, NULL, msg, sizeof msg) < 0) {
		fprintf(stderr, "nicshare report: --window %s: start: %s\n", s, msg);
		return 2;
	}
	if (units_parse(CU_PS, colon + 1, 0, UINT64_MAX, &o->win_end_ps, NULL, msg, sizeof msg) < 0) {
		fprintf(stderr, "nicshare report: --window %s: end: %s\n", s, msg);
		return 2;
	}
	if (o->win_end_ps <= o->win_start_ps)
		return report_usage("--window: END must be after START", s);
	o->window_set = true;
	return 0;
}

struct ropts {
	struct report_opts o;
	const char *out;
	const char **dirs;
	size_t nd;
};

static int on_ropt(void *ctx, int i, const char *arg)
{
	struct ropts *ro = ctx;
	if (i < 0) {
		ro->dirs[ro->nd++] = arg;
	} else if (!strcmp(report_opts_def[i].name, "out")) {
		if (!*arg)
			return report_usage("--out needs a directory", NULL);
		ro->out = arg;
	} else {
		return parse_window(arg, &ro->o) != 0 ? 2 : 0;
	}
	return 0;
}

int report_main(int argc, char **argv) { return report_main_kinds(argc, argv, NULL, 0); }

int report_main_kinds(int argc, char **argv, const struct report_kind *kinds, size_t nk)
{
	struct ropts ro = {0};
	int rc = 2;
	ro.dirs = xcalloc((size_t)argc + 1, sizeof *ro.dirs);
	rc = cli_parse(&report_def, argc, argv, on_ropt, &ro);
	if (rc) {
		rc = rc == 3 ? 0 : 2;
		goto done;
	}
	rc = 2;
	const char *out = ro.out;
	const char **dirs = ro.dirs;
	size_t nd = ro.nd;
	struct report_opts o = ro.o;
	if (nd == 0) {
		rc = report_usage("needs a run directory (written by `nicshare run --out DIR`)", NULL);
		goto done;
	}
	/* a folder of another kind has its own report, in its own report/ */
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < nk; k++) {
			if (!kinds[k].is(dirs[i]))
				continue;
			if (nd > 1 || out || o.window_set) {
				fprintf(stderr, "nicshare report: %s: %s, whose report is written to "
				        "%s/report/: give it alone, without --out or --window\n", dirs[i],
				        kinds[k].what, dirs[i]);
				goto done;
			}
			rc = kinds[k].write(dirs[i], stderr);
			if (rc == 0 && !kinds[k].says)
				printf("nicshare report: %s/report/index.html\n", dirs[i]);
			goto done;
		}
	char *rd;
	if (out) {
		struct stat st;
		if (stat(out, &st) < 0 && mkdir(out, 0777) < 0) {
			fprintf(stderr, "nicshare report: %s: cannot create: %s\n", out, strerror(errno));
			goto done;
		}
		rd = paths_join(out, "report");
	} else {
		rd = paths_join(dirs[0], nd > 1 ? "report-overlay" : "report");
	}
	rc = report_generate_to(dirs, nd, rd, &o, stderr);
	if (rc == 0) {
		char *ip = paths_join(rd, "index.html");
		printf("nicshare report: %s\n", ip);
		free(ip);
	}
	free(rd);
done:
	free(ro.dirs);
	return rc;
}

/* ---- for the world's report (wreport.c): the same gnuplot, templates and clean-up ---- */
const char *report_templates(void) { return templates_dir(); }
int report_gnuplot_run(const char *gp, const char *dir, FILE *err)
{
	struct rep R = {0};
	R.err = err;
	R.tmp = (char *)dir;      /* read only: not freed here */
	R.data = paths_join(dir, "data");
	int rc = run_gnuplot(&R, gp);
	free(R.data);
	return rc;
}

char *report_ready(const char *fin, FILE *err)
{
	char msg[1024];
	if (report_replaceable(fin, msg, sizeof msg) < 0) {
		fprintf(err, "nicshare report: %s\n", msg);
		return NULL;
	}
	const char *asked;
	char *gp = find_gnuplot(&asked);
	if (!gp)
		fprintf(err, "nicshare report: gnuplot not found (looked for \"%s\"): install gnuplot "
		        "(Debian: apt-get install gnuplot-nox) or set NICSHARE_GNUPLOT; no report "
		        "written\n", asked);
	return gp;
}

int report_replaceable(const char *dir, char *msg, size_t n)
{
	bool there;
	if (n)
		msg[0] = '\0';
	return ours_check(dir, &there, msg, n);
}

int report_clear(const char *dir, char *msg, size_t n)
{
	if (n)
		msg[0] = '\0';
	return remove_ours(dir, msg, n);
}
