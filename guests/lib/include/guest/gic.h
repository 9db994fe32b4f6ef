/*
 * The guest's GICv2 (IHI 0048B): under Tessera an emulated distributor and,
 * at the GICC address, the hardware virtual CPU interface. Set-up, small
 * accessors, and the interrupt dispatch the IRQ vector runs.
 *
 * IRQs are taken in SVC mode (start.S) so that a handler may unmask them
 * and be preempted by a higher-priority one. Handlers run with IRQs masked;
 * the dispatcher acknowledges (GICC_IAR) before and writes GICC_EOIR after.
 * Private INTIDs (< 32) have a handler per vCPU (the caller's own), SPIs
 * one for all. An interrupt without a handler is counted, completed and
 * (not an SGI) disabled, so that a level interrupt does not come back.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <guest/cpu.h>
#include <hw/gicv2.h>

struct guest_gic {
	bool ok;          /* guest_gic_init() done */
	uint32_t gicd, gicc;
	uint32_t typer;
	unsigned nr_irqs; /* 32 * (ITLinesNumber + 1), at most GIC_MAX_IRQS */
};
extern struct guest_gic guest_gic;

/* Registers of the distributor and the CPU interface, by offset */
static inline uint32_t gicd_rd(uint32_t off)
{
	return guest_ld32(guest_gic.gicd + off);
}

static inline void gicd_wr(uint32_t off, uint32_t v)
{
	guest_st32(guest_gic.gicd + off, v);
}

static inline uint32_t gicd_rd8(uint32_t off)
{
	return guest_ld8(guest_gic.gicd + off);
}

static inline void gicd_wr8(uint32_t off, uint32_t v)
{
	guest_st8(guest_gic.gicd + off, v);
}

static inline uint32_t gicc_rd(uint32_t off)
{
	return guest_ld32(guest_gic.gicc + off);
}

static inline void gicc_wr(uint32_t off, uint32_t v)
{
	guest_st32(guest_gic.gicc + off, v);
}

/* Boot vCPU, once: records the frames, reads GICD_TYPER, enables the
 * distributor and this vCPU's CPU interface. */
void guest_gic_init(uint32_t gicd, uint32_t gicc);
/* This vCPU's CPU interface: PMR 0xff (everything passes), BPR 0 (full
 * preemption), own PPIs disabled, then enabled. */
void guest_gic_cpu_init(void);

/* One bit of a GICD_IS/IC*R array for intid; one byte of a byte array. */
void guest_gic_enable(unsigned intid);
void guest_gic_disable(unsigned intid);
void guest_gic_clear_pending(unsigned intid);
void guest_gic_set_priority(unsigned intid, uint32_t prio);
/* GICD_SGIR: SGI sgi to the vCPUs in targets (bit n = vCPU n). */
void guest_gic_send_sgi(unsigned sgi, uint32_t targets);

typedef void (*guest_irq_fn)(uint32_t iar, void *arg);
void guest_irq_set_handler(unsigned intid, guest_irq_fn fn, void *arg);

/* Within a handler: CNTVCT when the vector was taken (before the IAR read)
 * and the address it interrupted. */
uint64_t guest_irq_entry_time(void);
uint32_t guest_irq_entry_pc(void);
unsigned guest_irq_depth(void); /* nesting depth of handlers (1: not nested) */

struct guest_irq_stats {
	uint32_t entries, spurious, unhandled, last_unhandled;
	uint32_t wfi_woken, wfi_skipped;
};
void guest_irq_stats(struct guest_irq_stats *s); /* this vCPU's counters */

/*
 * guest_wfi_irq(): CPSIE I; WFI; CPSID I. An IRQ taken before the WFI (so
 * that nothing might wake it) makes the dispatcher skip the WFI; one that
 * wakes it is taken right after it (guest_irq_entry_pc() ==
 * guest_wfi_insn + 4). Returns with IRQs masked.
 */
void guest_wfi_irq(void);
extern char guest_wfi_insn[];

/* With IRQs unmasked, busy-waits until *p >= want or ms pass; the IRQ mask
 * is restored. Returns whether *p reached want. */
bool guest_irq_wait(volatile uint32_t *p, uint32_t want, uint32_t ms);
void guest_irq_spin(uint32_t ms); /* IRQs unmasked for ms */

/* start.S: the IRQ vector builds this on the SVC stack. */
struct guest_irq_frame {
	uint32_t r[13];
	uint32_t lr;   /* LR_svc of the interrupted code */
	uint32_t pc;   /* where to resume */
	uint32_t spsr;
};
/* The C side of the IRQ vector; may move f->pc (past guest_wfi_insn). An
 * IRQ before guest_gic_init() is an unexpected exception. */
void guest_irq_entry(struct guest_irq_frame *f);

#endif
