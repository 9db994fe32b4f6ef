/*
 * Host unit tests for core/mem_gaps.c: the parts of a range outside a set
 * of holes, which a partition's reload zeroes (everything else is written
 * by the kernel, initrd and device-tree copies).
 */
/* links: core/mem_gaps.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <core/mem_gaps.h>

#define SPAN 256u

/* Marks every gap of [start, end) in map[], checking each is well formed. */
static unsigned walk(uint64_t start, uint64_t end, const struct mem_range *h,
		     unsigned n, unsigned char *map)
{
	uint64_t pos = start, gend, last = start;
	unsigned gaps = 0;

	while (mem_next_gap(&pos, end, h, n, &gend)) {
		assert_true(pos >= last);
		assert_true(pos < gend);
		assert_true(gend <= end);
		for (uint64_t a = pos; a < gend; a++)
			map[a]++;
		last = gend;
		pos = gend;
		gaps++;
		assert_true(gaps <= n + 1);
	}
	return gaps;
}

/* Every byte of [start, end) is in exactly one gap or in a hole, never both. */
static void check(uint64_t start, uint64_t end, const struct mem_range *h,
		  unsigned n)
{
	unsigned char map[SPAN];

	memset(map, 0, sizeof(map));
	walk(start, end, h, n, map);
	for (uint64_t a = 0; a < SPAN; a++) {
		bool in_hole = false;

		for (unsigned i = 0; i < n; i++)
			if (a >= h[i].base && a < h[i].base + h[i].size)
				in_hole = true;
		if (a < start || a >= end || in_hole)
			assert_int_equal(map[a], 0);
		else
			assert_int_equal(map[a], 1);
	}
}

static void test_no_holes(void **state)
{
	unsigned char map[SPAN] = {0};

	(void)state;
	assert_int_equal(walk(16, 200, NULL, 0, map), 1);
	check(16, 200, NULL, 0);
	assert_int_equal(walk(5, 5, NULL, 0, map), 0);
}

static void test_kernel_initrd_dt(void **state)
{
	/* A region 0..256: kernel low, initrd in the middle, DT at the top. */
	const struct mem_range h[] = {{8, 40}, {100, 60}, {192, 64}};
	unsigned char map[SPAN] = {0};

	(void)state;
	assert_int_equal(walk(0, 256, h, 3, map), 3);
	check(0, 256, h, 3);
}

static void test_holes_unsorted_overlapping_outside(void **state)
{
	const struct mem_range h[] = {
		{150, 30}, {20, 10}, {25, 20}, /* 20..45 chained */
		{0, 0},                        /* empty: no hole */
		{240, 100},                    /* runs past the end */
		{45, 5},                       /* adjacent: 20..50 */
	};

	(void)state;
	check(10, 250, h, 6);
	check(0, 256, h, 6);
	check(22, 48, h, 6); /* the whole range inside holes: no gap */
}

static void test_hole_covering_all(void **state)
{
	const struct mem_range h[] = {{0, 256}};
	unsigned char map[SPAN] = {0};

	(void)state;
	assert_int_equal(walk(0, 256, h, 1, map), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_holes),
		cmocka_unit_test(test_kernel_initrd_dt),
		cmocka_unit_test(test_holes_unsorted_overlapping_outside),
		cmocka_unit_test(test_hole_covering_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
