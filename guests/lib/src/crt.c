/*
 * C start-up: the entry state, the usual set-up (guest_setup), the default
 * entry points a guest may replace, powering off, and what newlib and
 * libfdt need from a bare-metal program.
 */
#include <guest/guest.h>

#include <errno.h>
#include <libfdt.h>

#define FDT_MAX_SIZE (2u * 1024 * 1024)

struct guest_boot guest_boot;
uint64_t guest_boot_cntvct; /* start.S stores it, then guest_start copies */
struct guest_platform guest_plat;

void guest_start(uint32_t dtb, uint32_t cpsr, uint32_t r0, uint32_t r1)
	__attribute__((noreturn));

void guest_start(uint32_t dtb, uint32_t cpsr, uint32_t r0, uint32_t r1)
{
	guest_boot.dtb = dtb;
	guest_boot.cpsr = cpsr;
	guest_boot.r0 = r0;
	guest_boot.r1 = r1;
	guest_boot.cpu = guest_cpu_index();
	guest_boot.cntvct = guest_boot_cntvct;
	guest_main();
}

int guest_setup(char *why, size_t whylen)
{
	uint32_t dtb = guest_boot.dtb, size;
	bool usable = dtb != 0 && !(dtb & 3);

	/* start.S leaves any mode but USR, HYP and MON for SVC; those here
	 * mean a boot protocol the runtime does not support. */
	if ((guest_read_cpsr() & PSR_MODE_MASK) != PSR_MODE_SVC) {
		guest_snprintf(why, whylen, "not entered in a PL1 mode it can "
			       "leave for SVC (entry CPSR 0x%08x)",
			       (unsigned)guest_boot.cpsr);
		return -1;
	}
	/* The MMU first, even without a tree: libfdt's unaligned accesses
	 * and the console lock's exclusives want Normal memory. */
	guest_mmu_boot(usable ? dtb : 0);
	if (!usable) {
		guest_snprintf(why, whylen, "no usable device tree address in "
			       "r2 (0x%08x)", (unsigned)dtb);
		return -1;
	}
	if (fdt_magic((const void *)dtb) != FDT_MAGIC) {
		guest_snprintf(why, whylen, "no device tree at 0x%08x (r2; magic "
			       "0x%08x)", (unsigned)dtb,
			       (unsigned)fdt_magic((const void *)dtb));
		return -1;
	}
	size = fdt_totalsize((const void *)dtb);
	if (size < FDT_V17_SIZE || size > FDT_MAX_SIZE ||
	    guest_mmu_boot_map_dtb(dtb, size)) {
		guest_snprintf(why, whylen, "device tree at 0x%08x: totalsize "
			       "0x%x is implausible", (unsigned)dtb,
			       (unsigned)size);
		return -1;
	}
	if (guest_dt_parse((const void *)dtb, &guest_plat, why, whylen))
		return -1;
	guest_cntfrq_from_dt = guest_plat.timer_freq;
	guest_mmu_final(&guest_plat);
	return 0;
}

/* ---------------------------------------------------------------- defaults */
__attribute__((weak)) void guest_secondary_main(uint32_t ctx, uint32_t cpsr,
						uint32_t sctlr, uint32_t mpidr)
{
	(void)ctx;
	(void)cpsr;
	(void)sctlr;
	(void)mpidr;
	guest_cpu_off();
}

__attribute__((weak)) void guest_boot_refused(uint32_t dtb)
{
	guest_fatal("cannot run: the device tree (r2 = 0x%08x) lies inside the "
		    "memory the image uses (offsets 0x28-0x2c of the image); "
		    "powering off", (unsigned)dtb);
}

void guest_power_off(void)
{
	guest_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	guest_park();
}

void guest_cpu_off(void)
{
	guest_psci(PSCI_FN_CPU_OFF, 0, 0, 0);
	guest_park();
}

/* ---------------------------------------------------------------- libc glue */
/* No heap: any allocation newlib attempts fails cleanly. */
void *_sbrk(ptrdiff_t incr);

void *_sbrk(ptrdiff_t incr)
{
	(void)incr;
	errno = ENOMEM;
	return (void *)-1;
}

/* For libfdt (built with the stack protector) and the guest's own code. */
uintptr_t __stack_chk_guard = 0x5ac3e700u;
void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void)
{
	struct guest_frame f = {0};

	f.pc = (uint32_t)__builtin_return_address(0);
	f.spsr = guest_read_cpsr();
	guest_unexpected(EXC_STACK_SMASHED, &f);
}
