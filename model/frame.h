/* frame.h - a bounds-checked view of one captured Ethernet frame.
 * Models: the header reading of Fig. 8b step 488 ("reads the packet type
 * and, where the packet includes a port address, the port") and Fig. 4a/4b.
 *
 * Style of tcpdump's print-*.c: every byte is read through a cursor that
 * checks bounds; running out of captured bytes is TRUNCATED, bytes that are
 * there but wrong are INVALID. Nothing is allocated; frame_parse() fills a
 * caller-owned struct. */
#ifndef NICSHARE_FRAME_H
#define NICSHARE_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum frame_status { FRAME_OK = 0, FRAME_TRUNCATED, FRAME_INVALID };

/* The cursor: p[0..len) are the captured bytes; off the read position.
 * Every accessor returns false (and reads nothing) when the bytes are not
 * all there. */
struct frame_cur {
	const uint8_t *p;
	size_t len;
	size_t off;
};
void frame_cur_init(struct frame_cur *c, const uint8_t *p, size_t len);
bool frame_cur_skip(struct frame_cur *c, size_t n);
bool frame_cur_u8(struct frame_cur *c, uint8_t *v);
bool frame_cur_u16(struct frame_cur *c, uint16_t *v);   /* network order */
bool frame_cur_u32(struct frame_cur *c, uint32_t *v);   /* network order */
bool frame_cur_bytes(struct frame_cur *c, void *dst, size_t n);
size_t frame_cur_left(const struct frame_cur *c);

enum frame_l3 {
	L3_NONE = 0,   /* nothing past Ethernet could be read */
	L3_LLC,        /* 802.3 length field (<= 1500): not looked into */
	L3_ARP,
	L3_IPV4,
	L3_IPV6,
	L3_OTHER,      /* another EtherType, or a third VLAN tag */
};

enum frame_l4 {
	L4_NONE = 0,
	L4_UDP,
	L4_TCP,
	L4_ICMP,
	L4_ICMPV6,
	L4_OTHER,     /* another protocol, or the walk stopped (AH, ESP, ...) */
};

#define FRAME_ETH_HLEN 14
#define FRAME_MAX_VLAN 2

struct frame_info {
	uint32_t caplen;        /* captured bytes */
	uint32_t wirelen;       /* original length on the wire, FCS excluded */

	/* Layer 2 */
	bool has_dst, has_src;  /* each 6 bytes captured */
	uint8_t dst[6], src[6];
	uint8_t nvlan;          /* tags looked through: 0..2, counted once the
	                           TPID is read (vlan_tci is 0 if cut) */
	uint16_t vlan_tpid[FRAME_MAX_VLAN];
	uint16_t vlan_tci[FRAME_MAX_VLAN];
	bool has_ethertype;     /* the (innermost) type/length field was captured */
	uint16_t ethertype;     /* innermost type/length field */
	uint8_t third_tag;      /* 1 when a third tag stopped the walk */
	uint32_t l3_off;        /* offset of the L3 header in the frame */

	enum frame_l3 l3;
	enum frame_status l3_status;   /* of the L3 header (ARP body, IP header) */

	/* ARP (l3 == L3_ARP, l3_status == FRAME_OK). The operation is
	 * arp_oper (RFC 826 ar$op; IANA "Operation Code"), not arp_op: glibc's
	 * and the BSDs' <netinet/if_ether.h> define arp_op as a macro (review
	 * n54: a program including <netinet/ether.h> did not compile). */
	uint16_t arp_htype, arp_ptype, arp_oper;
	uint8_t arp_hlen, arp_plen;
	uint8_t arp_sha[6];             /* valid when hlen == 6 */
	uint32_t arp_spa, arp_tpa;      /* valid when plen == 4, host order */

	/* IP (l3 == L3_IPV4 / L3_IPV6) */
	uint8_t ip_version;
	uint8_t ip_ihl;                 /* IPv4 header length in 32-bit words */
	uint8_t ip_proto;               /* final protocol after option/extension walk */
	bool ip_fragment;               /* a fragment (MF set or offset > 0 / frag header) */
	bool ip_nonfirst_fragment;      /* offset > 0 */
	uint8_t ip_src[16], ip_dst[16]; /* IPv4 in the first 4 bytes */
	uint8_t ipv6_ext_count;         /* extension headers walked */
	uint32_t l4_off;                /* offset of the L4 header (past 65535 in a
	                                   frame of 64 KiB of IPv6 extensions) */
	uint32_t ip_end;                /* offset just past the IP datagram, from its
	                                   length field (IPv4 total length, IPv6
	                                   payload length or Jumbo Payload option);
	                                   an IPv4 total length of 0 (segmentation
	                                   offload) is wirelen. Set when l3_status is
	                                   FRAME_OK; it may pass caplen (a cut
	                                   capture) and wirelen (a lying field). */

	enum frame_l4 l4;
	enum frame_status l4_status;    /* of the L4 header (UDP: 8 bytes; TCP: 20,
	                                   its data offset at least 5 and within
	                                   the IP datagram's length field, the
	                                   options not read) */
	uint16_t sport, dport;          /* UDP/TCP, valid when l4_status == FRAME_OK */
	uint8_t icmp_type;
};

/* Parse the frame. Fills *fi completely (zeroing what is absent). Returns
 * the status of the deepest header it tried: FRAME_OK when every header it
 * looked for was whole, FRAME_TRUNCATED when the capture ended inside one,
 * FRAME_INVALID when a header was malformed. wirelen is the original length
 * (>= caplen; if smaller, caplen is used). */
enum frame_status frame_parse(const uint8_t *p, uint32_t caplen, uint32_t wirelen,
                              struct frame_info *fi);

/* The UDP payload of a parsed frame: its bytes as captured, as many as
 * the UDP length field says (padding after them excluded), cut at the IP
 * datagram's end (ip_end: a UDP length beyond it, which stacks drop as a
 * bad length, does not take the frame's padding) and at caplen.
 * NULL when the frame is not UDP, its UDP header was not captured whole,
 * or the length field is below the header's 8 bytes. */
const uint8_t *frame_udp_payload(const uint8_t *p, uint32_t caplen, const struct frame_info *fi,
                                 size_t *len);

/* I/G bit of the destination MAC. */
static inline bool frame_mac_is_multicast(const uint8_t mac[6]) { return mac[0] & 1; }
bool frame_mac_is_broadcast(const uint8_t mac[6]);
bool frame_mac_equal(const uint8_t a[6], const uint8_t b[6]);

/* ---- Building frames for generated traffic (RT RTP apps, GP bulk, ARP) ----
 * Each builder writes a complete Ethernet II frame (no VLAN tag, no FCS, no
 * padding: the wire pads to 64, SPEC S3) into buf[0..cap) and returns its
 * length, or 0 when cap is too small or a length field would overflow
 * (nothing useful is left in buf then). IPv4 headers are 20 bytes, TTL 64,
 * DF clear, header checksum computed; IPv6 headers have hop limit 64, flow
 * label 0. UDP and TCP checksums are computed over the pseudo-header (UDP
 * over IPv4 could be 0 but is computed too). payload may be NULL: zeros.
 * IP addresses: IPv4 in the first 4 bytes of the 16. */
#define FRAME_TCP_FIN 0x01
#define FRAME_TCP_SYN 0x02
#define FRAME_TCP_RST 0x04
#define FRAME_TCP_PSH 0x08
#define FRAME_TCP_ACK 0x10

size_t frame_build_udp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                       uint16_t sport, uint16_t dport,
                       const uint8_t *payload, size_t payload_len, uint16_t ip_id);
/* The same, writing a UDP checksum field already known (csum_field, from
 * frame_udp_csum_update) instead of summing the datagram; 0: computed, as
 * frame_build_udp does. */
size_t frame_build_udp_csum(uint8_t *buf, size_t cap,
                            const uint8_t dst_mac[6], const uint8_t src_mac[6],
                            bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                            uint16_t sport, uint16_t dport,
                            const uint8_t *payload, size_t payload_len, uint16_t ip_id,
                            uint16_t csum_field);
/* RFC 1624 eqn. 3, for UDP: the checksum field of a datagram one of whose
 * 16-bit words (at an even offset of the UDP header or payload, not the
 * checksum itself) went from old_word to new_word, given the field
 * before. The result is the field frame_build_udp writes for the new
 * datagram, exactly: the one's-complement sums agree modulo 0xffff, and
 * the only ambiguity, +0 against -0, is the field 0 that UDP sends as
 * 0xffff either way. Cost: a few instructions against a pass over the
 * datagram (an RTP sender changes only sequence number and timestamp). */
uint16_t frame_udp_csum_update(uint16_t field, uint16_t old_word, uint16_t new_word);

/* The frame frame_build_udp builds for the payload head (head_len bytes)
 * followed by fill_len bytes of value fill, byte for byte; the fill is
 * written once and its checksum share computed, not summed (an RTP
 * packet of a quiet codec: 12 bytes of header, then 160 of one value).
 * Cost: about a third of frame_build_udp's for a G.711 packet. */
size_t frame_build_udp_fill(uint8_t *buf, size_t cap,
                            const uint8_t dst_mac[6], const uint8_t src_mac[6],
                            bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                            uint16_t sport, uint16_t dport,
                            const uint8_t *head, size_t head_len, uint8_t fill, size_t fill_len,
                            uint16_t ip_id);

/* A TCP segment with a 20-byte header (no options), window 65535. */
size_t frame_build_tcp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       bool ipv6, const uint8_t src_ip[16], const uint8_t dst_ip[16],
                       uint16_t sport, uint16_t dport,
                       uint32_t seq, uint32_t ack, uint8_t flags,
                       const uint8_t *payload, size_t payload_len, uint16_t ip_id);

/* The fixed RTP header (RFC 3550 5.1), 12 bytes at h: version 2, no
 * padding, extension or CSRC; the marker bit, the payload type (7 bits),
 * the sequence number, timestamp and SSRC, big-endian. */
#define FRAME_RTP_HLEN 12
void frame_build_rtp(uint8_t h[FRAME_RTP_HLEN], bool marker, uint8_t pt, uint16_t seq,
                     uint32_t ts, uint32_t ssrc);

/* ARP for IPv4 over Ethernet (htype 1, ptype 0x0800): op 1 request, 2 reply.
 * spa/tpa in host order, as in struct frame_info. 42 bytes. */
#define FRAME_ARP_REQUEST 1
#define FRAME_ARP_REPLY 2
size_t frame_build_arp(uint8_t *buf, size_t cap,
                       const uint8_t dst_mac[6], const uint8_t src_mac[6],
                       uint16_t op, const uint8_t sha[6], uint32_t spa,
                       const uint8_t tha[6], uint32_t tpa);

#ifdef __cplusplus
}
#endif

#endif
