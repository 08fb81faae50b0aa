/* cost.c - the table of every tunable: key, unit, default, range, meaning
 * and where the default comes from. Models: the per-step costs of Figs. 7-8
 * and the hardware of Fig. 1. Each entry's last string names the source of
 * its default (doc/scenario.md's "source" column prints the same): "[D]"
 * marks arithmetic on published figures and "estimate" a value chosen here
 * where nothing was published. */
#include "cost.h"

#include <string.h>

#define PS(ns) ((uint64_t)(ns) * 1000u)          /* nanoseconds -> ps */
#define US(us) ((uint64_t)(us) * 1000000u)       /* microseconds -> ps */
#define MAXT   US(3600ull * 1000000ull)          /* one hour, in ps */

static const struct cost_def defs[COST__COUNT] = {
	[C_CPU_HZ] = {"cpu.hz", CU_HZ, 3000000000ull, 1000000ull, 100000000000ull,
		"processor clock; one cycle is the simulation's time unit",
		"a current 3 GHz x86 core"},
	[C_LINK_BPS] = {"nic.link_rate", CU_BPS, 1000000000ull, 1000000ull, 400000000000ull,
		"Ethernet link rate, both directions",
		"1000BASE-T, e1000/igb class"},
	[C_NIC_MTU] = {"nic.mtu", CU_BYTES, 1500, 68, 65535,
		"MTU; frames longer than MTU+14 (+4 per VLAN tag) are dropped (N1b)",
		"Ethernet default"},
	[C_NIC_RX_RING] = {"nic.rx_ring", CU_SLOTS, 256, 1, 1u << 24,
		"RX descriptors",
		"e1000 default RxDescriptors=256 (Linux e1000.rst)"},
	[C_NIC_TX_RING] = {"nic.tx_ring", CU_SLOTS, 256, 1, 1u << 24,
		"TX descriptors",
		"e1000 default TxDescriptors=256 (Linux e1000.rst)"},
	[C_NIC_TX_COMMIT] = {"nic.tx_commit", CU_BYTES, 3028, 0, 1u << 30,
		"GP bytes the RT driver may hand to the NIC ahead of the wire (byte queue "
		"limit); RT waits behind at most this much GP; 0 = one GP frame, and only "
		"when the TX ring is empty",
		"two maximum frames (2 x 1514): one on the wire while the NIC fetches the "
		"next (8254x TX descriptor prefetch; Linux BQL keeps just enough queued to "
		"keep the wire busy)"},
	[C_NIC_ITR_INTERVAL] = {"nic.itr_interval", CU_PS, 0, 0, MAXT,
		"minimum time between two interrupts, RX and TX causes alike (ITR); 0 = no limit",
		"RTnet e1000 sets all moderation to 0; e1000 8000 ints/s = 125us"},
	[C_NIC_RX_DELAY] = {"nic.rx_delay", CU_PS, 0, 0, MAXT,
		"RX packet timer, restarted by each frame (RDTR); 0 = off",
		"e1000 RxIntDelay default 0"},
	[C_NIC_RX_ABS_DELAY] = {"nic.rx_abs_delay", CU_PS, 0, 0, MAXT,
		"RX absolute timer from the first frame not yet signalled (RADV); 0 = off",
		"moderation off as in RTnet; e1000 default 128 x 1.024us"},
	[C_NIC_TIDV] = {"nic.tidv", CU_PS, PS(8192), 0, MAXT,
		"TX interrupt delay, restarted by each TX descriptor written back (TIDV, "
		"descriptors with IDE); 0 = the TX interrupt is due at once",
		"Linux e1000/e1000e TxIntDelay default 8 x 1.024us (param.c DEFAULT_TIDV); "
		"RTnet's e1000e patch sets 0"},
	[C_NIC_TADV] = {"nic.tadv", CU_PS, PS(32768), 0, MAXT,
		"TX absolute interrupt delay from the first TX descriptor written back and "
		"not yet signalled (TADV), not restarted; 0 = off",
		"Linux e1000/e1000e TxAbsIntDelay default 32 x 1.024us (param.c DEFAULT_TADV)"},
	[C_BUS_DMA_LATENCY] = {"bus.dma_latency", CU_PS, PS(527), 0, MAXT,
		"fixed latency of one DMA transfer over the bus",
		"[D] pcie-bench (Neugebauer et al., SIGCOMM 2018): 64 B read 546 ns minus 64 x 0.30 ns"},
	[C_BUS_DMA_PER_BYTE] = {"bus.dma_per_byte", CU_PS_PER_BYTE, 300, 0, 1000000,
		"DMA time per byte transferred",
		"[D] pcie-bench read latency slope, 546 ns at 64 B to 986 ns at 1520 B"},
	[C_BUS_IRQ_LATENCY] = {"bus.irq_latency", CU_PS, 0, 0, MAXT,
		"from the NIC raising an interrupt to the CPU taking it",
		"estimate: folded into cost.rt_irq"},
	[C_BUS_CHAN_LATENCY] = {"bus.channel_latency", CU_PS, 0, 0, MAXT,
		"the physical bus the three proxy channels cross when the OSes run on two "
		"processors (dispatcher.policy split): a message's latency; 0 with 0 per byte: "
		"shared memory, at once",
		"shared memory (one processor); e.g. 1us for a PCIe or Ethernet link between boards"},
	[C_BUS_CHAN_PER_BYTE] = {"bus.channel_per_byte", CU_PS_PER_BYTE, 0, 0, 1000000,
		"the same bus: time per byte of a message (its serialisation: the messages of one "
		"direction, channel 1 to GP or channels 2 and 3 to RT, cross one after another)",
		"shared memory; e.g. 8000 ps/B for a 1 Gbit/s link"},
	[C_WORLD_SWITCH] = {"cost.world_switch", CU_CYCLES, 2000, 0, 100000000,
		"dispatcher switch between the two OS instances",
		"KVM VM exit 2,000 cycles (Landau et al., SplitX, WIOV 2011)"},
	[C_TDMA_FRAME] = {"dispatcher.tdma_frame", CU_PS, US(1000), 1, MAXT,
		"tdma: major frame",
		"estimate: 1 ms, the tick of the patent's era"},
	[C_TDMA_RT_SLICE] = {"dispatcher.tdma_rt_slice", CU_PS, US(500), 1, MAXT,
		"tdma: RT slice at the start of each major frame",
		"estimate: half the frame"},
	[C_PREEMPT_BUDGET] = {"dispatcher.preempt_budget", CU_PS, US(20), 0, MAXT,
		"tdma-preempt: RT run time an interrupt may borrow from each GP slice, for "
		"the work it causes (handler, input thread); the rest waits for RT's slice",
		"estimate: the handler and the input work of about ten frames (~2 us each), "
		"bounded as partitioning hypervisors bound borrowed time"},
	[C_RT_IRQ] = {"cost.rt_irq", CU_CYCLES, 1500, 0, 100000000,
		"RT NIC interrupt handler: entry, acknowledge, wake the input thread",
		"estimate: 0.5 us; RTEMS/vxWorks interrupt latency 6-9 us on a 2005 PowerPC (Xu & Kraimer)"},
	[C_RT_INPUT] = {"cost.rt_input", CU_CYCLES, 300, 0, 100000000,
		"RT input thread, per frame: read the descriptor, refill it",
		"estimate"},
	[C_CLASSIFY] = {"cost.classify", CU_CYCLES, 150, 0, 100000000,
		"RT classifier, per frame (Fig. 8b steps 488-490)",
		"estimate: a few header loads and a bitmap test"},
	[C_RT_DELIVER] = {"cost.rt_deliver", CU_CYCLES, 630, 0, 100000000,
		"queue a frame on an RT socket (Fig. 8b step 492)",
		"[D] ether_output ~210 ns at 2.93 GHz (Rizzo, 2012) = ~630 cycles"},
	[C_ARP_UPDATE] = {"cost.arp_update", CU_CYCLES, 300, 0, 100000000,
		"update the ARP table from a reply (Fig. 8b step 494), each OS",
		"estimate"},
	[C_PROXY_FIXED] = {"cost.proxy_fixed", CU_CYCLES, 300, 0, 100000000,
		"proxy channel enqueue, per frame (X2)",
		"estimate"},
	[C_PROXY_PER_BYTE] = {"cost.proxy_per_byte", CU_MCYC_PER_BYTE, 250, 0, 1000000,
		"proxy channel copy, per byte (X2); RTnet's proxy copies in RT context",
		"estimate: memcpy at ~4 bytes/cycle"},
	[C_CROSS_IRQ] = {"cost.cross_irq", CU_CYCLES, 2000, 0, 100000000,
		"cross-OS interrupt notifying the other side of a channel (X2)",
		"as a VM exit: 2,000 cycles (SplitX, WIOV 2011)"},
	[C_PROXY_DATA_OUT] = {"proxy.data_out", CU_SLOTS, 32, 1, 1u << 24,
		"channel 1 slots: received frames RT -> GP",
		"RTnet proxy pool: 32 buffers (README.rtnetproxy)"},
	[C_PROXY_DATA_IN] = {"proxy.data_in", CU_SLOTS, 32, 1, 1u << 24,
		"channel 2 slots: GP's outgoing frames GP -> RT",
		"RTnet proxy pool: 32 buffers"},
	[C_PROXY_CONTROL] = {"proxy.control", CU_SLOTS, 16, 1, 1u << 24,
		"channel 3 slots: GP's interface commands GP -> RT",
		"estimate"},
	[C_GP_PROXY_RX] = {"cost.gp_proxy_rx", CU_CYCLES, 600, 0, 100000000,
		"GP proxy driver, per received frame (Fig. 7b step 456)",
		"estimate: one netif_rx"},
	[C_GP_STACK_RX] = {"cost.gp_stack_rx", CU_CYCLES, 2850, 0, 100000000,
		"GP network stack, per received frame",
		"[D] ~950 ns per packet (user UDP loop 1.05 Mpps, netmap, USENIX ATC 2012) at 3 GHz"},
	[C_GP_DELIVER] = {"cost.gp_deliver", CU_CYCLES, 630, 0, 100000000,
		"queue a frame on a GP socket (Fig. 7b step 458)",
		"as cost.rt_deliver"},
	[C_RT_APP_TX] = {"cost.rt_app_tx", CU_CYCLES, 1000, 0, 100000000,
		"RT application and UDP/IP stack, per sent frame (Fig. 8a step 472)",
		"estimate: RT stack optimised for small packets"},
	[C_RT_DRV_TX] = {"cost.rt_drv_tx", CU_CYCLES, 630, 0, 100000000,
		"RT NIC driver: write a TX descriptor, ring the doorbell (step 478)",
		"as cost.rt_deliver"},
	[C_TX_CLEAN] = {"cost.tx_clean", CU_CYCLES, 300, 0, 100000000,
		"RT interrupt handler, per TX descriptor written back: read its status, free "
		"its buffer, give the slot back to the TX ring",
		"estimate: as cost.rt_input, the RX path's per-descriptor work"},
	[C_GP_APP_TX] = {"cost.gp_app_tx", CU_CYCLES, 2850, 0, 100000000,
		"GP application and stack, per sent frame (Fig. 7a step 452)",
		"[D] ~950 ns per packet (netmap, USENIX ATC 2012)"},
	[C_GP_PROXY_TX] = {"cost.gp_proxy_tx", CU_CYCLES, 600, 0, 100000000,
		"GP proxy driver, per sent frame (Fig. 7a steps 454-455)",
		"estimate"},
	[C_RT_PROXY_TX] = {"cost.rt_proxy_tx", CU_CYCLES, 300, 0, 100000000,
		"RT proxy: take a GP frame from channel 2 (Fig. 8a step 476)",
		"estimate"},
	[C_TXS_PICK] = {"cost.txs_pick", CU_CYCLES, 100, 0, 100000000,
		"transmit scheduler decision, per frame",
		"estimate"},
	[C_RT_ECHO] = {"cost.rt_echo", CU_CYCLES, 300, 0, 100000000,
		"RT echo responder: turn a received frame into its answer",
		"estimate"},
	[C_CONTROL_APPLY] = {"cost.control_apply", CU_CYCLES, 1000, 0, 100000000,
		"RT applies one interface command to the NIC (Fig. 8c steps 480-484)",
		"estimate"},
	[C_SIP_PARSE] = {"cost.sip_parse", CU_CYCLES, 18000, 0, 100000000,
		"GP SIP engine: parse one SIP message (libosip2), per message",
		"measured: libosip2 5.3 osip_message_parse of a 273-byte ACK, 6.1 us on a shared AMD EPYC = ~18,000 cycles at 3 GHz"},
	[C_SDP_PARSE] = {"cost.sdp_parse", CU_CYCLES, 12000, 0, 100000000,
		"GP SIP engine: parse a message's SDP body, per body",
		"measured: a 538-byte INVITE with SDP took 10.2 us, 4.1 us more than the ACK = ~12,000 cycles"},
	[C_SIP_CALL] = {"cost.sip_call", CU_CYCLES, 1500, 0, 100000000,
		"GP SIP engine: find the call, update its state, ask for a claim, per message",
		"estimate: a hash lookup and a few stores"},
	[C_RT_SOCKET_QUEUE] = {"rt.socket_queue", CU_SLOTS, 16, 1, 1u << 24,
		"receive queue of each RT socket (one per RT port), frames; a frame that finds it "
		"full is dropped (rt-socket-full)",
		"RTnet socket pool: 16 buffers"},
	[C_RT_READ_RATE] = {"rt.read_rate", CU_HZ, 0, 0, 100000000000ull,
		"frames per second each RT application reads from its socket, one every "
		"ceil(cpu.hz / rate) cycles in order; 0 = it keeps up (reads each at once)",
		"0: RTnet's applications wait on their sockets; set it to see overflow"},
	[C_GP_SOCKET_QUEUE] = {"gp.socket_queue", CU_SLOTS, 512, 1, 1u << 24,
		"GP receive backlog, frames",
		"estimate: ~212 KB rmem_default / ~400 B"},
	[C_TXS_RT_QUEUE] = {"tx.rt_queue", CU_SLOTS, 64, 1, 1u << 24,
		"transmit scheduler band 0 (RT) waiting room, frames",
		"estimate"},
	[C_TXS_GP_QUEUE] = {"tx.gp_queue", CU_SLOTS, 4, 1, 1u << 24,
		"transmit scheduler band 1 (GP) waiting room, frames taken from channel 2",
		"estimate"},
	[C_TXS_GP_RATE] = {"tx.gp_rate", CU_BPS, 500000000ull, 1000, 400000000000ull,
		"gp-rate policy: long-term GP transmit rate on the wire",
		"estimate: half a gigabit link"},
	[C_TXS_GP_BURST] = {"tx.gp_burst", CU_BYTES, 3076, 84, 1u << 30,
		"gp-rate policy: token bucket depth, wire bytes",
		"two maximum frames on the wire (2 x 1538)"},
	[C_ARP_ENTRIES] = {"arp.entries", CU_COUNT, 256, 1, 1u << 20,
		"ARP table entries, each OS",
		"estimate"},
};

const struct cost_def *cost_def(enum cost_id id)
{
	return (unsigned)id < COST__COUNT ? &defs[id] : NULL;
}

void cost_defaults(struct costs *c)
{
	for (int i = 0; i < COST__COUNT; i++)
		c->v[i] = defs[i].def;
}

int cost_find(const char *key)
{
	for (int i = 0; i < COST__COUNT; i++)
		if (strcmp(defs[i].key, key) == 0)
			return i;
	return -1;
}

const char *cost_unit_name(enum cost_unit u)
{
	switch (u) {
	case CU_HZ: return "Hz";
	case CU_BPS: return "bit/s";
	case CU_CYCLES: return "cycles";
	case CU_PS: return "time";
	case CU_PS_PER_BYTE: return "time/B";
	case CU_MCYC_PER_BYTE: return "cycles/B";
	case CU_SLOTS: return "slots";
	case CU_BYTES: return "bytes";
	case CU_COUNT: return "count";
	}
	return "?";
}

/* a * b / c, rounded down (or up), saturated. Cost: when a * b fits in
 * 64 bits (a DMA's picoseconds times cpu.hz, a cost's), one 64-bit
 * division; else a 128-bit one (a call to __udivti3). */
static uint64_t muldiv(uint64_t a, uint64_t b, uint64_t c, int up)
{
	uint64_t p64;
	if (!__builtin_mul_overflow(a, b, &p64)) {
		uint64_t q = p64 / c;
		return up && q * c != p64 ? q + 1 : q;   /* then c > 1: q + 1 fits */
	}
	unsigned __int128 p = (unsigned __int128)a * b;
	unsigned __int128 q = p / c;
	if (up && q * c != p)
		q++;
	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

uint64_t cost_ps_to_cycles_ceil(const struct costs *c, uint64_t ps)
{
	return muldiv(ps, c->v[C_CPU_HZ], 1000000000000ull, 1);
}

uint64_t cost_ps_to_cycles_floor(const struct costs *c, uint64_t ps)
{
	return muldiv(ps, c->v[C_CPU_HZ], 1000000000000ull, 0);
}

uint64_t cost_cycles_to_ps(const struct costs *c, uint64_t cycles)
{
	return muldiv(cycles, 1000000000000ull, c->v[C_CPU_HZ], 0);
}

uint64_t cost_cycles(const struct costs *c, enum cost_id id)
{
	if (defs[id].unit == CU_PS)
		return cost_ps_to_cycles_ceil(c, c->v[id]);
	return c->v[id];
}

uint64_t cost_dma_cycles(const struct costs *c, uint32_t len)
{
	uint64_t ps = c->v[C_BUS_DMA_LATENCY] + (uint64_t)len * c->v[C_BUS_DMA_PER_BYTE];
	return cost_ps_to_cycles_ceil(c, ps);
}

uint64_t cost_chan_bus_ser(const struct costs *c, uint32_t len)
{
	return cost_ps_to_cycles_ceil(c, (uint64_t)len * c->v[C_BUS_CHAN_PER_BYTE]);
}

const char *cost_check(const struct costs *c, enum cost_id *bad)
{
	for (int i = 0; i < COST__COUNT; i++) {
		if (c->v[i] < defs[i].min || c->v[i] > defs[i].max) {
			if (bad)
				*bad = (enum cost_id)i;
			return "value out of range";
		}
	}
	if (c->v[C_TDMA_RT_SLICE] >= c->v[C_TDMA_FRAME]) {
		if (bad)
			*bad = C_TDMA_RT_SLICE;
		return "the RT slice must be shorter than the TDMA frame (dispatcher.tdma_frame)";
	}
	return NULL;
}
