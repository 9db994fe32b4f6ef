/*
 * Host unit tests for the guest device-tree builder (core/guest_dt.c): every
 * node and property of the tree a partition's guest receives, read back with
 * libfdt, and the refusals (buffer too small, values beyond 32-bit cells).
 */
/* links: core/guest_dt.c core/guest_platform.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/guest_dt.h>
#include <core/testdev.h>
#include "unit_fdt.h"

#define BUF_SIZE 8192
#define INITRD_START 0x88000000ull
#define INITRD_END 0x88200000ull
#define BOOTARGS "console=ttyAMA0 earlycon root=/dev/ram0"

static struct cfg_partition cfg;
static uint8_t buf[BUF_SIZE] __attribute__((aligned(8)));
static char err[256];

/* 2 vCPUs, 2 memory regions, bootargs, test device: the full set. */
static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "linux");
	strcpy(cfg.path, "/partitions/linux");
	cfg.nr_cpus = 2;
	cfg.cpus[0] = 2;
	cfg.cpus[1] = 3;
	cfg.preset = GUEST_VEXPRESS;
	cfg.nr_mem = 2;
	cfg.mem[0] = (struct cfg_mem){.guest = 0x80000000, .size = 0x10000000};
	cfg.mem[1] = (struct cfg_mem){.guest = 0xa0000000, .size = 0x08000000};
	cfg.bootargs = BOOTARGS;
	cfg.has_test_device = true;
	cfg.test_device = 0x1a000000;
	memset(buf, 0xee, sizeof(buf));
	memset(err, 0, sizeof(err));
	return 0;
}

static const struct guest_platform *vexpress(void)
{
	return guest_platform_get(GUEST_VEXPRESS);
}

static int build(size_t size, uint64_t initrd_start, uint64_t initrd_end)
{
	return guest_dt_build(buf, size, &cfg, guest_platform_get(cfg.preset),
			      initrd_start, initrd_end, err, sizeof(err));
}

/* Builds into the whole buffer; fails the test on error or a bad tree. */
static const void *build_ok(uint64_t initrd_start, uint64_t initrd_end)
{
	int rc = build(BUF_SIZE, initrd_start, initrd_end);

	if (rc)
		fail_msg("guest_dt_build: %d: %s", rc, err);
	assert_int_equal(fdt_check_header(buf), 0);
	assert_true(fdt_totalsize(buf) <= BUF_SIZE);
	return buf;
}

/* ------------------------------------------------------------ checkers */

static void assert_prop_bytes(const void *fdt, const char *path,
			      const char *name, const void *val, int len)
{
	int plen;
	const void *p = fdt_getprop(fdt, unit_node(fdt, path), name, &plen);

	if (!p)
		fail_msg("%s: no property %s", path, name);
	if (plen != len)
		fail_msg("%s %s: %d bytes, expected %d", path, name, plen, len);
	assert_memory_equal(p, val, len);
}

/* A string property; sizeof(s) includes the NUL(s), so lists work too. */
#define assert_prop_str(fdt, path, name, s)                                   \
	assert_prop_bytes(fdt, path, name, s, (int)sizeof(s))

static void assert_prop_cells(const void *fdt, const char *path,
			      const char *name, const uint32_t *cells, int n)
{
	fdt32_t be[16];

	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	assert_prop_bytes(fdt, path, name, be, n * 4);
}

static void assert_prop_u32(const void *fdt, const char *path,
			    const char *name, uint32_t v)
{
	assert_prop_cells(fdt, path, name, &v, 1);
}

static void assert_no_prop(const void *fdt, const char *path,
			   const char *name)
{
	if (fdt_getprop(fdt, unit_node(fdt, path), name, NULL))
		fail_msg("%s has %s, expected none", path, name);
}

static void assert_no_node(const void *fdt, const char *path)
{
	if (fdt_path_offset(fdt, path) >= 0)
		fail_msg("unexpected node %s", path);
}

/* The names of node's subnodes, in order, joined by spaces. */
static const char *subnodes(const void *fdt, const char *path)
{
	static char names[512];
	int child;

	names[0] = 0;
	fdt_for_each_subnode(child, fdt, unit_node(fdt, path)) {
		if (names[0])
			strcat(names, " ");
		strcat(names, fdt_get_name(fdt, child, NULL));
	}
	return names;
}

static int prop_count(const void *fdt, const char *path)
{
	int prop, n = 0;

	fdt_for_each_property_offset(prop, fdt, unit_node(fdt, path))
		n++;
	return n;
}

/* --------------------------------------------------------- the full tree */

static void test_root(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);

	(void)state;
	assert_prop_u32(fdt, "/", "#address-cells", 1);
	assert_prop_u32(fdt, "/", "#size-cells", 1);
	assert_prop_str(fdt, "/", "model", "Tessera partition linux");
	assert_prop_str(fdt, "/", "compatible",
			"tessera,partition\0tessera,vexpress");
	assert_prop_u32(fdt, "/", "interrupt-parent", 1);
	assert_int_equal(prop_count(fdt, "/"), 5);
	assert_string_equal(subnodes(fdt, "/"),
			    "memory@80000000 memory@a0000000 cpus psci chosen "
			    "aliases interrupt-controller@2c001000 timer "
			    "apb-pclk serial@1c090000 test-device@1a000000");
}

static void test_memory(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);
	static const uint32_t reg0[] = {0x80000000, 0x10000000};
	static const uint32_t reg1[] = {0xa0000000, 0x08000000};

	(void)state;
	assert_prop_str(fdt, "/memory@80000000", "device_type", "memory");
	assert_prop_cells(fdt, "/memory@80000000", "reg", reg0, 2);
	assert_int_equal(prop_count(fdt, "/memory@80000000"), 2);
	assert_prop_str(fdt, "/memory@a0000000", "device_type", "memory");
	assert_prop_cells(fdt, "/memory@a0000000", "reg", reg1, 2);
	assert_int_equal(prop_count(fdt, "/memory@a0000000"), 2);
}

static void test_cpus(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);
	static const char *const cpus[] = {"/cpus/cpu@0", "/cpus/cpu@1"};

	(void)state;
	assert_prop_u32(fdt, "/cpus", "#address-cells", 1);
	assert_prop_u32(fdt, "/cpus", "#size-cells", 0);
	assert_int_equal(prop_count(fdt, "/cpus"), 2);
	assert_string_equal(subnodes(fdt, "/cpus"), "cpu@0 cpu@1");
	for (unsigned i = 0; i < 2; i++) {
		assert_prop_str(fdt, cpus[i], "device_type", "cpu");
		assert_prop_str(fdt, cpus[i], "compatible", "arm,cortex-a15");
		/* the vCPU index, not the physical CPU (cfg.cpus[]) */
		assert_prop_u32(fdt, cpus[i], "reg", i);
		assert_prop_str(fdt, cpus[i], "enable-method", "psci");
		assert_int_equal(prop_count(fdt, cpus[i]), 4);
	}
}

static void test_psci(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);

	(void)state;
	assert_prop_str(fdt, "/psci", "compatible",
			"arm,psci-1.0\0arm,psci-0.2");
	assert_prop_str(fdt, "/psci", "method", "hvc");
	assert_int_equal(prop_count(fdt, "/psci"), 2);
	assert_string_equal(subnodes(fdt, "/psci"), "");
}

static void test_chosen(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);

	(void)state;
	assert_prop_str(fdt, "/chosen", "bootargs", BOOTARGS);
	assert_prop_u32(fdt, "/chosen", "linux,initrd-start", 0x88000000);
	assert_prop_u32(fdt, "/chosen", "linux,initrd-end", 0x88200000);
	assert_prop_str(fdt, "/chosen", "stdout-path", "serial0:115200n8");
	assert_int_equal(prop_count(fdt, "/chosen"), 4);
}

static void test_test_device(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);
	static const uint32_t reg[] = {0x1a000000, TESTDEV_SIZE};

	(void)state;
	assert_prop_str(fdt, "/test-device@1a000000", "compatible",
			"tessera,test-device");
	assert_prop_cells(fdt, "/test-device@1a000000", "reg", reg, 2);
	assert_int_equal(prop_count(fdt, "/test-device@1a000000"), 2);
}

static void test_virtio_net_node(void **state)
{
	const void *fdt;
	static const uint32_t reg[] = {0x1c130000, 0x200};
	static const uint32_t irq[] = {0, 40, 4}; /* SPI 40, level-high */

	(void)state;
	fdt = build_ok(INITRD_START, INITRD_END);
	assert_no_node(fdt, "/virtio@1c130000"); /* no network: no device */
	strcpy(cfg.network, "lan0");
	fdt = build_ok(INITRD_START, INITRD_END);
	assert_prop_str(fdt, "/virtio@1c130000", "compatible", "virtio,mmio");
	assert_prop_cells(fdt, "/virtio@1c130000", "reg", reg, 2);
	assert_prop_cells(fdt, "/virtio@1c130000", "interrupts", irq, 3);
	cfg.network[0] = '\0';
}

/* A channel endpoint: the binding of docs/channels.md. */
static void test_channel(void **state)
{
	static struct cfg_channel ch = {
		.name = "telemetry",
		.index = 2,
		.size = 0x10000,
		.nr_endpoints = 2,
		.ep = {
			{.partition = "rt", .guest = 0x48000000, .intid = 64},
			{.partition = "linux", .guest = 0xb0000000,
			 .read_only = true, .intid = 100},
		},
	};
	static const uint32_t reg[] = {0xb0000000, 0x10000, 0xb0010000,
				       0x1000};
	static const uint32_t irq[] = {0, 68, 1};
	const char *node = "/channel@b0000000";
	const void *fdt;

	(void)state;
	cfg.nr_channels = 1;
	cfg.channels[0] = (struct cfg_chan_ref){.ch = &ch, .ep = 1};
	fdt = build_ok(0, 0);
	assert_prop_str(fdt, node, "compatible", "tessera,channel");
	assert_prop_cells(fdt, node, "reg", reg, 4);
	assert_prop_cells(fdt, node, "interrupts", irq, 3);
	assert_prop_str(fdt, node, "label", "telemetry");
	assert_prop_u32(fdt, node, "tessera,channel-id", 2);
	assert_prop_u32(fdt, node, "tessera,endpoint", 1);
	assert_prop_str(fdt, node, "tessera,access", "ro");
	assert_prop_str(fdt, node, "tessera,partitions", "rt\0linux");
	assert_prop_str(fdt, node, "tessera,endpoint-access", "rw\0ro");
	assert_int_equal(prop_count(fdt, node), 9);
	/* the interrupt parent is the root's: the GIC */
	assert_no_prop(fdt, node, "interrupt-parent");
}

static void test_tree_is_packed(void **state)
{
	const void *fdt = build_ok(INITRD_START, INITRD_END);

	(void)state;
	/* header, reservation map, structure, strings: no gap anywhere */
	assert_int_equal(fdt_off_mem_rsvmap(fdt), sizeof(struct fdt_header));
	assert_int_equal(fdt_off_dt_struct(fdt),
			 fdt_off_mem_rsvmap(fdt) +
				 sizeof(struct fdt_reserve_entry));
	assert_int_equal(fdt_totalsize(fdt),
			 fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt));
	assert_int_equal(fdt_off_dt_strings(fdt),
			 fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt));
	assert_int_equal(fdt_num_mem_rsv(fdt), 0);
	/* and a full libfdt walk finds nothing wrong with it */
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
}

/* --------------------------------------------------------- variations */

static void test_absent_optionals(void **state)
{
	const void *fdt;

	(void)state;
	cfg.bootargs = NULL;
	cfg.has_test_device = false;
	cfg.test_device = 0x1a000000; /* ignored without has_test_device */
	fdt = build_ok(0, 0);
	assert_no_prop(fdt, "/chosen", "bootargs");
	assert_no_prop(fdt, "/chosen", "linux,initrd-start");
	assert_no_prop(fdt, "/chosen", "linux,initrd-end");
	assert_int_equal(prop_count(fdt, "/chosen"), 1); /* stdout-path */
	assert_no_node(fdt, "/test-device@1a000000");
	assert_string_equal(subnodes(fdt, "/"),
			    "memory@80000000 memory@a0000000 cpus psci chosen "
			    "aliases interrupt-controller@2c001000 timer "
			    "apb-pclk serial@1c090000");
}

static void test_gic_timer_and_uart_nodes(void **state)
{
	static const uint32_t gic_reg[] = {0x2c001000, 0x1000, 0x2c002000,
					   0x2000};
	static const uint32_t uart_reg[] = {0x1c090000, 0x1000};
	static const uint32_t uart_irq[] = {0, 5, 4};
	static const uint32_t timer_irqs[] = {1, 13, 0x304, 1, 14, 0x304,
					      1, 11, 0x304, 1, 10, 0x304};
	const void *fdt = build_ok(0, 0);
	int gic = fdt_path_offset(fdt, "/interrupt-controller@2c001000");

	(void)state;
	assert_true(gic >= 0);
	assert_int_equal(fdt_node_check_compatible(fdt, gic,
						   "arm,cortex-a15-gic"),
			 0);
	assert_non_null(fdt_getprop(fdt, gic, "interrupt-controller", NULL));
	assert_prop_u32(fdt, "/interrupt-controller@2c001000",
			"#interrupt-cells", 3);
	assert_prop_u32(fdt, "/interrupt-controller@2c001000", "phandle", 1);
	assert_prop_cells(fdt, "/interrupt-controller@2c001000", "reg",
			  gic_reg, 4);
	assert_prop_cells(fdt, "/timer", "interrupts", timer_irqs, 12);
	assert_prop_str(fdt, "/serial@1c090000", "compatible",
			"arm,pl011\0arm,primecell");
	assert_prop_cells(fdt, "/serial@1c090000", "reg", uart_reg, 2);
	assert_prop_cells(fdt, "/serial@1c090000", "interrupts", uart_irq, 3);
	assert_prop_str(fdt, "/aliases", "serial0", "/serial@1c090000");
}

/*
 * A host whose CNTFRQ the hypervisor cannot set (Arndale's U-Boot leaves it
 * 0, and Hyp mode may not write it): its guests find the frequency in their
 * timer node; by default the node has none and they read CNTFRQ.
 */
static void test_timer_frequency_for_unset_cntfrq(void **state)
{
	const void *fdt;

	(void)state;
	fdt = build_ok(0, 0);
	assert_no_prop(fdt, "/timer", "clock-frequency");
	guest_dt_set_timer_frequency(24000000);
	fdt = build_ok(0, 0);
	assert_prop_u32(fdt, "/timer", "clock-frequency", 24000000);
	guest_dt_set_timer_frequency(0);
	fdt = build_ok(0, 0);
	assert_no_prop(fdt, "/timer", "clock-frequency");
}

#define UART1_PATH "/smb@8000000/motherboard-bus/iofpga-bus@300000000/serial@a0000"

/* UART1 of the vexpress host tree, as config_validate() resolves it. */
static void *host_dtb;

static void add_host_uart1(void)
{
	struct cfg_device *d = &cfg.devices[cfg.nr_devices++];
	void *host;

	if (!host_dtb)
		host_dtb = unit_load_dtb("vexpress-a15/host-4cpu.dtb");
	host = host_dtb;

	strcpy(d->host_path, UART1_PATH);
	d->host_fdt = host;
	d->host_node = fdt_path_offset(host, UART1_PATH);
	assert_true(d->host_node >= 0);
	d->nr_regs = 1;
	d->regs[0] = (struct mem_range){0x1c0a0000, 0x1000};
	d->nr_irqs = 1;
	d->irqs[0] = 38;
}

/*
 * The hypervisor raises a guest timer's interrupt as the preset's INTID: the
 * tree must name the same PPIs, the physical (second) and virtual (third).
 */
static void test_timer_ppis_match_preset(void **state)
{
	static const enum guest_preset presets[] = {GUEST_VEXPRESS, GUEST_VIRT};

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		const struct guest_platform *gp =
			guest_platform_get(presets[i]);
		const fdt32_t *irqs;
		const void *fdt;
		int len, node;

		cfg.preset = presets[i];
		fdt = build_ok(0, 0);
		node = fdt_node_offset_by_compatible(fdt, -1,
						     "arm,armv7-timer");
		assert_true(node >= 0);
		irqs = fdt_getprop(fdt, node, "interrupts", &len);
		assert_non_null(irqs);
		assert_int_equal(len, 12 * 4);
		assert_int_equal(fdt32_to_cpu(irqs[3]), 1); /* GIC_PPI */
		assert_int_equal(fdt32_to_cpu(irqs[4]) + 16, gp->ptimer_irq);
		assert_int_equal(fdt32_to_cpu(irqs[6]), 1);
		assert_int_equal(fdt32_to_cpu(irqs[7]) + 16, gp->vtimer_irq);
		assert_int_equal(gp->ptimer_irq, 30);
	}
}

static void test_passthrough_device_copied_from_host(void **state)
{
	static const uint32_t reg[] = {0x1c0a0000, 0x1000};
	static const uint32_t irq[] = {0, 6, 4};
	static const uint32_t clocks[] = {2, 2};
	const void *fdt;

	(void)state;
	add_host_uart1();
	fdt = build_ok(0, 0);
	assert_prop_str(fdt, "/serial@1c0a0000", "compatible",
			"arm,pl011\0arm,primecell");
	assert_prop_cells(fdt, "/serial@1c0a0000", "reg", reg, 2);
	assert_prop_cells(fdt, "/serial@1c0a0000", "interrupts", irq, 3);
	/* host phandles do not leak: clocks point at the guest's apb-pclk */
	assert_prop_cells(fdt, "/serial@1c0a0000", "clocks", clocks, 2);
	assert_prop_str(fdt, "/serial@1c0a0000", "clock-names",
			"uartclk\0apb_pclk");
	assert_no_prop(fdt, "/serial@1c0a0000", "interrupt-parent");
	assert_prop_u32(fdt, "/apb-pclk", "phandle", 2);
}

static void test_passthrough_console_is_stdout(void **state)
{
	const void *fdt;

	(void)state;
	cfg.console = CONSOLE_PASSTHROUGH;
	add_host_uart1();
	fdt = build_ok(0, 0);
	assert_prop_str(fdt, "/chosen", "stdout-path", "/serial@1c0a0000");
	assert_no_node(fdt, "/serial@1c090000"); /* no virtual UART */
	assert_true(fdt_path_offset(fdt, "/apb-pclk") >= 0);
}

static void test_no_uart_without_virtual_console(void **state)
{
	const void *fdt;

	(void)state;
	cfg.console = CONSOLE_NONE;
	fdt = build_ok(0, 0);
	assert_no_node(fdt, "/serial@1c090000");
	assert_no_node(fdt, "/aliases");
	assert_no_prop(fdt, "/chosen", "stdout-path");
	assert_true(fdt_path_offset(fdt, "/interrupt-controller@2c001000") >=
		    0);
}

static void test_initrd_empty_or_reversed(void **state)
{
	const void *fdt;

	(void)state;
	fdt = build_ok(INITRD_START, INITRD_START);
	assert_no_prop(fdt, "/chosen", "linux,initrd-start");
	assert_no_prop(fdt, "/chosen", "linux,initrd-end");
	fdt = build_ok(INITRD_END, INITRD_START);
	assert_no_prop(fdt, "/chosen", "linux,initrd-start");
	assert_no_prop(fdt, "/chosen", "linux,initrd-end");
	/* bootargs stay */
	assert_prop_str(fdt, "/chosen", "bootargs", BOOTARGS);
}

static void test_empty_bootargs_kept(void **state)
{
	const void *fdt;

	(void)state;
	cfg.bootargs = "";
	fdt = build_ok(0, 0);
	assert_prop_str(fdt, "/chosen", "bootargs", "");
}

static void test_virt_preset_one_cpu_one_region(void **state)
{
	const void *fdt;
	static const uint32_t reg[] = {0x40000000, 0x20000000};

	(void)state;
	cfg.preset = GUEST_VIRT;
	cfg.nr_cpus = 1;
	cfg.nr_mem = 1;
	cfg.mem[0] = (struct cfg_mem){.guest = 0x40000000, .size = 0x20000000};
	strcpy(cfg.name, "rtos");
	fdt = build_ok(0, 0);
	assert_prop_str(fdt, "/", "compatible",
			"tessera,partition\0tessera,virt");
	assert_prop_str(fdt, "/", "model", "Tessera partition rtos");
	assert_prop_cells(fdt, "/memory@40000000", "reg", reg, 2);
	assert_no_node(fdt, "/memory@80000000");
	assert_string_equal(subnodes(fdt, "/cpus"), "cpu@0");
}

static void test_max_cpus(void **state)
{
	const void *fdt;
	char path[32];

	(void)state;
	cfg.nr_cpus = MAX_CPUS;
	fdt = build_ok(0, 0);
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		snprintf(path, sizeof(path), "/cpus/cpu@%x", i);
		assert_prop_u32(fdt, path, "reg", i);
	}
	snprintf(path, sizeof(path), "/cpus/cpu@%x", MAX_CPUS);
	assert_no_node(fdt, path);
}

static void test_region_ending_at_4g(void **state)
{
	const void *fdt;
	static const uint32_t reg[] = {0xc0000000, 0x40000000};

	(void)state;
	cfg.nr_mem = 1;
	cfg.mem[0] = (struct cfg_mem){.guest = 0xc0000000, .size = 0x40000000};
	fdt = build_ok(0, 0);
	assert_prop_cells(fdt, "/memory@c0000000", "reg", reg, 2);
}

/* ------------------------------------------------------------- too small */

/* Nothing at or past buf[from] was written. */
static void assert_untouched_from(size_t from)
{
	for (size_t i = from; i < sizeof(buf); i++)
		if (buf[i] != 0xee)
			fail_msg("buf[%zu] written past the %zu bytes given", i,
				 from);
}

/* Where the sequential writer puts the reservation map. */
static uint32_t sw_rsvmap_offset(void)
{
	uint64_t probe[16];

	assert_int_equal(fdt_create(probe, sizeof(probe)), 0);
	return fdt_off_mem_rsvmap(probe);
}

static void assert_does_not_fit(size_t size, uint64_t initrd_start,
				uint64_t initrd_end)
{
	char want[96];

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(build(size, initrd_start, initrd_end),
			 -FDT_ERR_NOSPACE);
	snprintf(want, sizeof(want),
		 "partition linux: the guest device tree does not fit in its "
		 "%zu-byte buffer",
		 size);
	assert_string_equal(err, want);
	assert_untouched_from(size);
}

/*
 * The smallest buffer that works is the finished tree plus the header
 * padding libfdt's sequential writer keeps (its reservation map sits further
 * in) and fdt_pack() gives back; one byte less is refused, and nothing past
 * the buffer is written either way. Returns that size.
 */
static uint32_t check_smallest_buffer(uint64_t initrd_start,
				      uint64_t initrd_end)
{
	uint32_t packed, need;

	build_ok(initrd_start, initrd_end);
	packed = fdt_totalsize(buf);
	need = packed + sw_rsvmap_offset() - fdt_off_mem_rsvmap(buf);

	assert_does_not_fit(packed - 1, initrd_start, initrd_end);
	assert_does_not_fit(need - 1, initrd_start, initrd_end);

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(build(need, initrd_start, initrd_end), 0);
	assert_int_equal(fdt_totalsize(buf), packed);
	assert_int_equal(fdt_check_full(buf, packed), 0);
	assert_untouched_from(need);
	return need;
}

/* The does-not-fit error: libfdt's -FDT_ERR_NOSPACE, named as such. */
static void test_buffer_too_small(void **state)
{
	(void)state;
	check_smallest_buffer(INITRD_START, INITRD_END);
	assert_does_not_fit(0, INITRD_START, INITRD_END);
	assert_does_not_fit(64, INITRD_START, INITRD_END);
	assert_does_not_fit(200, INITRD_START, INITRD_END);
	assert_int_equal(guest_dt_build(NULL, BUF_SIZE, &cfg, vexpress(), 0, 0,
					err, sizeof(err)),
			 -FDT_ERR_NOSPACE);
	assert_contains(err, "no buffer");
}

/*
 * A roomy buffer: the writer used all of it (strings at the far end) while
 * building, but what follows the finished tree is zeroed, so the guest never
 * sees leftovers of an earlier build in the same buffer.
 */
static void test_rest_of_buffer_zeroed(void **state)
{
	uint32_t packed;

	(void)state;
	build_ok(INITRD_START, INITRD_END);
	packed = fdt_totalsize(buf);
	for (size_t i = packed; i < sizeof(buf); i++)
		if (buf[i])
			fail_msg("buf[%zu] = 0x%x past the %u-byte tree", i,
				 buf[i], packed);
}

/*
 * Issue 10 item 4: a second, smaller tree built where a larger one was (one
 * partition's reload after another's, or after the configuration changed)
 * shows nothing of the first: exact totalsize, then only zeroes.
 */
static void test_rebuild_smaller_leaves_no_stale_bytes(void **state)
{
	static const char longer[] =
		"console=ttyAMA0 STALE-BOOTARGS-OF-THE-FIRST-TREE root=/dev/ram";
	uint32_t first, second;

	(void)state;
	cfg.bootargs = longer;
	build_ok(INITRD_START, INITRD_END);
	first = fdt_totalsize(buf);
	cfg.bootargs = NULL;
	cfg.has_test_device = false;
	build_ok(0, 0);
	second = fdt_totalsize(buf);
	assert_true(second < first);
	assert_int_equal(fdt_check_full(buf, second), 0);
	for (size_t i = 0; i + 14 <= sizeof(buf); i++)
		if (!memcmp(buf + i, "STALE-BOOTARGS", 14))
			fail_msg("the first tree's bootargs at buf[%zu]", i);
	for (size_t i = second; i < sizeof(buf); i++)
		if (buf[i])
			fail_msg("buf[%zu] = 0x%x past the %u-byte tree", i,
				 buf[i], second);
}

/*
 * Every shape of tree fits in that smallest buffer: string lengths vary the
 * padding, optional parts vary the property names.
 */
static void test_smallest_buffer_every_shape(void **state)
{
	static const char *const args[] = {NULL, "", "a", "ab", "abc",
					   "abcd", "abcde", BOOTARGS};

	(void)state;
	for (unsigned a = 0; a < sizeof(args) / sizeof(args[0]); a++) {
		for (unsigned opt = 0; opt < 4; opt++) {
			cfg.bootargs = args[a];
			cfg.has_test_device = opt & 2;
			cfg.nr_cpus = 1 + a % MAX_CPUS;
			cfg.nr_mem = 1 + opt % 2;
			check_smallest_buffer(INITRD_START,
					      (opt & 1) ? INITRD_END : 0);
		}
	}
}

/* ---------------------------------------------------------- bad values */

static void expect_badvalue(const char *what)
{
	assert_int_equal(build(BUF_SIZE, INITRD_START, INITRD_END),
			 -FDT_ERR_BADVALUE);
	assert_contains(err, what);
}

static void test_memory_above_4g(void **state)
{
	(void)state;
	cfg.mem[1].guest = 0x100000000ull;
	expect_badvalue("memory region 1");
}

static void test_memory_crossing_4g(void **state)
{
	(void)state;
	cfg.mem[1] = (struct cfg_mem){.guest = 0xf0000000, .size = 0x20000000};
	expect_badvalue("memory region 1");
}

static void test_memory_size_4g(void **state)
{
	(void)state;
	cfg.nr_mem = 1;
	cfg.mem[0] = (struct cfg_mem){.guest = 0, .size = 0x100000000ull};
	expect_badvalue("memory region 0");
}

static void test_test_device_above_4g(void **state)
{
	(void)state;
	cfg.test_device = 0xfffff800; /* its 4 KB would cross 4 GiB */
	expect_badvalue("test device");
	cfg.has_test_device = false; /* then it does not matter */
	build_ok(0, 0);
}

static void test_initrd_above_4g(void **state)
{
	(void)state;
	assert_int_equal(build(BUF_SIZE, 0xfff00000ull, 0x100000000ull),
			 -FDT_ERR_BADVALUE);
	assert_contains(err, "initrd");
}

static void test_bad_counts(void **state)
{
	(void)state;
	cfg.nr_cpus = 0;
	expect_badvalue("0 vCPUs");
	cfg.nr_cpus = MAX_CPUS + 1;
	expect_badvalue("vCPUs");
	cfg.nr_cpus = 1;
	cfg.nr_mem = MAX_PART_MEM + 1;
	expect_badvalue("memory regions");
}

static void test_no_platform(void **state)
{
	(void)state;
	assert_true(guest_dt_build(buf, BUF_SIZE, &cfg, NULL, 0, 0, err,
				   sizeof(err)) < 0);
	assert_true(guest_dt_build(buf, BUF_SIZE, NULL, vexpress(), 0, 0, err,
				   sizeof(err)) < 0);
	/* no error buffer: still refused, nothing written anywhere */
	assert_int_equal(guest_dt_build(buf, 16, &cfg, vexpress(), 0, 0, NULL,
					0),
			 -FDT_ERR_NOSPACE);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_root),
		T(test_memory),
		T(test_cpus),
		T(test_psci),
		T(test_chosen),
		T(test_test_device),
		T(test_virtio_net_node),
		T(test_channel),
		T(test_tree_is_packed),
		T(test_absent_optionals),
		T(test_gic_timer_and_uart_nodes),
		T(test_timer_frequency_for_unset_cntfrq),
		T(test_timer_ppis_match_preset),
		T(test_passthrough_device_copied_from_host),
		T(test_passthrough_console_is_stdout),
		T(test_no_uart_without_virtual_console),
		T(test_initrd_empty_or_reversed),
		T(test_empty_bootargs_kept),
		T(test_virt_preset_one_cpu_one_region),
		T(test_max_cpus),
		T(test_region_ending_at_4g),
		T(test_buffer_too_small),
		T(test_rest_of_buffer_zeroed),
		T(test_rebuild_smaller_leaves_no_stale_bytes),
		T(test_smallest_buffer_every_shape),
		T(test_memory_above_4g),
		T(test_memory_crossing_4g),
		T(test_memory_size_4g),
		T(test_test_device_above_4g),
		T(test_initrd_above_4g),
		T(test_bad_counts),
		T(test_no_platform),
	};
#undef T
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	free(host_dtb);
	return rc;
}
