/*
 * With testkit.passthrough-rtc: a physical PL031 RTC (ARM DDI 0224, the
 * tree's "arm,pl031" node) passed through to the partition, its match
 * interrupt a HW-mapped SPI.
 *
 *   passthrough_rtc_pending_polled: with the SPI disabled at the
 *     distributor, the match raises the device's line and GICD_ISPENDR shows
 *     it (pending does not depend on enable, IHI 0048B 3.2.4; drivers poll
 *     it); clearing the device drops it; GICD_ISPENDR/ICPENDR writes set and
 *     clear it, and nothing is delivered meanwhile.
 *   passthrough_rtc_irq_on_vcpu0: the guest only sets GICD_ISENABLER, as a
 *     driver that never writes GICD_ITARGETSR: the interrupt comes, on
 *     vCPU 0 (SPIs target vCPU 0 at reset).
 *   passthrough_rtc_irq_retargeted: after GICD_ITARGETSR = vCPU 1 (an
 *     interrupt worker), it comes on vCPU 1 and not on vCPU 0.
 *
 * The RTC counts seconds: RTCMR = RTCDR + 1 fires about a second later.
 * Waits are generous (the host may be loaded); the time an interrupt took
 * is printed, not judged.
 */
#include "testkit.h"

#include <stdio.h>

#define U(x) ((unsigned)(x))

/* PL031 registers (DDI 0224 3.2) */
#define RTC_DR 0x00u   /* data: the count, seconds */
#define RTC_MR 0x04u   /* match */
#define RTC_CR 0x0cu   /* control: bit 0 starts the counter */
#define RTC_IMSC 0x10u /* interrupt mask set/clear: bit 0 enables */
#define RTC_RIS 0x14u
#define RTC_MIS 0x18u
#define RTC_ICR 0x1cu  /* write 1: clear the interrupt */

#define RTC_WAIT_MS 10000u /* a match 1 s ahead, on a loaded host */
#define QUIET_MS 20u

static struct tk_guard g;

static struct {
	uint32_t base;
	volatile uint32_t total;
	volatile uint32_t count[TK_MAX_VCPUS]; /* per vCPU that took it */
	volatile uint32_t mis;                 /* RTCMIS in the handler */
	volatile uint64_t at;                  /* CNTVCT in the handler */
} rtc;

/* One interrupt per arming: masked and cleared at the device. */
static void rtc_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	rtc.at = guest_cntvct();
	rtc.mis = guest_ld32(rtc.base + RTC_MIS);
	guest_st32(rtc.base + RTC_IMSC, 0);
	guest_st32(rtc.base + RTC_ICR, 1);
	rtc.count[guest_cpu_index() % TK_MAX_VCPUS]++;
	guest_dmb();
	rtc.total++;
}

static void rtc_quiet(void)
{
	tk_gwr32(&g, rtc.base + RTC_IMSC, 0);
	tk_gwr32(&g, rtc.base + RTC_ICR, 1);
}

static void rtc_reset_counts(void)
{
	rtc.total = 0;
	for (unsigned i = 0; i < TK_MAX_VCPUS; i++)
		rtc.count[i] = 0;
	rtc.mis = 0;
	guest_dsb();
}

/* Match one second ahead, its interrupt unmasked; returns CNTVCT then. */
static uint64_t rtc_arm(void)
{
	uint32_t now = tk_grd32(&g, rtc.base + RTC_DR);

	tk_gwr32(&g, rtc.base + RTC_ICR, 1);
	tk_gwr32(&g, rtc.base + RTC_MR, now + 1);
	tk_gwr32(&g, rtc.base + RTC_IMSC, 1);
	return guest_cntvct();
}

static unsigned ms_since(uint64_t t0, uint64_t t1)
{
	uint32_t frq = guest_cntfrq();

	return frq ? U((t1 - t0) * 1000u / frq) : 0;
}

/* Starts a check; false (and fails it) without a usable RTC and GIC. */
static bool begin(const char *name, struct tk_diag *d)
{
	tk_begin(name);
	tk_diag_init(d);
	g.faults = 0;
	if (!tk_plat.has_pt_rtc) {
		tk_fail("%s", tk_plat.pt_rtc_why);
		return false;
	}
	if (!tk_gic.ok) {
		tk_fail("%s", tk_gic.why);
		return false;
	}
	if (!tk_plat.pt_rtc_irq || tk_plat.pt_rtc_irq >= guest_gic.nr_irqs) {
		tk_fail("the RTC's INTID (%u) is not an SPI of the GIC (%u "
			"interrupts)", tk_plat.pt_rtc_irq, guest_gic.nr_irqs);
		return false;
	}
	rtc.base = tk_plat.pt_rtc;
	return true;
}

static void report(struct tk_diag *d)
{
	tk_guard_report(d, &g);
	tk_report(d);
}

static void passthrough_rtc_pending_polled(void)
{
	unsigned id = tk_plat.pt_rtc_irq;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32), v, mis;
	struct tk_diag d;
	struct guest_poll p;
	uint64_t t0;

	if (!begin("passthrough_rtc_pending_polled", &d))
		return;
	guest_irq_set_handler(id, rtc_handler, NULL);
	tk_gwr32(&g, guest_gic.gicd + GICD_ICENABLER + w, b);
	tk_gwr32(&g, rtc.base + RTC_CR, 1);
	rtc_quiet();
	tk_gwr32(&g, guest_gic.gicd + GICD_ICPENDR + w, b);
	rtc_reset_counts();
	if ((v = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u pending (ISPENDR%u 0x%08x) with the "
			    "RTC's interrupt masked", id, U(w / 4), U(v));

	/* The device raises its line; the SPI stays disabled. */
	t0 = rtc_arm();
	guest_poll_start(&p, RTC_WAIT_MS);
	while (!((v = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)) & b) &&
	       !g.faults && !guest_poll_expired(&p))
		;
	mis = tk_grd32(&g, rtc.base + RTC_MIS);
	if (!(v & b))
		tk_diag_add(&d, "INTID %u (disabled) not pending within %u ms "
			    "of the match being set: ISPENDR%u 0x%08x, RTCMIS "
			    "0x%x, RTCRIS 0x%x", id, RTC_WAIT_MS, U(w / 4), U(v),
			    U(mis), U(tk_grd32(&g, rtc.base + RTC_RIS)));
	else
		guest_printf("# RTC match: INTID %u pending after %u ms\n", id,
			     ms_since(t0, guest_cntvct()));
	if ((v & b) && !((v = tk_grd32(&g, guest_gic.gicd + GICD_ICPENDR + w)) &
			 b))
		tk_diag_add(&d, "INTID %u: ICPENDR%u reads 0x%08x while "
			    "ISPENDR shows it pending", id, U(w / 4), U(v));

	/* The device clears its line: a level interrupt is no longer
	 * pending. */
	rtc_quiet();
	if ((v = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u still pending (ISPENDR%u 0x%08x) after "
			    "the RTC cleared it (RTCRIS 0x%x)", id, U(w / 4),
			    U(v), U(tk_grd32(&g, rtc.base + RTC_RIS)));

	/* Software pending: set, seen, cleared, never delivered. */
	tk_gwr32(&g, guest_gic.gicd + GICD_ISPENDR + w, b);
	if (!((v = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)) & b))
		tk_diag_add(&d, "INTID %u not pending after an ISPENDR write "
			    "(ISPENDR%u 0x%08x)", id, U(w / 4), U(v));
	tk_gwr32(&g, guest_gic.gicd + GICD_ICPENDR + w, b);
	if ((v = tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u still pending after an ICPENDR write "
			    "(ISPENDR%u 0x%08x)", id, U(w / 4), U(v));
	guest_irq_spin(QUIET_MS);
	if (rtc.total)
		tk_diag_add(&d, "INTID %u delivered %u time(s) while disabled",
			    id, U(rtc.total));
	report(&d);
}

static void passthrough_rtc_irq_on_vcpu0(void)
{
	unsigned id = tk_plat.pt_rtc_irq;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32);
	struct tk_diag d;
	uint64_t t0;

	if (!begin("passthrough_rtc_irq_on_vcpu0", &d))
		return;
	rtc_quiet();
	rtc_reset_counts();
	guest_irq_set_handler(id, rtc_handler, NULL);
	/* All a driver that relies on the reset targets does. */
	tk_gwr32(&g, guest_gic.gicd + GICD_ISENABLER + w, b);
	t0 = rtc_arm();
	guest_irq_wait(&rtc.total, 1, RTC_WAIT_MS);
	guest_irq_spin(QUIET_MS);
	if (!rtc.total)
		tk_diag_add(&d, "INTID %u (ITARGETSR never written, reads "
			    "0x%02x) not taken within %u ms; RTCRIS 0x%x, "
			    "ISPENDR%u 0x%08x", id,
			    U(tk_grd8(&g,
				      guest_gic.gicd + GICD_ITARGETSR + id)),
			    RTC_WAIT_MS, U(tk_grd32(&g, rtc.base + RTC_RIS)),
			    U(w / 4),
			    U(tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)));
	else if (rtc.count[0] != 1 || rtc.total != 1)
		tk_diag_add(&d, "INTID %u taken %u time(s), %u of them on "
			    "vCPU 0, expected once there", id, U(rtc.total),
			    U(rtc.count[0]));
	if (rtc.total && !(rtc.mis & 1))
		tk_diag_add(&d, "RTCMIS 0x%x in the handler: not the RTC's "
			    "interrupt", U(rtc.mis));
	rtc_quiet();
	if (d.n || g.faults)
		report(&d);
	else
		tk_pass_note("INTID %u on vCPU 0, %u ms after the match was set",
			     id, ms_since(t0, rtc.at));
}

static void passthrough_rtc_irq_retargeted(void)
{
	const unsigned other = 1;
	unsigned id = tk_plat.pt_rtc_irq;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32), tgt;
	struct tk_diag d;
	char why[200];
	uint64_t t0;

	if (!begin("passthrough_rtc_irq_retargeted", &d))
		return;
	if (guest_boot.cpu == other ||
	    tk_worker_ensure(other, why, sizeof(why))) {
		tk_fail("%s", guest_boot.cpu == other ?
			"the boot vCPU is vCPU 1" : why);
		return;
	}
	rtc_quiet();
	rtc_reset_counts();
	guest_irq_set_handler(id, rtc_handler, NULL);
	tk_gwr8(&g, guest_gic.gicd + GICD_ITARGETSR + id, 1u << other);
	tk_gwr32(&g, guest_gic.gicd + GICD_ISENABLER + w, b);
	if ((tgt = tk_grd8(&g, guest_gic.gicd + GICD_ITARGETSR + id)) !=
	    1u << other)
		tk_diag_add(&d, "INTID %u: ITARGETSR reads 0x%02x after writing "
			    "0x%02x", id, U(tgt), 1u << other);
	/* IRQs unmasked here too: one delivered to vCPU 0 would show. */
	t0 = rtc_arm();
	guest_irq_wait(&rtc.total, 1, RTC_WAIT_MS);
	guest_irq_spin(QUIET_MS);
	if (!rtc.total)
		tk_diag_add(&d, "INTID %u (targeting vCPU %u) not taken within "
			    "%u ms; RTCRIS 0x%x, ISPENDR%u 0x%08x", id, other,
			    RTC_WAIT_MS, U(tk_grd32(&g, rtc.base + RTC_RIS)),
			    U(w / 4),
			    U(tk_grd32(&g, guest_gic.gicd + GICD_ISPENDR + w)));
	else if (rtc.count[other] != 1 || rtc.total != 1)
		tk_diag_add(&d, "INTID %u taken %u time(s): %u on vCPU %u, %u on "
			    "vCPU %u; expected once on vCPU %u", id,
			    U(rtc.total), U(rtc.count[other]), other,
			    U(rtc.count[guest_boot.cpu]), guest_boot.cpu,
			    other);
	/* As found: disabled, targeting vCPU 0, the RTC quiet. */
	tk_gwr32(&g, guest_gic.gicd + GICD_ICENABLER + w, b);
	tk_gwr8(&g, guest_gic.gicd + GICD_ITARGETSR + id, 1);
	rtc_quiet();
	tk_gwr32(&g, guest_gic.gicd + GICD_ICPENDR + w, b);
	guest_irq_set_handler(id, NULL, NULL);
	if (d.n || g.faults)
		report(&d);
	else
		tk_pass_note("INTID %u on vCPU %u, %u ms after the match was "
			     "set", id, other, ms_since(t0, rtc.at));
}

void tk_check_passthrough_rtc(void)
{
	if (!tk_plat.pt_rtc_run)
		return;
	passthrough_rtc_pending_polled();
	passthrough_rtc_irq_on_vcpu0();
	passthrough_rtc_irq_retargeted();
}
