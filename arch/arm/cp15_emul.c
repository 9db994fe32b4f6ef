/*
 * Trapped CP15 accesses, as a table sorted by (Opc1, CRn, CRm, Opc2), in the
 * manner of KVM/ARM's coprocessor tables. What is not in the table is not
 * emulated: the caller injects an undefined-instruction exception.
 */
#include <arch/cache.h>
#include <arch/cp15_emul.h>
#include <arch/hsr.h>
#include <arch/vcpu_ops.h>
#include <core/partition.h>

struct cp15_reg {
	uint8_t opc1, crn, crm, opc2;
	const char *name;
	/* read: returns the value; write: consumes val */
	uint32_t (*read)(struct vcpu *v);
	void (*write)(struct vcpu *v, uint32_t val);
};

static uint32_t actlr_read(struct vcpu *v)
{
	return v->arch.actlr;
}

/* Coherency is the hypervisor's business: ACTLR writes are ignored. */
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

static const struct cp15_reg cp15_regs[] = {
	{0, 1, 0, 1, "ACTLR", actlr_read, ignore_write},
	{0, 7, 6, 2, "DCISW", NULL, set_way_write},
	{0, 7, 10, 2, "DCCSW", NULL, set_way_write},
	{0, 7, 14, 2, "DCCISW", NULL, set_way_write},
	{1, 9, 0, 2, "L2CTLR", l2ctlr_read, ignore_write},
	{1, 9, 0, 3, "L2ECTLR", zero_read, ignore_write},
};

static uint32_t key(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
	return opc1 << 12 | crn << 8 | crm << 4 | opc2;
}

static const struct cp15_reg *find(uint32_t k)
{
	unsigned lo = 0, hi = sizeof(cp15_regs) / sizeof(cp15_regs[0]);

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct cp15_reg *r = &cp15_regs[mid];
		uint32_t rk = key(r->opc1, r->crn, r->crm, r->opc2);

		if (rk == k)
			return r;
		if (rk < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool cp15_emulate(struct vcpu *v, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr);
	const struct cp15_reg *r =
		find(key(CP15_ISS_OPC1(iss), CP15_ISS_CRN(iss),
			 CP15_ISS_CRM(iss), CP15_ISS_OPC2(iss)));
	unsigned rt = CP15_ISS_RT(iss);

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
