/*
 * A partition's console UART: the virtual PL011 (core/vpl011.c) at its guest
 * platform's UART address, transmitting to and receiving from the
 * partition's console (core/guest_console.c), its interrupt an input of the
 * partition's vGIC. Its registers change under the console's rx_lock, so
 * the receive FIFO and the console's input queue change together.
 */
#include <core/guest_console.h>
#include <core/partition.h>
#include <core/vgic.h>
#include <core/vpl011.h>

static void uart_tx(void *ctx, char c)
{
	guest_console_putc(ctx, c);
}

static void uart_irq(void *ctx, bool level)
{
	struct partition *p = ctx;

	vgic_set_level(&p->vgic, 0, p->gp->uart_irq, level);
}

/* The console's input sink; rx_lock held. */
static bool uart_rx(struct partition *p, char c)
{
	return vpl011_rx(&p->vuart, c);
}

static int uart_access(void *dev, struct mmio_access *a)
{
	struct partition *p = dev;
	int rc;

	/* FR, polled before each byte the guest sends: no lock (vpl011.h). */
	if (vpl011_read_fr(&p->vuart, a))
		return MMIO_OK;
	spin_lock(&p->console.rx_lock);
	rc = vpl011_access(&p->vuart, a);
	guest_console_refill(p); /* a read may have made room */
	spin_unlock(&p->console.rx_lock);
	return rc;
}

/* As a boot loader leaves it: enabled, so earlycon output is not lost. */
static void uart_reset(struct partition *p)
{
	spin_lock(&p->console.rx_lock);
	vpl011_init(&p->vuart, uart_tx, uart_irq, p);
	vpl011_boot_enable(&p->vuart);
	guest_console_rx_clear(p);
	spin_unlock(&p->console.rx_lock);
}

int vpl011_attach(struct partition *p)
{
	if (p->cfg->console != CONSOLE_VIRTUAL)
		return 0;
	guest_console_set_sink(p, uart_rx);
	return vdev_attach(p, "virtual UART", p->gp->uart, VPL011_SIZE,
			   uart_access, p, uart_reset);
}
