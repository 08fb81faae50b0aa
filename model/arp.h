/* arp.h - an ARP table (IPv4 -> MAC), one per OS.
 * Models: Fig. 8b step 494 (RT updates its table from an ARP reply, then
 * forwards the frame so GP does the same) and SPEC C2.
 * Fixed capacity, open addressing, the least recently updated entry is
 * replaced when full; no allocation after create. */
#ifndef NICSHARE_ARP_H
#define NICSHARE_ARP_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct arp;

/* NULL when capacity is 0 or above ARP_MAX_CAP, or out of memory. */
#define ARP_MAX_CAP (1u << 24)
struct arp *arp_create(uint32_t capacity);
void arp_destroy(struct arp *t);

/* Insert or refresh ip -> mac at time now (cycles). "Least recently
 * updated" is the order of the calls (the engine's time never goes back). */
void arp_update(struct arp *t, uint32_t ip, const uint8_t mac[6], uint64_t now);
bool arp_lookup(const struct arp *t, uint32_t ip, uint8_t mac[6]);
uint32_t arp_count(const struct arp *t);
uint64_t arp_updates(const struct arp *t);     /* arp_update calls */
uint64_t arp_evictions(const struct arp *t);   /* entries replaced when full */
uint32_t arp_capacity(const struct arp *t);
/* Time of the last update of ip; false when absent. */
bool arp_updated_at(const struct arp *t, uint32_t ip, uint64_t *when);
/* Debug check of the index, the LRU list and the counts; true when fine. */
bool arp_check(const struct arp *t);

#ifdef __cplusplus
}
#endif

#endif
