/*
 * Shared by core/vgic.c (interrupt state, injection, SGIs), core/vgic_lr.c
 * (list registers) and core/vgic_dist.c (distributor registers) only: not
 * an interface of the rest of the hypervisor, which goes through
 * core/include/core/vgic.h. Every function here expects vgic->lock to be
 * held by the caller; the vgic_*_lrs() ones run on the vCPU's own CPU.
 */
#ifndef CORE_VGIC_INTERNAL_H
#define CORE_VGIC_INTERNAL_H

#include <core/vgic.h>

#define LR_MAX 16 /* entries of vgic_vcpu.lr_irq */

static inline bool is_sgi(unsigned irq)
{
	return irq < VGIC_NR_SGIS;
}

static inline unsigned irq_limit(const struct vgic *g)
{
	return g->nr_irqs < VGIC_MAX_IRQS ? g->nr_irqs : VGIC_MAX_IRQS;
}

/*
 * Level semantics (pending follows the input line, completion re-samples
 * it) apply to software interrupts only. A HW interrupt behaves as an edge
 * here: the physical GIC keeps it active until the guest's EOI, and a line
 * still high then simply fires again physically.
 */
static inline bool is_level(const struct virq *q)
{
	return (q->flags & (VIRQ_LEVEL | VIRQ_HW)) == VIRQ_LEVEL;
}

/* The software pending state of a PPI/SPI (not counting an LR). */
static inline bool pending_sw(const struct virq *q)
{
	if (q->flags & VIRQ_PENDING)
		return true;
	return is_level(q) && (q->flags & VIRQ_LINE);
}

/* irq may have to go into vcpu's list registers: into its pending set. */
static inline void vgic_mark(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct vgic_vcpu *vv;
	unsigned w;

	if (vcpu >= MAX_CPUS || irq >= VGIC_MAX_IRQS)
		return;
	vv = &g->vcpu[vcpu];
	if (irq < VGIC_NR_PRIVATE) {
		vv->cand_priv |= 1u << irq;
		return;
	}
	w = (irq - VGIC_NR_PRIVATE) / 32;
	vv->cand_spi[w] |= 1u << ((irq - VGIC_NR_PRIVATE) % 32);
	vv->cand_spi_words |= 1u << w;
}

/* The state of irq as seen by vcpu (private IRQs are banked), or NULL. */
static inline struct virq *vgic_irq(struct vgic *g, unsigned vcpu,
				    unsigned irq)
{
	if (irq >= irq_limit(g))
		return NULL;
	if (irq < VGIC_NR_PRIVATE)
		return vcpu < g->nr_vcpus ? &g->vcpu[vcpu].priv[irq] : NULL;
	return &g->spi[irq - VGIC_NR_PRIVATE];
}

/* Does one of vcpu's list registers hold an SPI? (Its own CPU only.) */
static inline bool vgic_spi_in_lrs(const struct vgic_vcpu *vv)
{
	for (uint32_t used = vv->lr_used; used; used &= used - 1)
		if (vv->lr_irq[__builtin_ctz(used)] >= VGIC_NR_PRIVATE)
			return true;
	return false;
}

/* Bit v set for every vCPU of the vgic. */
static inline unsigned vgic_vcpu_mask(const struct vgic *g)
{
	return (1u << g->nr_vcpus) - 1;
}

/* The vCPU an SPI is delivered to (lowest-numbered target), or -1. */
static inline int vgic_spi_target(const struct vgic *g, const struct virq *q)
{
	unsigned t = q->targets & vgic_vcpu_mask(g);

	return t ? __builtin_ctz(t) : -1;
}
/* Pending as GICD_ISPENDR shows it (including pending in a list register). */
bool vgic_virq_pending(const struct virq *q, unsigned irq);
/* Could irq, pending in one of vcpu's LRs, stay there? */
bool vgic_lr_still_ok(const struct vgic *g, unsigned vcpu, unsigned irq,
		      const struct virq *q);
/*
 * After irq's state changed (irq banked for vcpu when private): kicks the
 * vCPU it is now pending for, and the vCPU whose list register holds it
 * pending when it should no longer be there (disabled, retargeted, line
 * dropped), so that vCPU syncs and gives it back.
 */
void vgic_irq_update(struct vgic *g, unsigned vcpu, unsigned irq);
/* After GICD_CTLR.Enable changed. */
void vgic_ctlr_update(struct vgic *g);
/* GICD_SGIR semantics: SGI from vcpu `src`. Posts to the targets without
   the lock (the one function here that needs none). */
void vgic_send_sgi(struct vgic *g, unsigned src, uint32_t sgir);
/* Applies the PPI lines and latches posted to vcpu without the lock
   (vgic_set_level(), vgic_post_pending()). */
void vgic_drain_lines(struct vgic *g, unsigned vcpu);
/* Applies the latches drained while their PPI was in an LR (after a fold). */
void vgic_apply_deferred(struct vgic *g, unsigned vcpu);
/* Are SGIs posted to vcpu that it has not applied yet? (No lock needed.) */
bool vgic_sgis_posted(const struct vgic *g, unsigned vcpu);
/* Does vcpu have an enabled pending interrupt the guest could take now? */
bool vgic_vcpu_has_pending(struct vgic *g, unsigned vcpu);

/* core/vgic_dist.c: the distributor's register lookup, built at init. */
void vgic_dist_index(void);

/*
 * core/vgic_lr.c. Before entering the guest: vgic_flush_lrs() loads the
 * highest-priority pending interrupts of vcpu into the free list registers
 * (evicting lower-priority pending ones when a higher one waits) and asks
 * for a maintenance interrupt when more wait than fit. After an exit:
 * vgic_sync_lrs() folds the list registers' state (taken, completed) back
 * into the distributor state. vgic_reset_vcpu() empties the list registers
 * and the virtual interface state (vCPU reset).
 */
void vgic_flush_lrs(struct vgic *g, unsigned vcpu);
void vgic_sync_lrs(struct vgic *g, unsigned vcpu);
void vgic_reset_vcpu(struct vgic *g, unsigned vcpu);

#endif
