/* Report of an exception the hypervisor did not expect, then halt. */
#include <arch/cpu.h>
#include <arch/exception.h>
#include <arch/hsr.h>
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/limits.h>
#include <core/smp.h>

extern char __stacks_start[];

static const char *const vector_names[8] = {
	"reset", "undefined instruction", "hypervisor call", "prefetch abort",
	"data abort", "hyp trap", "IRQ", "FIQ",
};

/* The CPU whose stack guard page holds addr, or -1. */
static int guard_page_owner(uint32_t addr)
{
	uint32_t base = (uint32_t)(uintptr_t)__stacks_start;

	if (addr < base || addr >= base + MAX_CPUS * STACK_SLOT_SIZE)
		return -1;
	if ((addr - base) % STACK_SLOT_SIZE >= STACK_GUARD_SIZE)
		return -1;
	return (int)((addr - base) / STACK_SLOT_SIZE);
}

void hyp_unexpected_exception(struct hyp_frame *f)
{
	uint32_t hsr = read_hsr(), ec = HSR_EC(hsr);
	uint32_t hdfar = read_hdfar(), hifar = read_hifar();
	int guard = guard_page_owner(hdfar);

	hyp_log("PANIC: unexpected %s exception in Hyp mode on CPU %d",
		vector_names[f->vector & 7], smp_cpu_id());
	if (f->vector == 4 && guard >= 0)
		hyp_log("stack overflow: CPU %d ran into its stack guard page",
			guard);
	hyp_log("HSR 0x%08lx: EC 0x%02lx (%s), IL %d, ISS 0x%07lx",
		(unsigned long)hsr, (unsigned long)ec, hsr_ec_name(ec),
		(hsr & HSR_IL) ? 1 : 0, (unsigned long)HSR_ISS(hsr));
	if (ec == HSR_EC_DABT_HYP || ec == HSR_EC_DABT_LOW ||
	    ec == HSR_EC_IABT_HYP || ec == HSR_EC_IABT_LOW)
		hyp_log("fault: %s%s", hsr_fsc_name(HSR_xABT_FSC(hsr)),
			(ec == HSR_EC_DABT_HYP || ec == HSR_EC_DABT_LOW)
				? ((hsr & HSR_DABT_WNR) ? " on write"
							: " on read")
				: "");
	hyp_log("HDFAR 0x%08lx HIFAR 0x%08lx HPFAR 0x%08lx",
		(unsigned long)hdfar, (unsigned long)hifar,
		(unsigned long)read_hpfar());
	hyp_log("ELR_hyp 0x%08lx SPSR_hyp 0x%08lx", (unsigned long)f->elr,
		(unsigned long)f->spsr);
	for (int i = 0; i < 12; i += 4)
		hyp_log("r%-2d 0x%08lx r%-2d 0x%08lx r%-2d 0x%08lx r%-2d 0x%08lx",
			i, (unsigned long)f->r[i], i + 1,
			(unsigned long)f->r[i + 1], i + 2,
			(unsigned long)f->r[i + 2], i + 3,
			(unsigned long)f->r[i + 3]);
	hyp_log("r12 0x%08lx sp  0x%08lx lr  0x%08lx", (unsigned long)f->r[12],
		(unsigned long)f->sp, (unsigned long)f->lr);
	hyp_log("system halted");
	console_sync();
	cpu_halt();
}
