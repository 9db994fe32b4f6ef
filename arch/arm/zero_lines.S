/*
 * Zeroing memory with wide stores: ARMv7 has no DC ZVA, so eight registers
 * are stored per STMIA, two per iteration (64 bytes: a Cortex-A15 cache
 * line), against one byte or word per store of a generic memset.
 */
	.syntax unified
	.arm
	.text

/* r0 = address, 64-byte aligned; r1 = size, a multiple of 64 */
	.global	zero_lines
	.type	zero_lines, %function
zero_lines:
	push	{r4-r9}
	add	r1, r0, r1
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
1:	cmp	r0, r1
	stmialo r0!, {r2-r9}
	stmialo r0!, {r2-r9}
	blo	1b
	pop	{r4-r9}
	bx	lr
	.size	zero_lines, . - zero_lines
