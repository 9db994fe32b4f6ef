/* Cache and TLB maintenance (ARM ARM B4.2.1, B4.2.2). */
	.syntax unified
	.arm
	.text

/* r0 = address, r1 = size; leaves r2 = line size, r1 = end, r0 = first line */
.macro line_range
	mrc	p15, 0, r3, c0, c0, 1	@ CTR
	ubfx	r3, r3, #16, #4		@ DminLine: log2(words)
	mov	r2, #4
	lsl	r2, r2, r3
	add	r1, r0, r1
	sub	r3, r2, #1
	bic	r0, r0, r3
.endm

	.global	dcache_clean_range

	.type	dcache_clean_range, %function
dcache_clean_range:
	line_range
1:	cmp	r0, r1
	mcrlo	p15, 0, r0, c7, c10, 1	@ DCCMVAC
	addlo	r0, r0, r2
	blo	1b
	dsb
	bx	lr

	.global	dcache_clean_inval_range

	.type	dcache_clean_inval_range, %function
dcache_clean_inval_range:
	line_range
1:	cmp	r0, r1
	mcrlo	p15, 0, r0, c7, c14, 1	@ DCCIMVAC
	addlo	r0, r0, r2
	blo	1b
	dsb
	bx	lr

	.global	dcache_clean_inval_set_way
	.type	dcache_clean_inval_set_way, %function
dcache_clean_inval_set_way:
	mcr	p15, 0, r0, c7, c14, 2	@ DCCISW
	dsb
	bx	lr

/*
 * The same for every CPU in the inner-shareable domain (ICIALLUIS,
 * BPIALLIS, ARM DDI 0406C B4.2.1): a partition's other CPUs may hold
 * instructions of what its memory held before a reload.
 */
	.global	icache_inval_all_is
	.type	icache_inval_all_is, %function
icache_inval_all_is:
	mov	r0, #0
	dsb	ish
	mcr	p15, 0, r0, c7, c1, 0	@ ICIALLUIS
	mcr	p15, 0, r0, c7, c1, 6	@ BPIALLIS
	dsb	ish
	isb
	bx	lr

	.global	icache_inval_all

	.type	icache_inval_all, %function
icache_inval_all:
	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	isb
	bx	lr

	.global	tlb_inval_hyp_all

	.type	tlb_inval_hyp_all, %function
tlb_inval_hyp_all:
	dsb
	mcr	p15, 4, r0, c8, c7, 0	@ TLBIALLH
	dsb
	isb
	bx	lr

	.global	tlb_inval_hyp_all_is

	.type	tlb_inval_hyp_all_is, %function
tlb_inval_hyp_all_is:
	dsb	ish
	mcr	p15, 4, r0, c8, c3, 0	@ TLBIALLHIS
	dsb	ish
	isb
	bx	lr

/* uint32_t smc_call(fn, a1, a2, a3): SMC32 to the secure firmware. */
	.global	smc_call
	.type	smc_call, %function
smc_call:
	push	{r4-r7, lr}
	smc	#0
	pop	{r4-r7, pc}
