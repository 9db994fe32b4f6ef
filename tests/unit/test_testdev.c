/* Host unit tests for the MMIO test device (core/testdev.c). */
/* links: core/testdev.c core/mmio.c core/vdev.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/mmio.h>
#include <core/partition.h>
#include <core/testdev.h>
#include <core/vdev.h>
#include <string.h>

#define BASE 0x1a000000ull

static struct testdev dev;

static int setup(void **state)
{
	(void)state;
	memset(&dev, 0xa5, sizeof(dev)); /* testdev_init must clear it all */
	testdev_init(&dev);
	return 0;
}

static int dev_access(bool write, uint32_t offset, unsigned size,
		      uint32_t *data)
{
	struct mmio_access a = {.addr = BASE + offset, .offset = offset,
				.size = size, .write = write, .data = *data};
	int rc = testdev_access(&dev, &a);

	*data = a.data;
	return rc;
}

static uint32_t rd(uint32_t offset, unsigned size)
{
	uint32_t v = 0xdeadbeef;

	if (dev_access(false, offset, size, &v) != MMIO_OK)
		fail_msg("read%u at 0x%x refused", size * 8, offset);
	return v;
}

static void wr(uint32_t offset, unsigned size, uint32_t v)
{
	if (dev_access(true, offset, size, &v) != MMIO_OK)
		fail_msg("write%u at 0x%x refused", size * 8, offset);
}

static void assert_last_write(uint32_t writes, uint32_t size, uint32_t value,
			      uint32_t offset)
{
	assert_int_equal(rd(TESTDEV_WRITES, 4), writes);
	assert_int_equal(rd(TESTDEV_LAST_SIZE, 4), size);
	assert_int_equal(rd(TESTDEV_LAST_VALUE, 4), value);
	assert_int_equal(rd(TESTDEV_LAST_OFFSET, 4), offset);
}

/* --------------------------------------------------------------- reads */

static void test_register_map_constants(void **state)
{
	(void)state;
	assert_int_equal(TESTDEV_ID_VALUE, 0x54535444); /* "TSTD" */
	assert_int_equal(TESTDEV_NEGATIVE_VALUE, 0x80018080);
	assert_int_equal(TESTDEV_SIZE, 0x1000);
}

static void test_initial_state(void **state)
{
	(void)state;
	assert_int_equal(dev.scratch, 0);
	assert_int_equal(dev.writes, 0);
	assert_int_equal(dev.last_size, 0);
	assert_int_equal(dev.last_value, 0);
	assert_int_equal(dev.last_offset, 0);
	assert_int_equal(rd(TESTDEV_ID, 4), TESTDEV_ID_VALUE);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0);
	assert_int_equal(rd(TESTDEV_WRITES, 4), 0);
	assert_int_equal(rd(TESTDEV_LAST_SIZE, 4), 0);
	assert_int_equal(rd(TESTDEV_LAST_VALUE, 4), 0);
	assert_int_equal(rd(TESTDEV_LAST_OFFSET, 4), 0);
	assert_int_equal(rd(TESTDEV_NEGATIVE, 4), TESTDEV_NEGATIVE_VALUE);
}

static void test_byte_and_halfword_lanes(void **state)
{
	(void)state;
	/* little-endian lanes of the ID register */
	assert_int_equal(rd(0x00, 1), 0x44);
	assert_int_equal(rd(0x01, 1), 0x54);
	assert_int_equal(rd(0x02, 1), 0x53);
	assert_int_equal(rd(0x03, 1), 0x54);
	assert_int_equal(rd(0x00, 2), 0x5444);
	assert_int_equal(rd(0x02, 2), 0x5453);
	/* NEGATIVE: every lane has its top bit set */
	assert_int_equal(rd(0x18, 1), 0x80);
	assert_int_equal(rd(0x19, 1), 0x80);
	assert_int_equal(rd(0x1a, 1), 0x01);
	assert_int_equal(rd(0x1b, 1), 0x80);
	assert_int_equal(rd(0x18, 2), 0x8080);
	assert_int_equal(rd(0x1a, 2), 0x8001);
}

static void test_negative_sign_extends_through_read_result(void **state)
{
	struct mmio_access a = {.offset = TESTDEV_NEGATIVE, .size = 1,
				.sign_extend = true};

	(void)state;
	assert_int_equal(testdev_access(&dev, &a), MMIO_OK);
	assert_int_equal(mmio_read_result(&a), 0xffffff80);
	a.size = 2;
	a.offset = TESTDEV_NEGATIVE + 2;
	assert_int_equal(testdev_access(&dev, &a), MMIO_OK);
	assert_int_equal(mmio_read_result(&a), 0xffff8001);
}

static void test_unused_space_reads_zero(void **state)
{
	(void)state;
	assert_int_equal(rd(0x1c, 4), 0);
	assert_int_equal(rd(0x20, 4), 0);
	assert_int_equal(rd(0x800, 2), 0);
	assert_int_equal(rd(0xffc, 4), 0);
	assert_int_equal(rd(0xfff, 1), 0);
}

/* -------------------------------------------------------------- writes */

static void test_scratch_word(void **state)
{
	(void)state;
	wr(TESTDEV_SCRATCH, 4, 0x12345678);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0x12345678);
	assert_int_equal(rd(TESTDEV_SCRATCH, 1), 0x78);
	assert_int_equal(rd(TESTDEV_SCRATCH + 1, 1), 0x56);
	assert_int_equal(rd(TESTDEV_SCRATCH + 2, 1), 0x34);
	assert_int_equal(rd(TESTDEV_SCRATCH + 3, 1), 0x12);
	assert_int_equal(rd(TESTDEV_SCRATCH, 2), 0x5678);
	assert_int_equal(rd(TESTDEV_SCRATCH + 2, 2), 0x1234);
	assert_last_write(1, 4, 0x12345678, TESTDEV_SCRATCH);
}

static void test_scratch_byte_lanes(void **state)
{
	(void)state;
	wr(TESTDEV_SCRATCH, 4, 0x11223344);
	wr(TESTDEV_SCRATCH + 1, 1, 0xaa);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0x1122aa44);
	wr(TESTDEV_SCRATCH + 3, 1, 0xbb);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0xbb22aa44);
	wr(TESTDEV_SCRATCH, 1, 0xcc);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0xbb22aacc);
	wr(TESTDEV_SCRATCH + 2, 1, 0xdd);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0xbbddaacc);
	assert_last_write(5, 1, 0xdd, TESTDEV_SCRATCH + 2);
}

static void test_scratch_halfword_lanes(void **state)
{
	(void)state;
	wr(TESTDEV_SCRATCH, 4, 0x11223344);
	wr(TESTDEV_SCRATCH + 2, 2, 0xbeef);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0xbeef3344);
	wr(TESTDEV_SCRATCH, 2, 0xcafe);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0xbeefcafe);
	assert_last_write(3, 2, 0xcafe, TESTDEV_SCRATCH);
}

static void test_write_data_cut_to_size(void **state)
{
	(void)state;
	/* bits above the access size must not reach other lanes */
	wr(TESTDEV_SCRATCH, 4, 0);
	wr(TESTDEV_SCRATCH + 1, 1, 0xffffff5a);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0x00005a00);
	assert_int_equal(rd(TESTDEV_LAST_VALUE, 4), 0x5a);
	wr(TESTDEV_SCRATCH, 2, 0xffff1234);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0x00001234);
	assert_int_equal(rd(TESTDEV_LAST_VALUE, 4), 0x1234);
}

static void test_ro_writes_recorded_and_ignored(void **state)
{
	static const uint32_t ro[] = {
		TESTDEV_ID,	    TESTDEV_WRITES,	TESTDEV_LAST_SIZE,
		TESTDEV_LAST_VALUE, TESTDEV_LAST_OFFSET, TESTDEV_NEGATIVE,
	};

	(void)state;
	wr(TESTDEV_SCRATCH, 4, 0x600df00d);
	for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		wr(ro[i], 4, 0xffffffff);
		assert_last_write(2 + i, 4, 0xffffffff, ro[i]);
	}
	assert_int_equal(rd(TESTDEV_ID, 4), TESTDEV_ID_VALUE);
	assert_int_equal(rd(TESTDEV_NEGATIVE, 4), TESTDEV_NEGATIVE_VALUE);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0x600df00d);
	/* a byte write into the ID register's lanes changes nothing either */
	wr(TESTDEV_ID + 1, 1, 0);
	assert_int_equal(rd(TESTDEV_ID, 4), TESTDEV_ID_VALUE);
	assert_last_write(8, 1, 0, TESTDEV_ID + 1);
}

static void test_unused_space_writes_recorded(void **state)
{
	(void)state;
	wr(0x1c, 4, 0x1234);
	assert_last_write(1, 4, 0x1234, 0x1c);
	assert_int_equal(rd(0x1c, 4), 0);
	wr(0xffe, 2, 0xabcd);
	assert_last_write(2, 2, 0xabcd, 0xffe);
	assert_int_equal(rd(0xffc, 4), 0);
	assert_int_equal(rd(TESTDEV_SCRATCH, 4), 0);
}

/* -------------------------------------------------------------- errors */

static void test_unaligned_refused(void **state)
{
	static const struct {
		uint32_t offset;
		unsigned size;
	} bad[] = {
		{0x05, 2}, {0x07, 2}, {0x01, 4}, {0x02, 4}, {0x06, 4},
		{0x03, 4}, {0x19, 2},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t v = 0xffffffff;
		uint32_t off = bad[i].offset;
		unsigned size = bad[i].size;

		assert_int_equal(dev_access(false, off, size, &v),
				 MMIO_DEVICE_ERROR);
		assert_int_equal(dev_access(true, off, size, &v),
				 MMIO_DEVICE_ERROR);
	}
	/* refused writes are not recorded and change nothing */
	assert_int_equal(dev.writes, 0);
	assert_int_equal(dev.scratch, 0);
	assert_last_write(0, 0, 0, 0);
}

static void test_bad_sizes_and_range_refused(void **state)
{
	uint32_t v = 1;

	(void)state;
	assert_int_equal(dev_access(false, 0x04, 0, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(dev_access(false, 0x04, 3, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(dev_access(true, 0x00, 8, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(dev_access(false, TESTDEV_SIZE, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(dev_access(true, TESTDEV_SIZE, 1, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(dev.writes, 0);
}

/* --------------------------------------------------- through the bus */

static void test_via_dispatch(void **state)
{
	struct mmio_bus bus;
	struct mmio_access a = {.addr = BASE + TESTDEV_SCRATCH + 2, .size = 2,
				.write = true, .data = 0x7777};

	(void)state;
	memset(&bus, 0, sizeof(bus));
	assert_int_equal(mmio_register(&bus, BASE, TESTDEV_SIZE,
				       testdev_access, &dev, "testdev"),
			 MMIO_REG_OK);
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev.scratch, 0x77770000);
	assert_int_equal(dev.last_offset, TESTDEV_SCRATCH + 2);

	a = (struct mmio_access){.addr = BASE + TESTDEV_ID, .size = 4};
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(mmio_read_result(&a), TESTDEV_ID_VALUE);

	a = (struct mmio_access){.addr = BASE + 1, .size = 2};
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_DEVICE_ERROR);
}

/* Attached where the configuration says, and back to zero on a restart. */
static void test_attach_and_reset(void **state)
{
	static struct partition part;
	static struct cfg_partition cfg;
	struct mmio_access a = {.addr = BASE + TESTDEV_SCRATCH, .size = 4,
				.write = true, .data = 0x12345678};

	(void)state;
	memset(&part, 0, sizeof(part));
	memset(&cfg, 0, sizeof(cfg));
	part.cfg = &cfg;
	assert_int_equal(testdev_attach(&part), 0);
	assert_int_equal(part.mmio.nr, 0); /* not configured: nothing */
	cfg.has_test_device = true;
	cfg.test_device = BASE;
	assert_int_equal(testdev_attach(&part), 0);
	assert_int_equal(mmio_dispatch(&part.mmio, &a), MMIO_OK);
	assert_int_equal(part.testdev.scratch, 0x12345678);
	assert_int_equal(part.testdev.writes, 1);
	vdev_reset_all(&part);
	assert_int_equal(part.testdev.scratch, 0);
	assert_int_equal(part.testdev.writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_map_constants),
		cmocka_unit_test(test_attach_and_reset),
		cmocka_unit_test_setup(test_initial_state, setup),
		cmocka_unit_test_setup(test_byte_and_halfword_lanes, setup),
		cmocka_unit_test_setup(
			test_negative_sign_extends_through_read_result, setup),
		cmocka_unit_test_setup(test_unused_space_reads_zero, setup),
		cmocka_unit_test_setup(test_scratch_word, setup),
		cmocka_unit_test_setup(test_scratch_byte_lanes, setup),
		cmocka_unit_test_setup(test_scratch_halfword_lanes, setup),
		cmocka_unit_test_setup(test_write_data_cut_to_size, setup),
		cmocka_unit_test_setup(test_ro_writes_recorded_and_ignored,
				       setup),
		cmocka_unit_test_setup(test_unused_space_writes_recorded,
				       setup),
		cmocka_unit_test_setup(test_unaligned_refused, setup),
		cmocka_unit_test_setup(test_bad_sizes_and_range_refused, setup),
		cmocka_unit_test_setup(test_via_dispatch, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
