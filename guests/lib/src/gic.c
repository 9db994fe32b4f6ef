/*
 * GIC set-up and the C side of the IRQ vector: acknowledge, dispatch to
 * the handler registered for the INTID, complete. Every distributor access
 * is a single LDR/STR (LDRB/STRB for the byte registers) with a plain
 * register address, so that it traps with a valid syndrome.
 */
#include <guest/guest.h>

#include <string.h>

_Static_assert(sizeof(struct guest_irq_frame) == 64, "start.S builds a "
	       "64-byte IRQ frame");

struct guest_gic guest_gic;

/* ---------------------------------------------------------------- state */
struct irq_cpu {
	guest_irq_fn fn[GIC_NR_PRIVATE]; /* SGIs and PPIs: banked per vCPU */
	void *arg[GIC_NR_PRIVATE];
	volatile uint32_t entries, spurious, unhandled, last_unhandled;
	volatile uint32_t wfi_woken, wfi_skipped;
	volatile uint32_t depth;
	volatile uint32_t pc; /* where the latest IRQ interrupted */
	volatile uint64_t at; /* CNTVCT when it was taken */
} __attribute__((aligned(64)));

static struct irq_cpu irq_cpu[GUEST_MAX_VCPUS];
static guest_irq_fn spi_fn[GIC_MAX_IRQS - GIC_NR_PRIVATE];
static void *spi_arg[GIC_MAX_IRQS - GIC_NR_PRIVATE];

static struct irq_cpu *my_irq(void)
{
	return &irq_cpu[guest_cpu_index() % GUEST_MAX_VCPUS];
}

void guest_irq_set_handler(unsigned intid, guest_irq_fn fn, void *arg)
{
	struct irq_cpu *s = my_irq();

	if (intid < GIC_NR_PRIVATE) {
		s->arg[intid] = arg;
		guest_dmb();
		s->fn[intid] = fn;
	} else if (intid < GIC_MAX_IRQS) {
		spi_arg[intid - GIC_NR_PRIVATE] = arg;
		guest_dmb();
		spi_fn[intid - GIC_NR_PRIVATE] = fn;
	}
	guest_dsb();
}

uint64_t guest_irq_entry_time(void) { return my_irq()->at; }
uint32_t guest_irq_entry_pc(void) { return my_irq()->pc; }
unsigned guest_irq_depth(void) { return my_irq()->depth; }

void guest_irq_stats(struct guest_irq_stats *st)
{
	struct irq_cpu *s = my_irq();

	st->entries = s->entries;
	st->spurious = s->spurious;
	st->unhandled = s->unhandled;
	st->last_unhandled = s->last_unhandled;
	st->wfi_woken = s->wfi_woken;
	st->wfi_skipped = s->wfi_skipped;
}

/* ---------------------------------------------------------------- dispatch */
/* An IRQ before the GIC is set up: an unexpected exception. */
static void __attribute__((noreturn))
irq_unexpected(struct guest_irq_frame *f)
{
	struct guest_frame tf;

	tf.spsr = f->spsr;
	tf.pad = 0;
	memcpy(tf.r, f->r, sizeof(tf.r));
	tf.pc = f->pc;
	guest_unexpected(EXC_IRQ, &tf);
}

void guest_irq_entry(struct guest_irq_frame *f)
{
	struct irq_cpu *s = my_irq();
	uint64_t now = guest_cntvct();
	uint32_t iar, id;
	guest_irq_fn fn;
	void *arg;

	if (!guest_gic.ok)
		irq_unexpected(f);
	s->at = now;
	s->pc = f->pc;
	s->entries++;
	if (f->pc == (uint32_t)guest_wfi_insn) {
		f->pc += 4; /* taken before the WFI: do not wait in it */
		s->wfi_skipped++;
	} else if (f->pc == (uint32_t)guest_wfi_insn + 4) {
		s->wfi_woken++;
	}

	iar = gicc_rd(GICC_IAR);
	id = GIC_IAR_ID(iar);
	if (id >= GIC_MAX_IRQS) { /* 1023: spurious, nothing to complete */
		s->spurious++;
		return;
	}
	s->depth++;
	if (id < GIC_NR_PRIVATE) {
		fn = s->fn[id];
		arg = s->arg[id];
	} else {
		fn = spi_fn[id - GIC_NR_PRIVATE];
		arg = spi_arg[id - GIC_NR_PRIVATE];
	}
	if (fn) {
		fn(iar, arg);
		guest_irq_disable(); /* a handler may have unmasked them */
	} else {
		s->unhandled++;
		s->last_unhandled = id;
		if (id >= GIC_NR_SGIS) /* a level one would come straight back */
			guest_gic_disable(id);
	}
	guest_isb(); /* the handler's system register writes (timer) first */
	guest_dsb(); /* and its device writes */
	gicc_wr(GICC_EOIR, iar);
	s->depth--;
}

/* ---------------------------------------------------------------- waits */
bool guest_irq_wait(volatile uint32_t *p, uint32_t want, uint32_t ms)
{
	uint32_t cpsr = guest_irq_save();
	struct guest_poll t;
	bool ok;

	guest_poll_start(&t, ms);
	guest_irq_enable();
	while (!(ok = *p >= want) && !guest_poll_expired(&t))
		;
	guest_irq_restore(cpsr);
	return ok;
}

void guest_irq_spin(uint32_t ms)
{
	uint32_t cpsr = guest_irq_save();
	struct guest_poll t;

	guest_poll_start(&t, ms);
	guest_irq_enable();
	while (!guest_poll_expired(&t))
		;
	guest_irq_restore(cpsr);
}

/* ---------------------------------------------------------------- set-up */
void guest_gic_enable(unsigned intid)
{
	gicd_wr(GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void guest_gic_disable(unsigned intid)
{
	gicd_wr(GICD_ICENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void guest_gic_clear_pending(unsigned intid)
{
	gicd_wr(GICD_ICPENDR + 4 * (intid / 32), 1u << (intid % 32));
}

void guest_gic_set_priority(unsigned intid, uint32_t prio)
{
	gicd_wr8(GICD_IPRIORITYR + intid, prio & 0xffu);
}

void guest_gic_send_sgi(unsigned sgi, uint32_t targets)
{
	guest_dsb(); /* what the SGI announces is visible first */
	gicd_wr(GICD_SGIR, GICD_SGIR_TARGETS(targets) | (sgi & 0xfu));
}

void guest_gic_cpu_init(void)
{
	gicc_wr(GICC_CTLR, 0);
	gicc_wr(GICC_PMR, 0xff); /* everything passes (reads 0xf8) */
	gicc_wr(GICC_BPR, 0);    /* smallest binary point: full preemption */
	gicd_wr(GICD_ICENABLER, 0xffff0000u); /* own PPIs off */
	gicc_wr(GICC_CTLR, GICC_CTLR_ENABLE);
	guest_dsb();
}

void guest_gic_init(uint32_t gicd, uint32_t gicc)
{
	guest_gic.gicd = gicd;
	guest_gic.gicc = gicc;
	guest_gic.typer = gicd_rd(GICD_TYPER);
	guest_gic.nr_irqs = 32u * (GICD_TYPER_ITLINES(guest_gic.typer) + 1);
	if (guest_gic.nr_irqs > GIC_MAX_IRQS)
		guest_gic.nr_irqs = GIC_MAX_IRQS;
	gicd_wr(GICD_CTLR, GICD_CTLR_ENABLE);
	guest_gic_cpu_init();
	guest_dmb();
	guest_gic.ok = true;
	guest_dsb();
}
