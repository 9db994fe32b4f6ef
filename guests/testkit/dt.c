/*
 * What the kit reads from the partition's device tree beyond the runtime's
 * guest_plat (guests/lib dt.h): the vCPUs it tests, the test device, a
 * second, passed-through PL011, a passed-through PL031, and its bootargs
 * words (testkit.probe=, .finish=, .uart-rx, .passthrough-uart,
 * .passthrough-rtc, .mode=). Everything is copied into tk_plat, so the
 * tree is not touched afterwards.
 */
#include "testkit.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

struct tk_platform tk_plat;

/* Parses a hex number (optional 0x); returns the end, or NULL if none. */
static const char *parse_hex(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (;; s++, digits++) {
		char c = *s;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (digits >= 8)
			return NULL;
		v = (v << 4) | d;
	}
	*out = v;
	return digits ? s : NULL;
}

/* Does the value at v equal `value` (up to the end of the word)? */
static bool arg_is(const char *v, const char *value)
{
	size_t n = strlen(value);

	return !strncmp(v, value, n) && (v[n] == ' ' || v[n] == '\0');
}

/*
 * testkit.probe=0xA,0xB  addresses of memory the partition must not reach
 * testkit.finish=reset   end with PSCI SYSTEM_RESET instead of SYSTEM_OFF
 * testkit.uart-rx        run uart_rx_interrupt (waits for "ping" on the UART)
 * testkit.passthrough-uart  run passthrough_uart_rx_tx_and_irq (the second
 *                        PL011: writes a line, waits for "pong")
 * testkit.passthrough-rtc   run passthrough_rtc_* (the "arm,pl031" node:
 *                        its match interrupt, polled and taken)
 * testkit.mode=sgi-flood|timer-latency   a measurement after the checks
 * testkit.mode=console-flood             endless HC_CONSOLE_WRITEs
 */
static void parse_bootargs(struct tk_platform *p)
{
	const char *s = dt_bootarg(guest_plat.bootargs, "testkit.probe=");
	const char *f = dt_bootarg(guest_plat.bootargs, "testkit.finish=");
	const char *m = dt_bootarg(guest_plat.bootargs, "testkit.mode=");

	p->uart_rx = dt_bootarg_word(guest_plat.bootargs, "testkit.uart-rx");
	p->pt_uart_run = dt_bootarg_word(guest_plat.bootargs,
					 "testkit.passthrough-uart");
	p->pt_rtc_run = dt_bootarg_word(guest_plat.bootargs,
					"testkit.passthrough-rtc");
	if (m && arg_is(m, "sgi-flood"))
		p->mode = TK_MODE_SGI_FLOOD;
	else if (m && arg_is(m, "timer-latency"))
		p->mode = TK_MODE_TIMER_LATENCY;
	else if (m && arg_is(m, "bench"))
		p->mode = TK_MODE_BENCH;
	else if (m && arg_is(m, "console-flood"))
		p->mode = TK_MODE_CONSOLE_FLOOD;
	else if (m)
		guest_printf("# bootargs: testkit.mode takes sgi-flood, "
			     "timer-latency, bench or console-flood\n");

	while (s) {
		uint32_t a;
		const char *e = parse_hex(s, &a);

		if (!e || (*e != ',' && *e != ' ' && *e != '\0')) {
			guest_printf("# bootargs: cannot parse testkit.probe "
				     "at \"%.16s\"\n", s);
			break;
		}
		if (p->nr_probes < TK_MAX_PROBES)
			p->probes[p->nr_probes++] = a;
		else
			guest_printf("# bootargs: more than %d probe "
				     "addresses, ignoring 0x%x\n",
				     TK_MAX_PROBES, (unsigned)a);
		s = *e == ',' ? e + 1 : NULL;
	}
	if (f && !strncmp(f, "reset", 5) && (f[5] == ' ' || f[5] == '\0'))
		p->finish_reset = true;
	else if (f && !(!strncmp(f, "off", 3) && (f[3] == ' ' || f[3] == '\0')))
		guest_printf("# bootargs: testkit.finish takes off or reset\n");
}

/* The test device: its first reg entry */
static void parse_testdev(const void *fdt, struct tk_platform *p)
{
	int node = dt_find_compatible(fdt, -1, "tessera,test-device");
	uint64_t base, size;

	if (node < 0 || !dt_node_reg(fdt, node, 0, &base, &size))
		return;
	if (size >= 0x20 && size <= 0x100000) {
		p->has_testdev = true;
		p->testdev = (uint32_t)base;
		p->testdev_size = (uint32_t)size;
	} else {
		guest_printf("# test-device reg 0x%08x+0x%x unusable: "
			     "ignored\n",
			     (unsigned)base, (unsigned)size);
	}
}

/* A passed-through PL011: the first other "arm,pl011" node whose reg is
 * not the console's (the virtual one, at the preset's address). */
static void parse_pt_uart(const void *fdt, struct tk_platform *p)
{
	int node = -1;
	uint64_t base;

	if (!guest_plat.has_uart) {
		snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "%s",
			 guest_plat.uart_why);
		return;
	}
	snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "no second "
		 "\"arm,pl011\" node (other than the console at 0x%08x) in "
		 "the device tree", (unsigned)guest_plat.uart);
	while ((node = dt_find_compatible(fdt, node, "arm,pl011")) >= 0) {
		if (!dt_node_reg(fdt, node, 0, &base, NULL)) {
			snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "the "
				 "second \"arm,pl011\" node has no usable reg");
			continue;
		}
		if ((uint32_t)base == guest_plat.uart)
			continue;
		p->has_pt_uart = true;
		p->pt_uart = (uint32_t)base;
		p->pt_uart_irq = dt_node_intid(fdt, node, 0, guest_plat.icells);
		if (p->pt_uart_irq < GIC_NR_PRIVATE)
			p->pt_uart_irq = 0; /* a UART's interrupt is an SPI */
		break;
	}
}

/* A passed-through PL031 RTC (no virtual one exists). */
static void parse_pt_rtc(const void *fdt, struct tk_platform *p)
{
	int node = dt_find_compatible(fdt, -1, "arm,pl031");
	uint64_t base;

	if (node < 0) {
		snprintf(p->pt_rtc_why, sizeof(p->pt_rtc_why), "no "
			 "\"arm,pl031\" node in the device tree");
	} else if (!dt_node_reg(fdt, node, 0, &base, NULL)) {
		snprintf(p->pt_rtc_why, sizeof(p->pt_rtc_why), "the "
			 "\"arm,pl031\" node has no usable reg");
	} else {
		p->has_pt_rtc = true;
		p->pt_rtc = (uint32_t)base;
		p->pt_rtc_irq = dt_node_intid(fdt, node, 0, guest_plat.icells);
		if (p->pt_rtc_irq < GIC_NR_PRIVATE)
			p->pt_rtc_irq = 0;
	}
}

void tk_dt_parse(const void *fdt, struct tk_platform *p)
{
	p->nr_vcpus = guest_plat.nr_cpu_nodes < TK_MAX_VCPUS
			      ? guest_plat.nr_cpu_nodes
			      : TK_MAX_VCPUS;
	parse_testdev(fdt, p);
	parse_pt_uart(fdt, p);
	parse_pt_rtc(fdt, p);
	if (guest_plat.has_bootargs)
		parse_bootargs(p);
}

bool tk_in_testdev(uint64_t addr)
{
	return tk_plat.has_testdev && addr >= tk_plat.testdev &&
	       addr - tk_plat.testdev < tk_plat.testdev_size;
}
