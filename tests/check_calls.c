/* check_calls.c - unit tests of src/calls.c, the GP SIP engine's call
 * table, on message sequences written by hand (tests/sipmsg.h). Host bob
 * at 10.0.0.1 (and 2001:db8::1), far end alice at 10.0.0.2. The CPU runs
 * at 1 GHz so that a cycle is a nanosecond. Every expected value follows
 * from the sequence in the test's comment. */
#include <arpa/inet.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/calls.h"
#include "src/ctlmsg.h"
#include "tests/sipmsg.h"

#include "checkrun.h"

#define HZ 1000000000ull
#define MS(x) ((uint64_t)(x) * 1000000ull)   /* ms in cycles at 1 GHz */

struct req { uint16_t port; bool claim; uint32_t call; };
static struct req reqs[32];
static int nreq;

static void on_claim(void *ctx, uint16_t port, bool claim, uint32_t call)
{
	(void)ctx;
	ck_assert_int_lt(nreq, 32);
	reqs[nreq++] = (struct req){port, claim, call};
}

/* one RTP frame of SSRC 1, payload type 0 (PCMU) */
static uint32_t rtp_frame(struct calls *t, uint16_t port, enum calls_media_dir dir,
                          enum calls_verdict v, uint64_t from, uint64_t to, uint16_t seq, uint32_t ts)
{
	struct calls_rtp r = {.pt = 0, .seq = seq, .ts = ts, .ssrc = 1};
	return calls_rtp_frame(t, port, dir, v, from, to, &r);
}

static struct sip_addr hosts[2];

static struct calls *mk(size_t nhost, uint64_t timeout)
{
	ck_assert(sip_addr_parse("10.0.0.1", &hosts[0]));
	ck_assert(sip_addr_parse("2001:db8::1", &hosts[1]));
	struct calls_cfg cfg = {
		.host = hosts, .nhost = nhost, .cpu_hz = HZ, .timeout = timeout,
		.playout_ps = 40000000000ull, .claim = on_claim,
	};
	nreq = 0;
	struct calls *t = calls_create(&cfg);
	ck_assert_ptr_nonnull(t);
	return t;
}

static char b[4096], sdp[1024];

/* Feed one message; returns sip_parse's result. */
static enum sip_err feed(struct calls *t, uint64_t cyc, enum calls_dir dir, const char *first,
                         const char *cid, const char *cseq, const char *to_tag,
                         const char *addr, int port)
{
	const char *body = NULL;
	if (addr) {
		sipmsg_sdp(sdp, sizeof sdp, strchr(addr, ':') ? "IP6" : "IP4", addr, port, "0 101");
		body = sdp;
	}
	size_t n = sipmsg(b, sizeof b, first, cid, cseq, to_tag, body);
	return calls_sip(t, cyc, dir, (const uint8_t *)b, n);
}

static void want_req(int i, uint16_t port, bool claim, uint32_t call)
{
	ck_assert_int_lt(i, nreq);
	ck_assert_msg(reqs[i].port == port && reqs[i].claim == claim && reqs[i].call == call,
	              "request %d: port %u claim %d call %u", i, reqs[i].port, reqs[i].claim,
	              reqs[i].call);
}

#define INVITE "INVITE sip:bob@10.0.0.1 SIP/2.0"
#define OK "SIP/2.0 200 OK"

/* Alice calls bob and gets a call with its ports claimed:
 *   100 INVITE in (offer 10.0.0.2:40000)      -> call 1
 *   1000 200 OK out (answer 10.0.0.1:20000)    -> claim 20000, 20001 */
static struct calls *establish(void)
{
	struct calls *t = mk(1, 0);
	ck_assert_int_eq(feed(t, 100, CALLS_RX, INVITE, "c1", "1 INVITE", NULL, "10.0.0.2", 40000),
	                 SIP_E_NONE);
	ck_assert_int_eq(nreq, 0);
	ck_assert_int_eq(feed(t, 200, CALLS_TX, "SIP/2.0 180 Ringing", "c1", "1 INVITE", "b1", NULL, 0),
	                 SIP_E_NONE);
	ck_assert_int_eq(nreq, 0);
	feed(t, 1000, CALLS_TX, OK, "c1", "1 INVITE", "b1", "10.0.0.1", 20000);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	want_req(1, 20001, true, 1);
	return t;
}

/* establish(), then RT grants both claims at 1100. */
static struct calls *applied(void)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, true, 1100);
	calls_claim_result(t, 1, 20001, true, true, 1100);
	return t;
}

/* Bob offers his media at `port` in `first` (a re-INVITE or an UPDATE)
 * at 3000, nothing asked yet; alice's 200 at 3050 moves the claim: give
 * back 20000, 20001, claim port, port + 1. */
static void move_media(struct calls *t, const char *first, const char *cseq, int port)
{
	feed(t, 3000, CALLS_TX, first, "c1", cseq, "b1", "10.0.0.1", port);
	ck_assert_int_eq(nreq, 2);
	feed(t, 3050, CALLS_RX, OK, "c1", cseq, "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 6);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	want_req(4, (uint16_t)port, true, 1);
	want_req(5, (uint16_t)(port + 1), true, 1);
}

/* The BYE at 5000 asks one relinquish, of port (the third request), and
 * RT grants it at 5100. */
static void bye_gives_back(struct calls *t, uint16_t port)
{
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 3);
	want_req(2, port, false, 1);
	calls_claim_result(t, 1, port, false, true, 5100);
}

static struct { char s[8192]; size_t n; } out;

static bool grab(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	ck_assert(out.n + len < sizeof out.s);
	memcpy(out.s + out.n, line, len);
	out.n += len;
	out.s[out.n] = '\0';
	return true;
}

/* rows longer than out.s holds */
struct sink { char s[16384]; size_t n; };

static bool grab_big(void *ctx, const char *line, size_t len)
{
	struct sink *o = ctx;
	ck_assert(o->n + len < sizeof o->s);
	memcpy(o->s + o->n, line, len);
	o->n += len;
	o->s[o->n] = '\0';
	return true;
}

static int columns(const char *line)
{
	int k = 1;
	for (; *line && *line != '\n'; line++)
		k += *line == '\t';
	return k;
}

/* The whole life of a call, then RTP after its BYE:
 *   (before the 200 the port is nobody's: an RTP frame counts on no call)
 *   1010 RTP in to GP (claim asked, not applied)  -> early_media_gp 1
 *   1005 ACK in; 1100 RT applies both claims      -> claim applied at 1100
 *   20, 40, 60 ms RTP in to RT (ts 160, 320, 480), no delay; 30, 50 ms
 *        RTP out by RT
 *   100 ms BYE in                                  -> relinquish 20000, 20001
 *   100 ms + 10 RTP in to GP                        -> after_end 1
 *   100 ms + 100 RT gives the ports back            -> released
 * Frames: in rt 3, gp 2 (the early one and the one after the BYE), out rt 2.
 * In-quality: 3 packets, no delay, no loss: G.107 defaults, R 93.2, MOS
 * 4.41 (published). */
START_TEST(t_life)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "c1", "1 INVITE", NULL, "10.0.0.2", 40000);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 150, 160, 1, 0), 0);
	calls_destroy(t);

	t = establish();
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 1010, 1020, 1, 0), 1);
	feed(t, 1005, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	calls_claim_result(t, 1, 20000, true, true, 1100);
	calls_claim_result(t, 1, 20001, true, true, 1100);
	for (uint64_t i = 1; i <= 3; i++)
		rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(20 * i), MS(20 * i),
		                (uint16_t)(1 + i), (uint32_t)(160 * i));
	for (uint64_t i = 0; i < 2; i++)
		rtp_frame(t, 20000, CALLS_OUT, CALLS_V_RT, MS(30 + 20 * i), MS(30 + 20 * i),
		                (uint16_t)(70 + i), (uint32_t)(160 * i));
	ck_assert_int_eq(nreq, 2);
	feed(t, MS(100), CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, MS(100) + 10, MS(100) + 20, 5, 800);
	calls_claim_result(t, 1, 20000, false, true, MS(100) + 100);
	calls_claim_result(t, 1, 20001, false, true, MS(100) + 100);
	/* a retransmitted BYE changes nothing */
	feed(t, MS(100) + 200, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 4);

	struct calls_info ci;
	ck_assert(calls_info(t, 1, &ci));
	ck_assert(!calls_info(t, 2, &ci) && !calls_info(t, 0, &ci));
	ck_assert(calls_info(t, 1, &ci));
	ck_assert_str_eq(ci.call_id, "c1");
	ck_assert_str_eq(ci.from, "alice@10.0.0.2");
	ck_assert_str_eq(ci.to, "bob@10.0.0.1");
	ck_assert_str_eq(ci.codec, "PCMU");
	ck_assert_int_eq(ci.pt, 0);
	ck_assert_uint_eq(ci.local_port, 20000);
	ck_assert_uint_eq(ci.remote_port, 40000);
	ck_assert_uint_eq(ci.t_invite, 100);
	ck_assert_uint_eq(ci.t_200, 1000);
	ck_assert_uint_eq(ci.t_ack, 1005);
	ck_assert_uint_eq(ci.t_bye, MS(100));
	ck_assert_uint_eq(ci.t_claim, 1000);
	ck_assert_uint_eq(ci.t_applied, 1100);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASED);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.frames[CALLS_IN][CALLS_V_RT], 3);
	ck_assert_uint_eq(ci.frames[CALLS_IN][CALLS_V_GP], 2);
	ck_assert_uint_eq(ci.frames[CALLS_OUT][CALLS_V_RT], 2);
	ck_assert_uint_eq(ci.early_media_gp, 1);
	ck_assert_uint_eq(ci.after_end, 1);

	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.received, 3);
	ck_assert_int_eq(q.lost, 0);
	ck_assert(q.jitter_ms == 0);
	ck_assert_msg(fabs(q.mos - 4.41) < 0.005, "MOS %.4f", q.mos);
	ck_assert(calls_quality(t, 1, CALLS_OUT, &q));
	ck_assert_uint_eq(q.received, 2);

	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.msgs, 6);
	ck_assert_uint_eq(cc.claims, 2);
	ck_assert_uint_eq(cc.relinquishes, 2);
	ck_assert_uint_eq(cc.early_media_gp, 1);
	ck_assert_uint_eq(cc.bye_unknown, 0);

	out.n = 0;
	ck_assert(calls_tsv(t, grab, NULL));
	char *l2 = strchr(out.s, '\n') + 1;
	ck_assert_int_eq(columns(out.s), columns(l2));
	ck_assert_int_eq(columns(out.s), 46);   /* 42, in_streams, out_streams, billing, billing_delay_ns */
	ck_assert_msg(strstr(out.s, "\tout_mos\tout_streams\tbilling\tbilling_delay_ns\n") != NULL, "%s", out.s);
	ck_assert_msg(strstr(l2, "\t-\t-\n") != NULL, "no billing record: - -: %s", l2);
	const char *want = "1\tc1\talice@10.0.0.2\tbob@10.0.0.1\tPCMU\t0\t20\t10.0.0.1:20000"
	                   "\t10.0.0.2:40000\t100\t1000\t1005\t100000000\t100000000\tbye\t1000\t1100"
	                   "\treleased\t3\t2\t0\t2\t0\t0\t1\t1\t0\t0\t0.000\t0.000\t0\t0\t0\t0\t4.41\t1\t";   /* in_streams 1 */
	ck_assert_msg(strncmp(l2, want, strlen(want)) == 0, "%s", l2);
	calls_destroy(t);
}
END_TEST

/* A re-INVITE from bob moves his media to 20010:
 *   3000 INVITE out (CSeq 2, offer 10.0.0.1:20010)  -> nothing yet
 *   3050 200 OK in (answer 10.0.0.2:40000)          -> relinquish 20000,
 *        20001 and claim 20010, 20011; one move
 *   3060 the 200 again (retransmission)               -> nothing
 *   4000 a re-INVITE answered 491                     -> the call goes on */
/* One RFC 3550 estimator per SSRC (a codec change mid-call is a new
 * stream, as tshark's rtp,streams sees it). By hand, 8 kHz (1 unit =
 * 0.125 ms), each packet's delay through the gateway d = 1, 2, 3, 4, 5 us:
 *   SSRC 1: seq 10, 11, 13 (12 lost), ts 0, 160, 480, arriving 0, 20, 60
 *           ms: on time, J = 0; lost 1, expected 4.
 *   SSRC 2: seq 500, 501, ts 90000, 90160, arriving 80, 102 ms: the second
 *           2 ms = 16 units late, |D| = 16, J = 16/16 = 1 unit = 0.125 ms;
 *           lost 0, expected 2.
 * The direction: lost 1 + 0, jitter (end and max) the larger, 0.125 ms;
 * delay min 1 us, max 5 us, mean 3 us over all five. One estimator would
 * have seen seq 13 -> 500 as a jump (a lost packet, or a loss of -486 on a
 * resync) and 90000 - 480 timestamp units of transit change as jitter.
 * Then 7 more SSRCs: 8 streams kept, the 9th SSRC's packet unmeasured. */
START_TEST(t_streams)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, true, 1100);
	static const struct { uint32_t ssrc; uint16_t seq; uint32_t ts, ms; } p[] = {
		{1, 10, 0, 0}, {1, 11, 160, 20}, {2, 500, 90000, 80}, {1, 13, 480, 60}, {2, 501, 90160, 102},
	};
	for (unsigned i = 0; i < 5; i++) {
		struct calls_rtp r = {.pt = 0, .seq = p[i].seq, .ts = p[i].ts, .ssrc = p[i].ssrc};
		uint64_t at = MS(1000 + p[i].ms), d = 1000u * (i + 1);   /* 1 GHz: cycles = ns */
		ck_assert_uint_eq(calls_rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, at - d, at, &r), 1);
	}
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.streams, 2);
	ck_assert_uint_eq(q.received, 5);
	ck_assert_uint_eq(q.expected, 6);
	ck_assert_int_eq(q.lost, 1);
	ck_assert_msg(fabs(q.jitter_max_ms - 0.125) < 1e-9, "jitter max %.9f", q.jitter_max_ms);
	ck_assert_msg(fabs(q.jitter_ms - 0.125) < 1e-9, "jitter %.9f", q.jitter_ms);
	ck_assert_uint_eq(q.delay_min_ps, 1000000);
	ck_assert_uint_eq(q.delay_max_ps, 5000000);
	ck_assert_uint_eq(q.delay_mean_ps, 3000000);
	ck_assert_uint_eq(q.unmeasured, 0);
	for (uint32_t s = 3; s <= 9; s++) {
		struct calls_rtp r = {.pt = 0, .seq = 1, .ts = 0, .ssrc = s};
		calls_rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(1200), MS(1200), &r);
	}
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.streams, CALLS_STREAMS);
	ck_assert_uint_eq(q.unmeasured, 9 - CALLS_STREAMS);
	ck_assert_uint_eq(q.received, 5 + CALLS_STREAMS - 2);
	ck_assert_int_eq(q.lost, 1);
	calls_destroy(t);
}
END_TEST

START_TEST(t_reinvite)
{
	struct calls *t = applied();
	move_media(t, INVITE, "2 INVITE", 20010);
	feed(t, 3060, CALLS_RX, OK, "c1", "2 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 6);
	/* the old port's answer is not taken for the new one */
	calls_claim_result(t, 1, 20000, false, true, 3100);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_PENDING);
	ck_assert_uint_eq(ci.claimed_port, 20010);
	ck_assert_uint_eq(ci.moves, 1);
	ck_assert_uint_eq(ci.t_200, 1000);       /* set-up ends at the first 200 */
	calls_claim_result(t, 1, 20010, true, true, 3200);
	ck_assert_uint_eq(rtp_frame(t, 20010, CALLS_IN, CALLS_V_RT, 3300, 3300, 9, 0), 1);
	feed(t, 4000, CALLS_TX, INVITE, "c1", "3 INVITE", "b1", "10.0.0.1", 20020);
	feed(t, 4010, CALLS_RX, "SIP/2.0 491 Request Pending", "c1", "3 INVITE", "b1", NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	ck_assert_uint_eq(ci.t_applied, 1100);     /* the first application */
	ck_assert_int_eq(nreq, 6);
	calls_destroy(t);
}
END_TEST

/* Bob's re-INVITE offering 20020 (CSeq 1: bob numbers his own requests,
 * RFC 3261 12.2.1.1) is refused, 488, and bob ACKs the 488: the session
 * is unchanged (RFC 3261 14.1, RFC 3264 8): the media stays at 20000
 * (calls.tsv local_media), nothing more is asked, RTP to 20020 is no
 * call's. Before the ACK too (before review n48 the 488's ACK moved the
 * claim to the refused port; without the ACK local_media named it). */
START_TEST(t_reinvite_refused_local)
{
	struct calls *t = applied();
	feed(t, 1005, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	feed(t, 3000, CALLS_TX, "INVITE sip:alice@10.0.0.2 SIP/2.0", "c1", "1 INVITE", "b1",
	     "10.0.0.1", 20020);
	feed(t, 3010, CALLS_RX, "SIP/2.0 488 Not Acceptable Here", "c1", "1 INVITE", "b1", NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.local_port, 20000);
	feed(t, 3011, CALLS_TX, "ACK sip:alice@10.0.0.2 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.local_port, 20000);
	ck_assert_uint_eq(ci.claimed_port, 20000);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	ck_assert_uint_eq(ci.moves, 0);
	ck_assert_uint_eq(ci.t_ack, 1005);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_uint_eq(rtp_frame(t, 20020, CALLS_IN, CALLS_V_GP, 3100, 3110, 2, 160), 0);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, 3100, 3110, 2, 160), 1);
	out.n = 0;
	calls_tsv(t, grab, NULL);
	ck_assert_ptr_nonnull(strstr(out.s, "\t10.0.0.1:20000\t10.0.0.2:40000\t"));
	/* offered again (CSeq 2) and accepted: now it moves (move_media) */
	feed(t, 4000, CALLS_TX, "INVITE sip:alice@10.0.0.2 SIP/2.0", "c1", "2 INVITE", "b1",
	     "10.0.0.1", 20020);
	ck_assert_int_eq(nreq, 2);
	feed(t, 4050, CALLS_RX, OK, "c1", "2 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 6);
	want_req(4, 20020, true, 1);
	calls_destroy(t);
}
END_TEST

/* Alice's re-INVITE offering G.729 alone at 40004 is refused by bob, 488,
 * and ACKed: the session is unchanged (RFC 3261 14.2, RFC 3264 8): PCMU,
 * payload type 0, alice's media at 40000, and a MOS of G.711's 4.41 (no
 * loss, no delay, as t_life) rather than G.729's. Before review n48 the
 * refused offer's codec, address and so MOS were the call's. */
START_TEST(t_reinvite_refused_remote)
{
	struct calls *t = applied();
	feed(t, 1005, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	sipmsg_sdp(sdp, sizeof sdp, "IP4", "10.0.0.2", 40004, "18");
	size_t n = sipmsg(b, sizeof b, INVITE, "c1", "2 INVITE", "b1", sdp);
	ck_assert_int_eq(calls_sip(t, 3000, CALLS_RX, (const uint8_t *)b, n), SIP_E_NONE);
	feed(t, 3010, CALLS_TX, "SIP/2.0 488 Not Acceptable Here", "c1", "2 INVITE", "b1", NULL, 0);
	feed(t, 3011, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "2 ACK", "b1", NULL, 0);
	for (uint64_t i = 1; i <= 3; i++)
		rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(20 * i), MS(20 * i),
		          (uint16_t)(1 + i), (uint32_t)(160 * i));
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_str_eq(ci.codec, "PCMU");
	ck_assert_int_eq(ci.pt, 0);
	ck_assert_uint_eq(ci.remote_port, 40000);
	ck_assert_int_eq(nreq, 2);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_double_eq_tol(q.mos, 4.41, 0.005);
	calls_destroy(t);
}
END_TEST

/* Feed a message with SDP body `body` (its m= lines after a session c=
 * of addr). */
static void feed_sdp(struct calls *t, uint64_t cyc, enum calls_dir dir, const char *first,
                     const char *cid, const char *cseq, const char *to_tag, const char *addr,
                     const char *mlines)
{
	snprintf(sdp, sizeof sdp, "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n%s",
	         addr, addr, mlines);
	size_t n = sipmsg(b, sizeof b, first, cid, cseq, to_tag, sdp);
	ck_assert_int_eq(calls_sip(t, cyc, dir, (const uint8_t *)b, n), SIP_E_NONE);
}

/* An answer declining the offer's first audio stream (port 0) and taking
 * the second (RFC 3264 6: port 0 declines that stream alone; the
 * answer's m= lines are the offer's by position):
 *  - alice offers 40002 then 40000, bob answers 0 then 20000: claim
 *    20000, 20001; alice's media is her second stream, 40000;
 *  - bob offers 20010 (RTP/SAVP) then 20012, alice answers 0 then 40000:
 *    bob's media is his second stream, claim 20012, 20013.
 * Before review n48 the first m=audio was taken: port 0, no claim. */
START_TEST(t_declined_first_audio)
{
	struct calls *t = mk(1, 0);
	feed_sdp(t, 100, CALLS_RX, INVITE, "d1", "1 INVITE", NULL, "10.0.0.2",
	         "m=audio 40002 RTP/AVP 0\r\nm=audio 40000 RTP/AVP 0\r\n");
	feed_sdp(t, 1000, CALLS_TX, OK, "d1", "1 INVITE", "b", "10.0.0.1",
	         "m=audio 0 RTP/AVP 0\r\nm=audio 20000 RTP/AVP 0\r\n");
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	want_req(1, 20001, true, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.local_port, 20000);
	ck_assert_uint_eq(ci.remote_port, 40000);
	feed_sdp(t, 2000, CALLS_TX, "INVITE sip:alice@10.0.0.2 SIP/2.0", "d2", "1 INVITE", NULL,
	         "10.0.0.1", "m=audio 20010 RTP/SAVP 0\r\nm=audio 20012 RTP/AVP 0\r\n");
	feed_sdp(t, 2500, CALLS_RX, OK, "d2", "1 INVITE", "a", "10.0.0.2",
	         "m=audio 0 RTP/SAVP 0\r\nm=audio 40000 RTP/AVP 0\r\n");
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20012, true, 2);
	want_req(3, 20013, true, 2);
	calls_info(t, 2, &ci);
	ck_assert_uint_eq(ci.local_port, 20012);
	ck_assert_uint_eq(ci.remote_port, 40000);
	calls_destroy(t);
}
END_TEST

/* Feed a message without SDP whose From and To tags are from_tag, to_tag
 * (NULL: none). */
static void feed_tags(struct calls *t, uint64_t cyc, enum calls_dir dir, const char *first,
                      const char *cid, const char *cseq, const char *from_tag, const char *to_tag)
{
	int n = snprintf(b, sizeof b,
	                 "%s\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%s\r\n"
	                 "From: <sip:bob@10.0.0.1>;tag=%s\r\nTo: <sip:carol@10.0.0.2>%s%s\r\n"
	                 "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n",
	                 first, cseq, from_tag, to_tag ? ";tag=" : "", to_tag ? to_tag : "", cid, cseq);
	ck_assert_int_eq(calls_sip(t, cyc, dir, (const uint8_t *)b, (size_t)n), SIP_E_NONE);
}

/* Bob's BYE to end A at `at` ends call 1, its last dialog: reason bye,
 * ended at `at`. */
static void bye_a_ends(struct calls *t, const char *cid, const char *cseq, uint64_t at)
{
	feed(t, at, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", cid, cseq, "A", NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.t_bye, at);
	ck_assert_uint_eq(ci.t_end, at);
}

/* Bob's INVITE (offer 10.0.0.1:20000) forks: at 1000 a 200 from end A
 * (10.0.0.2:40000), ACKed at 1001, claims 20000 and 20001 (granted at
 * 1050); at 1100 a 200 from end B (10.0.0.3:40010), ACKed at 1101. */
static struct calls *forked(void)
{
	struct calls *t = mk(1, 0);
	feed(t, 0, CALLS_TX, "INVITE sip:carol@10.0.0.2 SIP/2.0", "f1", "1 INVITE", NULL, "10.0.0.1",
	     20000);
	feed(t, 1000, CALLS_RX, OK, "f1", "1 INVITE", "A", "10.0.0.2", 40000);
	feed(t, 1001, CALLS_TX, "ACK sip:carol@10.0.0.2 SIP/2.0", "f1", "1 ACK", "A", NULL, 0);
	calls_claim_result(t, 1, 20000, true, true, 1050);
	calls_claim_result(t, 1, 20001, true, true, 1050);
	feed(t, 1100, CALLS_RX, OK, "f1", "1 INVITE", "B", "10.0.0.3", 40010);
	feed(t, 1101, CALLS_TX, "ACK sip:carol@10.0.0.3 SIP/2.0", "f1", "1 ACK", "B", NULL, 0);
	return t;
}

/* Call 1 is going on, its remote media addr:port. */
static void want_remote(struct calls *t, const char *addr, uint16_t port)
{
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_uint_eq(ci.remote_port, port);
	char s[64];
	sip_addr_str(&ci.remote, s, sizeof s);
	ck_assert_str_eq(s, addr);
}

/* A dialog is the Call-ID and both ends' tags (RFC 3261 12):
 *  - bob's INVITE (From tag 1928301774, as sipmsg writes it) forks: 200
 *    from end A (40000) claims 20000, 20001 (granted at 1050); 200 from
 *    end B (10.0.0.3,
 *    40010) is a second dialog; bob ACKs both and BYEs B (RFC 3261
 *    13.2.2.4): the call goes on in dialog A, its remote media A's again;
 *    bob's BYE to A at 3000 ends it and gives the ports back;
 *  - a stray BYE whose tags are not the call's (From tag "other", To tag
 *    "zz", answered 481) ends nothing; it is a BYE of no known dialog:
 *    unknown_msgs and bye_unknown 1; the call's BYE sent by bob (From his
 *    tag b1, To alice's) then ends it.
 * Before review n48 the first BYE of either ended the call. */
START_TEST(t_dialogs)
{
	struct calls *t = forked();
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.remote_port, 40010);
	feed(t, 1102, CALLS_TX, "BYE sip:carol@10.0.0.3 SIP/2.0", "f1", "2 BYE", "B", NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.t_bye, UINT64_MAX);
	want_remote(t, "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 2);
	feed(t, 3000, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", "f1", "2 BYE", "A", NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.t_bye, 3000);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	calls_destroy(t);

	t = establish();
	feed_tags(t, 1200, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "7 BYE", "other", "zz");
	feed_tags(t, 1201, CALLS_TX, "SIP/2.0 481 Call/Transaction Does Not Exist", "c1", "7 BYE",
	          "other", "zz");
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	struct calls_counts cnt;
	calls_counts(t, &cnt);
	ck_assert_uint_eq(cnt.bye_unknown, 1);
	ck_assert_uint_eq(cnt.unknown_msgs, 1);
	feed_tags(t, 2000, CALLS_TX, "BYE sip:alice@10.0.0.2 SIP/2.0", "c1", "1 BYE", "b1",
	          "1928301774");
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.t_bye, 2000);
	calls_destroy(t);
}
END_TEST

/* A forked 2xx retransmitted after the BYE of its dialog (its ACK lost,
 * RFC 3261 13.3.1.4) does not bring the dialog back (review n52: it did,
 * its media became the remote again and the call waited for a second BYE
 * of it until it timed out):
 *   bob's INVITE forks; 200 from A (10.0.0.2:40000) at 1000, from B
 *   (10.0.0.3:40010) at 1100, both ACKed; 1102 BYE B      -> remote A's
 *   1200 B's 200 again, 1201 its ACK                      -> remote A's
 *   3000 BYE A: the call's last dialog                    -> ends, bye */
START_TEST(t_dialog_gone)
{
	struct calls *t = forked();
	feed(t, 1102, CALLS_TX, "BYE sip:carol@10.0.0.3 SIP/2.0", "f1", "2 BYE", "B", NULL, 0);
	feed(t, 1200, CALLS_RX, OK, "f1", "1 INVITE", "B", "10.0.0.3", 40010);
	feed(t, 1201, CALLS_TX, "ACK sip:carol@10.0.0.3 SIP/2.0", "f1", "1 ACK", "B", NULL, 0);
	want_remote(t, "10.0.0.2", 40000);
	bye_a_ends(t, "f1", "3 BYE", 3000);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	calls_destroy(t);
}
END_TEST

/* Forked ends answering different m= lines of the offer (RFC 3264 6):
 * the dialog left after a BYE brings back its local stream and claim,
 * not only its remote media (review n52: local and claim stayed on the
 * dropped end's stream, and the kept end's RTP went to GP):
 *   0 bob offers 20000 (SAVP) and 20002 (AVP)
 *   1000 A answers 40000, 0 (line 0)  -> local 20000: claim 20000, 20001
 *   1001 ACK A; RT grants at 1050
 *   1100 B answers 0, 40010 (line 1)  -> local 20002: relinquish 20000,
 *        20001, claim 20002, 20003 (a move); 1101 ACK B; granted at 1102
 *   1103 BYE B                        -> A's: local 20000, remote
 *        10.0.0.2:40000; relinquish 20002, 20003, claim 20000, 20001
 *        (moves 2); granted at 1200
 *   3000 BYE A                        -> ends: relinquish 20000, 20001 */
START_TEST(t_dialog_local)
{
	struct calls *t = mk(1, 0);
	feed_sdp(t, 0, CALLS_TX, "INVITE sip:carol@10.0.0.2 SIP/2.0", "f1", "1 INVITE", NULL,
	         "10.0.0.1", "m=audio 20000 RTP/SAVP 0\r\nm=audio 20002 RTP/AVP 0\r\n");
	feed_sdp(t, 1000, CALLS_RX, OK, "f1", "1 INVITE", "A", "10.0.0.2",
	         "m=audio 40000 RTP/SAVP 0\r\nm=audio 0 RTP/AVP 0\r\n");
	feed(t, 1001, CALLS_TX, "ACK sip:carol@10.0.0.2 SIP/2.0", "f1", "1 ACK", "A", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	want_req(1, 20001, true, 1);
	calls_claim_result(t, 1, 20000, true, true, 1050);
	calls_claim_result(t, 1, 20001, true, true, 1050);
	feed_sdp(t, 1100, CALLS_RX, OK, "f1", "1 INVITE", "B", "10.0.0.3",
	         "m=audio 0 RTP/SAVP 0\r\nm=audio 40010 RTP/AVP 0\r\n");
	feed(t, 1101, CALLS_TX, "ACK sip:carol@10.0.0.3 SIP/2.0", "f1", "1 ACK", "B", NULL, 0);
	ck_assert_int_eq(nreq, 6);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	want_req(4, 20002, true, 1);
	want_req(5, 20003, true, 1);
	calls_claim_result(t, 1, 20002, true, true, 1102);
	calls_claim_result(t, 1, 20003, true, true, 1102);
	feed(t, 1103, CALLS_TX, "BYE sip:carol@10.0.0.3 SIP/2.0", "f1", "2 BYE", "B", NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_uint_eq(ci.local_port, 20000);
	ck_assert_uint_eq(ci.remote_port, 40000);
	ck_assert_uint_eq(ci.claimed_port, 20000);
	ck_assert_uint_eq(ci.moves, 2);
	ck_assert_int_eq(nreq, 10);
	want_req(6, 20002, false, 1);
	want_req(7, 20003, false, 1);
	want_req(8, 20000, true, 1);
	want_req(9, 20001, true, 1);
	calls_claim_result(t, 1, 20000, true, true, 1200);
	calls_claim_result(t, 1, 20001, true, true, 1200);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	feed(t, 3000, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", "f1", "3 BYE", "A", NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_int_eq(nreq, 12);
	want_req(10, 20000, false, 1);
	want_req(11, 20001, false, 1);
	calls_destroy(t);
}
END_TEST

/* A dialog's media are those of its latest exchange (doc/calls.md): a
 * re-INVITE inside a forked dialog moves that dialog's media, and the
 * BYE of the other end brings back the moved ones, not its 2xx's (before,
 * the 2xx's came back: the claim moved back to the port the re-INVITE
 * had left, and the remote media to the port the end had left):
 *  - forked(); 2000 bob re-INVITEs A offering 20010, 2010 A's 200
 *    answers 10.0.0.2:40020: relinquish 20000, 20001, claim 20010,
 *    20011 (granted at 2050); 2100 BYE B: the call is A's, local 20010
 *    (no request more), remote 10.0.0.2:40020;
 *  - forked(); 2000 B answers a re-INVITE with 10.0.0.3:40030; 2100 BYE
 *    A: the call is B's, remote 10.0.0.3:40030. */
START_TEST(t_dialog_reinvite)
{
	struct calls *t = forked();
	feed(t, 2000, CALLS_TX, "INVITE sip:carol@10.0.0.2 SIP/2.0", "f1", "2 INVITE", "A",
	     "10.0.0.1", 20010);
	feed(t, 2010, CALLS_RX, OK, "f1", "2 INVITE", "A", "10.0.0.2", 40020);
	feed(t, 2011, CALLS_TX, "ACK sip:carol@10.0.0.2 SIP/2.0", "f1", "2 ACK", "A", NULL, 0);
	ck_assert_int_eq(nreq, 6);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	want_req(4, 20010, true, 1);
	want_req(5, 20011, true, 1);
	calls_claim_result(t, 1, 20010, true, true, 2050);
	calls_claim_result(t, 1, 20011, true, true, 2050);
	feed(t, 2100, CALLS_TX, "BYE sip:carol@10.0.0.3 SIP/2.0", "f1", "3 BYE", "B", NULL, 0);
	want_remote(t, "10.0.0.2", 40020);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.local_port, 20010);
	ck_assert_uint_eq(ci.claimed_port, 20010);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	ck_assert_int_eq(nreq, 6);
	calls_destroy(t);

	t = forked();
	feed(t, 2000, CALLS_TX, "INVITE sip:carol@10.0.0.3 SIP/2.0", "f1", "2 INVITE", "B",
	     "10.0.0.1", 20000);
	feed(t, 2010, CALLS_RX, OK, "f1", "2 INVITE", "B", "10.0.0.3", 40030);
	feed(t, 2100, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", "f1", "3 BYE", "A", NULL, 0);
	want_remote(t, "10.0.0.3", 40030);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.local_port, 20000);
	ck_assert_int_eq(nreq, 2);
	calls_destroy(t);
}
END_TEST

/* A call keeps 4 dialogs (calls.h, dialogs_dropped): bob's INVITE forks
 * to five ends, A-E (10.0.0.2-6), each answering 200 with its own port
 * 40000 + 2k: E's is the fifth, its dialog not kept (before review n52
 * without a sign) -> dialogs_dropped 1, its SDP the remote media; bob's
 * BYE to E names no dialog of the call -> unknown, bye_unknown 1; BYEs
 * to D, C, B leave A's (10.0.0.2:40000); the BYE to A ends the call. */
START_TEST(t_dialogs_dropped)
{
	struct calls *t = mk(1, 0);
	feed(t, 0, CALLS_TX, "INVITE sip:carol@10.0.0.2 SIP/2.0", "f1", "1 INVITE", NULL, "10.0.0.1",
	     20000);
	static const char *tag[5] = {"A", "B", "C", "D", "E"};
	char addr[16];
	for (int k = 0; k < 5; k++) {
		snprintf(addr, sizeof addr, "10.0.0.%d", 2 + k);
		feed(t, 1000 + 10 * (uint64_t)k, CALLS_RX, OK, "f1", "1 INVITE", tag[k], addr, 40000 + 2 * k);
	}
	struct calls_counts cnt;
	calls_counts(t, &cnt);
	ck_assert_uint_eq(cnt.dialogs_dropped, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.remote_port, 40008);
	feed(t, 2000, CALLS_TX, "BYE sip:carol@10.0.0.6 SIP/2.0", "f1", "2 BYE", "E", NULL, 0);
	calls_counts(t, &cnt);
	ck_assert_uint_eq(cnt.bye_unknown, 1);
	for (int k = 3; k >= 1; k--)
		feed(t, 2010 + (uint64_t)k, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", "f1", "3 BYE",
		     tag[k], NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_uint_eq(ci.remote_port, 40000);
	bye_a_ends(t, "f1", "4 BYE", 3000);
	calls_destroy(t);
}
END_TEST

/* An INVITE whose multipart body libosip2 cannot cut (no close delimiter,
 * RFC 2046 5.1.1) is multipart-malformed: the call is made without the
 * offer (review n52: sip-malformed, no call), sip_errors 1; bob's 200
 * (10.0.0.1:20000) at 1000 and alice's ACK at 1005 set it up as a late
 * offer would (the ACK seen): claim 20000, 20001. */
START_TEST(t_multipart_uncut)
{
	struct calls *t = mk(1, 0);
	int n = snprintf(b, sizeof b,
	                 "INVITE sip:bob@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKm\r\n"
	                 "From: <sip:alice@10.0.0.2>;tag=a\r\nTo: <sip:bob@10.0.0.1>\r\nCall-ID: m5\r\n"
	                 "CSeq: 1 INVITE\r\nContent-Type: multipart/mixed;boundary=bnd\r\n"
	                 "Content-Length: 44\r\n\r\n--bnd\r\nContent-Type: text/plain\r\n\r\nhello\r\n\r\n");
	ck_assert_int_eq(calls_sip(t, 100, CALLS_RX, (const uint8_t *)b, (size_t)n), SIP_E_MULTIPART);
	ck_assert_uint_eq(calls_count(t), 1);
	feed(t, 1000, CALLS_TX, OK, "m5", "1 INVITE", "b", "10.0.0.1", 20000);
	ck_assert_int_eq(nreq, 0);
	feed(t, 1005, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "m5", "1 ACK", "b", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	want_req(1, 20001, true, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.sip_errors, 1);
	ck_assert_uint_eq(ci.local_port, 20000);
	struct calls_counts cnt;
	calls_counts(t, &cnt);
	ck_assert_uint_eq(cnt.err[SIP_E_MULTIPART], 1);
	calls_destroy(t);
}
END_TEST

/* CANCEL before the answer: the INVITE's 487 ends the call, a cancel (the
 * CANCEL alone does not: a 200 may cross it, RFC 3261 9.1; before review
 * n48 the call ended at the CANCEL, 300), no port was ever asked for. */
START_TEST(t_cancel)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "c2", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 150, CALLS_TX, "SIP/2.0 183 Session Progress", "c2", "1 INVITE", "b2", "10.0.0.1", 20002);
	feed(t, 300, CALLS_RX, "CANCEL sip:bob@10.0.0.1 SIP/2.0", "c2", "1 CANCEL", NULL, NULL, 0);
	feed(t, 310, CALLS_TX, "SIP/2.0 487 Request Terminated", "c2", "1 INVITE", "b2", NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_CANCEL);
	ck_assert_uint_eq(ci.t_end, 310);
	ck_assert_int_eq(ci.claim, CLAIM_NONE);
	ck_assert_int_eq(nreq, 0);
	/* early media on the 183's port, to GP: counted on the call */
	ck_assert_uint_eq(rtp_frame(t, 20002, CALLS_IN, CALLS_V_GP, 200, 210, 1, 0), 1);
	calls_destroy(t);
}
END_TEST

/* A CANCEL crossing the 200 (RFC 3261 9.1: no effect once the INVITE has
 * its final response): bob's CANCEL at 999, alice's 200 at 1000 claims
 * 20000, 20001, bob ACKs, alice's 200 to the CANCEL at 1002: the call is
 * up, no end, until bob's BYE at 3000 ends it, bye. Before review n48 the
 * CANCEL ended the call: no claim, its RTP all to GP. */
START_TEST(t_cancel_crosses_200)
{
	struct calls *t = mk(1, 0);
	feed(t, 0, CALLS_TX, "INVITE sip:carol@10.0.0.2 SIP/2.0", "x1", "1 INVITE", NULL, "10.0.0.1",
	     20000);
	feed(t, 999, CALLS_TX, "CANCEL sip:carol@10.0.0.2 SIP/2.0", "x1", "1 CANCEL", NULL, NULL, 0);
	feed(t, 1000, CALLS_RX, OK, "x1", "1 INVITE", "A", "10.0.0.2", 40000);
	feed(t, 1001, CALLS_TX, "ACK sip:carol@10.0.0.2 SIP/2.0", "x1", "1 ACK", "A", NULL, 0);
	feed(t, 1002, CALLS_RX, OK, "x1", "1 CANCEL", "A", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_uint_eq(ci.t_200, 1000);
	feed(t, 3000, CALLS_TX, "BYE sip:carol@10.0.0.2 SIP/2.0", "x1", "2 BYE", "A", NULL, 0);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.t_end, 3000);
	calls_destroy(t);
}
END_TEST

/* Bob calls out and gets 486 Busy Here: the call ends with that error; a
 * 200 OK for a call already ended changes nothing. */
START_TEST(t_busy)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_TX, INVITE, "c3", "1 INVITE", NULL, "10.0.0.1", 20004);
	feed(t, 400, CALLS_RX, "SIP/2.0 486 Busy Here", "c3", "1 INVITE", "a3", NULL, 0);
	feed(t, 500, CALLS_RX, OK, "c3", "1 INVITE", "a3", "10.0.0.2", 40000);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_ERROR);
	ck_assert_int_eq(ci.end_status, 486);
	ck_assert_int_eq(nreq, 0);
	out.n = 0;
	calls_tsv(t, grab, NULL);
	ck_assert_ptr_nonnull(strstr(out.s, "\t400\terror-486\t"));
	calls_destroy(t);
}
END_TEST

/* Timeout 10000 cycles: the last activity is RTP at 3000, so the call
 * ends at 13000 and not before; its ports, both granted at 1100, are given
 * back. */
START_TEST(t_timeout)
{
	struct calls *t = mk(1, 10000);
	feed(t, 100, CALLS_RX, INVITE, "c4", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 1000, CALLS_TX, OK, "c4", "1 INVITE", "b4", "10.0.0.1", 20006);
	calls_claim_result(t, 1, 20006, true, true, 1100);
	calls_claim_result(t, 1, 20007, true, true, 1100);
	rtp_frame(t, 20006, CALLS_IN, CALLS_V_RT, 2990, 3000, 1, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 13000);
	ck_assert_uint_eq(calls_tick(t, 12999), 0);
	ck_assert_int_eq(nreq, 2);
	ck_assert_uint_eq(calls_tick(t, 13000), 1);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20006, false, 1);
	want_req(3, 20007, false, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_TIMEOUT);
	ck_assert_uint_eq(ci.t_end, 13000);
	ck_assert_uint_eq(calls_next_timeout(t), UINT64_MAX);
	ck_assert_uint_eq(calls_tick(t, 99999), 0);
	calls_destroy(t);
}
END_TEST

/* Three calls, timeout 10000 cycles; the next timeout is the least of
 * the live calls' last activity + 10000, by hand after each step: RTP
 * moves a call's later (the table's heap then holds an old deadline for
 * it), a BYE takes a call out, a timeout ends the earliest. */
START_TEST(t_timeout_next_of_many)
{
	struct calls *t = mk(1, 10000);
	feed(t, 100, CALLS_RX, INVITE, "c5", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 200, CALLS_RX, INVITE, "c6", "1 INVITE", NULL, "10.0.0.2", 40002);
	feed(t, 300, CALLS_RX, INVITE, "c7", "1 INVITE", NULL, "10.0.0.2", 40004);
	ck_assert_uint_eq(calls_next_timeout(t), 10100);          /* c5's INVITE */
	feed(t, 1000, CALLS_TX, OK, "c5", "1 INVITE", "b5", "10.0.0.1", 20010);
	feed(t, 1100, CALLS_TX, OK, "c6", "1 INVITE", "b6", "10.0.0.1", 20012);
	feed(t, 1200, CALLS_TX, OK, "c7", "1 INVITE", "b7", "10.0.0.1", 20014);
	ck_assert_uint_eq(calls_next_timeout(t), 11000);          /* c5's 200 */
	rtp_frame(t, 20010, CALLS_IN, CALLS_V_RT, 4990, 5000, 1, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 11100);          /* c6 now */
	rtp_frame(t, 20012, CALLS_OUT, CALLS_V_RT, 5990, 6000, 1, 0);
	rtp_frame(t, 20010, CALLS_IN, CALLS_V_RT, 6990, 7000, 2, 160);
	ck_assert_uint_eq(calls_next_timeout(t), 11200);          /* c7 */
	feed(t, 8000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c7", "2 BYE", "b7", NULL, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 16000);          /* c6: 6000 */
	ck_assert_uint_eq(calls_tick(t, 15999), 0);
	ck_assert_uint_eq(calls_tick(t, 16000), 1);               /* c6 */
	ck_assert_uint_eq(calls_next_timeout(t), 17000);          /* c5: 7000 */
	ck_assert_uint_eq(calls_tick(t, 17000), 1);
	ck_assert_uint_eq(calls_next_timeout(t), UINT64_MAX);
	struct calls_info ci;
	const enum calls_end want[3] = {END_TIMEOUT, END_TIMEOUT, END_BYE};
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert(calls_info(t, i + 1, &ci));
		ck_assert_int_eq(ci.end, want[i]);
	}
	calls_destroy(t);
}
END_TEST

/* A BYE and a 200 for Call-IDs never seen: counted, no call made. */
START_TEST(t_unknown)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "zz", "2 BYE", "b", NULL, 0);
	feed(t, 200, CALLS_RX, OK, "zz2", "1 INVITE", "b", "10.0.0.2", 40000);
	ck_assert_uint_eq(calls_count(t), 0);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.bye_unknown, 1);
	ck_assert_uint_eq(cc.unknown_msgs, 2);
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_uint_eq(s.bye_unknown, 1);
	ck_assert_uint_eq(s.count, 0);
	ck_assert(isnan(s.mos_min));
	calls_destroy(t);
}
END_TEST

/* Bob's own INVITE (an own-tx frame of a capture, given as sent by GP)
 * carries the local SDP; the far end answers in the 200: claim 20008.
 * Also over IPv6, with the host's second address. */
START_TEST(t_own_tx)
{
	struct calls *t = mk(2, 0);
	feed(t, 100, CALLS_TX, INVITE, "c5", "1 INVITE", NULL, "10.0.0.1", 20008);
	feed(t, 600, CALLS_RX, OK, "c5", "1 INVITE", "a5", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20008, true, 1);
	feed(t, 700, CALLS_TX, INVITE, "c6", "1 INVITE", NULL, "2001:db8::1", 20012);
	feed(t, 800, CALLS_RX, OK, "c6", "1 INVITE", "a6", "2001:db8::2", 40004);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20012, true, 2);
	out.n = 0;
	calls_tsv(t, grab, NULL);
	ck_assert_ptr_nonnull(strstr(out.s, "\t[2001:db8::1]:20012\t[2001:db8::2]:40004\t700\t800\t"));
	calls_destroy(t);

	/* no host address: the SDP GP sent is the local one */
	t = mk(0, 0);
	feed(t, 100, CALLS_TX, INVITE, "c7", "1 INVITE", NULL, "192.0.2.7", 20014);
	feed(t, 600, CALLS_RX, OK, "c7", "1 INVITE", "a7", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20014, true, 1);
	calls_destroy(t);

	/* neither SDP is the host's: no claim */
	t = mk(1, 0);
	feed(t, 100, CALLS_TX, INVITE, "c8", "1 INVITE", NULL, "192.0.2.7", 20014);
	feed(t, 600, CALLS_RX, OK, "c8", "1 INVITE", "a8", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 0);
	calls_destroy(t);
}
END_TEST

/* Late offer: INVITE without SDP, offer in bob's 200, answer in the ACK:
 * the claim waits for the ACK. */
START_TEST(t_late_offer)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "c9", "1 INVITE", NULL, NULL, 0);
	feed(t, 900, CALLS_TX, OK, "c9", "1 INVITE", "b9", "10.0.0.1", 20016);
	ck_assert_int_eq(nreq, 0);
	feed(t, 950, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c9", "1 ACK", "b9", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 2);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.t_claim, 950);
	ck_assert_uint_eq(ci.remote_port, 40000);
	calls_destroy(t);
}
END_TEST

/* RT refuses the RTP port (a GP application has it): the call says so,
 * and at the BYE only the RTCP port, which RT took, is given back. */
START_TEST(t_refused)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, false, 1100);
	calls_claim_result(t, 1, 20001, true, true, 1100);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	ck_assert_uint_eq(ci.t_applied, UINT64_MAX);
	/* RT gives 20001 back; the call's claim stays refused (doc/outputs.md:
	 * the claim's last state), not releasing: no RTP relinquish was asked */
	bye_gives_back(t, 20001);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_uint_eq(s.refused, 1);
	calls_destroy(t);
}
END_TEST

/* RT refuses both ports (it owns them already, rt.udp_ports, or a GP
 * application has them): the RTCP refusal arrives when the call's claim is
 * already refused and must still count, so that at the BYE nothing is
 * given back (a relinquish of 20001 would take from RT a port it owned
 * before the call). By hand: requests 0-1 the two claims (establish), none
 * after; 2 claims, 0 relinquishes, 2 refusals; the claim ends refused. */
START_TEST(t_refused_both)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, false, 1100);
	calls_claim_result(t, 1, 20001, true, false, 1100);
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.claims, 2);
	ck_assert_uint_eq(cc.relinquishes, 0);
	ck_assert_uint_eq(cc.refused, 2);
	out.n = 0;
	ck_assert(calls_tsv(t, grab, NULL));
	ck_assert_msg(strstr(out.s, "\trefused\t") != NULL, "%s", out.s);
	calls_destroy(t);
}
END_TEST

/* RT takes the RTP port and refuses the RTCP one: at the BYE only 20000
 * goes back, and its answer ends the claim released. */
START_TEST(t_refused_rtcp)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, true, 1100);
	calls_claim_result(t, 1, 20001, true, false, 1100);
	bye_gives_back(t, 20000);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASED);
	ck_assert_uint_eq(ci.t_applied, 1100);
	calls_destroy(t);
}
END_TEST

/* The same facts as t_refused_rtcp with the answers the other way round,
 * as when the RTCP claim is lost on a full channel 3 (GP reports the loss
 * at once, before RT answers the RTP claim): RT applied the RTP port's
 * claim at 1100, so claim_applied is 1100 (doc/outputs.md: when RT
 * applied the claim of the RTP port) and the applied hook is told (a
 * generated call's RT starts its RTP there); the claim's state stays
 * refused until the BYE gives 20000 back, and its answer ends it
 * released, as in t_refused_rtcp. */
static uint32_t applied_call;
static uint64_t applied_at;

static void on_applied(void *ctx, uint32_t call, uint16_t port, uint64_t cycle)
{
	(void)ctx;
	ck_assert_uint_eq(port, 20000);
	applied_call = call;
	applied_at = cycle;
}

START_TEST(t_rtcp_lost_first)
{
	struct calls *t = establish();
	applied_call = 0;
	calls_on_applied(t, on_applied, NULL);
	calls_claim_result(t, 1, 20001, true, false, 1000);
	calls_claim_result(t, 1, 20000, true, true, 1100);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	ck_assert_uint_eq(ci.t_applied, 1100);
	ck_assert_uint_eq(applied_call, 1);
	ck_assert_uint_eq(applied_at, 1100);
	bye_gives_back(t, 20000);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASED);
	calls_destroy(t);
}
END_TEST

/* The BYE comes before RT has answered the claims (asked at 1000, BYE at
 * 1050): nothing can be given back yet. RT then refuses 20000 (no
 * relinquish of it, the claim ends refused) and grants 20001, which is
 * then given back at once: requests 0-1 the claims, 2 the relinquish of
 * 20001 only. Second round, both granted after the BYE: both go back in
 * order, and the RTP one's answer ends the claim released. */
START_TEST(t_release_pending)
{
	struct calls *t = establish();
	feed(t, 1050, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASING);
	calls_claim_result(t, 1, 20000, true, false, 1100);
	ck_assert_int_eq(nreq, 2);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	calls_claim_result(t, 1, 20001, true, true, 1100);
	ck_assert_int_eq(nreq, 3);
	want_req(2, 20001, false, 1);
	calls_claim_result(t, 1, 20001, false, true, 1200);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	ck_assert_uint_eq(ci.t_applied, UINT64_MAX);
	calls_destroy(t);

	t = establish();
	feed(t, 1050, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	calls_claim_result(t, 1, 20000, true, true, 1100);
	calls_claim_result(t, 1, 20001, true, true, 1100);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20000, false, 1);
	want_req(3, 20001, false, 1);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASING);
	calls_claim_result(t, 1, 20000, false, true, 1200);
	calls_claim_result(t, 1, 20001, false, true, 1200);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASED);
	calls_destroy(t);

	/* third round: 20001 refused first (its claim lost on a full channel
	 * 3), 20000 not yet answered at the BYE: nothing to give back then;
	 * 20000 once granted */
	t = establish();
	calls_claim_result(t, 1, 20001, true, false, 1001);
	feed(t, 1050, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "2 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	calls_claim_result(t, 1, 20000, true, true, 1100);
	ck_assert_int_eq(nreq, 3);
	want_req(2, 20000, false, 1);
	calls_destroy(t);
}
END_TEST

/* The call moves twice before RT answers any claim (each move a SIP round
 * trip within RT's microseconds): both moves' unanswered claims wait for
 * their answers, whichever the order of moves. By hand:
 *   1000 200 OK out (20000)               -> requests 0-1: claim 20000, 20001
 *   3050 200 OK in to re-INVITE (20010)   -> 2-3: claim 20010, 20011
 *   3150 200 OK in to re-INVITE (20020)   -> 4-5: claim 20020, 20021
 *   RT's answers in order: 20000 granted  -> 6: relinquish 20000
 *     20001 refused (nothing to give back), 20010 refused, 20011 granted
 *     -> 7: relinquish 20011; 20020, 20021 granted: the claim applied
 *   5000 BYE                              -> 8-9: relinquish 20020, 20021
 * 6 claims, 4 relinquishes, 2 refusals, 2 moves. */
START_TEST(t_move_twice_pending)
{
	struct calls *t = establish();
	feed(t, 3000, CALLS_TX, INVITE, "c1", "2 INVITE", "b1", "10.0.0.1", 20010);
	feed(t, 3050, CALLS_RX, OK, "c1", "2 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20010, true, 1);
	want_req(3, 20011, true, 1);
	feed(t, 3100, CALLS_TX, INVITE, "c1", "3 INVITE", "b1", "10.0.0.1", 20020);
	feed(t, 3150, CALLS_RX, OK, "c1", "3 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 6);
	want_req(4, 20020, true, 1);
	want_req(5, 20021, true, 1);
	calls_claim_result(t, 1, 20000, true, true, 3200);
	ck_assert_int_eq(nreq, 7);
	want_req(6, 20000, false, 1);
	calls_claim_result(t, 1, 20001, true, false, 3200);
	calls_claim_result(t, 1, 20010, true, false, 3200);
	ck_assert_int_eq(nreq, 7);
	calls_claim_result(t, 1, 20011, true, true, 3200);
	ck_assert_int_eq(nreq, 8);
	want_req(7, 20011, false, 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_PENDING);
	calls_claim_result(t, 1, 20020, true, true, 3300);
	calls_claim_result(t, 1, 20021, true, true, 3300);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	ck_assert_uint_eq(ci.claimed_port, 20020);
	ck_assert_uint_eq(ci.moves, 2);
	ck_assert_uint_eq(ci.t_applied, 3300);
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "4 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 10);
	want_req(8, 20020, false, 1);
	want_req(9, 20021, false, 1);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.claims, 6);
	ck_assert_uint_eq(cc.relinquishes, 4);
	ck_assert_uint_eq(cc.refused, 2);
	calls_destroy(t);
}
END_TEST

/* Two INVITEs whose Call-IDs (300 bytes) differ only in their last byte
 * are two dialogs (RFC 3261 8.1.1.4), never one call: the table keeps 255
 * bytes of a Call-ID, so both are refused, sip-malformed, and no call is
 * made of them. */
START_TEST(t_long_call_id)
{
	struct calls *t = mk(1, 0);
	static char cid[301];
	memset(cid, 'k', 300);
	cid[299] = '1';
	ck_assert_int_eq(feed(t, 100, CALLS_RX, INVITE, cid, "1 INVITE", NULL, "10.0.0.2", 40000),
	                 SIP_E_MALFORMED);
	cid[299] = '2';
	ck_assert_int_eq(feed(t, 200, CALLS_RX, INVITE, cid, "1 INVITE", NULL, "10.0.0.2", 40002),
	                 SIP_E_MALFORMED);
	ck_assert_uint_eq(calls_count(t), 0);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.err[SIP_E_MALFORMED], 2);
	calls_destroy(t);
}
END_TEST

/* The channel-3 messages the claims become (src/ctlmsg.h): numbered after
 * the timeline's entries, UINT32_MAX the refusal. With n_tl = UINT32_MAX
 * - 100, numbers n_tl .. UINT32_MAX - 1 are 100 messages: all taken, in
 * order, each body as given; the 101st would be UINT32_MAX: refused, and
 * the 100 bodies still read back (the table was not let go while refusing
 * it). */
START_TEST(t_ctlmsg_numbers)
{
	const uint32_t n_tl = UINT32_MAX - 100;
	struct ctlmsg *m = ctlmsg_create(n_tl);
	ck_assert_ptr_nonnull(m);
	for (uint32_t i = 0; i < 100; i++)
		ck_assert_uint_eq(ctlmsg_port(m, (uint16_t)(20000 + i), i % 2 == 0, i + 1), n_tl + i);
	ck_assert_uint_eq(ctlmsg_port(m, 30000, true, 101), UINT32_MAX);
	ck_assert_uint_eq(ctlmsg_port(m, 30001, true, 102), UINT32_MAX);
	for (uint32_t i = 0; i < 100; i++) {
		ck_assert(ctlmsg_is_port(m, n_tl + i));
		const struct ctlmsg_port *p = ctlmsg_port_at(m, n_tl + i);
		ck_assert_uint_eq(p->port, 20000 + i);
		ck_assert_int_eq(p->claim, i % 2 == 0);
		ck_assert_uint_eq(p->call, i + 1);
	}
	ck_assert(!ctlmsg_is_port(m, n_tl - 1));
	ctlmsg_destroy(m);
}
END_TEST

/* calls.tsv rows are never cut: a Call-ID of 255 backslashes and From and
 * To of 127, the longest sip.h keeps, each escaped to \x5c (4 bytes):
 * 255 x 4 + 2 x 127 x 4 = 2036 bytes of those three fields alone, then
 * the 43 other columns. Each row still has the header's 46 columns and
 * ends in a newline, and the next call's row follows whole. */
START_TEST(t_tsv_long)
{
	struct calls *t = mk(1, 0);
	struct sip_msg m = {.request = true, .method = "INVITE", .cseq_method = "INVITE", .cseq = 1};
	memset(m.call_id, '\\', 255);
	memset(m.from, '\\', 127);
	memset(m.to, '\\', 127);
	calls_msg(t, 100, CALLS_RX, &m, SIP_E_NONE);
	feed(t, 200, CALLS_RX, INVITE, "short", "1 INVITE", NULL, "10.0.0.2", 40000);
	ck_assert_uint_eq(calls_count(t), 2);
	static struct sink big;
	big.n = 0;
	ck_assert(calls_tsv(t, grab_big, &big));
	char *l1 = strchr(big.s, '\n') + 1, *l2 = strchr(l1, '\n');
	ck_assert_ptr_nonnull(l2);
	l2++;
	ck_assert_int_eq(columns(l1), 46);
	ck_assert_int_eq(columns(l2), 46);
	ck_assert(strncmp(l2, "2\tshort\t", 8) == 0);
	/* the first row: "1\t", then 255 escapes, a tab, 127, a tab, 127 */
	ck_assert(strncmp(l1, "1\t\\x5c\\x5c", 10) == 0);
	ck_assert_int_eq(strchr(l1, '\t') - l1, 1);
	const char *f = l1 + 2;
	ck_assert_int_eq(strchr(f, '\t') - f, 1020);
	f = strchr(f, '\t') + 1;
	ck_assert_int_eq(strchr(f, '\t') - f, 508);
	f = strchr(f, '\t') + 1;
	ck_assert_int_eq(strchr(f, '\t') - f, 508);
	/* three lines in all, the last one ending the output */
	ck_assert_ptr_eq(strchr(l2, '\n') + 1, big.s + big.n);
	calls_destroy(t);
}
END_TEST

/* Bad messages: malformed SIP changes nothing; SDP without media and an
 * unknown codec are counted on their call, which still goes on. */
START_TEST(t_bad)
{
	struct calls *t = mk(1, 0);
	ck_assert_int_eq(calls_sip(t, 10, CALLS_RX, (const uint8_t *)"\x01\x02garbage", 9),
	                 SIP_E_MALFORMED);
	ck_assert_uint_eq(calls_count(t), 0);
	snprintf(sdp, sizeof sdp,
	         "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
	         "m=video 30000 RTP/AVP 31\r\n");
	size_t n = sipmsg(b, sizeof b, INVITE, "d1", "1 INVITE", NULL, sdp);
	ck_assert_int_eq(calls_sip(t, 100, CALLS_RX, (const uint8_t *)b, n), SIP_E_NO_MEDIA);
	sipmsg_sdp(sdp, sizeof sdp, "IP4", "10.0.0.1", 20018, "96");
	n = sipmsg(b, sizeof b, OK, "d1", "1 INVITE", "b", sdp);
	ck_assert_int_eq(calls_sip(t, 200, CALLS_TX, (const uint8_t *)b, n), SIP_E_CODEC);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.err[SIP_E_MALFORMED], 1);
	ck_assert_uint_eq(cc.err[SIP_E_NO_MEDIA], 1);
	ck_assert_uint_eq(cc.err[SIP_E_CODEC], 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.sip_errors, 2);
	ck_assert_str_eq(ci.codec, "opus");
	/* local SDP known, remote not: the claim waits for the ACK */
	ck_assert_int_eq(nreq, 0);
	feed(t, 300, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "d1", "1 ACK", "b", NULL, 0);
	ck_assert_int_eq(nreq, 2);
	/* unknown codec: quality without a MOS */
	calls_claim_result(t, 1, 20018, true, true, 400);
	rtp_frame(t, 20018, CALLS_IN, CALLS_V_RT, 500, 500, 1, 0);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert(isnan(q.mos));
	calls_destroy(t);
}
END_TEST

/* A response whose status code libosip2 wraps to 200 (4294967496 =
 * 2^32 + 200) is malformed, not a 200 OK: counted sip-malformed, the call
 * stays unestablished and nothing is claimed; the real 200 then claims. */
START_TEST(t_bogus_status)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "c9", "1 INVITE", NULL, "10.0.0.2", 40000);
	ck_assert_int_eq(feed(t, 1000, CALLS_TX, "SIP/2.0 4294967496 Bogus", "c9", "1 INVITE", "b9",
	                      "10.0.0.1", 20000),
	                 SIP_E_MALFORMED);
	ck_assert_int_eq(nreq, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.t_200, UINT64_MAX);
	ck_assert_int_eq(ci.claim, CLAIM_NONE);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.err[SIP_E_MALFORMED], 1);
	ck_assert_int_eq(feed(t, 1100, CALLS_TX, OK, "c9", "1 INVITE", "b9", "10.0.0.1", 20000),
	                 SIP_E_NONE);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20000, true, 1);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.t_200, 1100);
	calls_destroy(t);
}
END_TEST

/* Summary over three calls with set-up times (INVITE to 200) 900, 500 and
 * 700 cycles = 900, 500, 700 ns: p99 by nearest rank is the 3rd smallest
 * (ceil(0.99 x 3) = 3), 900 ns = 900000 ps. Calls 1 and 2 get in-RTP at
 * RT with no delay (MOS 4.41 each, G.711); call 3 none. */
START_TEST(t_summary)
{
	struct calls *t = mk(1, 0);
	static const char *ids[3] = {"s1", "s2", "s3"};
	static const uint64_t setup[3] = {900, 500, 700};
	for (int i = 0; i < 3; i++) {
		uint64_t t0 = 10000u * (uint64_t)i;
		feed(t, t0, CALLS_RX, INVITE, ids[i], "1 INVITE", NULL, "10.0.0.2", 40000);
		feed(t, t0 + setup[i], CALLS_TX, OK, ids[i], "1 INVITE", "b", "10.0.0.1", 20020 + 2 * i);
		calls_claim_result(t, (uint32_t)i + 1, (uint16_t)(20020 + 2 * i), true, true, t0 + 1000);
		if (i < 2)
			rtp_frame(t, (uint16_t)(20020 + 2 * i), CALLS_IN, CALLS_V_RT, t0 + 2000,
			                t0 + 2000, 1, 0);
	}
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_uint_eq(s.count, 3);
	ck_assert_uint_eq(s.established, 3);
	ck_assert_uint_eq(s.with_setup, 3);
	ck_assert_uint_eq(s.setup_p99_ps, 900000);
	ck_assert_uint_eq(s.with_mos, 2);
	ck_assert(fabs(s.mos_min - 4.41) < 0.005 && fabs(s.mos_mean - 4.41) < 0.005);
	ck_assert(s.jitter_max_ms == 0);
	calls_destroy(t);
}
END_TEST

/* Same messages, same bytes. */
START_TEST(t_determinism)
{
	char first[8192];
	size_t n1 = 0;
	for (int k = 0; k < 2; k++) {
		struct calls *t = establish();
		calls_claim_result(t, 1, 20000, true, true, 1100);
		for (int i = 0; i < 50; i++)
			rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, 2000u + 20000u * (uint64_t)i,
			                2000u + 20000u * (uint64_t)i + (uint64_t)(i * 37 % 11) * 100,
			                (uint16_t)i, 160u * (uint32_t)i);
		out.n = 0;
		calls_tsv(t, grab, NULL);
		if (k == 0) {
			memcpy(first, out.s, out.n);
			n1 = out.n;
		} else {
			ck_assert_uint_eq(n1, out.n);
			ck_assert(memcmp(first, out.s, n1) == 0);
		}
		calls_destroy(t);
	}
}
END_TEST

/* Alice's INVITE at 100 (offer 10.0.0.2:40000), bob's 200 at `ok`
 * answering 10.0.0.1:lport. */
static void call_to_bob(struct calls *t, const char *cid, uint64_t ok, int lport)
{
	feed(t, 100, CALLS_RX, INVITE, cid, "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, ok, CALLS_TX, OK, cid, "1 INVITE", "b", "10.0.0.1", lport);
}

/* Which INVITE makes a call (calls.c's header, RFC 3261 12.2, 9.1):
 *   100 INVITE c1 CSeq 1                 -> call 1
 *   200 INVITE c1 CSeq 2, no To tag       -> call 1 still lives: no call
 *   300 CANCEL, 310 its 487               -> call 1 ends
 *   400 INVITE c1 CSeq 1 again            -> a retransmission: no call
 *   500 INVITE c1 CSeq 3 with a To tag    -> in the old dialog: no call
 *   600 INVITE c1 CSeq 4, no To tag       -> a new dialog: call 2 */
START_TEST(t_new_dialog)
{
	struct calls *t = mk(1, 0);
	static const struct { uint64_t at; const char *cseq, *tag; uint32_t calls; } c[] = {
		{100, "1 INVITE", NULL, 1}, {200, "2 INVITE", NULL, 1}, {400, "1 INVITE", NULL, 1},
		{500, "3 INVITE", "b1", 1}, {600, "4 INVITE", NULL, 2},
	};
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (c[i].at == 400) {
			feed(t, 300, CALLS_RX, "CANCEL sip:bob@10.0.0.1 SIP/2.0", "c1", "1 CANCEL", NULL, NULL, 0);
			feed(t, 310, CALLS_TX, "SIP/2.0 487 Request Terminated", "c1", "1 INVITE", "b1", NULL, 0);
		}
		feed(t, c[i].at, CALLS_RX, INVITE, "c1", c[i].cseq, c[i].tag, "10.0.0.2", 40000);
		ck_assert_msg(calls_count(t) == c[i].calls, "at %u: %u calls", (unsigned)c[i].at,
		              calls_count(t));
	}
	ck_assert_uint_eq(calls_find(t, "c1"), 2);
	calls_destroy(t);
}
END_TEST

/* After the 200: the ACK sent again keeps the first ACK's time; a CANCEL
 * has no effect on an INVITE already answered (RFC 3261 9.2): the call
 * goes on. A 300 Multiple Choices to an INVITE is final and no success
 * (RFC 3261 21.3): that call ends, error-300. */
START_TEST(t_after_ok)
{
	struct calls *t = establish();
	feed(t, 1005, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	feed(t, 1500, CALLS_RX, "ACK sip:bob@10.0.0.1 SIP/2.0", "c1", "1 ACK", "b1", NULL, 0);
	feed(t, 1600, CALLS_RX, "CANCEL sip:bob@10.0.0.1 SIP/2.0", "c1", "1 CANCEL", NULL, NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.t_ack, 1005);
	ck_assert_int_eq(ci.end, END_NONE);
	ck_assert_int_eq(nreq, 2);
	feed(t, 2000, CALLS_TX, INVITE, "r1", "1 INVITE", NULL, "10.0.0.1", 20040);
	feed(t, 2100, CALLS_RX, "SIP/2.0 300 Multiple Choices", "r1", "1 INVITE", "a", NULL, 0);
	calls_info(t, 2, &ci);
	ck_assert_int_eq(ci.end, END_ERROR);
	ck_assert_int_eq(ci.end_status, 300);
	ck_assert_int_eq(nreq, 2);
	calls_destroy(t);
}
END_TEST

/* An UPDATE (RFC 3311) from bob moving his media to 20030, answered 200:
 * relinquish 20000, 20001, claim 20030, 20031; one move. RT grants those;
 * another UPDATE to port 0 gives them back and claims nothing. */
START_TEST(t_update)
{
	struct calls *t = applied();
	move_media(t, "UPDATE sip:alice@10.0.0.2 SIP/2.0", "2 UPDATE", 20030);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.moves, 1);
	ck_assert_uint_eq(ci.t_200, 1000);    /* the INVITE's 200, not the UPDATE's */
	ck_assert_uint_eq(ci.t_claim, 1000);  /* the first claim's time */
	/* bob's media at port 0 (RFC 3264 8.2: the stream is disabled): his
	 * ports are given back, none is claimed */
	calls_claim_result(t, 1, 20030, true, true, 3100);
	calls_claim_result(t, 1, 20031, true, true, 3100);
	feed(t, 4000, CALLS_TX, "UPDATE sip:alice@10.0.0.2 SIP/2.0", "c1", "3 UPDATE", "b1", "10.0.0.1", 0);
	feed(t, 4050, CALLS_RX, OK, "c1", "3 UPDATE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 8);
	want_req(6, 20030, false, 1);
	want_req(7, 20031, false, 1);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.claimed_port, 0);
	calls_destroy(t);
}
END_TEST

/* RTP port 65535: its RTCP port would be 65536, which no UDP port is
 * (RFC 768: 16 bits): only 65535 is claimed. */
START_TEST(t_last_port)
{
	struct calls *t = mk(1, 0);
	call_to_bob(t, "p1", 1000, 65535);
	ck_assert_int_eq(nreq, 1);
	want_req(0, 65535, true, 1);
	calls_destroy(t);
}
END_TEST

/* Times in ps at 3 GHz: a set-up of 1000 cycles is 10^15 / (3 x 10^9)
 * = 333333.3 ps, 333333 rounded down. */
START_TEST(t_ps_3ghz)
{
	struct calls_cfg cfg = {.cpu_hz = 3000000000ull};
	struct calls *t = calls_create(&cfg);
	ck_assert_ptr_nonnull(t);
	call_to_bob(t, "g1", 1100, 20000);
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_msg(s.with_setup == 1 && s.setup_p99_ps == 333333, "%u set-ups, p99 %llu ps",
	              s.with_setup, (unsigned long long)s.setup_p99_ps);
	calls_destroy(t);
}
END_TEST

/* Activity never moves a call's timeout earlier: the 200 at 5000, then an
 * RTP frame that left RT at 3000 (reported late): the call times out at
 * 5000 + 10000 = 15000. A tick at 4000, before the last activity, ends
 * nothing. Then an INVITE stamped 1000 (a capture's own-tx frame, say):
 * the next timeout is its 11000, whatever order the calls came in. */
START_TEST(t_timeout_order)
{
	struct calls *t = mk(1, 10000);
	call_to_bob(t, "o1", 5000, 20000);
	rtp_frame(t, 20000, CALLS_OUT, CALLS_V_RT, 2990, 3000, 1, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 15000);
	ck_assert_uint_eq(calls_tick(t, 4000), 0);
	feed(t, 1000, CALLS_TX, INVITE, "o2", "1 INVITE", NULL, "10.0.0.1", 20060);
	ck_assert_uint_eq(calls_next_timeout(t), 11000);
	ck_assert_uint_eq(calls_tick(t, 10999), 0);
	ck_assert_uint_eq(calls_tick(t, 11000), 1);
	ck_assert_uint_eq(calls_next_timeout(t), 15000);
	ck_assert_uint_eq(calls_tick(t, 14999), 0);
	ck_assert_uint_eq(calls_tick(t, 15000), 1);
	calls_destroy(t);
}
END_TEST

/* The RTP fixed header is 12 bytes (RFC 3550 5.1): 11 are not a packet.
 * Byte 1 is M (bit 7) and PT (7 bits): 0x88 is marker set, PT 8. */
START_TEST(t_rtp_header)
{
	uint8_t p[12] = {0x80, 0x88, 0x01, 0x02, 0, 0, 0x01, 0x40, 0, 0, 0, 7};
	struct calls_rtp r;
	ck_assert(!calls_rtp_parse(p, 11, &r));
	ck_assert(calls_rtp_parse(p, 12, &r));
	ck_assert(r.marker);
	ck_assert_uint_eq(r.pt, 8);
	ck_assert_uint_eq(r.seq, 0x0102);
	ck_assert_uint_eq(r.ts, 320);
	ck_assert_uint_eq(r.ssrc, 7);
	/* V (the top two bits of byte 0) is 2 (RFC 3550 5.1): 0, 1, 3 are no RTP */
	static const uint8_t v[3] = {0x00, 0x40, 0xc0};
	for (int i = 0; i < 3; i++) {
		p[0] = v[i];
		ck_assert_msg(!calls_rtp_parse(p, 12, &r), "version %d", v[i] >> 6);
	}
	/* RTCP on the RTP port (RFC 5761 4): byte 1 is its packet type, 200 SR
	 * ... 204 APP, the range 192-223 kept clear of RTP's M + PT: no RTP;
	 * 191 (M, PT 63) and 224 (M, PT 96) are */
	p[0] = 0x80;
	static const struct { uint8_t b1; bool rtp; } k[] = {
		{191, true}, {192, false}, {200, false}, {201, false}, {202, false}, {223, false},
		{224, true},
	};
	for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++) {
		p[1] = k[i].b1;
		ck_assert_msg(calls_rtp_parse(p, 12, &r) == k[i].rtp, "second byte %u", k[i].b1);
		ck_assert_msg(r.rtcp == !k[i].rtp, "second byte %u: rtcp %d", k[i].b1, r.rtcp);
	}
	/* an RR with no report block is 8 bytes (RFC 3550 6.4.2: header and
	 * SSRC): RTCP; 7 bytes, or version 1, is neither */
	p[1] = 201;
	ck_assert(!calls_rtp_parse(p, 8, &r));
	ck_assert(r.rtcp);
	ck_assert(!calls_rtp_parse(p, 7, &r));
	ck_assert(!r.rtcp);
	p[0] = 0x40;
	ck_assert(!calls_rtp_parse(p, 12, &r));
	ck_assert(!r.rtcp);
}
END_TEST

/* RTCP keeps a call alive (RFC 3264 5.1: it flows on an inactive stream;
 * before review n52 an inactive call with a=rtcp-mux timed out with its
 * RRs coming, its BYE then ignored). Timeout 10000 cycles:
 *   100 INVITE in; 1000 200 out (local 20006)     -> last activity 1000
 *   9000 RTCP on 20006 (rtcp-mux)                 -> times out at 19000
 *   15000 RTCP on 20007 (RTP + 1)                 -> at 25000
 *   RTCP on 20008, 20005: no call's port          -> 0, nothing moves
 *   24000 BYE in                                  -> ends as bye at 24000
 * no frame is counted in any column, no stream made. */
START_TEST(t_timeout_rtcp)
{
	struct calls *t = mk(1, 10000);
	feed(t, 100, CALLS_RX, INVITE, "c4", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 1000, CALLS_TX, OK, "c4", "1 INVITE", "b4", "10.0.0.1", 20006);
	ck_assert_uint_eq(calls_next_timeout(t), 11000);
	ck_assert_uint_eq(calls_rtcp_frame(t, 20006, 9000), 1);
	ck_assert_uint_eq(calls_next_timeout(t), 19000);
	ck_assert_uint_eq(calls_rtcp_frame(t, 20007, 15000), 1);
	ck_assert_uint_eq(calls_rtcp_frame(t, 20008, 16000), 0);
	ck_assert_uint_eq(calls_rtcp_frame(t, 20005, 16000), 0);
	ck_assert_uint_eq(calls_next_timeout(t), 25000);
	ck_assert_uint_eq(calls_tick(t, 24999), 0);
	feed(t, 24000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c4", "2 BYE", "b4", NULL, 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.end, END_BYE);
	ck_assert_uint_eq(ci.t_end, 24000);
	for (int d = 0; d < 2; d++)
		for (int v = 0; v < 3; v++)
			ck_assert_uint_eq(ci.frames[d][v], 0);
	struct calls_quality q;
	ck_assert(!calls_quality(t, 1, CALLS_IN, &q));
	calls_destroy(t);
}
END_TEST

/* A duplicate makes RFC 3550's cumulative loss negative (A.3: expected
 * 3, seq 1..3, received 4): no packet is lost, so Ppl is 0 and, with no
 * delay, MOS is G.711's 4.41 as in t_life. */
START_TEST(t_duplicate_no_loss)
{
	struct calls *t = establish();
	calls_claim_result(t, 1, 20000, true, true, 1100);
	static const uint16_t seq[4] = {1, 2, 2, 3};
	for (int i = 0; i < 4; i++)
		rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(20 * (seq[i] + (i == 2))),
		          MS(20 * (seq[i] + (i == 2))), seq[i], 160u * seq[i]);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.expected, 3);
	ck_assert_uint_eq(q.received, 4);
	ck_assert_int_eq(q.lost, -1);
	ck_assert(q.ppl == 0);
	ck_assert_msg(fabs(q.mos - 4.41) < 0.005, "MOS %.4f", q.mos);
	calls_destroy(t);
}
END_TEST

/* 100 calls, more than the first hash table's 64 slots: each found by
 * its Call-ID, in order. */
START_TEST(t_many_calls)
{
	struct calls *t = mk(1, 0);
	char id[16];
	for (int i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "m%d", i);
		feed(t, 100u * (uint64_t)i, CALLS_RX, INVITE, id, "1 INVITE", NULL, "10.0.0.2", 40000);
	}
	ck_assert_uint_eq(calls_count(t), 100);
	for (int i = 0; i < 100; i++) {
		snprintf(id, sizeof id, "m%d", i);
		ck_assert_uint_eq(calls_find(t, id), (uint32_t)i + 1);
	}
	ck_assert_uint_eq(calls_find(t, "none"), 0);
	calls_destroy(t);
}
END_TEST

/* The claim waits for the call to be established (calls.c's header: a
 * 2xx to its INVITE): a 200 to an UPDATE in the early dialog (RFC 3311
 * 5.1) claims nothing; the INVITE's 200 then does. */
START_TEST(t_early_update)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "u1", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 150, CALLS_TX, "SIP/2.0 183 Session Progress", "u1", "1 INVITE", "b", "10.0.0.1", 20050);
	feed(t, 200, CALLS_RX, "UPDATE sip:bob@10.0.0.1 SIP/2.0", "u1", "2 UPDATE", "b", "10.0.0.2", 40000);
	feed(t, 250, CALLS_TX, OK, "u1", "2 UPDATE", "b", "10.0.0.1", 20050);
	ck_assert_int_eq(nreq, 0);
	feed(t, 900, CALLS_TX, OK, "u1", "1 INVITE", "b", "10.0.0.1", 20050);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 20050, true, 1);
	calls_destroy(t);
}
END_TEST

/* Early media is media in from the far end that GP handled before RT
 * applied the claim (calls.h): with the claim asked, not applied, an RTP
 * frame out sent by GP and one in by RT are not; one in to GP is. A frame
 * dropped after the NIC is counted as such, on its call. */
START_TEST(t_early_and_drop)
{
	struct calls *t = establish();
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_OUT, CALLS_V_GP, 1010, 1020, 1, 0), 1);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, 1030, 1040, 1, 0), 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.early_media_gp, 0);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 1050, 1060, 2, 160), 1);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_DROP, 1070, 1080, 3, 320), 1);
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.early_media_gp, 1);
	ck_assert_uint_eq(ci.frames[CALLS_IN][CALLS_V_DROP], 1);
	calls_destroy(t);
}
END_TEST

/* Late packets are lost to the listener: Ppl counts them (G.107 7.2).
 * PCMU at 8 kHz, playout 40 ms; seq 1-4, ts 0, 160, 320, 480 arriving at
 * 20, 40, 110, 110 ms, no delay through the gateway: packet 3's transit
 * is 50 ms past the first's (110 - 40 - 20), more than the buffer, so
 * late; packet 4's 30 ms is not. Lost 0, late 1 of 4 expected: Ppl 25%.
 * Ie_eff = (95 - 0) x 25 / (25 + Bpl 25.1 for G.711 with PLC, G.113
 * I.3) = 47.405; R = 93.2 - 47.405 = 45.795; MOS = 1 + 0.035 R +
 * R (R - 60)(100 - R) 7e-6 = 2.356 (G.107 B.4). */
/* calls.tsv into out; its first row, after the header. */
static const char *first_row(const struct calls *t)
{
	out.n = 0;
	ck_assert(calls_tsv(t, grab, NULL));
	return strchr(out.s, '\n') + 1;
}

/* t_late_is_loss's four packets on port, direction dir. */
static void one_late(struct calls *t, uint16_t port, enum calls_media_dir dir)
{
	static const uint32_t at_ms[4] = {20, 40, 110, 110};
	for (int i = 0; i < 4; i++)
		rtp_frame(t, port, dir, CALLS_V_RT, MS(at_ms[i]), MS(at_ms[i]), (uint16_t)(i + 1),
		          160u * (uint32_t)i);
}

START_TEST(t_late_is_loss)
{
	struct calls *t = applied();
	one_late(t, 20000, CALLS_IN);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.expected, 4);
	ck_assert_int_eq(q.lost, 0);
	ck_assert_uint_eq(q.late, 1);
	ck_assert_msg(fabs(q.ppl - 25) < 1e-9, "Ppl %.6f", q.ppl);
	ck_assert_msg(fabs(q.mos - 2.356) < 0.01, "MOS %.4f", q.mos);
	calls_destroy(t);
}
END_TEST

/* The summary over three calls, INVITEs at 100, 200s at 900, 100, 700:
 * set-ups 800, 0 (same cycle: still a set-up) and 600 ns; p99 by nearest
 * rank the 3rd of 3, 800 ns. MOS: call 1 in 4.41, out 2.356
 * (t_late_is_loss's packets): its MOS is the worse, 2.356; calls 2, 3 in
 * 4.41. Sorted 2.356, 4.41, 4.41: min and p5 (rank ceil(0.15) = 1) 2.356,
 * mean 3.725. Billing: hang-ups at 5000, records out at 5000, 7000, 6000:
 * 0, 2000, 1000 ns; p99 and max 2000 ns; call 1's row says 0 ns. */
START_TEST(t_summary_ranks)
{
	struct calls *t = mk(1, 0);
	static const uint64_t ok[3] = {900, 100, 700}, sent[3] = {5000, 7000, 6000};
	char id[8];
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof id, "r%d", i);
		call_to_bob(t, id, ok[i], 20000 + 2 * i);
		rtp_frame(t, (uint16_t)(20000 + 2 * i), CALLS_IN, CALLS_V_RT, 2000, 2000, 1, 0);
		calls_billing(t, (uint32_t)i + 1, 5000, sent[i]);
	}
	one_late(t, 20000, CALLS_OUT);
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_uint_eq(s.with_setup, 3);
	ck_assert_uint_eq(s.setup_p99_ps, 800000);
	ck_assert_uint_eq(s.with_mos, 3);
	ck_assert_msg(fabs(s.mos_min - 2.356) < 0.01 && fabs(s.mos_p5 - 2.356) < 0.01,
	              "min %.4f p5 %.4f", s.mos_min, s.mos_p5);
	ck_assert_msg(fabs(s.mos_mean - (2.356 + 2 * 4.41) / 3) < 0.01, "mean %.4f", s.mos_mean);
	ck_assert_uint_eq(s.with_billing, 3);
	ck_assert_uint_eq(s.billing_p99_ps, 2000000);
	ck_assert_uint_eq(s.billing_max_ps, 2000000);
	const char *row1 = first_row(t);
	ck_assert_msg(strncmp(strchr(row1, '\n') - 7, "\t5000\t0", 7) == 0, "%s", row1);
	calls_destroy(t);
}
END_TEST

/* calls.tsv escapes what would break a row or a terminal (outputs.md):
 * bytes below 0x20 and DEL (0x7f) as \xHH; a blank stays. */
START_TEST(t_tsv_escapes)
{
	struct calls *t = mk(1, 0);
	struct sip_msg m = {.request = true, .method = "INVITE", .call_id = "a\x1f\x7f b",
	                    .cseq = 1, .cseq_method = "INVITE"};
	m.media.codec_pt = -1;
	calls_msg(t, 100, CALLS_RX, &m, SIP_E_NONE);
	ck_assert_uint_eq(calls_count(t), 1);
	out.n = 0;
	ck_assert(calls_tsv(t, grab, NULL));
	ck_assert_msg(strstr(out.s, "\n1\ta\\x1f\\x7f b\t") != NULL, "%s", out.s);
	calls_destroy(t);
}
END_TEST

/* The RTP clock of a stream: its payload type's static one (RFC 3551 6:
 * PCMU 8000 Hz) even when the SDP's codec (opus, 48000 Hz) is another;
 * 8000 Hz for a dynamic type when no SDP named a codec (bob's lists only
 * telephone-event, the INVITE had none); the SDP codec's for a dynamic
 * type the SDP did not name (opus's 48000 Hz for type 97; calls.h: the
 * static type's, else the SDP's clock). Each way packets 20 ms apart
 * with timestamps 160 (at 48000 Hz 960) apart arrive on time: jitter 0
 * (RFC 3550 A.8: D = 0; at 8000 Hz the 960 would be 120 ms a packet). */
START_TEST(t_stream_clock)
{
	static const struct { const char *fmts; uint8_t pt; uint32_t step; } c[3] = {
		{"96", 0, 160}, {"101", 96, 160}, {"96", 97, 960},
	};
	for (int k = 0; k < 3; k++) {
		struct calls *t = mk(1, 0);
		feed(t, 100, CALLS_RX, INVITE, "k1", "1 INVITE", NULL, NULL, 0);   /* no offer */
		sipmsg_sdp(sdp, sizeof sdp, "IP4", "10.0.0.1", 20000, c[k].fmts);
		size_t n = sipmsg(b, sizeof b, OK, "k1", "1 INVITE", "b", sdp);
		ck_assert_int_eq(calls_sip(t, 1000, CALLS_TX, (const uint8_t *)b, n), SIP_E_CODEC);
		for (uint32_t i = 0; i < 5; i++) {
			struct calls_rtp r = {.pt = c[k].pt, .seq = (uint16_t)i, .ts = c[k].step * i,
			                      .ssrc = 9};
			calls_rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(20 * i), MS(20 * i), &r);
		}
		struct calls_quality q;
		ck_assert(calls_quality(t, 1, CALLS_IN, &q));
		ck_assert_msg(q.jitter_max_ms == 0, "%d: jitter %.3f ms", k, q.jitter_max_ms);
		calls_destroy(t);
	}
}
END_TEST

/* The E-model's delay is the mean one-way delay plus calls.delay_budget
 * (doc/outputs.md, in_mos: T = Ta = mean + budget): a packet 50 ms
 * through the gateway with a 100 ms budget gives the R and MOS of one
 * 150 ms through with none, and less than one 50 ms through with none. */
START_TEST(t_delay_budget)
{
	const double budget[3] = {100, 0, 0};
	const uint64_t delay[3] = {MS(50), MS(150), MS(50)};
	double r[3], mos[3];
	for (int k = 0; k < 3; k++) {
		struct calls_cfg cfg = {.cpu_hz = HZ, .playout_ps = 40000000000ull,
		                        .delay_budget_ms = budget[k]};
		struct calls *t = calls_create(&cfg);
		call_to_bob(t, "b1", 1000, 20000);
		rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(1000), MS(1000) + delay[k], 1, 0);
		struct calls_quality q;
		ck_assert(calls_quality(t, 1, CALLS_IN, &q));
		r[k] = q.r;
		mos[k] = q.mos;
		calls_destroy(t);
	}
	ck_assert_msg(fabs(r[0] - r[1]) < 1e-9 && fabs(mos[0] - mos[1]) < 1e-9, "R %.4f, %.4f", r[0], r[1]);
	ck_assert_msg(r[0] < r[2], "R %.4f with the budget, %.4f without", r[0], r[2]);
}
END_TEST

/* G.729 (type 18): Ie 11 (G.113 I.1, G.729A), no loss, no delay: R =
 * 93.2 - 11 = 82.2, MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 = 4.10
 * (G.107 B.4). */
START_TEST(t_g729_mos)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_RX, INVITE, "z1", "1 INVITE", NULL, NULL, 0);
	sipmsg_sdp(sdp, sizeof sdp, "IP4", "10.0.0.1", 20000, "18");
	size_t n = sipmsg(b, sizeof b, OK, "z1", "1 INVITE", "b", sdp);
	ck_assert_int_eq(calls_sip(t, 1000, CALLS_TX, (const uint8_t *)b, n), SIP_E_NONE);
	struct calls_rtp r = {.pt = 18, .seq = 1, .ts = 0, .ssrc = 3};
	calls_rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(20), MS(20), &r);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_msg(fabs(q.mos - 4.10) < 0.01, "MOS %.4f", q.mos);
	calls_destroy(t);
}
END_TEST

/* An RTP port of 65534 has its RTCP port, 65535, after it (RFC 3550 11:
 * RTCP on the next higher port): both claimed and, granted, both given
 * back at the BYE. By hand: requests 0-1 claim 65534, 65535; 2-3
 * relinquish 65534, 65535. */
START_TEST(t_port_65534)
{
	struct calls *t = mk(1, 0);
	call_to_bob(t, "p2", 1000, 65534);
	ck_assert_int_eq(nreq, 2);
	want_req(0, 65534, true, 1);
	want_req(1, 65535, true, 1);
	calls_claim_result(t, 1, 65534, true, true, 1100);
	calls_claim_result(t, 1, 65535, true, true, 1100);
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "p2", "2 BYE", "b", NULL, 0);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 65534, false, 1);
	want_req(3, 65535, false, 1);
	calls_destroy(t);
}
END_TEST

/* An SDP port of 0 names no port (RFC 3264 6: the stream is rejected):
 * bob's INVITE out offering 10.0.0.1 port 0 maps no port to the call, so
 * an RTP frame to UDP port 0 counts on no call. */
START_TEST(t_port_zero)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_TX, "INVITE sip:alice@10.0.0.2 SIP/2.0", "z0", "1 INVITE", NULL,
	     "10.0.0.1", 0);
	ck_assert_uint_eq(calls_count(t), 1);
	ck_assert_uint_eq(rtp_frame(t, 0, CALLS_IN, CALLS_V_GP, 200, 200, 1, 0), 0);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_uint_eq(ci.frames[CALLS_IN][CALLS_V_GP], 0);
	calls_destroy(t);
}
END_TEST

/* RT's answers after moves, in channel 3's order (FIFO: each answer in
 * the order of the requests), by hand from release()'s rules: a claim
 * still unanswered when the call leaves its port is relinquished once RT
 * grants it, and not before; the claim state goes to released when the
 * relinquish of the claimed RTP port is answered, and to refused when the
 * claimed RTP port's deferred claim is refused. */
START_TEST(t_answers_after_moves)
{
	/* (a) a relinquish answered is no grant: applied() (20000, 20001),
	 * moved to 20010 (requests 2-5: give back 20000, 20001, claim 20010,
	 * 20011), back to 20000 before any answer (6-7: claim 20000, 20001;
	 * 20010, 20011 wait), then to 20020 (8-9: claim 20020, 20021; the
	 * second 20000, 20001 wait). RT answers 2-3 (relinquishes): nothing
	 * to ask; 4-5 granted: give back 20010, 20011 (10-11); 6-7 granted:
	 * give back 20000, 20001 (12-13); 8-9 granted: applied. */
	struct calls *t = applied();
	move_media(t, INVITE, "2 INVITE", 20010);
	feed(t, 3100, CALLS_TX, INVITE, "c1", "3 INVITE", "b1", "10.0.0.1", 20000);
	feed(t, 3150, CALLS_RX, OK, "c1", "3 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 8);
	want_req(6, 20000, true, 1);
	want_req(7, 20001, true, 1);
	feed(t, 3200, CALLS_TX, INVITE, "c1", "4 INVITE", "b1", "10.0.0.1", 20020);
	feed(t, 3250, CALLS_RX, OK, "c1", "4 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 10);
	want_req(8, 20020, true, 1);
	want_req(9, 20021, true, 1);
	calls_claim_result(t, 1, 20000, false, true, 3300);
	calls_claim_result(t, 1, 20001, false, true, 3300);
	ck_assert_int_eq(nreq, 10);
	calls_claim_result(t, 1, 20010, true, true, 3300);
	calls_claim_result(t, 1, 20011, true, true, 3300);
	ck_assert_int_eq(nreq, 12);
	want_req(10, 20010, false, 1);
	want_req(11, 20011, false, 1);
	calls_claim_result(t, 1, 20000, true, true, 3300);
	calls_claim_result(t, 1, 20001, true, true, 3300);
	ck_assert_int_eq(nreq, 14);
	want_req(12, 20000, false, 1);
	want_req(13, 20001, false, 1);
	calls_claim_result(t, 1, 20020, true, true, 3400);
	calls_claim_result(t, 1, 20021, true, true, 3400);
	ck_assert_int_eq(nreq, 14);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_APPLIED);
	ck_assert_uint_eq(ci.moves, 3);
	calls_destroy(t);

	/* (b) a refused RTCP claim is not the RTP claim refused: establish()
	 * (0-1: claim 20000, 20001), moved to 20001 before any answer (2-3:
	 * claim 20001, 20002), BYE at 5000: nothing asked, releasing. RT
	 * grants 20000 (4: give it back), refuses the first 20001 (the RTCP
	 * port: a GP application had it bound, and closed it since), grants
	 * the second 20001 and 20002 (5-6: give them back); still releasing.
	 * The relinquish of 20001, the RTP port, answered: released. */
	t = establish();
	feed(t, 3000, CALLS_TX, INVITE, "c1", "2 INVITE", "b1", "10.0.0.1", 20001);
	feed(t, 3050, CALLS_RX, OK, "c1", "2 INVITE", "b1", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 4);
	want_req(2, 20001, true, 1);
	want_req(3, 20002, true, 1);
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "3 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 4);
	calls_claim_result(t, 1, 20000, true, true, 5100);
	ck_assert_int_eq(nreq, 5);
	want_req(4, 20000, false, 1);
	calls_claim_result(t, 1, 20001, true, false, 5100);
	ck_assert_int_eq(nreq, 5);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASING);
	calls_claim_result(t, 1, 20001, true, true, 5100);
	calls_claim_result(t, 1, 20002, true, true, 5100);
	ck_assert_int_eq(nreq, 7);
	want_req(5, 20001, false, 1);
	want_req(6, 20002, false, 1);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASING);
	calls_claim_result(t, 1, 20000, false, true, 5200);
	calls_claim_result(t, 1, 20001, false, true, 5200);
	calls_claim_result(t, 1, 20002, false, true, 5200);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASED);
	calls_destroy(t);

	/* (c) the RTCP port's relinquish answered is not the RTP port's:
	 * applied() (20000, 20001), moved to 19999 (2-5: give back 20000,
	 * 20001, claim 19999, 20000), BYE at 5000: nothing asked (both
	 * unanswered), releasing. RT answers the relinquish of 20000, now the
	 * call's RTCP port: still releasing; of 20001: no port of the call;
	 * refuses 19999: refused, nothing to give back; grants 20000: give it
	 * back (6); refused at the end. */
	t = applied();
	move_media(t, INVITE, "2 INVITE", 19999);
	feed(t, 5000, CALLS_RX, "BYE sip:bob@10.0.0.1 SIP/2.0", "c1", "3 BYE", "b1", NULL, 0);
	ck_assert_int_eq(nreq, 6);
	calls_claim_result(t, 1, 20000, false, true, 5100);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_RELEASING);
	calls_claim_result(t, 1, 20001, false, true, 5100);
	calls_claim_result(t, 1, 19999, true, false, 5100);
	ck_assert_int_eq(nreq, 6);
	calls_claim_result(t, 1, 20000, true, true, 5100);
	ck_assert_int_eq(nreq, 7);
	want_req(6, 20000, false, 1);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	calls_destroy(t);
}
END_TEST

/* Timeout 10000. Two INVITEs at 100: both due at 10100; bob's 180 for
 * the first at 101 moves its timeout 1 later, to 10101. The next timeout
 * is the second call's 10100; after it ends, the first's 10101. Then
 * bob's 200 for the first at 10050 and an RTP frame from 10000 to 10300:
 * a frame is activity until its end, so the call times out at 10300 +
 * 10000 = 20300, not 20050. */
START_TEST(t_timeout_edges)
{
	struct calls *t = mk(1, 10000);
	feed(t, 100, CALLS_RX, INVITE, "a1", "1 INVITE", NULL, "10.0.0.2", 40000);
	feed(t, 100, CALLS_RX, INVITE, "a2", "1 INVITE", NULL, "10.0.0.2", 40002);
	feed(t, 101, CALLS_TX, "SIP/2.0 180 Ringing", "a1", "1 INVITE", "b", NULL, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 10100);
	ck_assert_uint_eq(calls_tick(t, 10100), 1);
	struct calls_info ci;
	calls_info(t, 2, &ci);
	ck_assert_int_eq(ci.end, END_TIMEOUT);
	ck_assert_uint_eq(calls_next_timeout(t), 10101);
	feed(t, 10050, CALLS_TX, OK, "a1", "1 INVITE", "b", "10.0.0.1", 20000);
	rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 10000, 10300, 1, 0);
	ck_assert_uint_eq(calls_next_timeout(t), 20300);
	ck_assert_uint_eq(calls_tick(t, 20299), 0);
	ck_assert_uint_eq(calls_tick(t, 20300), 1);
	calls_destroy(t);
}
END_TEST

/* early_media_gp counts RTP in to GP before the claim was applied
 * (doc/outputs.md), whatever the reason: before any claim was asked (bob
 * calls alice, his INVITE offers 10.0.0.1:20000; a frame in to GP at
 * 300, the claim none) and after RT refused it (alice's 200 at 1000,
 * refused at 1100, a frame in to GP at 1200): 2. */
START_TEST(t_early_unclaimed)
{
	struct calls *t = mk(1, 0);
	feed(t, 100, CALLS_TX, "INVITE sip:alice@10.0.0.2 SIP/2.0", "e1", "1 INVITE", NULL,
	     "10.0.0.1", 20000);
	ck_assert_uint_eq(rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 300, 300, 1, 0), 1);
	struct calls_info ci;
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_NONE);
	ck_assert_uint_eq(ci.early_media_gp, 1);
	feed(t, 1000, CALLS_RX, OK, "e1", "1 INVITE", "a", "10.0.0.2", 40000);
	ck_assert_int_eq(nreq, 2);
	calls_claim_result(t, 1, 20000, true, false, 1100);
	calls_claim_result(t, 1, 20001, true, false, 1100);
	rtp_frame(t, 20000, CALLS_IN, CALLS_V_GP, 1200, 1200, 2, 160);
	calls_info(t, 1, &ci);
	ck_assert_int_eq(ci.claim, CLAIM_REFUSED);
	ck_assert_uint_eq(ci.early_media_gp, 2);
	struct calls_counts cc;
	calls_counts(t, &cc);
	ck_assert_uint_eq(cc.early_media_gp, 2);
	calls_destroy(t);
}
END_TEST

/* Ppl, doc/outputs.md's (max(lost, 0) + late) / expected, is G.107's
 * packet-loss probability: at most 100% (as rtpq_stats' own). One packet
 * (seq 1 at 20 ms) and two late copies of it (200 and 300 ms, 180 and 280
 * ms past the first's transit, beyond the 40 ms buffer): 1 expected, lost
 * 1 - 3 = -2 (none), 2 late: 2 bad of 1 expected, Ppl 100, not 200. */
START_TEST(t_ppl_at_most_all)
{
	struct calls *t = applied();
	static const uint32_t at_ms[3] = {20, 200, 300};
	for (int i = 0; i < 3; i++)
		rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, MS(at_ms[i]), MS(at_ms[i]), 1, 0);
	struct calls_quality q;
	ck_assert(calls_quality(t, 1, CALLS_IN, &q));
	ck_assert_uint_eq(q.expected, 1);
	ck_assert_int_eq(q.lost, -2);
	ck_assert_uint_eq(q.late, 2);
	ck_assert_msg(q.ppl == 100, "Ppl %.6f", q.ppl);
	calls_destroy(t);
}
END_TEST

/* The last field of row `row` (1-based) of t's calls.tsv. */
static const char *last_field(const struct calls *t, int row, char *f, size_t n)
{
	out.n = 0;
	ck_assert(calls_tsv(t, grab, NULL));
	const char *s = out.s;
	for (int i = 0; i < row; i++)
		s = strchr(s, '\n') + 1;
	const char *e = strchr(s, '\n'), *tab = e;
	while (tab > s && tab[-1] != '\t')
		tab--;
	snprintf(f, n, "%.*s", (int)(e - tab), tab);
	return f;
}

/* Ten generated calls, hung up at 5000, their billing records out 1000 x
 * k cycles later (k = 1..10): billing_delay_ns 1000 k (1 GHz). p99 by
 * nearest rank: the ceil(9.9) = 10th of 10, 10000 ns; max 10000 ns. */
START_TEST(t_billing_delay)
{
	struct calls *t = mk(1, 0);
	char id[8], f[32];
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof id, "g%d", i);
		call_to_bob(t, id, 1000, 20000 + 2 * i);
		calls_billing(t, (uint32_t)i + 1, 5000, 5000 + 1000 * (uint64_t)(i + 1));
	}
	for (int i = 0; i < 10; i++) {
		char want[16];
		snprintf(want, sizeof want, "%d", 1000 * (i + 1));
		ck_assert_str_eq(last_field(t, i + 1, f, sizeof f), want);
	}
	struct calls_summary s;
	calls_summarise(t, &s);
	ck_assert_msg(s.with_billing == 10 && s.billing_p99_ps == 10000000 &&
	              s.billing_max_ps == 10000000, "%u records, p99 %llu ps, max %llu ps",
	              s.with_billing, (unsigned long long)s.billing_p99_ps,
	              (unsigned long long)s.billing_max_ps);
	calls_destroy(t);
}
END_TEST

static Suite *calls_suite(void)
{
	Suite *s = suite_create("calls");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_life);
	tcase_add_test(tc, t_streams);
	tcase_add_test(tc, t_reinvite);
	tcase_add_test(tc, t_reinvite_refused_local);
	tcase_add_test(tc, t_reinvite_refused_remote);
	tcase_add_test(tc, t_declined_first_audio);
	tcase_add_test(tc, t_dialogs);
	tcase_add_test(tc, t_dialog_gone);
	tcase_add_test(tc, t_dialog_local);
	tcase_add_test(tc, t_dialog_reinvite);
	tcase_add_test(tc, t_dialogs_dropped);
	tcase_add_test(tc, t_multipart_uncut);
	tcase_add_test(tc, t_cancel);
	tcase_add_test(tc, t_cancel_crosses_200);
	tcase_add_test(tc, t_busy);
	tcase_add_test(tc, t_timeout);
	tcase_add_test(tc, t_timeout_next_of_many);
	tcase_add_test(tc, t_unknown);
	tcase_add_test(tc, t_own_tx);
	tcase_add_test(tc, t_late_offer);
	tcase_add_test(tc, t_refused);
	tcase_add_test(tc, t_refused_both);
	tcase_add_test(tc, t_refused_rtcp);
	tcase_add_test(tc, t_rtcp_lost_first);
	tcase_add_test(tc, t_release_pending);
	tcase_add_test(tc, t_move_twice_pending);
	tcase_add_test(tc, t_tsv_long);
	tcase_add_test(tc, t_long_call_id);
	tcase_add_test(tc, t_ctlmsg_numbers);
	tcase_add_test(tc, t_bad);
	tcase_add_test(tc, t_bogus_status);
	tcase_add_test(tc, t_summary);
	tcase_add_test(tc, t_determinism);
	tcase_add_test(tc, t_new_dialog);
	tcase_add_test(tc, t_after_ok);
	tcase_add_test(tc, t_update);
	tcase_add_test(tc, t_last_port);
	tcase_add_test(tc, t_ps_3ghz);
	tcase_add_test(tc, t_timeout_order);
	tcase_add_test(tc, t_rtp_header);
	tcase_add_test(tc, t_timeout_rtcp);
	tcase_add_test(tc, t_duplicate_no_loss);
	tcase_add_test(tc, t_many_calls);
	tcase_add_test(tc, t_early_update);
	tcase_add_test(tc, t_early_and_drop);
	tcase_add_test(tc, t_late_is_loss);
	tcase_add_test(tc, t_summary_ranks);
	tcase_add_test(tc, t_tsv_escapes);
	tcase_add_test(tc, t_stream_clock);
	tcase_add_test(tc, t_delay_budget);
	tcase_add_test(tc, t_g729_mos);
	tcase_add_test(tc, t_port_65534);
	tcase_add_test(tc, t_port_zero);
	tcase_add_test(tc, t_answers_after_moves);
	tcase_add_test(tc, t_timeout_edges);
	tcase_add_test(tc, t_early_unclaimed);
	tcase_add_test(tc, t_ppl_at_most_all);
	tcase_add_test(tc, t_billing_delay);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(calls_suite());
}
