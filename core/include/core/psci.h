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

/* Function IDs, SMC32 */
#define PSCI_FN_VERSION 0x84000000u
#define PSCI_FN_CPU_SUSPEND 0x84000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON 0x84000003u
#define PSCI_FN_AFFINITY_INFO 0x84000004u
#define PSCI_FN_MIGRATE 0x84000005u
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_FN_MIGRATE_INFO_UP_CPU 0x84000007u
#define PSCI_FN_SYSTEM_OFF 0x84000008u
#define PSCI_FN_SYSTEM_RESET 0x84000009u
#define PSCI_FN_FEATURES 0x8400000au

#define PSCI_VERSION_1_0 0x00010000u

/* Return codes */
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_DISABLED (-8)
#define PSCI_INVALID_ADDRESS (-9)

/* AFFINITY_INFO results */
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

/* MIGRATE_INFO_TYPE: no Trusted OS to migrate */
#define PSCI_TOS_NOT_PRESENT 2

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
