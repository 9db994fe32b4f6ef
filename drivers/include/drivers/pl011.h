/* ARM PrimeCell UART (PL011), r1p5 TRM DDI 0183. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <stdbool.h>
#include <stdint.h>

#include <hw/pl011.h>

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
