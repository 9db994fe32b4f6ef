/*
 * Output: a small formatter, the PL011 (polled, a bounded wait per byte so
 * that a stuck UART never hangs the program), and the fatal path through
 * the console hypercall followed by PSCI SYSTEM_OFF. Also the exception
 * report and what libfdt needs from the runtime.
 */
#include "rt.h"

#include <string.h>

#define UART_BYTE_TIMEOUT_US 10000u /* give up on a byte after 10 ms */

static uint32_t uart_base;

/* ---------------------------------------------------------------- format */
struct out {
	char *buf;
	size_t len, pos; /* pos may pass len: the length it would have had */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool neg,
		    unsigned width, char pad)
{
	char digits[24];
	unsigned n = 0;

	do {
		unsigned d = (unsigned)(v % base);

		digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		digits[n++] = '-';
	while (width > n) {
		put(o, pad);
		width--;
	}
	while (n)
		put(o, digits[--n]);
}

size_t rt_vformat(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = {buf, len, 0};

	for (const char *f = fmt; *f; f++) {
		unsigned width = 0, longs = 0;
		int prec = -1;
		char pad = ' ';
		uint64_t u;
		int64_t s;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		if (*f == '0') {
			pad = '0';
			f++;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f++ - '0');
		if (*f == '.') { /* precision: for %s only */
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			}
			while (*f >= '0' && *f <= '9')
				prec = prec * 10 + (*f++ - '0');
		}
		while (*f == 'l') {
			longs++;
			f++;
		}
		switch (*f) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			for (; *str && prec != 0; prec--)
				put(&o, *str++);
			break;
		}
		case 'd':
			s = longs >= 2 ? va_arg(ap, long long)
			    : longs    ? va_arg(ap, long)
				       : va_arg(ap, int);
			put_num(&o, s < 0 ? 0 - (uint64_t)s : (uint64_t)s, 10,
				s < 0, width, pad);
			break;
		case 'u':
		case 'x':
			u = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned);
			put_num(&o, u, *f == 'x' ? 16 : 10, false, width, pad);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--; /* a lone '%' at the end */
			break;
		default:
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.pos < len ? o.pos : (len ? len - 1 : 0);
}

size_t rt_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = rt_vformat(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

const char *rt_fmt_us(char *buf, size_t len, uint64_t us)
{
	if (us && us % 1000000u == 0)
		rt_snprintf(buf, len, "%llu s", (unsigned long long)(us / 1000000u));
	else if (us && us % 1000u == 0)
		rt_snprintf(buf, len, "%llu ms", (unsigned long long)(us / 1000u));
	else
		rt_snprintf(buf, len, "%llu us", (unsigned long long)us);
	return buf;
}

/* ---------------------------------------------------------------- output */
static void hc_write(const char *s, size_t n)
{
	while (n > 0) {
		int32_t r = (int32_t)rt_hvc(HC_CONSOLE_WRITE, (uint32_t)s, n, 0);

		if (r <= 0 || (size_t)r > n)
			return;
		s += r;
		n -= (size_t)r;
	}
}

void rt_uart_init(uint32_t base)
{
	uint32_t cr = rt_ld32(base + UART_CR);
	uint32_t on = UART_CR_UARTEN | UART_CR_TXE;

	/* Left enabled by the boot loader (or the hypervisor); if not, the
	 * transmitter at least. */
	if ((cr & on) != on)
		rt_st32(base + UART_CR, cr | on);
	uart_base = base;
}

int rt_uart_getc(void)
{
	if (!uart_base || (rt_ld32(uart_base + UART_FR) & UART_FR_RXFE))
		return -1;
	return (int)(rt_ld32(uart_base + UART_DR) & 0xffu);
}

static void uart_putc(char c)
{
	uint32_t frq = rt_cntfrq();
	uint64_t start = rt_cntvct();
	uint64_t limit = (uint64_t)frq * UART_BYTE_TIMEOUT_US / 1000000u;
	unsigned spins = 0;

	while (rt_ld32(uart_base + UART_FR) & UART_FR_TXFF) {
		if (limit ? rt_cntvct() - start > limit : ++spins > 100000u)
			return; /* drop the byte rather than hang */
	}
	rt_st32(uart_base + UART_DR, (uint8_t)c);
}

void rt_printf(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = rt_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!uart_base) {
		hc_write(buf, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n')
			uart_putc('\r'); /* for a real terminal; dropped when
					    virtual */
		uart_putc(buf[i]);
	}
}

/* ---------------------------------------------------------------- fatal */
static volatile uint32_t in_fatal;

static void __attribute__((noreturn)) power_off(void)
{
	rt_hvc(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	rt_park();
}

void rt_fatal(const char *fmt, ...)
{
	char buf[240];
	va_list ap;
	size_t n;

	rt_irq_disable();
	if (in_fatal++)
		power_off();
	va_start(ap, fmt);
	n = rt_vformat(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	hc_write(buf, n);
	power_off();
}

void rt_exception(uint32_t type, uint32_t pc, uint32_t spsr)
{
	static const char *const names[] = {
		"reset", "undefined instruction", "supervisor call",
		"prefetch abort", "data abort", "unused vector (0x14)", "IRQ",
		"FIQ",
	};
	const char *name = type < 8 ? names[type] : "exception";

	if (type == RT_EXC_DABT)
		rt_fatal("unexpected %s at pc 0x%08x (DFAR 0x%08x, DFSR 0x%x, "
			 "CPSR 0x%08x); powering off", name, (unsigned)pc,
			 (unsigned)RT_CP15_RD(0, c6, c0, 0),
			 (unsigned)RT_CP15_RD(0, c5, c0, 0), (unsigned)spsr);
	if (type == RT_EXC_PABT)
		rt_fatal("unexpected %s at pc 0x%08x (IFAR 0x%08x, IFSR 0x%x, "
			 "CPSR 0x%08x); powering off", name, (unsigned)pc,
			 (unsigned)RT_CP15_RD(0, c6, c0, 2),
			 (unsigned)RT_CP15_RD(0, c5, c0, 1), (unsigned)spsr);
	rt_fatal("unexpected %s at pc 0x%08x (CPSR 0x%08x); powering off",
		 name, (unsigned)pc, (unsigned)spsr);
}

/* ---------------------------------------------------------------- runtime */
/* For libfdt (built with the stack protector) and our own code. */
uintptr_t __stack_chk_guard = 0x7e51a900u;
void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void)
{
	rt_fatal("stack smashing detected in a function returning to 0x%08x; "
		 "powering off", (unsigned)__builtin_return_address(0));
}
