/*
 * The fuzzer's memory access forms (fuzz.c): fn(r0 = address, r1 = value)
 * returns what a load read (0xdeadbeef when it faulted). Each does exactly
 * one access, followed by a NOP, so that an expected abort (exception.h)
 * resumes right after it. They cover every decode form of a data abort:
 * with a syndrome (single LDR/STR of each size, register offset) and
 * without (writeback, LDRD/STRD, LDM/STM, exclusives, unprivileged).
 */
	.syntax unified
	.arm
	.text

.macro form name
	.global fa_\name
	.type fa_\name, %function
	.balign 4
fa_\name:
	push	{r4, lr}
	ldr	r2, =0xdeadbeef
	mov	r3, r2
	mov	r4, #0
.endm
.macro done
	nop
	mov	r0, r2
	pop	{r4, pc}
.endm

form ldr
	ldr	r2, [r0]
done
form str
	str	r1, [r0]
done
form ldrb
	ldrb	r2, [r0]
done
form strb
	strb	r1, [r0]
done
form ldrh
	ldrh	r2, [r0]
done
form strh
	strh	r1, [r0]
done
form ldrsb
	ldrsb	r2, [r0]
done
form ldrsh
	ldrsh	r2, [r0]
done
form ldr_reg
	ldr	r2, [r0, r4]
done
form str_reg
	str	r1, [r0, r4]
done
form ldr_pre_wb
	sub	r0, r0, #4
	ldr	r2, [r0, #4]!
done
form str_pre_wb
	sub	r0, r0, #4
	str	r1, [r0, #4]!
done
form ldr_post_wb
	ldr	r2, [r0], #4
done
form str_post_wb
	str	r1, [r0], #4
done
form ldrh_pre_wb
	sub	r0, r0, #2
	ldrh	r2, [r0, #2]!
done
form ldrd
	ldrd	r2, r3, [r0]
done
form strd
	mov	r2, r1
	mov	r3, r1
	strd	r2, r3, [r0]
done
form ldm
	ldm	r0, {r2, r3}
done
form stm
	stm	r0, {r1, r2}
done
form ldm_wb
	ldmia	r0!, {r2, r3}
done
form stmdb_wb
	stmdb	r0!, {r1, r2}
done
form ldrex
	ldrex	r2, [r0]
done
form strex
	strex	r2, r1, [r0]
done
form ldrt
	ldrt	r2, [r0], #0
done
form strt
	strt	r1, [r0], #0
done
	.ltorg

	.section .rodata
	.balign 4
	.global fuzz_access
fuzz_access:
	.irp n, ldr, str, ldrb, strb, ldrh, strh, ldrsb, ldrsh, ldr_reg, str_reg, ldr_pre_wb, str_pre_wb, ldr_post_wb, str_post_wb, ldrh_pre_wb, ldrd, strd, ldm, stm, ldm_wb, stmdb_wb, ldrex, strex, ldrt, strt
	.word	fa_\n
	.endr
	.global fuzz_access_count
fuzz_access_count:
	.word	25

/*
 * thumb_mmio_probe(r0 = an emulated register's address, r1 = out[3]):
 * loads it from Thumb state with a 16-bit LDR (HSR.IL = 0), a 32-bit LDR.W
 * (IL = 1) and a conditional LDR inside an IT block, each followed by
 * markers. The hypervisor must resume after exactly the access (2 or 4
 * bytes) and advance the IT state: returns 1 + 2 + 4 + 16 = 23.
 */
	.text
	.thumb
	.balign 4
	.global thumb_mmio_probe
	.type thumb_mmio_probe, %function
	.thumb_func
thumb_mmio_probe:
	push	{r4, r5, lr}
	movs	r3, #0
	ldr	r2, [r0]
	adds	r3, #1
	ldr.w	r4, [r0]
	adds	r3, #2
	cmp	r0, r0
	itte	eq
	ldreq	r5, [r0]
	addeq	r3, r3, #4
	addne	r3, r3, #8
	adds	r3, #16
	str	r2, [r1]
	str	r4, [r1, #4]
	str	r5, [r1, #8]
	mov	r0, r3
	pop	{r4, r5, pc}
	.arm
