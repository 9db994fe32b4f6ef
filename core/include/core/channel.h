/*
 * Channels: memory shared by partitions, with a doorbell per endpoint
 * (docs/channels.md). The configuration describes them (struct
 * cfg_channel); core/channel_attach.c allocates the memory once at boot and
 * maps it into each endpoint's partition; this file's logic (core/channel.c)
 * serves the doorbell page and the HC_CHANNEL_RING hypercall, host-tested.
 *
 * Ringing costs one exit and a bounded amount of work: one edge injection
 * per peer, coalesced by the vGIC while the peer's doorbell is pending. A
 * peer that is not running is skipped. So a partition ringing in a loop
 * burns its own CPU only.
 */
#ifndef CORE_CHANNEL_H
#define CORE_CHANNEL_H

#include <core/config.h>
#include <core/mmio.h>
#include <stdint.h>

/* The doorbell page of an endpoint (guest address: memory + size). */
#define CHAN_DOORBELL 0x000u  /* W: any value rings every other endpoint */
#define CHAN_ENDPOINT 0x004u  /* R: this endpoint's index in the channel */
#define CHAN_ENDPOINTS 0x008u /* R: how many endpoints the channel has */
#define CHAN_ID 0x00cu        /* R: the channel's id (HC_CHANNEL_RING) */
#define CHAN_SIZE 0x010u      /* R: bytes of shared memory */

/* One endpoint: the dev of its doorbell page. */
struct channel_end {
	const struct cfg_channel *ch;
	unsigned ep;
};

/*
 * What ringing does to one peer endpoint (core/channel_attach.c: raise its
 * doorbell SPI if its partition runs). NULL: nothing (host tests set it).
 */
extern void (*channel_ring_peer)(const struct cfg_channel *ch, unsigned ep);

/* Rings every endpoint of ch but `from`. */
void channel_ring(const struct cfg_channel *ch, unsigned from);
/* mmio_fn of a doorbell page; dev is its struct channel_end. */
int channel_doorbell_access(void *dev, struct mmio_access *a);
/*
 * HC_CHANNEL_RING from partition p: rings channel `id` from p's endpoint.
 * Returns 0, or -1 when p has no endpoint on that channel.
 */
int channel_ring_from(const struct cfg_partition *p, uint32_t id);

struct partition;

/* core/channel_attach.c, at boot: allocates and zeroes every channel. */
void channels_create(const struct config *c);
/*
 * At p's creation: maps its endpoints' memory and registers their doorbell
 * pages. Returns 0, or -1 with a message in err.
 */
int channel_attach(struct partition *p, char *err, size_t errlen);

#endif
