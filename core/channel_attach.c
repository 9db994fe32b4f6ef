/*
 * Channels in the running system (docs/channels.md): their memory,
 * allocated once at boot and zeroed, mapped by stage 2 into every endpoint's
 * partition (read-only for "ro" endpoints, never executable), and each
 * endpoint's doorbell page on its partition's MMIO bus. A partition's reset
 * leaves the memory alone: what it shares is its peers' as much as its own.
 */
#include <arch/cache.h>
#include <arch/hyp_mmu.h>
#include <core/channel.h>
#include <core/console.h>
#include <core/page_alloc.h>
#include <core/partition.h>
#include <core/partition_mem.h>
#include <stdio.h>
#include <string.h>

#define SZ_4K 0x1000u
#define SZ_2M 0x200000u

static uint64_t chan_host[MAX_CHANNELS]; /* 0: could not be allocated */
static struct channel_end ends[MAX_CHANNELS][MAX_CHANNEL_ENDPOINTS];

/*
 * Edge semantics, coalesced at the source: a doorbell still pending in the
 * peer (not yet taken) is left as it is (GIC: an edge interrupt asserted
 * again while pending stays one pending interrupt, IHI 0048B 3.2.4), so a
 * flood neither piles up interrupts nor sends the peer's CPU a kick per
 * ring; once the peer has taken it, the next ring makes it pending again.
 * A disabled doorbell is never kicked for (core/vgic.c). A peer that is
 * off, or stopping or resetting (its vCPUs parked, its vGIC about to be
 * reset), has nothing to wake: the ring is dropped.
 */
static void ring_peer(const struct cfg_channel *ch, unsigned ep)
{
	const struct cfg_endpoint *e = &ch->ep[ep];
	struct partition *q = partition_get(e->part);

	if (q && q->state == PART_RUNNING)
		vgic_inject_once(&q->vgic, 0, e->intid);
}

void channels_create(const struct config *c)
{
	char b1[HEX64_LEN];

	channel_ring_peer = ring_peer;
	for (unsigned i = 0; i < c->nr_channels; i++) {
		const struct cfg_channel *ch = &c->channels[i];
		uint64_t pa = palloc_alloc(ch->size,
					   ch->size >= SZ_2M ? SZ_2M : SZ_4K);

		for (unsigned e = 0; e < ch->nr_endpoints; e++)
			ends[i][e] = (struct channel_end){.ch = ch, .ep = e};
		if (!pa) {
			hyp_log("channel %s: no free RAM for its %lu KiB",
				ch->name, (unsigned long)(ch->size >> 10));
			continue;
		}
		hyp_mmu_map(pa, ch->size, HYP_MAP_RW, "channel memory");
		memset((void *)(uintptr_t)pa, 0, (size_t)ch->size);
		/* A guest may map it uncached (or start with its caches off):
		   the zeros must be in memory, not in this CPU's cache. */
		dcache_clean_range((const void *)(uintptr_t)pa,
				   (size_t)ch->size);
		chan_host[i] = pa;
		hyp_log("channel %s: %lu KiB at host %s, %u endpoints",
			ch->name, (unsigned long)(ch->size >> 10),
			hex64(b1, pa), ch->nr_endpoints);
	}
}

int channel_attach(struct partition *p, char *err, size_t errlen)
{
	const struct cfg_partition *c = p->cfg;

	for (unsigned i = 0; i < c->nr_channels; i++) {
		const struct cfg_channel *ch = c->channels[i].ch;
		unsigned e = c->channels[i].ep;
		const struct cfg_endpoint *ep = &ch->ep[e];
		int rc;

		if (!chan_host[ch->index]) {
			snprintf(err, errlen, "channel %s has no memory",
				 ch->name);
			return -1;
		}
		partition_map(p, ep->guest, chan_host[ch->index], ch->size,
			      ep->read_only ? S2_RAM_RO : S2_RAM_NX,
			      "channel memory");
		rc = mmio_register(&p->mmio, ep->guest + ch->size,
				   CFG_DOORBELL_SIZE, channel_doorbell_access,
				   &ends[ch->index][e], ch->name);
		if (rc) {
			snprintf(err, errlen,
				 "cannot register the doorbell of channel %s "
				 "(%s)",
				 ch->name, vdev_strerror(rc));
			return -1;
		}
	}
	return 0;
}
