/*
 * The kit's interrupt helpers on top of the runtime's GIC support
 * (guests/lib gic.h: set-up, dispatch, waits): guarded MMIO for the checks,
 * the probing GIC set-up, and the interrupt workers (secondary vCPUs
 * restarted to take and send SGIs).
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

struct tk_gic tk_gic;

/* ---------------------------------------------------------------- guards */
static void guard_note(struct tk_guard *g, uint32_t addr, bool write,
		       const struct guest_caught *c)
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
	uint32_t cpsr = guest_irq_save(), v;
	struct guest_caught c;

	guest_expect(EXPECT_DABT);
	v = guest_ld32(addr);
	guest_expect_done(&c);
	guest_irq_restore(cpsr);
	guard_note(g, addr, false, &c);
	return v;
}

void tk_gwr32(struct tk_guard *g, uint32_t addr, uint32_t v)
{
	uint32_t cpsr = guest_irq_save();
	struct guest_caught c;

	guest_expect(EXPECT_DABT);
	guest_st32(addr, v);
	guest_expect_done(&c);
	guest_irq_restore(cpsr);
	guard_note(g, addr, true, &c);
}

uint32_t tk_grd8(struct tk_guard *g, uint32_t addr)
{
	uint32_t cpsr = guest_irq_save(), v;
	struct guest_caught c;

	guest_expect(EXPECT_DABT);
	v = guest_ld8(addr); /* one access, then a NOP (cpu.h) */
	guest_expect_done(&c);
	guest_irq_restore(cpsr);
	guard_note(g, addr, false, &c);
	return v;
}

void tk_gwr8(struct tk_guard *g, uint32_t addr, uint32_t v)
{
	uint32_t cpsr = guest_irq_save();
	struct guest_caught c;

	guest_expect(EXPECT_DABT);
	guest_st8(addr, v & 0xffu);
	guest_expect_done(&c);
	guest_irq_restore(cpsr);
	guard_note(g, addr, true, &c);
}

void tk_guard_report(struct tk_diag *d, const struct tk_guard *g)
{
	if (!g->faults)
		return;
	tk_diag_add(d, "%u access(es) raised a %s, the first a %s of 0x%08x "
		    "(FAR 0x%08x, FSR 0x%08x)", g->faults,
		    guest_exc_name(g->c.type), g->write ? "write" : "read",
		    U(g->addr), U(g->c.far), U(g->c.fsr));
}

/* ---------------------------------------------------------------- set-up */
/* The runtime's guest_gic_init(), once guarded accesses have shown that
 * the frames the tree gives answer at all. */
void tk_gic_setup(void)
{
	struct tk_guard g = {0};
	uint32_t gicd = guest_plat.gicd, gicc = guest_plat.gicc;

	if (tk_gic.ok)
		return;
	if (!guest_plat.has_gic) {
		snprintf(tk_gic.why, sizeof(tk_gic.why), "%s",
			 guest_plat.gic_why);
		return;
	}
	(void)tk_grd32(&g, gicd + GICD_TYPER);
	if (!g.faults)
		(void)tk_grd32(&g, gicc + GICC_CTLR);
	if (!g.faults)
		tk_gwr32(&g, gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	if (g.faults) {
		snprintf(tk_gic.why, sizeof(tk_gic.why), "GIC (GICD 0x%08x, "
			 "GICC 0x%08x) unusable: the %s of 0x%08x raised a %s "
			 "(FAR 0x%08x, FSR 0x%08x)", U(gicd), U(gicc),
			 g.write ? "write" : "read", U(g.addr),
			 guest_exc_name(g.c.type), U(g.c.far), U(g.c.fsr));
		return;
	}
	guest_gic_init(gicd, gicc);
	guest_dmb();
	tk_gic.ok = true;
	guest_dsb();
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

	guest_irq_enable();
	do { /* at least once, even if started after `until` */
		gicd_wr(GICD_SGIR, sgir);
		sent++;
	} while (guest_cntvct() < until);
	w->sent = sent;
	guest_irq_spin(20); /* take what is still on its way */
	guest_irq_disable();
}

void tk_worker_main(unsigned cpu)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];
	uint32_t seen;

	/* Before this vCPU writes anything: its banked reset values. */
	for (unsigned i = 0; i < 8; i++)
		w->itargetsr[i] = guest_ld32(guest_gic.gicd +
					     GICD_ITARGETSR + 4 * i);
	guest_gic_cpu_init();
	for (unsigned i = 0; i < 16; i++) {
		guest_irq_set_handler(i, worker_sgi, w);
		guest_st8(guest_gic.gicd + GICD_IPRIORITYR + i, TK_PRIO_LOW);
	}
	seen = w->cmd_seq;
	guest_dmb();
	w->ready = 1;
	guest_dsb();
	guest_sev();
	guest_irq_disable();
	for (;;) {
		if (w->cmd_seq != seen) {
			seen = w->cmd_seq;
			guest_dmb();
			if (w->cmd == CMD_FLOOD)
				worker_flood(w);
			guest_dmb();
			w->done_seq = seen;
			guest_dsb();
			guest_sev();
			continue;
		}
		guest_wfi_irq(); /* an SGI (the doorbell) wakes it */
	}
}

void tk_worker_note_unexpected(unsigned cpu, const char *what)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];

	if (!w->started)
		return;
	strncpy(w->what, what, sizeof(w->what) - 1);
	guest_dmb();
	w->unexpected = 1;
	w->ready = 0;
	guest_dsb();
}

int tk_worker_ensure(unsigned cpu, char *why, size_t whylen)
{
	struct worker *w;
	struct guest_poll p;
	int32_t r;

	if (cpu >= tk_plat.nr_vcpus || cpu == guest_boot.cpu) {
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
	guest_dsb();
	r = guest_psci(PSCI_FN_CPU_ON, cpu, (uint32_t)guest_secondary_entry,
		       TK_CTX_WORKER + cpu);
	if (r != PSCI_SUCCESS) {
		w->started = 0;
		snprintf(why, whylen, "CPU_ON(%u) as an interrupt worker "
			 "returned %d", cpu, (int)r);
		return -1;
	}
	guest_poll_start(&p, WORKER_START_MS);
	while (!w->ready && !w->unexpected && !guest_poll_expired(&p))
		;
	guest_dmb();
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
	guest_dsb();
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
	guest_dmb();
	w->cmd_seq++;
	guest_dsb();
	gicd_wr(GICD_SGIR, GICD_SGIR_TARGETS(1u << cpu) | TK_SGI_DOORBELL);
	return 0;
}

bool tk_worker_wait_done(unsigned cpu, uint32_t ms, uint32_t *sent)
{
	struct worker *w = &workers[cpu % TK_MAX_VCPUS];
	struct guest_poll p;

	guest_poll_start(&p, ms);
	while (w->done_seq != w->cmd_seq && !w->unexpected &&
	       !guest_poll_expired(&p))
		;
	guest_dmb();
	*sent = w->sent;
	return w->done_seq == w->cmd_seq;
}
