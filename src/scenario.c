/* scenario.c - load, validate and print a scenario (doc/scenario.md).
 * Models the configuration of the machine of Fig. 1 (costs from
 * model/cost.c), the RT port list given at boot (Fig. 5, claim 14), GP's
 * interface commands over the control channel (Figs. 7c, 8c; SPEC X3), the
 * run-time port moves (Fig. 6; SPEC P2) and the VoIP traffic of Figs. 9-10.
 *
 * Layers, each over the one before: the embedded default, the profile the
 * scenario names (tunables only), the scenario file, the --set overrides.
 * Every key and list field remembers where it was last set, so that each
 * problem found (while reading or in the final cross-checks) is reported
 * once, as FILE:LINE:COL: KEY: what is wrong, or --set K=V: KEY: ...
 * Nothing is returned unless every check passed.
 *
 * The YAML is read with libyaml's document API: each node keeps its
 * 0-based mark, printed 1-based. Values are never typed by YAML: every
 * scalar is text, read by units.c. */
#include "scenario.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "../model/verdict.h"
#include "datadir.h"
#include "paths.h"
#include "units.h"
#include "yamldoc.h"

#define MAX_RUN_PS  (86400ull * 1000000000000ull)   /* one day */
#define MAX_FILE    SCENARIO_MAX_FILE
#define KEYLEN      512

/* ---- the keys ------------------------------------------------------------ */

enum leafk {
	LF_COST = 0, LF_NAME, LF_PROFILE, LF_HOST_MAC, LF_HOST_IPV4, LF_HOST_IPV6,
	LF_PROMISC, LF_MCAST, LF_UP, LF_DISP, LF_RT_PORTS, LF_GP_PORTS, LF_TXS,
	LF_TRACE_FILE, LF_TRACE_REPLAY, LF_TRACE_OFFSET, LF_RUN_DURATION,
	LF_LIST, LF_ECHO, LF_LATENCY, LF_DROPS_ONLY, LF_DROPS_MAX,
	LF_CALLS_SIP, LF_SIP_PORTS, LF_CALLS_PLAYOUT, LF_CALLS_TIMEOUT, LF_CALLS_BUDGET,
	LF_GP_SEND_FULL, LF_VCALLS, LF_GEN,
};

/* calls.generator.*, calls.far.*, calls.billing.* (LF_GEN's arg) */
enum { G_MODE = 0, G_SEED, G_COUNT, G_START, G_SPACING, G_RATE, G_WINDOW, G_HOLD, G_HOLD_DIST,
       G_PCMU, G_PCMA, G_G729, G_PTIME, G_OUTGOING, G_PORT_BASE, G_PORTS, G_PORT_GUARD, G_SHIFT,
       F_MAC, F_IPV4, F_SIP_PORT, F_RTP_PORT, F_D100, F_D180, F_D200, F_ACK, F_BYE_OK, F_REMOTE,
       B_MAC, B_IPV4, B_PORT };

enum listk { L_RTP = 0, L_BULK, L_TL, L_ROUTE, L__COUNT };

struct fixed {
	const char *key;
	enum leafk k;
	int arg;
	const char *meaning;
};

/* The keys that are not tunables of model/cost.c, in print order within
 * their section. */
static const struct fixed fixed[] = {
	{"name", LF_NAME, 0, "a name for the run, used in outputs"},
	{"profile", LF_PROFILE, 0, "hardware profile of scenarios/profiles/, applied under this file"},
	{"host.mac", LF_HOST_MAC, 0, "the host's MAC address, shared by both OSes (X3)"},
	{"host.ipv4", LF_HOST_IPV4, 0, "the host's IPv4 address"},
	{"host.ipv6", LF_HOST_IPV6, 0, "the host's IPv6 address, or none"},
	{"nic.promiscuous", LF_PROMISC, 0, "accept every frame (N1)"},
	{"nic.multicast", LF_MCAST, 0, "accept multicast frames (N1)"},
	{"nic.up", LF_UP, 0, "interface up; when down every frame is dropped"},
	{"dispatcher.policy", LF_DISP, 0, "CPU policy (D2, D3)"},
	{"rt.udp_ports", LF_RT_PORTS, 0, "the RT OS's UDP ports at boot (P1, C1)"},
	{"gp.udp_ports", LF_GP_PORTS, 0, "UDP ports bound by GP applications at boot"},
	{"gp.sip_ports", LF_SIP_PORTS, 0, "ports GP's SIP engine serves, UDP and TCP (issue 12)"},
	{"tx.policy", LF_TXS, 0, "transmit scheduler policy (S2, S4)"},
	{"gp.send_full", LF_GP_SEND_FULL, 0, "a GP frame that finds channel 2 full: block (the application waits) or drop"},
	{"trace.file", LF_TRACE_FILE, 0, "capture to replay as received traffic (pcap or pcapng)"},
	{"trace.replay_tx", LF_TRACE_REPLAY, 0,
		"send the capture's own transmissions (N0) again at their time, not only list them as skip"},
	{"trace.offset", LF_TRACE_OFFSET, 0, "time of the capture's first frame (T3)"},
	{"run.duration", LF_RUN_DURATION, 0, "end of the run; 0 = when traffic and queues are done"},
	{"calls.sip", LF_CALLS_SIP, 0, "GP's SIP engine: auto (on when the capture holds SIP), on, off"},
	{"calls.playout", LF_CALLS_PLAYOUT, 0, "fixed playout buffer: later RTP counts as late loss"},
	{"calls.timeout", LF_CALLS_TIMEOUT, 0, "no SIP, RTP nor RTCP this long ends a call; 0 = never"},
	{"calls.delay_budget", LF_CALLS_BUDGET, 0, "network and far-end one-way delay added for the E-model"},
	{"calls.generator.mode", LF_GEN, G_MODE, "generated calls: off, fixed (count every spacing) or poisson (rate in window)"},
	{"calls.generator.seed", LF_GEN, G_SEED, "the generator's seed (same seed, same calls)"},
	{"calls.generator.count", LF_GEN, G_COUNT, "fixed: calls; poisson: at most (0 = no cap)"},
	{"calls.generator.start", LF_GEN, G_START, "the first call (fixed), the window's start (poisson)"},
	{"calls.generator.spacing", LF_GEN, G_SPACING, "fixed: between two calls' INVITEs"},
	{"calls.generator.rate", LF_GEN, G_RATE, "poisson: calls per second"},
	{"calls.generator.window", LF_GEN, G_WINDOW, "poisson: arrivals in [start, start + window)"},
	{"calls.generator.hold", LF_GEN, G_HOLD, "holding time, answer to hang-up (the mean if exponential)"},
	{"calls.generator.hold_dist", LF_GEN, G_HOLD_DIST, "holding times: fixed or exponential"},
	{"calls.generator.pcmu", LF_GEN, G_PCMU, "codec mix: weight of G.711 mu-law (PT 0)"},
	{"calls.generator.pcma", LF_GEN, G_PCMA, "codec mix: weight of G.711 A-law (PT 8)"},
	{"calls.generator.g729", LF_GEN, G_G729, "codec mix: weight of G.729 (PT 18)"},
	{"calls.generator.ptime", LF_GEN, G_PTIME, "RTP packetisation time, whole ms; 0 = each codec's default"},
	{"calls.generator.outgoing", LF_GEN, G_OUTGOING, "percent of calls GP places (INVITE out); the rest the far end places"},
	{"calls.generator.port_base", LF_GEN, G_PORT_BASE, "the calls' first local RTP port (even)"},
	{"calls.generator.ports", LF_GEN, G_PORTS, "local RTP/RTCP port pairs from port_base"},
	{"calls.generator.port_guard", LF_GEN, G_PORT_GUARD, "a port pair is taken again only this long after its call's end in the schedule"},
	{"calls.generator.shift", LF_GEN, G_SHIFT, "list: call N+1's INVITE moved later by item N (the search's freedom)"},
	{"calls.far.mac", LF_GEN, F_MAC, "the far end's MAC (the next hop towards it)"},
	{"calls.far.ipv4", LF_GEN, F_IPV4, "the far end's IPv4 address"},
	{"calls.far.sip_port", LF_GEN, F_SIP_PORT, "the far end's SIP port (UDP)"},
	{"calls.far.rtp_port", LF_GEN, F_RTP_PORT, "the far end's first RTP port"},
	{"calls.far.d100", LF_GEN, F_D100, "an INVITE to its 100 Trying"},
	{"calls.far.d180", LF_GEN, F_D180, "an INVITE to its 180 Ringing"},
	{"calls.far.d200", LF_GEN, F_D200, "an INVITE to its 200 OK (the answer)"},
	{"calls.far.ack", LF_GEN, F_ACK, "a 200 OK to its ACK"},
	{"calls.far.bye_ok", LF_GEN, F_BYE_OK, "a BYE to its 200 OK"},
	{"calls.far.remote", LF_GEN, F_REMOTE, "the far end is a host of the world (issue 13)"},
	{"calls.billing.mac", LF_GEN, B_MAC, "the billing host's MAC (the next hop towards it)"},
	{"calls.billing.ipv4", LF_GEN, B_IPV4, "the billing host's IPv4 address"},
	{"calls.billing.port", LF_GEN, B_PORT, "the billing host's TCP port"},
	{"traffic.rtp", LF_LIST, L_RTP, "RT applications sending RTP (V1)"},
	{"traffic.bulk", LF_LIST, L_BULK, "GP applications sending bulk traffic"},
	{"traffic.echo", LF_ECHO, 0, "RT echo responder: off, on (every RT port) or one RT port"},
	{"timeline", LF_LIST, L_TL, "interface commands and port moves at given times (X3, P2)"},
	{"verify.routing", LF_LIST, L_ROUTE, "routing expectations, by capture filter"},
	{"verify.drops.only", LF_DROPS_ONLY, 0, "the only drop reasons allowed, or ~ for any"},
	{"verify.calls.mos_min", LF_VCALLS, VC_MOS_MIN,
		"every call's MOS (its worse direction, 2 decimals) at least this, or ~"},
	{"verify.calls.jitter_p99", LF_VCALLS, VC_JITTER_P99,
		"99th percentile over calls of each call's largest RFC 3550 jitter at most this, or ~"},
	{"verify.calls.jitter_max", LF_VCALLS, VC_JITTER_MAX,
		"every call's largest RFC 3550 jitter at most this, or ~"},
	{"verify.calls.setup_p99", LF_VCALLS, VC_SETUP_P99,
		"99th percentile over calls of INVITE-to-200 set-up time at most this, or ~"},
	{"verify.calls.setup_max", LF_VCALLS, VC_SETUP_MAX,
		"every call's INVITE-to-200 set-up time at most this, or ~"},
	{"verify.calls.early_media_gp", LF_VCALLS, VC_EARLY_MEDIA_GP,
		"RTP frames to GP before their call's claim was applied, at most this many, or ~"},
};
#define N_FIXED (sizeof fixed / sizeof fixed[0])

static const char *const class_names[CLS__COUNT] = {
	"rt-rx", "gp-rx", "rt-tx", "gp-tx", "rt-rtt",
};
static const char *const stat_names[ST__COUNT] = {"p50", "p99", "p99.9", "max"};
static const char *const vcall_names[VC__COUNT] = {
	"mos_min", "jitter_p99", "jitter_max", "setup_p99", "setup_max", "early_media_gp",
};

/* The reasons a frame can be dropped for (verify.drops). */
static const int drop_reasons[] = {
	R_TRUNCATED, R_NIC_FILTER, R_OVERSIZE, R_NIC_DOWN, R_RX_RING_FULL, R_PROXY_FULL,
	R_GP_SOCKET_FULL, R_RT_SOCKET_FULL, R_TX_QUEUE_FULL, R_UNFINISHED,
};
#define N_DROP_REASONS (sizeof drop_reasons / sizeof drop_reasons[0])

struct leaf {
	char key[64];
	enum leafk k;
	int arg;
};

/* ---- list items ------------------------------------------------------------ */

#define MAXF 16

struct item {                  /* common head of every list item */
	struct scen_loc loc;       /* where the item (its map) starts */
	struct scen_loc floc[MAXF];
	uint32_t set, bad;         /* bit per field */
};

enum { RF_DST_MAC = 0, RF_DST_IP, RF_SPORT, RF_DPORT, RF_PTIME, RF_PAYLOAD, RF_START,
       RF_DURATION, RF_CHANNELS, RF_STAGGER, RF_CODEC, RF__N };
static const char *const rtp_fields[RF__N] = {
	"dst_mac", "dst_ip", "sport", "dport", "ptime", "payload", "start", "duration",
	"channels", "stagger", "codec",
};
enum codec { CODEC_NONE = 0, CODEC_G711, CODEC_G729, CODEC_PCMU, CODEC_PCMA };
struct rtp_it {
	struct item m;
	struct scen_rtp v;
	enum codec codec;
};

enum { BF_DST_MAC = 0, BF_DST_IP, BF_PROTO, BF_SPORT, BF_DPORT, BF_RATE, BF_FRAME_SIZE,
       BF_START, BF_DURATION, BF__N };
static const char *const bulk_fields[BF__N] = {
	"dst_mac", "dst_ip", "proto", "sport", "dport", "rate", "frame_size", "start", "duration",
};
struct bulk_it {
	struct item m;
	struct scen_bulk v;
};

/* timeline: field 0 is `at`, field 1 + k the action of enum scen_tl_kind k */
#define TF_AT 0
#define TF__N (1 + TL__COUNT)
static const char *const tl_fields[TF__N] = {
	[TF_AT] = "at", [1 + TL_MTU] = "mtu", [1 + TL_MAC] = "mac", [1 + TL_IPV4] = "ipv4",
	[1 + TL_IPV6] = "ipv6", [1 + TL_PROMISC] = "promiscuous", [1 + TL_MULTICAST] = "multicast",
	[1 + TL_UP] = "up", [1 + TL_RELINQUISH] = "relinquish", [1 + TL_CLAIM] = "claim",
	[1 + TL_GP_BIND] = "gp_bind", [1 + TL_GP_UNBIND] = "gp_unbind",
};
_Static_assert(TF__N == 12, "one timeline field per action, and `at`");
struct tl_it {
	struct item m;
	struct scen_tl v;
};

enum { XF_MATCH = 0, XF_GOES_TO, XF_ONLY, XF__N };
static const char *const route_fields[XF__N] = {"match", "goes_to", "only"};
struct route_it {
	struct item m;
	struct scen_expect v;
};

struct list {
	void *items;
	size_t n;
};

static const struct listdef {
	const char *key;
	const char *const *fields;
	size_t nf;
	size_t size;
} lists[L__COUNT] = {
	[L_RTP] = {"traffic.rtp", rtp_fields, RF__N, sizeof(struct rtp_it)},
	[L_BULK] = {"traffic.bulk", bulk_fields, BF__N, sizeof(struct bulk_it)},
	[L_TL] = {"timeline", tl_fields, TF__N, sizeof(struct tl_it)},
	[L_ROUTE] = {"verify.routing", route_fields, XF__N, sizeof(struct route_it)},
};

/* ---- the loader's state --------------------------------------------------- */

struct scen_priv {             /* what the caller gets, with its strings */
	struct scenario pub;
	char **strs;               /* file names and --set texts locations point to */
	size_t nstrs;
};

enum layer { LAYER_PROFILE = 0, LAYER_FILE, LAYER_SET };

struct keyst {                 /* per key: where set, and a deferred value */
	struct scen_loc loc;
	bool pend;                 /* cycle key given as a time: raw is ps (ps/B) */
	uint64_t raw;
	const char *text;          /* the value as written, for messages */
};

struct seen {                  /* leaf keys set in the current file */
	char *key;
	int line, col;
};

struct ld {
	struct scen_priv *priv;
	struct scenario *s;
	FILE *err;
	int nerr;

	enum layer layer;
	const char *file;          /* current file, owned by priv */
	const char *opt;           /* current --set text, owned by priv */
	const char *dir;           /* the scenario's folder ("" for none) */

	struct leaf *leaves;
	size_t nleaves;

	struct keyst cost[COST__COUNT];
	struct keyst *fix;         /* per fixed[] / latency / drops.max leaf */
	struct seen *seen;
	size_t nseen;
	char **bad;                /* keys that already had a message */
	size_t nbad;

	struct list list[L__COUNT];
	char *trace_given;         /* trace.file as written */
	uint8_t rt_map[UNITS_PORTMAP_BYTES], gp_map[UNITS_PORTMAP_BYTES];
	uint8_t sip_map[UNITS_PORTMAP_BYTES];
	bool bound_set[CLS__COUNT * ST__COUNT];
	uint64_t bound_ps[CLS__COUNT * ST__COUNT];
	bool dmax_set[R__COUNT];
	uint64_t dmax[R__COUNT];
	bool broken;               /* the file could not be read: skip cross-checks */
};

/* ---- small helpers ---------------------------------------------------------- */

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return d;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Keep a string for the scenario's lifetime (locations point to it). */
static const char *keep(struct ld *L, const char *s)
{
	struct scen_priv *p = L->priv;
	p->strs = xrealloc(p->strs, (p->nstrs + 1) * sizeof *p->strs);
	p->strs[p->nstrs] = xstrdup(s);
	return p->strs[p->nstrs++];
}

static bool is_bad(const struct ld *L, const char *key)
{
	for (size_t i = 0; i < L->nbad; i++)
		if (strcmp(L->bad[i], key) == 0)
			return true;
	return false;
}

static void mark_bad(struct ld *L, const char *key)
{
	if (is_bad(L, key))
		return;
	L->bad = xrealloc(L->bad, (L->nbad + 1) * sizeof *L->bad);
	L->bad[L->nbad++] = xstrdup(key);
}

/* One message: "FILE:LINE:COL: KEY: what" or "--set K=V: KEY: what". */
static void emit(struct ld *L, const struct scen_loc *loc, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void emit(struct ld *L, const struct scen_loc *loc, const char *key, const char *fmt, ...)
{
	/* one line per problem: the whole message is built first, then written
	 * with control bytes escaped, so a value holding a newline or an escape
	 * sequence cannot split the line or forge a FILE:LINE:COL prefix */
	char line[4096];
	size_t n = 0;
	if (loc && loc->opt)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s: ", loc->opt);
	else if (loc && loc->file)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s:%d:%d: ", loc->file, loc->line,
		                      loc->col);
	if (n < sizeof line && key)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s: ", *key ? key : "(empty key)");
	if (n < sizeof line) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof line - n, fmt, ap);
		va_end(ap);
	}
	char *v = units_visible(line);   /* the message stays one line */
	fputs(v ? v : line, L->err);
	free(v);
	fputc('\n', L->err);
	L->nerr++;
	if (key)
		mark_bad(L, key);
}

static struct scen_loc node_loc(const struct ld *L, const yaml_node_t *n)
{
	struct scen_loc l = {0};
	if (L->opt) {
		l.opt = L->opt;
	} else {
		l.file = L->file;
		if (n) {
			l.line = (int)n->start_mark.line + 1;
			l.col = (int)n->start_mark.column + 1;
		}
	}
	return l;
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE: return "a map";
	case YAML_SEQUENCE_NODE: return "a list";
	default: return "a single value";
	}
}

static bool is_null(const yaml_node_t *n)
{
	const char *v;
	if (!n)
		return true;
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return v[0] == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* The text of a scalar ("" for null); NULL with a message otherwise. */
static const char *scalar(struct ld *L, const yaml_node_t *v, const char *key, const char *what)
{
	struct scen_loc loc = node_loc(L, v);
	if (v->type != YAML_SCALAR_NODE) {
		emit(L, &loc, key, "expected %s, got %s", what, node_kind(v));
		return NULL;
	}
	if (is_null(v))
		return "";
	/* "a\u0000b" in double quotes: the text would end at the NUL, the
	 * rest dropped unsaid (review n32) */
	if (memchr(v->data.scalar.value, 0, v->data.scalar.length)) {
		emit(L, &loc, key, "the text holds a NUL character (\\0 or \\u0000), which no value may");
		return NULL;
	}
	return (const char *)v->data.scalar.value;
}

static yaml_node_t *node(yaml_document_t *d, int id)
{
	return yaml_document_get_node(d, id);
}

/* Characters a and b share at the start: breaks ties between near keys
 * ("dst-port" is nearer dport than sport). */
static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

static unsigned near_cap(const char *s)
{
	size_t n = strlen(s);
	return n <= 3 ? 1 : n <= 7 ? 2 : 3;
}

/* How far a written name is from a valid one: the edit distance, 0 for a
 * difference of case only, and at most cap for an abbreviation of three
 * letters or more ("promisc" for promiscuous). */
static unsigned near_dist(const char *name, const char *valid, unsigned cap)
{
	unsigned d;
	size_t n = strlen(name);
	if (strcasecmp(name, valid) == 0)
		return 0;
	d = units_edit_distance(name, valid, cap);
	if (d > cap && n >= 3 && strncasecmp(name, valid, n) == 0)
		d = cap;
	return d;
}

static void join(char *out, size_t n, const char *a, const char *b)
{
	if (a && a[0])
		snprintf(out, n, "%s.%s", a, b);
	else
		snprintf(out, n, "%s", b);
}

/* ---- the key table -------------------------------------------------------- */

static void leaves_build(struct ld *L)
{
	size_t n = COST__COUNT + N_FIXED + CLS__COUNT * ST__COUNT + N_DROP_REASONS, k = 0;
	L->leaves = xcalloc(n, sizeof *L->leaves);
	for (int i = 0; i < COST__COUNT; i++, k++) {
		snprintf(L->leaves[k].key, sizeof L->leaves[k].key, "%s", cost_def((enum cost_id)i)->key);
		L->leaves[k].k = LF_COST;
		L->leaves[k].arg = i;
	}
	for (size_t i = 0; i < N_FIXED; i++, k++) {
		snprintf(L->leaves[k].key, sizeof L->leaves[k].key, "%s", fixed[i].key);
		L->leaves[k].k = fixed[i].k;
		L->leaves[k].arg = fixed[i].arg;
	}
	for (int c = 0; c < CLS__COUNT; c++)
		for (int st = 0; st < ST__COUNT; st++, k++) {
			snprintf(L->leaves[k].key, sizeof L->leaves[k].key, "verify.latency.%s.%s",
			         class_names[c], stat_names[st]);
			L->leaves[k].k = LF_LATENCY;
			L->leaves[k].arg = c * ST__COUNT + st;
		}
	for (size_t i = 0; i < N_DROP_REASONS; i++, k++) {
		snprintf(L->leaves[k].key, sizeof L->leaves[k].key, "verify.drops.max.%s",
		         verdict_reason_name((enum verdict_reason)drop_reasons[i]));
		L->leaves[k].k = LF_DROPS_MAX;
		L->leaves[k].arg = drop_reasons[i];
	}
	L->nleaves = k;
	L->fix = xcalloc(k, sizeof *L->fix);
}

static const struct leaf *leaf_find(const struct ld *L, const char *key)
{
	for (size_t i = 0; i < L->nleaves; i++)
		if (strcmp(L->leaves[i].key, key) == 0)
			return &L->leaves[i];
	return NULL;
}

static struct keyst *leaf_st(struct ld *L, const struct leaf *lf)
{
	if (lf->k == LF_COST)
		return &L->cost[lf->arg];
	return &L->fix[lf - L->leaves];
}

static bool is_section(const struct ld *L, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < L->nleaves; i++)
		if (strncmp(L->leaves[i].key, key, n) == 0 && L->leaves[i].key[n] == '.')
			return true;
	return false;
}

/* A near key: at the same level first, then anywhere by its last part. */
static bool suggest(const struct ld *L, const char *prefix, const char *name,
                    char *out, size_t n)
{
	size_t pl = prefix ? strlen(prefix) : 0, bcp = 0;
	unsigned best = UINT_MAX, cap = near_cap(name);
	char full[KEYLEN];
	const char *last;

	for (size_t i = 0; i < L->nleaves; i++) {
		const char *k = L->leaves[i].key, *rest, *dot;
		char first[64];
		unsigned d;
		if (pl) {
			if (strncmp(k, prefix, pl) != 0 || k[pl] != '.')
				continue;
			rest = k + pl + 1;
		} else {
			rest = k;
		}
		/* the whole rest ("link_rate", "p99.9", "nic.link_rate") */
		d = near_dist(name, rest, cap);
		if (d <= cap && (d < best || (d == best && common_prefix(name, rest) > bcp))) {
			best = d;
			bcp = common_prefix(name, rest);
			join(out, n, prefix, rest);
		}
		/* its first part ("nic" of "nic.link_rate") */
		dot = strchr(rest, '.');
		if (dot && (size_t)(dot - rest) < sizeof first) {
			memcpy(first, rest, (size_t)(dot - rest));
			first[dot - rest] = 0;
			d = near_dist(name, first, cap);
			if (d <= cap && (d < best || (d == best && common_prefix(name, first) > bcp))) {
				best = d;
				bcp = common_prefix(name, first);
				join(out, n, prefix, first);
			}
		}
	}
	/* the world: section is read by worldcfg.c, so no leaf of the table
	 * stands for it: a top-level name near it ("wrold", "World") is told so */
	if (!pl) {
		unsigned d = near_dist(name, "world", cap);
		if (d <= cap && (d < best || (d == best && common_prefix(name, "world") > bcp))) {
			best = d;
			snprintf(out, n, "world");
		}
	}
	if (best != UINT_MAX)
		return true;
	/* a dotted key under it, misspelt ("wrold.duration" -> world.duration) */
	if (pl) {
		size_t fl = strcspn(prefix, ".");
		char first[64];
		if (fl < sizeof first) {
			memcpy(first, prefix, fl);
			first[fl] = 0;
			if (!is_section(L, first) && near_dist(first, "world", near_cap(first)) <=
			    near_cap(first)) {
				snprintf(out, n, "world%s.%s", prefix + fl, name);
				return true;
			}
		}
	}

	/* anywhere: a key whose last part is the name ("rx_ring" -> nic.rx_ring) */
	join(full, sizeof full, prefix, name);
	last = strrchr(name, '.');
	last = last ? last + 1 : name;
	for (size_t i = 0; i < L->nleaves; i++) {
		const char *k = L->leaves[i].key, *kl = strrchr(k, '.');
		kl = kl ? kl + 1 : k;
		if (strcasecmp(kl, last) == 0 || units_edit_distance(full, k, near_cap(full)) <=
		    near_cap(full)) {
			snprintf(out, n, "%s", k);
			return true;
		}
	}
	for (size_t i = 0; i < L->nleaves; i++) {
		const char *k = L->leaves[i].key, *kl = strrchr(k, '.');
		kl = kl ? kl + 1 : k;
		if (strlen(last) > 3 && units_edit_distance(last, kl, 1) <= 1) {
			snprintf(out, n, "%s", k);
			return true;
		}
	}
	return false;
}

static void unknown_key(struct ld *L, const struct scen_loc *loc, const char *prefix,
                        const char *name)
{
	char full[KEYLEN], sug[KEYLEN];
	join(full, sizeof full, prefix, name);
	if (suggest(L, prefix, name, sug, sizeof sug))
		emit(L, loc, full, "unknown key (did you mean %s?)", sug);
	else if (prefix && prefix[0])
		emit(L, loc, full, "unknown key in %s (see doc/scenario.md)", prefix);
	else
		emit(L, loc, full, "unknown key (see doc/scenario.md)");
}

/* "did you mean" among a closed set of tokens */
static const char *token_near(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	unsigned bd = UINT_MAX, cap = near_cap(s);
	size_t bcp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d;
		if (!names[i])
			continue;
		d = near_dist(s, names[i], cap);
		if (d <= cap && (d < bd || (d == bd && common_prefix(s, names[i]) > bcp))) {
			bd = d;
			bcp = common_prefix(s, names[i]);
			best = names[i];
		}
	}
	return best;
}

/* "a, b or c" */
static void token_list(char *out, size_t n, const char *const *names, size_t k)
{
	size_t len = 0, m = 0, j = 0;
	out[0] = 0;
	for (size_t i = 0; i < k; i++)
		m += names[i] != NULL;
	for (size_t i = 0; i < k && len < n; i++) {
		if (!names[i])
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		                        j == 0 ? "" : j + 1 == m ? " or " : ", ", names[i]);
		j++;
	}
}

/* ---- value readers: each reports its own problem ------------------------- */

/* rc, a units_parse_*'s result for the value at v: true when it read it,
 * else false after its message msg, at v. */
static bool parsed(struct ld *L, const yaml_node_t *v, const char *key, int rc, const char *msg)
{
	struct scen_loc loc = node_loc(L, v);
	if (rc >= 0)
		return true;
	emit(L, &loc, key, "%s", msg);
	return false;
}

static bool v_unit(struct ld *L, const yaml_node_t *v, const char *key, enum cost_unit u,
                   uint64_t min, uint64_t max, uint64_t *out)
{
	char msg[512];
	struct scen_loc loc = node_loc(L, v);
	const char *t = scalar(L, v, key, "a single value");
	if (!t)
		return false;
	if (units_parse(u, t, min, max, out, NULL, msg, sizeof msg) < 0) {
		/* a bare fraction for a duration reads as seconds: say it with a
		 * unit (ptime: 0.02 -> 20ms); "20" may mean anything, no guess */
		char ws[96], m2[256], b[UNITS_FMT_MAX];
		uint64_t ps;
		if (u == CU_PS && strlen(t) < 80 && strspn(t, "0123456789.") == strlen(t) &&
		    t[0] == '0' && t[1] == '.' &&     /* a fraction: surely seconds */
		    (snprintf(ws, sizeof ws, "%ss", t),
		     units_parse(CU_PS, ws, 0, UINT64_MAX, &ps, NULL, m2, sizeof m2) == 0)) {
			emit(L, &loc, key, "%s (in seconds that is %s: write %s)", msg,
			     units_format(CU_PS, ps, b, sizeof b), b);
			return false;
		}
		emit(L, &loc, key, "%s", msg);
		return false;
	}
	return true;
}

static bool v_dur(struct ld *L, const yaml_node_t *v, const char *key, uint64_t min,
                  uint64_t *out)
{
	return v_unit(L, v, key, CU_PS, min, MAX_RUN_PS, out);
}

static bool v_bool(struct ld *L, const yaml_node_t *v, const char *key, bool *out)
{
	char msg[256];
	const char *t = scalar(L, v, key, "true or false");
	return t && parsed(L, v, key, units_parse_bool(t, out, msg, sizeof msg), msg);
}

static bool v_mac(struct ld *L, const yaml_node_t *v, const char *key, uint8_t mac[6])
{
	char msg[256];
	const char *t = scalar(L, v, key, "a MAC address");
	return t && parsed(L, v, key, units_parse_mac(t, mac, msg, sizeof msg), msg);
}

/* A MAC a frame carries as its source: an address with the I/G bit set is
 * a group address, never a station's (IEEE 802.3 3.2.3). */
static bool v_ucast_mac(struct ld *L, const yaml_node_t *v, const char *key, const char *whose,
                        uint8_t mac[6])
{
	if (!v_mac(L, v, key, mac))
		return false;
	if (mac[0] & 1) {
		struct scen_loc loc = node_loc(L, v);
		emit(L, &loc, key, "%s is a multicast address: %s MAC must be unicast",
		     (const char *)v->data.scalar.value, whose);
		return false;
	}
	return true;
}

static bool v_port(struct ld *L, const yaml_node_t *v, const char *key, uint16_t *out)
{
	char msg[256];
	const char *t = scalar(L, v, key, "a UDP port number");
	return t && parsed(L, v, key, units_parse_port(t, out, msg, sizeof msg), msg);
}

static bool v_ip(struct ld *L, const yaml_node_t *v, const char *key, uint8_t ip[16], bool *v6)
{
	char msg[256];
	const char *t = scalar(L, v, key, "an IP address");
	return t && parsed(L, v, key, units_parse_ip(t, ip, v6, msg, sizeof msg), msg);
}

static bool v_ipv6(struct ld *L, const yaml_node_t *v, const char *key, uint8_t ip[16])
{
	char msg[256];
	const char *t = scalar(L, v, key, "an IPv6 address");
	return t && parsed(L, v, key, units_parse_ipv6(t, ip, msg, sizeof msg), msg);
}

static bool v_ipv4(struct ld *L, const yaml_node_t *v, const char *key, uint32_t *out)
{
	char msg[256];
	const char *t = scalar(L, v, key, "an IPv4 address");
	return t && parsed(L, v, key, units_parse_ipv4(t, out, msg, sizeof msg), msg);
}

/* A closed set of names: the index, or -1 with a message. */
static int v_token(struct ld *L, const yaml_node_t *v, const char *key, const char *what,
                   const char *const *names, size_t n)
{
	char all[256];
	const char *near;
	struct scen_loc loc = node_loc(L, v);
	const char *t = scalar(L, v, key, what);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcasecmp(t, names[i]) == 0)
			return (int)i;
	token_list(all, sizeof all, names, n);
	near = t[0] ? token_near(t, names, n) : NULL;
	if (!t[0])
		emit(L, &loc, key, "no value: expected %s (%s)", what, all);
	else if (near)
		emit(L, &loc, key, "unknown %s \"%s\" (did you mean %s?); expected %s", what, t, near, all);
	else
		emit(L, &loc, key, "unknown %s \"%s\"; expected %s", what, t, all);
	return -1;
}

/* A port set: "5004-5099,7000", or a list of ports and ranges. */
static bool v_ports(struct ld *L, const yaml_node_t *v, const char *key,
                    uint8_t map[UNITS_PORTMAP_BYTES], yaml_document_t *doc)
{
	char msg[256];
	uint8_t m[UNITS_PORTMAP_BYTES] = {0};
	bool ok = true;
	struct scen_loc loc = node_loc(L, v);

	if (v->type == YAML_SCALAR_NODE) {
		const char *t = is_null(v) ? "" : (const char *)v->data.scalar.value;
		ok = parsed(L, v, key, units_parse_ports(t, m, msg, sizeof msg), msg);
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *e = node(doc, *it);
			struct scen_loc el = node_loc(L, e);
			if (e->type != YAML_SCALAR_NODE || is_null(e)) {
				emit(L, &el, key, "expected a port or a range such as 5004-5099, got %s",
				     is_null(e) ? "nothing" : node_kind(e));
				ok = false;
				continue;
			}
			if (!parsed(L, e, key, units_parse_ports((const char *)e->data.scalar.value, m, msg,
			                                         sizeof msg), msg))
				ok = false;
		}
	} else {
		emit(L, &loc, key, "expected ports such as 5004-5099,7000 or a list, got a map");
		ok = false;
	}
	if (ok)
		memcpy(map, m, UNITS_PORTMAP_BYTES);
	return ok;
}

/* ---- list items -------------------------------------------------------------- */

static const uint8_t peer_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t peer_ip[16] = {10, 0, 0, 2};

static void item_init(enum listk lk, void *it)
{
	switch (lk) {
	case L_RTP: {
		struct rtp_it *r = it;
		memcpy(r->v.dst_mac, peer_mac, 6);
		memcpy(r->v.dst_ip, peer_ip, 16);
		r->v.sport = 5004;
		r->v.dport = 5004;
		r->v.ptime_ps = 20000000000ull;
		r->v.payload = 160;
		r->v.duration_ps = 1000000000000ull;
		r->v.channels = 1;
		break;
	}
	case L_BULK: {
		struct bulk_it *b = it;
		memcpy(b->v.dst_mac, peer_mac, 6);
		memcpy(b->v.dst_ip, peer_ip, 16);
		b->v.proto = BULK_UDP;
		b->v.sport = 40000;
		b->v.dport = 9;
		b->v.rate_bps = 100000000ull;
		b->v.frame_size = 1514;
		b->v.duration_ps = 1000000000000ull;
		break;
	}
	case L_TL:
		break;
	case L_ROUTE: {
		struct route_it *r = it;
		r->v.goes_to = -1;
		break;
	}
	case L__COUNT:
		break;
	}
}

static void item_free(enum listk lk, void *it)
{
	if (lk == L_ROUTE)
		free(((struct route_it *)it)->v.filter);
}

static struct item *item_at(struct ld *L, enum listk lk, size_t i)
{
	return (struct item *)((char *)L->list[lk].items + i * lists[lk].size);
}

static void list_clear(struct ld *L, enum listk lk)
{
	for (size_t i = 0; i < L->list[lk].n; i++)
		item_free(lk, item_at(L, lk, i));
	free(L->list[lk].items);
	L->list[lk].items = NULL;
	L->list[lk].n = 0;
}

static struct item *list_append(struct ld *L, enum listk lk, const struct scen_loc *loc)
{
	struct list *l = &L->list[lk];
	struct item *it;
	l->items = xrealloc(l->items, (l->n + 1) * lists[lk].size);
	it = item_at(L, lk, l->n++);
	memset(it, 0, lists[lk].size);
	item_init(lk, it);
	it->loc = *loc;
	return it;
}

static const char *const proto_names[] = {"udp", "tcp"};
static const char *const codec_names[] = {NULL, "g711", "g729", "pcmu", "pcma"};
/* g711 is G.711 mu-law, RFC 3551's PCMU */
static const enum scen_codec codec_of[] = {SCODEC_NONE, SCODEC_PCMU, SCODEC_G729, SCODEC_PCMU,
                                           SCODEC_PCMA};

/* The list key a key is (LISTKEY) or is in (LISTKEY.N...), or NULL. */
static const char *list_of(const char *key)
{
	for (int lk = 0; lk < L__COUNT; lk++) {
		size_t n = strlen(lists[lk].key);
		if (strncmp(key, lists[lk].key, n) == 0 && (key[n] == 0 || key[n] == '.'))
			return lists[lk].key;
	}
	return NULL;
}

/* A key set twice in one file (profile or scenario) is an error: true,
 * after the message, when key was set before in this file, or when it is
 * a whole list one of whose items was set before, or an item of a list
 * set whole before. Otherwise the key is remembered. --set may set a key
 * again: it is not checked. */
static bool set_twice(struct ld *L, const char *key, const struct scen_loc *kl)
{
	const char *lk = list_of(key);
	if (L->layer != LAYER_FILE && L->layer != LAYER_PROFILE)
		return false;
	for (size_t i = 0; i < L->nseen; i++) {
		const char *k = L->seen[i].key;
		if (strcmp(k, key) == 0) {
			emit(L, kl, key, "set twice (first at %d:%d)", L->seen[i].line, L->seen[i].col);
			return true;
		}
		if (!lk || list_of(k) != lk)
			continue;
		if (strcmp(key, lk) == 0) {
			emit(L, kl, key, "set twice: its item %s was set first (at %d:%d); give the "
			     "whole list or its items, not both", k, L->seen[i].line, L->seen[i].col);
			return true;
		}
		if (strcmp(k, lk) == 0) {
			emit(L, kl, key, "set twice: the whole list %s was set first (at %d:%d); give "
			     "the whole list or its items, not both", lk, L->seen[i].line,
			     L->seen[i].col);
			return true;
		}
	}
	L->seen = xrealloc(L->seen, (L->nseen + 1) * sizeof *L->seen);
	L->seen[L->nseen].key = xstrdup(key);
	L->seen[L->nseen].line = kl->line;
	L->seen[L->nseen].col = kl->col;
	L->nseen++;
	return false;
}

/* Set field f of an item from v; key is "traffic.rtp.0.dport". */
static void item_set(struct ld *L, enum listk lk, struct item *it, int f,
                     yaml_document_t *doc, yaml_node_t *v, const char *key)
{
	bool ok = true;
	uint64_t x = 0;
	(void)doc;
	it->floc[f] = node_loc(L, v);
	it->set |= 1u << f;
	it->bad &= ~(1u << f);

	switch (lk) {
	case L_RTP: {
		struct scen_rtp *r = &((struct rtp_it *)it)->v;
		switch (f) {
		case RF_DST_MAC: ok = v_mac(L, v, key, r->dst_mac); break;
		case RF_DST_IP: ok = v_ip(L, v, key, r->dst_ip, &r->ipv6); break;
		case RF_SPORT: ok = v_port(L, v, key, &r->sport); break;
		case RF_DPORT: ok = v_port(L, v, key, &r->dport); break;
		case RF_PTIME: ok = v_unit(L, v, key, CU_PS, 1000000ull, 1000000000000ull, &r->ptime_ps); break;
		case RF_PAYLOAD:
			ok = v_unit(L, v, key, CU_BYTES, 0, 65507, &x);
			if (ok)
				r->payload = (uint32_t)x;
			break;
		case RF_START: ok = v_dur(L, v, key, 0, &r->start_ps); break;
		case RF_DURATION: ok = v_dur(L, v, key, 0, &r->duration_ps); break;
		case RF_CHANNELS:
			ok = v_unit(L, v, key, CU_COUNT, 1, 10000, &x);
			if (ok)
				r->channels = (uint32_t)x;
			break;
		case RF_STAGGER: ok = v_dur(L, v, key, 0, &r->stagger_ps); break;
		case RF_CODEC: {
			int c = v_token(L, v, key, "codec", codec_names, 5);
			ok = c > 0;
			if (ok) {
				((struct rtp_it *)it)->codec = (enum codec)c;
				r->codec = codec_of[c];
			}
			break;
		}
		}
		break;
	}
	case L_BULK: {
		struct scen_bulk *b = &((struct bulk_it *)it)->v;
		switch (f) {
		case BF_DST_MAC: ok = v_mac(L, v, key, b->dst_mac); break;
		case BF_DST_IP: ok = v_ip(L, v, key, b->dst_ip, &b->ipv6); break;
		case BF_PROTO: {
			int p = v_token(L, v, key, "protocol", proto_names, 2);
			ok = p >= 0;
			if (ok)
				b->proto = (enum scen_bulk_proto)p;
			break;
		}
		case BF_SPORT: ok = v_port(L, v, key, &b->sport); break;
		case BF_DPORT: ok = v_port(L, v, key, &b->dport); break;
		case BF_RATE: ok = v_unit(L, v, key, CU_BPS, 1, 400000000000ull, &b->rate_bps); break;
		case BF_FRAME_SIZE:
			ok = v_unit(L, v, key, CU_BYTES, 42, 65549, &x);
			if (ok)
				b->frame_size = (uint32_t)x;
			break;
		case BF_START: ok = v_dur(L, v, key, 0, &b->start_ps); break;
		case BF_DURATION: ok = v_dur(L, v, key, 0, &b->duration_ps); break;
		}
		break;
	}
	case L_TL: {
		struct scen_tl *t = &((struct tl_it *)it)->v;
		bool bv = false;
		if (f == TF_AT) {
			ok = v_dur(L, v, key, 0, &t->at_ps);
			break;
		}
		t->kind = (enum scen_tl_kind)(f - 1);
		t->loc = it->loc;
		switch (t->kind) {
		case TL_MTU:
			ok = v_unit(L, v, key, CU_BYTES, cost_def(C_NIC_MTU)->min, cost_def(C_NIC_MTU)->max, &x);
			if (ok)
				t->num = x;
			break;
		case TL_MAC: ok = v_mac(L, v, key, t->mac); break;
		case TL_IPV4: {
			uint32_t a;
			ok = v_ipv4(L, v, key, &a);
			if (ok) {
				t->num = a;
				t->ip[0] = (uint8_t)(a >> 24);
				t->ip[1] = (uint8_t)(a >> 16);
				t->ip[2] = (uint8_t)(a >> 8);
				t->ip[3] = (uint8_t)a;
			}
			break;
		}
		case TL_IPV6: ok = v_ipv6(L, v, key, t->ip); break;
		case TL_PROMISC: case TL_MULTICAST: case TL_UP:
			ok = v_bool(L, v, key, &bv);
			if (ok)
				t->num = bv;
			break;
		case TL_RELINQUISH: case TL_CLAIM: case TL_GP_BIND: case TL_GP_UNBIND: {
			uint16_t p = 0;
			ok = v_port(L, v, key, &p);
			if (ok)
				t->num = p;
			break;
		}
		case TL__COUNT:
			abort();     /* f < TF__N */
		}
		break;
	}
	case L_ROUTE: {
		struct scen_expect *e = &((struct route_it *)it)->v;
		switch (f) {
		case XF_MATCH: {
			const char *s = scalar(L, v, key, "a capture filter");
			ok = s != NULL;
			if (ok) {
				free(e->filter);
				e->filter = xstrdup(s);
			}
			break;
		}
		case XF_GOES_TO: {
			static const char *const dec[] = {"rt", "gp", "both", "drop", "skip"};
			int d = v_token(L, v, key, "decision", dec, 5);
			ok = d >= 0;
			if (ok) {
				e->goes_to = verdict_decision_parse(dec[d]);
				if (e->goes_to < 0)
					e->goes_to = d;
			}
			break;
		}
		case XF_ONLY: ok = v_bool(L, v, key, &e->only); break;
		}
		break;
	}
	case L__COUNT:
		break;
	}
	if (!ok)
		it->bad |= 1u << f;
}

static int field_find(enum listk lk, const char *name)
{
	for (size_t i = 0; i < lists[lk].nf; i++)
		if (strcmp(lists[lk].fields[i], name) == 0)
			return (int)i;
	return -1;
}

static void item_unknown(struct ld *L, enum listk lk, const struct scen_loc *loc,
                         const char *ikey, const char *name)
{
	char full[KEYLEN], all[256];
	const char *near = token_near(name, lists[lk].fields, lists[lk].nf);
	join(full, sizeof full, ikey, name);
	if (near) {
		emit(L, loc, full, "unknown key (did you mean %s.%s?)", ikey, near);
	} else {
		token_list(all, sizeof all, lists[lk].fields, lists[lk].nf);
		emit(L, loc, full, "unknown key; an item of %s has %s", lists[lk].key, all);
	}
}

/* Whether the key name of pair p of map is refused (said, at kl, as
 * full): set before in the same map, or a YAML merge key (merge: the
 * message for it). */
static bool bad_key(struct ld *L, yaml_document_t *doc, const yaml_node_t *map,
                    const yaml_node_pair_t *p, const struct scen_loc *kl, const char *full,
                    const char *name, const char *merge)
{
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
		yaml_node_t *k2 = node(doc, q->key);
		if (k2->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k2->data.scalar.value, name) == 0) {
			emit(L, kl, full, "duplicate key (first at %d:%d)",
			     (int)k2->start_mark.line + 1, (int)k2->start_mark.column + 1);
			return true;
		}
	}
	if (strcmp(name, "<<") == 0) {
		emit(L, kl, full, "%s", merge);
		return true;
	}
	return false;
}

/* Walk the map of one item, field by field. ikey: "traffic.rtp.0".
 * byname: the item was reached by its number (LISTKEY.N: {...}), so each
 * field is a key set in the file, which may not be set twice. */
static void item_walk(struct ld *L, enum listk lk, struct item *it, yaml_document_t *doc,
                      yaml_node_t *map, const char *ikey, bool byname)
{
	struct scen_loc loc = node_loc(L, map);
	if (map->type != YAML_MAPPING_NODE) {
		emit(L, &loc, ikey, "expected a map such as {%s: ...}, got %s",
		     lists[lk].fields[0], is_null(map) ? "nothing" : node_kind(map));
		return;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(doc, p->key), *v = node(doc, p->value);
		struct scen_loc kl = node_loc(L, k);
		const char *name;
		char full[KEYLEN];
		int f;

		if (k->type != YAML_SCALAR_NODE) {
			emit(L, &kl, ikey, "a key must be a name, not %s", node_kind(k));
			continue;
		}
		name = (const char *)k->data.scalar.value;
		join(full, sizeof full, ikey, name);
		if (bad_key(L, doc, map, p, &kl, full, name,
		            "YAML merge keys (<<) are not supported: write the fields out"))
			continue;
		f = field_find(lk, name);
		if (f < 0) {
			item_unknown(L, lk, &kl, ikey, name);
			continue;
		}
		if (byname && set_twice(L, full, &kl))
			continue;
		item_set(L, lk, it, f, doc, v, full);
	}
}

/* A whole list replaces the one before. */
static void list_set(struct ld *L, enum listk lk, yaml_document_t *doc, yaml_node_t *v,
                     const char *key)
{
	struct scen_loc loc = node_loc(L, v);
	list_clear(L, lk);
	if (is_null(v))
		return;
	if (v->type != YAML_SEQUENCE_NODE) {
		emit(L, &loc, key, "expected a list (items starting with \"- \"), got %s", node_kind(v));
		return;
	}
	for (yaml_node_item_t *e = v->data.sequence.items.start; e < v->data.sequence.items.top; e++) {
		yaml_node_t *m = node(doc, *e);
		struct scen_loc il = node_loc(L, m);
		char ikey[KEYLEN];
		struct item *it = list_append(L, lk, &il);
		snprintf(ikey, sizeof ikey, "%s.%zu", key, L->list[lk].n - 1);
		item_walk(L, lk, it, doc, m, ikey, false);
	}
}

/* ---- leaves -------------------------------------------------------------- */

/* A MOS "4", "3.6" or "4.41" (1 to 4.5, at most two decimals) in
 * hundredths: exact, as calls.tsv prints MOS with two decimals. */
static bool mos_parse(const char *t, uint64_t *out)
{
	return units_parse_fixed(t, strlen(t), 2, 450, out, NULL) == UNITS_FIXED_OK && *out >= 100;
}

/* ---- generated calls: calls.generator.*, calls.far.*, calls.billing.* ---- */

/* A rate "2", "2.5" or "0.000001" (at most 6 decimals) in millionths,
 * above 0 and at most 10^6 a second. */
static bool rate_parse(const char *t, uint64_t *out)
{
	return units_parse_fixed(t, strlen(t), 6, 1000000000000ull, out, NULL) == UNITS_FIXED_OK &&
	       *out > 0;
}

static const char *const gen_modes[] = {"off", "fixed", "poisson"};
static const char *const hold_dists[] = {"fixed", "exponential"};

/* A number read by units_parse_fixed (a call rate, a MOS): the scalar, or
 * NULL when it is not one or is longer than any number (said, never cut). */
static const char *num_scalar(struct ld *L, const yaml_node_t *v, const char *key,
                              const char *what)
{
	char msg[256];
	const char *t = scalar(L, v, key, what);
	if (t && !units_value_fits(t, msg, sizeof msg)) {
		struct scen_loc loc = node_loc(L, v);
		emit(L, &loc, key, "%s", msg);
		return NULL;
	}
	return t;
}

/* A whole number in [min, max]. */
static bool v_count(struct ld *L, const yaml_node_t *v, const char *key, uint64_t min,
                    uint64_t max, uint64_t *out)
{
	return v_unit(L, v, key, CU_COUNT, min, max, out);
}

/* calls.generator.shift: a list of durations, item i moving call i + 1. */
static void gen_shift(struct ld *L, yaml_document_t *doc, const yaml_node_t *v, const char *key)
{
	struct callgen_cfg *g = &L->s->gen;
	struct scen_loc loc = node_loc(L, v);
	if (v->type != YAML_SEQUENCE_NODE) {
		emit(L, &loc, key, "expected a list of durations, one a call, such as [0s, 12.5ms]");
		return;
	}
	uint32_t n = 0;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *x = yaml_document_get_node(doc, *it);
		if (n == CALLGEN_SHIFTS) {
			emit(L, &loc, key, "at most %d items (calls)", CALLGEN_SHIFTS);
			return;
		}
		if (!x || !v_dur(L, x, key, 0, &g->shift_ps[n]))
			return;
		n++;
	}
	g->n_shift = n;
}

static void gen_set(struct ld *L, int f, const yaml_node_t *v, const char *key)
{
	struct scenario *s = L->s;
	struct callgen_cfg *g = &s->gen;
	struct scen_loc loc = node_loc(L, v);
	const char *t;
	uint64_t x;
	int i;
	switch (f) {
	case G_MODE:
		if ((i = v_token(L, v, key, "mode", gen_modes, 3)) >= 0)
			s->gen_mode = i;
		return;
	case G_SEED: v_count(L, v, key, 0, UINT64_MAX, &g->seed); return;
	case G_COUNT:
		if (v_count(L, v, key, 0, 1000000, &x))
			g->count = (uint32_t)x;
		return;
	case G_START: v_dur(L, v, key, 0, &g->start_ps); return;
	case G_SPACING: v_dur(L, v, key, 0, &g->spacing_ps); return;
	case G_RATE:
		t = num_scalar(L, v, key, "calls per second");
		if (!t)
			return;
		if (!rate_parse(t, &x)) {
			emit(L, &loc, key, "\"%s\": expected a number of calls per second above 0, at "
			     "most 1000000, with at most 6 decimals, such as 2.5", t);
			return;
		}
		g->rate_per_s = (double)x / 1e6;   /* both exact: the decimal, rounded once */
		return;
	case G_WINDOW: v_dur(L, v, key, 0, &g->window_ps); return;
	case G_HOLD: v_dur(L, v, key, 1000000000ull, &g->hold_ps); return;   /* >= 1 ms */
	case G_HOLD_DIST:
		if ((i = v_token(L, v, key, "distribution", hold_dists, 2)) >= 0)
			g->hold_exp = i == 1;
		return;
	case G_PCMU: case G_PCMA: case G_G729:
		if (v_count(L, v, key, 0, 1000000, &x))
			g->weight[f == G_PCMU ? CG_PCMU : f == G_PCMA ? CG_PCMA : CG_G729] = (uint32_t)x;
		return;
	case G_PTIME:
		/* 0 to 1000 ms (doc/scenario.md): ptime_ms is 16 bits */
		if (!v_unit(L, v, key, CU_PS, 0, 1000000000000ull, &x))
			return;
		if (x % 1000000000ull) {
			emit(L, &loc, key, "a packetisation time is a whole number of milliseconds");
			return;
		}
		g->ptime_ms = (uint16_t)(x / 1000000000ull);
		return;
	case G_OUTGOING:
		if (v_count(L, v, key, 0, 100, &x))
			g->out_pct = (uint32_t)x;
		return;
	case G_PORT_BASE: {
		/* at the value: RTP on the even port, RTCP on the odd one after
		 * it (RFC 3550 11), above the well-known ports */
		uint16_t p;
		if (!v_port(L, v, key, &p))
			return;
		if (p < 1024 || (p & 1)) {
			emit(L, &loc, key, "%u: the first RTP port must be even (RTP even, RTCP the odd "
			     "port after it) and at least 1024", p);
			return;
		}
		g->port_base = p;
		return;
	}
	case G_PORTS:
		if (v_count(L, v, key, 1, 32256, &x))
			g->ports = (uint16_t)x;
		return;
	case G_PORT_GUARD: v_dur(L, v, key, 0, &g->port_guard_ps); return;
	case F_MAC: case B_MAC: {   /* the source of the far end's (billing host's) frames */
		uint8_t m[6];
		if (v_ucast_mac(L, v, key, f == F_MAC ? "the far end's" : "the billing host's", m))
			memcpy(f == F_MAC ? s->far_mac : s->bill_mac, m, 6);
		return;
	}
	case F_IPV4: case B_IPV4: v_ipv4(L, v, key, f == F_IPV4 ? &s->far_ipv4 : &s->bill_ipv4); return;
	case F_SIP_PORT: v_port(L, v, key, &s->far_sip_port); return;
	case F_RTP_PORT: v_port(L, v, key, &g->far_port); return;
	case F_D100: v_dur(L, v, key, 0, &g->d100_ps); return;
	case F_D180: v_dur(L, v, key, 0, &g->d180_ps); return;
	case F_D200: v_dur(L, v, key, 0, &g->d200_ps); return;
	case F_ACK: v_dur(L, v, key, 0, &g->dack_ps); return;
	case F_BYE_OK: v_dur(L, v, key, 0, &g->dbye_ok_ps); return;
	case F_REMOTE: v_bool(L, v, key, &s->far_remote); return;
	case B_PORT: v_port(L, v, key, &s->bill_port); return;
	}
}


static void set_leaf(struct ld *L, const struct leaf *lf, yaml_document_t *doc,
                     yaml_node_t *v, const char *key)
{
	struct scenario *s = L->s;
	struct keyst *ks = leaf_st(L, lf);
	struct scen_loc loc = node_loc(L, v);
	char msg[512];
	const char *t;

	ks->loc = loc;
	switch (lf->k) {
	case LF_COST: {
		const struct cost_def *d = cost_def((enum cost_id)lf->arg);
		enum cost_unit given;
		uint64_t x;
		t = scalar(L, v, key, "a single value");
		if (!t)
			return;
		if (!parsed(L, v, key, units_parse(d->unit, t, d->min, d->max, &x, &given, msg,
		                                   sizeof msg), msg))
			return;
		ks->pend = given != d->unit;
		ks->text = keep(L, t);
		if (ks->pend)
			ks->raw = x;
		else
			s->costs.v[lf->arg] = x;
		return;
	}
	case LF_NAME:
		t = scalar(L, v, key, "a name");
		if (!t)
			return;
		if (!t[0]) {
			emit(L, &loc, key, "no value: expected a name");
			return;
		}
		free(s->name);
		s->name = xstrdup(t);
		return;
	case LF_PROFILE:
		/* read before the layers (profile_find); only recorded here */
		t = scalar(L, v, key, "a profile name");
		if (!t)
			return;
		free(s->profile);
		s->profile = t[0] && strcmp(t, "none") != 0 ? xstrdup(t) : NULL;
		return;
	case LF_HOST_MAC: {
		uint8_t m[6];
		if (v_ucast_mac(L, v, key, "the host's", m))
			memcpy(s->mac, m, 6);
		return;
	}
	case LF_HOST_IPV4: v_ipv4(L, v, key, &s->ipv4); return;
	case LF_HOST_IPV6:
		t = scalar(L, v, key, "an IPv6 address or none");
		if (!t)
			return;
		if (!t[0] || strcmp(t, "none") == 0) {
			s->has_ipv6 = false;
			memset(s->ipv6, 0, 16);
			return;
		}
		if (!parsed(L, v, key, units_parse_ipv6(t, s->ipv6, msg, sizeof msg), msg))
			return;
		s->has_ipv6 = true;
		return;
	case LF_PROMISC: v_bool(L, v, key, &s->promiscuous); return;
	case LF_MCAST: v_bool(L, v, key, &s->multicast); return;
	case LF_UP: v_bool(L, v, key, &s->up); return;
	case LF_DISP: {
		const char *names[DISP__COUNT];
		int i;
		for (i = 0; i < DISP__COUNT; i++)
			names[i] = disp_policy_name((enum disp_policy)i);
		i = v_token(L, v, key, "policy", names, DISP__COUNT);
		if (i >= 0)
			s->disp = (enum disp_policy)i;
		return;
	}
	case LF_GP_SEND_FULL: {
		static const char *const names[] = {"block", "drop"};
		int i = v_token(L, v, key, "choice", names, 2);
		if (i >= 0)
			s->gp_send_full = (enum scen_send_full)i;
		return;
	}
	case LF_TXS: {
		const char *names[TXS_GP_RATE + 1];
		int i;
		for (i = 0; i <= TXS_GP_RATE; i++)
			names[i] = txs_policy_name((enum txs_policy)i);
		i = v_token(L, v, key, "policy", names, TXS_GP_RATE + 1);
		if (i >= 0)
			s->txs = (enum txs_policy)i;
		return;
	}
	case LF_RT_PORTS: v_ports(L, v, key, L->rt_map, doc); return;
	case LF_GP_PORTS: v_ports(L, v, key, L->gp_map, doc); return;
	case LF_SIP_PORTS: v_ports(L, v, key, L->sip_map, doc); return;
	case LF_CALLS_SIP: {
		static const char *const names[] = {"auto", "on", "off"};
		int i = v_token(L, v, key, "setting", names, 3);
		if (i >= 0)
			s->calls_sip = (enum scen_calls_sip)i;
		return;
	}
	case LF_CALLS_PLAYOUT: v_dur(L, v, key, 0, &s->calls_playout_ps); return;
	case LF_CALLS_TIMEOUT: v_dur(L, v, key, 0, &s->calls_timeout_ps); return;
	case LF_CALLS_BUDGET: v_dur(L, v, key, 0, &s->calls_budget_ps); return;
	case LF_GEN:
		if (lf->arg == G_SHIFT)
			gen_shift(L, doc, v, key);
		else
			gen_set(L, lf->arg, v, key);
		return;
	case LF_TRACE_FILE: {
		t = scalar(L, v, key, "a file name");
		if (!t)
			return;
		free(L->trace_given);
		free(s->trace);
		L->trace_given = NULL;
		s->trace = NULL;
		if (!t[0])
			return;
		L->trace_given = xstrdup(t);
		/* relative to the scenario's folder; an option's to the current one */
		s->trace = L->layer == LAYER_FILE && L->file ? paths_beside(L->file, t) : xstrdup(t);
		return;
	}
	case LF_TRACE_REPLAY: v_bool(L, v, key, &s->replay_tx); return;
	case LF_TRACE_OFFSET: v_dur(L, v, key, 0, &s->trace_offset_ps); return;
	case LF_RUN_DURATION: v_dur(L, v, key, 0, &s->duration_ps); return;
	case LF_LIST: list_set(L, (enum listk)lf->arg, doc, v, key); return;
	case LF_ECHO: {
		bool on;
		uint16_t port;
		t = scalar(L, v, key, "on, off or an RT port");
		if (!t)
			return;
		/* a number is a port, but 0 (no port is 0) the boolean off */
		if (isdigit((unsigned char)t[0]) && strcmp(t, "0") != 0) {
			if (!parsed(L, v, key, units_parse_port(t, &port, msg, sizeof msg), msg))
				return;
			s->echo.enabled = true;
			s->echo.port = port;
			return;
		}
		if (units_parse_bool(t, &on, msg, sizeof msg) < 0) {
			emit(L, &loc, key, "\"%s\": expected on, off or an RT port number", t);
			return;
		}
		s->echo.enabled = on;
		s->echo.port = 0;
		return;
	}
	case LF_VCALLS: {
		struct scen_vcall_bound *b = &s->vcalls[lf->arg];
		uint64_t x;
		if (is_null(v)) {
			b->set = false;
			return;
		}
		if (lf->arg == VC_MOS_MIN) {
			t = num_scalar(L, v, key, "a MOS");
			if (!t)
				return;
			if (!mos_parse(t, &x)) {
				emit(L, &loc, key, "\"%s\": expected a MOS from 1 to 4.5 with at most two "
				     "decimals (as calls.tsv prints it), e.g. 3.6", t);
				return;
			}
		} else if (lf->arg == VC_EARLY_MEDIA_GP) {
			if (!v_unit(L, v, key, CU_COUNT, 0, UINT64_MAX, &x))
				return;
		} else if (!v_dur(L, v, key, 0, &x)) {
			return;
		}
		b->set = true;
		b->v = x;
		b->loc = loc;
		return;
	}
	case LF_LATENCY: {
		uint64_t ps;
		if (is_null(v)) {
			L->bound_set[lf->arg] = false;
			return;
		}
		if (v_dur(L, v, key, 0, &ps)) {
			L->bound_set[lf->arg] = true;
			L->bound_ps[lf->arg] = ps;
		}
		return;
	}
	case LF_DROPS_ONLY: {
		const char *names[N_DROP_REASONS];
		uint32_t mask = 0;
		bool ok = true;
		for (size_t i = 0; i < N_DROP_REASONS; i++)
			names[i] = verdict_reason_name((enum verdict_reason)drop_reasons[i]);
		if (is_null(v)) {
			s->drops_only_set = false;
			s->drops_only_mask = 0;
			return;
		}
		if (v->type == YAML_SCALAR_NODE) {
			int i = v_token(L, v, key, "drop reason", names, N_DROP_REASONS);
			ok = i >= 0;
			if (ok)
				mask |= 1u << drop_reasons[i];
		} else if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *e = v->data.sequence.items.start;
			     e < v->data.sequence.items.top; e++) {
				int i = v_token(L, node(doc, *e), key, "drop reason", names, N_DROP_REASONS);
				if (i < 0)
					ok = false;
				else
					mask |= 1u << drop_reasons[i];
			}
		} else {
			emit(L, &loc, key, "expected a list of drop reasons, got a map");
			return;
		}
		if (ok) {
			s->drops_only_set = true;
			s->drops_only_mask = mask;
		}
		return;
	}
	case LF_DROPS_MAX: {
		uint64_t x;
		if (is_null(v)) {
			L->dmax_set[lf->arg] = false;
			return;
		}
		if (v_unit(L, v, key, CU_COUNT, 0, UINT64_MAX, &x)) {
			L->dmax_set[lf->arg] = true;
			L->dmax[lf->arg] = x;
		}
		return;
	}
	}
}

/* ---- dispatch a (dotted) key -------------------------------------------------- */

static void walk_map(struct ld *L, yaml_document_t *doc, yaml_node_t *map, const char *prefix);

/* An item path: LISTKEY.N or LISTKEY.N.FIELD; true when key is one. */
static bool item_path(struct ld *L, const char *key, yaml_document_t *doc, yaml_node_t *v,
                      const struct scen_loc *kl)
{
	for (int lk = 0; lk < L__COUNT; lk++) {
		size_t n = strlen(lists[lk].key), idx = 0;
		const char *p = key + n;
		char ikey[KEYLEN], fkey[2 * KEYLEN];
		struct item *it;
		int f = -1;
		if (strncmp(key, lists[lk].key, n) != 0 || *p != '.')
			continue;
		p++;
		if (!isdigit((unsigned char)*p)) {
			emit(L, kl, key, "%s is a list: expected %s.N with N an item number from 0",
			     lists[lk].key, lists[lk].key);
			return true;
		}
		while (isdigit((unsigned char)*p)) {
			if (idx > 100000000) {
				size_t nd = strspn(key + n + 1, "0123456789");
				emit(L, kl, key, "item number %.*s is too large: %s has %zu item%s (a new "
				     "one is %s.%zu)", (int)(nd < 40 ? nd : 40), key + n + 1, lists[lk].key,
				     L->list[lk].n, L->list[lk].n == 1 ? "" : "s", lists[lk].key,
				     L->list[lk].n);
				return true;
			}
			idx = idx * 10 + (size_t)(*p++ - '0');
		}
		if (*p && *p != '.') {
			emit(L, kl, key, "%s is a list: expected %s.N with N an item number from 0",
			     lists[lk].key, lists[lk].key);
			return true;
		}
		snprintf(ikey, sizeof ikey, "%s.%zu", lists[lk].key, idx);
		if (idx > L->list[lk].n) {
			emit(L, kl, key, "no item %zu: %s has %zu item%s (a new one is %s.%zu)", idx,
			     lists[lk].key, L->list[lk].n, L->list[lk].n == 1 ? "" : "s",
			     lists[lk].key, L->list[lk].n);
			return true;
		}
		if (*p) {      /* a field: a key of the file, set once */
			f = field_find((enum listk)lk, p + 1);
			if (f < 0) {
				item_unknown(L, (enum listk)lk, kl, ikey, p + 1);
				return true;
			}
			snprintf(fkey, sizeof fkey, "%s.%s", ikey, p + 1);
			if (set_twice(L, fkey, kl))
				return true;
		}
		if (idx == L->list[lk].n)
			it = list_append(L, (enum listk)lk, kl);
		else
			it = item_at(L, (enum listk)lk, idx);
		if (*p == 0)
			item_walk(L, (enum listk)lk, it, doc, v, ikey, true);
		else
			item_set(L, (enum listk)lk, it, f, doc, v, key);
		return true;
	}
	return false;
}

static void set_key(struct ld *L, const char *key, yaml_document_t *doc, yaml_node_t *v,
                    const struct scen_loc *kl, const char *prefix, const char *name)
{
	const struct leaf *lf = leaf_find(L, key);
	if (L->layer != LAYER_PROFILE && scenario_is_world_key(key)) {
		/* the world section is read by worldcfg.c; here it is only noted.
		 * A --set world.* key on a world is applied (or refused) by
		 * wcfg_load, which takes the run's --set keys too; a computer's
		 * set: list never brings one here (worldcfg.c refuses it) */
		/* (not when the file could not be read: its world: is unknown,
		 * and the file's own message says why; review n45) */
		if (L->layer == LAYER_SET && !L->s->has_world && !L->broken)
			emit(L, kl, key, "the scenario has no world: section to set (doc/scenario.md, "
			     "\"world\")");
		/* worldcfg.c reads the world: key's own map only */
		if (L->layer == LAYER_FILE && key[5] == '.') {
			emit(L, kl, key, "a world is written as a world: section with %s: under it, "
			     "not as a dotted key (doc/scenario.md, \"world\")", key + 6);
			return;
		}
		if (L->layer == LAYER_FILE && !is_null(v) && !L->s->has_world) {
			L->s->has_world = true;
			L->s->world_loc = *kl;
		}
		return;
	}
	if (lf) {
		if (L->layer == LAYER_PROFILE && lf->k != LF_COST) {
			emit(L, kl, key, "not a tunable: a profile holds only the keys of the cost "
			     "table (cpu.*, nic.link_rate, cost.*, ...)");
			return;
		}
		if (set_twice(L, key, kl))
			return;
		set_leaf(L, lf, doc, v, key);
		return;
	}
	if (is_section(L, key)) {
		struct scen_loc vl = node_loc(L, v);
		char ex[KEYLEN] = "";
		for (size_t i = 0; i < L->nleaves; i++)
			if (strncmp(L->leaves[i].key, key, strlen(key)) == 0 &&
			    L->leaves[i].key[strlen(key)] == '.') {
				snprintf(ex, sizeof ex, "%s", L->leaves[i].key + strlen(key) + 1);
				break;
			}
		/* an empty section header in a file sets nothing; --set nic= would
		 * do nothing either, silently: it is refused */
		if (is_null(v) && L->layer == LAYER_SET) {
			emit(L, &vl, key, "no value: %s is a section, not a key to unset; set one of "
			     "its keys, such as --set %s.%s=VALUE", key, key, ex);
			return;
		}
		if (is_null(v))
			return;
		if (v->type != YAML_MAPPING_NODE) {
			emit(L, &vl, key, "a section: expected a map of keys such as %s: ..., got %s",
			     ex, node_kind(v));
			return;
		}
		walk_map(L, doc, v, key);
		return;
	}
	if (L->layer != LAYER_PROFILE && item_path(L, key, doc, v, kl))
		return;
	if (strncmp(key, "verify.drops.max.", 17) == 0) {
		const char *names[N_DROP_REASONS], *near, *r = key + 17;
		char all[256];
		for (size_t i = 0; i < N_DROP_REASONS; i++)
			names[i] = verdict_reason_name((enum verdict_reason)drop_reasons[i]);
		token_list(all, sizeof all, names, N_DROP_REASONS);
		near = token_near(r, names, N_DROP_REASONS);
		if (near)
			emit(L, kl, key, "unknown drop reason \"%s\" (did you mean %s?)", r, near);
		else
			emit(L, kl, key, "unknown drop reason \"%s\"; expected %s", r, all);
		return;
	}
	unknown_key(L, kl, prefix, name);
}

static void walk_map(struct ld *L, yaml_document_t *doc, yaml_node_t *map, const char *prefix)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(doc, p->key), *v = node(doc, p->value);
		struct scen_loc kl = node_loc(L, k);
		const char *name;
		char full[KEYLEN];

		if (k->type != YAML_SCALAR_NODE) {
			emit(L, &kl, prefix && prefix[0] ? prefix : "(top level)",
			     "a key must be a name, not %s", node_kind(k));
			continue;
		}
		name = (const char *)k->data.scalar.value;
		join(full, sizeof full, prefix, name);
		if (bad_key(L, doc, map, p, &kl, full, name,
		            "YAML merge keys (<<) are not supported: write the keys out"))
			continue;
		if (strlen(full) >= KEYLEN - 1) {
			emit(L, &kl, "(key)", "a key longer than %d characters", KEYLEN - 2);
			continue;
		}
		set_key(L, full, doc, v, &kl, prefix, name);
	}
}

/* ---- reading YAML ---------------------------------------------------------- */

/* Why read_all failed, for a message. */
static const char *read_why(int e)
{
	return e == EFBIG ? "it holds 16 MiB or more, more than a scenario or a profile may"
	                  : strerror(e);
}

static bool read_all(const char *path, char **buf, size_t *len, int *e)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t cap = 4096, n = 0;
	char *b;
	if (!f) {
		*e = errno;
		return false;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		*e = EISDIR;
		return false;
	}
	b = xcalloc(cap, 1);
	for (;;) {
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (n == cap) {
			if (cap >= MAX_FILE) {
				fclose(f);
				free(b);
				*e = EFBIG;
				return false;
			}
			cap *= 2;
			b = xrealloc(b, cap);
		}
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		*e = errno ? errno : EIO;
		fclose(f);
		free(b);
		return false;
	}
	fclose(f);
	b[n] = 0;
	*buf = b;
	*len = n;
	return true;
}

/* The byte of buf at a libyaml mark (line, column in characters). */
static const char *mark_byte(const char *buf, size_t len, size_t line, size_t col)
{
	const char *p = buf, *e = buf + len;
	while (line && p < e) {
		if (*p++ == '\n')
			line--;
	}
	while (col && p < e && *p != '\n') {
		p++;
		while (p < e && ((unsigned char)*p & 0xc0) == 0x80)
			p++;
		col--;
	}
	return p < e ? p : NULL;
}

/* Line and column (1-based) of a byte offset. */
static void offset_pos(const char *buf, size_t len, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* Parse one YAML document from buf; false after a message. */
static bool yaml_load(struct ld *L, const char *name, const char *buf, size_t len,
                      yaml_document_t *doc)
{
	yaml_parser_t p;
	yaml_document_t extra;
	bool ok = true;

	/* a capture given where a scenario goes (nicshare run capture.pcap) */
	static const unsigned char magic[][4] = {
		{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4}, {0x4d, 0x3c, 0xb2, 0xa1},
		{0xa1, 0xb2, 0x3c, 0x4d}, {0x0a, 0x0d, 0x0d, 0x0a}, {0x1f, 0x8b, 0, 0},
	};
	for (size_t i = 0; len >= 4 && i < sizeof magic / sizeof magic[0]; i++)
		if (!memcmp(buf, magic[i], i == 5 ? 2 : 4)) {
			fprintf(L->err, "%s:1:1: this is a %s, not a scenario: give a capture with "
			        "--trace %s (e.g. nicshare run --trace %s --out DIR), or as trace.file "
			        "in a scenario\n", name, i == 4 ? "pcapng capture" : i == 5
			        ? "gzip file" : "pcap capture", name, name);
			L->nerr++;
			return false;
		}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yamldoc_load(&p, doc)) {
		int line = (int)p.problem_mark.line + 1, col = (int)p.problem_mark.column + 1;
		const char *b;
		char ctx[160] = "", tab[64] = "";
		if (p.error == YAML_READER_ERROR)
			offset_pos(buf, len, p.problem_offset, &line, &col);
		if (p.context)
			snprintf(ctx, sizeof ctx, " (%s at %d:%d)", p.context,
			         (int)p.context_mark.line + 1, (int)p.context_mark.column + 1);
		b = mark_byte(buf, len, p.problem_mark.line, p.problem_mark.column);
		if (p.error != YAML_READER_ERROR && b && *b == '\t')
			snprintf(tab, sizeof tab, " (a tab: indent with spaces)");
		fprintf(L->err, "%s:%d:%d: YAML syntax error: %s%s%s\n", name, line, col,
		        p.problem ? p.problem : "cannot parse", ctx, tab);
		L->nerr++;
		yaml_parser_delete(&p);
		return false;
	}
	if (yaml_document_get_root_node(doc)) {
		if (!yamldoc_load(&p, &extra)) {
			fprintf(L->err, "%s:%d:%d: YAML syntax error: %s\n", name,
			        (int)p.problem_mark.line + 1, (int)p.problem_mark.column + 1,
			        p.problem ? p.problem : "cannot parse");
			L->nerr++;
			ok = false;
		} else {
			yaml_node_t *r = yaml_document_get_root_node(&extra);
			if (r) {
				fprintf(L->err, "%s:%d:%d: YAML: a second document: one per file\n", name,
				        (int)extra.start_mark.line + 1, (int)extra.start_mark.column + 1);
				L->nerr++;
				ok = false;
			}
			yamldoc_delete(&extra);
		}
	}
	yaml_parser_delete(&p);
	if (!ok)
		yamldoc_delete(doc);
	return ok;
}

/* Walk a whole document: its root must be a map. */
static void walk_doc(struct ld *L, yaml_document_t *doc)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	struct scen_loc loc;
	if (!root || is_null(root))
		return;
	loc = node_loc(L, root);
	if (root->type != YAML_MAPPING_NODE) {
		emit(L, &loc, "(top level)", "expected a map of keys such as name: ..., got %s",
		     node_kind(root));
		return;
	}
	walk_map(L, doc, root, "");
}

/* ---- profiles -------------------------------------------------------------- */

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void profile_dirs(const struct ld *L, char dirs[3][PATH_MAX])
{
	const char *d = L->dir[0] ? L->dir : NULL;
	snprintf(dirs[0], PATH_MAX, "%s%s../scenarios/profiles", d ? d : "", d ? "/" : "");
	snprintf(dirs[1], PATH_MAX, "%s%sprofiles", d ? d : "", d ? "/" : "");
	snprintf(dirs[2], PATH_MAX, "%s/scenarios/profiles", ns_datadir());
}

/* "current, p4-2003": every NAME.yaml of the profile folders. */
static void profile_names(const struct ld *L, char *out, size_t n)
{
	char dirs[3][PATH_MAX];
	char **names = NULL;
	size_t k = 0, len = 0;
	profile_dirs(L, dirs);
	for (int i = 0; i < 3; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			size_t l = strlen(e->d_name);
			bool have = false;
			if (l <= 5 || strcmp(e->d_name + l - 5, ".yaml") != 0 || e->d_name[0] == '.')
				continue;
			for (size_t j = 0; j < k; j++)
				if (strncmp(names[j], e->d_name, l - 5) == 0 && names[j][l - 5] == 0)
					have = true;
			if (have)
				continue;
			names = xrealloc(names, (k + 1) * sizeof *names);
			names[k] = xstrdup(e->d_name);
			names[k][l - 5] = 0;
			k++;
		}
		closedir(d);
	}
	if (k)
		qsort(names, k, sizeof *names, cmpstr);
	out[0] = 0;
	for (size_t j = 0; j < k; j++) {
		if (len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", j ? ", " : "", names[j]);
		free(names[j]);
	}
	free(names);
	if (k == 0)
		snprintf(out, n, "none found");
}

static void profile_apply(struct ld *L, const char *name, const struct scen_loc *loc)
{
	char dirs[3][PATH_MAX], path[PATH_MAX + 64], avail[512];
	char *buf = NULL;
	size_t len = 0;
	int e = 0;
	bool found = false;
	yaml_document_t doc;

	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.') {
			profile_names(L, avail, sizeof avail);
			emit(L, loc, "profile", "\"%s\" is not a profile name (available: %s)", name, avail);
			return;
		}
	if (name[0] == '.' || strlen(name) > 64) {
		profile_names(L, avail, sizeof avail);
		emit(L, loc, "profile", "\"%s\" is not a profile name (available: %s)", name, avail);
		return;
	}
	profile_dirs(L, dirs);
	for (int i = 0; i < 3 && !found; i++) {
		int k = snprintf(path, sizeof path, "%s/%s.yaml", dirs[i], name);
		if (k < 0 || (size_t)k >= sizeof path)
			continue;
		if (read_all(path, &buf, &len, &e))
			found = true;
		else if (e != ENOENT) {
			emit(L, loc, "profile", "cannot read %s: %s", path, read_why(e));
			return;
		}
	}
	if (!found) {
		profile_names(L, avail, sizeof avail);
		emit(L, loc, "profile", "no profile \"%s\" (available: %s)", name, avail);
		return;
	}
	L->layer = LAYER_PROFILE;
	L->file = keep(L, path);
	L->opt = NULL;
	if (yaml_load(L, L->file, buf, len, &doc)) {
		walk_doc(L, &doc);
		yamldoc_delete(&doc);
	}
	free(buf);
}

/* ---- overrides ------------------------------------------------------------- */

/* text, "KEY=VALUE", from --set, or from where (NULL: --set) */
static void override_apply(struct ld *L, const char *text, const char *where)
{
	char opt[KEYLEN + 64];
	const char *eq = strchr(text, '=');
	char key[KEYLEN];
	const char *val;
	yaml_document_t doc;
	struct scen_loc loc = {0};
	bool have = false;

	snprintf(opt, sizeof opt, "--set %s", text);
	L->layer = LAYER_SET;
	L->opt = keep(L, where ? where : opt);
	L->file = NULL;
	loc.opt = L->opt;
	if (!eq || eq == text) {
		emit(L, &loc, eq ? "(key)" : text, "expected KEY=VALUE, e.g. %snic.link_rate=100Mbit/s",
		     where ? "" : "--set ");
		return;
	}
	if ((size_t)(eq - text) >= sizeof key) {
		emit(L, &loc, "(key)", "a key longer than %zu characters", sizeof key - 1);
		return;
	}
	memcpy(key, text, (size_t)(eq - text));
	key[eq - text] = 0;
	val = eq + 1;
	while (*val == ' ')
		val++;

	if (val[0] == '[' || val[0] == '{' || val[0] == '"' || val[0] == '\'') {
		yaml_parser_t p;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_string(&p, (const unsigned char *)val, strlen(val));
		if (!yamldoc_load(&p, &doc)) {
			emit(L, &loc, key, "bad value: %s%s%s%s", p.problem ? p.problem : "cannot parse",
			     p.context ? " (" : "", p.context ? p.context : "", p.context ? ")" : "");
			yaml_parser_delete(&p);
			return;
		}
		/* the value is the whole text: the stream must end after it (as
		 * yaml_load asks of a file), else the rest would be dropped */
		if (yaml_document_get_root_node(&doc)) {
			yaml_document_t extra;
			bool more = true;
			size_t at = p.problem_mark.index;
			if (yamldoc_load(&p, &extra)) {
				more = yaml_document_get_root_node(&extra) != NULL;
				at = extra.start_mark.index;
				yamldoc_delete(&extra);
			} else {
				at = p.problem_mark.index;
			}
			if (more) {
				emit(L, &loc, key, "bad value: more text after the value, at its character %zu "
				     "(a value starting with [, { or a quote is one YAML value)", at + 1);
				yamldoc_delete(&doc);
				yaml_parser_delete(&p);
				return;
			}
		}
		yaml_parser_delete(&p);
		have = true;
	} else {
		if (!yaml_document_initialize(&doc, NULL, NULL, NULL, 1, 1)) {
			emit(L, &loc, key, "out of memory");
			return;
		}
		have = true;
		if (!yaml_document_add_scalar(&doc, NULL, (const yaml_char_t *)val, (int)strlen(val),
		                              YAML_PLAIN_SCALAR_STYLE)) {
			emit(L, &loc, key, "the value is not valid UTF-8");
			yamldoc_delete(&doc);
			return;
		}
	}
	if (have) {
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (!root) {
			/* "key=[" parsed to nothing: an empty scalar stands in */
			yaml_document_add_scalar(&doc, NULL, (const yaml_char_t *)"", 0,
			                         YAML_PLAIN_SCALAR_STYLE);
			root = yaml_document_get_root_node(&doc);
		}
		{
			const char *dot = strrchr(key, '.');
			char prefix[KEYLEN] = "";
			if (dot) {
				memcpy(prefix, key, (size_t)(dot - key));
				prefix[dot - key] = 0;
			}
			set_key(L, key, &doc, root, &loc, prefix, dot ? dot + 1 : key);
		}
		yamldoc_delete(&doc);
	}
}

/* ---- final checks -------------------------------------------------------- */

static bool port_in(const uint16_t *p, size_t n, unsigned port)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p[mid] == port)
			return true;
		if (p[mid] < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void fixed_key_loc(struct ld *L, const char *key, struct scen_loc *loc)
{
	*loc = leaf_st(L, leaf_find(L, key))->loc;
}

static bool keyset(struct ld *L, const char *key)
{
	const struct leaf *lf = leaf_find(L, key);
	const struct keyst *ks = leaf_st(L, lf);
	return ks->loc.file || ks->loc.opt;
}

/* The far end's and the billing host's address and MAC are not the
 * computer's: key (calls.far.* or calls.billing.*), whose value val is
 * that of who, equal (same) to the host's own (k->host_key) is said at the
 * one of the two the scenario set (at key when both), naming the other. At
 * the computer's own address both SDPs would count as ours and RT would
 * send RTP to itself; with its own MAC, N0 would take the far end's frames
 * for the computer's own while they are received all the same (review
 * n39). */
struct self_kind {
	const char *host_key, *own, *of, *tail;
};
static const struct self_kind SELF_IPV4 = {"host.ipv4", "the computer's own address",
                                           "the address of", ""};
static const struct self_kind SELF_MAC = {"host.mac", "the computer's own", "the MAC of",
                                          " (or the next hop towards it)"};

static void gen_not_self(struct ld *L, const struct self_kind *k, const char *key, bool same,
                         const char *val, const char *who)
{
	struct scen_loc kl;
	if (!same || is_bad(L, key) || is_bad(L, k->host_key))
		return;
	if (keyset(L, key) || !keyset(L, k->host_key)) {
		fixed_key_loc(L, key, &kl);
		emit(L, &kl, key, "%s is %s, %s: %s must be another host%s", val, k->host_key, k->own,
		     who, k->tail);
	} else {
		fixed_key_loc(L, k->host_key, &kl);
		emit(L, &kl, k->host_key, "%s is %s, %s %s: the computer must have another", val, key,
		     k->of, who);
	}
}

struct tl_sort {               /* a timeline entry and its place in the file */
	struct scen_tl v;
	size_t seq;
};

static int tl_sort_cmp(const void *a, const void *b)
{
	const struct tl_sort *x = a, *y = b;
	if (x->v.at_ps != y->v.at_ps)
		return x->v.at_ps < y->v.at_ps ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;   /* stable */
}

static void finalize(struct ld *L)
{
	struct scenario *s = L->s;
	char b1[UNITS_FMT_MAX], b2[UNITS_FMT_MAX], *rtxt;
	bool hz_ok = !is_bad(L, "cpu.hz"), ports_ok;
	uint16_t *rt, *gp;
	size_t nrt, ngp;
	uint64_t mtu = s->costs.v[C_NIC_MTU];

	/* tunables given as a time where cycles are counted: at the final cpu.hz */
	for (int i = 0; i < COST__COUNT; i++) {
		const struct cost_def *d = cost_def((enum cost_id)i);
		struct keyst *ks = &L->cost[i];
		uint64_t v;
		if (!ks->pend || !hz_ok || is_bad(L, d->key))
			continue;
		if (d->unit == CU_CYCLES)
			v = cost_ps_to_cycles_ceil(&s->costs, ks->raw);
		else
			v = units_psb_to_mcyc(ks->raw, s->costs.v[C_CPU_HZ]);
		if (v < d->min || v > d->max) {
			char b3[UNITS_FMT_MAX];
			emit(L, &ks->loc, d->key, "\"%s\" is %s at cpu.hz %s: out of range (%s %s)",
			     ks->text, units_format(d->unit, v, b1, sizeof b1),
			     units_format(CU_HZ, s->costs.v[C_CPU_HZ], b2, sizeof b2),
			     v < d->min ? "min" : "max",
			     units_format(d->unit, v < d->min ? d->min : d->max, b3, sizeof b3));
			continue;
		}
		s->costs.v[i] = v;
	}
	/* cross-field rules of the cost table */
	if (!is_bad(L, "dispatcher.tdma_frame") && !is_bad(L, "dispatcher.tdma_rt_slice")) {
		enum cost_id bad = C_CPU_HZ;
		const char *why = cost_check(&s->costs, &bad);
		if (why && (bad == C_TDMA_RT_SLICE || bad == C_TDMA_FRAME)) {
			struct keyst *ks = &L->cost[C_TDMA_RT_SLICE];
			const char *key = "dispatcher.tdma_rt_slice";
			if (!ks->loc.file && !ks->loc.opt) {
				ks = &L->cost[C_TDMA_FRAME];
				key = "dispatcher.tdma_frame";
			}
			emit(L, &ks->loc, key, "the RT slice (%s) must be shorter than the TDMA frame (%s)",
			     units_format(CU_PS, s->costs.v[C_TDMA_RT_SLICE], b1, sizeof b1),
			     units_format(CU_PS, s->costs.v[C_TDMA_FRAME], b2, sizeof b2));
		} else if (why && !is_bad(L, cost_def(bad)->key)) {
			emit(L, &L->cost[bad].loc, cost_def(bad)->key, "%s", why);
		} else if (!why && hz_ok) {
			/* the dispatcher counts cycles: its own check, on the values
			 * the run gives it (node.c), so that a slice and a frame that
			 * round up to the same cycle are told here, at their key */
			struct disp_cfg dc = {s->disp, cost_cycles(&s->costs, C_TDMA_FRAME),
			                      cost_cycles(&s->costs, C_TDMA_RT_SLICE),
			                      s->costs.v[C_WORLD_SWITCH],
			                      cost_cycles(&s->costs, C_PREEMPT_BUDGET)};
			const char *dwhy = disp_check(&dc);
			static const enum cost_id at[] = {C_TDMA_RT_SLICE, C_TDMA_FRAME, C_CPU_HZ};
			const char *key = "dispatcher.policy";
			struct scen_loc loc;
			size_t k = 0;
			/* told at the first of these the scenario set, else at the policy */
			while (k < 3 && !L->cost[at[k]].loc.file && !L->cost[at[k]].loc.opt)
				k++;
			if (k < 3) {
				key = cost_def(at[k])->key;
				loc = L->cost[at[k]].loc;
			} else {
				fixed_key_loc(L, key, &loc);
			}
			if (dwhy && dc.tdma_frame && dc.tdma_rt_slice >= dc.tdma_frame) {
				char b3[UNITS_FMT_MAX];
				emit(L, &loc, key, "the RT slice (%s) and the TDMA frame (%s) are both "
				     "%" PRIu64 " cycle%s at cpu.hz %s: the slice must be at least a cycle "
				     "shorter (GP would never run)",
				     units_format(CU_PS, s->costs.v[C_TDMA_RT_SLICE], b1, sizeof b1),
				     units_format(CU_PS, s->costs.v[C_TDMA_FRAME], b2, sizeof b2),
				     dc.tdma_frame, dc.tdma_frame == 1 ? "" : "s",
				     units_format(CU_HZ, s->costs.v[C_CPU_HZ], b3, sizeof b3));
			} else if (dwhy) {
				emit(L, &loc, key, "%s", dwhy);
			}
		}
	}

	/* port sets: exclusive (P1) */
	free(s->rt_ports);
	free(s->gp_ports);
	s->rt_ports = units_ports_list(L->rt_map, &s->n_rt_ports);
	s->gp_ports = units_ports_list(L->gp_map, &s->n_gp_ports);
	free(s->sip_ports);
	s->sip_ports = units_ports_list(L->sip_map, &s->n_sip_ports);
	rt = s->rt_ports;
	nrt = s->n_rt_ports;
	gp = s->gp_ports;
	ngp = s->n_gp_ports;
	ports_ok = !is_bad(L, "rt.udp_ports") && !is_bad(L, "gp.udp_ports");
	rtxt = units_format_ports(rt, nrt);
	if (ports_ok) {
		uint16_t *both = xcalloc(ngp + 1, sizeof *both);
		size_t nb = 0;
		for (size_t i = 0; i < ngp; i++)
			if (port_in(rt, nrt, gp[i]))
				both[nb++] = gp[i];
		if (nb) {
			char *bt = units_format_ports(both, nb);
			struct scen_loc loc;
			const char *key = keyset(L, "gp.udp_ports") ? "gp.udp_ports" : "rt.udp_ports";
			fixed_key_loc(L, key, &loc);
			emit(L, &loc, key, "port%s %s %s in both rt.udp_ports and gp.udp_ports "
			     "(a UDP port belongs to RT or to GP, never both)",
			     nb > 1 ? "s" : "", bt, nb > 1 ? "are" : "is");
			free(bt);
		}
		free(both);
	}
	/* SIP is GP's: with calls.sip on its ports must reach GP (issue 12).
	 * Not checked for auto (whether it runs depends on the capture); the
	 * built-in rt.udp_ports leaves SIP's 5060 out. */
	if (s->calls_sip == CALLS_SIP_ON && !is_bad(L, "rt.udp_ports") && !is_bad(L, "gp.sip_ports")) {
		for (size_t i = 0; i < s->n_sip_ports; i++) {
			if (!port_in(rt, nrt, s->sip_ports[i]))
				continue;
			struct scen_loc loc;
			const char *key = keyset(L, "gp.sip_ports") ? "gp.sip_ports" : "rt.udp_ports";
			fixed_key_loc(L, key, &loc);
			emit(L, &loc, key, "port %u is in both rt.udp_ports and gp.sip_ports "
			     "(with calls.sip on, SIP runs on GP: its port cannot be RT's)", s->sip_ports[i]);
			break;
		}
	}
	/* generated calls: a schedule callgen can make; SIP reaches GP's engine */
	if (s->gen_mode) {
		struct scen_loc loc;
		char why[256];
		fixed_key_loc(L, "calls.generator.mode", &loc);
		/* the last pair's RTCP port, port_base + 2 x ports - 1, at most
		 * 65535: said at the key the user wrote, before callgen's sentence */
		bool pairs_over = (uint32_t)s->gen.port_base + 2u * s->gen.ports > 65536u;
		if (pairs_over && !is_bad(L, "calls.generator.port_base") &&
		    !is_bad(L, "calls.generator.ports")) {
			const char *at = keyset(L, "calls.generator.ports") ? "calls.generator.ports"
			               : keyset(L, "calls.generator.port_base") ? "calls.generator.port_base"
			               : "calls.generator.mode";
			struct scen_loc kl;
			fixed_key_loc(L, at, &kl);
			emit(L, &kl, at, "%u port pairs from calls.generator.port_base %u pass port 65535 "
			     "(at most %u pairs from it)", s->gen.ports, s->gen.port_base,
			     (65536u - s->gen.port_base) / 2u);
		}
		s->gen.mode = s->gen_mode == 2 ? CALLGEN_POISSON : CALLGEN_FIXED;
		struct callgen *g = pairs_over ? NULL : callgen_create(&s->gen, why, sizeof why);
		if (!g && !pairs_over) {   /* at the key the sentence names, when the scenario set it */
			char k[64] = "";
			struct scen_loc kl = loc;
			const char *at = "calls.generator.mode";
			const char *say = why;
			if (sscanf(why, "%63[a-z_.0-9]", k) == 1 && leaf_find(L, k) && keyset(L, k)) {
				fixed_key_loc(L, k, &kl);
				at = k;
				size_t kn = strlen(k);
				if (why[kn] == ':' && why[kn + 1] == ' ')
					say = why + kn + 2;   /* "KEY: ..." after KEY: said once */
			}
			emit(L, &kl, at, "%s", say);
		}
		/* the largest RTP frame the calls send, IPv4: it must pass the
		 * NIC (N1b), and callmsg builds payloads of at most 1500 bytes */
		const struct rtpq_codec *k = NULL;
		unsigned pt = 0;
		uint32_t pl = g ? callgen_max_payload(&s->gen, &k, &pt) : 0;
		callgen_destroy(g);
		uint64_t most = mtu < 1540 ? mtu : 1540;
		if (pl && !is_bad(L, "nic.mtu") && pl + 40u > most) {
			struct scen_loc kl = loc;
			const char *at = "calls.generator.mode";
			if (keyset(L, "calls.generator.ptime")) {
				at = "calls.generator.ptime";
				fixed_key_loc(L, at, &kl);
			}
			char lim[96];
			if (mtu < 1540)
				snprintf(lim, sizeof lim, "nic.mtu %" PRIu64, mtu);
			else
				snprintf(lim, sizeof lim, "the 1540 a generated call's packet holds");
			emit(L, &kl, at, "%s at %u ms is %" PRIu32 " bytes of RTP payload: with its 40 "
			     "bytes of IPv4, UDP and RTP headers more than %s (at most %" PRIu64 " ms)",
			     k->name, pt, pl, lim, (most - 40) * k->ptime_ms / k->payload_bytes);
		}
		/* the far end and the billing host are other hosts: at the computer's
		 * own address both SDPs would count as ours and RT would send RTP to
		 * itself, and GP would send its records to itself */
		char ip[16], mac[18];
		const char *far = "the far end of the generated calls", *bill = "the billing host";
		gen_not_self(L, &SELF_IPV4, "calls.far.ipv4", s->far_ipv4 == s->ipv4,
		             units_format_ipv4(s->far_ipv4, ip), far);
		gen_not_self(L, &SELF_IPV4, "calls.billing.ipv4", s->bill_ipv4 == s->ipv4,
		             units_format_ipv4(s->bill_ipv4, ip), bill);
		gen_not_self(L, &SELF_MAC, "calls.far.mac", !memcmp(s->far_mac, s->mac, 6),
		             units_format_mac(s->far_mac, mac), far);
		gen_not_self(L, &SELF_MAC, "calls.billing.mac", !memcmp(s->bill_mac, s->mac, 6),
		             units_format_mac(s->bill_mac, mac), bill);
		if (s->calls_sip == CALLS_SIP_OFF)
			emit(L, &loc, "calls.generator.mode", "generated calls need GP's SIP engine: "
			     "calls.sip is off");
		else if (!s->n_sip_ports)
			emit(L, &loc, "calls.generator.mode", "generated calls need a port in gp.sip_ports");
		else if (!is_bad(L, "rt.udp_ports") && port_in(rt, nrt, s->sip_ports[0]))
			emit(L, &loc, "calls.generator.mode", "gp.sip_ports %u is in rt.udp_ports: the far "
			     "end's SIP would go to RT, not to GP's SIP engine", s->sip_ports[0]);
	}

	/* RTP senders: RT applications on RT ports */
	for (size_t i = 0; i < L->list[L_RTP].n; i++) {
		struct rtp_it *r = (struct rtp_it *)item_at(L, L_RTP, i);
		struct scen_rtp *v = &r->v;
		char key[KEYLEN];
		uint32_t hdr = 12 + 8 + (v->ipv6 ? 40 : 20);
		if (r->codec && !(r->m.bad & ((1u << RF_PTIME) | (1u << RF_CODEC)))) {
			/* G.711: 8000 bytes/s, G.729: 1000 bytes/s */
			uint64_t rate = r->codec == CODEC_G729 ? 1000 : 8000;
			uint64_t num = v->ptime_ps * rate;
			if (num % 1000000000000ull) {
				snprintf(key, sizeof key, "traffic.rtp.%zu.ptime", i);
				emit(L, &r->m.floc[RF_PTIME], key, "%s of %s is not a whole number of bytes",
				     units_format(CU_PS, v->ptime_ps, b1, sizeof b1),
				     codec_names[r->codec]);
			} else if (!(r->m.set & (1u << RF_PAYLOAD))) {
				v->payload = (uint32_t)(num / 1000000000000ull);
			} else if (v->payload != num / 1000000000000ull &&
			           !(r->m.bad & (1u << RF_PAYLOAD))) {
				snprintf(key, sizeof key, "traffic.rtp.%zu.payload", i);
				emit(L, &r->m.floc[RF_PAYLOAD], key, "%" PRIu32 " bytes contradicts codec %s "
				     "at ptime %s (%" PRIu64 " bytes)", v->payload, codec_names[r->codec],
				     units_format(CU_PS, v->ptime_ps, b1, sizeof b1),
				     (uint64_t)(num / 1000000000000ull));
			}
		}
		if (ports_ok && !(r->m.bad & ((1u << RF_SPORT) | (1u << RF_CHANNELS)))) {
			for (uint32_t c = 0; c < v->channels; c++) {
				unsigned p = v->sport + 2u * c;
				if (p > 65535 || !port_in(rt, nrt, p)) {
					int f = c == 0 ? RF_SPORT : RF_CHANNELS;
					snprintf(key, sizeof key, "traffic.rtp.%zu.%s", i, rtp_fields[f]);
					if (c == 0)
						emit(L, r->m.set & (1u << f) ? &r->m.floc[f] : &r->m.loc, key,
						     "%u is not an RT port (rt.udp_ports: %s)", p, nrt ? rtxt : "none");
					else
						emit(L, r->m.set & (1u << f) ? &r->m.floc[f] : &r->m.loc, key,
						     "channel %" PRIu32 " would send from port %u, not an RT port "
						     "(channels use sport+2k; rt.udp_ports: %s)", c, p, nrt ? rtxt : "none");
					break;
				}
			}
		}
		if (!(r->m.bad & ((1u << RF_DPORT) | (1u << RF_CHANNELS))) &&
		    v->dport + 2u * (v->channels - 1) > 65535) {
			snprintf(key, sizeof key, "traffic.rtp.%zu.channels", i);
			emit(L, r->m.set & (1u << RF_CHANNELS) ? &r->m.floc[RF_CHANNELS] : &r->m.loc, key,
			     "%" PRIu32 " channels from dport %u go past port 65535", v->channels, v->dport);
		}
		if (!(r->m.bad & (1u << RF_PAYLOAD)) && !is_bad(L, "nic.mtu") && v->payload + hdr > mtu) {
			snprintf(key, sizeof key, "traffic.rtp.%zu.payload", i);
			emit(L, r->m.set & (1u << RF_PAYLOAD) ? &r->m.floc[RF_PAYLOAD] : &r->m.loc, key,
			     "%" PRIu32 " bytes + %" PRIu32 " of headers is more than nic.mtu %" PRIu64,
			     v->payload, hdr, mtu);
		}
		/* the last stream's start, start + (channels - 1) x stagger, within
		 * the time range of every other time (86400s) */
		if (!(r->m.bad & ((1u << RF_START) | (1u << RF_CHANNELS) | (1u << RF_STAGGER))) &&
		    (unsigned __int128)v->start_ps + (unsigned __int128)(v->channels - 1) * v->stagger_ps >
		    MAX_RUN_PS) {
			snprintf(key, sizeof key, "traffic.rtp.%zu.stagger", i);
			emit(L, r->m.set & (1u << RF_STAGGER) ? &r->m.floc[RF_STAGGER] : &r->m.loc, key,
			     "channel %" PRIu32 " would start at %s + %" PRIu32 " x %s, after 86400s "
			     "(start + (channels - 1) x stagger is at most 86400s)", v->channels - 1,
			     units_format(CU_PS, v->start_ps, b1, sizeof b1), v->channels - 1,
			     units_format(CU_PS, v->stagger_ps, b2, sizeof b2));
		}
		if (!s->duration_ps && !v->duration_ps && !(r->m.bad & (1u << RF_DURATION))) {
			snprintf(key, sizeof key, "traffic.rtp.%zu.duration", i);
			emit(L, &r->m.floc[RF_DURATION], key, "0 (until the end of the run) needs "
			     "run.duration, else the run never ends");
		}
		if (s->duration_ps && v->start_ps >= s->duration_ps && !(r->m.bad & (1u << RF_START))) {
			snprintf(key, sizeof key, "traffic.rtp.%zu.start", i);
			emit(L, &r->m.floc[RF_START], key, "%s is not before the end of the run "
			     "(run.duration %s)", units_format(CU_PS, v->start_ps, b1, sizeof b1),
			     units_format(CU_PS, s->duration_ps, b2, sizeof b2));
		}
	}

	/* bulk senders: GP applications, never on an RT port */
	for (size_t i = 0; i < L->list[L_BULK].n; i++) {
		struct bulk_it *bi = (struct bulk_it *)item_at(L, L_BULK, i);
		struct scen_bulk *v = &bi->v;
		char key[KEYLEN];
		uint32_t minf = 14 + (v->ipv6 ? 40 : 20) + (v->proto == BULK_TCP ? 20 : 8);
		if (ports_ok && v->proto == BULK_UDP && port_in(rt, nrt, v->sport) &&
		    !(bi->m.bad & (1u << BF_SPORT))) {
			snprintf(key, sizeof key, "traffic.bulk.%zu.sport", i);
			emit(L, bi->m.set & (1u << BF_SPORT) ? &bi->m.floc[BF_SPORT] : &bi->m.loc, key,
			     "%u is an RT port: a GP application cannot send from it (rt.udp_ports: %s)",
			     v->sport, rtxt);
		}
		if (!(bi->m.bad & (1u << BF_FRAME_SIZE)) && !is_bad(L, "nic.mtu")) {
			snprintf(key, sizeof key, "traffic.bulk.%zu.frame_size", i);
			if (v->frame_size > mtu + 14)
				emit(L, bi->m.set & (1u << BF_FRAME_SIZE) ? &bi->m.floc[BF_FRAME_SIZE] :
				     &bi->m.loc, key, "%" PRIu32 " bytes is more than nic.mtu + 14 (%" PRIu64 ")",
				     v->frame_size, mtu + 14);
			else if (v->frame_size < minf)
				emit(L, bi->m.set & (1u << BF_FRAME_SIZE) ? &bi->m.floc[BF_FRAME_SIZE] :
				     &bi->m.loc, key, "%" PRIu32 " bytes cannot hold the Ethernet, IP and %s "
				     "headers (min %" PRIu32 ")", v->frame_size,
				     v->proto == BULK_TCP ? "TCP" : "UDP", minf);
		}
		if (!s->duration_ps && !v->duration_ps && !(bi->m.bad & (1u << BF_DURATION))) {
			snprintf(key, sizeof key, "traffic.bulk.%zu.duration", i);
			emit(L, &bi->m.floc[BF_DURATION], key, "0 (until the end of the run) needs "
			     "run.duration, else the run never ends");
		}
		if (s->duration_ps && v->start_ps >= s->duration_ps && !(bi->m.bad & (1u << BF_START))) {
			snprintf(key, sizeof key, "traffic.bulk.%zu.start", i);
			emit(L, &bi->m.floc[BF_START], key, "%s is not before the end of the run "
			     "(run.duration %s)", units_format(CU_PS, v->start_ps, b1, sizeof b1),
			     units_format(CU_PS, s->duration_ps, b2, sizeof b2));
		}
	}

	/* the echo responder answers on an RT port */
	if (ports_ok && s->echo.enabled && s->echo.port && !port_in(rt, nrt, s->echo.port) &&
	    !is_bad(L, "traffic.echo")) {
		struct scen_loc loc;
		fixed_key_loc(L, "traffic.echo", &loc);
		emit(L, &loc, "traffic.echo", "%u is not an RT port (rt.udp_ports: %s)",
		     s->echo.port, nrt ? rtxt : "none");
	}
	free(rtxt);

	/* timeline: one action each, sorted by time (stable) */
	{
		size_t n = L->list[L_TL].n, k = 0;
		struct tl_sort *ts = xcalloc(n, sizeof *ts);
		for (size_t i = 0; i < n; i++) {
			struct tl_it *t = (struct tl_it *)item_at(L, L_TL, i);
			uint32_t acts = t->m.set & ~1u;
			char key[KEYLEN];
			snprintf(key, sizeof key, "timeline.%zu", i);
			if (!(t->m.set & 1u)) {
				emit(L, &t->m.loc, key, "no time: each entry needs at: TIME");
			} else if (t->m.bad) {
				continue;      /* its problem is told already */
			} else if (acts == 0) {
				char all[256];
				token_list(all, sizeof all, tl_fields + 1, TF__N - 1);
				emit(L, &t->m.loc, key, "no action: give one of %s", all);
			} else if (acts & (acts - 1)) {
				int a = __builtin_ctz(acts), b = __builtin_ctz(acts & (acts - 1));
				emit(L, &t->m.floc[b], key, "two actions (%s and %s): one per entry",
				     tl_fields[a], tl_fields[b]);
			} else if (s->duration_ps && t->v.at_ps >= s->duration_ps &&
			           !(t->m.bad & 1u)) {
				snprintf(key, sizeof key, "timeline.%zu.at", i);
				emit(L, &t->m.floc[TF_AT], key, "%s is not before the end of the run "
				     "(run.duration %s)", units_format(CU_PS, t->v.at_ps, b1, sizeof b1),
				     units_format(CU_PS, s->duration_ps, b2, sizeof b2));
			} else {
				int a = __builtin_ctz(acts);
				t->v.kind = (enum scen_tl_kind)(a - 1);
				t->v.loc = t->m.loc;
				if (t->v.kind == TL_MAC && (t->v.mac[0] & 1)) {
					snprintf(key, sizeof key, "timeline.%zu.mac", i);
					emit(L, &t->m.floc[a], key, "a multicast address: the host's MAC "
					     "must be unicast");
					continue;
				}
				ts[k].v = t->v;
				ts[k].v.idx = (uint32_t)i;
				ts[k].seq = i;
				k++;
			}
		}
		qsort(ts, k, sizeof *ts, tl_sort_cmp);
		s->tl = xcalloc(k, sizeof *s->tl);
		for (size_t i = 0; i < k; i++)
			s->tl[i] = ts[i].v;
		s->n_tl = k;
		free(ts);
	}

	/* routing expectations: a filter that compiles, a decision */
	{
		size_t n = L->list[L_ROUTE].n;
		pcap_t *pc = n ? pcap_open_dead(DLT_EN10MB, 262144) : NULL;
		s->expects = xcalloc(n, sizeof *s->expects);
		for (size_t i = 0; i < n; i++) {
			struct route_it *r = (struct route_it *)item_at(L, L_ROUTE, i);
			char key[KEYLEN];
			snprintf(key, sizeof key, "verify.routing.%zu", i);
			if (!(r->m.set & (1u << XF_MATCH))) {
				emit(L, &r->m.loc, key, "no match: each entry needs match: \"FILTER\"");
				continue;
			}
			if (!(r->m.set & (1u << XF_GOES_TO))) {
				emit(L, &r->m.loc, key, "no goes_to: each entry needs goes_to: rt, gp, both, "
				     "drop or skip");
				continue;
			}
			if (r->m.bad & (1u << XF_MATCH))
				continue;
			if (pc) {
				struct bpf_program prog;
				if (pcap_compile(pc, &prog, r->v.filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
					snprintf(key, sizeof key, "verify.routing.%zu.match", i);
					emit(L, &r->m.floc[XF_MATCH], key, "\"%s\" is not a capture filter: %s",
					     r->v.filter, pcap_geterr(pc));
					continue;
				}
				pcap_freecode(&prog);
			}
			if (r->m.bad)
				continue;
			s->expects[s->n_expects] = r->v;
			s->expects[s->n_expects].filter = xstrdup(r->v.filter);
			s->expects[s->n_expects].loc = r->m.loc;
			s->n_expects++;
		}
		if (pc)
			pcap_close(pc);
	}

	/* latency bounds, in class then stat order */
	{
		size_t k = 0;
		s->bounds = xcalloc(CLS__COUNT * ST__COUNT, sizeof *s->bounds);
		for (size_t i = 0; i < CLS__COUNT * ST__COUNT; i++) {
			if (!L->bound_set[i])
				continue;
			s->bounds[k].cls = (enum scen_class)(i / ST__COUNT);
			s->bounds[k].stat = (enum scen_stat)(i % ST__COUNT);
			s->bounds[k].ps = L->bound_ps[i];
			s->bounds[k].loc = L->fix[COST__COUNT + N_FIXED + i].loc;
			k++;
		}
		s->n_bounds = k;
	}

	/* drop limits: a limit on a reason `only` forbids is a contradiction */
	{
		size_t k = 0;
		s->droplimits = xcalloc(N_DROP_REASONS, sizeof *s->droplimits);
		for (size_t i = 0; i < N_DROP_REASONS; i++) {
			int r = drop_reasons[i];
			const struct keyst *ks = &L->fix[COST__COUNT + N_FIXED + CLS__COUNT * ST__COUNT + i];
			if (!L->dmax_set[r])
				continue;
			if (s->drops_only_set && !(s->drops_only_mask & (1u << r)) && L->dmax[r] > 0 &&
			    !is_bad(L, "verify.drops.only")) {
				char key[KEYLEN];
				snprintf(key, sizeof key, "verify.drops.max.%s",
				         verdict_reason_name((enum verdict_reason)r));
				emit(L, &ks->loc, key, "allows %" PRIu64 " drops, but verify.drops.only "
				     "does not list %s", L->dmax[r], verdict_reason_name((enum verdict_reason)r));
				continue;
			}
			s->droplimits[k].reason = r;
			s->droplimits[k].max = L->dmax[r];
			s->droplimits[k].loc = ks->loc;
			k++;
		}
		s->n_droplimits = k;
	}

	/* the capture must be there */
	if (s->trace && !is_bad(L, "trace.file")) {
		char *buf = NULL;
		struct stat st;
		struct scen_loc loc;
		fixed_key_loc(L, "trace.file", &loc);
		/* stat before opening: opening a FIFO would block until a writer
		 * comes; only a regular file is a capture */
		FILE *f = NULL;
		int e = 0;
		if (stat(s->trace, &st) != 0)
			e = errno;
		else if (S_ISDIR(st.st_mode))
			e = EISDIR;
		else if (!S_ISREG(st.st_mode)) {
			emit(L, &loc, "trace.file", "\"%s\" is %s, not a capture file", L->trace_given,
			     S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
			     : S_ISCHR(st.st_mode) ? "a character device" : "not a regular file");
			e = -1;
		} else if (!(f = fopen(s->trace, "rb")))
			e = errno;
		if (!f && e == -1) {
			/* said above */
		} else if (!f) {
			if (strcmp(s->trace, L->trace_given) != 0)
				emit(L, &loc, "trace.file", "cannot open \"%s\" (%s): %s", L->trace_given,
				     s->trace, strerror(e));
			else
				emit(L, &loc, "trace.file", "cannot open \"%s\": %s", L->trace_given,
				     strerror(e));
		} else {
			fclose(f);
			buf = realpath(s->trace, NULL);
			if (buf) {
				free(s->trace);
				s->trace = buf;
			}
		}
	}

	/* the lists, copied out */
	s->n_rtp = L->list[L_RTP].n;
	s->rtp = xcalloc(s->n_rtp, sizeof *s->rtp);
	for (size_t i = 0; i < s->n_rtp; i++)
		s->rtp[i] = ((struct rtp_it *)item_at(L, L_RTP, i))->v;
	s->n_bulk = L->list[L_BULK].n;
	s->bulk = xcalloc(s->n_bulk, sizeof *s->bulk);
	for (size_t i = 0; i < s->n_bulk; i++)
		s->bulk[i] = ((struct bulk_it *)item_at(L, L_BULK, i))->v;
}

/* ---- load -------------------------------------------------------------------- */

static void defaults(struct scenario *s)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};
	cost_defaults(&s->costs);
	memcpy(s->mac, mac, 6);
	s->ipv4 = 0x0a000001u;     /* 10.0.0.1 */
	s->promiscuous = false;
	s->multicast = true;
	s->up = true;
	s->disp = DISP_PRIORITY;
	s->txs = TXS_STRICT;
	s->gp_send_full = SEND_BLOCK;
	s->calls_sip = CALLS_SIP_AUTO;
	s->calls_playout_ps = 40000000000ull;      /* 40 ms */
	s->calls_timeout_ps = 60000000000000ull;   /* 60 s */
	s->calls_budget_ps = 0;
	s->gen_mode = 0;                           /* calls.generator.mode: off */
	callgen_defaults(&s->gen);
	static const uint8_t far_mac[6] = {0x02, 0, 0, 0, 0, 0x02}, bill_mac[6] = {0x02, 0, 0, 0, 0, 0x03};
	memcpy(s->far_mac, far_mac, 6);
	memcpy(s->bill_mac, bill_mac, 6);
	s->far_ipv4 = 0x0a000002u;                 /* 10.0.0.2 */
	s->far_sip_port = 5060;
	s->bill_ipv4 = 0x0a000003u;                /* 10.0.0.3 */
	s->bill_port = 9000;
}

/* The profile to apply: the last --set profile=, else the file's. */
static bool profile_pick(struct ld *L, yaml_document_t *doc, const char *const *ov,
                         const char *const *where, size_t nov, char **name, struct scen_loc *loc)
{
	*name = NULL;
	for (size_t i = nov; i-- > 0;) {
		if (strncmp(ov[i], "profile=", 8) == 0) {
			char opt[KEYLEN + 64];
			const char *v = ov[i] + 8;
			snprintf(opt, sizeof opt, "--set %s", ov[i]);
			memset(loc, 0, sizeof *loc);
			loc->opt = keep(L, where && where[i] ? where[i] : opt);
			if (v[0] && strcmp(v, "none") != 0 && strcmp(v, "~") != 0)
				*name = xstrdup(v);
			return true;
		}
	}
	if (doc) {
		yaml_node_t *root = yaml_document_get_root_node(doc);
		if (root && root->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
			     p < root->data.mapping.pairs.top; p++) {
				yaml_node_t *k = node(doc, p->key), *v = node(doc, p->value);
				if (k->type != YAML_SCALAR_NODE ||
				    strcmp((const char *)k->data.scalar.value, "profile") != 0)
					continue;
				if (v->type != YAML_SCALAR_NODE || is_null(v) ||
				    strcmp((const char *)v->data.scalar.value, "none") == 0)
					return false;
				*loc = node_loc(L, v);
				*name = xstrdup((const char *)v->data.scalar.value);
				return true;
			}
		}
	}
	return false;
}

static char *base_name(const char *path)
{
	const char *b = paths_base(path);
	char *n = xstrdup(b);
	n[paths_stem_len(b)] = 0;
	return n;
}

static void ld_free(struct ld *L)
{
	for (int i = 0; i < L__COUNT; i++)
		list_clear(L, (enum listk)i);
	for (size_t i = 0; i < L->nseen; i++)
		free(L->seen[i].key);
	free(L->seen);
	for (size_t i = 0; i < L->nbad; i++)
		free(L->bad[i]);
	free(L->bad);
	free(L->leaves);
	free(L->fix);
	free(L->trace_given);
}

bool scenario_is_world_key(const char *text)
{
	return strncmp(text, "world", 5) == 0 && (text[5] == 0 || text[5] == '.' || text[5] == '=');
}

bool scenario_world_override(const char *cmd, const char *const *overrides, size_t n,
                             FILE *err)
{
	for (size_t i = 0; i < n; i++)
		if (scenario_is_world_key(overrides[i])) {
			fprintf(err, "nicshare %s: --set %s: nicshare %s takes the file's own computer, "
			        "not its world: a world key would change nothing here\n", cmd,
			        overrides[i], cmd);
			return true;
		}
	return false;
}

struct scenario *scenario_load(const char *path, const char *const *overrides,
                               size_t n_overrides, FILE *err)
{
	return scenario_load_at(path, overrides, NULL, n_overrides, err);
}

struct scenario *scenario_load_at(const char *path, const char *const *overrides,
                                  const char *const *where, size_t n_overrides, FILE *err)
{
	struct ld L0, *L = &L0;
	struct scenario *s;
	yaml_document_t doc;
	bool have_doc = false;
	char *buf = NULL, *dir, *pname = NULL;
	size_t len = 0;
	struct scen_loc ploc = {0};

	memset(L, 0, sizeof *L);
	L->priv = xcalloc(1, sizeof *L->priv);
	L->s = s = &L->priv->pub;
	L->err = err ? err : stderr;
	defaults(s);
	leaves_build(L);
	units_parse_ports("5004-5059,5061-5099", L->rt_map, NULL, 0);   /* not SIP's 5060 */
	units_parse_ports("5060", L->sip_map, NULL, 0);

	/* the scenario's folder, for the profile and the capture */
	dir = path && strchr(path, '/') ? paths_dir(path) : xstrdup("");
	L->dir = keep(L, dir);
	free(dir);

	if (path) {
		int e = 0;
		s->path = xstrdup(path);
		s->name = base_name(path);
		L->file = keep(L, path);
		if (!read_all(path, &buf, &len, &e)) {
			fprintf(L->err, "%s: cannot read: %s\n", path, read_why(e));
			L->nerr++;
			L->broken = true;
		} else if (yaml_load(L, L->file, buf, len, &doc)) {
			have_doc = true;
		} else {
			L->broken = true;
		}
	} else {
		s->name = xstrdup("default");
	}

	if (profile_pick(L, have_doc ? &doc : NULL, overrides, where, n_overrides, &pname, &ploc)) {
		if (pname)
			profile_apply(L, pname, &ploc);
		free(pname);
	}
	/* keys of the profile may be set again by the file */
	for (size_t i = 0; i < L->nseen; i++)
		free(L->seen[i].key);
	L->nseen = 0;

	if (have_doc) {
		L->layer = LAYER_FILE;
		L->file = keep(L, path);
		L->opt = NULL;
		walk_doc(L, &doc);
		yamldoc_delete(&doc);
	}
	free(buf);
	for (size_t i = 0; i < n_overrides; i++)
		override_apply(L, overrides[i], where ? where[i] : NULL);
	L->opt = NULL;

	if (!L->broken)
		finalize(L);
	else {
		s->rt_ports = units_ports_list(L->rt_map, &s->n_rt_ports);
		s->gp_ports = units_ports_list(L->gp_map, &s->n_gp_ports);
		s->sip_ports = units_ports_list(L->sip_map, &s->n_sip_ports);
	}

	if (L->nerr) {
		ld_free(L);
		scenario_free(s);
		return NULL;
	}
	ld_free(L);
	return s;
}

void scenario_free(struct scenario *s)
{
	struct scen_priv *p;
	if (!s)
		return;
	p = (struct scen_priv *)s;     /* pub is the first member */
	free(s->path);
	free(s->name);
	free(s->profile);
	free(s->rt_ports);
	free(s->gp_ports);
	free(s->sip_ports);
	free(s->trace);
	free(s->rtp);
	free(s->bulk);
	free(s->tl);
	free(s->bounds);
	for (size_t i = 0; i < s->n_expects; i++)
		free(s->expects[i].filter);
	free(s->expects);
	free(s->droplimits);
	for (size_t i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p);
}

const char *scen_class_name(enum scen_class c)
{
	return (unsigned)c < CLS__COUNT ? class_names[c] : "?";
}

const char *scen_stat_name(enum scen_stat st)
{
	return (unsigned)st < ST__COUNT ? stat_names[st] : "?";
}

const char *scen_vcall_name(enum scen_vcall k)
{
	return (unsigned)k < VC__COUNT ? vcall_names[k] : "?";
}

/* ---- print ------------------------------------------------------------------- */

void scenario_yaml_quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* "  key: value", padded, then "# comment" */
static void pline(FILE *out, int indent, const char *key, const char *val, const char *comment)
{
	int n = fprintf(out, "%*s%s: %s", indent, "", key, val);
	if (comment) {
		for (; n < 40; n++)
			fputc(' ', out);
		fprintf(out, "  # %s", comment);
	}
	fputc('\n', out);
}

static char *qstr(const char *s)
{
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	if (!f)
		return xstrdup("\"\"");
	scenario_yaml_quote(f, s);
	fclose(f);
	return b;
}

static char *gen_value(const struct scenario *s, int f)
{
	const struct callgen_cfg *g = &s->gen;
	char b[UNITS_FMT_MAX + 64];
	switch (f) {
	case G_MODE: return xstrdup(gen_modes[s->gen_mode]);
	case G_SEED: snprintf(b, sizeof b, "%" PRIu64, g->seed); break;
	case G_COUNT: snprintf(b, sizeof b, "%" PRIu32, g->count); break;
	case G_START: return xstrdup(units_format(CU_PS, g->start_ps, b, sizeof b));
	case G_SPACING: return xstrdup(units_format(CU_PS, g->spacing_ps, b, sizeof b));
	case G_RATE: {
		/* millionths, as read: "2.5", never 2.5000000000000000 */
		size_t n = (size_t)snprintf(b, sizeof b, "%.6f", g->rate_per_s);
		while (n > 1 && b[n - 1] == '0')
			b[--n] = 0;
		if (n > 1 && b[n - 1] == '.')
			b[--n] = 0;
		break;
	}
	case G_WINDOW: return xstrdup(units_format(CU_PS, g->window_ps, b, sizeof b));
	case G_HOLD: return xstrdup(units_format(CU_PS, g->hold_ps, b, sizeof b));
	case G_HOLD_DIST: return xstrdup(hold_dists[g->hold_exp]);
	case G_PCMU: snprintf(b, sizeof b, "%" PRIu32, g->weight[CG_PCMU]); break;
	case G_PCMA: snprintf(b, sizeof b, "%" PRIu32, g->weight[CG_PCMA]); break;
	case G_G729: snprintf(b, sizeof b, "%" PRIu32, g->weight[CG_G729]); break;
	case G_PTIME: snprintf(b, sizeof b, "%ums", (unsigned)g->ptime_ms); break;
	case G_OUTGOING: snprintf(b, sizeof b, "%" PRIu32, g->out_pct); break;
	case G_PORT_BASE: snprintf(b, sizeof b, "%u", g->port_base); break;
	case G_PORTS: snprintf(b, sizeof b, "%u", g->ports); break;
	case G_PORT_GUARD: return xstrdup(units_format(CU_PS, g->port_guard_ps, b, sizeof b));
	case G_SHIFT: {             /* a flow list: "[0s, 12.5ms]" */
		char *o = xstrdup("[");
		for (uint32_t i = 0; i < g->n_shift; i++) {
			units_format(CU_PS, g->shift_ps[i], b, sizeof b);
			size_t n = strlen(o);
			o = xrealloc(o, n + strlen(b) + 4);
			snprintf(o + n, strlen(b) + 4, "%s%s", i ? ", " : "", b);
		}
		size_t n = strlen(o);
		o = xrealloc(o, n + 2);
		memcpy(o + n, "]", 2);
		return o;
	}
	case F_MAC: return qstr(units_format_mac(s->far_mac, b));
	case B_MAC: return qstr(units_format_mac(s->bill_mac, b));
	case F_IPV4: return xstrdup(units_format_ipv4(s->far_ipv4, b));
	case B_IPV4: return xstrdup(units_format_ipv4(s->bill_ipv4, b));
	case F_SIP_PORT: snprintf(b, sizeof b, "%u", s->far_sip_port); break;
	case F_RTP_PORT: snprintf(b, sizeof b, "%u", g->far_port); break;
	case F_D100: return xstrdup(units_format(CU_PS, g->d100_ps, b, sizeof b));
	case F_D180: return xstrdup(units_format(CU_PS, g->d180_ps, b, sizeof b));
	case F_D200: return xstrdup(units_format(CU_PS, g->d200_ps, b, sizeof b));
	case F_ACK: return xstrdup(units_format(CU_PS, g->dack_ps, b, sizeof b));
	case F_BYE_OK: return xstrdup(units_format(CU_PS, g->dbye_ok_ps, b, sizeof b));
	case F_REMOTE: return xstrdup(s->far_remote ? "true" : "false");
	case B_PORT: snprintf(b, sizeof b, "%u", s->bill_port); break;
	default: return xstrdup("~");
	}
	return xstrdup(b);
}

/* The text of one section leaf (not lists, latency or drops). */
static char *leaf_value(const struct scenario *s, const struct leaf *lf)
{
	char b[UNITS_FMT_MAX + 64], *p;
	switch (lf->k) {
	case LF_COST:
		return xstrdup(units_format(cost_def((enum cost_id)lf->arg)->unit, s->costs.v[lf->arg],
		                            b, sizeof b));
	case LF_NAME: return qstr(s->name ? s->name : "");
	case LF_PROFILE: return s->profile ? qstr(s->profile) : xstrdup("~");
	case LF_HOST_MAC: return qstr(units_format_mac(s->mac, b));
	case LF_HOST_IPV4: return xstrdup(units_format_ipv4(s->ipv4, b));
	case LF_HOST_IPV6: return s->has_ipv6 ? qstr(units_format_ipv6(s->ipv6, b)) : xstrdup("none");
	case LF_PROMISC: return xstrdup(s->promiscuous ? "true" : "false");
	case LF_MCAST: return xstrdup(s->multicast ? "true" : "false");
	case LF_UP: return xstrdup(s->up ? "true" : "false");
	case LF_DISP: return xstrdup(disp_policy_name(s->disp));
	case LF_TXS: return xstrdup(txs_policy_name(s->txs));
	case LF_GP_SEND_FULL: return xstrdup(s->gp_send_full == SEND_DROP ? "drop" : "block");
	case LF_RT_PORTS:
	case LF_GP_PORTS:
	case LF_SIP_PORTS:
		p = lf->k == LF_RT_PORTS   ? units_format_ports(s->rt_ports, s->n_rt_ports)
		    : lf->k == LF_GP_PORTS ? units_format_ports(s->gp_ports, s->n_gp_ports)
		                           : units_format_ports(s->sip_ports, s->n_sip_ports);
		if (p && !p[0]) {
			free(p);
			return xstrdup("[]");
		}
		return p ? p : xstrdup("[]");
	case LF_TRACE_FILE: return s->trace ? qstr(s->trace) : xstrdup("~");
	case LF_TRACE_REPLAY: return xstrdup(s->replay_tx ? "true" : "false");
	case LF_TRACE_OFFSET: return xstrdup(units_format(CU_PS, s->trace_offset_ps, b, sizeof b));
	case LF_RUN_DURATION: return xstrdup(units_format(CU_PS, s->duration_ps, b, sizeof b));
	case LF_CALLS_SIP:
		return xstrdup(s->calls_sip == CALLS_SIP_ON ? "on" : s->calls_sip == CALLS_SIP_OFF ? "off" : "auto");
	case LF_CALLS_PLAYOUT: return xstrdup(units_format(CU_PS, s->calls_playout_ps, b, sizeof b));
	case LF_CALLS_TIMEOUT: return xstrdup(units_format(CU_PS, s->calls_timeout_ps, b, sizeof b));
	case LF_CALLS_BUDGET: return xstrdup(units_format(CU_PS, s->calls_budget_ps, b, sizeof b));
	case LF_VCALLS: {
		const struct scen_vcall_bound *vb = &s->vcalls[lf->arg];
		if (!vb->set)
			return xstrdup("~");
		if (lf->arg == VC_MOS_MIN)
			snprintf(b, sizeof b, "%u.%02u", (unsigned)(vb->v / 100), (unsigned)(vb->v % 100));
		else if (lf->arg == VC_EARLY_MEDIA_GP)
			snprintf(b, sizeof b, "%" PRIu64, vb->v);
		else
			units_format(CU_PS, vb->v, b, sizeof b);
		return xstrdup(b);
	}
	case LF_GEN: return gen_value(s, lf->arg);
	case LF_ECHO:
		if (!s->echo.enabled)
			return xstrdup("off");
		if (!s->echo.port)
			return xstrdup("on");
		snprintf(b, sizeof b, "%u", s->echo.port);
		return xstrdup(b);
	default:
		return xstrdup("~");
	}
}

static const char *leaf_comment(const struct leaf *lf, char *buf, size_t n)
{
	if (lf->k == LF_COST) {
		const struct cost_def *d = cost_def((enum cost_id)lf->arg);
		snprintf(buf, n, "%s [%s]", d->meaning, cost_unit_name(d->unit));
		return buf;
	}
	for (size_t i = 0; i < N_FIXED; i++)
		if (strcmp(fixed[i].key, lf->key) == 0)
			return fixed[i].meaning;
	return NULL;
}

static void print_ip(FILE *out, const uint8_t ip[16], bool v6)
{
	char b[64];
	if (v6) {
		scenario_yaml_quote(out, units_format_ipv6(ip, b));
	} else {
		fprintf(out, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
	}
}

static int tl_idx_cmp(const void *a, const void *b)
{
	const struct scen_tl *x = *(const struct scen_tl *const *)a, *y = *(const struct scen_tl *const *)b;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The timeline in the file's order (entries are kept sorted by time):
 * malloc'd array of n_tl pointers. */
static const struct scen_tl **tl_file_order(const struct scenario *s)
{
	const struct scen_tl **v = xcalloc(s->n_tl ? s->n_tl : 1, sizeof *v);
	for (size_t i = 0; i < s->n_tl; i++)
		v[i] = &s->tl[i];
	qsort(v, s->n_tl, sizeof *v, tl_idx_cmp);
	return v;
}

static void print_lists(const struct scenario *s, FILE *out)
{
	char b[UNITS_FMT_MAX], m[18];

	fprintf(out, "traffic:\n");
	fprintf(out, "  rtp:%s\n", s->n_rtp ? "" : " []");
	for (size_t i = 0; i < s->n_rtp; i++) {
		const struct scen_rtp *r = &s->rtp[i];
		fprintf(out, "    - dst_mac: ");
		scenario_yaml_quote(out, units_format_mac(r->dst_mac, m));
		fprintf(out, "\n      dst_ip: ");
		print_ip(out, r->dst_ip, r->ipv6);
		fprintf(out, "\n      sport: %u\n      dport: %u\n", r->sport, r->dport);
		fprintf(out, "      ptime: %s\n", units_format(CU_PS, r->ptime_ps, b, sizeof b));
		fprintf(out, "      payload: %" PRIu32 "\n", r->payload);
		fprintf(out, "      start: %s\n", units_format(CU_PS, r->start_ps, b, sizeof b));
		fprintf(out, "      duration: %s\n", units_format(CU_PS, r->duration_ps, b, sizeof b));
		fprintf(out, "      channels: %" PRIu32 "\n", r->channels);
		fprintf(out, "      stagger: %s\n", units_format(CU_PS, r->stagger_ps, b, sizeof b));
		static const char *const cn[] = {NULL, "pcmu", "pcma", "g729"};
		if (r->codec != SCODEC_NONE)
			fprintf(out, "      codec: %s\n", cn[r->codec]);
	}
	fprintf(out, "  bulk:%s\n", s->n_bulk ? "" : " []");
	for (size_t i = 0; i < s->n_bulk; i++) {
		const struct scen_bulk *k = &s->bulk[i];
		fprintf(out, "    - dst_mac: ");
		scenario_yaml_quote(out, units_format_mac(k->dst_mac, m));
		fprintf(out, "\n      dst_ip: ");
		print_ip(out, k->dst_ip, k->ipv6);
		fprintf(out, "\n      proto: %s\n", proto_names[k->proto]);
		fprintf(out, "      sport: %u\n      dport: %u\n", k->sport, k->dport);
		fprintf(out, "      rate: %s\n", units_format(CU_BPS, k->rate_bps, b, sizeof b));
		fprintf(out, "      frame_size: %" PRIu32 "\n", k->frame_size);
		fprintf(out, "      start: %s\n", units_format(CU_PS, k->start_ps, b, sizeof b));
		fprintf(out, "      duration: %s\n", units_format(CU_PS, k->duration_ps, b, sizeof b));
	}
	{
		struct leaf lf = {"traffic.echo", LF_ECHO, 0};
		char *v = leaf_value(s, &lf), cb[256];
		pline(out, 2, "echo", v, leaf_comment(&lf, cb, sizeof cb));
		free(v);
	}

	fprintf(out, "timeline:%s  # %s\n", s->n_tl ? "" : " []",
	        "interface commands and port moves, by time (X3, P2)");
	/* in the file's order, so that timeline.N is the same entry again */
	const struct scen_tl **tlo = tl_file_order(s);
	for (size_t j = 0; j < s->n_tl; j++) {
		const struct scen_tl *t = tlo[j];
		fprintf(out, "  - at: %s\n    %s: ", units_format(CU_PS, t->at_ps, b, sizeof b),
		        tl_fields[t->kind + 1]);
		switch (t->kind) {
		case TL_MAC: scenario_yaml_quote(out, units_format_mac(t->mac, m)); break;
		case TL_IPV4: print_ip(out, t->ip, false); break;
		case TL_IPV6: print_ip(out, t->ip, true); break;
		case TL_PROMISC: case TL_MULTICAST: case TL_UP:
			fputs(t->num ? "true" : "false", out);
			break;
		default:
			fprintf(out, "%" PRIu64, t->num);
			break;
		}
		fputc('\n', out);
	}

	free(tlo);
	fprintf(out, "verify:\n");
	fprintf(out, "  latency:%s  # bounds on latency percentiles, by class\n",
	        s->n_bounds ? "" : " {}");
	for (size_t i = 0; i < s->n_bounds; i++) {
		const struct scen_bound *bd = &s->bounds[i];
		if (i == 0 || bd->cls != s->bounds[i - 1].cls)
			fprintf(out, "    %s:\n", class_names[bd->cls]);
		fprintf(out, "      %s: %s\n", stat_names[bd->stat], units_format(CU_PS, bd->ps, b, sizeof b));
	}
	fprintf(out, "  routing:%s\n", s->n_expects ? "" : " []");
	for (size_t i = 0; i < s->n_expects; i++) {
		const struct scen_expect *e = &s->expects[i];
		fprintf(out, "    - match: ");
		scenario_yaml_quote(out, e->filter);
		fprintf(out, "\n      goes_to: %s\n      only: %s\n",
		        verdict_decision_name((enum verdict_decision)e->goes_to),
		        e->only ? "true" : "false");
	}
	fprintf(out, "  drops:\n");
	if (!s->drops_only_set) {
		pline(out, 4, "only", "~", "any reason may drop");
	} else {
		bool first = true;
		fprintf(out, "    only: [");
		for (int r = 0; r < R__COUNT; r++)
			if (s->drops_only_mask & (1u << r)) {
				fprintf(out, "%s%s", first ? "" : ", ", verdict_reason_name((enum verdict_reason)r));
				first = false;
			}
		fprintf(out, "]\n");
	}
	fprintf(out, "    max:%s\n", s->n_droplimits ? "" : " {}");
	for (size_t i = 0; i < s->n_droplimits; i++)
		fprintf(out, "      %s: %" PRIu64 "\n",
		        verdict_reason_name((enum verdict_reason)s->droplimits[i].reason),
		        s->droplimits[i].max);
	fprintf(out, "  calls:\n");
	for (size_t i = 0; i < N_FIXED; i++) {
		if (fixed[i].k != LF_VCALLS)
			continue;
		struct leaf lf = {"", LF_VCALLS, fixed[i].arg};
		char *v = leaf_value(s, &lf);
		pline(out, 4, vcall_names[fixed[i].arg], v, fixed[i].meaning);
		free(v);
	}
}

static const char *const sections[] = {
	"cpu", "host", "nic", "bus", "dispatcher", "cost", "proxy", "rt", "gp", "tx", "arp",
	"trace", "run", "calls",
};

void scenario_print(const struct scenario *s, FILE *out)
{
	struct ld K;
	char cb[512];

	memset(&K, 0, sizeof K);
	leaves_build(&K);
	fprintf(out, "# nicshare: the effective configuration (defaults, profile, file and\n"
	             "# --set overrides applied). It loads back to the same run.\n");
	for (size_t i = 0; i < K.nleaves; i++) {
		const struct leaf *lf = &K.leaves[i];
		if (lf->k == LF_NAME || lf->k == LF_PROFILE) {
			char *v = leaf_value(s, lf);
			pline(out, 0, lf->key, v, leaf_comment(lf, cb, sizeof cb));
			free(v);
		}
	}
	for (size_t sec = 0; sec < sizeof sections / sizeof sections[0]; sec++) {
		size_t pl = strlen(sections[sec]);
		fprintf(out, "%s:\n", sections[sec]);
		/* the keys that are not tunables first, then the tunables */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < K.nleaves; i++) {
				const struct leaf *lf = &K.leaves[i];
				char *v;
				if ((pass == 0) == (lf->k == LF_COST) || lf->k == LF_LIST)
					continue;
				if (strncmp(lf->key, sections[sec], pl) != 0 || lf->key[pl] != '.' ||
				    strchr(lf->key + pl + 1, '.'))
					continue;
				v = leaf_value(s, lf);
				pline(out, 2, lf->key + pl + 1, v, leaf_comment(lf, cb, sizeof cb));
				free(v);
			}
		/* the section's subsections (calls.generator, calls.far, ...) */
		for (size_t i = 0; i < K.nleaves; i++) {
			const struct leaf *lf = &K.leaves[i];
			if (lf->k != LF_GEN || strncmp(lf->key, sections[sec], pl) != 0 || lf->key[pl] != '.')
				continue;
			const char *sub = lf->key + pl + 1, *dot = strchr(sub, '.');
			const struct leaf *prev = i ? &K.leaves[i - 1] : NULL;
			if (!prev || prev->k != LF_GEN || strncmp(prev->key, lf->key, (size_t)(dot - lf->key + 1)))
				fprintf(out, "  %.*s:\n", (int)(dot - sub), sub);
			char *v = leaf_value(s, lf);
			pline(out, 4, dot + 1, v, leaf_comment(lf, cb, sizeof cb));
			free(v);
		}
	}
	print_lists(s, out);
	free(K.leaves);
	free(K.fix);
}

void scenario_print_keys(FILE *out)
{
	struct ld K;
	memset(&K, 0, sizeof K);
	leaves_build(&K);
	for (size_t i = 0; i < K.nleaves; i++) {
		if (K.leaves[i].k == LF_DROPS_MAX)
			continue;
		fprintf(out, "%s\n", K.leaves[i].key);
		if (K.leaves[i].k == LF_LIST) {
			const struct listdef *d = &lists[K.leaves[i].arg];
			for (size_t f = 0; f < d->nf; f++)
				fprintf(out, "%s.N.%s\n", d->key, d->fields[f]);
		}
	}
	fprintf(out, "verify.drops.max.REASON\n");
	free(K.leaves);
	free(K.fix);
}

/* ---- flat key/value listing (report's configuration table) ------------------ */

static void flat_ip(FILE *out, const char *key, const uint8_t ip[16], bool v6)
{
	char b[64];
	if (v6)
		fprintf(out, "%s\t%s\n", key, units_format_ipv6(ip, b));
	else
		fprintf(out, "%s\t%u.%u.%u.%u\n", key, ip[0], ip[1], ip[2], ip[3]);
}

void scenario_print_flat(const struct scenario *s, FILE *out)
{
	struct ld K;
	char b[UNITS_FMT_MAX], m[18], k[KEYLEN];
	memset(&K, 0, sizeof K);
	leaves_build(&K);
	for (size_t i = 0; i < K.nleaves; i++) {
		const struct leaf *lf = &K.leaves[i];
		if (lf->k == LF_LIST || lf->k == LF_LATENCY || lf->k == LF_DROPS_ONLY ||
		    lf->k == LF_DROPS_MAX || (lf->k == LF_VCALLS && !s->vcalls[lf->arg].set))
			continue;
		char *v = leaf_value(s, lf);
		fprintf(out, "%s\t%s\n", lf->key, v);
		free(v);
	}
	free(K.leaves);
	free(K.fix);
	for (size_t i = 0; i < s->n_rtp; i++) {
		const struct scen_rtp *r = &s->rtp[i];
#define P(field, fmt, ...) fprintf(out, "%s.%zu." field "\t" fmt "\n", "traffic.rtp", i, __VA_ARGS__)
		P("dst_mac", "%s", units_format_mac(r->dst_mac, m));
		snprintf(k, sizeof k, "traffic.rtp.%zu.dst_ip", i);
		flat_ip(out, k, r->dst_ip, r->ipv6);
		P("sport", "%u", r->sport);
		P("dport", "%u", r->dport);
		P("ptime", "%s", units_format(CU_PS, r->ptime_ps, b, sizeof b));
		P("payload", "%" PRIu32, r->payload);
		P("start", "%s", units_format(CU_PS, r->start_ps, b, sizeof b));
		P("duration", "%s", units_format(CU_PS, r->duration_ps, b, sizeof b));
		P("channels", "%" PRIu32, r->channels);
		P("stagger", "%s", units_format(CU_PS, r->stagger_ps, b, sizeof b));
#undef P
	}
	for (size_t i = 0; i < s->n_bulk; i++) {
		const struct scen_bulk *r = &s->bulk[i];
#define P(field, fmt, ...) fprintf(out, "%s.%zu." field "\t" fmt "\n", "traffic.bulk", i, __VA_ARGS__)
		P("dst_mac", "%s", units_format_mac(r->dst_mac, m));
		snprintf(k, sizeof k, "traffic.bulk.%zu.dst_ip", i);
		flat_ip(out, k, r->dst_ip, r->ipv6);
		P("proto", "%s", proto_names[r->proto]);
		P("sport", "%u", r->sport);
		P("dport", "%u", r->dport);
		P("rate", "%s", units_format(CU_BPS, r->rate_bps, b, sizeof b));
		P("frame_size", "%" PRIu32, r->frame_size);
		P("start", "%s", units_format(CU_PS, r->start_ps, b, sizeof b));
		P("duration", "%s", units_format(CU_PS, r->duration_ps, b, sizeof b));
#undef P
	}
	for (size_t i = 0; i < s->n_tl; i++) {
		const struct scen_tl *t = &s->tl[i];
		fprintf(out, "timeline.%" PRIu32 ".at\t%s\n", t->idx,
		        units_format(CU_PS, t->at_ps, b, sizeof b));
		snprintf(k, sizeof k, "timeline.%" PRIu32 ".%s", t->idx, tl_fields[t->kind + 1]);
		switch (t->kind) {
		case TL_MAC: fprintf(out, "%s\t%s\n", k, units_format_mac(t->mac, m)); break;
		case TL_IPV4: flat_ip(out, k, t->ip, false); break;
		case TL_IPV6: flat_ip(out, k, t->ip, true); break;
		case TL_PROMISC: case TL_MULTICAST: case TL_UP:
			fprintf(out, "%s\t%s\n", k, t->num ? "true" : "false");
			break;
		default: fprintf(out, "%s\t%" PRIu64 "\n", k, t->num); break;
		}
	}
	for (size_t i = 0; i < s->n_bounds; i++)
		fprintf(out, "verify.latency.%s.%s\t%s\n", class_names[s->bounds[i].cls],
		        stat_names[s->bounds[i].stat], units_format(CU_PS, s->bounds[i].ps, b, sizeof b));
	for (size_t i = 0; i < s->n_expects; i++) {
		const struct scen_expect *e = &s->expects[i];
		fprintf(out, "verify.routing.%zu.match\t%s\nverify.routing.%zu.goes_to\t%s\n"
		        "verify.routing.%zu.only\t%s\n", i, e->filter, i,
		        verdict_decision_name((enum verdict_decision)e->goes_to), i,
		        e->only ? "true" : "false");
	}
	if (s->drops_only_set) {
		fprintf(out, "verify.drops.only\t");
		for (int r = 0, first = 1; r < R__COUNT; r++)
			if (s->drops_only_mask & (1u << r)) {
				fprintf(out, "%s%s", first ? "" : ",", verdict_reason_name((enum verdict_reason)r));
				first = 0;
			}
		fputc('\n', out);
	}
	for (size_t i = 0; i < s->n_droplimits; i++)
		fprintf(out, "verify.drops.max.%s\t%" PRIu64 "\n",
		        verdict_reason_name((enum verdict_reason)s->droplimits[i].reason),
		        s->droplimits[i].max);
}
