/*
 * Trapped CP15 and CP14 MCR/MRC accesses, as tables sorted by (Opc1, CRn,
 * CRm, Opc2), in the manner of KVM/ARM's coprocessor tables. What is not in
 * a table is not emulated: the caller injects an undefined-instruction
 * exception.
 */
#include <arch/cache.h>
#include <arch/cp15_emul.h>
#include <arch/hsr.h>
#include <arch/vcpu_ops.h>
#include <core/partition.h>

/* The table's sort key: opc1, CRn, CRm, opc2 as one number. */
#define CP_KEY(opc1, crn, crm, opc2)                                           \
	((uint16_t)((opc1) << 12 | (crn) << 8 | (crm) << 4 | (opc2)))
#define CP_REG(opc1, crn, crm, opc2, name, read, write)                        \
	{CP_KEY(opc1, crn, crm, opc2), name, read, write}

struct cp15_reg {
	uint16_t key; /* CP_KEY(), precomputed: the lookup is on every trap */
	const char *name;
	/* read: returns the value; write: consumes val */
	uint32_t (*read)(struct vcpu *v);
	void (*write)(struct vcpu *v, uint32_t val);
};

static uint32_t actlr_read(struct vcpu *v)
{
	return v->arch.actlr;
}

/*
 * Writes that change nothing: ACTLR (coherency is the hypervisor's
 * business), L2CTLR, the PMU.
 */
static void ignore_write(struct vcpu *v, uint32_t val)
{
	(void)v;
	(void)val;
}

/* Cortex-A15 L2CTLR: [25:24] = number of CPUs - 1, as the guest sees them. */
static uint32_t l2ctlr_read(struct vcpu *v)
{
	return (uint32_t)(v->part->nr_vcpus - 1) << 24;
}

static uint32_t zero_read(struct vcpu *v)
{
	(void)v;
	return 0;
}

/*
 * Set/way operations only make sense for the whole physical cache, which
 * partitions share: a clean+invalidate of the same set/way on this CPU does
 * what the guest asked without ever discarding another partition's data.
 */
static void set_way_write(struct vcpu *v, uint32_t val)
{
	(void)v;
	dcache_clean_inval_set_way(val);
}

/*
 * The Performance Monitors (C12.7) trap (HDCR.TPM, hyp_cpu.c) and read as a
 * PMU with no event counters whose cycle counter never runs: PMCR.N = 0,
 * PMCR.E never sets, every register reads as zero and ignores writes. There
 * is no state, so nothing survives a vCPU reset and nothing can count Hyp
 * mode. PL0 accesses other than PMUSERENR reads are undefined before they
 * trap (PMUSERENR.EN reads 0).
 */
#define PMU_RAZ_WI(crm, opc2, name)                                            \
	CP_REG(0, 9, crm, opc2, name, zero_read, ignore_write)

static const struct cp15_reg cp15_regs[] = {
	CP_REG(0, 1, 0, 1, "ACTLR", actlr_read, ignore_write),
	CP_REG(0, 7, 6, 2, "DCISW", NULL, set_way_write),
	CP_REG(0, 7, 10, 2, "DCCSW", NULL, set_way_write),
	CP_REG(0, 7, 14, 2, "DCCISW", NULL, set_way_write),
	PMU_RAZ_WI(12, 0, "PMCR"),
	PMU_RAZ_WI(12, 1, "PMCNTENSET"),
	PMU_RAZ_WI(12, 2, "PMCNTENCLR"),
	PMU_RAZ_WI(12, 3, "PMOVSR"),
	PMU_RAZ_WI(12, 4, "PMSWINC"),
	PMU_RAZ_WI(12, 5, "PMSELR"),
	PMU_RAZ_WI(12, 6, "PMCEID0"),
	PMU_RAZ_WI(12, 7, "PMCEID1"),
	PMU_RAZ_WI(13, 0, "PMCCNTR"),
	PMU_RAZ_WI(13, 1, "PMXEVTYPER"),
	PMU_RAZ_WI(13, 2, "PMXEVCNTR"),
	PMU_RAZ_WI(14, 0, "PMUSERENR"),
	PMU_RAZ_WI(14, 1, "PMINTENSET"),
	PMU_RAZ_WI(14, 2, "PMINTENCLR"),
	PMU_RAZ_WI(14, 3, "PMOVSSET"),
	CP_REG(1, 9, 0, 2, "L2CTLR", l2ctlr_read, ignore_write),
	CP_REG(1, 9, 0, 3, "L2ECTLR", zero_read, ignore_write),
};

/*
 * CP14 debug registers trap (HDCR.TDA, TDOSA, TDRA). DBGDIDR reads 0: a
 * debug architecture version of 0 (reserved) tells the guest there is none
 * to use (Linux: "hw-breakpoint: debug architecture 0x0 unsupported"), and
 * DBGDRAR/DBGDSAR read "not valid". Any other debug register, breakpoints
 * and watchpoints included, is an undefined instruction.
 */
static const struct cp15_reg cp14_regs[] = {
	CP_REG(0, 0, 0, 0, "DBGDIDR", zero_read, NULL),
	CP_REG(0, 1, 0, 0, "DBGDRAR", zero_read, NULL),
	CP_REG(0, 2, 0, 0, "DBGDSAR", zero_read, NULL),
};

#define TABLE(t) {t, sizeof(t) / sizeof(t[0])}
static const struct {
	const struct cp15_reg *regs;
	unsigned n;
} tables[2] = {TABLE(cp15_regs), TABLE(cp14_regs)};

static const struct cp15_reg *find(unsigned t, uint32_t k)
{
	unsigned lo = 0, hi = tables[t].n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct cp15_reg *r = &tables[t].regs[mid];

		if (r->key == k)
			return r;
		if (r->key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool cp15_emulate(struct vcpu *v, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr);
	unsigned rt = CP15_ISS_RT(iss);
	const struct cp15_reg *r;

	/* Both classes have the same ISS layout (B3.13.6). */
	if (HSR_EC(hsr) != HSR_EC_CP15_32 && HSR_EC(hsr) != HSR_EC_CP14_32)
		return false;
	r = find(HSR_EC(hsr) == HSR_EC_CP14_32,
		 CP_KEY(CP15_ISS_OPC1(iss), CP15_ISS_CRN(iss), CP15_ISS_CRM(iss),
			CP15_ISS_OPC2(iss)));
	if (!r || rt == 15)
		return false;
	if (CP15_ISS_READ(iss)) {
		if (!r->read)
			return false;
		vcpu_reg_set(v, rt, r->read(v));
	} else {
		if (!r->write)
			return false;
		r->write(v, vcpu_reg_get(v, rt));
	}
	return true;
}
