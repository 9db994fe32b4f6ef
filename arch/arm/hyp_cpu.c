/* Per-CPU Hyp state that exists before any guest. */
#include <arch/cpu.h>
#include <arch/exception.h>
#include <arch/hyp_cpu.h>
#include <arch/sysreg.h>

void hyp_cpu_init(unsigned cpu)
{
	write_hvbar((uint32_t)(uintptr_t)hyp_vectors);
	write_htpidr(cpu);
	/* No guest yet: nothing trapped, stage 2 off. */
	write_hcr(0);
	write_hstr(0);
	write_cntvoff(0);
	/*
	 * Guests read the physical counter but may not program the physical
	 * timer (its accesses trap and are refused): that timer's interrupt
	 * is not theirs to take. They use the virtual timer.
	 */
	write_cnthctl(CNTHCTL_PL1PCTEN);
	isb();
}

void secure_cpu_prepare(void)
{
	/* Non-secure may use VFP/NEON and set ACTLR.SMP (Cortex-A15). */
	write_nsacr(read_nsacr() | NSACR_CP10 | NSACR_CP11 | NSACR_NS_SMP);
	/* Join coherency before any cache is turned on. */
	write_actlr(read_actlr() | ACTLR_SMP);
	isb();
}
