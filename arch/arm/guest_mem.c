/* Guest virtual to host physical through both stages of the guest's tables. */
#include <arch/cpu.h>
#include <arch/guest_mem.h>
#include <arch/sysreg.h>

#define PAR_F (1ull << 0)
#define PAR_LPAE (1ull << 11)

/* PAR after an ATS operation: the output address, either format (B4.1.123). */
static bool par_address(uint64_t par, uint32_t va, uint64_t *out)
{
	if (par & PAR_F)
		return false;
	if (par & PAR_LPAE)
		*out = (par & 0xfffffff000ull) | (va & 0xfffu);
	else
		*out = (par & 0xfffff000ull) | (va & 0xfffu);
	return true;
}

bool guest_va_to_pa(uint32_t va, uint64_t *pa)
{
	uint64_t saved = read_par(), par;

	__asm__ volatile("mcr p15, 0, %0, c7, c8, 4" /* ATS12NSOPR */
			 ::"r"(va)
			 : "memory");
	isb();
	par = read_par();
	write_par(saved);
	return par_address(par, va, pa);
}

bool guest_va_to_ipa(uint32_t va, uint64_t *ipa)
{
	uint64_t saved = read_par(), par;

	__asm__ volatile("mcr p15, 0, %0, c7, c8, 0" /* ATS1CPR */
			 ::"r"(va)
			 : "memory");
	isb();
	par = read_par();
	write_par(saved);
	return par_address(par, va, ipa);
}
