/*
 * Spinlocks on LDREX/STREX (ARM ARM A3.4), two disciplines. Waiters sleep
 * in WFE and every release ends with DSB; SEV, so no waiter spins; the
 * hypervisor runs with interrupts masked, so each critical section must be
 * a bounded step (documented at each lock).
 *
 * spinlock_t: ticket lock, FIFO. Fair, so no CPU starves on it (the
 * console, power and partition state), at the price that the lock is
 * handed to the next ticket even when that CPU is not running (a host that
 * deschedules a QEMU vCPU thread makes every later waiter wait for it).
 *
 * tas_lock_t: test-and-set lock. Unfair: whoever runs when it is free takes
 * it, so nothing is ever handed to a CPU that is not running; for hot,
 * short critical sections whose users all make progress anyway (the vGIC
 * of a partition). tas_lock_count() counts acquisitions on each CPU (the
 * exit statistics).
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdint.h>

typedef struct {
	volatile uint16_t owner;
	volatile uint16_t next;
} spinlock_t;

#define SPINLOCK_INIT {0, 0}

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

typedef struct {
	volatile uint32_t locked;
} tas_lock_t;

#define TAS_LOCK_INIT {0}

void tas_lock(tas_lock_t *l);
void tas_unlock(tas_lock_t *l);
/* Acquisitions of any tas_lock_t by CPU cpu since boot. */
uint32_t tas_lock_count(unsigned cpu);

#endif
