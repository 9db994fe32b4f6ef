/*
 * Device tree helpers (libfdt) and guest_dt_parse(): memory, vCPUs, PSCI
 * method, GIC, timer PPIs, the first PL011 and bootargs, copied into a
 * struct guest_platform so that the tree is not needed afterwards.
 */
#include <guest/guest.h>

#include <libfdt.h>
#include <string.h>

uint32_t dt_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return fdt32_to_cpu(v);
}

uint64_t dt_read_cells(const void *p, int cells)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | dt_be32(b + 4 * i);
	return v;
}

int dt_root_cells(const void *fdt, const char *name, int dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, 0, name, &len);

	return p && len == 4 ? (int)dt_be32(p) : dflt;
}

bool dt_name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

bool dt_prop_is(const void *fdt, int node, const char *prop, const char *value)
{
	int len;
	const char *p = fdt_getprop(fdt, node, prop, &len);

	return p && len > 0 && !strncmp(p, value, (size_t)len);
}

bool dt_node_reg(const void *fdt, int node, int i, uint64_t *base,
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
	*base = dt_read_cells(reg, ac);
	if (size)
		*size = sc ? dt_read_cells(reg + 4 * ac, sc) : 0;
	return *base < (1ull << 32);
}

unsigned dt_node_intid(const void *fdt, int node, int i, int icells)
{
	int len;
	const uint8_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num;

	if (!irq || icells < 2 || len < 4 * icells * (i + 1))
		return 0;
	irq += 4 * icells * i;
	type = dt_be32(irq);
	num = dt_be32(irq + 4);
	if (type == 0 && num < GIC_MAX_IRQS - GIC_NR_PRIVATE)
		return GIC_NR_PRIVATE + num;
	if (type == 1 && num < GIC_NR_PRIVATE - GIC_NR_SGIS)
		return GIC_NR_SGIS + num;
	return 0;
}

int dt_find_compatible(const void *fdt, int from, const char *compat)
{
	return fdt_node_offset_by_compatible(fdt, from, compat);
}

const char *dt_bootarg(const char *args, const char *key)
{
	size_t n = strlen(key);

	for (const char *s = args; (s = strstr(s, key)) != NULL; s += n)
		if (s == args || s[-1] == ' ')
			return s + n;
	return NULL;
}

bool dt_bootarg_word(const char *args, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = args; (s = strstr(s, word)) != NULL; s += n)
		if ((s == args || s[-1] == ' ') &&
		    (s[n] == '\0' || s[n] == ' ' || s[n] == '='))
			return true;
	return false;
}

bool guest_in_memory(const struct guest_platform *p, uint64_t addr)
{
	for (unsigned i = 0; i < p->nr_mem; i++)
		if (addr >= p->mem[i].base &&
		    addr - p->mem[i].base < p->mem[i].size)
			return true;
	return false;
}

/* ---------------------------------------------------------------- parse */
/* Every top-level memory node, every reg entry below 4 GB. */
static int parse_memory(const void *fdt, struct guest_platform *p, char *why,
			size_t whylen)
{
	int ac = dt_root_cells(fdt, "#address-cells", 2);
	int sc = dt_root_cells(fdt, "#size-cells", 1);
	int node, len;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		guest_snprintf(why, whylen, "unsupported root #address-cells "
			       "%d / #size-cells %d in the device tree", ac, sc);
		return -1;
	}
	p->mem_lo = UINT64_MAX;
	p->mem_hi = 0;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		const uint8_t *reg;

		if (!name || !(dt_name_is(name, "memory") ||
			       dt_prop_is(fdt, node, "device_type", "memory")))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		for (int off = 0; reg && off + 4 * (ac + sc) <= len;
		     off += 4 * (ac + sc)) {
			uint64_t base = dt_read_cells(reg + off, ac);
			uint64_t size = dt_read_cells(reg + off + 4 * ac, sc);

			if (size == 0 || base >= (1ull << 32))
				continue;
			if (base + size > (1ull << 32))
				size = (1ull << 32) - base;
			if (p->nr_mem == GUEST_MAX_MEM)
				break; /* the rest stays Device: slower only */
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
		guest_snprintf(why, whylen, "no memory node with a usable reg in "
			       "the device tree");
		return -1;
	}
	return 0;
}

static void parse_gic(const void *fdt, struct guest_platform *p)
{
	int node = dt_find_compatible(fdt, -1, "arm,cortex-a15-gic");
	uint64_t base, base2;
	const void *prop;
	int len;

	p->icells = 3;
	if (node < 0) {
		guest_snprintf(p->gic_why, sizeof(p->gic_why), "no interrupt "
			       "controller: no \"arm,cortex-a15-gic\" node in "
			       "the device tree");
		return;
	}
	if (!dt_node_reg(fdt, node, 0, &base, NULL) ||
	    !dt_node_reg(fdt, node, 1, &base2, NULL)) {
		guest_snprintf(p->gic_why, sizeof(p->gic_why), "the "
			       "\"arm,cortex-a15-gic\" node has no usable reg "
			       "<GICD ...>, <GICC ...>");
		return;
	}
	p->has_gic = true;
	p->gicd = (uint32_t)base;
	p->gicc = (uint32_t)base2;
	prop = fdt_getprop(fdt, node, "#interrupt-cells", &len);
	if (prop && len == 4)
		p->icells = (int)dt_be32(prop);
}

static bool is_ppi(unsigned intid)
{
	return intid >= GIC_NR_SGIS && intid < GIC_NR_PRIVATE;
}

/* "arm,armv7-timer": interrupts <secure phys>, <phys>, <virt>, <hyp>. */
static void parse_timer(const void *fdt, struct guest_platform *p)
{
	int node = dt_find_compatible(fdt, -1, "arm,armv7-timer");
	const void *prop;
	int len;

	if (node < 0) {
		guest_snprintf(p->timer_why, sizeof(p->timer_why), "no timer: "
			       "no \"arm,armv7-timer\" node in the device tree");
		return;
	}
	prop = fdt_getprop(fdt, node, "clock-frequency", &len);
	p->timer_freq = prop && len == 4 ? dt_be32(prop) : 0;
	p->ptimer_irq = dt_node_intid(fdt, node, TIMER_DT_PHYS, p->icells);
	p->has_ptimer = is_ppi(p->ptimer_irq);
	p->vtimer_irq = dt_node_intid(fdt, node, TIMER_DT_VIRT, p->icells);
	p->has_vtimer = is_ppi(p->vtimer_irq);
	if (!p->has_ptimer)
		p->ptimer_irq = 0;
	if (!p->has_vtimer) {
		p->vtimer_irq = 0;
		guest_snprintf(p->timer_why, sizeof(p->timer_why), "the "
			       "\"arm,armv7-timer\" node has no PPI as its "
			       "third (virtual timer) interrupt");
	}
}

static void parse_uart(const void *fdt, struct guest_platform *p)
{
	int node = dt_find_compatible(fdt, -1, "arm,pl011");
	uint64_t base;

	if (node < 0) {
		guest_snprintf(p->uart_why, sizeof(p->uart_why), "no "
			       "\"arm,pl011\" node in the device tree");
		return;
	}
	if (!dt_node_reg(fdt, node, 0, &base, NULL)) {
		guest_snprintf(p->uart_why, sizeof(p->uart_why), "the "
			       "\"arm,pl011\" node has no usable reg");
		return;
	}
	p->has_uart = true;
	p->uart = (uint32_t)base;
	p->uart_irq = dt_node_intid(fdt, node, 0, p->icells);
	if (p->uart_irq < GIC_NR_PRIVATE)
		p->uart_irq = 0; /* a UART's interrupt is an SPI */
}

int guest_dt_parse(const void *fdt, struct guest_platform *p, char *why,
		   size_t whylen)
{
	int err = fdt_check_header(fdt);
	int node, len;

	if (err) {
		guest_snprintf(why, whylen, "bad device tree header: %s",
			       fdt_strerror(err));
		return -1;
	}
	p->dtb = (uint32_t)fdt;
	if (parse_memory(fdt, p, why, whylen))
		return -1;

	node = fdt_path_offset(fdt, "/cpus");
	if (node >= 0) {
		int cpu;

		fdt_for_each_subnode(cpu, fdt, node) {
			const char *name = fdt_get_name(fdt, cpu, NULL);

			if (name && (dt_name_is(name, "cpu") ||
				     dt_prop_is(fdt, cpu, "device_type", "cpu")))
				p->nr_cpu_nodes++;
		}
	}
	if (p->nr_cpu_nodes == 0) {
		guest_snprintf(why, whylen, "no /cpus/cpu@N node in the device "
			       "tree");
		return -1;
	}

	node = fdt_path_offset(fdt, "/psci");
	if (node >= 0) {
		const char *m = fdt_getprop(fdt, node, "method", &len);

		if (m && len > 0)
			guest_snprintf(p->psci_method, sizeof(p->psci_method),
				       "%.*s", len, m);
	}

	parse_gic(fdt, p);
	parse_timer(fdt, p);
	parse_uart(fdt, p);

	node = fdt_path_offset(fdt, "/chosen");
	if (node >= 0) {
		const char *b = fdt_getprop(fdt, node, "bootargs", &len);

		if (b && len > 0) {
			p->has_bootargs = true;
			guest_snprintf(p->bootargs, sizeof(p->bootargs), "%.*s",
				       len, b);
		}
	}
	return 0;
}
