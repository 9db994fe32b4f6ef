/*
 * ARM GICv2 register layout (IHI 0048B, 4.1.2 and 4.1.3): distributor
 * (GICD) and CPU interface (GICC) offsets and the fields the users read.
 * Register arrays (GICD_ISENABLERn...) are given by their first offset:
 * register n is at +4n, or +n for the byte-per-INTID ones.
 *
 * Meant to be shared by the hypervisor's driver and emulator, the guests and
 * the tests; today the guests (guests/lib) use it.
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
#define GICD_SGIR ABI_U(0xf00)
#define GICD_CPENDSGIR ABI_U(0xf10)
#define GICD_SPENDSGIR ABI_U(0xf20)
#define GICD_PIDR2 ABI_U(0xfe8)
#define GICD_CIDR0 ABI_U(0xff0)

#define GICD_CTLR_ENABLE ABI_U(1)
#define GICD_TYPER_ITLINES(typer) ((typer) & ABI_U(0x1f)) /* 32(N+1) INTIDs */
#define GICD_SGIR_TARGETS(mask) (((mask) & ABI_U(0xff)) << 16)
#define GICD_SGIR_SELF (ABI_U(2) << 24) /* TargetListFilter 2: the requester */
#define GICD_SGIR_OTHERS (ABI_U(1) << 24) /* TargetListFilter 1 */

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

/* INTIDs (2.2.1): SGIs 0-15, PPIs 16-31, SPIs 32-1019, special 1020-1023 */
#define GIC_NR_SGIS 16
#define GIC_NR_PRIVATE 32
#define GIC_MAX_IRQS ABI_U(1020)
#define GIC_SPURIOUS ABI_U(1023)
#define GIC_IAR_ID(iar) ((iar) & ABI_U(0x3ff))
#define GIC_IAR_SRC(iar) (((iar) >> 10) & ABI_U(7)) /* SGIs: the sender */

#endif
