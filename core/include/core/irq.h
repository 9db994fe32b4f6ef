/* The hypervisor's use of physical interrupts. */
#ifndef CORE_IRQ_H
#define CORE_IRQ_H

#include <arch/vtimer.h>
#include <core/guest_platform.h>
#include <core/platform.h>
#include <stdbool.h>

struct vcpu;
struct partition;

#define SGI_KICK 0 /* makes a CPU leave its guest or idle wait */

void irq_init(const struct platform *p);
/* Per CPU, in Hyp mode: CPU interface, and the PPIs the hypervisor uses. */
void irq_cpu_init(unsigned cpu);
void irq_kick(unsigned pcpu);
/* Acknowledges and handles one pending physical interrupt (the one that
   made the CPU leave the guest or WFI). v is the vCPU loaded on this CPU,
   or NULL. */
void irq_handle_pending(struct vcpu *v);

/* Passthrough SPIs: owner partition, routing to a CPU, enable (guest's).
   The routing takes effect once that CPU ran irq_cpu_init(). */
void irq_assign_spi(unsigned irq, struct partition *p, unsigned pcpu);
void irq_route_spi(unsigned irq, unsigned pcpu);
void irq_enable_spi(unsigned irq, bool enable);
/* Physical pending state of an SPI (GICD_ISPENDR), and setting or clearing
   it (GICD_ISPENDR/ICPENDR). */
bool irq_spi_pending(unsigned irq);
void irq_set_spi_pending(unsigned irq, bool pending);
/* The INTID the guest sees timer t's interrupt as. */
static inline uint32_t guest_timer_virq(const struct guest_platform *gp,
					enum guest_timer t)
{
	return t == GUEST_TIMER_VIRT ? gp->vtimer_irq : gp->ptimer_irq;
}

#endif
