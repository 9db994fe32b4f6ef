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
/*
 * The same through the guest's stage 1 only: its IPA (ATS1CPR executed in
 * Hyp mode translates in the Non-secure PL1&0 regime, stage 1; B4.2.6).
 * For a block whose stage-2 entry waits for its first touch, where
 * guest_va_to_pa() fails. The guest's PAR is preserved.
 */
bool guest_va_to_ipa(uint32_t va, uint64_t *ipa);

#endif
