/* Looking at guest memory through the guest's own translation. */
#ifndef ARCH_GUEST_MEM_H
#define ARCH_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Translates a virtual address of the guest loaded on this CPU through its
 * stage 1 and stage 2 (ATS12NSOPR, B4.2.6) for a PL1 read. The guest's PAR
 * is preserved. False when the address is not mapped readable.
 */
bool guest_va_to_pa(uint32_t va, uint64_t *pa);

#endif
