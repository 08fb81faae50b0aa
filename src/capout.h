/* capout.h - writing pcap captures with nanosecond timestamps (SPEC A3),
 * link type Ethernet, readable by tshark/Wireshark. Written to FILE.tmp and
 * renamed to FILE by capout_close(), so an interrupted run never leaves a
 * half-written capture under the final name. */
#ifndef NICSHARE_CAPOUT_H
#define NICSHARE_CAPOUT_H

#include <stddef.h>
#include <stdint.h>

struct capout;

/* NULL and err "FILE: what" on failure. snaplen: largest record kept. */
struct capout *capout_open(const char *path, uint32_t snaplen, char *err, size_t errlen);
/* Append one frame; ts in nanoseconds since the epoch (or since t = 0). */
int capout_write(struct capout *c, uint64_t ts_ns, const uint8_t *data,
                 uint32_t caplen, uint32_t wirelen);
/* Flush, close and rename into place; commit = 0 discards the file.
 * Returns 0, or -1 with err filled. */
int capout_close(struct capout *c, int commit, char *err, size_t errlen);

#endif
