/*
 * Console output: a small formatter, and printing either through the
 * console hypercall (the default: it needs nothing from the device tree) or
 * to a PL011 by polling (guest_console_use_uart), with a bounded wait per
 * byte so that a stuck UART never hangs the program. Lines from several
 * vCPUs do not interleave (a bounded lock, once the MMU is on).
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Formats into buf (always terminated); returns the length written. Knows
 * %%, %c, %s (with a precision, %.*s), %d, %u, %x, %p, a '-' or '0' flag, a
 * width and 'l', 'll' or 'z'. */
size_t guest_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
size_t guest_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Microseconds as "1 s", "250 ms", "1500 us". */
const char *guest_fmt_us(char *buf, size_t len, uint64_t us);

/* From now on, print to the PL011 at base (0: back to the hypercall). */
void guest_console_use_uart(uint32_t base);
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_console_write(const char *s, size_t n);
/* Through the console hypercall whatever the console is. */
void guest_hc_write(const char *s, size_t n);

/* Prints the message and a newline through the console hypercall (which
 * works before and after anything else), then PSCI SYSTEM_OFF. */
void guest_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
