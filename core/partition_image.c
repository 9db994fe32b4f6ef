/* A partition's images and guest device tree (core/include/core/partition_image.h). */
#include <arch/cache.h>
#include <core/guest_dt.h>
#include <core/partition.h>
#include <core/partition_image.h>
#include <core/partition_mem.h>
#include <core/console.h>
#include <stdio.h>
#include <string.h>

int partition_image_place(struct partition *p, char *err, size_t errlen)
{
	unsigned region;
	uint64_t at;

	/* config_check() rejected every other outcome of the same rule. */
	if (config_guest_dt_place(p->cfg, &at, &region) != CFG_DT_OK) {
		snprintf(err, errlen,
			 "no room for the guest device tree (%u KB) at the "
			 "top of the kernel's memory region",
			 GUEST_DT_MAX / 1024);
		return -1;
	}
	p->dtb_ipa = (uint32_t)at;
	return 0;
}

static int copy_blob(struct partition *p, const struct cfg_blob *b,
		     const char *what, char *err, size_t errlen)
{
	void *dst;
	const void *src = b->data ? b->data : (const void *)(uintptr_t)b->host;

	if (!b->present)
		return 0;
	dst = partition_ipa_to_host(p, b->load, b->size);
	if (!dst) {
		snprintf(err, errlen, "%s does not fit its memory", what);
		return -1;
	}
	memcpy(dst, src, b->size);
	return 0;
}

int partition_image_load(struct partition *p, char *err, size_t errlen)
{
	const struct cfg_partition *c = p->cfg;
	char dt_err[128];
	uint64_t istart = 0, iend = 0;
	void *dt = partition_ipa_to_host(p, p->dtb_ipa, GUEST_DT_MAX);

	for (unsigned i = 0; i < c->nr_mem; i++)
		if (!c->mem[i].fixed)
			memset((void *)(uintptr_t)p->host_mem[i], 0,
			       c->mem[i].size);
	if (copy_blob(p, &c->kernel, "kernel", err, errlen) ||
	    copy_blob(p, &c->initrd, "initrd", err, errlen))
		return -1;
	if (c->initrd.present) {
		istart = c->initrd.load;
		iend = c->initrd.load + c->initrd.size;
	}
	if (!dt || guest_dt_build(dt, GUEST_DT_MAX, c, p->gp, istart, iend,
				  dt_err, sizeof(dt_err))) {
		snprintf(err, errlen, "guest device tree: %s",
			 dt ? dt_err : "outside its memory");
		return -1;
	}
	/* The guest starts with its caches off: everything must be in RAM. */
	for (unsigned i = 0; i < c->nr_mem; i++)
		dcache_clean_range((void *)(uintptr_t)p->host_mem[i],
				   c->mem[i].size);
	icache_inval_all();
	return 0;
}
