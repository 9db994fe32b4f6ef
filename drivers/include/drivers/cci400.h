/* ARM CCI-400 cache coherent interconnect (include/hw/cci400.h). */
#ifndef DRIVERS_CCI400_H
#define DRIVERS_CCI400_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Turns on snoops and DVM messages towards the slave interface whose
 * registers are at port, and waits for the CCI to apply it. Returns false
 * when the interface still does not snoop (the firmware kept the CCI
 * Secure-only while we run Non-secure) or the change never completed.
 */
bool cci400_enable_port(uintptr_t base, uintptr_t port);

#endif
