/*
 * The host platform as the boot loader's device tree describes it. Filled
 * once on the boot CPU by platform_parse(); read-only afterwards.
 */
#ifndef CORE_PLATFORM_H
#define CORE_PLATFORM_H

#include <core/limits.h>
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
};

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

	struct {
		struct mem_range gicd, gicc, gich, gicv;
		uint32_t maint_irq; /* INTID of the maintenance interrupt */
	} gic;

	struct {
		/* INTIDs of the architected timer PPIs */
		uint32_t sec_phys, ns_phys, virt, hyp;
	} timer;

	struct {
		uint64_t base;
		uint32_t irq; /* INTID of its receive interrupt, 0 when unknown */
		char path[96];
	} uart;

	struct {
		enum psci_conduit conduit;
		uint32_t cpu_on, system_off, system_reset;
	} psci;

	uint64_t sysreg; /* vexpress system registers, 0 when absent */

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

/* Total RAM in bytes. */
uint64_t platform_ram_size(const struct platform *p);

const char *smp_method_name(enum smp_method m);

#endif
