/* First-fit allocator over the host's free RAM ranges; nothing is freed. */
#include <core/page_alloc.h>

struct range {
	uint64_t base, end; /* [base, end) */
};

static struct range ranges[PALLOC_MAX_RANGES];
static unsigned nr_ranges;

void palloc_init(const struct platform *p)
{
	nr_ranges = 0;
	for (unsigned i = 0; i < p->nr_mem && i < PALLOC_MAX_RANGES; i++) {
		ranges[nr_ranges].base = p->mem[i].base;
		ranges[nr_ranges].end = p->mem[i].base + p->mem[i].size;
		nr_ranges++;
	}
}

static void remove_at(unsigned i)
{
	for (; i + 1 < nr_ranges; i++)
		ranges[i] = ranges[i + 1];
	nr_ranges--;
}

bool palloc_reserve(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	for (unsigned i = 0; i < nr_ranges; i++) {
		struct range *r = &ranges[i];

		if (end <= r->base || base >= r->end)
			continue;
		if (base > r->base && end < r->end) {
			/* Split in two. */
			if (nr_ranges == PALLOC_MAX_RANGES)
				return false;
			for (unsigned j = nr_ranges; j > i + 1; j--)
				ranges[j] = ranges[j - 1];
			nr_ranges++;
			ranges[i + 1].base = end;
			ranges[i + 1].end = r->end;
			r->end = base;
			i++;
		} else if (base <= r->base && end >= r->end) {
			remove_at(i--);
		} else if (base <= r->base) {
			r->base = end;
		} else {
			r->end = base;
		}
	}
	return true;
}

uint64_t palloc_alloc(uint64_t size, uint64_t align)
{
	for (unsigned i = 0; i < nr_ranges; i++) {
		uint64_t base = (ranges[i].base + align - 1) & ~(align - 1);

		if (base + size <= ranges[i].end && base >= ranges[i].base)
			return palloc_reserve(base, size) ? base : 0;
	}
	return 0;
}

uint64_t palloc_free_bytes(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < nr_ranges; i++)
		total += ranges[i].end - ranges[i].base;
	return total;
}
