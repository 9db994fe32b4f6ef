/*
 * PL011 polled output for the hypervisor's own console. The boot loader (or
 * QEMU) has set the baud rate; we only make sure the UART transmits.
 */
#include <drivers/mmio.h>
#include <drivers/pl011.h>

void pl011_init(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + UART_CR);
	uint32_t want = UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE;
	uint32_t lcr = mmio_read32(base + UART_LCR_H);

	/*
	 * FIFOs on, so console input typed in a burst is not lost. The TRM
	 * asks for the UART to be disabled while LCR_H changes.
	 */
	if (!(lcr & UART_LCR_H_FEN)) {
		pl011_flush(base);
		mmio_write32(base + UART_CR, cr & ~UART_CR_UARTEN);
		mmio_write32(base + UART_LCR_H, lcr | UART_LCR_H_FEN);
	}
	mmio_write32(base + UART_CR, cr | want);
}

void pl011_putc(uintptr_t base, char c)
{
	while (mmio_read32(base + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(base + UART_DR, (uint8_t)c);
}

void pl011_write_burst(uintptr_t base, const char *s, unsigned n)
{
	while (!(mmio_read32(base + UART_FR) & UART_FR_TXFE))
		;
	for (unsigned i = 0; i < n && i < PL011_TX_BURST; i++)
		mmio_write32(base + UART_DR, (uint8_t)s[i]);
}

void pl011_flush(uintptr_t base)
{
	while (mmio_read32(base + UART_FR) & UART_FR_BUSY)
		;
}

void pl011_enable_rx_irq(uintptr_t base)
{
	mmio_write32(base + UART_IMSC, mmio_read32(base + UART_IMSC) |
					       UART_IMSC_RXIM | UART_IMSC_RTIM);
}

bool pl011_getc(uintptr_t base, char *c)
{
	if (mmio_read32(base + UART_FR) & UART_FR_RXFE)
		return false;
	*c = (char)(mmio_read32(base + UART_DR) & 0xff);
	return true;
}
