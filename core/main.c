/*
 * Boot sequence. The boot CPU: canary, console, mode check, host device tree,
 * wake the secondaries, (Secure SVC -> Non-secure Hyp), Hyp vectors and MMU,
 * release the secondaries, banner. Each secondary: (Secure -> Hyp), wait,
 * Hyp vectors and MMU, report online.
 */
#include <arch/cpu.h>
#include <arch/hyp_cpu.h>
#include <arch/hyp_mmu.h>
#include <arch/sysreg.h>
#include <core/boot.h>
#include <core/config.h>
#include <core/console.h>
#include <core/crashtest.h>
#include <core/guest_dt.h>
#include <core/irq.h>
#include <core/page_alloc.h>
#include <core/partition.h>
#include <core/vcpu.h>
#include <core/platform.h>
#include <core/power.h>
#include <core/smp.h>
#include <core/stack_protector.h>
#include <drivers/gic.h>
#include <libfdt.h>
#include <stdbool.h>

#ifdef EARLY_UART_EXYNOS
#define EARLY_UART_TYPE UART_EXYNOS
#else
#define EARLY_UART_TYPE UART_PL011
#endif

#ifndef HYP_VERSION
#define HYP_VERSION "unknown"
#endif

static struct platform platform;
static char parse_err[256];
static struct config config;
static volatile bool partitions_ready;

extern char _start[], _end[];
extern const char __config_start[], __config_end[];

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case PSR_MODE_USR:
		return "User";
	case PSR_MODE_FIQ:
		return "FIQ";
	case PSR_MODE_IRQ:
		return "IRQ";
	case PSR_MODE_SVC:
		return "SVC";
	case PSR_MODE_MON:
		return "Monitor";
	case PSR_MODE_ABT:
		return "Abort";
	case PSR_MODE_HYP:
		return "Hyp";
	case PSR_MODE_UND:
		return "Undefined";
	case PSR_MODE_SYS:
		return "System";
	default:
		return "an unknown";
	}
}

static bool mode_supported(uint32_t cpsr, uint32_t secure)
{
	uint32_t mode = cpsr & PSR_MODE_MASK;

	return mode == PSR_MODE_HYP || (mode == PSR_MODE_SVC && secure);
}

static void map_devices(const struct platform *p, const void *fdt)
{
	hyp_mmu_map(p->uart.base, 0x1000, HYP_MAP_DEVICE, "console UART");
	hyp_mmu_map(p->gic.gicd.base, p->gic.gicd.size, HYP_MAP_DEVICE, "GICD");
	hyp_mmu_map(p->gic.gicc.base, p->gic.gicc.size, HYP_MAP_DEVICE, "GICC");
	hyp_mmu_map(p->gic.gich.base, p->gic.gich.size, HYP_MAP_DEVICE, "GICH");
	if (p->sysreg)
		hyp_mmu_map(p->sysreg, 0x1000, HYP_MAP_DEVICE,
			    "vexpress system registers");
	hyp_mmu_map((uintptr_t)fdt, fdt_totalsize(fdt), HYP_MAP_RO,
		    "host device tree");
}

static void print_banner(const struct platform *p, unsigned online,
			 bool was_secure)
{
	char b[4][HEX64_LEN];

	hyp_log("Tessera hypervisor %s on %s", HYP_VERSION, p->model);
	hyp_log("entered in %s", was_secure
					 ? "Secure SVC; switched to Non-secure "
					   "Hyp mode itself"
					 : "Non-secure Hyp mode");
	hyp_log("CPUs: %u online of %u (secondaries started by %s)", online,
		p->nr_cpus, smp_method_name(p->smp));
	for (unsigned i = 0; i < p->nr_mem; i++)
		hyp_log("RAM: %s-%s (%lu MiB)", hex64(b[0], p->mem[i].base),
			hex64(b[1], p->mem[i].base + p->mem[i].size - 1),
			(unsigned long)(p->mem[i].size >> 20));
	for (unsigned i = 0; i < p->nr_reserved; i++) {
		const struct host_reserved *r = &p->reserved[i];

		hyp_log("RAM reserved by the host: %s-%s (%s)",
			hex64(b[0], r->base),
			hex64(b[1], r->base + r->size - 1), r->name);
	}
	hyp_log("RAM total: %lu MiB; hypervisor at 0x%08lx-0x%08lx",
		(unsigned long)(platform_ram_size(p) >> 20),
		(unsigned long)(uintptr_t)_start,
		(unsigned long)(uintptr_t)_end - 1);
	hyp_log("GIC: GICD %s GICC %s GICH %s GICV %s",
		hex64(b[0], p->gic.gicd.base), hex64(b[1], p->gic.gicc.base),
		hex64(b[2], p->gic.gich.base), hex64(b[3], p->gic.gicv.base));
	hyp_log("GIC: %u IRQs, %u list registers, maintenance IRQ %lu",
		gic_nr_irqs((uintptr_t)p->gic.gicd.base),
		gic_nr_list_regs((uintptr_t)p->gic.gich.base),
		(unsigned long)p->gic.maint_irq);
	for (unsigned i = 0; i < p->nr_cpus; i++)
		hyp_log("CPU %u: cluster %u core %u (MPIDR 0x%lx), %s", i,
			platform_cpu_cluster(p, i), platform_cpu_core(p, i),
			(unsigned long)p->cpu_mpidr[i],
			p->cpu_core[i][0] ? p->cpu_core[i] : "core unknown");
	hyp_log("timer: %lu Hz; IRQs hyp %lu, virtual %lu, physical %lu",
		(unsigned long)(read_cntfrq() ? read_cntfrq() : p->timer.freq),
		(unsigned long)p->timer.hyp,
		(unsigned long)p->timer.virt, (unsigned long)p->timer.ns_phys);
	hyp_log("console: %s at %s (%s)",
		p->uart.type == UART_EXYNOS ? "Exynos UART" : "PL011",
		hex64(b[0], p->uart.base), p->uart.path);
}

/*
 * CNTFRQ is writable only in Secure PL1 (ARM ARM, Generic Timer, CNTFRQ):
 * entered there, program it from the tree's "clock-frequency" (every CPU
 * does, before it leaves); entered in Hyp, a zero CNTFRQ can only be worked
 * around when the tree gives the frequency, which guests then find in their
 * timer node.
 */
static void check_timer_frequency(const struct platform *p, bool secure)
{
	if (secure && p->timer.freq) {
		write_cntfrq(p->timer.freq);
		return;
	}
	if (read_cntfrq())
		return;
	if (!p->timer.freq)
		hyp_panic("CNTFRQ is 0 (the boot loader did not set the timer "
			  "frequency) and the host tree's timer node has no "
			  "\"clock-frequency\": the hypervisor cannot measure "
			  "time; set CNTFRQ in the firmware (U-Boot: "
			  "CONFIG_COUNTER_FREQUENCY) or add clock-frequency "
			  "to the timer node");
	hyp_log("CNTFRQ is 0 and cannot be set from Hyp mode: using the "
		"tree's %lu Hz, given to guests in their timer node",
		(unsigned long)p->timer.freq);
	guest_dt_set_timer_frequency(p->timer.freq);
}

static void report_config_error(void *ctx, const char *msg)
{
	(void)ctx;
	hyp_log("config: %s", msg);
}

/*
 * Keeps a range out of the allocator. PALLOC_MAX_RANGES covers every
 * reservation the limits allow, so this cannot fail; if it ever did,
 * allocating around the range would be unsafe: stop before any partition.
 */
static void reserve(uint64_t base, uint64_t size, const char *what)
{
	char b[HEX64_LEN];

	if (!palloc_reserve(base, size)) {
		hyp_log("cannot keep %s at %s out of the allocator: more than "
			"%d free ranges (PALLOC_MAX_RANGES); no partition "
			"started",
			what, hex64(b, base), PALLOC_MAX_RANGES);
		power_off(&platform);
	}
}

static void report_config_warning(void *ctx, const char *msg)
{
	(void)ctx;
	hyp_log("config: warning: %s", msg);
}

/* Reads, checks and builds the configured partitions, then runs CPU 0's. */
static void __attribute__((noreturn)) start_partitions(const void *fdt)
{
	const struct cfg_reserved reserved[] = {
		{"the hypervisor", (uintptr_t)_start,
		 (uintptr_t)_end - (uintptr_t)_start},
		{"the host device tree", (uintptr_t)fdt, fdt_totalsize(fdt)},
	};
	struct cfg_report rep = {
		.error = report_config_error,
		.warning = report_config_warning,
	};

	if ((uintptr_t)__config_end == (uintptr_t)__config_start) {
		hyp_log("no partitions configured");
		power_off(&platform);
	}
	if (!config_parse(__config_start, &config, &rep))
		config_validate(&config, &platform, fdt, reserved, 2, &rep);
	if (rep.errors) {
		hyp_log("configuration rejected: %u error(s); no partition "
			"started",
			rep.errors);
		power_off(&platform);
	}
	if (!config.nr_partitions) {
		hyp_log("no partitions configured");
		power_off(&platform);
	}

	palloc_init(&platform);
	for (unsigned i = 0; i < 2; i++)
		reserve(reserved[i].base, reserved[i].size, reserved[i].what);
	for (unsigned i = 0; i < platform.nr_reserved; i++)
		reserve(platform.reserved[i].base, platform.reserved[i].size,
			platform.reserved[i].name);
	for (unsigned i = 0; i < config.nr_partitions; i++) {
		const struct cfg_partition *c = &config.part[i];

		for (unsigned m = 0; m < c->nr_mem; m++)
			if (c->mem[m].fixed)
				reserve(c->mem[m].host, c->mem[m].size,
					"fixed memory");
		if (c->kernel.present && !c->kernel.data) {
			reserve(c->kernel.host, c->kernel.size, "kernel image");
			hyp_mmu_map(c->kernel.host, c->kernel.size, HYP_MAP_RO,
				    "kernel image");
		}
		if (c->initrd.present && !c->initrd.data) {
			reserve(c->initrd.host, c->initrd.size, "initrd image");
			hyp_mmu_map(c->initrd.host, c->initrd.size, HYP_MAP_RO,
				    "initrd image");
		}
	}
	irq_init(&platform);
	partitions_create(&config, &platform);
	partitions_ready = true;
	dsb();
	sev();
	pcpu_run(0);
}

void boot_primary(void *fdt, uint32_t entry_cpsr, uint32_t secure)
{
	bool hyp = (entry_cpsr & PSR_MODE_MASK) == PSR_MODE_HYP;

	/* In Hyp mode already: have faults reported from here on. */
	if (hyp)
		hyp_cpu_init(0);
	stack_guard_init(fdt);
	console_init(EARLY_UART_TYPE, EARLY_UART);

	if (!mode_supported(entry_cpsr, secure))
		hyp_panic("entered in %s%s mode (CPSR 0x%08lx): the hypervisor "
			  "needs Non-secure Hyp mode, or Secure SVC to switch "
			  "there itself",
			  (entry_cpsr & PSR_MODE_MASK) == PSR_MODE_SVC
				  ? "Non-secure "
				  : "",
			  mode_name(entry_cpsr & PSR_MODE_MASK),
			  (unsigned long)entry_cpsr);
	if (!fdt)
		hyp_panic("no device tree: r2 is 0 (QEMU needs -dtb on "
			  "vexpress; U-Boot: bootz <addr> - <fdt addr>)");
	if (platform_parse(fdt, &platform, parse_err, sizeof(parse_err)))
		hyp_panic("host device tree at 0x%08lx: %s%s",
			  (unsigned long)(uintptr_t)fdt, parse_err,
			  fdt_check_header(fdt)
				  ? " (was the hypervisor booted with a device "
				    "tree? QEMU vexpress needs -dtb)"
				  : "");
	if (platform.uart.base != EARLY_UART ||
	    platform.uart.type != EARLY_UART_TYPE)
		console_init(platform.uart.type,
			     (uintptr_t)platform.uart.base);
	check_timer_frequency(&platform, secure);
	smp_prepare(&platform);
	if (smp_cpu_id() < 0)
		hyp_panic("the boot CPU (MPIDR 0x%08lx) is not in /cpus",
			  (unsigned long)read_mpidr());

	if (secure) {
		if (platform.smp == SMP_PSCI)
			hyp_panic("entered in Secure state, where no PSCI "
				  "firmware can start the other CPUs");
		gic_secure_init_dist((uintptr_t)platform.gic.gicd.base);
		gic_secure_init_cpu((uintptr_t)platform.gic.gicd.base,
				    (uintptr_t)platform.gic.gicc.base);
		secure_cpu_prepare();
		smp_wake_secondaries(&platform);
		secure_switch_to_hyp();
		hyp_cpu_init(0);
	} else {
		smp_wake_secondaries(&platform);
	}

	hyp_mmu_init();
	map_devices(&platform, fdt);
	hyp_mmu_enable();
	console_enable_locking();

	smp_release_secondaries();
	print_banner(&platform, smp_wait_online(), secure);
	crashtest_run(fdt);
	start_partitions(fdt);
}

void boot_secondary(unsigned idx, uint32_t entry_cpsr, uint32_t secure)
{
	uintptr_t gicd = (uintptr_t)platform.gic.gicd.base;
	uintptr_t gicc = (uintptr_t)platform.gic.gicc.base;

	if (!mode_supported(entry_cpsr, secure))
		cpu_halt(); /* the boot CPU reports it as not online */
	gic_ack_boot_sgi(gicc);
	if (secure) {
		if (platform.timer.freq)
			write_cntfrq(platform.timer.freq);
		gic_secure_init_cpu(gicd, gicc);
		secure_cpu_prepare();
		secure_switch_to_hyp();
	}
	hyp_cpu_init(idx);
	smp_secondary_wait_release(idx);
	hyp_mmu_enable();
	hyp_log("CPU %u online (MPIDR 0x%08lx)", idx,
		(unsigned long)read_mpidr());
	smp_mark_online(idx);
	while (!partitions_ready)
		wfe();
	pcpu_run(idx);
}
