/* Machine power-off: PSCI SYSTEM_OFF where firmware offers it, else vexpress. */
#include <arch/cpu.h>
#include <core/console.h>
#include <core/power.h>
#include <drivers/pl011.h>
#include <drivers/vexpress_sysreg.h>

void power_off(const struct platform *p)
{
	hyp_log("powering off");
	pl011_flush((uintptr_t)p->uart.base);
	if (p->psci.conduit == PSCI_SMC && p->psci.system_off)
		smc_call(p->psci.system_off, 0, 0, 0);
	else if (p->sysreg)
		vexpress_sys_cfg((uintptr_t)p->sysreg, SYS_CFG_SHUTDOWN);
	/* The request takes effect asynchronously on some boards. */
	for (volatile unsigned i = 0; i < 1000000; i++)
		;
	hyp_panic("power-off failed: no PSCI SYSTEM_OFF and no vexpress "
		  "system registers");
}
