/*
 * Shared by core/vgic.c and core/vgic_dist.c only (not an interface of the
 * rest of the hypervisor). Every function expects vgic->lock to be held.
 */
#ifndef CORE_VGIC_INTERNAL_H
#define CORE_VGIC_INTERNAL_H

#include <core/vgic.h>

/* Bit v set for every vCPU of the vgic. */
unsigned vgic_vcpu_mask(const struct vgic *g);
/* The vCPU an SPI is delivered to (lowest-numbered target), or -1. */
int vgic_spi_target(const struct vgic *g, const struct virq *q);
/* Pending as GICD_ISPENDR shows it (including pending in a list register). */
bool vgic_virq_pending(const struct virq *q, unsigned irq);
/*
 * After irq's state changed (irq banked for vcpu when private): kicks the
 * vCPU it is now pending for, and the vCPU whose list register holds it
 * pending when it should no longer be there (disabled, retargeted, line
 * dropped), so that vCPU syncs and gives it back.
 */
void vgic_irq_update(struct vgic *g, unsigned vcpu, unsigned irq);
/* After GICD_CTLR.Enable changed. */
void vgic_ctlr_update(struct vgic *g);

#endif
