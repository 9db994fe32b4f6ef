/*
 * The hypervisor's console UART, whichever kind the host's stdout-path
 * names: polled output, interrupt-driven input (docs/boards.md).
 */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stdbool.h>
#include <stdint.h>

enum uart_type {
	UART_PL011,  /* "arm,pl011": vexpress, virt, TC2 */
	UART_EXYNOS, /* "samsung,exynos4210-uart": Arndale */
};

void uart_init(enum uart_type t, uintptr_t base);
void uart_putc(enum uart_type t, uintptr_t base, char c);
/*
 * Up to UART_TX_BURST bytes at once: with a transmit FIFO (PL011) one poll
 * for room, then the bytes; otherwise byte by byte.
 */
#define UART_TX_BURST 16
void uart_write_burst(enum uart_type t, uintptr_t base, const char *s,
		      unsigned n);
/* Waits until everything written has left the UART. */
void uart_flush(enum uart_type t, uintptr_t base);
void uart_enable_rx_irq(enum uart_type t, uintptr_t base);
/* Takes one received byte; false when there is none. */
bool uart_getc(enum uart_type t, uintptr_t base, char *c);

#endif
