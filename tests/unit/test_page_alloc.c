/*
 * Host unit tests for the boot-time allocator (core/page_alloc.c): free
 * ranges are the host's RAM minus what is reserved, the host's reserved
 * memory included, and allocations never return reserved bytes; the table
 * holds as many free ranges as the limits can make (PALLOC_MAX_RANGES), and
 * a reservation past that changes nothing and says so.
 */
/* links: core/page_alloc.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/page_alloc.h>
#include <string.h>

#define SZ_4K 0x1000u
#define SZ_2M 0x200000u

static struct platform host;

static int setup(void **state)
{
	(void)state;
	memset(&host, 0, sizeof(host));
	host.nr_mem = 2;
	host.mem[0] = (struct mem_range){0x80000000, 0x10000000};
	host.mem[1] = (struct mem_range){0xa0000000, 0x00400000};
	palloc_init(&host);
	return 0;
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static void test_free_is_ram(void **state)
{
	(void)state;
	assert_int_equal(palloc_free_bytes(), 0x10400000);
	assert_int_equal(palloc_alloc(SZ_4K, SZ_4K), 0x80000000);
	assert_int_equal(palloc_alloc(SZ_2M, SZ_2M), 0x80200000);
	/* the gap the alignment left is still free */
	assert_int_equal(palloc_alloc(SZ_4K, SZ_4K), 0x80001000);
}

/*
 * What main.c reserves (the hypervisor, the host tree, the host's
 * /reserved-memory and /memreserve/) is never handed out, however the
 * allocations fall.
 */
static void test_reserved_kept_out(void **state)
{
	static const struct mem_range kept[] = {
		{0x80010000, 0x4c000},	/* hypervisor, unaligned end */
		{0x81000000, 0x10800},	/* host tree */
		{0x8f000000, 0x01000000}, /* firmware, to the end of RAM */
		{0xa0100000, 0x1000},	/* /memreserve/ */
	};
	uint64_t got, total = 0;

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		assert_true(palloc_reserve(kept[i].base, kept[i].size));
	assert_int_equal(palloc_free_bytes(),
			 0x10400000 - 0x4c000 - 0x10800 - 0x01000000 - 0x1000);
	while ((got = palloc_alloc(SZ_4K, SZ_4K))) {
		assert_int_equal(got % SZ_4K, 0);
		for (unsigned i = 0; i < 4; i++)
			assert_false(overlaps(got, SZ_4K, kept[i].base,
					      kept[i].size));
		total += SZ_4K;
	}
	/* only the partial pages around the reserved ranges are left */
	assert_true(palloc_free_bytes() < 4 * SZ_4K);
	assert_true(total > 0x0f000000);
}

/*
 * Every reservation splits at most one range: PALLOC_MAX_RANGES - nr_mem
 * splits fit; one more is refused without changing anything, and an
 * allocation that would need it fails rather than returning unreserved
 * memory.
 */
static void test_capacity(void **state)
{
	unsigned splits = PALLOC_MAX_RANGES - host.nr_mem;
	uint64_t before;

	(void)state;
	for (unsigned i = 0; i < splits; i++)
		assert_true(palloc_reserve(0x80000000 + (2 * i + 1) * SZ_4K,
					   SZ_4K));
	before = palloc_free_bytes();
	assert_false(palloc_reserve(0x8f000000, SZ_4K));
	assert_int_equal(palloc_free_bytes(), before);
	/* trimming an end needs no new range */
	assert_true(palloc_reserve(0xa0000000, SZ_4K));
	/* a 2 MB-aligned block in the middle of the last big range */
	assert_int_equal(palloc_alloc(SZ_2M, SZ_2M), 0);
	assert_int_equal(palloc_free_bytes(), before - SZ_4K);
}

/* The bound covers what the limits allow main.c and partitions to reserve. */
static void test_bound(void **state)
{
	(void)state;
	assert_true(PALLOC_MAX_RANGES >=
		    MAX_MEM_REGIONS + 2 + MAX_HOST_RESERVED +
			    MAX_PARTITIONS * (MAX_PART_MEM + 2 + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_free_is_ram, setup),
		cmocka_unit_test_setup(test_reserved_kept_out, setup),
		cmocka_unit_test_setup(test_capacity, setup),
		cmocka_unit_test_setup(test_bound, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
