/*
 * Entry from the boot loader (QEMU -kernel, U-Boot bootz/bootm) on the boot
 * CPU, and from the secondary-CPU wake-up paths.
 *
 * The image is linked at a fixed address per platform (LINK_ADDR) but may be
 * loaded anywhere in RAM (U-Boot puts it at kernel_addr_r). Until it has
 * copied itself to LINK_ADDR this code only uses PC-relative addressing.
 * Boot protocol as for Linux: r0 = 0, r1 = machine type, r2 = DTB address;
 * MMU and D-cache off.
 */
#include <arch/cpu.h>
#include <arm/zimage.h>
#include <core/limits.h>
#include <hw/exynos_uart.h>

#define FDT_MAGIC_LE 0xedfe0dd0	/* 0xd00dfeed as read by a little-endian load */

	.syntax unified
	.arm

	.section .text.head, "ax"
	.global _start
	.type	_start, %function
_start:
	/* zImage header: start 0 = position independent, end = the size */
	zimage_header primary_entry, 0, _image_size

primary_entry:
	cpsid	aif
	mov	r10, r2			@ r10 = DTB
	mrs	r11, cpsr		@ r11 = CPSR at entry
	bl	probe_secure
	mov	r9, r0			@ r9 = 1 when entered in Secure state

	adr	r4, _start		@ where we run
	ldr	r5, =_start		@ where we are linked
	ldr	r6, =_end

	/* Refuse to run over the device tree (we would destroy it). */
	tst	r10, #3
	bne	1f
	cmp	r10, #0
	beq	1f
	ldr	r0, [r10]
	ldr	r1, =FDT_MAGIC_LE
	cmp	r0, r1
	bne	1f
	ldr	r0, [r10, #4]
	rev	r0, r0			@ totalsize
	add	r0, r0, r10		@ DTB end
	cmp	r10, r6			@ dtb start < our end
	cmpcc	r5, r0			@ && our start < dtb end
	adrlcc	r0, msg_dtb_overlap
	bcc	early_fail
1:
	cmp	r4, r5
	beq	relocated
	/* memmove(r5, r4, _image_size) */
	ldr	r2, =_image_size
	cmp	r5, r4
	bhi	3f
	/*
	 * Forward copy (destination below the source). The two may overlap,
	 * and the copy would then overwrite the code doing it: first copy
	 * this code to the destination (it lies below the source there) and
	 * finish from that copy.
	 */
	adrl	r3, copy_forward_end
	sub	r3, r3, r4		@ bytes from _start to the end of the loop
	mov	r0, r4
	mov	r1, r5
6:	ldr	r6, [r0], #4
	str	r6, [r1], #4
	subs	r3, r3, #4
	bgt	6b
	dsb
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU: the copy holds instructions
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	isb
	ldr	pc, =copy_forward	@ its link address: in the destination
copy_forward:
2:	ldr	r3, [r4], #4
	str	r3, [r5], #4
	subs	r2, r2, #4
	bgt	2b
	b	4f
copy_forward_end:
3:	add	r4, r4, r2		@ backward copy (destination above source)
	add	r5, r5, r2
5:	ldr	r3, [r4, #-4]!
	str	r3, [r5, #-4]!
	subs	r2, r2, #4
	bgt	5b
4:	dsb
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU: the copy holds instructions
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	isb
	ldr	pc, =relocated

relocated:
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
6:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	6b

	ldr	sp, =__stacks_start + STACK_GUARD_SIZE + STACK_MAIN_SIZE
	mov	r0, r10
	mov	r1, r11
	mov	r2, r9
	bl	boot_primary		@ (dtb, entry cpsr, secure): never returns
	b	.

/*
 * Secondary CPUs arrive here at the linked address, from the vexpress boot
 * loader's wait loop (Hyp or Secure SVC) or from PSCI CPU_ON (Hyp).
 */
	.global secondary_entry
	.type	secondary_entry, %function
secondary_entry:
	cpsid	aif
	mrs	r11, cpsr
	bl	probe_secure
	mov	r9, r0
	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR
	bic	r0, r0, #0xff000000
	ldr	r1, =smp_cpu_mpidr
	ldr	r2, =smp_nr_cpus
	ldr	r2, [r2]
	mov	r3, #0
7:	cmp	r3, r2
	adrlhs	r0, msg_unknown_cpu
	bhs	early_fail
	ldr	r4, [r1, r3, lsl #2]
	cmp	r4, r0
	addne	r3, r3, #1
	bne	7b
	/* sp = slot(r3) + guard + main stack */
	ldr	r4, =__stacks_start + STACK_GUARD_SIZE + STACK_MAIN_SIZE
	add	sp, r4, r3, lsl #STACK_SLOT_SHIFT
	mov	r0, r3
	mov	r1, r11
	mov	r2, r9
	bl	boot_secondary		@ (index, entry cpsr, secure): never returns
	b	.

/*
 * r0 = 1 if the CPU is in Secure state. Only SVC mode needs asking: reading
 * SCR is UNDEFINED from Non-secure PL1, so a temporary vector table catches
 * that. Clobbers r0-r3.
 */
probe_secure:
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_SVC
	movne	r0, #0
	bxne	lr
	mrc	p15, 0, r3, c1, c0, 0	@ SCTLR: use VBAR, not high vectors
	bic	r3, r3, #(1 << 13)
	mcr	p15, 0, r3, c1, c0, 0
	mrc	p15, 0, r3, c12, c0, 0	@ save VBAR
	adrl	r2, probe_vectors
	mcr	p15, 0, r2, c12, c0, 0
	isb
	mov	r0, #1
	mrc	p15, 0, r1, c1, c1, 0	@ SCR: UNDEFINED in Non-secure state
	mcr	p15, 0, r3, c12, c0, 0
	isb
	bx	lr

	.align	5
probe_vectors:
	b	.
	b	probe_undef
	.rept	6
	b	.
	.endr
probe_undef:
	mov	r0, #0
	movs	pc, lr

/* Prints the NUL-terminated string at r0 on the early UART, then stops. */
early_fail:
	ldr	r1, =EARLY_UART
8:	ldrb	r2, [r0], #1
	cmp	r2, #0
	beq	10f
#ifdef EARLY_UART_EXYNOS
9:	ldr	r3, [r1, #UTRSTAT]	@ FIFO or holding register empty:
	tst	r3, #UTRSTAT_TX_BUF_EMPTY @ right with the FIFO on or off
	beq	9b
	str	r2, [r1, #UTXH]
#else
9:	ldr	r3, [r1, #0x18]		@ UARTFR
	tst	r3, #(1 << 5)		@ TXFF
	bne	9b
	str	r2, [r1]
#endif
	b	8b
10:	wfi
	b	10b

msg_dtb_overlap:
	.asciz	"hyp: the device tree passed in r2 overlaps the memory the hypervisor must occupy; load it elsewhere\r\n"
msg_unknown_cpu:
	.asciz	"hyp: a CPU whose MPIDR is not in the device tree was started; parking it\r\n"
	.align	2
	.ltorg
