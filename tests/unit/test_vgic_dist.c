/* Host unit tests for the emulated GICv2 distributor (core/vgic_dist.c). */
/* links: core/vgic_dist.c core/vgic.c core/vgic_lr.c tests/unit/fake_gich.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <drivers/gich.h>
#include <hw/gicv2.h>
#include <core/vgic.h>
#include <string.h>

#include "fake_gich.h"
#include "../../core/vgic_internal.h"

#define NR_VCPUS 4
#define NR_IRQS 128

static struct vgic g;
static unsigned kicks[MAX_CPUS];
static unsigned kick_total;
static unsigned kick_locks;
static unsigned hw_enable_calls, hw_enable_irq;
static bool hw_enable_on;
static unsigned hw_route_calls, hw_route_irq, hw_route_vcpu;

static void on_kick(void *ctx, unsigned vcpu)
{
	assert_ptr_equal(ctx, &g);
	assert_true(vcpu < NR_VCPUS);
	kicks[vcpu]++;
	kick_total++;
	kick_locks = fake_locks_held;
}

static void on_hw_enable(void *ctx, unsigned hwirq, bool enable)
{
	assert_ptr_equal(ctx, &g);
	hw_enable_calls++;
	hw_enable_irq = hwirq;
	hw_enable_on = enable;
}

static void on_hw_route(void *ctx, unsigned hwirq, unsigned vcpu)
{
	assert_ptr_equal(ctx, &g);
	hw_route_calls++;
	hw_route_irq = hwirq;
	hw_route_vcpu = vcpu;
}

/* The physical distributor's pending bits, as hw_pending sees them. */
static bool phys_pending[1024];
static unsigned hw_set_pending_calls;

static bool on_hw_pending(unsigned hwirq)
{
	assert_true(hwirq < 1024);
	return phys_pending[hwirq];
}

static void on_hw_set_pending(unsigned hwirq, bool pending)
{
	assert_true(hwirq < 1024);
	assert_int_equal(fake_locks_held, 1);
	phys_pending[hwirq] = pending;
	hw_set_pending_calls++;
}

static const struct vgic_ops ops = {.kick = on_kick,
				    .hw_enable = on_hw_enable,
				    .hw_route = on_hw_route,
				    .ctx = &g,
				    .hw_pending = on_hw_pending,
				    .hw_set_pending = on_hw_set_pending};

static void clear_calls(void)
{
	memset(kicks, 0, sizeof(kicks));
	kick_total = 0;
	hw_enable_calls = hw_route_calls = hw_set_pending_calls = 0;
	memset(phys_pending, 0, sizeof(phys_pending));
}

static int setup(void **state)
{
	(void)state;
	fake_gich_reset(4);
	vgic_init(&g, NR_VCPUS, NR_IRQS, &ops);
	clear_calls();
	return 0;
}

static int access(unsigned vcpu, bool write, uint32_t off, unsigned size,
		  uint32_t *data)
{
	struct mmio_access a = {.addr = 0x2c001000ull + off, .offset = off,
				.size = size, .write = write, .vcpu = vcpu,
				.data = *data};
	int rc = vgic_dist_access(&g, &a);

	assert_int_equal(fake_locks_held, 0);
	assert_int_equal(g.lock.locked, 0);
	*data = a.data;
	return rc;
}

static uint32_t rdv(unsigned vcpu, uint32_t off, unsigned size)
{
	uint32_t v = 0xdeadbeef;

	if (access(vcpu, false, off, size, &v) != MMIO_OK)
		fail_msg("read%u at 0x%x refused", size * 8, off);
	return v;
}

static void wrv(unsigned vcpu, uint32_t off, unsigned size, uint32_t v)
{
	if (access(vcpu, true, off, size, &v) != MMIO_OK)
		fail_msg("write%u at 0x%x refused", size * 8, off);
}

static uint32_t rd(uint32_t off)
{
	return rdv(0, off, 4);
}

static void wr(uint32_t off, uint32_t v)
{
	wrv(0, off, 4, v);
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

/* ---------------------------------------------------- identification */

static void test_ctlr(void **state)
{
	(void)state;
	assert_int_equal(rd(GICD_CTLR), 0);
	wr(GICD_CTLR, 0xffffffff);
	assert_int_equal(rd(GICD_CTLR), 1);
	assert_true(g.enabled);
	wr(GICD_CTLR, 0xfffffffe);
	assert_int_equal(rd(GICD_CTLR), 0);
	assert_false(g.enabled);
}

/*
 * GICD_CTLR changes shared state for every vCPU: each is kicked to look at
 * everything once, under the lock (another vCPU's private state is not
 * the writer's to look at).
 */
static void test_ctlr_kicks(void **state)
{
	unsigned v;

	(void)state;
	irq(0, 40)->flags |= VIRQ_ENABLED | VIRQ_PENDING;
	irq(0, 40)->targets = 0x2;
	irq(3, 20)->flags |= VIRQ_ENABLED | VIRQ_PENDING;
	wr(GICD_CTLR, 1);
	for (v = 0; v < NR_VCPUS; v++) {
		assert_int_equal(kicks[v], 1);
		assert_true(g.vcpu[v].spi_posted);
		assert_true(g.vcpu[v].cand_all);
	}
	assert_int_equal(kick_total, NR_VCPUS);
	wr(GICD_CTLR, 1); /* no change */
	assert_int_equal(kick_total, NR_VCPUS);
	assert_true(vgic_vcpu_pending(&g, 1));
	assert_true(vgic_vcpu_pending(&g, 3));
	assert_false(vgic_vcpu_pending(&g, 0));
	fake_gich_select(1);
	vgic_flush_lrs(&g, 1);
	assert_false(g.vcpu[1].spi_posted);
	clear_calls();
	wr(GICD_CTLR, 0);
	assert_int_equal(kicks[1], 1);
	assert_int_equal(kick_total, NR_VCPUS);
	vgic_sync_lrs(&g, 1);
	assert_int_equal(fake_lr(0), 0);
}

static void test_typer(void **state)
{
	(void)state;
	assert_int_equal(rd(GICD_TYPER), 0x3 | 3u << 5);
	wr(GICD_TYPER, 0);
	assert_int_equal(rd(GICD_TYPER), 0x63);
	vgic_init(&g, 8, 1020, &ops);
	assert_int_equal(rd(GICD_TYPER), 0xff);
	vgic_init(&g, 1, 32, &ops);
	assert_int_equal(rd(GICD_TYPER), 0);
	vgic_init(&g, 2, 160, &ops);
	assert_int_equal(rd(GICD_TYPER), 0x24);
}

static void test_iidr_and_ids(void **state)
{
	static const uint32_t ids[12] = {0x04, 0, 0, 0, 0x90, 0xb4,
					 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1};
	unsigned i;

	(void)state;
	assert_int_equal(rd(GICD_IIDR), 0x0200043b);
	wr(GICD_IIDR, 0);
	assert_int_equal(rd(GICD_IIDR), 0x0200043b);
	for (i = 0; i < 12; i++) {
		assert_int_equal(rd(GICD_PIDR4 + 4 * i), ids[i]);
		wr(GICD_PIDR4 + 4 * i, 0xffffffff);
		assert_int_equal(rdv(3, GICD_PIDR4 + 4 * i, 4), ids[i]);
	}
	assert_int_equal(rd(GICD_PIDR2) >> 4 & 0xf, 2); /* ArchRev: GICv2 */
}

/*
 * What a guest may read before writing anything (IHI 0048B 4.3): the reset
 * values, on every vCPU.
 */
static void test_reset_values(void **state)
{
	unsigned v, i;

	(void)state;
	for (v = 0; v < NR_VCPUS; v++) {
		assert_int_equal(rdv(v, GICD_CTLR, 4), 0);
		/* 4 CPUs, 128 IRQs */
		assert_int_equal(rdv(v, GICD_TYPER, 4), 0x63);
		assert_int_equal(rdv(v, GICD_IIDR, 4), 0x0200043b);
		/* SGIs enabled, nothing else; nothing pending or active */
		assert_int_equal(rdv(v, GICD_ISENABLER, 4), 0xffff);
		assert_int_equal(rdv(v, GICD_ICENABLER, 4), 0xffff);
		for (i = 0; i < NR_IRQS / 8; i += 4) {
			if (i)
				assert_int_equal(
					rdv(v, GICD_ISENABLER + i, 4), 0);
			assert_int_equal(rdv(v, GICD_ISPENDR + i, 4), 0);
			assert_int_equal(rdv(v, GICD_ICPENDR + i, 4), 0);
			assert_int_equal(rdv(v, GICD_ISACTIVER + i, 4), 0);
			assert_int_equal(rdv(v, GICD_ICACTIVER + i, 4), 0);
		}
		/* priorities 0, by byte and by word */
		for (i = 0; i < NR_IRQS; i++)
			assert_int_equal(rdv(v, GICD_IPRIORITYR + i, 1), 0);
		for (i = 0; i < NR_IRQS; i += 4)
			assert_int_equal(rdv(v, GICD_IPRIORITYR + i, 4), 0);
		/* targets: SGIs/PPIs this vCPU's bit, SPIs vCPU 0 */
		for (i = 0; i < 32; i++)
			assert_int_equal(rdv(v, GICD_ITARGETSR + i, 1),
					 1u << v);
		for (i = 32; i < NR_IRQS; i++)
			assert_int_equal(rdv(v, GICD_ITARGETSR + i, 1),
					 VGIC_SPI_RESET_TARGETS);
		/* SGIs edge (read-only), PPIs and SPIs level */
		assert_int_equal(rdv(v, GICD_ICFGR, 4), 0xaaaaaaaa);
		wrv(v, GICD_ICFGR, 4, 0);
		assert_int_equal(rdv(v, GICD_ICFGR, 4), 0xaaaaaaaa);
		for (i = 4; i < NR_IRQS / 4; i += 4)
			assert_int_equal(rdv(v, GICD_ICFGR + i, 4), 0);
	}
}

static void test_raz_wi_registers(void **state)
{
	static const uint32_t offs[] = {0x00c, 0x07c, GICD_IGROUPR,
					GICD_IGROUPR + 4, GICD_IGROUPR + 0x7c,
					GICD_NSACR, GICD_NSACR + 0xfc, 0xd00, 0xf04, 0xf0c, 0xf30, 0xfcc,
					0x7fc};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		wr(offs[i], 0xffffffff);
		assert_int_equal(rd(offs[i]), 0);
	}
	assert_false(g.enabled);
	assert_int_equal(kick_total, 0);
	assert_int_equal(rd(GICD_ISENABLER + 4), 0); /* nothing got enabled */
}

/* ---------------------------------------------------------- enables */

static void test_enable_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(GICD_ISENABLER), 0x0000ffff); /* SGIs always on */
	assert_int_equal(rd(GICD_ICENABLER), 0x0000ffff);
	wr(GICD_ICENABLER, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER), 0x0000ffff);
	wr(GICD_ISENABLER, 0x08000000); /* PPI 27 */
	assert_int_equal(rd(GICD_ISENABLER), 0x0800ffff);
	assert_true(irq(0, 27)->flags & VIRQ_ENABLED);
	assert_false(irq(1, 27)->flags & VIRQ_ENABLED); /* banked */
	assert_int_equal(rdv(1, GICD_ISENABLER, 4), 0x0000ffff);
	wr(GICD_ISENABLER + 4, 0x80000001); /* SPIs 32 and 63 */
	assert_int_equal(rd(GICD_ISENABLER + 4), 0x80000001);
	assert_int_equal(rdv(2, GICD_ISENABLER + 4, 4),
			 0x80000001); /* shared */
	wr(GICD_ISENABLER + 12, 0xffffffff);
	assert_int_equal(rd(GICD_ICENABLER + 12), 0xffffffff);
	wr(GICD_ICENABLER + 12, 0x0000ff00);
	assert_int_equal(rd(GICD_ISENABLER + 12), 0xffff00ff);
	assert_false(irq(0, 96 + 8)->flags & VIRQ_ENABLED);
	assert_true(irq(0, 96 + 7)->flags & VIRQ_ENABLED);
	wr(GICD_ICENABLER + 4, 0x1);
	assert_int_equal(rd(GICD_ISENABLER + 4), 0x80000000);
	wr(GICD_ICENABLER, 0x08000000);
	assert_int_equal(rd(GICD_ISENABLER), 0x0000ffff);
	/* beyond nr_irqs (128): RAZ/WI */
	wr(GICD_ISENABLER + 16, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER + 16), 0);
	wr(GICD_ISENABLER + 0x7c, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER + 0x7c), 0);
	assert_int_equal(g.spi[NR_IRQS - 32].flags, VIRQ_LEVEL);
}

static void test_enable_kicks_target(void **state)
{
	struct virq *q = irq(0, 40);

	(void)state;
	wr(GICD_CTLR, 1);
	clear_calls(); /* every vCPU was kicked */
	q->targets = 0x4;
	q->flags |= VIRQ_PENDING;
	assert_int_equal(kick_total, 0);
	wr(GICD_ISENABLER + 4, 1u << 8);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_total, 1);
	assert_int_equal(kick_locks, 1);
	/* a PPI of the accessor */
	irq(3, 20)->flags |= VIRQ_PENDING;
	wrv(3, GICD_ISENABLER, 4, 1u << 20);
	assert_int_equal(kicks[3], 1);
	assert_int_equal(kick_total, 2);
	/* enabling something not pending kicks nobody */
	wr(GICD_ISENABLER + 4, 1u << 9);
	assert_int_equal(kick_total, 2);
}

static void test_hw_enable_and_route(void **state)
{
	(void)state;
	vgic_map_hw(&g, 0, 44, 123);
	wr(GICD_ISENABLER + 4, 1u << 12);
	assert_int_equal(hw_enable_calls, 1);
	assert_int_equal(hw_enable_irq, 123);
	assert_true(hw_enable_on);
	wr(GICD_ICENABLER + 4, 1u << 12);
	assert_int_equal(hw_enable_calls, 2);
	assert_false(hw_enable_on);
	wr(GICD_ISENABLER + 4, 1u << 13); /* not HW */
	assert_int_equal(hw_enable_calls, 2);

	wrv(0, GICD_ITARGETSR + 44, 1, 0x0c);
	assert_int_equal(hw_route_calls, 1);
	assert_int_equal(hw_route_irq, 123);
	assert_int_equal(hw_route_vcpu, 2);
	wrv(0, GICD_ITARGETSR + 44, 1, 0x0c); /* unchanged */
	assert_int_equal(hw_route_calls, 1);
	wr(GICD_ITARGETSR + 44, 0x01010101);
	assert_int_equal(hw_route_calls, 2);
	assert_int_equal(hw_route_vcpu, 0);
	wrv(0, GICD_ITARGETSR + 45, 1, 0x02); /* not HW */
	assert_int_equal(hw_route_calls, 2);

	/* a HW PPI */
	vgic_map_hw(&g, 1, 27, 27);
	wrv(1, GICD_ISENABLER, 4, 1u << 27);
	assert_int_equal(hw_enable_calls, 3);
	assert_int_equal(hw_enable_irq, 27);
	wrv(0, GICD_ISENABLER, 4, 1u << 27); /* vCPU 0's PPI 27 is not HW */
	assert_int_equal(hw_enable_calls, 3);
}

/* ---------------------------------------------------------- pending */

static void test_pending_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
	wr(GICD_ISPENDR + 4, 0x00010003);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0x00010003);
	assert_int_equal(rd(GICD_ICPENDR + 4), 0x00010003);
	assert_true(irq(0, 48)->flags & VIRQ_PENDING);
	wr(GICD_ICPENDR + 4, 0x00000001);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0x00010002);
	/* a level interrupt whose line is high stays pending */
	vgic_set_level(&g, 0, 33, true);
	wr(GICD_ICPENDR + 4, 0x2);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0x00010002);
	vgic_set_level(&g, 0, 33, false);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0x00010000);
	/* PPIs banked */
	wrv(2, GICD_ISPENDR, 4, 1u << 25);
	assert_int_equal(rdv(2, GICD_ISPENDR, 4), 1u << 25);
	assert_int_equal(rdv(1, GICD_ISPENDR, 4), 0);
	/* SGIs: writes ignored, reads show pending */
	wr(GICD_ISPENDR, 0xffff);
	assert_int_equal(rd(GICD_ISPENDR), 0);
	vgic_send_sgi(&g, 1, (1u << 16) | 5);
	assert_int_equal(rd(GICD_ISPENDR), 1u << 5);
	wr(GICD_ICPENDR, 0xffff);
	assert_int_equal(rd(GICD_ICPENDR), 1u << 5);
	assert_int_equal(sgi_srcs(0, 5), 0x2);
	/* beyond nr_irqs */
	wr(GICD_ISPENDR + 16, 0xffffffff);
	assert_int_equal(rd(GICD_ISPENDR + 16), 0);
}

/*
 * A HW interrupt's pending bit is the physical distributor's as well (the
 * physical SPI stays disabled, so never taken, until the guest enables it);
 * GICD_ISPENDR/GICD_ICPENDR act on the physical bit only, so the virtual
 * interrupt comes only through the hypervisor acknowledging the physical one.
 */
static void test_hw_pending_is_physical(void **state)
{
	struct virq *q;

	(void)state;
	vgic_map_hw(&g, 0, 44, 123);
	q = irq(0, 44);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
	phys_pending[123] = true; /* the device raised its line */
	assert_int_equal(rd(GICD_ISPENDR + 4), 1u << 12);
	assert_int_equal(rd(GICD_ICPENDR + 4), 1u << 12);
	phys_pending[123] = false; /* and dropped it (level) */
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
	phys_pending[45] = true; /* not HW: the physical bit does not count */
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
	phys_pending[45] = false;

	/* the guest sets it: physical only, nothing delivered from here */
	wr(GICD_CTLR, 1);
	wr(GICD_ISENABLER + 4, 1u << 12);
	clear_calls();
	wr(GICD_ISPENDR + 4, 1u << 12);
	assert_int_equal(hw_set_pending_calls, 1);
	assert_true(phys_pending[123]);
	assert_false(q->flags & VIRQ_PENDING);
	assert_int_equal(kick_total, 0);
	assert_int_equal(rd(GICD_ISPENDR + 4), 1u << 12);
	vgic_flush_lrs(&g, 0);
	assert_int_equal(fake_lr(0), 0);
	wr(GICD_ICPENDR + 4, 1u << 12);
	assert_int_equal(hw_set_pending_calls, 2);
	assert_false(phys_pending[123]);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);

	/* acknowledged by the hypervisor (physically active): GICD_ICPENDR
	   cannot take it back, the guest's EOI through the HW LR ends it */
	vgic_inject(&g, 0, 44);
	wr(GICD_ICPENDR + 4, 1u << 12);
	assert_true(q->flags & VIRQ_PENDING);
	assert_int_equal(rd(GICD_ISPENDR + 4), 1u << 12);
	vgic_flush_lrs(&g, 0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 44);
	assert_true(fake_lr(0) & GICH_LR_HW);
	assert_true(fake_guest_ack(0));
	assert_true(fake_guest_eoi(0));
	assert_int_equal(fake_hw_deactivations, 1);
	assert_int_equal(fake_last_hw_deactivated, 123);
}

/* Without the callbacks (no physical distributor): the virtual state. */
static void test_hw_pending_without_callbacks(void **state)
{
	const struct vgic_ops bare = {.kick = on_kick, .ctx = &g};

	(void)state;
	vgic_init(&g, NR_VCPUS, NR_IRQS, &bare);
	vgic_map_hw(&g, 0, 44, 123);
	wr(GICD_ISPENDR + 4, 1u << 12);
	assert_true(irq(0, 44)->flags & VIRQ_PENDING);
	wr(GICD_ICPENDR + 4, 1u << 12);
	assert_false(irq(0, 44)->flags & VIRQ_PENDING);
}

static void test_pending_shows_lr_state(void **state)
{
	(void)state;
	wr(GICD_CTLR, 1);
	wr(GICD_ISENABLER + 4, 1);
	wrv(0, GICD_ITARGETSR + 32, 1, 1);
	wr(GICD_ICFGR + 8, 0x2); /* SPI 32 edge */
	wr(GICD_ISPENDR + 4, 1);
	vgic_flush_lrs(&g, 0);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 32);
	assert_false(irq(0, 32)->flags & VIRQ_PENDING);
	assert_int_equal(rd(GICD_ISPENDR + 4), 1); /* pending in the LR */
	assert_true(fake_guest_ack(0));
	vgic_sync_lrs(&g, 0);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
	assert_int_equal(rd(GICD_ISACTIVER + 4), 1);
}

static void test_pending_kicks(void **state)
{
	(void)state;
	wr(GICD_CTLR, 1);
	clear_calls(); /* every vCPU was kicked */
	wr(GICD_ISENABLER + 8, 0xffffffff);
	wr(GICD_ITARGETSR + 64, 0x08040201);
	assert_int_equal(kick_total, 0);
	wr(GICD_ISPENDR + 8, 0x4);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_total, 1);
	wr(GICD_ISPENDR + 8, 0x9);
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kicks[3], 1);
	assert_int_equal(kick_total, 3);
	wr(GICD_ICPENDR + 8, 0xf); /* clearing kicks nobody */
	assert_int_equal(kick_total, 3);
}

static void test_icpendr_takes_back_level_from_lr(void **state)
{
	(void)state;
	wr(GICD_CTLR, 1);
	wr(GICD_ISENABLER + 4, 1);
	wrv(0, GICD_ITARGETSR + 32, 1, 2);
	wr(GICD_ISPENDR + 4, 1); /* level, latched */
	fake_gich_select(1);
	vgic_flush_lrs(&g, 1);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 32);
	clear_calls();
	wr(GICD_ICPENDR + 4, 1);
	assert_int_equal(kicks[1], 1); /* the holder must give it back */
	vgic_sync_lrs(&g, 1);
	assert_int_equal(fake_lr(0), 0);
	assert_int_equal(rd(GICD_ISPENDR + 4), 0);
}

/* ----------------------------------------------------------- active */

static void test_active_registers(void **state)
{
	(void)state;
	wr(GICD_ISACTIVER + 4, 0x80000001);
	assert_int_equal(rd(GICD_ISACTIVER + 4), 0x80000001);
	assert_int_equal(rd(GICD_ICACTIVER + 4), 0x80000001);
	wr(GICD_ICACTIVER + 4, 0x00000001);
	assert_int_equal(rd(GICD_ISACTIVER + 4), 0x80000000);
	wrv(1, GICD_ISACTIVER, 4, 0x00010004); /* SGI 2, PPI 16 */
	assert_int_equal(rdv(1, GICD_ISACTIVER, 4), 0x00010004);
	assert_int_equal(rd(GICD_ISACTIVER), 0);
	assert_int_equal(irq(1, 2)->sgi_active_src, 1);
	wrv(1, GICD_ICACTIVER, 4, 0xffffffff);
	assert_int_equal(rdv(1, GICD_ISACTIVER, 4), 0);
	wr(GICD_ISACTIVER + 16, 0xffffffff);
	assert_int_equal(rd(GICD_ISACTIVER + 16), 0);
}

/* --------------------------------------------------------- priority */

static void test_priority_registers(void **state)
{
	(void)state;
	wr(GICD_IPRIORITYR + 32, 0xffa05007);
	assert_int_equal(rd(GICD_IPRIORITYR + 32), 0xf8a05000);
	assert_int_equal(irq(0, 32)->priority, 0x00);
	assert_int_equal(irq(0, 33)->priority, 0x50);
	assert_int_equal(irq(0, 34)->priority, 0xa0);
	assert_int_equal(irq(0, 35)->priority, 0xf8);
	assert_int_equal(rdv(0, GICD_IPRIORITYR + 34, 1), 0xa0);
	assert_int_equal(rdv(0, GICD_IPRIORITYR + 35, 1), 0xf8);
	wrv(0, GICD_IPRIORITYR + 33, 1, 0x1f);
	assert_int_equal(rd(GICD_IPRIORITYR + 32), 0xf8a01800);
	/* banked for SGIs and PPIs */
	wrv(2, GICD_IPRIORITYR + 3, 1, 0x80);
	wrv(2, GICD_IPRIORITYR + 28, 4, 0x10203040);
	assert_int_equal(rdv(2, GICD_IPRIORITYR, 4), 0x80000000);
	assert_int_equal(rdv(2, GICD_IPRIORITYR + 28, 4), 0x10203040);
	assert_int_equal(rdv(1, GICD_IPRIORITYR, 4), 0);
	assert_int_equal(rdv(1, GICD_IPRIORITYR + 28, 4), 0);
	assert_int_equal(irq(2, 31)->priority, 0x10);
	/* beyond nr_irqs */
	wr(GICD_IPRIORITYR + NR_IRQS, 0xffffffff);
	assert_int_equal(rd(GICD_IPRIORITYR + NR_IRQS), 0);
	wrv(0, GICD_IPRIORITYR + 0x3fb, 1, 0xff);
	assert_int_equal(rdv(0, GICD_IPRIORITYR + 0x3fb, 1), 0);
	assert_int_equal(rd(GICD_IPRIORITYR + NR_IRQS - 4), 0);
}

/* ---------------------------------------------------------- targets */

static void test_target_registers(void **state)
{
	unsigned i;

	(void)state;
	/* SGIs and PPIs: the accessor itself, read-only */
	for (i = 0; i < 32; i += 4) {
		assert_int_equal(rdv(0, GICD_ITARGETSR + i, 4), 0x01010101);
		assert_int_equal(rdv(2, GICD_ITARGETSR + i, 4), 0x04040404);
		assert_int_equal(rdv(3, GICD_ITARGETSR + i + 3, 1), 0x08);
	}
	wr(GICD_ITARGETSR + 16, 0x0f0f0f0f);
	assert_int_equal(rd(GICD_ITARGETSR + 16), 0x01010101);
	assert_int_equal(irq(0, 16)->targets, 0);
	/* SPIs: vCPU 0 at reset, masked to the 4 vCPUs */
	assert_int_equal(rd(GICD_ITARGETSR + 32), 0x01010101);
	wr(GICD_ITARGETSR + 32, 0xff0f8102);
	assert_int_equal(rd(GICD_ITARGETSR + 32), 0x0f0f0102);
	wrv(1, GICD_ITARGETSR + 33, 1, 0x04);
	assert_int_equal(rdv(3, GICD_ITARGETSR + 32, 4), 0x0f0f0402);
	assert_int_equal(rdv(3, GICD_ITARGETSR + 33, 1), 0x04);
	assert_int_equal(irq(0, 33)->targets, 0x04);
	/* beyond nr_irqs */
	wr(GICD_ITARGETSR + NR_IRQS, 0x01010101);
	assert_int_equal(rd(GICD_ITARGETSR + NR_IRQS), 0);
	wrv(0, GICD_ITARGETSR + 0x3fb, 1, 0x1);
	assert_int_equal(rdv(0, GICD_ITARGETSR + 0x3fb, 1), 0);
}

static void test_retarget_kicks(void **state)
{
	(void)state;
	wrv(0, GICD_ITARGETSR + 32, 1, 0); /* from vCPU 0 (reset) to none */
	wr(GICD_CTLR, 1);
	clear_calls(); /* every vCPU was kicked */
	wr(GICD_ISENABLER + 4, 1);
	wr(GICD_ISPENDR + 4, 1);
	assert_int_equal(kick_total, 0); /* no target */
	wrv(0, GICD_ITARGETSR + 32, 1, 0x2);
	assert_int_equal(kicks[1], 1);
	assert_int_equal(kick_total, 1);
	fake_gich_select(1);
	vgic_flush_lrs(&g, 1);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 32);
	clear_calls();
	wrv(0, GICD_ITARGETSR + 32, 1, 0x8);
	assert_int_equal(kicks[1], 1); /* gives it back */
	assert_int_equal(kicks[3], 1); /* new target */
	assert_int_equal(kick_total, 2);
	vgic_sync_lrs(&g, 1);
	assert_int_equal(fake_lr(0), 0);
	fake_gich_select(3);
	vgic_flush_lrs(&g, 3);
	assert_int_equal(GICH_LR_ID_OF(fake_lr(0)), 32);
}

/* ------------------------------------------------------------ config */

static void test_config_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(GICD_ICFGR), 0xaaaaaaaa);
	wr(GICD_ICFGR, 0);
	assert_int_equal(rd(GICD_ICFGR), 0xaaaaaaaa);
	assert_int_equal(rd(GICD_ICFGR + 4), 0); /* PPIs level */
	wr(GICD_ICFGR + 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + 4), 0);
	assert_true(irq(0, 27)->flags & VIRQ_LEVEL);
	assert_int_equal(rd(GICD_ICFGR + 8), 0); /* SPIs level by default */
	wr(GICD_ICFGR + 8, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + 8), 0xaaaaaaaa);
	assert_false(irq(0, 32)->flags & VIRQ_LEVEL);
	assert_false(irq(0, 47)->flags & VIRQ_LEVEL);
	assert_true(irq(0, 48)->flags & VIRQ_LEVEL);
	wr(GICD_ICFGR + 8, 0x80000008);
	assert_int_equal(rd(GICD_ICFGR + 8), 0x80000008);
	assert_false(irq(0, 33)->flags & VIRQ_LEVEL);
	assert_true(irq(0, 32)->flags & VIRQ_LEVEL);
	assert_int_equal(rdv(2, GICD_ICFGR + 8, 4), 0x80000008);
	/* beyond nr_irqs */
	wr(GICD_ICFGR + NR_IRQS / 4, 0xffffffff);
	assert_int_equal(rd(GICD_ICFGR + NR_IRQS / 4), 0);
	assert_int_equal(rd(GICD_ICFGR + 0xfc), 0);
}

/* -------------------------------------------------------------- SGIs */

static void test_sgir(void **state)
{
	unsigned v;

	(void)state;
	wr(GICD_CTLR, 1);
	clear_calls();
	wrv(1, GICD_SGIR, 4, (0x5u << 16) | 3); /* vCPUs 0 and 2 */
	assert_int_equal(sgi_srcs(0, 3), 0x2);
	assert_int_equal(sgi_srcs(2, 3), 0x2);
	assert_int_equal(sgi_srcs(1, 3), 0);
	assert_int_equal(sgi_srcs(3, 3), 0);
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_total, 2);
	assert_int_equal(rd(GICD_SGIR), 0); /* write-only */
	wrv(2, GICD_SGIR, 4, (1u << 24) | 9); /* all but vCPU 2 */
	for (v = 0; v < NR_VCPUS; v++)
		assert_int_equal(sgi_srcs(v, 9), v == 2 ? 0 : 0x4);
	assert_int_equal(kick_total, 5);
	wrv(3, GICD_SGIR, 4, (2u << 24) | (0x1u << 16) | 10); /* only self */
	assert_int_equal(sgi_srcs(3, 10), 0x8);
	assert_int_equal(sgi_srcs(0, 10), 0);
	assert_int_equal(kicks[3], 2);
	clear_calls();
	wr(GICD_SGIR, (3u << 24) | (0xfu << 16) | 11); /* reserved filter */
	wr(GICD_SGIR, (0xf0u << 16) | 12);             /* no such vCPUs */
	for (v = 0; v < NR_VCPUS; v++) {
		assert_int_equal(sgi_srcs(v, 11), 0);
		assert_int_equal(sgi_srcs(v, 12), 0);
	}
	assert_int_equal(kick_total, 0);
	assert_int_equal(access(0, true, GICD_SGIR, 1, &(uint32_t){1}),
			 MMIO_DEVICE_ERROR);
}

static void test_sgi_pending_registers(void **state)
{
	(void)state;
	vgic_send_sgi(&g, 1, (1u << 16) | 0);
	vgic_send_sgi(&g, 3, (1u << 16) | 0);
	vgic_send_sgi(&g, 2, (1u << 16) | 6);
	vgic_send_sgi(&g, 0, (1u << 17) | 15);
	assert_int_equal(rd(GICD_SPENDSGIR), 0x0000000a);
	assert_int_equal(rd(GICD_CPENDSGIR), 0x0000000a);
	assert_int_equal(rd(GICD_SPENDSGIR + 4), 0x00040000);
	assert_int_equal(rdv(0, GICD_SPENDSGIR + 6, 1), 0x04);
	assert_int_equal(rd(GICD_SPENDSGIR + 12), 0);
	assert_int_equal(rdv(1, GICD_SPENDSGIR + 12, 4), 0x01000000);
	assert_int_equal(rdv(1, GICD_CPENDSGIR + 15, 1), 0x01);
	/* set: per byte, sources masked to the 4 vCPUs */
	wr(GICD_CTLR, 1);
	clear_calls();
	wrv(0, GICD_SPENDSGIR + 9, 1, 0xf1);
	assert_int_equal(sgi_srcs(0, 9), 0x01);
	assert_int_equal(kicks[0], 1);
	wr(GICD_SPENDSGIR + 4, 0x00000300);
	assert_int_equal(sgi_srcs(0, 5), 0x03);
	assert_int_equal(rd(GICD_SPENDSGIR + 4), 0x00040300);
	/* clear */
	wrv(0, GICD_CPENDSGIR, 1, 0x02);
	assert_int_equal(sgi_srcs(0, 0), 0x08);
	wr(GICD_CPENDSGIR + 4, 0xffffffff);
	assert_int_equal(rd(GICD_SPENDSGIR + 4), 0);
	assert_int_equal(sgi_srcs(0, 6), 0);
	assert_int_equal(sgi_srcs(1, 15), 0x01); /* banked */
	assert_int_equal(rd(GICD_ISPENDR), (1u << 0) | (1u << 9));
}

/* ------------------------------------------------- access checking */

static void test_access_sizes(void **state)
{
	uint32_t v = 0;

	(void)state;
	/* halfwords: nowhere */
	assert_int_equal(access(0, false, GICD_CTLR, 2, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_IPRIORITYR, 2, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, true, GICD_ITARGETSR + 32, 2, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_SPENDSGIR, 2, &v),
			 MMIO_DEVICE_ERROR);
	/* bytes: only on the four byte-accessible registers */
	assert_int_equal(access(0, false, GICD_CTLR, 1, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, true, GICD_ISENABLER + 4, 1, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_ICFGR + 8, 1, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, 0xfe8, 1, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_IPRIORITYR + 1, 1, &v), MMIO_OK);
	assert_int_equal(access(0, false, GICD_ITARGETSR + 0x3ff, 1, &v),
			 MMIO_OK);
	assert_int_equal(access(0, false, GICD_CPENDSGIR + 0xf, 1, &v),
			 MMIO_OK);
	assert_int_equal(access(0, false, GICD_SPENDSGIR + 0xf, 1, &v),
			 MMIO_OK);
	/* unaligned words */
	assert_int_equal(access(0, false, GICD_CTLR + 1, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, true, GICD_ISENABLER + 2, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_IPRIORITYR + 3, 4, &v),
			 MMIO_DEVICE_ERROR);
	/* odd sizes, outside the frame, unknown vCPU */
	assert_int_equal(access(0, false, GICD_CTLR, 8, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_CTLR, 0, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_CTLR, 3, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, 0x1000, 4, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, 0xfffffffc, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(NR_VCPUS, false, GICD_CTLR, 4, &v),
			 MMIO_DEVICE_ERROR);
	v = 1;
	assert_int_equal(access(NR_VCPUS, true, GICD_CTLR, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_false(g.enabled);
	assert_int_equal(access(0, true, GICD_CTLR, 2, &v), MMIO_DEVICE_ERROR);
	assert_false(g.enabled);
}

static void test_byte_write_is_one_byte(void **state)
{
	(void)state;
	wr(GICD_IPRIORITYR + 40, 0x11223348 & 0xf8f8f8f8);
	wrv(0, GICD_IPRIORITYR + 42, 1, 0xa0);
	assert_int_equal(rd(GICD_IPRIORITYR + 40), 0x10a03048);
	wr(GICD_ITARGETSR + 40, 0x01020304);
	wrv(0, GICD_ITARGETSR + 41, 1, 0x08);
	assert_int_equal(rd(GICD_ITARGETSR + 40), 0x01020804);
}

/* Every offset, size and vCPU, writing all ones then reading: nothing
   outside the interrupt state arrays may change (ASan watches), and the
   state of interrupts beyond nr_irqs stays untouched. */
static void test_whole_frame_fuzz(void **state)
{
	static const unsigned sizes[] = {1, 2, 4};
	unsigned v, s;
	uint32_t off;
	struct vgic_vcpu spare;

	(void)state;
	memcpy(&spare, &g.vcpu[NR_VCPUS], sizeof(spare));
	for (v = 0; v <= NR_VCPUS; v++) {
		for (s = 0; s < 3; s++) {
			for (off = 0; off < 0x1010; off++) {
				uint32_t d = 0xffffffff;

				access(v, true, off, sizes[s], &d);
				d = 0;
				access(v, false, off, sizes[s], &d);
			}
		}
	}
	for (off = NR_IRQS - 32; off < VGIC_MAX_IRQS - 32; off++) {
		assert_int_equal(g.spi[off].flags, VIRQ_LEVEL);
		assert_int_equal(g.spi[off].priority, 0);
		assert_int_equal(g.spi[off].targets, VGIC_SPI_RESET_TARGETS);
	}
	assert_memory_equal(&spare, &g.vcpu[NR_VCPUS], sizeof(spare));
	assert_int_equal(irq(0, 40)->targets, 0x0f);
	assert_int_equal(irq(0, 40)->priority, 0xf8);
	assert_int_equal(sgi_srcs(0, 5),
			 0x0f); /* GICD_SPENDSGIR last */
	assert_true(g.enabled);
}

/* ------------------------------------------------ the register table */

/* Access widths come from the table; what it lacks is RAZ/WI by word. */
static void test_register_table_widths(void **state)
{
	uint32_t v = 0;

	(void)state;
	assert_int_equal(access(0, false, GICD_ISENABLER, 2, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_CTLR, 1, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, GICD_TYPER + 2, 4, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(0, false, 0x0c, 1, &v), MMIO_DEVICE_ERROR);
	assert_int_equal(rd(0x0c), 0);  /* reserved */
	assert_int_equal(rd(GICD_IGROUPR), 0);
	assert_int_equal(rd(GICD_NSACR), 0);
	assert_int_equal(rdv(0, GICD_ITARGETSR + 33, 1),
			 VGIC_SPI_RESET_TARGETS);
	assert_int_equal(rd(GICD_PIDR2), 0x2b); /* GICv2 */
}

/* Reads of registers that are no interrupt's state take no lock. */
static void test_stateless_reads_lock_free(void **state)
{
	(void)state;
	fake_tas_acquired = 0;
	rd(GICD_CTLR);
	rd(GICD_TYPER);
	rd(GICD_PIDR2);
	assert_int_equal(fake_tas_acquired, 0);
	rd(GICD_ISENABLER);
	assert_int_equal(fake_tas_acquired, 1);
}

/*
 * With flush_on_access the accessing vCPU (the one on this CPU) gets its
 * list registers loaded under the access's lock, so its entry needs none.
 * GICD_SGIR takes no lock at all: the SGI is posted to its target, here
 * itself, and its entry loads it, without the lock too: SGIs and list
 * registers are the vCPU's own.
 */
static void test_flush_on_access(void **state)
{
	struct vgic_ops o = ops;

	(void)state;
	o.flush_on_access = true;
	vgic_init(&g, NR_VCPUS, NR_IRQS, &o);
	wr(GICD_CTLR, 1);
	fake_gich_select(0);
	vgic_vcpu_enter(&g, 0);
	vgic_vcpu_exit(&g, 0);
	fake_tas_acquired = 0;
	wr(GICD_IPRIORITYR + 4, 0x10); /* SGIs 4-7: under the lock */
	assert_int_equal(fake_tas_acquired, 1);
	vgic_vcpu_enter(&g, 0); /* flushed by the access: no lock */
	vgic_vcpu_exit(&g, 0);
	assert_int_equal(fake_tas_acquired, 1);
	wr(GICD_SGIR, (2u << 24) | 5); /* SGI 5 to itself */
	assert_int_equal(fake_tas_acquired, 1);
	assert_int_equal(fake_lr(0), 0);
	vgic_vcpu_enter(&g, 0); /* its own SGI and LRs: no lock */
	assert_int_equal(fake_tas_acquired, 1);
	assert_int_equal(fake_lr(0),
			 GICH_LR_VIRTUAL_ID(5) | GICH_LR_STATE_PENDING);
}

/*
 * An SGI to another vCPU is posted lock-free: the sender takes no lock and
 * kicks the target, which applies it on its own CPU (its next entry, or
 * when its state is looked at) and loads it into its list registers.
 */
static void test_sgi_posted_without_lock(void **state)
{
	(void)state;
	wr(GICD_CTLR, 1);
	clear_calls();
	fake_tas_acquired = 0;
	wrv(1, GICD_SGIR, 4, (0x4u << 16) | 6); /* vCPU 1 -> vCPU 2 */
	assert_int_equal(fake_tas_acquired, 0);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kick_locks, 0);
	assert_int_equal(irq(2, 6)->sgi_sources, 0); /* posted, not applied */
	assert_true(vgic_sgis_posted(&g, 2));
	assert_true(vgic_flush_pending(&g, 2));
	fake_gich_select(2);
	vgic_vcpu_enter(&g, 2);
	assert_int_equal(fake_tas_acquired, 1);
	assert_false(vgic_sgis_posted(&g, 2));
	assert_int_equal(fake_lr(0), GICH_LR_VIRTUAL_ID(6) |
					     GICH_LR_STATE_PENDING |
					     GICH_LR_CPUID(1));
	/* GICD_SPENDSGIR of the target shows a posted one at once */
	wrv(3, GICD_SGIR, 4, (0x4u << 16) | 7);
	assert_int_equal(rdv(2, GICD_SPENDSGIR + 4, 4), 0x08u << 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ctlr, setup),
		cmocka_unit_test_setup(test_register_table_widths, setup),
		cmocka_unit_test_setup(test_stateless_reads_lock_free, setup),
		cmocka_unit_test_setup(test_flush_on_access, setup),
		cmocka_unit_test_setup(test_sgi_posted_without_lock, setup),
		cmocka_unit_test_setup(test_ctlr_kicks, setup),
		cmocka_unit_test_setup(test_typer, setup),
		cmocka_unit_test_setup(test_iidr_and_ids, setup),
		cmocka_unit_test_setup(test_reset_values, setup),
		cmocka_unit_test_setup(test_raz_wi_registers, setup),
		cmocka_unit_test_setup(test_enable_registers, setup),
		cmocka_unit_test_setup(test_enable_kicks_target, setup),
		cmocka_unit_test_setup(test_hw_enable_and_route, setup),
		cmocka_unit_test_setup(test_pending_registers, setup),
		cmocka_unit_test_setup(test_hw_pending_is_physical, setup),
		cmocka_unit_test_setup(test_hw_pending_without_callbacks, setup),
		cmocka_unit_test_setup(test_pending_shows_lr_state, setup),
		cmocka_unit_test_setup(test_pending_kicks, setup),
		cmocka_unit_test_setup(test_icpendr_takes_back_level_from_lr,
				       setup),
		cmocka_unit_test_setup(test_active_registers, setup),
		cmocka_unit_test_setup(test_priority_registers, setup),
		cmocka_unit_test_setup(test_target_registers, setup),
		cmocka_unit_test_setup(test_retarget_kicks, setup),
		cmocka_unit_test_setup(test_config_registers, setup),
		cmocka_unit_test_setup(test_sgir, setup),
		cmocka_unit_test_setup(test_sgi_pending_registers, setup),
		cmocka_unit_test_setup(test_access_sizes, setup),
		cmocka_unit_test_setup(test_byte_write_is_one_byte, setup),
		cmocka_unit_test_setup(test_whole_frame_fuzz, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
