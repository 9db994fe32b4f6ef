/*
 * Host unit tests for core/mem_defer.c: which 2 MiB blocks of a region a
 * load leaves for their first touch, and what it still zeroes at once.
 */
/* links: core/mem_defer.c core/mem_gaps.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <core/mem_defer.h>

#define MB 0x100000ull
#define B2 (2 * MB)

static struct defer_map m;

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	return 0;
}

static unsigned count(void)
{
	unsigned n = 0;

	for (uint64_t b = 0; b < DEFER_BLOCKS; b++)
		n += defer_test(&m, b << DEFER_BLOCK_SHIFT);
	return n;
}

static void bitmap_set_test_clear(void **state)
{
	(void)state;
	assert_int_equal(sizeof(m) * 8, 2048);
	defer_set(&m, 0x80000000);
	defer_set(&m, 0xffe00000); /* the last block of the 4 GiB */
	assert_true(defer_test(&m, 0x801fffff));
	assert_false(defer_test(&m, 0x80200000));
	assert_false(defer_test(&m, 0x7fffffff));
	assert_true(defer_test(&m, 0xffffffff));
	defer_set(&m, 0x100000000ull); /* beyond the IPA space: ignored */
	assert_false(defer_test(&m, 0x100000000ull));
	assert_int_equal(count(), 2);
	defer_clear(&m, 0x80100000);
	assert_false(defer_test(&m, 0x80000000));
	assert_int_equal(count(), 1);
}

static void whole_aligned_region_no_holes(void **state)
{
	(void)state;
	assert_int_equal(defer_plan(&m, 0x80000000, 256 * MB, NULL, 0), 128);
	assert_true(defer_test(&m, 0x80000000));
	assert_true(defer_test(&m, 0x8fe00000));
	assert_false(defer_test(&m, 0x90000000));
	assert_false(defer_test(&m, 0x7fe00000));
}

/* Only blocks wholly inside: an unaligned region loses its ends. */
static void unaligned_region_ends_are_eager(void **state)
{
	(void)state;
	assert_int_equal(defer_plan(&m, 0x80100000, 6 * MB, NULL, 0), 2);
	assert_false(defer_test(&m, 0x80000000));
	assert_true(defer_test(&m, 0x80200000));
	assert_true(defer_test(&m, 0x80400000));
	assert_false(defer_test(&m, 0x80600000));
}

static void region_smaller_than_a_block(void **state)
{
	(void)state;
	assert_int_equal(defer_plan(&m, 0x80000000, MB, NULL, 0), 0);
	assert_int_equal(defer_plan(&m, 0x80100000, B2, NULL, 0), 0);
	assert_int_equal(defer_plan(&m, 0x80000000, B2 - 0x1000, NULL, 0), 0);
	assert_int_equal(count(), 0);
	assert_int_equal(defer_plan(&m, 0x80000000, B2, NULL, 0), 1);
}

/* A block any hole touches (even one byte of it) is zeroed at once. */
static void holes_keep_their_blocks_eager(void **state)
{
	const struct mem_range edge[] = {{0x80000000, B2}};
	const struct mem_range holes[] = {
		{0x80008000, 8 * MB},  /* kernel: blocks 0..4 */
		{0x8a000000, 3 * MB},  /* initrd: blocks at 0x8a0, 0x8a2 */
		{0x8ffeffff, 0x10000}, /* dtb, unaligned, over a boundary */
		{0x80f00000, 0},       /* empty: no effect */
		{0x70000000, B2},      /* outside: no effect */
	};

	(void)state;
	assert_int_equal(defer_plan(&m, 0x80000000, 256 * MB, holes, 5),
			 128 - 5 - 2 - 1);
	for (uint64_t b = 0x80000000; b < 0x80a00000; b += B2)
		assert_false(defer_test(&m, b));
	assert_true(defer_test(&m, 0x80a00000));
	assert_false(defer_test(&m, 0x8a000000));
	assert_false(defer_test(&m, 0x8a200000));
	assert_true(defer_test(&m, 0x8a400000));
	assert_false(defer_test(&m, 0x8fe00000));
	assert_true(defer_test(&m, 0x8fc00000));
	/* A hole ending exactly at a block's start leaves that block. */
	setup(NULL);
	assert_int_equal(defer_plan(&m, 0x80000000, 4 * MB, edge, 1), 1);
	assert_true(defer_test(&m, 0x80200000));
}

static void region_at_the_top_of_the_ipa_space(void **state)
{
	(void)state;
	assert_int_equal(defer_plan(&m, 0xffc00000, 4 * MB, NULL, 0), 2);
	assert_true(defer_test(&m, 0xffe00000));
}

/* Every byte of the region: zeroed now, deferred, or a hole; once. */
static void eager_runs_cover_the_rest_exactly(void **state)
{
	static unsigned char seen[16 * MB / 4096];
	const uint64_t base = 0x80100000, size = 14 * MB;
	const struct mem_range holes[] = {
		{0x80200000 + 0x3000, 0x2000}, /* inside block 0x802 */
		{0x80c00000, B2},              /* exactly block 0x80c */
	};
	uint64_t pos = base, end;
	unsigned runs = 0;

	(void)state;
	memset(seen, 0, sizeof(seen));
	defer_plan(&m, base, size, holes, 2);
	/* deferred: 0x804..0x80a (0x802 has a hole, 0x80c is one, 0x80e
	   sticks out of the region) */
	assert_int_equal(count(), 4);
	while (defer_next_eager(&m, &pos, base + size, holes, 2, &end)) {
		assert_true(pos < end);
		assert_true(end <= base + size);
		for (uint64_t a = pos; a < end; a += 4096)
			seen[(a - 0x80000000) / 4096]++;
		pos = end;
		runs++;
	}
	for (uint64_t a = 0x80000000; a < 0x81000000; a += 4096) {
		bool inside = a >= base && a < base + size;
		bool hole = (a >= holes[0].base &&
			     a < holes[0].base + holes[0].size) ||
			    (a >= holes[1].base &&
			     a < holes[1].base + holes[1].size);
		unsigned expect = inside && !hole && !defer_test(&m, a);

		assert_int_equal(seen[(a - 0x80000000) / 4096], expect);
	}
	/* [0x801, 0x8023), [0x8025, 0x804), [0x80e, 0x80f) */
	assert_int_equal(runs, 3);
}

static void nothing_deferred_is_one_run(void **state)
{
	uint64_t pos = 0x80000000, end;

	(void)state;
	assert_true(defer_next_eager(&m, &pos, 0x80000000 + 8 * MB, NULL, 0,
				     &end));
	assert_int_equal(pos, 0x80000000);
	assert_int_equal(end, 0x80800000);
	pos = end;
	assert_false(defer_next_eager(&m, &pos, 0x80800000, NULL, 0, &end));
}

static void all_deferred_is_no_run(void **state)
{
	uint64_t pos = 0x80000000, end;

	(void)state;
	defer_plan(&m, pos, 8 * MB, NULL, 0);
	assert_false(defer_next_eager(&m, &pos, 0x80800000, NULL, 0, &end));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(bitmap_set_test_clear, setup),
		cmocka_unit_test_setup(whole_aligned_region_no_holes, setup),
		cmocka_unit_test_setup(unaligned_region_ends_are_eager, setup),
		cmocka_unit_test_setup(region_smaller_than_a_block, setup),
		cmocka_unit_test_setup(holes_keep_their_blocks_eager, setup),
		cmocka_unit_test_setup(region_at_the_top_of_the_ipa_space,
				       setup),
		cmocka_unit_test_setup(eager_runs_cover_the_rest_exactly, setup),
		cmocka_unit_test_setup(nothing_deferred_is_one_run, setup),
		cmocka_unit_test_setup(all_deferred_is_no_run, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
