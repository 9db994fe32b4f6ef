/*
 * A partition's virtual GIC (core/vgic.c, core/vgic_dist.c) attached to it:
 * the emulated distributor at the guest's GICD address, the hardware
 * virtual CPU interface mapped at its GICC address, the passthrough SPIs
 * backed by their physical interrupts, and the callbacks that reach the
 * partition's vCPUs and the physical GIC.
 */
#include <arch/cpu.h>
#include <core/irq.h>
#include <core/partition.h>
#include <core/partition_mem.h>
#include <core/vcpu.h>
#include <core/vgic.h>

static void vgic_kick(void *ctx, unsigned idx)
{
	struct partition *p = ctx;

	/* The vCPU on this CPU refreshes its list registers before re-entry. */
	if (p->vcpu[idx].pcpu != this_cpu())
		vcpu_kick(&p->vcpu[idx]);
}

static void vgic_hw_enable(void *ctx, unsigned hwirq, bool enable)
{
	(void)ctx;
	if (hwirq >= 32)
		irq_enable_spi(hwirq, enable);
}

static void vgic_hw_route(void *ctx, unsigned hwirq, unsigned idx)
{
	struct partition *p = ctx;

	if (hwirq >= 32 && idx < p->nr_vcpus)
		irq_route_spi(hwirq, p->vcpu[idx].pcpu);
}

/* Every passthrough SPI of the partition, from its devices and "irqs". */
#define for_each_passthrough_irq(c, irq, d, i)                                 \
	for (d = 0; d <= (c)->nr_devices; d++)                                 \
		for (i = 0;                                                    \
		     i < (d < (c)->nr_devices ? (c)->devices[d].nr_irqs         \
					      : (c)->nr_irqs) &&               \
		     ((irq = d < (c)->nr_devices ? (c)->devices[d].irqs[i]      \
						 : (c)->irqs[i]),              \
		      1);                                                      \
		     i++)

/* The guest's interrupt count: what it uses, rounded up to 32 (TYPER). */
static unsigned guest_nr_irqs(const struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	unsigned max = p->gp->uart_irq, d, i, irq;

	for_each_passthrough_irq(c, irq, d, i)
		if (irq > max)
			max = irq;
	if (c->network[0] && p->gp->virtio_net_irq > max)
		max = p->gp->virtio_net_irq;
	for (i = 0; i < c->nr_channels; i++) {
		irq = c->channels[i].ch->ep[c->channels[i].ep].intid;
		if (irq > max)
			max = irq; /* a doorbell (core/channel_attach.c) */
	}
	return ((max + 32) / 32) * 32;
}

/*
 * Everything as at power-on, the passthrough SPIs disabled and inactive at
 * the physical distributor (irq_assign_spi(): an SPI the old guest left
 * active would never fire again) and routed to vCPU 0's CPU. vgic_reset()
 * and vgic_map_hw() lock the vGIC themselves (console input or a forwarded
 * SPI on another CPU may be waiting for it).
 */
static void vgic_reset_hook(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	unsigned d, i, irq;

	vgic_reset(&p->vgic);
	for_each_passthrough_irq(c, irq, d, i) {
		vgic_map_hw(&p->vgic, 0, irq, irq);
		irq_assign_spi(irq, p, p->vcpu[0].pcpu);
	}
}

int vgic_attach(struct partition *p, const struct platform *host)
{
	const struct vgic_ops ops = {
		.kick = vgic_kick,
		.hw_enable = vgic_hw_enable,
		.hw_route = vgic_hw_route,
		.ctx = p,
		.hw_pending = irq_spi_pending,
		.hw_set_pending = irq_set_spi_pending,
		.flush_on_access = true,
	};

	vgic_init(&p->vgic, p->nr_vcpus, guest_nr_irqs(p), &ops);
	/* The virtual CPU interface, where the guest expects its GICC. */
	if (partition_map(p, p->gp->gicc, host->gic.gicv.base, 0x2000,
			  S2_DEVICE, "GIC virtual CPU interface"))
		return VDEV_NO_MAP;
	return vdev_attach(p, "GIC distributor", p->gp->gicd, VGIC_DIST_SIZE,
			   vgic_dist_access, &p->vgic, vgic_reset_hook);
}
