/*
 * A tiny polled virtio-net driver (guests/lib/src/virtio_net.c) for the
 * virtual network between partitions (docs/channels.md): raw frames with
 * just enough IPv4 to answer ARP, ping and UDP echo (port 7) and to send
 * UDP datagrams. One device; the guest calls guest_vnet_poll() often.
 */
#ifndef GUEST_VIRTIO_NET_H
#define GUEST_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>

struct guest_vnet_stats {
	uint32_t rx_frames, tx_frames, tx_dropped;
	uint32_t arp_replies, pings, echoes;
};

/* Brings up the virtio-net device at mmio (the "virtio,mmio" node's reg;
 * polled, no interrupts); 0, or -1 and why. */
int guest_vnet_init(uint32_t mmio, char *why, size_t whylen);
void guest_vnet_mac(uint8_t mac[6]);
/* Our IPv4 address and the one datagrams go to (host order). */
void guest_vnet_set_ip(uint32_t ip, uint32_t peer);
/* Answers ARP, ping and UDP echo (port 7) for what has arrived. */
void guest_vnet_poll(void);
/* A UDP datagram to the peer (nothing if the network is not up). */
void guest_vnet_send_udp(uint16_t sport, uint16_t dport, const void *data,
			 size_t len);
const struct guest_vnet_stats *guest_vnet_stats(void);

#endif
