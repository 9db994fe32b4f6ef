/*
 * A guest's first touch of a RAM block left unzeroed at its load
 * (core/include/core/mem_defer.h): a stage-2 translation fault there is
 * the hypervisor's to resolve, not the guest's. Asked only after no
 * device took the access (arch/arm/trap.c), so MMIO exits never pay.
 */
#include <arch/hsr.h>
#include <arch/sysreg.h>
#include <arch/first_touch.h>
#include <core/partition.h>
#include <core/partition_mem.h>

/* Long-descriptor FSC 0b0001LL: translation fault, level LL (B3.13.3). */
#define FSC_TRANSLATION_MASK 0x3cu
#define FSC_TRANSLATION 0x04u

bool first_touch(struct vcpu *v, uint32_t hsr)
{
	/* HPFAR holds IPA[39:12] of a stage-2 fault, its walks' included. */
	uint64_t ipa = (uint64_t)(read_hpfar() >> 4) << 12;

	if ((HSR_xABT_FSC(hsr) & FSC_TRANSLATION_MASK) != FSC_TRANSLATION ||
	    !partition_fill_fault(v->part, ipa))
		return false;
	/* The faulting instruction runs again: ELR_hyp still points at it. */
	exit_stats_add(&v->stats, EXIT_ZERO_FILL);
	return true;
}
