/* capin.c - the frames that arrive at the NIC from the wire [Fig. 8b, the
 * start of the receive path; SPEC T3, N0]: reads the input capture with
 * libpcap, one frame at a time.
 *
 * libpcap does the reading (pcap and pcapng, either byte order, µs/ns and
 * pcapng if_tsresol, asked for nanosecond precision so nothing goes through
 * a double). Around it, this file adds what libpcap does not give:
 *   - refusal of non-regular files (a FIFO is never opened, so never blocks),
 *     of empty and non-capture files, and of link types other than Ethernet
 *     and Linux cooked (SLL, SLL2), with a message naming the file;
 *   - a side check of each record against the raw bytes of the file, read
 *     with pread() on the same descriptor through a 64 KiB window of our
 *     own (libpcap's FILE position is left alone): for pcap, the record
 *     header (libpcap silently cuts a record whose caplen exceeds the
 *     snapshot length, and does not check the timestamp fraction); for
 *     pcapng, a bounds-checked walk over the blocks libpcap consumes, up to
 *     and including the packet block it returns, which yields the EPB
 *     direction flag (epb_flags bits 0-1) that libpcap does not expose, and
 *     names the interface when libpcap refuses an IDB; it also reads each
 *     IDB's if_fcslen and each packet block's FCS length (epb_flags bits
 *     5-8), which libpcap ignores. The side reader follows
 *     libpcap's position by itself and checks each step against what
 *     libpcap returned (lengths); out of step, it stops (direction
 *     unknown, no raw checks) rather than guess, and a frame is then
 *     refused if an interface with an FCS was met (see capin_next());
 *   - conversion of SLL/SLL2 to Ethernet (destination synthesised from the
 *     packet type, see sll_convert());
 *   - removal of the FCS of Ethernet frames when a pcap header says they
 *     carry one, or, in pcapng, the frame's epb_flags FCS length (bits 5-8)
 *     does, or when that is 0 (not given) its interface's if_fcslen (per
 *     frame and per interface, on both pcapng paths; lengths are
 *     FCS-excluded, SPEC N1b). Either length other than 0 or 4 is damage
 *     (see idb_options(), pkt_fcs());
 * pcapng files whose interfaces differ in link type or snapshot length, or
 * whose sections differ in byte order, are refused by libpcap (1.10) as
 * soon as it meets the odd block; the message then names the interface.
 * Opened with CAPIN_OTHER_LINK, a file whose interfaces differ is read by
 * a pcapng block reader of our own instead (own_next(), below), which
 * flags the frames of other link types (other_link) rather than refusing.
 * Costs: per frame, a few bounds checks and a memcpy of the record header
 * from the window; one pread() per 64 KiB of file, and libpcap's one read()
 * per 64 KiB. Memory: libpcap's record buffer and its stdio buffer (64 KiB),
 * the window, one conversion buffer as large as the largest frame,
 * the option area of the largest pcapng packet block. Nothing grows with
 * the length of the capture. */
#include "capin.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A record claiming a longer wire length than this is damage, not traffic:
 * no Ethernet frame, even a GSO/GRO super-frame as seen by a capture on
 * the host, comes near; it is also libpcap's largest pcapng block. */
#define CAPIN_MAX_WIRELEN (16u << 20)

#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20
#define ETH_HDR_LEN 14

/* Linux packet types (the sll_pkttype field) */
enum { PT_HOST = 0, PT_BROADCAST = 1, PT_MULTICAST = 2, PT_OTHERHOST = 3, PT_OUTGOING = 4 };

/* pcapng block types */
#define NG_SHB 0x0A0D0D0Au
#define NG_IDB 0x00000001u
#define NG_PB 0x00000002u /* obsolete Packet Block */
#define NG_SPB 0x00000003u
#define NG_EPB 0x00000006u
#define NG_BOM 0x1A2B3C4Du /* byte-order magic */

enum capin_fmt { FMT_PCAP, FMT_PCAPNG };
enum capin_state { ST_READING, ST_END, ST_FAILED };

#define SIDE_WIN (1u << 16)
#define FBUF (1u << 16)    /* libpcap's stdio buffer */
#define OFF_MAX ((off_t)((((uint64_t)1 << (sizeof(off_t) * 8 - 2)) - 1) * 2 + 1))

/* A pcapng interface: link type, snapshot length (as libpcap adjusts it),
 * time units per second (if_tsresol), if_tsoffset (these four for our own
 * reader) and the bytes of FCS ending each of its frames (if_fcslen). */
struct ngif {
	uint32_t lt, snap;
	uint64_t units;
	int64_t tsoff;
	uint32_t fcs;
};

/* What the walker saw in the last block it took, or where it stopped. */
struct ng_last {
	off_t stop;        /* offset of the block the walk could not take, or -1 */
	off_t end;         /* end of the last block taken */
	uint32_t type;
	uint32_t ifidx;    /* IDB: its index in the section; EPB/PB: if_id */
	uint32_t linktype; /* IDB */
	uint32_t snaplen;  /* IDB */
	uint32_t caplen;   /* EPB/PB: the block's captured length */
	uint32_t len;      /* EPB/PB/SPB: original length */
	uint64_t ts;       /* EPB/PB: the timestamp, in its interface's units */
	uint32_t fcs;      /* EPB/PB/SPB: its FCS length (epb_flags', else its
	                    * interface's if_fcslen), when if_known */
	bool has_caplen;
	bool if_known;     /* EPB/PB/SPB: the section has described its interface */
	enum capin_dir dir;
};

struct capin {
	enum capin_state state;
	enum capin_fmt fmt;
	pcap_t *p;
	FILE *fp;          /* libpcap's stream; we only ftell() it (open, errors) */
	uint8_t *fbuf;     /* its buffer (FBUF bytes): glibc takes a size only with one */
	int fd;            /* the same descriptor, for pread() */
	off_t next;        /* where libpcap's next read starts, as we follow it */
	off_t win_off;     /* side window: file bytes [win_off, win_off + win_len) */
	size_t win_len;
	uint8_t *win;
	off_t size;        /* file size at open */
	char *path;
	int dlt;
	uint8_t host_mac[6];
	uint64_t nread;
	char errmsg[512];  /* kept so a call after a failure repeats it */

	/* pcap: raw record header layout */
	bool swapped;      /* file byte order differs from ours */
	bool nsec;         /* fraction field in ns, else µs */
	unsigned rechdr;   /* record header size: 16, or 24 ("modified" pcap) */
	bool raw_ok;       /* the raw header matches libpcap's reading */
	uint32_t snaplen;  /* as libpcap uses it (adjusted) */
	uint32_t fcs;      /* bytes of FCS ending each frame, per the pcap header */

	/* pcapng walker */
	bool ng_ok;        /* the walker is in step with libpcap */
	bool ng_big;       /* current section is big-endian */
	bool ng_fcs;       /* an interface or frame with an FCS was met: out of step, refuse */
	char ng_damage[256]; /* an IDB or packet block libpcap took but we judge
	                      * damaged (if_fcslen, epb_flags' FCS), to report */
	bool ng_have_if0;
	uint32_t ng_if0_lt, ng_if0_snap;
	uint32_t ng_lastif;  /* interface of the last packet block walked */

	/* pcapng: the current section's interfaces (walker and own reader) */
	struct ngif *ifs;
	uint32_t nifs, ifcap;

	/* our own pcapng reader (CAPIN_OTHER_LINK, mixed link types) */
	bool own;
	uint8_t *raw;      /* the packet block's captured bytes */
	size_t rawcap;
	uint8_t *opt;      /* option area of one block */
	size_t optcap;

	uint8_t *buf;      /* converted SLL frame */
	size_t bufcap;
};

/* ---- small helpers --------------------------------------------------- */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint16_t get16(const uint8_t *b, bool big)
{
	return big ? (uint16_t)(b[0] << 8 | b[1]) : (uint16_t)(b[1] << 8 | b[0]);
}

static uint32_t get32(const uint8_t *b, bool big)
{
	if (big)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static bool host_big(void)
{
	const uint16_t one = 1;
	return *(const uint8_t *)&one == 0;
}

/* Read exactly n bytes at off; false if the file holds fewer. */
static bool pread_all(int fd, void *b, size_t n, off_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, (uint8_t *)b + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

/* Read n bytes at off through the side window; false if the file ends. */
static bool side_read(struct capin *c, void *out, size_t n, off_t off)
{
	if (n > SIDE_WIN)
		return pread_all(c->fd, out, n, off);
	if (off < c->win_off || (uint64_t)(off - c->win_off) + n > c->win_len) {
		size_t got = 0;
		while (got < SIDE_WIN) {
			ssize_t r = pread(c->fd, c->win + got, SIDE_WIN - got, off + (off_t)got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		c->win_off = off;
		c->win_len = got;
		if (got < n)
			return false;
	}
	memcpy(out, c->win + (off - c->win_off), n);
	return true;
}

static const char *dlt_name(int dlt)
{
	const char *n = pcap_datalink_val_to_name(dlt);
	return n ? n : "unknown";
}

/* pcapng IDBs carry LINKTYPE_ values; they equal DLT_ values except for a
 * few historical ones, of which only RAW is met in practice. */
static int linktype_to_dlt(uint32_t lt)
{
	return lt == 101 ? DLT_RAW : (int)lt;
}

static bool grow(uint8_t **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 2048;
	while (n < need)
		n *= 2;
	uint8_t *nb = realloc(*b, n);
	if (!nb)
		return false;
	*b = nb;
	*cap = n;
	return true;
}

/* ---- pcapng interfaces ------------------------------------------------ *
 * The current section's interfaces, as its IDBs describe them: kept by the
 * walker (libpcap reads the file) and by our own reader alike. if_fcslen
 * (option 13, one octet, the FCS length in octets) is honoured for Ethernet
 * interfaces the way a pcap header's FCS bits are: an Ethernet FCS is a
 * CRC-32, so 0 (none) and 4 are the only values that can describe one; a
 * value of another length or any other value (32 is what a writer counting
 * bits, as early drafts of the format said, would write) is damage, not a
 * guess. On Linux cooked interfaces the option is not looked at, as the
 * pcap header's bits are not: the cooked header replaces the link header. */

/* The options of the IDB at off (n bytes; the block starts 16 bytes before):
 * if_tsresol (9), if_tsoffset (14), if_fcslen (13), into *i (its link type
 * set). walk: libpcap reads the file and judges the block itself, so only
 * if_fcslen, which it does not read, is judged, if_tsresol and if_tsoffset
 * taken as they are (capin_next: libpcap's time_t wraps a stamp of 2^63 s
 * or more), and an option running past the block ends the look (libpcap
 * refuses the block). False on damage, with why saying it. */
static bool idb_options(struct capin *c, off_t off, size_t n, bool walk, struct ngif *i,
                        char *why, size_t whylen)
{
	const long long blk = (long long)off - 16;
	size_t at = 0;
	while (at + 4 <= n) {
		uint8_t o[12];
		if (!side_read(c, o, 4, off + (off_t)at)) {
			if (walk)
				return true;
			seterr(why, whylen, "cannot read the interface's options");
			return false;
		}
		uint16_t code = get16(o, c->ng_big), olen = get16(o + 2, c->ng_big);
		size_t padded = ((size_t)olen + 3u) & ~(size_t)3u;
		at += 4;
		if (code == 0)
			return true;
		if (padded > n - at) {
			if (walk)
				return true;
			seterr(why, whylen, "interface block at byte %lld: option %u of %u bytes "
			       "runs past the block: damaged block", blk, code, olen);
			return false;
		}
		if (code == 13 && linktype_to_dlt(i->lt) == DLT_EN10MB) {
			if (olen != 1 || !side_read(c, o, 1, off + (off_t)at)) {
				seterr(why, whylen, "interface block at byte %lld: if_fcslen option of %u "
				       "bytes, not 1: damaged block", blk, olen);
				return false;
			}
			if (o[0] != 0 && o[0] != 4) {
				seterr(why, whylen, "interface block at byte %lld: if_fcslen %u octets, "
				       "an Ethernet FCS has 4 (0: none): damaged block", blk, o[0]);
				return false;
			}
			i->fcs = o[0];
		} else if (code == 9 && olen == 1 && side_read(c, o, 1, off + (off_t)at)) {
			unsigned v = o[0] & 0x7fu;
			if (o[0] & 0x80u ? v > 63 : v > 19) {
				if (!walk) {    /* walking, libpcap's to judge */
					seterr(why, whylen, "interface block at byte %lld: if_tsresol %#x "
					       "is beyond 2^63 time units per second: damaged block", blk,
					       o[0]);
					return false;
				}
			} else {
				uint64_t u = 1;
				for (unsigned k = 0; k < v; k++)
					u *= o[0] & 0x80u ? 2u : 10u;
				i->units = u;
			}
		} else if (code == 14 && olen == 8 && side_read(c, o, 8, off + (off_t)at)) {
			uint64_t hi = get32(o, c->ng_big), lo = get32(o + 4, c->ng_big);
			i->tsoff = (int64_t)(c->ng_big ? hi << 32 | lo : lo << 32 | hi);
		}
		at += padded;
	}
	return true;
}

/* Add an interface to the section's table; false when out of memory or
 * beyond 2^20 interfaces. */
static bool if_add(struct capin *c, const struct ngif *i)
{
	if (c->nifs == c->ifcap) {
		uint32_t n = c->ifcap ? c->ifcap * 2 : 16;
		struct ngif *ni = n > (1u << 20) ? NULL : realloc(c->ifs, n * sizeof *ni);
		if (!ni)
			return false;
		c->ifs = ni;
		c->ifcap = n;
	}
	c->ifs[c->nifs++] = *i;
	return true;
}

/* ---- pcapng walker ----------------------------------------------------- *
 * Walks the blocks libpcap reads for one frame: from where the previous
 * frame's block ended, through any SHB, IDB and other blocks, up to and
 * including the packet block (EPB, SPB or obsolete PB). Every length is
 * checked against the block and the region; any inconsistency returns
 * false (the caller then stops trusting the walker: direction becomes
 * unknown, nothing else changes). Reads go through the side window. */

/* epb_flags (option 2, 4 bytes; the obsolete PB's pack_flags alike), into
 * *dir and *fcs: bits 0-1 the direction (1 inbound, 2 outbound), bits 5-8
 * the frame's FCS length in octets (0: not given, its interface's
 * if_fcslen applies; see pkt_fcs()). Absent, or an option of another
 * length (tshark skips it too): unknown and 0. An option area larger than
 * the window is not looked into. */
static void epb_flags(struct capin *c, off_t from, uint32_t len, enum capin_dir *dir,
                      uint32_t *fcs)
{
	size_t n = len;
	*dir = CAPIN_DIR_UNKNOWN;
	*fcs = 0;
	if (n == 0 || n > SIDE_WIN || !grow(&c->opt, &c->optcap, n)
	    || !side_read(c, c->opt, n, from))
		return;
	const uint8_t *o = c->opt;
	size_t i = 0;
	while (i + 4 <= n) {
		uint16_t code = get16(o + i, c->ng_big);
		uint16_t olen = get16(o + i + 2, c->ng_big);
		i += 4;
		if (code == 0)          /* opt_endofopt */
			break;
		if (olen > n - i)       /* option runs past the block: ignore */
			break;
		if (code == 2 && olen == 4) {   /* epb_flags */
			uint32_t fl = get32(o + i, c->ng_big);
			*dir = (fl & 3u) == 1 ? CAPIN_DIR_IN
			     : (fl & 3u) == 2 ? CAPIN_DIR_OUT : CAPIN_DIR_UNKNOWN;
			*fcs = (fl >> 5) & 0xfu;
			return;
		}
		size_t padded = ((size_t)olen + 3u) & ~(size_t)3u;
		if (padded > n - i)
			break;
		i += padded;
	}
}

/* The FCS length of the frame of the packet block at off, on an interface
 * of link type lt with if_fcslen ifcs, whose epb_flags give pfcs: epb_flags'
 * when not 0 (it overrides if_fcslen, as in tshark), else the interface's;
 * Ethernet only, as for if_fcslen. A per-frame length other than 4 is
 * damage, for the reason an if_fcslen other than 4 is (idb_options()):
 * false, with why saying it. */
static bool pkt_fcs(uint32_t lt, uint32_t ifcs, uint32_t pfcs, off_t off, uint32_t *fcs,
                    char *why, size_t whylen)
{
	*fcs = ifcs;
	if (pfcs == 0 || linktype_to_dlt(lt) != DLT_EN10MB)
		return true;
	if (pfcs != 4) {
		seterr(why, whylen, "the packet block at byte %lld: epb_flags FCS length %" PRIu32
		       " octets, an Ethernet FCS has 4 (0: not given): damaged block",
		       (long long)off, pfcs);
		return false;
	}
	*fcs = pfcs;
	return true;
}

/* Walk from `from` up to and including the first packet block, as libpcap
 * does for one frame, but never past `to`. */
static bool ng_walk(struct capin *c, off_t from, off_t to, struct ng_last *last)
{
	memset(last, 0, sizeof *last);
	last->dir = CAPIN_DIR_UNKNOWN;
	last->stop = -1;
	last->end = from;
	off_t off = from;
	while (off < to) {
		uint8_t h[28];
		last->stop = off;
		if (to - off < 12 || !side_read(c, h, 12, off))
			return false;
		uint32_t type = get32(h, c->ng_big);
		bool big = c->ng_big;
		if (type == NG_SHB) {
			uint32_t bom = get32(h + 8, false);
			if (bom == NG_BOM)
				big = false;
			else if (bom == 0x4D3C2B1Au)
				big = true;
			else
				return false;
		}
		uint32_t len = get32(h + 4, big);
		if (len < 12 || len % 4 != 0 || (off_t)len > to - off)
			return false;
		struct ng_last b;
		memset(&b, 0, sizeof b);
		b.stop = -1;
		b.end = off + (off_t)len;
		b.type = type;
		b.dir = CAPIN_DIR_UNKNOWN;
		uint32_t pfcs = 0;   /* EPB/PB: epb_flags' FCS length */
		switch (type) {
		case NG_SHB:
			c->ng_big = big;
			c->nifs = 0;
			break;
		case NG_IDB: {
			if (len < 20 || !side_read(c, h, 16, off))
				return false;
			b.ifidx = c->nifs;
			b.linktype = get16(h + 8, big);
			b.snaplen = get32(h + 12, big);
			struct ngif i = {.lt = b.linktype, .units = 1000000u};
			char why[sizeof c->ng_damage];
			if (!idb_options(c, off + 16, len - 20, true, &i, why, sizeof why)
			    && !c->ng_damage[0])
				memcpy(c->ng_damage, why, sizeof why);
			if (!if_add(c, &i))
				return false;
			c->ng_fcs |= i.fcs != 0;
			if (!c->ng_have_if0) {
				c->ng_have_if0 = true;
				c->ng_if0_lt = b.linktype;
				c->ng_if0_snap = b.snaplen;
			}
			break;
		}
		case NG_EPB:
		case NG_PB: {
			if (len < 32 || !side_read(c, h, 28, off))
				return false;
			b.ifidx = type == NG_EPB ? get32(h + 8, big) : get16(h + 8, big);
			b.ts = (uint64_t)get32(h + 12, big) << 32 | get32(h + 16, big);
			b.caplen = get32(h + 20, big);
			b.len = get32(h + 24, big);
			b.has_caplen = true;
			uint64_t data_end = 28 + (((uint64_t)b.caplen + 3u) & ~(uint64_t)3u);
			if (data_end > len - 4u)
				return false;
			epb_flags(c, off + (off_t)data_end, (uint32_t)(len - 4u - data_end), &b.dir,
			          &pfcs);
			break;
		}
		case NG_SPB:    /* no flags: direction unknown */
			if (len < 16 || !side_read(c, h, 12, off))
				return false;
			b.len = get32(h + 8, big);
			break;
		default:
			break;
		}
		if ((type == NG_EPB || type == NG_PB || type == NG_SPB) && b.ifidx < c->nifs) {
			b.if_known = true;   /* an SPB's is interface 0 */
			const struct ngif *i = &c->ifs[b.ifidx];
			char why[sizeof c->ng_damage];
			if (!pkt_fcs(i->lt, i->fcs, pfcs, off, &b.fcs, why, sizeof why)
			    && !c->ng_damage[0])
				memcpy(c->ng_damage, why, sizeof why);
			c->ng_fcs |= b.fcs != 0;   /* see capin_next(), out of step */
		}
		*last = b;
		off += len;
		if (type == NG_EPB || type == NG_PB || type == NG_SPB)
			return true;
	}
	return off == to;
}

/* ---- SLL / SLL2 to Ethernet -------------------------------------------- *
 * The cooked header says how the frame reached the capturing host, not its
 * Ethernet header; the destination is synthesised from the packet type:
 *   0 to us      -> host MAC              dir IN (the MAC given to capin_open;
 *                                                    to_host: input.c puts the
 *                                                    MAC of the arrival's time)
 *   1 broadcast  -> ff:ff:ff:ff:ff:ff     dir IN
 *   2 multicast  -> 01:00:5e:00:00:00     dir IN
 *   3 otherhost  -> 02:00:00:00:00:ff     dir IN (a unicast that is not ours,
 *                                                    capin_other_mac; to_other:
 *                                                    input.c makes it again)
 *   4 outgoing   -> 00:00:00:00:00:00, source = host MAC, dir OUT
 *   other (5 loopback, 6 user, 7 kernel) -> 00:00:00:00:00:00, dir UNKNOWN
 * Source: the SLL address when it is 6 bytes long, else zeros. EtherType:
 * the SLL protocol field as is (values below 0x0600 are Linux's own codes,
 * e.g. 4 = 802.2; the classifier treats them as non-IP). When the record is
 * too short to hold the cooked header, the converted frame keeps only the
 * prefix that the captured bytes determine (0, 6, 12 or 14 bytes). */

/* "to another host": a unicast MAC not the host's (02:00:00:00:00:ff, or
 * :fe when that is the host's: it was taken for the host's then, review
 * n39) */
void capin_other_mac(const uint8_t host[6], uint8_t out[6])
{
	static const uint8_t other[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0xff};
	memcpy(out, other, 6);
	if (!memcmp(other, host, 6))
		out[5] = 0xfe;
}

static uint32_t sll_convert(struct capin *c, int dlt, const uint8_t *d, uint32_t caplen,
                            uint8_t *out, enum capin_dir *dir, bool *to_host, bool *to_other)
{
	const bool v2 = dlt == DLT_LINUX_SLL2;
	const uint32_t hl = v2 ? SLL2_HDR_LEN : SLL_HDR_LEN;
	const uint32_t pt_end = v2 ? 11 : 2;     /* bytes needed for the packet type */
	const uint32_t halen_end = v2 ? 12 : 6;
	const uint32_t addr_off = v2 ? 12 : 6;
	const uint32_t proto_off = v2 ? 0 : 14;

	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t mcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x00};
	static const uint8_t zero[6] = {0};
	uint8_t other[6];
	capin_other_mac(c->host_mac, other);

	*dir = CAPIN_DIR_UNKNOWN;
	*to_host = *to_other = false;
	if (caplen < pt_end)
		return 0;
	unsigned pt = v2 ? d[10] : get16(d, true);
	*to_host = pt == PT_HOST;
	*to_other = pt == PT_OTHERHOST;
	const uint8_t *dst = zero;
	switch (pt) {
	case PT_HOST: dst = c->host_mac; *dir = CAPIN_DIR_IN; break;
	case PT_BROADCAST: dst = bcast; *dir = CAPIN_DIR_IN; break;
	case PT_MULTICAST: dst = mcast; *dir = CAPIN_DIR_IN; break;
	case PT_OTHERHOST: dst = other; *dir = CAPIN_DIR_IN; break;
	case PT_OUTGOING: dst = zero; *dir = CAPIN_DIR_OUT; break;
	default: break;
	}
	memcpy(out, dst, 6);

	const uint8_t *src = zero;
	if (pt == PT_OUTGOING) {
		src = c->host_mac;
	} else {
		if (caplen < halen_end)
			return 6;
		unsigned halen = v2 ? d[11] : get16(d + 4, true);
		if (halen == 6) {
			if (caplen < addr_off + 6)
				return 6;
			src = d + addr_off;
		}
	}
	memcpy(out + 6, src, 6);

	if (caplen < proto_off + 2)
		return 12;
	memcpy(out + 12, d + proto_off, 2);
	if (caplen < hl)
		return ETH_HDR_LEN;
	memcpy(out + ETH_HDR_LEN, d + hl, caplen - hl);
	return caplen - hl + ETH_HDR_LEN;
}

/* ---- open ------------------------------------------------------------- */

static const char *ftype_name(mode_t m)
{
	if (S_ISDIR(m)) return "a directory";
	if (S_ISFIFO(m)) return "a FIFO";
	if (S_ISSOCK(m)) return "a socket";
	if (S_ISCHR(m)) return "a character device";
	if (S_ISBLK(m)) return "a block device";
	return "not a regular file";
}

/* Known first four bytes, as read from the file. */
static bool magic_known(const uint8_t m[4], enum capin_fmt *fmt, bool *swapped,
                        bool *nsec, unsigned *rechdr)
{
	static const struct { uint32_t v; bool nsec; unsigned rechdr; } pm[] = {
		{0xa1b2c3d4u, false, 16},     /* pcap, µs */
		{0xa1b23c4du, true, 16},      /* pcap, ns */
		{0xa1b2cd34u, false, 24},     /* "modified" pcap (Kuznetzov) */
	};
	if (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a) {
		*fmt = FMT_PCAPNG;
		return true;
	}
	uint32_t le = get32(m, false), be = get32(m, true);
	for (size_t i = 0; i < sizeof pm / sizeof pm[0]; i++) {
		if (le == pm[i].v || be == pm[i].v) {
			*fmt = FMT_PCAP;
			*swapped = (be == pm[i].v) != host_big();
			*nsec = pm[i].nsec;
			*rechdr = pm[i].rechdr;
			return true;
		}
	}
	return false;
}

static void bad_magic(const char *path, const uint8_t m[4], char *err, size_t errlen)
{
	char txt[5];
	bool printable = true;
	for (int i = 0; i < 4; i++) {
		printable = printable && m[i] >= 0x20 && m[i] < 0x7f;
		txt[i] = (char)m[i];
	}
	txt[4] = '\0';
	const char *hint = "";
	if (m[0] == 0x1f && m[1] == 0x8b)
		hint = "; it is gzip-compressed: gunzip it first";
	else if (m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
		hint = "; it is zstd-compressed: unzstd it first";
	else if (m[0] == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X')
		hint = "; it is xz-compressed: unxz it first";
	seterr(err, errlen,
	       "%s: not a pcap or pcapng file (bad magic %02x %02x %02x %02x%s%s%s, "
	       "expected a1b2c3d4, a1b23c4d or 0a0d0d0a%s)",
	       path, m[0], m[1], m[2], m[3], printable ? " \"" : "", printable ? txt : "",
	       printable ? "\"" : "", hint);
}

static bool ng_mixed(struct capin *c, int *dlt0);

struct capin *capin_open(const char *path, const uint8_t host_mac[6],
                         char *err, size_t errlen)
{
	return capin_open_ex(path, host_mac, 0, err, errlen);
}

struct capin *capin_open_ex(const char *path, const uint8_t host_mac[6], unsigned flags,
                            char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "%s: is %s, not a capture file", path, ftype_name(st.st_mode));
		return NULL;
	}
	if (st.st_size == 0) {
		seterr(err, errlen, "%s: empty file, not a capture", path);
		return NULL;
	}
	/* O_NONBLOCK: should the path have been swapped for a FIFO since the
	 * stat(), open() still returns at once and fstat() refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "%s: is %s, not a capture file", path, ftype_name(st.st_mode));
		close(fd);
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);

	uint8_t m[4] = {0};
	if (st.st_size < 4 || !pread_all(fd, m, 4, 0)) {
		if (st.st_size < 4)
			seterr(err, errlen, "%s: not a pcap or pcapng file (only %lld bytes)",
			       path, (long long)st.st_size);
		else
			seterr(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	enum capin_fmt fmt = FMT_PCAP;
	bool swapped = false, nsec = false;
	unsigned rechdr = 16;
	if (!magic_known(m, &fmt, &swapped, &nsec, &rechdr)) {
		bad_magic(path, m, err, errlen);
		close(fd);
		return NULL;
	}
	if (fmt == FMT_PCAP && st.st_size < 24) {
		seterr(err, errlen, "%s: cut short: the pcap file header needs 24 bytes, "
		       "the file has %lld", path, (long long)st.st_size);
		close(fd);
		return NULL;
	}

	struct capin *c = calloc(1, sizeof *c);
	char *pathcopy = strdup(path);
	uint8_t *win = malloc(SIDE_WIN), *fbuf = malloc(FBUF);
	FILE *fp = fdopen(fd, "rb");
	if (!c || !pathcopy || !win || !fbuf || !fp) {
		seterr(err, errlen, "%s: cannot open: out of memory", path);
		free(c);
		free(pathcopy);
		free(win);
		free(fbuf);
		if (fp)
			fclose(fp);
		else
			close(fd);
		return NULL;
	}
	/* Without a buffer of ours glibc ignores the size and reads st_blksize
	 * (4 KiB) a call: 26,500 read()s for make bench's 1M frames, 1,660 so. */
	c->fbuf = fbuf;
	(void)setvbuf(fp, (char *)fbuf, _IOFBF, FBUF);
	if (fmt == FMT_PCAPNG && (flags & CAPIN_OTHER_LINK)) {
		/* interfaces of several link types: libpcap would refuse the file */
		c->fd = fd;
		c->win = win;
		c->size = st.st_size;
		if (ng_mixed(c, &c->dlt)) {
			c->state = ST_READING;
			c->fmt = fmt;
			c->fp = fp;
			c->path = pathcopy;
			c->own = true;
			c->next = 0;
			if (host_mac)
				memcpy(c->host_mac, host_mac, 6);
			return c;
		}
		c->dlt = 0;
	}
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!p) {
		/* libpcap's open reads the file header (pcap), or the Section
		 * Header Block and the blocks up to the first interface's (pcapng):
		 * its message names neither, so say where it looked */
		seterr(err, errlen, "%s: damaged %s file: %s (libpcap, opening it: %s)", path,
		       fmt == FMT_PCAPNG ? "pcapng" : "pcap", ebuf,
		       fmt == FMT_PCAPNG ? "the Section Header Block at byte 0 or a block before the "
		                           "first Interface Description Block"
		                         : "the 24-byte file header");
		fclose(fp);
		free(c);
		free(pathcopy);
		free(win);
		free(fbuf);
		return NULL;
	}
	c->state = ST_READING;
	c->win = win;
	c->win_off = 0;
	c->win_len = 0;
	c->fmt = fmt;
	c->p = p;
	c->fp = fp;
	c->fd = fd;
	c->size = st.st_size;
	c->path = pathcopy;
	c->dlt = pcap_datalink(p);
	if (host_mac)
		memcpy(c->host_mac, host_mac, 6);
	c->swapped = swapped;
	c->nsec = nsec;
	c->rechdr = rechdr;
	c->raw_ok = true;
	c->snaplen = (uint32_t)pcap_snapshot(p);

	if (c->dlt != DLT_EN10MB && c->dlt != DLT_LINUX_SLL && c->dlt != DLT_LINUX_SLL2) {
		seterr(err, errlen, "%s: link type %s (DLT %d) is not supported: "
		       "Ethernet, Linux SLL and SLL2 are", path, dlt_name(c->dlt), c->dlt);
		capin_close(c);
		return NULL;
	}
	if (fmt == FMT_PCAP) {
		/* The link type field's upper bits may say that every frame ends
		 * with its FCS (bit 26 set, bits 28-31 its length in 16-bit
		 * words); libpcap keeps that to itself. */
		uint8_t fh[24];
		if (side_read(c, fh, sizeof fh, 0)) {
			uint32_t lt = get32(fh + 20, host_big() != swapped);
			if (lt & 0x04000000u)
				c->fcs = ((lt >> 28) & 0xfu) * 2u;
		}
		c->next = 24;
	} else {
		/* libpcap has read the SHB and up to the first IDB; walk them. */
		struct ng_last last;
		long pos = ftell(fp);
		c->ng_ok = pos > 0 && ng_walk(c, 0, (off_t)pos, &last);
		c->next = pos > 0 ? (off_t)pos : 0;
	}
	return c;
}

/* ---- next ------------------------------------------------------------- */

/* Damage after nread good frames: remember and report. */
static int fail(struct capin *c, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct capin *c, char *err, size_t errlen, const char *fmt, ...)
{
	char what[384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	assert(c->state == ST_READING);
	c->state = ST_FAILED;
	snprintf(c->errmsg, sizeof c->errmsg,
	         "%s: frame %" PRIu64 ": %s (%" PRIu64 " frame%s read; the capture is not complete)",
	         c->path, c->nread + 1, what, c->nread, c->nread == 1 ? "" : "s");
	seterr(err, errlen, "%s", c->errmsg);
	return -1;
}

/* A pcapng frame's seconds since the epoch: ts units of interface i
 * (if_tsresol) plus its if_tsoffset; -1 (failed, the frame named) past
 * int64's, as pcapng's stamps are unsigned: from 2^63 s libpcap's time_t
 * wrapped them to a time before the epoch. */
static int ng_seconds(struct capin *c, const struct ngif *i, uint64_t ts, int64_t *sec,
                      char *err, size_t errlen)
{
	__int128 s = (__int128)(ts / i->units) + i->tsoff;
	if (s > INT64_MAX)
		return fail(c, err, errlen, "timestamp %" PRIu64 " units (%" PRIu64 " a second) "
		            "plus if_tsoffset %" PRId64 " s is beyond any date a capture may "
		            "give: 2^63 s or more after the epoch (the year 292277026596 on)", ts,
		            i->units, i->tsoff);
	*sec = (int64_t)s;
	return 0;
}

/* An Ethernet frame whose last fcs bytes are its FCS (pcap header bits,
 * pcapng if_fcslen): the wire length FCS-excluded (SPEC N1b), the captured
 * bytes cut to it (a snapshot length may end them inside the FCS, or
 * before it). */
static void fcs_cut(struct capin_frame *f, uint32_t caplen, uint32_t len, uint32_t fcs)
{
	f->wirelen = len >= fcs ? len - fcs : 0;
	f->caplen = caplen < f->wirelen ? caplen : f->wirelen;
}

/* libpcap refused the next record of a pcap file: say why in our words
 * when the raw record header shows it, else pass libpcap's text on. */
static int pcap_damage(struct capin *c, char *err, size_t errlen)
{
	const char *lp = pcap_geterr(c->p);
	off_t pos0 = c->raw_ok ? c->next : -1;
	uint8_t h[16];
	off_t avail = c->size - pos0;
	if (pos0 < 0 || avail < 0)
		return fail(c, err, errlen, "%s", lp);
	if (avail < (off_t)c->rechdr)
		return fail(c, err, errlen, "the file ends inside the record header "
		            "(%lld of %u bytes present)", (long long)avail, c->rechdr);
	if (!side_read(c, h, sizeof h, pos0))
		return fail(c, err, errlen, "%s", lp);
	bool big = host_big() != c->swapped;
	uint32_t caplen = get32(h + 8, big);
	if (caplen > c->snaplen)
		return fail(c, err, errlen, "the record claims %" PRIu32 " captured bytes, "
		            "more than the snapshot length %" PRIu32 ": damaged record header",
		            caplen, c->snaplen);
	if (avail - (off_t)c->rechdr < (off_t)caplen)
		return fail(c, err, errlen, "the file ends inside the frame (the record holds %"
		            PRIu32 " captured bytes, %lld are present)", caplen,
		            (long long)(avail - (off_t)c->rechdr));
	return fail(c, err, errlen, "%s", lp);
}

/* libpcap's reading of a snapshot length: 0 or too large means its maximum
 * (262144 for the link types read here). */
static uint32_t adjust_snaplen(uint32_t s)
{
	return s == 0 || s > 262144u ? 262144u : s;
}

/* libpcap refused the next block of a pcapng file: walk what it read. */
static int pcapng_damage(struct capin *c, char *err, size_t errlen)
{
	const char *lp = pcap_geterr(c->p);
	off_t pos0 = c->next;
	long pos1 = ftell(c->fp);
	struct ng_last last;
	if (!c->ng_ok || pos1 <= pos0)
		return fail(c, err, errlen, "%s", lp);
	bool was_big = c->ng_big;
	if (!ng_walk(c, pos0, (off_t)pos1, &last)) {
		/* stopped at a section header in the other byte order? */
		uint8_t h[12];
		if (last.stop >= 0 && side_read(c, h, 12, last.stop)
		    && get32(h, false) == NG_SHB
		    && get32(h + 8, !was_big) == NG_BOM)
			return fail(c, err, errlen, "a new section (at byte %lld) is %s-endian, the "
			            "previous one %s-endian: libpcap cannot read a pcapng file whose "
			            "sections differ in byte order", (long long)last.stop,
			            was_big ? "little" : "big", was_big ? "big" : "little");
		/* cut short? */
		off_t avail = last.stop >= 0 ? c->size - last.stop : -1;
		if (avail >= 0 && avail < 8)
			return fail(c, err, errlen, "the file ends inside a block header (%lld of 8 "
			            "bytes present)", (long long)avail);
		if (avail >= 8 && side_read(c, h, 8, last.stop)) {
			uint32_t len = get32(h + 4, c->ng_big);
			if ((off_t)len > avail)
				return fail(c, err, errlen, "the file ends inside a block (%" PRIu32
				            " bytes long, %lld present)", len, (long long)avail);
		}
		return fail(c, err, errlen, "%s", lp);
	}
	if ((last.type == NG_EPB || last.type == NG_PB) && last.caplen > c->snaplen)
		return fail(c, err, errlen, "the packet block holds %" PRIu32 " captured bytes, "
		            "more than the interface's snapshot length %" PRIu32, last.caplen,
		            c->snaplen);
	if (last.type == NG_IDB && c->ng_have_if0) {
		int dlt = linktype_to_dlt(last.linktype);
		int dlt0 = linktype_to_dlt(c->ng_if0_lt);
		if (last.linktype != c->ng_if0_lt)
			return fail(c, err, errlen, "interface %" PRIu32 " has link type %s (DLT %d), "
			            "interface 0 %s (DLT %d): libpcap cannot read a pcapng file whose "
			            "interfaces have different link types", last.ifidx, dlt_name(dlt),
			            dlt, dlt_name(dlt0), dlt0);
		if (adjust_snaplen(last.snaplen) != adjust_snaplen(c->ng_if0_snap))
			return fail(c, err, errlen, "interface %" PRIu32 " has snapshot length %" PRIu32
			            ", interface 0 %" PRIu32 ": libpcap cannot read a pcapng file whose "
			            "interfaces have different snapshot lengths", last.ifidx,
			            last.snaplen, c->ng_if0_snap);
	}
	return fail(c, err, errlen, "%s", lp);
}

/* The pcap record libpcap just returned, seen raw. Fills *sec, *frac from
 * the file's own fields; returns -1 (after fail()) on damage libpcap let
 * through, 0 otherwise. Out of step (an old or odd layout): raw_ok off. */
static int pcap_raw_check(struct capin *c, const struct pcap_pkthdr *h,
                          int64_t *sec, int64_t *frac, char *err, size_t errlen)
{
	uint8_t rh[16];
	if (!c->raw_ok || !side_read(c, rh, sizeof rh, c->next)) {
		c->raw_ok = false;
		return 0;
	}
	bool big = host_big() != c->swapped;
	uint32_t raw_sec = get32(rh, big);
	uint32_t raw_frac = get32(rh + 4, big);
	uint32_t raw_cap = get32(rh + 8, big);
	uint32_t raw_len = get32(rh + 12, big);
	if (raw_len != h->len || raw_cap < h->caplen
	    || (raw_cap != h->caplen && h->caplen != c->snaplen)) {
		c->raw_ok = false;   /* not the record libpcap read: trust libpcap */
		return 0;
	}
	c->next += (off_t)c->rechdr + (off_t)raw_cap;
	if (raw_cap != h->caplen)   /* libpcap cut it to the snapshot length */
		return fail(c, err, errlen, "the record holds %" PRIu32 " captured bytes, more "
		            "than the file's snapshot length %" PRIu32, raw_cap, c->snaplen);
	uint32_t lim = c->nsec ? 1000000000u : 1000000u;
	if (raw_frac >= lim)
		return fail(c, err, errlen, "timestamp %s field is %" PRIu32 ", not below %"
		            PRIu32 ": the time is meaningless",
		            c->nsec ? "nanoseconds" : "microseconds", raw_frac, lim);
	*sec = raw_sec;   /* pcap seconds are unsigned 32-bit */
	*frac = c->nsec ? (int64_t)raw_frac : (int64_t)raw_frac * 1000;
	return 0;
}

/* ---- our own pcapng reader: interfaces of several link types ----------- *
 * libpcap (1.10) reads a pcapng file only when all its interfaces share one
 * link type and snapshot length. For the others (CAPIN_OTHER_LINK) the
 * blocks are read here, in file order, as tshark numbers the frames: every
 * EPB, PB and SPB is a frame, whatever its interface. Each block is checked
 * before use, the same way for every block type:
 *   - the file ends inside a block header or a block: "cut short" (the
 *     capture is truncated);
 *   - a length below the block type's minimum, not a multiple of 4, above
 *     CAPIN_MAX_BLOCK, a trailing length that differs, an option running
 *     past its block, a packet block whose captured bytes run past it or
 *     name an interface the section does not have, a section header of
 *     an unknown byte-order magic or major version, an if_tsresol beyond
 *     2^63 units per second, an Ethernet FCS length (if_fcslen, epb_flags)
 *     other than 0 or 4: "damaged" (the capture is invalid).
 * Times: units per second from if_tsresol (default 10^6), plus if_tsoffset
 * seconds; converted to ns in 128 bits, rounded down (as tshark shows them);
 * 2^63 s or more is refused (ng_seconds, for libpcap's frames too).
 * Cost per frame: a pread of the block header through the side window and
 * a read of its captured bytes. Memory: the interface table of the current
 * section and one buffer as large as the largest frame. */

#define CAPIN_MAX_BLOCK (CAPIN_MAX_WIRELEN + 4096u)

static bool lt_ours(uint32_t lt)
{
	int dlt = linktype_to_dlt(lt);
	return dlt == DLT_EN10MB || dlt == DLT_LINUX_SLL || dlt == DLT_LINUX_SLL2;
}

/* Do the file's interfaces differ in link type or snapshot length? Only
 * block headers and IDBs are read, up to the first IDB that differs; at
 * anything odd before it the answer is no, and libpcap reads (and judges)
 * the file as before. *dlt0: the first IDB's DLT. */
static bool ng_mixed(struct capin *c, int *dlt0)
{
	off_t off = 0;
	bool big = false, first = true;
	uint32_t lt0 = 0, snap0 = 0;
	while (off < c->size) {
		uint8_t h[16];
		if (c->size - off < 12 || !side_read(c, h, 12, off))
			return false;
		uint32_t type = get32(h, big);
		if (get32(h, false) == NG_SHB) {
			uint32_t bom = get32(h + 8, false);
			if (bom != NG_BOM && bom != 0x4D3C2B1Au)
				return false;
			big = bom != NG_BOM;
			type = NG_SHB;
		}
		uint32_t len = get32(h + 4, big);
		if (len < 12 || len % 4 != 0 || (off_t)len > c->size - off)
			return false;
		if (type == NG_IDB) {
			if (len < 20 || !side_read(c, h, 16, off))
				return false;
			uint32_t lt = get16(h + 8, big), snap = adjust_snaplen(get32(h + 12, big));
			if (first) {
				lt0 = lt;
				snap0 = snap;
				*dlt0 = linktype_to_dlt(lt);
				first = false;
			} else if (lt != lt0 || snap != snap0) {
				return true;   /* damage further on is ours to report */
			}
		}
		off += len;
	}
	return false;
}

static int own_next(struct capin *c, struct capin_frame *f, char *err, size_t errlen)
{
	for (;;) {
		off_t off = c->next, avail = c->size - off;
		uint8_t h[28];
		if (avail == 0) {
			c->state = ST_END;
			return 0;
		}
		if (avail < 8 || !side_read(c, h, 8, off))
			return fail(c, err, errlen, "the file ends inside a block header (%lld of 8 "
			            "bytes present): cut short", (long long)avail);
		uint32_t type = get32(h, c->ng_big);
		bool big = c->ng_big;
		if (get32(h, false) == NG_SHB) {
			if (avail < 12 || !side_read(c, h, 12, off))
				return fail(c, err, errlen, "the file ends inside a section header (%lld "
				            "bytes present): cut short", (long long)avail);
			uint32_t bom = get32(h + 8, false);
			if (bom != NG_BOM && bom != 0x4D3C2B1Au)
				return fail(c, err, errlen, "section header at byte %lld: byte-order magic "
				            "%08" PRIx32 " is neither 1a2b3c4d nor 4d3c2b1a: damaged block",
				            (long long)off, bom);
			big = bom != NG_BOM;
			type = NG_SHB;
		}
		uint32_t len = get32(h + 4, big);
		static const struct { uint32_t type, min; } mins[] = {
			{NG_SHB, 28}, {NG_IDB, 20}, {NG_EPB, 32}, {NG_PB, 32}, {NG_SPB, 16},
		};
		uint32_t min = 12;
		for (size_t k = 0; k < sizeof mins / sizeof mins[0]; k++)
			if (mins[k].type == type)
				min = mins[k].min;
		if (len < min || len % 4 != 0 || len > CAPIN_MAX_BLOCK)
			return fail(c, err, errlen, "block at byte %lld (type %#" PRIx32 ") claims a "
			            "length of %" PRIu32 " bytes (a multiple of 4, at least %" PRIu32
			            ", at most %u): damaged block", (long long)off, type, len, min,
			            CAPIN_MAX_BLOCK);
		if ((off_t)len > avail)
			return fail(c, err, errlen, "the file ends inside a block (%" PRIu32 " bytes "
			            "long, %lld present): cut short", len, (long long)avail);
		uint8_t t[4];
		if (!side_read(c, t, 4, off + (off_t)len - 4) || get32(t, big) != len)
			return fail(c, err, errlen, "block at byte %lld: its trailing length %" PRIu32
			            " differs from its length %" PRIu32 ": damaged block", (long long)off,
			            get32(t, big), len);
		c->next = off + (off_t)len;
		if (type == NG_SHB) {
			if (!side_read(c, h, 16, off) || get16(h + 12, big) != 1)
				return fail(c, err, errlen, "section header at byte %lld: version %u.%u, "
				            "only 1.x is read: damaged block", (long long)off,
				            get16(h + 12, big), get16(h + 14, big));
			c->ng_big = big;
			c->nifs = 0;
			continue;
		}
		if (type == NG_IDB) {
			struct ngif i = {.units = 1000000u};
			if (!side_read(c, h, 16, off))
				return fail(c, err, errlen, "cannot read the block at byte %lld", (long long)off);
			i.lt = get16(h + 8, big);
			i.snap = adjust_snaplen(get32(h + 12, big));
			char why[256];
			if (!idb_options(c, off + 16, len - 20, false, &i, why, sizeof why))
				return fail(c, err, errlen, "%s", why);
			if (!if_add(c, &i))
				return fail(c, err, errlen, "too many interfaces (%" PRIu32 ")", c->nifs);
			continue;
		}
		if (type != NG_EPB && type != NG_PB && type != NG_SPB)
			continue;   /* name resolution, statistics, custom...: not frames */

		uint32_t ifid = 0, caplen, wirelen, hl, pfcs = 0, fcs;
		uint64_t ts = 0;
		enum capin_dir dir = CAPIN_DIR_UNKNOWN;
		if (!side_read(c, h, type == NG_SPB ? 12 : 28, off))
			return fail(c, err, errlen, "cannot read the block at byte %lld", (long long)off);
		if (type == NG_SPB) {
			hl = 12;
			wirelen = get32(h + 8, big);
			caplen = wirelen;
		} else {
			hl = 28;
			ifid = type == NG_EPB ? get32(h + 8, big) : get16(h + 8, big);
			ts = (uint64_t)get32(h + 12, big) << 32 | get32(h + 16, big);
			caplen = get32(h + 20, big);
			wirelen = get32(h + 24, big);
		}
		if (ifid >= c->nifs)
			return fail(c, err, errlen, "the packet block at byte %lld names interface %"
			            PRIu32 ", the section has %" PRIu32 ": damaged block", (long long)off,
			            ifid, c->nifs);
		const struct ngif *i = &c->ifs[ifid];
		if (type == NG_SPB) {   /* captured: the original length, cut to the snapshot */
			if (caplen > i->snap)
				caplen = i->snap;
			if (caplen > len - 16)
				caplen = len - 16;
		}
		uint64_t data_end = hl + (((uint64_t)caplen + 3u) & ~(uint64_t)3u);
		if (data_end > len - 4u)
			return fail(c, err, errlen, "the packet block at byte %lld claims %" PRIu32
			            " captured bytes, more than the block holds: damaged block",
			            (long long)off, caplen);
		if (caplen > i->snap)
			return fail(c, err, errlen, "the packet block holds %" PRIu32 " captured "
			            "bytes, more than the interface's snapshot length %" PRIu32,
			            caplen, i->snap);
		if (wirelen < caplen)
			return fail(c, err, errlen, "wire length %" PRIu32 " is less than the captured "
			            "length %" PRIu32, wirelen, caplen);
		if (wirelen > CAPIN_MAX_WIRELEN)
			return fail(c, err, errlen, "the record claims a wire length of %" PRIu32
			            " bytes, more than any frame (limit %u)", wirelen, CAPIN_MAX_WIRELEN);
		if (type != NG_SPB)
			epb_flags(c, off + (off_t)data_end, (uint32_t)(len - 4u - data_end), &dir, &pfcs);
		char why[256];
		if (!pkt_fcs(i->lt, i->fcs, pfcs, off, &fcs, why, sizeof why))
			return fail(c, err, errlen, "%s", why);
		if (!grow(&c->raw, &c->rawcap, caplen ? caplen : 1)
		    || (caplen && !side_read(c, c->raw, caplen, off + hl)))
			return fail(c, err, errlen, "cannot read the %" PRIu32 " captured bytes",
			            caplen);

		/* time: units since the epoch, plus if_tsoffset seconds */
		unsigned __int128 ns = (unsigned __int128)(ts % i->units) * 1000000000u / i->units;
		int64_t sec = 0;
		if (ng_seconds(c, i, ts, &sec, err, errlen) < 0)
			return -1;
		f->ts_sec = sec;
		f->ts_nsec = (uint32_t)ns;
		f->dlt = linktype_to_dlt(i->lt);
		f->ifidx = ifid;
		f->other_link = !lt_ours(i->lt);
		f->dir = dir;
		f->to_host = f->to_other = false;
		if (f->other_link || f->dlt == DLT_EN10MB) {
			f->data = c->raw;
			fcs_cut(f, caplen, wirelen, fcs);   /* 0 but for Ethernet */
		} else {
			uint32_t shl = f->dlt == DLT_LINUX_SLL2 ? SLL2_HDR_LEN : SLL_HDR_LEN;
			if (wirelen < shl)
				return fail(c, err, errlen, "wire length %" PRIu32 " is shorter than the "
				            "Linux cooked header (%" PRIu32 " bytes)", wirelen, shl);
			if (!grow(&c->buf, &c->bufcap, (size_t)caplen + ETH_HDR_LEN))
				return fail(c, err, errlen, "out of memory for a %" PRIu32 "-byte frame",
				            caplen);
			f->caplen = sll_convert(c, f->dlt, c->raw, caplen, c->buf, &f->dir,
			                         &f->to_host, &f->to_other);
			f->wirelen = wirelen - shl + ETH_HDR_LEN;
			f->data = c->buf;
		}
		f->index = ++c->nread;
		return 1;
	}
}

int capin_next(struct capin *c, struct capin_frame *f, char *err, size_t errlen)
{
	if (c->state == ST_END)
		return 0;
	if (c->state == ST_FAILED) {
		seterr(err, errlen, "%s", c->errmsg);
		return -1;
	}
	assert(c->state == ST_READING);
	if (c->own)
		return own_next(c, f, err, errlen);
	if (c->ng_damage[0])    /* an IDB walked at open */
		return fail(c, err, errlen, "%s", c->ng_damage);

	struct pcap_pkthdr *h;
	const u_char *d;
	int r = pcap_next_ex(c->p, &h, &d);
	if (r == PCAP_ERROR_BREAK) {
		c->state = ST_END;
		return 0;
	}
	if (r != 1)
		return c->fmt == FMT_PCAP ? pcap_damage(c, err, errlen) : pcapng_damage(c, err, errlen);

	int64_t sec = (int64_t)h->ts.tv_sec;
	int64_t frac = (int64_t)h->ts.tv_usec;    /* ns: we asked for nano precision */
	enum capin_dir dir = CAPIN_DIR_UNKNOWN;
	uint32_t ifidx = 0, fcs = c->fcs;

	if (c->fmt == FMT_PCAP) {
		if (pcap_raw_check(c, h, &sec, &frac, err, errlen) != 0)
			return -1;
		if (!c->raw_ok && sec < 0)
			sec = (int64_t)(uint32_t)sec;   /* libpcap read them as signed */
	} else {
		off_t at = c->next;
		struct ng_last last;
		if (c->ng_ok && ng_walk(c, c->next, OFF_MAX, &last) && last.end > c->next
		    && (last.has_caplen || last.type == NG_SPB) && last.len == h->len
		    && (!last.has_caplen || last.caplen >= h->caplen) && last.if_known) {
			c->next = last.end;
			/* libpcap cuts (older versions) or refuses (newer) a block
			 * whose caplen exceeds the snapshot length: refuse alike. */
			if (last.has_caplen && last.caplen != h->caplen)
				return fail(c, err, errlen, "the packet block holds %" PRIu32 " captured "
				            "bytes, more than the interface's snapshot length %" PRIu32,
				            last.caplen, c->snaplen);
			dir = last.dir;   /* unknown for a Simple Packet Block */
			ifidx = last.ifidx;
			fcs = last.fcs;
			/* libpcap's seconds, unless it wrapped them (a stamp from 2^63 s) */
			int64_t ours;
			if (last.has_caplen && ng_seconds(c, &c->ifs[last.ifidx], last.ts, &ours, err,
			                                  errlen) < 0)
				return -1;
		} else {
			c->ng_ok = false; /* out of step: no direction from now on */
		}
		if (c->ng_damage[0])
			return fail(c, err, errlen, "%s", c->ng_damage);
		/* Out of step, the frame's interface and epb_flags are unknown, so
		 * is whether it ends with an FCS. Once an interface or a frame with
		 * one was met, any frame may: refuse rather than give lengths 4
		 * bytes off. Else the frames
		 * go on as libpcap gives them; IDBs after the point where the walk
		 * lost step are not seen (as their frames' directions are not). */
		if (!c->ng_ok && c->ng_fcs)
			return fail(c, err, errlen, "libpcap took a block the pcapng walk cannot follow "
			            "(at or after byte %lld), so the frame's interface and whether it "
			            "ends with an FCS (if_fcslen, epb_flags) are unknown: damaged file", (long long)at);
	}
	if (frac < 0 || frac >= 1000000000)
		return fail(c, err, errlen, "timestamp fraction %" PRId64 " ns is out of range: "
		            "the time is meaningless", frac);
	if (h->len < h->caplen)
		return fail(c, err, errlen, "wire length %" PRIu32 " is less than the captured "
		            "length %" PRIu32, (uint32_t)h->len, (uint32_t)h->caplen);
	if (h->len > CAPIN_MAX_WIRELEN)
		return fail(c, err, errlen, "the record claims a wire length of %" PRIu32
		            " bytes, more than any frame (limit %u)", (uint32_t)h->len,
		            CAPIN_MAX_WIRELEN);

	f->ts_sec = sec;
	f->ts_nsec = (uint32_t)frac;
	f->other_link = false;
	f->dlt = c->dlt;
	f->ifidx = ifidx;
	if (c->dlt == DLT_EN10MB) {
		f->data = d;
		fcs_cut(f, h->caplen, h->len, fcs);
		f->dir = dir;
		f->to_host = f->to_other = false;
	} else {
		uint32_t hl = c->dlt == DLT_LINUX_SLL2 ? SLL2_HDR_LEN : SLL_HDR_LEN;
		if (h->len < hl)
			return fail(c, err, errlen, "wire length %" PRIu32 " is shorter than the "
			            "Linux cooked header (%" PRIu32 " bytes)", (uint32_t)h->len, hl);
		size_t need = (size_t)h->caplen + ETH_HDR_LEN;  /* >= the converted size */
		if (!grow(&c->buf, &c->bufcap, need))
			return fail(c, err, errlen, "out of memory for a %" PRIu32 "-byte frame",
			            (uint32_t)h->caplen);
		f->caplen = sll_convert(c, c->dlt, d, h->caplen, c->buf, &f->dir, &f->to_host,
		                        &f->to_other);
		f->wirelen = h->len - hl + ETH_HDR_LEN;
		f->data = c->buf;
	}
	f->index = ++c->nread;
	return 1;
}

int capin_linktype(const struct capin *c)
{
	return c->dlt;
}

const char *capin_linktype_name(const struct capin *c)
{
	return dlt_name(c->dlt);
}

bool capin_mixed(const struct capin *c)
{
	return c->own;
}

uint64_t capin_frames_read(const struct capin *c)
{
	return c->nread;
}

void capin_close(struct capin *c)
{
	if (!c)
		return;
	if (c->p)
		pcap_close(c->p);   /* closes fp and so fd */
	else if (c->fp)
		fclose(c->fp);      /* our own reader's */
	free(c->fbuf);          /* after the stream that used it */
	free(c->ifs);
	free(c->raw);
	free(c->path);
	free(c->win);
	free(c->opt);
	free(c->buf);
	free(c);
}

/* ---- the capture's clock (capin.h) ---- */

void capin_clock_init(struct capin_clock *k, uint64_t hz, uint64_t offset_ps)
{
	memset(k, 0, sizeof *k);
	k->hz = hz;
	k->offset_ps = offset_ps;
}

bool capin_clock_cycle(struct capin_clock *k, const struct capin_frame *f, uint64_t *cycle,
                       uint64_t *ns_out)
{
	/* in 128 bits: seconds span all of int64 (pcapng's if_tsoffset), so
	 * their difference times 10^9 needs 95 bits */
	if (!k->started) {
		k->started = true;
		k->sec0 = f->ts_sec;
		k->nsec0 = f->ts_nsec;
	}
	__int128 ns = ((__int128)f->ts_sec - k->sec0) * 1000000000 + ((int64_t)f->ts_nsec - k->nsec0);
	if (ns > (__int128)UINT64_MAX) {      /* 584 years on: beyond any cycle too */
		*ns_out = UINT64_MAX;
		return false;
	}
	uint64_t uns = ns < 0 ? 0 : (uint64_t)ns;
	bool back = ns < 0 || uns < k->prev_ns;   /* before the first frame counts too */
	if (back)
		uns = k->prev_ns;
	*ns_out = uns;
	/* below 2^74 ps times cpu.hz (< 2^37): within 128 bits */
	unsigned __int128 ps = (unsigned __int128)uns * 1000u + k->offset_ps;
	unsigned __int128 cyc = ps * k->hz / 1000000000000ull;
	if (cyc > (UINT64_MAX >> 2))          /* headroom for the events that follow */
		return false;                     /* the clock as before the frame */
	k->backwards += back;
	k->prev_ns = uns;
	*cycle = (uint64_t)cyc;
	return true;
}

uint64_t capin_clock_seconds(const struct capin_clock *k, const struct capin_frame *f)
{
	__int128 ns = ((__int128)f->ts_sec - k->sec0) * 1000000000 + ((int64_t)f->ts_nsec - k->nsec0);
	return ns <= 0 ? 0 : (uint64_t)(ns / 1000000000);   /* < 2^64: sec spans int64 */
}

void capin_clock_refusal(const struct capin_clock *k, const struct capin_frame *f,
                         const char *path, char *buf, size_t n)
{
	snprintf(buf, n, "%s: frame %" PRIu64 ": %" PRIu64 " s after the first frame, more than "
	         "the simulation can represent at cpu.hz %" PRIu64 " Hz", path, (uint64_t)f->index,
	         capin_clock_seconds(k, f), k->hz);
}
