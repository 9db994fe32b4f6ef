/*
 * MMIO dispatch: a partition's table of emulated device ranges. Small and
 * fixed (MAX_MMIO_REGIONS), so lookups are a linear scan.
 */
#include <core/mmio.h>
#include <stddef.h>

/* Last address of [base, base + size); size is never 0 here. */
static uint64_t region_last(uint64_t base, uint64_t size)
{
	return base + (size - 1);
}

static bool overlaps(const struct mmio_region *r, uint64_t base,
		     uint64_t last)
{
	return base <= region_last(r->base, r->size) && r->base <= last;
}

int mmio_register(struct mmio_bus *bus, uint64_t base, uint64_t size,
		  mmio_fn fn, void *dev, const char *name)
{
	uint64_t last;
	struct mmio_region *r;

	/* A region may end at the top of the address space, not past it. */
	if (size == 0 || region_last(base, size) < base)
		return MMIO_REG_EMPTY;
	last = region_last(base, size);

	for (unsigned i = 0; i < bus->nr; i++)
		if (overlaps(&bus->r[i], base, last))
			return MMIO_REG_OVERLAP;
	if (bus->nr >= MAX_MMIO_REGIONS)
		return MMIO_REG_FULL;

	r = &bus->r[bus->nr++];
	r->base = base;
	r->size = size;
	r->access = fn;
	r->dev = dev;
	r->name = name;
	return MMIO_REG_OK;
}

const struct mmio_region *mmio_find(const struct mmio_bus *bus, uint64_t addr)
{
	for (unsigned i = 0; i < bus->nr; i++) {
		const struct mmio_region *r = &bus->r[i];

		/* One unsigned difference covers both ends: below the base it
		   wraps to at least 2^64 - base >= size. */
		if (addr - r->base < r->size)
			return r;
	}
	return NULL;
}

/* The access a within region idx, r, at offset. */
static inline int region_access(const struct mmio_region *r, unsigned idx,
				struct mmio_access *a, uint64_t offset)
{
	a->region = idx;
	a->offset = (uint32_t)offset;
	/*
	 * An access running past the end of the region (an unaligned access
	 * through a Normal-memory mapping) would reach beyond what the device
	 * owns: refuse it here so devices need not check.
	 */
	if (a->size == 0 || a->size > r->size - offset)
		return MMIO_DEVICE_ERROR;
	return r->access(r->dev, a);
}

/* The hint missed: search, and remember what was found. Out of line, so
   that the hit path saves no registers for the search. */
static __attribute__((noinline)) int dispatch_search(struct mmio_bus *bus,
						     struct mmio_access *a)
{
	const struct mmio_region *r = mmio_find(bus, a->addr);
	unsigned idx;

	if (!r)
		return MMIO_NO_DEVICE;
	idx = (unsigned)(r - bus->r);
	bus->last[a->vcpu % MAX_CPUS] = (uint8_t)idx;
	return region_access(r, idx, a, a->addr - r->base);
}

int mmio_dispatch(struct mmio_bus *bus, struct mmio_access *a)
{
	/*
	 * The hint always names an entry of r[]: one not registered (yet) is
	 * all zero, size 0, so it can only miss.
	 */
	unsigned idx = bus->last[a->vcpu % MAX_CPUS];
	const struct mmio_region *r = &bus->r[idx];
	uint64_t offset = a->addr - r->base;

	if (offset >= r->size)
		return dispatch_search(bus, a);
	return region_access(r, idx, a, offset);
}
