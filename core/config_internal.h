/*
 * What the stages of the configuration share (core/config_*.c): parse,
 * resolve, check, and the report and range helpers they all use. Not for
 * the rest of the hypervisor: it sees core/include/core/config.h only.
 */
#ifndef CORE_CONFIG_INTERNAL_H
#define CORE_CONFIG_INTERNAL_H

#include <core/config.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>

#define CFG_PAGE 0x1000u
#define FOUR_GB 0x100000000ull
#define GIC_SPI_BASE 32u
#define GIC_NR_INTIDS 1020u /* 1020-1023 are special INTIDs */

/*
 * For the checks that run one after another: inlined, their formatting
 * temporaries would pile up in one frame, and at boot this runs on an 8 KB
 * stack.
 */
#define NOINLINE __attribute__((noinline))

/* ------------------------------------------ reporting (config_report.c) */

/* Formatted numbers, returned by value: several fit in one cfg_error() call. */
struct numstr {
	char s[24];
};

struct rangestr {
	char s[48];
};

struct numstr cfg_hex(uint64_t v);
/* "base-last", both inclusive, as the boot log prints RAM ranges. */
struct rangestr cfg_span(uint64_t base, uint64_t size);
/* "64 MiB", or "516 KiB" when not a whole number of MiB. */
struct numstr cfg_bytes(uint64_t n);

/* One problem: "<node path>: <reason>", counted in r->errors. */
void cfg_error(struct cfg_report *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Not an error: "<node path>: <reason>" to r->warning, in r->warnings. */
void cfg_warning(struct cfg_report *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* --------------------------------------------------------- address ranges */

static inline bool overlaps(uint64_t a, uint64_t asize, uint64_t b,
			    uint64_t bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

static inline bool contains(uint64_t outer, uint64_t osize, uint64_t a,
			    uint64_t size)
{
	return a >= outer && size <= osize && a - outer <= osize - size;
}

/*
 * Stage 2 maps whole pages, so a device is exposed page by page: compare
 * devices by the pages they occupy, not by their exact registers.
 */
static inline void page_round(uint64_t base, uint64_t size, uint64_t *pbase,
			      uint64_t *psize)
{
	uint64_t end = (base + size + CFG_PAGE - 1) & ~(uint64_t)(CFG_PAGE - 1);

	*pbase = base & ~(uint64_t)(CFG_PAGE - 1);
	*psize = size ? end - *pbase : 0;
}

/* INTID of an SPI in a 3-cell GIC specifier, or 0. */
static inline uint32_t spi_intid(const uint32_t *spec)
{
	uint32_t type = fdt32_to_cpu(spec[0]), num = fdt32_to_cpu(spec[1]);

	return type == 0 && num < GIC_NR_INTIDS - GIC_SPI_BASE
		       ? GIC_SPI_BASE + num
		       : 0;
}

/* ------------------------------------- host ranges (config_ranges.c) */

#define MAX_HYP_DEVICES 6

/*
 * What the hypervisor drives itself, never for a partition: the GIC frames,
 * its console UART, the vexpress system registers. Returns how many.
 */
unsigned cfg_hyp_devices(const struct platform *h,
			 struct cfg_reserved dev[MAX_HYP_DEVICES]);

/* What a host physical range of the flat list is. */
enum cfg_range_kind {
	CFG_RANGE_RESERVED,   /* given by the caller: hypervisor, host DTB */
	CFG_RANGE_HYP_DEVICE, /* one of cfg_hyp_devices() */
	CFG_RANGE_FIXED_MEM,  /* a memory region with "host-addr" */
	CFG_RANGE_HOST_IMAGE, /* a kernel or initrd the loader left in RAM */
	CFG_RANGE_DEVICE,     /* one "reg" entry of a passthrough device */
	CFG_RANGE_HOST_RESERVED, /* the host's /memreserve/, /reserved-memory */
	CFG_RANGE_KINDS
};

#define CFG_KIND(k) (1u << (k))

/*
 * One host physical range the configuration uses or must keep away from,
 * tagged with what it is and who owns it, so that a message about two
 * overlapping ranges can name both.
 */
struct cfg_range {
	enum cfg_range_kind kind;
	uint64_t base, size;
	/*
	 * RESERVED, HYP_DEVICE: its description ("the hypervisor", "GIC
	 * distributor (GICD)"); DEVICE: the host node path; FIXED_MEM: NULL;
	 * HOST_IMAGE: "kernel" or "initrd"; HOST_RESERVED: its name in the
	 * host tree ("/reserved-memory/fw@a0000000", "/memreserve/ 0").
	 */
	const char *what;
	const struct cfg_partition *owner; /* NULL: the hypervisor's */
	unsigned index; /* FIXED_MEM: mem[]; DEVICE: devices[] of owner */
};

/*
 * Every slot the list can need: reserved ranges, the hypervisor's devices,
 * and for each partition its fixed memory, two images and device registers.
 */
#define CFG_MAX_RANGES                                                         \
	(CFG_MAX_RESERVED + MAX_HYP_DEVICES + MAX_HOST_RESERVED +              \
	 MAX_PARTITIONS *                                                      \
		 (MAX_PART_MEM + 2 + MAX_PART_DEVICES * MAX_DEVICE_REGS))

/*
 * Ranges in a fixed order: reserved, the hypervisor's devices, the host's
 * reserved memory, then per
 * kind in file order (fixed memory, images, device registers), so that
 * checks walking it report in file order.
 */
struct cfg_ranges {
	unsigned n;
	struct cfg_range r[CFG_MAX_RANGES];
};

/*
 * Builds the list for a configuration whose devices are resolved. host may
 * be NULL (no hypervisor devices then). Reserved ranges past
 * CFG_MAX_RESERVED are reported.
 */
void cfg_ranges_build(struct cfg_ranges *rs, const struct config *c,
		      const struct platform *host,
		      const struct cfg_reserved *reserved, unsigned nr_reserved,
		      struct cfg_report *r);

/* The index of the first range at or after i of one of kinds, or rs->n. */
unsigned cfg_ranges_next(const struct cfg_ranges *rs, unsigned i,
			 unsigned kinds);

#define for_each_cfg_range(i, rs, kinds)                                       \
	for ((i) = cfg_ranges_next((rs), 0, (kinds)); (i) < (rs)->n;           \
	     (i) = cfg_ranges_next((rs), (i) + 1, (kinds)))

/* Bytes of [lo, hi) inside at least one range of kinds (overlaps once). */
uint64_t cfg_ranges_covered(const struct cfg_ranges *rs, unsigned kinds,
			    uint64_t lo, uint64_t hi);

/* A range as messages name it (config_report.c): both ends of an overlap. */
struct cfg_range_name {
	char s[2 * CFG_PATH_MAX + 80];
};

/*
 * "the hypervisor image (0x80010000-0x8005bfff)", "the hypervisor's console
 * UART (...)", "the fixed memory at host ... of /partitions/a", "the kernel
 * image at host ... of /partitions/a", "device \"/smb/...\" (...) of
 * /partitions/a".
 */
struct cfg_range_name cfg_range_name(const struct cfg_range *x);

#endif
