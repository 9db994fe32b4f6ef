/*
 * Guest exits, dispatched through a table indexed by HSR.EC (B3.13.6).
 * Trapped instructions that complete are stepped over here; HVC needs no
 * step (ELR_hyp already points past it). A conditional instruction that
 * failed its condition is stepped over before dispatch, for every class.
 */
#include <arch/cp15_emul.h>
#include <arch/cpu.h>
#include <arch/first_touch.h>
#include <arch/hsr.h>
#include <arch/mmio_decode.h>
#include <arch/sysreg.h>
#include <arch/vcpu_ops.h>
#include <core/console.h>
#include <core/exit_stats.h>
#include <core/mmio.h>
#include <core/vcpu_exit.h>

typedef enum vcpu_action (*exit_fn)(struct vcpu *v, uint32_t hsr);

static void skip_instruction(struct vcpu *v, uint32_t hsr)
{
	v->arch.regs.pc += (hsr & HSR_IL) ? 4 : 2;
	if (v->arch.regs.cpsr & PSR_T) /* only Thumb has an IT state */
		v->arch.regs.cpsr = hsr_it_advance(v->arch.regs.cpsr);
}

static enum vcpu_action exit_wfi_wfe(struct vcpu *v, uint32_t hsr)
{
	enum vcpu_action act = VCPU_RESUME;

	exit_stats_add(&v->stats, (HSR_ISS(hsr) & 1) ? EXIT_WFE : EXIT_WFI);
	if (!(HSR_ISS(hsr) & 1)) /* TI = 0: WFI */
		act = vcpu_wait_for_interrupt(v);
	skip_instruction(v, hsr);
	return act;
}

static enum vcpu_action undefined(struct vcpu *v, uint32_t hsr,
				  const char *what)
{
	partition_warn_once(v->part, WARN_CP15,
			    "%s access at pc 0x%08lx not emulated (HSR 0x%08lx); "
			    "injecting undefined instruction (reported once)",
			    what, (unsigned long)v->arch.regs.pc,
			    (unsigned long)hsr);
	inject_undef(v, !(hsr & HSR_IL));
	return VCPU_RESUME;
}

/* MCR/MRC of CP15 or (debug registers, HDCR) CP14: the same ISS layout. */
static inline enum vcpu_action exit_mcr_mrc(struct vcpu *v, uint32_t hsr,
					    enum exit_class c, const char *what)
{
	exit_stats_add(&v->stats, c);
	if (!cp15_emulate(v, hsr))
		return undefined(v, hsr, what);
	skip_instruction(v, hsr);
	return VCPU_RESUME;
}

static enum vcpu_action exit_cp15_32(struct vcpu *v, uint32_t hsr)
{
	return exit_mcr_mrc(v, hsr, EXIT_CP15, "CP15 MCR/MRC");
}

static enum vcpu_action exit_cp14_32(struct vcpu *v, uint32_t hsr)
{
	return exit_mcr_mrc(v, hsr, EXIT_CP14, "CP14 MCR/MRC");
}

static enum vcpu_action exit_coproc(struct vcpu *v, uint32_t hsr)
{
	exit_stats_add(&v->stats, EXIT_OTHER);
	return undefined(v, hsr, hsr_ec_name(HSR_EC(hsr)));
}

static enum vcpu_action exit_vfp(struct vcpu *v, uint32_t hsr)
{
	(void)hsr;
	exit_stats_add(&v->stats, EXIT_VFP);
	vfp_switch_to(&v->arch); /* then the instruction runs again */
	return VCPU_RESUME;
}

static enum vcpu_action exit_hvc(struct vcpu *v, uint32_t hsr)
{
	(void)hsr;
	return vcpu_call_hvc(v);
}

static enum vcpu_action exit_smc(struct vcpu *v, uint32_t hsr)
{
	enum vcpu_action act;

	exit_stats_add(&v->stats, EXIT_SMC);
	/* ELR points at the SMC itself: step over it first, the call may
	   replace the PC (SYSTEM_RESET) */
	skip_instruction(v, hsr);
	act = vcpu_call_smc(v);
	return act;
}

static enum vcpu_action exit_iabt(struct vcpu *v, uint32_t hsr)
{
	if (first_touch(v, hsr))
		return VCPU_RESUME;
	exit_stats_add(&v->stats, EXIT_PABT);
	inject_pabt(v, read_hifar());
	return VCPU_RESUME;
}

/* r0-r7 are the same in every mode: those need no call (vcpu_context.c). */
static inline uint32_t guest_reg_get(struct vcpu *v, unsigned n)
{
	return n < 8 ? v->arch.regs.r[n] : vcpu_reg_get(v, n);
}

static inline void guest_reg_set(struct vcpu *v, unsigned n, uint32_t val)
{
	if (n < 8)
		v->arch.regs.r[n] = val;
	else
		vcpu_reg_set(v, n, val);
}

static enum vcpu_action exit_dabt(struct vcpu *v, uint32_t hsr)
{
	struct mmio_access *a = &v->mmio;
	uint32_t hdfar = read_hdfar();

	if (mmio_decode(hsr, hdfar, read_hpfar(), a) == MMIO_DECODE_OK) {
		a->vcpu = v->idx;
		if (a->write) {
			a->data = guest_reg_get(v, a->reg);
			if (a->size < 4)
				a->data &= (1u << (8 * a->size)) - 1;
		}
		if (mmio_dispatch(&v->part->mmio, a) == MMIO_OK) {
			exit_stats_add_mmio(&v->stats, a->region);
			if (!a->write)
				guest_reg_set(v, a->reg, mmio_read_result(a));
			skip_instruction(v, hsr);
			return VCPU_RESUME;
		}
	}
	/* RAM not zeroed yet (of any instruction, syndrome or not)? */
	if (first_touch(v, hsr))
		return VCPU_RESUME;
	/* Nothing there (or no syndrome to emulate with): the guest's fault. */
	exit_stats_add(&v->stats, EXIT_DABT);
	inject_dabt(v, hdfar, hsr & HSR_DABT_WNR);
	return VCPU_RESUME;
}

static enum vcpu_action exit_unknown(struct vcpu *v, uint32_t hsr)
{
	exit_stats_add(&v->stats, EXIT_OTHER);
	return vcpu_unhandled_exit(v, hsr_ec_name(HSR_EC(hsr)), hsr);
}

/* Every class has an entry (exit_unknown by default): no NULL check. The
   default range is overridden on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_fn exit_handlers[64] = {
	[0 ... 63] = exit_unknown,
	[HSR_EC_WFI_WFE] = exit_wfi_wfe,
	[HSR_EC_CP15_32] = exit_cp15_32,
	[HSR_EC_CP15_64] = exit_coproc,
	[HSR_EC_CP14_32] = exit_cp14_32, /* debug registers (HDCR) */
	[HSR_EC_CP14_LS] = exit_coproc,
	[HSR_EC_CP14_64] = exit_coproc,
	[HSR_EC_CP10_ID] = exit_coproc,
	[HSR_EC_HCPTR] = exit_vfp,
	[HSR_EC_HVC] = exit_hvc,
	[HSR_EC_SMC] = exit_smc,
	[HSR_EC_IABT_LOW] = exit_iabt,
	[HSR_EC_DABT_LOW] = exit_dabt,
};
#pragma GCC diagnostic pop

/*
 * The exits that are not traps, and a trapped instruction that failed its
 * condition, out of line: the trap path then saves no registers before it
 * tail-calls its handler.
 */
static __attribute__((noinline)) enum vcpu_action
exit_not_trap(struct vcpu *v, exit_type_t type)
{
	if (type == EXIT_IRQ) {
		uint32_t taken = v->stats.n[EXIT_IRQ_TAKEN];
		enum vcpu_action act = vcpu_physical_irq(v);

		exit_stats_add(&v->stats, EXIT_IRQ_EXIT);
		if (v->stats.n[EXIT_IRQ_TAKEN] == taken)
			exit_stats_add(&v->stats, EXIT_IRQ_NONE);
		return act;
	}
	exit_stats_add(&v->stats, EXIT_FIQ_EXIT);
	partition_warn_once(v->part, WARN_FIQ,
			    "physical FIQ while the guest ran: ignored");
	return VCPU_RESUME;
}

static __attribute__((noinline)) enum vcpu_action
exit_condition_failed(struct vcpu *v, uint32_t hsr)
{
	exit_stats_add(&v->stats, EXIT_OTHER);
	skip_instruction(v, hsr);
	return VCPU_RESUME;
}

enum vcpu_action arch_handle_exit(struct vcpu *v, exit_type_t type)
{
	uint32_t hsr;

	if (type != EXIT_TRAP)
		return exit_not_trap(v, type);
	hsr = read_hsr();
	/* A conditional instruction that failed its condition does nothing. */
	if (hsr_ec_is_conditional(HSR_EC(hsr)) &&
	    !hsr_condition_passed(hsr, v->arch.regs.cpsr))
		return exit_condition_failed(v, hsr);
	return exit_handlers[HSR_EC(hsr)](v, hsr);
}
