/*
 * Reads what the kit needs from the partition's device tree: memory regions,
 * vCPUs, the test device, the PSCI method, the GIC, the timer's virtual PPI,
 * the PL011 (and a second, passed-through one), a passed-through PL031 and
 * bootargs (testkit.probe=, .finish=, .uart-rx, .passthrough-uart,
 * .passthrough-rtc, .mode=).
 * Everything is copied into tk_plat, so the tree is not touched afterwards.
 */
#include "testkit.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

struct tk_platform tk_plat;

static uint32_t be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return fdt32_to_cpu(v);
}

static uint64_t read_cells(const uint8_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | be32(p + 4 * i);
	return v;
}

static int root_cells(const void *fdt, const char *name, int dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, 0, name, &len);

	return p && len == 4 ? (int)be32(p) : dflt;
}

static bool name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

static bool prop_is(const void *fdt, int node, const char *prop,
		    const char *value)
{
	int len;
	const char *p = fdt_getprop(fdt, node, prop, &len);

	return p && len > 0 && !strncmp(p, value, (size_t)len);
}

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

/* The value of bootargs word "key=value" (key includes the '='), or NULL. */
static const char *bootarg(const char *args, const char *key)
{
	size_t n = strlen(key);

	for (const char *s = args; (s = strstr(s, key)) != NULL; s += n)
		if (s == args || s[-1] == ' ')
			return s + n;
	return NULL;
}

/* Is `word` one of the bootargs words (alone, or followed by '=')? */
static bool bootarg_word(const char *args, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = args; (s = strstr(s, word)) != NULL; s += n)
		if ((s == args || s[-1] == ' ') &&
		    (s[n] == '\0' || s[n] == ' ' || s[n] == '='))
			return true;
	return false;
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
	const char *s = bootarg(p->bootargs, "testkit.probe=");
	const char *f = bootarg(p->bootargs, "testkit.finish=");
	const char *m = bootarg(p->bootargs, "testkit.mode=");

	p->uart_rx = bootarg_word(p->bootargs, "testkit.uart-rx");
	p->pt_uart_run = bootarg_word(p->bootargs, "testkit.passthrough-uart");
	p->pt_rtc_run = bootarg_word(p->bootargs, "testkit.passthrough-rtc");
	if (m && arg_is(m, "sgi-flood"))
		p->mode = TK_MODE_SGI_FLOOD;
	else if (m && arg_is(m, "timer-latency"))
		p->mode = TK_MODE_TIMER_LATENCY;
	else if (m && arg_is(m, "bench"))
		p->mode = TK_MODE_BENCH;
	else if (m && arg_is(m, "console-flood"))
		p->mode = TK_MODE_CONSOLE_FLOOD;
	else if (m)
		tk_printf("# bootargs: testkit.mode takes sgi-flood, "
			  "timer-latency, bench or console-flood\n");

	while (s) {
		uint32_t a;
		const char *e = parse_hex(s, &a);

		if (!e || (*e != ',' && *e != ' ' && *e != '\0')) {
			tk_printf("# bootargs: cannot parse testkit.probe at "
				  "\"%.16s\"\n", s);
			break;
		}
		if (p->nr_probes < TK_MAX_PROBES)
			p->probes[p->nr_probes++] = a;
		else
			tk_printf("# bootargs: more than %d probe addresses, "
				  "ignoring 0x%x\n", TK_MAX_PROBES, (unsigned)a);
		s = *e == ',' ? e + 1 : NULL;
	}
	if (f && !strncmp(f, "reset", 5) && (f[5] == ' ' || f[5] == '\0'))
		p->finish_reset = true;
	else if (f && !(!strncmp(f, "off", 3) && (f[3] == ' ' || f[3] == '\0')))
		tk_printf("# bootargs: testkit.finish takes off or reset\n");
}

/* Entry i of node's reg, with the parent's #address-cells/#size-cells (no
 * ranges translation: the nodes the kit reads sit at the root). */
static bool node_reg(const void *fdt, int node, int i, uint64_t *base,
		     uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const uint8_t *reg;

	if (parent < 0)
		return false;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return false;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 4 * (ac + sc) * (i + 1))
		return false;
	reg += 4 * (ac + sc) * i;
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + 4 * ac, sc) : 0;
	return *base < (1ull << 32);
}

/* INTID of entry i of node's interrupts (GIC binding: <type number flags>,
 * type 0 SPI, 1 PPI), or 0. */
static unsigned node_intid(const void *fdt, int node, int i, int icells)
{
	int len;
	const uint8_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num;

	if (!irq || icells < 2 || len < 4 * icells * (i + 1))
		return 0;
	irq += 4 * icells * i;
	type = be32(irq);
	num = be32(irq + 4);
	if (type == 0 && num < GIC_MAX_IRQS - 32)
		return 32 + num;
	if (type == 1 && num < 16)
		return 16 + num;
	return 0;
}

/* The interrupt controller, the timer's virtual and physical PPIs and the
   PL011. */
static void parse_irq_nodes(const void *fdt, struct tk_platform *p)
{
	uint64_t base, size, base2, size2;
	int node, icells = 3, len;
	const void *prop;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (node < 0) {
		snprintf(p->gic_why, sizeof(p->gic_why), "no interrupt "
			 "controller: no \"arm,cortex-a15-gic\" node in the "
			 "device tree");
	} else if (!node_reg(fdt, node, 0, &base, &size) ||
		   !node_reg(fdt, node, 1, &base2, &size2)) {
		snprintf(p->gic_why, sizeof(p->gic_why), "the "
			 "\"arm,cortex-a15-gic\" node has no usable reg "
			 "<GICD ...>, <GICC ...>");
	} else {
		p->has_gic = true;
		p->gicd = (uint32_t)base;
		p->gicc = (uint32_t)base2;
		prop = fdt_getprop(fdt, node, "#interrupt-cells", &len);
		if (prop && len == 4)
			icells = (int)be32(prop);
	}

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	if (node < 0) {
		snprintf(p->timer_why, sizeof(p->timer_why), "no "
			 "\"arm,armv7-timer\" node in the device tree");
	} else if ((p->vtimer_irq = node_intid(fdt, node, 2, icells)) < 16 ||
		   p->vtimer_irq >= 32) {
		snprintf(p->timer_why, sizeof(p->timer_why), "the "
			 "\"arm,armv7-timer\" node has no PPI as its third "
			 "(virtual timer) interrupt");
		p->vtimer_irq = 0;
	} else {
		p->has_vtimer = true;
	}
	if (node >= 0) {
		p->ptimer_irq = node_intid(fdt, node, 1, icells);
		p->has_ptimer = p->ptimer_irq >= 16 && p->ptimer_irq < 32;
		if (!p->has_ptimer)
			p->ptimer_irq = 0;
	}

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0) {
		snprintf(p->uart_why, sizeof(p->uart_why), "no \"arm,pl011\" "
			 "node in the device tree");
	} else if (!node_reg(fdt, node, 0, &base, &size)) {
		snprintf(p->uart_why, sizeof(p->uart_why), "the \"arm,pl011\" "
			 "node has no usable reg");
	} else {
		p->has_uart = true;
		p->uart = (uint32_t)base;
		p->uart_irq = node_intid(fdt, node, 0, icells);
		if (p->uart_irq < 32)
			p->uart_irq = 0; /* a UART's interrupt is an SPI */
	}

	/* A passed-through PL011: the first other "arm,pl011" node whose reg
	 * is not the console's (the virtual one, at the preset's address). */
	if (p->has_uart)
		snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "no second "
			 "\"arm,pl011\" node (other than the console at "
			 "0x%08x) in the device tree", (unsigned)p->uart);
	else
		snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "%s",
			 p->uart_why);
	while (p->has_uart &&
	       (node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011"))
	       >= 0) {
		if (!node_reg(fdt, node, 0, &base, &size)) {
			snprintf(p->pt_uart_why, sizeof(p->pt_uart_why), "the "
				 "second \"arm,pl011\" node has no usable "
				 "reg");
			continue;
		}
		if ((uint32_t)base == p->uart)
			continue;
		p->has_pt_uart = true;
		p->pt_uart = (uint32_t)base;
		p->pt_uart_irq = node_intid(fdt, node, 0, icells);
		if (p->pt_uart_irq < 32)
			p->pt_uart_irq = 0;
		break;
	}

	/* A passed-through PL031 RTC (no virtual one exists). */
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031");
	if (node < 0) {
		snprintf(p->pt_rtc_why, sizeof(p->pt_rtc_why), "no "
			 "\"arm,pl031\" node in the device tree");
	} else if (!node_reg(fdt, node, 0, &base, &size)) {
		snprintf(p->pt_rtc_why, sizeof(p->pt_rtc_why), "the "
			 "\"arm,pl031\" node has no usable reg");
	} else {
		p->has_pt_rtc = true;
		p->pt_rtc = (uint32_t)base;
		p->pt_rtc_irq = node_intid(fdt, node, 0, icells);
		if (p->pt_rtc_irq < 32)
			p->pt_rtc_irq = 0;
	}
}

int tk_dt_parse(const void *fdt, struct tk_platform *p, char *why,
		size_t whylen)
{
	int err = fdt_check_header(fdt);
	int ac, sc, node, len;

	if (err) {
		snprintf(why, whylen, "bad device tree header: %s",
			 fdt_strerror(err));
		return -1;
	}
	ac = root_cells(fdt, "#address-cells", 2);
	sc = root_cells(fdt, "#size-cells", 1);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		snprintf(why, whylen, "unsupported #address-cells %d / "
			 "#size-cells %d", ac, sc);
		return -1;
	}

	/* Memory: every top-level memory node, every reg entry. */
	p->mem_lo = UINT64_MAX;
	p->mem_hi = 0;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		const uint8_t *reg;

		if (!name || !(name_is(name, "memory") ||
			       prop_is(fdt, node, "device_type", "memory")))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg)
			continue;
		for (int off = 0; off + 4 * (ac + sc) <= len;
		     off += 4 * (ac + sc)) {
			uint64_t base = read_cells(reg + off, ac);
			uint64_t size = read_cells(reg + off + 4 * ac, sc);

			if (size == 0)
				continue;
			if (base >= (1ull << 32)) {
				tk_printf("# memory at 0x%x%08x is above 4 GB: "
					  "ignored\n", (unsigned)(base >> 32),
					  (unsigned)base);
				continue;
			}
			if (base + size > (1ull << 32))
				size = (1ull << 32) - base;
			if (p->nr_mem == TK_MAX_MEM) {
				tk_printf("# more than %d memory regions: "
					  "ignoring the rest\n", TK_MAX_MEM);
				break;
			}
			p->mem[p->nr_mem].base = base;
			p->mem[p->nr_mem].size = size;
			p->nr_mem++;
			if (base < p->mem_lo)
				p->mem_lo = base;
			if (base + size > p->mem_hi)
				p->mem_hi = base + size;
		}
	}
	if (p->nr_mem == 0) {
		snprintf(why, whylen, "no memory node with a usable reg");
		return -1;
	}

	/* vCPUs */
	node = fdt_path_offset(fdt, "/cpus");
	if (node >= 0) {
		int cpu;

		fdt_for_each_subnode(cpu, fdt, node) {
			const char *name = fdt_get_name(fdt, cpu, NULL);

			if (name && (name_is(name, "cpu") ||
				     prop_is(fdt, cpu, "device_type", "cpu")))
				p->nr_cpu_nodes++;
		}
	}
	if (p->nr_cpu_nodes == 0) {
		snprintf(why, whylen, "no /cpus/cpu@N node");
		return -1;
	}
	p->nr_vcpus = p->nr_cpu_nodes < TK_MAX_VCPUS ? p->nr_cpu_nodes
						      : TK_MAX_VCPUS;

	/* PSCI method */
	node = fdt_path_offset(fdt, "/psci");
	if (node >= 0) {
		const char *m = fdt_getprop(fdt, node, "method", &len);

		if (m && len > 0)
			snprintf(p->psci_method, sizeof(p->psci_method), "%.*s",
				 len, m);
	}

	/* Test device: the first reg entry */
	node = fdt_node_offset_by_compatible(fdt, -1, "tessera,test-device");
	if (node >= 0) {
		const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (reg && len >= 4 * (ac + sc)) {
			uint64_t base = read_cells(reg, ac);
			uint64_t size = read_cells(reg + 4 * ac, sc);

			if (base < (1ull << 32) && size >= 0x20 &&
			    size <= 0x100000) {
				p->has_testdev = true;
				p->testdev = (uint32_t)base;
				p->testdev_size = (uint32_t)size;
			} else {
				tk_printf("# test-device reg 0x%x%08x+0x%x "
					  "unusable: ignored\n",
					  (unsigned)(base >> 32), (unsigned)base,
					  (unsigned)size);
			}
		}
	}

	parse_irq_nodes(fdt, p);

	/* bootargs */
	node = fdt_path_offset(fdt, "/chosen");
	if (node >= 0) {
		const char *b = fdt_getprop(fdt, node, "bootargs", &len);

		if (b && len > 0) {
			p->has_bootargs = true;
			snprintf(p->bootargs, sizeof(p->bootargs), "%.*s", len,
				 b);
			parse_bootargs(p);
		}
	}
	return 0;
}

bool tk_in_memory(uint64_t addr)
{
	for (unsigned i = 0; i < tk_plat.nr_mem; i++)
		if (addr >= tk_plat.mem[i].base &&
		    addr - tk_plat.mem[i].base < tk_plat.mem[i].size)
			return true;
	return false;
}

bool tk_in_testdev(uint64_t addr)
{
	return tk_plat.has_testdev && addr >= tk_plat.testdev &&
	       addr - tk_plat.testdev < tk_plat.testdev_size;
}
