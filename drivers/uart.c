/* The console UART: one switch per operation over the supported kinds. */
#include <drivers/exynos_uart.h>
#include <drivers/pl011.h>
#include <drivers/uart.h>

void uart_init(enum uart_type t, uintptr_t base)
{
	if (t == UART_EXYNOS)
		exynos_uart_init(base);
	else
		pl011_init(base);
}

void uart_putc(enum uart_type t, uintptr_t base, char c)
{
	if (t == UART_EXYNOS)
		exynos_uart_putc(base, c);
	else
		pl011_putc(base, c);
}

void uart_write_burst(enum uart_type t, uintptr_t base, const char *s,
		      unsigned n)
{
	if (t != UART_EXYNOS) {
		pl011_write_burst(base, s, n);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		exynos_uart_putc(base, s[i]);
}

void uart_flush(enum uart_type t, uintptr_t base)
{
	if (t == UART_EXYNOS)
		exynos_uart_flush(base);
	else
		pl011_flush(base);
}

void uart_enable_rx_irq(enum uart_type t, uintptr_t base)
{
	if (t == UART_EXYNOS)
		exynos_uart_enable_rx_irq(base);
	else
		pl011_enable_rx_irq(base);
}

bool uart_getc(enum uart_type t, uintptr_t base, char *c)
{
	if (t == UART_EXYNOS)
		return exynos_uart_getc(base, c);
	return pl011_getc(base, c);
}
