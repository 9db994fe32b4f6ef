/*
 * The virtual GICv2: per-interrupt state, injection and SGIs (GICv2 IHI
 * 0048B), and the vGIC's interface to the run loop (vgic_vcpu_enter(),
 * vgic_vcpu_exit()). The list registers are core/vgic_lr.c's, the
 * distributor registers core/vgic_dist.c's.
 *
 * Pending state lives in three places:
 *   - edge-sensitive PPIs/SPIs: the VIRQ_PENDING latch;
 *   - level-sensitive ones: VIRQ_PENDING (set by GICD_ISPENDR or
 *     vgic_inject(), e.g. a HW interrupt) or VIRQ_LINE;
 *   - SGIs: one bit per source vCPU in sgi_sources.
 * and, for what a list register holds, in that LR (core/vgic_lr.c).
 *
 * Interrupts are Group 0 (GICD_IGROUPR is RAZ/WI, GICH_LR_GRP1 clear), which
 * the virtual CPU interface signals as vIRQ while GICV_CTLR.FIQEn is 0.
 *
 * Each (SGI, source) pair is a separate LR entry carrying GICH_LR_CPUID;
 * for SGIs VIRQ_IN_LR means "some pair is in an LR" and VIRQ_ACTIVE "some
 * pair is active in an LR". A pair pending again while the same pair is in
 * an LR waits (the fold merges it when that LR is still pending).
 *
 * An SPI is delivered to its lowest-numbered target vCPU ("1-of-N") and is
 * in at most one vCPU's LR; which one is found from the vCPUs' lr_used and
 * lr_irq.
 *
 * kick is called whenever an interrupt becomes pending for a vCPU, even one
 * waiting behind its own active instance (that vCPU must set the EOI bit),
 * and for the vCPU holding a pending LR that must be taken back.
 *
 * Locking: the public functions (core/include/core/vgic.h) take vgic->lock
 * when SPIs are involved; everything in vgic_internal.h expects it held,
 * or, on a vCPU's own CPU, private_only set (vcpu_lock()); vgic_send_sgi()
 * posts SGIs to their targets lock-free (post_sgi()). The ops callbacks
 * (kick, hw_enable, hw_route) are called with the lock held or by a vCPU on
 * its own state; they must not call back into the vgic. kick only has to
 * make the vCPU's CPU exit (or leave WFI) and run vgic_vcpu_enter();
 * kicking a vCPU that is already in the hypervisor, or itself, must be
 * harmless.
 */
#include <core/vgic.h>
#include <stddef.h>
#include <string.h>

#include "vgic_internal.h"

/* shared: SPI state changed for vcpu (under the lock), see spi_posted. */
static void kick(struct vgic *g, unsigned vcpu, bool shared)
{
	if (vcpu < MAX_CPUS) {
		struct vgic_vcpu *vv = &g->vcpu[vcpu];

		if (shared)
			vv->spi_posted = true;
		__atomic_store_n(&vv->flush_needed, true, __ATOMIC_RELEASE);
	}
	if (g->ops.kick)
		g->ops.kick(g->ops.ctx, vcpu);
}

bool vgic_virq_pending(const struct virq *q, unsigned irq)
{
	bool in_lr_pending = (q->flags & (VIRQ_IN_LR | VIRQ_ACTIVE)) ==
			     VIRQ_IN_LR;

	if (is_sgi(irq))
		return q->sgi_sources || in_lr_pending;
	return pending_sw(q) || in_lr_pending;
}

bool vgic_lr_still_ok(const struct vgic *g, unsigned vcpu, unsigned irq,
		      const struct virq *q)
{
	if (!g->enabled)
		return false;
	if (is_sgi(irq))
		return true;
	if (!(q->flags & VIRQ_ENABLED))
		return false;
	if (irq >= VGIC_NR_PRIVATE && vgic_spi_target(g, q) != (int)vcpu)
		return false;
	return !is_level(q) || pending_sw(q);
}

/* The vCPU whose list register holds PPI/SPI irq, or -1. An SPI says
   whose (lr_vcpu, under the lock): another vCPU's lr_used and lr_irq are
   its own, changed without the lock. */
static int lr_owner(const struct vgic *g, unsigned vcpu, unsigned irq,
		    const struct virq *q)
{
	if (!(q->flags & VIRQ_IN_LR) || q->lr >= LR_MAX)
		return -1;
	if (irq < VGIC_NR_PRIVATE)
		return (int)vcpu;
	return q->lr_vcpu < g->nr_vcpus ? (int)q->lr_vcpu : -1;
}

/* ------------------------------------------------------------ set-up */

/* Everything but the lock, the first member. */
static void init_state(struct vgic *g, unsigned nr_vcpus, unsigned nr_irqs,
		       const struct vgic_ops *ops)
{
	unsigned v, i;

	_Static_assert(offsetof(struct vgic, lock) == 0, "the lock comes first");
	memset((char *)g + sizeof(g->lock), 0, sizeof(*g) - sizeof(g->lock));
	if (nr_vcpus < 1)
		nr_vcpus = 1;
	if (nr_vcpus > MAX_CPUS)
		nr_vcpus = MAX_CPUS;
	if (nr_vcpus > 8) /* GICv2: 8 CPU interfaces */
		nr_vcpus = 8;
	if (nr_irqs < VGIC_NR_PRIVATE)
		nr_irqs = VGIC_NR_PRIVATE;
	if (nr_irqs > 1024)
		nr_irqs = 1024;
	nr_irqs = (nr_irqs + 31) & ~31u;
	g->nr_vcpus = nr_vcpus;
	g->nr_irqs = nr_irqs;
	if (ops)
		g->ops = *ops;
	for (v = 0; v < MAX_CPUS; v++) {
		g->vcpu[v].flush_needed = true;
		g->vcpu[v].cand_all = true;
		for (i = 0; i < VGIC_NR_SGIS; i++)
			g->vcpu[v].priv[i].flags = VIRQ_ENABLED; /* edge */
		for (i = VGIC_NR_SGIS; i < VGIC_NR_PRIVATE; i++)
			g->vcpu[v].priv[i].flags = VIRQ_LEVEL;
	}
	/* SPIs target vCPU 0 until the guest says otherwise (as a reset GIC
	   with one CPU interface would deliver them, and KVM does). */
	for (i = 0; i < VGIC_MAX_IRQS - VGIC_NR_PRIVATE; i++) {
		g->spi[i].flags = VIRQ_LEVEL;
		g->spi[i].targets = VGIC_SPI_RESET_TARGETS;
	}
}

void vgic_init(struct vgic *g, unsigned nr_vcpus, unsigned nr_irqs,
	       const struct vgic_ops *ops)
{
	const tas_lock_t unlocked = TAS_LOCK_INIT;

	g->lock = unlocked;
	init_state(g, nr_vcpus, nr_irqs, ops);
	vgic_dist_index();
}

void vgic_reset(struct vgic *g)
{
	const struct vgic_ops ops = g->ops;

	tas_lock(&g->lock);
	init_state(g, g->nr_vcpus, g->nr_irqs, &ops);
	tas_unlock(&g->lock);
}

void vgic_map_hw(struct vgic *g, unsigned vcpu, unsigned irq, unsigned hwirq)
{
	struct virq *q;

	tas_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && !is_sgi(irq)) {
		q->flags |= VIRQ_HW | VIRQ_LEVEL;
		q->hwirq = (uint16_t)(hwirq & 0x3ffu);
	}
	tas_unlock(&g->lock);
}

/* --------------------------------------------------------- injection */

void vgic_irq_update(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q = vgic_irq(g, vcpu, irq);
	int owner, target;
	bool shared;

	if (!q)
		return;
	if (is_sgi(irq)) {
		vgic_mark(g, vcpu, irq);
		if (g->enabled && q->sgi_sources)
			kick(g, vcpu, false);
		return;
	}
	shared = irq >= VGIC_NR_PRIVATE;
	owner = lr_owner(g, vcpu, irq, q);
	if (owner >= 0 && !(q->flags & VIRQ_ACTIVE) &&
	    !vgic_lr_still_ok(g, (unsigned)owner, irq, q))
		kick(g, (unsigned)owner, shared); /* give it back */
	else
		owner = -1;
	target = irq < VGIC_NR_PRIVATE ? (int)vcpu : vgic_spi_target(g, q);
	if (target < 0)
		return;
	vgic_mark(g, (unsigned)target, irq);
	if (target == owner)
		return;
	if ((g->enabled && (q->flags & VIRQ_ENABLED) && pending_sw(q)) ||
	    (q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR)) == VIRQ_ACTIVE)
		kick(g, (unsigned)target, shared);
}

/* Every vCPU looks at everything once, under the lock: another vCPU's
   private state is not this CPU's to look at. */
void vgic_ctlr_update(struct vgic *g)
{
	unsigned v;

	for (v = 0; v < g->nr_vcpus; v++) {
		g->vcpu[v].cand_all = true;
		kick(g, v, true);
	}
}

void vgic_inject(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q;

	tas_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && !is_sgi(irq)) { /* SGIs: vgic_send_sgi() */
		q->flags |= VIRQ_PENDING;
		vgic_irq_update(g, vcpu, irq);
	}
	tas_unlock(&g->lock);
}

bool vgic_inject_once(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q;
	bool made = false;

	tas_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && !is_sgi(irq) && !(q->flags & VIRQ_PENDING)) {
		q->flags |= VIRQ_PENDING;
		vgic_irq_update(g, vcpu, irq);
		made = true;
	}
	tas_unlock(&g->lock);
	return made;
}

/*
 * A PPI's line, or its pending latch (vgic_post_pending(): the timer
 * interrupt of the vCPU on this CPU sets it on every tick), is posted to
 * its vCPU without the lock (only that CPU posts to it, the run loop's own
 * fast path sees flush_needed): line_req holds the level last asked for,
 * pend_req the latches, line_chg which PPIs changed since the vGIC last
 * looked. The vGIC applies them (vgic_drain_lines()) under the lock before
 * it looks at the vCPU's private interrupts.
 */
static void post_line(struct vgic *g, unsigned vcpu, unsigned irq, bool high)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	uint32_t bit = 1u << irq, old;

	if (high)
		old = __atomic_fetch_or(&vv->line_req, bit, __ATOMIC_SEQ_CST);
	else
		old = __atomic_fetch_and(&vv->line_req, ~bit, __ATOMIC_SEQ_CST);
	if (!!(old & bit) == high)
		return; /* no change */
	__atomic_fetch_or(&vv->line_chg, bit, __ATOMIC_SEQ_CST);
	/* On vcpu's own CPU (see vgic_set_level()), so no flush under way
	   elsewhere can overwrite this. */
	vv->flush_needed = true;
	if (g->ops.kick)
		g->ops.kick(g->ops.ctx, vcpu);
}

/*
 * SGIs are posted to their target without the lock: each (SGI, source) is a
 * bit in the target's sgi_post[], set atomically, then flush_needed is set
 * and the target kicked. The target applies them (drain_sgis(), each word
 * exchanged for 0) wherever it applies its posted lines; a flush that clears
 * flush_needed looks at sgi_post[] again afterwards (vgic_sgis_posted()),
 * so no post is left behind unnoticed. A sender takes no lock, and meets
 * its target only on the target's own cache line.
 */
static void post_sgi(struct vgic *g, unsigned vcpu, unsigned sgi,
		     unsigned src)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];

	__atomic_fetch_or(&vv->sgi_post[sgi / 4],
			  (1u << src) << (8 * (sgi % 4)), __ATOMIC_RELAXED);
	/* After the bit (a barrier between): see vgic_flush_lrs()'s end. */
	__atomic_store_n(&vv->flush_needed, true, __ATOMIC_RELEASE);
	/* Disabled, nothing is delivered: enabling looks at every vCPU
	   (vgic_ctlr_update()). */
	if (g->enabled && g->ops.kick)
		g->ops.kick(g->ops.ctx, vcpu);
}

bool vgic_sgis_posted(const struct vgic *g, unsigned vcpu)
{
	const volatile uint32_t *p = g->vcpu[vcpu].sgi_post;

	_Static_assert(VGIC_NR_SGIS / 4 == 4, "four words of posted SGIs");
	return (p[0] | p[1] | p[2] | p[3]) != 0;
}

static void drain_sgis(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	unsigned w;

	if (!vgic_sgis_posted(g, vcpu))
		return;
	for (w = 0; w < VGIC_NR_SGIS / 4; w++) {
		uint32_t bits;

		if (!vv->sgi_post[w])
			continue;
		bits = __atomic_exchange_n(&vv->sgi_post[w], 0,
					   __ATOMIC_RELAXED);
		for (unsigned b = 0; b < 4; b++) {
			unsigned sgi = 4 * w + b;
			uint8_t src = (uint8_t)(bits >> (8 * b));

			if (!src)
				continue;
			vv->priv[sgi].sgi_sources |= src;
			vgic_irq_update(g, vcpu, sgi);
		}
	}
}

void vgic_drain_lines(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	uint32_t chg, req, pend;

	drain_sgis(g, vcpu);
	if (!vv->line_chg)
		return;
	/* line_chg first: a latch marked there was posted before it. */
	chg = __atomic_exchange_n(&vv->line_chg, 0, __ATOMIC_SEQ_CST);
	pend = __atomic_exchange_n(&vv->pend_req, 0, __ATOMIC_SEQ_CST);
	req = vv->line_req;
	for (; chg; chg &= chg - 1) {
		unsigned irq = (unsigned)__builtin_ctz(chg);
		struct virq *q = &vv->priv[irq];
		bool high = req >> irq & 1;

		if ((pend >> irq & 1) && (q->flags & VIRQ_IN_LR)) {
			/* Its LR may be acknowledged: after the fold. */
			vv->pend_defer |= 1u << irq;
		} else if (pend >> irq & 1) {
			q->flags |= VIRQ_PENDING;
			vgic_irq_update(g, vcpu, irq);
		}
		if (high == !!(q->flags & VIRQ_LINE))
			continue;
		if (high)
			q->flags |= VIRQ_LINE;
		else
			q->flags &= (uint8_t)~VIRQ_LINE;
		vgic_irq_update(g, vcpu, irq);
	}
}

void vgic_post_pending(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct vgic_vcpu *vv;

	if (is_sgi(irq) || irq >= VGIC_NR_PRIVATE || vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	__atomic_fetch_or(&vv->pend_req, 1u << irq, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&vv->line_chg, 1u << irq, __ATOMIC_SEQ_CST);
	vv->flush_needed = true; /* on vcpu's own CPU, as post_line() */
	if (g->ops.kick)
		g->ops.kick(g->ops.ctx, vcpu);
}

void vgic_cancel_pending(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q;

	if (is_sgi(irq) || irq >= VGIC_NR_PRIVATE || vcpu >= g->nr_vcpus)
		return;
	tas_lock(&g->lock);
	vgic_drain_lines(g, vcpu);
	g->vcpu[vcpu].pend_defer &= ~(1u << irq);
	q = vgic_irq(g, vcpu, irq);
	if (q && (q->flags & VIRQ_PENDING)) {
		q->flags &= (uint8_t)~VIRQ_PENDING;
		vgic_irq_update(g, vcpu, irq);
	}
	tas_unlock(&g->lock);
}

void vgic_apply_deferred(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	uint32_t pend = vv->pend_defer;

	vv->pend_defer = 0;
	for (; pend; pend &= pend - 1) {
		unsigned irq = (unsigned)__builtin_ctz(pend);

		vv->priv[irq].flags |= VIRQ_PENDING;
		vgic_irq_update(g, vcpu, irq);
	}
}

void vgic_set_level(struct vgic *g, unsigned vcpu, unsigned irq, bool high)
{
	struct virq *q;

	if (is_sgi(irq))
		return;
	if (irq < VGIC_NR_PRIVATE) {
		if (vcpu < g->nr_vcpus)
			post_line(g, vcpu, irq, high);
		return;
	}
	tas_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && high != !!(q->flags & VIRQ_LINE)) {
		if (high)
			q->flags |= VIRQ_LINE;
		else
			q->flags &= (uint8_t)~VIRQ_LINE;
		vgic_irq_update(g, vcpu, irq);
	}
	tas_unlock(&g->lock);
}

void vgic_send_sgi(struct vgic *g, unsigned src, uint32_t sgir)
{
	unsigned sgi = sgir & 0xfu, targets, t;

	if (src >= g->nr_vcpus)
		return;
	switch ((sgir >> 24) & 3u) {
	case 0: /* CPUTargetList */
		targets = (sgir >> 16) & 0xffu;
		break;
	case 1: /* all but the requester */
		targets = vgic_vcpu_mask(g) & ~(1u << src);
		break;
	case 2: /* only the requester */
		targets = 1u << src;
		break;
	default: /* reserved */
		return;
	}
	targets &= vgic_vcpu_mask(g);
	for (t = 0; t < g->nr_vcpus; t++)
		if (targets >> t & 1)
			post_sgi(g, t, sgi, src);
}

bool vgic_vcpu_has_pending(struct vgic *g, unsigned vcpu)
{
	const struct vgic_vcpu *vv;
	unsigned irq, limit = irq_limit(g);

	if (vcpu >= g->nr_vcpus)
		return false;
	vgic_drain_lines(g, vcpu);
	if (!g->enabled)
		return false;
	vv = &g->vcpu[vcpu];
	for (irq = 0; irq < VGIC_NR_PRIVATE; irq++) {
		const struct virq *q = &vv->priv[irq];

		if (q->flags & VIRQ_ACTIVE)
			continue;
		if (q->flags & VIRQ_IN_LR)
			return true; /* pending in an LR */
		if (is_sgi(irq) ? (q->sgi_sources & vgic_vcpu_mask(g)) != 0
				: (q->flags & VIRQ_ENABLED) && pending_sw(q))
			return true;
	}
	/* Without the lock no SPI can be pending for it: one would be marked
	   or in its list registers, and it would have taken the lock. */
	if (vv->private_only)
		return false;
	for (irq = VGIC_NR_PRIVATE; irq < limit; irq++) {
		const struct virq *q = &g->spi[irq - VGIC_NR_PRIVATE];

		if (q->flags & VIRQ_ACTIVE)
			continue;
		if (q->flags & VIRQ_IN_LR) {
			if (lr_owner(g, vcpu, irq, q) == (int)vcpu)
				return true;
			continue;
		}
		if ((q->flags & VIRQ_ENABLED) && pending_sw(q) &&
		    vgic_spi_target(g, q) == (int)vcpu)
			return true;
	}
	return false;
}

/* ------------------------------------------------------- the run loop */

/*
 * On vcpu's own CPU, before it looks at its interrupt state. Its SGIs,
 * PPIs and list registers are its own, so it takes the partition's lock
 * only when SPIs are involved: one in its list registers, one in its
 * pending set, one changed for it (spi_posted), or GICD_CTLR changed
 * (cand_all). Racy reads, on purpose: whoever sets any of these does so
 * under the lock and then sets spi_posted and flush_needed, which the end
 * of a flush without the lock looks at again (vgic_flush_lrs()). Without
 * the lock the vCPU leaves SPIs alone (private_only). Returns whether it
 * locked.
 */
static bool vcpu_lock(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	bool shared = vv->spi_posted || vv->cand_all || vv->cand_spi_words ||
		      vgic_spi_in_lrs(vv);

	if (shared)
		tas_lock(&g->lock);
	vv->private_only = !shared;
	return shared;
}

static void vcpu_unlock(struct vgic *g, unsigned vcpu, bool locked)
{
	g->vcpu[vcpu].private_only = false;
	if (locked)
		tas_unlock(&g->lock);
}

void vgic_vcpu_enter_locked(struct vgic *g, unsigned vcpu)
{
	bool locked;

	if (vcpu >= g->nr_vcpus)
		return;
	locked = vcpu_lock(g, vcpu);
	vgic_drain_lines(g, vcpu);
	if (vgic_flush_pending(g, vcpu))
		vgic_flush_lrs(g, vcpu);
	vcpu_unlock(g, vcpu, locked);
}

bool vgic_ppi_latched(struct vgic *g, unsigned vcpu, unsigned irq)
{
	bool latched, locked;

	if (is_sgi(irq) || irq >= VGIC_NR_PRIVATE || vcpu >= g->nr_vcpus)
		return false;
	locked = vcpu_lock(g, vcpu); /* its own CPU: private state is its own */
	vgic_drain_lines(g, vcpu);
	latched = (g->vcpu[vcpu].priv[irq].flags & VIRQ_PENDING) ||
		  (g->vcpu[vcpu].pend_defer >> irq & 1);
	vcpu_unlock(g, vcpu, locked);
	return latched;
}

bool vgic_vcpu_pending(struct vgic *g, unsigned vcpu)
{
	bool pending, locked;

	if (vcpu >= g->nr_vcpus)
		return false;
	locked = vcpu_lock(g, vcpu);
	vgic_drain_lines(g, vcpu);
	vgic_sync_lrs(g, vcpu); /* what the guest took or completed */
	pending = vgic_vcpu_has_pending(g, vcpu);
	vcpu_unlock(g, vcpu, locked);
	return pending;
}

void vgic_vcpu_reset(struct vgic *g, unsigned vcpu)
{
	tas_lock(&g->lock);
	vgic_reset_vcpu(g, vcpu);
	tas_unlock(&g->lock);
}
