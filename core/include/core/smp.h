/* Bringing the secondary CPUs up and keeping track of them. */
#ifndef CORE_SMP_H
#define CORE_SMP_H

#include <core/limits.h>
#include <core/platform.h>
#include <stdint.h>

/* Read by boot/entry.S to find a waking CPU's index and stack. */
extern uint32_t smp_cpu_mpidr[MAX_CPUS];
extern uint32_t smp_nr_cpus;

void smp_prepare(const struct platform *p);
/* Starts every other CPU towards secondary_entry; they wait for release. */
void smp_wake_secondaries(const struct platform *p);
void smp_release_secondaries(void);
/* Waits (bounded) for the CPUs to report online; returns how many are. */
unsigned smp_wait_online(void);
/* On a secondary: announce arrival, then wait for smp_release_secondaries(). */
void smp_secondary_wait_release(unsigned idx);
void smp_mark_online(unsigned idx);
/* This CPU's index in the device tree's /cpus order. */
int smp_cpu_id(void);

#endif
