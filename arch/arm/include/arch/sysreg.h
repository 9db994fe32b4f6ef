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

/* Guest-owned PL1 state the world switch saves and restores (B4.1) */
SYSREG32(cpacr, 0, c1, c0, 2)
SYSREG32(ttbcr, 0, c2, c0, 2)
SYSREG32(dacr, 0, c3, c0, 0)
SYSREG32(dfsr, 0, c5, c0, 0)
SYSREG32(ifsr, 0, c5, c0, 1)
SYSREG32(adfsr, 0, c5, c1, 0)
SYSREG32(aifsr, 0, c5, c1, 1)
SYSREG32(dfar, 0, c6, c0, 0)
SYSREG32(ifar, 0, c6, c0, 2)
SYSREG32(prrr, 0, c10, c2, 0) /* MAIR0 when TTBCR.EAE = 1 */
SYSREG32(nmrr, 0, c10, c2, 1) /* MAIR1 */
SYSREG32(amair0, 0, c10, c3, 0)
SYSREG32(amair1, 0, c10, c3, 1)
SYSREG32(vbar, 0, c12, c0, 0)
SYSREG32(contextidr, 0, c13, c0, 1)
SYSREG32(tpidrurw, 0, c13, c0, 2)
SYSREG32(tpidruro, 0, c13, c0, 3)
SYSREG32(tpidrprw, 0, c13, c0, 4)
SYSREG32(csselr, 2, c0, c0, 0)
SYSREG32(clidr, 1, c0, c0, 1)
SYSREG32(ccsidr, 1, c0, c0, 0)
SYSREG64(ttbr0, 0, c2)
SYSREG64(ttbr1, 1, c2)
SYSREG64(par, 0, c7)

/* Generic timer (B8) */
SYSREG32(cntkctl, 0, c14, c1, 0)
SYSREG32(cntv_ctl, 0, c14, c3, 1)
SYSREG64(cntv_cval, 3, c14)
SYSREG32(cntp_ctl, 0, c14, c2, 1)
SYSREG64(cntp_cval, 2, c14)
SYSREG32(cnthp_ctl, 4, c14, c2, 1)
SYSREG64(cnthp_cval, 6, c14)
SYSREG32(cntfrq, 0, c14, c0, 0)
SYSREG32(cnthctl, 4, c14, c1, 0)
SYSREG64(cntpct, 0, c14)
SYSREG64(cntvct, 1, c14)
SYSREG64(cntvoff, 4, c14)

/* Performance Monitors (C12.7), reached from Hyp mode to keep them off */
SYSREG32(pmcr, 0, c9, c12, 0)
SYSREG32(pmcntenclr, 0, c9, c12, 2)
SYSREG32(pmovsr, 0, c9, c12, 3)
SYSREG32(pmuserenr, 0, c9, c14, 0)
SYSREG32(pmintenclr, 0, c9, c14, 2)

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

/* HCR (B4.1.65) */
#define HCR_VM (1u << 0)
#define HCR_SWIO (1u << 1)
#define HCR_PTW (1u << 2)
#define HCR_FMO (1u << 3)
#define HCR_IMO (1u << 4)
#define HCR_AMO (1u << 5)
#define HCR_VF (1u << 6)
#define HCR_VI (1u << 7)
#define HCR_VA (1u << 8)
#define HCR_FB (1u << 9)
#define HCR_TWI (1u << 13)
#define HCR_TWE (1u << 14)
#define HCR_TSC (1u << 19)
#define HCR_TIDCP (1u << 20)
#define HCR_TAC (1u << 21)
#define HCR_TSW (1u << 22)

/* HDCR (B4.1.67) */
#define HDCR_HPMN(n) ((n) & 0x1fu)
#define HDCR_TPMCR (1u << 5)
#define HDCR_TPM (1u << 6)
#define HDCR_HPME (1u << 7)
#define HDCR_TDE (1u << 8)
#define HDCR_TDA (1u << 9)
#define HDCR_TDOSA (1u << 10)
#define HDCR_TDRA (1u << 11)

/* PMCR (B4.1.117) */
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMCR_C (1u << 2)
#define PMCR_N(v) (((v) >> 11) & 0x1fu)

/* HSTR: Tn traps PL1 MCR/MRC with CRn = n, MCRR/MRRC with CRm = n */
#define HSTR_T(n) (1u << (n))

/* HCPTR (B4.1.69) */
#define HCPTR_TCP10 (1u << 10)
#define HCPTR_TCP11 (1u << 11)
#define HCPTR_TASE (1u << 15)
#define HCPTR_TTA (1u << 20)
#define HCPTR_TCPAC (1u << 31)

/* VTCR (B4.1.159): 32-bit IPA, walk from level 1, cached, inner shareable */
#define VTCR_RES1 (1u << 31)
#define VTCR_T0SZ(n) ((n) & 0xfu)
#define VTCR_SL0_L1 (1u << 6)
#define VTCR_IRGN0_WBWA (1u << 8)
#define VTCR_ORGN0_WBWA (1u << 10)
#define VTCR_SH0_INNER (3u << 12)

/* CNTHCTL (B4.1.26) */
#define CNTHCTL_PL1PCTEN (1u << 0)
#define CNTHCTL_PL1PCEN (1u << 1)
#define CNTHCTL_EVNTEN (1u << 2)          /* event stream from CNTPCT */
#define CNTHCTL_EVNTI(bit) ((bit) << 4) /* on each change of that bit */

/* CNTV_CTL */
#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* SCTLR (guest), for exception injection */
#define SCTLR_M (1u << 0)
#define SCTLR_V (1u << 13)
#define SCTLR_EE (1u << 25)
#define SCTLR_TE (1u << 30)
#define SCTLR_RESET 0x00c50078u /* Cortex-A15 reset value: MMU, caches off */

/* TTBCR */
#define TTBCR_EAE (1u << 31)

/* FPEXC */
#define FPEXC_EN (1u << 30)

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
