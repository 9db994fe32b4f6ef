/*
 * Reads what the kit needs from the partition's device tree: memory regions,
 * vCPUs, the test device, the PSCI method and bootargs (testkit.probe=).
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

/*
 * testkit.probe=0xA,0xB  addresses of memory the partition must not reach
 * testkit.finish=reset   end with PSCI SYSTEM_RESET instead of SYSTEM_OFF
 */
static void parse_bootargs(struct tk_platform *p)
{
	const char *s = bootarg(p->bootargs, "testkit.probe=");
	const char *f = bootarg(p->bootargs, "testkit.finish=");

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
