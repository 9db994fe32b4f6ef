/*
 * LPAE table builder (ARM ARM B3.6). Pure logic over memory the allocator
 * hands out, so it is unit-tested on the host.
 */
#include <arch/lpae.h>

static const unsigned level_shift[4] = {0, LPAE_L1_SHIFT, LPAE_L2_SHIFT,
					LPAE_L3_SHIFT};

static unsigned index_at(uint64_t va, unsigned level)
{
	return (unsigned)(va >> level_shift[level]) & (LPAE_ENTRIES - 1);
}

int lpae_init(struct lpae_table *t, unsigned root_entries,
	      const struct lpae_allocator *alloc)
{
	if (root_entries == 0 || root_entries > LPAE_ENTRIES)
		return LPAE_ERANGE;
	t->alloc = alloc;
	t->root_entries = root_entries;
	t->root = alloc->alloc_table(alloc->ctx, &t->root_pa);
	return t->root ? LPAE_OK : LPAE_ENOMEM;
}

/* The next-level table under *entry, allocating it when the entry is empty. */
static lpae_t *next_table(const struct lpae_table *t, lpae_t *entry)
{
	if (!(*entry & LPAE_VALID)) {
		uint64_t pa;
		lpae_t *tbl = t->alloc->alloc_table(t->alloc->ctx, &pa);

		if (!tbl)
			return NULL;
		*entry = (pa & LPAE_ADDR_MASK) | LPAE_TABLE | LPAE_VALID;
		return tbl;
	}
	if (!(*entry & LPAE_TABLE))
		return NULL; /* a block is already there */
	return t->alloc->table_va(t->alloc->ctx, *entry & LPAE_ADDR_MASK);
}

static uint64_t input_limit(const struct lpae_table *t)
{
	return (uint64_t)t->root_entries << LPAE_L1_SHIFT;
}

int lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa, uint64_t size,
	     lpae_t attrs, bool allow_blocks)
{
	const uint64_t page_mask = LPAE_PAGE_SIZE - 1;

	if ((va | pa | size) & page_mask)
		return LPAE_EALIGN;
	if (!size)
		return LPAE_ERANGE;
	if (va + size > input_limit(t) || va + size < va)
		return LPAE_ERANGE;
	if ((pa + size - 1) & ~(LPAE_ADDR_MASK | page_mask))
		return LPAE_ERANGE;
	attrs &= LPAE_ATTR_MASK;

	while (size) {
		lpae_t *tbl = t->root;
		unsigned level;

		for (level = 1; level <= 3; level++) {
			uint64_t bsize = 1ull << level_shift[level];
			lpae_t *e = &tbl[index_at(va, level)];
			bool leaf = level == 3 ||
				    (allow_blocks && !((va | pa) & (bsize - 1)) &&
				     size >= bsize);

			if (leaf) {
				if (*e & LPAE_VALID)
					return LPAE_EEXIST;
				*e = (pa & LPAE_ADDR_MASK) | attrs | LPAE_VALID |
				     (level == 3 ? LPAE_PAGE : 0);
				va += bsize;
				pa += bsize;
				size -= bsize;
				break;
			}
			if ((*e & LPAE_VALID) && !(*e & LPAE_TABLE))
				return LPAE_EEXIST;
			tbl = next_table(t, e);
			if (!tbl)
				return LPAE_ENOMEM;
		}
	}
	return LPAE_OK;
}

int lpae_lookup(const struct lpae_table *t, uint64_t va, lpae_t *desc)
{
	const lpae_t *tbl = t->root;
	unsigned level;

	if (va >= input_limit(t))
		return 0;
	for (level = 1; level <= 3; level++) {
		lpae_t e = tbl[index_at(va, level)];

		if (!(e & LPAE_VALID))
			return 0;
		if (level == 3 || !(e & LPAE_TABLE)) {
			if (level == 3 && !(e & LPAE_PAGE))
				return 0; /* reserved encoding at level 3 */
			*desc = e;
			return (int)level;
		}
		tbl = t->alloc->table_va(t->alloc->ctx, e & LPAE_ADDR_MASK);
	}
	return 0;
}

lpae_t *lpae_slot(const struct lpae_table *t, uint64_t va, unsigned level)
{
	lpae_t *tbl = t->root;

	if (va >= input_limit(t) || level < 1 || level > 3)
		return NULL;
	for (unsigned l = 1; l < level; l++) {
		lpae_t e = tbl[index_at(va, l)];

		if ((e & (LPAE_VALID | LPAE_TABLE)) != (LPAE_VALID | LPAE_TABLE))
			return NULL;
		tbl = t->alloc->table_va(t->alloc->ctx, e & LPAE_ADDR_MASK);
	}
	return &tbl[index_at(va, level)];
}

bool lpae_translate(const struct lpae_table *t, uint64_t va, uint64_t *pa)
{
	lpae_t d;
	int level = lpae_lookup(t, va, &d);
	uint64_t off_mask;

	if (!level)
		return false;
	off_mask = (1ull << level_shift[level]) - 1;
	*pa = ((d & LPAE_ADDR_MASK) & ~off_mask) | (va & off_mask);
	return true;
}

const char *lpae_strerror(int err)
{
	switch (err) {
	case LPAE_OK:
		return "ok";
	case LPAE_EALIGN:
		return "address or size not 4 KB aligned";
	case LPAE_ERANGE:
		return "address beyond the translation range";
	case LPAE_ENOMEM:
		return "out of translation-table pages";
	case LPAE_EEXIST:
		return "range already mapped";
	default:
		return "unknown error";
	}
}
