/*
 * The guest's banked registers, reached from Hyp mode with MRS/MSR (banked
 * register), ARM ARM B9.3.9 and B9.3.12. Layout: struct banked_regs.
 */
	.syntax unified
	.arm
	.text

	.global	banked_save
	.type	banked_save, %function
banked_save:
	mrs	r1, SP_usr
	mrs	r2, SP_svc
	mrs	r3, LR_svc
	mrs	r12, SPSR_svc
	stm	r0!, {r1-r3, r12}
	mrs	r1, SP_abt
	mrs	r2, LR_abt
	mrs	r3, SPSR_abt
	stm	r0!, {r1-r3}
	mrs	r1, SP_und
	mrs	r2, LR_und
	mrs	r3, SPSR_und
	stm	r0!, {r1-r3}
	mrs	r1, SP_irq
	mrs	r2, LR_irq
	mrs	r3, SPSR_irq
	stm	r0!, {r1-r3}
	mrs	r1, r8_fiq
	mrs	r2, r9_fiq
	mrs	r3, r10_fiq
	mrs	r12, r11_fiq
	stm	r0!, {r1-r3, r12}
	mrs	r1, r12_fiq
	mrs	r2, SP_fiq
	mrs	r3, LR_fiq
	mrs	r12, SPSR_fiq
	stm	r0!, {r1-r3, r12}
	bx	lr

	.global	banked_restore
	.type	banked_restore, %function
banked_restore:
	ldm	r0!, {r1-r3, r12}
	msr	SP_usr, r1
	msr	SP_svc, r2
	msr	LR_svc, r3
	msr	SPSR_svc, r12
	ldm	r0!, {r1-r3}
	msr	SP_abt, r1
	msr	LR_abt, r2
	msr	SPSR_abt, r3
	ldm	r0!, {r1-r3}
	msr	SP_und, r1
	msr	LR_und, r2
	msr	SPSR_und, r3
	ldm	r0!, {r1-r3}
	msr	SP_irq, r1
	msr	LR_irq, r2
	msr	SPSR_irq, r3
	ldm	r0!, {r1-r3, r12}
	msr	r8_fiq, r1
	msr	r9_fiq, r2
	msr	r10_fiq, r3
	msr	r11_fiq, r12
	ldm	r0!, {r1-r3, r12}
	msr	r12_fiq, r1
	msr	SP_fiq, r2
	msr	LR_fiq, r3
	msr	SPSR_fiq, r12
	bx	lr
