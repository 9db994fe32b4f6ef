/*
 * Interrupt runtime: GIC set-up, the C side of the IRQ vector (acknowledge,
 * dispatch to the handler registered for the INTID, complete), guarded MMIO
 * for the checks, bounded waits with IRQs unmasked, and the interrupt
 * workers (secondary vCPUs restarted to take and send SGIs).
 *
 * The GIC is the guest's view of a GICv2 (IHI 0048B): an emulated
 * distributor and, at the GICC address, the hardware virtual CPU interface.
 * Every distributor access is a single 32-bit LDR/STR (or LDRB/STRB for the
 * byte registers) with a plain register address, so that it traps with a
 * valid syndrome.
 */
#include "testkit.h"

#include <stdio.h>
#include <string.h>

#define U(x) ((unsigned)(x))

_Static_assert(sizeof(struct tk_irq_frame) == 64, "start.S builds a 64-byte "
	       "IRQ frame");

struct tk_gic tk_gic;

/* ---------------------------------------------------------------- state */
struct irq_cpu {
	tk_irq_fn fn[32]; /* SGIs and PPIs: banked per vCPU */
	void *arg[32];
	volatile uint32_t entries, spurious, unhandled, last_unhandled;
	volatile uint32_t wfi_woken, wfi_skipped;
	volatile uint32_t depth;
	volatile uint32_t pc;  /* where the latest IRQ interrupted */
	volatile uint64_t at;  /* CNTVCT when it was taken */
} __attribute__((aligned(64)));

static struct irq_cpu irq_cpu[TK_MAX_VCPUS];
static tk_irq_fn spi_fn[GIC_MAX_IRQS - 32];
static void *spi_arg[GIC_MAX_IRQS - 32];

static struct irq_cpu *my_irq(void)
{
	return &irq_cpu[tk_cpu_index() % TK_MAX_VCPUS];
}

void tk_irq_set_handler(unsigned intid, tk_irq_fn fn, void *arg)
{
	struct irq_cpu *s = my_irq();

	if (intid < 32) {
		s->arg[intid] = arg;
		tk_dmb();
		s->fn[intid] = fn;
	} else if (intid < GIC_MAX_IRQS) {
		spi_arg[intid - 32] = arg;
		tk_dmb();
		spi_fn[intid - 32] = fn;
	}
	tk_dsb();
}

uint64_t tk_irq_entry_time(void) { return my_irq()->at; }
uint32_t tk_irq_entry_pc(void) { return my_irq()->pc; }
unsigned tk_irq_depth(void) { return my_irq()->depth; }

void tk_irq_stats(struct tk_irq_stats *st)
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
/* An IRQ before the GIC is set up: the ordinary unexpected-exception report. */
static void __attribute__((noreturn)) irq_unexpected(struct tk_irq_frame *f)
{
	struct tk_frame tf;

	tf.spsr = f->spsr;
	tf.pad = 0;
	memcpy(tf.r, f->r, sizeof(tf.r));
	tf.pc = f->pc;
	tk_exception(TK_EXC_IRQ, &tf); /* never armed for IRQs: does not return */
	tk_park();
}

void tk_irq_entry(struct tk_irq_frame *f)
{
	struct irq_cpu *s = my_irq();
	uint64_t now = tk_cntvct();
	uint32_t iar, id;
	tk_irq_fn fn;
	void *arg;

	if (!tk_gic.ok)
		irq_unexpected(f);
	s->at = now;
	s->pc = f->pc;
	s->entries++;
	if (f->pc == (uint32_t)tk_wfi_insn) {
		f->pc += 4; /* taken before the WFI: do not wait in it */
		s->wfi_skipped++;
	} else if (f->pc == (uint32_t)tk_wfi_insn + 4) {
		s->wfi_woken++;
	}

	iar = tk_gicc_rd(GICC_IAR);
	id = GIC_IAR_ID(iar);
	if (id >= GIC_MAX_IRQS) { /* 1023: spurious, nothing to complete */
		s->spurious++;
		return;
	}
	s->depth++;
	if (id < 32) {
		fn = s->fn[id];
		arg = s->arg[id];
	} else {
		fn = spi_fn[id - 32];
		arg = spi_arg[id - 32];
	}
	if (fn) {
		fn(iar, arg);
		tk_irq_disable(); /* a handler may have unmasked them */
	} else {
		s->unhandled++;
		s->last_unhandled = id;
		if (id >= 16) /* a level interrupt would come straight back */
			tk_gicd_wr(GICD_ICENABLER + 4 * (id / 32),
				   1u << (id % 32));
	}
	tk_isb(); /* the handler's system register writes (timer) first */
	tk_dsb(); /* and its device writes */
	tk_gicc_wr(GICC_EOIR, iar);
	s->depth--;
}

/* ---------------------------------------------------------------- waits */
bool tk_irq_wait(volatile uint32_t *p, uint32_t want, uint32_t ms)
{
	uint32_t cpsr = tk_irq_save();
	struct tk_poll t;
	bool ok;

	tk_poll_start(&t, ms);
	tk_irq_enable();
	while (!(ok = *p >= want) && !tk_poll_expired(&t))
		;
	tk_irq_restore(cpsr);
	return ok;
}

void tk_irq_spin(uint32_t ms)
{
	uint32_t cpsr = tk_irq_save();
	struct tk_poll t;

	tk_poll_start(&t, ms);
	tk_irq_enable();
	while (!tk_poll_expired(&t))
		;
	tk_irq_restore(cpsr);
}

/* ---------------------------------------------------------------- guards */
static void guard_note(struct tk_guard *g, uint32_t addr, bool write,
		       const struct tk_caught *c)
{
	if (c->type < 0)
		return;
	if (g->faults++ == 0) {
		g->addr = addr;
		g->write = write;
		g->c = *c;
	}
}

uint32_t tk_grd32(struct tk_guard *g, uint32_t addr)
{
	uint32_t cpsr = tk_irq_save(), v;
	struct tk_caught c;

	tk_expect(TK_EXPECT_DABT);
	v = tk_ld32(addr);
	tk_expect_done(&c);
	tk_irq_restore(cpsr);
	guard_note(g, addr, false, &c);
	return v;
}

void tk_gwr32(struct tk_guard *g, uint32_t addr, uint32_t v)
{
	uint32_t cpsr = tk_irq_save();
	struct tk_caught c;

	tk_expect(TK_EXPECT_DABT);
	tk_st32(addr, v);
	tk_expect_done(&c);
	tk_irq_restore(cpsr);
	guard_note(g, addr, true, &c);
}

/* As tk_ld32()/tk_st32(): one access, then a NOP, so that resuming one
 * instruction after an aborted access is harmless. */
static uint32_t ld8_guarded(uint32_t addr)
{
	uint32_t v = 0xefu;

	__asm__ volatile("ldrb %0, [%1]\n\tnop" : "+r"(v) : "r"(addr)
			 : "memory");
	return v;
}

static void st8_guarded(uint32_t addr, uint32_t v)
{
	__asm__ volatile("strb %0, [%1]\n\tnop" : : "r"(v), "r"(addr)
			 : "memory");
}

uint32_t tk_grd8(struct tk_guard *g, uint32_t addr)
{
	uint32_t cpsr = tk_irq_save(), v;
	struct tk_caught c;

	tk_expect(TK_EXPECT_DABT);
	v = ld8_guarded(addr);
	tk_expect_done(&c);
	tk_irq_restore(cpsr);
	guard_note(g, addr, false, &c);
	return v;
}

void tk_gwr8(struct tk_guard *g, uint32_t addr, uint32_t v)
{
	uint32_t cpsr = tk_irq_save();
	struct tk_caught c;

	tk_expect(TK_EXPECT_DABT);
	st8_guarded(addr, v & 0xffu);
	tk_expect_done(&c);
	tk_irq_restore(cpsr);
	guard_note(g, addr, true, &c);
}

void tk_guard_report(struct tk_diag *d, const struct tk_guard *g)
{
	if (!g->faults)
		return;
	tk_diag_add(d, "%u access(es) raised a %s, the first a %s of 0x%08x "
		    "(FAR 0x%08x, FSR 0x%08x)", g->faults,
		    tk_exc_name(g->c.type), g->write ? "write" : "read",
		    U(g->addr), U(g->c.far), U(g->c.fsr));
}

/* ---------------------------------------------------------------- set-up */
void tk_gic_cpu_init(void)
{
	tk_gicc_wr(GICC_CTLR, 0);
	tk_gicc_wr(GICC_PMR, 0xff);   /* everything passes (reads 0xf8) */
	tk_gicc_wr(GICC_BPR, 0);      /* smallest binary point: full preemption */
	tk_gicd_wr(GICD_ICENABLER, 0xffff0000u); /* own PPIs off */
	tk_gicc_wr(GICC_CTLR, 1);     /* EnableGrp0, IRQ signalling */
	tk_dsb();
}

void tk_gic_setup(void)
{
	struct tk_guard g = {0};
	uint32_t typer;

	if (tk_gic.ok)
		return;
	if (!tk_plat.has_gic) {
		snprintf(tk_gic.why, sizeof(tk_gic.why), "%s", tk_plat.gic_why);
		return;
	}
	tk_gic.gicd = tk_plat.gicd;
	tk_gic.gicc = tk_plat.gicc;
	typer = tk_grd32(&g, tk_gic.gicd + GICD_TYPER);
	if (!g.faults)
		(void)tk_grd32(&g, tk_gic.gicc + GICC_CTLR);
	if (!g.faults)
		tk_gwr32(&g, tk_gic.gicd + GICD_CTLR, 1);
	if (g.faults) {
		snprintf(tk_gic.why, sizeof(tk_gic.why), "GIC (GICD 0x%08x, "
			 "GICC 0x%08x) unusable: the %s of 0x%08x raised a %s "
			 "(FAR 0x%08x, FSR 0x%08x)", U(tk_gic.gicd),
			 U(tk_gic.gicc), g.write ? "write" : "read", U(g.addr),
			 tk_exc_name(g.c.type), U(g.c.far), U(g.c.fsr));
		return;
	}
	tk_gic.typer = typer;
	tk_gic.nr_irqs = 32u * ((typer & 0x1fu) + 1);
	if (tk_gic.nr_irqs > GIC_MAX_IRQS)
		tk_gic.nr_irqs = GIC_MAX_IRQS;
	tk_gic_cpu_init();
	tk_dmb();
	tk_gic.ok = true;
	tk_dsb();
}

/* ---------------------------------------------------------------- workers */
#define WORKER_START_MS 10000u
#define CMD_NONE 0u
#define CMD_FLOOD 1u

struct worker {
	volatile uint32_t started; /* CPU_ON accepted, not yet ready */
	volatile uint32_t ready;   /* CPU interface set up, taking IRQs */
	volatile uint32_t cmd_seq, done_seq, cmd;
	volatile uint32_t sgir;
	volatile uint64_t until;
	volatile uint32_t sent;
	volatile uint32_t sgi_count[16];
	volatile uint32_t sgi_iar[16];
	volatile uint32_t unexpected;
	volatile uint32_t itargetsr[8]; /* GICD_ITARGETSR0-7 as it came up */
	char what[160];
} __attribute__((aligned(64)));

static struct worker workers[TK_MAX_VCPUS];

static void worker_sgi(uint32_t iar, void *arg)
{
	struct worker *w = arg;
	unsigned id = GIC_IAR_ID(iar);

	w->sgi_iar[id] = iar;
	w->sgi_count[id]++;
}

static void worker_flood(struct worker *w)
{
	uint32_t sgir = w->sgir, sent = 0;
	uint64_t until = w->until;

	tk_irq_enable();
	do { /* at least once, even if started after `until` */
		tk_gicd_wr(GICD_SGIR, sgir);
		sent++;
	} while (tk_cntvct() < until);
	w->sent = sent;
	tk_irq_spin(20); /* take what is still on its way */
	tk_irq_disable();
}

void tk_worker_main(unsigned cpu)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];
	uint32_t seen;

	/* Before this vCPU writes anything: its banked reset values. */
	for (unsigned i = 0; i < 8; i++)
		w->itargetsr[i] = tk_ld32(tk_gic.gicd + GICD_ITARGETSR + 4 * i);
	tk_gic_cpu_init();
	for (unsigned i = 0; i < 16; i++) {
		tk_irq_set_handler(i, worker_sgi, w);
		tk_st8(tk_gic.gicd + GICD_IPRIORITYR + i, TK_PRIO_LOW);
	}
	seen = w->cmd_seq;
	tk_dmb();
	w->ready = 1;
	tk_dsb();
	tk_sev();
	tk_irq_disable();
	for (;;) {
		if (w->cmd_seq != seen) {
			seen = w->cmd_seq;
			tk_dmb();
			if (w->cmd == CMD_FLOOD)
				worker_flood(w);
			tk_dmb();
			w->done_seq = seen;
			tk_dsb();
			tk_sev();
			continue;
		}
		tk_wfi_irq(); /* an SGI (the doorbell) wakes it */
	}
}

void tk_worker_note_unexpected(unsigned cpu, const char *what)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];

	if (!w->started)
		return;
	strncpy(w->what, what, sizeof(w->what) - 1);
	tk_dmb();
	w->unexpected = 1;
	w->ready = 0;
	tk_dsb();
}

int tk_worker_ensure(unsigned cpu, char *why, size_t whylen)
{
	struct worker *w;
	struct tk_poll p;
	int32_t r;

	if (cpu >= tk_plat.nr_vcpus || cpu == tk_boot.cpu) {
		snprintf(why, whylen, "no vCPU %u to start as a worker", cpu);
		return -1;
	}
	w = &workers[cpu];
	if (w->ready)
		return 0;
	if (w->unexpected) {
		snprintf(why, whylen, "worker vCPU %u: %s", cpu, w->what);
		return -1;
	}
	if (!tk_gic.ok) {
		snprintf(why, whylen, "%s", tk_gic.why);
		return -1;
	}
	w->started = 1;
	tk_dsb();
	r = tk_psci(PSCI_FN_CPU_ON, cpu, (uint32_t)tk_secondary_entry,
		    TK_CTX_WORKER + cpu);
	if (r != PSCI_SUCCESS) {
		w->started = 0;
		snprintf(why, whylen, "CPU_ON(%u) as an interrupt worker "
			 "returned %d", cpu, (int)r);
		return -1;
	}
	tk_poll_start(&p, WORKER_START_MS);
	while (!w->ready && !w->unexpected && !tk_poll_expired(&p))
		;
	tk_dmb();
	if (w->ready)
		return 0;
	if (w->unexpected)
		snprintf(why, whylen, "worker vCPU %u: %s", cpu, w->what);
	else
		snprintf(why, whylen, "worker vCPU %u not ready within %u ms "
			 "of CPU_ON", cpu, WORKER_START_MS);
	return -1;
}

void tk_worker_reset_counts(unsigned cpu)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];

	for (unsigned i = 0; i < 16; i++) {
		w->sgi_count[i] = 0;
		w->sgi_iar[i] = 0;
	}
	tk_dsb();
}

uint32_t tk_worker_sgi_count(unsigned cpu, unsigned sgi)
{
	return workers[cpu % TK_MAX_VCPUS].sgi_count[sgi & 15];
}

uint32_t tk_worker_sgi_iar(unsigned cpu, unsigned sgi)
{
	return workers[cpu % TK_MAX_VCPUS].sgi_iar[sgi & 15];
}

uint32_t tk_worker_itargetsr(unsigned cpu, unsigned n)
{
	return workers[cpu % TK_MAX_VCPUS].itargetsr[n & 7];
}

int tk_worker_flood(unsigned cpu, uint32_t sgir, uint64_t until)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];

	if (!w->ready)
		return -1;
	w->sgir = sgir;
	w->until = until;
	w->sent = 0;
	w->cmd = CMD_FLOOD;
	tk_dmb();
	w->cmd_seq++;
	tk_dsb();
	tk_gicd_wr(GICD_SGIR, GIC_SGIR_TARGETS(1u << cpu) | TK_SGI_DOORBELL);
	return 0;
}

bool tk_worker_wait_done(unsigned cpu, uint32_t ms, uint32_t *sent)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];
	struct tk_poll p;

	tk_poll_start(&p, ms);
	while (w->done_seq != w->cmd_seq && !w->unexpected &&
	       !tk_poll_expired(&p))
		;
	tk_dmb();
	*sent = w->sent;
	return w->done_seq == w->cmd_seq;
}
