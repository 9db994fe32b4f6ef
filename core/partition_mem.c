/* A partition's memory and stage 2 (core/include/core/partition_mem.h). */
#include <arch/cache.h>
#include <arch/cpu.h>
#include <arch/hyp_mmu.h>
#include <arch/stage2.h>
#include <arch/zero.h>
#include <core/console.h>
#include <core/page_alloc.h>
#include <core/partition.h>
#include <core/partition_mem.h>
#include <stdio.h>

#define SZ_4K 0x1000u
#define SZ_2M 0x200000u

/* The region holding guest range [ipa, ipa+size), or -1. */
static int region_of(const struct partition *p, uint64_t ipa, uint64_t size)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		const struct cfg_mem *m = &p->cfg->mem[i];

		if (ipa >= m->guest && ipa + size <= m->guest + m->size)
			return (int)i;
	}
	return -1;
}

/*
 * The first touch of block `blk` (its guest address): zero it, clean it
 * to the point of coherency (the guest may run with its caches off), and
 * only then make its stage-2 block valid and drop its bit, so that
 * whoever sees either sees zeroes. Another CPU may have filled it since
 * the caller looked: the bit is tested again under the lock.
 */
static void fill_block(struct partition *p, unsigned region, uint64_t blk)
{
	const struct cfg_mem *m = &p->cfg->mem[region];

	spin_lock(&p->fill_lock);
	if (defer_test(&p->deferred, blk)) {
		void *host = (void *)(uintptr_t)(p->host_mem[region] +
						 (blk - m->guest));

		zero_range(host, DEFER_BLOCK_SIZE);
		dcache_clean_range(host, DEFER_BLOCK_SIZE);
		dsb_ish(); /* zeroes in RAM before the walker can see the block */
		stage2_block_show(&p->s2, blk);
		dsb_ish(); /* the descriptor visible to every walker (B3.10.1) */
		defer_clear(&p->deferred, blk);
	}
	spin_unlock(&p->fill_lock);
}

static void fill_range(struct partition *p, unsigned region, uint64_t ipa,
		       uint64_t size)
{
	uint64_t blk = ipa & ~(DEFER_BLOCK_SIZE - 1);

	for (; blk < ipa + size; blk += DEFER_BLOCK_SIZE)
		if (defer_test(&p->deferred, blk))
			fill_block(p, region, blk);
	dmb(); /* a clear bit seen: its zeroes are seen after it */
}

bool partition_fill(struct partition *p, uint64_t ipa, uint64_t size)
{
	int i = region_of(p, ipa, size);

	if (i < 0)
		return false;
	fill_range(p, (unsigned)i, ipa, size);
	return true;
}

bool partition_fill_fault(struct partition *p, uint64_t ipa)
{
	lpae_t d;
	int i;

	if (defer_test(&p->deferred, ipa)) {
		i = region_of(p, ipa, 1);
		if (i < 0)
			return false;
		fill_block(p, (unsigned)i, ipa & ~(DEFER_BLOCK_SIZE - 1));
		return true;
	}
	/* Two vCPUs faulted on one block: the other one filled it. */
	return region_of(p, ipa, 1) >= 0 && lpae_lookup(&p->s2, ipa, &d);
}

unsigned partition_defer(struct partition *p, unsigned region,
			  const struct mem_range *holes, unsigned nr_holes)
{
	const struct cfg_mem *m = &p->cfg->mem[region];
	uint64_t end = m->guest + m->size, blk;
	unsigned n = 0;

	/* What the last load deferred goes back to stage 2, then re-planned. */
	for (blk = m->guest & ~(DEFER_BLOCK_SIZE - 1); blk < end;
	     blk += DEFER_BLOCK_SIZE)
		if (defer_test(&p->deferred, blk)) {
			stage2_block_show(&p->s2, blk);
			defer_clear(&p->deferred, blk);
		}
	if (m->fixed)
		return 0;
	defer_plan(&p->deferred, m->guest, m->size, holes, nr_holes);
	for (blk = m->guest & ~(DEFER_BLOCK_SIZE - 1); blk < end;
	     blk += DEFER_BLOCK_SIZE) {
		if (!defer_test(&p->deferred, blk))
			continue;
		if (stage2_block_hide(&p->s2, blk))
			defer_clear(&p->deferred, blk); /* pages or 1 GB: now */
		else
			n++;
	}
	return n;
}

void *partition_ipa_to_host(struct partition *p, uint64_t ipa, uint64_t size)
{
	int i = region_of(p, ipa, size);

	if (i < 0)
		return NULL;
	fill_range(p, (unsigned)i, ipa, size);
	return (void *)(uintptr_t)(p->host_mem[i] +
				   (ipa - p->cfg->mem[i].guest));
}

bool partition_ipa_is_ram(const struct partition *p, uint64_t ipa,
			  uint64_t size)
{
	return region_of(p, ipa, size) >= 0;
}

const void *partition_host_ram(struct partition *p, uint64_t pa, uint32_t len)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		uint64_t base = p->host_mem[i], size = p->cfg->mem[i].size;

		if (pa >= base && pa + len <= base + size) {
			fill_range(p, i, p->cfg->mem[i].guest + (pa - base),
				   len);
			return (const void *)(uintptr_t)pa;
		}
	}
	return NULL;
}

/* Stage-2 maps; 0, or -1 with a message naming `what` in err. */
static int s2_map(struct partition *p, uint64_t ipa, uint64_t pa,
		  uint64_t size, enum s2_kind kind, const char *what,
		  char *err, size_t errlen)
{
	char b1[HEX64_LEN], b2[HEX64_LEN];
	int rc = stage2_map(&p->s2, ipa, pa, size, kind);

	if (rc)
		snprintf(err, errlen,
			 "stage 2 cannot map %s at %s (host %s): %s%s", what,
			 hex64(b1, ipa), hex64(b2, pa), lpae_strerror(rc),
			 rc == LPAE_ENOMEM ? " (raise STAGE2_POOL_PAGES)" : "");
	return rc ? -1 : 0;
}

int partition_map(struct partition *p, uint64_t ipa, uint64_t pa,
		  uint64_t size, enum s2_kind kind, const char *what)
{
	char err[160];

	if (!s2_map(p, ipa, pa, size, kind, what, err, sizeof(err)))
		return 0;
	hyp_log("partition %s: %s", p->cfg->name, err);
	return -1;
}

static int setup_stage2(struct partition *p, char *err, size_t errlen)
{
	uint64_t pool = palloc_alloc(STAGE2_POOL_PAGES * SZ_4K, SZ_4K);

	if (!pool) {
		snprintf(err, errlen, "no free RAM for its stage-2 tables");
		return -1;
	}
	hyp_mmu_map(pool, STAGE2_POOL_PAGES * SZ_4K, HYP_MAP_RW,
		    "stage-2 tables");
	if (stage2_init(&p->s2, &p->s2_pool, pool, STAGE2_POOL_PAGES)) {
		snprintf(err, errlen, "no stage-2 root table");
		return -1;
	}
	return 0;
}

static int setup_memory(struct partition *p, char *err, size_t errlen)
{
	const struct cfg_partition *c = p->cfg;
	char b1[HEX64_LEN], b2[HEX64_LEN], b3[HEX64_LEN];

	for (unsigned i = 0; i < c->nr_mem; i++) {
		const struct cfg_mem *m = &c->mem[i];
		uint64_t host_addr = m->host;

		if (!m->fixed) {
			/*
			 * config_check() counted free RAM; this can still
			 * fail when it is too fragmented for the region.
			 */
			host_addr = palloc_alloc(m->size,
						 m->size >= SZ_2M ? SZ_2M : SZ_4K);
			if (!host_addr) {
				snprintf(err, errlen,
					 "no free RAM for its %lu MiB region "
					 "at %s (%lu MiB free in all)",
					 (unsigned long)(m->size >> 20),
					 hex64(b1, m->guest),
					 (unsigned long)(palloc_free_bytes() >>
							 20));
				return -1;
			}
		}
		p->host_mem[i] = host_addr;
		hyp_log("partition %s: guest memory %s-%s at host %s", c->name,
			hex64(b1, m->guest), hex64(b2, m->guest + m->size - 1),
			hex64(b3, host_addr));
		hyp_mmu_map(host_addr, m->size, HYP_MAP_RW, "partition memory");
		if (s2_map(p, m->guest, host_addr, m->size, S2_RAM, "memory",
			   err, errlen))
			return -1;
	}
	return 0;
}

/*
 * Passthrough devices appear at their host addresses, by whole pages, as
 * config_check() compares them (no page twice, none of RAM).
 */
static int setup_passthrough(struct partition *p, char *err, size_t errlen)
{
	const struct cfg_partition *c = p->cfg;

	for (unsigned d = 0; d < c->nr_devices; d++)
		for (unsigned r = 0; r < c->devices[d].nr_regs; r++) {
			const struct mem_range *reg = &c->devices[d].regs[r];
			uint64_t base = reg->base & ~(uint64_t)(SZ_4K - 1);
			uint64_t end = (reg->base + reg->size + SZ_4K - 1) &
				       ~(uint64_t)(SZ_4K - 1);

			/* Rejected by config_resolve(): it would map a page
			 * the host tree does not give the device. */
			if (!reg->size) {
				snprintf(err, errlen,
					 "device %s has an empty \"reg\"",
					 c->devices[d].host_path);
				return -1;
			}
			if (s2_map(p, base, base, end - base, S2_DEVICE,
				   c->devices[d].host_path, err, errlen))
				return -1;
		}
	return 0;
}

int partition_mem_setup(struct partition *p, char *err, size_t errlen)
{
	if (setup_stage2(p, err, errlen) || setup_memory(p, err, errlen) ||
	    setup_passthrough(p, err, errlen))
		return -1;
	return 0;
}
