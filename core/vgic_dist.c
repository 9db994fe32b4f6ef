/*
 * The emulated GICv2 distributor (IHI 0048B 4.3), one 4 KB frame.
 *
 * Every register is accessible as a 32-bit word; GICD_IPRIORITYR,
 * GICD_ITARGETSR, GICD_CPENDSGIR and GICD_SPENDSGIR also by byte. Other
 * sizes, unaligned accesses and accesses from an unknown vCPU are refused
 * (MMIO_DEVICE_ERROR: the guest gets a data abort). Reserved and
 * unimplemented registers read as zero and ignore writes, as do the bits of
 * interrupts at or beyond nr_irqs. Every index into the state arrays goes
 * through vgic_irq() (bounded by nr_irqs and the vCPU count).
 *
 * Reset values (what a guest may read first): see vgic_init(); SPIs target
 * vCPU 0. The pending bit of a HW interrupt also reads, and ISPENDR/ICPENDR
 * writes go to, the physical distributor (hw_pending() below).
 *
 * Limits (see core/vgic.c for where state lives): GICD_ICPENDR cannot take
 * back an edge interrupt already pending in a list register, nor
 * GICD_I[SC]ACTIVER change an interrupt held in one (the LR's state wins at
 * the next sync); GICD_[CS]PENDSGIR show and change the sources not yet in
 * a list register.
 */
#include <core/vgic.h>

#include "vgic_internal.h"

#define GICD_CTLR 0x000u
#define GICD_TYPER 0x004u
#define GICD_IIDR 0x008u
#define GICD_IGROUPR 0x080u
#define GICD_ISENABLER 0x100u
#define GICD_ICACTIVER_END 0x400u /* end of the six bitmap banks */
#define GICD_IPRIORITYR 0x400u
#define GICD_ITARGETSR 0x800u
#define GICD_ICFGR 0xc00u
#define GICD_NSACR 0xe00u
#define GICD_SGIR 0xf00u
#define GICD_CPENDSGIR 0xf10u
#define GICD_SPENDSGIR 0xf20u
#define GICD_SGI_END 0xf30u
#define GICD_ID 0xfd0u /* PIDR4-7, PIDR0-3, CIDR0-3 */

/* ProductID 0x02, r0p0, Implementer 0x43b (Arm): a GIC-400, as PIDR/CIDR */
#define VGIC_IIDR 0x0200043bu

/* 0xfd0..0xffc: PIDR4..7, PIDR0..3, CIDR0..3 (GIC-400-like, GICv2). */
static const uint8_t id_regs[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xb4,
				    0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

/* The six interrupt bitmap banks at 0x100..0x3ff, 0x80 bytes each. */
enum bank { SET_ENABLE, CLR_ENABLE, SET_PEND, CLR_PEND, SET_ACTIVE, CLR_ACT };

static bool in_range(uint32_t off, uint32_t start, uint32_t end)
{
	return off >= start && off < end;
}

static bool byte_accessible(uint32_t off)
{
	return in_range(off, GICD_IPRIORITYR, GICD_ICFGR) ||
	       in_range(off, GICD_CPENDSGIR, GICD_SGI_END);
}

/* ------------------------------------------------------ bitmap banks */

/*
 * A HW interrupt the hypervisor has not taken yet (disabled, or not yet
 * acknowledged) is pending only at the physical distributor: on a GIC,
 * pending does not depend on enable, and drivers poll it (IHI 0048B 3.2.4).
 */
static bool hw_pending(const struct vgic *g, const struct virq *q)
{
	return (q->flags & VIRQ_HW) && g->ops.hw_pending &&
	       g->ops.hw_pending(q->hwirq);
}

/*
 * GICD_ISPENDR/ICPENDR of a HW interrupt act on the physical pending state
 * only. The virtual interrupt then comes, if at all, the ordinary way
 * (acknowledged by the hypervisor, forwarded with the LR HW bit, physically
 * active until the guest's EOI), so no guest EOI ever deactivates a physical
 * interrupt that is not active. An instance already acknowledged by the
 * hypervisor (VIRQ_PENDING, physically active) stays pending: only the
 * guest's EOI can end it.
 */
static bool hw_set_pending(struct vgic *g, const struct virq *q, bool pending)
{
	if (!(q->flags & VIRQ_HW) || !g->ops.hw_set_pending)
		return false;
	g->ops.hw_set_pending(q->hwirq, pending);
	return true;
}

static uint32_t bank_read(struct vgic *g, unsigned vcpu, enum bank b,
			  unsigned first)
{
	uint32_t val = 0;
	unsigned i;

	for (i = 0; i < 32; i++) {
		const struct virq *q = vgic_irq(g, vcpu, first + i);
		bool bit;

		if (!q)
			continue;
		switch (b) {
		case SET_ENABLE:
		case CLR_ENABLE:
			bit = q->flags & VIRQ_ENABLED;
			break;
		case SET_PEND:
		case CLR_PEND:
			bit = vgic_virq_pending(q, first + i) ||
			      hw_pending(g, q);
			break;
		default:
			bit = q->flags & VIRQ_ACTIVE;
			break;
		}
		val |= (uint32_t)bit << i;
	}
	return val;
}

static void hw_enable(struct vgic *g, const struct virq *q, bool enable)
{
	if ((q->flags & VIRQ_HW) && g->ops.hw_enable)
		g->ops.hw_enable(g->ops.ctx, q->hwirq, enable);
}

static void bank_write(struct vgic *g, unsigned vcpu, enum bank b,
		       unsigned first, uint32_t val)
{
	unsigned i;

	for (i = 0; i < 32; i++) {
		unsigned irq = first + i;
		struct virq *q;

		if (!(val >> i & 1))
			continue;
		q = vgic_irq(g, vcpu, irq);
		if (!q)
			continue;
		/* SGIs: always enabled; pending only through GICD_SGIR and
		   GICD_[CS]PENDSGIR. */
		if (irq < VGIC_NR_SGIS && b < SET_ACTIVE)
			continue;
		switch (b) {
		case SET_ENABLE:
			q->flags |= VIRQ_ENABLED;
			hw_enable(g, q, true);
			break;
		case CLR_ENABLE:
			q->flags &= (uint8_t)~VIRQ_ENABLED;
			hw_enable(g, q, false);
			break;
		case SET_PEND:
			if (!hw_set_pending(g, q, true))
				q->flags |= VIRQ_PENDING;
			break;
		case CLR_PEND:
			if (!hw_set_pending(g, q, false))
				q->flags &= (uint8_t)~VIRQ_PENDING;
			break;
		case SET_ACTIVE:
			if (irq < VGIC_NR_SGIS && !(q->flags & VIRQ_ACTIVE))
				q->sgi_active_src = (uint8_t)vcpu;
			q->flags |= VIRQ_ACTIVE;
			break;
		case CLR_ACT:
			q->flags &= (uint8_t)~VIRQ_ACTIVE;
			break;
		}
		vgic_irq_update(g, vcpu, irq);
	}
}

/* ------------------------------------------------- byte registers */

static uint8_t byte_read(struct vgic *g, unsigned vcpu, uint32_t off)
{
	const struct virq *q;

	if (in_range(off, GICD_IPRIORITYR, GICD_ITARGETSR)) {
		q = vgic_irq(g, vcpu, off - GICD_IPRIORITYR);
		return q ? q->priority : 0;
	}
	if (in_range(off, GICD_ITARGETSR, GICD_ICFGR)) {
		unsigned irq = off - GICD_ITARGETSR;

		q = vgic_irq(g, vcpu, irq);
		if (!q)
			return 0;
		return irq < VGIC_NR_PRIVATE ? (uint8_t)(1u << vcpu)
					     : q->targets;
	}
	/* GICD_CPENDSGIR, GICD_SPENDSGIR: byte n = SGI n mod 16 */
	q = &g->vcpu[vcpu].priv[(off - GICD_CPENDSGIR) & 15u];
	return (uint8_t)(q->sgi_sources & vgic_vcpu_mask(g));
}

static void byte_write(struct vgic *g, unsigned vcpu, uint32_t off,
		       uint8_t val)
{
	struct virq *q;

	if (in_range(off, GICD_IPRIORITYR, GICD_ITARGETSR)) {
		q = vgic_irq(g, vcpu, off - GICD_IPRIORITYR);
		if (q)
			q->priority = val & VGIC_PRIO_MASK;
		return;
	}
	if (in_range(off, GICD_ITARGETSR, GICD_ICFGR)) {
		unsigned irq = off - GICD_ITARGETSR;
		uint8_t targets = (uint8_t)(val & vgic_vcpu_mask(g));

		q = vgic_irq(g, vcpu, irq);
		if (!q || irq < VGIC_NR_PRIVATE || q->targets == targets)
			return; /* SGI/PPI targets are read-only */
		q->targets = targets;
		if ((q->flags & VIRQ_HW) && targets && g->ops.hw_route)
			g->ops.hw_route(g->ops.ctx, q->hwirq,
					(unsigned)__builtin_ctz(targets));
		vgic_irq_update(g, vcpu, irq);
		return;
	}
	{
		unsigned sgi = (off - GICD_CPENDSGIR) & 15u;

		q = &g->vcpu[vcpu].priv[sgi];
		val &= (uint8_t)vgic_vcpu_mask(g);
		if (off >= GICD_SPENDSGIR) {
			q->sgi_sources |= val;
			if (val)
				vgic_irq_update(g, vcpu, sgi);
		} else {
			q->sgi_sources &= (uint8_t)~val;
		}
	}
}

/* ------------------------------------------------- word registers */

static uint32_t icfgr_read(struct vgic *g, unsigned vcpu, unsigned first)
{
	uint32_t val = 0;
	unsigned i;

	for (i = 0; i < 16; i++) {
		unsigned irq = first + i;
		const struct virq *q = vgic_irq(g, vcpu, irq);

		if (!q)
			continue;
		if (irq < VGIC_NR_SGIS || !(q->flags & VIRQ_LEVEL))
			val |= 2u << (2 * i); /* edge */
	}
	return val;
}

static void icfgr_write(struct vgic *g, unsigned vcpu, unsigned first,
			uint32_t val)
{
	unsigned i;

	if (first < VGIC_NR_PRIVATE)
		return; /* SGIs and PPIs: read-only */
	for (i = 0; i < 16; i++) {
		unsigned irq = first + i;
		struct virq *q = vgic_irq(g, vcpu, irq);
		uint8_t flags;

		if (!q)
			continue;
		flags = q->flags;
		if (val >> (2 * i + 1) & 1)
			q->flags &= (uint8_t)~VIRQ_LEVEL;
		else
			q->flags |= VIRQ_LEVEL;
		if (q->flags != flags)
			vgic_irq_update(g, vcpu, irq);
	}
}

static uint32_t word_read(struct vgic *g, unsigned vcpu, uint32_t off)
{
	if (off == GICD_CTLR)
		return g->enabled;
	if (off == GICD_TYPER)
		return ((g->nr_irqs / 32 - 1) & 0x1fu) |
		       ((g->nr_vcpus - 1) & 7u) << 5;
	if (off == GICD_IIDR)
		return VGIC_IIDR;
	if (in_range(off, GICD_ISENABLER, GICD_ICACTIVER_END))
		return bank_read(g, vcpu, (enum bank)((off - GICD_ISENABLER) >> 7),
				 ((off & 0x7fu) >> 2) * 32);
	if (in_range(off, GICD_ICFGR, GICD_ICFGR + 0x100u))
		return icfgr_read(g, vcpu, ((off - GICD_ICFGR) >> 2) * 16);
	if (off >= GICD_ID)
		return id_regs[(off - GICD_ID) >> 2];
	return 0; /* IGROUPR, NSACR, SGIR (write-only), reserved */
}

static void word_write(struct vgic *g, unsigned vcpu, uint32_t off,
		       uint32_t val)
{
	if (off == GICD_CTLR) {
		bool enable = val & 1u;

		if (enable != g->enabled) {
			g->enabled = enable;
			vgic_ctlr_update(g);
		}
	} else if (in_range(off, GICD_ISENABLER, GICD_ICACTIVER_END)) {
		bank_write(g, vcpu, (enum bank)((off - GICD_ISENABLER) >> 7),
			   ((off & 0x7fu) >> 2) * 32, val);
	} else if (in_range(off, GICD_ICFGR, GICD_ICFGR + 0x100u)) {
		icfgr_write(g, vcpu, ((off - GICD_ICFGR) >> 2) * 16, val);
	} else if (off == GICD_SGIR) {
		vgic_send_sgi(g, vcpu, val);
	}
	/* everything else: read-only or RAZ/WI */
}

int vgic_dist_access(void *dev, struct mmio_access *a)
{
	struct vgic *g = dev;
	uint32_t off = a->offset;
	unsigned i;

	if (!g || a->vcpu >= g->nr_vcpus || off >= VGIC_DIST_SIZE)
		return MMIO_DEVICE_ERROR;
	if (a->size == 4) {
		if (off & 3u)
			return MMIO_DEVICE_ERROR;
	} else if (a->size != 1 || !byte_accessible(off)) {
		return MMIO_DEVICE_ERROR;
	}

	spin_lock(&g->lock);
	if (byte_accessible(off)) {
		if (a->write) {
			for (i = 0; i < a->size; i++)
				byte_write(g, a->vcpu, off + i,
					   (uint8_t)(a->data >> (8 * i)));
		} else {
			a->data = 0;
			for (i = 0; i < a->size; i++)
				a->data |= (uint32_t)byte_read(g, a->vcpu,
							       off + i)
					   << (8 * i);
		}
	} else if (a->write) {
		word_write(g, a->vcpu, off, a->data);
	} else {
		a->data = word_read(g, a->vcpu, off);
	}
	spin_unlock(&g->lock);
	return MMIO_OK;
}
