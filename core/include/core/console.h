/* The hypervisor's own console: log lines prefixed "hyp: ". */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <drivers/uart.h>
#include <stdint.h>

void console_init(enum uart_type type, uintptr_t uart_base);
/* Serialise output between CPUs; only once every CPU has its MMU on. */
void console_enable_locking(void);
/* len bytes of s (up to a NUL), '\n' as "\r\n"; a call's bytes stay together. */
void console_write(const char *s, size_t len);
/* Returns when everything written so far has reached the UART. */
void console_sync(void);

/*
 * newlib-nano's printf has no 64-bit conversions: physical addresses are
 * formatted with this into a caller's buffer ("0x1c090000").
 */
#define HEX64_LEN 19
const char *hex64(char buf[HEX64_LEN], uint64_t v);

void hyp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like hyp_log but without the prefix or newline, for multi-part dumps. */
void hyp_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hyp_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
