/*
 * PSCI CPU_ON / AFFINITY_INFO / CPU_OFF with the secondary vCPUs.
 *
 * Each secondary is started at tk_secondary_entry with context id
 * CTX_BASE + index. start.S records its entry r0, CPSR, SCTLR and MPIDR
 * before touching anything, turns its MMU on with the boot vCPU's tables and
 * calls tk_secondary_main(), which publishes them, waits for the release flag,
 * runs its own VFP check around hypercalls, and calls CPU_OFF.
 *
 * The boot vCPU never waits unboundedly: every wait has a time limit (virtual
 * counter) and an iteration cap.
 */
#include "testkit.h"

#include <string.h>

#define U(x) ((unsigned)(x))
#define CTX_BASE 0x1000u
#define WAIT_MS 10000u

struct vcpu_rec {
	volatile uint32_t started;
	uint32_t ctx, cpsr, sctlr, mpidr;
	volatile uint32_t release;
	volatile uint32_t done;
	bool vfp_ok;
	char vfp_why[120];
	volatile uint32_t off_returned;
	int32_t off_ret;
	volatile uint32_t unexpected;
	char unexpected_what[160];
} __attribute__((aligned(64)));

static struct vcpu_rec rec[TK_MAX_VCPUS];
/* Record slot + 1 of the secondary running on MPIDR.Aff0 = index */
static volatile uint32_t slot_of_cpu[TK_MAX_VCPUS];

/* ---------------------------------------------------------------- secondary */
static void secondary_exits(void *arg)
{
	(void)arg;
	for (int i = 0; i < 16; i++)
		tk_hvc(HC_NULL, 0, 0, 0);
	tk_psci(PSCI_FN_VERSION, 0, 0, 0);
	for (int i = 0; i < 16; i++)
		tk_hvc(HC_NULL, 0, 0, 0);
}

void tk_secondary_main(uint32_t ctx, uint32_t cpsr, uint32_t sctlr,
		       uint32_t mpidr)
{
	/* The record of the vCPU we were started as (the context id), falling
	 * back to the MPIDR if the context id is not one we passed. */
	unsigned slot = ctx - CTX_BASE < TK_MAX_VCPUS ? ctx - CTX_BASE
						      : (mpidr & 0xff);
	struct vcpu_rec *r = &rec[slot];
	struct tk_vfp_result res;

	/* Restarted later as an interrupt worker (irq.c) */
	if (ctx - TK_CTX_WORKER < TK_MAX_VCPUS)
		tk_worker_main(mpidr & 0xff);
	if (ctx == TK_CTX_LIFECYCLE)
		tk_lifecycle_secondary();

	slot_of_cpu[mpidr & 0xff] = slot + 1;
	r->ctx = ctx;
	r->cpsr = cpsr;
	r->sctlr = sctlr;
	r->mpidr = mpidr;
	tk_dmb();
	r->started = 1;
	tk_dsb();
	tk_sev();

	while (!r->release)
		tk_wfe();
	tk_dmb();

	tk_vfp_check(0x10 + slot, secondary_exits, NULL, &res);
	r->vfp_ok = res.ok;
	memcpy(r->vfp_why, res.why, sizeof(r->vfp_why));
	r->vfp_why[sizeof(r->vfp_why) - 1] = '\0';
	tk_dmb();
	r->done = 1;
	tk_dsb();
	tk_sev();

	r->off_ret = tk_psci(PSCI_FN_CPU_OFF, 0, 0, 0);
	tk_dmb();
	r->off_returned = 1;
	tk_dsb();
	tk_park();
}

void tk_secondary_unexpected(unsigned cpu, const char *what)
{
	uint32_t s = slot_of_cpu[cpu % TK_MAX_VCPUS];
	struct vcpu_rec *r = &rec[s ? s - 1 : cpu % TK_MAX_VCPUS];

	tk_worker_note_unexpected(cpu, what);
	strncpy(r->unexpected_what, what, sizeof(r->unexpected_what) - 1);
	tk_dmb();
	r->unexpected = 1;
	r->done = 1;
	tk_dsb();
	tk_sev();
	r->off_ret = tk_psci(PSCI_FN_CPU_OFF, 0, 0, 0);
	tk_dmb();
	r->off_returned = 1;
	tk_dsb();
	tk_park();
}

/* ---------------------------------------------------------------- boot vCPU */
static unsigned nr_vcpus;
static bool started[TK_MAX_VCPUS];
static unsigned nr_started;

static bool is_secondary(unsigned i)
{
	return i < nr_vcpus && i != tk_boot.cpu;
}

static void note_unstarted(struct tk_diag *d)
{
	if (nr_started == 0)
		tk_diag_add(d, "no secondary vCPU started");
}

static void start_all(void)
{
	struct tk_diag d;
	struct tk_poll p;
	int32_t ret[TK_MAX_VCPUS];
	bool waiting;

	tk_begin("psci_cpu_on_starts_every_vcpu");
	tk_diag_init(&d);
	for (unsigned i = 0; i < TK_MAX_VCPUS; i++)
		ret[i] = PSCI_NOT_PRESENT;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!is_secondary(i))
			continue;
		ret[i] = tk_psci(PSCI_FN_CPU_ON, i,
				 (uint32_t)tk_secondary_entry, CTX_BASE + i);
		if (ret[i] != PSCI_SUCCESS)
			tk_diag_add(&d, "CPU_ON(%u) returned %d", i,
				    (int)ret[i]);
	}
	tk_poll_start(&p, WAIT_MS);
	do {
		waiting = false;
		for (unsigned i = 0; i < nr_vcpus; i++)
			if (is_secondary(i) && ret[i] == PSCI_SUCCESS &&
			    !rec[i].started && !rec[i].unexpected)
				waiting = true;
	} while (waiting && !tk_poll_expired(&p));
	tk_dmb();
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!is_secondary(i) || ret[i] != PSCI_SUCCESS)
			continue;
		if (rec[i].started) {
			started[i] = true;
			nr_started++;
		} else if (rec[i].unexpected) {
			tk_diag_add(&d, "vCPU %u: %s", i, rec[i].unexpected_what);
		} else {
			tk_diag_add(&d, "vCPU %u did not start within %u ms", i,
				    WAIT_MS);
		}
	}
	tk_report(&d);
}

static void vcpu_reads_own_mpidr(void)
{
	struct tk_diag d;
	uint32_t m = tk_read_mpidr();

	tk_begin("vcpu_reads_own_mpidr");
	tk_diag_init(&d);
	if ((m & 0xff) != 0 || !(m & 0x80000000u))
		tk_diag_add(&d, "boot vCPU MPIDR 0x%08x, expected 0x80000000",
			    U(m));
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i])
			continue;
		m = rec[i].mpidr;
		if ((m & 0xff) != i || !(m & 0x80000000u))
			tk_diag_add(&d, "vCPU %u MPIDR 0x%08x, expected "
				    "0x%08x", i, U(m), U(0x80000000u | i));
	}
	if (nr_vcpus > 1)
		note_unstarted(&d);
	tk_report(&d);
}

static void secondary_starts_in_svc_with_mmu_off(void)
{
	struct tk_diag d;

	tk_begin("secondary_starts_in_svc_with_mmu_off");
	tk_diag_init(&d);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i])
			continue;
		if ((rec[i].cpsr & TK_PSR_MODE_MASK) != TK_PSR_MODE_SVC)
			tk_diag_add(&d, "vCPU %u entered with CPSR 0x%08x "
				    "(mode 0x%02x, expected 0x13)", i,
				    U(rec[i].cpsr),
				    U(rec[i].cpsr & TK_PSR_MODE_MASK));
		if (rec[i].sctlr & TK_SCTLR_M)
			tk_diag_add(&d, "vCPU %u entered with SCTLR 0x%08x "
				    "(MMU on)", i, U(rec[i].sctlr));
	}
	note_unstarted(&d);
	tk_report(&d);
}

static void cpu_on_passes_context_id(void)
{
	struct tk_diag d;

	tk_begin("cpu_on_passes_context_id");
	tk_diag_init(&d);
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (started[i] && rec[i].ctx != CTX_BASE + i)
			tk_diag_add(&d, "vCPU %u entered with r0 0x%08x, "
				    "expected 0x%08x", i, U(rec[i].ctx),
				    CTX_BASE + i);
	note_unstarted(&d);
	tk_report(&d);
}

static void affinity_info_reports_on(void)
{
	struct tk_diag d;

	tk_begin("affinity_info_reports_on");
	tk_diag_init(&d);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i])
			continue;
		int32_t r = tk_psci(PSCI_FN_AFFINITY_INFO, i, 0, 0);

		if (r != PSCI_AFF_ON)
			tk_diag_add(&d, "AFFINITY_INFO(%u, 0) = %d while it "
				    "runs, expected 0 (ON)", i, (int)r);
	}
	note_unstarted(&d);
	tk_report(&d);
}

static void cpu_on_already_on_is_rejected(void)
{
	struct tk_diag d;

	tk_begin("cpu_on_already_on_is_rejected");
	tk_diag_init(&d);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i])
			continue;
		int32_t r = tk_psci(PSCI_FN_CPU_ON, i,
				    (uint32_t)tk_secondary_entry, CTX_BASE + i);

		if (r != PSCI_ALREADY_ON)
			tk_diag_add(&d, "CPU_ON(%u) of a running vCPU "
				    "returned %d, expected -4 (ALREADY_ON)",
				    i, (int)r);
	}
	note_unstarted(&d);
	tk_report(&d);
}

static void release_all(void)
{
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (started[i])
			rec[i].release = 1;
	tk_dsb();
	tk_sev();
}

static void secondary_vfp_state_survives_exits(void)
{
	struct tk_diag d;
	struct tk_poll p;
	bool waiting;

	tk_begin("secondary_vfp_state_survives_exits");
	tk_diag_init(&d);
	tk_poll_start(&p, WAIT_MS);
	do {
		waiting = false;
		for (unsigned i = 0; i < nr_vcpus; i++)
			if (started[i] && !rec[i].done)
				waiting = true;
	} while (waiting && !tk_poll_expired(&p));
	tk_dmb();
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i])
			continue;
		if (rec[i].unexpected)
			tk_diag_add(&d, "vCPU %u: %s", i, rec[i].unexpected_what);
		else if (!rec[i].done)
			tk_diag_add(&d, "vCPU %u did not finish within %u ms", i,
				    WAIT_MS);
		else if (!rec[i].vfp_ok)
			tk_diag_add(&d, "vCPU %u: %s", i, rec[i].vfp_why);
	}
	note_unstarted(&d);
	tk_report(&d);
}

static void cpu_off_reported_by_affinity_info(void)
{
	struct tk_diag d;
	struct tk_poll p;
	int32_t state[TK_MAX_VCPUS];
	bool waiting;

	tk_begin("cpu_off_reported_by_affinity_info");
	tk_diag_init(&d);
	for (unsigned i = 0; i < TK_MAX_VCPUS; i++)
		state[i] = PSCI_AFF_OFF;
	tk_poll_start(&p, WAIT_MS);
	do {
		waiting = false;
		for (unsigned i = 0; i < nr_vcpus; i++) {
			if (!started[i])
				continue;
			state[i] = tk_psci(PSCI_FN_AFFINITY_INFO, i, 0, 0);
			if (state[i] != PSCI_AFF_OFF)
				waiting = true;
		}
	} while (waiting && !tk_poll_expired(&p));
	tk_dmb();
	for (unsigned i = 0; i < nr_vcpus; i++) {
		if (!started[i] || state[i] == PSCI_AFF_OFF)
			continue;
		if (rec[i].off_returned)
			tk_diag_add(&d, "vCPU %u: CPU_OFF returned %d; "
				    "AFFINITY_INFO(%u, 0) = %d", i,
				    (int)rec[i].off_ret, i, (int)state[i]);
		else
			tk_diag_add(&d, "AFFINITY_INFO(%u, 0) = %d %u ms after "
				    "release, expected 1 (OFF)", i,
				    (int)state[i], WAIT_MS);
	}
	note_unstarted(&d);
	tk_report(&d);
}

static void cpu_on_bad_target_rejected(void)
{
	uint32_t target = tk_plat.nr_cpu_nodes; /* one past the last vCPU */
	int32_t r;

	tk_begin("cpu_on_bad_target_rejected");
	r = tk_psci(PSCI_FN_CPU_ON, target, (uint32_t)tk_secondary_entry,
		    CTX_BASE + target);
	if (r == PSCI_INVALID_PARAMETERS)
		tk_pass();
	else
		tk_fail("CPU_ON(%u) with %u vCPUs returned %d, expected -2 "
			"(INVALID_PARAMETERS)", U(target), tk_plat.nr_cpu_nodes,
			(int)r);
}

static void cpu_on_bad_entry_rejected(void)
{
	unsigned target = nr_vcpus;
	uint32_t entry;
	int32_t r;

	tk_begin("cpu_on_bad_entry_rejected");
	for (unsigned i = 0; i < nr_vcpus; i++)
		if (started[i]) {
			target = i;
			break;
		}
	if (target == nr_vcpus) {
		tk_fail("no secondary vCPU started, so none is known to be off");
		return;
	}
	if (tk_plat.mem_hi < (1ull << 32))
		entry = (uint32_t)tk_plat.mem_hi;
	else if (tk_plat.mem_lo >= 0x1000)
		entry = (uint32_t)tk_plat.mem_lo - 0x1000;
	else {
		tk_fail("memory covers the whole address space: no entry point "
			"outside it");
		return;
	}
	r = tk_psci(PSCI_FN_AFFINITY_INFO, target, 0, 0);
	if (r != PSCI_AFF_OFF) {
		tk_fail("vCPU %u is not off (AFFINITY_INFO %d)", target, (int)r);
		return;
	}
	r = tk_psci(PSCI_FN_CPU_ON, target, entry, 0);
	if (r == PSCI_INVALID_ADDRESS)
		tk_pass();
	else
		tk_fail("CPU_ON(%u) at 0x%08x (outside memory) returned %d, "
			"expected -9 (INVALID_ADDRESS)", target, U(entry),
			(int)r);
}

void tk_check_smp(void)
{
	nr_vcpus = tk_plat.nr_vcpus;

	if (nr_vcpus > 1)
		start_all();
	vcpu_reads_own_mpidr();
	if (nr_vcpus > 1) {
		secondary_starts_in_svc_with_mmu_off();
		cpu_on_passes_context_id();
		affinity_info_reports_on();
		cpu_on_already_on_is_rejected();
		release_all();
		secondary_vfp_state_survives_exits();
		cpu_off_reported_by_affinity_info();
	}
	cpu_on_bad_target_rejected();
	if (nr_vcpus > 1)
		cpu_on_bad_entry_rejected();
}
