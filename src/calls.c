/* calls.c - the GP SIP engine's call table.
 * Models: the second embodiment (Figs. 9-10, claims 16-18; issue 12): GP
 * sets calls up and tears them down; RT claims each call's RTP and RTCP
 * ports from GP for the call's life and relinquishes them after.
 *
 * Decisions (doc/outputs.md, calls.tsv):
 *  - a call is created by an INVITE with a Call-ID not seen (or one whose
 *    call has ended, when it opens a new dialog: no To tag, new CSeq);
 *  - an SDP is the host's ("local") when its c= address is one of the
 *    host's addresses; with no host address given, when GP sent it. The
 *    other side's SDP is "remote". The codec is that of the latest SDP
 *    (in an offer/answer, the answer); an offer in a re-INVITE or
 *    UPDATE, either side's, is held until a 2xx accepts it (RFC 3264 8),
 *    an error response drops it;
 *  - the claim is asked once the call is established (a 2xx to its
 *    INVITE) and the local SDP is known, with either the remote SDP known
 *    (INVITE offer + 2xx answer, or 2xx offer + ACK answer) or the ACK
 *    seen; a 2xx to a re-INVITE or UPDATE, or an ACK, whose local port
 *    differs from the claimed one moves the claim (relinquish the old
 *    ports, claim the new; port 0 only relinquishes);
 *  - BYE (either way) of the call's last dialog (RFC 3261 12: its tags),
 *    a final error response to the INVITE before the 2xx (a cancel when
 *    a CANCEL came first: a 2xx crossing the CANCEL keeps the call), or
 *    cfg.timeout cycles without a SIP
 *    message or an RTP or RTCP frame (RTCP flows on an inactive stream,
 *    RFC 3264 5.1) end the call and relinquish its ports. An
 *    error answer to a re-INVITE keeps the call (RFC 3261 14.1);
 *  - RTP is counted on the call whose local SDP last named its port, also
 *    after the call ended (after_end); V_RT frames feed rtpq, one
 *    estimator per SSRC and direction (at most CALLS_STREAMS; tshark's
 *    rtp,streams also keys streams by SSRC).
 * Cost: O(1) per message and RTP frame (O(CALLS_STREAMS) for an SSRC
 * other than the direction's last one) (hash of Call-IDs, a 65536-entry
 * port map); calls_tick is O(calls) (it runs when a call may time out);
 * calls_next_timeout is O(log calls) amortised: a heap holds each live
 * call's deadline as last seen, which RTP only ever moves later, and the
 * answer refreshes the stale ones at its top until the top is exact
 * (4000 calls set up 1 ms apart: the scan was 21% of the run). */
#include "calls.h"
#include "units.h"

#include <arpa/inet.h>
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT64_MAX
#define CALLS_DIALOGS 4          /* dialogs kept per call (forked 2xx) */
#define CALLS_GONE 4             /* tags of dialogs a BYE ended, kept per call */

/* The V_RT packets of one direction of a call: one RFC 3550 estimator per
 * SSRC, and the one-way delay over them all. */
struct media {                   /* what an RTP packet reads and writes first */
	uint64_t packets, dmin, dmax;
	unsigned __int128 dsum;      /* ps */
	unsigned n, last;            /* streams kept; the last one fed */
	uint32_t ssrc[CALLS_STREAMS];
	struct rtpq *q[CALLS_STREAMS];   /* q[0]: in the call's allocation */
	uint64_t unmeasured;         /* packets of SSRCs beyond CALLS_STREAMS */
};

/* A call is one allocation: struct call, then its first stream's state in
 * each direction (rtpq_size() bytes each, the media's q[0]). What each RTP
 * packet reads and writes (calls_rtp_frame) is the struct's end and those
 * two: neighbouring cache lines, all at addresses known from the call's,
 * so their misses overlap (with 1000 calls taking turns each is a miss:
 * one after another, through pointers, calls_frame was 21% of the samples
 * of make bench's world of calls; together 12%). */
struct call {
	uint32_t id;                 /* 1-based index in the table */
	char call_id[256], from[128], to[128], codec[24];
	int pt;
	uint16_t ptime;
	uint32_t clock;
	const struct rtpq_codec *def;
	struct sip_addr local, remote;
	uint16_t lport, rport;
	/* the audio streams of each side's latest SDP ([0] local, [1]
	 * remote) and the position of the one taken, to pair an answer's
	 * stream with the offer's (RFC 3264 6) */
	struct sip_stream audio[2][SIP_MAX_AUDIO];
	uint8_t naudio[2];
	int mline[2];
	bool have_local, have_remote, established, acked;
	bool cancelled;              /* a CANCEL seen before the 2xx */
	uint32_t invite_cseq;
	enum calls_dir invite_dir;   /* the INVITE's: its responses go the other way */
	/* the call's dialogs (RFC 3261 12: Call-ID, and the two ends' tags):
	 * the caller's tag, its INVITE's From tag, and the tag of each end
	 * that answered it 2xx (To tags: a forked INVITE has one dialog per
	 * answering end), with the media of that end's 2xx: the remote and
	 * the local stream it paired (an answer may take another m= line of
	 * the offer than another end's, RFC 3264 6), [0] local, [1] remote */
	char tag[64];
	uint8_t ndlg;
	struct dialog {
		char tag[64];
		bool have[2];
		struct sip_addr addr[2];
		uint16_t port[2];
		int mline[2];
	} dlg[CALLS_DIALOGS];
	/* the To tags of the last CALLS_GONE dialogs a BYE ended while others
	 * stayed: a 2xx of theirs retransmitted after it (its ACK lost, RFC
	 * 3261 13.3.1.4) is ignored, else it would bring the dialog back and
	 * its media, and the call would wait for a second BYE of it */
	char gone[CALLS_GONE][64];
	uint32_t ngone;              /* BYEs that left dialogs: the next at ngone % CALLS_GONE */
	/* an offer made in a re-INVITE or an UPDATE (RFC 3264 8): the
	 * session changes only when a 2xx to that request accepts it; a final
	 * error response leaves the session as it was (RFC 3261 14.1, 14.2).
	 * The request's CSeq, method and direction name its responses. */
	bool offer_held;
	enum calls_dir offer_dir;
	uint32_t offer_cseq;
	bool offer_update;           /* the request: an UPDATE, else an INVITE */
	struct sip_media offer;
	uint16_t claimed;            /* RTP port asked for (0: none) */
	uint8_t held;                /* bit 0: RTP, bit 1: RTCP port asked for
	                                and not refused */
	uint8_t pend;                /* of those, still waiting for RT's answer */
	enum calls_end end;
	int end_status;
	uint64_t t_invite, t_200, t_ack, t_bye, t_claim, t_applied, t_end;
	uint64_t t_hangup, t_billing;   /* generated calls: billing record (NONE: none) */
	uint64_t sip_errors, moves;
	/* per RTP packet, from here on */
	bool ended;
	enum calls_claim_state claim;
	uint64_t t_last;
	uint64_t frames[2][3], early, after_end;
	struct media q[2];           /* quality per calls_media_dir */
};

/* rtpq_init wants memory aligned for any type: the call's end is */
_Static_assert(_Alignof(struct call) >= _Alignof(max_align_t), "a stream after a call is aligned");

/* the first stream's state of direction d, just after the call */
static void *first_stream(struct call *c, int d)
{
	return (char *)(c + 1) + (size_t)d * rtpq_size();
}

struct calls {
	struct calls_cfg cfg;
	struct sip_addr *host;
	struct call **v;             /* calls, index = id - 1 */
	uint32_t n, cap;
	uint32_t *hash;              /* open addressing: call id, 0 = empty */
	uint32_t hcap;               /* power of two */
	uint32_t port[65536];        /* local RTP port -> call id */
	struct calls_counts cnt;
	calls_applied_fn *applied;   /* told of each call's first applied claim */
	void *applied_ctx;
	uint64_t ps_num, ps_den;     /* 10^12 / cpu.hz reduced (to_ps) */
	uint64_t ps_fits;            /* the largest cycle whose x ps_num fits 64 bits */
	/* calls_next_timeout: a min-heap of (deadline, id), one entry per
	 * call not ended (an ended call's leaves when it reaches the top);
	 * each deadline is at most the call's own (t_last only grows) */
	struct tent { uint64_t d; uint32_t id; } *tq;
	uint32_t tn, tcap;
	/* claims released before RT answered them, oldest first: each is
	 * relinquished once RT grants it (a call that moves again before the
	 * answers adds more; usually empty) */
	struct defer { uint32_t id; uint16_t port; bool rtp; } *dq;
	uint32_t dn, dcap;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

struct calls *calls_create(const struct calls_cfg *cfg)
{
	if (!cfg || cfg->cpu_hz == 0)
		return NULL;
	struct calls *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cfg = *cfg;
	uint64_t g = 1000000000000ull, r = cfg->cpu_hz;   /* gcd(10^12, hz) */
	while (r) {
		uint64_t x = g % r;
		g = r;
		r = x;
	}
	t->ps_num = 1000000000000ull / g;
	t->ps_den = cfg->cpu_hz / g;
	t->ps_fits = UINT64_MAX / t->ps_num;
	t->hcap = 64;
	t->hash = calloc(t->hcap, sizeof(*t->hash));
	if (cfg->nhost)
		t->host = malloc(cfg->nhost * sizeof(*t->host));
	if (!t->hash || (cfg->nhost && !t->host)) {
		calls_destroy(t);
		return NULL;
	}
	if (cfg->nhost)
		memcpy(t->host, cfg->host, cfg->nhost * sizeof(*t->host));
	t->cfg.host = t->host;
	return t;
}

bool calls_add_host(struct calls *t, const struct sip_addr *a)
{
	if (t->cfg.nhost == 0)          /* GP's own SDPs are ours, whatever the address */
		return true;
	for (size_t i = 0; i < t->cfg.nhost; i++)
		if (sip_addr_eq(&t->host[i], a))
			return true;
	struct sip_addr *h = realloc(t->host, (t->cfg.nhost + 1) * sizeof(*h));
	if (!h)
		return false;
	h[t->cfg.nhost++] = *a;
	t->host = h;
	t->cfg.host = h;
	return true;
}

void calls_destroy(struct calls *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->n; i++) {
		for (int d = 0; d < 2; d++)
			for (unsigned k = 1; k < t->v[i]->q[d].n; k++)   /* q[0]: the call's */
				rtpq_destroy(t->v[i]->q[d].q[k]);
		free(t->v[i]);
	}
	free(t->v);
	free(t->hash);
	free(t->host);
	free(t->tq);
	free(t->dq);
	free(t);
}

/* The slot holding `id`'s entry, or the empty slot where it would go. */
static uint32_t hslot(const struct calls *t, const char *id)
{
	uint32_t mask = t->hcap - 1, i = (uint32_t)fnv1a(id) & mask;
	while (t->hash[i] && strcmp(t->v[t->hash[i] - 1]->call_id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

uint32_t calls_find(const struct calls *t, const char *id)
{
	return t->hash[hslot(t, id)];
}

static bool hgrow(struct calls *t)
{
	uint32_t ncap = t->hcap * 2, *nh = calloc(ncap, sizeof(*nh));
	if (!nh)
		return false;
	uint32_t *old = t->hash, ocap = t->hcap;
	t->hash = nh;
	t->hcap = ncap;
	for (uint32_t i = 0; i < ocap; i++)
		if (old[i])
			t->hash[hslot(t, t->v[old[i] - 1]->call_id)] = old[i];
	free(old);
	return true;
}

/* The cycle at which call c times out (NONE: never). */
static uint64_t deadline(const struct calls *t, const struct call *c)
{
	return c->t_last > NONE - t->cfg.timeout ? NONE : c->t_last + t->cfg.timeout;
}

static bool tent_before(struct tent a, struct tent b)
{
	return a.d < b.d || (a.d == b.d && a.id < b.id);
}

static void tq_down(struct calls *t, uint32_t i)
{
	struct tent e = t->tq[i];
	for (;;) {
		uint32_t k = 2 * i + 1;
		if (k >= t->tn)
			break;
		if (k + 1 < t->tn && tent_before(t->tq[k + 1], t->tq[k]))
			k++;
		if (!tent_before(t->tq[k], e))
			break;
		t->tq[i] = t->tq[k];
		i = k;
	}
	t->tq[i] = e;
}

static bool tq_push(struct calls *t, struct tent e)
{
	if (t->tn == t->tcap) {
		uint32_t cap = t->tcap ? t->tcap * 2 : 64;
		struct tent *q = realloc(t->tq, cap * sizeof *q);
		if (!q)
			return false;
		t->tq = q;
		t->tcap = cap;
	}
	uint32_t i = t->tn++;
	while (i > 0 && tent_before(e, t->tq[(i - 1) / 2])) {
		t->tq[i] = t->tq[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	t->tq[i] = e;
	return true;
}

static struct call *call_new(struct calls *t, const struct sip_msg *m, uint64_t cycle)
{
	if ((t->n + 1) * 2 > t->hcap && !hgrow(t))
		return NULL;
	if (t->n == t->cap) {
		uint32_t ncap = t->cap ? t->cap * 2 : 16;
		struct call **nv = realloc(t->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		t->v = nv;
		t->cap = ncap;
	}
	struct call *c = calloc(1, sizeof(*c) + 2 * rtpq_size());
	if (!c)
		return NULL;
	memcpy(c->call_id, m->call_id, sizeof c->call_id);
	memcpy(c->from, m->from, sizeof c->from);
	memcpy(c->to, m->to, sizeof c->to);
	memcpy(c->tag, m->from_tag, sizeof c->tag);
	c->pt = -1;
	c->invite_cseq = m->cseq;
	c->t_invite = cycle;
	c->t_200 = c->t_ack = c->t_bye = c->t_claim = c->t_applied = c->t_end = NONE;
	c->t_hangup = c->t_billing = NONE;
	c->t_last = cycle;
	if (t->cfg.timeout && !tq_push(t, (struct tent){deadline(t, c), t->n + 1})) {
		free(c);
		return NULL;
	}
	t->v[t->n++] = c;
	c->id = t->n;
	t->hash[hslot(t, c->call_id)] = t->n;   /* a reused Call-ID: the latest */
	return c;
}

static uint32_t id_of(const struct calls *t, const struct call *c)
{
	assert(c->id >= 1 && c->id <= t->n && t->v[c->id - 1] == c);
	return c->id;
}

static void ask(struct calls *t, uint32_t id, uint16_t port, bool claim)
{
	if (claim)
		t->cnt.claims++;
	else
		t->cnt.relinquishes++;
	if (t->cfg.claim)
		t->cfg.claim(t->cfg.ctx, port, claim, id);
}

/* Claim the RTP port and the RTCP port after it. (A claim lost on the
 * way is answered refused at once, from within ask: the bits are set
 * first.) */
static void claim_pair(struct calls *t, struct call *c, uint16_t port)
{
	c->held = c->pend = 1;
	if (port < 65535)
		c->held = c->pend = 3;
	ask(t, id_of(t, c), port, true);
	if (port < 65535)
		ask(t, id_of(t, c), (uint16_t)(port + 1), true);
}

static bool defer_push(struct calls *t, uint32_t id, uint16_t port, bool rtp)
{
	if (t->dn == t->dcap) {
		uint32_t cap = t->dcap ? 2 * t->dcap : 8;
		struct defer *d = realloc(t->dq, cap * sizeof *d);
		if (!d)
			return false;
		t->dq = d;
		t->dcap = cap;
	}
	t->dq[t->dn++] = (struct defer){id, port, rtp};
	return true;
}

/* Give back what RT holds for the call: the ports asked for and not
 * refused. RT refuses a claim of a port it already owns (rt.udp_ports)
 * as well as one a GP application has bound, so a relinquish of a port
 * the call never got would take away a port RT owned before the call:
 * a claim still unanswered is relinquished only once RT grants it
 * (calls_claim_result; channel 3 is FIFO, so its answer comes first).
 * The claim state goes to releasing when the RTP port's relinquish is
 * asked or due; a call whose RTP claim was refused stays refused. */
static void release(struct calls *t, struct call *c)
{
	if (!c->claimed)
		return;
	assert(c->claim == CLAIM_PENDING || c->claim == CLAIM_APPLIED || c->claim == CLAIM_REFUSED);
	assert((c->held & 1) || c->claim == CLAIM_REFUSED);
	uint8_t now = (uint8_t)(c->held & ~c->pend), later = (uint8_t)(c->held & c->pend);
	/* (no memory to defer it: given back at once, wrong only if RT then
	 * refuses the claim) */
	if ((later & 1) && !defer_push(t, id_of(t, c), c->claimed, true))
		now |= 1;
	if ((later & 2) && !defer_push(t, id_of(t, c), (uint16_t)(c->claimed + 1), false))
		now |= 2;
	bool rtp = c->held & 1;
	c->held = c->pend = 0;
	if (now & 1)
		ask(t, id_of(t, c), c->claimed, false);
	if (now & 2)
		ask(t, id_of(t, c), (uint16_t)(c->claimed + 1), false);
	if (rtp)
		c->claim = CLAIM_RELEASING;
}

static void end_call(struct calls *t, struct call *c, enum calls_end why, int status, uint64_t cycle)
{
	if (c->ended)
		return;
	c->ended = true;
	c->end = why;
	c->end_status = status;
	c->t_end = cycle;
	release(t, c);
}

static void try_claim(struct calls *t, struct call *c, uint64_t cycle)
{
	if (c->ended || !c->established || !c->have_local || (!c->have_remote && !c->acked))
		return;
	if (c->claimed == c->lport)
		return;
	if (c->claimed) {               /* a re-INVITE moved the media */
		release(t, c);
		c->moves++;
		c->claimed = 0;
	}
	if (!c->lport)
		return;
	c->claimed = c->lport;
	c->claim = CLAIM_PENDING;
	if (c->t_claim == NONE)
		c->t_claim = cycle;
	claim_pair(t, c, c->lport);
}

static bool is_local(const struct calls *t, const struct sip_addr *a, enum calls_dir dir)
{
	if (t->cfg.nhost == 0)
		return dir == CALLS_TX;
	for (size_t i = 0; i < t->cfg.nhost; i++)
		if (sip_addr_eq(&t->host[i], a))
			return true;
	return false;
}

/* The media of side 0 (local) or 1 (remote). */
static void set_media(struct calls *t, struct call *c, int side, const struct sip_addr *a,
                      uint16_t port)
{
	if (side == 0) {
		c->local = *a;
		c->lport = port;
		c->have_local = true;
		if (port)
			t->port[port] = id_of(t, c);
	} else {
		c->remote = *a;
		c->rport = port;
		c->have_remote = true;
	}
}

/* An answer's m= lines are the offer's, by position (RFC 3264 6): when
 * the stream just taken is at another position than the one the other
 * side's SDP was taken at (the answer declined the offer's first audio
 * with port 0), that side's media is its stream at this position, when
 * that one has a port and an address. */
static void pair(struct calls *t, struct call *c, int side, int mline)
{
	if (!(side ? c->have_remote : c->have_local) || c->mline[side] == mline)
		return;
	for (unsigned k = 0; k < c->naudio[side]; k++) {
		const struct sip_stream *st = &c->audio[side][k];
		if (st->mline == mline && st->port && st->addr.family) {
			set_media(t, c, side, &st->addr, st->port);
			c->mline[side] = mline;
		}
	}
}

static void take_sdp(struct calls *t, struct call *c, const struct sip_media *md, enum calls_dir dir)
{
	int side = is_local(t, &md->addr, dir) ? 0 : 1;
	set_media(t, c, side, &md->addr, md->port);
	memcpy(c->audio[side], md->audio, sizeof c->audio[side]);
	c->naudio[side] = md->naudio;
	c->mline[side] = md->mline;
	pair(t, c, !side, md->mline);
	if (md->codec_pt >= 0) {
		c->pt = md->codec_pt;
		memcpy(c->codec, md->codec, sizeof c->codec);
		c->clock = md->clock_hz;
		c->def = md->def;
	}
	c->ptime = md->ptime_ms;
}

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Whether the SDP of request m waits for its answer (held in c->offer):
 * an offer in a re-INVITE (an INVITE in the dialog: with a To tag; its
 * CSeq says nothing, each side numbering its own requests, RFC 3261
 * 12.2.1.1) or an UPDATE. The INVITE that opened the call is taken at
 * once (it sets the call up; an error to it ends the call), as is an
 * ACK's or a PRACK's SDP (an answer). */
static bool offer_waits(const struct sip_msg *m)
{
	return is(m->method, "UPDATE") || (is(m->method, "INVITE") && m->to_tag[0]);
}

/* A final response to the request whose offer is held: a 2xx takes the
 * offer (before the answer it carries), anything else drops it. True
 * when the offer was taken. */
static bool offer_settle(struct calls *t, struct call *c, const struct sip_msg *m,
                         enum calls_dir dir)
{
	if (!c->offer_held || m->status < 200 || dir == c->offer_dir || m->cseq != c->offer_cseq ||
	    !is(m->cseq_method, c->offer_update ? "UPDATE" : "INVITE"))
		return false;
	c->offer_held = false;
	if (m->status >= 300)
		return false;
	take_sdp(t, c, &c->offer, c->offer_dir);
	return true;
}

/* The call's media now (local and remote stream, [0] and [1], and the
 * offer's m= line each pairs) saved as dialog d's. */
static void dialog_save(struct dialog *d, const struct call *c)
{
	d->have[0] = c->have_local;
	d->addr[0] = c->local;
	d->port[0] = c->lport;
	d->have[1] = c->have_remote;
	d->addr[1] = c->remote;
	d->port[1] = c->rport;
	memcpy(d->mline, c->mline, sizeof d->mline);
}

/* A 2xx to the call's INVITE from the end tagged m's To tag: that
 * dialog is one of the call's (a new one when the INVITE forked), its
 * media the remote media now. Past CALLS_DIALOGS, not kept, and counted
 * (dialogs_dropped): a BYE of it is then foreign, and the call ends with
 * the BYE of the last dialog kept. */
static void dialog_add(struct calls *t, struct call *c, const struct sip_msg *m)
{
	if (!m->to_tag[0])
		return;
	struct dialog *d = NULL;
	for (unsigned k = 0; k < c->ndlg && !d; k++)
		if (strcmp(c->dlg[k].tag, m->to_tag) == 0)
			d = &c->dlg[k];
	if (!d && c->ndlg == CALLS_DIALOGS) {
		t->cnt.dialogs_dropped++;
		return;
	}
	if (!d) {
		d = &c->dlg[c->ndlg++];
		memcpy(d->tag, m->to_tag, sizeof d->tag);
	}
	dialog_save(d, c);
}

/* The kept dialog message m belongs to, by its From and To tags, one of
 * them the caller's (either end may send it): its index in c->dlg, or
 * -1 (no tags to tell, or a dialog the call does not have). */
static int dialog_of(const struct call *c, const struct sip_msg *m)
{
	if (!c->tag[0])
		return -1;
	const char *other = strcmp(m->from_tag, c->tag) == 0 ? m->to_tag
	                  : strcmp(m->to_tag, c->tag) == 0 ? m->from_tag : NULL;
	for (unsigned k = 0; other && k < c->ndlg; k++)
		if (strcmp(c->dlg[k].tag, other) == 0)
			return (int)k;
	return -1;
}

/* Media taken from message m of a kept dialog (a re-INVITE's or an
 * UPDATE's offer accepted, its answer, an ACK's answer): that dialog's
 * saved media are the call's now, and it becomes the last of c->dlg,
 * the one whose media the call carries, so that a BYE of another
 * dialog brings back these media rather than those of its 2xx (before,
 * a re-INVITE in a forked dialog was forgotten at such a BYE). A 2xx to
 * the call's INVITE from a new end is dialog_add's. */
static void dialog_refresh(struct call *c, const struct sip_msg *m)
{
	int k = dialog_of(c, m);
	if (k < 0)
		return;
	struct dialog d = c->dlg[k];
	memmove(c->dlg + k, c->dlg + k + 1, (c->ndlg - (unsigned)k - 1) * sizeof *c->dlg);
	dialog_save(&d, c);
	c->dlg[c->ndlg - 1] = d;
}

/* A 2xx to the call's INVITE from a dialog a BYE ended (c->gone). */
static bool dialog_gone(const struct call *c, const struct sip_msg *m, enum calls_dir dir)
{
	if (m->request || m->status < 200 || m->status >= 300 || !m->to_tag[0] ||
	    dir == c->invite_dir || m->cseq != c->invite_cseq || !is(m->cseq_method, "INVITE"))
		return false;
	unsigned n = c->ngone < CALLS_GONE ? c->ngone : CALLS_GONE;
	for (unsigned k = 0; k < n; k++)
		if (strcmp(c->gone[k], m->to_tag) == 0)
			return true;
	return false;
}

/* A BYE in the call: true when it ends the call, its last dialog. The
 * BYE names its dialog by its From and To tags, one of them the
 * caller's (either end may send it). A BYE of a dialog the call does not
 * have (a stray one, answered 481) changes nothing; one of a forked
 * dialog the other ends keep leaves the call to those, the media (remote
 * and local stream) that of the latest left: the caller then moves the
 * claim to its local port (try_claim). Without tags to tell (no caller
 * tag, no 2xx with a To tag seen) any BYE ends the call. */
static bool dialog_bye(struct calls *t, struct call *c, const struct sip_msg *m, bool *foreign)
{
	*foreign = false;
	if (!c->tag[0] || !c->ndlg)
		return true;
	int i = dialog_of(c, m);
	if (i < 0) {
		*foreign = true;
		return false;
	}
	unsigned k = (unsigned)i;
	memcpy(c->gone[c->ngone++ % CALLS_GONE], c->dlg[k].tag, sizeof c->gone[0]);
	memmove(c->dlg + k, c->dlg + k + 1, (c->ndlg - k - 1) * sizeof *c->dlg);
	if (--c->ndlg == 0)
		return true;
	const struct dialog *d = &c->dlg[c->ndlg - 1];
	for (int side = 0; side < 2; side++)
		if (d->have[side]) {
			set_media(t, c, side, &d->addr[side], d->port[side]);
			c->mline[side] = d->mline[side];
		}
	return false;
}

void calls_msg(struct calls *t, uint64_t cycle, enum calls_dir dir, const struct sip_msg *m,
               enum sip_err perr)
{
	t->cnt.msgs++;
	t->cnt.err[(unsigned)perr < SIP__NERR ? perr : SIP_E_MALFORMED]++;
	if (perr == SIP_E_MALFORMED || perr == SIP_E_NOMEM || (unsigned)perr >= SIP__NERR)
		return;
	uint32_t id = calls_find(t, m->call_id);
	struct call *c = id ? t->v[id - 1] : NULL;
	bool invite = m->request && is(m->method, "INVITE");
	if (invite && (!c || (c->ended && !m->to_tag[0] && m->cseq != c->invite_cseq))) {
		c = call_new(t, m, cycle);
		if (!c) {
			t->cnt.err[SIP_E_NOMEM]++;
			return;
		}
		c->invite_dir = dir;
	}
	if (!c) {
		t->cnt.unknown_msgs++;
		if (m->request && is(m->method, "BYE"))
			t->cnt.bye_unknown++;
		return;
	}
	if (perr != SIP_E_NONE)
		c->sip_errors++;
	if (c->ended)
		return;              /* retransmissions and stragglers */
	c->t_last = cycle;
	if (dialog_gone(c, m, dir))
		return;              /* its dialog and SDP are no more */
	bool took = !m->request && offer_settle(t, c, m, dir);
	if (m->has_media && m->request && offer_waits(m)) {
		c->offer_held = true;        /* a newer offer (glare) replaces it */
		c->offer_dir = dir;
		c->offer_cseq = m->cseq;
		c->offer_update = is(m->method, "UPDATE");
		c->offer = m->media;
	} else if (m->has_media) {
		take_sdp(t, c, &m->media, dir);
		took = true;
	}
	if (took)
		dialog_refresh(c, m);
	if (m->request) {
		if (is(m->method, "ACK")) {
			if (c->t_ack == NONE)
				c->t_ack = cycle;
			c->acked = true;
			try_claim(t, c, cycle);
		} else if (is(m->method, "BYE")) {
			bool foreign;
			if (dialog_bye(t, c, m, &foreign)) {
				c->t_bye = cycle;
				end_call(t, c, END_BYE, 0, cycle);
			} else if (foreign) {
				t->cnt.unknown_msgs++;
				t->cnt.bye_unknown++;
			} else {
				try_claim(t, c, cycle);   /* the dialog left may use another local port */
			}
		} else if (is(m->method, "CANCEL")) {
			/* no effect once the INVITE has its final response (RFC
			 * 3261 9.1), and a 200 may be crossing it: the INVITE's
			 * 487 ends the call, as a cancel */
			if (!c->established)
				c->cancelled = true;
		}
		return;
	}
	bool inv = is(m->cseq_method, "INVITE");
	if (m->status >= 200 && m->status < 300 && (inv || is(m->cseq_method, "UPDATE"))) {
		if (inv && c->t_200 == NONE)
			c->t_200 = cycle;
		if (inv)
			c->established = true;
		if (inv && m->cseq == c->invite_cseq && dir != c->invite_dir)
			dialog_add(t, c, m);
		try_claim(t, c, cycle);
	} else if (m->status >= 300 && inv && !c->established) {
		end_call(t, c, c->cancelled ? END_CANCEL : END_ERROR, m->status, cycle);
	}
}

enum sip_err calls_sip(struct calls *t, uint64_t cycle, enum calls_dir dir,
                       const uint8_t *payload, size_t len)
{
	struct sip_msg m;
	enum sip_err e = sip_parse(payload, len, &m);
	calls_msg(t, cycle, dir, &m, e);
	return e;
}

/* bit 1 for port == rtp, 2 for rtp + 1 (RTCP), 0 for another port */
static uint8_t port_bit(uint16_t rtp, uint16_t port)
{
	if (!rtp)
		return 0;
	return port == rtp ? 1 : rtp < 65535 && port == rtp + 1 ? 2 : 0;
}

void calls_claim_result(struct calls *t, uint32_t call, uint16_t port, bool claim, bool ok,
                        uint64_t cycle)
{
	if (call == 0 || call > t->n)
		return;
	struct call *c = t->v[call - 1];
	if (!ok)
		t->cnt.refused++;
	/* released before RT answered: channel 3 is FIFO, so the oldest
	 * deferral of this port is the claim answered */
	for (uint32_t i = 0; claim && i < t->dn; i++) {
		struct defer d = t->dq[i];
		if (d.id != call || d.port != port)
			continue;
		memmove(t->dq + i, t->dq + i + 1, (t->dn - i - 1) * sizeof *t->dq);
		t->dn--;
		if (ok)
			ask(t, call, port, false);
		else if (d.rtp && c->claimed == port && c->claim == CLAIM_RELEASING)
			c->claim = CLAIM_REFUSED;    /* nothing to give back */
		return;
	}
	uint8_t bit = port_bit(c->claimed, port);
	if (!bit)
		return;              /* the answer about a port the call has moved from */
	bool rtp = bit == 1;
	if (claim) {
		if (!(c->pend & bit))
			return;          /* no claim of ours waits for it */
		c->pend &= (uint8_t)~bit;
		if (!ok) {
			/* whatever the state: a refused port is not RT's to give back */
			c->held &= (uint8_t)~bit;
			c->claim = CLAIM_REFUSED;
		} else if (rtp) {
			/* RT owns the RTP port now, whatever became of its RTCP
			 * port: a refusal of that (or its loss on a full channel
			 * 3, told before this answer) keeps the state refused */
			if (c->claim != CLAIM_REFUSED)
				c->claim = CLAIM_APPLIED;
			if (c->t_applied == NONE) {
				c->t_applied = cycle;
				if (t->applied)
					t->applied(t->applied_ctx, call, port, cycle);
			}
		}
	} else if (rtp && c->claim == CLAIM_RELEASING) {
		c->claim = CLAIM_RELEASED;
	}
}

/* cyc x 10^12 / hz, rounded down. Two per RTP packet: with the ratio
 * reduced (3 GHz: x 1000 / 3) the product fits 64 bits for any cycle
 * below 2^64 / (10^12 / gcd) (6 x 10^15 cycles, 23 days at 3 GHz) and a
 * 64-bit division gives the same quotient as the 128-bit one, which
 * stays for the rest. */
static uint64_t to_ps(const struct calls *t, uint64_t cyc)
{
	if (cyc <= t->ps_fits)
		return cyc * t->ps_num / t->ps_den;
	return units_muldiv(cyc, UNITS_PS_PER_S, t->cfg.cpu_hz, false);
}

/* The RTP clock of a new stream whose first packet has payload type pt:
 * the SDP codec's when pt is it, else the static payload type's (RFC
 * 3551), else the SDP codec's, else 8000 Hz. */
static uint32_t stream_clock(const struct call *c, uint8_t pt)
{
	const struct rtpq_codec *st = rtpq_codec_by_pt(pt);
	if (c->pt == pt && c->clock)
		return c->clock;
	if (st)
		return st->clock_hz;
	return c->clock ? c->clock : 8000;
}

/* The estimator of SSRC ssrc in m, a new one for a new SSRC; NULL beyond
 * CALLS_STREAMS (or without memory): the packet is counted unmeasured. */
static struct rtpq *stream_of(const struct calls *t, struct call *c, int dir,
                              const struct calls_rtp *r)
{
	struct media *m = &c->q[dir];
	if (m->n && m->last == 0 && m->ssrc[0] == r->ssrc)
		return first_stream(c, dir);   /* the usual case, its address known
		                                  without loading q[0]: the world of
		                                  calls 2.89-2.99 s, 3.04-3.12 s without */
	if (m->n && m->ssrc[m->last] == r->ssrc)
		return m->q[m->last];
	for (unsigned k = 0; k < m->n; k++)
		if (m->ssrc[k] == r->ssrc) {
			m->last = k;
			return m->q[k];
		}
	if (m->n == CALLS_STREAMS)
		return NULL;
	uint32_t clock = stream_clock(c, r->pt);
	struct rtpq *q = m->n == 0 ? rtpq_init(first_stream(c, dir), clock, t->cfg.playout_ps)
	                           : rtpq_create(clock, t->cfg.playout_ps);
	if (!q)
		return NULL;
	m->ssrc[m->n] = r->ssrc;
	m->q[m->n] = q;
	m->last = m->n++;
	return q;
}

uint32_t calls_rtp_frame(struct calls *t, uint16_t port, enum calls_media_dir dir,
                         enum calls_verdict v, uint64_t t_from, uint64_t t_to,
                         const struct calls_rtp *r)
{
	uint32_t id = t->port[port];
	if (!id || (unsigned)dir > CALLS_OUT || (unsigned)v > CALLS_V_DROP)
		return 0;
	struct call *c = t->v[id - 1];
	c->frames[dir][v]++;
	if (c->ended) {
		c->after_end++;
	} else {
		if (t_to > c->t_last)
			c->t_last = t_to;
		if (dir == CALLS_IN && v == CALLS_V_GP && c->claim != CLAIM_APPLIED) {
			c->early++;
			t->cnt.early_media_gp++;
		}
	}
	if (v == CALLS_V_RT) {
		struct media *m = &c->q[dir];
		uint64_t from = to_ps(t, t_from), to = to_ps(t, t_to);
		uint64_t d = to >= from ? to - from : 0;
		if (!m->packets || d < m->dmin)
			m->dmin = d;
		if (!m->packets || d > m->dmax)
			m->dmax = d;
		m->dsum += d;
		m->packets++;
		struct rtpq *q = stream_of(t, c, dir, r);
		if (q)
			rtpq_packet(q, r->seq, r->ts, from, to);
		else
			m->unmeasured++;
	}
	return id;
}

uint32_t calls_rtcp_frame(struct calls *t, uint16_t port, uint64_t t_at)
{
	uint32_t id = t->port[port];
	if (!id && port > 0 && t->port[port - 1] && t->v[t->port[port - 1] - 1]->lport == port - 1)
		id = t->port[port - 1];      /* RTCP on RTP + 1 (RFC 3550 11) */
	if (!id)
		return 0;
	struct call *c = t->v[id - 1];
	if (!c->ended && t_at > c->t_last)
		c->t_last = t_at;
	return id;
}

bool calls_rtp_parse(const uint8_t *p, size_t len, struct calls_rtp *r)
{
	r->rtcp = false;
	if (len < 8 || (p[0] >> 6) != 2)
		return false;
	/* RTCP multiplexed on the RTP port (RFC 5761 4, a=rtcp-mux): its
	 * packet type (SR 200 ... 207; 192-223 kept clear of RTP) is where
	 * RTP has M and PT, which must not count as a packet of the stream;
	 * it is said (a compound packet starts with an SR or an RR, 8 bytes
	 * at least, RFC 3550 6.1), as it keeps the call alive */
	if (p[1] >= 192 && p[1] <= 223) {
		r->rtcp = true;
		return false;
	}
	if (len < 12)
		return false;
	r->marker = (p[1] & 0x80) != 0;
	r->pt = p[1] & 0x7f;
	r->seq = (uint16_t)(p[2] << 8 | p[3]);
	r->ts = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	r->ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
	return true;
}

unsigned calls_tick(struct calls *t, uint64_t cycle)
{
	unsigned k = 0;
	if (!t->cfg.timeout)
		return 0;
	for (uint32_t i = 0; i < t->n; i++) {
		struct call *c = t->v[i];
		if (!c->ended && cycle >= c->t_last && cycle - c->t_last >= t->cfg.timeout) {
			end_call(t, c, END_TIMEOUT, 0, cycle);
			k++;
		}
	}
	return k;
}

uint64_t calls_next_timeout(struct calls *t)
{
	if (!t->cfg.timeout)
		return NONE;
	/* the top's deadline, once it is the call's own, is the least: every
	 * other entry is at most its call's own and at least the top's */
	while (t->tn) {
		const struct call *c = t->v[t->tq[0].id - 1];
		if (c->ended) {                     /* it leaves */
			t->tq[0] = t->tq[--t->tn];
		} else {
			uint64_t d = deadline(t, c);
			if (d == t->tq[0].d)
				return d;
			assert(d > t->tq[0].d);
			t->tq[0].d = d;                 /* refreshed: RTP or SIP moved it */
		}
		if (t->tn)
			tq_down(t, 0);
	}
	return NONE;
}

void calls_counts(const struct calls *t, struct calls_counts *c)
{
	*c = t->cnt;
}

void calls_on_applied(struct calls *t, calls_applied_fn *fn, void *ctx)
{
	t->applied = fn;
	t->applied_ctx = ctx;
}

void calls_billing(struct calls *t, uint32_t call, uint64_t t_hangup, uint64_t t_sent)
{
	if (call == 0 || call > t->n)
		return;
	t->v[call - 1]->t_hangup = t_hangup;
	t->v[call - 1]->t_billing = t_sent;
}

uint32_t calls_count(const struct calls *t)
{
	return t->n;
}

bool calls_info(const struct calls *t, uint32_t call, struct calls_info *o)
{
	if (call == 0 || call > t->n)
		return false;
	const struct call *c = t->v[call - 1];
	*o = (struct calls_info){
		.call_id = c->call_id, .from = c->from, .to = c->to, .codec = c->codec,
		.pt = c->pt, .ptime_ms = c->ptime, .local = c->local, .remote = c->remote,
		.local_port = c->lport, .remote_port = c->rport, .claimed_port = c->claimed,
		.claim = c->claim, .end = c->end, .end_status = c->end_status,
		.t_invite = c->t_invite, .t_200 = c->t_200, .t_ack = c->t_ack, .t_bye = c->t_bye,
		.t_claim = c->t_claim, .t_applied = c->t_applied, .t_end = c->t_end,
		.early_media_gp = c->early, .after_end = c->after_end,
		.sip_errors = c->sip_errors, .moves = c->moves,
		.t_hangup = c->t_hangup, .t_billing = c->t_billing,
	};
	memcpy(o->frames, c->frames, sizeof o->frames);
	return true;
}

bool calls_quality(const struct calls *t, uint32_t call, enum calls_media_dir dir,
                   struct calls_quality *q)
{
	*q = (struct calls_quality){.mos = NAN, .r = NAN};
	if (call == 0 || call > t->n || (unsigned)dir > CALLS_OUT)
		return false;
	const struct call *c = t->v[call - 1];
	const struct media *md = &c->q[dir];
	if (!md->packets)
		return false;
	uint64_t bad = 0;
	for (unsigned k = 0; k < md->n; k++) {
		struct rtpq_stats s;
		rtpq_stats(md->q[k], &s);
		q->received += s.received;
		q->expected += s.expected;
		q->lost += s.lost;
		q->late += s.late;
		bad += (s.lost > 0 ? (uint64_t)s.lost : 0) + s.late;
		if (s.jitter_ms > q->jitter_ms)
			q->jitter_ms = s.jitter_ms;
		if (s.jitter_max_ms > q->jitter_max_ms)
			q->jitter_max_ms = s.jitter_max_ms;
	}
	if (q->expected)
		q->ppl = 100.0 * (double)(bad < q->expected ? bad : q->expected) / (double)q->expected;
	q->streams = md->n;
	memcpy(q->ssrc, md->ssrc, md->n * sizeof *md->ssrc);
	q->unmeasured = md->unmeasured;
	q->delay_min_ps = md->dmin;
	q->delay_max_ps = md->dmax;
	q->delay_mean_ps = (uint64_t)(md->dsum / md->packets);
	if (c->def) {
		struct rtpq_emodel m;
		struct rtpq_r r;
		rtpq_emodel_defaults(&m);
		rtpq_emodel_delay(&m, (double)q->delay_mean_ps / 1e9 + t->cfg.delay_budget_ms);
		m.ie = c->def->ie;
		m.bpl = c->def->bpl;
		m.ppl = q->ppl;
		rtpq_emodel_r(&m, &r);
		q->r = r.r;
		q->mos = rtpq_mos(r.r);
	}
	return true;
}

/* ---- calls.tsv --------------------------------------------------------- */

/* One row, grown as it is written: a Call-ID of 255 bytes and From and To
 * of 127 each, every byte escaped to 4, are 2036 bytes before the rest of
 * the row (and %f of a double has no small bound), so no fixed size is
 * safe and a row cut short would lose its newline and merge with the next.
 * bad: out of memory (calls_tsv fails; nothing is cut). */
struct buf {
	char *s;
	size_t n, cap;
	bool bad;
};

/* Room for k more bytes and the NUL vsnprintf writes. */
static bool room(struct buf *b, size_t k)
{
	if (b->bad)
		return false;
	if (b->cap - b->n > k)
		return true;
	size_t cap = b->cap ? b->cap : 2048;
	while (cap - b->n <= k)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->bad = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

static void put(struct buf *b, const char *s)
{
	if (!room(b, 4 * strlen(s)))
		return;
	for (; *s; s++) {
		uint8_t ch = (uint8_t)*s;
		if (ch < 0x20 || ch == 0x7f || ch == '\\') {
			static const char hx[] = "0123456789abcdef";
			b->s[b->n++] = '\\';
			b->s[b->n++] = 'x';
			b->s[b->n++] = hx[ch >> 4];
			b->s[b->n++] = hx[ch & 15];
		} else {
			b->s[b->n++] = (char)ch;
		}
	}
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0) {
		b->bad = true;
		return;
	}
	if (!room(b, (size_t)k))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)k;
}

static void put_t(struct buf *b, uint64_t v)
{
	if (v == NONE)
		putf(b, "\t-");
	else
		putf(b, "\t%llu", (unsigned long long)v);
}

static void put_media(struct buf *b, bool have, const struct sip_addr *a, uint16_t port)
{
	char s[64];
	if (!have) {
		putf(b, "\t-");
		return;
	}
	sip_addr_str(a, s, sizeof s);
	putf(b, a->family == AF_INET6 ? "\t[%s]:%u" : "\t%s:%u", s, port);
}

static const char *claim_name(enum calls_claim_state s)
{
	static const char *n[] = {"none", "pending", "applied", "refused", "releasing", "released"};
	return (unsigned)s < sizeof n / sizeof n[0] ? n[s] : "?";
}

static const char *end_name(enum calls_end e)
{
	static const char *n[] = {"-", "bye", "cancel", "error", "timeout"};
	return (unsigned)e < sizeof n / sizeof n[0] ? n[e] : "?";
}

static const char header[] =
	"call\tcall_id\tfrom\tto\tcodec\tpt\tptime_ms\tlocal_media\tremote_media"
	"\tinvite\tok200\tack\tbye\tend\tend_reason\tclaim_asked\tclaim_applied\tclaim"
	"\tin_rt\tin_gp\tin_drop\tout_rt\tout_gp\tout_drop\tearly_media_gp\tafter_end"
	"\tsip_errors\tmoves"
	"\tin_jitter_ms\tin_jitter_max_ms\tin_lost\tin_late\tin_delay_mean_ns\tin_delay_max_ns\tin_mos\tin_streams"
	"\tout_jitter_ms\tout_jitter_max_ms\tout_lost\tout_late\tout_delay_mean_ns\tout_delay_max_ns\tout_mos\tout_streams"
	"\tbilling\tbilling_delay_ns"
	"\n";

static void put_quality(const struct calls *t, uint32_t id, enum calls_media_dir d, struct buf *b)
{
	struct calls_quality q;
	if (!calls_quality(t, id, d, &q)) {
		putf(b, "\t-\t-\t-\t-\t-\t-\t-\t-");
		return;
	}
	putf(b, "\t%.3f\t%.3f\t%lld\t%llu\t%llu\t%llu", q.jitter_ms, q.jitter_max_ms,
	     (long long)q.lost, (unsigned long long)q.late,
	     (unsigned long long)(q.delay_mean_ps / 1000), (unsigned long long)(q.delay_max_ps / 1000));
	if (isnan(q.mos))
		putf(b, "\t-");
	else
		putf(b, "\t%.2f", q.mos);
	putf(b, "\t%u", q.streams);
	if (q.unmeasured)
		putf(b, "+%llu", (unsigned long long)q.unmeasured);
}

bool calls_tsv(const struct calls *t, calls_line_fn write, void *ctx)
{
	if (!write(ctx, header, sizeof header - 1))
		return false;
	struct buf b = {.s = NULL};
	for (uint32_t i = 0; i < t->n; i++) {
		const struct call *c = t->v[i];
		b.n = 0;
		putf(&b, "%u\t", i + 1);
		put(&b, c->call_id);
		putf(&b, "\t");
		put(&b, c->from[0] ? c->from : "-");
		putf(&b, "\t");
		put(&b, c->to[0] ? c->to : "-");
		putf(&b, "\t");
		put(&b, c->codec[0] ? c->codec : "-");
		if (c->pt >= 0)
			putf(&b, "\t%d\t%u", c->pt, c->ptime);
		else
			putf(&b, "\t-\t-");
		put_media(&b, c->have_local, &c->local, c->lport);
		put_media(&b, c->have_remote, &c->remote, c->rport);
		put_t(&b, c->t_invite);
		put_t(&b, c->t_200);
		put_t(&b, c->t_ack);
		put_t(&b, c->t_bye);
		put_t(&b, c->t_end);
		putf(&b, "\t%s", c->end == END_ERROR ? "" : end_name(c->end));
		if (c->end == END_ERROR)
			putf(&b, "error-%d", c->end_status);
		put_t(&b, c->t_claim);
		put_t(&b, c->t_applied);
		putf(&b, "\t%s", claim_name(c->claim));
		for (int d = 0; d < 2; d++)
			for (int v = 0; v < 3; v++)
				putf(&b, "\t%llu", (unsigned long long)c->frames[d][v]);
		putf(&b, "\t%llu\t%llu\t%llu\t%llu", (unsigned long long)c->early,
		     (unsigned long long)c->after_end, (unsigned long long)c->sip_errors,
		     (unsigned long long)c->moves);
		put_quality(t, i + 1, CALLS_IN, &b);
		put_quality(t, i + 1, CALLS_OUT, &b);
		put_t(&b, c->t_billing);
		if (c->t_billing == NONE || c->t_billing < c->t_hangup)
			putf(&b, "\t-");
		else
			putf(&b, "\t%llu", (unsigned long long)(to_ps(t, c->t_billing - c->t_hangup) / 1000));
		putf(&b, "\n");
		if (b.bad || !write(ctx, b.s, b.n)) {
			free(b.s);
			return false;
		}
	}
	free(b.s);
	return true;
}

static bool file_line(void *ctx, const char *line, size_t len)
{
	return fwrite(line, 1, len, (FILE *)ctx) == len;
}

bool calls_tsv_file(const struct calls *t, FILE *f)
{
	return calls_tsv(t, file_line, f);
}

/* ---- summary ------------------------------------------------------------ */

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_u(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* nearest rank: the ceil(p/100 * n)-th smallest, 1-based */
static size_t rank(double p, size_t n)
{
	size_t r = (size_t)ceil(p / 100.0 * (double)n);
	return r ? r - 1 : 0;
}

void calls_summarise(const struct calls *t, struct calls_summary *s)
{
	*s = (struct calls_summary){.count = t->n, .mos_min = NAN, .mos_p5 = NAN, .mos_mean = NAN};
	s->early_media_gp = t->cnt.early_media_gp;
	s->refused = t->cnt.refused;
	s->bye_unknown = t->cnt.bye_unknown;
	double *mos = t->n ? malloc(t->n * sizeof(*mos)) : NULL;
	uint64_t *setup = t->n ? malloc(t->n * sizeof(*setup)) : NULL;
	uint64_t *bill = t->n ? malloc(t->n * sizeof(*bill)) : NULL;
	if (t->n && (!mos || !setup || !bill)) {
		free(mos);
		free(setup);
		free(bill);
		return;
	}
	double sum = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		const struct call *c = t->v[i];
		if (c->established)
			s->established++;
		if (c->t_200 != NONE && c->t_200 >= c->t_invite)
			setup[s->with_setup++] = to_ps(t, c->t_200 - c->t_invite);
		if (c->t_billing != NONE && c->t_billing >= c->t_hangup)
			bill[s->with_billing++] = to_ps(t, c->t_billing - c->t_hangup);
		double worst = NAN;
		for (int d = 0; d < 2; d++) {
			struct calls_quality q;
			if (!calls_quality(t, i + 1, (enum calls_media_dir)d, &q))
				continue;
			if (q.jitter_max_ms > s->jitter_max_ms)
				s->jitter_max_ms = q.jitter_max_ms;
			if (!isnan(q.mos) && (isnan(worst) || q.mos < worst))
				worst = q.mos;
		}
		if (!isnan(worst)) {
			mos[s->with_mos++] = worst;
			sum += worst;
		}
	}
	if (s->with_mos) {
		qsort(mos, s->with_mos, sizeof(*mos), cmp_d);
		s->mos_min = mos[0];
		s->mos_p5 = mos[rank(5, s->with_mos)];
		s->mos_mean = sum / s->with_mos;
	}
	if (s->with_setup) {
		qsort(setup, s->with_setup, sizeof(*setup), cmp_u);
		s->setup_p99_ps = setup[rank(99, s->with_setup)];
	}
	if (s->with_billing) {
		qsort(bill, s->with_billing, sizeof(*bill), cmp_u);
		s->billing_p99_ps = bill[rank(99, s->with_billing)];
		s->billing_max_ps = bill[s->with_billing - 1];
	}
	free(mos);
	free(setup);
	free(bill);
}
