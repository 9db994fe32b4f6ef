/* Small device-tree helpers on top of libfdt. */
#ifndef CORE_DT_H
#define CORE_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Reads entry idx of a node's "reg" and translates it to a CPU physical
 * address through the "ranges" of every ancestor. Returns 0, or a negative
 * value with a reason in *why.
 */
int dt_reg(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size,
	   const char **why);
/* Number of entries in a node's "reg", or a negative value. */
int dt_reg_count(const void *fdt, int node);
/* Reads a u32 property; false when absent or mistyped. */
bool dt_read_u32(const void *fdt, int node, const char *name, uint32_t *val);
/* Reads a big-endian number of cells (1 or 2) at p. */
uint64_t dt_read_cells(const uint32_t *p, int cells);
/* The full path of a node for messages, written to buf; "?" if it does not fit. */
const char *dt_path(const void *fdt, int node, char *buf, size_t len);

#endif
