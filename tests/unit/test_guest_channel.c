/*
 * Host unit tests for the guests' channel library (guests/lib/channel.c,
 * docs/channels.md): both endpoints opened from device trees shaped like
 * the hypervisor's binding, over memory mapped at a fixed 32-bit address
 * (the binding's cells are 32-bit), in one process.
 */
/* links: guests/lib/src/channel.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libfdt.h>
#include <string.h>
#include <sys/mman.h>

#include "../../guests/lib/include/guest/channel.h"

#define BASE 0x30000000u
#define SIZE 0x2000u /* two slices of 0x1000: rings of 2 KB */
#define DOORBELL (BASE + SIZE)

static char fdt_a[2048], fdt_b[2048];
static struct chan a, b;
static char why[128];

/* A guest tree with one channel endpoint, as core/guest_dt.c writes it. */
static void make_tree(char *buf, unsigned ep, const char *acc0,
		      const char *acc1)
{
	fdt32_t reg[4] = {cpu_to_fdt32(BASE), cpu_to_fdt32(SIZE),
			  cpu_to_fdt32(DOORBELL), cpu_to_fdt32(0x1000)};
	fdt32_t irq[3] = {0, cpu_to_fdt32(32 + ep), cpu_to_fdt32(1)};
	char access[8];
	size_t l0 = strlen(acc0) + 1;

	memcpy(access, acc0, l0);
	memcpy(access + l0, acc1, strlen(acc1) + 1);
	assert_int_equal(fdt_create(buf, 2048), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_begin_node(buf, "channel@30000000"), 0);
	assert_int_equal(fdt_property_string(buf, "compatible",
					     "tessera,channel"), 0);
	assert_int_equal(fdt_property(buf, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(fdt_property(buf, "interrupts", irq, sizeof(irq)), 0);
	assert_int_equal(fdt_property_string(buf, "label", "test"), 0);
	assert_int_equal(fdt_property_u32(buf, "tessera,channel-id", 5), 0);
	assert_int_equal(fdt_property_u32(buf, "tessera,endpoint", ep), 0);
	assert_int_equal(fdt_property(buf, "tessera,endpoint-access", access,
				      (int)(l0 + strlen(acc1) + 1)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
}

static void open_pair(const char *acc0, const char *acc1)
{
	make_tree(fdt_a, 0, acc0, acc1);
	make_tree(fdt_b, 1, acc0, acc1);
	assert_int_equal(chan_open(&a, fdt_a, "test", why, sizeof(why)), 0);
	assert_int_equal(chan_open(&b, fdt_b, "test", why, sizeof(why)), 0);
}

static int setup(void **state)
{
	(void)state;
	memset((void *)(uintptr_t)BASE, 0, SIZE + 0x1000);
	return 0;
}

static int setup_group(void **state)
{
	void *m = mmap((void *)(uintptr_t)BASE, SIZE + 0x1000,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	(void)state;
	return m == (void *)(uintptr_t)BASE ? 0 : -1;
}

static void open_reads_the_binding(void **state)
{
	(void)state;
	open_pair("rw", "ro");
	assert_string_equal(b.name, "test");
	assert_int_equal(b.base, BASE);
	assert_int_equal(b.size, SIZE);
	assert_int_equal(b.doorbell, DOORBELL);
	assert_int_equal(b.id, 5);
	assert_int_equal(b.ep, 1);
	assert_int_equal(b.nr_ep, 2);
	assert_int_equal(b.intid, 65);
	assert_false(b.ro[0]);
	assert_true(b.ro[1]);
	/* one writer: its ring takes the whole memory */
	assert_int_equal(a.ring[0].hdr, BASE);
	assert_int_equal(a.ring[0].cap, 0x1000);
	assert_false(a.ring[0].acked);
	assert_int_equal(b.ring[1].hdr, 0);
	assert_int_equal(chan_open(&a, fdt_a, "nope", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "nope"));
}

/* Two rw endpoints: a slice each, acknowledged, wrapping many times. */
static void acked_ring_round_trips_and_wraps(void **state)
{
	uint8_t out[200], in[200];

	(void)state;
	open_pair("rw", "rw");
	assert_true(a.ring[0].acked);
	assert_int_equal(a.ring[0].hdr, BASE);
	assert_int_equal(b.ring[1].hdr, BASE + 0x1000);
	assert_int_equal(a.ring[0].cap, 0x800); /* 0x1000 - header, pow2 */
	assert_false(chan_pending(&b));
	for (unsigned i = 0; i < 500; i++) {
		unsigned len = 1 + (i * 37) % sizeof(out);
		unsigned from = 9;

		for (unsigned k = 0; k < len; k++)
			out[k] = (uint8_t)(i + k);
		assert_int_equal(chan_send(&a, out, len), CHAN_OK);
		assert_true(chan_pending(&b));
		memset(in, 0, sizeof(in));
		assert_int_equal(chan_recv(&b, in, sizeof(in), &from),
				 (int)len);
		assert_int_equal(from, 0);
		assert_memory_equal(in, out, len);
		assert_false(chan_pending(&b));
	}
	/* and the other way */
	assert_int_equal(chan_send(&b, "back", 4), CHAN_OK);
	assert_int_equal(chan_recv(&a, in, sizeof(in), NULL), 4);
	assert_memory_equal(in, "back", 4);
}

static void acked_ring_fills_up_and_frees(void **state)
{
	uint8_t rec[100] = {1}, in[100];
	unsigned n = 0;

	(void)state;
	open_pair("rw", "rw");
	while (chan_send(&a, rec, sizeof(rec)) == CHAN_OK)
		n++;
	/* 104 bytes per record in 2 KB */
	assert_int_equal(n, 0x800 / 104);
	assert_int_equal(chan_send(&a, rec, sizeof(rec)), CHAN_FULL);
	assert_int_equal(chan_recv(&b, in, sizeof(in), NULL), 100);
	assert_int_equal(chan_send(&a, rec, sizeof(rec)), CHAN_OK);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(chan_recv(&b, in, sizeof(in), NULL), 100);
	assert_int_equal(chan_recv(&b, in, sizeof(in), NULL), CHAN_EMPTY);
}

static void sizes_are_checked(void **state)
{
	uint8_t big[0x800] = {0}, small[8];

	(void)state;
	open_pair("rw", "rw");
	assert_int_equal(chan_max_record(&a), 0x800 / 2 - 4);
	assert_int_equal(chan_send(&a, big, 0), CHAN_TOO_BIG);
	assert_int_equal(chan_send(&a, big, chan_max_record(&a) + 1),
			 CHAN_TOO_BIG);
	assert_int_equal(chan_send(&a, big, chan_max_record(&a)), CHAN_OK);
	/* a record larger than the reader's buffer is dropped, not split */
	assert_int_equal(chan_send(&a, big, 20), CHAN_OK);
	assert_int_equal(chan_recv(&b, small, sizeof(small), NULL),
			 CHAN_TOO_BIG);
	assert_int_equal(chan_recv(&b, small, sizeof(small), NULL),
			 CHAN_TOO_BIG);
	assert_int_equal(chan_recv(&b, small, sizeof(small), NULL),
			 CHAN_EMPTY);
}

/* A read-only consumer never holds the producer back; it counts losses. */
static void lossy_ring_skips_what_was_overwritten(void **state)
{
	uint32_t seq, got = 0;

	(void)state;
	open_pair("rw", "ro");
	assert_int_equal(chan_send(&b, "x", 1), CHAN_READ_ONLY);
	for (seq = 0; seq < 300; seq++) /* 8 bytes each: 2400 > 4 KB / 2 */
		assert_int_equal(chan_send(&a, &seq, 4), CHAN_OK);
	assert_int_equal(chan_recv(&b, &got, 4, NULL), CHAN_EMPTY);
	assert_int_equal(b.ring[0].lost, 1);
	/* from the newest on, nothing is lost */
	for (seq = 1000; seq < 1100; seq++) {
		assert_int_equal(chan_send(&a, &seq, 4), CHAN_OK);
		assert_int_equal(chan_recv(&b, &got, 4, NULL), 4);
		assert_int_equal(got, seq);
	}
	assert_int_equal(b.ring[0].lost, 1);
}

/* Restarts: a producer keeps its ring, a lossy consumer starts at now. */
static void reopening_keeps_the_ring(void **state)
{
	uint32_t v = 7, got = 0;

	(void)state;
	open_pair("rw", "ro");
	assert_int_equal(chan_send(&a, &v, 4), CHAN_OK);
	assert_int_equal(chan_open(&a, fdt_a, NULL, why, sizeof(why)), 0);
	v = 8;
	assert_int_equal(chan_send(&a, &v, 4), CHAN_OK);
	assert_int_equal(chan_recv(&b, &got, 4, NULL), 4);
	assert_int_equal(got, 7);
	assert_int_equal(chan_recv(&b, &got, 4, NULL), 4);
	assert_int_equal(got, 8);
	/* the consumer restarts: what was sent before is behind it */
	assert_int_equal(chan_send(&a, &v, 4), CHAN_OK);
	assert_int_equal(chan_open(&b, fdt_b, NULL, why, sizeof(why)), 0);
	assert_int_equal(chan_recv(&b, &got, 4, NULL), CHAN_EMPTY);
	assert_int_equal(b.ring[0].lost, 0);
}

static void consumer_before_producer_waits(void **state)
{
	uint8_t in[8];

	(void)state;
	make_tree(fdt_b, 1, "rw", "rw");
	assert_int_equal(chan_open(&b, fdt_b, "test", why, sizeof(why)), 0);
	assert_int_equal(chan_recv_from(&b, 0, in, sizeof(in)),
			 CHAN_NOT_READY);
	assert_int_equal(chan_recv(&b, in, sizeof(in), NULL), CHAN_EMPTY);
	make_tree(fdt_a, 0, "rw", "rw");
	assert_int_equal(chan_open(&a, fdt_a, "test", why, sizeof(why)), 0);
	assert_int_equal(chan_send(&a, "hi", 2), CHAN_OK);
	assert_int_equal(chan_recv(&b, in, sizeof(in), NULL), 2);
}

static void ring_writes_the_doorbell(void **state)
{
	(void)state;
	open_pair("rw", "rw");
	chan_ring(&a);
	assert_int_equal(*(volatile uint32_t *)(uintptr_t)DOORBELL, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(open_reads_the_binding, setup),
		cmocka_unit_test_setup(acked_ring_round_trips_and_wraps, setup),
		cmocka_unit_test_setup(acked_ring_fills_up_and_frees, setup),
		cmocka_unit_test_setup(sizes_are_checked, setup),
		cmocka_unit_test_setup(lossy_ring_skips_what_was_overwritten,
				       setup),
		cmocka_unit_test_setup(reopening_keeps_the_ring, setup),
		cmocka_unit_test_setup(consumer_before_producer_waits, setup),
		cmocka_unit_test_setup(ring_writes_the_doorbell, setup),
	};

	return cmocka_run_group_tests_name("guest_channel", tests,
					   setup_group, NULL);
}
