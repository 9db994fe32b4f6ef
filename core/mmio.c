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

int mmio_dispatch(struct mmio_bus *bus, struct mmio_access *a)
{
	/*
	 * The hint always names an entry of r[]: one not registered (yet) is
	 * all zero, size 0, so it can only miss.
	 */
	uint8_t *last = &bus->last[a->vcpu % MAX_CPUS];
	const struct mmio_region *r = &bus->r[*last];
	uint64_t offset;

	if (a->addr - r->base >= r->size) {
		r = mmio_find(bus, a->addr);
		if (!r)
			return MMIO_NO_DEVICE;
		*last = (uint8_t)(r - bus->r);
	}
	offset = a->addr - r->base;
	a->region = *last;
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

static uint32_t size_mask(unsigned size)
{
	return size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

uint32_t mmio_read_result(const struct mmio_access *a)
{
	uint32_t mask = size_mask(a->size);
	uint32_t v = a->data & mask;
	uint32_t sign = (mask >> 1) + 1; /* the access's top bit */

	/*
	 * LDRSB/LDRSH (HSR.SSE, ARM ARM B3.13.6): replicate the top bit. For
	 * a word ~mask is 0, so there is nothing to extend.
	 */
	if (a->sign_extend && (v & sign))
		v |= ~mask;
	return v;
}
