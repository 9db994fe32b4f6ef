/*
 * rt entry, vectors and the few things C cannot do.
 *
 * Boot protocol (as Linux): vCPU 0 enters at the first byte, which is the
 * link address, in SVC mode with the MMU and caches off, r2 = the device
 * tree. rt uses only that vCPU; any other one that gets here parks.
 */
#include "rt.h"

#define ZIMAGE_MAGIC 0x016f2818

	.syntax	unified
	.arm
	.arch_extension virt

	.section .text.head, "ax"
	.global	_start
	.type	_start, %function
_start:
	/* zImage-style header: 0x28/0x2c give everything rt occupies (image,
	 * BSS, translation table, stacks), so a loader can keep the device
	 * tree out of it. */
	.rept	8
	mov	r0, r0
	.endr
	b	entry
	.word	ZIMAGE_MAGIC		@ 0x24
	.word	_start			@ 0x28: load address (not relocatable)
	.word	_end			@ 0x2c: end of the memory rt uses
	.word	0x04030201		@ 0x30: little-endian marker

entry:
	mov	r7, r2			@ device tree
	cpsid	aif
	mrs	r0, cpsr
	and	r0, r0, #RT_PSR_MODE_MASK
	cmp	r0, #RT_PSR_MODE_SVC
	beq	1f
	cmp	r0, #RT_PSR_MODE_USR
	cmpne	r0, #RT_PSR_MODE_HYP
	cmpne	r0, #RT_PSR_MODE_MON
	beq	bad_mode		@ cannot (or must not) leave it
	cps	#RT_PSR_MODE_SVC
1:	mrc	p15, 0, r0, c1, c0, 0	@ SCTLR
	bic	r0, r0, #RT_SCTLR_V	@ vectors at VBAR
	bic	r0, r0, #RT_SCTLR_A	@ no alignment faults
	bic	r0, r0, #RT_SCTLR_TE	@ exceptions in ARM state
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	r0, =rt_vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR
	isb

	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR: only vCPU 0 runs
	ands	r0, r0, #0xff
	bne	rt_park

	/* Stacks: IRQ, one shared by the fatal-exception modes, SVC. */
	ldr	r1, =__stack_irq_top
	cps	#RT_PSR_MODE_IRQ
	mov	sp, r1
	ldr	r1, =__stack_exc_top
	cps	#RT_PSR_MODE_FIQ
	mov	sp, r1
	cps	#RT_PSR_MODE_UND
	mov	sp, r1
	cps	#RT_PSR_MODE_ABT
	mov	sp, r1
	cps	#RT_PSR_MODE_SVC
	ldr	sp, =__stack_svc_top

	/* The device tree must not lie in the BSS, table or stacks we are
	 * about to clear and use. */
	ldr	r0, =_start
	ldr	r1, =_end
	cmp	r7, r1
	bhs	2f
	cmp	r7, r0
	bhs	dt_overlap
2:
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
3:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	3b

	mov	r0, r7
	bl	rt_main			@ never returns
	b	rt_park

dt_overlap:
	adr	r1, msg_overlap
	mov	r2, #(msg_overlap_end - msg_overlap)
	b	say_and_off
bad_mode:
	adr	r1, msg_mode
	mov	r2, #(msg_mode_end - msg_mode)
say_and_off:
	ldr	r0, =RT_HC_CONSOLE_WRITE
	hvc	#0
	ldr	r0, =RT_PSCI_SYSTEM_OFF
	hvc	#0
	b	rt_park

msg_overlap:
	.ascii	"cannot run: the device tree (r2) lies inside the memory rt "
	.ascii	"uses (image offsets 0x28-0x2c); powering off\n"
msg_overlap_end:
msg_mode:
	.ascii	"cannot run: not entered in a PL1 mode (SVC expected); "
	.ascii	"powering off\n"
msg_mode_end:
	.balign	4
	.ltorg

	.text
	.global	rt_park
	.type	rt_park, %function
rt_park:
	cpsid	aif
1:	wfi
	b	1b

/* uint32_t rt_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3):
 * SMCCC, result in r0; r4-r7 saved in case the callee uses them. */
	.global	rt_hvc
	.type	rt_hvc, %function
rt_hvc:
	push	{r4-r7}
	hvc	#0
	pop	{r4-r7}
	bx	lr

/*
 * void rt_mmu_enable(uint32_t ttbr0): MMU off. Invalidates the TLB, I-cache
 * and branch predictor, sets TTBCR = 0 (short descriptors, TTBR0 only),
 * TTBR0, DACR = client for every domain, then SCTLR.M|C|I|Z.
 */
	.global	rt_mmu_enable
	.type	rt_mmu_enable, %function
rt_mmu_enable:
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0	@ TLBIALL
	mcr	p15, 0, r1, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r1, c7, c5, 6	@ BPIALL
	dsb
	isb
	mcr	p15, 0, r1, c2, c0, 2	@ TTBCR = 0
	mcr	p15, 0, r0, c2, c0, 0	@ TTBR0
	ldr	r1, =0x55555555
	mcr	p15, 0, r1, c3, c0, 0	@ DACR: client
	isb
	mrc	p15, 0, r1, c1, c0, 0
	bic	r1, r1, #RT_SCTLR_TRE	@ no TEX remap
	bic	r1, r1, #RT_SCTLR_AFE	@ AP[0] is a permission bit
	orr	r1, r1, #(RT_SCTLR_M | RT_SCTLR_C)
	orr	r1, r1, #RT_SCTLR_I
	orr	r1, r1, #RT_SCTLR_Z
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr
	.ltorg

/*
 * Vectors. IRQ: handled in IRQ mode on its own stack, not nested (IRQs stay
 * masked): the caller-saved registers around rt_irq(), then back to the
 * interrupted instruction with its CPSR. Everything else is fatal:
 * rt_exception(type, address of the faulting instruction, SPSR) reports it
 * and powers the partition off.
 */
	.section .text.vectors, "ax"
	.balign	32
	.global	rt_vectors
	.type	rt_vectors, %function
rt_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq

vec_irq:
	sub	lr, lr, #4
	push	{r0-r3, r12, lr}	@ 24 bytes: SP stays 8-byte aligned
	bl	rt_irq
	pop	{r0-r3, r12, lr}
	movs	pc, lr			@ CPSR = SPSR_irq

	/* LR offsets in ARM state: UND, SVC, PABT +4, DABT +8, FIQ +4. */
	.macro	fatal_vector name, type, adjust
\name:
	.if	\adjust
	sub	lr, lr, #\adjust
	.endif
	mov	r0, #\type
	b	fatal_common
	.endm

	fatal_vector vec_reset, RT_EXC_RESET, 0
	fatal_vector vec_undef, RT_EXC_UNDEF, 4
	fatal_vector vec_svc, RT_EXC_SVC, 4
	fatal_vector vec_pabt, RT_EXC_PABT, 4
	fatal_vector vec_dabt, RT_EXC_DABT, 8
	fatal_vector vec_unused, RT_EXC_UNUSED, 0
	fatal_vector vec_fiq, RT_EXC_FIQ, 4

fatal_common:
	cpsid	aif
	mov	r1, lr
	mrs	r2, spsr
	bic	sp, sp, #7
	bl	rt_exception		@ never returns
	b	rt_park
