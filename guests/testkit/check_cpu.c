/*
 * Checks of the vCPU's basic state, the hypercall and PSCI entry points, and
 * the CP15 registers the hypervisor traps and emulates.
 */
#include "testkit.h"

#define U(x) ((unsigned)(x))

/* ---------------------------------------------------------------- 1 */
static void runs_in_svc_mode(void)
{
	uint32_t mode = guest_boot.cpsr & PSR_MODE_MASK;

	tk_begin("runs_in_svc_mode");
	if (mode == PSR_MODE_SVC)
		tk_pass();
	else
		tk_fail("CPSR at entry 0x%08x: mode 0x%02x, expected 0x13 (SVC)",
			U(guest_boot.cpsr), U(mode));
}

static void mmu_on_with_own_tables(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t sctlr = guest_read_sctlr();
	uint32_t ttbr0 = guest_read_ttbr0();

	tk_begin("mmu_on_with_own_tables");
	tk_diag_init(&d);
	if (!(sctlr & SCTLR_M))
		tk_diag_add(&d, "SCTLR 0x%08x: M clear", U(sctlr));
	if ((ttbr0 & ~0x3fffu) != (uint32_t)guest_l1)
		tk_diag_add(&d, "TTBR0 0x%08x, expected the table at 0x%08x",
			    U(ttbr0), U(guest_l1));
	if (!tk_alias_va) {
		tk_diag_add(&d, "no free 1 MB section to map the alias at");
		tk_report(&d);
		return;
	}

	uint32_t real = (uint32_t)&tk_alias_buf[0];
	uint32_t alias = tk_alias_of(&tk_alias_buf[0]);
	uint32_t v;

	/* Identity write, alias read */
	guest_st32(real, 0x600dcafeu);
	guest_expect(EXPECT_DABT);
	v = guest_ld32(alias);
	guest_expect_done(&c);
	if (c.type >= 0) {
		tk_diag_add(&d, "reading the alias 0x%08x of 0x%08x: %s "
			    "(DFAR 0x%08x, DFSR 0x%08x)", U(alias), U(real),
			    guest_exc_name(c.type), U(c.far), U(c.fsr));
		tk_report(&d);
		return;
	}
	if (v != 0x600dcafeu)
		tk_diag_add(&d, "alias 0x%08x reads 0x%08x after 0x600dcafe was "
			    "written at 0x%08x", U(alias), U(v), U(real));

	/* Alias write, identity read */
	guest_expect(EXPECT_DABT);
	guest_st32(alias, 0xa11a5ed0u);
	guest_expect_done(&c);
	v = guest_ld32(real);
	if (c.type >= 0)
		tk_diag_add(&d, "writing the alias 0x%08x: %s", U(alias),
			    guest_exc_name(c.type));
	else if (v != 0xa11a5ed0u)
		tk_diag_add(&d, "0x%08x reads 0x%08x after 0xa11a5ed0 was "
			    "written through the alias 0x%08x", U(real), U(v),
			    U(alias));
	tk_report(&d);
}

/* ---------------------------------------------------------------- 2, 3 */
static void hypercall_version(void)
{
	uint32_t v = guest_hvc(HC_VERSION, 0, 0, 0);

	tk_begin("hypercall_version");
	if (v == HC_VERSION_VALUE)
		tk_pass();
	else
		tk_fail("HC_VERSION returned 0x%08x, expected 0x%08x", U(v),
			U(HC_VERSION_VALUE));
}

/*
 * The hypervisor sets CNTVOFF to the counter value when the partition starts
 * (or resets), so the virtual counter the runtime read first thing at entry is
 * small, and the physical counter (readable: CNTHCTL.PL1PCTEN) is ahead of
 * the virtual one by that offset. CNTPCT is read before CNTVCT: without an
 * offset the later CNTVCT read could never be the smaller. "Small" is a bound
 * for a loaded host: the partitions created after this one are loaded (and
 * a vCPU thread may wait for a host core) before it runs; the time is noted.
 */
#define COUNTER_NEAR_ZERO_S 60u

/* v in decimal (newlib-nano's printf has no %llu) */
static const char *u64_dec(char buf[21], uint64_t v)
{
	char *p = buf + 20;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	return p;
}

static void virtual_counter_starts_near_zero(void)
{
	uint64_t entry = guest_boot.cntvct, limit, vct;
	uint32_t frq = guest_cntfrq(), lo = 0xdeadbeefu, hi = 0xdeadbeefu;
	char b1[21], b2[21], b3[21];
	struct guest_caught c;
	struct tk_diag d;

	tk_begin("virtual_counter_starts_near_zero");
	tk_diag_init(&d);
	if (!frq) {
		tk_fail("CNTFRQ reads 0: cannot tell how far the counter ran");
		return;
	}
	limit = (uint64_t)frq * COUNTER_NEAR_ZERO_S;
	guest_expect(EXPECT_UNDEF);
	__asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14\n\tnop"
			 : "+r"(lo), "+r"(hi) : : "memory");
	guest_expect_done(&c);
	vct = guest_cntvct();
	if (c.type >= 0) {
		tk_fail("reading CNTPCT (MRRC p15, 0, c14) raised an %s "
			"exception at 0x%08x", guest_exc_name(c.type), U(c.pc));
		return;
	}
	uint64_t pct = ((uint64_t)hi << 32) | lo;

	if (entry >= limit)
		tk_diag_add(&d, "CNTVCT at entry %s, not below %u s of CNTFRQ "
			    "%u Hz (%s): no offset for the partition's start?",
			    u64_dec(b1, entry), COUNTER_NEAR_ZERO_S, U(frq),
			    u64_dec(b2, limit));
	if (vct < entry)
		tk_diag_add(&d, "CNTVCT went backwards: %s at entry, %s now",
			    u64_dec(b1, entry), u64_dec(b2, vct));
	if (pct <= vct)
		tk_diag_add(&d, "CNTPCT %s (read first) not greater than CNTVCT "
			    "%s: no CNTVOFF applied", u64_dec(b1, pct),
			    u64_dec(b2, vct));
	if (d.n) {
		tk_report(&d);
		return;
	}
	tk_pass_note("CNTVCT at entry %s (%u ms), CNTPCT %s (CNTVCT %s, offset "
		     "%u ms)", u64_dec(b1, entry),
		     U(entry * 1000u / frq), u64_dec(b2, pct),
		     u64_dec(b3, vct), U((pct - vct) * 1000u / frq));
}

static void psci_version_is_1_0(void)
{
	uint32_t v = (uint32_t)guest_psci(PSCI_FN_VERSION, 0, 0, 0);

	tk_begin("psci_version_is_1_0");
	if (v == PSCI_VERSION_1_0)
		tk_pass();
	else
		tk_fail("PSCI_VERSION returned 0x%08x, expected 0x%08x", U(v),
			U(PSCI_VERSION_1_0));
}

static void psci_features(void)
{
	static const struct {
		uint32_t fn;
		const char *name;
		int32_t want;
	} cases[] = {
		{PSCI_FN_CPU_ON, "CPU_ON", PSCI_SUCCESS},
		{PSCI_FN_SYSTEM_OFF, "SYSTEM_OFF", PSCI_SUCCESS},
		{PSCI_FN_CPU_SUSPEND, "CPU_SUSPEND", PSCI_NOT_SUPPORTED},
		{0x84000050u, "0x84000050", PSCI_NOT_SUPPORTED},
	};
	struct tk_diag d;

	tk_begin("psci_features");
	tk_diag_init(&d);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t r = guest_psci(PSCI_FN_FEATURES, cases[i].fn, 0, 0);

		if (r != cases[i].want)
			tk_diag_add(&d, "FEATURES(%s) = %d, expected %d",
				    cases[i].name, (int)r, (int)cases[i].want);
	}
	tk_report(&d);
}

void tk_check_cpu_basics(void)
{
	runs_in_svc_mode();
	mmu_on_with_own_tables();
	hypercall_version();
	virtual_counter_starts_near_zero();
	psci_version_is_1_0();
	psci_features();
}

/* ---------------------------------------------------------------- 9, 10 */
static void unknown_hvc_returns_error(void)
{
	static const uint32_t ids[] = {0x86000fffu, 0x12345678u};
	struct tk_diag d;

	tk_begin("unknown_hvc_returns_error");
	tk_diag_init(&d);
	for (unsigned i = 0; i < 2; i++) {
		int32_t r = (int32_t)guest_hvc(ids[i], 0, 0, 0);

		if (r != HC_NOT_SUPPORTED)
			tk_diag_add(&d, "HVC 0x%08x returned %d (0x%08x), "
				    "expected -1", U(ids[i]), (int)r, U(r));
	}
	tk_report(&d);
}

static void psci_over_smc(void)
{
	struct guest_caught c;
	uint32_t v;

	tk_begin("psci_over_smc");
	guest_expect(EXPECT_UNDEF);
	v = guest_smc(PSCI_FN_VERSION, 0, 0, 0);
	guest_expect_done(&c);
	if (c.type >= 0)
		tk_fail("SMC #0 raised an %s exception at 0x%08x",
			guest_exc_name(c.type), U(c.pc));
	else if (v != PSCI_VERSION_1_0)
		tk_fail("PSCI_VERSION over SMC returned 0x%08x, expected "
			"0x%08x", U(v), U(PSCI_VERSION_1_0));
	else
		tk_pass();
}

void tk_check_calls(void)
{
	unknown_hvc_returns_error();
	psci_over_smc();
}

/* ---------------------------------------------------------------- 11 */
static void actlr_read_emulated(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t v = 0xdeadbeefu;

	tk_begin("actlr_read_emulated");
	tk_diag_init(&d);
	guest_expect(EXPECT_UNDEF);
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "+r"(v) : : "memory");
	guest_expect_done(&c);
	if (c.type >= 0) {
		tk_fail("reading ACTLR raised an %s exception",
			guest_exc_name(c.type));
		return;
	}
	if (!(v & (1u << 6)))
		tk_diag_add(&d, "ACTLR reads 0x%08x: SMP (bit 6) clear", U(v));
	guest_expect(EXPECT_UNDEF);
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" : : "r"(v) : "memory");
	guest_expect_done(&c);
	if (c.type >= 0)
		tk_diag_add(&d, "writing ACTLR back (0x%08x) raised an %s "
			    "exception", U(v), guest_exc_name(c.type));
	tk_report(&d);
}

static void set_way_flush_ok(void)
{
	struct guest_caught c;

	tk_begin("set_way_flush_ok");
	guest_expect(EXPECT_UNDEF | EXPECT_DABT);
	__asm__ volatile("dsb\n\tmcr p15, 0, %0, c7, c14, 2\n\tdsb"
			 : : "r"(0) : "memory");
	guest_expect_done(&c);
	if (c.type >= 0)
		tk_fail("DCCISW (set/way 0) raised a %s exception at 0x%08x",
			guest_exc_name(c.type), U(c.pc));
	else
		tk_pass();
}

/*
 * CBAR (MRC p15, 4, c15, c0, 0), implementation defined: the hypervisor
 * traps c15 (HCR.TIDCP, and HSTR.T15 for QEMU) and does not emulate it, so
 * this is a CP15 access that reaches the hypervisor and must come back as
 * an undefined instruction (the hypervisor logs it once). Untrapped, it
 * would read the Cortex-A15's peripheral base.
 */
static void unknown_cp15_injects_undef(void)
{
	struct guest_caught c;
	uint32_t v = 0xdeadbeefu, at;

	tk_begin("unknown_cp15_injects_undef");
	guest_expect(EXPECT_UNDEF | EXPECT_DABT);
	__asm__ volatile("adr %1, 1f\n"
			 "1:\tmrc p15, 4, %0, c15, c0, 0\n"
			 "\tnop"
			 : "+r"(v), "=&r"(at)
			 :
			 : "memory");
	guest_expect_done(&c);
	if (c.type < 0)
		tk_fail("MRC CBAR completed (read 0x%08x) instead "
			"of raising an undefined-instruction exception", U(v));
	else if (c.type != EXC_UNDEF)
		tk_fail("MRC CBAR raised a %s, expected an "
			"undefined-instruction exception",
			guest_exc_name(c.type));
	else if (c.pc != at)
		tk_fail("LR_und was 0x%08x, expected 0x%08x (the MRC at "
			"0x%08x + 4)", U(c.pc + 4), U(at + 4), U(at));
	else
		tk_pass();
}

void tk_check_cp15(void)
{
	actlr_read_emulated();
	set_way_flush_ok();
	unknown_cp15_injects_undef();
}
