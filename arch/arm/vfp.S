/*
 * VFP/NEON register file save and restore for the lazy switch. FPEXC.EN
 * must be set to reach the registers; the saved FPEXC keeps the guest's own
 * value. Cortex-A15 has 32 doubleword registers and no FPINST/FPINST2.
 */
	.syntax unified
	.arm
	.fpu	neon-vfpv4
	.text

#define FPEXC_EN (1 << 30)

/* void vfp_save(struct vfp_state *s) */
	.global	vfp_save
	.type	vfp_save, %function
vfp_save:
	vmrs	r1, fpexc
	orr	r2, r1, #FPEXC_EN
	vmsr	fpexc, r2
	isb
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r2, fpscr
	stm	r0, {r2, r3}		@ fpscr, then fpexc below
	str	r1, [r0, #4]
	vmsr	fpexc, r1
	bx	lr

/* void vfp_restore(const struct vfp_state *s) */
	.global	vfp_restore
	.type	vfp_restore, %function
vfp_restore:
	vmrs	r1, fpexc
	orr	r1, r1, #FPEXC_EN
	vmsr	fpexc, r1
	isb
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldm	r0, {r2, r3}		@ fpscr, fpexc
	vmsr	fpscr, r2
	vmsr	fpexc, r3
	bx	lr
