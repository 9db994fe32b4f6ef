/*
 * The virtual GICv2 of a partition: per-interrupt state (distributor view),
 * the emulated distributor registers (vgic_dist.c) and list-register
 * management (vgic_lr.c). Guests acknowledge and EOI through the real
 * virtual CPU interface (GICV), mapped at their GICC address, so those
 * never trap.
 *
 * Locking: every function declared here takes vgic->lock itself when it
 * needs it (callers never touch it); vgic_init() runs before anyone else
 * can see the vgic. vgic->lock is a test-and-set lock (arch/spinlock.h):
 * per partition and hot, so it is never handed to a CPU that is not
 * running; each critical section is bounded (a fold and flush of one
 * vCPU's list registers and pending set, one distributor register, one
 * interrupt's injection). It guards the state vCPUs share: SPIs,
 * GICD_CTLR, and each vCPU's pending set of SPIs. A vCPU's private
 * interrupts (SGIs, PPIs) and its list registers are its own: only its
 * own CPU touches them, without the lock unless SPIs are involved; other
 * CPUs post to it (SGIs, PPI lines: atomic bits) and kick it. What needs
 * no lock does not take it: entry with nothing in flight, entry and the
 * WFI check of a vCPU whose interrupts in flight are all private, PPI
 * lines and SGIs (posted), reads of the distributor's registers that hold
 * no interrupt's state. vgic_vcpu_enter(), vgic_vcpu_exit(),
 * vgic_vcpu_pending() and vgic_vcpu_reset() run on the vCPU's own CPU;
 * vgic_inject()/vgic_inject_once() of a private interrupt only there too
 * (SPIs from anywhere).
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
#define VGIC_SPI_WORDS ((VGIC_MAX_IRQS - VGIC_NR_PRIVATE + 31) / 32)

/* struct virq.flags */
#define VIRQ_ENABLED (1u << 0)
#define VIRQ_PENDING (1u << 1) /* latched: edge, SGI, or set by ISPENDR */
#define VIRQ_ACTIVE (1u << 2)
#define VIRQ_LEVEL (1u << 3)   /* ICFGR: level-sensitive (0: edge) */
#define VIRQ_LINE (1u << 4)    /* level-sensitive input currently high */
#define VIRQ_HW (1u << 5)      /* backed by physical interrupt hwirq */
#define VIRQ_IN_LR (1u << 6)   /* currently held in a list register */
#define VIRQ_LR_PEND (1u << 7) /* level latch pending behind it in its
				  active LR (active and pending) */

struct virq {
	uint8_t flags;
	uint8_t priority;      /* IPRIORITYR, VGIC_PRIO_MASK applied */
	uint8_t targets;       /* SPIs: ITARGETSR vCPU mask */
	uint8_t lr;            /* which LR, when VIRQ_IN_LR */
	uint16_t hwirq;        /* physical INTID when VIRQ_HW */
	uint8_t sgi_sources;   /* SGIs: pending per source vCPU */
	uint8_t sgi_active_src;/* SGIs: the source of the active instance */
	uint8_t lr_vcpu;       /* whose LR, when VIRQ_IN_LR (SPIs) */
};

struct vgic_vcpu {
	struct virq priv[VGIC_NR_PRIVATE];
	/* What this vCPU's list registers hold, to sync back after an exit. */
	uint32_t lr_used;      /* bit n: LR n was written by vgic_flush_lrs() */
	uint16_t lr_irq[16];   /* INTID in LR n */
	uint32_t vmcr, apr;    /* saved virtual CPU interface state */
	/*
	 * Something may have become deliverable since the last flush (set with
	 * every kick and posted PPI line): with it clear and no list register
	 * the guest could have changed, flush and sync have nothing to do,
	 * which keeps ordinary exits cheap.
	 */
	bool flush_needed;
	/*
	 * The list registers are as the last flush wrote them: the guest has
	 * not run since (cleared by vgic_vcpu_exit()), so nothing to fold.
	 */
	bool lrs_fresh;
	bool hcr_en, hcr_npie; /* GICH_HCR.EN and NPIE as last written */
	/*
	 * PPI input lines posted without the lock (core/vgic.c, post_line()):
	 * the level last asked for, and which changed since the vGIC looked;
	 * pend_req: PPIs made pending (latched) without the lock, each also
	 * marked in line_chg so that one load tells whether to look.
	 */
	volatile uint32_t line_req, line_chg, pend_req;
	/*
	 * Posted latches of PPIs that were in a list register: applied after
	 * the next fold of the LRs (under the lock), so that a fold finding
	 * the LR acknowledged consumes the old latch, not the new one.
	 */
	uint32_t pend_defer;
	/*
	 * SGIs posted by any vCPU without the lock (core/vgic.c,
	 * vgic_send_sgi()): byte sgi % 4 of sgi_post[sgi / 4] holds the
	 * sources of SGI sgi not yet applied (vgic_drain_lines()); the poster
	 * sets flush_needed after it.
	 */
	volatile uint32_t sgi_post[VGIC_NR_SGIS / 4];
	/*
	 * Ownership: this vCPU's private interrupts, list registers and
	 * pending set of them are touched by its own CPU only, without the
	 * partition's lock unless SPIs are involved (core/vgic.c,
	 * vcpu_lock()). spi_posted: shared state changed for it (an SPI
	 * marked or to be given back, GICD_CTLR), set under the lock by
	 * whoever changed it, before flush_needed; cleared by a flush under
	 * the lock. private_only: the vCPU's own CPU is looking at its state
	 * without the lock, so SPIs are left alone (set and read by that CPU
	 * only).
	 */
	volatile bool spi_posted;
	bool private_only;
	/*
	 * The pending set: interrupts that may have to go into this vCPU's
	 * list registers (marked whenever their state changes, or their LR is
	 * completed or taken back), so a flush looks at these only, not at
	 * every interrupt of the partition. A flush clears the bits of those
	 * that turn out not to be deliverable here. cand_all: look at
	 * everything once (after init, reset, or GICD_CTLR.Enable set).
	 */
	uint32_t cand_priv;                /* bit n: SGI/PPI n */
	uint32_t cand_spi[VGIC_SPI_WORDS]; /* bit n of word w: SPI 32+32w+n */
	uint32_t cand_spi_words;           /* bit w: cand_spi[w] != 0 */
	bool cand_all;
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
	/*
	 * A distributor access always comes from the vCPU on this CPU, which
	 * re-enters the guest next: load its list registers at the end of the
	 * access, under the same lock, so that entry needs none.
	 */
	bool flush_on_access;
};

struct vgic {
	tas_lock_t lock; /* see "Locking" above */
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
 * ops (partition reset). Takes the lock, whose own state is left alone:
 * another CPU may be waiting for it.
 */
void vgic_reset(struct vgic *g);
/* Marks SPI/PPI irq as backed by physical hwirq (deactivated by the guest's
   EOI through the LR HW bit) and level-sensitive. */
void vgic_map_hw(struct vgic *g, unsigned vcpu, unsigned irq, unsigned hwirq);

/* Edge event: makes irq pending for its target vCPU(s). */
void vgic_inject(struct vgic *g, unsigned vcpu, unsigned irq);
/*
 * The same, but an edge that finds irq still latched pending (not yet
 * taken by the guest) changes nothing, not even a kick (GICv2: asserting a
 * pending edge interrupt again leaves it pending, IHI 0048B 3.2.4). For
 * sources a guest can fire at will (channel doorbells). Returns whether it
 * made irq pending.
 */
bool vgic_inject_once(struct vgic *g, unsigned vcpu, unsigned irq);
/* Level-sensitive input line of irq (SPIs and PPIs). A PPI's is posted to
   its vCPU without taking the lock, and applied when that vCPU next enters
   or is looked at: only on that vCPU's own CPU. */
void vgic_set_level(struct vgic *g, unsigned vcpu, unsigned irq, bool high);
/*
 * Latches PPI irq pending for vcpu (an edge event on its input, whatever
 * its GICD_ICFGR says: the guest timers' ticks, whose source the hypervisor
 * masks at the timer), without the lock, on vcpu's own CPU only. Its list
 * register then needs no EOI maintenance: the guest's acknowledge consumes
 * the latch (core/vgic_lr.c).
 */
void vgic_post_pending(struct vgic *g, unsigned vcpu, unsigned irq);
/* Has vcpu PPI irq latched pending, taken or not by the guest, deliverable
   or not (disabled)? */
bool vgic_ppi_latched(struct vgic *g, unsigned vcpu, unsigned irq);
/* Drops what vcpu has latched pending for PPI irq (its source was reset). */
void vgic_cancel_pending(struct vgic *g, unsigned vcpu, unsigned irq);

/*
 * The run loop of vCPU vcpu, on its own CPU, right before entering the
 * guest: the list registers' state (what the guest took or completed) goes
 * back into the distributor state and the list registers are loaded with
 * the best pending interrupts. Locks the vGIC once, and not at all when no
 * list register is in use and nothing was made pending for vcpu since its
 * last entry. Nothing needs doing after an exit: the fold waits for this
 * call, or for whoever looks at vcpu's state first (vgic_vcpu_pending(),
 * the guest's distributor accesses), all on vcpu's own CPU.
 */
void vgic_vcpu_enter_locked(struct vgic *g, unsigned vcpu);

/*
 * The lock-free fast path: on vcpu's own CPU, lr_used only changes there,
 * and whoever sets flush_needed from another CPU kicks this one afterwards,
 * so a stale "no" only defers the flush to the exit the kick causes.
 */
static inline bool vgic_flush_pending(const struct vgic *g, unsigned vcpu)
{
	const volatile struct vgic_vcpu *vv = &g->vcpu[vcpu];

	return vv->flush_needed || (vv->lr_used && !vv->lrs_fresh);
}

/* The guest of vcpu ran (right after it exits): its list registers may
   have changed. No lock: only vcpu's own CPU reads or writes lrs_fresh. */
static inline void vgic_vcpu_exit(struct vgic *g, unsigned vcpu)
{
	g->vcpu[vcpu].lrs_fresh = false;
}

static inline void vgic_vcpu_enter(struct vgic *g, unsigned vcpu)
{
	if (!vgic_flush_pending(g, vcpu))
		return; /* nothing in flight, nothing new: no lock */
	vgic_vcpu_enter_locked(g, vcpu);
}
/* Does vcpu have an enabled pending interrupt the guest could take now?
   (GICH_VMCR's priority mask is not looked at.) */
bool vgic_vcpu_pending(struct vgic *g, unsigned vcpu);
/* Empties the list registers and virtual interface state (vCPU reset). */
void vgic_vcpu_reset(struct vgic *g, unsigned vcpu);

/* mmio_fn for the emulated distributor; dev is the struct vgic. The
   accessing vCPU is a->vcpu. */
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
