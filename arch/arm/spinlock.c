/* Ticket lock: FIFO order, so no CPU starves on a contended console. */
#include <arch/cpu.h>
#include <arch/spinlock.h>

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
