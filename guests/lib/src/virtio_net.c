/*
 * A tiny polled virtio-net driver (virtio 1.x over MMIO, split queues of 8)
 * and just enough IPv4 for a bare-metal guest: it answers ARP for its
 * address, ICMP echo requests (ping) and UDP datagrams to port 7 (echo),
 * and sends UDP datagrams (rt's statistics). No interrupts: the guest calls
 * guest_vnet_poll() often enough (rt: every period). Raw frames, no fragments, no options
 * sent; the UDP checksum is left 0 (optional over IPv4, RFC 768).
 *
 * Device set-up follows virtio 1.x 3.1.1 and 4.2.3. The device completes
 * transmit buffers in order (Tessera's does), so a transmit slot is free
 * again once the used index has passed it.
 */
#include <guest/guest.h>
#include <guest/virtio_mmio.h>
#include <guest/virtio_net.h>
#include <hw/virtio_mmio.h>

#include <string.h>

#define VQ_NUM 8u
#define BUF_SIZE 1536u
#define HDR 12u /* struct virtio_net_hdr (with num_buffers), zeroed on tx */
#define RXQ 0u
#define TXQ 1u

/* Driver features: VERSION_1 (word 1), MAC if offered (word 0) */
#define F_VERSION_1 (1u << (VIRTIO_F_VERSION_1 - 32))
#define F_MAC (1u << VIRTIO_NET_F_MAC)

/* Status once the features are agreed (3.1.1, step 5) */
#define ST_FEATURES_OK                                                    \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |                \
	 VIRTIO_STATUS_FEATURES_OK)

struct vq {
	struct virtq_desc desc[VQ_NUM]
		__attribute__((aligned(VIRTQ_DESC_ALIGN)));
	volatile VIRTQ_AVAIL(VQ_NUM) avail;
	volatile VIRTQ_USED(VQ_NUM) used;
	uint16_t avail_idx, used_seen;
};

static struct vq vq[2];
static uint8_t rxbuf[VQ_NUM][BUF_SIZE] __attribute__((aligned(64)));
static uint8_t txbuf[VQ_NUM][BUF_SIZE] __attribute__((aligned(64)));
static uint32_t base;
static uint8_t my_mac[6];
static uint32_t my_ip, peer_ip;
static uint8_t peer_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static bool peer_known;
static struct guest_vnet_stats stats;

static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* ------------------------------------------------------------ bytes */
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += get16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* ------------------------------------------------------------ device */
static uint32_t rd(uint32_t off) { return guest_ld32(base + off); }

/* The configuration space by its fields' width: bytes for the MAC. */
static uint8_t rd_config8(uint32_t off)
{
	return (uint8_t)guest_ld8(base + VIRTIO_MMIO_CONFIG + off);
}
static void wr(uint32_t off, uint32_t v) { guest_st32(base + off, v); }

static int setup_queue(unsigned q)
{
	struct vq *v = &vq[q];

	return guest_virtio_queue_setup(base, q, VQ_NUM, (uint32_t)v->desc,
					(uint32_t)&v->avail,
					(uint32_t)&v->used) ? 0 : -1;
}

/* Makes descriptor slot available (its buffer, len, flags already set). */
static void post(unsigned q, unsigned slot)
{
	struct vq *v = &vq[q];

	v->avail.ring[v->avail_idx % VQ_NUM] = (uint16_t)slot;
	guest_dsb(); /* the entry before the index (2.7.13) */
	v->avail_idx++;
	v->avail.idx = v->avail_idx;
	guest_dsb();
}

static void post_rx(unsigned slot)
{
	struct virtq_desc *d = &vq[RXQ].desc[slot];

	d->addr = (uint32_t)rxbuf[slot];
	d->len = BUF_SIZE;
	d->flags = VIRTQ_DESC_F_WRITE;
	d->next = 0;
	post(RXQ, slot);
}

int guest_vnet_init(uint32_t mmio, char *why, size_t whylen)
{
	base = mmio;
	if (rd(VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    rd(VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_2 ||
	    rd(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_NET) {
		guest_snprintf(why, whylen, "no virtio-net (version 2) at 0x%08x",
			    (unsigned)mmio);
		return -1;
	}
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	if (!(rd(VIRTIO_MMIO_DEVICE_FEATURES) & F_VERSION_1)) {
		guest_snprintf(why, whylen, "device without VIRTIO_F_VERSION_1");
		return -1;
	}
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES,
	   rd(VIRTIO_MMIO_DEVICE_FEATURES) & F_MAC);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, F_VERSION_1);
	wr(VIRTIO_MMIO_STATUS, ST_FEATURES_OK);
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		guest_snprintf(why, whylen, "device refused our features");
		return -1;
	}
	if (setup_queue(RXQ) || setup_queue(TXQ)) {
		guest_snprintf(why, whylen, "cannot set up the queues");
		wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
		return -1;
	}
	for (unsigned i = 0; i < 6; i++)
		my_mac[i] = rd_config8(i);
	for (unsigned i = 0; i < VQ_NUM; i++)
		post_rx(i);
	wr(VIRTIO_MMIO_STATUS, ST_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, RXQ);
	return 0;
}

void guest_vnet_mac(uint8_t mac[6])
{
	memcpy(mac, my_mac, 6);
}

void guest_vnet_set_ip(uint32_t ip, uint32_t peer)
{
	my_ip = ip;
	peer_ip = peer;
}

const struct guest_vnet_stats *guest_vnet_stats(void)
{
	return &stats;
}

/* A free transmit buffer (past the header), or NULL: all in flight. */
static uint8_t *tx_begin(void)
{
	struct vq *v = &vq[TXQ];
	uint16_t used = v->used.idx;

	if ((uint16_t)(v->avail_idx - used) >= VQ_NUM) {
		stats.tx_dropped++;
		return NULL;
	}
	memset(txbuf[v->avail_idx % VQ_NUM], 0, HDR);
	return txbuf[v->avail_idx % VQ_NUM] + HDR;
}

static void tx_end(size_t len)
{
	struct vq *v = &vq[TXQ];
	unsigned slot = v->avail_idx % VQ_NUM;
	struct virtq_desc *d = &v->desc[slot];

	d->addr = (uint32_t)txbuf[slot];
	d->len = HDR + len;
	d->flags = 0;
	d->next = 0;
	post(TXQ, slot);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, TXQ);
	stats.tx_frames++;
}

static void eth(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, my_mac, 6);
	put16(f + 12, type);
}

static void arp(uint16_t op, const uint8_t *tmac, uint32_t tip)
{
	uint8_t *f = tx_begin();

	if (!f)
		return;
	eth(f, op == 1 ? bcast : tmac, 0x0806);
	put16(f + 14, 1);      /* Ethernet */
	put16(f + 16, 0x0800); /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, my_mac, 6);
	put32(f + 28, my_ip);
	memcpy(f + 32, op == 1 ? bcast : tmac, 6);
	put32(f + 38, tip);
	tx_end(42);
}

/* IPv4 header at f + 14 for a payload of len bytes; returns the frame. */
static void ip_header(uint8_t *f, const uint8_t *dmac, uint32_t dip,
		      uint8_t proto, size_t len)
{
	uint8_t *ip = f + 14;

	eth(f, dmac, 0x0800);
	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, 20 + len);
	put16(ip + 4, 0);
	put16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = proto;
	put16(ip + 10, 0);
	put32(ip + 12, my_ip);
	put32(ip + 16, dip);
	put16(ip + 10, csum(ip, 20));
}

static void udp(const uint8_t *dmac, uint32_t dip, uint16_t sport,
		uint16_t dport, const void *data, size_t len)
{
	uint8_t *f;

	if (len > 1472 || !(f = tx_begin()))
		return;
	ip_header(f, dmac, dip, 17, 8 + len);
	put16(f + 34, sport);
	put16(f + 36, dport);
	put16(f + 38, 8 + len);
	put16(f + 40, 0);
	memcpy(f + 42, data, len);
	tx_end(42 + len);
}

void guest_vnet_send_udp(uint16_t sport, uint16_t dport, const void *data,
		      size_t len)
{
	if (!base || !peer_ip)
		return;
	if (!peer_known) /* ask; meanwhile to everyone on the link */
		arp(1, bcast, peer_ip);
	udp(peer_mac, peer_ip, sport, dport, data, len);
}

static void learn(const uint8_t *mac, uint32_t ip)
{
	if (ip == peer_ip && ip) {
		memcpy(peer_mac, mac, 6);
		peer_known = true;
	}
}

static void rx_arp(const uint8_t *f, size_t len)
{
	if (len < 42 || get16(f + 14) != 1 || get16(f + 16) != 0x0800)
		return;
	learn(f + 22, get32(f + 28));
	if (get16(f + 20) == 1 && my_ip && get32(f + 38) == my_ip) {
		arp(2, f + 22, get32(f + 28));
		stats.arp_replies++;
	}
}

static void rx_ip(const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *l4;
	size_t ihl, tot;
	uint8_t *o;

	if (len < 34 || (ip[0] >> 4) != 4)
		return;
	ihl = (size_t)(ip[0] & 15) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl || 14 + tot > len || get32(ip + 16) != my_ip ||
	    (get16(ip + 6) & 0x3fff)) /* fragments: not for us */
		return;
	learn(f + 6, get32(ip + 12));
	l4 = ip + ihl;
	tot -= ihl;
	if (ip[9] == 1 && tot >= 8 && l4[0] == 8) { /* ICMP echo request */
		if (!(o = tx_begin()))
			return;
		ip_header(o, f + 6, get32(ip + 12), 1, tot);
		memcpy(o + 34, l4, tot);
		o[34] = 0; /* echo reply */
		put16(o + 36, 0);
		put16(o + 36, csum(o + 34, tot));
		tx_end(34 + tot);
		stats.pings++;
	} else if (ip[9] == 17 && tot >= 8 && get16(l4 + 2) == 7) {
		size_t n = get16(l4 + 4);

		if (n < 8 || n > tot)
			return;
		udp(f + 6, get32(ip + 12), 7, get16(l4), l4 + 8, n - 8);
		stats.echoes++;
	}
}

void guest_vnet_poll(void)
{
	struct vq *v = &vq[RXQ];
	bool reposted = false;

	if (!base)
		return;
	for (;;) {
		uint16_t used = v->used.idx;
		uint32_t id, len;
		const uint8_t *f;

		if (used == v->used_seen)
			break;
		guest_dsb(); /* the element after the index */
		id = v->used.ring[v->used_seen % VQ_NUM].id;
		len = v->used.ring[v->used_seen % VQ_NUM].len;
		v->used_seen++;
		if (id >= VQ_NUM)
			continue;
		stats.rx_frames++;
		f = rxbuf[id] + HDR;
		if (len >= HDR + 14 && len <= BUF_SIZE) {
			len -= HDR;
			if (get16(f + 12) == 0x0806)
				rx_arp(f, len);
			else if (get16(f + 12) == 0x0800)
				rx_ip(f, len);
		}
		post_rx(id);
		reposted = true;
	}
	if (reposted)
		wr(VIRTIO_MMIO_QUEUE_NOTIFY, RXQ);
}
