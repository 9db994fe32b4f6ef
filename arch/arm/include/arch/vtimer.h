/*
 * The guest's timers: the virtual timer and the physical EL1 timer, both
 * owned by the vCPU on the CPU, and the Hyp timer that stands in for them
 * while that vCPU waits in WFI (ARM ARM B8).
 */
#ifndef ARCH_VTIMER_H
#define ARCH_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

enum guest_timer {
	GUEST_TIMER_VIRT, /* CNTV_*: compared with CNTVCT = CNTPCT - CNTVOFF */
	GUEST_TIMER_PHYS, /* CNTP_*: compared with CNTPCT, no offset */
	GUEST_TIMERS
};

/* The physical count, which CNTVOFF is subtracted from for guests. */
uint64_t timer_counter(void);
/*
 * If one of the loaded guest's timers will fire (enabled, not masked),
 * programs the Hyp timer for the earliest such moment so the idle CPU wakes
 * then. Returns whether it did.
 */
bool vtimer_arm_hyp_wakeup(void);
void vtimer_disarm_hyp_wakeup(void);
/*
 * If the loaded guest's timer t asserts its interrupt, masks it at the
 * timer (CTL.IMASK, the guest's own bit, which it clears when it re-arms
 * by writing CTL) and returns true; else leaves it alone.
 */
bool guest_timer_mask(enum guest_timer t);
/* Is timer t masked and due, as guest_timer_mask() leaves it until the
   guest writes CTL? */
bool guest_timer_held(enum guest_timer t);
/* Turns timer t off (a stopped vCPU's timer must not fire again). */
void guest_timer_silence(enum guest_timer t);

#endif
