/*
 * The kit's addition to the runtime's stage-1 tables (guests/lib mmu.h):
 * one extra 1 MB section at an unused address, aliasing the RAM that holds
 * tk_alias_buf, for the checks that need two virtual addresses of one
 * physical page.
 */
#include "testkit.h"

uint32_t tk_alias_va;
volatile uint32_t tk_alias_buf[16] __attribute__((aligned(64)));

static bool overlaps(uint64_t b1, uint64_t e1, uint64_t b2, uint64_t e2)
{
	return b1 < e2 && b2 < e1;
}

/* A section the checks access by identity (so it cannot be the alias). */
static bool section_in_use(uint32_t s)
{
	uint64_t b = (uint64_t)s << SECTION_SHIFT, e = b + SECTION_SIZE;

	for (unsigned i = 0; i < guest_plat.nr_mem; i++)
		if (overlaps(b, e, guest_plat.mem[i].base,
			     guest_plat.mem[i].base + guest_plat.mem[i].size))
			return true;
	if (tk_plat.has_testdev &&
	    overlaps(b, e, tk_plat.testdev,
		     (uint64_t)tk_plat.testdev + tk_plat.testdev_size))
		return true;
	for (unsigned i = 0; i < tk_plat.nr_probes; i++)
		if (tk_plat.probes[i] >= b && tk_plat.probes[i] < e)
			return true;
	/* The addresses data_abort_outside_memory touches */
	if (guest_plat.mem_hi >= b && guest_plat.mem_hi < e)
		return true;
	if (guest_plat.mem_lo >= 4 && guest_plat.mem_lo - 4 >= b &&
	    guest_plat.mem_lo - 4 < e)
		return true;
	return false;
}

uint32_t tk_alias_of(const volatile void *p)
{
	return tk_alias_va + ((uint32_t)p & (SECTION_SIZE - 1));
}

void tk_mmu_alias_setup(void)
{
	uint32_t first = (uint32_t)_start >> SECTION_SHIFT;
	uint32_t last = ((uint32_t)_end - 1) >> SECTION_SHIFT;

	tk_alias_va = 0;
	for (uint32_t s = 0xe00; s >= 0x010; s--) {
		if (!section_in_use(s) && (s < first || s > last)) {
			tk_alias_va = s << SECTION_SHIFT;
			guest_mmu_set_section(tk_alias_va,
					      (uint32_t)tk_alias_buf,
					      SECT_NORMAL | SECT_XN);
			guest_mmu_sync();
			break;
		}
	}
}
