/*
 * The device tree a partition's guest receives in r2: its memory, vCPUs,
 * PSCI, /chosen and the emulated devices it has. Built from the partition's
 * configuration; nothing here touches hardware.
 */
#ifndef CORE_GUEST_DT_H
#define CORE_GUEST_DT_H

#include <core/config.h>
#include <core/guest_platform.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Builds the guest DTB into buf (size bytes; 8-byte aligned, as the Linux
 * boot protocol wants). initrd_start/initrd_end are guest physical; no initrd
 * properties are written unless initrd_end > initrd_start.
 *
 * Returns 0 with a packed tree (fdt_totalsize() is its exact size; the rest
 * of buf up to size is zeroed), or a negative libfdt error code with a
 * message in err: -FDT_ERR_NOSPACE when buf is NULL or too small (the tree
 * is written as it is built, so buf then holds a partial tree; nothing past
 * size bytes is written; while writing, libfdt needs a few bytes more than
 * the finished tree, as it pads its header), -FDT_ERR_BADVALUE when an
 * address or size does not fit the tree's 32-bit cells (buf untouched).
 */
int guest_dt_build(void *buf, size_t size, const struct cfg_partition *cfg,
		   const struct guest_platform *gp, uint64_t initrd_start,
		   uint64_t initrd_end, char *err, size_t errlen);

/*
 * From now on guests' timer nodes carry "clock-frequency" = hz (0: none,
 * the default): for hosts whose CNTFRQ the hypervisor cannot set.
 */
void guest_dt_set_timer_frequency(uint32_t hz);

#endif
