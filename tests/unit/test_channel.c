/*
 * Host unit tests for channel doorbells (core/channel.c): the doorbell
 * page's registers, ringing every peer but the ringer, and the hypercall's
 * refusal of a channel the caller is not on.
 */
/* links: core/channel.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/channel.h>
#include <string.h>

static struct cfg_channel ch = {
	.name = "trio",
	.index = 3,
	.size = 0x4000,
	.nr_endpoints = 3,
};
static unsigned rung[MAX_CHANNEL_ENDPOINTS];

static void fake_ring(const struct cfg_channel *c, unsigned ep)
{
	assert_ptr_equal(c, &ch);
	rung[ep]++;
}

static int setup(void **state)
{
	(void)state;
	memset(rung, 0, sizeof(rung));
	channel_ring_peer = fake_ring;
	return 0;
}

static int access(struct channel_end *end, uint32_t offset, unsigned size,
		  bool write, uint32_t *data)
{
	struct mmio_access a = {
		.offset = offset, .size = size, .write = write,
		.data = write ? *data : 0xdeadbeef,
	};
	int rc = channel_doorbell_access(end, &a);

	if (!write)
		*data = a.data;
	return rc;
}

static void doorbell_rings_every_peer_but_itself(void **state)
{
	struct channel_end end = {.ch = &ch, .ep = 1};
	uint32_t v = 0;

	(void)state;
	assert_int_equal(access(&end, CHAN_DOORBELL, 4, true, &v), MMIO_OK);
	assert_int_equal(rung[0], 1);
	assert_int_equal(rung[1], 0);
	assert_int_equal(rung[2], 1);
	/* each write is one ring: the vGIC coalesces, not the doorbell */
	assert_int_equal(access(&end, CHAN_DOORBELL, 4, true, &v), MMIO_OK);
	assert_int_equal(rung[0], 2);
}

static void registers_describe_the_endpoint(void **state)
{
	struct channel_end end = {.ch = &ch, .ep = 2};
	uint32_t v;

	(void)state;
	assert_int_equal(access(&end, CHAN_ENDPOINT, 4, false, &v), MMIO_OK);
	assert_int_equal(v, 2);
	access(&end, CHAN_ENDPOINTS, 4, false, &v);
	assert_int_equal(v, 3);
	access(&end, CHAN_ID, 4, false, &v);
	assert_int_equal(v, 3);
	access(&end, CHAN_SIZE, 4, false, &v);
	assert_int_equal(v, 0x4000);
	access(&end, CHAN_DOORBELL, 4, false, &v);
	assert_int_equal(v, 0);
	access(&end, 0xffc, 4, false, &v);
	assert_int_equal(v, 0);
	/* writes elsewhere ring nobody */
	v = 1;
	assert_int_equal(access(&end, CHAN_ENDPOINT, 4, true, &v), MMIO_OK);
	assert_int_equal(rung[0] + rung[1] + rung[2], 0);
}

static void sub_word_accesses_abort(void **state)
{
	struct channel_end end = {.ch = &ch, .ep = 0};
	uint32_t v = 1;

	(void)state;
	assert_int_equal(access(&end, CHAN_DOORBELL, 1, true, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(access(&end, CHAN_ENDPOINT, 2, false, &v),
			 MMIO_DEVICE_ERROR);
	assert_int_equal(rung[1] + rung[2], 0);
}

static void hypercall_rings_from_the_callers_endpoint(void **state)
{
	struct cfg_partition p = {.nr_channels = 1,
				  .channels = {{.ch = &ch, .ep = 0}}};

	(void)state;
	assert_int_equal(channel_ring_from(&p, 3), 0);
	assert_int_equal(rung[0], 0);
	assert_int_equal(rung[1], 1);
	assert_int_equal(rung[2], 1);
	/* a channel it is not on */
	assert_int_equal(channel_ring_from(&p, 0), -1);
	assert_int_equal(rung[1], 1);
}

static void no_ring_hook_is_harmless(void **state)
{
	struct channel_end end = {.ch = &ch, .ep = 0};
	uint32_t v = 1;

	(void)state;
	channel_ring_peer = NULL;
	assert_int_equal(access(&end, CHAN_DOORBELL, 4, true, &v), MMIO_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(doorbell_rings_every_peer_but_itself,
				       setup),
		cmocka_unit_test_setup(registers_describe_the_endpoint, setup),
		cmocka_unit_test_setup(sub_word_accesses_abort, setup),
		cmocka_unit_test_setup(
			hypercall_rings_from_the_callers_endpoint, setup),
		cmocka_unit_test_setup(no_ring_hook_is_harmless, setup),
	};

	return cmocka_run_group_tests_name("channel", tests, NULL, NULL);
}
