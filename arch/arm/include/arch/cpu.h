/* Processor modes, PSR bits, barriers and the few instructions C needs. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <arm/psr.h> /* modes and mask bits, shared with the guests */

#ifndef __ASSEMBLER__
#include <stdint.h>

#define dsb() __asm__ volatile("dsb sy" ::: "memory")
#define dsb_ish() __asm__ volatile("dsb ish" ::: "memory")
#define dmb() __asm__ volatile("dmb sy" ::: "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")

static inline uint32_t read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline uint32_t read_elr_hyp(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, ELR_hyp" : "=r"(v));
	return v;
}

static inline uint32_t read_spsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, spsr" : "=r"(v));
	return v;
}

static inline void irq_disable_all(void)
{
	__asm__ volatile("cpsid aif" ::: "memory");
}

/* Never returns: stops this CPU for good. */
static inline __attribute__((noreturn)) void cpu_halt(void)
{
	irq_disable_all();
	for (;;)
		wfi();
}

/* This CPU's index (HTPIDR, set by hyp_cpu_init()); Hyp mode only. */
static inline unsigned this_cpu(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 4, %0, c13, c0, 2" : "=r"(v));
	return v;
}

/* An SMC to the secure firmware (PSCI from Hyp mode on virt). */
uint32_t smc_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

#endif
#endif
