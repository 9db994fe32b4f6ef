/*
 * The only VFP/NEON code in the kit (everything else is soft-float), so the
 * checks know exactly which instructions touch d0-d31 and FPSCR.
 */
#include "testkit.h"

	.syntax	unified
	.arm
	.fpu	neon-vfpv4
	.text

/* void tk_vfp_enable(void): CPACR cp10/cp11 full access (ASEDIS, D32DIS
 * clear), then FPEXC.EN. */
	.global	tk_vfp_enable
	.type	tk_vfp_enable, %function
tk_vfp_enable:
	mrc	p15, 0, r0, c1, c0, 2	@ CPACR
	orr	r0, r0, #(0xf << 20)
	bic	r0, r0, #(3 << 30)
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #(1 << 30)		@ FPEXC.EN
	vmsr	fpexc, r0
	isb
	bx	lr

/*
 * void tk_vfp_run(const uint64_t in[32], uint64_t out[32], uint32_t fpscr,
 *                 uint32_t fpscr_out[2], void (*fn)(void *), void *arg)
 */
	.global	tk_vfp_run
	.type	tk_vfp_run, %function
tk_vfp_run:
	push	{r4-r8, lr}		@ 24 bytes: SP stays 8-aligned
	mov	r4, r1			@ out
	mov	r5, r3			@ fpscr_out
	ldr	r6, [sp, #24]		@ fn
	ldr	r7, [sp, #28]		@ arg
	vmsr	fpscr, r2
	vldmia	r0!, {d0-d15}
	vldmia	r0, {d16-d31}
	vmrs	r8, fpscr
	str	r8, [r5]
	mov	r0, r7
	blx	r6
	vstmia	r4!, {d0-d15}
	vstmia	r4, {d16-d31}
	vmrs	r8, fpscr
	str	r8, [r5, #4]
	pop	{r4-r8, pc}
