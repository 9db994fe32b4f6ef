/*
 * rt image layout. RT_LINK_ADDR (the partition's RAM base, where the image
 * is loaded and entered) comes from rt.mk. The raw .bin holds text, rodata
 * and data; BSS (with the 16 KB translation table) and the stacks follow
 * it, up to _end, which the image header records.
 */
#include "rt.h"

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = RT_LINK_ADDR;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
		*(.glue_7 .glue_7t .vfp11_veneer .v4_bx)
	}
	.rodata : ALIGN(8) {
		*(.rodata .rodata.*)
	}
	.ARM.extab : { *(.ARM.extab* .gnu.linkonce.armextab.*) }
	.ARM.exidx : { *(.ARM.exidx* .gnu.linkonce.armexidx.*) }
	.data : ALIGN(8) {
		*(.data .data.*)
		*(.got .got.*)
		. = ALIGN(4);
		/* Constructors are never run; refuse to link code that needs them. */
		__init_array_start = .;
		KEEP(*(.init_array*))
		__init_array_end = .;
	}
	. = ALIGN(64);
	_image_end = .;

	.bss (NOLOAD) : ALIGN(64) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(64);
		__bss_end = .;
	}

	.stacks (NOLOAD) : ALIGN(4096) {
		. += RT_STACK_EXC_SIZE;
		__stack_exc_top = .;
		. += RT_STACK_IRQ_SIZE;
		__stack_irq_top = .;
		. += RT_STACK_SVC_SIZE;
		__stack_svc_top = .;
	}
	. = ALIGN(4096);
	_end = .;
	end = .;

	/DISCARD/ : { *(.comment) *(.note*) }
}

ASSERT(__init_array_end == __init_array_start, "static constructors are not supported")
ASSERT(ADDR(.text) == RT_LINK_ADDR, "the image must start with _start")
