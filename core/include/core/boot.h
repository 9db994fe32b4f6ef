/* C entry points called from boot/entry.S. */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <stdint.h>

void boot_primary(void *fdt, uint32_t entry_cpsr, uint32_t secure)
	__attribute__((noreturn, no_stack_protector));
void boot_secondary(unsigned idx, uint32_t entry_cpsr, uint32_t secure)
	__attribute__((noreturn));

#endif
