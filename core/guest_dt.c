/*
 * The guest device tree (see core/include/core/guest_dt.h).
 *
 * Written straight into the caller's buffer with libfdt's sequential-write
 * API; a buffer that is too small shows up as -FDT_ERR_NOSPACE from libfdt
 * and is refused with that message. Each node has one static function;
 * adding a device to the guest's view is one more function called from
 * emit_tree().
 */
#include <core/guest_dt.h>
#include <core/testdev.h>
#include <libfdt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CELL_MAX 0xffffffffull /* root #address-cells = #size-cells = 1 */
#define PRESET_NAME_MAX 16     /* "tessera,<preset>" fits compat[] */

/* The tree being written: the first libfdt error stops all later calls. */
struct gdt {
	void *fdt;
	int err;
};

struct gdt_in {
	const struct cfg_partition *cfg;
	const struct guest_platform *gp;
	uint64_t initrd_start, initrd_end;
};

__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* ----------------------------------------------------------------- writing */

static void node_begin(struct gdt *w, const char *name)
{
	if (!w->err)
		w->err = fdt_begin_node(w->fdt, name);
}

static void node_end(struct gdt *w)
{
	if (!w->err)
		w->err = fdt_end_node(w->fdt);
}

/* Adds property name with len bytes of value; returns where to put them. */
static char *prop_space(struct gdt *w, const char *name, size_t len)
{
	void *val = NULL;

	if (w->err)
		return NULL;
	w->err = fdt_property_placeholder(w->fdt, name, (int)len, &val);
	return w->err ? NULL : val;
}

static void prop_cells(struct gdt *w, const char *name, const uint32_t *cells,
		       unsigned n)
{
	char *p = prop_space(w, name, n * sizeof(fdt32_t));

	for (unsigned i = 0; p && i < n; i++) {
		fdt32_t be = cpu_to_fdt32(cells[i]);

		/* memcpy: buf's alignment is the caller's */
		memcpy(p + i * sizeof(be), &be, sizeof(be));
	}
}

static void prop_u32(struct gdt *w, const char *name, uint32_t v)
{
	prop_cells(w, name, &v, 1);
}

/* A string list: each string with its NUL (DT spec 2.2.4, <stringlist>). */
static void prop_strings(struct gdt *w, const char *name,
			 const char *const *list, unsigned n)
{
	size_t len = 0;
	char *p;

	for (unsigned i = 0; i < n; i++)
		len += strlen(list[i]) + 1;
	p = prop_space(w, name, len);
	for (unsigned i = 0; p && i < n; i++) {
		size_t l = strlen(list[i]) + 1;

		memcpy(p, list[i], l);
		p += l;
	}
}

static void prop_string(struct gdt *w, const char *name, const char *s)
{
	prop_strings(w, name, &s, 1);
}

/* ------------------------------------------------------------------ nodes */

static void add_root_props(struct gdt *w, const struct gdt_in *in)
{
	char model[CFG_NAME_MAX + 32];
	char compat[PRESET_NAME_MAX + 16];
	const char *compatible[] = {"tessera,partition", compat};

	snprintf(model, sizeof(model), "Tessera partition %.*s",
		 CFG_NAME_MAX - 1, in->cfg->name);
	snprintf(compat, sizeof(compat), "tessera,%s", in->gp->name);

	prop_u32(w, "#address-cells", 1);
	prop_u32(w, "#size-cells", 1);
	prop_string(w, "model", model);
	prop_strings(w, "compatible", compatible, 2);
}

static void add_memory(struct gdt *w, const struct gdt_in *in)
{
	for (unsigned i = 0; i < in->cfg->nr_mem; i++) {
		const struct cfg_mem *m = &in->cfg->mem[i];
		uint32_t reg[2] = {(uint32_t)m->guest, (uint32_t)m->size};
		char name[32];

		snprintf(name, sizeof(name), "memory@%lx",
			 (unsigned long)reg[0]);
		node_begin(w, name);
		prop_string(w, "device_type", "memory");
		prop_cells(w, "reg", reg, 2);
		node_end(w);
	}
}

/* reg is the vCPU's MPIDR affinity: Aff0 = index (docs/hypercalls.md). */
static void add_cpu(struct gdt *w, unsigned idx)
{
	char name[16];

	snprintf(name, sizeof(name), "cpu@%x", idx);
	node_begin(w, name);
	prop_string(w, "device_type", "cpu");
	prop_string(w, "compatible", "arm,cortex-a15");
	prop_u32(w, "reg", idx);
	prop_string(w, "enable-method", "psci");
	node_end(w);
}

static void add_cpus(struct gdt *w, const struct gdt_in *in)
{
	node_begin(w, "cpus");
	prop_u32(w, "#address-cells", 1);
	prop_u32(w, "#size-cells", 0);
	for (unsigned i = 0; i < in->cfg->nr_cpus; i++)
		add_cpu(w, i);
	node_end(w);
}

/* 0.2+ compatibles: standard function IDs, no per-function properties. */
static void add_psci(struct gdt *w)
{
	static const char *const compatible[] = {"arm,psci-1.0",
						 "arm,psci-0.2"};

	node_begin(w, "psci");
	prop_strings(w, "compatible", compatible, 2);
	prop_string(w, "method", "hvc");
	node_end(w);
}

#define PHANDLE_GIC 1
#define PHANDLE_CLK 2
#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4

static bool has_virtual_uart(const struct gdt_in *in)
{
	return in->cfg->console == CONSOLE_VIRTUAL;
}

static bool resolved(const struct cfg_device *d)
{
	return d->host_fdt && d->host_node >= 0 && d->nr_regs;
}

/* Does a passthrough device name clocks (the guest gets apb-pclk for them)? */
static bool device_has_clocks(const struct cfg_device *d)
{
	return resolved(d) &&
	       fdt_getprop(d->host_fdt, d->host_node, "clocks", NULL);
}

static bool needs_clock(const struct gdt_in *in)
{
	if (has_virtual_uart(in))
		return true;
	for (unsigned i = 0; i < in->cfg->nr_devices; i++)
		if (device_has_clocks(&in->cfg->devices[i]))
			return true;
	return false;
}

/* "serial@a0000" of "/smb/.../serial@a0000", unit address replaced. */
static void device_node_name(const struct cfg_device *d, char *buf,
			     size_t len)
{
	const char *base = strrchr(d->host_path, '/');
	size_t n;

	base = base ? base + 1 : d->host_path;
	n = strcspn(base, "@");
	snprintf(buf, len, "%.*s@%lx", (int)n, base,
		 (unsigned long)d->regs[0].base);
}

/* With console = "passthrough": the first passthrough PL011. */
static const struct cfg_device *passthrough_console(const struct gdt_in *in)
{
	for (unsigned i = 0; i < in->cfg->nr_devices; i++) {
		const struct cfg_device *d = &in->cfg->devices[i];

		if (resolved(d) &&
		    !fdt_node_check_compatible(d->host_fdt, d->host_node,
					       "arm,pl011"))
			return d;
	}
	return NULL;
}

static void add_chosen(struct gdt *w, const struct gdt_in *in)
{
	node_begin(w, "chosen");
	if (in->cfg->bootargs)
		prop_string(w, "bootargs", in->cfg->bootargs);
	if (in->cfg->console == CONSOLE_VIRTUAL) {
		prop_string(w, "stdout-path", "serial0:115200n8");
	} else if (in->cfg->console == CONSOLE_PASSTHROUGH) {
		const struct cfg_device *d = passthrough_console(in);
		char path[CFG_PATH_MAX + 1];

		if (d) {
			path[0] = '/';
			device_node_name(d, path + 1, sizeof(path) - 1);
			prop_string(w, "stdout-path", path);
		}
	}
	if (in->initrd_end > in->initrd_start) {
		prop_u32(w, "linux,initrd-start", (uint32_t)in->initrd_start);
		prop_u32(w, "linux,initrd-end", (uint32_t)in->initrd_end);
	}
	node_end(w);
}

static void add_test_device(struct gdt *w, const struct gdt_in *in)
{
	uint32_t reg[2] = {(uint32_t)in->cfg->test_device, TESTDEV_SIZE};
	char name[32];

	if (!in->cfg->has_test_device)
		return;
	snprintf(name, sizeof(name), "test-device@%lx", (unsigned long)reg[0]);
	node_begin(w, name);
	prop_string(w, "compatible", "tessera,test-device");
	prop_cells(w, "reg", reg, 2);
	node_end(w);
}

/* The virtio-net device (core/virtio_net.c): Linux's virtio_mmio binding. */
static void add_virtio_net(struct gdt *w, const struct gdt_in *in)
{
	uint32_t reg[2] = {in->gp->virtio_net, 0x200};
	uint32_t irq[3] = {GIC_SPI, in->gp->virtio_net_irq - 32,
			   IRQ_LEVEL_HIGH};
	char name[32];

	if (!in->cfg->network[0])
		return;
	snprintf(name, sizeof(name), "virtio@%lx", (unsigned long)reg[0]);
	node_begin(w, name);
	prop_string(w, "compatible", "virtio,mmio");
	prop_cells(w, "reg", reg, 2);
	prop_cells(w, "interrupts", irq, 3);
	node_end(w);
}

/*
 * One node per channel endpoint (binding: docs/channels.md): its memory and
 * doorbell page, the doorbell's SPI (edge), and what the guest needs to
 * lay out the ring buffers: its index, every endpoint's partition and
 * access.
 */
static void add_channel(struct gdt *w, const struct cfg_chan_ref *ref)
{
	const struct cfg_channel *ch = ref->ch;
	const struct cfg_endpoint *ep = &ch->ep[ref->ep];
	uint32_t base = (uint32_t)ep->guest, size = (uint32_t)ch->size;
	uint32_t reg[4] = {base, size, base + size, CFG_DOORBELL_SIZE};
	uint32_t irq[3] = {0, ep->intid - 32, 1}; /* SPI, rising edge */
	const char *parts[MAX_CHANNEL_ENDPOINTS], *access[MAX_CHANNEL_ENDPOINTS];
	char name[32];

	for (unsigned e = 0; e < ch->nr_endpoints; e++) {
		parts[e] = ch->ep[e].partition;
		access[e] = ch->ep[e].read_only ? "ro" : "rw";
	}
	snprintf(name, sizeof(name), "channel@%lx", (unsigned long)base);
	node_begin(w, name);
	prop_string(w, "compatible", "tessera,channel");
	prop_cells(w, "reg", reg, 4);
	prop_cells(w, "interrupts", irq, 3);
	prop_string(w, "label", ch->name);
	prop_u32(w, "tessera,channel-id", ch->index);
	prop_u32(w, "tessera,endpoint", ref->ep);
	prop_string(w, "tessera,access", access[ref->ep]);
	prop_strings(w, "tessera,partitions", parts, ch->nr_endpoints);
	prop_strings(w, "tessera,endpoint-access", access, ch->nr_endpoints);
	node_end(w);
}

static void add_channels(struct gdt *w, const struct gdt_in *in)
{
	for (unsigned i = 0; i < in->cfg->nr_channels; i++)
		add_channel(w, &in->cfg->channels[i]);
}

/* The emulated distributor and, at the GICC address, the virtual interface. */
static void add_gic(struct gdt *w, const struct gdt_in *in)
{
	static const char *const compatible[] = {"arm,cortex-a15-gic",
						 "arm,cortex-a9-gic"};
	uint32_t reg[4] = {in->gp->gicd, 0x1000, in->gp->gicc, 0x2000};
	char name[40];

	snprintf(name, sizeof(name), "interrupt-controller@%lx",
		 (unsigned long)in->gp->gicd);
	node_begin(w, name);
	prop_strings(w, "compatible", compatible, 2);
	prop_u32(w, "#interrupt-cells", 3);
	prop_u32(w, "#address-cells", 0);
	prop_cells(w, "interrupt-controller", NULL, 0);
	prop_cells(w, "reg", reg, 4);
	prop_u32(w, "phandle", PHANDLE_GIC);
	node_end(w);
}

static uint32_t timer_frequency;

void guest_dt_set_timer_frequency(uint32_t hz)
{
	timer_frequency = hz;
}

/* Secure, non-secure physical, virtual and hyp timer PPIs, in that order. */
static void add_timer(struct gdt *w, const struct gdt_in *in)
{
	static const uint32_t ppi[4] = {13, 14, 11, 10};
	uint32_t cpus = ((1u << in->cfg->nr_cpus) - 1) << 8;
	uint32_t irqs[12];

	for (unsigned i = 0; i < 4; i++) {
		irqs[3 * i] = GIC_PPI;
		irqs[3 * i + 1] = ppi[i];
		irqs[3 * i + 2] = cpus | IRQ_LEVEL_HIGH;
	}
	node_begin(w, "timer");
	prop_string(w, "compatible", "arm,armv7-timer");
	prop_cells(w, "interrupts", irqs, 12);
	if (timer_frequency)
		prop_u32(w, "clock-frequency", timer_frequency);
	node_end(w);
}

/* The clock AMBA devices ask for; the virtual UART ignores rates. */
static void add_uart_clock(struct gdt *w, const struct gdt_in *in)
{
	if (!needs_clock(in))
		return;
	node_begin(w, "apb-pclk");
	prop_string(w, "compatible", "fixed-clock");
	prop_u32(w, "#clock-cells", 0);
	prop_u32(w, "clock-frequency", 24000000);
	prop_string(w, "clock-output-names", "apb_pclk");
	prop_u32(w, "phandle", PHANDLE_CLK);
	node_end(w);
}

static void uart_path(const struct gdt_in *in, char *buf, size_t len)
{
	snprintf(buf, len, "/serial@%lx", (unsigned long)in->gp->uart);
}

static void add_uart(struct gdt *w, const struct gdt_in *in)
{
	static const char *const compatible[] = {"arm,pl011", "arm,primecell"};
	static const char *const clock_names[] = {"uartclk", "apb_pclk"};
	uint32_t reg[2] = {in->gp->uart, 0x1000};
	uint32_t irq[3] = {GIC_SPI, in->gp->uart_irq - 32, IRQ_LEVEL_HIGH};
	uint32_t clocks[2] = {PHANDLE_CLK, PHANDLE_CLK};
	char path[32];

	if (!has_virtual_uart(in))
		return;
	uart_path(in, path, sizeof(path));
	node_begin(w, path + 1);
	prop_strings(w, "compatible", compatible, 2);
	prop_cells(w, "reg", reg, 2);
	prop_cells(w, "interrupts", irq, 3);
	prop_cells(w, "clocks", clocks, 2);
	prop_strings(w, "clock-names", clock_names, 2);
	node_end(w);
}

static void add_aliases(struct gdt *w, const struct gdt_in *in)
{
	char path[32];

	if (!has_virtual_uart(in))
		return;
	uart_path(in, path, sizeof(path));
	node_begin(w, "aliases");
	prop_string(w, "serial0", path);
	node_end(w);
}

/*
 * Properties that name other host nodes by phandle mean nothing in the
 * guest's tree: they are left out ("clocks" is rewritten to apb-pclk).
 */
static bool host_only_property(const char *name)
{
	static const char *const skip[] = {
		"reg", "interrupt-parent", "interrupts-extended", "clocks",
		"power-domains", "resets", "dmas", "dma-names", "pinctrl-0",
		"pinctrl-1", "pinctrl-names", "iommus", "phys", "phy-names",
		"phandle", "linux,phandle", "status",
	};

	for (unsigned i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strcmp(name, skip[i]))
			return true;
	return false;
}

static void copy_host_properties(struct gdt *w, const struct cfg_device *d)
{
	int off;

	fdt_for_each_property_offset(off, d->host_fdt, d->host_node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(d->host_fdt, off, &name,
							&len);
		char *dst;

		if (!val || host_only_property(name))
			continue;
		dst = prop_space(w, name, (size_t)len);
		if (dst)
			memcpy(dst, val, (size_t)len);
	}
}

/*
 * A passthrough device, copied from the host tree: at its host address (the
 * guest sees it there), with its own interrupt specifiers (same INTIDs).
 */
static void add_passthrough_device(struct gdt *w, const struct cfg_device *d)
{
	uint32_t reg[2 * MAX_DEVICE_REGS];
	char name[CFG_PATH_MAX];

	if (!resolved(d))
		return;
	for (unsigned i = 0; i < d->nr_regs; i++) {
		reg[2 * i] = (uint32_t)d->regs[i].base;
		reg[2 * i + 1] = (uint32_t)d->regs[i].size;
	}
	device_node_name(d, name, sizeof(name));
	node_begin(w, name);
	copy_host_properties(w, d);
	prop_cells(w, "reg", reg, 2 * d->nr_regs);
	if (device_has_clocks(d)) {
		int n = fdt_stringlist_count(d->host_fdt, d->host_node,
					     "clock-names");
		uint32_t clocks[8];

		n = n < 1 ? 1 : n > 8 ? 8 : n;
		for (int i = 0; i < n; i++)
			clocks[i] = PHANDLE_CLK;
		prop_cells(w, "clocks", clocks, (unsigned)n);
	}
	node_end(w);
}

static void add_passthrough_devices(struct gdt *w, const struct gdt_in *in)
{
	for (unsigned i = 0; i < in->cfg->nr_devices; i++)
		add_passthrough_device(w, &in->cfg->devices[i]);
}

static void emit_tree(struct gdt *w, const struct gdt_in *in)
{
	node_begin(w, "");
	add_root_props(w, in);
	prop_u32(w, "interrupt-parent", PHANDLE_GIC);
	add_memory(w, in);
	add_cpus(w, in);
	add_psci(w);
	add_chosen(w, in);
	add_aliases(w, in);
	add_gic(w, in);
	add_timer(w, in);
	add_uart_clock(w, in);
	add_uart(w, in);
	add_passthrough_devices(w, in);
	add_test_device(w, in);
	add_virtio_net(w, in);
	add_channels(w, in);
	node_end(w);
}

/* ------------------------------------------------------------- the build */

/* [base, base + size) expressed in one address and one size cell. */
static bool fits_cells(uint64_t base, uint64_t size)
{
	return base <= CELL_MAX && size <= CELL_MAX &&
	       size <= CELL_MAX + 1 - base;
}

static int check_inputs(const struct gdt_in *in, char *err, size_t errlen)
{
	const struct cfg_partition *cfg = in->cfg;

	if (cfg->nr_cpus == 0 || cfg->nr_cpus > MAX_CPUS ||
	    cfg->nr_mem > MAX_PART_MEM)
		return fail(err, errlen, -FDT_ERR_BADVALUE,
			    "partition %s: %u vCPUs, %u memory regions",
			    cfg->name, cfg->nr_cpus, cfg->nr_mem);
	if (strlen(in->gp->name) > PRESET_NAME_MAX)
		return fail(err, errlen, -FDT_ERR_BADVALUE,
			    "guest platform name too long: %s", in->gp->name);
	for (unsigned i = 0; i < cfg->nr_mem; i++)
		if (!fits_cells(cfg->mem[i].guest, cfg->mem[i].size))
			return fail(err, errlen, -FDT_ERR_BADVALUE,
				    "partition %s: memory region %u is not below 4 GiB",
				    cfg->name, i);
	if (cfg->has_test_device && !fits_cells(cfg->test_device, TESTDEV_SIZE))
		return fail(err, errlen, -FDT_ERR_BADVALUE,
			    "partition %s: test device is not below 4 GiB",
			    cfg->name);
	for (unsigned i = 0; i < cfg->nr_channels; i++) {
		const struct cfg_chan_ref *r = &cfg->channels[i];

		if (!fits_cells(r->ch->ep[r->ep].guest,
				r->ch->size + CFG_DOORBELL_SIZE))
			return fail(err, errlen, -FDT_ERR_BADVALUE,
				    "partition %s: channel %s is not below "
				    "4 GiB",
				    cfg->name, r->ch->name);
	}
	if (in->initrd_end > in->initrd_start && in->initrd_end > CELL_MAX)
		return fail(err, errlen, -FDT_ERR_BADVALUE,
			    "partition %s: initrd is not below 4 GiB",
			    cfg->name);
	return 0;
}

/*
 * fdt_create() claims all of buf: structure block from the front, strings
 * from the back, so nothing past size is ever written. Running out of room
 * anywhere is -FDT_ERR_NOSPACE.
 */
static int write_tree(void *buf, size_t size, const struct gdt_in *in)
{
	struct gdt w = {.fdt = buf};
	int rc = fdt_create(buf, size > INT_MAX ? INT_MAX : (int)size);

	if (!rc)
		rc = fdt_finish_reservemap(buf);
	if (rc)
		return rc;
	emit_tree(&w, in);
	if (w.err)
		return w.err;
	rc = fdt_finish(buf);
	/*
	 * The sequential writer leaves padding between the header and the
	 * reservation map; fdt_pack() moves everything down over it.
	 */
	return rc ? rc : fdt_pack(buf);
}

int guest_dt_build(void *buf, size_t size, const struct cfg_partition *cfg,
		   const struct guest_platform *gp, uint64_t initrd_start,
		   uint64_t initrd_end, char *err, size_t errlen)
{
	struct gdt_in in = {cfg, gp, initrd_start, initrd_end};
	int rc;

	if (!cfg || !gp)
		return fail(err, errlen, -FDT_ERR_BADVALUE,
			    "guest device tree: no partition or platform");
	rc = check_inputs(&in, err, errlen);
	if (rc)
		return rc;
	if (!buf)
		return fail(err, errlen, -FDT_ERR_NOSPACE,
			    "partition %s: no buffer for the guest device tree",
			    cfg->name);

	rc = write_tree(buf, size, &in);
	if (rc == -FDT_ERR_NOSPACE)
		return fail(err, errlen, rc,
			    "partition %s: the guest device tree does not fit in its %lu-byte buffer",
			    cfg->name, (unsigned long)size);
	if (rc)
		return fail(err, errlen, rc,
			    "partition %s: building the guest device tree: %s",
			    cfg->name, fdt_strerror(rc));
	/*
	 * The writer kept its strings at the far end of buf: clear what
	 * follows the tree, so a buffer built into again shows a guest no
	 * leftovers of an earlier partition's tree.
	 */
	memset((char *)buf + fdt_totalsize(buf), 0,
	       size - fdt_totalsize(buf));
	return 0;
}
