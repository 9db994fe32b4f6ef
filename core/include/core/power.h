/* Powering the whole machine off or resetting it. */
#ifndef CORE_POWER_H
#define CORE_POWER_H

#include <core/platform.h>

void power_off(const struct platform *p) __attribute__((noreturn));

#endif
