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
	 * Guests read the physical counter and own the physical EL1 timer of
	 * their CPU (each vCPU has a CPU to itself): its state is part of the
	 * vCPU context, its PPI goes to that vCPU like the virtual timer's.
	 * The Hyp timer stays the hypervisor's (PL1 cannot reach it, ARM ARM
	 * B8).
	 */
	write_cnthctl(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN);
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
