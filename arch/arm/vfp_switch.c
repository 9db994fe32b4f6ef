/*
 * Lazy VFP/NEON switching (HCPTR, B4.1.69). A vCPU starts with CP10/CP11
 * trapped; its first VFP instruction traps, the hypervisor puts the vCPU's
 * saved VFP state into the registers (saving whoever had them) and lets it
 * run untrapped from then on. The hypervisor itself never uses VFP, so as
 * long as the vCPU keeps its CPU its state stays in the registers.
 */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vcpu_ops.h>
#include <core/limits.h>
#include <core/smp.h>

static struct arch_vcpu *vfp_owner[MAX_CPUS];

#define HCPTR_VFP (HCPTR_TCP10 | HCPTR_TCP11)

void vfp_load_lazy(struct arch_vcpu *a)
{
	unsigned cpu = read_htpidr();

	/*
	 * Whatever is in the registers now is stale for a: a was just reset
	 * or another vCPU owns them (saved first). a's memory copy is the truth.
	 */
	if (vfp_owner[cpu] && vfp_owner[cpu] != a) {
		write_hcptr(read_hcptr() & ~HCPTR_VFP);
		isb();
		vfp_save(&vfp_owner[cpu]->vfp);
	}
	vfp_owner[cpu] = NULL;
	write_hcptr(read_hcptr() | HCPTR_VFP);
	isb();
}

void vfp_switch_to(struct arch_vcpu *a)
{
	unsigned cpu = read_htpidr();

	write_hcptr(read_hcptr() & ~HCPTR_VFP);
	isb();
	if (vfp_owner[cpu] != a) {
		if (vfp_owner[cpu])
			vfp_save(&vfp_owner[cpu]->vfp);
		vfp_restore(&a->vfp);
		vfp_owner[cpu] = a;
	}
}
