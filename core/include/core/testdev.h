/*
 * The MMIO test device: a 4 KB emulated register block that records the last
 * write, so the test guest can check the hypervisor's MMIO emulation (access
 * sizes, sign extension, write-back). Only partitions whose configuration
 * says test-device = <addr> get one. Register map (offsets):
 *
 *   0x00 ID          RO  0x54535444 ("TSTD")
 *   0x04 SCRATCH     RW  any size; byte and halfword accesses hit their lanes
 *   0x08 WRITES      RO  number of writes the device accepted (any register)
 *   0x0c LAST_SIZE   RO  size in bytes (1, 2, 4) of the last write
 *   0x10 LAST_VALUE  RO  value of the last write, zero-extended
 *   0x14 LAST_OFFSET RO  offset of the last write
 *   0x18 NEGATIVE    RO  0x80018080: every byte lane and halfword has its top
 *                        bit set, so LDRSB/LDRSH sign-extend
 *   0x1c..0xfff          read as zero; writes are recorded (WRITES, LAST_*)
 *                        but change nothing
 * Writes to the RO registers are recorded the same way and change nothing.
 */
#ifndef CORE_TESTDEV_H
#define CORE_TESTDEV_H

#include <core/mmio.h>
#include <stdint.h>

#include <tessera/testdev.h> /* the register map, shared with the guests */

struct testdev {
	uint32_t scratch;
	uint32_t writes;
	uint32_t last_size, last_value, last_offset;
};

void testdev_init(struct testdev *d);
/* mmio_fn for the device; dev is a struct testdev. */
int testdev_access(void *dev, struct mmio_access *a);

struct partition;
/*
 * Gives partition p its test device when its configuration has one (else
 * nothing): back to zero at every (re)start. Returns 0 or a vdev_attach()
 * error.
 */
int testdev_attach(struct partition *p);

#endif
