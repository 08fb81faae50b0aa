/* scenario.h - a scenario: the machine, its traffic, its timeline and what
 * must hold. Loaded from YAML (scenario.c), with --set overrides applied,
 * validated before anything runs. The embedded default is the scenario of
 * an empty file. Every key is listed in doc/scenario.md. */
#ifndef NICSHARE_SCENARIO_H
#define NICSHARE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/txs.h"
#include "callgen.h"

/* Where a value came from, for messages: file:line:col, or the option. */
struct scen_loc {
	const char *file;   /* scenario path, or NULL for an option/default */
	int line, col;      /* 1-based; 0 when not from a file */
	const char *opt;    /* "--set key=value" text when from an override */
};

/* The voice codec of an RTP stream: its RTP payload type and payload bytes
 * (RFC 3551). SCODEC_NONE: not given; sent as PCMU. */
enum scen_codec { SCODEC_NONE = 0, SCODEC_PCMU, SCODEC_PCMA, SCODEC_G729 };
struct scen_rtp {              /* an RT application sending RTP (V1) */
	uint8_t dst_mac[6];
	uint8_t dst_ip[16];
	bool ipv6;
	uint16_t sport, dport;     /* sport must be an RT port */
	uint64_t ptime_ps;         /* packet interval, e.g. 20ms */
	uint32_t payload;          /* RTP payload bytes (G.711 20 ms: 160) */
	uint64_t start_ps, duration_ps;
	uint32_t channels;         /* this many streams, ports sport+2k, dport+2k */
	uint64_t stagger_ps;       /* start offset between channels */
	enum scen_codec codec;
};

enum scen_bulk_proto { BULK_UDP = 0, BULK_TCP };
struct scen_bulk {             /* a GP application sending bulk traffic */
	uint8_t dst_mac[6];
	uint8_t dst_ip[16];
	bool ipv6;
	enum scen_bulk_proto proto;
	uint16_t sport, dport;
	uint64_t rate_bps;         /* offered load, bit/s counting the frame bytes */
	uint32_t frame_size;       /* Ethernet frame bytes, FCS excluded */
	uint64_t start_ps, duration_ps;
};

struct scen_echo {             /* RT echo responder (RTnet rtt tools) */
	bool enabled;
	uint16_t port;             /* answer frames to this RT port; 0 = every RT port */
};

enum scen_tl_kind {
	TL_MTU = 0, TL_MAC, TL_IPV4, TL_IPV6, TL_PROMISC, TL_MULTICAST, TL_UP,
	TL_RELINQUISH, TL_CLAIM, TL_GP_BIND, TL_GP_UNBIND, TL__COUNT
};
struct scen_tl {               /* a timeline entry (X3, P2) */
	uint64_t at_ps;
	enum scen_tl_kind kind;
	uint64_t num;              /* MTU, bool, port */
	uint8_t mac[6];
	uint8_t ip[16];
	struct scen_loc loc;
	uint32_t idx;              /* its place in the scenario's timeline list, from 0:
	                            * "timeline.N" of --set, of messages and events */
};

enum scen_class { CLS_RT_RX = 0, CLS_GP_RX, CLS_RT_TX, CLS_GP_TX, CLS_RT_RTT, CLS__COUNT };
enum scen_stat { ST_P50 = 0, ST_P99, ST_P999, ST_MAX, ST__COUNT };
struct scen_bound {
	enum scen_class cls;
	enum scen_stat stat;
	uint64_t ps;
	struct scen_loc loc;
};

struct scen_expect {           /* a routing expectation (tcpdump filter) */
	char *filter;              /* pcap filter text */
	int goes_to;               /* enum verdict_decision, or -1 */
	bool only;                 /* and no other frame gets that decision */
	struct scen_loc loc;
};

struct scen_droplimit {
	int reason;                /* enum verdict_reason */
	uint64_t max;              /* at most this many drops for it */
	struct scen_loc loc;
};

/* verify.calls: bounds on the calls of calls.tsv (issue 12, item 5) */
enum scen_vcall { VC_MOS_MIN = 0, VC_JITTER_P99, VC_JITTER_MAX, VC_SETUP_P99, VC_SETUP_MAX,
                  VC_EARLY_MEDIA_GP, VC__COUNT };
struct scen_vcall_bound {
	bool set;
	uint64_t v;                /* MOS in hundredths; jitter and set-up in ps; a count */
	struct scen_loc loc;
};

struct scenario {
	char *path;                /* NULL for the embedded default */
	char *name;
	char *profile;             /* profile name, or NULL */
	struct costs costs;

	/* host identity (X3: shared by both OSes) */
	uint8_t mac[6];
	uint32_t ipv4;             /* host order */
	uint8_t ipv6[16];
	bool has_ipv6;
	bool promiscuous, multicast, up;

	uint16_t *rt_ports;        /* P1 boot list */
	size_t n_rt_ports;
	uint16_t *gp_ports;        /* ports bound by GP applications at boot */
	size_t n_gp_ports;

	enum disp_policy disp;
	enum txs_policy txs;

	/* input capture */
	char *trace;               /* path (resolved against the scenario's folder) */
	bool replay_tx;
	uint64_t trace_offset_ps;  /* first frame at this time instead of 0 */

	uint64_t duration_ps;      /* 0: until traffic and queues are done */

	struct scen_rtp *rtp; size_t n_rtp;
	struct scen_bulk *bulk; size_t n_bulk;
	struct scen_echo echo;
	enum scen_send_full { SEND_BLOCK = 0, SEND_DROP } gp_send_full;   /* gp.send_full */
	struct scen_tl *tl; size_t n_tl;   /* sorted by at_ps, stable; each keeps its idx */

	struct scen_bound *bounds; size_t n_bounds;
	struct scen_expect *expects; size_t n_expects;
	bool drops_only_set;       /* verify.drops.only given */
	uint32_t drops_only_mask;  /* bit per reason allowed to drop */
	struct scen_droplimit *droplimits; size_t n_droplimits;
	struct scen_vcall_bound vcalls[VC__COUNT];   /* verify.calls.* */

	/* voice calls: GP's SIP engine, RT's claimed RTP ports (issue 12) */
	enum scen_calls_sip { CALLS_SIP_AUTO = 0, CALLS_SIP_ON, CALLS_SIP_OFF } calls_sip;
	uint16_t *sip_ports;       /* gp.sip_ports: UDP/TCP ports GP's SIP engine serves */
	size_t n_sip_ports;
	uint64_t calls_playout_ps; /* fixed playout buffer for late loss */
	uint64_t calls_timeout_ps; /* no SIP, RTP nor RTCP this long ends a call; 0: never */
	uint64_t calls_budget_ps;  /* network and far-end one-way delay for the E-model */
	/* generated calls (src/callplay.c): calls.generator.*, the far end
	 * (calls.far.*) and the billing host (calls.billing.*) */
	int gen_mode;              /* 0 off, 1 fixed, 2 poisson */
	struct callgen_cfg gen;    /* mode and seed included */
	uint8_t far_mac[6], bill_mac[6];
	uint32_t far_ipv4, bill_ipv4;   /* host order */
	uint16_t far_sip_port, bill_port;
	bool far_remote;           /* calls.far.remote: a world's host is the far end */
	/* a world: section (read by worldcfg.c; scenario.c only notes it) */
	bool has_world;
	struct scen_loc world_loc;
};

/* A scenario or profile file of this size or more is refused, unread. */
#define SCENARIO_MAX_FILE (16u << 20)

/* A key of the world: section ("world", "world.*"), which worldcfg.c reads:
 * text is a key, or an override "KEY=VALUE". */
bool scenario_is_world_key(const char *text);
/* For a command that runs or analyses the file's own computer, not its
 * world (bound, search, classify, synth): an override of a world key would
 * change nothing there. True when one is given, said to err as "nicshare
 * CMD: --set KEY=VALUE: ..."; false when none is. */
bool scenario_world_override(const char *cmd, const char *const *overrides, size_t n,
                             FILE *err);

/* Load: the embedded default, then the profile it names, then the file,
 * then each override "key=value". On any problem, every message goes to
 * `err` as "FILE:LINE:COL: KEY: what is wrong" (or "--set KEY=VALUE: ...")
 * and NULL is returned; nothing is half-loaded. path may be NULL. */
struct scenario *scenario_load(const char *path, const char *const *overrides,
                               size_t n_overrides, FILE *err);
/* The same, where[i] (when where and where[i] are not NULL) naming the
 * place overrides[i] was written, in its messages, in place of "--set
 * overrides[i]": "FILE:LINE:COL: world.hosts.NAME.set" for an item of a
 * world computer's set: list (src/worldcfg.c). */
struct scenario *scenario_load_at(const char *path, const char *const *overrides,
                                  const char *const *where, size_t n_overrides, FILE *err);
void scenario_free(struct scenario *s);

/* Print the effective configuration as YAML that loads back to the same
 * run (all keys, defaults included, units spelled out, a comment per key). */
void scenario_print(const struct scenario *s, FILE *out);
/* s as a YAML double-quoted string (escapes for quote, backslash and
 * control characters), as scenario_print writes strings. */
void scenario_yaml_quote(FILE *out, const char *s);

/* The effective configuration as "KEY<TAB>VALUE" lines, one per key that
 * has a value, list items numbered from 0 as --set takes them
 * (traffic.rtp.0.dport, timeline.2.at): what `nicshare report` compares
 * between runs. */
void scenario_print_flat(const struct scenario *s, FILE *out);

/* Every key, one a line, as --set takes it: list fields as
 * "traffic.rtp.N.dport", drop limits as "verify.drops.max.REASON". */
void scenario_print_keys(FILE *out);

const char *scen_class_name(enum scen_class c);
const char *scen_stat_name(enum scen_stat s);
const char *scen_vcall_name(enum scen_vcall k);   /* "mos_min", ... */

#endif
