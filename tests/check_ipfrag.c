/* check_ipfrag.c - IPv4 and IPv6 reassembly of UDP datagrams for GP's SIP engine
 * (src/ipfrag.c; GP's stack, Fig. 4, before the SIP engine of Figs. 9-10).
 * Each case builds fragments by hand (RFC 791: offsets in units of 8
 * bytes, MF on all but the last; RFC 8200's fragment header the same) and
 * says what comes out. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/frame.h"
#include "src/ipfrag.h"

#include "checkrun.h"

/* A datagram of 8 + 40 bytes: UDP 5060 -> 5062, length 48, then the
 * payload bytes 0, 1, ..., 39. */
static uint8_t dgram[48];

static void make_dgram(void)
{
	static const uint8_t udp[8] = {0x13, 0xc4, 0x13, 0xc6, 0, 48, 0, 0};
	memcpy(dgram, udp, 8);
	for (int i = 0; i < 40; i++)
		dgram[8 + i] = (uint8_t)i;
}

/* An Ethernet frame with an IPv4 fragment of dgram: its bytes [off, off +
 * n), IP id, MF; src's last byte. Returns the frame's length. */
static uint32_t frag(uint8_t *b, uint16_t id, uint32_t off, uint32_t n, int more, uint8_t src)
{
	memset(b, 0, 14);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2;
	b[12] = 0x08;
	uint8_t *h = b + 14;
	uint32_t total = 20 + n;
	uint16_t fo = (uint16_t)((more ? 0x2000 : 0) | off / 8);
	uint8_t hdr[20] = {0x45, 0, (uint8_t)(total >> 8), (uint8_t)total, (uint8_t)(id >> 8),
	                   (uint8_t)id, (uint8_t)(fo >> 8), (uint8_t)fo, 64, 17, 0, 0,
	                   10, 0, 0, src, 10, 0, 0, 1};
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)hdr[i] << 8 | hdr[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	hdr[10] = (uint8_t)(~sum >> 8);
	hdr[11] = (uint8_t)~sum;
	memcpy(h, hdr, 20);
	memcpy(h + 20, dgram + off, n);
	return 14 + total;
}

/* The same as an IPv6 fragment (RFC 8200 section 4.5): a00:src:: to
 * a00:1:: (whose first four bytes are IPv4's 10.0.0.src and 10.0.0.1), a
 * hop-by-hop header (8 bytes) first when hbh, then the fragment header
 * (next header 17, offset, M, identification id). */
static uint32_t frag6(uint8_t *b, uint32_t id, uint32_t off, uint32_t n, int more, uint8_t src,
                      int hbh)
{
	memset(b, 0, 14 + 40 + 16);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2;
	b[12] = 0x86, b[13] = 0xdd;
	uint8_t *h = b + 14, *x = h + 40;
	uint32_t ext = hbh ? 16 : 8, plen = ext + n;
	h[0] = 0x60;
	h[4] = (uint8_t)(plen >> 8), h[5] = (uint8_t)plen;
	h[6] = hbh ? 0 : 44;
	h[7] = 64;
	h[8] = 10, h[11] = src;
	h[24] = 10, h[27] = 1;
	if (hbh) {
		x[0] = 44;            /* next: the fragment header; length 0: 8 bytes */
		x[2] = 1, x[3] = 4;   /* PadN of 4 bytes */
		x += 8;
	}
	uint16_t offm = (uint16_t)(off | (more ? 1u : 0u));
	x[0] = 17;
	x[2] = (uint8_t)(offm >> 8), x[3] = (uint8_t)offm;
	x[4] = (uint8_t)(id >> 24), x[5] = (uint8_t)(id >> 16), x[6] = (uint8_t)(id >> 8), x[7] = (uint8_t)id;
	memcpy(x + 8, dgram + off, n);
	return 14 + 40 + plen;
}

static struct ipfrag *r;
static const uint8_t *out;
static size_t outlen;

/* Frame b (len bytes, a UDP fragment) into r. */
static enum ipfrag_res feed(const uint8_t *b, uint32_t len)
{
	struct frame_info fi;
	frame_parse(b, len, len, &fi);
	ck_assert(fi.ip_fragment);
	ck_assert(ipfrag_is_udp(&fi));
	uint8_t proto = 0;
	enum ipfrag_res res = ipfrag_add(r, b, len, &fi, &out, &outlen, &proto);
	if (res == IPFRAG_DONE)
		ck_assert_uint_eq(proto, 17);
	return res;
}

/* Fragment [off, off + n) of datagram id from 10.0.0.src into r (add6:
 * the same over IPv6). */
static enum ipfrag_res add(uint16_t id, uint32_t off, uint32_t n, int more, uint8_t src)
{
	uint8_t b[128];
	return feed(b, frag(b, id, off, n, more, src));
}

static enum ipfrag_res add6(uint32_t id, uint32_t off, uint32_t n, int more, uint8_t src, int hbh)
{
	uint8_t b[160];
	return feed(b, frag6(b, id, off, n, more, src, hbh));
}

static void setup(void)
{
	make_dgram();
	r = ipfrag_create();
	ck_assert_ptr_nonnull(r);
}

static void teardown(void) { ipfrag_destroy(r); }

static void assert_whole(void)
{
	ck_assert_uint_eq(outlen, 48);
	ck_assert_mem_eq(out, dgram, 48);
	uint16_t sp, dp;
	size_t n;
	const uint8_t *p = ipfrag_udp(out, outlen, &sp, &dp, &n);
	ck_assert_ptr_eq(p, out + 8);
	ck_assert_uint_eq(sp, 5060);
	ck_assert_uint_eq(dp, 5062);
	ck_assert_uint_eq(n, 40);
}

static struct ipfrag_stats stats(void)
{
	struct ipfrag_stats st;
	ipfrag_stats(r, &st);
	return st;
}

START_TEST(two_in_order)
{
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_uint_eq(stats().held, 1);
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_DONE);
	assert_whole();
	struct ipfrag_stats st = stats();
	ck_assert_uint_eq(st.done, 1);
	ck_assert_uint_eq(st.held, 0);
	ck_assert_uint_eq(st.bad, 0);
}
END_TEST

START_TEST(three_out_of_order)
{
	/* the last first (its end known), then the middle, then the head */
	ck_assert_int_eq(add(7, 32, 16, 0, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 16, 16, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 0, 16, 1, 2), IPFRAG_DONE);
	assert_whole();
}
END_TEST

START_TEST(last_fragment_not_a_whole_unit)
{
	/* 48 = 40 + 8: the last fragment is 8 bytes, but one of 5 ends it too */
	uint8_t keep[48];
	memcpy(keep, dgram, 48);
	dgram[5] = 45;                    /* UDP length 45: 8 + 37 */
	ck_assert_int_eq(add(9, 0, 40, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(9, 40, 5, 0, 2), IPFRAG_DONE);
	ck_assert_uint_eq(outlen, 45);
	uint16_t sp, dp;
	size_t n;
	ck_assert_ptr_nonnull(ipfrag_udp(out, outlen, &sp, &dp, &n));
	ck_assert_uint_eq(n, 37);
	memcpy(dgram, keep, 48);
}
END_TEST

START_TEST(datagrams_apart_by_source_and_id)
{
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(8, 0, 24, 1, 2), IPFRAG_HELD);    /* another id */
	ck_assert_int_eq(add(7, 0, 24, 1, 3), IPFRAG_HELD);    /* another source */
	ck_assert_uint_eq(stats().held, 3);
	ck_assert_int_eq(add(8, 24, 24, 0, 2), IPFRAG_DONE);
	assert_whole();
	ck_assert_uint_eq(stats().held, 2);
}
END_TEST

START_TEST(a_copy_is_ignored)
{
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_DONE);
	assert_whole();
	ck_assert_uint_eq(stats().bad, 0);
}
END_TEST

START_TEST(an_overlap_drops_the_datagram)
{
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 16, 32, 0, 2), IPFRAG_BAD);    /* bytes 16-23 twice */
	ck_assert_uint_eq(stats().bad, 1);
	ck_assert_uint_eq(stats().held, 0);
	/* its next fragment starts it anew: not whole */
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_HELD);
}
END_TEST

START_TEST(two_ends_drop_the_datagram)
{
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_HELD);   /* ends at 48 */
	ck_assert_int_eq(add(7, 8, 16, 0, 2), IPFRAG_BAD);     /* ends at 24 */
	ck_assert_int_eq(add(8, 0, 8, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(8, 24, 16, 0, 2), IPFRAG_HELD);   /* ends at 40; 8-23 to come */
	ck_assert_int_eq(add(8, 40, 8, 1, 2), IPFRAG_BAD);     /* past its end */
	ck_assert_uint_eq(stats().bad, 2);
}
END_TEST

START_TEST(a_part_not_a_whole_unit_with_more_to_come)
{
	ck_assert_int_eq(add(7, 0, 20, 1, 2), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 1);
}
END_TEST

START_TEST(cut_by_the_snap_length)
{
	uint8_t b[128];
	uint32_t len = frag(b, 7, 0, 24, 1, 2);
	struct frame_info fi;
	frame_parse(b, len - 4, len, &fi);    /* 4 bytes not captured */
	uint8_t proto;
	ck_assert_int_eq(ipfrag_add(r, b, len - 4, &fi, &out, &outlen, &proto), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 1);
}
END_TEST

START_TEST(the_oldest_goes_for_room)
{
	for (uint16_t id = 1; id <= IPFRAG_SLOTS; id++)
		ck_assert_int_eq(add(id, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_uint_eq(stats().evicted, 0);
	ck_assert_int_eq(add(100, 0, 24, 1, 2), IPFRAG_HELD);    /* drops id 1 */
	ck_assert_uint_eq(stats().evicted, 1);
	ck_assert_uint_eq(stats().held, IPFRAG_SLOTS);
	ck_assert_int_eq(add(2, 24, 24, 0, 2), IPFRAG_DONE);     /* id 2 was kept */
	assert_whole();
	ck_assert_int_eq(add(1, 24, 24, 0, 2), IPFRAG_HELD);     /* id 1 anew */
}
END_TEST

START_TEST(not_a_fragment)
{
	uint8_t b[128];
	uint32_t len = frag(b, 7, 0, 48, 0, 2);                   /* offset 0, MF clear */
	struct frame_info fi;
	frame_parse(b, len, len, &fi);
	ck_assert(!fi.ip_fragment);
	uint8_t proto;
	ck_assert_int_eq(ipfrag_add(r, b, len, &fi, &out, &outlen, &proto), IPFRAG_NOT);
	ck_assert_uint_eq(stats().held, 0);
}
END_TEST

START_TEST(ipv6_two_in_order_and_out)
{
	ck_assert_int_eq(add6(70000, 0, 24, 1, 2, 0), IPFRAG_HELD);
	ck_assert_int_eq(add6(70000, 24, 24, 0, 2, 0), IPFRAG_DONE);
	assert_whole();
	ck_assert_int_eq(add6(70001, 24, 24, 0, 2, 0), IPFRAG_HELD);
	ck_assert_int_eq(add6(70001, 0, 24, 1, 2, 0), IPFRAG_DONE);
	assert_whole();
}
END_TEST

START_TEST(ipv6_behind_a_hop_by_hop_header)
{
	ck_assert_int_eq(add6(9, 0, 16, 1, 2, 1), IPFRAG_HELD);
	ck_assert_int_eq(add6(9, 16, 32, 0, 2, 1), IPFRAG_DONE);
	assert_whole();
}
END_TEST

START_TEST(ipv4_and_ipv6_apart)
{
	/* the same identification, and addresses that agree in their first
	 * four bytes would, cut to IPv4's, not join */
	ck_assert_int_eq(add6(7, 0, 24, 1, 2, 0), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_HELD);
	ck_assert_uint_eq(stats().held, 2);
	ck_assert_int_eq(add6(7, 24, 24, 0, 2, 0), IPFRAG_DONE);
	assert_whole();
	ck_assert_int_eq(add6(8, 0, 24, 1, 2, 0), IPFRAG_HELD);
	ck_assert_int_eq(add6(8, 24, 24, 0, 3, 0), IPFRAG_HELD);   /* another source */
	ck_assert_uint_eq(stats().held, 3);
}
END_TEST

START_TEST(ipv6_cut_by_the_snap_length)
{
	uint8_t b[160];
	uint32_t len = frag6(b, 7, 0, 24, 1, 2, 0);
	struct frame_info fi;
	frame_parse(b, len - 1, len, &fi);
	uint8_t proto;
	ck_assert_int_eq(ipfrag_add(r, b, len - 1, &fi, &out, &outlen, &proto), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 1);
}
END_TEST

START_TEST(udp_length_past_the_datagram)
{
	uint8_t d[16] = {0x13, 0xc4, 0x13, 0xc4, 0, 17};
	uint16_t sp, dp;
	size_t n;
	ck_assert_ptr_null(ipfrag_udp(d, 16, &sp, &dp, &n));     /* 17 > 16 */
	d[5] = 7;
	ck_assert_ptr_null(ipfrag_udp(d, 16, &sp, &dp, &n));     /* below its header */
	d[5] = 16;
	ck_assert_ptr_eq(ipfrag_udp(d, 16, &sp, &dp, &n), d + 8);
	ck_assert_uint_eq(n, 8);
	ck_assert_ptr_null(ipfrag_udp(d, 7, &sp, &dp, &n));
}
END_TEST

/* ---- mutation run of src/ipfrag.c (helper n3): cases built by hand from
 * RFC 791 (IPv4: IHL in 32-bit words, options copied or not, the fragment
 * offset's 13 bits in units of 8 bytes, the 16-bit identification, the
 * reassembly algorithm's TDL = FO x 8 + TL - IHL x 4 of the last fragment)
 * and RFC 8200 section 4.5 (IPv6: extension headers before the fragment
 * header, a 32-bit identification, a reassembled payload of 65,535 bytes at
 * most). ---- */

/* Frame b with an IPv4 fragment: n bytes of data at offset off of datagram
 * id (protocol proto) from 10.0.0.src to 10.0.0.frag4_dst, MF when more,
 * with 4 bytes of options (NOP NOP NOP EOL: IHL 6) when opt. */
static uint8_t frag4_dst = 1;

static uint32_t frag4(uint8_t *b, uint16_t id, uint32_t off, const uint8_t *data, uint32_t n,
                      int more, uint8_t src, uint8_t proto, int opt)
{
	uint32_t hl = opt ? 24 : 20, total = hl + n;
	uint16_t fo = (uint16_t)((more ? 0x2000 : 0) | off / 8);
	uint8_t h[24] = {(uint8_t)(0x40 | hl / 4), 0, (uint8_t)(total >> 8), (uint8_t)total,
	                 (uint8_t)(id >> 8), (uint8_t)id, (uint8_t)(fo >> 8), (uint8_t)fo, 64, proto,
	                 0, 0, 10, 0, 0, src, 10, 0, 0, frag4_dst, 1, 1, 1, 0};
	uint32_t sum = 0;
	for (uint32_t i = 0; i < hl; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	h[10] = (uint8_t)(~sum >> 8);
	h[11] = (uint8_t)~sum;
	memset(b, 0, 14);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2;
	b[12] = 0x08;
	memcpy(b + 14, h, hl);
	if (n)
		memcpy(b + 14 + hl, data, n);
	return 14 + total;
}

/* Frame b with an IPv6 fragment: n bytes at offset off of datagram id from
 * a00:src::last to a00:1::, behind an extension header of type ext (0
 * hop-by-hop, 43 routing, 60 destination options; -1: none). */
static uint32_t frag6x(uint8_t *b, uint32_t id, uint32_t off, const uint8_t *data, uint32_t n,
                       int more, uint8_t src, uint8_t last, int ext)
{
	uint32_t el = ext >= 0 ? 16 : 8, plen = el + n;
	memset(b, 0, 14 + 40 + 16);
	b[0] = 2, b[5] = 1, b[6] = 2, b[11] = 2;
	b[12] = 0x86, b[13] = 0xdd;
	uint8_t *h = b + 14, *x = h + 40;
	h[0] = 0x60;
	h[4] = (uint8_t)(plen >> 8), h[5] = (uint8_t)plen;
	h[6] = ext >= 0 ? (uint8_t)ext : 44;
	h[7] = 64;
	h[8] = 10, h[11] = src, h[23] = last;
	h[24] = 10, h[27] = 1;
	if (ext >= 0) {
		x[0] = 44;                      /* 8 bytes: PadN of 4 bytes */
		if (ext == 43)
			x[2] = 0, x[3] = 0;         /* routing type 0, segments left 0 */
		else
			x[2] = 1, x[3] = 4;
		x += 8;
	}
	uint16_t offm = (uint16_t)(off | (more ? 1u : 0u));
	x[0] = 17;
	x[2] = (uint8_t)(offm >> 8), x[3] = (uint8_t)offm;
	x[4] = (uint8_t)(id >> 24), x[5] = (uint8_t)(id >> 16), x[6] = (uint8_t)(id >> 8), x[7] = (uint8_t)id;
	if (n)
		memcpy(x + 8, data, n);
	return 14 + 40 + plen;
}

/* Frame b into r, whatever its protocol. */
static enum ipfrag_res feed_any(const uint8_t *b, uint32_t len)
{
	struct frame_info fi;
	frame_parse(b, len, len, &fi);
	uint8_t proto = 0;
	return ipfrag_add(r, b, len, &fi, &out, &outlen, &proto);
}

static enum ipfrag_res add4(uint16_t id, uint32_t off, uint32_t n, int more, uint8_t proto, int opt)
{
	static uint8_t b[256];
	return feed_any(b, frag4(b, id, off, dgram + off, n, more, 2, proto, opt));
}

static enum ipfrag_res add6x(uint32_t id, uint32_t off, uint32_t n, int more, uint8_t last, int ext)
{
	static uint8_t b[256];
	return feed_any(b, frag6x(b, id, off, dgram + off, n, more, 2, last, ext));
}

START_TEST(ipv4_options_before_the_data)
{
	/* RFC 791: the data start at IHL x 4 = 24 bytes; the first fragment
	 * carries options, the second not (options "not copied") */
	ck_assert_int_eq(add4(7, 0, 24, 1, 17, 1), IPFRAG_HELD);
	ck_assert_int_eq(add4(7, 24, 24, 0, 17, 0), IPFRAG_DONE);
	assert_whole();
}
END_TEST

/* A datagram's key: IP version (v6), identification, protocol, IPv4
 * destination's last byte, IPv6 source's last byte. */
struct key {
	int v6;
	uint32_t id;
	uint8_t proto, dst, last;
};

static enum ipfrag_res add_key(const struct key *k, uint32_t off, uint32_t n, int more)
{
	static uint8_t b[256];
	uint32_t len;
	if (k->v6) {
		len = frag6x(b, k->id, off, dgram + off, n, more, 2, k->last, -1);
	} else {
		frag4_dst = k->dst;
		len = frag4(b, (uint16_t)k->id, off, dgram + off, n, more, 2, k->proto, 0);
		frag4_dst = 1;
	}
	return feed_any(b, len);
}

START_TEST(each_part_of_the_key)
{
	/* RFC 791: source, destination, protocol and identification (16 bits)
	 * name an IPv4 datagram; RFC 8200: source, destination and the 32-bit
	 * identification an IPv6 one. The two of each pair differ in one part:
	 * the first's head and the second's tail are two datagrams, and the
	 * first's tail makes the first whole. */
	static const struct key pairs[][2] = {
		{{0, 0x0107, 17, 1, 0}, {0, 0x0207, 17, 1, 0}},           /* id's high byte */
		{{0, 7, 17, 1, 0}, {0, 7, 6, 1, 0}},                      /* TCP, not UDP */
		{{0, 7, 17, 1, 0}, {0, 7, 17, 9, 0}},                     /* to 10.0.0.9 */
		{{1, 0x01000007, 17, 1, 0}, {1, 0x02000007, 17, 1, 0}},   /* id's high byte */
		{{1, 7, 17, 1, 1}, {1, 7, 17, 1, 2}},                     /* a00:2::1, a00:2::2 */
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		ipfrag_destroy(r);
		r = ipfrag_create();
		ck_assert_ptr_nonnull(r);
		ck_assert_msg(add_key(&pairs[i][0], 0, 24, 1) == IPFRAG_HELD, "pair %zu", i);
		ck_assert_msg(add_key(&pairs[i][1], 24, 24, 0) == IPFRAG_HELD, "pair %zu", i);
		ck_assert_msg(stats().held == 2, "pair %zu: not 2 held", i);
		ck_assert_msg(add_key(&pairs[i][0], 24, 24, 0) == IPFRAG_DONE, "pair %zu", i);
		assert_whole();
		ck_assert_uint_eq(stats().bad, 0);
	}
}
END_TEST

START_TEST(ipv6_behind_routing_and_destination_options)
{
	/* routing (43), then destination options (60), before the fragment
	 * header: each datagram whole from its two fragments */
	static const int ext[] = {43, 60};
	for (uint32_t i = 0; i < 2; i++) {
		ck_assert_int_eq(add6x(9 + i, 0, 16, 1, 0, ext[i]), IPFRAG_HELD);
		ck_assert_int_eq(add6x(9 + i, 16, 32, 0, 0, ext[i]), IPFRAG_DONE);
		assert_whole();
	}
}
END_TEST

START_TEST(an_empty_last_fragment_ends_it)
{
	/* RFC 791: the last fragment (MF clear) gives the length, TDL = FO x 8
	 * + TL - IHL x 4 = 48 + 20 - 20 = 48, though it carries no byte */
	ck_assert_int_eq(add(7, 0, 48, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 48, 0, 0, 2), IPFRAG_DONE);
	assert_whole();
	/* the same the other way round: the length first */
	ck_assert_int_eq(add(8, 48, 0, 0, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(8, 0, 48, 1, 2), IPFRAG_DONE);
	assert_whole();
	/* IPv6: a fragment header and nothing after it */
	ck_assert_int_eq(add6(9, 0, 48, 1, 2, 0), IPFRAG_HELD);
	ck_assert_int_eq(add6(9, 48, 0, 0, 2, 0), IPFRAG_DONE);
	assert_whole();
	ck_assert_uint_eq(stats().bad, 0);
}
END_TEST

START_TEST(a_copy_of_a_short_last_fragment_is_ignored)
{
	/* bytes 40-44: the sixth unit, in part */
	uint8_t keep[48];
	memcpy(keep, dgram, 48);
	dgram[5] = 45;
	ck_assert_int_eq(add(9, 40, 5, 0, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(9, 40, 5, 0, 2), IPFRAG_HELD);
	ck_assert_uint_eq(stats().bad, 0);
	ck_assert_int_eq(add(9, 0, 40, 1, 2), IPFRAG_DONE);
	ck_assert_uint_eq(outlen, 45);
	ck_assert_mem_eq(out, dgram, 45);
	memcpy(dgram, keep, 48);
}
END_TEST

START_TEST(two_ends_either_way)
{
	/* a second last fragment ending past the first's end */
	ck_assert_int_eq(add(7, 8, 8, 0, 2), IPFRAG_HELD);     /* ends at 16 */
	ck_assert_int_eq(add(7, 24, 24, 0, 2), IPFRAG_BAD);    /* ends at 48 */
	/* a last fragment ending before bytes held */
	ck_assert_int_eq(add(8, 24, 24, 1, 2), IPFRAG_HELD);   /* bytes to 48 */
	ck_assert_int_eq(add(8, 8, 8, 0, 2), IPFRAG_BAD);      /* ends at 16 */
	ck_assert_uint_eq(stats().bad, 2);
	ck_assert_uint_eq(stats().held, 0);
}
END_TEST

START_TEST(the_largest_offsets)
{
	static uint8_t zero[16];
	static uint8_t b[256];
	/* IPv4: offset 8191 units = 65,528 bytes (all 13 bits); 8 bytes there
	 * end at 65,536, past any datagram */
	ck_assert_int_eq(feed_any(b, frag4(b, 7, 65528, zero, 8, 0, 2, 17, 0)), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 1);
	/* IPv6 (RFC 8200): a payload of 65,535 bytes is the most; 7 bytes at
	 * 65,528 reach it, 8 pass it */
	ck_assert_int_eq(feed_any(b, frag6x(b, 8, 65528, zero, 7, 0, 2, 0, -1)), IPFRAG_HELD);
	ck_assert_int_eq(feed_any(b, frag6x(b, 9, 65528, zero, 8, 0, 2, 0, -1)), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 2);
	ck_assert_uint_eq(stats().held, 1);
}
END_TEST

START_TEST(the_oldest_is_not_the_first_slot)
{
	/* all slots taken, then id 1 done: its slot goes to id 200, the newest;
	 * id 201 then drops the oldest, id 2, not id 200 */
	for (uint16_t id = 1; id <= IPFRAG_SLOTS; id++)
		ck_assert_int_eq(add(id, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(1, 24, 24, 0, 2), IPFRAG_DONE);
	ck_assert_int_eq(add(200, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(201, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_uint_eq(stats().evicted, 1);
	ck_assert_int_eq(add(200, 24, 24, 0, 2), IPFRAG_DONE);
	assert_whole();
	ck_assert_int_eq(add(2, 24, 24, 0, 2), IPFRAG_HELD);    /* id 2 anew */
}
END_TEST

START_TEST(a_header_longer_than_its_datagram_is_not_taken)
{
	/* total length 16, below its 20-byte header: frame_parse says the IP
	 * layer is invalid; no slot, nothing counted */
	uint8_t b[128];
	uint32_t len = frag(b, 7, 0, 24, 1, 2);
	b[14 + 2] = 0, b[14 + 3] = 16;
	struct frame_info fi;
	frame_parse(b, len, len, &fi);
	ck_assert(fi.ip_fragment);
	ck_assert_int_ne(fi.l3_status, FRAME_OK);
	uint8_t proto;
	ck_assert_int_eq(ipfrag_add(r, b, len, &fi, &out, &outlen, &proto), IPFRAG_NOT);
	ck_assert_uint_eq(stats().held, 0);
	ck_assert_uint_eq(stats().bad, 0);
}
END_TEST
START_TEST(a_part_overlap_with_more_to_come)
{
	/* bytes 16-23 held, 24-31 not: not a copy but an overlap */
	ck_assert_int_eq(add(7, 0, 24, 1, 2), IPFRAG_HELD);
	ck_assert_int_eq(add(7, 16, 16, 1, 2), IPFRAG_BAD);
	ck_assert_uint_eq(stats().bad, 1);
	ck_assert_uint_eq(stats().held, 0);
}
END_TEST
/* ---- end of the mutation run's block ---- */

int main(void)
{
	Suite *su = suite_create("ipfrag");
	TCase *tc = tcase_create("reassembly");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, two_in_order);
	tcase_add_test(tc, three_out_of_order);
	tcase_add_test(tc, last_fragment_not_a_whole_unit);
	tcase_add_test(tc, datagrams_apart_by_source_and_id);
	tcase_add_test(tc, a_copy_is_ignored);
	tcase_add_test(tc, an_overlap_drops_the_datagram);
	tcase_add_test(tc, two_ends_drop_the_datagram);
	tcase_add_test(tc, a_part_not_a_whole_unit_with_more_to_come);
	tcase_add_test(tc, cut_by_the_snap_length);
	tcase_add_test(tc, the_oldest_goes_for_room);
	tcase_add_test(tc, not_a_fragment);
	tcase_add_test(tc, ipv6_two_in_order_and_out);
	tcase_add_test(tc, ipv6_behind_a_hop_by_hop_header);
	tcase_add_test(tc, ipv4_and_ipv6_apart);
	tcase_add_test(tc, ipv6_cut_by_the_snap_length);
	tcase_add_test(tc, udp_length_past_the_datagram);
	/* mutation run of src/ipfrag.c (helper n3) */
	tcase_add_test(tc, ipv4_options_before_the_data);
	tcase_add_test(tc, each_part_of_the_key);
	tcase_add_test(tc, ipv6_behind_routing_and_destination_options);
	tcase_add_test(tc, an_empty_last_fragment_ends_it);
	tcase_add_test(tc, a_copy_of_a_short_last_fragment_is_ignored);
	tcase_add_test(tc, two_ends_either_way);
	tcase_add_test(tc, the_largest_offsets);
	tcase_add_test(tc, the_oldest_is_not_the_first_slot);
	tcase_add_test(tc, a_header_longer_than_its_datagram_is_not_taken);
	tcase_add_test(tc, a_part_overlap_with_more_to_come);
	suite_add_tcase(su, tc);
	return check_run(su);
}
