/* mkseeds.c - seed inputs for the fuzz targets (issue 7), made by hand so
 * that every header the parsers know is in the corpus from the start.
 *   mkseeds frames DIR                 hand-made frames for fuzz_frame
 *   mkseeds captures DIR               hand-made captures for fuzz_capin
 *   mkseeds extract DIR CAPTURE...     every frame (at most 64 per file)
 *                                      of the captures, for fuzz_frame
 * fuzz_frame inputs start with its 5-byte header (flags, MTU, extra wire
 * length; fuzz/fuzz_frame.c). Files are named NAME or CAPTURE-N; the output
 * is the same on every run. Built by fuzz/run.sh only. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "../src/capin.h"

static const char *g_dir;
static int g_files;

static void out(const char *name, const uint8_t *d, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", g_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(d, 1, n, f) != n) || fclose(f) != 0) {
		fprintf(stderr, "mkseeds: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	g_files++;
}

/* ---- frames --------------------------------------------------------------- */

static const uint8_t host[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t peer[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t ip4a[16] = {10, 0, 0, 2}, ip4b[16] = {10, 0, 0, 1};
static const uint8_t ip6a[16] = {0xfe, 0x80, [15] = 2}, ip6b[16] = {0xfe, 0x80, [15] = 1};

/* header: flags, MTU 1500, extra wire length */
static void frame_out(const char *name, uint8_t flags, uint16_t extra, const uint8_t *f, size_t n)
{
	uint8_t b[70000];
	if (n > sizeof b - 5)
		n = sizeof b - 5;
	b[0] = flags;
	b[1] = 1500 >> 8;
	b[2] = 1500 & 0xff;
	b[3] = (uint8_t)(extra >> 8);
	b[4] = (uint8_t)extra;
	memcpy(b + 5, f, n);
	out(name, b, n + 5);
}

/* Insert `n` bytes at `at` into a frame of length len (buffer large enough). */
static size_t insert(uint8_t *f, size_t len, size_t at, const uint8_t *ins, size_t n)
{
	memmove(f + at + n, f + at, len - at);
	memcpy(f + at, ins, n);
	return len + n;
}

static void frames(void)
{
	uint8_t f[2048], pl[64];
	size_t n;
	memset(pl, 0x80, sizeof pl);

	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 5004, 5004, pl, 20, 1);
	frame_out("udp4-rt", 0, 0, f, n);
	frame_out("udp4-rt-cut", 0, 10, f, n - 10);
	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 40000, 53, pl, 32, 2);
	frame_out("udp4-gp", 0, 0, f, n);
	n = frame_build_udp(f, sizeof f, host, peer, true, ip6a, ip6b, 5006, 5006, pl, 20, 0);
	frame_out("udp6-rt", 0, 0, f, n);
	n = frame_build_tcp(f, sizeof f, host, peer, false, ip4a, ip4b, 443, 5004, 1, 2,
	                    FRAME_TCP_ACK, pl, 10, 3);
	frame_out("tcp4", 0, 0, f, n);
	n = frame_build_tcp(f, sizeof f, host, peer, true, ip6a, ip6b, 443, 5004, 1, 2,
	                    FRAME_TCP_SYN, NULL, 0, 0);
	frame_out("tcp6", 0, 0, f, n);
	n = frame_build_arp(f, sizeof f, host, peer, FRAME_ARP_REPLY, peer, 0x0a000002, host,
	                    0x0a000001);
	frame_out("arp-reply", 0, 18, f, n);
	n = frame_build_arp(f, sizeof f, bcast, peer, FRAME_ARP_REQUEST, peer, 0x0a000002, bcast,
	                    0x0a000001);
	frame_out("arp-request", 0, 18, f, n);

	/* 802.1Q, then QinQ (802.1ad outer), then three tags */
	static const uint8_t q[4] = {0x81, 0x00, 0x00, 0x05}, ad[4] = {0x88, 0xa8, 0x00, 0x07};
	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 5004, 5004, pl, 20, 4);
	n = insert(f, n, 12, q, 4);
	frame_out("vlan-udp4-rt", 0, 0, f, n);
	n = insert(f, n, 12, ad, 4);
	frame_out("qinq-udp4-rt", 0, 0, f, n);
	n = insert(f, n, 12, q, 4);
	frame_out("three-tags", 0, 0, f, n);

	/* IPv4 with 8 bytes of options (IHL 7) */
	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 5004, 5004, pl, 20, 5);
	static const uint8_t opts[8] = {0x94, 0x04, 0, 0, 1, 1, 1, 0};
	n = insert(f, n, 34, opts, 8);
	f[14] = 0x47;
	f[16] = (uint8_t)((n - 14) >> 8);
	f[17] = (uint8_t)(n - 14);
	frame_out("ipv4-options", 0, 0, f, n);
	/* a first fragment (MF), then a later one */
	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 5004, 5004, pl, 40, 6);
	f[20] = 0x20;
	frame_out("ipv4-frag-first", 0, 0, f, n);
	f[20] = 0x00;
	f[21] = 0x10;
	frame_out("ipv4-frag-later", 0, 0, f, n);
	/* total length 0 (TSO), and shorter than the header */
	f[21] = 0;
	f[16] = f[17] = 0;
	frame_out("ipv4-totlen0", 0, 0, f, n);
	f[17] = 12;
	frame_out("ipv4-totlen-short", 0, 0, f, n);

	/* IPv6: hop-by-hop + destination options + fragment header, then UDP */
	n = frame_build_udp(f, sizeof f, host, peer, true, ip6a, ip6b, 5004, 5004, pl, 20, 0);
	static const uint8_t ext[24] = {
		60, 0, 1, 4, 0, 0, 0, 0,            /* hop-by-hop: next dstopts, PadN */
		44, 0, 1, 4, 0, 0, 0, 0,            /* dstopts: next fragment */
		17, 0, 0x00, 0x01, 0, 0, 0, 9,      /* fragment: offset 0, M */
	};
	n = insert(f, n, 54, ext, sizeof ext);
	f[20] = 0;                               /* next header: hop-by-hop */
	f[18] = (uint8_t)((n - 54) >> 8);
	f[19] = (uint8_t)(n - 54);
	frame_out("ipv6-ext-udp", 0, 0, f, n);
	f[38 + 16 + 18] = 0x01;                  /* fragment offset 32: a later fragment */
	frame_out("ipv6-frag-later", 0, 0, f, n);
	/* a jumbogram: payload length 0, hop-by-hop with Jumbo Payload */
	n = frame_build_udp(f, sizeof f, host, peer, true, ip6a, ip6b, 5004, 5004, pl, 20, 0);
	static const uint8_t jumbo[8] = {17, 0, 0xc2, 4, 0, 0x01, 0, 0};
	n = insert(f, n, 54, jumbo, sizeof jumbo);
	f[18] = f[19] = 0;
	f[20] = 0;
	frame_out("ipv6-jumbo", 0, 0, f, n);

	/* 802.3 length, another EtherType, ICMP, a wrong IP version, runts */
	n = frame_build_udp(f, sizeof f, bcast, peer, false, ip4a, ip4b, 5004, 5004, pl, 20, 7);
	f[12] = 0x00;
	f[13] = 0x2e;
	frame_out("llc", 0x01, 0, f, n);
	f[12] = 0x88;
	f[13] = 0xcc;
	frame_out("lldp", 0x02, 0, f, n);
	f[12] = 0x08;
	f[13] = 0x00;
	f[14] = 0x65;
	frame_out("ipv4-version6", 0, 0, f, n);
	f[14] = 0x45;
	f[23] = 1;
	frame_out("icmp4", 0, 0, f, n);
	frame_out("runt-13", 0, 50, f, 13);
	frame_out("runt-5", 0, 60, f, 5);
	frame_out("empty", 0, 0, f, 0);
	/* oversize for MTU 1500, NIC down, multicast with multicast off */
	n = frame_build_udp(f, sizeof f, host, peer, false, ip4a, ip4b, 5004, 5004, NULL, 1600, 8);
	frame_out("oversize", 0, 0, f, n);
	frame_out("nic-down", 0x04, 0, f, 60);
	f[0] = 0x01;
	frame_out("multicast-off", 0x00, 0, f, 60);

	/* builder mode: kind, ports, id, addresses, MACs, payload */
	for (uint8_t kind = 0; kind < 5; kind++) {
		uint8_t b[5 + 56 + 16] = {0x80, 0x05, 0xdc, 0, 0};
		char name[32];
		b[5] = kind;
		b[6] = 0x13;
		b[7] = 0x8c;    /* 5004 */
		b[8] = 0x13;
		b[9] = 0x8c;
		if (kind == 4)
			b[7] = 2;  /* ARP opcode 2 */
		memcpy(b + 5 + 7, kind & 1 ? ip6a : ip4a, 16);
		memcpy(b + 5 + 23, kind & 1 ? ip6b : ip4b, 16);
		memcpy(b + 5 + 39, host, 6);
		memcpy(b + 5 + 45, peer, 6);
		memset(b + 5 + 56, 0x55, 16);
		snprintf(name, sizeof name, "build-%u", kind);
		out(name, b, sizeof b);
	}
}

/* ---- captures ------------------------------------------------------------- */

struct buf {
	uint8_t d[8192];
	size_t n;
	bool big;
};

static void put8(struct buf *b, uint8_t v)
{
	b->d[b->n++] = v;
}

static void put16(struct buf *b, uint16_t v)
{
	if (b->big) {
		put8(b, (uint8_t)(v >> 8));
		put8(b, (uint8_t)v);
	} else {
		put8(b, (uint8_t)v);
		put8(b, (uint8_t)(v >> 8));
	}
}

static void put32(struct buf *b, uint32_t v)
{
	if (b->big) {
		put16(b, (uint16_t)(v >> 16));
		put16(b, (uint16_t)v);
	} else {
		put16(b, (uint16_t)v);
		put16(b, (uint16_t)(v >> 16));
	}
}

static void putn(struct buf *b, const uint8_t *d, size_t n)
{
	memcpy(b->d + b->n, d, n);
	b->n += n;
}

static void pcap_hdr(struct buf *b, uint32_t magic, uint32_t snap, uint32_t lt)
{
	put32(b, magic);
	put16(b, 2);
	put16(b, 4);
	put32(b, 0);
	put32(b, 0);
	put32(b, snap);
	put32(b, lt);
}

static void pcap_rec(struct buf *b, uint32_t sec, uint32_t frac, const uint8_t *d,
                     uint32_t caplen, uint32_t len)
{
	put32(b, sec);
	put32(b, frac);
	put32(b, caplen);
	put32(b, len);
	putn(b, d, caplen);
}

/* an SLL (v1) or SLL2 header in front of an IPv4 UDP datagram */
static size_t sll(uint8_t *o, bool v2, uint16_t pkttype, const uint8_t *eth, size_t n)
{
	size_t k = 0;
	if (v2) {
		o[k++] = eth[12];
		o[k++] = eth[13];          /* protocol */
		o[k++] = 0;
		o[k++] = 0;                /* reserved */
		o[k++] = 0;
		o[k++] = 0;
		o[k++] = 0;
		o[k++] = 2;                /* interface index */
		o[k++] = 0;
		o[k++] = 1;                /* ARPHRD_ETHER */
		o[k++] = (uint8_t)pkttype;
		o[k++] = 6;
		memcpy(o + k, eth + 6, 6);
		k += 6;
		o[k++] = 0;
		o[k++] = 0;
	} else {
		o[k++] = 0;
		o[k++] = (uint8_t)pkttype;
		o[k++] = 0;
		o[k++] = 1;
		o[k++] = 0;
		o[k++] = 6;
		memcpy(o + k, eth + 6, 6);
		k += 6;
		o[k++] = 0;
		o[k++] = 0;
		o[k++] = eth[12];
		o[k++] = eth[13];
	}
	memcpy(o + k, eth + 14, n - 14);
	return k + n - 14;
}

static void ng_block(struct buf *b, uint32_t type, const struct buf *body)
{
	uint32_t len = 12 + (uint32_t)((body->n + 3) & ~(size_t)3);
	put32(b, type);
	put32(b, len);
	putn(b, body->d, body->n);
	while ((b->n & 3) != 0)
		put8(b, 0);
	put32(b, len);
}

static void ng_shb(struct buf *b)
{
	struct buf s = {.big = b->big};
	put32(&s, 0x1A2B3C4D);
	put16(&s, 1);
	put16(&s, 0);
	put32(&s, 0xffffffff);
	put32(&s, 0xffffffff);
	ng_block(b, 0x0A0D0D0A, &s);
}

static void ng_idb(struct buf *b, uint16_t lt, uint32_t snap, int tsresol)
{
	struct buf s = {.big = b->big};
	put16(&s, lt);
	put16(&s, 0);
	put32(&s, snap);
	if (tsresol >= 0) {
		put16(&s, 9);      /* if_tsresol */
		put16(&s, 1);
		put8(&s, (uint8_t)tsresol);
		put8(&s, 0);
		put8(&s, 0);
		put8(&s, 0);
		put16(&s, 0);
		put16(&s, 0);
	}
	ng_block(b, 1, &s);
}

static void ng_epb(struct buf *b, uint32_t ifid, uint64_t ts, const uint8_t *d, uint32_t n,
                   int flags)
{
	struct buf s = {.big = b->big};
	put32(&s, ifid);
	put32(&s, (uint32_t)(ts >> 32));
	put32(&s, (uint32_t)ts);
	put32(&s, n);
	put32(&s, n);
	putn(&s, d, n);
	while ((s.n & 3) != 0)
		put8(&s, 0);
	if (flags >= 0) {
		put16(&s, 2);      /* epb_flags */
		put16(&s, 4);
		put32(&s, (uint32_t)flags);
		put16(&s, 0);
		put16(&s, 0);
	}
	ng_block(b, 6, &s);
}

static void ng_spb(struct buf *b, const uint8_t *d, uint32_t n)
{
	struct buf s = {.big = b->big};
	put32(&s, n);
	putn(&s, d, n);
	ng_block(b, 3, &s);
}

static void captures(void)
{
	uint8_t e1[128], e2[128], e3[128], c[160];
	size_t n1, n2, n3, k;
	struct buf b;
	n1 = frame_build_udp(e1, sizeof e1, host, peer, false, ip4a, ip4b, 5004, 5004, NULL, 20, 1);
	n2 = frame_build_arp(e2, sizeof e2, host, peer, FRAME_ARP_REPLY, peer, 0x0a000002, host,
	                     0x0a000001);
	n3 = frame_build_udp(e3, sizeof e3, host, peer, true, ip6a, ip6b, 40000, 53, NULL, 12, 0);

	/* pcap in both byte orders, µs and ns, and the "modified" layout */
	for (int big = 0; big < 2; big++) {
		for (int ns = 0; ns < 2; ns++) {
			char name[48];
			memset(&b, 0, sizeof b);
			b.big = big;
			pcap_hdr(&b, ns ? 0xa1b23c4d : 0xa1b2c3d4, 65535, 1);
			pcap_rec(&b, 1, ns ? 999999999 : 999999, e1, (uint32_t)n1, (uint32_t)n1);
			pcap_rec(&b, 2, 0, e2, (uint32_t)n2, 60);
			pcap_rec(&b, 2, 1, e3, 40, (uint32_t)n3);
			snprintf(name, sizeof name, "pcap-%s-%s.pcap", big ? "be" : "le", ns ? "ns" : "us");
			out(name, b.d, b.n);
		}
	}
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2cd34, 65535, 1);
	for (int i = 0; i < 2; i++) {
		put32(&b, 1);
		put32(&b, (uint32_t)i);
		put32(&b, (uint32_t)n1);
		put32(&b, (uint32_t)n1);
		put32(&b, 1);      /* ifindex, protocol, pkt_type, pad */
		put16(&b, 0x0800);
		put8(&b, 0);
		put8(&b, 0);
		putn(&b, e1, n1);
	}
	out("pcap-modified.pcap", b.d, b.n);
	/* frames with a 4-byte FCS, said in the link type's upper bits */
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 65535, 1u | 0x04000000u | (2u << 28));
	memcpy(c, e1, n1);
	memset(c + n1, 0xfc, 4);
	pcap_rec(&b, 1, 0, c, (uint32_t)n1 + 4, (uint32_t)n1 + 4);
	out("pcap-fcs.pcap", b.d, b.n);
	/* snapshot length 40: frames cut */
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 40, 1);
	pcap_rec(&b, 1, 0, e1, 40, (uint32_t)n1);
	pcap_rec(&b, 1, 5, e3, 40, (uint32_t)n3);
	out("pcap-snap40.pcap", b.d, b.n);
	/* Linux cooked v1 and v2, every packet type */
	for (int v2 = 0; v2 < 2; v2++) {
		memset(&b, 0, sizeof b);
		pcap_hdr(&b, 0xa1b2c3d4, 65535, v2 ? 276 : 113);
		for (uint16_t pt = 0; pt <= 5; pt++) {
			k = sll(c, v2, pt, e1, n1);
			pcap_rec(&b, 1, pt, c, (uint32_t)k, (uint32_t)k);
		}
		k = sll(c, v2, 0, e2, n2);
		pcap_rec(&b, 2, 0, c, 8, (uint32_t)k);   /* cut inside the cooked header */
		out(v2 ? "sll2.pcap" : "sll.pcap", b.d, b.n);
	}
	/* pcapng: two interfaces (µs, ns), EPB with in/out flags, an SPB */
	for (int big = 0; big < 2; big++) {
		memset(&b, 0, sizeof b);
		b.big = big;
		ng_shb(&b);
		ng_idb(&b, 1, 65535, -1);
		ng_idb(&b, 1, 65535, 9);
		ng_epb(&b, 0, 1000001, e1, (uint32_t)n1, 1);
		ng_epb(&b, 1, 2000000000001ull, e2, (uint32_t)n2, 2);
		ng_epb(&b, 0, 1000002, e3, (uint32_t)n3, -1);
		ng_spb(&b, e1, (uint32_t)n1);
		out(big ? "pcapng-be.pcapng" : "pcapng-le.pcapng", b.d, b.n);
	}
	/* pcapng: a second section */
	memset(&b, 0, sizeof b);
	ng_shb(&b);
	ng_idb(&b, 1, 0, -1);
	ng_epb(&b, 0, 5, e1, (uint32_t)n1, 1);
	ng_shb(&b);
	ng_idb(&b, 1, 0, -1);
	ng_epb(&b, 0, 6, e2, (uint32_t)n2, 2);
	out("pcapng-2sections.pcapng", b.d, b.n);

	/* damage: a record claiming 4 GB, wire < caplen, ns fraction too
	 * large, cut in a record, link type NULL, a text file */
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 65535, 1);
	pcap_rec(&b, 1, 0, e1, (uint32_t)n1, (uint32_t)n1);
	put32(&b, 1);
	put32(&b, 0);
	put32(&b, 0xffffffff);
	put32(&b, 0xffffffff);
	out("bad-4gb.pcap", b.d, b.n);
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 65535, 1);
	pcap_rec(&b, 1, 0, e1, (uint32_t)n1, 14);
	out("bad-wire-lt-cap.pcap", b.d, b.n);
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b23c4d, 65535, 1);
	pcap_rec(&b, 1, 1000000000, e1, (uint32_t)n1, (uint32_t)n1);
	out("bad-ns-frac.pcap", b.d, b.n);
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 65535, 1);
	pcap_rec(&b, 1, 0, e1, (uint32_t)n1, (uint32_t)n1);
	pcap_rec(&b, 1, 0, e2, (uint32_t)n2, (uint32_t)n2);
	out("bad-cut.pcap", b.d, b.n - 10);
	memset(&b, 0, sizeof b);
	pcap_hdr(&b, 0xa1b2c3d4, 65535, 0);
	pcap_rec(&b, 1, 0, e1, 24, 24);
	out("bad-linktype-null.pcap", b.d, b.n);
	static const char text[] = "hello, this is not a capture\n";
	out("bad-text.pcap", (const uint8_t *)text, sizeof text - 1);
}

/* ---- frames of captures ----------------------------------------------------- */

static void extract(const char *path)
{
	char err[1024], name[512];
	struct capin_frame f;
	struct capin *c = capin_open(path, host, err, sizeof err);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!c)
		return;    /* damaged captures are seeds for fuzz_capin, not here */
	for (int i = 0; i < 64 && capin_next(c, &f, err, sizeof err) == 1; i++) {
		uint32_t extra = f.wirelen - f.caplen;
		snprintf(name, sizeof name, "%s-%d", base, i + 1);
		frame_out(name, 0, extra > 0xffff ? 0xffff : (uint16_t)extra, f.data, f.caplen);
	}
	capin_close(c);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mkseeds frames|captures DIR | mkseeds extract DIR CAPTURE...\n");
		return 2;
	}
	g_dir = argv[2];
	if (strcmp(argv[1], "frames") == 0)
		frames();
	else if (strcmp(argv[1], "captures") == 0)
		captures();
	else if (strcmp(argv[1], "extract") == 0)
		for (int i = 3; i < argc; i++)
			extract(argv[i]);
	else {
		fprintf(stderr, "mkseeds: unknown mode %s\n", argv[1]);
		return 2;
	}
	printf("%d\n", g_files);
	return 0;
}
