/*
 * The Performance Monitors and the debug registers are not the guest's: the
 * hypervisor traps them (HDCR.TPM, TPMCR, TDA, TDOSA, TDRA) and shows a PMU
 * with no counters whose registers read as zero and ignore writes, and no
 * debug architecture (DBGDIDR reads 0, breakpoint and OS lock registers are
 * undefined). Untrapped, QEMU's Cortex-A15 PMU reports 4 counters and a
 * running cycle counter, and its breakpoint registers are accessible.
 */
#include "testkit.h"

#define U(x) ((unsigned)(x))

#define PMCR_E (1u << 0)
#define PMCR_C (1u << 2)
#define PMCR_N(v) (((v) >> 11) & 0x1fu)
#define PMXEVTYPER_NSH (1u << 27) /* count in Hyp mode (Virtualization Ext.) */
#define PMU_CYCLE_COUNTER 31u     /* PMSELR.SEL of the cycle counter's filter */

/* One MRC/MCR, catching an undefined-instruction exception into c. */
#define MRC(enc, v, c)                                                         \
	do {                                                                   \
		guest_expect(EXPECT_UNDEF);                                    \
		__asm__ volatile("mrc " enc : "+r"(v) : : "memory");           \
		guest_expect_done(c);                                          \
	} while (0)
#define MCR(enc, v, c)                                                         \
	do {                                                                   \
		guest_expect(EXPECT_UNDEF);                                    \
		__asm__ volatile("mcr " enc : : "r"(v) : "memory");            \
		guest_expect_done(c);                                          \
	} while (0)

#define PMCR "p15, 0, %0, c9, c12, 0"
#define PMCNTENSET "p15, 0, %0, c9, c12, 1"
#define PMCNTENCLR "p15, 0, %0, c9, c12, 2"
#define PMSELR "p15, 0, %0, c9, c12, 5"
#define PMCEID0 "p15, 0, %0, c9, c12, 6"
#define PMCCNTR "p15, 0, %0, c9, c13, 0"
#define PMXEVTYPER "p15, 0, %0, c9, c13, 1"
#define PMXEVCNTR "p15, 0, %0, c9, c13, 2"
#define PMUSERENR "p15, 0, %0, c9, c14, 0"
#define PMINTENSET "p15, 0, %0, c9, c14, 1"
#define PMINTENCLR "p15, 0, %0, c9, c14, 2"
#define PMOVSSET "p15, 0, %0, c9, c14, 3"

#define DBGDIDR "p14, 0, %0, c0, c0, 0"
#define DBGBCR0 "p14, 0, %0, c0, c0, 5"
#define DBGDSCREXT "p14, 0, %0, c0, c2, 2"
#define DBGOSLAR "p14, 0, %0, c1, c0, 4"

/* Leaves the PMU off whatever a failed check left running. */
static void pmu_stop(void)
{
	struct guest_caught c;
	uint32_t v = 0, all = ~0u;

	MCR(PMCR, v, &c);
	MCR(PMCNTENCLR, all, &c);
	MCR(PMINTENCLR, all, &c);
	MCR(PMUSERENR, v, &c);
}

static void pmu_reports_no_counters(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t pmcr = 0xdeadbeefu, ceid = 0xdeadbeefu, v = PMCR_E | PMCR_C;

	tk_begin("pmu_reports_no_counters");
	tk_diag_init(&d);
	MRC(PMCR, pmcr, &c);
	if (c.type >= 0) {
		tk_fail("reading PMCR raised an %s exception",
			guest_exc_name(c.type));
		return;
	}
	if (PMCR_N(pmcr) || (pmcr & PMCR_E))
		tk_diag_add(&d, "PMCR reads 0x%08x: N = %u, E = %u, expected "
			    "a PMU with no counters, disabled", U(pmcr),
			    U(PMCR_N(pmcr)), U(pmcr & PMCR_E));
	/*
	 * QEMU 7.2 has no PMCEID0 for ARMv7 CPUs: its access is undefined
	 * before HDCR.TPM can trap it. Either way, no event is offered.
	 */
	MRC(PMCEID0, ceid, &c);
	if (c.type < 0 && ceid)
		tk_diag_add(&d, "PMCEID0 reads 0x%08x, expected no event",
			    U(ceid));
	MCR(PMCR, v, &c);
	pmcr = 0xdeadbeefu;
	MRC(PMCR, pmcr, &c);
	if (pmcr & PMCR_E)
		tk_diag_add(&d, "PMCR.E set after writing 0x%08x (reads "
			    "0x%08x)", U(v), U(pmcr));
	pmu_stop();
	tk_report(&d);
}

/*
 * Everything enabled, the cycle counter's filter asking for Hyp mode too
 * (NSH), then guest work and hypercalls (Hyp-mode work): the cycle counter
 * and event counter 0 still read 0.
 */
static void pmu_cycle_counter_never_counts(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t v, ccnt = 0xdeadbeefu, evcnt = 0xdeadbeefu;
	unsigned trapped = 0;

	tk_begin("pmu_cycle_counter_never_counts");
	tk_diag_init(&d);
	v = PMU_CYCLE_COUNTER;
	MCR(PMSELR, v, &c);
	trapped += c.type >= 0;
	v = PMXEVTYPER_NSH;
	MCR(PMXEVTYPER, v, &c);
	trapped += c.type >= 0;
	v = ~0u;
	MCR(PMCNTENSET, v, &c);
	trapped += c.type >= 0;
	v = PMCR_E | PMCR_C;
	MCR(PMCR, v, &c);
	trapped += c.type >= 0;
	for (unsigned i = 0; i < 100; i++)
		guest_hvc(HC_VERSION, 0, 0, 0);
	MRC(PMCCNTR, ccnt, &c);
	trapped += c.type >= 0;
	v = 0;
	MCR(PMSELR, v, &c);
	MRC(PMXEVCNTR, evcnt, &c);
	trapped += c.type >= 0;
	pmu_stop();
	if (trapped)
		tk_diag_add(&d, "%u of the PMU accesses raised an exception",
			    trapped);
	if (ccnt)
		tk_diag_add(&d, "PMCCNTR reads %u after 100 hypercalls with "
			    "Hyp-mode counting asked for", U(ccnt));
	if (evcnt)
		tk_diag_add(&d, "PMXEVCNTR (counter 0) reads %u", U(evcnt));
	tk_report(&d);
}

static void pmu_writes_ignored(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t all = ~0u, v;

	tk_begin("pmu_writes_ignored");
	tk_diag_init(&d);
#define WRITE_READ(wr, rd, name)                                               \
	do {                                                                   \
		MCR(wr, all, &c);                                              \
		v = 0xdeadbeefu;                                               \
		MRC(rd, v, &c);                                                \
		if (c.type >= 0 || v)                                          \
			tk_diag_add(&d, "%s reads 0x%08x after ~0 (%s)", name, \
				    U(v), c.type >= 0 ?                        \
				    guest_exc_name(c.type) : "ok");            \
	} while (0)
	WRITE_READ(PMCNTENSET, PMCNTENSET, "PMCNTENSET");
	WRITE_READ(PMINTENSET, PMINTENSET, "PMINTENSET");
	WRITE_READ(PMOVSSET, PMOVSSET, "PMOVSSET");
	WRITE_READ(PMUSERENR, PMUSERENR, "PMUSERENR");
	WRITE_READ(PMSELR, PMSELR, "PMSELR");
#undef WRITE_READ
	pmu_stop();
	tk_report(&d);
}

/* DBGDIDR.Version 0 (reserved): there is no debug architecture to use. */
static void debug_architecture_not_offered(void)
{
	struct guest_caught c;
	uint32_t v = 0xdeadbeefu;

	tk_begin("debug_architecture_not_offered");
	MRC(DBGDIDR, v, &c);
	if (c.type >= 0)
		tk_fail("reading DBGDIDR raised an %s exception",
			guest_exc_name(c.type));
	else if (v)
		tk_fail("DBGDIDR reads 0x%08x (debug architecture %u), "
			"expected 0", U(v), U((v >> 16) & 0xf));
	else
		tk_pass();
}

/* Breakpoint, debug status/control and OS lock registers: undefined. */
static void debug_registers_undefined(void)
{
	struct tk_diag d;
	struct guest_caught c;
	uint32_t v = 0xdeadbeefu, zero = 0;

	tk_begin("debug_registers_undefined");
	tk_diag_init(&d);
	MRC(DBGBCR0, v, &c);
	if (c.type != EXC_UNDEF)
		tk_diag_add(&d, "reading DBGBCR0: %s (0x%08x)",
			    c.type >= 0 ? guest_exc_name(c.type) : "completed",
			    U(v));
	MCR(DBGDSCREXT, zero, &c);
	if (c.type != EXC_UNDEF)
		tk_diag_add(&d, "writing DBGDSCRext: %s",
			    c.type >= 0 ? guest_exc_name(c.type) : "completed");
	MCR(DBGOSLAR, zero, &c);
	if (c.type != EXC_UNDEF)
		tk_diag_add(&d, "writing DBGOSLAR: %s",
			    c.type >= 0 ? guest_exc_name(c.type) : "completed");
	tk_report(&d);
}

void tk_check_pmu_debug(void)
{
	pmu_reports_no_counters();
	pmu_cycle_counter_never_counts();
	pmu_writes_ignored();
	debug_architecture_not_offered();
	debug_registers_undefined();
}
