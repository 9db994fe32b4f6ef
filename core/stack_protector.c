/*
 * Stack canary. ARMv7 has no random-number instruction, so the seed mixes
 * what entropy the boot offers: the boot loader's /chosen/rng-seed and
 * kaslr-seed (QEMU and U-Boot fill them where they can) and the physical
 * counter at entry. The low byte is forced to zero so that a string overflow
 * cannot copy the canary out.
 */
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/smp.h>
#include <core/stack_protector.h>
#include <libfdt.h>

uintptr_t __stack_chk_guard;

uint64_t seed_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t mix_property(const void *fdt, int node, const char *name,
			     uint64_t h)
{
	int len;
	const uint8_t *p = fdt_getprop(fdt, node, name, &len);

	for (int i = 0; p && i < len; i++)
		h = seed_mix(h ^ p[i]);
	return h;
}

void stack_guard_init(const void *fdt)
{
	uint64_t h = seed_mix(read_cntpct());
	int chosen = fdt ? fdt_path_offset(fdt, "/chosen") : -1;

	if (chosen >= 0) {
		h = mix_property(fdt, chosen, "rng-seed", h);
		h = mix_property(fdt, chosen, "kaslr-seed", h);
	}
	h = seed_mix(h ^ read_cntpct());
	__stack_chk_guard = (uintptr_t)((uint32_t)(h ^ (h >> 32)) & ~0xffu);
}

void __stack_chk_fail(void)
{
	hyp_panic("stack smashing detected on CPU %d: a stack canary was "
		  "overwritten in a function that returned to 0x%08lx",
		  smp_cpu_id(),
		  (unsigned long)(uintptr_t)__builtin_return_address(0));
}
