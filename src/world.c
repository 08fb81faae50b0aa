/* world.c - the SimGrid side, see world.h.
 * Models the patent's second embodiment (Fig. 9: gateway 902 across the IP
 * network 908 to a far computer 904 and a billing computer 906) and Fig.
 * 2's "another computer system 200".
 *
 * The platform is one zone (routing Full) with a host per computer (speed =
 * its CPU clock, flops = cycles) or plain host, a SimGrid link per world
 * link and a route per world route; it is written to a temporary file
 * because SimGrid 3.32's C API has no load-from-string, and removed once
 * loaded.
 *
 * Time. The world counts ticks: W ticks per second, W = lcm(10^12, every
 * computer's cpu.hz), so that a cycle of any computer (W / hz ticks) and a
 * picosecond (W / 10^12 ticks) are whole numbers of ticks and every
 * conversion is exact: cycles -> ticks multiply; ticks -> cycles divide,
 * rounding up for an arrival (the first cycle at or after the last bit) and
 * down for a horizon (the last cycle wholly inside it). SimGrid's clock is
 * (double)ticks / W, used only for the actors' sleeps; surf/precision is
 * 1e-15 so that the sleeps land on those instants.
 *
 * Links (doc/engine.md, "The world"): each direction of a link is a FIFO
 * port that serialises frames one after the other (store and forward at
 * every hop), counted in integer bits per busy period as model/wire.c does,
 * then adds the link's latency. A frame's arrival at the next hop is known
 * when it enters the link, which is what conservative lookahead needs.
 * With world.network: simgrid (the default) each port is an actor that
 * puts every frame on its link as a SimGrid communication, and the frame
 * reaches the next hop when SimGrid delivers it (checked against the
 * port's tick); with exact, the hosts' actors move frames between hops
 * themselves (ports_advance).
 *
 * Synchronisation. A host's actor wakes at T, (exact: every port takes
 * the frames whose order at it is settled, ports_advance; simgrid: waits
 * for the arrivals announced up to T), hands its host the frames that
 * arrive up to H = T + lookahead (the smallest latency of a link into it:
 * anything arriving by H left its last link by T), or further: exact, up
 * to the first tick at which a frame not yet in its inbox can arrive,
 * arrival_bound; simgrid: up to the first tick at
 * which a frame not yet announced to it can arrive, arrival_bound_sg,
 * but before the next announced arrival), runs its host to H and sleeps
 * until H (simgrid: H + 1). When the whole world is quiet but for a
 * future event, H jumps to that event + lookahead. */
#include "world.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/cost.h"
#include "../model/frame.h"
#include "../model/wire.h"
#include "bound.h"
#include "calls.h"
#include "json.h"
#include "node.h"
#include "outputs.h"
#include "paths.h"
#include "phost.h"
#include "sglib.h"
#include "summary.h"
#include "tracew.h"
#include "units.h"
#include "verify.h"
#include "workers.h"

/* SimGrid, loaded by sg_start() (sglib.h); one per process, as SimGrid's
 * engine is. */
static const struct sglib *simgrid;

/* Load and start SimGrid, and load a platform written by `write`. Returns
 * 0, or 2 after a message. */
static int sg_start(void (*write)(FILE *, const void *), const void *ctx, FILE *err)
{
	simgrid = sglib_load(err);
	if (!simgrid)
		return 2;
	char plat[] = "/tmp/nicshare-platform-XXXXXX";
	int fd = mkstemp(plat);
	if (fd < 0) {
		fprintf(err, "nicshare: cannot create a temporary platform file in /tmp\n");
		return 2;
	}
	FILE *f = fdopen(fd, "w");
	fprintf(f, "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM "
	           "\"https://simgrid.org/simgrid.dtd\">\n<platform version=\"4.1\">\n"
	           "  <zone id=\"world\" routing=\"Full\">\n");
	write(f, ctx);
	fprintf(f, "  </zone>\n</platform>\n");
	fclose(f);

	/* Settings go to simgrid_init() as --cfg options: the context factory
	 * must be chosen before SimGrid creates it. Under AddressSanitizer or
	 * ThreadSanitizer the thread factory is used (neither can follow raw
	 * stack switching).
	 * CM02 with crosstraffic off: a link's latency is its latency (the
	 * default LV08 multiplies it by 13.01, SimGrid's --help-models); TCP-gamma
	 * 0: no window bound (by default a flow gets at most 4 MiB / (2 x
	 * latency): 839 Mbit/s on a 20 ms link, so a frame on a 1 Gbit/s link
	 * of 20 ms took 2.155 us to send, not 1.808). */
	char arg0[] = "nicshare";
	char prec[] = "--cfg=surf/precision:1e-15";
	char logc[] = "--log=root.thres:critical";
	char model[] = "--cfg=network/model:CM02";
	char cross[] = "--cfg=network/crosstraffic:0";
	char tcpg[] = "--cfg=network/TCP-gamma:0";
	char fact[] = "--cfg=contexts/factory:thread";
	char *argv[8] = {arg0, prec, logc, model, cross, tcpg, NULL, NULL};
	int argc = 6;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	argv[argc++] = fact;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
	argv[argc++] = fact;
#endif
#endif
	(void)fact;
	/* simgrid_init() sets SimGrid's own SIGINT handler; the caller's
	 * handlers (engine_opts.stop's, main.c) are put back after it. */
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	simgrid->simgrid_init(&argc, argv);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	simgrid->xbt_log_control_set("root.thres:critical");
	simgrid->simgrid_load_platform(plat);
	unlink(plat);
	return 0;
}

/* ---- a world of several hosts ---------------------------------------------- */

/* Where a frame between hosts ends when it is not delivered (world.json):
 * no host has its destination address, no route joins the two hosts, the
 * link it enters is down, the link lost it, the port's queue was full
 * (drop-tail), or it reached a computer whose
 * own run.duration had ended. */
enum wdrop { WD_NO_HOST = 0, WD_NO_ROUTE, WD_LINK_DOWN, WD_LINK_LOSS, WD_QUEUE_FULL,
             WD_HOST_ENDED, WD__COUNT };
static const char *const wdrop_name[WD__COUNT] = {"no-host", "no-route", "link-down",
                                                  "link-loss", "link-queue-full", "host-ended"};
#define MAX_HOPS WCFG_MAX_HOPS   /* a longer route is refused when the world is read */

struct wf {                    /* a frame in the world */
	uint64_t t;                /* ticks: enters its next hop's port, or arrival (inbox) */
	uint64_t start;            /* ticks: starts on the port's link (simgrid) */
	struct wf *next;           /* in a port's start or in-flight list (simgrid) */
	uint64_t sent;             /* ticks: its last bit left the sender */
	uint32_t src, seq;         /* sender and its frame number: the tie-break */
	int dst;
	uint16_t hop, nhops;
	int route[MAX_HOPS];       /* link index, +1, negated when crossed backwards */
	uint32_t flow;
	uint32_t caplen, wirelen;
	uint8_t *data;
	uint32_t room;             /* bytes at data (kept while in the free list) */
	/* exact: a run, frames that left one port for one heap, in their
	 * order; only its first is in the heap (run_push) */
	struct wf *rnext;          /* the run's next frame */
	uint64_t rnext_t, rnext_tie;   /* its key: heap_pop puts it in the heap
	                              without reading the next frame */
	struct wf **rtail;         /* the run's last frame: the port's pointer to it */
	int chan;                  /* a message on a computer's remote bus: its
	                              channel (node_busmsg); -1: a frame */
	/* last: wf_new does not clear it (inject writes it whole) */
	struct frame_info fi;      /* a frame's parse, made once (its sender's
	                              node, or inject), handed on with it */
};

/* A min-heap of frames by (tick, sender, number). Each entry carries its
 * frame's key, so sifting compares within the array and touches no frame
 * (thousands are in flight on a WAN: a frame per level would be a cache
 * miss per level). A frame's t does not change while it is in a heap.
 * An entry may be the first frame of a run (exact network, run_push): the
 * frames a port sent on to one heap (the next port's queue, a host's
 * inbox), or a host sent, in the order of their ticks, which rise
 * strictly at a port; popping it puts the run's next in its place. The
 * frames pop in the same order as if each had its own entry, and the
 * heaps hold a run per port instead of every frame on a link (make
 * bench's world of 1000 calls: ~2,000 frames on its 20 ms WAN, 3 pushes
 * and 3 pops per frame in one heap then; heap_pop was 7% of the run). */
struct hent { uint64_t t, tie; struct wf *f; };
struct heap { struct hent *v; size_t n, cap; };

static inline bool hent_before(const struct hent *a, const struct hent *b)
{
	return a->t < b->t || (a->t == b->t && a->tie < b->tie);
}

/* Array v of *cap elements of size sz, doubled (64 at first). */
static void *heap_grow(void *v, size_t *cap, size_t sz)
{
	*cap = *cap ? *cap * 2 : 64;
	v = realloc(v, *cap * sz);
	if (!v) {
		fputs("nicshare: out of memory\n", stderr);
		exit(2);
	}
	return v;
}

static inline struct hent hent_of(struct wf *f)
{
	return (struct hent){f->t, (uint64_t)f->src << 32 | f->seq, f};
}

static void heap_push(struct heap *h, struct wf *f)
{
	if (h->n == h->cap)
		h->v = heap_grow(h->v, &h->cap, sizeof *h->v);
	struct hent e = hent_of(f);
	size_t i = h->n++;
	while (i && hent_before(&e, &h->v[(i - 1) / 2])) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = e;
}

static struct wf *heap_top(const struct heap *h) { return h->n ? h->v[0].f : NULL; }

static struct wf *heap_pop(struct heap *h)
{
	struct wf *top = h->v[0].f;
	assert(top->t == h->v[0].t);     /* not moved while queued */
	if (top->rtail) {                /* the last of its run: the run ends */
		*top->rtail = NULL;
		top->rtail = NULL;
	}
	/* the run's next takes its place, or the last entry does */
	struct hent last = top->rnext ? (struct hent){top->rnext_t, top->rnext_tie, top->rnext}
	                              : h->v[--h->n];
	if (top->rnext)                  /* most often the next popped: on its way to the */
		__builtin_prefetch(top->rnext);   /* cache while this one is handled */
	top->rnext = NULL;
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && hent_before(&h->v[c + 1], &h->v[c]))
			c++;
		if (!hent_before(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* f goes into heap h after the frames of the run *tail ends (a port's or
 * a host's pointer to the last frame it put in heap *tailh while that is
 * there), or, when there is none, it is in another heap or f's key does
 * not follow, as an entry of its own starting a new run. */
static void run_push(struct heap *h, struct wf **tail, struct heap **tailh, struct wf *f)
{
	struct wf *t = *tail;
	struct hent e = hent_of(f);
	if (t && *tailh == h &&
	    (t->t < e.t || (t->t == e.t && ((uint64_t)t->src << 32 | t->seq) < e.tie))) {
		t->rnext = f;
		t->rnext_t = e.t;
		t->rnext_tie = e.tie;
		t->rtail = NULL;
	} else {
		if (t)
			t->rtail = NULL;        /* that run goes on without the port */
		heap_push(h, f);
	}
	f->rtail = tail;
	*tail = f;
	*tailh = h;
}

/* Predicted arrivals (ticks) at a receiver: a min-heap. */
struct theap { uint64_t *v; size_t n, cap; };

struct world;

#define PORT_ENDS 16
#define PORT_TURN 16           /* frames a sender puts in its turn */

struct ldir {                  /* one direction of a link: a FIFO port */
	uint64_t bp0, bits;        /* current busy period: start tick, bits since */
	uint64_t *wait;            /* start ticks of the frames waiting (ring of queue) */
	uint32_t whead, wn;
	bool up;                   /* the timeline applied up to the last frame taken */
	bool past;                 /* a frame it took ends past tmax: what it takes after
	                              waits past the world's end (port_in_flight) */
	size_t evi;                /* next timeline entry to look at */
	uint64_t frames, bytes, busy, drops[WD__COUNT];
	/* world.network: simgrid - the port's actor and the end receiving its
	 * communications (on two hosts of the platform joined by the link) */
	struct world *W;
	int link, dir;             /* a link's port: its link; -1: a bus's */
	struct whost *host;        /* a bus's port: the computer it belongs to */
	struct heap q;             /* frames to enter the port, by (tick, sender, number) */
	/* exact: the last frame of the port's run in the next port's queue,
	 * and in a host's inbox, and those heaps (run_push) */
	struct wf *run_net, *run_in;
	struct heap *run_net_h, *run_in_h;
	struct wf *sh, *st;        /* taken, waiting to start: FIFO */
	struct wf *fh, *ft;        /* on the link (a SimGrid communication): FIFO */
	struct theap expect;       /* arrivals announced from an earlier hop */
	sg_sem_t sem;
	/* its communications, put by PORT_ENDS sender actors on the port's
	 * host, each into its own mailbox, received by the far end of the same
	 * number. The senders take turns at being the port (port_actor,
	 * bus_actor: the one whose turn it is sleeps to each start and puts
	 * the frame itself); after PORT_TURN frames it hands the port on
	 * (`turn`, a semaphore the others wait on in order) and waits for its
	 * next turn. SimGrid 3.32 walks, as a communication ends, whole lists
	 * (std::list::remove): a detached one is in the list of every detached
	 * communication in flight (the maestro's activities_,
	 * CommImpl::finish), so its cost grows with latency x frame rate over
	 * the whole world. Not detached, it is in its sender's list and its
	 * receiver's, until each waits for it; a sender ends its own when they
	 * have arrived, so its list holds about a sixteenth of the port's
	 * frames in flight. 400 calls across world-calls' 20 ms WAN for 10 s:
	 * 8.83 s detached with one receiver, 7.87 s with 16, 5.02 s not
	 * detached with 16 senders (memory flat at 41 MB; 64: no faster);
	 * make bench's 1000 calls for 62 s: 85.9 s against 213 s. The senders
	 * used to be putters beside a port actor, woken per frame by a
	 * semaphore; one port actor putting every frame itself saved that
	 * wake-up but walked a list 16 times longer (9% of a run of 200
	 * calls: no faster); taking turns saves it and keeps the lists short
	 * (doc/engine.md: 4.6% of all instructions with 1002 flows, 5.8% with
	 * 200 calls). */
	char name[160];
	sg_mailbox_t mb[PORT_ENDS];
	struct port_end {
		struct ldir *d;
		int k;
		/* a sender's communications not yet ended, oldest first: a ring
		 * of cap (a power of two) from head; of them, `landed` have been
		 * received by the far end of the same number (port_get) */
		sg_comm_t *comm;
		size_t head, n, cap, landed;
	} end[PORT_ENDS], sender[PORT_ENDS];
	sg_sem_t turn;             /* the senders' turns: one serves, the others wait */
	int turn_puts;             /* frames put in this turn */
	uint64_t wake;             /* tick the actor sleeps to; UINT64_MAX: until told */
	bool waiting, blocked;     /* asleep; asleep until the hosts have run */
	bool kick;                 /* to be woken at the end of a host's window */
};

struct wlink {
	const struct wcfg_link *c;
	uint64_t lat;              /* ticks */
	uint64_t tpb;              /* ticks per bit when whole (W / bandwidth), else 0 */
	uint64_t maxbits;          /* the most bits of a busy period within world.tmax */
	struct ldir d[2];          /* [0] as written in its first route, [1] back */
};

#define FLOW_SSRCS 64
struct flow_ssrc {
	uint32_t ssrc;
	uint64_t dmax;
};

struct flow {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint64_t sent, delivered, dropped, dmin, dmax;
	unsigned __int128 dsum;    /* ticks: a flow's delays pass 2^64 (3000 s x 7500 frames) */
	/* the delay max of each RTP SSRC delivered (world.json calls: a port
	 * pair a later call takes again is one flow, a call's RTP its SSRC);
	 * past FLOW_SSRCS of them, ss_full and a call not found gets dmax */
	struct flow_ssrc *ss;
	uint8_t nss, ss_last;
	bool ss_full;
	/* hop by hop (world.json "hops"): the route its frames took, the
	 * largest frame (its serialisation), and the time frames waited for a
	 * busy port, in ticks: per hop the most, over all hops the sum */
	uint16_t nhops;
	int route[MAX_HOPS];
	uint32_t wire_max;
	unsigned __int128 qsum;
	uint64_t qmax, hopq[MAX_HOPS];
};

struct whost {
	struct world *W;
	const struct wcfg_host *c;
	uint32_t idx, seq;
	uint64_t look;             /* ticks: smallest latency of a link into it */
	bool entered;              /* a route enters it (else look is no latency) */
	uint64_t tpc;              /* ticks per cycle (computers) */
	uint64_t last_cycle;       /* a computer's run.duration, in its whole cycles */
	struct heap inbox;
	struct wf *run_net;        /* exact: its run of frames sent (run_push), */
	struct heap *run_net_h;    /* in this port's queue */
	uint64_t ran;              /* exact: it has run to ran - 1: what it sends
	                              from now on starts at ran or later */
	bool ended;
	/* a computer: its node's identity changes the world has been told of
	 * (dest_of), idc[0 .. nid): set when its window is taken in, read
	 * only then, so never while a helper thread writes the next ones */
	const struct rtside_idchange *idc;
	size_t nid;
	/* world.network: simgrid */
	struct theap expect;       /* arrivals announced: frames on their last link */
	sg_sem_t sem;
	bool waiting;
	uint64_t pushed;           /* ticks: every frame it sends before is with its port */
	/* dispatcher.policy split with a bus, on SimGrid: RT on this host, GP
	 * on HOST:gp, the proxy channels' messages across the link HOST:bus
	 * ([0] to GP, [1] to RT) */
	bool rbus;
	struct ldir bus[2];
	uint32_t bseq;
	uint64_t bus_msgs;
	double bus_maxdev;         /* cycles: SimGrid's arrival against the node's */
	uint64_t windows;          /* windows it ran (conservative synchronisation) */
	/* a computer */
	struct node *n;
	struct tracew *tw;
	char *dir;
	struct outdir_run od;      /* its hold on dir (outputs.h) */
	int verdict;               /* its verify: -1 no checks, 0 held, 1 broken */
	struct bound_once bound;   /* its analytic bound: summary.json, then verify */
	/* a plain host */
	struct phost *ph;
	/* exact, hosts side by side (world.par; "side by side" below): its
	 * window of the round, started (par_start) and taken in (par_take_in)
	 * at the round's end, or at once when run on SimGrid's thread */
	bool busy;                 /* a window started, not taken in */
	bool on_worker;            /* it runs on a helper thread: job */
	int slot;                  /* that thread (-1: SimGrid's) */
	uint64_t win_ns;           /* its windows' wall time, a running mean of
	                              one in eight (par_job): short ones run
	                              here (par_start) */
	bool here;                 /* its windows are short: SimGrid's thread */
	struct workers_job job;
	uint64_t busy_H;           /* ticks: the window's end */
	int busy_r;                /* a computer's node_run_until's */
	struct wf **pin;           /* a plain host's arrivals in the window, in order */
	size_t npin, cappin;
	struct pout *pout;         /* ... and what it sent, in order */
	size_t npout, cappout;
	uint8_t *pbytes;           /* their bytes */
	size_t nbytes, capbytes;
	bool quit;                 /* nothing can happen to it any more (par_round) */
};

/* A frame a plain host sent in a window run side by side, kept until the
 * window is taken in (its bytes at whost.pbytes + off). */
struct pout {
	uint64_t at;
	size_t off;
	uint32_t caplen, wirelen;
	bool has_fi;
	struct frame_info fi;
};

struct world {
	const struct wcfg *c;
	const struct engine_opts *o;
	FILE *err;
	uint64_t W;                /* ticks per second */
	uint64_t tpp;              /* ticks per picosecond (W / 10^12) */
	uint64_t end;              /* ticks; UINT64_MAX: until quiet */
	uint64_t maxlat;           /* ticks: the longest link latency */
	uint64_t tmax;             /* ticks: the latest instant the world counts (about 2^62) */
	struct whost *h;
	struct wlink *l;
	bool sg;                   /* world.network: simgrid */
	/* exact: how far each port's order is settled (ports_advance). Ports
	 * are numbered 2 x link + direction; the least latency, over the
	 * routes, from a frame's entry at a port or its sending by a host to
	 * its entry at a port or its arrival at a host (UINT64_MAX: no
	 * route); a frame takes longer (its serialisation, at least a tick) */
	size_t np;
	uint64_t *pp, *hp;         /* [q * np + p]: port q to port p; [s * np + p]: host s */
	uint64_t *ph, *hh;         /* [q * nh + h]: port q to host h; [s * nh + h] */
	/* the same, only what a route joins, by target: port p's hosts
	 * pn_h[pn_h_at[p] .. pn_h_at[p + 1]) and ports pn_p[...]; host h's
	 * hosts hn_h[...] and ports hn_p[...] (near_of). ports_advance and
	 * arrival_bound walked every pair: ports x (ports + hosts) a pass */
	struct near { uint32_t from; uint64_t d; } *pn_h, *pn_p, *hn_h, *hn_p;
	size_t *pn_h_at, *pn_p_at, *hn_h_at, *hn_p_at;
	int hosts_left;            /* simgrid: host actors still running */
	bool in_window;            /* simgrid: a host's actor is running its host */
	bool done;
	uint64_t comms;            /* SimGrid communications (one per frame per hop) */
	double maxdev;             /* ticks: SimGrid's arrival against the port's, largest */
	struct flow *fl;
	size_t nfl, capfl;
	uint32_t *fidx;            /* open addressing over fl, size hcap */
	size_t hcap;
	uint64_t injected, delivered, drop[WD__COUNT], inflight;
	uint64_t last;             /* ticks: the last thing that happened */
	struct wf *wfree;          /* frames done with, their bytes kept (wf_new) */
	double work_s;             /* wall seconds inside hosts and links (not SimGrid) */
	/* exact, with helper threads (engine_opts.threads): hosts' windows
	 * run side by side */
	bool par;
	struct workers *ws;
	uint64_t round_T, round_R; /* the last round: its start and its end */
	bool round_set;
	int rc;
	char errmsg[512];
	uint64_t here_ns;          /* windows shorter on average: SimGrid's thread */
};

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* ticks of n bits at bw bit/s, rounded up */
static uint64_t bits_ticks(uint64_t bits, uint64_t W, uint64_t bw)
{
	unsigned __int128 x = (unsigned __int128)bits * W;
	return (uint64_t)((x + bw - 1) / bw);
}

/* bits_ticks on link l: a multiplication when a bit is a whole number of
 * ticks (1 Gbit/s, 100 Mbit/s: W is a multiple of 10^12), the same
 * value (and the same 64 bits of it) without a 128-bit division; three
 * per frame and hop (port_take) */
static inline uint64_t link_ticks(const struct wlink *l, uint64_t bits, uint64_t W)
{
	return l->tpb ? bits * l->tpb : bits_ticks(bits, W, l->c->bw_bps);
}

static uint64_t ceil_div(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

/* A frame's bits on a link: preamble, frame (padded to 60 bytes), FCS. */
static uint64_t wire_bits(const struct wf *f)
{
	uint64_t len = f->wirelen + WIRE_FCS < WIRE_MIN_FRAME ? WIRE_MIN_FRAME - WIRE_FCS : f->wirelen;
	return (WIRE_PREAMBLE + len + WIRE_FCS) * 8;
}

/* ---- flows: per (sender, receiver, ports) ---- */

static uint64_t flow_key(uint32_t src, uint32_t dst, uint16_t sp, uint16_t dp)
{
	return (uint64_t)src << 48 ^ (uint64_t)dst << 32 ^ (uint64_t)sp << 16 ^ dp;
}

/* Open addressing over fl (w->hcap slots, a power of two, at most half
 * full): the slot that holds the flow, or the empty one where it would go. */
static size_t flow_slot(const struct world *w, uint32_t src, uint32_t dst, uint16_t sp, uint16_t dp)
{
	size_t j = (size_t)(flow_key(src, dst, sp, dp) * 0x9e3779b97f4a7c15ull >> 20) & (w->hcap - 1);
	for (; w->fidx[j] != UINT32_MAX; j = (j + 1) & (w->hcap - 1)) {
		const struct flow *f = &w->fl[w->fidx[j]];
		if (f->src == src && f->dst == dst && f->sport == sp && f->dport == dp)
			break;
	}
	return j;
}

/* The flow, or NULL when none was seen (a look-up: nothing is made). */
static const struct flow *flow_find(const struct world *w, uint32_t src, uint32_t dst, uint16_t sp,
                                    uint16_t dp)
{
	if (!w->hcap)
		return NULL;
	size_t j = flow_slot(w, src, dst, sp, dp);
	return w->fidx[j] == UINT32_MAX ? NULL : &w->fl[w->fidx[j]];
}

static struct flow *flow_of(struct world *w, uint32_t src, uint32_t dst, uint16_t sp, uint16_t dp,
                            uint32_t *id)
{
	if (w->nfl * 2 >= w->hcap) {
		size_t cap = w->hcap ? w->hcap * 2 : 1024;
		uint32_t *x = malloc(cap * sizeof *x);
		if (!x)
			exit(2);
		memset(x, 0xff, cap * sizeof *x);
		free(w->fidx);
		w->fidx = x;
		w->hcap = cap;
		for (size_t i = 0; i < w->nfl; i++) {   /* flows are distinct: each finds its empty slot */
			const struct flow *f = &w->fl[i];
			x[flow_slot(w, f->src, f->dst, f->sport, f->dport)] = (uint32_t)i;
		}
	}
	size_t j = flow_slot(w, src, dst, sp, dp);
	if (w->fidx[j] != UINT32_MAX) {
		*id = w->fidx[j];
		return &w->fl[*id];
	}
	if (w->nfl == w->capfl) {
		w->capfl = w->capfl ? w->capfl * 2 : 256;
		w->fl = realloc(w->fl, w->capfl * sizeof *w->fl);
		if (!w->fl)
			exit(2);
	}
	struct flow *f = &w->fl[w->nfl];
	memset(f, 0, sizeof *f);
	f->src = src;
	f->dst = dst;
	f->sport = sp;
	f->dport = dp;
	f->dmin = UINT64_MAX;
	w->fidx[j] = (uint32_t)w->nfl;
	*id = (uint32_t)w->nfl++;
	return f;
}

static void port_push(struct world *w, struct wf *f);
static struct ldir *port_of(struct world *w, int r);

/* A frame record with room for len bytes, its other fields zero but its
 * parse (fi). Records
 * and their bytes are reused (a free list): the world of make bench's 1000
 * calls makes 6 M frames, and a calloc and a malloc each, with their
 * frees, were 5% of its time. */
static struct wf *wf_new(struct world *w, uint32_t len)
{
	struct wf *f = w->wfree;
	uint8_t *data = NULL;
	uint32_t room = 0;
	if (f) {
		w->wfree = f->next;
		data = f->data;
		room = f->room;
	} else if (!(f = malloc(sizeof *f))) {
		exit(2);
	}
	if (room < len) {
		room = len < 256 ? 256 : len;
		free(data);
		if (!(data = malloc(room)))
			exit(2);
	}
	memset(f, 0, offsetof(struct wf, fi));   /* fi: inject's to write */
	f->data = data;
	f->room = room;
	return f;
}

static void wf_free(struct world *w, struct wf *f)
{
	f->next = w->wfree;
	w->wfree = f;
}

/* The free list's records go (at the world's end). */
static void wf_pool_free(struct world *w)
{
	for (struct wf *f = w->wfree, *nx; f; f = nx) {
		nx = f->next;
		free(f->data);
		free(f);
	}
	w->wfree = NULL;
}

/* f is dropped at its tick f->t (its sending, its entry at a port, its
 * arrival, or the instant its port was flushed): a thing that happened,
 * so end_ns is not before it (world.json) */
static void drop(struct world *w, struct wf *f, enum wdrop why)
{
	if (f->t > w->last)
		w->last = f->t;
	w->drop[why]++;
	w->fl[f->flow].dropped++;
	wf_free(w, f);
}

/* The host that has address ip as a frame host s sends at tick t finds
 * it, and the MAC it has then (*mac); -1: none. A computer's address (and
 * MAC) is its node's after the last change its RT applied at a cycle u
 * with u + d < t, d the least latency of a route from it to s (0 for s
 * itself; none without a route: its configured address then): as if the
 * computer had told s in a frame at u. Conservative synchronisation never
 * lets s run past what the computer could still send it (arrival_bound:
 * a host that has run to r sends at r or later, arriving after r + d; or
 * world_next: nothing happens anywhere before it), so every change that
 * counts is known when s's frame enters the world, whichever window s's
 * ran in and on whichever network: the same host every run. Addresses
 * taken twice at once: the first host in world.hosts' order. */
static int dest_of(const struct world *w, uint32_t s, uint32_t ip, uint64_t t,
                   const uint8_t **mac)
{
	size_t nh = w->c->nhosts;
	for (size_t i = 0; i < nh; i++) {
		const struct whost *h = &w->h[i];
		uint32_t a = h->c->ipv4;
		const uint8_t *m = h->c->mac;
		uint64_t d = i == s ? 0 : w->hh[i * nh + s];
		for (size_t k = h->nid; d < t && k-- > 0;)
			if ((unsigned __int128)h->idc[k].cycle * h->tpc < t - d) {
				a = h->idc[k].id.ipv4;
				m = h->idc[k].id.mac;
				break;
			}
		if (a == ip) {
			*mac = m;
			return (int)i;
		}
	}
	return -1;
}

/* Host h's node's identity changes so far are the world's (dest_of). */
static void id_known(struct whost *h)
{
	if (h->n)
		h->idc = node_id_changes(h->n, &h->nid);
}

/* A frame whose last bit left host `src` at tick t enters the world; pfi
 * its parse (a computer's, made at its wire), or NULL: parsed here. Once
 * parsed, the parse goes with the frame to the receiver (node_hand_parsed,
 * phost_rx): a frame was parsed up to four times between a node's wire
 * and the next node's NIC, about 260 instructions each. */
static void inject(struct world *w, struct whost *s, const uint8_t *data, uint32_t caplen,
                   uint32_t wirelen, uint64_t t, const struct frame_info *pfi)
{
	struct wf *f = wf_new(w, caplen);
	struct frame_info *fi = &f->fi;
	if (pfi)
		*fi = *pfi;
	else
		frame_parse(data, caplen, wirelen, fi);
	uint32_t ip = 0;
	if (fi->l3 == L3_IPV4 && fi->l3_status == FRAME_OK)
		ip = (uint32_t)fi->ip_dst[0] << 24 | (uint32_t)fi->ip_dst[1] << 16 |
		     (uint32_t)fi->ip_dst[2] << 8 | fi->ip_dst[3];
	else if (fi->l3 == L3_ARP && fi->l3_status == FRAME_OK)
		ip = fi->arp_tpa;
	const uint8_t *dmac = NULL;
	int dst = ip ? dest_of(w, s->idx, ip, t, &dmac) : -1;
	memcpy(f->data, data, caplen);
	f->caplen = caplen;
	f->wirelen = wirelen;
	f->chan = -1;
	f->t = f->sent = t;
	f->src = s->idx;
	f->seq = ++s->seq;
	f->dst = dst;
	bool l4 = fi->l4_status == FRAME_OK && (fi->l4 == L4_UDP || fi->l4 == L4_TCP);
	flow_of(w, s->idx, dst < 0 ? UINT32_MAX : (uint32_t)dst, l4 ? fi->sport : 0,
	        l4 ? fi->dport : 0, &f->flow);
	w->fl[f->flow].sent++;
	w->injected++;
	if (t > w->last)
		w->last = t;
	if (dst < 0) {                  /* to itself: a host has it, no route (below) */
		drop(w, f, WD_NO_HOST);
		return;
	}
	struct flow *fl = &w->fl[f->flow];
	size_t n = fl->nhops;
	if (n) {                        /* the flow's route: (src, dst) is in its key */
		memcpy(f->route, fl->route, n * sizeof *f->route);
	} else {
		/* which way each link is crossed: [0] forward, [1] back, as the
		 * link's ends are (wcfg_path) */
		n = wcfg_path(w->c, (int)s->idx, dst, f->route, MAX_HOPS);
		if (!n || n > MAX_HOPS) {
			drop(w, f, WD_NO_ROUTE);
			return;
		}
		fl->nhops = (uint16_t)n;
		memcpy(fl->route, f->route, n * sizeof *f->route);
	}
	f->nhops = (uint16_t)n;
	if (wirelen > fl->wire_max)
		fl->wire_max = wirelen;
	/* the destination's router gives it the destination's MAC (and the
	 * parse the frame's new L2 destination, as a parse of it would) */
	if (caplen >= 6 && fi->l3 == L3_IPV4) {
		memcpy(f->data, dmac, 6);
		memcpy(fi->dst, dmac, 6);
	}
	if (w->sg)
		port_push(w, f);
	else                            /* a host sends in the order of its ticks */
		run_push(&port_of(w, f->route[0])->q, &s->run_net, &s->run_net_h, f);
}

/* ---- ports ---- */

static void theap_push(struct theap *h, uint64_t t)
{
	if (h->n == h->cap)
		h->v = heap_grow(h->v, &h->cap, sizeof *h->v);
	size_t i = h->n++;
	for (; i && t < h->v[(i - 1) / 2]; i = (i - 1) / 2)
		h->v[i] = h->v[(i - 1) / 2];
	h->v[i] = t;
}

static uint64_t theap_min(const struct theap *h) { return h->n ? h->v[0] : UINT64_MAX; }

/* Remove one entry equal to t (the smallest as a rule: arrivals come in
 * the order announced). */
static void theap_remove(struct theap *h, uint64_t t)
{
	size_t i = 0;
	while (i < h->n && h->v[i] != t)
		i++;
	assert(i < h->n);
	uint64_t last = h->v[--h->n];
	if (i == h->n)
		return;
	for (; i && last < h->v[(i - 1) / 2]; i = (i - 1) / 2)   /* up */
		h->v[i] = h->v[(i - 1) / 2];
	for (;;) {                                               /* down */
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= last)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	h->v[i] = last;
}

static struct ldir *port_of(struct world *w, int r)
{
	return &w->l[(r < 0 ? -r : r) - 1].d[r < 0];
}

/* Whether the link loses a frame: a draw from the frame's identity
 * (sender, number, hop) and the link, so that it does not depend on the
 * order in which the ports of a link take their frames. */
static bool lost(const struct wlink *l, int li, const struct wf *f)
{
	uint64_t x = (uint64_t)(li + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)f->src << 40 ^
	             (uint64_t)f->hop << 32 ^ f->seq;
	x ^= x >> 30;                   /* splitmix64's finaliser */
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x % 1000000 < l->c->loss_ppm;
}

/* Port d drops f (world.json counts it for the port and the world). */
static bool port_drop(struct world *w, struct ldir *d, struct wf *f, enum wdrop why)
{
	d->drops[why]++;
	drop(w, f, why);
	return false;
}

/* Port d would send f past the world's last instant in a world without
 * world.duration (port_take): the run stops, exit 2, naming the link, the
 * frame and what takes it there: its wait for the port and its own bits
 * (`queued`: the port would send its last bit only after tmax), or the
 * link's latency after its last bit at `lastbit`. */
static bool port_past_end(struct world *w, struct ldir *d, struct wf *f, bool queued,
                          uint64_t start, uint64_t lastbit)
{
	if (w->rc != 2) {
		const struct wlink *l = &w->l[d->link];
		double W = (double)w->W;
		char why[160];
		const char *rem[4];
		int n = 0;
		rem[n++] = "a world.duration (what is still on a link then is in flight)";
		if (queued && start > f->t)
			snprintf(why, sizeof why, "it waits %.9g s for the port, behind the frames "
			         "queued for the link's %llu bit/s", (double)(start - f->t) / W,
			         (unsigned long long)l->c->bw_bps);
		else if (queued)
			snprintf(why, sizeof why, "its own %llu bits take that long at the link's %llu "
			         "bit/s", (unsigned long long)wire_bits(f),
			         (unsigned long long)l->c->bw_bps);
		else
			snprintf(why, sizeof why, "its last bit leaves the port at %.9g s, then the "
			         "link's latency of %.9g s", (double)lastbit / W, (double)l->lat / W);
		if (!queued)
			rem[n++] = "a shorter latency";
		if (queued || start > f->t)
			rem[n++] = "a faster link";
		if (queued && start > f->t)
			rem[n++] = "a queue: limit";
		/* a time base finer than 1 THz (cpu.hz values) counts fewer seconds */
		if (w->tpp > 1 && n < 4)
			rem[n++] = "cpu.hz values with a smaller lcm (a coarser time base)";
		char *m = w->errmsg;
		size_t k = (size_t)snprintf(m, sizeof w->errmsg, "world.links.%s (%s): frame %u of "
		         "%s would reach the link's end after %.0f s, the latest instant this world "
		         "counts at its time base of %llu ticks/s: %s; ", l->c->name,
		         d->dir ? "back" : "forward", f->seq, w->c->hosts[f->src].name,
		         (double)w->tmax / W, (unsigned long long)w->W, why);
		for (int i = 0; i < n && k < sizeof w->errmsg; i++)
			k += (size_t)snprintf(m + k, sizeof w->errmsg - k, "%s%s%s", i == 0 ? ""
			                      : i == n - 1 ? " or " : ", ", rem[i],
			                      i == n - 1 ? " keeps it within" : "");
		w->rc = 2;
	}
	wf_free(w, f);                  /* the run is abandoned: nothing is counted */
	return false;
}

/* Port d accepted f, which starts at tick `start` (UINT64_MAX: past the
 * world's last instant): its wait for the port goes into its flow's
 * queue_ns up to the world's end (a frame still waiting then has waited
 * that long by the end: none waited longer than the world), and the link
 * counts it (frames, bytes) when it started by the end (its first bit on
 * the link at world.duration at the latest; one still waiting is in
 * flight, not carried). */
static void port_count(struct world *w, struct ldir *d, struct wf *f, uint64_t start)
{
	struct flow *fl = &w->fl[f->flow];
	uint64_t q = (start < w->end ? start : w->end) - f->t;   /* f->t <= end */
	fl->qsum += q;
	if (q > fl->qmax)
		fl->qmax = q;
	if (q > fl->hopq[f->hop])
		fl->hopq[f->hop] = q;
	if (start <= w->end) {
		d->frames++;
		d->bytes += f->wirelen;
	}
}

/* Port d would send f's last bit past the world's last instant, in a world
 * that ends before (world.duration): f is still waiting, or being sent, at
 * the end, and so is every frame the port takes after it (d->past). The
 * port counts it (port_count; its busy time and queue place within the
 * world); it is in flight. */
static bool port_in_flight(struct world *w, struct ldir *d, struct wf *f, uint64_t start)
{
	const struct wlink *l = &w->l[d->link];
	d->past = true;
	if (l->c->queue && start > f->t)  /* it holds its queue place past the end */
		d->wait[(d->whead + d->wn++) % l->c->queue] = start;
	port_count(w, d, f, start);
	if (start < w->end)
		d->busy += w->end - start;
	w->inflight++;
	wf_free(w, f);
	return false;
}

/* The tick link li first goes down after the timeline entries before
 * entry evi (those up to now, applied) and by tick `by`; UINT64_MAX when
 * it does not. */
static uint64_t goes_down(const struct world *w, int li, size_t evi, uint64_t by)
{
	const struct wcfg *c = w->c;
	for (; evi < c->nevents && c->events[evi].at_ps * w->tpp <= by; evi++)
		if (c->events[evi].link == li && !c->events[evi].up)
			return c->events[evi].at_ps * w->tpp;
	return UINT64_MAX;
}

/* The port of f's next hop takes f at tick f->t; a port takes its frames in
 * (tick, sender, number) order. The timeline entries up to f->t apply
 * first; a link that is down, a loss draw, a full queue or the link going
 * down while f waits for the port drop it (false). Otherwise f starts when
 * the port is free (*start) and f->t becomes its arrival at the next stop:
 * its last bit, then the link's latency. */
static bool port_take(struct world *w, struct wf *f, uint64_t *start_out)
{
	const struct wcfg *c = w->c;
	int r = f->route[f->hop], li = (r < 0 ? -r : r) - 1;
	struct wlink *l = &w->l[li];
	struct ldir *d = &l->d[r < 0];
	for (; d->evi < c->nevents && c->events[d->evi].at_ps * w->tpp <= f->t; d->evi++)
		if (c->events[d->evi].link == li)
			d->up = c->events[d->evi].up;
	if (!d->up)
		return port_drop(w, d, f, WD_LINK_DOWN);
	if (l->c->loss_ppm && lost(l, li, f))
		return port_drop(w, d, f, WD_LINK_LOSS);
	/* drop-tail: the frames accepted before and not yet started wait */
	if (l->c->queue) {
		while (d->wn && d->wait[d->whead] <= f->t) {
			d->whead = (d->whead + 1) % l->c->queue;
			d->wn--;
		}
		if (d->wn == l->c->queue)
			return port_drop(w, d, f, WD_QUEUE_FULL);
	}
	/* FIFO: the frame starts when the port is free (integer bits per
	 * busy period), holds it for preamble + frame + FCS, then the gap */
	uint64_t fbits = wire_bits(f);
	uint64_t start = d->past ? UINT64_MAX : d->bp0 + link_ticks(l, d->bits, w->W);
	if (f->t >= start) {
		d->bp0 = start = f->t;
		d->bits = 0;
	} else {
		uint64_t down = goes_down(w, li, d->evi, start);
		if (down != UINT64_MAX) {
			/* it waited for the port, and the link went down meanwhile:
			 * the port's queue is flushed, as a NIC's or a switch port's
			 * on loss of carrier (it crossed the down link and arrived
			 * before); it is dropped then. Until then it waits in the
			 * queue and holds its place: a frame arriving meanwhile may
			 * find the queue full */
			if (l->c->queue)
				d->wait[(d->whead + d->wn++) % l->c->queue] = down;
			f->t = down;
			return port_drop(w, d, f, WD_LINK_DOWN);
		}
	}
	if (d->past)
		return port_in_flight(w, d, f, UINT64_MAX);
	/* a port never counts past the world's last instant: a link of a few
	 * bit/s with frames queued for years wrapped past 2^64 ticks, and
	 * frames arrived before they had left (bits_ticks' and link_ticks'
	 * products stay within 64 bits up to maxbits). A world.duration is
	 * within it: what would pass it is in flight at the world's end, and
	 * only a world without one stops */
	uint64_t lastbit = d->bits + fbits > l->maxbits ? UINT64_MAX
	                   : d->bp0 + link_ticks(l, d->bits + fbits, w->W);
	if (lastbit > w->tmax)
		return w->end != UINT64_MAX ? port_in_flight(w, d, f, start)
		                            : port_past_end(w, d, f, true, start, lastbit);
	if (lastbit + l->lat > w->tmax && w->end == UINT64_MAX)
		return port_past_end(w, d, f, false, start, lastbit);
	d->bits += fbits;
	d->bits += WIRE_IFG * 8;
	if (l->c->queue && start > f->t)
		d->wait[(d->whead + d->wn++) % l->c->queue] = start;
	port_count(w, d, f, start);
	/* its last bit leaves the port then, whatever becomes of it: busy
	 * time is never counted past end_ns (utilisation at most 1) */
	if (lastbit > w->last)
		w->last = lastbit;
	/* the link's time busy within the world: a frame waiting or being
	 * sent at world.duration counts up to it (busy / end is at most 1) */
	d->busy += (lastbit < w->end ? lastbit : w->end) - (start < w->end ? start : w->end);
	*start_out = start;
	/* past tmax, and so past world.duration: in flight at the end (its
	 * tick, beyond the end, is never taken nor delivered) */
	f->t = lastbit + l->lat > w->tmax ? w->tmax + 1 : lastbit + l->lat;
	return true;
}

/* ---- world.network: exact ----
 *
 * Each port keeps the frames that are to enter it in a queue (d->q), by
 * (tick, sender, number). A port takes a frame once no frame not yet in
 * its queue can come before it: not one a host has still to send (a host
 * that has run to ran - 1 sends from ran on, and a frame takes at least
 * the routes' latency to reach the port), nor one still queued at a port
 * upstream (it enters that port at E or later, its queue's first if
 * earlier, then takes at least the latency between). Each port's frames
 * are taken in order, as one world-wide order of ticks would take them;
 * ports do not share state, so the outputs do not change. A host's window
 * may then reach to the first tick at which a frame not yet in its inbox
 * can arrive (arrival_bound): make bench's gateway, behind a 50 us LAN
 * but 20 ms from the only host that sends to it, ran 1,024,427 windows of
 * 50 us (each a SimGrid sleep and a look at every host) and now runs
 * about one per far-end window. */

static bool is_sender(const struct whost *h) { return h->n || (h->ph && phost_sends(h->ph)); }

static uint64_t add_sat(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

/* The finite entries of m (rows sources x cols targets, UINT64_MAX: no
 * route) grouped by target: target c's are (*out)[(*at)[c] .. (*at)[c + 1]). */
static int near_of(const uint64_t *m, size_t rows, size_t cols, struct near **out, size_t **at)
{
	size_t n = 0;
	for (size_t i = 0; i < rows * cols; i++)
		n += m[i] != UINT64_MAX;
	*out = malloc((n ? n : 1) * sizeof **out);
	*at = malloc((cols + 1) * sizeof **at);
	if (!*out || !*at)
		return -1;
	size_t k = 0;
	for (size_t c = 0; c < cols; c++) {
		(*at)[c] = k;
		for (size_t r = 0; r < rows; r++)
			if (m[r * cols + c] != UINT64_MAX)
				(*out)[k++] = (struct near){(uint32_t)r, m[r * cols + c]};
	}
	(*at)[cols] = k;
	return 0;
}

/* The least-latency tables, from the routes, as inject() reads them. */
static int look_setup(struct world *w)
{
	const struct wcfg *c = w->c;
	size_t np = 2 * c->nlinks, nh = c->nhosts;
	size_t npp = np * np + 1, nhp = nh * np + 1, nhh = nh * nh + 1;
	w->np = np;
	w->pp = malloc(npp * sizeof *w->pp);
	w->hp = malloc(nhp * sizeof *w->hp);
	w->ph = malloc(nhp * sizeof *w->ph);
	w->hh = malloc(nhh * sizeof *w->hh);
	if (!w->pp || !w->hp || !w->ph || !w->hh)
		return -1;
	memset(w->pp, 0xff, npp * sizeof *w->pp);       /* UINT64_MAX: no route */
	memset(w->hp, 0xff, nhp * sizeof *w->hp);
	memset(w->ph, 0xff, nhp * sizeof *w->ph);
	memset(w->hh, 0xff, nhh * sizeof *w->hh);
	for (size_t a = 0; a < nh; a++)
		for (size_t b = 0; b < nh; b++) {
			int path[MAX_HOPS];
			size_t n = a == b ? 0 : wcfg_path(c, (int)a, (int)b, path, MAX_HOPS);
			if (!n || n > MAX_HOPS)
				continue;
			size_t port[MAX_HOPS];
			uint64_t pre[MAX_HOPS + 1] = {0};
			for (size_t k = 0; k < n; k++) {
				size_t li = (size_t)(path[k] < 0 ? -path[k] : path[k]) - 1;
				port[k] = 2 * li + (path[k] < 0);
				pre[k + 1] = pre[k] + w->l[li].lat;
			}
			uint64_t *x = &w->hh[a * nh + b];
			if (pre[n] < *x)
				*x = pre[n];
			for (size_t k = 0; k < n; k++) {
				x = &w->hp[a * np + port[k]];
				if (pre[k] < *x)
					*x = pre[k];
				x = &w->ph[port[k] * nh + b];
				if (pre[n] - pre[k] < *x)
					*x = pre[n] - pre[k];
				for (size_t j = k + 1; j < n; j++) {
					x = &w->pp[port[k] * np + port[j]];
					if (pre[j] - pre[k] < *x)
						*x = pre[j] - pre[k];
				}
			}
		}
	if (near_of(w->hp, nh, np, &w->pn_h, &w->pn_h_at) < 0 ||
	    near_of(w->pp, np, np, &w->pn_p, &w->pn_p_at) < 0 ||
	    near_of(w->hh, nh, nh, &w->hn_h, &w->hn_h_at) < 0 ||
	    near_of(w->ph, np, nh, &w->hn_p, &w->hn_p_at) < 0)
		return -1;
	return 0;
}

static struct ldir *port_n(struct world *w, size_t p) { return &w->l[p / 2].d[p % 2]; }

/* Port p may take the frames entering it before this tick (and before
 * cap): any frame
 * that is to enter it and is not in its queue yet is one a host has
 * still to send (at ran or later, then at least the latency to p) or one
 * in the queue of a port q before p on its route (at q's first or later,
 * then more than the latency from q). */
static uint64_t port_horizon(struct world *w, size_t p, uint64_t cap)
{
	uint64_t e = cap;
	for (size_t k = w->pn_h_at[p]; k < w->pn_h_at[p + 1]; k++) {
		const struct whost *s = &w->h[w->pn_h[k].from];
		if (is_sender(s) && add_sat(s->ran, w->pn_h[k].d) < e)
			e = add_sat(s->ran, w->pn_h[k].d);
	}
	for (size_t k = w->pn_p_at[p]; k < w->pn_p_at[p + 1]; k++) {
		const struct heap *hq = &port_n(w, w->pn_p[k].from)->q;
		uint64_t d = w->pn_p[k].d;
		if (hq->n && add_sat(hq->v[0].t, add_sat(d, 1)) < e)
			e = add_sat(hq->v[0].t, add_sat(d, 1));
	}
	return e;
}

/* Port d takes f (port_take); f goes on to its next port's queue or to
 * its host's inbox. */
static void take(struct world *w, struct ldir *d, struct wf *f)
{
	uint64_t start;
	if (!port_take(w, f, &start))
		return;
	if (++f->hop < f->nhops)
		run_push(&port_of(w, f->route[f->hop])->q, &d->run_net, &d->run_net_h, f);
	else
		run_push(&w->h[f->dst].inbox, &d->run_in, &d->run_in_h, f);
}

/* Every port takes what it may. Taking frames at one port lets those
 * after it on their routes go further, so passes over the ports repeat
 * while a frame moves (a frame moves once per hop: it ends). Every frame
 * before the first tick any host has still to send at is taken (the
 * earliest of them is never behind a bound: each port term adds a tick
 * to a queued frame's), as the one world-wide order took them up to the
 * waking host's T. Cost: per pass, for each port the hosts and ports a
 * route joins to it (near_of) and the frames taken. */
static void ports_advance(struct world *w, uint64_t cap)
{
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t p = 0; p < w->np; p++) {
			uint64_t e = port_horizon(w, p, cap);
			struct ldir *d = port_n(w, p);
			while (d->q.n && d->q.v[0].t < e) {   /* the entry's key: no frame read */
				take(w, d, heap_pop(&d->q));
				moved = true;
			}
		}
	}
}

/* At the world's end (every host done): every port takes what enters it
 * by the end, in one world-wide order of ticks. */
static void ports_drain(struct world *w)
{
	for (;;) {
		struct ldir *best = NULL;
		for (size_t p = 0; p < w->np; p++) {
			struct ldir *d = port_n(w, p);
			if (d->q.n && d->q.v[0].t <= w->end &&
			    (!best || hent_before(&d->q.v[0], &best->q.v[0])))
				best = d;
		}
		if (!best)
			return;
		take(w, best, heap_pop(&best->q));
	}
}


/* Every frame not yet in host h's inbox arrives there after this tick:
 * one a host has still to send, or one a port has not taken yet. */
static uint64_t arrival_bound(struct world *w, const struct whost *h)
{
	uint64_t a = UINT64_MAX;
	for (size_t k = w->hn_h_at[h->idx]; k < w->hn_h_at[h->idx + 1]; k++) {
		const struct whost *s = &w->h[w->hn_h[k].from];
		if (is_sender(s) && add_sat(s->ran, w->hn_h[k].d) < a)
			a = add_sat(s->ran, w->hn_h[k].d);
	}
	for (size_t k = w->hn_p_at[h->idx]; k < w->hn_p_at[h->idx + 1]; k++) {
		const struct heap *hq = &port_n(w, w->hn_p[k].from)->q;
		if (hq->n && add_sat(hq->v[0].t, w->hn_p[k].d) < a)
			a = add_sat(hq->v[0].t, w->hn_p[k].d);
	}
	return a;
}

/* simgrid: every frame not yet announced to host h arrives there after
 * this tick. Besides arrival_bound's (a frame a host has still to send, or
 * one a port has not taken yet), a frame may be taken by a port and wait
 * to start (its t is then its arrival at the next stop, the port's own
 * latency included: at h at t, or later by the rest of the route), or be
 * on a link to a port, announced to that port (its expect heap: it enters
 * the port then, and takes the rest of the route after). Frames announced
 * to h itself are its expect heap, which the window never passes. A port
 * that waits for a host to have run (port_may_take) needs that host's
 * sending alone, which this bound leaves free to go as far as it may:
 * worldvary seed 83 #16, a 1 ns LAN, ran windows of 1 ns while any
 * processor was busy (53 s, against 0.22 s exact). Cost: as arrival_bound,
 * per port a route joins to h, two more looks. */
static uint64_t arrival_bound_sg(struct world *w, const struct whost *h)
{
	uint64_t a = arrival_bound(w, h);
	for (size_t k = w->hn_p_at[h->idx]; k < w->hn_p_at[h->idx + 1]; k++) {
		size_t p = w->hn_p[k].from;
		const struct ldir *d = port_n(w, p);
		uint64_t rest = w->hn_p[k].d - w->l[p / 2].lat;  /* d counts p's own link */
		if (d->sh && add_sat(d->sh->t, rest) - 1 < a)     /* FIFO: the first arrives first */
			a = add_sat(d->sh->t, rest) - 1;
		uint64_t e = theap_min(&d->expect);
		if (e != UINT64_MAX && add_sat(e, w->hn_p[k].d) < a)
			a = add_sat(e, w->hn_p[k].d);
	}
	return a;
}

/* ---- world.network: simgrid - every frame a SimGrid communication ----
 *
 * A port (one direction of a link) is an actor on a host of its own (one
 * of 16 senders taking turns, struct ldir), joined by the link alone to
 * a second host where its far end receives.
 * The port takes each frame at the frame's tick (port_take: the same
 * arithmetic as the exact network), sleeps to the frame's start and puts
 * it into its mailbox as a communication of its wire bytes; SimGrid's
 * CM02 model carries it over the link: latency, then bytes / bandwidth.
 * The port starts one frame after the other (FIFO), so no two share the
 * link and SimGrid's time is the port's (checked on arrival: maxdev). The
 * far end gets it at that time and gives it to the next hop's port or to
 * its host.
 *
 * Who waits for whom (no time is ever passed with something unknown):
 * - a port takes frames of tick t only when every host has run, and so
 *   sent, up to t (whost.pushed) and every frame announced to it from an
 *   earlier hop up to t has come (its expect heap);
 * - a host runs up to the tick before its next announced arrival (its
 *   expect heap), at most its lookahead past now, and at the next tick
 *   waits until what was announced up to then has come.
 * A communication is announced when it starts, at least a latency and a
 * bit before it arrives, so every arrival is known before it is needed. */

static double sg_time(const struct world *w, uint64_t t) { return (double)t / (double)w->W; }

/* The tick SimGrid's clock is at: the nearest, or a later one whose
 * sg_time is not after the clock. The clock is a double: from about
 * 3000 s at 3 x 10^12 ticks/s one of its steps is more than a tick, and
 * several ticks have one sg_time. An actor that slept until sg_time(t)
 * must find itself at t or later: the nearest tick (llround of the
 * rounded product) was up to two before, and a port sleeping "until t"
 * again from there slept for good, its frames in flight at the end (a
 * world whose traffic started at 5000 s delivered nothing). Earlier in a
 * world no later tick has the clock's time: the nearest, as before. */
static uint64_t sg_tick(const struct world *w)
{
	double c = simgrid->simgrid_get_clock();
	uint64_t t = (uint64_t)llround(c * (double)w->W);
	while (t < UINT64_MAX && sg_time(w, t + 1) <= c)
		t++;
	return t;
}

/* Wake port d if it sleeps past t. Inside a host's window the wake waits
 * for the window's end (kick): a release is a SimGrid call, and one
 * per frame sent would cost more than the frame. */
static void port_wake(struct ldir *d, uint64_t t)
{
	if (d->waiting && (d->blocked || t < d->wake)) {
		if (d->W->in_window) {
			d->kick = true;
			return;
		}
		d->waiting = false;
		simgrid->sg_sem_release(d->sem);
	}
}

/* Every port of the world: both directions of each link, then both of
 * each remote bus. */
static void ports_each(struct world *w, void (*fn)(struct ldir *))
{
	for (size_t i = 0; w->l && i < w->c->nlinks; i++)
		for (int k = 0; k < 2; k++)
			fn(&w->l[i].d[k]);
	for (size_t i = 0; w->h && i < w->c->nhosts; i++)
		for (int k = 0; w->h[i].rbus && k < 2; k++)
			fn(&w->h[i].bus[k]);
}

/* At a host's window's end: wake the ports sent a frame in it, and those
 * waiting for the hosts to have run. */
static void kick(struct ldir *d)
{
	if ((d->kick || d->blocked) && d->waiting) {
		d->waiting = false;
		simgrid->sg_sem_release(d->sem);
	}
	d->kick = false;
}

/* The world has ended: the ports' actors see it and stop. */
static void port_stop(struct ldir *d) { simgrid->sg_sem_release(d->sem); }

/* The sender of a port an actor is; it ends with the hosts' (a daemon).
 * Sender 0 serves first; the others wait for their turn (port_put). */
static struct port_end *port_self(void)
{
	simgrid->sg_actor_daemonize(simgrid->sg_actor_self());
	struct port_end *e = simgrid->sg_actor_self_get_data();
	if (e->k)
		simgrid->sg_sem_acquire(e->d->turn);
	return e;
}

/* Sender e's list of communications in flight, twice as long (a power
 * of two: a masked ring). */
static int sender_grow(struct port_end *e)
{
	size_t cap = e->cap ? 2 * e->cap : 64;
	sg_comm_t *c = calloc(cap, sizeof *c);
	if (!c)
		return -1;
	for (size_t k = 0; k < e->n; k++)
		c[k] = e->comm[(e->head + k) & (e->cap - 1)];
	free(e->comm);
	e->comm = c;
	e->cap = cap;
	e->head = 0;
	return 0;
}

/* Port d's mailboxes, NAME.k, its senders (`send`) on host `from` and
 * its far ends' actors (`end`) on host `at`, each the receiver of its
 * mailbox, so that communications start as they are put. */
static void port_ends(struct ldir *d, const char *name, const char *from, const char *at,
                      void (*send)(int, char **), void (*end)(int, char **))
{
	snprintf(d->name, sizeof d->name, "%s", name);
	d->sem = simgrid->sg_sem_init(0);
	d->turn = simgrid->sg_sem_init(0);
	for (int k = 0; k < PORT_ENDS; k++) {
		char mn[200];
		snprintf(mn, sizeof mn, "%s.%d", name, k);
		d->mb[k] = simgrid->sg_mailbox_by_name(mn);
		d->end[k].d = d->sender[k].d = d;
		d->end[k].k = d->sender[k].k = k;
		sg_actor_t a = simgrid->sg_actor_init(mn, simgrid->sg_host_by_name(at));
		simgrid->sg_actor_set_data(a, &d->end[k]);
		simgrid->sg_actor_start_(a, end, 0, NULL);
		snprintf(mn, sizeof mn, "%s.send%d", name, k);
		a = simgrid->sg_actor_init(mn, simgrid->sg_host_by_name(from));
		simgrid->sg_actor_set_data(a, &d->sender[k]);
		simgrid->sg_actor_start_(a, send, 0, NULL);
	}
}

/* The next frame SimGrid delivers to far end k of port d; NULL if the
 * reception fails (it stops the far end rather than the process). */
static struct wf *port_get(struct ldir *d, int k)
{
	void *p = NULL;
	if (simgrid->sg_comm_wait(simgrid->sg_mailbox_get_async(d->mb[k], &p)) != SG_OK)
		return NULL;
	d->sender[k].landed++;        /* its sender may end it */
	return p;
}

/* A far end's port and mailbox; it receives what is put there. */
static struct ldir *port_end_self(int *k)
{
	simgrid->sg_actor_daemonize(simgrid->sg_actor_self());
	struct port_end *e = simgrid->sg_actor_self_get_data();
	char mn[200];
	snprintf(mn, sizeof mn, "%s.%d", e->d->name, e->k);
	simgrid->sg_mailbox_set_receiver(mn);
	*k = e->k;
	return e->d;
}

/* f waits for its start at port d, after the frames already waiting. */
static void port_queue(struct ldir *d, struct wf *f)
{
	f->next = NULL;
	if (d->st)
		d->st->next = f;
	else
		d->sh = f;
	d->st = f;
}

/* SimGrid delivered f, the oldest on port d's link (one after another). */
static void port_landed(struct ldir *d, struct wf *f)
{
	assert(f == d->fh);
	(void)f;
	d->fh = d->fh->next;
	if (!d->fh)
		d->ft = NULL;
}

/* Port d's oldest frame waiting to start starts: sender e, whose turn it
 * is, puts it on the link (a communication of `bytes` into its mailbox),
 * its arrival announced to `to`. e first ends those of its communications
 * its far end has received (sg_comm_wait returns at once; one mailbox's
 * communications arrive in the order they were put, the port's FIFO),
 * and after PORT_TURN frames gives its turn to the next sender, which
 * goes on at the same instant; e waits for its next turn. Cost per
 * frame: the put and an end, and a sixteenth of a semaphore's release
 * and acquire. */
static void port_put(struct world *w, struct port_end *e, struct theap *to, long bytes)
{
	struct ldir *d = e->d;
	struct wf *f = d->sh;
	d->sh = f->next;
	if (!d->sh)
		d->st = NULL;
	f->next = NULL;
	if (d->ft)
		d->ft->next = f;
	else
		d->fh = f;
	d->ft = f;
	theap_push(to, f->t);
	w->comms++;
	for (; e->landed; e->landed--, e->n--) {
		assert(e->n > 0);
		simgrid->sg_comm_wait(e->comm[e->head]);
		e->comm[e->head] = NULL;
		e->head = (e->head + 1) & (e->cap - 1);
	}
	if (e->n == e->cap && sender_grow(e) < 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "out of memory");
		w->rc = 2;
		return;
	}
	e->comm[(e->head + e->n++) & (e->cap - 1)] = simgrid->sg_mailbox_put_async(d->mb[e->k], f, bytes);
	if (++d->turn_puts == PORT_TURN) {       /* the next sender's turn */
		d->turn_puts = 0;
		simgrid->sg_sem_release(d->turn);
		simgrid->sg_sem_acquire(d->turn);
	}
}

/* Port d sleeps to tick `wake` (UINT64_MAX: until told) or until woken. */
static void port_sleep(struct world *w, struct ldir *d, uint64_t wake)
{
	d->wake = wake;
	d->waiting = true;
	if (wake == UINT64_MAX)
		simgrid->sg_sem_acquire(d->sem);
	else
		simgrid->sg_sem_acquire_timeout(d->sem, sg_time(w, wake) - simgrid->simgrid_get_clock());
	d->waiting = false;
}

/* A frame, or a bus message, has come to its host: the host may go on. */
static void host_arrive(struct world *w, struct wf *f)
{
	struct whost *h = &w->h[f->dst];
	theap_remove(&h->expect, f->t);
	heap_push(&h->inbox, f);
	if (h->waiting) {
		h->waiting = false;
		simgrid->sg_sem_release(h->sem);
	}
}

/* A frame enters the port of its next hop at f->t. */
static void port_push(struct world *w, struct wf *f)
{
	struct ldir *d = port_of(w, f->route[f->hop]);
	heap_push(&d->q, f);
	port_wake(d, f->t);
}

/* Every host has sent everything up to t, and every frame announced to
 * port d up to t has come (and t is not past the world's end). */
static bool port_may_take(const struct world *w, const struct ldir *d, uint64_t t)
{
	if (t > w->end)                     /* after the world's end: in flight */
		return false;
	if (theap_min(&d->expect) <= t)
		return false;
	for (size_t i = 0; i < w->c->nhosts; i++)
		if (w->h[i].pushed <= t)
			return false;
	return true;
}

/* A sender of a port: in its turn, the port (port_put hands it on). */
static void port_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct port_end *e = port_self();
	struct ldir *d = e->d;
	struct world *w = d->W;
	while (!w->done) {
		uint64_t now = sg_tick(w);
		struct wf *f = d->sh;
		if (f && f->start <= now) {             /* its start: onto the link */
			/* at its start, or later by less than the lag of a SimGrid
			 * delivery it waited for (port_end_actor) */
			port_put(w, e, f->hop + 1 < f->nhops ? &port_of(w, f->route[f->hop + 1])->expect
			                                      : &w->h[f->dst].expect, wire_bits(f) / 8);
			continue;
		}
		f = heap_top(&d->q);
		d->blocked = false;
		if (f && f->t <= now) {
			if (port_may_take(w, d, f->t)) {
				heap_pop(&d->q);
				uint64_t start;
				if (port_take(w, f, &start)) {
					f->start = start;
					port_queue(d, f);
				}
				continue;
			}
			d->blocked = true;              /* until the hosts have run */
		}
		/* asleep to the next start or frame to take, or until told */
		uint64_t wake = d->sh ? d->sh->start : UINT64_MAX;
		if (!d->blocked && f && f->t < wake)
			wake = f->t;
		port_sleep(w, d, wake);
	}
}

/* How far SimGrid's arrival may be from the port's tick (ticks). The port
 * rounds each frame's last bit up to a tick, SimGrid starts it at the
 * rounded start and adds bits / bandwidth unrounded: less than a tick
 * either way. A host or port woken by such a delivery acts at SimGrid's
 * clock, up to that much after the tick it waited for, so a frame it puts
 * at once starts late by as much: its next hop, or an answer made at the
 * instant (echo, a far end's zero delay) and its route, inherit the lag,
 * less than a tick per hop crossed, at most two routes of MAX_HOPS.
 * A model that is not the port's (SimGrid's TCP-gamma bound, fluid
 * sharing) is off by a frame's time or more. SimGrid's clock is a double,
 * its sums rounded to its steps: late in a long world a step is ticks
 * (44 at 80,000 s at 3 x 10^12 ticks/s), and a day's world stopped on
 * a "deviation" of its resolution; four steps of it are allowed besides. */
#define DEV_MAX (2.0 * MAX_HOPS)

/* DEV_MAX at SimGrid's clock now, in ticks (see above). */
static double dev_max(const struct world *w)
{
	double c = simgrid->simgrid_get_clock();
	return DEV_MAX + 4.0 * (nextafter(c, INFINITY) - c) * (double)w->W;
}

/* The far end of a port: each communication as SimGrid delivers it. */
static void port_end_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int k;
	struct ldir *d = port_end_self(&k);
	struct world *w = d->W;
	for (struct wf *f; (f = port_get(d, k));) {
		double dev = fabs(simgrid->simgrid_get_clock() * (double)w->W - (double)f->t);
		if (dev > w->maxdev)
			w->maxdev = dev;
		port_landed(d, f);
		if (dev >= dev_max(w) && w->rc != 2) {
			snprintf(w->errmsg, sizeof w->errmsg, "world.network simgrid: SimGrid delivered "
			         "frame %u of %s at %.17g s, the port's time is %.17g s", f->seq,
			         w->c->hosts[f->src].name, simgrid->simgrid_get_clock(), sg_time(w, f->t));
			w->rc = 2;
		}
		if (++f->hop < f->nhops) {
			struct ldir *n = port_of(w, f->route[f->hop]);
			theap_remove(&n->expect, f->t);
			heap_push(&n->q, f);
			port_wake(n, f->t);
			continue;
		}
		host_arrive(w, f);
	}
}

/* ---- a computer's remote bus: RT on its host, GP on HOST:gp ----
 * Each direction is a port too, fed by the node in the order its messages
 * start (node_busmsg: start and arrival as the node's bus arithmetic has
 * them); the port puts each at its start as a communication of its bytes
 * over HOST:bus and the far end hands it back to the host, whose node
 * held at the cycle before the arrival (node_bus_hold). */

static void bus_push(struct whost *h, const struct node_busmsg *m)
{
	struct wf *f = wf_new(h->W, 0);
	f->chan = m->chan;
	f->src = h->idx;
	f->dst = (int)h->idx;
	f->seq = ++h->bseq;
	f->start = m->start * h->tpc;
	f->t = m->at * h->tpc;
	f->caplen = m->len;
	struct ldir *d = &h->bus[m->dir];
	port_queue(d, f);
	h->bus_msgs++;
	port_wake(d, f->start);
}

/* A sender of a bus direction, as port_actor is of a link's. */
static void bus_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct port_end *e = port_self();
	struct ldir *d = e->d;
	struct world *w = d->W;
	struct whost *h = d->host;
	while (!w->done) {
		struct wf *f = d->sh;
		if (f && f->start <= sg_tick(w))
			port_put(w, e, &h->expect, f->caplen ? f->caplen : 1);
		else
			port_sleep(w, d, f ? f->start : UINT64_MAX);
	}
}

static void bus_end_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int k;
	struct ldir *d = port_end_self(&k);
	struct world *w = d->W;
	struct whost *h = d->host;
	for (struct wf *f; (f = port_get(d, k));) {
		/* the node rounds each message's bytes and the latency up to cycles */
		double dev = fabs(simgrid->simgrid_get_clock() * (double)w->W - (double)f->t) / (double)h->tpc;
		if (dev > h->bus_maxdev)
			h->bus_maxdev = dev;
		port_landed(d, f);
		if (dev >= 2.0 && w->rc != 2) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s: SimGrid delivered bus message %u at "
			         "%.17g s, the node's arrival is %.17g s", h->c->name, f->seq,
			         simgrid->simgrid_get_clock(), sg_time(w, f->t));
			w->rc = 2;
		}
		host_arrive(w, f);
	}
}

/* Free what port d still has waiting to start or on its link (SimGrid
 * no longer carries it); returns how many. */
static uint64_t port_lists_free(struct ldir *d)
{
	uint64_t n = 0;
	for (struct wf *f = d->sh, *nx; f; f = nx, n++) {
		nx = f->next;
		wf_free(d->W, f);
	}
	for (struct wf *f = d->fh, *nx; f; f = nx, n++) {
		nx = f->next;
		wf_free(d->W, f);
	}
	d->sh = d->st = d->fh = d->ft = NULL;
	return n;
}

/* Free what the links' ports still hold (waiting to be taken, to start,
 * on the link); returns how many frames that was. */
static uint64_t ports_clear(struct world *w)
{
	uint64_t n = 0;
	for (size_t i = 0; w->l && i < w->c->nlinks; i++)
		for (int k = 0; k < 2; k++) {
			struct ldir *d = &w->l[i].d[k];
			for (; heap_top(&d->q); n++)
				wf_free(w, heap_pop(&d->q));
			n += port_lists_free(d);
		}
	return n;
}

/* A port goes: what it holds (a bus's messages are not frames between
 * hosts, so nothing is counted here), its arrays, its semaphore. */
static void port_free(struct ldir *d)
{
	while (heap_top(&d->q))
		wf_free(d->W, heap_pop(&d->q));
	port_lists_free(d);
	free(d->wait);
	free(d->q.v);
	free(d->expect.v);
	if (d->sem)
		simgrid->sg_sem_destroy(d->sem);
	if (d->turn)
		simgrid->sg_sem_destroy(d->turn);
	/* the senders' communications not yet ended: SimGrid cancelled them
	 * as it stopped the senders, or they arrived; the handles go */
	for (int k = 0; k < PORT_ENDS; k++) {
		struct port_end *e = &d->sender[k];
		for (size_t i = 0; i < e->n; i++)
			simgrid->sg_comm_unref(e->comm[(e->head + i) & (e->cap - 1)]);
		free(e->comm);
	}
}

/* A host has sent everything before tick t: the ports waiting for it may
 * go on, and those sent a frame in its window wake. */
static void host_pushed(struct world *w, struct whost *h, uint64_t t)
{
	h->pushed = t;
	ports_each(w, kick);
}

/* An RTP (version 2) packet's SSRC in a UDP frame, read as the call
 * table reads it (calls_rtp_parse): false when none. */
static bool rtp_ssrc(const struct wf *f, uint32_t *ssrc)
{
	const struct frame_info *fi = &f->fi;
	struct calls_rtp r;
	uint64_t p = (uint64_t)fi->l4_off + 8;
	if (fi->l4 != L4_UDP || fi->l4_status != FRAME_OK || fi->ip_fragment || p > f->caplen ||
	    !calls_rtp_parse(f->data + p, f->caplen - p, &r))
		return false;
	*ssrc = r.ssrc;
	return true;
}

/* ssrc's entry in fl's SSRC table, or NULL. Cost: a scan of at most
 * FLOW_SSRCS. */
static struct flow_ssrc *ssrc_find(const struct flow *fl, uint32_t ssrc)
{
	for (uint8_t k = 0; k < fl->nss; k++)
		if (fl->ss[k].ssrc == ssrc)
			return &fl->ss[k];
	return NULL;
}

/* Delay d of an RTP packet of ssrc in fl's SSRC table. Cost: the last
 * SSRC's entry at once (a flow carries one call at a time), else
 * ssrc_find. */
static void ssrc_delay(struct flow *fl, uint32_t ssrc, uint64_t d)
{
	struct flow_ssrc *e = NULL;
	if (fl->nss && fl->ss[fl->ss_last].ssrc == ssrc)
		e = &fl->ss[fl->ss_last];
	else if ((e = ssrc_find(fl, ssrc)))
		fl->ss_last = (uint8_t)(e - fl->ss);
	if (!e) {
		if (fl->nss == FLOW_SSRCS || fl->ss_full) {
			fl->ss_full = true;
			return;
		}
		if (!fl->ss) {
			fl->ss = malloc(FLOW_SSRCS * sizeof *fl->ss);
			if (!fl->ss) {
				fl->ss_full = true;   /* then every call gets the flow's max */
				return;
			}
		}
		fl->ss_last = fl->nss;
		e = &fl->ss[fl->nss++];
		*e = (struct flow_ssrc){.ssrc = ssrc};
	}
	if (d > e->dmax)
		e->dmax = d;
}

static void deliver_stats(struct world *w, struct wf *f)
{
	struct flow *fl = &w->fl[f->flow];
	uint64_t d = f->t - f->sent;
	fl->delivered++;
	fl->dsum += d;
	if (d < fl->dmin)
		fl->dmin = d;
	if (d > fl->dmax)
		fl->dmax = d;
	uint32_t ssrc;
	if (rtp_ssrc(f, &ssrc))
		ssrc_delay(fl, ssrc, d);
	if (f->t > w->last)
		w->last = f->t;
}

/* ---- plain hosts (phost.c) ---- */

static struct phost_addr addr_of(const struct world *w, uint32_t i)
{
	const struct wcfg_host *c = &w->c->hosts[i];
	struct phost_addr a = {c->ipv4, {0}, c->computer ? c->sc->echo.enabled : c->echo};
	memcpy(a.mac, c->mac, 6);
	return a;
}

/* A frame host h sent in a window run side by side: kept, with its bytes,
 * until the window is taken in (par_take_in_host injects it). */
static void pout_add(struct whost *h, const uint8_t *frame, uint32_t caplen, uint32_t wirelen,
                     uint64_t at, const struct frame_info *fi)
{
	if (h->npout == h->cappout)
		h->pout = heap_grow(h->pout, &h->cappout, sizeof *h->pout);
	while (h->capbytes - h->nbytes < caplen)
		h->pbytes = heap_grow(h->pbytes, &h->capbytes, 1);
	struct pout *o = &h->pout[h->npout++];
	o->at = at;
	o->off = h->nbytes;
	o->caplen = caplen;
	o->wirelen = wirelen;
	o->has_fi = fi != NULL;
	if (fi)
		o->fi = *fi;
	memcpy(h->pbytes + h->nbytes, frame, caplen);
	h->nbytes += caplen;
}

static void plain_out(void *ctx, const uint8_t *frame, uint32_t len, uint64_t at,
                      const struct frame_info *fi)
{
	struct whost *h = ctx;
	if (!h->W->par) {
		inject(h->W, h, frame, len, len, at, fi);
		return;
	}
	pout_add(h, frame, len, len, at, fi);   /* side by side: injected at take-in */
}

/* Arrival f set aside for host h's window, after the others (pin). */
static void pin_add(struct whost *h, struct wf *f)
{
	if (h->npin == h->cappin)
		h->pin = heap_grow(h->pin, &h->cappin, sizeof *h->pin);
	h->pin[h->npin++] = f;
}

/* A plain host's arrivals by H, delivered, set aside in order (pin). */
static void plain_aside(struct whost *h, uint64_t H)
{
	struct world *w = h->W;
	for (struct wf *f; (f = heap_top(&h->inbox)) && f->t <= H;) {
		heap_pop(&h->inbox);
		deliver_stats(w, f);
		w->delivered++;
		pin_add(h, f);
	}
}

/* A plain host's window to H: its own events and the arrivals set
 * aside in tick order, a reception first at the same tick. Touches the
 * host alone (side by side, on a helper thread too). */
static void plain_window(struct whost *h, uint64_t H)
{
	for (size_t i = 0; i < h->npin; i++) {
		const struct wf *f = h->pin[i];
		phost_run(h->ph, f->t - 1);     /* f->t > 0: a frame has crossed a link */
		struct phost_addr from = addr_of(h->W, f->src);
		phost_rx(h->ph, f->data, f->caplen, f->wirelen, f->t, &from, &f->fi);
	}
	phost_run(h->ph, H);
}

/* The arrivals set aside are done with. */
static void pin_free(struct whost *h)
{
	for (size_t k = 0; k < h->npin; k++)
		wf_free(h->W, h->pin[k]);
	h->npin = 0;
}

/* Run a plain host to tick H: its receptions and its own events in time
 * order, a reception first at the same tick. */
static void plain_run(struct whost *h, uint64_t H)
{
	plain_aside(h, H);
	plain_window(h, H);
	pin_free(h);
}

/* ---- computers ---- */

/* The frames arriving by H for its node, delivered and set aside in
 * order with its bus's messages (pin; computer_give hands them); those
 * after its end dropped. */
static void computer_hand(struct whost *h, uint64_t H)
{
	struct world *w = h->W;
	for (struct wf *f; (f = heap_top(&h->inbox)) && f->t <= H;) {
		heap_pop(&h->inbox);
		if (f->chan >= 0) {            /* a message across its bus: in order too */
			pin_add(h, f);
			continue;
		}
		/* after its own run.duration: dropped, whichever window it
		 * came in (handed, it was left unfinished by the node when the
		 * window reached past the computer's end: another count on
		 * SimGrid than exact, whose windows differ) */
		uint64_t in_at = ceil_div(f->t, h->tpc);   /* its last bit's cycle */
		if (h->ended || in_at > h->last_cycle) {
			drop(w, f, WD_HOST_ENDED);
			continue;
		}
		deliver_stats(w, f);
		w->delivered++;
		pin_add(h, f);
	}
}

/* The frames set aside handed to its node, each at its last bit's cycle
 * (and its bus's messages delivered):
 * node_hand_parsed's 0, or -1 (node_error). Touches the host alone (side
 * by side, on a helper thread too). */
static int computer_give(struct whost *h)
{
	for (size_t i = 0; i < h->npin; i++) {
		const struct wf *f = h->pin[i];
		if (f->chan >= 0) {            /* a message across its bus, delivered */
			if (!h->ended)
				node_bus_arrive(h->n, f->chan);
			continue;
		}
		if (node_hand_parsed(h->n, f->data, f->caplen, f->wirelen, ceil_div(f->t, h->tpc),
		                     &f->fi) < 0)
			return -1;
	}
	return 0;
}

/* After its node ran to *Hp (node_run_until's r): what it sent. */
static int computer_took(struct whost *h, int r, uint64_t *Hp)
{
	struct world *w = h->W;
	if (r < 0)
		return -1;
	if (r == 1)
		h->ended = true;
	uint64_t hold = node_bus_hold(h->n);
	if (!h->ended && hold != UINT64_MAX && hold * h->tpc - 1 < *Hp)
		*Hp = hold * h->tpc - 1;
	id_known(h);                        /* its own frames' sender's too */
	struct node_txf tx;
	while (node_tx_take(h->n, &tx))
		inject(w, h, tx.data, tx.caplen, tx.wirelen, tx.last_bit * h->tpc, &tx.fi);
	struct node_busmsg m;
	while (node_bus_take(h->n, &m))
		bus_push(h, &m);
	return 0;
}

static uint64_t cycle_of(const struct whost *h, uint64_t H)
{
	return H == UINT64_MAX ? UINT64_MAX : H / h->tpc;
}

/* Hand the frames arriving by *Hp, run the node to *Hp, take what it
 * sent. A node that held for a message on its remote bus lowers *Hp to
 * the last tick before the message's arrival cycle. */
static int computer_run(struct whost *h, uint64_t *Hp)
{
	computer_hand(h, *Hp);
	int r = computer_give(h);
	pin_free(h);
	if (r < 0)
		return -1;
	if (h->ended)
		return 0;
	return computer_took(h, node_run_until(h->n, cycle_of(h, *Hp)), Hp);
}

/* ---- side by side ----
 *
 * Exact network with helper threads (engine_opts.threads; doc/engine.md,
 * "Side by side"). The world goes in rounds (host_actor_par): every host
 * runs the window from the round's start to its end R. A window is in
 * three parts: on SimGrid's thread, the frames arriving by R are set
 * aside (pin); the run (par_job: a node is handed them, run to R, and
 * what it put on the wire copied out, pout; a plain host runs its
 * receptions and generators, its sends copied out) touches the host
 * alone and goes to the helper thread the host is given (slot), or runs
 * on SimGrid's thread; the take-in (par_take_in_host) waits for it and
 * puts what it sent into the world, and the host's ran moves to R + 1.
 * Until taken in a host counts as having run to the round's start, and
 * what a take-in changes (ran, the ports' queues, the inboxes of frames
 * whose order is settled) is read only at a round's start, when every
 * window has been taken in, in the order of the hosts' index: the
 * rounds, and so every output, are the same whichever thread ran which
 * host and however long each took. */

/* The window's run: the part on a helper thread. */
static void par_job(void *arg)
{
	struct whost *h = arg;
	struct timespec a, b;
	/* one window in eight of a host that has a helper (the clock's two
	 * reads were 5% of a world of windows of a few hundred ns) */
	bool timed = h->slot >= 0 && h->windows % 8 == 1;
	if (timed)
		clock_gettime(CLOCK_MONOTONIC, &a);
	if (h->n) {
		h->busy_r = computer_give(h);
		if (h->busy_r == 0)
			h->busy_r = node_run_until(h->n, cycle_of(h, h->busy_H));
		struct node_txf tx;
		while (h->busy_r >= 0 && node_tx_take(h->n, &tx))
			pout_add(h, tx.data, tx.caplen, tx.wirelen, tx.last_bit * h->tpc, &tx.fi);
	} else {
		plain_window(h, h->busy_H);
	}
	if (!timed)
		return;
	clock_gettime(CLOCK_MONOTONIC, &b);
	uint64_t ns = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000u + (uint64_t)b.tv_nsec -
	              (uint64_t)a.tv_nsec;
	h->win_ns = h->win_ns - h->win_ns / 4 + ns / 4;
}

/* A window shorter than handing it over costs runs on SimGrid's thread
 * (w->here_ns, this by default, NICSHARE_WINDOW_HERE_NS): a round's
 * hand-over and take-in cost about 1.7 us, and each needs both threads on
 * a core at once, which a loaded machine does not give. A world whose
 * LAN's 7 ns made 630,461 rounds of a few hundred nanoseconds took 1.56 s
 * on two threads (0.46 s on one), and over 60 s under make check's load
 * (tests/e2e/worldvary.sh, seed 7 #9); with its windows here, 1.3 s, and
 * with two busy loops on the two cores 2.4 s (12.4 s before). A host's
 * windows go back to its helper once their mean is over twice the mark.
 * Where a window runs changes no output (par_start). */
#define PAR_HERE_NS 4000u

static int par_take_in_host(struct world *w, struct whost *h);
static void ports_advance(struct world *w, uint64_t cap);

/* Start host h's window to H (its windows' count, its arrivals set
 * aside, its run on its thread); a computer past its own end runs no
 * more, and is at once as far as H. */
static void par_start(struct whost *h, uint64_t H)
{
	struct world *w = h->W;
	assert(!h->busy && !h->rbus);
	h->windows++;
	if (h->n) {
		computer_hand(h, H);
		if (h->ended) {
			h->ran = add_sat(H, 1);
			return;
		}
	} else {
		plain_aside(h, H);
	}
	h->busy = true;
	h->busy_H = H;
	h->on_worker = false;
	if (h->slot >= 0) {
		if (h->here ? h->win_ns / 2 > w->here_ns : h->win_ns < w->here_ns)
			h->here = !h->here;
		h->on_worker = !h->here &&
		               workers_start(w->ws, (unsigned)h->slot, par_job, h, &h->job);
	}
	if (!h->on_worker) {
		/* run here, and taken in at once: nothing reads what a take-in
		 * changes (ran, the ports' queues) before the next round's start,
		 * and the round's first then has less to do before the helpers'
		 * windows can start */
		par_job(h);
		if (par_take_in_host(w, h) < 0)
			w->rc = 2;
		/* and what it sent goes on as far as it may (the frames of
		 * settled order only: the same as the round's start would take) */
		ports_advance(w, add_sat(w->end, 1));
	}
}

/* Take in host h's window: 0, or -1 with errmsg. */
static int par_take_in_host(struct world *w, struct whost *h)
{
	if (h->on_worker)
		workers_wait(w->ws, &h->job);
	h->busy = h->on_worker = false;
	if (h->n && h->busy_r < 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s: %s", h->c->name, node_error(h->n));
		return -1;
	}
	if (h->busy_r == 1)
		h->ended = true;              /* its own run.duration (computer_took) */
	pin_free(h);
	id_known(h);
	for (size_t k = 0; k < h->npout; k++) {
		const struct pout *o = &h->pout[k];
		inject(w, h, h->pbytes + o->off, o->caplen, o->wirelen, o->at, o->has_fi ? &o->fi : NULL);
	}
	h->npout = h->nbytes = 0;
	h->ran = add_sat(h->busy_H, 1);
	return 0;
}

/* Take in every host whose window ended by tick T, in the order of their
 * index: 0, or -1 with errmsg. */
static int par_take_in(struct world *w, uint64_t T)
{
	for (size_t i = 0; i < w->c->nhosts; i++)
		if (w->h[i].busy && w->h[i].busy_H <= T && par_take_in_host(w, &w->h[i]) < 0)
			return -1;
	return 0;
}

/* Wait for every window still running (an error stopped the world). */
static void par_settle(struct world *w)
{
	for (size_t i = 0; w->h && i < w->c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (h->busy && h->on_worker)
			workers_wait(w->ws, &h->job);
		h->busy = h->on_worker = false;
		pin_free(h);
		h->npout = h->nbytes = 0;
	}
}

/* exact, with a world.duration: a plain host that only receives
 * (phost_sends); it may hold arrivals for a while (host_actor), which
 * concern no other host. (Not in a world run until quiet: the hosts'
 * last wakes set SimGrid's clock, world.json's simgrid_clock_s.) */
static bool receiver_only(const struct world *w, const struct whost *h)
{
	return !w->sg && w->end != UINT64_MAX && h->ph && !phost_sends(h->ph);
}

/* A computer's cycle a lies past the latest instant the world counts (its
 * ticks, a x ticks per cycle, would pass tmax): past_count stops the run. */
static bool past_base(const struct world *w, const struct whost *h, uint64_t a)
{
	return a != UINT64_MAX && a > w->tmax / h->tpc;
}

/* The earliest tick at which anything can still happen anywhere, as host
 * `self` needs to know it: the arrivals another host only receives and
 * holds concern that host alone (a held arrival counted here would keep
 * every other host to windows of one lookahead while it is held). */
static uint64_t world_next(const struct world *w, const struct whost *self)
{
	uint64_t m = UINT64_MAX;
	for (size_t i = 0; i < w->c->nhosts; i++) {
		const struct whost *h = &w->h[i];
		uint64_t t = heap_top(&h->inbox) && (h == self || !receiver_only(w, h))
		             ? heap_top(&h->inbox)->t : UINT64_MAX;
		assert(!h->busy);          /* side by side: every window taken in */
		if (h->n && !h->ended && !node_quiet(h->n)) {
			/* a node does nothing before its next event or its processor's
			 * next work (a tdma slice): with a link of a few ns, windows of
			 * one lookahead from its clock would be millions for a gap */
			uint64_t a = node_next_act(h->n);   /* past tmax: past_count stops it */
			uint64_t e = a == UINT64_MAX ? UINT64_MAX
			             : past_base(w, h, a) ? w->tmax + 1 : a * h->tpc;
			if (e < t)
				t = e;
		} else if (h->ph && phost_next(h->ph) < t) {
			t = phost_next(h->ph);
		}
		if (theap_min(&h->expect) < t)
			t = theap_min(&h->expect);
		for (int k = 0; k < 2; k++)
			if (h->bus[k].sh && h->bus[k].sh->start < t)
				t = h->bus[k].sh->start;
		if (t < m)
			m = t;
	}
	for (size_t i = 0; i < w->c->nlinks; i++)   /* exact: only the queues */
		for (int k = 0; k < 2; k++) {
			const struct ldir *d = &w->l[i].d[k];
			if (heap_top(&d->q) && heap_top(&d->q)->t < m)
				m = heap_top(&d->q)->t;
			if (d->sh && d->sh->start < m)
				m = d->sh->start;
			if (theap_min(&d->expect) < m)
				m = theap_min(&d->expect);
		}
	return m;
}

/* The furthest tick host h, woken at T, may run to: nx is world_next's
 * (not UINT64_MAX with no world.duration: nothing can happen any more). */
static uint64_t host_horizon(struct world *w, const struct whost *h, uint64_t T, uint64_t nx)
{
	/* nothing can happen anywhere before the world's end: to the end at
	 * once (by lookaheads, a world quiet for 2.8 s behind a 13 ns link
	 * took 2 x 10^8 windows) */
	uint64_t H = nx == UINT64_MAX ? w->end : (nx > T ? nx : T) + h->look;
	/* nothing unknown arrives by then (before, with no world.duration or
	 * a computer ending before the world, the windows stayed one lookahead
	 * from the world's next event: a world run until quiet behind a 1 ns
	 * LAN ran 1,786,094 windows on its gateway in 0.8 s of calls; now 17;
	 * only SimGrid's clock at the end, the hosts' last wakes, differs) */
	uint64_t b = w->sg ? arrival_bound_sg(w, h) : arrival_bound(w, h);
	if (b > H)
		H = b;
	/* before its next announced arrival, when one is (none: UINT64_MAX,
	 * which is no arrival; its tick before sent a host of a world run
	 * until quiet to sleep until 2^64 - 1 ticks, SimGrid's clock with it) */
	uint64_t ex = theap_min(&h->expect);
	if (w->sg && ex != UINT64_MAX && ex - 1 < H)
		H = ex - 1;                      /* > T - 1: it has come if <= T */
	if (H > w->end)
		H = w->end;
	return H;
}

/* A host's actor after its last window (T: its last wake): its node to
 * the end, then (simgrid) the ports stopped once every host is done. */
static void host_end(struct whost *h, uint64_t T)
{
	struct world *w = h->W;
	if (w->sg)
		host_pushed(w, h, UINT64_MAX);
	h->ran = UINT64_MAX;                /* exact: it sends nothing more */
	if (h->n && !h->ended && w->rc != 2) {
		if (node_run_until(h->n, UINT64_MAX) < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s: %s", h->c->name, node_error(h->n));
			w->rc = 2;
		}
		h->ended = true;
		id_known(h);
	}
	/* simgrid: the ports go on to the world's end (a tick past it, so that
	 * every frame entering a port by the end is taken whatever the order
	 * of the actors at that instant), then stop: what they hold is in
	 * flight */
	uint64_t now = T;
	if (w->end != UINT64_MAX)
		now = w->end + w->sg;
	if (w->rc != 2)
		simgrid->sg_actor_sleep_until((double)now / (double)w->W);
	if (w->sg) {
		if (--w->hosts_left == 0 || w->rc == 2) {
			w->done = true;
			ports_each(w, port_stop);
			for (size_t i = 0; i < w->c->nhosts; i++)
				if (w->h[i].waiting) {  /* after an error: no arrival will come */
					w->h[i].waiting = false;
					simgrid->sg_sem_release(w->h[i].sem);
				}
		}
	}
}

/* Side by side, the round from tick T (every window taken in): each host
 * still running gets, as host_actor computes it, the furthest tick it may
 * run to, and the round ends at the least of them, so that no host waits
 * for another's window in the middle of its own. A host that nothing can
 * reach any more (and no world.duration) quits. UINT64_MAX: every host
 * quits. */
/* A computer whose next event lies past the latest instant the world
 * counts, in a world run until quiet (with world.duration, checked within
 * it, the event never comes): the run stops, exit 2. Its cycle times the
 * ticks per cycle wrapped past 2^64 (an RTP item starting at 1999 s at
 * cpu.hz 9.999 GHz failed an assertion). */
static bool past_count(struct world *w)
{
	if (w->end != UINT64_MAX || w->rc == 2)
		return w->rc == 2;
	for (size_t i = 0; i < w->c->nhosts; i++) {
		const struct whost *h = &w->h[i];
		if (!h->n || h->ended || node_quiet(h->n))
			continue;
		uint64_t a = node_next_act(h->n);
		if (!past_base(w, h, a))
			continue;
		snprintf(w->errmsg, sizeof w->errmsg, "%s: its next event, at cycle %llu (%.0f s), is "
		         "past the latest instant this world counts, %.0f s at its time base of %llu "
		         "ticks/s (the lcm of the computers' cpu.hz and 1 THz): a world.duration "
		         "before it, or cpu.hz values with a smaller lcm, keeps the world within",
		         h->c->name, (unsigned long long)a,
		         (double)a / (double)h->c->sc->costs.v[C_CPU_HZ],
		         (double)w->tmax / (double)w->W, (unsigned long long)w->W);
		w->rc = 2;
		return true;
	}
	return false;
}

static uint64_t par_round(struct world *w, uint64_t T)
{
	uint64_t R = UINT64_MAX;
	for (size_t i = 0; i < w->c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (h->ran == UINT64_MAX || h->quit || receiver_only(w, h))
			continue;                  /* gone, or it sends nothing (a round behind) */
		uint64_t nx = world_next(w, h);
		if (nx == UINT64_MAX && w->end == UINT64_MAX) {
			h->quit = true;
			continue;
		}
		uint64_t H = host_horizon(w, h, T, nx);
		if (H < R)
			R = H;
	}
	return R;
}

/* Whether the world goes on: not after an error, nor once SIGINT or
 * SIGTERM asked it to stop (then nothing is kept). */
static bool world_goes_on(struct world *w)
{
	if (w->rc != 2 && w->o->stop && *w->o->stop) {
		snprintf(w->errmsg, sizeof w->errmsg, "interrupted: the run is abandoned, no "
		         "output is kept");
		w->rc = 2;
	}
	return w->rc != 2;
}

/* Wall seconds since a0 into the world's work (not SimGrid's share). */
static void work_add(struct world *w, const struct timespec *a0)
{
	struct timespec a1;
	clock_gettime(CLOCK_MONOTONIC, &a1);
	w->work_s += (double)(a1.tv_sec - a0->tv_sec) + (double)(a1.tv_nsec - a0->tv_nsec) / 1e9;
}

/* A host's actor side by side (world.par): every host wakes at each
 * round's start; the first one awake takes every window in, works out the
 * round (par_round) and starts the helpers' windows; each other host
 * starts its own on SimGrid's thread. A plain host that only receives
 * runs a round behind instead of sleeping longer (host_actor): the
 * rounds are the world's. */

static void host_actor_par(struct whost *h)
{
	struct world *w = h->W;
	uint64_t T = 0;
	for (;;) {
		if (!world_goes_on(w))
			break;
		struct timespec a0;
		clock_gettime(CLOCK_MONOTONIC, &a0);
		if (!w->round_set || w->round_T != T) {   /* the first awake at T */
			if (par_take_in(w, T) < 0) {
				w->rc = 2;
				break;
			}
			if (past_count(w))
				break;
			/* the frames taken in go on first: a host's H counts on
			 * every frame that entered a port before T having gone on
			 * (one lookahead past T; moved after the helpers' start,
			 * the ring of make bench went wrong, tests/e2e/world.sh) */
			ports_advance(w, add_sat(w->end, 1));
			w->round_R = par_round(w, T);
			w->round_T = T;
			w->round_set = true;
			/* the helpers' windows first: they run while SimGrid's
			 * thread runs its own hosts' */
			for (size_t i = 0; i < w->c->nhosts; i++) {
				struct whost *o = &w->h[i];
				if (o->slot >= 0 && !o->quit && !receiver_only(w, o))
					par_start(o, w->round_R);
			}
		}
		if (h->quit)
			break;
		uint64_t R = w->round_R;
		if (receiver_only(w, h)) {
			/* it sends nothing, so no one waits for it: it runs a round
			 * behind, to the round's start, once every frame arriving by
			 * then is in its inbox (the round's first did ports_advance);
			 * the last to the world's end, once every host is done */
			h->windows++;
			plain_run(h, T);
			if (R >= w->end) {
				T = w->end;
				simgrid->sg_actor_sleep_until((double)T / (double)w->W);
				ports_advance(w, add_sat(w->end, 1));
				plain_run(h, T);
				break;
			}
		} else {
			assert(R != UINT64_MAX && (R > T || T == 0));  /* every round moves on */
			if (h->slot < 0)
				par_start(h, R);
			if (R >= w->end) {
				if (h->busy && par_take_in_host(w, h) < 0)   /* its own, the last */
					w->rc = 2;
				work_add(w, &a0);
				break;
			}
		}
		work_add(w, &a0);
		T = R;
		simgrid->sg_actor_sleep_until((double)T / (double)w->W);
	}
	if (h->busy && par_take_in_host(w, h) < 0)   /* after an error elsewhere */
		w->rc = 2;
	host_end(h, T);
}

static void host_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct whost *h = simgrid->sg_actor_self_get_data();
	struct world *w = h->W;
	if (w->par) {
		host_actor_par(h);
		return;
	}
	uint64_t T = 0;
	for (;;) {
		if (!world_goes_on(w))
			break;
		/* simgrid: what was announced to arrive by T has come */
		while (w->sg && theap_min(&h->expect) <= T && w->rc != 2) {
			h->waiting = true;
			simgrid->sg_sem_acquire(h->sem);
		}
		if (w->rc == 2)
			break;
		struct timespec a0;
		clock_gettime(CLOCK_MONOTONIC, &a0);
		w->in_window = w->sg;
		if (!w->sg)              /* as far as each port may, to the world's end */
			ports_advance(w, add_sat(w->end, 1));
		if (past_count(w)) {
			w->in_window = false;
			break;
		}
		uint64_t nx = world_next(w, h);
		if (nx == UINT64_MAX && w->end == UINT64_MAX)
			break;                     /* nothing can happen any more, anywhere */
		uint64_t H = host_horizon(w, h, T, nx);
		h->windows++;
		int r = h->n ? computer_run(h, &H) : (plain_run(h, H), 0);
		w->in_window = false;
		if (r < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s: %s", h->c->name, node_error(h->n));
			w->rc = 2;
			break;
		}
		work_add(w, &a0);
		h->ran = add_sat(H, 1);         /* exact: it sends after H from now on */
		if (w->sg)
			host_pushed(w, h, H + 1);
		assert(!w->sg || H >= T);       /* simgrid: every window moves on */
		if (H >= w->end)
			break;
		uint64_t T0 = T;
		T = w->sg ? H + 1 : H;          /* simgrid: an arrival at H + 1 comes first */
		/* exact: a plain host that only receives (phost_sends) changes
		 * nothing anyone else sees; it may sleep longer and take what
		 * came meanwhile, in order, in its next window (ports_advance has
		 * put there every frame arriving by then). It holds at most the
		 * world's longest link latency of arrivals, as that link holds
		 * its frames in flight. make bench's billing host: 529,606
		 * windows of 100 us, each a SimGrid sleep, became 3,073. */
		if (receiver_only(w, h) && T0 + w->maxlat > T)
			T = T0 + w->maxlat < w->end ? T0 + w->maxlat : w->end;
		simgrid->sg_actor_sleep_until((double)T / (double)w->W);
	}
	host_end(h, T);
}

/* A computer whose OSes sit on two hosts joined by a SimGrid link (its
 * proxy channels' bus): dispatcher.policy split with a bus, on SimGrid. */
static bool host_rbus(const struct wcfg *c, size_t i)
{
	const struct wcfg_host *h = &c->hosts[i];
	return !c->exact_links && h->computer && h->sc->disp == DISP_SPLIT &&
	       (h->sc->costs.v[C_BUS_CHAN_LATENCY] || h->sc->costs.v[C_BUS_CHAN_PER_BYTE]);
}

static void many_hosts(FILE *f, const void *ctx)
{
	const struct wcfg *c = ctx;
	for (size_t i = 0; i < c->nhosts; i++)
		fprintf(f, "    <host id=\"%s\" speed=\"%llu\" core=\"1\"/>\n", c->hosts[i].name,
		        c->hosts[i].computer ? (unsigned long long)c->hosts[i].sc->costs.v[C_CPU_HZ]
		                             : 1000000000ull);
	/* simgrid: a link carries its two directions apart (full duplex), and
	 * each direction joins the two hosts of its port alone (the DTD wants
	 * hosts, then links, then routes) */
	for (size_t i = 0; !c->exact_links && i < c->nlinks; i++)
		for (int k = 0; k < 2; k++)
			fprintf(f, "    <host id=\"port:%s:%d\" speed=\"1Gf\"/>\n"
			        "    <host id=\"port:%s:%d:end\" speed=\"1Gf\"/>\n",
			        c->links[i].name, k, c->links[i].name, k);
	for (size_t i = 0; i < c->nhosts; i++)   /* GP's processor, apart */
		if (host_rbus(c, i))
			fprintf(f, "    <host id=\"%s:gp\" speed=\"%llu\" core=\"1\"/>\n", c->hosts[i].name,
			        (unsigned long long)c->hosts[i].sc->costs.v[C_CPU_HZ]);
	for (size_t i = 0; i < c->nlinks; i++)
		fprintf(f, "    <link id=\"%s\" bandwidth=\"%llubps\" latency=\"%.17gs\"%s/>\n",
		        c->links[i].name, (unsigned long long)c->links[i].bw_bps,
		        (double)c->links[i].lat_ps / 1e12,
		        c->exact_links ? "" : " sharing_policy=\"SPLITDUPLEX\"");
	/* the bus: bytes x bus.channel_per_byte, then bus.channel_latency */
	for (size_t i = 0; i < c->nhosts; i++)
		if (host_rbus(c, i)) {
			const struct costs *k = &c->hosts[i].sc->costs;
			double pb = (double)k->v[C_BUS_CHAN_PER_BYTE];
			fprintf(f, "    <link id=\"%s:bus\" bandwidth=\"%.17gbps\" latency=\"%.17gs\" "
			        "sharing_policy=\"SPLITDUPLEX\"/>\n", c->hosts[i].name,
			        pb > 0 ? 8e12 / pb : 1e18, (double)k->v[C_BUS_CHAN_LATENCY] / 1e12);
		}
	for (size_t i = 0; !c->exact_links && i < c->nlinks; i++)
		for (int k = 0; k < 2; k++)
			fprintf(f, "    <route src=\"port:%s:%d\" dst=\"port:%s:%d:end\" symmetrical=\"NO\">"
			        "<link_ctn id=\"%s\" direction=\"%s\"/></route>\n",
			        c->links[i].name, k, c->links[i].name, k, c->links[i].name, k ? "DOWN" : "UP");
	for (size_t i = 0; i < c->nhosts; i++)
		if (host_rbus(c, i))
			fprintf(f, "    <route src=\"%s\" dst=\"%s:gp\" symmetrical=\"NO\"><link_ctn id=\"%s:bus\" "
			        "direction=\"UP\"/></route>\n    <route src=\"%s:gp\" dst=\"%s\" "
			        "symmetrical=\"NO\"><link_ctn id=\"%s:bus\" direction=\"DOWN\"/></route>\n",
			        c->hosts[i].name, c->hosts[i].name, c->hosts[i].name, c->hosts[i].name,
			        c->hosts[i].name, c->hosts[i].name);
	for (size_t i = 0; c->exact_links && i < c->nroutes; i++) {
		const struct wcfg_route *r = &c->routes[i];
		fprintf(f, "    <route src=\"%s\" dst=\"%s\">", c->hosts[r->a].name,
		        c->hosts[r->b].name);
		for (size_t k = 0; k < r->nlinks; k++)
			fprintf(f, "<link_ctn id=\"%s\"/>", c->links[r->links[k]].name);
		fprintf(f, "</route>\n");
	}
}

/* ---- set-up, outputs ---- */

static int actors_fit(struct world *w);

static int setup(struct world *w)
{
	const struct wcfg *c = w->c;
	uint64_t W = 1000000000000ull;
	for (size_t i = 0; i < c->nhosts; i++) {
		if (!c->hosts[i].computer)
			continue;
		uint64_t hz = c->hosts[i].sc->costs.v[C_CPU_HZ];
		uint64_t g = gcd64(W, hz);
		if (hz / g > 10000000000000000ull / W) {   /* W would pass 10^16 ticks/s: a day
		                                              would overflow */
			const struct scen_loc *l = &c->hosts[i].loc;
			char at[300] = "";
			if (l->opt)
				snprintf(at, sizeof at, "%.250s: ", l->opt);
			else if (l->file)
				snprintf(at, sizeof at, "%.250s:%d:%d: ", l->file, l->line, l->col);
			snprintf(w->errmsg, sizeof w->errmsg, "%sworld.hosts.%s: cpu.hz %llu Hz has no "
			         "common time base with the other hosts and 1 THz (their lcm passes "
			         "10^16 Hz)", at, c->hosts[i].name, (unsigned long long)hz);
			return -1;
		}
		W = W / g * hz;
	}
	w->W = W;
	uint64_t tpp = w->tpp = W / 1000000000000ull;
	/* the world's times in ticks: at 10^16 ticks/s (tpp 10^4) 2^62 ticks
	 * are 461 s, so its longest (the duration, a link's latency, a
	 * timeline event, each up to a day) is checked at this time base */
	uint64_t most = (UINT64_MAX >> 2) / tpp, longest = c->duration_ps;
	const struct scen_loc *at = NULL;
	const char *what = "world.duration";
	for (size_t i = 0; i < c->nlinks; i++)
		if (c->links[i].lat_ps > longest) {
			longest = c->links[i].lat_ps;
			at = &c->links[i].loc;
			what = "a link's latency";
		}
	for (size_t i = 0; i < c->nevents; i++)
		if (c->events[i].at_ps > longest) {
			longest = c->events[i].at_ps;
			at = &c->events[i].loc;
			what = "a timeline event";
		}
	/* a plain host's sending, its last stream's start or its end, in a
	 * world run until quiet (with world.duration, within it, what comes
	 * after never happens: its ticks saturate, phost.c) */
	for (size_t i = 0; !c->duration_ps && i < c->nhosts; i++) {
		const struct wcfg_host *h = &c->hosts[i];
		if (h->computer || (h->app != WAPP_RTP && h->app != WAPP_BULK))
			continue;
		uint64_t last = h->start_ps;
		if (h->app == WAPP_RTP && h->channels > 1)
			last += (uint64_t)(h->channels - 1) * h->stagger_ps;   /* within a day: checked */
		if (h->duration_set && h->start_ps + h->duration_ps > last)
			last = h->start_ps + h->duration_ps;      /* two days at most */
		if (last > longest) {
			longest = last;
			at = h->start_loc.line || h->start_loc.opt ? &h->start_loc : &h->loc;
			what = "a plain host's sending (start, stagger, duration)";
		}
	}
	if (longest > most) {
		char where[160];
		if (at && at->opt)
			snprintf(where, sizeof where, "%.140s", at->opt);
		else if (at && at->file)
			snprintf(where, sizeof where, "%.120s:%d:%d", at->file, at->line, at->col);
		else
			snprintf(where, sizeof where, "%.140s", c->file ? c->file : "world");
		snprintf(w->errmsg, sizeof w->errmsg, "%s: %s (%llu ps) is longer than this world can "
		         "count: %llu ps at its time base of %llu ticks/s (the lcm of the computers' "
		         "cpu.hz and 1 THz); choose a shorter one, or cpu.hz values with a smaller lcm",
		         where, what, (unsigned long long)longest, (unsigned long long)most,
		         (unsigned long long)W);
		return -1;
	}
	w->end = c->duration_ps ? c->duration_ps * tpp : UINT64_MAX;
	w->tmax = most * tpp;
	w->h = calloc(c->nhosts, sizeof *w->h);
	w->l = calloc(c->nlinks ? c->nlinks : 1, sizeof *w->l);
	if (!w->h || !w->l)
		return -1;
	w->sg = !c->exact_links;
	for (size_t i = 0; i < c->nlinks; i++) {
		w->l[i].c = &c->links[i];
		w->l[i].lat = c->links[i].lat_ps * tpp;
		w->l[i].tpb = W % c->links[i].bw_bps ? 0 : W / c->links[i].bw_bps;
		w->l[i].maxbits = (uint64_t)((unsigned __int128)w->tmax * c->links[i].bw_bps / W);
		if (w->l[i].lat > w->maxlat)
			w->maxlat = w->l[i].lat;
		for (int d = 0; d < 2; d++) {
			struct ldir *p = &w->l[i].d[d];
			p->up = true;
			p->W = w;
			p->link = (int)i;
			p->dir = d;
			p->wake = UINT64_MAX;
			if (!c->links[i].queue)
				continue;
			p->wait = calloc(c->links[i].queue, sizeof *p->wait);
			if (!p->wait)
				return -1;
		}
	}
	for (size_t i = 0; i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		h->W = w;
		h->c = &c->hosts[i];
		h->idx = (uint32_t)i;
		h->look = UINT64_MAX;
		/* lookahead: the smallest latency of the last link of a route into it */
		for (size_t r = 0; r < c->nroutes; r++) {
			const struct wcfg_route *ro = &c->routes[r];
			int li = ro->b == (int)i ? ro->links[ro->nlinks - 1] :
			         ro->a == (int)i ? ro->links[0] : -1;
			if (li >= 0 && w->l[li].lat < h->look)
				h->look = w->l[li].lat;
			h->entered |= li >= 0;
		}
		if (h->look == UINT64_MAX)
			h->look = w->end != UINT64_MAX ? w->end : UINT64_MAX / 2;
		h->rbus = host_rbus(c, i);
		for (int d = 0; d < 2; d++) {
			h->bus[d].W = w;
			h->bus[d].link = -1;
			h->bus[d].host = h;
			h->bus[d].dir = d;
			h->bus[d].wake = UINT64_MAX;
		}
	}
	if (actors_fit(w) < 0)
		return -1;
	return look_setup(w);
}

/* SimGrid gives each actor a stack of its own, a mapping and its guard
 * page: a world of a few thousand links (2 x PORT_ENDS actors a port and
 * as many its far ends, two ports a link) passed the kernel's limit on a
 * process's mappings, and SimGrid aborted (review n51: 1608 links, exit
 * 134). Refused before it starts, naming the way out; exact needs none. */
static int actors_fit(struct world *w)
{
	const struct wcfg *c = w->c;
	uint64_t ports = w->sg ? 2 * (uint64_t)c->nlinks : 0, actors = c->nhosts;
	for (size_t i = 0; i < c->nhosts; i++)
		ports += w->h[i].rbus ? 2 : 0;
	actors += ports * 2 * PORT_ENDS;
	unsigned long most = 65530;          /* Linux's default */
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	if (f) {
		if (fscanf(f, "%lu", &most) != 1)
			most = 65530;
		fclose(f);
	}
	/* two mappings an actor, and room for the process's own */
	if (2 * actors + 4096 <= most)
		return 0;
	snprintf(w->errmsg, sizeof w->errmsg, "world.network simgrid: %zu links%s would take %llu "
	         "SimGrid actors, two memory mappings each, more than this machine allows a "
	         "process (vm.max_map_count %lu); run the world with `world.network: exact` "
	         "(the same outputs, no SimGrid actor a link), or raise vm.max_map_count",
	         c->nlinks, ports > 2 * (uint64_t)c->nlinks ? " and the buses" : "",
	         (unsigned long long)actors, most);
	return -1;
}

static int open_hosts(struct world *w)
{
	const struct wcfg *c = w->c;
	char ebuf[512];
	for (size_t i = 0; i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (!h->c->computer) {
			struct phost_cfg pc = {h->c, h->idx, {0, {0}, false}, w->W, w->end, plain_out, h,
			                       NULL};
			if (h->c->to >= 0)
				pc.to = addr_of(w, (uint32_t)h->c->to);
			if (h->c->app == WAPP_CALLFAR)
				pc.peer = c->hosts[h->c->to].sc;
			h->ph = phost_create(&pc);
			if (!h->ph)
				return -1;
			continue;
		}
		const struct scenario *sc = h->c->sc;
		h->tpc = w->W / sc->costs.v[C_CPU_HZ];
		/* its run.duration (the world's, or its own), as its node counts
		 * it (whole cycles, rounded down): a frame arriving after its last
		 * cycle is dropped host-ended (computer_run). A world's end inside
		 * one of its cycles holds nothing more for it: its last cycle is
		 * the last whole one */
		uint64_t e = sc->duration_ps ? cost_ps_to_cycles_floor(&sc->costs, sc->duration_ps)
		                             : UINT64_MAX;
		h->last_cycle = e;
		struct node_opts no = {w->o->quiet ? NULL : w->err, w->o->stop, true, NULL, NULL,
		                      h->rbus};
		h->n = node_create(sc, &no, ebuf, sizeof ebuf);
		if (!h->n) {
			snprintf(w->errmsg, sizeof w->errmsg, "%.100s: %.400s", h->c->name, ebuf);
			return -1;
		}
		h->dir = paths_join(w->o->outdir, h->c->name);
		if (!h->dir || outdir_prepare(h->dir, true, &h->od, ebuf, sizeof ebuf) < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s: %.400s", h->c->name,
			         h->dir ? ebuf : "out of memory");
			free(h->dir);
			h->dir = NULL;   /* nothing to put back */
			return -1;
		}
		h->tw = tracew_open(h->dir, w->o->outputs, node_trace(h->n), &sc->costs, ebuf,
		                    sizeof ebuf);
		if (!h->tw) {
			snprintf(w->errmsg, sizeof w->errmsg, "%.100s: %.400s", h->c->name, ebuf);
			return -1;
		}
		node_start(h->n);
		__int128 epoch;
		bool captured = node_epoch_ns(h->n, &epoch);
		tracew_set_clock(h->tw, captured, epoch, sc->trace_offset_ps);
	}
	return 0;
}

/* After the world: a computer's files as a run alone leaves them (its
 * trace files committed, calls.tsv, config.yaml, verify.txt, the marker),
 * and its own verify section checked; its verify lines on err are prefixed
 * with the host's name. 0 held, 1 broken, 2 could not write (errmsg). */
static int computer_finish(struct world *w, struct whost *h, double wall)
{
	char ebuf[512];
	const struct scenario *sc = h->c->sc;
	/* verify.calls is checked against calls.tsv */
	const unsigned outs = w->o->outputs | (verify_has_calls(sc) ? 1u << OUT_CALLS : 0);
	int bad = tracew_close(h->tw, true, w->err) < 0;
	h->tw = NULL;
	struct node_stats ns;
	node_stats(h->n, &ns);
	if (!bad && (outs & (1u << OUT_CALLS)) && engine_write_calls(h->dir, ns.calls, ebuf, sizeof ebuf) < 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s", ebuf);
		return 2;
	}
	if (bad || outdir_write_config(sc, h->dir) != 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s: the computer's outputs cannot be written",
		         h->c->name);
		return 2;
	}
	struct engine_stats st;
	engine_fill_stats(&ns, wall, &st);
	st.bound = &h->bound;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int vr = verify_run_host(sc, &st, h->dir, m ? m : w->err, ns.handed);
	if (m) {
		fclose(m);
		for (char *line = buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			fprintf(w->err, "%s: %.*s\n", h->c->name, nl ? (int)(nl - line) : (int)strlen(line),
			        line);
		}
		free(buf);
	}
	if (vr == 2) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s: its verify section cannot be checked",
		         h->c->name);
		return 2;
	}
	h->verdict = sc->n_bounds || sc->n_expects || sc->drops_only_set || sc->n_droplimits ||
	             verify_has_calls(sc) ? vr : -1;
	if (outdir_finish(h->dir, outs, ebuf, sizeof ebuf) < 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s", ebuf);
		return 2;
	}
	return vr;
}

static double ns_of(const struct world *w, unsigned __int128 ticks)
{
	return (double)ticks * 1e9 / (double)w->W;
}

/* world.json "calls": each call of each computer's SIP engine whose far
 * end is a host of the world, its one-way delay budget per direction
 * (doc/outputs.md): the gateway's share (calls.tsv's delay max: in, NIC to
 * RT socket; out, RT's send to the wire), the network's (the RTP flow's
 * delay max in flows), the far end's own (calls.delay_budget), and their
 * sum against ITU-T G.114's 150 ms for one-way delay. */
#define G114_PS 150000000000ull

/* The network's delay max, in ticks, of a call's RTP in one direction:
 * over its SSRCs (q) on the flow of its port pair, which calls before or
 * after it may have used too. False when none of them crossed. The
 * flow's own max when the call has SSRCs beyond those measured or the
 * flow beyond those kept (never less than the call's). */
static bool call_network_max(const struct flow *fl, const struct calls_quality *q, uint64_t *max)
{
	bool found = false, missed = false;
	*max = 0;
	for (unsigned k = 0; k < q->streams; k++) {
		const struct flow_ssrc *e = ssrc_find(fl, q->ssrc[k]);
		if (!e) {
			missed = true;
			continue;
		}
		found = true;
		if (e->dmax > *max)
			*max = e->dmax;
	}
	/* SSRCs of the call past those calls_quality names (their delays
	 * are in the flow, under SSRCs not known here), or not kept */
	if (q->unmeasured > 0 || (missed && fl->ss_full)) {
		*max = fl->dmax;
		return true;
	}
	return found;
}

static void write_calls(struct world *w, FILE *f)
{
	const struct wcfg *c = w->c;
	bool first = true;
	for (size_t i = 0; i < c->nhosts; i++) {
		const struct whost *h = &w->h[i];
		if (!h->n)
			continue;
		struct node_stats ns;
		node_stats(h->n, &ns);
		uint32_t n = ns.calls ? calls_count(ns.calls) : 0;
		uint64_t budget = h->c->sc->calls_budget_ps;
		for (uint32_t k = 1; k <= n; k++) {
			struct calls_info ci;
			if (!calls_info(ns.calls, k, &ci))
				continue;
			/* its far end: its remote media's host; a call whose far end
			 * never answered has none, and is its generator's far end
			 * (calls.far.ipv4) when that is a host of the world: listed,
			 * with no direction measured */
			bool media = ci.remote.family == AF_INET;
			uint32_t rip = (uint32_t)ci.remote.a[0] << 24 | (uint32_t)ci.remote.a[1] << 16 |
			               (uint32_t)ci.remote.a[2] << 8 | ci.remote.a[3];
			if (!media && ci.remote.family == 0 && h->c->sc->far_remote)
				rip = h->c->sc->far_ipv4;
			else if (!media)
				continue;
			int far = wcfg_host_by_ip(c, rip);
			if (far < 0 || far == (int)i)
				continue;
			/* host names are [A-Za-z0-9_-]; a Call-ID is any text: escaped */
			json_t *id = js_text(ci.call_id);   /* bytes that are not UTF-8: U+FFFD */
			char *idt = id ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
			fprintf(f, "%s    {\"host\": \"%s\", \"call_id\": %s, \"far\": \"%s\"",
			        first ? "" : ",\n", h->c->name, idt ? idt : "\"?\"", c->hosts[far].name);
			free(idt);
			json_decref(id);
			first = false;
			uint64_t worst = 0;
			int measured = 0;
			for (int d = CALLS_IN; d <= CALLS_OUT; d++) {
				struct calls_quality q;
				const struct flow *fl = d == CALLS_IN
				    ? flow_find(w, (uint32_t)far, (uint32_t)i, ci.remote_port, ci.local_port)
				    : flow_find(w, (uint32_t)i, (uint32_t)far, ci.local_port, ci.remote_port);
				uint64_t dmax;
				if (!media || !calls_quality(ns.calls, k, (enum calls_media_dir)d, &q) || !fl ||
				    !fl->delivered || !call_network_max(fl, &q, &dmax)) {
					fprintf(f, ", \"%s\": null", d == CALLS_IN ? "in" : "out");
					continue;
				}
				/* ps, rounded up (a budget is never understated) */
				uint64_t net = units_muldiv(dmax, UNITS_PS_PER_S, w->W, true);
				uint64_t total = q.delay_max_ps + net + budget;
				measured++;
				if (total > worst)
					worst = total;
				fprintf(f, ", \"%s\": {\"gateway_max_ns\": %.3f, \"network_max_ns\": %.3f, "
				        "\"far_end_ns\": %.3f, \"one_way_max_ns\": %.3f}",
				        d == CALLS_IN ? "in" : "out", q.delay_max_ps / 1e3, net / 1e3,
				        budget / 1e3, total / 1e3);
			}
			/* ok only when both ways were measured within it: a direction
			 * none of whose RTP reached the RT socket (or crossed the
			 * network) is not known to be within (it said ok) */
			fprintf(f, ", \"g114\": \"%s\"}", worst > G114_PS ? "over 150 ms"
			                                     : measured == 2 ? "ok" : "-");
		}
	}
	if (!first)
		fputc('\n', f);
}

static int flow_cmp(const void *a, const void *b)
{
	const struct flow *x = *(const struct flow *const *)a, *y = *(const struct flow *const *)b;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->sport != y->sport)
		return x->sport < y->sport ? -1 : 1;
	return (x->dport > y->dport) - (x->dport < y->dport);
}

/* A host's lookahead (world.json): none when no route enters it (its
 * windows then reach as far as the world lets them: it said the world's
 * duration, or 2^63 ticks, as if a link were that long). */
static void put_lookahead(FILE *f, const struct world *w, const struct whost *h)
{
	if (h->entered)
		fprintf(f, "\"lookahead_ns\": %.3f", ns_of(w, h->look));
	else
		fputs("\"lookahead_ns\": null", f);
}

static int write_world_json(struct world *w, double clock, double wall)
{
	const struct wcfg *c = w->c;
	char *p = paths_join(w->o->outdir, "world.json"), *t = paths_join(w->o->outdir, "world.json.tmp");
	FILE *f = p && t ? fopen(t, "w") : NULL;
	if (!f) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s: cannot write", t ? t : "world.json");
		free(p);
		free(t);
		return -1;
	}
	char b[64];
	fprintf(f, "{\n  \"ticks_per_second\": %llu,\n  \"end_ns\": %.3f,\n  \"simgrid_clock_s\": %.15g,\n"
	        "  \"wall_s\": %.3f, \"wall_outside_simgrid_s\": %.3f,\n", (unsigned long long)w->W,
	        ns_of(w, w->last), clock, wall, w->work_s);
	/* simgrid: every frame crossed each hop as a SimGrid communication;
	 * the largest gap between SimGrid's arrival and the port's, in ticks */
	fprintf(f, "  \"network\": \"%s\", \"simgrid_communications\": %llu, "
	        "\"simgrid_max_deviation_ticks\": %.3g,\n", w->sg ? "simgrid" : "exact",
	        (unsigned long long)w->comms, w->maxdev);
	fprintf(f, "  \"hosts\": [\n");
	for (size_t i = 0; i < c->nhosts; i++) {
		const struct whost *h = &w->h[i];
		fprintf(f, "    {\"name\": \"%s\", \"ip\": \"%s\", ", h->c->name,
		        units_format_ipv4(h->c->ipv4, b));
		if (h->n) {
			struct node_stats ns;
			node_stats(h->n, &ns);
			fprintf(f, "\"kind\": \"computer\", \"summary\": \"%s/summary.json\", "
			        "\"frames_in\": %llu, \"frames_out\": %llu, \"from_network\": %llu, "
			        "\"verify\": \"%s\", ",
			        h->c->name, (unsigned long long)ns.frames,
			        (unsigned long long)ns.acct.out_sent, (unsigned long long)ns.handed,
			        h->verdict < 0 ? "none" : h->verdict ? "broken" : "held");
			put_lookahead(f, w, h);
			/* its OSes on two hosts: the proxy channels' messages over the bus */
			if (h->rbus)
				fprintf(f, ", \"bus\": {\"link\": \"%s:bus\", \"gp_host\": \"%s:gp\", "
				        "\"messages\": %llu, \"simgrid_max_deviation_cycles\": %.3g}",
				        h->c->name, h->c->name, (unsigned long long)h->bus_msgs, h->bus_maxdev);
			fputc('}', f);
		} else {
			struct phost_stats ps;
			phost_stats(h->ph, &ps);
			fprintf(f, "\"kind\": \"plain\", \"app\": \"%s\", \"frames_out\": %llu, "
			        "\"frames_in\": %llu, \"bytes_in\": %llu, \"echoed\": %llu, "
			        "\"records\": %llu, ", wcfg_app_name(h->c->app),
			        (unsigned long long)ps.tx, (unsigned long long)ps.rx,
			        (unsigned long long)ps.rx_bytes, (unsigned long long)ps.echoed,
			        (unsigned long long)ps.records);
			if (h->c->app == WAPP_CALLFAR)
				fprintf(f, "\"calls\": {\"sip_tx\": %llu, \"sip_rx\": %llu, \"rtp_tx\": %llu, "
				        "\"rtp_rx\": %llu, \"answered\": %llu, \"ended\": %llu, \"ignored\": %llu}, ",
				        (unsigned long long)ps.sip_tx, (unsigned long long)ps.sip_rx,
				        (unsigned long long)ps.rtp_tx, (unsigned long long)ps.rtp_rx,
				        (unsigned long long)ps.answered, (unsigned long long)ps.ended,
				        (unsigned long long)ps.ignored);
			put_lookahead(f, w, h);
			fputc('}', f);
		}
		fprintf(f, "%s\n", i + 1 < c->nhosts ? "," : "");
	}
	fprintf(f, "  ],\n  \"links\": [\n");
	for (size_t i = 0; i < c->nlinks; i++) {
		const struct wlink *l = &w->l[i];
		fprintf(f, "    {\"name\": \"%s\", \"bandwidth_bps\": %llu, \"latency_ns\": %.3f, "
		        "\"loss\": %.6f, \"directions\": [", l->c->name,
		        (unsigned long long)l->c->bw_bps, (double)l->c->lat_ps / 1000,
		        l->c->loss_ppm / 1e6);
		for (int d = 0; d < 2; d++) {
			const struct ldir *x = &l->d[d];
			fprintf(f, "%s{\"dir\": \"%s\", \"frames\": %llu, \"bytes\": %llu, "
			        "\"busy_ns\": %.3f, \"utilisation\": %.6f, \"drops\": {", d ? ", " : "",
			        d ? "back" : "forward", (unsigned long long)x->frames,
			        (unsigned long long)x->bytes, ns_of(w, x->busy),
			        w->last ? (double)x->busy / (double)w->last : 0.0);
			for (int k = 0; k < WD__COUNT; k++)
				fprintf(f, "%s\"%s\": %llu", k ? ", " : "", wdrop_name[k],
				        (unsigned long long)x->drops[k]);
			fprintf(f, "}}");
		}
		fprintf(f, "]}%s\n", i + 1 < c->nlinks ? "," : "");
	}
	fprintf(f, "  ],\n  \"routes\": [\n");
	for (size_t i = 0; i < c->nroutes; i++) {
		const struct wcfg_route *r = &c->routes[i];
		fprintf(f, "    {\"between\": [\"%s\", \"%s\"], \"links\": [", c->hosts[r->a].name,
		        c->hosts[r->b].name);
		for (size_t k = 0; k < r->nlinks; k++)
			fprintf(f, "%s\"%s\"", k ? ", " : "", c->links[r->links[k]].name);
		fprintf(f, "]}%s\n", i + 1 < c->nroutes ? "," : "");
	}
	fprintf(f, "  ],\n  \"flows\": [\n");
	/* in (sender, receiver, ports) order, not in the order the hosts'
	 * actors happened to send their first frames */
	const struct flow **ord = malloc((w->nfl ? w->nfl : 1) * sizeof *ord);
	if (!ord)
		exit(2);
	for (size_t i = 0; i < w->nfl; i++)
		ord[i] = &w->fl[i];
	qsort(ord, w->nfl, sizeof *ord, flow_cmp);
	for (size_t i = 0; i < w->nfl; i++) {
		const struct flow *x = ord[i];
		fprintf(f, "    {\"src\": \"%s\", \"dst\": \"%s\", \"sport\": %u, \"dport\": %u, "
		        "\"sent\": %llu, \"delivered\": %llu, \"dropped\": %llu, \"in_flight\": %llu",
		        c->hosts[x->src].name, x->dst == UINT32_MAX ? "(none)" : c->hosts[x->dst].name,
		        x->sport, x->dport, (unsigned long long)x->sent,
		        (unsigned long long)x->delivered, (unsigned long long)x->dropped,
		        (unsigned long long)(x->sent - x->delivered - x->dropped));
		if (x->delivered)
			fprintf(f, ", \"delay_ns\": {\"min\": %.3f, \"mean\": %.3f, \"max\": %.3f}",
			        ns_of(w, x->dmin), ns_of(w, x->dsum) / (double)x->delivered,
			        ns_of(w, x->dmax));
		if (x->nhops) {
			fprintf(f, ", \"wire_max\": %u, \"queue_ns\": {\"total\": %.3f, \"max\": %.3f}, "
			        "\"hops\": [", x->wire_max, ns_of(w, x->qsum), ns_of(w, x->qmax));
			/* a frame of wire_max bytes: preamble + frame (padded) + FCS */
			uint64_t len = x->wire_max + WIRE_FCS < WIRE_MIN_FRAME ? WIRE_MIN_FRAME - WIRE_FCS
			                                                        : x->wire_max;
			uint64_t bits = (WIRE_PREAMBLE + len + WIRE_FCS) * 8;
			for (uint16_t k = 0; k < x->nhops; k++) {
				int r = x->route[k];
				const struct wlink *l = &w->l[(r < 0 ? -r : r) - 1];
				fprintf(f, "%s{\"link\": \"%s\", \"dir\": \"%s\", \"latency_ns\": %.3f, "
				        "\"serialisation_ns\": %.3f, \"queue_max_ns\": %.3f}", k ? ", " : "",
				        l->c->name, r < 0 ? "back" : "forward", ns_of(w, l->lat),
				        ns_of(w, bits_ticks(bits, w->W, l->c->bw_bps)), ns_of(w, x->hopq[k]));
			}
			fprintf(f, "]");
		}
		fprintf(f, "}%s\n", i + 1 < w->nfl ? "," : "");
	}
	free(ord);
	fprintf(f, "  ],\n  \"calls\": [\n");
	write_calls(w, f);
	uint64_t dropped = 0;
	for (int k = 0; k < WD__COUNT; k++)
		dropped += w->drop[k];
	fprintf(f, "  ],\n  \"frames\": {\"sent\": %llu, \"delivered\": %llu, \"in_flight\": %llu, "
	        "\"dropped\": {", (unsigned long long)w->injected, (unsigned long long)w->delivered,
	        (unsigned long long)w->inflight);
	for (int k = 0; k < WD__COUNT; k++)
		fprintf(f, "%s\"%s\": %llu", k ? ", " : "", wdrop_name[k], (unsigned long long)w->drop[k]);
	fprintf(f, "}, \"conserved\": %s}\n}\n",
	        w->injected == w->delivered + dropped + w->inflight ? "true" : "false");
	int bad = ferror(f) | fclose(f);
	if (bad || rename(t, p) != 0) {
		snprintf(w->errmsg, sizeof w->errmsg, "%s: cannot write", p);
		unlink(t);
		bad = 1;
	}
	free(p);
	free(t);
	return bad ? -1 : 0;
}

int world_run_many(const struct wcfg *c, const struct engine_opts *o, FILE *err)
{
	struct world w0, *w = &w0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(w, 0, sizeof *w);
	w->c = c;
	w->o = o;
	w->err = err;
	int rc = 2;
	if (setup(w) < 0 || sg_start(many_hosts, c, err) || open_hosts(w) < 0)
		goto out;
	/* exact: as many hosts at once as threads (doc/engine.md, "Side by side") */
	unsigned nt = o->threads;
	if (!nt) {
		long np = sysconf(_SC_NPROCESSORS_ONLN);
		nt = np > 0 ? (unsigned)np : 1;
	}
	unsigned ncomp = 0;             /* plain hosts run on SimGrid's thread */
	for (size_t i = 0; i < c->nhosts; i++)
		ncomp += c->hosts[i].computer;
	if (nt > ncomp + 1)
		nt = ncomp + 1;
	if (!w->sg && nt > 1) {
		w->ws = workers_create(nt - 1);
		w->par = workers_count(w->ws) > 0;
	}
	/* the mark under which a window runs on SimGrid's thread: the tests
	 * set it to 0 (every window on its helper) and to a large number (every
	 * one here), and compare the outputs */
	w->here_ns = PAR_HERE_NS;
	const char *he = getenv("NICSHARE_WINDOW_HERE_NS");
	if (he && !units_parse_u64(he, &w->here_ns)) {
		snprintf(w->errmsg, sizeof w->errmsg, "NICSHARE_WINDOW_HERE_NS: '%.100s': "
		         "expected a whole number of nanoseconds", he);
		goto out;
	}
	/* each computer on one thread, the same every window (its node stays
	 * in that processor's caches): round robin over the helpers and then
	 * SimGrid's thread, which also moves the frames between hosts; plain
	 * hosts (little work each) on SimGrid's */
	unsigned nw = workers_count(w->ws), next = 0;
	for (size_t i = 0; w->par && i < c->nhosts; i++) {
		w->h[i].slot = -1;
		if (w->h[i].n) {
			w->h[i].slot = next < nw ? (int)next : -1;
			next = (next + 1) % (nw + 1);
		}
	}
	for (size_t i = 0; w->sg && i < c->nlinks; i++)
		for (int k = 0; k < 2; k++) {
			struct ldir *d = &w->l[i].d[k];
			char name[160];
			snprintf(name, sizeof name, "port:%s:%d", c->links[i].name, k);
			char at[200];
			snprintf(at, sizeof at, "%s:end", name);
			port_ends(d, name, name, at, port_actor, port_end_actor);
		}
	for (size_t i = 0; i < c->nhosts; i++)
		for (int k = 0; w->h[i].rbus && k < 2; k++) {
			struct ldir *d = &w->h[i].bus[k];
			char name[160], at[160];
			snprintf(name, sizeof name, "bus:%s:%d", c->hosts[i].name, k);
			/* [0] RT's host to GP's, [1] back */
			snprintf(at, sizeof at, "%s%s", c->hosts[i].name, k ? ":gp" : "");
			char from[160];
			snprintf(from, sizeof from, "%s", at);
			snprintf(at, sizeof at, "%s%s", c->hosts[i].name, k ? "" : ":gp");
			port_ends(d, name, from, at, bus_actor, bus_end_actor);
		}
	w->hosts_left = (int)c->nhosts;
	for (size_t i = 0; i < c->nhosts; i++) {
		if (w->sg)
			w->h[i].sem = simgrid->sg_sem_init(0);
		sg_host_t at = simgrid->sg_host_by_name(c->hosts[i].name);
		sg_actor_t a = simgrid->sg_actor_init(c->hosts[i].name, at);
		simgrid->sg_actor_set_data(a, &w->h[i]);
		simgrid->sg_actor_start_(a, host_actor, 0, NULL);
	}
	simgrid->simgrid_run();
	if (w->rc == 2)
		goto out;
	for (size_t i = 0; i < c->nhosts; i++)
		assert(!w->h[i].busy);     /* each host took its last window in */
	/* exact: the ports take what enters them by the end, as the simgrid
	 * ports do; then what is still between hosts is in flight */
	if (!w->sg && w->end != UINT64_MAX)
		ports_drain(w);
	w->inflight += ports_clear(w);
	for (size_t i = 0; i < c->nhosts; i++)
		while (heap_top(&w->h[i].inbox)) {
			struct wf *f = heap_pop(&w->h[i].inbox);
			w->inflight += f->chan < 0;    /* a bus message is not a frame between hosts */
			wf_free(w, f);
		}
	rc = 0;
	for (size_t i = 0; i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (!h->n)
			continue;
		int r = node_finish(h->n, err);
		if (r < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s: %s", h->c->name, node_error(h->n));
			rc = 2;
			goto out;
		}
		if (r > rc)
			rc = r;
		uint64_t e = node_now(h->n) * h->tpc;
		if (e > w->last)
			w->last = e;
	}
	if (w->end != UINT64_MAX)
		w->last = w->end;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (size_t i = 0; i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (!h->n || !(o->outputs & (1u << OUT_SUMMARY)))
			continue;
		struct node_stats ns;
		char ebuf[512];
		node_stats(h->n, &ns);
		if (summary_write(h->dir, h->c->sc, &ns, &h->bound, wall, ebuf, sizeof ebuf) < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s", ebuf);
			rc = 2;
			goto out;
		}
	}
	for (size_t i = 0; i < c->nhosts; i++) {
		if (!w->h[i].n)
			continue;
		int r = computer_finish(w, &w->h[i], wall);
		if (r == 2) {
			rc = 2;
			goto out;
		}
		if (r > rc)
			rc = r;
	}
	if (!o->quiet) {       /* what synchronisation cost: doc/engine.md, "The world" */
		printf("nicshare: world: windows run per host:");
		for (size_t i = 0; i < c->nhosts; i++)
			printf(" %s %" PRIu64, c->hosts[i].name, w->h[i].windows);
		if (w->par)            /* side by side: rounds, on how many threads */
			printf(" (side by side in rounds, on %u threads)", workers_count(w->ws) + 1);
		printf("\n");
	}
	if (write_world_json(w, simgrid->simgrid_get_clock(), wall) < 0) {
		rc = 2;
		goto out;
	}
	uint64_t dropped = 0;
	for (int k = 0; k < WD__COUNT; k++)
		dropped += w->drop[k];
	if (w->injected != w->delivered + dropped + w->inflight) {
		fprintf(err, "nicshare: world: %llu frames sent, %llu delivered, %llu dropped, %llu in "
		        "flight: conservation violated\n", (unsigned long long)w->injected,
		        (unsigned long long)w->delivered, (unsigned long long)dropped,
		        (unsigned long long)w->inflight);
		rc = 1;
	}
out:
	par_settle(w);                 /* no helper runs a host any more */
	workers_destroy(w->ws);
	if (rc == 2 && w->errmsg[0])
		fprintf(err, "nicshare: %s\n", w->errmsg);
	for (size_t i = 0; w->h && i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		if (h->tw && tracew_close(h->tw, rc != 2, err) < 0)
			rc = 2;
	}
	/* each computer's earlier run put back (nothing of a failed run is
	 * left), or dropped once every computer and world.json are written */
	bool failed = rc == 2;
	for (size_t i = 0; w->h && i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		char ebuf[512];
		if (h->dir && failed)
			outdir_abandon(h->dir, &h->od);
		else if (h->dir && outdir_keep(h->dir, &h->od, ebuf, sizeof ebuf) < 0) {
			fprintf(err, "nicshare: %s\n", ebuf);
			rc = 2;
		}
	}
	/* the world's marker lists its computers' folders (an earlier world's
	 * that this one did not write go) */
	if (rc != 2 && w->h) {
		const char **hn = calloc(c->nhosts + 1, sizeof *hn);
		size_t nh = 0;
		char ebuf[512];
		for (size_t i = 0; hn && i < c->nhosts; i++)
			if (w->h[i].dir)
				hn[nh++] = c->hosts[i].name;
		if (!hn || outdir_finish_world(o->outdir, hn, nh, ebuf, sizeof ebuf) < 0) {
			fprintf(err, "nicshare: %s\n", hn ? ebuf : "out of memory");
			rc = 2;
		}
		free(hn);
	}
	for (size_t i = 0; w->h && i < c->nhosts; i++) {
		struct whost *h = &w->h[i];
		while (heap_top(&h->inbox))
			wf_free(w, heap_pop(&h->inbox));
		free(h->inbox.v);
		node_destroy(h->n);
		bound_once_free(&h->bound);
		phost_destroy(h->ph);
		free(h->dir);
		free(h->pin);
		free(h->pout);
		free(h->pbytes);
	}
	ports_each(w, port_free);
	for (size_t i = 0; w->h && i < c->nhosts; i++) {
		free(w->h[i].expect.v);
		if (w->h[i].sem)
			simgrid->sg_sem_destroy(w->h[i].sem);
	}
	wf_pool_free(w);
	free(w->pp);
	free(w->hp);
	free(w->ph);
	free(w->hh);
	free(w->pn_h);
	free(w->pn_p);
	free(w->hn_h);
	free(w->hn_p);
	free(w->pn_h_at);
	free(w->pn_p_at);
	free(w->hn_h_at);
	free(w->hn_p_at);
	free(w->h);
	free(w->l);
	for (size_t i = 0; i < w->nfl; i++)
		free(w->fl[i].ss);
	free(w->fl);
	free(w->fidx);
	return rc;
}
