/*
 * Virtual devices of a partition. Each device model attaches itself
 * (vgic_attach(), vpl011_attach(), testdev_attach()): it registers its MMIO
 * range on the partition's bus and the hook that puts it back in the state
 * a partition starts with. The partition knows its devices only through
 * this list.
 *
 * Contract of a reset hook: it runs when the partition starts and on every
 * SYSTEM_RESET, in attach order, while every vCPU of the partition is
 * parked (core/include/core/partition_state.h). Other CPUs may still reach
 * the device (console input, a forwarded SPI), so a hook takes the device's
 * own lock, and never frees or re-initialises a lock.
 */
#ifndef CORE_VDEV_H
#define CORE_VDEV_H

#include <core/limits.h>
#include <core/mmio.h>
#include <stdint.h>

struct partition;

struct vdev {
	const char *name;
	void (*reset)(struct partition *); /* may be NULL */
};

struct vdev_list {
	unsigned nr;
	struct vdev d[MAX_VDEVS];
};

#define VDEV_FULL (-10) /* MAX_VDEVS reached; else an MMIO_REG_* error */
#define VDEV_NO_MAP (-11) /* a stage-2 mapping it needs did not fit */

/*
 * Attaches a device to p: MMIO range [base, base + size) on p's bus served
 * by access(dev, ...) (size 0: no MMIO range), and its reset hook (NULL:
 * none). Returns 0, or VDEV_FULL / MMIO_REG_* with nothing attached.
 */
int vdev_attach(struct partition *p, const char *name, uint64_t base,
		uint64_t size, mmio_fn access, void *dev,
		void (*reset)(struct partition *));
/* Runs every device's reset hook, in attach order. */
void vdev_reset_all(struct partition *p);
/* Why vdev_attach() failed, for messages. */
const char *vdev_strerror(int rc);

#endif
