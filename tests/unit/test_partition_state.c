/*
 * Host unit tests for the partition lifecycle's transition table
 * (core/partition_state.c): the allowed transitions, and the refusals that
 * keep two vCPUs from both owning a stop or reset of one partition, and
 * how every pair of requests meeting resolves (a stop beats a reset).
 */
/* links: core/partition_state.c */
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

/* Every pair: the verdict on a request reaching each state. */
static void test_every_pair_resolves(void **state)
{
	static const enum partition_verdict want[NR_STATES][2] = {
		/*                 RESET            STOP */
		[PART_CREATED] = {PART_LATE, PART_LATE},
		[PART_RUNNING] = {PART_OWN, PART_OWN},
		[PART_RESETTING] = {PART_JOIN, PART_OVERRIDE},
		[PART_STOPPING] = {PART_SUPERSEDED, PART_JOIN},
		[PART_OFF] = {PART_LATE, PART_LATE},
	};

	(void)state;
	for (int s = 0; s < NR_STATES; s++) {
		assert_int_equal(partition_request_resolve(s, PART_REQ_RESET),
				 want[s][0]);
		assert_int_equal(partition_request_resolve(s, PART_REQ_STOP),
				 want[s][1]);
	}
}

/*
 * Plays two requests from two vCPUs in both orders, the way
 * core/partition.c carries them out, and returns the final state: never a
 * state in which somebody still waits.
 */
static enum partition_state play(enum partition_request first,
				 enum partition_request second)
{
	enum partition_state s = PART_RUNNING;
	enum partition_state owning =
		first == PART_REQ_RESET ? PART_RESETTING : PART_STOPPING;
	bool stop_recorded = false;

	assert_int_equal(partition_request_resolve(s, first), PART_OWN);
	assert_true(partition_state_allowed(s, owning));
	s = owning;
	/* The second arrives while the first's owner waits for the others. */
	switch (partition_request_resolve(s, second)) {
	case PART_OVERRIDE:
		stop_recorded = true;
		break;
	case PART_JOIN:
	case PART_SUPERSEDED:
		break;
	default:
		fail_msg("second request not resolved in %s",
			 partition_state_name(s));
	}
	/* The others have parked: the owner finishes. */
	if (s == PART_STOPPING) {
		assert_true(partition_state_allowed(s, PART_OFF));
		return PART_OFF;
	}
	{
		enum partition_state to = partition_reset_outcome(stop_recorded);

		assert_true(partition_state_allowed(s, to));
		return to;
	}
}

static void test_pairs_outcome(void **state)
{
	(void)state;
	assert_int_equal(play(PART_REQ_RESET, PART_REQ_RESET), PART_RUNNING);
	assert_int_equal(play(PART_REQ_RESET, PART_REQ_STOP), PART_OFF);
	assert_int_equal(play(PART_REQ_STOP, PART_REQ_RESET), PART_OFF);
	assert_int_equal(play(PART_REQ_STOP, PART_REQ_STOP), PART_OFF);
}

/* A failed reload takes RESETTING to OFF; a stop never restarts. */
static void test_reset_outcome(void **state)
{
	(void)state;
	assert_int_equal(partition_reset_outcome(false), PART_RUNNING);
	assert_int_equal(partition_reset_outcome(true), PART_OFF);
	assert_true(partition_state_allowed(PART_RESETTING, PART_OFF));
	assert_false(partition_state_allowed(PART_STOPPING, PART_RUNNING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_table),
		cmocka_unit_test(test_no_second_owner),
		cmocka_unit_test(test_off_is_final),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_every_pair_resolves),
		cmocka_unit_test(test_pairs_outcome),
		cmocka_unit_test(test_reset_outcome),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
