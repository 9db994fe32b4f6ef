/* ARM GICv2 (IHI 0048B): distributor, CPU interface, virtual interface control. */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* Distributor (4.3) */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR(n) (0x080 + 4 * (n))
#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ICENABLER(n) (0x180 + 4 * (n))
#define GICD_ISPENDR(n) (0x200 + 4 * (n))
#define GICD_ICPENDR(n) (0x280 + 4 * (n))
#define GICD_ISACTIVER(n) (0x300 + 4 * (n))
#define GICD_ICACTIVER(n) (0x380 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x400 + 4 * (n))
#define GICD_ITARGETSR(n) (0x800 + 4 * (n))
#define GICD_SGIR 0xf00
#define GICD_CPENDSGIR(n) (0xf10 + 4 * (n))

#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_TYPER_ITLINES(v) ((v) & 0x1fu)
#define GICD_SGIR_FILTER_LIST (0u << 24)
#define GICD_SGIR_FILTER_OTHERS (1u << 24)
#define GICD_SGIR_FILTER_SELF (2u << 24)
#define GICD_SGIR_TARGETS(m) (((m) & 0xffu) << 16)

/* CPU interface (4.4) */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_DIR 0x1000
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_CTLR_EOIMODE_NS (1u << 9) /* EOIR drops priority, DIR deactivates */
#define GICC_IAR_ID(v) ((v) & 0x3ffu)
#define GIC_SPURIOUS 1023u

/* Virtual interface control (5.3) */
#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_ELSR0 0x030
#define GICH_APR 0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))
#define GICH_VTR_LISTREGS(v) (((v) & 0x3fu) + 1)

struct gic_info {
	uintptr_t gicd, gicc, gich;
};

/* Secure-side set-up so that the Non-secure world can use every interrupt. */
void gic_secure_init_dist(uintptr_t gicd);
void gic_secure_init_cpu(uintptr_t gicd, uintptr_t gicc);
/* Acknowledges the SGI that woke this CPU from the boot loader's wait loop. */
void gic_ack_boot_sgi(uintptr_t gicc);
void gic_send_sgi_others(uintptr_t gicd, unsigned sgi);
unsigned gic_nr_irqs(uintptr_t gicd);

/* Non-secure Hyp side, per CPU: interface on, priority mask open. */
void gic_hyp_init_dist(uintptr_t gicd);
void gic_hyp_init_cpu(uintptr_t gicc);
/* This CPU's bit in ITARGETSR/SGIR target lists (reads banked ITARGETSR0). */
uint8_t gic_cpu_mask(uintptr_t gicd);
void gic_enable_irq(uintptr_t gicd, unsigned irq);
void gic_disable_irq(uintptr_t gicd, unsigned irq);
void gic_send_sgi(uintptr_t gicd, unsigned sgi, uint8_t targets);
/* Acknowledge: returns GICC_IAR (GIC_SPURIOUS in the ID when none). */
uint32_t gic_ack(uintptr_t gicc);
/* With EOImode = 1: priority drop only. */
void gic_eoi(uintptr_t gicc, uint32_t iar);
/* Deactivation, for interrupts the hypervisor handles itself. */
void gic_deactivate(uintptr_t gicc, uint32_t iar);
void gic_clear_active(uintptr_t gicd, unsigned irq);
void gic_set_target(uintptr_t gicd, unsigned irq, uint8_t cpu_mask);
/* GICD_ISPENDR bit of irq; setting (ISPENDR) or clearing (ICPENDR) it. */
bool gic_is_pending(uintptr_t gicd, unsigned irq);
void gic_set_pending(uintptr_t gicd, unsigned irq, bool pending);
unsigned gic_nr_list_regs(uintptr_t gich);

#endif
