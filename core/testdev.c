/*
 * The MMIO test device (register map in core/include/core/testdev.h). Byte
 * and halfword accesses address lanes of the little-endian 32-bit register
 * containing them, as a real 32-bit APB peripheral with byte strobes would.
 */
#include <core/partition.h>
#include <core/testdev.h>
#include <core/vdev.h>
#include <string.h>

void testdev_init(struct testdev *d)
{
	memset(d, 0, sizeof(*d));
}

static uint32_t lane_mask(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

/* Sizes 1, 2, 4 at an offset aligned to the size, inside the block. */
static bool access_ok(const struct mmio_access *a)
{
	if (a->size != 1 && a->size != 2 && a->size != 4)
		return false;
	if (a->offset % a->size)
		return false;
	return a->offset < TESTDEV_SIZE && a->size <= TESTDEV_SIZE - a->offset;
}

static uint32_t reg_read(const struct testdev *d, uint32_t reg)
{
	switch (reg) {
	case TESTDEV_ID:
		return TESTDEV_ID_VALUE;
	case TESTDEV_SCRATCH:
		return d->scratch;
	case TESTDEV_WRITES:
		return d->writes;
	case TESTDEV_LAST_SIZE:
		return d->last_size;
	case TESTDEV_LAST_VALUE:
		return d->last_value;
	case TESTDEV_LAST_OFFSET:
		return d->last_offset;
	case TESTDEV_NEGATIVE:
		return TESTDEV_NEGATIVE_VALUE;
	default:
		return 0;
	}
}

/* Every accepted write is recorded, whatever it hits. */
static void reg_write(struct testdev *d, const struct mmio_access *a)
{
	uint32_t mask = lane_mask(a->size);
	unsigned shift = (a->offset & 3u) * 8;
	uint32_t value = a->data & mask;

	d->writes++;
	d->last_size = a->size;
	d->last_value = value;
	d->last_offset = a->offset;

	if ((a->offset & ~3u) == TESTDEV_SCRATCH)
		d->scratch = (d->scratch & ~(mask << shift)) | (value << shift);
}

int testdev_access(void *dev, struct mmio_access *a)
{
	struct testdev *d = dev;

	if (!access_ok(a))
		return MMIO_DEVICE_ERROR;

	if (a->write) {
		reg_write(d, a);
	} else {
		uint32_t reg = reg_read(d, a->offset & ~3u);

		a->data = (reg >> ((a->offset & 3u) * 8)) & lane_mask(a->size);
	}
	return MMIO_OK;
}

static void testdev_reset(struct partition *p)
{
	testdev_init(&p->testdev);
}

int testdev_attach(struct partition *p)
{
	if (!p->cfg->has_test_device)
		return 0;
	testdev_init(&p->testdev);
	return vdev_attach(p, "test device", p->cfg->test_device, TESTDEV_SIZE,
			   testdev_access, &p->testdev, testdev_reset);
}
