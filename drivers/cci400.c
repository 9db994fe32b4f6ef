/*
 * CCI-400: a cluster's caches join the coherent domain when the interconnect
 * snoops them and forwards DVM messages (TLB and branch predictor
 * maintenance broadcast) to them. CCI-400 TRM DDI 0470, "Snoop Control
 * Register" and "Status Register": a change is in effect once
 * change_pending reads 0.
 */
#include <drivers/cci400.h>
#include <drivers/mmio.h>
#include <hw/cci400.h>

#define CCI_POLL_LIMIT 1000000u

bool cci400_enable_port(uintptr_t base, uintptr_t port)
{
	uint32_t want = CCI_SNOOP_EN | CCI_DVM_EN;
	uint32_t ctl = mmio_read32(port + CCI_SNOOP_CONTROL);
	unsigned spins = 0;

	if ((ctl & want) == want)
		return true;
	mmio_write32(port + CCI_SNOOP_CONTROL, ctl | want);
	while (mmio_read32(base + CCI_STATUS) & CCI_STATUS_CHANGE_PENDING)
		if (++spins == CCI_POLL_LIMIT)
			return false;
	return (mmio_read32(port + CCI_SNOOP_CONTROL) & want) == want;
}
