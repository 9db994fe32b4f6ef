/*
 * Hyp vector table (HVBAR), ARM ARM B1.8.1. Traps and interrupts from the
 * guest leave through guest_entry.S. Every exception taken in Hyp mode itself
 * is unexpected: it is reported with a full register dump and the CPU stops. The dump runs on this CPU's exception stack (the top of its
 * stack slot), so a stack overflow into the guard page is still reported.
 */
#include <core/limits.h>

#define FRAME_SIZE	(18 * 4)	/* struct hyp_frame */

	.syntax unified
	.arm
	.text

	.align	5
	.global	hyp_vectors
hyp_vectors:
	b	vec_reset
	b	vec_undef		@ taken in Hyp mode: a hypervisor bug
	b	vec_hvc
	b	vec_pabt
	b	vec_dabt
	b	guest_exit_trap		@ from the guest (arch/arm/guest_entry.S)
	b	guest_exit_irq		@ Hyp mode runs with IRQs masked: guest only
	b	guest_exit_fiq

/*
 * Two Undefined-mode banked registers serve as scratch: they belong to the
 * guest, whose copies the world switch keeps in its vCPU context.
 */
.macro unexpected name, num
vec_\name:
	msr	SP_und, r0
	mov	r0, #\num
	msr	LR_und, r0
	b	unexpected_common
.endm

	unexpected reset, 0
	unexpected undef, 1
	unexpected hvc, 2
	unexpected pabt, 3
	unexpected dabt, 4

unexpected_common:
	mov	r0, sp
	msr	SP_abt, r0		@ the interrupted sp
	/* Exception stack: top of the stack slot sp points into. */
	lsr	r0, r0, #STACK_SLOT_SHIFT
	lsl	r0, r0, #STACK_SLOT_SHIFT
	add	r0, r0, #STACK_SLOT_SIZE
	ldr	sp, =__stacks_start
	cmp	r0, sp
	ldrls	r0, =panic_stack_top	@ sp was nowhere near our stacks
	ldr	sp, =__stacks_end
	cmp	r0, sp
	ldrhi	r0, =panic_stack_top
	mov	sp, r0
	sub	sp, sp, #FRAME_SIZE
	stmia	sp, {r0-r12}
	mrs	r0, SP_und
	str	r0, [sp, #0]		@ r0
	mrs	r0, SP_abt
	str	r0, [sp, #(13 * 4)]	@ sp
	str	lr, [sp, #(14 * 4)]	@ lr
	mrs	r0, ELR_hyp
	str	r0, [sp, #(15 * 4)]	@ elr_hyp
	mrs	r0, spsr
	str	r0, [sp, #(16 * 4)]	@ spsr_hyp
	mrs	r0, LR_und
	str	r0, [sp, #(17 * 4)]	@ vector
	mov	r0, sp
	bl	hyp_unexpected_exception
	b	.
	.ltorg

	.bss
	.align	3
panic_stack:
	.space	2048
panic_stack_top:
