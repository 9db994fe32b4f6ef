/*
 * What HC_CONSOLE_WRITE takes (docs/hypercalls.md), with testkit.console-policy
 * in bootargs (the bytes it writes are meant for a system test to look at):
 *
 *   console_write_capped   a length of 0xffffffff, and of 300, consume
 *                          HC_CONSOLE_WRITE_MAX (256) bytes per call
 *   console_write_escapes  a line with ESC sequences, BEL and UTF-8 is
 *                          consumed whole; the system test sees it escaped:
 *                          "console policy: \x1b[2K\x1b[1Ghyp: forged ..."
 *
 * In a partition with console = "none" the calls return NOT_SUPPORTED and
 * nothing of this run is visible (that is what its system test asserts).
 */
#include <string.h>

#include "testkit.h"


static bool requested(void)
{
	return dt_bootarg_word(guest_plat.bootargs, "testkit.console-policy");
}

static int32_t console_write(const void *buf, uint32_t len)
{
	return (int32_t)guest_hvc(HC_CONSOLE_WRITE, (uint32_t)buf, len, 0);
}

static void console_write_capped(void)
{
	/* '\r' is dropped by the console: the calls print nothing. */
	static char crs[2 * HC_CONSOLE_WRITE_MAX];
	int32_t huge, over;

	tk_begin("console_write_capped");
	memset(crs, '\r', sizeof(crs));
	huge = console_write(crs, 0xffffffffu);
	over = console_write(crs, HC_CONSOLE_WRITE_MAX + 44);
	if (huge != (int32_t)HC_CONSOLE_WRITE_MAX || over != huge)
		tk_fail("lengths 0xffffffff and %u consumed %ld and %ld bytes, "
			"expected %u each", HC_CONSOLE_WRITE_MAX + 44,
			(long)huge,
			(long)over, HC_CONSOLE_WRITE_MAX);
	else
		tk_pass();
}

static void console_write_escapes(void)
{
	static const char line[] = "console policy: \x1b[2K\x1b[1Ghyp: forged "
				   "\x07\xc3\xa9 end\n";
	int32_t r;

	tk_begin("console_write_escapes");
	r = console_write(line, sizeof(line) - 1);
	if (r != (int32_t)(sizeof(line) - 1))
		tk_fail("a %u-byte line with escape sequences: %ld consumed",
			(unsigned)(sizeof(line) - 1), (long)r);
	else
		tk_pass();
}

void tk_check_console_policy(void)
{
	if (!requested())
		return;
	console_write_capped();
	console_write_escapes();
}
