/* check_frame.c - unit tests of model/frame.c: the bounds-checked cursor,
 * frame_parse() over hand-written frames (SPEC section 3), every truncation
 * point of each header, and the frame builders. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/frame.h"
#include "tests/testframes.h"

#include "checkrun.h"

#define MAXF 2048

/* ---- the cursor ------------------------------------------------------------ */

START_TEST(t_cursor)
{
	static const uint8_t b[] = {0x12, 0x34, 0x56, 0x78, 0x9a};
	struct frame_cur c;
	uint8_t v8 = 0xee;
	uint16_t v16 = 0xeeee;
	uint32_t v32 = 0xeeeeeeee;
	frame_cur_init(&c, b, sizeof b);
	ck_assert_uint_eq(frame_cur_left(&c), 5);
	ck_assert(frame_cur_u8(&c, &v8));
	ck_assert_uint_eq(v8, 0x12);
	ck_assert(frame_cur_u16(&c, &v16));
	ck_assert_uint_eq(v16, 0x3456);          /* network order */
	ck_assert(!frame_cur_u32(&c, &v32));     /* 2 left: reads nothing */
	ck_assert_uint_eq(v32, 0xeeeeeeee);
	ck_assert_uint_eq(c.off, 3);
	ck_assert(frame_cur_u16(&c, &v16));
	ck_assert_uint_eq(v16, 0x789a);
	ck_assert(!frame_cur_u8(&c, &v8));
	ck_assert_uint_eq(v8, 0x12);
	ck_assert_uint_eq(frame_cur_left(&c), 0);
	ck_assert(frame_cur_skip(&c, 0));
	ck_assert(!frame_cur_skip(&c, 1));
	ck_assert(frame_cur_bytes(&c, NULL, 0));

	frame_cur_init(&c, b, sizeof b);
	ck_assert(frame_cur_u32(&c, &v32));
	ck_assert_uint_eq(v32, 0x12345678);
	uint8_t dst[4] = {1, 2, 3, 4};
	ck_assert(!frame_cur_bytes(&c, dst, 2));   /* 1 left */
	ck_assert_mem_eq(dst, "\x01\x02\x03\x04", 4);
	ck_assert(frame_cur_bytes(&c, dst, 1));
	ck_assert_uint_eq(dst[0], 0x9a);
	ck_assert(!frame_cur_skip(&c, SIZE_MAX));

	frame_cur_init(&c, b, 2);                  /* a shorter view */
	ck_assert(!frame_cur_u32(&c, &v32));
	ck_assert(frame_cur_skip(&c, 2));
	ck_assert(!frame_cur_skip(&c, 1));

	frame_cur_init(&c, NULL, 100);             /* no bytes at all */
	ck_assert_uint_eq(frame_cur_left(&c), 0);
	ck_assert(!frame_cur_u8(&c, &v8));
}
END_TEST

START_TEST(t_mac)
{
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t almost[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
	static const uint8_t mc4[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
	static const uint8_t mc6[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
	static const uint8_t uni[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	static const uint8_t uni2[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
	ck_assert(frame_mac_is_broadcast(bc));
	ck_assert(!frame_mac_is_broadcast(almost));
	ck_assert(!frame_mac_is_broadcast(mc4));
	ck_assert(frame_mac_is_multicast(bc));   /* broadcast has the I/G bit */
	ck_assert(frame_mac_is_multicast(mc4));
	ck_assert(frame_mac_is_multicast(mc6));
	ck_assert(!frame_mac_is_multicast(uni));
	ck_assert(frame_mac_equal(uni, uni));
	ck_assert(!frame_mac_equal(uni, uni2));
}
END_TEST

/* ---- frame_parse over whole frames --------------------------------------- */

struct pcase {
	const char *name;
	const char *hex;
	enum frame_status ret;
	enum frame_l3 l3;
	enum frame_status l3st;
	enum frame_l4 l4;
	enum frame_status l4st;
	uint16_t ethertype;
	uint8_t nvlan, third;
	uint8_t proto;
	bool frag, nonfirst;
	uint16_t sport, dport;      /* checked when l4st == FRAME_OK (else must be 0) */
	uint8_t ext;
	uint16_t l3_off, l4_off;    /* l4_off checked when l4 != L4_NONE */
	uint8_t ipver;
};

#define OK FRAME_OK
#define TR FRAME_TRUNCATED
#define IN FRAME_INVALID

static const struct pcase pcases[] = {
	{"IPv4 UDP", TF_ETH "0800 " TF_IP4_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 34, 4},
	{"one VLAN tag", TF_ETH "8100 2064 0800 " TF_IP4_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 1, 0, 17, 0, 0, 40000, 5004, 0, 18, 38, 4},
	{"QinQ 88a8 + 8100", TF_ETH "88a8 000a 8100 0014 0800 " TF_IP4_UDP(P_5099),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 2, 0, 17, 0, 0, 40000, 5099, 0, 22, 42, 4},
	{"three tags", TF_ETH "8100 0001 8100 0002 8100 0003 0800 " TF_IP4_UDP(P_5004),
	 OK, L3_OTHER, OK, L4_NONE, OK, 0x8100, 2, 1, 0, 0, 0, 0, 0, 0, 22, 0, 0},
	{"TPID 9100 outermost", TF_ETH "9100 0001 8100 0002 0800 " TF_IP4_UDP(P_5004),
	 OK, L3_OTHER, OK, L4_NONE, OK, 0x9100, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"8100 then 9100", TF_ETH "8100 0001 9100 0002 0800 " TF_IP4_UDP(P_5004),
	 OK, L3_OTHER, OK, L4_NONE, OK, 0x9100, 1, 0, 0, 0, 0, 0, 0, 0, 18, 0, 0},
	{"802.3 length", TF_ETH "002e 424203 00000000000000000000000000000000000000000000"
	 "000000000000000000000000000000000000000000",
	 OK, L3_LLC, OK, L4_NONE, OK, 46, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"VLAN + 802.3 length", TF_ETH "8100 0001 002e aaaa03 000000",
	 OK, L3_LLC, OK, L4_NONE, OK, 46, 1, 0, 0, 0, 0, 0, 0, 0, 18, 0, 0},
	{"type 1500", TF_ETH "05dc 00",
	 OK, L3_LLC, OK, L4_NONE, OK, 1500, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"type 0x05dd (neither)", TF_ETH "05dd 00",
	 OK, L3_OTHER, OK, L4_NONE, OK, 0x05dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"RARP", TF_ETH "8035 " TF_ARP("0004"),
	 OK, L3_OTHER, OK, L4_NONE, OK, 0x8035, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"ARP reply", TF_ETH "0806 " TF_ARP("0002"),
	 OK, L3_ARP, OK, L4_NONE, OK, 0x0806, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"ARP hlen 8", TF_ETH "0806 0001 0800 08 04 0002 0200000000020000 c0000202 "
	 "0000000000000000 c0000201",
	 OK, L3_ARP, OK, L4_NONE, OK, 0x0806, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"ARP hlen 8 cut in target", TF_ETH "0806 0001 0800 08 04 0002 0200000000020000 c0000202 "
	 "0000000000000000 c00002",
	 TR, L3_ARP, TR, L4_NONE, OK, 0x0806, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0},
	{"IPv4 IHL 6", TF_ETH "0800 46 00 002c 1234 0000 40 11 0000 c0000201 c0000202 01010101 "
	 TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 38, 4},
	{"IPv4 version 6", TF_ETH "0800 65 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004),
	 IN, L3_IPV4, IN, L4_NONE, OK, 0x0800, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 6},
	{"IPv4 IHL 4", TF_ETH "0800 44 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004),
	 IN, L3_IPV4, IN, L4_NONE, OK, 0x0800, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 4},
	{"IPv4 total length 10", TF_ETH "0800 " TF_IP4("000a", "0000", "11") TF_UDP(P_5004),
	 IN, L3_IPV4, IN, L4_NONE, OK, 0x0800, 0, 0, 17, 0, 0, 0, 0, 0, 14, 0, 4},
	{"IPv4 total length 24: UDP past it", TF_ETH "0800 " TF_IP4("0018", "0000", "11")
	 TF_UDP(P_5004),
	 IN, L3_IPV4, OK, L4_UDP, IN, 0x0800, 0, 0, 17, 0, 0, 0, 0, 0, 14, 34, 4},
	/* RFC 791: the total length counts the header, here IHL 6 = 24 bytes */
	{"IPv4 IHL 6, total length 22", TF_ETH "0800 46 00 0016 1234 0000 40 11 0000 c0000201 "
	 "c0000202 01010101 " TF_UDP(P_5004),
	 IN, L3_IPV4, IN, L4_NONE, OK, 0x0800, 0, 0, 17, 0, 0, 0, 0, 0, 14, 0, 4},
	{"IPv4 total length 0", TF_ETH "0800 " TF_IP4("0000", "0000", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 34, 4},
	{"IPv4 total length 1000", TF_ETH "0800 " TF_IP4("03e8", "0000", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 34, 4},
	{"IPv4 first fragment", TF_ETH "0800 " TF_IP4("0028", "2000", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 1, 0, 40000, 5004, 0, 14, 34, 4},
	{"IPv4 non-first fragment", TF_ETH "0800 " TF_IP4("0028", "20b9", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_NONE, OK, 0x0800, 0, 0, 17, 1, 1, 0, 0, 0, 14, 0, 4},
	{"IPv4 last fragment", TF_ETH "0800 " TF_IP4("0028", "0001", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_NONE, OK, 0x0800, 0, 0, 17, 1, 1, 0, 0, 0, 14, 0, 4},
	{"IPv4 DF only", TF_ETH "0800 " TF_IP4("0028", "4000", "11") TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_UDP, OK, 0x0800, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 34, 4},
	{"IPv4 TCP", TF_ETH "0800 " TF_IP4("0028", "0000", "06") TF_TCP(P_5004),
	 OK, L3_IPV4, OK, L4_TCP, OK, 0x0800, 0, 0, 6, 0, 0, 40001, 5004, 0, 14, 34, 4},
	{"IPv4 TCP data offset 4", TF_ETH "0800 " TF_IP4("0028", "0000", "06")
	 "9c41 138c 00000001 00000000 40 18 0200 0000 0000",
	 IN, L3_IPV4, OK, L4_TCP, IN, 0x0800, 0, 0, 6, 0, 0, 0, 0, 0, 14, 34, 4},
	/* a data offset past the datagram's end (total length 40: 20 bytes of
	 * TCP, data offset 6 says 24) is invalid, as tshark's "Short segment"
	 * (review n54: it was OK); within it (total length 44, 4 bytes of
	 * NOP options) OK; past the captured bytes alone (total length 80,
	 * data offset 15, a capture cut after 20 bytes of TCP) OK: the ports
	 * are whole, the options not read */
	{"IPv4 TCP data offset 6 past the datagram", TF_ETH "0800 " TF_IP4("0028", "0000", "06")
	 "9c41 138c 00000001 00000000 60 18 0200 0000 0000 01010101",
	 IN, L3_IPV4, OK, L4_TCP, IN, 0x0800, 0, 0, 6, 0, 0, 0, 0, 0, 14, 34, 4},
	{"IPv4 TCP data offset 6", TF_ETH "0800 " TF_IP4("002c", "0000", "06")
	 "9c41 138c 00000001 00000000 60 18 0200 0000 0000 01010101",
	 OK, L3_IPV4, OK, L4_TCP, OK, 0x0800, 0, 0, 6, 0, 0, 40001, 5004, 0, 14, 34, 4},
	{"IPv4 TCP data offset 15 cut", TF_ETH "0800 " TF_IP4("0050", "0000", "06")
	 "9c41 138c 00000001 00000000 f0 18 0200 0000 0000",
	 OK, L3_IPV4, OK, L4_TCP, OK, 0x0800, 0, 0, 6, 0, 0, 40001, 5004, 0, 14, 34, 4},
	{"IPv4 ICMP", TF_ETH "0800 " TF_IP4("0024", "0000", "01") "08 00 0000 0001 0001 "
	 "6162636465666768",
	 OK, L3_IPV4, OK, L4_ICMP, OK, 0x0800, 0, 0, 1, 0, 0, 0, 0, 0, 14, 34, 4},
	{"IPv4 carrying ICMPv6", TF_ETH "0800 " TF_IP4("0024", "0000", "3a") "80 00 0000 0001 0001 "
	 "6162636465666768",
	 OK, L3_IPV4, OK, L4_OTHER, OK, 0x0800, 0, 0, 58, 0, 0, 0, 0, 0, 14, 34, 4},
	{"IPv4 AH", TF_ETH "0800 " TF_IP4("0040", "0000", "33") "11 04 0000 00000000 00000000 "
	 "000000000000000000000000 " TF_UDP(P_5004),
	 OK, L3_IPV4, OK, L4_OTHER, OK, 0x0800, 0, 0, 51, 0, 0, 0, 0, 0, 14, 34, 4},
	{"IPv6 UDP", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 54, 6},
	{"IPv6 hop-by-hop", TF_ETH "86dd " TF_IP6("001c", "00") TF_OPTS8("11") TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 62, 6},
	{"IPv6 routing", TF_ETH "86dd " TF_IP6("002c", "2b") TF_RH0("11") TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 78, 6},
	{"IPv6 destination options", TF_ETH "86dd " TF_IP6("001c", "3c") TF_OPTS8("11")
	 TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 62, 6},
	{"IPv6 first fragment", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0001")
	 TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 1, 0, 40000, 5004, 1, 14, 62, 6},
	{"IPv6 non-first fragment", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0320")
	 TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_NONE, OK, 0x86dd, 0, 0, 17, 1, 1, 0, 0, 1, 14, 0, 6},
	{"IPv6 four extension headers", TF_ETH "86dd " TF_IP6("0044", "00") TF_OPTS8("2b")
	 TF_RH0("3c") TF_OPTS8("2c") TF_FRAG("11", "0001") TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 1, 0, 40000, 5004, 4, 14, 102, 6},
	{"IPv6 ESP", TF_ETH "86dd " TF_IP6("0010", "32") "00000001 00000001 0000000000000000",
	 OK, L3_IPV6, OK, L4_OTHER, OK, 0x86dd, 0, 0, 50, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 hop-by-hop then AH", TF_ETH "86dd " TF_IP6("0034", "00") TF_OPTS8("33")
	 "11 04 0000 00000000 00000000 000000000000000000000000 " TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_OTHER, OK, 0x86dd, 0, 0, 51, 0, 0, 0, 0, 1, 14, 62, 6},
	{"IPv6 no next header", TF_ETH "86dd " TF_IP6("0000", "3b"),
	 OK, L3_IPV6, OK, L4_OTHER, OK, 0x86dd, 0, 0, 59, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 payload length 0, UDP", TF_ETH "86dd " TF_IP6("0000", "11") TF_UDP(P_5004),
	 IN, L3_IPV6, OK, L4_UDP, IN, 0x86dd, 0, 0, 17, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 payload length 0, hop-by-hop, no jumbo option", TF_ETH "86dd " TF_IP6("0000", "00")
	 TF_OPTS8("11") TF_UDP(P_5004),
	 IN, L3_IPV6, IN, L4_NONE, OK, 0x86dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 6},
	{"IPv6 jumbogram 70000", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 00011170 "
	 TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 62, 6},
	{"IPv6 jumbogram after Pad1 options", TF_ETH "86dd " TF_IP6("0000", "00")
	 "11 01 00 00 c2 04 00011170 01 04 00000000 " TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 70, 6},
	/* Pad1 is one byte, PadN a TLV (RFC 8200 4.2): 00 | 01 01 00 | c2 04 ... | 01 02 0000 */
	{"IPv6 jumbogram after Pad1 and PadN", TF_ETH "86dd " TF_IP6("0000", "00")
	 "11 01 00 01 01 00 c2 04 00011170 01 02 0000 " TF_UDP(P_5004),
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 1, 14, 70, 6},
	/* RFC 2675: the Jumbo Payload option's data length is 4; one of 6 is not it */
	{"IPv6 jumbo option length 6", TF_ETH "86dd " TF_IP6("0000", "00")
	 "11 01 c2 06 00011170 0000 01 04 00000000 " TF_UDP(P_5004),
	 IN, L3_IPV6, IN, L4_NONE, OK, 0x86dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 6},
	{"IPv6 jumbo length 28 (<= 65535)", TF_ETH "86dd " TF_IP6("0000", "00")
	 "11 00 c2 04 0000001c " TF_UDP(P_5004),
	 IN, L3_IPV6, IN, L4_NONE, OK, 0x86dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 6},
	{"IPv6 payload length 4", TF_ETH "86dd " TF_IP6("0004", "11") TF_UDP(P_5004),
	 IN, L3_IPV6, OK, L4_UDP, IN, 0x86dd, 0, 0, 17, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 payload length 4, hop-by-hop", TF_ETH "86dd " TF_IP6("0004", "00") TF_OPTS8("11")
	 TF_UDP(P_5004),
	 IN, L3_IPV6, IN, L4_NONE, OK, 0x86dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 6},
	{"IPv6 version 4", TF_ETH "86dd 40000000 0014 11 40 "
	 "20010db8000000000000000000000001 20010db8000000000000000000000002 " TF_UDP(P_5004),
	 IN, L3_IPV6, IN, L4_NONE, OK, 0x86dd, 0, 0, 0, 0, 0, 0, 0, 0, 14, 0, 4},
	{"IPv6 ICMPv6", TF_ETH "86dd " TF_IP6("0010", "3a") "80 00 0000 0001 0001 6162636465666768",
	 OK, L3_IPV6, OK, L4_ICMPV6, OK, 0x86dd, 0, 0, 58, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 carrying ICMP (1)", TF_ETH "86dd " TF_IP6("0010", "01") "08 00 0000 0001 0001 "
	 "6162636465666768",
	 OK, L3_IPV6, OK, L4_OTHER, OK, 0x86dd, 0, 0, 1, 0, 0, 0, 0, 0, 14, 54, 6},
	{"IPv6 TCP", TF_ETH "86dd " TF_IP6("0014", "06") TF_TCP(P_5004),
	 OK, L3_IPV6, OK, L4_TCP, OK, 0x86dd, 0, 0, 6, 0, 0, 40001, 5004, 0, 14, 54, 6},
	{"IPv6 trailer after payload", TF_ETH "86dd " TF_IP6("0008", "11") P_40000 " " P_5004
	 " 0008 0000 eeeeeeeeeeeeeeeeeeee",
	 OK, L3_IPV6, OK, L4_UDP, OK, 0x86dd, 0, 0, 17, 0, 0, 40000, 5004, 0, 14, 54, 6},
};
#define NPCASES (sizeof(pcases) / sizeof(pcases[0]))

START_TEST(t_parse)
{
	const struct pcase *pc = &pcases[_i];
	uint8_t buf[MAXF];
	size_t n = hex(pc->hex, buf, sizeof buf);
	struct frame_info fi;
	memset(&fi, 0xa5, sizeof fi);     /* frame_parse must fill all of it */
	enum frame_status st = frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_msg(st == pc->ret, "%s: returned %d, expected %d", pc->name, st, pc->ret);
	ck_assert_msg(fi.l3 == pc->l3, "%s: l3 %d, expected %d", pc->name, fi.l3, pc->l3);
	ck_assert_msg(fi.l3_status == pc->l3st, "%s: l3_status %d", pc->name, fi.l3_status);
	ck_assert_msg(fi.l4 == pc->l4, "%s: l4 %d, expected %d", pc->name, fi.l4, pc->l4);
	ck_assert_msg(fi.l4_status == pc->l4st, "%s: l4_status %d", pc->name, fi.l4_status);
	ck_assert_msg(fi.ethertype == pc->ethertype, "%s: ethertype %#x", pc->name, fi.ethertype);
	ck_assert(fi.has_dst && fi.has_src && fi.has_ethertype);
	ck_assert_msg(fi.nvlan == pc->nvlan, "%s: nvlan %u", pc->name, fi.nvlan);
	ck_assert_msg(fi.third_tag == pc->third, "%s: third_tag %u", pc->name, fi.third_tag);
	ck_assert_msg(fi.l3_off == pc->l3_off, "%s: l3_off %u", pc->name, fi.l3_off);
	if (pc->l3 == L3_IPV4 || pc->l3 == L3_IPV6) {
		ck_assert_msg(fi.ip_version == pc->ipver, "%s: version %u", pc->name, fi.ip_version);
		if (pc->proto)
			ck_assert_msg(fi.ip_proto == pc->proto, "%s: proto %u", pc->name, fi.ip_proto);
		ck_assert_msg(fi.ip_fragment == pc->frag, "%s: fragment", pc->name);
		ck_assert_msg(fi.ip_nonfirst_fragment == pc->nonfirst, "%s: non-first", pc->name);
		ck_assert_msg(fi.ipv6_ext_count == pc->ext, "%s: ext %u", pc->name, fi.ipv6_ext_count);
	}
	if (pc->l4 != L4_NONE)
		ck_assert_msg(fi.l4_off == pc->l4_off, "%s: l4_off %u", pc->name, fi.l4_off);
	if ((pc->l4 == L4_UDP || pc->l4 == L4_TCP) && pc->l4st == FRAME_OK) {
		ck_assert_msg(fi.sport == pc->sport && fi.dport == pc->dport, "%s: ports %u %u",
		              pc->name, fi.sport, fi.dport);
	} else if (pc->l4 == L4_UDP) {
		ck_assert_msg(fi.sport == 0 && fi.dport == 0, "%s: ports of a header not there",
		              pc->name);
	}
	ck_assert_uint_eq(fi.caplen, n);
	ck_assert_uint_eq(fi.wirelen, n);
	ck_assert_mem_eq(fi.dst, "\x02\x00\x00\x00\x00\x01", 6);
	ck_assert_mem_eq(fi.src, "\x02\x00\x00\x00\x00\x02", 6);
}
END_TEST

START_TEST(t_parse_details)
{
	uint8_t buf[MAXF];
	struct frame_info fi;
	size_t n;

	/* VLAN tags: TPID and TCI of each */
	n = hex(TF_ETH "88a8 a00a 8100 0014 0800 " TF_IP4_UDP(P_5004), buf, sizeof buf);
	frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_uint_eq(fi.vlan_tpid[0], 0x88a8);
	ck_assert_uint_eq(fi.vlan_tci[0], 0xa00a);
	ck_assert_uint_eq(fi.vlan_tpid[1], 0x8100);
	ck_assert_uint_eq(fi.vlan_tci[1], 0x0014);

	/* ARP fields */
	n = hex(TF_ETH "0806 " TF_ARP("0002"), buf, sizeof buf);
	ck_assert_uint_eq(n, 42);
	ck_assert_int_eq(frame_parse(buf, 42, 60, &fi), FRAME_OK);
	ck_assert_uint_eq(fi.arp_htype, 1);
	ck_assert_uint_eq(fi.arp_ptype, 0x0800);
	ck_assert_uint_eq(fi.arp_hlen, 6);
	ck_assert_uint_eq(fi.arp_plen, 4);
	ck_assert_uint_eq(fi.arp_oper, 2);
	ck_assert_mem_eq(fi.arp_sha, "\x02\x00\x00\x00\x00\x02", 6);
	ck_assert_uint_eq(fi.arp_spa, 0xc0000202);
	ck_assert_uint_eq(fi.arp_tpa, 0xc0000201);
	ck_assert_uint_eq(fi.wirelen, 60);

	/* ARP with 8-byte hardware addresses: sha not filled, spa is */
	n = hex(TF_ETH "0806 0001 0800 08 04 0002 0200000000020000 c0000202 0000000000000000 "
	        "c0000201", buf, sizeof buf);
	ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_OK);
	ck_assert_mem_eq(fi.arp_sha, "\0\0\0\0\0\0", 6);
	ck_assert_uint_eq(fi.arp_spa, 0xc0000202);
	ck_assert_uint_eq(fi.arp_tpa, 0xc0000201);

	/* IP addresses, ICMP type */
	n = hex(TF_ETH "0800 " TF_IP4("0024", "0000", "01") "08 00 0000 0001 0001 6162636465666768",
	        buf, sizeof buf);
	frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_mem_eq(fi.ip_src, "\xc0\x00\x02\x01", 4);
	ck_assert_mem_eq(fi.ip_dst, "\xc0\x00\x02\x02", 4);
	ck_assert_uint_eq(fi.icmp_type, 8);
	ck_assert_uint_eq(fi.ip_ihl, 5);
	n = hex(TF_ETH "86dd " TF_IP6("0010", "3a") "80 00 0000 0001 0001 6162636465666768",
	        buf, sizeof buf);
	frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_uint_eq(fi.icmp_type, 128);
	ck_assert_mem_eq(fi.ip_src, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	ck_assert_mem_eq(fi.ip_dst, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x02", 16);

	/* a wire length below the captured length is raised to it */
	n = hex(TF_ETH "0800 " TF_IP4_UDP(P_5004), buf, sizeof buf);
	frame_parse(buf, (uint32_t)n, 10, &fi);
	ck_assert_uint_eq(fi.wirelen, n);
	frame_parse(buf, 20, 1514, &fi);
	ck_assert_uint_eq(fi.caplen, 20);
	ck_assert_uint_eq(fi.wirelen, 1514);

	/* no bytes at all */
	ck_assert_int_eq(frame_parse(NULL, 0, 64, &fi), FRAME_TRUNCATED);
	ck_assert(!fi.has_dst && !fi.has_src && !fi.has_ethertype);
	ck_assert_int_eq(fi.l3, L3_NONE);
	ck_assert_uint_eq(fi.wirelen, 64);
	ck_assert_int_eq(frame_parse(NULL, 100, 100, &fi), FRAME_TRUNCATED);
	ck_assert_uint_eq(fi.caplen, 0);
}
END_TEST

/* ---- every truncation point ----------------------------------------------- *
 * Cut each frame at every length from 0 to whole, into a buffer of exactly
 * that size (so that a read past it shows under AddressSanitizer), and check
 * that each header becomes present exactly at its last byte. */

struct sweep {
	const char *name;
	const char *hex;
	uint32_t type_at;    /* bytes needed for the (innermost) type field */
	uint32_t l3_at;      /* ... for the L3 header (IP incl. options / extensions; ARP body) */
	uint32_t l4_at;      /* ... for the L4 header; 0: none is looked for */
	enum frame_l3 l3;
	enum frame_l4 l4;
	uint16_t dport;
	/* nvlan as a function of caplen: tags whose TPID is captured */
	uint32_t tag_at[2];
};

static const struct sweep sweeps[] = {
	{"IPv4 UDP", TF_ETH "0800 " TF_IP4_UDP(P_5004), 14, 34, 42, L3_IPV4, L4_UDP, 5004, {0, 0}},
	{"VLAN IPv4 UDP", TF_ETH "8100 0001 0800 " TF_IP4_UDP(P_5004), 18, 38, 46, L3_IPV4, L4_UDP,
	 5004, {14, 0}},
	{"QinQ IPv4 UDP", TF_ETH "88a8 0001 8100 0002 0800 " TF_IP4_UDP(P_5004), 22, 42, 50,
	 L3_IPV4, L4_UDP, 5004, {14, 18}},
	{"IPv4 IHL 6 UDP", TF_ETH "0800 46 00 002c 1234 0000 40 11 0000 c0000201 c0000202 01010101 "
	 TF_UDP(P_5099), 14, 38, 46, L3_IPV4, L4_UDP, 5099, {0, 0}},
	{"IPv4 TCP", TF_ETH "0800 " TF_IP4("0028", "0000", "06") TF_TCP(P_5004), 14, 34, 54,
	 L3_IPV4, L4_TCP, 5004, {0, 0}},
	{"IPv4 non-first fragment", TF_ETH "0800 " TF_IP4("0028", "00b9", "11") TF_UDP(P_5004),
	 14, 34, 0, L3_IPV4, L4_NONE, 0, {0, 0}},
	{"ARP reply", TF_ETH "0806 " TF_ARP("0002"), 14, 42, 0, L3_ARP, L4_NONE, 0, {0, 0}},
	{"IPv6 UDP", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004), 14, 54, 62, L3_IPV6,
	 L4_UDP, 5004, {0, 0}},
	{"IPv6 four extension headers", TF_ETH "86dd " TF_IP6("0044", "00") TF_OPTS8("2b")
	 TF_RH0("3c") TF_OPTS8("2c") TF_FRAG("11", "0001") TF_UDP(P_5004), 14, 102, 110, L3_IPV6,
	 L4_UDP, 5004, {0, 0}},
	{"IPv6 non-first fragment", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0320")
	 TF_UDP(P_5004), 14, 62, 0, L3_IPV6, L4_NONE, 0, {0, 0}},
	{"IPv6 jumbogram", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 00011170 "
	 TF_UDP(P_5004), 14, 62, 70, L3_IPV6, L4_UDP, 5004, {0, 0}},
	{"VLAN IPv6 ICMPv6", TF_ETH "8100 0001 86dd " TF_IP6("0010", "3a")
	 "80 00 0000 0001 0001 6162636465666768", 18, 58, 62, L3_IPV6, L4_ICMPV6, 0, {14, 0}},
};
#define NSWEEPS (sizeof(sweeps) / sizeof(sweeps[0]))

START_TEST(t_sweep)
{
	const struct sweep *sw = &sweeps[_i];
	uint8_t whole[MAXF];
	size_t n = hex(sw->hex, whole, sizeof whole);
	uint32_t last = sw->l4_at ? sw->l4_at : sw->l3_at;
	ck_assert_uint_le(last, n);
	for (uint32_t cap = 0; cap <= n; cap++) {
		uint8_t *p = malloc(cap ? cap : 1);
		ck_assert_ptr_nonnull(p);
		memcpy(p, whole, cap);
		struct frame_info fi;
		enum frame_status st = frame_parse(p, cap, (uint32_t)n, &fi);
		const char *nm = sw->name;
		ck_assert_msg(fi.has_dst == (cap >= 6), "%s at %u: has_dst", nm, cap);
		ck_assert_msg(fi.has_src == (cap >= 12), "%s at %u: has_src", nm, cap);
		ck_assert_msg(fi.has_ethertype == (cap >= sw->type_at), "%s at %u: has_ethertype", nm, cap);
		unsigned tags = (sw->tag_at[0] && cap >= sw->tag_at[0]) +
		                (sw->tag_at[1] && cap >= sw->tag_at[1]);
		ck_assert_msg(fi.nvlan == tags, "%s at %u: nvlan %u, expected %u", nm, cap, fi.nvlan,
		              tags);
		ck_assert_msg(fi.l3 == (cap >= sw->type_at ? sw->l3 : L3_NONE), "%s at %u: l3 %d", nm,
		              cap, fi.l3);
		ck_assert_msg((fi.l3_status == FRAME_OK) == (cap >= sw->l3_at),
		              "%s at %u: l3_status %d", nm, cap, fi.l3_status);
		if (fi.l3_status != FRAME_OK)
			ck_assert_msg(fi.l3_status == FRAME_TRUNCATED, "%s at %u: not TRUNCATED", nm, cap);
		if (cap < sw->l3_at || sw->l4 == L4_NONE) {
			ck_assert_msg(fi.l4 == L4_NONE, "%s at %u: l4 %d before L3", nm, cap, fi.l4);
		} else {
			ck_assert_msg(fi.l4 == sw->l4, "%s at %u: l4 %d", nm, cap, fi.l4);
			ck_assert_msg(fi.l4_status == (cap >= sw->l4_at ? FRAME_OK : FRAME_TRUNCATED),
			              "%s at %u: l4_status %d", nm, cap, fi.l4_status);
		}
		ck_assert_msg(fi.dport == (sw->l4_at && cap >= sw->l4_at ? sw->dport : 0),
		              "%s at %u: dport %u", nm, cap, fi.dport);
		ck_assert_msg(st == (cap >= last ? FRAME_OK : FRAME_TRUNCATED),
		              "%s at %u: returned %d", nm, cap, st);
		ck_assert_uint_eq(fi.caplen, cap);
		ck_assert_uint_eq(fi.wirelen, n);
		free(p);
	}
}
END_TEST

/* A malformed header is INVALID from the byte that shows it, even when the
 * capture ends later in the same header; before that byte, TRUNCATED. */
static const struct {
	const char *name;
	const char *hex;
	uint32_t invalid_at;
} invsweeps[] = {
	{"IPv4 version 6", TF_ETH "0800 65 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), 15},
	{"IPv4 IHL 3", TF_ETH "0800 43 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), 15},
	{"IPv4 IHL 6, total length 19", TF_ETH "0800 46 00 0013 1234 0000 40 11 0000 c0000201 "
	 "c0000202 01010101 " TF_UDP(P_5004), 34},
	{"IPv4 total length 24, UDP past it", TF_ETH "0800 " TF_IP4("0018", "0000", "11")
	 TF_UDP(P_5004), 38},
	{"IPv6 version 5", TF_ETH "86dd 50000000 0014 11 40 "
	 "20010db8000000000000000000000001 20010db8000000000000000000000002 " TF_UDP(P_5004), 15},
	{"IPv6 payload length 4, UDP past it", TF_ETH "86dd " TF_IP6("0004", "11") TF_UDP(P_5004),
	 58},
	{"IPv6 payload length 10: UDP past it, after hop-by-hop", TF_ETH "86dd "
	 TF_IP6("000a", "00") TF_OPTS8("11") TF_UDP(P_5004), 64},
	{"IPv6 payload length 6: hop-by-hop past it", TF_ETH "86dd " TF_IP6("0006", "00")
	 TF_OPTS8("11") TF_UDP(P_5004), 60},
};
#define NINV (sizeof(invsweeps) / sizeof(invsweeps[0]))

START_TEST(t_invalid_sweep)
{
	uint8_t whole[MAXF];
	size_t n = hex(invsweeps[_i].hex, whole, sizeof whole);
	for (uint32_t cap = 0; cap <= n; cap++) {
		uint8_t *p = malloc(cap ? cap : 1);
		memcpy(p, whole, cap);
		struct frame_info fi;
		enum frame_status st = frame_parse(p, cap, (uint32_t)n, &fi);
		enum frame_status want = cap >= invsweeps[_i].invalid_at ? FRAME_INVALID : FRAME_TRUNCATED;
		ck_assert_msg(st == want, "%s at %u: returned %d, expected %d", invsweeps[_i].name,
		              cap, st, want);
		free(p);
	}
}
END_TEST

/* ---- builders -------------------------------------------------------------- */

static const uint8_t MAC_A[6] = {0x02, 0, 0, 0, 0, 0x0a};
static const uint8_t MAC_B[6] = {0x02, 0, 0, 0, 0, 0x0b};
static const uint8_t IP4_A[16] = {10, 0, 0, 1};
static const uint8_t IP4_B[16] = {10, 0, 0, 2};
static const uint8_t IP6_A[16] = {0xfe, 0x80, [15] = 1};
static const uint8_t IP6_B[16] = {0xfe, 0x80, [15] = 2};

static uint16_t rd16(const uint8_t *q) { return (uint16_t)(q[0] << 8 | q[1]); }

/* RFC 1071 one's-complement sum, written separately from frame.c's. */
static uint32_t sum16(const uint8_t *q, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? q[i] : (uint32_t)q[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint32_t)s;
}

/* The transport checksum verifies: pseudo-header + segment sums to 0xffff. */
static bool l4_ok(bool v6, const uint8_t *ip, const uint8_t *l4, size_t len, uint8_t proto)
{
	uint8_t ph[40];
	size_t pn;
	if (v6) {
		memcpy(ph, ip + 8, 32);
		ph[32] = (uint8_t)(len >> 24); ph[33] = (uint8_t)(len >> 16);
		ph[34] = (uint8_t)(len >> 8); ph[35] = (uint8_t)len;
		ph[36] = ph[37] = ph[38] = 0; ph[39] = proto;
		pn = 40;
	} else {
		memcpy(ph, ip + 12, 8);
		ph[8] = 0; ph[9] = proto; ph[10] = (uint8_t)(len >> 8); ph[11] = (uint8_t)len;
		pn = 12;
	}
	uint32_t s = sum16(ph, pn) + sum16(l4, len);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

START_TEST(t_build_udp_g711)
{
	/* G.711 20 ms: 12-byte RTP header + 160 bytes of payload (SPEC V1) */
	uint8_t pay[172];
	for (size_t i = 0; i < sizeof pay; i++)
		pay[i] = (uint8_t)(i * 7 + 1);
	uint8_t buf[MAXF];
	size_t n = frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B, 5004, 5006,
	                           pay, sizeof pay, 0x1234);
	ck_assert_uint_eq(n, 214);            /* 14 + 20 + 8 + 172 */
	struct frame_info fi;
	ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_OK);
	ck_assert_int_eq(fi.l3, L3_IPV4);
	ck_assert_int_eq(fi.l4, L4_UDP);
	ck_assert_uint_eq(fi.ethertype, 0x0800);
	ck_assert_mem_eq(fi.dst, MAC_B, 6);
	ck_assert_mem_eq(fi.src, MAC_A, 6);
	ck_assert_mem_eq(fi.ip_src, IP4_A, 4);
	ck_assert_mem_eq(fi.ip_dst, IP4_B, 4);
	ck_assert_uint_eq(fi.ip_proto, 17);
	ck_assert_uint_eq(fi.sport, 5004);
	ck_assert_uint_eq(fi.dport, 5006);
	ck_assert_uint_eq(fi.l4_off, 34);
	ck_assert(!fi.ip_fragment);
	/* the bytes */
	ck_assert_uint_eq(buf[14], 0x45);
	ck_assert_uint_eq(rd16(buf + 16), 200);          /* total length */
	ck_assert_uint_eq(rd16(buf + 18), 0x1234);       /* identification */
	ck_assert_uint_eq(buf[22], 64);                  /* TTL */
	ck_assert_uint_eq(sum16(buf + 14, 20), 0xffff);  /* header checksum verifies */
	ck_assert_uint_eq(rd16(buf + 38), 180);          /* UDP length */
	ck_assert_mem_eq(buf + 42, pay, sizeof pay);
	ck_assert_uint_ne(rd16(buf + 40), 0);
	ck_assert(l4_ok(false, buf + 14, buf + 34, 180, 17));

	/* exactly enough room, one byte short */
	ck_assert_uint_eq(frame_build_udp(buf, 214, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, pay,
	                                  sizeof pay, 0), 214);
	ck_assert_uint_eq(frame_build_udp(buf, 213, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, pay,
	                                  sizeof pay, 0), 0);
	ck_assert_uint_eq(frame_build_udp(NULL, 1000, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, pay,
	                                  sizeof pay, 0), 0);
}
END_TEST

START_TEST(t_build_udp_v6)
{
	uint8_t buf[MAXF];
	memset(buf, 0xee, sizeof buf);
	size_t n = frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, true, IP6_A, IP6_B, 5010, 5012,
	                           NULL, 172, 0);
	ck_assert_uint_eq(n, 234);            /* 14 + 40 + 8 + 172 */
	struct frame_info fi;
	ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_OK);
	ck_assert_int_eq(fi.l3, L3_IPV6);
	ck_assert_uint_eq(fi.ethertype, 0x86dd);
	ck_assert_int_eq(fi.l4, L4_UDP);
	ck_assert_uint_eq(fi.dport, 5012);
	ck_assert_mem_eq(fi.ip_src, IP6_A, 16);
	ck_assert_mem_eq(fi.ip_dst, IP6_B, 16);
	ck_assert_uint_eq(fi.l4_off, 54);
	ck_assert_uint_eq(rd16(buf + 18), 180);          /* payload length */
	ck_assert_uint_eq(buf[21], 64);                  /* hop limit */
	for (size_t i = 62; i < n; i++)                  /* NULL payload: zeros */
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_uint_ne(rd16(buf + 60), 0);            /* IPv6: checksum mandatory */
	ck_assert(l4_ok(true, buf + 14, buf + 54, 180, 17));
}
END_TEST

/* UDP's checksum 0 means "none": a computed 0 is sent as 0xffff. Over all
 * 2-byte payloads, one gives a computed 0; none may be written as 0. */
START_TEST(t_build_udp_csum_zero)
{
	uint8_t buf[128];
	unsigned ffff = 0;
	for (uint32_t v = 0; v <= 0xffff; v++) {
		uint8_t pay[2] = {(uint8_t)(v >> 8), (uint8_t)v};
		size_t n = frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, _i, _i ? IP6_A : IP4_A,
		                           _i ? IP6_B : IP4_B, 7, 9, pay, 2, 0);
		size_t u = _i ? 54 : 34;
		ck_assert_uint_eq(n, u + 10);
		uint16_t c = rd16(buf + u + 6);
		ck_assert_uint_ne(c, 0);
		ck_assert(l4_ok(_i, buf + 14, buf + u, 10, 17));
		ffff += c == 0xffff;
	}
	ck_assert_uint_ge(ffff, 1);
}
END_TEST

/* frame_build_udp_fill writes the frame frame_build_udp writes for the
 * head followed by the fill, byte for byte (checksum included: its fill
 * share is computed, not summed), and the checksum verifies by the sum
 * l4_ok makes itself. Heads of odd and even lengths (an odd one starts the
 * fill inside a word), fills of odd and even lengths and of several
 * values, IPv4 and IPv6. */
START_TEST(t_build_udp_fill)
{
	static const size_t heads[] = {0, 1, 2, 11, 12, 13};
	static const size_t fills[] = {0, 1, 2, 7, 159, 160, 161, 1400};
	static const uint8_t vals[] = {0x00, 0xff, 0xd5, 0x01, 0x80};
	uint8_t head[13], pay[13 + 1400], a[1600], b[1600];
	for (size_t i = 0; i < sizeof head; i++)
		head[i] = (uint8_t)(0x80 + 37 * i);
	for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
		for (size_t f = 0; f < sizeof fills / sizeof *fills; f++)
			for (size_t v = 0; v < sizeof vals; v++) {
				size_t hl = heads[h], fl = fills[f];
				memcpy(pay, head, hl);
				memset(pay + hl, vals[v], fl);
				size_t na = frame_build_udp(a, sizeof a, MAC_B, MAC_A, _i, _i ? IP6_A : IP4_A,
				                            _i ? IP6_B : IP4_B, 5004, 40002, pay, hl + fl, 77);
				size_t nb = frame_build_udp_fill(b, sizeof b, MAC_B, MAC_A, _i,
				                                 _i ? IP6_A : IP4_A, _i ? IP6_B : IP4_B, 5004,
				                                 40002, head, hl, vals[v], fl, 77);
				size_t u = _i ? 54 : 34;
				ck_assert_uint_eq(na, u + 8 + hl + fl);
				ck_assert_uint_eq(nb, na);
				ck_assert(memcmp(a, b, na) == 0);
				ck_assert(l4_ok(_i, b + 14, b + u, 8 + hl + fl, 17));
			}
	/* a computed 0 is sent as 0xffff here too: over every 2-byte head
	 * before 4 bytes of 0x01, the fields equal frame_build_udp's */
	unsigned ffff = 0;
	for (uint32_t x = 0; x <= 0xffff; x++) {
		uint8_t hd[2] = {(uint8_t)(x >> 8), (uint8_t)x};
		uint8_t p6[6] = {hd[0], hd[1], 1, 1, 1, 1};
		size_t na = frame_build_udp(a, sizeof a, MAC_B, MAC_A, _i, _i ? IP6_A : IP4_A,
		                            _i ? IP6_B : IP4_B, 7, 9, p6, 6, 0);
		size_t nb = frame_build_udp_fill(b, sizeof b, MAC_B, MAC_A, _i, _i ? IP6_A : IP4_A,
		                                 _i ? IP6_B : IP4_B, 7, 9, hd, 2, 1, 4, 0);
		ck_assert_uint_eq(nb, na);
		ck_assert(memcmp(a, b, na) == 0);
		ffff += rd16(b + (_i ? 54 : 34) + 6) == 0xffff;
	}
	ck_assert_uint_ge(ffff, 1);
	/* too long, no buffer, no room: nothing */
	ck_assert_uint_eq(frame_build_udp_fill(b, sizeof b, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2,
	                                       head, 12, 0, 65535, 0), 0);
	ck_assert_uint_eq(frame_build_udp_fill(NULL, 100, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2,
	                                       head, 12, 0, 10, 0), 0);
	ck_assert_uint_eq(frame_build_udp_fill(b, 14 + 20 + 8 + 12 + 9, MAC_B, MAC_A, false, IP4_A,
	                                       IP4_B, 1, 2, head, 12, 0, 10, 0), 0);
}
END_TEST

/* frame_parse takes untagged IPv4 frames without options by a short path
 * (parse_ipv4_plain); the same frame with an 802.1Q tag inserted takes the
 * general walk. Over random such frames (lengths 34..130 captured, random
 * total lengths, fragment fields and protocols) both parses must agree on
 * every field but those the tag moves: the tag itself, caplen and wirelen
 * (+4), l3_off and l4_off (+4). */
START_TEST(t_parse_plain_matches_walk)
{
	static const uint8_t protos[] = {17, 6, 1, 58, 47, 0};
	uint8_t a[160], b[164];
	uint64_t x = 0x243f6a8885a308d3ull;
	for (int k = 0; k < 20000; k++) {
		size_t n = 34 + k % 97;
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			a[i] = (uint8_t)(x >> 56);
		}
		a[12] = 0x08;
		a[13] = 0x00;
		a[14] = 0x45;
		a[23] = protos[(x >> 8) % sizeof protos] ? protos[(x >> 8) % sizeof protos] : a[23];
		switch ((x >> 16) % 4) {      /* total length: 0, short, fitting, beyond */
		case 0: a[16] = a[17] = 0; break;
		case 1: a[16] = 0; a[17] = (uint8_t)((x >> 24) % 20); break;
		case 2: a[16] = 0; a[17] = (uint8_t)(n - 14 - (x >> 24) % 8); break;
		default: break;
		}
		if ((x >> 32) % 2) {          /* mostly no fragment */
			a[20] = (uint8_t)(a[20] & 0x40);
			a[21] = 0;
		}
		uint32_t wire = (uint32_t)(n + (x >> 40) % 3 * 50);
		memcpy(b, a, 12);
		b[12] = 0x81;
		b[13] = 0x00;
		b[14] = (uint8_t)(x >> 48);
		b[15] = (uint8_t)(x >> 52);
		memcpy(b + 16, a + 12, n - 12);
		struct frame_info fa, fb;
		enum frame_status sa = frame_parse(a, (uint32_t)n, wire, &fa);
		enum frame_status sb = frame_parse(b, (uint32_t)n + 4, wire + 4, &fb);
		ck_assert_int_eq(sa, sb);
		ck_assert_uint_eq(fb.nvlan, 1);
		ck_assert_uint_eq(fb.vlan_tpid[0], 0x8100);
		ck_assert_uint_eq(fb.vlan_tci[0], (uint16_t)(b[14] << 8 | b[15]));
		fb.nvlan = 0;
		fb.vlan_tpid[0] = fb.vlan_tci[0] = 0;
		fb.caplen -= 4;
		fb.wirelen -= 4;
		ck_assert_uint_eq(fb.l3_off, 18);
		fb.l3_off = 14;
		if (fb.l4_off)
			fb.l4_off -= 4;
		if (fb.ip_end)                /* an offset, or wirelen: 4 more either way */
			fb.ip_end -= 4;
		ck_assert_msg(memcmp(&fa, &fb, sizeof fa) == 0, "frame %d (%zu bytes): parses differ", k,
		              n);
	}
}
END_TEST

/* ip_end, the offset just past the IP datagram, by hand from each frame's
 * length field: 14 bytes of Ethernet (18 with a tag), then the IPv4 total
 * length or 40 + the IPv6 payload length; padding and trailers after it
 * are not the datagram's; a total length of 0 is the frame's length on
 * the wire (segmentation offload); a jumbogram's length is its option's. */
/* The fixed RTP header by RFC 3550 5.1's figure, by hand: byte 0 V=2 (10),
 * P, X 0, CC 0 -> 0x80; byte 1 M then PT: marker with PT 8 -> 0x88,
 * without and PT 0 -> 0x00; a PT above 127 keeps its 7 bits (0xff ->
 * 0x7f with the marker clear); then seq, timestamp and SSRC big-endian. */
START_TEST(t_rtp_header)
{
	uint8_t h[FRAME_RTP_HLEN];
	frame_build_rtp(h, true, 8, 0x1234, 0x89abcdefu, 0x10000005u);
	static const uint8_t want1[12] = {0x80, 0x88, 0x12, 0x34, 0x89, 0xab,
	                                  0xcd, 0xef, 0x10, 0x00, 0x00, 0x05};
	ck_assert_mem_eq(h, want1, 12);
	frame_build_rtp(h, false, 0, 0xffff, 160, 0x4e530007u);
	static const uint8_t want2[12] = {0x80, 0x00, 0xff, 0xff, 0x00, 0x00,
	                                  0x00, 0xa0, 0x4e, 0x53, 0x00, 0x07};
	ck_assert_mem_eq(h, want2, 12);
	frame_build_rtp(h, false, 0xff, 0, 0, 0);
	ck_assert_uint_eq(h[1], 0x7f);
}
END_TEST

START_TEST(t_ip_end)
{
	static const struct {
		const char *name, *hex;
		uint32_t wire;         /* 0: the bytes given */
		uint32_t end;
	} c[] = {
		{"IPv4 UDP, 40 bytes", TF_ETH "0800 " TF_IP4_UDP(P_5004), 0, 14 + 40},
		{"IPv4 UDP padded to 60", TF_ETH "0800 " TF_IP4("001c", "0000", "11") P_40000 " "
		 P_5004 " 0008 0000 000000000000000000000000000000000000", 0, 14 + 28},
		{"one tag", TF_ETH "8100 0005 0800 " TF_IP4_UDP(P_5004), 0, 18 + 40},
		{"IPv4 options (IHL 6)", TF_ETH "0800 46 00 0020 1234 0000 40 11 0000 c0000201 "
		 "c0000202 01010100 " P_40000 " " P_5004 " 0008 0000", 0, 14 + 32},
		{"IPv4 total length 0, 54 of 1514 captured", TF_ETH "0800 " TF_IP4("0000", "4000", "06")
		 TF_TCP(P_5004), 1514, 1514},
		{"IPv4 total length 0, tagged", TF_ETH "8100 0005 0800 " TF_IP4("0000", "4000", "06")
		 TF_TCP(P_5004), 1518, 1518},
		{"IPv4 second fragment", TF_ETH "0800 " TF_IP4("0024", "0003", "11")
		 "0000000000000000 0000000000000000", 0, 14 + 36},
		{"IPv4 total length past the capture", TF_ETH "0800 " TF_IP4("05dc", "4000", "11")
		 TF_UDP(P_5004), 1514, 14 + 1500},
		{"IPv6 trailer after payload", TF_ETH "86dd " TF_IP6("0008", "11") P_40000 " " P_5004
		 " 0008 0000 eeeeeeeeeeeeeeeeeeee", 0, 14 + 40 + 8},
		{"IPv6 jumbogram 70000", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 00011170 "
		 TF_UDP(P_5004), 70054, 14 + 40 + 70000},
	};
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		uint8_t buf[MAXF];
		size_t n = hex(c[k].hex, buf, sizeof buf);
		struct frame_info fi;
		frame_parse(buf, (uint32_t)n, c[k].wire ? c[k].wire : (uint32_t)n, &fi);
		ck_assert_msg(fi.l3_status == FRAME_OK, "%s: l3_status %d", c[k].name, fi.l3_status);
		ck_assert_msg(fi.ip_end == c[k].end, "%s: ip_end %u, expected %u", c[k].name,
		              fi.ip_end, c[k].end);
	}
}
END_TEST

/* An L4 header past offset 65535: QinQ (22 bytes of Ethernet), IPv6 (40),
 * then the most extension headers a 16-bit payload length holds, 31
 * destination options headers of 2048 bytes and one of 1992 (65480), then
 * UDP 40000 -> 5004 with 4 bytes "RTP!" (payload length 65480 + 12 =
 * 65492). By hand: the UDP header is at 22 + 40 + 65480 = 65542, its
 * payload at 65550, 65554 bytes in all (within nic.mtu 65535 + 14 + 8).
 * The offset must not be cut to 16 bits, nor the payload read there. */
START_TEST(t_l4_off_past_64k)
{
	size_t n = 65554;
	uint8_t *f = calloc(1, n);
	ck_assert_ptr_nonnull(f);
	size_t h = hex(TF_ETH "88a8 0001 8100 0002 86dd 60000000 ffd4 3c 40", f, n);
	ck_assert_uint_eq(h, 30);
	size_t at = 62;
	for (int k = 0; k < 32; k++) {
		size_t len = k < 31 ? 2048 : 1992;
		f[at] = k < 31 ? 0x3c : 0x11;       /* next header: options again, then UDP */
		f[at + 1] = (uint8_t)(len / 8 - 1); /* the options: Pad1 (zero bytes) */
		at += len;
	}
	ck_assert_uint_eq(at, 65542);
	hex(P_40000 " " P_5004 " 000c 0000 52545021", f + at, n - at);
	struct frame_info fi;
	enum frame_status st = frame_parse(f, (uint32_t)n, (uint32_t)n, &fi);
	ck_assert_msg(st == FRAME_OK && fi.l4 == L4_UDP && fi.dport == 5004 &&
	              fi.ipv6_ext_count == 32 && fi.l3_off == 22,
	              "status %d, l4 %d, dport %u, %u extensions, L3 at %u", st, fi.l4, fi.dport,
	              fi.ipv6_ext_count, fi.l3_off);
	ck_assert_uint_eq(fi.l4_off, 65542);
	size_t len = 0;
	const uint8_t *pay = frame_udp_payload(f, (uint32_t)n, &fi, &len);
	ck_assert_ptr_eq(pay, f + 65550);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(pay, "RTP!", 4);
	free(f);
}
END_TEST

START_TEST(t_build_udp_limits)
{
	size_t cap = 70000;
	uint8_t *buf = malloc(cap);
	/* IPv4: total length <= 65535, so at most 65507 bytes of payload */
	ck_assert_uint_eq(frame_build_udp(buf, cap, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, NULL,
	                                  65507, 0), 14 + 65535);
	ck_assert_uint_eq(rd16(buf + 16), 65535);
	ck_assert_uint_eq(frame_build_udp(buf, cap, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, NULL,
	                                  65508, 0), 0);
	/* IPv6: payload length <= 65535 */
	ck_assert_uint_eq(frame_build_udp(buf, cap, MAC_B, MAC_A, true, IP6_A, IP6_B, 1, 2, NULL,
	                                  65527, 0), 14 + 40 + 65535);
	ck_assert_uint_eq(rd16(buf + 18), 65535);
	ck_assert_uint_eq(frame_build_udp(buf, cap, MAC_B, MAC_A, true, IP6_A, IP6_B, 1, 2, NULL,
	                                  65528, 0), 0);
	ck_assert_uint_eq(frame_build_udp(buf, cap, MAC_B, MAC_A, true, IP6_A, IP6_B, 1, 2, NULL,
	                                  SIZE_MAX, 0), 0);
	free(buf);
}
END_TEST

START_TEST(t_build_tcp)
{
	uint8_t buf[MAXF];
	for (int v6 = 0; v6 <= 1; v6++) {
		const uint8_t *sa = v6 ? IP6_A : IP4_A, *da = v6 ? IP6_B : IP4_B;
		size_t ipl = v6 ? 40 : 20;
		size_t n = frame_build_tcp(buf, sizeof buf, MAC_B, MAC_A, v6, sa, da, 40001, 80,
		                           0x01020304, 0x0a0b0c0d, FRAME_TCP_SYN | FRAME_TCP_ACK,
		                           (const uint8_t *)"hello", 5, 9);
		ck_assert_uint_eq(n, 14 + ipl + 20 + 5);
		struct frame_info fi;
		ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_OK);
		ck_assert_int_eq(fi.l4, L4_TCP);
		ck_assert_uint_eq(fi.ip_proto, 6);
		ck_assert_uint_eq(fi.sport, 40001);
		ck_assert_uint_eq(fi.dport, 80);
		const uint8_t *t = buf + 14 + ipl;
		ck_assert_mem_eq(t + 4, "\x01\x02\x03\x04", 4);
		ck_assert_mem_eq(t + 8, "\x0a\x0b\x0c\x0d", 4);
		ck_assert_uint_eq(t[12], 0x50);
		ck_assert_uint_eq(t[13], 0x12);
		ck_assert_mem_eq(t + 20, "hello", 5);
		ck_assert(l4_ok(v6, buf + 14, t, 25, 6));
		if (!v6) {
			ck_assert_uint_eq(rd16(buf + 16), 45);
			ck_assert_uint_eq(rd16(buf + 18), 9);
			ck_assert_uint_eq(sum16(buf + 14, 20), 0xffff);
		}
		ck_assert_uint_eq(frame_build_tcp(buf, n - 1, MAC_B, MAC_A, v6, sa, da, 1, 2, 0, 0, 0,
		                                  NULL, 5, 0), 0);
	}
}
END_TEST

START_TEST(t_build_arp)
{
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t zero[6] = {0};
	uint8_t buf[64];
	size_t n = frame_build_arp(buf, sizeof buf, bc, MAC_A, FRAME_ARP_REQUEST, MAC_A, 0x0a000001,
	                           zero, 0x0a000002);
	ck_assert_uint_eq(n, 42);
	struct frame_info fi;
	ck_assert_int_eq(frame_parse(buf, 42, 42, &fi), FRAME_OK);
	ck_assert_int_eq(fi.l3, L3_ARP);
	ck_assert_uint_eq(fi.arp_oper, 1);
	ck_assert_uint_eq(fi.arp_htype, 1);
	ck_assert_uint_eq(fi.arp_ptype, 0x0800);
	ck_assert_mem_eq(fi.arp_sha, MAC_A, 6);
	ck_assert_uint_eq(fi.arp_spa, 0x0a000001);
	ck_assert_uint_eq(fi.arp_tpa, 0x0a000002);
	ck_assert(frame_mac_is_broadcast(fi.dst));
	n = frame_build_arp(buf, 42, MAC_A, MAC_B, FRAME_ARP_REPLY, MAC_B, 0x0a000002, MAC_A,
	                    0x0a000001);
	ck_assert_uint_eq(n, 42);
	ck_assert_int_eq(frame_parse(buf, 42, 42, &fi), FRAME_OK);
	ck_assert_uint_eq(fi.arp_oper, 2);
	ck_assert_mem_eq(buf + 32, MAC_A, 6);            /* target hardware address */
	ck_assert_uint_eq(frame_build_arp(buf, 41, MAC_A, MAC_B, 2, MAC_B, 1, MAC_A, 2), 0);
}
END_TEST

/* frame_udp_payload: the bytes the UDP length field covers, not the
 * Ethernet padding after them, cut where the capture was cut. */
START_TEST(t_udp_payload)
{
	static const uint8_t pay[4] = {0xde, 0xad, 0xbe, 0xef};
	uint8_t buf[MAXF] = {0};
	size_t n = frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B, 5060, 5060,
	                           pay, sizeof pay, 1);
	ck_assert_uint_eq(n, 46);             /* 14 + 20 + 8 + 4 */
	struct frame_info fi;
	size_t len = 999;
	/* padded to the 60-byte minimum: 14 bytes of zeros after the payload */
	ck_assert_int_eq(frame_parse(buf, 60, 64, &fi), FRAME_OK);
	const uint8_t *p = frame_udp_payload(buf, 60, &fi, &len);
	ck_assert_ptr_eq(p, buf + 42);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(p, pay, 4);
	/* captured up to 2 payload bytes */
	p = frame_udp_payload(buf, 44, &fi, &len);
	ck_assert_ptr_eq(p, buf + 42);
	ck_assert_uint_eq(len, 2);
	/* captured up to the end of the UDP header: an empty payload, there */
	p = frame_udp_payload(buf, 42, &fi, &len);
	ck_assert_ptr_eq(p, buf + 42);
	ck_assert_uint_eq(len, 0);
	/* the UDP header cut: nothing */
	len = 999;
	ck_assert_ptr_null(frame_udp_payload(buf, 41, &fi, &len));
	ck_assert_uint_eq(len, 999);
	/* a UDP length past the IP datagram (RFC 768: 12 + 8 bytes, the IPv4
	 * total length 30 holds 20 + 8 + 2): the 2 bytes the datagram has,
	 * not the padding after them (review n45: 12 bytes) */
	buf[38] = 0;
	buf[39] = 20;
	ck_assert_int_eq(frame_parse(buf, 60, 64, &fi), FRAME_OK);
	buf[16] = 0;
	buf[17] = 30;
	ck_assert_int_eq(frame_parse(buf, 60, 64, &fi), FRAME_OK);
	ck_assert_uint_eq(fi.ip_end, 44);
	p = frame_udp_payload(buf, 60, &fi, &len);
	ck_assert_ptr_eq(p, buf + 42);
	ck_assert_uint_eq(len, 2);
	buf[16] = 0;
	buf[17] = 32;
	ck_assert_int_eq(frame_parse(buf, 60, 64, &fi), FRAME_OK);
	/* a UDP length below its own header: nothing */
	buf[38] = 0;
	buf[39] = 7;
	ck_assert_ptr_null(frame_udp_payload(buf, 60, &fi, &len));
	/* an IPv4 total length of 24 leaves 4 bytes for the 8-byte UDP header
	 * (RFC 791, 768): the header is invalid, there is no payload, although
	 * the bytes after the datagram look like one */
	n = hex(TF_ETH "0800 " TF_IP4("0018", "0000", "11") TF_UDP(P_5004), buf, sizeof buf);
	ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_INVALID);
	len = 999;
	ck_assert_ptr_null(frame_udp_payload(buf, (uint32_t)n, &fi, &len));
	ck_assert_uint_eq(len, 999);
	/* not UDP */
	n = frame_build_tcp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B, 5060, 5060, 1, 0,
	                    FRAME_TCP_ACK, pay, sizeof pay, 1);
	ck_assert_int_eq(frame_parse(buf, (uint32_t)n, (uint32_t)n, &fi), FRAME_OK);
	ck_assert_ptr_null(frame_udp_payload(buf, (uint32_t)n, &fi, &len));
}
END_TEST

/* ipv6_ext_count is a uint8_t: 256 destination-options headers (8 bytes
 * each, next header 60 = 0x3c, the last 17 = UDP) count as 255, not as 0,
 * and the walk still reaches the UDP header at 14 + 40 + 256 * 8 = 2102. */
START_TEST(t_ext_count_saturates)
{
	enum { NEXT = 256, L4 = 14 + 40 + NEXT * 8, LEN = L4 + 20 };
	static uint8_t buf[LEN];
	size_t n = hex(TF_ETH "86dd " TF_IP6("0814", "3c"), buf, sizeof buf);
	ck_assert_uint_eq(n, 54);                  /* payload length 0x814 = 2048 + 20 */
	for (int k = 0; k < NEXT; k++)
		n += hex(k == NEXT - 1 ? TF_OPTS8("11") : TF_OPTS8("3c"), buf + n, sizeof buf - n);
	n += hex(TF_UDP(P_5004), buf + n, sizeof buf - n);
	ck_assert_uint_eq(n, LEN);
	struct frame_info fi;
	ck_assert_int_eq(frame_parse(buf, LEN, LEN, &fi), FRAME_OK);
	ck_assert_uint_eq(fi.ipv6_ext_count, 255);
	ck_assert_int_eq(fi.l4, L4_UDP);
	ck_assert_uint_eq(fi.l4_off, L4);
	ck_assert_uint_eq(fi.dport, 5004);
}
END_TEST

/* The transport checksum, by hand (RFC 768 pseudo-header, RFC 1071 sum).
 * 10.0.0.1 -> 10.0.0.2, UDP 1 -> 2, payload 00 00: the words are
 *   pseudo-header 0a00 0001 0a00 0002 0011 000a, UDP 0001 0002 000a 0000,
 *   payload 0000;
 *   sum = 0x1400 + 0x01 + 0x02 + 0x11 + 0x0a + 0x01 + 0x02 + 0x0a = 0x142b,
 *   checksum = ~0x142b = 0xebd4.
 * UDP 0xffff -> 0xffff, payload ff ff ff (odd: the last byte is ff00):
 *   0x1400 + 0x01 + 0x02 + 0x11 + 0x0b (length 11) = 0x141f;
 *   + ffff + ffff + 000b + ffff + ff00 = 0x41327; folded 0x1327 + 4 =
 *   0x132b; checksum = ~0x132b = 0xecd4. */
START_TEST(t_csum_by_hand)
{
	uint8_t buf[MAXF];
	static const uint8_t z[2] = {0, 0}, f3[3] = {0xff, 0xff, 0xff};
	ck_assert_uint_eq(frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2,
	                                  z, 2, 0), 44);
	ck_assert_uint_eq(rd16(buf + 40), 0xebd4);
	ck_assert_uint_eq(frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B,
	                                  0xffff, 0xffff, f3, 3, 0), 45);
	ck_assert_uint_eq(rd16(buf + 40), 0xecd4);
}
END_TEST

/* The builders' checksums (summed eight bytes at a time) equal a plain
 * word-by-word RFC 1071 sum (sum16 above) over every length 0..1600,
 * odd and even, IPv4 and IPv6, UDP and TCP, pseudo-random bytes. */
START_TEST(t_csum_matches_wordwise)
{
	static uint8_t pay[1600], buf[MAXF], ph[40];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (size_t len = 0; len <= sizeof pay; len++) {
		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			pay[i] = (uint8_t)(x >> 56);
		}
		bool v6 = len & 1 ? false : (len & 2) != 0;
		bool tcp = (len % 3) == 0;
		size_t hl = tcp ? 20 : 8, l4len = hl + len, u = v6 ? 54 : 34;
		size_t n = tcp ? frame_build_tcp(buf, sizeof buf, MAC_B, MAC_A, v6, v6 ? IP6_A : IP4_A,
		                                 v6 ? IP6_B : IP4_B, 80, 1024, (uint32_t)x, 7,
		                                 FRAME_TCP_ACK, pay, len, 0)
		               : frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, v6, v6 ? IP6_A : IP4_A,
		                                 v6 ? IP6_B : IP4_B, 5004, 5006, pay, len, 0);
		ck_assert_uint_eq(n, u + l4len);
		size_t at = u + (tcp ? 16 : 6);          /* the checksum field */
		uint16_t got = rd16(buf + at);
		buf[at] = buf[at + 1] = 0;
		size_t pn;
		if (v6) {
			memcpy(ph, buf + 22, 32);
			ph[32] = 0; ph[33] = 0; ph[34] = (uint8_t)(l4len >> 8); ph[35] = (uint8_t)l4len;
			ph[36] = ph[37] = ph[38] = 0; ph[39] = tcp ? 6 : 17;
			pn = 40;
		} else {
			memcpy(ph, buf + 26, 8);
			ph[8] = 0; ph[9] = tcp ? 6 : 17; ph[10] = (uint8_t)(l4len >> 8); ph[11] = (uint8_t)l4len;
			pn = 12;
		}
		uint32_t s = sum16(ph, pn) + sum16(buf + u, l4len);
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		uint16_t want = (uint16_t)~s;
		if (!tcp && want == 0)
			want = 0xffff;                       /* UDP: 0 is "none" */
		ck_assert_uint_eq(got, want);
		if (!v6)                                 /* IPv4 header checksum too */
			ck_assert_uint_eq(sum16(buf + 14, 20), 0xffff);
	}
}
END_TEST

/* RFC 1624 by hand: the first datagram of t_csum_by_hand (sum 0x142b,
 * field 0xebd4) with its payload word 0000 -> 0001: sum 0x142c, field
 * ~0x142c = 0xebd3; ~0xebd4 + ~0x0000 + 0x0001 = 0x142b + 0xffff + 1 =
 * 0x1142b, folded 0x142c, the same. */
START_TEST(t_csum_update_by_hand)
{
	ck_assert_uint_eq(frame_udp_csum_update(0xebd4, 0x0000, 0x0001), 0xebd3);
	uint8_t buf[MAXF];
	static const uint8_t one[2] = {0, 1};
	frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B, 1, 2, one, 2, 0);
	ck_assert_uint_eq(rd16(buf + 40), 0xebd3);
	/* a known field is written as given */
	ck_assert_uint_eq(frame_build_udp_csum(buf, sizeof buf, MAC_B, MAC_A, false, IP4_A, IP4_B,
	                                       1, 2, one, 2, 0, 0x1234), 44);
	ck_assert_uint_eq(rd16(buf + 40), 0x1234);
}
END_TEST

/* An update equals a full sum, through every value of a 2-byte payload
 * in turn (the one whose sum is -0, sent as 0xffff, included: see
 * t_build_udp_csum_zero), IPv4 and IPv6; and along an RTP stream (172
 * bytes: sequence number at payload bytes 2-3, timestamp 4-7) whose
 * sequence number and timestamp wrap. */
START_TEST(t_csum_update_matches_full)
{
	uint8_t buf[MAXF];
	bool v6 = _i;
	size_t u = v6 ? 54 : 34;
	uint16_t prev = 0;
	for (uint32_t v = 0; v <= 0xffff; v++) {
		uint8_t pay[2] = {(uint8_t)(v >> 8), (uint8_t)v};
		frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, v6, v6 ? IP6_A : IP4_A,
		                v6 ? IP6_B : IP4_B, 7, 9, pay, 2, 0);
		uint16_t full = rd16(buf + u + 6);
		if (v)
			ck_assert_uint_eq(frame_udp_csum_update(prev, (uint16_t)(v - 1), (uint16_t)v), full);
		prev = full;
	}
	uint8_t rtp[172];
	memset(rtp, 0xff, sizeof rtp);
	rtp[0] = 0x80;
	uint16_t seq = 0xfff0;
	uint32_t ts = 0xfffffc00u;
	uint16_t field = 0;
	for (int k = 0; k < 64; k++, seq++, ts += 160) {
		rtp[2] = (uint8_t)(seq >> 8); rtp[3] = (uint8_t)seq;
		rtp[4] = (uint8_t)(ts >> 24); rtp[5] = (uint8_t)(ts >> 16);
		rtp[6] = (uint8_t)(ts >> 8); rtp[7] = (uint8_t)ts;
		frame_build_udp(buf, sizeof buf, MAC_B, MAC_A, v6, v6 ? IP6_A : IP4_A,
		                v6 ? IP6_B : IP4_B, 5004, 5004, rtp, sizeof rtp, seq);
		uint16_t full = rd16(buf + u + 6);
		if (k) {
			uint16_t ps = (uint16_t)(seq - 1);
			uint32_t pt = ts - 160;
			uint16_t f = frame_udp_csum_update(field, ps, seq);
			f = frame_udp_csum_update(f, (uint16_t)(pt >> 16), (uint16_t)(ts >> 16));
			f = frame_udp_csum_update(f, (uint16_t)pt, (uint16_t)ts);
			ck_assert_uint_eq(f, full);
		}
		field = full;
	}
}
END_TEST


static Suite *frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_cursor);
	tcase_add_test(tc, t_mac);
	tcase_add_loop_test(tc, t_parse, 0, NPCASES);
	tcase_add_test(tc, t_parse_details);
	tcase_add_loop_test(tc, t_sweep, 0, NSWEEPS);
	tcase_add_loop_test(tc, t_invalid_sweep, 0, NINV);
	tcase_add_test(tc, t_build_udp_g711);
	tcase_add_test(tc, t_build_udp_v6);
	tcase_add_loop_test(tc, t_build_udp_csum_zero, 0, 2);
	tcase_add_test(tc, t_ip_end);
	tcase_add_test(tc, t_l4_off_past_64k);
	tcase_add_test(tc, t_build_udp_limits);
	tcase_add_loop_test(tc, t_build_udp_fill, 0, 2);
	tcase_add_test(tc, t_parse_plain_matches_walk);
	tcase_add_test(tc, t_build_tcp);
	tcase_add_test(tc, t_build_arp);
	tcase_add_test(tc, t_udp_payload);
	tcase_add_test(tc, t_ext_count_saturates);
	tcase_add_test(tc, t_csum_by_hand);
	tcase_add_test(tc, t_csum_matches_wordwise);
	tcase_add_test(tc, t_csum_update_by_hand);
	tcase_add_test(tc, t_rtp_header);
	tcase_add_loop_test(tc, t_csum_update_matches_full, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(frame_suite());
}
