/*
 * The virtual network's benchmarks (docs/benchmarks.md), between two test
 * guests on one network, each with testkit.net-bench=ROLE in bootargs:
 *
 *   pong  echoes every frame back to its sender with the addresses swapped
 *         (bulk frames are only counted; a "count?" frame is answered with
 *         that count) until an "end" frame, then finishes
 *   ping  after pong answers: net_ping, NET_PINGS round trips of a 64-byte
 *         frame one at a time; net_throughput, NET_BULK 1514-byte frames
 *         sent as fast as the transmit queue takes them, then the count
 *         pong received; then "end"
 *
 * Results, by the virtual counter (under QEMU: host time, so they vary
 * with the host and its load; scripts/bench.sh runs them without -icount,
 * where two polling vCPUs take minutes):
 *   bench: net_ping: X ns per round trip (N iterations)
 *   bench: net_throughput: X KB/s (D of S frames of 1514 bytes delivered)
 * The device is polled (no interrupts); frames pong had no buffer for are
 * dropped by the hypervisor and show as D < S.
 */
#include <string.h>

#include <guest/virtio_mmio.h>
#include <hw/virtio_mmio.h>
#include <libfdt.h>

#include "testkit.h"

#define NUM 64u
#define BUF 1536u
#define HDR 12u
#define ETH_TYPE 0x88b5u /* IEEE local experimental */
#define NET_PINGS 200u
#define NET_BULK 2000u
#define T_PING 1u
#define T_BULK 2u
#define T_COUNT 3u
#define T_END 4u
#define U(x) ((unsigned)(x))
/* ACKNOWLEDGE | DRIVER | FEATURES_OK (3.1.1) */
#define S_FEATURES_OK                                                     \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |                \
	 VIRTIO_STATUS_FEATURES_OK)

struct vq {
	struct virtq_desc desc[NUM] __attribute__((aligned(VIRTQ_DESC_ALIGN)));
	volatile VIRTQ_AVAIL(NUM) avail;
	volatile VIRTQ_USED(NUM) used;
	uint16_t avail_idx, used_seen;
};

static struct vq vq[2];
static uint8_t rxb[NUM][BUF] __attribute__((aligned(64)));
static uint8_t txb[NUM][BUF] __attribute__((aligned(64)));
static uint32_t base;

static void wr(uint32_t off, uint32_t v) { guest_st32(base + off, v); }

static const char *role(void)
{
	const char *s = dt_bootarg(guest_plat.bootargs, "testkit.net-bench=");

	if (!s)
		return NULL;
	if (!strncmp(s, "ping", 4))
		return "ping";
	if (!strncmp(s, "pong", 4))
		return "pong";
	return NULL;
}

static bool setup_queue(unsigned q)
{
	struct vq *v = &vq[q];

	return guest_virtio_queue_setup(base, q, NUM, (uint32_t)v->desc,
					(uint32_t)&v->avail,
					(uint32_t)&v->used);
}

static void post(unsigned q, unsigned slot, uint8_t *buf, uint32_t len,
		 uint16_t flags)
{
	struct vq *v = &vq[q];

	v->desc[slot].addr = (uint32_t)buf;
	v->desc[slot].len = len;
	v->desc[slot].flags = flags;
	v->desc[slot].next = 0;
	v->avail.ring[v->avail_idx % NUM] = (uint16_t)slot;
	guest_dsb();
	v->avail.idx = ++v->avail_idx;
	guest_dsb();
}

static bool bring_up(void)
{
	const void *fdt = (const void *)guest_plat.dtb;
	const fdt32_t *reg;
	int node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"), len;

	if (node < 0 || !(reg = fdt_getprop(fdt, node, "reg", &len)) || len < 4)
		return false;
	base = fdt32_to_cpu(reg[0]);
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, S_FEATURES_OK);
	if (!setup_queue(0) || !setup_queue(1))
		return false;
	for (unsigned i = 0; i < NUM; i++)
		post(0, i, rxb[i], BUF, VIRTQ_DESC_F_WRITE);
	wr(VIRTIO_MMIO_STATUS, S_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	return true;
}

/* The next received frame (past its header) and its length, or NULL. */
static uint8_t *rx_next(uint32_t *len, unsigned *slot)
{
	struct vq *v = &vq[0];
	uint16_t used = v->used.idx;

	if (used == v->used_seen)
		return NULL;
	guest_dsb();
	*slot = v->used.ring[v->used_seen % NUM].id % NUM;
	*len = v->used.ring[v->used_seen % NUM].len;
	v->used_seen++;
	*len = *len > HDR ? *len - HDR : 0;
	return rxb[*slot] + HDR;
}

static void rx_done(unsigned slot)
{
	post(0, slot, rxb[slot], BUF, VIRTQ_DESC_F_WRITE);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* Sends a frame of len bytes to dst, type t, payload word w; false when
 * the transmit queue is full. */
static bool tx(const uint8_t *dst, uint8_t t, uint32_t w, uint32_t len)
{
	struct vq *v = &vq[1];
	unsigned slot = v->avail_idx % NUM;
	uint8_t *f = txb[slot] + HDR;

	if ((uint16_t)(v->avail_idx - v->used.idx) >= NUM)
		return false;
	memset(txb[slot], 0, HDR);
	memcpy(f, dst, 6);
	memset(f + 6, 0, 6); /* the switch does not look at sources */
	f[12] = ETH_TYPE >> 8;
	f[13] = ETH_TYPE & 0xff;
	f[14] = t;
	memcpy(f + 15, &w, 4);
	post(1, slot, txb[slot], HDR + len, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	return true;
}

static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void pong(void)
{
	uint32_t bulk = 0;

	guest_printf("# net-bench: pong ready\n");
	for (;;) {
		uint32_t len;
		unsigned slot;
		uint8_t *f = rx_next(&len, &slot), t;

		if (!f)
			continue;
		t = len >= 19 ? f[14] : 0;
		if (t == T_BULK)
			bulk++;
		else if (t == T_PING)
			tx(bcast, T_PING, 0, 64);
		else if (t == T_COUNT)
			tx(bcast, T_COUNT, bulk, 64);
		rx_done(slot);
		if (t == T_END)
			break;
	}
	guest_printf("# net-bench: pong received %u bulk frames\n", U(bulk));
}

/* Waits (s seconds at most) for a frame of type t; its word in *w. */
static bool wait_for(uint8_t t, uint32_t *w, unsigned s)
{
	uint64_t end = guest_cntvct() + (uint64_t)s * guest_cntfrq();

	while (guest_cntvct() < end) {
		uint32_t len;
		unsigned slot;
		uint8_t *f = rx_next(&len, &slot);
		bool hit;

		if (!f)
			continue;
		hit = len >= 19 && f[14] == t;
		if (hit && w)
			memcpy(w, f + 15, 4);
		rx_done(slot);
		if (hit)
			return true;
	}
	return false;
}

static uint64_t ns(uint64_t ticks)
{
	return ticks * 1000000000ull / guest_cntfrq();
}

static void ping(void)
{
	uint64_t t0, t1;
	uint32_t got = 0, sent = 0, ok = 0;

	/* pong may still be booting: ask until it answers (60 s) */
	for (unsigned i = 0; i < 60 && !ok; i++) {
		tx(bcast, T_PING, 0, 64);
		ok = wait_for(T_PING, NULL, 1);
	}
	tk_begin("net_bench_peer_answers");
	if (!ok) {
		tk_fail("no answer from the pong partition");
		return;
	}
	tk_pass();
	t0 = guest_cntvct();
	for (unsigned i = 0; i < NET_PINGS; i++) {
		tx(bcast, T_PING, 0, 64);
		if (!wait_for(T_PING, NULL, 10)) {
			guest_printf("# bench: net_ping: reply %u lost\n", i);
			return;
		}
	}
	t1 = guest_cntvct();
	guest_printf("bench: net_ping: %u ns per round trip (%u iterations)\n",
		  U(ns(t1 - t0) / NET_PINGS), NET_PINGS);
	t0 = guest_cntvct();
	for (uint32_t i = 0; i < NET_BULK; i++)
		sent += tx(bcast, T_BULK, i, 1514);
	t1 = guest_cntvct();
	ok = 0;
	/* pong's ring may be full for a while: a query can be dropped */
	for (unsigned i = 0; i < 10 && !ok; i++) {
		tx(bcast, T_COUNT, 0, 64);
		ok = wait_for(T_COUNT, &got, 1);
	}
	if (!ok)
		guest_printf("# bench: net_throughput: no count from pong\n");
	else
		guest_printf("bench: net_throughput: %u KB/s (%u of %u frames of "
			  "1514 bytes delivered)\n",
			  U((uint64_t)got * 1514 * 1000000 / 1024 /
			    (ns(t1 - t0) / 1000 + 1)),
			  U(got), U(sent));
	for (unsigned i = 0; i < 5; i++) { /* one of them gets through */
		tx(bcast, T_END, 0, 64);
		wait_for(0xff, NULL, 1);
	}
}

void tk_net_bench(void)
{
	const char *r = role();

	if (!r)
		return;
	if (!bring_up()) {
		tk_begin("net_bench_device");
		tk_fail("no usable virtio-net device");
		return;
	}
	if (r[1] == 'o')
		pong();
	else
		ping();
}
