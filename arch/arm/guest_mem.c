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

/*
 * Runs an ATS operation (its MCR as a string) on va and returns the PAR it
 * left, the PAR the guest had restored: the guest may be using it.
 */
#define ATS(insn, va)                                                          \
	({                                                                     \
		uint64_t saved_ = read_par(), par_;                            \
		__asm__ volatile(insn ::"r"(va) : "memory");                   \
		isb();                                                         \
		par_ = read_par();                                             \
		write_par(saved_);                                             \
		par_;                                                          \
	})

bool guest_va_to_pa(uint32_t va, uint64_t *pa)
{
	/* ATS12NSOPR: both stages, as the guest's PL1 read */
	return par_address(ATS("mcr p15, 0, %0, c7, c8, 4", va), va, pa);
}

bool guest_va_to_ipa(uint32_t va, uint64_t *ipa)
{
	/* ATS1CPR from Hyp mode: the guest's stage 1 alone */
	return par_address(ATS("mcr p15, 0, %0, c7, c8, 0", va), va, ipa);
}
