/*
 * ARM GICv2 register layout (IHI 0048B, 4.1.2, 4.1.3 and 5.3): distributor
 * (GICD), CPU interface (GICC) and virtual interface control (GICH) offsets
 * and the fields the users read. Register arrays (GICD_ISENABLERn...) are
 * given by their first offset: register n is at +4n, or +n for the
 * byte-per-INTID ones.
 *
 * Shared by the hypervisor's driver (drivers/gic.c, drivers/gich.c) and
 * emulator (core/vgic_dist.c, core/vgic_lr.c), the guests and the tests.
 */
#ifndef HW_GICV2_H
#define HW_GICV2_H

#include <tessera/abi_util.h>

/* Distributor */
#define GICD_CTLR ABI_U(0x000)
#define GICD_TYPER ABI_U(0x004)
#define GICD_IIDR ABI_U(0x008)
#define GICD_IGROUPR ABI_U(0x080)
#define GICD_ISENABLER ABI_U(0x100)
#define GICD_ICENABLER ABI_U(0x180)
#define GICD_ISPENDR ABI_U(0x200)
#define GICD_ICPENDR ABI_U(0x280)
#define GICD_ISACTIVER ABI_U(0x300)
#define GICD_ICACTIVER ABI_U(0x380)
#define GICD_IPRIORITYR ABI_U(0x400) /* byte per INTID */
#define GICD_ITARGETSR ABI_U(0x800)  /* byte per INTID */
#define GICD_ICFGR ABI_U(0xc00)      /* 2 bits per INTID */
#define GICD_NSACR ABI_U(0xe00)
#define GICD_SGIR ABI_U(0xf00)
#define GICD_CPENDSGIR ABI_U(0xf10)
#define GICD_SPENDSGIR ABI_U(0xf20)
#define GICD_PIDR4 ABI_U(0xfd0) /* PIDR4-7, PIDR0-3, CIDR0-3 */
#define GICD_PIDR2 ABI_U(0xfe8)
#define GICD_CIDR0 ABI_U(0xff0)

#define GICD_CTLR_ENABLE ABI_U(1) /* Enable, or EnableGrp0 (Secure view) */
#define GICD_CTLR_ENABLE_GRP1 (ABI_U(1) << 1) /* Secure view */
#define GICD_TYPER_ITLINES(typer) ((typer) & ABI_U(0x1f)) /* 32(N+1) INTIDs */
#define GICD_SGIR_TARGETS(mask) (((mask) & ABI_U(0xff)) << 16)
/* TargetListFilter: 0 the list, 1 all but the requester, 2 the requester */
#define GICD_SGIR_LIST (ABI_U(0) << 24)
#define GICD_SGIR_OTHERS (ABI_U(1) << 24)
#define GICD_SGIR_SELF (ABI_U(2) << 24)

/* CPU interface */
#define GICC_CTLR ABI_U(0x00)
#define GICC_PMR ABI_U(0x04)
#define GICC_BPR ABI_U(0x08)
#define GICC_IAR ABI_U(0x0c)
#define GICC_EOIR ABI_U(0x10)
#define GICC_RPR ABI_U(0x14)
#define GICC_HPPIR ABI_U(0x18)
#define GICC_ABPR ABI_U(0x1c)
#define GICC_IIDR ABI_U(0xfc)
#define GICC_DIR ABI_U(0x1000)

#define GICC_CTLR_ENABLE ABI_U(1) /* EnableGrp0: IRQ signalling */
#define GICC_CTLR_ENABLE_GRP1 (ABI_U(1) << 1) /* Secure view */
/* EOImodeNS: EOIR drops the priority, DIR deactivates */
#define GICC_CTLR_EOIMODE_NS (ABI_U(1) << 9)

/* INTIDs (2.2.1): SGIs 0-15, PPIs 16-31, SPIs 32-1019, special 1020-1023 */
#define GIC_NR_SGIS 16
#define GIC_NR_PRIVATE 32
#define GIC_MAX_IRQS ABI_U(1020)
#define GIC_SPURIOUS ABI_U(1023)
#define GIC_IAR_ID(iar) ((iar) & ABI_U(0x3ff))
#define GIC_IAR_SRC(iar) (((iar) >> 10) & ABI_U(7)) /* SGIs: the sender */

/* Virtual interface control (5.3), the hypervisor's view */
#define GICH_HCR ABI_U(0x000)
#define GICH_VTR ABI_U(0x004)
#define GICH_VMCR ABI_U(0x008)
#define GICH_MISR ABI_U(0x010)
#define GICH_EISR0 ABI_U(0x020)
#define GICH_ELSR0 ABI_U(0x030)
#define GICH_APR ABI_U(0x0f0)
#define GICH_LR ABI_U(0x100) /* GICH_LRn at +4n */

#define GICH_VTR_LISTREGS(v) (((v) & ABI_U(0x3f)) + 1)

/* GICH_HCR (5.3.2) */
#define GICH_HCR_EN (ABI_U(1) << 0)
#define GICH_HCR_UIE (ABI_U(1) << 1)  /* maintenance: at most one LR valid */
#define GICH_HCR_NPIE (ABI_U(1) << 3) /* maintenance when no LR is pending */
#define GICH_HCR_EOICOUNT(v) ((v) >> 27)

/* GICH_MISR (5.3.5) */
#define GICH_MISR_EOI (ABI_U(1) << 0)
#define GICH_MISR_U (ABI_U(1) << 1)
#define GICH_MISR_NP (ABI_U(1) << 3)

/* List register fields (GICH_LRn, 5.3.11) */
#define GICH_LR_VIRTUAL_ID(id) ((id) & ABI_U(0x3ff))
#define GICH_LR_PHYSICAL_ID(id) (((id) & ABI_U(0x3ff)) << 10) /* HW = 1 */
#define GICH_LR_CPUID(src) (((src) & ABI_U(7)) << 10)          /* SGIs */
#define GICH_LR_EOI (ABI_U(1) << 19) /* HW = 0: maintenance IRQ on EOI */
#define GICH_LR_PRIORITY(p) ((((p) >> 3) & ABI_U(0x1f)) << 23)
#define GICH_LR_STATE_PENDING (ABI_U(1) << 28)
#define GICH_LR_STATE_ACTIVE (ABI_U(2) << 28)
#define GICH_LR_STATE_MASK (ABI_U(3) << 28)
#define GICH_LR_GRP1 (ABI_U(1) << 30)
#define GICH_LR_HW (ABI_U(1) << 31)
#define GICH_LR_ID_OF(lr) ((lr) & ABI_U(0x3ff))
#define GICH_LR_CPUID_OF(lr) (((lr) >> 10) & ABI_U(7))
#define GICH_LR_PRIORITY_OF(lr) ((((lr) >> 23) & ABI_U(0x1f)) << 3)

#endif
