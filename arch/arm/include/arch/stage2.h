/* Stage-2 translation: a partition's guest physical address space (B3.6). */
#ifndef ARCH_STAGE2_H
#define ARCH_STAGE2_H

#include <stdbool.h>

#include <arch/lpae.h>
#include <stdint.h>

#define VTTBR_VMID_SHIFT 48

enum s2_kind {
	S2_RAM,    /* Normal write-back, read/write/execute */
	S2_DEVICE, /* Device, read/write, never executable */
	/* Channel memory (docs/channels.md): data another partition shares,
	   never code. */
	S2_RAM_NX, /* Normal write-back, read/write, never executable */
	S2_RAM_RO, /* Normal write-back, read-only, never executable */
};

/* Table pages for one partition: a contiguous run the Hyp MMU maps. */
struct s2_pool {
	uint64_t base;
	unsigned pages, used;
	struct lpae_allocator alloc;
};

/*
 * 32-bit guest physical addresses: a 4-entry first-level table. The pool's
 * pages are reached through pool->alloc.table_va if the caller set it before
 * (host tests), else 1:1 as the Hyp MMU maps them.
 */
int stage2_init(struct lpae_table *s2, struct s2_pool *pool, uint64_t base,
		unsigned pages);
int stage2_map(struct lpae_table *s2, uint64_t ipa, uint64_t pa,
	       uint64_t size, enum s2_kind kind);
/*
 * First-touch zeroing (core/include/core/mem_defer.h): makes the 2 MB block
 * descriptor at ipa invalid, keeping its address and attributes in the
 * ignored bits (B3.6.1: bits [63:2] of an invalid descriptor are free) for
 * stage2_block_show(). 0, or -1 when no 2 MB block maps ipa (a page table
 * or a 1 GB block there). Hiding a hidden block succeeds. The caller
 * invalidates the VMID's TLB entries afterwards.
 */
int stage2_block_hide(struct lpae_table *s2, uint64_t ipa);
/*
 * Makes a block stage2_block_hide() hid valid again; no TLB maintenance
 * (an invalid entry is never cached, B3.9.1). The caller orders the
 * block's contents before it (DSB) and the walker's view after it.
 */
void stage2_block_show(struct lpae_table *s2, uint64_t ipa);
uint64_t stage2_vttbr(const struct lpae_table *s2, uint8_t vmid);
/* Per physical CPU: VTCR. */
void stage2_cpu_init(void);
/* Drops every guest (non-Hyp) TLB entry in the inner-shareable domain. */
void stage2_tlb_flush_all(void);
/*
 * Drops the guest TLB entries of one VMID (vttbr's, as stage2_vttbr()
 * makes it) in the inner-shareable domain; VTTBR is restored after.
 */
void stage2_tlb_flush_vmid(uint64_t vttbr);

#endif
