/*
 * Host unit tests for a partition's virtual-device list (core/vdev.c):
 * attaching registers the MMIO range and the reset hook together, or
 * neither; resets run in attach order.
 */
/* links: core/vdev.c core/mmio.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/partition.h>
#include <core/vdev.h>
#include <string.h>

static struct partition part;
static char order[16];
static unsigned nr_order;
static int dev_a, dev_b;

static int access_fn(void *dev, struct mmio_access *a)
{
	a->data = dev == &dev_a ? 0xa : 0xb;
	return MMIO_OK;
}

static void reset_a(struct partition *p)
{
	assert_ptr_equal(p, &part);
	order[nr_order++] = 'a';
}

static void reset_b(struct partition *p)
{
	assert_ptr_equal(p, &part);
	order[nr_order++] = 'b';
}

static int setup(void **state)
{
	(void)state;
	memset(&part, 0, sizeof(part));
	memset(order, 0, sizeof(order));
	nr_order = 0;
	return 0;
}

static void test_attach_registers_range_and_hook(void **state)
{
	struct mmio_access a = {.addr = 0x2c001004, .size = 4};

	(void)state;
	assert_int_equal(vdev_attach(&part, "a", 0x2c001000, 0x1000,
				     access_fn, &dev_a, reset_a), 0);
	assert_int_equal(part.vdevs.nr, 1);
	assert_string_equal(part.vdevs.d[0].name, "a");
	assert_int_equal(mmio_dispatch(&part.mmio, &a), MMIO_OK);
	assert_int_equal(a.data, 0xa);
	assert_int_equal(a.offset, 4);
}

static void test_reset_in_attach_order(void **state)
{
	(void)state;
	assert_int_equal(vdev_attach(&part, "b", 0x1000, 0x1000, access_fn,
				     &dev_b, reset_b), 0);
	assert_int_equal(vdev_attach(&part, "none", 0x3000, 0x1000,
				     access_fn, &dev_a, NULL), 0);
	assert_int_equal(vdev_attach(&part, "a", 0x2000, 0x1000, access_fn,
				     &dev_a, reset_a), 0);
	vdev_reset_all(&part);
	vdev_reset_all(&part);
	assert_string_equal(order, "baba");
}

static void test_overlap_attaches_nothing(void **state)
{
	(void)state;
	assert_int_equal(vdev_attach(&part, "a", 0x2000, 0x1000, access_fn,
				     &dev_a, reset_a), 0);
	assert_int_equal(vdev_attach(&part, "b", 0x2800, 0x1000, access_fn,
				     &dev_b, reset_b), MMIO_REG_OVERLAP);
	assert_int_equal(part.vdevs.nr, 1);
	assert_int_equal(part.mmio.nr, 1);
	vdev_reset_all(&part);
	assert_string_equal(order, "a");
	assert_string_equal(vdev_strerror(MMIO_REG_OVERLAP),
			    "its MMIO range overlaps another device's");
}

static void test_no_mmio_range(void **state)
{
	(void)state;
	assert_int_equal(vdev_attach(&part, "b", 0, 0, NULL, NULL, reset_b),
			 0);
	assert_int_equal(part.mmio.nr, 0);
	vdev_reset_all(&part);
	assert_string_equal(order, "b");
}

static void test_full(void **state)
{
	(void)state;
	for (unsigned i = 0; i < MAX_VDEVS; i++)
		assert_int_equal(vdev_attach(&part, "n", 0, 0, NULL, NULL,
					     reset_a), 0);
	assert_int_equal(vdev_attach(&part, "b", 0x1000, 0x1000, access_fn,
				     &dev_b, reset_b), VDEV_FULL);
	assert_int_equal(part.mmio.nr, 0);
	assert_string_equal(vdev_strerror(VDEV_FULL),
			    "too many devices (MAX_VDEVS)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_attach_registers_range_and_hook,
				       setup),
		cmocka_unit_test_setup(test_reset_in_attach_order, setup),
		cmocka_unit_test_setup(test_overlap_attaches_nothing, setup),
		cmocka_unit_test_setup(test_no_mmio_range, setup),
		cmocka_unit_test_setup(test_full, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
