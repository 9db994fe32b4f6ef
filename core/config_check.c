/*
 * Checking, the last stage of the configuration (docs/config.md): a parsed
 * and resolved configuration against itself and the host. It reads the
 * configuration only (const); rules about host addresses walk the flat
 * range list (config_ranges.c), the others the partitions. Each rule is one
 * NOINLINE function called from config_check(); adding a rule is one more.
 */
#include "config_internal.h"
#include <core/testdev.h>
#include <stdio.h>
#include <string.h>

struct checker {
	const struct config *c;
	const struct platform *host; /* NULL: skip host checks */
	const void *hfdt;	     /* NULL: skip device checks */
	const struct cfg_ranges *rs;
	struct cfg_report *r;
	uint32_t console_irq; /* 0 when unknown */
};

#define RESERVED CFG_KIND(CFG_RANGE_RESERVED)
#define HYP_DEVICE CFG_KIND(CFG_RANGE_HYP_DEVICE)
#define FIXED_MEM CFG_KIND(CFG_RANGE_FIXED_MEM)
#define HOST_IMAGE CFG_KIND(CFG_RANGE_HOST_IMAGE)
#define DEVICE CFG_KIND(CFG_RANGE_DEVICE)
#define HOST_RESERVED CFG_KIND(CFG_RANGE_HOST_RESERVED)

/* The partition before partition p that has CPU cpu, or NULL. */
static const struct cfg_partition *cpu_owner(const struct config *c, unsigned p,
					     unsigned cpu)
{
	for (unsigned q = 0; q < p; q++)
		for (unsigned j = 0; j < c->part[q].nr_cpus; j++)
			if (c->part[q].cpus[j] == cpu)
				return &c->part[q];
	return NULL;
}

static NOINLINE void check_cpus(struct checker *v)
{
	const struct config *c = v->c;

	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		for (unsigned i = 0; i < part->nr_cpus; i++) {
			unsigned cpu = part->cpus[i];
			const struct cfg_partition *other =
				cpu_owner(c, p, cpu);

			if (v->host && cpu >= v->host->nr_cpus)
				cfg_error(v->r, part->path,
					  "CPU %u does not exist: "
					  "the host has %u",
					  cpu, v->host->nr_cpus);
			else if (other)
				cfg_error(v->r, part->path,
					  "CPU %u is also given to %s", cpu,
					  other->path);
		}
	}
}

/*
 * big.LITTLE (TC2): a partition's CPUs must be the same core. A vCPU sees
 * the MIDR (through VPIDR) of the core it runs on, its cache geometry
 * (CCSIDR) and L2CTLR; a guest told one core and running on another
 * mistunes its caches and barriers, and migrating state between the two is
 * not possible.
 */
static NOINLINE void check_cpu_cores(struct checker *v)
{
	const struct config *c = v->c;
	const struct platform *h = v->host;

	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];
		unsigned first = part->cpus[0];

		if (!part->nr_cpus || first >= h->nr_cpus)
			continue;
		for (unsigned i = 1; i < part->nr_cpus; i++) {
			unsigned cpu = part->cpus[i];

			if (cpu >= h->nr_cpus ||
			    !strcmp(h->cpu_core[cpu], h->cpu_core[first]))
				continue;
			cfg_error(v->r, part->path,
				  "CPUs %u (%s, MPIDR 0x%lx) and %u (%s, MPIDR "
				  "0x%lx) are different cores: a partition "
				  "must not mix them (MIDR/VPIDR, cache "
				  "geometry and L2CTLR differ)",
				  first, h->cpu_core[first],
				  (unsigned long)h->cpu_mpidr[first], cpu,
				  h->cpu_core[cpu],
				  (unsigned long)h->cpu_mpidr[cpu]);
			break;
		}
	}
}

/*
 * Reports each of the guest platform's windows that the guest range `what`
 * (already formatted, e.g. "guest memory 0x...-0x...") overlaps.
 */
static void check_windows(struct checker *v, const struct cfg_partition *part,
			  const char *what, uint64_t base, uint64_t size)
{
	const struct guest_platform *gp = guest_platform_get(part->preset);

	for (unsigned w = 0; w < gp->nr_windows; w++) {
		const struct guest_window *gw = &gp->windows[w];

		if (overlaps(base, size, gw->base, gw->size))
			cfg_error(v->r, part->path,
				  "%s overlaps the guest's %s window %s of "
				  "guest-platform \"%s\"",
				  what, gw->name,
				  cfg_span(gw->base, gw->size).s, gp->name);
	}
}

/* Passthrough devices appear in the guest at their host address. */
static void check_guest_device(struct checker *v,
			       const struct cfg_partition *part,
			       const struct cfg_device *d)
{
	char what[CFG_PATH_MAX + 64];

	for (unsigned i = 0; i < d->nr_regs; i++) {
		uint64_t b, s;

		page_round(d->regs[i].base, d->regs[i].size, &b, &s);
		snprintf(what, sizeof(what), "device \"%s\" (%s)", d->host_path,
			 cfg_span(b, s).s);
		check_windows(v, part, what, b, s);
		if (part->has_test_device &&
		    overlaps(b, s, part->test_device, TESTDEV_SIZE))
			cfg_error(v->r, part->path,
				  "test-device %s overlaps %s",
				  cfg_hex(part->test_device).s, what);
	}
}

static void check_guest_memory(struct checker *v,
			       const struct cfg_partition *part, unsigned m)
{
	const struct cfg_mem *mem = &part->mem[m];
	struct rangestr g = cfg_span(mem->guest, mem->size);
	char what[64];

	for (unsigned i = 0; i < m; i++) {
		const struct cfg_mem *o = &part->mem[i];

		if (overlaps(mem->guest, mem->size, o->guest, o->size))
			cfg_error(v->r, part->path,
				  "guest memory %s overlaps guest memory %s",
				  g.s, cfg_span(o->guest, o->size).s);
	}
	snprintf(what, sizeof(what), "guest memory %s", g.s);
	check_windows(v, part, what, mem->guest, mem->size);
	if (part->has_test_device &&
	    overlaps(mem->guest, mem->size, part->test_device, TESTDEV_SIZE))
		cfg_error(v->r, part->path,
			  "guest memory %s overlaps the test-device at %s", g.s,
			  cfg_hex(part->test_device).s);
	for (unsigned d = 0; d < part->nr_devices; d++) {
		const struct cfg_device *dev = &part->devices[d];

		for (unsigned i = 0; i < dev->nr_regs; i++) {
			uint64_t b, s;

			page_round(dev->regs[i].base, dev->regs[i].size, &b,
				   &s);
			if (overlaps(mem->guest, mem->size, b, s))
				cfg_error(v->r, part->path,
					  "guest memory %s overlaps device "
					  "\"%s\" (%s), which the guest sees "
					  "at its host address",
					  g.s, dev->host_path,
					  cfg_span(b, s).s);
		}
	}
}

static NOINLINE void check_guest_map(struct checker *v,
				     const struct cfg_partition *part)
{
	char what[48];

	for (unsigned m = 0; m < part->nr_mem; m++)
		check_guest_memory(v, part, m);
	for (unsigned d = 0; d < part->nr_devices; d++)
		check_guest_device(v, part, &part->devices[d]);
	if (part->has_test_device) {
		snprintf(what, sizeof(what), "test-device %s",
			 cfg_hex(part->test_device).s);
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

static void check_image(struct checker *v, const struct cfg_partition *part,
			const char *what, const struct cfg_blob *b)
{
	char path[CFG_PATH_MAX + 8];

	if (!b->present || !b->size)
		return;
	snprintf(path, sizeof(path), "%s/%s", part->path, what);
	if (!in_guest_memory(part, b->load, b->size))
		cfg_error(
			v->r, path,
			"%s (%s bytes at %s) does not fit in any memory region",
			what, cfg_hex(b->size).s, cfg_hex(b->load).s);
}

static NOINLINE void check_images(struct checker *v,
				  const struct cfg_partition *part)
{
	const struct cfg_blob *k = &part->kernel, *i = &part->initrd;

	check_image(v, part, "kernel", k);
	check_image(v, part, "initrd", i);
	if (k->present && i->present &&
	    overlaps(k->load, k->size, i->load, i->size)) {
		char path[CFG_PATH_MAX + 8];

		snprintf(path, sizeof(path), "%s/initrd", part->path);
		cfg_error(v->r, path, "initrd (%s) overlaps the kernel (%s)",
			  cfg_span(i->load, i->size).s,
			  cfg_span(k->load, k->size).s);
	}
	if (k->present && !in_guest_memory(part, part->entry, 4))
		cfg_error(v->r, part->path,
			  "entry %s is not inside any memory region",
			  cfg_hex(part->entry).s);
}

enum cfg_dt_place config_guest_dt_place(const struct cfg_partition *c,
					uint64_t *ipa, unsigned *region)
{
	const struct cfg_blob *k = &c->kernel, *i = &c->initrd;

	for (unsigned r = 0; r < c->nr_mem; r++) {
		const struct cfg_mem *m = &c->mem[r];
		uint64_t at = m->guest + m->size - CFG_GUEST_DT_SIZE;

		if (k->load < m->guest || k->load - m->guest >= m->size)
			continue;
		*region = r;
		*ipa = at;
		if (m->size < CFG_GUEST_DT_SIZE)
			return CFG_DT_SMALL;
		if (k->load + k->size > at)
			return CFG_DT_KERNEL;
		if (i->present &&
		    overlaps(i->load, i->size, at, CFG_GUEST_DT_SIZE))
			return CFG_DT_INITRD;
		return CFG_DT_OK;
	}
	return CFG_DT_NO_REGION;
}

/* The hypervisor puts the guest's device tree where the images are not. */
static NOINLINE void check_guest_dt(struct checker *v,
				    const struct cfg_partition *part)
{
	const struct cfg_blob *b = &part->kernel;
	const char *what = "kernel";
	char path[CFG_PATH_MAX + 8];
	unsigned r;
	uint64_t at;
	enum cfg_dt_place rc = config_guest_dt_place(part, &at, &r);

	/* Without a region for the kernel, check_images() said so. */
	if (rc == CFG_DT_OK || rc == CFG_DT_NO_REGION ||
	    !in_guest_memory(part, b->load, b->size))
		return;
	if (rc == CFG_DT_SMALL) {
		cfg_error(v->r, part->path,
			  "memory region %s holds the kernel but is smaller "
			  "than the %u KB guest device tree that goes at its "
			  "top",
			  cfg_span(part->mem[r].guest, part->mem[r].size).s,
			  CFG_GUEST_DT_SIZE / 1024);
		return;
	}
	if (rc == CFG_DT_INITRD) {
		b = &part->initrd;
		what = "initrd";
	}
	snprintf(path, sizeof(path), "%s/%s", part->path, what);
	cfg_error(v->r, path,
		  "%s (%s) overlaps the top %u KB of the kernel's memory "
		  "region (%s), where the guest device tree goes",
		  what, cfg_span(b->load, b->size).s, CFG_GUEST_DT_SIZE / 1024,
		  cfg_span(at, CFG_GUEST_DT_SIZE).s);
}

static bool in_host_ram(const struct platform *h, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < h->nr_mem; i++)
		if (contains(h->mem[i].base, h->mem[i].size, base, size))
			return true;
	return false;
}

/*
 * Reports "<subject> overlaps <range>" at path for each range of kinds among
 * the first `end` of the list that [base, base + size) overlaps; returns how
 * many. subject is already formatted ("fixed memory at host 0x...-0x...").
 */
static unsigned report_overlaps(struct checker *v, const char *path,
				const char *subject, uint64_t base,
				uint64_t size, unsigned kinds, unsigned end)
{
	unsigned i, hits = 0;

	for_each_cfg_range(i, v->rs, kinds) {
		const struct cfg_range *x = &v->rs->r[i];

		if (i >= end)
			break;
		if (!overlaps(base, size, x->base, x->size))
			continue;
		cfg_error(v->r, path, "%s overlaps %s", subject,
			  cfg_range_name(x).s);
		hits++;
	}
	return hits;
}

/*
 * report_overlaps() for what the MMU maps by whole pages (images in the Hyp
 * translation tables): compares the 4 KB pages of both sides; ranges that
 * only share a page are reported as such.
 */
static unsigned report_page_overlaps(struct checker *v, const char *path,
				     const char *subject, uint64_t base,
				     uint64_t size, unsigned kinds,
				     unsigned end)
{
	unsigned i, hits = 0;
	uint64_t pb, ps;

	page_round(base, size, &pb, &ps);
	for_each_cfg_range(i, v->rs, kinds) {
		const struct cfg_range *x = &v->rs->r[i];
		uint64_t xb, xs;

		if (i >= end)
			break;
		page_round(x->base, x->size, &xb, &xs);
		if (!overlaps(pb, ps, xb, xs))
			continue;
		cfg_error(v->r, path, "%s %s %s", subject,
			  overlaps(base, size, x->base, x->size)
				  ? "overlaps"
				  : "shares a 4 KB page with",
			  cfg_range_name(x).s);
		hits++;
	}
	return hits;
}

/* What report_overlaps() says overlaps: fits a short text and a range. */
struct subjectstr {
	char s[96];
};

/* "<what> <range>", e.g. "fixed memory at host 0x...-0x...". */
static struct subjectstr subject(const char *what, uint64_t base,
				 uint64_t size)
{
	struct subjectstr n;

	snprintf(n.s, sizeof(n.s), "%s %s", what, cfg_span(base, size).s);
	return n;
}

/* The index of the range of an image left in RAM in the list. */
static unsigned image_range(const struct cfg_ranges *rs,
			    const struct cfg_partition *part, const char *what)
{
	unsigned i;

	for_each_cfg_range(i, rs, HOST_IMAGE)
		if (rs->r[i].owner == part && !strcmp(rs->r[i].what, what))
			break;
	return i;
}

/*
 * An image the boot loader left in RAM is read from there at boot, mapped
 * read-only page by page into the hypervisor's tables: its pages must be
 * its own. It may lie in the host's reserved memory (a boot loader reserves
 * what it loaded).
 */
static NOINLINE void check_host_image(struct checker *v,
				      const struct cfg_partition *part,
				      const char *what,
				      const struct cfg_blob *b)
{
	char path[CFG_PATH_MAX + 8];
	struct subjectstr s;

	if (!b->present || b->data || !b->size)
		return;
	snprintf(path, sizeof(path), "%s/%s", part->path, what);
	s = subject("image at host", b->host, b->size);
	if (v->host && !in_host_ram(v->host, b->host, b->size))
		cfg_error(v->r, path, "%s is not inside host RAM", s.s);
	report_page_overlaps(v, path, s.s, b->host, b->size, RESERVED,
			     v->rs->n);
	report_page_overlaps(v, path, s.s, b->host, b->size, HOST_IMAGE,
			     image_range(v->rs, part, what));
}

/* The host's RAM range that [base, base + size) overlaps, or NULL. */
static const struct mem_range *ram_at(const struct platform *h, uint64_t base,
				      uint64_t size)
{
	for (unsigned i = 0; i < h->nr_mem; i++)
		if (overlaps(base, size, h->mem[i].base, h->mem[i].size))
			return &h->mem[i];
	return NULL;
}

/*
 * Stage 2 maps a device by whole pages (partition_mem.c): every page it
 * maps must be device registers the host tree gives it, not RAM, the
 * hypervisor's image or tree, an image, or memory the host reserves.
 * Fixed memory over a device is reported by check_fixed_memory(), and the
 * hypervisor's own devices by config_resolve().
 */
static NOINLINE void check_device_pages(struct checker *v,
					const struct cfg_partition *part,
					const struct cfg_device *d)
{
	for (unsigned i = 0; i < d->nr_regs; i++) {
		const struct mem_range *ram;
		struct subjectstr what;
		uint64_t b, s;
		char name[CFG_PATH_MAX + 64];

		page_round(d->regs[i].base, d->regs[i].size, &b, &s);
		snprintf(name, sizeof(name), "device \"%s\"", d->host_path);
		snprintf(what.s, sizeof(what.s), "(%s)", cfg_span(b, s).s);
		for (unsigned j = 0; j < i; j++) {
			uint64_t ob, os;

			page_round(d->regs[j].base, d->regs[j].size, &ob, &os);
			if (overlaps(b, s, ob, os))
				cfg_error(v->r, part->path,
					  "%s: \"reg\" entries %u and %u "
					  "share the page %s",
					  name, j, i, cfg_span(b, s).s);
		}
		ram = v->host ? ram_at(v->host, b, s) : NULL;
		if (ram) {
			cfg_error(v->r, part->path,
				  "%s %s overlaps host RAM %s: only device "
				  "registers can be passed through",
				  name, what.s,
				  cfg_span(ram->base, ram->size).s);
			continue;
		}
		strncat(name, " ", sizeof(name) - strlen(name) - 1);
		strncat(name, what.s, sizeof(name) - strlen(name) - 1);
		report_overlaps(v, part->path, name, b, s,
				RESERVED | HOST_IMAGE | HOST_RESERVED,
				v->rs->n);
	}
}

/* Compatibles of DMA masters (docs/config.md lists them). */
static const char *const dma_compatibles[] = {
	"arm,pl080",  /* DMA controllers */
	"arm,pl081",  "arm,pl330",
	"arm,pl111",  /* display controllers: read their frame buffer */
	"arm,hdlcd",  "virtio,mmio", /* virtqueues in guest memory */
	NULL,
};

/*
 * A device that masters the bus reaches host physical memory without stage
 * 2 (the hypervisor programs no SMMU): valid, but the partition can then
 * read and write any memory. Judged from its host node: a "dmas" or
 * "iommus" property, or a compatible of dma_compatibles.
 */
static NOINLINE void warn_dma(struct checker *v,
			      const struct cfg_partition *part,
			      const struct cfg_device *d)
{
	char why[64] = "";

	if (!d->nr_regs || !d->host_fdt)
		return;
	if (fdt_getprop(d->host_fdt, d->host_node, "dmas", NULL))
		snprintf(why, sizeof(why), "it has \"dmas\"");
	else if (fdt_getprop(d->host_fdt, d->host_node, "iommus", NULL))
		snprintf(why, sizeof(why), "it has \"iommus\"");
	for (unsigned i = 0; !why[0] && dma_compatibles[i]; i++)
		if (!fdt_node_check_compatible(d->host_fdt, d->host_node,
					       dma_compatibles[i]))
			snprintf(why, sizeof(why), "compatible \"%s\"",
				 dma_compatibles[i]);
	if (why[0])
		cfg_warning(v->r, part->path,
			    "device \"%s\" may do DMA (%s): DMA bypasses "
			    "stage 2, so the partition can read and write "
			    "all host memory through it",
			    d->host_path, why);
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

/* Fixed regions are the one place two partitions could share host memory. */
static NOINLINE void check_fixed_memory(struct checker *v)
{
	const struct cfg_ranges *rs = v->rs;
	unsigned k;

	for_each_cfg_range(k, rs, FIXED_MEM) {
		const struct cfg_range *m = &rs->r[k];
		const char *path = m->owner->path;
		struct subjectstr what =
			subject("fixed memory at host", m->base, m->size);

		/* Inside a device means outside RAM too: name the device. */
		if (!report_overlaps(v, path, what.s, m->base, m->size,
				     HYP_DEVICE | DEVICE, rs->n) &&
		    v->host && !in_host_ram(v->host, m->base, m->size))
			cfg_error(v->r, path, "%s is not inside host RAM",
				  what.s);
		report_overlaps(v, path, what.s, m->base, m->size,
				RESERVED | HOST_RESERVED | HOST_IMAGE, rs->n);
		report_overlaps(v, path, what.s, m->base, m->size, FIXED_MEM,
				k);
	}
}

static bool same_device(const struct checker *v, const struct cfg_device *a,
			const struct cfg_device *b)
{
	if (!v->hfdt)
		return !strcmp(a->host_path, b->host_path);
	/* Unresolved devices were reported already. */
	return a->nr_regs && b->nr_regs &&
	       fdt_path_offset(v->hfdt, a->host_path) ==
		       fdt_path_offset(v->hfdt, b->host_path);
}

/*
 * A device's pages shared with an earlier device: of another partition, the
 * page would be in both; of the same one, stage 2 would map it twice.
 */
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
				*where = cfg_span(ab, as);
				return true;
			}
		}
	}
	return false;
}

static NOINLINE void check_devices_shared(struct checker *v)
{
	const struct cfg_partition *pa, *pb;
	const struct cfg_device *a, *b;
	struct rangestr where;

	for (unsigned k = 0; device_at(v->c, k, &pa, &a); k++) {
		for (unsigned j = 0; j < k && device_at(v->c, j, &pb, &b);
		     j++) {
			if (same_device(v, a, b)) {
				if (pa == pb)
					cfg_error(
						v->r, pa->path,
						"device \"%s\" is listed twice",
						a->host_path);
				else
					cfg_error(v->r, pa->path,
						  "device \"%s\" is also "
						  "given to %s",
						  a->host_path, pb->path);
				break;
			}
			if (shares_page(a, b, &where)) {
				cfg_error(
					v->r, pa->path,
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
static void check_irq_shared(struct checker *v, unsigned p, uint32_t irq,
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
				cfg_error(
					v->r, part->path,
					"IRQ %lu (%s) is also given to %s (%s)",
					(unsigned long)irq, irq_origin(dev).s,
					other->path, irq_origin(odev).s);
			break;
		}
	}
}

static NOINLINE void check_irqs(struct checker *v)
{
	for (unsigned p = 0; p < v->c->nr_partitions; p++) {
		const struct cfg_partition *part = &v->c->part[p];
		const struct guest_platform *gp =
			guest_platform_get(part->preset);
		const struct cfg_device *dev;
		uint32_t irq;

		for (unsigned k = 0; irq_at(part, k, &irq, &dev); k++) {
			if (v->console_irq && irq == v->console_irq)
				cfg_error(v->r, part->path,
					  "IRQ %lu (%s) is the hypervisor's "
					  "console interrupt and cannot be "
					  "passed through",
					  (unsigned long)irq,
					  irq_origin(dev).s);
			if (part->console == CONSOLE_VIRTUAL &&
			    irq == gp->uart_irq)
				cfg_error(
					v->r, part->path,
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
 * Virtual networks: a link joins the partitions naming it, so one alone
 * is a mistake; the virtio-net device's SPI is not free for passthrough.
 */
static NOINLINE void check_networks(struct checker *v)
{
	for (unsigned p = 0; p < v->c->nr_partitions; p++) {
		const struct cfg_partition *part = &v->c->part[p];
		const struct guest_platform *gp =
			guest_platform_get(part->preset);
		const struct cfg_device *dev;
		unsigned peers = 0;
		uint32_t irq;

		if (!part->network[0])
			continue;
		for (unsigned q = 0; q < v->c->nr_partitions; q++)
			peers += q != p &&
				 !strcmp(v->c->part[q].network, part->network);
		if (!peers)
			cfg_error(v->r, part->path,
				  "network \"%s\" has no other partition on "
				  "it", part->network);
		for (unsigned k = 0; irq_at(part, k, &irq, &dev); k++)
			if (irq == gp->virtio_net_irq)
				cfg_error(v->r, part->path,
					  "IRQ %lu (%s) is the interrupt of "
					  "the partition's virtio-net device "
					  "on guest-platform \"%s\"",
					  (unsigned long)irq,
					  irq_origin(dev).s, gp->name);
	}
}

/* ------------------------------------------------------------ channels */

/*
 * What an endpoint maps in its partition's guest space: the shared memory
 * and the doorbell page after it.
 */
static uint64_t endpoint_span(const struct cfg_channel *ch)
{
	return ch->size + CFG_DOORBELL_SIZE;
}

/* The endpoint's guest range against everything else its partition maps. */
static void check_endpoint_map(struct checker *v, const struct cfg_channel *ch,
			       const struct cfg_endpoint *ep)
{
	const struct cfg_partition *part = &v->c->part[ep->part];
	const struct guest_platform *gp = guest_platform_get(part->preset);
	uint64_t base = ep->guest, size = endpoint_span(ch);
	char what[80];

	snprintf(what, sizeof(what), "channel memory and doorbell %s",
		 cfg_span(base, size).s);
	for (unsigned m = 0; m < part->nr_mem; m++)
		if (overlaps(base, size, part->mem[m].guest, part->mem[m].size))
			cfg_error(v->r, ep->path,
				  "%s overlap guest memory %s of %s", what,
				  cfg_span(part->mem[m].guest,
					   part->mem[m].size).s,
				  part->path);
	for (unsigned w = 0; w < gp->nr_windows; w++)
		if (overlaps(base, size, gp->windows[w].base,
			     gp->windows[w].size))
			cfg_error(v->r, ep->path,
				  "%s overlap the guest's %s window %s of "
				  "guest-platform \"%s\"",
				  what, gp->windows[w].name,
				  cfg_span(gp->windows[w].base,
					   gp->windows[w].size).s,
				  gp->name);
	if (part->has_test_device &&
	    overlaps(base, size, part->test_device, TESTDEV_SIZE))
		cfg_error(v->r, ep->path, "%s overlap the test-device at %s",
			  what, cfg_hex(part->test_device).s);
	for (unsigned d = 0; d < part->nr_devices; d++) {
		const struct cfg_device *dev = &part->devices[d];

		for (unsigned i = 0; i < dev->nr_regs; i++) {
			uint64_t b, s;

			page_round(dev->regs[i].base, dev->regs[i].size, &b,
				   &s);
			if (overlaps(base, size, b, s))
				cfg_error(v->r, ep->path,
					  "%s overlap device \"%s\" (%s) of %s",
					  what, dev->host_path,
					  cfg_span(b, s).s, part->path);
		}
	}
}

/* Its doorbell against the partition's other interrupts. */
static void check_endpoint_irq(struct checker *v, const struct cfg_endpoint *ep)
{
	const struct cfg_partition *part = &v->c->part[ep->part];
	const struct guest_platform *gp = guest_platform_get(part->preset);
	const struct cfg_device *dev;
	uint32_t irq;

	for (unsigned k = 0; irq_at(part, k, &irq, &dev); k++)
		if (irq == ep->intid)
			cfg_error(v->r, ep->path,
				  "doorbell interrupt %lu is also passed "
				  "through to %s (%s)",
				  (unsigned long)irq, part->path,
				  irq_origin(dev).s);
	if (part->console == CONSOLE_VIRTUAL && ep->intid == gp->uart_irq)
		cfg_error(v->r, ep->path,
			  "doorbell interrupt %lu is the interrupt of %s's "
			  "virtual console UART on guest-platform \"%s\"",
			  (unsigned long)ep->intid, part->path, gp->name);
}

/* Against the endpoints of the same partition before it. */
static void check_endpoint_others(struct checker *v,
				  const struct cfg_partition *part, unsigned k)
{
	const struct cfg_chan_ref *me = &part->channels[k];
	const struct cfg_endpoint *ep = &me->ch->ep[me->ep];

	for (unsigned j = 0; j < k; j++) {
		const struct cfg_chan_ref *o = &part->channels[j];
		const struct cfg_endpoint *oep = &o->ch->ep[o->ep];

		if (overlaps(ep->guest, endpoint_span(me->ch), oep->guest,
			     endpoint_span(o->ch)))
			cfg_error(v->r, ep->path,
				  "channel memory and doorbell %s overlap "
				  "those of %s (%s)",
				  cfg_span(ep->guest,
					   endpoint_span(me->ch)).s,
				  oep->path,
				  cfg_span(oep->guest,
					   endpoint_span(o->ch)).s);
		if (ep->intid == oep->intid)
			cfg_error(v->r, ep->path,
				  "doorbell interrupt %lu is also the doorbell "
				  "of %s",
				  (unsigned long)ep->intid, oep->path);
	}
}

/*
 * Channel memory is allocated (never at a fixed host address), so no
 * partition reaches it except through an endpoint: what is checked is
 * each endpoint's place in its partition's guest map and interrupts.
 */
static NOINLINE void check_channels(struct checker *v)
{
	for (unsigned c = 0; c < v->c->nr_channels; c++) {
		const struct cfg_channel *ch = &v->c->channels[c];

		for (unsigned e = 0; e < ch->nr_endpoints; e++) {
			check_endpoint_map(v, ch, &ch->ep[e]);
			check_endpoint_irq(v, &ch->ep[e]);
		}
	}
	for (unsigned p = 0; p < v->c->nr_partitions; p++)
		for (unsigned k = 0; k < v->c->part[p].nr_channels; k++)
			check_endpoint_others(v, &v->c->part[p], k);
}

/* What allocation must avoid: everything at a fixed host address. */
#define OCCUPIED (RESERVED | FIXED_MEM | HOST_IMAGE | HOST_RESERVED)

static NOINLINE void check_capacity(struct checker *v)
{
	const struct platform *h = v->host;
	uint64_t need = 0, total = platform_ram_size(h), taken = 0;

	for (unsigned p = 0; p < v->c->nr_partitions; p++)
		for (unsigned m = 0; m < v->c->part[p].nr_mem; m++)
			if (!v->c->part[p].mem[m].fixed)
				need += v->c->part[p].mem[m].size;
	for (unsigned c = 0; c < v->c->nr_channels; c++)
		need += v->c->channels[c].size; /* allocated once */
	if (!need)
		return;
	for (unsigned i = 0; i < h->nr_mem; i++)
		taken += cfg_ranges_covered(v->rs, OCCUPIED, h->mem[i].base,
					    h->mem[i].base + h->mem[i].size);
	if (need > total - taken)
		cfg_error(
			v->r, "/partitions",
			"the partitions need %s of memory allocated from host "
			"RAM, but only %s of its %s is free (the rest holds "
			"the reserved ranges, fixed memory and images left "
			"in RAM)",
			cfg_bytes(need).s, cfg_bytes(total - taken).s,
			cfg_bytes(total).s);
}

/* Its console's SPI from the host tree, or 0. */
static uint32_t console_irq(const struct platform *h, const void *hfdt)
{
	int node = fdt_path_offset(hfdt, h->uart.path), len;
	const uint32_t *irq =
		node < 0 ? NULL : fdt_getprop(hfdt, node, "interrupts", &len);

	return irq && len >= 12 ? spi_intid(irq) : 0;
}

/*
 * The flat list of host ranges: too large for the 8 KB boot stack, so it
 * lives here. config_check() runs once at boot, and in one thread on the
 * host.
 */
static struct cfg_ranges ranges;

int config_check(const struct config *c, const struct platform *host,
		 const void *host_fdt, const struct cfg_reserved *reserved,
		 unsigned nr_reserved, struct cfg_report *r)
{
	struct checker v = {
		.c = c,
		.host = host,
		.hfdt = host_fdt,
		.rs = &ranges,
		.r = r,
	};
	unsigned before = r->errors;

	cfg_ranges_build(&ranges, c, host, reserved, nr_reserved, r);
	if (host && host_fdt)
		v.console_irq = console_irq(host, host_fdt);
	check_cpus(&v);
	if (host)
		check_cpu_cores(&v);
	for (unsigned p = 0; p < c->nr_partitions; p++) {
		const struct cfg_partition *part = &c->part[p];

		check_guest_map(&v, part);
		check_images(&v, part);
		check_guest_dt(&v, part);
		check_host_image(&v, part, "kernel", &part->kernel);
		check_host_image(&v, part, "initrd", &part->initrd);
		for (unsigned d = 0; d < part->nr_devices; d++) {
			check_device_pages(&v, part, &part->devices[d]);
			warn_dma(&v, part, &part->devices[d]);
		}
	}
	check_fixed_memory(&v);
	check_devices_shared(&v);
	check_irqs(&v);
	check_networks(&v);
	check_channels(&v);
	if (host)
		check_capacity(&v);
	return (int)(r->errors - before);
}
