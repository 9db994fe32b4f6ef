/* Virtual timer support: the Hyp timer wakes a vCPU idling in WFI. */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vtimer.h>

uint64_t timer_counter(void)
{
	isb();
	return read_cntpct();
}

bool vtimer_arm_hyp_wakeup(void)
{
	uint32_t ctl = read_cntv_ctl();

	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return false;
	/* CNTVCT = CNTPCT - CNTVOFF, so the deadline in physical counts: */
	write_cnthp_cval(read_cntv_cval() + read_cntvoff());
	write_cnthp_ctl(CNT_CTL_ENABLE);
	isb();
	return true;
}

void vtimer_disarm_hyp_wakeup(void)
{
	write_cnthp_ctl(0);
	isb();
}

bool vtimer_output_asserted(void)
{
	uint32_t ctl = read_cntv_ctl();

	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}
