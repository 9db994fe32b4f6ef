/*
 * Console: output through the console hypercall or a polled PL011, and the
 * fatal path. The formatter is in format.c.
 */
#include <guest/guest.h>
#include <hw/pl011.h>


#define UART_BYTE_TIMEOUT_US 10000u /* give up on a byte after 10 ms */

static uint32_t uart_base;

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
