/* Tessera's hypercall ABI (docs/hypercalls.md): the hypervisor's side. */
#ifndef CORE_HYPERCALL_H
#define CORE_HYPERCALL_H

/* Function IDs, the version and error returns: shared with the guests. */
#include <tessera/hypercall.h>

#ifndef __ASSEMBLER__
#include <arch/vcpu_ops.h>
#include <stdint.h>

struct vcpu;
struct partition;

/* Serves hypercall r0 of v (not PSCI); results into v's registers. */
enum vcpu_action hypercall_handle(struct vcpu *v);
/* Partition console output: buffered into lines, prefixed with the name. */
void guest_console_putc(struct partition *p, char c);
void guest_console_flush(struct partition *p);
#endif

#endif
