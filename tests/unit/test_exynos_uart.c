/*
 * Host unit tests for the Exynos UART driver (drivers/exynos_uart.c), run
 * against a register fake: there is no Exynos machine with virtualization
 * in QEMU, so this is the driver's test (docs/boards.md). The fake keeps
 * the registers the driver touches, a transmit log, a receive FIFO, and
 * counts of status reads during which the transmitter stays busy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* The driver's register accessors go to the fake instead of memory. */
#define DRIVERS_MMIO_H
static uint32_t mmio_read32(uintptr_t addr);
static void mmio_write32(uintptr_t addr, uint32_t v);
#include "../../drivers/exynos_uart.c"

#define BASE 0x12c20000u

static struct fake {
	uint32_t ulcon, ucon, ufcon, uintp, uintm;
	/* reads of UFSTAT (FIFO) or UTRSTAT (no FIFO) still showing full */
	unsigned tx_busy_reads;
	/* reads of UTRSTAT before TX_EMPTY (shifter idle) shows */
	unsigned tx_drain_reads;
	char tx[64];
	unsigned nr_tx;
	bool tx_overrun; /* UTXH written while the fake said full */
	char rx[300];
	unsigned rx_head, rx_len;
	/* a byte that arrives when UINTP is acknowledged (the race) */
	int arrive_on_ack;
	/* writes, in order: offset of each */
	uint32_t wr[32];
	unsigned nr_wr;
} f;

static void reset_fake(void)
{
	memset(&f, 0, sizeof(f));
	f.arrive_on_ack = -1;
}

static void rx_push(const char *s)
{
	for (; *s; s++)
		f.rx[(f.rx_head + f.rx_len++) % sizeof(f.rx)] = *s;
}

static uint32_t mmio_read32(uintptr_t addr)
{
	bool fifo = f.ufcon & UFCON_FIFO_EN;
	uint32_t v = 0;

	switch (addr - BASE) {
	case UCON:
		return f.ucon;
	case UFCON:
		return f.ufcon;
	case UINTM:
		return f.uintm;
	case UINTP:
		return f.uintp;
	case UFSTAT:
		v = f.rx_len > 0xff ? 0xff : f.rx_len;
		if (f.rx_len >= 256)
			v |= UFSTAT_RX_FULL;
		if (fifo && f.tx_busy_reads) {
			f.tx_busy_reads--;
			v |= UFSTAT_TX_FULL;
		}
		return v;
	case UTRSTAT:
		if (f.rx_len)
			v |= UTRSTAT_RX_READY;
		if (!fifo && f.tx_busy_reads)
			f.tx_busy_reads--;
		else
			v |= UTRSTAT_TX_BUF_EMPTY;
		if (f.tx_drain_reads)
			f.tx_drain_reads--;
		else
			v |= UTRSTAT_TX_EMPTY;
		return v;
	case URXH:
		if (!f.rx_len)
			return 0;
		v = (uint8_t)f.rx[f.rx_head];
		f.rx_head = (f.rx_head + 1) % sizeof(f.rx);
		f.rx_len--;
		return v;
	default:
		fail_msg("read of unexpected offset 0x%lx",
			 (unsigned long)(addr - BASE));
		return 0;
	}
}

static void mmio_write32(uintptr_t addr, uint32_t v)
{
	uint32_t off = (uint32_t)(addr - BASE);

	if (f.nr_wr < 32)
		f.wr[f.nr_wr++] = off;
	switch (off) {
	case UCON:
		f.ucon = v;
		break;
	case UFCON:
		if (f.tx_drain_reads)
			fail_msg("FIFO reconfigured while transmitting");
		f.ufcon = v & ~(UFCON_RX_FIFO_RESET | UFCON_TX_FIFO_RESET);
		break;
	case UINTM:
		f.uintm = v;
		break;
	case UINTP:
		f.uintp &= ~v;
		if (f.arrive_on_ack >= 0 && (v & UINT_RXD)) {
			char s[2] = {(char)f.arrive_on_ack, 0};

			rx_push(s);
			f.arrive_on_ack = -1;
		}
		break;
	case UTXH:
		if (f.tx_busy_reads)
			f.tx_overrun = true;
		if (f.nr_tx < sizeof(f.tx))
			f.tx[f.nr_tx++] = (char)v;
		break;
	default:
		fail_msg("write of unexpected offset 0x%x", off);
	}
}

static bool wrote(uint32_t off)
{
	for (unsigned i = 0; i < f.nr_wr; i++)
		if (f.wr[i] == off)
			return true;
	return false;
}

/* U-Boot's state: FIFOs on, both directions in interrupt/polling mode. */
static void uboot_state(void)
{
	f.ufcon = UFCON_FIFO_EN;
	f.ucon = UCON_RXMODE_IRQ | UCON_TXMODE_IRQ | UCON_TX_IRQ_LEVEL;
}

static void test_init_keeps_boot_loader_setup(void **state)
{
	(void)state;
	reset_fake();
	uboot_state();
	f.uintp = UINT_TXD | UINT_RXD;
	exynos_uart_init(BASE);
	/* every interrupt masked and acknowledged, nothing else rewritten */
	assert_int_equal(f.uintm, UINT_ALL);
	assert_int_equal(f.uintp, 0);
	assert_false(wrote(UFCON));
	assert_false(wrote(UCON));
	assert_int_equal(f.ucon, UCON_RXMODE_IRQ | UCON_TXMODE_IRQ |
					 UCON_TX_IRQ_LEVEL);
}

static void test_init_from_reset(void **state)
{
	(void)state;
	reset_fake();
	f.ucon = UCON_RX_ERR_IRQ_EN; /* modes off: nothing would move */
	f.tx_drain_reads = 3;	     /* a byte still shifting out */
	exynos_uart_init(BASE);
	assert_int_equal(f.ucon, UCON_RX_ERR_IRQ_EN | UCON_RXMODE_IRQ |
					 UCON_TXMODE_IRQ);
	/* the FIFO is turned on only after the transmitter drained */
	assert_int_equal(f.tx_drain_reads, 0);
	assert_int_equal(f.ufcon, UFCON_FIFO_EN);
	assert_int_equal(f.uintm, UINT_ALL);
}

static void test_putc_waits_while_fifo_full(void **state)
{
	(void)state;
	reset_fake();
	uboot_state();
	f.tx_busy_reads = 5;
	exynos_uart_putc(BASE, 'h');
	exynos_uart_putc(BASE, '\xff');
	assert_false(f.tx_overrun);
	assert_int_equal(f.tx_busy_reads, 0);
	assert_int_equal(f.nr_tx, 2);
	assert_memory_equal(f.tx, "h\xff", 2);
}

static void test_putc_without_fifo(void **state)
{
	(void)state;
	reset_fake();
	f.ucon = UCON_RXMODE_IRQ | UCON_TXMODE_IRQ;
	f.tx_busy_reads = 4; /* the holding register is full for a while */
	exynos_uart_putc(BASE, 'x');
	assert_false(f.tx_overrun);
	assert_int_equal(f.nr_tx, 1);
	assert_int_equal(f.tx[0], 'x');
}

static void test_flush_waits_for_shifter(void **state)
{
	(void)state;
	reset_fake();
	uboot_state();
	f.tx_drain_reads = 7;
	exynos_uart_flush(BASE);
	assert_int_equal(f.tx_drain_reads, 0);
}

static void test_enable_rx_irq(void **state)
{
	(void)state;
	reset_fake();
	uboot_state();
	exynos_uart_init(BASE);
	f.uintp = UINT_RXD | UINT_ERROR | UINT_TXD;
	exynos_uart_enable_rx_irq(BASE);
	/* only receive unmasked, level, with the timeout for short input */
	assert_int_equal(f.uintm, UINT_ERROR | UINT_TXD | UINT_MODEM);
	assert_true(f.ucon & UCON_RX_TIMEOUT_EN);
	assert_true(f.ucon & UCON_RX_IRQ_LEVEL);
	assert_int_equal(f.ucon & (UCON_RXMODE_MASK | UCON_TXMODE_MASK),
			 UCON_RXMODE_IRQ | UCON_TXMODE_IRQ);
	/* stale receive pendings acknowledged; TXD left alone */
	assert_int_equal(f.uintp, UINT_TXD);
}

static void test_getc_drains_fifo_then_acknowledges(void **state)
{
	char c;

	(void)state;
	reset_fake();
	uboot_state();
	rx_push("ls\r");
	f.uintp = UINT_RXD;
	assert_true(exynos_uart_getc(BASE, &c));
	assert_int_equal(c, 'l');
	assert_true(exynos_uart_getc(BASE, &c));
	assert_int_equal(c, 's');
	assert_true(exynos_uart_getc(BASE, &c));
	assert_int_equal(c, '\r');
	assert_int_equal(f.uintp, UINT_RXD); /* not yet: data was there */
	assert_false(exynos_uart_getc(BASE, &c));
	assert_int_equal(f.uintp, 0);
}

static void test_getc_byte_arriving_at_acknowledge(void **state)
{
	char c = 0;

	(void)state;
	reset_fake();
	uboot_state();
	f.uintp = UINT_RXD;
	f.arrive_on_ack = 'q';
	/* empty, acknowledged, and the byte that came meanwhile is taken */
	assert_true(exynos_uart_getc(BASE, &c));
	assert_int_equal(c, 'q');
	assert_false(exynos_uart_getc(BASE, &c));
}

static void test_getc_full_fifo(void **state)
{
	char big[257], c;
	unsigned n = 0;

	(void)state;
	reset_fake();
	uboot_state();
	memset(big, 'a', 256);
	big[256] = '\0';
	rx_push(big); /* count field saturates, RX_FULL set */
	while (exynos_uart_getc(BASE, &c))
		n++;
	assert_int_equal(n, 256);
}

static void test_getc_without_fifo(void **state)
{
	char c;

	(void)state;
	reset_fake();
	f.ucon = UCON_RXMODE_IRQ | UCON_TXMODE_IRQ;
	rx_push("z");
	assert_true(exynos_uart_getc(BASE, &c));
	assert_int_equal(c, 'z');
	assert_false(exynos_uart_getc(BASE, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_keeps_boot_loader_setup),
		cmocka_unit_test(test_init_from_reset),
		cmocka_unit_test(test_putc_waits_while_fifo_full),
		cmocka_unit_test(test_putc_without_fifo),
		cmocka_unit_test(test_flush_waits_for_shifter),
		cmocka_unit_test(test_enable_rx_irq),
		cmocka_unit_test(test_getc_drains_fifo_then_acknowledges),
		cmocka_unit_test(test_getc_byte_arriving_at_acknowledge),
		cmocka_unit_test(test_getc_full_fifo),
		cmocka_unit_test(test_getc_without_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
