/*
 * The kit's own stage-1 translation: short descriptors, 1 MB sections,
 * TTBCR = 0, every domain client.
 *
 * Two tables. The boot table, built with the MMU off, maps only the image
 * (everything up to _end) and the device tree, as Normal memory, so the tree
 * is parsed with the MMU and caches on (no alignment traps on Device-type
 * memory, one memory type for every later access). The final table maps the
 * whole 4 GB identity: sections with the tree's memory Normal write-back,
 * everything else Device and execute-never, plus one extra section at an
 * unused address aliasing the RAM that holds tk_alias_buf.
 *
 * Data written with the MMU off went straight to memory; before the MMU comes
 * on, the image's range is cleaned and invalidated by MVA so that no stale
 * line can hide it. (This relies on the boot protocol: no dirty lines for the
 * partition's memory at entry.)
 */
#include "testkit.h"

#include <string.h>

#define SECTION_SHIFT 20
#define SECTION_SIZE (1u << SECTION_SHIFT)
/* Normal, inner/outer write-back write-allocate (TEX=001 C=1 B=1),
 * shareable, AP=11 (PL1 and PL0 read/write), executable. */
#define SECT_NORMAL 0x00011c0eu
/* Shareable Device (TEX=000 C=0 B=1), AP=11, execute-never. */
#define SECT_DEVICE 0x00000c16u
#define SECT_XN (1u << 4)

uint32_t tk_l1_boot[4096] __attribute__((aligned(16384)));
uint32_t tk_l1[4096] __attribute__((aligned(16384)));
uint32_t tk_alias_va;
volatile uint32_t tk_alias_buf[16] __attribute__((aligned(64)));

static uint32_t dcache_line(void)
{
	uint32_t ctr = TK_CP15_RD(0, c0, c0, 1);

	return 4u << ((ctr >> 16) & 0xf); /* DminLine, in words */
}

void tk_dcache_clean_range(uintptr_t start, uintptr_t end)
{
	uint32_t line = dcache_line();

	tk_dsb();
	for (uintptr_t a = start & ~(uintptr_t)(line - 1); a < end; a += line)
		TK_CP15_WR(0, c7, c10, 1, a); /* DCCMVAC */
	tk_dsb();
}

void tk_dcache_clean_inv_range(uintptr_t start, uintptr_t end)
{
	uint32_t line = dcache_line();

	tk_dsb();
	for (uintptr_t a = start & ~(uintptr_t)(line - 1); a < end; a += line)
		TK_CP15_WR(0, c7, c14, 1, a); /* DCCIMVAC */
	tk_dsb();
}

void tk_mmu_boot(uint32_t dtb)
{
	uint32_t first = (uint32_t)_start >> SECTION_SHIFT;
	uint32_t last = ((uint32_t)_end - 1) >> SECTION_SHIFT;

	for (unsigned i = 0; i < 4096; i++)
		tk_l1_boot[i] = 0;
	for (uint32_t s = first; s <= last; s++)
		tk_l1_boot[s] = (s << SECTION_SHIFT) | SECT_NORMAL;
	/* The tree's header; the rest once its size is known. */
	if (dtb) {
		for (uint32_t s = dtb >> SECTION_SHIFT;
		     s <= (dtb + 0x40) >> SECTION_SHIFT && s < 4096; s++)
			if (!tk_l1_boot[s])
				tk_l1_boot[s] = (s << SECTION_SHIFT) |
						SECT_NORMAL | SECT_XN;
	}
	tk_dcache_clean_inv_range((uintptr_t)_start, (uintptr_t)_end);
	tk_mmu_enable((uint32_t)tk_l1_boot | TK_TTBR_FLAGS);
}

int tk_mmu_boot_map_dtb(uint32_t dtb, uint32_t size)
{
	uint64_t end = (uint64_t)dtb + size;

	if (size > 16u * SECTION_SIZE || end > (1ull << 32))
		return -1;
	for (uint64_t a = dtb & ~(SECTION_SIZE - 1); a < end; a += SECTION_SIZE) {
		uint32_t s = (uint32_t)(a >> SECTION_SHIFT);

		if (!tk_l1_boot[s])
			tk_l1_boot[s] = (s << SECTION_SHIFT) | SECT_NORMAL |
					SECT_XN;
	}
	/* New entries replace faulting ones: no TLB entry can hold them, but
	 * be generous. */
	tk_dcache_clean_range((uintptr_t)tk_l1_boot,
			      (uintptr_t)(tk_l1_boot + 4096));
	TK_CP15_WR(0, c8, c7, 0, 0); /* TLBIALL */
	tk_dsb();
	tk_isb();
	return 0;
}

static bool overlaps(uint64_t b1, uint64_t e1, uint64_t b2, uint64_t e2)
{
	return b1 < e2 && b2 < e1;
}

static bool section_has_memory(uint32_t s)
{
	uint64_t b = (uint64_t)s << SECTION_SHIFT, e = b + SECTION_SIZE;

	for (unsigned i = 0; i < tk_plat.nr_mem; i++)
		if (overlaps(b, e, tk_plat.mem[i].base,
			     tk_plat.mem[i].base + tk_plat.mem[i].size))
			return true;
	return false;
}

/* A section the checks access by identity (so it cannot be the alias). */
static bool section_in_use(uint32_t s)
{
	uint64_t b = (uint64_t)s << SECTION_SHIFT, e = b + SECTION_SIZE;

	if (section_has_memory(s))
		return true;
	if (tk_plat.has_testdev &&
	    overlaps(b, e, tk_plat.testdev,
		     (uint64_t)tk_plat.testdev + tk_plat.testdev_size))
		return true;
	for (unsigned i = 0; i < tk_plat.nr_probes; i++)
		if (tk_plat.probes[i] >= b && tk_plat.probes[i] < e)
			return true;
	/* The addresses data_abort_outside_memory touches */
	if (tk_plat.mem_hi >= b && tk_plat.mem_hi < e)
		return true;
	if (tk_plat.mem_lo >= 4 && tk_plat.mem_lo - 4 >= b &&
	    tk_plat.mem_lo - 4 < e)
		return true;
	return false;
}

uint32_t tk_alias_of(const volatile void *p)
{
	return tk_alias_va + ((uint32_t)p & (SECTION_SIZE - 1));
}

void tk_mmu_final(void)
{
	uint32_t first = (uint32_t)_start >> SECTION_SHIFT;
	uint32_t last = ((uint32_t)_end - 1) >> SECTION_SHIFT;

	for (uint32_t s = 0; s < 4096; s++)
		tk_l1[s] = (s << SECTION_SHIFT) |
			   (section_has_memory(s) ? SECT_NORMAL : SECT_DEVICE);
	/* Our own image stays Normal even if the tree forgot it (the header
	 * line says so). */
	for (uint32_t s = first; s <= last; s++)
		tk_l1[s] = (s << SECTION_SHIFT) | SECT_NORMAL;

	tk_alias_va = 0;
	for (uint32_t s = 0xe00; s >= 0x010; s--) {
		if (!section_in_use(s) && (s < first || s > last)) {
			tk_alias_va = s << SECTION_SHIFT;
			tk_l1[s] = ((uint32_t)tk_alias_buf &
				    ~(SECTION_SIZE - 1)) |
				   SECT_NORMAL | SECT_XN;
			break;
		}
	}

	tk_dcache_clean_range((uintptr_t)tk_l1, (uintptr_t)(tk_l1 + 4096));
	tk_mmu_switch((uint32_t)tk_l1 | TK_TTBR_FLAGS);
}
