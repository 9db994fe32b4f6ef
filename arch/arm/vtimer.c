/* The guest's timers, and the Hyp timer that wakes a vCPU idling in WFI. */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vtimer.h>

uint64_t timer_counter(void)
{
	isb();
	return read_cntpct();
}

static uint32_t timer_ctl(enum guest_timer t)
{
	return t == GUEST_TIMER_VIRT ? read_cntv_ctl() : read_cntp_ctl();
}

/* Timer t's deadline in physical counts: CNTVCT = CNTPCT - CNTVOFF. */
static uint64_t timer_deadline(enum guest_timer t)
{
	if (t == GUEST_TIMER_VIRT)
		return read_cntv_cval() + read_cntvoff();
	return read_cntp_cval();
}

bool vtimer_arm_hyp_wakeup(void)
{
	uint64_t deadline = UINT64_MAX;
	bool armed = false;

	for (enum guest_timer t = 0; t < GUEST_TIMERS; t++) {
		uint32_t ctl = timer_ctl(t);

		if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
			continue;
		if (timer_deadline(t) < deadline)
			deadline = timer_deadline(t);
		armed = true;
	}
	if (!armed)
		return false;
	write_cnthp_cval(deadline);
	write_cnthp_ctl(CNT_CTL_ENABLE);
	isb();
	return true;
}

void vtimer_disarm_hyp_wakeup(void)
{
	write_cnthp_ctl(0);
	isb();
}

bool guest_timer_mask(enum guest_timer t)
{
	uint32_t ctl = timer_ctl(t);

	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) !=
	    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS))
		return false;
	/* ISTATUS is read-only (ARM ARM B4.1.26): writing it back is fine. */
	if (t == GUEST_TIMER_VIRT)
		write_cntv_ctl(ctl | CNT_CTL_IMASK);
	else
		write_cntp_ctl(ctl | CNT_CTL_IMASK);
	isb(); /* the output drops before the PPI is deactivated */
	return true;
}

bool guest_timer_held(enum guest_timer t)
{
	return (timer_ctl(t) & (CNT_CTL_ENABLE | CNT_CTL_IMASK |
				CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS);
}

void guest_timer_silence(enum guest_timer t)
{
	if (t == GUEST_TIMER_VIRT)
		write_cntv_ctl(0);
	else
		write_cntp_ctl(0);
	isb();
}
