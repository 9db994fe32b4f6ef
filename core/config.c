/*
 * The system configuration (docs/config.md): config_parse() turns the
 * configuration tree into struct config, config_validate() checks it against
 * the host. The hypervisor runs this at boot and build/host/hvconfig runs it
 * on the host, so it touches no hardware, allocates nothing, and prints
 * 64-bit numbers without %ll (newlib-nano has no long long conversions).
 *
 * Every problem is reported, not just the first: a configuration is written
 * by hand, and one round trip per mistake is tedious.
 */
#include <core/config.h>
#include <core/dt.h>
#include <core/testdev.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CFG_PAGE 0x1000u
#define FOUR_GB 0x100000000ull
#define GIC_SPI_BASE 32u
#define GIC_NR_INTIDS 1020u /* 1020-1023 are special INTIDs */
#define UART_SIZE 0x1000u   /* a PL011's register block */
#define SYSREG_SIZE 0x1000u
#define MSG_MAX 512 /* fits two device paths (CFG_PATH_MAX) and the text */

/*
 * For the checks config_validate() calls one after another: inlined, their
 * formatting temporaries would pile up in one frame, and at boot this runs
 * on an 8 KB stack.
 */
#define NOINLINE __attribute__((noinline))

/* ---------------------------------------------------------------- output */

/* Formatted numbers, returned by value so several fit in one report() call. */
struct numstr {
	char s[24];
};

struct rangestr {
	char s[48];
};

static struct numstr hex(uint64_t v)
{
	struct numstr n;
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	if (hi)
		snprintf(n.s, sizeof(n.s), "0x%lx%08lx", (unsigned long)hi,
			 (unsigned long)lo);
	else
		snprintf(n.s, sizeof(n.s), "0x%lx", (unsigned long)lo);
	return n;
}

/* "base-last", both inclusive, as the boot log prints RAM ranges. */
static struct rangestr range(uint64_t base, uint64_t size)
{
	struct rangestr r;

	snprintf(r.s, sizeof(r.s), "%s-%s", hex(base).s,
		 hex(size ? base + size - 1 : base).s);
	return r;
}

/* "64 MiB", or "516 KiB" when not a whole number of MiB. */
static struct numstr bytes(uint64_t n)
{
	struct numstr s;

	if (n % (1u << 20))
		snprintf(s.s, sizeof(s.s), "%lu KiB", (unsigned long)(n >> 10));
	else
		snprintf(s.s, sizeof(s.s), "%lu MiB", (unsigned long)(n >> 20));
	return s;
}

static void report(struct cfg_report *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One problem: "<node path>: <reason>". */
static void report(struct cfg_report *r, const char *path, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	int n = snprintf(msg, sizeof(msg), "%s: ", path);

	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	r->errors++;
	if (r->error)
		r->error(r->ctx, msg);
}

/* ---------------------------------------------------------------- ranges */

static bool overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

static bool contains(uint64_t outer, uint64_t osize, uint64_t a, uint64_t size)
{
	return a >= outer && size <= osize && a - outer <= osize - size;
}

/*
 * Stage 2 maps whole pages, so a device is exposed page by page: compare
 * devices by the pages they occupy, not by their exact registers.
 */
static void page_round(uint64_t base, uint64_t size, uint64_t *pbase,
		       uint64_t *psize)
{
	uint64_t end = (base + size + CFG_PAGE - 1) & ~(uint64_t)(CFG_PAGE - 1);

	*pbase = base & ~(uint64_t)(CFG_PAGE - 1);
	*psize = size ? end - *pbase : 0;
}

/* ---------------------------------------------------------------- parsing */

struct parser {
	const void *fdt;
	struct cfg_report *r;
};

enum prop_result { PROP_ABSENT, PROP_OK, PROP_BAD };

static void node_path(const void *fdt, int node, char *buf)
{
	const char *p = dt_path(fdt, node, buf, CFG_PATH_MAX);

	if (p != buf)
		snprintf(buf, CFG_PATH_MAX, "%s", p);
}

static enum prop_result absent(struct parser *p, const char *path,
			       const char *name, bool required)
{
	if (!required)
		return PROP_ABSENT;
	report(p->r, path, "missing property \"%s\"", name);
	return PROP_BAD;
}

static enum prop_result prop_u32(struct parser *p, int node, const char *path,
				 const char *name, bool required, uint32_t *val)
{
	int len;
	const uint32_t *v = fdt_getprop(p->fdt, node, name, &len);

	if (!v)
		return absent(p, path, name, required);
	if (len != 4) {
		report(p->r, path, "property \"%s\" must be one 32-bit cell",
		       name);
		return PROP_BAD;
	}
	*val = fdt32_to_cpu(*v);
	return PROP_OK;
}

static enum prop_result prop_string(struct parser *p, int node,
				    const char *path, const char *name,
				    bool required, const char **val)
{
	int len;
	const char *s = fdt_getprop(p->fdt, node, name, &len);

	if (!s)
		return absent(p, path, name, required);
	if (len < 1 || s[len - 1] || strlen(s) != (size_t)len - 1) {
		report(p->r, path, "property \"%s\" must be a string", name);
		return PROP_BAD;
	}
	*val = s;
	return PROP_OK;
}

static enum prop_result prop_cells(struct parser *p, int node, const char *path,
				   const char *name, bool required,
				   const uint32_t **cells, unsigned *count)
{
	int len;
	const uint32_t *v = fdt_getprop(p->fdt, node, name, &len);

	if (!v)
		return absent(p, path, name, required);
	if (len % 4) {
		report(p->r, path,
		       "property \"%s\" must be a list of 32-bit cells", name);
		return PROP_BAD;
	}
	*cells = v;
	*count = (unsigned)len / 4;
	return PROP_OK;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* A misspelt optional property would otherwise be silently ignored. */
static void check_props(struct parser *p, int node, const char *path,
			const char *const *known)
{
	int off;

	fdt_for_each_property_offset(off, p->fdt, node) {
		const char *name;

		if (!fdt_getprop_by_offset(p->fdt, off, &name, NULL))
			continue;
		if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
			continue;
		if (!in_list(name, known))
			report(p->r, path, "unknown property \"%s\"", name);
	}
}

/* Node name `name` is `base` or `base@unit`. */
static bool name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

static void check_aligned(struct parser *p, const char *path, const char *name,
			  uint32_t v)
{
	if (v & (CFG_PAGE - 1))
		report(p->r, path, "\"%s\" 0x%lx is not 4 KB aligned", name,
		       (unsigned long)v);
}

static void check_wrap(struct parser *p, const char *path, const char *what,
		       uint32_t base, uint64_t size)
{
	if (base + size > FOUR_GB)
		report(p->r, path, "%s range %s + %s wraps past 4 GB", what,
		       hex(base).s, hex(size).s);
}

static void parse_memory(struct parser *p, int node, const char *path,
			 struct cfg_partition *part, unsigned *seen)
{
	static const char *const known[] = {"guest-addr", "size", "host-addr",
					    NULL};
	uint32_t guest = 0, size = 0, host = 0;
	enum prop_result g, s, h;
	unsigned before = p->r->errors;

	check_props(p, node, path, known);
	g = prop_u32(p, node, path, "guest-addr", true, &guest);
	s = prop_u32(p, node, path, "size", true, &size);
	h = prop_u32(p, node, path, "host-addr", false, &host);
	if (s == PROP_OK && !size)
		report(p->r, path, "\"size\" is 0");
	if (g == PROP_OK)
		check_aligned(p, path, "guest-addr", guest);
	if (s == PROP_OK)
		check_aligned(p, path, "size", size);
	if (h == PROP_OK)
		check_aligned(p, path, "host-addr", host);
	if (g == PROP_OK && s == PROP_OK)
		check_wrap(p, path, "guest", guest, size);
	if (h == PROP_OK && s == PROP_OK)
		check_wrap(p, path, "host", host, size);

	if (++*seen > MAX_PART_MEM || p->r->errors != before)
		return;
	part->mem[part->nr_mem++] = (struct cfg_mem){
		.guest = guest,
		.size = size,
		.host = host,
		.fixed = h == PROP_OK,
	};
}

/* kernel or initrd: embedded ("data") or left in RAM ("host-addr", "size"). */
static void parse_blob(struct parser *p, int node, const char *path,
		       const char *what, struct cfg_blob *b)
{
	static const char *const known[] = {"data", "host-addr", "size",
					    "load-addr", NULL};
	int dlen;
	const void *data = fdt_getprop(p->fdt, node, "data", &dlen);
	uint32_t host = 0, size = 0, load = 0;
	enum prop_result h, s, l;

	b->present = true;
	check_props(p, node, path, known);
	h = prop_u32(p, node, path, "host-addr", false, &host);
	s = prop_u32(p, node, path, "size", false, &size);
	l = prop_u32(p, node, path, "load-addr", true, &load);

	if (data) {
		if (h != PROP_ABSENT || s != PROP_ABSENT) {
			report(p->r, path,
			       "\"data\" cannot be combined with \"host-addr\" "
			       "or \"size\": the image is either embedded or "
			       "left in RAM");
		} else if (!dlen) {
			report(p->r, path, "\"data\" is empty");
		} else {
			b->data = data; /* used in place: no copy */
			b->size = (uint64_t)dlen;
		}
	} else if (h == PROP_OK && s == PROP_OK) {
		b->host = host;
		b->size = size;
		if (!size)
			report(p->r, path, "\"size\" is 0");
		check_wrap(p, path, "host", host, size);
	} else if (h != PROP_BAD && s != PROP_BAD) {
		report(p->r, path,
		       "needs either \"data\" or both \"host-addr\" and "
		       "\"size\"");
	}
	if (l == PROP_OK) {
		b->load = load;
		if (load + b->size > FOUR_GB)
			report(p->r, path,
			       "%s (%s bytes at %s) wraps past 4 GB", what,
			       hex(b->size).s, hex(load).s);
	}
}

static void parse_device(struct parser *p, int node, const char *path,
			 struct cfg_partition *part, unsigned *seen)
{
	static const char *const known[] = {"host-path", NULL};
	const char *hp;

	check_props(p, node, path, known);
	if (prop_string(p, node, path, "host-path", true, &hp) != PROP_OK)
		return;
	if (hp[0] != '/') {
		report(p->r, path,
		       "\"host-path\" \"%s\" must be an absolute node path "
		       "(starting with \"/\")",
		       hp);
		return;
	}
	if (strlen(hp) >= CFG_PATH_MAX) {
		report(p->r, path, "\"host-path\" is longer than %d characters",
		       CFG_PATH_MAX - 1);
		return;
	}
	if (++*seen > MAX_PART_DEVICES)
		return;
	snprintf(part->devices[part->nr_devices++].host_path, CFG_PATH_MAX,
		 "%s", hp);
}

static void parse_children(struct parser *p, int node,
			   struct cfg_partition *part)
{
	unsigned nr_mem = 0, nr_dev = 0;
	char path[CFG_PATH_MAX];
	int child;

	fdt_for_each_subnode(child, p->fdt, node) {
		const char *name = fdt_get_name(p->fdt, child, NULL);

		node_path(p->fdt, child, path);
		if (!name)
			continue;
		if (name_is(name, "memory"))
			parse_memory(p, child, path, part, &nr_mem);
		else if (!strcmp(name, "kernel"))
			parse_blob(p, child, path, "kernel", &part->kernel);
		else if (!strcmp(name, "initrd"))
			parse_blob(p, child, path, "initrd", &part->initrd);
		else if (name_is(name, "device"))
			parse_device(p, child, path, part, &nr_dev);
		else
			report(p->r, path,
			       "unknown node (expected memory@N, kernel, "
			       "initrd or device@N)");
	}
	if (nr_mem > MAX_PART_MEM)
		report(p->r, part->path,
		       "%u memory regions: at most %d (MAX_PART_MEM)", nr_mem,
		       MAX_PART_MEM);
	if (nr_dev > MAX_PART_DEVICES)
		report(p->r, part->path,
		       "%u devices: at most %d (MAX_PART_DEVICES)", nr_dev,
		       MAX_PART_DEVICES);
	if (!nr_mem)
		report(p->r, part->path,
		       "no memory: needs at least one memory@N node");
	if (!part->kernel.present)
		report(p->r, part->path, "missing node \"kernel\"");
}

static void parse_cpus(struct parser *p, int node, struct cfg_partition *part)
{
	const uint32_t *cells;
	unsigned n;

	if (prop_cells(p, node, part->path, "cpus", true, &cells, &n) !=
	    PROP_OK)
		return;
	if (!n)
		report(p->r, part->path, "\"cpus\" must list at least one CPU");
	if (n > MAX_CPUS) {
		report(p->r, part->path,
		       "\"cpus\" lists %u CPUs: at most %d (MAX_CPUS)", n,
		       MAX_CPUS);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t cpu = fdt32_to_cpu(cells[i]);
		bool dup = false;

		for (unsigned j = 0; j < i; j++)
			dup |= fdt32_to_cpu(cells[j]) == cpu;
		if (cpu >= MAX_CPUS)
			report(p->r, part->path,
			       "CPU %lu does not exist: the hypervisor manages "
			       "at most %d CPUs (MAX_CPUS)",
			       (unsigned long)cpu, MAX_CPUS);
		else if (dup)
			report(p->r, part->path,
			       "CPU %lu is listed twice in \"cpus\"",
			       (unsigned long)cpu);
		else
			part->cpus[part->nr_cpus++] = (uint8_t)cpu;
	}
}

static void parse_preset(struct parser *p, int node, struct cfg_partition *part)
{
	const char *name;

	if (prop_string(p, node, part->path, "guest-platform", true, &name) !=
	    PROP_OK)
		return;
	for (unsigned i = 0; i < GUEST_PRESET_COUNT; i++) {
		if (!strcmp(guest_platform_get((enum guest_preset)i)->name,
			    name)) {
			part->preset = (enum guest_preset)i;
			return;
		}
	}
	report(p->r, part->path,
	       "unknown guest-platform \"%s\" (expected \"vexpress\" or "
	       "\"virt\")",
	       name);
}

static void parse_console(struct parser *p, int node,
			  struct cfg_partition *part)
{
	static const char *const modes[] = {
		[CONSOLE_VIRTUAL] = "virtual",
		[CONSOLE_PASSTHROUGH] = "passthrough",
		[CONSOLE_NONE] = "none",
	};
	const char *mode;

	part->console = CONSOLE_VIRTUAL;
	if (prop_string(p, node, part->path, "console", false, &mode) !=
	    PROP_OK)
		return;
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(modes[i], mode)) {
			part->console = (enum console_mode)i;
			return;
		}
	}
	report(p->r, part->path,
	       "unknown console \"%s\" (expected \"virtual\", \"passthrough\" "
	       "or \"none\")",
	       mode);
}

static void parse_irqs(struct parser *p, int node, struct cfg_partition *part)
{
	const uint32_t *cells;
	unsigned n;

	if (prop_cells(p, node, part->path, "irqs", false, &cells, &n) !=
	    PROP_OK)
		return;
	if (n > MAX_PART_IRQS) {
		report(p->r, part->path,
		       "\"irqs\" lists %u IRQs: at most %d (MAX_PART_IRQS)", n,
		       MAX_PART_IRQS);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t irq = fdt32_to_cpu(cells[i]);
		bool dup = false;

		for (unsigned j = 0; j < i; j++)
			dup |= fdt32_to_cpu(cells[j]) == irq;
		if (irq < GIC_SPI_BASE || irq >= GIC_NR_INTIDS)
			report(p->r, part->path,
			       "IRQ %lu in \"irqs\" is not an SPI: only INTIDs "
			       "32-1019 can be passed through",
			       (unsigned long)irq);
		else if (dup)
			report(p->r, part->path,
			       "IRQ %lu is listed twice in \"irqs\"",
			       (unsigned long)irq);
		else
			part->irqs[part->nr_irqs++] = irq;
	}
}

static void parse_partition(struct parser *p, int node,
			    struct cfg_partition *part)
{
	static const char *const known[] = {
		"cpus", "guest-platform", "entry", "bootargs", "console",
		"irqs", "test-device", NULL,
	};
	const char *name = fdt_get_name(p->fdt, node, NULL);
	uint32_t v;

	node_path(p->fdt, node, part->path);
	if (!name)
		name = "?";
	if (strlen(name) >= CFG_NAME_MAX)
		report(p->r, part->path,
		       "partition name is longer than %d characters",
		       CFG_NAME_MAX - 1);
	snprintf(part->name, sizeof(part->name), "%s", name);

	check_props(p, node, part->path, known);
	parse_cpus(p, node, part);
	parse_preset(p, node, part);
	parse_children(p, node, part);
	parse_console(p, node, part);
	parse_irqs(p, node, part);
	prop_string(p, node, part->path, "bootargs", false, &part->bootargs);

	part->entry = part->kernel.load;
	if (prop_u32(p, node, part->path, "entry", false, &v) == PROP_OK)
		part->entry = v;
	if (prop_u32(p, node, part->path, "test-device", false, &v) ==
	    PROP_OK) {
		check_aligned(p, part->path, "test-device", v);
		part->has_test_device = true;
		part->test_device = v;
	}
	if (part->console == CONSOLE_PASSTHROUGH && !part->nr_devices)
		report(p->r, part->path,
		       "console \"passthrough\" needs a passthrough UART (a "
		       "device@N node)");
}

static void check_compatible(struct parser *p)
{
	if (!fdt_getprop(p->fdt, 0, "compatible", NULL))
		report(p->r, "/",
		       "missing property \"compatible\" (a configuration has "
		       "compatible = \"tessera,config\")");
	else if (fdt_node_check_compatible(p->fdt, 0, "tessera,config"))
		report(p->r, "/",
		       "compatible is not \"tessera,config\": not a Tessera "
		       "configuration");
}

int config_parse(const void *fdt, struct config *c, struct cfg_report *r)
{
	struct parser p = {.fdt = fdt, .r = r};
	unsigned before = r->errors, seen = 0;
	int parts, node, rc;

	memset(c, 0, sizeof(*c));
	rc = fdt_check_header(fdt);
	if (rc) {
		report(r, "/", "not a valid device tree blob: %s",
		       fdt_strerror(rc));
		return (int)(r->errors - before);
	}
	check_compatible(&p);

	parts = fdt_path_offset(fdt, "/partitions");
	if (parts < 0) {
		/* No partitions is a valid (if idle) configuration. */
		if (parts != -FDT_ERR_NOTFOUND)
			report(r, "/partitions", "%s", fdt_strerror(parts));
		return (int)(r->errors - before);
	}
	fdt_for_each_subnode(node, fdt, parts) {
		if (++seen <= MAX_PARTITIONS)
			parse_partition(&p, node, &c->part[c->nr_partitions++]);
	}
	if (seen > MAX_PARTITIONS)
		report(r, "/partitions",
		       "%u partitions: at most %d (MAX_PARTITIONS)", seen,
		       MAX_PARTITIONS);
	return (int)(r->errors - before);
}

/* ---------------------------------------------------------------- validation
 */

#define MAX_HYP_DEVICES 6

struct validator {
	struct config *c;
	const struct platform *host; /* NULL: skip host checks */
	const void *hfdt;	     /* NULL: skip device checks */
	const struct cfg_reserved *res;
	unsigned nr_res;
	struct cfg_report *r;
	/* What the hypervisor drives itself: never for a partition. */
	struct cfg_reserved hyp_dev[MAX_HYP_DEVICES];
	unsigned nr_hyp_dev;
	uint32_t console_irq; /* 0 when unknown */
};

static void add_hyp_device(struct validator *v, const char *what, uint64_t base,
			   uint64_t size)
{
	if (size)
		v->hyp_dev[v->nr_hyp_dev++] =
			(struct cfg_reserved){what, base, size};
}

/* INTID of an SPI in a 3-cell GIC specifier, or 0. */
static uint32_t spi_intid(const uint32_t *spec)
{
	uint32_t type = fdt32_to_cpu(spec[0]), num = fdt32_to_cpu(spec[1]);

	return type == 0 && num < GIC_NR_INTIDS - GIC_SPI_BASE
		       ? GIC_SPI_BASE + num
		       : 0;
}

static NOINLINE void collect_hyp_devices(struct validator *v)
{
	const struct platform *h = v->host;

	add_hyp_device(v, "GIC distributor (GICD)", h->gic.gicd.base,
		       h->gic.gicd.size);
	add_hyp_device(v, "GIC CPU interface (GICC)", h->gic.gicc.base,
		       h->gic.gicc.size);
	add_hyp_device(v, "GIC virtual interface control (GICH)",
		       h->gic.gich.base, h->gic.gich.size);
	add_hyp_device(v, "GIC virtual CPU interface (GICV)", h->gic.gicv.base,
		       h->gic.gicv.size);
	add_hyp_device(v, "console UART", h->uart.base, UART_SIZE);
	if (h->sysreg)
		add_hyp_device(v, "system registers", h->sysreg, SYSREG_SIZE);

	if (v->hfdt) {
		int node = fdt_path_offset(v->hfdt, h->uart.path), len;
		const uint32_t *irq = node < 0
					      ? NULL
					      : fdt_getprop(v->hfdt, node,
							    "interrupts", &len);

		if (irq && len >= 12)
			v->console_irq = spi_intid(irq);
	}
}

/* "#interrupt-cells" of a node's interrupt parent, or -1. */
static int interrupt_cells(const void *fdt, int node)
{
	uint32_t cells;

	while (node >= 0) {
		int len;
		const uint32_t *ph =
			fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (ph && len == 4) {
			int parent = fdt_node_offset_by_phandle(
				fdt, fdt32_to_cpu(*ph));

			if (parent < 0 ||
			    !dt_read_u32(fdt, parent, "#interrupt-cells",
					 &cells))
				return -1;
			return (int)cells;
		}
		node = fdt_parent_offset(fdt, node);
	}
	return -1;
}

static bool resolve_irqs(struct validator *v, const struct cfg_partition *part,
			 struct cfg_device *d, int node)
{
	int len, n;
	const uint32_t *spec = fdt_getprop(v->hfdt, node, "interrupts", &len);

	if (!spec) {
		if (!fdt_getprop(v->hfdt, node, "interrupts-extended", NULL))
			return true; /* a device without interrupts */
		report(v->r, part->path,
		       "device \"%s\" uses \"interrupts-extended\", which is "
		       "not supported",
		       d->host_path);
		return false;
	}
	if (interrupt_cells(v->hfdt, node) != 3 || len % 12) {
		report(v->r, part->path,
		       "device \"%s\": \"interrupts\" are not 3-cell GIC "
		       "specifiers",
		       d->host_path);
		return false;
	}
	n = len / 12;
	if (n > MAX_DEVICE_IRQS) {
		report(v->r, part->path,
		       "device \"%s\" has %d interrupts: at most %d "
		       "(MAX_DEVICE_IRQS)",
		       d->host_path, n, MAX_DEVICE_IRQS);
		return false;
	}
	for (int i = 0; i < n; i++, spec += 3) {
		uint32_t intid = spi_intid(spec);

		if (!intid) {
			report(v->r, part->path,
			       "device \"%s\": interrupt %d (type %lu, number "
			       "%lu) is not an SPI: only SPIs can be passed "
			       "through",
			       d->host_path, i,
			       (unsigned long)fdt32_to_cpu(spec[0]),
			       (unsigned long)fdt32_to_cpu(spec[1]));
			return false;
		}
		d->irqs[d->nr_irqs++] = intid;
	}
	return true;
}

/* The hypervisor's own device among the pages of d, or NULL. */
static const struct cfg_reserved *hyp_device_of(const struct validator *v,
						const struct cfg_device *d)
{
	for (unsigned i = 0; i < d->nr_regs; i++) {
		uint64_t b, s;

		page_round(d->regs[i].base, d->regs[i].size, &b, &s);
		for (unsigned j = 0; j < v->nr_hyp_dev; j++)
			if (overlaps(b, s, v->hyp_dev[j].base,
				     v->hyp_dev[j].size))
				return &v->hyp_dev[j];
	}
	return NULL;
}

/* Fills d->regs and d->irqs from the host tree; false (reported) on error. */
static bool resolve_device(struct validator *v,
			   const struct cfg_partition *part,
			   struct cfg_device *d)
{
	int node = fdt_path_offset(v->hfdt, d->host_path);
	int n = node < 0 ? 0 : dt_reg_count(v->hfdt, node);
	const struct cfg_reserved *own;

	if (node < 0) {
		report(v->r, part->path,
		       "device \"%s\" does not exist in the host device tree",
		       d->host_path);
		return false;
	}
	if (n <= 0) {
		report(v->r, part->path,
		       "device \"%s\" has %s \"reg\": nothing to pass through",
		       d->host_path, n < 0 ? "a malformed" : "no");
		return false;
	}
	if (n > MAX_DEVICE_REGS) {
		report(v->r, part->path,
		       "device \"%s\" has %d \"reg\" entries: at most %d "
		       "(MAX_DEVICE_REGS)",
		       d->host_path, n, MAX_DEVICE_REGS);
		return false;
	}
	for (int i = 0; i < n; i++) {
		const char *why;
		struct mem_range *m = &d->regs[d->nr_regs++];

		if (dt_reg(v->hfdt, node, i, &m->base, &m->size, &why) < 0) {
			report(v->r, part->path, "device \"%s\": %s",
			       d->host_path, why);
			return false;
		}
	}
	d->host_fdt = v->hfdt;
	d->host_node = node;
	own = hyp_device_of(v, d);
	if (own) {
		report(v->r, part->path,
		       "device \"%s\" is the hypervisor's %s (%s) and cannot "
		       "be passed through",
		       d->host_path, own->what, range(own->base, own->size).s);
		return false;
	}
	return resolve_irqs(v, part, d, node);
}

static NOINLINE void resolve_devices(struct validator *v)
{
	for (unsigned p = 0; p < v->c->nr_partitions; p++) {
		struct cfg_partition *part = &v->c->part[p];

		for (unsigned i = 0; i < part->nr_devices; i++) {
			struct cfg_device *d = &part->devices[i];

			d->nr_regs = d->nr_irqs = 0;
			/* A bad device must not add errors further on. */
			if (!resolve_device(v, part, d))
				d->nr_regs = d->nr_irqs = 0;
		}
	}
}

/* The partition before partition p that has CPU cpu, or NULL. */
static const struct cfg_partition *cpu_owner(const struct config *c,
					     unsigned p, unsigned cpu)
{
	for (unsigned q = 0; q < p; q++)
		for (unsigned j = 0; j < c->part[q].nr_cpus; j++)
			if (c->part[q].cpus[j] == cpu)
				return &c->part[q];
	return NULL;
}

static NOINLINE void check_cpus(struct validator *v)
{
	const struct config *c = v->c;

	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		for (unsigned i = 0; i < part->nr_cpus; i++) {
			unsigned cpu = part->cpus[i];
			const struct cfg_partition *other = cpu_owner(c, p,
								      cpu);

			if (v->host && cpu >= v->host->nr_cpus)
				report(v->r, part->path,
				       "CPU %u does not exist: the host has %u",
				       cpu, v->host->nr_cpus);
			else if (other)
				report(v->r, part->path,
				       "CPU %u is also given to %s", cpu,
				       other->path);
		}
	}
}

/*
 * Reports each of the guest platform's windows that the guest range `what`
 * (already formatted, e.g. "guest memory 0x...-0x...") overlaps.
 */
static void check_windows(struct validator *v, const struct cfg_partition *part,
			  const char *what, uint64_t base, uint64_t size)
{
	const struct guest_platform *gp = guest_platform_get(part->preset);

	for (unsigned w = 0; w < gp->nr_windows; w++) {
		const struct guest_window *gw = &gp->windows[w];

		if (overlaps(base, size, gw->base, gw->size))
			report(v->r, part->path,
			       "%s overlaps the guest's %s window %s of "
			       "guest-platform \"%s\"",
			       what, gw->name, range(gw->base, gw->size).s,
			       gp->name);
	}
}

/* Passthrough devices appear in the guest at their host address. */
static void check_guest_device(struct validator *v,
			       const struct cfg_partition *part,
			       const struct cfg_device *d)
{
	char what[CFG_PATH_MAX + 64];

	for (unsigned i = 0; i < d->nr_regs; i++) {
		uint64_t b, s;

		page_round(d->regs[i].base, d->regs[i].size, &b, &s);
		snprintf(what, sizeof(what), "device \"%s\" (%s)", d->host_path,
			 range(b, s).s);
		check_windows(v, part, what, b, s);
		if (part->has_test_device &&
		    overlaps(b, s, part->test_device, TESTDEV_SIZE))
			report(v->r, part->path, "test-device %s overlaps %s",
			       hex(part->test_device).s, what);
	}
}

static void check_guest_memory(struct validator *v,
			       const struct cfg_partition *part, unsigned m)
{
	const struct cfg_mem *mem = &part->mem[m];
	struct rangestr g = range(mem->guest, mem->size);
	char what[64];

	for (unsigned i = 0; i < m; i++)
		if (overlaps(mem->guest, mem->size, part->mem[i].guest,
			     part->mem[i].size))
			report(v->r, part->path,
			       "guest memory %s overlaps guest memory %s", g.s,
			       range(part->mem[i].guest, part->mem[i].size).s);
	snprintf(what, sizeof(what), "guest memory %s", g.s);
	check_windows(v, part, what, mem->guest, mem->size);
	if (part->has_test_device &&
	    overlaps(mem->guest, mem->size, part->test_device, TESTDEV_SIZE))
		report(v->r, part->path,
		       "guest memory %s overlaps the test-device at %s", g.s,
		       hex(part->test_device).s);
	for (unsigned d = 0; d < part->nr_devices; d++) {
		const struct cfg_device *dev = &part->devices[d];

		for (unsigned i = 0; i < dev->nr_regs; i++) {
			uint64_t b, s;

			page_round(dev->regs[i].base, dev->regs[i].size, &b,
				   &s);
			if (overlaps(mem->guest, mem->size, b, s))
				report(v->r, part->path,
				       "guest memory %s overlaps device \"%s\" "
				       "(%s), which the guest sees at its host "
				       "address",
				       g.s, dev->host_path, range(b, s).s);
		}
	}
}

static NOINLINE void check_guest_map(struct validator *v,
				     const struct cfg_partition *part)
{
	char what[48];

	for (unsigned m = 0; m < part->nr_mem; m++)
		check_guest_memory(v, part, m);
	for (unsigned d = 0; d < part->nr_devices; d++)
		check_guest_device(v, part, &part->devices[d]);
	if (part->has_test_device) {
		snprintf(what, sizeof(what), "test-device %s",
			 hex(part->test_device).s);
		check_windows(v, part, what, part->test_device, TESTDEV_SIZE);
	}
}

static bool in_guest_memory(const struct cfg_partition *part, uint64_t addr,
			    uint64_t size)
{
	for (unsigned m = 0; m < part->nr_mem; m++)
		if (contains(part->mem[m].guest, part->mem[m].size, addr, size))
			return true;
	return false;
}

static void check_image(struct validator *v, const struct cfg_partition *part,
			const char *what, const struct cfg_blob *b)
{
	char path[CFG_PATH_MAX + 8];

	if (!b->present || !b->size)
		return;
	snprintf(path, sizeof(path), "%s/%s", part->path, what);
	if (!in_guest_memory(part, b->load, b->size))
		report(v->r, path,
		       "%s (%s bytes at %s) does not fit in any memory region",
		       what, hex(b->size).s, hex(b->load).s);
}

static NOINLINE void check_images(struct validator *v,
				  const struct cfg_partition *part)
{
	const struct cfg_blob *k = &part->kernel, *i = &part->initrd;

	check_image(v, part, "kernel", k);
	check_image(v, part, "initrd", i);
	if (k->present && i->present &&
	    overlaps(k->load, k->size, i->load, i->size)) {
		char path[CFG_PATH_MAX + 8];

		snprintf(path, sizeof(path), "%s/initrd", part->path);
		report(v->r, path, "initrd (%s) overlaps the kernel (%s)",
		       range(i->load, i->size).s, range(k->load, k->size).s);
	}
	if (k->present && !in_guest_memory(part, part->entry, 4))
		report(v->r, part->path,
		       "entry %s is not inside any memory region",
		       hex(part->entry).s);
}

static bool in_host_ram(const struct platform *h, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < h->nr_mem; i++)
		if (contains(h->mem[i].base, h->mem[i].size, base, size))
			return true;
	return false;
}

static void check_reserved(struct validator *v, const char *path,
			   const char *what, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < v->nr_res; i++)
		if (overlaps(base, size, v->res[i].base, v->res[i].size))
			report(v->r, path, "%s %s overlaps %s (%s)", what,
			       range(base, size).s, v->res[i].what,
			       range(v->res[i].base, v->res[i].size).s);
}

/* An image the boot loader left in RAM is read from there at boot. */
static NOINLINE void check_host_image(struct validator *v,
				      const struct cfg_partition *part,
				      const char *what,
				      const struct cfg_blob *b)
{
	char path[CFG_PATH_MAX + 8];

	if (!b->present || b->data || !b->size)
		return;
	snprintf(path, sizeof(path), "%s/%s", part->path, what);
	if (v->host && !in_host_ram(v->host, b->host, b->size))
		report(v->r, path, "image at host %s is not inside host RAM",
		       range(b->host, b->size).s);
	check_reserved(v, path, "image at host", b->host, b->size);
}

/* The k-th passthrough device of the configuration, in file order. */
static bool device_at(const struct config *c, unsigned k,
		      const struct cfg_partition **part,
		      const struct cfg_device **dev)
{
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		if (k < c->part[p].nr_devices) {
			*part = &c->part[p];
			*dev = &c->part[p].devices[k];
			return true;
		}
		k -= c->part[p].nr_devices;
	}
	return false;
}

/* The k-th memory region of the configuration, in file order. */
static bool mem_at(const struct config *c, unsigned k,
		   const struct cfg_partition **part,
		   const struct cfg_mem **mem)
{
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		if (k < c->part[p].nr_mem) {
			*part = &c->part[p];
			*mem = &c->part[p].mem[k];
			return true;
		}
		k -= c->part[p].nr_mem;
	}
	return false;
}

/* Host devices a fixed region overlaps; true when there was one. */
static bool check_fixed_devices(struct validator *v,
				const struct cfg_partition *part,
				const struct cfg_mem *m)
{
	const struct cfg_partition *q;
	const struct cfg_device *d;
	bool hit = false;

	for (unsigned i = 0; i < v->nr_hyp_dev; i++) {
		const struct cfg_reserved *h = &v->hyp_dev[i];

		if (overlaps(m->host, m->size, h->base, h->size)) {
			report(v->r, part->path,
			       "fixed memory at host %s overlaps the "
			       "hypervisor's %s (%s)",
			       range(m->host, m->size).s, h->what,
			       range(h->base, h->size).s);
			hit = true;
		}
	}
	for (unsigned k = 0; device_at(v->c, k, &q, &d); k++) {
		for (unsigned i = 0; i < d->nr_regs; i++) {
			const struct mem_range *r = &d->regs[i];

			if (!overlaps(m->host, m->size, r->base, r->size))
				continue;
			report(v->r, part->path,
			       "fixed memory at host %s overlaps device \"%s\" "
			       "(%s) of %s",
			       range(m->host, m->size).s, d->host_path,
			       range(r->base, r->size).s, q->path);
			hit = true;
		}
	}
	return hit;
}

/* Fixed regions are the one place two partitions could share host memory. */
static NOINLINE void check_fixed_memory(struct validator *v)
{
	const struct cfg_partition *part, *other;
	const struct cfg_mem *m, *o;

	for (unsigned k = 0; mem_at(v->c, k, &part, &m); k++) {
		if (!m->fixed)
			continue;
		/* Inside a device means outside RAM too: name the device. */
		if (!check_fixed_devices(v, part, m) && v->host &&
		    !in_host_ram(v->host, m->host, m->size))
			report(v->r, part->path,
			       "fixed memory at host %s is not inside host RAM",
			       range(m->host, m->size).s);
		check_reserved(v, part->path, "fixed memory at host", m->host,
			       m->size);
		for (unsigned j = 0; j < k && mem_at(v->c, j, &other, &o); j++)
			if (o->fixed &&
			    overlaps(m->host, m->size, o->host, o->size))
				report(v->r, part->path,
				       "fixed memory at host %s overlaps the "
				       "fixed memory at host %s of %s",
				       range(m->host, m->size).s,
				       range(o->host, o->size).s, other->path);
	}
}

static bool same_device(const struct validator *v, const struct cfg_device *a,
			const struct cfg_device *b)
{
	if (!v->hfdt)
		return !strcmp(a->host_path, b->host_path);
	/* Unresolved devices were reported already. */
	return a->nr_regs && b->nr_regs &&
	       fdt_path_offset(v->hfdt, a->host_path) ==
		       fdt_path_offset(v->hfdt, b->host_path);
}

/* A device's pages shared with an earlier device of another partition. */
static bool shares_page(const struct cfg_device *a, const struct cfg_device *b,
			struct rangestr *where)
{
	for (unsigned i = 0; i < a->nr_regs; i++) {
		uint64_t ab, as;

		page_round(a->regs[i].base, a->regs[i].size, &ab, &as);
		for (unsigned j = 0; j < b->nr_regs; j++) {
			uint64_t bb, bs;

			page_round(b->regs[j].base, b->regs[j].size, &bb, &bs);
			if (overlaps(ab, as, bb, bs)) {
				*where = range(ab, as);
				return true;
			}
		}
	}
	return false;
}

static NOINLINE void check_devices_shared(struct validator *v)
{
	const struct cfg_partition *pa, *pb;
	const struct cfg_device *a, *b;
	struct rangestr where;

	for (unsigned k = 0; device_at(v->c, k, &pa, &a); k++) {
		for (unsigned j = 0; j < k && device_at(v->c, j, &pb, &b);
		     j++) {
			if (same_device(v, a, b)) {
				if (pa == pb)
					report(v->r, pa->path,
					       "device \"%s\" is listed twice",
					       a->host_path);
				else
					report(v->r, pa->path,
					       "device \"%s\" is also given to "
					       "%s",
					       a->host_path, pb->path);
				break;
			}
			if (pa != pb && shares_page(a, b, &where)) {
				report(v->r, pa->path,
				       "device \"%s\" shares the page %s with "
				       "device \"%s\" of %s",
				       a->host_path, where.s, b->host_path,
				       pb->path);
				break;
			}
		}
	}
}

/* The k-th passthrough IRQ of a partition: its devices', then "irqs". */
static bool irq_at(const struct cfg_partition *part, unsigned k, uint32_t *irq,
		   const struct cfg_device **dev)
{
	for (unsigned d = 0; d < part->nr_devices; d++) {
		if (k < part->devices[d].nr_irqs) {
			*irq = part->devices[d].irqs[k];
			*dev = &part->devices[d];
			return true;
		}
		k -= part->devices[d].nr_irqs;
	}
	if (k >= part->nr_irqs)
		return false;
	*irq = part->irqs[k];
	*dev = NULL;
	return true;
}

struct originstr {
	char s[CFG_PATH_MAX + 16];
};

static struct originstr irq_origin(const struct cfg_device *d)
{
	struct originstr o;

	if (d)
		snprintf(o.s, sizeof(o.s), "of device \"%s\"", d->host_path);
	else
		snprintf(o.s, sizeof(o.s), "from \"irqs\"");
	return o;
}

/* IRQ irq of partition `part` against those of the partitions before it. */
static void check_irq_shared(struct validator *v, unsigned p, uint32_t irq,
			     const struct cfg_device *dev)
{
	const struct cfg_partition *part = &v->c->part[p];
	const struct cfg_device *odev;
	uint32_t o;

	for (unsigned q = 0; q < p; q++) {
		const struct cfg_partition *other = &v->c->part[q];

		for (unsigned k = 0; irq_at(other, k, &o, &odev); k++) {
			if (o != irq)
				continue;
			/* A device given twice was reported as such. */
			if (!(dev && odev && same_device(v, dev, odev)))
				report(v->r, part->path,
				       "IRQ %lu (%s) is also given to %s (%s)",
				       (unsigned long)irq, irq_origin(dev).s,
				       other->path, irq_origin(odev).s);
			break;
		}
	}
}

static NOINLINE void check_irqs(struct validator *v)
{
	for (unsigned p = 0; p < v->c->nr_partitions; p++) {
		const struct cfg_partition *part = &v->c->part[p];
		const struct guest_platform *gp =
			guest_platform_get(part->preset);
		const struct cfg_device *dev;
		uint32_t irq;

		for (unsigned k = 0; irq_at(part, k, &irq, &dev); k++) {
			if (v->console_irq && irq == v->console_irq)
				report(v->r, part->path,
				       "IRQ %lu (%s) is the hypervisor's "
				       "console interrupt and cannot be passed "
				       "through",
				       (unsigned long)irq, irq_origin(dev).s);
			if (part->console == CONSOLE_VIRTUAL &&
			    irq == gp->uart_irq)
				report(v->r, part->path,
				       "IRQ %lu (%s) is the interrupt of the "
				       "partition's virtual console UART on "
				       "guest-platform \"%s\"",
				       (unsigned long)irq, irq_origin(dev).s,
				       gp->name);
			check_irq_shared(v, p, irq, dev);
		}
	}
}

/*
 * The k-th host range allocation must avoid: the reserved ranges, fixed
 * memory, images the boot loader left in RAM. Slots that hold nothing have
 * size 0; false past the last slot.
 */
static bool occupied_at(const struct validator *v, unsigned k, uint64_t *base,
			uint64_t *size)
{
	const struct config *c = v->c;
	unsigned p;

	*base = *size = 0;
	if (k < v->nr_res) {
		*base = v->res[k].base;
		*size = v->res[k].size;
		return true;
	}
	k -= v->nr_res;
	if (k < MAX_PARTITIONS * MAX_PART_MEM) {
		const struct cfg_mem *m;

		p = k / MAX_PART_MEM;
		k %= MAX_PART_MEM;
		if (p >= c->nr_partitions || k >= c->part[p].nr_mem)
			return true;
		m = &c->part[p].mem[k];
		if (m->fixed) {
			*base = m->host;
			*size = m->size;
		}
		return true;
	}
	k -= MAX_PARTITIONS * MAX_PART_MEM;
	if (k < MAX_PARTITIONS * 2) {
		const struct cfg_blob *b;

		p = k / 2;
		if (p >= c->nr_partitions)
			return true;
		b = k % 2 ? &c->part[p].initrd : &c->part[p].kernel;
		if (b->present && !b->data) {
			*base = b->host;
			*size = b->size;
		}
		return true;
	}
	return false;
}

/* Bytes of [lo, hi) inside at least one occupied range. */
static uint64_t occupied_bytes(const struct validator *v, uint64_t lo,
			       uint64_t hi)
{
	uint64_t cur = lo, total = 0;

	for (;;) {
		uint64_t s = hi, e = hi, b, size;

		/* The earliest occupied stretch at or after cur. */
		for (unsigned k = 0; occupied_at(v, k, &b, &size); k++) {
			uint64_t st, en;

			if (!size || b + size <= cur || b >= hi)
				continue;
			st = b > cur ? b : cur;
			en = b + size < hi ? b + size : hi;
			if (st < s || (st == s && en > e)) {
				s = st;
				e = en;
			}
		}
		if (s >= hi)
			return total;
		total += e - s;
		cur = e;
	}
}

static NOINLINE void check_capacity(struct validator *v)
{
	const struct platform *h = v->host;
	const struct cfg_partition *part;
	const struct cfg_mem *m;
	uint64_t need = 0, total = platform_ram_size(h), taken = 0;

	for (unsigned k = 0; mem_at(v->c, k, &part, &m); k++)
		if (!m->fixed)
			need += m->size;
	if (!need)
		return;
	for (unsigned i = 0; i < h->nr_mem; i++)
		taken += occupied_bytes(v, h->mem[i].base,
					h->mem[i].base + h->mem[i].size);
	if (need > total - taken)
		report(v->r, "/partitions",
		       "the partitions need %s of memory allocated from host "
		       "RAM, but only %s of its %s is free (the rest holds the "
		       "reserved ranges, fixed memory and images left in RAM)",
		       bytes(need).s, bytes(total - taken).s, bytes(total).s);
}

int config_validate(struct config *c, const struct platform *host,
		    const void *host_fdt, const struct cfg_reserved *reserved,
		    unsigned nr_reserved, struct cfg_report *r)
{
	struct validator v = {
		.c = c,
		.host = host,
		.hfdt = host_fdt,
		.res = reserved,
		.nr_res = reserved ? nr_reserved : 0,
		.r = r,
	};
	unsigned before = r->errors;

	if (host)
		collect_hyp_devices(&v);
	if (host_fdt)
		resolve_devices(&v);
	check_cpus(&v);
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		check_guest_map(&v, part);
		check_images(&v, part);
		check_host_image(&v, part, "kernel", &part->kernel);
		check_host_image(&v, part, "initrd", &part->initrd);
	}
	check_fixed_memory(&v);
	check_devices_shared(&v);
	check_irqs(&v);
	if (host)
		check_capacity(&v);
	return (int)(r->errors - before);
}
