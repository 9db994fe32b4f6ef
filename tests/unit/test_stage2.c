/* Stage-2 table building: what a partition's guest can reach, and how. */
/* links: arch/arm/stage2.c arch/arm/lpae.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/stage2.h>

#define POOL_PAGES 8
#define FAKE_PA 0x7f000000ull

static lpae_t pages[POOL_PAGES][LPAE_ENTRIES] __attribute__((aligned(4096)));

static lpae_t *fake_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return pages[(pa - FAKE_PA) / LPAE_PAGE_SIZE];
}

static struct lpae_table s2;
static struct s2_pool pool;

static int setup(void **state)
{
	(void)state;
	memset(pages, 0xa5, sizeof(pages)); /* tables must come out zeroed */
	memset(&pool, 0, sizeof(pool));
	pool.alloc.table_va = fake_va;
	assert_int_equal(stage2_init(&s2, &pool, FAKE_PA, POOL_PAGES), LPAE_OK);
	return 0;
}

static void ram_uses_2mb_blocks_with_normal_rw_attributes(void **state)
{
	lpae_t d;
	uint64_t pa;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90000000, 0x2000000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&s2, 0x80000000, &d), 2);
	assert_int_equal(d & LPAE_S2_MEMATTR(0xf), LPAE_S2_MEMATTR_NORMAL_WB);
	assert_true(d & LPAE_S2AP_R);
	assert_true(d & LPAE_S2AP_W);
	assert_true(d & LPAE_AF);
	assert_int_equal(d & (3ull << 8), LPAE_SH_INNER);
	assert_false(d & LPAE_XN);
	assert_true(lpae_translate(&s2, 0x81fffffc, &pa));
	assert_int_equal(pa, 0x91fffffc);
	/* root + one level-2 table: 16 blocks need no level 3 */
	assert_int_equal(pool.used, 2);
}

static void outside_ram_is_unmapped(void **state)
{
	uint64_t pa;
	lpae_t d;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90000000, 0x200000,
				    S2_RAM),
			 LPAE_OK);
	assert_false(lpae_translate(&s2, 0x80200000, &pa));
	assert_false(lpae_translate(&s2, 0x7ffff000, &pa));
	assert_int_equal(lpae_lookup(&s2, 0x90000000, &d), 0);
}

static void device_is_device_memory_and_never_executable(void **state)
{
	lpae_t d;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x1c0a0000, 0x1c0a0000, 0x1000,
				    S2_DEVICE),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&s2, 0x1c0a0000, &d), 3);
	assert_int_equal(d & LPAE_S2_MEMATTR(0xf), LPAE_S2_MEMATTR_DEVICE);
	assert_true(d & LPAE_XN);
	assert_true(d & LPAE_S2AP_W);
}

/* Channel memory: normal memory, never executable; "ro" without S2AP.W. */
static void shared_memory_is_never_executable_and_ro_is_read_only(void **state)
{
	lpae_t d;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0xa0000000, 0x90000000, 0x10000,
				    S2_RAM_RO),
			 LPAE_OK);
	assert_int_equal(stage2_map(&s2, 0xa0100000, 0x90000000, 0x10000,
				    S2_RAM_NX),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&s2, 0xa0000000, &d), 3);
	assert_int_equal(d & LPAE_S2_MEMATTR(0xf), LPAE_S2_MEMATTR_NORMAL_WB);
	assert_true(d & LPAE_S2AP_R);
	assert_false(d & LPAE_S2AP_W);
	assert_true(d & LPAE_XN);
	assert_int_equal(d & (3ull << 8), LPAE_SH_INNER);
	assert_int_equal(lpae_lookup(&s2, 0xa010f000, &d), 3);
	assert_int_equal(d & LPAE_S2_MEMATTR(0xf), LPAE_S2_MEMATTR_NORMAL_WB);
	assert_true(d & LPAE_S2AP_R);
	assert_true(d & LPAE_S2AP_W);
	assert_true(d & LPAE_XN);
}

static void unaligned_host_memory_falls_back_to_pages(void **state)
{
	lpae_t d;
	uint64_t pa;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90001000, 0x200000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&s2, 0x80000000, &d), 3);
	assert_true(lpae_translate(&s2, 0x801ff004, &pa));
	assert_int_equal(pa, 0x90200004);
}

static void double_mapping_is_refused(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90000000, 0x200000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(stage2_map(&s2, 0x80100000, 0xa0000000, 0x1000,
				    S2_DEVICE),
			 LPAE_EEXIST);
}

static void pool_exhaustion_is_reported(void **state)
{
	int rc = LPAE_OK;

	(void)state;
	/* Each 4 KB page in a distinct 2 MB area needs its own level-3 table. */
	for (unsigned i = 0; i < POOL_PAGES && rc == LPAE_OK; i++)
		rc = stage2_map(&s2, 0x40000000ull + i * 0x200000ull,
				0x90000000ull + i * 0x1000ull, 0x1000, S2_RAM);
	assert_int_equal(rc, LPAE_ENOMEM);
}

static void vttbr_carries_vmid_and_root(void **state)
{
	(void)state;
	assert_int_equal(stage2_vttbr(&s2, 7), (7ull << 48) | FAKE_PA);
	assert_int_equal(stage2_vttbr(&s2, 255) >> 48, 255);
}

static void ipa_beyond_4gb_is_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, 0xfffff000, 0x90000000, 0x2000,
				    S2_RAM),
			 LPAE_ERANGE);
}

/* First touch: a hidden block keeps its descriptor and comes back whole. */
static void hidden_block_translates_nothing_until_shown(void **state)
{
	uint64_t pa;
	lpae_t before, after;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90000000, 0x400000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(lpae_lookup(&s2, 0x80200000, &before), 2);
	assert_int_equal(stage2_block_hide(&s2, 0x80200000), 0);
	assert_false(lpae_translate(&s2, 0x80212344, &pa));
	assert_true(lpae_translate(&s2, 0x801ffffc, &pa)); /* its neighbour */
	assert_int_equal(stage2_block_hide(&s2, 0x80200000), 0); /* again */
	stage2_block_show(&s2, 0x80200000);
	assert_int_equal(lpae_lookup(&s2, 0x80200000, &after), 2);
	assert_true(before == after);
	assert_true(lpae_translate(&s2, 0x80212344, &pa));
	assert_int_equal(pa, 0x90212344);
}

static void only_2mb_blocks_can_be_hidden(void **state)
{
	uint64_t pa;

	(void)state;
	/* Host not 2 MB aligned: pages; nothing mapped; a 1 GB block. */
	assert_int_equal(stage2_map(&s2, 0x80000000, 0x90001000, 0x200000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(stage2_block_hide(&s2, 0x80000000), -1);
	assert_int_equal(stage2_block_hide(&s2, 0x80200000), -1);
	assert_int_equal(stage2_block_hide(&s2, 0x10000000), -1);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x40000000, 0x40000000,
				    S2_RAM),
			 LPAE_OK);
	assert_int_equal(stage2_block_hide(&s2, 0x40200000), -1);
	assert_true(lpae_translate(&s2, 0x80000000, &pa));
	stage2_block_show(&s2, 0x80200000); /* nothing there: stays so */
	assert_false(lpae_translate(&s2, 0x80200000, &pa));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			shared_memory_is_never_executable_and_ro_is_read_only,
			setup),
		cmocka_unit_test_setup(
			ram_uses_2mb_blocks_with_normal_rw_attributes, setup),
		cmocka_unit_test_setup(outside_ram_is_unmapped, setup),
		cmocka_unit_test_setup(
			device_is_device_memory_and_never_executable, setup),
		cmocka_unit_test_setup(unaligned_host_memory_falls_back_to_pages,
				       setup),
		cmocka_unit_test_setup(double_mapping_is_refused, setup),
		cmocka_unit_test_setup(pool_exhaustion_is_reported, setup),
		cmocka_unit_test_setup(vttbr_carries_vmid_and_root, setup),
		cmocka_unit_test_setup(ipa_beyond_4gb_is_out_of_range, setup),
		cmocka_unit_test_setup(hidden_block_translates_nothing_until_shown,
				       setup),
		cmocka_unit_test_setup(only_2mb_blocks_can_be_hidden, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
