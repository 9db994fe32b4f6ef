/*
 * Walking a memory range around holes: the parts of a partition's RAM that
 * a reload must zero are its regions minus where the kernel, the initrd and
 * the guest device tree are about to be written anyway. Pure logic:
 * host-tested (tests/unit/test_mem_gaps.c).
 */
#ifndef CORE_MEM_GAPS_H
#define CORE_MEM_GAPS_H

#include <core/platform.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The first gap at or after *pos and before end: [*pos, *gap_end) outside
 * every hole (holes may overlap, be empty, or lie outside the range; in any
 * order). False when none is left. The caller sets *pos = *gap_end to go on.
 */
bool mem_next_gap(uint64_t *pos, uint64_t end, const struct mem_range *holes,
		  unsigned nr_holes, uint64_t *gap_end);

#endif
