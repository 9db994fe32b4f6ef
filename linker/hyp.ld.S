/*
 * Hypervisor image layout. LINK_ADDR comes from the platform's make fragment.
 * Sections are page-aligned so the Hyp MMU can give each its permissions:
 * text RX, rodata R, data/bss RW+XN, per-CPU stacks RW+XN below guard pages.
 */
#include <core/limits.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = LINK_ADDR;
	__text_start = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
		*(.glue_7 .glue_7t .vfp11_veneer .v4_bx)
	}
	. = ALIGN(4096);
	__text_end = .;

	__rodata_start = .;
	.rodata : {
		*(.rodata .rodata.*)
	}
	.ARM.extab : { *(.ARM.extab* .gnu.linkonce.armextab.*) }
	.ARM.exidx : { *(.ARM.exidx* .gnu.linkonce.armexidx.*) }
	. = ALIGN(4096);
	__rodata_end = .;

	__data_start = .;
	.data : {
		*(.data .data.*)
		*(.got .got.*)
		. = ALIGN(4);
		/* Constructors are never run; refuse to link code that needs them. */
		__init_array_start = .;
		KEEP(*(.init_array*))
		__init_array_end = .;
	}
	. = ALIGN(4);
	__data_end = .;
	_image_size = __data_end - _start;

	. = ALIGN(4096);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(4);
		__bss_end = .;
	}

	. = ALIGN(STACK_SLOT_SIZE);
	.stacks (NOLOAD) : {
		__stacks_start = .;
		. += MAX_CPUS * STACK_SLOT_SIZE;
		__stacks_end = .;
	}
	. = ALIGN(4096);
	_end = .;
	end = .;

	/DISCARD/ : { *(.comment) *(.note*) *(.ARM.attributes) }
}

ASSERT(__init_array_end == __init_array_start, "static constructors are not supported")
