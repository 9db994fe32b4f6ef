/* Zeroing a guest's RAM block on its first touch (arch/arm/first_touch.c). */
#ifndef ARCH_FIRST_TOUCH_H
#define ARCH_FIRST_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/*
 * A stage-2 abort of v (HSR of a DABT_LOW or IABT_LOW exit): true when it
 * was the first touch of a deferred RAM block, zeroed and mapped now; the
 * guest resumes at the same instruction.
 */
bool first_touch(struct vcpu *v, uint32_t hsr);

#endif
