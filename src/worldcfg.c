/* worldcfg.c - read and check the world: section, see worldcfg.h.
 * Models the configuration of the patent's second embodiment (Fig. 9) and
 * of "another computer system 200" (Fig. 2): which computers and plain
 * hosts exist, the links of the IP network 908 and the routes over them.
 *
 * The section is read from the scenario file's own YAML document (libyaml's
 * document API keeps every node's mark), then the --set world.* overrides
 * are applied, then the cross-checks run (routes name known hosts and
 * links, a host that traffic targets is reachable, every link can time a
 * frame). Every problem is printed, then NULL is returned. */
#include "worldcfg.h"
#include "paths.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "units.h"
#include "yamldoc.h"

#define KEYLEN 512
#define MAX_PS (86400ull * 1000000000000ull)   /* one day */

struct pending_to { size_t host; char *name; };   /* to: resolved once hosts are known */

struct wl {                /* the loader */
	struct pending_to *pto;
	size_t npto;
	struct wcfg *w;
	FILE *err;
	const char *file;      /* for locations */
	const char *opt;       /* "--set ..." while applying an override */
	const struct scenario *self;
	const char *const *ov;
	size_t nov;
	int nerr;
	struct scen_loc hosts_loc;  /* world.hosts: in the file, else world: (file 0: none) */
	struct refused_name {       /* hosts and links refused for their name: a route or a
	                             * `to` naming one is not told again that it is unknown */
		bool host;
		char *name;
	} *refused;
	size_t nrefused;
	bool hosts_refused;         /* the hosts: (links:) section itself was refused, */
	bool links_refused;         /* misspelt or not a map: no name in it is known */
};

static void emit(struct wl *L, const struct scen_loc *loc, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void emit(struct wl *L, const struct scen_loc *loc, const char *key, const char *fmt, ...)
{
	char line[2048];
	size_t n = 0;
	if (loc && loc->opt)
		n += (size_t)snprintf(line, sizeof line, "%s: ", loc->opt);
	else if (loc && loc->file)
		n += (size_t)snprintf(line, sizeof line, "%s:%d:%d: ", loc->file, loc->line, loc->col);
	if (n < sizeof line)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s: ", key);
	if (n < sizeof line) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof line - n, fmt, ap);
		va_end(ap);
	}
	for (const unsigned char *c = (const unsigned char *)line; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			fprintf(L->err, "\\x%02x", *c);
		else
			fputc(*c, L->err);
	fputc('\n', L->err);
	L->nerr++;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = xcalloc(strlen(s) + 1, 1);
	memcpy(d, s, strlen(s));
	return d;
}

static void *grow(void *p, size_t n, size_t sz)
{
	void *q = realloc(p, (n + 1) * sz);
	if (!q) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	memset((char *)q + n * sz, 0, sz);
	return q;
}

static struct scen_loc loc_of(const struct wl *L, const yaml_node_t *n)
{
	struct scen_loc l = {L->file, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1,
	                     NULL};
	if (L->opt) {          /* a --set value: the option names the place */
		l.file = NULL;
		l.line = l.col = 0;
		l.opt = L->opt;
	}
	return l;
}

static yaml_node_t *ynode(yaml_document_t *d, int id) { return yaml_document_get_node(d, id); }

/* "did you mean": the nearest of names within distance 2 */
static const char *near(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	unsigned bd = 3;
	for (size_t i = 0; i < n; i++) {
		unsigned d = units_edit_distance(s, names[i], 2);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}

static void unknown(struct wl *L, const struct scen_loc *loc, const char *key, const char *what,
                    const char *name, const char *const *names, size_t n)
{
	const char *nb = near(name, names, n);
	char all[512] = "";
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof all; i++)
		k += (size_t)snprintf(all + k, sizeof all - k, "%s%s", i ? ", " : "", names[i]);
	if (nb)
		emit(L, loc, key, "unknown %s \"%s\" (did you mean %s?)", what, name, nb);
	else
		emit(L, loc, key, "unknown %s \"%s\"; expected one of: %s", what, name, n ? all : "(none)");
}

/* ---- fields ---------------------------------------------------------------- */

static const char *const host_fields[] = {
	"scenario", "set", "ip", "mac", "app", "to", "port", "dport", "ptime", "payload",
	"channels", "stagger", "start", "duration", "rate", "frame_size", "echo",
};
#define N_HOST_FIELDS (sizeof host_fields / sizeof host_fields[0])
static const char *const link_fields[] = {"bandwidth", "latency", "loss", "queue"};
#define N_LINK_FIELDS 4
static const char *const app_names[WAPP__COUNT] = {"sink", "rtp", "bulk", "billing", "callfar"};
const char *wcfg_app_name(enum wapp a) { return app_names[a]; }

static bool dur(struct wl *L, const struct scen_loc *loc, const char *key, const char *t,
                uint64_t min, uint64_t *out)
{
	char msg[256];
	if (t[0] == '-') {
		emit(L, loc, key, "negative duration \"%s\": a time cannot go backwards", t);
		return false;
	}
	if (units_parse(CU_PS, t, min, MAX_PS, out, NULL, msg, sizeof msg) < 0) {
		emit(L, loc, key, "%s", msg);
		return false;
	}
	return true;
}

static bool count(struct wl *L, const struct scen_loc *loc, const char *key, const char *t,
                  uint64_t min, uint64_t max, uint64_t *out)
{
	char msg[256];
	if (units_parse(CU_COUNT, t, min, max, out, NULL, msg, sizeof msg) < 0) {
		emit(L, loc, key, "%s", msg);
		return false;
	}
	return true;
}


static void host_set(struct wl *L, struct wcfg_host *h, const char *f,
                     const char *t, const struct scen_loc *loc, const char *key)
{
	char msg[256];
	uint64_t v;
	bool b;
	if (strcmp(f, "scenario") != 0 && !h->plain_key) {
		h->plain_key = xstrdup(key);
		h->plain_loc = *loc;
	}
	if (strcmp(f, "scenario") == 0) {
		h->computer = true;
		free(h->scenario);
		h->scenario = NULL;
		if (!t[0])              /* it was taken as self without a word */
			emit(L, loc, key, "expected a scenario file, or self for this file's own");
		else if (strcmp(t, "self") != 0)
			h->scenario = paths_beside(L->w->file, t);   /* from the world file's folder */
	} else if (strcmp(f, "ip") == 0) {
		if (units_parse_ipv4(t, &h->ipv4, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
		else if (!h->ipv4)     /* (0 is also "no ip: given", told in check) */
			emit(L, loc, key, "0.0.0.0 is not a host's address (it stands for none); give "
			     "the host's own, e.g. 10.0.0.2");
	} else if (strcmp(f, "mac") == 0) {
		if (units_parse_mac(t, h->mac, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
	} else if (strcmp(f, "app") == 0) {
		size_t i;
		for (i = 0; i < WAPP__COUNT && strcmp(t, app_names[i]) != 0; i++)
			;
		if (i == WAPP__COUNT)
			unknown(L, loc, key, "application", t, app_names, WAPP__COUNT);
		else
			h->app = (enum wapp)i;
	} else if (strcmp(f, "to") == 0) {
		L->pto = grow(L->pto, L->npto, sizeof *L->pto);
		L->pto[L->npto].host = (size_t)(h - L->w->hosts);
		L->pto[L->npto++].name = xstrdup(t);
		h->to_loc = *loc;
	} else if (strcmp(f, "port") == 0 || strcmp(f, "dport") == 0) {
		uint16_t p;
		if (units_parse_port(t, &p, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
		else if (f[0] == 'p')
			h->port = p;
		else
			h->dport = p;
	} else if (strcmp(f, "ptime") == 0) {
		dur(L, loc, key, t, 1000000, &h->ptime_ps);      /* >= 1 us */
	} else if (strcmp(f, "stagger") == 0) {
		dur(L, loc, key, t, 0, &h->stagger_ps);
		h->stagger_loc = *loc;
	} else if (strcmp(f, "start") == 0) {
		dur(L, loc, key, t, 0, &h->start_ps);
		h->start_loc = *loc;
	} else if (strcmp(f, "duration") == 0) {
		/* 0s is a duration (nothing is sent), not "until the world ends" */
		h->duration_set = dur(L, loc, key, t, 0, &h->duration_ps);
	} else if (strcmp(f, "payload") == 0) {
		if (count(L, loc, key, t, 0, 1458, &v))
			h->payload = (uint32_t)v;
	} else if (strcmp(f, "channels") == 0) {
		if (count(L, loc, key, t, 1, 10000, &v))
			h->channels = (uint32_t)v;
		h->channels_loc = *loc;
	} else if (strcmp(f, "frame_size") == 0) {
		if (count(L, loc, key, t, 60, 1514, &v))
			h->frame_size = (uint32_t)v;
	} else if (strcmp(f, "rate") == 0) {
		if (units_parse(CU_BPS, t, 1, 100000000000ull, &h->rate_bps, NULL, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
	} else if (strcmp(f, "echo") == 0) {
		if (units_parse_bool(t, &b, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
		else
			h->echo = b;
	}
}

/* A loss rate of ppm parts per million as a fraction ("0.000001", "0") or
 * a percentage ("0.0001%", "0%"), in b (32 bytes). */
static const char *loss_text(uint32_t ppm, bool pct, char *b)
{
	uint32_t one = pct ? 10000 : 1000000;   /* parts per million in one unit */
	int n = snprintf(b, 32, pct ? "%u.%04u" : "%u.%06u", ppm / one, ppm % one);
	while (b[n - 1] == '0')
		b[--n] = 0;
	if (b[n - 1] == '.')
		b[--n] = 0;
	if (pct)
		strcpy(b + n, "%");
	return b;
}

/* world.links.NAME.loss: a fraction below 1 or a percentage below 100%,
 * written in decimal digits (no sign, exponent or hex) and read exactly:
 * the link keeps parts per million, so a rate that is not a whole number
 * of them (0.0000004, 0.00005%) is refused, never rounded. */
static void loss_set(struct wl *L, struct wcfg_link *l, const char *t,
                     const struct scen_loc *loc, const char *key)
{
	char msg[256];
	if (!units_value_fits(t, msg, sizeof msg)) {   /* said, never cut */
		emit(L, loc, key, "%s", msg);
		return;
	}
	size_t len = strlen(t);
	bool pct = len && t[len - 1] == '%';
	bool neg = t[0] == '-';                /* said below: a rate is at least 0 */
	uint64_t ppm = 0;
	/* decimals of one part per million; at most 999999 of them */
	int r = units_parse_fixed(t + neg, len - neg - pct, pct ? 4 : 6, 999999, &ppm, NULL);
	char lo[32], hi[32];
	if (r == UNITS_FIXED_SYNTAX)
		emit(L, loc, key, "expected a loss rate such as 0.01 or 1%% in decimal digits (no "
		     "exponent or hex), got \"%s\"", t);
	else if (neg || r == UNITS_FIXED_BIG)
		emit(L, loc, key, "a loss rate must be at least 0 and below 1 (100%%), got \"%s\"", t);
	else if (r == UNITS_FIXED_FINER && ppm == 999999)
		emit(L, loc, key, "a loss rate of \"%s\" is not a whole number of parts per million "
		     "(the unit a link keeps); the nearest below 1 is %s", t,
		     loss_text((uint32_t)ppm, pct, lo));
	else if (r == UNITS_FIXED_FINER)
		emit(L, loc, key, "a loss rate of \"%s\" is not a whole number of parts per million "
		     "(the unit a link keeps); the nearest are %s and %s", t,
		     loss_text((uint32_t)ppm, pct, lo), loss_text((uint32_t)ppm + 1, pct, hi));
	else
		l->loss_ppm = (uint32_t)ppm;
}

static void link_set(struct wl *L, struct wcfg_link *l, const char *f, const char *t,
                     const struct scen_loc *loc, const char *key)
{
	char msg[256];
	if (strcmp(f, "bandwidth") == 0) {
		uint64_t v = 0;
		if (t[0] == '-')
			emit(L, loc, key, "negative bandwidth \"%s\"", t);
		else if (units_parse(CU_BPS, t, 0, 1000000000000ull, &v, NULL, msg, sizeof msg) < 0)
			emit(L, loc, key, "%s", msg);
		else if (v == 0)
			emit(L, loc, key, "zero bandwidth: a link must carry bits (e.g. 100Mbit/s)");
		else
			l->bw_bps = v;
	} else if (strcmp(f, "latency") == 0) {
		uint64_t v;
		if (!dur(L, loc, key, t, 0, &v))
			return;
		if (v == 0)
			emit(L, loc, key, "zero latency: a link's latency is the lookahead of the hosts "
			     "it enters and must be > 0 (e.g. 1ns)");
		else
			l->lat_ps = v;
	} else if (strcmp(f, "queue") == 0) {
		uint64_t v;
		if (count(L, loc, key, t, 0, 1000000, &v))
			l->queue = (uint32_t)v;
	} else if (strcmp(f, "loss") == 0) {
		loss_set(L, l, t, loc, key);
	}
}

static int field_index(const char *f, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f, names[i]) == 0)
			return (int)i;
	return -1;
}

/* The text of a scalar node; NULL with a message when it is not one. */
static const char *text_of(struct wl *L, yaml_node_t *v, const char *key)
{
	if (v->type != YAML_SCALAR_NODE) {
		struct scen_loc l = loc_of(L, v);
		emit(L, &l, key, "expected a value, got a %s", v->type == YAML_MAPPING_NODE ? "map" :
		     "list");
		return NULL;
	}
	return (const char *)v->data.scalar.value;
}

bool wcfg_plain_name(const char *name)
{
	size_t n = strlen(name);
	bool ok = n > 0 && n <= 64 && name[0] != '-';
	for (size_t i = 0; ok && i < n; i++) {
		char c = name[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '_' || c == '-';
	}
	return ok;
}

/* Host and link names go into the SimGrid platform and the output folder. */
static bool good_name(struct wl *L, const char *name, const struct scen_loc *loc, const char *key)
{
	bool ok = wcfg_plain_name(name);
	if (!ok)
		emit(L, loc, key, "a name of 1 to 64 letters, digits, '_' or '-', not starting with '-'");
	return ok;
}

static int host_index(const struct wcfg *w, const char *name);
static int link_index(const struct wcfg *w, const char *name);

/* Where an earlier item was: "at LINE:COL" of the file, or "in --set ...". */
static const char *first_at(const struct scen_loc *l, char *buf, size_t n)
{
	if (l->opt)
		snprintf(buf, n, "in %s", l->opt);
	else
		snprintf(buf, n, "at %d:%d", l->line, l->col);
	return buf;
}

/* A key of map that an earlier key of the same map already is: said at
 * the second, naming the first (as scenario.c does for the rest of the
 * file); true when so (the caller skips it). */
static bool dup_key(struct wl *L, yaml_document_t *d, yaml_node_t *map, const yaml_node_pair_t *p,
                    const char *key, bool say)
{
	yaml_node_t *k = ynode(d, p->key);
	if (k->type != YAML_SCALAR_NODE)
		return false;
	for (const yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
		yaml_node_t *k2 = ynode(d, q->key);
		if (k2->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)k2->data.scalar.value, (const char *)k->data.scalar.value) != 0)
			continue;
		if (say) {
			struct scen_loc kl = loc_of(L, k), fl = loc_of(L, k2);
			char at[KEYLEN];
			emit(L, &kl, key, "duplicate key (first %s)", first_at(&fl, at, sizeof at));
		}
		return true;
	}
	return false;
}

/* The name k of a host (host) or link: its key world.hosts.NAME or
 * world.links.NAME (KEYLEN bytes) and location; false, said, when it is
 * not a name or is defined twice. */
static bool item_name(struct wl *L, yaml_node_t *k, bool host, char *key, struct scen_loc *kl)
{
	const char *name = (const char *)k->data.scalar.value;
	*kl = loc_of(L, k);
	snprintf(key, KEYLEN, "world.%s.%s", host ? "hosts" : "links", name);
	bool ok = good_name(L, name, kl, key);
	/* a computer's folder DIR/NAME beside the world's report folders */
	if (ok && host && (!strcmp(name, "report") || !strcmp(name, "report-overlay"))) {
		emit(L, kl, key, "the name of the folder a report of the world is drawn in "
		     "(DIR/%s/): choose another host name", name);
		ok = false;
	}
	if (!ok) {
		L->refused = grow(L->refused, L->nrefused, sizeof *L->refused);
		L->refused[L->nrefused].host = host;
		L->refused[L->nrefused++].name = xstrdup(name);
		return false;
	}
	int i = host ? host_index(L->w, name) : link_index(L->w, name);
	if (i < 0)
		return true;
	const struct scen_loc *first = host ? &L->w->hosts[i].loc : &L->w->links[i].loc;
	char at[KEYLEN];
	emit(L, kl, key, "%s defined twice (first %s)", host ? "host" : "link",
	     first_at(first, at, sizeof at));
	return false;
}

/* One field of a host's or link's map: its value, name, the value's
 * location and the full key; false, said, when the name is not one of
 * fields (what: "host key" or "link key"). */
struct wfield {
	yaml_node_t *v;
	const char *name;
	struct scen_loc vl;
	char key[2 * KEYLEN];
};

static bool field_of(struct wl *L, yaml_document_t *d, const yaml_node_pair_t *p, const char *key,
                     const char *const *fields, size_t nfields, const char *what,
                     struct wfield *F)
{
	yaml_node_t *fk = ynode(d, p->key);
	struct scen_loc fl = loc_of(L, fk);
	F->v = ynode(d, p->value);
	F->vl = loc_of(L, F->v);
	F->name = fk->type == YAML_SCALAR_NODE ? (const char *)fk->data.scalar.value : "";
	snprintf(F->key, sizeof F->key, "%s.%s", key, F->name);
	if (field_index(F->name, fields, nfields) >= 0)
		return true;
	unknown(L, &fl, F->key, what, F->name, fields, nfields);
	return false;
}

/* An item of a computer's set: list in the world file: a relative
 * trace.file in it is taken from the world file's folder, as a scenario
 * file's own paths are from its folder, and made absolute (so that the
 * world printed by nicshare config loads back from anywhere). Items of
 * --set world.hosts.NAME={...} stay as given: the command line's paths are
 * taken from the current folder. Anything else is kept as written;
 * scenario.c reads it. */
static char *set_item(struct wl *L, const char *item)
{
	static const char tk[] = "trace.file";
	const char *eq = strchr(item, '=');
	if (L->opt || !eq || (size_t)(eq - item) != sizeof tk - 1 || strncmp(item, tk, sizeof tk - 1))
		return xstrdup(item);
	const char *v = eq + 1;
	while (*v == ' ')          /* as scenario.c reads a --set value */
		v++;
	char *text = NULL;
	if (*v == '"' || *v == '\'') {    /* a quoted name: its text */
		yaml_parser_t p;
		yaml_document_t d;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_string(&p, (const unsigned char *)v, strlen(v));
		if (yamldoc_load(&p, &d)) {
			yaml_node_t *r = yaml_document_get_root_node(&d);
			if (r && r->type == YAML_SCALAR_NODE)
				text = xstrdup((const char *)r->data.scalar.value);
			yamldoc_delete(&d);
		}
		yaml_parser_delete(&p);
	} else if (*v && *v != '[' && *v != '{' && strcmp(v, "~") != 0 && strcmp(v, "null") != 0 &&
	           strcmp(v, "Null") != 0 && strcmp(v, "NULL") != 0) {
		text = xstrdup(v);
	}
	if (!text || !text[0] || text[0] == '/') {   /* none, absolute, or scenario.c's to refuse */
		free(text);
		return xstrdup(item);
	}
	char *dir = paths_dir(L->w->file);
	char *abs = realpath(dir, NULL);
	const char *base = abs ? abs : dir;
	size_t n = sizeof tk + strlen(base) + 1 + strlen(text) + 1;
	char *out = xcalloc(n, 1);
	snprintf(out, n, "%s=%s%s%s", tk, base, strcmp(base, "/") ? "/" : "", text);
	free(abs);
	free(dir);
	free(text);
	return out;
}

/* "FILE:LINE:COL: KEY" (or "--set ...: KEY"): where an item of a
 * computer's set: list was written, for scenario.c's messages about it */
static char *where_of(const struct scen_loc *l, const char *key)
{
	char buf[2 * KEYLEN + 64];
	if (l->opt)
		snprintf(buf, sizeof buf, "%s: %s", l->opt, key);
	else
		snprintf(buf, sizeof buf, "%s:%d:%d: %s", l->file, l->line, l->col, key);
	return xstrdup(buf);
}

static void read_host(struct wl *L, yaml_document_t *d, yaml_node_t *k, yaml_node_t *v)
{
	struct wcfg *w = L->w;
	const char *name = (const char *)k->data.scalar.value;
	char key[KEYLEN];
	struct scen_loc kl;
	if (!item_name(L, k, true, key, &kl))
		return;
	w->hosts = grow(w->hosts, w->nhosts, sizeof *w->hosts);
	struct wcfg_host *h = &w->hosts[w->nhosts++];
	h->name = xstrdup(name);
	h->loc = kl;
	h->to = -1;
	h->app = WAPP_SINK;
	h->port = h->dport = 5004;
	h->ptime_ps = 20000000000ull;
	h->payload = 160;
	h->channels = 1;
	h->frame_size = 1000;
	h->rate_bps = 1000000;
	if (v->type != YAML_MAPPING_NODE) {
		struct scen_loc vl = loc_of(L, v);
		emit(L, &vl, key, "a host: expected a map such as {scenario: self} or {ip: ..., app: "
		     "sink}");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		struct wfield F;
		if (!field_of(L, d, p, key, host_fields, N_HOST_FIELDS, "host key", &F) ||
		    dup_key(L, d, v, p, F.key, true))
			continue;
		if (strcmp(F.name, "set") == 0) {
			h->computer = true;
			if (F.v->type != YAML_SEQUENCE_NODE) {
				emit(L, &F.vl, F.key, "expected a list of KEY=VALUE, e.g. [host.ipv4=10.0.0.1]");
				continue;
			}
			for (yaml_node_item_t *it = F.v->data.sequence.items.start;
			     it < F.v->data.sequence.items.top; it++) {
				yaml_node_t *in = ynode(d, *it);
				struct scen_loc il = loc_of(L, in);
				const char *t = text_of(L, in, F.key);
				if (!t)
					continue;
				/* the world is the world file's (and the run's --set): one
				 * computer may not change it, whatever its scenario */
				if (scenario_is_world_key(t)) {
					emit(L, &il, F.key, "%s: a computer's set: may not change the world; "
					     "write it in the world: section", t);
					continue;
				}
				h->set = grow(h->set, h->nset, sizeof *h->set);
				h->set_at = grow(h->set_at, h->nset, sizeof *h->set_at);
				h->set_at[h->nset] = where_of(&il, F.key);
				h->set[h->nset++] = set_item(L, t);
			}
			continue;
		}
		const char *t = text_of(L, F.v, F.key);
		if (t)
			host_set(L, h, F.name, t, &F.vl, F.key);
	}
}

static void read_link(struct wl *L, yaml_document_t *d, yaml_node_t *k, yaml_node_t *v)
{
	struct wcfg *w = L->w;
	const char *name = (const char *)k->data.scalar.value;
	char key[KEYLEN];
	struct scen_loc kl;
	if (!item_name(L, k, false, key, &kl))
		return;
	int nerr = L->nerr;
	w->links = grow(w->links, w->nlinks, sizeof *w->links);
	struct wcfg_link *l = &w->links[w->nlinks++];
	l->name = xstrdup(name);
	l->loc = kl;
	if (v->type != YAML_MAPPING_NODE) {
		struct scen_loc vl = loc_of(L, v);
		emit(L, &vl, key, "a link: expected a map such as {bandwidth: 1Gbit/s, latency: 1ms}");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		struct wfield F;
		if (!field_of(L, d, p, key, link_fields, N_LINK_FIELDS, "link key", &F) ||
		    dup_key(L, d, v, p, F.key, true))
			continue;
		const char *t = text_of(L, F.v, F.key);
		if (t)
			link_set(L, l, F.name, t, &F.vl, F.key);
	}
	if (L->nerr != nerr)
		return;
	if (!l->bw_bps)
		emit(L, &kl, key, "a link needs a bandwidth (e.g. bandwidth: 1Gbit/s)");
	if (!l->lat_ps)
		emit(L, &kl, key, "a link needs a latency (e.g. latency: 1ms)");
}

static int host_index(const struct wcfg *w, const char *name)
{
	for (size_t i = 0; i < w->nhosts; i++)
		if (strcmp(w->hosts[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int link_index(const struct wcfg *w, const char *name)
{
	for (size_t i = 0; i < w->nlinks; i++)
		if (strcmp(w->links[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const char **names_of(const struct wcfg *w, bool hosts, size_t *n)
{
	*n = hosts ? w->nhosts : w->nlinks;
	const char **v = xcalloc(*n, sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = hosts ? w->hosts[i].name : w->links[i].name;
	return v;
}

static int resolve(struct wl *L, bool host, const char *name, const struct scen_loc *loc,
                   const char *key)
{
	int i = host ? host_index(L->w, name) : link_index(L->w, name);
	for (size_t k = 0; i < 0 && k < L->nrefused; k++)
		if (L->refused[k].host == host && strcmp(L->refused[k].name, name) == 0)
			return -1;       /* its name was refused: said once, there */
	if (i < 0 && (host ? L->hosts_refused : L->links_refused))
		return -1;           /* it may be in the section refused: said once, there */
	if (i < 0) {
		size_t n;
		const char **v = names_of(L->w, host, &n);
		unknown(L, loc, key, host ? "host" : "link", name, v, n);
		free(v);
	}
	return i;
}

static void read_route(struct wl *L, yaml_document_t *d, yaml_node_t *v, size_t idx)
{
	struct wcfg *w = L->w;
	char key[KEYLEN];
	struct scen_loc vl = loc_of(L, v);
	snprintf(key, sizeof key, "world.routes.%zu", idx);
	if (v->type != YAML_MAPPING_NODE) {
		emit(L, &vl, key, "a route: expected {between: [HOST, HOST], links: [LINK, ...]}");
		return;
	}
	struct wcfg_route r = {-1, -1, NULL, 0, NULL, vl};
	struct scen_loc *lls = NULL;    /* where each of r.links is */
	bool have_b = false, have_l = false, ok = true;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *fk = ynode(d, p->key), *fv = ynode(d, p->value);
		struct scen_loc fl = loc_of(L, fk), fvl = loc_of(L, fv);
		const char *f = fk->type == YAML_SCALAR_NODE ? (const char *)fk->data.scalar.value : "";
		static const char *const rf[] = {"between", "links"};
		char fkey[2 * KEYLEN];
		snprintf(fkey, sizeof fkey, "%s.%s", key, f);
		int fi = field_index(f, rf, 2);
		if (fi < 0) {
			unknown(L, &fl, fkey, "route key", f, rf, 2);
			ok = false;
			continue;
		}
		if (dup_key(L, d, v, p, fkey, true)) {
			ok = false;
			continue;
		}
		if (fv->type != YAML_SEQUENCE_NODE) {
			emit(L, &fvl, fkey, "expected a list, e.g. [%s]", fi ? "lan, wan" : "gw, far");
			ok = false;
			continue;
		}
		size_t n = (size_t)(fv->data.sequence.items.top - fv->data.sequence.items.start);
		if (fi == 0 && n != 2) {
			emit(L, &fvl, fkey, "a route joins two hosts, got %zu", n);
			ok = false;
			continue;
		}
		if (fi == 1 && n == 0) {
			emit(L, &fvl, fkey, "a route crosses at least one link");
			ok = false;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *e = ynode(d, fv->data.sequence.items.start[i]);
			struct scen_loc el = loc_of(L, e);
			const char *t = text_of(L, e, fkey);
			int x = t ? resolve(L, fi == 0, t, &el, fkey) : -1;
			if (x < 0) {
				ok = false;
				continue;
			}
			if (fi == 0) {
				if (i == 0)
					r.a = x;
				else
					r.b = x;
			} else {
				/* a link once per route: a frame would cross it again */
				size_t j;
				for (j = 0; j < r.nlinks && r.links[j] != x; j++)
					;
				if (j < r.nlinks) {
					char at[KEYLEN];
					emit(L, &el, fkey, "link %s twice in one route (first %s): a frame would "
					     "cross it again", t, first_at(&lls[j], at, sizeof at));
					ok = false;
					continue;
				}
				if (r.nlinks == WCFG_MAX_HOPS) {
					/* always the 17th: the first link past the most */
					emit(L, &el, fkey, "a route crosses at most %d links; %s is the "
					     "%zuth", WCFG_MAX_HOPS, t, r.nlinks + 1);
					ok = false;
					break;
				}
				r.links = grow(r.links, r.nlinks, sizeof *r.links);
				lls = grow(lls, r.nlinks, sizeof *lls);
				lls[r.nlinks] = el;
				r.links[r.nlinks++] = x;
			}
		}
		if (fi == 0)
			have_b = true;
		else
			have_l = true;
	}
	free(lls);
	if (ok && (!have_b || !have_l))
		emit(L, &vl, key, "a route needs between: [HOST, HOST] and links: [LINK, ...]");
	else if (ok && r.a == r.b)
		emit(L, &vl, key, "a route joins two different hosts, got %s twice", w->hosts[r.a].name);
	else if (ok) {
		for (size_t i = 0; i < w->nroutes; i++)
			if ((w->routes[i].a == r.a && w->routes[i].b == r.b) ||
			    (w->routes[i].a == r.b && w->routes[i].b == r.a)) {
				char at[KEYLEN];
				emit(L, &vl, key, "a second route between %s and %s (first %s)",
				     w->hosts[r.a].name, w->hosts[r.b].name,
				     first_at(&w->routes[i].loc, at, sizeof at));
				ok = false;
			}
		if (ok) {
			w->routes = grow(w->routes, w->nroutes, sizeof *w->routes);
			w->routes[w->nroutes++] = r;
			return;
		}
	}
	free(r.links);
}

static void read_event(struct wl *L, yaml_document_t *d, yaml_node_t *v, size_t idx)
{
	struct wcfg *w = L->w;
	char key[KEYLEN];
	struct scen_loc vl = loc_of(L, v);
	snprintf(key, sizeof key, "world.timeline.%zu", idx);
	if (v->type != YAML_MAPPING_NODE) {
		emit(L, &vl, key, "a timeline entry: expected {at: 1s, link: LINK, up: false}");
		return;
	}
	struct wcfg_event e = {0, -1, true, vl, vl, idx};
	bool have_at = false, have_up = false, named = false;
	int nerr = L->nerr;
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *fk = ynode(d, p->key), *fv = ynode(d, p->value);
		struct scen_loc fl = loc_of(L, fk), fvl = loc_of(L, fv);
		const char *f = fk->type == YAML_SCALAR_NODE ? (const char *)fk->data.scalar.value : "";
		static const char *const ef[] = {"at", "link", "up"};
		char fkey[2 * KEYLEN], msg[256];
		snprintf(fkey, sizeof fkey, "%s.%s", key, f);
		int fi = field_index(f, ef, 3);
		const char *t = NULL;
		if (fi < 0) {
			unknown(L, &fl, fkey, "timeline key", f, ef, 3);
		} else if (dup_key(L, d, v, p, fkey, true) || !(t = text_of(L, fv, fkey))) {
			continue;
		} else if (fi == 0) {
			have_at = dur(L, &fvl, fkey, t, 0, &e.at_ps);
			e.at_loc = fvl;
		} else if (fi == 1) {
			e.link = resolve(L, false, t, &fvl, fkey);
			named = true;
		} else if (units_parse_bool(t, &e.up, msg, sizeof msg) < 0) {
			emit(L, &fvl, fkey, "%s", msg);
		} else {
			have_up = true;
		}
	}
	if (L->nerr != nerr || (named && e.link < 0))   /* said, or a link refused for its name */
		return;
	if (!have_at || e.link < 0 || !have_up) {
		emit(L, &vl, key, "a timeline entry needs at, link and up");
		return;
	}
	size_t i = w->nevents;
	w->events = grow(w->events, w->nevents, sizeof *w->events);
	while (i > 0 && w->events[i - 1].at_ps > e.at_ps) {   /* stable insertion */
		w->events[i] = w->events[i - 1];
		i--;
	}
	w->events[i] = e;
	w->nevents++;
}

/* world.network: who times the frames between hosts (doc/engine.md) */
static void network(struct wl *L, const struct scen_loc *loc, const char *key, const char *t)
{
	if (strcmp(t, "simgrid") == 0 || strcmp(t, "exact") == 0)
		L->w->exact_links = t[0] == 'e';
	else
		emit(L, loc, key, "'%s': expected simgrid (every frame a SimGrid communication) or "
		     "exact (the ports' own arithmetic only)", t);
}

static void read_world(struct wl *L, yaml_document_t *d, yaml_node_t *v)
{
	static const char *const top[] = {"duration", "hosts", "links", "routes", "timeline",
	                                  "network"};
	struct scen_loc vl = loc_of(L, v);
	if (v->type != YAML_MAPPING_NODE) {
		emit(L, &vl, "world", "a section: expected a map of hosts:, links:, routes:");
		return;
	}
	/* links before hosts and routes, whatever the order in the file */
	for (int pass = 0; pass < 3; pass++)
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
		     p++) {
			yaml_node_t *k = ynode(d, p->key), *x = ynode(d, p->value);
			struct scen_loc kl = loc_of(L, k), xl = loc_of(L, x);
			const char *f = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
			char key[KEYLEN];
			snprintf(key, sizeof key, "world.%s", f);
			int fi = field_index(f, top, 6);
			if (pass == 0 && fi < 0) {
				const char *nb = near(f, top, 6);
				unknown(L, &kl, key, "key", f, top, 6);
				if (nb && strcmp(nb, "hosts") == 0)    /* hostss: meant hosts: */
					L->hosts_refused = true;
				else if (nb && strcmp(nb, "links") == 0)
					L->links_refused = true;
			}
			if (fi < 0 || dup_key(L, d, v, p, key, pass == 0) ||
			    pass != (fi == 2 ? 0 : fi == 1 ? 1 : 2))
				continue;
			if (fi == 1)
				L->hosts_loc = kl;
			if (fi == 0 || fi == 5) {
				const char *t = text_of(L, x, key);
				if (t && fi == 0)
					dur(L, &xl, key, t, 1, &L->w->duration_ps);
				else if (t)
					network(L, &xl, key, t);
				continue;
			}
			bool map = fi == 1 || fi == 2;
			if (x->type == YAML_SCALAR_NODE && x->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    (!x->data.scalar.value[0] || strcmp((const char *)x->data.scalar.value, "~") == 0 ||
			     strcmp((const char *)x->data.scalar.value, "null") == 0))
				continue;      /* empty: none */
			if (x->type != (map ? YAML_MAPPING_NODE : YAML_SEQUENCE_NODE)) {
				emit(L, &xl, key, map ? "expected a map of NAME: {...}" :
				     "expected a list of {...}");
				if (fi == 1)
					L->hosts_refused = true;
				else if (fi == 2)
					L->links_refused = true;
				continue;
			}
			if (map) {
				for (yaml_node_pair_t *q = x->data.mapping.pairs.start;
				     q < x->data.mapping.pairs.top; q++) {
					yaml_node_t *qk = ynode(d, q->key);
					if (qk->type != YAML_SCALAR_NODE) {
						struct scen_loc ql = loc_of(L, qk);
						emit(L, &ql, key, "a name must be text");
						continue;
					}
					if (fi == 1)
						read_host(L, d, qk, ynode(d, q->value));
					else
						read_link(L, d, qk, ynode(d, q->value));
				}
			} else {
				size_t i = 0;
				for (yaml_node_item_t *it = x->data.sequence.items.start;
				     it < x->data.sequence.items.top; it++, i++) {
					if (fi == 3)
						read_route(L, d, ynode(d, *it), i);
					else
						read_event(L, d, ynode(d, *it), i);
				}
			}
		}
}

/* --set world.hosts.NAME={...} or world.links.NAME={...} (a new one), or
 * world.routes=[...] / world.timeline=[...] (entries added): the value is
 * read as YAML, through the same code as the file. */
static void set_whole(struct wl *L, const char *key, const char *val, const char *opt,
                      bool host, bool link, bool routes)
{
	struct scen_loc loc = {NULL, 0, 0, opt};
	size_t n = strlen(key) + strlen(val) + 8;
	char *text = xcalloc(n, 1);
	if (host || link)
		snprintf(text, n, "%s: %s", key + 12, val);
	else
		snprintf(text, n, "%s", val);
	yaml_parser_t p;
	yaml_document_t d;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	if (!yamldoc_load(&p, &d)) {
		emit(L, &loc, key, "bad value: %s", p.problem ? p.problem : "cannot parse");
		yaml_parser_delete(&p);
		free(text);
		return;
	}
	yaml_parser_delete(&p);
	yaml_node_t *r = yaml_document_get_root_node(&d);
	L->opt = opt;
	if (!r)
		emit(L, &loc, key, "an empty value");
	else if (host || link) {
		yaml_node_pair_t *q = r->type == YAML_MAPPING_NODE ? r->data.mapping.pairs.start : NULL;
		if (!q || q + 1 != r->data.mapping.pairs.top)
			emit(L, &loc, key, "expected a map, e.g. {bandwidth: 1Gbit/s, latency: 1ms}");
		else if (host)
			read_host(L, &d, ynode(&d, q->key), ynode(&d, q->value));
		else
			read_link(L, &d, ynode(&d, q->key), ynode(&d, q->value));
	} else if (r->type != YAML_SEQUENCE_NODE) {
		emit(L, &loc, key, "expected a list, e.g. [{...}, {...}]");
	} else {
		size_t i = routes ? L->w->nroutes : L->w->nevents;
		for (yaml_node_item_t *it = r->data.sequence.items.start;
		     it < r->data.sequence.items.top; it++, i++) {
			if (routes)
				read_route(L, &d, ynode(&d, *it), i);
			else
				read_event(L, &d, ynode(&d, *it), i);
		}
	}
	L->opt = NULL;
	yamldoc_delete(&d);
	free(text);
}

/* --set world.duration=, world.hosts.NAME.FIELD=, world.links.NAME.FIELD= */
static void override(struct wl *L, const char *text)
{
	char key[KEYLEN];
	const char *eq = strchr(text, '=');
	/* kept with the world: the items it makes name it in later messages */
	size_t ol = strlen(text) + 7;
	char *opt = xcalloc(ol, 1);
	snprintf(opt, ol, "--set %s", text);
	L->w->opts = grow(L->w->opts, L->w->nopts, sizeof *L->w->opts);
	L->w->opts[L->w->nopts++] = opt;
	struct scen_loc loc = {NULL, 0, 0, opt};
	if (!eq || (size_t)(eq - text) >= sizeof key)
		return;     /* scenario.c has said what is wrong */
	memcpy(key, text, (size_t)(eq - text));
	key[eq - text] = 0;
	const char *val = eq + 1;
	if (strcmp(key, "world.duration") == 0) {
		dur(L, &loc, key, val, 1, &L->w->duration_ps);
		return;
	}
	if (strcmp(key, "world.network") == 0) {
		network(L, &loc, key, val);
		return;
	}
	bool host = strncmp(key, "world.hosts.", 12) == 0;
	bool link = strncmp(key, "world.links.", 12) == 0;
	bool routes = strcmp(key, "world.routes") == 0, tl = strcmp(key, "world.timeline") == 0;
	const char *dot = (host || link) ? strchr(key + 12, '.') : NULL;
	if (routes || tl || ((host || link) && !dot && key[12])) {
		/* a whole item as YAML: a new host or link, routes or timeline entries added */
		set_whole(L, key, val, opt, host, link, routes);
		return;
	}
	if (!dot) {
		emit(L, &loc, key, "--set takes world.duration, world.network, world.hosts.NAME[.FIELD], "
		     "world.links.NAME[.FIELD], world.routes or world.timeline");
		return;
	}
	char name[KEYLEN];
	snprintf(name, sizeof name, "%.*s", (int)(dot - key - 12), key + 12);
	int i = resolve(L, host, name, &loc, key);
	if (i < 0)
		return;
	if (host) {
		if (strcmp(dot + 1, "set") == 0)
			emit(L, &loc, key, "--set cannot change a computer's set: list; edit the world "
			     "file (the run's own --set keys apply to computers whose scenario is self)");
		else if (field_index(dot + 1, host_fields, N_HOST_FIELDS) < 0)
			unknown(L, &loc, key, "host key", dot + 1, host_fields, N_HOST_FIELDS);
		else
			host_set(L, &L->w->hosts[i], dot + 1, val, &loc, key);
	} else {
		if (field_index(dot + 1, link_fields, N_LINK_FIELDS) < 0)
			unknown(L, &loc, key, "link key", dot + 1, link_fields, N_LINK_FIELDS);
		else
			link_set(L, &L->w->links[i], dot + 1, val, &loc, key);
	}
}

/* ---- cross-checks ---------------------------------------------------------- */

/* A computer's scenario with the run's --set keys (self only), its set:
 * list (when items) and world.duration; NULL when refused, its messages in
 * out (NULL: none). The items' messages name their place in the world file. */
static struct scenario *computer_scenario(struct wl *L, const struct wcfg_host *h, bool items,
                                          FILE *out)
{
	const char **ov = xcalloc(L->nov + h->nset + 1, sizeof *ov);
	const char **at = xcalloc(L->nov + h->nset + 1, sizeof *at);
	size_t n = 0;
	for (size_t i = 0; i < L->nov; i++)   /* the run's own --set keys apply to "self" only */
		if (!h->scenario && !scenario_is_world_key(L->ov[i]))
			ov[n++] = L->ov[i];
	for (size_t i = 0; i < h->nset && items; i++) {
		at[n] = h->set_at[i];
		ov[n++] = h->set[i];
	}
	char dbuf[64];
	if (L->w->duration_ps) {
		char u[UNITS_FMT_MAX];
		snprintf(dbuf, sizeof dbuf, "run.duration=%s",
		         units_format(CU_PS, L->w->duration_ps, u, sizeof u));
		ov[n++] = dbuf;
	}
	char *drop = NULL;         /* out NULL: the messages are not wanted */
	size_t dlen = 0;
	FILE *sink = out ? NULL : open_memstream(&drop, &dlen);
	struct scenario *sc = scenario_load_at(h->scenario ? h->scenario : L->w->file, ov, at, n,
	                                       out ? out : sink ? sink : L->err);
	if (sink)
		fclose(sink);
	free(drop);
	free(ov);
	free(at);
	return sc;
}

/* Load a computer's scenario. When its file is invalid, its own messages
 * are printed under a line naming the world file's host, so both files
 * are named; when only the items of its set: list are (the file loads
 * without them), their messages alone, each at its item in the world
 * file. */
static void load_computer(struct wl *L, struct wcfg_host *h)
{
	char key[KEYLEN];
	snprintf(key, sizeof key, "world.hosts.%s.scenario", h->name);
	char *buf = NULL;
	size_t blen = 0;
	FILE *m = open_memstream(&buf, &blen);
	h->sc = computer_scenario(L, h, true, m ? m : L->err);
	if (m)
		fclose(m);
	if (!h->sc) {
		struct scenario *alone = h->nset ? computer_scenario(L, h, false, NULL) : NULL;
		if (alone)
			L->nerr++;     /* the items' own messages, below */
		else
			emit(L, &h->loc, key, "the computer's scenario %s is invalid:",
			     h->scenario ? h->scenario : L->w->file);
		scenario_free(alone);
		if (buf)
			fprintf(L->err, "%s", buf);
	} else if (h->sc->has_world && h->scenario) {
		emit(L, &h->loc, key, "%s has a world: of its own; a computer of a world is one "
		     "computer", h->scenario);
	} else {
		h->ipv4 = h->sc->ipv4;
		memcpy(h->mac, h->sc->mac, 6);
	}
	free(buf);
}

static void orient(struct wl *L);

static void check(struct wl *L)
{
	struct wcfg *w = L->w;
	for (size_t i = 0; i < L->npto; i++) {
		char key[KEYLEN];
		struct wcfg_host *h = &w->hosts[L->pto[i].host];
		snprintf(key, sizeof key, "world.hosts.%s.to", h->name);
		h->to = resolve(L, true, L->pto[i].name, &h->to_loc, key);
		if (h->to == (int)L->pto[i].host) {
			emit(L, &h->to_loc, key, "a host does not send to itself across the world");
			h->to = -1;
		}
	}
	if (!w->nhosts)
		emit(L, &L->hosts_loc, "world.hosts", "a world needs at least one host (e.g. "
		     "gw: {scenario: self})");
	/* nothing begins at or after the end of the world (as for run.duration) */
	for (size_t i = 0; i < w->nevents && w->duration_ps; i++)
		if (w->events[i].at_ps >= w->duration_ps) {
			char key[KEYLEN], b1[UNITS_FMT_MAX], b2[UNITS_FMT_MAX];
			snprintf(key, sizeof key, "world.timeline.%zu.at", w->events[i].idx);
			emit(L, &w->events[i].at_loc, key, "%s is not before the end of the world "
			     "(world.duration %s)", units_format(CU_PS, w->events[i].at_ps, b1, sizeof b1),
			     units_format(CU_PS, w->duration_ps, b2, sizeof b2));
		}
	for (size_t i = 0; i < w->nhosts; i++) {
		struct wcfg_host *h = &w->hosts[i];
		if (h->computer && h->plain_key)
			emit(L, &h->plain_loc, h->plain_key, "a plain host's key, but %s is a computer "
			     "(scenario: or set:): its address, MAC and traffic come from its scenario "
			     "(e.g. set: [host.ipv4=10.0.0.2])", h->name);
		else if (h->computer)
			load_computer(L, h);
		else if (w->duration_ps && h->start_ps >= w->duration_ps) {
			char key[KEYLEN], b1[UNITS_FMT_MAX], b2[UNITS_FMT_MAX];
			snprintf(key, sizeof key, "world.hosts.%s.start", h->name);
			emit(L, &h->start_loc, key, "%s is not before the end of the world "
			     "(world.duration %s)", units_format(CU_PS, h->start_ps, b1, sizeof b1),
			     units_format(CU_PS, w->duration_ps, b2, sizeof b2));
		} else if (h->app == WAPP_RTP && h->channels > 1 &&
		           h->stagger_ps > (MAX_PS - h->start_ps) / (h->channels - 1)) {
			/* stream k starts at start + k x stagger: the last within a day,
			 * the longest time (and no sum past 2^64 ps) */
			char key[KEYLEN], b1[UNITS_FMT_MAX], b2[UNITS_FMT_MAX];
			snprintf(key, sizeof key, "world.hosts.%s.stagger", h->name);
			emit(L, &h->stagger_loc, key, "the last of %u streams would start at start + %u x "
			     "stagger (start %s, stagger %s), past 86400s, the longest time", h->channels,
			     h->channels - 1, units_format(CU_PS, h->start_ps, b1, sizeof b1),
			     units_format(CU_PS, h->stagger_ps, b2, sizeof b2));
		} else if (h->app == WAPP_RTP &&
		           (h->port > h->dport ? h->port : h->dport) + 2 * (h->channels - 1) > 65535) {
			/* stream k sends from port + 2k to dport + 2k: the last within
			 * 16 bits (it wrapped to port 0 and on) */
			char key[KEYLEN];
			uint32_t top = h->port > h->dport ? h->port : h->dport;
			snprintf(key, sizeof key, "world.hosts.%s.channels", h->name);
			emit(L, &h->channels_loc, key, "the last of %u streams would use UDP port %u + 2 x "
			     "%u = %u (stream k uses port + 2k and dport + 2k), past 65535", h->channels,
			     top, h->channels - 1, top + 2 * (h->channels - 1));
		} else if (!h->ipv4)
			emit(L, &h->loc, "world.hosts", "%s: a plain host needs ip: (and a computer "
			     "needs scenario:)", h->name);
		else if ((h->app == WAPP_RTP || h->app == WAPP_BULK || h->app == WAPP_CALLFAR) &&
		         h->to < 0 && !L->nerr)
			emit(L, &h->loc, "world.hosts", "%s: app %s needs to: HOST", h->name,
			     app_names[h->app]);
		else if ((h->app == WAPP_RTP || h->app == WAPP_BULK) && !h->duration_set &&
		         !w->duration_ps)
			emit(L, &h->loc, "world.hosts", "%s: app %s sends until its duration: or "
			     "world.duration; give one", h->name, app_names[h->app]);
	}
	if (L->nerr)
		return;
	for (size_t i = 0; i < w->nhosts; i++)
		for (size_t j = 0; j < i; j++)
			if (w->hosts[i].ipv4 == w->hosts[j].ipv4) {
				char b[16];
				emit(L, &w->hosts[i].loc, "world.hosts", "%s and %s have the same address %s",
				     w->hosts[j].name, w->hosts[i].name, units_format_ipv4(w->hosts[i].ipv4, b));
			}
	/* the far end of generated calls (issue 13): app callfar to: a computer
	 * whose calls.far.remote is on and whose calls.far.ipv4 is this host;
	 * and a computer with calls.far.remote has such a host */
	for (size_t i = 0; i < w->nhosts; i++) {
		struct wcfg_host *h = &w->hosts[i];
		char b[16], key[KEYLEN];
		if (!h->computer && h->app == WAPP_CALLFAR) {
			const struct wcfg_host *g = &w->hosts[h->to];
			snprintf(key, sizeof key, "world.hosts.%s.to", h->name);
			if (!g->computer || g->sc->gen_mode == 0 || !g->sc->far_remote)
				emit(L, &h->to_loc, key, "%s: app callfar answers the generated calls of a "
				     "computer with calls.generator.mode fixed or poisson and calls.far.remote: "
				     "true; %s is not one", h->name, g->name);
			else if (g->sc->far_ipv4 != h->ipv4)
				emit(L, &h->to_loc, key, "%s: %s's calls.far.ipv4 is %s, not this host's address",
				     h->name, g->name, units_format_ipv4(g->sc->far_ipv4, b));
		}
		if (h->computer && h->sc->far_remote && h->sc->gen_mode != 0) {
			int f = wcfg_host_by_ip(w, h->sc->far_ipv4);
			if (f < 0 || w->hosts[f].computer || w->hosts[f].app != WAPP_CALLFAR ||
			    w->hosts[f].to != (int)i)
				emit(L, &h->loc, "world.hosts", "%s: calls.far.remote is on, but no host of the "
				     "world at calls.far.ipv4 %s runs app callfar to: %s", h->name,
				     units_format_ipv4(h->sc->far_ipv4, b), h->name);
		}
	}
	if (L->nerr)
		return;
	/* traffic that targets a host must have a route to it */
	int tmp[1];
	for (size_t i = 0; i < w->nhosts; i++) {
		struct wcfg_host *h = &w->hosts[i];
		if (!h->computer) {
			if (h->to >= 0 && !wcfg_route(w, (int)i, h->to, tmp, 1))
				emit(L, &h->to_loc, "world.hosts", "%s sends to %s, but no route joins them",
				     h->name, w->hosts[h->to].name);
			continue;
		}
		const struct scenario *s = h->sc;
		for (size_t k = 0; k < s->n_rtp + s->n_bulk; k++) {
			bool v6 = k < s->n_rtp ? s->rtp[k].ipv6 : s->bulk[k - s->n_rtp].ipv6;
			const uint8_t *ip = k < s->n_rtp ? s->rtp[k].dst_ip : s->bulk[k - s->n_rtp].dst_ip;
			if (v6)
				continue;
			uint32_t a = (uint32_t)ip[0] << 24 | (uint32_t)ip[1] << 16 | (uint32_t)ip[2] << 8 | ip[3];
			int t = wcfg_host_by_ip(w, a);
			if (t >= 0 && t != (int)i && !wcfg_route(w, (int)i, t, tmp, 1))
				emit(L, &h->loc, "world.hosts", "%s: its traffic.%s.%zu sends to %s, but no "
				     "route joins them", h->name, k < s->n_rtp ? "rtp" : "bulk",
				     k < s->n_rtp ? k : k - s->n_rtp, w->hosts[t].name);
		}
	}
	if (!L->nerr)
		orient(L);
}

/* ---- the links' ends: which way each route crosses each link ----------------
 * Every link has two ends, and every host is a place; the routes join
 * them into junctions (union-find over link ends and hosts): a route's
 * first link touches its first host, its last link its second, and two
 * links one after the other share a junction. A way of crossing says,
 * for every route and each of its links, by which end the route enters
 * the link; it is consistent when no link's two ends become one junction.
 * A link's forward direction is the one its first route (in the order
 * written) crosses it in: its two ends are alike until a route crosses
 * it, so this loses no way. The routes are accepted when some consistent
 * way exists, whatever the order they are written in; of those the way
 * taken is the first with the routes, and each route's links, in the
 * order written, forward before back. So where the routes leave a link's
 * direction open relative to another route over it (for example
 * [a, b] over [x], [c, d] over [p, x, q], nothing saying at which end of
 * x p meets it) a route crosses it forward, as its first route does; the
 * routes that say it are the only way to choose (doc/scenario.md).
 *
 * The search (ends_run) first sets a route whose hosts and links but one
 * are its own forward on that one (either way alike: [c, d] above, a
 * flood from private cables across a shared one). Then it goes
 * depth-first (ends_solve) with propagation: each junction whose two
 * sides are known is joined, each way a junction settles (one of the
 * link's ends meets the place before or after it on the route) is set
 * so, and a link whose two ends meet, whatever route it is on, ends the
 * branch at once. At each step every open way forward is tried first;
 * else each open way is tried both ways on its own (one failing one way
 * is set the other) and the one settling most is branched on. The way
 * found is then made the first in order: each open way crossed back is
 * tried forward with those before it fixed (one search more each).
 * Cost: a step is a few passes over the routes' junctions and links and
 * over the links, O(R x H) for R routes of H links at most (16); a world
 * that the routes settle takes a step per way they leave open plus
 * O((R x H)^2) steps of trials where forward everywhere fails. Worst case
 * it is exponential in the open ways: past ENDS_STEPS steps in all (about
 * a second for a hundred routes) the routes are refused as too open to
 * search. A set with no consistent way is refused at each route, in the
 * order written, that cannot be joined to the routes before it that
 * could (a search more per route, within the same ENDS_STEPS). */

#define ENDS_STEPS 100000

struct ends {                  /* a search */
	const struct wcfg *w;
	const bool *on;            /* the routes searched */
	size_t *base;              /* route i's links are ways base[i] .. base[i + 1] - 1 */
	size_t np, nv;             /* places (link ends, then hosts), ways */
	long steps;
	bool over;                 /* ENDS_STEPS steps taken */
};

static int uf_find(int *p, int x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

/* The place on route i just before its link k (its first host, or the
 * end link k - 1 is left by; s[v]: the end way v enters by, -1 not known
 * yet), or after it (its second host, or the end link k + 1 is entered
 * by); -1 when not known yet. */
static int ends_side(const struct ends *E, const int *s, size_t i, int k, bool after)
{
	const struct wcfg_route *r = &E->w->routes[i];
	int j = after ? k + 1 : k - 1, hosts = 2 * (int)E->w->nlinks;
	if (j < 0)
		return hosts + r->a;
	if (j >= (int)r->nlinks)
		return hosts + r->b;
	int e = s[E->base[i] + (size_t)j];
	return e < 0 ? -1 : 2 * r->links[j] + (after ? e : !e);
}

/* Join the junctions s makes and set the ways they settle, until nothing
 * moves; false when a link's two ends are one junction. */
static bool ends_propagate(const struct ends *E, int *p, int *s)
{
	const struct wcfg *w = E->w;
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t i = 0; i < w->nroutes; i++) {
			const struct wcfg_route *r = &w->routes[i];
			if (!E->on[i])
				continue;
			for (int j = 0; j <= (int)r->nlinks; j++) {   /* junction j: before link j */
				int x = ends_side(E, s, i, j, false), y = ends_side(E, s, i, j - 1, true);
				if (x >= 0 && y >= 0 && uf_find(p, x) != uf_find(p, y)) {
					p[uf_find(p, x)] = uf_find(p, y);
					moved = true;
				}
			}
			for (int k = 0; k < (int)r->nlinks; k++) {
				int *e = &s[E->base[i] + (size_t)k];
				if (*e >= 0)
					continue;
				int b = ends_side(E, s, i, k, false), a = ends_side(E, s, i, k, true);
				int e0 = uf_find(p, 2 * r->links[k]), e1 = uf_find(p, 2 * r->links[k] + 1);
				int fb = b >= 0 ? uf_find(p, b) : -1, fa = a >= 0 ? uf_find(p, a) : -1;
				if (fb == e0 || fa == e1)
					*e = 0;
				else if (fb == e1 || fa == e0)
					*e = 1;
				moved |= *e >= 0;
			}
		}
		/* every link, not only this route's: a junction joined here
		 * may close an earlier route's link on itself (two routes
		 * over y putting a and b at one of its ends: [a, b] over x) */
		for (int l = 0; l < (int)w->nlinks; l++)
			if (uf_find(p, 2 * l) == uf_find(p, 2 * l + 1))
				return false;
	}
	return true;
}

/* ends_propagate, a step of the search's ENDS_STEPS */
static bool ends_step(struct ends *E, int *p, int *s)
{
	if (++E->steps > ENDS_STEPS)
		E->over = true;
	return !E->over && ends_propagate(E, p, s);
}

/* Try each open way both ways on its own (p and s copied into q and t):
 * one that fails one way is set the other, until none does; false when
 * one fails both ways. *pick: the open way whose trial settles the most
 * others (nv: none open), the one to branch on -- a way that settles
 * nothing, a route the others do not touch, last. */
static bool ends_probe(struct ends *E, int *p, int *s, int *q, int *t, size_t *pick)
{
	size_t set = 0, most = 0;
	for (size_t v = 0; v < E->nv; v++)
		set += s[v] >= 0;
	*pick = E->nv;
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t v = 0; v < E->nv; v++) {
			bool ok[2];
			size_t n = 0;
			if (s[v] >= 0)
				continue;
			for (int e = 0; e < 2; e++) {
				memcpy(q, p, E->np * sizeof *q);
				memcpy(t, s, E->nv * sizeof *t);
				t[v] = e;
				ok[e] = ends_step(E, q, t);
				for (size_t u = 0; u < E->nv; u++)
					n += t[u] >= 0;
			}
			if (!ok[0] && !ok[1])
				return false;
			if (ok[0] != ok[1]) {
				s[v] = ok[1];
				if (!ends_step(E, p, s))
					return false;
				moved = true;
				*pick = E->nv;
				most = set = 0;
				for (size_t u = 0; u < E->nv; u++)
					set += s[u] >= 0;
			} else if (*pick == E->nv || n - 2 * set > most) {
				*pick = v;
				most = n - 2 * set;
			}
		}
	}
	return true;
}

/* Complete the way s on the junctions p: true with a consistent one in p
 * and s. Every open way forward is tried first; else the open way that
 * settles most is tried both ways. */
static bool ends_solve(struct ends *E, int *p, int *s)
{
	if (!ends_step(E, p, s))
		return false;
	int *q = xcalloc(E->np + E->nv + 1, sizeof *q), *t = q + E->np;
	size_t v;
	memcpy(q, p, E->np * sizeof *q);
	for (v = 0; v < E->nv; v++)
		t[v] = s[v] < 0 ? 0 : s[v];
	bool ok = ends_step(E, q, t), open = !ok && !E->over && ends_probe(E, p, s, q, t, &v);
	if (open && v == E->nv) {
		free(q);
		return true;   /* the trials settled every way */
	}
	if (open)
		for (int e = 0; e < 2 && !ok && !E->over; e++) {
			memcpy(q, p, E->np * sizeof *q);
			memcpy(t, s, E->nv * sizeof *t);
			t[v] = e;
			ok = ends_solve(E, q, t);
		}
	if (ok) {
		memcpy(p, q, E->np * sizeof *q);
		memcpy(s, t, E->nv * sizeof *t);
	}
	free(q);
	return ok;
}

/* Search a consistent way for the routes on: s, each link's first route
 * crossing it forward; of the ways, the first in the order written,
 * forward before back. */
static bool ends_run(struct ends *E, int *p, int *s)
{
	const struct wcfg *w = E->w;
	bool *seen = xcalloc(w->nlinks + 1, sizeof *seen);
	int *b = xcalloc(2 * E->nv + 1, sizeof *b), *t = b + E->nv;
	for (size_t i = 0; i < w->nroutes; i++)
		for (size_t k = 0; k < w->routes[i].nlinks; k++) {
			int l = w->routes[i].links[k];
			/* a route not searched: set, never open (its way unused) */
			b[E->base[i] + k] = E->on[i] && seen[l] ? -1 : 0;
			seen[l] |= E->on[i];
		}
	/* a route whose hosts and links but one are its own crosses that one
	 * either way alike (its own places hang at that link's one end or the
	 * other, nothing else meets them): forward, and out of the search */
	size_t *uses = xcalloc(w->nlinks + w->nhosts + 1, sizeof *uses);
	for (size_t i = 0; i < w->nroutes; i++)
		for (size_t k = 0; E->on[i] && k < w->routes[i].nlinks; k++)
			uses[w->routes[i].links[k]]++;
	for (size_t i = 0; i < w->nroutes; i++)
		if (E->on[i]) {
			uses[w->nlinks + (size_t)w->routes[i].a]++;
			uses[w->nlinks + (size_t)w->routes[i].b]++;
		}
	for (size_t i = 0; i < w->nroutes; i++) {
		const struct wcfg_route *r = &w->routes[i];
		size_t shared = 0, at = 0;
		for (size_t k = 0; k < r->nlinks; k++)
			if (uses[r->links[k]] > 1)
				shared++, at = k;
		if (E->on[i] && shared == 1 && uses[w->nlinks + (size_t)r->a] == 1 &&
		    uses[w->nlinks + (size_t)r->b] == 1)
			b[E->base[i] + at] = 0;
	}
	free(uses);
	free(seen);
	/* E->steps not reset: the searches of one world share ENDS_STEPS
	 * (review n51: a search more per route made it R x ENDS_STEPS) */
	memcpy(s, b, E->nv * sizeof *s);
	for (size_t i = 0; i < E->np; i++)
		p[i] = (int)i;
	bool ok = ends_solve(E, p, s);
	/* s is a way; the first one: each open way in order, forward if some
	 * way with the ones before it as taken has it so */
	for (size_t v = 0; ok && v < E->nv; v++) {
		if (b[v] < 0 && s[v] == 1) {
			memcpy(t, b, E->nv * sizeof *t);
			t[v] = 0;
			for (size_t i = 0; i < E->np; i++)
				p[i] = (int)i;
			if (ends_solve(E, p, t))
				memcpy(s, t, E->nv * sizeof *s);
			ok = !E->over;
		}
		b[v] = s[v];
	}
	free(b);
	return ok;
}

/* Orient every route's links (route.back); routes that cannot be are
 * refused at their places. */
static void orient(struct wl *L)
{
	struct wcfg *w = L->w;
	struct ends E = {.w = w, .np = 2 * w->nlinks + w->nhosts};
	bool *on = xcalloc(w->nroutes + 1, sizeof *on);
	E.on = on;
	E.base = xcalloc(w->nroutes + 1, sizeof *E.base);
	for (size_t i = 0; i < w->nroutes; i++) {
		E.base[i + 1] = E.base[i] + w->routes[i].nlinks;
		on[i] = true;
	}
	E.nv = E.base[w->nroutes];
	int *p = xcalloc(E.np + 1, sizeof *p), *s = xcalloc(E.nv + 1, sizeof *s);
	bool ok = ends_run(&E, p, s), *good = xcalloc(w->nroutes + 1, sizeof *good);
	size_t at = w->nroutes - 1;   /* the last route searched */
	/* none: say which routes, in the order written, cannot be joined to
	 * the routes before them that could */
	for (size_t i = 0; !ok && !E.over && i < w->nroutes; i++) {
		char key[KEYLEN];
		for (size_t j = 0; j < w->nroutes; j++)
			on[j] = j == i || (j < i && good[j]);
		at = i;
		good[i] = ends_run(&E, p, s);
		if (good[i] || E.over)
			continue;
		snprintf(key, sizeof key, "world.routes.%zu", i);
		emit(L, &w->routes[i].loc, key, "its links cannot be joined to the routes before it: a "
		     "link's two ends would be one junction (the first link of a route touches its "
		     "first host, the last its second, one link the next; a link is between two "
		     "places)");
	}
	if (E.over) {
		char key[KEYLEN];
		snprintf(key, sizeof key, "world.routes.%zu", at);
		emit(L, &w->routes[at].loc, key, "the routes up to this one leave so many links' "
		     "directions open that %d tries did not settle whether they can be joined; add "
		     "routes that say where the links meet (a route over two links joins them)",
		     ENDS_STEPS);
	}
	for (size_t i = 0; ok && i < w->nroutes; i++) {
		struct wcfg_route *r = &w->routes[i];
		r->back = xcalloc(r->nlinks, sizeof *r->back);
		for (size_t k = 0; k < r->nlinks; k++)
			r->back[k] = s[E.base[i] + k] == 1;
	}
	free(good);
	free(p);
	free(s);
	free(on);
	free(E.base);
}

/* ---- the public side ------------------------------------------------------- */

/* The route between hosts a and b (*fwd: written from a to b), or NULL. */
static const struct wcfg_route *route_between(const struct wcfg *w, int a, int b, bool *fwd)
{
	for (size_t i = 0; i < w->nroutes; i++) {
		const struct wcfg_route *r = &w->routes[i];
		*fwd = r->a == a && r->b == b;
		if (*fwd || (r->a == b && r->b == a))
			return r;
	}
	return NULL;
}

size_t wcfg_route(const struct wcfg *w, int a, int b, int *out, size_t max)
{
	bool fwd;
	const struct wcfg_route *r = route_between(w, a, b, &fwd);
	for (size_t k = 0; r && k < r->nlinks && k < max; k++)
		out[k] = r->links[fwd ? k : r->nlinks - 1 - k];
	return r ? r->nlinks : 0;
}

size_t wcfg_path(const struct wcfg *w, int a, int b, int *out, size_t max)
{
	bool fwd;
	const struct wcfg_route *r = route_between(w, a, b, &fwd);
	for (size_t k = 0; r && k < r->nlinks && k < max; k++) {
		size_t j = fwd ? k : r->nlinks - 1 - k;
		/* from b to a each link is crossed the other way */
		bool back = r->back ? (fwd ? r->back[j] : !r->back[j]) : !fwd;
		out[k] = back ? -(r->links[j] + 1) : r->links[j] + 1;
	}
	return r ? r->nlinks : 0;
}

int wcfg_host_by_ip(const struct wcfg *w, uint32_t ip)
{
	for (size_t i = 0; i < w->nhosts; i++)
		if (w->hosts[i].ipv4 == ip)
			return (int)i;
	return -1;
}

/* A key of the file's own computer written outside world: (its name and
 * place), for wcfg_unreached. */
struct own_key { char *key; struct scen_loc loc; };

static void wl_start(struct wl *L, const char *path, const struct scenario *self,
                     const char *const *overrides, size_t n_overrides, FILE *err)
{
	memset(L, 0, sizeof *L);
	L->err = err;
	L->file = path;
	L->self = self;
	L->ov = overrides;
	L->nov = n_overrides;
	L->w = xcalloc(1, sizeof *L->w);
	L->w->file = xstrdup(path);
}

/* Read the world: section of L->file, then the run's world.* overrides.
 * The file's other top-level keys go to own (when not NULL), but name (it
 * names the file) and the keys scenario.c refuses at the top (a dotted
 * world key, a merge key, one that is not text). False when the file
 * cannot be read as YAML, or has no world: (own then empty). */
static bool read_file(struct wl *L, struct own_key **own, size_t *nown)
{
	FILE *f = fopen(L->file, "rb");
	yaml_parser_t p;
	yaml_document_t d;
	bool world = false;
	if (!f) {
		fprintf(L->err, "%s: cannot read: %s\n", L->file, strerror(errno));
		return false;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	if (!yamldoc_load(&p, &d)) {      /* scenario.c has reported it */
		yaml_parser_delete(&p);
		fclose(f);
		return false;
	}
	yaml_node_t *root = yaml_document_get_root_node(&d);
	if (root && root->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = root->data.mapping.pairs.start;
		     q < root->data.mapping.pairs.top; q++) {
			yaml_node_t *k = ynode(&d, q->key);
			const char *t = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value
			                                            : NULL;
			if (t && strcmp(t, "world") == 0) {
				world = true;
				if (!L->hosts_loc.file)
					L->hosts_loc = loc_of(L, k);
				read_world(L, &d, ynode(&d, q->value));
			} else if (own && t && strcmp(t, "name") != 0 && strcmp(t, "<<") != 0 &&
			           !scenario_is_world_key(t)) {
				*own = grow(*own, *nown, sizeof **own);
				(*own)[*nown].key = xstrdup(t);
				(*own)[(*nown)++].loc = loc_of(L, k);
			}
		}
	yamldoc_delete(&d);
	yaml_parser_delete(&p);
	fclose(f);
	for (size_t i = 0; i < L->nov; i++)
		if (strncmp(L->ov[i], "world.", 6) == 0)
			override(L, L->ov[i]);
	return world;
}

/* Free what the loader holds but the world; the world too when refused
 * (L->nerr) or when not kept. NULL then, else the world. */
static struct wcfg *wl_end(struct wl *L, bool keep)
{
	for (size_t i = 0; i < L->npto; i++)
		free(L->pto[i].name);
	free(L->pto);
	for (size_t i = 0; i < L->nrefused; i++)
		free(L->refused[i].name);
	free(L->refused);
	if (L->nerr || !keep) {
		wcfg_free(L->w);
		return NULL;
	}
	return L->w;
}

struct wcfg *wcfg_load(const char *path, const struct scenario *self,
                       const char *const *overrides, size_t n_overrides, FILE *err)
{
	struct wl L0, *L = &L0;
	wl_start(L, path, self, overrides, n_overrides, err);
	if (!read_file(L, NULL, NULL) && !L->nerr)
		L->nerr++;    /* unreadable: said here or by scenario.c */
	if (!L->nerr)
		check(L);
	return wl_end(L, true);
}

bool wcfg_has_self(const struct wcfg *w)
{
	for (size_t i = 0; i < w->nhosts; i++)
		if (w->hosts[i].computer && !w->hosts[i].scenario)
			return true;
	return false;
}

bool wcfg_unreached(const char *path, const char *const *overrides, size_t n_overrides,
                    FILE *err)
{
	struct stat st;
	/* a regular file within the loader's size only: a pipe is read once,
	 * by scenario.c, and a file too big is refused there unread */
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size >= SCENARIO_MAX_FILE)
		return false;
	char *drop = NULL;
	size_t dlen = 0;
	FILE *quiet = open_memstream(&drop, &dlen);
	if (!quiet)
		return false;
	struct wl L0, *L = &L0;
	struct own_key *own = NULL;
	size_t nown = 0;
	wl_start(L, path, NULL, overrides, n_overrides, quiet);
	/* only a world read without a problem is known to have no self host;
	 * the world's own messages are wcfg_load's, after the computer's */
	bool none = read_file(L, &own, &nown) && !L->nerr && L->w->nhosts && !wcfg_has_self(L->w);
	fclose(quiet);
	free(drop);
	L->err = err;
	const struct wcfg_host *c = NULL;
	for (size_t i = 0; i < L->w->nhosts && !c; i++)
		if (L->w->hosts[i].computer)
			c = &L->w->hosts[i];
	char hint[KEYLEN + 96];
	if (c)
		snprintf(hint, sizeof hint, "give it in a computer's set: list (world.hosts.%s.set) "
		         "or in its own file", c->name);
	else
		snprintf(hint, sizeof hint, "its hosts are all plain (none has scenario:)");
	for (size_t i = 0; i < nown && none; i++)
		emit(L, &own[i].loc, own[i].key, "reaches no computer: this file's own keys (outside "
		     "world:) are those of the hosts with scenario: self, and the world has none; %s",
		     hint);
	for (size_t i = 0; i < n_overrides && none; i++) {
		const char *eq = strchr(overrides[i], '=');
		/* a malformed one or a world key: scenario.c or the world says */
		if (!eq || eq == overrides[i] || eq - overrides[i] >= KEYLEN ||
		    scenario_is_world_key(overrides[i]))
			continue;
		char key[KEYLEN];
		size_t ol = strlen(overrides[i]) + 7;
		char *opt = xcalloc(ol, 1);
		snprintf(key, sizeof key, "%.*s", (int)(eq - overrides[i]), overrides[i]);
		snprintf(opt, ol, "--set %s", overrides[i]);
		struct scen_loc loc = {NULL, 0, 0, opt};
		emit(L, &loc, key, "reaches no computer: the run's --set keys are for the hosts with "
		     "scenario: self, and the world has none; %s", hint);
		free(opt);
	}
	for (size_t i = 0; i < nown; i++)
		free(own[i].key);
	free(own);
	int nerr = L->nerr;
	wl_end(L, false);
	return none && nerr;
}

void wcfg_free(struct wcfg *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nhosts; i++) {
		struct wcfg_host *h = &w->hosts[i];
		free(h->name);
		free(h->scenario);
		free(h->plain_key);
		for (size_t k = 0; k < h->nset; k++) {
			free(h->set[k]);
			free(h->set_at[k]);
		}
		free(h->set);
		free(h->set_at);
		scenario_free(h->sc);
	}
	for (size_t i = 0; i < w->nlinks; i++)
		free(w->links[i].name);
	for (size_t i = 0; i < w->nroutes; i++) {
		free(w->routes[i].links);
		free(w->routes[i].back);
	}
	free(w->hosts);
	free(w->links);
	free(w->routes);
	free(w->events);
	for (size_t i = 0; i < w->nopts; i++)
		free(w->opts[i]);
	free(w->opts);
	free(w->file);
	free(w);
}

/* ---- printing: the world section as YAML that loads back ---------------- */

static void put_dur(FILE *f, const char *key, uint64_t ps)
{
	char b[UNITS_FMT_MAX];
	fprintf(f, ", %s: %s", key, units_format(CU_PS, ps, b, sizeof b));
}

void wcfg_print(const struct wcfg *w, FILE *f)
{
	char b[UNITS_FMT_MAX];
	fprintf(f, "world:\n");
	if (w->duration_ps)
		fprintf(f, "  duration: %s\n", units_format(CU_PS, w->duration_ps, b, sizeof b));
	fprintf(f, "  network: %s\n", w->exact_links ? "exact" : "simgrid");
	fprintf(f, "  hosts:%s\n", w->nhosts ? "" : " {}");
	for (size_t i = 0; i < w->nhosts; i++) {
		const struct wcfg_host *h = &w->hosts[i];
		fprintf(f, "    %s: {", h->name);
		if (h->computer) {
			/* its file absolute, so that the text loads from anywhere */
			char *abs = h->scenario ? realpath(h->scenario, NULL) : NULL;
			fprintf(f, "scenario: ");
			if (h->scenario)
				scenario_yaml_quote(f, abs ? abs : h->scenario);
			else
				fprintf(f, "self");
			free(abs);
			fprintf(f, ", set: [");
			for (size_t k = 0; k < h->nset; k++) {
				fprintf(f, "%s", k ? ", " : "");
				scenario_yaml_quote(f, h->set[k]);
			}
			fprintf(f, "]}\n");
			continue;
		}
		char mac[18], ip[16];
		fprintf(f, "ip: %s, mac: \"%s\", app: %s", units_format_ipv4(h->ipv4, ip),
		        units_format_mac(h->mac, mac), app_names[h->app]);
		if (h->to >= 0)
			fprintf(f, ", to: %s", w->hosts[h->to].name);
		fprintf(f, ", port: %u, dport: %u", h->port, h->dport);
		put_dur(f, "ptime", h->ptime_ps);
		fprintf(f, ", payload: %u, channels: %u", h->payload, h->channels);
		put_dur(f, "stagger", h->stagger_ps);
		put_dur(f, "start", h->start_ps);
		if (h->duration_set)
			put_dur(f, "duration", h->duration_ps);
		fprintf(f, ", rate: %s", units_format(CU_BPS, h->rate_bps, b, sizeof b));
		fprintf(f, ", frame_size: %u, echo: %s}\n", h->frame_size, h->echo ? "true" : "false");
	}
	fprintf(f, "  links:%s\n", w->nlinks ? "" : " {}");
	for (size_t i = 0; i < w->nlinks; i++) {
		const struct wcfg_link *l = &w->links[i];
		fprintf(f, "    %s: {bandwidth: %s", l->name, units_format(CU_BPS, l->bw_bps, b, sizeof b));
		put_dur(f, "latency", l->lat_ps);
		/* loss in parts per million, written as the fraction it was read from */
		fprintf(f, ", loss: %u.%06u, queue: %u}\n", l->loss_ppm / 1000000, l->loss_ppm % 1000000,
		        l->queue);
	}
	fprintf(f, "  routes:%s\n", w->nroutes ? "" : " []");
	for (size_t i = 0; i < w->nroutes; i++) {
		const struct wcfg_route *r = &w->routes[i];
		fprintf(f, "    - {between: [%s, %s], links: [", w->hosts[r->a].name, w->hosts[r->b].name);
		for (size_t k = 0; k < r->nlinks; k++)
			fprintf(f, "%s%s", k ? ", " : "", w->links[r->links[k]].name);
		fprintf(f, "]}\n");
	}
	fprintf(f, "  timeline:%s\n", w->nevents ? "" : " []");
	for (size_t i = 0; i < w->nevents; i++)
		fprintf(f, "    - {at: %s, link: %s, up: %s}\n",
		        units_format(CU_PS, w->events[i].at_ps, b, sizeof b),
		        w->links[w->events[i].link].name, w->events[i].up ? "true" : "false");
}
