/*
 * Guest runtime: entry points, vectors and the few things C cannot do.
 * The boot protocol is in include/guest/boot.h.
 */
#include <guest/boot.h>
#include <guest/calls.h>
#include <guest/cpu.h>
#include <arm/zimage.h>


	.syntax	unified
	.arm
	.arch_extension virt
	.arch_extension sec

/*
 * Per-CPU set-up both entries share: interrupts masked, SVC mode (from any
 * other PL1 mode; USR, HYP and MON cannot be left, the guest sees it in
 * guest_boot.cpsr), exceptions in ARM state to VBAR, no alignment checking,
 * VBAR = guest_vectors. Clobbers r0. A macro: a mode change switches the
 * banked LR.
 */
	.macro	cpu_init
	cpsid	aif
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_USR
	cmpne	r0, #PSR_MODE_HYP
	cmpne	r0, #PSR_MODE_MON
	beq	1f
	cps	#PSR_MODE_SVC
1:	mrc	p15, 0, r0, c1, c0, 0	@ SCTLR
	bic	r0, r0, #SCTLR_V	@ vectors at VBAR
	bic	r0, r0, #SCTLR_A	@ no alignment faults
	bic	r0, r0, #SCTLR_TE	@ exceptions in ARM state
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	r0, =guest_vectors
	mcr	p15, 0, r0, c12, c0, 0	@ VBAR
	isb
	.endm

	.section .text.head, "ax"
	.global	_start
	.type	_start, %function
_start:
	/* zImage header: the load address (not relocatable) and the end of
	 * everything the guest occupies (image, BSS, tables, stacks), so a
	 * loader can keep the device tree out of it. */
	zimage_header primary_entry, _start, _end

primary_entry:
	mrs	r4, cpsr		@ CPSR at entry, before anything changes
	mrrc	p15, 1, r8, r9, c14	@ CNTVCT at entry (PL1 may always read it)
	mov	r5, r0
	mov	r6, r1
	mov	r7, r2			@ device tree
	cpu_init
	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR
	and	r0, r0, #0xff
	ldr	r1, =__guest_nr_stacks
	cmp	r0, r1
	bhs	no_stack
	bl	setup_stacks

	/* The device tree must not lie in the BSS, tables or stacks about to
	 * be cleared and used. */
	ldr	r0, =_start
	ldr	r1, =_end
	cmp	r7, r1
	bhs	1f
	cmp	r7, r0
	movhs	r0, r7
	bhs	guest_boot_refused	@ never returns
1:	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
2:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	2b
	ldr	r0, =guest_boot_cntvct	@ a BSS variable: stored once it is clear
	strd	r8, r9, [r0]

	mov	r0, r7
	mov	r1, r4
	mov	r2, r5
	mov	r3, r6
	bl	guest_start		@ (dtb, entry CPSR, r0, r1): never returns
	b	guest_park

no_stack:
	ldr	r0, =HC_CONSOLE_WRITE
	adr	r1, msg_no_stack
	mov	r2, #(msg_no_stack_end - msg_no_stack)
	hvc	#0
	ldr	r0, =PSCI_FN_SYSTEM_OFF
	hvc	#0
	b	guest_park
msg_no_stack:
	.ascii	"cannot run: entered on a vCPU this image has no stack for "
	.ascii	"(MPIDR.Aff0 >= its GUEST_VCPUS); powering off\n"
msg_no_stack_end:
	.balign	4
	.ltorg

/*
 * PSCI CPU_ON entry: SVC, MMU off, r0 = context id. Records the entry state
 * in r4-r7, takes this vCPU's stacks, turns the MMU on with the final table
 * (so that every vCPU sees memory cacheable and coherent) and goes to C.
 */
	.text
	.global	guest_secondary_entry
	.type	guest_secondary_entry, %function
guest_secondary_entry:
	mov	r4, r0			@ context id
	mrs	r5, cpsr
	mrc	p15, 0, r6, c1, c0, 0	@ SCTLR at entry
	mrc	p15, 0, r7, c0, c0, 5	@ MPIDR
	cpu_init
	and	r0, r7, #0xff
	ldr	r1, =__guest_nr_stacks
	cmp	r0, r1
	bhs	guest_park		@ nowhere to run C; CPU_ON's caller times out
	bl	setup_stacks
	ldr	r0, =guest_l1
	orr	r0, r0, #TTBR_WALK_FLAGS
	bl	guest_mmu_enable
	mov	r0, r4
	mov	r1, r5
	mov	r2, r6
	mov	r3, r7
	bl	guest_secondary_main	@ never returns
	b	guest_park

/* r0 = vCPU index. Sets SP of FIQ, IRQ, UND, ABT and SVC; ends in SVC.
 * Clobbers r1. */
setup_stacks:
	ldr	r1, =__stacks_start
	add	r1, r1, r0, lsl #GUEST_STACK_SLOT_SHIFT
	cps	#PSR_MODE_FIQ
	add	sp, r1, #GUEST_STACK_FIQ_TOP
	cps	#PSR_MODE_IRQ
	add	sp, r1, #GUEST_STACK_IRQ_TOP
	cps	#PSR_MODE_UND
	add	sp, r1, #GUEST_STACK_UND_TOP
	cps	#PSR_MODE_ABT
	add	sp, r1, #GUEST_STACK_ABT_TOP
	cps	#PSR_MODE_SVC
	add	sp, r1, #GUEST_STACK_SVC_TOP
	bx	lr

	.global	guest_park
	.type	guest_park, %function
guest_park:
	cpsid	aif
1:	wfi
	b	1b

/*
 * void guest_mmu_enable(uint32_t ttbr0): MMU off. Invalidates the TLB,
 * I-cache and branch predictor, sets TTBCR = 0 (short descriptors, TTBR0
 * only), TTBR0, DACR = client for every domain, then SCTLR.M|C|I|Z with
 * TEX remap and the access flag off (AP[0] is a permission bit).
 */
	.global	guest_mmu_enable
	.type	guest_mmu_enable, %function
guest_mmu_enable:
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0	@ TLBIALL
	mcr	p15, 0, r1, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r1, c7, c5, 6	@ BPIALL
	dsb
	isb
	mcr	p15, 0, r1, c2, c0, 2	@ TTBCR = 0
	mcr	p15, 0, r0, c2, c0, 0	@ TTBR0
	ldr	r1, =0x55555555		@ DACR: client
	mcr	p15, 0, r1, c3, c0, 0
	isb
	mrc	p15, 0, r1, c1, c0, 0
	bic	r1, r1, #(SCTLR_TRE | SCTLR_AFE)
	orr	r1, r1, #(SCTLR_M | SCTLR_C)
	orr	r1, r1, #(SCTLR_I | SCTLR_Z)
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr

/*
 * void guest_wfi_irq(void): unmasks IRQs, WFI, masks them again. An IRQ
 * taken between the CPSIE and the WFI returns to guest_wfi_insn;
 * guest_irq_entry() then resumes after it instead, so the WFI never waits
 * for an interrupt that was already handled.
 */
	.global	guest_wfi_irq
	.type	guest_wfi_irq, %function
	.global	guest_wfi_insn
guest_wfi_irq:
	dsb
	cpsie	i
guest_wfi_insn:
	wfi
	cpsid	i
	bx	lr

/* void guest_read_banked(uint32_t mode, uint32_t out[2]): out = {SP, LR}
 * of a PL1 mode other than the current one (USR is read through SYS). */
	.global	guest_read_banked
	.type	guest_read_banked, %function
guest_read_banked:
	cmp	r0, #PSR_MODE_USR
	moveq	r0, #PSR_MODE_SYS
	mrs	r2, cpsr
	bic	r3, r2, #PSR_MODE_MASK
	orr	r3, r3, r0
	orr	r3, r3, #(PSR_I | PSR_F)
	msr	cpsr_c, r3
	str	sp, [r1]
	str	lr, [r1, #4]
	msr	cpsr_c, r2
	bx	lr

/* uint32_t guest_hvc/guest_smc(fn, a1, a2, a3): SMCCC, result in r0;
 * r4-r7 saved in case the callee uses them. */
	.global	guest_hvc
	.type	guest_hvc, %function
guest_hvc:
	push	{r4-r7}
	hvc	#0
	pop	{r4-r7}
	bx	lr

	.global	guest_smc
	.type	guest_smc, %function
guest_smc:
	push	{r4-r7}
	smc	#0
	pop	{r4-r7}
	bx	lr
	.ltorg

/*
 * Vectors. Each but IRQ's saves r0-r12, the address of the faulting
 * instruction and SPSR as a struct guest_frame on the mode's own stack and
 * calls guest_exception(type, frame), which may move frame->pc (to resume
 * after an expected fault); the handler returns there, SPSR into CPSR.
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
	bl	guest_exception
	ldr	r0, [sp]
	add	sp, sp, #8
	msr	spsr_cxsf, r0
	ldmfd	sp!, {r0-r12, pc}^
	.endm

	.section .text.vectors, "ax"
	.balign	32
	.global	guest_vectors
	.type	guest_vectors, %function
guest_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq

	/* LR offsets in ARM state (B1.8.3): UND and SVC +4, PABT +4,
	 * DABT +8, IRQ/FIQ +4 (the instruction to resume). */
	vector_entry vec_reset, EXC_RESET, 0
	vector_entry vec_undef, EXC_UNDEF, 4
	vector_entry vec_svc, EXC_SVC, 4
	vector_entry vec_pabt, EXC_PABT, 4
	vector_entry vec_dabt, EXC_DABT, 8
	vector_entry vec_unused, EXC_UNUSED, 0
	vector_entry vec_fiq, EXC_FIQ, 4

/*
 * IRQ, handled in SVC mode so that a handler may unmask IRQs and be
 * preempted by a higher-priority one: the return address and SPSR_irq go
 * to the SVC stack at once (SRS), so a nested IRQ overwriting LR_irq and
 * SPSR_irq loses nothing, then r0-r12 and LR_svc (the interrupted code's,
 * kept for it), making a struct guest_irq_frame. guest_irq_entry() may move
 * frame->pc. SP is 8-byte aligned for C (r4, which C preserves, holds the
 * adjustment); IRQs are masked again before the frame is popped and RFE
 * returns with the interrupted CPSR. IRQs are taken only from SVC mode.
 */
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #PSR_MODE_SVC
	cps	#PSR_MODE_SVC
	push	{r0-r12, lr}
	mov	r0, sp
	and	r4, sp, #4
	sub	sp, sp, r4
	bl	guest_irq_entry
	cpsid	i
	add	sp, sp, r4
	pop	{r0-r12, lr}
	rfeia	sp!
