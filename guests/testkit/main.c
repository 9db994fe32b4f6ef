/*
 * The boot vCPU: MMU on, device tree, then every check in order, the
 * testkit.mode= measurement if any, the summary line and PSCI SYSTEM_OFF.
 */
#include "testkit.h"

#include <libfdt.h>
#include <stdio.h>

#define FDT_MAX_SIZE (2u * 1024 * 1024)

uint64_t tk_entry_cntvct; /* stored by start.S, after it cleared the BSS */

static void fatal_dt(const char *why)
{
	tk_begin("device_tree_readable");
	tk_fail("%s", why);
	tk_finish();
}

static void print_header(void)
{
	char mem[160];
	size_t len = 0;
	int k;

	mem[0] = '\0';
	for (unsigned i = 0; i < tk_plat.nr_mem && len < sizeof(mem); i++) {
		k = snprintf(mem + len, sizeof(mem) - len, "%s0x%08x+0x%x",
			     i ? " " : "", (unsigned)tk_plat.mem[i].base,
			     (unsigned)tk_plat.mem[i].size);
		len += k > 0 ? (size_t)k : 0;
	}
	tk_printf("# %u vCPUs, RAM %s\n", tk_plat.nr_vcpus, mem);
	if (tk_plat.has_testdev)
		tk_printf("# test device 0x%08x+0x%x\n",
			  (unsigned)tk_plat.testdev,
			  (unsigned)tk_plat.testdev_size);
	else
		tk_printf("# no test device\n");
	tk_printf("# image 0x%08x-0x%08x, device tree 0x%08x, entry r0 0x%x "
		  "r1 0x%x, PSCI method \"%s\", alias section 0x%08x\n",
		  (unsigned)_start, (unsigned)_end, (unsigned)tk_plat.dtb,
		  (unsigned)tk_boot.r0, (unsigned)tk_boot.r1,
		  tk_plat.psci_method, (unsigned)tk_alias_va);
	if (tk_plat.has_gic)
		tk_printf("# GIC: GICD 0x%08x, GICC 0x%08x\n",
			  (unsigned)tk_plat.gicd, (unsigned)tk_plat.gicc);
	else
		tk_printf("# %s\n", tk_plat.gic_why);
	if (tk_plat.has_vtimer)
		tk_printf("# virtual timer: INTID %u\n", tk_plat.vtimer_irq);
	if (tk_plat.has_ptimer)
		tk_printf("# physical timer: INTID %u\n", tk_plat.ptimer_irq);
	else
		tk_printf("# %s\n", tk_plat.timer_why);
	if (tk_plat.has_uart)
		tk_printf("# PL011 0x%08x, INTID %u%s\n",
			  (unsigned)tk_plat.uart, tk_plat.uart_irq,
			  tk_plat.uart_irq ? "" : " (none usable)");
	else
		tk_printf("# %s\n", tk_plat.uart_why);
	if (tk_plat.has_pt_uart)
		tk_printf("# passthrough PL011 0x%08x, INTID %u%s\n",
			  (unsigned)tk_plat.pt_uart, tk_plat.pt_uart_irq,
			  tk_plat.pt_uart_irq ? "" : " (none usable)");
	else if (tk_plat.pt_uart_run)
		tk_printf("# %s\n", tk_plat.pt_uart_why);
	if (tk_plat.has_pt_rtc)
		tk_printf("# passthrough PL031 0x%08x, INTID %u%s\n",
			  (unsigned)tk_plat.pt_rtc, tk_plat.pt_rtc_irq,
			  tk_plat.pt_rtc_irq ? "" : " (none usable)");
	else if (tk_plat.pt_rtc_run)
		tk_printf("# %s\n", tk_plat.pt_rtc_why);
	if (tk_plat.has_bootargs)
		tk_printf("# bootargs \"%s\"\n", tk_plat.bootargs);
	if (tk_plat.nr_cpu_nodes > TK_MAX_VCPUS)
		tk_printf("# %u CPU nodes: only the first %d are tested\n",
			  tk_plat.nr_cpu_nodes, TK_MAX_VCPUS);
	if (!tk_in_memory((uint32_t)_start) ||
	    !tk_in_memory((uint32_t)_end - 1))
		tk_printf("# warning: the image is not inside the device tree's "
			  "memory\n");
}

void tk_primary_main(uint32_t dtb, uint32_t cpsr, uint32_t r0, uint32_t r1)
{
	char why[128];

	tk_boot.cpsr = cpsr;
	tk_boot.r0 = r0;
	tk_boot.r1 = r1;
	tk_boot.dtb = dtb;
	tk_boot.cpu = tk_cpu_index();
	tk_plat.dtb = dtb;

	/* The MMU comes on first: the tree is read through the boot table. */
	if (dtb == 0 || (dtb & 3)) {
		tk_mmu_boot(0);
		snprintf(why, sizeof(why), "no usable device tree address in r2 "
			 "(0x%08x)", (unsigned)dtb);
		fatal_dt(why);
	}
	tk_mmu_boot(dtb);
	if (fdt_magic((const void *)dtb) != FDT_MAGIC) {
		snprintf(why, sizeof(why), "no device tree at 0x%08x (magic "
			 "0x%08x)", (unsigned)dtb,
			 (unsigned)fdt_magic((const void *)dtb));
		fatal_dt(why);
	}
	uint32_t size = fdt_totalsize((const void *)dtb);
	if (size > FDT_MAX_SIZE || tk_mmu_boot_map_dtb(dtb, size)) {
		snprintf(why, sizeof(why), "device tree at 0x%08x: totalsize "
			 "0x%x is implausible", (unsigned)dtb, (unsigned)size);
		fatal_dt(why);
	}
	if (tk_dt_parse((const void *)dtb, &tk_plat, why, sizeof(why)))
		fatal_dt(why);

	tk_mmu_final();
	print_header();
	tk_lifecycle_mode();
	tk_channel_flood();

	tk_check_cpu_basics();
	tk_check_smp();
	tk_check_mmio();
	tk_check_faults();
	tk_check_vfp();
	tk_check_wfi();
	tk_check_calls();
	tk_check_cp15();
	tk_check_pmu_debug();
	tk_check_gic();
	tk_check_vtimer();
	tk_check_ptimer();
	tk_check_uart();
	tk_check_passthrough_rtc();
	tk_check_console_policy();
	tk_check_channel();
	tk_run_mode();
	tk_finish();
}
