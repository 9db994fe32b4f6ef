/*
 * PSCI 1.0 for guests (ARM DEN 0022D), over HVC and SMC. The state machine is
 * pure logic over a partition's vCPU power states, so it is unit-tested on
 * the host; the caller supplies callbacks for what touches hardware.
 */
#ifndef CORE_PSCI_H
#define CORE_PSCI_H

#include <core/limits.h>
#include <stdbool.h>
#include <stdint.h>

/* Function IDs, return codes, AFFINITY_INFO results: shared with the guests */
#include <tessera/psci.h>

enum vcpu_power {
	VCPU_OFF,
	VCPU_ON_PENDING, /* CPU_ON accepted, the target has not started yet */
	VCPU_ON,
};

struct psci_vcpu {
	volatile enum vcpu_power power;
	uint32_t entry;   /* CPU_ON entry point */
	uint32_t context; /* CPU_ON context id, the new vCPU's r0 */
};

/* What the caller must do after psci_call() returns. */
enum psci_action {
	PSCI_ACT_RETURN,       /* put the result in r0 and resume the caller */
	PSCI_ACT_CPU_OFF,      /* the calling vCPU is now off: stop running it */
	PSCI_ACT_SYSTEM_OFF,   /* stop the whole partition */
	PSCI_ACT_SYSTEM_RESET, /* restart the partition from its image */
};

struct psci_partition {
	unsigned nr_vcpus;
	struct psci_vcpu *vcpu; /* nr_vcpus entries; index = MPIDR.Aff0 */
	/* Is addr a valid entry point (inside the partition's memory)? */
	bool (*entry_ok)(void *ctx, uint32_t addr);
	/* Wake the physical CPU of vCPU idx so it notices ON_PENDING. */
	void (*kick)(void *ctx, unsigned idx);
	void *ctx;
};

/* Is fn a PSCI function ID (the 0x84000000 / 0xc4000000 ranges)? */
bool psci_is_call(uint32_t fn);

/*
 * Executes PSCI function fn with arguments a1..a3 for vCPU `caller` of
 * partition pp. Returns the value for r0 and sets *action. The caller holds
 * whatever lock serialises the partition's PSCI calls.
 */
int32_t psci_call(struct psci_partition *pp, unsigned caller, uint32_t fn,
		  uint32_t a1, uint32_t a2, uint32_t a3,
		  enum psci_action *action);

#endif
