/*
 * Host unit tests for the virtual PL011 (core/vpl011.c): registers, reset
 * values, IDs, transmit gating, the RX FIFO, interrupts and the exact
 * sequence of levels on the line, access sizes, and the access patterns of
 * Linux's amba-pl011 driver and earlycon.
 */
/* links: core/vpl011.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/mmio.h>
#include <core/vpl011.h>
#include <string.h>

#define BASE 0x1c090000ull
#define CR_ON (VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE)
#define FR_IDLE (VPL011_FR_TXFE | VPL011_FR_CTS | VPL011_FR_DSR | VPL011_FR_DCD)
#define LCR_H_8N1_FIFO (0x60u | VPL011_LCR_H_FEN)
#define INT_RX VPL011_INT_RX
#define INT_TX VPL011_INT_TX
#define INT_RT VPL011_INT_RT

static struct vpl011 u;
static int ctx_token;
static char txbuf[4096];
static unsigned ntx;
static bool levels[256];
static unsigned nlev;

static void tx_cb(void *ctx, char c)
{
	assert_ptr_equal(ctx, &ctx_token);
	assert_true(ntx < sizeof(txbuf));
	txbuf[ntx++] = c;
}

static void irq_cb(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &ctx_token);
	assert_true(nlev < sizeof(levels) / sizeof(levels[0]));
	levels[nlev++] = level;
}

static void reset_device(void)
{
	memset(&u, 0xa5, sizeof(u)); /* vpl011_init must set everything */
	ntx = 0;
	nlev = 0;
	memset(txbuf, 0, sizeof(txbuf));
	vpl011_init(&u, tx_cb, irq_cb, &ctx_token);
}

static int setup(void **state)
{
	(void)state;
	reset_device();
	return 0;
}

static int dev_access(bool write, uint32_t offset, unsigned size,
		      uint32_t *data)
{
	struct mmio_access a = {.addr = BASE + offset, .offset = offset,
				.size = size, .write = write, .data = *data};
	int rc = vpl011_access(&u, &a);

	*data = a.data;
	return rc;
}

static uint32_t rd_n(uint32_t offset, unsigned size)
{
	uint32_t v = 0xdeadbeef;

	if (dev_access(false, offset, size, &v) != MMIO_OK)
		fail_msg("read%u at 0x%x refused", size * 8, offset);
	return v;
}

static void wr_n(uint32_t offset, unsigned size, uint32_t v)
{
	if (dev_access(true, offset, size, &v) != MMIO_OK)
		fail_msg("write%u at 0x%x refused", size * 8, offset);
}

static uint32_t rd(uint32_t offset)
{
	return rd_n(offset, 4);
}

static void wr(uint32_t offset, uint32_t v)
{
	wr_n(offset, 4, v);
}

/* The line went through exactly these levels since vpl011_init. */
static void assert_levels(unsigned n, const bool *expect)
{
	if (nlev != n)
		fail_msg("irq callback called %u times, expected %u", nlev, n);
	for (unsigned i = 0; i < n; i++)
		if (levels[i] != expect[i])
			fail_msg("irq call %u: level %d, expected %d", i,
				 levels[i], expect[i]);
}

#define ASSERT_LEVELS(...)                                                   \
	do {                                                                 \
		const bool expect_[] = {__VA_ARGS__};                        \
		assert_levels(sizeof(expect_) / sizeof(expect_[0]), expect_); \
	} while (0)

static void rx_ok(char c)
{
	if (!vpl011_rx(&u, c))
		fail_msg("vpl011_rx refused 0x%02x", (unsigned char)c);
}

/* Enabled as Linux leaves it after startup: FIFOs on, 8N1. */
static void enable_fifo(void)
{
	wr(VPL011_LCR_H, LCR_H_8N1_FIFO);
	wr(VPL011_CR, CR_ON);
}

/* ------------------------------------------------------------ reset, IDs */

static void test_init_reports_line_low(void **state)
{
	(void)state;
	ASSERT_LEVELS(false);
	assert_false(u.line);
	assert_int_equal(ntx, 0);
	assert_int_equal(u.tx_dropped, 0);
	assert_int_equal(u.rx_count, 0);
	assert_ptr_equal(u.ctx, &ctx_token);
}

static void test_reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(VPL011_DR), 0);
	assert_int_equal(rd(VPL011_RSR), 0);
	assert_int_equal(rd(VPL011_FR), 0x97);
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFE);
	assert_int_equal(rd(VPL011_ILPR), 0);
	assert_int_equal(rd(VPL011_IBRD), 0);
	assert_int_equal(rd(VPL011_FBRD), 0);
	assert_int_equal(rd(VPL011_LCR_H), 0);
	assert_int_equal(rd(VPL011_CR), 0x300);
	assert_int_equal(rd(VPL011_IFLS), 0x12);
	assert_int_equal(rd(VPL011_IMSC), 0);
	assert_int_equal(rd(VPL011_RIS), 0);
	assert_int_equal(rd(VPL011_MIS), 0);
	assert_int_equal(rd(VPL011_ICR), 0);
	assert_int_equal(rd(VPL011_DMACR), 0);
	assert_int_equal(vpl011_rx_space(&u), 0); /* UARTEN clear at reset */
	ASSERT_LEVELS(false);
}

static void test_init_twice_resets(void **state)
{
	(void)state;
	enable_fifo();
	wr(VPL011_IMSC, INT_RT);
	rx_ok('x');
	ASSERT_LEVELS(false, true);
	vpl011_init(&u, tx_cb, irq_cb, &ctx_token);
	ASSERT_LEVELS(false, true, false);
	assert_int_equal(rd(VPL011_CR), 0x300);
	assert_int_equal(rd(VPL011_IMSC), 0);
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

static void test_ids(void **state)
{
	static const uint32_t id[8] = {0x11, 0x10, 0x34, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1};

	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		uint32_t off = 0xfe0 + 4 * i;

		assert_int_equal(rd(off), id[i]);
		assert_int_equal(rd_n(off, 1), id[i]);
		assert_int_equal(rd_n(off, 2), id[i]);
		assert_int_equal(rd_n(off + 1, 1), 0);
		assert_int_equal(rd_n(off + 2, 2), 0);
		wr(off, 0xffffffff); /* read-only */
		assert_int_equal(rd(off), id[i]);
	}
	assert_int_equal(VPL011_PERIPHID0, 0xfe0);
	assert_int_equal(VPL011_PCELLID0, 0xff0);
}

/* As Linux's AMBA bus reads them at probe: the low byte of each word. */
static void test_amba_probe_ids(void **state)
{
	uint32_t pid = 0, cid = 0;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		pid |= (rd(VPL011_SIZE - 0x20 + 4 * i) & 0xff) << (i * 8);
		cid |= (rd(VPL011_SIZE - 0x10 + 4 * i) & 0xff) << (i * 8);
	}
	assert_int_equal(cid, 0xb105f00d);            /* AMBA_CID */
	assert_int_equal(pid, 0x00341011);
	assert_int_equal(pid & 0x000fffff, 0x00041011); /* arm,pl011 match */
	assert_int_equal((pid >> 20) & 0xf, 3);         /* r1p5: 32-deep FIFO */
}

/* ----------------------------------------------------------- registers */

struct rw_reg {
	uint32_t off, mask;
	const char *name;
};

static const struct rw_reg rw_regs[] = {
	{VPL011_ILPR, 0xff, "ILPR"},     {VPL011_IBRD, 0xffff, "IBRD"},
	{VPL011_FBRD, 0x3f, "FBRD"},     {VPL011_LCR_H, 0xff, "LCR_H"},
	{VPL011_CR, 0xff87, "CR"},       {VPL011_IFLS, 0x3f, "IFLS"},
	{VPL011_IMSC, 0x7ff, "IMSC"},    {VPL011_DMACR, 0x7, "DMACR"},
};

static void test_rw_registers(void **state)
{
	static const uint32_t patterns[] = {0xffffffff, 0x5a5a5a5a, 0xa5a5a5a5,
					    0x00000001, 0};

	(void)state;
	for (unsigned i = 0; i < sizeof(rw_regs) / sizeof(rw_regs[0]); i++) {
		const struct rw_reg *r = &rw_regs[i];

		for (unsigned p = 0; p < sizeof(patterns) / sizeof(patterns[0]);
		     p++) {
			wr(r->off, patterns[p]);
			if (rd(r->off) != (patterns[p] & r->mask))
				fail_msg("%s: wrote 0x%08x, read 0x%08x", r->name,
					 patterns[p], rd(r->off));
		}
	}
}

/* Registers are independent: writing one leaves the others alone. */
static void test_rw_registers_independent(void **state)
{
	const unsigned n = sizeof(rw_regs) / sizeof(rw_regs[0]);

	(void)state;
	for (unsigned i = 0; i < n; i++)
		wr(rw_regs[i].off, 0);
	for (unsigned i = 0; i < n; i++) {
		wr(rw_regs[i].off, 0xffffffff);
		for (unsigned j = 0; j < n; j++)
			assert_int_equal(rd(rw_regs[j].off),
					 j == i ? rw_regs[j].mask : 0);
		wr(rw_regs[i].off, 0);
	}
}

static void test_read_only_registers_ignore_writes(void **state)
{
	(void)state;
	enable_fifo();
	wr(VPL011_IMSC, INT_TX);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	wr(VPL011_FR, 0);
	wr(VPL011_RIS, 0);
	wr(VPL011_MIS, 0);
	wr(VPL011_RIS, 0x7ff);
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFE);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	assert_int_equal(rd(VPL011_MIS), INT_TX);
	/* Linux writes MIS ten times as a delay on split-LCR_H variants. */
	for (int i = 0; i < 10; i++)
		wr(VPL011_MIS, 0xff);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
}

static void test_rsr_ecr(void **state)
{
	(void)state;
	enable_fifo();
	rx_ok('q');
	assert_int_equal(rd(VPL011_RSR), 0);
	wr(VPL011_RSR, 0xffffffff); /* ECR: clears errors, there are none */
	assert_int_equal(rd(VPL011_RSR), 0);
	assert_int_equal(u.rx_count, 1); /* the FIFO is untouched */
	assert_int_equal(rd(VPL011_DR), 'q');
}

static void test_unknown_offsets_raz_wi(void **state)
{
	static const uint32_t holes[] = {0x008, 0x00c, 0x010, 0x014, 0x01c,
					 0x04c, 0x080, 0x100, 0x800, 0xfbc,
					 0xfdc};

	(void)state;
	enable_fifo();
	wr(VPL011_IBRD, 0x1234);
	for (unsigned i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
		wr(holes[i], 0xffffffff);
		wr_n(holes[i] + 2, 2, 0xffff);
		wr_n(holes[i] + 3, 1, 0xff);
		assert_int_equal(rd(holes[i]), 0);
		assert_int_equal(rd_n(holes[i] + 1, 1), 0);
	}
	assert_int_equal(rd(VPL011_IBRD), 0x1234);
	assert_int_equal(rd(VPL011_CR), CR_ON);
	assert_int_equal(rd(VPL011_LCR_H), LCR_H_8N1_FIFO);
	assert_int_equal(rd(VPL011_IMSC), 0);
	assert_int_equal(ntx, 0);
}

static void test_dmacr_stored_no_dma(void **state)
{
	(void)state;
	enable_fifo();
	wr(VPL011_DMACR, 0x7); /* DMAONERR | TXDMAE | RXDMAE */
	assert_int_equal(rd(VPL011_DMACR), 0x7);
	wr(VPL011_DR, 'd');
	rx_ok('r');
	assert_int_equal(ntx, 1);
	assert_int_equal(txbuf[0], 'd');
	assert_int_equal(rd(VPL011_DR), 'r');
}

/* ------------------------------------------------------------- transmit */

static void test_tx_needs_uarten_and_txe(void **state)
{
	(void)state;
	wr(VPL011_DR, 'a'); /* reset: TXE|RXE, UARTEN clear */
	assert_int_equal(ntx, 0);
	assert_int_equal(u.tx_dropped, 1);

	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_RXE);
	wr(VPL011_DR, 'b');
	assert_int_equal(ntx, 0);
	assert_int_equal(u.tx_dropped, 2);

	wr(VPL011_CR, VPL011_CR_TXE);
	wr(VPL011_DR, 'c');
	assert_int_equal(ntx, 0);
	assert_int_equal(u.tx_dropped, 3);

	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE);
	wr(VPL011_DR, 'd');
	wr(VPL011_CR, CR_ON);
	wr(VPL011_DR, 'e');
	assert_int_equal(ntx, 2);
	assert_memory_equal(txbuf, "de", 2);
	assert_int_equal(u.tx_dropped, 3);

	wr(VPL011_CR, 0);
	wr(VPL011_DR, 'f');
	assert_int_equal(ntx, 2);
	assert_int_equal(u.tx_dropped, 4);
}

static void test_tx_sizes(void **state)
{
	(void)state;
	wr(VPL011_CR, CR_ON);
	wr_n(VPL011_DR, 1, 'A');
	wr_n(VPL011_DR, 2, 0x0f00 | 'B'); /* bits above [7:0] ignored */
	wr_n(VPL011_DR, 4, 0xffffff00 | 'C');
	wr_n(VPL011_DR + 1, 1, 'x'); /* not the data byte: nothing sent */
	wr_n(VPL011_DR + 2, 2, 'y');
	wr_n(VPL011_DR, 1, 0xff);
	wr_n(VPL011_DR, 1, 0);
	assert_int_equal(ntx, 5);
	assert_memory_equal(txbuf, "ABC\xff\0", 5);
}

static void test_tx_all_byte_values(void **state)
{
	(void)state;
	wr(VPL011_CR, CR_ON);
	for (unsigned i = 0; i < 256; i++)
		wr(VPL011_DR, i);
	assert_int_equal(ntx, 256);
	for (unsigned i = 0; i < 256; i++)
		assert_int_equal((unsigned char)txbuf[i], i);
}

static void test_fr_while_transmitting(void **state)
{
	(void)state;
	wr(VPL011_CR, CR_ON);
	for (int i = 0; i < 100; i++) {
		wr(VPL011_DR, 'z');
		uint32_t fr = rd(VPL011_FR);
		assert_int_equal(fr & VPL011_FR_TXFF, 0);
		assert_int_equal(fr & VPL011_FR_BUSY, 0);
		assert_int_equal(fr & VPL011_FR_TXFE, VPL011_FR_TXFE);
	}
	assert_int_equal(ntx, 100);
}

/* The lock-free FR of the fast path reads as the register does. */
static void test_fr_fast_path_matches_register(void **state)
{
	(void)state;
	assert_int_equal(vpl011_fr(&u), rd(VPL011_FR));
	wr(VPL011_CR, CR_ON);
	assert_int_equal(vpl011_fr(&u), FR_IDLE | VPL011_FR_RXFE);
	assert_true(vpl011_rx(&u, 'a')); /* 1-deep without FEN: full */
	assert_int_equal(vpl011_fr(&u), FR_IDLE | VPL011_FR_RXFF);
	assert_int_equal(vpl011_fr(&u), rd(VPL011_FR));
	wr(VPL011_LCR_H, VPL011_LCR_H_FEN);
	assert_int_equal(vpl011_fr(&u), FR_IDLE);
	assert_int_equal(vpl011_fr(&u), rd(VPL011_FR));
	for (unsigned i = 1; i < VPL011_FIFO_DEPTH; i++)
		assert_true(vpl011_rx(&u, 'b'));
	assert_int_equal(vpl011_fr(&u), FR_IDLE | VPL011_FR_RXFF);
	assert_int_equal(vpl011_fr(&u), rd(VPL011_FR));
}

/* Every read of FR the register model takes, the fast path answers alike;
   it declines everything else. */
static void test_read_fr_fast_path_sizes(void **state)
{
	static const struct { uint32_t off; unsigned size; bool fast; } acc[] = {
		{VPL011_FR, 4, true},      {VPL011_FR, 2, true},
		{VPL011_FR + 2, 2, true},  {VPL011_FR, 1, true},
		{VPL011_FR + 1, 1, true},  {VPL011_FR + 3, 1, true},
		{VPL011_FR + 1, 2, false}, {VPL011_FR + 2, 4, false},
		{VPL011_FR, 3, false},     {VPL011_DR, 4, false},
		{VPL011_CR, 2, false},     {VPL011_FR + 4, 4, false},
	};

	(void)state;
	wr(VPL011_CR, CR_ON);
	assert_true(vpl011_rx(&u, 'a'));
	for (unsigned i = 0; i < sizeof(acc) / sizeof(acc[0]); i++) {
		struct mmio_access fast = {.offset = acc[i].off,
					   .size = acc[i].size};

		assert_int_equal(vpl011_read_fr(&u, &fast), acc[i].fast);
		if (acc[i].fast)
			assert_int_equal(fast.data,
					 rd_n(acc[i].off, acc[i].size));
	}
	/* A write to FR is not a read. */
	{
		struct mmio_access w = {.offset = VPL011_FR, .size = 4,
					.write = true};

		assert_false(vpl011_read_fr(&u, &w));
	}
}

static void test_null_callbacks(void **state)
{
	(void)state;
	vpl011_init(&u, NULL, NULL, NULL);
	wr(VPL011_CR, CR_ON);
	wr(VPL011_IMSC, INT_TX | INT_RX);
	wr(VPL011_DR, 'n');
	assert_true(vpl011_rx(&u, 'm'));
	assert_true(u.line);
	assert_int_equal(rd(VPL011_DR), 'm');
	assert_int_equal(ntx, 0);
	assert_int_equal(nlev, 1); /* only the first init's call */
}

static void test_loopback(void **state)
{
	(void)state;
	wr(VPL011_LCR_H, LCR_H_8N1_FIFO);
	wr(VPL011_CR, CR_ON | VPL011_CR_LBE);
	assert_int_equal(vpl011_rx_space(&u), 0);
	assert_false(vpl011_rx(&u, 'o')); /* RX input ignored in loopback */
	wr(VPL011_DR, 'L');
	assert_int_equal(ntx, 0);
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, 0);
	assert_int_equal(rd(VPL011_DR), 'L');

	/* Linux's old "provoke TX interrupt" write: loopback, RXE clear. */
	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_LBE);
	wr(VPL011_DR, 0);
	assert_int_equal(ntx, 0);
	assert_int_equal(u.rx_count, 0);
	assert_int_equal(rd(VPL011_RIS) & INT_TX, INT_TX);

	wr(VPL011_CR, CR_ON);
	wr(VPL011_DR, 'T');
	assert_int_equal(ntx, 1);
	assert_int_equal(txbuf[0], 'T');
	assert_int_equal(u.rx_count, 0);
}

static void test_loopback_fifo_full_drops(void **state)
{
	(void)state;
	wr(VPL011_CR, CR_ON | VPL011_CR_LBE); /* FEN clear: 1 deep */
	wr(VPL011_DR, '1');
	wr(VPL011_DR, '2');
	assert_int_equal(u.rx_count, 1);
	assert_int_equal(ntx, 0);
	assert_int_equal(rd(VPL011_DR), '1');
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

/* -------------------------------------------------------------- receive */

static void test_rx_fifo_order_and_flags(void **state)
{
	const char *s = "hello";

	(void)state;
	enable_fifo();
	assert_int_equal(vpl011_rx_space(&u), 32);
	for (const char *p = s; *p; p++)
		rx_ok(*p);
	assert_int_equal(vpl011_rx_space(&u), 27);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	for (const char *p = s; *p; p++) {
		assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, 0);
		assert_int_equal(rd(VPL011_DR), (unsigned char)*p);
	}
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFE);
	assert_int_equal(rd(VPL011_DR), 0); /* empty */
	assert_int_equal(rd(VPL011_DR), 0);
	assert_int_equal(vpl011_rx_space(&u), 32);
}

static void test_rx_high_bytes(void **state)
{
	(void)state;
	enable_fifo();
	rx_ok((char)0xff);
	rx_ok((char)0x80);
	rx_ok(0);
	assert_int_equal(rd(VPL011_DR), 0xff); /* no error bits, no sign */
	assert_int_equal(rd(VPL011_DR), 0x80);
	assert_int_equal(rd_n(VPL011_DR, 1), 0);
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

static void test_rx_fifo_full_and_wrap(void **state)
{
	(void)state;
	enable_fifo();
	for (unsigned i = 0; i < 32; i++) {
		assert_int_equal(vpl011_rx_space(&u), 32 - i);
		assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFF, 0);
		rx_ok((char)('A' + i));
	}
	assert_int_equal(vpl011_rx_space(&u), 0);
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFF);
	assert_false(vpl011_rx(&u, '!'));
	assert_false(vpl011_rx(&u, '?'));
	assert_int_equal(u.rx_count, 32);

	assert_int_equal(rd(VPL011_DR), 'A');
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFF, 0);
	assert_int_equal(vpl011_rx_space(&u), 1);
	rx_ok('#'); /* goes in at the wrapped end */
	assert_false(vpl011_rx(&u, '$'));
	for (unsigned i = 1; i < 32; i++)
		assert_int_equal(rd(VPL011_DR), 'A' + i);
	assert_int_equal(rd(VPL011_DR), '#');
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);

	/* many rounds through the ring */
	for (unsigned i = 0; i < 200; i++) {
		rx_ok((char)i);
		rx_ok((char)(i ^ 0x55));
		assert_int_equal(rd(VPL011_DR), i & 0xff);
		assert_int_equal(rd(VPL011_DR), (i ^ 0x55) & 0xff);
	}
	assert_int_equal(u.rx_count, 0);
}

static void test_rx_needs_receiver_enabled(void **state)
{
	(void)state;
	wr(VPL011_LCR_H, LCR_H_8N1_FIFO);
	assert_false(vpl011_rx(&u, 'a')); /* reset: UARTEN clear */
	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE);
	assert_int_equal(vpl011_rx_space(&u), 0);
	assert_false(vpl011_rx(&u, 'b'));
	wr(VPL011_CR, VPL011_CR_RXE);
	assert_false(vpl011_rx(&u, 'c'));
	assert_int_equal(u.rx_count, 0);
	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_RXE);
	assert_int_equal(vpl011_rx_space(&u), 32);
	rx_ok('d');
	/* Disabling keeps what was received; the guest can still read it. */
	wr(VPL011_CR, 0);
	assert_false(vpl011_rx(&u, 'e'));
	assert_int_equal(rd(VPL011_FR) & VPL011_FR_RXFE, 0);
	assert_int_equal(rd(VPL011_DR), 'd');
}

static void test_fifo_disabled_one_deep(void **state)
{
	(void)state;
	wr(VPL011_LCR_H, 0x60); /* 8 bits, FEN clear */
	wr(VPL011_CR, CR_ON);
	assert_int_equal(vpl011_rx_space(&u), 1);
	rx_ok('a');
	assert_int_equal(vpl011_rx_space(&u), 0);
	assert_false(vpl011_rx(&u, 'b'));
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFF);
	assert_int_equal(rd(VPL011_DR), 'a');
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFE);
	assert_int_equal(vpl011_rx_space(&u), 1);
	rx_ok('b');
	assert_int_equal(rd(VPL011_DR), 'b');
}

static void test_fen_off_keeps_queued_bytes(void **state)
{
	(void)state;
	enable_fifo();
	rx_ok('x');
	rx_ok('y');
	rx_ok('z');
	wr(VPL011_LCR_H, 0x60); /* FIFO off with 3 queued */
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFF);
	assert_int_equal(vpl011_rx_space(&u), 0);
	assert_false(vpl011_rx(&u, 'w'));
	assert_int_equal(rd(VPL011_DR), 'x');
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFF);
	assert_int_equal(rd(VPL011_DR), 'y');
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFF); /* 1 of 1 */
	assert_int_equal(rd(VPL011_DR), 'z');
	assert_int_equal(rd(VPL011_FR), FR_IDLE | VPL011_FR_RXFE);
	rx_ok('w');
	assert_int_equal(rd(VPL011_DR), 'w');
	wr(VPL011_LCR_H, LCR_H_8N1_FIFO);
	assert_int_equal(vpl011_rx_space(&u), 32);
}

static void test_dr_read_sizes(void **state)
{
	(void)state;
	enable_fifo();
	rx_ok('1');
	rx_ok('2');
	rx_ok('3');
	rx_ok('4');
	assert_int_equal(rd_n(VPL011_DR + 1, 1), 0); /* error bits: no pop */
	assert_int_equal(rd_n(VPL011_DR + 2, 2), 0);
	assert_int_equal(rd_n(VPL011_DR + 3, 1), 0);
	assert_int_equal(u.rx_count, 4);
	assert_int_equal(rd_n(VPL011_DR, 1), '1');
	assert_int_equal(rd_n(VPL011_DR, 2), '2');
	assert_int_equal(rd_n(VPL011_DR, 4), '3');
	assert_int_equal(rd(VPL011_DR), '4');
	assert_int_equal(u.rx_count, 0);
}

/* -------------------------------------------------------------- sizes */

static void test_fr_sizes(void **state)
{
	(void)state;
	assert_int_equal(rd_n(VPL011_FR, 1), 0x97);
	assert_int_equal(rd_n(VPL011_FR, 2), 0x97);
	assert_int_equal(rd_n(VPL011_FR + 1, 1), 0); /* RI clear */
	assert_int_equal(rd_n(VPL011_FR + 2, 2), 0);
	enable_fifo();
	for (unsigned i = 0; i < 32; i++)
		rx_ok('f');
	assert_int_equal(rd_n(VPL011_FR, 1), FR_IDLE | VPL011_FR_RXFF);
}

static void test_sub_word_writes_hit_their_lanes(void **state)
{
	(void)state;
	wr_n(VPL011_CR, 1, VPL011_CR_UARTEN); /* keeps TXE|RXE in byte 1 */
	assert_int_equal(rd(VPL011_CR), CR_ON);
	wr_n(VPL011_CR + 1, 1, 0x01); /* byte 1 = TXE only */
	assert_int_equal(rd(VPL011_CR), VPL011_CR_UARTEN | VPL011_CR_TXE);
	wr_n(VPL011_CR, 2, CR_ON); /* Linux's writew */
	assert_int_equal(rd(VPL011_CR), CR_ON);
	assert_int_equal(rd_n(VPL011_CR, 2), CR_ON);
	assert_int_equal(rd_n(VPL011_CR + 1, 1), CR_ON >> 8);
	wr_n(VPL011_CR + 2, 2, 0xffff); /* nothing there */
	assert_int_equal(rd(VPL011_CR), CR_ON);

	wr(VPL011_IBRD, 0x1234);
	wr_n(VPL011_IBRD + 1, 1, 0xab);
	assert_int_equal(rd(VPL011_IBRD), 0xab34);
	wr_n(VPL011_IBRD, 1, 0xcd);
	assert_int_equal(rd(VPL011_IBRD), 0xabcd);
	assert_int_equal(rd_n(VPL011_IBRD + 1, 1), 0xab);

	wr(VPL011_IMSC, 0);
	wr_n(VPL011_IMSC + 1, 1, 0xff);
	assert_int_equal(rd(VPL011_IMSC), 0x700);
	wr_n(VPL011_IMSC, 1, 0xff);
	assert_int_equal(rd(VPL011_IMSC), 0x7ff);
}

static void test_bad_accesses(void **state)
{
	static const struct {
		uint32_t off;
		unsigned size;
	} bad[] = {
		{0x001, 2}, {0x001, 4}, {0x002, 4}, {0x003, 2}, {0x019, 2},
		{0x01a, 4}, {0x031, 2}, {0x000, 0}, {0x000, 3}, {0x000, 8},
		{0x1000, 4}, {0x1000, 1}, {0xfffffffc, 4},
	};

	(void)state;
	wr(VPL011_CR, CR_ON);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t v = 'U';

		if (dev_access(true, bad[i].off, bad[i].size, &v) !=
		    MMIO_DEVICE_ERROR)
			fail_msg("write size %u at 0x%x accepted", bad[i].size,
				 bad[i].off);
		v = 0x12345678;
		if (dev_access(false, bad[i].off, bad[i].size, &v) !=
		    MMIO_DEVICE_ERROR)
			fail_msg("read size %u at 0x%x accepted", bad[i].size,
				 bad[i].off);
	}
	assert_int_equal(ntx, 0); /* the unaligned DR writes sent nothing */
	assert_int_equal(rd(VPL011_CR), CR_ON);
	/* Aligned accesses of every size are fine everywhere in the frame. */
	assert_int_equal(rd_n(0xfff, 1), 0);
	assert_int_equal(rd_n(0xffe, 2), 0);
}

/* ------------------------------------------------------------ interrupts */

static void test_mis_is_ris_masked(void **state)
{
	(void)state;
	enable_fifo();                 /* TXRIS */
	rx_ok('m');                    /* RTRIS; RXRIS not (level 16) */
	assert_int_equal(rd(VPL011_RIS), INT_TX | INT_RT);
	for (uint32_t imsc = 0; imsc <= 0x7ff; imsc += 0x15) {
		wr(VPL011_IMSC, imsc);
		assert_int_equal(rd(VPL011_MIS), imsc & (INT_TX | INT_RT));
		assert_int_equal(rd(VPL011_RIS), INT_TX | INT_RT);
	}
}

static void test_line_follows_mask(void **state)
{
	(void)state;
	enable_fifo();
	ASSERT_LEVELS(false); /* TXRIS set, masked */
	wr(VPL011_IMSC, INT_RX);
	wr(VPL011_IMSC, INT_TX);
	wr(VPL011_IMSC, INT_TX | INT_RX);
	wr(VPL011_IMSC, 0);
	wr(VPL011_IMSC, 0);
	wr(VPL011_IMSC, INT_TX);
	ASSERT_LEVELS(false, true, false, true);
	assert_true(u.line);
}

static void test_rx_interrupt_fifo_disabled(void **state)
{
	(void)state;
	wr(VPL011_CR, CR_ON); /* FEN clear: any byte triggers */
	wr(VPL011_IMSC, INT_RX);
	ASSERT_LEVELS(false);
	rx_ok('a');
	assert_int_equal(rd(VPL011_RIS), INT_TX | INT_RX | INT_RT);
	assert_int_equal(rd(VPL011_MIS), INT_RX);
	ASSERT_LEVELS(false, true);
	assert_int_equal(rd(VPL011_DR), 'a');
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	ASSERT_LEVELS(false, true, false);
}

static void test_rx_trigger_levels(void **state)
{
	static const struct {
		uint32_t ifls;
		unsigned level;
	} t[] = {
		{0 << 3, 4},  {1 << 3, 8},  {2 << 3, 16}, {3 << 3, 24},
		{4 << 3, 28}, {5 << 3, 28}, {6 << 3, 28}, {7 << 3, 28},
		{(2 << 3) | 7, 16}, /* TXIFLSEL bits don't matter */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		reset_device();
		enable_fifo();
		wr(VPL011_IFLS, t[i].ifls);
		wr(VPL011_IMSC, INT_RX);
		for (unsigned n = 0; n + 1 < t[i].level; n++)
			rx_ok('.');
		if (rd(VPL011_RIS) & INT_RX)
			fail_msg("IFLS 0x%02x: RXRIS at %u bytes", t[i].ifls,
				 t[i].level - 1);
		ASSERT_LEVELS(false);
		rx_ok('!');
		if (!(rd(VPL011_RIS) & INT_RX))
			fail_msg("IFLS 0x%02x: no RXRIS at %u bytes",
				 t[i].ifls, t[i].level);
		ASSERT_LEVELS(false, true);
		rx_ok('+'); /* above the level: still set, no new callback */
		ASSERT_LEVELS(false, true);
		rd(VPL011_DR);
		assert_int_equal(rd(VPL011_RIS) & INT_RX, INT_RX);
		rd(VPL011_DR);
		assert_int_equal(rd(VPL011_RIS) & INT_RX, 0);
		ASSERT_LEVELS(false, true, false);
	}
}

static void test_rx_timeout_interrupt(void **state)
{
	(void)state;
	enable_fifo(); /* RX trigger 16 */
	wr(VPL011_IMSC, INT_RT);
	rx_ok('t');
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), INT_RT);
	assert_int_equal(rd(VPL011_MIS), INT_RT);
	ASSERT_LEVELS(false, true);
	rx_ok('u');
	ASSERT_LEVELS(false, true);
	assert_int_equal(rd(VPL011_DR), 't');
	assert_int_equal(rd(VPL011_MIS), INT_RT); /* one still waiting */
	assert_int_equal(rd(VPL011_DR), 'u');
	assert_int_equal(rd(VPL011_MIS), 0);
	ASSERT_LEVELS(false, true, false);
}

static void test_icr_clears_rx_latches(void **state)
{
	(void)state;
	enable_fifo();
	wr(VPL011_IMSC, INT_RX | INT_RT);
	for (int i = 0; i < 16; i++)
		rx_ok((char)('a' + i));
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	ASSERT_LEVELS(false, true);

	wr(VPL011_ICR, INT_RX);
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), INT_RT);
	wr(VPL011_ICR, INT_RT);
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), 0);
	ASSERT_LEVELS(false, true, false);
	assert_int_equal(u.rx_count, 16); /* data stays */

	rx_ok('q'); /* new data: both again */
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	ASSERT_LEVELS(false, true, false, true);

	wr(VPL011_ICR, 0); /* writing 0 clears nothing */
	assert_int_equal(rd(VPL011_RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	wr(VPL011_ICR, 0xffff); /* Linux's "clear all" */
	assert_int_equal(rd(VPL011_RIS), 0);
	ASSERT_LEVELS(false, true, false, true, false);
}

static void test_icr_byte_lanes(void **state)
{
	(void)state;
	enable_fifo();
	rx_ok('1');
	assert_int_equal(rd(VPL011_RIS), INT_TX | INT_RT);
	wr_n(VPL011_ICR + 1, 1, 0xff); /* bits 15:8: not TX/RT */
	assert_int_equal(rd(VPL011_RIS), INT_TX | INT_RT);
	wr_n(VPL011_ICR, 1, INT_RT);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	wr_n(VPL011_ICR, 2, INT_TX);
	assert_int_equal(rd(VPL011_RIS), 0);
}

static void test_ifls_and_fen_changes_lower_rxris(void **state)
{
	(void)state;
	enable_fifo();
	wr(VPL011_IFLS, 0x00); /* 1/8: 4 bytes */
	wr(VPL011_IMSC, INT_RX);
	for (int i = 0; i < 4; i++)
		rx_ok('4');
	ASSERT_LEVELS(false, true);
	wr(VPL011_IFLS, 0x20); /* 7/8: 28 bytes */
	assert_int_equal(rd(VPL011_RIS) & INT_RX, 0);
	ASSERT_LEVELS(false, true, false);
	wr(VPL011_IFLS, 0x00); /* lowering the level raises nothing by itself */
	assert_int_equal(rd(VPL011_RIS) & INT_RX, 0);
	rx_ok('5');
	ASSERT_LEVELS(false, true, false, true);

	/* FEN off -> trigger 1: RXRIS stays; FEN on at 1/2 -> cleared */
	wr(VPL011_LCR_H, 0x60);
	assert_int_equal(rd(VPL011_RIS) & INT_RX, INT_RX);
	wr(VPL011_IFLS, 0x12);
	wr(VPL011_LCR_H, LCR_H_8N1_FIFO);
	assert_int_equal(rd(VPL011_RIS) & INT_RX, 0);
	ASSERT_LEVELS(false, true, false, true, false);
}

static void test_tx_interrupt(void **state)
{
	(void)state;
	wr(VPL011_IMSC, INT_TX);
	assert_int_equal(rd(VPL011_RIS), 0); /* disabled at reset */
	ASSERT_LEVELS(false);

	wr(VPL011_CR, CR_ON); /* transmitter enabled, FIFO empty */
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	assert_int_equal(rd(VPL011_MIS), INT_TX);
	ASSERT_LEVELS(false, true);

	wr(VPL011_ICR, INT_TX);
	assert_int_equal(rd(VPL011_RIS), 0);
	ASSERT_LEVELS(false, true, false);

	wr(VPL011_CR, CR_ON | (1u << 11)); /* still enabled: no new TXRIS */
	assert_int_equal(rd(VPL011_RIS), 0);

	wr(VPL011_DR, 'a');
	ASSERT_LEVELS(false, true, false, true);
	wr(VPL011_DR, 'b'); /* stays high, no callback */
	ASSERT_LEVELS(false, true, false, true);
	wr(VPL011_ICR, INT_TX);
	ASSERT_LEVELS(false, true, false, true, false);

	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_RXE); /* TXE off */
	wr(VPL011_DR, 'c'); /* dropped: no TXRIS */
	assert_int_equal(rd(VPL011_RIS), 0);
	wr(VPL011_CR, VPL011_CR_UARTEN | VPL011_CR_TXE); /* on again */
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	ASSERT_LEVELS(false, true, false, true, false, true);
	assert_int_equal(ntx, 2);
	assert_memory_equal(txbuf, "ab", 2);
}

/* UARTEN is the other half of "transmitter enabled". */
static void test_tx_interrupt_on_uarten(void **state)
{
	(void)state;
	wr(VPL011_IMSC, INT_TX);
	wr(VPL011_CR, VPL011_CR_TXE);
	assert_int_equal(rd(VPL011_RIS), 0);
	wr_n(VPL011_CR, 1, VPL011_CR_UARTEN);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	ASSERT_LEVELS(false, true);
}

/* --------------------------------------------------- Linux access patterns */

/* earlycon "pl011": poll FR.TXFF, write DR (byte or word), poll FR.BUSY. */
static void earlycon_putc(char c, bool mem32)
{
	int spins = 0;

	while (rd(VPL011_FR) & VPL011_FR_TXFF)
		assert_true(++spins < 10);
	if (mem32)
		wr(VPL011_DR, (unsigned char)c);
	else
		wr_n(VPL011_DR, 1, (unsigned char)c);
	while (rd(VPL011_FR) & VPL011_FR_BUSY)
		assert_true(++spins < 10);
}

static void test_earlycon(void **state)
{
	const char *msg = "Booting Linux on physical CPU 0x0\n";

	(void)state;
	/* What the partition code does in place of firmware. */
	wr(VPL011_CR, CR_ON);
	for (const char *p = msg; *p; p++)
		earlycon_putc(*p, false);
	for (const char *p = msg; *p; p++)
		earlycon_putc(*p, true);
	assert_int_equal(ntx, 2 * strlen(msg));
	assert_memory_equal(txbuf, msg, strlen(msg));
	assert_memory_equal(txbuf + strlen(msg), msg, strlen(msg));
	ASSERT_LEVELS(false);
}

/* Without anyone enabling the UART, earlycon's bytes are dropped. */
static void test_earlycon_unenabled_drops(void **state)
{
	(void)state;
	earlycon_putc('x', false);
	assert_int_equal(ntx, 0);
	assert_int_equal(u.tx_dropped, 1);
}

/*
 * The boot loader's state, set directly, is exactly what a guest writing
 * CR = UARTEN|TXE|RXE gets: transmitter on, TXRIS set, line low.
 */
static void test_boot_enable_as_cr_write(void **state)
{
	struct vpl011 enabled;
	unsigned nlev_enabled;

	(void)state;
	vpl011_boot_enable(&u);
	enabled = u;
	nlev_enabled = nlev;
	reset_device();
	wr(VPL011_CR, CR_ON);
	assert_memory_equal(&enabled, &u, sizeof(u));
	assert_int_equal(nlev_enabled, nlev);
	assert_int_equal(rd(VPL011_CR), CR_ON);
	assert_int_equal(rd(VPL011_RIS), INT_TX);
	earlycon_putc('x', false);
	assert_int_equal(ntx, 1);
	/* Already enabled: nothing changes. */
	vpl011_boot_enable(&u);
	assert_memory_equal(&enabled, &u, offsetof(struct vpl011, tx_dropped));
}

/* pl011_startup + pl011_enable_interrupts (16-bit accessors). */
static void linux_startup(void)
{
	wr_n(VPL011_ICR, 2, 0x780 | INT_RT | INT_RX); /* hwinit */
	wr_n(VPL011_IMSC, 2, INT_RT | INT_RX);
	wr_n(VPL011_IMSC, 2, 0); /* allocate_irq: saved im */
	wr_n(VPL011_IFLS, 2, 0x12);
	wr_n(VPL011_CR, 2,
	     (rd_n(VPL011_CR, 2) & 0xc00) | VPL011_CR_UARTEN |
		     VPL011_CR_RXE | VPL011_CR_TXE);
	wr_n(VPL011_ICR, 2, INT_RT | INT_RX);
	for (unsigned i = 0; i < 64; i++) {
		if (rd_n(VPL011_FR, 2) & VPL011_FR_RXFE)
			break;
		rd_n(VPL011_DR, 2);
	}
	wr_n(VPL011_IMSC, 2, INT_RT | INT_RX);
	/* set_termios: 115200 8N1 with FIFOs */
	wr_n(VPL011_FBRD, 2, 3);
	wr_n(VPL011_IBRD, 2, 13);
	wr_n(VPL011_LCR_H, 2, LCR_H_8N1_FIFO);
	wr_n(VPL011_CR, 2, rd_n(VPL011_CR, 2));
}

/*
 * pl011_int: returns the passes made; sends from xmit (from_irq: 16 per
 * pass, no TXFF check) and masks TXIM when it runs dry, as the driver does.
 */
static char rxbuf[256];
static unsigned nrx;

static unsigned linux_irq(const char **xmit, uint32_t *im)
{
	unsigned passes = 0;
	uint32_t status = rd_n(VPL011_RIS, 2) & *im;

	while (status) {
		wr_n(VPL011_ICR, 2, status & ~(INT_TX | INT_RT | INT_RX));
		if (status & (INT_RT | INT_RX))
			while (!(rd_n(VPL011_FR, 2) & VPL011_FR_RXFE))
				rxbuf[nrx++] = (char)rd_n(VPL011_DR, 2);
		if (status & INT_TX) {
			for (int count = 16; **xmit && count; count--)
				wr_n(VPL011_DR, 2, (unsigned char)*(*xmit)++);
			if (!**xmit) {
				*im &= ~INT_TX;
				wr_n(VPL011_IMSC, 2, *im);
			}
		}
		if (++passes > 256)
			fail_msg("interrupt storm");
		status = rd_n(VPL011_RIS, 2) & *im;
	}
	return passes;
}

static void test_linux_modern_tx_is_polled(void **state)
{
	const char *msg = "root@tessera:~# ";
	const char *p = msg;
	uint32_t im = INT_RT | INT_RX;

	(void)state;
	linux_startup();
	/* pl011_start_tx_pio -> pl011_tx_chars(from_irq = false) */
	while (*p && !(rd_n(VPL011_FR, 2) & VPL011_FR_TXFF))
		wr_n(VPL011_DR, 2, (unsigned char)*p++);
	assert_int_equal(*p, 0); /* all sent: TXIM never unmasked */
	assert_int_equal(rd(VPL011_IMSC), im);
	assert_int_equal(ntx, strlen(msg));
	assert_memory_equal(txbuf, msg, strlen(msg));
	ASSERT_LEVELS(false);
}

static void test_linux_old_tx_by_interrupt(void **state)
{
	char msg[200];
	const char *p = msg;
	uint32_t im;

	(void)state;
	for (unsigned i = 0; i < sizeof(msg) - 1; i++)
		msg[i] = (char)('a' + i % 26);
	msg[sizeof(msg) - 1] = 0;

	/* Old pl011_startup: provoke TXRIS by a loopback write. */
	wr_n(VPL011_CR, 2, VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_LBE);
	wr_n(VPL011_FBRD, 2, 0);
	wr_n(VPL011_IBRD, 2, 1);
	wr_n(VPL011_LCR_H, 2, 0);
	wr_n(VPL011_DR, 2, 0);
	while (rd_n(VPL011_FR, 2) & VPL011_FR_BUSY)
		;
	wr_n(VPL011_LCR_H, 2, LCR_H_8N1_FIFO);
	wr_n(VPL011_CR, 2, CR_ON);
	wr_n(VPL011_ICR, 2, 0x780);
	wr_n(VPL011_ICR, 2, INT_RT | INT_RX);
	im = INT_RT | INT_RX;
	wr_n(VPL011_IMSC, 2, im);
	assert_int_equal(ntx, 0); /* the NUL stayed in loopback */
	ASSERT_LEVELS(false);

	/* Old pl011_start_tx: unmask TXIM; the interrupt does the rest. */
	im |= INT_TX;
	wr_n(VPL011_IMSC, 2, im);
	ASSERT_LEVELS(false, true);
	unsigned passes = linux_irq(&p, &im);
	assert_int_equal(passes, (sizeof(msg) - 1 + 15) / 16);
	assert_int_equal(ntx, sizeof(msg) - 1);
	assert_memory_equal(txbuf, msg, sizeof(msg) - 1);
	assert_false(u.line);
	ASSERT_LEVELS(false, true, false);

	/* Next write: again one interrupt, no storm. */
	const char *more = "again";
	p = more;
	im |= INT_TX;
	wr_n(VPL011_IMSC, 2, im);
	assert_int_equal(linux_irq(&p, &im), 1);
	assert_int_equal(ntx, sizeof(msg) - 1 + 5);
	ASSERT_LEVELS(false, true, false, true, false);
}

static void test_linux_rx_by_interrupt(void **state)
{
	const char *none = "";
	uint32_t im = INT_RT | INT_RX;

	(void)state;
	nrx = 0;
	linux_startup();
	ASSERT_LEVELS(false);
	rx_ok('l');
	ASSERT_LEVELS(false, true); /* RTIS: Linux sees the first key at once */
	rx_ok('s');
	rx_ok('\r');
	assert_int_equal(linux_irq(&none, &im), 1);
	assert_int_equal(nrx, 3);
	assert_memory_equal(rxbuf, "ls\r", 3);
	ASSERT_LEVELS(false, true, false);

	/* A burst filling the FIFO: one interrupt drains it. */
	for (int i = 0; i < 32; i++)
		rx_ok((char)('0' + i % 10));
	assert_false(vpl011_rx(&u, 'X'));
	ASSERT_LEVELS(false, true, false, true);
	assert_int_equal(linux_irq(&none, &im), 1);
	assert_int_equal(nrx, 35);
	ASSERT_LEVELS(false, true, false, true, false);
}

/* Linux's console on shutdown: CR keeps UARTEN|TXE, FIFOs off. */
static void test_linux_shutdown_keeps_console(void **state)
{
	(void)state;
	linux_startup();
	wr_n(VPL011_IMSC, 2, 0);
	wr_n(VPL011_ICR, 2, 0xffff);
	wr_n(VPL011_CR, 2,
	     (rd_n(VPL011_CR, 2) & 0xc00) | VPL011_CR_UARTEN | VPL011_CR_TXE);
	wr_n(VPL011_LCR_H, 2, rd_n(VPL011_LCR_H, 2) & ~(0x01u | 0x10u));
	wr(VPL011_DR, 'k');
	assert_int_equal(ntx, 1);
	assert_false(vpl011_rx(&u, 'r')); /* receiver off */
	ASSERT_LEVELS(false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_reports_line_low, setup),
		cmocka_unit_test_setup(test_reset_values, setup),
		cmocka_unit_test_setup(test_init_twice_resets, setup),
		cmocka_unit_test_setup(test_ids, setup),
		cmocka_unit_test_setup(test_amba_probe_ids, setup),
		cmocka_unit_test_setup(test_rw_registers, setup),
		cmocka_unit_test_setup(test_rw_registers_independent, setup),
		cmocka_unit_test_setup(test_read_only_registers_ignore_writes,
				       setup),
		cmocka_unit_test_setup(test_rsr_ecr, setup),
		cmocka_unit_test_setup(test_unknown_offsets_raz_wi, setup),
		cmocka_unit_test_setup(test_dmacr_stored_no_dma, setup),
		cmocka_unit_test_setup(test_tx_needs_uarten_and_txe, setup),
		cmocka_unit_test_setup(test_tx_sizes, setup),
		cmocka_unit_test_setup(test_tx_all_byte_values, setup),
		cmocka_unit_test_setup(test_fr_while_transmitting, setup),
		cmocka_unit_test_setup(test_fr_fast_path_matches_register, setup),
		cmocka_unit_test_setup(test_read_fr_fast_path_sizes, setup),
		cmocka_unit_test_setup(test_null_callbacks, setup),
		cmocka_unit_test_setup(test_loopback, setup),
		cmocka_unit_test_setup(test_loopback_fifo_full_drops, setup),
		cmocka_unit_test_setup(test_rx_fifo_order_and_flags, setup),
		cmocka_unit_test_setup(test_rx_high_bytes, setup),
		cmocka_unit_test_setup(test_rx_fifo_full_and_wrap, setup),
		cmocka_unit_test_setup(test_rx_needs_receiver_enabled, setup),
		cmocka_unit_test_setup(test_fifo_disabled_one_deep, setup),
		cmocka_unit_test_setup(test_fen_off_keeps_queued_bytes, setup),
		cmocka_unit_test_setup(test_dr_read_sizes, setup),
		cmocka_unit_test_setup(test_fr_sizes, setup),
		cmocka_unit_test_setup(test_sub_word_writes_hit_their_lanes,
				       setup),
		cmocka_unit_test_setup(test_bad_accesses, setup),
		cmocka_unit_test_setup(test_mis_is_ris_masked, setup),
		cmocka_unit_test_setup(test_line_follows_mask, setup),
		cmocka_unit_test_setup(test_rx_interrupt_fifo_disabled, setup),
		cmocka_unit_test_setup(test_rx_trigger_levels, setup),
		cmocka_unit_test_setup(test_rx_timeout_interrupt, setup),
		cmocka_unit_test_setup(test_icr_clears_rx_latches, setup),
		cmocka_unit_test_setup(test_icr_byte_lanes, setup),
		cmocka_unit_test_setup(test_ifls_and_fen_changes_lower_rxris,
				       setup),
		cmocka_unit_test_setup(test_tx_interrupt, setup),
		cmocka_unit_test_setup(test_tx_interrupt_on_uarten, setup),
		cmocka_unit_test_setup(test_earlycon, setup),
		cmocka_unit_test_setup(test_earlycon_unenabled_drops, setup),
		cmocka_unit_test_setup(test_boot_enable_as_cr_write, setup),
		cmocka_unit_test_setup(test_linux_modern_tx_is_polled, setup),
		cmocka_unit_test_setup(test_linux_old_tx_by_interrupt, setup),
		cmocka_unit_test_setup(test_linux_rx_by_interrupt, setup),
		cmocka_unit_test_setup(test_linux_shutdown_keeps_console, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
