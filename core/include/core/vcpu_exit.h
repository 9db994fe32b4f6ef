/* What core/ does for the exits arch/arm/trap.c decodes. */
#ifndef CORE_VCPU_EXIT_H
#define CORE_VCPU_EXIT_H

#include <arch/vcpu_ops.h>
#include <core/partition.h>
#include <stdint.h>

/* HVC: PSCI or a hypercall; arguments in r0-r3, results written back. */
enum vcpu_action vcpu_call_hvc(struct vcpu *v);
/* A trapped SMC: PSCI, anything else NOT_SUPPORTED. */
enum vcpu_action vcpu_call_smc(struct vcpu *v);
/* WFI: idle the physical CPU until this vCPU has something to do. */
enum vcpu_action vcpu_wait_for_interrupt(struct vcpu *v);
/* A physical IRQ arrived while the guest ran. */
enum vcpu_action vcpu_physical_irq(struct vcpu *v);
/* An exit the hypervisor cannot handle: dump and stop the partition. */
enum vcpu_action vcpu_unhandled_exit(struct vcpu *v, const char *what,
				     uint32_t hsr);

#endif
