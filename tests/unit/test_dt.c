/*
 * Host unit tests for the device-tree helpers (core/dt.c): "reg" decoding and
 * translation through the "ranges" of every ancestor bus. Fixture:
 * tests/unit/dts/dt-buses.dts, built to $TESSERA_BUILD/host/dts/.
 */
/* links: core/dt.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/dt.h>
#include "unit_fdt.h"

struct reg {
	uint64_t addr, size;
	const char *why;
	int rc;
};

/* dt_reg on a node by path; a sentinel shows what was not written. */
static struct reg reg_of(const void *fdt, const char *path, int idx)
{
	struct reg r = {.addr = 0xa5a5a5a5a5a5a5a5ull,
			.size = 0x5a5a5a5a5a5a5a5aull,
			.why = NULL};

	r.rc = dt_reg(fdt, unit_node(fdt, path), idx, &r.addr, &r.size, &r.why);
	assert_non_null(r.why);
	return r;
}

static void assert_reg(const void *fdt, const char *path, int idx,
		       uint64_t addr, uint64_t size)
{
	struct reg r = reg_of(fdt, path, idx);

	if (r.rc)
		fail_msg("%s[%d]: %s", path, idx, r.why);
	assert_int_equal(r.addr, addr);
	assert_int_equal(r.size, size);
	assert_string_equal(r.why, "");
}

static void assert_reg_fails(const void *fdt, const char *path, int idx,
			     const char *reason)
{
	struct reg r = reg_of(fdt, path, idx);

	if (r.rc == 0)
		fail_msg("%s[%d] translated to 0x%llx, expected \"%s\"", path,
			 idx, (unsigned long long)r.addr, reason);
	assert_true(r.rc < 0);
	assert_contains(r.why, reason);
}

static int setup(void **state)
{
	*state = unit_load_dtb("host/dts/dt-buses.dtb");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* ------------------------------------------------------------ dt_reg */

static void test_reg_under_root(void **state)
{
	const void *fdt = *state;

	assert_reg(fdt, "/direct@100001000", 0, 0x100001000ull, 0x100);
	assert_reg(fdt, "/direct@100001000", 1, 0x20000000, 0x200000000ull);
}

static void test_reg_three_level_bus(void **state)
{
	const void *fdt = *state;
	const char *dev = "/smb@8000000/mb/iofpga@300000000/dev@90000";

	/* iofpga 0x90000 -> mb 3:0x90000 -> (identity) -> smb 0x1c090000 */
	assert_reg(fdt, dev, 0, 0x1c090000, 0x1000);
	/* the last page of the iofpga window */
	assert_reg(fdt, dev, 1, 0x1c1ff000, 0x1000);
	/* smb's second range (chip select 2) */
	assert_reg(fdt, "/smb@8000000/mb/cs2-dev@200000100", 0, 0x18000100,
		   0x10);
}

static void test_reg_identity_ranges(void **state)
{
	const void *fdt = *state;

	assert_reg(fdt, "/identity-bus/dev@c0000000", 0, 0xc0000000, 0x2000);
	/* defaults: #address-cells 2, #size-cells 1 */
	assert_reg(fdt, "/defaults-bus/dev@100002000", 0, 0x100002000ull,
		   0x30);
}

static void test_reg_windows(void **state)
{
	const void *fdt = *state;

	assert_reg(fdt, "/window-bus@40000000/first@10", 0, 0x40000010, 4);
	assert_reg(fdt, "/window-bus@40000000/last-word@fffc", 0, 0x4000fffc,
		   4);
	assert_reg(fdt, "/window-bus@40000000/second@100800", 0, 0x50000800,
		   0x10);
}

static void test_reg_sizeless(void **state)
{
	const void *fdt = *state;

	assert_reg(fdt, "/sizeless-bus/dev@1234", 0, 0x1234, 0);
	assert_reg(fdt, "/sizeless-bus/dev@1234", 1, 0x5678, 0);
	assert_reg(fdt, "/sizeless-bus/dev@1234", 2, 0x9abc, 0);
	assert_reg_fails(fdt, "/sizeless-bus/dev@1234", 3, "too few entries");
}

static void test_reg_bus_without_ranges(void **state)
{
	const void *fdt = *state;

	assert_reg_fails(fdt, "/opaque-bus/dev@100", 0, "no \"ranges\"");
	/* the opaque bus is the grandparent here */
	assert_reg_fails(fdt, "/opaque-bus/inner-bus/dev@200", 0,
			 "no \"ranges\"");
	/* /cpus has no ranges: a CPU's reg is not an address */
	assert_reg_fails(fdt, "/cpus/cpu@101", 0, "not translatable");
}

static void test_reg_not_covered(void **state)
{
	const void *fdt = *state;

	assert_reg_fails(fdt, "/window-bus@40000000/gap@10000", 0,
			 "not covered");
	assert_reg_fails(fdt, "/window-bus@40000000/below@ff000", 0,
			 "not covered");
	assert_reg_fails(fdt, "/smb@8000000/mb/iofpga@300000000/beyond@200000",
			 0, "not covered");
	/* covered by the inner bus, but not by smb's ranges */
	assert_reg_fails(fdt, "/smb@8000000/mb/cs1-dev@100000000", 0,
			 "not covered");
}

static void test_reg_malformed(void **state)
{
	const void *fdt = *state;

	assert_reg_fails(fdt, "/bad-reg-len", 0, "malformed \"reg\"");
	assert_reg_fails(fdt, "/no-reg", 0, "missing \"reg\"");
	assert_reg_fails(fdt, "/direct@100001000", 2, "too few entries");
	assert_reg_fails(fdt, "/bad-ranges-bus/dev@0", 0,
			 "malformed \"ranges\"");
	assert_reg_fails(fdt, "/wide-bus/dev@0", 0,
			 "unsupported #address-cells");
	assert_reg_fails(fdt, "/", 0, "broken tree structure");
}

static void test_reg_real_vexpress_tree(void **state)
{
	void *fdt = unit_load_dtb("vexpress-a15/host-4cpu.dtb");
	const char *io = "/smb@8000000/motherboard-bus/iofpga-bus@300000000";
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/serial@90000", io);
	assert_reg(fdt, path, 0, 0x1c090000, 0x1000);
	snprintf(path, sizeof(path), "%s/sysreg@10000", io);
	assert_reg(fdt, path, 0, 0x1c010000, 0x1000);
	assert_reg(fdt, "/interrupt-controller@2c001000", 3, 0x2c006000,
		   0x2000);
	free(fdt);
}

/* ------------------------------------------------------ dt_reg_count */

static void test_reg_count(void **state)
{
	const void *fdt = *state;

	assert_int_equal(dt_reg_count(fdt, unit_node(fdt, "/direct@100001000")),
			 2);
	assert_int_equal(
		dt_reg_count(fdt, unit_node(fdt, "/sizeless-bus/dev@1234")), 3);
	assert_int_equal(dt_reg_count(fdt, unit_node(fdt, "/cpus/cpu@101")),
			 1);
	assert_int_equal(
		dt_reg_count(fdt, unit_node(fdt, "/window-bus@40000000/first@10")),
		1);
	assert_int_equal(dt_reg_count(fdt, unit_node(fdt, "/no-reg")), 0);
	assert_true(dt_reg_count(fdt, unit_node(fdt, "/bad-reg-len")) < 0);
	assert_true(dt_reg_count(fdt, unit_node(fdt, "/wide-bus/dev@0")) < 0);
	assert_true(dt_reg_count(fdt, 0) < 0); /* the root has no parent */
}

/* ------------------------------------------------- dt_read_u32 & co. */

static void test_read_u32(void **state)
{
	const void *fdt = *state;
	int props = unit_node(fdt, "/props");
	uint32_t v = 7;

	assert_true(dt_read_u32(fdt, props, "u32", &v));
	assert_int_equal(v, 0xdeadbeef);

	v = 7;
	assert_false(dt_read_u32(fdt, props, "missing", &v));
	assert_int_equal(v, 7);
	assert_false(dt_read_u32(fdt, props, "u64", &v)); /* 8 bytes */
	assert_int_equal(v, 7);
	assert_false(dt_read_u32(fdt, props, "str", &v)); /* 3 bytes */
	assert_false(dt_read_u32(fdt, props, "empty", &v));
	assert_int_equal(v, 7);
	assert_true(dt_read_u32(fdt, unit_node(fdt, "/smb@8000000"),
				"#size-cells", &v));
	assert_int_equal(v, 1);
}

static void test_read_cells(void **state)
{
	const uint32_t be[3] = {cpu_to_fdt32(0x12345678),
				cpu_to_fdt32(0x9abcdef0),
				cpu_to_fdt32(0xffffffff)};

	(void)state;
	assert_int_equal(dt_read_cells(be, 1), 0x12345678);
	assert_int_equal(dt_read_cells(be, 2), 0x123456789abcdef0ull);
	assert_int_equal(dt_read_cells(be + 1, 2), 0x9abcdef0ffffffffull);
	assert_int_equal(dt_read_cells(be + 2, 1), 0xffffffffull);
	assert_int_equal(dt_read_cells(be, 0), 0);
}

static void test_path(void **state)
{
	const void *fdt = *state;
	const char *p = "/smb@8000000/mb/iofpga@300000000/dev@90000";
	char buf[64], tiny[8];

	assert_string_equal(dt_path(fdt, unit_node(fdt, p), buf, sizeof(buf)),
			    p);
	assert_string_equal(dt_path(fdt, 0, buf, sizeof(buf)), "/");
	assert_string_equal(dt_path(fdt, unit_node(fdt, p), tiny,
				    sizeof(tiny)),
			    "?");
	assert_string_equal(dt_path(fdt, -1, buf, sizeof(buf)), "?");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reg_under_root),
		T(test_reg_three_level_bus),
		T(test_reg_identity_ranges),
		T(test_reg_windows),
		T(test_reg_sizeless),
		T(test_reg_bus_without_ranges),
		T(test_reg_not_covered),
		T(test_reg_malformed),
		cmocka_unit_test(test_reg_real_vexpress_tree),
		T(test_reg_count),
		T(test_read_u32),
		cmocka_unit_test(test_read_cells),
		T(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
