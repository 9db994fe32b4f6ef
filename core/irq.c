/*
 * Physical interrupts taken to Hyp mode (HCR.IMO). The hypervisor uses SGI 0
 * to kick another CPU out of its guest. The virtual timer's PPI belongs to
 * the guest on that CPU: until the virtual GIC delivers it, the hypervisor
 * masks the guest's timer output (CNTV_CTL.IMASK) so it does not storm, and
 * the guest sees the expiry in CNTV_CTL.ISTATUS. Anything else is not
 * expected yet: it is logged once, disabled and completed.
 */
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/irq.h>
#include <core/partition.h>
#include <core/vcpu_exit.h>
#include <drivers/gic.h>

static uintptr_t gicd, gicc;
static uint32_t vtimer_irq;
static uint8_t cpu_mask[MAX_CPUS];

void irq_init(const struct platform *p)
{
	gicd = (uintptr_t)p->gic.gicd.base;
	gicc = (uintptr_t)p->gic.gicc.base;
	vtimer_irq = p->timer.virt;
	gic_hyp_init_dist(gicd);
}

void irq_cpu_init(unsigned cpu)
{
	cpu_mask[cpu] = gic_cpu_mask(gicd);
	gic_hyp_init_cpu(gicc);
	gic_enable_irq(gicd, SGI_KICK);
	gic_enable_irq(gicd, vtimer_irq);
}

void irq_kick(unsigned pcpu)
{
	gic_send_sgi(gicd, SGI_KICK, cpu_mask[pcpu]);
}

void irq_handle_pending(struct vcpu *v)
{
	for (;;) {
		uint32_t iar = gic_ack(gicc);
		unsigned id = GICC_IAR_ID(iar);

		if (id == GIC_SPURIOUS)
			return;
		if (id == vtimer_irq) {
			write_cntv_ctl(read_cntv_ctl() | CNT_CTL_IMASK);
		} else if (id != SGI_KICK) {
			gic_disable_irq(gicd, id);
			if (v)
				partition_warn_once(v->part, WARN_IRQ,
						    "physical IRQ %u not routed "
						    "anywhere: disabled", id);
			else
				hyp_log("physical IRQ %u not routed anywhere: "
					"disabled", id);
		}
		gic_eoi(gicc, iar);
	}
}
