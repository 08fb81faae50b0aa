/* calls.h - the GP SIP engine's call table: which calls exist, when their
 * RTP ports must be claimed by RT and given back, and what became of each
 * call's media.
 * Models: the second embodiment (Figs. 9-10, claims 16-18; issue 12):
 * call set-up and tear-down on GP, RT "could claim the use of more ports
 * from the general purpose operating system" and relinquish them.
 *
 * The table is fed SIP messages (as GP's stack delivers them, or as GP
 * sends them, the host's own-tx frames of a capture included) and asks
 * for port claims through a callback, which the engine carries over
 * channel 3 to RT; RT's answer comes back through calls_claim_result().
 * Every RTP frame on a call's local port is counted through
 * calls_rtp_frame(). Times are CPU cycles. No I/O except the writer. */
#ifndef NICSHARE_CALLS_H
#define NICSHARE_CALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "src/sip.h"

struct calls;

/* A claim (claim = true) or relinquish request for one UDP port of call
 * `call` (1-based, see calls_tsv). Asked for the RTP port, then for the
 * RTCP port (RTP + 1, when <= 65535), in that order. */
typedef void (*calls_claim_fn)(void *ctx, uint16_t port, bool claim, uint32_t call);

struct calls_cfg {
	const struct sip_addr *host;   /* the host's addresses (IPv4, IPv6) */
	size_t nhost;                  /* 0: an SDP GP sends is ours */
	uint64_t cpu_hz;               /* cycles per second, for times in ns/ms */
	uint64_t timeout;              /* cycles without SIP, RTP or RTCP that end a
	                                  call (reason timeout); 0: never */
	uint64_t playout_ps;           /* fixed playout buffer (rtpq) */
	double delay_budget_ms;        /* network and far-end one-way delay added
	                                  to the gateway's for the E-model */
	calls_claim_fn claim;          /* may be NULL (nothing is asked) */
	void *ctx;
};

enum calls_dir {
	CALLS_RX = 0,     /* a message GP received (from the wire) */
	CALLS_TX,         /* a message GP sent (own-tx frames of a capture too) */
};

enum calls_media_dir {
	CALLS_IN = 0,     /* RTP from the far end to the host's local port */
	CALLS_OUT,        /* RTP the host sends from its local port */
};

enum calls_verdict {
	CALLS_V_RT = 0,   /* handled by RT (in: queued on the RT socket;
	                     out: sent by RT) */
	CALLS_V_GP,       /* handled by GP */
	CALLS_V_DROP,     /* dropped on the way, any reason */
};

/* NULL when out of memory or cfg->cpu_hz is 0. The host list is copied. */
struct calls *calls_create(const struct calls_cfg *cfg);
void calls_destroy(struct calls *t);

/* The host took another address (a timeline's ipv4 or ipv6 entry): an
 * SDP with it is ours from now on, as one with the addresses it had is
 * still (calls set up before the change). False when out of memory. */
bool calls_add_host(struct calls *t, const struct sip_addr *a);

/* GP's SIP engine gets one message: parse it (sip_parse) and act on it.
 * Returns the parse result; a malformed message is counted and changes no
 * call. */
enum sip_err calls_sip(struct calls *t, uint64_t cycle, enum calls_dir dir,
                       const uint8_t *payload, size_t len);
/* The same with a message already parsed (perr: sip_parse's result). */
void calls_msg(struct calls *t, uint64_t cycle, enum calls_dir dir,
               const struct sip_msg *m, enum sip_err perr);

/* RT's answer to a claim or relinquish request of calls_cfg.claim: ok is
 * false when RT refused it (e.g. a GP application has the port bound). */
void calls_claim_result(struct calls *t, uint32_t call, uint16_t port, bool claim,
                        bool ok, uint64_t cycle);

/* The RTP fixed header (RFC 3550 5.1) of a UDP payload: false when it is
 * shorter than 12 bytes, its version is not 2, or its second byte is
 * 192-223, an RTCP packet type (RTCP multiplexed on the RTP port, RFC
 * 5761 4: not counted as RTP). rtcp: set (with false returned) when the
 * payload is such an RTCP packet, 8 bytes or more (calls_rtcp_frame). */
struct calls_rtp {
	uint8_t pt;
	bool marker;
	uint16_t seq;
	uint32_t ts, ssrc;
	bool rtcp;
};

/* Streams measured per call and direction: one RFC 3550 estimator per
 * SSRC (a new SSRC, e.g. a codec change by re-INVITE, is a new stream).
 * Packets of SSRCs beyond the CALLS_STREAMS-th are counted (frames, delay,
 * calls_quality.unmeasured) but feed no stream. */
#define CALLS_STREAMS 8

/* One RTP frame (its header r) on local UDP port `port` (in: its
 * destination port, out: its source port). t_from is when it entered the
 * path measured (in: its last bit at the NIC; out: the sending
 * application's request), t_to when it left it (in: queued on the RT
 * socket; out: its last bit on the wire; for a drop: when dropped).
 * Returns the call it was counted on, 0 when the port is no call's. Only
 * V_RT frames feed the quality figures, each into its SSRC's stream (whose
 * clock is that of its first packet's payload type: the SDP's codec, else
 * the static payload type's, else the SDP's clock). */
uint32_t calls_rtp_frame(struct calls *t, uint16_t port, enum calls_media_dir dir,
                         enum calls_verdict v, uint64_t t_from, uint64_t t_to,
                         const struct calls_rtp *r);

bool calls_rtp_parse(const uint8_t *p, size_t len, struct calls_rtp *r);

/* An RTCP packet (calls_rtp.rtcp) to or from local UDP port `port`, the
 * RTP port (a=rtcp-mux) or the one after it, at t_at: the call's media
 * is alive (RFC 3264 5.1: RTCP flows on an inactive stream), so it does
 * not time out from t_at on; it is counted in no frame column and feeds
 * no stream. Returns the call, 0 when the port is no call's. */
uint32_t calls_rtcp_frame(struct calls *t, uint16_t port, uint64_t t_at);

/* End every call idle for cfg.timeout at `cycle`; returns how many. The
 * engine calls it at calls_next_timeout() (or more often). */
unsigned calls_tick(struct calls *t, uint64_t cycle);
/* The earliest cycle at which calls_tick would end a call; UINT64_MAX
 * when none would. Not const: it tidies the table's deadline heap. */
uint64_t calls_next_timeout(struct calls *t);

/* Counters of the whole table. */
struct calls_counts {
	uint64_t msgs;              /* messages given */
	uint64_t err[SIP__NERR];    /* by sip_parse result (err[SIP_E_NONE]: fine) */
	uint64_t unknown_msgs;      /* in-dialog message for no known call, or a
	                               BYE naming none of its call's dialogs */
	uint64_t bye_unknown;       /* of which BYEs */
	uint64_t dialogs_dropped;   /* 2xx to an INVITE from a new end of a call
	                               that keeps CALLS_DIALOGS dialogs already:
	                               the dialog is not kept (its SDP is taken) */
	uint64_t claims, relinquishes, refused;   /* requests asked, refusals */
	uint64_t early_media_gp;    /* RTP in to a call's port, to GP, before
	                               its claim was applied */
};
void calls_counts(const struct calls *t, struct calls_counts *c);

/* Per-call view, for tests and the report (call is 1-based). */
enum calls_claim_state {
	CLAIM_NONE = 0,      /* never asked */
	CLAIM_PENDING,       /* asked, RT has not answered */
	CLAIM_APPLIED,       /* RT owns the port */
	CLAIM_REFUSED,       /* RT refused */
	CLAIM_RELEASING,     /* relinquish asked, RT has not answered */
	CLAIM_RELEASED,      /* RT gave it back */
};
enum calls_end {
	END_NONE = 0, END_BYE, END_CANCEL, END_ERROR, END_TIMEOUT,
};
struct calls_info {
	const char *call_id, *from, *to, *codec;
	int pt;                          /* codec payload type, -1 none */
	uint16_t ptime_ms;
	struct sip_addr local, remote;   /* media addresses */
	uint16_t local_port, remote_port, claimed_port;
	enum calls_claim_state claim;
	enum calls_end end;
	int end_status;                  /* the final error response, if END_ERROR */
	uint64_t t_invite, t_200, t_ack, t_bye, t_claim, t_applied, t_end;  /* UINT64_MAX: none */
	uint64_t t_hangup, t_billing;    /* generated calls (calls_billing); UINT64_MAX: none */
	uint64_t frames[2][3];           /* [calls_media_dir][calls_verdict] */
	uint64_t early_media_gp, after_end, sip_errors, moves;
};
uint32_t calls_count(const struct calls *t);
/* Told when RT has first applied a call's RTP port claim (from
 * calls_claim_result): generated calls start RT's RTP sender there. */
typedef void calls_applied_fn(void *ctx, uint32_t call, uint16_t port, uint64_t cycle);
void calls_on_applied(struct calls *t, calls_applied_fn *fn, void *ctx);
/* Generated calls: the call hung up at t_hangup and GP's billing record
 * left the wire (last bit) at t_sent; calls.tsv's billing columns. */
void calls_billing(struct calls *t, uint32_t call, uint64_t t_hangup, uint64_t t_sent);
bool calls_info(const struct calls *t, uint32_t call, struct calls_info *out);
/* The call whose Call-ID is id (the latest, if reused); 0 if none. */
uint32_t calls_find(const struct calls *t, const char *id);

/* Quality of one direction, over its streams (one per SSRC, see
 * CALLS_STREAMS): received, expected, lost and late are sums over the
 * streams; jitter_ms (J at the end) and jitter_max_ms (the largest J after
 * any packet) the largest of the streams'; the delay is over all the
 * direction's V_RT packets; ppl = sum of max(lost, 0) + late over expected.
 * False when the direction received nothing at RT. mos is NaN when the
 * codec is unknown. */
struct calls_quality {
	uint64_t received, expected, late;
	int64_t lost;
	double jitter_ms, jitter_max_ms, ppl, r, mos;
	uint64_t delay_min_ps, delay_mean_ps, delay_max_ps;
	unsigned streams;          /* SSRCs measured, at most CALLS_STREAMS */
	uint32_t ssrc[CALLS_STREAMS];   /* those SSRCs, the first `streams` */
	uint64_t unmeasured;       /* V_RT packets of SSRCs beyond those */
};
bool calls_quality(const struct calls *t, uint32_t call, enum calls_media_dir dir,
                   struct calls_quality *q);

/* calls.tsv (doc/outputs.md): a header and one line per call in creation
 * order. write(ctx, line, len) gets each line with its '\n'; returns false
 * to stop. Returns false when the writer did. */
typedef bool (*calls_line_fn)(void *ctx, const char *line, size_t len);
bool calls_tsv(const struct calls *t, calls_line_fn write, void *ctx);
bool calls_tsv_file(const struct calls *t, FILE *f);

/* summary.json's calls section. */
struct calls_summary {
	uint32_t count;            /* calls in the table */
	uint32_t established;      /* with a 2xx to their INVITE */
	uint32_t with_mos;         /* calls with a MOS (see calls_quality) */
	double mos_min, mos_p5, mos_mean;      /* over calls' MOS (worse direction) */
	double jitter_max_ms;      /* the worst jitter of any direction */
	uint32_t with_setup;
	uint64_t setup_p99_ps;     /* INVITE to 200, 99th percentile (nearest rank) */
	uint32_t with_billing;     /* calls with a billing record sent */
	uint64_t billing_p99_ps, billing_max_ps;   /* hang-up to the record's last bit out */
	uint64_t early_media_gp, refused, bye_unknown;
};
void calls_summarise(const struct calls *t, struct calls_summary *s);

#endif
