/*
 * Emulation of the CP15 accesses HCR traps (TAC, TIDCP, TSW) and HDCR traps
 * (the PMU), and of the CP14 debug accesses HDCR traps (TDA, TDOSA, TDRA).
 */
#ifndef ARCH_CP15_EMUL_H
#define ARCH_CP15_EMUL_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* ISS of an MCR/MRC trap (B3.13.6, EC 0x03 and 0x05) */
#define CP15_ISS_OPC2(iss) (((iss) >> 17) & 7u)
#define CP15_ISS_OPC1(iss) (((iss) >> 14) & 7u)
#define CP15_ISS_CRN(iss) (((iss) >> 10) & 0xfu)
#define CP15_ISS_RT(iss) (((iss) >> 5) & 0xfu)
#define CP15_ISS_CRM(iss) (((iss) >> 1) & 0xfu)
#define CP15_ISS_READ(iss) ((iss) & 1u)

/*
 * hsr: a CP15 or CP14 MCR/MRC trap. true when emulated; false: the guest
 * gets an undefined instruction.
 */
bool cp15_emulate(struct vcpu *v, uint32_t hsr);

#endif
