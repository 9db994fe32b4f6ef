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
 * Returns 0 with a packed tree (fdt_totalsize() is its exact size), or a
 * negative libfdt error code with a message in err: -FDT_ERR_NOSPACE when
 * buf is too small (buf is untouched; the message names the size needed,
 * which is a few bytes more than the finished tree because libfdt pads its
 * header while writing), -FDT_ERR_BADVALUE when an address or size does not
 * fit the tree's 32-bit cells.
 */
int guest_dt_build(void *buf, size_t size, const struct cfg_partition *cfg,
		   const struct guest_platform *gp, uint64_t initrd_start,
		   uint64_t initrd_end, char *err, size_t errlen);

#endif
