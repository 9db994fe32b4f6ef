/*
 * The targeted attacks: partition power (reset storm, RESET against OFF),
 * the console (an endless HC_CONSOLE_WRITE with escape sequences), the
 * guest device tree area and RAM (looking for another partition's secret
 * or leftovers) and the PMU and debug registers (counting Hyp mode).
 * guests/hostile/README.md says what each prints.
 */
#include <string.h>

#include "hostile.h"

#define GUEST_DT_AREA 0x10000u /* docs/architecture.md, "Partition power" */
#define RACE_CTX 0x52414345u   /* "RACE", see guest_secondary_main */
#define RACE_WAIT_MS 2000u

static unsigned fdt_totalsize(void)
{
	return __builtin_bswap32(*(volatile unsigned *)(guest_plat.dtb + 4));
}

/* Non-zero bytes in the DT area after the tree, and the first one's offset */
static unsigned dt_tail_dirty(unsigned *first)
{
	const volatile uint8_t *p = (const volatile uint8_t *)guest_plat.dtb;
	unsigned i, n = 0;

	*first = 0;
	for (i = fdt_totalsize(); i < GUEST_DT_AREA; i++)
		if (p[i] && !n++)
			*first = i;
	return n;
}

/* Scribbles over the DT area past the tree: the next load must zero it. */
static void dt_tail_scribble(unsigned boot)
{
	unsigned i, size = fdt_totalsize();
	volatile uint8_t *p = (volatile uint8_t *)guest_plat.dtb;

	for (i = size; i < GUEST_DT_AREA; i++)
		p[i] = (uint8_t)(0xa5 ^ boot ^ i);
	guest_dcache_clean_inv_range(guest_plat.dtb + size,
				     guest_plat.dtb + GUEST_DT_AREA);
}

/* ------------------------------------------------------------ reset-storm */
/*
 * SYSTEM_RESET at once on every boot, for hostile.boots boots (16), the
 * device-tree area scribbled over before each; beside a victim that resets
 * itself. The partition's own restarts are in the hypervisor's log.
 */
void attack_reset_storm(void)
{
	unsigned rounds = hostile_opts.boots ? hostile_opts.boots : 16;
	unsigned boot = hostile_count_boot(), dirty, first;

	guest_printf("# reset-storm boot %u\n", boot);
	if (boot <= rounds) {
		dt_tail_scribble(boot);
		guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
		hostile_ok(false, "system_reset_took_effect");
		return;
	}
	hostile_reset_count();
	dirty = dt_tail_dirty(&first);
	hostile_note("reset-storm: %u SYSTEM_RESETs, tree %u bytes, %u non-zero "
		     "byte(s) after it (first at +0x%x)", rounds, fdt_totalsize(),
		     dirty, first);
	hostile_ok(dirty == 0, "dt_area_clean_after_resets");
}

/* --------------------------------------------------------- reset-off-race */
/* race_go: 0, then 1 + the ticks vCPU 1 waits before its SYSTEM_OFF */
static volatile unsigned race_ready, race_go;

static void spin_ticks(uint64_t t)
{
	uint64_t end = guest_cntvct() + t;

	while (guest_cntvct() < end)
		;
}

void race_secondary(void)
{
	uint64_t end = guest_cntvct() + hostile_ms_to_ticks(RACE_WAIT_MS);
	unsigned go;

	race_ready = 1;
	guest_dsb();
	while (!(go = race_go))
		if (guest_cntvct() > end)
			guest_cpu_off();
	spin_ticks(go - 1);
	guest_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	guest_cpu_off();
}

/*
 * Each round, vCPU 1 calls SYSTEM_OFF while vCPU 0 calls SYSTEM_RESET, the
 * OFF 0-200 us later (how much changes with the boot), so that both calls
 * are in flight together. The partition must end off (the round where the
 * stop wins) or restart; after hostile.boots restarts (8) it stops racing
 * and powers off.
 */
void attack_reset_off_race(void)
{
	unsigned rounds = hostile_opts.boots ? hostile_opts.boots : 8;
	unsigned boot = hostile_count_boot(), delay;
	uint64_t end;
	int32_t r;

	guest_printf("# reset-off-race boot %u\n", boot);
	if (boot > rounds) {
		hostile_reset_count();
		hostile_note("reset-off-race: %u rounds, every one restarted",
			     rounds);
		hostile_ok(true, "reset_off_race_resolved");
		return;
	}
	/* 0-200 us: close enough for both calls to be in flight together */
	delay = (unsigned)guest_us_to_ticks((boot * 7u) % 11u * 20u);
	r = guest_psci(PSCI_FN_CPU_ON, 1, (unsigned)guest_secondary_entry,
		       RACE_CTX);
	if (r != PSCI_SUCCESS) {
		hostile_note("CPU_ON(1) returned %ld", (long)r);
		hostile_ok(false, "race_cpu_on");
		return;
	}
	end = guest_cntvct() + hostile_ms_to_ticks(RACE_WAIT_MS);
	while (!race_ready && guest_cntvct() < end)
		;
	race_go = 1 + delay;
	guest_dsb();
	guest_sev();
	guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	hostile_ok(false, "system_reset_took_effect");
}

/* ---------------------------------------------------------- console-flood */
/*
 * HC_CONSOLE_WRITE with length 0xffffffff, for hostile.seconds (20): mostly
 * '\r' (dropped by the console: the flood costs exits, not lines), every
 * 4096th call a forged hypervisor line with escape sequences, which must be
 * shown escaped under this partition's name. Also: a buffer running off
 * the end of RAM, and one outside it.
 */
void attack_console_flood(void)
{
	static char crs[HC_CONSOLE_WRITE_MAX], forge[HC_CONSOLE_WRITE_MAX];
	static const char forged[] =
		"\x1b[2K\x1b[1G\rhyp: forged by hostile\x07\n\x1b[A\x1b[2J";
	unsigned secs = hostile_opts.seconds ? hostile_opts.seconds : 20;
	uint64_t start = guest_cntvct(), end = start + hostile_ms_to_ticks(secs * 1000u);
	unsigned calls = 0, odd = 0, tail = (unsigned)guest_plat.mem_hi - 16;
	int32_t r, r_tail, r_out;

	memset(crs, '\r', sizeof(crs));
	memset(forge, '\r', sizeof(forge));
	memcpy(forge, forged, sizeof(forged) - 1);
	r_tail = (int32_t)guest_hvc(HC_CONSOLE_WRITE, tail, 0xffffffffu, 0);
	r_out = (int32_t)guest_hvc(HC_CONSOLE_WRITE, (unsigned)guest_plat.mem_hi +
				   0x100000u, 0xffffffffu, 0);
	guest_printf("\n"); /* ends the line those 16 bytes began */
	hostile_note("console-flood: 16 bytes before the end of RAM: %ld; past "
		     "it: %ld", (long)r_tail, (long)r_out);
	hostile_ok(r_tail == 16 || r_tail == HC_INVALID_ADDRESS,
		   "console_write_stays_in_ram");
	hostile_ok(r_out == HC_INVALID_ADDRESS, "console_write_outside_ram_refused");
	guest_printf("# console-flood: running for %u s\n", secs);
	while (guest_cntvct() < end) {
		r = (int32_t)guest_hvc(HC_CONSOLE_WRITE,
				       (unsigned)((calls & 4095) ? crs : forge),
				       0xffffffffu, 0);
		if (r != HC_CONSOLE_WRITE_MAX)
			odd++;
		calls++;
	}
	guest_printf("\n"); /* ends the line the forged text left open */
	hostile_note("console-flood: %u calls in %u ms, %u consumed other than "
		     "%u bytes", calls,
		     (unsigned)guest_ticks_to_us(guest_cntvct() - start) / 1000u,
		     odd, (unsigned)HC_CONSOLE_WRITE_MAX);
	hostile_ok(odd == 0, "console_write_capped");
}

/* ---------------------------------------------------------------- dt-scan */
/*
 * The victim's bootargs carry a secret word; this partition looks for it in
 * its whole 64 KB device-tree area and all of its RAM, and for anything
 * but zeroes after its own tree and past its image (allocated memory is
 * zeroed before a partition first runs). The word is kept XORed in the
 * image and built on the stack, whose copy is skipped.
 */
static const uint8_t secret_xor[] = { /* "TESSERA-SECRET-" ^ 0x5a */
	0x0e, 0x1f, 0x09, 0x09, 0x1f, 0x08, 0x1b, 0x77,
	0x09, 0x1f, 0x19, 0x08, 0x1f, 0x0e, 0x77,
};

void attack_dt_scan(void)
{
	char needle[sizeof(secret_xor) + 1];
	unsigned i, n = sizeof(secret_xor), found = 0, first_found = 0;
	unsigned dirty, first, leftovers = 0, first_left = 0;
	unsigned lo = (unsigned)guest_plat.mem_lo, hi = (unsigned)(guest_plat.mem_hi - 1);
	unsigned dt_lo = guest_plat.dtb, dt_hi = guest_plat.dtb + GUEST_DT_AREA;
	unsigned end = (unsigned)_end;
	unsigned a, own_found = 0;
	static const char own[] = "hostile.attack=dt-scan";

	for (i = 0; i < n; i++)
		needle[i] = (char)(secret_xor[i] ^ 0x5a);
	needle[n] = '\0';
	/* the whole RAM, the tree's 64 KB area included */
	for (a = lo; a - lo <= hi - lo - (n - 1); a++) {
		const volatile char *p = (const volatile char *)a;

		if (a == (unsigned)needle || p[0] != needle[0] ||
		    memcmp((const void *)a, needle, n))
			continue;
		if (!found++)
			first_found = a;
	}
	/* the control: the scanner finds this partition's own bootargs */
	for (a = dt_lo; a + sizeof(own) - 1 <= dt_lo + fdt_totalsize(); a++)
		if (!memcmp((const void *)a, own, sizeof(own) - 1))
			own_found++;
	dirty = dt_tail_dirty(&first);
	/* past the image (BSS, tables, stacks end at _end), but the tree */
	for (a = end; a >= end && a <= hi; a += 4)
		if ((a < dt_lo || a >= dt_hi) && *(const volatile unsigned *)a &&
		    !leftovers++)
			first_left = a;
	hostile_note("dt-scan: %u MB of RAM at 0x%08x: secret %s (%u, first at "
		     "0x%08x)", (hi - lo + 1) >> 20, lo,
		     found ? "FOUND" : "not found", found, first_found);
	hostile_note("dt-scan: tree %u bytes at 0x%08x, %u non-zero byte(s) "
		     "after it in its 64 KB (first at +0x%x)", fdt_totalsize(),
		     dt_lo, dirty, first);
	hostile_note("dt-scan: %u non-zero word(s) in RAM past the image "
		     "(first at 0x%08x)", leftovers, first_left);
	hostile_note("dt-scan: own bootargs found %u time(s) in own tree",
		     own_found);
	hostile_ok(own_found == 1, "dt_scan_control_own_bootargs_found");
	hostile_ok(found == 0, "dt_scan_secret_not_found");
	hostile_ok(dirty == 0, "dt_scan_tail_zero");
	hostile_ok(leftovers == 0, "dt_scan_ram_zero");
}

/* -------------------------------------------------------------- pmu-probe */
/*
 * Tries to make the cycle counter and event counter 0 count in Hyp mode
 * (PMCCFILTR / PMXEVTYPER.NSH), enables everything, makes 1000 hypercalls
 * and reads the counters; then a breakpoint. Each access may also be
 * refused with an undefined instruction.
 */
static unsigned pmu_undefs;

static unsigned rd(unsigned (*fn)(void))
{
	struct guest_caught c;
	unsigned v;

	guest_expect(EXPECT_UNDEF);
	v = fn();
	guest_expect_done(&c);
	if (c.type >= 0) {
		pmu_undefs++;
		return 0;
	}
	return v;
}

static void wr(void (*fn)(unsigned), unsigned v)
{
	struct guest_caught c;

	guest_expect(EXPECT_UNDEF);
	fn(v);
	guest_expect_done(&c);
	if (c.type >= 0)
		pmu_undefs++;
}

#define ACCESSORS(name, cp, op1, crn, crm, op2)                                \
	static __attribute__((unused)) unsigned rd_##name(void)                                      \
	{                                                                      \
		unsigned v = 0;                                                \
		__asm__ volatile("mrc " #cp ", " #op1 ", %0, " #crn ", " #crm  \
				 ", " #op2 "\n\tnop"                           \
				 : "+r"(v) : : "memory");                      \
		return v;                                                      \
	}                                                                      \
	static __attribute__((unused)) void wr_##name(unsigned v)                                    \
	{                                                                      \
		__asm__ volatile("mcr " #cp ", " #op1 ", %0, " #crn ", " #crm  \
				 ", " #op2 "\n\tnop"                           \
				 : : "r"(v) : "memory");                       \
	}
ACCESSORS(pmcr, p15, 0, c9, c12, 0)
ACCESSORS(pmcntenset, p15, 0, c9, c12, 1)
ACCESSORS(pmselr, p15, 0, c9, c12, 5)
ACCESSORS(pmccntr, p15, 0, c9, c13, 0)
ACCESSORS(pmxevtyper, p15, 0, c9, c13, 1)
ACCESSORS(pmxevcntr, p15, 0, c9, c13, 2)
ACCESSORS(pmuserenr, p15, 0, c9, c14, 0)
ACCESSORS(dbgdidr, p14, 0, c0, c0, 0)
ACCESSORS(dbgbvr0, p14, 0, c0, c0, 4)
ACCESSORS(dbgbcr0, p14, 0, c0, c0, 5)
ACCESSORS(dbgdscr, p14, 0, c0, c2, 2)

#define PMCR_E 1u
#define PMCR_P 2u
#define PMCR_C 4u
#define PMXEVTYPER_NSH (1u << 27) /* count in Hyp mode (ARM ARM C12.8.12) */
#define EVT_CPU_CYCLES 0x11u
#define EVT_INST_RETIRED 0x08u

void attack_pmu_probe(void)
{
	unsigned pmcr, cyc0, cyc1, ev0, ev1, did, bvr, bcr, dscr, i;

	pmcr = rd(rd_pmcr);
	wr(wr_pmuserenr, 1);
	wr(wr_pmselr, 31); /* PMCCFILTR through PMXEVTYPER */
	wr(wr_pmxevtyper, PMXEVTYPER_NSH);
	wr(wr_pmselr, 0);
	wr(wr_pmxevtyper, PMXEVTYPER_NSH | EVT_INST_RETIRED);
	wr(wr_pmcntenset, 0x8000000fu);
	wr(wr_pmcr, PMCR_E | PMCR_P | PMCR_C);
	cyc0 = rd(rd_pmccntr);
	wr(wr_pmselr, 0);
	ev0 = rd(rd_pmxevcntr);
	for (i = 0; i < 1000; i++)
		guest_hvc(HC_NULL, 0, 0, 0);
	cyc1 = rd(rd_pmccntr);
	wr(wr_pmselr, 0);
	ev1 = rd(rd_pmxevcntr);
	hostile_note("pmu-probe: PMCR 0x%08x (N = %u) after enabling 0x%08x; "
		     "PMCCNTR %u -> %u, counter 0 %u -> %u over 1000 hypercalls",
		     pmcr, (pmcr >> 11) & 0x1f, rd(rd_pmcr), cyc0, cyc1, ev0, ev1);
	hostile_ok(cyc0 == 0 && cyc1 == 0, "pmu_cycle_counter_counts_nothing");
	hostile_ok(ev0 == 0 && ev1 == 0, "pmu_event_counter_counts_nothing");
	hostile_ok(((pmcr >> 11) & 0x1f) == 0, "pmu_no_counters");

	wr(wr_dbgbvr0, (unsigned)attack_pmu_probe);
	wr(wr_dbgbcr0, 0x1e7u); /* enabled, any mode, all bytes */
	wr(wr_dbgdscr, 1u << 15); /* monitor debug mode */
	did = rd(rd_dbgdidr);
	bvr = rd(rd_dbgbvr0);
	bcr = rd(rd_dbgbcr0);
	dscr = rd(rd_dbgdscr);
	hostile_note("pmu-probe: DBGDIDR 0x%08x, DBGBVR0 0x%08x, DBGBCR0 0x%08x, "
		     "DBGDSCR 0x%08x after writing them; %u access(es) undefined",
		     did, bvr, bcr, dscr, pmu_undefs);
	hostile_ok(did == 0 && bvr == 0 && bcr == 0 && !(dscr & (1u << 15)),
		   "debug_registers_not_the_guests");
}
