/*
 * Host RAM for partitions and their tables. Free ranges start as the host's
 * RAM minus what is reserved (the hypervisor, the host device tree, fixed
 * regions of partitions); allocation happens once, at boot.
 */
#ifndef CORE_PAGE_ALLOC_H
#define CORE_PAGE_ALLOC_H

#include <core/platform.h>
#include <stdint.h>

#define PALLOC_MAX_RANGES 32

void palloc_init(const struct platform *p);
/* Removes [base, base+size) from the free ranges; false if out of ranges. */
bool palloc_reserve(uint64_t base, uint64_t size);
/* Lowest free range of size bytes aligned to align; 0 when none is left. */
uint64_t palloc_alloc(uint64_t size, uint64_t align);
uint64_t palloc_free_bytes(void);

#endif
