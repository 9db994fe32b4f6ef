/*
 * Secondary CPUs are woken early, while the boot CPU may still be in Secure
 * state (a Secure SGI is the only one that reaches the boot loader's wait
 * loop then). They switch to Non-secure Hyp themselves and wait, MMU off,
 * until the boot CPU has built the Hyp tables and releases them.
 *
 * Until a secondary has its MMU on, it reads and writes memory uncached, so
 * the boot CPU cleans what it publishes and invalidates what it polls.
 */
#include <arch/cache.h>
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/smp.h>
#include <drivers/cci400.h>
#include <drivers/gic.h>
#include <drivers/mmio.h>
#include <drivers/vexpress_sysreg.h>

enum cpu_state { CPU_OFF, CPU_ARRIVED, CPU_ONLINE };

uint32_t smp_cpu_mpidr[MAX_CPUS];
uint32_t smp_nr_cpus;

static volatile uint32_t cpu_state[MAX_CPUS];
static volatile uint32_t released;

extern char secondary_entry[];

void smp_prepare(const struct platform *p)
{
	for (unsigned i = 0; i < p->nr_cpus; i++)
		smp_cpu_mpidr[i] = p->cpu_mpidr[i];
	smp_nr_cpus = p->nr_cpus;
	dsb();
}

int smp_cpu_id(void)
{
	uint32_t mpidr = read_mpidr() & MPIDR_AFF_MASK;

	for (unsigned i = 0; i < smp_nr_cpus; i++)
		if (smp_cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

/*
 * TC2: every cluster's CCI-400 interface snoops and takes DVM messages
 * before a CPU of another cluster runs, or the clusters' caches and TLBs
 * would not stay coherent with each other (Linux's MCPM does the same per
 * cluster, cci_enable_port_for_self). Done by the boot CPU for all: the
 * firmware may have enabled the boot cluster's only.
 */
static void cci_enable_clusters(const struct platform *p)
{
	for (unsigned i = 0; i < p->cci.nr_ports; i++)
		if (!cci400_enable_port((uintptr_t)p->cci.base,
					(uintptr_t)p->cci.port[i]))
			hyp_log("CCI-400 interface at 0x%08lx does not snoop: "
				"the CPUs behind it are not coherent (entered "
				"in Hyp mode, the firmware must let Non-secure "
				"software set the CCI: Secure Access register, "
				"bit 0)",
				(unsigned long)p->cci.port[i]);
}

void smp_wake_secondaries(const struct platform *p)
{
	uint32_t entry = (uint32_t)(uintptr_t)secondary_entry;
	int self = smp_cpu_id();

	if (p->cci.base)
		cci_enable_clusters(p);
	switch (p->smp) {
	case SMP_VEXPRESS_FLAGS:
		vexpress_set_boot_address((uintptr_t)p->sysreg, entry);
		dsb();
		gic_send_sgi_others((uintptr_t)p->gic.gicd.base, 0);
		break;
	case SMP_EXYNOS_SYSRAM:
		/* U-Boot's parked CPU leaves WFI on the SGI and jumps. */
		mmio_write32((uintptr_t)p->exynos_sysram, entry);
		dsb();
		gic_send_sgi_others((uintptr_t)p->gic.gicd.base, 0);
		sev(); /* and for a CPU still in the boot ROM's WFE */
		break;
	case SMP_PSCI:
		for (unsigned i = 0; i < p->nr_cpus; i++) {
			int32_t rc;

			if ((int)i == self)
				continue;
			rc = (int32_t)smc_call(p->psci.cpu_on, p->cpu_mpidr[i],
					       entry, i);
			if (rc)
				hyp_log("PSCI CPU_ON of CPU %u (MPIDR 0x%lx) "
					"failed: %ld",
					i, (unsigned long)p->cpu_mpidr[i],
					(long)rc);
		}
		break;
	case SMP_NONE:
		break;
	}
}

void smp_secondary_wait_release(unsigned idx)
{
	cpu_state[idx] = CPU_ARRIVED;
	dsb();
	while (!released)
		wfe();
}

void smp_release_secondaries(void)
{
	released = 1;
	dcache_clean_range((const void *)&released, sizeof(released));
	sev();
}

void smp_mark_online(unsigned idx)
{
	cpu_state[idx] = CPU_ONLINE;
	dsb();
	sev();
}

unsigned smp_wait_online(void)
{
	uint32_t freq = read_cntfrq();
	/* Two seconds, or a generous spin count where CNTFRQ was not set. */
	uint64_t limit = freq ? 2ull * freq : 1ull << 28;
	uint64_t start = freq ? read_cntpct() : 0, spins = 0;
	unsigned online, self = (unsigned)smp_cpu_id();

	uint32_t cnthctl = read_cnthctl();

	cpu_state[self] = CPU_ONLINE;
	/*
	 * Sleep in WFE between looks: each CPU's SEV in smp_mark_online()
	 * wakes it, and an event stream (ARM ARM B8.1.6: an event each 2^16
	 * counter ticks) while it waits, so the time limit holds on a CPU
	 * that never comes. CPU_ONLINE is written with caches on, coherently:
	 * no cache maintenance needed to see it.
	 */
	write_cnthctl(cnthctl | CNTHCTL_EVNTEN | CNTHCTL_EVNTI(15u));
	isb();
	for (;;) {
		online = 0;
		for (unsigned i = 0; i < smp_nr_cpus; i++)
			online += cpu_state[i] == CPU_ONLINE;
		if (online == smp_nr_cpus)
			break;
		if ((freq ? read_cntpct() - start : ++spins) > limit)
			break;
		if (freq) /* else no counter, no event stream */
			wfe();
	}
	write_cnthctl(cnthctl);
	isb();
	/* CPU_ARRIVED was written with the caches off (the message below). */
	dcache_clean_inval_range((const void *)cpu_state, sizeof(cpu_state));
	for (unsigned i = 0; i < smp_nr_cpus; i++)
		if (cpu_state[i] != CPU_ONLINE)
			hyp_log("CPU %u (MPIDR 0x%lx) did not come online%s", i,
				(unsigned long)smp_cpu_mpidr[i],
				cpu_state[i] == CPU_ARRIVED
					? " (it reached the hypervisor but "
					  "not its MMU)"
					: " (it never reached the hypervisor)");
	return online;
}
