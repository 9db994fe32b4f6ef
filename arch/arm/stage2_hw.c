/* Stage-2 registers: VTCR (B4.1.159) and guest TLB maintenance. */
#include <arch/cpu.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>

void stage2_cpu_init(void)
{
	/* 32-bit IPA (T0SZ = 0), walk from level 1, cached, inner shareable. */
	write_vtcr(VTCR_RES1 | VTCR_T0SZ(0) | VTCR_SL0_L1 | VTCR_IRGN0_WBWA |
		   VTCR_ORGN0_WBWA | VTCR_SH0_INNER);
	isb();
}

void stage2_tlb_flush_all(void)
{
	dsb_ish();
	__asm__ volatile("mcr p15, 4, %0, c8, c3, 4" /* TLBIALLNSNHIS */
			 ::"r"(0)
			 : "memory");
	dsb_ish();
	isb();
}
