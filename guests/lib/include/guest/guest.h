/*
 * The guest runtime (guests/lib/README.md): everything at once. A guest
 * provides guest_main() (boot.h) and usually starts it with guest_setup().
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <guest/boot.h>
#include <guest/calls.h>
#include <guest/cpu.h>
#include <guest/layout.h>

/* The rest is C only; assembly gets the constants above. */
#ifndef __ASSEMBLER__
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exception.h>
#include <guest/gic.h>
#include <guest/mmu.h>
#include <guest/timer.h>

/* What guest_setup() read from the device tree. */
extern struct guest_platform guest_plat;

/*
 * The usual start of guest_main(): checks the device tree pointer and
 * header (MMU off), turns the MMU on with the boot table, parses the tree
 * into guest_plat, switches to the final table. Returns 0, or -1 with the
 * reason in why.
 */
int guest_setup(char *why, size_t whylen);
#endif

#endif
