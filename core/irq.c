/*
 * Physical interrupts, all taken to Hyp mode (HCR.IMO) and completed with
 * EOImode 1 (drivers/gic.c). The hypervisor's own: SGI 0 (kick), the GIC
 * maintenance interrupt and the Hyp timer (both only make the CPU leave the
 * guest so the vGIC is brought up to date), and the console UART's receive
 * interrupt. The guests': passthrough SPIs, forwarded into the owner's vGIC
 * with the list register's HW bit, so the guest's EOI deactivates them; and
 * the virtual and physical timer PPIs of the vCPU on this CPU. Those are
 * masked at the timer (the guest's CNTV_CTL/CNTP_CTL.IMASK, so its output
 * drops), deactivated at once, and their virtual interrupt latched pending
 * in the vGIC without its lock: one exit per tick, no EOI maintenance; the
 * guest clears IMASK when it writes CTL to re-arm (docs/architecture.md,
 * "Guest timers"). Not the HW bit: QEMU 7.2 does not re-evaluate a physical
 * interrupt deactivated through a HW list register, so a timer that fires
 * again at once would be lost there. Anything else is disabled and
 * reported once.
 */
#include <arch/cpu.h>
#include <drivers/gich.h>
#include <arch/sysreg.h>
#include <arch/vtimer.h>
#include <core/console.h>
#include <core/exit_stats.h>
#include <core/guest_console.h>
#include <core/irq.h>
#include <core/partition.h>
#include <core/vcpu_exit.h>
#include <core/vgic.h>
#include <drivers/gic.h>
#include <drivers/uart.h>

static uintptr_t gicd, gicc, uart;
static enum uart_type uart_type;
static uint32_t timer_irq[GUEST_TIMERS], hyp_timer_irq, maint_irq, uart_irq;
static uint8_t cpu_mask[MAX_CPUS];
static struct partition *spi_owner[VGIC_MAX_IRQS];
/*
 * The CPU each passthrough SPI is routed to. The GICD_ITARGETSR byte needs
 * that CPU's interface mask, known only once the CPU ran irq_cpu_init():
 * partitions are set up before the secondary CPUs (and the boot CPU) get
 * there, and a target byte of 0 would route the SPI to no CPU at all.
 */
static uint8_t spi_pcpu[VGIC_MAX_IRQS];
static spinlock_t route_lock = SPINLOCK_INIT;
static uint8_t uart_targets; /* CPUs taking the console UART's SPI */
static spinlock_t uart_rx_lock = SPINLOCK_INIT; /* its RX FIFO, in order */

void irq_init(const struct platform *p)
{
	gicd = (uintptr_t)p->gic.gicd.base;
	gicc = (uintptr_t)p->gic.gicc.base;
	uart = (uintptr_t)p->uart.base;
	uart_type = p->uart.type;
	timer_irq[GUEST_TIMER_VIRT] = p->timer.virt;
	timer_irq[GUEST_TIMER_PHYS] = p->timer.ns_phys;
	hyp_timer_irq = p->timer.hyp;
	maint_irq = p->gic.maint_irq;
	uart_irq = p->uart.irq;
	gic_hyp_init_dist(gicd);
	gich_init((uintptr_t)p->gic.gich.base);
}

/* Writes irq's target byte if its CPU's mask is known. Holds route_lock. */
static void apply_route(unsigned irq)
{
	uint8_t mask = cpu_mask[spi_pcpu[irq]];

	if (mask)
		gic_set_target(gicd, irq, mask);
}

/* This CPU's mask is now known: the SPIs waiting for it get their target. */
static void route_waiting_spis(unsigned cpu)
{
	spin_lock(&route_lock);
	for (unsigned irq = 32; irq < VGIC_MAX_IRQS; irq++)
		if (spi_owner[irq] && spi_pcpu[irq] == cpu)
			apply_route(irq);
	spin_unlock(&route_lock);
}

void irq_cpu_init(unsigned cpu)
{
	cpu_mask[cpu] = gic_cpu_mask(gicd);
	route_waiting_spis(cpu);
	gic_hyp_init_cpu(gicc);
	gic_enable_irq(gicd, SGI_KICK);
	gic_enable_irq(gicd, timer_irq[GUEST_TIMER_VIRT]);
	gic_enable_irq(gicd, timer_irq[GUEST_TIMER_PHYS]);
	gic_enable_irq(gicd, hyp_timer_irq);
	gic_enable_irq(gicd, maint_irq);
	/*
	 * Console input is served by every CPU, not by one a partition may
	 * keep in Hyp mode or in a long exit: each CPU adds itself to the
	 * SPI's targets (GICv2 delivers it to one of them: the 1-N model,
	 * IHI 0048B 1.4.3; console_rx() copes with a FIFO already drained).
	 */
	if (uart_irq >= 32) {
		spin_lock(&route_lock);
		uart_targets |= cpu_mask[cpu];
		gic_set_target(gicd, uart_irq, uart_targets);
		if (uart_targets == cpu_mask[cpu]) { /* the first CPU */
			uart_enable_rx_irq(uart_type, uart);
			gic_enable_irq(gicd, uart_irq);
		}
		spin_unlock(&route_lock);
	}
}

void irq_kick(unsigned pcpu)
{
	gic_send_sgi(gicd, SGI_KICK, cpu_mask[pcpu]);
}

void irq_assign_spi(unsigned irq, struct partition *p, unsigned pcpu)
{
	if (irq < 32 || irq >= VGIC_MAX_IRQS)
		return;
	if (pcpu >= MAX_CPUS)
		pcpu = 0;
	gic_disable_irq(gicd, irq);
	/*
	 * At a reset the guest may never have completed it: with EOImode = 1
	 * an SPI stays active after the priority drop until a HW list
	 * register's EOI deactivates it, and an active SPI is never signalled
	 * again. An SPI's active bit lives in the distributor, not banked, so
	 * GICD_ICACTIVER clears it from any CPU (GICv2 4.3.6); GICC_DIR would
	 * have to run on the CPU that acknowledged it.
	 */
	gic_clear_active(gicd, irq);
	spin_lock(&route_lock);
	spi_owner[irq] = p;
	spi_pcpu[irq] = (uint8_t)pcpu;
	apply_route(irq);
	spin_unlock(&route_lock);
}

void irq_route_spi(unsigned irq, unsigned pcpu)
{
	if (irq < 32 || irq >= VGIC_MAX_IRQS || pcpu >= MAX_CPUS)
		return;
	spin_lock(&route_lock);
	spi_pcpu[irq] = (uint8_t)pcpu;
	apply_route(irq);
	spin_unlock(&route_lock);
}

bool irq_spi_pending(unsigned irq)
{
	return irq >= 32 && irq < VGIC_MAX_IRQS && gic_is_pending(gicd, irq);
}

void irq_set_spi_pending(unsigned irq, bool pending)
{
	if (irq >= 32 && irq < VGIC_MAX_IRQS)
		gic_set_pending(gicd, irq, pending);
}

void irq_enable_spi(unsigned irq, bool enable)
{
	if (enable)
		gic_enable_irq(gicd, irq);
	else
		gic_disable_irq(gicd, irq);
}



/*
 * A guest timer's PPI: the timer of v, the vCPU loaded here, is masked at
 * the timer and its tick latched into v's vGIC, as Xen and KVM do; the PPI
 * is deactivated by the caller (its line dropped with IMASK). One that no
 * longer asserts (re-armed or masked since it fired) is ignored. A stopped
 * vCPU's timer is silenced.
 */
static bool guest_timer_fired(struct vcpu *v, unsigned id)
{
	for (enum guest_timer t = 0; t < GUEST_TIMERS; t++) {
		if (id != timer_irq[t])
			continue;
		if (!v)
			guest_timer_silence(t);
		else if (guest_timer_mask(t))
			vgic_post_pending(&v->part->vgic, v->idx,
					  guest_timer_virq(v->part->gp, t));
		return true;
	}
	return false;
}

static void console_rx(void)
{
	char c;

	spin_lock(&uart_rx_lock);
	while (uart_getc(uart_type, uart, &c))
		guest_console_input(c);
	spin_unlock(&uart_rx_lock);
}

/* Returns true when the interrupt was forwarded to a guest (no DIR). */
static bool dispatch(struct vcpu *v, unsigned id)
{
	if (guest_timer_fired(v, id))
		return false;
	if (id == hyp_timer_irq) {
		vtimer_disarm_hyp_wakeup();
		return false;
	}
	if (id == uart_irq) {
		console_rx();
		return false;
	}
	if (id >= 32 && id < VGIC_MAX_IRQS && spi_owner[id]) {
		vgic_inject(&spi_owner[id]->vgic, 0, id);
		return true;
	}
	if (id != SGI_KICK && id != maint_irq) {
		gic_disable_irq(gicd, id);
		if (v)
			partition_warn_once(v->part, WARN_IRQ,
					    "physical IRQ %u not routed "
					    "anywhere: disabled", id);
		else
			hyp_log("physical IRQ %u not routed anywhere: disabled",
				id);
	}
	return false;
}

/* What a physical interrupt was, for the exit statistics. */
static enum exit_class exit_class_of(unsigned id)
{
	if (id == maint_irq)
		return EXIT_IRQ_MAINT;
	if (id == SGI_KICK)
		return EXIT_IRQ_KICK;
	if (id == timer_irq[GUEST_TIMER_VIRT] ||
	    id == timer_irq[GUEST_TIMER_PHYS])
		return EXIT_IRQ_TIMER;
	if (id == hyp_timer_irq)
		return EXIT_IRQ_HYP_TIMER;
	if (id == uart_irq)
		return EXIT_IRQ_CONSOLE;
	if (id >= 32 && id < VGIC_MAX_IRQS && spi_owner[id])
		return EXIT_IRQ_SPI;
	return EXIT_IRQ_OTHER;
}

/*
 * One interrupt per call: the one that made the CPU leave the guest (or
 * WFI). Another one pending makes the CPU leave again as soon as it enters
 * the guest, so looping until GICC_IAR reads spurious would only cost an
 * extra acknowledge read on every exit.
 */
void irq_handle_pending(struct vcpu *v)
{
	uint32_t iar = gic_ack(gicc);
	unsigned id = GIC_IAR_ID(iar);

	if (id >= GIC_SPURIOUS - 3) /* 1020-1023: nothing for us */
		return;
	gic_eoi(gicc, iar);
	if (v)
		exit_stats_add_irq(&v->stats, exit_class_of(id));
	if (!dispatch(v, id))
		gic_deactivate(gicc, iar);
}
