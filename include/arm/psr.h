/*
 * ARMv7-A program status register: processor modes and mask bits (ARM ARM
 * B1.3.3). Shared by the hypervisor (arch/cpu.h) and the guests; usable
 * from assembly.
 */
#ifndef ARM_PSR_H
#define ARM_PSR_H

#include <tessera/abi_util.h>

#define PSR_MODE_MASK ABI_U(0x1f)
#define PSR_MODE_USR ABI_U(0x10)
#define PSR_MODE_FIQ ABI_U(0x11)
#define PSR_MODE_IRQ ABI_U(0x12)
#define PSR_MODE_SVC ABI_U(0x13)
#define PSR_MODE_MON ABI_U(0x16)
#define PSR_MODE_ABT ABI_U(0x17)
#define PSR_MODE_HYP ABI_U(0x1a)
#define PSR_MODE_UND ABI_U(0x1b)
#define PSR_MODE_SYS ABI_U(0x1f)
#define PSR_T (ABI_U(1) << 5)
#define PSR_F (ABI_U(1) << 6)
#define PSR_I (ABI_U(1) << 7)
#define PSR_A (ABI_U(1) << 8)

#endif
