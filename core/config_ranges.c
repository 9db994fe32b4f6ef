/*
 * The host physical ranges a configuration is checked against, in one flat
 * list built once per check (core/config_internal.h): what the caller
 * reserves, the devices the hypervisor drives, the memory the host's firmware
 * keeps (/memreserve/, /reserved-memory), and what the partitions take
 * at fixed host addresses. A rule about host addresses is a walk over the
 * kinds of range it concerns; each range knows its owner, so a message can
 * name both sides of an overlap.
 */
#include "config_internal.h"

#define UART_SIZE 0x1000u /* a PL011's register block */
#define SYSREG_SIZE 0x1000u

static void add_hyp_device(struct cfg_reserved *dev, unsigned *n,
			   const char *what, uint64_t base, uint64_t size)
{
	if (size)
		dev[(*n)++] = (struct cfg_reserved){what, base, size};
}

unsigned cfg_hyp_devices(const struct platform *h,
			 struct cfg_reserved dev[MAX_HYP_DEVICES])
{
	unsigned n = 0;

	add_hyp_device(dev, &n, "GIC distributor (GICD)", h->gic.gicd.base,
		       h->gic.gicd.size);
	add_hyp_device(dev, &n, "GIC CPU interface (GICC)", h->gic.gicc.base,
		       h->gic.gicc.size);
	add_hyp_device(dev, &n, "GIC virtual interface control (GICH)",
		       h->gic.gich.base, h->gic.gich.size);
	add_hyp_device(dev, &n, "GIC virtual CPU interface (GICV)",
		       h->gic.gicv.base, h->gic.gicv.size);
	add_hyp_device(dev, &n, "console UART", h->uart.base, UART_SIZE);
	if (h->sysreg)
		add_hyp_device(dev, &n, "system registers", h->sysreg,
			       SYSREG_SIZE);
	return n;
}

static void add(struct cfg_ranges *rs, enum cfg_range_kind kind, uint64_t base,
		uint64_t size, const char *what,
		const struct cfg_partition *owner, unsigned index)
{
	/* CFG_MAX_RANGES counts every slot the limits allow. */
	if (rs->n < CFG_MAX_RANGES)
		rs->r[rs->n++] = (struct cfg_range){kind, base,	 size,
						    what, owner, index};
}

static void add_hyp_ranges(struct cfg_ranges *rs, const struct platform *h)
{
	struct cfg_reserved dev[MAX_HYP_DEVICES];
	unsigned n = cfg_hyp_devices(h, dev);

	for (unsigned i = 0; i < n; i++)
		add(rs, CFG_RANGE_HYP_DEVICE, dev[i].base, dev[i].size,
		    dev[i].what, NULL, i);
}

static void add_image(struct cfg_ranges *rs, const struct cfg_partition *part,
		      const char *what, const struct cfg_blob *b)
{
	if (b->present && !b->data)
		add(rs, CFG_RANGE_HOST_IMAGE, b->host, b->size, what, part, 0);
}

void cfg_ranges_build(struct cfg_ranges *rs, const struct config *c,
		      const struct platform *host,
		      const struct cfg_reserved *reserved, unsigned nr_reserved,
		      struct cfg_report *r)
{
	rs->n = 0;
	if (!reserved)
		nr_reserved = 0;
	if (nr_reserved > CFG_MAX_RESERVED) {
		cfg_error(r, "/",
			  "%u reserved ranges: at most %d (CFG_MAX_RESERVED)",
			  nr_reserved, CFG_MAX_RESERVED);
		nr_reserved = CFG_MAX_RESERVED;
	}
	for (unsigned i = 0; i < nr_reserved; i++)
		add(rs, CFG_RANGE_RESERVED, reserved[i].base, reserved[i].size,
		    reserved[i].what, NULL, i);
	if (host) {
		add_hyp_ranges(rs, host);
		for (unsigned i = 0; i < host->nr_reserved; i++)
			add(rs, CFG_RANGE_HOST_RESERVED,
			    host->reserved[i].base, host->reserved[i].size,
			    host->reserved[i].name, NULL, i);
	}
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		for (unsigned m = 0; m < part->nr_mem; m++)
			if (part->mem[m].fixed)
				add(rs, CFG_RANGE_FIXED_MEM, part->mem[m].host,
				    part->mem[m].size, NULL, part, m);
	}
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		add_image(rs, &c->part[p], "kernel", &c->part[p].kernel);
		add_image(rs, &c->part[p], "initrd", &c->part[p].initrd);
	}
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		for (unsigned d = 0; d < part->nr_devices; d++) {
			const struct cfg_device *dev = &part->devices[d];

			for (unsigned i = 0; i < dev->nr_regs; i++)
				add(rs, CFG_RANGE_DEVICE, dev->regs[i].base,
				    dev->regs[i].size, dev->host_path, part, d);
		}
	}
}

unsigned cfg_ranges_next(const struct cfg_ranges *rs, unsigned i,
			 unsigned kinds)
{
	while (i < rs->n && !(kinds & CFG_KIND(rs->r[i].kind)))
		i++;
	return i;
}

uint64_t cfg_ranges_covered(const struct cfg_ranges *rs, unsigned kinds,
			    uint64_t lo, uint64_t hi)
{
	uint64_t cur = lo, total = 0;
	unsigned k;

	for (;;) {
		uint64_t s = hi, e = hi;

		/* The earliest covered stretch at or after cur. */
		for_each_cfg_range(k, rs, kinds) {
			const struct cfg_range *x = &rs->r[k];
			uint64_t st, en;

			if (!x->size || x->base + x->size <= cur ||
			    x->base >= hi)
				continue;
			st = x->base > cur ? x->base : cur;
			en = x->base + x->size < hi ? x->base + x->size : hi;
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
