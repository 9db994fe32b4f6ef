/*
 * Entering and leaving a guest. vcpu_enter() keeps its frame on the Hyp
 * stack while the guest runs: SP_hyp is not visible to the guest, so on the
 * next exit the vectors find the frame (and in it the register save area)
 * at SP_hyp, save the guest's registers and return from vcpu_enter().
 */
#include <arch/vcpu.h>

	.syntax unified
	.arm
	.text

/* enum exit_type vcpu_enter(struct cpu_regs *regs) */
	.global	vcpu_enter
	.type	vcpu_enter, %function
vcpu_enter:
	push	{r0, r3, r4-r12, lr}	@ r0 = regs for the exit path; 8-byte aligned
	ldr	r1, [r0, #CPU_REGS_PC]
	msr	ELR_hyp, r1
	ldr	r1, [r0, #CPU_REGS_CPSR]
	msr	spsr_cxsf, r1		@ SPSR_hyp: the banked form is not allowed in Hyp mode
	ldr	lr, [r0, #CPU_REGS_LR_USR]
	ldm	r0, {r0-r12}
	eret

.macro guest_exit code
	push	{r0}
	ldr	r0, [sp, #4]		@ regs, pushed by vcpu_enter
	add	r0, r0, #4
	stm	r0, {r1-r12}
	sub	r0, r0, #4
	pop	{r1}
	str	r1, [r0]
	str	lr, [r0, #CPU_REGS_LR_USR]
	mrs	r1, ELR_hyp
	str	r1, [r0, #CPU_REGS_PC]
	mrs	r1, spsr
	str	r1, [r0, #CPU_REGS_CPSR]
	mov	r0, #\code
	pop	{r1, r3, r4-r12, pc}	@ back to vcpu_enter's caller
.endm

	.global	guest_exit_trap
	.type	guest_exit_trap, %function
guest_exit_trap:
	guest_exit EXIT_TRAP

	.global	guest_exit_irq
	.type	guest_exit_irq, %function
guest_exit_irq:
	guest_exit EXIT_IRQ

	.global	guest_exit_fiq
	.type	guest_exit_fiq, %function
guest_exit_fiq:
	guest_exit EXIT_FIQ
