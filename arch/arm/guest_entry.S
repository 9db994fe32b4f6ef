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
	ldrd	r2, r3, [r0, #CPU_REGS_PC]	@ pc and cpsr
	msr	ELR_hyp, r2
	msr	spsr_cxsf, r3		@ SPSR_hyp: the banked form is not allowed in Hyp mode
	ldr	lr, [r0, #CPU_REGS_LR_USR]
	ldm	r0, {r0-r12}
	eret

.macro guest_exit code
	push	{r0}
	ldr	r0, [sp, #4]		@ regs, pushed by vcpu_enter
	stmib	r0, {r1-r12}		@ r1-r12 at regs + 4
	pop	{r1}
	str	r1, [r0]
	mrs	r2, ELR_hyp
	mrs	r3, spsr
	strd	r2, r3, [r0, #CPU_REGS_PC]	@ pc and cpsr
	str	lr, [r0, #CPU_REGS_LR_USR]
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
