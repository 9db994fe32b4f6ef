/*
 * The virtual GICv2 of a partition: per-interrupt state (distributor view),
 * the emulated distributor registers (vgic_dist.c) and list-register
 * management (vgic.c). Guests acknowledge and EOI through the real virtual
 * CPU interface (GICV), mapped at their GICC address, so those never trap.
 *
 * Locking: every function taking a struct vgic * expects the caller to hold
 * vgic->lock, except vgic_inject(), vgic_set_level() and the MMIO handler,
 * which take it themselves. Functions named vgic_*_lrs() run on the vCPU's
 * own physical CPU.
 */
#ifndef CORE_VGIC_H
#define CORE_VGIC_H

#include <arch/spinlock.h>
#include <core/limits.h>
#include <core/mmio.h>
#include <stdbool.h>
#include <stdint.h>

#define VGIC_NR_SGIS 16
#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs, banked per vCPU */
#define VGIC_MAX_IRQS 1020
#define VGIC_DIST_SIZE 0x1000u
#define VGIC_PRIO_MASK 0xf8u /* 5 priority bits, as GICH_LR holds */
#define VGIC_SPI_RESET_TARGETS 0x01u /* GICD_ITARGETSR of SPIs: vCPU 0 */

/* struct virq.flags */
#define VIRQ_ENABLED (1u << 0)
#define VIRQ_PENDING (1u << 1) /* latched: edge, SGI, or set by ISPENDR */
#define VIRQ_ACTIVE (1u << 2)
#define VIRQ_LEVEL (1u << 3)   /* ICFGR: level-sensitive (0: edge) */
#define VIRQ_LINE (1u << 4)    /* level-sensitive input currently high */
#define VIRQ_HW (1u << 5)      /* backed by physical interrupt hwirq */
#define VIRQ_IN_LR (1u << 6)   /* currently held in a list register */

struct virq {
	uint8_t flags;
	uint8_t priority;      /* IPRIORITYR, VGIC_PRIO_MASK applied */
	uint8_t targets;       /* SPIs: ITARGETSR vCPU mask */
	uint8_t lr;            /* which LR, when VIRQ_IN_LR */
	uint16_t hwirq;        /* physical INTID when VIRQ_HW */
	uint8_t sgi_sources;   /* SGIs: pending per source vCPU */
	uint8_t sgi_active_src;/* SGIs: the source of the active instance */
};

struct vgic_vcpu {
	struct virq priv[VGIC_NR_PRIVATE];
	/* What this vCPU's list registers hold, to sync back after an exit. */
	uint32_t lr_used;      /* bit n: LR n was written by vgic_flush_lrs() */
	uint16_t lr_irq[16];   /* INTID in LR n */
	uint32_t vmcr, apr;    /* saved virtual CPU interface state */
	/*
	 * Something may have become deliverable since the last flush (set with
	 * every kick): with it clear and no list register in use, flush and
	 * sync have nothing to do, which keeps ordinary exits cheap.
	 */
	bool flush_needed;
};

struct vgic;

/* Callbacks into the rest of the hypervisor (set by the owner). */
struct vgic_ops {
	/* A vCPU has a new pending interrupt: make its CPU look (kick). */
	void (*kick)(void *ctx, unsigned vcpu);
	/* The guest enabled/disabled a HW interrupt, or retargeted it. */
	void (*hw_enable)(void *ctx, unsigned hwirq, bool enable);
	void (*hw_route)(void *ctx, unsigned hwirq, unsigned vcpu);
	void *ctx;
	/*
	 * The physical distributor's pending bit of a HW interrupt, read and
	 * written for the guest's GICD_ISPENDR/ICPENDR (one distributor for
	 * all: no ctx). Either may be NULL: then only the virtual state counts.
	 */
	bool (*hw_pending)(unsigned hwirq);
	void (*hw_set_pending)(unsigned hwirq, bool pending);
};

struct vgic {
	spinlock_t lock;
	unsigned nr_vcpus;
	unsigned nr_irqs; /* multiple of 32, >= 32, <= 1020 rounded: TYPER */
	bool enabled;     /* GICD_CTLR.Enable */
	struct vgic_vcpu vcpu[MAX_CPUS];
	struct virq spi[VGIC_MAX_IRQS - VGIC_NR_PRIVATE];
	struct vgic_ops ops;
};

/*
 * nr_irqs: the guest's number of interrupts including 32 private ones
 * (rounded up to a multiple of 32, at most 1024 - 4 reserved).
 */
void vgic_init(struct vgic *g, unsigned nr_vcpus, unsigned nr_irqs,
	       const struct vgic_ops *ops);
/*
 * Back to the state vgic_init() gave it, with the same vCPUs, interrupts and
 * ops. The caller holds the lock, which is left alone: another CPU may be
 * waiting for it.
 */
void vgic_reset(struct vgic *g);
/* The state of irq as seen by vcpu (private IRQs are banked), or NULL. */
struct virq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned irq);
/* Marks SPI/PPI irq as backed by physical hwirq (deactivated by the guest's
   EOI through the LR HW bit) and level-sensitive. */
void vgic_map_hw(struct vgic *g, unsigned vcpu, unsigned irq, unsigned hwirq);

/* Edge event: makes irq pending for its target vCPU(s). Takes the lock. */
void vgic_inject(struct vgic *g, unsigned vcpu, unsigned irq);
/* Level-sensitive input line of irq (SPIs and PPIs). Takes the lock. */
void vgic_set_level(struct vgic *g, unsigned vcpu, unsigned irq, bool high);
/* Is irq pending, in a list register or active for vcpu? Caller locks. */
bool vgic_irq_in_flight(struct vgic *g, unsigned vcpu, unsigned irq);
/* GICD_SGIR semantics: SGI from vcpu `src`. */
void vgic_send_sgi(struct vgic *g, unsigned src, uint32_t sgir);

/* Does vcpu have an enabled pending interrupt the guest could take now? */
bool vgic_vcpu_pending(struct vgic *g, unsigned vcpu);

/*
 * Before entering the guest: loads the highest-priority pending interrupts
 * of vcpu into the free list registers (evicting lower-priority pending ones
 * when a higher one waits) and asks for a maintenance interrupt when more
 * wait than fit. After an exit: vgic_sync_lrs() folds the list registers'
 * state (taken, completed) back into the distributor state.
 */
void vgic_flush_lrs(struct vgic *g, unsigned vcpu);
void vgic_sync_lrs(struct vgic *g, unsigned vcpu);

/*
 * Unlocked peeks, on the vCPU's own CPU, at whether flush/sync have work:
 * lr_used is only changed on that CPU, and whoever sets flush_needed from
 * another CPU kicks this one afterwards, so a stale "no" only defers the
 * flush to the exit the kick causes.
 */
static inline bool vgic_flush_pending(const struct vgic *g, unsigned vcpu)
{
	const volatile struct vgic_vcpu *vv = &g->vcpu[vcpu];

	return vv->lr_used || vv->flush_needed;
}

static inline bool vgic_lrs_in_use(const struct vgic *g, unsigned vcpu)
{
	return g->vcpu[vcpu].lr_used != 0;
}
/* Empties the list registers and virtual interface state (vCPU reset). */
void vgic_reset_vcpu(struct vgic *g, unsigned vcpu);

/* mmio_fn for the emulated distributor; dev is the struct vgic. The
   accessing vCPU is a->vcpu. Takes the lock. */
int vgic_dist_access(void *dev, struct mmio_access *a);

struct partition;
struct platform;
/*
 * core/vgic_attach.c: gives partition p its vGIC (distributor on its bus,
 * host's GICV mapped at its GICC, passthrough SPIs, a reset hook). Returns
 * 0 or a vdev_attach() error.
 */
int vgic_attach(struct partition *p, const struct platform *host);

#endif
