/* Cache and TLB maintenance the hypervisor needs (ARM ARM B4.2). */
#ifndef ARCH_CACHE_H
#define ARCH_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* Clean data cache lines covering [addr, addr+size) to the point of coherency. */
void dcache_clean_range(const void *addr, size_t size);
/* Clean and invalidate to the point of coherency. */
void dcache_clean_inval_range(const void *addr, size_t size);
/* This CPU's instruction cache and branch predictor. */
void icache_inval_all(void);
/* Every CPU's in the inner-shareable domain. */
void icache_inval_all_is(void);
/* DCCISW with a set/way operand, on this CPU. */
void dcache_clean_inval_set_way(uint32_t set_way);
/* All Hyp-mode TLB entries, on this CPU / inner-shareable domain. */
void tlb_inval_hyp_all(void);
void tlb_inval_hyp_all_is(void);

#endif
