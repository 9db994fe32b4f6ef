/* -fstack-protector-strong support: the canary and what happens on a smash. */
#ifndef CORE_STACK_PROTECTOR_H
#define CORE_STACK_PROTECTOR_H

#include <stdint.h>

/*
 * Seeds the canary. Must run before any protected function that is still on
 * the stack, so callers are themselves built without the protector.
 */
void stack_guard_init(const void *fdt) __attribute__((no_stack_protector));

/* Called by protected functions whose canary was overwritten. */
void __stack_chk_fail(void) __attribute__((noreturn));

/* A 64-bit mixing step (splitmix64), also used to spread seed material. */
uint64_t seed_mix(uint64_t x);

#endif
