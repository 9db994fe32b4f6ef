/*
 * Synchronous exceptions injected into a guest, as the hardware would take
 * them to PL1 (ARM ARM B1.8.3-B1.8.5, B1.9): banked LR and SPSR of the target
 * mode, CPSR mode, masks, instruction set and endianness from the guest's
 * SCTLR, and the vector from its VBAR (or high vectors).
 */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vcpu_ops.h>
#include <core/partition.h>

#define PSR_IT_MASK ((0x3fu << 10) | (3u << 25))
#define PSR_J (1u << 24)
#define PSR_E (1u << 9)

#define VECTOR_UNDEF 0x04
#define VECTOR_PABT 0x0c
#define VECTOR_DABT 0x10

/* Fault status: synchronous external abort, in the guest's format (B3.13.3). */
#define FSR_LPAE (1u << 9)
#define FSR_LD_EXT_ABORT 0x10 /* long-descriptor */
#define FSR_SD_EXT_ABORT 0x08 /* short-descriptor FS[3:0] */
#define DFSR_WNR (1u << 11)

static void enter_mode(struct vcpu *v, uint32_t mode, uint32_t vector,
		       uint32_t lr)
{
	uint32_t cpsr = v->arch.regs.cpsr;
	uint32_t sctlr = read_sctlr();
	uint32_t vbar = (sctlr & SCTLR_V) ? 0xffff0000u : read_vbar();
	uint32_t ncpsr;

	if (mode == PSR_MODE_UND) {
		__asm__ volatile("msr SPSR_und, %0" ::"r"(cpsr));
		__asm__ volatile("msr LR_und, %0" ::"r"(lr));
	} else {
		__asm__ volatile("msr SPSR_abt, %0" ::"r"(cpsr));
		__asm__ volatile("msr LR_abt, %0" ::"r"(lr));
	}
	ncpsr = cpsr & ~(PSR_MODE_MASK | PSR_T | PSR_IT_MASK | PSR_J | PSR_E);
	ncpsr |= mode | PSR_I;
	if (mode == PSR_MODE_ABT)
		ncpsr |= PSR_A;
	if (sctlr & SCTLR_TE)
		ncpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		ncpsr |= PSR_E;
	v->arch.regs.cpsr = ncpsr;
	v->arch.regs.pc = vbar + vector;
}

static bool guest_thumb(const struct vcpu *v)
{
	return v->arch.regs.cpsr & PSR_T;
}

void inject_undef(struct vcpu *v, bool thumb16)
{
	(void)thumb16;
	/* Preferred return: the undefined instruction + 4 (ARM) or + 2 (Thumb). */
	enter_mode(v, PSR_MODE_UND, VECTOR_UNDEF,
		   v->arch.regs.pc + (guest_thumb(v) ? 2 : 4));
}

static uint32_t abort_fsr(void)
{
	return (read_ttbcr() & TTBCR_EAE) ? FSR_LPAE | FSR_LD_EXT_ABORT
					  : FSR_SD_EXT_ABORT;
}

void inject_dabt(struct vcpu *v, uint32_t addr, bool write)
{
	write_dfar(addr);
	write_dfsr(abort_fsr() | (write ? DFSR_WNR : 0));
	enter_mode(v, PSR_MODE_ABT, VECTOR_DABT, v->arch.regs.pc + 8);
}

void inject_pabt(struct vcpu *v, uint32_t addr)
{
	write_ifar(addr);
	write_ifsr(abort_fsr());
	enter_mode(v, PSR_MODE_ABT, VECTOR_PABT, v->arch.regs.pc + 4);
}
