/*
 * What rt reads from its device tree (libfdt): the memory regions (for the
 * MMU), the GIC ("arm,cortex-a15-gic": reg <GICD>, <GICC>), the virtual
 * timer's PPI (third interrupt of "arm,armv7-timer"), the PL011
 * ("arm,pl011": reg) and /chosen/bootargs. Everything is copied into
 * struct rt_platform; the tree is not used afterwards.
 */
#include "rt.h"

#include <libfdt.h>
#include <string.h>

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

/* Entry i of node's reg, with the parent's #address-cells/#size-cells (no
 * ranges translation: the nodes rt reads sit at the root). */
static bool node_reg(const void *fdt, int node, int i, uint64_t *base)
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
	*base = read_cells(reg + 4 * (ac + sc) * i, ac);
	return *base < (1ull << 32);
}

static int parse_memory(const void *fdt, struct rt_platform *p, char *why,
			size_t whylen)
{
	int len, node, ac, sc;
	const void *cells;

	cells = fdt_getprop(fdt, 0, "#address-cells", &len);
	ac = cells && len == 4 ? (int)be32(cells) : 2;
	cells = fdt_getprop(fdt, 0, "#size-cells", &len);
	sc = cells && len == 4 ? (int)be32(cells) : 1;
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		rt_snprintf(why, whylen, "unsupported root #address-cells %d "
			    "/ #size-cells %d in the device tree", ac, sc);
		return -1;
	}
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

			if (size == 0 || base >= (1ull << 32))
				continue;
			if (base + size > (1ull << 32))
				size = (1ull << 32) - base;
			if (p->nr_mem == RT_MAX_MEM)
				break; /* the rest stays Device: slower only */
			p->mem_base[p->nr_mem] = base;
			p->mem_size[p->nr_mem] = size;
			p->nr_mem++;
		}
	}
	if (p->nr_mem == 0) {
		rt_snprintf(why, whylen, "no memory node with a usable reg in "
			    "the device tree");
		return -1;
	}
	return 0;
}

/* INTID of the third interrupt of the timer node (the virtual timer's PPI,
 * GIC binding <type number flags>, type 1 = PPI), or 0. */
static unsigned vtimer_intid(const void *fdt, int node, int icells)
{
	int len;
	const uint8_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

	if (!irq || icells < 2 || len < 4 * icells * 3)
		return 0;
	irq += 4 * icells * 2;
	if (be32(irq) != 1 || be32(irq + 4) >= 16)
		return 0;
	return 16 + be32(irq + 4);
}

int rt_dt_parse(const void *fdt, struct rt_platform *p, char *why,
		size_t whylen)
{
	int err = fdt_check_header(fdt);
	int node, len, icells = 3;
	uint64_t base, base2;
	const void *prop;

	if (err) {
		rt_snprintf(why, whylen, "bad device tree header: %s",
			    fdt_strerror(err));
		return -1;
	}
	if (parse_memory(fdt, p, why, whylen))
		return -1;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (node < 0) {
		rt_snprintf(why, whylen, "no interrupt controller: no "
			    "\"arm,cortex-a15-gic\" node in the device tree");
		return -1;
	}
	if (!node_reg(fdt, node, 0, &base) || !node_reg(fdt, node, 1, &base2)) {
		rt_snprintf(why, whylen, "the \"arm,cortex-a15-gic\" node has "
			    "no usable reg <GICD ...>, <GICC ...>");
		return -1;
	}
	p->gicd = (uint32_t)base;
	p->gicc = (uint32_t)base2;
	prop = fdt_getprop(fdt, node, "#interrupt-cells", &len);
	if (prop && len == 4)
		icells = (int)be32(prop);

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	if (node < 0) {
		rt_snprintf(why, whylen, "no timer: no \"arm,armv7-timer\" "
			    "node in the device tree");
		return -1;
	}
	prop = fdt_getprop(fdt, node, "clock-frequency", &len);
	p->timer_freq = prop && len == 4 ? be32(prop) : 0;
	p->vtimer_irq = vtimer_intid(fdt, node, icells);
	if (!p->vtimer_irq) {
		rt_snprintf(why, whylen, "the \"arm,armv7-timer\" node has no "
			    "PPI as its third (virtual timer) interrupt");
		return -1;
	}

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0) {
		rt_snprintf(why, whylen, "no console: no \"arm,pl011\" node in "
			    "the device tree (the partition needs console = "
			    "\"virtual\" or a passthrough PL011)");
		return -1;
	}
	if (!node_reg(fdt, node, 0, &base)) {
		rt_snprintf(why, whylen, "the \"arm,pl011\" node has no usable "
			    "reg");
		return -1;
	}
	p->uart = (uint32_t)base;

	node = fdt_path_offset(fdt, "/chosen");
	if (node >= 0) {
		const char *b = fdt_getprop(fdt, node, "bootargs", &len);

		if (b && len > 0) {
			size_t n = strnlen(b, (size_t)len);

			if (n >= sizeof(p->bootargs))
				n = sizeof(p->bootargs) - 1;
			memcpy(p->bootargs, b, n);
			p->bootargs[n] = '\0';
		}
	}
	return 0;
}
