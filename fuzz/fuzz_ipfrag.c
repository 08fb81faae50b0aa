/* fuzz_ipfrag.c - libFuzzer target: IP reassembly (src/ipfrag.c) of the
 * UDP datagrams GP's SIP engine reads (GP's stack, Fig. 4; Figs. 9-10).
 *
 * Input, read a byte at a time (zeros past its end):
 *   1. an oracle datagram: UDP, 16 to 2000 bytes (ports, payload seed and
 *      length from the input), in IPv4 or IPv6 fragments (the seed's top
 *      bit), cut at 1 to 8 unit boundaries the input
 *      picks, its pieces fed in an order the input picks, some twice;
 *   2. then, until the input ends, arbitrary fragments of 4 datagrams
 *      from 2 sources, IPv4 or IPv6: any offset, length, MF, some cut by a
 *      snap length.
 *
 * Properties checked, from the contract in src/ipfrag.h:
 *   - part 1: no piece gives IPFRAG_DONE before the last new piece, that
 *     one does, with the datagram byte for byte (protocol 17, its length)
 *     and ipfrag_udp() gives its ports and payload; a copy is never bad;
 *   - any DONE (in either part) is at most 65535 bytes, ipfrag_udp() stays
 *     inside it, and at most IPFRAG_SLOTS datagrams are held;
 *   - the whole input fed to two fresh instances gives the same results
 *     and counts (no state outside the instance).
 * Cost per input: two instances, at most a few thousand fragments. */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../model/frame.h"
#include "../src/ipfrag.h"

struct rd {
	const uint8_t *d;
	size_t n, i;
};

static unsigned byte(struct rd *r) { return r->i < r->n ? r->d[r->i++] : 0; }
static unsigned half(struct rd *r)
{
	unsigned hi = byte(r);
	return hi << 8 | byte(r);
}

#define DMAX 2000u
#define FMAX (14u + 20u + 1500u)

/* An Ethernet frame holding an IPv6 fragment (frame()'s, below): fe80::src
 * to fe80::1, the fragment header (next header 17) right after the IPv6
 * header. */
static uint32_t frame6(uint8_t *b, const uint8_t *p, uint32_t id, uint32_t off, uint32_t n,
                       bool more, uint8_t src)
{
	memset(b, 0, 62);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2, b[12] = 0x86, b[13] = 0xdd;
	uint8_t *h = b + 14, *x = h + 40;
	uint32_t plen = 8 + n;
	uint16_t offm = (uint16_t)((off & 0xfff8) | (more ? 1u : 0u));
	h[0] = 0x60;
	h[4] = (uint8_t)(plen >> 8), h[5] = (uint8_t)plen;
	h[6] = 44, h[7] = 64;
	h[8] = 0xfe, h[9] = 0x80, h[23] = src, h[24] = 0xfe, h[25] = 0x80, h[39] = 1;
	x[0] = 17;
	x[2] = (uint8_t)(offm >> 8), x[3] = (uint8_t)offm;
	x[4] = (uint8_t)(id >> 24), x[5] = (uint8_t)(id >> 16), x[6] = (uint8_t)(id >> 8);
	x[7] = (uint8_t)id;
	memcpy(x + 8, p, n);
	return 14 + 40 + plen;
}

/* An Ethernet frame holding an IPv4 fragment: bytes [off, off + n) of
 * payload p as IP payload, id, MF, source 10.0.0.src; IPv6 when v6. */
static uint32_t frame(uint8_t *b, const uint8_t *p, uint16_t id, uint32_t off, uint32_t n,
                      bool more, uint8_t src, bool v6)
{
	if (v6)
		return frame6(b, p, id, off, n, more, src);
	memset(b, 0, 34);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2, b[12] = 0x08;
	uint8_t *h = b + 14;
	uint32_t total = 20 + n;
	uint16_t fo = (uint16_t)((more ? 0x2000u : 0) | (off / 8 & 0x1fff));
	h[0] = 0x45;
	h[2] = (uint8_t)(total >> 8), h[3] = (uint8_t)total;
	h[4] = (uint8_t)(id >> 8), h[5] = (uint8_t)id;
	h[6] = (uint8_t)(fo >> 8), h[7] = (uint8_t)fo;
	h[8] = 64, h[9] = 17;
	h[12] = 10, h[15] = src, h[16] = 10, h[19] = 1;
	memcpy(h + 20, p, n);
	return 14 + total;
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

/* Feed one frame; check what any result promises. */
static enum ipfrag_res feed(struct ipfrag *r, const uint8_t *b, uint32_t caplen, uint32_t len,
                            const uint8_t **out, size_t *outlen, uint64_t *hash)
{
	struct frame_info fi;
	frame_parse(b, caplen, len, &fi);
	uint8_t proto = 0;
	enum ipfrag_res res = ipfrag_add(r, b, caplen, &fi, out, outlen, &proto);
	*hash = mix(*hash, &res, sizeof res);
	if (res == IPFRAG_DONE) {
		FUZZ_CHECK(proto == 17 && *outlen <= 65535);
		uint16_t sp, dp;
		size_t n;
		const uint8_t *u = ipfrag_udp(*out, *outlen, &sp, &dp, &n);
		FUZZ_CHECK(!u || (u == *out + 8 && n + 8 <= *outlen));
		*hash = mix(*hash, *out, *outlen);
	}
	struct ipfrag_stats st;
	ipfrag_stats(r, &st);
	FUZZ_CHECK(st.held <= IPFRAG_SLOTS);
	return res;
}

static void run(const uint8_t *data, size_t size, uint64_t *hash, struct ipfrag_stats *st)
{
	struct rd rd = {data, size, 0};
	struct ipfrag *r = ipfrag_create();
	FUZZ_CHECK(r != NULL);
	static uint8_t d[DMAX], b[FMAX + 600];
	const uint8_t *out;
	size_t outlen;

	/* 1. the oracle */
	uint32_t L = 16 + half(&rd) % (DMAX - 15);
	uint16_t sp = (uint16_t)half(&rd), dp = (uint16_t)half(&rd), id = (uint16_t)half(&rd);
	unsigned seed = byte(&rd);
	d[0] = (uint8_t)(sp >> 8), d[1] = (uint8_t)sp, d[2] = (uint8_t)(dp >> 8), d[3] = (uint8_t)dp;
	d[4] = (uint8_t)(L >> 8), d[5] = (uint8_t)L, d[6] = d[7] = 0;
	for (uint32_t i = 8; i < L; i++)
		d[i] = (uint8_t)(i * 131 + seed);
	uint32_t cut[10] = {0}, nc = 1, units = (L - 1) / 8;   /* cuts at 8 .. 8 x units */
	for (unsigned k = 1 + byte(&rd) % 8; k-- > 0;) {
		uint32_t c = 8 * (1 + half(&rd) % units);
		bool dup = false;
		for (uint32_t j = 1; j < nc; j++)
			dup |= cut[j] == c;
		if (!dup)
			cut[nc++] = c;
	}
	for (uint32_t i = 1; i < nc; i++)      /* sorted: pieces [cut[i], cut[i + 1]) */
		for (uint32_t j = i; j > 1 && cut[j - 1] > cut[j]; j--) {
			uint32_t t = cut[j];
			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	cut[nc] = L;
	uint32_t order[9];
	for (uint32_t i = 0; i < nc; i++)
		order[i] = i;
	for (uint32_t i = nc; i-- > 1;) {      /* the input's permutation */
		uint32_t j = byte(&rd) % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (uint32_t k = 0; k < nc; k++) {
		uint32_t i = order[k], off = cut[i], n = cut[i + 1] - off;
		uint32_t len = frame(b, d + off, id, off, n, i + 1 < nc, 2, seed & 0x80);
		unsigned times = 1 + (byte(&rd) & 1);
		for (unsigned t = 0; t < times; t++) {
			enum ipfrag_res res = feed(r, b, len, len, &out, &outlen, hash);
			if (k + 1 < nc || t > 0) {
				FUZZ_CHECK(res == IPFRAG_HELD);   /* the last piece's copy starts anew */
			} else {
				FUZZ_CHECK(res == IPFRAG_DONE);
				FUZZ_CHECK(outlen == L && memcmp(out, d, L) == 0);
				uint16_t s2, d2;
				size_t pl;
				FUZZ_CHECK(ipfrag_udp(out, outlen, &s2, &d2, &pl) == out + 8);
				FUZZ_CHECK(s2 == sp && d2 == dp && pl == L - 8);
			}
		}
	}
	struct ipfrag_stats s1;
	ipfrag_stats(r, &s1);
	FUZZ_CHECK(s1.done == 1 && s1.bad == 0 && s1.evicted == 0);

	/* 2. anything */
	while (rd.i < rd.n) {
		unsigned f = byte(&rd);
		uint32_t off = 8 * (half(&rd) % 8192), n = half(&rd) % 1501;
		uint32_t len = frame(b, d, (uint16_t)(f & 3), off, n > DMAX ? DMAX : n, f & 4,
		                     (uint8_t)(2 + (f >> 3 & 1)), f & 0x40);
		uint32_t hdr = f & 0x40 ? 14 + 48 : 14 + 20;
		uint32_t caplen = f & 0x80 ? hdr + byte(&rd) % (len - hdr + 1) : len;
		feed(r, b, caplen, len, &out, &outlen, hash);
	}
	ipfrag_stats(r, st);
	ipfrag_destroy(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t h1 = 1, h2 = 1;
	struct ipfrag_stats a, b;
	run(data, size, &h1, &a);
	run(data, size, &h2, &b);
	FUZZ_CHECK(h1 == h2);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
	return 0;
}
