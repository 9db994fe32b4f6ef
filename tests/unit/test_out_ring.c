/*
 * Host unit tests for the console's output ring (core/out_ring.c): line
 * ends, NUL-terminated pieces, order across the wrap, bursts, room.
 */
/* links: core/out_ring.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/out_ring.h>
#include <string.h>

static struct out_ring r;

static int setup(void **state)
{
	(void)state;
	memset(&r, 0, sizeof(r));
	return 0;
}

/* Everything pending, taken in bursts of at most burst bytes. */
static size_t take_all(char *dst, size_t cap, unsigned burst)
{
	size_t n = 0;
	unsigned got;

	while ((got = out_ring_take(&r, dst + n, burst)) != 0) {
		assert_true(got <= burst);
		n += got;
		assert_true(n <= cap);
	}
	return n;
}

static void test_newline_becomes_crlf(void **state)
{
	char out[64];
	size_t n;

	(void)state;
	assert_true(out_ring_empty(&r));
	assert_int_equal(out_ring_need("a\nb\n", 4), 6);
	out_ring_put(&r, "a\nb\n", 4);
	assert_false(out_ring_empty(&r));
	assert_int_equal(out_ring_room(&r), OUT_RING_SIZE - 6);
	n = take_all(out, sizeof(out), 16);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "a\r\nb\r\n", 6);
	assert_true(out_ring_empty(&r));
	assert_int_equal(out_ring_room(&r), OUT_RING_SIZE);
}

static void test_piece_ends_at_nul_or_length(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(out_ring_need("abc\0def", 7), 3);
	assert_int_equal(out_ring_need("abcdef", 2), 2);
	out_ring_put(&r, "abc\0def", 7);
	out_ring_put(&r, "xyz", 2);
	assert_int_equal(take_all(out, sizeof(out), 1), 5);
	assert_memory_equal(out, "abcxy", 5);
}

static void test_order_kept_across_wrap(void **state)
{
	static char out[OUT_RING_SIZE];
	char line[100];

	(void)state;
	/* Puts and takes in a rhythm that wraps the indices many times. */
	for (unsigned round = 0; round < 1000; round++) {
		size_t n;

		memset(line, 'a' + round % 26, sizeof(line) - 1);
		line[sizeof(line) - 1] = '\0';
		assert_true(out_ring_room(&r) >= sizeof(line) - 1);
		out_ring_put(&r, line, sizeof(line));
		n = take_all(out, sizeof(out), 16);
		assert_int_equal(n, sizeof(line) - 1);
		assert_memory_equal(out, line, n);
	}
}

static void test_fills_to_room_exactly(void **state)
{
	static char out[OUT_RING_SIZE];
	char chunk[OUT_RING_SIZE / 4 + 1];

	(void)state;
	memset(chunk, 'q', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	out_ring_put(&r, "zz", 2); /* the indices off zero */
	take_all(out, sizeof(out), 16);
	for (int i = 0; i < 4; i++)
		out_ring_put(&r, chunk, sizeof(chunk));
	assert_int_equal(out_ring_room(&r), 0);
	assert_int_equal(take_all(out, sizeof(out), 16), OUT_RING_SIZE);
	for (size_t i = 0; i < OUT_RING_SIZE; i++)
		assert_int_equal(out[i], 'q');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_newline_becomes_crlf, setup),
		cmocka_unit_test_setup(test_piece_ends_at_nul_or_length, setup),
		cmocka_unit_test_setup(test_order_kept_across_wrap, setup),
		cmocka_unit_test_setup(test_fills_to_room_exactly, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
