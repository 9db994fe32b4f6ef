/* Ticket spinlock on LDREX/STREX (ARM ARM A3.4). */
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

#endif
