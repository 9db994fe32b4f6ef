/*
 * Exception dispatch: expected exceptions are recorded and skipped,
 * unexpected ones reported (by default: a line through the console
 * hypercall, the registers, then SYSTEM_OFF).
 */
#include <guest/guest.h>

_Static_assert(sizeof(struct guest_frame) == 64, "start.S builds a 64-byte "
	       "frame");

#define U(x) ((unsigned)(x))

struct expect_state {
	volatile uint32_t armed; /* 1 << EXC_* */
	volatile int type;       /* caught, or -1 */
	volatile uint32_t pc, far, fsr;
	volatile uint32_t in_fatal;
} __attribute__((aligned(64)));

static struct expect_state expect_state[GUEST_MAX_VCPUS];

static struct expect_state *my_expect(void)
{
	return &expect_state[guest_cpu_index() % GUEST_MAX_VCPUS];
}

void guest_expect(uint32_t mask)
{
	struct expect_state *e = my_expect();

	e->type = -1;
	e->pc = e->far = e->fsr = 0;
	guest_barrier();
	e->armed = mask;
	guest_barrier();
}

void guest_expect_done(struct guest_caught *c)
{
	struct expect_state *e = my_expect();

	guest_barrier();
	e->armed = 0;
	guest_barrier();
	c->type = e->type;
	c->pc = e->pc;
	c->far = e->far;
	c->fsr = e->fsr;
}

const char *guest_exc_name(int type)
{
	static const char *const names[] = {
		"reset", "undefined instruction", "supervisor call",
		"prefetch abort", "data abort", "unused vector (0x14)", "IRQ",
		"FIQ", "stack smashing",
	};

	return type >= 0 && type <= EXC_STACK_SMASHED ? names[type]
						       : "no exception";
}

const char *guest_mode_name(uint32_t mode)
{
	switch (mode & PSR_MODE_MASK) {
	case PSR_MODE_USR: return "usr";
	case PSR_MODE_FIQ: return "fiq";
	case PSR_MODE_IRQ: return "irq";
	case PSR_MODE_SVC: return "svc";
	case PSR_MODE_MON: return "mon";
	case PSR_MODE_ABT: return "abt";
	case PSR_MODE_HYP: return "hyp";
	case PSR_MODE_UND: return "und";
	case PSR_MODE_SYS: return "sys";
	default: return "???";
	}
}

void guest_exception_describe(unsigned type, const struct guest_frame *f,
			      char *buf, size_t len)
{
	const char *name = guest_exc_name((int)type);

	if (type == EXC_DABT)
		guest_snprintf(buf, len, "unexpected %s at pc 0x%08x (DFAR "
			       "0x%08x, DFSR 0x%08x)", name, U(f->pc),
			       U(guest_dfar()), U(guest_dfsr()));
	else if (type == EXC_PABT)
		guest_snprintf(buf, len, "unexpected %s at pc 0x%08x (IFAR "
			       "0x%08x, IFSR 0x%08x)", name, U(f->pc),
			       U(guest_ifar()), U(guest_ifsr()));
	else if (type == EXC_STACK_SMASHED)
		guest_snprintf(buf, len, "stack smashing detected in a "
			       "function returning to 0x%08x", U(f->pc));
	else
		guest_snprintf(buf, len, "unexpected %s at pc 0x%08x%s", name,
			       U(f->pc), (f->spsr & PSR_T) ? " (Thumb)" : "");
}

void guest_exception_dump(const struct guest_frame *f, const char *prefix)
{
	uint32_t mode = f->spsr & PSR_MODE_MASK;
	uint32_t banked[2] = {0, 0};
	bool have_lr = true;

	if (mode == (guest_read_cpsr() & PSR_MODE_MASK)) {
		banked[0] = (uint32_t)(f + 1); /* SP before the frame was pushed */
		have_lr = false;               /* LR was the exception's */
	} else if (mode != PSR_MODE_HYP && mode != PSR_MODE_MON) {
		guest_read_banked(mode, banked);
	} else {
		have_lr = false;
	}
	for (int i = 0; i < 12; i += 4)
		guest_printf("%sr%-2d 0x%08x  r%-2d 0x%08x  r%-2d 0x%08x  r%-2d "
			     "0x%08x\n", prefix, i, U(f->r[i]), i + 1,
			     U(f->r[i + 1]), i + 2, U(f->r[i + 2]), i + 3,
			     U(f->r[i + 3]));
	if (have_lr)
		guest_printf("%sr12 0x%08x  sp  0x%08x  lr  0x%08x  pc  0x%08x\n",
			     prefix, U(f->r[12]), U(banked[0]), U(banked[1]),
			     U(f->pc));
	else
		guest_printf("%sr12 0x%08x  sp  0x%08x  lr  ?  pc  0x%08x\n",
			     prefix, U(f->r[12]), U(banked[0]), U(f->pc));
}

__attribute__((weak)) void guest_unexpected(unsigned type,
					    struct guest_frame *f)
{
	struct expect_state *e = my_expect();
	char what[160];

	guest_irq_disable();
	if (e->in_fatal++) /* faulted while reporting a fault */
		guest_power_off();
	guest_console_use_uart(0); /* the hypercall: the UART may be why */
	guest_exception_describe(type, f, what, sizeof(what));
	guest_printf("vCPU %u: %s, CPSR 0x%08x (%s)\n", guest_cpu_index(), what,
		     U(f->spsr), guest_mode_name(f->spsr));
	guest_exception_dump(f, "  ");
	guest_fatal("powering off");
}

void guest_exception(unsigned type, struct guest_frame *f)
{
	struct expect_state *e = my_expect();

	if ((e->armed & (1u << type)) && !(f->spsr & PSR_T)) {
		e->armed = 0;
		e->type = (int)type;
		e->pc = f->pc;
		if (type == EXC_DABT) {
			e->far = guest_dfar();
			e->fsr = guest_dfsr();
		} else if (type == EXC_PABT) {
			e->far = guest_ifar();
			e->fsr = guest_ifsr();
		}
		f->pc += 4; /* ARM state: resume after the faulting instruction */
		return;
	}
	guest_unexpected(type, f);
}
