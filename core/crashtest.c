/* Deliberate faults on request, to prove the hypervisor reports them. */
#include <core/console.h>
#include <core/crashtest.h>
#include <libfdt.h>
#include <stddef.h>
#include <string.h>

extern char __text_start[];

static const char *find_option(const void *fdt, const char *key, size_t *len)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args, *p;
	size_t klen = strlen(key);

	if (chosen < 0)
		return NULL;
	args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	for (p = args; p && (p = strstr(p, key)); p += klen) {
		if (p != args && p[-1] != ' ')
			continue;
		p += klen;
		*len = strcspn(p, " ");
		return p;
	}
	return NULL;
}

/* Far deeper than any stack: the guard page stops it first. */
static volatile unsigned recursion_limit = ~0u;

static unsigned recurse(unsigned depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth < recursion_limit)
		return recurse(depth + 1) + frame[0];
	return frame[0];
}

static void smash_canary(void)
{
	char buf[8];
	volatile size_t n = 64;

	memset(buf, 0x41, n);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

void crashtest_run(const void *fdt)
{
	size_t len;
	const char *what = find_option(fdt, "hyp.crashtest=", &len);

	if (!what)
		return;
	hyp_log("crashtest: %.*s", (int)len, what);
	if (len == 5 && !strncmp(what, "undef", 5))
		__asm__ volatile("udf #0");
	else if (len == 14 && !strncmp(what, "stack-overflow", 14))
		recurse(0);
	else if (len == 10 && !strncmp(what, "write-text", 10))
		*(volatile char *)__text_start = 0;
	else if (len == 6 && !strncmp(what, "canary", 6))
		smash_canary();
	else
		hyp_log("crashtest: unknown fault \"%.*s\" (undef, "
			"stack-overflow, write-text, canary)",
			(int)len, what);
}
