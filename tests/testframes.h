/* testframes.h - hand-written frame bytes shared by check_frame.c and
 * check_classify.c (test-only). Frames are hex text, header by header, so
 * that each test case reads like the packet it is; hex() turns the text into
 * bytes (spaces ignored). Nothing here uses the code under test.
 *
 * Addresses: host 02:00:00:00:00:01 (destination), peer ...:02 (source),
 * 192.0.2.1 -> 192.0.2.2, 2001:db8::1 -> 2001:db8::2. */
#ifndef NICSHARE_TESTFRAMES_H
#define NICSHARE_TESTFRAMES_H

#include <stddef.h>
#include <stdint.h>

/* Ethernet: destination, source (the type follows) */
#define TF_HOST "020000000001"
#define TF_PEER "020000000002"
#define TF_ETH TF_HOST " " TF_PEER " "
#define TF_ETH_BCAST "ffffffffffff " TF_PEER " "

/* UDP ports in hex */
#define P_5003 "138b"
#define P_5004 "138c"
#define P_5099 "13eb"
#define P_5100 "13ec"
#define P_53 "0035"
#define P_40000 "9c40"

/* IPv4 header, 20 bytes: tot = total length, ff = flags/fragment offset,
 * pr = protocol (all hex text) */
#define TF_IP4(tot, ff, pr) "45 00 " tot " 1234 " ff " 40 " pr " 0000 c0000201 c0000202 "
/* UDP, 8 bytes + 12 bytes of payload (length 20) */
#define TF_PAY12 "80 00 0000 00000000 00000000 "
#define TF_UDP(dport) P_40000 " " dport " 0014 0000 " TF_PAY12
/* IPv4 + UDP to dport, total length 40 */
#define TF_IP4_UDP(dport) TF_IP4("0028", "0000", "11") TF_UDP(dport)
/* TCP, 20 bytes, 40001 -> dport */
#define TF_TCP(dport) "9c41 " dport " 00000001 00000000 50 18 0200 0000 0000 "

/* IPv6 header, 40 bytes: plen, nxt in hex text */
#define TF_IP6(plen, nxt) "60000000 " plen " " nxt " 40 " \
	"20010db8000000000000000000000001 20010db8000000000000000000000002 "
/* hop-by-hop / destination options, 8 bytes (a PadN option) */
#define TF_OPTS8(nxt) nxt " 00 01 04 00000000 "
/* routing header type 0, segments left 0, one address: 24 bytes */
#define TF_RH0(nxt) nxt " 02 00 00 00000000 20010db8000000000000000000000002 "
/* fragment header, 8 bytes: offm = offset << 3 | M, in hex text */
#define TF_FRAG(nxt, offm) nxt " 00 " offm " 0000abcd "

/* ARP for IPv4 over Ethernet, 28 bytes: op in hex text */
#define TF_ARP(op) "0001 0800 06 04 " op " " TF_PEER " c0000202 000000000000 c0000201 "

/* Hex text to bytes; returns the byte count. Aborts on odd digits or
 * overflow (a bug in the test table, not in the code under test). */
static inline size_t hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		int v;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			__builtin_trap();
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		__builtin_trap();
	return n;
}

#endif
