/*
 * hostile: start-up, options, results and the boot record.
 *
 * Options, from /chosen/bootargs:
 *   hostile.attack=A   reset-storm | reset-off-race | console-flood |
 *                      dt-scan | pmu-probe | fuzz
 *   hostile.seed=N     fuzz: the PRNG's seed (default 1)
 *   hostile.seconds=N  fuzz, console-flood: how long (default 3 / 20)
 *   hostile.count=N    fuzz: at most this many operations (default 10^9)
 *   hostile.boots=N    reset-storm, reset-off-race: rounds (default 16 / 8)
 *   hostile.trace=1    fuzz: print every operation before it (to find the
 *                      one that hangs or crashes)
 *
 * Every run ends with "N passed, M failed" and PSCI SYSTEM_OFF of the
 * partition, as testkit's do.
 */
#include <string.h>

#include "hostile.h"

struct hostile_opts hostile_opts = {
	.attack = "", .seed = 1, .seconds = 0, .count = 1000000000u,
	.boots = 0,
};

static unsigned nr_tests, nr_failed;

void hostile_ok(bool ok, const char *name)
{
	nr_tests++;
	if (!ok)
		nr_failed++;
	guest_printf("%sok %u - %s\n", ok ? "" : "not ", nr_tests, name);
}

void hostile_note(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	guest_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	guest_printf("# %s\n", buf);
}

void hostile_finish(void)
{
	guest_printf("%u passed, %u failed\n", nr_tests - nr_failed, nr_failed);
	guest_power_off();
}

uint64_t hostile_ms_to_ticks(unsigned ms)
{
	return guest_us_to_ticks((uint64_t)ms * 1000u);
}

/* ------------------------------------------------------------ boot record */
/*
 * In the middle of the partition's memory, far from the image: it survives
 * SYSTEM_RESET only in fixed memory (the hypervisor zeroes allocated memory
 * at a reset), so the reset attacks use fixed memory.
 */
#define BOOT_MAGIC 0x484f5354u /* "HOST" */

struct boot_rec {
	unsigned magic, boots;
};

static volatile struct boot_rec *boot_rec(void)
{
	uint64_t mid = guest_plat.mem_lo + (guest_plat.mem_hi - guest_plat.mem_lo) / 2;

	return (volatile struct boot_rec *)(uintptr_t)((unsigned)mid & ~0xfffu);
}

static void boot_rec_flush(void)
{
	uintptr_t r = (uintptr_t)boot_rec();

	/* the reset reloads the image behind the caches' back: clean first */
	guest_dcache_clean_inv_range(r, r + sizeof(struct boot_rec));
}

unsigned hostile_count_boot(void)
{
	volatile struct boot_rec *r = boot_rec();

	if (r->magic != BOOT_MAGIC) {
		r->magic = BOOT_MAGIC;
		r->boots = 0;
	}
	r->boots++;
	boot_rec_flush();
	return r->boots;
}

void hostile_reset_count(void)
{
	boot_rec()->magic = 0;
	boot_rec_flush();
}

/* ---------------------------------------------------------------- options */
static bool parse_u32(const char *s, unsigned *out)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > 0xffffffffu)
			return false;
	}
	if (p == s || (*p != '\0' && *p != ' '))
		return false;
	*out = (unsigned)v;
	return true;
}

static void opt_u32(const char *key, unsigned *out)
{
	const char *v = dt_bootarg(guest_plat.bootargs, key);

	if (v && !parse_u32(v, out))
		guest_printf("# ignoring a bad %s\n", key);
}

static void parse_options(void)
{
	static char attack[32];
	const char *v = dt_bootarg(guest_plat.bootargs, "hostile.attack=");
	size_t n = 0;

	if (v) {
		while (v[n] && v[n] != ' ' && n + 1 < sizeof(attack))
			n++;
		memcpy(attack, v, n);
		attack[n] = '\0';
		hostile_opts.attack = attack;
	}
	opt_u32("hostile.seed=", &hostile_opts.seed);
	opt_u32("hostile.seconds=", &hostile_opts.seconds);
	opt_u32("hostile.count=", &hostile_opts.count);
	opt_u32("hostile.boots=", &hostile_opts.boots);
	opt_u32("hostile.trace=", &hostile_opts.trace);
}

static const struct {
	const char *name;
	void (*run)(void);
} attacks[] = {
	{ "reset-storm", attack_reset_storm },
	{ "reset-off-race", attack_reset_off_race },
	{ "console-flood", attack_console_flood },
	{ "dt-scan", attack_dt_scan },
	{ "pmu-probe", attack_pmu_probe },
	{ "fuzz", attack_fuzz },
};

void guest_main(void)
{
	char why[128];
	unsigned i;

	if (guest_setup(why, sizeof(why)) < 0)
		guest_fatal("hostile: %s\n", why);
	parse_options();
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		if (strcmp(hostile_opts.attack, attacks[i].name))
			continue;
		guest_printf("# hostile: attack %s\n", attacks[i].name);
		attacks[i].run();
		hostile_finish();
	}
	guest_printf("# hostile: no attack \"%s\" (hostile.attack=reset-storm|"
		     "reset-off-race|console-flood|dt-scan|pmu-probe|fuzz)\n",
		     hostile_opts.attack);
	hostile_ok(false, "attack_known");
	hostile_finish();
}

/* vCPUs started by CPU_ON: the race's second caller; else off again. */
void guest_secondary_main(uint32_t ctx, uint32_t cpsr, uint32_t sctlr,
			  uint32_t mpidr)
{
	(void)cpsr;
	(void)sctlr;
	(void)mpidr;
	if (ctx == 0x52414345u) /* "RACE" */
		race_secondary();
	guest_cpu_off();
}
