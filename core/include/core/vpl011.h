/*
 * Virtual PL011 UART (ARM PrimeCell UART r1p5, TRM DDI 0183G): the register
 * model a partition's console UART runs on. It touches no hardware: bytes the
 * guest transmits go to the tx callback, bytes for the guest come in through
 * vpl011_rx(), and the interrupt line is reported through the irq callback.
 * Written for Linux's amba-pl011 driver (AMBA ID probe, startup, console
 * write polling FR, earlycon "pl011", TX and RX interrupts).
 *
 * Register map (offsets in the 4 KB frame; every register is 32 bits):
 *
 *   0x000 DR     write: transmit data[7:0] when CR.UARTEN and CR.TXE are
 *                       set (with CR.LBE the byte loops back into the RX
 *                       FIFO instead), else the byte is dropped (tx_dropped).
 *                read:  pop the RX FIFO: data in [7:0], error bits [11:8]
 *                       always 0; 0 when the FIFO is empty.
 *   0x004 RSR    read 0 (no errors are ever flagged); write (ECR) clears: no-op
 *   0x018 FR     RO: TXFE=1, TXFF=0, BUSY=0 always (transmission is
 *                instantaneous); RXFE/RXFF from the RX FIFO; the modem
 *                inputs read as a terminal that is attached and ready:
 *                CTS=1, DSR=1, DCD=1, RI=0. Reset value 0x97.
 *   0x020 ILPR   RW [7:0]
 *   0x024 IBRD   RW [15:0]
 *   0x028 FBRD   RW [5:0]      (baud rate is stored, nothing else)
 *   0x02c LCR_H  RW [7:0]      FEN (bit 4): 32-deep RX FIFO, else a
 *                              1-deep holding register
 *   0x030 CR     RW [15:0] without the reserved bits 6:3; reset 0x300
 *                (TXE|RXE, UARTEN clear)
 *   0x034 IFLS   RW [5:0]      reset 0x12 (both levels 1/2)
 *   0x038 IMSC   RW [10:0]
 *   0x03c RIS    RO
 *   0x040 MIS    RO            RIS & IMSC
 *   0x044 ICR    WO            write 1 to clear RIS bits
 *   0x048 DMACR  RW [2:0]      stored; there is no DMA
 *   0xfe0-0xfec  PeriphID0-3   0x11 0x10 0x34 0x00 (PL011 r1p5)
 *   0xff0-0xffc  PCellID0-3    0x0d 0xf0 0x05 0xb1
 *   anything else              reads 0, writes ignored
 *
 * Accesses of 1, 2 or 4 bytes, aligned to their size, address byte lanes of
 * the little-endian 32-bit register containing them (a 16-bit write to CR
 * changes CR[15:0] only). DR reads pop the FIFO only when they include byte 0
 * (the data); DR writes transmit only when they include byte 0. Other sizes
 * and unaligned accesses return MMIO_DEVICE_ERROR.
 *
 * Receive: vpl011_rx() queues one byte when the receiver is enabled
 * (CR.UARTEN and CR.RXE), not in loopback (CR.LBE: the receiver then hears
 * only the transmitter) and the FIFO has room (32 with LCR_H.FEN, else 1).
 * Otherwise the byte is not taken and vpl011_rx() returns false: the caller
 * keeps or reports it (vpl011_rx_space() says how many bytes fit now; 0
 * while the receiver is disabled). No overrun is ever flagged to the guest.
 * Turning FEN off with bytes queued keeps them; the FIFO reads as full until
 * the guest has read them out.
 *
 * Interrupts (RIS bits; the line is (RIS & IMSC) != 0):
 *   RXRIS (4)  set when a byte arrives and the FIFO then holds at least the
 *              IFLS.RXIFLSEL level (4, 8, 16, 24, 28 bytes for 1/8..7/8 of
 *              32; reserved values count as 7/8; with FEN clear, 1 byte);
 *              cleared as soon as the FIFO holds fewer, or by ICR.
 *   RTRIS (6)  receive timeout. There is no bit clock, so a byte that is
 *              waiting has always timed out: set when a byte arrives,
 *              cleared when the FIFO empties or by ICR (after ICR it stays
 *              clear until the next byte arrives, as the hardware's timeout
 *              restarts only with new data).
 *   TXRIS (5)  "the TX FIFO is at or below its trigger level". The FIFO is
 *              always empty here, so this follows the hardware's events:
 *              set when the transmitter becomes enabled (CR.UARTEN and
 *              CR.TXE both set, after not both) and after every transmitted
 *              DR write (the byte leaves at once, so the FIFO has drained
 *              past the level); cleared only by ICR.TXIC. Linux never
 *              writes TXIC while transmitting: current kernels write DR
 *              while FR.TXFF is clear (always here), so they send the whole
 *              buffer from start_tx and never unmask TXIM. Older kernels
 *              prime TXRIS at startup with a loopback DR write, unmask
 *              TXIM in start_tx and send 16 bytes per interrupt, finding
 *              TXRIS still set, until the buffer is empty and they mask
 *              TXIM again. Either way TXIM is
 *              masked when there is nothing to send, so there is no
 *              interrupt storm; a driver that acknowledges each TX
 *              interrupt with TXIC gets the next one after its next DR
 *              write, as on hardware.
 *   modem and error bits (0-3, 7-10) are never set.
 * The irq callback is called with false by vpl011_init() and afterwards only
 * when the line changes level.
 *
 * A guest started directly by the hypervisor has no firmware to enable its
 * UART, and Linux's earlycon never enables it: the caller should call
 * vpl011_boot_enable() after vpl011_init(), to leave the UART as a boot
 * loader would, or earlycon output is dropped.
 *
 * No locking: the caller serialises vpl011_access() and vpl011_rx(). The
 * callbacks run inside them; either may be NULL.
 */
#ifndef CORE_VPL011_H
#define CORE_VPL011_H

#include <core/mmio.h>
#include <stdbool.h>
#include <stdint.h>

#define VPL011_SIZE 0x1000u
#define VPL011_FIFO_DEPTH 32u

/* Register offsets */
#define VPL011_DR 0x000
#define VPL011_RSR 0x004
#define VPL011_FR 0x018
#define VPL011_ILPR 0x020
#define VPL011_IBRD 0x024
#define VPL011_FBRD 0x028
#define VPL011_LCR_H 0x02c
#define VPL011_CR 0x030
#define VPL011_IFLS 0x034
#define VPL011_IMSC 0x038
#define VPL011_RIS 0x03c
#define VPL011_MIS 0x040
#define VPL011_ICR 0x044
#define VPL011_DMACR 0x048
#define VPL011_PERIPHID0 0xfe0
#define VPL011_PCELLID0 0xff0

/* FR */
#define VPL011_FR_CTS (1u << 0)
#define VPL011_FR_DSR (1u << 1)
#define VPL011_FR_DCD (1u << 2)
#define VPL011_FR_BUSY (1u << 3)
#define VPL011_FR_RXFE (1u << 4)
#define VPL011_FR_TXFF (1u << 5)
#define VPL011_FR_RXFF (1u << 6)
#define VPL011_FR_TXFE (1u << 7)
#define VPL011_FR_RI (1u << 8)

/* LCR_H */
#define VPL011_LCR_H_FEN (1u << 4)

/* CR */
#define VPL011_CR_UARTEN (1u << 0)
#define VPL011_CR_LBE (1u << 7)
#define VPL011_CR_TXE (1u << 8)
#define VPL011_CR_RXE (1u << 9)
#define VPL011_CR_MASK 0xff87u
#define VPL011_CR_RESET (VPL011_CR_TXE | VPL011_CR_RXE)

#define VPL011_IFLS_RESET 0x12u

/* Interrupt bits of IMSC, RIS, MIS and ICR */
#define VPL011_INT_RX (1u << 4)
#define VPL011_INT_TX (1u << 5)
#define VPL011_INT_RT (1u << 6)
#define VPL011_INT_ALL 0x7ffu

struct vpl011 {
	/* registers */
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
	/* RX FIFO: rx_count bytes from rx_fifo[rx_head], wrapping */
	uint8_t rx_fifo[VPL011_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	uint32_t tx_dropped; /* DR writes while the transmitter was disabled */
	bool line;           /* level last passed to irq */
	void (*tx)(void *ctx, char c);
	void (*irq)(void *ctx, bool level);
	void *ctx;
};

/* Reset state; calls irq(ctx, false). tx and irq may be NULL. */
void vpl011_init(struct vpl011 *u, void (*tx)(void *, char),
		 void (*irq)(void *, bool), void *ctx);
/* mmio_fn for a 4 KB frame; dev is a struct vpl011. */
int vpl011_access(void *dev, struct mmio_access *a);
/* Queues a byte for the guest; false when the RX FIFO is full or the
 * receiver is disabled (the byte was not taken). */
bool vpl011_rx(struct vpl011 *u, char c);
/* Bytes vpl011_rx() would take now. */
unsigned vpl011_rx_space(const struct vpl011 *u);
/*
 * FR as a read returns it. Changes nothing, so a caller may read it
 * without the lock the other entry points need: each field it looks at is
 * one aligned word, read once, and the result is a state the UART was in
 * or passes through (the receive FIFO's level moved since: as if read a
 * moment earlier or later). A guest polls FR before each byte it sends.
 */
uint32_t vpl011_fr(const struct vpl011 *u);
/*
 * The lock-free path of vpl011_access() for a valid read of FR, of any
 * size (Linux's amba-pl011 reads it with 16-bit accesses): fills a->data
 * and returns true; false for any other access (take the lock and call
 * vpl011_access()).
 */
bool vpl011_read_fr(const struct vpl011 *u, struct mmio_access *a);
/*
 * The state a boot loader leaves the UART in: CR.UARTEN, TXE and RXE set,
 * exactly as if the guest had written them to CR (so TXRIS is set as the
 * transmitter becomes enabled).
 */
void vpl011_boot_enable(struct vpl011 *u);

struct partition;
/*
 * core/vpl011_attach.c: gives partition p its console UART when its
 * console is "virtual" (else nothing). Returns 0 or a vdev_attach() error.
 */
int vpl011_attach(struct partition *p);

#endif
