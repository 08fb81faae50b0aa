/* capout.h - writing captures with nanosecond timestamps (SPEC A3), link
 * type Ethernet, readable by tshark/Wireshark: pcap, or pcapng where each
 * frame also carries a comment (its verdict) and its direction. Written to
 * FILE.tmp (a new file: FILE.1.tmp, ... when that name is taken) and
 * renamed to FILE by capout_close(), so an interrupted run never leaves a
 * half-written capture under the final name. */
#ifndef NICSHARE_CAPOUT_H
#define NICSHARE_CAPOUT_H

#include <stddef.h>
#include <stdint.h>

struct capout;

enum capout_format {
	CAPOUT_PCAP = 0,    /* pcap, nanosecond magic a1b23c4d */
	CAPOUT_PCAPNG       /* pcapng: SHB, one Ethernet IDB (if_tsresol 9), EPBs */
};

/* The direction of a frame, as pcapng's epb_flags bits 0-1 (tshark:
 * frame.packet_flags_direction 0, 1, 2). */
enum capout_dir {
	CAPOUT_DIR_NONE = 0,   /* not given */
	CAPOUT_DIR_IN = 1,     /* inbound: the NIC received it */
	CAPOUT_DIR_OUT = 2     /* outbound: the NIC sent it */
};

/* NULL and err "FILE: what" on failure. snaplen: largest record kept. */
struct capout *capout_open(const char *path, uint32_t snaplen, char *err, size_t errlen);
struct capout *capout_open_ex(const char *path, enum capout_format fmt, uint32_t snaplen,
                              char *err, size_t errlen);
/* "pcap" or "pcapng" (the --capture-format values); -1 when neither. */
int capout_format_parse(const char *s);

/* Append one frame; ts in nanoseconds since the epoch (or since t = 0). */
int capout_write(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                 uint32_t caplen, uint32_t wirelen);
/* The same, with a packet comment (UTF-8, NUL-terminated, at most
 * CAPOUT_COMMENT_MAX bytes; NULL or "" for none) and a direction. pcapng
 * writes them as opt_comment and epb_flags; pcap has no room for them and
 * writes the frame alone. */
#define CAPOUT_COMMENT_MAX 4096
int capout_write_ex(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                    uint32_t caplen, uint32_t wirelen, const char *comment,
                    enum capout_dir dir);
/* The next frame's time is ns_before ns before the epoch (1970), which
 * neither format can hold: the file fails, as for a time beyond its range
 * (capout_close reports it, followed by why, when not NULL). Returns -1. */
int capout_before_epoch(struct capout *c, uint64_t ns_before, const char *why);
/* The verdict comment of a frame, as every nicshare capture writes it
 * (doc/outputs.md): "nicshare: DECISION REASON latency=CYCLES cycles (NS ns)",
 * the latency part left out when latency_cycles < 0; NS is the latency at
 * hz, with three decimals. Returns the length written (truncated to n-1). */
size_t capout_verdict_comment(char *buf, size_t n, const char *decision, const char *reason,
                              int64_t latency_cycles, uint64_t hz);
/* Flush, close and rename into place; commit = 0 discards the file,
 * CAPOUT_COMMIT_NEW keeps it only when no file has its name by then
 * (paths_publish: never over one made meanwhile; else -1, "FILE: a file of
 * this name was made meanwhile; ..."), 1 (or any other) replaces one.
 * Returns 0, or -1 with err filled: a write that failed is said with
 * commit = 0 too (the run failed elsewhere, maybe of the same full disk). */
#define CAPOUT_COMMIT_NEW 2
int capout_close(struct capout *c, int commit, char *err, size_t errlen);

#endif
