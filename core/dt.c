/* Device-tree helpers: reg decoding with address translation (DT spec 2.3.8). */
#include <core/dt.h>
#include <libfdt.h>
#include <stdio.h>

uint64_t dt_read_cells(const uint32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

bool dt_read_u32(const void *fdt, int node, const char *name, uint32_t *val)
{
	int len;
	const uint32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return false;
	*val = fdt32_to_cpu(*p);
	return true;
}

const char *dt_path(const void *fdt, int node, char *buf, size_t len)
{
	/* On failure libfdt may leave a partial, unterminated path behind. */
	if (fdt_get_path(fdt, node, buf, (int)len) < 0)
		snprintf(buf, len, "?");
	return buf;
}

static int cells_of(const void *fdt, int node, bool address)
{
	int n = address ? fdt_address_cells(fdt, node) : fdt_size_cells(fdt, node);

	return (n < 0 || n > 2) ? -1 : n;
}

int dt_reg_count(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;

	if (parent < 0)
		return -1;
	ac = cells_of(fdt, parent, true);
	sc = cells_of(fdt, parent, false);
	if (ac < 0 || sc < 0 || ac + sc == 0)
		return -1;
	if (!fdt_getprop(fdt, node, "reg", &len))
		return 0;
	if (len % (4 * (ac + sc)))
		return -1;
	return len / (4 * (ac + sc));
}

/* Moves addr from the bus of node `bus` to the bus of its parent. */
static int translate_up(const void *fdt, int bus, uint64_t *addr,
			const char **why)
{
	int parent = fdt_parent_offset(fdt, bus);
	int cac = cells_of(fdt, bus, true), csc = cells_of(fdt, bus, false);
	int pac, len, n;
	const uint32_t *r;

	if (parent < 0) {
		*why = "broken tree structure";
		return -1;
	}
	pac = cells_of(fdt, parent, true);
	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r) {
		*why = "an ancestor bus has no \"ranges\": address is not "
		       "translatable";
		return -1;
	}
	if (len == 0)
		return 0; /* identity */
	if (cac < 0 || pac < 0 || csc < 0) {
		*why = "unsupported #address-cells/#size-cells on a bus";
		return -1;
	}
	n = cac + pac + csc;
	if (len % (4 * n)) {
		*why = "malformed \"ranges\" on an ancestor bus";
		return -1;
	}
	for (int i = 0; i < len / (4 * n); i++, r += n) {
		uint64_t cba = dt_read_cells(r, cac);
		uint64_t pba = dt_read_cells(r + cac, pac);
		uint64_t sz = dt_read_cells(r + cac + pac, csc);

		if (*addr >= cba && *addr - cba < sz) {
			*addr = pba + (*addr - cba);
			return 0;
		}
	}
	*why = "address not covered by the \"ranges\" of an ancestor bus";
	return -1;
}

int dt_reg(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size,
	   const char **why)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len, count;
	const uint32_t *reg;

	*why = "";
	if (parent < 0) {
		*why = "broken tree structure";
		return -1;
	}
	ac = cells_of(fdt, parent, true);
	sc = cells_of(fdt, parent, false);
	if (ac <= 0 || sc < 0) {
		*why = "unsupported #address-cells/#size-cells";
		return -1;
	}
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg) {
		*why = "missing \"reg\"";
		return -1;
	}
	count = len / (4 * (ac + sc));
	if (len % (4 * (ac + sc)) || idx < 0 || idx >= count) {
		*why = len % (4 * (ac + sc)) ? "malformed \"reg\""
					     : "too few entries in \"reg\"";
		return -1;
	}
	reg += idx * (ac + sc);
	*addr = dt_read_cells(reg, ac);
	*size = sc ? dt_read_cells(reg + ac, sc) : 0;

	for (int bus = parent; bus != 0;) {
		if (translate_up(fdt, bus, addr, why) < 0)
			return -1;
		bus = fdt_parent_offset(fdt, bus);
		if (bus < 0) {
			*why = "broken tree structure";
			return -1;
		}
	}
	return 0;
}
