/*
 * testkit's side of the runtime (guests/lib): check reporting, and what an
 * unexpected exception, a stack overwrite or an unusable device tree
 * pointer do in a test run: a failed check, the registers, the summary.
 */
#include "testkit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define U(x) ((unsigned)(x))

/* ---------------------------------------------------------------- reporting */
static char cur_name[96] = "testkit_boot";
static unsigned nr_checks, nr_passed, nr_failed;

void tk_begin(const char *name)
{
	strncpy(cur_name, name, sizeof(cur_name) - 1);
	cur_name[sizeof(cur_name) - 1] = '\0';
}

void tk_pass(void)
{
	nr_checks++;
	nr_passed++;
	guest_printf("ok %u - %s\n", nr_checks, cur_name);
}

void tk_pass_note(const char *fmt, ...)
{
	char note[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
	for (char *p = note; *p; p++) /* one line per check */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	nr_checks++;
	nr_passed++;
	guest_printf("ok %u - %s # %s\n", nr_checks, cur_name, note);
}

static void fail_va(const char *fmt, va_list ap)
{
	char diag[256];

	vsnprintf(diag, sizeof(diag), fmt, ap);
	for (char *p = diag; *p; p++) /* one line per check */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	nr_checks++;
	nr_failed++;
	guest_printf("not ok %u - %s # %s\n", nr_checks, cur_name, diag);
}

void tk_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_va(fmt, ap);
	va_end(ap);
}

void tk_diag_init(struct tk_diag *d)
{
	d->n = 0;
	d->len = 0;
	d->buf[0] = '\0';
}

void tk_diag_add(struct tk_diag *d, const char *fmt, ...)
{
	static const char more[] = " [more]";
	size_t room = sizeof(d->buf) - sizeof(more);
	va_list ap;

	d->n++;
	if (d->len >= room)
		return;
	if (d->n > 1) {
		int k = snprintf(d->buf + d->len, room - d->len, "; ");
		d->len += k > 0 ? (size_t)k : 0;
	}
	if (d->len < room) {
		va_start(ap, fmt);
		int k = vsnprintf(d->buf + d->len, room - d->len, fmt, ap);
		va_end(ap);
		d->len += k > 0 ? (size_t)k : 0;
	}
	if (d->len >= room) {
		d->len = room - 1;
		memcpy(d->buf + d->len, more, sizeof(more));
		d->len += sizeof(more) - 1;
	}
}

void tk_report(const struct tk_diag *d)
{
	if (d->n == 0)
		tk_pass();
	else
		tk_fail("%s", d->buf);
}

void tk_finish(void)
{
	guest_printf("%u passed, %u failed\n", nr_passed, nr_failed);
	if (tk_plat.finish_reset)
		guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	guest_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	guest_park();
}

/* ---------------------------------------------------------------- exceptions */
static volatile uint32_t in_fatal[TK_MAX_VCPUS];

/* The runtime calls it for an exception nobody expected (and for a
 * smashed stack): the boot vCPU fails the current check and ends the run,
 * a secondary reports to the boot vCPU and turns itself off. */
void guest_unexpected(unsigned type, struct guest_frame *f)
{
	unsigned cpu = guest_cpu_index() % TK_MAX_VCPUS;
	char what[160], prefix[24];

	if (in_fatal[cpu]++) {
		/* Faulted while reporting a fault: stop without more output. */
		if (cpu == guest_boot.cpu)
			guest_power_off();
		guest_park();
	}
	guest_exception_describe(type, f, what, sizeof(what));
	if (cpu == guest_boot.cpu)
		tk_fail("%s, CPSR 0x%08x (%s)", what, U(f->spsr),
			guest_mode_name(f->spsr));
	else
		guest_printf("# vCPU %u: %s, CPSR 0x%08x (%s)\n", cpu, what,
			     U(f->spsr), guest_mode_name(f->spsr));
	snprintf(prefix, sizeof(prefix), "#   vCPU %u: ", cpu);
	guest_exception_dump(f, prefix);
	if (cpu == guest_boot.cpu)
		tk_finish();
	tk_secondary_unexpected(cpu, what);
}

/* Before the BSS is cleared: nothing there may be used, so straight
 * through the console hypercall. */
void guest_boot_refused(uint32_t dtb)
{
	char line[200];
	size_t n;

	n = guest_snprintf(line, sizeof(line), "not ok 1 - "
			     "device_tree_readable # the device tree (r2 = "
			     "0x%08x) lies inside the memory the testkit uses "
			     "(see image offsets 0x28/0x2c)\n0 passed, 1 "
			     "failed\n", U(dtb));
	guest_hc_write(line, n);
	guest_power_off();
}
