/*
 * The memory layout the runtime gives every guest (guests/lib/guest.ld.S):
 * constants shared by the linker script, start.S and C.
 *
 * Per-vCPU stack slot (32 KB), indexed by MPIDR.Aff0; the linker script
 * reserves GUEST_NR_VCPUS slots (guest.mk). Stacks grow down from the *_TOP
 * offsets: FIQ [0, 4K), IRQ [4K, 8K), UND [8K, 12K), ABT [12K, 16K),
 * SVC [16K, 32K). IRQs are handled on the SVC stack (start.S), the IRQ
 * mode's own stack only holds the return state for an instant.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define GUEST_MAX_VCPUS 8 /* per-vCPU state the runtime keeps (Aff0 < 8) */

#define GUEST_STACK_SLOT_SHIFT 15
#define GUEST_STACK_SLOT_SIZE (1 << GUEST_STACK_SLOT_SHIFT)
#define GUEST_STACK_FIQ_TOP 0x1000
#define GUEST_STACK_IRQ_TOP 0x2000
#define GUEST_STACK_UND_TOP 0x3000
#define GUEST_STACK_ABT_TOP 0x4000
#define GUEST_STACK_SVC_TOP 0x8000

/* Exception types: the vector index */
#define EXC_RESET 0
#define EXC_UNDEF 1
#define EXC_SVC 2
#define EXC_PABT 3
#define EXC_DABT 4
#define EXC_UNUSED 5
#define EXC_IRQ 6
#define EXC_FIQ 7
/* Not a vector: __stack_chk_fail(); the frame's pc is the return address
 * of the function whose stack was overwritten. */
#define EXC_STACK_SMASHED 8

#endif
