/* Host unit tests for the virtual GIC state and list registers (core/vgic.c)
   against the fake GICH (tests/unit/fake_gich.c), 4 list registers. */
/* links: core/vgic.c core/vgic_lr.c core/vgic_dist.c tests/unit/fake_gich.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <drivers/gich.h>
#include <core/vgic.h>
#include <string.h>

#include "fake_gich.h"
#include "../../core/vgic_internal.h"

#define NR_VCPUS 4
#define NR_IRQS 128
#define NR_LRS 4

static struct vgic g;
static unsigned kicks[MAX_CPUS];
static unsigned kick_total;
static unsigned kick_locks; /* locks held during the last kick */

static void on_kick(void *ctx, unsigned vcpu)
{
	assert_ptr_equal(ctx, &g);
	assert_true(vcpu < NR_VCPUS);
	kicks[vcpu]++;
	kick_total++;
	kick_locks = fake_locks_held;
}

static const struct vgic_ops ops = {.kick = on_kick, .ctx = &g};

static void clear_kicks(void)
{
	memset(kicks, 0, sizeof(kicks));
	kick_total = 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&g, 0x5a, sizeof(g)); /* vgic_init must set everything */
	fake_gich_reset(NR_LRS);
	vgic_init(&g, NR_VCPUS, NR_IRQS, &ops);
	g.enabled = true;
	clear_kicks();
	kick_locks = 99;
	return 0;
}

static struct virq *irq(unsigned vcpu, unsigned n)
{
	struct virq *q = vgic_irq(&g, vcpu, n);

	assert_non_null(q);
	return q;
}

/* The sources of SGI sgi pending for vcpu: applied, or posted to it and not
   yet applied (vgic_send_sgi() posts; the target applies on its CPU). */
static unsigned sgi_srcs(unsigned vcpu, unsigned sgi)
{
	return irq(vcpu, sgi)->sgi_sources |
	       ((g.vcpu[vcpu].sgi_post[sgi / 4] >> (8 * (sgi % 4))) & 0xffu);
}

/* Enables irq with a priority; SPIs target `targets`; edge or level. */
static struct virq *setup_irq(unsigned vcpu, unsigned n, uint8_t prio,
			      uint8_t targets, bool level)
{
	struct virq *q = irq(vcpu, n);

	q->flags |= VIRQ_ENABLED;
	if (level)
		q->flags |= VIRQ_LEVEL;
	else
		q->flags &= (uint8_t)~VIRQ_LEVEL;
	q->priority = prio;
	q->targets = targets;
	return q;
}

static void flush(unsigned vcpu)
{
	fake_gich_select(vcpu);
	vgic_flush_lrs(&g, vcpu);
}

static void sync(unsigned vcpu)
{
	fake_gich_select(vcpu);
	vgic_sync_lrs(&g, vcpu);
}

static uint32_t lr_val(unsigned id, uint8_t prio, uint32_t state)
{
	return GICH_LR_VIRTUAL_ID(id) | GICH_LR_PRIORITY(prio) | state;
}

static unsigned lrs_in_use(void)
{
	unsigned n, used = 0;

	for (n = 0; n < NR_LRS; n++)
		used += (fake_lr(n) & GICH_LR_STATE_MASK) != 0;
	return used;
}

/* ------------------------------------------------------------ state */

static void test_init_defaults(void **state)
{
	unsigned v, i;

	(void)state;
	assert_int_equal(g.nr_vcpus, NR_VCPUS);
	assert_int_equal(g.nr_irqs, NR_IRQS);
	assert_ptr_equal(g.ops.kick, on_kick);
	for (v = 0; v < NR_VCPUS; v++) {
		assert_int_equal(g.vcpu[v].lr_used, 0);
		for (i = 0; i < 16; i++) {
			assert_int_equal(irq(v, i)->flags, VIRQ_ENABLED);
			assert_int_equal(sgi_srcs(v, i), 0);
		}
		for (i = 16; i < 32; i++)
			assert_int_equal(irq(v, i)->flags, VIRQ_LEVEL);
	}
	for (i = 32; i < NR_IRQS; i++) {
		assert_int_equal(irq(0, i)->flags, VIRQ_LEVEL);
		assert_int_equal(irq(0, i)->priority, 0);
		assert_int_equal(irq(0, i)->targets, VGIC_SPI_RESET_TARGETS);
	}
	vgic_init(&g, NR_VCPUS, NR_IRQS, &ops);
	assert_false(g.enabled);
	assert_int_equal(g.lock.locked, 0);
}

/*
 * A reset (SYSTEM_RESET) takes the lock itself, which another CPU may be
 * waiting for: it leaves the lock as it found it (released), keeps sizes
 * and ops, and clears the interrupt state.
 */
static void test_reset_keeps_lock(void **state)
{
	(void)state;
	irq(0, 40)->flags |= VIRQ_PENDING | VIRQ_ENABLED;
	irq(0, 40)->priority = 0x80;
	irq(1, 20)->flags |= VIRQ_ACTIVE;
	vgic_reset(&g);
	assert_int_equal(fake_locks_held, 0);
	assert_int_equal(g.lock.locked, 0); /* released */
	assert_false(g.enabled);
	assert_int_equal(g.nr_vcpus, NR_VCPUS);
	assert_int_equal(g.nr_irqs, NR_IRQS);
	assert_ptr_equal(g.ops.kick, on_kick);
	assert_ptr_equal(g.ops.ctx, &g);
	assert_int_equal(irq(0, 40)->flags, VIRQ_LEVEL);
	assert_int_equal(irq(0, 40)->priority, 0);
	assert_int_equal(irq(1, 20)->flags, VIRQ_LEVEL);
	assert_int_equal(irq(1, 3)->flags, VIRQ_ENABLED);
}

static void test_init_limits(void **state)
{
	(void)state;
	vgic_init(&g, 0, 0, NULL);
	assert_int_equal(g.nr_vcpus, 1);
	assert_int_equal(g.nr_irqs, 32);
	assert_null(g.ops.kick);
	vgic_init(&g, 9, 100, &ops);
	assert_int_equal(g.nr_vcpus, 8);
	assert_int_equal(g.nr_irqs, 128);
	vgic_init(&g, 2, 5000, &ops);
	assert_int_equal(g.nr_irqs, 1024);
	assert_non_null(vgic_irq(&g, 0, 1019));
	assert_null(vgic_irq(&g, 0, 1020));
	assert_null(vgic_irq(&g, 0, 1023));
	assert_null(vgic_irq(&g, 2, 5));  /* private IRQ of a missing vCPU */
	assert_non_null(vgic_irq(&g, 2, 32)); /* SPIs are shared */
	vgic_init(&g, 2, 64, &ops);
	assert_null(vgic_irq(&g, 0, 64));
	assert_ptr_equal(vgic_irq(&g, 1, 63), &g.spi[31]);
	assert_ptr_equal(vgic_irq(&g, 1, 5), &g.vcpu[1].priv[5]);
	assert_ptr_equal(vgic_irq(&g, 0, 5), &g.vcpu[0].priv[5]);
}

static void test_out_of_range_harmless(void **state)
{
	(void)state;
	vgic_inject(&g, 0, NR_IRQS);
	vgic_inject(&g, 0, 100000);
	vgic_inject(&g, NR_VCPUS, 20);
	vgic_set_level(&g, 0, NR_IRQS + 5, true);
	vgic_set_level(&g, 77, 20, true);
	vgic_map_hw(&g, 0, NR_IRQS, 40);
	vgic_map_hw(&g, 0, 3, 40); /* SGIs cannot be HW */
	assert_int_equal(irq(0, 3)->flags, VIRQ_ENABLED);
	vgic_send_sgi(&g, NR_VCPUS, 0x00ff0001); /* unknown source */
	vgic_flush_lrs(&g, NR_VCPUS);
	vgic_sync_lrs(&g, NR_VCPUS);
	vgic_reset_vcpu(&g, NR_VCPUS);
	assert_false(vgic_vcpu_pending(&g, NR_VCPUS));
	assert_int_equal(kick_total, 0);
	assert_int_equal(fake_locks_held, 0);
	assert_int_equal(sgi_srcs(0, 1), 0);
}

static void test_inject_sgi_id_ignored(void **state)
{
	(void)state;
	vgic_inject(&g, 0, 1);
	vgic_set_level(&g, 0, 1, true);
	assert_int_equal(irq(0, 1)->flags, VIRQ_ENABLED);
	assert_int_equal(sgi_srcs(0, 1), 0);
	assert_int_equal(kick_total, 0);
}

/* ------------------------------------------------------------ kicks */

/* A doorbell flood: one pending interrupt, one kick, until it is taken. */
static void test_inject_once_coalesces_while_pending(void **state)
{
	(void)state;
	setup_irq(0, 40, 0xa0, 0x4, false);
	assert_true(vgic_inject_once(&g, 0, 40));
	for (unsigned i = 0; i < 100; i++)
		assert_false(vgic_inject_once(&g, 0, 40));
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_total, 1);
	assert_int_equal(fake_locks_held, 0);
	assert_true(irq(0, 40)->flags & VIRQ_PENDING);
	/* taken (no longer latched): the next edge counts again */
	irq(0, 40)->flags &= (uint8_t)~VIRQ_PENDING;
	assert_true(vgic_inject_once(&g, 0, 40));
	assert_int_equal(kick_total, 2);
	/* SGIs and INTIDs out of range are refused */
	assert_false(vgic_inject_once(&g, 0, 3));
	assert_false(vgic_inject_once(&g, 0, NR_IRQS));
}

static void test_kick_under_lock_for_target(void **state)
{
	(void)state;
	setup_irq(0, 40, 0xa0, 0x4, false);
	vgic_inject(&g, 0, 40);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_total, 1);
	assert_int_equal(kick_locks, 1); /* called with the lock held */
	assert_int_equal(fake_locks_held, 0);

	/* A PPI's line is posted to its vCPU without the lock: one kick per
	   change, and the line shows once the vGIC looks at that vCPU. */
	setup_irq(3, 27, 0x10, 0, true); /* PPI of vCPU 3 */
	fake_tas_acquired = 0;
	vgic_set_level(&g, 3, 27, true);
	assert_int_equal(fake_tas_acquired, 0);
	assert_int_equal(kicks[3], 1);
	assert_int_equal(kick_locks, 0);
	vgic_set_level(&g, 3, 27, true); /* no change, no kick */
	assert_int_equal(kicks[3], 1);
	assert_true(vgic_vcpu_pending(&g, 3)); /* applies it (and kicks) */
	assert_true(irq(3, 27)->flags & VIRQ_LINE);
	clear_kicks();
	vgic_set_level(&g, 3, 27, false);
	assert_int_equal(kicks[3], 1);
	assert_false(vgic_vcpu_pending(&g, 3));
	assert_false(irq(3, 27)->flags & VIRQ_LINE);
	assert_int_equal(fake_locks_held, 0);
}

static void test_no_kick_when_not_deliverable(void **state)
{
	(void)state;
	irq(0, 40)->targets = 1; /* disabled */
	vgic_inject(&g, 0, 40);
	assert_true(irq(0, 40)->flags & VIRQ_PENDING);
	setup_irq(0, 41, 0, 0, false); /* no target */
	vgic_inject(&g, 0, 41);
	g.enabled = false;
	setup_irq(0, 42, 0, 1, false);
	vgic_inject(&g, 0, 42);
	assert_int_equal(kick_total, 0);
}

/* ------------------------------------------------- list registers */

static void test_single_edge_spi(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0xa0, 0x1, false);
	vgic_inject(&g, 0, 40);
	assert_true(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(fake_lr(0),
			 lr_val(40, 0xa0, GICH_LR_STATE_PENDING));
	assert_int_equal(lrs_in_use(), 1);
	assert_int_equal(g.vcpu[0].lr_used, 1);
	assert_int_equal(g.vcpu[0].lr_irq[0], 40);
	assert_int_equal(q->flags & (VIRQ_IN_LR | VIRQ_PENDING), VIRQ_IN_LR);
	assert_int_equal(q->lr, 0);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
	assert_int_equal(gich_read_elsr(), 0xe);
	assert_true(vgic_vcpu_pending(&g, 0));
	/* reads as pending while in the LR */
	flush(0); /* nothing new: the LR is not rewritten */
	assert_int_equal(fake_gich[0].lr_writes, 1);
}

static void test_priority_bits(void **state)
{
	(void)state;
	setup_irq(0, 20, 0xf8, 0, false);
	vgic_inject(&g, 0, 20);
	flush(0);
	assert_int_equal(fake_lr(0), 0x0f800000u | GICH_LR_STATE_PENDING | 20);
	assert_int_equal(GICH_LR_PRIORITY_OF(fake_lr(0)), 0xf8);
}

static void test_single_level_has_eoi(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(1, 33, 0x80, 0x2, true);
	vgic_set_level(&g, 1, 33, true);
	flush(1);
	assert_int_equal(fake_lr(0), lr_val(33, 0x80, GICH_LR_STATE_PENDING) |
					     GICH_LR_EOI);
	assert_true(q->flags & VIRQ_LINE);
	assert_true(q->flags & VIRQ_IN_LR);
	fake_gich_select(0);
	assert_int_equal(fake_lr(0), 0); /* vCPU 0's LRs untouched */
}

static void test_hw_interrupt(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 50, 0x40, 0x1, false);
	vgic_map_hw(&g, 0, 50, 0x3f7);
	assert_true(q->flags & VIRQ_HW);
	assert_true(q->flags & VIRQ_LEVEL);
	assert_int_equal(q->hwirq, 0x3f7);
	vgic_inject(&g, 0, 50);
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(50, 0x40, GICH_LR_STATE_PENDING) |
					     GICH_LR_HW |
					     GICH_LR_PHYSICAL_ID(0x3f7));
	assert_true(fake_guest_ack(0));
	sync(0);
	assert_true(q->flags & VIRQ_ACTIVE);
	assert_false(q->flags & VIRQ_PENDING); /* acknowledged */
	assert_true(fake_guest_eoi(0));
	assert_int_equal(fake_hw_deactivations, 1);
	assert_int_equal(fake_last_hw_deactivated, 0x3f7);
	assert_int_equal(gich_read_misr(), 0); /* HW: no EOI maintenance */
	sync(0);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR | VIRQ_PENDING),
			 0);
	assert_int_equal(g.vcpu[0].lr_used, 0);
	flush(0);
	assert_int_equal(lrs_in_use(), 0);

	/* a PPI mapped on one vCPU only */
	vgic_map_hw(&g, 2, 26, 26);
	assert_true(irq(2, 26)->flags & VIRQ_HW);
	assert_false(irq(1, 26)->flags & VIRQ_HW);
}

static void test_ack_eoi_sync_clears(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 0x1, false);
	vgic_inject(&g, 0, 40);
	flush(0);
	assert_int_equal(fake_guest_iar(), 0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x20, GICH_LR_STATE_ACTIVE));
	sync(0);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR),
			 VIRQ_ACTIVE | VIRQ_IN_LR);
	assert_false(vgic_vcpu_pending(&g, 0));
	assert_int_equal(g.vcpu[0].lr_used, 1);
	assert_true(fake_guest_eoi(0));
	sync(0);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR | VIRQ_PENDING),
			 0);
	assert_int_equal(g.vcpu[0].lr_used, 0);
	assert_int_equal(fake_lr(0), 0);
	assert_false(vgic_vcpu_pending(&g, 0));
	fake_gich[0].lr_writes = 0;
	flush(0);
	assert_int_equal(fake_gich[0].lr_writes, 0);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
}

static void test_level_still_high_pending_again(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 30, 0x20, 0, true);
	vgic_set_level(&g, 0, 30, true);
	flush(0);
	assert_int_equal(fake_guest_iar(), 0);
	assert_true(fake_guest_eoi(0));
	/* invalid with EOI = 1: maintenance, and not empty yet */
	assert_int_equal(gich_read_misr(), GICH_MISR_EOI);
	assert_int_equal(gich_read_elsr() & 1, 0);
	sync(0);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(gich_read_misr(), 0);
	assert_int_equal(gich_read_elsr(), 0xf);
	assert_false(q->flags & VIRQ_IN_LR);
	assert_true(vgic_vcpu_pending(&g, 0)); /* line still high */
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(30, 0x20, GICH_LR_STATE_PENDING) |
					     GICH_LR_EOI);
	/* now the device is quiet by the time the guest completes it */
	assert_int_equal(fake_guest_iar(), 0);
	vgic_set_level(&g, 0, 30, false);
	assert_true(fake_guest_eoi(0));
	sync(0);
	assert_false(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
	assert_int_equal(q->flags & (VIRQ_IN_LR | VIRQ_ACTIVE | VIRQ_PENDING),
			 0);
}

static void test_level_latch_cleared_by_ack(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 1, true);
	vgic_inject(&g, 0, 40); /* as GICD_ISPENDR: line low */
	flush(0);
	assert_true(q->flags & VIRQ_PENDING); /* kept until acknowledged */
	sync(0);
	assert_true(q->flags & VIRQ_IN_LR);
	assert_int_equal(fake_guest_iar(), 0);
	assert_true(fake_guest_eoi(0));
	sync(0);
	assert_int_equal(q->flags & (VIRQ_PENDING | VIRQ_IN_LR), 0);
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
}

static void test_level_line_drop_takes_back(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 31, 0x20, 0, true);
	vgic_set_level(&g, 0, 31, true);
	flush(0);
	vgic_set_level(&g, 0, 31, false);
	sync(0);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(g.vcpu[0].lr_used, 0);
	assert_false(q->flags & VIRQ_IN_LR);
	assert_false(vgic_vcpu_pending(&g, 0));
}

static void test_six_spis_four_lrs(void **state)
{
	static const uint8_t prio[6] = {0x50, 0x10, 0x30, 0x60, 0x20, 0x40};
	static const unsigned order[6] = {41, 44, 42, 45, 40, 43};
	unsigned i, got = 0;
	int n;

	(void)state;
	for (i = 0; i < 6; i++) {
		setup_irq(0, 40 + i, prio[i], 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	flush(0);
	/* the four best, best first into the free LRs */
	for (i = 0; i < 4; i++)
		assert_int_equal(fake_lr(i), lr_val(order[i], prio[order[i] - 40],
						    GICH_LR_STATE_PENDING));
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	assert_true(irq(0, 40)->flags & VIRQ_PENDING);
	assert_true(irq(0, 43)->flags & VIRQ_PENDING);
	assert_int_equal(gich_read_misr(), 0);

	/* the guest takes them in priority order */
	while ((n = fake_guest_iar()) >= 0) {
		assert_int_equal(GICH_LR_ID_OF(fake_lr((unsigned)n)),
				 order[got]);
		got++;
		if (got < 4)
			assert_int_equal(gich_read_misr(), 0);
		assert_true(fake_guest_eoi((unsigned)n));
	}
	assert_int_equal(got, 4);
	assert_int_equal(gich_read_misr(), GICH_MISR_NP);
	sync(0);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN); /* NPIE cleared */
	assert_int_equal(gich_read_misr(), 0);
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x50, GICH_LR_STATE_PENDING));
	assert_int_equal(fake_lr(1), lr_val(43, 0x60, GICH_LR_STATE_PENDING));
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
	while ((n = fake_guest_iar()) >= 0) {
		assert_int_equal(GICH_LR_ID_OF(fake_lr((unsigned)n)),
				 order[got]);
		got++;
		assert_true(fake_guest_eoi((unsigned)n));
	}
	assert_int_equal(got, 6);
	sync(0);
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
	for (i = 0; i < 6; i++)
		assert_int_equal(irq(0, 40 + i)->flags & (VIRQ_PENDING |
							  VIRQ_IN_LR |
							  VIRQ_ACTIVE), 0);
}

static void test_ties_by_intid(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < 6; i++) {
		setup_irq(0, 60 - i, 0x30, 1, false);
		vgic_inject(&g, 0, 60 - i);
	}
	setup_irq(0, 28, 0x30, 0, false);
	vgic_inject(&g, 0, 28);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 28);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(1)), 55);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(2)), 56);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(3)), 57);
}

static void test_higher_priority_evicts(void **state)
{
	static const uint8_t prio[4] = {0x40, 0x70, 0x50, 0x60};
	unsigned i;

	(void)state;
	for (i = 0; i < 4; i++) {
		setup_irq(0, 40 + i, prio[i], 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(3)), 41); /* 0x70, last */
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);

	setup_irq(0, 50, 0x10, 1, false);
	vgic_inject(&g, 0, 50);
	flush(0);
	assert_int_equal(fake_lr(3), lr_val(50, 0x10, GICH_LR_STATE_PENDING));
	assert_int_equal(g.vcpu[0].lr_irq[3], 50);
	/* the evicted one is pending in software again */
	assert_int_equal(irq(0, 41)->flags & (VIRQ_PENDING | VIRQ_IN_LR),
			 VIRQ_PENDING);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 40);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(1)), 42);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(2)), 43);

	/* equal priority does not evict (worst in an LR is now 0x60) */
	setup_irq(0, 51, 0x60, 1, false);
	vgic_inject(&g, 0, 51);
	fake_gich[0].lr_writes = 0;
	flush(0);
	assert_int_equal(fake_gich[0].lr_writes, 0);
	assert_false(irq(0, 51)->flags & VIRQ_IN_LR);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN | GICH_HCR_NPIE);

	/* a level one evicted keeps its line state, no latch */
	setup_irq(0, 52, 0x18, 1, true);
	vgic_set_level(&g, 0, 52, true);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(2)), 52); /* 43 (0x60) out */
	assert_int_equal(irq(0, 43)->flags & (VIRQ_PENDING | VIRQ_IN_LR),
			 VIRQ_PENDING);
	setup_irq(0, 53, 0x00, 1, false);
	vgic_inject(&g, 0, 53);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(1)), 53); /* 42 (0x50) out */
	setup_irq(0, 54, 0x00, 1, false);
	vgic_inject(&g, 0, 54);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 54); /* 40 (0x40) out */
	setup_irq(0, 55, 0x00, 1, false);
	vgic_inject(&g, 0, 55);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(2)), 55); /* level 52 out */
	assert_int_equal(irq(0, 52)->flags & (VIRQ_PENDING | VIRQ_IN_LR |
					      VIRQ_LINE), VIRQ_LINE);
	assert_true(vgic_vcpu_pending(&g, 0));
}

static void test_active_not_evicted(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < 4; i++) {
		setup_irq(0, 40 + i, 0x80, 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	flush(0);
	for (i = 0; i < 4; i++)
		assert_true(fake_guest_ack(i));
	sync(0);
	setup_irq(0, 50, 0x00, 1, false);
	vgic_inject(&g, 0, 50);
	flush(0);
	for (i = 0; i < 4; i++) {
		/* still there, active, and their completion now traps */
		assert_int_equal(fake_lr(i), lr_val(40 + i, 0x80,
						    GICH_LR_STATE_ACTIVE) |
						     GICH_LR_EOI);
	}
	assert_false(irq(0, 50)->flags & VIRQ_IN_LR);
	/* no NPIE: with no LR pending it would fire at once */
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
	assert_int_equal(gich_read_misr(), 0);
	assert_true(fake_guest_eoi(2));
	assert_int_equal(gich_read_misr(), GICH_MISR_EOI);
	sync(0);
	assert_int_equal(gich_read_misr(), 0);
	flush(0);
	assert_int_equal(fake_lr(2), lr_val(50, 0x00, GICH_LR_STATE_PENDING));
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);
}

static void test_active_mixed_with_pending_evicts_pending_only(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < 4; i++) {
		setup_irq(0, 40 + i, (uint8_t)(0x80 + 8 * i), 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	flush(0);
	assert_true(fake_guest_ack(3)); /* lowest priority, now active */
	setup_irq(0, 50, 0x00, 1, false);
	vgic_inject(&g, 0, 50);
	flush(0); /* folds without a sync */
	assert_int_equal(fake_lr(3), lr_val(43, 0x98, GICH_LR_STATE_ACTIVE));
	assert_int_equal(fake_lr(2), lr_val(50, 0x00, GICH_LR_STATE_PENDING));
	assert_true(irq(0, 42)->flags & VIRQ_PENDING);
	assert_true(irq(0, 43)->flags & VIRQ_ACTIVE);
}

static void test_edge_pending_again_while_active(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 1, false);
	vgic_inject(&g, 0, 40);
	flush(0);
	assert_int_equal(fake_guest_iar(), 0);
	clear_kicks();
	vgic_inject(&g, 0, 40); /* again while the guest handles it */
	assert_int_equal(kicks[0], 1);
	sync(0);
	flush(0);
	/* not delivered twice, but its completion traps */
	assert_int_equal(fake_lr(0), lr_val(40, 0x20, GICH_LR_STATE_ACTIVE) |
					     GICH_LR_EOI);
	assert_int_equal(lrs_in_use(), 1);
	assert_true(fake_guest_eoi(0));
	assert_int_equal(gich_read_misr(), GICH_MISR_EOI);
	sync(0);
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x20, GICH_LR_STATE_PENDING));
	assert_false(q->flags & VIRQ_PENDING);
}

static void test_edge_merges_while_pending_in_lr(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 1, false);
	vgic_inject(&g, 0, 40);
	flush(0);
	vgic_inject(&g, 0, 40);
	sync(0); /* still pending in the LR: the two edges are one */
	assert_false(q->flags & VIRQ_PENDING);
	assert_int_equal(fake_guest_iar(), 0);
	assert_true(fake_guest_eoi(0));
	sync(0);
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
}

/*
 * Ownership: a vCPU's SGIs, PPIs and list registers are its own, so its
 * entry and its WFI check take the partition's lock only when an SPI is
 * involved (in its list registers, in its pending set, or changed for it).
 */
static void test_private_state_takes_no_lock(void **state)
{
	int n;

	(void)state;
	fake_gich_select(1);
	vgic_vcpu_enter(&g, 1); /* after init: everything, locked */
	vgic_vcpu_exit(&g, 1);
	fake_tas_acquired = 0;
	setup_irq(1, 27, 0x20, 0, true);
	vgic_set_level(&g, 1, 27, true); /* a timer tick: posted */
	vgic_send_sgi(&g, 0, (1u << 17) | 3); /* vCPU 0 -> 1: posted */
	assert_true(vgic_vcpu_pending(&g, 1));
	vgic_vcpu_enter(&g, 1);
	assert_int_equal(fake_tas_acquired, 0);
	assert_int_equal(lrs_in_use(), 2);
	assert_false(g.vcpu[1].private_only);

	/* an SPI for vCPU 1: its next entry takes the lock, once */
	setup_irq(1, 40, 0x10, 0x2, false);
	vgic_inject(&g, 1, 40);
	assert_int_equal(fake_tas_acquired, 1);
	assert_true(g.vcpu[1].spi_posted);
	vgic_vcpu_exit(&g, 1);
	vgic_vcpu_enter(&g, 1);
	assert_int_equal(fake_tas_acquired, 2);
	assert_int_equal(lrs_in_use(), 3);
	assert_false(g.vcpu[1].spi_posted);
	/* while the SPI sits in a list register, each look is locked */
	vgic_vcpu_exit(&g, 1);
	assert_true(vgic_vcpu_pending(&g, 1));
	assert_int_equal(fake_tas_acquired, 3);
	while ((n = fake_guest_iar()) >= 0) /* the guest takes them all */
		assert_true(fake_guest_eoi((unsigned)n));
	sync(1);
	fake_tas_acquired = 0;
	vgic_vcpu_exit(&g, 1);
	vgic_vcpu_enter(&g, 1); /* the completed SPI leaves the set */
	assert_int_equal(fake_tas_acquired, 1);
	assert_int_equal(g.vcpu[1].cand_spi_words, 0);
	vgic_vcpu_exit(&g, 1);
	vgic_vcpu_enter(&g, 1); /* no SPI any more: no lock again */
	vgic_vcpu_exit(&g, 1);
	assert_false(vgic_vcpu_pending(&g, 1) &&
		     irq(1, 40)->flags & VIRQ_PENDING);
	assert_int_equal(fake_tas_acquired, 1);
}

/*
 * An SPI changed for a vCPU while that vCPU flushed without the lock is
 * not lost: the end of the flush sees spi_posted and keeps flush_needed.
 */
static void test_spi_posted_during_private_flush(void **state)
{
	(void)state;
	fake_gich_select(2);
	vgic_vcpu_enter(&g, 2);
	vgic_vcpu_exit(&g, 2);
	setup_irq(2, 5, 0x20, 0, false);
	vgic_send_sgi(&g, 2, (1u << 18) | 5);
	/* as if another CPU made SPI 50 pending for vCPU 2 in the middle of
	   vCPU 2's unlocked flush */
	setup_irq(0, 50, 0x20, 0x4, false);
	g.vcpu[2].private_only = true;
	irq(0, 50)->flags |= VIRQ_PENDING;
	vgic_irq_update(&g, 2, 50);
	vgic_flush_lrs(&g, 2);
	g.vcpu[2].private_only = false;
	assert_int_equal(lrs_in_use(), 1); /* the SGI only */
	assert_true(g.vcpu[2].flush_needed);
	assert_true(vgic_flush_pending(&g, 2));
	vgic_vcpu_enter(&g, 2);
	assert_int_equal(lrs_in_use(), 2);
}

static void test_sgi_two_sources(void **state)
{
	struct virq *q = irq(2, 3);
	int a, b;

	(void)state;
	q->priority = 0x10;
	vgic_send_sgi(&g, 0, (1u << 18) | 3); /* list: vCPU 2 */
	vgic_send_sgi(&g, 1, (1u << 18) | 3);
	assert_int_equal(sgi_srcs(2, 3), 0x3);
	assert_int_equal(kicks[2], 2);
	assert_int_equal(kick_total, 2);
	assert_true(vgic_vcpu_pending(&g, 2));
	flush(2);
	assert_int_equal(fake_lr(0), lr_val(3, 0x10, GICH_LR_STATE_PENDING) |
					     GICH_LR_CPUID(0));
	assert_int_equal(fake_lr(1), lr_val(3, 0x10, GICH_LR_STATE_PENDING) |
					     GICH_LR_CPUID(1));
	assert_int_equal(q->sgi_sources, 0);
	assert_true(q->flags & VIRQ_IN_LR);
	fake_gich_select(0);
	assert_int_equal(lrs_in_use(), 0);
	fake_gich_select(2);

	a = fake_guest_iar();
	assert_int_equal(a, 0);
	assert_int_equal(fake_guest_iar(), -1); /* same priority: waits */
	sync(2);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR),
			 VIRQ_ACTIVE | VIRQ_IN_LR);
	assert_int_equal(q->sgi_active_src, 0);
	assert_true(fake_guest_eoi((unsigned)a));
	sync(2);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR), VIRQ_IN_LR);
	assert_true(vgic_vcpu_pending(&g, 2));
	b = fake_guest_iar();
	assert_int_equal(b, 1);
	sync(2);
	assert_int_equal(q->sgi_active_src, 1);
	assert_true(q->flags & VIRQ_ACTIVE);
	assert_true(fake_guest_eoi((unsigned)b));
	sync(2);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR), 0);
	assert_int_equal(g.vcpu[2].lr_used, 0);
	assert_false(vgic_vcpu_pending(&g, 2));
}

static void test_sgi_same_source_while_active(void **state)
{
	struct virq *q = irq(1, 7);

	(void)state;
	vgic_send_sgi(&g, 0, (1u << 17) | 7);
	flush(1);
	assert_int_equal(fake_guest_iar(), 0);
	vgic_send_sgi(&g, 0, (1u << 17) | 7);
	assert_int_equal(sgi_srcs(1, 7), 1);
	sync(1);
	flush(1);
	assert_int_equal(lrs_in_use(), 1); /* one LR per (SGI, source) */
	assert_int_equal(fake_lr(0), lr_val(7, 0, GICH_LR_STATE_ACTIVE) |
					     GICH_LR_CPUID(0) | GICH_LR_EOI);
	assert_true(fake_guest_eoi(0));
	sync(1);
	flush(1);
	assert_int_equal(fake_lr(0), lr_val(7, 0, GICH_LR_STATE_PENDING) |
					     GICH_LR_CPUID(0));
	assert_int_equal(q->sgi_sources, 0);

	/* a second SGI from a third vCPU gets its own LR at once */
	vgic_send_sgi(&g, 3, (1u << 17) | 7);
	flush(1);
	assert_int_equal(fake_lr(1), lr_val(7, 0, GICH_LR_STATE_PENDING) |
					     GICH_LR_CPUID(3));
}

static void test_sgi_filters(void **state)
{
	unsigned v;

	(void)state;
	vgic_send_sgi(&g, 1, (1u << 24) | 2); /* all but 1 */
	for (v = 0; v < NR_VCPUS; v++)
		assert_int_equal(sgi_srcs(v, 2), v == 1 ? 0 : 0x2);
	assert_int_equal(kicks[0] + kicks[2] + kicks[3], 3);
	assert_int_equal(kicks[1], 0);
	clear_kicks();
	vgic_send_sgi(&g, 3, (2u << 24) | 0xff0000u | 4); /* only self */
	assert_int_equal(sgi_srcs(3, 4), 0x8);
	assert_int_equal(sgi_srcs(0, 4), 0);
	assert_int_equal(kicks[3], 1);
	assert_int_equal(kick_total, 1);
	clear_kicks();
	vgic_send_sgi(&g, 0, (3u << 24) | 0xff0000u | 5); /* reserved */
	for (v = 0; v < NR_VCPUS; v++)
		assert_int_equal(sgi_srcs(v, 5), 0);
	vgic_send_sgi(&g, 0, 0xf00000u | 6); /* list beyond 4 vCPUs */
	for (v = 0; v < NR_VCPUS; v++)
		assert_int_equal(sgi_srcs(v, 6), 0);
	assert_int_equal(g.vcpu[4].priv[6].sgi_sources, 0);
	assert_int_equal(kick_total, 0);
	vgic_send_sgi(&g, 2, 0xff0000u | 0x8000u | 0xfu); /* SGI 15, NSATT */
	for (v = 0; v < NR_VCPUS; v++)
		assert_int_equal(sgi_srcs(v, 15), 0x4);
	assert_int_equal(g.vcpu[5].priv[15].sgi_sources, 0);
	assert_int_equal(kick_total, 4);
}

static void test_distributor_disabled(void **state)
{
	(void)state;
	g.enabled = false;
	setup_irq(0, 40, 0x20, 1, false);
	vgic_inject(&g, 0, 40);
	vgic_send_sgi(&g, 1, (1u << 16) | 1);
	setup_irq(0, 20, 0x20, 0, true);
	vgic_set_level(&g, 0, 20, true);
	assert_int_equal(kick_total, 1); /* PPI lines are posted: it looks */
	assert_false(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
	assert_int_equal(fake_gich[0].lr_writes, 0);
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN);

	g.enabled = true;
	vgic_ctlr_update(&g); /* as a GICD_CTLR write does */
	assert_true(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(lrs_in_use(), 3);

	/* disabled again: the pending LRs are taken back at the next sync */
	g.enabled = false;
	sync(0);
	assert_int_equal(lrs_in_use(), 0);
	assert_int_equal(g.vcpu[0].lr_used, 0);
	assert_true(irq(0, 40)->flags & VIRQ_PENDING);
	assert_int_equal(sgi_srcs(0, 1), 0x2);
	assert_false(irq(0, 1)->flags & VIRQ_IN_LR);
	assert_false(vgic_vcpu_pending(&g, 0));
}

static void test_disabled_irq(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 1, false);
	q->flags &= (uint8_t)~VIRQ_ENABLED;
	vgic_inject(&g, 0, 40);
	assert_false(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
	q->flags |= VIRQ_ENABLED;
	vgic_irq_update(&g, 0, 40); /* as an ISENABLER write does */
	assert_true(vgic_vcpu_pending(&g, 0));
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x20, GICH_LR_STATE_PENDING));
	/* disabled while pending in an LR: taken back, still pending */
	q->flags &= (uint8_t)~VIRQ_ENABLED;
	sync(0);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(q->flags & (VIRQ_PENDING | VIRQ_IN_LR), VIRQ_PENDING);
	q->flags |= VIRQ_ENABLED;
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x20, GICH_LR_STATE_PENDING));
}

/* Pending, in a list register or active (what a HW interrupt's owner asks). */
static bool in_flight(unsigned vcpu, unsigned n)
{
	const struct virq *q = irq(vcpu, n);

	return (q->flags & (VIRQ_PENDING | VIRQ_IN_LR | VIRQ_ACTIVE)) ||
	       ((q->flags & (VIRQ_LEVEL | VIRQ_LINE)) ==
		(VIRQ_LEVEL | VIRQ_LINE));
}

/*
 * A guest timer's tick (core/irq.c): the hypervisor masked the timer, so
 * the tick is a latch on the level PPI, posted without the lock; its LR has
 * no EOI bit (no maintenance interrupt) and the guest's acknowledge
 * consumes it. A tick while the last one is still active (a guest catching
 * up) makes that LR active and pending: the guest's EOI leaves it pending,
 * again without maintenance.
 */
static void test_timer_tick_latch_without_eoi(void **state)
{
	int n;

	(void)state;
	setup_irq(1, 27, 0xa0, 0, true);
	fake_tas_acquired = 0;
	vgic_post_pending(&g, 1, 27);
	assert_int_equal(fake_tas_acquired, 0);
	assert_int_equal(kicks[1], 1);
	assert_int_equal(kick_locks, 0);
	assert_true(g.vcpu[1].flush_needed);
	flush(1);
	n = fake_find_lr(27, -1);
	assert_true(n >= 0);
	assert_int_equal(fake_lr((unsigned)n),
			 lr_val(27, 0xa0, GICH_LR_STATE_PENDING));
	assert_true(fake_guest_ack((unsigned)n));
	sync(1);
	assert_int_equal(irq(1, 27)->flags & (VIRQ_PENDING | VIRQ_ACTIVE),
			 VIRQ_ACTIVE);
	/* the next tick, before the EOI: active and pending, no EOI bit */
	vgic_post_pending(&g, 1, 27);
	flush(1);
	assert_int_equal(fake_lr((unsigned)n),
			 lr_val(27, 0xa0, GICH_LR_STATE_ACTIVE |
					  GICH_LR_STATE_PENDING));
	sync(1); /* nothing changed: still one tick behind the active one */
	assert_int_equal(irq(1, 27)->flags & (VIRQ_PENDING | VIRQ_ACTIVE),
			 VIRQ_PENDING | VIRQ_ACTIVE);
	assert_true(fake_guest_eoi((unsigned)n));
	assert_int_equal(fake_lr((unsigned)n),
			 lr_val(27, 0xa0, GICH_LR_STATE_PENDING));
	assert_true(fake_guest_ack((unsigned)n)); /* before any fold */
	flush(1); /* the second one acknowledged: its latch is consumed */
	assert_int_equal(irq(1, 27)->flags & (VIRQ_PENDING | VIRQ_ACTIVE),
			 VIRQ_ACTIVE);
	/* a third, behind the second */
	vgic_post_pending(&g, 1, 27);
	flush(1);
	assert_true(fake_lr((unsigned)n) & GICH_LR_STATE_PENDING);
	assert_true(fake_guest_eoi((unsigned)n));
	sync(1); /* seen pending: the second completed */
	assert_true(fake_guest_ack((unsigned)n));
	assert_true(fake_guest_eoi((unsigned)n));
	assert_false(fake_lr((unsigned)n) & GICH_LR_STATE_MASK);
	sync(1);
	assert_false(in_flight(1, 27));
	assert_false(vgic_vcpu_pending(&g, 1));
	assert_false(in_flight(0, 27)); /* banked per vCPU */
	assert_int_equal(fake_locks_held, 0);
}

/* A level interrupt in an LR by its latch alone whose line then rises:
   its completion must trap, the line makes it pending again. */
static void test_level_line_rising_sets_eoi(void **state)
{
	int n;

	(void)state;
	setup_irq(0, 52, 0x80, 1, true);
	vgic_inject(&g, 0, 52); /* as GICD_ISPENDR */
	flush(0);
	n = fake_find_lr(52, -1);
	assert_true(n >= 0);
	assert_false(fake_lr((unsigned)n) & GICH_LR_EOI);
	vgic_set_level(&g, 0, 52, true);
	flush(0);
	assert_true(fake_lr((unsigned)n) & GICH_LR_EOI);
	assert_true(fake_guest_ack((unsigned)n));
	assert_true(fake_guest_eoi((unsigned)n));
	flush(0);
	assert_true(fake_find_lr(52, -1) >= 0); /* the line is still high */
}

/* A vCPU's start drops a tick latched before it stopped. */
static void test_cancel_pending(void **state)
{
	(void)state;
	setup_irq(2, 30, 0x80, 0, true);
	vgic_post_pending(&g, 2, 30); /* not yet applied */
	vgic_cancel_pending(&g, 2, 30);
	assert_false(in_flight(2, 30));
	assert_false(vgic_vcpu_pending(&g, 2));
	vgic_post_pending(&g, 2, 30);
	assert_true(vgic_vcpu_pending(&g, 2)); /* applied */
	vgic_cancel_pending(&g, 2, 30);
	assert_false(vgic_vcpu_pending(&g, 2));
	vgic_cancel_pending(&g, 2, 5); /* an SGI: nothing */
	vgic_post_pending(&g, 2, 40);  /* not a PPI: nothing */
	assert_false(irq(2, 40)->flags & VIRQ_PENDING);
	assert_int_equal(fake_locks_held, 0);
}

/*
 * A HW interrupt behaves as an edge in the vGIC: the physical one stays
 * active until the guest's EOI, so completing it must not re-pend it.
 */
static void test_hw_interrupt_not_repended_after_eoi(void **state)
{
	(void)state;
	setup_irq(0, 40, 0x80, 1, true);
	vgic_map_hw(&g, 0, 40, 40);
	vgic_inject(&g, 0, 40);
	flush(0);
	assert_true(fake_lr(0) & GICH_LR_HW);
	assert_int_equal(fake_guest_iar(), 0);
	assert_true(fake_guest_eoi(0));
	sync(0);
	assert_false(in_flight(0, 40));
	assert_false(vgic_vcpu_pending(&g, 0));
}

/* A HW interrupt taken back while only pending keeps its pending state. */
static void test_hw_interrupt_pending_kept_when_disabled(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 41, 0x80, 1, true);
	vgic_map_hw(&g, 0, 41, 41);
	vgic_inject(&g, 0, 41);
	flush(0);
	assert_int_equal(lrs_in_use(), 1);
	q->flags &= (uint8_t)~VIRQ_ENABLED; /* the guest disables it */
	sync(0);
	flush(0);
	assert_int_equal(lrs_in_use(), 0);
	assert_true(in_flight(0, 41)); /* still pending */
	q->flags |= VIRQ_ENABLED;
	vgic_irq_update(&g, 0, 41);
	flush(0);
	assert_int_equal(lrs_in_use(), 1);
}

static void test_vcpu_pending(void **state)
{
	(void)state;
	assert_false(vgic_vcpu_pending(&g, 0));
	setup_irq(0, 40, 0x20, 0x2, false);
	vgic_inject(&g, 0, 40);
	assert_false(vgic_vcpu_pending(&g, 0));
	assert_true(vgic_vcpu_pending(&g, 1));
	assert_false(vgic_vcpu_pending(&g, 2));
	flush(1);
	assert_true(vgic_vcpu_pending(&g, 1)); /* pending in an LR */
	assert_false(vgic_vcpu_pending(&g, 0));
	assert_true(fake_guest_ack(0));
	sync(1);
	assert_false(vgic_vcpu_pending(&g, 1)); /* active only */
	vgic_inject(&g, 0, 40);
	assert_false(vgic_vcpu_pending(&g, 1)); /* not until completed */
	assert_true(fake_guest_eoi(0));
	sync(1);
	assert_true(vgic_vcpu_pending(&g, 1));
	/* a private one of vCPU 3 */
	setup_irq(3, 16, 0, 0, false);
	vgic_inject(&g, 3, 16);
	assert_true(vgic_vcpu_pending(&g, 3));
	assert_false(vgic_vcpu_pending(&g, 2));
	/* an SGI */
	vgic_send_sgi(&g, 0, 1u << 18);
	assert_true(vgic_vcpu_pending(&g, 2));
}

static void test_spi_routing(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 70, 0x20, 0x6, false); /* vCPUs 1 and 2 */
	vgic_inject(&g, 0, 70);
	assert_int_equal(kicks[1], 1); /* the lowest target only */
	assert_int_equal(kick_total, 1);
	flush(0);
	flush(2);
	fake_gich_select(0);
	assert_int_equal(lrs_in_use(), 0);
	fake_gich_select(2);
	assert_int_equal(lrs_in_use(), 0);
	flush(1);
	assert_int_equal(fake_lr(0), lr_val(70, 0x20, GICH_LR_STATE_PENDING));
	assert_false(vgic_vcpu_pending(&g, 2));

	/* retargeted while pending in vCPU 1's LR: vCPU 1 gives it back and
	   vCPU 0 gets it */
	clear_kicks();
	q->targets = 0x1;
	flush(0);
	fake_gich_select(0);
	assert_int_equal(lrs_in_use(), 0); /* still held by vCPU 1 */
	sync(1);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kick_total, 1);
	assert_true(vgic_vcpu_pending(&g, 0));
	assert_false(vgic_vcpu_pending(&g, 1));
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(70, 0x20, GICH_LR_STATE_PENDING));

	/* an active SPI stays with its vCPU until completed */
	assert_true(fake_guest_ack(0));
	sync(0);
	q->targets = 0x8;
	sync(0);
	assert_true(q->flags & VIRQ_ACTIVE);
	vgic_inject(&g, 0, 70);
	flush(3);
	assert_int_equal(lrs_in_use(), 0);
	fake_gich_select(0);
	assert_true(fake_guest_eoi(0));
	sync(0);
	flush(3);
	assert_int_equal(fake_lr(0), lr_val(70, 0x20, GICH_LR_STATE_PENDING));

	/* no target: nobody */
	q = setup_irq(0, 71, 0, 0, false);
	vgic_inject(&g, 0, 71);
	flush(0);
	assert_false(q->flags & VIRQ_IN_LR);
	q->targets = 0xf0; /* vCPUs that do not exist */
	flush(0);
	assert_false(q->flags & VIRQ_IN_LR);
}

/* A guest that never writes GICD_ITARGETSR gets its SPIs on vCPU 0. */
static void test_spi_reset_target_is_vcpu0(void **state)
{
	struct virq *q = irq(0, 90);

	(void)state;
	vgic_map_hw(&g, 0, 90, 90);
	q->flags |= VIRQ_ENABLED; /* all the guest did: GICD_ISENABLER */
	vgic_inject(&g, 0, 90);
	assert_int_equal(kicks[0], 1);
	assert_true(vgic_vcpu_pending(&g, 0));
	assert_false(vgic_vcpu_pending(&g, 1));
	flush(1);
	assert_int_equal(lrs_in_use(), 0);
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(90, 0, GICH_LR_STATE_PENDING) |
					     GICH_LR_HW |
					     GICH_LR_PHYSICAL_ID(90));
}

static void test_priority_change_rewrites_pending_lr(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 40, 0x20, 1, false);
	vgic_inject(&g, 0, 40);
	flush(0);
	q->priority = 0xa8;
	sync(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0xa8, GICH_LR_STATE_PENDING));
}

static void test_active_goes_back_into_lr(void **state)
{
	struct virq *q;

	(void)state;
	q = setup_irq(0, 20, 0x30, 0, false);
	q->flags |= VIRQ_ACTIVE; /* e.g. GICD_ISACTIVER */
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(20, 0x30, GICH_LR_STATE_ACTIVE));
	assert_true(fake_guest_eoi(0));
	sync(0);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR), 0);

	/* an active one goes in before higher-priority pending ones */
	for (unsigned i = 0; i < 4; i++) {
		setup_irq(0, 40 + i, 0x00, 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	q->flags |= VIRQ_ACTIVE;
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(20, 0x30, GICH_LR_STATE_ACTIVE));
	assert_int_equal(fake_gich[0].hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	assert_true(irq(0, 43)->flags & VIRQ_PENDING);
}

static void test_sgi_active_goes_back_into_lr(void **state)
{
	struct virq *q = irq(1, 4);

	(void)state;
	q->flags |= VIRQ_ACTIVE; /* e.g. GICD_ISACTIVER, source 2 */
	q->sgi_active_src = 2;
	q->priority = 0x40;
	vgic_send_sgi(&g, 2, (1u << 17) | 4); /* the same pair again */
	flush(1);
	assert_int_equal(lrs_in_use(), 1);
	assert_int_equal(fake_lr(0), lr_val(4, 0x40, GICH_LR_STATE_ACTIVE) |
					     GICH_LR_CPUID(2) | GICH_LR_EOI);
	assert_int_equal(q->sgi_sources, 0x4);
	assert_true(fake_guest_eoi(0));
	sync(1);
	assert_int_equal(q->flags & (VIRQ_ACTIVE | VIRQ_IN_LR), 0);
	flush(1);
	assert_int_equal(fake_lr(0), lr_val(4, 0x40, GICH_LR_STATE_PENDING) |
					     GICH_LR_CPUID(2));
	assert_int_equal(q->sgi_sources, 0);
}

static void test_reset_vcpu(void **state)
{
	struct virq *a, *b, *h, *s;

	(void)state;
	a = setup_irq(1, 40, 0x10, 2, false);
	b = setup_irq(1, 17, 0x20, 0, true);
	h = setup_irq(1, 50, 0x30, 2, false);
	vgic_map_hw(&g, 1, 50, 60);
	s = irq(1, 2);
	vgic_inject(&g, 1, 40);
	vgic_set_level(&g, 1, 17, true);
	vgic_inject(&g, 1, 50);
	vgic_send_sgi(&g, 0, (1u << 17) | 2);
	flush(1);
	assert_int_equal(lrs_in_use(), 4);
	assert_true(fake_guest_ack(0));
	assert_int_equal(GICH_LR_ID_OF(fake_lr(3)), 50);
	assert_true(fake_guest_ack(3));
	sync(1);
	assert_int_equal(h->flags & (VIRQ_ACTIVE | VIRQ_PENDING), VIRQ_ACTIVE);
	fake_gich[1].vmcr = 0x1234;
	fake_gich[1].apr = 0x8;
	g.vcpu[1].vmcr = 0x1234;
	g.vcpu[1].apr = 0x8;
	fake_gich[1].hcr |= GICH_HCR_NPIE | GICH_HCR_UIE;
	fake_gich_select(1);
	vgic_reset_vcpu(&g, 1);
	assert_int_equal(lrs_in_use(), 0);
	for (unsigned n = 0; n < NR_LRS; n++)
		assert_int_equal(fake_lr(n), 0);
	assert_int_equal(fake_gich[1].vmcr, 0);
	assert_int_equal(fake_gich[1].apr, 0);
	assert_int_equal(fake_gich[1].hcr, GICH_HCR_EN);
	assert_int_equal(g.vcpu[1].lr_used, 0);
	assert_int_equal(g.vcpu[1].vmcr, 0);
	assert_int_equal(g.vcpu[1].apr, 0);
	assert_int_equal(a->flags & (VIRQ_IN_LR | VIRQ_ACTIVE | VIRQ_PENDING),
			 0);
	assert_int_equal(b->flags & (VIRQ_IN_LR | VIRQ_PENDING), 0);
	assert_int_equal(s->flags & (VIRQ_IN_LR | VIRQ_ACTIVE), 0);
	assert_int_equal(s->sgi_sources, 0);
	/* HW: the physical interrupt is still active, deliver it again */
	assert_int_equal(h->flags & (VIRQ_IN_LR | VIRQ_PENDING), VIRQ_PENDING);
	/* the level line is still high: pending again */
	assert_true(vgic_vcpu_pending(&g, 1));
	flush(1);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 17);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(1)), 50);
	assert_int_equal(lrs_in_use(), 2);
}

static void test_npie_cleared_by_sync_only_without_pending(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < 5; i++) {
		setup_irq(0, 40 + i, (uint8_t)(8 * i), 1, false);
		vgic_inject(&g, 0, 40 + i);
	}
	flush(0);
	assert_true(fake_gich[0].hcr & GICH_HCR_NPIE);
	assert_true(fake_guest_ack(0));
	sync(0); /* LRs 1-3 still pending */
	assert_true(fake_gich[0].hcr & GICH_HCR_NPIE);
	for (i = 1; i < 4; i++)
		assert_true(fake_guest_ack(i));
	sync(0);
	assert_false(fake_gich[0].hcr & GICH_HCR_NPIE);
	assert_true(fake_gich[0].hcr & GICH_HCR_EN);
}

static void test_one_list_register(void **state)
{
	(void)state;
	fake_gich_reset(1);
	setup_irq(0, 40, 0x40, 1, false);
	setup_irq(0, 41, 0x20, 1, false);
	vgic_inject(&g, 0, 40);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 40);
	vgic_inject(&g, 0, 41);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 41);
	assert_true(fake_gich[0].hcr & GICH_HCR_NPIE);
	assert_int_equal(fake_guest_iar(), 0);
	assert_true(fake_guest_eoi(0));
	assert_int_equal(gich_read_misr(), GICH_MISR_NP);
	sync(0);
	flush(0);
	assert_int_equal(fake_lr(0), lr_val(40, 0x40, GICH_LR_STATE_PENDING));
	assert_false(fake_gich[0].hcr & GICH_HCR_NPIE);
}

/* ------------------------------------------------------ pending set */

/*
 * A flush looks at the vCPU's pending set only: an interrupt enters it when
 * its state changes (through the vGIC's functions) and leaves it once a
 * flush found it in a list register or not deliverable.
 */
static void test_pending_set(void **state)
{
	struct virq *q;

	(void)state;
	flush(0); /* cand_all after init: everything looked at once */
	assert_false(g.vcpu[0].cand_all);
	assert_int_equal(g.vcpu[0].cand_spi_words, 0);
	setup_irq(0, 100, 0x40, 0x1, false);
	vgic_inject(&g, 0, 100);
	assert_true(g.vcpu[0].cand_spi[(100 - 32) / 32] >> ((100 - 32) % 32) & 1);
	flush(0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 100);
	flush(0); /* in an LR: it leaves the set */
	assert_int_equal(g.vcpu[0].cand_spi_words, 0);

	/* pending but disabled: leaves the set, comes back when enabled */
	q = setup_irq(0, 101, 0x40, 0x1, false);
	q->flags &= (uint8_t)~VIRQ_ENABLED;
	vgic_inject(&g, 0, 101);
	flush(0);
	assert_int_equal(g.vcpu[0].cand_spi_words, 0);
	assert_int_equal(fake_find_lr(101, -1), -1);
	q->flags |= VIRQ_ENABLED;
	vgic_irq_update(&g, 0, 101); /* as GICD_ISENABLER does */
	flush(0);
	assert_true(fake_find_lr(101, -1) >= 0);

	/* completed level interrupt with its line still high: marked again */
	setup_irq(0, 25, 0x40, 0, true);
	vgic_set_level(&g, 0, 25, true);
	flush(0);
	assert_true(fake_guest_ack((unsigned)fake_find_lr(25, -1)));
	assert_true(fake_guest_eoi((unsigned)fake_find_lr(25, -1)));
	sync(0);
	assert_true(g.vcpu[0].cand_priv >> 25 & 1);
	flush(0);
	assert_true(fake_find_lr(25, -1) >= 0);
}

/* ------------------------------------------------------- run loop */

/*
 * vgic_vcpu_enter() locks at most once, and not at all with nothing in
 * flight or when the guest has not run since the list registers were
 * written.
 */
static void test_vcpu_enter_locks_once(void **state)
{
	(void)state;
	fake_gich_select(0);
	vgic_vcpu_enter(&g, 0); /* first entry sets GICH_HCR up */
	fake_tas_acquired = 0;
	vgic_vcpu_exit(&g, 0);
	vgic_vcpu_enter(&g, 0);
	assert_int_equal(fake_tas_acquired, 0);

	setup_irq(0, 40, 0x40, 0x1, false);
	vgic_inject(&g, 0, 40); /* one lock */
	vgic_vcpu_enter(&g, 0);
	assert_int_equal(fake_tas_acquired, 2);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 40);
	vgic_vcpu_enter(&g, 0); /* the guest has not run */
	assert_int_equal(fake_tas_acquired, 2);
	vgic_vcpu_exit(&g, 0);
	vgic_vcpu_enter(&g, 0); /* it may have taken it: fold */
	assert_int_equal(fake_tas_acquired, 3);
	assert_int_equal(fake_locks_held, 0);
}

/*
 * A posted tick is loaded at the next entry, without the lock: a PPI is
 * the vCPU's own (per-vCPU ownership).
 */
static void test_vcpu_enter_posted_latch(void **state)
{
	(void)state;
	fake_gich_select(1);
	vgic_vcpu_enter(&g, 1); /* first entry sets GICH_HCR up */
	setup_irq(1, 27, 0x40, 0, true);
	fake_tas_acquired = 0;
	vgic_post_pending(&g, 1, 27);
	vgic_vcpu_enter(&g, 1);
	assert_int_equal(fake_tas_acquired, 0);
	assert_int_equal(fake_lr(0), lr_val(27, 0x40, GICH_LR_STATE_PENDING));
	assert_int_equal(fake_locks_held, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_defaults, setup),
		cmocka_unit_test_setup(test_pending_set, setup),
		cmocka_unit_test_setup(test_vcpu_enter_locks_once, setup),
		cmocka_unit_test_setup(test_vcpu_enter_posted_latch, setup),
		cmocka_unit_test_setup(test_init_limits, setup),
		cmocka_unit_test_setup(test_spi_reset_target_is_vcpu0, setup),
		cmocka_unit_test_setup(test_reset_keeps_lock, setup),
		cmocka_unit_test_setup(test_out_of_range_harmless, setup),
		cmocka_unit_test_setup(test_inject_sgi_id_ignored, setup),
		cmocka_unit_test_setup(test_inject_once_coalesces_while_pending,
				       setup),
		cmocka_unit_test_setup(test_kick_under_lock_for_target, setup),
		cmocka_unit_test_setup(test_no_kick_when_not_deliverable, setup),
		cmocka_unit_test_setup(test_single_edge_spi, setup),
		cmocka_unit_test_setup(test_priority_bits, setup),
		cmocka_unit_test_setup(test_single_level_has_eoi, setup),
		cmocka_unit_test_setup(test_hw_interrupt, setup),
		cmocka_unit_test_setup(test_ack_eoi_sync_clears, setup),
		cmocka_unit_test_setup(test_level_still_high_pending_again,
				       setup),
		cmocka_unit_test_setup(test_level_latch_cleared_by_ack, setup),
		cmocka_unit_test_setup(test_level_line_drop_takes_back, setup),
		cmocka_unit_test_setup(test_six_spis_four_lrs, setup),
		cmocka_unit_test_setup(test_ties_by_intid, setup),
		cmocka_unit_test_setup(test_higher_priority_evicts, setup),
		cmocka_unit_test_setup(test_active_not_evicted, setup),
		cmocka_unit_test_setup(
			test_active_mixed_with_pending_evicts_pending_only,
			setup),
		cmocka_unit_test_setup(test_edge_pending_again_while_active,
				       setup),
		cmocka_unit_test_setup(test_edge_merges_while_pending_in_lr,
				       setup),
		cmocka_unit_test_setup(test_private_state_takes_no_lock, setup),
		cmocka_unit_test_setup(test_spi_posted_during_private_flush,
				       setup),
		cmocka_unit_test_setup(test_sgi_two_sources, setup),
		cmocka_unit_test_setup(test_sgi_same_source_while_active, setup),
		cmocka_unit_test_setup(test_sgi_filters, setup),
		cmocka_unit_test_setup(test_distributor_disabled, setup),
		cmocka_unit_test_setup(test_disabled_irq, setup),
		cmocka_unit_test_setup(test_timer_tick_latch_without_eoi,
				       setup),
		cmocka_unit_test_setup(test_level_line_rising_sets_eoi, setup),
		cmocka_unit_test_setup(test_cancel_pending, setup),
		cmocka_unit_test_setup(test_hw_interrupt_not_repended_after_eoi,
				       setup),
		cmocka_unit_test_setup(
			test_hw_interrupt_pending_kept_when_disabled, setup),
		cmocka_unit_test_setup(test_vcpu_pending, setup),
		cmocka_unit_test_setup(test_spi_routing, setup),
		cmocka_unit_test_setup(test_priority_change_rewrites_pending_lr,
				       setup),
		cmocka_unit_test_setup(test_active_goes_back_into_lr, setup),
		cmocka_unit_test_setup(test_sgi_active_goes_back_into_lr,
				       setup),
		cmocka_unit_test_setup(test_reset_vcpu, setup),
		cmocka_unit_test_setup(
			test_npie_cleared_by_sync_only_without_pending, setup),
		cmocka_unit_test_setup(test_one_list_register, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
