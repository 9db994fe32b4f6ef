/* Fake GICH for host tests: see fake_gich.h. */
#include "fake_gich.h"

#include <drivers/gich.h>
#include <arch/spinlock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fake_gich_cpu fake_gich[FAKE_GICH_CPUS];
unsigned fake_locks_held;
unsigned fake_hw_deactivations;
unsigned fake_last_hw_deactivated;

static unsigned nr_lrs = 4;
static unsigned cur;

static void fake_fail(const char *what, unsigned n)
{
	fprintf(stderr, "fake_gich: %s (%u)\n", what, n);
	abort();
}

void fake_gich_reset(unsigned n)
{
	if (n > FAKE_GICH_MAX_LRS)
		fake_fail("too many list registers", n);
	memset(fake_gich, 0, sizeof(fake_gich));
	nr_lrs = n;
	cur = 0;
	fake_locks_held = 0;
	fake_hw_deactivations = 0;
	fake_last_hw_deactivated = 0;
}

void fake_gich_select(unsigned cpu)
{
	if (cpu >= FAKE_GICH_CPUS)
		fake_fail("no such CPU", cpu);
	cur = cpu;
}

struct fake_gich_cpu *fake_gich_cur(void)
{
	return &fake_gich[cur];
}

static uint32_t lr_state(uint32_t lr)
{
	return lr & GICH_LR_STATE_MASK;
}

/* ELSR: state invalid and either HW = 1 or EOI = 0 (an invalid LR with
   EOI = 1, HW = 0 holds an EOI maintenance request until rewritten). */
static bool lr_empty(uint32_t lr)
{
	return !lr_state(lr) && ((lr & GICH_LR_HW) || !(lr & GICH_LR_EOI));
}

static bool lr_eoi_pending(uint32_t lr)
{
	return !lr_state(lr) && !(lr & GICH_LR_HW) && (lr & GICH_LR_EOI);
}

/* ----------------------------------------------------- the gich.h API */

unsigned gich_nr_lrs(void)
{
	return nr_lrs;
}

uint32_t gich_read_lr(unsigned n)
{
	if (n >= nr_lrs)
		fake_fail("read of a missing list register", n);
	return fake_gich[cur].lr[n];
}

void gich_write_lr(unsigned n, uint32_t v)
{
	if (n >= nr_lrs)
		fake_fail("write of a missing list register", n);
	fake_gich[cur].lr[n] = v;
	fake_gich[cur].lr_writes++;
}

uint64_t gich_read_elsr(void)
{
	uint64_t elsr = 0;
	unsigned n;

	for (n = 0; n < nr_lrs; n++) {
		if (lr_empty(fake_gich[cur].lr[n]))
			elsr |= 1ull << n;
	}
	return elsr;
}

uint32_t fake_eisr(void)
{
	uint32_t eisr = 0;
	unsigned n;

	for (n = 0; n < nr_lrs && n < 32; n++) {
		if (lr_eoi_pending(fake_gich[cur].lr[n]))
			eisr |= 1u << n;
	}
	return eisr;
}

uint32_t gich_read_misr(void)
{
	const struct fake_gich_cpu *c = &fake_gich[cur];
	unsigned n, valid = 0;
	bool pending = false;
	uint32_t misr = 0;

	for (n = 0; n < nr_lrs; n++) {
		if (lr_state(c->lr[n]))
			valid++;
		if (c->lr[n] & GICH_LR_STATE_PENDING)
			pending = true;
	}
	if (fake_eisr())
		misr |= GICH_MISR_EOI;
	if ((c->hcr & GICH_HCR_UIE) && valid <= 1)
		misr |= GICH_MISR_U;
	if ((c->hcr & GICH_HCR_NPIE) && !pending)
		misr |= GICH_MISR_NP;
	return misr;
}

uint32_t gich_read_hcr(void)
{
	return fake_gich[cur].hcr;
}

void gich_write_hcr(uint32_t v)
{
	fake_gich[cur].hcr = v;
}

uint32_t gich_read_vmcr(void)
{
	return fake_gich[cur].vmcr;
}

void gich_write_vmcr(uint32_t v)
{
	fake_gich[cur].vmcr = v;
}

uint32_t gich_read_apr(void)
{
	return fake_gich[cur].apr;
}

void gich_write_apr(uint32_t v)
{
	fake_gich[cur].apr = v;
}

/* ------------------------------------------------------- the guest */

uint32_t fake_lr(unsigned n)
{
	if (n >= nr_lrs)
		fake_fail("no such list register", n);
	return fake_gich[cur].lr[n];
}

int fake_guest_iar(void)
{
	const struct fake_gich_cpu *c = &fake_gich[cur];
	unsigned n, running = 0x100, best_prio = 0x100;
	int best = -1;

	for (n = 0; n < nr_lrs; n++) {
		if ((c->lr[n] & GICH_LR_STATE_ACTIVE) &&
		    GICH_LR_PRIORITY_OF(c->lr[n]) < running)
			running = GICH_LR_PRIORITY_OF(c->lr[n]);
	}
	for (n = 0; n < nr_lrs; n++) {
		if (lr_state(c->lr[n]) != GICH_LR_STATE_PENDING)
			continue;
		if (GICH_LR_PRIORITY_OF(c->lr[n]) < best_prio) {
			best_prio = GICH_LR_PRIORITY_OF(c->lr[n]);
			best = (int)n;
		}
	}
	if (best < 0 || best_prio >= running)
		return -1;
	fake_guest_ack((unsigned)best);
	return best;
}

bool fake_guest_ack(unsigned n)
{
	uint32_t *lr;

	if (n >= nr_lrs)
		return false;
	lr = &fake_gich[cur].lr[n];
	if (lr_state(*lr) != GICH_LR_STATE_PENDING)
		return false;
	*lr = (*lr & ~GICH_LR_STATE_MASK) | GICH_LR_STATE_ACTIVE;
	return true;
}

bool fake_guest_eoi(unsigned n)
{
	uint32_t *lr;

	if (n >= nr_lrs)
		return false;
	lr = &fake_gich[cur].lr[n];
	if (!(*lr & GICH_LR_STATE_ACTIVE))
		return false;
	*lr &= ~GICH_LR_STATE_ACTIVE; /* active and pending: pending */
	if (*lr & GICH_LR_HW) {
		fake_hw_deactivations++;
		fake_last_hw_deactivated = (*lr >> 10) & 0x3ffu;
	}
	return true;
}

int fake_find_lr(unsigned id, int cpuid)
{
	const struct fake_gich_cpu *c = &fake_gich[cur];
	unsigned n;

	for (n = 0; n < nr_lrs; n++) {
		if (!lr_state(c->lr[n]) || GICH_LR_ID_OF(c->lr[n]) != id)
			continue;
		if (cpuid >= 0 && GICH_LR_CPUID_OF(c->lr[n]) != (unsigned)cpuid)
			continue;
		return (int)n;
	}
	return -1;
}

/* ------------------------------------------------------- spinlocks */

unsigned fake_tas_acquired;

void spin_lock(spinlock_t *l)
{
	if (l->owner != l->next)
		fake_fail("spin_lock of a held lock (deadlock)", l->owner);
	l->next++;
	fake_locks_held++;
}

void spin_unlock(spinlock_t *l)
{
	if (l->owner == l->next)
		fake_fail("spin_unlock of a free lock", l->owner);
	l->owner++;
	fake_locks_held--;
}

void tas_lock(tas_lock_t *l)
{
	if (l->locked)
		fake_fail("tas_lock of a held lock (deadlock)", l->locked);
	l->locked = 1;
	fake_locks_held++;
	fake_tas_acquired++;
}

void tas_unlock(tas_lock_t *l)
{
	if (!l->locked)
		fake_fail("tas_unlock of a free lock", 0);
	l->locked = 0;
	fake_locks_held--;
}

uint32_t tas_lock_count(unsigned cpu)
{
	(void)cpu;
	return fake_tas_acquired;
}
