/*
 * The guest's stage-1 tables (mmu.h says which and why two).
 *
 * Data written with the MMU off went straight to memory; before the MMU
 * comes on, the image's range is cleaned and invalidated by MVA so that no
 * stale line can hide it (the boot protocol leaves no dirty lines for the
 * partition's memory at entry). Entries only go from faulting to valid, or
 * are changed in the final table before anything uses them, so no
 * break-before-make sequence is needed (B3.10.1).
 */
#include <guest/guest.h>

uint32_t guest_l1_boot[4096] __attribute__((aligned(16384)));
uint32_t guest_l1[4096] __attribute__((aligned(16384)));

static uint32_t dcache_line(void)
{
	uint32_t ctr = CP15_RD(0, c0, c0, 1);

	return 4u << ((ctr >> 16) & 0xf); /* CTR.DminLine, in words */
}

enum dcache_op { DC_CLEAN, DC_CLEAN_INV };

static void dcache_range(uintptr_t start, uintptr_t end, enum dcache_op op)
{
	uint32_t line = dcache_line();

	guest_dsb();
	for (uintptr_t a = start & ~(uintptr_t)(line - 1); a < end; a += line) {
		if (op == DC_CLEAN)
			CP15_WR(0, c7, c10, 1, a); /* DCCMVAC */
		else
			CP15_WR(0, c7, c14, 1, a); /* DCCIMVAC */
	}
	guest_dsb();
}

void guest_dcache_clean_range(uintptr_t start, uintptr_t end)
{
	dcache_range(start, end, DC_CLEAN);
}

void guest_dcache_clean_inv_range(uintptr_t start, uintptr_t end)
{
	dcache_range(start, end, DC_CLEAN_INV);
}

/* After table changes: the TLB and the branch predictor forget the old
 * entries (B3.10.2, B2.2.7). */
static void tlb_flush(void)
{
	CP15_WR(0, c8, c7, 0, 0); /* TLBIALL */
	CP15_WR(0, c7, c5, 6, 0); /* BPIALL */
	guest_dsb();
	guest_isb();
}

static void map_boot(uint64_t start, uint64_t end, uint32_t attrs)
{
	for (uint64_t a = start & ~(uint64_t)(SECTION_SIZE - 1); a < end;
	     a += SECTION_SIZE) {
		uint32_t s = (uint32_t)(a >> SECTION_SHIFT);

		if (!guest_l1_boot[s])
			guest_l1_boot[s] = (s << SECTION_SHIFT) | attrs;
	}
}

void guest_mmu_boot(uint32_t dtb)
{
	/* The table is in the BSS, already zero: every entry faults. */
	map_boot((uint32_t)_start, (uint32_t)_end, SECT_NORMAL);
	if (dtb) /* the header; the rest once its size is known */
		map_boot(dtb, (uint64_t)dtb + 0x40, SECT_NORMAL | SECT_XN);
	guest_dcache_clean_inv_range((uintptr_t)_start, (uintptr_t)_end);
	guest_mmu_enable((uint32_t)guest_l1_boot | TTBR_WALK_FLAGS);
}

int guest_mmu_boot_map_dtb(uint32_t dtb, uint32_t size)
{
	uint64_t end = (uint64_t)dtb + size;

	if (size > 16u * SECTION_SIZE || end > (1ull << 32))
		return -1;
	map_boot(dtb, end, SECT_NORMAL | SECT_XN);
	/* New entries replace faulting ones: no TLB entry can hold them, but
	 * be generous. */
	guest_dcache_clean_range((uintptr_t)guest_l1_boot,
				 (uintptr_t)(guest_l1_boot + 4096));
	tlb_flush();
	return 0;
}

static bool section_has_memory(const struct guest_platform *p, uint32_t s)
{
	uint64_t b = (uint64_t)s << SECTION_SHIFT, e = b + SECTION_SIZE;

	for (unsigned i = 0; i < p->nr_mem; i++)
		if (b < p->mem[i].base + p->mem[i].size && p->mem[i].base < e)
			return true;
	return false;
}

void guest_mmu_final(const struct guest_platform *p)
{
	uint32_t first = (uint32_t)_start >> SECTION_SHIFT;
	uint32_t last = ((uint32_t)_end - 1) >> SECTION_SHIFT;

	for (uint32_t s = 0; s < 4096; s++)
		guest_l1[s] = (s << SECTION_SHIFT) |
			      (section_has_memory(p, s) ? SECT_NORMAL
							: SECT_DEVICE);
	/* The image stays Normal even if the tree forgot it. */
	for (uint32_t s = first; s <= last; s++)
		guest_l1[s] = (s << SECTION_SHIFT) | SECT_NORMAL;
	guest_dcache_clean_range((uintptr_t)guest_l1,
				 (uintptr_t)(guest_l1 + 4096));
	guest_mmu_switch((uint32_t)guest_l1 | TTBR_WALK_FLAGS);
}

void guest_mmu_set_section(uint32_t va, uint32_t pa, uint32_t attrs)
{
	uint32_t *e = &guest_l1[va >> SECTION_SHIFT];

	/* Break before make (B3.10.1): a valid entry becomes invalid and
	 * leaves the TLB before the new one is written. */
	if (*e) {
		*e = 0;
		guest_mmu_sync();
	}
	*e = (pa & ~(SECTION_SIZE - 1)) | attrs;
}

void guest_mmu_sync(void)
{
	guest_dcache_clean_range((uintptr_t)guest_l1,
				 (uintptr_t)(guest_l1 + 4096));
	tlb_flush();
}

void guest_mmu_switch(uint32_t ttbr0)
{
	guest_dsb(); /* the new table's stores are complete */
	CP15_WR(0, c2, c0, 0, ttbr0); /* TTBR0 */
	guest_isb();
	tlb_flush();
}
