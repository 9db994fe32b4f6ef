/* The driver's side of the virtio-mmio transport (guest/virtio_mmio.h). */
#include <guest/guest.h>
#include <guest/virtio_mmio.h>
#include <hw/virtio_mmio.h>

bool guest_virtio_queue_setup(uint32_t base, unsigned q, unsigned num,
			      uint32_t desc, uint32_t avail, uint32_t used)
{
	guest_st32(base + VIRTIO_MMIO_QUEUE_SEL, q);
	if (guest_ld32(base + VIRTIO_MMIO_QUEUE_READY) ||
	    guest_ld32(base + VIRTIO_MMIO_QUEUE_NUM_MAX) < num)
		return false;
	guest_st32(base + VIRTIO_MMIO_QUEUE_NUM, num);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DEVICE_LOW, used);
	guest_st32(base + VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	guest_dsb(); /* the rings' initial contents before the device looks */
	guest_st32(base + VIRTIO_MMIO_QUEUE_READY, 1);
	return guest_ld32(base + VIRTIO_MMIO_QUEUE_READY) == 1;
}
