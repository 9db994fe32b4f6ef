/*
 * Stage-2 tables, built with the shared LPAE builder: block mappings where
 * alignment allows, so a 2 MB-aligned guest RAM costs few table pages and
 * few TLB entries. Pure table logic, unit-tested on the host; the register
 * side (VTCR, TLB) is in stage2_hw.c.
 */
#include <arch/stage2.h>
#include <string.h>

#define S2_ATTR_RAM                                                            \
	(LPAE_S2_MEMATTR_NORMAL_WB | LPAE_S2AP_R | LPAE_S2AP_W |               \
	 LPAE_SH_INNER | LPAE_AF)
#define S2_ATTR_DEVICE                                                         \
	(LPAE_S2_MEMATTR_DEVICE | LPAE_S2AP_R | LPAE_S2AP_W | LPAE_AF |        \
	 LPAE_XN)
#define S2_ATTR_RAM_NX (S2_ATTR_RAM | LPAE_XN)
/* S2AP = 0b01: a write is a stage-2 permission fault (B3.7.1). */
#define S2_ATTR_RAM_RO                                                         \
	(LPAE_S2_MEMATTR_NORMAL_WB | LPAE_S2AP_R | LPAE_SH_INNER | LPAE_AF |   \
	 LPAE_XN)

static uint64_t s2_attr(enum s2_kind kind)
{
	switch (kind) {
	case S2_RAM:
		return S2_ATTR_RAM;
	case S2_RAM_NX:
		return S2_ATTR_RAM_NX;
	case S2_RAM_RO:
		return S2_ATTR_RAM_RO;
	default:
		return S2_ATTR_DEVICE;
	}
}

/* The Hyp MMU maps the pool 1:1. */
static lpae_t *pool_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (lpae_t *)(uintptr_t)pa;
}

static lpae_t *pool_alloc(void *ctx, uint64_t *pa)
{
	struct s2_pool *p = ctx;
	lpae_t *t;

	if (p->used == p->pages)
		return NULL;
	*pa = p->base + (uint64_t)p->used++ * LPAE_PAGE_SIZE;
	t = p->alloc.table_va(p, *pa);
	memset(t, 0, LPAE_PAGE_SIZE);
	return t;
}

int stage2_init(struct lpae_table *s2, struct s2_pool *pool, uint64_t base,
		unsigned pages)
{
	pool->base = base;
	pool->pages = pages;
	pool->used = 0;
	pool->alloc.alloc_table = pool_alloc;
	if (!pool->alloc.table_va)
		pool->alloc.table_va = pool_va;
	pool->alloc.ctx = pool;
	return lpae_init(s2, 4, &pool->alloc);
}

int stage2_map(struct lpae_table *s2, uint64_t ipa, uint64_t pa,
	       uint64_t size, enum s2_kind kind)
{
	return lpae_map(s2, ipa, pa, size, s2_attr(kind), true);
}

/* A valid level-2 block descriptor has bits [1:0] = 0b01 (B3.6.1). */
#define S2_TYPE_MASK (LPAE_VALID | LPAE_TABLE)

int stage2_block_hide(struct lpae_table *s2, uint64_t ipa)
{
	lpae_t *e = lpae_slot(s2, ipa, 2);

	if (!e || !*e || (*e & S2_TYPE_MASK) == S2_TYPE_MASK)
		return -1; /* nothing, or a table of pages */
	*e &= ~(lpae_t)LPAE_VALID;
	return 0;
}

void stage2_block_show(struct lpae_table *s2, uint64_t ipa)
{
	lpae_t *e = lpae_slot(s2, ipa, 2);

	if (e && *e && !(*e & S2_TYPE_MASK))
		*e |= LPAE_VALID;
}

uint64_t stage2_vttbr(const struct lpae_table *s2, uint8_t vmid)
{
	return ((uint64_t)vmid << VTTBR_VMID_SHIFT) | s2->root_pa;
}
