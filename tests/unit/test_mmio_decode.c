/*
 * Host unit tests for the data-abort syndrome decoder
 * (arch/arm/include/arch/mmio_decode.h). The HSR values are written out by
 * hand from ARM ARM B3.13.6 so that a wrong field macro in hsr.h shows up
 * too: EC 0x24 (data abort from a lower level), IL 1, DFSC 0x07
 * (translation fault, level 3) unless stated.
 */
/* links: core/mmio.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arch/hsr.h>
#include <arch/mmio_decode.h>
#include <string.h>

#define HPFAR_OF(ipa) ((uint32_t)((ipa) >> 12) << 4)

/*
 *            EC     IL ISV SAS SSE SRT  WnR
 * LDR r2     100100 1  1   10  0   0010 0    -> 0x93820007
 * STR r5     100100 1  1   10  0   0101 1    -> 0x93850047
 * LDRB r0    100100 1  1   00  0   0000 0    -> 0x93000007
 * LDRSB r7   100100 1  1   00  1   0111 0    -> 0x93270007
 * LDRH r12   100100 1  1   01  0   1100 0    -> 0x934c0007
 * LDRSH r1   100100 1  1   01  1   0001 0    -> 0x93610007
 * STRB r3    100100 1  1   00  0   0011 1    -> 0x93030047
 * STRH lr    100100 1  1   01  0   1110 1    -> 0x934e0047
 */
struct decode_case {
	const char *insn;
	uint32_t hsr;
	unsigned size;
	bool write, sext;
	unsigned reg;
};

static const struct decode_case cases[] = {
	{"LDR r2", 0x93820007u, 4, false, false, 2},
	{"STR r5", 0x93850047u, 4, true, false, 5},
	{"LDRB r0", 0x93000007u, 1, false, false, 0},
	{"LDRSB r7", 0x93270007u, 1, false, true, 7},
	{"LDRH r12", 0x934c0007u, 2, false, false, 12},
	{"LDRSH r1", 0x93610007u, 2, false, true, 1},
	{"STRB r3", 0x93030047u, 1, true, false, 3},
	{"STRH lr", 0x934e0047u, 2, true, false, 14},
	/* a 16-bit Thumb LDR (IL 0) decodes the same way */
	{"LDR r3 (T16)", 0x91830007u, 4, false, false, 3},
};

static struct mmio_access sentinel(void)
{
	struct mmio_access a;

	memset(&a, 0xa5, sizeof(a));
	a.data = 0x5a5a5a5a;
	return a;
}

static void test_hand_built_syndromes(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct decode_case *c = &cases[i];
		struct mmio_access a = sentinel();
		int rc = mmio_decode(c->hsr, 0x00001234, HPFAR_OF(0x1c090000),
				     &a);

		if (rc != MMIO_DECODE_OK)
			fail_msg("%s: rc %d", c->insn, rc);
		if (a.size != c->size || a.write != c->write ||
		    a.sign_extend != c->sext || a.reg != c->reg)
			fail_msg("%s: size %u write %d sext %d reg %u", c->insn,
				 a.size, a.write, a.sign_extend, a.reg);
		assert_int_equal(a.addr, 0x1c090234);
		assert_int_equal(a.offset, 0);
		/* the value to store is the caller's business */
		assert_int_equal(a.data, 0x5a5a5a5a);
	}
}

static void test_sse_ignored_on_store(void **state)
{
	struct mmio_access a = sentinel();

	(void)state;
	/* STRB r3 with SSE set: a store has nothing to extend */
	assert_int_equal(mmio_decode(0x93230047u, 0, 0, &a), MMIO_DECODE_OK);
	assert_true(a.write);
	assert_false(a.sign_extend);
}

static void test_no_syndrome(void **state)
{
	static const uint32_t hsrs[] = {
		0x92000007u, /* ISV 0: LDM */
		0x92000047u, /* ISV 0: STM */
		0x92cf0047u, /* ISV 0 with garbage that would be "bad" */
		0x93820087u, /* LDR r2 but S1PTW: a stage-1 walk faulted */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(hsrs) / sizeof(hsrs[0]); i++) {
		struct mmio_access a = sentinel();
		struct mmio_access untouched = sentinel();

		assert_int_equal(mmio_decode(hsrs[i], 0x1000, 0x100, &a),
				 MMIO_DECODE_NO_SYNDROME);
		assert_memory_equal(&a, &untouched, sizeof(a));
	}
}

static void test_srt_pc(void **state)
{
	struct mmio_access a = sentinel();
	struct mmio_access untouched = sentinel();

	(void)state;
	/* LDR pc, [...] */
	assert_int_equal(mmio_decode(0x938f0007u, 0, 0x100, &a),
			 MMIO_DECODE_BAD_REG);
	/* STR pc, [...] */
	assert_int_equal(mmio_decode(0x938f0047u, 0, 0x100, &a),
			 MMIO_DECODE_BAD_REG);
	assert_memory_equal(&a, &untouched, sizeof(a));
}

static void test_sas_doubleword(void **state)
{
	struct mmio_access a = sentinel();
	struct mmio_access untouched = sentinel();

	(void)state;
	assert_int_equal(mmio_decode(0x93c40007u, 0, 0x100, &a),
			 MMIO_DECODE_BAD_SIZE);
	assert_int_equal(mmio_decode(0x93c40047u, 0, 0x100, &a),
			 MMIO_DECODE_BAD_SIZE);
	assert_memory_equal(&a, &untouched, sizeof(a));
}

static void test_ipa_composition(void **state)
{
	static const struct {
		uint32_t hdfar, hpfar;
		uint64_t ipa;
	} ipas[] = {
		/* page from HPFAR[31:4], offset from HDFAR[11:0] */
		{0xc0001ffcu, 0x001c0900u, 0x1c090ffcull},
		{0x00000000u, 0x00000000u, 0x0ull},
		{0xffffffffu, 0x00000000u, 0xfffull},
		/* HDFAR's VA page bits do not leak into the IPA */
		{0x12345678u, 0x00080000u, 0x08000678ull},
		/* HPFAR[3:0] are reserved and ignored */
		{0x00000010u, 0x0008000fu, 0x08000010ull},
		/* IPA above 4 GiB: HPFAR[31:4] = IPA[39:12] */
		{0x00000abcu, 0x01000000u, 0x100000abcull},
		{0x00000004u, 0xfffffff0u, 0xfffffff004ull},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(ipas) / sizeof(ipas[0]); i++) {
		struct mmio_access a = sentinel();

		assert_int_equal(mmio_decode(0x93820007u, ipas[i].hdfar,
					     ipas[i].hpfar, &a),
				 MMIO_DECODE_OK);
		if (a.addr != ipas[i].ipa)
			fail_msg("HDFAR 0x%08x HPFAR 0x%08x: IPA 0x%llx, expected 0x%llx",
				 ipas[i].hdfar, ipas[i].hpfar,
				 (unsigned long long)a.addr,
				 (unsigned long long)ipas[i].ipa);
	}
}

/* Decode, a device answers 0x80 / 0x8000, the guest register gets... */
static void test_decode_then_read_result(void **state)
{
	struct mmio_access a = sentinel();

	(void)state;
	assert_int_equal(mmio_decode(0x93270007u, 0, 0x100, &a),
			 MMIO_DECODE_OK); /* LDRSB */
	a.data = 0x80;
	assert_int_equal(mmio_read_result(&a), 0xffffff80);
	assert_int_equal(mmio_decode(0x93000007u, 0, 0x100, &a),
			 MMIO_DECODE_OK); /* LDRB */
	assert_int_equal(mmio_read_result(&a), 0x80);
	assert_int_equal(mmio_decode(0x93610007u, 0, 0x100, &a),
			 MMIO_DECODE_OK); /* LDRSH */
	a.data = 0x8000;
	assert_int_equal(mmio_read_result(&a), 0xffff8000);
	assert_int_equal(mmio_decode(0x934c0007u, 0, 0x100, &a),
			 MMIO_DECODE_OK); /* LDRH */
	assert_int_equal(mmio_read_result(&a), 0x8000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_built_syndromes),
		cmocka_unit_test(test_sse_ignored_on_store),
		cmocka_unit_test(test_no_syndrome),
		cmocka_unit_test(test_srt_pc),
		cmocka_unit_test(test_sas_doubleword),
		cmocka_unit_test(test_ipa_composition),
		cmocka_unit_test(test_decode_then_read_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
