/*
 * Secure SVC -> Non-secure Hyp, for loaders that start us in Secure state
 * (QEMU vexpress-a15 with secure=on, a TC2 without a switching boot-wrapper).
 * ARM ARM B1.8 and B1.9.4: only Monitor mode may set SCR.NS; from Monitor
 * with SCR.NS=1 an exception return may target Hyp mode.
 */
#include <arch/cpu.h>

#define SCR_NS		(1 << 0)
#define SCR_FW		(1 << 4)
#define SCR_AW		(1 << 5)
#define SCR_HCE		(1 << 8)

	.syntax unified
	.arm
	.text

/*
 * void secure_switch_to_hyp(void): called in Secure SVC with the MMU off;
 * returns in Non-secure Hyp mode on the same stack. Only LR is banked
 * differently in Hyp mode, so the return address travels in r1.
 */
	.global secure_switch_to_hyp
	.type	secure_switch_to_hyp, %function
secure_switch_to_hyp:
	adr	r0, monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1	@ MVBAR
	isb
	mov	r0, sp
	mov	r1, lr
	smc	#0
	bx	r1

	.align	5
monitor_vectors:
	b	.			@ reset: unused
	b	.			@ undefined
	b	monitor_smc		@ SMC
	b	.			@ prefetch abort
	b	.			@ data abort
	b	.
	b	.			@ IRQ
	b	.			@ FIQ

monitor_smc:
	mrc	p15, 0, r2, c1, c1, 0	@ SCR
	tst	r2, #SCR_NS
	bne	1f
	ldr	r2, =(SCR_NS | SCR_FW | SCR_AW | SCR_HCE)
	mcr	p15, 0, r2, c1, c1, 0
	isb
	msr	SP_hyp, r0
	mov	r2, #(PSR_MODE_HYP | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r2
	movs	pc, lr			@ to Non-secure Hyp, after the smc
1:	/* Any later SMC from Non-secure: PSCI NOT_SUPPORTED. */
	mvn	r0, #0
	movs	pc, lr
	.ltorg
