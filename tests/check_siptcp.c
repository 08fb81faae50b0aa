/* check_siptcp.c - SIP over TCP streams cut into messages (src/siptcp.c).
 * Models: GP's SIP engine over TCP (Figs. 9-10, claims 16-18; issue 12
 * item 1). Each case builds segments with frame_build_tcp and counts the
 * messages siptcp hands on, by hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/siptcp.h"

#include "checkrun.h"

static const uint8_t MAC_A[6] = {2, 0, 0, 0, 0, 1}, MAC_B[6] = {2, 0, 0, 0, 0, 2};
static const uint8_t IP_A[16] = {10, 0, 0, 1}, IP_B[16] = {10, 0, 0, 2};

static char got[8][512];
static size_t glen[8];    /* each one's length as handed on (a NUL in it aside) */
static size_t ngot;

static void on_msg(void *ctx, const uint8_t *m, size_t len)
{
	(void)ctx;
	ck_assert_uint_lt(ngot, 8);
	ck_assert_uint_lt(len, sizeof got[0]);
	memcpy(got[ngot], m, len);
	glen[ngot] = len;
	got[ngot++][len] = 0;
}

/* Many connections: messages counted, the last one kept. */
static uint64_t nmsg;

static void on_count(void *ctx, const uint8_t *m, size_t len)
{
	(void)ctx;
	ngot = 0;
	on_msg(NULL, m, len);
	nmsg++;
}

/* A table, nothing received yet. */
static struct siptcp *fresh(void)
{
	ngot = 0;
	nmsg = 0;
	struct siptcp *s = siptcp_create();
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The table's counts now. */
static struct siptcp_stats stats_of(const struct siptcp *s)
{
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	return st;
}

/* One segment B:port -> A:5060 (fwd) or back, seq, flags, data, to fn. */
static bool seg_to(struct siptcp *s, bool fwd, uint16_t port, uint32_t seq, uint8_t flags,
                   const char *data, size_t len, siptcp_msg_fn *fn)
{
	static uint8_t f[70000];
	size_t n = frame_build_tcp(f, sizeof f, fwd ? MAC_A : MAC_B, fwd ? MAC_B : MAC_A, false,
	                           fwd ? IP_B : IP_A, fwd ? IP_A : IP_B, fwd ? port : 5060,
	                           fwd ? 5060 : port, seq, 0, flags, (const uint8_t *)data, len, 1);
	ck_assert_uint_gt(n, 0);
	struct frame_info fi;
	frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	return siptcp_segment(s, f, (uint32_t)n, &fi, fn, NULL);
}

/* One segment B:50000 -> A:5060 (fwd) or back, seq, flags, data. */
static bool seg(struct siptcp *s, bool fwd, uint32_t seq, uint8_t flags, const char *data, size_t len)
{
	return seg_to(s, fwd, 50000, seq, flags, data, len, on_msg);
}

/* No byte lost or skipped: no gap, overflow, unframed or skipped data. */
static void nothing_lost(const struct siptcp *s)
{
	struct siptcp_stats st = stats_of(s);
	ck_assert_uint_eq(st.gap + st.overflow + st.unframed + st.skipped, 0);
}

#define PA (FRAME_TCP_PSH | FRAME_TCP_ACK)

/* A segment B:50000 -> A:5060 at seq, PSH+ACK, data, built into f so that
 * a test can alter its headers before patched() hands it over; its
 * length, checked: 14 + 20 + 20 + len. */
static size_t build_fwd(uint8_t *f, size_t cap, uint32_t seq, const char *data, size_t len)
{
	size_t n = frame_build_tcp(f, cap, MAC_A, MAC_B, false, IP_B, IP_A, 50000, 5060, seq, 0, PA,
	                           (const uint8_t *)data, len, 1);
	ck_assert_uint_eq(n, 14 + 20 + 20 + len);
	return n;
}

/* f as altered, parsed (its TCP header still whole) and handed to s. */
static bool patched(struct siptcp *s, const uint8_t *f, size_t n)
{
	struct frame_info fi;
	frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_int_eq(fi.l4_status, FRAME_OK);
	return siptcp_segment(s, f, (uint32_t)n, &fi, on_msg, NULL);
}

static const char M1[] = "OPTIONS sip:a@10.0.0.1 SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 4\r\n\r\nabcd";
static const char M2[] = "SIP/2.0 200 OK\r\nCall-ID: 2\r\nContent-Length: 0\r\n\r\n";
#define L1 (sizeof M1 - 1)
#define L2 (sizeof M2 - 1)

/* SYN at 100: the stream starts at 101. M1 in two segments (20 bytes, then
 * the rest): one message, at the second. Then M2 + M1 in one segment: two.
 * The other direction is a stream of its own. */
START_TEST(t_split_and_join)
{
	struct siptcp *s = siptcp_create();
	ngot = 0;
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN, NULL, 0));
	ck_assert(seg(s, true, 101, PA, M1, 20));
	ck_assert_uint_eq(ngot, 0);
	ck_assert(seg(s, true, 121, PA, M1 + 20, L1 - 20));
	ck_assert_uint_eq(ngot, 1);
	ck_assert_str_eq(got[0], M1);
	char two[512];
	memcpy(two, M2, L2);
	memcpy(two + L2, M1, L1);
	ck_assert(seg(s, true, (uint32_t)(101 + L1), PA, two, L1 + L2));
	ck_assert_uint_eq(ngot, 3);
	ck_assert_str_eq(got[1], M2);
	ck_assert_str_eq(got[2], M1);
	/* the reverse direction, first seen mid-connection, starting a message */
	ck_assert(seg(s, false, 7000, PA, M2, L2));
	ck_assert_uint_eq(ngot, 4);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.segments, 5);
	ck_assert_uint_eq(st.messages, 4);
	ck_assert_uint_eq(st.gap + st.dup + st.overflow + st.unframed + st.skipped, 0);
	siptcp_destroy(s);
}
END_TEST

/* A retransmission is skipped; a gap (the first half of M1 lost) is
 * counted, the second half skipped (it starts no message), and the stream
 * resynchronises on the next segment that starts one. */
START_TEST(t_gap_and_dup)
{
	struct siptcp *s = siptcp_create();
	ngot = 0;
	ck_assert(seg(s, true, 1000, PA, M2, L2));
	ck_assert(seg(s, true, 1000, PA, M2, L2));                /* again */
	ck_assert_uint_eq(ngot, 1);
	uint32_t n = (uint32_t)(1000 + L2);
	ck_assert(seg(s, true, n + 20, PA, M1 + 20, L1 - 20));   /* 20 bytes missing */
	ck_assert_uint_eq(ngot, 1);
	ck_assert(seg(s, true, (uint32_t)(n + L1), PA, M2, L2));  /* a new message */
	ck_assert_uint_eq(ngot, 2);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.dup, 1);
	ck_assert_uint_eq(st.gap, 1);
	ck_assert_uint_eq(st.skipped, 1);
	/* a segment that overlaps what was taken: only its new bytes count,
	 * and the stream goes on after them: M1's bytes 0..30, 10..60, then
	 * from 60 on, with no gap or duplicate more */
	n = (uint32_t)(n + L1 + L2);
	ck_assert(seg(s, true, n, PA, M1, 30));
	ck_assert(seg(s, true, n + 10, PA, M1 + 10, 50));
	ck_assert(seg(s, true, n + 60, PA, M1 + 60, L1 - 60));
	ck_assert_uint_eq(ngot, 3);
	ck_assert_str_eq(got[2], M1);
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.dup + st.gap, 2);
	siptcp_destroy(s);
}
END_TEST

/* More than SIPTCP_BUF bytes without a message end: counted and dropped;
 * bytes without a Content-Length: unframed; FIN ends the stream. */
START_TEST(t_bounds)
{
	struct siptcp *s = siptcp_create();
	ngot = 0;
	static char big[SIPTCP_BUF];
	memset(big, 'x', sizeof big);
	memcpy(big, "INFO sip:a SIP/2.0\r\n", 20);
	uint32_t q = 5;
	ck_assert(seg(s, true, q, PA, big, 40000));
	q += 40000;
	ck_assert(seg(s, true, q, PA, big + 20, 40000));         /* 80000 > 65536 */
	q += 40000;
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.overflow, 1);
	ck_assert_uint_eq(ngot, 0);
	static const char nolen[] = "INFO sip:a SIP/2.0\r\nCall-ID: 3\r\n\r\n";
	ck_assert(seg(s, true, q, PA, nolen, sizeof nolen - 1));
	q += (uint32_t)(sizeof nolen - 1);
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.unframed, 1);
	ck_assert(seg(s, true, q, PA, M1, 40));                  /* a whole start line */
	ck_assert(seg(s, true, q + 40, FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0));
	ck_assert(seg(s, true, q + 40, PA, M1 + 40, L1 - 40));   /* after FIN: no start */
	ck_assert_uint_eq(ngot, 0);
	/* not TCP: refused */
	uint8_t u[200];
	size_t n = frame_build_udp(u, sizeof u, MAC_A, MAC_B, false, IP_B, IP_A, 5060, 5060,
	                           (const uint8_t *)M2, L2, 1);
	struct frame_info fi;
	frame_parse(u, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert(!siptcp_segment(s, u, (uint32_t)n, &fi, on_msg, NULL));
	siptcp_destroy(s);
}
END_TEST

/* FIN and RST give a stream's slot up: SIPTCP_STREAMS + 4 connections one
 * after another (SYN, M2, then FIN or RST by turns), each from a port of
 * its own, never more than one open: every one's M2 is delivered (4100
 * messages, the last the 4100th connection's), none is refused room. */
START_TEST(t_slots_freed)
{
	struct siptcp *s = fresh();
	const uint32_t conns = SIPTCP_STREAMS + 4;
	for (uint32_t i = 0; i < conns; i++) {
		uint16_t port = (uint16_t)(10000 + i);
		ck_assert(seg_to(s, true, port, 100, FRAME_TCP_SYN, NULL, 0, on_count));
		ck_assert(seg_to(s, true, port, 101, PA, M2, L2, on_count));
		uint8_t end = i % 2 ? FRAME_TCP_RST : FRAME_TCP_FIN | FRAME_TCP_ACK;
		ck_assert(seg_to(s, true, port, (uint32_t)(101 + L2), end, NULL, 0, on_count));
	}
	ck_assert_uint_eq(nmsg, 4100);
	ck_assert_uint_eq(ngot, 1);
	ck_assert_str_eq(got[0], M2);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.segments, 3 * 4100);
	ck_assert_uint_eq(st.messages, 4100);
	ck_assert_uint_eq(st.no_room, 0);
	siptcp_destroy(s);
}
END_TEST

/* The forward port of the i-th of t_close_among_open's connections:
 * 1000 + 8192 (i % 8) + i / 8. The eight of each i / 8 share a home slot
 * in siptcp's table (8192 slots, the low 13 bits of its FNV-1a hash: the
 * low 13 bits of an xor or a product depend only on those of its
 * operands, the ports are xored in whole, and these agree in their low 13
 * bits), so they lie in one probe run, the even ones first. */
static uint16_t port_of(uint32_t i)
{
	return (uint16_t)(1000 + 8192 * (i % 8) + i / 8);
}

/* Closing streams among many open ones keeps the others found (their
 * probe runs shifted, not cut) and gives back exactly their slots.
 * 3000 connections each hold M1's first 20 bytes; the 1500 even ones end
 * with FIN; the 1500 odd ones then get the rest of M1: 1500 messages,
 * nothing skipped (a stream its lookup lost would start anew, waiting,
 * and skip M1's tail). 1500 open: 4096 - 1500 = 2596 SYNs of the other
 * direction (ports 40000..42595) fill the table, one more (45000) is
 * refused room (no_room 1; the 1500 closed ones gave their places up
 * first); each odd one, found where that moved it, takes an M2 (3000
 * messages, no more refused); an RST of an odd one closes it, and
 * 45000's SYN then gets its place and its M2 is delivered (3001). */
START_TEST(t_close_among_open)
{
	struct siptcp *s = fresh();
	for (uint32_t i = 0; i < 3000; i++) {
		ck_assert(seg_to(s, true, port_of(i), 100, FRAME_TCP_SYN, NULL, 0, on_count));
		ck_assert(seg_to(s, true, port_of(i), 101, PA, M1, 20, on_count));
	}
	for (uint32_t i = 0; i < 3000; i += 2)
		ck_assert(seg_to(s, true, port_of(i), 121, FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0,
		                 on_count));
	for (uint32_t i = 1; i < 3000; i += 2)
		ck_assert(seg_to(s, true, port_of(i), 121, PA, M1 + 20, L1 - 20, on_count));
	ck_assert_uint_eq(nmsg, 1500);
	ck_assert_str_eq(got[0], M1);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.gap + st.dup + st.overflow + st.unframed + st.skipped + st.no_room, 0);
	for (uint16_t j = 0; j < 2596; j++)
		ck_assert(seg_to(s, false, 40000 + j, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.no_room, 0);
	ck_assert(seg_to(s, false, 45000, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.no_room, 1);
	/* the odd ones, where the closed ones' removal moved them, still
	 * found: an M2 each (a lost one would want a new stream: no room) */
	for (uint32_t i = 1; i < 3000; i += 2)
		ck_assert(seg_to(s, true, port_of(i), (uint32_t)(101 + L1), PA, M2, L2, on_count));
	ck_assert_uint_eq(nmsg, 3000);
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.no_room, 1);
	ck_assert(seg_to(s, true, port_of(1), (uint32_t)(101 + L1 + L2), FRAME_TCP_RST, NULL, 0,
	                 on_count));
	ck_assert(seg_to(s, false, 45000, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, false, 45000, 8, PA, M2, L2, on_count));
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.no_room, 1);
	ck_assert_uint_eq(nmsg, 3001);
	ck_assert_str_eq(got[0], M2);
	siptcp_destroy(s);
}
END_TEST

/* A connection closed the usual way (RFC 793 3.5: FIN, the peer's ACK and
 * FIN, the last ACK) leaves no stream open: the last ACK comes after its
 * direction's FIN, and holds nothing to keep. SIPTCP_STREAMS + 4
 * connections one after another, each with a handshake, one M2 each way
 * and that close: 2 x 4100 messages, none refused room. */
START_TEST(t_closed_connections)
{
	struct siptcp *s = fresh();
	const uint32_t conns = SIPTCP_STREAMS + 4;
	const uint8_t A = FRAME_TCP_ACK, FA = FRAME_TCP_FIN | FRAME_TCP_ACK;
	for (uint32_t i = 0; i < conns; i++) {
		uint16_t port = (uint16_t)(10000 + i);
		uint32_t c = 100, v = 9000;          /* the client's, the server's next byte */
		ck_assert(seg_to(s, true, port, c++, FRAME_TCP_SYN, NULL, 0, on_count));
		ck_assert(seg_to(s, false, port, v++, FRAME_TCP_SYN | A, NULL, 0, on_count));
		ck_assert(seg_to(s, true, port, c, A, NULL, 0, on_count));
		ck_assert(seg_to(s, true, port, c, PA, M2, L2, on_count));
		c += (uint32_t)L2;
		ck_assert(seg_to(s, false, port, v, PA, M2, L2, on_count));
		v += (uint32_t)L2;
		ck_assert(seg_to(s, true, port, c++, FA, NULL, 0, on_count));
		ck_assert(seg_to(s, false, port, v++, FA, NULL, 0, on_count));
		ck_assert(seg_to(s, true, port, c, A, NULL, 0, on_count));   /* the last ACK */
	}
	ck_assert_uint_eq(nmsg, 2 * conns);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.segments, 8 * conns);
	ck_assert_uint_eq(st.messages, 2 * conns);
	ck_assert_uint_eq(st.no_room, 0);
	siptcp_destroy(s);
}
END_TEST

/* A FIN or RST that ends a stream holding part of a message loses that
 * message: counted. M1's first 40 bytes then FIN; M1's first 40 bytes
 * then RST; M2 whole then a keep-alive CRLF CRLF then FIN (no message
 * held: not counted); M2 whole and FIN in one segment (not counted). */
START_TEST(t_cut_at_close)
{
	struct siptcp *s = fresh();
	const uint8_t FA = FRAME_TCP_FIN | FRAME_TCP_ACK;
	ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 1, 101, PA, M1, 40, on_count));
	ck_assert(seg_to(s, true, 1, 141, FA, NULL, 0, on_count));
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.cut, 1);
	ck_assert(seg_to(s, true, 2, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 2, 101, PA, M1, 40, on_count));
	ck_assert(seg_to(s, true, 2, 141, FRAME_TCP_RST, NULL, 0, on_count));
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.cut, 2);
	ck_assert(seg_to(s, true, 3, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 3, 101, PA, M2, L2, on_count));
	ck_assert(seg_to(s, true, 3, (uint32_t)(101 + L2), PA, "\r\n\r\n", 4, on_count));
	ck_assert(seg_to(s, true, 3, (uint32_t)(105 + L2), FA, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 4, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 4, 101, PA | FRAME_TCP_FIN, M2, L2, on_count));
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.cut, 2);
	ck_assert_uint_eq(nmsg, 2);
	ck_assert_uint_eq(st.messages, 2);
	siptcp_destroy(s);
}
END_TEST

/* Messages counted, their bytes not kept (longer than got's). */
static void on_tally(void *ctx, const uint8_t *m, size_t len)
{
	(void)ctx;
	(void)m;
	(void)len;
	nmsg++;
}

/* The 64 KiB bound is on bytes held not yet cut into messages, not on a
 * segment: a capture's segment (GRO, TSO) holds up to 65495 bytes, many
 * whole messages. A 1559-byte MESSAGE (headers 59 bytes, a 1500-byte
 * body) whose first 1000 bytes are held, then a 65000-byte segment with
 * its last 559 bytes and 1315 whole M2s (49 bytes each: 559 + 64435 =
 * 64994, then 6 bytes of a next M2): 1316 messages, nothing dropped; the
 * 6 bytes wait for the rest. */
START_TEST(t_big_segment)
{
	struct siptcp *s = fresh();
	static const char head[] = "MESSAGE sip:a SIP/2.0\r\nCall-ID: 5\r\nContent-Length: 1500\r\n\r\n";
	const size_t lh = sizeof head - 1, la = lh + 1500;
	ck_assert_uint_eq(la, 1559);
	ck_assert_uint_eq(L2, 49);
	static char a[2000], big[65000];
	memcpy(a, head, lh);
	memset(a + lh, 'b', 1500);
	size_t n = la - 1000;
	memcpy(big, a + 1000, n);
	while (n + L2 <= sizeof big) {
		memcpy(big + n, M2, L2);
		n += L2;
	}
	memcpy(big + n, M2, sizeof big - n);
	ck_assert_uint_eq(n, 64994);
	ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_tally));
	ck_assert(seg_to(s, true, 1, 101, PA, a, 1000, on_tally));
	ck_assert(seg_to(s, true, 1, 1101, PA, big, sizeof big, on_tally));
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.overflow, 0);
	ck_assert_uint_eq(nmsg, 1316);
	ck_assert_uint_eq(st.messages, 1316);
	ck_assert(seg_to(s, true, 1, 66101, PA, M2 + 6, L2 - 6, on_tally));
	ck_assert_uint_eq(nmsg, 1317);
	siptcp_destroy(s);
}
END_TEST

/* A retransmission after the stream's FIN (its ACK lost, say) is of bytes
 * already taken: skipped and counted, as before the FIN (tshark's SIP
 * statistics count the message once). M2 and FIN in one segment, the
 * same segment again, then the FIN alone again: one message, one
 * duplicate. The 4-tuple's next connection (its SYN) is a new stream:
 * its M2 is delivered; so is a message past the FIN without a SYN seen. */
START_TEST(t_retransmit_after_fin)
{
	struct siptcp *s = fresh();
	const uint8_t PAF = PA | FRAME_TCP_FIN;
	ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 1, 101, PAF, M2, L2, on_count));
	ck_assert(seg_to(s, true, 1, 101, PAF, M2, L2, on_count));
	ck_assert(seg_to(s, true, 1, (uint32_t)(101 + L2), FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0,
	                 on_count));
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(nmsg, 1);
	ck_assert_uint_eq(st.messages, 1);
	ck_assert_uint_eq(st.dup, 1);
	ck_assert(seg_to(s, true, 1, 5000, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 1, 5001, PAF, M2, L2, on_count));
	ck_assert_uint_eq(nmsg, 2);
	ck_assert(seg_to(s, true, 1, 9000, PA, M1, L1, on_count));
	ck_assert_uint_eq(nmsg, 3);
	ck_assert_str_eq(got[0], M1);
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.dup, 1);
	ck_assert_uint_eq(st.gap + st.skipped + st.no_room + st.cut, 0);
	siptcp_destroy(s);
}
END_TEST

/* One segment B:50000 -> A:5060 with data, its capture `cut` bytes short. */
static bool seg_cut(struct siptcp *s, uint32_t seq, const char *data, size_t len, size_t cut)
{
	static uint8_t f[600];
	size_t n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, false, IP_B, IP_A, 50000, 5060, seq, 0,
	                           PA, (const uint8_t *)data, len, 1);
	ck_assert_uint_gt(n, cut);
	struct frame_info fi;
	frame_parse(f, (uint32_t)(n - cut), (uint32_t)n, &fi);
	return siptcp_segment(s, f, (uint32_t)(n - cut), &fi, on_msg, NULL);
}

/* A retransmission the capture cut (its data past the snapshot length)
 * holds nothing new when all its bytes were taken before: a duplicate,
 * not a gap. M1's first 40 bytes, those 40 again captured to 20 of them,
 * then M1's rest: M1 whole, dup 1, no gap. */
START_TEST(t_cut_retransmission)
{
	struct siptcp *s = fresh();
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN, NULL, 0));
	ck_assert(seg(s, true, 101, PA, M1, 40));
	ck_assert(seg_cut(s, 101, M1, 40, 20));
	ck_assert(seg(s, true, 141, PA, M1 + 40, L1 - 40));
	ck_assert_uint_eq(ngot, 1);
	ck_assert_str_eq(got[0], M1);
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(st.dup, 1);
	ck_assert_uint_eq(st.gap + st.skipped, 0);
	siptcp_destroy(s);
}
END_TEST

/* Keep-alive CRLFs (RFC 5626 4.4.1: CRLFCRLF pings) between messages are
 * no message's bytes: a long-lived connection's pings do not fill the
 * stream. M2, then 20000 pings (80000 bytes, more than SIPTCP_BUF), then
 * M2: two messages, no overflow. */
START_TEST(t_keepalives)
{
	struct siptcp *s = fresh();
	uint32_t q = 101;
	ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 1, q, PA, M2, L2, on_count));
	q += (uint32_t)L2;
	for (int i = 0; i < 20000; i++, q += 4)
		ck_assert(seg_to(s, true, 1, q, PA, "\r\n\r\n", 4, on_count));
	ck_assert(seg_to(s, true, 1, q, PA, M2, L2, on_count));
	struct siptcp_stats st;
	siptcp_stats(s, &st);
	ck_assert_uint_eq(nmsg, 2);
	ck_assert_uint_eq(st.overflow + st.gap + st.skipped, 0);
	siptcp_destroy(s);
}
END_TEST

/* Neither a bare ACK nor an RST opens a stream (RFC 793 3.5: the last ACK
 * of a close, a reset of a connection never seen hold nothing to keep).
 * SIPTCP_STREAMS ACKs and as many RSTs, each 4-tuple seen once, then a
 * SYN and M2 of another: the table is empty, so the SYN has room
 * (no_room 0) and M2 is delivered. Were they kept, the 4096 ACKs alone
 * would fill it. */
START_TEST(t_ack_rst_open_none)
{
	struct siptcp *s = fresh();
	for (uint32_t i = 0; i < SIPTCP_STREAMS; i++) {
		ck_assert(seg_to(s, true, (uint16_t)(10000 + i), 7, FRAME_TCP_ACK, NULL, 0, on_count));
		ck_assert(seg_to(s, false, (uint16_t)(10000 + i), 9, FRAME_TCP_RST, NULL, 0, on_count));
	}
	ck_assert(seg_to(s, true, 60000, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, 60000, 101, PA, M2, L2, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert_uint_eq(nmsg, 1);
	ck_assert_uint_eq(stats_of(s).segments, 2 * SIPTCP_STREAMS + 2);
	/* an RST with data (RFC 1122 4.2.2.12) opens none either: a later
	 * segment of its 4-tuple, before the RST's bytes, starts a stream */
	ck_assert(seg_to(s, true, 60002, 9000, FRAME_TCP_RST, "abcde", 5, on_count));
	ck_assert(seg_to(s, true, 60002, 8000, PA, M2, L2, on_count));
	ck_assert_uint_eq(nmsg, 2);
	ck_assert_uint_eq(stats_of(s).dup, 0);
	siptcp_destroy(s);
}
END_TEST

/* The home slot in siptcp's table (8192 slots) of the forward stream
 * src:port -> A:5060 (home_of: from B): FNV-1a (32 bits: offset basis 2166136261, prime
 * 16777619) over B's and A's 4 address bytes, then each port xored in
 * whole, as siptcp keys its streams; its low 13 bits. */
static uint32_t home_at(const uint8_t *src, const uint8_t *dst, int na, uint16_t port)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < na; i++)
		h = (h ^ src[i]) * 16777619u;
	for (int i = 0; i < na; i++)
		h = (h ^ dst[i]) * 16777619u;
	h = (h ^ port) * 16777619u;
	h = (h ^ 5060u) * 16777619u;
	return h & (2 * SIPTCP_STREAMS - 1);
}

static uint32_t home_from(const uint8_t *src, uint16_t port)
{
	return home_at(src, IP_A, 4, port);
}

static uint32_t home_of(uint16_t port)
{
	return home_from(IP_B, port);
}

/* The first port from `from` on whose stream's home slot is `slot`. */
static uint16_t port_home(uint16_t from, uint32_t slot)
{
	for (uint32_t p = from; p < 65536; p++)
		if (home_of((uint16_t)p) == slot)
			return (uint16_t)p;
	ck_abort_msg("no port with home slot %u", slot);
	return 0;
}

/* A closed stream in the table's last slot gives its place up, and the
 * probe run goes on at slot 0 (the table wraps): the stream there, in
 * its own home slot 0, must stay (moved into the last slot, its lookup
 * from slot 0 would miss it). Z (home 0) then X (home 8191) open, X
 * closes (FIN); 4094 others open fill the table; a new SYN takes X's
 * place (no_room 0); Z is still found: its M2 is delivered. */
START_TEST(t_close_at_wrap)
{
	struct siptcp *s = fresh();
	uint16_t pz = port_home(1, 0), px = port_home(1, 2 * SIPTCP_STREAMS - 1);
	ck_assert(seg_to(s, true, pz, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, px, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, px, 101, FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0, on_count));
	uint16_t p = 0;
	for (uint32_t n = 0; n < SIPTCP_STREAMS - 2; n++) {
		do
			p++;
		while (p == pz || p == px);
		ck_assert(seg_to(s, false, p, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	}
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert(seg_to(s, false, 65000, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert(seg_to(s, true, pz, 101, PA, M2, L2, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert_uint_eq(nmsg, 1);
	siptcp_destroy(s);
}
END_TEST

/* Which first segment of a stream seen mid-connection (no SYN) starts a
 * SIP message (RFC 3261 7.1, 7.2, 25.1): after CRLFs (7.5), a Status-Line
 * "SIP/2.0 3DIGIT SP Reason-Phrase" (the phrase may be empty; codes to
 * 6xx) or a Request-Line "Method SP Request-URI SP SIP/2.0". Each from a
 * port of its own, framed by Content-Length: 0. Started (delivered): CRLF
 * CRLF then M2; "SIP/2.0 200 " (empty phrase); "SIP/2.0 603 Decline".
 * Not (skipped): a four-digit code; a line starting with a blank (no
 * Method); a version not after a blank; 700 and 099; an empty
 * Request-URI. A message is handed on from its
 * start line, without the CRLFs before it (siptcp.h). */
START_TEST(t_start_lines)
{
	static const struct { const char *line; bool starts; } c[] = {
		{"\r\n\r\nSIP/2.0 200 OK", true}, {"SIP/2.0 200 ", true},
		{"SIP/2.0 603 Decline", true}, {"SIP/2.0 2000 OK", false},
		{" sip:bob@10.0.0.1 SIP/2.0", false}, {"INVITE sip:bob@10.0.0.1SIP/2.0", false},
		/* a class past 6xx or before 1xx (RFC 3261 7.2: 1xx to 6xx); no
		 * Request-URI between the blanks (25.1: Method SP Request-URI SP) */
		{"SIP/2.0 700 X", false}, {"SIP/2.0 099 X", false}, {"BYE  SIP/2.0", false},
	};
	struct siptcp *s = fresh();
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
		char m[200];
		int n = snprintf(m, sizeof m, "%s\r\nCall-ID: %u\r\nContent-Length: 0\r\n\r\n", c[i].line, i);
		uint64_t before = nmsg;
		ck_assert(seg_to(s, true, (uint16_t)(20000 + i), 7, PA, m, (size_t)n, on_count));
		ck_assert_msg(nmsg - before == (c[i].starts ? 1u : 0u), "%u: %s", i, c[i].line);
		if (c[i].starts) {  /* handed on from its start line: the CRLFs before are no part */
			ck_assert_uint_eq(glen[0], (size_t)n - strspn(m, "\r\n"));
			ck_assert_str_eq(got[0], m + strspn(m, "\r\n"));
		}
	}
	ck_assert_uint_eq(stats_of(s).messages, 3);
	ck_assert_uint_eq(stats_of(s).skipped, 6);
	siptcp_destroy(s);
}
END_TEST

/* The bound is 64 KiB held (doc/calls.md), exactly: a message of 65536
 * bytes (a 60-byte head, Content-Length 65476) in two segments, 1000
 * then 64536 bytes, is held whole and delivered; one of 65537 bytes
 * (the same head, Content-Length 65477) is not: overflow 1, nothing
 * delivered. */
START_TEST(t_bound_exact)
{
	static char msg[65537];
	for (unsigned extra = 0; extra < 2; extra++) {
		struct siptcp *s = fresh();
		unsigned body = 65476 + extra;
		int lh = snprintf(msg, sizeof msg, "MESSAGE sip:a SIP/2.0\r\nCall-ID: 5\r\nContent-Length: %u\r\n\r\n",
		                  body);
		ck_assert_int_eq(lh, 60);
		memset(msg + lh, 'b', body);
		size_t total = (size_t)lh + body;
		ck_assert_uint_eq(total, SIPTCP_BUF + extra);
		ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_tally));
		ck_assert(seg_to(s, true, 1, 101, PA, msg, 1000, on_tally));
		ck_assert(seg_to(s, true, 1, 1101, PA, msg + 1000, total - 1000, on_tally));
				ck_assert_uint_eq(stats_of(s).overflow, extra);
		ck_assert_uint_eq(nmsg, 1 - extra);
		siptcp_destroy(s);
	}
}
END_TEST

/* Bytes without a Content-Length cannot be framed: the stream drops what
 * it holds and the rest of the segment, and waits for a segment that
 * starts a SIP message (doc/calls.md). INFO's first 1000 bytes held (its
 * start line, Call-ID and a Subject header cut short); then a 65000-byte
 * segment: the CRLFs that end the Subject and INFO's headers (unframed),
 * 'x's up to byte 64536 (the room left, 65536 - 1000), then M2s. None of
 * those M2s is delivered (they are the rest of that segment); the next
 * segment's M2 is. */
START_TEST(t_unframed_rest)
{
	struct siptcp *s = fresh();
	static char info[1000], big[65000];
	static const char head[] = "INFO sip:a SIP/2.0\r\nCall-ID: 3\r\nSubject: ";
	memset(info, 'y', sizeof info);
	memcpy(info, head, sizeof head - 1);
	memset(big, 'x', sizeof big);
	memcpy(big, "\r\n\r\n", 4);
	for (size_t at = SIPTCP_BUF - sizeof info; at + L2 <= sizeof big; at += L2)
		memcpy(big + at, M2, L2);
	ck_assert(seg_to(s, true, 1, 100, FRAME_TCP_SYN, NULL, 0, on_tally));
	ck_assert(seg_to(s, true, 1, 101, PA, info, sizeof info, on_tally));
	ck_assert(seg_to(s, true, 1, 1101, PA, big, sizeof big, on_tally));
	ck_assert_uint_eq(stats_of(s).unframed, 1);
	ck_assert_uint_eq(nmsg, 0);
	ck_assert(seg_to(s, true, 1, 66101, PA, M2, L2, on_tally));
	ck_assert_uint_eq(nmsg, 1);
	struct siptcp_stats st = stats_of(s);
	ck_assert_uint_eq(st.unframed + st.overflow + st.gap, 1);
	siptcp_destroy(s);
}
END_TEST

/* SIP over TCP over IPv6: the IPv6 payload length counts what follows the
 * 40-byte fixed header (RFC 8200 3). SYN, then M2 in one segment: one
 * message, M2's 49 bytes exactly. */
START_TEST(t_ipv6)
{
	struct siptcp *s = fresh();
	static uint8_t f[600];
	uint32_t seq = 100;
	for (int i = 0; i < 2; i++) {
		size_t n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, true, IP_B, IP_A, 50000, 5060, seq, 0,
		                           i ? PA : FRAME_TCP_SYN, i ? (const uint8_t *)M2 : NULL,
		                           i ? L2 : 0, 1);
		ck_assert_uint_gt(n, 0);
		struct frame_info fi;
		frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
		ck_assert_int_eq(fi.ip_version, 6);
		ck_assert(siptcp_segment(s, f, (uint32_t)n, &fi, on_msg, NULL));
		seq++;
	}
	ck_assert_uint_eq(ngot, 1);
	ck_assert_uint_eq(glen[0], L2);
	ck_assert_str_eq(got[0], M2);
	siptcp_destroy(s);
}
END_TEST

/* SYN and FIN in one segment (RFC 793 3.3: each takes a sequence number):
 * the SYN 100, the FIN 101, so the stream closed expects 102. A segment
 * at 101 is before it: sent again (dup), not a new connection's start,
 * even if it starts a SIP message. */
START_TEST(t_syn_fin)
{
	struct siptcp *s = fresh();
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN | FRAME_TCP_FIN, NULL, 0));
	ck_assert(seg(s, true, 101, PA, M2, L2));
	ck_assert_uint_eq(ngot, 0);
	ck_assert_uint_eq(stats_of(s).dup, 1);
	siptcp_destroy(s);
}
END_TEST

/* A connection from `port`: SYN at 100, then M2 and FIN at 101 (its FIN
 * at 150). */
static void m2_then_fin(struct siptcp *s, uint16_t port)
{
	ck_assert(seg_to(s, true, port, 100, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert(seg_to(s, true, port, 101, PA | FRAME_TCP_FIN, M2, L2, on_count));
}

/* k streams more, open: SYNs A:5060 -> B:10000.. */
static void open_more(struct siptcp *s, uint32_t k)
{
	for (uint32_t i = 0; i < k; i++)
		ck_assert(seg_to(s, false, (uint16_t)(10000 + i), 7, FRAME_TCP_SYN, NULL, 0, on_count));
}

/* An RST after the FIN (a peer that resets a closed connection) closes
 * nothing more: the stream is counted closed once. X closed (FIN, then
 * RST), 4095 others open: the table is full, one place closed. A new SYN
 * takes X's place; the next has no room (no_room 1). */
START_TEST(t_rst_after_fin)
{
	struct siptcp *s = fresh();
	m2_then_fin(s, 1);
	ck_assert(seg_to(s, true, 1, (uint32_t)(102 + L2), FRAME_TCP_RST, NULL, 0, on_count));
	open_more(s, SIPTCP_STREAMS - 1);
	ck_assert(seg_to(s, true, 60000, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert(seg_to(s, true, 60001, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 1);
	ck_assert_uint_eq(nmsg, 1);
	siptcp_destroy(s);
}
END_TEST

/* Bytes missing before a segment, or cut by the capture, are a gap
 * (doc/calls.md): the stream waits for a segment that starts a message.
 * After SYN 100: M1's first 20 bytes at 101, then from its byte 21 at 122
 * (byte 20 missing): gap, and M1 lost; M2 after it starts a message:
 * delivered. Then M1 in full at next, but
 * captured 10 bytes short: gap; M2 after it: delivered. Then a stream
 * seen mid-connection whose first segment starts SIP but is captured
 * short: not taken (skipped), the whole M2 after it is. */
START_TEST(t_gaps)
{
	struct siptcp *s = fresh();
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN, NULL, 0));
	ck_assert(seg(s, true, 101, PA, M1, 20));
	ck_assert(seg(s, true, 122, PA, M1 + 21, L1 - 21));
	ck_assert_uint_eq(stats_of(s).gap, 1);
	uint32_t q = (uint32_t)(101 + L1);
	ck_assert(seg(s, true, q, PA, M2, L2));
	ck_assert_uint_eq(ngot, 1);
	q += (uint32_t)L2;
	ck_assert(seg_cut(s, q, M1, L1, 10));
	ck_assert_uint_eq(stats_of(s).gap, 2);
	q += (uint32_t)L1;
	ck_assert(seg(s, true, q, PA, M2, L2));
	ck_assert_uint_eq(ngot, 2);
	ck_assert_str_eq(got[1], M2);
	siptcp_destroy(s);

	s = fresh();
	ck_assert(seg_cut(s, 7000, M1, L1, 10));
	ck_assert(seg(s, true, (uint32_t)(7000 + L1), PA, M2, L2));
	ck_assert_uint_eq(ngot, 1);
	ck_assert_str_eq(got[0], M2);
	ck_assert_uint_eq(stats_of(s).skipped, 1);
	siptcp_destroy(s);
}
END_TEST

/* After a FIN the stream closed expects the byte after it: FIN at 150
 * (M2 at 101, 49 bytes) so 151. A segment at 150 is before it: a
 * duplicate. A segment starting at 151 (no SYN seen: the capture missed
 * it) is the 4-tuple's next connection: its M1 is delivered. That stream closes (FIN) and opens again
 * (SYN): one stream, open; with 4095 others the table is full and has
 * no closed place, so the next SYN has no room (no_room 1). */
START_TEST(t_after_fin_next)
{
	struct siptcp *s = fresh();
	m2_then_fin(s, 1);
	ck_assert(seg_to(s, true, 1, 150, PA, M1, L1, on_count));   /* the FIN's own: before */
	ck_assert_uint_eq(stats_of(s).dup, 1);
	ck_assert(seg_to(s, true, 1, 151, PA, M1, L1, on_count));
	ck_assert_uint_eq(nmsg, 2);
	ck_assert_str_eq(got[0], M1);
	ck_assert_uint_eq(stats_of(s).dup, 1);
	ck_assert(seg_to(s, true, 1, (uint32_t)(151 + L1), FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0,
	                 on_count));
	ck_assert(seg_to(s, true, 1, 5000, FRAME_TCP_SYN, NULL, 0, on_count));
	open_more(s, SIPTCP_STREAMS - 1);
	ck_assert_uint_eq(stats_of(s).no_room, 0);
	ck_assert(seg_to(s, true, 60000, 7, FRAME_TCP_SYN, NULL, 0, on_count));
	ck_assert_uint_eq(stats_of(s).no_room, 1);
	siptcp_destroy(s);
}
END_TEST

/* Streams are told apart by the whole 4-tuple: two clients with the same
 * port, at 10.0.0.2 and at a 10.0.x.y whose stream has the same home slot
 * (so that its lookup meets the other's), to A:5060, their segments
 * interleaved, each M1 in two parts: two messages, no gap. */
START_TEST(t_two_sources)
{
	uint8_t IP_C[16] = {10, 0};
	for (uint32_t x = 3; x < 65536; x++) {
		IP_C[2] = (uint8_t)(x >> 8);
		IP_C[3] = (uint8_t)x;
		if (home_from(IP_C, 50000) == home_of(50000))
			break;
	}
	ck_assert_uint_eq(home_from(IP_C, 50000), home_of(50000));
	struct siptcp *s = fresh();
	static const struct { uint32_t seq; uint8_t flags; size_t from, len; } part[] = {
		{100, FRAME_TCP_SYN, 0, 0}, {101, PA, 0, 20}, {121, PA, 20, L1 - 20},
	};
	for (unsigned i = 0; i < 3; i++)
		for (int c = 0; c < 2; c++) {
			static uint8_t f[600];
			uint32_t seq = part[i].seq + (c ? 5000u : 0u);
			size_t n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, false, c ? IP_C : IP_B, IP_A,
			                           50000, 5060, seq, 0, part[i].flags,
			                           (const uint8_t *)M1 + part[i].from, part[i].len, 1);
			struct frame_info fi;
			frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
			ck_assert(siptcp_segment(s, f, (uint32_t)n, &fi, on_msg, NULL));
		}
	ck_assert_uint_eq(ngot, 2);
	ck_assert_str_eq(got[1], M1);
	ck_assert_uint_eq(stats_of(s).gap, 0);
	siptcp_destroy(s);
}
END_TEST

/* Streams of the two IP versions are told apart too (home_at over the
 * 16 bytes of each address for IPv6): an IPv6 stream
 * a00:2::x:50000 -> a00:1::1:5060, whose addresses begin with the bytes
 * of 10.0.0.2 and 10.0.0.1, and x chosen so that its home slot is that of
 * the IPv4 stream 10.0.0.2:50000 -> 10.0.0.1:5060 (the IPv4 lookup meets
 * it); the IPv6 one opened first, their segments interleaved, each M1 in
 * two parts: two messages, no gap. */
START_TEST(t_two_versions)
{
	uint8_t S6[16] = {10, 0, 0, 2}, D6[16] = {10, 0, 0, 1};
	D6[15] = 1;
	for (uint32_t x = 1; x < 65536; x++) {
		S6[14] = (uint8_t)(x >> 8);
		S6[15] = (uint8_t)x;
		if (home_at(S6, D6, 16, 50000) == home_of(50000))
			break;
	}
	ck_assert_uint_eq(home_at(S6, D6, 16, 50000), home_of(50000));
	struct siptcp *s = fresh();
	static const struct { uint32_t seq; uint8_t flags; size_t from, len; } part[] = {
		{100, FRAME_TCP_SYN, 0, 0}, {101, PA, 0, 20}, {121, PA, 20, L1 - 20},
	};
	for (unsigned i = 0; i < 3; i++)
		for (int v4 = 0; v4 < 2; v4++) {
			static uint8_t f[600];
			uint32_t seq = part[i].seq + (v4 ? 5000u : 0u);
			size_t n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, !v4, v4 ? IP_B : S6, v4 ? IP_A : D6,
			                           50000, 5060, seq, 0, part[i].flags,
			                           (const uint8_t *)M1 + part[i].from, part[i].len, 1);
			ck_assert_uint_gt(n, 0);
			struct frame_info fi;
			frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
			ck_assert_int_eq(fi.ip_version, v4 ? 4 : 6);
			ck_assert(siptcp_segment(s, f, (uint32_t)n, &fi, on_msg, NULL));
		}
	ck_assert_uint_eq(ngot, 2);
	ck_assert_str_eq(got[0], M1);
	ck_assert_str_eq(got[1], M1);
	ck_assert_uint_eq(stats_of(s).gap, 0);
	siptcp_destroy(s);
}
END_TEST

/* A TCP header longer than its datagram (RFC 793 3.1: the data begin
 * Data Offset 32-bit words into the segment): data offset 15 (60 bytes)
 * in a datagram of a 20-byte TCP header and 4 bytes, "abcd", is an
 * invalid header to frame_parse (tshark: "Short segment"), and not a
 * segment to siptcp. After SYN 100 and M2 at 101, that segment at 150
 * takes nothing; M2 at 150 is then the next bytes: two messages, no gap,
 * no overflow, nothing skipped. */
START_TEST(t_header_past_datagram)
{
	struct siptcp *s = fresh();
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN, NULL, 0));
	ck_assert(seg(s, true, 101, PA, M2, L2));
	static uint8_t f[600];
	size_t n = build_fwd(f, sizeof f, 150, "abcd", 4);
	f[14 + 20 + 12] = 15 << 4;
	struct frame_info fi;
	frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_int_eq(fi.l4_status, FRAME_INVALID);
	ck_assert(!siptcp_segment(s, f, (uint32_t)n, &fi, on_msg, NULL));
	ck_assert(seg(s, true, 150, PA, M2, L2));
	ck_assert_uint_eq(ngot, 2);
	ck_assert_str_eq(got[1], M2);
	nothing_lost(s);
	siptcp_destroy(s);
}
END_TEST

/* A capture taken on a host that sends with TCP segmentation offload has
 * its outgoing segments' IPv4 total length 0 (Wireshark: "reported as 0,
 * presumed to be because of TCP segmentation offload"); model/frame.c
 * reads 0 as "up to the end of the frame". M2 in such a segment, after
 * SYN 100, at 101: the one message, no gap. (It was read as a datagram
 * ending at its IP header: no data, the message lost.) */
START_TEST(t_tso_total_length_zero)
{
	struct siptcp *s = fresh();
	ck_assert(seg(s, true, 100, FRAME_TCP_SYN, NULL, 0));
	static uint8_t f[600];
	size_t n = build_fwd(f, sizeof f, 101, M2, L2);
	f[14 + 2] = f[14 + 3] = 0;
	ck_assert(patched(s, f, n));
	ck_assert_uint_eq(ngot, 1);
	ck_assert_str_eq(got[0], M2);
	nothing_lost(s);
	siptcp_destroy(s);
}
END_TEST

/* An IPv6 jumbogram (RFC 2675): payload length 0, a hop-by-hop header whose
 * Jumbo Payload option gives the length of all after the fixed header. A
 * jumbo length is above 65535, so the segment holds 1337 copies of M2
 * (65513 bytes): 8 (hop-by-hop) + 20 (TCP) + 65513 = 65541. After SYN 100
 * over IPv6, the segment at 101: 1337 messages, none lost. (Its data were
 * read as ending at the IPv6 header's payload length, 0: no data.) */
START_TEST(t_ipv6_jumbogram)
{
	struct siptcp *s = fresh();
	enum { COPIES = 1337, DATA = COPIES * L2, HBH = 8 };
	ck_assert_uint_eq(DATA, 65513);
	static uint8_t f[14 + 40 + HBH + 20 + DATA], data[DATA];
	for (size_t i = 0; i < COPIES; i++)
		memcpy(data + i * L2, M2, L2);
	size_t n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, true, IP_B, IP_A, 50000, 5060, 100, 0,
	                           FRAME_TCP_SYN, NULL, 0, 1);
	struct frame_info fi;
	frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert(siptcp_segment(s, f, (uint32_t)n, &fi, on_count, NULL));
	n = frame_build_tcp(f, sizeof f, MAC_A, MAC_B, true, IP_B, IP_A, 50000, 5060, 101, 0, PA, data,
	                    DATA, 1);
	ck_assert_uint_eq(n, 14 + 40 + 20 + DATA);
	memmove(f + 54 + HBH, f + 54, 20 + DATA);
	static const uint8_t hbh[HBH] = {6, 0, 0xc2, 4, 0x00, 0x01, 0x00, 0x05};  /* 65541 */
	memcpy(f + 54, hbh, HBH);
	f[18] = f[19] = 0;             /* payload length 0 */
	f[20] = 0;                     /* next header: hop-by-hop */
	n += HBH;
	frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_int_eq(fi.l4_status, FRAME_OK);
	ck_assert_uint_eq(fi.l4_off, 14 + 40 + HBH);
	ck_assert(siptcp_segment(s, f, (uint32_t)n, &fi, on_count, NULL));
	ck_assert_uint_eq(nmsg, COPIES);
	ck_assert_str_eq(got[0], M2);
	nothing_lost(s);
	siptcp_destroy(s);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("siptcp");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_split_and_join);
	tcase_add_test(tc, t_gap_and_dup);
	tcase_add_test(tc, t_bounds);
	tcase_add_test(tc, t_slots_freed);
	tcase_add_test(tc, t_close_among_open);
	tcase_add_test(tc, t_closed_connections);
	tcase_add_test(tc, t_cut_at_close);
	tcase_add_test(tc, t_big_segment);
	tcase_add_test(tc, t_retransmit_after_fin);
	tcase_add_test(tc, t_cut_retransmission);
	tcase_add_test(tc, t_keepalives);
	tcase_add_test(tc, t_ack_rst_open_none);
	tcase_add_test(tc, t_close_at_wrap);
	tcase_add_test(tc, t_start_lines);
	tcase_add_test(tc, t_bound_exact);
	tcase_add_test(tc, t_unframed_rest);
	tcase_add_test(tc, t_ipv6);
	tcase_add_test(tc, t_syn_fin);
	tcase_add_test(tc, t_rst_after_fin);
	tcase_add_test(tc, t_gaps);
	tcase_add_test(tc, t_after_fin_next);
	tcase_add_test(tc, t_two_sources);
	tcase_add_test(tc, t_two_versions);
	tcase_add_test(tc, t_header_past_datagram);
	tcase_add_test(tc, t_tso_total_length_zero);
	tcase_add_test(tc, t_ipv6_jumbogram);
	suite_add_tcase(su, tc);
	return check_run(su);
}
