/*
 * The guest's virtual timer and the Hyp timer that stands in for it while
 * its vCPU waits in WFI (ARM ARM B8).
 */
#ifndef ARCH_VTIMER_H
#define ARCH_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

/* The physical count, which CNTVOFF is subtracted from for guests. */
uint64_t timer_counter(void);
/*
 * If the loaded guest's virtual timer will fire (enabled, not masked),
 * programs the Hyp timer for the same moment so the idle CPU wakes then.
 * Returns whether it did.
 */
bool vtimer_arm_hyp_wakeup(void);
void vtimer_disarm_hyp_wakeup(void);
/* Is the loaded guest's virtual timer asserting its interrupt? */
bool vtimer_output_asserted(void);

#endif
