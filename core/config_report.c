/*
 * How the configuration stages word a problem (core/config_internal.h):
 * "<node path>: <reason>", with addresses in hex and ranges as the boot log
 * prints them. Runs at boot too, so 64-bit numbers are printed without %ll
 * (newlib-nano has no long long conversions).
 */
#include "config_internal.h"
#include <stdarg.h>
#include <stdio.h>

#define MSG_MAX 512 /* fits two device paths (CFG_PATH_MAX) and the text */

struct numstr cfg_hex(uint64_t v)
{
	struct numstr n;
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	if (hi)
		snprintf(n.s, sizeof(n.s), "0x%lx%08lx", (unsigned long)hi,
			 (unsigned long)lo);
	else
		snprintf(n.s, sizeof(n.s), "0x%lx", (unsigned long)lo);
	return n;
}

struct rangestr cfg_span(uint64_t base, uint64_t size)
{
	struct rangestr r;

	snprintf(r.s, sizeof(r.s), "%s-%s", cfg_hex(base).s,
		 cfg_hex(size ? base + size - 1 : base).s);
	return r;
}

struct numstr cfg_bytes(uint64_t n)
{
	struct numstr s;

	if (n % (1u << 20))
		snprintf(s.s, sizeof(s.s), "%lu KiB", (unsigned long)(n >> 10));
	else
		snprintf(s.s, sizeof(s.s), "%lu MiB", (unsigned long)(n >> 20));
	return s;
}

struct cfg_range_name cfg_range_name(const struct cfg_range *x)
{
	struct cfg_range_name n;
	struct rangestr at = cfg_span(x->base, x->size);
	const char *owner = x->owner ? x->owner->path : "";

	switch (x->kind) {
	case CFG_RANGE_HYP_DEVICE:
		snprintf(n.s, sizeof(n.s), "the hypervisor's %s (%s)", x->what,
			 at.s);
		break;
	case CFG_RANGE_FIXED_MEM:
		snprintf(n.s, sizeof(n.s), "the fixed memory at host %s of %s",
			 at.s, owner);
		break;
	case CFG_RANGE_HOST_IMAGE:
		snprintf(n.s, sizeof(n.s), "the %s image at host %s of %s",
			 x->what, at.s, owner);
		break;
	case CFG_RANGE_HOST_RESERVED:
		snprintf(n.s, sizeof(n.s), "the host's reserved memory %s (%s)",
			 x->what, at.s);
		break;
	case CFG_RANGE_DEVICE:
		snprintf(n.s, sizeof(n.s), "device \"%s\" (%s) of %s", x->what,
			 at.s, owner);
		break;
	default: /* CFG_RANGE_RESERVED */
		snprintf(n.s, sizeof(n.s), "%s (%s)", x->what, at.s);
		break;
	}
	return n;
}

static void format(char msg[MSG_MAX], const char *path, const char *fmt,
		   va_list ap)
{
	int n = snprintf(msg, MSG_MAX, "%s: ", path);

	if (n < 0 || n >= MSG_MAX)
		n = 0;
	vsnprintf(msg + n, MSG_MAX - (size_t)n, fmt, ap);
}

void cfg_error(struct cfg_report *r, const char *path, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	format(msg, path, fmt, ap);
	va_end(ap);
	r->errors++;
	if (r->error)
		r->error(r->ctx, msg);
}

void cfg_warning(struct cfg_report *r, const char *path, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	format(msg, path, fmt, ap);
	va_end(ap);
	r->warnings++;
	if (r->warning)
		r->warning(r->ctx, msg);
}
