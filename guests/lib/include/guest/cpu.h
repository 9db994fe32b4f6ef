/*
 * CPU helpers for guests: system control bits, barriers, CP15 access, the
 * IRQ mask, and MMIO accessors that compile to exactly one instruction.
 * Guests run in ARM state (-marm), soft-float, at PL1.
 */
#ifndef GUEST_CPU_H
#define GUEST_CPU_H

#include <arm/psr.h>

/* SCTLR (ARM ARM B4.1.130) */
#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_Z (1 << 11)
#define SCTLR_I (1 << 12)
#define SCTLR_V (1 << 13)
#define SCTLR_TRE (1 << 28)
#define SCTLR_AFE (1 << 29)
#define SCTLR_TE (1 << 30)

/* TTBR0 walk attributes: inner/outer WB-WA, inner shareable (as Linux) */
#define TTBR_WALK_FLAGS 0x6a

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#define guest_dsb() __asm__ volatile("dsb sy" ::: "memory")
#define guest_dmb() __asm__ volatile("dmb sy" ::: "memory")
#define guest_isb() __asm__ volatile("isb" ::: "memory")
#define guest_wfi() __asm__ volatile("wfi" ::: "memory")
#define guest_wfe() __asm__ volatile("wfe" ::: "memory")
#define guest_sev() __asm__ volatile("sev" ::: "memory")
#define guest_barrier() __asm__ volatile("" ::: "memory")

#define CP15_RD(op1, crn, crm, op2)                                            \
	({                                                                     \
		uint32_t v_;                                                   \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm      \
				 ", " #op2                                     \
				 : "=r"(v_)                                    \
				 :                                             \
				 : "memory");                                  \
		v_;                                                            \
	})
#define CP15_WR(op1, crn, crm, op2, val)                                       \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2   \
			 :                                                     \
			 : "r"((uint32_t)(val))                                \
			 : "memory")
#define CP15_RD64(op1, crm)                                                    \
	({                                                                     \
		uint32_t lo_, hi_;                                             \
		__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm           \
				 : "=r"(lo_), "=r"(hi_)                        \
				 :                                             \
				 : "memory");                                  \
		((uint64_t)hi_ << 32) | lo_;                                   \
	})
#define CP15_WR64(op1, crm, val)                                               \
	__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm                   \
			 :                                                     \
			 : "r"((uint32_t)(val)),                               \
			   "r"((uint32_t)((uint64_t)(val) >> 32))              \
			 : "memory")

static inline uint32_t guest_read_cpsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline uint32_t guest_read_mpidr(void) { return CP15_RD(0, c0, c0, 5); }
static inline uint32_t guest_read_sctlr(void) { return CP15_RD(0, c1, c0, 0); }
static inline uint32_t guest_read_ttbr0(void) { return CP15_RD(0, c2, c0, 0); }
/* This vCPU's index: MPIDR.Aff0 (a partition's vCPUs are 0..n-1) */
static inline unsigned guest_cpu_index(void)
{
	return guest_read_mpidr() & 0xff;
}

/* The data and instruction fault registers (B4.1.52, B4.1.96...) */
static inline uint32_t guest_dfar(void) { return CP15_RD(0, c6, c0, 0); }
static inline uint32_t guest_dfsr(void) { return CP15_RD(0, c5, c0, 0); }
static inline uint32_t guest_ifar(void) { return CP15_RD(0, c6, c0, 2); }
static inline uint32_t guest_ifsr(void) { return CP15_RD(0, c5, c0, 1); }

/* CPSR.I */
static inline void guest_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void guest_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

/* Masks IRQs; returns the CPSR to give guest_irq_restore(). */
static inline uint32_t guest_irq_save(void)
{
	uint32_t cpsr = guest_read_cpsr();

	guest_irq_disable();
	return cpsr;
}

static inline void guest_irq_restore(uint32_t cpsr)
{
	if (cpsr & PSR_I)
		guest_irq_disable();
	else
		guest_irq_enable();
}

/*
 * MMIO: always exactly one LDR/STR (or LDRB/STRB) with a plain register
 * address, so that an access the hypervisor emulates traps with a valid
 * syndrome (ARM ARM B3.13.6: ISV), followed by a NOP so that resuming one
 * instruction after an access that faulted (an expected exception,
 * exception.h) skips only the access. The _pc variants also give the
 * access's own address, to compare with where an exception said it was.
 */
static inline uint32_t guest_ld32_pc(uint32_t addr, uint32_t *pc)
{
	uint32_t v = 0xdeadbeefu, at;

	__asm__ volatile("adr %1, 1f\n"
			 "1:\tldr %0, [%2]\n"
			 "\tnop"
			 : "+r"(v), "=&r"(at)
			 : "r"(addr)
			 : "memory");
	*pc = at;
	return v;
}

static inline void guest_st32_pc(uint32_t addr, uint32_t v, uint32_t *pc)
{
	uint32_t at;

	__asm__ volatile("adr %0, 1f\n"
			 "1:\tstr %1, [%2]\n"
			 "\tnop"
			 : "=&r"(at)
			 : "r"(v), "r"(addr)
			 : "memory");
	*pc = at;
}

/* guest_ld32/guest_st32 (LDR/STR), guest_ld8/guest_st8 (LDRB/STRB). A
 * read that faults returns the register's previous value, 0xdeadbeef. */
#define GUEST_MMIO_ACCESSORS(bits, suffix)                                     \
	static inline uint32_t guest_ld##bits(uint32_t addr)                   \
	{                                                                      \
		uint32_t v = 0xdeadbeefu;                                      \
                                                                               \
		__asm__ volatile("ldr" suffix " %0, [%1]\n\tnop"              \
				 : "+r"(v)                                     \
				 : "r"(addr)                                   \
				 : "memory");                                  \
		return v;                                                      \
	}                                                                      \
	static inline void guest_st##bits(uint32_t addr, uint32_t v)           \
	{                                                                      \
		__asm__ volatile("str" suffix " %0, [%1]\n\tnop"              \
				 :                                             \
				 : "r"(v), "r"(addr)                           \
				 : "memory");                                  \
	}
GUEST_MMIO_ACCESSORS(32, "")
GUEST_MMIO_ACCESSORS(8, "b")

#endif /* !__ASSEMBLER__ */
#endif
