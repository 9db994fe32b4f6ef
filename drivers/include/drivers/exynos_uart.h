/* Samsung Exynos UART ("samsung,exynos4210-uart"); include/hw/exynos_uart.h */
#ifndef DRIVERS_EXYNOS_UART_H
#define DRIVERS_EXYNOS_UART_H

#include <stdbool.h>
#include <stdint.h>

void exynos_uart_init(uintptr_t base);
void exynos_uart_putc(uintptr_t base, char c);
void exynos_uart_flush(uintptr_t base);
/* Receive interrupts (FIFO level and timeout) on, the others masked. */
void exynos_uart_enable_rx_irq(uintptr_t base);
/* Takes one received byte; false when the receive FIFO is empty. */
bool exynos_uart_getc(uintptr_t base, char *c);

#endif
