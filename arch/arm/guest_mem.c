/* Guest virtual to host physical through both stages of the guest's tables. */
#include <arch/cpu.h>
#include <arch/guest_mem.h>
#include <arch/sysreg.h>

#define PAR_F (1ull << 0)
#define PAR_LPAE (1ull << 11)

bool guest_va_to_pa(uint32_t va, uint64_t *pa)
{
	uint64_t saved = read_par(), par;

	__asm__ volatile("mcr p15, 0, %0, c7, c8, 4" /* ATS12NSOPR */
			 ::"r"(va)
			 : "memory");
	isb();
	par = read_par();
	write_par(saved);
	if (par & PAR_F)
		return false;
	if (par & PAR_LPAE)
		*pa = (par & 0xfffffff000ull) | (va & 0xfffu);
	else
		*pa = (par & 0xfffff000ull) | (va & 0xfffu);
	return true;
}
