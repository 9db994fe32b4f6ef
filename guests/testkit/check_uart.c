/*
 * The partition's virtual PL011 (the tree's "arm,pl011" node): transmit by
 * polling, the PrimeCell IDs and, with testkit.uart-rx in bootargs, a
 * receive interrupt from the physical console (a system test types "ping").
 *
 * The hypervisor prints what the guest transmits on the host console,
 * prefixed with the partition's name, so uart_tx_via_pl011 can only check
 * that the UART took the bytes; the system test looks for the line.
 *
 * With testkit.passthrough-uart, a physical PL011 passed through to the
 * partition (a second "arm,pl011" node, not at the console's address): the
 * kit programs it as a boot loader would, transmits a line on it and waits
 * for "pong" through its receive interrupt, a physical SPI the hypervisor
 * forwards (a system test connects the UART to a pipe).
 */
#include "testkit.h"

#include <string.h>

#define U(x) ((unsigned)(x))
#define TX_WAIT_MS 1000u
#define RX_WAIT_MS 30000u
#define RX_EXPECT "ping"

static struct tk_guard g;

static uint32_t ua(uint32_t off) { return guest_plat.uart + off; }

static bool begin(const char *name, struct tk_diag *d)
{
	tk_begin(name);
	tk_diag_init(d);
	g.faults = 0;
	if (guest_plat.has_uart)
		return true;
	tk_fail("%s", guest_plat.uart_why);
	return false;
}

static void uart_tx_via_pl011(void)
{
	static const char line[] = "pl011 says hello\n";
	struct tk_diag d;
	struct guest_poll p;
	uint32_t cr, fr = 0;
	unsigned full = 0;

	if (!begin("uart_tx_via_pl011", &d))
		return;
	cr = tk_grd32(&g, ua(UART_CR));
	if (!g.faults && (cr & (UART_CR_UARTEN | UART_CR_TXE)) !=
	    (UART_CR_UARTEN | UART_CR_TXE))
		tk_diag_add(&d, "UARTCR 0x%04x: UARTEN or TXE clear at boot",
			    U(cr));
	for (unsigned i = 0; i < sizeof(line) - 1 && !g.faults; i++) {
		guest_poll_start(&p, TX_WAIT_MS);
		while ((fr = tk_grd32(&g, ua(UART_FR))) & UART_FR_TXFF) {
			if (g.faults || guest_poll_expired(&p))
				break;
		}
		if (fr & UART_FR_TXFF) {
			full++;
			break;
		}
		tk_gwr32(&g, ua(UART_DR), (uint8_t)line[i]);
	}
	if (full)
		tk_diag_add(&d, "UARTFR 0x%03x: TX FIFO full for %u ms", U(fr),
			    TX_WAIT_MS);
	fr = tk_grd32(&g, ua(UART_FR));
	if (!g.faults && !(fr & UART_FR_TXFE))
		tk_diag_add(&d, "UARTFR 0x%03x after the line: TXFE clear "
			    "(transmission is instantaneous)", U(fr));
	tk_guard_report(&d, &g);
	tk_report(&d);
}

static void uart_ids(void)
{
	/* PeriphID0-3: part 0x011, designer 0x41 (revision in PID2[7:4] not
	 * checked); PCellID0-3. */
	static const struct {
		uint32_t off, mask, want;
		const char *name;
	} ids[] = {
		{UART_PERIPHID0 + 0x0, 0xff, 0x11, "PeriphID0"},
		{UART_PERIPHID0 + 0x4, 0xff, 0x10, "PeriphID1"},
		{UART_PERIPHID0 + 0x8, 0x0f, 0x04, "PeriphID2[3:0]"},
		{UART_PERIPHID0 + 0xc, 0xff, 0x00, "PeriphID3"},
		{UART_PCELLID0 + 0x0, 0xff, 0x0d, "PCellID0"},
		{UART_PCELLID0 + 0x4, 0xff, 0xf0, "PCellID1"},
		{UART_PCELLID0 + 0x8, 0xff, 0x05, "PCellID2"},
		{UART_PCELLID0 + 0xc, 0xff, 0xb1, "PCellID3"},
	};
	struct tk_diag d;

	if (!begin("uart_ids", &d))
		return;
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		uint32_t v = tk_grd32(&g, ua(ids[i].off));

		if (g.faults)
			break;
		if ((v & ids[i].mask) != ids[i].want)
			tk_diag_add(&d, "%s (0x%03x) = 0x%08x, expected 0x%02x",
				    ids[i].name, U(ids[i].off), U(v),
				    U(ids[i].want));
	}
	tk_guard_report(&d, &g);
	tk_report(&d);
}

/* ------------------------------------------------------------ receive */
static struct {
	volatile uint32_t irqs, found;
	volatile uint32_t n;
	char buf[128];
} rx;

static void uart_rx_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	rx.irqs++;
	for (unsigned i = 0; i < 64; i++) { /* the FIFO holds 32 */
		if (guest_ld32(ua(UART_FR)) & UART_FR_RXFE)
			break;
		char c = (char)(guest_ld32(ua(UART_DR)) & 0xff);
		if (rx.n < sizeof(rx.buf) - 1)
			rx.buf[rx.n++] = c;
	}
	rx.buf[rx.n] = '\0';
	guest_st32(ua(UART_ICR), UART_INT_RX | UART_INT_RT);
	if (strstr(rx.buf, RX_EXPECT))
		rx.found = 1;
}

/* buf, with \r, \n, \\ and other bytes outside ASCII printables escaped */
static void escape(char *out, size_t len, const char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '\r' || c == '\n' || c == '\\') {
			out[o++] = '\\';
			out[o++] = c == '\r' ? 'r' : c == '\n' ? 'n' : '\\';
		} else if (c >= 0x20 && c < 0x7f) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

static void uart_rx_interrupt(void)
{
	unsigned id = guest_plat.uart_irq;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32), imsc, lcr, ris, mis;
	uint32_t fr;
	struct tk_diag d;
	char shown[4 * sizeof(rx.buf) + 8];

	if (!begin("uart_rx_interrupt", &d))
		return;
	if (!tk_gic.ok) {
		tk_fail("%s", tk_gic.why);
		return;
	}
	if (!id || id >= guest_gic.nr_irqs) {
		tk_fail("the UART's INTID (%u) is not an SPI of the GIC (%u "
			"interrupts)", id, guest_gic.nr_irqs);
		return;
	}
	rx.irqs = rx.found = rx.n = 0;
	rx.buf[0] = '\0';
	guest_irq_set_handler(id, uart_rx_handler, NULL);
	/* The 32-byte FIFO (as Linux): without it the receiver holds one byte
	 * and the rest of a line typed at once is lost. */
	lcr = tk_grd32(&g, ua(UART_LCR_H));
	tk_gwr32(&g, ua(UART_LCR_H), lcr | UART_LCR_H_FEN);
	imsc = tk_grd32(&g, ua(UART_IMSC));
	tk_gwr32(&g, ua(UART_IMSC), imsc | UART_INT_RX | UART_INT_RT);
	tk_gwr8(&g, guest_gic.gicd + GICD_ITARGETSR + id,
		1u << guest_cpu_index());
	tk_gwr8(&g, guest_gic.gicd + GICD_IPRIORITYR + id, TK_PRIO_LOW);
	tk_gwr32(&g, guest_gic.gicd + GICD_ISENABLER + w, b);
	/* Only now, with the FIFO and the interrupt ready, ask for input. */
	guest_printf("testkit: waiting for uart input\n");
	if (!g.faults)
		guest_irq_wait(&rx.found, 1, RX_WAIT_MS);
	tk_gwr32(&g, guest_gic.gicd + GICD_ICENABLER + w, b);
	ris = tk_grd32(&g, ua(UART_RIS));
	mis = tk_grd32(&g, ua(UART_MIS));
	fr = tk_grd32(&g, ua(UART_FR));
	tk_gwr32(&g, ua(UART_IMSC), imsc);
	tk_gwr32(&g, ua(UART_LCR_H), lcr);

	escape(shown, sizeof(shown), rx.buf, rx.n);
	guest_printf("uart received: %s\n", shown);
	if (!rx.found)
		tk_diag_add(&d, "no \"%s\" within %u ms: %u RX interrupt(s), %u "
			    "byte(s); UARTRIS 0x%03x, UARTMIS 0x%03x, UARTFR "
			    "0x%03x", RX_EXPECT, RX_WAIT_MS, U(rx.irqs),
			    U(rx.n), U(ris), U(mis), U(fr));
	tk_guard_report(&d, &g);
	tk_report(&d);
}

/* ------------------------------------------------------------ passthrough */
#define PT_TX_WAIT_MS 1000u
#define PT_RX_WAIT_MS 30000u
#define PT_RX_EXPECT "pong"
/* 115200 8N1 from the 24 MHz UARTCLK of the Versatile Express motherboard:
 * 24e6 / (16 * 115200) = 13.02 -> IBRD 13, FBRD round(0.02 * 64) = 1. */
#define PT_IBRD 13u
#define PT_FBRD 1u

static struct {
	uint32_t base;
	volatile uint32_t irqs, found, n, errors;
	char buf[128];
} pt;

/*
 * As Linux's pl011 driver: the RX interrupts are not cleared through ICR but
 * by draining the FIFO, and MIS is looked at again afterwards. A PL011
 * raises RXIS only as its FIFO rises to the trigger level (QEMU 7.2's at
 * the first byte), so an ICR write after the drain would erase the edge of a
 * byte that arrived meanwhile, and the interrupt would stay off for good.
 */
static void pt_rx_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	pt.irqs++;
	for (unsigned round = 0; round < 4; round++) {
		for (unsigned i = 0; i < 64; i++) { /* a FIFO holds 16 or 32 */
			if (guest_ld32(pt.base + UART_FR) & UART_FR_RXFE)
				break;
			uint32_t dr = guest_ld32(pt.base + UART_DR);

			if (dr & UART_DR_ERRORS)
				pt.errors++;
			if (pt.n < sizeof(pt.buf) - 1)
				pt.buf[pt.n++] = (char)(dr & 0xff);
		}
		if (!(guest_ld32(pt.base + UART_MIS) &
		      (UART_INT_RX | UART_INT_RT)))
			break;
	}
	pt.buf[pt.n] = '\0';
	if (strstr(pt.buf, PT_RX_EXPECT))
		pt.found = 1;
}

static void passthrough_uart_rx_tx_and_irq(void)
{
	static const char line[] = "uart1 says hello\n";
	unsigned id = tk_plat.pt_uart_irq, stale = 0, full = 0;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32), base = tk_plat.pt_uart;
	uint32_t fr = 0, ris, mis;
	char shown[4 * sizeof(pt.buf) + 8];
	struct tk_diag d;
	struct guest_poll p;

	tk_begin("passthrough_uart_rx_tx_and_irq");
	tk_diag_init(&d);
	g.faults = 0;
	if (!tk_plat.has_pt_uart) {
		tk_fail("%s", tk_plat.pt_uart_why);
		return;
	}
	if (!tk_gic.ok) {
		tk_fail("%s", tk_gic.why);
		return;
	}
	if (!id || id >= guest_gic.nr_irqs) {
		tk_fail("the passthrough UART's INTID (%u) is not an SPI of the "
			"GIC (%u interrupts)", id, guest_gic.nr_irqs);
		return;
	}
	pt.base = base;
	pt.irqs = pt.found = pt.n = pt.errors = 0;
	pt.buf[0] = '\0';

	/* As a boot loader: off, nothing pending or masked in, 115200 8N1
	 * with the FIFOs (LCR_H after the divisors latches them), on. */
	tk_gwr32(&g, base + UART_CR, 0);
	tk_gwr32(&g, base + UART_IMSC, 0);
	tk_gwr32(&g, base + UART_ICR, UART_INT_ALL);
	tk_gwr32(&g, base + UART_IBRD, PT_IBRD);
	tk_gwr32(&g, base + UART_FBRD, PT_FBRD);
	tk_gwr32(&g, base + UART_LCR_H, UART_LCR_H_WLEN8 | UART_LCR_H_FEN);
	tk_gwr32(&g, base + UART_CR, UART_CR_UARTEN | UART_CR_TXE |
		 UART_CR_RXE);

	for (unsigned i = 0; i < sizeof(line) - 1 && !g.faults; i++) {
		guest_poll_start(&p, PT_TX_WAIT_MS);
		while ((fr = tk_grd32(&g, base + UART_FR)) & UART_FR_TXFF)
			if (g.faults || guest_poll_expired(&p))
				break;
		if (fr & UART_FR_TXFF) {
			full++;
			break;
		}
		tk_gwr32(&g, base + UART_DR, (uint8_t)line[i]);
	}
	if (full)
		tk_diag_add(&d, "UARTFR 0x%03x: TX FIFO full for %u ms", U(fr),
			    PT_TX_WAIT_MS);

	/* Whatever arrived before now is not the answer. Clear, then drain
	 * (as Linux): RXIS is raised only as the FIFO rises to the trigger
	 * level, so a FIFO left holding bytes would never interrupt; a byte
	 * arriving after the drain raises it, and unmasking passes it on. */
	tk_gwr32(&g, base + UART_ICR, UART_INT_ALL);
	while (!g.faults && stale < 64 &&
	       !(tk_grd32(&g, base + UART_FR) & UART_FR_RXFE)) {
		(void)tk_grd32(&g, base + UART_DR);
		stale++;
	}
	if (stale)
		guest_printf("# passthrough UART: %u stale byte(s) discarded\n",
			     stale);

	guest_irq_set_handler(id, pt_rx_handler, NULL);
	tk_gwr32(&g, base + UART_IMSC, UART_INT_RX | UART_INT_RT);
	tk_gwr8(&g, guest_gic.gicd + GICD_IPRIORITYR + id, TK_PRIO_LOW);
	tk_gwr8(&g, guest_gic.gicd + GICD_ITARGETSR + id,
		1u << guest_cpu_index());
	tk_gwr32(&g, guest_gic.gicd + GICD_ICPENDR + w, b);
	tk_gwr32(&g, guest_gic.gicd + GICD_ISENABLER + w, b);
	/* Only now, with the UART and the interrupt ready, ask for input. */
	guest_printf("testkit: waiting for passthrough uart input\n");
	if (!g.faults)
		guest_irq_wait(&pt.found, 1, PT_RX_WAIT_MS);

	tk_gwr32(&g, guest_gic.gicd + GICD_ICENABLER + w, b);
	ris = tk_grd32(&g, base + UART_RIS);
	mis = tk_grd32(&g, base + UART_MIS);
	fr = tk_grd32(&g, base + UART_FR);
	tk_gwr32(&g, base + UART_IMSC, 0);
	tk_gwr32(&g, base + UART_ICR, UART_INT_ALL);
	guest_irq_set_handler(id, NULL, NULL);

	escape(shown, sizeof(shown), pt.buf, pt.n);
	guest_printf("passthrough uart received: %s\n", shown);
	if (pt.errors)
		guest_printf("# passthrough UART: %u byte(s) with an error "
			     "flag\n", U(pt.errors));
	if (!pt.found)
		tk_diag_add(&d, "no \"%s\" within %u ms: %u RX interrupt(s), "
			    "%u byte(s); UARTRIS 0x%03x, UARTMIS 0x%03x, "
			    "UARTFR 0x%03x", PT_RX_EXPECT, PT_RX_WAIT_MS,
			    U(pt.irqs), U(pt.n), U(ris), U(mis), U(fr));
	tk_guard_report(&d, &g);
	if (d.n)
		tk_report(&d);
	else
		tk_pass_note("%u RX interrupt(s), %u byte(s) on INTID %u",
			     U(pt.irqs), U(pt.n), id);
}

/*
 * The passed-through UART's SPI, disabled at the distributor: pending still
 * follows the UART's line (IHI 0048B 3.2.4), which the guest sees through
 * the physical distributor. A transmitted byte raises TXIS (QEMU 7.2 raises
 * it per byte written); ICR drops it. Then ISPENDR/ICPENDR writes set and
 * clear it, and nothing is delivered.
 */
static void passthrough_uart_pending_polled(void)
{
	unsigned id = tk_plat.pt_uart_irq;
	uint32_t w = 4 * (id / 32), b = 1u << (id % 32), base = tk_plat.pt_uart;
	uint32_t v = 0, gicd = guest_gic.gicd;
	struct guest_irq_stats before, after;
	struct tk_diag d;
	struct guest_poll p;

	tk_begin("passthrough_uart_pending_polled");
	tk_diag_init(&d);
	g.faults = 0;
	if (!tk_plat.has_pt_uart || !tk_gic.ok || !id ||
	    id >= guest_gic.nr_irqs) {
		tk_fail("%s", !tk_plat.has_pt_uart ? tk_plat.pt_uart_why
			      : !tk_gic.ok	     ? tk_gic.why
						     : "no usable INTID");
		return;
	}
	guest_irq_stats(&before);
	tk_gwr32(&g, gicd + GICD_ICENABLER + w, b);
	tk_gwr32(&g, base + UART_IMSC, 0);
	tk_gwr32(&g, base + UART_ICR, UART_INT_ALL);
	tk_gwr32(&g, gicd + GICD_ICPENDR + w, b);
	if ((v = tk_grd32(&g, gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u pending (ISPENDR%u 0x%08x) with the "
			    "UART's interrupts masked", id, U(w / 4), U(v));
	tk_gwr32(&g, base + UART_IMSC, UART_INT_TX);
	tk_gwr32(&g, base + UART_DR, '\n');
	guest_poll_start(&p, PT_TX_WAIT_MS);
	while (!((v = tk_grd32(&g, gicd + GICD_ISPENDR + w)) & b) &&
	       !g.faults && !guest_poll_expired(&p))
		;
	if (!(v & b))
		tk_diag_add(&d, "INTID %u (disabled) not pending within %u ms "
			    "of a byte written with TXIM set: ISPENDR%u 0x%08x, "
			    "UARTMIS 0x%03x", id, PT_TX_WAIT_MS, U(w / 4), U(v),
			    U(tk_grd32(&g, base + UART_MIS)));
	tk_gwr32(&g, base + UART_ICR, UART_INT_TX);
	tk_gwr32(&g, base + UART_IMSC, 0);
	if ((v = tk_grd32(&g, gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u still pending (ISPENDR%u 0x%08x) after "
			    "the UART cleared it (UARTRIS 0x%03x)", id, U(w / 4),
			    U(v), U(tk_grd32(&g, base + UART_RIS)));
	tk_gwr32(&g, gicd + GICD_ISPENDR + w, b);
	if (!((v = tk_grd32(&g, gicd + GICD_ISPENDR + w)) & b))
		tk_diag_add(&d, "INTID %u not pending after an ISPENDR write "
			    "(ISPENDR%u 0x%08x)", id, U(w / 4), U(v));
	tk_gwr32(&g, gicd + GICD_ICPENDR + w, b);
	if ((v = tk_grd32(&g, gicd + GICD_ISPENDR + w)) & b)
		tk_diag_add(&d, "INTID %u still pending after an ICPENDR write "
			    "(ISPENDR%u 0x%08x)", id, U(w / 4), U(v));
	guest_irq_spin(2);
	guest_irq_stats(&after);
	if (after.entries != before.entries)
		tk_diag_add(&d, "%u interrupt(s) taken while the SPI was "
			    "disabled", U(after.entries - before.entries));
	tk_guard_report(&d, &g);
	tk_report(&d);
}

void tk_check_uart(void)
{
	uart_tx_via_pl011();
	uart_ids();
	if (tk_plat.uart_rx)
		uart_rx_interrupt();
	if (tk_plat.pt_uart_run) {
		passthrough_uart_rx_tx_and_irq();
		passthrough_uart_pending_polled();
	}
}
