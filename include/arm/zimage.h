/*
 * The header of a Linux ARM zImage (arch/arm/boot/compressed/head.S in
 * Linux), which boot loaders and Tessera's configuration tool recognise:
 * eight NOPs, a branch to the entry code, then at 0x24 the magic, at 0x28
 * the load address (0: position independent), at 0x2c the end (the size
 * when the start is 0), at 0x30 an endianness marker. Assembly only:
 *
 *	zimage_header entry, start, end
 */
#ifndef ARM_ZIMAGE_H
#define ARM_ZIMAGE_H

#define ZIMAGE_MAGIC 0x016f2818

#ifdef __ASSEMBLER__
	.macro	zimage_header entry, start, end
	.rept	8
	mov	r0, r0
	.endr
	b	\entry
	.word	ZIMAGE_MAGIC		@ 0x24
	.word	\start			@ 0x28
	.word	\end			@ 0x2c
	.word	0x04030201		@ 0x30: little-endian marker
	.endm
#endif

#endif
