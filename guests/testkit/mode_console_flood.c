/*
 * testkit.mode=console-flood: HC_CONSOLE_WRITE with a length of 0xffffffff,
 * again and again, for ever (the run never ends). The buffer is '\r',
 * which the console drops, so the flood costs exits, not console lines.
 * It prints one line first: "console flood: running, N bytes consumed per
 * call". A system test runs it on CPU 0 beside a partition that waits for
 * console input, which must still arrive.
 */
#include <string.h>

#include "testkit.h"

void tk_mode_console_flood(void)
{
	static char crs[256]; /* HC_CONSOLE_WRITE_MAX */
	int32_t r;

	memset(crs, '\r', sizeof(crs));
	r = (int32_t)guest_hvc(HC_CONSOLE_WRITE, (uint32_t)crs, 0xffffffffu, 0);
	guest_printf("console flood: running, %ld bytes consumed per call\n",
		     (long)r);
	for (;;)
		guest_hvc(HC_CONSOLE_WRITE, (uint32_t)crs, 0xffffffffu, 0);
}
