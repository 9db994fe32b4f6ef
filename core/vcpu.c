/*
 * The loop each physical CPU runs: wait until its vCPU is to run, load it,
 * enter the guest, handle exits, until the vCPU stops; then wait again.
 */
#include <arch/cpu.h>
#include <arch/stage2.h>
#include <arch/vcpu_ops.h>
#include <arch/vtimer.h>
#include <core/console.h>
#include <core/hypercall.h>
#include <core/irq.h>
#include <core/partition.h>
#include <core/psci.h>
#include <core/vcpu.h>
#include <core/vcpu_exit.h>
#include <stdarg.h>
#include <stdio.h>

/* Linux boot protocol for vCPU 0 (Documentation/arm/booting.rst). */
#define BOOT_MACH_TYPE_DT 0xffffffffu

void vcpu_kick(struct vcpu *v)
{
	/* What the kicked CPU is to notice must be visible before the SGI. */
	dsb();
	sev();
	irq_kick(v->pcpu);
}

static bool should_start(const struct vcpu *v)
{
	return v->part->state == PART_RUNNING &&
	       v->part->psci_vcpu[v->idx].power == VCPU_ON_PENDING;
}

/*
 * Takes the vCPU from ON_PENDING to ON with its architectural reset state.
 * Checked again under the lock: the partition may have begun to stop.
 */
static bool start(struct vcpu *v)
{
	struct partition *p = v->part;
	struct psci_vcpu *ps = &p->psci_vcpu[v->idx];
	uint64_t vttbr = stage2_vttbr(&p->s2, p->vmid);

	spin_lock(&p->lock);
	if (!should_start(v)) {
		spin_unlock(&p->lock);
		return false;
	}
	if (v->boot_entry)
		arch_vcpu_reset(&v->arch, v->idx, ps->entry, 0,
				BOOT_MACH_TYPE_DT, p->dtb_ipa, vttbr);
	else
		arch_vcpu_reset(&v->arch, v->idx, ps->entry, ps->context, 0, 0,
				vttbr);
	v->arch.cntvoff = p->cntvoff;
	v->boot_entry = false;
	v->requests = 0;
	v->parked = false;
	ps->power = VCPU_ON;
	spin_unlock(&p->lock);
	vgic_vcpu_reset(&p->vgic, v->idx);
	arch_vcpu_load(&v->arch); /* its timers start off, unmasked */
	/* A tick taken before it stopped must not reach the new start. */
	for (enum guest_timer t = 0; t < GUEST_TIMERS; t++)
		vgic_cancel_pending(&p->vgic, v->idx,
				    guest_timer_virq(p->gp, t));
	return true;
}

static void park(struct vcpu *v)
{
	struct partition *p = v->part;

	spin_lock(&p->lock);
	/* A SYSTEM_RESET by this vCPU may already have made it ON_PENDING. */
	if (p->psci_vcpu[v->idx].power == VCPU_ON)
		p->psci_vcpu[v->idx].power = VCPU_OFF;
	v->requests = 0;
	v->parked = true;
	spin_unlock(&p->lock);
	/* Its timers would only wake this CPU for nothing. */
	guest_timer_silence(GUEST_TIMER_VIRT);
	guest_timer_silence(GUEST_TIMER_PHYS);
	dsb();
	sev();
}

static void run(struct vcpu *v)
{
	/* Invariant while it runs: kept in registers across the loop. */
	struct vgic *const g = &v->part->vgic;
	const unsigned idx = v->idx;

	for (;;) {
		exit_type_t t;

		vgic_vcpu_enter(g, idx);
		t = vcpu_enter(&v->arch.regs);
		vgic_vcpu_exit(g, idx);
		if (arch_handle_exit(v, t) == VCPU_LEAVE ||
		    (v->requests & VCPU_REQ_STOP))
			break;
	}
	park(v);
}

void pcpu_run(unsigned pcpu)
{
	struct vcpu *v = vcpu_of_pcpu(pcpu);

	stage2_cpu_init();
	irq_cpu_init(pcpu);
	for (;;) {
		while (!v || !should_start(v)) {
			wfi();
			irq_handle_pending(NULL);
		}
		if (start(v))
			run(v);
	}
}

static enum vcpu_action psci(struct vcpu *v)
{
	struct partition *p = v->part;
	uint32_t *r = v->arch.regs.r;
	enum psci_action act;
	int32_t ret;

	spin_lock(&p->lock);
	ret = psci_call(&p->psci, v->idx, r[0], r[1], r[2], r[3], &act);
	spin_unlock(&p->lock);
	switch (act) {
	case PSCI_ACT_CPU_OFF:
		return VCPU_LEAVE;
	case PSCI_ACT_SYSTEM_OFF:
		partition_stop(p, v, true, "SYSTEM_OFF");
		return VCPU_LEAVE;
	case PSCI_ACT_SYSTEM_RESET:
		partition_reset(p, v);
		return VCPU_LEAVE;
	case PSCI_ACT_RETURN:
		break;
	}
	r[0] = (uint32_t)ret;
	return VCPU_RESUME;
}

enum vcpu_action vcpu_call_hvc(struct vcpu *v)
{
	if (psci_is_call(v->arch.regs.r[0])) {
		exit_stats_add(&v->stats, EXIT_HVC_PSCI);
		return psci(v);
	}
	exit_stats_add(&v->stats, EXIT_HVC_CALL);
	return hypercall_handle(v);
}

enum vcpu_action vcpu_call_smc(struct vcpu *v)
{
	if (psci_is_call(v->arch.regs.r[0]))
		return psci(v);
	v->arch.regs.r[0] = (uint32_t)PSCI_NOT_SUPPORTED;
	return VCPU_RESUME;
}

/*
 * A tick of a timer the hypervisor masked (core/irq.c) still latched in
 * the vGIC, the timer as the hypervisor left it: the timer asserts as far
 * as the guest's WFI is concerned, even with its interrupt disabled at the
 * guest's distributor (a WFI with CPSR.I set waiting for the timer's
 * condition); vtimer_arm_hyp_wakeup() skips the masked timer.
 */
static bool timer_tick_latched(struct vcpu *v)
{
	for (enum guest_timer t = 0; t < GUEST_TIMERS; t++)
		if (guest_timer_held(t) &&
		    vgic_ppi_latched(&v->part->vgic, v->idx,
				     guest_timer_virq(v->part->gp, t)))
			return true;
	return false;
}

/*
 * The vCPU sleeps until it has an interrupt to take, another CPU kicks it,
 * or its timers' earliest deadline (the Hyp timer wakes the CPU then).
 */
enum vcpu_action vcpu_wait_for_interrupt(struct vcpu *v)
{
	if (!v->requests && !vgic_vcpu_pending(&v->part->vgic, v->idx) &&
	    !timer_tick_latched(v)) {
		bool armed = vtimer_arm_hyp_wakeup();

		wfi();
		if (armed)
			vtimer_disarm_hyp_wakeup();
	}
	irq_handle_pending(v);
	return (v->requests & VCPU_REQ_STOP) ? VCPU_LEAVE : VCPU_RESUME;
}

enum vcpu_action vcpu_physical_irq(struct vcpu *v)
{
	irq_handle_pending(v);
	return (v->requests & VCPU_REQ_STOP) ? VCPU_LEAVE : VCPU_RESUME;
}

enum vcpu_action vcpu_unhandled_exit(struct vcpu *v, const char *what,
				     uint32_t hsr)
{
	struct partition *p = v->part;

	guest_console_flush(p);
	hyp_log("partition %s vCPU %u: unhandled exit: %s (HSR 0x%08lx); "
		"stopping the partition",
		p->cfg->name, v->idx, what, (unsigned long)hsr);
	arch_vcpu_save(&v->arch);
	arch_vcpu_dump(v);
	partition_stop(p, v, true, "unhandled exit");
	return VCPU_LEAVE;
}
