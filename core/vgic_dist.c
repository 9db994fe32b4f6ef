/*
 * The emulated GICv2 distributor (IHI 0048B 4.3), one 4 KB frame, driven
 * by a table of its registers (dist_regs[]): offset range, the access
 * widths it takes, how many bits each interrupt has in it, and its read and
 * write handlers. A per-interrupt register's handler gets the first
 * interrupt the access covers (8 bits per interrupt: one call per byte);
 * any other gets the offset within its range.
 *
 * Every register is accessible as a 32-bit word; GICD_IPRIORITYR,
 * GICD_ITARGETSR, GICD_CPENDSGIR and GICD_SPENDSGIR also by byte. Other
 * sizes, unaligned accesses and accesses from an unknown vCPU are refused
 * (MMIO_DEVICE_ERROR: the guest gets a data abort). Reserved and
 * unimplemented registers (no entry, or no handler) read as zero and
 * ignore writes, as do the bits of interrupts at or beyond nr_irqs. Every index into the state arrays goes
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
#include <hw/gicv2.h>
#include <stddef.h>

#include "vgic_internal.h"

/* The end of the distributor's 4 KB frame; the layout is hw/gicv2.h's. */
#define GICD_END 0x1000u

/* ProductID 0x02, r0p0, Implementer 0x43b (Arm): a GIC-400, as PIDR/CIDR */
#define VGIC_IIDR 0x0200043bu

/* 0xfd0..0xffc: PIDR4..7, PIDR0..3, CIDR0..3 (GIC-400-like, GICv2). */
static const uint8_t id_regs[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xb4,
				    0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

/* The six interrupt bitmap banks at 0x100..0x3ff, 0x80 bytes each. */
enum bank { SET_ENABLE, CLR_ENABLE, SET_PEND, CLR_PEND, SET_ACTIVE, CLR_ACT };

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

static uint32_t ipriorityr_read(struct vgic *g, unsigned vcpu, unsigned irq)
{
	const struct virq *q = vgic_irq(g, vcpu, irq);

	return q ? q->priority : 0;
}

static void ipriorityr_write(struct vgic *g, unsigned vcpu, unsigned irq,
			     uint32_t val)
{
	struct virq *q = vgic_irq(g, vcpu, irq);

	if (q)
		q->priority = (uint8_t)(val & VGIC_PRIO_MASK);
}

static uint32_t itargetsr_read(struct vgic *g, unsigned vcpu, unsigned irq)
{
	const struct virq *q = vgic_irq(g, vcpu, irq);

	if (!q)
		return 0;
	return irq < VGIC_NR_PRIVATE ? 1u << vcpu : q->targets;
}

static void itargetsr_write(struct vgic *g, unsigned vcpu, unsigned irq,
			    uint32_t val)
{
	uint8_t targets = (uint8_t)(val & vgic_vcpu_mask(g));
	struct virq *q = vgic_irq(g, vcpu, irq);

	if (!q || irq < VGIC_NR_PRIVATE || q->targets == targets)
		return; /* SGI/PPI targets are read-only */
	q->targets = targets;
	if ((q->flags & VIRQ_HW) && targets && g->ops.hw_route)
		g->ops.hw_route(g->ops.ctx, q->hwirq,
				(unsigned)__builtin_ctz(targets));
	vgic_irq_update(g, vcpu, irq);
}

/* GICD_CPENDSGIR, GICD_SPENDSGIR: byte n = SGI n, a bit per source. */
static uint32_t sgi_pend_read(struct vgic *g, unsigned vcpu, unsigned sgi)
{
	return g->vcpu[vcpu].priv[sgi].sgi_sources & vgic_vcpu_mask(g);
}

static void cpendsgir_write(struct vgic *g, unsigned vcpu, unsigned sgi,
			    uint32_t val)
{
	g->vcpu[vcpu].priv[sgi].sgi_sources &= (uint8_t)~val;
}

static void spendsgir_write(struct vgic *g, unsigned vcpu, unsigned sgi,
			    uint32_t val)
{
	val &= vgic_vcpu_mask(g);
	g->vcpu[vcpu].priv[sgi].sgi_sources |= (uint8_t)val;
	if (val)
		vgic_irq_update(g, vcpu, sgi);
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

static uint32_t ctlr_read(struct vgic *g, unsigned vcpu, unsigned off)
{
	(void)vcpu;
	(void)off;
	return g->enabled;
}

static void ctlr_write(struct vgic *g, unsigned vcpu, unsigned off,
		       uint32_t val)
{
	bool enable = val & 1u;

	(void)vcpu;
	(void)off;
	if (enable != g->enabled) {
		g->enabled = enable;
		vgic_ctlr_update(g);
	}
}

static uint32_t typer_read(struct vgic *g, unsigned vcpu, unsigned off)
{
	(void)vcpu;
	(void)off;
	return ((g->nr_irqs / 32 - 1) & 0x1fu) | ((g->nr_vcpus - 1) & 7u) << 5;
}

static uint32_t iidr_read(struct vgic *g, unsigned vcpu, unsigned off)
{
	(void)g;
	(void)vcpu;
	(void)off;
	return VGIC_IIDR;
}

static void sgir_write(struct vgic *g, unsigned vcpu, unsigned off,
		       uint32_t val)
{
	(void)off;
	vgic_send_sgi(g, vcpu, val);
}

static uint32_t id_read(struct vgic *g, unsigned vcpu, unsigned off)
{
	(void)g;
	(void)vcpu;
	return id_regs[off >> 2];
}

/* The bitmap banks, one handler pair per register. */
#define BANK_HANDLERS(name, bank)                                              \
	static uint32_t name##_read(struct vgic *g, unsigned vcpu,             \
				    unsigned first)                            \
	{                                                                      \
		return bank_read(g, vcpu, bank, first);                        \
	}                                                                      \
	static void name##_write(struct vgic *g, unsigned vcpu,                \
				 unsigned first, uint32_t val)                 \
	{                                                                      \
		bank_write(g, vcpu, bank, first, val);                         \
	}

BANK_HANDLERS(isenabler, SET_ENABLE)
BANK_HANDLERS(icenabler, CLR_ENABLE)
BANK_HANDLERS(ispendr, SET_PEND)
BANK_HANDLERS(icpendr, CLR_PEND)
BANK_HANDLERS(isactiver, SET_ACTIVE)
BANK_HANDLERS(icactiver, CLR_ACT)

/* ------------------------------------------------------ the table */

#define W8 (1u << 1)  /* byte accesses */
#define W32 (1u << 4) /* word accesses */
#define POSTS (1u << 7) /* a write only posts to vCPUs (GICD_SGIR): no lock */

struct dist_reg {
	uint16_t start, end; /* offsets [start, end) */
	uint8_t widths;      /* W8 | W32, and POSTS */
	uint8_t bits;        /* per interrupt; 0: not a per-interrupt register */
	/* idx: the first interrupt (bits != 0) or the offset in the range */
	uint32_t (*read)(struct vgic *g, unsigned vcpu, unsigned idx);
	void (*write)(struct vgic *g, unsigned vcpu, unsigned idx,
		      uint32_t val);
};

/* Sorted by offset; what is missing is RAZ/WI (word accesses only). */
static const struct dist_reg dist_regs[] = {
	{GICD_CTLR, GICD_CTLR + 4, W32, 0, ctlr_read, ctlr_write},
	{GICD_TYPER, GICD_TYPER + 4, W32, 0, typer_read, NULL},
	{GICD_IIDR, GICD_IIDR + 4, W32, 0, iidr_read, NULL},
	/* GICD_IGROUPR: RAZ/WI (every interrupt Group 0) */
	{GICD_ISENABLER, GICD_ICENABLER, W32, 1, isenabler_read,
	 isenabler_write},
	{GICD_ICENABLER, GICD_ISPENDR, W32, 1, icenabler_read,
	 icenabler_write},
	{GICD_ISPENDR, GICD_ICPENDR, W32, 1, ispendr_read, ispendr_write},
	{GICD_ICPENDR, GICD_ISACTIVER, W32, 1, icpendr_read, icpendr_write},
	{GICD_ISACTIVER, GICD_ICACTIVER, W32, 1, isactiver_read,
	 isactiver_write},
	{GICD_ICACTIVER, GICD_IPRIORITYR, W32, 1, icactiver_read,
	 icactiver_write},
	{GICD_IPRIORITYR, GICD_ITARGETSR, W8 | W32, 8, ipriorityr_read,
	 ipriorityr_write},
	{GICD_ITARGETSR, GICD_ICFGR, W8 | W32, 8, itargetsr_read,
	 itargetsr_write},
	{GICD_ICFGR, GICD_ICFGR + 0x100, W32, 2, icfgr_read, icfgr_write},
	/* GICD_NSACR: RAZ/WI (no Security Extensions) */
	{GICD_SGIR, GICD_SGIR + 4, W32 | POSTS, 0, NULL, sgir_write},
	{GICD_CPENDSGIR, GICD_SPENDSGIR, W8 | W32, 8, sgi_pend_read,
	 cpendsgir_write},
	{GICD_SPENDSGIR, GICD_SPENDSGIR + 0x10, W8 | W32, 8, sgi_pend_read,
	 spendsgir_write},
	{GICD_PIDR4, GICD_END, W32, 0, id_read, NULL},
};

#define NR_DIST_REGS (sizeof(dist_regs) / sizeof(dist_regs[0]))

/*
 * reg_of_word[w]: 1 + the index in dist_regs[] of the register holding the
 * word at offset 4w, 0 for none (every register is whole words). One load
 * finds a register. Built by vgic_init() (the same values every time)
 * before any guest can access a distributor.
 */
static uint8_t reg_of_word[VGIC_DIST_SIZE / 4];

void vgic_dist_index(void)
{
	unsigned w, i = 0;
	bool in;

	_Static_assert(NR_DIST_REGS < 255, "reg_of_word[] holds 1 + an index");
	for (w = 0; w < VGIC_DIST_SIZE / 4; w++) {
		while (i < NR_DIST_REGS && dist_regs[i].end <= 4 * w)
			i++;
		in = i < NR_DIST_REGS && dist_regs[i].start <= 4 * w;
		reg_of_word[w] = in ? (uint8_t)(i + 1) : 0;
	}
}

/* The register holding off (< VGIC_DIST_SIZE), or NULL. */
static inline const struct dist_reg *find_reg(uint32_t off)
{
	unsigned i = reg_of_word[off >> 2];

	return i ? &dist_regs[i - 1] : NULL;
}

/* One access within register r, at offset off, size bytes. */
static void reg_access(struct vgic *g, const struct dist_reg *r,
		       struct mmio_access *a, uint32_t off)
{
	unsigned rel = off - r->start, i;

	if (r->bits == 8) { /* a call per interrupt, byte by byte */
		if (!a->write)
			a->data = 0;
		for (i = 0; i < a->size; i++) {
			if (a->write && r->write)
				r->write(g, a->vcpu, rel + i,
					 (uint8_t)(a->data >> (8 * i)));
			else if (!a->write && r->read)
				a->data |= (r->read(g, a->vcpu, rel + i) & 0xffu)
					   << (8 * i);
		}
		return;
	}
	if (r->bits)
		rel = rel * 8 / r->bits;
	if (a->write) {
		if (r->write)
			r->write(g, a->vcpu, rel, a->data);
	} else {
		a->data = r->read ? r->read(g, a->vcpu, rel) : 0;
	}
}

/* An access to interrupt state: under the lock, out of line (the lock-free
   reads in vgic_dist_access() then save fewer registers). */
static __attribute__((noinline)) void
locked_access(struct vgic *g, const struct dist_reg *r, struct mmio_access *a,
	      uint32_t off)
{
	tas_lock(&g->lock);
	/* The accessing vCPU's own list registers first (on its own CPU):
	   what it took or completed shows in ISACTIVER/ISPENDR. */
	vgic_drain_lines(g, a->vcpu);
	if (g->vcpu[a->vcpu].lr_used)
		vgic_sync_lrs(g, a->vcpu);
	reg_access(g, r, a, off);
	if (g->ops.flush_on_access && g->vcpu[a->vcpu].flush_needed)
		vgic_flush_lrs(g, a->vcpu);
	tas_unlock(&g->lock);
}

int vgic_dist_access(void *dev, struct mmio_access *a)
{
	struct vgic *g = dev;
	uint32_t off = a->offset;
	const struct dist_reg *r;

	if (!g || a->vcpu >= g->nr_vcpus || off >= VGIC_DIST_SIZE ||
	    (a->size != 1 && a->size != 4) || (off & (a->size - 1)))
		return MMIO_DEVICE_ERROR;
	r = find_reg(off);
	if (!r) {
		if (a->size != 4)
			return MMIO_DEVICE_ERROR;
		if (!a->write)
			a->data = 0;
		return MMIO_OK;
	}
	if (!(r->widths & (1u << a->size)))
		return MMIO_DEVICE_ERROR;
	if (!a->write && !r->bits) {
		/* One word of state or a constant: no lock needed. */
		a->data = r->read ? r->read(g, a->vcpu, off - r->start) : 0;
		return MMIO_OK;
	}
	if (a->write && (r->widths & POSTS)) {
		/* SGIs are posted to their targets lock-free (core/vgic.c);
		   the sender's own list registers wait for its entry. */
		r->write(g, a->vcpu, off - r->start, a->data);
		return MMIO_OK;
	}
	locked_access(g, r, a, off);
	return MMIO_OK;
}
