/*
 * The virtio-net device and the switch between partitions
 * (core/include/core/virtio_net.h).
 *
 * Locking. Each device has two locks:
 * - lock: its transport registers and its transmit queue; taken by every
 *   MMIO access of its own partition (so a notify runs under it) and by
 *   its reset hook;
 * - rx_lock: its receive queue's state and its interrupt status; taken by
 *   whichever CPU delivers a frame to it, and by its own transport when a
 *   queue becomes ready, on an interrupt acknowledge and on reset.
 * Order: lock, then any device's rx_lock; never two rx_locks at once. So
 * two partitions sending to each other at the same time cannot deadlock.
 *
 * Bounds: a notify takes at most VNET_QUEUE_SIZE transmit chains (those
 * available when it starts), each at most VNET_HDR_SIZE + VNET_FRAME_MAX
 * bytes, and copies each at most once per receiver on the link.
 */
#include <arch/spinlock.h>
#include <core/console.h>
#include <core/partition.h>
#include <core/partition_mem.h>
#include <core/vdev.h>
#include <core/vgic.h>
#include <core/virtio_mmio.h>
#include <core/virtio_net.h>
#include <string.h>

#define RX_MAX_BYTES 0x10000u /* a receive buffer larger than this is bad */
#define ETH_HLEN 14u

struct vnet {
	struct virtio_mmio t;
	struct partition *p;
	spinlock_t lock, rx_lock;
	uint8_t mac[6];
	bool attached;
	bool warned;
	uint32_t tx_frames, rx_frames, rx_dropped;
};

static struct vnet vnets[MAX_PARTITIONS];

void virtio_net_mac(unsigned id, uint8_t mac[6])
{
	static const uint8_t prefix[5] = {0x02, 0x54, 0x53, 0x4e, 0x00};

	memcpy(mac, prefix, sizeof(prefix));
	mac[5] = (uint8_t)id;
}

static struct vnet *of(struct virtio_mmio *t)
{
	return t->owner;
}

static void *to_host(void *ctx, uint64_t ipa, uint64_t size)
{
	if (ipa + size < ipa) /* wraps: partition_ipa_to_host would not see */
		return NULL;
	return partition_ipa_to_host(ctx, ipa, size);
}

static void warn_once(struct vnet *v, const char *what)
{
	if (v->warned)
		return;
	v->warned = true;
	hyp_log("partition %s: virtio-net: %s (reported once; counted)",
		v->p->cfg->name, what);
}

/* --------------------------------------------------------- scatter copy */

/* Copies len bytes of src, from byte `from` of its readable segments, to
 * dst at `at` of its writable ones; both already validated. */
static void chain_read(const struct virtq_chain *c, uint32_t from, void *to,
		       uint32_t len)
{
	uint8_t *out = to;

	for (unsigned i = 0; i < c->nr_read && len; i++) {
		const struct virtq_seg *s = &c->seg[i];
		uint32_t n;

		if (from >= s->len) {
			from -= s->len;
			continue;
		}
		n = s->len - from < len ? s->len - from : len;
		memcpy(out, s->host + from, n);
		out += n;
		len -= n;
		from = 0;
	}
}

static void chain_write(const struct virtq_chain *c, uint32_t at,
			const void *from, uint32_t len)
{
	const uint8_t *in = from;

	for (unsigned i = c->nr_read; i < c->nr_read + c->nr_write && len;
	     i++) {
		const struct virtq_seg *s = &c->seg[i];
		uint32_t n;

		if (at >= s->len) {
			at -= s->len;
			continue;
		}
		n = s->len - at < len ? s->len - at : len;
		memcpy(s->host + at, in, n);
		in += n;
		len -= n;
		at = 0;
	}
}

/* ---------------------------------------------------------------- rx */

static void raise_used(struct vnet *v, const struct virtq *q)
{
	if (!virtq_no_interrupt(q))
		virtio_mmio_interrupt(&v->t, VIRTIO_INT_USED);
}

/* One frame (the readable bytes of tx after its header) into dst. */
static void deliver(struct vnet *dst, const struct virtq_chain *tx)
{
	struct virtq *q = &dst->t.q[VNET_RXQ];
	uint32_t len = tx->read_bytes - VNET_HDR_SIZE;
	uint8_t hdr[VNET_HDR_SIZE] = {0};
	struct virtq_chain rx;
	uint8_t chunk[64];
	int rc;

	hdr[10] = 1; /* num_buffers (5.1.6): one buffer per frame */
	spin_lock(&dst->rx_lock);
	/* Stopping or resetting: its memory is about to be reloaded or is
	 * unused. The reset hook takes rx_lock before the reload, so a copy
	 * that passed this check has ended by then. */
	rc = dst->p->state == PART_RUNNING
		     ? virtq_pop(q, &dst->t.mem, RX_MAX_BYTES, &rx)
		     : VIRTQ_EMPTY;
	if (rc == VIRTQ_EMPTY) {
		dst->rx_dropped++;
	} else if (rc == VIRTQ_E_RING) {
		dst->rx_dropped++;
		virtio_mmio_needs_reset(&dst->t, VNET_RXQ);
		warn_once(dst, "receive queue broken: device needs reset");
	} else if (rc == VIRTQ_E_CHAIN || rx.nr_read ||
		   rx.write_bytes < VNET_HDR_SIZE + len) {
		dst->t.bad_chains++;
		dst->rx_dropped++;
		warn_once(dst, "bad receive buffer returned empty");
		virtq_push(q, rx.head, 0);
		raise_used(dst, q);
	} else {
		chain_write(&rx, 0, hdr, VNET_HDR_SIZE);
		/* Through a small buffer: both chains are in pieces. */
		for (uint32_t off = 0; off < len; off += sizeof(chunk)) {
			uint32_t n = len - off < sizeof(chunk) ? len - off
							       : sizeof(chunk);

			chain_read(tx, VNET_HDR_SIZE + off, chunk, n);
			chain_write(&rx, VNET_HDR_SIZE + off, chunk, n);
		}
		virtq_push(q, rx.head, VNET_HDR_SIZE + len);
		dst->rx_frames++;
		raise_used(dst, q);
	}
	spin_unlock(&dst->rx_lock);
}

/* The switch: the addressee, or every other port for group and unknown
 * addresses (ours are known: no learning). */
static void switch_frame(struct vnet *src, const struct virtq_chain *tx)
{
	uint8_t dmac[6];
	bool group;
	struct vnet *to = NULL;

	chain_read(tx, VNET_HDR_SIZE, dmac, sizeof(dmac));
	group = dmac[0] & 1;
	for (unsigned i = 0; !group && i < MAX_PARTITIONS; i++)
		if (vnets[i].attached && &vnets[i] != src &&
		    !memcmp(vnets[i].mac, dmac, sizeof(dmac)) &&
		    !strcmp(vnets[i].p->cfg->network, src->p->cfg->network))
			to = &vnets[i];
	for (unsigned i = 0; i < MAX_PARTITIONS; i++) {
		struct vnet *d = &vnets[i];

		if (!d->attached || d == src || (to && d != to) ||
		    strcmp(d->p->cfg->network, src->p->cfg->network))
			continue;
		deliver(d, tx);
	}
}

/* ---------------------------------------------------------------- tx */

static void transmit(struct vnet *v)
{
	struct virtq *q = &v->t.q[VNET_TXQ];
	unsigned done = 0;

	while (done < VNET_QUEUE_SIZE) {
		struct virtq_chain c;
		int rc = virtq_pop(q, &v->t.mem, VNET_HDR_SIZE + VNET_FRAME_MAX,
				   &c);

		if (rc == VIRTQ_EMPTY)
			break;
		if (rc == VIRTQ_E_RING) {
			spin_lock(&v->rx_lock);
			virtio_mmio_needs_reset(&v->t, VNET_TXQ);
			spin_unlock(&v->rx_lock);
			warn_once(v, "transmit queue broken: device needs reset");
			break;
		}
		if (rc == VIRTQ_OK && !c.nr_write &&
		    c.read_bytes >= VNET_HDR_SIZE + ETH_HLEN) {
			switch_frame(v, &c);
			v->tx_frames++;
		} else {
			v->t.bad_chains++;
			warn_once(v, "bad transmit chain returned unsent");
		}
		virtq_push(q, c.head, 0);
		done++;
	}
	if (done) {
		spin_lock(&v->rx_lock);
		raise_used(v, q);
		spin_unlock(&v->rx_lock);
	}
}

/* ---------------------------------------------------------- transport */

static void vnet_notify(struct virtio_mmio *t, unsigned q)
{
	/* Receive buffers are taken when a frame arrives; nothing waits. */
	if (q == VNET_TXQ)
		transmit(of(t));
}

static uint32_t vnet_config_read(struct virtio_mmio *t, uint32_t off,
				 unsigned size)
{
	uint8_t cfg[8]; /* mac[6], status (5.1.4) */
	uint32_t v = 0;

	memcpy(cfg, of(t)->mac, 6);
	cfg[6] = VIRTIO_NET_S_LINK_UP;
	cfg[7] = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)cfg[off + i] << (8 * i);
	return v;
}

static void vnet_irq_lock(struct virtio_mmio *t)
{
	spin_lock(&of(t)->rx_lock);
}

static void vnet_irq_unlock(struct virtio_mmio *t)
{
	spin_unlock(&of(t)->rx_lock);
}

static void vnet_set_irq(struct virtio_mmio *t, bool level)
{
	struct partition *p = of(t)->p;

	vgic_set_level(&p->vgic, 0, p->gp->virtio_net_irq, level);
}

static const struct virtio_mmio_ops vnet_ops = {
	.notify = vnet_notify,
	.config_read = vnet_config_read,
	.irq_lock = vnet_irq_lock,
	.irq_unlock = vnet_irq_unlock,
	.set_irq = vnet_set_irq,
};

static int vnet_access(void *dev, struct mmio_access *a)
{
	struct vnet *v = dev;
	int rc;

	spin_lock(&v->lock);
	rc = virtio_mmio_access(&v->t, a);
	spin_unlock(&v->lock);
	return rc;
}

/*
 * Runs before the partition's memory is reloaded: virtio_mmio_reset() takes
 * rx_lock (irq_lock), so it waits for a frame another CPU may be copying
 * into that memory; afterwards frames on their way to it find no ready
 * queue (and a partition not running) and are dropped.
 */
static void vnet_reset(struct partition *p)
{
	struct vnet *v = &vnets[p->id];

	spin_lock(&v->lock);
	virtio_mmio_reset(&v->t);
	spin_unlock(&v->lock);
}

int virtio_net_attach(struct partition *p)
{
	struct vnet *v;
	int rc;

	if (!p->cfg->network[0] || p->id >= MAX_PARTITIONS)
		return 0;
	v = &vnets[p->id];
	v->p = p;
	virtio_net_mac(p->id, v->mac);
	v->t.device_id = VIRTIO_ID_NET;
	v->t.device_features = (1ull << VIRTIO_F_VERSION_1) |
			       (1ull << VIRTIO_NET_F_MAC) |
			       (1ull << VIRTIO_NET_F_STATUS);
	v->t.config_size = 8;
	v->t.nr_queues = 2;
	v->t.queue_max[VNET_RXQ] = VNET_QUEUE_SIZE;
	v->t.queue_max[VNET_TXQ] = VNET_QUEUE_SIZE;
	v->t.ops = &vnet_ops;
	v->t.mem.to_host = to_host;
	v->t.mem.ctx = p;
	v->t.owner = v;
	rc = vdev_attach(p, "virtio-net", p->gp->virtio_net, VIRTIO_MMIO_SIZE,
			 vnet_access, v, vnet_reset);
	if (!rc) {
		v->attached = true;
		hyp_log("partition %s: virtio-net on network %s, MAC "
			"02:54:53:4e:00:%02x", p->cfg->name, p->cfg->network,
			(unsigned)p->id);
	}
	return rc;
}
