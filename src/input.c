/* input.c - the node's inputs, see input.h.
 * Models: the Ethernet side of NIC 118 (Fig. 1): what arrives on the wire;
 * SPEC T3, N0. */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "../model/nic.h"
#include "capin.h"
#include "capq.h"

/* Bytes waiting for their event: a frame handed over from elsewhere
 * (index: its input index, or AT_ARRIVAL), or a SIP message the host sent
 * (index 0: its frame already has skip own-tx). A free slot keeps its
 * buffer (room bytes) for the next frame: no malloc per frame. */
struct handed {
	uint64_t index;            /* a handed frame's number; 0: an own-tx SIP message */
	bool whole;                /* own-tx SIP: the whole frame, a TCP segment or an IPv4
	                              fragment (else the UDP payload) */
	uint8_t *data;
	uint32_t caplen, wirelen;
	uint32_t room;
	bool used;
	bool parsed;               /* fi is the parse of data (handed with it) */
	struct frame_info fi;
};

struct input {
	struct input_deps d;
	struct capq *cap;       /* the capture, read ahead (capq.h) */
	bool done;              /* the capture is read to its end (or failed) */
	evq_handle pending;     /* the next capture frame's arrival */
	bool next_own;          /* ... the host sent it (N0): replayed, not received */
	bool mac_moves;         /* the timeline changes the host's MAC: a frame's N0
	                           waits for its own time (on_decide) */
	bool deciding;          /* pending is that wait: the frame is not on the wire yet */
	uint8_t *to_us;         /* a cooked "to us" frame with the MAC of its arrival's */
	size_t to_us_cap;       /* time as destination (mac_moves only), and its size */
	uint64_t next_index;    /* ... its input index */
	uint64_t next_at;       /* ... its first bit's cycle (its stamp) */
	const struct capin_frame *nf;   /* the next capture frame, held by capq */
	const struct frame_info *nfi;   /* ... its parse */
	struct capin_clock clock;
	uint64_t frames;
	uint64_t injected;      /* of them, input_inject's (a generated call's far end) */
	uint64_t handed;        /* of them, input_hand's (a world's network) */
	struct handed *hq;      /* handed frames waiting for their arrival: a slab; */
	uint32_t *hfree;        /* each event carries its slot (frames may be handed */
	uint32_t nhq, hcap, nhfree;   /* in any order of their arrival times) */
	struct evq_lane *hlane; /* their events: one heap entry for all (evq.h) */
	struct evq_lane *wlane; /* a world's handed frames: last at their cycle */
	bool fatal;
	char err[512];
};

static void on_held(void *ctx, uint32_t slot);

/* A frame handed by a world (input_hand) is numbered when it arrives, in
 * the order of the node's events, as a capture's frame is when the one
 * before it has arrived and a modelled peer's when it starts: numbered when
 * handed, its number depended on how far ahead the world handed it (a
 * window of 1 ns or of 20 ms), and the same world gave other numbers on
 * SimGrid than exact once its computer also read a capture (worldvary
 * seed 94 #5). For the same reason its arrival comes after every other
 * frame's of the same cycle (a lane of its own, evq_lane_create_last):
 * ordered by when it was handed, it came before or after a capture's
 * frame of that cycle as the window fell. */
#define AT_ARRIVAL UINT64_MAX   /* in the world's lane: last at its cycle (evq.h) */

struct input *input_create(const struct input_deps *d)
{
	struct input *in = calloc(1, sizeof *in);
	if (!in)
		return NULL;
	in->d = *d;
	in->done = true;
	capin_clock_init(&in->clock, d->hz, d->sc->trace_offset_ps);
	for (size_t i = 0; i < d->sc->n_tl; i++)
		if (d->sc->tl[i].kind == TL_MAC)
			in->mac_moves = true;
	in->hlane = evq_lane_create(d->q, EC_RX_FRAME, on_held, in);
	in->wlane = evq_lane_create_last(d->q, EC_RX_FRAME, on_held, in);
	if (!in->hlane || !in->wlane) {
		evq_lane_destroy(in->hlane);
		evq_lane_destroy(in->wlane);
		free(in);
		return NULL;
	}
	return in;
}

void input_destroy(struct input *in)
{
	if (!in)
		return;
	capq_close(in->cap);
	for (uint32_t i = 0; i < in->nhq; i++)
		free(in->hq[i].data);
	free(in->hq);
	free(in->hfree);
	free(in->to_us);
	evq_lane_destroy(in->hlane);
	evq_lane_destroy(in->wlane);
	free(in);
}

int input_open(struct input *in, char *err, size_t errlen)
{
	if (!in->d.sc->trace)
		return 0;
	struct capin *c = capin_open_ex(in->d.sc->trace, in->d.sc->mac, CAPIN_OTHER_LINK, err,
	                                errlen);
	if (!c)
		return -1;
	/* 1024 frames ahead: the reader wakes once per 512 frames. Woken
	 * more often, the kernel tends to run it on the node's processor
	 * (1M frames, routing,summary, 2 cores: 64 slots 0.45 s, 256 0.30 to
	 * 0.45 s, 1024 0.28 to 0.30 s, 4096 0.29 s; without it 0.38 s). */
	if (!(in->cap = capq_open(c, 1024))) {
		snprintf(err, errlen, "%s: out of memory for the capture's reader", in->d.sc->trace);
		return -1;
	}
	in->done = false;
	return 0;
}

static void on_arrival(void *ctx, uint32_t arg);

/* Hold a copy of bytes in a slot of the slab until its event at cycle
 * `at` (or now, if later): frames may be held in any order of their times,
 * each event carries its own slot. A handed frame (index > 0) arrives at
 * the NIC then (on_handed), a SIP message the host sent (index 0) reaches
 * GP's SIP engine (on_sip_sent; over TCP or in IP fragments the whole frame,
 * on_sip_frame_sent).
 * UINT32_MAX when memory runs out (nothing
 * held). */
static uint32_t hold(struct input *in, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
                     uint64_t index, uint64_t at, bool whole, const struct frame_info *fi)
{
	if (!in->nhfree && in->nhq == in->hcap) {
		uint32_t cap = in->hcap ? in->hcap * 2 : 64;
		struct handed *q = realloc(in->hq, cap * sizeof *q);
		if (!q)
			return UINT32_MAX;
		in->hq = q;
		uint32_t *fl = realloc(in->hfree, cap * sizeof *fl);
		if (!fl)
			return UINT32_MAX;
		in->hfree = fl;
		in->hcap = cap;
	}
	uint32_t slot;
	if (in->nhfree) {
		slot = in->hfree[--in->nhfree];
	} else {
		slot = in->nhq++;
		in->hq[slot] = (struct handed){0};   /* a new slot, no buffer yet */
	}
	struct handed *h = &in->hq[slot];
	uint32_t need = caplen ? caplen : 1;
	if (h->room < need) {
		uint8_t *b = realloc(h->data, need);
		if (!b) {
			in->hfree[in->nhfree++] = slot;
			return UINT32_MAX;
		}
		h->data = b;
		h->room = need;
	}
	uint64_t now = cpu_now(in->d.cpu);
	if (!evq_lane_add(index == AT_ARRIVAL ? in->wlane : in->hlane, at > now ? at : now, slot)) {
		in->hfree[in->nhfree++] = slot;
		return UINT32_MAX;
	}
	memcpy(h->data, data, caplen);
	h->index = index;
	h->whole = whole;
	h->caplen = caplen;
	h->wirelen = wirelen;
	h->used = true;
	h->parsed = fi != NULL;
	if (fi)
		h->fi = *fi;
	return slot;
}

static void release(struct input *in, uint32_t slot)
{
	in->hq[slot].used = false;
	in->hfree[in->nhfree++] = slot;
}

/* An own-tx SIP message reaches GP's SIP engine at its time: GP sent it. */
static void on_sip_sent(void *ctx, uint32_t slot)
{
	struct input *in = ctx;
	gpside_sip_sent(in->d.gp, in->hq[slot].data, in->hq[slot].caplen);
	release(in, slot);
}

/* Over TCP, or in IP fragments: the whole frame, which joins its stream
 * or its datagram at its time. */
static void on_sip_frame_sent(void *ctx, uint32_t slot)
{
	struct input *in = ctx;
	gpside_sip_frame_sent(in->d.gp, in->hq[slot].data, in->hq[slot].caplen);
	release(in, slot);
}

static void sip_own(struct input *in, uint64_t at)
{
	const struct capin_frame *cf = in->nf;
	size_t len;
	const uint8_t *p;
	const struct frame_info *fi = in->nfi;
	/* over TCP, or a datagram in IP fragments: the whole frame */
	if (in->d.calls && (ipfrag_is_udp(fi) ||
	                    (fi->l4 == L4_TCP && fi->l4_status == FRAME_OK &&
	                     (gpside_is_sip_port(in->d.gp, fi->sport) ||
	                      gpside_is_sip_port(in->d.gp, fi->dport))))) {
		hold(in, cf->data, cf->caplen, 0, 0, at, true, NULL);
		return;
	}
	if (!in->d.calls || fi->ip_nonfirst_fragment ||
	    !(p = frame_udp_payload(cf->data, cf->caplen, fi, &len)) ||
	    !gpside_is_sip_port(in->d.gp, fi->sport))
		return;
	hold(in, p, (uint32_t)len, 0, 0, at, false, NULL);   /* lost only without memory */
}

static void fail(struct input *in)
{
	in->done = true;
	in->fatal = true;
}

static bool place(struct input *in);
static void on_decide(void *ctx, uint32_t arg);

static void break_oom(struct input *in, uint64_t index)
{
	snprintf(in->err, sizeof in->err, "out of memory at frame %llu", (unsigned long long)index);
	fail(in);
}

/* Read the capture up to the next frame that needs timing; frames that are
 * not received (N0, or past run.duration) get their verdict on the way. */
static void advance(struct input *in)
{
	in->pending = 0;
	const struct scenario *sc = in->d.sc;
	while (!in->done) {
		int rc = capq_next(in->cap, &in->nf, &in->nfi, in->err, sizeof in->err);
		if (rc == 0) {
			in->done = true;
			break;
		}
		if (rc < 0) {
			fail(in);
			break;
		}
		uint64_t index = ++in->frames;
		const struct capin_frame *cf = in->nf;
		if (cf->other_link) {   /* a pcapng interface of another link type: not ours */
			ledger_verdict(in->d.ledger, index, DEC_SKIP, R_OTHER_LINK);
			continue;
		}
		uint64_t at, uns;
		if (!capin_clock_cycle(&in->clock, cf, &at, &uns)) {   /* T3 */
			capin_clock_refusal(&in->clock, cf, sc->trace, in->err, sizeof in->err);
			size_t l = strlen(in->err);
			snprintf(in->err + l, sizeof in->err - l, " (%llu frame%s read; the capture is "
			         "not complete)", (unsigned long long)(cf->index - 1),
			         cf->index == 2 ? "" : "s");
			fail(in);
			break;
		}
		if (at >= in->d.end_cycle) {
			ledger_verdict(in->d.ledger, index, DEC_SKIP, R_UNFINISHED);
			continue;
		}
		in->next_index = index;
		in->next_at = at;
		/* N0 with the MAC of the frame's own time: read ahead, it was
		 * decided with the MAC of the frame before's arrival (review n39:
		 * frames from a MAC the timeline had just given the host taken as
		 * received, and from its old one as its own) */
		if (in->mac_moves && cf->dir != CAPIN_DIR_OUT && at > cpu_now(in->d.cpu)) {
			in->pending = evq_schedule(in->d.q, at, EC_RX_FRAME, on_decide, in, 0);
			in->deciding = in->pending != 0;
			if (!in->pending)
				break_oom(in, index);
			return;
		}
		if (place(in))
			return;
	}
}

/* The next frame, read: skipped as the host's own (N0, replayed with
 * trace.replay_tx), or on the receive wire, its arrival scheduled. True
 * when an arrival is scheduled (or the run failed), false when the frame
 * is done with and the next one may be read. */
static bool place(struct input *in)
{
	const struct capin_frame *cf = in->nf;
	uint64_t at = in->next_at;
	bool own = cf->dir == CAPIN_DIR_OUT || nic_is_own_tx(nicdev_nic(in->d.nic), in->nfi);
	in->next_own = own;
	uint64_t t;
	if (own) {
		ledger_verdict(in->d.ledger, in->next_index, DEC_SKIP, R_OWN_TX);
		sip_own(in, at);
		if (!in->d.sc->replay_tx)
			return false;
		uint64_t now = cpu_now(in->d.cpu);
		t = at > now ? at : now;       /* sent again by the host at its time */
	} else {
		bool late;
		t = nicdev_rx_wire(in->d.nic, at, cf->wirelen, &late);
	}
	in->pending = evq_schedule(in->d.q, t, EC_RX_FRAME, on_arrival, in, 0);
	if (!in->pending)
		break_oom(in, in->next_index);
	return true;
}

/* A frame read ahead reaches its time with the host's MAC in a timeline:
 * its N0 now, then on as advance() would have. */
static void on_decide(void *ctx, uint32_t arg)
{
	(void)arg;
	struct input *in = ctx;
	in->pending = 0;
	in->deciding = false;
	if (!place(in))
		advance(in);
}

void input_start(struct input *in) { advance(in); }

/* --replay-tx: the host sends its own frame again; RT's if its UDP source
 * port is an RT port. */
static void replay(struct input *in)
{
	const struct capin_frame *cf = in->nf;
	const struct frame_info *fi = in->nfi;
	bool rt = fi->l4 == L4_UDP && fi->l4_status == FRAME_OK && !fi->ip_nonfirst_fragment &&
	          ports_is_rt(in->d.ports, fi->sport);
	uint32_t id;
	if (ledger_tx_new(in->d.ledger, rt, TX_REPLAY, cf->caplen ? cf->caplen : 1,
	                  cpu_now(in->d.cpu), &id) < 0)
		return;
	struct fr *f = fpool_at(in->d.pool, id);
	memcpy(f->buf, cf->data, cf->caplen);
	f->caplen = cf->caplen;
	f->wirelen = cf->wirelen;
	if (rt)
		rtside_submit(in->d.rt, id);
	else
		gpside_submit(in->d.gp, id);
}

/* The capture's next frame received. A cooked frame "to us" was addressed
 * to the host's MAC when it was captured, one "to another host" to some
 * other; capin made their destinations from the scenario's host MAC, so
 * when the timeline has changed it since, the frame goes to the NIC with
 * one made from the MAC of its arrival's time (the address filter's, N1):
 * not dropped as another host's, nor taken as the host's (review n43). */
static int receive(struct input *in)
{
	const struct capin_frame *cf = in->nf;
	const uint8_t *host = nic_config(nicdev_nic(in->d.nic))->mac;
	uint8_t mac[6];
	if (cf->to_other)
		capin_other_mac(host, mac);
	else
		memcpy(mac, host, 6);
	if (!in->mac_moves || !(cf->to_host || cf->to_other) || !in->nfi->has_dst ||
	    !memcmp(in->nfi->dst, mac, 6))
		return nicdev_rx(in->d.nic, in->next_index, cf->data, cf->caplen, cf->wirelen,
		                 in->nfi);
	if (in->to_us_cap < cf->caplen) {
		uint8_t *b = realloc(in->to_us, cf->caplen);
		if (!b)
			return -1;
		in->to_us = b;
		in->to_us_cap = cf->caplen;
	}
	memcpy(in->to_us, cf->data, cf->caplen);
	memcpy(in->to_us, mac, 6);                 /* has_dst: 6 bytes captured */
	struct frame_info fi = *in->nfi;
	memcpy(fi.dst, mac, 6);
	return nicdev_rx(in->d.nic, in->next_index, in->to_us, cf->caplen, cf->wirelen, &fi);
}

static void on_arrival(void *ctx, uint32_t arg)
{
	(void)arg;
	struct input *in = ctx;
	in->pending = 0;
	if (in->next_own) {
		replay(in);
	} else if (receive(in) < 0) {
		snprintf(in->err, sizeof in->err, "out of memory at frame %llu",
		         (unsigned long long)in->next_index);
		fail(in);
		return;
	}
	advance(in);
}

/* ---- frames handed over from elsewhere ---- */

static void on_handed(void *ctx, uint32_t slot)
{
	struct input *in = ctx;
	struct handed *h = &in->hq[slot];
	if (h->index == AT_ARRIVAL)
		h->index = ++in->frames;
	if (!h->parsed)
		frame_parse(h->data, h->caplen, h->wirelen, &h->fi);
	if (nicdev_rx(in->d.nic, h->index, h->data, h->caplen, h->wirelen, &h->fi) < 0) {
		snprintf(in->err, sizeof in->err, "out of memory at frame %llu",
		         (unsigned long long)h->index);
		fail(in);
	}
	release(in, slot);
}

static void on_held(void *ctx, uint32_t slot)
{
	struct input *in = ctx;
	if (in->hq[slot].index)
		on_handed(in, slot);
	else if (in->hq[slot].whole)
		on_sip_frame_sent(in, slot);
	else
		on_sip_sent(in, slot);
}

int input_hand(struct input *in, const uint8_t *data, uint32_t caplen, uint32_t wirelen, uint64_t at,
               const struct frame_info *fi)
{
	if (hold(in, data, caplen, wirelen, AT_ARRIVAL, at, false, fi) == UINT32_MAX)
		return -1;
	in->handed++;
	return 0;
}

int input_inject(struct input *in, const uint8_t *data, uint32_t caplen, uint32_t wirelen)
{
	bool late;
	uint64_t now = cpu_now(in->d.cpu);
	/* The capture's next frame took the wire when it was read, the last
	 * one to take it (injections since then started no later than now);
	 * stamped after now, it comes after this frame, not before */
	bool first = in->pending && !in->deciding && !in->next_own && now < in->next_at;
	if (first)
		nicdev_rx_wire_undo(in->d.nic);
	uint64_t at = nicdev_rx_wire(in->d.nic, now, wirelen, &late);
	if (first) {
		uint64_t t = nicdev_rx_wire(in->d.nic, in->next_at, in->nf->wirelen, &late);
		in->pending = evq_move(in->d.q, in->pending, t);
	}
	if (hold(in, data, caplen, wirelen, in->frames + 1, at, false, NULL) == UINT32_MAX)
		return -1;
	in->frames++;
	in->injected++;
	return 0;
}

void input_finish(struct input *in)
{
	if (in->pending) {
		evq_cancel(in->d.q, in->pending);
		in->pending = 0;
		/* an own frame already has skip own-tx; one whose N0 was still
		 * to be decided has none */
		if (in->deciding || !in->next_own)
			ledger_verdict(in->d.ledger, in->next_index, DEC_SKIP, R_UNFINISHED);
		in->deciding = false;
	}
	/* a world's frames not yet arrived are numbered in the order they
	 * would have arrived (their lane's), then every frame held is done */
	for (uint32_t k = 0; k < evq_lane_size(in->wlane); k++) {
		uint32_t slot = evq_lane_arg(in->wlane, k);
		in->hq[slot].index = ++in->frames;
		ledger_verdict(in->d.ledger, in->hq[slot].index, DEC_SKIP, R_UNFINISHED);
		release(in, slot);
	}
	for (uint32_t i = 0; i < in->nhq; i++) {
		if (!in->hq[i].used)
			continue;
		if (in->hq[i].index)                   /* 0: a SIP message, no input frame */
			ledger_verdict(in->d.ledger, in->hq[i].index, DEC_SKIP, R_UNFINISHED);
		release(in, i);
	}
	evq_lane_clear(in->hlane);                 /* their events go with them */
	evq_lane_clear(in->wlane);
	while (!in->done) {
		int rc = capq_next(in->cap, &in->nf, &in->nfi, in->err, sizeof in->err);
		if (rc <= 0) {
			if (rc < 0)
				fail(in);
			break;
		}
		/* not ours whenever it came: as advance() lists it */
		ledger_verdict(in->d.ledger, ++in->frames, DEC_SKIP,
		               in->nf->other_link ? R_OTHER_LINK : R_UNFINISHED);
	}
}

const char *input_error(const struct input *in) { return in->fatal ? in->err : NULL; }
uint64_t input_frames(const struct input *in) { return in->frames; }
uint64_t input_injected(const struct input *in) { return in->injected; }
uint64_t input_handed(const struct input *in) { return in->handed; }
uint64_t input_ts_backwards(const struct input *in) { return in->clock.backwards; }
/* From the clock's first frame itself: a first frame stamped in the
 * epoch's first second (an ns-3 capture starts there) is not "no
 * capture". */
bool input_epoch_ns(const struct input *in, __int128 *ns)
{
	if (!in->clock.started)
		return false;
	*ns = (__int128)in->clock.sec0 * 1000000000 + in->clock.nsec0;
	return true;
}
