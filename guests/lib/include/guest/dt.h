/*
 * Reading the device tree (libfdt): the helpers every guest needs, and the
 * platform description most guests want (guest_dt_parse), copied out of
 * the tree so that it need not be kept.
 */
#ifndef GUEST_DT_H
#define GUEST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_MAX_MEM 8 /* memory regions kept */

uint32_t dt_be32(const void *p);
uint64_t dt_read_cells(const void *p, int cells);
/* Is name "base" or "base@..."? */
bool dt_name_is(const char *name, const char *base);
/* Is property prop of node the string value? */
bool dt_prop_is(const void *fdt, int node, const char *prop, const char *value);
/* The root's #address-cells / #size-cells (defaults 2 and 1). */
int dt_root_cells(const void *fdt, const char *name, int dflt);
/* Entry i of node's reg, with the parent's #address-cells/#size-cells (no
 * ranges translation: the nodes guests read sit at the root). False if
 * missing or above 4 GB. size may be NULL. */
bool dt_node_reg(const void *fdt, int node, int i, uint64_t *base,
		 uint64_t *size);
/* INTID of entry i of node's interrupts (GIC binding <type number flags>:
 * type 0 SPI, 1 PPI), with icells cells each; 0 if none. */
unsigned dt_node_intid(const void *fdt, int node, int i, int icells);
/* The first node compatible with compat after `from` (-1: the first), or
 * a negative libfdt error. */
int dt_find_compatible(const void *fdt, int from, const char *compat);

/* The value of bootargs word "key=value" (key includes the '='), or NULL;
 * whether `word` is one of the words (alone or followed by '='). */
const char *dt_bootarg(const char *args, const char *key);
bool dt_bootarg_word(const char *args, const char *word);

struct guest_mem {
	uint64_t base, size;
};

/* What guest_dt_parse() reads. Optional pieces have has_* and, when
 * missing, a reason in *_why. */
struct guest_platform {
	uint32_t dtb;
	unsigned nr_mem;
	struct guest_mem mem[GUEST_MAX_MEM]; /* below 4 GB, clipped to it */
	uint64_t mem_lo, mem_hi;             /* lowest base, highest end */
	unsigned nr_cpu_nodes;               /* /cpus/cpu@N nodes */
	char psci_method[16];                /* /psci method, "" if none */
	int icells;                          /* the GIC's #interrupt-cells */
	bool has_gic;                        /* "arm,cortex-a15-gic" */
	uint32_t gicd, gicc;                 /* its first two reg entries */
	char gic_why[96];
	bool has_vtimer, has_ptimer;         /* "arm,armv7-timer" PPIs */
	unsigned vtimer_irq, ptimer_irq;     /* INTIDs */
	uint32_t timer_freq;                 /* its clock-frequency, 0 if none */
	char timer_why[96];
	bool has_uart;                       /* the first "arm,pl011" */
	uint32_t uart;
	unsigned uart_irq;                   /* INTID, 0 if none usable */
	char uart_why[96];
	bool has_bootargs;
	char bootargs[256];                  /* /chosen/bootargs, "" if none */
};

/* Fills p from the tree at fdt. Returns 0, or -1 with a reason when the
 * tree is unusable (bad header, no memory, no cpus). */
int guest_dt_parse(const void *fdt, struct guest_platform *p, char *why,
		   size_t whylen);
bool guest_in_memory(const struct guest_platform *p, uint64_t addr);

#endif
