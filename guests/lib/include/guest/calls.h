/*
 * Calls out of the partition: HVC #0 (Tessera's hypercalls, PSCI) and
 * SMC #0 (PSCI, which Tessera traps), SMCCC style: function ID in r0,
 * arguments in r1-r3, result in r0.
 */
#ifndef GUEST_CALLS_H
#define GUEST_CALLS_H

#include <tessera/hypercall.h>
#include <tessera/psci.h>

#ifndef __ASSEMBLER__

#include <stdint.h>

uint32_t guest_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
uint32_t guest_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

static inline int32_t guest_psci(uint32_t fn, uint32_t a1, uint32_t a2,
				 uint32_t a3)
{
	return (int32_t)guest_hvc(fn, a1, a2, a3);
}

/* PSCI SYSTEM_OFF; parks if the call returns. */
void guest_power_off(void) __attribute__((noreturn));
/* PSCI CPU_OFF for the calling vCPU; parks if the call returns. */
void guest_cpu_off(void) __attribute__((noreturn));

#endif /* !__ASSEMBLER__ */
#endif
