/*
 * CP15 system registers used by the hypervisor, named as in the ARM ARM
 * (ARMv7-A/R, DDI 0406C, B4.1 and B8). Each register gets read_<name>() and
 * write_<name>() accessors; 64-bit registers use MRRC/MCRR.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <stdint.h>

#define SYSREG32(name, op1, crn, crm, op2)                                     \
	static inline uint32_t read_##name(void)                               \
	{                                                                      \
		uint32_t v;                                                    \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm      \
				 ", " #op2                                     \
				 : "=r"(v));                                   \
		return v;                                                      \
	}                                                                      \
	static inline void write_##name(uint32_t v)                            \
	{                                                                      \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm      \
				 ", " #op2                                     \
				 :                                             \
				 : "r"(v)                                      \
				 : "memory");                                  \
	}

#define SYSREG64(name, op1, crm)                                               \
	static inline uint64_t read_##name(void)                               \
	{                                                                      \
		uint32_t lo, hi;                                               \
		__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm           \
				 : "=r"(lo), "=r"(hi));                        \
		return ((uint64_t)hi << 32) | lo;                              \
	}                                                                      \
	static inline void write_##name(uint64_t v)                            \
	{                                                                      \
		__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm           \
				 :                                             \
				 : "r"((uint32_t)v), "r"((uint32_t)(v >> 32))  \
				 : "memory");                                  \
	}

/* Identification */
SYSREG32(midr, 0, c0, c0, 0)
SYSREG32(ctr, 0, c0, c0, 1)
SYSREG32(mpidr, 0, c0, c0, 5)
SYSREG32(id_pfr1, 0, c0, c1, 1)

/* PL1 system control (Secure side during the switch to Hyp) */
SYSREG32(sctlr, 0, c1, c0, 0)
SYSREG32(actlr, 0, c1, c0, 1)
SYSREG32(scr, 0, c1, c1, 0)
SYSREG32(nsacr, 0, c1, c1, 2)

/* Hyp mode registers (B4.1.62 onwards) */
SYSREG32(vpidr, 4, c0, c0, 0)
SYSREG32(vmpidr, 4, c0, c0, 5)
SYSREG32(hsctlr, 4, c1, c0, 0)
SYSREG32(hcr, 4, c1, c1, 0)
SYSREG32(hdcr, 4, c1, c1, 1)
SYSREG32(hcptr, 4, c1, c1, 2)
SYSREG32(hstr, 4, c1, c1, 3)
SYSREG32(htcr, 4, c2, c0, 2)
SYSREG32(vtcr, 4, c2, c1, 2)
SYSREG32(hsr, 4, c5, c2, 0)
SYSREG32(hdfar, 4, c6, c0, 0)
SYSREG32(hifar, 4, c6, c0, 2)
SYSREG32(hpfar, 4, c6, c0, 4)
SYSREG32(hmair0, 4, c10, c2, 0)
SYSREG32(hmair1, 4, c10, c2, 1)
SYSREG32(hvbar, 4, c12, c0, 0)
SYSREG32(htpidr, 4, c13, c0, 2)
SYSREG64(httbr, 4, c2)
SYSREG64(vttbr, 6, c2)

/* Generic timer (B8) */
SYSREG32(cntfrq, 0, c14, c0, 0)
SYSREG32(cnthctl, 4, c14, c1, 0)
SYSREG64(cntpct, 0, c14)
SYSREG64(cntvct, 1, c14)
SYSREG64(cntvoff, 4, c14)

/* MPIDR */
#define MPIDR_AFF_MASK 0x00ffffffu

/* ID_PFR1 */
#define ID_PFR1_SECURITY(v) (((v) >> 4) & 0xf)
#define ID_PFR1_VIRT(v) (((v) >> 12) & 0xf)

/* SCR (B4.1.129) */
#define SCR_NS (1u << 0)
#define SCR_FW (1u << 4)
#define SCR_AW (1u << 5)
#define SCR_HCE (1u << 8)

/* NSACR (B4.1.111): Non-secure access to CP10/CP11 (VFP/NEON) */
#define NSACR_CP10 (1u << 10)
#define NSACR_CP11 (1u << 11)
#define NSACR_NS_SMP (1u << 18) /* Cortex-A15: ACTLR.SMP writable from NS */

/* ACTLR (Cortex-A15 TRM 4.3.28) */
#define ACTLR_SMP (1u << 6)

/* HSCTLR (B4.1.66) */
#define HSCTLR_M (1u << 0)
#define HSCTLR_A (1u << 1)
#define HSCTLR_C (1u << 2)
#define HSCTLR_CP15BEN (1u << 5)
#define HSCTLR_I (1u << 12)
#define HSCTLR_WXN (1u << 19)
#define HSCTLR_FI (1u << 21)
#define HSCTLR_EE (1u << 25)
#define HSCTLR_TE (1u << 30)

/* HTCR (B4.1.76): 32-bit input addresses, walks inner/outer WBWA, shareable */
#define HTCR_RES1 ((1u << 31) | (1u << 23))
#define HTCR_T0SZ(n) ((n) & 7u)
#define HTCR_IRGN0_WBWA (1u << 8)
#define HTCR_ORGN0_WBWA (1u << 10)
#define HTCR_SH0_INNER (3u << 12)

/* Memory attribute indexes the hypervisor programs into HMAIR0 */
#define MAIR_ATTR_SO 0x00u         /* strongly ordered */
#define MAIR_ATTR_NORMAL_WB 0xffu  /* normal, inner/outer WB RW-allocate */
#define MAIR_ATTR_DEVICE 0x04u     /* device */
#define MAIR_ATTR_NORMAL_NC 0x44u  /* normal, non-cacheable */
#define HYP_ATTRIDX_SO 0
#define HYP_ATTRIDX_NORMAL 1
#define HYP_ATTRIDX_DEVICE 2
#define HYP_ATTRIDX_NORMAL_NC 3
#define HMAIR0_VALUE                                                           \
	((MAIR_ATTR_SO << (8 * HYP_ATTRIDX_SO)) |                              \
	 (MAIR_ATTR_NORMAL_WB << (8 * HYP_ATTRIDX_NORMAL)) |                   \
	 (MAIR_ATTR_DEVICE << (8 * HYP_ATTRIDX_DEVICE)) |                      \
	 (MAIR_ATTR_NORMAL_NC << (8 * HYP_ATTRIDX_NORMAL_NC)))

#endif
