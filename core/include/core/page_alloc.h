/*
 * Host RAM for partitions and their tables. Free ranges start as the host's
 * RAM minus what is reserved (the hypervisor, the host device tree, fixed
 * regions of partitions); allocation happens once, at boot.
 */
#ifndef CORE_PAGE_ALLOC_H
#define CORE_PAGE_ALLOC_H

#include <core/limits.h>
#include <core/platform.h>
#include <stdint.h>

/*
 * Each reservation or allocation splits at most one free range in two, so
 * the table cannot run out at boot: the host's RAM ranges, plus one per
 * reservation (the hypervisor, the host device tree, the host's reserved
 * memory) and per partition its memory regions (fixed or allocated), its
 * two images and its stage-2 tables.
 */
#define PALLOC_MAX_RANGES                                                      \
	(MAX_MEM_REGIONS + 2 + MAX_HOST_RESERVED +                             \
	 MAX_PARTITIONS * (MAX_PART_MEM + 3))

void palloc_init(const struct platform *p);
/*
 * Removes [base, base+size) from the free ranges; false (nothing changed) if
 * that needs more than PALLOC_MAX_RANGES free ranges.
 */
bool palloc_reserve(uint64_t base, uint64_t size);
/* Lowest free range of size bytes aligned to align; 0 when none is left. */
uint64_t palloc_alloc(uint64_t size, uint64_t align);
uint64_t palloc_free_bytes(void);

#endif
