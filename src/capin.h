/* capin.h - reading the input capture with libpcap: pcap and pcapng,
 * microsecond and nanosecond timestamps at full precision (never through a
 * double), either byte order. Ethernet natively; Linux cooked captures
 * (SLL, SLL2) are converted to Ethernet by synthesising the header from the
 * packet type (to us: host.mac as the capture is opened, which a timeline
 * mac: change does not re-address; broadcast ff:ff:ff:ff:ff:ff; multicast
 * 01:00:5e:00:00:00; to another host 02:00:00:00:00:ff, or :fe when that
 * is host.mac; outgoing: from host.mac, to 00:00:00:00:00:00, the source
 * the cooked header's address when it has 6 bytes); any other link type is
 * refused, naming it, except in a
 * pcapng file mixing link types opened with CAPIN_OTHER_LINK.
 * Frames are read one at a time (streaming, bounded memory). */
#ifndef NICSHARE_CAPIN_H
#define NICSHARE_CAPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum capin_dir { CAPIN_DIR_UNKNOWN = 0, CAPIN_DIR_IN, CAPIN_DIR_OUT };

struct capin_frame {
	uint64_t index;          /* 1-based position in the capture */
	int64_t ts_sec;          /* capture timestamp, seconds */
	uint32_t ts_nsec;        /* and nanoseconds, 0..999999999 */
	uint32_t caplen;         /* bytes in data (after any conversion) */
	uint32_t wirelen;        /* original length on the wire, FCS excluded,
	                            after conversion (SLL header -> 14 bytes) */
	const uint8_t *data;     /* valid until the next capin_next() */
	enum capin_dir dir;      /* from SLL packet type (4 = outgoing) or pcapng flags */
	bool to_host;            /* SLL packet type 0, "to us": the destination in data
	                            is the host MAC given to capin_open(); a run whose
	                            timeline changes the MAC puts the MAC of the
	                            frame's arrival in its place (input.c) */
	bool to_other;           /* SLL packet type 3, "to another host": the
	                            destination is capin_other_mac() of that MAC;
	                            likewise made again at the arrival */
	bool other_link;         /* only with CAPIN_OTHER_LINK: the frame's pcapng
	                            interface has a link type other than Ethernet,
	                            SLL, SLL2; data is as captured, not converted,
	                            and the engine lists it as skip/other-link */
	int dlt;                 /* DLT_ of the frame's interface */
	uint32_t ifidx;          /* pcapng: the interface within its section
	                            (tshark's frame.interface_id for one section),
	                            when known; else 0 */
};

struct capin;

/* The unicast MAC a cooked frame "to another host" is given: one that is
 * not `host`'s (02:00:00:00:00:ff, or :fe when that is host). */
void capin_other_mac(const uint8_t host[6], uint8_t out[6]);

/* The capture's clock in CPU cycles (SPEC T3), one for the engine's input
 * and for the analytic bound, which must see the same arrivals: integer ns
 * since the first frame given to it, never backwards (a frame stamped
 * earlier than the one before is taken at that one's time, and counted),
 * plus trace.offset, converted to cycles rounding down in 128 bits (a
 * capture may span years; ps would overflow 64 bits after 213 days). */
struct capin_clock {
	uint64_t hz, offset_ps;
	bool started;
	int64_t sec0;
	uint32_t nsec0;
	uint64_t prev_ns;
	uint64_t backwards;   /* frames taken at an earlier one's time */
};
void capin_clock_init(struct capin_clock *k, uint64_t hz, uint64_t offset_ps);
/* The cycle of frame f; false when it lies beyond UINT64_MAX / 4 cycles or
 * 2^64 ns after the first frame: the simulation cannot represent it. *cycle
 * and prev_ns are then left as they were, and *ns says how far after the
 * first frame f is, saturated at UINT64_MAX (capin_clock_seconds gives the
 * exact seconds). cpu.hz at most 10^11 (cost.c). The first frame may be
 * stamped at any second of int64: only differences from it are taken. */
bool capin_clock_cycle(struct capin_clock *k, const struct capin_frame *f, uint64_t *cycle,
                       uint64_t *ns);
/* Whole seconds from the clock's first frame to f, exactly (0 when f is
 * not after it): for the message of a frame the clock refused. */
uint64_t capin_clock_seconds(const struct capin_clock *k, const struct capin_frame *f);
/* The message for frame f of capture `path` that the clock refused
 * ("PATH: frame N: S s after the first frame, more than ..."), in buf (n
 * bytes): the same from the run (input.c) and the bound (bound.c). */
void capin_clock_refusal(const struct capin_clock *k, const struct capin_frame *f,
                         const char *path, char *buf, size_t n);

/* Open a capture. host_mac is used to synthesise the destination of
 * cooked-capture frames addressed to this host. On failure returns NULL and
 * writes "FILE: what is wrong" into err. Refuses directories, FIFOs and
 * other non-regular files, empty files, files that are not captures, and
 * link types other than Ethernet, SLL and SLL2 (naming the link type). */
struct capin *capin_open(const char *path, const uint8_t host_mac[6],
                         char *err, size_t errlen);

/* capin_open_ex flags. CAPIN_OTHER_LINK: a pcapng file whose interfaces
 * have different link types (or snapshot lengths), which libpcap refuses,
 * is read by a block reader of our own instead; the frames of Ethernet,
 * SLL and SLL2 interfaces come out as usual, the others with other_link
 * set. Without the flag such a file is refused, as by capin_open(). */
#define CAPIN_OTHER_LINK 1u
struct capin *capin_open_ex(const char *path, const uint8_t host_mac[6], unsigned flags,
                            char *err, size_t errlen);

/* Next frame: 1 and *f filled; 0 at the clean end of the file; -1 on damage
 * with err = "FILE: frame N: what is wrong (N-1 frames read)". */
int capin_next(struct capin *c, struct capin_frame *f, char *err, size_t errlen);

int capin_linktype(const struct capin *c);           /* DLT_ of the file (of its
                                                       first interface when mixed) */
bool capin_mixed(const struct capin *c);              /* read by our own reader */
const char *capin_linktype_name(const struct capin *c);
uint64_t capin_frames_read(const struct capin *c);
void capin_close(struct capin *c);

#endif
