/*
 * Ticket lock (FIFO: no CPU starves on a contended console) and
 * test-and-set lock (no hand-off to a CPU that is not running: hot vGIC
 * state). Both wait in WFE; every release is followed by SEV.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <core/limits.h>

static uint32_t tas_acquired[MAX_CPUS];

void spin_lock(spinlock_t *l)
{
	uint32_t old, tmp, fail;
	uint16_t ticket;

	__asm__ volatile("1:	ldrex	%0, [%3]\n"
			 "	add	%1, %0, #0x10000\n"
			 "	strex	%2, %1, [%3]\n"
			 "	teq	%2, #0\n"
			 "	bne	1b\n"
			 : "=&r"(old), "=&r"(tmp), "=&r"(fail)
			 : "r"(l)
			 : "cc", "memory");
	ticket = (uint16_t)(old >> 16);
	while (l->owner != ticket)
		wfe();
	dmb();
}

void spin_unlock(spinlock_t *l)
{
	dmb();
	l->owner = (uint16_t)(l->owner + 1);
	dsb();
	sev();
}

/*
 * LDREX sets the exclusive monitor; a holder's release (a store to the
 * word) clears it and its SEV wakes the WFE, so a waiter sleeps until the
 * lock may be free (ARM ARM A3.4.5: WFE after a failed check, woken by the
 * event register).
 */
void tas_lock(tas_lock_t *l)
{
	uint32_t old, fail;
	unsigned cpu;

	for (;;) {
		__asm__ volatile("ldrex	%0, [%1]" : "=&r"(old) : "r"(&l->locked)
				 : "memory");
		if (old) {
			wfe();
			continue;
		}
		__asm__ volatile("strex	%0, %2, [%1]"
				 : "=&r"(fail)
				 : "r"(&l->locked), "r"(1u)
				 : "memory");
		if (!fail)
			break;
	}
	dmb();
	cpu = this_cpu();
	if (cpu < MAX_CPUS)
		tas_acquired[cpu]++;
}

void tas_unlock(tas_lock_t *l)
{
	dmb();
	l->locked = 0;
	dsb();
	sev();
}

uint32_t tas_lock_count(unsigned cpu)
{
	return cpu < MAX_CPUS ? tas_acquired[cpu] : 0;
}
