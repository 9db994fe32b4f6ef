/*
 * Host unit tests for the partition lifecycle's transition table
 * (core/partition_state.c): the allowed transitions, and the refusals that
 * keep two vCPUs from both owning a stop or reset of one partition.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/partition_state.h>

#define NR_STATES (PART_OFF + 1)

static void test_exact_table(void **state)
{
	/* allowed[from][to], as drawn in partition_state.h */
	static const bool allowed[NR_STATES][NR_STATES] = {
		[PART_CREATED] = {[PART_RUNNING] = true},
		[PART_RUNNING] = {[PART_RESETTING] = true,
				  [PART_STOPPING] = true},
		[PART_RESETTING] = {[PART_RUNNING] = true, [PART_OFF] = true},
		[PART_STOPPING] = {[PART_OFF] = true},
		[PART_OFF] = {false},
	};

	(void)state;
	for (int from = 0; from < NR_STATES; from++)
		for (int to = 0; to < NR_STATES; to++)
			if (partition_state_allowed(from, to) !=
			    allowed[from][to])
				fail_msg("%s -> %s: allowed is %d, expected %d",
					 partition_state_name(from),
					 partition_state_name(to),
					 partition_state_allowed(from, to),
					 allowed[from][to]);
}

/* One owner at a time: a stop or reset is refused while one is under way. */
static void test_no_second_owner(void **state)
{
	(void)state;
	assert_false(partition_state_allowed(PART_RESETTING, PART_STOPPING));
	assert_false(partition_state_allowed(PART_RESETTING, PART_RESETTING));
	assert_false(partition_state_allowed(PART_STOPPING, PART_RESETTING));
	assert_false(partition_state_allowed(PART_STOPPING, PART_STOPPING));
}

static void test_off_is_final(void **state)
{
	(void)state;
	for (int to = 0; to < NR_STATES; to++)
		assert_false(partition_state_allowed(PART_OFF, to));
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_false(partition_state_allowed(NR_STATES, PART_RUNNING));
	assert_false(partition_state_allowed(PART_RUNNING, NR_STATES));
	assert_string_equal(partition_state_name(NR_STATES), "?");
	assert_string_equal(partition_state_name(PART_RESETTING), "resetting");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_table),
		cmocka_unit_test(test_no_second_owner),
		cmocka_unit_test(test_off_is_final),
		cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
