/*
 * Stage-1 translation for guests: short descriptors, 1 MB sections,
 * identity, TTBCR = 0, every domain client (ARM ARM B3.5).
 *
 * Two tables. The boot table, built with the MMU off, maps only the image
 * (everything up to _end) and the device tree, Normal memory, so that the
 * tree is parsed with the MMU and caches on (libfdt makes unaligned
 * accesses, which Device memory refuses). The final table maps all 4 GB:
 * the tree's memory Normal write-back, everything else Device and
 * execute-never, the image Normal whatever the tree says. Secondary vCPUs
 * start on the final table.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <guest/dt.h>
#include <stdint.h>

#define SECTION_SHIFT 20
#define SECTION_SIZE (1u << SECTION_SHIFT)
/* Normal, inner/outer write-back write-allocate (TEX=001 C=1 B=1),
 * shareable, AP=11 (PL1 and PL0 read/write), executable. */
#define SECT_NORMAL 0x00011c0eu
/* Shareable Device (TEX=000 C=0 B=1), AP=11, execute-never. */
#define SECT_DEVICE 0x00000c16u
#define SECT_XN (1u << 4)

extern uint32_t guest_l1_boot[4096], guest_l1[4096];

/* MMU off -> on with the boot table: the image and the first bytes of the
 * tree (its header), then the rest once its size is known. */
void guest_mmu_boot(uint32_t dtb);
int guest_mmu_boot_map_dtb(uint32_t dtb, uint32_t size);
/* Builds the final table from p's memory and switches to it. */
void guest_mmu_final(const struct guest_platform *p);
/* Changes one section of the final table (va, pa: 1 MB aligned; a valid
 * entry is broken before it is made again), then guest_mmu_sync() to make
 * the changes visible. */
void guest_mmu_set_section(uint32_t va, uint32_t pa, uint32_t attrs);
void guest_mmu_sync(void);

/* MMU off -> on (start.S): TLB, I-cache and branch predictor invalidated,
 * TTBCR = 0, TTBR0 = ttbr0, DACR client, SCTLR.M|C|I|Z. */
void guest_mmu_enable(uint32_t ttbr0);
/* MMU on: a new TTBR0 whose table maps code and stacks as the old one. */
void guest_mmu_switch(uint32_t ttbr0);

/* Data cache maintenance by MVA to the point of coherency. */
void guest_dcache_clean_range(uintptr_t start, uintptr_t end);
void guest_dcache_clean_inv_range(uintptr_t start, uintptr_t end);

#endif
