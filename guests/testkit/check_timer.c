/*
 * The virtual timer's interrupt: a PPI (the third interrupt of the tree's
 * "arm,armv7-timer" node, INTID 27 normally), level-sensitive, on the
 * vCPU's own CPU interface. The handler records CNTVCT as the IRQ was taken
 * (tk_irq_entry_time()) and, before the EOI, reprograms the timer for the
 * next period (CVAL += period) or turns it off, or it would fire again.
 */
#include "testkit.h"

#define U(x) ((unsigned)(x))
/*
 * Generous on purpose: under QEMU the emulated CPUs share the host's cores,
 * so a tick can come many milliseconds late without anything being wrong.
 * The checks are about interrupts arriving (and not early); the measured
 * lateness is reported, not judged. The bounds only end a wait for an
 * interrupt that never comes, so they are seconds (a loaded host can stop a
 * vCPU thread for a long time), and a wait ends as soon as it arrives.
 */
#define LATE_MAX_MS 10000u /* "never came" for the one-shot */
#define GRACE_MS 10000u    /* after the last deadline, before giving up */
#define WFI_WAIT_MS 5000u
#define WFI_ATTEMPTS 6     /* the timer 1, 4, 16, ... 1024 ms ahead */

static struct tk_guard g;

static struct {
	volatile uint32_t remaining; /* interrupts still expected */
	volatile uint32_t count;     /* taken at or after their CVAL */
	volatile uint32_t early;     /* taken with the timer not yet due */
	volatile uint32_t stray;     /* taken with the timer off */
	volatile uint32_t max_late;
	volatile uint64_t sum_late;
	volatile uint64_t cval, period;
	volatile uint64_t first_at;
	volatile uint32_t first_pc;
	volatile uint32_t early_ctl;
} vt;

static void vt_handler(uint32_t iar, void *arg)
{
	uint64_t at = tk_irq_entry_time(), late;
	uint32_t ctl = tk_cntv_ctl_read();

	(void)iar;
	(void)arg;
	if (!vt.remaining || !(ctl & CNTV_CTL_ENABLE)) {
		vt.stray++;
		tk_cntv_ctl_write(0);
		return;
	}
	if (at < vt.cval) { /* not due: the real one comes later */
		vt.early++;
		vt.early_ctl = ctl;
		return;
	}
	if (vt.count == 0) {
		vt.first_at = at;
		vt.first_pc = tk_irq_entry_pc();
	}
	late = at - vt.cval;
	if (late > 0xffffffffu)
		late = 0xffffffffu;
	if (late > vt.max_late)
		vt.max_late = (uint32_t)late;
	vt.sum_late += late;
	vt.count++;
	if (--vt.remaining) {
		vt.cval += vt.period;
		tk_cntv_cval_write(vt.cval);
	} else {
		tk_cntv_ctl_write(0);
	}
	tk_isb();
}

/* The timer's PPI on, with nothing stale pending; the timer itself off. */
static void vt_irq_on(void)
{
	unsigned id = tk_plat.vtimer_irq;

	tk_cntv_ctl_write(0);
	tk_isb();
	vt.remaining = 0;
	tk_irq_set_handler(id, vt_handler, NULL);
	tk_gwr8(&g, tk_gic.gicd + GICD_IPRIORITYR + id, TK_PRIO_LOW);
	tk_gwr32(&g, tk_gic.gicd + GICD_ICPENDR, 1u << id);
	tk_gwr32(&g, tk_gic.gicd + GICD_ISENABLER, 1u << id);
	tk_irq_spin(1); /* anything left from earlier shows as stray now */
}

static void vt_irq_off(void)
{
	tk_cntv_ctl_write(0);
	tk_isb();
	vt.remaining = 0;
	tk_gwr32(&g, tk_gic.gicd + GICD_ICENABLER, 1u << tk_plat.vtimer_irq);
}

/* n interrupts: the first `delay` ticks from now, then every `period`. */
static void vt_arm(unsigned n, uint64_t delay, uint64_t period)
{
	tk_cntv_ctl_write(0);
	tk_isb();
	vt.count = vt.early = 0;
	vt.max_late = 0;
	vt.sum_late = 0;
	vt.first_at = 0;
	vt.first_pc = 0;
	vt.period = period;
	vt.remaining = n;
	vt.cval = tk_cntvct() + delay;
	tk_cntv_cval_write(vt.cval);
	tk_isb();
	tk_cntv_ctl_write(CNTV_CTL_ENABLE);
	tk_isb();
}

static uint32_t us(uint64_t ticks)
{
	uint32_t frq = tk_cntfrq();

	return frq ? (uint32_t)(ticks * 1000000u / frq) : 0;
}

static bool begin(const char *name)
{
	tk_begin(name);
	g.faults = 0;
	if (!tk_gic.ok)
		tk_fail("%s", tk_gic.why);
	else if (!tk_plat.has_vtimer)
		tk_fail("%s", tk_plat.timer_why);
	else if (!tk_cntfrq())
		tk_fail("CNTFRQ reads 0: cannot time the virtual timer");
	else
		return true;
	return false;
}

/* ------------------------------------------------------------ checks */
static void vtimer_one_shot_fires_at_deadline(void)
{
	struct tk_diag d;
	uint64_t ms, cval, now, late = 0;
	uint32_t stray0, ctl, pend;

	if (!begin("vtimer_one_shot_fires_at_deadline"))
		return;
	tk_diag_init(&d);
	ms = tk_cntfrq() / 1000u;
	vt_irq_on();
	stray0 = vt.stray;
	vt_arm(1, 2 * ms, 0);
	cval = vt.cval;
	/* WFI (IRQs unmasked) while the deadline is ahead; after it, poll. */
	while (!vt.count) {
		now = tk_cntvct();
		if (now < cval) {
			tk_wfi_irq();
		} else if (now - cval > LATE_MAX_MS * ms) {
			break;
		} else {
			tk_irq_enable();
			tk_irq_disable();
		}
	}
	tk_irq_spin(2); /* it must not come again */
	ctl = tk_cntv_ctl_read();
	pend = tk_grd32(&g, tk_gic.gicd + GICD_ISPENDR);
	vt_irq_off();

	if (!vt.count) {
		tk_diag_add(&d, "no interrupt within %u ms of CVAL (CNTV_CTL "
			    "0x%x, ISPENDR0 0x%08x, %u early)", LATE_MAX_MS,
			    U(ctl), U(pend), U(vt.early));
	} else {
		late = vt.first_at - cval;
		if (late > LATE_MAX_MS * ms)
			tk_diag_add(&d, "taken %u ticks (%u us) after CVAL",
				    U(late), U(us(late)));
	}
	if (vt.early)
		tk_diag_add(&d, "%u interrupt(s) before CVAL (CNTV_CTL 0x%x)",
			    U(vt.early), U(vt.early_ctl));
	if (vt.stray != stray0)
		tk_diag_add(&d, "taken %u more time(s) after the handler turned "
			    "the timer off", U(vt.stray - stray0));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("late %u ticks (%u us)", U(late), U(us(late)));
}

void tk_vtimer_periodic(unsigned n, uint32_t period, uint32_t ms,
			struct tk_vt_result *r)
{
	uint32_t stray0;

	vt_irq_on();
	stray0 = vt.stray;
	vt_arm(n, period, period);
	tk_irq_wait(&vt.count, n, ms);
	tk_irq_spin(2);
	vt_irq_off();
	r->count = vt.count;
	r->early = vt.early;
	r->max_late = vt.max_late;
	r->mean_late = vt.count ? (uint32_t)(vt.sum_late / vt.count) : 0;
	r->stray = vt.stray - stray0;
}

static void vtimer_periodic(void)
{
	const unsigned n = 10;
	struct tk_vt_result r;
	struct tk_diag d;

	if (!begin("vtimer_periodic"))
		return;
	tk_diag_init(&d);
	tk_vtimer_periodic(n, tk_cntfrq() / 1000u, n + GRACE_MS, &r);
	if (r.count != n)
		tk_diag_add(&d, "%u of %u periods of 1 ms arrived within %u ms",
			    U(r.count), n, n + GRACE_MS);
	if (r.early)
		tk_diag_add(&d, "%u interrupt(s) before their CVAL", U(r.early));
	if (r.stray)
		tk_diag_add(&d, "taken %u more time(s) after the timer was "
			    "turned off", U(r.stray));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("max late %u ticks (%u us)", U(r.max_late),
			     U(us(r.max_late)));
}

static void wfi_woken_by_interrupt(void)
{
	unsigned before = 0, spurious = 0, none = 0, tries = 0, ahead_ms = 1;
	uint32_t wake_pc = (uint32_t)tk_wfi_insn + 4, other_pc = 0;
	struct tk_diag d;
	bool woken = false;

	if (!begin("wfi_woken_by_interrupt"))
		return;
	tk_diag_init(&d);
	vt_irq_on();
	/*
	 * A vCPU the host stops for longer than the timer is ahead reaches the
	 * WFI with the interrupt already taken: each try sets it further ahead.
	 */
	for (; tries < WFI_ATTEMPTS && !woken; tries++, ahead_ms *= 4) {
		vt_arm(1, (uint64_t)(tk_cntfrq() / 1000u) * ahead_ms, 0);
		tk_wfi_irq();
		tk_irq_wait(&vt.count, 1, ahead_ms + WFI_WAIT_MS);
		tk_cntv_ctl_write(0);
		tk_isb();
		if (!vt.count)
			none++;
		else if (vt.first_pc == wake_pc)
			woken = true;
		else if (vt.first_pc == (uint32_t)tk_wfi_insn)
			before++; /* came before the WFI: try again */
		else {
			spurious++; /* WFI returned without it */
			other_pc = vt.first_pc;
		}
	}
	vt_irq_off();
	if (!woken)
		tk_diag_add(&d, "in %d tries the timer interrupt never woke the "
			    "WFI at 0x%08x: %u time(s) none within %u ms, %u "
			    "taken before the WFI, %u after it returned on its "
			    "own (at 0x%08x)", WFI_ATTEMPTS, U(tk_wfi_insn),
			    none, WFI_WAIT_MS, before, spurious, U(other_pc));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("woken on try %u (%u taken before the WFI)", tries,
			     before);
}

void tk_check_vtimer(void)
{
	vtimer_one_shot_fires_at_deadline();
	vtimer_periodic();
	wfi_woken_by_interrupt();
}
