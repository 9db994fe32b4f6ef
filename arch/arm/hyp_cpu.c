/* Per-CPU Hyp state that exists before any guest. */
#include <arch/cpu.h>
#include <arch/exception.h>
#include <arch/hyp_cpu.h>
#include <arch/sysreg.h>

/*
 * The PMU and the debug registers are not the guests' (docs/architecture.md,
 * "Performance monitors and debug"): a counter a guest could filter to Hyp
 * mode would time the hypervisor, and the work it does for other partitions;
 * breakpoint state would outlive the vCPU it belongs to. HDCR (B4.1.67):
 *  TPM|TPMCR  every PL0/PL1 PMU access traps; cp15_emul.c answers with a PMU
 *             of no counters (RAZ/WI), so there is no guest state to keep
 *  HPMN = N   HPME = 0: the counters left to Hyp mode stay disabled (HPMN = 0
 *             is UNPREDICTABLE in ARMv7)
 *  TDA|TDOSA|TDRA  every CP14 debug register access traps: DBGDIDR reads 0
 *             (no debug architecture: Linux does not use breakpoints), the
 *             rest is an undefined instruction
 * TDE stays clear: BKPT and the guest's own software debugging go to it.
 * The physical PMU is stopped and cleared once; nothing enables it again.
 */
static void pmu_debug_init(void)
{
	uint32_t n = PMCR_N(read_pmcr());

	write_pmcr(PMCR_P | PMCR_C); /* E = 0, every counter reset */
	write_pmcntenclr(~0u);
	write_pmintenclr(~0u);
	write_pmovsr(~0u);
	write_pmuserenr(0);
	write_hdcr(HDCR_HPMN(n) | HDCR_TPMCR | HDCR_TPM | HDCR_TDA |
		   HDCR_TDOSA | HDCR_TDRA);
}

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
	pmu_debug_init();
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
