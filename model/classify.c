/* classify.c - the RT input thread's classifier: SPEC C1-C4.
 * Models: Fig. 8b steps 486-496 (step 488 reads the packet type and the
 * port; 490 "is it for RT?"; 492 deliver to RT; 494 ARP reply: update the
 * RT table and forward; 496 forward to GP) and claim 4 (RT receives
 * everything and forwards to GP what is not specifically for it).
 * Cost: a few comparisons on an already parsed frame (frame_parse) plus one
 * ports_is_rt() lookup; the CPU cycles are charged by the caller
 * (cost.rt_input per frame).
 *
 * Rules, in order (the first that applies decides):
 *   nothing past Ethernet readable (type field or a VLAN tag cut)  gp truncated
 *   802.3 length/LLC, a third tag, any other EtherType             gp default
 *   ARP whose body (8 + 2*hlen + 2*plen bytes) is not all captured gp truncated
 *   ARP opcode 2                                                    both arp-reply
 *   other ARP                                                       gp default
 *   IP header malformed (see INVALID below)                         gp invalid
 *   IP header (IPv4 incl. options; IPv6 incl. the extension
 *     headers walked) not all captured                              gp truncated
 *   non-first fragment                                              gp default
 *   not UDP (TCP, ICMP, AH, ESP, no-next-header, ...)               gp default
 *   UDP header lies past the IP length field                        gp invalid
 *   UDP header not all captured                                     gp truncated
 *   UDP destination port owned by RT                                rt rt-port
 *   other UDP                                                       gp default
 *
 * Cases SPEC section 3 leaves open, and what is done here:
 *  1. IPv4 cut inside its options, whatever the protocol (TCP included):
 *     gp truncated. A header counts only if all its bytes were captured, so
 *     the protocol field of a cut header is not used to say "not UDP".
 *  2. IPv4 total length. It bounds the datagram: headers are read up to
 *     min(captured end, IP start + total length). Total length < IHL*4
 *     (and not 0): the header is malformed, gp invalid, decided as soon as
 *     the fixed 20 bytes are captured, even if options are cut. Total
 *     length 0 is taken as "unknown" (TCP segmentation offload writes 0 in
 *     captures taken on the sender): the datagram runs to the captured end.
 *     A UDP header that is captured but lies past the total length: gp
 *     invalid (the packet is malformed, the capture is not short). A total
 *     length longer than the frame is not checked: if the UDP header is
 *     captured, C1 applies (the RT UDP stack sees the short datagram).
 *  3. IPv6 payload length. It bounds the datagram as in 2: a payload
 *     length too short for the extension headers or the UDP header is gp
 *     invalid. Payload length 0 is a jumbogram (RFC 2675) only when a
 *     hop-by-hop header comes first and holds a Jumbo Payload option with
 *     a value > 65535 (RFC 2675 section 3): that value is then the payload
 *     length. Otherwise 0 is taken at its word, an empty
 *     payload, so a header after it is gp invalid (as Linux ip6_rcv and
 *     Wireshark do: IPv6 gives 0 a meaning, unlike IPv4 where 0 can only be
 *     an offload artefact).
 *  4. IPv6 extension headers: hop-by-hop (0), routing (43), destination
 *     options (60), fragment (44) are walked in any order and any number;
 *     each must be whole. A fragment header with offset > 0 stops the walk
 *     (non-first fragment: gp default, the headers after it not read). A
 *     first fragment (offset 0, M set) is walked on and C1 applies, as for
 *     an IPv4 first fragment (MF set, offset 0).
 *  5. AH (51), ESP (50), no next header (59), IP-in-IP (4, 41), GRE,
 *     UDP-Lite (136), mobility (135), ...: end the walk, gp default.
 *  6. TCP, ICMP and other L4 headers cut short: gp default (C1 only needs to
 *     know the datagram is not UDP; nothing of theirs is needed).
 *  7. An ARP body cut short: gp truncated whatever the opcode (C2 needs the
 *     whole body: the RT table update reads the sender addresses). Opcode 2
 *     with another hardware/protocol type (hlen != 6 or plen != 4) is still
 *     both arp-reply: SPEC C2 names only the EtherType and the opcode; the
 *     ARP table ignores what it cannot store. RARP (0x8035) is another
 *     EtherType: gp default.
 *  8. Type/length 1501..1535 (neither a length nor a type): another
 *     EtherType, gp default. A VLAN tag followed by a length is LLC. The
 *     pre-standard QinQ TPID 0x9100 is "another TPID", not looked through.
 *  9. A wrong version inside the EtherType's header (0x0800 carrying
 *     version 6, 0x86dd carrying version 4) is gp invalid. Whenever the
 *     captured bytes already show a header to be malformed (version, IHL,
 *     total length < header), invalid wins over a truncation further on.
 * 10. UDP length field and checksums are not examined (captures taken with
 *     offload carry wrong ones); destination IP is not examined (N1 chose).
 * 11. A frame whose destination or source MAC is cut never reaches here
 *     (N0/N1 drop it); if it does, it is gp truncated. */
#include "classify.h"

static struct classify_result result(enum verdict_decision d, enum verdict_reason r)
{
	struct classify_result cr = {.decision = d, .reason = r, .port = 0};
	return cr;
}

static enum verdict_reason status_reason(enum frame_status st)
{
	return st == FRAME_INVALID ? R_INVALID : R_TRUNCATED;
}

struct classify_result classify_frame(const struct frame_info *fi, const struct ports *ports)
{
	switch (fi->l3) {
	case L3_NONE:
		return result(DEC_GP, R_TRUNCATED);
	case L3_LLC:
	case L3_OTHER:
		return result(DEC_GP, R_DEFAULT);
	case L3_ARP:
		if (fi->l3_status != FRAME_OK)
			return result(DEC_GP, status_reason(fi->l3_status));
		if (fi->arp_oper == 2)
			return result(DEC_BOTH, R_ARP_REPLY);
		return result(DEC_GP, R_DEFAULT);
	case L3_IPV4:
	case L3_IPV6:
		break;
	default:
		return result(DEC_GP, R_DEFAULT);
	}

	if (fi->l3_status != FRAME_OK)
		return result(DEC_GP, status_reason(fi->l3_status));
	if (fi->ip_nonfirst_fragment || fi->l4 != L4_UDP)
		return result(DEC_GP, R_DEFAULT);
	if (fi->l4_status != FRAME_OK)
		return result(DEC_GP, status_reason(fi->l4_status));
	if (ports && ports_is_rt(ports, fi->dport)) {
		struct classify_result cr = result(DEC_RT, R_RT_PORT);
		cr.port = fi->dport;
		return cr;
	}
	return result(DEC_GP, R_DEFAULT);
}
