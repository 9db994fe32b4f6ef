/*
 * The boot vCPU: MMU on, device tree, then every check in order, the
 * testkit.mode= measurement if any, the summary line and PSCI SYSTEM_OFF.
 */
#include "testkit.h"

#include <stdio.h>

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
	for (unsigned i = 0; i < guest_plat.nr_mem && len < sizeof(mem); i++) {
		k = snprintf(mem + len, sizeof(mem) - len, "%s0x%08x+0x%x",
			     i ? " " : "", (unsigned)guest_plat.mem[i].base,
			     (unsigned)guest_plat.mem[i].size);
		len += k > 0 ? (size_t)k : 0;
	}
	guest_printf("# %u vCPUs, RAM %s\n", tk_plat.nr_vcpus, mem);
	if (tk_plat.has_testdev)
		guest_printf("# test device 0x%08x+0x%x\n",
			     (unsigned)tk_plat.testdev,
			     (unsigned)tk_plat.testdev_size);
	else
		guest_printf("# no test device\n");
	guest_printf("# image 0x%08x-0x%08x, device tree 0x%08x, entry r0 0x%x "
		     "r1 0x%x, PSCI method \"%s\", alias section 0x%08x\n",
		     (unsigned)_start, (unsigned)_end, (unsigned)guest_plat.dtb,
		     (unsigned)guest_boot.r0, (unsigned)guest_boot.r1,
		     guest_plat.psci_method, (unsigned)tk_alias_va);
	if (guest_plat.has_gic)
		guest_printf("# GIC: GICD 0x%08x, GICC 0x%08x\n",
			     (unsigned)guest_plat.gicd,
			     (unsigned)guest_plat.gicc);
	else
		guest_printf("# %s\n", guest_plat.gic_why);
	/* timer_why (the runtime's parse_timer()) says why the virtual
	   timer is missing; a missing physical timer is its checks' to say */
	if (guest_plat.has_vtimer)
		guest_printf("# virtual timer: INTID %u\n",
			     guest_plat.vtimer_irq);
	else
		guest_printf("# %s\n", guest_plat.timer_why);
	if (guest_plat.has_ptimer)
		guest_printf("# physical timer: INTID %u\n",
			     guest_plat.ptimer_irq);
	if (guest_plat.has_uart)
		guest_printf("# PL011 0x%08x, INTID %u%s\n",
			     (unsigned)guest_plat.uart, guest_plat.uart_irq,
			     guest_plat.uart_irq ? "" : " (none usable)");
	else
		guest_printf("# %s\n", guest_plat.uart_why);
	if (tk_plat.has_pt_uart)
		guest_printf("# passthrough PL011 0x%08x, INTID %u%s\n",
			     (unsigned)tk_plat.pt_uart, tk_plat.pt_uart_irq,
			     tk_plat.pt_uart_irq ? "" : " (none usable)");
	else if (tk_plat.pt_uart_run)
		guest_printf("# %s\n", tk_plat.pt_uart_why);
	if (tk_plat.has_pt_rtc)
		guest_printf("# passthrough PL031 0x%08x, INTID %u%s\n",
			     (unsigned)tk_plat.pt_rtc, tk_plat.pt_rtc_irq,
			     tk_plat.pt_rtc_irq ? "" : " (none usable)");
	else if (tk_plat.pt_rtc_run)
		guest_printf("# %s\n", tk_plat.pt_rtc_why);
	if (guest_plat.has_bootargs)
		guest_printf("# bootargs \"%s\"\n", guest_plat.bootargs);
	if (guest_plat.nr_cpu_nodes > TK_MAX_VCPUS)
		guest_printf("# %u CPU nodes: only the first %d are tested\n",
			     guest_plat.nr_cpu_nodes, TK_MAX_VCPUS);
	if (!guest_in_memory(&guest_plat, (uint32_t)_start) ||
	    !guest_in_memory(&guest_plat, (uint32_t)_end - 1))
		guest_printf("# warning: the image is not inside the device "
			     "tree's memory\n");
}

void guest_main(void)
{
	char why[128];

	/* MMU on, the tree read into guest_plat, the final table */
	if (guest_setup(why, sizeof(why)))
		fatal_dt(why);
	tk_dt_parse((const void *)guest_plat.dtb, &tk_plat);
	tk_mmu_alias_setup();
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
	tk_check_virtio();
	tk_net_bench();
	tk_check_channel();
	tk_run_mode();
	tk_finish();
}
