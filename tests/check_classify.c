/* check_classify.c - unit tests of model/classify.c (SPEC C1-C4) over
 * hand-written frames, of the decision at every truncation point, of the RT
 * port boundaries and run-time port changes (P2), and of the routing.tsv
 * tokens of model/verdict.c (SPEC A2). */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/classify.h"
#include "tests/testframes.h"

#include "checkrun.h"

#define MAXF 2048

/* RT owns 5004-5099, as the default scenario */
static struct ports *rt_ports(void)
{
	uint16_t list[96];
	for (int i = 0; i < 96; i++)
		list[i] = (uint16_t)(5004 + i);
	struct ports *p = ports_create();
	ck_assert_ptr_nonnull(p);
	uint16_t bad = 0;
	ck_assert_int_eq(ports_boot(p, list, 96, &bad), PORTS_OK);
	return p;
}

static struct classify_result run(const char *hx, int caplen, const struct ports *pt)
{
	uint8_t buf[MAXF];
	size_t n = hex(hx, buf, sizeof buf);
	size_t cap = caplen < 0 ? n : (size_t)caplen;
	ck_assert_uint_le(cap, n);
	struct frame_info fi;
	frame_parse(buf, (uint32_t)cap, (uint32_t)n, &fi);
	return classify_frame(&fi, pt);
}

#define RT DEC_RT
#define GP DEC_GP
#define BOTH DEC_BOTH
#define PORT R_RT_PORT
#define ARPR R_ARP_REPLY
#define DEF R_DEFAULT
#define TRUNC R_TRUNCATED
#define INV R_INVALID

static const struct ccase {
	const char *name;
	const char *hex;
	int caplen;             /* -1: the whole frame */
	enum verdict_decision d;
	enum verdict_reason r;
} ccases[] = {
	/* C1 and the port set's edges */
	{"UDP 5003", TF_ETH "0800 " TF_IP4_UDP(P_5003), -1, GP, DEF},
	{"UDP 5004", TF_ETH "0800 " TF_IP4_UDP(P_5004), -1, RT, PORT},
	{"UDP 5099", TF_ETH "0800 " TF_IP4_UDP(P_5099), -1, RT, PORT},
	{"UDP 5100", TF_ETH "0800 " TF_IP4_UDP(P_5100), -1, GP, DEF},
	{"UDP 53", TF_ETH "0800 " TF_IP4_UDP(P_53), -1, GP, DEF},
	{"UDP 0", TF_ETH "0800 " TF_IP4_UDP("0000"), -1, GP, DEF},
	{"UDP 65535", TF_ETH "0800 " TF_IP4_UDP("ffff"), -1, GP, DEF},
	{"UDP from 5004 to 40000", TF_ETH "0800 " TF_IP4("0028", "0000", "11")
	 P_5004 " " P_40000 " 0014 0000 " TF_PAY12, -1, GP, DEF},
	{"broadcast UDP 5004", TF_ETH_BCAST "0800 " TF_IP4_UDP(P_5004), -1, RT, PORT},
	{"UDP 5004, IP destination elsewhere", TF_ETH "0800 45 00 0028 1234 0000 40 11 0000 "
	 "c0000201 08080808 " TF_UDP(P_5004), -1, RT, PORT},
	{"UDP 5004, no payload, padded to 60", TF_ETH "0800 " TF_IP4("001c", "0000", "11")
	 P_40000 " " P_5004 " 0008 0000 000000000000000000000000000000000000", -1, RT, PORT},
	{"IPv4 IHL 15, UDP 5004", TF_ETH "0800 4f 00 0050 1234 0000 40 11 0000 c0000201 c0000202 "
	 "01010101 01010101 01010101 01010101 01010101 01010101 01010101 01010101 01010101 "
	 "01010101 " TF_UDP(P_5004), -1, RT, PORT},
	{"IPv4 first fragment, UDP 5004", TF_ETH "0800 " TF_IP4("0028", "2000", "11")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv4 total length 0, UDP 5004", TF_ETH "0800 " TF_IP4("0000", "0000", "11")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv4 total length 1000, UDP 5004", TF_ETH "0800 " TF_IP4("03e8", "0000", "11")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"VLAN 0 priority tag, UDP 5004", TF_ETH "8100 a000 0800 " TF_IP4_UDP(P_5004), -1, RT, PORT},
	{"QinQ, UDP 5099", TF_ETH "88a8 000a 8100 0014 0800 " TF_IP4_UDP(P_5099), -1, RT, PORT},
	{"8100 + 8100, UDP 5004", TF_ETH "8100 000a 8100 0014 0800 " TF_IP4_UDP(P_5004), -1, RT, PORT},
	{"88a8 + 88a8, UDP 5004", TF_ETH "88a8 000a 88a8 0014 0800 " TF_IP4_UDP(P_5004), -1, RT, PORT},
	{"IPv6 UDP 5004", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 UDP 5100", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5100), -1, GP, DEF},
	{"IPv6 hop-by-hop, UDP 5004", TF_ETH "86dd " TF_IP6("001c", "00") TF_OPTS8("11")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 routing, UDP 5004", TF_ETH "86dd " TF_IP6("002c", "2b") TF_RH0("11") TF_UDP(P_5004),
	 -1, RT, PORT},
	{"IPv6 destination options, UDP 5004", TF_ETH "86dd " TF_IP6("001c", "3c") TF_OPTS8("11")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 first fragment, UDP 5004", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0001")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 atomic fragment, UDP 5004", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0000")
	 TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 two destination options, UDP 5004", TF_ETH "86dd " TF_IP6("0024", "3c")
	 TF_OPTS8("3c") TF_OPTS8("11") TF_UDP(P_5004), -1, RT, PORT},
	{"IPv6 jumbogram, UDP 5004", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 00011170 "
	 TF_UDP(P_5004), -1, RT, PORT},
	/* the Jumbo Payload option at its 4n+2 place behind a PadN and one Pad1
	 * (a Pad1 is a single byte, no length follows it) */
	{"IPv6 jumbogram after PadN and Pad1, UDP 5004", TF_ETH "86dd " TF_IP6("0000", "00")
	 "11 01 010100 00 c2 04 00011170 01 02 0000 " TF_UDP(P_5004), -1, RT, PORT},
	/* C2 */
	{"ARP reply", TF_ETH "0806 " TF_ARP("0002"), -1, BOTH, ARPR},
	{"ARP reply, padded", TF_ETH "0806 " TF_ARP("0002") "000000000000000000000000000000000000",
	 -1, BOTH, ARPR},
	{"ARP reply in VLAN", TF_ETH "8100 0005 0806 " TF_ARP("0002"), -1, BOTH, ARPR},
	{"ARP reply in QinQ", TF_ETH "88a8 0005 8100 0006 0806 " TF_ARP("0002"), -1, BOTH, ARPR},
	{"ARP reply, hlen 8", TF_ETH "0806 0001 0800 08 04 0002 0200000000020000 c0000202 "
	 "0000000000000000 c0000201", -1, BOTH, ARPR},
	{"ARP reply, IEEE 802 hardware type", TF_ETH "0806 0006 0800 06 04 0002 " TF_PEER
	 " c0000202 000000000000 c0000201", -1, BOTH, ARPR},
	/* C3 */
	{"ARP request", TF_ETH_BCAST "0806 " TF_ARP("0001"), -1, GP, DEF},
	{"ARP op 3", TF_ETH "0806 " TF_ARP("0003"), -1, GP, DEF},
	{"RARP reply (0x8035)", TF_ETH "8035 " TF_ARP("0004"), -1, GP, DEF},
	{"RARP type with ARP opcode 2", TF_ETH "8035 " TF_ARP("0002"), -1, GP, DEF},
	{"802.3 length + LLC", TF_ETH "002e 424203 00000000", -1, GP, DEF},
	{"VLAN + 802.3 length", TF_ETH "8100 0001 002e aaaa03 00000000", -1, GP, DEF},
	{"type 0x05dd", TF_ETH "05dd 0000", -1, GP, DEF},
	{"type 0x88b5", TF_ETH "88b5 0000", -1, GP, DEF},
	{"three tags", TF_ETH "8100 0001 8100 0002 8100 0003 "
	 "0800 " TF_IP4_UDP(P_5004), -1, GP, DEF},
	{"TPID 0x9100", TF_ETH "9100 0001 0800 " TF_IP4_UDP(P_5004), -1, GP, DEF},
	{"8100 then 9100", TF_ETH "8100 0001 9100 0002 0800 " TF_IP4_UDP(P_5004), -1, GP, DEF},
	{"IPv4 TCP to 5004", TF_ETH "0800 " TF_IP4("0028", "0000", "06") TF_TCP(P_5004), -1, GP, DEF},
	{"IPv4 TCP data offset 4", TF_ETH "0800 " TF_IP4("0028", "0000", "06")
	 "9c41 138c 00000001 00000000 40 18 0200 0000 0000", -1, GP, DEF},
	{"IPv4 TCP header cut", TF_ETH "0800 " TF_IP4("0028", "0000", "06") TF_TCP(P_5004), 40,
	 GP, DEF},
	{"IPv4 ICMP", TF_ETH "0800 " TF_IP4("0024", "0000", "01") "08 00 0000 0001 0001 "
	 "6162636465666768", -1, GP, DEF},
	{"IPv4 ICMP cut", TF_ETH "0800 " TF_IP4("0024", "0000", "01") "08 00 0000 0001 0001 "
	 "6162636465666768", 36, GP, DEF},
	{"IPv4 non-first fragment, UDP protocol", TF_ETH "0800 " TF_IP4("0028", "20b9", "11")
	 TF_UDP(P_5004), -1, GP, DEF},
	{"IPv4 last fragment, UDP protocol", TF_ETH "0800 " TF_IP4("0028", "0001", "11")
	 TF_UDP(P_5004), -1, GP, DEF},
	{"IPv4 non-first fragment cut after the IP header", TF_ETH "0800 " TF_IP4("0028", "0001",
	 "11") TF_UDP(P_5004), 34, GP, DEF},
	{"IPv4 AH, UDP 5004 inside", TF_ETH "0800 " TF_IP4("0040", "0000", "33")
	 "11 04 0000 00000000 00000000 000000000000000000000000 " TF_UDP(P_5004), -1, GP, DEF},
	{"IPv4 ESP", TF_ETH "0800 " TF_IP4("0030", "0000", "32") "00000001 00000001 " TF_UDP(P_5004),
	 -1, GP, DEF},
	{"IPv4 in IPv4, UDP 5004 inside", TF_ETH "0800 " TF_IP4("003c", "0000", "04")
	 TF_IP4_UDP(P_5004), -1, GP, DEF},
	{"UDP-Lite (136) to 5004", TF_ETH "0800 " TF_IP4("0028", "0000", "88") TF_UDP(P_5004), -1,
	 GP, DEF},
	{"IPv6 non-first fragment", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0320")
	 TF_UDP(P_5004), -1, GP, DEF},
	{"IPv6 non-first fragment cut after the fragment header", TF_ETH "86dd " TF_IP6("001c", "2c")
	 TF_FRAG("11", "0320") TF_UDP(P_5004), 62, GP, DEF},
	/* the offset counts 8-byte units (RFC 8200 4.5): offset 1 is not the first */
	{"IPv6 fragment at offset 1, UDP protocol", TF_ETH "86dd " TF_IP6("001c", "2c")
	 TF_FRAG("11", "0008") TF_UDP(P_5004), -1, GP, DEF},
	/* what follows a non-first fragment header is data, not a header (case 4):
	 * here bytes that would be an options header longer than the packet */
	{"IPv6 non-first fragment, next header destination options", TF_ETH "86dd "
	 TF_IP6("0010", "2c") TF_FRAG("3c", "0320") "11 ff 0000 00000000", -1, GP, DEF},
	{"IPv6 AH, UDP 5004 inside", TF_ETH "86dd " TF_IP6("002c", "33")
	 "11 04 0000 00000000 00000000 000000000000000000000000 " TF_UDP(P_5004), -1, GP, DEF},
	{"IPv6 ESP", TF_ETH "86dd " TF_IP6("0010", "32") "00000001 00000001 0000000000000000", -1,
	 GP, DEF},
	{"IPv6 no next header", TF_ETH "86dd " TF_IP6("0000", "3b"), -1, GP, DEF},
	{"IPv6 hop-by-hop, no next header", TF_ETH "86dd " TF_IP6("0008", "00") TF_OPTS8("3b"), -1,
	 GP, DEF},
	{"IPv6 ICMPv6", TF_ETH "86dd " TF_IP6("0010", "3a") "80 00 0000 0001 0001 6162636465666768",
	 -1, GP, DEF},
	{"IPv6 mobility header", TF_ETH "86dd " TF_IP6("0008", "87") "3b 00 00 00 00000000", -1,
	 GP, DEF},
	{"IPv6 in IPv6, UDP 5004 inside", TF_ETH "86dd " TF_IP6("003c", "29") TF_IP6("0014", "11")
	 TF_UDP(P_5004), -1, GP, DEF},
	/* C4 */
	{"nothing", "", -1, GP, TRUNC},
	{"destination only", TF_HOST, -1, GP, TRUNC},
	{"type cut", TF_ETH "08", -1, GP, TRUNC},
	{"VLAN TCI cut", TF_ETH "8100 00", -1, GP, TRUNC},
	{"VLAN inner type cut", TF_ETH "8100 0001 08", -1, GP, TRUNC},
	{"second tag cut", TF_ETH "88a8 0001 8100 00", -1, GP, TRUNC},
	{"ARP reply, target address cut", TF_ETH "0806 " TF_ARP("0002"), 41, GP, TRUNC},
	{"ARP request, sender address cut", TF_ETH_BCAST "0806 " TF_ARP("0001"), 25, GP, TRUNC},
	{"ARP, opcode cut", TF_ETH "0806 " TF_ARP("0002"), 21, GP, TRUNC},
	{"IPv4, no byte", TF_ETH "0800", -1, GP, TRUNC},
	{"IPv4 header cut", TF_ETH "0800 " TF_IP4_UDP(P_5004), 33, GP, TRUNC},
	{"IPv4 options cut, TCP", TF_ETH "0800 46 00 002c 1234 0000 40 06 0000 c0000201 c0000202 "
	 "01010101 " TF_TCP(P_5004), 36, GP, TRUNC},
	{"IPv4 options cut, ICMP", TF_ETH "0800 46 00 0028 1234 0000 40 01 0000 c0000201 c0000202 "
	 "01010101 08 00 0000 0001 0001", 35, GP, TRUNC},
	{"UDP header cut after the ports", TF_ETH "0800 " TF_IP4_UDP(P_5004), 38, GP, TRUNC},
	{"UDP header cut, non-RT port", TF_ETH "0800 " TF_IP4_UDP(P_53), 41, GP, TRUNC},
	{"UDP header whole, payload cut", TF_ETH "0800 " TF_IP4_UDP(P_5004), 42, RT, PORT},
	{"IPv4 first fragment, UDP header cut", TF_ETH "0800 " TF_IP4("0028", "2000", "11")
	 TF_UDP(P_5004), 40, GP, TRUNC},
	{"IPv6 header cut", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004), 53, GP, TRUNC},
	{"IPv6 hop-by-hop cut", TF_ETH "86dd " TF_IP6("001c", "00") TF_OPTS8("11") TF_UDP(P_5004),
	 58, GP, TRUNC},
	{"IPv6 routing cut", TF_ETH "86dd " TF_IP6("002c", "2b") TF_RH0("11") TF_UDP(P_5004),
	 70, GP, TRUNC},
	{"IPv6 destination options cut", TF_ETH "86dd " TF_IP6("001c", "3c") TF_OPTS8("11")
	 TF_UDP(P_5004), 55, GP, TRUNC},
	{"IPv6 fragment header cut (offset there)", TF_ETH "86dd " TF_IP6("001c", "2c")
	 TF_FRAG("11", "0320") TF_UDP(P_5004), 58, GP, TRUNC},
	{"IPv6 UDP header cut", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004), 61, GP, TRUNC},
	/* invalid */
	{"IPv4 version 6", TF_ETH "0800 65 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), -1, GP, INV},
	{"IPv4 version 6, one byte", TF_ETH "0800 65", -1, GP, INV},
	{"IPv4 IHL 4", TF_ETH "0800 44 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), -1, GP, INV},
	{"IPv4 IHL 0", TF_ETH "0800 40 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), -1, GP, INV},
	{"IPv4 total length 10", TF_ETH "0800 " TF_IP4("000a", "0000", "11") TF_UDP(P_5004), -1,
	 GP, INV},
	{"IPv4 total length 24: UDP past it", TF_ETH "0800 " TF_IP4("0018", "0000", "11")
	 TF_UDP(P_5004), -1, GP, INV},
	{"IPv4 total length 20, frame padded: UDP past it", TF_ETH "0800 " TF_IP4("0014", "0000",
	 "11") "9c40138c00080000 0000000000000000000000000000000000", -1, GP, INV},
	{"IPv6 version 4", TF_ETH "86dd 40000000 0014 11 40 "
	 "20010db8000000000000000000000001 20010db8000000000000000000000002 " TF_UDP(P_5004), -1,
	 GP, INV},
	{"IPv6 payload length 4", TF_ETH "86dd " TF_IP6("0004", "11") TF_UDP(P_5004), -1, GP, INV},
	{"IPv6 payload length 0, UDP", TF_ETH "86dd " TF_IP6("0000", "11") TF_UDP(P_5004), -1,
	 GP, INV},
	{"IPv6 payload length 0, hop-by-hop without jumbo option", TF_ETH "86dd "
	 TF_IP6("0000", "00") TF_OPTS8("11") TF_UDP(P_5004), -1, GP, INV},
	{"IPv6 jumbo length 12", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 0000000c "
	 TF_UDP(P_5004), -1, GP, INV},
	/* RFC 2675 section 3: a Jumbo Payload Length must be greater than 65535 */
	{"IPv6 jumbo length 65535", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 0000ffff "
	 TF_UDP(P_5004), -1, GP, INV},
	{"IPv6 payload length 6: hop-by-hop past it", TF_ETH "86dd " TF_IP6("0006", "00")
	 TF_OPTS8("11") TF_UDP(P_5004), -1, GP, INV},
};
#define NCCASES (sizeof(ccases) / sizeof(ccases[0]))

START_TEST(t_classify)
{
	const struct ccase *cc = &ccases[_i];
	struct ports *pt = rt_ports();
	struct classify_result r = run(cc->hex, cc->caplen, pt);
	ck_assert_msg(r.decision == cc->d && r.reason == cc->r, "%s: %s/%s, expected %s/%s",
	              cc->name, verdict_decision_name(r.decision), verdict_reason_name(r.reason),
	              verdict_decision_name(cc->d), verdict_reason_name(cc->r));
	if (r.decision == DEC_RT) {
		uint8_t buf[MAXF];
		size_t n = hex(cc->hex, buf, sizeof buf);
		struct frame_info fi;
		frame_parse(buf, (uint32_t)(cc->caplen < 0 ? n : (size_t)cc->caplen), (uint32_t)n, &fi);
		ck_assert_uint_eq(r.port, fi.dport);
		ck_assert(ports_is_rt(pt, r.port));
	} else {
		ck_assert_uint_eq(r.port, 0);
	}
	ports_destroy(pt);
}
END_TEST

/* The decision at every caplen from 0 to the whole frame: it must change
 * exactly at the listed points (the first byte count with that outcome). */
struct step {
	uint32_t from;
	enum verdict_decision d;
	enum verdict_reason r;
};
static const struct {
	const char *name;
	const char *hex;
	struct step steps[3];
} sweeps[] = {
	{"UDP 5004", TF_ETH "0800 " TF_IP4_UDP(P_5004), {{0, GP, TRUNC}, {42, RT, PORT}}},
	{"UDP 5100", TF_ETH "0800 " TF_IP4_UDP(P_5100), {{0, GP, TRUNC}, {42, GP, DEF}}},
	{"TCP to 5004", TF_ETH "0800 " TF_IP4("0028", "0000", "06") TF_TCP(P_5004),
	 {{0, GP, TRUNC}, {34, GP, DEF}}},
	{"IPv4 IHL 6, TCP", TF_ETH "0800 46 00 002c 1234 0000 40 06 0000 c0000201 c0000202 "
	 "01010101 " TF_TCP(P_5004), {{0, GP, TRUNC}, {38, GP, DEF}}},
	{"IPv4 IHL 6, UDP 5004", TF_ETH "0800 46 00 002c 1234 0000 40 11 0000 c0000201 c0000202 "
	 "01010101 " TF_UDP(P_5004), {{0, GP, TRUNC}, {46, RT, PORT}}},
	{"IPv4 non-first fragment", TF_ETH "0800 " TF_IP4("0028", "00b9", "11") TF_UDP(P_5004),
	 {{0, GP, TRUNC}, {34, GP, DEF}}},
	{"IPv4 version 6", TF_ETH "0800 65 00 0028 1234 0000 40 11 0000 c0000201 c0000202 "
	 TF_UDP(P_5004), {{0, GP, TRUNC}, {15, GP, INV}}},
	{"IPv4 IHL 6, total length 19", TF_ETH "0800 46 00 0013 1234 0000 40 11 0000 c0000201 "
	 "c0000202 01010101 " TF_UDP(P_5004), {{0, GP, TRUNC}, {34, GP, INV}}},
	{"IPv4 total length 24, UDP 5004", TF_ETH "0800 " TF_IP4("0018", "0000", "11")
	 TF_UDP(P_5004), {{0, GP, TRUNC}, {38, GP, INV}}},
	{"ARP reply", TF_ETH "0806 " TF_ARP("0002"), {{0, GP, TRUNC}, {42, BOTH, ARPR}}},
	{"ARP request", TF_ETH_BCAST "0806 " TF_ARP("0001"), {{0, GP, TRUNC}, {42, GP, DEF}}},
	{"VLAN ARP reply", TF_ETH "8100 0001 0806 " TF_ARP("0002"),
	 {{0, GP, TRUNC}, {46, BOTH, ARPR}}},
	{"QinQ UDP 5004", TF_ETH "88a8 0001 8100 0002 0800 " TF_IP4_UDP(P_5004),
	 {{0, GP, TRUNC}, {50, RT, PORT}}},
	{"three tags, UDP 5004", TF_ETH "8100 0001 8100 0002 8100 0003 0800 " TF_IP4_UDP(P_5004),
	 {{0, GP, TRUNC}, {22, GP, DEF}}},
	{"802.3 length", TF_ETH "002e 424203 00000000", {{0, GP, TRUNC}, {14, GP, DEF}}},
	{"IPv6 UDP 5004", TF_ETH "86dd " TF_IP6("0014", "11") TF_UDP(P_5004),
	 {{0, GP, TRUNC}, {62, RT, PORT}}},
	{"IPv6 four extension headers, UDP 5004", TF_ETH "86dd " TF_IP6("0044", "00")
	 TF_OPTS8("2b") TF_RH0("3c") TF_OPTS8("2c") TF_FRAG("11", "0001") TF_UDP(P_5004),
	 {{0, GP, TRUNC}, {110, RT, PORT}}},
	{"IPv6 non-first fragment", TF_ETH "86dd " TF_IP6("001c", "2c") TF_FRAG("11", "0320")
	 TF_UDP(P_5004), {{0, GP, TRUNC}, {62, GP, DEF}}},
	{"IPv6 payload length 4, UDP 5004", TF_ETH "86dd " TF_IP6("0004", "11") TF_UDP(P_5004),
	 {{0, GP, TRUNC}, {58, GP, INV}}},
	{"IPv6 ESP", TF_ETH "86dd " TF_IP6("0010", "32") "00000001 00000001 0000000000000000",
	 {{0, GP, TRUNC}, {54, GP, DEF}}},
	{"IPv6 version 4", TF_ETH "86dd 40000000 0014 11 40 "
	 "20010db8000000000000000000000001 20010db8000000000000000000000002 " TF_UDP(P_5004),
	 {{0, GP, TRUNC}, {15, GP, INV}}},
	{"IPv6 jumbogram, UDP 5004", TF_ETH "86dd " TF_IP6("0000", "00") "11 00 c2 04 00011170 "
	 TF_UDP(P_5004), {{0, GP, TRUNC}, {70, RT, PORT}}},
};
#define NSWEEPS (sizeof(sweeps) / sizeof(sweeps[0]))

START_TEST(t_sweep)
{
	struct ports *pt = rt_ports();
	uint8_t whole[MAXF];
	size_t n = hex(sweeps[_i].hex, whole, sizeof whole);
	for (uint32_t cap = 0; cap <= n; cap++) {
		const struct step *want = &sweeps[_i].steps[0];
		for (int k = 1; k < 3 && sweeps[_i].steps[k].from; k++)
			if (cap >= sweeps[_i].steps[k].from)
				want = &sweeps[_i].steps[k];
		uint8_t *p = malloc(cap ? cap : 1);
		memcpy(p, whole, cap);
		struct frame_info fi;
		frame_parse(p, cap, (uint32_t)n, &fi);
		struct classify_result r = classify_frame(&fi, pt);
		ck_assert_msg(r.decision == want->d && r.reason == want->r,
		              "%s at %u bytes: %s/%s, expected %s/%s", sweeps[_i].name, cap,
		              verdict_decision_name(r.decision), verdict_reason_name(r.reason),
		              verdict_decision_name(want->d), verdict_reason_name(want->r));
		free(p);
	}
	ports_destroy(pt);
}
END_TEST

/* SPEC P2: from the instant the set changes, C1 uses the new set. */
START_TEST(t_port_changes)
{
	struct ports *pt = rt_ports();
	const char *to5004 = TF_ETH "0800 " TF_IP4_UDP(P_5004);
	const char *to7000 = TF_ETH "0800 " TF_IP4_UDP("1b58");
	ck_assert_int_eq(run(to5004, -1, pt).decision, DEC_RT);
	ck_assert_int_eq(run(to7000, -1, pt).decision, DEC_GP);
	ck_assert_int_eq(ports_relinquish(pt, 5004), PORTS_OK);
	struct classify_result r = run(to5004, -1, pt);
	ck_assert_int_eq(r.decision, DEC_GP);
	ck_assert_int_eq(r.reason, R_DEFAULT);
	ck_assert_int_eq(ports_claim(pt, 7000), PORTS_OK);
	r = run(to7000, -1, pt);
	ck_assert_int_eq(r.decision, DEC_RT);
	ck_assert_uint_eq(r.port, 7000);
	/* a port a GP application binds stays GP's */
	ck_assert_int_eq(ports_gp_bind(pt, 5004), PORTS_OK);
	ck_assert_int_eq(run(to5004, -1, pt).decision, DEC_GP);
	ports_destroy(pt);

	/* no RT port at all: every UDP frame is GP's */
	struct ports *none = ports_create();
	ck_assert_int_eq(run(to5004, -1, none).decision, DEC_GP);
	ports_destroy(none);
}
END_TEST

/* classify_frame's own contract, on frame_info filled by hand: it must not
 * rely on frame_parse having left L4 empty for a non-first fragment, nor
 * read the opcode of an ARP body that is not whole. */
START_TEST(t_info)
{
	struct ports *pt = rt_ports();
	struct frame_info fi;
	memset(&fi, 0, sizeof fi);
	fi.l3 = L3_IPV4;
	fi.ip_proto = 17;
	fi.l4 = L4_UDP;
	fi.dport = 5004;
	struct classify_result r = classify_frame(&fi, pt);
	ck_assert_int_eq(r.decision, DEC_RT);
	ck_assert_uint_eq(r.port, 5004);
	fi.ip_fragment = fi.ip_nonfirst_fragment = true;
	r = classify_frame(&fi, pt);
	ck_assert_int_eq(r.decision, DEC_GP);
	ck_assert_int_eq(r.reason, R_DEFAULT);
	fi.ip_nonfirst_fragment = false;            /* a first fragment */
	ck_assert_int_eq(classify_frame(&fi, pt).decision, DEC_RT);
	fi.l3_status = FRAME_TRUNCATED;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_TRUNCATED);
	fi.l3_status = FRAME_INVALID;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_INVALID);
	fi.l3_status = FRAME_OK;
	fi.l4_status = FRAME_INVALID;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_INVALID);
	fi.l4_status = FRAME_TRUNCATED;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_TRUNCATED);
	fi.l4_status = FRAME_OK;
	fi.l3 = L3_IPV6;
	ck_assert_int_eq(classify_frame(&fi, pt).decision, DEC_RT);
	fi.l4 = L4_TCP;
	ck_assert_int_eq(classify_frame(&fi, pt).decision, DEC_GP);
	ck_assert_int_eq(classify_frame(&fi, NULL).decision, DEC_GP);
	/* no port set at all: UDP 5004 is nobody's RT port, C3 gp default */
	fi.l4 = L4_UDP;
	r = classify_frame(&fi, NULL);
	ck_assert_int_eq(r.decision, DEC_GP);
	ck_assert_int_eq(r.reason, R_DEFAULT);
	ck_assert_uint_eq(r.port, 0);

	memset(&fi, 0, sizeof fi);
	fi.l3 = L3_ARP;
	fi.arp_oper = 2;
	ck_assert_int_eq(classify_frame(&fi, pt).decision, DEC_BOTH);
	fi.l3_status = FRAME_TRUNCATED;
	r = classify_frame(&fi, pt);
	ck_assert_int_eq(r.decision, DEC_GP);
	ck_assert_int_eq(r.reason, R_TRUNCATED);

	memset(&fi, 0, sizeof fi);
	fi.l3 = L3_NONE;
	fi.l3_status = FRAME_TRUNCATED;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_TRUNCATED);
	fi.l3 = L3_LLC;
	fi.l3_status = FRAME_OK;
	ck_assert_int_eq(classify_frame(&fi, pt).reason, R_DEFAULT);
	ports_destroy(pt);
}
END_TEST

/* ---- verdict tokens ----------------------------------------------------- */

static const char *const dec_tok[DEC__COUNT] = {"rt", "gp", "both", "drop", "skip"};
static const char *const rea_tok[R__COUNT] = {
	"rt-port", "arp-reply", "default", "truncated", "invalid", "own-tx", "nic-filter",
	"oversize", "nic-down", "rx-ring-full", "proxy-full", "gp-socket-full", "rt-socket-full",
	"tx-queue-full", "sent", "unfinished", "other-link",
};

static bool token_shape(const char *s)
{
	/* lowercase words joined by single dashes */
	if (!*s || *s == '-')
		return false;
	for (const char *q = s; *q; q++) {
		if (*q == '-' && (q[1] == '-' || q[1] == '\0'))
			return false;
		if (*q != '-' && !islower((unsigned char)*q))
			return false;
	}
	return true;
}

START_TEST(t_verdict)
{
	for (int d = 0; d < DEC__COUNT; d++) {
		const char *s = verdict_decision_name((enum verdict_decision)d);
		ck_assert_str_eq(s, dec_tok[d]);
		ck_assert(token_shape(s));
		ck_assert_int_eq(verdict_decision_parse(s), d);
	}
	for (int r = 0; r < R__COUNT; r++) {
		const char *s = verdict_reason_name((enum verdict_reason)r);
		ck_assert_str_eq(s, rea_tok[r]);
		ck_assert(token_shape(s));
		ck_assert_int_eq(verdict_reason_parse(s), r);
		for (int q = 0; q < r; q++)
			ck_assert_str_ne(s, rea_tok[q]);
	}
	/* unknown and out-of-range */
	ck_assert_int_eq(verdict_decision_parse("RT"), -1);
	ck_assert_int_eq(verdict_decision_parse("rt "), -1);
	ck_assert_int_eq(verdict_decision_parse(""), -1);
	ck_assert_int_eq(verdict_decision_parse(NULL), -1);
	ck_assert_int_eq(verdict_reason_parse("rt_port"), -1);
	ck_assert_int_eq(verdict_reason_parse("rt"), -1);        /* a decision, not a reason */
	ck_assert_int_eq(verdict_decision_parse("rt-port"), -1); /* and the other way round */
	ck_assert_int_eq(verdict_reason_parse(NULL), -1);
	ck_assert_str_eq(verdict_decision_name(DEC__COUNT), "?");
	ck_assert_str_eq(verdict_decision_name((enum verdict_decision)-1), "?");
	ck_assert_str_eq(verdict_reason_name(R__COUNT), "?");
	ck_assert_str_eq(verdict_reason_name((enum verdict_reason)1000), "?");
}
END_TEST

static Suite *classify_suite(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, t_classify, 0, NCCASES);
	tcase_add_loop_test(tc, t_sweep, 0, NSWEEPS);
	tcase_add_test(tc, t_port_changes);
	tcase_add_test(tc, t_info);
	tcase_add_test(tc, t_verdict);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(classify_suite());
}
