/* fuzz_frame.c - libFuzzer target: the receive decision of Fig. 8b steps
 * 486-496 (frame_parse, classify_frame) and the NIC filter N1/N1b over
 * arbitrary bytes, with a fixed RT port set (issue 7, item 1).
 *
 * Input layout (the first 5 bytes configure, the rest is the frame):
 *   byte 0   flags: 0x01 promiscuous, 0x02 multicast accepted, 0x04 NIC
 *            down, 0x10 wire length taken as is (may be below caplen),
 *            0x80 builder mode (below)
 *   1..2     MTU, big-endian
 *   3..4     wire length: caplen + this (or this alone with 0x10)
 *   5..      the captured frame (caplen = size - 5; empty is passed as NULL)
 * Builder mode checks parse(build(x)) == x for frame_build_udp/tcp/arp:
 *   5        kind: 0 UDP/IPv4 1 UDP/IPv6 2 TCP/IPv4 3 TCP/IPv6 4 ARP;
 *            0x80: the payload is that many zero bytes (NULL payload) with
 *            the length from bytes 3..4 plus (kind >> 4 & 7) << 16
 *   6..7     source port (ARP: opcode)   8..9 destination port
 *   10..11   IP id (TCP: also seq/ack seeds)
 *   12..27   source IP   28..43 destination IP   44..49 dst MAC  50..55 src MAC
 *   56..60   unused   61.. payload
 *   The output buffer holds (bytes 1..2) + 64 bytes.
 *
 * Properties checked, from the contracts in model/frame.h, classify.h and
 * nic.h and the rule list of classify.c:
 *   - fields lie inside the captured bytes and agree with the bytes they
 *     were read from; *fi is filled completely (two parses over different
 *     garbage are byte-identical);
 *   - for two prefixes (half, one byte short): one that parses FRAME_OK
 *     gives the same headers and decision as the whole frame; a frame
 *     TRUNCATED whole is TRUNCATED cut too;
 *   - the classifier's decision matches its reason and the parsed fields
 *     (C1-C4); truncated/invalid reasons only for truncated/invalid frames;
 *   - nic_filter's order (down, truncated, address, size) and its size
 *     limit recomputed in 64 bits.
 * Cost per input: a handful of parses of at most size bytes. */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../model/classify.h"
#include "../model/frame.h"
#include "../model/nic.h"
#include "../model/ports.h"

#define HDR 5
#define HOST_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x01}

static struct ports *g_ports;
static struct nic *g_nic;

/* RT owns 5000-5099 (an RTP range), 7 and 65535; GP has 53 and 5100. */
static void setup(void)
{
	uint16_t rt[102];
	size_t n = 0;
	uint16_t bad = 0;
	if (g_ports)
		return;
	for (uint16_t p = 5000; p < 5100; p++)
		rt[n++] = p;
	rt[n++] = 7;
	rt[n++] = 65535;
	g_ports = ports_create();
	FUZZ_CHECK(g_ports != NULL);
	FUZZ_CHECK(ports_boot(g_ports, rt, n, &bad) == PORTS_OK);
	FUZZ_CHECK(ports_gp_bind(g_ports, 53) == PORTS_OK);
	FUZZ_CHECK(ports_gp_bind(g_ports, 5100) == PORTS_OK);
	struct nic_cfg cfg = {
		.mac = HOST_MAC, .promiscuous = false, .multicast = true, .up = true,
		.mtu = 1500, .rx_ring = 64, .tx_ring = 64,
	};
	g_nic = nic_create(&cfg);
	FUZZ_CHECK(g_nic != NULL);
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- parse mode ---------------------------------------------------------- */

/* The headers a FRAME_OK parse looked at, which more bytes cannot change. */
static void same_headers(const struct frame_info *a, const struct frame_info *b)
{
	FUZZ_CHECK(memcmp(a->dst, b->dst, 6) == 0 && memcmp(a->src, b->src, 6) == 0);
	FUZZ_CHECK(a->nvlan == b->nvlan && a->third_tag == b->third_tag);
	FUZZ_CHECK(a->ethertype == b->ethertype && a->l3_off == b->l3_off);
	FUZZ_CHECK(a->l3 == b->l3 && a->l3_status == b->l3_status);
	FUZZ_CHECK(a->arp_oper == b->arp_oper && a->arp_spa == b->arp_spa && a->arp_tpa == b->arp_tpa);
	FUZZ_CHECK(a->ip_version == b->ip_version && a->ip_proto == b->ip_proto);
	FUZZ_CHECK(a->ip_fragment == b->ip_fragment);
	FUZZ_CHECK(a->ip_nonfirst_fragment == b->ip_nonfirst_fragment);
	FUZZ_CHECK(memcmp(a->ip_src, b->ip_src, 16) == 0 && memcmp(a->ip_dst, b->ip_dst, 16) == 0);
	FUZZ_CHECK(a->ipv6_ext_count == b->ipv6_ext_count);
	FUZZ_CHECK(a->l4 == b->l4 && a->l4_status == b->l4_status && a->l4_off == b->l4_off);
	FUZZ_CHECK(a->sport == b->sport && a->dport == b->dport && a->icmp_type == b->icmp_type);
}

/* p: the captured bytes the fields must agree with */
static void check_info(const uint8_t *p, const struct frame_info *fi, enum frame_status st,
                       uint32_t caplen, uint32_t wirelen)
{
	FUZZ_CHECK(st == FRAME_OK || st == FRAME_TRUNCATED || st == FRAME_INVALID);
	FUZZ_CHECK(fi->caplen == caplen);
	FUZZ_CHECK(fi->wirelen == (wirelen < caplen ? caplen : wirelen));
	FUZZ_CHECK(fi->has_dst == (caplen >= 6));
	FUZZ_CHECK(fi->has_src == (caplen >= 12));
	FUZZ_CHECK(fi->nvlan <= FRAME_MAX_VLAN);
	if (!fi->has_ethertype) {
		FUZZ_CHECK(fi->l3 == L3_NONE && st == FRAME_TRUNCATED);
		return;
	}
	FUZZ_CHECK(fi->l3 != L3_NONE);
	FUZZ_CHECK(fi->l3_off == FRAME_ETH_HLEN + 4u * fi->nvlan);
	FUZZ_CHECK(fi->l3_off <= caplen);
	size_t l3 = fi->l3_off;
	FUZZ_CHECK(be16(p + l3 - 2) == fi->ethertype);
	if (fi->l3 == L3_ARP && fi->l3_status == FRAME_OK) {
		FUZZ_CHECK(l3 + 8 + 2u * fi->arp_hlen + 2u * fi->arp_plen <= caplen);
		FUZZ_CHECK(fi->arp_oper == be16(p + l3 + 6));
		FUZZ_CHECK(fi->arp_hlen == p[l3 + 4] && fi->arp_plen == p[l3 + 5]);
	}
	if (fi->l3 == L3_IPV4 && fi->l3_status == FRAME_OK) {
		FUZZ_CHECK(fi->ip_version == 4 && fi->ip_ihl >= 5);
		FUZZ_CHECK(l3 + 4u * fi->ip_ihl <= caplen);
		FUZZ_CHECK(p[l3] == (0x40 | fi->ip_ihl) && fi->ip_proto == p[l3 + 9]);
		FUZZ_CHECK(fi->ip_nonfirst_fragment == ((be16(p + l3 + 6) & 0x1fff) != 0));
		FUZZ_CHECK(memcmp(fi->ip_src, p + l3 + 12, 4) == 0);
	}
	if (fi->l3 == L3_IPV6 && fi->l3_status == FRAME_OK) {
		FUZZ_CHECK(fi->ip_version == 6);
		FUZZ_CHECK(l3 + 40 <= caplen);
	}
	if ((fi->l3 == L3_IPV4 || fi->l3 == L3_IPV6) && fi->l3_status == FRAME_OK &&
	    !fi->ip_nonfirst_fragment) {
		FUZZ_CHECK(fi->l4 != L4_NONE);
		FUZZ_CHECK(fi->l4_off >= l3 + (fi->l3 == L3_IPV4 ? 20u : 40u));
		size_t need = fi->l4 == L4_UDP ? 8 : fi->l4 == L4_TCP ? 20 :
		              fi->l4 == L4_OTHER ? 0 : 4;
		if (fi->l4_status == FRAME_OK) {
			FUZZ_CHECK(fi->l4_off + need <= caplen);
			if (fi->l4 == L4_UDP || fi->l4 == L4_TCP)
				FUZZ_CHECK(fi->sport == be16(p + fi->l4_off) &&
				           fi->dport == be16(p + fi->l4_off + 2));
			if (fi->l4 == L4_TCP)   /* data offset: a header of 20 bytes at least */
				FUZZ_CHECK(p[fi->l4_off + 12] >> 4 >= 5);
		}
	}
	if (st == FRAME_OK) {
		FUZZ_CHECK(fi->l3_status == FRAME_OK);
		if (fi->l4 != L4_NONE)
			FUZZ_CHECK(fi->l4_status == FRAME_OK);
	} else {
		FUZZ_CHECK(fi->l3_status == st || (fi->l3_status == FRAME_OK && fi->l4_status == st));
	}
}

static void check_classify(const struct frame_info *fi, enum frame_status st,
                           const struct classify_result *cr)
{
	switch (cr->decision) {
	case DEC_RT:
		FUZZ_CHECK(cr->reason == R_RT_PORT);
		FUZZ_CHECK(fi->l3 == L3_IPV4 || fi->l3 == L3_IPV6);
		FUZZ_CHECK(fi->l3_status == FRAME_OK && !fi->ip_nonfirst_fragment);
		FUZZ_CHECK(fi->l4 == L4_UDP && fi->l4_status == FRAME_OK);
		FUZZ_CHECK(cr->port == fi->dport && ports_is_rt(g_ports, cr->port));
		break;
	case DEC_BOTH:
		FUZZ_CHECK(cr->reason == R_ARP_REPLY);
		FUZZ_CHECK(fi->l3 == L3_ARP && fi->l3_status == FRAME_OK && fi->arp_oper == 2);
		break;
	case DEC_GP:
		FUZZ_CHECK(cr->reason == R_DEFAULT || cr->reason == R_TRUNCATED ||
		           cr->reason == R_INVALID);
		if (cr->reason == R_TRUNCATED)
			FUZZ_CHECK(st == FRAME_TRUNCATED);
		if (cr->reason == R_INVALID)
			FUZZ_CHECK(st == FRAME_INVALID);
		/* C1 and C2 did not apply */
		FUZZ_CHECK(!(fi->l3 == L3_ARP && fi->l3_status == FRAME_OK && fi->arp_oper == 2));
		FUZZ_CHECK(!((fi->l3 == L3_IPV4 || fi->l3 == L3_IPV6) && fi->l3_status == FRAME_OK &&
		             !fi->ip_nonfirst_fragment && fi->l4 == L4_UDP &&
		             fi->l4_status == FRAME_OK && ports_is_rt(g_ports, fi->dport)));
		break;
	default:
		FUZZ_CHECK(!"classify_frame gave a decision other than rt, gp, both");
	}
}

static void check_nic(const struct frame_info *fi, uint8_t flags, uint32_t mtu)
{
	static const uint8_t mac[6] = HOST_MAC;
	bool up = !(flags & 0x04), promisc = flags & 0x01, mcast = flags & 0x02;
	int r = nic_filter(g_nic, fi);
	FUZZ_CHECK(nic_is_own_tx(g_nic, fi) == (fi->has_src && memcmp(fi->src, mac, 6) == 0));
	if (!up) {
		FUZZ_CHECK(r == R_NIC_DOWN);
		return;
	}
	if (!fi->has_dst) {
		FUZZ_CHECK(r == R_TRUNCATED);
		return;
	}
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	bool addr = promisc || memcmp(fi->dst, mac, 6) == 0 || memcmp(fi->dst, bc, 6) == 0 ||
	            (mcast && (fi->dst[0] & 1));
	if (!addr) {
		FUZZ_CHECK(r == R_NIC_FILTER);
		return;
	}
	uint64_t max = (uint64_t)mtu + FRAME_ETH_HLEN + 4u * fi->nvlan;
	FUZZ_CHECK(nic_max_len(g_nic, fi->nvlan) == max);
	FUZZ_CHECK(r == (fi->wirelen > max ? (int)R_OVERSIZE : -1));
}

static enum frame_status parse(const uint8_t *p, uint32_t caplen, uint32_t wirelen,
                               struct frame_info *fi)
{
	/* an empty frame as NULL: frame_parse must not touch it */
	return frame_parse(caplen ? p : NULL, caplen, wirelen, fi);
}

static void parse_mode(const uint8_t *hdr, const uint8_t *p, uint32_t caplen)
{
	uint8_t flags = hdr[0];
	uint32_t mtu = be16(hdr + 1);
	uint32_t wire = be16(hdr + 3);
	uint32_t wirelen = (flags & 0x10) ? wire : caplen + wire;
	struct frame_info fi, again;

	memset(&fi, 0xa5, sizeof fi);
	enum frame_status st = parse(p, caplen, wirelen, &fi);
	check_info(p, &fi, st, caplen, wirelen);
	memset(&again, 0x5a, sizeof again);
	FUZZ_CHECK(parse(p, caplen, wirelen, &again) == st);
	FUZZ_CHECK(memcmp(&fi, &again, sizeof fi) == 0);

	struct classify_result cr = classify_frame(&fi, g_ports);
	check_classify(&fi, st, &cr);
	struct classify_result cr0 = classify_frame(&fi, NULL);   /* no RT port at all */
	FUZZ_CHECK(cr0.decision != DEC_RT);
	if (cr.decision != DEC_RT)
		FUZZ_CHECK(cr0.decision == cr.decision && cr0.reason == cr.reason);

	nic_set_up(g_nic, !(flags & 0x04));
	nic_set_promiscuous(g_nic, flags & 0x01);
	nic_set_multicast(g_nic, flags & 0x02);
	nic_set_mtu(g_nic, mtu);
	check_nic(&fi, flags, mtu);

	/* prefixes: cut at half and one byte short */
	const uint32_t cuts[2] = {caplen / 2, caplen ? caplen - 1 : 0};
	for (int i = 0; i < 2; i++) {
		if (cuts[i] >= caplen)
			continue;
		enum frame_status ps = parse(p, cuts[i], wirelen, &again);
		check_info(p, &again, ps, cuts[i], wirelen);
		if (ps == FRAME_OK)
			same_headers(&again, &fi);
		if (st == FRAME_TRUNCATED)
			FUZZ_CHECK(ps == FRAME_TRUNCATED);
		struct classify_result pc = classify_frame(&again, g_ports);
		check_classify(&again, ps, &pc);
		if (ps == FRAME_OK)
			FUZZ_CHECK(pc.decision == cr.decision && pc.reason == cr.reason);
	}
}

/* ---- builder mode ------------------------------------------------------ */

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The L4 checksum over the pseudo-header verifies to 0xffff. */
static void check_l4_sum(const uint8_t *f, const struct frame_info *fi, bool v6, uint8_t proto,
                         size_t l4len)
{
	uint32_t s = 0;
	if (v6) {
		s = sum16(s, f + fi->l3_off + 8, 32);
		s += (uint32_t)(l4len >> 16) + (uint32_t)(l4len & 0xffff) + proto;
	} else {
		s = sum16(s, f + fi->l3_off + 12, 8);
		s += (uint32_t)l4len + proto;
	}
	s = sum16(s, f + fi->l4_off, l4len);
	FUZZ_CHECK(fold(s) == 0xffff);
}

/* cap is at most 65535 + 64, and a payload compared is no longer */
static uint8_t g_out[65535 + 64];
static const uint8_t g_zero[65535 + 64];

static void build_mode(const uint8_t *hdr, const uint8_t *d, size_t n)
{
	uint8_t b[56] = {0};
	if (n)
		memcpy(b, d, n < sizeof b ? n : sizeof b);
	const uint8_t *payload = n > sizeof b ? d + sizeof b : NULL;
	size_t plen = n > sizeof b ? n - sizeof b : 0;
	uint8_t kind = b[0];
	if (kind & 0x80) {
		payload = NULL;
		plen = be16(hdr + 3) + ((size_t)(kind >> 4 & 7) << 16);
	}
	kind &= 0x0f;
	uint16_t sport = be16(b + 1), dport = be16(b + 3), id = be16(b + 5);
	const uint8_t *sip = b + 7, *dip = b + 23, *dmac = b + 39, *smac = b + 45;
	size_t cap = (size_t)be16(hdr + 1) + 64;
	bool v6 = kind == 1 || kind == 3;
	size_t len, need;

	if (kind > 4)
		return;
	if (kind == 4) {
		len = frame_build_arp(g_out, cap, dmac, smac, sport, smac,
		                      (uint32_t)id << 16 | dport, dmac, (uint32_t)dport << 16 | id);
		need = 42;
	} else if (kind <= 1) {
		len = frame_build_udp(g_out, cap, dmac, smac, v6, sip, dip, sport, dport, payload,
		                      plen, id);
		need = 14 + (v6 ? 40 : 20) + 8 + plen;
	} else {
		len = frame_build_tcp(g_out, cap, dmac, smac, v6, sip, dip, sport, dport,
		                      (uint32_t)id * 65537u, ~(uint32_t)id, (uint8_t)(b[5] & 0x1f),
		                      payload, plen, id);
		need = 14 + (v6 ? 40 : 20) + 20 + plen;
	}
	/* a length field that cannot hold the datagram */
	size_t l3len = need - 14;
	bool overflow = kind != 4 && (v6 ? l3len - 40 > 0xffff : l3len > 0xffff);
	if (cap < need || overflow) {
		FUZZ_CHECK(len == 0);
		return;
	}
	FUZZ_CHECK(len == need);

	struct frame_info fi;
	enum frame_status st = frame_parse(g_out, (uint32_t)len, (uint32_t)len, &fi);
	check_info(g_out, &fi, st, (uint32_t)len, (uint32_t)len);
	FUZZ_CHECK(st == FRAME_OK);
	FUZZ_CHECK(memcmp(fi.dst, dmac, 6) == 0 && memcmp(fi.src, smac, 6) == 0);
	FUZZ_CHECK(fi.nvlan == 0 && fi.l3_off == 14);
	struct classify_result cr = classify_frame(&fi, g_ports);
	check_classify(&fi, st, &cr);
	if (kind == 4) {
		FUZZ_CHECK(fi.l3 == L3_ARP && fi.arp_oper == sport);
		FUZZ_CHECK(fi.arp_htype == 1 && fi.arp_ptype == 0x0800);
		FUZZ_CHECK(fi.arp_hlen == 6 && fi.arp_plen == 4);
		FUZZ_CHECK(memcmp(fi.arp_sha, smac, 6) == 0);
		FUZZ_CHECK(fi.arp_spa == ((uint32_t)id << 16 | dport));
		FUZZ_CHECK(fi.arp_tpa == ((uint32_t)dport << 16 | id));
		FUZZ_CHECK(cr.decision == (sport == 2 ? DEC_BOTH : DEC_GP));
		return;
	}
	FUZZ_CHECK(fi.l3 == (v6 ? L3_IPV6 : L3_IPV4));
	FUZZ_CHECK(memcmp(fi.ip_src, sip, v6 ? 16 : 4) == 0);
	FUZZ_CHECK(memcmp(fi.ip_dst, dip, v6 ? 16 : 4) == 0);
	FUZZ_CHECK(!fi.ip_fragment && fi.ipv6_ext_count == 0);
	FUZZ_CHECK(fi.sport == sport && fi.dport == dport);
	size_t hl = kind <= 1 ? 8 : 20;
	FUZZ_CHECK(fi.l4 == (kind <= 1 ? L4_UDP : L4_TCP));
	FUZZ_CHECK(fi.l4_off == 14 + (v6 ? 40 : 20));
	FUZZ_CHECK(memcmp(g_out + fi.l4_off + hl, payload ? payload : g_zero, plen) == 0);
	if (!v6)
		FUZZ_CHECK(fold(sum16(0, g_out + 14, 20)) == 0xffff);
	check_l4_sum(g_out, &fi, v6, kind <= 1 ? 17 : 6, hl + plen);
	if (kind <= 1)
		FUZZ_CHECK((cr.decision == DEC_RT) == ports_is_rt(g_ports, dport));
	else
		FUZZ_CHECK(cr.decision == DEC_GP && cr.reason == R_DEFAULT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[HDR] = {0};
	setup();
	if (size)
		memcpy(hdr, data, size < HDR ? size : HDR);
	const uint8_t *p = size > HDR ? data + HDR : NULL;
	size_t n = size > HDR ? size - HDR : 0;
	if (n > UINT32_MAX)
		return 0;
	if (hdr[0] & 0x80)
		build_mode(hdr, p, n);
	else
		parse_mode(hdr, p, (uint32_t)n);
	return 0;
}
