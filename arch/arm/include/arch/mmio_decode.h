/*
 * Stage-2 data abort -> MMIO access. Everything needed is in the syndrome
 * (ARM ARM B3.13.6, "ISS encoding for a Data Abort exception taken to Hyp
 * mode") and the fault address registers, so no guest instruction is read.
 * Inline: it runs on every MMIO exit, and the caller's HSR, HDFAR and
 * HPFAR stay in registers.
 */
#ifndef ARCH_MMIO_DECODE_H
#define ARCH_MMIO_DECODE_H

#include <arch/hsr.h>
#include <core/mmio.h>
#include <stdint.h>

enum mmio_decode_err {
	MMIO_DECODE_OK = 0,
	MMIO_DECODE_NO_SYNDROME = -1, /* HSR.ISV = 0: e.g. LDM/STM, LDRD */
	MMIO_DECODE_BAD_REG = -2,     /* SRT = 15 (PC) */
	MMIO_DECODE_BAD_SIZE = -3,    /* SAS = doubleword */
};

#define MMIO_DECODE_SAS_DOUBLEWORD 3u
#define MMIO_DECODE_SRT_PC 15u

/*
 * HPFAR[31:4] holds IPA[39:12] (ARM ARM B4.1, HPFAR); the page offset comes
 * from HDFAR, the faulting virtual address, whose bits [11:0] equal the
 * IPA's.
 */
static inline uint64_t mmio_fault_ipa(uint32_t hdfar, uint32_t hpfar)
{
	return ((uint64_t)(hpfar >> 4) << 12) | (hdfar & 0xfffu);
}

/*
 * Fills a from a data abort's HSR, HDFAR and HPFAR: IPA, size, direction,
 * sign extension and register. a->data is left for the caller (the value of
 * the register on a write).
 */
static inline int mmio_decode(uint32_t hsr, uint32_t hdfar, uint32_t hpfar,
			      struct mmio_access *a)
{
	/*
	 * Without ISV (LDM/STM, LDRD/STRD, VLDR/VSTR, ...) the ISS says
	 * nothing about the access. A fault on a stage-1 table walk (S1PTW)
	 * is not the guest's access at all, whatever ISV says.
	 */
	if ((hsr & (HSR_DABT_ISV | HSR_DABT_S1PTW)) != HSR_DABT_ISV)
		return MMIO_DECODE_NO_SYNDROME;
	if (HSR_DABT_SAS(hsr) == MMIO_DECODE_SAS_DOUBLEWORD)
		return MMIO_DECODE_BAD_SIZE;
	/*
	 * r15 as the transfer register: a load would be a branch and a
	 * store's value is IMPLEMENTATION DEFINED (PC + 8 or + 12).
	 */
	if (HSR_DABT_SRT(hsr) == MMIO_DECODE_SRT_PC)
		return MMIO_DECODE_BAD_REG;

	a->addr = mmio_fault_ipa(hdfar, hpfar);
	a->offset = 0;
	a->size = 1u << HSR_DABT_SAS(hsr);
	a->write = (hsr & HSR_DABT_WNR) != 0;
	/* SSE only has meaning for loads. */
	a->sign_extend = !a->write && (hsr & HSR_DABT_SSE) != 0;
	a->reg = HSR_DABT_SRT(hsr);
	return MMIO_DECODE_OK;
}

#endif
