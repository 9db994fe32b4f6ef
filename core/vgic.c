/*
 * The virtual GICv2: per-interrupt state, injection, SGIs and the list
 * registers (GICv2 IHI 0048B, chapter 5).
 *
 * Pending state lives in three places:
 *   - edge-sensitive PPIs/SPIs: the VIRQ_PENDING latch;
 *   - level-sensitive ones: VIRQ_PENDING (set by GICD_ISPENDR or
 *     vgic_inject(), e.g. a HW interrupt) or VIRQ_LINE;
 *   - SGIs: one bit per source vCPU in sgi_sources.
 * When vgic_flush_lrs() loads an interrupt into a list register as pending,
 * the LR holds that pending state: the edge latch or the SGI source bit is
 * cleared (and given back if the LR is taken back). A level-sensitive
 * interrupt keeps its latch until the guest acknowledged it (the LR turned
 * active or invalid), as in the GIC where acknowledging clears it.
 *
 * A list register stays where it is across exits. vgic_sync_lrs() reads the
 * LRs this vCPU uses and:
 *   - invalid (the guest completed it): the LR is zeroed (which also ends
 *     its EOI maintenance request) and the interrupt is neither active nor
 *     in an LR any more; a level interrupt whose line is still high is
 *     pending again and goes back in at the next flush;
 *   - active: VIRQ_ACTIVE;
 *   - still pending: left in place when still deliverable to this vCPU, else
 *     (disabled, retargeted, distributor disabled, level line dropped) taken
 *     back into the software state. A new edge that arrived meanwhile merges
 *     with it; a changed priority is written into the LR.
 * vgic_flush_lrs() first does the same fold, so it is correct even without a
 * preceding sync, then fills the empty LRs (GICH_ELSR) with the deliverable
 * interrupts, best first: active interrupts not in an LR (they must go back
 * so the guest can complete them), then by priority (lower value first),
 * INTID, SGI source. When no LR is empty it evicts the lowest-priority
 * LR that is only pending, for a strictly higher-priority interrupt. If some
 * do not fit, GICH_HCR.NPIE asks for a maintenance interrupt once no LR is
 * pending any more; when every LR holds an active interrupt NPIE would fire
 * at once and forever, so the active LRs get the EOI bit instead (HW = 0;
 * their completion traps). An interrupt is not delivered again while it is
 * active; when it became pending again meanwhile its active LR gets the EOI
 * bit too, so its completion traps and the pending one follows.
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
 * Expected use per vCPU, on its own physical CPU: exit -> vgic_sync_lrs()
 * -> handle the exit -> vgic_flush_lrs() -> enter. A maintenance interrupt
 * needs no handling beyond causing that exit: sync zeroes completed LRs
 * (ending EOI maintenance) and clears NPIE once no LR is pending, flush sets
 * what is needed again. vgic_vcpu_pending() ignores the guest's priority
 * mask (GICH_VMCR). vgic_reset_vcpu() drops what its LRs held, except that
 * a HW interrupt stays pending: its physical interrupt is still active and
 * only a guest EOI through a HW LR deactivates it.
 *
 * kick is called whenever an interrupt becomes pending for a vCPU, even one
 * waiting behind its own active instance (that vCPU must set the EOI bit),
 * and for the vCPU holding a pending LR that must be taken back.
 *
 * Locking: the ops callbacks (kick, hw_enable, hw_route) are called with
 * vgic->lock held; they must not call back into the vgic. kick only has to
 * make the vCPU's CPU exit (or leave WFI) and run sync/flush; kicking a vCPU
 * that is already in the hypervisor, or itself, must be harmless.
 */
#include <arch/gich.h>
#include <core/vgic.h>
#include <stddef.h>
#include <string.h>

#include "vgic_internal.h"

#define LR_MAX 16 /* entries of vgic_vcpu.lr_irq */
#define LR_PRIORITY_MASK (0x1fu << 23)

/* An interrupt (or SGI source) that should be in a list register. */
struct cand {
	uint16_t irq;
	uint8_t src; /* SGIs */
	uint8_t prio;
	bool active; /* goes back in as active (it left its LR) */
};

/* The best `max` candidates, sorted best first. */
struct topk {
	struct cand c[LR_MAX];
	unsigned n, max;
	bool overflow; /* some candidate did not make it */
};

static bool is_sgi(unsigned irq)
{
	return irq < VGIC_NR_SGIS;
}

static unsigned nr_lrs(void)
{
	unsigned n = gich_nr_lrs();

	return n > LR_MAX ? LR_MAX : n;
}

static uint32_t lr_mask(unsigned nr)
{
	return nr >= 32 ? 0xffffffffu : (1u << nr) - 1;
}

static unsigned irq_limit(const struct vgic *g)
{
	return g->nr_irqs < VGIC_MAX_IRQS ? g->nr_irqs : VGIC_MAX_IRQS;
}

static void kick(struct vgic *g, unsigned vcpu)
{
	if (vcpu < MAX_CPUS)
		g->vcpu[vcpu].flush_needed = true;
	if (g->ops.kick)
		g->ops.kick(g->ops.ctx, vcpu);
}

unsigned vgic_vcpu_mask(const struct vgic *g)
{
	return (1u << g->nr_vcpus) - 1;
}

int vgic_spi_target(const struct vgic *g, const struct virq *q)
{
	unsigned t = q->targets & vgic_vcpu_mask(g);

	return t ? __builtin_ctz(t) : -1;
}

/*
 * Level semantics (pending follows the input line, completion re-samples
 * it) apply to software interrupts only. A HW interrupt behaves as an edge
 * here: the physical GIC keeps it active until the guest's EOI, and a line
 * still high then simply fires again physically.
 */
static bool is_level(const struct virq *q)
{
	return (q->flags & (VIRQ_LEVEL | VIRQ_HW)) == VIRQ_LEVEL;
}

/* The software pending state of a PPI/SPI (not counting an LR). */
static bool pending_sw(const struct virq *q)
{
	if (q->flags & VIRQ_PENDING)
		return true;
	return is_level(q) && (q->flags & VIRQ_LINE);
}

bool vgic_virq_pending(const struct virq *q, unsigned irq)
{
	bool in_lr_pending = (q->flags & (VIRQ_IN_LR | VIRQ_ACTIVE)) ==
			     VIRQ_IN_LR;

	if (is_sgi(irq))
		return q->sgi_sources || in_lr_pending;
	return pending_sw(q) || in_lr_pending;
}

/* Could irq, pending in one of vcpu's LRs, stay there? */
static bool lr_still_ok(const struct vgic *g, unsigned vcpu, unsigned irq,
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

/* The vCPU whose list register holds PPI/SPI irq, or -1. */
static int lr_owner(const struct vgic *g, unsigned vcpu, unsigned irq,
		    const struct virq *q)
{
	unsigned v;

	if (!(q->flags & VIRQ_IN_LR) || q->lr >= LR_MAX)
		return -1;
	if (irq < VGIC_NR_PRIVATE)
		return (int)vcpu;
	for (v = 0; v < g->nr_vcpus; v++) {
		const struct vgic_vcpu *vv = &g->vcpu[v];

		if ((vv->lr_used >> q->lr & 1) && vv->lr_irq[q->lr] == irq)
			return (int)v;
	}
	return -1;
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
	const spinlock_t unlocked = SPINLOCK_INIT;

	g->lock = unlocked;
	init_state(g, nr_vcpus, nr_irqs, ops);
}

void vgic_reset(struct vgic *g)
{
	const struct vgic_ops ops = g->ops;

	init_state(g, g->nr_vcpus, g->nr_irqs, &ops);
}

struct virq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned irq)
{
	if (irq >= irq_limit(g))
		return NULL;
	if (irq < VGIC_NR_PRIVATE)
		return vcpu < g->nr_vcpus ? &g->vcpu[vcpu].priv[irq] : NULL;
	return &g->spi[irq - VGIC_NR_PRIVATE];
}

void vgic_map_hw(struct vgic *g, unsigned vcpu, unsigned irq, unsigned hwirq)
{
	struct virq *q = vgic_irq(g, vcpu, irq);

	if (!q || is_sgi(irq))
		return;
	q->flags |= VIRQ_HW | VIRQ_LEVEL;
	q->hwirq = (uint16_t)(hwirq & 0x3ffu);
}

/* --------------------------------------------------------- injection */

void vgic_irq_update(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q = vgic_irq(g, vcpu, irq);
	int owner, target;

	if (!q)
		return;
	if (is_sgi(irq)) {
		if (g->enabled && q->sgi_sources)
			kick(g, vcpu);
		return;
	}
	owner = lr_owner(g, vcpu, irq, q);
	if (owner >= 0 && !(q->flags & VIRQ_ACTIVE) &&
	    !lr_still_ok(g, (unsigned)owner, irq, q))
		kick(g, (unsigned)owner); /* give it back */
	else
		owner = -1;
	target = irq < VGIC_NR_PRIVATE ? (int)vcpu : vgic_spi_target(g, q);
	if (target < 0 || target == owner)
		return;
	if ((g->enabled && (q->flags & VIRQ_ENABLED) && pending_sw(q)) ||
	    (q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR)) == VIRQ_ACTIVE)
		kick(g, (unsigned)target);
}

void vgic_ctlr_update(struct vgic *g)
{
	unsigned v;

	for (v = 0; v < g->nr_vcpus; v++) {
		if (g->enabled ? vgic_vcpu_pending(g, v)
			       : g->vcpu[v].lr_used != 0)
			kick(g, v);
	}
}

void vgic_inject(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q;

	spin_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && !is_sgi(irq)) { /* SGIs: vgic_send_sgi() */
		q->flags |= VIRQ_PENDING;
		vgic_irq_update(g, vcpu, irq);
	}
	spin_unlock(&g->lock);
}

bool vgic_irq_in_flight(struct vgic *g, unsigned vcpu, unsigned irq)
{
	struct virq *q = vgic_irq(g, vcpu, irq);

	return q && (pending_sw(q) || (q->flags & (VIRQ_IN_LR | VIRQ_ACTIVE)));
}

void vgic_set_level(struct vgic *g, unsigned vcpu, unsigned irq, bool high)
{
	struct virq *q;

	spin_lock(&g->lock);
	q = vgic_irq(g, vcpu, irq);
	if (q && !is_sgi(irq) && high != !!(q->flags & VIRQ_LINE)) {
		if (high)
			q->flags |= VIRQ_LINE;
		else
			q->flags &= (uint8_t)~VIRQ_LINE;
		vgic_irq_update(g, vcpu, irq);
	}
	spin_unlock(&g->lock);
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
	for (t = 0; t < g->nr_vcpus; t++) {
		if (!(targets >> t & 1))
			continue;
		g->vcpu[t].priv[sgi].sgi_sources |= (uint8_t)(1u << src);
		vgic_irq_update(g, t, sgi);
	}
}

bool vgic_vcpu_pending(struct vgic *g, unsigned vcpu)
{
	const struct vgic_vcpu *vv;
	unsigned irq, limit = irq_limit(g);

	if (vcpu >= g->nr_vcpus || !g->enabled)
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

/* ---------------------------------------------------- list registers */

/* The LR (in use) holding SGI pair (sgi, src), or -1. */
static int find_pair(const struct vgic_vcpu *vv, const uint32_t *lrv,
		     unsigned nr, unsigned sgi, unsigned src)
{
	unsigned n;

	for (n = 0; n < nr; n++) {
		if ((vv->lr_used >> n & 1) && vv->lr_irq[n] == sgi &&
		    GICH_LR_CPUID_OF(lrv[n]) == src)
			return (int)n;
	}
	return -1;
}

/* SGI flags from the LRs in use: IN_LR if any holds it, ACTIVE if any
   holds it active. */
static void sgi_refresh(struct vgic_vcpu *vv, const uint32_t *lrv,
			unsigned nr, unsigned sgi)
{
	struct virq *q = &vv->priv[sgi];
	unsigned n;

	q->flags &= (uint8_t)~(VIRQ_IN_LR | VIRQ_ACTIVE);
	for (n = 0; n < nr; n++) {
		if (!(vv->lr_used >> n & 1) || vv->lr_irq[n] != sgi)
			continue;
		q->flags |= VIRQ_IN_LR;
		q->lr = (uint8_t)n;
		if (lrv[n] & GICH_LR_STATE_ACTIVE) {
			q->flags |= VIRQ_ACTIVE;
			q->sgi_active_src = (uint8_t)GICH_LR_CPUID_OF(lrv[n]);
		}
	}
}

/* LR n (pending) gives its interrupt back to the software state. The
   caller refreshes SGI flags. */
static void take_back(struct vgic *g, unsigned vcpu, unsigned n, uint32_t val,
		      bool zero)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	unsigned irq = vv->lr_irq[n];
	struct virq *q = vgic_irq(g, vcpu, irq);

	vv->lr_used &= ~(1u << n);
	if (zero)
		gich_write_lr(n, 0);
	if (!q)
		return;
	if (is_sgi(irq)) {
		q->sgi_sources |= (uint8_t)(1u << GICH_LR_CPUID_OF(val));
		return;
	}
	q->flags &= (uint8_t)~VIRQ_IN_LR;
	if (!is_level(q))
		q->flags |= VIRQ_PENDING;
}

/*
 * Folds vcpu's list registers into the software state (see the top of the
 * file); lrv[n] receives the value of every LR still in use.
 */
static void fold_lrs(struct vgic *g, unsigned vcpu, uint32_t *lrv,
		     unsigned nr)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	uint32_t sgis = 0;
	unsigned n;

	vv->lr_used &= lr_mask(nr);
	for (n = 0; n < nr; n++) {
		unsigned irq;
		uint32_t val;
		struct virq *q;

		if (!(vv->lr_used >> n & 1))
			continue;
		irq = vv->lr_irq[n];
		val = gich_read_lr(n);
		lrv[n] = val;
		q = vgic_irq(g, vcpu, irq);
		if (!q) { /* cannot happen: drop it */
			vv->lr_used &= ~(1u << n);
			gich_write_lr(n, 0);
			continue;
		}
		if (is_sgi(irq))
			sgis |= 1u << irq;
		switch (val & GICH_LR_STATE_MASK) {
		case 0: /* completed by the guest */
			vv->lr_used &= ~(1u << n);
			gich_write_lr(n, 0);
			if (!is_sgi(irq)) {
				q->flags &= (uint8_t)~(VIRQ_ACTIVE | VIRQ_IN_LR);
				if (is_level(q))
					q->flags &= (uint8_t)~VIRQ_PENDING;
				/* Pending again meanwhile (an SPI maybe for
				   another vCPU): that one must hear of it. */
				if (irq >= VGIC_NR_PRIVATE)
					vgic_irq_update(g, vcpu, irq);
			}
			break;
		case GICH_LR_STATE_PENDING:
			if (!lr_still_ok(g, vcpu, irq, q)) {
				take_back(g, vcpu, n, val, true);
				if (irq >= VGIC_NR_PRIVATE)
					vgic_irq_update(g, vcpu, irq);
				break;
			}
			if (is_sgi(irq)) {
				q->sgi_sources &=
					(uint8_t)~(1u << GICH_LR_CPUID_OF(val));
			} else {
				q->flags &= (uint8_t)~VIRQ_ACTIVE;
				if (!is_level(q)) /* merged edge */
					q->flags &= (uint8_t)~VIRQ_PENDING;
			}
			if (GICH_LR_PRIORITY_OF(val) !=
			    (q->priority & VGIC_PRIO_MASK)) {
				val = (val & ~LR_PRIORITY_MASK) |
				      GICH_LR_PRIORITY(q->priority);
				gich_write_lr(n, val);
				lrv[n] = val;
			}
			break;
		default: /* active (and maybe pending) */
			if (!is_sgi(irq)) {
				q->flags |= VIRQ_ACTIVE;
				if (is_level(q)) /* acknowledged */
					q->flags &= (uint8_t)~VIRQ_PENDING;
			}
			break;
		}
	}
	for (n = 0; n < VGIC_NR_SGIS; n++) {
		if (sgis >> n & 1)
			sgi_refresh(vv, lrv, nr, n);
	}
}

static bool cand_before(const struct cand *a, const struct cand *b)
{
	if (a->active != b->active)
		return a->active;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	if (a->irq != b->irq)
		return a->irq < b->irq;
	return a->src < b->src;
}

static void topk_add(struct topk *t, unsigned irq, unsigned src,
		     const struct virq *q, bool active)
{
	struct cand c = {.irq = (uint16_t)irq, .src = (uint8_t)src,
			 .prio = (uint8_t)(q->priority & VGIC_PRIO_MASK),
			 .active = active};
	unsigned i;

	if (t->n == t->max) {
		t->overflow = true;
		if (!t->n || !cand_before(&c, &t->c[t->n - 1]))
			return;
		t->n--; /* the worst makes room */
	}
	for (i = t->n++; i > 0 && cand_before(&c, &t->c[i - 1]); i--)
		t->c[i] = t->c[i - 1];
	t->c[i] = c;
}

/* A PPI/SPI of vcpu that is not in an LR. */
static void consider(const struct vgic *g, struct topk *t, unsigned irq,
		     const struct virq *q)
{
	if (q->flags & VIRQ_IN_LR)
		return;
	if (q->flags & VIRQ_ACTIVE)
		topk_add(t, irq, 0, q, true);
	else if (g->enabled && (q->flags & VIRQ_ENABLED) && pending_sw(q))
		topk_add(t, irq, 0, q, false);
}

/* Everything that should be in one of vcpu's LRs but is not. */
static void collect(const struct vgic *g, unsigned vcpu, const uint32_t *lrv,
		    unsigned nr, struct topk *t)
{
	const struct vgic_vcpu *vv = &g->vcpu[vcpu];
	unsigned irq, src, limit = irq_limit(g);

	for (irq = 0; irq < VGIC_NR_SGIS; irq++) {
		const struct virq *q = &vv->priv[irq];
		bool act = q->flags & VIRQ_ACTIVE;
		unsigned srcs = q->sgi_sources & vgic_vcpu_mask(g);

		if (act && find_pair(vv, lrv, nr, irq, q->sgi_active_src) < 0)
			topk_add(t, irq, q->sgi_active_src & 7u, q, true);
		if (!g->enabled)
			continue;
		for (src = 0; src < g->nr_vcpus; src++) {
			if (!(srcs >> src & 1))
				continue;
			if (act && src == q->sgi_active_src)
				continue; /* waits for the active one */
			if (find_pair(vv, lrv, nr, irq, src) >= 0)
				continue;
			topk_add(t, irq, src, q, false);
		}
	}
	for (irq = VGIC_NR_SGIS; irq < VGIC_NR_PRIVATE; irq++)
		consider(g, t, irq, &vv->priv[irq]);
	for (irq = VGIC_NR_PRIVATE; irq < limit; irq++) {
		const struct virq *q = &g->spi[irq - VGIC_NR_PRIVATE];

		if (!(q->flags & VIRQ_IN_LR) &&
		    vgic_spi_target(g, q) == (int)vcpu)
			consider(g, t, irq, q);
	}
}

/* Is irq, active in LR value val, pending again behind it? */
static bool blocked_pending(const struct vgic *g, unsigned irq,
			    const struct virq *q, uint32_t val)
{
	if (!g->enabled)
		return false;
	if (is_sgi(irq))
		return q->sgi_sources >> GICH_LR_CPUID_OF(val) & 1;
	return (q->flags & VIRQ_ENABLED) && pending_sw(q);
}

/* The only-pending LR of lowest priority that c may evict, or -1. */
static int pick_victim(const struct vgic_vcpu *vv, const uint32_t *lrv,
		       unsigned nr, const struct cand *c)
{
	struct cand worst = {0}, x;
	int victim = -1;
	unsigned n;

	for (n = 0; n < nr; n++) {
		if (!(vv->lr_used >> n & 1) ||
		    (lrv[n] & GICH_LR_STATE_MASK) != GICH_LR_STATE_PENDING)
			continue;
		x.irq = vv->lr_irq[n];
		x.src = (uint8_t)(is_sgi(x.irq) ? GICH_LR_CPUID_OF(lrv[n]) : 0);
		x.prio = (uint8_t)GICH_LR_PRIORITY_OF(lrv[n]);
		x.active = false;
		if (victim < 0 || cand_before(&worst, &x)) {
			worst = x;
			victim = (int)n;
		}
	}
	if (victim >= 0 && !c->active && c->prio >= worst.prio)
		return -1; /* only for a strictly higher priority */
	return victim;
}

/* Writes candidate c into LR n. */
static void place(struct vgic *g, unsigned vcpu, unsigned n,
		  const struct cand *c, uint32_t *lrv)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	struct virq *q = vgic_irq(g, vcpu, c->irq);
	uint32_t val;

	if (!q)
		return;
	val = GICH_LR_VIRTUAL_ID(c->irq) | GICH_LR_PRIORITY(q->priority) |
	      (c->active ? GICH_LR_STATE_ACTIVE : GICH_LR_STATE_PENDING);
	if (is_sgi(c->irq)) {
		val |= GICH_LR_CPUID(c->src);
		if (!c->active)
			q->sgi_sources &= (uint8_t)~(1u << c->src);
		if (c->active && blocked_pending(g, c->irq, q, val))
			val |= GICH_LR_EOI;
	} else {
		if (q->flags & VIRQ_HW)
			val |= GICH_LR_HW | GICH_LR_PHYSICAL_ID(q->hwirq);
		else if (is_level(q) ||
			 (c->active && blocked_pending(g, c->irq, q, val)))
			val |= GICH_LR_EOI;
		if (!c->active && !is_level(q))
			q->flags &= (uint8_t)~VIRQ_PENDING;
	}
	q->flags |= VIRQ_IN_LR;
	q->lr = (uint8_t)n;
	vv->lr_used |= 1u << n;
	vv->lr_irq[n] = c->irq;
	lrv[n] = val;
	gich_write_lr(n, val);
}

void vgic_flush_lrs(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	uint32_t lrv[LR_MAX] = {0}, free_lrs, hcr;
	struct topk t;
	unsigned nr, n, i;
	bool remaining, lr_pending = false;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	if (!vv->lr_used && !vv->flush_needed)
		return; /* nothing held, nothing new */
	nr = nr_lrs();
	fold_lrs(g, vcpu, lrv, nr);

	/* Active interrupts pending again: trap their completion. */
	for (n = 0; n < nr; n++) {
		uint32_t val = lrv[n];
		struct virq *q;

		if (!(vv->lr_used >> n & 1) || !(val & GICH_LR_STATE_ACTIVE) ||
		    (val & (GICH_LR_HW | GICH_LR_EOI)))
			continue;
		q = vgic_irq(g, vcpu, vv->lr_irq[n]);
		if (q && blocked_pending(g, vv->lr_irq[n], q, val)) {
			lrv[n] = val | GICH_LR_EOI;
			gich_write_lr(n, lrv[n]);
		}
	}

	memset(&t, 0, sizeof(t));
	t.max = nr;
	collect(g, vcpu, lrv, nr, &t);
	remaining = t.overflow;
	free_lrs = (uint32_t)gich_read_elsr() & lr_mask(nr) & ~vv->lr_used;
	for (i = 0; i < t.n; i++) {
		const struct cand *c = &t.c[i];
		int victim;

		if (free_lrs) {
			n = (unsigned)__builtin_ctz(free_lrs);
			free_lrs &= ~(1u << n);
		} else {
			victim = pick_victim(vv, lrv, nr, c);
			if (victim < 0) {
				remaining = true;
				break;
			}
			n = (unsigned)victim;
			take_back(g, vcpu, n, lrv[n], false);
			if (is_sgi(vv->lr_irq[n]))
				sgi_refresh(vv, lrv, nr, vv->lr_irq[n]);
			remaining = true; /* the evicted one waits */
		}
		place(g, vcpu, n, c, lrv);
	}

	for (n = 0; n < nr; n++) {
		if ((vv->lr_used >> n & 1) && (lrv[n] & GICH_LR_STATE_PENDING))
			lr_pending = true;
	}
	/* Every LR active and more waiting: NPIE would fire at once, so
	   trap the completion of the active ones instead. */
	for (n = 0; remaining && !lr_pending && n < nr; n++) {
		if ((vv->lr_used >> n & 1) &&
		    !(lrv[n] & (GICH_LR_HW | GICH_LR_EOI))) {
			lrv[n] |= GICH_LR_EOI;
			gich_write_lr(n, lrv[n]);
		}
	}
	hcr = gich_read_hcr() | GICH_HCR_EN;
	if (remaining && lr_pending)
		hcr |= GICH_HCR_NPIE;
	else
		hcr &= ~GICH_HCR_NPIE;
	gich_write_hcr(hcr);
	vv->flush_needed = remaining;
}

void vgic_sync_lrs(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	uint32_t lrv[LR_MAX] = {0}, hcr;
	unsigned nr, n;
	bool lr_pending = false;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	if (!vv->lr_used)
		return; /* no list register to fold back */
	/* Folding may take interrupts back or make level ones pending again. */
	vv->flush_needed = true;
	nr = nr_lrs();
	fold_lrs(g, vcpu, lrv, nr);
	for (n = 0; n < nr; n++) {
		if ((vv->lr_used >> n & 1) && (lrv[n] & GICH_LR_STATE_PENDING))
			lr_pending = true;
	}
	hcr = gich_read_hcr();
	if (!lr_pending && (hcr & GICH_HCR_NPIE))
		gich_write_hcr(hcr & ~GICH_HCR_NPIE);
}

void vgic_reset_vcpu(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	unsigned nr, n;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	vv->flush_needed = true; /* the first entry sets GICH_HCR up */
	nr = gich_nr_lrs();
	for (n = 0; n < nr; n++)
		gich_write_lr(n, 0);
	gich_write_vmcr(0);
	gich_write_apr(0);
	gich_write_hcr(gich_read_hcr() & ~(GICH_HCR_NPIE | GICH_HCR_UIE));
	for (n = 0; n < LR_MAX; n++) {
		struct virq *q;

		if (!(vv->lr_used >> n & 1))
			continue;
		q = vgic_irq(g, vcpu, vv->lr_irq[n]);
		if (!q)
			continue;
		if (q->flags & VIRQ_HW) {
			/* The physical interrupt stays active until a guest
			   EOI through a HW list register: deliver it again. */
			q->flags = (uint8_t)((q->flags &
					      ~(VIRQ_IN_LR | VIRQ_ACTIVE)) |
					     VIRQ_PENDING);
		} else {
			q->flags &= (uint8_t)~(VIRQ_IN_LR | VIRQ_ACTIVE |
					       VIRQ_PENDING);
		}
	}
	vv->lr_used = 0;
	memset(vv->lr_irq, 0, sizeof(vv->lr_irq));
	vv->vmcr = 0;
	vv->apr = 0;
}
