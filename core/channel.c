/* Doorbells of channels (core/include/core/channel.h, docs/channels.md). */
#include <core/channel.h>

void (*channel_ring_peer)(const struct cfg_channel *ch, unsigned ep);

void channel_ring(const struct cfg_channel *ch, unsigned from)
{
	for (unsigned e = 0; e < ch->nr_endpoints; e++)
		if (e != from && channel_ring_peer)
			channel_ring_peer(ch, e);
}

/*
 * Word accesses only: the page is a register block. Reads of unknown
 * offsets are 0 and writes to them ignored, so later registers can be
 * added without breaking old guests.
 */
int channel_doorbell_access(void *dev, struct mmio_access *a)
{
	const struct channel_end *end = dev;

	if (a->size != 4 || a->offset % 4)
		return MMIO_DEVICE_ERROR;
	if (a->write) {
		if (a->offset == CHAN_DOORBELL)
			channel_ring(end->ch, end->ep);
		return MMIO_OK;
	}
	switch (a->offset) {
	case CHAN_ENDPOINT:
		a->data = end->ep;
		break;
	case CHAN_ENDPOINTS:
		a->data = end->ch->nr_endpoints;
		break;
	case CHAN_ID:
		a->data = end->ch->index;
		break;
	case CHAN_SIZE:
		a->data = (uint32_t)end->ch->size;
		break;
	default:
		a->data = 0;
		break;
	}
	return MMIO_OK;
}

int channel_ring_from(const struct cfg_partition *p, uint32_t id)
{
	for (unsigned i = 0; i < p->nr_channels; i++)
		if (p->channels[i].ch->index == id) {
			channel_ring(p->channels[i].ch, p->channels[i].ep);
			return 0;
		}
	return -1;
}
