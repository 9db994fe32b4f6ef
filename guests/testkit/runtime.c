/*
 * testkit runtime: console (snprintf + HC_CONSOLE_WRITE), check reporting,
 * exception dispatch (expected faults are recorded and skipped, unexpected
 * ones end the run), bounded waits, and what newlib and libfdt need.
 */
#include "testkit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

_Static_assert(TK_HC_CONSOLE_WRITE == HC_CONSOLE_WRITE, "HC_CONSOLE_WRITE");
_Static_assert(TK_PSCI_SYSTEM_OFF == PSCI_FN_SYSTEM_OFF, "PSCI SYSTEM_OFF");
_Static_assert(sizeof(struct tk_frame) == 64, "start.S builds a 64-byte frame");

struct tk_boot tk_boot;

/* ---------------------------------------------------------------- console */
static volatile uint32_t console_owner; /* vCPU index + 1, 0 = free */

/* A bounded, re-entrant lock: output must never hang the run. */
static bool console_lock(void)
{
	uint32_t me = tk_cpu_index() + 1;

	if (!(tk_read_sctlr() & TK_SCTLR_M))
		return false; /* exclusives need cacheable memory: MMU off */
	if (console_owner == me)
		return false; /* re-entered from an exception handler */
	for (uint32_t i = 0; i < 20000000u; i++) {
		uint32_t expected = 0;

		if (__atomic_compare_exchange_n(&console_owner, &expected, me,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false; /* give up waiting and print anyway */
}

static void console_unlock(bool locked)
{
	if (locked)
		__atomic_store_n(&console_owner, 0, __ATOMIC_RELEASE);
}

static void console_write(const char *s, size_t n)
{
	while (n > 0) {
		int32_t r = (int32_t)tk_hvc(HC_CONSOLE_WRITE, (uint32_t)s, n, 0);

		if (r <= 0 || (size_t)r > n)
			return;
		s += r;
		n -= (size_t)r;
	}
}

void tk_printf(const char *fmt, ...)
{
	char buf[320];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) { /* truncated: keep the line ending */
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';
	}
	bool locked = console_lock();
	console_write(buf, (size_t)n);
	console_unlock(locked);
}

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
	tk_printf("ok %u - %s\n", nr_checks, cur_name);
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
	tk_printf("ok %u - %s # %s\n", nr_checks, cur_name, note);
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
	tk_printf("not ok %u - %s # %s\n", nr_checks, cur_name, diag);
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
	tk_printf("%u passed, %u failed\n", nr_passed, nr_failed);
	if (tk_plat.finish_reset)
		tk_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	tk_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	tk_park();
}

/* ---------------------------------------------------------------- exceptions */
struct tk_expect_state {
	volatile uint32_t armed; /* 1 << TK_EXC_* */
	volatile int type;       /* caught, or -1 */
	volatile uint32_t pc, far, fsr;
	volatile uint32_t in_fatal;
} __attribute__((aligned(64)));

static struct tk_expect_state expect_state[TK_MAX_VCPUS];

static struct tk_expect_state *my_expect(void)
{
	return &expect_state[tk_cpu_index() % TK_MAX_VCPUS];
}

void tk_expect(uint32_t mask)
{
	struct tk_expect_state *e = my_expect();

	e->type = -1;
	e->pc = e->far = e->fsr = 0;
	tk_barrier();
	e->armed = mask;
	tk_barrier();
}

void tk_expect_done(struct tk_caught *c)
{
	struct tk_expect_state *e = my_expect();

	tk_barrier();
	e->armed = 0;
	tk_barrier();
	c->type = e->type;
	c->pc = e->pc;
	c->far = e->far;
	c->fsr = e->fsr;
}

const char *tk_exc_name(int type)
{
	static const char *const names[] = {
		"reset", "undefined instruction", "supervisor call",
		"prefetch abort", "data abort", "unused vector (0x14)", "IRQ",
		"FIQ",
	};

	return type >= 0 && type < 8 ? names[type] : "no exception";
}

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case TK_PSR_MODE_USR: return "usr";
	case TK_PSR_MODE_FIQ: return "fiq";
	case TK_PSR_MODE_IRQ: return "irq";
	case TK_PSR_MODE_SVC: return "svc";
	case TK_PSR_MODE_MON: return "mon";
	case TK_PSR_MODE_ABT: return "abt";
	case TK_PSR_MODE_HYP: return "hyp";
	case TK_PSR_MODE_UND: return "und";
	case TK_PSR_MODE_SYS: return "sys";
	default: return "???";
	}
}

#define U(x) ((unsigned)(x))

static void __attribute__((noreturn))
unexpected(unsigned type, struct tk_frame *f)
{
	unsigned cpu = tk_cpu_index() % TK_MAX_VCPUS;
	uint32_t mode = f->spsr & TK_PSR_MODE_MASK;
	uint32_t cur = tk_read_cpsr() & TK_PSR_MODE_MASK;
	uint32_t banked[2] = {0, 0};
	bool have_lr = true;
	char what[160];

	if (expect_state[cpu].in_fatal++) {
		/* Faulted while reporting a fault: stop without more output. */
		if (cpu == tk_boot.cpu)
			tk_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
		tk_park();
	}

	if (type == TK_EXC_DABT)
		snprintf(what, sizeof(what),
			 "unexpected %s at pc 0x%08x (DFAR 0x%08x, DFSR 0x%08x)",
			 tk_exc_name((int)type), U(f->pc),
			 U(TK_CP15_RD(0, c6, c0, 0)), U(TK_CP15_RD(0, c5, c0, 0)));
	else if (type == TK_EXC_PABT)
		snprintf(what, sizeof(what),
			 "unexpected %s at pc 0x%08x (IFAR 0x%08x, IFSR 0x%08x)",
			 tk_exc_name((int)type), U(f->pc),
			 U(TK_CP15_RD(0, c6, c0, 2)), U(TK_CP15_RD(0, c5, c0, 1)));
	else
		snprintf(what, sizeof(what), "unexpected %s at pc 0x%08x%s",
			 tk_exc_name((int)type), U(f->pc),
			 (f->spsr & TK_PSR_T) ? " (Thumb)" : "");

	if (mode == cur) {
		banked[0] = (uint32_t)(f + 1); /* SP before the frame was pushed */
		have_lr = false;               /* LR was the exception's */
	} else if (mode == TK_PSR_MODE_USR || mode == TK_PSR_MODE_FIQ ||
		   mode == TK_PSR_MODE_IRQ || mode == TK_PSR_MODE_SVC ||
		   mode == TK_PSR_MODE_ABT || mode == TK_PSR_MODE_UND ||
		   mode == TK_PSR_MODE_SYS) {
		tk_read_banked(mode, banked);
	} else {
		have_lr = false;
	}

	if (cpu == tk_boot.cpu) {
		tk_fail("%s, CPSR 0x%08x (%s)", what, U(f->spsr), mode_name(mode));
	} else {
		tk_printf("# vCPU %u: %s, CPSR 0x%08x (%s)\n", cpu, what,
			  U(f->spsr), mode_name(mode));
	}
	for (int i = 0; i < 12; i += 4)
		tk_printf("#   vCPU %u: r%-2d 0x%08x  r%-2d 0x%08x  r%-2d 0x%08x  "
			  "r%-2d 0x%08x\n",
			  cpu, i, U(f->r[i]), i + 1, U(f->r[i + 1]), i + 2,
			  U(f->r[i + 2]), i + 3, U(f->r[i + 3]));
	if (have_lr)
		tk_printf("#   vCPU %u: r12 0x%08x  sp  0x%08x  lr  0x%08x  "
			  "pc  0x%08x\n",
			  cpu, U(f->r[12]), U(banked[0]), U(banked[1]), U(f->pc));
	else
		tk_printf("#   vCPU %u: r12 0x%08x  sp  0x%08x  lr  ?  pc  0x%08x\n",
			  cpu, U(f->r[12]), U(banked[0]), U(f->pc));

	if (cpu == tk_boot.cpu)
		tk_finish();
	tk_secondary_unexpected(cpu, what);
}

void tk_exception(unsigned type, struct tk_frame *f)
{
	struct tk_expect_state *e = my_expect();

	if ((e->armed & (1u << type)) && !(f->spsr & TK_PSR_T)) {
		e->armed = 0;
		e->type = (int)type;
		e->pc = f->pc;
		if (type == TK_EXC_DABT) {
			e->far = TK_CP15_RD(0, c6, c0, 0); /* DFAR */
			e->fsr = TK_CP15_RD(0, c5, c0, 0); /* DFSR */
		} else if (type == TK_EXC_PABT) {
			e->far = TK_CP15_RD(0, c6, c0, 2); /* IFAR */
			e->fsr = TK_CP15_RD(0, c5, c0, 1); /* IFSR */
		}
		f->pc += 4; /* ARM state: resume after the faulting instruction */
		return;
	}
	unexpected(type, f);
}

/* ---------------------------------------------------------------- waits */
/* Ends a wait if the counter is stuck; far beyond any bound in ms, so that
 * on a fast host the bound in ms, not this, decides. */
#define TK_POLL_MAX_ITERS 1000000000u

void tk_poll_start(struct tk_poll *p, uint32_t ms)
{
	uint32_t frq = tk_cntfrq();

	p->start = tk_cntvct();
	p->ticks = (uint64_t)(frq / 1000u) * ms;
	p->iters = 0;
}

bool tk_poll_expired(struct tk_poll *p)
{
	if (++p->iters > TK_POLL_MAX_ITERS)
		return true;
	if (p->ticks == 0) /* CNTFRQ not set: only the iteration cap */
		return false;
	return tk_cntvct() - p->start > p->ticks;
}

/* ---------------------------------------------------------------- libc glue */
/* No heap: any allocation newlib attempts fails cleanly. */
void *_sbrk(ptrdiff_t incr);

void *_sbrk(ptrdiff_t incr)
{
	(void)incr;
	errno = ENOMEM;
	return (void *)-1;
}

/* For libfdt (built with the stack protector) and our own code. */
uintptr_t __stack_chk_guard = 0x5ac3e700u;
void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void)
{
	unsigned cpu = tk_cpu_index() % TK_MAX_VCPUS;

	if (cpu == tk_boot.cpu) {
		tk_fail("stack smashing detected in a function returning to "
			"0x%08x",
			U(__builtin_return_address(0)));
		tk_finish();
	}
	tk_secondary_unexpected(cpu, "stack smashing detected");
}
