/* The hypervisor's own use of physical interrupts. */
#ifndef CORE_IRQ_H
#define CORE_IRQ_H

#include <core/platform.h>
#include <stdbool.h>

struct vcpu;

#define SGI_KICK 0 /* makes a CPU leave its guest or idle wait */

void irq_init(const struct platform *p);
/* Per CPU, in Hyp mode: CPU interface, kick SGI, virtual timer PPI. */
void irq_cpu_init(unsigned cpu);
void irq_kick(unsigned pcpu);
/* Acknowledges and handles every pending physical interrupt. v is the
   vCPU loaded on this CPU, or NULL. */
void irq_handle_pending(struct vcpu *v);

#endif
