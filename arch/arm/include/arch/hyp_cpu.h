/* Per-CPU Hyp mode set-up. */
#ifndef ARCH_HYP_CPU_H
#define ARCH_HYP_CPU_H

#include <stdint.h>

/* Vectors, traps off, virtual counter offset; call once in Hyp mode. */
void hyp_cpu_init(unsigned cpu);
/* Secure-side preparation before leaving for Non-secure Hyp. */
void secure_cpu_prepare(void);
/* boot/secure.S: Secure SVC -> Non-secure Hyp, same stack. */
void secure_switch_to_hyp(void);

#endif
