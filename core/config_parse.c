/*
 * Parsing, the first stage of the configuration (docs/config.md): the
 * configuration tree into struct config. It reads that tree only; what the
 * host has is the business of config_resolve.c and config_check.c.
 *
 * Every problem is reported, not just the first: a configuration is written
 * by hand, and one round trip per mistake is tedious.
 */
#include "config_internal.h"
#include <core/dt.h>
#include <stdio.h>
#include <string.h>

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
	cfg_error(p->r, path, "missing property \"%s\"", name);
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
		cfg_error(p->r, path, "property \"%s\" must be one 32-bit cell",
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
		cfg_error(p->r, path, "property \"%s\" must be a string", name);
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
		cfg_error(p->r, path,
			  "property \"%s\" must be a list of 32-bit cells",
			  name);
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
			cfg_error(p->r, path, "unknown property \"%s\"", name);
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
		cfg_error(p->r, path, "\"%s\" 0x%lx is not 4 KB aligned", name,
			  (unsigned long)v);
}

static void check_wrap(struct parser *p, const char *path, const char *what,
		       uint32_t base, uint64_t size)
{
	if (base + size > FOUR_GB)
		cfg_error(p->r, path, "%s range %s + %s wraps past 4 GB", what,
			  cfg_hex(base).s, cfg_hex(size).s);
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
		cfg_error(p->r, path, "\"size\" is 0");
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
			cfg_error(p->r, path,
				  "\"data\" cannot be combined with "
				  "\"host-addr\" or \"size\": the image is "
				  "either embedded or left in RAM");
		} else if (!dlen) {
			cfg_error(p->r, path, "\"data\" is empty");
		} else {
			b->data = data; /* used in place: no copy */
			b->size = (uint64_t)dlen;
		}
	} else if (h == PROP_OK && s == PROP_OK) {
		b->host = host;
		b->size = size;
		if (!size)
			cfg_error(p->r, path, "\"size\" is 0");
		check_wrap(p, path, "host", host, size);
	} else if (h != PROP_BAD && s != PROP_BAD) {
		cfg_error(p->r, path,
			  "needs either \"data\" or both \"host-addr\" and "
			  "\"size\"");
	}
	if (l == PROP_OK) {
		b->load = load;
		if (load + b->size > FOUR_GB)
			cfg_error(p->r, path,
				  "%s (%s bytes at %s) wraps past 4 GB", what,
				  cfg_hex(b->size).s, cfg_hex(load).s);
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
		cfg_error(p->r, path,
			  "\"host-path\" \"%s\" must be an absolute node path "
			  "(starting with \"/\")",
			  hp);
		return;
	}
	if (strlen(hp) >= CFG_PATH_MAX) {
		cfg_error(p->r, path,
			  "\"host-path\" is longer than %d characters",
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
			cfg_error(p->r, path,
				  "unknown node (expected memory@N, kernel, "
				  "initrd or device@N)");
	}
	if (nr_mem > MAX_PART_MEM)
		cfg_error(p->r, part->path,
			  "%u memory regions: at most %d (MAX_PART_MEM)",
			  nr_mem, MAX_PART_MEM);
	if (nr_dev > MAX_PART_DEVICES)
		cfg_error(p->r, part->path,
			  "%u devices: at most %d (MAX_PART_DEVICES)", nr_dev,
			  MAX_PART_DEVICES);
	if (!nr_mem)
		cfg_error(p->r, part->path,
			  "no memory: needs at least one memory@N node");
	if (!part->kernel.present)
		cfg_error(p->r, part->path, "missing node \"kernel\"");
}

static void parse_cpus(struct parser *p, int node, struct cfg_partition *part)
{
	const uint32_t *cells;
	unsigned n;

	if (prop_cells(p, node, part->path, "cpus", true, &cells, &n) !=
	    PROP_OK)
		return;
	if (!n)
		cfg_error(p->r, part->path,
			  "\"cpus\" must list at least one CPU");
	if (n > MAX_CPUS) {
		cfg_error(p->r, part->path,
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
			cfg_error(p->r, part->path,
				  "CPU %lu does not exist: the hypervisor "
				  "manages at most %d CPUs (MAX_CPUS)",
				  (unsigned long)cpu, MAX_CPUS);
		else if (dup)
			cfg_error(p->r, part->path,
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
	cfg_error(p->r, part->path,
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
	cfg_error(
		p->r, part->path,
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
		cfg_error(p->r, part->path,
			  "\"irqs\" lists %u IRQs: at most %d (MAX_PART_IRQS)",
			  n, MAX_PART_IRQS);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t irq = fdt32_to_cpu(cells[i]);
		bool dup = false;

		for (unsigned j = 0; j < i; j++)
			dup |= fdt32_to_cpu(cells[j]) == irq;
		if (irq < GIC_SPI_BASE || irq >= GIC_NR_INTIDS)
			cfg_error(p->r, part->path,
				  "IRQ %lu in \"irqs\" is not an SPI: only "
				  "INTIDs 32-1019 can be passed through",
				  (unsigned long)irq);
		else if (dup)
			cfg_error(p->r, part->path,
				  "IRQ %lu is listed twice in \"irqs\"",
				  (unsigned long)irq);
		else
			part->irqs[part->nr_irqs++] = irq;
	}
}

/* network = "<link>": a virtio-net device on that link (docs/config.md). */
static void parse_network(struct parser *p, int node,
			  struct cfg_partition *part)
{
	const char *link;

	if (prop_string(p, node, part->path, "network", false, &link) !=
	    PROP_OK)
		return;
	if (!*link || strlen(link) >= CFG_NAME_MAX)
		cfg_error(p->r, part->path,
			  "\"network\" must name a link in 1 to %d characters",
			  CFG_NAME_MAX - 1);
	else
		snprintf(part->network, sizeof(part->network), "%s", link);
}

static void parse_partition(struct parser *p, int node,
			    struct cfg_partition *part)
{
	static const char *const known[] = {
		"cpus", "guest-platform", "entry", "bootargs", "console",
		"irqs", "test-device", "network", NULL,
	};
	const char *name = fdt_get_name(p->fdt, node, NULL);
	uint32_t v;

	node_path(p->fdt, node, part->path);
	if (!name)
		name = "?";
	if (strlen(name) >= CFG_NAME_MAX)
		cfg_error(p->r, part->path,
			  "partition name is longer than %d characters",
			  CFG_NAME_MAX - 1);
	/* Console lines are prefixed with the partition's name: "hyp:" is
	   the hypervisor's, so that every line stays attributable. */
	if (!strcmp(name, "hyp"))
		cfg_error(p->r, part->path,
			  "partition name \"hyp\" is the hypervisor's console "
			  "prefix");
	snprintf(part->name, sizeof(part->name), "%s", name);

	check_props(p, node, part->path, known);
	parse_cpus(p, node, part);
	parse_preset(p, node, part);
	parse_children(p, node, part);
	parse_console(p, node, part);
	parse_irqs(p, node, part);
	parse_network(p, node, part);
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
		cfg_error(p->r, part->path,
			  "console \"passthrough\" needs a passthrough UART (a "
			  "device@N node)");
}

/* ------------------------------------------------------------ channels */

/* The partition named name, or -1. */
static int partition_index(const struct config *c, const char *name)
{
	for (unsigned i = 0; i < c->nr_partitions; i++)
		if (!strcmp(c->part[i].name, name))
			return (int)i;
	return -1;
}

static void parse_endpoint_access(struct parser *p, int node, const char *path,
				  struct cfg_endpoint *ep)
{
	const char *access;

	if (prop_string(p, node, path, "access", false, &access) != PROP_OK)
		return;
	if (!strcmp(access, "ro"))
		ep->read_only = true;
	else if (strcmp(access, "rw"))
		cfg_error(p->r, path,
			  "unknown access \"%s\" (expected \"rw\" or \"ro\")",
			  access);
}

/* One endpoint@N of a channel; false when it is unusable. */
static bool parse_endpoint(struct parser *p, struct config *c, int node,
			   const char *path, struct cfg_channel *ch,
			   struct cfg_endpoint *ep)
{
	static const char *const known[] = {"partition", "guest-addr",
					    "access", "interrupt", NULL};
	unsigned before = p->r->errors;
	const char *part = NULL;
	uint32_t guest = 0, intid = 0;
	int idx = -1;

	snprintf(ep->path, sizeof(ep->path), "%s", path);
	check_props(p, node, path, known);
	if (prop_string(p, node, path, "partition", true, &part) == PROP_OK) {
		idx = partition_index(c, part);
		if (idx < 0)
			cfg_error(p->r, path,
				  "partition \"%s\" does not exist (no "
				  "/partitions/%s)",
				  part, part);
	}
	if (prop_u32(p, node, path, "guest-addr", true, &guest) == PROP_OK) {
		check_aligned(p, path, "guest-addr", guest);
		if (ch->size)
			check_wrap(p, path, "guest",
				   guest, ch->size + CFG_DOORBELL_SIZE);
	}
	parse_endpoint_access(p, node, path, ep);
	if (prop_u32(p, node, path, "interrupt", true, &intid) == PROP_OK &&
	    (intid < GIC_SPI_BASE || intid >= GIC_NR_INTIDS))
		cfg_error(p->r, path,
			  "interrupt %lu is not an SPI: a doorbell is one of "
			  "INTIDs 32-1019",
			  (unsigned long)intid);
	if (p->r->errors != before)
		return false;
	ep->part = (unsigned)idx;
	snprintf(ep->partition, sizeof(ep->partition), "%s", part);
	ep->guest = guest;
	ep->intid = intid;
	return true;
}

/* Every endpoint of ch: 2 to MAX_CHANNEL_ENDPOINTS, one partition each. */
static void parse_endpoints(struct parser *p, struct config *c, int node,
			    struct cfg_channel *ch)
{
	char path[CFG_PATH_MAX];
	unsigned seen = 0, writers = 0;
	bool complete = true;
	int child;

	fdt_for_each_subnode(child, p->fdt, node) {
		const char *name = fdt_get_name(p->fdt, child, NULL);
		struct cfg_endpoint *ep = &ch->ep[ch->nr_endpoints];

		node_path(p->fdt, child, path);
		if (!name || !name_is(name, "endpoint")) {
			cfg_error(p->r, path,
				  "unknown node (expected endpoint@N)");
			continue;
		}
		if (++seen > MAX_CHANNEL_ENDPOINTS)
			continue;
		if (!parse_endpoint(p, c, child, path, ch, ep)) {
			complete = false;
			continue;
		}
		for (unsigned i = 0; i < ch->nr_endpoints; i++)
			if (ch->ep[i].part == ep->part) {
				cfg_error(p->r, path,
					  "partition \"%s\" is already "
					  "endpoint %s",
					  c->part[ep->part].name,
					  ch->ep[i].path);
				complete = false;
			}
		writers += !ep->read_only;
		ch->nr_endpoints++;
	}
	if (seen > MAX_CHANNEL_ENDPOINTS)
		cfg_error(p->r, ch->path,
			  "%u endpoints: at most %d (MAX_CHANNEL_ENDPOINTS)",
			  seen, MAX_CHANNEL_ENDPOINTS);
	else if (seen < 2)
		cfg_error(p->r, ch->path,
			  "%u endpoint(s): a channel joins at least two "
			  "partitions",
			  seen);
	else if (complete && !writers)
		cfg_error(p->r, ch->path,
			  "every endpoint is read-only (\"ro\"): no partition "
			  "could write to the channel");
}

/* Tells each endpoint's partition about it, in channel order. */
static void link_endpoints(struct parser *p, struct config *c,
			   struct cfg_channel *ch)
{
	for (unsigned e = 0; e < ch->nr_endpoints; e++) {
		struct cfg_partition *part = &c->part[ch->ep[e].part];

		if (part->nr_channels++ < MAX_PART_CHANNELS)
			part->channels[part->nr_channels - 1] =
				(struct cfg_chan_ref){.ch = ch, .ep = e};
		else if (part->nr_channels == MAX_PART_CHANNELS + 1)
			cfg_error(p->r, ch->ep[e].path,
				  "%s has more than %d channel endpoints "
				  "(MAX_PART_CHANNELS)",
				  part->path, MAX_PART_CHANNELS);
	}
}

static void parse_channel(struct parser *p, struct config *c, int node,
			  struct cfg_channel *ch)
{
	static const char *const known[] = {"size", NULL};
	const char *name = fdt_get_name(p->fdt, node, NULL);
	unsigned before = p->r->errors;
	uint32_t size = 0;

	node_path(p->fdt, node, ch->path);
	if (!name)
		name = "?";
	if (strlen(name) >= CFG_NAME_MAX)
		cfg_error(p->r, ch->path,
			  "channel name is longer than %d characters",
			  CFG_NAME_MAX - 1);
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	check_props(p, node, ch->path, known);
	if (prop_u32(p, node, ch->path, "size", true, &size) == PROP_OK) {
		if (!size)
			cfg_error(p->r, ch->path, "\"size\" is 0");
		check_aligned(p, ch->path, "size", size);
	}
	if (p->r->errors == before)
		ch->size = size;
	parse_endpoints(p, c, node, ch);
	if (p->r->errors == before)
		link_endpoints(p, c, ch);
}

/* /channels, after the partitions its endpoints name. */
static void parse_channels(struct parser *p, struct config *c)
{
	unsigned seen = 0;
	int node, chans = fdt_path_offset(p->fdt, "/channels");

	if (chans < 0) {
		if (chans != -FDT_ERR_NOTFOUND)
			cfg_error(p->r, "/channels", "%s", fdt_strerror(chans));
		return;
	}
	check_props(p, chans, "/channels", (const char *const[]){NULL});
	fdt_for_each_subnode(node, p->fdt, chans) {
		struct cfg_channel *ch = &c->channels[c->nr_channels];

		if (++seen > MAX_CHANNELS)
			continue;
		ch->index = c->nr_channels++;
		parse_channel(p, c, node, ch);
	}
	if (seen > MAX_CHANNELS)
		cfg_error(p->r, "/channels",
			  "%u channels: at most %d (MAX_CHANNELS)", seen,
			  MAX_CHANNELS);
}

static void check_compatible(struct parser *p)
{
	if (!fdt_getprop(p->fdt, 0, "compatible", NULL))
		cfg_error(
			p->r, "/",
			"missing property \"compatible\" (a configuration has "
			"compatible = \"tessera,config\")");
	else if (fdt_node_check_compatible(p->fdt, 0, "tessera,config"))
		cfg_error(p->r, "/",
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
		cfg_error(r, "/", "not a valid device tree blob: %s",
			  fdt_strerror(rc));
		return (int)(r->errors - before);
	}
	check_compatible(&p);

	parts = fdt_path_offset(fdt, "/partitions");
	if (parts < 0) {
		/* No partitions is a valid (if idle) configuration. */
		if (parts != -FDT_ERR_NOTFOUND)
			cfg_error(r, "/partitions", "%s", fdt_strerror(parts));
	} else {
		fdt_for_each_subnode(node, fdt, parts) {
			if (++seen <= MAX_PARTITIONS)
				parse_partition(&p, node,
						&c->part[c->nr_partitions++]);
		}
	}
	if (seen > MAX_PARTITIONS)
		cfg_error(r, "/partitions",
			  "%u partitions: at most %d (MAX_PARTITIONS)", seen,
			  MAX_PARTITIONS);
	parse_channels(&p, c);
	return (int)(r->errors - before);
}
