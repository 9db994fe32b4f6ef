/*
 * Start-up (start.S, crt.c): what the runtime found at entry and the entry
 * points a guest provides.
 *
 * Boot protocol (as Linux): the boot vCPU enters at the first byte of the
 * image, at its link address, in SVC mode (another PL1 mode is left for
 * SVC), MMU and caches off, r0 = 0, r1 = machine type, r2 = the device tree.
 * Other vCPUs enter at guest_secondary_entry (PSCI CPU_ON) with r0 = the
 * context id.
 */
#ifndef GUEST_BOOT_H
#define GUEST_BOOT_H

#include <guest/layout.h>

#ifndef __ASSEMBLER__

#include <stdint.h>

struct guest_boot {
	uint32_t dtb;     /* r2 */
	uint32_t cpsr;    /* CPSR at entry, before the runtime changed it */
	uint32_t r0, r1;
	unsigned cpu;     /* MPIDR.Aff0 of the boot vCPU */
	uint64_t cntvct;  /* CNTVCT, first thing at entry */
};
extern struct guest_boot guest_boot;

/* Linker-script symbols */
extern char _start[], _end[], __bss_start[], __bss_end[];
extern char __stacks_start[], __stacks_end[];

/* The guest's own code. Runs on the boot vCPU, SVC mode, IRQs masked, MMU
 * off, BSS cleared, guest_boot filled in. */
void guest_main(void) __attribute__((noreturn));
/* A vCPU started with PSCI CPU_ON at guest_secondary_entry, MMU on (the
 * final table, mmu.h), its stacks set. The runtime's default turns the vCPU
 * off again; a guest that starts vCPUs provides its own. */
void guest_secondary_main(uint32_t ctx, uint32_t cpsr, uint32_t sctlr,
			  uint32_t mpidr) __attribute__((noreturn));
void guest_secondary_entry(void); /* CPU_ON entry point; not callable */

/* Called by start.S instead of guest_main when the device tree lies in the
 * memory the image is about to use (BSS, tables, stacks): nothing in the
 * BSS may be used. The runtime's default says so and powers off; a guest
 * may report it its own way. */
void guest_boot_refused(uint32_t dtb) __attribute__((noreturn));

void guest_park(void) __attribute__((noreturn)); /* masks everything, WFI */

/* Reads SP and LR of PL1 mode `mode` (USR reads SYS) into out[0], out[1]. */
void guest_read_banked(uint32_t mode, uint32_t out[2]);

#endif /* !__ASSEMBLER__ */
#endif
