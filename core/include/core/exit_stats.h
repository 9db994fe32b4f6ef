/*
 * Exit statistics (like kvm_stat or xentop): how often each vCPU left its
 * guest, by class of exit, by emulated device for MMIO, and which physical
 * interrupts the hypervisor took while the vCPU ran or waited in WFI.
 *
 * Counters are per vCPU and only ever incremented by the vCPU's own CPU (no
 * lock, no atomics, their own cache lines); a report sums a partition's
 * vCPUs, reading the others' counters without a lock (aligned 32-bit words:
 * a report may be a few exits behind, never torn). They count from the
 * partition's creation (restarts included) and wrap at 2^32.
 *
 * Printed (exit_stats_print(), core/exit_report.c) when a partition stops
 * and for every partition on the console key Ctrl-\ s, as three lines:
 *
 *   hyp: exits of partition NAME: total N; hvc psci n, hvc call n, smc n,
 *        wfi n, wfe n, cp15 n, cp14 n, vfp n, mmio n, data abort n,
 *        prefetch abort n, zero fill n, other n, irq n, fiq n
 *   hyp: exits of partition NAME: mmio DEVICE n, DEVICE n, ...
 *   hyp: exits of partition NAME: irqs taken: maintenance n, kick n,
 *        guest timer n, hyp timer n, passthrough n, console rx n, other n;
 *        irq exits taking none n; vgic locks n (x.yz per exit)
 *
 * (each on one line). "data abort": a stage-2 data abort no device took, so
 * the guest got a data abort; "zero fill": a stage-2 fault on a RAM block
 * the guest touched first, zeroed then (core/include/core/mem_defer.h);
 * "other": undefined-instruction exits (CP15 64-bit, CP14 load/store, CP10
 * ID), a conditional instruction that failed
 * its condition, unknown classes. The irq line counts interrupts, not exits:
 * one IRQ exit may take several, and a WFI exit may take some; "irq exits
 * taking none" counts IRQ exits whose interrupt was gone by the time the
 * hypervisor acknowledged (taken by another CPU, or withdrawn).
 */
#ifndef CORE_EXIT_STATS_H
#define CORE_EXIT_STATS_H

#include <core/limits.h>
#include <stddef.h>
#include <stdint.h>

enum exit_class {
	EXIT_TOTAL,
	EXIT_HVC_PSCI,
	EXIT_HVC_CALL,
	EXIT_SMC,
	EXIT_WFI,
	EXIT_WFE,
	EXIT_CP15,
	EXIT_CP14,
	EXIT_VFP,
	EXIT_MMIO,       /* emulated; by device in exit_stats.mmio[] */
	EXIT_DABT,       /* injected into the guest */
	EXIT_PABT,
	EXIT_ZERO_FILL, /* first touch of a RAM block (core/mem_defer.h) */
	EXIT_OTHER,
	EXIT_IRQ_EXIT,
	EXIT_FIQ_EXIT,
	/* Physical interrupts taken for the vCPU, by what they were. */
	EXIT_IRQ_MAINT,
	EXIT_IRQ_KICK,
	EXIT_IRQ_TIMER,     /* the guest's virtual or physical timer PPI */
	EXIT_IRQ_HYP_TIMER, /* the WFI wake-up */
	EXIT_IRQ_SPI,       /* a passthrough SPI (to whichever partition) */
	EXIT_IRQ_CONSOLE,   /* the console UART's receive interrupt */
	EXIT_IRQ_OTHER,
	EXIT_IRQ_TAKEN, /* all of the above: one per interrupt */
	EXIT_IRQ_NONE,  /* IRQ exits that found no interrupt to take */
	/*
	 * vGIC lock acquisitions on the vCPU's CPU (tas_lock_count(), filled in
	 * by the report: each vCPU owns its CPU, so they are its exits').
	 */
	EXIT_VGIC_LOCKS,
	EXIT_CLASSES
};

/* One cache line per vCPU at least (Cortex-A15: 64 bytes). */
struct exit_stats {
	uint32_t n[EXIT_CLASSES];
	uint32_t mmio[MAX_MMIO_REGIONS]; /* by index in the partition's bus */
} __attribute__((aligned(64)));

/*
 * The hot path: one increment, on the vCPU's own CPU. EXIT_TOTAL and
 * EXIT_MMIO are not counted there but derived by exit_stats_sum(): every
 * exit lands in exactly one class, every emulated MMIO exit in one region.
 */
static inline void exit_stats_add(struct exit_stats *s, enum exit_class c)
{
	s->n[c]++;
}

/* A physical interrupt taken for the vCPU (c: EXIT_IRQ_MAINT..OTHER). */
static inline void exit_stats_add_irq(struct exit_stats *s, enum exit_class c)
{
	s->n[c]++;
	s->n[EXIT_IRQ_TAKEN]++;
}

/* An emulated MMIO exit to region `region` of the partition's bus. */
static inline void exit_stats_add_mmio(struct exit_stats *s, unsigned region)
{
	if (region < MAX_MMIO_REGIONS)
		s->mmio[region]++;
	else
		s->n[EXIT_MMIO]++; /* no region known: the class only */
}

/* sum = the counters of vcpus[0..n) added up, EXIT_MMIO and EXIT_TOTAL
   derived. */
void exit_stats_sum(struct exit_stats *sum, const struct exit_stats *const *s,
		    unsigned n);

enum exit_stats_line {
	EXIT_LINE_CLASSES,
	EXIT_LINE_MMIO,
	EXIT_LINE_IRQS,
	EXIT_LINES
};

/*
 * One line of the report, without the "hyp: " prefix and newline, into buf
 * (cut to len); names[i] is the name of MMIO region i of nr. Returns buf.
 */
const char *exit_stats_format(char *buf, size_t len, const char *part_name,
			      const struct exit_stats *s,
			      enum exit_stats_line line,
			      const char *const *names, unsigned nr);

struct partition;
/* The report of p on the console (core/exit_report.c). */
void exit_stats_print(struct partition *p);
/* Every partition's report (the console key Ctrl-\ s). */
void exit_stats_print_all(void);

#endif
