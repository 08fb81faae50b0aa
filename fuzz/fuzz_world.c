/* fuzz_world.c - libFuzzer target: the world configuration loader
 * (src/worldcfg.c over libyaml, after src/scenario.c), the configuration of
 * the patent's second embodiment (Fig. 9: gateway 902, IP network 908, far
 * computer 904, billing computer 906). The world is read, never run: no
 * SimGrid here.
 *
 * Input: the YAML of a whole scenario (with, usually, a world: section);
 * after the first NUL byte, --set overrides "key=value", one per
 * NUL-terminated piece (at most 16; empty pieces skipped), as fuzz_scenario.
 * The YAML is written to TMP/x/y/in.yaml, where TMP is a fresh directory
 * made once (mkdtemp under $TMPDIR) holding symbolic links to the source
 * tree's folders (TMP/traces, TMP/scenarios, TMP/x/traces, TMP/x/scenarios,
 * TMP/x/scen-good, TMP/x/scen-bad), so that the seeds' relative paths
 * ("../traces/...", a computer's "../scen-bad/...") resolve as in the tree
 * (fuzzyaml.h).
 *
 * scenario_load reads it; when it loads and has a world, wcfg_load reads
 * the world with the same overrides. Checked (src/worldcfg.h, doc/scenario.md
 * "world"):
 *  - NULL comes with at least one message, a world with none; the first
 *    message says where: "IN:LINE:COL: " or "--set ...: " (or, for
 *    scenario_load, a profile file); a computer whose scenario is invalid is
 *    named, then its own file's messages follow;
 *  - a world that loads has hosts, unique good names and unique addresses;
 *    a computer has its scenario loaded and takes its address from it (no
 *    plain host's key was given to it); a plain host has an address, an
 *    application, and a `to` that is another host joined to it by a route
 *    when its application sends (rtp, bulk, callfar); fields are within
 *    their ranges;
 *  - every link has 0 < bandwidth <= 1 Tbit/s and 0 < latency <= one day,
 *    loss below one, queue at most 10^6;
 *  - every route joins two different existing hosts over existing links,
 *    one route per pair; wcfg_route gives its links both ways;
 *  - the timeline names existing links, sorted by time;
 *  - the printed configuration (scenario_print, then wcfg_print, as
 *    `nicshare config`) loads back and prints the same text again
 *    ("loads back to the same world"). */
#define _GNU_SOURCE   /* open_memstream, mkdtemp, realpath */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../src/scenario.h"
#include "../src/worldcfg.h"
#include "fuzzyaml.h"

#define ONE_DAY_PS (86400ull * 1000000000000ull)

static const struct fuzzyaml_link g_links[] = {
	{"traces", "traces"}, {"scenarios", "scenarios"}, {"x/traces", "traces"},
	{"x/scenarios", "scenarios"}, {"x/scen-good", "tests/scen-good"},
	{"x/scen-bad", "tests/scen-bad"},
};

/* The messages of a world refused: the first line names where, "PATH:LINE:COL: "
 * of the file or an override ("--set "); a computer refused because its
 * own scenario is invalid has that line, then at least one line of the
 * scenario's own messages. */
static void check_messages(const char *msg, size_t len, const char *path)
{
	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(msg[len - 1] == '\n');
	const char *nl = memchr(msg, '\n', len);
	size_t l = (size_t)(nl - msg);
	bool ok = strncmp(msg, "--set ", 6) == 0 || fuzzyaml_at_line_col(msg, l, path);
	if (!ok)
		fprintf(stderr, "message does not say where:\n%.*s\n", (int)l, msg);
	FUZZ_CHECK(ok);
	/* "...: the computer's scenario FILE is invalid:" has FILE's messages after it */
	for (const char *p = msg, *e; p < msg + len; p = e + 1) {
		e = memchr(p, '\n', (size_t)(msg + len - p));
		static const char inv[] = " is invalid:";
		size_t n = (size_t)(e - p), k = sizeof inv - 1;
		if (memmem(p, n, "the computer's scenario ", 24) && n > k && memcmp(e - k, inv, k) == 0 &&
		    e + 1 == msg + len) {
			fprintf(stderr, "a computer's scenario is invalid, but why is not said:\n%s", msg);
			FUZZ_CHECK(false);
		}
	}
}

static struct wcfg *load_world(const char *path, const struct scenario *self,
                               const char *const *ov, size_t nov)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&msg, &len);
	FUZZ_CHECK(err != NULL);
	struct wcfg *w = wcfg_load(path, self, ov, nov, err);
	FUZZ_CHECK(fclose(err) == 0);
	if (w) {
		if (len)
			fprintf(stderr, "a world loaded with messages:\n%s", msg);
		FUZZ_CHECK(len == 0);
	} else {
		check_messages(msg, len, path);
	}
	free(msg);
	return w;
}

static bool good_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/* What worldcfg.h and doc/scenario.md promise of a world that loaded. */
static void check_world(const struct wcfg *w, const char *path)
{
	int tmp[64];
	FUZZ_CHECK(w->file && strcmp(w->file, path) == 0);
	FUZZ_CHECK(w->duration_ps <= ONE_DAY_PS);
	FUZZ_CHECK(w->nhosts >= 1);
	for (size_t i = 0; i < w->nhosts; i++) {
		const struct wcfg_host *h = &w->hosts[i];
		FUZZ_CHECK(h->name && good_name(h->name));
		for (size_t j = 0; j < i; j++) {
			FUZZ_CHECK(strcmp(w->hosts[j].name, h->name) != 0);
			FUZZ_CHECK(w->hosts[j].ipv4 != h->ipv4);
		}
		FUZZ_CHECK(h->to >= -1 && h->to < (int)w->nhosts && h->to != (int)i);
		if (h->computer) {
			FUZZ_CHECK(h->sc != NULL && h->plain_key == NULL);
			FUZZ_CHECK(!h->scenario || !h->sc->has_world);
			FUZZ_CHECK(h->ipv4 == h->sc->ipv4);
			FUZZ_CHECK(memcmp(h->mac, h->sc->mac, 6) == 0);
			continue;
		}
		FUZZ_CHECK(h->sc == NULL && h->scenario == NULL && h->nset == 0);
		FUZZ_CHECK(h->ipv4 != 0);
		FUZZ_CHECK((unsigned)h->app < WAPP__COUNT);
		if (h->app == WAPP_RTP || h->app == WAPP_BULK || h->app == WAPP_CALLFAR)
			FUZZ_CHECK(h->to >= 0);
		if (h->to >= 0)
			FUZZ_CHECK(wcfg_route(w, (int)i, h->to, tmp, 64) > 0);
		if (h->app == WAPP_CALLFAR) {
			const struct wcfg_host *g = &w->hosts[h->to];
			FUZZ_CHECK(g->computer && g->sc->far_remote && g->sc->gen_mode != 0);
			FUZZ_CHECK(g->sc->far_ipv4 == h->ipv4);
		}
		if (h->app == WAPP_RTP || h->app == WAPP_BULK)
			FUZZ_CHECK(h->duration_ps > 0 || w->duration_ps > 0);
		FUZZ_CHECK(h->ptime_ps >= 1000000 && h->ptime_ps <= ONE_DAY_PS);
		FUZZ_CHECK(h->start_ps <= ONE_DAY_PS && h->duration_ps <= ONE_DAY_PS &&
		           h->stagger_ps <= ONE_DAY_PS);
		FUZZ_CHECK(h->payload <= 1458);
		FUZZ_CHECK(h->channels >= 1 && h->channels <= 10000);
		FUZZ_CHECK(h->frame_size >= 60 && h->frame_size <= 1514);
		FUZZ_CHECK(h->rate_bps >= 1 && h->rate_bps <= 100000000000ull);
	}
	for (size_t i = 0; i < w->nlinks; i++) {
		const struct wcfg_link *l = &w->links[i];
		FUZZ_CHECK(l->name && good_name(l->name));
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(w->links[j].name, l->name) != 0);
		FUZZ_CHECK(l->bw_bps > 0 && l->bw_bps <= 1000000000000ull);
		FUZZ_CHECK(l->lat_ps > 0 && l->lat_ps <= ONE_DAY_PS);
		FUZZ_CHECK(l->loss_ppm < 1000000);
		FUZZ_CHECK(l->queue <= 1000000);
	}
	for (size_t i = 0; i < w->nroutes; i++) {
		const struct wcfg_route *r = &w->routes[i];
		FUZZ_CHECK(r->a >= 0 && r->a < (int)w->nhosts);
		FUZZ_CHECK(r->b >= 0 && r->b < (int)w->nhosts);
		FUZZ_CHECK(r->a != r->b);
		FUZZ_CHECK(r->nlinks >= 1 && r->links != NULL);
		for (size_t k = 0; k < r->nlinks; k++)
			FUZZ_CHECK(r->links[k] >= 0 && r->links[k] < (int)w->nlinks);
		for (size_t j = 0; j < i; j++) {
			const struct wcfg_route *q = &w->routes[j];
			FUZZ_CHECK(!((q->a == r->a && q->b == r->b) || (q->a == r->b && q->b == r->a)));
		}
		/* both ways: forward as written, backward reversed */
		if (r->nlinks <= 64) {
			FUZZ_CHECK(wcfg_route(w, r->a, r->b, tmp, 64) == r->nlinks);
			for (size_t k = 0; k < r->nlinks; k++)
				FUZZ_CHECK(tmp[k] == r->links[k]);
			FUZZ_CHECK(wcfg_route(w, r->b, r->a, tmp, 64) == r->nlinks);
			for (size_t k = 0; k < r->nlinks; k++)
				FUZZ_CHECK(tmp[k] == r->links[r->nlinks - 1 - k]);
		}
	}
	for (size_t i = 0; i < w->nevents; i++) {
		const struct wcfg_event *e = &w->events[i];
		FUZZ_CHECK(e->link >= 0 && e->link < (int)w->nlinks);
		FUZZ_CHECK(e->at_ps <= ONE_DAY_PS);
		if (i)
			FUZZ_CHECK(w->events[i - 1].at_ps <= e->at_ps);
	}
}

/* The configuration as `nicshare config` prints it: the scenario, then
 * the world. */
struct config {
	const struct scenario *s;
	const struct wcfg *w;
};

static void print(const void *x, FILE *f)
{
	const struct config *c = x;
	scenario_print(c->s, f);
	wcfg_print(c->w, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ov[FUZZYAML_MAX_OV];
	size_t nov;
	char *buf = fuzzyaml_input("fuzz_world", g_links, sizeof g_links / sizeof g_links[0],
	                           data, size, ov, &nov);

	struct scenario *s = fuzzyaml_load(fy_in, ov, nov);
	struct wcfg *w = s && s->has_world ? load_world(fy_in, s, ov, nov) : NULL;
	if (w) {
		check_world(w, fy_in);
		/* printed, it loads back to the same world */
		size_t l1 = 0, l2 = 0;
		struct config c1 = {s, w};
		char *t1 = fuzzyaml_text(print, &c1, &l1);
		fuzzyaml_put(fy_rt, t1, l1);
		struct scenario *s2 = fuzzyaml_load(fy_rt, NULL, 0);
		if (!s2 || !s2->has_world)
			fprintf(stderr, "the printed world does not load back:\n%s", t1);
		FUZZ_CHECK(s2 != NULL && s2->has_world);
		struct wcfg *w2 = load_world(fy_rt, s2, NULL, 0);
		if (!w2)
			fprintf(stderr, "the printed world does not load back:\n%s", t1);
		FUZZ_CHECK(w2 != NULL);
		check_world(w2, fy_rt);
		struct config c2 = {s2, w2};
		char *t2 = fuzzyaml_text(print, &c2, &l2);
		fuzzyaml_same(t1, l1, t2, l2);
		unlink(fy_rt);
		free(t1);
		free(t2);
		wcfg_free(w2);
		scenario_free(s2);
		wcfg_free(w);
	}
	unlink(fy_in);
	scenario_free(s);
	free(buf);
	return 0;
}
