/*
 * ARM PrimeCell UART (PL011) register layout (DDI 0183G, 3.2 and 3.3):
 * offsets and the bits the users need. Meant to be shared by the
 * hypervisor's driver and emulator, the guests and the tests; today the
 * guests (guests/lib) use it.
 */
#ifndef HW_PL011_H
#define HW_PL011_H

#include <tessera/abi_util.h>

#define UART_DR ABI_U(0x000)
#define UART_RSR ABI_U(0x004)
#define UART_FR ABI_U(0x018)
#define UART_IBRD ABI_U(0x024)
#define UART_FBRD ABI_U(0x028)
#define UART_LCR_H ABI_U(0x02c)
#define UART_CR ABI_U(0x030)
#define UART_IFLS ABI_U(0x034)
#define UART_IMSC ABI_U(0x038)
#define UART_RIS ABI_U(0x03c)
#define UART_MIS ABI_U(0x040)
#define UART_ICR ABI_U(0x044)
#define UART_PERIPHID0 ABI_U(0xfe0)
#define UART_PCELLID0 ABI_U(0xff0)

#define UART_DR_ERRORS ABI_U(0xf00) /* OE, BE, PE, FE of the byte read */
#define UART_FR_BUSY (ABI_U(1) << 3)
#define UART_FR_RXFE (ABI_U(1) << 4)
#define UART_FR_TXFF (ABI_U(1) << 5)
#define UART_FR_TXFE (ABI_U(1) << 7)
#define UART_LCR_H_FEN (ABI_U(1) << 4)
#define UART_LCR_H_WLEN8 (ABI_U(3) << 5)
#define UART_CR_UARTEN (ABI_U(1) << 0)
#define UART_CR_TXE (ABI_U(1) << 8)
#define UART_CR_RXE (ABI_U(1) << 9)
#define UART_INT_RX (ABI_U(1) << 4)
#define UART_INT_TX (ABI_U(1) << 5)
#define UART_INT_RT (ABI_U(1) << 6)
#define UART_INT_ALL ABI_U(0x7ff)

#endif
