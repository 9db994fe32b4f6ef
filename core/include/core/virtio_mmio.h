/*
 * The virtio-mmio transport, version 2 (virtio 1.x, section 4.2.2): the
 * register block a driver finds through a "virtio,mmio" device-tree node.
 * Generic over the device behind it, which supplies its ID, features,
 * configuration space, queue sizes and what a notify does. Interrupts are
 * a level: high while InterruptStatus is not 0.
 *
 * Locking: the owner serialises virtio_mmio_access() and
 * virtio_mmio_reset() per device (its device lock). The interrupt status
 * and the interrupt line may also change on another CPU (a frame delivered
 * to this device): those go through the ops' irq_lock/irq_unlock.
 */
#ifndef CORE_VIRTIO_MMIO_H
#define CORE_VIRTIO_MMIO_H

#include <core/mmio.h>
#include <core/virtq.h>
#include <hw/virtio_mmio.h>
#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_MMIO_SIZE 0x1000u /* the window: one page, registers at 0 */
#define VIRTIO_MMIO_MAX_QUEUES 2

#define VIRTIO_MMIO_VENDOR 0x53534554u /* "TESS": VendorID */

struct virtio_mmio;

struct virtio_mmio_ops {
	/* The driver wrote QueueNotify with queue q (< nr_queues). */
	void (*notify)(struct virtio_mmio *t, unsigned q);
	/* Reads size bytes of the configuration space at offset. */
	uint32_t (*config_read)(struct virtio_mmio *t, uint32_t offset,
				unsigned size);
	/* Taken around every change of a queue's ready state, the interrupt
	 * status and the line (another CPU may deliver meanwhile). */
	void (*irq_lock)(struct virtio_mmio *t);
	void (*irq_unlock)(struct virtio_mmio *t);
	/* Drives the interrupt line; called with irq_lock held. */
	void (*set_irq)(struct virtio_mmio *t, bool level);
};

struct virtio_mmio {
	uint32_t device_id;
	uint64_t device_features;
	uint32_t config_size;
	unsigned nr_queues;
	unsigned queue_max[VIRTIO_MMIO_MAX_QUEUES];
	const struct virtio_mmio_ops *ops;
	struct virtq_mem mem;
	void *owner;
	/* Driver-visible state: reset by virtio_mmio_reset(). */
	uint64_t driver_features;
	uint32_t dev_features_sel, drv_features_sel, queue_sel;
	uint32_t status;
	uint32_t isr; /* under irq_lock */
	struct virtq q[VIRTIO_MMIO_MAX_QUEUES];
	/* Counters since boot (never reset): what went wrong, for logs. */
	uint32_t bad_rings, bad_chains;
};

/* mmio_fn: dev is the struct virtio_mmio. Registers are 32-bit accesses;
 * the configuration space takes 1, 2 and 4 bytes. */
int virtio_mmio_access(void *dev, struct mmio_access *a);
/* Device reset (Status written 0, partition reset): queues off, interrupt
 * low, features and status 0. */
void virtio_mmio_reset(struct virtio_mmio *t);
/* Sets InterruptStatus bits and raises the line; irq_lock held. */
void virtio_mmio_interrupt(struct virtio_mmio *t, uint32_t bits);
/* The queue broke (VIRTQ_E_RING): DEVICE_NEEDS_RESET, the queue stops, a
 * configuration-change interrupt (2.1.2); irq_lock held. */
void virtio_mmio_needs_reset(struct virtio_mmio *t, unsigned q);
/* Has the driver set DRIVER_OK (and nothing failed)? */
bool virtio_mmio_running(const struct virtio_mmio *t);

#endif
