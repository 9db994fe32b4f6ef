/*
 * Console: the formatter, output through the console hypercall or a polled
 * PL011, and the fatal path.
 */
#include <guest/guest.h>
#include <hw/pl011.h>

#include <stdbool.h>

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

static void pad_to(struct out *o, unsigned have, unsigned width, char pad)
{
	for (; have < width; have++)
		put(o, pad);
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool neg,
		    unsigned width, char pad, bool left)
{
	char digits[24];
	unsigned n = 0, shown;

	do {
		unsigned d = (unsigned)(v % base);

		digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg && pad == '0')
		put(o, '-'); /* before the zeros */
	else if (neg)
		digits[n++] = '-';
	shown = n + (neg && pad == '0');
	if (!left)
		pad_to(o, shown, width, pad);
	for (unsigned i = n; i; i--)
		put(o, digits[i - 1]);
	if (left)
		pad_to(o, shown, width, ' ');
}

size_t guest_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = {buf, len, 0};

	for (const char *f = fmt; *f; f++) {
		unsigned width = 0, longs = 0;
		bool left = false;
		int prec = -1;
		char pad = ' ';
		uint64_t u;
		int64_t s;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		for (;; f++) {
			if (*f == '0')
				pad = '0';
			else if (*f == '-')
				left = true;
			else
				break;
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
		for (; *f == 'l' || *f == 'z'; f++)
			longs += *f == 'l'; /* size_t is unsigned int here */
		switch (*f) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			unsigned n = 0;

			if (!str)
				str = "(null)";
			while (str[n] && (prec < 0 || n < (unsigned)prec))
				n++;
			if (!left)
				pad_to(&o, n, width, ' ');
			for (unsigned i = 0; i < n; i++)
				put(&o, str[i]);
			if (left)
				pad_to(&o, n, width, ' ');
			break;
		}
		case 'd':
			s = longs >= 2 ? va_arg(ap, long long)
			    : longs    ? va_arg(ap, long)
				       : va_arg(ap, int);
			put_num(&o, s < 0 ? 0 - (uint64_t)s : (uint64_t)s, 10,
				s < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned);
			put_num(&o, u, *f == 'x' ? 16 : 10, false, width, pad,
				left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, 8,
				'0', false);
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

size_t guest_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

const char *guest_fmt_us(char *buf, size_t len, uint64_t us)
{
	if (us && us % 1000000u == 0)
		guest_snprintf(buf, len, "%llu s",
			       (unsigned long long)(us / 1000000u));
	else if (us && us % 1000u == 0)
		guest_snprintf(buf, len, "%llu ms",
			       (unsigned long long)(us / 1000u));
	else
		guest_snprintf(buf, len, "%llu us", (unsigned long long)us);
	return buf;
}

/* ---------------------------------------------------------------- output */
void guest_hc_write(const char *s, size_t n)
{
	while (n > 0) {
		int32_t r = (int32_t)guest_hvc(HC_CONSOLE_WRITE, (uint32_t)s,
					       n, 0);

		if (r <= 0 || (size_t)r > n)
			return;
		s += r;
		n -= (size_t)r;
	}
}

void guest_console_use_uart(uint32_t base)
{
	if (base) {
		uint32_t cr = guest_ld32(base + UART_CR);
		uint32_t on = UART_CR_UARTEN | UART_CR_TXE;

		/* Left enabled by the boot loader (or the hypervisor); if
		 * not, the transmitter at least. */
		if ((cr & on) != on)
			guest_st32(base + UART_CR, cr | on);
	}
	uart_base = base;
}

static void uart_putc(char c)
{
	uint64_t limit = guest_us_to_ticks(UART_BYTE_TIMEOUT_US);
	uint64_t start = guest_cntvct();
	unsigned spins = 0;

	while (guest_ld32(uart_base + UART_FR) & UART_FR_TXFF) {
		if (limit ? guest_cntvct() - start > limit : ++spins > 100000u)
			return; /* drop the byte rather than hang */
	}
	guest_st32(uart_base + UART_DR, (uint8_t)c);
}

/* A bounded, re-entrant lock: output must never hang the program. */
static volatile uint32_t console_owner; /* vCPU index + 1, 0 = free */

static bool console_lock(void)
{
	uint32_t me = guest_cpu_index() + 1;

	if (!(guest_read_sctlr() & SCTLR_M))
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

void guest_console_write(const char *s, size_t n)
{
	bool locked = console_lock();

	if (!uart_base) {
		guest_hc_write(s, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\n')
				uart_putc('\r'); /* for a real terminal */
			uart_putc(s[i]);
		}
	}
	console_unlock(locked);
}

void guest_printf(const char *fmt, ...)
{
	char buf[320];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n == sizeof(buf) - 1) /* perhaps truncated: keep the line end */
		buf[n - 1] = '\n';
	guest_console_write(buf, n);
}

/* ---------------------------------------------------------------- fatal */
void guest_fatal(const char *fmt, ...)
{
	char buf[240];
	va_list ap;
	size_t n;

	guest_irq_disable();
	va_start(ap, fmt);
	n = guest_vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	guest_hc_write(buf, n);
	guest_power_off();
}
