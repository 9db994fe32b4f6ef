/*
 * Resolution, the second stage of the configuration (docs/config.md): each
 * passthrough device's "host-path" is looked up in the host device tree and
 * its registers and interrupts are filled into struct cfg_device, which the
 * hypervisor then maps and routes. The one stage that changes a parsed
 * configuration; a device that cannot be resolved is reported and left
 * empty, so that the checks after it add no errors of their own about it.
 */
#include "config_internal.h"
#include <core/dt.h>

struct resolver {
	const void *hfdt;
	struct cfg_report *r;
	/* What the hypervisor drives itself: never for a partition. */
	struct cfg_reserved hyp_dev[MAX_HYP_DEVICES];
	unsigned nr_hyp_dev;
};

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

static bool resolve_irqs(struct resolver *v, const struct cfg_partition *part,
			 struct cfg_device *d, int node)
{
	int len, n;
	const uint32_t *spec = fdt_getprop(v->hfdt, node, "interrupts", &len);

	if (!spec) {
		if (!fdt_getprop(v->hfdt, node, "interrupts-extended", NULL))
			return true; /* a device without interrupts */
		cfg_error(
			v->r, part->path,
			"device \"%s\" uses \"interrupts-extended\", which is "
			"not supported",
			d->host_path);
		return false;
	}
	if (interrupt_cells(v->hfdt, node) != 3 || len % 12) {
		cfg_error(v->r, part->path,
			  "device \"%s\": \"interrupts\" are not 3-cell GIC "
			  "specifiers",
			  d->host_path);
		return false;
	}
	n = len / 12;
	if (n > MAX_DEVICE_IRQS) {
		cfg_error(v->r, part->path,
			  "device \"%s\" has %d interrupts: at most %d "
			  "(MAX_DEVICE_IRQS)",
			  d->host_path, n, MAX_DEVICE_IRQS);
		return false;
	}
	for (int i = 0; i < n; i++, spec += 3) {
		uint32_t intid = spi_intid(spec);

		if (!intid) {
			cfg_error(
				v->r, part->path,
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
static const struct cfg_reserved *hyp_device_of(const struct resolver *v,
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
static bool resolve_device(struct resolver *v, const struct cfg_partition *part,
			   struct cfg_device *d)
{
	int node = fdt_path_offset(v->hfdt, d->host_path);
	int n = node < 0 ? 0 : dt_reg_count(v->hfdt, node);
	const struct cfg_reserved *own;

	if (node < 0) {
		cfg_error(
			v->r, part->path,
			"device \"%s\" does not exist in the host device tree",
			d->host_path);
		return false;
	}
	if (n <= 0) {
		cfg_error(
			v->r, part->path,
			"device \"%s\" has %s \"reg\": nothing to pass through",
			d->host_path, n < 0 ? "a malformed" : "no");
		return false;
	}
	if (n > MAX_DEVICE_REGS) {
		cfg_error(v->r, part->path,
			  "device \"%s\" has %d \"reg\" entries: at most %d "
			  "(MAX_DEVICE_REGS)",
			  d->host_path, n, MAX_DEVICE_REGS);
		return false;
	}
	for (int i = 0; i < n; i++) {
		const char *why;
		struct mem_range *m = &d->regs[d->nr_regs++];

		if (dt_reg(v->hfdt, node, i, &m->base, &m->size, &why) < 0) {
			cfg_error(v->r, part->path, "device \"%s\": %s",
				  d->host_path, why);
			return false;
		}
		/*
		 * Stage 2 would map the page at its base, registers the host
		 * tree does not give it, yet it overlaps nothing.
		 */
		if (!m->size) {
			cfg_error(v->r, part->path,
				  "device \"%s\": \"reg\" entry %d has size "
				  "0",
				  d->host_path, i);
			return false;
		}
	}
	d->host_fdt = v->hfdt;
	d->host_node = node;
	own = hyp_device_of(v, d);
	if (own) {
		cfg_error(
			v->r, part->path,
			"device \"%s\" is the hypervisor's %s (%s) and cannot "
			"be passed through",
			d->host_path, own->what,
			cfg_span(own->base, own->size).s);
		return false;
	}
	return resolve_irqs(v, part, d, node);
}

static NOINLINE void resolve_devices(struct resolver *v, struct config *c)
{
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		struct cfg_partition *part = &c->part[p];

		for (unsigned i = 0; i < part->nr_devices; i++) {
			struct cfg_device *d = &part->devices[i];

			d->nr_regs = d->nr_irqs = 0;
			/* A bad device must not add errors further on. */
			if (!resolve_device(v, part, d))
				d->nr_regs = d->nr_irqs = 0;
		}
	}
}

int config_resolve(struct config *c, const struct platform *host,
		   const void *host_fdt, struct cfg_report *r)
{
	struct resolver v = {.hfdt = host_fdt, .r = r};
	unsigned before = r->errors;

	if (!host_fdt)
		return 0;
	if (host)
		v.nr_hyp_dev = cfg_hyp_devices(host, v.hyp_dev);
	resolve_devices(&v, c);
	return (int)(r->errors - before);
}

/* Resolution, then the checks, which need the resolved devices. */
int config_validate(struct config *c, const struct platform *host,
		    const void *host_fdt, const struct cfg_reserved *reserved,
		    unsigned nr_reserved, struct cfg_report *r)
{
	unsigned before = r->errors;

	config_resolve(c, host, host_fdt, r);
	config_check(c, host, host_fdt, reserved, nr_reserved, r);
	return (int)(r->errors - before);
}
