/*
 * The MMIO test device's register map (core/include/core/testdev.h says what
 * each register does), shared by the hypervisor's emulation and the guests
 * that test it. Offsets in a 4 KB block.
 */
#ifndef TESSERA_TESTDEV_H
#define TESSERA_TESTDEV_H

#include <tessera/abi_util.h>

#define TESTDEV_SIZE ABI_U(0x1000)
#define TESTDEV_ID 0x00          /* RO 0x54535444 "TSTD" */
#define TESTDEV_SCRATCH 0x04     /* RW, byte/halfword lanes */
#define TESTDEV_WRITES 0x08      /* RO, writes accepted */
#define TESTDEV_LAST_SIZE 0x0c   /* RO, 1/2/4 */
#define TESTDEV_LAST_VALUE 0x10  /* RO, zero-extended */
#define TESTDEV_LAST_OFFSET 0x14 /* RO */
#define TESTDEV_NEGATIVE 0x18    /* RO 0x80018080 */
#define TESTDEV_ID_VALUE ABI_U(0x54535444)
#define TESTDEV_NEGATIVE_VALUE ABI_U(0x80018080)

#endif
