/*
 * The generic timer as a guest sees it (ARM ARM B8): the frequency, the
 * virtual and physical counters, and both PL1 timers (CNTV_*: the virtual
 * timer, CNTP_*: the physical one), plus bounded waits on the virtual
 * counter.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <guest/cpu.h>

/* CNTV_CTL / CNTP_CTL (B4.1.26, B4.1.29) */
#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)
#define CNTV_CTL_ENABLE CNT_CTL_ENABLE
#define CNTV_CTL_IMASK CNT_CTL_IMASK
#define CNTV_CTL_ISTATUS CNT_CTL_ISTATUS

/* Which interrupt of the "arm,armv7-timer" node is which timer */
#define TIMER_DT_SECURE_PHYS 0
#define TIMER_DT_PHYS 1
#define TIMER_DT_VIRT 2
#define TIMER_DT_HYP 3

/*
 * CNTFRQ, or where it reads 0 the timer node's "clock-frequency"
 * (guest_setup() records it: the hypervisor puts it there on hosts whose
 * firmware left CNTFRQ unset, and a PL1 guest cannot set CNTFRQ).
 */
extern uint32_t guest_cntfrq_from_dt;
static inline uint32_t guest_cntfrq(void)
{
	uint32_t f = CP15_RD(0, c14, c0, 0);

	return f ? f : guest_cntfrq_from_dt;
}

/* The counters; the ISB keeps the read from being done early (B8.1.2). */
static inline uint64_t guest_cntvct(void)
{
	guest_isb();
	return CP15_RD64(1, c14);
}

static inline uint64_t guest_cntpct(void)
{
	guest_isb();
	return CP15_RD64(0, c14);
}

/* guest_<t>_<reg>_read() and _write() of a 32-bit timer register
 * (MRC/MCR p15, 0, c14, crm, op2) or a 64-bit one (MRRC/MCRR p15, op1, c14). */
#define GUEST_TIMER_REG32(t, reg, crm, op2)                                    \
	static inline uint32_t guest_##t##_##reg##_read(void)                  \
	{                                                                      \
		return CP15_RD(0, c14, crm, op2);                              \
	}                                                                      \
	static inline void guest_##t##_##reg##_write(uint32_t v)               \
	{                                                                      \
		CP15_WR(0, c14, crm, op2, v);                                  \
	}
#define GUEST_TIMER_REG64(t, reg, op1)                                         \
	static inline uint64_t guest_##t##_##reg##_read(void)                  \
	{                                                                      \
		return CP15_RD64(op1, c14);                                    \
	}                                                                      \
	static inline void guest_##t##_##reg##_write(uint64_t v)               \
	{                                                                      \
		CP15_WR64(op1, c14, v);                                        \
	}

/* The virtual timer (B4.1.27-29): CNTV_CTL, CNTV_TVAL, CNTV_CVAL */
GUEST_TIMER_REG32(cntv, ctl, c3, 1)
GUEST_TIMER_REG32(cntv, tval, c3, 0)
GUEST_TIMER_REG64(cntv, cval, 3)
/* The PL1 physical timer (B4.1.22-24): CNTP_CTL, CNTP_TVAL, CNTP_CVAL */
GUEST_TIMER_REG32(cntp, ctl, c2, 1)
GUEST_TIMER_REG32(cntp, tval, c2, 0)
GUEST_TIMER_REG64(cntp, cval, 2)

/* Ticks of the counter in us microseconds (0 when CNTFRQ is not set). */
uint64_t guest_us_to_ticks(uint64_t us);
/* Microseconds in ticks, rounded to nearest (0 when CNTFRQ is not set). */
uint64_t guest_ticks_to_us(uint64_t ticks);

/*
 * Bounded waits: a time limit on the virtual counter and an iteration cap
 * (so that a wait ends even if CNTFRQ is 0 or the counter stands still).
 */
struct guest_poll {
	uint64_t start, ticks;
	uint32_t iters;
};
void guest_poll_start(struct guest_poll *p, uint32_t ms);
bool guest_poll_expired(struct guest_poll *p);

#endif
