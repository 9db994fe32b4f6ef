/*
 * testkit entry points, vector table and the few things C cannot do.
 *
 * Boot protocol (as Linux): the boot vCPU enters at the first byte, at the
 * link address, in SVC mode with the MMU and caches off, r0 = 0,
 * r1 = 0xffffffff, r2 = the device tree. Secondary vCPUs enter at
 * tk_secondary_entry (PSCI CPU_ON) with r0 = the context id.
 */
#include "testkit.h"

#define ZIMAGE_MAGIC 0x016f2818

	.syntax	unified
	.arm
	.arch_extension virt
	.arch_extension sec

/*
 * Per-CPU set-up both entries share: interrupts masked, SVC mode (from any
 * other PL1 mode), exceptions taken in ARM state to VBAR, no alignment
 * checking, VBAR = tk_vectors. Clobbers r0. Inline (a macro), because a mode
 * change switches the banked LR.
 */
	.macro	cpu_init
	cpsid	aif
	mrs	r0, cpsr
	and	r0, r0, #TK_PSR_MODE_MASK
	cmp	r0, #TK_PSR_MODE_SVC
	beq	1f
	cmp	r0, #TK_PSR_MODE_USR
	cmpne	r0, #TK_PSR_MODE_HYP
	cmpne	r0, #TK_PSR_MODE_MON
	beq	1f			@ cannot leave it: runs_in_svc_mode says so
	cps	#TK_PSR_MODE_SVC
1:	mrc	p15, 0, r0, c1, c0, 0	@ SCTLR
	bic	r0, r0, #TK_SCTLR_V	@ vectors at VBAR
	bic	r0, r0, #TK_SCTLR_A	@ no alignment faults
	bic	r0, r0, #TK_SCTLR_TE	@ exceptions in ARM state
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	r0, =tk_vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR
	isb
	.endm

	.section .text.head, "ax"
	.global	_start
	.type	_start, %function
_start:
	/* zImage-style header: 0x28/0x2c give everything the kit occupies
	 * (image, BSS, page tables, stacks), so a loader can keep the device
	 * tree out of it. */
	.rept	8
	mov	r0, r0
	.endr
	b	primary_entry
	.word	ZIMAGE_MAGIC		@ 0x24
	.word	_start			@ 0x28: load address (not relocatable)
	.word	_end			@ 0x2c: end of the memory the kit uses
	.word	0x04030201		@ 0x30: little-endian marker

primary_entry:
	mrs	r4, cpsr		@ CPSR at entry, before anything changes
	mrrc	p15, 1, r8, r9, c14	@ CNTVCT at entry (PL1 may always read it)
	mov	r5, r0
	mov	r6, r1
	mov	r7, r2			@ device tree
	cpu_init
	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR
	and	r0, r0, #0xff
	cmp	r0, #TK_MAX_VCPUS
	bhs	tk_park
	bl	setup_stacks

	/* The device tree must not lie in the BSS, tables or stacks we are
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
	ldr	r0, =tk_entry_cntvct	@ a BSS variable: stored once it is clear
	strd	r8, r9, [r0]

	mov	r0, r7
	mov	r1, r4
	mov	r2, r5
	mov	r3, r6
	bl	tk_primary_main		@ (dtb, entry cpsr, r0, r1): never returns
	b	tk_park

dt_overlap:
	ldr	r0, =TK_HC_CONSOLE_WRITE
	adr	r1, msg_overlap
	mov	r2, #(msg_overlap_end - msg_overlap)
	hvc	#0
	ldr	r0, =TK_PSCI_SYSTEM_OFF
	hvc	#0
	b	tk_park

msg_overlap:
	.ascii	"not ok 1 - device_tree_readable # the device tree (r2) lies "
	.ascii	"inside the memory the testkit uses (see image offsets 0x28/0x2c)\n"
	.ascii	"0 passed, 1 failed\n"
msg_overlap_end:
	.balign	4
	.ltorg

/*
 * PSCI CPU_ON entry: SVC, MMU off, r0 = context id. Records the entry state in
 * r4-r7, takes this vCPU's stacks, turns the MMU on with the boot vCPU's
 * final tables (so that every vCPU sees memory cacheable and coherent) and
 * goes to C.
 */
	.text
	.global	tk_secondary_entry
	.type	tk_secondary_entry, %function
tk_secondary_entry:
	mov	r4, r0			@ context id
	mrs	r5, cpsr
	mrc	p15, 0, r6, c1, c0, 0	@ SCTLR at entry
	mrc	p15, 0, r7, c0, c0, 5	@ MPIDR
	cpu_init
	and	r0, r7, #0xff
	cmp	r0, #TK_MAX_VCPUS
	bhs	tk_park
	bl	setup_stacks
	ldr	r0, =tk_l1
	orr	r0, r0, #TK_TTBR_FLAGS
	bl	tk_mmu_enable
	mov	r0, r4
	mov	r1, r5
	mov	r2, r6
	mov	r3, r7
	bl	tk_secondary_main	@ never returns
	b	tk_park

/* r0 = vCPU index. Sets SP of FIQ, IRQ, UND, ABT and SVC; ends in SVC.
 * Clobbers r1. */
setup_stacks:
	ldr	r1, =__stacks_start
	add	r1, r1, r0, lsl #TK_STACK_SLOT_SHIFT
	cps	#TK_PSR_MODE_FIQ
	add	sp, r1, #TK_STACK_FIQ_TOP
	cps	#TK_PSR_MODE_IRQ
	add	sp, r1, #TK_STACK_IRQ_TOP
	cps	#TK_PSR_MODE_UND
	add	sp, r1, #TK_STACK_UND_TOP
	cps	#TK_PSR_MODE_ABT
	add	sp, r1, #TK_STACK_ABT_TOP
	cps	#TK_PSR_MODE_SVC
	add	sp, r1, #TK_STACK_SVC_TOP
	bx	lr

	.global	tk_park
	.type	tk_park, %function
tk_park:
	cpsid	aif
1:	wfi
	b	1b

/*
 * void tk_mmu_enable(uint32_t ttbr0): MMU currently off. Invalidates the TLB,
 * I-cache and branch predictor, sets TTBCR = 0 (short descriptors, TTBR0
 * only), TTBR0, DACR = client for every domain, then SCTLR.M|C|I|Z.
 */
	.global	tk_mmu_enable
	.type	tk_mmu_enable, %function
tk_mmu_enable:
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
	bic	r1, r1, #TK_SCTLR_TRE	@ no TEX remap
	bic	r1, r1, #TK_SCTLR_AFE	@ AP[0] is a permission bit
	orr	r1, r1, #(TK_SCTLR_M | TK_SCTLR_C)
	orr	r1, r1, #TK_SCTLR_I
	orr	r1, r1, #TK_SCTLR_Z
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr

/* void tk_mmu_switch(uint32_t ttbr0): MMU on; the new tables map the code
 * and stacks as the old ones did. */
	.global	tk_mmu_switch
	.type	tk_mmu_switch, %function
tk_mmu_switch:
	dsb
	mcr	p15, 0, r0, c2, c0, 0	@ TTBR0
	isb
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0	@ TLBIALL
	mcr	p15, 0, r1, c7, c5, 6	@ BPIALL
	dsb
	isb
	bx	lr

/*
 * void tk_wfi_irq(void): unmasks IRQs, WFI, masks them again. An IRQ taken
 * between the CPSIE and the WFI returns to tk_wfi_insn; tk_irq_entry() then
 * resumes after it instead, so the WFI never waits for an interrupt that was
 * already handled. One that wakes the WFI returns to tk_wfi_insn + 4.
 */
	.global	tk_wfi_irq
	.type	tk_wfi_irq, %function
	.global	tk_wfi_insn
tk_wfi_irq:
	dsb
	cpsie	i
tk_wfi_insn:
	wfi
	cpsid	i
	bx	lr

/* void tk_read_banked(uint32_t mode, uint32_t out[2]): out = {SP, LR} of a
 * PL1 mode other than the current one (USR is read through SYS). */
	.global	tk_read_banked
	.type	tk_read_banked, %function
tk_read_banked:
	cmp	r0, #TK_PSR_MODE_USR
	moveq	r0, #TK_PSR_MODE_SYS
	mrs	r2, cpsr
	bic	r3, r2, #TK_PSR_MODE_MASK
	orr	r3, r3, r0
	orr	r3, r3, #(TK_PSR_I | TK_PSR_F)
	msr	cpsr_c, r3
	str	sp, [r1]
	str	lr, [r1, #4]
	msr	cpsr_c, r2
	bx	lr
	.ltorg

/*
 * Vectors. Each handler but IRQ's (below) saves r0-r12 and the address of
 * the faulting (or interrupted) instruction, plus SPSR, as a struct tk_frame
 * on the mode's own stack, and calls tk_exception(type, frame). tk_exception may change
 * frame->pc (to resume after an expected fault); the handler returns there
 * with SPSR restored into CPSR.
 */
	.macro	vector_entry name, type, adjust
\name:
	.if	\adjust
	sub	lr, lr, #\adjust
	.endif
	stmfd	sp!, {r0-r12, lr}
	mrs	r0, spsr
	sub	sp, sp, #8		@ spsr, pad: 64-byte frame, SP stays 8-aligned
	str	r0, [sp]
	mov	r0, #\type
	mov	r1, sp
	bl	tk_exception
	ldr	r0, [sp]
	add	sp, sp, #8
	msr	spsr_cxsf, r0
	ldmfd	sp!, {r0-r12, pc}^
	.endm

	.section .text.vectors, "ax"
	.balign	32
	.global	tk_vectors
	.type	tk_vectors, %function
tk_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq

	/* LR offsets in ARM state: UND and SVC +4 (next instruction), PABT +4,
	 * DABT +8, IRQ/FIQ +4 (the instruction to resume). */
	vector_entry vec_reset, TK_EXC_RESET, 0
	vector_entry vec_undef, TK_EXC_UNDEF, 4
	vector_entry vec_svc, TK_EXC_SVC, 4
	vector_entry vec_pabt, TK_EXC_PABT, 4
	vector_entry vec_dabt, TK_EXC_DABT, 8
	vector_entry vec_unused, TK_EXC_UNUSED, 0
	vector_entry vec_fiq, TK_EXC_FIQ, 4

/*
 * IRQ, handled in SVC mode so that a handler may unmask IRQs and be
 * preempted by a higher-priority one: the return address and SPSR_irq go
 * to the SVC stack at once (SRS), so a nested IRQ overwriting LR_irq and
 * SPSR_irq loses nothing, then r0-r12 and LR_svc (the interrupted code's,
 * kept for it), making a struct tk_irq_frame. tk_irq_entry() may move
 * frame->pc (to skip tk_wfi_insn). SP is 8-byte aligned for C (r4, which C
 * preserves, holds the adjustment); IRQs are masked again before the frame
 * is popped and RFE returns with the interrupted CPSR. The kit takes IRQs
 * only in SVC mode.
 */
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #TK_PSR_MODE_SVC
	cps	#TK_PSR_MODE_SVC
	push	{r0-r12, lr}
	mov	r0, sp
	and	r4, sp, #4
	sub	sp, sp, r4
	bl	tk_irq_entry
	cpsid	i
	add	sp, sp, r4
	pop	{r0-r12, lr}
	rfeia	sp!
