/*
 * The guest's timers' interrupts: PPIs of the tree's "arm,armv7-timer" node
 * (its third interrupt for the virtual timer, INTID 27 normally; its second
 * for the physical one, INTID 30), level-sensitive, on the vCPU's own CPU
 * interface. The same checks drive either timer (struct gt). The handler
 * records the timer's count as the IRQ was taken (guest_irq_entry_time() is
 * CNTVCT; the physical count is CNTVCT + CNTVOFF) and, before the EOI,
 * reprograms the timer for the next period (CVAL += period) or turns it
 * off, or it would fire again.
 *
 * Tessera, as Xen and KVM, masks a timer whose interrupt it took
 * (CTL.IMASK, so the handler reads IMASK|ISTATUS|ENABLE) and leaves it to
 * the guest to unmask: re-arming writes CTL, not just CVAL, as Linux does.
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

/* One of the guest's timers, as these checks drive it. */
struct gt {
	const char *name; /* "virtual", "physical" */
	const unsigned *irq;
	const bool *present;
	uint32_t (*ctl_read)(void);
	void (*ctl_write)(uint32_t v);
	void (*cval_write)(uint64_t v);
	uint64_t (*count)(void); /* what CVAL is compared with */
};

static const struct gt virt_timer = {
	"virtual", &guest_plat.vtimer_irq, &guest_plat.has_vtimer,
	guest_cntv_ctl_read, guest_cntv_ctl_write, guest_cntv_cval_write,
	guest_cntvct,
};
static const struct gt phys_timer = {
	"physical", &guest_plat.ptimer_irq, &guest_plat.has_ptimer,
	guest_cntp_ctl_read, guest_cntp_ctl_write, guest_cntp_cval_write,
	guest_cntpct,
};

static struct {
	const struct gt *t;          /* the timer armed */
	uint64_t entry_to_count;     /* timer count - CNTVCT */
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
	volatile uint32_t ctl_odd;   /* due, but CTL not IMASK|ISTATUS|ENABLE */
	volatile uint32_t odd_ctl;
} vt;

#define CTL_TAKEN (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)

static void vt_handler(uint32_t iar, void *arg)
{
	const struct gt *t = vt.t;
	uint64_t at = guest_irq_entry_time() + vt.entry_to_count, late;
	uint32_t ctl = t->ctl_read();

	(void)iar;
	(void)arg;
	if (!vt.remaining || !(ctl & CNTV_CTL_ENABLE)) {
		vt.stray++;
		t->ctl_write(0);
		return;
	}
	if (at < vt.cval) { /* not due: the real one comes later */
		vt.early++;
		vt.early_ctl = ctl;
		t->ctl_write(CNTV_CTL_ENABLE); /* unmasked, if it was masked */
		guest_isb();
		return;
	}
	if (ctl != CTL_TAKEN) {
		vt.ctl_odd++;
		vt.odd_ctl = ctl;
	}
	if (vt.count == 0) {
		vt.first_at = at;
		vt.first_pc = guest_irq_entry_pc();
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
		t->cval_write(vt.cval);
		t->ctl_write(CNTV_CTL_ENABLE); /* clears IMASK: re-armed */
	} else {
		t->ctl_write(0);
	}
	guest_isb();
}

/*
 * CNTPCT - CNTVCT (CNTVOFF), read so that it may be a few ticks too large
 * but never too small: an interrupt is then never judged early wrongly.
 */
static uint64_t entry_to_count(const struct gt *t)
{
	uint64_t v, p;

	if (t == &virt_timer)
		return 0;
	v = guest_cntvct();
	p = guest_cntpct();
	return p - v;
}

/* Timer t's PPI on, with nothing stale pending; the timer itself off. */
static void vt_irq_on(const struct gt *t)
{
	unsigned id = *t->irq;

	if (vt.t)
		vt.t->ctl_write(0);
	t->ctl_write(0);
	guest_isb();
	vt.remaining = 0;
	vt.t = t;
	vt.entry_to_count = entry_to_count(t);
	guest_irq_set_handler(id, vt_handler, NULL);
	tk_gwr8(&g, guest_gic.gicd + GICD_IPRIORITYR + id, TK_PRIO_LOW);
	tk_gwr32(&g, guest_gic.gicd + GICD_ICPENDR, 1u << id);
	tk_gwr32(&g, guest_gic.gicd + GICD_ISENABLER, 1u << id);
	guest_irq_spin(1); /* anything left from earlier shows as stray now */
}

static void vt_irq_off(void)
{
	vt.t->ctl_write(0);
	guest_isb();
	vt.remaining = 0;
	tk_gwr32(&g, guest_gic.gicd + GICD_ICENABLER, 1u << *vt.t->irq);
}

/* n interrupts: the first `delay` ticks from now, then every `period`. */
static void vt_arm(unsigned n, uint64_t delay, uint64_t period)
{
	const struct gt *t = vt.t;

	t->ctl_write(0);
	guest_isb();
	vt.count = vt.early = 0;
	vt.ctl_odd = vt.odd_ctl = 0;
	vt.max_late = 0;
	vt.sum_late = 0;
	vt.first_at = 0;
	vt.first_pc = 0;
	vt.period = period;
	vt.remaining = n;
	vt.cval = t->count() + delay;
	t->cval_write(vt.cval);
	guest_isb();
	t->ctl_write(CNTV_CTL_ENABLE);
	guest_isb();
}

static uint32_t us(uint64_t ticks)
{
	uint32_t frq = guest_cntfrq();

	return frq ? (uint32_t)(ticks * 1000000u / frq) : 0;
}

static bool begin(const char *name, const struct gt *t)
{
	tk_begin(name);
	g.faults = 0;
	if (!tk_gic.ok)
		tk_fail("%s", tk_gic.why);
	else if (!guest_plat.has_vtimer)
		tk_fail("%s", guest_plat.timer_why);
	else if (!*t->present)
		tk_fail("the \"arm,armv7-timer\" node has no PPI as its second "
			"(physical timer) interrupt");
	else if (!guest_cntfrq())
		tk_fail("CNTFRQ reads 0: cannot time the %s timer", t->name);
	else
		return true;
	return false;
}

/* ------------------------------------------------------------ checks */
/* One interrupt 2 ms ahead, waited for in WFI: it must wake the vCPU. */
static void one_shot_fires_at_deadline(const char *name, const struct gt *t)
{
	struct tk_diag d;
	uint64_t ms, cval, now, late = 0;
	uint32_t stray0, ctl, pend;

	if (!begin(name, t))
		return;
	tk_diag_init(&d);
	ms = guest_cntfrq() / 1000u;
	vt_irq_on(t);
	stray0 = vt.stray;
	vt_arm(1, 2 * ms, 0);
	cval = vt.cval;
	/* WFI (IRQs unmasked) while the deadline is ahead; after it, poll. */
	while (!vt.count) {
		now = t->count();
		if (now < cval) {
			guest_wfi_irq();
		} else if (now - cval > LATE_MAX_MS * ms) {
			break;
		} else {
			guest_irq_enable();
			guest_irq_disable();
		}
	}
	guest_irq_spin(2); /* it must not come again */
	ctl = t->ctl_read();
	pend = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR);
	vt_irq_off();

	if (!vt.count) {
		tk_diag_add(&d, "no interrupt within %u ms of CVAL (%s timer "
			    "CTL 0x%x, ISPENDR0 0x%08x, %u early)", LATE_MAX_MS,
			    t->name, U(ctl), U(pend), U(vt.early));
	} else {
		late = vt.first_at - cval;
		if (late > LATE_MAX_MS * ms)
			tk_diag_add(&d, "taken %u ticks (%u us) after CVAL",
				    U(late), U(us(late)));
	}
	if (vt.early)
		tk_diag_add(&d, "%u interrupt(s) before CVAL (CTL 0x%x)",
			    U(vt.early), U(vt.early_ctl));
	if (vt.ctl_odd)
		tk_diag_add(&d, "CTL read 0x%x in the handler, not 0x%x "
			    "(IMASK|ISTATUS|ENABLE: masked by the hypervisor)",
			    U(vt.odd_ctl), U(CTL_TAKEN));
	if (vt.stray != stray0)
		tk_diag_add(&d, "taken %u more time(s) after the handler turned "
			    "the timer off", U(vt.stray - stray0));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("late %u ticks (%u us)", U(late), U(us(late)));
}

static void timer_periodic(const struct gt *t, unsigned n, uint32_t period,
			   uint32_t ms, struct tk_vt_result *r)
{
	uint32_t stray0;

	vt_irq_on(t);
	stray0 = vt.stray;
	vt_arm(n, period, period);
	guest_irq_wait(&vt.count, n, ms);
	guest_irq_spin(2);
	vt_irq_off();
	r->count = vt.count;
	r->early = vt.early;
	r->max_late = vt.max_late;
	r->mean_late = vt.count ? (uint32_t)(vt.sum_late / vt.count) : 0;
	r->stray = vt.stray - stray0;
	r->ctl_odd = vt.ctl_odd;
	r->odd_ctl = vt.odd_ctl;
}

void tk_vtimer_periodic(unsigned n, uint32_t period, uint32_t ms,
			struct tk_vt_result *r)
{
	timer_periodic(&virt_timer, n, period, ms, r);
}

/* Ten periods of 1 ms, the handler moving CVAL on each time. */
static void periodic(const char *name, const struct gt *t)
{
	const unsigned n = 10;
	struct tk_vt_result r;
	struct tk_diag d;

	if (!begin(name, t))
		return;
	tk_diag_init(&d);
	timer_periodic(t, n, guest_cntfrq() / 1000u, n + GRACE_MS, &r);
	if (r.count != n)
		tk_diag_add(&d, "%u of %u periods of 1 ms arrived within %u ms",
			    U(r.count), n, n + GRACE_MS);
	if (r.early)
		tk_diag_add(&d, "%u interrupt(s) before their CVAL", U(r.early));
	if (r.ctl_odd)
		tk_diag_add(&d, "%u tick(s) with CTL 0x%x in the handler, not "
			    "0x%x (IMASK|ISTATUS|ENABLE)", U(r.ctl_odd),
			    U(r.odd_ctl), U(CTL_TAKEN));
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
	uint32_t wake_pc = (uint32_t)guest_wfi_insn + 4, other_pc = 0;
	struct tk_diag d;
	bool woken = false;

	if (!begin("wfi_woken_by_interrupt", &virt_timer))
		return;
	tk_diag_init(&d);
	vt_irq_on(&virt_timer);
	/*
	 * A vCPU the host stops for longer than the timer is ahead reaches the
	 * WFI with the interrupt already taken: each try sets it further ahead.
	 */
	for (; tries < WFI_ATTEMPTS && !woken; tries++, ahead_ms *= 4) {
		vt_arm(1, (uint64_t)(guest_cntfrq() / 1000u) * ahead_ms, 0);
		guest_wfi_irq();
		guest_irq_wait(&vt.count, 1, ahead_ms + WFI_WAIT_MS);
		virt_timer.ctl_write(0);
		guest_isb();
		if (!vt.count)
			none++;
		else if (vt.first_pc == wake_pc)
			woken = true;
		else if (vt.first_pc == (uint32_t)guest_wfi_insn)
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
			    "own (at 0x%08x)", WFI_ATTEMPTS, U(guest_wfi_insn),
			    none, WFI_WAIT_MS, before, spurious, U(other_pc));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("woken on try %u (%u taken before the WFI)", tries,
			     before);
}

static struct {
	volatile uint32_t taken;
	volatile uint32_t ctl; /* CTL in the first tick's handler */
} ro;

/* First tick: re-armed through CVAL alone, due at once. Then off. */
static void rearm_cval_only_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	if (ro.taken++ == 0) {
		ro.ctl = guest_cntv_ctl_read();
		guest_cntv_cval_write(guest_cntvct());
	} else {
		guest_cntv_ctl_write(0);
	}
	guest_isb();
}

/*
 * What a guest sees of the hypervisor masking its timer: after a tick the
 * timer stays masked (CTL.IMASK set, ISTATUS too) when re-armed through
 * CVAL alone, however due; writing CTL = ENABLE brings the tick.
 */
static void tick_masks_until_ctl_write(void)
{
	struct tk_diag d;
	uint32_t ctl_after = 0, taken_before;

	if (!begin("vtimer_tick_masks_until_ctl_write", &virt_timer))
		return;
	tk_diag_init(&d);
	vt_irq_on(&virt_timer);
	ro.taken = ro.ctl = 0;
	guest_irq_set_handler(*virt_timer.irq, rearm_cval_only_handler, NULL);
	guest_cntv_cval_write(guest_cntvct() + guest_cntfrq() / 1000u);
	guest_isb();
	guest_cntv_ctl_write(CNTV_CTL_ENABLE);
	guest_isb();
	guest_irq_wait(&ro.taken, 1, WFI_WAIT_MS);
	guest_irq_spin(5); /* due all along: it must not come */
	taken_before = ro.taken;
	ctl_after = guest_cntv_ctl_read();
	guest_cntv_ctl_write(CNTV_CTL_ENABLE);
	guest_isb();
	guest_irq_wait(&ro.taken, 2, WFI_WAIT_MS);
	guest_cntv_ctl_write(0);
	guest_isb();
	vt_irq_off();

	if (taken_before == 0)
		tk_diag_add(&d, "no tick within %u ms of CVAL", WFI_WAIT_MS);
	else if (ro.ctl != CTL_TAKEN)
		tk_diag_add(&d, "CTL read 0x%x in the handler, not 0x%x "
			    "(IMASK|ISTATUS|ENABLE)", U(ro.ctl), U(CTL_TAKEN));
	if (taken_before > 1)
		tk_diag_add(&d, "CVAL written alone: the timer fired again "
			    "(%u ticks)", U(taken_before));
	else if (taken_before == 1 && ctl_after != CTL_TAKEN)
		tk_diag_add(&d, "CVAL written alone: CTL reads 0x%x, not 0x%x",
			    U(ctl_after), U(CTL_TAKEN));
	if (taken_before == 1 && ro.taken < 2)
		tk_diag_add(&d, "CTL = ENABLE written: no tick within %u ms",
			    WFI_WAIT_MS);
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass();
}

void tk_check_vtimer(void)
{
	one_shot_fires_at_deadline("vtimer_one_shot_fires_at_deadline",
				   &virt_timer);
	periodic("vtimer_periodic", &virt_timer);
	tick_masks_until_ctl_write();
	wfi_woken_by_interrupt();
}

/*
 * CNTP_TVAL is a view of CVAL - CNTPCT (ARM ARM B8): writing it sets CVAL
 * from the count at that moment, reading it counts down, signed, through
 * zero.
 */
static void ptimer_tval_counts_down(void)
{
	/* one second: never reached here */
	const uint32_t tval = guest_cntfrq();
	struct tk_diag d;
	uint64_t before, after, cval;
	uint32_t t1, t2;
	int32_t past;

	if (!begin("ptimer_tval_counts_down", &phys_timer))
		return;
	tk_diag_init(&d);
	/* TVAL counts whether the timer is on or not */
	guest_cntp_ctl_write(0);
	before = guest_cntpct();
	guest_cntp_tval_write(tval);
	after = guest_cntpct();
	cval = guest_cntp_cval_read();
	t1 = guest_cntp_tval_read();
	while (guest_cntpct() <= cval - t1) /* the count t1 was read at */
		;
	t2 = guest_cntp_tval_read();
	if (cval < before + tval || cval > after + tval)
		tk_diag_add(&d, "TVAL %u written between CNTPCT 0x%08x%08x and "
			    "0x%08x%08x: CVAL reads 0x%08x%08x", U(tval),
			    U(before >> 32), U(before), U(after >> 32),
			    U(after), U(cval >> 32), U(cval));
	if (t1 == 0 || t1 > tval)
		tk_diag_add(&d, "TVAL read %u just after writing %u", U(t1),
			    U(tval));
	if (t2 >= t1)
		tk_diag_add(&d, "TVAL did not count down: %u then %u", U(t1),
			    U(t2));
	/* A deadline in the past: negative TVAL, ISTATUS set. */
	guest_cntp_cval_write(guest_cntpct() - 1000u);
	guest_cntp_ctl_write(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	guest_isb();
	past = (int32_t)guest_cntp_tval_read();
	if (past > -1000)
		tk_diag_add(&d, "TVAL %d with CVAL 1000 ticks in the past",
			    (int)past);
	if (!(guest_cntp_ctl_read() & CNTV_CTL_ISTATUS))
		tk_diag_add(&d, "CNTP_CTL 0x%x: ISTATUS clear with CVAL in "
			    "the past", U(guest_cntp_ctl_read()));
	guest_cntp_ctl_write(0);
	guest_isb();
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("TVAL %u then %u", U(t1), U(t2));
}

/*
 * CNTVOFF as seen from PL1: v1 = CNTVCT, p = CNTPCT, v2 = CNTVCT gives
 * p - v2 <= CNTVOFF <= p - v1 however long the host stopped the vCPU
 * between the reads; the narrowest of a few tries.
 */
static void cntvoff_bounds(uint64_t *lo, uint64_t *hi)
{
	uint64_t v1, p, v2;

	*lo = 0;
	*hi = ~0ull;
	for (unsigned i = 0; i < 8; i++) {
		v1 = guest_cntvct();
		p = guest_cntpct();
		v2 = guest_cntvct();
		if (p - v1 - (p - v2) < *hi - *lo) {
			*lo = p - v2;
			*hi = p - v1;
		}
	}
}

/*
 * CNTPCT (CNTHCTL.PL1PCTEN) never goes back, moves on, and is CNTVCT plus
 * the partition's CNTVOFF (constant: two brackets of it overlap, whatever
 * the host's scheduling did to the reads).
 */
static void cntpct_readable_and_monotonic(void)
{
	const unsigned reads = 1000;
	uint64_t first, prev, now, lo1, hi1, lo2, hi2, off1, off2;
	struct tk_diag d;
	unsigned back = 0;

	tk_begin("cntpct_readable_and_monotonic");
	tk_diag_init(&d);
	cntvoff_bounds(&lo1, &hi1);
	off1 = lo1;
	first = prev = guest_cntpct();
	for (unsigned i = 0; i < reads; i++) {
		now = guest_cntpct();
		if (now < prev)
			back++;
		prev = now;
	}
	for (unsigned i = 0; i < 1000000u && guest_cntpct() == first; i++)
		;
	now = guest_cntpct();
	cntvoff_bounds(&lo2, &hi2);
	off2 = lo2;
	if (back)
		tk_diag_add(&d, "CNTPCT went back %u time(s) in %u reads",
			    back, reads);
	if (now == first)
		tk_diag_add(&d, "CNTPCT stuck at 0x%08x%08x",
			    U(first >> 32), U(first));
	/* Both brackets hold the one CNTVOFF: they overlap. */
	if (lo1 > hi2 || lo2 > hi1)
		tk_diag_add(&d, "CNTPCT - CNTVCT moved from 0x%08x%08x (+%u) to "
			    "0x%08x%08x (+%u)", U(off1 >> 32), U(off1),
			    U(hi1 - lo1), U(off2 >> 32), U(off2), U(hi2 - lo2));
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("CNTPCT - CNTVCT 0x%08x%08x", U(off1 >> 32),
			     U(off1));
}

/*
 * The Hyp timer and CNTVOFF are PL2 registers: from PL1 they are undefined
 * (ARM ARM B8; no trap is involved), so the hypervisor's timer stays its own.
 */
static void hyp_timer_not_accessible(void)
{
	struct guest_caught c1, c2;
	uint32_t v = 0xdeadbeefu, lo = 0, hi = 0;

	tk_begin("hyp_timer_not_accessible");
	guest_expect(EXPECT_UNDEF | EXPECT_DABT);
	__asm__ volatile("mrc p15, 4, %0, c14, c2, 1\n\tnop"
			 : "+r"(v)
			 :
			 : "memory");
	guest_expect_done(&c1);
	guest_expect(EXPECT_UNDEF | EXPECT_DABT);
	__asm__ volatile("mrrc p15, 6, %0, %1, c14\n\tnop"
			 : "+r"(lo), "+r"(hi)
			 :
			 : "memory");
	guest_expect_done(&c2);
	if (c1.type != EXC_UNDEF)
		tk_fail("MRC CNTHP_CTL: %s (read 0x%08x), expected an "
			"undefined-instruction exception",
			c1.type < 0 ? "completed" : guest_exc_name(c1.type),
			U(v));
	else if (c2.type != EXC_UNDEF)
		tk_fail("MRRC CNTHP_CVAL: %s (read 0x%08x%08x), expected an "
			"undefined-instruction exception",
			c2.type < 0 ? "completed" : guest_exc_name(c2.type),
			U(hi),
			U(lo));
	else
		tk_pass();
}

void tk_check_ptimer(void)
{
	one_shot_fires_at_deadline("ptimer_one_shot_fires_at_deadline",
				   &phys_timer);
	periodic("ptimer_periodic", &phys_timer);
	ptimer_tval_counts_down();
	cntpct_readable_and_monotonic();
	hyp_timer_not_accessible();
}
