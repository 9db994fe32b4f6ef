/*
 * virtio 1.x over MMIO (OASIS virtio v1.1): the virtio-mmio transport's
 * registers (4.2.2), the device status and feature bits, the network
 * device's (5.1), and the split virtqueue's layout in guest memory (2.7).
 * Shared by the hypervisor's device (core/virtio_mmio.c, core/virtq.c,
 * core/virtio_net.c), the guest runtime's driver (guests/lib) and the
 * testkit. Everything is little-endian, as the guests are.
 */
#ifndef HW_VIRTIO_MMIO_H
#define HW_VIRTIO_MMIO_H

#include <tessera/abi_util.h>

/* Register offsets (4.2.2); the 64-bit addresses are LOW then HIGH. */
#define VIRTIO_MMIO_MAGIC ABI_U(0x000)
#define VIRTIO_MMIO_VERSION ABI_U(0x004)
#define VIRTIO_MMIO_DEVICE_ID ABI_U(0x008)
#define VIRTIO_MMIO_VENDOR_ID ABI_U(0x00c)
#define VIRTIO_MMIO_DEVICE_FEATURES ABI_U(0x010)
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL ABI_U(0x014)
#define VIRTIO_MMIO_DRIVER_FEATURES ABI_U(0x020)
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL ABI_U(0x024)
#define VIRTIO_MMIO_QUEUE_SEL ABI_U(0x030)
#define VIRTIO_MMIO_QUEUE_NUM_MAX ABI_U(0x034)
#define VIRTIO_MMIO_QUEUE_NUM ABI_U(0x038)
#define VIRTIO_MMIO_QUEUE_READY ABI_U(0x044)
#define VIRTIO_MMIO_QUEUE_NOTIFY ABI_U(0x050)
#define VIRTIO_MMIO_INTERRUPT_STATUS ABI_U(0x060)
#define VIRTIO_MMIO_INTERRUPT_ACK ABI_U(0x064)
#define VIRTIO_MMIO_STATUS ABI_U(0x070)
#define VIRTIO_MMIO_QUEUE_DESC_LOW ABI_U(0x080)
#define VIRTIO_MMIO_QUEUE_DESC_HIGH ABI_U(0x084)
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW ABI_U(0x090)
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH ABI_U(0x094)
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW ABI_U(0x0a0)
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH ABI_U(0x0a4)
#define VIRTIO_MMIO_CONFIG_GENERATION ABI_U(0x0fc)
#define VIRTIO_MMIO_CONFIG ABI_U(0x100) /* device-specific configuration */

#define VIRTIO_MMIO_MAGIC_VALUE ABI_U(0x74726976) /* "virt" */
#define VIRTIO_MMIO_VERSION_2 ABI_U(2)            /* not legacy (4.2.4) */

/* InterruptStatus and InterruptACK (4.2.2) */
#define VIRTIO_INT_USED ABI_U(1)   /* "Used Buffer Notification" */
#define VIRTIO_INT_CONFIG ABI_U(2) /* "Configuration Change Notification" */

/* Device status (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE ABI_U(1)
#define VIRTIO_STATUS_DRIVER ABI_U(2)
#define VIRTIO_STATUS_DRIVER_OK ABI_U(4)
#define VIRTIO_STATUS_FEATURES_OK ABI_U(8)
#define VIRTIO_STATUS_NEEDS_RESET ABI_U(0x40)
#define VIRTIO_STATUS_FAILED ABI_U(0x80)

/* Feature bit numbers: DeviceFeatures word n (DeviceFeaturesSel = n) holds
 * bits 32n..32n+31. Reserved bits (6), the network device's (5.1.3). */
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16

/* The network device (5.1): its device ID, its configuration's status */
#define VIRTIO_ID_NET ABI_U(1)
#define VIRTIO_NET_S_LINK_UP ABI_U(1)

/* Split virtqueues (2.7): descriptor flags (2.7.5), ring flags (2.7.6,
 * 2.7.8) and the alignment of each part (2.7, table "Virtqueue Part
 * Alignment"). */
#define VIRTQ_DESC_F_NEXT ABI_U(1)
#define VIRTQ_DESC_F_WRITE ABI_U(2)
#define VIRTQ_DESC_F_INDIRECT ABI_U(4)
#define VIRTQ_AVAIL_F_NO_INTERRUPT ABI_U(1)
#define VIRTQ_USED_F_NO_NOTIFY ABI_U(1)
#define VIRTQ_DESC_ALIGN 16
#define VIRTQ_AVAIL_ALIGN 2
#define VIRTQ_USED_ALIGN 4

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The descriptor table: queue-size of these (2.7.5). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* An entry of the used ring (2.7.8). */
struct virtq_used_elem {
	uint32_t id;  /* head of the chain returned */
	uint32_t len; /* bytes the device wrote into it */
};

/*
 * The driver (available) and device (used) rings of a queue of n entries
 * (2.7.6, 2.7.8), as a driver declares them: VIRTQ_AVAIL(8) avail;
 * used_event and avail_event are there for the size, this device offers
 * no VIRTIO_F_EVENT_IDX.
 */
#define VIRTQ_AVAIL(n)                                                     \
	struct {                                                           \
		uint16_t flags, idx;                                       \
		uint16_t ring[n];                                          \
		uint16_t used_event;                                       \
	} __attribute__((aligned(VIRTQ_AVAIL_ALIGN)))
#define VIRTQ_USED(n)                                                      \
	struct {                                                           \
		uint16_t flags, idx;                                       \
		struct virtq_used_elem ring[n];                            \
		uint16_t avail_event;                                      \
	} __attribute__((aligned(VIRTQ_USED_ALIGN)))
#endif

#endif
