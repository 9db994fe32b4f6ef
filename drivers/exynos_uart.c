/*
 * Samsung Exynos UART for the hypervisor's console. The boot loader has set
 * the clock, baud rate and line format (U-Boot: 115200 8N1); we make sure
 * both directions are in interrupt/polling mode and the FIFOs are on, and
 * leave the rest alone.
 */
#include <drivers/exynos_uart.h>
#include <drivers/mmio.h>
#include <hw/exynos_uart.h>

static bool fifo_on(uintptr_t base)
{
	return mmio_read32(base + UFCON) & UFCON_FIFO_EN;
}

void exynos_uart_init(uintptr_t base)
{
	uint32_t ucon = mmio_read32(base + UCON);
	uint32_t want = (ucon & ~(UCON_RXMODE_MASK | UCON_TXMODE_MASK)) |
			UCON_RXMODE_IRQ | UCON_TXMODE_IRQ;

	/* No interrupt until the console asks for input interrupts. */
	mmio_write32(base + UINTM, UINT_ALL);
	mmio_write32(base + UINTP, UINT_ALL);
	if (!fifo_on(base)) {
		/* Let the single-byte holding register drain first. */
		exynos_uart_flush(base);
		mmio_write32(base + UFCON, UFCON_FIFO_EN | UFCON_RX_FIFO_RESET |
						   UFCON_TX_FIFO_RESET);
	}
	if (want != ucon)
		mmio_write32(base + UCON, want);
}

void exynos_uart_putc(uintptr_t base, char c)
{
	if (fifo_on(base)) {
		while (mmio_read32(base + UFSTAT) & UFSTAT_TX_FULL)
			;
	} else {
		while (!(mmio_read32(base + UTRSTAT) & UTRSTAT_TX_BUF_EMPTY))
			;
	}
	mmio_write32(base + UTXH, (uint8_t)c);
}

void exynos_uart_flush(uintptr_t base)
{
	while (!(mmio_read32(base + UTRSTAT) & UTRSTAT_TX_EMPTY))
		;
}

void exynos_uart_enable_rx_irq(uintptr_t base)
{
	/*
	 * Level-triggered RX, so the line stays up while the FIFO holds
	 * data; the timeout reports a few bytes below the trigger level.
	 */
	mmio_write32(base + UCON, mmio_read32(base + UCON) |
					  UCON_RX_TIMEOUT_EN |
					  UCON_RX_IRQ_LEVEL);
	mmio_write32(base + UINTP, UINT_RXD | UINT_ERROR);
	mmio_write32(base + UINTM, UINT_ALL & ~UINT_RXD);
}

static bool rx_ready(uintptr_t base)
{
	if (fifo_on(base))
		return mmio_read32(base + UFSTAT) &
		       (UFSTAT_RX_COUNT_MASK | UFSTAT_RX_FULL);
	return mmio_read32(base + UTRSTAT) & UTRSTAT_RX_READY;
}

bool exynos_uart_getc(uintptr_t base, char *c)
{
	if (!rx_ready(base)) {
		/*
		 * Drained: acknowledge, then look again, so a byte that
		 * came in just before the acknowledgement is not left
		 * without an interrupt.
		 */
		mmio_write32(base + UINTP, UINT_RXD | UINT_ERROR);
		if (!rx_ready(base))
			return false;
	}
	*c = (char)(mmio_read32(base + URXH) & 0xff);
	return true;
}
