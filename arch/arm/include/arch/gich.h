/*
 * The GIC virtual interface control registers (GICH, IHI 0048B 5.3) of the
 * calling CPU, as core/vgic.c uses them. On the target these are MMIO
 * accesses (drivers/gich.c); the unit tests link a fake with the same API.
 */
#ifndef ARCH_GICH_H
#define ARCH_GICH_H

#include <stdint.h>

/* List register fields (GICH_LRn, 5.3.11) */
#define GICH_LR_VIRTUAL_ID(id) ((uint32_t)(id) & 0x3ffu)
#define GICH_LR_PHYSICAL_ID(id) (((uint32_t)(id) & 0x3ffu) << 10) /* HW = 1 */
#define GICH_LR_CPUID(src) (((uint32_t)(src) & 7u) << 10)          /* SGIs */
#define GICH_LR_EOI (1u << 19) /* HW = 0: maintenance IRQ on EOI */
#define GICH_LR_PRIORITY(p) ((((uint32_t)(p) >> 3) & 0x1fu) << 23)
#define GICH_LR_STATE_PENDING (1u << 28)
#define GICH_LR_STATE_ACTIVE (2u << 28)
#define GICH_LR_STATE_MASK (3u << 28)
#define GICH_LR_GRP1 (1u << 30)
#define GICH_LR_HW (1u << 31)
#define GICH_LR_ID_OF(lr) ((lr) & 0x3ffu)
#define GICH_LR_CPUID_OF(lr) (((lr) >> 10) & 7u)
#define GICH_LR_PRIORITY_OF(lr) ((((lr) >> 23) & 0x1fu) << 3)

/* GICH_HCR (5.3.2) */
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)   /* maintenance when at most one LR is valid */
#define GICH_HCR_NPIE (1u << 3)  /* maintenance when no LR is pending */
#define GICH_HCR_EOICOUNT(v) ((v) >> 27)

/* GICH_MISR (5.3.5) */
#define GICH_MISR_EOI (1u << 0)
#define GICH_MISR_U (1u << 1)
#define GICH_MISR_NP (1u << 3)

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
