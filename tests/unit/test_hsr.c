/* Host unit tests for the HSR decoding helpers (arch/arm/hsr.c, hsr.h). */
/* links: arch/arm/hsr.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arch/hsr.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const struct {
	uint32_t ec;
	const char *name;
} known_ecs[] = {
	{HSR_EC_UNKNOWN, "unknown reason"},
	{HSR_EC_WFI_WFE, "WFI/WFE"},
	{HSR_EC_CP15_32, "MCR/MRC CP15"},
	{HSR_EC_CP15_64, "MCRR/MRRC CP15"},
	{HSR_EC_CP14_32, "MCR/MRC CP14"},
	{HSR_EC_CP14_LS, "LDC/STC CP14"},
	{HSR_EC_HCPTR, "HCPTR-trapped coprocessor (VFP/NEON)"},
	{HSR_EC_CP10_ID, "MRC/VMRS CP10 ID"},
	{HSR_EC_CP14_64, "MRRC CP14"},
	{HSR_EC_SVC_HYP, "SVC routed to Hyp"},
	{HSR_EC_HVC, "HVC"},
	{HSR_EC_SMC, "SMC"},
	{HSR_EC_IABT_LOW, "prefetch abort from guest"},
	{HSR_EC_IABT_HYP, "prefetch abort in Hyp"},
	{HSR_EC_DABT_LOW, "data abort from guest"},
	{HSR_EC_DABT_HYP, "data abort in Hyp"},
};
#define NR_KNOWN_ECS (sizeof(known_ecs) / sizeof(known_ecs[0]))

static void test_ec_constants_match_arm_arm(void **state)
{
	(void)state;
	/* ARM ARM B3.13.6, Table B3-27 */
	assert_int_equal(HSR_EC_UNKNOWN, 0x00);
	assert_int_equal(HSR_EC_WFI_WFE, 0x01);
	assert_int_equal(HSR_EC_CP15_32, 0x03);
	assert_int_equal(HSR_EC_CP15_64, 0x04);
	assert_int_equal(HSR_EC_CP14_32, 0x05);
	assert_int_equal(HSR_EC_CP14_LS, 0x06);
	assert_int_equal(HSR_EC_HCPTR, 0x07);
	assert_int_equal(HSR_EC_CP10_ID, 0x08);
	assert_int_equal(HSR_EC_CP14_64, 0x0c);
	assert_int_equal(HSR_EC_SVC_HYP, 0x11);
	assert_int_equal(HSR_EC_HVC, 0x12);
	assert_int_equal(HSR_EC_SMC, 0x13);
	assert_int_equal(HSR_EC_IABT_LOW, 0x20);
	assert_int_equal(HSR_EC_IABT_HYP, 0x21);
	assert_int_equal(HSR_EC_DABT_LOW, 0x24);
	assert_int_equal(HSR_EC_DABT_HYP, 0x25);
}

static void test_ec_names_defined(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NR_KNOWN_ECS; i++) {
		const char *n = hsr_ec_name(known_ecs[i].ec);

		assert_non_null(n);
		assert_string_equal(n, known_ecs[i].name);
		assert_string_not_equal(n, "reserved");
		/* Names are distinct, so a log line identifies the EC. */
		for (unsigned j = 0; j < i; j++)
			assert_string_not_equal(n,
						hsr_ec_name(known_ecs[j].ec));
	}
}

static void test_ec_names_reserved(void **state)
{
	unsigned reserved = 0;

	(void)state;
	for (uint32_t ec = 0; ec < 64; ec++) {
		bool known = false;

		for (unsigned i = 0; i < NR_KNOWN_ECS; i++)
			known |= known_ecs[i].ec == ec;
		if (!known) {
			assert_string_equal(hsr_ec_name(ec), "reserved");
			reserved++;
		}
	}
	assert_int_equal(reserved, 64 - NR_KNOWN_ECS);
	assert_string_equal(hsr_ec_name(0x02), "reserved");
	assert_string_equal(hsr_ec_name(0x3f), "reserved");
	/* Out of the 6-bit field: no out-of-bounds table read */
	assert_string_equal(hsr_ec_name(64), "reserved");
	assert_string_equal(hsr_ec_name(0xffffffffu), "reserved");
}

static void test_fsc_translation_fault_levels(void **state)
{
	(void)state;
	/* 0b0001LL, LL = level */
	assert_string_equal(hsr_fsc_name(0x05), "translation fault");
	assert_string_equal(hsr_fsc_name(0x06), "translation fault");
	assert_string_equal(hsr_fsc_name(0x07), "translation fault");
}

static void test_fsc_access_flag_fault_levels(void **state)
{
	(void)state;
	/* 0b0010LL */
	assert_string_equal(hsr_fsc_name(0x09), "access flag fault");
	assert_string_equal(hsr_fsc_name(0x0a), "access flag fault");
	assert_string_equal(hsr_fsc_name(0x0b), "access flag fault");
}

static void test_fsc_permission_fault_levels(void **state)
{
	(void)state;
	/* 0b0011LL */
	assert_string_equal(hsr_fsc_name(0x0d), "permission fault");
	assert_string_equal(hsr_fsc_name(0x0e), "permission fault");
	assert_string_equal(hsr_fsc_name(0x0f), "permission fault");
}

static void test_fsc_other_codes(void **state)
{
	(void)state;
	assert_string_equal(hsr_fsc_name(0x21), "alignment fault");
	assert_string_equal(hsr_fsc_name(0x22), "debug event");
	assert_string_equal(hsr_fsc_name(0x10), "synchronous external abort");
	assert_string_equal(hsr_fsc_name(0x11),
			    "asynchronous external abort");
	assert_string_equal(hsr_fsc_name(0x18), "synchronous parity error");
	assert_string_equal(hsr_fsc_name(0x30), "TLB conflict abort");
	/* 0b0101LL at levels 1-3 */
	for (uint32_t fsc = 0x15; fsc <= 0x17; fsc++)
		assert_string_equal(hsr_fsc_name(fsc),
				    "external abort on table walk");
}

static void test_fsc_reserved(void **state)
{
	static const uint32_t reserved[] = {0x00, 0x01, 0x02, 0x03, 0x12,
					    0x13, 0x20, 0x23, 0x3f};

	(void)state;
	for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		assert_string_equal(hsr_fsc_name(reserved[i]), "reserved");
}

/*
 * A guest's STR r5, [r0] (word) faulting in stage 2 at level 3:
 * EC=0x24, IL=1, ISV=1, SAS=2, SSE=0, SRT=5, WnR=1, DFSC=0b000111.
 */
#define DABT_STR_R5 ((0x24u << 26) | (1u << 25) | (1u << 24) | (2u << 22) | \
		     (5u << 16) | (1u << 6) | 0x07u)

static void test_dabt_fields_store(void **state)
{
	const uint32_t hsr = DABT_STR_R5;

	(void)state;
	assert_int_equal(hsr, 0x93850047u);
	assert_int_equal(HSR_EC(hsr), HSR_EC_DABT_LOW);
	assert_string_equal(hsr_ec_name(HSR_EC(hsr)), "data abort from guest");
	assert_true(hsr & HSR_IL);
	assert_int_equal(HSR_ISS(hsr), 0x1850047u);
	assert_true(hsr & HSR_DABT_ISV);
	assert_int_equal(HSR_DABT_SAS(hsr), 2);
	assert_false(hsr & HSR_DABT_SSE);
	assert_int_equal(HSR_DABT_SRT(hsr), 5);
	assert_true(hsr & HSR_DABT_WNR);
	assert_false(hsr & HSR_DABT_EA);
	assert_false(hsr & HSR_DABT_S1PTW);
	assert_int_equal(HSR_xABT_FSC(hsr), 0x07);
	assert_string_equal(hsr_fsc_name(HSR_xABT_FSC(hsr)),
			    "translation fault");
}

static void test_dabt_fields_load(void **state)
{
	/* LDRSB r14, [..]: byte, sign-extended, read, permission fault L2,
	 * during a stage-1 walk, 16-bit instruction (IL=0). */
	const uint32_t hsr = (0x24u << 26) | (1u << 24) | (0u << 22) |
			     (1u << 21) | (14u << 16) | (1u << 7) | 0x0eu;

	(void)state;
	assert_int_equal(HSR_EC(hsr), 0x24);
	assert_false(hsr & HSR_IL);
	assert_true(hsr & HSR_DABT_ISV);
	assert_int_equal(HSR_DABT_SAS(hsr), 0);
	assert_true(hsr & HSR_DABT_SSE);
	assert_int_equal(HSR_DABT_SRT(hsr), 14);
	assert_false(hsr & HSR_DABT_WNR);
	assert_true(hsr & HSR_DABT_S1PTW);
	assert_int_equal(HSR_xABT_FSC(hsr), 0x0e);
	assert_string_equal(hsr_fsc_name(HSR_xABT_FSC(hsr)),
			    "permission fault");
}

static void test_dabt_fields_sizes_and_registers(void **state)
{
	(void)state;
	for (uint32_t sas = 0; sas < 4; sas++)
		for (uint32_t srt = 0; srt < 16; srt++) {
			uint32_t hsr = (0x24u << 26) | HSR_DABT_ISV |
				       (sas << 22) | (srt << 16);

			assert_int_equal(HSR_DABT_SAS(hsr), sas);
			assert_int_equal(HSR_DABT_SRT(hsr), srt);
			/* the neighbouring fields do not bleed in */
			assert_int_equal(HSR_DABT_SAS(hsr | 0x0021ffffu), sas);
			assert_int_equal(HSR_DABT_SRT(hsr | 0x00e0ffffu |
						      0xff000000u),
					 srt);
		}
}

static void test_isv_clear(void **state)
{
	/* No valid syndrome (e.g. LDM): ISV=0, only FSC and WnR matter. */
	const uint32_t hsr = (0x24u << 26) | (1u << 25) | (1u << 6) | 0x21u;

	(void)state;
	assert_false(hsr & HSR_DABT_ISV);
	assert_true(hsr & HSR_DABT_WNR);
	assert_string_equal(hsr_fsc_name(HSR_xABT_FSC(hsr)), "alignment fault");
}

static void test_ec_iss_split(void **state)
{
	(void)state;
	assert_int_equal(HSR_EC(0xffffffffu), 0x3f);
	assert_int_equal(HSR_ISS(0xffffffffu), 0x01ffffffu);
	assert_int_equal(HSR_ISS(HSR_IL), 0); /* IL is not part of the ISS */
	assert_int_equal(HSR_EC(0x03ffffffu), 0);
	/* HVC #0x1234 */
	assert_int_equal(HSR_EC((0x12u << 26) | HSR_IL | 0x1234), HSR_EC_HVC);
	assert_int_equal(HSR_ISS((0x12u << 26) | HSR_IL | 0x1234), 0x1234);
	assert_string_equal(hsr_ec_name(HSR_EC((0x12u << 26) | HSR_IL)),
			    "HVC");
	/* Prefetch abort in Hyp, IFSC = translation fault level 2 */
	assert_int_equal(HSR_EC(0x86000006u), HSR_EC_IABT_HYP);
	assert_string_equal(hsr_fsc_name(HSR_xABT_FSC(0x86000006u)),
			    "translation fault");
}

/* ---------------------------------------------- condition of a trap */

#define CPSR_N (1u << 31)
#define CPSR_Z (1u << 30)
#define CPSR_C (1u << 29)
#define CPSR_V (1u << 28)
#define CPSR_T (1u << 5)
#define HSR_WITH_COND(cond) ((1u << 24) | ((uint32_t)(cond) << 20))
/* IT state ITSTATE[7:0] into CPSR bits [15:10] and [26:25]. */
#define CPSR_IT(it) ((((it) >> 2) & 0x3fu) << 10 | ((it) & 3u) << 25)

static void test_conditional_classes(void **state)
{
	(void)state;
	assert_true(hsr_ec_is_conditional(HSR_EC_WFI_WFE));
	assert_true(hsr_ec_is_conditional(HSR_EC_CP15_32));
	assert_true(hsr_ec_is_conditional(HSR_EC_CP15_64));
	assert_true(hsr_ec_is_conditional(HSR_EC_CP14_32));
	assert_true(hsr_ec_is_conditional(HSR_EC_HCPTR));
	assert_true(hsr_ec_is_conditional(HSR_EC_CP14_64));
	assert_true(hsr_ec_is_conditional(HSR_EC_SMC));
	assert_false(hsr_ec_is_conditional(HSR_EC_UNKNOWN));
	assert_false(hsr_ec_is_conditional(HSR_EC_HVC));
	assert_false(hsr_ec_is_conditional(HSR_EC_DABT_LOW));
	assert_false(hsr_ec_is_conditional(HSR_EC_IABT_LOW));
}

static void test_condition_codes_against_flags(void **state)
{
	(void)state;
	/* EQ/NE on Z */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x0), CPSR_Z));
	assert_false(hsr_condition_passed(HSR_WITH_COND(0x0), 0));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x1), 0));
	/* CS/CC, MI/PL, VS/VC */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x2), CPSR_C));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x3), 0));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x4), CPSR_N));
	assert_false(hsr_condition_passed(HSR_WITH_COND(0x5), CPSR_N));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x6), CPSR_V));
	/* HI: C and not Z; LS its inverse */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x8), CPSR_C));
	assert_false(hsr_condition_passed(HSR_WITH_COND(0x8), CPSR_C | CPSR_Z));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x9), CPSR_C | CPSR_Z));
	/* GE: N == V; LT its inverse; GT: not Z and N == V; LE */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0xa), CPSR_N | CPSR_V));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0xb), CPSR_N));
	assert_false(hsr_condition_passed(HSR_WITH_COND(0xc), CPSR_Z));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0xd), CPSR_Z));
	/* AL and the unconditional space */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0xe), 0));
	assert_true(hsr_condition_passed(HSR_WITH_COND(0xf), 0));
}

static void test_condition_without_cv_uses_it_state(void **state)
{
	(void)state;
	/* No CV, ARM state: unconditional as far as the trap tells. */
	assert_true(hsr_condition_passed(0, 0));
	/* Thumb, inside "IT EQ" (ITSTATE 0x08: cond 0000, one instruction) */
	assert_false(hsr_condition_passed(0, CPSR_T | CPSR_IT(0x08)));
	assert_true(hsr_condition_passed(0, CPSR_T | CPSR_IT(0x08) | CPSR_Z));
	/* CV set wins over the IT state */
	assert_true(hsr_condition_passed(HSR_WITH_COND(0x1),
					 CPSR_T | CPSR_IT(0x08)));
}

static void test_it_advance(void **state)
{
	(void)state;
	/* ARM state or no IT block: unchanged */
	assert_int_equal(hsr_it_advance(CPSR_Z), CPSR_Z);
	assert_int_equal(hsr_it_advance(CPSR_T), CPSR_T);
	/* The last instruction of a block clears the IT state. */
	assert_int_equal(hsr_it_advance(CPSR_T | CPSR_IT(0x08)), CPSR_T);
	/* "ITT EQ" (0x04): the next one is still EQ, then the block ends. */
	assert_int_equal(hsr_it_advance(CPSR_T | CPSR_IT(0x04)),
			 CPSR_T | CPSR_IT(0x08));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ec_constants_match_arm_arm),
		cmocka_unit_test(test_ec_names_defined),
		cmocka_unit_test(test_ec_names_reserved),
		cmocka_unit_test(test_fsc_translation_fault_levels),
		cmocka_unit_test(test_fsc_access_flag_fault_levels),
		cmocka_unit_test(test_fsc_permission_fault_levels),
		cmocka_unit_test(test_fsc_other_codes),
		cmocka_unit_test(test_fsc_reserved),
		cmocka_unit_test(test_dabt_fields_store),
		cmocka_unit_test(test_dabt_fields_load),
		cmocka_unit_test(test_dabt_fields_sizes_and_registers),
		cmocka_unit_test(test_isv_clear),
		cmocka_unit_test(test_ec_iss_split),
		cmocka_unit_test(test_conditional_classes),
		cmocka_unit_test(test_condition_codes_against_flags),
		cmocka_unit_test(test_condition_without_cv_uses_it_state),
		cmocka_unit_test(test_it_advance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
