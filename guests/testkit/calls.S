/*
 * Calls into the hypervisor (HVC #0) and, for PSCI over SMC, SMC #0, as
 * SMCCC: function ID in r0, arguments in r1-r3, result in r0. r4-r7 are saved
 * here, so the wrappers are correct even if a callee used them.
 */
#include "testkit.h"

	.syntax	unified
	.arm
	.arch_extension virt
	.arch_extension sec
	.text

/* uint32_t tk_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3) */
	.global	tk_hvc
	.type	tk_hvc, %function
tk_hvc:
	push	{r4-r7}
	hvc	#0
	pop	{r4-r7}
	bx	lr

/* uint32_t tk_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3) */
	.global	tk_smc
	.type	tk_smc, %function
tk_smc:
	push	{r4-r7}
	smc	#0
	pop	{r4-r7}
	bx	lr
