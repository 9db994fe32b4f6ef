/*
 * Host unit tests for the LPAE table builder (arch/arm/lpae.c). Tables come
 * from a static array of pages that pretends to live at a fake physical
 * address, so descriptors carry addresses that differ from the host pointers
 * and every table_va() translation is exercised.
 */
/* links: arch/arm/lpae.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arch/lpae.h>
#include <string.h>

#define FAKE_PA_BASE 0x80000000ull
#define POOL_PAGES 16

static lpae_t pool[POOL_PAGES][LPAE_ENTRIES] __attribute__((aligned(4096)));

struct fake_alloc {
	unsigned used;     /* pages handed out */
	unsigned limit;    /* pages it may hand out */
	unsigned va_calls; /* table_va() calls */
};

static struct fake_alloc fa;

static lpae_t *fake_alloc_table(void *ctx, uint64_t *pa)
{
	struct fake_alloc *a = ctx;

	assert_ptr_equal(a, &fa);
	if (a->used >= a->limit)
		return NULL;
	memset(pool[a->used], 0, sizeof(pool[0]));
	*pa = FAKE_PA_BASE + (uint64_t)a->used * LPAE_PAGE_SIZE;
	return pool[a->used++];
}

static lpae_t *fake_table_va(void *ctx, uint64_t pa)
{
	struct fake_alloc *a = ctx;
	uint64_t idx;

	assert_ptr_equal(a, &fa);
	a->va_calls++;
	/* Only ever asked for tables it handed out, by their exact address. */
	assert_true(pa >= FAKE_PA_BASE);
	assert_int_equal(pa & (LPAE_PAGE_SIZE - 1), 0);
	idx = (pa - FAKE_PA_BASE) / LPAE_PAGE_SIZE;
	assert_true(idx < a->used);
	return pool[idx];
}

static const struct lpae_allocator alloc = {
	.alloc_table = fake_alloc_table,
	.table_va = fake_table_va,
	.ctx = &fa,
};

static struct lpae_table tbl;

/* Typical Hyp stage-1 leaf attributes: Normal memory, inner shareable. */
#define ATTRS (LPAE_ATTRIDX(1) | LPAE_SH_INNER | LPAE_AP_UNPRIV | LPAE_AF)
#define DEV_ATTRS (LPAE_ATTRIDX(0) | LPAE_AP_UNPRIV | LPAE_AF | LPAE_XN | \
		   LPAE_PXN)

#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull

static int setup_4(void **state)
{
	(void)state;
	memset(&fa, 0, sizeof(fa));
	memset(&tbl, 0, sizeof(tbl));
	fa.limit = POOL_PAGES;
	assert_int_equal(lpae_init(&tbl, 4, &alloc), LPAE_OK);
	assert_int_equal(fa.used, 1);
	assert_ptr_equal(tbl.root, pool[0]);
	assert_int_equal(tbl.root_pa, FAKE_PA_BASE);
	assert_int_equal(tbl.root_entries, 4);
	return 0;
}

/* The fake table at fake physical address pa. */
static lpae_t *table_at(uint64_t pa)
{
	uint64_t idx = (pa - FAKE_PA_BASE) / LPAE_PAGE_SIZE;

	assert_true(pa >= FAKE_PA_BASE && idx < fa.used);
	return pool[idx];
}

/* Follows a table descriptor, checking its type bits and address. */
static lpae_t *follow(lpae_t desc)
{
	assert_int_equal(desc & 3, LPAE_TABLE | LPAE_VALID);
	assert_int_equal(desc & ~LPAE_ADDR_MASK, LPAE_TABLE | LPAE_VALID);
	return table_at(desc & LPAE_ADDR_MASK);
}

static void assert_maps(uint64_t va, uint64_t want_pa, int want_level)
{
	lpae_t d = 0;
	uint64_t pa = ~0ull;

	assert_int_equal(lpae_lookup(&tbl, va, &d), want_level);
	assert_true(lpae_translate(&tbl, va, &pa));
	assert_int_equal(pa, want_pa);
}

static void assert_unmapped(uint64_t va)
{
	lpae_t d = 0x1234;
	uint64_t pa = 0x5678;

	assert_int_equal(lpae_lookup(&tbl, va, &d), 0);
	assert_int_equal(d, 0x1234); /* untouched */
	assert_false(lpae_translate(&tbl, va, &pa));
	assert_int_equal(pa, 0x5678);
}

/* ------------------------------------------------------------------ init */

static void test_init_rejects_bad_root_size(void **state)
{
	struct lpae_table t;

	(void)state;
	memset(&fa, 0, sizeof(fa));
	fa.limit = POOL_PAGES;
	assert_int_equal(lpae_init(&t, 0, &alloc), LPAE_ERANGE);
	assert_int_equal(lpae_init(&t, LPAE_ENTRIES + 1, &alloc), LPAE_ERANGE);
	assert_int_equal(fa.used, 0);
	assert_int_equal(lpae_init(&t, LPAE_ENTRIES, &alloc), LPAE_OK);
	assert_int_equal(fa.used, 1);
}

static void test_init_out_of_memory(void **state)
{
	struct lpae_table t;

	(void)state;
	memset(&fa, 0, sizeof(fa));
	fa.limit = 0;
	assert_int_equal(lpae_init(&t, 4, &alloc), LPAE_ENOMEM);
	assert_null(t.root);
}

/* ---------------------------------------------------------------- blocks */

static void test_1g_block(void **state)
{
	lpae_t d = 0;

	(void)state;
	assert_int_equal(lpae_map(&tbl, SZ_1G, 0x80000000, SZ_1G, ATTRS, true),
			 LPAE_OK);
	/* One level-1 block descriptor in root[1]: no table was allocated. */
	assert_int_equal(fa.used, 1);
	assert_int_equal(tbl.root[1], 0x80000000ull | ATTRS | LPAE_VALID);
	assert_int_equal(tbl.root[0], 0);
	assert_int_equal(tbl.root[2], 0);
	assert_int_equal(tbl.root[3], 0);

	assert_int_equal(lpae_lookup(&tbl, SZ_1G, &d), 1);
	assert_int_equal(d, 0x80000000ull | ATTRS | LPAE_VALID);
	assert_int_equal(d & LPAE_TABLE, 0); /* a block, not a table */
	assert_maps(SZ_1G, 0x80000000, 1);
	assert_maps(SZ_1G + 0x12345678, 0x92345678, 1);
	assert_maps(2 * SZ_1G - 1, 0xbfffffff, 1);
	assert_unmapped(SZ_1G - 1);
	assert_unmapped(2 * SZ_1G);
}

static void test_four_1g_blocks_cover_4g(void **state)
{
	(void)state;
	/* The whole 32-bit input range onto the top of a 40-bit PA space. */
	assert_int_equal(lpae_map(&tbl, 0, 0xfc00000000ull, 4 * SZ_1G, ATTRS,
				  true),
			 LPAE_OK);
	assert_int_equal(fa.used, 1);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(tbl.root[i],
				 (0xfc00000000ull + i * SZ_1G) | ATTRS |
					 LPAE_VALID);
	assert_maps(0, 0xfc00000000ull, 1);
	assert_maps(0xffffffffull, 0xfcffffffffull, 1);
}

static void test_2m_blocks(void **state)
{
	lpae_t *l2;

	(void)state;
	assert_int_equal(lpae_map(&tbl, 0x40200000, 0x80400000, 2 * SZ_2M,
				  ATTRS, true),
			 LPAE_OK);
	assert_int_equal(fa.used, 2); /* root + one level-2 table */
	l2 = follow(tbl.root[1]);
	assert_int_equal(tbl.root[1] & LPAE_ADDR_MASK,
			 FAKE_PA_BASE + LPAE_PAGE_SIZE);
	assert_int_equal(l2[0], 0);
	assert_int_equal(l2[1], 0x80400000ull | ATTRS | LPAE_VALID);
	assert_int_equal(l2[2], 0x80600000ull | ATTRS | LPAE_VALID);
	assert_int_equal(l2[3], 0);

	assert_maps(0x40200000, 0x80400000, 2);
	assert_maps(0x40200000 + 0x1abcd, 0x8041abcd, 2);
	assert_maps(0x40400000 + 0x1fffff, 0x807fffff, 2);
	assert_unmapped(0x401fffff);
	assert_unmapped(0x40600000);
}

static void test_1g_aligned_va_but_2m_aligned_pa_uses_2m_blocks(void **state)
{
	lpae_t *l2;

	(void)state;
	assert_int_equal(lpae_map(&tbl, 0, 0x80200000, SZ_1G, ATTRS, true),
			 LPAE_OK);
	assert_int_equal(fa.used, 2);
	l2 = follow(tbl.root[0]);
	for (unsigned i = 0; i < LPAE_ENTRIES; i++)
		assert_int_equal(l2[i], (0x80200000ull + i * SZ_2M) | ATTRS |
						LPAE_VALID);
	assert_maps(0x3fffffff, 0xc01fffff, 2);
}

/* ----------------------------------------------------------------- pages */

static void test_pages_when_blocks_not_allowed(void **state)
{
	lpae_t *l2, *l3;

	(void)state;
	/* 2 MB aligned and sized, but the caller wants pages. */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80000000, SZ_2M, ATTRS,
				  false),
			 LPAE_OK);
	assert_int_equal(fa.used, 3);
	l2 = follow(tbl.root[0]);
	assert_int_equal(l2[0], 0);
	l3 = follow(l2[1]);
	for (unsigned i = 0; i < LPAE_ENTRIES; i++)
		assert_int_equal(l3[i], (0x80000000ull + i * SZ_4K) | ATTRS |
						LPAE_PAGE | LPAE_VALID);
	assert_maps(SZ_2M, 0x80000000, 3);
	assert_maps(SZ_2M + 0x1ff123, 0x801ff123, 3);
	assert_unmapped(2 * SZ_2M);
}

static void test_pages_when_unaligned(void **state)
{
	lpae_t *l3;

	(void)state;
	/* 4 KB aligned only: pages, even though blocks are allowed. */
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80001000, 0x3000, ATTRS,
				  true),
			 LPAE_OK);
	assert_int_equal(fa.used, 3);
	l3 = follow(follow(tbl.root[0])[0]);
	assert_int_equal(l3[0], 0);
	for (unsigned i = 1; i <= 3; i++)
		assert_int_equal(l3[i], (0x80000000ull + i * SZ_4K) | ATTRS |
						LPAE_PAGE | LPAE_VALID);
	assert_int_equal(l3[4], 0);
	assert_maps(0x1abc, 0x80001abc, 3);
	assert_maps(0x3fff, 0x80003fff, 3);
	assert_unmapped(0x0fff);
	assert_unmapped(0x4000);
}

static void test_pages_when_pa_misaligned_for_block(void **state)
{
	(void)state;
	/* va is 2 MB aligned, pa only 4 KB: no block may be used. */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80001000, SZ_2M, ATTRS, true),
			 LPAE_OK);
	assert_int_equal(fa.used, 3);
	assert_maps(SZ_2M, 0x80001000, 3);
	assert_maps(2 * SZ_2M - 1, 0x80200fff, 3);
}

static void test_pages_when_size_below_block(void **state)
{
	(void)state;
	/* Aligned, but 4 KB short of a block. */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80200000, SZ_2M - SZ_4K,
				  ATTRS, true),
			 LPAE_OK);
	assert_int_equal(fa.used, 3);
	assert_maps(SZ_2M, 0x80200000, 3);
	assert_maps(2 * SZ_2M - SZ_4K - 1, 0x803fefff, 3);
	assert_unmapped(2 * SZ_2M - SZ_4K);
}

static void test_mixed_pages_blocks_pages(void **state)
{
	const uint64_t va = SZ_2M - SZ_4K, pa = 0x80000000 + SZ_2M - SZ_4K;
	lpae_t *l2, *l3a, *l3b;

	(void)state;
	assert_int_equal(lpae_map(&tbl, va, pa, 2 * SZ_2M + 2 * SZ_4K,
				  DEV_ATTRS, true),
			 LPAE_OK);
	/* root, one L2, an L3 for [0,2M) and one for [6M,8M) */
	assert_int_equal(fa.used, 4);
	l2 = follow(tbl.root[0]);
	l3a = follow(l2[0]);
	assert_int_equal(l3a[511], (pa & LPAE_ADDR_MASK) | DEV_ATTRS |
					   LPAE_PAGE | LPAE_VALID);
	assert_int_equal(l3a[510], 0);
	assert_int_equal(l2[1], 0x80200000ull | DEV_ATTRS | LPAE_VALID);
	assert_int_equal(l2[2], 0x80400000ull | DEV_ATTRS | LPAE_VALID);
	l3b = follow(l2[3]);
	assert_int_equal(l3b[0], 0x80600000ull | DEV_ATTRS | LPAE_PAGE |
					 LPAE_VALID);
	assert_int_equal(l3b[1], 0);

	assert_maps(va, pa, 3);
	assert_maps(va + 0xfff, pa + 0xfff, 3);
	assert_maps(SZ_2M, 0x80200000, 2);
	assert_maps(SZ_2M + 0x123456, 0x80323456, 2);
	assert_maps(3 * SZ_2M - 1, 0x805fffff, 2);
	assert_maps(3 * SZ_2M, 0x80600000, 3);
	assert_maps(3 * SZ_2M + 0xfff, 0x80600fff, 3);
	assert_unmapped(va - 1);
	assert_unmapped(3 * SZ_2M + SZ_4K);
}

/* ----------------------------------------------------- descriptor bits */

static void test_attribute_bits_preserved(void **state)
{
	const lpae_t attrs = LPAE_ATTRIDX(7) | LPAE_NS | LPAE_AP_UNPRIV |
			     LPAE_AP_RO | LPAE_SH_OUTER | LPAE_AF | LPAE_NG |
			     LPAE_CONTIG | LPAE_PXN | LPAE_XN;
	lpae_t d = 0;

	(void)state;
	assert_int_equal(lpae_map(&tbl, 0x5000, 0x12345000, SZ_4K, attrs,
				  true),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&tbl, 0x5000, &d), 3);
	assert_int_equal(d & LPAE_VALID, LPAE_VALID);
	assert_int_equal(d & LPAE_PAGE, LPAE_PAGE);
	assert_int_equal(d & LPAE_AF, LPAE_AF);
	assert_int_equal(d & LPAE_XN, LPAE_XN);
	assert_int_equal(d & LPAE_PXN, LPAE_PXN);
	assert_int_equal(d & LPAE_ADDR_MASK, 0x12345000);
	assert_int_equal(d, 0x12345000ull | attrs | LPAE_PAGE | LPAE_VALID);
}

static void test_no_af_no_xn_when_not_asked(void **state)
{
	lpae_t d = 0;

	(void)state;
	assert_int_equal(lpae_map(&tbl, SZ_2M, SZ_2M, SZ_2M,
				  LPAE_ATTRIDX(2) | LPAE_SH_INNER, true),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&tbl, SZ_2M, &d), 2);
	assert_int_equal(d & LPAE_AF, 0);
	assert_int_equal(d & LPAE_XN, 0);
	assert_int_equal(d, SZ_2M | LPAE_ATTRIDX(2) | LPAE_SH_INNER |
				    LPAE_VALID);
}

static void test_stray_attr_bits_are_masked(void **state)
{
	lpae_t d = 0;

	(void)state;
	/*
	 * Type bits and address bits in attrs must not leak into the
	 * descriptor: a block must not turn into a "table", nor the output
	 * address change.
	 */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80200000, SZ_2M,
				  ATTRS | LPAE_TABLE | LPAE_VALID |
					  0x000000ff0f0f0000ull,
				  true),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&tbl, SZ_2M, &d), 2);
	assert_int_equal(d, 0x80200000ull | ATTRS | LPAE_VALID);
	assert_maps(SZ_2M + 0x10, 0x80200010, 2);
}

static void test_stage2_attrs_and_large_root(void **state)
{
	struct lpae_table t;
	const lpae_t s2 = LPAE_S2_MEMATTR_NORMAL_WB | LPAE_S2AP_R |
			  LPAE_S2AP_W | LPAE_SH_INNER | LPAE_AF;
	lpae_t d = 0;
	uint64_t pa = 0;

	(void)state;
	memset(&fa, 0, sizeof(fa));
	fa.limit = POOL_PAGES;
	/* 8 root entries: an 8 GB input range. */
	assert_int_equal(lpae_init(&t, 8, &alloc), LPAE_OK);
	assert_int_equal(lpae_map(&t, 5 * SZ_1G, 0x80000000, SZ_1G, s2, true),
			 LPAE_OK);
	assert_int_equal(t.root[5], 0x80000000ull | s2 | LPAE_VALID);
	assert_int_equal(lpae_lookup(&t, 5 * SZ_1G + 0x10, &d), 1);
	assert_int_equal(d & LPAE_S2_MEMATTR(0xf), LPAE_S2_MEMATTR_NORMAL_WB);
	assert_true(lpae_translate(&t, 5 * SZ_1G + 0x10, &pa));
	assert_int_equal(pa, 0x80000010);
	assert_int_equal(lpae_map(&t, 7 * SZ_1G, 0, SZ_1G + SZ_4K, s2, true),
			 LPAE_ERANGE);
	assert_int_equal(lpae_lookup(&t, 8 * SZ_1G, &d), 0);
}

static void test_reserved_level3_encoding_is_not_a_mapping(void **state)
{
	lpae_t *l3;
	lpae_t d = 0;

	(void)state;
	assert_int_equal(lpae_map(&tbl, 0x7000, 0x80007000, SZ_4K, ATTRS,
				  true),
			 LPAE_OK);
	l3 = follow(follow(tbl.root[0])[0]);
	assert_int_equal(l3[7] & 3, 3);
	l3[7] &= ~LPAE_PAGE; /* 0b01 at level 3 is reserved */
	assert_int_equal(lpae_lookup(&tbl, 0x7000, &d), 0);
	assert_unmapped(0x7000);
}

static void test_lookup_unmapped(void **state)
{
	(void)state;
	/* Empty table, beyond the input range, and holes next to mappings. */
	assert_unmapped(0);
	assert_unmapped(0xfffff000);
	assert_unmapped(4 * SZ_1G);
	assert_unmapped(~0ull);
	assert_int_equal(lpae_map(&tbl, 0x10000, 0x90000000, SZ_4K, ATTRS,
				  true),
			 LPAE_OK);
	assert_maps(0x10000, 0x90000000, 3);
	assert_unmapped(0xf000);
	assert_unmapped(0x11000);
	assert_unmapped(SZ_2M);  /* level-2 entry empty */
	assert_unmapped(SZ_1G);  /* level-1 entry empty */
	assert_unmapped(0x10000 + 4 * SZ_1G);
	/*
	 * A 4-entry root is 32 bytes; whatever follows it in memory is not
	 * part of the table, even if it looks like a valid block.
	 */
	tbl.root[4] = 0x80000000ull | ATTRS | LPAE_VALID;
	tbl.root[511] = 0x80000000ull | ATTRS | LPAE_VALID;
	assert_unmapped(4 * SZ_1G);
	assert_unmapped(~0ull);
}

/* ---------------------------------------------------------------- errors */

static void test_misaligned(void **state)
{
	(void)state;
	assert_int_equal(lpae_map(&tbl, 0x800, 0x80000000, SZ_4K, ATTRS, true),
			 LPAE_EALIGN);
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80000010, SZ_4K, ATTRS,
				  true),
			 LPAE_EALIGN);
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80000000, SZ_4K + 1, ATTRS,
				  true),
			 LPAE_EALIGN);
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80000000, 0x800, ATTRS,
				  false),
			 LPAE_EALIGN);
	/* Nothing was allocated or mapped. */
	assert_int_equal(fa.used, 1);
	assert_unmapped(0x1000);
}

static void test_beyond_4g(void **state)
{
	(void)state;
	assert_int_equal(lpae_map(&tbl, 0xfffff000, 0x80000000, 2 * SZ_4K,
				  ATTRS, true),
			 LPAE_ERANGE);
	assert_int_equal(lpae_map(&tbl, 4 * SZ_1G, 0x80000000, SZ_4K, ATTRS,
				  true),
			 LPAE_ERANGE);
	assert_int_equal(lpae_map(&tbl, 3 * SZ_1G, 0, 2 * SZ_1G, ATTRS, true),
			 LPAE_ERANGE);
	/* va + size wrapping around 2^64 */
	assert_int_equal(lpae_map(&tbl, 0xfffffffffffff000ull, 0, 2 * SZ_4K,
				  ATTRS, true),
			 LPAE_ERANGE);
	/* Output beyond the 40-bit physical address space */
	assert_int_equal(lpae_map(&tbl, 0, 0x10000000000ull, SZ_4K, ATTRS,
				  true),
			 LPAE_ERANGE);
	assert_int_equal(lpae_map(&tbl, 0, 0xfffffff000ull, 2 * SZ_4K, ATTRS,
				  true),
			 LPAE_ERANGE);
	assert_int_equal(fa.used, 1);
	assert_unmapped(0);
	assert_unmapped(0xfffff000);
	/* The very last page of both spaces is fine. */
	assert_int_equal(lpae_map(&tbl, 0xfffff000, 0xfffffff000ull, SZ_4K,
				  ATTRS, true),
			 LPAE_OK);
	assert_maps(0xffffffff, 0xffffffffffull, 3);
}

static void test_double_map_page_over_page(void **state)
{
	lpae_t d = 0;

	(void)state;
	assert_int_equal(lpae_map(&tbl, 0x3000, 0x80003000, SZ_4K, ATTRS,
				  true),
			 LPAE_OK);
	assert_int_equal(lpae_map(&tbl, 0x3000, 0x90000000, SZ_4K, DEV_ATTRS,
				  true),
			 LPAE_EEXIST);
	/* The first mapping is intact. */
	assert_int_equal(lpae_lookup(&tbl, 0x3000, &d), 3);
	assert_int_equal(d, 0x80003000ull | ATTRS | LPAE_PAGE | LPAE_VALID);
	/* A range that only overlaps at its end fails too. */
	assert_int_equal(lpae_map(&tbl, 0x2000, 0x90000000, 2 * SZ_4K, ATTRS,
				  true),
			 LPAE_EEXIST);
	assert_maps(0x3000, 0x80003000, 3);
}

static void test_double_map_page_inside_block(void **state)
{
	lpae_t d = 0;
	unsigned used;

	(void)state;
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80200000, SZ_2M, ATTRS, true),
			 LPAE_OK);
	assert_int_equal(lpae_map(&tbl, SZ_1G, 0x80000000, SZ_1G, ATTRS, true),
			 LPAE_OK);
	used = fa.used;
	/* Pages inside a 2 MB block and inside a 1 GB block */
	assert_int_equal(lpae_map(&tbl, SZ_2M + 0x5000, 0x90000000, SZ_4K,
				  ATTRS, false),
			 LPAE_EEXIST);
	assert_int_equal(lpae_map(&tbl, SZ_1G + 0x5000, 0x90000000, SZ_4K,
				  ATTRS, true),
			 LPAE_EEXIST);
	/* A 2 MB block inside the 1 GB block */
	assert_int_equal(lpae_map(&tbl, SZ_1G + SZ_2M, 0x90000000, SZ_2M,
				  ATTRS, true),
			 LPAE_EEXIST);
	/* No table was split or allocated, the blocks still stand. */
	assert_int_equal(fa.used, used);
	assert_int_equal(lpae_lookup(&tbl, SZ_2M + 0x5000, &d), 2);
	assert_int_equal(d, 0x80200000ull | ATTRS | LPAE_VALID);
	assert_maps(SZ_1G + 0x5000, 0x80005000, 1);
}

static void test_double_map_block_over_pages(void **state)
{
	(void)state;
	assert_int_equal(lpae_map(&tbl, SZ_2M + 0x1000, 0x80001000, SZ_4K,
				  ATTRS, true),
			 LPAE_OK);
	/* A block over a level-2 entry that already holds a page table */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80000000, SZ_2M, ATTRS, true),
			 LPAE_EEXIST);
	/* A 1 GB block over a level-1 entry that holds a table */
	assert_int_equal(lpae_map(&tbl, 0, 0x80000000, SZ_1G, ATTRS, true),
			 LPAE_EEXIST);
	assert_maps(SZ_2M + 0x1000, 0x80001000, 3);
	assert_unmapped(SZ_2M);
}

static void test_out_of_tables(void **state)
{
	(void)state;
	/* Only the root exists: a page needs an L2 and an L3 table. */
	fa.limit = 1;
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80001000, SZ_4K, ATTRS,
				  true),
			 LPAE_ENOMEM);
	fa.limit = 2;
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80001000, SZ_4K, ATTRS,
				  true),
			 LPAE_ENOMEM);
	assert_int_equal(fa.used, 2);
	assert_unmapped(0x1000);
	/* A 2 MB block only needs the L2 that is already there. */
	assert_int_equal(lpae_map(&tbl, SZ_2M, 0x80200000, SZ_2M, ATTRS, true),
			 LPAE_OK);
	assert_maps(SZ_2M, 0x80200000, 2);
	/* A 1 GB block needs nothing at all. */
	assert_int_equal(lpae_map(&tbl, SZ_1G, 0x80000000, SZ_1G, ATTRS, true),
			 LPAE_OK);
	/* One more page for an L3 and the page maps. */
	fa.limit = 3;
	assert_int_equal(lpae_map(&tbl, 0x1000, 0x80001000, SZ_4K, ATTRS,
				  true),
			 LPAE_OK);
	assert_maps(0x1000, 0x80001000, 3);
	/* Pages in another 2 MB region need yet another L3. */
	assert_int_equal(lpae_map(&tbl, 2 * SZ_2M, 0x80000000, SZ_4K, ATTRS,
				  false),
			 LPAE_ENOMEM);
}

static void test_strerror(void **state)
{
	static const int errs[] = {LPAE_OK, LPAE_EALIGN, LPAE_ERANGE,
				   LPAE_ENOMEM, LPAE_EEXIST, -99};
	const unsigned n = sizeof(errs) / sizeof(errs[0]);

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		const char *s = lpae_strerror(errs[i]);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
		for (unsigned j = 0; j < i; j++)
			assert_string_not_equal(s, lpae_strerror(errs[j]));
	}
	assert_string_equal(lpae_strerror(42), lpae_strerror(-99));
	assert_non_null(strstr(lpae_strerror(LPAE_EEXIST), "mapped"));
	assert_non_null(strstr(lpae_strerror(LPAE_EALIGN), "align"));
}

#define T(fn) cmocka_unit_test_setup(fn, setup_4)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_root_size),
		cmocka_unit_test(test_init_out_of_memory),
		T(test_1g_block),
		T(test_four_1g_blocks_cover_4g),
		T(test_2m_blocks),
		T(test_1g_aligned_va_but_2m_aligned_pa_uses_2m_blocks),
		T(test_pages_when_blocks_not_allowed),
		T(test_pages_when_unaligned),
		T(test_pages_when_pa_misaligned_for_block),
		T(test_pages_when_size_below_block),
		T(test_mixed_pages_blocks_pages),
		T(test_attribute_bits_preserved),
		T(test_no_af_no_xn_when_not_asked),
		T(test_stray_attr_bits_are_masked),
		cmocka_unit_test(test_stage2_attrs_and_large_root),
		T(test_reserved_level3_encoding_is_not_a_mapping),
		T(test_lookup_unmapped),
		T(test_misaligned),
		T(test_beyond_4g),
		T(test_double_map_page_over_page),
		T(test_double_map_page_inside_block),
		T(test_double_map_block_over_pages),
		T(test_out_of_tables),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
