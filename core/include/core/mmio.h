/*
 * MMIO dispatch: emulated devices register address ranges on a partition's
 * bus; a stage-2 data abort with a valid syndrome becomes an mmio_access that
 * the dispatcher hands to the device owning the address. The dispatcher
 * knows nothing about any device.
 */
#ifndef CORE_MMIO_H
#define CORE_MMIO_H

#include <core/limits.h>
#include <stdbool.h>
#include <stdint.h>

struct mmio_access {
	uint64_t addr;    /* guest physical address (IPA) */
	uint32_t offset;  /* addr - region base, set by mmio_dispatch() */
	unsigned size;    /* 1, 2 or 4 bytes */
	bool write;
	bool sign_extend; /* a read by LDRSB/LDRSH */
	unsigned reg;     /* the guest register (SRT) read from or written to */
	unsigned vcpu;    /* index of the accessing vCPU (banked registers) */
	unsigned region;  /* index of the region in the bus, set by
			     mmio_dispatch() (exit statistics) */
	uint32_t data;    /* write: the value, already cut to size;
			     read: the handler stores the value here */
};

enum mmio_result {
	MMIO_OK = 0,
	MMIO_NO_DEVICE = -1,    /* no region covers the address */
	MMIO_DEVICE_ERROR = -2, /* the device refused the access */
};

/* Returns MMIO_OK or MMIO_DEVICE_ERROR (the guest then gets a data abort). */
typedef int (*mmio_fn)(void *dev, struct mmio_access *a);

struct mmio_region {
	uint64_t base, size;
	mmio_fn access;
	void *dev;
	const char *name;
};

struct mmio_bus {
	unsigned nr;
	struct mmio_region r[MAX_MMIO_REGIONS];
	/*
	 * Per vCPU, the region it used last: a guest's MMIO exits come in
	 * runs on one device (a driver's register sequence, a UART's FR and
	 * DR), so checking it first makes the usual lookup one comparison.
	 * Each entry is written only by its vCPU's CPU; a stale hint is only
	 * a miss. A bus starts all zero (unregistered entries: size 0).
	 */
	uint8_t last[MAX_CPUS];
};

enum mmio_register_err {
	MMIO_REG_OK = 0,
	MMIO_REG_OVERLAP = -1, /* overlaps a region already registered */
	MMIO_REG_FULL = -2,    /* MAX_MMIO_REGIONS reached */
	MMIO_REG_EMPTY = -3,   /* size 0 or wraps around */
};

int mmio_register(struct mmio_bus *bus, uint64_t base, uint64_t size,
		  mmio_fn fn, void *dev, const char *name);
/* The region covering addr, or NULL. */
const struct mmio_region *mmio_find(const struct mmio_bus *bus, uint64_t addr);
/* Finds the region (a->vcpu's last one first), sets a->offset and
   a->region, calls the device. */
int mmio_dispatch(struct mmio_bus *bus, struct mmio_access *a);
/*
 * The register value a completed read produces: cut to size, sign-extended.
 * Inline: on every emulated read, mostly of a word, which needs neither.
 */
static inline uint32_t mmio_read_result(const struct mmio_access *a)
{
	uint32_t mask, v, sign;

	if (a->size >= 4)
		return a->data;
	mask = (1u << (a->size * 8)) - 1;
	v = a->data & mask;
	sign = (mask >> 1) + 1; /* the access's top bit */
	/* LDRSB/LDRSH (HSR.SSE, ARM ARM B3.13.6): replicate the top bit. */
	if (a->sign_extend && (v & sign))
		v |= ~mask;
	return v;
}

#endif
