/*
 * Stage-2 tables, built with the shared LPAE builder: block mappings where
 * alignment allows, so a 2 MB-aligned guest RAM costs few table pages and
 * few TLB entries. VTCR: 32-bit IPA (T0SZ = 0), walk from level 1.
 */
#include <arch/cpu.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <string.h>

#define S2_ATTR_RAM                                                            \
	(LPAE_S2_MEMATTR_NORMAL_WB | LPAE_S2AP_R | LPAE_S2AP_W |               \
	 LPAE_SH_INNER | LPAE_AF)
#define S2_ATTR_DEVICE                                                         \
	(LPAE_S2_MEMATTR_DEVICE | LPAE_S2AP_R | LPAE_S2AP_W | LPAE_AF |        \
	 LPAE_XN)

static lpae_t *pool_alloc(void *ctx, uint64_t *pa)
{
	struct s2_pool *p = ctx;
	lpae_t *t;

	if (p->used == p->pages)
		return NULL;
	*pa = p->base + (uint64_t)p->used++ * LPAE_PAGE_SIZE;
	t = (lpae_t *)(uintptr_t)*pa; /* the Hyp MMU maps the pool 1:1 */
	memset(t, 0, LPAE_PAGE_SIZE);
	return t;
}

static lpae_t *pool_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (lpae_t *)(uintptr_t)pa;
}

int stage2_init(struct lpae_table *s2, struct s2_pool *pool, uint64_t base,
		unsigned pages)
{
	pool->base = base;
	pool->pages = pages;
	pool->used = 0;
	pool->alloc.alloc_table = pool_alloc;
	pool->alloc.table_va = pool_va;
	pool->alloc.ctx = pool;
	return lpae_init(s2, 4, &pool->alloc);
}

int stage2_map(struct lpae_table *s2, uint64_t ipa, uint64_t pa,
	       uint64_t size, enum s2_kind kind)
{
	return lpae_map(s2, ipa, pa, size,
			kind == S2_RAM ? S2_ATTR_RAM : S2_ATTR_DEVICE, true);
}

uint64_t stage2_vttbr(const struct lpae_table *s2, uint8_t vmid)
{
	return ((uint64_t)vmid << VTTBR_VMID_SHIFT) | s2->root_pa;
}

void stage2_cpu_init(void)
{
	write_vtcr(VTCR_RES1 | VTCR_T0SZ(0) | VTCR_SL0_L1 | VTCR_IRGN0_WBWA |
		   VTCR_ORGN0_WBWA | VTCR_SH0_INNER);
	isb();
}

void stage2_tlb_flush_all(void)
{
	dsb_ish();
	__asm__ volatile("mcr p15, 4, %0, c8, c3, 4" /* TLBIALLNSNHIS */
			 ::"r"(0)
			 : "memory");
	dsb_ish();
	isb();
}
