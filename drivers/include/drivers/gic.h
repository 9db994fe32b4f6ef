/*
 * ARM GICv2 (IHI 0048B): distributor, CPU interface, virtual interface
 * control. The register layout is include/hw/gicv2.h.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hw/gicv2.h>

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
