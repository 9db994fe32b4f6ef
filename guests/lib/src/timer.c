/* Conversions and bounded waits on the generic timer's virtual counter. */
#include <guest/timer.h>

/* Ends a wait if the counter is stuck; far beyond any bound in ms, so that
 * on a fast host the bound in ms, not this, decides. */
#define POLL_MAX_ITERS 1000000000u

uint32_t guest_cntfrq_from_dt;

uint64_t guest_us_to_ticks(uint64_t us)
{
	return (uint64_t)guest_cntfrq() * us / 1000000u;
}

uint64_t guest_ticks_to_us(uint64_t ticks)
{
	uint32_t frq = guest_cntfrq();

	return frq ? (ticks * 1000000u + frq / 2) / frq : 0;
}

void guest_poll_start(struct guest_poll *p, uint32_t ms)
{
	p->start = guest_cntvct();
	p->ticks = (uint64_t)(guest_cntfrq() / 1000u) * ms;
	p->iters = 0;
}

bool guest_poll_expired(struct guest_poll *p)
{
	if (++p->iters > POLL_MAX_ITERS)
		return true;
	if (p->ticks == 0) /* CNTFRQ not set: only the iteration cap */
		return false;
	return guest_cntvct() - p->start > p->ticks;
}
