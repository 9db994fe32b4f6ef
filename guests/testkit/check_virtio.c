/*
 * The virtio-net device's defences (docs/channels.md, "virtio device
 * model"), with testkit.virtio in bootargs and a "virtio,mmio" node in the
 * tree (the partition's configuration says network = "..."):
 *
 *   virtio_net_identity          magic, version 2, device 1, VERSION_1
 *   virtio_bad_queue_address     a queue whose descriptor table is not RAM
 *                                does not become ready: NEEDS_RESET and a
 *                                configuration interrupt; a reset clears it
 *   virtio_desc_outside_memory   transmit chains whose buffer lies past the
 *   virtio_desc_loop             partition's RAM, that loop, that claim
 *   virtio_desc_huge_length      4 GB, are each returned with length 0 and
 *                                the device keeps working (a good frame is
 *                                returned after them, no NEEDS_RESET)
 *   virtio_avail_index_jump      an avail index more than a ring ahead: the
 *                                device stops the queue (NEEDS_RESET)
 *
 * Nothing here can be seen from another partition but its checks passing:
 * the system test runs a victim beside this one.
 */
#include <libfdt.h>
#include <string.h>

#include <guest/virtio_mmio.h>
#include <hw/virtio_mmio.h>

#include "testkit.h"

#define NUM 8u
/* ACKNOWLEDGE | DRIVER | FEATURES_OK, then DRIVER_OK too (3.1.1) */
#define S_FEATURES_OK                                                     \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |                \
	 VIRTIO_STATUS_FEATURES_OK)
#define S_RUNNING (S_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

static struct {
	struct virtq_desc desc[NUM] __attribute__((aligned(VIRTQ_DESC_ALIGN)));
	volatile VIRTQ_AVAIL(NUM) avail;
	volatile VIRTQ_USED(NUM) used;
} q[2];
static uint8_t frame[128] __attribute__((aligned(8)));
static uint32_t base;
static uint16_t avail_idx[2];

static uint32_t rd(uint32_t off) { return guest_ld32(base + off); }
static void wr(uint32_t off, uint32_t v) { guest_st32(base + off, v); }

static bool requested(void)
{
	return dt_bootarg_word(guest_plat.bootargs, "testkit.virtio");
}

static uint32_t find_device(void)
{
	const void *fdt = (const void *)guest_plat.dtb;
	const fdt32_t *reg;
	int node, len;

	node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio");
	if (node < 0)
		return 0;
	reg = fdt_getprop(fdt, node, "reg", &len);
	return reg && len >= 4 ? fdt32_to_cpu(reg[0]) : 0;
}

static void start(void)
{
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, S_FEATURES_OK);
}

/* Queue qi at the given descriptor table address; its rings are ours. */
static bool queue(unsigned qi, uint32_t desc)
{
	memset((void *)&q[qi], 0, sizeof(q[qi]));
	avail_idx[qi] = 0;
	return guest_virtio_queue_setup(base, qi, NUM, desc,
					(uint32_t)&q[qi].avail,
					(uint32_t)&q[qi].used);
}

static bool bring_up(void)
{
	start();
	if (!queue(0, (uint32_t)q[0].desc) || !queue(1, (uint32_t)q[1].desc))
		return false;
	wr(VIRTIO_MMIO_STATUS, S_RUNNING);
	return true;
}

static void set_desc(unsigned i, uint32_t hi, uint32_t lo, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	struct virtq_desc *d = &q[1].desc[i];

	d->addr = (uint64_t)hi << 32 | lo;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* Offers chain head on the transmit queue and notifies; true when the
 * device returned it (its used length in *len). */
static bool transmit(uint16_t head, uint32_t *len)
{
	uint16_t want = (uint16_t)(avail_idx[1] + 1);

	q[1].avail.ring[avail_idx[1] % NUM] = head;
	guest_dsb();
	q[1].avail.idx = want;
	avail_idx[1] = want;
	guest_dsb();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	guest_dsb();
	if (q[1].used.idx != want)
		return false;
	*len = q[1].used.ring[(want - 1) % NUM].len;
	return q[1].used.ring[(want - 1) % NUM].id == head;
}

static void good_frame(void)
{
	memset(frame, 0, sizeof(frame));
	memset(frame + 12, 0xff, 6);        /* broadcast */
	frame[12 + 12] = 0x88;              /* local experimental ethertype */
	frame[12 + 13] = 0xb5;
	set_desc(7, 0, (uint32_t)frame, 12 + 60, 0, 0);
}

static void expect_returned(struct tk_diag *d, const char *what,
			    uint16_t head)
{
	uint32_t len = 1;

	if (!transmit(head, &len))
		tk_diag_add(d, "%s: not returned in the used ring", what);
	else if (len)
		tk_diag_add(d, "%s: returned with length %u", what,
			    (unsigned)len);
}

static void check_running(struct tk_diag *d)
{
	uint32_t len;

	if (rd(VIRTIO_MMIO_STATUS) != S_RUNNING)
		tk_diag_add(d, "status 0x%x after it, expected 0x%x",
			    (unsigned)rd(VIRTIO_MMIO_STATUS), S_RUNNING);
	good_frame();
	if (!transmit(7, &len))
		tk_diag_add(d, "a good frame after it was not returned");
}

void tk_check_virtio(void)
{
	uint32_t ram_end = (uint32_t)guest_plat.mem[0].base +
			   (uint32_t)guest_plat.mem[0].size;
	struct tk_diag d;

	if (!requested())
		return;
	tk_begin("virtio_net_identity");
	base = find_device();
	if (!base) {
		tk_fail("no \"virtio,mmio\" node in the device tree");
		return;
	}
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	if (rd(VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    rd(VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_2 ||
	    rd(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_NET ||
	    !(rd(VIRTIO_MMIO_DEVICE_FEATURES) &
	      1u << (VIRTIO_F_VERSION_1 - 32))) {
		tk_fail("magic 0x%x version %u device %u features[1] 0x%x",
			(unsigned)rd(VIRTIO_MMIO_MAGIC),
			(unsigned)rd(VIRTIO_MMIO_VERSION),
			(unsigned)rd(VIRTIO_MMIO_DEVICE_ID),
			(unsigned)rd(VIRTIO_MMIO_DEVICE_FEATURES));
		return;
	}
	tk_pass_note("at 0x%08x", (unsigned)base);

	tk_begin("virtio_bad_queue_address");
	tk_diag_init(&d);
	start();
	wr(VIRTIO_MMIO_STATUS, S_RUNNING);
	if (queue(0, ram_end + 0x1000))
		tk_diag_add(&d, "a queue past RAM became ready");
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET))
		tk_diag_add(&d, "status 0x%x: no NEEDS_RESET",
			    (unsigned)rd(VIRTIO_MMIO_STATUS));
	if (!(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_INT_CONFIG))
		tk_diag_add(&d, "no configuration-change interrupt status");
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
	wr(VIRTIO_MMIO_STATUS, 0);
	if (rd(VIRTIO_MMIO_STATUS) != 0)
		tk_diag_add(&d, "status 0x%x after a reset",
			    (unsigned)rd(VIRTIO_MMIO_STATUS));
	tk_report(&d);

	tk_begin("virtio_desc_outside_memory");
	tk_diag_init(&d);
	if (!bring_up()) {
		tk_fail("cannot set up the queues");
		return;
	}
	set_desc(0, 0, ram_end, 64, 0, 0);            /* just past RAM */
	expect_returned(&d, "buffer past RAM", 0);
	set_desc(1, 0, ram_end - 16, 64, 0, 0);       /* runs off the end */
	expect_returned(&d, "buffer across the end of RAM", 1);
	set_desc(2, 0xffffffffu, 0xfffff000u, 0x2000, 0, 0); /* wraps 2^64 */
	expect_returned(&d, "buffer wrapping 2^64", 2);
	set_desc(3, 0, 0x1c090000u, 64, 0, 0);        /* the UART */
	expect_returned(&d, "buffer on a device", 3);
	check_running(&d);
	tk_report(&d);

	tk_begin("virtio_desc_loop");
	tk_diag_init(&d);
	set_desc(0, 0, (uint32_t)frame, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, 0, (uint32_t)frame, 16, VIRTQ_DESC_F_NEXT, 0);
	expect_returned(&d, "chain 0 -> 1 -> 0", 0);
	set_desc(2, 0, (uint32_t)frame, 16, VIRTQ_DESC_F_NEXT, 2);
	expect_returned(&d, "chain 2 -> 2", 2);
	set_desc(3, 0, (uint32_t)frame, 16, VIRTQ_DESC_F_NEXT, 200);
	expect_returned(&d, "next out of the table", 3);
	check_running(&d);
	tk_report(&d);

	tk_begin("virtio_desc_huge_length");
	tk_diag_init(&d);
	set_desc(0, 0, (uint32_t)frame, 0xffffffffu, 0, 0);
	expect_returned(&d, "length 0xffffffff", 0);
	set_desc(1, 0, (uint32_t)guest_plat.mem[0].base,
		 (uint32_t)guest_plat.mem[0].size, 0, 0); /* all RAM: too big */
	expect_returned(&d, "all of RAM", 1);
	set_desc(2, 0, (uint32_t)frame, 16, VIRTQ_DESC_F_WRITE,
		 0); /* device-writable */
	expect_returned(&d, "a writable transmit buffer", 2);
	check_running(&d);
	tk_report(&d);

	tk_begin("virtio_avail_index_jump");
	tk_diag_init(&d);
	q[1].avail.idx = (uint16_t)(avail_idx[1] + 1000);
	guest_dsb();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET))
		tk_diag_add(&d, "status 0x%x: no NEEDS_RESET",
			    (unsigned)rd(VIRTIO_MMIO_STATUS));
	wr(VIRTIO_MMIO_STATUS, 0);
	if (!bring_up())
		tk_diag_add(&d, "cannot set the queues up again after a reset");
	else
		check_running(&d);
	wr(VIRTIO_MMIO_STATUS, 0);
	tk_report(&d);
}
