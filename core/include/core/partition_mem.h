/*
 * A partition's memory: its RAM regions (allocated from host RAM, or fixed
 * with host-addr), its stage-2 tables and pool, the passthrough devices
 * mapped at their host addresses, and the translation of guest addresses
 * to host ones for loading images.
 */
#ifndef CORE_PARTITION_MEM_H
#define CORE_PARTITION_MEM_H

#include <arch/stage2.h>
#include <core/platform.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partition;

/*
 * At creation: the stage-2 pool and root table, every memory region
 * (allocated, mapped for the hypervisor and at its guest address) and every
 * passthrough device's registers. Returns 0, or -1 with a message naming
 * what did not fit in err (what was allocated stays unused).
 */
int partition_mem_setup(struct partition *p, char *err, size_t errlen);
/* Stage-2 maps [ipa, ipa+size) to pa. Returns 0, or -1 after logging what
   did not fit, naming `what`: the caller stops only this partition. */
int partition_map(struct partition *p, uint64_t ipa, uint64_t pa,
		  uint64_t size, enum s2_kind kind, const char *what);
/*
 * Host address of guest range [ipa, ipa+size) in one region, or NULL. The
 * hypervisor is about to access it: a block of it not zeroed yet (first
 * touch, core/include/core/mem_defer.h) is zeroed and mapped first.
 */
void *partition_ipa_to_host(struct partition *p, uint64_t ipa, uint64_t size);
/* Does [ipa, ipa+size) lie inside one of the partition's memory regions? */
bool partition_ipa_is_ram(const struct partition *p, uint64_t ipa,
			  uint64_t size);
/* Host pointer to host physical [pa, pa+len) if it is the partition's own
   RAM (what its stage 1 translated a guest VA to), or NULL; filled first
   as partition_ipa_to_host() does. */
const void *partition_host_ram(struct partition *p, uint64_t pa, uint32_t len);
/*
 * At a load, no vCPU of p running: decides which 2 MiB blocks of region
 * `region` wait for their first touch (core/include/core/mem_defer.h; none
 * of a fixed region, none overlapping a hole) and takes them out of stage
 * 2 (the caller then invalidates p's TLB entries). Returns how many.
 */
unsigned partition_defer(struct partition *p, unsigned region,
			 const struct mem_range *holes, unsigned nr_holes);
/*
 * Zeroes and maps every block of [ipa, ipa+size) still waiting for its
 * first touch. True when the range lies in one RAM region (whether or not
 * anything was left to fill).
 */
bool partition_fill(struct partition *p, uint64_t ipa, uint64_t size);
/*
 * A stage-2 translation fault of a vCPU at ipa: true when it was a block
 * waiting for its first touch, zeroed and mapped now (or by another CPU
 * meanwhile): the access is to be retried. False: not RAM of p's.
 */
bool partition_fill_fault(struct partition *p, uint64_t ipa);

#endif
