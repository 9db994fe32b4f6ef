/* The per-CPU loop that runs a vCPU, and kicking a vCPU (core/vcpu.c). */
#ifndef CORE_VCPU_H
#define CORE_VCPU_H

struct vcpu;

/* Each CPU's loop: runs its vCPU whenever it is to run; never returns. */
void pcpu_run(unsigned pcpu) __attribute__((noreturn));
/* Makes the physical CPU of v leave the guest or its idle wait. */
void vcpu_kick(struct vcpu *v);

#endif
