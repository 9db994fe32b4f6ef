/* Hyp Syndrome Register (ARM ARM B3.13.6). */
#ifndef ARCH_HSR_H
#define ARCH_HSR_H

#include <stdbool.h>
#include <stdint.h>

#define HSR_EC_SHIFT 26
#define HSR_EC(hsr) ((hsr) >> HSR_EC_SHIFT)
#define HSR_IL (1u << 25)
#define HSR_ISS(hsr) ((hsr) & 0x1ffffffu)

#define HSR_EC_UNKNOWN 0x00
#define HSR_EC_WFI_WFE 0x01
#define HSR_EC_CP15_32 0x03
#define HSR_EC_CP15_64 0x04
#define HSR_EC_CP14_32 0x05
#define HSR_EC_CP14_LS 0x06
#define HSR_EC_HCPTR 0x07
#define HSR_EC_CP10_ID 0x08
#define HSR_EC_CP14_64 0x0c
#define HSR_EC_SVC_HYP 0x11
#define HSR_EC_HVC 0x12
#define HSR_EC_SMC 0x13
#define HSR_EC_IABT_LOW 0x20
#define HSR_EC_IABT_HYP 0x21
#define HSR_EC_DABT_LOW 0x24
#define HSR_EC_DABT_HYP 0x25

/* Data abort ISS */
#define HSR_DABT_ISV (1u << 24)
#define HSR_DABT_SAS(hsr) (((hsr) >> 22) & 3u)
#define HSR_DABT_SSE (1u << 21)
#define HSR_DABT_SRT(hsr) (((hsr) >> 16) & 0xfu)
#define HSR_DABT_EA (1u << 9)
#define HSR_DABT_S1PTW (1u << 7)
#define HSR_DABT_WNR (1u << 6)
#define HSR_xABT_FSC(hsr) ((hsr) & 0x3fu)

#define HSR_CV (1u << 24)
#define HSR_COND(hsr) (((hsr) >> 20) & 0xfu)
#define HSR_COND_AL 0xeu

/*
 * Trapped instructions that may be conditional: their ISS carries CV and
 * COND (B3.13.6: classes 0x01-0x0c and SMC). An instruction that failed its
 * condition may still trap; the hypervisor then only steps over it.
 */
static inline bool hsr_ec_is_conditional(uint32_t ec)
{
	return ec - 1u < HSR_EC_CP14_64 || ec == HSR_EC_SMC;
}

/* The slow part of hsr_condition_passed(): any condition but "always". */
bool hsr_condition_check(uint32_t hsr, uint32_t cpsr);

/*
 * Would the trapped instruction have executed? COND from the ISS when CV is
 * set, else the Thumb IT state's condition, else always; checked against the
 * guest's CPSR flags (A8.3 ConditionPassed()). Inline for the usual case, an
 * unconditional instruction, which every trap of that class pays for.
 */
static inline bool hsr_condition_passed(uint32_t hsr, uint32_t cpsr)
{
	if ((hsr & (HSR_CV | 0xfu << 20)) == (HSR_CV | HSR_COND_AL << 20))
		return true;
	return hsr_condition_check(hsr, cpsr);
}
/* CPSR after one instruction of an IT block (A2.5.2 ITAdvance()). */
uint32_t hsr_it_advance(uint32_t cpsr);

/* Name of an exception class, "reserved" for unallocated values. */
const char *hsr_ec_name(uint32_t ec);
/* Name of an LPAE fault status code (DFSC/IFSC). */
const char *hsr_fsc_name(uint32_t fsc);

#endif
