/* ARM PrimeCell UART (PL011), r1p5 TRM DDI 0183. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <stdbool.h>
#include <stdint.h>

#define UART_DR 0x000
#define UART_RSR 0x004
#define UART_FR 0x018
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048

#define UART_FR_BUSY (1u << 3)
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_FR_TXFE (1u << 7)

#define UART_LCR_H_FEN (1u << 4)

#define UART_IMSC_RXIM (1u << 4)
#define UART_IMSC_RTIM (1u << 6)

#define UART_CR_UARTEN (1u << 0)
#define UART_CR_TXE (1u << 8)
#define UART_CR_RXE (1u << 9)

void pl011_init(uintptr_t base);
void pl011_putc(uintptr_t base, char c);
/*
 * Up to PL011_TX_BURST bytes with one FR poll: waits until the transmit
 * FIFO is empty (FR.TXFE), then fills it. Every PL011 has a 16-byte FIFO
 * (TRM DDI 0183G 2.4.2; pl011_init() enables it), so nothing is lost.
 */
#define PL011_TX_BURST 16
void pl011_write_burst(uintptr_t base, const char *s, unsigned n);
void pl011_flush(uintptr_t base);
/* Receive interrupts (RX level and timeout) on. */
void pl011_enable_rx_irq(uintptr_t base);
/* Takes one received byte; false when the receive FIFO is empty. */
bool pl011_getc(uintptr_t base, char *c);

#endif
