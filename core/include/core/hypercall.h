/* Tessera's hypercall ABI (docs/hypercalls.md): the hypervisor's side. */
#ifndef CORE_HYPERCALL_H
#define CORE_HYPERCALL_H

/* Function IDs, the version, limits and error returns: shared with the
 * guests. */
#include <tessera/hypercall.h>

#ifndef __ASSEMBLER__
#include <arch/vcpu_ops.h>
#include <stdint.h>

struct vcpu;

/* Serves hypercall r0 of v (not PSCI); results into v's registers. */
enum vcpu_action hypercall_handle(struct vcpu *v);
#endif

#endif
