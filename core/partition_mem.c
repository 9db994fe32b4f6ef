/* A partition's memory and stage 2 (core/include/core/partition_mem.h). */
#include <arch/hyp_mmu.h>
#include <arch/stage2.h>
#include <core/console.h>
#include <core/page_alloc.h>
#include <core/partition.h>
#include <core/partition_mem.h>

#define SZ_4K 0x1000u
#define SZ_2M 0x200000u

void *partition_ipa_to_host(const struct partition *p, uint64_t ipa,
			    uint64_t size)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		const struct cfg_mem *m = &p->cfg->mem[i];

		if (ipa >= m->guest && ipa + size <= m->guest + m->size)
			return (void *)(uintptr_t)(p->host_mem[i] +
						   (ipa - m->guest));
	}
	return NULL;
}

bool partition_ipa_is_ram(const struct partition *p, uint64_t ipa,
			  uint64_t size)
{
	return partition_ipa_to_host(p, ipa, size) != NULL;
}

const void *partition_host_ram(const struct partition *p, uint64_t pa,
			       uint32_t len)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		uint64_t base = p->host_mem[i], size = p->cfg->mem[i].size;

		if (pa >= base && pa + len <= base + size)
			return (const void *)(uintptr_t)pa;
	}
	return NULL;
}

void partition_map(struct partition *p, uint64_t ipa, uint64_t pa,
		   uint64_t size, enum s2_kind kind, const char *what)
{
	char b1[HEX64_LEN], b2[HEX64_LEN];
	int rc = stage2_map(&p->s2, ipa, pa, size, kind);

	if (rc)
		hyp_panic("partition %s: stage 2 cannot map %s at %s (host %s): "
			  "%s%s",
			  p->cfg->name, what, hex64(b1, ipa), hex64(b2, pa),
			  lpae_strerror(rc),
			  rc == LPAE_ENOMEM ? " (raise STAGE2_POOL_PAGES)" : "");
}

static void setup_stage2(struct partition *p)
{
	uint64_t pool = palloc_alloc(STAGE2_POOL_PAGES * SZ_4K, SZ_4K);

	if (!pool)
		hyp_panic("partition %s: no free RAM for its stage-2 tables",
			  p->cfg->name);
	hyp_mmu_map(pool, STAGE2_POOL_PAGES * SZ_4K, HYP_MAP_RW,
		    "stage-2 tables");
	if (stage2_init(&p->s2, &p->s2_pool, pool, STAGE2_POOL_PAGES))
		hyp_panic("partition %s: no stage-2 root table", p->cfg->name);
}

static void setup_memory(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	char b1[HEX64_LEN], b2[HEX64_LEN];

	for (unsigned i = 0; i < c->nr_mem; i++) {
		const struct cfg_mem *m = &c->mem[i];
		uint64_t host_addr = m->host;

		if (!m->fixed) {
			host_addr = palloc_alloc(m->size,
						 m->size >= SZ_2M ? SZ_2M : SZ_4K);
			if (!host_addr)
				hyp_panic("partition %s: no free RAM for its "
					  "%s MiB region at %s (%s MiB free)",
					  c->name,
					  hex64(b1, m->size >> 20) + 2,
					  hex64(b2, m->guest),
					  hex64(b1, palloc_free_bytes() >> 20) +
						  2);
		}
		p->host_mem[i] = host_addr;
		hyp_mmu_map(host_addr, m->size, HYP_MAP_RW, "partition memory");
		partition_map(p, m->guest, host_addr, m->size, S2_RAM,
			      "memory");
	}
}

/* Passthrough devices appear at their host addresses. */
static void setup_passthrough(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;

	for (unsigned d = 0; d < c->nr_devices; d++)
		for (unsigned r = 0; r < c->devices[d].nr_regs; r++) {
			const struct mem_range *reg = &c->devices[d].regs[r];
			uint64_t base = reg->base & ~(uint64_t)(SZ_4K - 1);
			uint64_t end = (reg->base + reg->size + SZ_4K - 1) &
				       ~(uint64_t)(SZ_4K - 1);

			/*
			 * Whole pages, as config_check() compares them; an
			 * empty "reg" (rejected there) would map nothing or
			 * a page it does not own.
			 */
			if (!reg->size)
				hyp_panic("partition %s: device %s has an "
					  "empty \"reg\"",
					  c->name, c->devices[d].host_path);
			partition_map(p, base, base, end - base, S2_DEVICE,
				      c->devices[d].host_path);
		}
}

void partition_mem_setup(struct partition *p)
{
	setup_stage2(p);
	setup_memory(p);
	setup_passthrough(p);
}
