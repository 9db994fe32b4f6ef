/*
 * The one image layout of every guest built on the runtime (guest.mk
 * preprocesses it per guest and platform). GUEST_LINK_ADDR: the partition's
 * RAM base, where the image is loaded and entered; GUEST_NR_VCPUS: how many
 * vCPUs get a stack slot. The raw .bin holds text, rodata and data; BSS
 * (with the translation tables) and the stacks follow it, up to _end, which
 * the image header records.
 */
#include <guest/layout.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

__guest_nr_stacks = GUEST_NR_VCPUS;

SECTIONS
{
	. = GUEST_LINK_ADDR;
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
		__stacks_start = .;
		. += GUEST_NR_VCPUS * GUEST_STACK_SLOT_SIZE;
		__stacks_end = .;
	}
	. = ALIGN(4096);
	_end = .;
	end = .;

	/DISCARD/ : { *(.comment) *(.note*) }
}

ASSERT(__init_array_end == __init_array_start, "static constructors are not supported")
ASSERT(ADDR(.text) == GUEST_LINK_ADDR, "the image must start with _start")
ASSERT(GUEST_NR_VCPUS >= 1 && GUEST_NR_VCPUS <= GUEST_MAX_VCPUS, "GUEST_NR_VCPUS: 1 to GUEST_MAX_VCPUS")
