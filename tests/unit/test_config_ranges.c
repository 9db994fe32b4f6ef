/*
 * Host unit tests for the flat list of host ranges the configuration checks
 * walk (core/config_ranges.c) and the names messages give them
 * (cfg_range_name() in core/config_report.c), on configurations built by
 * hand: what goes in, in which order, tagged with which owner; bytes covered
 * with overlaps counted once; the cap on reserved ranges.
 */
/* links: core/config_parse.c core/config_resolve.c core/config_check.c */
/* links: core/config_ranges.c core/config_report.c core/platform.c */
/* links: core/dt.c core/guest_platform.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../core/config_internal.h"
#include <stdio.h>
#include <string.h>

static struct config cfg;
static struct platform host;
static struct cfg_ranges rs;
static unsigned nr_msgs;
static char last_msg[512];

static const struct cfg_reserved reserved[] = {
	{"the hypervisor image", 0x80010000, 0x4c000},
	{"the host device tree", 0x81000000, 0x10000},
};

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	nr_msgs++;
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static struct cfg_report rep = {.error = collect};

static void add_device(struct cfg_partition *p, const char *path,
		       unsigned nr_regs, uint64_t base)
{
	struct cfg_device *d = &p->devices[p->nr_devices++];

	snprintf(d->host_path, sizeof(d->host_path), "%s", path);
	d->nr_regs = nr_regs;
	for (unsigned i = 0; i < nr_regs; i++)
		d->regs[i] = (struct mem_range){base + i * 0x1000, 0x100};
}

/*
 * a: allocated + fixed memory, a kernel left in RAM, a device with two
 * regs; b: fixed memory, an embedded kernel and an initrd left in RAM.
 */
static int setup(void **state)
{
	static const char kernel_bytes[16];
	struct cfg_partition *a = &cfg.part[0], *b = &cfg.part[1];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(&host, 0, sizeof(host));
	nr_msgs = 0;
	last_msg[0] = '\0';
	rep.errors = 0;

	host.nr_mem = 1;
	host.mem[0] = (struct mem_range){0x80000000, 0x40000000};
	host.gic.gicd = (struct mem_range){0x2c001000, 0x1000};
	host.gic.gicc = (struct mem_range){0x2c002000, 0x2000};
	host.gic.gich = (struct mem_range){0x2c004000, 0x2000};
	host.gic.gicv = (struct mem_range){0x2c006000, 0x2000};
	host.uart.base = 0x1c090000;
	host.sysreg = 0x1c010000;

	cfg.nr_partitions = 2;
	strcpy(a->path, "/partitions/a");
	a->nr_mem = 2;
	a->mem[0] = (struct cfg_mem){.guest = 0x80000000, .size = 0x100000};
	a->mem[1] = (struct cfg_mem){.guest = 0x90000000, .size = 0x200000,
				     .host = 0xa0000000, .fixed = true};
	a->kernel = (struct cfg_blob){.present = true, .host = 0xb0000000,
				      .size = 0x5000, .load = 0x80008000};
	add_device(a, "/smb/serial@a0000", 2, 0x1c0a0000);

	strcpy(b->path, "/partitions/b");
	b->nr_mem = 1;
	b->mem[0] = (struct cfg_mem){.guest = 0x80000000, .size = 0x100000,
				     .host = 0xa8000000, .fixed = true};
	b->kernel = (struct cfg_blob){.present = true, .data = kernel_bytes,
				      .size = sizeof(kernel_bytes),
				      .load = 0x80008000};
	b->initrd = (struct cfg_blob){.present = true, .host = 0xb1000000,
				      .size = 0x3000, .load = 0x80400000};
	return 0;
}

static void assert_range(unsigned i, enum cfg_range_kind kind, uint64_t base,
			 uint64_t size, const char *what,
			 const struct cfg_partition *owner, unsigned index)
{
	const struct cfg_range *x = &rs.r[i];

	assert_true(i < rs.n);
	assert_int_equal(x->kind, kind);
	assert_int_equal(x->base, base);
	assert_int_equal(x->size, size);
	if (what)
		assert_string_equal(x->what, what);
	else
		assert_null(x->what);
	assert_ptr_equal(x->owner, owner);
	assert_int_equal(x->index, index);
}

/* Reserved, the hypervisor's devices, then fixed memory, images, devices. */
static void test_order_and_owners(void **state)
{
	const struct cfg_partition *a = &cfg.part[0], *b = &cfg.part[1];

	(void)state;
	cfg_ranges_build(&rs, &cfg, &host, reserved, 2, &rep);
	assert_int_equal(rs.n, 2 + 6 + 2 + 2 + 2);
	assert_range(0, CFG_RANGE_RESERVED, 0x80010000, 0x4c000,
		     "the hypervisor image", NULL, 0);
	assert_range(1, CFG_RANGE_RESERVED, 0x81000000, 0x10000,
		     "the host device tree", NULL, 1);
	assert_range(2, CFG_RANGE_HYP_DEVICE, 0x2c001000, 0x1000,
		     "GIC distributor (GICD)", NULL, 0);
	assert_range(6, CFG_RANGE_HYP_DEVICE, 0x1c090000, 0x1000,
		     "console UART", NULL, 4);
	assert_range(7, CFG_RANGE_HYP_DEVICE, 0x1c010000, 0x1000,
		     "system registers", NULL, 5);
	assert_range(8, CFG_RANGE_FIXED_MEM, 0xa0000000, 0x200000, NULL, a, 1);
	assert_range(9, CFG_RANGE_FIXED_MEM, 0xa8000000, 0x100000, NULL, b, 0);
	/* embedded images are not at a host address */
	assert_range(10, CFG_RANGE_HOST_IMAGE, 0xb0000000, 0x5000, "kernel", a,
		     0);
	assert_range(11, CFG_RANGE_HOST_IMAGE, 0xb1000000, 0x3000, "initrd", b,
		     0);
	assert_range(12, CFG_RANGE_DEVICE, 0x1c0a0000, 0x100,
		     "/smb/serial@a0000", a, 0);
	assert_range(13, CFG_RANGE_DEVICE, 0x1c0a1000, 0x100,
		     "/smb/serial@a0000", a, 0);
	assert_int_equal(nr_msgs, 0);
}

/* Without a host: no hypervisor devices; without reserved: none of those. */
static void test_no_host_no_reserved(void **state)
{
	unsigned i, n = 0;

	(void)state;
	cfg_ranges_build(&rs, &cfg, NULL, NULL, 5, &rep);
	assert_int_equal(rs.n, 6);
	assert_int_equal(rs.r[0].kind, CFG_RANGE_FIXED_MEM);
	for_each_cfg_range(i, &rs, CFG_KIND(CFG_RANGE_DEVICE)) {
		assert_int_equal(rs.r[i].kind, CFG_RANGE_DEVICE);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(nr_msgs, 0);
}

static void test_walk_by_kind(void **state)
{
	unsigned kinds = CFG_KIND(CFG_RANGE_RESERVED) |
			 CFG_KIND(CFG_RANGE_HOST_IMAGE);
	unsigned i, seen[CFG_MAX_RANGES], n = 0;

	(void)state;
	cfg_ranges_build(&rs, &cfg, &host, reserved, 2, &rep);
	for_each_cfg_range(i, &rs, kinds)
		seen[n++] = i;
	assert_int_equal(n, 4);
	assert_int_equal(seen[0], 0);
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 10);
	assert_int_equal(seen[3], 11);
	assert_int_equal(cfg_ranges_next(&rs, rs.n, kinds), rs.n);
	assert_int_equal(cfg_ranges_next(&rs, 0, 0), rs.n);
}

/* Overlapping and touching ranges count once; the window clips them. */
static void test_covered_bytes(void **state)
{
	unsigned fixed = CFG_KIND(CFG_RANGE_FIXED_MEM);

	(void)state;
	cfg.part[1].mem[0].host = 0xa0100000; /* inside a's 2 MiB, 1 MiB */
	cfg.part[0].mem[0] = (struct cfg_mem){.guest = 0, .size = 0x100000,
					      .host = 0xa0200000,
					      .fixed = true}; /* touches */
	cfg_ranges_build(&rs, &cfg, &host, reserved, 2, &rep);
	assert_int_equal(cfg_ranges_covered(&rs, fixed, 0x80000000,
					    0xc0000000),
			 0x300000);
	assert_int_equal(cfg_ranges_covered(&rs, fixed, 0xa0180000,
					    0xa0280000),
			 0x100000);
	assert_int_equal(cfg_ranges_covered(&rs, fixed, 0xa0300000,
					    0xc0000000),
			 0);
	/* the reserved ranges are another kind */
	fixed |= CFG_KIND(CFG_RANGE_RESERVED);
	assert_int_equal(cfg_ranges_covered(&rs, fixed, 0x80000000,
					    0xc0000000),
			 0x300000 + 0x4c000 + 0x10000);
}

static void assert_name(unsigned i, const char *want)
{
	assert_string_equal(cfg_range_name(&rs.r[i]).s, want);
}

/* Every kind names itself and its owner, as overlap messages quote it. */
static void test_names(void **state)
{
	(void)state;
	cfg_ranges_build(&rs, &cfg, &host, reserved, 2, &rep);
	assert_name(0, "the hypervisor image (0x80010000-0x8005bfff)");
	assert_name(2, "the hypervisor's GIC distributor (GICD) "
		       "(0x2c001000-0x2c001fff)");
	assert_name(8, "the fixed memory at host 0xa0000000-0xa01fffff of "
		       "/partitions/a");
	assert_name(11, "the initrd image at host 0xb1000000-0xb1002fff of "
			"/partitions/b");
	assert_name(13, "device \"/smb/serial@a0000\" (0x1c0a1000-0x1c0a10ff) "
			"of /partitions/a");
}

/* The host's reserved memory follows the hypervisor's devices. */
static void test_host_reserved(void **state)
{
	(void)state;
	host.nr_reserved = 2;
	host.reserved[0] = (struct host_reserved){0xbf000000, 0x100000,
						  "/reserved-memory/fw@bf000000"};
	host.reserved[1] = (struct host_reserved){0x80000000, 0x1000,
						  "/memreserve/ 0"};
	cfg_ranges_build(&rs, &cfg, &host, reserved, 2, &rep);
	assert_int_equal(rs.r[8].kind, CFG_RANGE_HOST_RESERVED);
	assert_int_equal(rs.r[9].kind, CFG_RANGE_HOST_RESERVED);
	assert_int_equal(rs.r[10].kind, CFG_RANGE_FIXED_MEM);
	assert_name(8, "the host's reserved memory /reserved-memory/fw@bf000000 "
		       "(0xbf000000-0xbf0fffff)");
	assert_name(9, "the host's reserved memory /memreserve/ 0 "
		       "(0x80000000-0x80000fff)");
	/* without a host, there is none */
	cfg_ranges_build(&rs, &cfg, NULL, reserved, 2, &rep);
	assert_int_equal(rs.r[2].kind, CFG_RANGE_FIXED_MEM);
}

/* The list holds everything the limits allow; more reserved is refused. */
static void test_capacity(void **state)
{
	static struct cfg_reserved many[CFG_MAX_RESERVED + 1];

	(void)state;
	cfg.nr_partitions = MAX_PARTITIONS;
	for (unsigned p = 0; p < MAX_PARTITIONS; p++) {
		struct cfg_partition *part = &cfg.part[p];

		memset(part, 0, sizeof(*part));
		snprintf(part->path, sizeof(part->path), "/partitions/p%u", p);
		part->nr_mem = MAX_PART_MEM;
		for (unsigned m = 0; m < MAX_PART_MEM; m++)
			part->mem[m] = (struct cfg_mem){
				.size = 0x1000, .host = 0x1000, .fixed = true};
		part->kernel = (struct cfg_blob){.present = true, .size = 1};
		part->initrd = (struct cfg_blob){.present = true, .size = 1};
		for (unsigned d = 0; d < MAX_PART_DEVICES; d++)
			add_device(part, "/dev", MAX_DEVICE_REGS, 0x1000);
	}
	for (unsigned i = 0; i < CFG_MAX_RESERVED + 1; i++)
		many[i] = (struct cfg_reserved){"reserved", i * 0x1000, 0x1000};
	host.nr_reserved = MAX_HOST_RESERVED;
	for (unsigned i = 0; i < MAX_HOST_RESERVED; i++)
		host.reserved[i] = (struct host_reserved){i * 0x1000, 0x1000,
							  "/memreserve/"};

	cfg_ranges_build(&rs, &cfg, &host, many, CFG_MAX_RESERVED, &rep);
	assert_int_equal(rs.n, CFG_MAX_RANGES);
	assert_int_equal(nr_msgs, 0);

	cfg_ranges_build(&rs, &cfg, &host, many, CFG_MAX_RESERVED + 1, &rep);
	assert_int_equal(rs.n, CFG_MAX_RANGES);
	assert_int_equal(nr_msgs, 1);
	assert_int_equal(rep.errors, 1);
	assert_string_equal(last_msg,
			    "/: 17 reserved ranges: at most 16 "
			    "(CFG_MAX_RESERVED)");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_order_and_owners), T(test_no_host_no_reserved),
		T(test_walk_by_kind),     T(test_host_reserved),
		T(test_covered_bytes),
		T(test_names),            T(test_capacity),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
