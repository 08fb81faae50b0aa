/* fuzz_siptcp.c - libFuzzer target: SIP over TCP (src/siptcp.c), the
 * stream reassembly of GP's SIP engine (Figs. 9-10; issue 12, item 1).
 *
 * Input, read a byte at a time (zeros past its end):
 *   1. an oracle stream: K SIP messages (requests and responses, bodies of
 *      Content-Length bytes, keep-alive CRLFs between some), written on
 *      one connection from a 32-bit initial sequence number the input
 *      chooses (so the sequence space wraps), cut into segments of sizes
 *      the input chooses, some sent twice, after a SYN and before a FIN;
 *   2. then, until the input ends, arbitrary segments on three
 *      connections: flags, sequence numbers near each one's, payloads
 *      from the input (SIP-looking or not), some cut by a snap length.
 *
 * Properties checked, from the contract in src/siptcp.h:
 *   - part 1 delivers exactly the K messages, byte for byte and in order,
 *     with no gap, overflow, unframed, cut or no-room count, and the
 *     repeated segments counted as duplicates;
 *   - every message delivered, in either part, is one whole message as
 *     sip_stream_next frames it alone (it starts the message, ends it);
 *   - the whole input fed twice, to two fresh instances, delivers the same
 *     messages and the same counts (no state outside the instance);
 *   - counts: segments is the number of TCP segments given.
 * Cost per input: two instances, at most a few thousand segments. */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../model/frame.h"
#include "../src/sip.h"
#include "../src/siptcp.h"

struct rd {
	const uint8_t *d;
	size_t n, i;
};

static unsigned byte(struct rd *r) { return r->i < r->n ? r->d[r->i++] : 0; }

static uint32_t word(struct rd *r)
{
	uint32_t v = 0;
	for (int k = 0; k < 4; k++)
		v = v << 8 | byte(r);
	return v;
}

#define MAXK 8
#define STREAM_MAX 8192

/* What one instance delivered. */
struct got {
	uint64_t hash, n;
	/* part 1's messages, for the oracle */
	size_t k, off[MAXK + 1];
	uint8_t buf[STREAM_MAX];
	bool part1, over;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static void on_msg(void *ctx, const uint8_t *msg, size_t len)
{
	struct got *g = ctx;
	size_t start = 99;
	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(sip_stream_next(msg, len, &start) == (long)len && start == 0);
	g->n++;
	g->hash = mix(g->hash, &len, sizeof len);
	g->hash = mix(g->hash, msg, len);
	if (g->part1) {
		if (g->k == MAXK || g->off[g->k] + len > sizeof g->buf) {
			g->over = true;
			return;
		}
		memcpy(g->buf + g->off[g->k], msg, len);
		g->off[g->k + 1] = g->off[g->k] + len;
		g->k++;
	}
}

static const uint8_t mac_a[6] = {2, 0, 0, 0, 0, 1}, mac_b[6] = {2, 0, 0, 0, 0, 2};

/* One segment from (ip a, port pa) to (ip b, port pb), its frame cut to
 * caplen bytes when caplen is below its length. */
static void segment(struct siptcp *s, struct got *g, uint8_t a, uint16_t pa, uint16_t pb,
                    uint32_t seq, uint8_t flags, const uint8_t *pl, size_t n, size_t caplen,
                    uint64_t *given)
{
	static uint8_t fr[1600];
	uint8_t sip[16] = {10, 0, 0, a}, dip[16] = {10, 0, 0, 1};
	size_t len = frame_build_tcp(fr, sizeof fr, mac_b, mac_a, false, sip, dip, pa, pb, seq, 1,
	                             flags, pl, n, 7);
	FUZZ_CHECK(len > 0);
	if (caplen > len)
		caplen = len;
	struct frame_info fi;
	frame_parse(fr, (uint32_t)caplen, (uint32_t)len, &fi);
	if (siptcp_segment(s, fr, (uint32_t)caplen, &fi, on_msg, g))
		(*given)++;
}

/* Part 1: K messages written one after another, some after keep-alive
 * CRLFs. Returns the stream's length, its bytes in want[] and where each
 * message starts (ms[]) and ends (me[]). */
static size_t oracle_stream(struct rd *r, uint8_t *want, size_t *ms, size_t *me, size_t *k)
{
	static uint8_t st[STREAM_MAX];
	size_t n = 0;
	*k = 1 + byte(r) % 6;
	for (size_t m = 0; m < *k; m++) {
		unsigned crlf = byte(r) % 4 == 0 ? byte(r) % 3 + 1 : 0;   /* keep-alives before it */
		for (unsigned c = 0; c < crlf; c++) {
			st[n++] = '\r';
			st[n++] = '\n';
		}
		size_t body = byte(r) % 4 == 0 ? 0 : (byte(r) << 1 | 1) % 700;
		char head[200];
		int h = byte(r) & 1
		        ? snprintf(head, sizeof head, "INVITE sip:b%zu@x SIP/2.0\r\nCall-ID: c%zu\r\n"
		                   "CSeq: 1 INVITE\r\nContent-Length: %zu\r\n\r\n", m, m, body)
		        : snprintf(head, sizeof head, "SIP/2.0 200 OK\r\nCall-ID: c%zu\r\nCSeq: 1 INVITE"
		                   "\r\nContent-Length: %zu\r\n\r\n", m, body);
		ms[m] = n;
		memcpy(st + n, head, (size_t)h);
		n += (size_t)h;
		for (size_t b = 0; b < body; b++)
			st[n++] = (uint8_t)('a' + (m + b) % 26);
		me[m] = n;
	}
	memcpy(want, st, n);
	return n;
}

static void run(const uint8_t *data, size_t size, struct got *g, struct siptcp_stats *out)
{
	struct rd r = {data, size, 0};
	struct siptcp *s = siptcp_create();
	FUZZ_CHECK(s != NULL);
	uint64_t given = 0;

	/* ---- part 1: the oracle stream on 10.0.0.2:5060 -> 10.0.0.1:5060 */
	static uint8_t want[STREAM_MAX];
	size_t ms[MAXK], me[MAXK], k;
	size_t n = oracle_stream(&r, want, ms, me, &k);
	uint32_t isn = word(&r);
	g->part1 = true;
	segment(s, g, 2, 5060, 5060, isn, FRAME_TCP_SYN, NULL, 0, 9999, &given);
	size_t off = 0, prev_off = 0, prev_len = 0, dups = 0;
	while (off < n) {
		size_t len = 1 + (byte(&r) << 2 | byte(&r) >> 6) % 1400;
		if (len > n - off)
			len = n - off;
		segment(s, g, 2, 5060, 5060, isn + 1 + (uint32_t)off, FRAME_TCP_ACK | FRAME_TCP_PSH,
		        want + off, len, 9999, &given);
		if (prev_len && byte(&r) % 8 == 0) {   /* the one before, sent again */
			segment(s, g, 2, 5060, 5060, isn + 1 + (uint32_t)prev_off, FRAME_TCP_ACK,
			        want + prev_off, prev_len, 9999, &given);
			dups++;
		}
		prev_off = off;
		prev_len = len;
		off += len;
	}
	segment(s, g, 2, 5060, 5060, isn + 1 + (uint32_t)n, FRAME_TCP_FIN | FRAME_TCP_ACK, NULL, 0,
	        9999, &given);
	struct siptcp_stats a;
	siptcp_stats(s, &a);
	FUZZ_CHECK(!g->over && g->k == k);
	for (size_t m = 0; m < k; m++) {   /* message m as written */
		FUZZ_CHECK(g->off[m + 1] - g->off[m] == me[m] - ms[m]);
		FUZZ_CHECK(memcmp(g->buf + g->off[m], want + ms[m], me[m] - ms[m]) == 0);
	}
	FUZZ_CHECK(a.messages == k && a.gap == 0 && a.overflow == 0 && a.unframed == 0 &&
	           a.cut == 0 && a.no_room == 0 && a.dup == dups);
	g->part1 = false;

	/* ---- part 2: anything, on three connections */
	uint32_t base[3] = {word(&r), word(&r), word(&r)};
	while (r.i < r.n) {
		unsigned c = byte(&r) % 3, f = byte(&r);
		uint8_t flags = (uint8_t)(FRAME_TCP_ACK | (f & (FRAME_TCP_SYN | FRAME_TCP_FIN |
		                                                FRAME_TCP_RST | FRAME_TCP_PSH)));
		int32_t d = (int8_t)byte(&r) * (int32_t)(1 + byte(&r) % 64);
		uint32_t seq = base[c] + (uint32_t)d;
		uint8_t pl[400];
		size_t len = 0, more = byte(&r) % 200;
		if (f & 0x40)         /* a SIP head, then the input's bytes */
			len = (size_t)snprintf((char *)pl, sizeof pl, "MESSAGE sip:x SIP/2.0\r\n"
			                       "Content-Length: %u\r\n\r\n", byte(&r) % 40);
		for (size_t i = 0; i < more && len < sizeof pl; i++)
			pl[len++] = (uint8_t)byte(&r);
		size_t cap = f & 0x80 ? 54 + byte(&r) % 300 : 9999;   /* a snap length */
		segment(s, g, (uint8_t)(3 + c), (uint16_t)(40000 + c), 5060, seq, flags, pl, len, cap,
		        &given);
		if (!(f & 0x20))
			base[c] = seq + (uint32_t)len + !!(flags & (FRAME_TCP_SYN | FRAME_TCP_FIN));
	}
	siptcp_stats(s, out);
	FUZZ_CHECK(out->segments == given);
	FUZZ_CHECK(out->messages == g->n);
	siptcp_destroy(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct got g1, g2;
	memset(&g1, 0, sizeof g1);
	memset(&g2, 0, sizeof g2);
	struct siptcp_stats a, b;
	run(data, size, &g1, &a);
	run(data, size, &g2, &b);
	FUZZ_CHECK(g1.hash == g2.hash && g1.n == g2.n);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
	return 0;
}
