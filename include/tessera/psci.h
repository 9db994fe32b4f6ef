/*
 * PSCI 1.0 as Tessera offers it to guests (ARM DEN 0022D), over HVC and SMC:
 * function IDs (SMC32), return codes and AFFINITY_INFO results. Shared by the
 * hypervisor (core/include/core/psci.h) and the guests; usable from assembly.
 */
#ifndef TESSERA_PSCI_H
#define TESSERA_PSCI_H

#include <tessera/abi_util.h>

/* Function IDs, SMC32 */
#define PSCI_FN_VERSION ABI_U(0x84000000)
#define PSCI_FN_CPU_SUSPEND ABI_U(0x84000001)
#define PSCI_FN_CPU_OFF ABI_U(0x84000002)
#define PSCI_FN_CPU_ON ABI_U(0x84000003)
#define PSCI_FN_AFFINITY_INFO ABI_U(0x84000004)
#define PSCI_FN_MIGRATE ABI_U(0x84000005)
#define PSCI_FN_MIGRATE_INFO_TYPE ABI_U(0x84000006)
#define PSCI_FN_MIGRATE_INFO_UP_CPU ABI_U(0x84000007)
#define PSCI_FN_SYSTEM_OFF ABI_U(0x84000008)
#define PSCI_FN_SYSTEM_RESET ABI_U(0x84000009)
#define PSCI_FN_FEATURES ABI_U(0x8400000a)

#define PSCI_VERSION_1_0 ABI_U(0x00010000)

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

#endif
