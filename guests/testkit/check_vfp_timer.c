/*
 * VFP state across exits to the hypervisor (boot vCPU here; the secondaries
 * run the same tk_vfp_check() from check_smp.c), and WFI with the virtual
 * timer armed.
 */
#include "testkit.h"

#include <stdio.h>

#define U(x) ((unsigned)(x))

/* FPSCR bits every VFPv4 implementation keeps: N Z C V QC AHP DN FZ RMode
 * and the cumulative exception flags IDC IXC UFC OFC DZC IOC. */
#define FPSCR_KEPT 0xffc0009fu

static uint64_t pattern(unsigned seed, unsigned i)
{
	uint32_t lo = 0x9e3779b9u * (seed * 32 + i + 1);
	uint32_t hi = lo ^ 0xa5a5a5a5u ^ (i << 24) ^ (seed << 16);

	return ((uint64_t)hi << 32) | lo;
}

static uint32_t fpscr_pattern(unsigned seed)
{
	return (((seed + 0xa) & 0xf) << 28) | (1u << 25) | ((seed & 1) << 24) |
	       ((((seed >> 1) + 2) & 3) << 22) | 0x80 | ((seed * 7 + 1) & 0x1f);
}

void tk_vfp_check(unsigned seed, void (*exits)(void *), void *arg,
		  struct tk_vfp_result *res)
{
	uint64_t in[32], out[32];
	uint32_t fpscr = fpscr_pattern(seed), got[2];
	struct guest_caught c;
	unsigned bad = 0, first = 0;

	res->ok = false;
	res->why[0] = '\0';
	guest_expect(EXPECT_UNDEF);
	tk_vfp_enable();
	guest_expect_done(&c);
	if (c.type >= 0) {
		snprintf(res->why, sizeof(res->why), "enabling VFP (CPACR, "
			 "FPEXC) raised an %s exception at 0x%08x",
			 guest_exc_name(c.type), U(c.pc));
		return;
	}
	for (unsigned i = 0; i < 32; i++) {
		in[i] = pattern(seed, i);
		out[i] = ~in[i];
	}
	tk_vfp_run(in, out, fpscr, got, exits, arg);

	for (unsigned i = 0; i < 32; i++)
		if (out[i] != in[i] && bad++ == 0)
			first = i;
	if (bad) {
		snprintf(res->why, sizeof(res->why), "d%u = 0x%08x%08x, "
			 "expected 0x%08x%08x (%u of 32 d registers changed)",
			 first, U(out[first] >> 32), U(out[first]),
			 U(in[first] >> 32), U(in[first]), bad);
		return;
	}
	if ((got[0] & FPSCR_KEPT) != (fpscr & FPSCR_KEPT)) {
		snprintf(res->why, sizeof(res->why), "FPSCR reads 0x%08x right "
			 "after writing 0x%08x", U(got[0]), U(fpscr));
		return;
	}
	if (got[1] != got[0]) {
		snprintf(res->why, sizeof(res->why), "FPSCR 0x%08x after the "
			 "exits, 0x%08x before", U(got[1]), U(got[0]));
		return;
	}
	res->ok = true;
}

/* ---------------------------------------------------------------- 7 */
static void primary_exits(void *arg)
{
	struct guest_caught c;
	uint32_t v = 0;

	(void)arg;
	guest_hvc(HC_NULL, 0, 0, 0);
	guest_psci(PSCI_FN_VERSION, 0, 0, 0);
	if (tk_plat.has_testdev)
		(void)guest_ld32(tk_plat.testdev + TESTDEV_ID);
	/* A trapped CP15 read (ACTLR); its own check reports a fault. */
	guest_expect(EXPECT_UNDEF);
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "+r"(v) : : "memory");
	guest_expect_done(&c);
	guest_hvc(HC_NULL, 0, 0, 0);
}

void tk_check_vfp(void)
{
	struct tk_vfp_result res;

	tk_begin("vfp_survives_hypercalls_and_exits");
	tk_vfp_check(0, primary_exits, NULL, &res);
	if (res.ok)
		tk_pass();
	else
		tk_fail("%s", res.why);
}

/* ---------------------------------------------------------------- 8 */
/*
 * Arms the virtual timer about 1 ms ahead, IMASK clear, and returns its
 * CVAL; fails the current check (and returns 0) when CNTFRQ reads 0.
 */
static uint64_t arm_vtimer_1ms(void)
{
	uint32_t frq = guest_cntfrq();
	uint64_t cval;

	if (frq == 0) {
		tk_fail("CNTFRQ reads 0: cannot arm the virtual timer");
		return 0;
	}
	guest_cntv_ctl_write(0);
	guest_isb();
	cval = guest_cntvct() + (frq / 1000 ? frq / 1000 : 1);
	guest_cntv_cval_write(cval);
	guest_isb();
	guest_cntv_ctl_write(1); /* ENABLE, IMASK = 0 */
	guest_isb();
	return cval;
}

/*
 * The timer's tick taken by the hypervisor while the vCPU runs (IRQs
 * masked, its PPI left disabled): the hypervisor masked the timer
 * (CTL.IMASK) and holds the tick, so its own wake-up timer skips it; a
 * WFI must still return. A hypervisor that sleeps through it hangs here.
 */
#define HELD (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)
#define HELD_WAIT_MS 5000u

static void wfi_wakes_on_held_tick(void)
{
	struct guest_poll p;
	uint32_t ctl;

	tk_begin("wfi_wakes_on_held_tick");
	if (!arm_vtimer_1ms())
		return;
	/* running, not waiting, when it fires: taken in the hypervisor,
	   which masks it (QEMU sets ISTATUS when its timer callback runs,
	   which a loaded host can delay well past CVAL) */
	guest_poll_start(&p, HELD_WAIT_MS);
	do
		ctl = guest_cntv_ctl_read();
	while (ctl != HELD && !guest_poll_expired(&p));
	if (ctl == HELD) {
		guest_dsb();
		guest_wfi();
		guest_isb();
	}
	guest_cntv_ctl_write(0);
	guest_isb();
	if (ctl != HELD)
		tk_fail("CNTV_CTL 0x%x %u ms after CVAL, not 0x7 (masked by "
			"the hypervisor, due)", U(ctl), HELD_WAIT_MS);
	else
		tk_pass();
}

#define WFI_TRIES 100000 /* spurious wake-ups allowed: only ends a wait that never ends */

void tk_check_wfi(void)
{
	uint64_t cval, now = 0;
	uint32_t ctl;
	unsigned n;

	tk_begin("wfi_returns");
	/* IRQs stay masked (CPSR.I): WFI still wakes on the pending timer. */
	cval = arm_vtimer_1ms();
	if (!cval)
		return;
	for (n = 1; n <= WFI_TRIES; n++) {
		guest_dsb();
		guest_wfi();
		guest_isb();
		now = guest_cntvct();
		if (now >= cval)
			break;
	}
	ctl = guest_cntv_ctl_read();
	guest_cntv_ctl_write(0);
	guest_isb();

	if (n > WFI_TRIES)
		tk_fail("CNTVCT 0x%08x%08x still before CVAL 0x%08x%08x after "
			"%d WFIs (CNTV_CTL 0x%x, CVAL reads 0x%08x%08x)",
			U(now >> 32), U(now), U(cval >> 32), U(cval), WFI_TRIES,
			U(ctl), U(guest_cntv_cval_read() >> 32),
			U(guest_cntv_cval_read()));
	else
		tk_pass();
	wfi_wakes_on_held_tick();
}
