/*
 * Tessera's hypercall ABI (docs/hypercalls.md), shared by the hypervisor
 * (core/include/core/hypercall.h) and the guests. HVC #0, SMCCC fast calls,
 * SMC32, owner 6 (vendor-specific hypervisor service): function ID in r0,
 * arguments in r1-r3, result in r0. Usable from assembly too.
 */
#ifndef TESSERA_HYPERCALL_H
#define TESSERA_HYPERCALL_H

#include <tessera/abi_util.h>

#define HC_VERSION ABI_U(0x86000000)       /* -> r0 = (major << 16) | minor */
#define HC_CONSOLE_WRITE ABI_U(0x86000001) /* r1 = guest VA, r2 = length
					      -> r0 = bytes written */
#define HC_NULL ABI_U(0x86000002)          /* -> r0 = 0; for benchmarks */
#define HC_VCPU_INFO ABI_U(0x86000003)     /* -> r0 = vCPU index, r1 = vCPUs,
					      r2 = partition id */

#define HC_CHANNEL_RING ABI_U(0x86000004)  /* r1 = channel id -> r0 = 0
					     (docs/channels.md) */

#define HC_VERSION_VALUE ABI_U(0x00010000) /* 1.0 */

/* Bytes one HC_CONSOLE_WRITE consumes at most: the work of one exit is
 * bounded; the guest calls again for the rest. */
#define HC_CONSOLE_WRITE_MAX ABI_U(256)

/* Error returns (negative, as in SMCCC) */
#define HC_NOT_SUPPORTED (-1)
#define HC_INVALID_PARAMETER (-3)
#define HC_INVALID_ADDRESS (-9)

#endif
