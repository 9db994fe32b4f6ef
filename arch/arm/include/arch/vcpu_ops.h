/* Operations on a vCPU's architectural state, used by core/. */
#ifndef ARCH_VCPU_OPS_H
#define ARCH_VCPU_OPS_H

#include <arch/vcpu.h>
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Architectural reset: SVC mode, interrupts masked, MMU and caches off. */
void arch_vcpu_reset(struct arch_vcpu *a, unsigned idx, uint32_t entry,
		     uint32_t r0, uint32_t r1, uint32_t r2, uint64_t vttbr);
/* Puts a's state into this physical CPU (before its first run). */
void arch_vcpu_load(struct arch_vcpu *a);
/* Copies the live banked, CP15 (and VFP, if loaded) state into a. */
void arch_vcpu_save(struct arch_vcpu *a);
/* Prints every register of the vCPU (after arch_vcpu_save). */
void arch_vcpu_dump(const struct vcpu *v);

/* Guest register n (0-14) as the guest's current mode sees it. */
uint32_t vcpu_reg_get(struct vcpu *v, unsigned n);
void vcpu_reg_set(struct vcpu *v, unsigned n, uint32_t val);

/* Injecting synchronous exceptions into the guest (ARM ARM B1.8). */
void inject_undef(struct vcpu *v, bool thumb16);
void inject_dabt(struct vcpu *v, uint32_t addr, bool write);
void inject_pabt(struct vcpu *v, uint32_t addr);

/* What the exit handler wants next. */
enum vcpu_action {
	VCPU_RESUME, /* re-enter the guest */
	VCPU_LEAVE,  /* stop running this vCPU (off, or partition stopping) */
};

/* arch/arm/trap.c: handles one exit of v. */
enum vcpu_action arch_handle_exit(struct vcpu *v, exit_type_t type);

/* Lazy VFP: a's state is loaded on its first VFP use on this CPU. */
void vfp_load_lazy(struct arch_vcpu *a);
/* The HCPTR trap: give the guest its VFP registers. */
void vfp_switch_to(struct arch_vcpu *a);

#endif
