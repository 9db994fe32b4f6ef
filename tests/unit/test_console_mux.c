/* Host unit tests for the console input multiplexer (core/console_mux.c). */
/* links: core/console_mux.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/console_mux.h>
#include <string.h>

#define ESC CONSOLE_MUX_ESCAPE
#define UNSET '\x7f' /* what *out holds when the mux did not write it */

static struct console_mux m;

/* Feeds c; checks the result and, for MUX_DELIVER, the byte delivered. */
static void feed(char c, enum mux_result expect, char expect_out)
{
	char out = UNSET;
	enum mux_result r = console_mux_input(&m, c, &out);

	if (r != expect)
		fail_msg("key 0x%02x: result %d, expected %d", (unsigned char)c,
			 r, expect);
	if (expect == MUX_DELIVER)
		assert_int_equal(out, expect_out);
	else if (out != UNSET)
		fail_msg("key 0x%02x: *out written without MUX_DELIVER",
			 (unsigned char)c);
}

static void command(char key, enum mux_result expect, char expect_out)
{
	feed(ESC, MUX_CONSUMED, 0);
	assert_true(m.escape);
	feed(key, expect, expect_out);
	assert_false(m.escape);
}

static void test_constants(void **state)
{
	(void)state;
	assert_int_equal(CONSOLE_MUX_ESCAPE, 0x1c);
}

static void test_init(void **state)
{
	(void)state;
	memset(&m, 0xa5, sizeof(m));
	console_mux_init(&m, 3);
	assert_int_equal(m.nr, 3);
	assert_int_equal(m.focus, 0);
	assert_false(m.escape);
}

static void test_ordinary_keys_delivered(void **state)
{
	(void)state;
	console_mux_init(&m, 2);
	for (int c = 0; c < 256; c++) {
		if (c == ESC)
			continue;
		feed((char)c, MUX_DELIVER, (char)c);
		assert_int_equal(m.focus, 0);
		assert_false(m.escape);
	}
}

static void test_escape_is_consumed(void **state)
{
	(void)state;
	console_mux_init(&m, 2);
	feed(ESC, MUX_CONSUMED, 0);
	assert_true(m.escape);
	assert_int_equal(m.focus, 0);
}

static void test_next_wraps(void **state)
{
	(void)state;
	console_mux_init(&m, 3);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 1);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 2);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 0);
	feed('x', MUX_DELIVER, 'x');
}

static void test_next_single_partition(void **state)
{
	(void)state;
	console_mux_init(&m, 1);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 0);
}

static void test_digits_select(void **state)
{
	(void)state;
	console_mux_init(&m, 8);
	for (char d = '1'; d <= '8'; d++) {
		command(d, MUX_FOCUS_CHANGED, 0);
		assert_int_equal(m.focus, (unsigned)(d - '1'));
		feed('k', MUX_DELIVER, 'k');
	}
	command('3', MUX_FOCUS_CHANGED, 0);
	command('3', MUX_FOCUS_CHANGED, 0); /* same one again: fine */
	assert_int_equal(m.focus, 2);
}

static void test_invalid_digit(void **state)
{
	(void)state;
	console_mux_init(&m, 2);
	command('2', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 1);
	command('3', MUX_BAD_KEY, 0); /* no partition 2 */
	assert_int_equal(m.focus, 1);
	command('8', MUX_BAD_KEY, 0);
	command('0', MUX_BAD_KEY, 0); /* partitions count from 1 here */
	command('9', MUX_BAD_KEY, 0);
	assert_int_equal(m.focus, 1);
	feed('a', MUX_DELIVER, 'a'); /* back to normal input */
}

static void test_more_than_eight_partitions(void **state)
{
	(void)state;
	console_mux_init(&m, 10);
	command('9', MUX_BAD_KEY, 0); /* digits stop at 8 */
	assert_int_equal(m.focus, 0);
	command('8', MUX_FOCUS_CHANGED, 0);
	command('n', MUX_FOCUS_CHANGED, 0);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 9);
	command('n', MUX_FOCUS_CHANGED, 0);
	assert_int_equal(m.focus, 0);
}

static void test_literal_escape(void **state)
{
	(void)state;
	console_mux_init(&m, 2);
	command('2', MUX_FOCUS_CHANGED, 0);
	command(ESC, MUX_DELIVER, ESC);
	assert_int_equal(m.focus, 1);
	/* after a literal Ctrl-\ the next key is ordinary again */
	feed('n', MUX_DELIVER, 'n');
	/* four in a row: two literal Ctrl-\ */
	feed(ESC, MUX_CONSUMED, 0);
	feed(ESC, MUX_DELIVER, ESC);
	feed(ESC, MUX_CONSUMED, 0);
	feed(ESC, MUX_DELIVER, ESC);
	assert_false(m.escape);
}

static void test_help(void **state)
{
	const char *h = console_mux_help();

	(void)state;
	console_mux_init(&m, 2);
	command('?', MUX_HELP, 0);
	command('h', MUX_HELP, 0);
	assert_int_equal(m.focus, 0);
	assert_non_null(h);
	assert_non_null(strstr(h, "Ctrl-\\ n"));
	assert_non_null(strstr(h, "1..8"));
	assert_non_null(strstr(h, "Ctrl-\\ Ctrl-\\"));
	assert_non_null(strstr(h, "Ctrl-\\ s"));
	assert_int_equal(h[strlen(h) - 1], '\n');
}

static void test_stats_key(void **state)
{
	(void)state;
	console_mux_init(&m, 2);
	command('s', MUX_STATS, 0);
	assert_int_equal(m.focus, 0);
	feed('s', MUX_DELIVER, 's'); /* only after Ctrl-\ */
	/* With no partition too: it prints nothing then, harmlessly. */
	console_mux_init(&m, 0);
	command('s', MUX_STATS, 0);
}

static void test_other_keys_bad(void **state)
{
	static const char bad[] = {'N', 'H', 'x', ' ', '\r', '\n', 0, 0x7f,
				   (char)0x80, (char)0xff, 0x1b, 0x1d, 'q'};

	(void)state;
	console_mux_init(&m, 3);
	command('2', MUX_FOCUS_CHANGED, 0);
	for (unsigned i = 0; i < sizeof(bad); i++) {
		command(bad[i], MUX_BAD_KEY, 0);
		assert_int_equal(m.focus, 1);
	}
	feed('z', MUX_DELIVER, 'z'); /* the bad key was not delivered later */
}

static void test_no_partitions(void **state)
{
	(void)state;
	console_mux_init(&m, 0);
	feed('a', MUX_CONSUMED, 0);
	command('n', MUX_BAD_KEY, 0);
	command('1', MUX_BAD_KEY, 0);
	command(ESC, MUX_CONSUMED, 0);
	command('?', MUX_HELP, 0);
	assert_int_equal(m.focus, 0);
}

/* A typed stream: text, switch, text, literal escape. */
static void test_stream(void **state)
{
	const char in[] = "ab\x1c" "2cd\x1c\x1c" "e\x1c" "nf";
	char got[2][16];
	unsigned n[2] = {0, 0};

	(void)state;
	console_mux_init(&m, 2);
	for (const char *p = in; *p; p++) {
		char out = UNSET;

		if (console_mux_input(&m, *p, &out) == MUX_DELIVER)
			got[m.focus][n[m.focus]++] = out;
	}
	assert_int_equal(n[0], 3);
	assert_memory_equal(got[0], "abf", 3);
	assert_int_equal(n[1], 4);
	assert_memory_equal(got[1], "cd\x1c" "e", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_ordinary_keys_delivered),
		cmocka_unit_test(test_escape_is_consumed),
		cmocka_unit_test(test_next_wraps),
		cmocka_unit_test(test_next_single_partition),
		cmocka_unit_test(test_digits_select),
		cmocka_unit_test(test_invalid_digit),
		cmocka_unit_test(test_more_than_eight_partitions),
		cmocka_unit_test(test_literal_escape),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_stats_key),
		cmocka_unit_test(test_other_keys_bad),
		cmocka_unit_test(test_no_partitions),
		cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
