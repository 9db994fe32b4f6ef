/* Machine power-off: PSCI SYSTEM_OFF where firmware offers it, else vexpress. */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/power.h>
#include <drivers/uart.h>
#include <drivers/vexpress_sysreg.h>

static void wait_seconds(const struct platform *p, unsigned s)
{
	/* CNTFRQ, or the tree's where the firmware left it 0 (Arndale) */
	uint32_t freq = read_cntfrq() ? read_cntfrq() : p->timer.freq;
	uint64_t end = read_cntpct() + (uint64_t)s * (freq ? freq : 100000000u);

	while (read_cntpct() < end)
		;
}

void power_off(const struct platform *p)
{
	hyp_log("powering off");
	console_sync();
	uart_flush(p->uart.type, (uintptr_t)p->uart.base);
	if (p->psci.conduit == PSCI_SMC && p->psci.system_off)
		smc_call(p->psci.system_off, 0, 0, 0);
	else if (p->sysreg)
		vexpress_sys_cfg((uintptr_t)p->sysreg, SYS_CFG_SHUTDOWN);
	/*
	 * The request takes effect asynchronously (QEMU handles it in its main
	 * loop): give it five seconds of counter time before calling it failed.
	 */
	wait_seconds(p, 5);
	hyp_panic("power-off failed: no PSCI SYSTEM_OFF and no vexpress "
		  "system registers");
}
