/* Host unit tests for the MMIO dispatcher (core/mmio.c). */
/* links: core/mmio.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/mmio.h>
#include <string.h>

/* A fake device: records what it was handed, answers with a set result. */
struct fake {
	unsigned calls;
	struct mmio_access seen;
	uint32_t read_value;
	int result;
};

static int fake_access(void *dev, struct mmio_access *a)
{
	struct fake *f = dev;

	f->calls++;
	f->seen = *a;
	if (!a->write)
		a->data = f->read_value;
	return f->result;
}

static struct mmio_bus bus;
static struct fake dev_a, dev_b;

static int setup(void **state)
{
	(void)state;
	memset(&bus, 0, sizeof(bus));
	memset(&dev_a, 0, sizeof(dev_a));
	memset(&dev_b, 0, sizeof(dev_b));
	return 0;
}

static struct mmio_access read_at(uint64_t addr, unsigned size)
{
	struct mmio_access a = {.addr = addr, .size = size, .reg = 3,
				.offset = 0xdeadbeef};

	return a;
}

/* ------------------------------------------------------------- register */

static void test_register_and_find(void **state)
{
	const struct mmio_region *r;

	(void)state;
	assert_int_equal(mmio_register(&bus, 0x1c090000, 0x1000, fake_access,
				       &dev_a, "uart"),
			 MMIO_REG_OK);
	assert_int_equal(mmio_register(&bus, 0x2c001000, 0x1000, fake_access,
				       &dev_b, "gicd"),
			 MMIO_REG_OK);
	assert_int_equal(bus.nr, 2);

	r = mmio_find(&bus, 0x1c090000);
	assert_non_null(r);
	assert_ptr_equal(r->dev, &dev_a);
	assert_string_equal(r->name, "uart");
	assert_int_equal(r->base, 0x1c090000);
	assert_int_equal(r->size, 0x1000);
	assert_ptr_equal(r->access, fake_access);
	assert_ptr_equal(mmio_find(&bus, 0x1c090fff)->dev, &dev_a);
	assert_ptr_equal(mmio_find(&bus, 0x2c001800)->dev, &dev_b);
	assert_ptr_equal(mmio_find(&bus, 0x2c001fff)->dev, &dev_b);
	/* just outside each region */
	assert_null(mmio_find(&bus, 0x1c08ffff));
	assert_null(mmio_find(&bus, 0x1c091000));
	assert_null(mmio_find(&bus, 0x2c002000));
	assert_null(mmio_find(&bus, 0));
	/* the same low 32 bits, 4 GiB higher */
	assert_null(mmio_find(&bus, 0x11c090000ull));
}

static void test_find_empty_bus(void **state)
{
	(void)state;
	assert_null(mmio_find(&bus, 0));
	assert_null(mmio_find(&bus, 0x1c090000));
}

static void test_register_overlap(void **state)
{
	static const struct {
		uint64_t base, size;
	} overlapping[] = {
		{0x10000, 0x1000},  /* identical */
		{0x10800, 0x10},    /* inside */
		{0xf000, 0x1001},   /* last byte on its first */
		{0x10fff, 0x1000},  /* first byte on its last */
		{0x0, 0x100000},    /* around it */
		{0x10000, 1},
	};

	(void)state;
	assert_int_equal(mmio_register(&bus, 0x10000, 0x1000, fake_access,
				       &dev_a, "a"),
			 MMIO_REG_OK);
	for (unsigned i = 0; i < sizeof(overlapping) / sizeof(overlapping[0]);
	     i++)
		assert_int_equal(mmio_register(&bus, overlapping[i].base,
					       overlapping[i].size,
					       fake_access, &dev_b, "b"),
				 MMIO_REG_OVERLAP);
	assert_int_equal(bus.nr, 1);
	/* touching on either side is not overlapping */
	assert_int_equal(mmio_register(&bus, 0xf000, 0x1000, fake_access,
				       &dev_b, "below"),
			 MMIO_REG_OK);
	assert_int_equal(mmio_register(&bus, 0x11000, 0x1000, fake_access,
				       &dev_b, "above"),
			 MMIO_REG_OK);
	assert_int_equal(bus.nr, 3);
}

static void test_register_empty_or_wrapping(void **state)
{
	(void)state;
	assert_int_equal(mmio_register(&bus, 0x1000, 0, fake_access, &dev_a,
				       "empty"),
			 MMIO_REG_EMPTY);
	assert_int_equal(mmio_register(&bus, 0xfffffffffffff000ull, 0x2000,
				       fake_access, &dev_a, "wraps"),
			 MMIO_REG_EMPTY);
	assert_int_equal(mmio_register(&bus, 2, UINT64_MAX, fake_access,
				       &dev_a, "wraps"),
			 MMIO_REG_EMPTY);
	assert_int_equal(bus.nr, 0);
	/* ending exactly at the top of the address space is fine */
	assert_int_equal(mmio_register(&bus, 0xfffffffffffff000ull, 0x1000,
				       fake_access, &dev_a, "top"),
			 MMIO_REG_OK);
	assert_ptr_equal(mmio_find(&bus, UINT64_MAX)->dev, &dev_a);
	assert_null(mmio_find(&bus, 0xffffffffffffefffull));
}

static void test_register_full(void **state)
{
	(void)state;
	for (unsigned i = 0; i < MAX_MMIO_REGIONS; i++)
		assert_int_equal(mmio_register(&bus, 0x100000 + i * 0x1000,
					       0x1000, fake_access, &dev_a,
					       "dev"),
				 MMIO_REG_OK);
	assert_int_equal(bus.nr, MAX_MMIO_REGIONS);
	assert_int_equal(mmio_register(&bus, 0x900000, 0x1000, fake_access,
				       &dev_b, "one too many"),
			 MMIO_REG_FULL);
	assert_int_equal(bus.nr, MAX_MMIO_REGIONS);
	assert_null(mmio_find(&bus, 0x900000));
	/* every registered one is still found */
	for (unsigned i = 0; i < MAX_MMIO_REGIONS; i++)
		assert_ptr_equal(mmio_find(&bus, 0x100000 + i * 0x1000 + 0x10)
					 ->base,
				 0x100000 + i * 0x1000);
}

/* ------------------------------------------------------------- dispatch */

static void test_dispatch_read(void **state)
{
	struct mmio_access a = read_at(0x2c001004, 4);

	(void)state;
	mmio_register(&bus, 0x1c090000, 0x1000, fake_access, &dev_a, "a");
	mmio_register(&bus, 0x2c001000, 0x1000, fake_access, &dev_b, "b");
	dev_b.read_value = 0xcafef00d;

	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_a.calls, 0);
	assert_int_equal(dev_b.calls, 1);
	assert_int_equal(dev_b.seen.offset, 4);
	assert_int_equal(dev_b.seen.addr, 0x2c001004);
	assert_int_equal(dev_b.seen.size, 4);
	assert_int_equal(dev_b.seen.reg, 3);
	assert_false(dev_b.seen.write);
	assert_int_equal(a.offset, 4);
	assert_int_equal(a.data, 0xcafef00d);
}

static void test_dispatch_write(void **state)
{
	struct mmio_access a = {.addr = 0x1c090ffe, .size = 2, .write = true,
				.data = 0xbeef};

	(void)state;
	mmio_register(&bus, 0x1c090000, 0x1000, fake_access, &dev_a, "a");
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_a.calls, 1);
	assert_true(dev_a.seen.write);
	assert_int_equal(dev_a.seen.offset, 0xffe);
	assert_int_equal(dev_a.seen.data, 0xbeef);
}

static void test_dispatch_returns_device_result(void **state)
{
	struct mmio_access a = read_at(0x1c090010, 4);

	(void)state;
	mmio_register(&bus, 0x1c090000, 0x1000, fake_access, &dev_a, "a");
	dev_a.result = MMIO_DEVICE_ERROR;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_DEVICE_ERROR);
	assert_int_equal(dev_a.calls, 1);
	dev_a.result = MMIO_OK;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_a.calls, 2);
}

static void test_dispatch_no_device(void **state)
{
	struct mmio_access a = read_at(0x1c091000, 4);

	(void)state;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_NO_DEVICE);
	mmio_register(&bus, 0x1c090000, 0x1000, fake_access, &dev_a, "a");
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_NO_DEVICE);
	a.addr = 0x1c08fffc;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_NO_DEVICE);
	assert_int_equal(dev_a.calls, 0);
}

static void test_dispatch_past_region_end(void **state)
{
	struct mmio_access a = read_at(0x1c090ffe, 4);

	(void)state;
	mmio_register(&bus, 0x1c090000, 0x1000, fake_access, &dev_a, "a");
	/* 2 bytes inside, 2 beyond: the device is not asked */
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_DEVICE_ERROR);
	a.addr = 0x1c090fff;
	a.size = 2;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_DEVICE_ERROR);
	assert_int_equal(dev_a.calls, 0);
	/* the last byte alone is fine */
	a.size = 1;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_a.seen.offset, 0xfff);
}

/* ----------------------------------------------------------- read result */

static uint32_t result(unsigned size, bool sext, uint32_t data)
{
	struct mmio_access a = {.size = size, .sign_extend = sext,
				.data = data};

	return mmio_read_result(&a);
}

static void test_read_result_zero_extends(void **state)
{
	(void)state;
	assert_int_equal(result(1, false, 0xffffff80), 0x80);
	assert_int_equal(result(1, false, 0x7f), 0x7f);
	assert_int_equal(result(2, false, 0xffff8001), 0x8001);
	assert_int_equal(result(2, false, 0x12345678), 0x5678);
	assert_int_equal(result(4, false, 0x87654321), 0x87654321);
}

static void test_read_result_sign_extends(void **state)
{
	(void)state;
	assert_int_equal(result(1, true, 0x80), 0xffffff80);
	assert_int_equal(result(1, true, 0xff), 0xffffffff);
	assert_int_equal(result(1, true, 0x7f), 0x7f);
	/* the data above the access size is ignored either way */
	assert_int_equal(result(1, true, 0x1234567f), 0x7f);
	assert_int_equal(result(1, true, 0x12345680), 0xffffff80);
	assert_int_equal(result(2, true, 0x8000), 0xffff8000);
	assert_int_equal(result(2, true, 0x7fff), 0x7fff);
	assert_int_equal(result(2, true, 0xabcd8001), 0xffff8001);
	assert_int_equal(result(2, true, 0xabcd0001), 0x1);
	/* a word has nothing to extend */
	assert_int_equal(result(4, true, 0x80000000), 0x80000000);
	assert_int_equal(result(4, true, 0x7fffffff), 0x7fffffff);
}

/* Each vCPU's last region is tried first; a miss still finds the right one. */
static void test_dispatch_last_region_hint(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(mmio_register(&bus, 0x1000, 0x1000, fake_access,
				       &dev_a, "a"),
			 MMIO_REG_OK);
	assert_int_equal(mmio_register(&bus, 0x3000, 0x1000, fake_access,
				       &dev_b, "b"),
			 MMIO_REG_OK);
	/* vCPU 1 uses b: its hint moves there; vCPU 0's stays on a. */
	a = read_at(0x3004, 4);
	a.vcpu = 1;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_b.calls, 1);
	assert_int_equal(a.region, 1);
	assert_int_equal(bus.last[1], 1);
	assert_int_equal(bus.last[0], 0);
	a = read_at(0x1008, 4);
	a.vcpu = 1; /* hint b, access a: found all the same */
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_a.calls, 1);
	assert_int_equal(a.region, 0);
	assert_int_equal(a.offset, 8);
	/* Between the regions: nothing, whatever the hint. */
	a = read_at(0x2000, 4);
	a.vcpu = 1;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_NO_DEVICE);
	/* A hint on a region never registered (all zero) is only a miss. */
	bus.last[2] = 5;
	a = read_at(0x3000, 4);
	a.vcpu = 2;
	assert_int_equal(mmio_dispatch(&bus, &a), MMIO_OK);
	assert_int_equal(dev_b.calls, 2);
	assert_int_equal(bus.last[2], 1);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_register_and_find, setup),
		cmocka_unit_test_setup(test_find_empty_bus, setup),
		cmocka_unit_test_setup(test_register_overlap, setup),
		cmocka_unit_test_setup(test_register_empty_or_wrapping, setup),
		cmocka_unit_test_setup(test_register_full, setup),
		cmocka_unit_test_setup(test_dispatch_read, setup),
		cmocka_unit_test_setup(test_dispatch_write, setup),
		cmocka_unit_test_setup(test_dispatch_returns_device_result,
				       setup),
		cmocka_unit_test_setup(test_dispatch_no_device, setup),
		cmocka_unit_test_setup(test_dispatch_past_region_end, setup),
		cmocka_unit_test_setup(test_dispatch_last_region_hint, setup),
		cmocka_unit_test(test_read_result_zero_extends),
		cmocka_unit_test(test_read_result_sign_extends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
