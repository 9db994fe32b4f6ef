/* First-touch zeroing: plan and bitmap (core/include/core/mem_defer.h). */
#include <core/mem_defer.h>
#include <core/mem_gaps.h>

void defer_set(struct defer_map *m, uint64_t ipa)
{
	uint64_t b = ipa >> DEFER_BLOCK_SHIFT;

	if (b < DEFER_BLOCKS)
		m->w[b / 32] |= 1u << (b % 32);
}

void defer_clear(struct defer_map *m, uint64_t ipa)
{
	uint64_t b = ipa >> DEFER_BLOCK_SHIFT;

	if (b < DEFER_BLOCKS)
		m->w[b / 32] &= ~(1u << (b % 32));
}

static bool overlaps_hole(uint64_t at, const struct mem_range *holes,
			  unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t hb = holes[i].base, hs = holes[i].size;

		/* Differences only: a hole may end at 2^64. */
		if (hs && (hb >= at ? hb - at < DEFER_BLOCK_SIZE : at - hb < hs))
			return true;
	}
	return false;
}

unsigned defer_plan(struct defer_map *m, uint64_t base, uint64_t size,
		    const struct mem_range *holes, unsigned nr_holes)
{
	const uint64_t mask = DEFER_BLOCK_SIZE - 1;
	uint64_t top = base + size, at = (base + mask) & ~mask, end;
	unsigned n = 0;

	if (top < base || top > DEFER_IPA_LIMIT)
		top = DEFER_IPA_LIMIT; /* the bitmap's reach */
	end = top & ~mask;
	for (; at < end; at += DEFER_BLOCK_SIZE)
		if (!overlaps_hole(at, holes, nr_holes)) {
			defer_set(m, at);
			n++;
		}
	return n;
}

bool defer_next_eager(const struct defer_map *m, uint64_t *pos, uint64_t end,
		      const struct mem_range *holes, unsigned nr_holes,
		      uint64_t *run_end)
{
	const uint64_t mask = DEFER_BLOCK_SIZE - 1;
	uint64_t at = *pos, gap_end;

	while (mem_next_gap(&at, end, holes, nr_holes, &gap_end)) {
		uint64_t stop;

		/* Step over deferred blocks at the start of the gap. */
		while (at < gap_end && defer_test(m, at))
			at = (at & ~mask) + DEFER_BLOCK_SIZE;
		if (at >= gap_end)
			continue;
		/* The run ends at the next deferred block or the gap's end. */
		stop = (at & ~mask) + DEFER_BLOCK_SIZE;
		while (stop < gap_end && !defer_test(m, stop))
			stop += DEFER_BLOCK_SIZE;
		*pos = at;
		*run_end = stop < gap_end ? stop : gap_end;
		return true;
	}
	return false;
}
