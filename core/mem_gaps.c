/* A memory range minus holes, gap by gap (core/include/core/mem_gaps.h). */
#include <core/mem_gaps.h>

bool mem_next_gap(uint64_t *pos, uint64_t end, const struct mem_range *holes,
		  unsigned nr_holes, uint64_t *gap_end)
{
	uint64_t at = *pos, stop;
	bool moved = true;

	/* Step over every hole that covers `at` (they may chain). */
	while (moved && at < end) {
		moved = false;
		for (unsigned i = 0; i < nr_holes; i++) {
			const struct mem_range *h = &holes[i];

			if (h->size && at >= h->base && at - h->base < h->size) {
				at = h->base + h->size;
				moved = true;
			}
		}
	}
	if (at >= end)
		return false;
	/* The gap ends where the nearest hole ahead begins. */
	stop = end;
	for (unsigned i = 0; i < nr_holes; i++)
		if (holes[i].size && holes[i].base > at && holes[i].base < stop)
			stop = holes[i].base;
	*pos = at;
	*gap_end = stop;
	return true;
}
