/*
 * Host unit tests for split virtqueues (core/virtq.c) and the virtio-mmio
 * transport (core/virtio_mmio.c), against a fake partition memory: 64 KB
 * of "RAM" at guest address 0x80000000, nothing else.
 */
/* links: core/virtq.c core/virtio_mmio.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/virtio_mmio.h>
#include <core/virtq.h>
#include <string.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000ull
#define NUM 8u
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x4000)

static uint8_t ram[RAM_SIZE] __attribute__((aligned(16)));

static void *fake_to_host(void *ctx, uint64_t ipa, uint64_t size)
{
	(void)ctx;
	if (ipa + size < ipa || ipa < RAM_BASE ||
	    ipa + size > RAM_BASE + RAM_SIZE)
		return NULL;
	return ram + (ipa - RAM_BASE);
}

static const struct virtq_mem mem = {fake_to_host, NULL};
static struct virtq q;

static struct virtq_desc *desc(unsigned i)
{
	return (struct virtq_desc *)(ram + (DESC - RAM_BASE)) + i;
}

static uint16_t *avail(void)
{
	return (uint16_t *)(ram + (AVAIL - RAM_BASE));
}

static uint32_t *used(void)
{
	return (uint32_t *)(ram + (USED - RAM_BASE));
}

static void set_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	struct virtq_desc d = {addr, len, flags, next};

	memcpy(desc(i), &d, sizeof(d));
}

/* The driver makes chain head available. */
static void post(uint16_t head)
{
	uint16_t idx = avail()[1];

	avail()[2 + idx % NUM] = head;
	avail()[1] = (uint16_t)(idx + 1);
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	virtq_reset(&q, NUM);
	q.desc = DESC;
	q.avail = AVAIL;
	q.used = USED;
	assert_int_equal(virtq_enable(&q, NUM, &mem), VIRTQ_OK);
	return 0;
}

static void test_empty(void **state)
{
	struct virtq_chain c;

	(void)state;
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_EMPTY);
}

static void test_good_chain_and_push(void **state)
{
	struct virtq_chain c;

	(void)state;
	set_desc(3, BUF, 12, VIRTQ_DESC_F_NEXT, 5);
	set_desc(5, BUF + 0x100, 100, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, BUF + 0x800, 1500, VIRTQ_DESC_F_WRITE, 0);
	post(3);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_OK);
	assert_int_equal(c.head, 3);
	assert_int_equal(c.nr_read, 2);
	assert_int_equal(c.nr_write, 1);
	assert_int_equal(c.read_bytes, 112);
	assert_int_equal(c.write_bytes, 1500);
	assert_ptr_equal(c.seg[1].host, ram + 0x4100);
	assert_ptr_equal(c.seg[2].host, ram + 0x4800);
	virtq_push(&q, c.head, 42);
	assert_int_equal(used()[0] >> 16, 1); /* used idx */
	assert_int_equal(used()[1], 3);       /* elem id */
	assert_int_equal(used()[2], 42);      /* elem len */
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_EMPTY);
}

static void test_buffer_outside_ram(void **state)
{
	struct virtq_chain c;

	(void)state;
	set_desc(0, RAM_BASE + RAM_SIZE - 8, 16, 0, 0); /* crosses the end */
	post(0);
	set_desc(1, 0x1c090000, 4, 0, 0);               /* a device */
	post(1);
	set_desc(2, 0xfffffffffffffff0ull, 0x20, 0, 0); /* wraps */
	post(2);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
		assert_int_equal(c.head, i);
	}
}

static void test_loop_is_bounded(void **state)
{
	struct virtq_chain c;

	(void)state;
	set_desc(0, BUF, 1, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, BUF, 1, VIRTQ_DESC_F_NEXT, 0);
	post(0);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	set_desc(2, BUF, 1, VIRTQ_DESC_F_NEXT, 2); /* onto itself */
	post(2);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
}

static void test_huge_and_bad_chains(void **state)
{
	struct virtq_chain c;

	(void)state;
	set_desc(0, BUF, 0xffffffffu, 0, 0); /* huge */
	post(0);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	/* Two halves each within the bound, together over it. */
	set_desc(1, BUF, 1500, VIRTQ_DESC_F_NEXT, 2);
	set_desc(2, BUF, 1500, 0, 0);
	post(1);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	set_desc(3, BUF, 10, VIRTQ_DESC_F_NEXT, 99); /* next out of table */
	post(3);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	set_desc(4, BUF, 16, VIRTQ_DESC_F_INDIRECT, 0);
	post(4);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	/* readable after writable */
	set_desc(5, BUF, 10, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 6);
	set_desc(6, BUF, 10, 0, 0);
	post(5);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_CHAIN);
	/* the queue still works */
	set_desc(7, BUF, 10, 0, 0);
	post(7);
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_OK);
}

static void test_bad_ring_state(void **state)
{
	struct virtq_chain c;

	(void)state;
	avail()[1] = NUM + 1; /* more than a ring ahead */
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_RING);
	avail()[1] = 1;
	avail()[2] = NUM; /* head out of the table */
	assert_int_equal(virtq_pop(&q, &mem, 2000, &c), VIRTQ_E_RING);
}

static void test_enable_checks_rings(void **state)
{
	struct virtq r;

	(void)state;
	virtq_reset(&r, NUM);
	r.desc = DESC, r.avail = AVAIL, r.used = USED;
	r.num = 6; /* not a power of 2 */
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_E_RING);
	r.num = 16; /* over the maximum */
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_E_RING);
	r.num = NUM;
	r.desc = DESC + 8; /* misaligned */
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_E_RING);
	r.desc = DESC;
	r.used = 0x1c130000; /* not RAM */
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_E_RING);
	r.used = RAM_BASE + RAM_SIZE - 8; /* runs past the end */
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_E_RING);
	assert_false(r.ready);
	r.used = USED;
	assert_int_equal(virtq_enable(&r, NUM, &mem), VIRTQ_OK);
	assert_true(r.ready);
}

/* ------------------------------------------------------------ transport */

static struct virtio_mmio t;
static unsigned notified, irq_locks;
static bool line;

static void t_notify(struct virtio_mmio *tt, unsigned qi)
{
	(void)tt;
	notified |= 1u << qi;
}

static uint32_t t_config(struct virtio_mmio *tt, uint32_t off, unsigned size)
{
	(void)tt;
	(void)size;
	return 0xa0 + off;
}

static void t_lock(struct virtio_mmio *tt)
{
	(void)tt;
	irq_locks++;
}

static void t_unlock(struct virtio_mmio *tt)
{
	(void)tt;
}

static void t_irq(struct virtio_mmio *tt, bool level)
{
	(void)tt;
	line = level;
}

static const struct virtio_mmio_ops ops = {t_notify, t_config, t_lock,
					   t_unlock, t_irq};

static uint32_t rd(uint32_t off, unsigned size)
{
	struct mmio_access a = {.offset = off, .size = size};

	assert_int_equal(virtio_mmio_access(&t, &a), MMIO_OK);
	return a.data;
}

static void wr(uint32_t off, uint32_t v)
{
	struct mmio_access a = {.offset = off, .size = 4, .write = true,
				.data = v};

	assert_int_equal(virtio_mmio_access(&t, &a), MMIO_OK);
}

static int t_setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	memset(&t, 0, sizeof(t));
	t.device_id = 1;
	t.device_features = (1ull << VIRTIO_F_VERSION_1) | (1u << 5);
	t.config_size = 8;
	t.nr_queues = 2;
	t.queue_max[0] = t.queue_max[1] = NUM;
	t.ops = &ops;
	t.mem = mem;
	notified = 0;
	line = false;
	virtio_mmio_reset(&t);
	return 0;
}

static void negotiate(uint64_t features)
{
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
				       VIRTIO_STATUS_DRIVER |
				       VIRTIO_STATUS_FEATURES_OK);
}

static void set_queue(unsigned qi, uint64_t d, uint64_t a, uint64_t u)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, qi);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)d);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(d >> 32));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)a);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(a >> 32));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)u);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(u >> 32));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
}

static void test_identity_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC, 4), 0x74726976);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION, 4), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID, 4), 1);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES, 4), 1);
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4), NUM);
	wr(VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4), 0);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG + 2, 1), 0xa2);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG + 8, 1), 0); /* past it */
}

static void test_features_ok_needs_version_1(void **state)
{
	(void)state;
	negotiate(1u << 5); /* no VERSION_1: refused */
	assert_false(rd(VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_FEATURES_OK);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate((1ull << VIRTIO_F_VERSION_1) | (1u << 7)); /* not offered */
	assert_false(rd(VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_FEATURES_OK);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(1ull << VIRTIO_F_VERSION_1);
	assert_true(rd(VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_FEATURES_OK);
}

static void test_notify_and_interrupt(void **state)
{
	(void)state;
	negotiate(1ull << VIRTIO_F_VERSION_1);
	set_queue(1, DESC, AVAIL, USED);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY, 4), 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(notified, 0); /* not DRIVER_OK yet */
	wr(VIRTIO_MMIO_STATUS, 0xf & ~0u);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(notified, 2);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 7); /* no such queue */
	assert_int_equal(notified, 2);
	virtio_mmio_interrupt(&t, VIRTIO_INT_USED);
	assert_true(line);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), 1);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, 1);
	assert_false(line);
}

static void test_bad_ring_needs_reset(void **state)
{
	(void)state;
	negotiate(1ull << VIRTIO_F_VERSION_1);
	wr(VIRTIO_MMIO_STATUS, 0xf);
	set_queue(0, 0x1000, AVAIL, USED); /* descriptors not in RAM */
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY, 4), 0);
	assert_true(rd(VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_NEEDS_RESET);
	assert_true(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4) & VIRTIO_INT_CONFIG);
	assert_true(line);
	wr(VIRTIO_MMIO_STATUS, 0); /* reset clears all of it */
	assert_int_equal(rd(VIRTIO_MMIO_STATUS, 4), 0);
	assert_false(line);
}

/* A driver resetting its device (probe, shutdown) while frames keep
 * arriving: nothing of the old instance stays visible, the level line
 * included (issue 12's reboot hang was suspected here; it was the guest's). */
static void test_reset_drops_pending_interrupt(void **state)
{
	(void)state;
	negotiate(1ull << VIRTIO_F_VERSION_1);
	set_queue(0, DESC, AVAIL, USED);
	set_queue(1, DESC + 0x100, AVAIL + 0x100, USED + 0x100);
	wr(VIRTIO_MMIO_STATUS, 0xf);
	virtio_mmio_interrupt(&t, VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
	assert_true(line);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_false(line);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), 0);
	for (unsigned qi = 0; qi < 2; qi++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, qi);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY, 4), 0);
	}
	notified = 0;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1); /* not running any more */
	assert_int_equal(notified, 0);
}

static void test_register_access_width(void **state)
{
	struct mmio_access a = {.offset = VIRTIO_MMIO_STATUS, .size = 1};

	(void)state;
	assert_int_equal(virtio_mmio_access(&t, &a), MMIO_DEVICE_ERROR);
	a.size = 4;
	a.offset = VIRTIO_MMIO_STATUS + 2;
	assert_int_equal(virtio_mmio_access(&t, &a), MMIO_DEVICE_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_good_chain_and_push, setup),
		cmocka_unit_test_setup(test_buffer_outside_ram, setup),
		cmocka_unit_test_setup(test_loop_is_bounded, setup),
		cmocka_unit_test_setup(test_huge_and_bad_chains, setup),
		cmocka_unit_test_setup(test_bad_ring_state, setup),
		cmocka_unit_test_setup(test_enable_checks_rings, setup),
		cmocka_unit_test_setup(test_identity_registers, t_setup),
		cmocka_unit_test_setup(test_features_ok_needs_version_1,
				       t_setup),
		cmocka_unit_test_setup(test_notify_and_interrupt, t_setup),
		cmocka_unit_test_setup(test_bad_ring_needs_reset, t_setup),
		cmocka_unit_test_setup(test_reset_drops_pending_interrupt,
				       t_setup),
		cmocka_unit_test_setup(test_register_access_width, t_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
