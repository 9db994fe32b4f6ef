/*
 * The GIC virtual interface control registers (GICH, IHI 0048B 5.3) of the
 * calling CPU, as core/vgic.c uses them. On the target these are MMIO
 * accesses (drivers/gich.c); the unit tests link a fake with the same API.
 * The register layout is include/hw/gicv2.h.
 */
#ifndef DRIVERS_GICH_H
#define DRIVERS_GICH_H

#include <stdint.h>

#include <hw/gicv2.h>

/* Target only: where GICH is (drivers/gich.c). */
void gich_init(uintptr_t base);
unsigned gich_nr_lrs(void);
uint32_t gich_read_lr(unsigned n);
void gich_write_lr(unsigned n, uint32_t v);
/* GICH_ELSR0/1 as one mask: bit n set = LR n holds no interrupt. */
uint64_t gich_read_elsr(void);
uint32_t gich_read_misr(void);
uint32_t gich_read_hcr(void);
void gich_write_hcr(uint32_t v);
uint32_t gich_read_vmcr(void);
void gich_write_vmcr(uint32_t v);
uint32_t gich_read_apr(void);
void gich_write_apr(uint32_t v);

#endif
