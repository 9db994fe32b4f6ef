/*
 * The list registers of the virtual GICv2 (IHI 0048B chapter 5): which
 * pending interrupts of a vCPU the hardware virtual CPU interface holds,
 * and folding back what the guest did with them.
 *
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
 * bit too, so its completion traps and the pending one follows. A level
 * interrupt gets the EOI bit while its line is high (it is pending again
 * once completed), not when only its latch made it pending (line_high()).
 *
 * Use per vCPU, on its own physical CPU: vgic_vcpu_enter() (core/vgic.c)
 * syncs and flushes before each entry; after an exit the fold waits until
 * then, or until whoever looks at the vCPU's state first (vgic_vcpu_pending()
 * for WFI, the guest's distributor accesses, which also flush at their end).
 * A maintenance interrupt needs no handling beyond causing an exit: sync
 * zeroes completed LRs (ending EOI maintenance) and clears NPIE once no LR is
 * pending, flush sets what is needed again. vgic_reset_vcpu() drops what its
 * LRs held, except that a HW interrupt stays pending: its physical interrupt
 * is still active and only a guest EOI through a HW LR deactivates it.
 *
 * Which interrupts a flush considers: the vCPU's pending set (cand_priv,
 * cand_spi), not every interrupt of the partition. Everything that can make
 * an interrupt belong in an LR marks it: vgic_irq_update() (any state
 * change), a completed or taken-back LR (fold, eviction); cand_all (init,
 * reset, GICD_CTLR.Enable set) looks at everything once. collect() drops
 * from the set what it finds in an LR or not deliverable to this vCPU.
 *
 * Everything here runs on the vCPU's own CPU, with vgic->lock held or, when
 * no SPI is involved (vgic_vcpu.private_only, core/vgic.c vcpu_lock()),
 * without it: then only the vCPU's own SGIs, PPIs and list registers are
 * touched, and SPIs wait for a flush under the lock.
 */
#include <drivers/gich.h>
#include <core/vgic.h>
#include <stddef.h>
#include <string.h>

#include "vgic_internal.h"

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


static unsigned nr_lrs(void)
{
	unsigned n = gich_nr_lrs();

	return n > LR_MAX ? LR_MAX : n;
}

static uint32_t lr_mask(unsigned nr)
{
	return nr >= 32 ? 0xffffffffu : (1u << nr) - 1;
}

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
	vgic_mark(g, vcpu, irq);
	if (is_sgi(irq)) {
		q->sgi_sources |= (uint8_t)(1u << GICH_LR_CPUID_OF(val));
		return;
	}
	q->flags &= (uint8_t)~(VIRQ_IN_LR | VIRQ_LR_PEND);
	if (!is_level(q))
		q->flags |= VIRQ_PENDING;
}

/*
 * A level interrupt's latch is consumed by the guest's acknowledge: the
 * fold that first sees its LR no longer pending clears it. Not a later one
 * (the LR was seen active: a latch set since is a new one), and a latch
 * posted while the LR was pending waits for this fold (pend_defer).
 */
static bool acked_now(const struct virq *q)
{
	return is_level(q) && !(q->flags & VIRQ_ACTIVE);
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
			vgic_mark(g, vcpu, irq); /* pending again, or a source
						    waiting behind it */
			if (!is_sgi(irq)) {
				if (acked_now(q) || (q->flags & VIRQ_LR_PEND))
					q->flags &= (uint8_t)~VIRQ_PENDING;
				q->flags &= (uint8_t)~(VIRQ_ACTIVE |
						       VIRQ_IN_LR |
						       VIRQ_LR_PEND);
				/* Pending again meanwhile (an SPI maybe for
				   another vCPU): that one must hear of it. */
				if (irq >= VGIC_NR_PRIVATE)
					vgic_irq_update(g, vcpu, irq);
			}
			break;
		case GICH_LR_STATE_PENDING:
			if (!vgic_lr_still_ok(g, vcpu, irq, q)) {
				take_back(g, vcpu, n, val, true);
				if (irq >= VGIC_NR_PRIVATE)
					vgic_irq_update(g, vcpu, irq);
				break;
			}
			if (is_sgi(irq)) {
				q->sgi_sources &=
					(uint8_t)~(1u << GICH_LR_CPUID_OF(val));
			} else {
				/* (an active and pending one: the first
				   instance completed) */
				q->flags &= (uint8_t)~(VIRQ_ACTIVE |
						       VIRQ_LR_PEND);
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
				/* acknowledged, or the instance pending
				   behind it was (completed, then acked) */
				if (acked_now(q) ||
				    ((q->flags & VIRQ_LR_PEND) &&
				     !(val & GICH_LR_STATE_PENDING)))
					q->flags &= (uint8_t)~(VIRQ_PENDING |
							       VIRQ_LR_PEND);
				q->flags |= VIRQ_ACTIVE;
			}
			break;
		}
	}
	for (; sgis; sgis &= sgis - 1)
		sgi_refresh(vv, lrv, nr, (unsigned)__builtin_ctz(sgis));
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

/* A PPI/SPI of vcpu that is not in an LR: false if it is no candidate. */
static bool consider(const struct vgic *g, struct topk *t, unsigned irq,
		     const struct virq *q)
{
	if (q->flags & VIRQ_IN_LR)
		return false; /* marked again when its LR is done */
	if (q->flags & VIRQ_ACTIVE)
		topk_add(t, irq, 0, q, true);
	else if (g->enabled && (q->flags & VIRQ_ENABLED) && pending_sw(q))
		topk_add(t, irq, 0, q, false);
	else
		return false;
	return true;
}

/* SGI irq: its (SGI, source) pairs that should be in an LR but are not. */
static bool consider_sgi(const struct vgic *g, const struct vgic_vcpu *vv,
			 const uint32_t *lrv, unsigned nr, struct topk *t,
			 unsigned irq)
{
	const struct virq *q = &vv->priv[irq];
	bool act = q->flags & VIRQ_ACTIVE, any = false;
	unsigned srcs = q->sgi_sources & vgic_vcpu_mask(g), src;

	if (act && find_pair(vv, lrv, nr, irq, q->sgi_active_src) < 0) {
		topk_add(t, irq, q->sgi_active_src & 7u, q, true);
		any = true;
	}
	if (!g->enabled)
		return any;
	for (src = 0; src < g->nr_vcpus; src++) {
		if (!(srcs >> src & 1))
			continue;
		if (act && src == q->sgi_active_src)
			continue; /* waits for the active one */
		if (find_pair(vv, lrv, nr, irq, src) >= 0)
			continue;
		topk_add(t, irq, src, q, false);
		any = true;
	}
	return any;
}

/* cand_all: every interrupt of the vCPU goes into its pending set. */
static void mark_all(struct vgic *g, struct vgic_vcpu *vv)
{
	unsigned spis = irq_limit(g) - VGIC_NR_PRIVATE, w;

	vv->cand_all = false;
	vv->cand_priv = 0xffffffffu;
	for (w = 0; w * 32 < spis; w++) {
		vv->cand_spi[w] = spis - w * 32 >= 32
					  ? 0xffffffffu
					  : (1u << (spis - w * 32)) - 1;
		vv->cand_spi_words |= 1u << w;
	}
}

/*
 * Everything that should be in one of vcpu's LRs but is not, from its
 * pending set; what turns out not to be a candidate leaves the set (it is
 * marked again when its state changes).
 */
static void collect(struct vgic *g, unsigned vcpu, const uint32_t *lrv,
		    unsigned nr, struct topk *t)
{
	struct vgic_vcpu *vv = &g->vcpu[vcpu];
	unsigned limit = irq_limit(g);
	uint32_t bits, words;

	/* Without the lock (private_only) SPIs are left alone: the pending
	   set of SPIs, and marking everything, wait for a flush under it. */
	if (vv->cand_all && !vv->private_only)
		mark_all(g, vv);
	for (bits = vv->cand_priv; bits; bits &= bits - 1) {
		unsigned irq = (unsigned)__builtin_ctz(bits);
		bool keep = is_sgi(irq)
				    ? consider_sgi(g, vv, lrv, nr, t, irq)
				    : consider(g, t, irq, &vv->priv[irq]);

		if (!keep)
			vv->cand_priv &= ~(1u << irq);
	}
	if (vv->private_only)
		return;
	for (words = vv->cand_spi_words; words; words &= words - 1) {
		unsigned w = (unsigned)__builtin_ctz(words);

		for (bits = vv->cand_spi[w]; bits; bits &= bits - 1) {
			unsigned n = (unsigned)__builtin_ctz(bits);
			unsigned irq = VGIC_NR_PRIVATE + w * 32 + n;
			const struct virq *q = &g->spi[irq - VGIC_NR_PRIVATE];

			if (irq >= limit || vgic_spi_target(g, q) != (int)vcpu ||
			    !consider(g, t, irq, q))
				vv->cand_spi[w] &= ~(1u << n);
		}
		if (!vv->cand_spi[w])
			vv->cand_spi_words &= ~(1u << w);
	}
}

/*
 * A level interrupt needs its completion trapped (GICH_LR_EOI) only while
 * its input line is high: then it is pending again once completed. One
 * made pending by its latch alone (GICD_ISPENDR, a guest timer's tick,
 * vgic_post_pending()) is consumed by the guest's acknowledge, as an edge.
 */
static bool line_high(const struct virq *q)
{
	return is_level(q) && (q->flags & VIRQ_LINE);
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
		else if (line_high(q) ||
			 (c->active && blocked_pending(g, c->irq, q, val)))
			val |= GICH_LR_EOI;
		if (!c->active && !is_level(q))
			q->flags &= (uint8_t)~VIRQ_PENDING;
	}
	q->flags |= VIRQ_IN_LR;
	q->lr = (uint8_t)n;
	q->lr_vcpu = (uint8_t)vcpu;
	vv->lr_used |= 1u << n;
	vv->lr_irq[n] = c->irq;
	lrv[n] = val;
	gich_write_lr(n, val);
}

void vgic_flush_lrs(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	uint32_t lrv[LR_MAX], free_lrs, hcr; /* read only where lr_used */
	struct topk t;
	unsigned nr, n, i;
	bool remaining, npie, lr_pending = false;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	vgic_drain_lines(g, vcpu);
	if (!vv->lr_used && !vv->flush_needed)
		return; /* nothing held, nothing new */
	nr = nr_lrs();
	fold_lrs(g, vcpu, lrv, nr);
	if (__builtin_expect(vv->pend_defer != 0, 0))
		vgic_apply_deferred(g, vcpu); /* after the fold */

	/* Active interrupts pending again, and level ones whose line rose
	   after they went in: trap their completion. A level one pending
	   again by its latch alone (a guest timer's next tick) is made
	   active and pending instead: the guest's EOI leaves it pending
	   (IHI 0048B 5.3.3), no maintenance interrupt. */
	for (n = 0; n < nr; n++) {
		uint32_t val = lrv[n];
		struct virq *q;

		if (!(vv->lr_used >> n & 1) ||
		    (val & (GICH_LR_HW | GICH_LR_EOI)))
			continue;
		q = vgic_irq(g, vcpu, vv->lr_irq[n]);
		if (!q)
			continue;
		if ((val & GICH_LR_STATE_MASK) == GICH_LR_STATE_ACTIVE &&
		    is_level(q) && !line_high(q) &&
		    blocked_pending(g, vv->lr_irq[n], q, val)) {
			lrv[n] = val | GICH_LR_STATE_PENDING;
			q->flags |= VIRQ_LR_PEND;
		} else if ((val & GICH_LR_STATE_ACTIVE) ?
				   blocked_pending(g, vv->lr_irq[n], q, val) :
				   !is_sgi(vv->lr_irq[n]) && line_high(q)) {
			lrv[n] = val | GICH_LR_EOI;
		} else {
			continue;
		}
		gich_write_lr(n, lrv[n]);
	}

	t.n = 0; /* no memset: the C library's is a byte loop */
	t.max = nr;
	t.overflow = false;
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
	/* GICH_HCR only when it changes (vv->hcr_en, hcr_npie: what this
	   code last wrote; nothing else writes EN or NPIE). */
	npie = remaining && lr_pending;
	if (!vv->hcr_en || vv->hcr_npie != npie) {
		hcr = gich_read_hcr() | GICH_HCR_EN;
		if (npie)
			hcr |= GICH_HCR_NPIE;
		else
			hcr &= ~GICH_HCR_NPIE;
		gich_write_hcr(hcr);
		vv->hcr_en = true;
		vv->hcr_npie = npie;
	}
	vv->flush_needed = remaining;
	if (!vv->private_only)
		vv->spi_posted = false; /* under the lock: all seen */
	if (!remaining) {
		/*
		 * Cleared only here. An SGI posted since the drain above whose
		 * poster set flush_needed before this store is found again:
		 * the poster's bit, barrier, flag against this store,
		 * barrier, load (core/vgic.c, post_sgi()). The same for SPI
		 * state changed for this vCPU while it flushed without the
		 * lock (vcpu_lock()).
		 */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (vgic_sgis_posted(g, vcpu) ||
		    (vv->private_only && vv->spi_posted))
			vv->flush_needed = true;
	}
	vv->lrs_fresh = true;
}

void vgic_sync_lrs(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	uint32_t lrv[LR_MAX], hcr; /* read only where lr_used */
	unsigned nr, n;
	bool lr_pending = false;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	vgic_drain_lines(g, vcpu);
	if (!vv->lr_used)
		return; /* no list register to fold back */
	/* Folding may take interrupts back or make level ones pending again. */
	vv->flush_needed = true;
	nr = nr_lrs();
	fold_lrs(g, vcpu, lrv, nr);
	if (__builtin_expect(vv->pend_defer != 0, 0))
		vgic_apply_deferred(g, vcpu); /* after the fold */
	for (n = 0; n < nr; n++) {
		if ((vv->lr_used >> n & 1) && (lrv[n] & GICH_LR_STATE_PENDING))
			lr_pending = true;
	}
	if (!lr_pending && vv->hcr_npie) {
		hcr = gich_read_hcr();
		gich_write_hcr(hcr & ~GICH_HCR_NPIE);
		vv->hcr_npie = false;
	}
}

void vgic_reset_vcpu(struct vgic *g, unsigned vcpu)
{
	struct vgic_vcpu *vv;
	unsigned nr, n;

	if (vcpu >= g->nr_vcpus)
		return;
	vv = &g->vcpu[vcpu];
	vv->flush_needed = true; /* the first entry sets GICH_HCR up */
	vv->cand_all = true;
	nr = gich_nr_lrs();
	for (n = 0; n < nr; n++)
		gich_write_lr(n, 0);
	gich_write_vmcr(0);
	gich_write_apr(0);
	gich_write_hcr(gich_read_hcr() & ~(GICH_HCR_NPIE | GICH_HCR_UIE));
	vv->hcr_npie = false;
	vv->hcr_en = (gich_read_hcr() & GICH_HCR_EN) != 0;
	vv->lrs_fresh = false;
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
					       VIRQ_PENDING | VIRQ_LR_PEND);
		}
	}
	vv->lr_used = 0;
	vv->pend_defer = 0; /* the LRs' own ticks went with them */
	memset(vv->lr_irq, 0, sizeof(vv->lr_irq));
	vv->vmcr = 0;
	vv->apr = 0;
}