/*
 * Virtual PL011 UART (register map and interrupt model in
 * core/include/core/vpl011.h). Every change of state goes through one of the
 * entry points, which end by recomputing the interrupt line.
 */
#include <core/vpl011.h>
#include <string.h>

#define FIFO_MASK (VPL011_FIFO_DEPTH - 1)
_Static_assert((VPL011_FIFO_DEPTH & FIFO_MASK) == 0,
	       "the RX FIFO index wraps with a mask");

/* Writable bits of the plain read/write registers. */
#define ILPR_MASK 0xffu
#define IBRD_MASK 0xffffu
#define FBRD_MASK 0x3fu
#define LCR_H_MASK 0xffu
#define IFLS_MASK 0x3fu
#define DMACR_MASK 0x7u

/* PeriphID0-3 (part 0x011, designer 0x41, revision 3 = r1p5), PCellID0-3. */
static const uint8_t id_regs[8] = {0x11, 0x10, 0x34, 0x00,
				   0x0d, 0xf0, 0x05, 0xb1};

static bool tx_enabled(const struct vpl011 *u)
{
	uint32_t on = VPL011_CR_UARTEN | VPL011_CR_TXE;

	return (u->cr & on) == on;
}

static bool rx_enabled(const struct vpl011 *u)
{
	uint32_t on = VPL011_CR_UARTEN | VPL011_CR_RXE;

	return (u->cr & on) == on;
}

static unsigned rx_capacity(const struct vpl011 *u)
{
	return (u->lcr_h & VPL011_LCR_H_FEN) ? VPL011_FIFO_DEPTH : 1;
}

static bool rx_full(const struct vpl011 *u)
{
	return u->rx_count >= rx_capacity(u);
}

/* Bytes at which RXRIS is raised: IFLS.RXIFLSEL in eighths of the FIFO. */
static unsigned rx_trigger(const struct vpl011 *u)
{
	static const uint8_t level[8] = {4, 8, 16, 24, 28, 28, 28, 28};

	if (!(u->lcr_h & VPL011_LCR_H_FEN))
		return 1;
	return level[(u->ifls >> 3) & 7];
}

/* The RX interrupts that clear by themselves as the FIFO drains. */
static void rx_lower(struct vpl011 *u)
{
	if (u->rx_count < rx_trigger(u))
		u->ris &= ~VPL011_INT_RX;
	if (u->rx_count == 0)
		u->ris &= ~VPL011_INT_RT;
}

static void rx_push(struct vpl011 *u, uint8_t c)
{
	u->rx_fifo[(u->rx_head + u->rx_count) & FIFO_MASK] = c;
	u->rx_count++;
	u->ris |= VPL011_INT_RT; /* no bit clock: a waiting byte has timed out */
	if (u->rx_count >= rx_trigger(u))
		u->ris |= VPL011_INT_RX;
}

static uint32_t rx_pop(struct vpl011 *u)
{
	uint8_t c;

	if (u->rx_count == 0)
		return 0;
	c = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) & FIFO_MASK;
	u->rx_count--;
	rx_lower(u);
	return c;
}

static void update_line(struct vpl011 *u)
{
	bool level = (u->ris & u->imsc) != 0;

	if (level == u->line)
		return;
	u->line = level;
	if (u->irq)
		u->irq(u->ctx, level);
}

void vpl011_init(struct vpl011 *u, void (*tx)(void *, char),
		 void (*irq)(void *, bool), void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->cr = VPL011_CR_RESET;
	u->ifls = VPL011_IFLS_RESET;
	u->tx = tx;
	u->irq = irq;
	u->ctx = ctx;
	u->line = false;
	if (irq)
		irq(ctx, false);
}

unsigned vpl011_rx_space(const struct vpl011 *u)
{
	/* In loopback the receiver listens to the transmitter only. */
	if (!rx_enabled(u) || (u->cr & VPL011_CR_LBE) || rx_full(u))
		return 0;
	return rx_capacity(u) - u->rx_count;
}

bool vpl011_rx(struct vpl011 *u, char c)
{
	if (vpl011_rx_space(u) == 0)
		return false;
	rx_push(u, (uint8_t)c);
	update_line(u);
	return true;
}

void vpl011_boot_enable(struct vpl011 *u)
{
	bool was_tx = tx_enabled(u);

	u->cr |= VPL011_CR_UARTEN | VPL011_CR_TXE | VPL011_CR_RXE;
	if (!was_tx)
		u->ris |= VPL011_INT_TX; /* empty FIFO, now enabled */
	update_line(u);
}

static void dr_write(struct vpl011 *u, uint8_t c)
{
	if (!tx_enabled(u)) {
		u->tx_dropped++;
		return;
	}
	if (u->cr & VPL011_CR_LBE) {
		/* Looped back; lost like any byte the receiver cannot take. */
		if (rx_enabled(u) && !rx_full(u))
			rx_push(u, c);
	} else if (u->tx) {
		u->tx(u->ctx, (char)c);
	}
	/* The byte has left: the TX FIFO drained past its trigger level. */
	u->ris |= VPL011_INT_TX;
}

static uint32_t fr_read(const struct vpl011 *u)
{
	uint32_t fr = VPL011_FR_TXFE | VPL011_FR_CTS | VPL011_FR_DSR |
		      VPL011_FR_DCD;
	unsigned count = *(const volatile unsigned *)&u->rx_count;
	uint32_t lcr_h = *(const volatile uint32_t *)&u->lcr_h;

	if (count == 0)
		fr |= VPL011_FR_RXFE;
	if (count >= ((lcr_h & VPL011_LCR_H_FEN) ? VPL011_FIFO_DEPTH : 1))
		fr |= VPL011_FR_RXFF;
	return fr;
}



/* reg: the register's offset; pop: the read includes DR's data byte. */
static uint32_t reg_read(struct vpl011 *u, uint32_t reg, bool pop)
{
	switch (reg) {
	case VPL011_DR:
		return pop ? rx_pop(u) : 0;
	case VPL011_FR:
		return fr_read(u);
	case VPL011_ILPR:
		return u->ilpr;
	case VPL011_IBRD:
		return u->ibrd;
	case VPL011_FBRD:
		return u->fbrd;
	case VPL011_LCR_H:
		return u->lcr_h;
	case VPL011_CR:
		return u->cr;
	case VPL011_IFLS:
		return u->ifls;
	case VPL011_IMSC:
		return u->imsc;
	case VPL011_RIS:
		return u->ris;
	case VPL011_MIS:
		return u->ris & u->imsc;
	case VPL011_DMACR:
		return u->dmacr;
	default:
		if (reg >= VPL011_PERIPHID0 && reg < VPL011_SIZE)
			return id_regs[(reg - VPL011_PERIPHID0) / 4];
		return 0; /* RSR, ICR (write-only), reserved */
	}
}

/* Replaces the bits of *r in lanes with value, keeping only mask. */
static void merge(uint32_t *r, uint32_t value, uint32_t lanes, uint32_t mask)
{
	*r = ((*r & ~lanes) | (value & lanes)) & mask;
}

/* value is already shifted into its byte lanes; lanes marks them. */
static void reg_write(struct vpl011 *u, uint32_t reg, uint32_t value,
		      uint32_t lanes)
{
	bool was_tx = tx_enabled(u);

	switch (reg) {
	case VPL011_DR:
		if (lanes & 0xffu)
			dr_write(u, (uint8_t)value);
		break;
	case VPL011_ILPR:
		merge(&u->ilpr, value, lanes, ILPR_MASK);
		break;
	case VPL011_IBRD:
		merge(&u->ibrd, value, lanes, IBRD_MASK);
		break;
	case VPL011_FBRD:
		merge(&u->fbrd, value, lanes, FBRD_MASK);
		break;
	case VPL011_LCR_H:
		merge(&u->lcr_h, value, lanes, LCR_H_MASK);
		rx_lower(u); /* the trigger level may have risen */
		break;
	case VPL011_CR:
		merge(&u->cr, value, lanes, VPL011_CR_MASK);
		if (!was_tx && tx_enabled(u))
			u->ris |= VPL011_INT_TX; /* empty FIFO, now enabled */
		break;
	case VPL011_IFLS:
		merge(&u->ifls, value, lanes, IFLS_MASK);
		rx_lower(u);
		break;
	case VPL011_IMSC:
		merge(&u->imsc, value, lanes, VPL011_INT_ALL);
		break;
	case VPL011_ICR:
		u->ris &= ~(value & lanes & VPL011_INT_ALL);
		break;
	case VPL011_DMACR:
		merge(&u->dmacr, value, lanes, DMACR_MASK);
		break;
	default:
		break; /* RSR/ECR (nothing to clear), FR, RIS, MIS, IDs, reserved */
	}
}

static uint32_t lane_mask(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

uint32_t vpl011_fr(const struct vpl011 *u)
{
	return fr_read(u);
}

bool vpl011_read_fr(const struct vpl011 *u, struct mmio_access *a)
{
	uint32_t off = a->offset;
	unsigned size = a->size;

	/* size 1, 2 or 4 (a power of two up to 4), aligned to itself */
	if (a->write || (off & ~3u) != VPL011_FR || !size || size > 4 ||
	    (size & (size - 1)) || (off & (size - 1)))
		return false;
	a->data = (fr_read(u) >> ((off & 3u) * 8)) & lane_mask(size);
	return true;
}

int vpl011_access(void *dev, struct mmio_access *a)
{
	struct vpl011 *u = dev;
	uint32_t reg, lanes;
	unsigned shift;

	if (a->size != 1 && a->size != 2 && a->size != 4)
		return MMIO_DEVICE_ERROR;
	if (a->offset % a->size || a->offset >= VPL011_SIZE)
		return MMIO_DEVICE_ERROR;

	reg = a->offset & ~3u;
	shift = (a->offset & 3u) * 8;
	lanes = lane_mask(a->size) << shift;
	if (a->write)
		reg_write(u, reg, (a->data & lane_mask(a->size)) << shift,
			  lanes);
	else
		a->data = (reg_read(u, reg, shift == 0) & lanes) >> shift;
	update_line(u);
	return MMIO_OK;
}
