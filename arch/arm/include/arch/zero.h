/* Zeroing memory with wide stores (arch/arm/zero_lines.S, arch/arm/zero.c). */
#ifndef ARCH_ZERO_H
#define ARCH_ZERO_H

#include <stddef.h>

/* addr 64-byte aligned, size a multiple of 64: eight-register STMIAs. */
void zero_lines(void *addr, size_t size);
/* Any range: memset for the unaligned ends, zero_lines() for the rest. */
void zero_range(void *addr, size_t size);

#endif
