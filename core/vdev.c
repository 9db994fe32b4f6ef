/* A partition's list of virtual devices (core/include/core/vdev.h). */
#include <core/partition.h>
#include <core/vdev.h>

int vdev_attach(struct partition *p, const char *name, uint64_t base,
		uint64_t size, mmio_fn access, void *dev,
		void (*reset)(struct partition *))
{
	struct vdev_list *l = &p->vdevs;
	int rc;

	if (l->nr >= MAX_VDEVS)
		return VDEV_FULL;
	if (size) {
		rc = mmio_register(&p->mmio, base, size, access, dev, name);
		if (rc)
			return rc;
	}
	l->d[l->nr].name = name;
	l->d[l->nr].reset = reset;
	l->nr++;
	return 0;
}

void vdev_reset_all(struct partition *p)
{
	for (unsigned i = 0; i < p->vdevs.nr; i++)
		if (p->vdevs.d[i].reset)
			p->vdevs.d[i].reset(p);
}

const char *vdev_strerror(int rc)
{
	switch (rc) {
	case 0:
		return "attached";
	case VDEV_FULL:
		return "too many devices (MAX_VDEVS)";
	case VDEV_NO_MAP:
		return "a stage-2 mapping it needs did not fit";
	case MMIO_REG_OVERLAP:
		return "its MMIO range overlaps another device's";
	case MMIO_REG_FULL:
		return "too many MMIO ranges (MAX_MMIO_REGIONS)";
	case MMIO_REG_EMPTY:
		return "its MMIO range is empty or wraps";
	default:
		return "unknown error";
	}
}
