/* Tessera's hypercall ABI (docs/hypercalls.md). HVC #0, function ID in r0. */
#ifndef CORE_HYPERCALL_H
#define CORE_HYPERCALL_H

/* SMCCC fast calls, SMC32, owner 6: vendor-specific hypervisor service */
#define HC_VERSION 0x86000000u        /* -> r0 = (major << 16) | minor */
#define HC_CONSOLE_WRITE 0x86000001u  /* r1 = guest VA, r2 = length -> r0 */
#define HC_NULL 0x86000002u           /* -> r0 = 0; for benchmarks */
#define HC_VCPU_INFO 0x86000003u      /* -> r0 = vCPU index, r1 = vCPUs,
					 r2 = partition id */

#define HC_CHANNEL_RING 0x86000004u   /* r1 = channel id -> r0 = 0 */

#define HC_VERSION_VALUE 0x00010000u /* 1.0 */

/* Bytes one HC_CONSOLE_WRITE consumes at most: the work of one exit is
   bounded; the guest calls again for the rest. */
#define HC_CONSOLE_WRITE_MAX 256u

/* Error returns (negative, as in SMCCC) */
#define HC_NOT_SUPPORTED (-1)
#define HC_INVALID_PARAMETER (-3)
#define HC_INVALID_ADDRESS (-9)

#ifndef __ASSEMBLER__
#include <arch/vcpu_ops.h>
#include <stdint.h>

struct vcpu;

/* Serves hypercall r0 of v (not PSCI); results into v's registers. */
enum vcpu_action hypercall_handle(struct vcpu *v);
#endif

#endif
