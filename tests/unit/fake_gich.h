/*
 * A fake of arch/arm/include/arch/gich.h for host tests: per physical CPU a
 * bank of list registers and the HCR/VMCR/APR registers, with ELSR, EISR
 * and MISR computed from them as the GIC does (IHI 0048B 5.3), plus helpers
 * that play the guest's virtual CPU interface. Also no-op spinlocks that
 * count how many locks are held.
 */
#ifndef FAKE_GICH_H
#define FAKE_GICH_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_GICH_CPUS 8
#define FAKE_GICH_MAX_LRS 64

struct fake_gich_cpu {
	uint32_t lr[FAKE_GICH_MAX_LRS];
	uint32_t hcr, vmcr, apr;
	unsigned lr_writes; /* gich_write_lr() calls */
};

extern struct fake_gich_cpu fake_gich[FAKE_GICH_CPUS];
extern unsigned fake_locks_held;   /* lock calls minus unlock calls */
extern unsigned fake_tas_acquired; /* tas_lock() calls */
extern unsigned fake_hw_deactivations; /* guest EOIs of HW list registers */
extern unsigned fake_last_hw_deactivated;

/* Zeroes every CPU's registers; nr_lrs list registers; CPU 0 current. */
void fake_gich_reset(unsigned nr_lrs);
/* The physical CPU whose registers gich_*() access. */
void fake_gich_select(unsigned cpu);
struct fake_gich_cpu *fake_gich_cur(void);
uint32_t fake_lr(unsigned n); /* of the current CPU, not counted */
uint32_t fake_eisr(void);

/*
 * The guest, through GICV_IAR: acknowledges the highest-priority pending
 * list register whose priority is higher than every active one (lowest LR
 * index on ties); returns its index or -1 (spurious).
 */
int fake_guest_iar(void);
/* Pending -> active of LR n; false (and no change) if it was not pending. */
bool fake_guest_ack(unsigned n);
/* Active -> invalid of LR n (deactivating the physical interrupt when HW);
   false (and no change) if it was not active. */
bool fake_guest_eoi(unsigned n);
/* The LR index holding virtual INTID id (and, for SGIs, source cpuid),
   any state but invalid; -1 if none. */
int fake_find_lr(unsigned id, int cpuid);

#endif
