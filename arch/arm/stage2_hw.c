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

/*
 * TLBIALLIS executed in Hyp mode invalidates, in the inner-shareable
 * domain, the Non-secure PL1&0 entries of the VMID currently in VTTBR only
 * (ARM DDI 0406C B4.2.2, "TLB maintenance operations"; TLBIALLNSNHIS would
 * drop every guest's). So VTTBR carries the partition's VMID for the
 * operation and gets its previous value back afterwards.
 */
void stage2_tlb_flush_vmid(uint64_t vttbr)
{
	uint64_t saved = read_vttbr();

	dsb_ish(); /* the table and memory updates before the invalidation */
	write_vttbr(vttbr);
	isb();
	__asm__ volatile("mcr p15, 0, %0, c8, c3, 0" /* TLBIALLIS */
			 ::"r"(0)
			 : "memory");
	dsb_ish();
	write_vttbr(saved);
	isb();
}
