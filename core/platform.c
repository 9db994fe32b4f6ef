/*
 * Host platform discovery from the boot loader's device tree: RAM and the
 * memory reserved in it, CPUs, the GICv2 and its virtualization interface,
 * timer PPIs, the console UART, and how secondary CPUs start and the machine
 * powers off.
 */
#include <core/dt.h>
#include <core/platform.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* PSCI 0.2+ function IDs, SMC32 calling convention (ARM DEN 0022) */
#define PSCI_0_2_FN_CPU_ON 0x84000003u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009u

#define GIC_SPI_BASE 32
#define GIC_PPI_BASE 16

struct parse_ctx {
	const void *fdt;
	char *err;
	size_t errlen;
	char path[128];
};

static int fail(struct parse_ctx *c, int node, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (node >= 0)
		n = snprintf(c->err, c->errlen, "%s: ",
			     dt_path(c->fdt, node, c->path, sizeof(c->path)));
	if (n < 0 || (size_t)n >= c->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool node_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

static int find_compatible(const void *fdt, const char *const *compat)
{
	for (; *compat; compat++) {
		int node = -1;

		while ((node = fdt_node_offset_by_compatible(fdt, node,
							     *compat)) >= 0)
			if (node_enabled(fdt, node))
				return node;
	}
	return -FDT_ERR_NOTFOUND;
}

static int parse_memory(struct parse_ctx *c, struct platform *p)
{
	const void *fdt = c->fdt;
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", 7)) >= 0) {
		int n = dt_reg_count(fdt, node);

		if (!node_enabled(fdt, node))
			continue;
		if (n <= 0)
			return fail(c, node, "memory node has a missing or "
					     "malformed \"reg\"");
		for (int i = 0; i < n; i++) {
			struct mem_range r;
			const char *why;

			if (dt_reg(fdt, node, i, &r.base, &r.size, &why) < 0)
				return fail(c, node, "%s", why);
			if (!r.size)
				continue;
			if (p->nr_mem == MAX_MEM_REGIONS)
				return fail(c, node, "more than %d RAM ranges "
						     "(MAX_MEM_REGIONS)",
					    MAX_MEM_REGIONS);
			p->mem[p->nr_mem++] = r;
		}
	}
	if (!p->nr_mem)
		return fail(c, -1, "no RAM: no node with device_type "
				   "\"memory\" and a non-empty \"reg\"");
	return 0;
}

static int add_reserved(struct parse_ctx *c, struct platform *p, int node,
			uint64_t base, uint64_t size, const char *name)
{
	struct host_reserved *r;

	if (!size)
		return 0;
	if (p->nr_reserved == MAX_HOST_RESERVED)
		return fail(c, node, "more than %d reserved memory ranges "
				     "(MAX_HOST_RESERVED)",
			    MAX_HOST_RESERVED);
	r = &p->reserved[p->nr_reserved++];
	r->base = base;
	r->size = size;
	snprintf(r->name, sizeof(r->name), "%s", name);
	return 0;
}

/*
 * What the firmware keeps (Devicetree Specification v0.4, 3.5 and 5.3): the
 * /memreserve/ block of the header, and each /reserved-memory child with a
 * "reg". "no-map" or not, the hypervisor never gives it to a partition;
 * children with only "size" are for the OS to place and reserve nothing.
 */
static int parse_reserved(struct parse_ctx *c, struct platform *p)
{
	const void *fdt = c->fdt;
	int n = fdt_num_mem_rsv(fdt), rmem, node;
	char name[64];

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) < 0)
			return fail(c, -1,
				    "/memreserve/ entry %d is unreadable", i);
		snprintf(name, sizeof(name), "/memreserve/ %d", i);
		if (add_reserved(c, p, -1, base, size, name))
			return -1;
	}
	rmem = fdt_path_offset(fdt, "/reserved-memory");
	if (rmem < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rmem) {
		int regs = dt_reg_count(fdt, node);

		if (!node_enabled(fdt, node) || !regs)
			continue;
		if (regs < 0)
			return fail(c, node, "malformed \"reg\"");
		dt_path(fdt, node, name, sizeof(name));
		for (int i = 0; i < regs; i++) {
			uint64_t base, size;
			const char *why;

			if (dt_reg(fdt, node, i, &base, &size, &why) < 0)
				return fail(c, node, "%s", why);
			if (add_reserved(c, p, node, base, size, name))
				return -1;
		}
	}
	return 0;
}

static int parse_cpus(struct parse_ctx *c, struct platform *p)
{
	const void *fdt = c->fdt;
	int cpus = fdt_path_offset(fdt, "/cpus"), node, ac;

	if (cpus < 0)
		return fail(c, -1, "no /cpus node");
	ac = fdt_address_cells(fdt, cpus);
	if (ac != 1 && ac != 2)
		return fail(c, cpus, "#address-cells must be 1 or 2");

	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const uint32_t *reg;
		uint32_t mpidr;
		int len;

		if (!type || strcmp(type, "cpu") || !node_enabled(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != 4 * ac)
			return fail(c, node, "missing or malformed \"reg\" "
					     "(the CPU's MPIDR)");
		mpidr = (uint32_t)dt_read_cells(reg, ac) & 0x00ffffffu;
		if (platform_cpu_index(p, mpidr) >= 0)
			return fail(c, node, "MPIDR 0x%lx is listed twice",
				    (unsigned long)mpidr);
		if (p->nr_cpus == MAX_CPUS)
			return fail(c, cpus, "more than %d CPUs (MAX_CPUS)",
				    MAX_CPUS);
		p->cpu_mpidr[p->nr_cpus++] = mpidr;
	}
	if (!p->nr_cpus)
		return fail(c, cpus, "no CPU nodes with device_type \"cpu\"");
	return 0;
}

/* Decodes entry idx of a GIC-style "interrupts" property to an INTID. */
static int irq_at(const void *fdt, int node, int idx, uint32_t *intid)
{
	int len;
	const uint32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num;

	if (!irq || len < (idx + 1) * 12)
		return -1;
	type = fdt32_to_cpu(irq[idx * 3]);
	num = fdt32_to_cpu(irq[idx * 3 + 1]);
	if (type == 0 && num < 988)
		*intid = GIC_SPI_BASE + num;
	else if (type == 1 && num < 16)
		*intid = GIC_PPI_BASE + num;
	else
		return -1;
	return 0;
}

static int parse_gic(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", NULL};
	struct mem_range *r[4] = {&p->gic.gicd, &p->gic.gicc, &p->gic.gich,
				  &p->gic.gicv};
	const void *fdt = c->fdt;
	int node = find_compatible(fdt, compat);

	if (node < 0)
		return fail(c, -1, "no GICv2 with virtualization extensions "
				   "(compatible \"arm,cortex-a15-gic\", "
				   "\"arm,gic-400\" or \"arm,cortex-a7-gic\")");
	if (dt_reg_count(fdt, node) < 4)
		return fail(c, node, "\"reg\" lacks the virtualization "
				     "interface (GICH and GICV entries)");
	for (int i = 0; i < 4; i++) {
		const char *why;

		if (dt_reg(fdt, node, i, &r[i]->base, &r[i]->size, &why) < 0)
			return fail(c, node, "%s", why);
	}
	if (irq_at(fdt, node, 0, &p->gic.maint_irq) < 0)
		return fail(c, node, "missing or malformed \"interrupts\" "
				     "(the maintenance interrupt)");
	return 0;
}

static int parse_timer(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat[] = {"arm,armv7-timer",
					     "arm,armv8-timer", NULL};
	uint32_t *irqs[4] = {&p->timer.sec_phys, &p->timer.ns_phys,
			     &p->timer.virt, &p->timer.hyp};
	int node = find_compatible(c->fdt, compat);

	if (node < 0)
		return fail(c, -1, "no architected timer (compatible "
				   "\"arm,armv7-timer\")");
	for (int i = 0; i < 4; i++)
		if (irq_at(c->fdt, node, i, irqs[i]) < 0)
			return fail(c, node, "\"interrupts\" must list the "
					     "secure, non-secure, virtual and "
					     "hyp timer PPIs");
	return 0;
}

static int parse_console(struct parse_ctx *c, struct platform *p)
{
	const void *fdt = c->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen"), node, len;
	const char *path = NULL, *end;
	uint64_t size;
	const char *why;

	if (chosen >= 0) {
		path = fdt_getprop(fdt, chosen, "stdout-path", &len);
		if (!path)
			path = fdt_getprop(fdt, chosen, "linux,stdout-path",
					   &len);
	}
	if (!path)
		return fail(c, -1, "/chosen has no \"stdout-path\": cannot "
				   "tell which UART is the console");
	end = strchr(path, ':');
	len = end ? (int)(end - path) : (int)strnlen(path, (size_t)len);
	node = fdt_path_offset_namelen(fdt, path, len);
	if (node < 0)
		return fail(c, chosen, "stdout-path \"%.*s\" names no node",
			    len, path);
	if (fdt_node_check_compatible(fdt, node, "arm,pl011"))
		return fail(c, node, "the console is not a PL011 "
				     "(\"arm,pl011\"), the only UART this "
				     "build drives");
	if (dt_reg(fdt, node, 0, &p->uart.base, &size, &why) < 0)
		return fail(c, node, "%s", why);
	dt_path(fdt, node, p->uart.path, sizeof(p->uart.path));
	/* Without an interrupt the console is output-only; not an error. */
	if (irq_at(fdt, node, 0, &p->uart.irq) < 0)
		p->uart.irq = 0;
	return 0;
}

static int parse_psci(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat_02[] = {"arm,psci-1.0", "arm,psci-0.2",
						NULL};
	static const char *const compat_01[] = {"arm,psci", NULL};
	const void *fdt = c->fdt;
	const char *method;
	int node = find_compatible(fdt, compat_02);
	bool v02 = node >= 0;

	if (!v02)
		node = find_compatible(fdt, compat_01);
	if (node < 0)
		return 0;
	method = fdt_getprop(fdt, node, "method", NULL);
	if (!method || (strcmp(method, "smc") && strcmp(method, "hvc")))
		return fail(c, node, "\"method\" must be \"smc\" or \"hvc\"");
	p->psci.conduit = strcmp(method, "smc") ? PSCI_HVC : PSCI_SMC;
	if (v02) {
		p->psci.cpu_on = PSCI_0_2_FN_CPU_ON;
		p->psci.system_off = PSCI_0_2_FN_SYSTEM_OFF;
		p->psci.system_reset = PSCI_0_2_FN_SYSTEM_RESET;
	} else {
		dt_read_u32(fdt, node, "cpu_on", &p->psci.cpu_on);
	}
	return 0;
}

static int parse_sysreg(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat[] = {"arm,vexpress-sysreg", NULL};
	int node = find_compatible(c->fdt, compat);
	uint64_t size;
	const char *why;

	if (node < 0)
		return 0;
	if (dt_reg(c->fdt, node, 0, &p->sysreg, &size, &why) < 0)
		return fail(c, node, "%s", why);
	return 0;
}

static int choose_smp_method(struct parse_ctx *c, struct platform *p)
{
	if (p->nr_cpus == 1)
		p->smp = SMP_NONE;
	else if (p->psci.conduit == PSCI_SMC && p->psci.cpu_on)
		p->smp = SMP_PSCI;
	else if (p->sysreg)
		p->smp = SMP_VEXPRESS_FLAGS;
	else
		return fail(c, -1, "no way to start secondary CPUs: need a "
				   "PSCI node with method \"smc\" (an HVC "
				   "from Hyp mode cannot reach firmware) or "
				   "an \"arm,vexpress-sysreg\" node");
	return 0;
}

int platform_parse(const void *fdt, struct platform *p, char *err,
		   size_t errlen)
{
	struct parse_ctx c = {.fdt = fdt, .err = err, .errlen = errlen};
	const char *model;
	int rc;

	memset(p, 0, sizeof(*p));
	err[0] = '\0';
	rc = fdt_check_header(fdt);
	if (rc)
		return fail(&c, -1, "not a valid device tree: %s",
			    fdt_strerror(rc));
	model = fdt_getprop(fdt, 0, "model", NULL);
	snprintf(p->model, sizeof(p->model), "%s", model ? model : "unknown");

	if (parse_memory(&c, p) || parse_reserved(&c, p) || parse_cpus(&c, p) ||
	    parse_gic(&c, p) || parse_timer(&c, p) || parse_console(&c, p) ||
	    parse_psci(&c, p) || parse_sysreg(&c, p) ||
	    choose_smp_method(&c, p))
		return -1;
	return 0;
}

int platform_cpu_index(const struct platform *p, uint32_t mpidr)
{
	mpidr &= 0x00ffffffu;
	for (unsigned i = 0; i < p->nr_cpus; i++)
		if (p->cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

uint64_t platform_ram_size(const struct platform *p)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < p->nr_mem; i++)
		total += p->mem[i].size;
	return total;
}

const char *smp_method_name(enum smp_method m)
{
	switch (m) {
	case SMP_PSCI:
		return "PSCI";
	case SMP_VEXPRESS_FLAGS:
		return "vexpress SYS_FLAGS";
	default:
		return "none";
	}
}
