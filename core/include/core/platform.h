/*
 * The host platform as the boot loader's device tree describes it. Filled
 * once on the boot CPU by platform_parse(); read-only afterwards.
 */
#ifndef CORE_PLATFORM_H
#define CORE_PLATFORM_H

#include <core/limits.h>
#include <drivers/uart.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mem_range {
	uint64_t base;
	uint64_t size;
};

enum smp_method {
	SMP_NONE,            /* a single CPU: nothing to start */
	SMP_PSCI,            /* PSCI CPU_ON through the firmware (SMC) */
	SMP_VEXPRESS_FLAGS,  /* vexpress SYS_FLAGS register plus a wake-up SGI */
	SMP_EXYNOS_SYSRAM,   /* Exynos boot address in iRAM plus a wake-up SGI */
};

#define MAX_CCI_PORTS 5 /* CCI-400 slave interfaces */

enum psci_conduit {
	PSCI_NONE,
	PSCI_SMC,
	PSCI_HVC,
};

/* Host memory the firmware or boot loader keeps for itself. */
struct host_reserved {
	uint64_t base, size;
	/* "/reserved-memory/<node>" or "/memreserve/ <index>", for messages */
	char name[64];
};

struct platform {
	char model[64];

	unsigned nr_mem;
	struct mem_range mem[MAX_MEM_REGIONS];

	/*
	 * /memreserve/ entries and /reserved-memory children with a "reg"
	 * ("no-map" or not): never allocated to a partition.
	 */
	unsigned nr_reserved;
	struct host_reserved reserved[MAX_HOST_RESERVED];

	unsigned nr_cpus;
	uint32_t cpu_mpidr[MAX_CPUS]; /* affinity bits, in /cpus order */
	/* The core, from "compatible" without the vendor ("cortex-a15") */
	char cpu_core[MAX_CPUS][16];
	/* The CCI-400 interface of the CPU's cluster, -1 when none */
	int8_t cpu_cci_port[MAX_CPUS];

	/* CCI-400 (TC2): base, and each slave interface used by a cluster */
	struct {
		uint64_t base; /* 0 when absent */
		unsigned nr_ports;
		uint64_t port[MAX_CCI_PORTS];
	} cci;

	struct {
		struct mem_range gicd, gicc, gich, gicv;
		uint32_t maint_irq; /* INTID of the maintenance interrupt */
	} gic;

	struct {
		/* INTIDs of the architected timer PPIs */
		uint32_t sec_phys, ns_phys, virt, hyp;
		/* Its "clock-frequency" in Hz, 0 when the tree leaves it out */
		uint32_t freq;
	} timer;

	struct {
		uint64_t base;
		enum uart_type type;
		uint32_t irq; /* INTID of its receive interrupt, 0 when unknown */
		char path[96];
	} uart;

	struct {
		enum psci_conduit conduit;
		uint32_t cpu_on, system_off, system_reset;
	} psci;

	uint64_t sysreg; /* vexpress system registers, 0 when absent */
	/* Exynos iRAM word a parked secondary jumps through, 0 when absent */
	uint64_t exynos_sysram;

	enum smp_method smp;
};

/*
 * Parses the host device tree. On failure returns a negative value and writes
 * a message naming the node and what is wrong into err.
 */
int platform_parse(const void *fdt, struct platform *p, char *err,
		   size_t errlen);

/* Index of the CPU with this MPIDR (affinity bits) or -1. */
int platform_cpu_index(const struct platform *p, uint32_t mpidr);

/* MPIDR affinity level 1 (the cluster) and 0 (the core in it) of CPU i. */
static inline unsigned platform_cpu_cluster(const struct platform *p,
					    unsigned i)
{
	return (p->cpu_mpidr[i] >> 8) & 0xff;
}

static inline unsigned platform_cpu_core(const struct platform *p, unsigned i)
{
	return p->cpu_mpidr[i] & 0xff;
}

/* Total RAM in bytes. */
uint64_t platform_ram_size(const struct platform *p);

const char *smp_method_name(enum smp_method m);

#endif
