/* cost.h - every tunable of the model in one table: key, unit, default,
 * range, meaning and the published figure the default comes from.
 * Models: the costs of each step of Figs. 7-8 and the hardware of Fig. 1.
 * The table is the single source: the scenario loader accepts exactly these
 * keys, `nicshare config` prints them, doc/scenario.md lists them. */
#ifndef NICSHARE_COST_H
#define NICSHARE_COST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum cost_unit {
	CU_HZ = 0,      /* Hz */
	CU_BPS,         /* bit/s */
	CU_CYCLES,      /* CPU cycles */
	CU_PS,          /* a duration, stored in picoseconds */
	CU_PS_PER_BYTE, /* picoseconds per byte */
	CU_MCYC_PER_BYTE, /* millicycles per byte (1000 = one cycle per byte) */
	CU_SLOTS,       /* ring or queue slots */
	CU_BYTES,
	CU_COUNT,       /* a plain number */
};

enum cost_id {
	/* hardware */
	C_CPU_HZ = 0,
	C_LINK_BPS,
	C_NIC_MTU,
	C_NIC_RX_RING,
	C_NIC_TX_RING,
	C_NIC_TX_COMMIT,
	C_NIC_ITR_INTERVAL,
	C_NIC_RX_DELAY,
	C_NIC_RX_ABS_DELAY,
	C_NIC_TIDV,
	C_NIC_TADV,
	C_BUS_DMA_LATENCY,
	C_BUS_DMA_PER_BYTE,
	C_BUS_IRQ_LATENCY,
	C_BUS_CHAN_LATENCY,
	C_BUS_CHAN_PER_BYTE,
	/* dispatcher */
	C_WORLD_SWITCH,
	C_TDMA_FRAME,
	C_TDMA_RT_SLICE,
	C_PREEMPT_BUDGET,
	/* RT receive path */
	C_RT_IRQ,
	C_RT_INPUT,
	C_CLASSIFY,
	C_RT_DELIVER,
	C_ARP_UPDATE,
	/* proxy channels */
	C_PROXY_FIXED,
	C_PROXY_PER_BYTE,
	C_CROSS_IRQ,
	C_PROXY_DATA_OUT,
	C_PROXY_DATA_IN,
	C_PROXY_CONTROL,
	/* GP receive path */
	C_GP_PROXY_RX,
	C_GP_STACK_RX,
	C_GP_DELIVER,
	/* transmit path */
	C_RT_APP_TX,
	C_RT_DRV_TX,
	C_TX_CLEAN,
	C_GP_APP_TX,
	C_GP_PROXY_TX,
	C_RT_PROXY_TX,
	C_TXS_PICK,
	C_RT_ECHO,
	C_CONTROL_APPLY,
	/* GP SIP engine (second embodiment, issue 12) */
	C_SIP_PARSE,
	C_SDP_PARSE,
	C_SIP_CALL,
	/* queues */
	C_RT_SOCKET_QUEUE,
	C_RT_READ_RATE,
	C_GP_SOCKET_QUEUE,
	C_TXS_RT_QUEUE,
	C_TXS_GP_QUEUE,
	C_TXS_GP_RATE,
	C_TXS_GP_BURST,
	C_ARP_ENTRIES,
	COST__COUNT
};

struct cost_def {
	const char *key;       /* scenario key, e.g. "cost.rt_irq" */
	enum cost_unit unit;
	uint64_t def;          /* default, in the unit's base (ps, Hz, ...) */
	uint64_t min, max;     /* accepted range, inclusive */
	const char *meaning;   /* one line */
	const char *source;    /* where the default comes from */
};

struct costs {
	uint64_t v[COST__COUNT];
};

/* In C++ the function hides the type of the same name: declare its
 * result as `const struct cost_def *d = cost_def(id);`. */
const struct cost_def *cost_def(enum cost_id id);
void cost_defaults(struct costs *c);
int cost_find(const char *key);            /* -1 when unknown */
const char *cost_unit_name(enum cost_unit u);

/* The value in CPU cycles: CU_CYCLES as is, CU_PS converted at cpu.hz and
 * rounded up (a cost never shrinks to nothing). */
uint64_t cost_cycles(const struct costs *c, enum cost_id id);
/* DMA of len bytes in cycles: latency + len * per_byte, rounded up once. */
uint64_t cost_dma_cycles(const struct costs *c, uint32_t len);
/* A proxy channel message of len bytes on the bus (bus.channel_per_byte),
 * in cycles rounded up; its latency is cost_cycles(C_BUS_CHAN_LATENCY). */
uint64_t cost_chan_bus_ser(const struct costs *c, uint32_t len);
/* Picoseconds to cycles at cpu.hz, rounded up / down. */
uint64_t cost_ps_to_cycles_ceil(const struct costs *c, uint64_t ps);
uint64_t cost_ps_to_cycles_floor(const struct costs *c, uint64_t ps);
/* Cycles to picoseconds (exact when hz divides 10^12, else floor). */
uint64_t cost_cycles_to_ps(const struct costs *c, uint64_t cycles);

/* Check ranges and cross-field rules; NULL when fine, else a sentence
 * saying what is wrong; `*bad` receives the first offending id, whose key
 * (cost_def(*bad)->key) the caller names in its message. */
const char *cost_check(const struct costs *c, enum cost_id *bad);

#ifdef __cplusplus
}
#endif

#endif
