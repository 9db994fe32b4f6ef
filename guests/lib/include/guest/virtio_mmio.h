/*
 * The driver's side of the virtio-mmio transport (guests/lib/src/
 * virtio_mmio.c; registers and layouts in include/hw/virtio_mmio.h), shared
 * by the runtime's virtio-net driver and the testkit's virtio checks.
 */
#ifndef GUEST_VIRTIO_MMIO_H
#define GUEST_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Sets queue q of the device at base up (4.2.3.2): num entries, its
 * descriptor table, driver and device rings at the guest addresses desc,
 * avail and used, then QueueReady = 1. False when the queue was already
 * ready, is smaller than num, or the device did not take it (QueueReady
 * reads 0: it refused the addresses).
 */
bool guest_virtio_queue_setup(uint32_t base, unsigned q, unsigned num,
			      uint32_t desc, uint32_t avail, uint32_t used);

#endif
