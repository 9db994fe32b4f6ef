/*
 * Samsung S3C/S5P/Exynos UART register layout, as the Exynos 4210 and 5250
 * user manuals name it (chapter "UART"); Linux's binding calls this block
 * "samsung,exynos4210-uart". Offsets from the UART's base; 32-bit registers.
 * Plain integer constants: boot/entry.S includes it too.
 */
#ifndef HW_EXYNOS_UART_H
#define HW_EXYNOS_UART_H

#define ULCON 0x00    /* line control: word length, parity, stop bits */
#define UCON 0x04     /* control: receive and transmit modes, interrupts */
#define UFCON 0x08    /* FIFO control */
#define UMCON 0x0c    /* modem control */
#define UTRSTAT 0x10  /* transmit/receive status */
#define UERSTAT 0x14  /* receive error status (read clears) */
#define UFSTAT 0x18   /* FIFO status */
#define UMSTAT 0x1c   /* modem status */
#define UTXH 0x20     /* transmit buffer */
#define URXH 0x24     /* receive buffer */
#define UBRDIV 0x28   /* baud rate divisor */
#define UFRACVAL 0x2c /* baud rate divisor, fractional part */
#define UINTP 0x30    /* interrupt pending (write 1 to clear) */
#define UINTSP 0x34   /* interrupt source pending (before the mask) */
#define UINTM 0x38    /* interrupt mask (1 = masked) */

/* UCON: bits [1:0] receive and [3:2] transmit mode, 01 = interrupt/polling */
#define UCON_RXMODE_MASK (3 << 0)
#define UCON_RXMODE_IRQ (1 << 0)
#define UCON_TXMODE_MASK (3 << 2)
#define UCON_TXMODE_IRQ (1 << 2)
#define UCON_RX_ERR_IRQ_EN (1 << 6)
#define UCON_RX_TIMEOUT_EN (1 << 7) /* RX interrupt for a part-full FIFO */
#define UCON_RX_IRQ_LEVEL (1 << 8)
#define UCON_TX_IRQ_LEVEL (1 << 9)

/* UFCON */
#define UFCON_FIFO_EN (1 << 0)
#define UFCON_RX_FIFO_RESET (1 << 1)
#define UFCON_TX_FIFO_RESET (1 << 2)

/* UTRSTAT */
#define UTRSTAT_RX_READY (1 << 0)    /* receive buffer holds data */
#define UTRSTAT_TX_BUF_EMPTY (1 << 1) /* transmit buffer (FIFO) empty */
#define UTRSTAT_TX_EMPTY (1 << 2)     /* ... and the shifter too */

/* UFSTAT, Exynos 4210 layout (the 5250 UARTs use it too) */
#define UFSTAT_RX_COUNT_MASK (0xff << 0)
#define UFSTAT_RX_FULL (1 << 8)
#define UFSTAT_RX_ERROR (1 << 9)
#define UFSTAT_TX_COUNT_MASK (0xff << 16)
#define UFSTAT_TX_FULL (1 << 24)

/* UINTP, UINTSP, UINTM */
#define UINT_RXD (1 << 0)
#define UINT_ERROR (1 << 1)
#define UINT_TXD (1 << 2)
#define UINT_MODEM (1 << 3)
#define UINT_ALL (UINT_RXD | UINT_ERROR | UINT_TXD | UINT_MODEM)

#endif
