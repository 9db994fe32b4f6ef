/*
 * PSCI 1.0 for guests (ARM DEN 0022D): the power-state machine of one
 * partition's vCPUs. Pure logic; the caller serialises calls per partition,
 * supplies the entry-point check and the wake-up (kick), and carries out the
 * returned action.
 */
#include <core/psci.h>

#define PSCI_FN_MASK 0xffffffe0u /* function number is bits [4:0] */
#define PSCI_SMC32_BASE 0x84000000u
#define PSCI_SMC64_BASE 0xc4000000u

/*
 * target_cpu carries MPIDR affinity fields (DEN 0022D 5.1.4). Bits [31:24]
 * are not affinity for SMC32: bit 31 is RES1 in MPIDR, 30 is U, 24 is MT, so
 * guests that pass their own MPIDR through (0x80000000 | idx) are accepted.
 * Aff3 lives in bits [39:32], which a 32-bit argument cannot hold.
 */
#define MPIDR_AFF0_MASK 0x000000ffu
#define MPIDR_AFF12_MASK 0x00ffff00u

bool psci_is_call(uint32_t fn)
{
	uint32_t base = fn & PSCI_FN_MASK;

	return base == PSCI_SMC32_BASE || base == PSCI_SMC64_BASE;
}

/* vCPU index named by a PSCI target_cpu, or -1 if no such vCPU. */
static int target_index(const struct psci_partition *pp, uint32_t mpidr)
{
	uint32_t aff0 = mpidr & MPIDR_AFF0_MASK;

	if (mpidr & MPIDR_AFF12_MASK)
		return -1;
	if (aff0 >= pp->nr_vcpus)
		return -1;
	return (int)aff0;
}

/* The functions PSCI_FEATURES reports as implemented (DEN 0022D 5.1.14). */
static bool implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		return true;
	default:
		return false;
	}
}

/*
 * No feature flags for any offered function: CPU_SUSPEND, the only one with
 * flags, is deliberately not offered (idle vCPUs use WFI).
 */
static int32_t psci_features(uint32_t fn)
{
	return implemented(fn) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
}

static int32_t psci_cpu_on(struct psci_partition *pp, uint32_t target_cpu,
			   uint32_t entry, uint32_t context)
{
	int idx = target_index(pp, target_cpu);
	struct psci_vcpu *v;

	if (idx < 0)
		return PSCI_INVALID_PARAMETERS;
	if (pp->entry_ok && !pp->entry_ok(pp->ctx, entry))
		return PSCI_INVALID_ADDRESS;

	v = &pp->vcpu[idx];
	if (v->power == VCPU_ON)
		return PSCI_ALREADY_ON;
	if (v->power == VCPU_ON_PENDING)
		return PSCI_ON_PENDING;

	v->entry = entry;
	v->context = context;
	/*
	 * The target's CPU may poll power without the partition lock: entry
	 * and context must be visible before it sees ON_PENDING (DMB on ARM).
	 */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	v->power = VCPU_ON_PENDING;
	if (pp->kick)
		pp->kick(pp->ctx, (unsigned)idx);
	return PSCI_SUCCESS;
}

/*
 * Only affinity level 0 is supported: a partition is one flat cluster, and
 * PSCI 1.0 lets an implementation reject higher levels (DEN 0022D 5.1.5).
 */
static int32_t psci_affinity_info(const struct psci_partition *pp,
				  uint32_t target, uint32_t lowest_level)
{
	int idx = target_index(pp, target);

	if (lowest_level != 0 || idx < 0)
		return PSCI_INVALID_PARAMETERS;

	switch (pp->vcpu[idx].power) {
	case VCPU_ON:
		return PSCI_AFF_ON;
	case VCPU_ON_PENDING:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

int32_t psci_call(struct psci_partition *pp, unsigned caller, uint32_t fn,
		  uint32_t a1, uint32_t a2, uint32_t a3,
		  enum psci_action *action)
{
	*action = PSCI_ACT_RETURN;
	/* A caller outside the partition is our bug, not the guest's. */
	if (caller >= pp->nr_vcpus)
		return PSCI_INTERNAL_FAILURE;

	switch (fn) {
	case PSCI_FN_VERSION:
		return (int32_t)PSCI_VERSION_1_0;
	case PSCI_FN_FEATURES:
		return psci_features(a1);
	case PSCI_FN_CPU_ON:
		return psci_cpu_on(pp, a1, a2, a3);
	case PSCI_FN_CPU_OFF:
		/* Never returns to the caller on success (DEN 0022D 5.1.3). */
		pp->vcpu[caller].power = VCPU_OFF;
		*action = PSCI_ACT_CPU_OFF;
		return PSCI_SUCCESS;
	case PSCI_FN_AFFINITY_INFO:
		return psci_affinity_info(pp, a1, a2);
	case PSCI_FN_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT;
	case PSCI_FN_SYSTEM_OFF:
		*action = PSCI_ACT_SYSTEM_OFF;
		return PSCI_SUCCESS;
	case PSCI_FN_SYSTEM_RESET:
		*action = PSCI_ACT_SYSTEM_RESET;
		return PSCI_SUCCESS;
	default:
		/* CPU_SUSPEND, MIGRATE, MIGRATE_INFO_UP_CPU, every SMC64 ID */
		return PSCI_NOT_SUPPORTED;
	}
}
