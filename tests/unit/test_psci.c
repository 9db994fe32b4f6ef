/* Host unit tests for the guest PSCI state machine (core/psci.c). */
/* links: core/psci.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/psci.h>
#include <string.h>

#define NR_VCPUS 4
#define RAM_BASE 0x80000000u
#define RAM_END 0x90000000u
#define MPIDR_MP (1u << 31) /* RES1 bit of a guest's own MPIDR */

struct fixture {
	struct psci_vcpu vcpu[NR_VCPUS];
	struct psci_partition pp;
	unsigned kicks;
	unsigned last_kick;
	uint32_t last_entry_checked;
};

static bool entry_ok(void *ctx, uint32_t addr)
{
	struct fixture *f = ctx;

	f->last_entry_checked = addr;
	return addr >= RAM_BASE && addr < RAM_END;
}

static void kick(void *ctx, unsigned idx)
{
	struct fixture *f = ctx;

	f->kicks++;
	f->last_kick = idx;
}

/* vCPU 0 on, the others off: how a partition starts. */
static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.vcpu[0].power = VCPU_ON;
	for (unsigned i = 1; i < NR_VCPUS; i++)
		f.vcpu[i].power = VCPU_OFF;
	f.pp.nr_vcpus = NR_VCPUS;
	f.pp.vcpu = f.vcpu;
	f.pp.entry_ok = entry_ok;
	f.pp.kick = kick;
	f.pp.ctx = &f;
	f.last_kick = 0xdead;
	*state = &f;
	return 0;
}

/* psci_call from caller; checks the action too. */
static int32_t call(struct fixture *f, unsigned caller, uint32_t fn,
		    uint32_t a1, uint32_t a2, uint32_t a3,
		    enum psci_action want_action)
{
	enum psci_action act = (enum psci_action)0x55;
	int32_t rc = psci_call(&f->pp, caller, fn, a1, a2, a3, &act);

	assert_int_equal(act, want_action);
	return rc;
}

static int32_t call_ret(struct fixture *f, uint32_t fn, uint32_t a1,
			uint32_t a2, uint32_t a3)
{
	return call(f, 0, fn, a1, a2, a3, PSCI_ACT_RETURN);
}

/* ---------------------------------------------------------- psci_is_call */

static void test_is_call_ranges(void **state)
{
	(void)state;
	assert_true(psci_is_call(0x84000000u));
	assert_true(psci_is_call(0x8400000au));
	assert_true(psci_is_call(0x8400001fu));
	assert_true(psci_is_call(0xc4000000u));
	assert_true(psci_is_call(0xc4000003u));
	assert_true(psci_is_call(0xc400001fu));

	assert_false(psci_is_call(0x83ffffffu));
	assert_false(psci_is_call(0x84000020u));
	assert_false(psci_is_call(0xc3ffffffu));
	assert_false(psci_is_call(0xc4000020u));
	assert_false(psci_is_call(0x86000000u)); /* Tessera hypercalls */
	assert_false(psci_is_call(0x80000000u)); /* SMCCC_VERSION */
	assert_false(psci_is_call(0x04000000u));
	assert_false(psci_is_call(0));
}

/* ------------------------------------------------- VERSION, FEATURES, ... */

static void test_version(void **state)
{
	assert_int_equal(call_ret(*state, PSCI_FN_VERSION, 0, 0, 0),
			 0x00010000);
}

static void test_features_implemented(void **state)
{
	static const uint32_t ids[] = {
		PSCI_FN_VERSION,	   PSCI_FN_CPU_OFF,
		PSCI_FN_CPU_ON,		   PSCI_FN_AFFINITY_INFO,
		PSCI_FN_MIGRATE_INFO_TYPE, PSCI_FN_SYSTEM_OFF,
		PSCI_FN_SYSTEM_RESET,	   PSCI_FN_FEATURES,
	};

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int32_t rc = call_ret(*state, PSCI_FN_FEATURES, ids[i], 0, 0);

		if (rc != 0)
			fail_msg("FEATURES(0x%x) = %d, expected 0", ids[i], rc);
	}
}

static void test_features_not_supported(void **state)
{
	static const uint32_t ids[] = {
		PSCI_FN_CPU_SUSPEND, PSCI_FN_MIGRATE,
		PSCI_FN_MIGRATE_INFO_UP_CPU,
		0x8400000bu, /* PSCI_CPU_FREEZE (1.0, optional) */
		0x8400000cu, /* CPU_DEFAULT_SUSPEND */
		0x84000012u, /* SYSTEM_RESET2 (1.1) */
		0x8400001fu,
		0xc4000001u, /* SMC64 CPU_SUSPEND */
		0xc4000003u, /* SMC64 CPU_ON */
		0xc4000004u, /* SMC64 AFFINITY_INFO */
		0x80000000u, /* SMCCC_VERSION */
		0x86000000u, /* not PSCI */
		0,
	};

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int32_t rc = call_ret(*state, PSCI_FN_FEATURES, ids[i], 0, 0);

		if (rc != PSCI_NOT_SUPPORTED)
			fail_msg("FEATURES(0x%x) = %d, expected -1", ids[i],
				 rc);
	}
}

static void test_migrate_info_type(void **state)
{
	assert_int_equal(call_ret(*state, PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0),
			 2);
}

static void test_unimplemented_ids(void **state)
{
	static const uint32_t ids[] = {
		PSCI_FN_CPU_SUSPEND, PSCI_FN_MIGRATE,
		PSCI_FN_MIGRATE_INFO_UP_CPU, 0x8400000bu, 0x8400001fu,
		0xc4000003u, /* SMC64 CPU_ON: a 64-bit entry is not for us */
		0xc4000004u, 0xc4000001u,
	};
	struct fixture *f = *state;

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_int_equal(call_ret(f, ids[i], 1, RAM_BASE, 0),
				 PSCI_NOT_SUPPORTED);
	/* Nothing was started by the SMC64 CPU_ON. */
	assert_int_equal(f->vcpu[1].power, VCPU_OFF);
	assert_int_equal(f->kicks, 0);
}

/* ---------------------------------------------------------------- CPU_ON */

static void test_cpu_on_success(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 2, RAM_BASE + 0x8000,
				  0x12345678),
			 PSCI_SUCCESS);
	assert_int_equal(f->vcpu[2].power, VCPU_ON_PENDING);
	assert_int_equal(f->vcpu[2].entry, RAM_BASE + 0x8000);
	assert_int_equal(f->vcpu[2].context, 0x12345678);
	assert_int_equal(f->last_entry_checked, RAM_BASE + 0x8000);
	assert_int_equal(f->kicks, 1);
	assert_int_equal(f->last_kick, 2);
	/* The others are untouched. */
	assert_int_equal(f->vcpu[1].power, VCPU_OFF);
	assert_int_equal(f->vcpu[3].power, VCPU_OFF);
	assert_int_equal(f->vcpu[0].power, VCPU_ON);
}

static void test_cpu_on_each_target_kicks_it(void **state)
{
	struct fixture *f = *state;

	for (unsigned t = 1; t < NR_VCPUS; t++) {
		assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, t, RAM_BASE, t),
				 PSCI_SUCCESS);
		assert_int_equal(f->last_kick, t);
		assert_int_equal(f->kicks, t);
		assert_int_equal(f->vcpu[t].context, t);
	}
}

static void test_cpu_on_twice_pending(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE, 1),
			 PSCI_SUCCESS);
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE + 4, 2),
			 PSCI_ON_PENDING);
	/* The second call changed nothing and woke nobody. */
	assert_int_equal(f->vcpu[1].entry, RAM_BASE);
	assert_int_equal(f->vcpu[1].context, 1);
	assert_int_equal(f->kicks, 1);
}

static void test_cpu_on_already_on(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE, 1),
			 PSCI_SUCCESS);
	/* vCPU 1 starts running: the world switch marks it on. */
	f->vcpu[1].power = VCPU_ON;
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE + 4, 2),
			 PSCI_ALREADY_ON);
	assert_int_equal(f->vcpu[1].entry, RAM_BASE);
	/* The caller itself is on. */
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 0, RAM_BASE, 0),
			 PSCI_ALREADY_ON);
	assert_int_equal(f->kicks, 1);
}

static void test_cpu_on_bad_entry(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_END, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(f->last_entry_checked, RAM_END);
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, 0, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(f->vcpu[1].power, VCPU_OFF);
	assert_int_equal(f->kicks, 0);
}

static void test_cpu_on_bad_target(void **state)
{
	static const uint32_t bad[] = {
		NR_VCPUS,            /* Aff0 past the last vCPU */
		0xff,
		0x100,               /* Aff1 = 1 */
		0x101,
		0x10000,             /* Aff2 = 1 */
		MPIDR_MP | 0x100,
		MPIDR_MP | NR_VCPUS,
	};
	struct fixture *f = *state;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t rc = call_ret(f, PSCI_FN_CPU_ON, bad[i], RAM_BASE, 0);

		if (rc != PSCI_INVALID_PARAMETERS)
			fail_msg("CPU_ON(0x%x) = %d, expected -2", bad[i], rc);
	}
	for (unsigned i = 1; i < NR_VCPUS; i++)
		assert_int_equal(f->vcpu[i].power, VCPU_OFF);
	assert_int_equal(f->kicks, 0);
}

static void test_cpu_on_mpidr_bits_31_24_ignored(void **state)
{
	struct fixture *f = *state;

	/* A guest passing an MPIDR value as read (bit 31 set) */
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, MPIDR_MP | 3, RAM_BASE, 0),
			 PSCI_SUCCESS);
	assert_int_equal(f->last_kick, 3);
	assert_int_equal(f->vcpu[3].power, VCPU_ON_PENDING);
	/* U (30) and MT (24) are not affinity either. */
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 0x41000002u, RAM_BASE, 0),
			 PSCI_SUCCESS);
	assert_int_equal(f->last_kick, 2);
}

static void test_cpu_on_without_kick_callback(void **state)
{
	struct fixture *f = *state;

	f->pp.kick = NULL;
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE, 0),
			 PSCI_SUCCESS);
	assert_int_equal(f->vcpu[1].power, VCPU_ON_PENDING);
	assert_int_equal(f->kicks, 0);
}

/* --------------------------------------------------------------- CPU_OFF */

static void test_cpu_off(void **state)
{
	struct fixture *f = *state;

	f->vcpu[2].power = VCPU_ON;
	assert_int_equal(call(f, 2, PSCI_FN_CPU_OFF, 0, 0, 0,
			      PSCI_ACT_CPU_OFF),
			 PSCI_SUCCESS);
	assert_int_equal(f->vcpu[2].power, VCPU_OFF);
	assert_int_equal(f->vcpu[0].power, VCPU_ON);
	/* Off again: CPU_ON may start it anew. */
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 2, RAM_BASE, 7),
			 PSCI_SUCCESS);
	assert_int_equal(f->vcpu[2].power, VCPU_ON_PENDING);
}

static void test_cpu_off_boot_vcpu(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call(f, 0, PSCI_FN_CPU_OFF, 0, 0, 0,
			      PSCI_ACT_CPU_OFF),
			 PSCI_SUCCESS);
	assert_int_equal(f->vcpu[0].power, VCPU_OFF);
}

/* --------------------------------------------------------- AFFINITY_INFO */

static void test_affinity_info_transitions(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 0, 0, 0),
			 PSCI_AFF_ON);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
			 PSCI_AFF_OFF);
	assert_int_equal(call_ret(f, PSCI_FN_CPU_ON, 1, RAM_BASE, 0),
			 PSCI_SUCCESS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
			 PSCI_AFF_ON_PENDING);
	f->vcpu[1].power = VCPU_ON; /* it started */
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
			 PSCI_AFF_ON);
	assert_int_equal(call(f, 1, PSCI_FN_CPU_OFF, 0, 0, 0,
			      PSCI_ACT_CPU_OFF),
			 PSCI_SUCCESS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
			 PSCI_AFF_OFF);
	/* With the MPIDR's bit 31 */
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, MPIDR_MP, 0, 0),
			 PSCI_AFF_ON);
}

static void test_affinity_info_bad_params(void **state)
{
	struct fixture *f = *state;

	/* Only level 0 */
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 0, 1, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 0, 3, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, NR_VCPUS, 0, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 0x100, 0, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call_ret(f, PSCI_FN_AFFINITY_INFO, 0x10000, 0, 0),
			 PSCI_INVALID_PARAMETERS);
}

/* ------------------------------------------------- SYSTEM_OFF, _RESET */

static void test_system_off(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call(f, 1, PSCI_FN_SYSTEM_OFF, 0, 0, 0,
			      PSCI_ACT_SYSTEM_OFF),
			 PSCI_SUCCESS);
}

static void test_system_reset(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call(f, 3, PSCI_FN_SYSTEM_RESET, 0, 0, 0,
			      PSCI_ACT_SYSTEM_RESET),
			 PSCI_SUCCESS);
}

static void test_action_reset_to_return(void **state)
{
	struct fixture *f = *state;
	enum psci_action act = PSCI_ACT_SYSTEM_OFF;

	/* A stale action from a previous call must not leak through. */
	assert_int_equal(psci_call(&f->pp, 0, PSCI_FN_VERSION, 0, 0, 0, &act),
			 0x00010000);
	assert_int_equal(act, PSCI_ACT_RETURN);
	act = PSCI_ACT_CPU_OFF;
	assert_int_equal(psci_call(&f->pp, 0, 0x84000001u, 0, 0, 0, &act),
			 PSCI_NOT_SUPPORTED);
	assert_int_equal(act, PSCI_ACT_RETURN);
}

static void test_caller_out_of_range(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(call(f, NR_VCPUS, PSCI_FN_CPU_OFF, 0, 0, 0,
			      PSCI_ACT_RETURN),
			 PSCI_INTERNAL_FAILURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_call_ranges),
		cmocka_unit_test_setup(test_version, setup),
		cmocka_unit_test_setup(test_features_implemented, setup),
		cmocka_unit_test_setup(test_features_not_supported, setup),
		cmocka_unit_test_setup(test_migrate_info_type, setup),
		cmocka_unit_test_setup(test_unimplemented_ids, setup),
		cmocka_unit_test_setup(test_cpu_on_success, setup),
		cmocka_unit_test_setup(test_cpu_on_each_target_kicks_it, setup),
		cmocka_unit_test_setup(test_cpu_on_twice_pending, setup),
		cmocka_unit_test_setup(test_cpu_on_already_on, setup),
		cmocka_unit_test_setup(test_cpu_on_bad_entry, setup),
		cmocka_unit_test_setup(test_cpu_on_bad_target, setup),
		cmocka_unit_test_setup(test_cpu_on_mpidr_bits_31_24_ignored,
				       setup),
		cmocka_unit_test_setup(test_cpu_on_without_kick_callback,
				       setup),
		cmocka_unit_test_setup(test_cpu_off, setup),
		cmocka_unit_test_setup(test_cpu_off_boot_vcpu, setup),
		cmocka_unit_test_setup(test_affinity_info_transitions, setup),
		cmocka_unit_test_setup(test_affinity_info_bad_params, setup),
		cmocka_unit_test_setup(test_system_off, setup),
		cmocka_unit_test_setup(test_system_reset, setup),
		cmocka_unit_test_setup(test_action_reset_to_return, setup),
		cmocka_unit_test_setup(test_caller_out_of_range, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
