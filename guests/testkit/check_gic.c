/*
 * The virtual GIC (GICv2, IHI 0048B): the emulated distributor's registers,
 * and interrupts through the CPU interface: SGIs to this vCPU and to
 * another, the active state, priority masking and preemption.
 *
 * Every register access of the checks themselves is guarded (a data abort
 * fails the check instead of ending the run); handlers access the GIC
 * directly. Waits are bounded by the virtual counter. Each check leaves
 * what it changed as it found it.
 */
#include "testkit.h"

#include <stdio.h>

#define U(x) ((unsigned)(x))
/* Waits end when the interrupt comes: long enough for a loaded host. */
#define WAIT_MS 5000u       /* for an interrupt that should come at once */
#define OTHER_WAIT_MS 5000u /* to another vCPU, which may be asleep */
#define QUIET_MS 10u       /* for one that must not come */

static struct tk_guard g;

static uint32_t gd(uint32_t off) { return guest_gic.gicd + off; }
static uint32_t gc(uint32_t off) { return guest_gic.gicc + off; }

static uint32_t word_of(unsigned id) { return 4 * (id / 32); }
static uint32_t bit_of(unsigned id) { return 1u << (id % 32); }

/* Starts a check that needs the GIC; false (and fails it) if there is none. */
static bool begin(const char *name, struct tk_diag *d)
{
	tk_begin(name);
	tk_diag_init(d);
	g.faults = 0;
	if (tk_gic.ok)
		return true;
	tk_fail("%s", tk_gic.why);
	return false;
}

static void report(struct tk_diag *d)
{
	tk_guard_report(d, &g);
	tk_report(d);
}

/* Unexpected interrupts taken during a check */
static void irq_snapshot(struct guest_irq_stats *s) { guest_irq_stats(s); }

static void irq_diag(struct tk_diag *d, const struct guest_irq_stats *before)
{
	struct guest_irq_stats now;

	guest_irq_stats(&now);
	if (now.unhandled != before->unhandled)
		tk_diag_add(d, "%u interrupt(s) nobody expected, the last "
			    "INTID %u", U(now.unhandled - before->unhandled),
			    U(now.last_unhandled));
}

/* ------------------------------------------------------------ SGI record */
static struct {
	volatile uint32_t count[16];
	volatile uint32_t iar[16];
	volatile uint32_t depth[16];   /* guest_irq_depth() in the handler */
	volatile uint32_t active[16];  /* GICD_ISACTIVER0 in the handler */
	volatile uint32_t pending[16]; /* GICD_ISPENDR0 in the handler */
} rec;

static void sgi_record(uint32_t iar, void *arg)
{
	unsigned id = GIC_IAR_ID(iar) & 15;

	(void)arg;
	rec.iar[id] = iar;
	rec.depth[id] = guest_irq_depth();
	rec.count[id]++;
}

static void sgi_prepare(unsigned sgi, uint32_t prio, guest_irq_fn fn)
{
	rec.count[sgi] = 0;
	rec.iar[sgi] = 0;
	rec.depth[sgi] = 0;
	guest_irq_set_handler(sgi, fn ? fn : sgi_record, NULL);
	tk_gwr8(&g, gd(GICD_IPRIORITYR + sgi), prio);
}

static void sgi_self(unsigned sgi)
{
	tk_gwr32(&g, gd(GICD_SGIR), GICD_SGIR_SELF | sgi);
}

/* An SPI for the register checks that is not the console's: the highest
 * one the distributor has. 0 if it has none. */
static unsigned spare_spi(void)
{
	for (unsigned id = guest_gic.nr_irqs - 1; id >= 32; id--)
		if (id != guest_plat.uart_irq)
			return id;
	return 0;
}

/* ------------------------------------------------------------ reset values
 * What a guest may read before it writes anything (IHI 0048B 4.3): these run
 * first, before any other check writes the registers they read. */
static void gic_iidr_and_typer_reset(void)
{
	struct tk_diag d;
	uint32_t iidr, typer, pidr1, jep106;

	if (!begin("gic_iidr_and_typer_reset", &d))
		return;
	iidr = tk_grd32(&g, gd(GICD_IIDR));
	typer = tk_grd32(&g, gd(GICD_TYPER));
	pidr1 = tk_grd32(&g, gd(GICD_PIDR2 - 4));
	/* JEP106 identity code: PIDR1[7:4], PIDR2[2:0] (continuation 4 in
	 * PIDR4); IIDR[11:0] holds it as {continuation, code}. */
	jep106 = ((pidr1 >> 4) & 0xf) | (tk_grd32(&g, gd(GICD_PIDR2)) & 7) << 4;
	if ((iidr & 0xfff) != 0x43b)
		tk_diag_add(&d, "GICD_IIDR 0x%08x: Implementer 0x%03x, expected "
			    "0x43b (Arm)", U(iidr), U(iidr & 0xfff));
	if (jep106 != (iidr & 0x7f))
		tk_diag_add(&d, "GICD_IIDR 0x%08x and PIDR1/PIDR2 disagree on "
			    "the JEP106 code (0x%02x)", U(iidr), U(jep106));
	if (((typer >> 5) & 7) != tk_plat.nr_vcpus - 1)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: CPUNumber %u, expected %u",
			    U(typer), U((typer >> 5) & 7), tk_plat.nr_vcpus - 1);
	if (typer & 0xfc00)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: SecurityExtn/LSPI set in a "
			    "GIC without Security Extensions", U(typer));
	if (typer >> 16)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: reserved bits set", U(typer));
	report(&d);
}

/* SGIs and PPIs target the reading CPU (banked, read-only), on every vCPU:
 * the boot vCPU reads them here, a worker first thing as it starts. */
static void gic_private_targets_reset(void)
{
	const unsigned other = guest_boot.cpu == 1 ? 0 : 1;
	struct tk_diag d;
	char why[200];
	uint32_t v, own = 1u << guest_cpu_index();

	if (!begin("gic_private_targets_reset", &d))
		return;
	for (unsigned i = 0; i < 8; i++) {
		v = tk_grd32(&g, gd(GICD_ITARGETSR + 4 * i));
		if (v != own * 0x01010101u)
			tk_diag_add(&d, "vCPU %u: ITARGETSR%u reads 0x%08x, "
				    "expected 0x%08x", guest_cpu_index(), i,
				    U(v),
				    U(own * 0x01010101u));
	}
	if (tk_plat.nr_vcpus > 1 && tk_worker_ensure(other, why, sizeof(why))) {
		tk_diag_add(&d, "%s", why);
	} else if (tk_plat.nr_vcpus > 1) {
		own = 1u << other;
		for (unsigned i = 0; i < 8; i++) {
			v = tk_worker_itargetsr(other, i);
			if (v != own * 0x01010101u)
				tk_diag_add(&d, "vCPU %u: ITARGETSR%u reads "
					    "0x%08x, expected 0x%08x", other, i,
					    U(v), U(own * 0x01010101u));
		}
	}
	report(&d);
}

/* Every SPI targets vCPU 0 until the guest writes GICD_ITARGETSR (the
 * reset value Tessera chose: docs/architecture.md, Interrupts). */
static void gic_spi_targets_reset(void)
{
	struct tk_diag d;
	uint32_t v;

	if (!begin("gic_spi_targets_reset", &d))
		return;
	for (unsigned id = 32; id < guest_gic.nr_irqs && d.n < 4; id += 4) {
		v = tk_grd32(&g, gd(GICD_ITARGETSR + id));
		if (v != 0x01010101u)
			tk_diag_add(&d, "ITARGETSR%u (INTIDs %u-%u) reads "
				    "0x%08x, expected 0x01010101", id / 4, id,
				    id + 3, U(v));
	}
	v = tk_grd8(&g, gd(GICD_ITARGETSR + guest_gic.nr_irqs - 1));
	if (v != 0x01)
		tk_diag_add(&d, "INTID %u: ITARGETSR byte reads 0x%02x, expected "
			    "0x01", guest_gic.nr_irqs - 1, U(v));
	report(&d);
}

/* GICD_ICFGR0: every SGI edge-triggered (0b10), read-only (4.3.13). */
static void gic_sgi_config_reset(void)
{
	struct tk_diag d;
	uint32_t v;

	if (!begin("gic_sgi_config_reset", &d))
		return;
	v = tk_grd32(&g, gd(GICD_ICFGR));
	if (v != 0xaaaaaaaau)
		tk_diag_add(&d, "ICFGR0 reads 0x%08x, expected 0xaaaaaaaa", U(v));
	tk_gwr32(&g, gd(GICD_ICFGR), 0);
	v = tk_grd32(&g, gd(GICD_ICFGR));
	if (v != 0xaaaaaaaau)
		tk_diag_add(&d, "ICFGR0 reads 0x%08x after writing 0, expected "
			    "0xaaaaaaaa (read-only)", U(v));
	report(&d);
}

/* Priorities 0 at reset, as bytes and as words (IPRIORITYR is byte-
 * accessible, 4.3.11). */
static void gic_priority_reset(void)
{
	struct tk_diag d;
	uint32_t v;

	if (!begin("gic_priority_reset", &d))
		return;
	for (unsigned id = 0; id < guest_gic.nr_irqs && d.n < 4; id++) {
		v = tk_grd8(&g, gd(GICD_IPRIORITYR + id));
		if (v)
			tk_diag_add(&d, "INTID %u: IPRIORITYR byte reads 0x%02x",
				    id, U(v));
	}
	for (unsigned id = 0; id < guest_gic.nr_irqs && d.n < 8; id += 4) {
		v = tk_grd32(&g, gd(GICD_IPRIORITYR + id));
		if (v)
			tk_diag_add(&d, "IPRIORITYR%u reads 0x%08x", id / 4,
				    U(v));
	}
	report(&d);
}

/* Nothing active at reset: GICD_ISACTIVER and ICACTIVER read 0. */
static void gic_active_reset(void)
{
	struct tk_diag d;
	uint32_t v;

	if (!begin("gic_active_reset", &d))
		return;
	for (unsigned w = 0; w < guest_gic.nr_irqs / 8; w += 4) {
		if ((v = tk_grd32(&g, gd(GICD_ISACTIVER + w))))
			tk_diag_add(&d, "ISACTIVER%u reads 0x%08x", w / 4, U(v));
		if ((v = tk_grd32(&g, gd(GICD_ICACTIVER + w))))
			tk_diag_add(&d, "ICACTIVER%u reads 0x%08x", w / 4, U(v));
	}
	report(&d);
}

/* ------------------------------------------------------------ registers */
static void gic_typer_reports_guest_irqs(void)
{
	struct tk_diag d;
	uint32_t typer, cpus;

	if (!begin("gic_typer_reports_guest_irqs", &d))
		return;
	typer = tk_grd32(&g, gd(GICD_TYPER));
	cpus = ((typer >> 5) & 7) + 1;
	if (cpus != tk_plat.nr_vcpus)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: CPUNumber %u (%u CPU "
			    "interfaces), expected %u (the vCPUs)", U(typer),
			    U(cpus - 1), U(cpus), tk_plat.nr_vcpus);
	if ((typer & 0x1f) < 1)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: ITLinesNumber 0 (32 "
			    "interrupts, no SPI)", U(typer));
	if (guest_plat.uart_irq && guest_plat.uart_irq >= guest_gic.nr_irqs)
		tk_diag_add(&d, "GICD_TYPER 0x%08x: %u interrupts, but the "
			    "UART's INTID is %u", U(typer), guest_gic.nr_irqs,
			    guest_plat.uart_irq);
	report(&d);
}

static void gic_distributor_ids(void)
{
	static const uint8_t cidr[4] = {0x0d, 0xf0, 0x05, 0xb1};
	struct tk_diag d;
	uint32_t v;

	if (!begin("gic_distributor_ids", &d))
		return;
	for (unsigned i = 0; i < 4; i++) {
		v = tk_grd32(&g, gd(GICD_CIDR0 + 4 * i));
		if (v != cidr[i])
			tk_diag_add(&d, "CIDR%u (0x%03x) = 0x%08x, expected "
				    "0x%02x", i, U(GICD_CIDR0 + 4 * i), U(v),
				    U(cidr[i]));
	}
	v = tk_grd32(&g, gd(GICD_PIDR2));
	if (((v >> 4) & 0xf) != 2)
		tk_diag_add(&d, "PIDR2 (0xfe8) = 0x%08x: ArchRev %u, expected "
			    "2 (GICv2)", U(v), U((v >> 4) & 0xf));
	report(&d);
}

static void gic_enable_disable_readback(void)
{
	struct tk_diag d;
	unsigned spi;
	uint32_t w, b, was, v;

	if (!begin("gic_enable_disable_readback", &d))
		return;
	spi = guest_plat.uart_irq && guest_plat.uart_irq < guest_gic.nr_irqs
		      ? guest_plat.uart_irq
		      : spare_spi();
	if (spi) {
		w = word_of(spi);
		b = bit_of(spi);
		was = tk_grd32(&g, gd(GICD_ISENABLER + w)) & b;
		tk_gwr32(&g, gd(GICD_ICENABLER + w), b);
		if ((v = tk_grd32(&g, gd(GICD_ISENABLER + w))) & b)
			tk_diag_add(&d, "INTID %u: ISENABLER%u 0x%08x after "
				    "ICENABLER: still enabled", spi, U(w / 4),
				    U(v));
		tk_gwr32(&g, gd(GICD_ISENABLER + w), b);
		if (!((v = tk_grd32(&g, gd(GICD_ISENABLER + w))) & b))
			tk_diag_add(&d, "INTID %u: ISENABLER%u 0x%08x after "
				    "ISENABLER: not enabled", spi, U(w / 4),
				    U(v));
		if (!((v = tk_grd32(&g, gd(GICD_ICENABLER + w))) & b))
			tk_diag_add(&d, "INTID %u: ICENABLER%u reads 0x%08x "
				    "while enabled", spi, U(w / 4), U(v));
		tk_gwr32(&g, gd(GICD_ICENABLER + w), b);
		if ((v = tk_grd32(&g, gd(GICD_ISENABLER + w))) & b)
			tk_diag_add(&d, "INTID %u: ISENABLER%u 0x%08x after "
				    "ICENABLER: still enabled", spi, U(w / 4),
				    U(v));
		if (was)
			tk_gwr32(&g, gd(GICD_ISENABLER + w), b);
	} else {
		tk_diag_add(&d, "no SPI (GICD_TYPER 0x%08x)",
			    U(guest_gic.typer));
	}

	/* SGIs are always enabled */
	v = tk_grd32(&g, gd(GICD_ISENABLER));
	if ((v & 0xffff) != 0xffff)
		tk_diag_add(&d, "ISENABLER0 0x%08x: SGIs not all enabled", U(v));
	tk_gwr32(&g, gd(GICD_ICENABLER), 1u << TK_SGI_SELF);
	v = tk_grd32(&g, gd(GICD_ISENABLER));
	if (!(v & (1u << TK_SGI_SELF)))
		tk_diag_add(&d, "ISENABLER0 0x%08x after ICENABLER0 bit %d: "
			    "SGI %d disabled", U(v), TK_SGI_SELF, TK_SGI_SELF);
	report(&d);
}

static void gic_pending_readback(void)
{
	struct tk_diag d;
	unsigned spi;
	uint32_t w, b, en, tgt, v;

	if (!begin("gic_pending_readback", &d))
		return;
	if (!(spi = spare_spi())) {
		tk_fail("no SPI (GICD_TYPER 0x%08x)", U(guest_gic.typer));
		return;
	}
	w = word_of(spi);
	b = bit_of(spi);
	en = tk_grd32(&g, gd(GICD_ISENABLER + w)) & b;
	tk_gwr32(&g, gd(GICD_ICENABLER + w), b);
	/* Targeted at this vCPU (but disabled, so never delivered): some GICs
	 * latch an SPI's pending state per target CPU. */
	tgt = tk_grd8(&g, gd(GICD_ITARGETSR + spi));
	tk_gwr8(&g, gd(GICD_ITARGETSR + spi), 1u << guest_cpu_index());
	tk_gwr32(&g, gd(GICD_ICPENDR + w), b);
	if ((v = tk_grd32(&g, gd(GICD_ISPENDR + w))) & b)
		tk_diag_add(&d, "INTID %u: ISPENDR%u 0x%08x after ICPENDR: "
			    "pending", spi, U(w / 4), U(v));
	tk_gwr32(&g, gd(GICD_ISPENDR + w), b);
	if (!((v = tk_grd32(&g, gd(GICD_ISPENDR + w))) & b))
		tk_diag_add(&d, "INTID %u (disabled): ISPENDR%u 0x%08x after "
			    "ISPENDR: not pending", spi, U(w / 4), U(v));
	if (!((v = tk_grd32(&g, gd(GICD_ICPENDR + w))) & b))
		tk_diag_add(&d, "INTID %u: ICPENDR%u reads 0x%08x while "
			    "pending", spi, U(w / 4), U(v));
	tk_gwr32(&g, gd(GICD_ICPENDR + w), b);
	if ((v = tk_grd32(&g, gd(GICD_ISPENDR + w))) & b)
		tk_diag_add(&d, "INTID %u: ISPENDR%u 0x%08x after ICPENDR: "
			    "still pending", spi, U(w / 4), U(v));
	tk_gwr8(&g, gd(GICD_ITARGETSR + spi), tgt);
	if (en)
		tk_gwr32(&g, gd(GICD_ISENABLER + w), b);
	report(&d);
}

static void gic_priority_byte_access(void)
{
	static const uint8_t wr[] = {0xff, 0x5a, 0x00, 0xa7, 0x80};
	struct tk_diag d;
	unsigned spi, nb;
	uint32_t was, was_nb, v, want = 0;

	if (!begin("gic_priority_byte_access", &d))
		return;
	if (!(spi = spare_spi())) {
		tk_fail("no SPI (GICD_TYPER 0x%08x)", U(guest_gic.typer));
		return;
	}
	nb = spi - 1; /* its neighbour in the same or the previous word */
	was = tk_grd8(&g, gd(GICD_IPRIORITYR + spi));
	was_nb = tk_grd8(&g, gd(GICD_IPRIORITYR + nb));
	tk_gwr8(&g, gd(GICD_IPRIORITYR + nb), 0x40);
	for (unsigned i = 0; i < sizeof(wr); i++) {
		want = wr[i] & 0xf8u;
		tk_gwr8(&g, gd(GICD_IPRIORITYR + spi), wr[i]);
		v = tk_grd8(&g, gd(GICD_IPRIORITYR + spi));
		if (v != want)
			tk_diag_add(&d, "INTID %u: wrote 0x%02x, reads 0x%02x, "
				    "expected 0x%02x", spi, U(wr[i]), U(v),
				    U(want));
	}
	v = tk_grd32(&g, gd(GICD_IPRIORITYR + (spi & ~3u)));
	if (((v >> (8 * (spi & 3))) & 0xff) != want)
		tk_diag_add(&d, "IPRIORITYR word 0x%03x reads 0x%08x: byte %u "
			    "is not 0x%02x", U(GICD_IPRIORITYR + (spi & ~3u)),
			    U(v), spi & 3, U(want));
	v = tk_grd8(&g, gd(GICD_IPRIORITYR + nb));
	if (v != 0x40)
		tk_diag_add(&d, "neighbour INTID %u reads 0x%02x after the byte "
			    "writes, expected 0x40", nb, U(v));
	tk_gwr8(&g, gd(GICD_IPRIORITYR + nb), was_nb);
	tk_gwr8(&g, gd(GICD_IPRIORITYR + spi), was);
	report(&d);
}

static void gic_targets_byte_access(void)
{
	static const unsigned priv[] = {0, TK_SGI_SELF, 16, 27, 31};
	struct tk_diag d;
	unsigned spi, n = tk_plat.nr_vcpus;
	uint32_t mask = (n >= 8 ? 0xffu : (1u << n) - 1), own, was, v;

	if (!begin("gic_targets_byte_access", &d))
		return;
	if (!(spi = spare_spi())) {
		tk_fail("no SPI (GICD_TYPER 0x%08x)", U(guest_gic.typer));
		return;
	}
	was = tk_grd8(&g, gd(GICD_ITARGETSR + spi));
	for (unsigned t = 0; t < 3; t++) {
		uint32_t val = t == 0 ? 0x01 : t == 1 ? 0x02 : 0xff;

		if (val == 0x02 && n < 2)
			continue;
		tk_gwr8(&g, gd(GICD_ITARGETSR + spi), val);
		v = tk_grd8(&g, gd(GICD_ITARGETSR + spi));
		if (v != (val & mask))
			tk_diag_add(&d, "INTID %u: wrote 0x%02x, reads 0x%02x, "
				    "expected 0x%02x", spi, U(val), U(v),
				    U(val & mask));
	}
	tk_gwr8(&g, gd(GICD_ITARGETSR + spi), was);

	/* SGIs and PPIs: read-only, this vCPU's own bit */
	own = 1u << guest_cpu_index();
	for (unsigned i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		unsigned id = priv[i];

		tk_gwr8(&g, gd(GICD_ITARGETSR + id), ~own & 0xffu);
		v = tk_grd8(&g, gd(GICD_ITARGETSR + id));
		if (v != own)
			tk_diag_add(&d, "INTID %u: ITARGETSR byte reads 0x%02x "
				    "(after writing 0x%02x), expected 0x%02x",
				    id, U(v), U(~own & 0xffu), U(own));
	}
	v = tk_grd32(&g, gd(GICD_ITARGETSR));
	if (v != own * 0x01010101u)
		tk_diag_add(&d, "ITARGETSR0 word reads 0x%08x, expected 0x%08x",
			    U(v), U(own * 0x01010101u));
	report(&d);
}

/* ------------------------------------------------------------ SGIs */
static void gic_sgi_to_self(void)
{
	struct tk_diag d;
	struct guest_irq_stats st;
	uint32_t iar;

	if (!begin("gic_sgi_to_self", &d))
		return;
	irq_snapshot(&st);
	sgi_prepare(TK_SGI_SELF, TK_PRIO_LOW, NULL);
	sgi_self(TK_SGI_SELF);
	if (!guest_irq_wait(&rec.count[TK_SGI_SELF], 1, WAIT_MS)) {
		tk_diag_add(&d, "SGI %d (GICD_SGIR 0x%08x) not taken within "
			    "%u ms", TK_SGI_SELF,
			    U(GICD_SGIR_SELF | TK_SGI_SELF),
			    WAIT_MS);
	} else {
		guest_irq_spin(2);
		iar = rec.iar[TK_SGI_SELF];
		if (rec.count[TK_SGI_SELF] != 1)
			tk_diag_add(&d, "taken %u times, expected once",
				    U(rec.count[TK_SGI_SELF]));
		if (GIC_IAR_SRC(iar) != guest_cpu_index())
			tk_diag_add(&d, "GICC_IAR 0x%08x: source CPU %u, "
				    "expected %u (self)", U(iar),
				    U(GIC_IAR_SRC(iar)), guest_cpu_index());
	}
	irq_diag(&d, &st);
	report(&d);
}

static void gic_sgi_to_other_vcpu(void)
{
	const unsigned other = guest_boot.cpu == 1 ? 0 : 1;
	struct tk_diag d;
	struct guest_irq_stats st;
	struct guest_poll p;
	char why[200];
	uint32_t iar, n = 0;

	if (!begin("gic_sgi_to_other_vcpu", &d))
		return;
	if (tk_worker_ensure(other, why, sizeof(why))) {
		tk_fail("%s", why);
		return;
	}
	irq_snapshot(&st);
	sgi_prepare(TK_SGI_OTHER, TK_PRIO_LOW, NULL);
	tk_worker_reset_counts(other);
	tk_gwr32(&g, gd(GICD_SGIR),
		 GICD_SGIR_TARGETS(1u << other) | TK_SGI_OTHER);
	/* IRQs unmasked here too, so an SGI delivered to us shows */
	guest_poll_start(&p, OTHER_WAIT_MS);
	guest_irq_enable();
	while ((n = tk_worker_sgi_count(other, TK_SGI_OTHER)) == 0 &&
	       !guest_poll_expired(&p))
		;
	guest_irq_spin(2);
	guest_irq_disable();
	n = tk_worker_sgi_count(other, TK_SGI_OTHER);
	iar = tk_worker_sgi_iar(other, TK_SGI_OTHER);
	if (n == 0)
		tk_diag_add(&d, "vCPU %u (waiting in WFI) did not take SGI %d "
			    "within %u ms (GICD_SGIR 0x%08x)", other,
			    TK_SGI_OTHER, OTHER_WAIT_MS,
			    U(GICD_SGIR_TARGETS(1u << other) | TK_SGI_OTHER));
	else if (n != 1)
		tk_diag_add(&d, "vCPU %u took SGI %d %u times, expected once",
			    other, TK_SGI_OTHER, U(n));
	if (n && GIC_IAR_SRC(iar) != guest_cpu_index())
		tk_diag_add(&d, "vCPU %u's GICC_IAR 0x%08x: source CPU %u, "
			    "expected %u", other, U(iar), U(GIC_IAR_SRC(iar)),
			    guest_cpu_index());
	if (rec.count[TK_SGI_OTHER])
		tk_diag_add(&d, "the sender (vCPU %u) took it too",
			    guest_cpu_index());
	irq_diag(&d, &st);
	report(&d);
}

static void sgi_active_handler(uint32_t iar, void *arg)
{
	unsigned id = GIC_IAR_ID(iar) & 15;

	rec.active[id] = gicd_rd(GICD_ISACTIVER);
	rec.pending[id] = gicd_rd(GICD_ISPENDR);
	sgi_record(iar, arg);
}

static void gic_active_state_readback(void)
{
	const uint32_t b = 1u << TK_SGI_ACTIVE;
	struct tk_diag d;
	struct guest_irq_stats st;
	uint32_t v;

	if (!begin("gic_active_state_readback", &d))
		return;
	irq_snapshot(&st);
	sgi_prepare(TK_SGI_ACTIVE, TK_PRIO_LOW, sgi_active_handler);
	sgi_self(TK_SGI_ACTIVE);
	if (!guest_irq_wait(&rec.count[TK_SGI_ACTIVE], 1, WAIT_MS)) {
		tk_diag_add(&d, "SGI %d not taken within %u ms", TK_SGI_ACTIVE,
			    WAIT_MS);
	} else {
		if (!(rec.active[TK_SGI_ACTIVE] & b))
			tk_diag_add(&d, "in its handler (before EOI) "
				    "ISACTIVER0 = 0x%08x: SGI %d not active",
				    U(rec.active[TK_SGI_ACTIVE]), TK_SGI_ACTIVE);
		if (rec.pending[TK_SGI_ACTIVE] & b)
			tk_diag_add(&d, "in its handler ISPENDR0 = 0x%08x: SGI "
				    "%d still pending", U(rec.pending[TK_SGI_ACTIVE]),
				    TK_SGI_ACTIVE);
		v = tk_grd32(&g, gd(GICD_ISACTIVER));
		if (v & b)
			tk_diag_add(&d, "after EOI ISACTIVER0 = 0x%08x: SGI %d "
				    "still active", U(v), TK_SGI_ACTIVE);
	}
	irq_diag(&d, &st);
	report(&d);
}

static void gic_pmr_masks_lower_priority(void)
{
	const uint32_t b = 1u << TK_SGI_PMR;
	struct tk_diag d;
	struct guest_irq_stats st;
	uint32_t pmr, v;

	if (!begin("gic_pmr_masks_lower_priority", &d))
		return;
	irq_snapshot(&st);
	sgi_prepare(TK_SGI_PMR, TK_PRIO_LOW, NULL);
	tk_gwr32(&g, gc(GICC_PMR), 0x80);
	pmr = tk_grd32(&g, gc(GICC_PMR));
	if (pmr != 0x80)
		tk_diag_add(&d, "GICC_PMR reads 0x%02x after writing 0x80",
			    U(pmr));
	sgi_self(TK_SGI_PMR);
	guest_irq_spin(QUIET_MS);
	if (rec.count[TK_SGI_PMR])
		tk_diag_add(&d, "SGI %d (priority 0x%02x) taken with PMR 0x%02x",
			    TK_SGI_PMR, TK_PRIO_LOW, U(pmr));
	else if (!((v = tk_grd32(&g, gd(GICD_ISPENDR))) & b))
		tk_diag_add(&d, "masked by PMR, ISPENDR0 = 0x%08x: SGI %d not "
			    "pending", U(v), TK_SGI_PMR);
	tk_gwr32(&g, gc(GICC_PMR), 0xf0);
	if (!rec.count[TK_SGI_PMR] &&
	    !guest_irq_wait(&rec.count[TK_SGI_PMR], 1, WAIT_MS))
		tk_diag_add(&d, "SGI %d (priority 0x%02x) not taken within %u "
			    "ms of PMR = 0xf0", TK_SGI_PMR, TK_PRIO_LOW,
			    WAIT_MS);
	tk_gwr32(&g, gc(GICC_PMR), 0xff);
	irq_diag(&d, &st);
	report(&d);
}

static struct {
	volatile uint32_t low_in;       /* inside the low handler, unmasked */
	volatile uint32_t high_in_low;  /* high handler ran inside it */
	volatile uint32_t high_depth;   /* nesting depth the high one saw */
	volatile uint32_t seen_in_low;  /* high count when the low one ended */
} pre;

static void sgi_low_handler(uint32_t iar, void *arg)
{
	struct guest_poll p;

	sgi_record(iar, arg);
	pre.low_in = 1;
	guest_irq_enable();
	gicd_wr(GICD_SGIR, GICD_SGIR_SELF | TK_SGI_HIGH);
	guest_poll_start(&p, WAIT_MS);
	while (!rec.count[TK_SGI_HIGH] && !guest_poll_expired(&p))
		;
	guest_irq_disable();
	pre.low_in = 0;
	pre.seen_in_low = rec.count[TK_SGI_HIGH];
}

static void sgi_high_handler(uint32_t iar, void *arg)
{
	pre.high_in_low = pre.low_in;
	pre.high_depth = guest_irq_depth();
	sgi_record(iar, arg);
}

static void gic_preemption_by_higher_priority(void)
{
	struct tk_diag d;
	struct guest_irq_stats st;
	uint32_t bpr;

	if (!begin("gic_preemption_by_higher_priority", &d))
		return;
	irq_snapshot(&st);
	pre.low_in = pre.high_in_low = pre.high_depth = pre.seen_in_low = 0;
	sgi_prepare(TK_SGI_LOW, TK_PRIO_LOW, sgi_low_handler);
	sgi_prepare(TK_SGI_HIGH, TK_PRIO_HIGH, sgi_high_handler);
	tk_gwr32(&g, gc(GICC_BPR), 0); /* the minimum: group = all 5 bits */
	bpr = tk_grd32(&g, gc(GICC_BPR));
	sgi_self(TK_SGI_LOW);
	guest_irq_wait(&rec.count[TK_SGI_LOW], 1, WAIT_MS);
	guest_irq_wait(&rec.count[TK_SGI_HIGH], 1, WAIT_MS);
	if (!rec.count[TK_SGI_LOW])
		tk_diag_add(&d, "SGI %d (priority 0x%02x) not taken within %u "
			    "ms", TK_SGI_LOW, TK_PRIO_LOW, WAIT_MS);
	else if (!rec.count[TK_SGI_HIGH])
		tk_diag_add(&d, "SGI %d (priority 0x%02x), sent from SGI %d's "
			    "handler, never taken", TK_SGI_HIGH, TK_PRIO_HIGH,
			    TK_SGI_LOW);
	else if (!pre.high_in_low || !pre.seen_in_low)
		tk_diag_add(&d, "SGI %d (priority 0x%02x) was taken only after "
			    "SGI %d's (0x%02x) handler returned (GICC_BPR %u)",
			    TK_SGI_HIGH, TK_PRIO_HIGH, TK_SGI_LOW, TK_PRIO_LOW,
			    U(bpr));
	else if (pre.high_depth != 2)
		tk_diag_add(&d, "SGI %d's handler ran at nesting depth %u, "
			    "expected 2", TK_SGI_HIGH, U(pre.high_depth));
	if (rec.count[TK_SGI_LOW] > 1 || rec.count[TK_SGI_HIGH] > 1)
		tk_diag_add(&d, "SGI %d taken %u times, SGI %d %u times",
			    TK_SGI_LOW, U(rec.count[TK_SGI_LOW]), TK_SGI_HIGH,
			    U(rec.count[TK_SGI_HIGH]));
	irq_diag(&d, &st);
	report(&d);
}

/* ------------------------------------------------------------ limits */
static void gic_out_of_range_irq_harmless(void)
{
	struct tk_diag d;
	unsigned ids[2], n = 0;
	uint32_t v;

	if (!begin("gic_out_of_range_irq_harmless", &d))
		return;
	if (guest_gic.nr_irqs < GIC_MAX_IRQS) {
		ids[n++] = guest_gic.nr_irqs;
		if (guest_gic.nr_irqs != 1019)
			ids[n++] = 1019;
	} else { /* all 1020 implemented: the reserved INTIDs */
		ids[n++] = 1020;
		ids[n++] = 1023;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned id = ids[i];
		uint32_t w = word_of(id), b = bit_of(id);

		tk_gwr32(&g, gd(GICD_ISENABLER + w), b);
		if ((v = tk_grd32(&g, gd(GICD_ISENABLER + w))) & b)
			tk_diag_add(&d, "INTID %u: ISENABLER%u reads 0x%08x",
				    id, U(w / 4), U(v));
		tk_gwr32(&g, gd(GICD_ISPENDR + w), b);
		if ((v = tk_grd32(&g, gd(GICD_ISPENDR + w))) & b)
			tk_diag_add(&d, "INTID %u: ISPENDR%u reads 0x%08x",
				    id, U(w / 4), U(v));
		tk_gwr8(&g, gd(GICD_IPRIORITYR + id), TK_PRIO_LOW);
		if ((v = tk_grd8(&g, gd(GICD_IPRIORITYR + id))) != 0)
			tk_diag_add(&d, "INTID %u: IPRIORITYR byte reads 0x%02x",
				    id, U(v));
		tk_gwr8(&g, gd(GICD_ITARGETSR + id), 0x01);
		if ((v = tk_grd8(&g, gd(GICD_ITARGETSR + id))) != 0)
			tk_diag_add(&d, "INTID %u: ITARGETSR byte reads 0x%02x",
				    id, U(v));
		tk_gwr32(&g, gd(GICD_ICENABLER + w), b);
		tk_gwr32(&g, gd(GICD_ICPENDR + w), b);
	}
	report(&d);
}

static void gic_readonly_writes_ignored(void)
{
	static const uint32_t regs[] = {GICD_TYPER, GICD_IIDR, GICD_ICFGR};
	static const char *const names[] = {"GICD_TYPER", "GICD_IIDR",
					    "GICD_ICFGR0 (SGIs)"};
	struct tk_diag d;
	uint32_t before, after;

	if (!begin("gic_readonly_writes_ignored", &d))
		return;
	for (unsigned i = 0; i < 3; i++) {
		before = tk_grd32(&g, gd(regs[i]));
		tk_gwr32(&g, gd(regs[i]), ~before);
		after = tk_grd32(&g, gd(regs[i]));
		if (after != before)
			tk_diag_add(&d, "%s: 0x%08x, then 0x%08x after writing "
				    "0x%08x", names[i], U(before), U(after),
				    U(~before));
	}
	report(&d);
}

void tk_check_gic(void)
{
	tk_gic_setup();
	gic_iidr_and_typer_reset();
	gic_spi_targets_reset();
	gic_sgi_config_reset();
	gic_priority_reset();
	gic_active_reset();
	gic_private_targets_reset();
	gic_typer_reports_guest_irqs();
	gic_distributor_ids();
	gic_enable_disable_readback();
	gic_pending_readback();
	gic_priority_byte_access();
	gic_targets_byte_access();
	gic_sgi_to_self();
	if (tk_plat.nr_vcpus > 1)
		gic_sgi_to_other_vcpu();
	gic_active_state_readback();
	gic_pmr_masks_lower_priority();
	gic_preemption_by_higher_priority();
	gic_out_of_range_irq_harmless();
	gic_readonly_writes_ignored();
}
