/* bound.c - worst-case latency bounds for the RT classes by response-time
 * analysis of the model (doc/bound.md derives each term; doc/engine.md says
 * what the model does). Models: claims 5-7 (an RT frame waits behind at
 * most the one GP frame already handed to the NIC), the dispatcher 400 of
 * Fig. 2 (priority or TDMA), the receive path of Fig. 8b and the transmit
 * path of Figs. 7a/8a, with the e1000 interrupt moderation of model/nic.c.
 *
 * Everything is in integer cycles; every rounding is taken upwards (a bound
 * never shrinks by rounding). Arrivals:
 *   - a capture: its frames' last-bit times, computed with the model's own
 *     wire (model/wire.c) from the timestamps exactly as the engine does;
 *     windows over them give the measured arrival curve;
 *   - an RTP item: `channels` streams of period ptime whose relative phases
 *     are fixed by `stagger`; the item's start is free (any phase), so its
 *     arrival curve is the densest window over one period of its offsets;
 *     different items are independent;
 *   - bulk GP traffic: only through the transmit path (one GP frame blocks)
 *     and the RT proxy-tx thread.
 * Cost: the capture is read once; each fixed-point step is O(frames). */
#include "config.h"

#include "bound.h"
#include "gpside.h"
#include "nicdev.h"
#include "sip.h"
#include "ipfrag.h"
#include "siptcp.h"
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../model/classify.h"
#include "../model/cost.h"
#include "../model/disp.h"
#include "../model/frame.h"
#include "../model/nic.h"
#include "../model/ports.h"
#include "../model/ring.h"
#include "../model/wire.h"
#include "callgen.h"
#include "callmsg.h"
#include "capin.h"
#include "outputs.h"
#include "paths.h"
#include "units.h"

#define INF UINT64_MAX
#define MAX_ITER 200000u
#define PS_PER_S 1000000000000ull
/* Capture instants are compared with 2 cycles to spare: another
 * trace.offset rounds each frame's cycle differently (by less than one),
 * and the wire's boundaries follow. */
#define SLACK 2u

static uint64_t sat_add(uint64_t a, uint64_t b) { return b > INF - a ? INF : a + b; }

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	uint64_t p;
	return __builtin_mul_overflow(a, b, &p) ? INF : p;
}

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* ---- arrivals ------------------------------------------------------------ */

/* A sorted list of instants (cycles) with a weight each. */
struct seq {
	uint64_t *t, *w;
	size_t n, cap;
};

static int seq_add(struct seq *s, uint64_t t, uint64_t w)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		uint64_t *a = realloc(s->t, cap * sizeof *a);
		if (a)
			s->t = a;
		uint64_t *b = a ? realloc(s->w, cap * sizeof *b) : NULL;
		if (!a || !b)
			return -1;
		s->w = b;
		s->cap = cap;
	}
	s->t[s->n] = t;
	s->w[s->n] = w;
	s->n++;
	return 0;
}

static void seq_free(struct seq *s)
{
	free(s->t);
	free(s->w);
	memset(s, 0, sizeof *s);
}

/* The largest total weight of the instants in any closed window of length
 * d (t non-decreasing); with count set, the number of instants. */
static uint64_t seq_window(const struct seq *s, uint64_t d, bool count)
{
	uint64_t best = 0, sum = 0;
	d = sat_add(d, SLACK);
	size_t lo = 0;
	for (size_t hi = 0; hi < s->n; hi++) {
		sum += count ? 1 : s->w[hi];
		while (s->t[hi] - s->t[lo] > d) {
			sum -= count ? 1 : s->w[lo];
			lo++;
		}
		if (sum > best)
			best = sum;
	}
	return best;
}

/* The least span (in instants' units) holding k + 1 consecutive instants:
 * count_window() answers "most instants in a window of d" by a binary
 * search instead of a pass over the sequence (the TX completion term asks
 * it in every step of every fixed point, and in every step of the
 * frame-by-frame pass). g[k] is non-decreasing in k. The table starts with
 * GAPS_K entries; a window beyond it is answered by a pass (O(instants)),
 * and after as many such passes as the table has entries it doubles
 * (O(instants) an entry), so extending never costs more than the passes
 * it saves. */
#define GAPS_K 64u

struct gaps {
	uint64_t *g;
	size_t n;              /* entries filled: at most the instants */
	size_t misses;         /* passes since the table last grew */
};

static void gaps_fill(struct gaps *gp, const struct seq *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		uint64_t m = INF;
		for (size_t i = 0; i + k < s->n; i++)
			m = min64(m, s->t[i + k] - s->t[i]);
		gp->g[k] = m;
	}
	gp->n = to;
}

static int gaps_build(struct gaps *gp, const struct seq *s)
{
	memset(gp, 0, sizeof *gp);
	if (s->n == 0)
		return 0;
	gp->g = malloc(s->n * sizeof *gp->g);
	if (!gp->g)
		return -1;
	gaps_fill(gp, s, 0, min64(GAPS_K, s->n));
	return 0;
}

static void gaps_free(struct gaps *gp)
{
	free(gp->g);
	memset(gp, 0, sizeof *gp);
}

/* How many of g[0..n) (non-decreasing, g[0] <= x) are at most x. */
static size_t count_le(const uint64_t *g, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;                  /* g[lo] <= x, g[hi] > x or hi = n */
	while (hi - lo > 1) {
		size_t m = lo + (hi - lo) / 2;
		if (g[m] <= x)
			lo = m;
		else
			hi = m;
	}
	return lo + 1u;
}

/* The most instants of s in a closed window of d (+ SLACK), as
 * seq_window(s, d, true). */
static uint64_t count_window(const struct seq *s, struct gaps *gp, uint64_t d)
{
	if (gp->n == 0)
		return 0;
	uint64_t dd = sat_add(d, SLACK);
	if (gp->g[gp->n - 1] <= dd) {
		if (gp->n == s->n)
			return gp->n;
		if (++gp->misses < gp->n)
			return seq_window(s, d, true);
		gp->misses = 0;
		gaps_fill(gp, s, gp->n, min64(2 * gp->n, s->n));
		if (gp->g[gp->n - 1] <= dd)
			return gp->n == s->n ? gp->n : seq_window(s, d, true);
	}
	return count_le(gp->g, gp->n, dd);
}

/* One RTP item: its streams' offsets within one period, sorted (ps), and
 * arc[k], the shortest arc from one stream's offset to the k-th next one
 * (around the period): non-decreasing in k. */
struct rtp_arr {
	uint64_t period_ps;
	uint64_t *off, *arc;
	uint32_t n;
	uint32_t len;          /* its frames' length */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void rtp_arcs(struct rtp_arr *a)
{
	for (uint32_t k = 0; k < a->n; k++) {
		uint64_t m = INF;
		for (uint32_t i = 0; i < a->n; i++) {
			uint64_t gap = a->off[(i + k) % a->n] + (i + k >= a->n ? a->period_ps : 0) -
			               a->off[i];
			m = min64(m, gap);
		}
		a->arc[k] = m;
	}
}

/* Requests of one item in a closed window of d cycles: n per whole period,
 * plus the densest arc of the rest. An event at ps p is at cycle
 * floor(p hz / 1e12), so two events within d cycles are less than d + 1
 * cycles apart in ps. */
static bool window_periods(uint64_t d, uint64_t hz, uint64_t period_ps, uint64_t *whole,
                           uint64_t *rest)
{
	if (d == INF)
		return false;
	unsigned __int128 ps = ((unsigned __int128)d + 1) * PS_PER_S;
	ps = ps / hz + (ps % hz != 0);
	if (ps / period_ps > INF / 2)
		return false;
	*whole = (uint64_t)(ps / period_ps);
	*rest = (uint64_t)(ps % period_ps);
	return true;
}

static uint64_t rtp_window(const struct rtp_arr *a, uint64_t d, uint64_t hz)
{
	uint64_t whole, r;
	if (!window_periods(d, hz, a->period_ps, &whole, &r))
		return INF;
	return sat_add(sat_mul(whole, a->n), count_le(a->arc, a->n, r));   /* arc[0] = 0 */
}

/* Generated calls (calls.generator, src/callplay.c): the calls of one codec
 * and ptime. Each call's RTP, the far end's and RT's, is one packet per
 * period from an instant the run decides (the answer, the claim applied):
 * any phase, each call independent. */
struct call_grp {
	uint64_t period_ps;
	uint32_t len;          /* its RTP frames' length (both directions alike) */
	uint64_t calls;
	uint64_t packets;      /* RT's RTP packets of its calls in all (each call's hold / ptime) */
};

/* Packets of a group in a closed window of d cycles: per call, one per
 * whole period and one more (any phase), as rtp_window with one stream. */
static uint64_t grp_window(const struct call_grp *g, uint64_t d, uint64_t hz)
{
	uint64_t whole, r;
	if (!window_periods(d, hz, g->period_ps, &whole, &r))
		return INF;
	return sat_mul(sat_add(whole, 1), g->calls);
}

/* One call's far-end SIP messages (at most n, in time order), gap[i] the
 * least cycles between message i and i + 1. */
struct far_sip {
	uint64_t gap[3];
	uint32_t n;
};

/* The most of them in a closed window of d cycles: the longest run of
 * consecutive messages whose gaps add up to at most d. */
static uint64_t far_sip_window(const struct far_sip *f, uint64_t d)
{
	uint64_t best = f->n ? 1 : 0;
	for (uint32_t i = 0; i < f->n; i++) {
		uint64_t span = 0, k = 1;
		for (uint32_t j = i; j + 1 < f->n; j++) {
			span = sat_add(span, f->gap[j]);
			if (span > d)
				break;
			k++;
		}
		best = max64(best, k);
	}
	return best;
}

/* ---- the analysis -------------------------------------------------------- */

/* A source of TX write-backs (wb_count): what it is, and the least cycles
 * from the write-back before (its shortest frame's wire time). */
enum wb_kind {
	WB_RTP, WB_RTP_REST, WB_ECHO, WB_REP_RT, WB_REP_GP, WB_CALL_RTP, WB_CALL_GP, WB_CALL_BILL,
	WB_BULK, WB_BULK_REST
};
#define WB_RTP_EACH 60u   /* RTP items counted one by one; the rest as one source */
#define WB_BULK_EACH 60u  /* bulk items alike */
/* every source there can be: the RTP items, their rest, the echo, the
 * replayed RT and GP frames, the calls' RTP, SIP and billing, the bulk
 * items and their rest */
#define WB_CAP (WB_RTP_EACH + 1u + 3u + 3u + WB_BULK_EACH + 1u)

struct wb_def {
	enum wb_kind kind;
	size_t idx;            /* the RTP or bulk item */
	uint64_t per;
};

/* The parts of RT's demand in a busy window (demand_all). */
struct all_parts {
	uint64_t n_irq, c_in, tx_irq, tx_desc, n_rtp, c_rtp, c_echo, c_rep, n_proxy, c_proxy, c_ctl;
	uint64_t n_crt, c_crt, c_cctl;   /* generated calls: RT's RTP, port messages */
	bool px_by_gp;   /* proxy-tx's jobs bounded by what GP's queues hold (gp_offered) */
};

struct an {
	const struct scenario *sc;
	const struct costs *c;
	uint64_t hz;
	/* dispatcher supply */
	bool tdma;
	bool ch2_fills;        /* channel 2 may gain GP's frames while RT works:
	                          tdma (GP's slices), split (GP's own processor),
	                          a channel bus (frames in flight land) */
	uint64_t block;        /* priority: world switches before RT runs */
	uint64_t F, Q;         /* tdma: frame, RT's useful slice */
	uint64_t mid;          /* tdma: one world switch inside RT's slice, once a
	                          window (GP may hold the CPU), else 0 */
	/* receive: the capture's accepted frames at their last bit */
	struct seq rx_h;       /* weight: input-thread cycles for the frame */
	struct seq rx_dma;     /* weight: its DMA cycles */
	struct seq rx_tail;    /* weight: an RT frame's work after its sample, INF
	                          for a frame that never ends in rt-rx */
	struct seq rx_echo;    /* RT frames the echo answers: weight = app cycles */
	struct seq rx_gpw;     /* frames that may reach GP: weight = GP's cycles for
	                          them (its proxy, stack, SIP engine; gp_backlog) */
	uint64_t ch_max, dma_max;
	uint64_t rx_dma_min;    /* the capture's shortest DMA (INF: no frame) */
	uint64_t tail_min;     /* least work of an RT frame after its rt-rx sample */
	uint64_t first_gp_t;   /* last bit of the first frame that gives GP work */
	uint64_t last_rt_t;    /* last bit of the last frame that may end in rt-rx */
	bool gp_early;         /* GP work that is not from the capture's frames */
	uint64_t rt_rx_frames; /* frames that may end in rt-rx */
	uint32_t rt_rx_len;    /* longest of them (the echo's length) */
	/* transmit */
	struct seq tx_rep;     /* replayed RT frames: weight = app cycles */
	struct rtp_arr *rtp;
	size_t nrtp;
	uint64_t c_rtp, c_echo, c_rep, c_app;
	uint32_t tx_len;       /* longest RT frame sent */
	uint32_t tx_min;       /* shortest frame sent, RT or GP (UINT32_MAX: none) */
	bool rt_tx;
	bool gp_tx, gp_work;
	uint32_t g_min, g_max; /* GP frame lengths on the transmit path */
	/* GP frames that may be committed to the NIC ahead of an RT frame
	 * (nic.tx_commit) and the wire bytes they hold at most */
	uint64_t gp_ahead, gp_wire_bytes;
	uint64_t n_ctl;        /* control jobs RT runs */
	uint64_t gp_cmds;      /* of them, interface commands typed in GP (timeline) */
	/* results used across classes */
	uint64_t J;            /* last bit -> interrupt taken */
	uint64_t J_tx;         /* TX write-back (last bit out) -> interrupt taken */
	uint64_t tx_gap;       /* least cycles between the starts of two TX-caused
	                          interrupts' pending periods */
	/* what is sent, for the TX completions in a window (demand_tx) */
	uint32_t echo_min;     /* shortest echoed frame (UINT32_MAX: none) */
	uint32_t rep_rt_min;   /* shortest replayed RT frame */
	uint32_t rep_gp_min;   /* shortest replayed GP frame */
	uint64_t rep_gp_n;     /* replayed GP frames */
	struct gaps *echo_gaps, *rep_gaps;   /* grow as they are asked (count_window) */
	struct wb_def wb[WB_CAP];            /* write-back sources, shortest per first */
	size_t nwb;
	/* cost.rt_irq, cost.tx_clean, bus.irq_latency, nic.itr_interval in
	 * cycles, converted once (demand_tx runs in every step) */
	uint64_t cyc_irq, cyc_clean, cyc_irql, cyc_itr;
	uint64_t tx_jit;       /* an RT frame's request to its last bit out, at most
	                          less at least (INF: not known yet) */
	uint64_t run_cycles;   /* run.duration in cycles (INF: none) */
	bool zero_tail;        /* an RT job of 0 cycles may end a busy window (supply_inv) */
	uint64_t tx_free;      /* TX write-back -> its slot cleaned */
	uint64_t rx_bound;
	uint64_t rx_min;       /* least time from an echoed frame's last bit to its
	                          delivery: its DMA and its own work */
	struct rtt_joint {     /* rt-rtt as one stretch (class_tx; cycles 0: none) */
		uint64_t cycles, w, demand, dp, wp, n;
		struct all_parts p;    /* the busy window's parts */
	} rtt;
	/* generated calls (calls.generator; src/callplay.c, the far end a model) */
	bool calls;
	const char *unanalysed;  /* the calls or the capture not analysed: why
	                            (NULL: they are) */
	uint64_t n_calls;      /* calls that may start within the run */
	uint32_t calls_peak;   /* the schedule's peak (callgen_peak), for the printout */
	struct call_grp *cg;   /* by codec and ptime */
	size_t ncg;
	struct far_sip *fsip;  /* per call */
	uint64_t far_jit;      /* an injected frame's last bit after its instant and
	                          its own wire time, at most: queued on the receive wire */
	uint64_t far_per;      /* least cycles between two last bits on the receive wire */
	uint64_t far_dma;      /* least cycles from a far frame's last bit to its DMA done */
	uint32_t far_sip_max;  /* the far end's longest SIP frame */
	uint64_t c_far_rtp, c_far_sip;   /* input-thread work per frame, largest */
	uint64_t c_far_rtp_rt;  /* an RTP packet's that ends in rt-rx: read, deliver */
	uint64_t d_far_rtp, d_far_sip;   /* DMA per frame, largest */
	uint64_t n_ctl_calls;  /* the calls' port messages RT applies */
	uint64_t gp_calls;     /* GP frames the calls send: SIP and billing */
	uint32_t gp_calls_min, gp_calls_max;
	uint32_t gp_sip_min;   /* GP's shortest SIP frame of the calls */
	uint32_t bill_min;     /* the shortest billing record */
	uint64_t n_bill;       /* billing records: one a call */
	uint64_t gp_total;     /* GP frames sent in the whole run (INF: no limit known) */
	uint64_t gp_calls_pend;   /* the calls' GP frames that may be on GP's way out at once */
	uint64_t gp_pend;      /* GP frames that may be on GP's way out at once (INF: no
	                          limit known) */
	uint64_t gp_bulk_bytes;   /* wire bytes of the bulk frames that may be on their way
	                             out at once (INF: not bounded; gp_backlog) */
	uint64_t gp_busy;      /* a bulk frame leaves the wire within this many cycles of
	                          being made (0: not bounded; gp_backlog) */
	uint64_t sip_msgs;     /* the capture's SIP messages that may claim a port */
	char keybuf[160];      /* rx_keys' answer */
};

static uint64_t C(const struct an *a, enum cost_id id) { return cost_cycles(a->c, id); }

/* Least time the dispatcher needs to give RT x cycles (the supply bound
 * function's inverse). priority: the blocking, then all of it; tdma: RT's
 * useful slice Q of each frame F, after the worst gap F - Q. Every window
 * asked about holds a job, and a job of 0 cycles still waits to be
 * dispatched (the CPU ends it when RT gets the processor): x = 0 is the
 * blocking, or the gap. (It was 0: with every RT cost of a window at 0
 * cycles a run under tdma waited 499 us for RT's slice past a bound of
 * 1635 cycles; found by review, 2026-12-07.) */
static uint64_t supply_raw(const struct an *a, uint64_t x)
{
	if (x == INF)
		return INF;
	if (!a->tdma)
		return sat_add(a->block, x);
	if (x == 0)
		return sat_add(a->F - a->Q, a->mid);
	uint64_t k = (x - 1) / a->Q, r = (x - 1) % a->Q + 1;
	return sat_add(sat_add(sat_add(a->F - a->Q, a->mid), sat_mul(k, a->F)), r);
}

/* With a job of 0 cycles that may come last (zero_tail), x cycles are not
 * enough: that job still needs RT to hold the processor at the instant its
 * work before ends, and under TDMA that instant may be the slice's end,
 * which is GP's: it waits for the next slice (review n38: rt_deliver 0
 * after a handler and an input that filled RT's slice, rt-rx 15000 cycles
 * against a bound of 10000). The earliest t with x cycles delivered and RT
 * on the processor at t is S^-1(x + 1) - 1: cycle [t, t + 1) is RT's, so
 * x + 1 are delivered by t + 1, and no earlier t has both. Without such a
 * job, S^-1(x); under priority and split the two are the same. */
static uint64_t supply_inv(const struct an *a, uint64_t x)
{
	if (!a->zero_tail || x == INF)
		return supply_raw(a, x);
	uint64_t t = supply_raw(a, sat_add(x, 1));
	return t == INF ? INF : t - 1;
}

/* "s" for a count other than one, in a term's name */
static const char *s_of(uint64_t n) { return n == 1 ? "" : "s"; }

static void term(struct bound_class *b, uint64_t cyc, const char *key, const char *fmt, ...)
{
	if (b->nt == BOUND_MAX_TERMS)
		return;
	struct bound_term *t = &b->t[b->nt++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->name, sizeof t->name, fmt, ap);
	va_end(ap);
	snprintf(t->key, sizeof t->key, "%s", key);
	t->cycles = cyc;
	b->cycles = sat_add(b->cycles, cyc);
}

static void none(struct bound_class *b, enum bound_status s, const char *fmt, ...)
{
	va_list ap;
	b->status = s;
	b->nt = 0;
	b->cycles = 0;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof b->why, fmt, ap);
	va_end(ap);
}

/* One of gp.sip_ports, which GP's SIP engine serves (as gpside_is_sip_port). */
static bool sip_port(const struct scenario *sc, uint16_t p)
{
	for (size_t i = 0; i < sc->n_sip_ports; i++)
		if (sc->sip_ports[i] == p)
			return true;
	return false;
}

/* capture_sip's pass: the SIP messages read so far. */
struct cap_sip {
	uint8_t *claimable;
	struct sip_msg *m;
	uint64_t n;
	uint64_t n_tcp;       /* of n, cut from TCP */
	uint64_t tcp_most;    /* the most messages TCP's segments may end */
	uint64_t n_frag;      /* UDP fragments (each may end a datagram) */
	bool blind;           /* a TCP segment found no room: any port */
};

/* One SIP message (a UDP payload, or one cut from a TCP stream): its SDP
 * media port and RTCP port + 1 become claimable. */
static void cap_sip_msg(void *ctx, const uint8_t *p, size_t len)
{
	struct cap_sip *cs = ctx;
	sip_parse(p, len, cs->m);
	if (!cs->m->has_media || !cs->m->media.port)
		return;
	cs->n++;
	unsigned q = cs->m->media.port;
	cs->claimable[q >> 3] |= (uint8_t)(1u << (q & 7));
	if (q < 65535)
		cs->claimable[(q + 1) >> 3] |= (uint8_t)(1u << ((q + 1) & 7));
}

/* GP's SIP engine claims for RT only the media ports an SDP names (and
 * each one's RTCP port + 1): a first pass over the capture's SIP (UDP to or
 * from one of gp.sip_ports, and TCP to or from one, each connection
 * direction's bytes cut into messages by src/siptcp.c as the engine does,
 * and UDP in IP fragments made whole by src/ipfrag.c as GP's stack does)
 * marks them in `claimable` (65536 bits). Every such frame is read, sent
 * or received, accepted or not: the engine's are among them. More TCP
 * connections than the engine's may be open at once here (the NIC drops
 * some): a segment siptcp has no room for may be one the engine frames,
 * and the rest of its stream be lost here, so then every port is
 * claimable and each TCP segment counts for as many messages as may end
 * in it (one per 20 bytes, as gp_rx_work).
 * Returns the number of SIP messages with such a port: only those can
 * start or move a claim. Each causes at most six port messages RT
 * applies: the two relinquishes of a move, its two claims, and the two
 * relinquishes that end those claims later (BYE, CANCEL, error, timeout).
 * UINT64_MAX when out of memory (a pass that read nothing would claim
 * nothing). */
static uint64_t capture_sip(const struct scenario *sc, uint8_t *claimable)
{
	char err[256];
	struct capin *c = sc->trace ? capin_open_ex(sc->trace, sc->mac, CAPIN_OTHER_LINK, err,
	                                            sizeof err) : NULL;
	if (!c)
		return 0;
	struct capin_frame cf;
	struct cap_sip cs = {claimable, malloc(sizeof *cs.m), 0, 0, 0, 0, false};
	struct siptcp *tcp = siptcp_create();
	struct ipfrag *frag = ipfrag_create();
	bool oom = !cs.m || !tcp || !frag;
	while (!oom && capin_next(c, &cf, err, sizeof err) == 1) {
		if (cf.other_link)
			continue;
		struct frame_info fi;
		frame_parse(cf.data, cf.caplen, cf.wirelen, &fi);
		const uint8_t *u;
		size_t len;
		uint16_t sport, dport;
		if (ipfrag_is_udp(&fi)) {   /* as GP's stack */
			cs.n_frag++;
			if ((u = ipfrag_add_udp(frag, cf.data, cf.caplen, &fi, &sport, &dport, &len)) &&
			    (sip_port(sc, sport) || sip_port(sc, dport)))
				cap_sip_msg(&cs, u, len);
			continue;
		}
		if (fi.l4_status != FRAME_OK || !(sip_port(sc, fi.sport) || sip_port(sc, fi.dport)))
			continue;
		if (fi.l4 == L4_TCP) {
			struct siptcp_stats st0, st1;
			uint64_t n0 = cs.n;
			siptcp_stats(tcp, &st0);
			siptcp_segment(tcp, cf.data, cf.caplen, &fi, cap_sip_msg, &cs);
			siptcp_stats(tcp, &st1);
			cs.n_tcp += cs.n - n0;
			cs.tcp_most += cf.wirelen > fi.l4_off ? (cf.wirelen - fi.l4_off) / 20 + 1 : 1;
			cs.blind |= st1.no_room > st0.no_room;
			continue;
		}
		u = fi.l4 == L4_UDP && !fi.ip_nonfirst_fragment
		    ? frame_udp_payload(cf.data, cf.caplen, &fi, &len) : NULL;
		if (u)
			cap_sip_msg(&cs, u, len);
	}
	/* This pass puts every frame of the capture through one reassembler
	 * and one TCP framer; the engine puts through GP's only the frames it
	 * receives (and GP's own through others). A fragment or segment the
	 * engine never sees may spoil here a datagram or a stream that it
	 * makes whole (an overlap drops the datagram, a stray segment makes a
	 * gap): then any port may be claimed, and each UDP fragment may end a
	 * message (found by review, 2026-12-07). */
	struct ipfrag_stats fs = {0};
	struct siptcp_stats ts = {0};
	if (frag)
		ipfrag_stats(frag, &fs);
	if (tcp)
		siptcp_stats(tcp, &ts);
	bool spoilt_udp = fs.bad || fs.evicted;
	bool spoilt_tcp = ts.gap || ts.dup || ts.overflow || ts.unframed || ts.cut;
	siptcp_destroy(tcp);
	ipfrag_destroy(frag);
	free(cs.m);
	capin_close(c);
	if (oom)
		return UINT64_MAX;
	if (!cs.blind && !spoilt_udp && !spoilt_tcp)
		return cs.n;
	memset(claimable, 0xff, 8192);
	uint64_t n = cs.n;
	if (cs.blind || spoilt_tcp)
		n = n - cs.n_tcp + cs.tcp_most;
	if (spoilt_udp)
		n += cs.n_frag;
	return n;
}

static bool claimable_port(const uint8_t *b, uint16_t p)
{
	return b && (b[p >> 3] >> (p & 7)) & 1;
}

/* GP's cycles for a received frame that reaches it (src/gpside.c): its
 * proxy driver, stack and delivery (and the ARP update), and with GP's SIP
 * engine on, for SIP (UDP or TCP to or from one of gp.sip_ports), each
 * message's parse: one a datagram, at most one per 20 bytes of a TCP
 * segment (a message is longer; several may end in one segment), and one
 * for each IP fragment of UDP (its ports may be in another fragment, and
 * any fragment may be the one that makes a SIP datagram whole). */
static uint64_t gp_rx_work(const struct scenario *sc, const struct frame_info *fi,
                           uint32_t wirelen)
{
	const uint64_t *v = sc->costs.v;
	uint64_t w = v[C_GP_PROXY_RX] + v[C_GP_STACK_RX] + v[C_GP_DELIVER] + v[C_ARP_UPDATE];
	if (sc->calls_sip == CALLS_SIP_OFF)
		return w;
	if (ipfrag_is_udp(fi))   /* any may end a SIP */
		return w + v[C_SIP_PARSE] + v[C_SIP_CALL] + v[C_SDP_PARSE];   /* datagram (ipfrag.c) */
	if (fi->l4_status != FRAME_OK || (fi->l4 != L4_UDP && fi->l4 != L4_TCP))
		return w;
	if (!sip_port(sc, fi->sport) && !sip_port(sc, fi->dport))
		return w;
	uint64_t msgs = fi->l4 == L4_TCP && wirelen > fi->l4_off ? (wirelen - fi->l4_off) / 20 + 1 : 1;
	return w + msgs * (v[C_SIP_PARSE] + v[C_SIP_CALL] + v[C_SDP_PARSE]);
}

/* Whether the frame's source is a MAC the host has at some time: its own
 * or one the timeline gives it. The engine takes a frame as the host's own
 * (N0) by the MAC the host has when the frame is read (input.c). */
static bool host_mac_ever(const struct scenario *sc, const struct frame_info *fi)
{
	if (!fi->has_src)
		return false;
	if (frame_mac_equal(fi->src, sc->mac))
		return true;
	for (size_t i = 0; i < sc->n_tl; i++)
		if (sc->tl[i].kind == TL_MAC && frame_mac_equal(fi->src, sc->tl[i].mac))
			return true;
	return false;
}

/* Read the capture as the engine does (T3 times, N0 own frames, the wire)
 * and record each frame's arrival and RT cost. */
static int scan_capture(struct an *a, char *err, size_t errlen)
{
	const struct scenario *sc = a->sc;
	bool nic_changes = false, port_changes = false, mac_changes = false;
	for (size_t i = 0; i < sc->n_tl; i++) {
		enum scen_tl_kind k = sc->tl[i].kind;
		mac_changes |= k == TL_MAC;
		if (k == TL_RELINQUISH || k == TL_CLAIM || k == TL_GP_BIND || k == TL_GP_UNBIND)
			port_changes = true;
		else if (k != TL_IPV4 && k != TL_IPV6)
			nic_changes = true;
	}
	/* GP's SIP engine (issue 12): a call's claims make the media ports its
	 * SDPs name RT's for a while: those may go either way; and RT applies
	 * up to six port messages per SIP message with an SDP media port. */
	struct nic_cfg nc;
	nicdev_cfg(sc, &nc);
	nc.rx_ring = nc.tx_ring = 1;     /* the filter alone: no timing, no queues */
	struct nic *nic = nic_create(&nc);
	struct ports *ports = ports_create();
	struct capin *cap = NULL;
	int rc = 2;
	uint16_t bad;
	uint8_t *claimable = NULL;
	if (sc->calls_sip != CALLS_SIP_OFF) {
		claimable = calloc(8192, 1);
		if (!claimable)
			goto nomem;
		a->sip_msgs = capture_sip(sc, claimable);
		if (a->sip_msgs == UINT64_MAX)
			goto nomem;
		a->n_ctl += 6 * a->sip_msgs;
		/* a message with a media port, received or GP's own (input.c
		 * sip_own), makes GP's engine claim ports for RT: GP's control
		 * thread works then, and again when a call ends or times out,
		 * whenever that is (found by review, 2026-12-07) */
		if (a->sip_msgs)
			a->gp_work = a->gp_early = true;
	}
	if (!nic || !ports || ports_boot(ports, sc->rt_ports, sc->n_rt_ports, &bad) != PORTS_OK) {
		snprintf(err, errlen, "cannot set up the model");
		goto out;
	}
	for (size_t i = 0; i < sc->n_gp_ports; i++)
		ports_gp_bind(ports, sc->gp_ports[i]);
	if (sc->calls_sip != CALLS_SIP_OFF)     /* GP's SIP engine's, as node.c binds them */
		for (size_t i = 0; i < sc->n_sip_ports; i++)
			ports_gp_bind(ports, sc->sip_ports[i]);
	cap = capin_open_ex(sc->trace, sc->mac, CAPIN_OTHER_LINK, err, errlen);
	if (!cap)
		goto out;
	struct wire w;
	wire_init(&w, a->hz, a->c->v[C_LINK_BPS]);
	uint64_t end = a->run_cycles;
	const uint64_t *v = a->c->v;
	uint64_t read = v[C_RT_INPUT] + v[C_CLASSIFY];
	struct capin_frame cf;
	struct capin_clock clock;       /* the engine's arrivals, exactly (input.c) */
	capin_clock_init(&clock, a->hz, sc->trace_offset_ps);
	uint64_t prev_t = 0;
	int got;
	while ((got = capin_next(cap, &cf, err, errlen)) == 1) {
		if (cf.other_link)
			continue;       /* skip other-link, no part in the timing (input.c) */
		uint64_t at, ns;
		if (!capin_clock_cycle(&clock, &cf, &at, &ns)) {
			/* the engine refuses the run there (input.c): so does the
			 * bound, rather than bound the frames before it alone */
			capin_clock_refusal(&clock, &cf, sc->trace, err, errlen);
			goto out;
		}
		struct frame_info fi;
		frame_parse(cf.data, cf.caplen, cf.wirelen, &fi);
		bool own = cf.dir == CAPIN_DIR_OUT || nic_is_own_tx(nic, &fi);
		if (at >= end)
			continue;
		if (mac_changes && cf.dir != CAPIN_DIR_OUT && host_mac_ever(sc, &fi))
			a->unanalysed = "the timeline changes host.mac and the capture holds frames from "
			                "a MAC the host has at some time: whether each is the host's own "
			                "(N0, not received) depends on when it arrives";
		if (own) {
			if (!sc->replay_tx)
				continue;
			uint64_t t = max64(at, prev_t);
			prev_t = t;
			bool udp = fi.l4 == L4_UDP && fi.l4_status == FRAME_OK && !fi.ip_nonfirst_fragment;
			bool rt = udp && ports_is_rt(ports, fi.sport);
			bool maybe_rt = rt || (udp && (port_changes || claimable_port(claimable, fi.sport)));
			bool maybe_gp = !rt || port_changes;
			if (maybe_rt) {
				if (seq_add(&a->tx_rep, t, a->c_rep) < 0)
					goto nomem;
				a->rt_tx = true;
				a->tx_len = (uint32_t)max64(a->tx_len, cf.wirelen);
				a->tx_min = (uint32_t)min64(a->tx_min, cf.wirelen);
				a->rep_rt_min = (uint32_t)min64(a->rep_rt_min, cf.wirelen);
			}
			if (maybe_gp) {
				a->rep_gp_min = (uint32_t)min64(a->rep_gp_min, cf.wirelen);
				a->rep_gp_n++;
				a->gp_tx = a->gp_work = a->gp_early = true;
				a->g_min = (uint32_t)min64(a->g_min, cf.wirelen);
				a->g_max = (uint32_t)max64(a->g_max, cf.wirelen);
				a->tx_min = (uint32_t)min64(a->tx_min, cf.wirelen);
			}
			continue;
		}
		uint64_t last;
		wire_send(&w, at, cf.wirelen, NULL, &last);
		prev_t = last;
		if (!nic_changes && nic_filter(nic, &fi) >= 0)
			continue;       /* never accepted: no DMA, no CPU */
		/* the input thread: read + classify, then the decision's step */
		uint64_t copy = ring_copy_cycles(cf.wirelen, v[C_PROXY_FIXED], v[C_PROXY_PER_BYTE]) +
		                v[C_CROSS_IRQ];
		uint64_t c_rt = v[C_RT_DELIVER], c_both = v[C_ARP_UPDATE] + copy, c_gp = copy;
		bool can_rt, can_both, can_gp;
		uint16_t port = 0;
		if (port_changes || nic_changes) {
			can_rt = can_both = can_gp = true;
		} else {
			struct classify_result cr = classify_frame(&fi, ports);
			can_rt = cr.decision == DEC_RT;
			can_both = cr.decision == DEC_BOTH;
			can_gp = cr.decision == DEC_GP;
			port = cr.port;
			/* a call's claimed port: RT's while claimed, GP's before and after */
			if (can_gp && fi.l4 == L4_UDP && fi.l4_status == FRAME_OK &&
			    !fi.ip_nonfirst_fragment && claimable_port(claimable, fi.dport)) {
				can_rt = true;
				port = fi.dport;
			}
		}
		uint64_t ch = read + max64(can_rt ? c_rt : 0, max64(can_both ? c_both : 0,
		                                                    can_gp ? c_gp : 0));
		uint64_t dma = cost_dma_cycles(a->c, cf.wirelen);
		uint64_t own_c = read + max64(can_rt ? c_rt : 0, can_both ? v[C_ARP_UPDATE] : 0);
		if (seq_add(&a->rx_h, last, ch) < 0 || seq_add(&a->rx_dma, last, dma) < 0 ||
		    seq_add(&a->rx_tail, last, can_rt || can_both ? ch - own_c : INF) < 0)
			goto nomem;
		a->ch_max = max64(a->ch_max, ch);
		a->dma_max = max64(a->dma_max, dma);
		a->rx_dma_min = min64(a->rx_dma_min, dma);
		if ((can_both || can_gp) && seq_add(&a->rx_gpw, last, gp_rx_work(sc, &fi, cf.wirelen)) < 0)
			goto nomem;
		if (can_both || can_gp) {
			a->gp_work = true;
			a->first_gp_t = min64(a->first_gp_t, last);
		}
		if (can_rt || can_both) {
			a->tail_min = min64(a->tail_min, ch - own_c);
			a->last_rt_t = last;
			a->rt_rx_frames++;
			a->rt_rx_len = (uint32_t)max64(a->rt_rx_len, cf.wirelen);
		}
		bool echo = can_rt && sc->echo.enabled &&
		            (sc->echo.port == 0 || port_changes || nic_changes || sc->echo.port == port);
		if (echo) {
			a->rx_min = min64(a->rx_min, dma + read + c_rt);
			if (seq_add(&a->rx_echo, last, a->c_echo) < 0)
				goto nomem;
			a->rt_tx = true;
			a->tx_len = (uint32_t)max64(a->tx_len, cf.wirelen);
			a->tx_min = (uint32_t)min64(a->tx_min, cf.wirelen);
			a->echo_min = (uint32_t)min64(a->echo_min, cf.wirelen);
		}
	}
	if (got < 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, "out of memory reading %s", sc->trace);
out:
	free(claimable);
	if (cap)
		capin_close(cap);
	if (nic)
		nic_destroy(nic);
	if (ports)
		ports_destroy(ports);
	return rc;
}

/* ---- generated calls ------------------------------------------------------- */

static uint64_t wb_per(const struct an *a, uint32_t len);
typedef uint64_t (*demand_fn)(const struct an *a, uint64_t w);
static uint64_t fixed_point(const struct an *a, demand_fn f, bool cpu, uint64_t w0, uint64_t cap);

/* A least gap in cycles between two instants the engine derives from ps
 * (instants round down, delays up): the ps rounded down, less one. */
static uint64_t gap_cyc(const struct an *a, uint64_t ps)
{
	uint64_t c = cost_ps_to_cycles_floor(a->c, ps);
	return c ? c - 1 : 0;
}

static uint64_t diff64(uint64_t x, uint64_t y) { return x > y ? x - y : y - x; }

/* The far end's SIP of one call in time order and the least gaps between
 * them (src/callplay.c's instants; out = a GP frame's last bit out):
 *  - GP places it: 100, 180, 200 at out(INVITE) + d100, d180, d200; then
 *    the BYE at A + hold (A: the 200's arrival), or the 200 to GP's BYE,
 *    sent at A + hold, bye_ok after it left the wire;
 *  - the far end places it: the INVITE; GP's 200 leaves (A) at least d200
 *    after it; the ACK at A + ack; the BYE at A + hold, or the 200 to
 *    GP's BYE at A + hold + more: ACK and BYE in either order. */
static void far_sip_of(const struct an *a, const struct callgen_call *k, struct far_sip *f)
{
	const struct callgen_cfg *g = &a->sc->gen;
	memset(f, 0, sizeof *f);
	if (k->outgoing) {
		f->n = 4;
		f->gap[0] = gap_cyc(a, g->d180_ps - g->d100_ps);
		f->gap[1] = gap_cyc(a, g->d200_ps - g->d180_ps);
		f->gap[2] = gap_cyc(a, k->hold_ps);
		return;
	}
	f->n = 3;
	f->gap[0] = gap_cyc(a, g->d200_ps + min64(g->dack_ps, k->hold_ps));
	if (k->far_hangs_up)
		f->gap[1] = gap_cyc(a, diff64(k->hold_ps, g->dack_ps));
	else
		f->gap[1] = k->hold_ps >= g->dack_ps ? gap_cyc(a, k->hold_ps - g->dack_ps) : 0;
}

/* The longest and shortest frame of message kinds ms[0..n) of call k sent
 * by the gateway or the far end, over the gateway's possible addresses. */
static void sip_lens(const struct an *a, const struct callgen_call *k, bool by_gw,
                     const enum callmsg *ms, size_t n, uint32_t *lo, uint32_t *hi)
{
	const struct scenario *sc = a->sc;
	bool moves = false;
	for (size_t i = 0; i < sc->n_tl; i++)
		moves = moves || sc->tl[i].kind == TL_IPV4;
	/* a timeline may give the gateway any address: the longest and the
	 * shortest text */
	const uint32_t addr[3] = {sc->ipv4, 0xffffffffu, 0x01010101u};
	struct callmsg_ends e;
	memset(&e, 0, sizeof e);
	e.far_ipv4 = sc->far_ipv4;
	e.gw_sip_port = sc->n_sip_ports ? sc->sip_ports[0] : 5060;
	e.far_sip_port = sc->far_sip_port;
	uint8_t f[2048];
	for (size_t j = 0; j < (moves ? 3u : 1u); j++) {
		e.gw_ipv4 = addr[j];
		for (size_t i = 0; i < n; i++) {
			uint32_t len = (uint32_t)callmsg_sip(&e, k, ms[i], by_gw, 1, f, sizeof f);
			*lo = (uint32_t)min64(*lo, len);
			*hi = (uint32_t)max64(*hi, len);
		}
	}
}

/* The billing record's frame (src/callplay.c): its start is the answer in
 * ns, at least 0 and before the run's end. */
static uint32_t bill_len(const struct an *a, const struct callgen_call *k, bool longest)
{
	struct callgen_call b = *k;
	uint64_t end = a->sc->duration_ps ? a->sc->duration_ps : INF;
	b.t_200 = longest ? min64(end, INF - k->hold_ps) : 0;
	b.t_bye = b.t_200 + k->hold_ps;
	char text[256];
	int tl = callgen_billing(&b, text, sizeof text);
	size_t len = tl < 0 ? 0 : min64((size_t)tl, sizeof text - 1);
	uint8_t f[512], ip[16];
	callmsg_ip4(a->sc->ipv4, ip);
	return (uint32_t)frame_build_tcp(f, sizeof f, a->sc->bill_mac, a->sc->mac, false, ip, ip,
	                                 49152, a->sc->bill_port, 1, 1, 0x18, (const uint8_t *)text,
	                                 len, 1);
}

/* The most GP frames of call k that may be on GP's way out at once (sent
 * by GP's SIP engine or billing, not yet on the wire), whatever GP's
 * response time: a frame sent only after the far end answered another of
 * GP's frames, or after a timer from such an answer, cannot be out with
 * it; GP's SIP leaves in the order its engine sends it (one queue, then
 * GP's one transmit path). GP places the call: the INVITE alone; then the
 * ACK (the far end's 200 handled) with the BYE at the hang-up, the
 * billing only after the far end's 200 to that BYE, which answers the BYE
 * on the wire (2); or, the far end hanging up, the ACK with the 200 to its
 * BYE and the billing record (3). The far end places it: 100, 180 and 200
 * (timers from its INVITE handled: 3); then the BYE, sent at the hang-up
 * counted from the 200's last bit out, and the billing after the far
 * end's answer to it; or the 200 to the far end's BYE and the billing (2). */
static uint64_t gp_pending_max(const struct callgen_call *k)
{
	return k->outgoing && !k->far_hangs_up ? 2u : 3u;
}

static int cmp_grp(const void *x, const void *y)
{
	const struct call_grp *p = x, *q = y;
	if (p->period_ps != q->period_ps)
		return p->period_ps < q->period_ps ? -1 : 1;
	return (p->len > q->len) - (p->len < q->len);
}

static uint64_t far_wire(const struct an *a, uint32_t len)
{
	return wire_muldiv_ceil(wire_bytes(len) * 8, a->hz, a->c->v[C_LINK_BPS]);
}

/* The longest time a far-end frame waits on the receive wire: the wire's
 * longest busy period, the least fixed point of b = the wire time of
 * every frame injected within b (instants as the engine sets them,
 * before any wait). INF when it does not end. */
static uint64_t f_far_wire(const struct an *a, uint64_t b)
{
	uint64_t nb = 0;
	for (size_t i = 0; i < a->ncg; i++)
		nb = sat_add(nb, sat_mul(grp_window(&a->cg[i], b, a->hz), far_wire(a, a->cg[i].len)));
	for (size_t i = 0; i < a->n_calls; i++)
		nb = sat_add(nb, sat_mul(far_sip_window(&a->fsip[i], b), far_wire(a, a->far_sip_max)));
	return nb;
}

static uint64_t far_busy(const struct an *a)
{
	uint64_t b = far_wire(a, a->far_sip_max);
	for (size_t i = 0; i < a->ncg; i++)
		b = max64(b, far_wire(a, a->cg[i].len));
	/* no cap but the arithmetic's: a busy period longer than a second is
	 * still one (ten G.711 calls fill 0.952 of 1 Mbit/s); a load above
	 * the link's passes any cap within a few hundred steps */
	return fixed_point(a, f_far_wire, false, b, INF / 4);
}

/* The generated calls' traffic: their schedule (callgen, as the run
 * makes it), every call that may start before the run's end, its RTP both
 * ways, the far end's SIP, GP's SIP and billing record, RT's port
 * messages. A call's answer and claim come later than the schedule's by
 * GP's processing, which has no bound here: so every call is taken as
 * possibly in progress with any other (not callgen_peak), each at any
 * phase. */
static int scan_calls(struct an *a, char *err, size_t errlen)
{
	const struct scenario *sc = a->sc;
	const uint64_t *v = a->c->v;
	struct callgen *g = callgen_create(&sc->gen, err, errlen);
	if (!g)
		return 2;
	size_t n = callgen_count(g);
	a->calls_peak = callgen_peak(g);
	a->fsip = calloc(n ? n : 1, sizeof *a->fsip);
	a->cg = calloc(n ? n : 1, sizeof *a->cg);
	if (!a->fsip || !a->cg) {
		callgen_destroy(g);
		snprintf(err, errlen, "out of memory");
		return 2;
	}
	uint64_t end = a->run_cycles;
	uint32_t far_lo = UINT32_MAX, far_hi = 0, rtp_lo = UINT32_MAX;
	uint32_t gp_lo = UINT32_MAX, gp_hi = 0, bill_lo = UINT32_MAX;
	uint64_t read = v[C_RT_INPUT] + v[C_CLASSIFY];
	a->c_far_rtp_rt = read + v[C_RT_DELIVER];
	for (size_t i = 0; i < n; i++) {
		const struct callgen_call *k = callgen_get(g, i);
		if (cost_ps_to_cycles_floor(a->c, k->t_invite) >= end)
			continue;            /* never starts (src/callplay.c: sched) */
		far_sip_of(a, k, &a->fsip[a->n_calls++]);
		static const enum callmsg gp_out[] = {CM_INVITE, CM_ACK, CM_BYE, CM_BYE_OK};
		static const enum callmsg gp_in[] = {CM_100, CM_180, CM_200, CM_BYE, CM_BYE_OK};
		static const enum callmsg far_out[] = {CM_100, CM_180, CM_200, CM_BYE, CM_BYE_OK};
		static const enum callmsg far_in[] = {CM_INVITE, CM_ACK, CM_BYE, CM_BYE_OK};
		sip_lens(a, k, true, k->outgoing ? gp_out : gp_in, k->outgoing ? 4 : 5, &gp_lo, &gp_hi);
		sip_lens(a, k, false, k->outgoing ? far_out : far_in, k->outgoing ? 5 : 4, &far_lo,
		         &far_hi);
		bill_lo = (uint32_t)min64(bill_lo, bill_len(a, k, false));
		gp_hi = (uint32_t)max64(gp_hi, bill_len(a, k, true));
		a->gp_calls += (k->outgoing ? 3u : 4u) + 1u;     /* SIP, then billing */
		a->n_bill++;            /* one record (src/callplay.c: bill) */
		a->gp_calls_pend += gp_pending_max(k);
		a->n_ctl_calls += 4;     /* claim RTP + RTCP port, relinquish both */
		if (!k->packets)
			continue;
		struct callmsg_ends e;
		memset(&e, 0, sizeof e);
		uint8_t f[1600];
		uint32_t len = (uint32_t)callmsg_rtp(&e, k, true, 0, f, sizeof f);
		struct call_grp key = {(uint64_t)k->ptime_ms * 1000000000ull, len, 1, k->packets};
		size_t j = 0;
		while (j < a->ncg && cmp_grp(&a->cg[j], &key) != 0)
			j++;
		if (j == a->ncg) {
			a->cg[a->ncg++] = key;
		} else {
			a->cg[j].calls++;
			a->cg[j].packets = sat_add(a->cg[j].packets, k->packets);
		}
		rtp_lo = (uint32_t)min64(rtp_lo, len);
		/* before its claim is applied (and after it ends) a call's RTP is
		 * GP's: copied to GP */
		uint64_t copy = ring_copy_cycles(len, v[C_PROXY_FIXED], v[C_PROXY_PER_BYTE]) +
		                v[C_CROSS_IRQ];
		a->c_far_rtp = max64(a->c_far_rtp, read + max64(v[C_RT_DELIVER], copy));
		a->d_far_rtp = max64(a->d_far_rtp, cost_dma_cycles(a->c, len));
		a->tx_len = (uint32_t)max64(a->tx_len, len);
		a->tx_min = (uint32_t)min64(a->tx_min, len);
		a->rt_tx = true;
	}
	callgen_destroy(g);
	qsort(a->cg, a->ncg, sizeof *a->cg, cmp_grp);
	if (a->n_calls == 0)
		return 0;
	a->calls = true;
	a->gp_sip_min = gp_lo;
	a->bill_min = bill_lo;
	gp_lo = (uint32_t)min64(gp_lo, bill_lo);
	a->gp_calls_min = gp_lo;
	a->gp_calls_max = gp_hi;
	a->c_far_sip = read + ring_copy_cycles(far_hi, v[C_PROXY_FIXED], v[C_PROXY_PER_BYTE]) +
	               v[C_CROSS_IRQ];
	a->d_far_sip = cost_dma_cycles(a->c, far_hi);
	a->far_per = wb_per(a, (uint32_t)min64(far_lo, rtp_lo));
	a->far_dma = cost_dma_cycles(a->c, (uint32_t)min64(far_lo, rtp_lo));
	a->far_sip_max = far_hi;
	a->far_jit = far_busy(a);
	if (a->far_jit == INF)
		a->unanalysed = "the far end's frames keep the receive wire busy without end";
	a->ch_max = max64(a->ch_max, max64(a->c_far_rtp, a->c_far_sip));
	a->dma_max = max64(a->dma_max, max64(a->d_far_rtp, a->d_far_sip));
	a->gp_tx = a->gp_work = a->gp_early = true;     /* GP's SIP engine, billing */
	a->g_min = (uint32_t)min64(a->g_min, gp_lo);
	a->g_max = (uint32_t)max64(a->g_max, gp_hi);
	a->tx_min = (uint32_t)min64(a->tx_min, gp_lo);
	a->tail_min = 0;         /* an RTP frame ends at its sample */
	if (sc->trace)
		a->unanalysed = "a capture together with generated calls: the far end's frames share "
		              "the receive wire with the capture's and move them (not analysed)";
	else if (sc->echo.enabled)
		a->unanalysed = "traffic.echo with generated calls: the echo of the calls' RTP is not "
		              "analysed";
	return 0;
}

/* The most work of at most cap frames, n1 costing c1 and n2 costing c2. */
static uint64_t costliest(uint64_t n1, uint64_t c1, uint64_t n2, uint64_t c2, uint64_t cap)
{
	if (c1 < c2) {
		uint64_t t = n1;
		n1 = n2;
		n2 = t;
		t = c1;
		c1 = c2;
		c2 = t;
	}
	uint64_t k1 = min64(n1, cap), k2 = min64(n2, cap - k1);
	return sat_add(sat_mul(k1, c1), sat_mul(k2, c2));
}

/* The far end's frames whose last bits lie in a closed window of d: its
 * RTP and SIP, each moved by up to far_jit on the receive wire, at most
 * one per far_per; their count, and the most input-thread work and DMA
 * among them. */
struct far_in {
	uint64_t n, rtp, sip, work, dma;
};

static void far_in(const struct an *a, uint64_t d, struct far_in *o)
{
	memset(o, 0, sizeof *o);
	if (!a->calls)
		return;
	uint64_t x = sat_add(d, a->far_jit);
	for (size_t i = 0; i < a->ncg; i++)
		o->rtp = sat_add(o->rtp, grp_window(&a->cg[i], x, a->hz));
	for (size_t i = 0; i < a->n_calls; i++)
		o->sip = sat_add(o->sip, far_sip_window(&a->fsip[i], x));
	uint64_t cap = a->far_per && d != INF ? d / a->far_per + 1 : INF;
	o->n = min64(sat_add(o->rtp, o->sip), cap);
	o->rtp = min64(o->rtp, cap);
	o->sip = min64(o->sip, cap);
	o->work = costliest(o->rtp, a->c_far_rtp, o->sip, a->c_far_sip, cap);
	o->dma = costliest(o->rtp, a->d_far_rtp, o->sip, a->d_far_sip, cap);
}

/* The calls' RTP requests (RT's sender) in a closed window of d. */
static uint64_t call_requests(const struct an *a, uint64_t d)
{
	uint64_t n = 0;
	for (size_t i = 0; i < a->ncg; i++)
		n = sat_add(n, grp_window(&a->cg[i], d, a->hz));
	return n;
}

/* Interrupts taken within a window of d cycles of RT work. */
static uint64_t irqs_in(const struct an *a, uint64_t d)
{
	struct far_in fi;
	far_in(a, sat_add(d, a->J), &fi);
	uint64_t n = sat_add(seq_window(&a->rx_h, sat_add(d, a->J), true), fi.n);
	uint64_t itr = C(a, C_NIC_ITR_INTERVAL);
	if (itr)
		n = min64(n, d / itr + 2);
	return n;
}

/* TX completions: the interrupt handler's runs for TX causes and its
 * clean-up in a busy window of d cycles. The descriptors it cleans there
 * were written back within span = d + J_tx (one written back earlier had
 * its interrupt taken, and its handler run, before the window). Each
 * interrupt with a TX cause needs one of them, and ITR spaces the
 * interrupts; one with a TX cause alone fires at least min(nic.tidv,
 * nic.tadv) after the write-back that made the cause pending (the next one
 * can only start after it): their starts are more than that apart
 * (tx_gap).
 *
 * The write-backs in the span, by source: each source gives at most so
 * many frames of at least so many bytes (wb_src); and the wire sends one
 * frame after another, each write-back at least its frame's wire time
 * (preamble to FCS, and the gap before it) after the one before. RT frames
 * are counted from their requests: one written back in the span was asked
 * for within span + tx_jit (its latency lies between the least and the
 * rt-tx bound). GP frames may have waited in GP's queues for any time, so
 * only their totals (a bulk item's frames, the replayed GP frames) cap
 * them, and the wire. */
static uint64_t wb_per(const struct an *a, uint32_t len)
{
	return wire_muldiv_floor(wire_bytes(len) * 8, a->hz, a->c->v[C_LINK_BPS]);
}

/* A bulk item's frames in the whole run (INF: no end): one every
 * frame_size x 8 / rate from its start, before its end and the run's. */
static uint64_t bulk_total(const struct an *a, const struct scen_bulk *b)
{
	uint64_t d = b->duration_ps ? b->duration_ps : INF;
	if (a->sc->duration_ps)
		d = min64(d, a->sc->duration_ps);
	if (d == INF || b->rate_bps == 0)
		return INF;
	unsigned __int128 per = (unsigned __int128)b->frame_size * 8u * PS_PER_S;  /* / rate */
	unsigned __int128 num = (unsigned __int128)d * b->rate_bps;
	return (uint64_t)(num / per) + 1u;
}

static uint64_t echo_window(const struct an *a, uint64_t d);

/* The write-back sources, sorted once by their least spacing (wb_count
 * asks in every step of every fixed point): the RTP items (the first
 * WB_RTP_EACH one by one, the others as one source whose frames all take
 * the shortest of their wire times: never fewer write-backs), the echo answers, the replayed RT and GP frames, the calls' RTP and GP
 * frames, the bulk items (beyond WB_BULK_EACH as one source, as the RTP
 * items: 67 sources overran the 66 there were room for, and more than 64
 * bulk items left the write-backs unbounded, "the RT busy window does not
 * end"). */
static void wb_setup(struct an *a)
{
	size_t ns = 0;
	struct wb_def *s = a->wb;
	for (size_t i = 0; i < a->nrtp && i < WB_RTP_EACH; i++)
		s[ns++] = (struct wb_def){WB_RTP, i, wb_per(a, a->rtp[i].len)};
	if (a->nrtp > WB_RTP_EACH) {
		uint32_t m = UINT32_MAX;
		for (size_t i = WB_RTP_EACH; i < a->nrtp; i++)
			m = (uint32_t)min64(m, a->rtp[i].len);
		s[ns++] = (struct wb_def){WB_RTP_REST, WB_RTP_EACH, wb_per(a, m)};
	}
	if (a->rx_echo.n)
		s[ns++] = (struct wb_def){WB_ECHO, 0, wb_per(a, a->echo_min)};
	if (a->tx_rep.n)
		s[ns++] = (struct wb_def){WB_REP_RT, 0, wb_per(a, a->rep_rt_min)};
	if (a->rep_gp_n)
		s[ns++] = (struct wb_def){WB_REP_GP, 0, wb_per(a, a->rep_gp_min)};
	if (a->calls) {
		uint32_t m = UINT32_MAX;
		for (size_t i = 0; i < a->ncg; i++)
			m = (uint32_t)min64(m, a->cg[i].len);
		if (a->ncg)
			s[ns++] = (struct wb_def){WB_CALL_RTP, 0, wb_per(a, m)};
		/* GP's SIP and its billing records apart: a record is far
		 * shorter on the wire, and there is one a call */
		s[ns++] = (struct wb_def){WB_CALL_GP, 0, wb_per(a, a->gp_sip_min)};
		s[ns++] = (struct wb_def){WB_CALL_BILL, 0, wb_per(a, a->bill_min)};
	}
	for (size_t i = 0; i < a->sc->n_bulk && i < WB_BULK_EACH; i++)
		s[ns++] = (struct wb_def){WB_BULK, i, wb_per(a, a->sc->bulk[i].frame_size)};
	if (a->sc->n_bulk > WB_BULK_EACH) {
		uint32_t m = UINT32_MAX;
		for (size_t i = WB_BULK_EACH; i < a->sc->n_bulk; i++)
			m = (uint32_t)min64(m, a->sc->bulk[i].frame_size);
		s[ns++] = (struct wb_def){WB_BULK_REST, WB_BULK_EACH, wb_per(a, m)};
	}
	assert(ns <= WB_CAP);
	for (size_t i = 1; i < ns; i++)        /* insertion sort by per */
		for (size_t j = i; j > 0 && s[j - 1].per > s[j].per; j--) {
			struct wb_def t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	a->nwb = ns;
}

/* An RTP item's requests in a window of rspan cycles; with no spread known
 * yet (rspan INF: the first round), those of the whole item, which lie
 * within its duration, or the run's: without that cap the first round
 * took them at the wire's rate, and one G.711 stream's write-backs under a
 * TDMA share of 10% needed more than RT gets, so there was no bound at
 * all (review n30, 2026-12-07). */
static uint64_t rtp_wb(const struct an *a, size_t i, uint64_t rspan)
{
	if (rspan == INF) {
		uint64_t d = a->sc->rtp[i].duration_ps;
		rspan = d ? min64(cost_ps_to_cycles_ceil(a->c, d), a->run_cycles) : a->run_cycles;
	}
	return rtp_window(&a->rtp[i], rspan, a->hz);
}

/* The most frames of one source whose write-backs fall in a window of
 * span (RT frames: requested within rspan). */
static uint64_t wb_n(const struct an *a, const struct wb_def *d, uint64_t rspan)
{
	uint64_t q = 0;
	switch (d->kind) {
	case WB_RTP:
		return rtp_wb(a, d->idx, rspan);
	case WB_RTP_REST:
		for (size_t i = d->idx; i < a->nrtp; i++)
			q = sat_add(q, rtp_wb(a, i, rspan));
		return q;
	case WB_ECHO:       /* with no spread known yet, every echo answer there is */
		return rspan == INF ? a->rx_echo.n
		       : count_window(&a->rx_echo, a->echo_gaps, echo_window(a, rspan));
	case WB_REP_RT:
		return rspan == INF ? a->tx_rep.n : count_window(&a->tx_rep, a->rep_gaps, rspan);
	case WB_REP_GP:
		return a->rep_gp_n;
	case WB_CALL_RTP:        /* with no spread known yet, every packet of the calls */
		for (size_t i = 0; i < a->ncg; i++)
			q = sat_add(q, rspan == INF ? a->cg[i].packets
			                            : min64(a->cg[i].packets, grp_window(&a->cg[i], rspan, a->hz)));
		return q;
	case WB_CALL_GP:
		return a->gp_calls - a->n_bill;
	case WB_CALL_BILL:
		return a->n_bill;
	case WB_BULK:
		return bulk_total(a, &a->sc->bulk[d->idx]);
	case WB_BULK_REST:
		for (size_t i = d->idx; i < a->sc->n_bulk; i++)
			q = sat_add(q, bulk_total(a, &a->sc->bulk[i]));
		return q;
	}
	return INF;
}

/* The most write-backs within a closed window of span cycles: the most
 * frames whose wire times, all but the first's, fit in span, the shortest
 * first (the order among equal spacings does not change the count). Once
 * a source does not fit whole, the count is the frames taken plus the
 * first, below the sources' total: the later sources are not asked. */
static uint64_t wb_count(const struct an *a, uint64_t span)
{
	uint64_t rspan = a->tx_jit == INF ? INF : sat_add(span, a->tx_jit);
	uint64_t n = 0, left = span, all = 0;
	for (size_t i = 0; i < a->nwb; i++) {
		const struct wb_def *d = &a->wb[i];
		uint64_t cnt = wb_n(a, d, rspan);
		all = sat_add(all, cnt);
		uint64_t k = d->per ? min64(cnt, left / d->per) : cnt;
		n = sat_add(n, k);
		left -= d->per ? k * d->per : 0;
		if (k < cnt)
			return sat_add(n, 1);
	}
	return min64(all, sat_add(n, 1));
}

static uint64_t demand_tx(const struct an *a, uint64_t d, uint64_t *n_irq, uint64_t *n_desc)
{
	*n_irq = *n_desc = 0;
	if (a->tx_min == UINT32_MAX)
		return 0;                       /* nothing is ever sent */
	uint64_t span = sat_add(d, a->J_tx);
	*n_desc = wb_count(a, span);
	/* interrupts with a TX cause alone (one with an RX cause too is counted
	 * with RX's): each fires at least min(tidv, tadv) after its cause's
	 * first write-back, which came after the interrupt before: more than
	 * that apart, raised within [s - irq latency, s + d] */
	uint64_t raised = sat_add(d, a->cyc_irql);
	*n_irq = a->tx_gap ? min64(*n_desc, sat_add(raised / a->tx_gap, 1)) : *n_desc;
	uint64_t itr = a->cyc_itr;
	if (itr)
		*n_irq = min64(*n_irq, d / itr + 2);
	return sat_add(sat_mul(*n_irq, a->cyc_irq), sat_mul(*n_desc, a->cyc_clean));
}

/* Receive: the RT interrupt handler and input thread (the two highest RT
 * priorities) in a busy window of length d; the handler's TX completion
 * work too (tx_irq, tx_desc: its runs and the descriptors it cleans; NULL
 * when not wanted). */
static uint64_t demand_h(const struct an *a, uint64_t d, uint64_t *n_irq, uint64_t *c_in,
                         uint64_t *tx_irq, uint64_t *tx_desc)
{
	uint64_t ti, td;
	*n_irq = irqs_in(a, d);
	struct far_in fi;
	far_in(a, sat_add(d, a->J), &fi);
	*c_in = sat_add(seq_window(&a->rx_h, sat_add(d, a->J), false), fi.work);
	uint64_t tx = demand_tx(a, d, &ti, &td);
	if (tx_irq)
		*tx_irq = ti;
	if (tx_desc)
		*tx_desc = td;
	return sat_add(sat_add(sat_mul(*n_irq, C(a, C_RT_IRQ)), *c_in), tx);
}

/* The least fixed point of w = supply_inv(f(w)) from w0, or INF when it
 * passes `cap` or does not settle. */

static uint64_t fixed_point(const struct an *a, demand_fn f, bool cpu, uint64_t w0, uint64_t cap)
{
	uint64_t w = w0;
	for (unsigned i = 0; i < MAX_ITER; i++) {
		uint64_t nw = cpu ? supply_inv(a, f(a, w)) : f(a, w);
		if (nw <= w)
			return w;
		if (nw > cap)
			return INF;
		w = nw;
	}
	return INF;
}

static uint64_t f_h(const struct an *a, uint64_t w)
{
	uint64_t n, c;
	return demand_h(a, w, &n, &c, NULL, NULL);
}

static uint64_t f_dma(const struct an *a, uint64_t w)
{
	struct far_in fi;
	far_in(a, w, &fi);
	return sat_add(seq_window(&a->rx_dma, w, false), fi.dma);
}

/* Requests for the RT application thread in a window of d cycles. */
static uint64_t rtp_requests(const struct an *a, uint64_t d)
{
	uint64_t n = 0;
	for (size_t i = 0; i < a->nrtp; i++)
		n = sat_add(n, rtp_window(&a->rtp[i], d, a->hz));
	return n;
}

/* What GP may have committed to the NIC ahead of an RT frame entering
 * band 0 (model/txs.c): with nic.tx_commit 0, the one frame handed over
 * when the ring was empty; else any frame when nothing is committed, more
 * while the committed lengths stay within nic.tx_commit. So at most
 * k = max(1, tx_commit / g_min) frames, and no more than may be on GP's
 * way out at once (gp_pend: with generated calls and no bulk item, the
 * calls' frames that may be pending together, gp_pending_max), holding on
 * the wire at most max(one g_max frame, min(tx_commit, k x g_max) + k x
 * (preamble, FCS, gap and padding)) bytes: the lengths sum to tx_commit
 * at most and each is at most g_max; each frame adds its overhead. */
static void gp_committed(struct an *a)
{
	uint64_t commit = a->c->v[C_NIC_TX_COMMIT];
	a->gp_ahead = a->gp_wire_bytes = 0;
	if (!a->gp_tx)
		return;
	uint64_t one = wire_bytes(a->g_max);
	uint64_t most = min64(a->gp_total, a->gp_pend);
	if (commit == 0 || commit < (uint64_t)a->g_min * 2 || most < 2) {
		a->gp_ahead = 1;
		a->gp_wire_bytes = one;
		return;
	}
	uint64_t k = min64(commit / a->g_min, most);   /* no more than may be out at once */
	uint64_t over = wire_bytes(a->g_min) - a->g_min;   /* per frame, padding included */
	a->gp_ahead = k;
	a->gp_wire_bytes = max64(one, min64(commit, sat_mul(k, a->g_max)) + k * over);
	/* bulk frames of several sizes, each item's on their way at most
	 * gp_backlog's count: no more than their own wire bytes */
	a->gp_wire_bytes = min64(a->gp_wire_bytes, a->gp_bulk_bytes);
}

/* GP frames handed to the TX ring in a window of d. One at a time when
 * nothing may be committed ahead (nic.tx_commit 0 or below two frames):
 * each holds the ring for at least its DMA and its serialisation. With
 * more committed, up to gp_ahead at once, then one per frame that leaves
 * the wire (its DMA overlaps the frame before). */
static uint64_t gp_handoff_spacing(const struct an *a)
{
	uint64_t ser = wire_muldiv_floor(wire_bytes_to_fcs(a->g_min) * 8, a->hz, a->c->v[C_LINK_BPS]);
	return a->gp_ahead > 1 ? ser : cost_dma_cycles(a->c, a->g_min) + ser;
}

static uint64_t gp_handoffs(const struct an *a, uint64_t d)
{
	uint64_t cyc = gp_handoff_spacing(a);
	if (!cyc)
		return INF;
	return a->gp_ahead > 1 ? sat_add(d / cyc, a->gp_ahead) : d / cyc + 1;
}

/* GP's hand-overs per cycle in the long run (INF when they may come 0
 * cycles apart): the slope of gp_handoffs. The gp_ahead frames committed
 * at once are a one-off burst, in every busy window's demand (proxy_jobs),
 * not a rate: counted as one per 10^9 cycles they made 17.9 M committed
 * 60-byte frames (nic.tx_commit 1 GiB) an RT utilisation of 7.39. */
static long double gp_handoff_rate(const struct an *a)
{
	uint64_t cyc = gp_handoff_spacing(a);
	return cyc ? 1.0L / cyc : (long double)INF;
}

static uint64_t bulk_window(const struct an *a, const struct scen_bulk *b, uint64_t d);

/* GP frames RT's proxy-tx may take in a window of d, from what GP offers:
 * each job takes a frame from channel 2, which held at most proxy.data_in
 * at the window's start, and every other frame entered it in the window.
 * Those were waiting in GP (its application queue, GPSIDE_APPQ_CAP, and
 * the one frame its application thread works on or holds for room) or
 * made in the window: a bulk item's made in a closed window of d
 * (bulk_window), the calls' and replayed GP frames, finitely many, all of
 * them. One more for a job under way as the window opens. So a burst of
 * what GP's queues held, then the items' rates: GP's queues may release
 * frames faster than an item makes them, never more than they hold. */
static uint64_t gp_offered(const struct an *a, uint64_t d)
{
	uint64_t n = a->c->v[C_PROXY_DATA_IN] + GPSIDE_APPQ_CAP + 2;
	n = sat_add(n, sat_add(a->gp_calls, a->rep_gp_n));
	for (size_t i = 0; i < a->sc->n_bulk; i++)
		n = sat_add(n, bulk_window(a, &a->sc->bulk[i], d));
	return n;
}

/* GP frames its bulk items make per cycle in the long run (the slope of
 * gp_offered; the rest of GP's frames are finitely many). */
static long double gp_offered_rate(const struct an *a)
{
	long double r = 0;
	for (size_t i = 0; i < a->sc->n_bulk; i++)
		r += (long double)a->sc->bulk[i].rate_bps /
		     ((long double)a->sc->bulk[i].frame_size * 8 * a->hz);
	return r;
}

/* In a window of d of RT's busy period (rt_busy), else in any window of d
 * (gp_way_demand: GP runs in it). */
static uint64_t proxy_jobs(const struct an *a, uint64_t d, bool rt_busy, bool *by_gp)
{
	*by_gp = false;
	if (!a->gp_tx)
		return 0;
	/* priority on one processor, no bus: GP makes no progress while RT has
	 * work, so channel 2 gets at most one frame; then one job per slot
	 * freed in band 1. When channel 2 may fill while RT works (ch2_fills:
	 * GP in its tdma slices or on its own processor, or frames GP sent
	 * before landing off the bus), band 1's whole capacity as well. And
	 * never more than GP offers (gp_offered). */
	uint64_t base = a->ch2_fills ? a->c->v[C_TXS_GP_QUEUE] + 1 : 1;
	uint64_t n = min64(sat_add(base, gp_handoffs(a, d)), a->gp_total);
	uint64_t gp = gp_offered(a, d);
	/* and for the same reason no more than channel 2 held as RT's busy
	 * period began, proxy.data_in at most, and that one frame */
	if (rt_busy && !a->ch2_fills)
		gp = min64(gp, a->c->v[C_PROXY_DATA_IN] + 1);
	*by_gp = gp < n;
	return min64(n, gp);
}

/* Echo requests made within d cycles answer frames whose last bits lie
 * within d + (rt-rx bound - the least time to deliver an echoed frame). */
static uint64_t echo_window(const struct an *a, uint64_t d)
{
	uint64_t jit = a->rx_bound > a->rx_min ? a->rx_bound - a->rx_min : 0;
	return sat_add(d, jit);
}

/* All RT work in a busy window of d (the RT application thread is the
 * lowest RT priority). Parts into p[] when given (struct all_parts above). */

static uint64_t demand_all(const struct an *a, uint64_t d, struct all_parts *p, bool rt_busy)
{
	struct all_parts q;
	if (!p)
		p = &q;
	uint64_t s = demand_h(a, d, &p->n_irq, &p->c_in, &p->tx_irq, &p->tx_desc);
	p->n_rtp = rtp_requests(a, d);
	p->c_rtp = sat_mul(p->n_rtp, a->c_rtp);
	p->c_echo = seq_window(&a->rx_echo, echo_window(a, d), false);
	p->c_rep = seq_window(&a->tx_rep, d, false);
	p->n_proxy = proxy_jobs(a, d, rt_busy, &p->px_by_gp);
	p->c_proxy = sat_mul(p->n_proxy, C(a, C_RT_PROXY_TX) + C(a, C_TXS_PICK));
	p->c_ctl = sat_mul(a->n_ctl, C(a, C_CONTROL_APPLY));
	p->n_crt = call_requests(a, d);
	p->c_crt = sat_mul(p->n_crt, a->c_rtp);
	p->c_cctl = sat_mul(a->n_ctl_calls, C(a, C_CONTROL_APPLY));
	s = sat_add(s, p->c_crt);
	s = sat_add(s, p->c_cctl);
	s = sat_add(s, p->c_rtp);
	s = sat_add(s, p->c_echo);
	s = sat_add(s, p->c_rep);
	s = sat_add(s, p->c_proxy);
	return sat_add(s, p->c_ctl);
}

static uint64_t f_all(const struct an *a, uint64_t w)
{
	return demand_all(a, w, NULL, true);
}

/* RT frames entering band 0 whose requests fall in a window of d. */
static uint64_t tx_requests(const struct an *a, uint64_t d)
{
	uint64_t n = sat_add(rtp_requests(a, d), call_requests(a, d));
	n = sat_add(n, seq_window(&a->rx_echo, echo_window(a, d), true));
	return sat_add(n, seq_window(&a->tx_rep, d, true));
}

/* ---- GP's bulk frames: how many may be on their way out at once -------- *
 * An item of traffic.bulk makes a frame every frame_size x 8 / rate
 * seconds from its start (src/traffic.c), whatever became of the frames
 * before. Frames of one item on their way out at once (made, last bit not
 * yet out of the NIC) are at most those made in a window as long as the
 * longest such way out, R. R is bounded as a busy period of the processor,
 * the DMA engines and the wire together, under these conditions:
 *   - priority dispatcher (GP runs whenever RT has nothing ready), one
 *     processor, channels without a bus delay;
 *   - tx.policy strict (no token bucket to wait for), nic.tx_commit > 0;
 *   - the TX ring cannot be filled by written-back descriptors waiting to
 *     be cleaned (wb_count(tx_free) < nic.tx_ring): a full ring then holds
 *     a frame in DMA or on the wire;
 *   - GP sends nothing but its bulk items (no generated calls, no replayed
 *     GP frame).
 * Then while any frame is on its way out, one of them is busy: GP's jobs
 * for it, RT's proxy-tx or band 1's pick (CPU), the wait for nic.tx_commit
 * room or a ring slot (a committed frame in DMA or on the wire), its DMA,
 * the wire ahead of it or its own bits. Take s, the last instant before a
 * frame is made at which all of them are idle: no frame is on its way out
 * at s, so a frame made at t0 >= s whose last bit leaves at t1 has every
 * instant of [s, t1) covered by some resource's work for things that
 * arrived in [s, t1). So t1 - s <= F(t1 - s), and with x* the least fixed
 * point of x = F(x), R <= x*, where F(x) adds, over a closed window of x:
 *   CPU: RT's demand (demand_all: handlers, input, RTP, echo, replay,
 *        proxy-tx, control), two world switches per RT job (one there, one
 *        back), GP's jobs for each bulk frame made (cost.gp_app_tx +
 *        cost.gp_proxy_tx + the copy into channel 2 + the notify), for each
 *        capture frame that may reach GP (gp_rx_work: GP's proxy, stack,
 *        SIP engine; RT pushes it into channel 1 within J + RT's busy
 *        window of its last bit) and for every message GP sends on
 *        channel 3 (interface commands, and the capture's SIP's port
 *        claims and relinquishes: at most six a message, as n_ctl);
 *   DMA: the capture's RX DMAs, the TX DMA of every RT frame requested and
 *        every bulk frame made;
 *   wire: the same frames' wire bytes (preamble, FCS, padding and gap).
 * Summing the three where they overlap only overstates. */
static uint64_t bulk_window(const struct an *a, const struct scen_bulk *b, uint64_t d)
{
	if (d == INF || d > (1ull << 50) || b->rate_bps == 0)
		return INF;
	unsigned __int128 ps = ((unsigned __int128)d + 1) * PS_PER_S;
	ps = ps / a->hz + (ps % a->hz != 0);
	unsigned __int128 den = (unsigned __int128)b->frame_size * 8u * PS_PER_S;
	return (uint64_t)(ps * b->rate_bps / den) + 1;
}

static uint64_t bulk_gp_cpu(const struct an *a, uint32_t len)
{
	const uint64_t *v = a->c->v;
	return v[C_GP_APP_TX] + v[C_GP_PROXY_TX] + v[C_CROSS_IRQ] +
	       ring_copy_cycles(len, v[C_PROXY_FIXED], v[C_PROXY_PER_BYTE]);
}

/* F(x) above, for a window of x; w_rt: RT's busy window (rt-tx's). */
static uint64_t gp_way_demand(const struct an *a, uint64_t x, uint64_t w_rt)
{
	const struct scenario *sc = a->sc;
	const uint64_t *v = a->c->v;
	uint64_t hz = a->hz, bps = v[C_LINK_BPS];
	struct all_parts p;
	uint64_t cpu = demand_all(a, x, &p, false);
	uint64_t echo_n = seq_window(&a->rx_echo, echo_window(a, x), true);
	uint64_t rep_n = seq_window(&a->tx_rep, x, true);
	uint64_t jobs = p.n_irq + p.tx_irq + p.n_rtp + p.n_crt + p.n_proxy + echo_n + rep_n +
	                a->n_ctl + a->n_ctl_calls + 1;
	cpu = sat_add(cpu, sat_mul(jobs, 2 * v[C_WORLD_SWITCH]));
	cpu = sat_add(cpu, seq_window(&a->rx_gpw, sat_add(x, sat_add(a->J, w_rt)), false));
	cpu = sat_add(cpu, sat_mul(a->gp_cmds + 6 * a->sip_msgs, v[C_GP_PROXY_TX] + v[C_CROSS_IRQ] +
	                                 ring_copy_cycles(64, v[C_PROXY_FIXED], v[C_PROXY_PER_BYTE])));
	uint64_t nrt = tx_requests(a, x);
	uint64_t dma = sat_add(f_dma(a, x), sat_mul(nrt, cost_dma_cycles(a->c, a->tx_len)));
	uint64_t wire = sat_mul(nrt, wire_muldiv_ceil(wire_bytes(a->tx_len) * 8, hz, bps));
	for (size_t i = 0; i < sc->n_bulk; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		uint64_t n = bulk_window(a, b, x);
		cpu = sat_add(cpu, sat_mul(n, bulk_gp_cpu(a, b->frame_size)));
		dma = sat_add(dma, sat_mul(n, cost_dma_cycles(a->c, b->frame_size)));
		wire = sat_add(wire, sat_mul(n, wire_muldiv_ceil(wire_bytes(b->frame_size) * 8, hz, bps)));
	}
	return sat_add(cpu, sat_add(dma, wire));
}

/* Bound GP's bulk frames' way out (gp_busy) when the conditions above
 * hold, and with it the frames on their way at once (gp_pend,
 * gp_bulk_bytes) where that tightens them; then gp_committed() again.
 * Sound with any earlier round's bounds (each only overstates F). */
static void gp_backlog(struct an *a, const struct bound_result *r)
{
	const struct scenario *sc = a->sc;
	const uint64_t *v = a->c->v;
	if (sc->n_bulk == 0 || sc->disp != DISP_PRIORITY || sc->txs != TXS_STRICT ||
	    v[C_NIC_TX_COMMIT] == 0 || a->calls || sc->gen_mode || a->rep_gp_n ||
	    v[C_BUS_CHAN_LATENCY] || v[C_BUS_CHAN_PER_BYTE] ||
	    (a->rx_h.n && r->c[BC_RT_RX].status != BS_OK))
		return;
	if (wb_count(a, a->tx_free) >= v[C_NIC_TX_RING])
		return;
	uint64_t w_rt = fixed_point(a, f_all, true, supply_inv(a, a->c_app), INF / 4);
	if (w_rt == INF)
		return;
	uint64_t x = 1;
	for (unsigned i = 0;; i++) {
		uint64_t nx = gp_way_demand(a, x, w_rt);
		if (nx <= x)
			break;
		if (nx == INF || i >= MAX_ITER)
			return;
		x = nx;
	}
	uint64_t pend = 0, bytes = 0;
	for (size_t i = 0; i < sc->n_bulk; i++) {
		const struct scen_bulk *b = &sc->bulk[i];
		uint64_t n = bulk_window(a, b, x);
		pend = sat_add(pend, n);
		bytes = sat_add(bytes, sat_mul(n, wire_bytes(b->frame_size)));
	}
	/* every round's x holds (a later round's only overstates less) */
	a->gp_busy = a->gp_busy ? min64(a->gp_busy, x) : x;
	if (pend >= a->gp_pend && bytes >= a->gp_bulk_bytes)
		return;
	a->gp_pend = min64(a->gp_pend, pend);
	a->gp_bulk_bytes = min64(a->gp_bulk_bytes, bytes);
	gp_committed(a);
}

/* The transmit pipeline from the moment an RT frame enters band 0 (time
 * 0) to its FCS's last bit, with `gp` (0 or 1) GP frame and n RT frames
 * ahead of it, every one of them taken as starting afresh at 0 (they may
 * have progressed: the recursion is monotone, so this is an upper bound):
 *   ring_k  = max(0, last_{k - tx_ring})          a descriptor is free
 *   dma_k   = max(ring_k, dmadone_{k-1}) + dma(k) one DMA at a time
 *   start_k = max(dma_k, free_{k-1})              the wire, in ring order
 *   last_k  = start_k + T(fcs(k)), free_k = start_k + T(wire(k))
 * with free_{-1} = T(gap): the wire may still carry the gap of a frame
 * that already left the ring. The GP frame (head of the ring, handed over
 * in an earlier cycle) has one cycle less of DMA. *wire_part receives the
 * frames' own wire time; the rest is DMA and ring waits.
 * The ring may also hold descriptors of frames already on their way out
 * and written back, not yet cleaned: each was written back before 0 and
 * is cleaned by tx_free after it, so it frees its slot by tx_free. One
 * written back more than tx_free before 0 is cleaned; so there are at
 * most U = N_wb(tx_free) of them (wb_count), and no more than the slots
 * the committed GP frames leave. They come before the frames ahead in
 * ring order: frame k is at position U + k, and its slot is the one of
 * position U + k - tx_ring (last <= 0 when that is one of the U). */
#define NIC_EXACT 65536u

/* U: the descriptors written back and not yet cleaned that may hold ring
 * slots ahead of `gp` committed GP frames (at most tx_free old). */
static uint64_t nic_uncleaned(const struct an *a, uint64_t gp)
{
	uint64_t ring = a->c->v[C_NIC_TX_RING];
	return ring > gp ? min64(ring - gp, wb_count(a, a->tx_free)) : 0;
}

static uint64_t nic_time(const struct an *a, uint64_t gp, uint64_t n, uint64_t *dma_part,
                         uint64_t *wire_part)
{
	uint64_t hz = a->hz, bps = a->c->v[C_LINK_BPS];
	uint64_t d_g = cost_dma_cycles(a->c, a->g_max), d_r = cost_dma_cycles(a->c, a->tx_len);
	/* the first GP frame was handed over in an earlier cycle: one cycle
	 * less of its DMA is left (with a zero-cost application both fall in
	 * one cycle) */
	uint64_t d_g0 = d_g && min64(a->c_rtp, a->c_echo) > 0 ? d_g - 1 : d_g;
	/* the committed GP frames' wire bytes (gp_wire_bytes in all), the
	 * largest first: each takes as much as a g_max frame may while the rest
	 * can still be g_min frames. Their sum is what the wire behind them
	 * waits for, but a frame waiting for a TX slot waits for one of them to
	 * be written back: front-loaded, every prefix of them ends no earlier
	 * than in any real order. (Shared evenly, 1538 + 1024 wire bytes were
	 * taken as 2 x 1281, and the ring's first slot freed 257 bytes' time too
	 * early: a run at 10 Mbit/s with nic.tx_ring 2 went 589452 cycles past
	 * the bound; found by review, 2026-12-07.) Beyond NIC_EXACT, each GP
	 * frame is a g_max one (w_g, f_g). */
	uint64_t wmin = wire_bytes(a->g_min), wmax = wire_bytes(a->g_max);
	uint64_t gleft = a->gp_wire_bytes;
	uint64_t w_g = wire_muldiv_ceil(wmax * 8, hz, bps);
	uint64_t w_r = wire_muldiv_ceil(wire_bytes(a->tx_len) * 8, hz, bps);
	uint64_t f_g = wire_muldiv_ceil(wire_bytes_to_fcs(a->g_max) * 8, hz, bps);
	uint64_t f_r = wire_muldiv_ceil(wire_bytes_to_fcs(a->tx_len) * 8, hz, bps);
	uint64_t gap = wire_muldiv_ceil(WIRE_IFG * 8, hz, bps);
	uint64_t ring = a->c->v[C_NIC_TX_RING];
	uint64_t total = gp + n + 1, exact = min64(total, NIC_EXACT);
	uint64_t *last = calloc(exact, sizeof *last);
	if (!last)
		return INF;
	uint64_t old = nic_uncleaned(a, gp);
	uint64_t dmadone = 0, free_at = gap, wires = 0, lastbit = 0;
	for (uint64_t k = 0; k < exact; k++) {
		bool is_gp = k < gp, ours = k + 1 == total;
		uint64_t pos = k + old, ent = 0;
		uint64_t wk = w_r, fk = f_r;
		if (is_gp && gp > 1) {
			uint64_t rest = sat_mul(gp - 1 - k, wmin);
			uint64_t s = max64(min64(wmax, gleft > rest ? gleft - rest : 0), wmin);
			gleft = gleft > s ? gleft - s : 0;
			wk = wire_muldiv_ceil(s * 8, hz, bps);
			fk = wire_muldiv_ceil((s - WIRE_IFG) * 8, hz, bps);
		} else if (is_gp) {
			wk = w_g;
			fk = f_g;
		}
		if (pos >= ring)
			ent = sat_add(pos - ring < old ? 0 : last[pos - ring - old], a->tx_free);
		dmadone = sat_add(max64(ent, dmadone), is_gp ? (k == 0 ? d_g0 : d_g) : d_r);
		uint64_t st = max64(dmadone, free_at);
		last[k] = sat_add(st, fk);
		free_at = sat_add(st, wk);
		wires = sat_add(wires, ours ? f_r : wk);
		lastbit = last[k];
	}
	free(last);
	/* Beyond NIC_EXACT frames: the committed GP frames left (gx), then the
	 * RT frames (rx, ours last). From L, the last bit before a run of up
	 * to nic.tx_ring of them, each of the run's slots is free by L +
	 * tx_free (its frame is at most the one before); a frame starts at
	 * most max(its DMA, the wire time of the frame before it) after the
	 * one before: the frame's own max(dma, wire), and the longer frame's
	 * wire time once where the kind changes (GP to RT); the run's last
	 * bit comes at most the longer FCS time after its start. Without a
	 * slot to wait for (the ring holds them all) tx_free drops out, one
	 * run. With a small ring every frame may wait tx_free (ring 1, an ITR
	 * of 1 ms and 70000 frames ahead: a run went 4.3 s past a bound that
	 * counted only DMA and wire time beyond 65536 frames), and the GP
	 * frames beyond take their own wire time, not an RT frame's (70000
	 * committed 1514-byte frames at 100 Mbit/s: 1.3 x 10^9 cycles past
	 * it). */
	if (total > exact) {
		uint64_t more = total - exact;
		uint64_t gx = gp > exact ? gp - exact : 0, rx = more - gx;
		bool waits = sat_add(old, total) > ring;
		uint64_t runs = waits ? more / ring + (more % ring != 0) : 1;
		uint64_t each = sat_add(waits ? a->tx_free : 0, max64(f_g, f_r));
		uint64_t add = sat_add(sat_mul(runs, each), sat_mul(gx, max64(d_g, w_g)));
		add = sat_add(add, sat_mul(rx, max64(d_r, w_r)));
		if (gp >= exact)
			add = sat_add(add, w_g);      /* GP's wire time before the first RT frame */
		lastbit = sat_add(lastbit, add);
		wires = sat_add(wires, sat_add(sat_mul(gx, w_g), sat_add(sat_mul(rx - 1, w_r), f_r)));
	}
	*wire_part = min64(wires, lastbit);
	*dma_part = lastbit - *wire_part;
	return lastbit;
}

/* rt-rx frame by frame over the capture: for each frame f that may end in
 * rt-rx and each earlier frame i that may be the first of its busy window
 * (the window starts at most J after i's last bit, and every frame the
 * input thread handles before f lies between i and f), f is delivered by
 *   t_i + J + S^-1(work of frames i..f, less f's own trailing step,
 *                  + handlers for the frames from i within the window)
 * i.e. J + w - (t_f - t_i) after its last bit (+ SLACK for another
 * trace.offset's rounding). Frames after f add only their handlers. The
 * largest over f and i, and its parts. */
struct pf {
	uint64_t lat, w, work, n_irq, head, nframes, tx_irq, tx_desc, tx;
};

static size_t upper(const struct seq *s, size_t lo, uint64_t t)
{
	size_t hi = s->n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (s->t[m] <= t)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

static void per_frame(const struct an *a, uint64_t horizon, struct pf *best)
{
	const struct seq *s = &a->rx_h;
	uint64_t itr = C(a, C_NIC_ITR_INTERVAL), cirq = C(a, C_RT_IRQ);
	/* a handler run in the window needs an interrupt taken in it, at least
	 * a frame's DMA and the interrupt latency after that frame's last bit */
	uint64_t take_min = sat_add(a->rx_dma_min == INF ? 0 : a->rx_dma_min, a->cyc_irql);
	memset(best, 0, sizeof *best);
	for (size_t f = 0; f < s->n; f++) {
		uint64_t tail = a->rx_tail.w[f];
		if (tail == INF)
			continue;
		uint64_t work = 0, low = 0;
		for (size_t i = f + 1; i-- > 0;) {
			uint64_t head = s->t[f] - s->t[i];
			if (head > horizon)
				break;
			work = sat_add(work, s->w[i]);
			uint64_t need = work - tail, n_irq = 1, tx_irq, tx_desc, tx;
			/* A start below the least fixed point w_if gives w_if
			 * itself (the demand is monotone in w). low is the least
			 * fixed point of w = S^-1(need + cirq + tx(w)): one
			 * interrupt at least, so it is below w_if; it only grows as
			 * i goes back (need does), so each i's starts from the one
			 * before, and the steps the TX completions take near
			 * saturation are taken once per f, not once per i. */
			uint64_t w = max64(low, supply_inv(a, sat_add(need, cirq)));
			for (unsigned it = 0; it < MAX_ITER && w != INF; it++) {
				tx = demand_tx(a, w, &tx_irq, &tx_desc);
				uint64_t nw = supply_inv(a, sat_add(sat_add(need, cirq), tx));
				if (nw <= w)
					break;
				w = nw;
			}
			low = w;
			for (unsigned it = 0; it < MAX_ITER && w != INF; it++) {
				uint64_t reach = sat_add(sat_add(s->t[i], a->J), w + SLACK);
				reach = reach > take_min ? reach - take_min : 0;
				uint64_t k = upper(s, i, reach) - i;
				if (itr)
					k = min64(k, w / itr + 2);
				k = max64(k, 1);
				tx = demand_tx(a, w, &tx_irq, &tx_desc);
				uint64_t nw = supply_inv(a, sat_add(sat_add(need, sat_mul(k, cirq)), tx));
				n_irq = k;
				if (nw <= w)
					break;
				w = nw;
			}
			uint64_t end = sat_add(sat_add(a->J, w), SLACK);
			uint64_t lat = end > head ? end - head : 0;
			if (lat > best->lat) {
				best->lat = lat;
				best->w = w;
				best->work = need;
				best->n_irq = n_irq;
				best->head = head;
				best->nframes = f - i + 1;
				tx = demand_tx(a, w, &tx_irq, &tx_desc);
				best->tx_irq = tx_irq;
				best->tx_desc = tx_desc;
				best->tx = tx;
			}
		}
	}
}

/* rt-rx frame by frame over the far end's frames (generated calls), as
 * per_frame does over a capture, with the frames' times unknown: f, a far
 * RTP packet that ends in rt-rx, is the k-th frame the input thread
 * handles in its busy window, which starts at most J after the last bit
 * of the first, i. On the one receive wire two last bits are at least a
 * frame's wire time apart (far_per, the shortest far frame's, preamble
 * to the gap after it), so f's last bit is at least (k - 1) x far_per
 * after i's, and f is delivered within
 *   J + S^-1(f's work + the costliest k - 1 other far frames' work
 *            + the handler for every far frame in the window
 *            + the handler's TX completions) - (k - 1) x far_per
 * after its last bit. The frames in a window, and so k, are at most
 * far_in's count for the busy window w_busy. The handler runs in a window
 * [s, s + w]: each needs a DMA done in it, so a frame whose last bit is
 * after s + w - far_dma (its DMA takes at least far_dma) adds none, and
 * one whose last bit is before s - J had its interrupt taken before s:
 * at most the far frames in a window of J + w - far_dma. Without the
 * wire's spacing (k frames at one instant) this is the busy window,
 * J + w_busy; the spacing takes off what the frames ahead were handled
 * in before ours arrived (calls-generated: 62564 -> 23064 cycles,
 * doc/bound.md "rt-rx"). */
static void per_far(const struct an *a, uint64_t w_busy, struct pf *best)
{
	memset(best, 0, sizeof *best);
	struct far_in all;
	far_in(a, sat_add(w_busy, a->J), &all);
	if (all.rtp == 0 || all.n == 0 || all.n == INF || a->far_per == 0)
		return;
	uint64_t cirq = C(a, C_RT_IRQ), low = 0;
	for (uint64_t k = 1; k <= all.n; k++) {
		/* w_k is at most w_busy: no later k gives more than this */
		if (best->lat && sat_add(a->J, w_busy) <= sat_add(best->lat, sat_mul(k - 1, a->far_per)))
			break;
		/* f's own (an RTP packet delivered to RT: its sample is taken
		 * there, src/rtside.c in_deliver_done; a copy to GP is no rt-rx)
		 * and the costliest k - 1 others */
		uint64_t work = sat_add(a->c_far_rtp_rt, costliest(all.rtp - 1, a->c_far_rtp, all.sip,
		                                                a->c_far_sip, k - 1));
		uint64_t head = sat_mul(k - 1, a->far_per);
		uint64_t w = max64(low, supply_inv(a, sat_add(work, cirq))), n_irq = 1, tx = 0;
		uint64_t tx_irq = 0, tx_desc = 0;
		bool fixed = false;
		for (unsigned it = 0; it < MAX_ITER && w != INF && !fixed; it++) {
			uint64_t reach = sat_add(a->J, w);
			struct far_in fi;
			far_in(a, reach > a->far_dma ? reach - a->far_dma : 0, &fi);
			n_irq = fi.n;
			if (C(a, C_NIC_ITR_INTERVAL))
				n_irq = min64(n_irq, w / C(a, C_NIC_ITR_INTERVAL) + 2);
			n_irq = max64(n_irq, 1);
			tx = demand_tx(a, w, &tx_irq, &tx_desc);
			uint64_t nw = supply_inv(a, sat_add(sat_add(work, sat_mul(n_irq, cirq)), tx));
			fixed = nw <= w;
			if (!fixed)
				w = nw;
		}
		/* unsettled, or above the busy window (cannot be: its demand is
		 * more): the busy window stands */
		if (!fixed || w == INF || w > w_busy) {
			memset(best, 0, sizeof *best);
			return;
		}
		low = w;                 /* the demand only grows with k */
		uint64_t end = sat_add(a->J, w), lat = end > head ? end - head : 0;
		if (lat > best->lat)
			*best = (struct pf){lat, w, work, n_irq, head, k, tx_irq, tx_desc, tx};
	}
}

/* The handler's TX completion work, as a term: its runs for TX causes and
 * the descriptors it cleans (demand_tx). */
static void tx_term(const struct an *a, struct bound_class *b, uint64_t n_irq, uint64_t n_desc)
{
	uint64_t c = sat_add(sat_mul(n_irq, C(a, C_RT_IRQ)), sat_mul(n_desc, C(a, C_TX_CLEAN)));
	if (c)
		term(b, c, a->calls ? "cost.rt_irq, cost.tx_clean, nic.tidv, nic.tadv, "
		                      "nic.itr_interval, bus.irq_latency, nic.link_rate, traffic.*, "
		                      "calls.generator.*"
		                    : "cost.rt_irq, cost.tx_clean, nic.tidv, nic.tadv, nic.itr_interval, "
		                      "bus.irq_latency, nic.link_rate, traffic.*",
		     "RT interrupt handler, TX completions: %" PRIu64 " run%s, %" PRIu64
		     " descriptor%s cleaned", n_irq, s_of(n_irq), n_desc, s_of(n_desc));
}

/* The keys of a receive term: `pre` and where the frames come from. */
static const char *rx_keys(struct an *a, const char *pre)
{
	snprintf(a->keybuf, sizeof a->keybuf, "%s, %s", pre,
	         a->calls ? "calls.generator.*, calls.far.*" : "trace.file");
	return a->keybuf;
}

#define CALLS_IN_KEYS "cost.rt_input, cost.classify, cost.rt_deliver, cost.proxy_*, " \
	"cost.cross_irq, calls.generator.*, calls.far.*"

/* J, the release jitter of a received frame: from its last bit at the NIC
 * to the interrupt that signals it (its DMA behind the longest DMA busy
 * period, the moderation timers, the interrupt's latency). rt-tx counts
 * the input work released within J as well, so it is needed whenever the
 * NIC accepts frames, RT's or not: a capture of GP frames alone, held by
 * the moderation and then released at once, delays RT's transmit too
 * (until review n30 (2026-12-07) J stayed 0 then: 230682 cycles measured against a
 * bound of 36228, tests/bound/gp-burst.yaml). */
static void rx_release(struct an *a, uint64_t *dma_out, uint64_t *mod_out, uint64_t *irql_out)
{
	uint64_t ring = a->c->v[C_NIC_RX_RING];
	/* DMA: the longest DMA busy period, or a full ring ahead */
	uint64_t dma_ring = sat_mul(ring, a->dma_max);
	uint64_t dma = fixed_point(a, f_dma, false, a->dma_max, dma_ring);
	if (dma == INF)
		dma = dma_ring;
	/* moderation */
	uint64_t itr = C(a, C_NIC_ITR_INTERVAL), rxd = C(a, C_NIC_RX_DELAY),
	         abs = C(a, C_NIC_RX_ABS_DELAY);
	/* The packet timer: restarted by the frame's DMA and by each of the at
	 * most ring - 1 frames DMAed after it (no slot frees before the
	 * interrupt), each before the interrupt is due; ITR holds the first
	 * due time up to itr, so a frame just before it restarts the timer:
	 * max(rx_delay, itr) + (ring - 1) x rx_delay (ring x rx_delay without
	 * ITR). The absolute timer is not restarted. */
	uint64_t base = 0;
	if (rxd || abs) {
		base = INF;
		if (abs)
			base = abs;
		if (rxd)
			base = min64(base, sat_add(max64(rxd, itr), sat_mul(ring - 1, rxd)));
	}
	uint64_t mod = max64(base, itr);
	uint64_t irql = C(a, C_BUS_IRQ_LATENCY);
	a->J = sat_add(sat_add(dma, mod), irql);
	*dma_out = dma;
	*mod_out = mod;
	*irql_out = irql;
}

/* rt-rx: J + the level of the handler and the input thread. */
static void class_rx(struct an *a, struct bound_result *r)
{
	struct bound_class *b = &r->c[BC_RT_RX];
	const struct scenario *sc = a->sc;
	uint64_t dma = 0, mod = 0, irql = 0;    /* J's three parts */
	if (sc->trace || a->calls)
		rx_release(a, &dma, &mod, &irql);
	if ((!sc->trace || a->rt_rx_frames == 0) && !a->calls) {
		none(b, BS_NO_TRAFFIC, sc->trace ? "no frame of the capture can go to RT"
		                                   : "no capture (trace.file): nothing is received");
		return;
	}
	if (a->unanalysed) {
		none(b, BS_NONE, "%s", a->unanalysed);
		return;
	}
	uint64_t ring = a->c->v[C_NIC_RX_RING];
	/* the CPU: busy window, or the ring's worth of frames ahead */
	uint64_t d_ring = sat_add(sat_mul(2 * ring + 2, C(a, C_RT_IRQ)), sat_mul(ring + 1, a->ch_max));
	uint64_t w_ring = supply_inv(a, d_ring);
	uint64_t w0 = supply_inv(a, C(a, C_RT_IRQ) + a->ch_max);
	uint64_t w = fixed_point(a, f_h, true, w0, w_ring);
	uint64_t n_irq, c_in, demand, tx_irq = 0, tx_desc = 0;
	bool ring_w = false;
	if (w == INF || w >= w_ring) {
		/* the handler's TX completion work in that window comes on top */
		uint64_t wr = w_ring;
		for (unsigned i = 0; i < MAX_ITER && wr != INF; i++) {
			uint64_t nw = supply_inv(a, sat_add(d_ring, demand_tx(a, wr, &tx_irq, &tx_desc)));
			if (nw <= wr)
				break;
			wr = nw > INF / 4 ? INF : nw;
		}
		if (wr == INF) {
			none(b, BS_NONE, "the RT interrupt handler's TX completion work (cost.rt_irq, "
			     "cost.tx_clean per frame sent) needs more than RT gets");
			return;
		}
		w = wr;
		ring_w = true;
		n_irq = 2 * ring + 2;
		c_in = sat_mul(ring + 1, a->ch_max);
		demand = sat_add(d_ring, demand_tx(a, w, &tx_irq, &tx_desc));
	} else {
		demand = demand_h(a, w, &n_irq, &c_in, &tx_irq, &tx_desc);
	}
	/* the frame's own trailing step (an ARP reply's copy to GP) comes after
	 * its sample: take it off when every RT frame has one (the window's
	 * work may be that step alone: an ARP reply with the read and the
	 * update free) */
	if (a->tail_min && a->tail_min != INF && c_in >= a->tail_min) {
		uint64_t w2 = supply_inv(a, demand - a->tail_min);
		c_in -= a->tail_min;
		demand -= a->tail_min;
		w = w2;
	}
	if (w == INF) {
		none(b, BS_NONE, "the RT supply cannot be computed");
		return;
	}
	/* frame by frame takes each frame's busy window to begin within J + w
	 * of it: w must bound the busy window. The ring's bound (ring_w) only
	 * bounds the work between the frame's interrupt and its delivery; the
	 * busy period may be far longer (the campaign: proxy-full with
	 * cost.rt_input=16259cycles, cpu.hz=2GHz, measured 4631151 cycles
	 * against a frame-by-frame 3796219) */
	struct pf pf = {0};
	if (!ring_w && a->calls)
		per_far(a, w, &pf);
	else if (!ring_w)
		per_frame(a, sat_add(w, a->J), &pf);
	b->status = BS_OK;
	bool by_frame = pf.lat && pf.lat < sat_add(a->J, w);
	if (by_frame) {               /* frame by frame is tighter */
		w = pf.w;
		n_irq = pf.n_irq;
		c_in = pf.work;
		tx_irq = pf.tx_irq;
		tx_desc = pf.tx_desc;
		demand = sat_add(sat_add(pf.work, sat_mul(pf.n_irq, C(a, C_RT_IRQ))), pf.tx);
	}
	term(b, dma, rx_keys(a, "bus.dma_latency, bus.dma_per_byte, nic.rx_ring"),
	     "RX DMA: own and queued DMAs");
	if (mod)
		term(b, mod, "nic.itr_interval, nic.rx_delay, nic.rx_abs_delay, nic.rx_ring",
		     "interrupt moderation");
	if (irql)
		term(b, irql, "bus.irq_latency", "interrupt latency");
	if (w > demand)
		term(b, w - demand, a->tdma ? "dispatcher.tdma_frame, dispatcher.tdma_rt_slice, "
		                              "cost.world_switch" : "cost.world_switch",
		     a->tdma ? "TDMA: wait for RT's slice (switches included)"
		             : "world switches: one in progress to GP, one back");
	term(b, sat_mul(n_irq, C(a, C_RT_IRQ)), rx_keys(a, "cost.rt_irq"),
	     "RT interrupt handler x %" PRIu64, n_irq);
	tx_term(a, b, tx_irq, tx_desc);
	if (by_frame && a->calls) {
		uint64_t ahead = pf.nframes - 1;
		if (ahead)
			term(b, c_in, CALLS_IN_KEYS, "RT input thread: our RTP packet, delivered to "
			     "RT, and %" PRIu64 " frame%s handled before it, the far end's costliest",
			     ahead, s_of(ahead));
		else
			term(b, c_in, CALLS_IN_KEYS, "RT input thread: our RTP packet, delivered to RT");
		if (pf.head) {
			term(b, pf.head, "nic.link_rate, calls.generator.*, calls.far.*",
			     "less: the frame%s ahead arrived earlier, one after another on the receive "
			     "wire (%" PRIu64 " x %" PRIu64 " cycles at least)", s_of(ahead),
			     ahead, a->far_per);
			b->t[b->nt - 1].minus = true;
			b->cycles -= 2 * pf.head;     /* term() added it */
		}
	} else if (by_frame) {
		term(b, c_in, "cost.rt_input, cost.classify, cost.rt_deliver, cost.arp_update, "
		              "cost.proxy_*, cost.cross_irq, trace.file",
		     "RT input thread: %" PRIu64 " frame%s of the capture up to ours", pf.nframes,
		     s_of(pf.nframes));
		term(b, SLACK, "trace.offset", "rounding of the capture's times at another offset");
		if (pf.head) {
			term(b, pf.head, "trace.file", "less: the frames ahead arrived earlier");
			b->t[b->nt - 1].minus = true;
			b->cycles -= 2 * pf.head;     /* term() added it */
		}
	} else {
		/* the far end's frames apart (none without generated calls); the
		 * ring's worth (ring_w) is taken as a whole */
		struct far_in fi;
		far_in(a, sat_add(w, a->J), &fi);
		uint64_t fw = ring_w ? 0 : min64(fi.work, c_in);
		if (c_in > fw || !a->calls)
			term(b, c_in - fw, a->calls ? CALLS_IN_KEYS
			                           : "cost.rt_input, cost.classify, cost.rt_deliver, "
			                             "cost.arp_update, cost.proxy_*, cost.cross_irq, "
			                             "trace.file",
			     "RT input thread: frames in the busy window");
		if (fw)
			term(b, fw, CALLS_IN_KEYS, "RT input thread: the far end's frames in the busy "
			     "window, %" PRIu64 " RTP + %" PRIu64 " SIP", fi.rtp, fi.n - min64(fi.n, fi.rtp));
	}
	a->rx_bound = b->cycles;
}

/* An echoed frame's last bit to its answer's last bit out, as one stretch:
 * from its last bit, its DMA, moderation and interrupt latency (J, as for
 * rt-rx) bring its first RT work (the interrupt, or the input thread that
 * takes it from the ring); from then on RT has work pending without a
 * break (the frame's input work, then the echo job it asks for) until the
 * answer is handed to band 0, so all of that lies in one RT busy period,
 * which begins no later and lasts at most w (rt-tx's busy window, every
 * RT job, switches and TDMA waits included); then the transmit pipeline,
 * T. rt-rx's bound + rt-tx's counts the RT work between the two twice. */
static uint64_t rtt_span(const struct an *a, uint64_t w, uint64_t T)
{
	return sat_add(sat_add(a->J, w), T);
}

/* The parts of an RT busy window w (demand_all's p; demand: their sum) as
 * terms: the switches or TDMA waits beyond the demand (none when demand is
 * w), RT's applications, proxy-tx and control, the interrupt handler, the
 * TX completions, the input thread (the far end's frames apart). */
static void busy_terms(struct an *a, struct bound_class *b, uint64_t w, uint64_t demand,
                       const struct all_parts *p)
{
	if (w > demand)
		term(b, w - demand, a->tdma ? "dispatcher.tdma_frame, dispatcher.tdma_rt_slice, "
		                              "cost.world_switch"
		                            : "cost.world_switch",
		     a->tdma ? "TDMA: wait for RT's slice (switches included)"
		             : "world switches: one in progress to GP, one back");
	if (p->c_rtp)
		term(b, p->c_rtp, "cost.rt_app_tx, cost.rt_drv_tx, cost.txs_pick, traffic.rtp.*",
		     "RT application: %" PRIu64 " RTP request%s", p->n_rtp, s_of(p->n_rtp));
	if (p->c_echo)
		term(b, p->c_echo, "cost.rt_echo, cost.rt_drv_tx, cost.txs_pick, traffic.echo, trace.file",
		     "RT application: echo answers");
	if (p->c_rep)
		term(b, p->c_rep, "cost.rt_app_tx, cost.rt_drv_tx, cost.txs_pick, trace.file",
		     "RT application: replayed RT frames");
	if (p->c_crt)
		term(b, p->c_crt, "cost.rt_app_tx, cost.rt_drv_tx, cost.txs_pick, calls.generator.*",
		     "RT application: generated calls' RTP, %" PRIu64 " request%s (%" PRIu64 " call%s)",
		     p->n_crt, s_of(p->n_crt), a->n_calls, s_of(a->n_calls));
	if (p->c_proxy)
		term(b, p->c_proxy, a->calls ? "cost.rt_proxy_tx, cost.txs_pick, tx.gp_queue, "
		                              "traffic.bulk.*, calls.generator.*, calls.far.*"
		                            : "cost.rt_proxy_tx, cost.txs_pick, tx.gp_queue, traffic.bulk.*",
		     "RT proxy-tx: %" PRIu64 " GP frame%s%s", p->n_proxy, s_of(p->n_proxy),
		     p->px_by_gp ? ", what GP's queues hold and its items make (proxy.data_in)" : "");
	if (p->c_ctl)
		term(b, p->c_ctl, a->sip_msgs ? "cost.control_apply, timeline, gp.sip_ports, calls.sip, "
		                                "trace.file"
		                              : "cost.control_apply, timeline",
		     "RT control: %" PRIu64 " command%s", a->n_ctl, s_of(a->n_ctl));
	if (p->c_cctl)
		term(b, p->c_cctl, "cost.control_apply, calls.generator.*",
		     "RT control: generated calls' port claims, %" PRIu64 " message%s", a->n_ctl_calls,
		     s_of(a->n_ctl_calls));
	if (p->n_irq)
		term(b, sat_mul(p->n_irq, C(a, C_RT_IRQ)), rx_keys(a, "cost.rt_irq"),
		     "RT interrupt handler x %" PRIu64, p->n_irq);
	tx_term(a, b, p->tx_irq, p->tx_desc);
	struct far_in fi;
	far_in(a, sat_add(w, a->J), &fi);
	if (p->c_in > fi.work)
		term(b, p->c_in - fi.work, "cost.rt_input, cost.classify, cost.rt_deliver, "
		                          "cost.arp_update, cost.proxy_*, cost.cross_irq, trace.file",
		     "RT input thread: received frames");
	if (fi.work)
		term(b, fi.work, CALLS_IN_KEYS, "RT input thread: the far end's frames, %" PRIu64
		     " RTP + %" PRIu64 " SIP", fi.rtp, fi.n - min64(fi.n, fi.rtp));
}

/* The transmit pipeline (nic_time's parts) behind n RT frames and the
 * committed GP frames. */
static void pipe_terms(const struct an *a, struct bound_class *b, uint64_t n, uint64_t dp,
                       uint64_t wp)
{
	/* a frame that waits for a ring slot waits tx_free: J_tx (the TX
	 * moderation timers, ITR, the interrupt's latency) and the handler's
	 * clean-up on RT's supply (switches, TDMA) */
	bool waits = nic_uncleaned(a, a->gp_ahead) + a->gp_ahead + n + 1 > a->c->v[C_NIC_TX_RING];
	char keys[sizeof b->t[0].key];
	snprintf(keys, sizeof keys, "bus.dma_latency, bus.dma_per_byte, nic.tx_ring, nic.link_rate%s%s",
	         waits ? ", nic.tidv, nic.tadv, nic.itr_interval, bus.irq_latency, cost.rt_irq, "
	                 "cost.tx_clean" : "",
	         !waits ? "" : a->tdma ? ", dispatcher.tdma_*, cost.world_switch"
	                     : a->block ? ", cost.world_switch" : "");
	if (dp)
		term(b, dp, keys,
		     "transmit: DMAs, ring and gap waits (%" PRIu64 " GP + %" PRIu64 " frame%s)",
		     a->gp_ahead, n + 1, s_of(n + 1));
	if (a->gp_tx)
		term(b, wp, a->calls ? "nic.link_rate, nic.tx_commit, traffic.bulk.*.frame_size, "
		                       "tx.policy, calls.generator.*, calls.billing.*"
		                     : "nic.link_rate, nic.tx_commit, traffic.bulk.*.frame_size, tx.policy",
		     "wire: GP committed %" PRIu64 " of at most %u B (%" PRIu64 " wire B), %" PRIu64
		     " RT frame%s ahead, ours to its FCS (%u B)", a->gp_ahead, a->g_max,
		     a->gp_wire_bytes, n, s_of(n), a->tx_len);
	else
		term(b, wp, "nic.link_rate", "wire: %" PRIu64 " RT frame%s ahead, ours to its FCS (%u B)",
		     n, s_of(n), a->tx_len);
}

/* rt-tx: the RT application thread (all RT work is above or beside it),
 * then the transmit pipeline. Also fills the parts rt-rtt reuses. */
static void class_tx(struct an *a, struct bound_result *r)
{
	struct bound_class *b = &r->c[BC_RT_TX];
	if (!a->rt_tx) {
		none(b, BS_NO_TRAFFIC, "no RT frame is sent (no traffic.rtp, no echo of an RT frame, "
		                       "no replayed RT frame)");
		return;
	}
	if (a->unanalysed) {
		none(b, BS_NONE, "%s", a->unanalysed);
		return;
	}
	/* long-run RT load of the periodic sources against RT's share */
	long double u = 0;
	for (size_t i = 0; i < a->nrtp; i++)
		u += (long double)a->rtp[i].n * a->c_rtp * PS_PER_S /
		     ((long double)a->rtp[i].period_ps * a->hz);
	for (size_t i = 0; i < a->ncg; i++)
		u += (long double)a->cg[i].calls * a->c_rtp * PS_PER_S /
		     ((long double)a->cg[i].period_ps * a->hz);
	bool px = a->gp_tx && a->gp_total == INF;   /* finitely many: no long-run load */
	uint64_t c_px = C(a, C_RT_PROXY_TX) + C(a, C_TXS_PICK);
	bool unbounded = false;
	if (px && c_px) {
		/* as proxy_jobs: no faster than the hand-overs, nor than the bulk
		 * items make frames */
		long double g = gp_handoff_rate(a), o = gp_offered_rate(a);
		if (o < g)
			g = o;
		if (g >= (long double)INF)
			unbounded = true;
		else
			u += g * c_px;
	}
	long double share = a->tdma ? (long double)a->Q / a->F : 1.0L;
	if (unbounded) {
		/* no number: a saturated one (2^64 / 2.5e6) was printed as one */
		none(b, BS_NONE, "RT utilisation unbounded (RT's share of the CPU %.3Lf%s): RT's "
		     "proxy-tx (cost.rt_proxy_tx + cost.txs_pick per GP frame handed to the NIC) with "
		     "the shortest GP frame's %s rounding down to 0 cycles (traffic.bulk.*.frame_size, "
		     "nic.link_rate, cpu.hz%s)", share, a->tdma ? ", dispatcher.tdma_*" : "",
		     a->gp_ahead > 1 ? "wire time to its FCS" : "DMA and wire time to its FCS",
		     a->gp_ahead > 1 ? "" : ", bus.dma_latency, bus.dma_per_byte");
		return;
	}
	if (u >= share) {
		/* name the sources that load RT here, and only those */
		none(b, BS_NONE, "RT utilisation %.3Lf >= %.3Lf (RT's share of the CPU%s): "
		     "(%s%s%s) x (cost.rt_app_tx + cost.rt_drv_tx + cost.txs_pick)%s need more than RT "
		     "gets", u, share, a->tdma ? ", dispatcher.tdma_*" : "",
		     a->nrtp ? "traffic.rtp channels / ptime" : "", a->nrtp && a->ncg ? " + " : "",
		     a->ncg ? "calls.generator calls / ptime" : "",
		     px ? " and RT's proxy-tx (cost.rt_proxy_tx + cost.txs_pick per traffic.bulk "
		          "frame)" : "");
		return;
	}
	uint64_t w0 = supply_inv(a, a->c_app);
	uint64_t w = fixed_point(a, f_all, true, w0, INF / 4);
	if (w == INF) {
		/* what comes on top of the periodic sources: only what there is */
		bool cap = a->sc->trace != NULL, txc = a->tx_min != UINT32_MAX;
		none(b, BS_NONE, "the RT busy window does not end (RT utilisation %.3Lf of %.3Lf%s%s%s%s)",
		     u, share, cap || txc ? ", with " : "", cap ? "the capture's load" : "",
		     cap && txc ? " and " : "",
		     txc ? "the interrupt handler's TX completions on top: cost.rt_irq, cost.tx_clean "
		           "per frame written back, counted at nic.link_rate where neither "
		           "run.duration nor the sources end" : cap ? " on top" : "");
		return;
	}
	struct all_parts p;
	uint64_t demand = demand_all(a, w, &p, true);
	/* An echo request is made by RT's input thread as it delivers the
	 * frame: under priority RT keeps the CPU from then on, its busy period
	 * having begun (with its switches) before that frame's own work. So
	 * echo-only traffic takes no switch and not that frame's work. */
	uint64_t own = a->c->v[C_RT_INPUT] + a->c->v[C_CLASSIFY] + a->c->v[C_RT_DELIVER];
	bool echo_only = a->nrtp == 0 && a->tx_rep.n == 0 && a->ncg == 0;
	uint64_t R = w, cut = 0;
	if (echo_only && !a->tdma && p.c_in >= own) {
		cut = own;
		R = demand - own;
	}
	uint64_t c_min = echo_only ? a->c_echo
	                           : a->nrtp || a->tx_rep.n || a->ncg ? a->c_rtp : a->c_echo;
	if (a->rx_echo.n)
		c_min = min64(c_min, a->c_echo);
	/* frames ahead in band 0 and the ring: requested at most N + R - c_min
	 * before ours (they were not finished when ours entered band 0), fixed
	 * point from none */
	uint64_t ncap = a->c->v[C_TXS_RT_QUEUE] + a->c->v[C_NIC_TX_RING] - 1;
	/* Echo answers alone, the round trip as one stretch (rtt_span): an
	 * answer ahead of ours was requested for a frame whose last bit came
	 * less than rtt_span - rx_min - c_min before our frame's (that answer
	 * is out by its frame's last bit + rtt_span; ours enters band 0 no
	 * sooner than our frame's last bit + rx_min + c_min), often fewer
	 * than echo_window() counts from rt-rx's bound and R apart. */
	bool joint = echo_only && r->c[BC_RT_RX].status == BS_OK && a->rx_min != INF;
	uint64_t n = 0, dp, wp, T;
	for (unsigned i = 0;; i++) {
		T = nic_time(a, a->gp_ahead, n, &dp, &wp);
		uint64_t k = tx_requests(a, sat_add(T, R > c_min ? R - c_min : 0));
		if (joint) {
			uint64_t span = rtt_span(a, w, T), lead = sat_add(a->rx_min, c_min);
			k = min64(k, seq_window(&a->rx_echo, span > lead ? span - lead : 0, true));
		}
		uint64_t n2 = min64(k ? k - 1 : 0, ncap);
		if (n2 <= n || i > 10000) {
			if (n2 > n) {            /* did not settle: the queues' capacity */
				n = ncap;
				T = nic_time(a, a->gp_ahead, n, &dp, &wp);
			}
			break;
		}
		n = n2;
	}
	a->rtt = (struct rtt_joint){0};
	if (joint)
		a->rtt = (struct rtt_joint){rtt_span(a, w, T), w, demand, dp, wp, n, p};
	b->status = BS_OK;
	busy_terms(a, b, w, cut ? w : demand, &p);
	if (cut) {
		term(b, cut, "cost.rt_input, cost.classify, cost.rt_deliver",
		     "less: the echoed frame's own work, done before its answer was asked for");
		b->t[b->nt - 1].minus = true;
		b->cycles -= 2 * cut;
	}
	pipe_terms(a, b, n, dp, wp);
}

/* rt-rtt when no frame of the capture is echoed: no traffic, unless the
 * echo answers generated calls' RTP, which has round trips (a run measures
 * them) that are not analysed: no bound, for the calls' reason. */
static void rtt_uncaptured(const struct an *a, struct bound_class *b)
{
	if (a->sc->echo.enabled && a->calls && a->unanalysed)
		none(b, BS_NONE, "%s", a->unanalysed);
	else
		none(b, BS_NO_TRAFFIC, a->sc->echo.enabled ? "no frame of the capture is echoed"
		                                           : "traffic.echo is off");
}

/* rt-rtt: the request's receive bound, then its answer's transmit bound. */
static void class_rtt(struct an *a, struct bound_result *r)
{
	struct bound_class *b = &r->c[BC_RT_RTT];
	const struct bound_class *rx = &r->c[BC_RT_RX], *tx = &r->c[BC_RT_TX];
	if (!a->sc->echo.enabled || a->rx_echo.n == 0) {
		rtt_uncaptured(a, b);
		return;
	}
	if (rx->status != BS_OK || tx->status != BS_OK) {
		none(b, BS_NONE, "%s", rx->status != BS_OK ? rx->why : tx->why);
		return;
	}
	b->status = BS_OK;
	if (a->rtt.cycles && a->rtt.cycles < sat_add(rx->cycles, tx->cycles)) {
		term(b, a->J, rx_keys(a, "bus.dma_latency, bus.dma_per_byte, nic.rx_ring, "
		                         "nic.itr_interval, nic.rx_delay, nic.rx_abs_delay, "
		                         "bus.irq_latency"),
		     "the request: RX DMA, interrupt moderation and latency (as rt-rx)");
		/* RT's busy period from the request's first work to its answer's
		 * job: every RT job in it (rt-tx's busy window, whole) */
		busy_terms(a, b, a->rtt.w, a->rtt.demand, &a->rtt.p);
		pipe_terms(a, b, a->rtt.n, a->rtt.dp, a->rtt.wp);
		assert(b->cycles == a->rtt.cycles);   /* every part of W printed */
		return;
	}
	term(b, rx->cycles, "(rt-rx above)", "the request: rt-rx bound");
	term(b, tx->cycles, "(rt-tx above)", "the answer: rt-tx bound");
}

/* TX completions: from a frame's last bit out (its descriptor written
 * back) to its interrupt taken, J_tx, as J_mod for RX (model/nic.c): at
 * once with nic.tidv 0 (ITR still holds it); else the timer restarted by
 * each of at most 3 x nic.tx_ring write-backs (the descriptors posted
 * when the cause became pending, and those posted in the slots the handler
 * runs already under way free: the one running and the one the line
 * holds), ITR holding the first due time up to nic.itr_interval after the
 * last interrupt, which came before our write-back, so that one just
 * before then restarts it once more: max(tidv, itr) + (3 x tx_ring - 1) x
 * tidv (review n47: taken as a max of the two, a write-back during the
 * ITR hold went 421200 cycles past it); with nic.tadv, no later than
 * max(tadv, itr) after our write-back (the first unsignalled one is no
 * later); then bus.irq_latency. Write-backs are at least the shortest
 * frame's wire time apart. A slot is free once the handler has cleaned
 * its descriptor: J_tx, then the handler's job and the one it may be
 * running (each at most cost.rt_irq + nic.tx_ring x cost.tx_clean) on
 * RT's supply. */
static void tx_setup(struct an *a)
{
	uint64_t tidv = C(a, C_NIC_TIDV), tadv = C(a, C_NIC_TADV), itr = C(a, C_NIC_ITR_INTERVAL);
	uint64_t ring = a->c->v[C_NIC_TX_RING];
	uint64_t base = 0;
	if (tidv) {               /* 0: at once (model/nic.c) */
		base = sat_add(max64(tidv, itr), sat_mul(sat_mul(3, ring) - 1, tidv));
		if (tadv)
			base = min64(base, max64(tadv, itr));
	}
	a->tx_gap = tidv ? sat_add(tadv ? min64(tidv, tadv) : tidv, 1) : 0;
	a->J_tx = sat_add(max64(base, itr), C(a, C_BUS_IRQ_LATENCY));
}

static void tx_free_delay(struct an *a)
{
	uint64_t job = sat_add(C(a, C_RT_IRQ), sat_mul(a->c->v[C_NIC_TX_RING], C(a, C_TX_CLEAN)));
	a->tx_free = sat_add(a->J_tx, supply_inv(a, sat_mul(2, job)));
}

/* The least time from an RT frame's request to its last bit out: at least
 * the shortest RT frame's serialisation to its FCS (its DMA and the
 * application's work come on top; not counted). */
static uint64_t tx_least(const struct an *a)
{
	uint32_t m = UINT32_MAX;
	for (size_t i = 0; i < a->nrtp; i++)
		m = (uint32_t)min64(m, a->rtp[i].len);
	for (size_t i = 0; i < a->ncg; i++)
		m = (uint32_t)min64(m, a->cg[i].len);
	m = (uint32_t)min64(m, min64(a->echo_min, a->rep_rt_min));
	if (m == UINT32_MAX)
		return 0;
	return wire_muldiv_floor(wire_bytes_to_fcs(m) * 8, a->hz, a->c->v[C_LINK_BPS]);
}

/* Set the dispatcher's supply for a class; false (and the class refused)
 * when RT's TDMA slice cannot hold the two world switches. */
static bool supply(struct an *a, bool gp, struct bound_class *b)
{
	uint64_t sw = gp ? 2 * a->c->v[C_WORLD_SWITCH] : 0;
	a->block = 0;
	if (!a->tdma) {
		a->block = sw;
		return true;
	}
	a->F = cost_cycles(a->c, C_TDMA_FRAME);
	uint64_t S = cost_cycles(a->c, C_TDMA_RT_SLICE);
	if (S <= sw) {
		none(b, BS_NONE, "RT's slice (dispatcher.tdma_rt_slice, %" PRIu64 " cycles) is not "
		     "longer than two world switches (cost.world_switch x 2 = %" PRIu64 " cycles): "
		     "RT may never run", S, sw);
		return false;
	}
	a->Q = S - sw;
	/* RT idle since its slice began with GP's context still on the CPU: its
	 * first work of the slice pays a switch wherever in the slice it comes
	 * (and that switch may end with the slice). From then on RT's context
	 * stays, and each later slice loses the 2W at its start. So once a
	 * window, W more than F - Q (a review, 2026-12-07, measured F - S + 3W
	 * - 1 without RT: rt-tx 194029 > 167772 cycles with a 30000-cycle switch) */
	a->mid = sw / 2;
	return true;
}

/* A bound above 2^63 - 1 cycles has saturated somewhere (every sum and
 * product stops at 2^64 - 1) and is no number a run or summary.json's
 * integers can hold: no bound, naming the largest term's keys. */
#define BOUND_MAX_CYCLES ((uint64_t)INT64_MAX)

static void too_big(struct bound_class *b)
{
	if (b->status != BS_OK || b->cycles <= BOUND_MAX_CYCLES)
		return;
	unsigned big = 0;
	for (unsigned i = 1; i < b->nt; i++)
		if (b->t[i].cycles > b->t[big].cycles)
			big = i;
	char key[160];
	snprintf(key, sizeof key, "%s", b->nt ? b->t[big].key : "?");
	none(b, BS_NONE, "the bound passes 2^63 - 1 cycles: its largest term comes from %s", key);
}

int bound_compute(const struct scenario *sc, struct bound_result *r, char *err, size_t errlen)
{
	struct an a;
	struct gaps echo_gaps = {0}, rep_gaps = {0};
	memset(&a, 0, sizeof a);
	a.echo_gaps = &echo_gaps;
	a.rep_gaps = &rep_gaps;
	memset(r, 0, sizeof *r);
	a.sc = sc;
	a.c = &sc->costs;
	a.hz = sc->costs.v[C_CPU_HZ];
	r->hz = a.hz;
	a.cyc_irq = C(&a, C_RT_IRQ);
	a.cyc_clean = C(&a, C_TX_CLEAN);
	a.cyc_irql = C(&a, C_BUS_IRQ_LATENCY);
	a.cyc_itr = C(&a, C_NIC_ITR_INTERVAL);
	const uint64_t *v = sc->costs.v;
	a.c_rtp = v[C_RT_APP_TX] + v[C_RT_DRV_TX] + v[C_TXS_PICK];
	a.c_rep = a.c_rtp;
	a.c_echo = v[C_RT_ECHO] + v[C_RT_DRV_TX] + v[C_TXS_PICK];
	a.g_min = UINT32_MAX;
	a.rx_dma_min = INF;
	a.tx_min = UINT32_MAX;
	a.echo_min = a.rep_rt_min = a.rep_gp_min = UINT32_MAX;
	a.tx_jit = INF;
	a.run_cycles = sc->duration_ps ? cost_ps_to_cycles_floor(a.c, sc->duration_ps) : INF;
	a.tail_min = INF;
	a.rx_min = INF;
	a.first_gp_t = INF;
	a.gp_total = INF;
	a.gp_pend = INF;
	a.gp_bulk_bytes = INF;
	int rc = 0;
	for (size_t i = 0; i < sc->n_bulk; i++) {
		a.gp_tx = a.gp_work = true;
		a.g_min = (uint32_t)min64(a.g_min, sc->bulk[i].frame_size);
		a.g_max = (uint32_t)max64(a.g_max, sc->bulk[i].frame_size);
		a.tx_min = (uint32_t)min64(a.tx_min, sc->bulk[i].frame_size);
	}
	a.rtp = calloc(sc->n_rtp ? sc->n_rtp : 1, sizeof *a.rtp);
	if (!a.rtp) {
		snprintf(err, errlen, "out of memory");
		return 2;
	}
	for (size_t i = 0; i < sc->n_rtp; i++) {
		const struct scen_rtp *p = &sc->rtp[i];
		struct rtp_arr *ra = &a.rtp[a.nrtp];
		uint32_t ch = p->channels ? p->channels : 1;
		ra->off = calloc(ch, sizeof *ra->off);
		ra->arc = calloc(ch, sizeof *ra->arc);
		if (!ra->off || !ra->arc) {
			free(ra->off);
			free(ra->arc);
			snprintf(err, errlen, "out of memory");
			rc = 2;
			goto out;
		}
		a.nrtp++;
		ra->period_ps = p->ptime_ps;
		ra->n = ch;
		for (uint32_t k = 0; k < ch; k++)
			ra->off[k] = (uint64_t)(((unsigned __int128)k * p->stagger_ps) % p->ptime_ps);
		qsort(ra->off, ch, sizeof *ra->off, cmp_u64);
		rtp_arcs(ra);
		uint32_t len = 14u + (p->ipv6 ? 40u : 20u) + 8u + 12u + p->payload;
		ra->len = len;
		a.tx_len = (uint32_t)max64(a.tx_len, len);
		a.tx_min = (uint32_t)min64(a.tx_min, len);
		a.rt_tx = true;
	}
	for (size_t i = 0; i < sc->n_tl; i++) {
		enum scen_tl_kind k = sc->tl[i].kind;
		if (k == TL_GP_BIND || k == TL_GP_UNBIND)
			continue;
		a.n_ctl++;
		if (k != TL_RELINQUISH && k != TL_CLAIM) {
			a.gp_work = true;   /* typed in GP, passed on by GP's proxy */
			a.gp_cmds++;
		}
	}
	if (sc->trace && (rc = scan_capture(&a, err, errlen)) != 0)
		goto out;
	/* generated calls played with the far end a model (with calls.far.remote
	 * the far end is a world's host: not analysed, as a world's computers
	 * are not checked) */
	if (sc->gen_mode && !sc->far_remote && sc->calls_sip != CALLS_SIP_OFF &&
	    (rc = scan_calls(&a, err, errlen)) != 0)
		goto out;
	if (a.calls && sc->n_bulk == 0) {
		a.gp_total = sat_add(a.gp_calls, a.rep_gp_n);
		a.gp_pend = sat_add(a.gp_calls_pend, a.rep_gp_n);
	}
	if (!a.gp_tx)
		a.g_min = a.g_max = 0;
	gp_committed(&a);
	tx_setup(&a);
	r->gp_may_work = a.gp_work;
	r->gp_tx = a.gp_tx;
	r->rx_frames = a.rx_h.n;
	r->calls = a.n_calls;
	r->calls_peak = a.calls_peak;
	/* the dispatcher's supply: world switches are paid only when GP may
	 * hold the CPU; for rt-rx, only when GP has work before the last RT
	 * frame arrives (frames on the wire never share a last bit) */
	a.tdma = sc->disp == DISP_TDMA || sc->disp == DISP_TDMA_PREEMPT;
	{   /* RT's jobs (each thread's work per frame or request): one of 0 cycles */
		const uint64_t job[] = {
			v[C_RT_IRQ], v[C_RT_INPUT] + v[C_CLASSIFY], v[C_RT_DELIVER], v[C_ARP_UPDATE],
			v[C_PROXY_FIXED] + v[C_PROXY_PER_BYTE] + v[C_CROSS_IRQ], a.c_rtp, a.c_echo,
			v[C_RT_PROXY_TX] + v[C_TXS_PICK], v[C_CONTROL_APPLY]};
		for (size_t i = 0; i < sizeof job / sizeof job[0]; i++)
			if (job[i] == 0)
				a.zero_tail = true;
	}
	/* split: RT has a processor of its own; GP never holds it, so no world
	 * switch blocks RT (the channels' bus delays GP's frames, not RT's) */
	bool split = sc->disp == DISP_SPLIT;
	a.ch2_fills = a.tdma || split || a.c->v[C_BUS_CHAN_LATENCY] || a.c->v[C_BUS_CHAN_PER_BYTE];
	a.gp_early = a.gp_early || sc->n_bulk || a.gp_cmds;
	bool gp_rx = a.gp_early || a.first_gp_t < a.last_rt_t;
	if (gaps_build(&echo_gaps, &a.rx_echo) || gaps_build(&rep_gaps, &a.tx_rep)) {
		snprintf(err, errlen, "out of memory");
		rc = 2;
		goto out;
	}
	wb_setup(&a);
	/* The TX completions count RT frames from their requests, over the
	 * rt-tx bound's spread (tx_jit): first with none known (only the wire
	 * limits them), then with each bound found. Each round's bounds hold
	 * given the round before's (the counts only shrink as the spread
	 * does), so every round is sound; stop when one gains nothing. */
	struct bound_class keep[BC__COUNT];
	bool have = false;
	for (unsigned round = 0; round < 8; round++) {
		memset(&r->c[BC_RT_RX], 0, sizeof r->c[BC_RT_RX]);
		memset(&r->c[BC_RT_TX], 0, sizeof r->c[BC_RT_TX]);
		if (supply(&a, gp_rx && !split, &r->c[BC_RT_RX]))
			class_rx(&a, r);
		if (supply(&a, a.gp_work && !split, &r->c[BC_RT_TX])) {
			tx_free_delay(&a);
			gp_backlog(&a, r);
			class_tx(&a, r);
		}
		const struct bound_class *t = &r->c[BC_RT_TX];
		if (have && (t->status != BS_OK || t->cycles >= keep[BC_RT_TX].cycles)) {
			if (t->status != BS_OK || t->cycles > keep[BC_RT_TX].cycles ||
			    r->c[BC_RT_RX].cycles > keep[BC_RT_RX].cycles)
				memcpy(r->c, keep, sizeof keep);   /* never looser */
			break;
		}
		if (t->status != BS_OK || !a.rt_tx)
			break;
		memcpy(keep, r->c, sizeof keep);
		have = true;
		uint64_t least = tx_least(&a);
		a.tx_jit = t->cycles > least ? t->cycles - least : 0;
	}
	too_big(&r->c[BC_RT_RX]);
	too_big(&r->c[BC_RT_TX]);
	class_rtt(&a, r);      /* after the last round: rt-rx's and rt-tx's */
	too_big(&r->c[BC_RT_RTT]);
	r->gp_busy = a.gp_busy > BOUND_MAX_CYCLES ? 0 : a.gp_busy;
	r->gp_pend = a.gp_busy ? a.gp_pend : 0;
	/* calls whose far end is a world's host were not analysed (above): RT
	 * sends and receives their RTP all the same, so that is no bound, not
	 * no traffic */
	bool remote = sc->gen_mode && sc->far_remote && sc->calls_sip != CALLS_SIP_OFF;
	static const char remote_why[] = "the generated calls' far end is a world's host "
	                                 "(calls.far.remote): their frames are not analysed, as a "
	                                 "world's computers are not checked against the bound";
	if (!a.rt_tx)
		none(&r->c[BC_RT_TX], remote ? BS_NONE : BS_NO_TRAFFIC, "%s",
		     remote ? remote_why : "no RT frame is sent (no traffic.rtp, no echo of an RT "
		                           "frame, no replayed RT frame)");
	if ((!sc->trace || a.rt_rx_frames == 0) && !a.calls)
		none(&r->c[BC_RT_RX], remote ? BS_NONE : BS_NO_TRAFFIC, "%s",
		     remote ? remote_why : sc->trace ? "no frame of the capture can go to RT"
		                                     : "no capture (trace.file): nothing is received");
	if (!sc->echo.enabled || a.rx_echo.n == 0)
		rtt_uncaptured(&a, &r->c[BC_RT_RTT]);
out:
	for (size_t i = 0; i < a.nrtp; i++) {
		free(a.rtp[i].off);
		free(a.rtp[i].arc);
	}
	free(a.rtp);
	seq_free(&a.rx_h);
	seq_free(&a.rx_dma);
	seq_free(&a.rx_tail);
	seq_free(&a.rx_echo);
	seq_free(&a.rx_gpw);
	seq_free(&a.tx_rep);
	gaps_free(&echo_gaps);
	gaps_free(&rep_gaps);
	free(a.cg);
	free(a.fsip);
	return rc;
}

int bound_run_dir(const char *dir, struct bound_result *r, char *err, size_t errlen)
{
	char *cy = paths_join(dir, "config.yaml");
	char *msg = NULL;
	size_t ml = 0;
	FILE *m = open_memstream(&msg, &ml);
	struct scenario *sc = cy && m ? scenario_load(cy, NULL, 0, m) : NULL;
	if (m)
		fclose(m);
	int rc = 2;
	if (!sc)
		snprintf(err, errlen, "%s: %s", cy ? cy : dir, msg && *msg ? msg : "cannot load");
	else
		rc = bound_compute(sc, r, err, errlen);
	scenario_free(sc);
	free(msg);
	free(cy);
	return rc;
}

/* ---- output ---------------------------------------------------------------- */

static const enum scen_class cls_map[BC__COUNT] = {CLS_RT_RX, CLS_RT_TX, CLS_RT_RTT};

enum scen_class bound_scen_class(enum bound_cls c)
{
	return cls_map[c];
}

const char *bound_cls_name(enum bound_cls c)
{
	return scen_class_name(cls_map[c]);
}

const char *bound_ns(uint64_t cycles, uint64_t hz, char *buf, size_t n)
{
	/* ns with three decimals, rounded up (a bound is never understated) */
	unsigned __int128 x = (unsigned __int128)cycles * UNITS_PS_PER_S;
	return units_ns_text(x / hz + (x % hz != 0), buf, n);
}

void bound_print_class(const struct bound_result *r, enum bound_cls c, FILE *out)
{
	const struct bound_class *b = &r->c[c];
	char t[48];
	if (b->status == BS_NO_TRAFFIC) {
		fprintf(out, "%s: no traffic: %s\n", bound_cls_name(c), b->why);
		return;
	}
	if (b->status == BS_NONE) {
		fprintf(out, "%s: no bound: %s\n", bound_cls_name(c), b->why);
		return;
	}
	fprintf(out, "%s: bound %s ns = %" PRIu64 " cycles\n", bound_cls_name(c),
	        bound_ns(b->cycles, r->hz, t, sizeof t), b->cycles);
	for (unsigned i = 0; i < b->nt; i++)
		fprintf(out, "  %c %12s ns %10" PRIu64 " cycles  %s  [%s]\n", b->t[i].minus ? '-' : '+',
		        bound_ns(b->t[i].cycles, r->hz, t, sizeof t), b->t[i].cycles, b->t[i].name,
		        b->t[i].key);
}

void *bound_json(const struct bound_result *r)
{
	json_t *o = json_object();
	char t[48];
	for (int c = 0; o && c < BC__COUNT; c++) {
		const struct bound_class *b = &r->c[c];
		json_t *x = json_object();
		if (!x) {
			json_decref(o);
			return NULL;
		}
		if (b->status == BS_OK) {
			json_object_set_new(x, "status", json_string("ok"));
			json_object_set_new(x, "cycles", json_integer((json_int_t)b->cycles));
			json_object_set_new(x, "ns", json_string(bound_ns(b->cycles, r->hz, t, sizeof t)));
			json_t *ts = json_array();
			for (unsigned i = 0; ts && i < b->nt; i++) {
				json_t *e = json_object();
				json_object_set_new(e, "name", json_string(b->t[i].name));
				json_object_set_new(e, "key", json_string(b->t[i].key));
				json_object_set_new(e, "cycles", json_integer((json_int_t)b->t[i].cycles));
				json_object_set_new(e, "ns", json_string(bound_ns(b->t[i].cycles, r->hz, t,
				                                                  sizeof t)));
				json_object_set_new(e, "sign", json_integer(b->t[i].minus ? -1 : 1));
				json_array_append_new(ts, e);
			}
			json_object_set_new(x, "terms", ts);
		} else {
			json_object_set_new(x, "status",
			                    json_string(b->status == BS_NO_TRAFFIC ? "no-traffic" : "none"));
			json_object_set_new(x, "why", json_string(b->why));
		}
		json_object_set_new(o, bound_cls_name((enum bound_cls)c), x);
	}
	if (o && r->gp_busy) {
		json_t *x = json_object();
		json_object_set_new(x, "status", json_string("ok"));
		json_object_set_new(x, "cycles", json_integer((json_int_t)r->gp_busy));
		json_object_set_new(x, "ns", json_string(bound_ns(r->gp_busy, r->hz, t, sizeof t)));
		json_object_set_new(x, "frames_on_their_way", json_integer((json_int_t)r->gp_pend));
		json_object_set_new(o, "gp-tx", x);
	}
	return o;
}

/* One maximum against its bound: the verify.txt line, and the frames above
 * it from l's top samples. 0 within, 1 above. */
static int check_max(FILE *v, const char *cn, const struct engine_lat *l, uint64_t bound,
                     uint64_t hz, const char *what)
{
	char t1[48], t2[48];
	bool bad = l->max > bound;
	/* the measured maximum rounded down, as summary.json has it; the bound
	 * rounded up */
	units_ns_text(units_cyc_ps_wide(l->max, hz), t1, sizeof t1);
	fprintf(v, "bound %s  %s: measured max %" PRIu64 " cycles = %s ns, analytic bound %"
	        PRIu64 " cycles = %s ns (%snicshare bound)\n", bad ? "FAIL" : "ok  ", cn, l->max,
	        t1, bound, bound_ns(bound, hz, t2, sizeof t2), what);
	if (!bad)
		return 0;
	fprintf(v, "      a measured maximum above the analytic bound is a bug in the model or in "
	        "the bound (doc/bound.md); the frames above it:\n");
	for (unsigned i = 0; i < l->ntop; i++) {
		const struct hist_top *tp = &l->top[i];
		if (tp->value <= bound)
			break;
		fprintf(v, "        frame %s%" PRIu64 " ending at cycle %" PRIu64 "  latency %" PRIu64
		        " cycles = %s ns\n", tp->tx ? "o" : "", tp->frame, tp->at, tp->value,
		        bound_ns(tp->value, hz, t1, sizeof t1));
	}
	return 1;
}

int bound_check_class(const struct bound_result *r, enum bound_cls c,
                      const struct engine_stats *st, FILE *v)
{
	const struct bound_class *b = &r->c[c];
	const struct engine_lat *l = &st->lat[cls_map[c]];
	const char *cn = bound_cls_name(c);
	if (l->count == 0)
		return -1;
	if (b->status != BS_OK) {
		fprintf(v, "bound note  %s: no analytic bound: %s\n", cn, b->why);
		return -1;
	}
	return check_max(v, cn, l, b->cycles, r->hz, "");
}

int bound_check_gp(const struct bound_result *r, const struct engine_stats *st, FILE *v)
{
	const struct engine_lat *l = &st->lat[CLS_GP_TX];
	if (l->count == 0 || r->gp_busy == 0)
		return -1;
	return check_max(v, "gp-tx", l, r->gp_busy, r->hz, "GP's bulk frames on their way out, ");
}

/* ---- nicshare bound ---------------------------------------------------------- */

static const struct cli_opt bound_opts[] = {
	{"set", 0, "KEY=VALUE", "override a scenario key, as for run (repeatable)"},
	{"trace", 0, "FILE", "input capture, overriding the scenario's trace.file"},
	{"json", 0, NULL, "the same as one JSON object (the \"bound\" of summary.json)"},
};
static const struct cli_cmd bound_cmd = {
	"bound", "bound [SCENARIO.yaml] [--set KEY=VALUE ...] [--trace FILE] [--json]",
	"A worst-case latency bound for each RT class (rt-rx, rt-tx, rt-rtt) from\n"
	"the configuration alone, by response-time analysis of the model: every\n"
	"term with its value and the configuration keys it comes from\n"
	"(doc/bound.md). Arrivals: a capture's frames as the model's wire delivers\n"
	"them; generated RTP items at any start offset (their stagger kept);\n"
	"generated calls (calls.generator), every call at any phase. Each call's\n"
	"RTP has its class's bound (every run checks each call against it). GP's\n"
	"bulk frames (traffic.bulk), when a busy period bounds them, get a gp-tx\n"
	"bound too (a header line; \"gp-tx\" in the JSON; every run checks it).\n",
	bound_opts, sizeof bound_opts / sizeof bound_opts[0],
	"Exit status: 0 every RT class with traffic has a bound; 2 bad usage or input\n"
	"(a capture a run would refuse, named by frame), no RT traffic, or a class\n"
	"without a bound (the reason is printed).\n"};

struct bound_args {
	const char **sets;
	size_t nsets;
	const char *trace, *path;
	bool as_json;
};

static int bound_opt(void *ctx, int i, const char *arg)
{
	struct bound_args *b = ctx;
	if (i < 0) {
		if (b->path)
			return cli_bad("bound", "more than one scenario file", arg);
		b->path = arg;
	} else if (i == 0) {
		if (!strchr(arg, '='))
			return cli_bad("bound", "--set needs KEY=VALUE", arg);
		b->sets[b->nsets++] = arg;
	} else if (i == 1) {
		b->trace = arg;
	} else {
		b->as_json = true;
	}
	return 0;
}

int bound_main(int argc, char **argv)
{
	struct bound_args ba = {calloc((size_t)argc + 1, sizeof(char *)), 0, NULL, NULL, false};
	int rc = 2;
	if (!ba.sets)
		return 2;
	int pr = cli_parse(&bound_cmd, argc, argv, bound_opt, &ba);
	if (pr != 0) {
		rc = pr == 3 ? 0 : 2;
		goto out;
	}
	const char **sets = ba.sets;
	size_t nsets = ba.nsets;
	const char *trace = ba.trace, *path = ba.path;
	bool as_json = ba.as_json;
	if (scenario_world_override("bound", sets, nsets, stderr))
		goto out;
	struct scenario *sc = scenario_load(path, sets, nsets, stderr);
	if (!sc)
		goto out;
	if (trace) {
		free(sc->trace);
		sc->trace = strdup(trace);
	}
	struct bound_result *r = calloc(1, sizeof *r);
	char err[512];
	if (!r || bound_compute(sc, r, err, sizeof err) != 0) {
		fprintf(stderr, "nicshare bound: %s\n", r ? err : "out of memory");
		free(r);
		scenario_free(sc);
		goto out;
	}
	int with = 0, ok = 0;
	for (int c = 0; c < BC__COUNT; c++) {
		with += r->c[c].status != BS_NO_TRAFFIC;
		ok += r->c[c].status == BS_OK;
	}
	if (with == 0) {
		/* GP's bulk frames may still have their gp-tx bound, which a run's
		 * verify.txt names this command for (review n50): said too */
		char t[48], gp[256] = "";
		if (r->gp_busy)
			snprintf(gp, sizeof gp, "; GP's bulk frames (gp-tx) each leave the wire within "
			         "%" PRIu64 " cycles = %s ns of their send request, the bound every run "
			         "checks gp-tx against", r->gp_busy, bound_ns(r->gp_busy, r->hz, t, sizeof t));
		fprintf(stderr, "nicshare bound: %s: the scenario has no RT traffic (no capture frame "
		        "for RT, no traffic.rtp, no echo): there is no RT class to bound%s\n",
		        path ? path : "default", gp);
		free(r);
		scenario_free(sc);
		goto out;
	}
	if (as_json) {
		json_t *j = bound_json(r);
		if (!j || json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0) {
			fprintf(stderr, "nicshare bound: cannot write JSON\n");
			json_decref(j);
			free(r);
			scenario_free(sc);
			goto out;
		}
		putchar('\n');
		json_decref(j);
	} else {
		printf("# nicshare bound: scenario %s, cpu.hz %" PRIu64 " Hz; ns rounded up\n",
		       sc->name ? sc->name : "default", r->hz);
		printf("# assumptions: GP %s; GP frames %s on the transmit "
		       "path; %" PRIu64 " capture frame%s the NIC may accept; generated RTP items at any "
		       "start offset\n",
		       sc->disp == DISP_SPLIT ? "on a processor of its own (no world switch)"
		       : r->gp_may_work       ? "may hold the CPU (world switches paid)"
		                              : "never holds the CPU (world switches never paid)",
		       r->gp_tx ? "are" : "are never", r->rx_frames, s_of(r->rx_frames));
		if (r->gp_busy) {
			char t[48];
			printf("# GP's bulk frames (traffic.bulk): each leaves the wire within %" PRIu64
			       " cycles = %s ns of its send request (the processor, DMA and wire busy "
			       "together); frames on their way out at once: at most %" PRIu64 "; every "
			       "run checks gp-tx against it\n", r->gp_busy, bound_ns(r->gp_busy, r->hz, t, sizeof t),
			       r->gp_pend);
		}
		if (sc->has_world)
			printf("# a world: this is the computer of this file alone, from its own capture "
			       "and traffic; what the network brings it is not among its arrivals, and "
			       "a world run does not check it (doc/verify.md, \"In a world\")\n");
		if (r->calls)
			printf("# generated calls: %" PRIu64 " that may start in the run, every one taken as "
			       "in progress with every other (the schedule's peak is %" PRIu32 "; GP's "
			       "processing may move answers and claims later), each at any phase\n",
			       r->calls, r->calls_peak);
		for (int c = 0; c < BC__COUNT; c++)
			bound_print_class(r, (enum bound_cls)c, stdout);
	}
	rc = ok == with ? 0 : 2;
	if (rc)
		fprintf(stderr, "nicshare bound: no bound for a class with traffic (reason above)\n");
	free(r);
	scenario_free(sc);
out:
	free(ba.sets);
	return rc;
}

const struct bound_result *bound_once_get(struct bound_once *b, const struct scenario *sc,
                                          const char **why)
{
	if (!b->done) {
		b->done = true;
		b->r = calloc(1, sizeof *b->r);
		if (!b->r) {
			b->rc = 2;
			snprintf(b->why, sizeof b->why, "out of memory");
		} else if ((b->rc = bound_compute(sc, b->r, b->why, sizeof b->why)) != 0) {
			free(b->r);
			b->r = NULL;
		}
	}
	*why = b->why;
	return b->r;
}

void bound_once_free(struct bound_once *b)
{
	free(b->r);
	memset(b, 0, sizeof *b);
}
