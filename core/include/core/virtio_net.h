/*
 * The virtual network (docs/channels.md, "virtio device model"): each
 * partition whose configuration says network = "<link>" gets a virtio-net
 * device (virtio 1.x section 5.1) on the virtio-mmio transport, at its
 * guest platform's virtio-net window. The partitions naming one link are
 * joined by a switch in the hypervisor: a frame transmitted by one goes to
 * the partition whose MAC address it is sent to, or to every other one for
 * broadcast, multicast and unknown addresses. The sender's CPU copies it
 * into the receiver's posted buffers (dropped when there are none) and
 * raises the receiver's interrupt.
 *
 * MAC address: 02:54:53:4e:00:<partition index> (locally administered).
 */
#ifndef CORE_VIRTIO_NET_H
#define CORE_VIRTIO_NET_H

#include <hw/virtio_mmio.h>
#include <stdint.h>

struct partition;

#define VNET_HDR_SIZE 12u    /* struct virtio_net_hdr with num_buffers */
#define VNET_FRAME_MAX 1514u /* Ethernet header + 1500 bytes, no FCS */
#define VNET_QUEUE_SIZE 64u  /* both queues; also the frames a notify
				copies at most */
#define VNET_RXQ 0u
#define VNET_TXQ 1u

/* Gives p its virtio-net device when its configuration names a network
 * (else does nothing and returns 0); 0 or a vdev_attach() error. */
int virtio_net_attach(struct partition *p);
/* The MAC address of the partition with index id. */
void virtio_net_mac(unsigned id, uint8_t mac[6]);

#endif
