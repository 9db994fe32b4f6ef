/*
 * Long-descriptor (LPAE) translation tables, ARM ARM B3.6. One builder serves
 * the Hyp stage-1 tables and, later, the guests' stage-2 tables: the caller
 * gives the leaf attribute bits, the builder picks block or page descriptors.
 */
#ifndef ARCH_LPAE_H
#define ARCH_LPAE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t lpae_t;

#define LPAE_ENTRIES 512u
#define LPAE_PAGE_SHIFT 12u
#define LPAE_PAGE_SIZE (1ull << LPAE_PAGE_SHIFT)
#define LPAE_L1_SHIFT 30u /* 1 GB blocks */
#define LPAE_L2_SHIFT 21u /* 2 MB blocks */
#define LPAE_L3_SHIFT 12u /* 4 KB pages */
#define LPAE_ADDR_MASK 0x000000fffffff000ull /* output address bits [39:12] */

/* Descriptor type, bits [1:0] */
#define LPAE_VALID (1ull << 0)
#define LPAE_TABLE (1ull << 1) /* at levels 1 and 2 */
#define LPAE_PAGE (1ull << 1)  /* at level 3 */

/* Stage-1 lower attributes (B3.6.2) */
#define LPAE_ATTRIDX(n) ((uint64_t)(n) << 2)
#define LPAE_NS (1ull << 5)
#define LPAE_AP_UNPRIV (1ull << 6) /* AP[1]; must be 1 in Hyp tables */
#define LPAE_AP_RO (1ull << 7)     /* AP[2] */
#define LPAE_SH_OUTER (2ull << 8)
#define LPAE_SH_INNER (3ull << 8)
#define LPAE_AF (1ull << 10)
#define LPAE_NG (1ull << 11)
/* Upper attributes */
#define LPAE_CONTIG (1ull << 52)
#define LPAE_PXN (1ull << 53)
#define LPAE_XN (1ull << 54)

/* Stage-2 lower attributes (B3.6.2, B3.8.3) */
#define LPAE_S2_MEMATTR(x) ((uint64_t)(x) << 2)
#define LPAE_S2_MEMATTR_DEVICE LPAE_S2_MEMATTR(0x1)    /* Device */
#define LPAE_S2_MEMATTR_NORMAL_WB LPAE_S2_MEMATTR(0xf) /* Normal, WB */
#define LPAE_S2AP_R (1ull << 6)
#define LPAE_S2AP_W (1ull << 7)

/* Attribute fields: lower [11:2] and upper [63:52]; [51:40] are reserved. */
#define LPAE_ATTR_MASK (0xfffull << 52 | 0xffcull)

/* Where table pages come from: the hypervisor's pool, or a test's array. */
struct lpae_allocator {
	/* Returns a zeroed, 4 KB-aligned table and its physical address, or NULL. */
	lpae_t *(*alloc_table)(void *ctx, uint64_t *pa);
	/* Returns the hypervisor's pointer to the table at physical address pa. */
	lpae_t *(*table_va)(void *ctx, uint64_t pa);
	void *ctx;
};

struct lpae_table {
	lpae_t *root;         /* first-level table */
	uint64_t root_pa;
	unsigned root_entries; /* 4 for a 32-bit input range; more for stage 2 */
	const struct lpae_allocator *alloc;
};

enum lpae_err {
	LPAE_OK = 0,
	LPAE_EALIGN = -1,  /* address or size not 4 KB aligned */
	LPAE_ERANGE = -2,  /* beyond the table's input range */
	LPAE_ENOMEM = -3,  /* the allocator ran out of tables */
	LPAE_EEXIST = -4,  /* part of the range is already mapped */
};

int lpae_init(struct lpae_table *t, unsigned root_entries,
	      const struct lpae_allocator *alloc);
/*
 * Maps [va, va+size) to [pa, pa+size) with leaf attributes attrs (without the
 * type bits). Uses 1 GB and 2 MB blocks where va, pa and the remaining size
 * allow and allow_blocks is set; 4 KB pages elsewhere. Never replaces an
 * existing mapping; on failure the part of the range already mapped stays
 * mapped (callers treat any failure as fatal for the table). size 0 is an
 * error.
 */
int lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa, uint64_t size,
	     lpae_t attrs, bool allow_blocks);
/*
 * Finds the leaf descriptor for va. Returns the level (1..3) of a valid leaf
 * and stores it in *desc, or 0 when va is not mapped.
 */
int lpae_lookup(const struct lpae_table *t, uint64_t va, lpae_t *desc);
/*
 * The descriptor slot for va at `level` (valid or not), or NULL when a level
 * above holds a block or nothing (no table to hold the slot).
 */
lpae_t *lpae_slot(const struct lpae_table *t, uint64_t va, unsigned level);
/* Translates va through the table; false when unmapped. */
bool lpae_translate(const struct lpae_table *t, uint64_t va, uint64_t *pa);
const char *lpae_strerror(int err);

#endif
