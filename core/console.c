/*
 * Console output. Messages are formatted with newlib-nano's vsnprintf into a
 * line buffer; a longer message is cut and says so.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <core/console.h>
#include <drivers/uart.h>
#include <stdarg.h>
#include <stdio.h>

#define LINE_MAX 512

static uintptr_t uart;
static enum uart_type uart_type;
static bool locking;
static spinlock_t lock = SPINLOCK_INIT;

void console_init(enum uart_type type, uintptr_t uart_base)
{
	uart = uart_base;
	uart_type = type;
	uart_init(type, uart);
}

void console_enable_locking(void)
{
	locking = true;
}

static void put(const char *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++) {
		if (s[i] == '\n')
			uart_putc(uart_type, uart, '\r');
		uart_putc(uart_type, uart, s[i]);
	}
}

void console_write(const char *s, size_t len)
{
	if (locking)
		spin_lock(&lock);
	put(s, len);
	if (locking)
		spin_unlock(&lock);
}

const char *hex64(char buf[HEX64_LEN], uint64_t v)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	if (hi)
		snprintf(buf, HEX64_LEN, "0x%lx%08lx", (unsigned long)hi,
			 (unsigned long)lo);
	else
		snprintf(buf, HEX64_LEN, "0x%lx", (unsigned long)lo);
	return buf;
}

static void vlog(const char *prefix, const char *fmt, va_list ap, bool newline)
{
	static const char cut[] = " [message truncated]";
	char buf[LINE_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (locking)
		spin_lock(&lock);
	put(prefix, LINE_MAX);
	put(buf, sizeof(buf));
	if (n >= (int)sizeof(buf))
		put(cut, sizeof(cut));
	if (newline)
		put("\n", 1);
	if (locking)
		spin_unlock(&lock);
}

void hyp_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("hyp: ", fmt, ap, true);
	va_end(ap);
}

void hyp_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("", fmt, ap, false);
	va_end(ap);
}

void hyp_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("hyp: PANIC: ", fmt, ap, true);
	va_end(ap);
	hyp_log("system halted");
	cpu_halt();
}
