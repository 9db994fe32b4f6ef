/*
 * rt's stage-1 translation: one table of 1 MB sections, identity, short
 * descriptors, TTBCR = 0, every domain client.
 *
 * Built in two steps in the same table. With the MMU off, only the image
 * (everything up to _end) and the device tree are mapped, Normal write-back,
 * and the MMU and caches come on: the tree is parsed from cacheable memory
 * (libfdt may make unaligned accesses, which Device memory would refuse).
 * Once the tree has been read, every other section is filled in: the tree's
 * memory Normal write-back, everything else Device and execute-never.
 * Entries only go from invalid to valid, so no break-before-make is needed.
 *
 * Data written with the MMU off went straight to memory; before the MMU
 * comes on, the image's range is cleaned and invalidated by MVA so that no
 * stale line can hide it (the boot protocol leaves no dirty lines for the
 * partition's memory at entry).
 */
#include "rt.h"

#define SECTION_SHIFT 20
#define SECTION_SIZE (1u << SECTION_SHIFT)
/* Normal, inner/outer write-back write-allocate (TEX=001 C=1 B=1),
 * shareable, AP=11, executable. */
#define SECT_NORMAL 0x00011c0eu
/* Shareable Device (TEX=000 C=0 B=1), AP=11, execute-never. */
#define SECT_DEVICE 0x00000c16u
#define SECT_XN (1u << 4)

static uint32_t l1[4096] __attribute__((aligned(16384)));

static uint32_t dcache_line(void)
{
	uint32_t ctr = RT_CP15_RD(0, c0, c0, 1);

	return 4u << ((ctr >> 16) & 0xf); /* DminLine, in words */
}

static void dcache_range(uintptr_t start, uintptr_t end, bool invalidate)
{
	uint32_t line = dcache_line();

	rt_dsb();
	for (uintptr_t a = start & ~(uintptr_t)(line - 1); a < end; a += line) {
		if (invalidate)
			RT_CP15_WR(0, c7, c14, 1, a); /* DCCIMVAC */
		else
			RT_CP15_WR(0, c7, c10, 1, a); /* DCCMVAC */
	}
	rt_dsb();
}

void rt_mmu_boot(uint32_t dtb, uint32_t size)
{
	uint32_t first = (uint32_t)_start >> SECTION_SHIFT;
	uint32_t last = ((uint32_t)_end - 1) >> SECTION_SHIFT;
	uint64_t end = (uint64_t)dtb + size;

	/* l1 is in the BSS, already zero: every entry faults. */
	for (uint32_t s = first; s <= last; s++)
		l1[s] = (s << SECTION_SHIFT) | SECT_NORMAL;
	for (uint64_t a = dtb & ~(SECTION_SIZE - 1); a < end; a += SECTION_SIZE) {
		uint32_t s = (uint32_t)(a >> SECTION_SHIFT);

		if (!l1[s])
			l1[s] = (s << SECTION_SHIFT) | SECT_NORMAL | SECT_XN;
	}
	dcache_range((uintptr_t)_start, (uintptr_t)_end, true);
	rt_mmu_enable((uint32_t)l1 | RT_TTBR_FLAGS);
}

static bool section_has_memory(const struct rt_platform *p, uint32_t s)
{
	uint64_t b = (uint64_t)s << SECTION_SHIFT, e = b + SECTION_SIZE;

	for (unsigned i = 0; i < p->nr_mem; i++)
		if (b < p->mem_base[i] + p->mem_size[i] && p->mem_base[i] < e)
			return true;
	return false;
}

void rt_mmu_final(const struct rt_platform *p)
{
	for (uint32_t s = 0; s < 4096; s++)
		if (!l1[s])
			l1[s] = (s << SECTION_SHIFT) |
				(section_has_memory(p, s) ? SECT_NORMAL
							  : SECT_DEVICE);
	dcache_range((uintptr_t)l1, (uintptr_t)(l1 + 4096), false);
	RT_CP15_WR(0, c8, c7, 0, 0); /* TLBIALL */
	RT_CP15_WR(0, c7, c5, 6, 0); /* BPIALL */
	rt_dsb();
	rt_isb();
}
