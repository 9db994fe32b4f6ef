/*
 * Host platform discovery from the boot loader's device tree: RAM and the
 * memory reserved in it, CPUs, the GICv2 and its virtualization interface,
 * timer PPIs, the console UART, and how secondary CPUs start and the machine
 * powers off. Boards: docs/boards.md.
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

/* "arm,cortex-a7" -> "cortex-a7": what tells big and LITTLE cores apart. */
static void cpu_core_name(const void *fdt, int node, char name[16])
{
	const char *compat = fdt_getprop(fdt, node, "compatible", NULL);
	const char *comma = compat ? strchr(compat, ',') : NULL;

	snprintf(name, 16, "%s", comma ? comma + 1 : compat ? compat : "");
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
		cpu_core_name(fdt, node, p->cpu_core[p->nr_cpus]);
		p->cpu_cci_port[p->nr_cpus] = -1;
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

static uint32_t cells_of(const void *fdt, int node, const char *name,
			 uint32_t dflt)
{
	uint32_t v;

	return dt_read_u32(fdt, node, name, &v) ? v : dflt;
}

/*
 * A one-cell "interrupts" routed by an ancestor's "interrupt-map" to the GIC
 * (the vexpress motherboard's, as on TC2: <5> -> <GIC_SPI 5 ...>). Only
 * maps whose mask clears the unit address are followed, so the device's
 * address need not be worked out.
 */
static int irq_via_map(const void *fdt, int node, uint32_t *intid)
{
	const uint32_t *irq, *map, *mask;
	int len, mlen, bus = node, ac;
	uint32_t spec;

	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irq || len != 4)
		return -1;
	spec = fdt32_to_cpu(irq[0]);
	do {
		bus = fdt_parent_offset(fdt, bus);
		if (bus < 0)
			return -1;
	} while (!fdt_getprop(fdt, bus, "#interrupt-cells", NULL));
	map = fdt_getprop(fdt, bus, "interrupt-map", &len);
	mask = fdt_getprop(fdt, bus, "interrupt-map-mask", &mlen);
	ac = (int)cells_of(fdt, bus, "#address-cells", 2);
	if (!map || !mask || cells_of(fdt, bus, "#interrupt-cells", 0) != 1 ||
	    mlen != 4 * (ac + 1))
		return -1;
	for (int i = 0; i < ac; i++)
		if (mask[i])
			return -1;
	spec &= fdt32_to_cpu(mask[ac]);
	len /= 4;
	for (int i = 0; i + ac + 2 <= len;) {
		int parent = fdt_node_offset_by_phandle(
			fdt, fdt32_to_cpu(map[i + ac + 1]));
		int pac, pic;
		uint32_t type, num;

		if (parent < 0)
			return -1;
		pac = (int)cells_of(fdt, parent, "#address-cells", 0);
		pic = (int)cells_of(fdt, parent, "#interrupt-cells", 0);
		if (pic != 3 || i + ac + 2 + pac + pic > len)
			return -1;
		if (fdt32_to_cpu(map[i + ac]) == spec) {
			type = fdt32_to_cpu(map[i + ac + 2 + pac]);
			num = fdt32_to_cpu(map[i + ac + 3 + pac]);
			if (type != 0 || num >= 988)
				return -1;
			*intid = GIC_SPI_BASE + num;
			return 0;
		}
		i += ac + 2 + pac + pic;
	}
	return -1;
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
	/* For firmware that leaves CNTFRQ unset (Arndale's, reportedly). */
	dt_read_u32(c->fdt, node, "clock-frequency", &p->timer.freq);
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
	if (!path) {
		/* TC2's tree has none: U-Boot's and Linux's serial0 then. */
		int aliases = fdt_path_offset(fdt, "/aliases");

		if (aliases >= 0)
			path = fdt_getprop(fdt, aliases, "serial0", &len);
	}
	if (!path)
		return fail(c, -1, "/chosen has no \"stdout-path\" and "
				   "/aliases no \"serial0\": cannot "
				   "tell which UART is the console");
	end = strchr(path, ':');
	len = end ? (int)(end - path) : (int)strnlen(path, (size_t)len);
	node = fdt_path_offset_namelen(fdt, path, len);
	if (node < 0)
		return fail(c, chosen, "stdout-path \"%.*s\" names no node",
			    len, path);
	if (!fdt_node_check_compatible(fdt, node, "arm,pl011"))
		p->uart.type = UART_PL011;
	else if (!fdt_node_check_compatible(fdt, node,
					    "samsung,exynos4210-uart"))
		p->uart.type = UART_EXYNOS;
	else
		return fail(c, node, "the console is neither a PL011 "
				     "(\"arm,pl011\") nor an Exynos UART "
				     "(\"samsung,exynos4210-uart\"), the "
				     "UARTs this build drives");
	if (dt_reg(fdt, node, 0, &p->uart.base, &size, &why) < 0)
		return fail(c, node, "%s", why);
	dt_path(fdt, node, p->uart.path, sizeof(p->uart.path));
	/* Without an interrupt the console is output-only; not an error. */
	if (irq_at(fdt, node, 0, &p->uart.irq) < 0 &&
	    irq_via_map(fdt, node, &p->uart.irq) < 0)
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

/* The CCI-400 slave interface at addr: its index, added when new. */
static int cci_port_index(struct platform *p, uint64_t addr)
{
	for (unsigned i = 0; i < p->cci.nr_ports; i++)
		if (p->cci.port[i] == addr)
			return (int)i;
	if (p->cci.nr_ports == MAX_CCI_PORTS)
		return -1;
	p->cci.port[p->cci.nr_ports] = addr;
	return (int)p->cci.nr_ports++;
}

/*
 * The CCI-400 and, for each CPU, the slave interface of its cluster
 * ("cci-control-port", Linux's arm,cci-400 binding): both clusters of a
 * TC2 must snoop each other before the second one runs (core/cci.c).
 */
static int parse_cci(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat[] = {"arm,cci-400", NULL};
	const void *fdt = c->fdt;
	int node = find_compatible(fdt, compat), cpus, cpu;
	unsigned i = 0;
	uint64_t size;
	const char *why;

	if (node < 0)
		return 0;
	if (dt_reg(fdt, node, 0, &p->cci.base, &size, &why) < 0)
		return fail(c, node, "%s", why);
	cpus = fdt_path_offset(fdt, "/cpus");
	fdt_for_each_subnode(cpu, fdt, cpus) {
		const char *type = fdt_getprop(fdt, cpu, "device_type", NULL);
		uint32_t phandle;
		uint64_t addr;
		int port;

		if (!type || strcmp(type, "cpu") || !node_enabled(fdt, cpu))
			continue;
		if (i == p->nr_cpus)
			break;
		if (dt_read_u32(fdt, cpu, "cci-control-port", &phandle)) {
			port = fdt_node_offset_by_phandle(fdt, phandle);
			if (port < 0 ||
			    dt_reg(fdt, port, 0, &addr, &size, &why) < 0)
				return fail(c, cpu, "\"cci-control-port\" "
						    "names no CCI interface "
						    "with a usable \"reg\"");
			port = cci_port_index(p, addr);
			if (port < 0)
				return fail(c, node, "more than %d slave "
						     "interfaces in use",
					    MAX_CCI_PORTS);
			p->cpu_cci_port[i] = (int8_t)port;
		}
		i++;
	}
	return 0;
}

/*
 * Exynos: U-Boot's non-secure code parks the secondary CPU in a WFI loop
 * that jumps through the first word of the iRAM ("samsung,exynos4210-sysram",
 * CONFIG_SMP_PEN_ADDR) once it changes; Linux's Exynos SMP code writes its
 * boot address there too.
 */
static int parse_exynos_sysram(struct parse_ctx *c, struct platform *p)
{
	static const char *const compat[] = {"samsung,exynos4210-sysram",
					     NULL};
	int node = find_compatible(c->fdt, compat);
	uint64_t size;
	const char *why;

	if (node < 0)
		return 0;
	if (dt_reg(c->fdt, node, 0, &p->exynos_sysram, &size, &why) < 0)
		return fail(c, node, "%s", why);
	return 0;
}

static int choose_smp_method(struct parse_ctx *c, struct platform *p)
{
	char cpus[96];
	size_t n = 0;

	if (p->nr_cpus == 1)
		p->smp = SMP_NONE;
	else if (p->psci.conduit == PSCI_SMC && p->psci.cpu_on)
		p->smp = SMP_PSCI;
	else if (p->sysreg)
		p->smp = SMP_VEXPRESS_FLAGS;
	else if (p->exynos_sysram)
		p->smp = SMP_EXYNOS_SYSRAM;
	if (p->smp != SMP_NONE || p->nr_cpus == 1)
		return 0;
	/* The boot CPU is the first in /cpus (checked at boot). */
	cpus[0] = '\0';
	for (unsigned i = 1; i < p->nr_cpus && n < sizeof(cpus); i++) {
		int w = snprintf(cpus + n, sizeof(cpus) - n, "%s%u (MPIDR 0x%lx)",
				 i > 1 ? ", " : "", i,
				 (unsigned long)p->cpu_mpidr[i]);

		n += w > 0 ? (size_t)w : 0;
	}
	return fail(c, -1, "no way to start secondary CPUs %s: need a PSCI node with "
			   "method \"smc\" (an HVC from Hyp mode cannot "
			   "reach firmware), an \"arm,vexpress-sysreg\" node "
			   "or an Exynos \"samsung,exynos4210-sysram\"",
		    cpus);
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
	    parse_exynos_sysram(&c, p) || parse_cci(&c, p) ||
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
	case SMP_EXYNOS_SYSRAM:
		return "Exynos iRAM boot address";
	default:
		return "none";
	}
}
