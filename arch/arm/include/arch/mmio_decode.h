/* Turning a stage-2 data abort syndrome into an MMIO access (ARM ARM B3.13.6). */
#ifndef ARCH_MMIO_DECODE_H
#define ARCH_MMIO_DECODE_H

#include <core/mmio.h>
#include <stdint.h>

enum mmio_decode_err {
	MMIO_DECODE_OK = 0,
	MMIO_DECODE_NO_SYNDROME = -1, /* HSR.ISV = 0: e.g. LDM/STM, LDRD */
	MMIO_DECODE_BAD_REG = -2,     /* SRT = 15 (PC) */
	MMIO_DECODE_BAD_SIZE = -3,    /* SAS = doubleword */
};

/*
 * Fills a from a data abort's HSR, HDFAR and HPFAR: IPA, size, direction,
 * sign extension and register. a->data is left for the caller (the value of
 * the register on a write).
 */
int mmio_decode(uint32_t hsr, uint32_t hdfar, uint32_t hpfar,
		struct mmio_access *a);

#endif
