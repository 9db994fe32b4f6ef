/*
 * Host unit tests for host platform discovery (core/platform.c) on the
 * shipped platform trees, the tree QEMU generates for virt, and the fixtures
 * in tests/unit/dts: good-*.dts must parse, bad-*.dts must be rejected with a
 * message naming the node and what is wrong with it. Every fixture includes
 * plat-base.dtsi, a valid tree, and changes one thing.
 */
/* links: core/platform.c core/dt.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/platform.h>
#include "unit_fdt.h"

#define VEXPRESS_UART "/smb@8000000/motherboard-bus/iofpga-bus@300000000/serial@90000"

/* platform_parse on $TESSERA_BUILD/<rel>; fails the test if it fails. */
static void parse_ok(const char *rel, struct platform *p)
{
	void *fdt = unit_load_dtb(rel);
	char err[256];
	int rc;

	memset(err, 'x', sizeof(err));
	rc = platform_parse(fdt, p, err, sizeof(err));
	free(fdt);
	if (rc)
		fail_msg("%s: platform_parse failed (%d): %s", rel, rc, err);
	assert_string_equal(err, "");
}

/*
 * platform_parse on a fixture that must fail; checks the message contains
 * every string of the NULL-terminated list `want`.
 */
static void parse_bad(const char *rel, const char *const *want)
{
	void *fdt = unit_load_dtb(rel);
	struct platform p;
	char err[256];
	int rc;

	memset(err, 'x', sizeof(err));
	rc = platform_parse(fdt, &p, err, sizeof(err));
	free(fdt);
	if (rc == 0)
		fail_msg("%s: platform_parse accepted a broken tree", rel);
	assert_true(rc < 0);
	assert_non_null(memchr(err, '\0', sizeof(err)));
	assert_true(strlen(err) > 0);
	for (; *want; want++)
		assert_contains(err, *want);
}

/* ------------------------------------------------------ vexpress-a15 */

static void check_vexpress(const struct platform *p, unsigned cpus)
{
	assert_string_equal(p->model, "V2P-CA15 (QEMU vexpress-a15)");

	assert_int_equal(p->nr_mem, 1);
	assert_int_equal(p->mem[0].base, 0x80000000);
	assert_int_equal(p->mem[0].size, 0x40000000);
	assert_int_equal(platform_ram_size(p), 0x40000000);

	assert_int_equal(p->nr_cpus, cpus);
	for (unsigned i = 0; i < cpus; i++) {
		assert_int_equal(p->cpu_mpidr[i], i);
		assert_int_equal(platform_cpu_index(p, i), (int)i);
	}
	assert_int_equal(platform_cpu_index(p, cpus), -1);

	assert_int_equal(p->gic.gicd.base, 0x2c001000);
	assert_int_equal(p->gic.gicd.size, 0x1000);
	assert_int_equal(p->gic.gicc.base, 0x2c002000);
	assert_int_equal(p->gic.gicc.size, 0x2000);
	assert_int_equal(p->gic.gich.base, 0x2c004000);
	assert_int_equal(p->gic.gich.size, 0x2000);
	assert_int_equal(p->gic.gicv.base, 0x2c006000);
	assert_int_equal(p->gic.gicv.size, 0x2000);
	assert_int_equal(p->gic.maint_irq, 25);

	assert_int_equal(p->timer.sec_phys, 29);
	assert_int_equal(p->timer.ns_phys, 30);
	assert_int_equal(p->timer.virt, 27);
	assert_int_equal(p->timer.hyp, 26);

	/* serial0 -> iofpga 0x90000 -> CS3 0x3_0009_0000 -> 0x1c090000 */
	assert_int_equal(p->uart.base, 0x1c090000);
	assert_string_equal(p->uart.path, VEXPRESS_UART);

	assert_int_equal(p->psci.conduit, PSCI_NONE);
	assert_int_equal(p->psci.cpu_on, 0);
	assert_int_equal(p->psci.system_off, 0);
	assert_int_equal(p->psci.system_reset, 0);

	assert_int_equal(p->sysreg, 0x1c010000);
}

static void test_vexpress_4cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("vexpress-a15/host-4cpu.dtb", &p);
	check_vexpress(&p, 4);
	assert_int_equal(p.smp, SMP_VEXPRESS_FLAGS);
	assert_string_equal(smp_method_name(p.smp), "vexpress SYS_FLAGS");
}

static void test_vexpress_1cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("vexpress-a15/host-1cpu.dtb", &p);
	check_vexpress(&p, 1);
	assert_int_equal(p.smp, SMP_NONE);
	assert_string_equal(smp_method_name(p.smp), "none");
}

static void test_vexpress_2_3cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("vexpress-a15/host-2cpu.dtb", &p);
	check_vexpress(&p, 2);
	assert_int_equal(p.smp, SMP_VEXPRESS_FLAGS);
	parse_ok("vexpress-a15/host-3cpu.dtb", &p);
	check_vexpress(&p, 3);
	assert_int_equal(p.smp, SMP_VEXPRESS_FLAGS);
}

/* --------------------------------------------------------------- virt */

static void check_virt(const struct platform *p, unsigned cpus,
		       const char *uart_path)
{
	assert_string_equal(p->model, "linux,dummy-virt");

	assert_int_equal(p->nr_mem, 1);
	assert_int_equal(p->mem[0].base, 0x40000000);
	assert_int_equal(p->mem[0].size, 0x8000000);
	assert_int_equal(platform_ram_size(p), 0x8000000);

	assert_int_equal(p->nr_cpus, cpus);
	for (unsigned i = 0; i < cpus; i++)
		assert_int_equal(p->cpu_mpidr[i], i);

	assert_int_equal(p->gic.gicd.base, 0x08000000);
	assert_int_equal(p->gic.gicd.size, 0x10000);
	assert_int_equal(p->gic.gicc.base, 0x08010000);
	assert_int_equal(p->gic.gicc.size, 0x10000);
	assert_int_equal(p->gic.gich.base, 0x08030000);
	assert_int_equal(p->gic.gich.size, 0x10000);
	assert_int_equal(p->gic.gicv.base, 0x08040000);
	assert_int_equal(p->gic.gicv.size, 0x10000);
	assert_int_equal(p->gic.maint_irq, 25);

	assert_int_equal(p->timer.sec_phys, 29);
	assert_int_equal(p->timer.ns_phys, 30);
	assert_int_equal(p->timer.virt, 27);
	assert_int_equal(p->timer.hyp, 26);

	assert_int_equal(p->uart.base, 0x09000000);
	assert_string_equal(p->uart.path, uart_path);

	assert_int_equal(p->psci.conduit, PSCI_SMC);
	assert_int_equal(p->psci.cpu_on, 0x84000003);
	assert_int_equal(p->psci.system_off, 0x84000008);
	assert_int_equal(p->psci.system_reset, 0x84000009);

	assert_int_equal(p->sysreg, 0);
	assert_int_equal(p->smp, cpus > 1 ? SMP_PSCI : SMP_NONE);
}

static void test_virt_4cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("virt/host-4cpu.dtb", &p);
	check_virt(&p, 4, "/pl011@9000000");
	assert_string_equal(smp_method_name(p.smp), "PSCI");
}

static void test_virt_1cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("virt/host-1cpu.dtb", &p);
	check_virt(&p, 1, "/pl011@9000000");
}

static void test_qemu_generated_virt(void **state)
{
	struct platform p;

	(void)state;
	/* -smp 2; the GIC has a v2m child and "ranges", PCIe and flash sit
	 * next to it */
	parse_ok("host/dts/qemu-virt.dtb", &p);
	check_virt(&p, 2, "/pl011@9000000");
	assert_int_equal(p.smp, SMP_PSCI);
}

/* ------------------------------------------------------ good fixtures */

static void test_good_base(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-base.dtb", &p);
	assert_string_equal(p.model, "Tessera unit-test board");
	assert_int_equal(p.nr_mem, 1);
	assert_int_equal(p.mem[0].base, 0x40000000);
	assert_int_equal(p.mem[0].size, 0x10000000);
	assert_int_equal(p.nr_cpus, 2);
	assert_int_equal(p.cpu_mpidr[0], 0);
	assert_int_equal(p.cpu_mpidr[1], 1);
	assert_int_equal(p.gic.gicd.base, 0x2c001000);
	assert_int_equal(p.gic.gicv.base, 0x2c006000);
	assert_int_equal(p.gic.maint_irq, 25);
	assert_int_equal(p.timer.hyp, 26);
	/* through bus@10000000's ranges */
	assert_int_equal(p.uart.base, 0x10009000);
	assert_string_equal(p.uart.path, "/bus@10000000/serial@9000");
	assert_int_equal(p.psci.conduit, PSCI_SMC);
	assert_int_equal(p.psci.cpu_on, 0x84000003);
	assert_int_equal(p.psci.system_off, 0x84000008);
	assert_int_equal(p.psci.system_reset, 0x84000009);
	assert_int_equal(p.sysreg, 0);
	assert_int_equal(p.smp, SMP_PSCI);
}

static void test_good_hvc_with_sysreg(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-psci-hvc-sysreg.dtb", &p);
	assert_int_equal(p.psci.conduit, PSCI_HVC);
	assert_int_equal(p.sysreg, 0x10010000);
	assert_int_equal(p.smp, SMP_VEXPRESS_FLAGS);
}

static void test_good_1cpu(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-1cpu.dtb", &p);
	assert_int_equal(p.nr_cpus, 1);
	assert_int_equal(p.psci.conduit, PSCI_NONE);
	assert_int_equal(p.psci.cpu_on, 0);
	assert_int_equal(p.sysreg, 0);
	assert_int_equal(p.smp, SMP_NONE);
}

static void test_good_psci_01(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-psci-0.1.dtb", &p);
	assert_int_equal(p.psci.conduit, PSCI_SMC);
	/* 0.1: the IDs are the node's, and there is no SYSTEM_OFF/RESET */
	assert_int_equal(p.psci.cpu_on, 0x95c1ba5e);
	assert_int_equal(p.psci.system_off, 0);
	assert_int_equal(p.psci.system_reset, 0);
	assert_int_equal(p.smp, SMP_PSCI);
}

static void test_good_stdout_variants(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-linux-stdout.dtb", &p);
	assert_int_equal(p.uart.base, 0x10009000);
	assert_string_equal(p.uart.path, "/bus@10000000/serial@9000");

	parse_ok("host/dts/good-alias-stdout.dtb", &p);
	assert_int_equal(p.uart.base, 0x10009000);
	assert_string_equal(p.uart.path, "/bus@10000000/serial@9000");
}

static void test_good_no_model(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-no-model.dtb", &p);
	assert_string_equal(p.model, "unknown");
}

static void test_ram_size_two_nodes(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-memory.dtb", &p);
	/* the empty range and the disabled node are left out */
	assert_int_equal(p.nr_mem, 3);
	assert_int_equal(p.mem[0].base, 0x40000000);
	assert_int_equal(p.mem[0].size, 0x10000000);
	assert_int_equal(p.mem[1].base, 0x70000000);
	assert_int_equal(p.mem[1].size, 0x08000000);
	assert_int_equal(p.mem[2].base, 0x80000000);
	assert_int_equal(p.mem[2].size, 0x20000000);
	assert_int_equal(platform_ram_size(&p), 0x38000000);
}

/* /memreserve/ and /reserved-memory: every range with a size, in order. */
static void test_reserved(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-reserved.dtb", &p);
	assert_int_equal(p.nr_reserved, 4);
	assert_int_equal(p.reserved[0].base, 0x48000000);
	assert_int_equal(p.reserved[0].size, 0x10000);
	assert_string_equal(p.reserved[0].name, "/memreserve/ 0");
	/* translated through the node's "ranges" */
	assert_int_equal(p.reserved[1].base, 0x4e000000);
	assert_int_equal(p.reserved[1].size, 0x100000);
	assert_string_equal(p.reserved[1].name,
			    "/reserved-memory/secure@e000000");
	assert_int_equal(p.reserved[2].base, 0x4c000000);
	assert_int_equal(p.reserved[2].size, 0x1000);
	assert_int_equal(p.reserved[3].base, 0x4c100000);
	assert_int_equal(p.reserved[3].size, 0x2000);
	assert_string_equal(p.reserved[3].name, "/reserved-memory/pool@c000000");
	/* RAM is still all of it: reserving is the allocator's business */
	assert_int_equal(platform_ram_size(&p), 0x10000000);
}

/* The shipped trees reserve nothing; QEMU's virt tree neither. */
static void test_reserved_none(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-base.dtb", &p);
	assert_int_equal(p.nr_reserved, 0);
	parse_ok("host/dts/qemu-virt.dtb", &p);
	assert_int_equal(p.nr_reserved, 0);
}

static void test_ram_size_synthetic(void **state)
{
	struct platform p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(platform_ram_size(&p), 0);
	p.nr_mem = 2;
	p.mem[0] = (struct mem_range){0x80000000, 0xc0000000};
	p.mem[1] = (struct mem_range){0x880000000ull, 0x180000000ull};
	assert_int_equal(platform_ram_size(&p), 0x240000000ull); /* > 4 GB */
	p.mem[2].size = 0x1000; /* beyond nr_mem: not counted */
	assert_int_equal(platform_ram_size(&p), 0x240000000ull);
}

static void test_8cpus_and_cpu_index(void **state)
{
	static const uint32_t mpidr[8] = {0x0,   0x1,   0x2,   0x3,
					  0x100, 0x101, 0x102, 0x103};
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-8cpus.dtb", &p);
	assert_int_equal(p.nr_cpus, MAX_CPUS);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(p.cpu_mpidr[i], mpidr[i]);
		assert_int_equal(platform_cpu_index(&p, mpidr[i]), i);
		/* non-affinity bits (M, U) do not matter */
		assert_int_equal(platform_cpu_index(&p, mpidr[i] | 0xc0000000u),
				 i);
	}
	assert_int_equal(platform_cpu_index(&p, 0x200), -1); /* disabled */
	assert_int_equal(platform_cpu_index(&p, 0x4), -1);
	assert_int_equal(platform_cpu_index(&p, 0x10000), -1);
	assert_int_equal(p.smp, SMP_PSCI);
}

static void test_mpidr_two_cells(void **state)
{
	struct platform p;

	(void)state;
	parse_ok("host/dts/good-mpidr.dtb", &p);
	assert_int_equal(p.nr_cpus, 2);
	assert_int_equal(p.cpu_mpidr[0], 0x0);
	assert_int_equal(p.cpu_mpidr[1], 0x101);
	assert_int_equal(platform_cpu_index(&p, 0x80000101), 1);
	assert_int_equal(platform_cpu_index(&p, 0x101), 1);
	assert_int_equal(platform_cpu_index(&p, 0x80000000), 0);
	assert_int_equal(platform_cpu_index(&p, 0x1), -1);
}

/* ------------------------------------------------------ bad trees */

static void test_not_a_dtb(void **state)
{
	unsigned char junk[512];
	struct platform p;
	char err[128];
	uint32_t seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++) {
		seed = seed * 1103515245u + 12345u;
		junk[i] = (unsigned char)(seed >> 16);
	}
	assert_int_equal(platform_parse(junk, &p, err, sizeof(err)), -1);
	assert_contains(err, "not a valid device tree");
	assert_contains(err, fdt_strerror(-FDT_ERR_BADMAGIC));

	memset(junk, 0, sizeof(junk));
	assert_int_equal(platform_parse(junk, &p, err, sizeof(err)), -1);
	assert_contains(err, "not a valid device tree");
}

static void test_truncated_error_buffer(void **state)
{
	void *fdt = unit_load_dtb("host/dts/bad-cpu-dup.dtb");
	struct platform p;
	char err[24], tiny[8], big[256];

	(void)state;
	/* sized to fit: the whole message */
	assert_int_equal(platform_parse(fdt, &p, big, sizeof(big)), -1);
	assert_string_equal(big, "/cpus/cpu@1: MPIDR 0x0 is listed twice");
	/* too small: truncated, terminated, no overflow (ASan watches) */
	memset(err, 'x', sizeof(err));
	assert_int_equal(platform_parse(fdt, &p, err, sizeof(err)), -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_memory_equal(err, big, sizeof(err) - 1);
	/* smaller than the "/cpus/cpu@1: " prefix: still within bounds */
	memset(tiny, 'x', sizeof(tiny));
	assert_int_equal(platform_parse(fdt, &p, tiny, sizeof(tiny)), -1);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	free(fdt);
}

/*
 * One test per broken fixture: the file's stem, then the strings the error
 * message must contain (the offending node's path, when there is one, and
 * what is wrong).
 */
#define BAD(ident, stem, ...)                                              \
	static void test_##ident(void **state)                             \
	{                                                                  \
		static const char *const want[] = {__VA_ARGS__, NULL};     \
		(void)state;                                               \
		parse_bad("host/dts/" stem ".dtb", want);                  \
	}

#define MEM "/memory@40000000: "
#define CPUS "/cpus: "
#define CPU1 "/cpus/cpu@1: "
#define GIC "/interrupt-controller@2c001000: "
#define UART "/bus@10000000/serial@9000: "
#define NO_SMP "no way to start secondary CPUs"

BAD(bad_no_memory, "bad-no-memory", "no RAM", "\"memory\"")
BAD(bad_memory_reg, "bad-memory-reg", MEM "memory node", "malformed \"reg\"")
BAD(bad_memory_noreg, "bad-memory-noreg", MEM "memory node",
    "missing or malformed \"reg\"")
BAD(bad_memory_empty, "bad-memory-empty", "no RAM", "non-empty \"reg\"")
BAD(bad_memory_too_many, "bad-memory-too-many", MEM "more than 8 RAM ranges",
    "MAX_MEM_REGIONS")
BAD(bad_memory_noranges, "bad-memory-noranges", "/soc/memory@0: ",
    "no \"ranges\"")
BAD(bad_reserved_too_many, "bad-reserved-too-many",
    "/reserved-memory/many@49000000: more than 16 reserved memory ranges",
    "MAX_HOST_RESERVED")
BAD(bad_no_cpus, "bad-no-cpus", "no /cpus node")
BAD(bad_cpus_empty, "bad-cpus-empty", CPUS "no CPU nodes")
BAD(bad_cpus_cells, "bad-cpus-cells", CPUS "#address-cells must be 1 or 2")
BAD(bad_cpu_noreg, "bad-cpu-noreg", CPU1 "missing or malformed \"reg\"",
    "MPIDR")
BAD(bad_cpu_reg_len, "bad-cpu-reg-len", CPU1 "missing or malformed \"reg\"")
BAD(bad_cpu_dup, "bad-cpu-dup", CPU1 "MPIDR 0x0 is listed twice")
BAD(bad_cpu_dup_masked, "bad-cpu-dup-masked", CPU1 "MPIDR 0x0 is listed twice")
BAD(bad_too_many_cpus, "bad-too-many-cpus", CPUS "more than 8 CPUs",
    "MAX_CPUS")
BAD(bad_no_gic, "bad-no-gic", "no GICv2 with virtualization extensions",
    "arm,cortex-a15-gic")
BAD(bad_gic_disabled, "bad-gic-disabled",
    "no GICv2 with virtualization extensions")
BAD(bad_gic_regs, "bad-gic-regs", GIC "\"reg\" lacks",
    "GICH and GICV entries")
BAD(bad_gic_noirq, "bad-gic-noirq", GIC "missing or malformed \"interrupts\"",
    "maintenance interrupt")
BAD(bad_gic_irq, "bad-gic-irq", GIC "missing or malformed \"interrupts\"")
BAD(bad_gic_noranges, "bad-gic-noranges",
    "/soc/interrupt-controller@2c001000: ", "no \"ranges\"")
BAD(bad_no_timer, "bad-no-timer", "no architected timer", "arm,armv7-timer")
BAD(bad_timer_irqs, "bad-timer-irqs", "/timer: \"interrupts\" must list",
    "hyp timer PPIs")
BAD(bad_timer_ppi, "bad-timer-ppi", "/timer: \"interrupts\" must list")
BAD(bad_no_stdout, "bad-no-stdout", "no \"stdout-path\"", "console")
BAD(bad_no_chosen, "bad-no-chosen", "/chosen has no \"stdout-path\"")
BAD(bad_stdout_missing, "bad-stdout-missing",
    "/chosen: stdout-path \"/bus@10000000/serial@a000\" names no node")
BAD(bad_stdout_alias, "bad-stdout-alias",
    "/chosen: stdout-path \"serial7\" names no node")
BAD(bad_console_not_pl011, "bad-console-not-pl011",
    UART "the console is neither a PL011", "\"arm,pl011\"",
    "\"samsung,exynos4210-uart\"")
BAD(bad_uart_noranges, "bad-uart-noranges", UART "an ancestor bus",
    "no \"ranges\"")
BAD(bad_uart_not_covered, "bad-uart-not-covered", UART "address",
    "not covered")
BAD(bad_uart_noreg, "bad-uart-noreg", UART "missing \"reg\"")
BAD(bad_psci_method, "bad-psci-method",
    "/psci: \"method\" must be \"smc\" or \"hvc\"")
BAD(bad_psci_no_method, "bad-psci-no-method",
    "/psci: \"method\" must be \"smc\" or \"hvc\"")
BAD(bad_no_smp, "bad-no-smp", NO_SMP, "CPUs 1 (MPIDR 0x1)",
    "arm,vexpress-sysreg", "samsung,exynos4210-sysram")
BAD(bad_psci_hvc, "bad-psci-hvc", NO_SMP, "HVC")
BAD(bad_psci_01_no_cpu_on, "bad-psci-0.1-no-cpu-on", NO_SMP)
BAD(bad_sysreg_reg, "bad-sysreg-reg", "/bus@10000000/sysreg@10000: ",
    "malformed \"reg\"")

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vexpress_4cpu),
		cmocka_unit_test(test_vexpress_1cpu),
		cmocka_unit_test(test_vexpress_2_3cpu),
		cmocka_unit_test(test_virt_4cpu),
		cmocka_unit_test(test_virt_1cpu),
		cmocka_unit_test(test_qemu_generated_virt),
		cmocka_unit_test(test_good_base),
		cmocka_unit_test(test_good_hvc_with_sysreg),
		cmocka_unit_test(test_good_1cpu),
		cmocka_unit_test(test_good_psci_01),
		cmocka_unit_test(test_good_stdout_variants),
		cmocka_unit_test(test_good_no_model),
		cmocka_unit_test(test_ram_size_two_nodes),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_reserved_none),
		cmocka_unit_test(test_ram_size_synthetic),
		cmocka_unit_test(test_8cpus_and_cpu_index),
		cmocka_unit_test(test_mpidr_two_cells),
		cmocka_unit_test(test_not_a_dtb),
		cmocka_unit_test(test_truncated_error_buffer),
		cmocka_unit_test(test_bad_no_memory),
		cmocka_unit_test(test_bad_memory_reg),
		cmocka_unit_test(test_bad_memory_noreg),
		cmocka_unit_test(test_bad_memory_empty),
		cmocka_unit_test(test_bad_memory_too_many),
		cmocka_unit_test(test_bad_reserved_too_many),
		cmocka_unit_test(test_bad_memory_noranges),
		cmocka_unit_test(test_bad_no_cpus),
		cmocka_unit_test(test_bad_cpus_empty),
		cmocka_unit_test(test_bad_cpus_cells),
		cmocka_unit_test(test_bad_cpu_noreg),
		cmocka_unit_test(test_bad_cpu_reg_len),
		cmocka_unit_test(test_bad_cpu_dup),
		cmocka_unit_test(test_bad_cpu_dup_masked),
		cmocka_unit_test(test_bad_too_many_cpus),
		cmocka_unit_test(test_bad_no_gic),
		cmocka_unit_test(test_bad_gic_disabled),
		cmocka_unit_test(test_bad_gic_regs),
		cmocka_unit_test(test_bad_gic_noirq),
		cmocka_unit_test(test_bad_gic_irq),
		cmocka_unit_test(test_bad_gic_noranges),
		cmocka_unit_test(test_bad_no_timer),
		cmocka_unit_test(test_bad_timer_irqs),
		cmocka_unit_test(test_bad_timer_ppi),
		cmocka_unit_test(test_bad_no_stdout),
		cmocka_unit_test(test_bad_no_chosen),
		cmocka_unit_test(test_bad_stdout_missing),
		cmocka_unit_test(test_bad_stdout_alias),
		cmocka_unit_test(test_bad_console_not_pl011),
		cmocka_unit_test(test_bad_uart_noranges),
		cmocka_unit_test(test_bad_uart_not_covered),
		cmocka_unit_test(test_bad_uart_noreg),
		cmocka_unit_test(test_bad_psci_method),
		cmocka_unit_test(test_bad_psci_no_method),
		cmocka_unit_test(test_bad_no_smp),
		cmocka_unit_test(test_bad_psci_hvc),
		cmocka_unit_test(test_bad_psci_01_no_cpu_on),
		cmocka_unit_test(test_bad_sysreg_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
