/* A partition's images and guest device tree (core/include/core/partition_image.h). */
#include <arch/cache.h>
#include <arch/zero.h>
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vtimer.h>
#include <core/guest_dt.h>
#include <core/irq.h>
#include <core/mem_defer.h>
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

/*
 * Reloading a partition touches up to its whole RAM (hundreds of MiB) with
 * this CPU's interrupts masked, as the hypervisor always runs. Doing it in
 * chunks, serving this CPU's pending physical interrupts between them
 * (console input for every partition, other partitions' passthrough SPIs
 * routed here, kicks), bounds how long they wait to one chunk: zeroing or
 * copying 1 MiB and cleaning it to the point of coherency.
 */
#define RELOAD_CHUNK 0x100000u

enum chunk_op { CHUNK_ZERO, CHUNK_COPY, CHUNK_CLEAN };

/* The longest stretch without serving interrupts, for the reset's log. */
static uint64_t longest_stretch[MAX_CPUS];

static void by_chunks(enum chunk_op op, uint8_t *dst, const uint8_t *src,
		      uint64_t len, bool serve)
{
	while (len) {
		size_t n = len < RELOAD_CHUNK ? (size_t)len : RELOAD_CHUNK;
		uint64_t t0 = timer_counter(), dt;

		if (op == CHUNK_ZERO)
			zero_range(dst, n); /* wide stores */
		else if (op == CHUNK_COPY)
			memcpy(dst, src, n);
		/* The guest starts with its caches off: all must be in RAM. */
		dcache_clean_range(dst, n);
		dst += n;
		src += n;
		len -= n;
		dt = timer_counter() - t0;
		if (dt > longest_stretch[this_cpu()])
			longest_stretch[this_cpu()] = dt;
		if (serve)
			irq_handle_pending(NULL);
	}
}

static int copy_blob(struct partition *p, const struct cfg_blob *b,
		     const char *what, bool serve, char *err, size_t errlen)
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
	by_chunks(CHUNK_COPY, dst, src, b->size, serve);
	return 0;
}

/*
 * Zeroes region i of p except where the images go (they are copied over
 * next, the device tree's 64 KB written whole) and the 2 MiB blocks left
 * for their first touch (core/include/core/mem_defer.h: zeroed when the
 * guest or the hypervisor first reaches them); a fixed region is not
 * zeroed (the configuration gave it with its contents) but is cleaned, so
 * the next guest, caches off, sees what the last one left in it. Returns
 * how many blocks wait for their first touch.
 */
static unsigned clear_region(struct partition *p, unsigned i, bool serve)
{
	const struct cfg_partition *c = p->cfg;
	const struct cfg_mem *m = &c->mem[i];
	uint8_t *host = (uint8_t *)(uintptr_t)p->host_mem[i];
	const struct mem_range holes[] = {
		{c->kernel.load, c->kernel.present ? c->kernel.size : 0},
		{c->initrd.load, c->initrd.present ? c->initrd.size : 0},
		{p->dtb_ipa, GUEST_DT_MAX},
	};
	uint64_t pos = m->guest, end;
	unsigned deferred = partition_defer(p, i, holes, 3);

	if (m->fixed) {
		by_chunks(CHUNK_CLEAN, host, NULL, m->size, serve);
		return 0;
	}
	while (defer_next_eager(&p->deferred, &pos, m->guest + m->size, holes,
				3, &end)) {
		by_chunks(CHUNK_ZERO, host + (pos - m->guest), NULL, end - pos,
			  serve);
		pos = end;
	}
	return deferred;
}

int partition_image_load(struct partition *p, char *err, size_t errlen)
{
	const struct cfg_partition *c = p->cfg;
	char dt_err[128];
	uint64_t istart = 0, iend = 0;
	void *dt = partition_ipa_to_host(p, p->dtb_ipa, GUEST_DT_MAX);
	/* At boot the CPU interface is not set up yet, and nothing runs. */
	bool serve = p->state == PART_RESETTING;
	uint64_t t0 = timer_counter();
	uint32_t ns_per_tick = 1000000000u / read_cntfrq(); /* ns/tick */
	unsigned deferred = 0;

	longest_stretch[this_cpu()] = 0;
	for (unsigned i = 0; i < c->nr_mem; i++)
		deferred += clear_region(p, i, serve);
	if (copy_blob(p, &c->kernel, "kernel", serve, err, errlen) ||
	    copy_blob(p, &c->initrd, "initrd", serve, err, errlen))
		return -1;
	if (c->initrd.present) {
		istart = c->initrd.load;
		iend = c->initrd.load + c->initrd.size;
	}
	/* The whole 64 KB: the tree, exactly its totalsize, then zeroes. */
	if (!dt || guest_dt_build(dt, GUEST_DT_MAX, c, p->gp, istart, iend,
				  dt_err, sizeof(dt_err))) {
		snprintf(err, errlen, "guest device tree: %s",
			 dt ? dt_err : "outside its memory");
		return -1;
	}
	dcache_clean_range(dt, GUEST_DT_MAX);
	/* Its vCPUs' CPUs too: none may fetch what the memory held before. */
	icache_inval_all_is();
	if (serve)
		hyp_log("partition %s: reloaded in %lu us, longest "
			"stretch without serving interrupts %lu us, "
			"%u MiB left to zero on first touch",
			c->name,
			(unsigned long)((timer_counter() - t0) *
					ns_per_tick / 1000u),
			(unsigned long)(longest_stretch[this_cpu()] *
					ns_per_tick / 1000u),
			deferred << (DEFER_BLOCK_SHIFT - 20));
	return 0;
}
