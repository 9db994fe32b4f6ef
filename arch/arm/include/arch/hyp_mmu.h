/* The hypervisor's own address space: Hyp stage-1, identity mapped. */
#ifndef ARCH_HYP_MMU_H
#define ARCH_HYP_MMU_H

#include <stdint.h>

enum hyp_map_kind {
	HYP_MAP_DEVICE, /* device registers: Device, XN */
	HYP_MAP_RO,     /* read-only data: Normal WB, XN */
	HYP_MAP_RW,     /* read-write data: Normal WB, XN */
};

/* Builds the tables for the image, its data and the per-CPU stacks. */
void hyp_mmu_init(void);
/* Adds [pa, pa+size), rounded out to pages; panics naming `what` on failure. */
void hyp_mmu_map(uint64_t pa, uint64_t size, enum hyp_map_kind kind,
		 const char *what);
/* Turns the Hyp MMU and caches on for the calling CPU. */
void hyp_mmu_enable(void);

#endif
