/*
 * CP15 and CP14 trap emulation (arch/arm/cp15_emul.c) on hand-built HSR
 * syndromes, with the guest's registers and the set/way operation faked.
 */
/* links: arch/arm/cp15_emul.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/cp15_emul.h>
#include <arch/hsr.h>
#include <core/partition.h>

static uint32_t guest_reg[15];
static uint32_t set_way_ops[8];
static unsigned nr_set_way_ops;

uint32_t vcpu_reg_get(struct vcpu *v, unsigned n)
{
	(void)v;
	return guest_reg[n];
}

void vcpu_reg_set(struct vcpu *v, unsigned n, uint32_t val)
{
	(void)v;
	guest_reg[n] = val;
}

void dcache_clean_inval_set_way(uint32_t sw)
{
	set_way_ops[nr_set_way_ops++] = sw;
}

static struct partition part;
static struct vcpu vcpu;

/* An MCR (read = 0) or MRC (read = 1) syndrome, B3.13.6 */
static uint32_t hsr(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
		    unsigned rt, int read)
{
	return (uint32_t)HSR_EC_CP15_32 << HSR_EC_SHIFT | HSR_IL |
	       1u << 24 | 0xeu << 20 | opc2 << 17 | opc1 << 14 | crn << 10 |
	       rt << 5 | crm << 1 | (read ? 1u : 0u);
}

/* The same for a CP14 MCR/MRC (EC 0x05, same ISS layout) */
static uint32_t hsr14(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
		      unsigned rt, int read)
{
	return (hsr(opc1, crn, crm, opc2, rt, read) &
		~(0x3fu << HSR_EC_SHIFT)) |
	       (uint32_t)HSR_EC_CP14_32 << HSR_EC_SHIFT;
}

static int setup(void **state)
{
	(void)state;
	memset(guest_reg, 0xee, sizeof(guest_reg));
	nr_set_way_ops = 0;
	memset(&part, 0, sizeof(part));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.part = &part;
	part.nr_vcpus = 2;
	vcpu.arch.actlr = 0x00000041;
	return 0;
}

static void actlr_read_returns_virtual_value(void **state)
{
	(void)state;
	assert_true(cp15_emulate(&vcpu, hsr(0, 1, 0, 1, 3, 1)));
	assert_int_equal(guest_reg[3], 0x41);
}

static void actlr_write_is_ignored(void **state)
{
	(void)state;
	guest_reg[5] = 0;
	assert_true(cp15_emulate(&vcpu, hsr(0, 1, 0, 1, 5, 0)));
	assert_int_equal(vcpu.arch.actlr, 0x41);
}

static void l2ctlr_reports_the_partitions_vcpus(void **state)
{
	(void)state;
	assert_true(cp15_emulate(&vcpu, hsr(1, 9, 0, 2, 7, 1)));
	assert_int_equal(guest_reg[7], 1u << 24);
	part.nr_vcpus = 4;
	assert_true(cp15_emulate(&vcpu, hsr(1, 9, 0, 2, 0, 1)));
	assert_int_equal(guest_reg[0], 3u << 24);
}

static void l2ectlr_reads_zero(void **state)
{
	(void)state;
	assert_true(cp15_emulate(&vcpu, hsr(1, 9, 0, 3, 2, 1)));
	assert_int_equal(guest_reg[2], 0);
}

static void every_set_way_op_becomes_clean_and_invalidate(void **state)
{
	(void)state;
	guest_reg[1] = 0x40000002;
	assert_true(cp15_emulate(&vcpu, hsr(0, 7, 6, 2, 1, 0)));  /* DCISW */
	assert_true(cp15_emulate(&vcpu, hsr(0, 7, 10, 2, 1, 0))); /* DCCSW */
	assert_true(cp15_emulate(&vcpu, hsr(0, 7, 14, 2, 1, 0))); /* DCCISW */
	assert_int_equal(nr_set_way_ops, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(set_way_ops[i], 0x40000002);
}

static void set_way_read_is_not_emulated(void **state)
{
	(void)state;
	assert_false(cp15_emulate(&vcpu, hsr(0, 7, 14, 2, 1, 1)));
	assert_int_equal(nr_set_way_ops, 0);
}

static void unknown_register_is_not_emulated(void **state)
{
	(void)state;
	/* CBAR: implementation defined, trapped by HSTR.T15, refused */
	assert_false(cp15_emulate(&vcpu, hsr(4, 15, 0, 0, 4, 1)));
	assert_int_equal(guest_reg[4], 0xeeeeeeee);
	/* CNTP_CTL never traps (the guest's own, CNTHCTL.PL1PCEN) */
	assert_false(cp15_emulate(&vcpu, hsr(0, 14, 2, 1, 4, 1)));
	assert_false(cp15_emulate(&vcpu, hsr(3, 9, 0, 0, 4, 1)));
}

/* Every PMU register (CRn = c9, CRm = c12-c14, C12.7) reads 0, ignores ~0. */
static void pmu_registers_read_zero_and_ignore_writes(void **state)
{
	(void)state;
	for (unsigned crm = 12; crm <= 14; crm++) {
		unsigned last = crm == 12 ? 7 : crm == 13 ? 2 : 3;

		for (unsigned opc2 = 0; opc2 <= last; opc2++) {
			guest_reg[6] = ~0u;
			assert_true(cp15_emulate(&vcpu, hsr(0, 9, crm, opc2,
							    6, 0)));
			guest_reg[6] = 0xeeeeeeee;
			assert_true(cp15_emulate(&vcpu, hsr(0, 9, crm, opc2,
							    6, 1)));
			assert_int_equal(guest_reg[6], 0);
		}
	}
	/* PMCR: N = 0 (no event counter), E = 0 even after writing E */
	guest_reg[1] = 1;
	assert_true(cp15_emulate(&vcpu, hsr(0, 9, 12, 0, 1, 0)));
	assert_true(cp15_emulate(&vcpu, hsr(0, 9, 12, 0, 2, 1)));
	assert_int_equal(guest_reg[2], 0);
	/* c9 outside the PMU, and PL1 c9 registers with Opc1 != 0, are not */
	assert_false(cp15_emulate(&vcpu, hsr(0, 9, 11, 0, 4, 1)));
	assert_false(cp15_emulate(&vcpu, hsr(0, 9, 15, 0, 4, 1)));
	assert_false(cp15_emulate(&vcpu, hsr(0, 9, 14, 4, 4, 1)));
}

static void dbgdidr_reads_no_debug_architecture(void **state)
{
	(void)state;
	assert_true(cp15_emulate(&vcpu, hsr14(0, 0, 0, 0, 3, 1)));
	assert_int_equal(guest_reg[3], 0);
	/* DBGDRAR, DBGDSAR: "not valid" */
	assert_true(cp15_emulate(&vcpu, hsr14(0, 1, 0, 0, 3, 1)));
	assert_int_equal(guest_reg[3], 0);
	assert_true(cp15_emulate(&vcpu, hsr14(0, 2, 0, 0, 3, 1)));
	assert_int_equal(guest_reg[3], 0);
	/* read-only */
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 0, 0, 3, 0)));
}

static void other_debug_registers_are_not_emulated(void **state)
{
	(void)state;
	/* DBGBCR0, DBGBVR0, DBGWCR0, DBGDSCRext, DBGOSLAR, DBGDSCRint */
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 0, 5, 3, 1)));
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 0, 4, 3, 0)));
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 0, 7, 3, 0)));
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 2, 2, 3, 0)));
	assert_false(cp15_emulate(&vcpu, hsr14(0, 1, 0, 4, 3, 0)));
	assert_false(cp15_emulate(&vcpu, hsr14(0, 0, 1, 0, 3, 1)));
	assert_int_equal(guest_reg[3], 0xeeeeeeee);
	/* the CP14 table is its own: ACTLR's encoding on CP14 is nothing */
	assert_false(cp15_emulate(&vcpu, hsr14(0, 1, 0, 1, 3, 1)));
	/* and DBGDIDR's encoding on CP15 (MIDR) does not trap */
	assert_false(cp15_emulate(&vcpu, hsr(0, 0, 0, 0, 3, 1)));
}

static void other_exception_classes_are_refused(void **state)
{
	(void)state;
	uint32_t mrrc = (hsr(0, 0, 0, 0, 3, 1) & ~(0x3fu << HSR_EC_SHIFT)) |
			(uint32_t)HSR_EC_CP14_64 << HSR_EC_SHIFT;

	assert_false(cp15_emulate(&vcpu, mrrc));
}

static void pc_as_target_is_refused(void **state)
{
	(void)state;
	assert_false(cp15_emulate(&vcpu, hsr(0, 1, 0, 1, 15, 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(actlr_read_returns_virtual_value, setup),
		cmocka_unit_test_setup(actlr_write_is_ignored, setup),
		cmocka_unit_test_setup(l2ctlr_reports_the_partitions_vcpus,
				       setup),
		cmocka_unit_test_setup(l2ectlr_reads_zero, setup),
		cmocka_unit_test_setup(
			every_set_way_op_becomes_clean_and_invalidate, setup),
		cmocka_unit_test_setup(set_way_read_is_not_emulated, setup),
		cmocka_unit_test_setup(unknown_register_is_not_emulated, setup),
		cmocka_unit_test_setup(pmu_registers_read_zero_and_ignore_writes,
				       setup),
		cmocka_unit_test_setup(dbgdidr_reads_no_debug_architecture,
				       setup),
		cmocka_unit_test_setup(other_debug_registers_are_not_emulated,
				       setup),
		cmocka_unit_test_setup(other_exception_classes_are_refused,
				       setup),
		cmocka_unit_test_setup(pc_as_target_is_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
