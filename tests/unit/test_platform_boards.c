/*
 * Host platform discovery (core/platform.c) on the boards' own device trees
 * as Debian ships them in linux-image-*-armmp and U-Boot passes them, copied
 * unmodified into build/<board>/ by the Makefile (docs/boards.md): every
 * field of struct platform is checked. Nothing here has run on the boards.
 */
/* links: core/platform.c core/dt.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/platform.h>
#include "unit_fdt.h"

#define ARNDALE_DTB "arndale/exynos5250-arndale.dtb"
#define TC2_DTB "tc2/vexpress-v2p-ca15_a7.dtb"
#define TC2_UART "/bus@8000000/motherboard-bus@8000000/iofpga-bus@300000000/serial@90000"

static void parse_ok(const char *rel, struct platform *p)
{
	void *fdt = unit_load_dtb(rel);
	char err[256];
	int rc = platform_parse(fdt, p, err, sizeof(err));

	free(fdt);
	if (rc)
		fail_msg("%s: platform_parse failed (%d): %s", rel, rc, err);
	assert_string_equal(err, "");
}

static void check_gic(const struct platform *p, uint64_t base)
{
	assert_int_equal(p->gic.gicd.base, base);
	assert_int_equal(p->gic.gicd.size, 0x1000);
	assert_int_equal(p->gic.gicc.base, base + 0x1000);
	assert_int_equal(p->gic.gicc.size, 0x2000);
	assert_int_equal(p->gic.gich.base, base + 0x3000);
	assert_int_equal(p->gic.gich.size, 0x2000);
	assert_int_equal(p->gic.gicv.base, base + 0x5000);
	assert_int_equal(p->gic.gicv.size, 0x2000);
	assert_int_equal(p->gic.maint_irq, 25);
}

/* Both trees give the usual PPIs: secure 13, non-secure 14, virtual 11, hyp 10 */
static void check_timer_ppis(const struct platform *p)
{
	assert_int_equal(p->timer.sec_phys, 29);
	assert_int_equal(p->timer.ns_phys, 30);
	assert_int_equal(p->timer.virt, 27);
	assert_int_equal(p->timer.hyp, 26);
}

static void test_arndale(void **state)
{
	struct platform p;

	(void)state;
	parse_ok(ARNDALE_DTB, &p);
	assert_string_equal(p.model, "Insignal Arndale evaluation board "
				     "based on Exynos5250");

	assert_int_equal(p.nr_mem, 1);
	assert_int_equal(p.mem[0].base, 0x40000000);
	assert_int_equal(p.mem[0].size, 0x80000000);
	assert_int_equal(platform_ram_size(&p), 0x80000000);

	assert_int_equal(p.nr_cpus, 2);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(p.cpu_mpidr[i], i);
		assert_string_equal(p.cpu_core[i], "cortex-a15");
		assert_int_equal(p.cpu_cci_port[i], -1);
		assert_int_equal(platform_cpu_cluster(&p, i), 0);
		assert_int_equal(platform_cpu_core(&p, i), i);
	}
	assert_int_equal(p.cci.base, 0);
	assert_int_equal(p.cci.nr_ports, 0);

	/* GIC-400: GICD 0x10481000, GICC 0x10482000, GICH, GICV */
	check_gic(&p, 0x10481000);
	check_timer_ppis(&p);
	/* U-Boot leaves CNTFRQ 0: the tree's 24 MHz stands in */
	assert_int_equal(p.timer.freq, 24000000);

	/* stdout-path "serial2:115200n8": an alias, UART2, SPI 53 */
	assert_int_equal(p.uart.base, 0x12c20000);
	assert_int_equal(p.uart.type, UART_EXYNOS);
	assert_int_equal(p.uart.irq, 32 + 53);
	assert_string_equal(p.uart.path, "/soc/serial@12c20000");

	/* No PSCI: Debian's U-Boot for Arndale does not install it */
	assert_int_equal(p.psci.conduit, PSCI_NONE);
	assert_int_equal(p.psci.cpu_on, 0);
	assert_int_equal(p.psci.system_off, 0);
	assert_int_equal(p.psci.system_reset, 0);
	assert_int_equal(p.sysreg, 0);
	/* iRAM 0x02020000 through the sram node's "ranges" */
	assert_int_equal(p.exynos_sysram, 0x02020000);
	assert_int_equal(p.smp, SMP_EXYNOS_SYSRAM);
	assert_string_equal(smp_method_name(p.smp), "Exynos iRAM boot address");
}

static void test_tc2(void **state)
{
	static const uint32_t mpidr[5] = {0x0, 0x1, 0x100, 0x101, 0x102};
	static const char *const core[5] = {"cortex-a15", "cortex-a15",
					    "cortex-a7", "cortex-a7",
					    "cortex-a7"};
	struct platform p;

	(void)state;
	parse_ok(TC2_DTB, &p);
	assert_string_equal(p.model, "V2P-CA15_CA7");

	assert_int_equal(p.nr_mem, 1);
	assert_int_equal(p.mem[0].base, 0x80000000);
	assert_int_equal(p.mem[0].size, 0x40000000);
	assert_int_equal(platform_ram_size(&p), 0x40000000);

	/* Cluster 0: two Cortex-A15; cluster 1: three Cortex-A7 */
	assert_int_equal(p.nr_cpus, 5);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(p.cpu_mpidr[i], mpidr[i]);
		assert_int_equal(platform_cpu_index(&p, mpidr[i]), (int)i);
		assert_string_equal(p.cpu_core[i], core[i]);
		assert_int_equal(platform_cpu_cluster(&p, i), i < 2 ? 0 : 1);
		assert_int_equal(platform_cpu_core(&p, i), i < 2 ? i : i - 2);
		/* each cluster's CCI slave interface, 3 and 4 */
		assert_int_equal(p.cpu_cci_port[i], i < 2 ? 0 : 1);
	}
	assert_int_equal(platform_cpu_index(&p, 0x2), -1);
	assert_int_equal(platform_cpu_index(&p, 0x103), -1);
	assert_int_equal(p.cci.base, 0x2c090000);
	assert_int_equal(p.cci.nr_ports, 2);
	assert_int_equal(p.cci.port[0], 0x2c094000);
	assert_int_equal(p.cci.port[1], 0x2c095000);

	check_gic(&p, 0x2c001000);
	check_timer_ppis(&p);
	assert_int_equal(p.timer.freq, 0); /* the firmware sets CNTFRQ */

	/* No stdout-path: alias serial0, UART0; its <5> is mapped to SPI 5 */
	assert_int_equal(p.uart.base, 0x1c090000);
	assert_int_equal(p.uart.type, UART_PL011);
	assert_int_equal(p.uart.irq, 32 + 5);
	assert_string_equal(p.uart.path, TC2_UART);

	assert_int_equal(p.psci.conduit, PSCI_NONE);
	assert_int_equal(p.psci.cpu_on, 0);
	assert_int_equal(p.psci.system_off, 0);
	assert_int_equal(p.psci.system_reset, 0);
	assert_int_equal(p.sysreg, 0x1c010000);
	assert_int_equal(p.exynos_sysram, 0);
	/* the boot monitor's (and U-Boot's) pen serves both clusters */
	assert_int_equal(p.smp, SMP_VEXPRESS_FLAGS);
}

/* ------------------------------------- fixtures in tests/unit/dts */

static void test_exynos_fixture(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-exynos.dtb", &p);
	assert_int_equal(p.uart.type, UART_EXYNOS);
	assert_int_equal(p.uart.base, 0x10009000);
	assert_int_equal(p.uart.irq, 37);
	assert_int_equal(p.timer.freq, 24000000);
	assert_int_equal(p.exynos_sysram, 0x02020000);
	assert_int_equal(p.psci.conduit, PSCI_NONE);
	assert_int_equal(p.smp, SMP_EXYNOS_SYSRAM);
}

static void test_psci_before_exynos_pen(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-psci-over-sysram.dtb", &p);
	assert_int_equal(p.exynos_sysram, 0x02020000);
	assert_int_equal(p.smp, SMP_PSCI);
	/* nothing of TC2's here */
	assert_int_equal(p.cci.base, 0);
	assert_int_equal(p.cpu_cci_port[1], -1);
	assert_string_equal(p.cpu_core[1], "cortex-a15");
	assert_int_equal(p.timer.freq, 0);
	assert_int_equal(p.uart.type, UART_PL011);
}

static void test_cci_port_without_reg(void **state)
{
	void *fdt = unit_load_dtb("host/dts/bad-cci-port.dtb");
	struct platform p;
	char err[256];

	(void)state;
	assert_int_equal(platform_parse(fdt, &p, err, sizeof(err)), -1);
	free(fdt);
	assert_non_null(strstr(err, "/cpus/cpu@1: \"cci-control-port\" "
				    "names no CCI interface"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arndale),
		cmocka_unit_test(test_tc2),
		cmocka_unit_test(test_exynos_fixture),
		cmocka_unit_test(test_psci_before_exynos_pen),
		cmocka_unit_test(test_cci_port_without_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
