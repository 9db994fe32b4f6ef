/* Host unit tests for the guest runtime's formatter (guests/lib/src/format.c). */
/* links: guests/lib/src/format.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <guest/console.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Formats with ours and with the host's printf; both must agree. */
#define SAME(fmt, ...)                                                         \
	do {                                                                   \
		char ours[128], libc[128];                                     \
		size_t n = guest_snprintf(ours, sizeof(ours), fmt,             \
					  __VA_ARGS__);                        \
		int m = snprintf(libc, sizeof(libc), fmt, __VA_ARGS__);        \
		assert_string_equal(ours, libc);                               \
		assert_int_equal(n, (size_t)m);                                \
	} while (0)

static void integers_as_printf(void **state)
{
	(void)state;
	SAME("%d %d %d", 0, -1, 2147483647);
	SAME("%d", (int)-2147483647 - 1);
	SAME("%u %x %08x %8x", 4000000000u, 0xdeadbeefu, 0x1fu, 0xabcu);
	SAME("[%5d] [%-5d] [%05d] [%-3u]", 42, 42, -42, 7u);
	SAME("%lu %lx %ld", 123456789ul, 0xfffful, -5l);
	SAME("%llu %llx %lld", 18446744073709551615ull, 0x123456789abull,
	     -9000000000ll);
	SAME("%zu", (size_t)12345);
	SAME("r%-2d 0x%08x", 3, 0x80000000u);
}

static void strings_and_chars_as_printf(void **state)
{
	(void)state;
	SAME("%s|%c|%%", "abc", 'z');
	SAME("[%.*s] [%.2s]", 3, "abcdef", "xyz");
	SAME("[%6s] [%-6s]", "ab", "ab");
	SAME("%s", "");
}

static void truncates_and_terminates(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(guest_snprintf(buf, sizeof(buf), "%s", "0123456789"),
			 7);
	assert_string_equal(buf, "0123456");
	assert_int_equal(guest_snprintf(buf, 1, "abc"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(guest_snprintf(NULL, 0, "abc"), 0);
}

/* What printf leaves undefined: ours prints something and stops in time. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void odd_formats_do_not_crash(void **state)
{
	char buf[32];

	(void)state;
	guest_snprintf(buf, sizeof(buf), "100%");
	assert_string_equal(buf, "100");
	guest_snprintf(buf, sizeof(buf), "%q %s", (char *)NULL);
	assert_string_equal(buf, "%q (null)");
}
#pragma GCC diagnostic pop

static void microseconds_in_the_largest_whole_unit(void **state)
{
	char buf[24];

	(void)state;
	assert_string_equal(guest_fmt_us(buf, sizeof(buf), 1000000), "1 s");
	assert_string_equal(guest_fmt_us(buf, sizeof(buf), 250000), "250 ms");
	assert_string_equal(guest_fmt_us(buf, sizeof(buf), 1500), "1500 us");
	assert_string_equal(guest_fmt_us(buf, sizeof(buf), 0), "0 us");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers_as_printf),
		cmocka_unit_test(strings_and_chars_as_printf),
		cmocka_unit_test(truncates_and_terminates),
		cmocka_unit_test(odd_formats_do_not_crash),
		cmocka_unit_test(microseconds_in_the_largest_whole_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
