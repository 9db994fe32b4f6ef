/*
 * Zeroing a partition's RAM on first touch (docs/architecture.md, "Memory"):
 * at a load, a 2 MiB block of a non-fixed region that lies wholly inside
 * it, away from the images and the guest device tree, is not zeroed but
 * left out of stage 2; the guest's first access faults, and the hypervisor
 * zeroes it then. This is the plan and its bookkeeping, pure logic,
 * host-tested (tests/unit/test_mem_defer.c); the stage-2 and fault side is
 * in core/partition_mem.c and arch/arm/first_touch.c.
 */
#ifndef CORE_MEM_DEFER_H
#define CORE_MEM_DEFER_H

#include <core/platform.h>
#include <stdbool.h>
#include <stdint.h>

/* The granule: a stage-2 level-2 block (ARM ARM B3.6.1). */
#define DEFER_BLOCK_SHIFT 21u
#define DEFER_BLOCK_SIZE (1ull << DEFER_BLOCK_SHIFT)
/*
 * Indexed by guest physical address: stage 2 takes 32-bit IPAs
 * (VTCR.T0SZ = 0), so 2048 bits cover every region a configuration can
 * give, whatever their number and size.
 */
#define DEFER_IPA_LIMIT (1ull << 32)
#define DEFER_BLOCKS (DEFER_IPA_LIMIT >> DEFER_BLOCK_SHIFT)

struct defer_map {
	uint32_t w[DEFER_BLOCKS / 32];
};

/* Is the block holding ipa deferred (not zeroed yet, not mapped)? */
static inline bool defer_test(const struct defer_map *m, uint64_t ipa)
{
	uint64_t b = ipa >> DEFER_BLOCK_SHIFT;

	return b < DEFER_BLOCKS && (m->w[b / 32] >> (b % 32)) & 1u;
}

void defer_set(struct defer_map *m, uint64_t ipa);
void defer_clear(struct defer_map *m, uint64_t ipa);

/*
 * Marks every 2 MiB block wholly inside [base, base+size) that overlaps no
 * hole (holes as mem_next_gap() takes them) and returns how many. Blocks
 * already marked stay marked.
 */
unsigned defer_plan(struct defer_map *m, uint64_t base, uint64_t size,
		    const struct mem_range *holes, unsigned nr_holes);

/*
 * What a load must still zero, run by run: the first run at or after *pos
 * and before end, [*pos, *run_end), outside every hole and every deferred
 * block. False when none is left; the caller sets *pos = *run_end to go on.
 */
bool defer_next_eager(const struct defer_map *m, uint64_t *pos, uint64_t end,
		      const struct mem_range *holes, unsigned nr_holes,
		      uint64_t *run_end);

#endif
