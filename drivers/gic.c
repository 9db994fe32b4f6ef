/* Physical GICv2: the little the boot path needs. */
#include <drivers/gic.h>
#include <drivers/mmio.h>

void gic_secure_init_dist(uintptr_t gicd)
{
	unsigned lines = GICD_TYPER_ITLINES(mmio_read32(gicd + GICD_TYPER));

	/* IGROUPR0 is banked per CPU and set in gic_secure_init_cpu(). */
	for (unsigned n = 1; n <= lines; n++)
		mmio_write32(gicd + GICD_IGROUPR + 4 * (n), ~0u);
	mmio_write32(gicd + GICD_CTLR,
		     GICD_CTLR_ENABLE | GICD_CTLR_ENABLE_GRP1);
}

void gic_secure_init_cpu(uintptr_t gicd, uintptr_t gicc)
{
	mmio_write32(gicd + GICD_IGROUPR, ~0u);
	mmio_write32(gicc + GICC_CTLR,
		     GICC_CTLR_ENABLE | GICC_CTLR_ENABLE_GRP1);
	/* Written from the Secure side, so Non-secure sees the full range. */
	mmio_write32(gicc + GICC_PMR, 0xff);
}

void gic_ack_boot_sgi(uintptr_t gicc)
{
	uint32_t iar = mmio_read32(gicc + GICC_IAR);

	if (GIC_IAR_ID(iar) < 16)
		mmio_write32(gicc + GICC_EOIR, iar);
}

void gic_send_sgi_others(uintptr_t gicd, unsigned sgi)
{
	uint32_t ctlr = mmio_read32(gicd + GICD_CTLR);

	/* The distributor forwards nothing while disabled. */
	if (!(ctlr & GICD_CTLR_ENABLE))
		mmio_write32(gicd + GICD_CTLR, ctlr | GICD_CTLR_ENABLE);
	mmio_write32(gicd + GICD_SGIR, GICD_SGIR_OTHERS | (sgi & 0xf));
}

unsigned gic_nr_irqs(uintptr_t gicd)
{
	unsigned n = 32 * (GICD_TYPER_ITLINES(mmio_read32(gicd + GICD_TYPER)) + 1);

	return n > 1020 ? 1020 : n;
}

unsigned gic_nr_list_regs(uintptr_t gich)
{
	return GICH_VTR_LISTREGS(mmio_read32(gich + GICH_VTR));
}

void gic_hyp_init_dist(uintptr_t gicd)
{
	/* Non-secure view: bit 0 enables the Non-secure (group 1) interrupts. */
	mmio_write32(gicd + GICD_CTLR,
		     mmio_read32(gicd + GICD_CTLR) | GICD_CTLR_ENABLE);
}

/*
 * EOImode 1 splits completion in two: the hypervisor drops the priority at
 * once, and an interrupt forwarded to a guest stays active until the guest's
 * EOI deactivates it through the list register's HW bit.
 */
void gic_hyp_init_cpu(uintptr_t gicc)
{
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_CTLR, mmio_read32(gicc + GICC_CTLR) |
					       GICC_CTLR_ENABLE |
					       GICC_CTLR_EOIMODE_NS);
}

uint8_t gic_cpu_mask(uintptr_t gicd)
{
	return mmio_read8(gicd + GICD_ITARGETSR);
}

void gic_enable_irq(uintptr_t gicd, unsigned irq)
{
	mmio_write32(gicd + GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

void gic_disable_irq(uintptr_t gicd, unsigned irq)
{
	mmio_write32(gicd + GICD_ICENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

void gic_send_sgi(uintptr_t gicd, unsigned sgi, uint8_t targets)
{
	mmio_write32(gicd + GICD_SGIR, GICD_SGIR_LIST |
					       GICD_SGIR_TARGETS(targets) |
					       (sgi & 0xf));
}

uint32_t gic_ack(uintptr_t gicc)
{
	return mmio_read32(gicc + GICC_IAR);
}

void gic_eoi(uintptr_t gicc, uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

void gic_deactivate(uintptr_t gicc, uint32_t iar)
{
	mmio_write32(gicc + GICC_DIR, iar);
}

void gic_clear_active(uintptr_t gicd, unsigned irq)
{
	mmio_write32(gicd + GICD_ICACTIVER + 4 * (irq / 32), 1u << (irq % 32));
}

void gic_set_target(uintptr_t gicd, unsigned irq, uint8_t cpu_mask)
{
	mmio_write8(gicd + GICD_ITARGETSR + irq, cpu_mask);
}

bool gic_is_pending(uintptr_t gicd, unsigned irq)
{
	return mmio_read32(gicd + GICD_ISPENDR + 4 * (irq / 32)) >>
	       (irq % 32) & 1;
}

void gic_set_pending(uintptr_t gicd, unsigned irq, bool pending)
{
	mmio_write32(gicd + (pending ? GICD_ISPENDR + 4 * (irq / 32)
				     : GICD_ICPENDR + 4 * (irq / 32)),
		     1u << (irq % 32));
}
